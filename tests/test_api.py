"""status.json and api/v2/: compared key for key with real Statuspage responses."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import sitefiles
from click.testing import CliRunner
from factories import NOW, component, incident, maintenance, site
from test_measured import with_monitors

from statusgen import urls
from statusgen.cli import cli
from statusgen.measured import compute as measured_compute
from statusgen.model import (
    AffectedComponent,
    ComponentStatus,
    Impact,
    IncidentState,
    MaintenanceState,
    Site,
    Update,
)
from statusgen.render.api import LIST_CAP, api_id, render_api, timestamp
from statusgen.render.context import RenderContext, render_all
from statusgen.status import as_of, compute

CAPTURES = Path(__file__).parent / "fixtures" / "statuspage-v2"

COMPONENT_STATUSES = {s.value for s in ComponentStatus}
INCIDENT_STATUSES = {"investigating", "identified", "monitoring", "resolved", "postmortem"}
MAINTENANCE_STATUSES = {"scheduled", "in_progress", "verifying", "completed"}
IMPACTS = {"none", "minor", "major", "critical", "maintenance"}
INDICATORS = {"none", "minor", "major", "critical", "maintenance"}
# The openstatus widget's zod schema: z.object({ status: z.enum([...]) }), extra keys allowed.
OPENSTATUS_ENUM = {
    "operational",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "under_maintenance",
    "unknown",
    "incident",
}
ID = re.compile(r"^[0-9a-z]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$")
MAJOR, DEGRADED = ComponentStatus.MAJOR_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE


def capture(name: str) -> Any:
    return json.loads((CAPTURES / name).read_text(encoding="utf-8"))


def render(s: Site, now: datetime = NOW) -> dict[str, Any]:
    return {
        path: json.loads(data)
        for path, data in render_all(render_api(RenderContext(s, compute(s, now)))).items()
    }


def rendered_bytes(s: Site, now: datetime = NOW) -> dict[str, bytes]:
    return render_all(render_api(RenderContext(s, compute(s, now))))


def busy_site(**overrides: Any) -> Site:
    """A site with every kind of thing: groups, an ungrouped component, open and resolved
    incidents, and maintenance in every state."""
    return site(
        components=[
            component("api", "core", 1, description="The REST API", start_date=date(2026, 9, 1)),
            component("web", "core", 2),
            component("docs", None, 2, showcase=False, only_show_if_degraded=True),
        ],
        incidents=[
            incident("old-outage", NOW - timedelta(days=10), title="Old outage"),
            incident(
                "api-errors",
                NOW - timedelta(hours=3),
                IncidentState.IDENTIFIED,
                {
                    "api": ComponentStatus.PARTIAL_OUTAGE,
                    "docs": ComponentStatus.DEGRADED_PERFORMANCE,
                },
                impact=Impact.MAJOR,
                title="API errors",
            ),
        ],
        maintenances=[
            maintenance("db-upgrade", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2)),
            maintenance("net-work", NOW - timedelta(hours=1), NOW + timedelta(hours=1), ("web",)),
            maintenance("old-work", NOW - timedelta(days=5), NOW - timedelta(days=5, hours=-1)),
        ],
        **overrides,
    )


# --- shapes, compared with the captures ----------------------------------------------


ENDPOINT_CAPTURES = {
    "api/v2/summary.json": "summary.json",
    "api/v2/status.json": "status.json",
    "api/v2/components.json": "components.json",
    "api/v2/incidents.json": "incidents/unresolved.json",
    "api/v2/incidents/unresolved.json": "incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json": "scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/upcoming.json": "scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/active.json": "scheduled-maintenances/upcoming.json",
}


@pytest.mark.parametrize(("path", "capture_name"), sorted(ENDPOINT_CAPTURES.items()))
def test_every_endpoint_has_the_top_level_keys_statuspage_sends(
    path: str, capture_name: str
) -> None:
    ours = render(busy_site())[path]
    theirs = capture(capture_name)
    assert sorted(theirs) == sorted(ours)
    assert sorted(theirs["page"]) == sorted(ours["page"])


def assert_same_shape(ours: dict[str, Any], theirs: dict[str, Any], nullable: set[str]) -> None:
    """Same keys; where the capture has a value, ours has its JSON type (or null if allowed)."""
    assert sorted(theirs) == sorted(ours)
    for key, value in theirs.items():
        if ours[key] is None:
            assert key in nullable, f"{key} is null but Statuspage never sends null there"
        elif value is not None:
            assert type(value) is type(ours[key]), key


COMPONENT_NULLABLE = {"description", "start_date", "group_id"}
INCIDENT_NULLABLE = {"monitoring_at", "resolved_at"}
UPDATE_NULLABLE = {"affected_components", "custom_tweet", "tweet_id"}


def test_page_component_and_group_objects_match_the_captures() -> None:
    summary = render(busy_site())["api/v2/summary.json"]
    github = capture("summary.json")
    hashicorp = capture("components.groups.json")
    assert_same_shape(summary["page"], github["page"], set())
    assert_same_shape(summary["status"], github["status"], set())
    plain = [c for c in summary["components"] if not c["group"]]
    groups = [c for c in summary["components"] if c["group"]]
    captured_group = next(c for c in hashicorp["components"] if c["group"])
    for ours in plain:
        assert_same_shape(ours, github["components"][0], COMPONENT_NULLABLE)
    for ours in groups:
        assert_same_shape(ours, captured_group, COMPONENT_NULLABLE)


def test_incident_update_and_affected_component_objects_match_the_captures() -> None:
    ours = render(busy_site())["api/v2/incidents/unresolved.json"]["incidents"][0]
    theirs = capture("summary.json")["incidents"][0]
    assert_same_shape(ours, theirs, INCIDENT_NULLABLE)
    for update in ours["incident_updates"]:
        assert_same_shape(update, theirs["incident_updates"][0], UPDATE_NULLABLE)
    affected = ours["incident_updates"][-1]["affected_components"]
    assert sorted(theirs["incident_updates"][0]["affected_components"][0]) == sorted(affected[0])
    for item in ours["components"]:
        assert_same_shape(item, theirs["components"][0], COMPONENT_NULLABLE)


def test_maintenance_objects_match_the_capture() -> None:
    ours = render(busy_site())["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    theirs = capture("summary.with-maintenance.json")["scheduled_maintenances"][0]
    assert ours
    for item in ours:
        assert_same_shape(item, theirs, INCIDENT_NULLABLE)
        for update in item["incident_updates"]:
            assert_same_shape(update, theirs["incident_updates"][0], UPDATE_NULLABLE)


def walk(value: Any) -> Any:
    """Every dict inside a JSON document."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_enums_ids_and_timestamps_use_statuspage_formats() -> None:
    files = render(busy_site())
    for path, document in files.items():
        if path == "status.json":
            continue
        for obj in walk(document):
            if "page_id" in obj and "group" in obj:  # a component
                assert obj["status"] in COMPONENT_STATUSES
                assert ID.match(obj["id"])
            if "incident_updates" in obj:
                allowed = MAINTENANCE_STATUSES if "scheduled_for" in obj else INCIDENT_STATUSES
                assert obj["status"] in allowed
                assert obj["impact"] in IMPACTS
                assert all(u["status"] in allowed for u in obj["incident_updates"])
            if "indicator" in obj:
                assert obj["indicator"] in INDICATORS
            for key, value in obj.items():
                if key.endswith(("_at", "_for", "_until")) and value is not None:
                    assert TIMESTAMP.match(value), (path, key, value)
                if key in ("id", "page_id", "incident_id", "group_id", "code") and value:
                    assert ID.match(value), (path, key, value)


