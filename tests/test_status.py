"""The status rules (SPEC §5) as tables: model objects and a clock in, SiteStatus out."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from statusgen.clock import follows_time, resolve_now
from statusgen.model import (
    AffectedComponent,
    Component,
    ComponentStatus,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Settings,
    Site,
    Source,
    Update,
    UpdateState,
)
from statusgen.status import (
    OVERALL_LABELS,
    SEVERITY,
    BeforeToday,
    Indicator,
    OverallStatus,
    as_of,
    changed_at,
    compute,
    duration,
    impact_for_status,
    incident_end,
    indicator_description,
    indicator_for,
    is_listed,
    maintenance_completed_at,
    maintenance_is_active,
    maintenance_spans,
    maintenance_state,
    status_for_impact,
    uptime_history,
    worst_status,
)

# --- a small factory: model objects built directly, no loader ---------------------------

OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
MAINT = ComponentStatus.UNDER_MAINTENANCE


def at(text: str, tz: str = "UTC") -> datetime:
    """An aware datetime from ISO text; a time without offset is read in `tz`."""
    # Python 3.10's fromisoformat does not read a trailing Z.
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment


def component(
    cid: str,
    status: ComponentStatus = OP,
    *,
    group_id: str | None = None,
    position: int = 1,
    start_date: date | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Component:
    return Component(
        id=cid,
        name=name or cid.replace("-", " ").title(),
        description=description,
        status=status,
        group_id=group_id,
        position=position,
        source=Source("content/components.yaml", position),
        start_date=start_date,
    )


def group(gid: str, component_ids: Sequence[str], *, name: str | None = None) -> Group:
    return Group(
        id=gid,
        name=name or gid.replace("-", " ").title(),
        description=None,
        position=1,
        component_ids=tuple(component_ids),
        source=Source("content/components.yaml", 1),
    )


def update(moment: datetime, state: UpdateState, message: str = "") -> Update:
    return Update(at=moment, state=state, message=message or state.value, line=1)


def incident(
    slug: str,
    state: IncidentState,
    affected: Mapping[str, ComponentStatus],
    *,
    started: datetime,
    resolved: datetime | None = None,
    impact: Impact | None = None,
    updates: Iterable[Update] = (),
    title: str | None = None,
) -> Incident:
    components = tuple(AffectedComponent(cid, status) for cid, status in affected.items())
    return Incident(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        state=state,
        impact=impact or impact_for_status(worst_status(affected.values())),
        components=components,
        started_at=started,
        resolved_at=resolved,
        monitoring_at=None,
        summary="",
        updates=tuple(updates),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def maintenance(
    slug: str,
    start: datetime,
    end: datetime,
    affected: Iterable[str] = ("api",),
    *,
    state: MaintenanceState | None = None,
    title: str | None = None,
) -> Maintenance:
    return Maintenance(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        scheduled_for=start,
        scheduled_until=end,
        explicit_state=state,
        components=tuple(AffectedComponent(cid, MAINT) for cid in affected),
        summary="",
        updates=(),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def site(
    components: Iterable[Component] = (),
    incidents: Iterable[Incident] = (),
    maintenances: Iterable[Maintenance] = (),
    *,
    groups: Iterable[Group] = (),
    timezone: str = "UTC",
    history_days: int = 90,
    title: str = "Example status",
    start_date: date | None = None,
) -> Site:
    """A Site in the model's documented order: newest incidents and maintenance first."""
    components = tuple(components)
    groups = tuple(groups)
    grouped = {cid for g in groups for cid in g.component_ids}
    top_level = tuple(g.id for g in groups) + tuple(c.id for c in components if c.id not in grouped)
    return Site(
        root=".",
        settings=Settings(
            title=title,
            base_url="https://status.example.com/",
            timezone=timezone,
            history_days=history_days,
            start_date=start_date,
        ),
        groups=groups,
        components=components,
        incidents=tuple(sorted(incidents, key=lambda i: i.started_at, reverse=True)),
        maintenances=tuple(sorted(maintenances, key=lambda m: m.scheduled_for, reverse=True)),
        top_level=top_level,
    )


NOW = at("2026-11-22T18:00:00+00:00")
STARTED = at("2026-11-22T14:00:00+00:00")

INVESTIGATING = IncidentState.INVESTIGATING
IDENTIFIED = IncidentState.IDENTIFIED
MONITORING = IncidentState.MONITORING
RESOLVED = IncidentState.RESOLVED
POSTMORTEM = IncidentState.POSTMORTEM

SCHEDULED = MaintenanceState.SCHEDULED
IN_PROGRESS = MaintenanceState.IN_PROGRESS
VERIFYING = MaintenanceState.VERIFYING
COMPLETED = MaintenanceState.COMPLETED


def one_incident(state: IncidentState, status: ComponentStatus, *, baseline: ComponentStatus = OP):
    resolved = None if state in (INVESTIGATING, IDENTIFIED, MONITORING) else at("2026-11-22T15:00Z")
    return site(
        [component("api", baseline), component("web")],
        [incident("outage", state, {"api": status}, started=STARTED, resolved=resolved)],
    )


# --- single-status rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], OP),
        ([OP, OP], OP),
        ([OP, MAINT], MAINT),
        ([MAINT, DEGRADED], DEGRADED),
        ([PARTIAL, DEGRADED, MAINT], PARTIAL),
        ([DEGRADED, MAJOR, PARTIAL], MAJOR),
    ],
)
def test_worst_status_follows_the_spec_severity_order(statuses, expected):
    assert expected == worst_status(statuses)


@pytest.mark.parametrize(
    ("status", "impact"),
    [
        (OP, Impact.NONE),
        (MAINT, Impact.NONE),
        (DEGRADED, Impact.MINOR),
        (PARTIAL, Impact.MAJOR),
        (MAJOR, Impact.CRITICAL),
    ],
)
def test_impact_is_derived_from_the_worst_component_status(status, impact):
    assert impact == impact_for_status(status)


@pytest.mark.parametrize(
    ("impact", "status"),
    [
        (Impact.NONE, OP),
        (Impact.MINOR, DEGRADED),
        (Impact.MAJOR, PARTIAL),
        (Impact.CRITICAL, MAJOR),
        (Impact.MAINTENANCE, MAINT),
    ],
)
def test_bare_component_lists_take_their_status_from_impact(impact, status):
    assert status == status_for_impact(impact)


# --- effective and overall status by incident lifecycle ----------------------------------


