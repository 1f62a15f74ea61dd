"""The status rules for measured checks (SPEC §9): status.py's rules for what monitors say.

Kept beside status.py rather than inside it so the declared rules and the measured ones
can change independently; like status.py it is pure (a Site with its recorded data and a
moment in, values out) and every page, API and command asks it instead of re-deriving.

The rule is openstatus': over the last 5 runs of each monitor, accumulated,
ratio = up / (up + down); NaN → unknown; ≥ 0.98 operational; ≥ 0.6 degraded_performance;
≥ 0.3 partial_outage; ≥ 0 major_outage. A slow answer counts as up for the ratio but makes
the monitor at least degraded while it is the newest run. A monitor whose newest run is
older than three intervals is stale: unknown, and left out of the ratio; the runs before
such a gap are the monitor's past, so when runs come again only those from then on count.
A run made while
a maintenance window affected its component (muted) counts in none of these: planned work
is not downtime.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from statusgen.model import (
    Check,
    CheckResult,
    ComponentStatus,
    DayAggregate,
    Event,
    Impact,
    Maintenance,
    Monitor,
    MonitorData,
    Site,
)
from statusgen.probe.store import percentile, response_times, runs_of, tally
from statusgen.status import (
    Change,
    KeptDays,
    OverallStatus,
    SiteStatus,
    counted_from,
    counted_window,
    day_start,
    indicator_description,
    indicator_for,
    marking_windows,
    next_cut_moment,
    record_start,
    under_maintenance,
    worst_status,
)
from statusgen.status import compute as compute_declared
from statusgen.status import overall_status as overall_declared

LAST_RUNS = 5
STALE_AFTER_INTERVALS = 3
_SLOW = ComponentStatus.DEGRADED_PERFORMANCE  # the least a slow newest run means


def status_for_ratio(ratio: float) -> ComponentStatus | None:
    """openstatus' thresholds; None is `unknown` (no runs to judge)."""
    if math.isnan(ratio):
        return None
    if ratio >= 0.98:
        return ComponentStatus.OPERATIONAL
    if ratio >= 0.6:
        return ComponentStatus.DEGRADED_PERFORMANCE
    if ratio >= 0.3:
        return ComponentStatus.PARTIAL_OUTAGE
    return ComponentStatus.MAJOR_OUTAGE


def ratio(up: int, down: int) -> float:
    """up / (up + down), NaN when there were no runs."""
    total = up + down
    return up / total if total else math.nan


@dataclass(frozen=True)
class MonitorMeasure:
    """One monitor's reading at `now`."""

    monitor: Monitor
    status: ComponentStatus | None  # None: unknown (no data, or stale)
    stale: bool
    slow: bool  # the newest run answered, but slowly (or with a certificate near expiry)
    up: int  # among the last 5 runs (0 when stale)
    down: int
    newest: Check | None
    # The runs held up to now since the component's record began, oldest first: those the
    # status reads, whatever day they fell on.
    recent: tuple[Check, ...]
    charted: tuple[Check, ...]  # those of them on the window's days (the chart's)
    uptime: float | None  # share of runs not down over the days `counted`
    days: Mapping[date, DayAggregate]  # the window's days with runs (the bars' and the table's)
    # Those of them the figures count: not today at midnight sharp, when its bar shows the
    # runs of that moment but none of the day has passed (status.counted_window).
    counted: tuple[DayAggregate, ...]
    # From when the status can be replayed from `recent` (its fifth counted run, or the
    # moment it went stale after a run, one dropped included, whichever came first); None
    # when it holds every run since the component's record began (none dropped after 48
    # hours since): what the status was before its oldest runs is known then.
    known_from: datetime | None = None
    # Unknown at `now` though not stale: the runs the rule reads then were dropped (now
    # is before `known_from`), the newest of those held being recent.
    untold: bool = False

    @property
    def aged_out(self) -> bool:
        """No run held up to `now` while older ones were dropped (runs are kept 48 hours):
        the runs of that moment are no longer held, which is not a monitor never run."""
        return self.newest is None and self.known_from is not None