def test_a_moment_at_an_offset_of_seconds_is_written_in_utc() -> None:
    # Monrovia's clocks ran 44 minutes 30 seconds behind UTC until 1972: RFC 3339 writes no
    # seconds in an offset (JavaScript's Date reads "-00:44:30" as an invalid date).
    old = incident("old", datetime(1971, 6, 1, 14, tzinfo=timezone.utc))
    monrovia = site(incidents=[old], timezone="Africa/Monrovia", start_date=date(1971, 5, 1))

    files = render(monrovia, datetime(1971, 6, 10, 12, tzinfo=timezone.utc))

    written = [
        value
        for document in files.values()
        for obj in walk(document)
        for key, value in obj.items()
        if key.endswith(("_at", "_for", "_until")) and value is not None
    ]
    assert [] == [value for value in written if not TIMESTAMP.match(value)]
    (listed,) = files["api/v2/incidents.json"]["incidents"]
    assert ("1971-06-01T14:00:00.000Z", "1971-06-01T15:00:00.000Z") == (
        listed["created_at"],
        listed["resolved_at"],
    )
    # The record began at midnight there, 00:44:30 UTC.
    assert (
        "1971-05-01T00:44:30.000Z" == files["api/v2/components.json"]["components"][0]["created_at"]
    )


def test_status_json_satisfies_the_openstatus_widget_schema() -> None:
    scenarios = [
        site(),
        site(components=[], groups=[]),
        busy_site(),
        site(incidents=[incident("x", NOW - timedelta(hours=1), IncidentState.MONITORING)]),
        site(maintenances=[maintenance("m", NOW - timedelta(hours=1), NOW + timedelta(hours=1))]),
    ]
    seen = set()
    for s in scenarios:
        document = render(s)["status.json"]
        # z.object({status: z.enum([...])}) accepts any object whose `status` is in the enum.
        assert isinstance(document, dict)
        assert isinstance(document["status"], str)
        assert document["status"] in OPENSTATUS_ENUM
        assert urls.STATUS_JSON_KEYS == document.keys()  # what marks a built site (write.py)
        assert compute(s, NOW).overall.value == document["status"]
        seen.add(document["status"])
    assert {"operational", "unknown", "incident", "partial_outage", "under_maintenance"} == seen


# --- content -------------------------------------------------------------------------


def test_status_endpoint_reports_the_computed_indicator() -> None:
    s = busy_site()
    status = compute(s, NOW)
    assert {"indicator": status.indicator.value, "description": status.description} == render(s)[
        "api/v2/status.json"
    ]["status"]
    assert {"indicator": "minor", "description": "Minor Service Outage"} == render(s)[
        "api/v2/summary.json"
    ]["status"]


def test_components_are_listed_group_first_with_positions_within_their_parent() -> None:
    components = render(busy_site())["api/v2/components.json"]["components"]
    assert [("Core", True, 1), ("Api", False, 1), ("Web", False, 2), ("Docs", False, 2)] == [
        (c["name"], c["group"], c["position"]) for c in components
    ]
    core, api, web, docs = components
    assert [api["id"], web["id"]] == core["components"]
    assert core["id"] == api["group_id"] == web["group_id"]
    assert docs["group_id"] is None
    assert "components" not in api
    assert ("The REST API", None) == (api["description"], web["description"])
    assert ("2026-09-01", None) == (api["start_date"], web["start_date"])
    assert (False, True) == (docs["showcase"], docs["only_show_if_degraded"])
    # Effective statuses: the open incident and the maintenance in progress count.
    assert ["partial_outage", "partial_outage", "under_maintenance", "degraded_performance"] == [
        c["status"] for c in components
    ]


def test_incident_fields_follow_the_model() -> None:
    files = render(busy_site(base_url="https://example.org/status/"))
    unresolved = files["api/v2/incidents/unresolved.json"]["incidents"]
    assert ["API errors"] == [i["name"] for i in unresolved]
    (item,) = unresolved
    assert "https://example.org/status/incidents/api-errors/" == item["shortlink"]
    assert ("identified", "major") == (item["status"], item["impact"])
    assert (None, None) == (item["resolved_at"], item["monitoring_at"])
    assert ["Api", "Docs"] == [c["name"] for c in item["components"]]
    # Newest update first; only the first one written carries the affected components.
    assert ["identified", "investigating"] == [u["status"] for u in item["incident_updates"]]
    first = item["incident_updates"][-1]
    assert [
        {
            "code": api_id("component", "api"),
            "name": "Core - Api",
            "old_status": "operational",
            "new_status": "partial_outage",
        },
        {
            "code": api_id("component", "docs"),
            "name": "Docs",
            "old_status": "operational",
            "new_status": "degraded_performance",
        },
    ] == first["affected_components"]
    assert item["incident_updates"][0]["affected_components"] is None
    assert all(u["incident_id"] == item["id"] for u in item["incident_updates"])

    resolved = next(
        i for i in files["api/v2/incidents.json"]["incidents"] if i["name"] == "Old outage"
    )
    assert "resolved" == resolved["status"]
    assert (
        timestamp(NOW - timedelta(days=10, hours=-1), busy_site().settings.tz)
        == resolved["resolved_at"]
    )