@pytest.mark.parametrize(
    ("state", "status", "effective", "overall"),
    [
        (INVESTIGATING, DEGRADED, DEGRADED, OverallStatus.INCIDENT),
        (INVESTIGATING, PARTIAL, PARTIAL, OverallStatus.INCIDENT),
        (INVESTIGATING, MAJOR, MAJOR, OverallStatus.INCIDENT),
        (INVESTIGATING, OP, OP, OverallStatus.INCIDENT),
        (IDENTIFIED, DEGRADED, DEGRADED, OverallStatus.INCIDENT),
        (IDENTIFIED, MAJOR, MAJOR, OverallStatus.INCIDENT),
        # Monitoring: the fix is out, so the page shows the components again.
        (MONITORING, DEGRADED, DEGRADED, OverallStatus.DEGRADED_PERFORMANCE),
        (MONITORING, PARTIAL, PARTIAL, OverallStatus.PARTIAL_OUTAGE),
        (MONITORING, MAJOR, MAJOR, OverallStatus.MAJOR_OUTAGE),
        (MONITORING, OP, OP, OverallStatus.OPERATIONAL),
        (RESOLVED, DEGRADED, OP, OverallStatus.OPERATIONAL),
        (RESOLVED, MAJOR, OP, OverallStatus.OPERATIONAL),
        (POSTMORTEM, PARTIAL, OP, OverallStatus.OPERATIONAL),
        (POSTMORTEM, MAJOR, OP, OverallStatus.OPERATIONAL),
    ],
)
def test_incident_lifecycle_sets_effective_and_overall_status(state, status, effective, overall):
    result = compute(one_incident(state, status), NOW)
    assert effective == result.components["api"]
    assert OP == result.components["web"]
    assert overall == result.overall
    assert OVERALL_LABELS[overall] == result.overall_label


@pytest.mark.parametrize(
    ("baseline", "state", "status", "effective"),
    [
        # The baseline is the floor: an incident never makes a component look better.
        (MAJOR, MONITORING, DEGRADED, MAJOR),
        (PARTIAL, INVESTIGATING, MAJOR, MAJOR),
        (DEGRADED, RESOLVED, MAJOR, DEGRADED),
        (MAINT, MONITORING, DEGRADED, DEGRADED),
        (MAINT, RESOLVED, MAJOR, MAINT),
    ],
)
def test_effective_status_is_worst_of_baseline_and_open_incidents(
    baseline, state, status, effective
):
    assert (
        effective == compute(one_incident(state, status, baseline=baseline), NOW).components["api"]
    )


@pytest.mark.parametrize(
    ("components", "incidents", "expected"),
    [
        ([], [], OverallStatus.UNKNOWN),
        ([component("api")], [], OverallStatus.OPERATIONAL),
        ([component("api", MAINT), component("web")], [], OverallStatus.UNDER_MAINTENANCE),
        (
            [component("api", DEGRADED), component("web", MAINT)],
            [],
            OverallStatus.DEGRADED_PERFORMANCE,
        ),
        # An unconfirmed fix says "incident" even on a page without components.
        ([], [incident("x", INVESTIGATING, {}, started=STARTED)], OverallStatus.INCIDENT),
        ([], [incident("x", MONITORING, {}, started=STARTED)], OverallStatus.UNKNOWN),
    ],
)
def test_overall_status_without_open_fix(components, incidents, expected):
    assert expected == compute(site(components, incidents), NOW).overall


def test_groups_roll_up_the_worst_effective_status_of_their_components():
    s = site(
        [component("api", group_id="core"), component("db", group_id="core"), component("web")],
        [incident("slow-db", MONITORING, {"db": PARTIAL}, started=STARTED)],
        groups=[group("core", ["api", "db"])],
    )
    result = compute(s, NOW)
    assert {"core": PARTIAL} == dict(result.groups)
    assert {"api": OP, "db": PARTIAL, "web": OP} == dict(result.components)


# --- the Statuspage indicator ------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "indicator", "description"),
    [
        # The four captures in the statuspage-v2 reference.
        pytest.param([OP] * 9, Indicator.NONE, "All Systems Operational", id="github-2019-12-30"),
        pytest.param(
            [DEGRADED], Indicator.MINOR, "Partially Degraded Service", id="huobi-2020-02-11"
        ),
        pytest.param(
            [PARTIAL] + [OP] * 10, Indicator.MINOR, "Minor Service Outage", id="github-2022-11-25"
        ),
        pytest.param(
            [MAJOR] * 5 + [PARTIAL] + [OP] * 3,
            Indicator.MAJOR,
            "Partial System Outage",
            id="github-2020-04-02",
        ),
        # The rest of the rule.
        pytest.param([MAJOR, MAJOR], Indicator.CRITICAL, "Major Service Outage", id="all-major"),
        pytest.param(
            [MAJOR, MAINT], Indicator.MAJOR, "Partial System Outage", id="major-and-maint"
        ),
        pytest.param(
            [MAINT, OP], Indicator.MAINTENANCE, "Service Under Maintenance", id="only-maintenance"
        ),
        pytest.param(
            [MAINT, DEGRADED],
            Indicator.MINOR,
            "Partially Degraded Service",
            id="maint-and-degraded",
        ),
        pytest.param(
            [DEGRADED, PARTIAL], Indicator.MINOR, "Minor Service Outage", id="partial-and-degraded"
        ),
    ],
)
def test_indicator_follows_the_blended_component_status(statuses, indicator, description):
    # Incident impacts must not matter while there are components (GitHub 2022: major → minor).
    assert indicator == indicator_for(statuses, [Impact.CRITICAL, Impact.MAJOR])
    assert description == indicator_description(indicator, statuses)


def test_capture_2022_major_incident_on_a_partial_outage_reads_minor_service_outage():
    others = [component(f"c{n}", position=n) for n in range(10)]
    s = site(
        [component("git-operations"), *others],
        [
            incident(
                "git-errors",
                INVESTIGATING,
                {"git-operations": PARTIAL},
                impact=Impact.MAJOR,
                started=STARTED,
            )
        ],
    )
    result = compute(s, NOW)
    assert (Indicator.MINOR, "Minor Service Outage") == (result.indicator, result.description)
    assert OverallStatus.INCIDENT == result.overall


@pytest.mark.parametrize(
    ("impacts", "indicator", "description"),
    [
        ([], Indicator.NONE, "All Systems Operational"),
        ([Impact.NONE], Indicator.NONE, "All Systems Operational"),
        ([Impact.MINOR], Indicator.MINOR, "Partially Degraded Service"),
        ([Impact.MINOR, Impact.MAJOR], Indicator.MAJOR, "Partial System Outage"),
        ([Impact.CRITICAL, Impact.MINOR], Indicator.CRITICAL, "Major Service Outage"),
        ([Impact.MAINTENANCE], Indicator.MAINTENANCE, "Service Under Maintenance"),
        ([Impact.NONE, Impact.MAINTENANCE], Indicator.MAINTENANCE, "Service Under Maintenance"),
        ([Impact.MAINTENANCE, Impact.MINOR], Indicator.MINOR, "Partially Degraded Service"),
    ],
)
def test_page_without_components_falls_back_to_open_impacts(impacts, indicator, description):
    assert indicator == indicator_for([], impacts)
    assert description == indicator_description(indicator, [])


def test_page_without_components_uses_incident_impact_and_active_maintenance():
    window = maintenance("db-upgrade", at("2026-11-22T17:00Z"), at("2026-11-22T19:00Z"), [])
    only_maintenance = compute(site([], [], [window]), NOW)
    assert Indicator.MAINTENANCE == only_maintenance.indicator
    with_incident = compute(
        site([], [incident("x", MONITORING, {}, impact=Impact.MAJOR, started=STARTED)], [window]),
        NOW,
    )
    assert (Indicator.MAJOR, "Partial System Outage") == (
        with_incident.indicator,
        with_incident.description,
    )


