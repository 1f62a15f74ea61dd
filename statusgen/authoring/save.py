"""Writing one content file safely: temp file and rename, never over a change made meanwhile.

Alerts arrive in bursts, so several authoring commands may edit one file at once. Each
holds `editing(root)` from reading the site to replacing the file: they take turns, and
every update that reports success is in the file.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from statusgen.errors import cannot_write, fail
from statusgen.folderlock import folder_lock, leftover_folders
from statusgen.layout import (
    CONTENT_DIR,
    IMPORT_MOVING_FILE,
    IMPORT_STAGE_NAME,
    unfinished_imports,
)
from statusgen.replacement import Replacement

# How long an authoring command waits for the others editing the same site.
LOCK_WAIT_SECONDS = 60.0


def editing(
    root: Path, waiting: Callable[[Path], None] | None = None
) -> AbstractContextManager[None]:
    """Hold the site's edit lock: one authoring command reads, checks and writes at a time.

    The lock is on the site's content/ folder (the site folder when there is none); it
    waits at most LOCK_WAIT_SECONDS, then raises StatusgenError and nothing is written.
    `waiting` is told that folder once a wait lasts (folderlock.SAY_WAITING_AFTER).
    Taking it clears the staging folders of imports that were killed while staging, never
    of one killed while moving files in (clear_unfinished_imports).
    """
    folder = root / CONTENT_DIR
    if not folder.is_dir():
        folder = root
    return folder_lock(
        folder,
        LOCK_WAIT_SECONDS,
        lambda: fail(
            str(folder),
            "another statusgen command is editing this site; "
            f"waited {LOCK_WAIT_SECONDS:g} s, nothing was written",
            "run the command again once the other one has finished",
        ),
        taken=lambda: _clear_import_stages(root),
        waiting=None if waiting is None else lambda: waiting(folder),
    )


def _clear_import_stages(root: Path) -> None:
    # An import stages its files only while holding this lock, so a staging folder found
    # on taking it is one a killed import (a CI timeout) left: dozens of incident files
    # `git add -A` would commit. Cleared as a build clears its own (write.py). One killed
    # while moving its files in stays, for `check` and `build` to refuse the half-imported
    # site by, even past an import that is refused or fails: that one writes nothing, and
    # the site still holds part of the killed one.
    unfinished = set(unfinished_imports(root))
    for stage in leftover_folders(root, IMPORT_STAGE_NAME):
        if stage.name not in unfinished:
            shutil.rmtree(stage, ignore_errors=True)


def clear_unfinished_imports(root: Path) -> None:
    """Remove the staging folders of imports killed while moving files into the site at
    `root`; only for an import, holding `editing(root)`, that has moved all of its in: the
    site is then whole, whatever part of theirs it held."""
    unfinished = set(unfinished_imports(root))
    for stage in leftover_folders(root, IMPORT_STAGE_NAME):
        if stage.name in unfinished:
            # The mark first: a folder cut short in its removal is no unfinished import.
            with contextlib.suppress(OSError):
                (stage / IMPORT_MOVING_FILE).unlink()
            shutil.rmtree(stage, ignore_errors=True)


def save(
    path: Path,
    data: bytes,
    *,
    previous: bytes | None,
    shown: str,
    then: str = "nothing was written",
) -> None:
    """Replace `path` with `data` atomically, if it still holds `previous` (None: must not exist),
    making the folder it goes in.

    The new bytes go to a temp file beside it first (beside the file a symbolic link leads
    to: see statusgen/replacement.py), so a crash never leaves half a file and the author's
    text is never lost. Raises StatusgenError, writing nothing, when the file changed (or
    appeared) after it was read, or when the file system refuses the write (full,
    read-only); `shown` is the path used in the message, `then` what it says was left as
    it was (the file alone, for a command that writes others on their own).
    """
    try:
        with Replacement(path) as replacement:
            replacement.write(data)
            if previous is not None and _read(path) != previous:
                raise _changed(shown, then)
            try:
                replacement.commit(new=previous is None)
            except FileExistsError:
                raise _changed(shown, then) from None
    except OSError as error:
        # Named by the file meant, not the temp file the system refused.
        raise cannot_write(
            shown,
            "the file",
            error,
            again="run the command again",
            elsewhere="edit a copy of the site on a writable disk",
            then=then,
        ) from None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _changed(shown: str, then: str) -> Exception:
    return fail(
        shown,
        f"the file changed on disk while statusgen was editing it; {then}",
        "look at the file, then run the command again",
    )
