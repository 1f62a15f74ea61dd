"""When Python's garbage collector may run: not inside work that allocates many objects
that live on and frees few (a build, loading the cache), where each of its passes would
only scan them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, keep: bool = False) -> Iterator[None]:
    """Run the block without the collector's passes, then leave it on or off as it was.

    With `keep`, what the block built is first moved out of the collector's way
    (gc.freeze): it lives as long as the run, and no later pass scans it again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()