# --- overlapping incidents -------------------------------------------------------------------


def test_overlapping_open_incidents_on_one_component_worst_wins():
    s = site(
        [component("api")],
        [
            incident("slow", MONITORING, {"api": DEGRADED}, started=at("2026-11-22T10:00Z")),
            incident("down", IDENTIFIED, {"api": MAJOR}, started=at("2026-11-22T12:00Z")),
            incident("errors", INVESTIGATING, {"api": PARTIAL}, started=at("2026-11-22T13:00Z")),
        ],
    )
    result = compute(s, NOW)
    assert MAJOR == result.components["api"]
    # Listed worst first: not yet mitigated, then the worse impact, then the newest.
    assert ("down", "errors", "slow") == tuple(i.slug for i in result.open_incidents)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # (state, impact, started): the first goes above the second, whichever is newer.
        ((INVESTIGATING, Impact.NONE, "10:00"), (MONITORING, Impact.CRITICAL, "13:00")),
        ((IDENTIFIED, Impact.MINOR, "10:00"), (MONITORING, Impact.MAJOR, "13:00")),
        ((IDENTIFIED, Impact.CRITICAL, "10:00"), (INVESTIGATING, Impact.MAJOR, "13:00")),
        ((MONITORING, Impact.MAJOR, "10:00"), (MONITORING, Impact.MINOR, "13:00")),
        ((MONITORING, Impact.MINOR, "10:00"), (MONITORING, Impact.NONE, "13:00")),
        ((INVESTIGATING, Impact.MINOR, "13:00"), (IDENTIFIED, Impact.MINOR, "10:00")),
    ],
)
def test_open_incidents_are_listed_by_what_a_reader_must_see_first(
    first: tuple[IncidentState, Impact, str], second: tuple[IncidentState, Impact, str]
) -> None:
    def opened(slug: str, state: IncidentState, impact: Impact, hour: str) -> Incident:
        return incident(
            slug, state, {"api": DEGRADED}, impact=impact, started=at(f"2026-11-22T{hour}Z")
        )

    s = site([component("api")], [opened("second", *second), opened("first", *first)])
    assert ("first", "second") == tuple(i.slug for i in compute(s, NOW).open_incidents)


@pytest.mark.parametrize(
    ("spans", "downtime_hours", "worst"),
    [
        # Two major outages overlapping 11:00-12:00: three hours down, not four.
        ([("10:00", "12:00", MAJOR), ("11:00", "13:00", MAJOR)], 3.0, MAJOR),
        # Same interval twice counts once.
        ([("10:00", "12:00", MAJOR), ("10:00", "12:00", MAJOR)], 2.0, MAJOR),
        # Heaviest weight wins where they overlap: 1h major + 3h partial at 0.3.
        ([("10:00", "14:00", PARTIAL), ("11:00", "12:00", MAJOR)], 1.0 + 3 * 0.3, MAJOR),
        ([("11:00", "12:00", MAJOR), ("10:00", "14:00", PARTIAL)], 1.0 + 3 * 0.3, MAJOR),
        # Degraded costs nothing and does not hide a partial outage inside it.
        ([("08:00", "16:00", DEGRADED), ("09:00", "10:00", PARTIAL)], 0.3, PARTIAL),
        # Disjoint intervals add up.
        ([("01:00", "02:00", MAJOR), ("05:00", "07:00", PARTIAL)], 1.0 + 2 * 0.3, MAJOR),
    ],
)
def test_overlapping_incidents_count_downtime_once_at_the_heaviest_weight(
    spans, downtime_hours, worst
):
    incidents = [
        incident(
            f"i{n}",
            RESOLVED,
            {"api": status},
            started=at(f"2026-11-21T{start}Z"),
            resolved=at(f"2026-11-21T{end}Z"),
        )
        for n, (start, end, status) in enumerate(spans)
    ]
    day = uptime_history(site([component("api")], incidents, history_days=3), NOW)["api"].days[1]
    assert date(2026, 11, 21) == day.day
    assert timedelta(hours=downtime_hours) == day.downtime
    assert pytest.approx(1 - downtime_hours / 24) == day.uptime
    assert worst == day.worst
    # Events listed once each, the worst first (the bar names and links the one that gave
    # the day its colour), then in the order they started.
    expected_order = [
        f"i{n}" for n, _ in sorted(enumerate(spans), key=lambda p: (-SEVERITY[p[1][2]], p[1][0]))
    ]
    assert tuple(expected_order) == day.events


# --- maintenance -----------------------------------------------------------------------------

WINDOW = (at("2026-11-22T10:00Z"), at("2026-11-22T12:00Z"))


@pytest.mark.parametrize(
    ("now", "explicit", "state", "effective"),
    [
        ("2026-11-22T09:59Z", None, SCHEDULED, OP),
        ("2026-11-22T10:00Z", None, IN_PROGRESS, MAINT),
        ("2026-11-22T11:30Z", None, IN_PROGRESS, MAINT),
        ("2026-11-22T12:00Z", None, COMPLETED, OP),
        ("2026-11-23T08:00Z", None, COMPLETED, OP),
        # The author's word beats the clock, both ways.
        ("2026-11-22T09:00Z", IN_PROGRESS, IN_PROGRESS, MAINT),
        ("2026-11-22T11:00Z", COMPLETED, COMPLETED, OP),
        ("2026-11-22T11:00Z", SCHEDULED, SCHEDULED, OP),
        ("2026-11-22T13:00Z", VERIFYING, VERIFYING, MAINT),
        ("2026-11-22T13:00Z", IN_PROGRESS, IN_PROGRESS, MAINT),
    ],
)
def test_maintenance_state_follows_the_clock_unless_set(now, explicit, state, effective):
    window = maintenance("db-upgrade", *WINDOW, ["api"], state=explicit)
    assert state == maintenance_state(window, at(now))
    result = compute(site([component("api"), component("web")], [], [window]), at(now))
    assert state == result.maintenance["db-upgrade"]
    assert effective == result.components["api"]
    assert OP == result.components["web"]
    assert maintenance_is_active(state) == (window in result.active_maintenances)
    assert (state is SCHEDULED) == (window in result.upcoming_maintenances)


def test_maintenance_in_progress_shows_maintenance_everywhere():
    window = maintenance("db-upgrade", *WINDOW, ["api"])
    result = compute(
        site([component("api"), component("web")], [], [window]), at("2026-11-22T11:00Z")
    )
    assert OverallStatus.UNDER_MAINTENANCE == result.overall
    assert (Indicator.MAINTENANCE, "Service Under Maintenance") == (
        result.indicator,
        result.description,
    )


def test_a_fault_during_maintenance_outranks_it():
    window = maintenance("db-upgrade", *WINDOW, ["api"])
    fault = incident("errors", MONITORING, {"api": DEGRADED}, started=at("2026-11-22T10:30Z"))
    result = compute(site([component("api")], [fault], [window]), at("2026-11-22T11:00Z"))
    assert DEGRADED == result.components["api"]
    assert Indicator.MINOR == result.indicator


