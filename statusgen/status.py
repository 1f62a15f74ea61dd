"""The status rules (SPEC §5). The one place that decides what is up and what is down.

Pure: a validated Site and a moment in time go in, a SiteStatus comes out. No I/O, no
templates. Templates, JSON, feeds and badges read the result; none of them re-derive it.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from itertools import accumulate, pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol, TypeVar
from zoneinfo import ZoneInfo

from statusgen.model import (
    ACTIVE_MAINTENANCE_STATES,
    MAINTENANCE_ORDER,
    OPEN_INCIDENT_STATES,
    RESOLVED_INCIDENT_STATES,
    UNCONFIRMED_FIX_STATES,
    AffectedComponent,
    Component,
    ComponentStatus,
    Event,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Named,
    Site,
    Update,
    UpdateState,
    event_start,
)

if TYPE_CHECKING:
    from statusgen.measured import ComponentMeasure

# Worst last. Maintenance sits below degraded: a planned window is better news than a fault.
SEVERITY: Mapping[ComponentStatus, int] = {
    ComponentStatus.OPERATIONAL: 0,
    ComponentStatus.UNDER_MAINTENANCE: 1,
    ComponentStatus.DEGRADED_PERFORMANCE: 2,
    ComponentStatus.PARTIAL_OUTAGE: 3,
    ComponentStatus.MAJOR_OUTAGE: 4,
}

# How much of a period spent in each status counts as downtime, as Statuspage weighs it.
DOWNTIME_WEIGHT: Mapping[ComponentStatus, float] = {
    ComponentStatus.OPERATIONAL: 0.0,
    ComponentStatus.UNDER_MAINTENANCE: 0.0,
    ComponentStatus.DEGRADED_PERFORMANCE: 0.0,
    ComponentStatus.PARTIAL_OUTAGE: 0.3,
    ComponentStatus.MAJOR_OUTAGE: 1.0,
}


class OverallStatus(Named):
    """The openstatus widget enum written to status.json."""

    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"
    UNKNOWN = "unknown"
    INCIDENT = "incident"


OVERALL_LABELS: Mapping[OverallStatus, str] = {
    OverallStatus.OPERATIONAL: "All systems operational",
    OverallStatus.DEGRADED_PERFORMANCE: "Degraded performance",
    OverallStatus.PARTIAL_OUTAGE: "Partial outage",
    OverallStatus.MAJOR_OUTAGE: "Major outage",
    OverallStatus.UNDER_MAINTENANCE: "Maintenance in progress",
    OverallStatus.UNKNOWN: "Status unknown",
    OverallStatus.INCIDENT: "Ongoing incident",
}
# OverallStatus.INCIDENT's words with more than one incident open (OVERALL_LABELS has the
# one): status.json says it in English, the pages by count (render.format.overall_words).
ONGOING_INCIDENTS = "Ongoing incidents"


class Indicator(Named):
    """Statuspage's `status.indicator`."""

    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    MAINTENANCE = "maintenance"


INDICATOR_DESCRIPTIONS: Mapping[Indicator, str] = {
    Indicator.NONE: "All Systems Operational",
    Indicator.MINOR: "Partially Degraded Service",
    Indicator.MAJOR: "Partial System Outage",
    Indicator.CRITICAL: "Major Service Outage",
    Indicator.MAINTENANCE: "Service Under Maintenance",
}


# --- what each event implies, worked out once ------------------------------------------

_E = TypeVar("_E", bound="Incident | Maintenance")
_T = TypeVar("_T")
_MISSING = object()


def _derived(event: _E, name: str, make: Callable[[_E], _T]) -> _T:
    """`make(event)`, worked out once per event object and kept on it.

    Only for values that follow from the event's own fields: the model is frozen, so
    such a value never goes stale (functools.cached_property keeps its values the same
    way). The status, every page, feed and the API of a build ask for them, tens of
    thousands of times on a large site. They are pickled with the event, so the parse
    cache keeps them by the file's hash: bump statusgen.incremental.inputs.FORMAT when
    what one of them holds changes.
    """
    kept = event.__dict__
    value = kept.get(name, _MISSING)
    if value is _MISSING:
        packed = kept.pop(PACKED_DERIVED, None)
        if packed is not None:
            # The cache is read through the restricted unpickler; so are these.
            from statusgen.incremental.safepickle import loads

            kept.update(loads(packed))
            value = kept.get(name, _MISSING)
        if value is _MISSING:
            value = kept[name] = make(event)
    return value  # type: ignore[no-any-return]


def derive(event: Event) -> None:
    """Work out every value status.py keeps on an event (see `_derived`), so that a
    parse result saved to the cache carries them and a later build need not."""
    if PACKED_DERIVED in event.__dict__:
        return  # loaded so from the cache and not read since: all there, packed
    span = _derived(event, "_written_span", _written_span)
    _derived(event, "_change_moments", _change_moments)
    _derived(event, "_first_moment", _first_moment)
    last = _derived(event, "_last_stamp", _last_stamp)
    kept = event.__dict__
    # The same moment in UTC, most often: one object, pickled and loaded once.
    if last is not None and last[0] == span[1]:
        kept["_last_stamp"] = (span[1], *last[1:])
    if isinstance(event, Maintenance):
        _derived(event, "_written_states", _written_states)
    if isinstance(event, Incident):
        _derived(event, "_touched", _touched)
        _derived(event, "_resolved_gaps", _resolved_gaps)
        over = _derived(event, "_over_at", _over_at)
        if over is not None and over == span[1]:
            kept["_over_at"] = span[1]


# Where an event read back from the cache keeps, pickled together, the values that a
# build reads for a few events only: each incident's component changes (read for those
# in the uptime window and the pages rendered) and every event's change moments. They
# were a quarter of the objects loading the cache made at 10,000 incidents. The others
# the build or its child read for every event (as_of, the uptime window, each
# component's events, the API's and feeds' order by last change).
PACKED_DERIVED = "_packed_derived"
_READ_FOR_FEW = ("_component_changes", "_change_moments")


def pack_derived(state: dict[str, object]) -> bool:
    """In `state`, an event's attributes as saved to the cache, the values kept for a
    few events' sake moved into one pickle (PACKED_DERIVED); whether any were."""
    few = {name: state.pop(name) for name in _READ_FOR_FEW if name in state}
    if not few:
        return False
    import pickle

    state[PACKED_DERIVED] = pickle.dumps(few, protocol=pickle.HIGHEST_PROTOCOL)
    return True


# --- single-status rules -------------------------------------------------------------


def worst_status(statuses: Iterable[ComponentStatus]) -> ComponentStatus:
    """The most severe of the statuses; operational when there are none."""
    return max(statuses, key=SEVERITY.__getitem__, default=ComponentStatus.OPERATIONAL)


def impact_for_status(status: ComponentStatus) -> Impact:
    """The incident impact implied by the worst component status it causes."""
    return {
        ComponentStatus.MAJOR_OUTAGE: Impact.CRITICAL,
        ComponentStatus.PARTIAL_OUTAGE: Impact.MAJOR,
        ComponentStatus.DEGRADED_PERFORMANCE: Impact.MINOR,
    }.get(status, Impact.NONE)


def derived_impact(components: Iterable[AffectedComponent], updates: Sequence[Update]) -> Impact:
    """The impact of an incident without `impact:`: from the worst status its front matter
    or any of its updates up to its end gave a component, as Statuspage sets it from the
    worst status during the incident (the front matter holds only the statuses at its end)."""
    given = [*components, *(a for u in updates[: counted_updates(updates)] for a in u.components)]
    return impact_for_status(worst_status(a.status for a in given))


def final_resolution(updates: Sequence[Update]) -> int | None:
    """The index of the update that ended the incident for good: the first of the final run
    of `Resolved`/`Postmortem` updates (a reopened incident ends at its last resolution);
    None while the newest update leaves it open."""
    found = None
    for index in range(len(updates) - 1, -1, -1):
        if updates[index].state not in RESOLVED_INCIDENT_STATES:
            break
        found = index
    return found


def counted_updates(updates: Sequence[Update]) -> int:
    """How many of an incident's updates (the first ones) may change a status: those up to
    the one that ended it. A `Components:` line after the end (under a postmortem) changes
    nothing, no worst status, impact or listed change, as the day bars and the API hold
    (`check` warns of one, and compares the front matter with the statuses set up to the
    end: validate.py)."""
    end = final_resolution(updates)
    return len(updates) if end is None else end + 1


def status_for_impact(impact: Impact) -> ComponentStatus:
    """The component status implied by an impact, for incidents that list components bare."""
    return {
        Impact.CRITICAL: ComponentStatus.MAJOR_OUTAGE,
        Impact.MAJOR: ComponentStatus.PARTIAL_OUTAGE,
        Impact.MINOR: ComponentStatus.DEGRADED_PERFORMANCE,
        Impact.MAINTENANCE: ComponentStatus.UNDER_MAINTENANCE,
    }.get(impact, ComponentStatus.OPERATIONAL)


def bare_status(impact: Impact | None) -> ComponentStatus:
    """The status of an incident's component named without one (`components: [api]`,
    `-c api`): the one `impact` implies; degraded performance when there is no impact."""
    return status_for_impact(Impact.MINOR if impact is None else impact)


# Least to most severe, as the enum lists them (incidents never have `maintenance`).
IMPACT_RANK: Mapping[Impact, int] = {impact: rank for rank, impact in enumerate(Impact)}


def concern(incident: Incident) -> tuple[bool, int, datetime, str]:
    """Where an open incident goes in what a reader sees, highest first (sort with
    reverse=True): one not yet mitigated (investigating, identified) before one being
    monitored, then the worse impact, then the newest. A busy page must not bury the one
    outage that makes it say "incident" under a run of recovering slowdowns."""
    return (
        incident.state in UNCONFIRMED_FIX_STATES,
        IMPACT_RANK[incident.impact],
        incident.started_at,
        incident.slug,
    )


# The order a maintenance window goes through its states, earliest first.
_LIFECYCLE: Mapping[MaintenanceState, int] = {
    MaintenanceState.SCHEDULED: 0,
    MaintenanceState.IN_PROGRESS: 1,
    MaintenanceState.VERIFYING: 2,
    MaintenanceState.COMPLETED: 3,
}


def maintenance_state(maintenance: Maintenance, now: datetime) -> MaintenanceState:
    """The author's `status:` if given; else what the clock and the newest update made by
    `now` say together (`_unkeyed_state`).

    An update says more than the clock where it is further on: a window whose work is
    `Completed` at 03:18 is over then, not at its scheduled end. The clock still moves a
    window on that no one updated (in progress at its start, completed at its end).
    """
    if maintenance.explicit_state is not None:
        return maintenance.explicit_state
    return _unkeyed_state(maintenance, now, _written_step(maintenance, now))


def _unkeyed_state(
    maintenance: Maintenance, now: datetime, written: tuple[datetime, MaintenanceState] | None
) -> MaintenanceState:
    """The state of a window without a `status` key at `now`, its newest update by then
    saying `written` (when, what): the later in the lifecycle of the clock's state and
    the written one. But an `In progress` or `Verifying` update dated after the window's
    end holds it open until a `Completed` one: whoever wrote it said the work runs on, so
    the clock must not call it completed (as a `status: in_progress` key holds it).

    The one rule of a window's life without a key: the status, the history, the API, the
    feeds, the calendar and notifications all read it from here."""
    clock = _clock_state(maintenance, now)
    if written is None:
        return clock
    # Compared only once the clock has ended the window: most windows never get here.
    if clock is MaintenanceState.COMPLETED and _runs_on(written, maintenance.scheduled_until):
        return written[1]
    return _later(clock, written[1])


def _runs_on(step: tuple[datetime, MaintenanceState], until: datetime) -> bool:
    """Whether a step of `_written_states` says the work runs on past the window's end
    `until`: an `In progress` or `Verifying` update dated after it (`_unkeyed_state`)."""
    at, state = step
    return state in ACTIVE_MAINTENANCE_STATES and at > until


def runs_on_past_end(maintenance: Maintenance, update: Update) -> bool:
    """Whether the window's `update` says its work runs on past its end, holding it open
    (`_unkeyed_state`): leaving it out would complete the window at its planned end."""
    if not isinstance(update.state, MaintenanceState):
        return False
    return _runs_on((_utc(update.at), update.state), _utc(maintenance.scheduled_until))


def held_open_since(maintenance: Maintenance, now: datetime) -> datetime | None:
    """When the update was made that holds the window open past its end at `now` when no
    `status` key says otherwise (`_unkeyed_state`): the newest by then, an `In progress`
    or `Verifying` one dated after the end. None when the clock would have it completed
    (or before its end)."""
    if now < maintenance.scheduled_until:
        return None
    written = _written_step(maintenance, now)
    if written is None or not _runs_on(written, maintenance.scheduled_until):
        return None
    return written[0]


def _clock_state(maintenance: Maintenance, now: datetime) -> MaintenanceState:
    if now < maintenance.scheduled_for:
        return MaintenanceState.SCHEDULED
    if now < maintenance.scheduled_until:
        return MaintenanceState.IN_PROGRESS
    return MaintenanceState.COMPLETED


def _later(clock: MaintenanceState, written: MaintenanceState | None) -> MaintenanceState:
    """The later in the lifecycle of the clock's state and the written one (if any)."""
    if written is None or _LIFECYCLE[clock] >= _LIFECYCLE[written]:
        return clock
    return written


def written_state(maintenance: Maintenance, now: datetime) -> MaintenanceState | None:
    """The state of the maintenance's newest update made by `now`; None before its first."""
    step = _written_step(maintenance, now)
    return None if step is None else step[1]


