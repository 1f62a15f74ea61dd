"""A lock on a folder, shared by every statusgen process on the machine.

flock(2) on the folder itself: no lock file is left behind to commit or ignore, and
the kernel lets go when the holder dies, so a killed process never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_POLL_SECONDS = 0.02
# A wait longer than this is said (`waiting`): a command waiting on another in silence
# looks hung. The turns a burst of alerts takes are shorter, and say nothing.
SAY_WAITING_AFTER = 1.0


# The folders each thread holds the lock of. flock(2) locks belong to an open file, so a
# second open of a folder this thread already locked would wait on itself (a build holds
# the site folder's lock and writes its output into that folder).
_held = threading.local()


@contextmanager
def folder_lock(
    folder: Path,
    wait: float,
    timed_out: Callable[[], Exception],
    taken: Callable[[], None] | None = None,
    waiting: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the exclusive lock on `folder`; after `wait` seconds raise `timed_out()`.
    Within a block that holds it already, in the same thread, it is simply held on.
    `taken` runs once the lock is taken (not when held on): the moment to clear what a
    killed holder left, see leftover_folders. `waiting` runs once when the lock is still
    taken SAY_WAITING_AFTER seconds on."""
    key = os.path.realpath(folder)
    held: set[str] = _held.__dict__.setdefault("folders", set())
    if key in held:
        yield
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= wait:
                    raise timed_out() from None
                if waiting is not None and waited >= SAY_WAITING_AFTER:
                    waiting()
                    waiting = None
                time.sleep(_POLL_SECONDS)
        held.add(key)
        try:
            if taken is not None:
                taken()
            yield
        finally:
            held.discard(key)
    finally:
        os.close(handle)  # closing releases the lock


def leftover_folders(
    folder: Path, name: re.Pattern[str], strangers: list[Path] | None = None
) -> Iterator[Path]:
    """The folders in `folder` named by `name` (fullmatch) that a killed holder of a lock
    left behind; ask only while holding the lock they are made under, which is what makes
    them a dead process's. Only real folders of this user count: whatever another user
    (or a link) put in a shared folder is left alone, those of another user added to
    `strangers` (to be named, as one may be a site a `sudo` build left)."""
    return _leftovers(folder, name, stat.S_ISDIR, strangers)


def leftover_files(folder: Path, name: re.Pattern[str]) -> Iterator[Path]:
    """The regular files in `folder` named by `name` that a killed holder of a lock left
    behind, by the rule of leftover_folders."""
    return _leftovers(folder, name, stat.S_ISREG)


def _leftovers(
    folder: Path,
    name: re.Pattern[str],
    kind: Callable[[int], bool],
    strangers: list[Path] | None = None,
) -> Iterator[Path]:
    for entry in sorted(folder.iterdir()):
        if not name.fullmatch(entry.name):
            continue
        try:
            info = os.lstat(entry)
        except OSError:
            continue
        if not kind(info.st_mode):
            continue
        if info.st_uid == os.geteuid():
            yield entry
        elif strangers is not None:
            strangers.append(entry)