def test_active_and_upcoming_maintenance_are_listed_soonest_first():
    windows = [
        maintenance("later", at("2026-11-25T10:00Z"), at("2026-11-25T11:00Z")),
        maintenance("sooner", at("2026-11-23T10:00Z"), at("2026-11-23T11:00Z")),
        maintenance("long", at("2026-11-22T17:00Z"), at("2026-11-23T02:00Z")),
        maintenance("short", at("2026-11-22T17:30Z"), at("2026-11-22T18:30Z")),
        maintenance("past", at("2026-11-20T10:00Z"), at("2026-11-20T11:00Z")),
    ]
    result = compute(site([component("api")], [], windows), NOW)
    # By start, as upcoming ones: "long" began first, though "short" ends first.
    assert ["long", "short"] == [m.slug for m in result.active_maintenances]
    assert ["sooner", "later"] == [m.slug for m in result.upcoming_maintenances]
    assert COMPLETED == result.maintenance["past"]


def written(*steps: tuple[str, MaintenanceState]) -> tuple[Update, ...]:
    """A maintenance window's updates, from (time, state) pairs."""
    return tuple(update(at(moment), state) for moment, state in steps)


# The documented example: announced, begun on time, its work completed before the window ends.
DONE_EARLY = written(
    ("2026-11-15T10:00Z", SCHEDULED),
    ("2026-11-22T10:00Z", IN_PROGRESS),
    ("2026-11-22T11:18Z", COMPLETED),
)


@pytest.mark.parametrize(
    ("updates", "now", "state"),
    [
        # A reminder during the verification keeps the window verifying...
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T11:00Z", VERIFYING),
                ("2026-11-22T11:15Z", SCHEDULED),
            ),
            "2026-11-22T11:30Z",
            VERIFYING,
        ),
        # ...one after an early start keeps it started...
        (
            written(
                ("2026-11-15T10:00Z", SCHEDULED),
                ("2026-11-22T09:00Z", IN_PROGRESS),
                ("2026-11-22T09:30Z", SCHEDULED),
            ),
            "2026-11-22T09:45Z",
            IN_PROGRESS,
        ),
        # ...and one after an early completion keeps it over.
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T11:00Z", COMPLETED),
                ("2026-11-22T11:05Z", SCHEDULED),
            ),
            "2026-11-22T11:30Z",
            COMPLETED,
        ),
    ],
)
def test_a_scheduled_update_after_the_work_began_changes_nothing(updates, now, state):
    """status-rules.md: an update behind the clock changes nothing. A reminder posted
    later once made the newest update's state "scheduled", undoing a Verifying (shown
    as in progress again), an early start or an early completion."""
    window = dataclasses.replace(maintenance("db-upgrade", *WINDOW, ["api"]), updates=updates)
    assert state == maintenance_state(window, at(now))


@pytest.mark.parametrize(
    ("updates", "explicit", "now", "state", "completed", "changed"),
    [
        # Without `status:`, an update further on in the lifecycle than the clock wins...
        (DONE_EARLY, None, "2026-11-22T11:00Z", IN_PROGRESS, None, "2026-11-22T10:00Z"),
        (
            DONE_EARLY,
            None,
            "2026-11-22T11:18Z",
            COMPLETED,
            "2026-11-22T11:18Z",
            "2026-11-22T11:18Z",
        ),
        (
            DONE_EARLY,
            None,
            "2026-11-22T11:30Z",
            COMPLETED,
            "2026-11-22T11:18Z",
            "2026-11-22T11:18Z",
        ),
        # ...and the window's end, which changes nothing any more, is no change.
        (
            DONE_EARLY,
            None,
            "2026-11-23T08:00Z",
            COMPLETED,
            "2026-11-22T11:18Z",
            "2026-11-22T11:18Z",
        ),
        # The same file with `status: completed`, as `statusgen resolve` writes it, agrees.
        (
            DONE_EARLY,
            COMPLETED,
            "2026-11-22T11:30Z",
            COMPLETED,
            "2026-11-22T11:18Z",
            "2026-11-22T11:18Z",
        ),
        (
            DONE_EARLY,
            COMPLETED,
            "2026-11-23T08:00Z",
            COMPLETED,
            "2026-11-22T11:18Z",
            "2026-11-22T11:18Z",
        ),
        # Verifying goes on to completed at the window's end, as the clock says.
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T11:00Z", VERIFYING)),
            None,
            "2026-11-22T11:30Z",
            VERIFYING,
            None,
            "2026-11-22T11:00Z",
        ),
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T11:00Z", VERIFYING)),
            None,
            "2026-11-22T12:30Z",
            COMPLETED,
            "2026-11-22T12:00Z",
            "2026-11-22T12:00Z",
        ),
        # Work begun early is in progress early; an update behind the clock says nothing new.
        (
            written(
                ("2026-11-22T09:45Z", IN_PROGRESS),
            ),
            None,
            "2026-11-22T09:50Z",
            IN_PROGRESS,
            None,
            "2026-11-22T09:45Z",
        ),
        (
            written(
                ("2026-11-22T10:30Z", SCHEDULED),
            ),
            None,
            "2026-11-22T11:00Z",
            IN_PROGRESS,
            None,
            "2026-11-22T10:30Z",
        ),
        # Resumed after a Completed: in progress again, completed at the window's end.
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T11:00Z", COMPLETED),
                ("2026-11-22T11:10Z", IN_PROGRESS),
            ),
            None,
            "2026-11-22T11:30Z",
            IN_PROGRESS,
            None,
            "2026-11-22T11:10Z",
        ),
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T11:00Z", COMPLETED),
                ("2026-11-22T11:10Z", IN_PROGRESS),
            ),
            None,
            "2026-11-22T13:00Z",
            COMPLETED,
            "2026-11-22T12:00Z",
            "2026-11-22T12:00Z",
        ),
        # Completed by the clock before the update said so: ended at the window's end.
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T12:30Z", COMPLETED)),
            None,
            "2026-11-22T13:00Z",
            COMPLETED,
            "2026-11-22T12:00Z",
            "2026-11-22T12:30Z",
        ),
    ],
)
def test_a_written_update_further_on_than_the_clock_gives_the_state(
    updates, explicit, now, state, completed, changed
):
    window = dataclasses.replace(
        maintenance("db-upgrade", *WINDOW, ["api"], state=explicit), updates=updates
    )
    assert state == maintenance_state(window, at(now))
    assert (at(completed) if completed else None) == maintenance_completed_at(window, at(now))
    assert at(changed) == changed_at(window, at(now))
    result = compute(site([component("api")], [], [window]), at(now))
    assert state == result.maintenance["db-upgrade"]
    assert (MAINT if maintenance_is_active(state) else OP) == result.components["api"]
    overall = (
        OverallStatus.UNDER_MAINTENANCE
        if maintenance_is_active(state)
        else OverallStatus.OPERATIONAL
    )
    assert overall == result.overall


