"""Benchmark statusgen on synthetic sites and compare it with the floor.

    python bench/run.py            # N = 1,000 and 10,000 incidents, 50 components
    python bench/run.py --quick    # N = 200 and 1,000, for a smoke run

Every scenario runs the installed `statusgen` command as a child process, so times include
interpreter start-up, as a user sees them. Peak RSS is the child's own (`os.wait4`). The
floor is bench/floor.py run the same way: it reads the same input files and writes as many
files and bytes as the build did. Each time is the median of several runs. The table is
printed and written into bench/README.md between the results markers.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import generate

BENCH = Path(__file__).resolve().parent
README = BENCH / "README.md"
START_MARK = "<!-- results:start -->"
END_MARK = "<!-- results:end -->"
NOW = generate.DEFAULT_NOW
CACHE_DIR = ".statusgen-cache"
OUTPUT_DIR = "public"
BUILD_TIMEOUT = 1800.0
RELOAD_TIMEOUT = 300.0
SERVE_START_TIMEOUT = 300.0
# The server sends keep-alives on an idle stream; silence this long means it is stuck.
STREAM_TIMEOUT = 120.0
# The live-reload stream of `statusgen serve` (Server-Sent Events).
EVENTS_PATH = "/__statusgen/events"

# Targets from the performance issue, checked on the largest site of the run.
COLD_FLOOR_RATIO = 8.0
WARM_FLOOR_RATIO = 2.0
EDIT_SECONDS = 0.5
NOOP_SECONDS = 0.3
NEW_SECONDS = 0.6
CLOCK_SECONDS = 1.0
SERVE_SECONDS = 0.5
COMMAND_SECONDS = 0.5
PEAK_RSS_MB = 250.0
SCALING_RATIO = 11.0
# The home page with the generated site's open incidents (about 5 % of N), gzipped.
INDEX_GZIP_KB = 60.0


class Unavailable(Exception):
    """A scenario the installed statusgen cannot run (yet); reported as n/a with the reason."""


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds: less sensitive than wall time to a busy machine
    rss_mb: float
    returncode: int
    stderr: str


@dataclass
class Measure:
    """The median of several runs of one scenario, or why there is none."""

    seconds: float | None = None
    cpu: float | None = None
    runs: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    note: str = ""

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Measure:
        return cls(
            seconds=statistics.median(r.seconds for r in runs),
            cpu=statistics.median(r.cpu for r in runs),
            runs=[r.seconds for r in runs],
            rss_mb=max(r.rss_mb for r in runs),
        )


@dataclass
class SizeResult:
    incidents: int
    components: int
    input_files: int = 0
    input_bytes: int = 0
    output_files: int | None = None
    output_bytes: int | None = None
    cache_used: bool = False
    index_gzip_kb: float | None = None
    scenarios: dict[str, Measure] = field(default_factory=dict)

    def seconds(self, name: str) -> float | None:
        measure = self.scenarios.get(name)
        return measure.seconds if measure else None

    @property
    def peak_rss_mb(self) -> float | None:
        values = [
            m.rss_mb for k, m in self.scenarios.items() if k != "floor" and m.rss_mb is not None
        ]
        return max(values) if values else None


# --- running children -------------------------------------------------------------------


def child_environment() -> dict[str, str]:
    """The environment for measured children: ours, but with Python's compiled bytecode
    written and kept, as an installed package has it (PYTHONDONTWRITEBYTECODE would make
    every run compile statusgen's modules again and bill that to the build)."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def run_child(command: Sequence[str], timeout: float = BUILD_TIMEOUT) -> Run:
    """Run `command` to completion; wall time and the child's peak RSS from os.wait4."""
    # Flush what earlier runs left in the page cache, so their disk writes are not billed here.
    os.sync()
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=child_environment()
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss * scale, process.returncode, stderr)


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        last = run.stderr.strip().splitlines()[-5:]
        raise Unavailable(f"{what} exited {run.returncode}: {' / '.join(last)[:300]}")
    return run


