"""The signals that stop a command, held while a step that must not be cut in two runs."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Signals that stop a command (Ctrl-C; `kill`, which `serve` takes as Ctrl-C; a CI job
# cancelled or out of time).
STOPPING = (signal.SIGINT, signal.SIGTERM)

# A signal that comes again this soon is the same request: GNU `timeout` (a cron job's or a
# CI step's time limit) sends it to the command and then to the command's process group, so
# the command gets it twice at once. Nobody presses Ctrl-C twice within this.
SAME_REQUEST = 1.0


@contextmanager
def signals_held(noted: Callable[[int], None] | None = None) -> Iterator[None]:
    """The block run with the signals that stop a command held until it ends, then taken
    as they would have been: Ctrl-C in the middle of moving a build's files in would leave
    the site part old, part new until the next build, and the block takes a moment.

    With `noted`, the first signal is handed to it instead, for the block to wind down, and
    is not taken after it (the caller says what it meant). The same signal again is taken
    at once, as without the hold (Ctrl-C pressed twice: one who will not wait); another is
    not, as the winding down is under way (a cancelled GitHub Actions job gets SIGINT, then
    SIGTERM 7.5 s later, then SIGKILL). The same signal again within `SAME_REQUEST` of the
    first is the same request, sent twice at once (GNU `timeout`), and changes nothing.

    Only the main thread may set handlers: in any other the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: dict[int, float] = {}  # each signal taken, and when it first came
    before = {number: signal.getsignal(number) for number in STOPPING}
    # A handler set outside Python (None) could not be put back, and a signal ignored (a
    # job started in the background) stops nothing: neither is held.
    held = [n for n, handler in before.items() if handler not in (None, signal.SIG_IGN)]

    def put_back() -> None:
        for number in held:
            signal.signal(number, before[number])

    def hold(caught: int, frame: object) -> None:
        if caught in came:
            if time.monotonic() - came[caught] < SAME_REQUEST:
                return
            if noted is not None:
                put_back()
                signal.raise_signal(caught)
            return
        came[caught] = time.monotonic()
        if noted is not None and len(came) == 1:
            noted(caught)

    for number in held:
        signal.signal(number, hold)
    try:
        yield
    finally:
        put_back()
        if noted is None:
            for caught in came:
                signal.raise_signal(caught)


def leave_signals_to_main_thread() -> None:
    """Keep the signals that stop a command from this thread, for the main thread to take:
    the kernel may hand one to any thread, and the main thread, waiting for this one, would
    see it only once this one was done. For threads started inside `signals_held`."""
    if hasattr(signal, "pthread_sigmask"):  # not on Windows, where signals reach the main thread
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