@pytest.mark.parametrize(
    ("updates", "spans"),
    [
        ((), [("2026-11-22T10:00Z", "2026-11-22T12:00Z")]),
        (DONE_EARLY, [("2026-11-22T10:00Z", "2026-11-22T11:18Z")]),
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T11:00Z", COMPLETED),
                ("2026-11-22T11:10Z", IN_PROGRESS),
            ),
            [
                ("2026-11-22T10:00Z", "2026-11-22T11:00Z"),
                ("2026-11-22T11:10Z", "2026-11-22T12:00Z"),
            ],
        ),
        (
            written(
                ("2026-11-22T09:00Z", COMPLETED),
            ),
            [],
        ),  # called off before it began
        (
            written(
                ("2026-11-22T12:30Z", COMPLETED),
            ),
            [("2026-11-22T10:00Z", "2026-11-22T12:00Z")],
        ),
    ],
)
def test_a_maintenance_holds_its_components_until_its_work_is_completed(updates, spans):
    window = dataclasses.replace(maintenance("db-upgrade", *WINDOW, ["api"]), updates=updates)
    assert [(at(a), at(b)) for a, b in spans] == maintenance_spans(window, at("2026-11-23T00:00Z"))


HELD_OPEN = written(("2026-11-15T10:00Z", SCHEDULED), ("2026-11-22T10:00Z", IN_PROGRESS))


@pytest.mark.parametrize(
    ("updates", "explicit", "spans"),
    [
        # Work begun ahead of the window holds its components from then.
        (
            written(("2026-11-22T09:30Z", IN_PROGRESS)),
            None,
            [("2026-11-22T09:30Z", "2026-11-22T12:00Z")],
        ),
        # A `status` that holds it open past its end: until now (the spans' end here)...
        (HELD_OPEN, IN_PROGRESS, [("2026-11-22T10:00Z", "2026-11-23T00:00Z")]),
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T11:00Z", VERIFYING)),
            VERIFYING,
            [("2026-11-22T10:00Z", "2026-11-23T00:00Z")],
        ),
        # ...or until the update that completed it, as its resolved_at says.
        (
            (*HELD_OPEN, *written(("2026-11-22T15:00Z", COMPLETED))),
            COMPLETED,
            [("2026-11-22T10:00Z", "2026-11-22T15:00Z")],
        ),
        # Only announced when `resolve` completed it late: the clock ended it.
        (
            written(("2026-11-15T10:00Z", SCHEDULED), ("2026-11-22T15:00Z", COMPLETED)),
            COMPLETED,
            [("2026-11-22T10:00Z", "2026-11-22T12:00Z")],
        ),
        # An `In progress` (or `Verifying`) update after the end holds it open as a
        # `status` does, from its time: the work runs on, until a `Completed` update...
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T12:30Z", IN_PROGRESS),
                ("2026-11-22T13:30Z", COMPLETED),
            ),
            None,
            [
                ("2026-11-22T10:00Z", "2026-11-22T12:00Z"),
                ("2026-11-22T12:30Z", "2026-11-22T13:30Z"),
            ],
        ),
        # ...or now, while none came.
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T12:30Z", VERIFYING)),
            None,
            [
                ("2026-11-22T10:00Z", "2026-11-22T12:00Z"),
                ("2026-11-22T12:30Z", "2026-11-23T00:00Z"),
            ],
        ),
        # With the key `update --status in_progress` writes with it: the same, also after
        # a progress note in the window. The key counts from that update, not before.
        (
            written(
                ("2026-11-15T10:00Z", SCHEDULED),
                ("2026-11-22T11:00Z", IN_PROGRESS),
                ("2026-11-22T12:30Z", IN_PROGRESS),
            ),
            IN_PROGRESS,
            [
                ("2026-11-22T10:00Z", "2026-11-22T12:00Z"),
                ("2026-11-22T12:30Z", "2026-11-23T00:00Z"),
            ],
        ),
        (
            written(
                ("2026-11-22T10:00Z", IN_PROGRESS),
                ("2026-11-22T12:30Z", IN_PROGRESS),
                ("2026-11-22T13:30Z", COMPLETED),
            ),
            COMPLETED,
            [
                ("2026-11-22T10:00Z", "2026-11-22T12:00Z"),
                ("2026-11-22T12:30Z", "2026-11-22T13:30Z"),
            ],
        ),
        # One made at the end itself is not after it: the clock completes the window.
        (
            written(("2026-11-22T10:00Z", IN_PROGRESS), ("2026-11-22T12:00Z", IN_PROGRESS)),
            None,
            [("2026-11-22T10:00Z", "2026-11-22T12:00Z")],
        ),
        # Without updates: a written active state from its start on; completed, the window.
        ((), IN_PROGRESS, [("2026-11-22T10:00Z", "2026-11-23T00:00Z")]),
        ((), COMPLETED, [("2026-11-22T10:00Z", "2026-11-22T12:00Z")]),
    ],
)
def test_a_maintenance_holds_its_components_while_its_state_was_active(updates, explicit, spans):
    window = dataclasses.replace(
        maintenance("db-upgrade", *WINDOW, ["api"], state=explicit), updates=updates
    )
    now = at("2026-11-23T00:00Z")
    assert [(at(a), at(b)) for a, b in spans] == maintenance_spans(window, now)
    # The same rule as the state, at every moment a dated update says it (a `status` without
    # updates has no moment), and as resolved_at.
    for moment in (
        "2026-11-22T09:45Z",
        "2026-11-22T11:30Z",
        "2026-11-22T12:15Z",
        "2026-11-22T14:00Z",
    )[: 4 * bool(updates)]:
        cut = as_of(site([component("api")], [], [window]), at(moment)).maintenances
        held = any(a <= at(moment) < b for a, b in maintenance_spans(window, now))
        assert held == any(maintenance_is_active(maintenance_state(m, at(moment))) for m in cut)
    completed = maintenance_completed_at(window, now)
    assert completed is None or completed == maintenance_spans(window, now)[-1][1]


def test_a_window_completed_early_leaves_the_days_after_its_work_alone():
    # Scheduled over midnight, done before it: the next day's bar shows no maintenance.
    window = dataclasses.replace(
        maintenance("db-upgrade", at("2026-11-21T22:00Z"), at("2026-11-22T02:00Z"), ["api"]),
        updates=written(("2026-11-21T22:00Z", IN_PROGRESS), ("2026-11-21T23:30Z", COMPLETED)),
    )
    days = uptime_history(site([component("api")], [], [window], history_days=2), NOW)["api"].days
    assert [(MAINT, ("db-upgrade",)), (OP, ())] == [(d.worst, d.events) for d in days]


# --- incident end and duration -----------------------------------------------------------------


def test_incident_end_and_duration():
    open_one = incident("open", IDENTIFIED, {"api": MAJOR}, started=STARTED)
    assert incident_end(open_one) is None
    assert timedelta(hours=4) == duration(open_one, NOW)

    resolved = incident(
        "done", RESOLVED, {"api": MAJOR}, started=STARTED, resolved=at("2026-11-22T15:30Z")
    )
    assert at("2026-11-22T15:30Z") == incident_end(resolved)
    assert timedelta(hours=1, minutes=30) == duration(resolved, NOW)


def test_a_late_postmortem_does_not_stretch_the_outage():
    updates = [
        update(at("2026-11-20T10:00Z"), INVESTIGATING),
        update(at("2026-11-20T11:00Z"), RESOLVED),
        update(at("2026-11-21T16:00Z"), POSTMORTEM),
    ]
    pm = incident(
        "pm", POSTMORTEM, {"api": MAJOR}, started=at("2026-11-20T10:00Z"), updates=updates
    )
    assert at("2026-11-20T11:00Z") == incident_end(pm)
    day = uptime_history(site([component("api")], [pm], history_days=3), NOW)["api"].days
    assert [timedelta(hours=1), timedelta(0), timedelta(0)] == [d.downtime for d in day]