def _written_step(
    maintenance: Maintenance, now: datetime
) -> tuple[datetime, MaintenanceState] | None:
    """The newest of `_written_states` made by `now` (from when, what); None before the first."""
    steps = _derived(maintenance, "_written_states", _written_states)
    if not steps or steps[-1][0] <= now:  # all in the past: one comparison, not a search
        return steps[-1] if steps else None
    index = bisect_right([at for at, _ in steps], now)
    return steps[index - 1] if index else None


def _written_states(maintenance: Maintenance) -> tuple[tuple[datetime, MaintenanceState], ...]:
    """Each state the updates gave the window and from when (UTC, see `_utc`), oldest
    first; an update repeating the state before it is no step, nor is a `Scheduled` one
    after the first update (a reminder: behind whatever came before it, it would undo a
    Verifying, an early start or an early completion). An `In progress` or `Verifying`
    update after the window's end is one even when it repeats the state: from then it
    holds the window open (`_unkeyed_state`). Kept on the event, so that the state of a
    window needs no look at its updates (they stay packed)."""
    steps: list[tuple[datetime, MaintenanceState]] = []
    until = _utc(maintenance.scheduled_until)
    for update in maintenance.updates:
        state = update.state
        if not isinstance(state, MaintenanceState):
            continue
        at = _utc(update.at)
        changes = not steps or (
            steps[-1][1] is not state and state is not MaintenanceState.SCHEDULED
        )
        # Work said to run on past the end: held open from here, though the state repeats.
        runs_on = bool(steps) and state in ACTIVE_MAINTENANCE_STATES and steps[-1][0] <= until < at
        if changes or runs_on:
            steps.append((at, state))
    return tuple(steps)


def _reopened_at(maintenance: Maintenance) -> datetime | None:
    """When the first update after the window's end that holds it open was made (`_runs_on`),
    in UTC; None without one. A written `status` counts from there on, not before: `update
    --status in_progress` after the end writes the key with that update, and until then
    the clock had the window completed at its end, as pages and notifications told it."""
    until = _utc(maintenance.scheduled_until)
    for step in _derived(maintenance, "_written_states", _written_states):
        if _runs_on(step, until):
            return step[0]
    return None


def _held_past_end(maintenance: Maintenance) -> bool:
    """Whether an `In progress` or `Verifying` update after the window's end held it open
    (`_unkeyed_state`): a look at its last steps only, those after its end."""
    until = _utc(maintenance.scheduled_until)
    for step in reversed(_derived(maintenance, "_written_states", _written_states)):
        if step[0] <= until:
            return False
        if _runs_on(step, until):
            return True
    return False


class _Stated(Protocol):
    @property
    def state(self) -> UpdateState: ...


_U = TypeVar("_U", bound=_Stated)


def newest_said(updates: Sequence[_U]) -> _U | None:
    """The newest of a window's updates that says where it stands: not a `Scheduled` one
    after the first (a reminder changes nothing, `_written_states`); None without updates.
    Of a window read from a file, or one an import plans."""
    for update in reversed(updates[1:]):
        if update.state is not MaintenanceState.SCHEDULED:
            return update
    return updates[0] if updates else None


def maintenance_is_active(state: MaintenanceState) -> bool:
    return state in ACTIVE_MAINTENANCE_STATES


def listed_besides_newest(state: IncidentState | MaintenanceState) -> bool:
    """Whether a component's page lists an event in `state` besides its newest others,
    whatever its age: an incident open, a window to come, in progress or verifying (news
    to its readers, which a year of old incidents must not push off the list)."""
    if isinstance(state, MaintenanceState):
        return state is MaintenanceState.SCHEDULED or maintenance_is_active(state)
    return state in OPEN_INCIDENT_STATES


def active_windows(maintenances: Iterable[Maintenance], now: datetime) -> list[Maintenance]:
    """The windows in progress or verifying at `now`, each as it stood then (`as_of`: its
    updates made by then, the state they and the clock gave it, the components it
    affected then). The pages' rule, and the one that mutes the runs made at `now`."""
    clock = now.astimezone(timezone.utc)
    then = (_maintenance_as_of(window, clock) for window in maintenances)
    return [w for w in then if w is not None and maintenance_is_active(maintenance_state(w, now))]


def maintained(window: Maintenance) -> set[str]:
    """The components `window` (as it stood at some moment: active_windows) shows
    `under_maintenance`: the one rule for whose checks a window mutes. One it keeps
    `operational` or `degraded_performance` mutes nothing, or a failing check would hide
    an outage behind a page that says the component works."""
    return {a.id for a in window.components if a.status is ComponentStatus.UNDER_MAINTENANCE}


def marking_windows(
    maintenances: Sequence[Maintenance], component_id: str, at: datetime
) -> set[str]:
    """The windows (slugs) under whose maintenance of `component_id` a run made at `at` may
    stay muted: those showing it `maintained` then (active_windows), and those whose end,
    as their files now read, is `at`'s very minute and that showed it so had that end not
    come. An end written without seconds (`resolve` writes `## Completed at 03:18`) covers
    its whole minute: a run recorded muted at 03:18:40, while the window was in progress,
    is no failure because its end was written to the minute. An end written clearly
    earlier (edited to 03:10, or to 03:18:20) still lifts the mark."""
    showing = {w.slug for w in active_windows(maintenances, at) if component_id in maintained(w)}
    minute = at.astimezone(timezone.utc).replace(second=0, microsecond=0)
    for window in maintenances:
        ends_then = window.scheduled_until == minute or any(u.at == minute for u in window.updates)
        if window.slug in showing or not ends_then:
            continue  # the cheap test first: most runs are muted by a window in progress
        then = _maintenance_as_of(window, at)
        if then is None or window_span(then, maintenance_state(then, at), at)[1] != minute:
            continue
        held = _end_taken_back(window, minute)
        if any(component_id in maintained(w) for w in active_windows([held], at)):
            showing.add(window.slug)
    return showing


def _end_taken_back(window: Maintenance, minute: datetime) -> Maintenance:
    """`window` as it read before its end at `minute` was written: without the `Completed`
    update (and the `status:` it brought) dated then, its planned end a minute on if it
    was that minute (marking_windows)."""
    kept = tuple(
        u for u in window.updates if not (u.at == minute and u.state is MaintenanceState.COMPLETED)
    )
    until = window.scheduled_until
    return replace(
        window,
        updates=kept,
        explicit_state=(
            window.explicit_state if kept == window.updates else _explicit_as_of(window, kept)
        ),
        scheduled_until=until + timedelta(minutes=1) if until == minute else until,
    )


def under_maintenance(maintenances: Iterable[Maintenance], now: datetime) -> dict[str, Maintenance]:
    """The components an active window shows under maintenance at `now` (`maintained`),
    each with such a window as it stood then (active_windows): their checks then open no
    incident and are recorded muted (planned work is not downtime)."""
    return {
        component_id: window
        for window in active_windows(maintenances, now)
        for component_id in maintained(window)
    }


def listed_start(event: Event, state: IncidentState | MaintenanceState, now: datetime) -> datetime:
    """The start a page or list gives an event's span (the event's page, the history's
    line, a search result, the terminal, the calendar): an incident's start, a window's as
    `window_span` gives it."""
    if isinstance(event, Incident) or not isinstance(state, MaintenanceState):
        return event_start(event)
    return window_span(event, state, now)[0]


def listed_end(
    event: Event, state: IncidentState | MaintenanceState, now: datetime
) -> datetime | None:
    """The end a page or list gives an event's span: an incident's end (None while open:
    "– ongoing"), a window's as `window_span` gives it."""
    if isinstance(event, Incident):
        return incident_end(event)
    if not isinstance(state, MaintenanceState):
        return event.scheduled_until
    return window_span(event, state, now)[1]


def window_span(
    window: Maintenance, state: MaintenanceState, now: datetime
) -> tuple[datetime, datetime | None]:
    """When the window (in `state` at `now`) is shown to begin and end, on its page, in
    every list and in the calendar: the work as it happened, so that none of them tells a
    different time. From when its work began (maintenance_started_at: an earlier `In
    progress` update, else its planned start; so for a `status: in_progress` written
    before that start, which nothing dates, as `check` warns: ahead.started_undated) to
    when it was over (maintenance_completed_at, early or late), or its planned end while
    it keeps to its plan; the end None while it runs on past that end, which a reader
    would take to have ended then. A window still
    to come shows its plan, and so does one called off: it never ran."""
    if called_off(window, now):
        return window.scheduled_for, window.scheduled_until
    start = maintenance_started_at(window, now)
    if overrun(window, state, now) is not None:
        return start, None
    return start, maintenance_completed_at(window, now) or window.scheduled_until


def incident_end(incident: Incident) -> datetime | None:
    """When the incident stopped affecting components; None while it is open."""
    if incident.is_open:
        return None
    if incident.resolved_at is not None:
        return incident.resolved_at
    # A postmortem written days later must not stretch the outage: the first closing
    # update is when it ended.
    for update in incident.updates:
        if update.state in RESOLVED_INCIDENT_STATES:
            return update.at
    return incident.updated_at


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The real time from `start` to `end`. Python subtracts two times of one zone on the
    wall clock, so 01:30 to 03:30 on a spring-forward night would count two hours, not
    the one that passed: both are taken to UTC first."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def duration(event: Event, now: datetime) -> timedelta:
    """How long the incident lasted (or has lasted so far), or the maintenance window's
    length as its span is shown (window_span: so far while it runs past its planned end)."""
    if isinstance(event, Maintenance):
        start, end = window_span(event, maintenance_state(event, now), now)
        return elapsed(start, end or now)
    end = incident_end(event) or now
    # The time it stood resolved before someone reopened it is no part of it.
    return sum((elapsed(a, b) for a, b in incident_spans(event, end)), timedelta(0))


def overrun(window: Maintenance, state: MaintenanceState, now: datetime) -> timedelta | None:
    """How long a window still open past its scheduled end has run so far (from its
    start, or an earlier `In progress` update: maintenance_started_at); None while it
    keeps to its plan or once it is over.

    Past its end from the moment the clock alone would complete it (`_clock_state`), its
    end to the second: the moment `cut_moments` gives, at which a cached page showing it
    is rendered again. A second later, and a build on the hour would leave it stale."""
    if not maintenance_is_active(state):
        return None
    if _clock_state(window, now) is not MaintenanceState.COMPLETED:
        return None
    return elapsed(maintenance_started_at(window, now), now)


def indicator_for(statuses: Sequence[ComponentStatus], open_impacts: Iterable[Impact]) -> Indicator:
    """Statuspage's indicator from the blended component status (statuspage-v2 README).

    Worst degraded or partial → minor; some major outage → major; every component in a
    major outage → critical; only maintenance → maintenance. A page without components
    falls back to the worst open incident's impact, or to maintenance when the only open
    events are maintenance windows (whose impact is `maintenance`).
    """
    if not statuses:
        impacts = list(open_impacts)
        worst_impact = max(
            (i for i in impacts if i is not Impact.MAINTENANCE),
            key=list(Impact).index,
            default=Impact.NONE,
        )
        if worst_impact is Impact.NONE and Impact.MAINTENANCE in impacts:
            return Indicator.MAINTENANCE
        return Indicator(worst_impact.value)
    worst = worst_status(statuses)
    if worst is ComponentStatus.MAJOR_OUTAGE:
        if all(s is ComponentStatus.MAJOR_OUTAGE for s in statuses):
            return Indicator.CRITICAL
        return Indicator.MAJOR
    if worst in (ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE):
        return Indicator.MINOR
    if worst is ComponentStatus.UNDER_MAINTENANCE:
        return Indicator.MAINTENANCE
    return Indicator.NONE


def indicator_description(indicator: Indicator, statuses: Sequence[ComponentStatus]) -> str:
    """Statuspage's wording; a partial outage reads "Minor Service Outage" as on real pages."""
    if indicator is Indicator.MINOR and worst_status(statuses) is ComponentStatus.PARTIAL_OUTAGE:
        return "Minor Service Outage"
    return INDICATOR_DESCRIPTIONS[indicator]


def is_listed(component: Component, effective: ComponentStatus) -> bool:
    """Whether pages list the component now: `only_show_if_degraded` hides it while operational."""
    return not component.only_show_if_degraded or effective is not ComponentStatus.OPERATIONAL


# --- the whole site at one moment ----------------------------------------------------


@dataclass(frozen=True)
class DayStatus:
    """One bar of a component's uptime history."""

    day: date
    # Fraction of the counted part of the day that was up; None before the component's
    # start_date or for a day not yet begun.
    uptime: float | None
    worst: ComponentStatus
    # Slugs of the incidents and maintenance touching this day, the worst first, then in
    # the order they began (_named); none on a day before the record began, which is
    # "no data" whatever happened.
    events: tuple[str, ...]
    downtime: timedelta  # weighted, as counted in `uptime`
    # Whether some of the day counts towards the window's uptime. Not today at midnight
    # sharp: its bar shows the status of that moment (`uptime`), but none of it has passed.
    counted: bool