@dataclass(frozen=True)
class ComponentMeasure:
    """What a component's monitors say, and whether it counts towards its status."""

    status: ComponentStatus | None  # None: unknown
    advisory: bool  # every monitor advisory: shown, never counted
    monitors: tuple[MonitorMeasure, ...]
    uptime: float | None
    latency_ms: int | None  # the newest run's latency among the fresh monitors, slowest
    days: Mapping[date, ComponentStatus]  # measured status of each day with checks
    # The runs over the window muted by maintenance (in no figure): when none else was
    # counted, they are why there is no percentage, and the page says so.
    muted: int = 0
    # When the checks last changed the component's effective status (changed_at), None
    # when they did not among the runs held; with_measurements fills it in.
    changed_at: datetime | None = None


def _second(moment: datetime) -> datetime:
    """A recorded moment as the clock reads it. The clock (`now`) reads whole seconds, runs
    are kept to the millisecond: a run counts, and ages, from the start of its second, or a
    run from the second a build starts would be left out."""
    return moment.replace(microsecond=0)


def _fresh_for(monitor: Monitor) -> timedelta:
    """How long a monitor's newest run speaks for it: three of its intervals."""
    return timedelta(minutes=monitor.interval * STALE_AFTER_INTERVALS)


def is_stale(monitor: Monitor, newest: Check | None, now: datetime) -> bool:
    """No run yet, or the newest older than three of the monitor's intervals (aged, like
    it counts, from the start of its second)."""
    if newest is None:
        return True
    return now - _second(newest.at) > _fresh_for(monitor)


def _made_by(runs: Sequence[Check], moment: datetime) -> int:
    """How many of `runs` (oldest first) had been made by `moment`. Every rule here that
    asks which runs count at a moment asks this, so the status and when it last changed
    (changed_at) never disagree about a run."""
    return bisect_right(runs, moment, key=lambda c: _second(c.at))


def data_as_of(data: MonitorData, now: datetime, tz: ZoneInfo) -> MonitorData:
    """What had been recorded by `now` (status.as_of's cut, for monitor data): the runs
    made by then and the days up to its day, that day counting only the runs made by then.

    The file counts a run into its day and keeps the run itself for 48 hours: `now`'s day
    is its aggregate less the later runs still held. When some later run was already
    dropped (`now` long before the newest run), that day cannot be told and is left out.
    The same object comes back when nothing lies ahead.
    """
    count = _made_by(data.checks, now)
    if count == len(data.checks):
        return data
    runs = data.checks[:count]
    today = now.astimezone(tz).date()
    days = [d for d in data.days if d.day < today]
    aggregate = next((d for d in data.days if d.day == today), None)
    complete = data.pruned_before is None or _second(data.pruned_before) <= now
    if aggregate is not None and complete:
        later = [c for c in data.checks[len(runs) :] if c.at.astimezone(tz).date() == today]
        made = [c for c in runs if c.at.astimezone(tz).date() == today]
        day = aggregate
        for check in later:
            day = tally(day, check, -1)
        told: DayAggregate | None = day
        if _below_zero(day):
            # The row counted fewer runs than are held for its day: dated in the timezone
            # the site had then, or edited by hand (`check` warns at its line). What the
            # runs say, when they are all of the day's; otherwise the day cannot be told.
            whole = data.pruned_before is None or data.pruned_before < day_start(today, tz)
            told = _tallied(today, made) if whole else None
        if told is not None and runs_of(told):
            held = response_times(made)
            days.append(replace(told, p50_ms=percentile(held, 0.50), p95_ms=percentile(held, 0.95)))
    return replace(data, checks=runs, days=tuple(days))


def _below_zero(day: DayAggregate) -> bool:
    """Whether any of the day's counts is negative: more runs taken out than it counted."""
    counts = [day.checks, day.failures, day.degraded, day.muted]
    return min(counts + [m for muted in day.muted_by for m in (muted.runs, muted.failures)]) < 0


def _tallied(day: date, runs: Iterable[Check]) -> DayAggregate:
    """The day as the runs given count it (percentiles left to the caller)."""
    aggregate = DayAggregate(day, 0, 0, 0, None, None)
    for check in runs:
        aggregate = tally(aggregate, check, 1)
    return aggregate


def data_shown_with(data: MonitorData, windows: Collection[str]) -> MonitorData:
    """What a page showing these maintenance windows (slugs) counts: a run muted only by
    windows it does not show counts there, as up or down, in the runs and in its day (the
    page never showed the component under maintenance). The same object comes back when
    every muted run is muted there too."""
    return data_counted_on(data, [windows])