class Bench:
    def __init__(self, statusgen: str, site: Path, runs: int) -> None:
        self.statusgen = statusgen
        self.site = site
        self.runs = runs
        self.output = site / OUTPUT_DIR
        self.cache = site / CACHE_DIR
        self.files = (0, 0)  # the first cold build's output files and bytes

    def build(self, now: str = NOW) -> Run:
        command = [self.statusgen, "-C", str(self.site), "build", "--now", now, "-q"]
        return checked(run_child(command), "statusgen build")

    def clock(self) -> Measure:
        """A rebuild after only the clock moved ten minutes (a scheduled rebuild's case)."""
        self.build()
        start = datetime.fromisoformat(NOW)
        runs = []
        for i in range(self.runs):
            later = start + timedelta(minutes=10 * (i + 1))
            runs.append(self.build(later.isoformat()))
        self.build()
        return Measure.of(runs)

    def command(self, *args: str, restore: Path | None = None) -> Measure:
        """Another statusgen command on the site (restoring `restore` after each run)."""
        original = restore.read_bytes() if restore is not None else None
        runs = []
        try:
            for _ in range(self.runs):
                runs.append(
                    checked(run_child([self.statusgen, "-C", str(self.site), *args]), args[0])
                )
                if restore is not None and original is not None:
                    restore.write_bytes(original)
        finally:
            if restore is not None and original is not None:
                restore.write_bytes(original)
        return Measure.of(runs)

    def clean(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)

    def repeat(self, prepare: Callable[[int], None] | None = None) -> Measure:
        runs = []
        for i in range(self.runs):
            if prepare is not None:
                prepare(i)
            runs.append(self.build())
        return Measure.of(runs)

    def warm(self) -> Measure:
        self.build()  # make sure output and cache are present and current
        return self.repeat()

    def edit(self, target: Path) -> Measure:
        original = target.read_bytes()
        try:
            self.build()

            def change(i: int) -> None:
                target.write_bytes(original.rstrip(b"\n") + f" Edited for run {i + 1}.\n".encode())

            return self.repeat(change)
        finally:
            target.write_bytes(original)
            self.build()

    def new_incident(self) -> Measure:
        folder = self.site / "content" / "incidents"
        added: list[Path] = []
        try:
            self.build()

            def add(i: int) -> None:
                path = folder / f"2026-12-01-benchmark-new-incident-{i + 1}.md"
                path.write_text(new_incident_text(i), encoding="utf-8")
                added.append(path)

            return self.repeat(add)
        finally:
            for path in added:
                path.unlink(missing_ok=True)
            self.build()

    def cold_and_floor(self, manifest: Path) -> tuple[Measure, Measure]:
        """The cold build and the floor, their runs taken in turn: the host's speed moves
        from one minute to the next, and the cold build is judged by its ratio to the
        floor, so each cold build has a floor run of the same minute beside it. The first
        cold build comes first, alone: the floor writes the files it wrote (`manifest`)."""
        self.clean()
        builds = [self.build()]
        self.files = output_manifest(self.output, manifest)
        floors = []
        # The floor is cheap and the ratios hang on it: a few more runs than the build.
        for i in range(max(self.runs, 5)):
            floors.append(self.floor_once(manifest))
            if i < self.runs - 1:
                self.clean()
                builds.append(self.build())
        return Measure.of(builds), Measure.of(floors)

    def floor_once(self, manifest: Path) -> Run:
        out = self.site.parent / f"{self.site.name}-floor"
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, str(BENCH / "floor.py"), str(self.site), str(out), str(manifest)]
        try:
            return checked(run_child(command), "the floor loop")
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def serve_reload(self, target: Path) -> Measure:
        """Seconds from saving an incident file to the reload event on the live-reload stream."""
        help_run = run_child([self.statusgen, "serve", "--help"], timeout=60)
        if help_run.returncode != 0:
            raise Unavailable("`statusgen serve` is not available")
        port = free_port()
        original = target.read_bytes()
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(
                [self.statusgen, "-C", str(self.site), "serve", "--port", str(port), "--now", NOW],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=child_environment(),
            )
            try:
                stream = open_event_stream(port, process)
                # The first event is the current state: wait for the first build to be served.
                generation = wait_for_generation(stream, None, SERVE_START_TIMEOUT)
                seconds = []
                for i in range(self.runs):
                    time.sleep(0.5)  # let the watcher settle between edits
                    edited = original.rstrip(b"\n") + f" Edited while serving, {i + 1}.\n".encode()
                    started = time.perf_counter()
                    target.write_bytes(edited)
                    generation = wait_for_generation(stream, generation, RELOAD_TIMEOUT)
                    seconds.append(time.perf_counter() - started)
                stream.close()
                return Measure(seconds=statistics.median(seconds), runs=seconds)
            finally:
                target.write_bytes(original)
                stop(process)