def test_maintenance_duration_is_its_window():
    assert timedelta(hours=2) == duration(maintenance("m", *WINDOW), NOW)


# --- uptime ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "uptime"),
    [(MAJOR, 0.75), (PARTIAL, 1 - 0.3 * 0.25), (DEGRADED, 1.0), (OP, 1.0), (MAINT, 1.0)],
)
def test_uptime_weights_major_fully_partial_partly_degraded_not(status, uptime):
    six_hours = incident(
        "x",
        RESOLVED,
        {"api": status},
        started=at("2026-11-21T06:00Z"),
        resolved=at("2026-11-21T12:00Z"),
    )
    day = uptime_history(site([component("api")], [six_hours], history_days=2), NOW)["api"].days[0]
    assert pytest.approx(uptime) == day.uptime
    assert status == day.worst


def test_maintenance_windows_show_on_their_day_without_downtime():
    window = maintenance("db-upgrade", *WINDOW, ["api"])
    today = uptime_history(site([component("api")], [], [window], history_days=1), NOW)["api"]
    assert (MAINT, 1.0, ("db-upgrade",)) == (
        today.days[0].worst,
        today.days[0].uptime,
        today.days[0].events,
    )


def test_upcoming_maintenance_is_not_in_the_history():
    window = maintenance("later", at("2026-11-22T20:00Z"), at("2026-11-22T21:00Z"))
    today = uptime_history(site([component("api")], [], [window], history_days=1), NOW)["api"]
    assert ((), OP) == (today.days[0].events, today.days[0].worst)


@pytest.mark.parametrize(
    ("tz", "start", "end", "expected_hours"),
    [
        # 22:00-02:00 splits two hours to each day.
        ("UTC", "2026-11-20T22:00", "2026-11-21T02:00", {"2026-11-20": 2, "2026-11-21": 2}),
        # Same instants in Berlin (UTC+1): 23:00-03:00 local.
        (
            "Europe/Berlin",
            "2026-11-20T22:00+00:00",
            "2026-11-21T02:00+00:00",
            {"2026-11-20": 1, "2026-11-21": 3},
        ),
        # 23:30-00:30 UTC is one local day in Tokyo (08:30-09:30, UTC+9).
        (
            "Asia/Tokyo",
            "2026-11-20T23:30+00:00",
            "2026-11-21T00:30+00:00",
            {"2026-11-21": 1},
        ),
        # New York (UTC-5): 03:00-07:00 UTC is 22:00-02:00 local, across local midnight.
        (
            "America/New_York",
            "2026-11-21T03:00+00:00",
            "2026-11-21T07:00+00:00",
            {"2026-11-20": 2, "2026-11-21": 2},
        ),
        # Ending exactly at local midnight leaves the next day clear.
        ("UTC", "2026-11-20T22:00", "2026-11-21T00:00", {"2026-11-20": 2}),
        ("Europe/Berlin", "2026-11-20T22:00", "2026-11-21T00:00", {"2026-11-20": 2}),
        # Starting exactly at local midnight stays off the day before.
        ("Europe/Berlin", "2026-11-21T00:00", "2026-11-21T01:00", {"2026-11-21": 1}),
        # Days are 24 hours of the site's zone: a whole-day outage in a whole day.
        ("America/New_York", "2026-11-20T00:00", "2026-11-21T00:00", {"2026-11-20": 24}),
    ],
)
def test_uptime_days_are_days_in_the_site_timezone(tz, start, end, expected_hours):
    outage = incident("x", RESOLVED, {"api": MAJOR}, started=at(start, tz), resolved=at(end, tz))
    now = at("2026-11-22T12:00", tz)
    days = uptime_history(site([component("api")], [outage], timezone=tz, history_days=4), now)[
        "api"
    ].days
    assert [date(2026, 11, d) for d in (19, 20, 21, 22)] == [d.day for d in days]
    hours = {d.day.isoformat(): d.downtime / timedelta(hours=1) for d in days if d.downtime}
    assert expected_hours == hours
    touched = {d.day.isoformat() for d in days if d.events}
    assert set(expected_hours) == touched
    for d in days:
        expected_worst = MAJOR if d.day.isoformat() in expected_hours else OP
        assert expected_worst == d.worst


@pytest.mark.parametrize(
    ("day", "length_hours"),
    [("2026-03-29", 23), ("2026-10-25", 25), ("2026-03-28", 24)],
)
def test_dst_change_days_have_their_real_length(day, length_hours):
    tz = "Europe/Berlin"
    start = at(f"{day}T00:00", tz)
    end = at(f"{day}T00:00", tz) + timedelta(days=1)  # wall clock: next local midnight
    one_hour = incident(
        "hour",
        RESOLVED,
        {"api": MAJOR},
        started=at(f"{day}T12:00", tz),
        resolved=at(f"{day}T13:00", tz),
    )
    whole = incident(
        "whole", RESOLVED, {"db": PARTIAL}, started=start, resolved=end.astimezone(timezone.utc)
    )
    now = at(f"{day}T12:00", tz) + timedelta(days=2)
    history = uptime_history(
        site([component("api"), component("db")], [one_hour, whole], timezone=tz, history_days=3),
        now,
    )
    api_day, db_day = history["api"].days[0], history["db"].days[0]
    assert date.fromisoformat(day) == api_day.day
    assert pytest.approx(1 - 1 / length_hours) == api_day.uptime
    # A whole-day partial outage is 0.3 of the day's real length, and does not spill over.
    assert timedelta(hours=0.3 * length_hours) == db_day.downtime
    assert 1.0 == history["db"].days[1].uptime
    assert pytest.approx(0.7) == db_day.uptime


def test_interval_ending_at_the_first_midnight_of_the_window_is_outside_it():
    outage = incident(
        "before",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-11-19T20:00Z"),
        resolved=at("2026-11-20T00:00Z"),
    )
    history = uptime_history(site([component("api")], [outage], history_days=3), NOW)["api"]
    assert date(2026, 11, 20) == history.days[0].day
    assert ((), OP, 1.0) == (history.days[0].events, history.days[0].worst, history.days[0].uptime)
    assert 1.0 == history.uptime


def test_start_date_excludes_earlier_days():
    outage = incident(
        "early",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-11-20T00:00Z"),
        resolved=at("2026-11-21T00:00Z"),
    )
    s = site([component("api", start_date=date(2026, 11, 21))], [outage], history_days=3)
    history = uptime_history(s, NOW)["api"]
    assert [None, 1.0, 1.0] == [d.uptime for d in history.days]
    assert timedelta(0) == history.days[0].downtime
    # The outage before start_date costs nothing over the window either.
    assert 1.0 == history.uptime
    assert history.worst_day is None


def test_start_date_in_the_future_counts_nothing():
    s = site([component("api", start_date=date(2026, 12, 1))], history_days=3)
    history = uptime_history(s, NOW)["api"]
    assert [None, None, None] == [d.uptime for d in history.days]
    assert history.uptime is None