def counted_on(muted_by: Collection[str], pages: Iterable[Collection[str]]) -> bool:
    """Whether a run muted by the windows `muted_by` (slugs; none: muted on every page, or
    not muted) counts, as up or down, on some one of `pages`, each given by the windows it
    shows: on a page showing none of them (it never showed the component under
    maintenance). Several windows, each for some pages, mute it together."""
    return bool(muted_by) and any(not set(shown).intersection(muted_by) for shown in pages)


def data_counted_on(data: MonitorData, pages: Sequence[Collection[str]]) -> MonitorData:
    """data_shown_with for several pages at once, each given by the windows it shows: a run
    counts when it counts on any of them (counted_on). The same object comes back when
    every muted run is muted on each."""

    def counted(muted_by: tuple[str, ...]) -> bool:
        return counted_on(muted_by, pages)

    if not any(counted(c.muted_by) for c in data.checks) and not any(
        counted(m.windows) for d in data.days for m in d.muted_by
    ):
        return data
    runs = tuple(
        replace(c, muted=False, muted_by=()) if counted(c.muted_by) else c for c in data.checks
    )
    days = []
    for day in data.days:
        heard = [m for m in day.muted_by if counted(m.windows)]
        days.append(
            replace(
                day,
                checks=day.checks + sum(m.runs for m in heard),
                failures=day.failures + sum(m.failures for m in heard),
                degraded=day.degraded + sum(m.degraded for m in heard),
                muted=day.muted - sum(m.runs for m in heard),
                muted_by=tuple(m for m in day.muted_by if not counted(m.windows)),
            )
        )
    return replace(data, checks=runs, days=tuple(days))


def marks_judged(site: Site) -> Site:
    """The site with each monitor's runs muted only where a window showed its component
    under maintenance at the run's time (status.maintained, the one rule): a mark an older
    release made under a window that kept the component operational counts the run again,
    in the runs and in its day. The same object comes back when every mark holds."""
    measures = {m.id: m.component_id for m in site.monitors}
    judged = tuple(
        data_marks_judged(d, measures[d.monitor_id], site.maintenances, site.settings.tz)
        if d.monitor_id in measures
        else d
        for d in site.monitor_data
    )
    if all(new is old for new, old in zip(judged, site.monitor_data, strict=True)):
        return site
    return replace(site, monitor_data=judged)


def data_marks_judged(
    data: MonitorData, component_id: str, windows: Sequence[Maintenance], tz: ZoneInfo
) -> MonitorData:
    """`data` with the muted marks no window showing `component_id` under maintenance at
    the run's time would have made taken off (status.marking_windows, which lets an end
    written to the minute cover that minute; a run naming its windows needs one of them):
    marks_judged for one file, which record and probe write back before its runs go."""

    def honoured(check: Check) -> bool:
        showing = marking_windows(windows, component_id, check.at)
        return bool(showing) and (not check.muted_by or bool(showing.intersection(check.muted_by)))

    lifted = [c for c in data.checks if c.muted and not honoured(c)]
    if not lifted:
        return data
    days = {d.day: d for d in data.days}
    for check in lifted:
        day = check.at.astimezone(tz).date()
        if day in days:  # the run was counted into its day as muted: count it as it went
            counted = replace(check, muted=False, muted_by=())
            days[day] = tally(tally(days[day], check, -1), counted, 1)
    gone = set(lifted)
    runs = tuple(replace(c, muted=False, muted_by=()) if c in gone else c for c in data.checks)
    return replace(data, checks=runs, days=tuple(days[d] for d in sorted(days)))


def data_since(data: MonitorData, first: date, tz: ZoneInfo) -> MonitorData:
    """What was recorded from the day `first` on (site timezone): the runs and the days
    before it left out. The same object comes back when nothing lies before it."""
    if all(d.day >= first for d in data.days) and all(
        c.at.astimezone(tz).date() >= first for c in data.checks[:1]
    ):
        return data
    runs = tuple(c for c in data.checks if c.at.astimezone(tz).date() >= first)
    return replace(data, checks=runs, days=tuple(d for d in data.days if d.day >= first))