@dataclass(frozen=True)
class ComponentHistory:
    component_id: str
    days: tuple[DayStatus, ...]  # oldest first, `history_days` long, ending today
    uptime: float | None  # over the window, weighted by time counted; None if nothing counted
    # Built at midnight sharp, the day before the first bar: the window then ends at
    # midnight, `history_days` whole days, as today's bar counts none of its time.
    # It has no bar, but `uptime` counts it, so it may be the worst day the line names.
    before: DayStatus | None = None

    @property
    def counted_days(self) -> tuple[DayStatus, ...]:
        """The days `uptime` is over, oldest first: those of the record with some of the
        day passed by now (today's bar at midnight sharp is not one of them, the day
        before the first bar then is)."""
        days = self.days if self.before is None else (self.before, *self.days)
        return tuple(d for d in days if d.counted)

    @property
    def days_counted(self) -> int:
        """How many days of the window `uptime` is over (`counted_days`)."""
        return len(self.counted_days)

    @property
    def worst_day(self) -> DayStatus | None:
        """The worst day as the declared statuses alone colour the bars (`worst_day_shown`)."""
        found = self.worst_day_shown({})
        return None if found is None else found[0]

    def worst_day_shown(
        self, measured: Mapping[date, ComponentStatus]
    ) -> tuple[DayStatus, ComponentStatus] | None:
        """The counted day with the lowest uptime, then the most downtime, the worst status,
        the most recent, with that status; None if all were clear or none is counted yet.

        A day's status is the one its bar shows: the worse of the declared one and what
        the checks `measured` that day (measured.colouring_days), so a day the checks
        coloured as an outage is not passed over for a day of maintenance."""
        candidates = [
            (d, worst)
            for d in self.counted_days
            for worst in (
                worst_status((d.worst, measured[d.day])) if d.day in measured else d.worst,
            )
            if d.downtime or worst is not ComponentStatus.OPERATIONAL
        ]
        if not candidates:
            return None
        # The lowest uptime, not the most downtime: the line under the bars names the day
        # whose bar reads worst, and a day of 23 or 25 hours, or today so far, counts
        # other lengths of time. `uptime` is set on every counted day.
        return min(
            candidates,
            key=lambda c: (c[0].uptime, -c[0].downtime, -SEVERITY[c[1]], -c[0].day.toordinal()),
        )


@dataclass(frozen=True)
class SiteStatus:
    """What is up and what is down at `now`, plus the history the pages draw."""

    now: datetime
    overall: OverallStatus
    indicator: Indicator
    description: str  # Statuspage's description of the indicator
    components: Mapping[str, ComponentStatus]  # effective status by component id
    groups: Mapping[str, ComponentStatus]  # worst effective status of each group's components
    maintenance: Mapping[str, MaintenanceState]  # state by maintenance slug
    open_incidents: tuple[Incident, ...]  # the worst first (concern)
    active_maintenances: tuple[Maintenance, ...]  # in progress or verifying, soonest start first
    upcoming_maintenances: tuple[Maintenance, ...]  # scheduled, soonest start first
    history: Mapping[str, ComponentHistory]
    # What monitors measured, by component id (measured.py fills it; empty without monitors).
    measured: Mapping[str, ComponentMeasure] = field(default_factory=dict)
    # When the checks last turned `overall` to or from `unknown` (measured.py fills it).
    unknown_changed_at: datetime | None = None

    @property
    def overall_label(self) -> str:
        """The overall status in English words: "Ongoing incidents" with more than one open."""
        if self.overall is OverallStatus.INCIDENT and len(self.open_incidents) > 1:
            return ONGOING_INCIDENTS
        return OVERALL_LABELS[self.overall]


def compute(site: Site, now: datetime, kept: KeptDays | None = None) -> SiteStatus:
    """Everything status-related the build needs, computed once.

    Pass the site through `as_of(site, now)` first (the result then refers to the same
    objects the renderers see); a site with something ahead of `now` is cut here too.
    `kept` gives the uptime history's days before today as a build worked them out
    (uptime_history), which is worked out when first read (`_History`).
    """
    site = as_of(site, now)
    maintenance = {m.slug: maintenance_state(m, now) for m in site.maintenances}
    open_incidents = tuple(
        sorted((i for i in site.incidents if i.is_open), key=concern, reverse=True)
    )
    # Windows going on and ahead, soonest start first: the pages, summary.json, active.json
    # and upcoming.json list them in one order (by their end, two lists disagreed).
    active = tuple(sorted(active_windows(site.maintenances, now), key=MAINTENANCE_ORDER))
    upcoming = tuple(
        sorted(
            (m for m in site.maintenances if maintenance[m.slug] is MaintenanceState.SCHEDULED),
            key=MAINTENANCE_ORDER,
        )
    )

    components = effective_statuses(site, open_incidents, active)
    groups = {g.id: worst_status(components[cid] for cid in g.component_ids) for g in site.groups}

    statuses = [components[c.id] for c in site.components]
    impacts = [*(i.impact for i in open_incidents), *(Impact.MAINTENANCE for _ in active)]
    indicator = indicator_for(statuses, impacts)
    return SiteStatus(
        now=now,
        overall=overall_status(site, components, open_incidents),
        indicator=indicator,
        description=indicator_description(indicator, statuses),
        components=components,
        groups=groups,
        maintenance=maintenance,
        open_incidents=open_incidents,
        active_maintenances=active,
        upcoming_maintenances=upcoming,
        history=_History(partial(uptime_history, site, now, components, maintenance, kept)),
    )


class _History(Mapping[str, "ComponentHistory"]):
    """uptime_history's result, worked out when first read. Only the pages show it: a
    rebuild forks the process that renders the API, the feeds and the search index
    before any page reads it, so that process starts without waiting for it (20-80 ms
    at 10,000 incidents), and the pages work it out meanwhile. The same mapping, and the
    same repr, as the dict it holds."""

    __slots__ = ("_found", "_make")

    def __init__(self, make: Callable[[], dict[str, ComponentHistory]]) -> None:
        self._make: Callable[[], dict[str, ComponentHistory]] | None = make
        self._found: dict[str, ComponentHistory] | None = None

    def _history(self) -> dict[str, ComponentHistory]:
        if self._found is None:
            assert self._make is not None
            self._found, self._make = self._make(), None  # its inputs let go
        return self._found

    def __getitem__(self, component_id: str) -> ComponentHistory:
        return self._history()[component_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._history())

    def __len__(self) -> int:
        return len(self._history())

    def __repr__(self) -> str:
        return repr(self._history())


def effective_statuses(
    site: Site, open_incidents: Iterable[Incident], active_maintenances: Iterable[Maintenance]
) -> dict[str, ComponentStatus]:
    """Each component's effective status: the worst of its baseline and every open event on it."""
    contributions: dict[str, list[ComponentStatus]] = {c.id: [c.status] for c in site.components}
    events: list[Event] = [*open_incidents, *active_maintenances]
    for event in events:
        for affected in event.components:
            # A retired component has no status; a window the clock opened may name it.
            if affected.id in contributions:
                contributions[affected.id].append(affected.status)
    return {cid: worst_status(statuses) for cid, statuses in contributions.items()}


def overall_status(
    site: Site, components: Mapping[str, ComponentStatus], open_incidents: Sequence[Incident]
) -> OverallStatus:
    """The openstatus enum: `incident` while a fix is unconfirmed, else the worst component."""
    if any(i.state in UNCONFIRMED_FIX_STATES for i in open_incidents):
        return OverallStatus.INCIDENT
    if not site.components:
        return OverallStatus.UNKNOWN
    return OverallStatus(worst_status(components.values()).value)


# --- uptime ----------------------------------------------------------------------------

_Interval = tuple[datetime, datetime, ComponentStatus, str]
_NONE = timedelta(0)
_NEVER = datetime.max.replace(tzinfo=timezone.utc)
_EventSpan = tuple[datetime, datetime, str, tuple[tuple[str, ComponentStatus], ...]]


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first moment of `day` in `tz`, as its clocks show it: the one rule for where a
    site's day begins (uptime days, a `start_date`)."""
    # A midnight the clocks skip (Cairo, 2026-04-24) keeps the offset from before the
    # change, a wall time that never was; through UTC it becomes the first one the clocks
    # show, 01:00 +03:00, the same moment.
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def window_days(site: Site, now: datetime) -> list[date]:
    """The days of the uptime window, oldest first: `history_days` of them, ending with
    `now`'s day in the site's timezone."""
    return _days_ending(now, site.settings.history_days, site.settings.tz)


def _days_ending(now: datetime, count: int, tz: ZoneInfo) -> list[date]:
    """The last `count` days of `tz` up to `now`'s, oldest first. A date its clocks skipped
    whole (Apia went from 29 to 31 December 2011) is none of them: no moment of it passed,
    so it has no bar, as its uptime already counts none of it."""
    day = now.astimezone(tz).date()
    days: list[date] = []
    while len(days) < count:
        if day_start(day, tz).date() == day:  # else its midnight is the next day's
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def ends_at_midnight(site: Site, now: datetime) -> bool:
    """Whether `now` is midnight sharp in the site's timezone: none of today has passed,
    so the uptime window ends at that midnight instead, and takes in the day before the
    first bar, counting `history_days` whole days as it does a second later
    (ComponentHistory.before). The figures of the checks follow the same window."""
    today = now.astimezone(site.settings.tz).date()
    # In UTC: a midnight the clocks show twice (Havana going back at 01:00) is ambiguous,
    # and Python never finds an ambiguous time equal to one of another zone (PEP 495).
    return elapsed(day_start(today, site.settings.tz), now) == timedelta(0)


def counted_window(site: Site, now: datetime) -> tuple[date, date]:
    """The first and the last day the uptime figures at `now` may count: the first bar's
    to today's, or at midnight sharp (`ends_at_midnight`) the day before the first bar to
    yesterday, as none of today has passed. The declared uptime and the checks' figures
    both keep to it."""
    if ends_at_midnight(site, now):
        days = _days_ending(now, site.settings.history_days + 1, site.settings.tz)
        return days[0], days[-2]
    days = window_days(site, now)
    return days[0], days[-1]


def uptime_history(
    site: Site,
    now: datetime,
    current: Mapping[str, ComponentStatus] | None = None,
    states: Mapping[str, MaintenanceState] | None = None,
    kept: KeptDays | None = None,
) -> dict[str, ComponentHistory]:
    """Per component, per day of the last `history_days` (site timezone): uptime and worst status.

    Each incident and maintenance window is visited once and spread over the days it
    touches, so the cost grows with the history, not with its square. Today's bar also
    shows the status the page reports now (a baseline set by hand counts there, not in uptime).
    `current` (each component's effective status now) and `states` (each maintenance's
    state now) are worked out here unless the caller has them.

    The days before today change only when an event that reaches into them does, or at
    midnight: `kept` may give them as an earlier build worked them out from the same
    inputs (`_before_today_inputs`), so that a rebuild works out today alone.
    """
    tz = site.settings.tz
    days = window_days(site, now)
    today = days[-1]
    now_utc = now.astimezone(timezone.utc)
    midnight = ends_at_midnight(site, now)  # then the day before the first bar counts too
    if midnight:
        days = [counted_window(site, now)[0], *days]
    # In UTC: the spans between them are subtracted, and a subtraction between two times
    # of one zone ignores their offsets (a day the clocks go forward would count 24 hours).
    bounds = [day_start(d, tz).astimezone(timezone.utc) for d in (*days, today + timedelta(days=1))]

    if states is None:
        states = {m.slug: maintenance_state(m, now_utc) for m in site.maintenances}
    open_incidents = [i for i in site.incidents if i.is_open]
    active = [m for m in site.maintenances if maintenance_is_active(states[m.slug])]
    if current is None:
        current = effective_statuses(site, open_incidents, active)

    begins = record_start(site)
    last = len(days) - 1
    # How much of each day counts (today up to now), for a component counted that day.
    spans = [max(min(bounds[i + 1], now_utc) - bounds[i], timedelta(0)) for i in range(len(days))]
    before = _kept_or_worked_out(site, states, now_utc, days, bounds, spans, begins, kept)
    pieces = _pieces(site, states, now_utc, bounds, bounds[last], range(last, last + 1))
    _held_now(pieces, [*open_incidents, *active], now_utc, last)
    day = days[last]
    quiet: dict[tuple[bool, ComponentStatus], DayStatus] = {}
    history: dict[str, ComponentHistory] = {}
    for component in site.components:
        past, counted, downtime = before[component.id]
        first_day = counted_from(component, begins)
        span = _counted(spans[last], day, first_day)
        counted += span
        status = current[component.id]
        intervals = pieces[component.id].get(last)
        if not span and now_utc == bounds[last] and _in_record(day, first_day):
            # Built at midnight sharp: today has begun, but none of it has passed. Its bar
            # shows the status at this moment, as it will a second later, not "no data",
            # and names the events that hold it then (_held_now).
            events, worst = _named(intervals or [], status)
            # Weighted by the events holding it now alone, as the day's later moments are:
            # a baseline set by hand has no start, so it is never downtime.
            weight = max((DOWNTIME_WEIGHT[held] for _, _, held, _ in intervals or []), default=0.0)
            found = DayStatus(day, 1 - weight, worst, events, _NONE, False)
        elif intervals is None:  # nothing happened today
            kept_day = quiet.get((bool(span), status))
            if kept_day is None:
                kept_day = quiet[bool(span), status] = _quiet_day(day, span, status)
            found = kept_day
        else:
            found = _day_status(day, span, intervals, status)
            downtime += found.downtime
        uptime = None if not counted else 1 - downtime / counted
        if midnight:
            history[component.id] = ComponentHistory(
                component.id, (*past[1:], found), uptime, past[0]
            )
        else:
            history[component.id] = ComponentHistory(component.id, (*past, found), uptime)
    return history


# Each component's days before today, oldest first, and the time counted and the downtime
# in them (uptime_history).
BeforeToday = dict[str, tuple[tuple["DayStatus", ...], timedelta, timedelta]]


class KeptDays(Protocol):
    """What gives uptime_history the days before today an earlier build worked out
    (incremental/history.py)."""

    def identity(self, event: Event) -> str | None:
        """What identifies the file `event` was read from; None when unknown."""

    def get(self, base: list[str]) -> tuple[dict[str, str], BeforeToday] | None:
        """The identities (by slug) of the events the kept days were worked out from,
        and the days, when they were worked out from `base` (None: none are kept)."""

    def put(self, base: list[str], identities: dict[str, str], days: BeforeToday) -> None:
        """Keep `days`, worked out from `base` and the events of `identities`."""