def timeline(event: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, str]] | None]]:
    """An incident's or maintenance's updates oldest first, as a client replays them: each
    update's status and its affected components as (name, old, new), or None when null."""
    return [
        (
            u["status"],
            None
            if u["affected_components"] is None
            else [(a["name"], a["old_status"], a["new_status"]) for a in u["affected_components"]],
        )
        for u in reversed(event["incident_updates"])
    ]


def test_unresolved_incidents_are_newest_first_as_statuspage_lists_them() -> None:
    # The pages put the worst first; Statuspage's clients get its own order.
    hour = timedelta(hours=1)
    opened = [
        incident("outage", NOW - 9 * hour, IncidentState.IDENTIFIED, impact=Impact.CRITICAL),
        incident("slow", NOW - hour, IncidentState.MONITORING, impact=Impact.MINOR),
        incident("errors", NOW - 5 * hour, IncidentState.MONITORING, impact=Impact.MAJOR),
    ]
    files = render(site(incidents=opened))
    newest_first = ["Slow", "Errors", "Outage"]
    assert newest_first == [
        i["name"] for i in files["api/v2/incidents/unresolved.json"]["incidents"]
    ]
    assert newest_first == [i["name"] for i in files["api/v2/summary.json"]["incidents"]]


def test_a_postmortem_after_the_end_changes_no_component() -> None:
    ended = incident(
        "outage",
        NOW - timedelta(days=9),
        IncidentState.POSTMORTEM,
        {"api": ComponentStatus.MAJOR_OUTAGE},
        duration=timedelta(hours=1, minutes=30),
    )
    files = render(site(incidents=[ended]))

    (item,) = files["api/v2/incidents.json"]["incidents"]
    assert [
        ("investigating", [("Core - Api", "operational", "major_outage")]),
        ("resolved", [("Core - Api", "major_outage", "operational")]),
        ("postmortem", None),
    ] == timeline(item)
    components = {c["name"]: c["status"] for c in files["api/v2/components.json"]["components"]}
    assert "operational" == components["Api"]


def test_an_incident_without_components_changes_none_on_any_update() -> None:
    # Statuspage sends null, never [], on an update that changes no component.
    bare = replace(incident("bare", NOW - timedelta(days=2), impact=Impact.MAJOR), components=())
    files = render(site(incidents=[bare]))

    (item,) = files["api/v2/incidents.json"]["incidents"]
    assert [("investigating", None), ("resolved", None)] == timeline(item)