def measure_monitor(
    monitor: Monitor,
    data: MonitorData,
    now: datetime,
    tz: ZoneInfo,
    since: date | None = None,
    window: tuple[date, date] | None = None,
) -> MonitorMeasure:
    """A monitor's status from its last five runs up to `now`, and its days up to then;
    with `since`, only what was recorded from that day on (the component's record); with
    `window` (status.counted_window), its days and chart only from its first day on, and
    its uptime only over its days, as the declared uptime counts them."""
    # Nothing recorded after `now` counts yet (a build for a moment in the past).
    data = data_as_of(data, now, tz)
    if since is not None:
        data = data_since(data, since, tz)
    dropped = data.pruned_before
    if dropped is not None and since is not None and dropped < day_start(since, tz):
        dropped = None  # every run dropped was made before the record began
    runs = data.checks
    known = None if dropped is None else _known_from(monitor, dropped, runs, now)
    newest = runs[-1] if runs else None
    # The figures keep to the window's days, as its bars do; the status does not: the
    # last five runs speak for now whenever they were made (a window that began at
    # midnight must not forget the failures of 23:50), staleness alone ages them out.
    shown = data if window is None else data_since(data, window[0], tz)
    days = {d.day: d for d in shown.days}
    counted = tuple(d for d in shown.days if window is None or d.day <= window[1])
    checks = sum(d.checks for d in counted)
    uptime = (checks - sum(d.failures for d in counted)) / checks if checks else None
    charted = shown.checks
    # Before `known`, the runs the rule reads were dropped: unknown, as stale, rather than
    # a status worked out from the few runs left (one the page never showed).
    untold = known is not None and now < known
    reading = None if untold else _reading(monitor, runs, len(runs), now)
    if reading is None:
        # Stale only when the newest run held is old: a past moment whose last five runs
        # reach back into dropped ones is unknown for that, not for a silent monitor.
        stale = is_stale(monitor, newest, now)
        return MonitorMeasure(
            monitor,
            None,
            stale,
            False,
            0,
            0,
            newest,
            runs,
            charted,
            uptime,
            days,
            counted,
            known,
            untold=untold and not stale,
        )
    up, down, slow = reading
    status = status_for_ratio(ratio(up, down))
    if slow:
        status = worst_status([status or ComponentStatus.OPERATIONAL, _SLOW])
    return MonitorMeasure(
        monitor, status, False, slow, up, down, newest, runs, charted, uptime, days, counted, known
    )


def _known_from(
    monitor: Monitor, dropped: datetime, runs: Sequence[Check], now: datetime
) -> datetime:
    """From when the status of a monitor whose runs up to `dropped` are gone can be told
    from the runs held: from its fifth counted run, or from the moment it went stale after
    a run (the runs before that gap count no more), whichever is first; a moment after
    `now` when neither has come."""
    found = [now + timedelta(microseconds=1)]
    fifth = unmuted(runs)[LAST_RUNS - 1 : LAST_RUNS]
    if fifth:
        found.append(_second(fifth[0].at))
    fresh = _fresh_for(monitor)
    for before, after in pairwise([dropped, *(c.at for c in runs)]):
        if _second(after) - _second(before) > fresh:
            found.append(_second(before) + fresh + timedelta(microseconds=1))
            break
    return min(found)


def _reading(
    monitor: Monitor, runs: Sequence[Check], count: int, now: datetime
) -> tuple[int, int, bool] | None:
    """Up and down among the last five of the first `count` runs, and whether the newest
    of them was slow; None when they are stale at `now` (or there are none)."""
    newest = runs[count - 1] if count else None
    if is_stale(monitor, newest, now):
        return None
    last = _last_counted(monitor, runs, count)
    down = sum(c.result is CheckResult.DOWN for c in last)
    return len(last) - down, down, bool(last) and last[-1].result is CheckResult.DEGRADED


def _last_counted(monitor: Monitor, runs: Sequence[Check], count: int) -> list[Check]:
    """The last five runs among the first `count` that count: a muted run is passed over
    (the five before a maintenance window still speak for the time after it), a run
    before the monitor last went stale is not (the monitor's past, not its present)."""
    fresh = _fresh_for(monitor)
    last: list[Check] = []
    for index in range(count - 1, -1, -1):
        check = runs[index]
        if not check.muted:
            last.append(check)
            if len(last) == LAST_RUNS:
                break
        if index and _second(check.at) - _second(runs[index - 1].at) > fresh:
            break  # stale before this run: the runs before it speak for no moment after
    return last[::-1]