@pytest.mark.parametrize(
    ("incident_span", "resolved_state", "expected_uptime"),
    [
        # now is 18:00: today counts 18 hours, not 24.
        (("06:00", "09:00"), RESOLVED, 1 - 3 / 18),
        # An open incident is down until now.
        (("15:00", None), INVESTIGATING, 1 - 3 / 18),
        (("15:00", None), MONITORING, 1 - 3 / 18),
        # An incident starting after now (clock skew in the file) does not count.
        (("19:00", None), INVESTIGATING, 1.0),
    ],
)
def test_today_counts_only_up_to_now(incident_span, resolved_state, expected_uptime):
    start, end = incident_span
    x = incident(
        "x",
        resolved_state,
        {"api": MAJOR},
        started=at(f"2026-11-22T{start}Z"),
        resolved=at(f"2026-11-22T{end}Z") if end else None,
    )
    # Recorded since before the window, so yesterday counts in full.
    s = site([component("api")], [x], history_days=2, start_date=date(2026, 11, 1))
    history = uptime_history(s, NOW)["api"]
    today = history.days[-1]
    assert date(2026, 11, 22) == today.day
    assert pytest.approx(expected_uptime) == today.uptime
    # The window is weighted by counted time: 24h yesterday + 18h today.
    assert pytest.approx(1 - (1 - expected_uptime) * 18 / 42) == history.uptime


@pytest.mark.parametrize(
    ("tz", "now", "history_days", "today"),
    [
        ("UTC", "2026-11-22T18:00+00:00", 1, "2026-11-22"),
        ("UTC", "2026-11-22T18:00+00:00", 7, "2026-11-22"),
        ("UTC", "2026-11-22T18:00+00:00", 90, "2026-11-22"),
        # Already tomorrow in Tokyo, still yesterday in Los Angeles.
        ("Asia/Tokyo", "2026-11-22T23:30+00:00", 90, "2026-11-23"),
        ("America/Los_Angeles", "2026-11-22T03:00+00:00", 30, "2026-11-21"),
    ],
)
def test_history_is_history_days_long_and_ends_today_in_the_site_timezone(
    tz, now, history_days, today
):
    history = uptime_history(
        site([component("api")], timezone=tz, history_days=history_days), at(now)
    )["api"]
    assert history_days == len(history.days)
    assert date.fromisoformat(today) == history.days[-1].day
    assert date.fromisoformat(today) - timedelta(days=history_days - 1) == history.days[0].day
    assert all(b.day - a.day == timedelta(days=1) for a, b in itertools.pairwise(history.days))


def test_compute_gives_every_component_a_history():
    s = site([component("api"), component("web")], history_days=5)
    result = compute(s, NOW)
    assert {"api", "web"} == set(result.history)
    assert [5, 5] == [len(h.days) for h in result.history.values()]
    assert NOW == result.now


def test_baseline_shows_on_todays_bar_but_not_in_uptime():
    history = uptime_history(site([component("api", PARTIAL)], history_days=2), NOW)["api"]
    assert [OP, PARTIAL] == [d.worst for d in history.days]
    assert 1.0 == history.uptime


class KeptInMemory:
    """status.KeptDays as a build's cache gives them, in memory: one record, each event
    known by its slug."""

    def __init__(self) -> None:
        self.saved: tuple[list[str], dict[str, str], BeforeToday] | None = None

    def identity(self, event: Incident | Maintenance) -> str | None:
        return event.slug

    def get(self, base: list[str]) -> tuple[dict[str, str], BeforeToday] | None:
        if self.saved is None or self.saved[0] != base:
            return None
        return self.saved[1], self.saved[2]

    def put(self, base: list[str], identities: dict[str, str], days: BeforeToday) -> None:
        self.saved = (base, identities, days)


def test_kept_days_naming_an_event_their_record_lacks_are_worked_out_again():
    # Kept by a build that left the outage out of their record: once it is deleted,
    # nothing says those days changed; trusted, they would name an event there is no more.
    outage = incident(
        "outage",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-11-20T10:00Z"),
        resolved=at("2026-11-20T11:00Z"),
    )

    def on_site(*incidents: Incident) -> Site:
        # A record begun before the outage: deleting it changes nothing else they read.
        return site([component("api")], incidents, history_days=5, start_date=date(2026, 11, 1))

    kept = KeptInMemory()
    uptime_history(on_site(outage), NOW, kept=kept)
    assert kept.saved is not None
    base, _, days = kept.saved
    kept.saved = (base, {}, days)

    quiet = on_site()
    assert uptime_history(quiet, NOW) == uptime_history(quiet, NOW, kept=kept)
    assert (base, {}) == kept.saved[:2]
    assert uptime_history(quiet, NOW) == uptime_history(quiet, NOW, kept=kept)


def test_computed_history_is_worked_out_when_first_read():
    # A rebuild forks the process rendering the API and the feeds before the pages read
    # the history: that process never waits for it, and nothing it shows differs.
    outage = incident(
        "outage",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-11-20T10:00Z"),
        resolved=at("2026-11-20T11:00Z"),
    )
    s = site([component("api"), component("web")], [outage], history_days=5)
    kept = KeptInMemory()
    status = compute(s, NOW, kept)
    assert kept.saved is None
    expected = uptime_history(s, NOW)
    assert expected == status.history
    assert repr(expected) == repr(status.history)
    assert ["api", "web"] == list(status.history)
    assert kept.saved is not None


@pytest.mark.parametrize(
    ("spans", "expected_day"),
    [
        ([], None),
        # A lower uptime (more downtime) wins over a worse status.
        ([("20", "00:00", "12:00", PARTIAL), ("21", "10:00", "11:00", MAJOR)], "2026-11-20"),
        ([("20", "00:00", "02:00", PARTIAL), ("21", "10:00", "11:00", MAJOR)], "2026-11-21"),
        # Equal downtime: the worse status wins.
        ([("20", "10:00", "13:00", DEGRADED), ("21", "10:00", "11:00", DEGRADED)], "2026-11-21"),
        ([("20", "10:00", "13:00", PARTIAL), ("21", "10:00", "11:00", DEGRADED)], "2026-11-20"),
        # A degraded day is not a clear day.
        ([("21", "10:00", "11:00", DEGRADED)], "2026-11-21"),
        # The lowest uptime wins over more downtime: today counts only its 18 hours so far
        # (3 of 18 down, 83.33%, below 3.5 of 24, 85.41%).
        ([("21", "10:00", "13:30", MAJOR), ("22", "00:00", "03:00", MAJOR)], "2026-11-22"),
        # Equal in every way: the most recent.
        ([("20", "10:00", "11:00", MAJOR), ("21", "10:00", "11:00", MAJOR)], "2026-11-21"),
    ],
)
def test_worst_day(spans, expected_day):
    incidents = [
        incident(
            f"i{n}",
            RESOLVED,
            {"api": status},
            started=at(f"2026-11-{day}T{start}Z"),
            resolved=at(f"2026-11-{day}T{end}Z"),
        )
        for n, (day, start, end, status) in enumerate(spans)
    ]
    worst = uptime_history(site([component("api")], incidents, history_days=3), NOW)[
        "api"
    ].worst_day
    assert expected_day == (worst.day.isoformat() if worst else None)


