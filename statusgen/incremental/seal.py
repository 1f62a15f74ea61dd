"""Cache files sealed with a key kept outside the site, so only this user's builds are believed.

The cache folder sits inside the site, so it can arrive with a cloned repository, a
restored archive or a shared parent folder. The restricted unpickler (safepickle.py)
keeps such a file from running code, but not from lying: a planted Markdown conversion
would put any HTML on the page past the sanitizer, and a planted parse result would show
an incident the sources do not hold. Every cache file therefore starts with an HMAC of
its contents under a random key in the user's own cache folder
(`$XDG_CACHE_HOME/statusgen/cache-key`, by default `~/.cache/statusgen/cache-key`),
which no repository carries; a file whose seal does not match is a miss, and the build
starts from the sources.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import secrets
from contextlib import suppress
from functools import cache
from pathlib import Path

KEY_BYTES = 32
SEAL_BYTES = hashlib.sha256().digest_size


def key_path() -> Path:
    """Where the key lives: the user's cache folder, never the site's."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    # The XDG rule: a relative value is invalid and ignored.
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return folder / "statusgen" / "cache-key"


@cache
def _key(path: Path) -> bytes | OSError:
    """The key at `path`, made on first use, and made again where what is there is no key
    (empty, cut short, a folder): kept, such a file would make every build render
    everything, forever. The error when it can neither be read nor made (then nothing
    is cached: every build renders from the sources)."""
    problem = OSError(f"no key in {path}")
    for _ in range(2):
        try:
            with open(path, "rb") as file:
                found: bytes | None = file.read(KEY_BYTES + 1)
        except (FileNotFoundError, NotADirectoryError):
            found = None
        except OSError:
            found = b""  # unreadable: no key to keep
        if found is not None and len(found) == KEY_BYTES:
            return found
        try:
            return _made(path, replacing=found is not None)
        except FileExistsError as error:
            problem = error  # another build made one first: read that one
        except OSError as error:
            problem = error
            break
    # Kept for the process's builds (`cache`): without the frames it passed.
    return problem.with_traceback(None)


def _made(path: Path, *, replacing: bool) -> bytes:
    """A new key, written to `path` whole: into a file of its own with the key's
    permissions, then put in place by a link, or `replacing` what is there by a rename,
    so no build ever reads a part of it. FileExistsError when another build made a key
    first (two first builds at once agree on one key: the loser reads it)."""
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(key)
        if not replacing:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: the rename
                os.replace(temporary, path)
        else:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()  # an empty one; one holding files is left to its owner
            os.replace(temporary, path)
    finally:
        with suppress(OSError):
            os.unlink(temporary)
    return key


def missing_key() -> tuple[Path, OSError] | None:
    """Where the key should be and why there is none, when there is none."""
    path = key_path()
    key = _key(path)
    return (path, key) if isinstance(key, OSError) else None


def _mac(key: bytes, *parts: bytes | memoryview) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.digest()


def seal_parts(*parts: bytes) -> tuple[bytes, ...] | None:
    """The seal of the data `parts` make one after the other, then the parts: to be
    written in that order, never joined, since a cache file can be tens of megabytes
    and is saved while the whole site is in memory. None when there is no key (then do
    not save)."""
    key = _key(key_path())
    return None if isinstance(key, OSError) else (_mac(key, *parts), *parts)


def unseal(sealed: bytes) -> memoryview | None:
    """The data of a file this user's builds sealed, as a view into `sealed` (not a copy:
    cache files are megabytes); None for any other (planted, damaged, from another
    machine or user, or written before seals existed)."""
    key = _key(key_path())
    if isinstance(key, OSError) or len(sealed) < SEAL_BYTES:
        return None
    data = memoryview(sealed)[SEAL_BYTES:]
    return data if hmac.compare_digest(sealed[:SEAL_BYTES], _mac(key, data)) else None


def unsealed_stream(sealed: bytes) -> io.BytesIO | None:
    """unseal(sealed) as a stream to read from (sharing the bytes of `sealed`)."""
    if unseal(sealed) is None:
        return None
    stream = io.BytesIO(sealed)  # bytes are shared, not copied, until written to
    stream.seek(SEAL_BYTES)
    return stream