def unmuted(runs: Iterable[Check]) -> list[Check]:
    """The runs that count towards a status or an incident: the muted ones left out."""
    return [c for c in runs if not c.muted]


def failing_for(runs: Sequence[Check], count: int) -> bool:
    """Whether each of the newest `count` runs left the monitor in a major outage (the
    rule over the five runs ending at it): the trigger for opening an incident. Muted
    runs are not among them: a failure during planned work never counts towards one."""
    runs = unmuted(runs)
    if len(runs) < count:
        return False
    for end in range(len(runs) - count + 1, len(runs) + 1):
        last = runs[max(0, end - LAST_RUNS) : end]
        down = sum(c.result is CheckResult.DOWN for c in last)
        if status_for_ratio(ratio(len(last) - down, down)) is not ComponentStatus.MAJOR_OUTAGE:
            return False
    return True


def failed_in_a_row(runs: Sequence[Check]) -> int:
    """How many of the newest runs failed one after another (muted ones passed over): the
    streak an incident opened for them names."""
    streak = 0
    for check in reversed(unmuted(runs)):
        if check.result is not CheckResult.DOWN:
            break
        streak += 1
    return streak


def recovered(runs: Sequence[Check], count: int) -> bool:
    """Whether the newest `count` runs all answered (muted ones passed over): the trigger
    for a `monitoring` update."""
    runs = unmuted(runs)
    return len(runs) >= count and all(c.result is not CheckResult.DOWN for c in runs[-count:])


def failing_now(measure: ComponentMeasure) -> list[Monitor]:
    """The component's monitors each in a major outage by its own last five runs (the rule
    measure_monitor applies), among those counted towards its status: whether they open
    incidents or not, and however few runs they failed. While any is, the checks do not
    say the component is operational."""
    if measure.advisory:
        return []
    return [
        m.monitor
        for m in measure.monitors
        if not m.monitor.advisory and m.status is ComponentStatus.MAJOR_OUTAGE
    ]


def day_status(aggregate: DayAggregate) -> ComponentStatus | None:
    """A day's measured status: the same thresholds over the day's runs, a slow one (or one
    with a certificate close to expiry) counting as up, as it does in the last five. The
    rule that a slow newest run means at least degraded speaks of now: it colours no day,
    or a day of checks that all passed would read degraded beside "100% of checks passed"."""
    return status_for_ratio(ratio(aggregate.checks - aggregate.failures, aggregate.failures))


def colouring_days(measure: ComponentMeasure | None) -> Mapping[date, ComponentStatus]:
    """The checks' status of each day that colours a component's day bars (and so names
    its worst day): none when every monitor is advisory, whose words show but never count."""
    if measure is None or measure.advisory:
        return {}
    return measure.days


def measure_component(measures: Sequence[MonitorMeasure]) -> ComponentMeasure:
    """The accumulated rule over a component's monitors (advisory ones only if all are)."""
    counted = [m for m in measures if not m.monitor.advisory] or list(measures)
    fresh = [m for m in counted if not m.stale]
    status = _accumulated((m.up, m.down, m.slow) for m in fresh)
    latencies = [m.newest.latency_ms for m in fresh if m.newest and m.newest.latency_ms is not None]
    checks = failures = muted = 0
    per_day: dict[date, list[DayAggregate]] = {}
    for m in counted:
        for aggregate in m.days.values():
            per_day.setdefault(aggregate.day, []).append(aggregate)
        for aggregate in m.counted:
            checks += aggregate.checks
            failures += aggregate.failures
            muted += aggregate.muted
    days: dict[date, ComponentStatus] = {}
    for day, aggregates in per_day.items():
        combined = DayAggregate(
            day,
            sum(a.checks for a in aggregates),
            sum(a.failures for a in aggregates),
            sum(a.degraded for a in aggregates),
            None,
            None,
        )
        measured = day_status(combined)
        if measured is not None:
            days[day] = measured
    return ComponentMeasure(
        status=status,
        advisory=all(m.monitor.advisory for m in measures),
        monitors=tuple(measures),
        uptime=(checks - failures) / checks if checks else None,
        latency_ms=max(latencies) if latencies else None,
        days=days,
        muted=muted,
    )