# At most this many events changed since the kept days: the days they touched, before and
# now, are worked out again; with more, all of them (`_days_updated`).
_DAYS_UPDATED_FOR = 16


def _kept_or_worked_out(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    days: Sequence[date],
    bounds: Sequence[datetime],
    spans: Sequence[timedelta],
    begins: date | None,
    kept: KeptDays | None,
) -> BeforeToday:
    """The days before today: as `kept` has them, where the events they were worked out
    from are those of now; with the days the few events changed since touch worked out
    again (`_days_updated`); else all worked out. `kept` is given what to keep."""
    inputs = None
    if kept is not None:
        inputs = _before_today_inputs(site, states, days, bounds, begins, kept.identity)
    if kept is None or inputs is None:
        return _days_before_today(site, states, now, days, bounds, spans, begins)
    base, identities = inputs
    previous = kept.get(base)
    if previous is not None and not _names_recorded(*previous):
        # Days naming an event their record lacks would be kept when it changes or goes
        # (a page naming a deleted incident): worked out again, and kept right.
        previous = None
    found = None
    if previous is not None:
        found = _days_updated(site, states, now, bounds, spans, begins, *previous, identities)
    if found is None:
        found = _days_before_today(site, states, now, days, bounds, spans, begins)
    if previous is None or previous[0] != identities:
        kept.put(base, identities, found)
    return found


def _names_recorded(identities: Mapping[str, str], days: BeforeToday) -> bool:
    """Whether every event the kept `days` name is among the `identities` they were kept
    with, as `_days_updated` needs to work out again the days an event changed touches."""
    return all(
        slug in identities
        for statuses, _, _ in days.values()
        for day in statuses
        for slug in day.events
    )


def _days_before_today(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    days: Sequence[date],
    bounds: Sequence[datetime],
    spans: Sequence[timedelta],
    begins: date | None,
) -> BeforeToday:
    """Each component's days of the window before today (uptime_history)."""
    last = len(days) - 1
    pieces = _pieces(site, states, now, bounds, bounds[0], range(last))
    # A day nothing touched reads the same on every component it is counted for (or
    # not): one DayStatus serves them all (50 components × 89 days).
    quiet: dict[tuple[int, bool], DayStatus] = {}
    operational = ComponentStatus.OPERATIONAL
    result: BeforeToday = {}
    for component in site.components:
        per_day = pieces[component.id]
        first_day = counted_from(component, begins)
        day_statuses: list[DayStatus] = []
        counted = downtime = timedelta(0)
        for i, day in enumerate(days[:last]):
            span = _counted(spans[i], day, first_day)
            counted += span
            intervals = per_day.get(i)
            if intervals is None:  # most days of most components: nothing happened
                found = quiet.get((i, bool(span)))
                if found is None:
                    found = _quiet_day(day, span, operational)
                    quiet[i, bool(span)] = found
                day_statuses.append(found)
                continue
            found = _day_status(day, span, intervals, operational)
            downtime += found.downtime
            day_statuses.append(found)
        result[component.id] = (tuple(day_statuses), counted, downtime)
    return result


def _pieces(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    bounds: Sequence[datetime],
    since: datetime,
    indices: Container[int],
) -> dict[str, dict[int, list[_Interval]]]:
    """Per component, per day of `indices`, the pieces of the events that touch it: each
    event left out by `_event_intervals(…, since)` touches none of those days."""
    window_start = bounds[0]
    by_component: dict[str, dict[int, list[_Interval]]] = {c.id: {} for c in site.components}
    for start, end, slug, affected in _event_intervals(site, states, now, since):
        # An interval ending exactly at the window's first midnight belongs to the day before.
        if start > end or start > now or end < window_start:
            continue
        if end == window_start and start < end:
            continue
        start, end = max(start, window_start), min(end, now)
        for index in _day_range(bounds, start, end):
            if index not in indices:
                continue
            piece_start, piece_end = max(start, bounds[index]), min(end, bounds[index + 1])
            for component_id, status in affected:
                per_day = by_component.get(component_id)
                if per_day is None:
                    continue  # a retired component: it has no uptime
                per_day.setdefault(index, []).append((piece_start, piece_end, status, slug))
    return by_component


def _held_now(
    pieces: dict[str, dict[int, list[_Interval]]],
    events: Iterable[Event],
    now: datetime,
    today: int,
) -> None:
    """Give each component's day `today` a piece of no length at `now` (no downtime) for
    each of `events` (those holding it now) that its pieces lack: today's bar takes its
    status from them, so it names them too. Such an event has no piece of today when none
    of today passed under it: held since before a build at midnight sharp, or begun (or
    reopened) at `now`."""
    for event in events:
        for affected in event.components:
            per_day = pieces.get(affected.id)
            if per_day is None:
                continue  # a retired component: it has no uptime
            intervals = per_day.setdefault(today, [])
            if all(slug != event.slug for *_, slug in intervals):
                intervals.append((now, now, affected.status, event.slug))


def _before_today_inputs(
    site: Site,
    states: Mapping[str, MaintenanceState],
    days: Sequence[date],
    bounds: Sequence[datetime],
    begins: date | None,
    identity: Callable[[Event], str | None],
) -> tuple[list[str], dict[str, str]] | None:
    """What the days before today are worked out from (`_days_before_today`), as text:
    the first and last day, the settings and components they read and the first day of
    the record; and each event that reaches into them, by slug, with its `identity` (its file, read
    with the input zone and component ids listed in the first). None when an identity
    is unknown. An event whose first moment is today reaches no earlier day, whatever
    the clock has cut of it; one over before the window neither (`_event_intervals`).
    Its first moment, not the update that first shows it: uptime counts an incident
    from its start (incident_spans), which a `date` opened today may put days back."""
    settings = site.settings
    window_start, midnight = bounds[0], bounds[len(days) - 1]
    base = [
        days[-1].isoformat(),
        days[0].isoformat(),  # a day earlier at midnight sharp (uptime_history)
        str(settings.page),  # an audience's page: its events narrowed to its components
        str(settings.tz),
        settings.input_zone,
        str(settings.history_days),
        repr(begins),
        repr([(c.id, c.start_date) for c in site.components]),
    ]
    identities: dict[str, str] = {}
    for incident in site.incidents:
        over = _derived(incident, "_over_at", _over_at)
        if (over is not None and over < window_start) or first_moment(incident) >= midnight:
            continue
        known = identity(incident)
        if known is None:
            return None
        identities[incident.slug] = known
    for maintenance in site.maintenances:
        if states[maintenance.slug] is MaintenanceState.SCHEDULED:
            continue  # as _event_intervals
        # Work begun ahead of the window reaches back to its first update.
        if _over_before(maintenance, window_start) or first_moment(maintenance) >= midnight:
            continue
        known = identity(maintenance)
        if known is None:
            return None
        identities[maintenance.slug] = known
    return base, identities


def _days_updated(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    bounds: Sequence[datetime],
    spans: Sequence[timedelta],
    begins: date | None,
    kept_identities: dict[str, str],
    kept: BeforeToday,
    identities: dict[str, str],
) -> BeforeToday | None:
    """The kept days before today, with those touched by the events changed since (an
    edit, an event added or removed: `identities` against `kept_identities`) worked out
    again, before and after the change: the days where a kept day names one of them, and
    those its new version reaches. None for more than _DAYS_UPDATED_FOR changed events."""
    changed = {
        slug
        for slug in kept_identities.keys() | identities.keys()
        if kept_identities.get(slug) != identities.get(slug)
    }
    if not changed:
        return kept
    if len(changed) > _DAYS_UPDATED_FOR:
        return None
    before_today = range(len(bounds) - 2)
    touched = {
        index
        for statuses, _, _ in kept.values()
        for index, day in enumerate(statuses)
        if day.events and not changed.isdisjoint(day.events)
    }
    now_changed = replace(
        site,
        incidents=tuple(e for e in site.incidents if e.slug in changed),
        maintenances=tuple(e for e in site.maintenances if e.slug in changed),
    )
    for per_day in _pieces(now_changed, states, now, bounds, bounds[0], before_today).values():
        touched.update(per_day)
    if not touched:
        return kept
    pieces = _pieces(site, states, now, bounds, bounds[min(touched)], touched)
    operational = ComponentStatus.OPERATIONAL
    result: BeforeToday = {}
    for component in site.components:
        statuses, counted, _ = kept[component.id]
        per_day = pieces[component.id]
        days = list(statuses)
        first_day = counted_from(component, begins)
        for index in touched:
            day = days[index].day
            span = _counted(spans[index], day, first_day)
            intervals = per_day.get(index)
            if intervals is None:
                days[index] = _quiet_day(day, span, operational)
            else:
                days[index] = _day_status(day, span, intervals, operational)
        downtime = sum((d.downtime for d in days), timedelta(0))
        result[component.id] = (tuple(days), counted, downtime)
    return result


def _event_intervals(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    since: datetime,
    around: Sequence[datetime] | None = None,
) -> Iterable[_EventSpan]:
    """(start, end, slug, affected) of every incident and every maintenance that has begun,
    leaving out those over before `since` (the window's start): on a site with years of
    history, most of them. Given `around` (sorted moments), incidents alive at none of
    them are left out too: an old incident's updates meet a handful of others, not the
    thousands that came after it. Times are in UTC, so that every span between them is
    real time (see elapsed), whatever zone the files were written in."""
    for incident in site.incidents:
        over = _derived(incident, "_over_at", _over_at)
        if over is not None and over < since:
            continue
        if around is not None and not _alive_at(_utc(first_moment(incident)), over, around):
            continue
        yield from _event_pieces(incident, states, now)
    for maintenance in site.maintenances:
        if not _over_before(maintenance, since):
            yield from _event_pieces(maintenance, states, now)


def _event_pieces(
    event: Event, states: Mapping[str, MaintenanceState], now: datetime
) -> Iterable[_EventSpan]:
    """(start, end, slug, affected) of each piece of one event's life up to `now`, cut at
    every status change (`_event_intervals`, which picks the events); none for a window
    still scheduled."""
    if isinstance(event, Incident):
        spans = incident_spans(event, incident_end(event) or now)
        utc: timezone | None = timezone.utc
    elif states[event.slug] is MaintenanceState.SCHEDULED:
        return
    else:
        spans = maintenance_spans(event, now)
        utc = None  # a window's spans are in UTC already (maintenance_spans)
    for start, stop, statuses in _segments(event, spans):
        affected = tuple((a.id, a.status) for a in statuses)
        if utc is not None:
            start, stop = start.astimezone(utc), stop.astimezone(utc)
        yield start, stop, event.slug, affected
    yield from _passing(event, spans)


def _passing(event: Event, spans: Sequence[tuple[datetime, datetime]]) -> Iterable[_EventSpan]:
    """A piece of no length for each status a later update of the same minute replaced,
    and for each an incident's `Resolved` update of the same minute ended: held for no
    time, it is no downtime, but it was published, so it is part of the worst status the
    day saw, as of the worst the incident reached (`worst_reached`). `_segments` has
    neither: it cuts a span only at a change inside it."""
    # A window is left as it was: the history rules do not say whether a status written
    # at the moment it stopped holding its components (its end by the clock, where the
    # page shows it completed, or a `Completed` update of that minute) counts.
    ended = _given_back(spans) if isinstance(event, Incident) else frozenset()
    for component_id, steps in _derived(event, "_component_changes", _component_changes).items():
        for index, (at, status) in enumerate(steps):
            replaced = index + 1 < len(steps) and steps[index + 1][0] == at
            if at in ended or (replaced and any(first <= at <= last for first, last in spans)):
                moment = at.astimezone(timezone.utc)
                yield moment, moment, event.slug, ((component_id, status),)


def _alive_at(begun: datetime, over: datetime | None, moments: Sequence[datetime]) -> bool:
    """Whether a life from `begun` to `over` (None: still going) holds one of the sorted
    `moments`, its ends included; all in UTC (`_utc`)."""
    index = bisect_left(moments, begun)
    return index < len(moments) and (over is None or moments[index] <= over)


def _over_before(maintenance: Maintenance, since: datetime) -> bool:
    """Whether the window stopped holding its components before `since`: by its end at
    the latest, unless a written `status` or an update after its end held it open
    (_held_until)."""
    if maintenance.explicit_state is None:
        if maintenance.scheduled_until >= since:
            return False
        if not _held_past_end(maintenance):
            return True
    over = _held_until(maintenance)
    return over is not None and over < since


def _over_at(incident: Incident) -> datetime | None:
    """When a closed incident's life is over, in UTC (`_utc`): no piece of it ends after
    the later of its end and its start (incident_segments). None while it is open."""
    end = incident_end(incident)
    return None if end is None else _utc(max(end, incident.started_at))


def _day_range(bounds: Sequence[datetime], start: datetime, end: datetime) -> range:
    """Indexes of the days an interval touches; one ending at midnight stays off the next day."""
    first = bisect_right(bounds, start) - 1
    last = bisect_left(bounds, end) - 1 if end > start else first
    return range(max(first, 0), min(last, len(bounds) - 2) + 1)


def _counted(span: timedelta, day: date, counted_from: date | None) -> timedelta:
    """How much of `day` counts for a component counted from `counted_from`: `span`, or
    nothing before its record began."""
    return span if _in_record(day, counted_from) else timedelta(0)


def _in_record(day: date, counted_from: date | None) -> bool:
    """Whether `day` lies in the record of a component counted from `counted_from`."""
    return counted_from is None or day >= counted_from


