"""The signals that stop a command, held while a step that must not be cut in two runs."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Signals that stop a command (Ctrl-C; `kill`, which `serve` takes as Ctrl-C).
STOPPING = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """The block run with the signals that stop a command held until it ends, then taken
    as they would have been: Ctrl-C in the middle of moving a build's files in would leave
    the site part old, part new until the next build, and the block takes a moment.

    Only the main thread may set handlers: in any other the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    before = {number: signal.getsignal(number) for number in STOPPING}
    # A handler set outside Python (None) could not be put back: that signal is not held.
    held = [number for number, handler in before.items() if handler is not None]
    for number in held:
        signal.signal(number, lambda caught, frame: came.append(caught))
    try:
        yield
    finally:
        for number in held:
            signal.signal(number, before[number])
        for caught in dict.fromkeys(came):
            signal.raise_signal(caught)
