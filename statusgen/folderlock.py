"""A lock on a folder, shared by every statusgen process on the machine.

flock(2) on the folder itself: no lock file is left behind to commit or ignore, and
the kernel lets go when the holder dies, so a killed process never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_POLL_SECONDS = 0.02


@contextmanager
def folder_lock(folder: Path, wait: float, timed_out: Callable[[], Exception]) -> Iterator[None]:
    """Hold the exclusive lock on `folder`; after `wait` seconds raise `timed_out()`."""
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise timed_out() from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(handle)  # closing releases the lock