def _quiet_day(day: date, span: timedelta, status: ComponentStatus) -> DayStatus:
    """A day no event touched: all up, where it counts."""
    return DayStatus(day, 1.0 if span else None, status, (), _NONE, bool(span))


def counted_from(component: Component, begins: date | None) -> date | None:
    """The first day with a record for the component: its own `start_date`, which says
    when it began being watched whatever day the site's record begins (an import
    brings components watched long before the site was made); else the site's (`begins`,
    record_start's). The uptime bars and the checks' figures (measured.py) both count from it."""
    return begins if component.start_date is None else component.start_date


def _day_status(
    day: date, counted: timedelta, intervals: list[_Interval], current: ComponentStatus
) -> DayStatus:
    """A day some event touched; `counted` is how much of it counts towards uptime."""
    if not counted:
        # Before the component's record began: "no data", as on a day nothing touched,
        # whatever happened then (its incidents are still listed on their pages).
        return _quiet_day(day, counted, current)
    events, worst = _named(intervals, current)
    downtime = _weighted_downtime(intervals)
    return DayStatus(day, 1 - downtime / counted, worst, events, downtime, True)


def _named(
    intervals: Sequence[_Interval], current: ComponentStatus
) -> tuple[tuple[str, ...], ComponentStatus]:
    """The events a day's `intervals` name, the worst first (by the worst status each held
    the component in that day), then in the order they began; and the worst status the
    day saw: theirs or `current` (the status set the day shows besides). The first named
    is the one that gave the bar its colour: the bar's words name it, its link opens it."""
    if len(intervals) == 1:  # most such days: one event, one status
        _, _, status, slug = intervals[0]
        return (slug,), worst_status((current, status))
    worst_of: dict[str, int] = {}
    for _, _, status, slug in sorted(intervals, key=lambda i: (i[0], i[3])):
        worst_of[slug] = max(worst_of.get(slug, 0), SEVERITY[status])
    # sorted() is stable: events of one severity keep the order they began in.
    events = tuple(sorted(worst_of, key=lambda slug: -worst_of[slug]))
    return events, worst_status([current, *(status for _, _, status, _ in intervals)])


def _weighted_downtime(intervals: Sequence[_Interval]) -> timedelta:
    """Downtime of overlapping intervals: at each moment only the heaviest status counts.

    A sweep over the sorted start and end points, so many overlapping incidents on one
    day cost n log n, not n squared.
    """
    if len(intervals) == 1:  # the sweep's answer for one interval, worked out directly
        start, end, status, _ = intervals[0]
        return (end - start) * DOWNTIME_WEIGHT[status] if end > start else timedelta(0)
    changes = sorted(
        (
            (moment, delta, status)
            for start, end, status, _ in intervals
            for moment, delta in ((start, 1), (end, -1))
        ),
        key=lambda change: change[0],
    )
    open_count = dict.fromkeys(ComponentStatus, 0)
    total = timedelta(0)
    previous: datetime | None = None
    for moment, delta, status in changes:
        if previous is not None and moment > previous:
            weight = max((DOWNTIME_WEIGHT[s] for s, n in open_count.items() if n > 0), default=0.0)
            total += (moment - previous) * weight
        previous = moment
        open_count[status] += delta
    return total


# --- when things changed -------------------------------------------------------------------


def event_changes(event: Event, now: datetime) -> list[datetime]:
    """The moments, up to `now`, at which the event changed what the page shows, oldest first.

    Its updates, an incident's start and end, and for a maintenance that follows the clock
    the edges of its window once passed (the page changes then without anyone writing).
    """
    moments = _derived(event, "_change_moments", _change_moments)
    return list(moments[: bisect_right(moments, now)])


def cut_moments(event: Event) -> tuple[datetime, ...]:
    """Every moment at which the event as of the clock can change (what `as_of` keeps of
    it, its state, its last change), oldest first: what an output showing the event
    follows besides its file (incremental/reuse.py). A maintenance window's edges count
    even when the file gives its state: cut before the update that gives it, the window
    follows the clock."""
    moments = _derived(event, "_change_moments", _change_moments)
    if isinstance(event, Maintenance) and event.explicit_state is not None:
        return tuple(sorted((*moments, event.scheduled_for, event.scheduled_until)))
    return moments


def last_cut_moment(event: Event) -> datetime | None:
    """The last of cut_moments(event), in UTC (`_utc`); None when there is none."""
    last = last_change_stamp(event)
    if isinstance(event, Maintenance) and event.explicit_state is not None:
        until = _utc(event.scheduled_until)
        return until if last is None else max(last[0], until)
    return None if last is None else last[0]


def next_cut_moment(events: Iterable[Event], now: datetime) -> datetime | None:
    """The first of the events' cut_moments after `now`: when the next of them changes as of
    the clock alone (a window's start or end, an update written ahead); None when none lies
    ahead. What a long-running preview waits for (serve/watcher.py)."""
    clock = _utc(now)
    found: datetime | None = None
    for event in events:
        last = last_cut_moment(event)
        if last is None or last <= clock:
            continue  # all in the past: most events of a large site, at a glance
        moments = cut_moments(event)
        ahead = moments[bisect_right(moments, now)]
        if found is None or ahead < found:
            found = ahead
    return found


def _change_moments(event: Event) -> tuple[datetime, ...]:
    """Every moment at which the event changes what the page shows, at any time, oldest
    first (a stable sort: `event_changes` is a prefix of it)."""
    moments = [update.at for update in event.updates]
    if isinstance(event, Incident):
        moments.append(event.started_at)
        end = incident_end(event)
        if end is not None:
            moments.append(end)
    elif event.explicit_state is None or _reopened_at(event) is not None:
        # A window's edge is a change only where the clock moves it past what its updates
        # said by then: not the end of one whose work was Completed before it. A written
        # `status` counts only from an update after the end (`_reopened_at`), not at its edges.
        for edge in (event.scheduled_for, event.scheduled_until):
            written = _written_step(event, edge)
            if _unkeyed_state(event, edge, written) is not (written and written[1]):
                moments.append(edge)
    return tuple(sorted(moments))


def latest_change(event: Event, now: datetime, began: datetime | None = None) -> datetime | None:
    """The event's last change up to `now` (the last of `event_changes`); None when none
    has happened yet. With `began` (record_began), a window written without an
    announcement was posted then (`announced_at`), which counts as its first change."""
    last = last_change_stamp(event)
    if last is not None and last[0] <= now:
        return last[1]  # all in the past: one comparison, not a search
    moments = _derived(event, "_change_moments", _change_moments)
    index = bisect_right(moments, now)
    if index:
        return moments[index - 1]
    if began is not None and not event.updates and began <= now:
        return announced_at(event, now, began)
    return None


def changed_at(event: Event, now: datetime, began: datetime | None = None) -> datetime:
    """When the event last changed as of `now`; if everything is still ahead, its first
    moment or `now`, whichever is earlier (see `announced_at`)."""
    latest = latest_change(event, now, began)
    if latest is not None:
        return latest
    return min(first_moment(event), now)


def announced_at(event: Event, now: datetime, began: datetime | None = None) -> datetime:
    """When the event was first posted, the one answer for every output that says so (the
    API's created_at, Atom's <published>, the calendar's CREATED): its first update; for
    an incident without one, its start. A maintenance file without one (written by hand)
    says nothing of when it was posted: it is dated when the site's record began (`began`,
    record_began), a moment no rebuild moves, so that a feed reader or calendar is not
    told of a change each hour; without `began`, its window's start or `now`, whichever
    is earlier. Never a time ahead of `now`."""
    if event.updates:
        return event.updates[0].at
    if isinstance(event, Incident):
        return min(event.started_at, now)
    if began is not None:
        return min(began, now)
    return min(first_moment(event), now)


def dated_by_record(event: Event) -> bool:
    """Whether the event is dated by when the site's record began (record_began) rather
    than by anything its file says: a maintenance file without updates (`announced_at`).
    Its outputs follow the site's record start, which an older event added elsewhere moves."""
    return not event.updates and not isinstance(event, Incident)


def announcement_keeps_state(maintenance: Maintenance) -> bool:
    """Whether a `Scheduled` announcement written into a window without updates (`check
    --fix`) would only date it. A written `status:` counts from the window's last update
    once it has one (`_holds_then`): with an announcement alone, `in_progress` would hold
    the components from the announcement on, and `completed` never; `scheduled` is what
    the announcement says itself."""
    return maintenance.explicit_state in (None, MaintenanceState.SCHEDULED)


def last_change_stamp(event: Event) -> tuple[datetime, datetime, str] | None:
    """The event's last change at any time: in UTC (see `_utc`), as written, and as text
    with the slug (`slug/ISO time`), which an output showing the event follows once the
    clock has passed it (RenderContext.event_fact); None for an event with no moments."""
    return _derived(event, "_last_stamp", _last_stamp)


def _last_stamp(event: Event) -> tuple[datetime, datetime, str] | None:
    moments = _derived(event, "_change_moments", _change_moments)
    if not moments:
        return None
    last = moments[-1]
    return _utc(last), last, f"{event.slug}/{last.isoformat()}"


def _utc(moment: datetime) -> datetime:
    """`moment` in UTC, for the values kept on an event only to be compared with the clock
    (in UTC): two times in the same zone compare about twenty times faster than two in
    different zones, whose offsets Python works out at every comparison. Every event is
    compared with the clock several times in a build, 10,000 of them on a large site."""
    return moment.astimezone(timezone.utc)


def first_moment(event: Event) -> datetime:
    """The earliest moment written in the event: its start or an update's time."""
    return _derived(event, "_first_moment", _first_moment)


def _first_moment(event: Event) -> datetime:
    return min([u.at for u in event.updates] + [event_start(event)])


def last_change(events: Iterable[Event], now: datetime) -> datetime | None:
    """The latest change, up to `now`, among the events; None when none has happened yet."""
    return max((m for event in events for m in event_changes(event, now)), default=None)


def maintenance_completed_at(maintenance: Maintenance, now: datetime) -> datetime | None:
    """When a maintenance completed as of `now` finished; None while it is not completed.

    The first of the `Completed` updates since it last resumed; the window's end if that
    came first and the clock completed it then (a `status:` the author wrote by then, say
    `in_progress`, holds it open past its end instead, as does work resumed after it:
    `_unkeyed_state`); else the window's end.
    """
    if maintenance_state(maintenance, now) is not MaintenanceState.COMPLETED:
        return None
    steps = _derived(maintenance, "_written_states", _written_states)
    index = bisect_right([at for at, _ in steps], now)
    if not index or steps[index - 1][1] is not MaintenanceState.COMPLETED:
        return maintenance.scheduled_until
    since = steps[index - 1][0]
    until = maintenance.scheduled_until
    if index > 1 and _runs_on(steps[index - 2], until):
        # Held open by work said to run on past its end: over at last. Not a window only
        # announced after its end (a `Scheduled` step): the clock completed it then.
        return since
    if until < since:
        # As the page stood at the window's end: completed there by the clock, or held.
        # Not announced by then (updates only after the fact): the clock alone had it.
        then = _maintenance_as_of(maintenance, _utc(until)) or replace(
            maintenance, explicit_state=None, updates=()
        )
        if maintenance_state(then, until) is MaintenanceState.COMPLETED:
            return until
    return since


def completed_after_end(maintenance: Maintenance, now: datetime) -> datetime | None:
    """When the `Completed` update was made that ended the window's work as of `now`, if
    it is dated after the window's end and the clock ended it there all the same (no
    update after the end held it open: `_unkeyed_state`), so every output ends it at its
    planned end, not at the update; else None."""
    until = maintenance.scheduled_until
    step = _written_step(maintenance, now)  # at a glance first: kept on the event
    if step is None or step[1] is not MaintenanceState.COMPLETED or step[0] <= until:
        return None
    return step[0] if maintenance_completed_at(maintenance, now) == until else None


def ended_at(event: Event, now: datetime) -> datetime | None:
    """When the event was over as of `now`: a closed incident's end (incident_end), a
    completed window's (maintenance_completed_at); None while it is open or to come."""
    if isinstance(event, Incident):
        return incident_end(event)
    return maintenance_completed_at(event, now)


def maintenance_started_at(maintenance: Maintenance, now: datetime) -> datetime:
    """When the window's work began as of `now`: its scheduled start, or the time of an
    update before it that put the window in progress (the work started early). A window
    over before its start (called off) is dated when it was over (maintenance_completed_at,
    the API's resolved_at): once over, it is no longer to come."""
    return _called_off_at(maintenance, now) or _work_begins(maintenance, now)


def began_at(event: Event, now: datetime) -> datetime | None:
    """When the event began as of `now`, the time a page says it "Started": an incident's
    start, a window's work (maintenance_started_at). None while that is still ahead, as
    for a window a written `status: in_progress` opened before its start with no update
    saying when, and for a window called off, whose work never began."""
    if isinstance(event, Incident):
        began = event.started_at
    elif called_off(event, now):
        return None
    else:
        began = maintenance_started_at(event, now)
    return began if _utc(began) <= _utc(now) else None


def called_off(maintenance: Maintenance, now: datetime) -> bool:
    """Whether the window was over, as of `now`, before its work began (a `Completed`
    update before its start, docs/content.md): it never held its components, so nothing
    may say they went under maintenance, and the calendar cancels it."""
    return _called_off_at(maintenance, now) is not None


