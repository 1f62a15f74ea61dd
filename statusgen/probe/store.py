"""The recorded checks: one small JSON file per monitor under data/monitors/.

A file holds the recent runs verbatim (the last 48 hours, at most 2,000 runs, and the 5
before them) and one aggregate per day for the history window, or a year if that is
longer (DAYS_KEPT): checks, failures,
degraded runs, p50 and p95 latency, and the runs muted by a maintenance window (counted
apart: planned work is not downtime). Its size is therefore bounded whatever the schedule;
docs/monitors.md gives the measured bytes per monitor.

Adding a run that is already recorded (same millisecond, result, latency and message) changes
nothing, so two files that diverged (two CI runs that overlapped and both pushed) merge by
adding one's runs to the other: `merge`, behind `statusgen record --from`. Runs on one
machine that overlap take a lock (in the cache folder) around the read-modify-write of
the folder instead.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from zoneinfo import ZoneInfo

from statusgen.clock import CLOCK_SKEW
from statusgen.errors import Diagnostic, StatusgenError, cannot_write
from statusgen.layout import CACHE_FOLDER, MONITOR_DATA_DIR
from statusgen.load.text import (
    SHOWN_PER_FILE,
    describe_character,
    forbidden_character,
    unified,
)
from statusgen.model import (
    MAX_LATENCY_MS,
    Check,
    CheckResult,
    DayAggregate,
    MonitorData,
    MutedRuns,
)
from statusgen.replacement import Replacement

FORMAT_VERSION = 1
RAW_WINDOW = timedelta(hours=48)
RAW_MAX = 2000
RAW_MIN = 5  # the status rule reads the last five runs, however old: kept before the window
# The days kept at least, whatever `history_days` says: a shorter window tried for a while
# hides the older days, and going back shows them again. Dropped, they would be gone for
# good (the CI data branch is a single commit). A year, leap day included: about 15 KB.
DAYS_KEPT = 366
_MUTED = "muted"  # a run's mark: made during a maintenance window, counted apart
# In the cache folder, which git ignores: a lock file beside the data would be committed.
_LOCK_NAME = "monitors.lock"
MESSAGE_LIMIT = 500  # characters of a run's message kept, however it was recorded
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)


def _millis(moment: datetime) -> int:
    """Unix time in whole milliseconds, without float rounding."""
    return (moment - _EPOCH) // _MS


# --- pure operations on MonitorData ------------------------------------------------------


def add_checks(
    data: MonitorData, checks: Iterable[Check], tz: ZoneInfo, history_days: int
) -> MonitorData:
    """`data` with the checks added (a run already recorded is skipped), day aggregates
    updated, and what has aged out of either window dropped: the runs past RAW_WINDOW but the
    RAW_MIN before it, the days past `history_days` or DAYS_KEPT, whichever is longer."""
    runs = {c.at: c for c in data.checks}
    days = {d.day: d for d in data.days}
    touched: set[date] = set()
    for check in checks:
        check = _to_millisecond(check)
        if _pruned(data, check):
            continue
        at = _place(runs, check)
        if at is None:
            continue  # already recorded: adding a copy's runs again changes nothing
        check = replace(check, at=at)
        runs[at] = check
        day = at.astimezone(tz).date()
        days[day] = tally(days.get(day) or DayAggregate(day, 0, 0, 0, None, None), check, 1)
        touched.add(day)
    ordered = sorted(runs.values(), key=lambda c: c.at)
    _refresh_percentiles(days, ordered, touched, tz)
    pruned_before = data.pruned_before
    if ordered:
        newest = ordered[-1].at
        recent = sum(1 for c in ordered if newest - c.at <= RAW_WINDOW)
        # And the five runs before them: the status at the oldest of the window's runs reads
        # them, so a change the checks made there is still told (measured.changed_at).
        keep = ordered[max(0, len(ordered) - recent - RAW_MIN) :][-RAW_MAX:]
        if len(keep) < len(ordered):
            pruned_before = ordered[len(ordered) - len(keep) - 1].at
        ordered = keep
        kept_days = max(history_days, DAYS_KEPT)
        first_day = newest.astimezone(tz).date() - timedelta(days=kept_days)
        days = {d: agg for d, agg in days.items() if d > first_day}
    return replace(
        data,
        checks=tuple(ordered),
        days=tuple(days[d] for d in sorted(days)),
        pruned_before=pruned_before,
    )


def _refresh_percentiles(
    days: dict[date, DayAggregate], ordered: list[Check], touched: set[date], tz: ZoneInfo
) -> None:
    """Recompute p50/p95 of the `touched` days from the runs held, where they are all of
    the day's runs. A day partly pruned already (its count is more than the runs held)
    keeps p50/p95 as they were: percentiles cannot be merged, and those of the few runs
    left would misstate the day. While runs arrive in order, the 48-hour window holds each
    day whole, so this happens only to a run recorded late (`record --at`, `--from`)."""
    held: dict[date, list[Check]] = {}
    for c in ordered:
        day = c.at.astimezone(tz).date()
        if day in touched:
            held.setdefault(day, []).append(c)
    for day in touched:
        if day not in days or len(held.get(day, ())) < runs_of(days[day]):
            continue
        values = response_times(held[day])
        days[day] = replace(
            days[day], p50_ms=percentile(values, 0.50), p95_ms=percentile(values, 0.95)
        )


def tally(aggregate: DayAggregate, check: Check, step: int) -> DayAggregate:
    """The day with the run counted in (`step` 1) or taken out (-1): a muted run only as
    muted, so the day's uptime and colour never see it."""
    if check.muted:
        return replace(
            aggregate,
            muted=aggregate.muted + step,
            muted_by=_muted_by(aggregate.muted_by, check, step),
        )
    return replace(
        aggregate,
        checks=aggregate.checks + step,
        failures=aggregate.failures + step * (check.result is CheckResult.DOWN),
        degraded=aggregate.degraded + step * (check.result is CheckResult.DEGRADED),
    )


