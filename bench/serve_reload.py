"""How long a saved edit takes to show in a browser tab open on `statusgen serve`.

Copies the example site to a temporary folder, runs `statusgen serve` on it, opens an
incident page in Debian's headless chromium, then appends a line to the incident file
several times and measures, each time, from the save to the line being on screen.
Exits 1 when the median is above the goal (one second).

    python bench/serve_reload.py [--rounds 7] [--goal 1.0]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import browser_page  # noqa: E402  (the tests' DevTools harness)

INCIDENT = "2026-11-22-payout-creation-errors"


def start_serve(site: Path) -> tuple[subprocess.Popen[str], str]:
    """`statusgen serve` on a free port of 127.0.0.1; returns the process and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            match = re.match(r"Serving (\S+)", line)
            if match and not found:
                found.append(match.group(1))
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(60):
        process.terminate()
        sys.exit("statusgen serve did not start within 60 s")
    return process, found[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--goal", type=float, default=1.0, help="seconds, for the median")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="statusgen-bench-") as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        shutil.copy(REPO / "statusgen.yaml", site)
        shutil.copytree(REPO / "content", site / "content")
        if (REPO / "themes").is_dir():
            shutil.copytree(REPO / "themes", site / "themes")
        source = site / "content" / "incidents" / f"{INCIDENT}.md"
        process, url = start_serve(site)
        seconds: list[float] = []
        try:
            with browser_page() as page:
                page.goto(f"{url}incidents/{INCIDENT}/")
                for round_ in range(args.rounds):
                    marker = f"Bench marker {round_} {time.time_ns()}"
                    with source.open("a") as file:
                        file.write(f"\n{marker}\n")
                    saved = time.perf_counter()
                    expression = (
                        f"!!(document.body && document.body.innerText.includes({marker!r}))"
                    )
                    deadline = saved + 30
                    while True:
                        try:
                            if page.evaluate(expression):
                                break
                        except RuntimeError:
                            pass  # asked while the page was being replaced
                        if time.perf_counter() > deadline:
                            sys.exit(f"round {round_}: the edit did not show within 30 s")
                        time.sleep(0.01)
                    seconds.append(time.perf_counter() - saved)
        finally:
            process.terminate()
            process.wait(timeout=10)

    median = statistics.median(seconds)
    print(
        f"save to screen over {len(seconds)} rounds: median {median:.3f} s, "
        f"min {min(seconds):.3f} s, max {max(seconds):.3f} s (goal: median under {args.goal} s)"
    )
    return 0 if median <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
