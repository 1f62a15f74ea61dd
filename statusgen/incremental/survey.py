"""What changed on disk since the last build into a folder, as a build starts: the input
files whose stat differs from its record (Manifest.changed_sources), whether the output
folder is as that build left it (outputs.output_is_intact), and the incident folder's
listing (10,000 names, 10-20 ms to list and sort at 10,000 incidents).

Each is a stat of every file: 10,000 inputs and 10,982 outputs at 10,000 incidents,
about 50 ms together. A child process forked as the build starts takes them, and
answers on a pipe, while the build reads its cache; the build asks when it needs to
know. Where forking is not possible or not safe (no fork, one CPU, other threads
running, as in `serve`), or the child gives no answer, each is worked out here when
first asked.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import threading
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from statusgen.incremental.manifest import Manifest
from statusgen.incremental.outputs import output_is_intact
from statusgen.layout import IncidentFolder, list_incident_folder

_NO_ANSWER = object()


class Survey:
    """The answers for the last build's `manifest` of the site at `root`."""

    def __init__(self, manifest: Manifest, root: Path) -> None:
        # In the order the child works them out, the order a build asks for them.
        questions: tuple[Callable[[], Any], ...] = (
            partial(manifest.changed_sources, root),
            partial(output_is_intact, manifest, Path(manifest.output)),
            partial(_listing, root),
        )
        self._questions = questions
        self._heard: list[Any] = []  # the child's answers so far, in order
        self._answers: dict[int, Any] = {}  # those worked out here
        self._pipe: int | None = None  # the read end of the child's pipe, while it is open
        self.forked = may_fork()
        if not self.forked:
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer, and end without running anything of the build's
            try:
                os.close(read)
                for question in questions:
                    _send(write, marshal.dumps(question()))
            finally:
                os._exit(0)
        os.close(write)
        self._pipe = read
        # Reaped with this survey, if not once every answer is in (a build that stops at
        # a mistake): closing the pipe first ends a child blocked on writing to it.
        self._reap = weakref.finalize(self, _reap, pid, read)

    def inputs(self) -> tuple[bool, list[str]] | None:
        """Manifest.changed_sources: whether the input folders are unchanged, and the input
        files that may have changed (None: nothing can be taken as recorded)."""
        return self._answer(0)  # type: ignore[no-any-return]

    def inputs_unchanged_yet(self) -> bool:
        """Whether it is known already, without waiting, that no input changed (the
        child has answered so, or the answer was asked for before)."""
        asked = bool(self._heard) or 0 in self._answers
        if not asked and (self._pipe is None or not select.select([self._pipe], [], [], 0)[0]):
            return False
        found = self.inputs()
        return found is not None and found[0] and not found[1]

    def output_intact(self) -> bool:
        """Whether the output folder is exactly as the last build left it."""
        return self._answer(1)  # type: ignore[no-any-return]

    def incident_folder(self) -> IncidentFolder:
        """The incident folder's listing (layout.list_incident_folder)."""
        return IncidentFolder(*self._answer(2))

    def _answer(self, index: int) -> Any:
        """The answer to question `index`: the child's, which come in order, or worked out
        here (alone: in this process a question asks only what it asks)."""
        while self._pipe is not None and len(self._heard) <= index:
            self._heard.append(self._from_child())
            if len(self._heard) == len(self._questions) and self._pipe is not None:
                self._pipe = None
                self._reap()
        found = self._heard[index] if index < len(self._heard) else _NO_ANSWER
        if found is _NO_ANSWER:
            found = self._answers.get(index, _NO_ANSWER)
            if found is _NO_ANSWER:
                found = self._answers[index] = self._questions[index]()
        return found

    def _from_child(self) -> Any:
        """The child's next answer; _NO_ANSWER when it gave none (then none after it)."""
        assert self._pipe is not None
        size = _receive(self._pipe, 4)
        data = _receive(self._pipe, int.from_bytes(size, "big")) if len(size) == 4 else b""
        if not data:
            self._pipe = None
            self._reap()
            return _NO_ANSWER
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return _NO_ANSWER


def _listing(root: Path) -> tuple[list[str], list[str]]:
    # As a plain tuple: marshal writes no named one.
    return tuple(list_incident_folder(root))  # type: ignore[return-value]


def may_fork() -> bool:
    """Whether a build may fork its survey: on a system with fork and a second CPU, from
    a process running no other thread (a fork copies only the calling thread, and a lock
    another one held would stay held in the child)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _send(pipe: int, data: bytes) -> None:
    message = memoryview(len(data).to_bytes(4, "big") + data)
    while message:
        message = message[os.write(pipe, message) :]


def _receive(pipe: int, size: int) -> bytes:
    """`size` bytes from the pipe, or fewer where it ends first."""
    parts: list[bytes] = []
    while size > 0:
        part = os.read(pipe, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _reap(pid: int, read: int) -> None:
    os.close(read)
    # Reaped already when whoever started this process ignores SIGCHLD.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