def test_a_maintenance_changes_its_components_when_the_window_starts_and_ends() -> None:
    # Announced ten days ahead; nothing is under maintenance until it is in progress.
    start = NOW - timedelta(hours=3)
    window = replace(
        maintenance("db-work", start, start + timedelta(hours=2), ("api",)),
        updates=(
            Update(start - timedelta(days=10), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start, MaintenanceState.IN_PROGRESS, "Started.", 9),
            Update(start + timedelta(hours=1, minutes=30), MaintenanceState.COMPLETED, "Done.", 12),
        ),
    )
    announced = ("scheduled", [("Core - Api", "operational", "operational")])
    started = ("in_progress", [("Core - Api", "operational", "under_maintenance")])
    completed = ("completed", [("Core - Api", "under_maintenance", "operational")])

    for now, expected, status in [
        (start - timedelta(days=1), [announced], "operational"),
        (start + timedelta(hours=1), [announced, started], "under_maintenance"),
        (NOW, [announced, started, completed], "operational"),
    ]:
        files = render(as_of(site(maintenances=[window]), now), now)
        (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
        assert expected == timeline(item)
        # Replaying the timeline ends where components.json stands.
        api = next(c for c in files["api/v2/components.json"]["components"] if c["name"] == "Api")
        assert status == api["status"] == expected[-1][1][-1][2]


def replayed(files: dict[str, Any]) -> dict[str, str]:
    """Each component's status, by name, as a client replaying every window's updates in
    time order ends with it."""
    key = "scheduled_maintenances"
    moves = sorted(
        (u["display_at"], a["name"].split(" - ")[-1], a["new_status"])
        for event in files["api/v2/scheduled-maintenances.json"][key]
        for u in event["incident_updates"]
        for a in u["affected_components"] or ()
    )
    return {name: status for _, name, status in moves}


def current(files: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in files["api/v2/components.json"]["components"]}


def test_completed_written_after_the_clock_ended_the_window_still_gives_its_components_back() -> (
    None
):
    # The clock ended the work at 15:00, which the timeline does not hold: the Completed
    # update at 16:00 finds the API operational, and says so, as the page had it.
    start = NOW - timedelta(hours=4)
    window = replace(
        maintenance("db-work", start, start + timedelta(hours=1), ("api",)),
        updates=(
            Update(start - timedelta(days=1), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start, MaintenanceState.IN_PROGRESS, "Started.", 9),
            Update(start + timedelta(hours=2), MaintenanceState.COMPLETED, "Done.", 12),
        ),
    )
    page = as_of(site(maintenances=[window]), NOW)
    files = render(page, NOW)

    (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [
        ("scheduled", [("Core - Api", "operational", "operational")]),
        ("in_progress", [("Core - Api", "operational", "under_maintenance")]),
        ("completed", [("Core - Api", "operational", "operational")]),
    ] == timeline(item)
    assert timestamp(start + timedelta(hours=1), page.settings.tz) == item["resolved_at"]
    assert current(files)["Api"] == replayed(files)["Api"]


def test_a_window_reopened_after_its_end_with_the_key_gives_its_components_back_between() -> None:
    # A progress note in the window, then `update --status in_progress` 20 minutes after
    # its end (an `In progress` update and the key): the clock completed it at its end, so
    # the API was operational in between, and that update puts it under maintenance again.
    start = NOW - timedelta(hours=4)
    end = start + timedelta(hours=2)
    window = replace(
        maintenance("db-work", start, end, ("api",), state=MaintenanceState.IN_PROGRESS),
        updates=(
            Update(start - timedelta(days=10), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start + timedelta(hours=1), MaintenanceState.IN_PROGRESS, "Progress.", 9),
            Update(end + timedelta(minutes=20), MaintenanceState.IN_PROGRESS, "Still going.", 12),
        ),
    )
    between = end + timedelta(minutes=10)
    files = render(as_of(site(maintenances=[window]), between), between)
    (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert ("completed", "operational") == (item["status"], current(files)["Api"])

    page = site(maintenances=[window])
    files = render(page, NOW)
    (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert ("in_progress", [("Core - Api", "operational", "under_maintenance")]) == timeline(item)[
        -1
    ]
    api = next(c for c in files["api/v2/components.json"]["components"] if c["name"] == "Api")
    later = end + timedelta(minutes=20)
    assert timestamp(later, page.settings.tz) == api["updated_at"]
    assert current(files)["Api"] == replayed(files)["Api"]


@pytest.mark.parametrize("state", [MaintenanceState.IN_PROGRESS, MaintenanceState.VERIFYING])
def test_the_first_update_after_the_clock_began_the_window_moves_its_components(
    state: MaintenanceState,
) -> None:
    # Under maintenance by the clock since 09:00, which the timeline does not hold: the
    # update at 10:00 is where a client learns of it.
    start = NOW - timedelta(hours=3)
    window = replace(
        maintenance("deploy", start, NOW + timedelta(hours=5), ("web",)),
        updates=(
            Update(start - timedelta(days=1), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start + timedelta(hours=1), state, "Started.", 9),
        ),
    )
    files = render(as_of(site(maintenances=[window]), NOW), NOW)

    (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [
        ("scheduled", [("Core - Web", "operational", "operational")]),
        (state.value, [("Core - Web", "under_maintenance", "under_maintenance")]),
    ] == timeline(item)
    assert "under_maintenance" == current(files)["Web"]
    assert current(files)["Web"] == replayed(files)["Web"]


def test_an_upcoming_window_names_what_its_in_progress_update_will_set() -> None:
    # Its statuses come with the `In progress` update: announced, it still names the API,
    # as it does written without that update's `Components:` line.
    start = NOW + timedelta(days=1)
    held = AffectedComponent("api", ComponentStatus.UNDER_MAINTENANCE)
    window = replace(
        maintenance("db-work", start, start + timedelta(hours=2), ("api",)),
        updates=(
            Update(NOW - timedelta(days=2), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start, MaintenanceState.IN_PROGRESS, "Started.", 9, (held,)),
        ),
    )
    files = render(as_of(site(maintenances=[window]), NOW), NOW)

    (item,) = files["api/v2/scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    assert ["Api"] == [c["name"] for c in item["components"]]
    assert [("scheduled", [("Core - Api", "operational", "operational")])] == timeline(item)


def test_a_component_a_later_incident_update_adds_is_listed_even_unchanged() -> None:
    # As githubstatus's capture lists Pages operational -> operational: named, so listed.
    opened = incident(
        "outage", NOW - timedelta(hours=2), IncidentState.INVESTIGATING, {"api": MAJOR}
    )
    later = Update(
        NOW - timedelta(hours=1),
        IncidentState.IDENTIFIED,
        "The website is fine.",
        9,
        (AffectedComponent("web", ComponentStatus.OPERATIONAL),),
    )
    files = render(site(incidents=[replace(opened, updates=(*opened.updates, later))]))

    (item,) = files["api/v2/incidents.json"]["incidents"]
    assert [
        ("investigating", [("Core - Api", "operational", "major_outage")]),
        ("identified", [("Core - Web", "operational", "operational")]),
    ] == timeline(item)


def test_a_component_a_maintenance_update_adds_is_listed_on_that_update() -> None:
    # The announcement named web; a correction before the window moves it to api. Like
    # the announcement's, the correction lists what it names before the window: operational.
    start = NOW + timedelta(days=1)
    held, free = ComponentStatus.UNDER_MAINTENANCE, ComponentStatus.OPERATIONAL
    window = replace(
        maintenance("cache-flush", start, start + timedelta(hours=2), ("web", "api")),
        updates=(
            Update(
                NOW - timedelta(hours=2),
                MaintenanceState.SCHEDULED,
                "Flushing caches.",
                6,
                (AffectedComponent("web", held),),
            ),
            Update(
                NOW - timedelta(hours=1),
                MaintenanceState.SCHEDULED,
                "Correction: the API, not the website.",
                9,
                (AffectedComponent("web", free), AffectedComponent("api", held)),
            ),
        ),
    )
    files = render(site(maintenances=[window]))

    (item,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [
        ("scheduled", [("Core - Web", "operational", "operational")]),
        ("scheduled", [("Core - Api", "operational", "operational")]),
    ] == timeline(item)


_WINDOW_SET_LATER = """\
---
title: Database move
scheduled_for: 2026-12-01 10:00
scheduled_until: 2026-12-01 14:00
components: {api: major_outage}
---
## Scheduled at 2026-11-28 10:00
Planned.

## In progress at 2026-12-01 10:00
Started.

## In progress at 2026-12-01 11:00
Components: api=major_outage
Broke.
"""


@pytest.mark.parametrize(
    ("now", "state", "api", "overall", "indicator", "expected"),
    [
        (
            "2026-11-30T12:00:00Z",
            "scheduled",
            "operational",
            "operational",
            "none",
            [("scheduled", [("API", "operational", "operational")])],
        ),
        (
            "2026-12-01T10:30:00Z",
            "in_progress",
            "under_maintenance",
            "under_maintenance",
            "maintenance",
            [
                ("scheduled", [("API", "operational", "operational")]),
                ("in_progress", [("API", "operational", "under_maintenance")]),
            ],
        ),
        (
            "2026-12-01T12:00:00Z",
            "in_progress",
            "major_outage",
            "under_maintenance",
            "major",
            [
                ("scheduled", [("API", "operational", "operational")]),
                ("in_progress", [("API", "operational", "under_maintenance")]),
                ("in_progress", [("API", "under_maintenance", "major_outage")]),
            ],
        ),
    ],
)
def test_a_window_whose_component_is_set_by_a_later_update_holds_it_from_its_start(
    tmp_path: Path,
    now: str,
    state: str,
    api: str,
    overall: str,
    indicator: str,
    expected: list[tuple[str, list[tuple[str, str, str]]]],
) -> None:
    # The mapping `check` asks for: the API's status at the end, set at 11:00. From the
    # start until then the window has the API under maintenance; the announcement names
    # it at its status then, whatever the build's clock.
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://status.example.com\ntimezone: UTC\n",
            "content/components.yaml": "- name: API\n- id: web\n  name: Website\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-01-database-move.md": _WINDOW_SET_LATER,
        },
    )
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == checked.exit_code, checked.output
    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
    public = root / "public"
    maintenances = json.loads((public / "api/v2/scheduled-maintenances.json").read_text())
    (item,) = maintenances["scheduled_maintenances"]
    assert (state, expected) == (item["status"], timeline(item))
    assert [("API", api)] == [(c["name"], c["status"]) for c in item["components"]]
    files = {"api/v2/components.json": json.loads((public / "api/v2/components.json").read_text())}
    files["api/v2/scheduled-maintenances.json"] = maintenances
    assert api == current(files)["API"] == replayed(files).get("API", "operational")
    status = json.loads((public / "status.json").read_text())
    assert (overall, indicator) == (status["status"], status["indicator"])
    shown = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now])
    assert re.search(rf"API\s+{api.replace('_', ' ').capitalize()}", shown.output), shown.output


_ROLLING_WINDOW_BEGUN_LATE = """\
---
title: Rolling upgrade
scheduled_for: 2026-12-01 10:00 +00:00
scheduled_until: 2026-12-01 14:00 +00:00
components: {billing-db: operational, api: under_maintenance}
---
## Scheduled at 2026-11-25 09:00 +00:00
The ledger database first, then the API.

## In progress at 2026-12-01 10:05 +00:00
Components: billing-db=under_maintenance
The database first.

## In progress at 2026-12-01 11:00 +00:00
Components: billing-db=operational, api=under_maintenance
Now the API.
"""


@pytest.mark.parametrize(
    ("now", "announced", "held"),
    [
        ("2026-12-01T09:30:00Z", ["API", "Billing DB"], []),
        ("2026-12-01T10:02:00Z", ["Billing DB"], ["Billing DB"]),
        ("2026-12-01T10:30:00Z", ["Billing DB"], ["Billing DB"]),
        ("2026-12-01T12:00:00Z", ["Billing DB"], ["API"]),
    ],
)
def test_a_rolling_window_whose_work_began_late_holds_its_first_step_from_its_start(
    tmp_path: Path, now: str, announced: list[str], held: list[str]
) -> None:
    # Its first `In progress`, five minutes after the start, says what the work began with:
    # the ledger database, from the window's start. Between 10:00 and 10:05 every output
    # has it under maintenance, the announcement names it once the window began, and the
    # API joins at 11:00, with the line that names it.
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://status.example.com\ntimezone: UTC\n",
            "content/components.yaml": "- name: API\n- id: billing-db\n  name: Billing DB\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-01-rolling-upgrade.md": _ROLLING_WINDOW_BEGUN_LATE,
        },
    )
    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
    public = root / "public"
    maintenances = json.loads((public / "api/v2/scheduled-maintenances.json").read_text())
    (item,) = maintenances["scheduled_maintenances"]
    first = timeline(item)[0]
    assert ("scheduled", announced) == (first[0], [name for name, _, _ in first[1] or ()])
    summary = json.loads((public / "api/v2/summary.json").read_text())
    assert held == [c["name"] for c in summary["components"] if c["status"] == "under_maintenance"]
    indicator = "maintenance" if held else "none"
    status = json.loads((public / "status.json").read_text())
    assert indicator == status["indicator"] == summary["status"]["indicator"]
    shown = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now])
    assert f"(Statuspage indicator: {indicator}," in shown.output, shown.output