# What a reader is told of a window called off: there is no `cancelled` state in the
# files or the API (it is completed), but "Completed" would tell of work never done. The
# id and the words (a message id) every page, feed, search result, calendar and
# notification give it, and the update that called it off (update_state).
CANCELLED = "cancelled"
# Each state as a reader is told it (shown_state), by id, in English.
STATE_LABELS: Mapping[str, str] = {
    **{state.value: state.label for state in (*IncidentState, *MaintenanceState)},
    CANCELLED: "Cancelled",
}


def shown_state(event: Event, state: IncidentState | MaintenanceState, now: datetime) -> str:
    """The id (STATE_LABELS) of the state a reader is shown for `event`, whose state at
    `now` is `state`: its value, or CANCELLED for a window called off (called_off)."""
    shown: str = state.value
    if isinstance(event, Maintenance) and state is MaintenanceState.COMPLETED:
        return CANCELLED if called_off(event, now) else shown
    return shown


def update_state(event: Event, update: Update) -> str:
    """The id (STATE_LABELS) of the state a reader is shown for one of the event's updates:
    its own, or CANCELLED for a `Completed` one written before the window's work began,
    which called it off, or after a call-off no later update undid (called_off as of the
    update). Read as of the update, never the clock: what it did when it was written stays
    its name."""
    if (
        isinstance(event, Maintenance)
        and update.state is MaintenanceState.COMPLETED
        and (_utc(update.at) < _utc(_work_begins(event, update.at)) or called_off(event, update.at))
    ):
        return CANCELLED
    shown: str = update.state.value
    return shown


def _called_off_at(maintenance: Maintenance, now: datetime) -> datetime | None:
    """When the window was over if that was before its work began; else None."""
    over = maintenance_completed_at(maintenance, now)
    if over is None or _utc(over) >= _utc(_work_begins(maintenance, now)):
        return None
    return over


def _work_begins(maintenance: Maintenance, now: datetime) -> datetime:
    """Its scheduled start, or the time of an update made by `now` before it that put
    the window in progress (the work started early)."""
    for update in maintenance.updates:
        if update.at > now or update.at >= maintenance.scheduled_for:
            break
        if update.state in ACTIVE_MAINTENANCE_STATES:
            return update.at
    return maintenance.scheduled_for


def maintenance_spans(maintenance: Maintenance, now: datetime) -> list[tuple[datetime, datetime]]:
    """The parts of the window's life up to `now` in which it held its components (in
    UTC): where the state the page showed then (`maintenance_state` of the window as of
    that moment) was in progress or verifying.

    So from its start, or an `In progress` update before it, to its end; less the time
    after an update said `Completed` until a later one resumed the work; and, where a
    written `status` held it open past its end, until the `Completed` update, or `now`
    while it runs on. It reads the updates alone, as they stood at each moment, so a
    day's history does not change with the clock.
    """
    spans: list[tuple[datetime, datetime]] = []
    held_from: datetime | None = None
    for at, active in _held_steps(maintenance):
        if at >= now:
            break
        if active and held_from is None:
            held_from = at
        elif not active and held_from is not None:
            spans.append((held_from, at))
            held_from = None
    if held_from is not None and now > held_from:
        spans.append((held_from, now))
    return spans


def _held_steps(maintenance: Maintenance) -> list[tuple[datetime, bool]]:
    """Each moment (UTC, oldest first) at which the window's state as of then may change,
    and whether it held its components from then on: its edges and its updates' times."""
    start, end = _utc(maintenance.scheduled_for), _utc(maintenance.scheduled_until)
    explicit = maintenance.explicit_state
    steps = _derived(maintenance, "_written_states", _written_states)
    if not steps and explicit is not None:
        # A `status` no update dates holds from the window's start on. One that says
        # completed tells nothing of when: the window ran as scheduled, as the clock has it.
        if explicit is MaintenanceState.COMPLETED:
            explicit = None
        else:
            return [(start, maintenance_is_active(explicit))]
    moments = sorted({start, end, *(at for at, _ in steps)})
    return [
        (moment, _holds_then(maintenance, moment, _written_step(maintenance, moment), explicit))
        for moment in moments
    ]


def _holds_then(
    maintenance: Maintenance,
    moment: datetime,
    written: tuple[datetime, MaintenanceState] | None,
    explicit: MaintenanceState | None,
) -> bool:
    """Whether the window holds its components from `moment` on, its newest update by
    then saying `written` (when, what), with the `status` `explicit` (`_held_steps`
    tells which). Before an update after the end that held it open, the key counts for
    nothing (`_reopened_at`): the clock completed it at its end, whatever updates came
    before."""
    last = written_span(maintenance)[1]
    reopened = None if explicit is None else _reopened_at(maintenance)
    if explicit is None or (reopened is not None and moment < reopened):
        state = _unkeyed_state(maintenance, moment, written)
    elif last is not None and moment >= last:
        state = explicit  # as the file has it once all its updates are made
    elif written is None or written[1] is MaintenanceState.SCHEDULED:
        state = _clock_state(maintenance, moment)  # as `_explicit_as_of` cuts it
    else:
        state = written[1]
    return maintenance_is_active(state)


def _held_until(maintenance: Maintenance) -> datetime | None:
    """When the window last stopped holding its components, in UTC; None while a written
    `status` holds it on (`maintenance_spans`). A window that never held them is over
    at its start."""
    steps = _held_steps(maintenance)
    over, held = steps[0][0], False
    for at, active in steps:
        if held and not active:
            over = at
        held = active
    return None if held else over


# --- history: component statuses over time, and what has happened by `now` ---------------------

StatusSteps = tuple[tuple[datetime, ComponentStatus], ...]


def touched_components(event: Event) -> Iterable[str]:
    """The ids of the components an event names, in its order: a maintenance window's,
    or an incident's front matter and then its updates' (the keys of component_changes,
    without copying them)."""
    if isinstance(event, Maintenance):
        return [a.id for a in event.components]
    return _derived(event, "_touched", _touched)


def _touched(incident: Incident) -> tuple[str, ...]:
    # Each id one string for all events: the cache then holds it once.
    return tuple(map(sys.intern, _derived(incident, "_component_changes", _component_changes)))


def component_changes(event: Event) -> dict[str, StatusSteps]:
    """Per affected component, each status the event gave it and from when, oldest first.

    Statuses set by an update (its `Components:` line) hold from its time until a later
    update changes them; the first update's apply from the incident's start (a window's
    first moment: it holds them only while in progress, `maintenance_spans`). A component
    in the front matter that no update names holds its front-matter status throughout, so
    an event written without such lines reads as it always did. Updates with the same
    time give one step each, in file order: a status held for no time is still a step.
    An update reopening an incident gives a step to each component it takes back, with
    the status it held when no `Components:` line names it (as update_changes does).
    """
    return dict(_derived(event, "_component_changes", _component_changes))


def listed_components(event: Event, site: Site) -> tuple[str, ...]:
    """The ids of the components an event names, in the order every list of it names them
    (its page, the history's line, a search result): the site's (Site.in_page_order), not
    its file's, which jumps between groups once it names many."""
    if isinstance(event, Incident):
        return site.in_page_order(component_changes(event))
    return site.in_page_order(a.id for a in event.components)


def _component_changes(event: Event) -> dict[str, StatusSteps]:
    return {
        cid: tuple((at, status) for _, at, status in own)
        for cid, own in _steps_by_update(event).items()
    }


def _steps_by_update(event: Event) -> dict[str, list[tuple[int, datetime, ComponentStatus]]]:
    """component_changes, each step with the index of the update that set it (0 for a
    front-matter status no update names): what tells apart steps of one minute. An
    update reopening an incident gives each component it had a step, named or not."""
    steps: dict[str, list[tuple[int, datetime, ComponentStatus]]] = {}
    begins = event.started_at if isinstance(event, Incident) else first_moment(event)
    reopenings = (
        {reopened for _, reopened in _resolution_updates(event.updates) if reopened is not None}
        if isinstance(event, Incident)
        else set()
    )
    for index, given in enumerate(_given_by_update(event)):
        update = event.updates[index]
        at = begins if index == 0 else max(update.at, begins)
        reopening = index in reopenings
        for affected in given:
            own = steps.setdefault(affected.id, [])
            # Two updates in one minute are two steps, in file order, the later holding:
            # the earlier one was published and read, so its status is part of the
            # record (worst reached, the page's changes), if for no time at all.
            if not own or own[-1][2] is not affected.status or reopening:
                own.append((index, at, affected.status))
        if reopening:
            # Reopened, the incident takes back each component it gave back, one its
            # update does not name with the status it held (as api/v2 says that update
            # set it): a step of that update, so one a later update of its minute sets
            # follows it, on the page's list and in the day's worst (_passing).
            named = {affected.id for affected in given}
            for cid, own in steps.items():
                if cid not in named:
                    own.append((index, at, own[-1][2]))
    ordered = {a.id: steps.pop(a.id, [(0, begins, a.status)]) for a in event.components}
    ordered.update(steps)
    return ordered


# Each change listed for a component, oldest first: a status from then on, or None where
# a `Resolved` update gave the component back until a later update reopened the incident.
ListedChanges = tuple[tuple[datetime, ComponentStatus | None], ...]


def listed_changes(incident: Incident) -> dict[str, ListedChanges]:
    """Per affected component, every change the incident page lists: the statuses of
    component_changes, and the time the incident stood resolved before a later update
    reopened it (the gaps incident_spans leaves out too), at which it returns with the
    status it then held. The incident's end is not among them."""
    changes = _derived(incident, "_component_changes", _component_changes)
    if not _derived(incident, "_resolved_gaps", _resolved_gaps):
        return dict(changes)  # never resolved, or only at its end: most incidents
    updates = incident.updates
    # The parts in which it held its components, as the updates that opened (or reopened)
    # and resolved them, not as times: updates of one minute count in file order, so a
    # step goes with the part its update was written in, before or after a `Resolved`
    # of the same minute. The last part's end (the incident's, or none yet) is not listed.
    gaps = _resolution_updates(updates)
    opened = [0, *(reopened for _, reopened in gaps if reopened is not None)]
    resolved = [closed for closed, reopened in gaps if reopened is not None]
    result: dict[str, ListedChanges] = {}
    for cid, steps in _steps_by_update(incident).items():
        listed: list[tuple[datetime, ComponentStatus | None]] = []
        for first, last in zip(opened, [*resolved, None], strict=True):
            # A reopened part starts with the status its reopening update brought back
            # (_steps_by_update), then those set by later updates, of its minute too. A
            # status set up to the `Resolved` update, in its minute too, is listed before
            # it, as the day's bar counts it (_passing).
            own = [
                (at, status)
                for index, at, status in steps
                if first <= index and (last is None or index <= last)
            ]
            listed += own
            if last is not None and own:
                listed.append((updates[last].at, None))
        result[cid] = tuple(listed)
    return result


def unnamed_components(event: Event) -> tuple[AffectedComponent, ...]:
    """The front-matter components no update's `Components:` line names (up to an
    incident's end: `counted_updates`): each holds its front-matter status throughout, as
    if the first update gave it."""
    named = {a.id for update in _status_updates(event) for a in update.components}
    return tuple(a for a in event.components if a.id not in named)


def _status_updates(event: Event) -> Sequence[Update]:
    """The updates whose `Components:` lines count: all of a window's, an incident's up to
    its end (`counted_updates`)."""
    if isinstance(event, Maintenance):
        return event.updates
    return event.updates[: counted_updates(event.updates)]


def _given_by_update(event: Event) -> list[tuple[AffectedComponent, ...]]:
    """Per update, in file order, the statuses it gives: its `Components:` line's (none
    after an incident's end), and with the first update each front-matter component no
    update names (which holds its front-matter status throughout). A window's
    front-matter component first named by a later update may be under maintenance until
    then (`_held_first`), and the components of the line its work began with are under
    maintenance from its start, with the line's statuses from its time (`_begun_with`)."""
    counted = len(_status_updates(event))
    given: list[tuple[AffectedComponent, ...]] = [
        update.components if index < counted else () for index, update in enumerate(event.updates)
    ]
    if given:
        given[0] = (*held_from_start(event), *_begun_with(event), *given[0])
    return given


def held_from_start(event: Event) -> tuple[AffectedComponent, ...]:
    """The statuses the first update gives beside its own `Components:` line: each
    front-matter component no line names (`unnamed_components`), and a window's held under
    maintenance until a later line sets them (`_held_first`). Written on that update's
    line, they read the same (`update -c` writes them there before its own line)."""
    return (*unnamed_components(event), *_held_first(event))


def _held_first(event: Event) -> tuple[AffectedComponent, ...]:
    """A window's front-matter components that a later update's `Components:` line names,
    each under maintenance, when its first update has no such line. The front matter holds
    their statuses at the end, as an incident's does (validate.py); before the line that
    sets one, the window has it under maintenance, or it would affect nothing from its
    start to that line. A line on the first update, or on the one its work began with (its
    first `In progress`), says what the window began with (`update -c` writes it there): a
    component a later line names then joins from that line, as a rolling window's steps do."""
    if not isinstance(event, Maintenance):
        return ()
    lined = _first_lined(event)
    if lined is None or lined <= _began_at(event):
        return ()
    named = {a.id for update in event.updates for a in update.components}
    return tuple(
        AffectedComponent(a.id, ComponentStatus.UNDER_MAINTENANCE)
        for a in event.components
        if a.id in named
    )


def _begun_with(event: Event) -> tuple[AffectedComponent, ...]:
    """The components a rolling window's first step holds under maintenance from the
    window's start: those of the `Components:` line of the `In progress` update its work
    began with, when no earlier update has one. That line says what the window began with
    (`_held_first`), so its components are the window's from the start even when posted
    minutes after it: else the window would affect nothing until then, its announcement
    would name nothing once it began, and the overall status would say maintenance in
    progress with every component operational. The line's own statuses (an outage too)
    take effect when it was posted: nothing a later update says rewrites an earlier
    interval (SPEC §9)."""
    if not isinstance(event, Maintenance):
        return ()
    began = _began_at(event)
    if began in (0, len(event.updates)) or _first_lined(event) != began:
        return ()
    return tuple(
        AffectedComponent(a.id, ComponentStatus.UNDER_MAINTENANCE)
        for a in event.updates[began].components
    )