def new_incident_text(i: int) -> str:
    return (
        "---\n"
        f"title: New benchmark incident {i + 1}\n"
        "status: resolved\n"
        "impact: minor\n"
        "components: [api]\n"
        "---\n"
        f"## Investigating at 2026-11-30 1{i % 10}:00\n"
        "Some requests to the API are slow. We are investigating.\n\n"
        f"## Resolved at 2026-11-30 1{i % 10}:45\n"
        "Response times are back to normal.\n"
    )


# --- serve --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def open_event_stream(port: int, process: subprocess.Popen[bytes]) -> http.client.HTTPResponse:
    """Connect to the server's reload stream once it answers; bounded by SERVE_START_TIMEOUT."""
    deadline = time.monotonic() + SERVE_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Unavailable(f"`statusgen serve` exited {process.returncode} before answering")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=STREAM_TIMEOUT)
        try:
            connection.request("GET", EVENTS_PATH, headers={"Accept": "text/event-stream"})
            response = connection.getresponse()
        except OSError:
            connection.close()
            time.sleep(0.2)
            continue
        if response.status != 200:
            connection.close()
            raise Unavailable(f"{EVENTS_PATH} answered HTTP {response.status}")
        return response
    raise Unavailable(f"`statusgen serve` did not answer within {SERVE_START_TIMEOUT:.0f} s")


def read_state(stream: http.client.HTTPResponse, deadline: float) -> dict[str, object]:
    """The next state the server publishes (a `data:` event, JSON); keep-alives are skipped."""
    data: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = stream.readline()
        except OSError as error:  # the socket timed out: no keep-alive either
            raise Unavailable(f"the reload stream went quiet: {error}") from error
        if not line:
            raise Unavailable("the reload stream closed")
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if text.startswith("data:"):
            data.append(text[5:].strip())
        elif text == "" and data:
            state = json.loads("\n".join(data))
            if not isinstance(state, dict):
                raise Unavailable(f"unexpected reload event: {state!r}")
            return state
    raise Unavailable("no reload event in time")


def wait_for_generation(
    stream: http.client.HTTPResponse, previous: object, timeout: float
) -> object:
    """Wait until the server serves a successfully built site other than `previous`."""
    deadline = time.monotonic() + timeout
    while True:
        state = read_state(stream, deadline)
        if state.get("error"):
            raise Unavailable(f"the preview build failed: {str(state['error'])[:200]}")
        if state.get("generation") and state.get("generation") != previous:
            return state["generation"]


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (and only it), politely first."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --- one site -----------------------------------------------------------------------------


def output_manifest(output: Path, manifest: Path) -> tuple[int, int]:
    """Write `path<TAB>size` for every output file; return (files, bytes)."""
    lines = []
    total = 0
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            size = path.stat().st_size
            total += size
            lines.append(f"{path.relative_to(output).as_posix()}\t{size}")
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines), total