def test_maintenance_lists_follow_the_computed_states() -> None:
    files = render(busy_site())
    names = {
        path: [m["name"] for m in document["scheduled_maintenances"]]
        for path, document in files.items()
        if "scheduled_maintenances" in document
    }
    assert {
        "api/v2/summary.json": ["Net work", "Db upgrade"],
        "api/v2/scheduled-maintenances.json": ["Db upgrade", "Net work", "Old work"],
        "api/v2/scheduled-maintenances/upcoming.json": ["Db upgrade"],
        "api/v2/scheduled-maintenances/active.json": ["Net work"],
    } == names
    by_name = {
        m["name"]: m for m in files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    }
    assert ["scheduled", "in_progress", "completed"] == [
        by_name[n]["status"] for n in ("Db upgrade", "Net work", "Old work")
    ]
    assert all(m["impact"] == "maintenance" for m in by_name.values())
    tz = busy_site().settings.tz
    assert timestamp(NOW - timedelta(days=5, hours=-1), tz) == by_name["Old work"]["resolved_at"]
    assert by_name["Db upgrade"]["resolved_at"] is None
    assert timestamp(NOW + timedelta(days=1), tz) == by_name["Db upgrade"]["scheduled_for"]
    assert (
        timestamp(NOW + timedelta(days=1, hours=2), tz) == by_name["Db upgrade"]["scheduled_until"]
    )


def test_windows_going_on_are_listed_alike_soonest_start_first() -> None:
    # One window opened earlier and ends later than the other: summary.json listed them by
    # start and active.json by end, so a client saw the same two windows in two orders.
    hour = timedelta(hours=1)
    longer = maintenance("longer", NOW - 2 * hour, NOW + 4 * hour, title="Longer")
    shorter = maintenance("shorter", NOW - hour, NOW + 2 * hour, ("web",), title="Shorter")
    later = maintenance("later", NOW + 24 * hour, NOW + 25 * hour, title="Later")
    files = render(site(maintenances=[shorter, later, longer]))
    names = {
        path: [m["name"] for m in files[path]["scheduled_maintenances"]]
        for path in ("api/v2/summary.json", "api/v2/scheduled-maintenances/active.json")
    }
    assert {
        "api/v2/summary.json": ["Longer", "Shorter", "Later"],
        "api/v2/scheduled-maintenances/active.json": ["Longer", "Shorter"],
    } == names


def test_lists_are_empty_not_null_on_a_quiet_site() -> None:
    files = render(site(components=[], groups=[]))
    summary = files["api/v2/summary.json"]
    assert ([], [], []) == (
        summary["components"],
        summary["incidents"],
        summary["scheduled_maintenances"],
    )
    assert [] == files["api/v2/incidents.json"]["incidents"]
    assert [] == files["api/v2/scheduled-maintenances/active.json"]["scheduled_maintenances"]
    assert {"indicator": "none", "description": "All Systems Operational"} == summary["status"]


def test_lists_are_capped_at_fifty_newest_first() -> None:
    many = [incident(f"i-{n:03}", NOW - timedelta(days=n + 1)) for n in range(LIST_CAP + 10)]
    windows = [
        maintenance(f"m-{n:03}", NOW - timedelta(days=n + 1), NOW - timedelta(days=n + 1, hours=-1))
        for n in range(LIST_CAP + 10)
    ]
    files = render(site(incidents=many, maintenances=windows))
    incidents = files["api/v2/incidents.json"]["incidents"]
    windows_json = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [f"I {n:03}" for n in range(LIST_CAP)] == [i["name"] for i in incidents]
    assert [f"M {n:03}" for n in range(LIST_CAP)] == [m["name"] for m in windows_json]