def _accumulated(readings: Iterable[tuple[int, int, bool]]) -> ComponentStatus | None:
    """A component's measured status from its fresh monitors' readings (up, down, slow)."""
    up = down = 0
    slow = False
    for reading in readings:
        up, down, slow = up + reading[0], down + reading[1], slow or reading[2]
    status = status_for_ratio(ratio(up, down))
    if status is not None and slow:
        status = worst_status([status, _SLOW])
    return status


def changed_at(
    measure: ComponentMeasure, declared: ComponentStatus, now: datetime
) -> datetime | None:
    """When the checks last changed the component's effective status, given its declared
    status now (the caller takes the later of this and the declared status's last change,
    so a moment before that one needs no declared status of its own): the run, or the
    moment a monitor went stale, after which the worst of declared and measured differs
    from just before. None when no such change lies among the runs held, or when the
    monitors are advisory.

    Replayed with the rule `measure` applies at `now` (the last five runs of each fresh
    monitor, accumulated); a change is told only where the status just before it is known:
    after a monitor's fifth run held (muted ones passed over) or the moment it went stale
    after a run, or from its first when no run was dropped (MonitorMeasure.known_from)."""
    if measure.advisory:
        return None
    counted = _known_by([m for m in measure.monitors if not m.monitor.advisory], now)
    if not any(c.result is not CheckResult.UP and not c.muted for m in counted for c in m.recent):
        return None  # operational or unknown throughout: the declared status all along

    def effective(moment: datetime) -> ComponentStatus:
        measured = _measured_then(counted, moment)
        return declared if measured is None else worst_status([declared, measured])

    return _last_change(counted, now, effective, declared)


def unknown_changed_at(measures: Iterable[ComponentMeasure], now: datetime) -> datetime | None:
    """When the checks last turned overall_status's `unknown` on or off: the moment the
    last fresh counted monitor went stale, or the run after which one spoke again. None
    when no such change lies among the runs held (the caller asks only while nothing
    declared makes the page other than operational, so each such moment changed it)."""
    counted = [
        _known_by([m for m in cm.monitors if not m.monitor.advisory], now)
        for cm in measures
        if not cm.advisory
    ]

    def unknown(moment: datetime) -> bool:
        return all(_measured_then(monitors, moment) is None for monitors in counted)

    return _last_change([m for monitors in counted for m in monitors], now, unknown, True)


def _known_by(monitors: Sequence[MonitorMeasure], now: datetime) -> list[MonitorMeasure]:
    """The monitors known by `now`. One whose runs were dropped and that is known only from
    after `now` (nothing held before it, as in a build for a past moment) is unknown at
    every moment up to now, as measure_monitor gives it: it changes nothing then, and must
    not make the others' changes untold."""
    return [m for m in monitors if m.known_from is None or m.known_from <= now]


def _last_change(
    counted: Sequence[MonitorMeasure],
    now: datetime,
    state: Callable[[datetime], object],
    initial: object,
) -> datetime | None:
    """The last moment up to `now` at which `state` (of the monitors' runs held) differs
    from just before, `initial` before their first run; None when none is known: a change
    is told only where the state just before it is known (MonitorMeasure.known_from)."""
    moments: set[datetime] = set()
    known: datetime | None = None  # from when the status is known; None: from the start
    for m in counted:
        moments.update(_turns(m, now))
        if m.known_from is not None:
            known = m.known_from if known is None else max(known, m.known_from)
    if known is not None:
        # Among the moments, so that the one after it is compared with a state known.
        moments.add(known)
    # The state holds between two of these moments: each is compared with the one before.
    ordered = sorted(moments, reverse=True)
    after = state(now)
    for index, moment in enumerate(ordered):
        if known is not None and moment <= known:
            return None  # what the state was just before `moment` is not known
        before = initial if index + 1 == len(ordered) else state(ordered[index + 1])
        if before != after:
            # The run's own time, even one from `now`'s second (made by then, as the
            # status counts it): a build a second later tells the same.
            return moment
        after = before
    return None


def _measured_then(counted: Sequence[MonitorMeasure], moment: datetime) -> ComponentStatus | None:
    """The measured status the runs held gave at `moment` (the rule measure_component
    applies at now, replayed); None: unknown then."""
    readings = []
    for m in counted:
        reading = _reading(m.monitor, m.recent, _made_by(m.recent, moment), moment)
        if reading is not None:
            readings.append(reading)
    return _accumulated(readings)


