"""When things last changed: the times that feeds, the JSON API and the calendar carry."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from factories import NOW, component, incident, maintenance

from statusgen.model import (
    ComponentStatus,
    Event,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Update,
)
from statusgen.status import (
    changed_at,
    declared_change,
    event_changes,
    last_change,
    maintenance_completed_at,
    maintenance_state,
)

HOUR = timedelta(hours=1)


def test_an_incident_changes_with_each_update_and_when_it_ends() -> None:
    resolved = incident("a", NOW - 5 * HOUR, duration=2 * HOUR)
    assert [NOW - 5 * HOUR, NOW - 5 * HOUR, NOW - 3 * HOUR, NOW - 3 * HOUR] == event_changes(
        resolved, NOW
    )
    assert NOW - 3 * HOUR == changed_at(resolved, NOW)


def test_an_open_incident_last_changed_at_its_newest_update() -> None:
    open_ = incident("a", NOW - 4 * HOUR, IncidentState.IDENTIFIED, duration=4 * HOUR)
    assert NOW - 2 * HOUR == changed_at(open_, NOW)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (NOW - 30 * HOUR, NOW - 48 * HOUR),  # announced, window still ahead
        (NOW + HOUR / 2, NOW),  # the window opened by the clock
        (NOW + 5 * HOUR, NOW + 2 * HOUR),  # and closed by it
    ],
)
def test_a_clock_driven_maintenance_changes_when_its_window_opens_and_closes(
    now: datetime, expected: datetime
) -> None:
    window = maintenance("m", NOW, NOW + 2 * HOUR)
    assert expected == changed_at(window, now)


def test_a_maintenance_with_an_explicit_state_changes_only_with_its_updates() -> None:
    window = maintenance("m", NOW, NOW + 2 * HOUR, state=MaintenanceState.IN_PROGRESS)
    assert NOW - 48 * HOUR == changed_at(window, NOW + 5 * HOUR)


def test_nothing_has_changed_before_the_first_moment() -> None:
    window = maintenance("m", NOW + 72 * HOUR, NOW + 74 * HOUR)
    announced = Update(NOW + 24 * HOUR, MaintenanceState.SCHEDULED, "Planned work.", 6)
    window = replace(window, updates=(announced,))  # announced a day from now
    assert [] == event_changes(window, NOW)
    # Its first moment (the announcement) lies ahead too: dated no later than now, since
    # no output may say it changed after the build.
    assert NOW == changed_at(window, NOW)
    assert NOW + 24 * HOUR == changed_at(window, NOW + 30 * HOUR)
    assert last_change([window], NOW) is None
    assert last_change([], NOW) is None


def test_last_change_is_the_newest_among_events() -> None:
    events = [incident("a", NOW - 10 * HOUR), maintenance("m", NOW - 3 * HOUR, NOW - HOUR)]
    assert NOW - HOUR == last_change(events, NOW)


def test_a_maintenance_completes_at_its_completed_update_or_the_end_of_its_window() -> None:
    window = maintenance("m", NOW - 3 * HOUR, NOW - HOUR)
    assert NOW - HOUR == maintenance_completed_at(window, NOW)
    assert maintenance_completed_at(window, NOW - 2 * HOUR) is None
    marked = maintenance("m", NOW - 3 * HOUR, NOW - HOUR, state=MaintenanceState.COMPLETED)
    assert NOW - HOUR == maintenance_completed_at(marked, NOW - 2 * HOUR)
    finished_early = replace(
        marked,
        updates=(*marked.updates, Update(NOW - 2 * HOUR, MaintenanceState.COMPLETED, "Done.", 9)),
    )
    assert NOW - 2 * HOUR == maintenance_completed_at(finished_early, NOW)


MAJOR, PARTIAL = ComponentStatus.MAJOR_OUTAGE, ComponentStatus.PARTIAL_OUTAGE
OPEN = IncidentState.IDENTIFIED  # opened, then an update that changes no status


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], None),
        ([incident("a", NOW - 3 * HOUR, OPEN, duration=2 * HOUR)], NOW - 3 * HOUR),
        # Back to its baseline when the incident ended; its postmortem changes nothing.
        ([incident("a", NOW - 5 * HOUR, duration=2 * HOUR)], NOW - 3 * HOUR),
        (
            [incident("a", NOW - 5 * HOUR, IncidentState.POSTMORTEM, duration=2 * HOUR)],
            NOW - 3 * HOUR,
        ),
        # A second incident, no worse than the first: the status stays what it was.
        (
            [
                incident("a", NOW - 3 * HOUR, OPEN, {"api": MAJOR}),
                incident("b", NOW - HOUR, OPEN, {"api": PARTIAL}),
            ],
            NOW - 3 * HOUR,
        ),
        (
            [
                incident("a", NOW - 3 * HOUR, OPEN, {"api": PARTIAL}),
                incident("b", NOW - HOUR, OPEN, {"api": MAJOR}),
            ],
            NOW - HOUR,
        ),
        ([incident("a", NOW - 3 * HOUR, OPEN, {"web": MAJOR})], None),  # another component
        ([maintenance("m", NOW - HOUR, NOW + HOUR)], NOW - HOUR),
        ([maintenance("m", NOW + HOUR, NOW + 2 * HOUR)], None),  # still ahead
    ],
)
def test_a_component_s_declared_status_changed_when_an_event_changed_it(
    events: list[Event], expected: datetime | None
) -> None:
    states = {e.slug: maintenance_state(e, NOW) for e in events if isinstance(e, Maintenance)}
    assert expected == declared_change(component("api"), events, states, NOW)