def _muted_by(kept: tuple[MutedRuns, ...], check: Check, step: int) -> tuple[MutedRuns, ...]:
    """A day's runs muted by windows some pages show, with the run counted in or out."""
    if not check.muted_by:
        return kept
    by = {m.windows: m for m in kept}
    old = by.get(check.muted_by) or MutedRuns(check.muted_by, 0, 0, 0)
    by[check.muted_by] = MutedRuns(
        old.windows,
        old.runs + step,
        old.failures + step * (check.result is CheckResult.DOWN),
        old.degraded + step * (check.result is CheckResult.DEGRADED),
    )
    return tuple(by[w] for w in sorted(by) if by[w].runs)


def runs_of(aggregate: DayAggregate) -> int:
    """How many runs the day counted, muted ones included."""
    return aggregate.checks + aggregate.muted


def drop_ahead(data: MonitorData, now: datetime, tz: ZoneInfo) -> tuple[MonitorData, int]:
    """`data` without the runs dated more than CLOCK_SKEW after `now`, taken out of their
    days' counts, and how many runs that was.

    Only a clock that ran ahead records them (`record --at` and `--from` refuse them), and
    they do harm twice: the 48-hour window is counted back from the newest run, so every
    run recorded after the clock was set right would be pruned at once, and once their
    time comes they would show a job working that may have stopped. The writer's clock
    is the one to trust: it is recording now."""
    latest = now + CLOCK_SKEW
    today = latest.astimezone(tz).date()
    ahead = [c for c in data.checks if c.at > latest]
    later_days = [d for d in data.days if d.day > today]
    late_pruning = data.pruned_before is not None and data.pruned_before > latest
    if not ahead and not later_days and not late_pruning:
        return data, 0
    kept = [c for c in data.checks if c.at <= latest]
    # A day after today holds only runs from ahead; today's loses those it counted.
    days = {d.day: d for d in data.days if d.day <= today}
    touched: set[date] = set()
    for check in ahead:
        day = check.at.astimezone(tz).date()
        if day in days:
            days[day] = tally(days[day], check, -1)
            touched.add(day)
    _refresh_percentiles(days, kept, touched, tz)
    pruned_before = data.pruned_before
    if late_pruning:
        # Pruned while the clock was ahead: what it dropped lay ahead too, except the
        # runs before the newest one held.
        pruned_before = min((c.at for c in kept[-1:]), default=None)
    ordered_days = tuple(days[d] for d in sorted(days) if runs_of(days[d]))
    kept_data = replace(data, checks=tuple(kept), days=ordered_days, pruned_before=pruned_before)
    return kept_data, len(ahead)


class Skipped(Enum):
    """Why add_checks leaves a run out."""

    PRUNED = "pruned"  # at or before `pruned_before`: it may be counted already
    RECORDED = "recorded"  # the same run is held already


def skipped(data: MonitorData, check: Check) -> Skipped | None:
    """Why add_checks would leave `check` out of `data`; None when it would add it."""
    check = _to_millisecond(check)
    if _pruned(data, check):
        return Skipped.PRUNED
    if _place({c.at: c for c in data.checks}, check) is None:
        return Skipped.RECORDED
    return None


