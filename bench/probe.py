"""Probe 100 monitors against local servers: the wall time must stay under the slowest
timeout plus one second, however many monitors are slow, failing or hanging.

    python bench/probe.py                 # 100 monitors, prints the timing, exits 1 if over
    python bench/probe.py --monitors 300 --git-days 2

It writes a status site into a temporary folder whose content/monitors.yaml points at
servers on 127.0.0.1: fast HTTP, HTTP that answers after 1.5 s, HTTP 500, a listener that
accepts and never answers (runs into the 2 s timeout), open and refused TCP ports. Then it
times `statusgen probe` as a child process, interpreter start-up included.

With --git-days N it also records N days of runs for one monitor, committing each run the
way the workflows do (one parentless commit replacing the data branch), and reports the
data file's size and the packed repository's, the numbers docs/monitors.md quotes.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

TIMEOUT = 2.0
SLOW = 1.5


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(SLOW)
        code = 500 if self.path.startswith("/fail") else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (its timeout) is part of the test, not news


def monitors_yaml(count: int, http: int, hang: int, tcp: int, closed: int) -> str:
    kinds = [
        ("http", f"url: http://127.0.0.1:{http}/fast"),
        ("http", f"url: http://127.0.0.1:{http}/slow"),
        ("http", f"url: http://127.0.0.1:{http}/fail"),
        ("http", f"url: http://127.0.0.1:{hang}/hang"),
        ("tcp", f"host: 127.0.0.1\n  port: {tcp}"),
        ("tcp", f"host: 127.0.0.1\n  port: {closed}"),
    ]
    entries = []
    for n in range(count):
        kind, target = kinds[n % len(kinds)]
        # Retries happen within the timeout, so every monitor may have them.
        entries.append(
            f"- id: m{n:03d}\n  component: api\n  type: {kind}\n  {target}\n"
            f"  timeout: {TIMEOUT}\n  retries: 2\n"
        )
    return "".join(entries)


def timed_probe(count: int, statusgen: str) -> float:
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hang = socket.socket()  # accepts (backlog) and never answers
    hang.bind(("127.0.0.1", 0))
    hang.listen(256)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed = spare.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="statusgen-probe-"))
    try:
        (folder / "content").mkdir()
        (folder / "statusgen.yaml").write_text("title: Bench\nbase_url: https://example.com/\n")
        (folder / "content/components.yaml").write_text("- id: api\n  name: API\n")
        (folder / "content/monitors.yaml").write_text(
            monitors_yaml(
                count,
                server.server_address[1],
                hang.getsockname()[1],
                listener.getsockname()[1],
                closed,
            )
        )
        started = time.perf_counter()
        subprocess.run([statusgen, "-C", str(folder), "probe"], check=True, capture_output=True)
        elapsed = time.perf_counter() - started
        recorded = len(list((folder / "data/monitors").glob("*.json")))
        assert recorded == count, f"{recorded} of {count} monitors recorded"
        return elapsed
    finally:
        server.shutdown()
        server.server_close()
        hang.close()
        listener.close()
        shutil.rmtree(folder)


def git_growth(days: int) -> tuple[int, int, int]:
    """(data file bytes, packed repository bytes, commits) after `days` of 10-minute runs."""
    from statusgen.model import Check, CheckResult, MonitorData
    from statusgen.probe import store

    folder = Path(tempfile.mkdtemp(prefix="statusgen-git-"))
    try:

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
                cwd=folder, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip

        git("init", "-q")
        tz = ZoneInfo("Europe/Berlin")
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        data = MonitorData("api")
        # 90 days of aggregates first, as a file in its steady state holds.
        warm = [
            Check(start - timedelta(days=90) + timedelta(minutes=10) * n, CheckResult.UP, 120)
            for n in range(90 * 144)
        ]
        data = store.add_checks(data, warm, tz, 90)
        runs = days * 144
        for n in range(runs):
            at = start + timedelta(minutes=10) * n
            check = Check(at, CheckResult.UP, 100 + (n * 37) % 90, "HTTP 200")
            data = store.add_checks(data, [check], tz, 90)
            store.save(folder, data)
            # As the workflows do: one parentless commit that replaces the branch.
            git("add", "-A")
            tree = git("write-tree").strip()
            commit = git("commit-tree", tree, "-m", f"run {n}").strip()
            git("update-ref", "refs/heads/monitor-data", commit)
        git("reflog", "expire", "--expire=now", "--all")
        git("gc", "-q", "--prune=now")
        packed = sum(p.stat().st_size for p in (folder / ".git/objects/pack").glob("*.pack"))
        size = store.data_path(folder, "api").stat().st_size
        return size, packed, runs
    finally:
        shutil.rmtree(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--monitors", type=int, default=100)
    parser.add_argument("--statusgen", default=str(Path(sys.executable).parent / "statusgen"))
    parser.add_argument("--git-days", type=int, default=0)
    args = parser.parse_args()
    elapsed = timed_probe(args.monitors, args.statusgen)
    bound = TIMEOUT + 1.0
    print(f"{args.monitors} monitors probed in {elapsed:.2f} s (bound {bound:.1f} s)")
    if args.git_days:
        size, packed, commits = git_growth(args.git_days)
        print(
            f"after {commits} runs: data file {size:,} bytes, "
            f"repository packed {packed:,} bytes (the branch is one commit: no growth)"
        )
    return 0 if elapsed < bound else 1


if __name__ == "__main__":
    sys.exit(main())