def _first_lined(event: Maintenance) -> int | None:
    """The index of a window's first update with a `Components:` line (None: none has); on
    a page, a line naming only what it does not show counts (Update.hidden_line)."""
    return next(
        (i for i, update in enumerate(event.updates) if update.components or update.hidden_line),
        None,
    )


def _began_at(event: Maintenance) -> int:
    """The index of the update a window's work began with, its first `In progress` (the
    number of its updates when none began it)."""
    return next(
        (i for i, u in enumerate(event.updates) if u.state is MaintenanceState.IN_PROGRESS),
        len(event.updates),
    )


def statuses_at(
    event: Event, moment: datetime, upto: int | None = None
) -> tuple[AffectedComponent, ...]:
    """The components the event affects at `moment`, each with its status then; with
    `upto`, as only its first `upto` updates set them (a later one of the same minute not)."""
    if upto is not None:
        kept = {
            cid: [status for index, at, status in steps if at <= moment and index < upto]
            for cid, steps in _steps_by_update(event).items()
        }
        return tuple(AffectedComponent(cid, steps[-1]) for cid, steps in kept.items() if steps)
    result = []
    for cid, steps in _derived(event, "_component_changes", _component_changes).items():
        current = [status for at, status in steps if at <= moment]
        if current:
            result.append(AffectedComponent(cid, current[-1]))
    return tuple(result)


def worst_reached(steps: StatusSteps) -> ComponentStatus:
    """The most severe status among the steps."""
    if len(steps) == 1:  # most components of most incidents: one status throughout
        return steps[0][1]
    return worst_status(status for _, status in steps)


def incident_segments(
    incident: Incident, end: datetime
) -> list[tuple[datetime, datetime, tuple[AffectedComponent, ...]]]:
    """The incident's life up to `end`, cut at every status change: (start, end, statuses).

    Only the parts in which it held its components (`incident_spans`): the time it stood
    resolved before a later update reopened it is left out, as the page showed it then.
    """
    return _segments(incident, incident_spans(incident, end))


def _segments(
    event: Event, spans: Iterable[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime, tuple[AffectedComponent, ...]]]:
    """The spans in which the event held its components, cut at every status change."""
    changes = _derived(event, "_component_changes", _component_changes)
    changed = sorted({at for steps in changes.values() for at, _ in steps})
    segments: list[tuple[datetime, datetime, tuple[AffectedComponent, ...]]] = []
    for first, last in spans:
        bounds = [first, *(at for at in changed if first < at < last), last]
        segments.extend(
            (start, stop, statuses_at(event, start))
            for start, stop in pairwise(bounds)
            if stop > start or len(bounds) == 2
        )
    return segments


def incident_spans(incident: Incident, end: datetime) -> list[tuple[datetime, datetime]]:
    """The parts of the incident's life up to `end` in which it held its components: from
    its start, less the time from a `Resolved` (or `Postmortem`) update until a later
    update reopened it (as `maintenance_spans` does for a window's `Completed`).

    A span of no length stays: resolved in the minute it began (or was reopened), the
    incident held its components for no time, yet it published their statuses, so that
    day names it and counts them for its worst status (no downtime), as its page and
    `api/v2` list them. A later reopening must not erase it: nothing a later update says
    rewrites an earlier interval.
    """
    start = incident.started_at
    stop = max(end, start)
    spans: list[tuple[datetime, datetime]] = []
    held_from: datetime | None = start
    for closed, reopened in _derived(incident, "_resolved_gaps", _resolved_gaps):
        if closed >= stop:
            break
        if held_from is not None:
            spans.append((held_from, max(closed, held_from)))
        # Reopened in the minute it ended (or at `end`): it held them then for no time.
        held_from = None if reopened is None or reopened > stop else max(reopened, start)
        if held_from is None:
            break
    if held_from is not None:
        spans.append((held_from, stop))
    return spans


def _given_back(spans: Sequence[tuple[datetime, datetime]]) -> frozenset[datetime]:
    """The moments at which an incident's `spans` (incident_spans) gave its components
    back: where one that lasted ends, unless another begins there (reopened in that
    minute, it holds them on). A status set in such a minute held for no time. (An open
    incident's last span ends at the clock: a status set then holds on, as it does now.)"""
    return frozenset(last for first, last in spans if first < last) - {f for f, _ in spans}


def _resolved_gaps(incident: Incident) -> tuple[tuple[datetime, datetime | None], ...]:
    """Each time the timeline said the incident was resolved, and when a later update
    reopened it (None: never), oldest first. Kept on the event, so that its spans need no
    look at its updates (they stay packed)."""
    updates = incident.updates
    return tuple(
        (updates[closed].at, None if reopened is None else updates[reopened].at)
        for closed, reopened in _resolution_updates(updates)
    )


def _resolution_updates(updates: Sequence[Update]) -> list[tuple[int, int | None]]:
    """_resolved_gaps as the indexes of the updates that resolved and reopened it: in one
    minute, only the file order tells which came first."""
    gaps: list[tuple[int, int | None]] = []
    closed: int | None = None
    for index, update in enumerate(updates):
        resolved = update.state in RESOLVED_INCIDENT_STATES
        if resolved and closed is None:
            closed = index
        elif not resolved and closed is not None:
            gaps.append((closed, index))
            closed = None
    if closed is not None:
        gaps.append((closed, None))
    return gaps


# A change an update made to a component: its id, its status before and after.
Change = tuple[str, ComponentStatus, ComponentStatus]


def update_changes(event: Event, baseline: Mapping[str, ComponentStatus]) -> list[list[Change]]:
    """Per update (oldest first), the component changes it made: (id, old, new).

    The first update moves components from their `baseline` (the status they have outside
    incidents); the update that ends the incident moves every component still affected back
    to it, as Statuspage's own pages do, and so does a resolved update that a later one
    reopens (which takes them again). Updates after the end (a postmortem) change
    nothing: the incident no longer affects any component. A maintenance: see
    `_maintenance_update_changes`.
    """
    if isinstance(event, Maintenance):
        return _maintenance_update_changes(event, baseline)
    incident = event
    # Each update's own statuses, in file order, not the statuses at its time: two updates
    # in one minute are two changes, each listed with the update that made it.
    order = touched_components(incident)
    given: dict[str, ComponentStatus] = {}  # what the updates so far set
    current: dict[str, ComponentStatus] = {}  # what the page showed after the last update
    # The end, when only `resolved_at` says when it was, closes every update from then;
    # else the resolved updates do: an update in the same minute before them is no end.
    end = incident_end(incident)
    by_time = end is not None and not any(
        u.state in RESOLVED_INCIDENT_STATES for u in incident.updates
    )
    held = True
    result: list[list[Change]] = []
    for index, (update, statuses) in enumerate(
        zip(incident.updates, _given_by_update(incident), strict=True)
    ):
        added = {a.id for a in statuses if a.id not in given}
        given.update((a.id, a.status) for a in statuses)
        made: list[Change] = []
        # A resolved update gives the components back, as the end does; a later update
        # that reopens the incident takes them again (incident_spans).
        closing = update.state in RESOLVED_INCIDENT_STATES or (
            by_time and end is not None and update.at >= end
        )
        if closing and held:
            held = False
            for cid, status in current.items():
                if status is not baseline[cid]:
                    made.append((cid, status, baseline[cid]))
            current = {}
        elif not closing:
            held = True
            for cid in order:
                new = given.get(cid)
                if new is None or current.get(cid) is new:
                    continue
                before = current.get(cid, baseline[cid])
                current[cid] = new
                # The first update sets every status of the incident, the unchanged ones
                # too, and a later one each component it adds (it joins the incident
                # there); one that reopens it lists only what it changes.
                if index == 0 or cid in added or before is not new:
                    made.append((cid, before, new))
        result.append(made)
    return result


def _maintenance_update_changes(
    maintenance: Maintenance, baseline: Mapping[str, ComponentStatus]
) -> list[list[Change]]:
    """update_changes of a maintenance: its statuses come with the update that puts it in
    progress (or verifying) and go with the one that completes it;
    an update's `Components:` line changes them, or adds a component, from then on.

    The first update also names each component it does not change, at its status then
    (old = new), as Statuspage's announcement of a window does: the components are listed
    from the start, but nothing is under maintenance before the window (an announcement
    made once it began puts them under maintenance). A component an update adds is not
    among them: it joined the window later, and is named by that update the same way.
    """
    given: dict[str, ComponentStatus] = {}  # what the updates so far set
    shown: dict[str, ComponentStatus] = {}  # what the page showed after the last update
    # What the timeline last said of each component: the clock's moves are not in it, so
    # an update that finds them where the clock left them still says so (old = new)
    # where the timeline said otherwise, and a client replaying it ends where the page is.
    told: dict[str, ComponentStatus] = {}
    steps = _held_steps(maintenance)
    # The state the updates so far gave it, and the newest that said so.
    written: tuple[datetime, MaintenanceState] | None = None
    previous: datetime | None = None  # when the update before this one was made
    result: list[list[Change]] = []
    for index, (update, statuses) in enumerate(
        zip(maintenance.updates, _given_by_update(maintenance), strict=True)
    ):
        # The clock moves a window too: one that began at its start (or ended at its end)
        # with no update saying so held its components (or gave them back) by the time
        # of this update, which changes them from there. Not after an update in the same
        # minute: no time passed for the clock to move, and the page stands as that update
        # left it (an `In progress` then a `Completed` at 10:00 gives them back).
        if update.at != previous:
            if not _held_before(steps, update.at):
                shown = {}
            elif not shown:
                shown = dict(given)
        previous = update.at
        added = {a.id for a in statuses if a.id not in given}
        given.update((a.id, a.status) for a in statuses)
        # Whether the window holds them from this update on, by the rule the status and
        # the history follow: an announcement made once the window began (or a `Scheduled`
        # update in it) finds it in progress, one made after its end over; but an `In
        # progress` or `Verifying` update after its end holds it open (`_unkeyed_state`).
        # A `Scheduled` update after the first is a reminder that changes nothing, as
        # `_written_states` has it.
        if isinstance(update.state, MaintenanceState) and (
            written is None or update.state is not MaintenanceState.SCHEDULED
        ):
            written = (_utc(update.at), update.state)
        active = _holds_then(maintenance, update.at, written, maintenance.explicit_state)
        made = []
        for cid in touched_components(maintenance):
            if cid not in given:
                continue
            old = shown.get(cid, baseline[cid])
            new = given[cid] if active else baseline[cid]
            if old is not new or index == 0 or cid in added or told.get(cid) is not new:
                made.append((cid, old, new))
                told[cid] = new
        shown = dict(given) if active else {}
        result.append(made)
    return result


def _held_before(steps: Sequence[tuple[datetime, bool]], moment: datetime) -> bool:
    """Whether a window whose `_held_steps` are `steps` held its components just before
    `moment`."""
    held = False
    for at, active in steps:
        if at >= moment:
            break
        held = active
    return held


# Each (start, end, slug, status) in which an event held a component.
_HeldSpan = tuple[datetime, datetime, str, ComponentStatus]
# Per component, its held spans by start, and beside each the latest end of it and those
# before it (`held_by_events`).
HeldSpans = Mapping[str, tuple[Sequence[_HeldSpan], Sequence[datetime]]]


def held_by_events(
    site: Site,
    states: Mapping[str, MaintenanceState],
    now: datetime,
    moments: Iterable[datetime],
) -> HeldSpans:
    """Per component, the spans in which an event held it at a status, up to `now`: the
    very pieces uptime counts (`_event_intervals`), so both read one rule. Only what
    holds at one of `moments` (the times of the updates asked about) is sure to be
    there: incidents alive at none of them are left out. A span an event still holds at
    `now` runs on past it, so that an update made at `now` sees it held, as the status
    now does (`compute`)."""
    found: dict[str, list[_HeldSpan]] = {}
    around = sorted(map(_utc, moments))
    if not around:
        return {}
    # A moment after `now` that no written time reaches: spans held at now end there.
    beyond = now + timedelta(microseconds=1)
    for start, end, slug, affected in _event_intervals(site, states, beyond, around[0], around):
        if end > start:  # a status held for no time changes no effective status
            for cid, status in affected:
                found.setdefault(cid, []).append((start, end, slug, status))
    held = {}
    for cid, spans in found.items():
        spans.sort(key=itemgetter(0))
        held[cid] = (spans, list(accumulate((span[1] for span in spans), max)))
    return held


def declared_change(
    component: Component,
    events: Iterable[Event],
    states: Mapping[str, MaintenanceState],
    now: datetime,
) -> datetime | None:
    """When the component's declared status (the worst of its baseline and every event
    holding it, as `compute` has it now) last changed, by `now`; None when no event ever
    changed it. `events` are those touching it; their pieces are the ones uptime counts
    (`_event_pieces`), so both read one rule."""
    # A moment after `now` that no written time reaches: spans held at now run past it.
    beyond = now + timedelta(microseconds=1)
    held = [
        (start, end, status)
        for event in events
        for start, end, _, affected in _event_pieces(event, states, beyond)
        for cid, status in affected
        if cid == component.id
    ]

    def holding(moment: datetime, side: int) -> ComponentStatus:
        """The declared status just before `moment` (-1), at it (0), or from it on (1)."""
        return worst_status(
            [
                component.status,
                *(
                    s
                    for start, end, s in held
                    if (start < moment if side < 0 else start <= moment)
                    and (moment < end if side > 0 else moment <= end)
                ),
            ]
        )

    def changes(moment: datetime) -> bool:
        # A status held for no time (an incident resolved in the minute it opened) is no
        # downtime, but it was published: it began and ended at that moment, so the
        # files date its end there, not the run that finds it (docs/notifications.md).
        before, at, after = (holding(moment, side) for side in (-1, 0, 1))
        return before is not after or at is not before

    edges = sorted({m for start, end, _ in held for m in (start, end) if m <= now}, reverse=True)
    return next((m for m in edges if changes(m)), None)