def measured_at(measure: ComponentMeasure, moment: datetime) -> ComponentStatus | None:
    """The component's measured status at a moment up to the measure's `now`, replayed
    from the runs held; None when the checks said nothing then (advisory, unknown, or
    not known: the runs before it that the rule reads are no longer held)."""
    if measure.advisory:
        return None
    counted = [m for m in measure.monitors if not m.monitor.advisory]
    if any(m.known_from is not None and moment < m.known_from for m in counted):
        # A monitor whose older runs were dropped is known from then on, as changed_at
        # and measure_monitor tell it.
        return None
    return _measured_then(counted, moment)


def measured_update_changes(
    site: Site,
    event: Event,
    made: Sequence[Sequence[Change]],
    measures: Mapping[str, ComponentMeasure],
) -> list[list[Change]]:
    """status.effective_update_changes' changes of `event` with what the checks measured
    at each update's time folded in, as with_measurements folds it into components.json
    now (a window in progress then mutes them): so replaying the updates ends where it
    stands, unless the checks moved the status after the last update."""
    result = []
    for update, changes in zip(event.updates, made, strict=True):
        folded = []
        for cid, old, new in changes:
            measured = measured_for_update(site, measures, cid, update.at)
            if measured is not None:
                old, new = worst_status([old, measured]), worst_status([new, measured])
            folded.append((cid, old, new))
        result.append(folded)
    return result


def measured_for_update(
    site: Site, measures: Mapping[str, ComponentMeasure], component_id: str, moment: datetime
) -> ComponentStatus | None:
    """What the checks measured of a component at an update's `moment`, which the status
    the update gave it takes when worse: the one rule the JSON API and every notification
    tell an update by. None: nothing measured then, or a window in progress muted them."""
    measure = measures.get(component_id)
    if measure is None or component_id in under_maintenance(site.maintenances, moment):
        return None
    return measured_at(measure, moment)


def _turns(measure: MonitorMeasure, now: datetime) -> set[datetime]:
    """The moments up to `now` at which the monitor's reading (_reading) may change: a run
    among the first five since it was last stale (or of all), a run that was not up, the
    run after it (the newest is no longer slow) and the fifth after it (it leaves the last
    five), counting runs that are not muted; a moment it went stale and the run after
    that, muted or not. Between them, a run that was up replaces one that was up."""
    runs = measure.recent
    found: set[datetime] = set()
    stale = _fresh_for(measure.monitor) + timedelta(microseconds=1)  # later than three intervals
    stretches: list[list[Check]] = [[]]  # the runs that count, from one stale gap to the next
    for index, check in enumerate(runs):
        if index and _second(check.at) - _second(runs[index - 1].at) >= stale:
            found.update((_second(runs[index - 1].at) + stale, check.at))
            stretches.append([])
        if not check.muted:
            stretches[-1].append(check)
    for ratio_runs in stretches:
        for index, check in enumerate(ratio_runs):
            if index < LAST_RUNS or check.result is not CheckResult.UP:
                for turn in (index, index + 1, index + LAST_RUNS):
                    if turn < len(ratio_runs):
                        found.add(ratio_runs[turn].at)
    if runs and _second(runs[-1].at) + stale <= now:
        found.add(_second(runs[-1].at) + stale)
    return found


def next_turn(site: Site, now: datetime) -> datetime | None:
    """The first moment after `now` at which the site changes by the clock alone: an
    event's (status.next_cut_moment), a monitor's newest run going stale, or a run recorded
    ahead of `now` coming to count; None when none lies ahead. Durations so far and the
    days of the history move on with every minute besides."""
    ahead = [next_cut_moment((*site.incidents, *site.maintenances), now)]
    monitors = {m.id: m for m in site.monitors}
    for data in site.monitor_data:
        monitor = monitors.get(data.monitor_id)
        if monitor is None:
            continue
        made = _made_by(data.checks, now)
        if made:
            # Stale once more than three intervals old, to the microsecond (as _turns).
            newest = _second(data.checks[made - 1].at)
            ahead.append(newest + _fresh_for(monitor) + timedelta(microseconds=1))
        if made < len(data.checks):
            ahead.append(_second(data.checks[made].at))
    return min((moment for moment in ahead if moment is not None and moment > now), default=None)


