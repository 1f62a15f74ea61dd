"""Run every probed monitor at once, each with its timeout and retries."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timezone

from statusgen.model import Check, CheckResult, Monitor, MonitorKind
from statusgen.probe import words
from statusgen.probe.checks import Outcome, attempt

# Enough threads that a hundred monitors wait on the network side by side; beyond this
# many the extra ones queue (each holds a socket and a little memory while it waits).
MAX_PARALLEL = 256
RETRY_PAUSE = 0.2  # seconds between attempts: long enough to outlast a dropped packet
MIN_ATTEMPT = 0.1  # seconds: a retry with less time than this left is not worth starting


def probed(monitors: Sequence[Monitor]) -> list[Monitor]:
    """The monitors `probe` runs: all but heartbeats, which report themselves."""
    return [m for m in monitors if m.kind is not MonitorKind.HEARTBEAT]


def run_one(monitor: Monitor, clock: Callable[[], datetime]) -> Check:
    """The monitor's check, retried while it fails, all within its `timeout`.

    The timeout bounds the whole check, retries included: a retry gets what is left, so
    a run of many monitors never takes longer than the slowest timeout. Retries are for
    quick failures (refused, reset, an error page); one that used up the time is final,
    and a retry that runs out of what was left keeps the earlier attempt's real failure.
    """
    started = clock()
    deadline = time.monotonic() + monitor.timeout
    outcome: Outcome = attempt(monitor, clock)
    for _ in range(monitor.retries):
        if outcome.result is not CheckResult.DOWN:
            break
        left = deadline - time.monotonic() - RETRY_PAUSE
        if left < MIN_ATTEMPT:
            break
        time.sleep(RETRY_PAUSE)
        retried = attempt(replace(monitor, timeout=left), clock)
        if retried.message == words.TIMED_OUT.recorded:
            # It had only the time left: a slow error page (HTTP 500 after 0.45 s of 1 s)
            # is what the monitor answers, not the timeout its shortened retry ran into.
            break
        outcome = retried
    return Check(started, outcome.result, outcome.latency_ms, outcome.message)


def run_all(
    monitors: Sequence[Monitor], clock: Callable[[], datetime] | None = None
) -> dict[str, Check]:
    """Every monitor's check by id, run concurrently."""
    now = clock or (lambda: datetime.now(timezone.utc))
    if not monitors:
        return {}
    workers = min(len(monitors), MAX_PARALLEL)
    with concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="probe") as pool:
        futures = {m.id: pool.submit(run_one, m, now) for m in monitors}
        return {monitor_id: future.result() for monitor_id, future in futures.items()}
