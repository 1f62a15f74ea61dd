"""Replacing a file whole: its next version written beside it, then renamed into place.

Whoever reads the file (a build, the next run, a CI job) finds the old version or the new
one, never half of one, and a crash leaves the old one whole. The authoring commands (an
incident), `record` and `probe` (a monitor's data) and `notify` (its state) write so.

A symbolic link is written through: the next version goes beside the file the link leads
to and replaces that one, so the link stays a link, and the file it stands for (a state
kept in a CI cache, an incident kept in an archive folder) is the one that changes. A
link that leads nowhere is refused, as it is when read: a file put in its place would
hide that the disk holding the real one is missing.

A hard link is not written through: the new version is a file of its own, and the file's
other names keep the old text. Writing into the file itself would keep them together, at
the cost of what this module is for: a crash or a full disk part way would leave half a
file under every name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

# A next version's name: hidden and ending in .tmp, so a leftover of a crash is never read
# as an incident, a monitor's data nor published. Of fixed length, not the file's own
# name with more added: a file whose name is near the file system's limit (255 bytes)
# must be writable too.
TEMP_PREFIX = ".statusgen-"
TEMP_SUFFIX = ".tmp"


def write_target(path: Path) -> Path:
    """The file a write to `path` replaces: `path`, or where its symbolic links lead.

    Raises OSError, naming the link, for a link that leads nowhere or loops."""
    if not os.path.islink(path):
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError as error:
        from statusgen.load.files import LOOPING_LINK, dangling_link

        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, LOOPING_LINK, str(path)) from None
        nowhere = dangling_link(path)
        if nowhere is None:
            raise
        raise FileNotFoundError(errno.ENOENT, nowhere.message, str(path)) from None


class Replacement:
    """The next version of the file at `path` (see write_target), made beside the file
    it replaces, with its permission bits; `write` it, then `commit`. A block left
    without committing leaves no trace. OSError when the file system refuses."""

    def __init__(self, path: Path, *, prefix: str = TEMP_PREFIX, suffix: str = TEMP_SUFFIX):
        self.target = write_target(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._mode: int | None = stat.S_IMODE(os.stat(self.target).st_mode)
        except FileNotFoundError:
            self._mode = None  # a new file: what the umask leaves of 0666
        self.temporary = self.target.with_name(f"{prefix}{secrets.token_hex(4)}{suffix}")
        # os.open with a mode honours the umask, as an editor's save does; the file's own
        # mode is set whole on commit.
        mode = 0o666 if self._mode is None else self._mode
        handle = os.open(self.temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
        self._file = os.fdopen(handle, "r+b")

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def write(self, data: bytes) -> None:
        """Make `data` the next version's content, down on the disk: a file system may
        refuse the room only when the data reaches it."""
        self._file.seek(0)
        self._file.write(data)
        self._file.truncate()
        self._file.flush()
        os.fsync(self._file.fileno())

    def commit(self, *, new: bool = False) -> None:
        """Put the next version in place of the file; `new`: only where there is none yet,
        raising FileExistsError, and replacing nothing, when something is there."""
        self._file.close()
        if self._mode is not None:
            os.chmod(self.temporary, self._mode)
        if not new:
            os.replace(self.temporary, self.target)
            return
        try:
            # A hard link never replaces an existing file, so a file made meanwhile is safe.
            os.link(self.temporary, self.target)
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links: check, then rename (a far smaller window).
            if os.path.lexists(self.target):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)) from None
            os.replace(self.temporary, self.target)

    def discard(self) -> None:
        """Take the next version away, unless `commit` moved it into place."""
        with contextlib.suppress(OSError):
            self._file.close()
        # Not there once moved into place; on a read-only disk, refused too: either way
        # no error of its own to add to the one being reported.
        with contextlib.suppress(OSError):
            self.temporary.unlink(missing_ok=True)