def measure(site: Site, now: datetime) -> dict[str, ComponentMeasure]:
    """Every component with monitors: its measure at `now`.

    Only what was recorded from the day its record begins (status.counted_from) counts at
    all; only what was recorded on the days its uptime bars count (from then, within the
    history window) goes into its figures: a day shown as "no data" adds no checks. The
    status reads the last five runs since its record began, before the window or not."""
    if not site.monitors:
        return {}
    data = {d.monitor_id: d for d in site.monitor_data}
    window = counted_window(site, now)
    begins = record_start(site)
    since = {c.id: counted_from(c, begins) for c in site.components}
    by_component: dict[str, list[MonitorMeasure]] = {}
    for monitor in site.monitors:
        recorded = data.get(monitor.id) or MonitorData(monitor.id)
        first = since[monitor.component_id]
        by_component.setdefault(monitor.component_id, []).append(
            measure_monitor(monitor, recorded, now, site.settings.tz, first, window)
        )
    return {cid: measure_component(ms) for cid, ms in by_component.items()}


def effective_status(
    declared: ComponentStatus, measured: ComponentMeasure | None
) -> ComponentStatus:
    """The worst of declared and measured; advisory or unknown measurements change nothing
    (nor do any while a maintenance window shows the component under maintenance: its
    caller passes None)."""
    if measured is None or measured.advisory or measured.status is None:
        return declared
    return worst_status([declared, measured.status])


def overall_status(
    site: Site,
    effective: Mapping[str, ComponentStatus],
    status: SiteStatus,
    measures: Iterable[ComponentMeasure],
) -> OverallStatus:
    """status.json's value: `incident` while any incident is not monitoring or resolved,
    then `under_maintenance` during a window, then the worst effective component status
    (`unknown` when every counted monitor is unknown and nothing is worse than operational).

    Never the checks pooled over the whole site: many healthy monitors elsewhere would
    outvote one component's outage, and the page must never read greener than its worst
    component."""
    overall = overall_declared(site, effective, status.open_incidents)
    if overall is OverallStatus.INCIDENT:
        return overall
    if status.active_maintenances:
        return OverallStatus.UNDER_MAINTENANCE
    counted = [cm for cm in measures if not cm.advisory]
    if (
        overall is OverallStatus.OPERATIONAL
        and counted
        and all(cm.status is None for cm in counted)
    ):
        return OverallStatus.UNKNOWN  # monitors exist, and none has said anything lately
    return overall


def with_measurements(site: Site, status: SiteStatus) -> SiteStatus:
    """`status` (status.compute's) with what the monitors say folded in."""
    if not site.monitors and not status.active_maintenances:
        return status
    measures = measure(site, status.now)
    # Planned work is expected to fail checks: during a window the components it shows
    # under maintenance show that, whatever the checks say, as Statuspage, cState and
    # Upptime do. One it keeps operational or degraded is measured as ever (maintained).
    muted = under_maintenance(status.active_maintenances, status.now)
    measures = {
        cid: replace(
            m,
            changed_at=None if cid in muted else changed_at(m, status.components[cid], status.now),
        )
        for cid, m in measures.items()
    }
    components = {
        cid: effective_status(declared, None if cid in muted else measures.get(cid))
        for cid, declared in status.components.items()
    }
    groups = {g.id: worst_status(components[cid] for cid in g.component_ids) for g in site.groups}
    statuses = [components[c.id] for c in site.components]
    impacts = [
        *(i.impact for i in status.open_incidents),
        *(Impact.MAINTENANCE for _ in status.active_maintenances),
    ]
    indicator = indicator_for(statuses, impacts)
    # `unknown` comes and goes by the clock and the runs alone while nothing declared
    # says more than operational: status.json's updated_at moves with it.
    declared = overall_declared(site, status.components, status.open_incidents)
    quiet = declared is OverallStatus.OPERATIONAL and not status.active_maintenances
    return replace(
        status,
        unknown_changed_at=unknown_changed_at(measures.values(), status.now) if quiet else None,
        overall=overall_status(site, components, status, measures.values()),
        indicator=indicator,
        description=indicator_description(indicator, statuses),
        components=components,
        groups=groups,
        measured=measures,
    )


def compute(site: Site, now: datetime, kept: KeptDays | None = None) -> SiteStatus:
    """status.compute plus the measured rules: what every output reads."""
    return with_measurements(site, compute_declared(site, now, kept))