def effective_update_changes(
    event: Event, baseline: Mapping[str, ComponentStatus], held: HeldSpans
) -> list[list[Change]]:
    """update_changes with each status the component's effective one (the worst of its
    baseline and every event holding it): just before the update's time and just after.
    The event's own part is its own change; the others' is what `held` says they held
    then. A component the update names keeps its place even when its effective status
    stays the same, as on Statuspage. What the checks measured is folded in after
    (measured.measured_update_changes), as with_measurements folds it into compute's."""
    result = []
    for update, made in zip(event.updates, update_changes(event, baseline), strict=True):
        at = _utc(update.at)  # as the spans are (`_utc`)
        changes = []
        for cid, old, new in made:
            before, after = [baseline[cid], old], [baseline[cid], new]
            spans, reach = held.get(cid, ((), ()))
            # Back from the last span begun by `at`, while one that far back still
            # reaches it: an update meets the few events of its hour, not every one since.
            index = bisect_right(spans, at, key=itemgetter(0)) - 1
            while index >= 0 and reach[index] >= at:
                start, end, slug, status = spans[index]
                index -= 1
                if slug == event.slug:
                    continue
                if start < at <= end:
                    before.append(status)
                if start <= at < end:
                    after.append(status)
            changes.append((cid, worst_status(before), worst_status(after)))
        result.append(changes)
    return result


def record_start(site: Site) -> date | None:
    """The first day the site has a record for, in its display timezone; None: not recorded.

    The settings' `start_date` (which `init` sets to the day it ran), moved back to the
    first incident or maintenance dated earlier: a record exists from its first evidence,
    an announcement made before its window included (record_began's day, so that the
    API's created_at and the uptime bars begin on the same day).
    A site without a start date (made before `init` wrote one) begins at that first
    evidence; with no event either there is nothing to anchor on, so it counts its whole
    window, as it always did.
    """
    begins = site.settings.start_date
    # The earliest moment falls on the earliest day: one conversion, not one per event.
    first = _first_evidence(site)
    earliest = first.astimezone(site.settings.tz).date() if first is not None else None
    days = [d for d in (begins, earliest) if d is not None]
    return min(days, default=None)


def record_began(site: Site, now: datetime) -> datetime:
    """The moment the site's record begins, for dates that must stay put from build to
    build (the API's created_at, a feed with no entry, a window posted without a date):
    the moment its `start_date` begins, site time, or the earliest moment written in its
    incidents and maintenance, whichever is earlier (record_start's day); without either,
    its components' earliest `start_date`. Never after `now`, which it is only on a site
    with no date anywhere."""
    tz = site.settings.tz
    first = _first_evidence(site)
    moments = [] if first is None else [first]
    begins = site.settings.start_date
    if begins is None and not moments:
        begins = min((c.start_date for c in site.components if c.start_date), default=None)
    if begins is not None:
        moments.append(day_start(begins, tz))
    return min([*moments, now])


def _first_evidence(site: Site) -> datetime | None:
    """The earliest moment written in any incident or maintenance (None: none is): the
    evidence both record_start and record_began begin from, so that they name the same
    day. Kept on the (frozen) site: a build asks three times, over every event."""
    kept = site.__dict__
    if _FIRST_EVIDENCE not in kept:
        events: tuple[Event, ...] = (*site.incidents, *site.maintenances)
        kept[_FIRST_EVIDENCE] = min(map(first_moment, events), default=None)
    found: datetime | None = kept[_FIRST_EVIDENCE]
    return found


_FIRST_EVIDENCE = "_first_evidence"  # where _first_evidence keeps its answer on a site


def monitoring_since(updates: Sequence[Update]) -> datetime | None:
    """When the incident last entered monitoring (Statuspage's `monitoring_at`): the first
    update of its latest run of monitoring ones, or None if it never was monitored.

    A later state keeps it, as Statuspage's "when it entered monitoring" does: an incident
    monitored, then identified again and resolved, still says when its fix was monitored."""
    monitoring: datetime | None = None
    previous: UpdateState | None = None
    for update in updates:
        if update.state is IncidentState.MONITORING and previous is not IncidentState.MONITORING:
            monitoring = update.at
        previous = update.state
    return monitoring


def as_of(site: Site, now: datetime) -> Site:
    """The site as it stood at `now`: nothing the files say about later moments.

    An incident whose start lies ahead is left out; one with updates ahead shows those up to
    `now`, with the state, component statuses and resolution they gave. A maintenance shows
    its window from its announcement (its first update), whenever the window lies, but
    only the updates made by `now`. Drafts are cut the same way.
    The same site object comes back when nothing lies ahead. Monitor data is cut the same
    way where it is measured (measured.data_as_of).
    """
    if site.__dict__.get(_CUT_AT) == now:
        return site  # already as of `now` (the build cuts, then compute is handed the cut)
    # The same moment in UTC, where the events' kept edges are (`_utc`).
    clock = now.astimezone(timezone.utc)
    incidents = [_incident_as_of(i, clock) for i in site.incidents]
    maintenances = [_maintenance_as_of(m, clock) for m in site.maintenances]
    # As their published selves would be: `incidents` lists drafts, and must not show one
    # whose first update lies ahead as open now.
    drafts = [
        _incident_as_of(d, clock) if isinstance(d, Incident) else _maintenance_as_of(d, clock)
        for d in site.drafts
    ]
    if all(
        a is b
        for cut_events, events in (
            (incidents, site.incidents),
            (maintenances, site.maintenances),
            (drafts, site.drafts),
        )
        for a, b in zip(cut_events, events, strict=True)
    ):
        cut = site
    else:
        cut = replace(
            site,
            incidents=tuple(i for i in incidents if i is not None),
            maintenances=tuple(m for m in maintenances if m is not None),
            drafts=tuple(d for d in drafts if d is not None),
        )
    # Cutting again at the same moment changes nothing: noted on the (frozen) result.
    cut.__dict__[_CUT_AT] = now
    return cut


_CUT_AT = "_as_of"  # where as_of notes the moment a site was cut at


def as_of_update(site: Site, event: Event, update: Update) -> Site:
    """The site as it stood once `update` of `event` was written: as_of its time, with the
    event as that update left it, not as a later update of the same minute did."""
    cut = as_of(site, update.at)
    upto = updates_through(event, update)
    if upto is None:
        return cut
    then = event_as_of(event, update.at, update)
    if isinstance(then, Incident):
        incidents = tuple(then if i.slug == then.slug else i for i in cut.incidents)
        return replace(cut, incidents=incidents)
    windows = tuple(then if m.slug == then.slug else m for m in cut.maintenances)
    return replace(cut, maintenances=windows)


def first_shown(incident: Incident) -> datetime:
    """When an incident first appears on the pages: its first update, or its start when it
    has none. A `date` before the first update says when the trouble began, not when a
    reader first saw it: shown earlier, it would be open with no update to say why."""
    return incident.updates[0].at if incident.updates else incident.started_at


def written_span(event: Event) -> tuple[datetime, datetime | None]:
    """When the event first shows (for maintenance: its window's start), and the latest
    moment written in it, where `as_of` cuts (of its updates and an incident's
    resolution; None if none): worked out once per event and kept with its parse result."""
    return _derived(event, "_written_span", _written_span)


def _written_span(event: Event) -> tuple[datetime, datetime | None]:
    """written_span, worked out, in UTC: its values are only compared with the clock."""
    moments = [u.at for u in event.updates]
    if isinstance(event, Maintenance):
        first = event.scheduled_for
    else:
        first = first_shown(event)
        if event.resolved_at is not None:
            moments.append(event.resolved_at)
    latest = max(moments, default=None)
    return _utc(first), None if latest is None else _utc(latest)


def incident_as_of(incident: Incident, now: datetime, through: Update | None = None) -> Incident:
    """One incident as it stood at `now`, a moment at or after its first update: its
    updates, state, statuses and resolution up to then; with `through`, one of its updates,
    as that update left it (updates_through)."""
    upto = updates_through(incident, through)
    return _incident_as_of(incident, now.astimezone(timezone.utc), upto) or incident


def updates_through(event: Event, update: Update | None) -> int | None:
    """How many of the event's updates stand once `update` is written: it and those before
    it. Updates of one minute count in file order, so a later one of its minute is no part
    of it, though its time is the same (None without an update, or after the last one)."""
    if update is None:
        return None
    index = next((i for i, u in enumerate(event.updates) if u is update), None)
    if index is None:
        index = event.updates.index(update)
    return None if index + 1 == len(event.updates) else index + 1


def _incident_as_of(incident: Incident, now: datetime, upto: int | None = None) -> Incident | None:
    first, latest = written_span(incident)
    if first > now:
        return None
    if upto is None and (latest is None or latest <= now):
        return incident  # nothing lies ahead: most of a large site, cheaply
    kept = tuple(u for u in incident.updates[:upto] if u.at <= now)
    # A resolution at `now` written after the updates kept (`upto`) lies ahead of them too.
    resolved_later = incident.resolved_at is not None and (
        incident.resolved_at > now or (upto is not None and incident.resolved_at == now)
    )
    if len(kept) == len(incident.updates) and not resolved_later:
        return incident
    last = kept[-1].state if kept else None
    state = last if isinstance(last, IncidentState) else IncidentState.INVESTIGATING
    resolved_at = None
    # Resolved in what has happened: from the first update of the final closing run.
    for update in reversed(kept):
        if update.state not in RESOLVED_INCIDENT_STATES:
            break
        resolved_at = update.at
    if resolved_at is None and incident.resolved_at is not None and not resolved_later:
        # Resolved by `resolved_at` alone, before the updates still ahead.
        state, resolved_at = IncidentState.RESOLVED, incident.resolved_at
    components = statuses_at(incident, now, upto)
    impact = incident.impact
    if not incident.impact_written:  # from what had been shown by then, not what came after
        impact = derived_impact(components, kept)
    return replace(
        incident,
        state=state,
        impact=impact,
        resolved_at=resolved_at,
        monitoring_at=monitoring_since(kept),
        components=components,
        updates=kept,
    )


def event_as_of(event: Event, now: datetime, through: Update | None = None) -> Event:
    """An incident or window as it stood at `now`, or as its update `through` left it
    (incident_as_of, maintenance_as_of)."""
    if isinstance(event, Incident):
        return incident_as_of(event, now, through)
    return maintenance_as_of(event, now, through)


def maintenance_as_of(
    maintenance: Maintenance, now: datetime, through: Update | None = None
) -> Maintenance:
    """One window as it stood at `now`, a moment at or after its announcement: its
    updates, written state and statuses up to then (its state by the clock is
    maintenance_state's at `now`); with `through`, as that update left it (updates_through)."""
    upto = updates_through(maintenance, through)
    return _maintenance_as_of(maintenance, now.astimezone(timezone.utc), upto) or maintenance


def _maintenance_as_of(
    maintenance: Maintenance, now: datetime, upto: int | None = None
) -> Maintenance | None:
    latest = written_span(maintenance)[1]
    if upto is None and (latest is None or latest <= now):
        return maintenance
    kept = tuple(u for u in maintenance.updates[:upto] if u.at <= now)
    if not kept:
        # Its first update, the announcement, lies ahead: not shown yet, as an incident
        # whose first update lies ahead is not. (A window written without updates has
        # nothing that dates its announcement: it shows.)
        return None
    if len(kept) == len(maintenance.updates):
        return maintenance
    cut = replace(
        maintenance,
        explicit_state=_explicit_as_of(maintenance, kept),
        # The statuses the updates made by then gave, as an incident's are cut.
        components=statuses_at(maintenance, now, upto),
        updates=kept,
    )
    if maintenance_state(cut, now) is MaintenanceState.SCHEDULED:
        # Announced and not begun, it has given no status yet (its statuses often come
        # with its `In progress` update), yet it names what it will affect: each component
        # any of its steps sets, at the first status it will give it, so the announcement
        # lists them and every page that shows one has the window upcoming.
        cut = replace(
            cut,
            components=tuple(
                AffectedComponent(cid, steps[0][1])
                for cid, steps in component_changes(maintenance).items()
            ),
        )
    return cut


def _explicit_as_of(maintenance: Maintenance, kept: Sequence[Update]) -> MaintenanceState | None:
    """The `status:` a window cut to its updates `kept` had then: the one `update --status`
    wrote with the last of them. Not a `Scheduled` announcement's (`new maintenance` writes
    none): the clock moved that window on, in progress at its start and completed at its
    end, and a later `status:` (a late `resolve`) must not hold it back as upcoming. Nor
    one cut before an update after the end that held it open (`_reopened_at`): the key came
    with that update, and the clock had completed the window."""
    if maintenance.explicit_state is None or not kept:
        return None
    reopened = _reopened_at(maintenance)
    if reopened is not None and _utc(kept[-1].at) < reopened:
        return None  # written with the update that held the window open, not before
    said = newest_said(kept)
    last = said.state if said is not None else None
    if not isinstance(last, MaintenanceState) or last is MaintenanceState.SCHEDULED:
        return None
    return last