def test_what_is_still_going_on_stays_listed_however_old() -> None:
    # Statuspage's incidents.json "includes all unresolved incidents": one open for a year
    # takes the place of the oldest resolved one, and the list keeps its cap and order.
    opened = incident("still-open", NOW - timedelta(days=365), IncidentState.IDENTIFIED)
    many = [incident(f"i-{n:03}", NOW - timedelta(days=n + 1)) for n in range(LIST_CAP + 10)]
    # A window in progress for months, behind more planned after it than the list holds.
    migration = maintenance("migration", NOW - timedelta(days=90), NOW + timedelta(days=30))
    planned = [
        maintenance(f"m-{n:03}", NOW + timedelta(days=n + 1), NOW + timedelta(days=n + 1, hours=1))
        for n in range(LIST_CAP + 10)
    ]
    files = render(site(incidents=[opened, *many], maintenances=[migration, *planned]))
    incidents = files["api/v2/incidents.json"]["incidents"]
    windows = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [*(f"I {n:03}" for n in range(LIST_CAP - 1)), "Still open"] == [
        i["name"] for i in incidents
    ]
    latest_planned = [f"M {n:03}" for n in reversed(range(LIST_CAP + 10))][: LIST_CAP - 1]
    assert [*latest_planned, "Migration"] == [m["name"] for m in windows]
    assert "in_progress" == windows[-1]["status"]


def test_page_object_and_timestamps_use_the_site_timezone() -> None:
    page = render(busy_site(base_url="https://example.org/status/"))["api/v2/status.json"]["page"]
    assert "https://example.org/status" == page["url"]
    assert "Europe/Berlin" == page["time_zone"]
    # The newest change is the maintenance window that opened an hour ago, not the build time.
    assert "2026-11-22T18:00:00.000+01:00" == page["updated_at"]
    utc_page = render(busy_site(timezone="UTC"))["api/v2/status.json"]["page"]
    assert "2026-11-22T17:00:00.000Z" == utc_page["updated_at"]


def test_page_updated_at_is_the_newest_change_and_the_clock_only_for_an_empty_site() -> None:
    quiet = site(incidents=[incident("a", NOW - timedelta(days=3))])
    assert "2026-11-19T20:00:00.000+01:00" == render(quiet)["status.json"]["updated_at"]
    assert "2026-11-22T19:00:00.000+01:00" == render(site())["status.json"]["updated_at"]


_NOT_YET_SHOWN = """\
---
title: Later
status: investigating
components:
  api: major_outage
---
## Investigating at 2026-11-20 10:00
Looking.
"""


@pytest.mark.parametrize(
    ("timeline", "monitoring_at"),
    [
        # Monitored, then identified again and resolved: it did enter monitoring at 11:00.
        ("Investigating 10:00, Monitoring 11:00, Identified 12:00, Resolved 13:00", "11:00"),
        ("Investigating 10:00, Monitoring 11:00, Resolved 12:00, Postmortem 13:00", "11:00"),
        # The latest entry into monitoring, not a later update while monitoring.
        ("Investigating 10:00, Monitoring 11:00, Monitoring 11:30, Resolved 13:00", "11:00"),
        ("Monitoring 10:00, Investigating 11:00, Monitoring 12:00, Resolved 13:00", "12:00"),
        ("Investigating 10:00, Identified 11:00, Resolved 13:00", None),
    ],
)
def test_monitoring_at_is_when_the_incident_last_entered_monitoring(
    tmp_path: Path, timeline: str, monitoring_at: str | None
) -> None:
    steps = [step.split() for step in timeline.split(", ")]
    state = steps[-1][0].lower()
    front = f"title: Checkout errors\nstatus: {state}\ncomponents:\n  checkout: partial_outage\n"
    text = f"---\n{front}---\n" + "".join(
        f"## {step} at 2026-11-20 {time}\nA step.\n\n" for step, time in steps
    )
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: text})
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    (item,) = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    expected = None if monitoring_at is None else f"2026-11-20T{monitoring_at}:00.000+01:00"
    assert (state, expected) == (item["status"], item["monitoring_at"])


def test_page_updated_at_before_the_only_incident_shows_is_the_sites_start(
    tmp_path: Path,
) -> None:
    """An incident whose first update is still ahead is not shown: the page's updated_at is
    when the site's record began, as the feeds' and the component's, not the build time;
    as on a site with no incident at all."""
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-11-01\n",
            "content/components.yaml": "- id: api\n  name: API\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-11-20-later.md": _NOT_YET_SHOWN,
        },
    )
    for now in ("2026-11-05T12:00:00Z", "2026-11-05T13:00:00Z"):
        assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
        public = root / "public"
        status = json.loads((public / "status.json").read_text())
        summary = json.loads((public / "api/v2/summary.json").read_text())
        start = "2026-11-01T00:00:00.000+01:00"
        assert start == status["updated_at"] == status["page"]["updated_at"]
        assert start == summary["page"]["updated_at"] == summary["components"][0]["updated_at"]
        assert "<updated>2026-11-01T00:00:00+01:00</updated>" in (public / "atom.xml").read_text()
    # With no incident at all, the same: the record began at start_date.
    (root / "content/incidents/2026-11-20-later.md").unlink()
    assert 0 == sitefiles.run_build(root, "-q", now="2026-11-05T14:00:00Z").exit_code
    status = json.loads((root / "public/status.json").read_text())
    assert "2026-11-01T00:00:00.000+01:00" == status["updated_at"]


