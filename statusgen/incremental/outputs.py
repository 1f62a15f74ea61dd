"""The output folder as the last build left it: recorded sizes and times, and the check
that nothing touched it since."""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Mapping
from pathlib import Path

from statusgen.incremental.manifest import Manifest


def snapshot(
    output: Path,
    files: Mapping[str, bytes | None],
    recorded: Mapping[str, tuple[int, int]],
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Size and mtime of each file, and mtime of the output folder and of each folder in
    it that holds another folder. A file the build left in place (None) keeps the size
    and mtime `recorded` for it, if any.

    A page's own folder (holding only its files) is left out: there are as many as pages,
    its files are checked one by one, and a file removed or renamed in it is noticed by
    them. Only a stray file added beside a page goes unseen by the no-op check.
    """
    base = str(output) + os.sep
    found: dict[str, tuple[int, int]] = {}
    folders: dict[str, int] = {"": os.stat(output).st_mtime_ns}
    for path, data in files.items():
        known = recorded.get(path) if data is None else None
        if known is not None:
            found[path] = known
        else:
            info = os.stat(base + path)
            found[path] = (info.st_size, info.st_mtime_ns)
        folder = path.rpartition("/")[0].rpartition("/")[0]  # from the grandparent up
        while folder and folder not in folders:
            folders[folder] = os.stat(base + folder).st_mtime_ns
            folder = folder.rpartition("/")[0]
    return found, folders


def output_is_intact(manifest: Manifest, output: Path) -> bool:
    """Whether the output folder is exactly as the manifest's build left it.

    A file's size and modification time change whenever it is written (a hand edit
    included), and a folder's mtime whenever an entry is added, removed or renamed in it,
    so comparing them catches every change short of one made on purpose to look
    unchanged, or a stray file added beside a page (see `snapshot`).
    """
    if manifest.output != str(output.resolve()):
        return False
    base = manifest.output + os.sep
    stat = os.stat
    try:
        for path, (size, mtime) in manifest.files.items():
            info = stat(base + path)
            if info.st_size != size or info.st_mtime_ns != mtime:
                return False
        for folder, mtime in manifest.folders.items():
            if stat(base + folder).st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


class FolderCheck:
    """output_is_intact(manifest, the folder it describes), worked out by a child process
    forked when the build starts: a stat of every file the last build wrote (11,000 at
    10,000 incidents, 25 ms) then runs beside the build's own reading of its inputs and
    its cache, instead of before the build can decide what to keep. Where forking is not
    possible or not safe (no fork, one CPU, other threads running, as in `serve`), the
    check is made here on first use, as it is when the child gives no answer."""

    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest
        self._answer: bool | None = None
        self._child: tuple[int, int] | None = None  # its process id, and the pipe it answers on
        if not _may_fork():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer, and end without running anything of the build's
            try:
                os.close(read)
                os.write(write, b"1" if self._here() else b"0")
            finally:
                os._exit(0)
        os.close(write)
        self._child = (pid, read)
        # Reaped with this object if never asked (a build that stops at a mistake).
        self._reap = weakref.finalize(self, _reap, pid, read)

    def intact(self) -> bool:
        """Whether the manifest's output folder is exactly as its build left it."""
        if self._answer is None:
            answer = self._from_child() if self._child is not None else None
            self._answer = self._here() if answer is None else answer
        return self._answer

    def _here(self) -> bool:
        return output_is_intact(self._manifest, Path(self._manifest.output))

    def _from_child(self) -> bool | None:
        """The child's answer (None: it gave none), once it has ended."""
        assert self._child is not None
        pid, read = self._child
        self._child = None
        self._reap.detach()
        try:
            data = os.read(read, 1)
        finally:
            _reap(pid, read)
        return {b"1": True, b"0": False}.get(data)


def _may_fork() -> bool:
    """Whether a build may fork its folder check: on a system with fork and a second CPU,
    from a process running no other thread (a fork copies only the calling thread, and
    a lock another one held would stay held in the child)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _reap(pid: int, read: int) -> None:
    os.close(read)
    # Reaped already when whoever started this process ignores SIGCHLD.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
