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
def _key(path: Path) -> bytes | None:
    """The key at `path`, made on first use; None when it can neither be read nor made
    (then nothing is cached: every build renders from the sources)."""
    for _ in range(2):
        try:
            with open(path, "rb") as file:
                found = file.read(KEY_BYTES + 1)
            return found if len(found) == KEY_BYTES else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL: two first builds at once agree on one key (the loser reads it).
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError:
            return None
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(KEY_BYTES))
    return None


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
    return None if key is None else (_mac(key, *parts), *parts)


def unseal(sealed: bytes) -> memoryview | None:
    """The data of a file this user's builds sealed, as a view into `sealed` (not a copy:
    cache files are megabytes); None for any other (planted, damaged, from another
    machine or user, or written before seals existed)."""
    key = _key(key_path())
    if key is None or len(sealed) < SEAL_BYTES:
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
