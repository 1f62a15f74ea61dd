"""A build killed outright (a CI job's timeout, the OOM killer) leaves no worker behind
rendering on: each would print a traceback on the terminal when it found no one to send
its pages to, long after the build was gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

# A build's worker pool, as a build forks it, at work in a process the test then kills:
# each worker takes a task that lasts longer than the test waits for it to end.
POOL = """\
import time
from statusgen.render.workers import fork_pool
pool = fork_pool(2)
work = pool.map_async(time.sleep, [30, 30], chunksize=1)
time.sleep(0.5)
print("ready", flush=True)
time.sleep(60)
"""


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent` and that have not ended."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == parent and fields[0] != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's death signal")
def test_the_workers_of_a_killed_build_end_with_it() -> None:
    build = subprocess.Popen(
        [sys.executable, "-c", POOL], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    workers: list[int] = []
    try:
        assert build.stdout is not None
        assert "ready" == build.stdout.readline().strip()
        workers = children(build.pid)
        assert 2 == len(workers)
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=10)
        deadline = time.monotonic() + 5
        left = workers
        while left and time.monotonic() < deadline:
            time.sleep(0.05)
            left = [pid for pid in workers if _running(pid)]
        assert [] == left
        assert build.stderr is not None
        assert "" == build.stderr.read()
    finally:
        build.kill()
        build.wait(timeout=10)
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (an ended, unreaped one is a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
