"""Whether an output folder is as its record says, checked by a process of its own.

A build forks a child that checks this while the build goes on (survey.py). `statusgen
serve` cannot fork (its watcher and server threads), so each of its rebuilds would stat
every file of its preview folder itself before deciding what to keep: 35-45 ms of a
0.4 s rebuild at 10,000 incidents. A FolderChecker is a helper process that `serve`
starts once, as a new program rather than a fork, and that checks the folder a rebuild
names while the rebuild reads its inputs.

It only moves the check: the helper runs the same `outputs.folder_is_intact`, and a
rebuild that gets no answer from it (the helper died, stalled or was never started)
checks the folder itself.

The helper reads requests from its stdin and answers on its stdout, each a message as
statusgen.forked frames it: (number, folder, files, folders, (umask, modes), (group,
inherited)) of the record
in marshal format, answered by (number, intact). It ends when its stdin ends.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statusgen.forked import ready, receive, send
from statusgen.incremental.outputs import folder_is_intact

if TYPE_CHECKING:
    from statusgen.incremental.manifest import Manifest

# The folder holding the statusgen package this process runs.
_CODE_FOLDER = Path(__file__).resolve().parents[2]
# How long a rebuild waits for an answer, or for the helper to take a request, before
# it checks the folder itself: far longer than the check takes on any local disk.
_PATIENCE_S = 10.0


class FolderChecker:
    """A helper process answering outputs.output_is_intact for the builds of one process."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._asked = 0  # the number of the last request
        self._failed = False  # once it failed, the builds check for themselves

    @staticmethod
    def useful() -> bool:
        """Whether a helper can check beside the build: on a system with a second CPU and
        pipes that `poll` (or `select`) can wait on, run by a Python that can start this module."""
        frozen = getattr(sys, "frozen", False)  # an executable bundling its own Python
        return os.name == "posix" and (os.cpu_count() or 1) > 1 and not frozen

    def start(self) -> None:
        """Start the helper, unless it runs already, failed before, or would not help."""
        if self._process is not None or self._failed or not self.useful():
            return
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                # `-m` puts the working folder first on the module path: started where
                # this statusgen lies, the helper runs this same code, whatever folder
                # `serve` was started in holds.
                cwd=_CODE_FOLDER,
            )
        except OSError:
            self._failed = True

    def ask(self, manifest: Manifest) -> Callable[[], bool | None] | None:
        """Have the helper check the folder `manifest` records; what gives its answer
        (None when it gave none), or None when there is no helper to ask."""
        self.start()
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            return None
        self._asked += 1
        number = self._asked
        request = (
            number,
            manifest.output,
            manifest.files,
            manifest.folders,
            (manifest.umask, manifest.file_mode, manifest.folder_mode),
            (manifest.group, manifest.inherited),
        )
        try:
            send(process.stdin.fileno(), marshal.dumps(request), within=_PATIENCE_S)
        except (OSError, ValueError, TimeoutError):
            self.stop()
            return None
        return lambda: self._answer(number)

    def _answer(self, number: int) -> bool | None:
        process = self._process
        if process is None or process.stdout is None:
            return None
        pipe = process.stdout.fileno()
        deadline = time.monotonic() + _PATIENCE_S
        while True:
            # Answers come in order; one to an earlier request a build never asked for
            # (it stopped at a mistake first) is passed over.
            if not ready(pipe, max(0.0, deadline - time.monotonic())):
                self.stop()
                return None
            try:
                heard, intact = marshal.loads(receive(pipe))
            except (EOFError, ValueError, TypeError):  # it ended, or answered nonsense
                self.stop()
                return None
            if heard == number:
                return intact is True
            if heard > number:
                return None

    def stop(self) -> None:
        """End the helper (its stdin closed, then killed if it does not end); builds from
        now on check for themselves."""
        process, self._process = self._process, None
        self._failed = True
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            if process.stdout is not None:
                process.stdout.close()


def _serve(requests: int, answers: int) -> None:
    """The helper: answer each request until the requests end."""
    while True:
        data = receive(requests)
        if not data:
            return
        request: Any = marshal.loads(data)
        number, folder, files, folders, (umask, file_mode, folder_mode), given = request
        # The helper's umask is that of `serve`, which started it: the builds' own.
        intact = folder_is_intact(
            folder, files, folders, Path(folder), umask, (file_mode, folder_mode), given
        )
        send(answers, marshal.dumps((number, intact)))


if __name__ == "__main__":
    _serve(sys.stdin.fileno(), sys.stdout.fileno())
