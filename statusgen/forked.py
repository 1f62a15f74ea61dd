"""Work done by a child process forked from the build while the build goes on, its answer
sent back on a pipe: the survey of what changed on disk (incremental/survey.py), and the
outputs a rebuild renders besides its pages (build.py). A build is one process on a
machine that has two CPUs or more, and most of a rebuild is plain Python: a second
process is how a rebuild uses the second CPU.

Where forking is not possible or not safe (no fork, one CPU, other threads running, as
in `serve`), or the child gives no answer, the work is done here when its answer is asked
for, so the answer is the same either way.
"""

from __future__ import annotations

import os
import pickle
import select
import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def may_fork() -> bool:
    """Whether a build may fork a child: on a system with fork and a second CPU, from a
    process running no other thread (a fork copies only the calling thread, and a lock
    another one held would stay held in the child)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def fork_answering(answers: Callable[[Callable[[bytes], None]], None]) -> tuple[int, int] | None:
    """The read end of a pipe on which a forked child sends what `answers` sends (each
    message as given, in order, then the pipe ends), and the child's pid; None where no
    child may be forked (`may_fork`). The child ends without running anything more of
    the build's: no output stream flushed, no exit handler."""
    if not may_fork():
        return None
    _reap_exited()
    read, write = os.pipe()
    _widen(write)
    pid = os.fork()
    if pid == 0:
        try:
            # It holds none of the build's files: a lock the build holds (folderlock.py)
            # is the build's alone, and goes when the build lets go of it.
            os.closerange(3, write)
            os.closerange(write + 1, _max_fd())
            answers(lambda data: send(write, data))
        finally:
            # Its standard streams and the pipe too, before its memory is given back: a
            # reader waiting for their end need not wait for that.
            os.closerange(0, _max_fd())
            os._exit(0)
    os.close(write)
    return read, pid


# What a child's pipe holds before its writer must wait for the reader (Linux; elsewhere
# the system's own size): the survey's listing of 10,000 incident files is 0.6 MB, and a
# child that need not wait for the build to read it goes on to its next answers.
_PIPE_BYTES = 1 << 20


def _widen(pipe: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or more than this user may have: the child waits, as before


def send(pipe: int, data: bytes, within: float | None = None) -> None:
    """One message on the pipe: its length, then its bytes. With `within`, the pipe is
    made non-blocking, and TimeoutError raised when its reader takes none of the message
    for that many seconds (a helper that stalled: incremental/checker.py)."""
    message = memoryview(len(data).to_bytes(4, "big") + data)
    if within is not None:
        os.set_blocking(pipe, False)
    while message:
        if within is not None and not ready(pipe, within, to_write=True):
            raise TimeoutError("the reader of the pipe takes nothing")
        try:
            message = message[os.write(pipe, message) :]
        except BlockingIOError:
            continue


def ready(pipe: int, within: float, *, to_write: bool = False) -> bool:
    """Whether the pipe can be read (or with `to_write`, written) within that many seconds.
    By poll() where the system has it: select() refuses a descriptor numbered past 1024,
    which a process that holds many files open (a program building sites in turn, a
    server) may give a pipe."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(pipe, select.POLLOUT if to_write else select.POLLIN)
        return bool(poller.poll(max(0, round(within * 1000))))
    found = (
        select.select([], [pipe], [], within) if to_write else select.select([pipe], [], [], within)
    )
    return bool(found[1] if to_write else found[0])


def receive(pipe: int) -> bytes:
    """The next message on the pipe; b"" when the child sent no more (or an empty one)."""
    size = _read(pipe, 4)
    return _read(pipe, int.from_bytes(size, "big")) if len(size) == 4 else b""


def close(pipe: int, pid: int) -> None:
    """Close the pipe and reap the child `pid` answering on it, now if it has ended, else
    later (`_reap_exited`). Closing first ends a child blocked on writing to it (a build
    that stops at a mistake asks no more)."""
    os.close(pipe)
    # A child that has answered still gives its memory back as it ends: 6-11 ms after a
    # rebuild's render at 10,000 incidents, which the build has no reason to wait for.
    # It holds no file by then (fork_answering), so nothing of the build's is held.
    _exiting.append(pid)
    _reap_exited()


# Children that were closed before they ended, to be reaped once they have.
_exiting: list[int] = []


def _max_fd() -> int:
    """Past the highest file this process has open. Where the system lists them, from
    that list: a limit of a million files (containers set such) would otherwise cost a
    million closes where the kernel has no close_range (Linux before 5.9). Elsewhere the
    limit, which is small there."""
    try:
        return max(map(int, os.listdir("/proc/self/fd")), default=2) + 1
    except (OSError, ValueError):
        pass
    try:
        return max(os.sysconf("SC_OPEN_MAX"), 3)
    except (AttributeError, ValueError, OSError):
        return 256


def _reap_exited() -> None:
    """Reap the closed children that have ended since (none is left to linger as a
    zombie beyond the next child or the end of the process)."""
    for pid in list(_exiting):
        try:
            ended, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped already: whoever started us ignores SIGCHLD
            ended = pid
        if ended:
            _exiting.remove(pid)


def _read(pipe: int, size: int) -> bytes:
    """`size` bytes from the pipe, or fewer where it ends first."""
    parts: list[bytes] = []
    while size > 0:
        part = os.read(pipe, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class Beside(Generic[T]):
    """`work()`, started in a forked child as this is made; `result()` waits for it.

    `work` must be pure: what it changes in the child stays there, and it sends back only
    its result (pickled: the child is this process's own copy). Where no child may be
    forked, or the child fails, `result()` calls `work()` here, so an error in it is
    raised as itself, from this process."""

    def __init__(self, work: Callable[[], T], *, idle: bool = False) -> None:
        """With `idle`, the child works at the lowest priority: on a CPU the build's own
        processes leave free, never on one they need."""
        self._work = work
        self._idle = idle
        self.apart = False  # whether the result came from the child (its changes stayed there)
        self._pipe: int | None = None
        child = fork_answering(self._answer)
        if child is not None:
            self._pipe = child[0]
            self._closed = weakref.finalize(self, close, *child)

    def _answer(self, send: Callable[[bytes], None]) -> None:
        """In the child: the result, or nothing when working it out failed."""
        try:
            if self._idle:
                os.nice(19)
            data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            data = b""
        send(data)

    def result(self) -> T:
        if self._pipe is not None:
            data = receive(self._pipe)
            self._pipe = None
            self._closed()
            if data:
                self.apart = True
                return pickle.loads(data)  # type: ignore[no-any-return]
        return self._work()