def pick_incident(site: Path) -> Path:
    """A resolved incident from the middle of the history: the common edit (a typo fix)."""
    files = sorted((site / "content" / "incidents").glob("*.md"))
    closed = [p for p in files if b"\nstatus: resolved\n" in p.read_bytes()]
    return (closed or files)[len(closed or files) // 2]


def attempt(result: SizeResult, name: str, scenario: Callable[[], Measure]) -> None:
    attempt_pair(result, (name,), lambda: (scenario(),))


def attempt_pair(
    result: SizeResult, names: Sequence[str], scenario: Callable[[], Sequence[Measure]]
) -> None:
    """Run `scenario`, which measures the scenarios `names` (their runs in turn), and
    keep its measures; a scenario that fails is n/a with the reason, not the whole run."""
    print(f"  {' and '.join(names)} …", end="", flush=True)
    try:
        measures = list(scenario())
    except Unavailable as reason:
        measures = [Measure(note=str(reason)) for _ in names]
        print(f" n/a ({reason})")
    except Exception as error:  # one broken scenario should not cost the whole run
        note = f"{type(error).__name__}: {error}"
        measures = [Measure(note=note) for _ in names]
        print(f" n/a ({note})")
    else:
        print(
            ";".join(
                f"{f' {name}' if len(names) > 1 else ''} {m.seconds:.3f} s"
                f" (runs: {', '.join(f'{s:.3f}' for s in m.runs)})"
                for name, m in zip(names, measures, strict=True)
            )
        )
    for name, measure in zip(names, measures, strict=True):
        result.scenarios[name] = measure


def bench_size(
    statusgen: str, workdir: Path, incidents: int, components: int, seed: int, runs: int
) -> SizeResult:
    site = workdir / f"site-{incidents}"
    shutil.rmtree(site, ignore_errors=True)
    generate.generate(site, incidents, components, seed, datetime.fromisoformat(NOW))
    inputs = [site / "statusgen.yaml", site / "content" / "components.yaml"]
    inputs += sorted((site / "content" / "incidents").glob("*.md"))
    result = SizeResult(incidents, components, len(inputs), sum(p.stat().st_size for p in inputs))
    bench = Bench(statusgen, site, runs)
    print(f"N = {incidents:,} incidents, C = {components} components, {runs} runs each, in {site}")

    manifest = workdir / f"manifest-{incidents}.tsv"
    attempt_pair(result, ("cold", "floor"), lambda: bench.cold_and_floor(manifest))
    if result.seconds("cold") is not None:
        result.output_files, result.output_bytes = bench.files
        attempt(result, "warm", bench.warm)
        result.cache_used = bench.cache.is_dir()
        target = pick_incident(site)
        attempt(result, "edit", lambda: bench.edit(target))
        attempt(result, "new", bench.new_incident)
        attempt(result, "serve", lambda: bench.serve_reload(target))
        attempt(result, "clock", bench.clock)
        attempt(result, "check", lambda: bench.command("check"))
        attempt(
            result,
            "update",
            lambda: bench.command(
                "update", target.stem, "-m", "Still watching.", "--now", NOW, restore=target
            ),
        )
        index = (bench.output / "index.html").read_bytes()
        result.index_gzip_kb = len(gzip.compress(index)) / 1024
    else:
        for name in ("floor", "warm", "edit", "new", "serve", "clock", "check", "update"):
            result.scenarios[name] = Measure()  # the cold build's note says why
    return result


# --- the report ---------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    system = platform.system()
    try:
        release = platform.freedesktop_os_release()["PRETTY_NAME"]
        system = f"{release}, Linux {platform.release()}"
    except (OSError, AttributeError, KeyError):
        system = f"{platform.system()} {platform.release()}"
    return [
        f"- CPU: {cpu}, {usable} cores usable ({os.cpu_count()} online)",
        f"- RAM: {ram}",
        f"- OS: {system}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
    ]


def filesystem(path: Path) -> str:
    """The type of the filesystem holding `path` (file creation cost differs a lot)."""
    best, kind = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return kind
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (target + "/").startswith(parts[1].rstrip("/") + "/")
        if inside and len(parts[1]) >= len(best):
            best, kind = parts[1], parts[2]
    return kind


def statusgen_version(statusgen: str) -> str:
    try:
        out = subprocess.run([statusgen, "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return "unknown"
    version = out.stdout.strip() or "unknown"
    commit = subprocess.run(
        ["git", "-C", str(BENCH.parent), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{version} (commit {commit})" if commit else version


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def timing(result: SizeResult, name: str) -> str:
    """Median wall time, with the median CPU time beside it when known."""
    measure = result.scenarios.get(name)
    if measure is None or measure.seconds is None:
        return "n/a"
    if measure.cpu is None:
        return fmt_seconds(measure.seconds)
    return f"{fmt_seconds(measure.seconds)} (cpu {fmt_seconds(measure.cpu)})"


def fmt_count(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def fmt_bytes(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1_000_000:.1f} MB"


def verdict(value: float | None, limit: float, unit: str = "") -> str:
    if value is None:
        return "n/a"
    mark = "pass" if value <= limit else "**FAIL**"
    return f"{value:.2f}{unit} {mark}"


def table(results: Sequence[SizeResult]) -> list[str]:
    big = results[-1]
    small = results[0] if len(results) > 1 else None
    header = (
        "| | "
        + " | ".join(f"N = {r.incidents:,}" for r in results)
        + " | target (largest site) | result |"
    )
    lines = [header, "|---" * (len(results) + 3) + "|"]

    def row(label: str, cells: list[str], target: str = "", outcome: str = "") -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {outcome} |")

    def ratio(name: str) -> float | None:
        value, floor = big.seconds(name), big.seconds("floor")
        return value / floor if value is not None and floor else None

    def cpu_ratio(name: str) -> str:
        value, floor = big.scenarios.get(name), big.scenarios.get("floor")
        if value is None or floor is None or value.cpu is None or not floor.cpu:
            return ""
        return f" (cpu {value.cpu / floor.cpu:.2f}×)"

    warm_label = (
        "warm full build (cache, no change)"
        if big.cache_used
        else "warm full build (output present)"
    )
    row(
        "floor: read inputs, write same files and bytes",
        [timing(r, "floor") for r in results],
    )
    row(
        "cold full build (no output, no cache)",
        [timing(r, "cold") for r in results],
        f"≤ {COLD_FLOOR_RATIO:g}× floor",
        verdict(ratio("cold"), COLD_FLOOR_RATIO, "×") + cpu_ratio("cold"),
    )
    row(
        warm_label,
        [timing(r, "warm") for r in results],
        f"≤ {WARM_FLOOR_RATIO:g}× floor",
        verdict(ratio("warm"), WARM_FLOOR_RATIO, "×") + cpu_ratio("warm"),
    )
    for label, name, limit in (
        ("no-op rebuild (the warm build above)", "warm", NOOP_SECONDS),
        ("one-incident edit, rebuild", "edit", EDIT_SECONDS),
        ("one new incident, rebuild", "new", NEW_SECONDS),
        ("rebuild after the clock moved 10 minutes", "clock", CLOCK_SECONDS),
        ("`serve`: save to reload event", "serve", SERVE_SECONDS),
        ("`statusgen check`", "check", COMMAND_SECONDS),
        ("`statusgen update`", "update", COMMAND_SECONDS),
    ):
        row(
            label,
            [timing(r, name) for r in results],
            f"≤ {limit:g} s",
            verdict(big.seconds(name), limit, " s"),
        )
    row(
        "index.html gzipped (about 5 % of N open)",
        ["n/a" if r.index_gzip_kb is None else f"{r.index_gzip_kb:.1f} KB" for r in results],
        f"≤ {INDEX_GZIP_KB:g} KB",
        verdict(big.index_gzip_kb, INDEX_GZIP_KB, " KB"),
    )
    row(
        "peak RSS of a build",
        ["n/a" if r.peak_rss_mb is None else f"{r.peak_rss_mb:.0f} MB" for r in results],
        f"≤ {PEAK_RSS_MB:g} MB",
        verdict(big.peak_rss_mb, PEAK_RSS_MB, " MB"),
    )
    row("input files / bytes", [f"{r.input_files:,} / {fmt_bytes(r.input_bytes)}" for r in results])
    row(
        "output files / bytes",
        [f"{fmt_count(r.output_files)} / {fmt_bytes(r.output_bytes)}" for r in results],
    )
    if small is not None:
        cold_big, cold_small = big.seconds("cold"), small.seconds("cold")
        scale = big.incidents / small.incidents
        growth = cold_big / cold_small if cold_big is not None and cold_small else None
        row(
            f"cold build cost, N = {big.incidents:,} / N = {small.incidents:,}",
            [""] * (len(results) - 1) + ["n/a" if growth is None else f"{growth:.2f}×"],
            f"≤ {SCALING_RATIO:g} (linear ≈ {scale:g})",
            verdict(growth, SCALING_RATIO, "×"),
        )
    notes = [
        f"{r.incidents:,}/{name}: {m.note}"
        for r in results
        for name, m in r.scenarios.items()
        if m.note
    ]
    return lines + ([""] + [f"- n/a {note}" for note in notes] if notes else [])


def report(
    results: Sequence[SizeResult], statusgen: str, runs: str, load: str, workdir: Path
) -> str:
    components = results[0].components if results else 0
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d} "
        f"with {statusgen_version(statusgen)}; "
        f"C = {components} components; times are medians of {runs} runs, child process wall time "
        f"including interpreter start-up (cpu: user + system time of the same runs); "
        f"build clock `--now {NOW}`. Load average before / after the run: {load}.",
        "",
        *machine(),
        f"- Sites and output on: {filesystem(workdir)}",
        "",
        *table(results),
    ]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8")
    start, end = current.find(START_MARK), current.find(END_MARK)
    if start < 0 or end < start:
        raise SystemExit(f"{README} has no {START_MARK} … {END_MARK} block")
    updated = current[: start + len(START_MARK)] + "\n" + text + "\n" + current[end:]
    README.write_text(updated, encoding="utf-8")


def default_statusgen() -> str:
    beside = Path(sys.executable).parent / "statusgen"
    if beside.exists():
        return str(beside)
    found = shutil.which("statusgen")
    if found is None:
        raise SystemExit("statusgen is not installed: pip install -e . first, or pass --statusgen")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sites (N = 200 and 1,000) for a smoke run"
    )
    parser.add_argument("--sizes", help="comma-separated incident counts (default 1000,10000)")
    parser.add_argument("--components", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs", type=int, help="runs per scenario (default 5 up to N = 1,000, else 3)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where the sites are generated (default: a temporary folder)"
    )
    parser.add_argument("--statusgen", default=None, help="the statusgen command to measure")
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [200, 1000] if args.quick else [1000, 10000]
    statusgen = args.statusgen or default_statusgen()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="statusgen-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    load_before = os.getloadavg()[0]
    try:
        for n in sorted(sizes):
            runs = args.runs or (5 if n <= 1000 else 3)
            results.append(bench_size(statusgen, workdir, n, args.components, args.seed, runs))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    run_counts = sorted({len(m.runs) for r in results for m in r.scenarios.values() if m.runs})
    load = f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"
    text = report(results, statusgen, "/".join(str(k) for k in run_counts) or "0", load, workdir)
    print()
    print(text)
    if not args.no_readme and not args.quick:
        write_readme(text)
        print(f"\nwritten to {README.relative_to(BENCH.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
