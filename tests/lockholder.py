"""Another process holding one of statusgen's folder locks, for tests of waiting on it."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from statusgen.folderlock import folder_lock

# Bounds on the child: it never outlives a test by more than this.
SECONDS = 30


@contextmanager
def held_elsewhere(folder: Path) -> Iterator[None]:
    """While the block runs, a child process holds the lock on `folder`."""
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold() -> None:
        with folder_lock(folder, SECONDS, lambda: RuntimeError("the lock stayed taken")):
            holding.set()
            release.wait(SECONDS)

    child = context.Process(target=hold)
    child.start()
    try:
        assert holding.wait(SECONDS), "the child never took the lock"
        yield
    finally:
        release.set()
        child.join(SECONDS)