def past_window(data: MonitorData, check: Check, now: datetime) -> bool:
    """Whether `check` is older than RAW_WINDOW back from `now` (or the newest run held, if
    later): a file keeps it only while it is among the RAW_MIN runs before the window, so
    it would be counted now and dropped a few runs later, and its retry refused as one
    maybe counted."""
    newest = max([now, *(c.at for c in data.checks[-1:])])
    return newest - _to_millisecond(check).at > RAW_WINDOW


def _to_millisecond(check: Check) -> Check:
    """The run as a file keeps it: in UTC, to the millisecond."""
    at = check.at.astimezone(timezone.utc)
    return replace(check, at=at.replace(microsecond=at.microsecond // 1000 * 1000))


def _pruned(data: MonitorData, check: Check) -> bool:
    """A run from before the last pruning may have been counted and dropped already:
    counting it again would double it."""
    return data.pruned_before is not None and check.at <= data.pruned_before


def _place(runs: Mapping[datetime, Check], check: Check) -> datetime | None:
    """Where the run goes among `runs`: its millisecond, or after a different run of the
    same millisecond the next free one (both are kept, 1 ms apart); None when the run is
    held already, in its millisecond or moved on by an earlier merge."""
    at = check.at
    while at in runs:
        if runs[at] == replace(check, at=at):
            return None
        at += _MS
    return at


def merge(
    incoming: MonitorData, *, into: MonitorData, tz: ZoneInfo, history_days: int
) -> MonitorData:
    """Both sides' runs: `into`, plus every run of `incoming` that `into` does not hold
    (a different run of the same millisecond is kept beside the one held). The component
    `into` records, else the one `incoming` does."""
    merged = add_checks(into, incoming.checks, tz, history_days)
    return measured_for(merged, incoming.component_id)


def measured_for(data: MonitorData, component_id: str | None) -> MonitorData:
    """`data` recording that its runs measure `component_id`, unless it names a component
    already: one pointed elsewhere since is left for `check` to warn of
    (config.repointed), never rewritten by the next run, which would hide the move."""
    if data.component_id is not None or component_id is None:
        return data
    return replace(data, component_id=component_id)


def response_times(checks: Iterable[Check]) -> list[int]:
    """The runs' response times, sorted: the latency of each run that got an answer, a
    failed one included (an HTTP 500 took its time too); a run that timed out or could
    not connect has none. The one rule for every median and percentile a page shows."""
    return sorted(c.latency_ms for c in checks if c.latency_ms is not None)


def percentile(values: list[int], fraction: float) -> int | None:
    """Nearest-rank percentile of sorted values; None for none (one rule for a day's
    figures, whether recorded or cut back to a past moment)."""
    if not values:
        return None
    rank = max(1, -(-len(values) * fraction // 1))
    return values[int(rank) - 1]


# --- files ---------------------------------------------------------------------------------


def data_path(root: Path, monitor_id: str) -> Path:
    return root / MONITOR_DATA_DIR / f"{monitor_id}.json"


def dumps(data: MonitorData) -> str:
    """The file's text: one run or day per line, so a diff shows what a run added."""
    pruned = None if data.pruned_before is None else _millis(data.pruned_before)
    lines = [
        "{"
        + f'"version": {FORMAT_VERSION}, "monitor": {json.dumps(data.monitor_id)},'
        # Written only when known: a file without it reads as before, in older versions too.
        + ("" if data.component_id is None else f' "component": {json.dumps(data.component_id)},'),
        f' "pruned_before": {json.dumps(pruned)},',
        ' "runs": [',
    ]
    # The marks are written only where there is one: a file without any reads as before
    # (and older versions of statusgen still read it).
    runs = [
        "  "
        + json.dumps(
            [_millis(c.at), c.result.value, c.latency_ms, c.message, *mark], ensure_ascii=False
        )
        for c in data.checks
        for mark in [[_MUTED, *c.muted_by] if c.muted else []]
    ]
    lines.append(",\n".join(runs))
    lines.append(" ],")
    lines.append(' "days": [')
    days = [
        "  "
        + json.dumps(
            [d.day.isoformat(), d.checks, d.failures, d.degraded, d.p50_ms, d.p95_ms, *muted]
        )
        for d in data.days
        for muted in [
            [d.muted, [[list(m.windows), m.runs, m.failures, m.degraded] for m in d.muted_by]]
            if d.muted_by
            else [d.muted]
            if d.muted
            else []
        ]
    ]
    lines.append(",\n".join(days))
    lines.append(" ]}")
    return "\n".join(line for line in lines if line) + "\n"


# Restoring keeps the monitor's history; deleting loses it, so it comes last, its cost said.
_UNREADABLE = (
    "restore the file from git; only with no good copy anywhere, delete it to start the"
    " monitor afresh, its history lost"
)
_FIX_LINE = f"correct the value on this line, {_UNREADABLE}"
_RUN_FORM = (
    "[unix time in milliseconds, up|degraded|down, latency ms or null, message], "
    f'then "{_MUTED}" for a run made during maintenance, and the windows that muted it '
    "when they name their pages"
)
_DAY_FORM = (
    "[date, checks, failures, degraded runs, p50 ms or null, p95 ms or null], "
    "then the runs muted by maintenance when there were any, and those muted by windows "
    "naming their pages as [[windows], runs, failures, degraded runs]"
)
_LATEST_MS = _millis(datetime(9999, 12, 31, tzinfo=timezone.utc))  # what a datetime holds


def _text(data: bytes) -> str:
    """A data file's text, read as every site file is: a byte order mark (Notepad or
    PowerShell saved it) dropped, line endings unified."""
    return unified(data).decode("utf-8", "replace")


def loads(data: bytes, path: str, monitor_id: str) -> MonitorData:
    """Read a data file; a broken one is a StatusgenError naming the file and the line of
    each problem (all of them: one per run or day edited by hand)."""
    text = _text(data)
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as error:
        from statusgen.load.conflicts import RUNS_HINT, conflict_markers

        # A merge of the monitor-data branch that stopped on this file: its markers, at
        # their lines, rather than the first line JSON could not read.
        conflicts = conflict_markers(path, text, hint=RUNS_HINT)
        if conflicts:
            raise StatusgenError(conflicts) from None
        raise StatusgenError(
            [
                Diagnostic(
                    path,
                    error.lineno,
                    error.colno,
                    f"cannot read monitor data: not JSON: {error.msg}",
                    _UNREADABLE,
                )
            ]
        ) from None
    except (ValueError, RecursionError):
        raise _unreadable(path, "not JSON statusgen writes") from None
    if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
        # Another version's file (or none at all): nothing in it can be read as ours. At its
        # "version", or the first line: `record --from` may be given any file.
        detail = f"not a version {FORMAT_VERSION} monitor data file"
        raise StatusgenError(_placed(text, path, [("version", None, detail)]))
    # (key, index in its list or None, what is wrong): placed on their lines afterwards.
    problems: list[tuple[str, int | None, str]] = []
    checks = _items(raw, "runs", _once(_run, lambda c: c.at, _TWICE_RUN), problems)
    days = _items(raw, "days", _once(_day_of, lambda d: d.day, _TWICE_DAY), problems)
    pruned_before = None
    if raw.get("pruned_before") is not None:
        try:
            pruned_before = _EPOCH + _millis_of(raw["pruned_before"], "pruned_before") * _MS
        except ValueError as error:
            problems.append(("pruned_before", None, str(error)))
    component = raw.get("component")
    # Half of a character would be quoted back in a warning that no terminal can print.
    an_id = isinstance(component, str) and component and forbidden_character(component) is None
    if component is not None and not an_id:
        problems.append(("component", None, f"component {_shown(component)} is not an id"))
        component = None
    if problems:
        raise StatusgenError(_placed(text, path, problems))
    ordered = tuple(sorted(checks, key=lambda c: c.at))
    return MonitorData(monitor_id, ordered, tuple(days), pruned_before, component)


T = TypeVar("T")


def _items(
    raw: dict[str, Any],
    key: str,
    read: Callable[[object], T],
    problems: list[tuple[str, int | None, str]],
) -> list[T]:
    """The items of the list under `key` that read well; a problem noted for each other."""
    items = raw.get(key)
    if key not in raw:
        problems.append((key, None, f"it has no {key!r}"))
        return []
    if not isinstance(items, list):
        problems.append((key, None, f"{key!r} must be a list, not {_shown(items)}"))
        return []
    found: list[T] = []
    for index, item in enumerate(items):
        try:
            found.append(read(item))
        except ValueError as error:
            problems.append((key, index, str(error)))
    return found


K = TypeVar("K")


_TWICE_RUN = "a second run at {} ms: delete the copy (a different run goes 1 ms later)"
_TWICE_DAY = "day {} is written twice: keep one line, the counts added up"


def _once(read: Callable[[object], T], key: Callable[[T], K], twice: str) -> Callable[[object], T]:
    """`read`, refusing an item whose key an earlier item had: statusgen writes each run
    and each day once, and keeping one of the two would drop the other unsaid."""
    seen: set[K] = set()

    def read_once(item: object) -> T:
        found = read(item)
        if key(found) in seen:
            raise ValueError(twice.format(item[0] if isinstance(item, list) else key(found)))
        seen.add(key(found))
        return found

    return read_once


def _unreadable(path: str, detail: str) -> StatusgenError:
    return StatusgenError(
        [Diagnostic(path, 0, 0, f"cannot read monitor data: {detail}", _UNREADABLE)]
    )


def runs_ahead(data: bytes, path: str, now: datetime) -> list[Diagnostic]:
    """A diagnostic at the line of each run in a data file (even one `loads` refuses for
    another line) dated more than CLOCK_SKEW after `now`: what `record --from` refuses to
    merge."""
    latest = _millis(now + CLOCK_SKEW)
    text = _text(data)
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):  # `loads` says what is wrong with the file
        return []
    ours = isinstance(raw, dict) and raw.get("version") == FORMAT_VERSION
    runs = raw.get("runs") if ours else None
    # Read whatever times can be read even in a broken file, so that one run's bad result
    # and another's future time are reported in the same run.
    problems: list[tuple[str, int | None, str]] = [
        ("runs", index, f"run at {utc_text(_EPOCH + run[0] * _MS)} is in the future")
        for index, run in enumerate(runs if isinstance(runs, list) else [])
        if isinstance(run, list) and run and type(run[0]) is int and latest < run[0] <= _LATEST_MS
    ]
    hint = (
        "the clock of the machine that recorded it ran ahead: delete the line, or merge "
        "once that time has come; nothing was merged"
    )
    return _placed(text, path, problems, prefix="", hint=hint)


def days_short_of_runs(
    data: bytes, path: str, recorded: MonitorData, tz: ZoneInfo
) -> list[Diagnostic]:
    """A warning at the line of each day that counted fewer runs (or fewer failed,
    degraded or muted ones) than the file holds for that day in `tz`: dated in the
    timezone the site had when they were recorded, or edited by hand. A page cut at a
    moment of that day takes it as the runs say (measured.data_as_of)."""
    from statusgen.errors import Severity

    held: dict[date, DayAggregate] = {}
    for check in recorded.checks:
        day = check.at.astimezone(tz).date()
        held[day] = tally(held.get(day) or DayAggregate(day, 0, 0, 0, None, None), check, 1)
    problems: list[tuple[str, int | None, str]] = []
    for index, row in enumerate(recorded.days):
        runs = held.get(row.day)
        if runs is None:
            continue
        short = [
            f"{counted} {what}, but {held_count} are held for that day"
            for what, counted, held_count in zip(
                ("runs", "failed runs", "degraded runs", "muted runs"),
                _counts(row),
                _counts(runs),
                strict=True,
            )
            if counted < held_count
        ]
        if short:
            problems.append(("days", index, f"day {row.day} counts {short[0]} ({tz.key})"))
    hint = (
        "if 'timezone' changed since these runs were recorded, the day was counted in the "
        "old one; otherwise correct the counts on this line to at least the runs' (delete "
        "the line to show the day as no data)"
    )
    found = _placed(_text(data), path, problems, prefix="", hint=hint)
    return [replace(d, severity=Severity.WARNING) for d in found]


def _counts(day: DayAggregate) -> tuple[int, int, int, int]:
    """A day's runs (muted ones included), failed, degraded and muted runs."""
    return runs_of(day), day.failures, day.degraded, day.muted


def utc_text(moment: datetime) -> str:
    """A run's time as messages say it: UTC, to the second."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _placed(
    text: str,
    path: str,
    problems: list[tuple[str, int | None, str]],
    *,
    prefix: str = "cannot read monitor data: ",
    hint: str = "",
) -> list[Diagnostic]:
    """A diagnostic for each problem, at the line and column where its value starts; past
    a screenful, one more at the first of the rest with their count."""
    where = _where(text)
    # Line starts looked up, not newlines counted from the top for each problem: a file
    # of 50,000 bad runs took half a minute.
    line_starts = [0, *(found.end() for found in re.finditer("\n", text))]
    found: list[Diagnostic] = []
    for key, index, detail in problems[: SHOWN_PER_FILE + 1]:
        start, items = where.get(key, (-1, []))
        offset = items[index] if index is not None and index < len(items) else start
        line = bisect_right(line_starts, offset) if offset >= 0 else 1
        column = offset - line_starts[line - 1] + 1 if offset >= 0 else 0
        fix = hint or (_FIX_LINE if index is not None else _UNREADABLE)
        told = 1
        if len(found) == SHOWN_PER_FILE and len(problems) > SHOWN_PER_FILE + 1:
            # As for characters a file may not hold: the terminal is not flooded.
            told = len(problems) - SHOWN_PER_FILE
            detail = f"and {told} more problems like these, from here on"
        found.append(Diagnostic(path, line, column, f"{prefix}{detail}", fix, problems=told))
    return found


_BLANK = re.compile(r"[ \t\n\r]*")


def _where(text: str) -> dict[str, tuple[int, list[int]]]:
    """Where each value of a data file's object starts, and each item of a list value:
    offsets into `text`, which `json.loads` has read already (so it is JSON). Worked out
    only for a file with a problem to place; a good one is read by `json.loads` alone."""
    decoder = json.JSONDecoder()

    def skip(at: int) -> int:
        match = _BLANK.match(text, at)
        return match.end() if match else at

    found: dict[str, tuple[int, list[int]]] = {}
    at = skip(0)
    if text[at : at + 1] != "{":
        return found
    at = skip(at + 1)
    while text[at : at + 1] == '"':
        key, at = decoder.raw_decode(text, at)
        at = skip(skip(at) + 1)  # past the colon
        start, items = at, []
        if text[at : at + 1] == "[":
            at = skip(at + 1)
            while text[at : at + 1] not in ("]", ""):
                items.append(at)
                at = skip(decoder.raw_decode(text, at)[1])
                if text[at : at + 1] == ",":
                    at = skip(at + 1)
            at += 1
        else:
            at = decoder.raw_decode(text, at)[1]
        found[key] = (start, items)  # a key given twice: the last one, as json.loads reads
        at = skip(at)
        if text[at : at + 1] == ",":
            at = skip(at + 1)
    return found


def _shown(value: object) -> str:
    """A value as a message quotes it, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    if forbidden_character(text) is not None:
        text = json.dumps(value)  # escaped: no terminal or report could print it
    return text if len(text) <= 60 else text[:57] + "..."


def _run(item: object) -> Check:
    """A run as written in a data file."""
    if not isinstance(item, list) or len(item) < 4:
        raise ValueError(f"a run is written {_RUN_FORM}, not {_shown(item)}")
    at, result, latency, message, *mark = item
    if mark and mark[0] != _MUTED:
        raise ValueError(f'a run\'s mark can only be "{_MUTED}", not {_shown(mark[0])}')
    windows = _windows(mark[1:])
    return Check(
        at=_EPOCH + _millis_of(at, "a run's time") * _MS,
        result=_result(result),
        latency_ms=_latency(latency, "a run's latency"),
        message=_message(message),
        muted=bool(mark),
        muted_by=windows,
    )


def _windows(value: list[object]) -> tuple[str, ...]:
    """The windows that muted a run or a day's runs, as a file names them (their slugs)."""
    # A window's name is its file's: a control character or half of one names none.
    named = all(isinstance(w, str) and w and forbidden_character(w) is None for w in value)
    if not named or len(set(value)) < len(value):
        raise ValueError(f"the windows that muted a run are their names, not {_shown(value)}")
    return tuple(sorted(str(w) for w in value))


def _message(value: object) -> str:
    """A run's message as written in a data file, cleaned as `record -m` cleans one: a
    copy merged by `record --from`, or a file edited by hand, holds what it was given."""
    if not isinstance(value, str):
        raise ValueError(f"a run's message must be text in quotes, not {_shown(value)}")
    broken = _SURROGATE.search(value)
    if broken:
        # Half of a character, written as a `\ud800` escape: statusgen never writes one,
        # and no page or file can carry it, so what the run said is not known.
        raise ValueError(
            f"a run's message holds {describe_character(broken[0])} at character "
            f"{broken.start() + 1}, half of a character: write the message again without it"
        )
    return run_message(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def one_line(message: str) -> str:
    """A run's message as one line, without the terminal escape sequences (each whole),
    control characters (a NUL) or direction controls (an override that turns the text
    after it) a job's output may hold, which the page and --json would carry as is."""
    if message.isascii() and message.isprintable() and " ".join(message.split()) == message:
        return message  # nearly every message: nothing to drop, and a file holds 2,000
    from statusgen.authoring.edit import clean_title, drop_escapes
    from statusgen.render.markdown import drop_bidi

    return clean_title(drop_escapes(drop_bidi(message)))


def run_message(message: str) -> str:
    """A run's message as a data file keeps it, however it was recorded (`record -m`, a
    copy merged by `record --from`, a hand edit): one_line, cut to MESSAGE_LIMIT."""
    return one_line(message)[:MESSAGE_LIMIT].rstrip()


def _millis_of(value: object, what: str) -> int:
    """Unix time in milliseconds as a file writes it."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _LATEST_MS:
        raise ValueError(f"{what} must be a unix time in whole milliseconds, not {_shown(value)}")
    return value


def _day_of(item: object) -> DayAggregate:
    """A day as written in a data file."""
    # Files written before runs could be muted have six columns: none muted then.
    if not isinstance(item, list) or len(item) not in (6, 7, 8):
        raise ValueError(f"a day is written {_DAY_FORM}, not {_shown(item)}")
    return _day(*item)


def _day(day: object, checks: object, failures: object, degraded: object, p50: object,
         p95: object, muted: object = 0, muted_by: object = ()) -> DayAggregate:  # fmt: skip
    """A day as written in a data file, its counts consistent: a hand edit that is not
    would give an uptime below zero, or a page that cannot be rendered."""
    try:
        when = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        when = None
    if when is None:
        raise ValueError(f"a day's date is written YYYY-MM-DD, not {_shown(day)}")
    counts = [_count(value, f"day {when}: {name}") for value, name in (
        (checks, "checks"), (failures, "failures"), (degraded, "degraded"),
        (muted, "muted"))]  # fmt: skip
    total, down, slow, quiet = counts
    if down > total:
        raise ValueError(f"day {when} counts {down} failures among {total} checks")
    if down + slow > total:
        raise ValueError(
            f"day {when} counts {slow} degraded runs and {down} failures among {total} checks"
        )
    return DayAggregate(
        when,
        total,
        down,
        slow,
        _latency(p50, f"day {when}: p50"),
        _latency(p95, f"day {when}: p95"),
        quiet,
        _muted_runs(muted_by, when, quiet),
    )


def _muted_runs(value: object, when: date, muted: int) -> tuple[MutedRuns, ...]:
    """A day's runs muted by windows naming their pages, as a file writes them: at most
    the day's muted runs, each group's failures and degraded runs at most its runs."""
    if not isinstance(value, list | tuple):
        raise ValueError(f"day {when}: the runs muted by windows are a list, not {_shown(value)}")
    groups: dict[tuple[str, ...], MutedRuns] = {}
    for group in value:
        if not isinstance(group, list) or len(group) != 4 or not isinstance(group[0], list):
            raise ValueError(
                f"day {when}: runs muted by windows are [[windows], runs, failures, degraded "
                f"runs], not {_shown(group)}"
            )
        windows = _windows(group[0])
        runs, down, slow = (_count(v, f"day {when}: muted runs") for v in group[1:])
        if not windows or down + slow > runs or windows in groups:
            raise ValueError(f"day {when}: runs muted by windows cannot be {_shown(group)}")
        groups[windows] = MutedRuns(windows, runs, down, slow)
    if sum(g.runs for g in groups.values()) > muted:
        raise ValueError(f"day {when} counts more runs muted by windows than its {muted} muted")
    return tuple(groups[w] for w in sorted(groups))


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number from 0, not {_shown(value)}")
    return value


def _latency(value: object, what: str) -> int | None:
    """Milliseconds, as `record --latency` takes them, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LATENCY_MS:
        raise ValueError(
            f"{what} must be a whole number of milliseconds or null, not {_shown(value)}"
            f" (at most {MAX_LATENCY_MS})"
        )
    return value


def _result(value: object) -> CheckResult:
    """A run's result as written in a data file."""
    try:
        return CheckResult(value)
    except ValueError:
        choices = ", ".join(r.value for r in CheckResult)
        raise ValueError(f"unknown result {_shown(value)} (one of {choices})") from None


def load(root: Path, monitor_id: str, *, outputs: Collection[str] = ()) -> MonitorData:
    """The monitor's recorded data; empty when nothing has been recorded yet. `outputs`
    are the output folders it may not be a link into (load/files.refuse_outside)."""
    from statusgen.load.files import InputError, read_input

    path = data_path(root, monitor_id)
    relpath = f"{MONITOR_DATA_DIR}/{monitor_id}.json"
    try:
        data = read_input(path, site=root, outputs=outputs)
    except FileNotFoundError:
        return MonitorData(monitor_id)
    except InputError as error:  # a FIFO, a device, a runaway size: never read
        raise StatusgenError([error.diagnostic(relpath)]) from None
    return loads(data, relpath, monitor_id)


def save(root: Path, data: MonitorData) -> None:
    """Write the file atomically: a reader never sees half of it (statusgen/replacement.py).
    A StatusgenError (cannot_write) when the file system refuses; the file stays whole."""
    try:
        with Replacement(data_path(root, data.monitor_id)) as replacement:
            replacement.write(dumps(data).encode("utf-8"))
            replacement.commit()
    except OSError as error:
        # Named by the file meant, not the temp file the system refused.
        relpath = f"{MONITOR_DATA_DIR}/{data.monitor_id}.json"
        raise _unwritable(
            relpath, "the monitor's data", error, "the file was left as it was"
        ) from None


def _unwritable(relpath: str, what: str, error: OSError, then: str) -> StatusgenError:
    """The diagnostic for a data file or the lock the file system refused (full, read-only):
    worded as every other write refused (errors.cannot_write)."""
    return cannot_write(
        relpath,
        what,
        error,
        again="run the command again",
        elsewhere="record into a copy of the site on a writable disk",
        then=then,
    )


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the data folder's lock: overlapping runs on one machine write one at a time.
    A StatusgenError (cannot_write) when the lock cannot be made: nothing is written."""
    with _lock_file(root) as lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, one writer
            yield
            return
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _lock_file(root: Path) -> BinaryIO:
    """The lock file, open; a StatusgenError when the file system refuses it, or when the
    cache folder is a link (the lock would be made wherever it leads, out of the site or
    into static/)."""
    from statusgen.incremental.store import linked_cache_folders, unusable_cache_folder

    again = "run the command again"  # record's and probe's: neither is a build
    if linked := linked_cache_folders(root, again):
        raise StatusgenError(linked)
    # One that loops leads nowhere, and a file in its place holds nothing: no lock can be
    # made in either (mkdir says "File exists").
    if unusable := unusable_cache_folder(root, "nothing was recorded", again):
        raise StatusgenError([unusable])
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return open(folder / _LOCK_NAME, "a+b")
    except OSError as error:
        relpath = f"{CACHE_FOLDER}/{_LOCK_NAME}"
        what = "the lock that keeps runs on this machine apart"
        raise _unwritable(relpath, what, error, "nothing was recorded") from None


def record(
    root: Path,
    checks: Mapping[str, Iterable[Check]],
    tz: ZoneInfo,
    history_days: int,
    *,
    components: Mapping[str, str] | None = None,
    now: datetime | None = None,
    dropped: dict[str, int] | None = None,
    judged: Callable[[MonitorData], MonitorData] | None = None,
    failed: list[Diagnostic] | None = None,
) -> dict[str, MonitorData]:
    """Add each monitor's new checks to its file, under the lock; the files' new contents,
    each recording the component in `components` (by monitor id) it measures when it
    records none yet (measured_for). With `now`, runs held from a clock that ran ahead go
    first (drop_ahead), counted by monitor in `dropped`. With `judged`, each file's runs
    are first given the muted marks it says (measured.data_marks_judged). With `failed`,
    a file that cannot be read is left as it is, its problems there, and the others are
    still written; without, the first such file stops it."""
    written: dict[str, MonitorData] = {}
    with locked(root):
        for monitor_id, new in checks.items():
            try:
                data = load(root, monitor_id)
            except StatusgenError as error:
                if failed is None:
                    raise
                failed.extend(error.diagnostics)
                continue
            if judged is not None:
                data = judged(data)
            if now is not None:
                data, count = drop_ahead(data, now, tz)
                if count and dropped is not None:
                    dropped[monitor_id] = count
            data = add_checks(data, new, tz, history_days)
            data = measured_for(data, (components or {}).get(monitor_id))
            save(root, data)
            written[monitor_id] = data
    return written


def data_files(root: Path, record: Any = None) -> list[str]:
    """Relative paths of the data files present, sorted; `record` (a build's InputRecord)
    notes the folder, so a file added later is noticed."""
    if record is not None:
        record.folder(root, MONITOR_DATA_DIR)
    try:
        names = os.listdir(root / MONITOR_DATA_DIR)
    except OSError:
        return []
    found = (n for n in names if n.endswith(".json") and not n.startswith("."))
    return sorted(f"{MONITOR_DATA_DIR}/{n}" for n in found)