@pytest.mark.parametrize(
    ("zone", "day", "begins", "rss"),
    [
        # Clocks jump from 00:00 to 01:00: the day's first moment is 01:00 at the new offset.
        ("Africa/Cairo", "2026-04-24", "2026-04-24T01:00:00.000+03:00", "01:00:00 +0300"),
        ("America/Santiago", "2026-09-06", "2026-09-06T01:00:00.000-03:00", "01:00:00 -0300"),
        ("America/Havana", "2026-03-08", "2026-03-08T01:00:00.000-04:00", "01:00:00 -0400"),
    ],
)
def test_a_start_date_whose_midnight_the_clocks_skip_is_dated_as_the_clocks_show_it(
    tmp_path: Path, zone: str, day: str, begins: str, rss: str
) -> None:
    """The record begins at the day's first moment, said as the clocks showed it: not
    00:00 at the offset from before the change, a time that never was there."""
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": (
                f"title: T\nbase_url: https://status.example.com\ntimezone: {zone}\n"
                f"start_date: {day}\n"
            ),
            # One component dated by the site's start, one by its own start_date.
            "content/components.yaml": (
                f"- id: api\n  name: API\n- id: web\n  name: Website\n  start_date: {day}\n"
            ),
            sitefiles.INCIDENT_PATH: None,
        },
    )

    assert 0 == sitefiles.run_build(root, "-q", now=f"{day}T18:00:00Z").exit_code

    public = root / "public"
    status = json.loads((public / "status.json").read_text())
    assert begins == status["updated_at"] == status["page"]["updated_at"]
    listed = json.loads((public / "api/v2/components.json").read_text())["components"]
    assert {(begins, begins)} == {(c["created_at"], c["updated_at"]) for c in listed}
    built = re.search(r"<lastBuildDate>(.*?)</lastBuildDate>", (public / "feed.xml").read_text())
    assert built is not None
    assert rss == built.group(1)[-14:]
    assert f"<updated>{begins[:19]}{begins[-6:]}</updated>" in (public / "atom.xml").read_text()
    web = (public / "components/web/feed.xml").read_text()
    assert f"{rss}</lastBuildDate>" in web


@pytest.mark.parametrize(
    ("now", "page_updated"),
    [
        # Payouts started on Dec 1, after the last incident: the page changed then.
        (datetime(2026, 12, 5, 12, tzinfo=timezone.utc), "2026-12-01T00:00:00.000+01:00"),
        # Before that day its start is still ahead, and no change of the page yet.
        (datetime(2026, 11, 20, 12, tzinfo=timezone.utc), "2026-11-10T11:00:00.000+01:00"),
    ],
)
def test_page_updated_at_counts_a_component_starting_once_its_day_comes(
    now: datetime, page_updated: str
) -> None:
    payouts = component("payouts", None, 2, start_date=date(2026, 12, 1))
    slow = incident("api-slow", datetime(2026, 11, 10, 9, tzinfo=timezone.utc))
    started_later = site(
        components=[component("api", None, 1), payouts],
        incidents=[slow],
        start_date=date(2026, 9, 1),
    )

    files = render(started_later, now)

    summary = files["api/v2/summary.json"]
    assert page_updated == summary["page"]["updated_at"] == files["status.json"]["updated_at"]
    newest = max(datetime.fromisoformat(c["updated_at"]) for c in summary["components"])
    assert datetime.fromisoformat(page_updated) == newest


def test_a_components_updated_at_is_the_last_change_of_what_touched_it() -> None:
    # api: an incident resolved two days ago, then a window for next week announced an
    # hour ago (its announcement is its last change; the window itself has not begun);
    # web: only an older incident; the page: the newest.
    older = incident(
        "older", NOW - timedelta(days=5), components={"web": ComponentStatus.MAJOR_OUTAGE}
    )
    newer = incident(
        "newer", NOW - timedelta(days=2), components={"api": ComponentStatus.MAJOR_OUTAGE}
    )
    ahead = maintenance("ahead", NOW + timedelta(days=7), NOW + timedelta(days=7, hours=2))
    files = render(site(incidents=[newer, older], maintenances=[ahead]))
    updated = {c["name"]: c["updated_at"] for c in files["api/v2/components.json"]["components"]}
    assert "2026-11-22T18:00:00.000+01:00" == updated["Api"]  # the window's announcement
    assert "2026-11-17T20:00:00.000+01:00" == updated["Web"]  # older's resolution
    assert updated["Api"] == files["status.json"]["updated_at"]


def test_created_at_on_a_site_without_events_is_its_start_date_not_the_clock() -> None:
    # A new site: its example incident deleted, its record beginning at start_date.
    quiet = site(
        components=[
            component("api", "core", 1),
            component("web", "core", 2, start_date=date(2026, 10, 5)),
        ],
        start_date=date(2026, 11, 20),
    )
    for now in (NOW, NOW + timedelta(hours=1)):
        components = render(quiet, now)["api/v2/components.json"]["components"]
        assert {
            # A group spans its members' times.
            "Core": ("2026-10-05T00:00:00.000+02:00", "2026-11-20T00:00:00.000+01:00"),
            "Api": ("2026-11-20T00:00:00.000+01:00", "2026-11-20T00:00:00.000+01:00"),
            "Web": ("2026-10-05T00:00:00.000+02:00", "2026-10-05T00:00:00.000+02:00"),
        } == {c["name"]: (c["created_at"], c["updated_at"]) for c in components}
    # With no start date anywhere the site has nothing to date from but the clock.
    undated = render(site())["api/v2/components.json"]["components"]
    assert {"2026-11-22T19:00:00.000+01:00"} == {c["created_at"] for c in undated}


# An incident published later than the site's start_date, on one of two components.
RECORD_SITE = {
    "statusgen.yaml": "title: T\nbase_url: https://status.example.com\nstart_date: 2026-09-01\n",
    "content/components.yaml": "- name: API\n- name: Website\n",
    sitefiles.INCIDENT_PATH: None,
    "content/incidents/2026-11-20-api-slow.md": (
        "---\ntitle: API slow\nstatus: resolved\ncomponents:\n  api: partial_outage\n---\n"
        "## Investigating at 2026-11-20 10:00 Z\nSlow.\n\n## Resolved at 2026-11-20 11:00 Z\nOk.\n"
    ),
}


@pytest.mark.parametrize(
    ("now", "created", "api_updated"),
    [
        ("2026-11-19T12:00:00Z", "2026-09-01T00:00:00.000Z", "2026-09-01T00:00:00.000Z"),
        ("2026-11-21T12:00:00Z", "2026-09-01T00:00:00.000Z", "2026-11-20T11:00:00.000Z"),
        # Before the site's start: nothing dated after the build's clock.
        ("2026-08-01T12:00:00Z", "2026-08-01T12:00:00.000Z", "2026-08-01T12:00:00.000Z"),
    ],
)
def test_created_at_stays_at_the_record_start_when_an_incident_is_published(
    tmp_path: Path, now: str, created: str, api_updated: str
) -> None:
    root = sitefiles.write_site(tmp_path, RECORD_SITE)

    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code

    public = root / "public"
    listed = json.loads((public / "api/v2/components.json").read_text())["components"]
    assert {"API": (created, api_updated), "Website": (created, created)} == {
        c["name"]: (c["created_at"], c["updated_at"]) for c in listed
    }
    feed = (public / "components/website/feed.xml").read_text()
    built = re.search(r"<lastBuildDate>(.*?)</lastBuildDate>", feed)
    assert built is not None
    assert created[:10] == parsedate_to_datetime(built.group(1)).date().isoformat()