@pytest.mark.parametrize(
    ("spans", "expected_day"),
    [
        # 2h45 of the 25 hours of 1 Nov (89.00%) against 2h40 of the 24 of 31 Oct (88.88%):
        # the day with the lower uptime, though it had less downtime.
        ([("10-31T10:00", "10-31T12:40"), ("11-01T10:00", "11-01T12:45")], "2026-10-31"),
        # The same uptime (2h30 of 25, 2h24 of 24, both 90%): the more downtime.
        ([("10-31T10:00", "10-31T12:24"), ("11-01T10:00", "11-01T12:30")], "2026-11-01"),
    ],
)
def test_worst_day_is_the_lowest_uptime_on_a_day_the_clocks_go_back(spans, expected_day):
    tz = "America/New_York"
    incidents = [
        incident(
            f"i{n}",
            RESOLVED,
            {"api": MAJOR},
            started=at(f"2026-{start}", tz),
            resolved=at(f"2026-{end}", tz),
        )
        for n, (start, end) in enumerate(spans)
    ]
    s = site([component("api")], incidents, timezone=tz, history_days=3)
    worst = uptime_history(s, at("2026-11-02T12:00", tz))["api"].worst_day
    assert worst is not None
    assert expected_day == worst.day.isoformat()


def test_events_on_other_components_do_not_leak():
    x = incident(
        "x",
        RESOLVED,
        {"db": MAJOR},
        started=at("2026-11-22T01:00Z"),
        resolved=at("2026-11-22T02:00Z"),
    )
    history = uptime_history(site([component("api"), component("db")], [x], history_days=1), NOW)
    assert ((), 1.0) == (history["api"].days[0].events, history["api"].uptime)
    assert ("x",) == history["db"].days[0].events


def test_long_outage_is_spread_over_every_day_it_touches():
    x = incident("long", MONITORING, {"api": MAJOR}, started=at("2026-10-01T00:00Z"))
    history = uptime_history(site([component("api")], [x], history_days=30), NOW)["api"]
    assert [0.0] * 30 == [d.uptime for d in history.days]
    assert 0.0 == history.uptime


# --- the clock ---------------------------------------------------------------------------------


def test_now_option_wins_and_keeps_its_offset():
    given = datetime.fromisoformat("2026-11-22T19:00:00+01:00")
    assert given == resolve_now(given, {"SOURCE_DATE_EPOCH": "0"})
    assert timedelta(hours=1) == resolve_now(given, {}).utcoffset()


def test_source_date_epoch_is_used_without_now():
    assert datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc) == resolve_now(
        None, {"SOURCE_DATE_EPOCH": "1700000000"}
    )


@pytest.mark.parametrize("environ", [{}, {"SOURCE_DATE_EPOCH": ""}, {"SOURCE_DATE_EPOCH": "  "}])
def test_system_clock_is_the_last_resort(environ):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    now = resolve_now(None, environ)
    assert timezone.utc == now.tzinfo
    assert before <= now <= datetime.now(timezone.utc)


@pytest.mark.parametrize(
    ("now_option", "environ", "follows"),
    [
        (None, {}, True),
        (None, {"SOURCE_DATE_EPOCH": " "}, True),
        (None, {"SOURCE_DATE_EPOCH": "1700000000"}, False),
        ("tomorrow 2am", {}, False),
        (datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc), {}, False),
    ],
)
def test_only_a_clock_neither_option_nor_epoch_pins_follows_the_time(now_option, environ, follows):
    # What serve follows as the preview stays open; --now and SOURCE_DATE_EPOCH stand still.
    assert follows is follows_time(now_option, environ)


@pytest.mark.parametrize(
    ("now_option", "environ", "message"),
    [
        (datetime(2026, 11, 22, 18, 0), {}, "--now needs a timezone offset"),
        (None, {"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH must be a whole number"),
        (None, {"SOURCE_DATE_EPOCH": "1.5"}, "SOURCE_DATE_EPOCH must be a whole number"),
        # What int() reads and `date -d @…` refuses: other scripts' digits, a plus sign,
        # digit groups, spaces around the number.
        *(
            (
                None,
                {"SOURCE_DATE_EPOCH": epoch},
                rf"in the digits 0-9, not {re.escape(repr(epoch))}",
            )
            for epoch in (
                "١٧٩٦١٢٦٤٠٠",
                "1_796_126_400",
                "+1796126400",
                " 1796126400",
                "1796126400\n",
            )
        ),
        (
            None,
            {"SOURCE_DATE_EPOCH": "9" * 30},
            "SOURCE_DATE_EPOCH must be in the years 1970 to 9998",
        ),
        (None, {"SOURCE_DATE_EPOCH": "253402200000"}, "SOURCE_DATE_EPOCH must be in the years"),
        (datetime(1, 1, 1, tzinfo=timezone.utc), {}, "--now must be in the years 1970 to 9998"),
        (datetime(9999, 12, 31, tzinfo=timezone.utc), {}, "--now must be in the years"),
    ],
)
def test_bad_clock_input_is_a_clear_error(now_option, environ, message):
    with pytest.raises(ValueError, match=message):
        resolve_now(now_option, environ)


def test_incidents_after_now_are_not_in_the_history_yet():
    # Building with an earlier --now must give the page as it was then.
    later = incident(
        "later",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-11-22T20:00Z"),
        resolved=at("2026-11-22T21:00Z"),
    )
    today = uptime_history(site([component("api")], [later], history_days=1), NOW)["api"].days[0]
    assert ((), OP, 1.0) == (today.events, today.worst, today.uptime)


@pytest.mark.parametrize(
    ("only_if_degraded", "effective", "listed"),
    [
        (False, OP, True),
        (False, MAJOR, True),
        (True, OP, False),
        (True, ComponentStatus.DEGRADED_PERFORMANCE, True),
        (True, ComponentStatus.UNDER_MAINTENANCE, True),
    ],
)
def test_only_show_if_degraded_lists_a_component_while_it_is_not_operational(
    only_if_degraded, effective, listed
):
    api = dataclasses.replace(component("api"), only_show_if_degraded=only_if_degraded)
    assert listed == is_listed(api, effective)


def test_an_outage_across_the_spring_forward_hour_counts_the_time_that_passed():
    # 01:30 CET to 03:30 CEST on 2026-03-29 is one real hour (00:30Z to 01:30Z), though
    # the wall clock says two: both times written in the site's zone, without an offset.
    tz = "Europe/Berlin"
    outage = incident(
        "night",
        RESOLVED,
        {"api": MAJOR},
        started=at("2026-03-29T01:30", tz),
        resolved=at("2026-03-29T03:30", tz),
    )
    now = at("2026-03-30T12:00", tz)

    history = uptime_history(site([component("api")], [outage], timezone=tz, history_days=3), now)

    day = next(d for d in history["api"].days if d.day == date(2026, 3, 29))
    assert timedelta(hours=1) == day.downtime
    assert pytest.approx(1 - 1 / 23) == day.uptime  # the day itself is 23 hours long
    assert timedelta(hours=1) == duration(outage, now)