def test_ids_are_stable_across_builds_and_distinct() -> None:
    earlier = render(busy_site(), NOW - timedelta(minutes=30))
    later = render(busy_site(), NOW)

    def ids(files: dict[str, Any]) -> list[str]:
        return sorted(
            obj["id"]
            for document in files.values()
            for obj in walk(document)
            if "id" in obj and "page_id" in obj
        )

    assert ids(earlier) == ids(later)
    summary = later["api/v2/summary.json"]
    assert api_id("incident", "api-errors") == summary["incidents"][0]["id"]
    assert api_id("component", "core") == summary["components"][0]["id"]
    assert api_id("page", "https://status.example.com/") == summary["page"]["id"]
    distinct = {
        api_id(kind, key) for kind in ("component", "incident") for key in ("a", "b", "api")
    }
    assert 6 == len(distinct)
    assert all(ID.match(i) for i in distinct)


def test_output_is_byte_identical_sorted_utf8_with_a_final_newline() -> None:
    s = busy_site(title="Statusseite für Zürich")
    first, second = rendered_bytes(s), rendered_bytes(s)
    assert first == second
    for data in first.values():
        text = data.decode("utf-8")
        assert text.endswith("}\n")
        assert (
            json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            + "\n"
            == text
        )
    assert "Statusseite für Zürich" in first["api/v2/status.json"].decode("utf-8")


def test_updates_tell_the_effective_status_when_events_overlap_on_a_component() -> None:
    # X (major outage) is still open when Y (degraded) and a window come and go on the
    # same component: none of them moved what components.json showed.
    hour = timedelta(hours=1)
    outage = incident("x", NOW - 2 * hour, IncidentState.INVESTIGATING, {"api": MAJOR})
    slow = incident("y", NOW - hour, components={"api": DEGRADED}, duration=hour / 2)
    start = NOW - hour * 1.25
    window = replace(
        maintenance("work", start, start + hour / 2, ("api",)),
        updates=(
            Update(start - timedelta(days=1), MaintenanceState.SCHEDULED, "Planned.", 6),
            Update(start, MaintenanceState.IN_PROGRESS, "Started.", 9),
            Update(start + hour / 2, MaintenanceState.COMPLETED, "Done.", 12),
        ),
    )
    files = render(site(incidents=[outage, slow], maintenances=[window]))

    incidents = {i["name"]: i for i in files["api/v2/incidents.json"]["incidents"]}
    (work,) = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    down, api = "major_outage", "Core - Api"
    assert [("investigating", [(api, "operational", down)])] == timeline(incidents["X"])
    assert [
        ("investigating", [(api, down, down)]),
        ("resolved", [(api, down, down)]),
    ] == timeline(incidents["Y"])
    assert [
        ("scheduled", [(api, "operational", "operational")]),
        ("in_progress", [(api, down, down)]),
        ("completed", [(api, down, down)]),
    ] == timeline(work)
    # A client replaying every update in time order ends where components.json stands.
    updates = [u for e in [*incidents.values(), work] for u in e["incident_updates"]]
    last = max(updates, key=lambda u: u["created_at"])
    components = {c["name"]: c["status"] for c in files["api/v2/components.json"]["components"]}
    assert components["Api"] == last["affected_components"][0]["new_status"] == down


def test_updates_tell_the_status_the_checks_measured_so_a_replay_ends_at_components() -> None:
    # The checks had the API at a major outage from their first failed run; an incident
    # declared it only degraded, and was resolved while they still failed: neither of its
    # updates moved what components.json showed.
    minutes = timedelta(minutes=1)
    slow = incident(
        "slow-api", NOW - 20 * minutes, components={"api": DEGRADED}, duration=10 * minutes
    )
    monitored = with_monitors(site(incidents=[slow]), {"api-health": "ddddd"})
    status = measured_compute(monitored, NOW)
    files = {
        path: json.loads(data)
        for path, data in render_all(render_api(RenderContext(monitored, status))).items()
    }

    down, api = "major_outage", "Core - Api"
    components = {c["name"]: c["status"] for c in files["api/v2/components.json"]["components"]}
    assert down == components["Api"]
    (event,) = files["api/v2/incidents.json"]["incidents"]
    assert [down] == [c["status"] for c in event["components"]]
    assert [
        ("investigating", [(api, down, down)]),
        ("resolved", [(api, down, down)]),
    ] == timeline(event)


def test_an_update_tells_the_status_an_event_beginning_at_the_same_moment_took() -> None:
    # X, written in Tokyo's time, opened at the very moment Y did (in UTC): just before,
    # nothing held the API; just after, X holds it down whatever Y says.
    hour = timedelta(hours=1)
    tokyo = timezone(timedelta(hours=9), "JST")
    outage = incident(
        "x", (NOW - hour).astimezone(tokyo), IncidentState.INVESTIGATING, {"api": MAJOR}
    )
    slow = incident("y", NOW - hour, IncidentState.INVESTIGATING, {"api": DEGRADED})
    files = render(site(incidents=[outage, slow]))

    incidents = {i["name"]: i for i in files["api/v2/incidents.json"]["incidents"]}
    down = "major_outage"
    assert [("investigating", [("Core - Api", "operational", down)])] == timeline(incidents["Y"])
    assert [("investigating", [("Core - Api", "operational", down)])] == timeline(incidents["X"])


def test_an_update_tells_the_status_an_event_ending_at_the_same_moment_gave_back() -> None:
    hour = timedelta(hours=1)
    outage = incident("x", NOW - 2 * hour, components={"api": MAJOR}, duration=hour)
    slow = incident("y", NOW - hour, IncidentState.INVESTIGATING, {"api": DEGRADED})
    files = render(site(incidents=[outage, slow]))

    incidents = {i["name"]: i for i in files["api/v2/incidents.json"]["incidents"]}
    # Y opened as X ended: just before, X held the API down; just after, Y alone holds it.
    assert [("investigating", [("Core - Api", "major_outage", "degraded_performance")])] == (
        timeline(incidents["Y"])
    )
