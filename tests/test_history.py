"""History stays true: component statuses per update, no invented days, nothing from the future."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
import sitefiles
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.model import (
    AffectedComponent,
    Component,
    ComponentStatus,
    Impact,
    Incident,
    IncidentState,
    Settings,
    Site,
    Source,
    Update,
)
from statusgen.status import (
    as_of,
    component_changes,
    compute,
    derived_impact,
    listed_changes,
    record_start,
    update_changes,
    uptime_history,
    worst_reached,
)
from statusgen.validate import check_site, load_site

OP = ComponentStatus.OPERATIONAL
DEG = ComponentStatus.DEGRADED_PERFORMANCE
PART = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
INV, IDE, MON, RES = (
    IncidentState.INVESTIGATING,
    IncidentState.IDENTIFIED,
    IncidentState.MONITORING,
    IncidentState.RESOLVED,
)
DAY = datetime(2026, 11, 20, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 22, 0, 0, tzinfo=timezone.utc)


def h(hours: float) -> datetime:
    """`hours` after midnight of DAY (UTC)."""
    return DAY + timedelta(hours=hours)


def incident(
    steps: list[tuple[float, IncidentState, dict[str, ComponentStatus]]],
    front: dict[str, ComponentStatus] | None = None,
) -> Incident:
    """An incident from (hour, state, statuses set) steps; the front matter holds the last."""
    now: dict[str, ComponentStatus] = {}
    for _, _, statuses in steps:
        now.update(statuses)
    updates = tuple(
        Update(
            h(hour),
            state,
            "Text.",
            10 + 3 * n,
            tuple(AffectedComponent(c, s) for c, s in statuses.items()),
        )
        for n, (hour, state, statuses) in enumerate(steps)
    )
    resolved = next((u.at for u in updates if u.state is RES), None)
    return Incident(
        slug="outage",
        title="Outage",
        state=steps[-1][1],
        impact=Impact.CRITICAL,
        components=tuple(AffectedComponent(c, s) for c, s in (front or now).items()),
        started_at=updates[0].at,
        resolved_at=resolved,
        monitoring_at=None,
        summary="",
        updates=updates,
        source=Source("content/incidents/outage.md", 1),
    )


def site(incidents: list[Incident], start_date: date | None = None, history_days: int = 3) -> Site:
    components = tuple(
        Component(cid, cid.title(), None, OP, None, n, Source("content/components.yaml", n))
        for n, cid in enumerate(("api", "web"), 1)
    )
    return Site(
        root=".",
        settings=Settings(
            title="T",
            base_url="https://status.example.com/",
            timezone="UTC",
            history_days=history_days,
            start_date=start_date,
        ),
        groups=(),
        components=components,
        incidents=tuple(incidents),
        maintenances=(),
        top_level=("api", "web"),
    )


# --- the rules, as tables ----------------------------------------------------------------

# (updates as (hour, state, statuses set), the api's day uptime, its worst, its changes)
SEQUENCES = [
    pytest.param(
        [(8, INV, {"api": MAJOR}), (12, MON, {"api": OP}), (13, RES, {})],
        1 - 4 / 24,
        MAJOR,
        [(8, MAJOR), (12, OP)],
        id="the README scenario: four hours of major outage count, the operational hour not",
    ),
    pytest.param(
        [(8, INV, {"api": MAJOR}), (10, IDE, {"api": PART}), (14, RES, {})],
        1 - (2 + 4 * 0.3) / 24,
        MAJOR,
        [(8, MAJOR), (10, PART)],
        id="major then partial: weighted per interval",
    ),
    pytest.param(
        [(8, INV, {"api": DEG}), (9, IDE, {"api": MAJOR}), (10, MON, {"api": DEG}), (11, RES, {})],
        1 - 1 / 24,
        MAJOR,
        [(8, DEG), (9, MAJOR), (10, DEG)],
        id="a short peak is kept as the worst",
    ),
    pytest.param(
        [(8, INV, {"web": PART}), (9, IDE, {"api": MAJOR}), (11, RES, {})],
        1 - 2 / 24,
        MAJOR,
        [(9, MAJOR)],
        id="a component joining later is affected only from then",
    ),
    pytest.param(
        [(8, INV, {"api": MAJOR}), (9, IDE, {"api": MAJOR}), (10, RES, {})],
        1 - 2 / 24,
        MAJOR,
        [(8, MAJOR)],
        id="repeating a status is no change",
    ),
    pytest.param(
        [(8, INV, {"api": DEG}), (11, RES, {}), (12, RES, {"api": MAJOR})],
        1,
        DEG,
        [(8, DEG)],
        id="a status line after the end changes nothing",
    ),
]


@pytest.mark.parametrize(("steps", "uptime", "worst", "changes"), SEQUENCES)
def test_statuses_per_update_integrate_their_real_intervals(
    steps: list[tuple[float, IncidentState, dict[str, ComponentStatus]]],
    uptime: float,
    worst: ComponentStatus,
    changes: list[tuple[float, ComponentStatus]],
) -> None:
    outage = incident(steps)

    day = uptime_history(site([outage]), NOW)["api"].days[0]

    assert [(h(hour), status) for hour, status in changes] == list(component_changes(outage)["api"])
    assert pytest.approx(uptime) == day.uptime
    assert worst == day.worst


def test_an_incident_without_status_lines_reads_as_it_always_did() -> None:
    legacy = incident([(8, INV, {}), (12, MON, {}), (13, RES, {})], front={"api": MAJOR})

    day = uptime_history(site([legacy]), NOW)["api"].days[0]

    assert ((h(8), MAJOR),) == component_changes(legacy)["api"]
    assert pytest.approx(1 - 5 / 24) == day.uptime


def test_a_status_line_after_the_end_is_in_no_worst_impact_or_listed_change() -> None:
    """The page's worst and changes, the feeds and the impact agree with the day bars and
    the API: an incident over at 11:00 affected nothing at 12:00."""
    late = incident(
        [(8, INV, {"api": DEG}), (11, RES, {}), (12, RES, {"api": MAJOR, "web": PART})],
        front={"api": DEG},
    )

    assert {"api": ((h(8), DEG),)} == listed_changes(late)
    assert DEG == worst_reached(component_changes(late)["api"])
    assert Impact.MINOR == derived_impact(late.components, late.updates)
    assert [[("api", OP, DEG)], [("api", DEG, OP)], []] == update_changes(
        late, {"api": OP, "web": OP}
    )


# (updates, per update the API's (old, new) changes)
API_CHANGES = [
    pytest.param(
        [(8, INV, {"api": MAJOR}), (12, MON, {"api": OP}), (13, RES, {})],
        [[("api", OP, MAJOR)], [("api", MAJOR, OP)], []],
        id="README scenario: the resolution changes nothing more",
    ),
    pytest.param(
        [(8, INV, {"api": MAJOR, "web": DEG}), (9, IDE, {"web": OP}), (10, RES, {})],
        [[("api", OP, MAJOR), ("web", OP, DEG)], [("web", DEG, OP)], [("api", MAJOR, OP)]],
        id="the resolution returns what is still affected to its baseline",
    ),
    pytest.param(
        [(8, INV, {"api": PART}), (9, MON, {}), (10, MON, {"api": MAJOR})],
        [[("api", OP, PART)], [], [("api", PART, MAJOR)]],
        id="an update without changes has none",
    ),
    pytest.param(
        [(8, INV, {"api": MAJOR}), (9.5, RES, {}), (60, IncidentState.POSTMORTEM, {})],
        [[("api", OP, MAJOR)], [("api", MAJOR, OP)], []],
        id="a postmortem after the end changes nothing",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), API_CHANGES)
def test_each_update_lists_the_changes_it_made(
    steps: list[tuple[float, IncidentState, dict[str, ComponentStatus]]],
    expected: list[list[tuple[str, ComponentStatus, ComponentStatus]]],
) -> None:
    outage = incident(steps)

    assert expected == update_changes(outage, {"api": OP, "web": OP})


# (hour of the clock, state shown, api status now, updates shown); None: not shown yet
AS_OF = [
    (7, None, None, 0),
    (8, INV, MAJOR, 1),
    (11, INV, MAJOR, 1),
    (12, MON, OP, 2),
    (13, RES, OP, 3),
]


@pytest.mark.parametrize(("hour", "state", "api", "shown"), AS_OF)
def test_the_site_as_of_a_moment_holds_only_what_had_happened(
    hour: float, state: IncidentState | None, api: ComponentStatus | None, shown: int
) -> None:
    outage = incident([(8, INV, {"api": MAJOR}), (12, MON, {"api": OP}), (13, RES, {})])

    then = as_of(site([outage]), h(hour))

    if state is None:
        assert () == then.incidents
        return
    (seen,) = then.incidents
    assert (state, shown) == (seen.state, len(seen.updates))
    assert (h(13) if state is RES else None) == seen.resolved_at
    assert {"api": api} == {a.id: a.status for a in seen.components}
    expected_api = MAJOR if state is INV else OP
    assert expected_api == compute(site([outage]), h(hour)).components["api"]


# (start_date, incident day offset or None, days counted of a 5-day window ending NOW's day)
RECORD = [
    (None, None, 5),  # no start date and no event: nothing to anchor on, the window counts
    (None, 2, 3),  # no start date: the record begins at the first incident
    (date(2026, 11, 21), None, 2),
    (date(2026, 11, 21), 2, 3),  # an incident dated earlier moves the record back
    (date(2026, 11, 23), None, 0),
]


@pytest.mark.parametrize(("start", "incident_day", "counted"), RECORD)
def test_days_before_the_record_begins_have_no_data(
    start: date | None, incident_day: int | None, counted: int
) -> None:
    incidents = []
    if incident_day is not None:
        outage = incident([(0, INV, {"api": MAJOR}), (1, RES, {})])
        incidents = [outage]  # on DAY = 20 Nov
    s = site(incidents, start_date=start, history_days=5)

    history = uptime_history(s, NOW + timedelta(hours=12))["web"]

    assert counted == history.days_counted
    assert [d.uptime is None for d in history.days] == [i < 5 - counted for i in range(5)]
    if incident_day is not None:
        assert date(2026, 11, 20) == record_start(s)


# --- files and commands ---------------------------------------------------------------


def cut(uptime: float) -> float:
    """`uptime` as `status --json` gives it: rounded down to six decimals."""
    return math.floor(uptime * 1_000_000) / 1_000_000


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert 0 == run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z").exit_code
    for example in (root / "content" / "incidents").glob("*.md"):
        example.unlink()
    return root


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "public" / path).read_text(), "html.parser")


def words(node: object) -> str:
    return " ".join(str(node.get_text(" ")).split())  # type: ignore[attr-defined]


def test_the_readme_scenario_keeps_four_hours_of_major_outage(new_site: Path) -> None:
    root = new_site
    steps = [
        ["new", "incident", "API down", "-c", "api=major_outage", "--impact", "critical",
         "-m", "x", "--now", "2026-11-29T08:00:00-05:00"],
        ["update", "api-down", "--status", "monitoring", "-c", "api=operational",
         "-m", "Fix deployed.", "--now", "2026-11-29T12:00:00-05:00"],
        ["resolve", "api-down", "-m", "Resolved.", "--now", "2026-11-29T13:00:00-05:00"],
        ["build", "-q", "--now", "2026-11-29T20:00:00-05:00"],
    ]  # fmt: skip
    for step in steps:
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    # The day (UTC) saw four hours of major outage: 13:00 to 17:00.
    status = json.loads(run(root, "status", "--json", "--now", "2026-11-30T01:00:00Z").output)
    api = next(c for c in status["components"] if c["id"] == "api")
    index = page(root, "index.html")
    bars = [words(li) for li in index.select("ol.bars > li") if "API down" in words(li)]
    assert ["Nov 29, 2026: Major outage, 83.33% uptime; API down"] == bars
    assert api["uptime"] < 1
    assert 3 == api["uptime_days"]  # 28 Nov (init) to 30 Nov: no invented days before

    incident = page(root, "incidents/2026-11-29-api-down/index.html")
    (affected,) = incident.select("ul.affected > li")
    assert (
        "API worst Major outage Nov 29, 2026, 13:00 UTC Major outage "
        "Nov 29, 2026, 17:00 UTC Operational Nov 29, 2026, 18:00 UTC Resolved"
    ) == words(affected)

    api_json = json.loads((root / "public/api/v2/incidents.json").read_text())
    updates = api_json["incidents"][0]["incident_updates"]
    assert [None, ("major_outage", "operational"), ("operational", "major_outage")] == [
        (u["affected_components"][0]["old_status"], u["affected_components"][0]["new_status"])
        if u["affected_components"]
        else None
        for u in updates
    ]
    assert {"Services - API"} == {
        c["name"] for u in updates for c in (u["affected_components"] or [])
    }


def _feed_affected(root: Path, name: str) -> list[str]:
    """The `Affected:` paragraph of each entry of the feed `name`, as a reader sees it."""
    entries = feedparser.parse((root / "public" / name).read_bytes()).entries
    shown = [BeautifulSoup(e.content[0].value if e.get("content") else e.summary, "html.parser")
             for e in entries]  # fmt: skip
    # The text as it reads: the label's punctuation follows its bold word, unspaced.
    read = (" ".join(p.get_text().split()) for html in shown for p in html.select("p"))
    return [text for text in read if "Affected:" in text]


@pytest.mark.parametrize(
    ("built", "feed", "shown"),
    [
        pytest.param(
            "2026-11-29 13:00",
            "Affected: API (worst Major outage)",
            "API worst Major outage",
            id="resolved",
        ),
        pytest.param(
            "2026-11-29 11:30",
            "Affected: API (now Operational · worst Major outage)",
            "API now Operational · worst Major outage",
            id="monitoring",
        ),
    ],
)
def test_the_feeds_give_each_component_the_statuses_its_incident_page_gives(
    new_site: Path, built: str, feed: str, shown: str
) -> None:
    root = new_site
    for step in (
        ["new", "incident", "API errors", "-c", "api=partial_outage", "-m", "x",
         "--now", "2026-11-29 10:00"],
        ["update", "api-errors", "-c", "api=major", "-m", "Down.", "--now", "2026-11-29 10:30"],
        ["update", "api-errors", "--status", "monitoring", "-c", "api=operational",
         "-m", "Fixed.", "--now", "2026-11-29 11:00"],
        ["resolve", "api-errors", "--now", "2026-11-29 12:00"],
        ["build", "-q", "--now", built],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    incident = page(root, "incidents/2026-11-29-api-errors/index.html")
    (affected,) = incident.select("ul.affected > li")
    assert words(affected).startswith(f"{shown} ")
    assert [feed] == _feed_affected(root, "atom.xml")
    assert [feed] == _feed_affected(root, "feed.xml")


def test_an_open_incident_says_its_component_now_as_the_front_page_shows_it(
    new_site: Path,
) -> None:
    """A monitoring incident set the API back to operational; another incident has it down
    again: both the incident page and the feeds say "now Major outage", as the front page."""
    root = new_site
    for step in (
        ["new", "incident", "API errors", "-c", "api=major_outage", "-m", "x",
         "--now", "2026-11-29 10:00"],
        ["update", "api-errors", "--status", "monitoring", "-c", "api=operational",
         "-m", "Fixed.", "--now", "2026-11-29 11:00"],
        ["new", "incident", "API down again", "-c", "api=major_outage", "-m", "y",
         "--now", "2026-11-29 11:10"],
        ["build", "-q", "--now", "2026-11-29 11:30"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    row = page(root, "index.html").select_one("li.component:-soup-contains('API')")
    assert "Major outage" in words(row)
    incident = page(root, "incidents/2026-11-29-api-errors/index.html")
    (affected,) = incident.select("ul.affected > li")
    assert "now Major outage" == words(affected.select_one(".affected-now"))
    # Newest first: the other incident's entry, then this one's.
    feed = "Affected: API (now Major outage · worst Major outage)"
    assert [feed, feed] == _feed_affected(root, "feed.xml")
    assert [feed, feed] == _feed_affected(root, "atom.xml")


def _api_changes(root: Path, slug: str) -> list[list[tuple[str, str]] | None]:
    """Per update of the incident in api/v2, oldest first, its (old, new) statuses."""
    incidents = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    (found,) = [i for i in incidents if i["shortlink"].endswith(f"/incidents/{slug}/")]
    return [
        None
        if u["affected_components"] is None
        else [(c["old_status"], c["new_status"]) for c in u["affected_components"]]
        for u in reversed(found["incident_updates"])
    ]


def test_two_updates_in_one_minute_each_keep_their_own_change(new_site: Path) -> None:
    root = new_site
    for step in (
        ["new", "incident", "API errors", "-c", "api=partial_outage", "-m", "Investigating.",
         "--now", "2026-12-03 10:00"],
        ["update", "api-errors", "-c", "api=degraded", "-m", "Recovering.",
         "--now", "2026-12-03 10:05"],
        ["update", "api-errors", "-c", "api=major", "-m", "Correction: API is down.",
         "--now", "2026-12-03 10:05"],
        ["resolve", "api-errors", "--now", "2026-12-03 10:30"],
        ["build", "-q", "--now", "2026-12-03 11:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    assert [
        [("operational", "partial_outage")],
        [("partial_outage", "degraded_performance")],
        [("degraded_performance", "major_outage")],
        [("major_outage", "operational")],
    ] == _api_changes(root, "2026-12-03-api-errors")
    incident = page(root, "incidents/2026-12-03-api-errors/index.html")
    (affected,) = incident.select("ul.affected > li")
    assert (
        "API worst Major outage Dec 3, 2026, 10:00 UTC Partial outage "
        "Dec 3, 2026, 10:05 UTC Degraded performance Dec 3, 2026, 10:05 UTC Major outage "
        "Dec 3, 2026, 10:30 UTC Resolved"
    ) == words(affected)


@pytest.mark.parametrize(
    ("second", "changes", "shown"),
    [
        pytest.param(
            ["resolve", "blip"],
            [[("operational", "partial_outage")], [("partial_outage", "operational")]],
            "API worst Partial outage Dec 3, 2026, 12:00 UTC Partial outage "
            "Dec 3, 2026, 12:00 UTC Resolved",
            id="opened and resolved in one minute",
        ),
        pytest.param(
            ["update", "blip", "-c", "api=operational", "-m", "Back."],
            [[("operational", "partial_outage")], [("partial_outage", "operational")]],
            "API now Operational · worst Partial outage Dec 3, 2026, 12:00 UTC Partial outage "
            "Dec 3, 2026, 12:00 UTC Operational",
            id="back to operational in the same minute",
        ),
    ],
)
def test_a_status_held_for_no_time_is_still_its_updates_change(
    new_site: Path, second: list[str], changes: list[list[tuple[str, str]]], shown: str
) -> None:
    root = new_site
    for step in (
        ["new", "incident", "Blip", "-c", "api=partial_outage", "-m", "Blip.",
         "--now", "2026-12-03 12:00"],
        [*second, "--now", "2026-12-03 12:00"],
        ["build", "-q", "--now", "2026-12-03 13:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    assert changes == _api_changes(root, "2026-12-03-blip")
    (affected,) = page(root, "incidents/2026-12-03-blip/index.html").select("ul.affected > li")
    assert shown == words(affected)


def _outputs(root: Path, when: datetime) -> dict[str, object]:
    """What every output says at `when` about the incident and the API component."""
    out = root / "public"
    summary = json.loads((out / "api/v2/summary.json").read_text())
    api = next(c for c in summary["components"] if c["name"] == "API")
    incidents = json.loads((out / "api/v2/incidents.json").read_text())["incidents"]
    status = json.loads(run(root, "status", "--json", "--now", when.isoformat()).output)
    index = (out / "index.html").read_text()
    badge = (out / "components" / "api" / "badge.svg").read_text()
    return {
        "status.json": json.loads((out / "status.json").read_text())["status"],
        "summary api": api["status"],
        "status --json api": next(c["status"] for c in status["components"] if c["id"] == "api"),
        "badge": re.findall(r"major outage|operational", badge.lower())[-1],
        "incidents": [(i["status"], len(i["incident_updates"])) for i in incidents],
        "atom entries": (out / "atom.xml").read_text().count("<entry>"),
        "index shows it": "API down" in index,
        "page": (out / "incidents/2026-11-29-api-down/index.html").exists(),
    }


# hour (UTC, 29 Nov) → what every output must say then
_QUIET = ("operational",) * 4
_DOWN = ("incident", "major_outage", "major_outage", "major outage")
HOURS = {
    12: (*_QUIET, [], 0, False, False),  # before it began: not shown anywhere
    13: (*_DOWN, [("investigating", 1)], 1, True, True),
    15: (*_DOWN, [("investigating", 1)], 1, True, True),
    17: (*_QUIET, [("monitoring", 2)], 1, True, True),
    18: (*_QUIET, [("resolved", 3)], 1, True, True),
}


def test_a_site_built_at_every_hour_shows_what_was_true_then(new_site: Path) -> None:
    root = new_site
    for step in (
        ["new", "incident", "API down", "-c", "api=major_outage", "--impact", "critical",
         "-m", "x", "--now", "2026-11-29T13:00:00Z"],
        ["update", "api-down", "--status", "monitoring", "-c", "api=operational",
         "-m", "Fix deployed.", "--now", "2026-11-29T17:00:00Z"],
        ["resolve", "api-down", "--now", "2026-11-29T18:00:00Z"],
    ):  # fmt: skip
        assert 0 == run(root, *step).exit_code
    keys = (
        "status.json", "summary api", "status --json api", "badge", "incidents",
        "atom entries", "index shows it", "page",
    )  # fmt: skip
    # Built in order with the cache (as a scheduled rebuild would), each equal to a clean build.
    clean = root.parent / "clean"
    for hour, expected in HOURS.items():
        when = datetime(2026, 11, 29, hour, tzinfo=timezone.utc)
        build_site(root, now=when)
        assert dict(zip(keys, expected, strict=True)) == _outputs(root, when), hour
        build_site(root, now=when, output=clean, use_cache=False)
        for path in (
            "index.html",
            "api/v2/summary.json",
            "incidents/2026-11-29-api-down/index.html",
        ):
            built = root / "public" / path
            assert built.exists() == (clean / path).exists(), (hour, path)
            if built.exists():
                assert (clean / path).read_bytes() == built.read_bytes(), (hour, path)


def test_a_span_across_a_change_of_offset_under_one_zone_name_says_each_end_in_full(
    new_site: Path,
) -> None:
    """Moscow's clocks went back from 02:00 MSK (+04:00) to 01:00 MSK (+03:00): a 50-minute
    outage across it, said with the date and zone once, would run backwards."""
    root = new_site
    settings = root / "statusgen.yaml"
    text = settings.read_text().replace("timezone: UTC", "timezone: Europe/Moscow")
    settings.write_text(re.sub(r"(?m)^start_date: .*$", "start_date: 2014-10-01", text))
    (root / "content" / "incidents" / "2014-10-26-night.md").write_text(
        "---\ntitle: Night outage\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2014-10-25T21:20Z\nDown.\n\n## Resolved at 2014-10-25T22:10Z\nUp.\n"
    )

    assert 0 == run(root, "build", "-q", "--now", "2014-11-01T12:00:00Z").exit_code

    for path in ("history/index.html", "index.html", "components/api/index.html"):
        (item,) = [
            li for li in page(root, path).select("li.event-item") if "Night outage" in words(li)
        ]
        times = item.select("time")
        assert ["2014-10-26T01:20:00+04:00", "2014-10-26T01:10:00+03:00"] == [
            t["datetime"] for t in times[:2]
        ], path
        assert ["Oct 26, 2014, 01:20 MSK", "Oct 26, 2014, 01:10 MSK"] == [
            words(t) for t in times[:2]
        ], path


def test_a_new_site_shows_no_data_before_its_start(tmp_path: Path) -> None:
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")

    assert 0 == run(root, "build", "-q", "--now", "2026-11-28T12:00:00Z").exit_code

    index = page(root, "index.html")
    summaries = {words(s) for s in index.select(".uptime-text .summary")}
    # The start date is the day of init; the example incident a day earlier moves it back.
    assert {"100% uptime over 2 days · no incidents"} <= summaries
    website = index.select(".uptime")[0].select("ol.bars > li")
    assert 90 == len(website)
    # A neutral bar that says so, for each day before the record began.
    assert [["d-none"]] * 88 + [["d-operational"]] * 2 == [li.get("class") for li in website]
    assert "Nov 26, 2026: no data" == words(website[87])


@pytest.mark.parametrize(
    ("status", "said"),
    [("major_outage", "Major outage, 0.00% uptime"), ("partial_outage", "Partial outage, 70")],
)
def test_a_build_at_midnight_sharp_shows_today_as_it_stands(
    tmp_path: Path, status: str, said: str
) -> None:
    # Scheduled rebuilds run at midnight: today has begun, with none of it passed yet.
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    (root / "content" / "incidents" / "2026-12-09-down.md").write_text(
        f"---\ntitle: API down\nstatus: investigating\ncomponents:\n  api: {status}\n---\n"
        "## Investigating at 2026-12-09 20:00 +00:00\nDown.\n"
    )

    assert 0 == run(root, "build", "-q", "--now", "2026-12-10T00:00:00Z").exit_code

    bars = page(root, "components/api/index.html").select("ol.bars > li")
    assert words(bars[-1]).startswith(f"Dec 10, 2026: {said}")
    assert ["d-none"] != bars[-1].get("class")


def test_a_status_set_by_hand_is_no_downtime_at_midnight_sharp(tmp_path: Path) -> None:
    # components.yaml's own `status:` has no start: it never counts as downtime, at
    # midnight sharp as a minute later, whatever its bar's colour says.
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    components = root / "content" / "components.yaml"
    components.write_text(
        components.read_text().replace("name: API\n", "name: API\n      status: major_outage\n")
    )

    for now in ("2026-12-10T00:00:00Z", "2026-12-10T00:01:00Z"):
        assert 0 == run(root, "build", "-q", "--now", now).exit_code
        bars = page(root, "components/api/index.html").select("ol.bars > li")
        assert words(bars[-1]).startswith("Dec 10, 2026: Major outage, 100% uptime"), now


@pytest.mark.parametrize("begins", ["site", "component"])
def test_nothing_is_counted_at_midnight_sharp_of_the_records_first_day(
    new_site: Path, begins: str
) -> None:
    # Today's bar shows the status at that moment, but none of the day has passed: the
    # uptime is over no days yet, as the docs say, not "No data uptime over 1 day". A
    # component whose own record begins today, under an outage held since the evening
    # before (a day outside its record), has no worst day to name either.
    root = new_site
    if begins == "site":
        settings = root / "statusgen.yaml"
        settings.write_text(
            re.sub(r"(?m)^start_date: .*$", "start_date: 2026-12-10", settings.read_text())
        )
    else:
        components = root / "content" / "components.yaml"
        components.write_text(
            components.read_text().replace(
                "name: API\n", "name: API\n      start_date: 2026-12-10\n"
            )
        )
        (root / "content" / "incidents" / "2026-12-09-down.md").write_text(HELD_SINCE_YESTERDAY)

    assert 0 == run(root, "build", "-q", "--now", "2026-12-10T00:00:00Z").exit_code

    home = page(root, "index.html")
    (api,) = [u for u in home.select(".uptime") if u.select('ol.bars[aria-label^="API,"]')]
    assert "No data yet" == words(api.select_one(".uptime-text .summary"))
    component = page(root, "components/api/index.html")
    assert "No data yet" == words(component.select_one(".uptime-text .summary"))
    facts = dict(
        zip(
            map(words, component.select(".facts dt")),
            map(words, component.select(".facts dd")),
            strict=True,
        )
    )
    assert "No data" == facts["Uptime"]
    for now, uptime_days in (("2026-12-10T00:00:00Z", 0), ("2026-12-10T00:00:01Z", 1)):
        result = run(root, "status", "--json", "--now", now)
        (shown,) = [c for c in json.loads(result.stdout)["components"] if c["id"] == "api"]
        assert uptime_days == shown["uptime_days"], now
        assert (uptime_days == 0) == (shown["uptime"] is None), now


@pytest.mark.parametrize(("zone", "midnight"), [("UTC", "00:00"), ("America/New_York", "05:00")])
def test_a_build_at_midnight_sharp_counts_the_days_before_it_alone(
    new_site: Path, zone: str, midnight: str
) -> None:
    # The record began on 9 Dec; built at the next midnight, only 9 Dec has passed. Today's
    # bar shows the outage held at that moment (0.00%), but it is no day of the count, nor
    # the worst day: the outage's hours of 9 Dec are.
    root = new_site
    settings = root / "statusgen.yaml"
    text = re.sub(r"(?m)^start_date: .*$", "start_date: 2026-12-09", settings.read_text())
    settings.write_text(re.sub(r"(?m)^timezone: .*$", f"timezone: {zone}", text))
    (root / "content" / "incidents" / "2026-12-09-down.md").write_text(HELD_SINCE_YESTERDAY)
    now = f"2026-12-10T{midnight}:00Z"

    assert 0 == run(root, "build", "-q", "--now", now).exit_code

    # Down from 22:00 UTC: 2 hours of 9 Dec in UTC, 7 in New York (from 17:00).
    uptime = "91.66%" if zone == "UTC" else "70.83%"
    for path in ("index.html", "components/api/index.html"):
        (block,) = [
            u for u in page(root, path).select(".uptime") if u.select('ol.bars[aria-label^="API,"]')
        ]
        assert words(block.select("ol.bars > li")[-1]).startswith(
            "Dec 10, 2026: Major outage, 0.00%"
        )
        assert (
            f"{uptime} uptime over 1 day · worst day Dec 9, 2026 (Major outage, {uptime})"
            == words(block.select_one(".uptime-text .summary"))
        ), path
    for at, uptime_days in ((now, 1), (now.replace(":00Z", ":01Z"), 2)):
        result = run(root, "status", "--json", "--now", at)
        (shown,) = [c for c in json.loads(result.stdout)["components"] if c["id"] == "api"]
        assert uptime_days == shown["uptime_days"], at
    table = run(root, "status", "--now", now).stdout
    assert f"{uptime} over 1 day" in table


def test_a_build_at_midnight_sharp_counts_history_days_whole_days(new_site: Path) -> None:
    # A nightly build at 00:00 Berlin: the 30 days that just ended, not 29. Two hours down
    # on 6 Nov, the day before the first bar then, count in the figure until 00:01.
    root = new_site
    settings = root / "statusgen.yaml"
    text = re.sub(r"(?m)^start_date: .*$", "start_date: 2026-11-01", settings.read_text())
    text = re.sub(r"(?m)^timezone: .*$", "timezone: Europe/Berlin", text)
    settings.write_text(re.sub(r"(?m)^history_days: .*$", "history_days: 30", text))
    (root / "content/incidents/2026-11-06-down.md").write_text(
        "---\ntitle: API down\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2026-11-06 10:00\nDown.\n\n## Resolved at 2026-11-06 12:00\nUp.\n"
    )
    midnight = "2026-12-05T23:00:00Z"  # 00:00 in Berlin

    summaries = []
    for args in (["--no-cache"], [], []):  # worked out, then kept, then read back
        built = run(root, "build", "-q", "--now", midnight, *args)
        assert 0 == built.exit_code, built.output
        component = page(root, "components/api/index.html")
        bars = component.select("ol.bars > li")
        assert 30 == len(bars)
        assert "Dec 6, 2026: no incidents" == words(bars[-1])
        summaries.append(words(component.select_one(".uptime-text .summary")))
    assert [
        "99.72% uptime over 30 days · worst day Nov 6, 2026 (Major outage, 91.66%)"
    ] * 3 == summaries
    for at, uptime_days, uptime in (
        (midnight, 30, cut(1 - 2 / 720)),
        ("2026-12-05T23:01:00Z", 30, 1),
    ):
        result = run(root, "status", "--json", "--now", at)
        (shown,) = [c for c in json.loads(result.stdout)["components"] if c["id"] == "api"]
        assert (uptime_days, uptime) == (shown["uptime_days"], shown["uptime"]), at
    assert " over " not in run(root, "status", "--now", midnight).stdout


@pytest.mark.parametrize("now", ["2011-12-30T10:00:00Z", "2012-01-15T00:00:00Z"])
def test_a_date_the_clocks_skipped_has_no_bar(new_site: Path, now: str) -> None:
    # Apia went from 29 to 31 December 2011: the 30th never was there, so it is no
    # "no data" day inside the record; the window still shows `history_days` bars.
    root = new_site
    settings = root / "statusgen.yaml"
    text = re.sub(r"(?m)^start_date: .*$", "start_date: 2011-12-01", settings.read_text())
    settings.write_text(re.sub(r"(?m)^timezone: .*$", "timezone: Pacific/Apia", text))
    (root / "content/incidents/2011-12-29-dateline.md").write_text(
        "---\ntitle: API down\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2011-12-29 23:00\nDown.\n\n## Resolved at 2011-12-31 01:00\nUp.\n"
    )

    assert 0 == run(root, "build", "-q", "--now", now).exit_code
    bars = page(root, "components/api/index.html").select('ol.bars[aria-label^="API,"] > li')
    assert 90 == len(bars)
    shown = [words(b).split(":")[0] for b in bars]
    assert "Dec 30, 2011" not in shown
    assert "Dec 31, 2011" == shown[shown.index("Dec 29, 2011") + 1]


def test_a_midnight_the_clocks_show_twice_counts_history_days_whole_days(
    new_site: Path,
) -> None:
    # Havana's clocks go back from 01:00 to 00:00 on 1 Nov 2026: its first midnight
    # (04:00 UTC) is an ambiguous time, and the figure said "over 29 days" at it alone.
    root = new_site
    settings = root / "statusgen.yaml"
    text = re.sub(r"(?m)^start_date: .*$", "start_date: 2026-01-01", settings.read_text())
    text = re.sub(r"(?m)^timezone: .*$", "timezone: America/Havana", text)
    settings.write_text(re.sub(r"(?m)^history_days: .*$", "history_days: 30", text))

    built = run(root, "build", "-q", "--now", "2026-11-01T04:00:00Z")

    assert 0 == built.exit_code, built.output
    assert "uptime over 30 days" in words(page(root, "index.html").select_one(".uptime-text"))
    for at in ("03:59", "04:00", "04:01", "05:00"):
        result = run(root, "status", "--json", "--now", f"2026-11-01T{at}:00Z")
        (shown,) = [c for c in json.loads(result.stdout)["components"] if c["id"] == "api"]
        assert 30 == shown["uptime_days"], at


def test_the_worst_day_is_the_day_whose_bar_reads_lowest(new_site: Path) -> None:
    # Three hours down yesterday (87.50%), and down since midnight today, built at 02:00
    # (0.00% so far): today has had less downtime, but its bar reads lower.
    root = new_site
    incidents = root / "content" / "incidents"
    (incidents / "2026-12-09-slow.md").write_text(
        "---\ntitle: API down for hours\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2026-12-09 10:00 +00:00\nDown.\n\n"
        "## Resolved at 2026-12-09 13:00 +00:00\nBack.\n"
    )
    (incidents / "2026-12-10-down.md").write_text(DOWN_AT_MIDNIGHT)

    assert 0 == run(root, "build", "-q", "--now", "2026-12-10T02:00:00Z").exit_code

    for path in ("index.html", "components/api/index.html"):
        (block,) = [
            u for u in page(root, path).select(".uptime") if u.select('ol.bars[aria-label^="API,"]')
        ]
        bars = [words(li) for li in block.select("ol.bars > li")]
        assert bars[-2].startswith("Dec 9, 2026: Major outage, 87.50% uptime"), path
        assert bars[-1].startswith("Dec 10, 2026: Major outage, 0.00% uptime"), path
        summary = words(block.select_one(".uptime-text .summary"))
        assert summary.endswith("· worst day Dec 10, 2026 (Major outage, 0.00%)"), path


HELD_SINCE_YESTERDAY = (
    "---\ntitle: API down\nstatus: investigating\ncomponents:\n  api: major_outage\n---\n"
    "## Investigating at 2026-12-09 22:00 +00:00\nDown.\n"
)
DOWN_AT_MIDNIGHT = HELD_SINCE_YESTERDAY.replace("2026-12-09 22:00", "2026-12-10 00:00")
WORK_FROM_TEN = (
    "---\ntitle: API work\nscheduled_for: 2026-12-10 10:00 +00:00\n"
    "scheduled_until: 2026-12-10 12:00 +00:00\ncomponents: [api]\n---\n"
    "## Scheduled at 2026-12-09 09:00 +00:00\nPlanned.\n"
)


@pytest.mark.parametrize(
    ("event", "now", "said"),
    [
        (HELD_SINCE_YESTERDAY, "2026-12-10T00:00:00Z", "Major outage, 0.00% uptime; API down"),
        (DOWN_AT_MIDNIGHT, "2026-12-10T00:00:00Z", "Major outage, 0.00% uptime; API down"),
        (WORK_FROM_TEN, "2026-12-10T10:00:00Z", "Under maintenance, 100% uptime; API work"),
    ],
    ids=["held-at-midnight", "begun-at-midnight", "window-begun-now"],
)
def test_todays_bar_names_and_links_the_event_it_takes_its_status_from(
    tmp_path: Path, event: str, now: str, said: str
) -> None:
    # Built at the very moment an event holds the component with none of today passed
    # under it: the bar shows its status, so it names the event and links to it, as it
    # does a minute later.
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    incidents = root / "content" / "incidents"
    for example in incidents.glob("*.md"):
        example.unlink()
    (incidents / "2026-12-09-event.md").write_text(event)

    assert 0 == run(root, "build", "-q", "--now", now).exit_code

    for path in ("components/api/index.html", "index.html"):
        (bars,) = page(root, path).select('ol.bars[aria-label^="API,"]')
        today = bars.select("li")[-1]
        assert f"Dec 10, 2026: {said}" == words(today), path
        link = today.select_one("a")
        assert link is not None, path
        assert "/incidents/2026-12-09-event/" == link["href"], path


# --- writing and reading the statuses -----------------------------------------------------


def test_a_new_sites_component_page_gives_the_days_its_uptime_covers(tmp_path: Path) -> None:
    """The component page's uptime says over how many days, as the bars' caption and
    `statusgen status` do: two on a site begun yesterday, not the 90 of the window."""
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("language: en", "language: de"))

    assert 0 == run(root, "build", "-q", "--now", "2026-11-28T12:00:00Z").exit_code

    api = page(root, "components/api/index.html")
    facts = dict(
        zip(
            [words(dt) for dt in api.select(".facts dt")],
            [words(dd) for dd in api.select(".facts dd")],
            strict=True,
        )
    )
    assert "100 % über 2 Tage" == facts["Verfügbarkeit"]
    caption = words(api.select_one(".uptime-text .summary"))
    assert caption.startswith("100 % Verfügbarkeit in 2 Tagen"), caption


def test_statuses_written_by_the_commands_read_back_per_update(new_site: Path) -> None:
    root = new_site
    run(
        root,
        "new",
        "incident",
        "Slow",
        "-c",
        "api=degraded",
        "-m",
        "Slow.",
        "--now",
        "2026-11-29T08:00Z",
    )
    run(root, "update", "slow", "-c", "api=major", "-c", "website=partial", "-m", "Worse.",
        "--now", "2026-11-29T09:00Z")  # fmt: skip

    (loaded,) = load_site(root).incidents
    assert [(("api", DEG),), (("api", MAJOR), ("website", PART))] == [
        tuple((a.id, a.status) for a in u.components) for u in loaded.updates
    ]
    assert ["Slow.", "Worse."] == [u.message for u in loaded.updates]


def test_components_added_to_an_incident_opened_without_any_join_from_then(
    new_site: Path,
) -> None:
    root = new_site
    run(root, "new", "incident", "Odd", "-m", "Looking.", "--now", "2026-11-29T08:00Z")
    result = run(
        root, "update", "odd", "-c", "api=major", "-m", "API too.", "--now", "2026-11-29T09:00Z"
    )

    assert 0 == result.exit_code, result.output
    (loaded,) = load_site(root).incidents
    assert {"api": ((datetime(2026, 11, 29, 9, tzinfo=timezone.utc), MAJOR),)} == (
        component_changes(loaded)
    )


def test_a_message_that_looks_like_a_status_line_stays_a_message(new_site: Path) -> None:
    root = new_site
    run(root, "new", "incident", "Odd", "-m", "Components: api=down is what we saw",
        "--now", "2026-11-29T08:00Z")  # fmt: skip

    (loaded,) = load_site(root).incidents
    assert () == loaded.updates[0].components
    assert loaded.updates[0].message.startswith("&#32;Components:")
    # The reader sees the words as typed, not the mark that keeps them a message.
    assert 0 == run(root, "build", "--now", "2026-11-29T08:30Z").exit_code
    page = (root / "public/incidents" / loaded.slug / "index.html").read_text()
    assert "Components: api=down is what we saw" in page
    assert "Components\\:" not in page and "&#32;" not in page


INCIDENT = """\
---
title: Hand written
status: monitoring
components:
  api: {now}
---
## Investigating at 2026-11-29 08:00 Z
{first}
We are on it.

## Monitoring at 2026-11-29 12:00 Z
Components: api=operational
"""

# (first line under the first heading, front matter status, expected problem or None)
HAND_WRITTEN = [
    ("Components: api=major_outage", "operational", None),
    ("components:api = major_outage,", "operational", None),
    ("Components: api=major_outage", "major_outage", "api' was set to operational on line 12"),
    ("", "operational", None),  # api joined at 12:00
    ("Components: api=majr_outage", "operational", "invalid status 'majr_outage'"),
    ("Components: apx=major_outage", "operational", "unknown component 'apx'"),
    ("Components: api=major_outage, web", "operational", "cannot read 'web' on the Comp"),
    ("Components: all of them", "major_outage", "was set to operational"),  # text: no "="
]


@pytest.mark.parametrize(("first", "now", "problem"), HAND_WRITTEN)
def test_hand_written_status_lines_are_checked(
    new_site: Path, first: str, now: str, problem: str | None
) -> None:
    path = new_site / "content/incidents/2026-11-29-hand-written.md"
    path.write_text(INCIDENT.format(first=first, now=now))

    _, diagnostics = check_site(new_site)

    messages = [f"{d.line}: {d.message}" for d in diagnostics]
    if problem is None:
        assert [] == messages
    else:
        assert any(problem in m for m in messages), messages


@pytest.mark.parametrize(
    ("first", "problem", "hint"),
    [
        (
            "Components: api=major_outage, api=partial_outage",
            "8:31: component 'api' is set twice on one line",
            "set each component once, keeping its last status: 'Components: api=partial_outage'",
        ),
        # The hint keeps the line's other changes: without website's, following it would
        # move website's outage back to the first update.
        (
            "Components: website=major_outage, api=partial_outage, api=degraded_performance",
            "8:55: component 'api' is set twice on one line",
            "set each component once, keeping its last status: "
            "'Components: website=major_outage, api=degraded_performance'",
        ),
        # "on" is in "Components" too: the column is the item's.
        (
            "Components: on=major_outage",
            "8:13: unknown component 'on'",
            # An open incident may not name a retired component: no advice to retire one.
            "known components: api, website",
        ),
    ],
    ids=["set-twice", "set-twice-among-others", "id-inside-components"],
)
def test_a_status_line_mistake_is_shown_where_it_is_written_with_a_fix(
    new_site: Path, first: str, problem: str, hint: str
) -> None:
    path = new_site / "content/incidents/2026-11-29-hand-written.md"
    path.write_text(INCIDENT.format(first=first, now="operational"))

    checked = run(new_site, "check")

    assert 1 == checked.exit_code
    shown = f"content/incidents/2026-11-29-hand-written.md:{problem}\n    hint: {hint}\n"
    assert shown in checked.output, checked.output


TWICE = """\
---
title: Twice
status: resolved
components:
  api: degraded_performance
  website: major_outage
---
## Investigating at 2026-11-29 08:00 Z
Components: api=major_outage

## Identified at 2026-11-29 12:00 Z
{line}

## Resolved at 2026-11-29 14:00 Z
Fixed.
"""


def test_following_the_hint_for_a_component_set_twice_keeps_the_line_s_changes(
    new_site: Path,
) -> None:
    path = new_site / "content/incidents/2026-11-29-twice.md"
    path.write_text(
        TWICE.format(line="Components: website=major_outage, api=partial_outage, "
                     "api=degraded_performance")
    )  # fmt: skip

    # One problem, whose fix the front matter already agrees with: it asks for the status
    # the line's hint keeps, not another.
    checked = run(new_site, "check")
    assert 1 == checked.exit_code
    (diagnostic,) = check_site(new_site)[1]
    assert (12, "component 'api' is set twice on one line") == (
        diagnostic.line,
        diagnostic.message,
    )
    assert diagnostic.hint is not None
    line = diagnostic.hint.split("'")[1]
    path.write_text(TWICE.format(line=line))

    assert 0 == run(new_site, "check").exit_code, run(new_site, "check").output
    (loaded,) = load_site(new_site).incidents
    eight, noon = (datetime(2026, 11, 29, hour, tzinfo=timezone.utc) for hour in (8, 12))
    # Website's outage runs from noon, as the line said, not from the first update.
    assert {"api": ((eight, MAJOR), (noon, DEG)), "website": ((noon, MAJOR),)} == (
        component_changes(loaded)
    )


def test_a_missing_status_is_told_the_state_of_the_newest_update(new_site: Path) -> None:
    path = new_site / "content/incidents/2026-11-29-unsaid.md"
    path.write_text(
        "---\ntitle: Unsaid\ncomponents:\n  api: major_outage\n---\n"
        "## Identified at 2026-11-29 08:00 Z\nBroken.\n\n"
        "## Resolved at 2026-11-29 14:00 Z\nFixed.\n"
    )

    checked = run(new_site, "check")

    assert 1 == checked.exit_code
    shown = (
        "content/incidents/2026-11-29-unsaid.md:2:1: missing required key 'status'\n"
        "    hint: add 'status: resolved', the state of the newest update (line 9)\n"
    )
    assert shown in checked.output, checked.output
    # Following the hint settles it.
    path.write_text(
        path.read_text().replace("title: Unsaid\n", "title: Unsaid\nstatus: resolved\n")
    )
    assert 0 == run(new_site, "check").exit_code


@pytest.mark.parametrize(
    ("heading", "problem"),
    [
        ("## Resolved at 2026-13-01 11:00 Z", "7:1: '2026-13-01 11:00 Z' is not a valid date"),
        ("## Reslved at 2026-11-29 11:00 Z", "7:1: unknown incident state 'Reslved'"),
        ("## Resolved at tomorrow", "7:1: cannot read the time 'tomorrow'"),
    ],
    ids=["bad-date", "bad-state", "bad-time"],
)
def test_a_heading_mistake_hides_no_mistake_on_its_status_line(
    new_site: Path, heading: str, problem: str
) -> None:
    path = new_site / "content/incidents/2026-11-29-w.md"
    path.write_text(
        "---\ntitle: ab\nstatus: resolved\n---\n## Investigating at 2026-11-29 10:00 Z\nx\n"
        f"{heading}\nComponents: webiste=major_outage\ny\n"
    )

    checked = run(new_site, "check")

    assert 1 == checked.exit_code
    for shown in (problem, "8:13: unknown component 'webiste'"):
        assert f"content/incidents/2026-11-29-w.md:{shown}" in checked.output, checked.output


# --- time that has not come yet -----------------------------------------------------------


def test_completing_a_maintenance_that_has_not_started_calls_it_off(new_site: Path) -> None:
    root = new_site
    run(root, "new", "maintenance", "Upgrade", "-c", "api", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 04:00", "--now", "2026-11-29T08:00Z")  # fmt: skip

    by_update = run(root, "update", "upgrade", "--status", "completed", "-m", "Not needed.",
                    "--now", "2026-11-30T08:00Z")  # fmt: skip
    again = run(root, "resolve", "upgrade", "--now", "2026-12-01T03:00Z")

    assert 0 == by_update.exit_code, by_update.output
    assert by_update.output.startswith("Called off content/incidents/2026-12-01-upgrade.md")
    # Over since it was called off: nothing left to complete at its planned time.
    assert 1 == again.exit_code
    assert "the maintenance is already completed" in again.output
    shown = run(root, "status", "--json", "--now", "2026-12-01T03:00Z")
    assert [] == json.loads(shown.output)["maintenance"]


def test_a_maintenance_started_early_can_be_completed_early(new_site: Path) -> None:
    root = new_site
    run(root, "new", "maintenance", "Upgrade", "-c", "api", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 04:00", "--now", "2026-11-29T08:00Z")  # fmt: skip
    started = run(root, "update", "upgrade", "--status", "in-progress", "-m", "Started early.",
                  "--now", "2026-11-30T22:00Z")  # fmt: skip

    done = run(root, "resolve", "upgrade", "-m", "Done early.", "--now", "2026-11-30T23:00Z")

    assert 0 == started.exit_code, started.output
    assert 0 == done.exit_code, done.output
    # Its work began: completed, not called off.
    assert done.output.startswith("Completed content/incidents/2026-12-01-upgrade.md")
    # Over: neither in progress nor still to come.
    shown = run(root, "status", "--json", "--now", "2026-11-30T23:30Z")
    assert [] == json.loads(shown.output)["maintenance"]
    assert "status: completed\n" in (root / "content/incidents/2026-12-01-upgrade.md").read_text()


# A window on `api` from 10:00 to 12:00 on 10 Dec, announced the day before, on a new
# site without the example's incidents.
UPGRADE = ["new", "maintenance", "Upgrade", "--start", "2026-12-10 10:00",
           "--end", "2026-12-10 12:00", "-c", "api", "--now", "2026-12-09 10:00"]  # fmt: skip


def window_site(tmp_path: Path, *steps: list[str]) -> Path:
    """A new site where the UPGRADE window is written, then `steps` run, each succeeding."""
    root = tmp_path / "site"
    assert 0 == run(tmp_path, "init", str(root), "--now", "2026-12-10T00:00:00Z").exit_code
    for example in (root / "content" / "incidents").glob("*.md"):
        example.unlink()
    for step in (UPGRADE, *steps):
        result = run(root, *step)
        assert 0 == result.exit_code, result.output
    return root


def test_a_status_an_update_gives_in_a_window_holds_from_that_update_on(tmp_path: Path) -> None:
    root = window_site(
        tmp_path,
        ["update", "upgrade", "-c", "api=major_outage", "-c", "website",
         "-m", "Failing over went wrong.", "--now", "2026-12-10 11:00"],
        ["build", "-q", "--now", "2026-12-10 13:00"],
    )  # fmt: skip

    text = (root / "content/incidents/2026-12-10-upgrade.md").read_text()
    assert (
        "## In progress at 2026-12-10 11:00 +00:00\n"
        "Components: api=major_outage, website=under_maintenance\n"
    ) in text

    def statuses(at: str) -> dict[str, tuple[str, float]]:
        shown = json.loads(run(root, "status", "--json", "--now", at).output)
        return {c["id"]: (c["status"], c["uptime"]) for c in shown["components"]}

    # Half an hour in: nothing was said yet but what the window was scheduled with.
    assert {"api": "under_maintenance", "website": "operational"} == {
        cid: status for cid, (status, _) in statuses("2026-12-10 10:30").items()
    }
    assert {"api": "major_outage", "website": "under_maintenance"} == {
        cid: status for cid, (status, _) in statuses("2026-12-10 11:30").items()
    }
    # One hour of outage (11:00 to 12:00) in the 37 hours the record has at 13:00: it
    # begins on the day the window was announced (9 Dec), before the site's start_date.
    assert cut(1 - 60 / (37 * 60)) == statuses("2026-12-10 13:00")["api"][1]
    api = json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())
    updates = api["scheduled_maintenances"][0]["incident_updates"]
    assert [
        [("Services - API", "operational", "operational")],
        [  # in the page's order (init's site lists the website first), as the page does
            ("Services - Website", "operational", "under_maintenance"),
            ("Services - API", "under_maintenance", "major_outage"),
        ],
    ] == [
        [(c["name"], c["old_status"], c["new_status"]) for c in u["affected_components"]]
        for u in reversed(updates)
    ]


def test_an_update_keeps_a_window_holding_what_a_later_line_sets_from_its_start(
    tmp_path: Path,
) -> None:
    # Written by hand as `check` asks: the API's status at the end, set at 11:00, no line
    # on the first update. `update -c` then writes the statuses held until then on the
    # first update, the website's and the API's: it stays under maintenance from the start.
    root = window_site(tmp_path)
    path = root / "content/incidents/2026-12-10-upgrade.md"
    text = path.read_text().replace(
        "components: [api]", "components: {api: major_outage, website: under_maintenance}"
    )
    path.write_text(
        text + "\n## In progress at 2026-12-10 10:00\nStarted.\n"
        "\n## In progress at 2026-12-10 11:00\nComponents: api=major_outage\nBroke.\n"
    )

    def api(at: str) -> str:
        shown = json.loads(run(root, "status", "--json", "--now", at).output)
        return {c["id"]: c["status"] for c in shown["components"]}["api"]

    assert ("under_maintenance", "major_outage") == (
        api("2026-12-10 10:30"),
        api("2026-12-10 11:30"),
    )
    edited = run(root, "update", "upgrade", "-c", "website=degraded_performance",
                 "-m", "The website is slow.", "--now", "2026-12-10 11:40")  # fmt: skip
    assert 0 == edited.exit_code, edited.output
    assert "Components: website=under_maintenance, api=under_maintenance\n" in path.read_text()
    checked = run(root, "check")
    assert 0 == checked.exit_code, checked.output
    assert ("under_maintenance", "major_outage") == (
        api("2026-12-10 10:30"),
        api("2026-12-10 11:30"),
    )


def test_a_window_starting_in_the_past_is_written_with_a_warning(new_site: Path) -> None:
    window = ["--start", "2026-11-29 02:00", "--end", "2026-11-29 10:00"]
    result = run(new_site, "new", "maintenance", "Forgot", *window, "--now", "2026-11-29T08:00Z")

    assert 0 == result.exit_code
    assert "warning: the window starts in the past (2026-11-29 02:00 +00:00)" in result.output
    assert "pages show it as already begun" in result.output


def test_an_announcement_made_once_the_window_began_puts_its_components_under_maintenance(
    new_site: Path,
) -> None:
    root = new_site
    for step in (
        ["new", "maintenance", "Started", "--start", "2026-11-29 08:00", "--end",
         "2026-11-29 10:00", "-c", "website", "-m", "Going.", "--now", "2026-11-29 09:00"],
        ["build", "-q", "--now", "2026-11-29 09:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    components = json.loads((root / "public/api/v2/components.json").read_text())["components"]
    assert "under_maintenance" == next(c for c in components if c["name"] == "Website")["status"]
    api = json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())
    (window,) = api["scheduled_maintenances"]
    assert "in_progress" == window["status"]
    # The window ran when it was announced: its first update names the status it gave.
    assert [("Services - Website", "operational", "under_maintenance")] == [
        (c["name"], c["old_status"], c["new_status"])
        for c in window["incident_updates"][0]["affected_components"]
    ]


def test_a_window_already_over_is_written_with_a_warning_that_says_so(new_site: Path) -> None:
    window = ["--start", "2026-11-29 02:00", "--end", "2026-11-29 04:00"]
    result = run(new_site, "new", "maintenance", "Forgot", *window, "--now", "2026-11-29T08:00Z")

    assert 0 == result.exit_code
    assert "warning: the window has already ended (2026-11-29 04:00 +00:00)" in result.output
    assert "pages show it as completed" in result.output
    assert "already begun" not in result.output
    shown = run(new_site, "status", "--json", "--now", "2026-11-29T08:00Z")
    assert [] == json.loads(shown.output)["maintenance"]


def test_check_says_when_a_future_incident_appears(new_site: Path) -> None:
    run(new_site, "new", "incident", "Later", "-c", "api", "-m", "x", "--now", "2026-12-05T10:00Z")

    result = run(new_site, "check", "--now", "2026-12-01T00:00:00Z")

    assert 0 == result.exit_code
    assert "warning: the incident starts after now: pages show it from 2026-12-05 10:00 UTC on" in (
        result.output
    )
    assert "warning" not in run(new_site, "check", "--now", "2026-12-06T00:00:00Z").output


def test_check_says_when_an_update_written_ahead_appears(new_site: Path) -> None:
    # An announcement written ahead of time: the incident shows now, its update later.
    run(new_site, "new", "incident", "Slow", "-c", "api", "-m", "x", "--now", "2026-11-30T10:00Z")
    slug = next((new_site / "content" / "incidents").glob("*slow*.md")).stem
    assert (
        0
        == run(
            new_site, "update", slug, "-m", "Fixed soon.", "--now", "2026-12-03T09:30Z"
        ).exit_code
    )

    result = run(new_site, "check", "--now", "2026-12-01T00:00:00Z")

    assert 0 == result.exit_code
    assert (
        "warning: this update is dated after now: pages show it from 2026-12-03 09:30 UTC on"
        in (result.output)
    )
    assert "starts after now" not in result.output
    assert "warning" not in run(new_site, "check", "--now", "2026-12-04T00:00:00Z").output


QUEUE_TYPO = """\
---
title: Queue delays
status: investigating
components:
  {component}: degraded_performance
---
## Investigating at 2026-11-30 10:00 +00:00
Jobs are delayed.

## Identified at 2026-12-30 11:00 +00:00
A worker is stuck.
"""


@pytest.mark.parametrize("component", ["api", "apii"])
def test_check_says_an_update_is_dated_ahead_with_the_files_errors(
    new_site: Path, component: str
) -> None:
    # A month typed wrong in a file with an error of its own (its status, an unknown
    # component): a CI run shows both at once, not the warning only after the error's fix.
    path = new_site / "content" / "incidents" / "2026-11-30-queue.md"
    path.write_text(QUEUE_TYPO.format(component=component), encoding="utf-8")

    result = run(new_site, "check", "--now", "2026-12-01T00:00:00Z")

    assert 1 == result.exit_code
    assert (
        "content/incidents/2026-11-30-queue.md:10:1: warning: this update is dated after now: "
        "pages show it from 2026-12-30 11:00 UTC on"
    ) in result.output
    assert ("unknown component 'apii'" if component == "apii" else "status is 'investigating'") in (
        result.output
    )


SECONDS_AHEAD = {
    "content/incidents/2026-03-30-x.md": """\
---
title: Queue stalled
status: investigating
components:
  api: major_outage
---
## Investigating at 2026-03-30 10:00:45
Down.
""",
    "content/incidents/2026-03-31-m.md": """\
---
title: Queue upgrade
scheduled_for: 2026-03-31 05:00:20
scheduled_until: 2026-03-31 06:00:40
components: [api]
---
## Scheduled at 2026-03-29 09:00
Planned.

## Completed at 2026-03-31 05:10:30
Done early.
""",
}


def test_check_says_a_time_written_to_the_second_to_the_second(tmp_path: Path) -> None:
    # Pages go by the second written (docs/times.md): at 10:00:30 the incident is not shown
    # yet, so "from 10:00 on" would name a moment at which the pages still show it absent.
    root = sitefiles.write_site(tmp_path, SECONDS_AHEAD)
    assert 0 == run(root, "build", "-q", "--now", "2026-03-30 10:00:30").exit_code
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    assert "Queue stalled" not in [i["name"] for i in api["incidents"]]

    checked = run(root, "check", "--now", "2026-03-30 10:00")

    assert 0 == checked.exit_code, checked.output
    assert (
        "2026-03-30-x.md:7:1: warning: the incident starts after now: "
        "pages show it from 2026-03-30 10:00:45 CEST on"
    ) in checked.output
    assert (
        "2026-03-31-m.md:10:1: warning: this update is dated after now: "
        "pages show it from 2026-03-31 05:10:30 CEST on"
    ) in checked.output


AHEAD = """\
---
title: Slow
status: resolved
components: [api]
---
## Investigating at 2026-11-20 10:00 Z
Slow.

## Monitoring at 2026-11-20 12:00 Z
Fixed.

## Resolved at 2026-11-20 14:00 Z
Fine.
"""
WINDOW_AHEAD = """\
---
title: Upgrade
scheduled_for: 2026-11-20 09:00 Z
scheduled_until: 2026-11-20 18:00 Z
components: [api]
---
## Scheduled at 2026-11-19 10:00 Z
Planned.

## In progress at 2026-11-20 12:00 Z
Going.

## Completed at 2026-11-20 15:00 Z
Done.
"""


def test_check_warns_about_each_update_written_ahead(tmp_path: Path) -> None:
    later = AHEAD.replace("2026-11-20", "2026-11-21").replace("title: Slow", "title: Later")
    root = sitefiles.write_site(
        tmp_path,
        {
            "content/incidents/2026-11-20-slow.md": AHEAD,
            "content/incidents/2026-11-20-upgrade.md": WINDOW_AHEAD,
            "content/incidents/2026-11-21-later.md": later,
            sitefiles.INCIDENT_PATH: None,
        },
    )

    result = run(root, "check", "--now", "2026-11-20T11:00:00Z")

    assert 0 == result.exit_code, result.output
    warned = sorted(
        (m[1], int(m[2]), m[3])
        for m in re.finditer(
            r"content/incidents/(\S+)\.md:(\d+):\d*:? ?warning: ([^:]+)", result.output
        )
    )
    update, starts = "this update is dated after now", "the incident starts after now"
    # One warning per update dated ahead, at its own line; the incident not shown yet at
    # its first update, then each later one.
    assert [
        ("2026-11-20-slow", 9, update),
        ("2026-11-20-slow", 12, update),
        ("2026-11-20-upgrade", 10, update),
        ("2026-11-20-upgrade", 13, update),
        ("2026-11-21-later", 6, starts),
        ("2026-11-21-later", 9, update),
        ("2026-11-21-later", 12, update),
    ] == warned, result.output
    # Each with the time it will appear (14:00 UTC is 15:00 in Berlin).
    assert (
        "slow.md:12:1: warning: this update is dated after now: pages show it from "
        "2026-11-20 15:00 CET on" in result.output
    )


def test_a_start_date_that_is_not_a_date_is_reported_where_it_is(tmp_path: Path) -> None:
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("start_date: 2026-11-28", "start_date: soon"))

    line = settings.read_text().splitlines().index("start_date: soon") + 1

    result = run(root, "check")

    assert 1 == result.exit_code
    assert f"statusgen.yaml:{line}:13: 'soon' is not a valid date" in result.output


@pytest.mark.parametrize("written", ["2026/10/01", "2026-10-01T00:00", "2026.10.1"])
def test_a_start_date_written_another_way_is_offered_as_it_should_be(
    tmp_path: Path, written: str
) -> None:
    # The day it gives, not an example of some other day: in the settings and on a component.
    root = tmp_path / "site"
    run(tmp_path, "init", str(root), "--now", "2026-11-28T12:00:00Z")
    settings = root / "statusgen.yaml"
    settings.write_text(
        settings.read_text().replace("start_date: 2026-11-28", f"start_date: {written}")
    )
    components = root / "content" / "components.yaml"
    components.write_text(
        components.read_text().replace(
            "    - id: api\n", f"    - id: api\n      start_date: {written}\n", 1
        )
    )

    result = run(root, "check")

    assert 1 == result.exit_code
    hint = "    hint: write it as YYYY-MM-DD: 'start_date: 2026-10-01'"
    assert 2 == result.output.splitlines().count(hint), result.output


# A site made before `init` wrote start_date: its file has none.
@pytest.mark.parametrize(
    ("incident", "counted"),
    [
        (sitefiles.INCIDENT, 11),  # begins at the first incident: 20 Nov, 10 days before now
        (None, 90),  # no event either: nothing to anchor on, the whole window counts
    ],
)
def test_a_site_without_start_date_begins_at_its_first_incident(
    tmp_path: Path, incident: str | None, counted: int
) -> None:
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: incident})
    assert "start_date" not in (root / "statusgen.yaml").read_text()

    assert 0 == run(root, "build", "-q", "--now", "2026-11-30T12:00:00Z").exit_code

    index = page(root, "index.html")
    api = index.select(".uptime")[0]
    assert f"100% uptime over {counted} days · no incidents" == words(
        api.select_one(".uptime-text .summary")
    )
    bars = [li.get("class") for li in api.select("ol.bars > li")]
    assert [["d-none"]] * (90 - counted) + [["d-operational"]] * counted == bars
    if counted < 90:
        assert "Nov 19, 2026: no data" == words(api.select("ol.bars > li")[90 - counted - 1])


# An import: components watched long before the site was made (its start_date is today).
def test_a_component_start_date_before_the_sites_is_where_its_record_begins(
    tmp_path: Path,
) -> None:
    components = sitefiles.COMPONENTS.replace(
        "- name: API\n", "- name: API\n  start_date: 2026-11-01\n"
    ).replace("    - name: Dashboard\n", "    - name: Dashboard\n      start_date: 2026-11-28\n")
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-11-29\n",
            "content/components.yaml": components,
        },
    )

    assert 0 == run(root, "build", "-q", "--now", "2026-11-30T12:00:00Z").exit_code

    status = json.loads(run(root, "status", "--json", "--now", "2026-11-30T12:00:00Z").output)
    days = {c["id"]: c["uptime_days"] for c in status["components"]}
    # API from its own start; Checkout from the site's first incident (20 Nov); Dashboard
    # from its own start, later than the site's.
    assert {"api": 30, "checkout": 11, "dashboard": 3} == days
    summaries = [words(u) for u in page(root, "index.html").select(".uptime-text .summary")]
    assert "100% uptime over 30 days · no incidents" == summaries[0]
    assert "no data" in words(page(root, "index.html").select("ol.bars > li")[59])
    api = json.loads((root / "public/api/v2/components.json").read_text())["components"][0]
    assert ("2026-11-01", "2026-11-01T00:00:00.000+01:00") == (api["start_date"], api["created_at"])


ANNOUNCED_EARLY = """\
---
title: Database upgrade
components: [api]
scheduled_for: 2026-11-25 02:00
scheduled_until: 2026-11-25 04:00
---
## Scheduled at 2026-11-15 10:00
We will upgrade the database.
"""


def test_a_window_announced_before_the_start_date_begins_every_record_that_day(
    tmp_path: Path,
) -> None:
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-11-20\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-11-25-database-upgrade.md": ANNOUNCED_EARLY,
        },
    )

    assert 0 == run(root, "build", "-q", "--now", "2026-11-22T12:00:00Z").exit_code

    # The API, the bars and `status` all begin the record at the announcement (15 Nov).
    api = json.loads((root / "public/api/v2/components.json").read_text())["components"][0]
    assert "2026-11-15T10:00:00.000+01:00" == api["created_at"]
    api_bars = page(root, "index.html").select(".uptime")[0].select("ol.bars > li")
    bars = [words(li) for li in api_bars]
    assert ["Nov 14, 2026: no data", "Nov 15, 2026: no incidents"] == bars[-9:-7]
    status = json.loads(run(root, "status", "--json", "--now", "2026-11-22T12:00:00Z").output)
    assert 8 == next(c["uptime_days"] for c in status["components"] if c["id"] == "api")


BEFORE_START = """\
---
title: {title}
status: {status}
components:
  {cid}: {impact}
---
## Investigating at 2026-11-12 10:00 Z
Slow.
{resolved}"""


def test_days_before_a_components_start_are_no_data_whatever_happened(tmp_path: Path) -> None:
    components = (
        "- id: cdn\n  name: CDN\n  start_date: 2026-11-14\n"
        "- id: edge\n  name: Edge\n  start_date: 2026-11-20\n"
    )
    resolved = "\n## Resolved at 2026-11-12 11:00 Z\nFine.\n"
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://s.example.com/\ntimezone: UTC\n"
            "start_date: 2026-11-01\nhistory_days: 7\n",
            "content/components.yaml": components,
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-11-12-early.md": BEFORE_START.format(
                title="Early", status="resolved", cid="cdn", impact="partial_outage",
                resolved=resolved,
            ),
            "content/incidents/2026-11-12-edge-down.md": BEFORE_START.format(
                title="Edge down", status="investigating", cid="edge", impact="major_outage",
                resolved="",
            ),
        },
    )  # fmt: skip

    assert 0 == run(root, "build", "-q", "--now", "2026-11-15T12:00:00Z").exit_code

    index = page(root, "index.html")
    cdn, edge = index.select(".uptime")
    # A neutral bar, "no data", on each day before the start, as the summary counts them.
    assert [["d-none"]] * 5 + [["d-operational"]] * 2 == [
        li.get("class") for li in cdn.select("ol.bars > li")
    ]
    assert "Nov 12, 2026: no data" == words(cdn.select("ol.bars > li")[3])
    assert "100% uptime over 2 days · no incidents" == words(cdn.select_one(".summary"))
    assert {"no data"} == {words(li).split(": ")[1] for li in edge.select("ol.bars > li")}
    assert "No data yet" == words(edge.select_one(".summary"))
    # The incidents themselves are still listed, and the status is what it is.
    listed = [words(a) for a in page(root, "components/cdn/index.html").select(".events a")]
    assert "Early" in listed
    status = json.loads(run(root, "status", "--json", "--now", "2026-11-15T12:00:00Z").output)
    assert {"cdn": "operational", "edge": "major_outage"} == {
        c["id"]: c["status"] for c in status["components"]
    }


# --- an incident reopened after it was resolved ------------------------------------------


REOPENED_BY_HAND = """\
---
title: Website flaky
status: resolved
components:
  checkout: partial_outage
---
## Investigating at 2026-11-25 08:00 Z
Flaky.

## Resolved at 2026-11-25 09:00 Z
Fine.

## Investigating at 2026-11-25 12:00 Z
Again.

## Resolved at 2026-11-25 13:00 Z
Fine.
"""


@pytest.mark.parametrize(
    ("now", "listed"),
    [
        (
            "2026-11-30T12:00:00Z",
            [
                "08:00 UTC Partial outage",
                "09:00 UTC Resolved",
                "12:00 UTC Partial outage",
                "13:00 UTC Resolved",
            ],
        ),
        (
            "2026-11-25T12:30:00Z",
            ["08:00 UTC Partial outage", "09:00 UTC Resolved", "12:00 UTC Partial outage"],
        ),
    ],
)
def test_the_incident_page_lists_a_resolution_and_reopening_among_the_changes(
    tmp_path: Path, now: str, listed: list[str]
) -> None:
    path = "content/incidents/2026-11-25-website-flaky.md"
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC")
    root = sitefiles.write_site(tmp_path, {path: REOPENED_BY_HAND, "statusgen.yaml": settings})

    assert 0 == run(root, "build", "-q", "--now", now).exit_code

    shown = page(root, "incidents/2026-11-25-website-flaky/index.html")
    changes = [words(li) for li in shown.select("ol.affected-changes > li")]
    assert [f"Nov 25, 2026, {line}" for line in listed] == changes


REOPENED_IN_ONE_MINUTE = """\
---
title: Website flaky
status: identified
components:
  checkout: partial_outage
---
## Investigating at 2026-11-25 10:00 Z
Flaky.

## Resolved at 2026-11-25 10:30 Z
Fine.

## Investigating at 2026-11-25 10:31 Z
Components: checkout=major_outage

Down.

## Identified at 2026-11-25 10:31 Z
Components: checkout=partial_outage

Partly back.
"""


def test_a_status_replaced_in_the_minute_of_a_reopening_stays_among_the_changes(
    tmp_path: Path,
) -> None:
    # Named first by the reopening update, and replaced in its minute: the major outage
    # was published, and counts as "worst", so the list shows it too.
    path = "content/incidents/2026-11-25-website-flaky.md"
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC")
    files = {path: REOPENED_IN_ONE_MINUTE, "statusgen.yaml": settings}
    root = sitefiles.write_site(tmp_path, files)

    assert 0 == run(root, "build", "-q", "--now", "2026-11-25T12:00:00Z").exit_code

    shown = page(root, "incidents/2026-11-25-website-flaky/index.html")
    assert "worst Major outage" == words(shown.select_one(".affected-worst"))
    changes = [words(li) for li in shown.select("ol.affected-changes > li")]
    assert [
        "Nov 25, 2026, 10:31 UTC Major outage",
        "Nov 25, 2026, 10:31 UTC Partial outage",
    ] == changes


def _timeline(status: str, updates: list[tuple[str, str, str]]) -> str:
    """An incident file on 25 Nov 2026 (UTC) for checkout: (state, time, status set or "")."""
    text = f"---\ntitle: Website flaky\nstatus: {status}\ncomponents:\n  checkout: {{}}\n---\n"
    for state, at, given in updates:
        line = f"Components: checkout={given}\n\n" if given else ""
        text += f"## {state} at 2026-11-25 {at} Z\n{line}Text.\n\n"
    last = [given for _, _, given in updates if given][-1]
    return text.format(last)


@pytest.mark.parametrize(
    ("status", "updates", "listed"),
    [
        pytest.param(
            "investigating",
            [("Investigating", "10:00", "major_outage"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "partial_outage")],
            ["10:00 UTC Major outage", "10:00 UTC Resolved", "10:00 UTC Partial outage"],
            id="opened-resolved-reopened-in-one-minute",
        ),
        pytest.param(
            "investigating",
            [("Investigating", "09:00", "major_outage"),
             ("Identified", "10:00", "degraded_performance"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "partial_outage")],
            ["09:00 UTC Major outage", "10:00 UTC Degraded performance",
             "10:00 UTC Resolved", "10:00 UTC Partial outage"],
            id="set-resolved-reopened-in-one-minute",
        ),
        pytest.param(
            "investigating",
            [("Investigating", "09:00", "major_outage"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "partial_outage"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "degraded_performance")],
            ["09:00 UTC Major outage", "10:00 UTC Resolved", "10:00 UTC Partial outage",
             "10:00 UTC Resolved", "10:00 UTC Degraded performance"],
            id="twice-in-one-minute",
        ),
        pytest.param(
            "resolved",
            [("Investigating", "09:00", "major_outage"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "partial_outage"), ("Resolved", "10:00", "")],
            ["09:00 UTC Major outage", "10:00 UTC Resolved", "10:00 UTC Partial outage",
             "10:00 UTC Resolved"],
            id="reopened-and-ended-in-one-minute",
        ),
        pytest.param(
            "investigating",
            [("Investigating", "10:00", "major_outage"), ("Resolved", "10:00", ""),
             ("Investigating", "10:00", "major_outage")],
            ["10:00 UTC Major outage", "10:00 UTC Resolved", "10:00 UTC Major outage"],
            id="reopened-in-one-minute-with-the-same-status",
        ),
    ],
)  # fmt: skip
def test_a_reopening_in_the_minute_of_its_resolution_lists_the_changes_in_update_order(
    tmp_path: Path, status: str, updates: list[tuple[str, str, str]], listed: list[str]
) -> None:
    # Updates of one minute count in file order (history.md): each status is listed once,
    # with the update that set it, before or after the `Resolved` line as it was written.
    path = "content/incidents/2026-11-25-website-flaky.md"
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC")
    files = {path: _timeline(status, updates), "statusgen.yaml": settings}
    root = sitefiles.write_site(tmp_path, files)

    assert 0 == run(root, "build", "-q", "--now", "2026-11-25T12:00:00Z").exit_code

    shown = page(root, "incidents/2026-11-25-website-flaky/index.html")
    assert "worst Major outage" == words(shown.select_one(".affected-worst"))
    changes = [words(li) for li in shown.select("ol.affected-changes > li")]
    assert [f"Nov 25, 2026, {line}" for line in listed] == changes


REOPENED_NEXT_DAY = """\
---
title: API flapping
status: resolved
components:
  api: operational
---
## Investigating at 2026-11-20 10:00 Z
Components: api=major_outage

Down.

## Resolved at 2026-11-20 10:30 Z
Fixed.

## Investigating at 2026-11-21 11:00 Z
Back again.

## Identified at 2026-11-21 {identified} Z
Components: api=degraded_performance

Found.

## Resolved at 2026-11-21 12:00 Z
Components: api=operational

Done.
"""


@pytest.mark.parametrize("identified", ["11:01", "11:00"])
def test_the_status_a_reopening_brings_back_is_listed_when_its_minute_changes_it(
    tmp_path: Path, identified: str
) -> None:
    # Reopened without a `Components:` line, the incident takes the API back with the
    # major outage it held (api/v2 says so); an update of the same minute that replaces
    # it does not erase it: it was published, so it is listed and is the day's worst.
    path = "content/incidents/2026-11-20-api-flapping.md"
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC")
    incident = REOPENED_NEXT_DAY.format(identified=identified)
    root = sitefiles.write_site(tmp_path, {path: incident, "statusgen.yaml": settings})

    assert 0 == run(root, "build", "-q", "--now", "2026-11-22T12:00:00Z").exit_code

    assert [
        [("operational", "major_outage")],
        [("major_outage", "operational")],
        [("operational", "major_outage")],
        [("major_outage", "degraded_performance")],
        [("degraded_performance", "operational")],
    ] == _api_changes(root, "2026-11-20-api-flapping")
    shown = page(root, "incidents/2026-11-20-api-flapping/index.html")
    changes = [words(li) for li in shown.select("ol.affected-changes > li")]
    assert [
        "Nov 20, 2026, 10:00 UTC Major outage",
        "Nov 20, 2026, 10:30 UTC Resolved",
        "Nov 21, 2026, 11:00 UTC Major outage",
        f"Nov 21, 2026, {identified} UTC Degraded performance",
        "Nov 21, 2026, 12:00 UTC Operational",
        "Nov 21, 2026, 12:00 UTC Resolved",
    ] == changes
    bars = [words(li) for li in page(root, "components/api/index.html").select("ol.bars > li")]
    (day,) = [bar for bar in bars if bar.startswith("Nov 21, 2026:")]
    assert day.startswith("Nov 21, 2026: Major outage, ")


def _reopened(tmp_path: Path) -> Path:
    """An API outage 10:00-11:00, resolved, reopened 20:00-21:00 on 1 Dec (UTC)."""
    root = tmp_path / "r1"
    assert 0 == run(tmp_path, "init", str(root), "--now", "2026-11-30 09:00").exit_code
    for example in (root / "content" / "incidents").glob("*.md"):
        example.unlink()
    for step in (
        ["new", "incident", "API down", "-c", "api=major_outage", "-m", "down",
         "--now", "2026-12-01 10:00"],
        ["resolve", "api-down", "--now", "2026-12-01 11:00"],
        ["update", "api-down", "--status", "investigating", "-m", "again",
         "--now", "2026-12-01 20:00"],
        ["resolve", "api-down", "--now", "2026-12-01 21:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output
    return root


def test_the_resolved_time_before_a_reopening_is_no_downtime(tmp_path: Path) -> None:
    root = _reopened(tmp_path)

    status = json.loads(run(root, "status", "--json", "--now", "2026-12-03 00:00").output)
    api = next(c for c in status["components"] if c["id"] == "api")
    # Two hours of major outage over three days (30 Nov to 2 Dec), not eleven.
    assert cut(1 - 2 / 72) == api["uptime"]

    assert 0 == run(root, "build", "-q", "--now", "2026-12-03 00:00").exit_code
    incident = page(root, "incidents/2026-12-01-api-down/index.html")
    facts = {words(d.dt): words(d.dd) for d in incident.select("dl.facts > div")}
    assert "2 hr" == facts["Duration"]
    bars = [words(li) for li in page(root, "index.html").select("ol.bars > li")]
    assert "Dec 1, 2026: Major outage, 91.66% uptime; API down" in bars

    api_json = json.loads((root / "public/api/v2/incidents.json").read_text())
    updates = api_json["incidents"][0]["incident_updates"][::-1]  # oldest first
    assert [
        ("investigating", [("operational", "major_outage")]),
        ("resolved", [("major_outage", "operational")]),
        ("investigating", [("operational", "major_outage")]),
        ("resolved", [("major_outage", "operational")]),
    ] == [
        (
            u["status"],
            [(c["old_status"], c["new_status"]) for c in u["affected_components"] or []],
        )
        for u in updates
    ]


# --- a maintenance window tidied up after its end --------------------------------------


def _window_resolved_late(new_site: Path) -> Path:
    """A window 01:00-02:00 on 1 Dec, announced the day before, completed by `resolve`
    only on 3 Dec at 10:00 (UTC)."""
    root = new_site
    for step in (
        ["new", "maintenance", "Upgrade", "-c", "api", "--start", "2026-12-01 01:00",
         "--end", "2026-12-01 02:00", "-m", "We will upgrade.", "--now", "2026-11-30 10:00"],
        ["resolve", "upgrade", "--now", "2026-12-03 10:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output
    return root


def test_a_past_window_rebuilt_before_its_late_resolve_is_completed(new_site: Path) -> None:
    root = _window_resolved_late(new_site)

    assert 0 == run(root, "build", "-q", "--now", "2026-12-02 12:00").exit_code

    api = root / "public/api/v2/scheduled-maintenances"
    assert [] == json.loads((api / "upcoming.json").read_text())["scheduled_maintenances"]
    (window,) = json.loads(api.with_suffix(".json").read_text())["scheduled_maintenances"]
    assert ("completed", "2026-12-01T02:00:00.000Z") == (window["status"], window["resolved_at"])
    assert "Upcoming maintenance" not in words(page(root, "index.html"))
    listed = run(root, "incidents", "--now", "2026-12-02 12:00").output
    assert "upgrade" not in listed


def test_a_late_resolve_of_a_window_the_clock_ended_keeps_its_end(new_site: Path) -> None:
    root = _window_resolved_late(new_site)

    assert 0 == run(root, "build", "-q", "--now", "2026-12-03 12:00").exit_code

    api = root / "public/api/v2/scheduled-maintenances.json"
    (window,) = json.loads(api.read_text())["scheduled_maintenances"]
    assert ("completed", "2026-12-01T02:00:00.000Z") == (window["status"], window["resolved_at"])


def test_a_window_the_author_held_open_ends_when_resolved(new_site: Path) -> None:
    root = new_site
    for step in (
        ["new", "maintenance", "Upgrade", "-c", "api", "--start", "2026-12-01 01:00",
         "--end", "2026-12-01 02:00", "--now", "2026-11-30 10:00"],
        ["update", "upgrade", "--status", "in-progress", "-m", "Running over.",
         "--now", "2026-12-01 01:50"],
        ["resolve", "upgrade", "--now", "2026-12-01 03:00"],
        ["build", "-q", "--now", "2026-12-01 04:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    # `status: in_progress` beat the clock from 01:50: the work ended at the resolve.
    api = root / "public/api/v2/scheduled-maintenances.json"
    (window,) = json.loads(api.read_text())["scheduled_maintenances"]
    assert ("completed", "2026-12-01T03:00:00.000Z") == (window["status"], window["resolved_at"])


OVERRAN = """\
---
title: Overran
status: {status}
scheduled_for: 2026-11-21 02:00 +00:00
scheduled_until: 2026-11-21 04:00 +00:00
components:
{components}
---
## Scheduled at 2026-11-15 10:00 +00:00
Planned.

## {heading} at 2026-11-21 02:00 +00:00
Go.
"""


@pytest.mark.parametrize(
    ("status", "heading", "components", "shown", "uptime"),
    [
        (
            "in_progress",
            "In progress",
            "  db: partial_outage",
            "Partial outage",
            1 - 0.3 * 58 / 156,
        ),
        ("verifying", "Verifying", "  db: partial_outage", "Partial outage", 1 - 0.3 * 58 / 156),
        ("in_progress", "In progress", "  - db", "Under maintenance", 1.0),
    ],
)
def test_a_window_held_open_past_its_end_runs_on_in_the_history(
    tmp_path: Path, status: str, heading: str, components: str, shown: str, uptime: float
) -> None:
    """A `status` that holds a window open after its end holds it in the bars and the
    uptime too, day after day, as it does in the status: until it is completed."""
    path = "content/incidents/2026-11-21-overran.md"
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://s.example.com/\ntimezone: UTC\n"
            "start_date: 2026-11-01\nhistory_days: 7\n",
            "content/components.yaml": "- id: db\n  name: DB\n",
            sitefiles.INCIDENT_PATH: None,
            path: OVERRAN.format(status=status, heading=heading, components=components),
        },
    )
    for now, days in (("2026-11-22T12:00:00Z", 2), ("2026-11-23T12:00:00Z", 3)):
        assert 0 == run(root, "build", "-q", "--now", now).exit_code
        bars = [words(li) for li in page(root, "components/db/index.html").select("ol.bars > li")]
        # From the 21st to today, each bar names the window and the status it held.
        assert [shown] * days == [bar.split(": ")[1].split(",")[0] for bar in bars[-days:]]
        assert all(bar.endswith("; Overran") for bar in bars[-days:]), bars
        summary = json.loads((root / "public/api/v2/summary.json").read_text())
        assert status == summary["scheduled_maintenances"][0]["status"]
    # As long as the status said it held them.
    listed = json.loads(run(root, "status", "--json", "--now", "2026-11-23T12:00:00Z").output)
    assert cut(uptime) == listed["components"][0]["uptime"]
    assert "Nov 22, 2026: no incidents" not in bars


# --- impact ------------------------------------------------------------------------------


def test_a_derived_impact_counts_the_worst_status_any_update_gave(new_site: Path) -> None:
    root = new_site
    for step in (
        ["new", "incident", "API down", "-c", "api=major_outage", "-m", "Down.",
         "--now", "2026-12-01 10:00"],
        ["update", "api-down", "--status", "identified", "-c", "api=partial_outage",
         "-m", "Partly back.", "--now", "2026-12-01 11:00"],
        ["update", "api-down", "--status", "monitoring", "-c", "api=degraded_performance",
         "-m", "Slow.", "--now", "2026-12-01 12:00"],
        ["resolve", "api-down", "--now", "2026-12-01 13:00"],
        ["build", "-q", "--now", "2026-12-01 14:00"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output
    text = (root / "content/incidents/2026-12-01-api-down.md").read_text()
    assert "impact:" not in text
    assert "api: degraded_performance" in text

    (incident,) = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    assert "critical" == incident["impact"]
    shown = page(root, "incidents/2026-12-01-api-down/index.html").select_one(".impact")
    assert "Critical impact" == words(shown)


AFTER_THE_END = """\
---
title: API slow
status: resolved
components:
  api: degraded_performance
---
## Investigating at 2026-06-10 10:00 Z
Components: api=degraded_performance

Slow.

## Resolved at 2026-06-10 11:00 Z
Fine.

## Resolved at 2026-06-10 11:05 Z
Components: api=major_outage, checkout=major_outage

Fine, really.
"""


def test_statuses_given_after_the_end_are_not_asked_of_the_front_matter(tmp_path: Path) -> None:
    # The line changes nothing, so the front matter keeps the statuses set up to the end:
    # the incident stays minor, and the component named only after it is not affected.
    path = "content/incidents/2026-06-10-api-slow.md"
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC")
    files = {path: AFTER_THE_END, "statusgen.yaml": settings}
    root = sitefiles.write_site(tmp_path, files)

    result = run(root, "build", "--now", "2026-06-10T12:00:00Z")
    assert 0 == result.exit_code, result.output
    assert "changes nothing" in result.output

    (incident,) = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    assert "minor" == incident["impact"]
    assert ["API"] == [c["name"] for c in incident["components"]]
    shown = page(root, "incidents/2026-06-10-api-slow/index.html")
    assert "Minor impact" == words(shown.select_one(".impact"))
    assert ["worst Degraded performance"] == [words(w) for w in shown.select(".affected-worst")]


def test_an_impact_derived_as_of_a_moment_counts_only_what_was_shown(new_site: Path) -> None:
    root = new_site
    for step in (
        ["new", "incident", "API slow", "-c", "api=degraded_performance", "-m", "Slow.",
         "--now", "2026-12-01 10:00"],
        ["update", "api-slow", "--status", "identified", "-c", "api=major_outage",
         "-m", "Down.", "--now", "2026-12-01 11:00"],
        ["build", "-q", "--now", "2026-12-01 10:30"],
    ):  # fmt: skip
        result = run(root, *step)
        assert 0 == result.exit_code, result.output

    (incident,) = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    assert "minor" == incident["impact"]


def test_a_window_is_not_shown_before_it_was_announced(new_site: Path) -> None:
    # Announced at 10:00 (its `Scheduled at` update): a site built for 09:00 has no sign of
    # it, in pages, feeds, calendar or API, as an incident not yet opened has none.
    root = new_site
    made = run(
        root, "new", "maintenance", "Quiet", "--start", "2026-12-01T02:00Z",
        "--end", "2026-12-01T03:00Z", "-c", "api", "-m", "Planned.",
        "--now", "2026-11-29T10:00Z",
    )  # fmt: skip
    assert 0 == made.exit_code, made.output

    assert 0 == run(root, "build", "-q", "--now", "2026-11-29T09:00Z").exit_code

    out = root / "public"
    api = json.loads((out / "api/v2/scheduled-maintenances.json").read_text())
    assert [] == api["scheduled_maintenances"]
    assert "Quiet" not in (out / "atom.xml").read_text()
    assert "Quiet" not in (out / "maintenance.ics").read_text()
    assert "Quiet" not in words(page(root, "index.html"))
    # Once announced, it is there.
    assert 0 == run(root, "build", "-q", "--now", "2026-11-29T10:30Z").exit_code
    api = json.loads((out / "api/v2/scheduled-maintenances/upcoming.json").read_text())
    assert ["Quiet"] == [m["name"] for m in api["scheduled_maintenances"]]


REOPENED_WITH_ONE_BACK = """\
---
title: Reopen
status: resolved
components:
  api: major_outage
  checkout: operational
---
## Investigating at 2026-11-20 10:00 Z
Components: api=major_outage, checkout=partial_outage

Down.

## Monitoring at 2026-11-20 11:00 Z
Components: checkout=operational

Watching.

## Resolved at 2026-11-20 12:00 Z
Ok.

## Investigating at 2026-11-20 13:00 Z
Back.

## Resolved at 2026-11-20 14:00 Z
Ok.
"""


def test_a_reopening_update_lists_only_the_components_it_changes(tmp_path: Path) -> None:
    # Checkout was back to operational before the incident was resolved: the update that
    # reopens the incident takes the API again and leaves checkout as it was.
    path = "content/incidents/2026-11-20-reopen.md"
    root = sitefiles.write_site(tmp_path, {path: REOPENED_WITH_ONE_BACK})
    assert 0 == run(root, "build", "-q", "--now", "2026-11-25T12:00:00Z").exit_code

    api_json = json.loads((root / "public/api/v2/incidents.json").read_text())
    (reopen,) = [i for i in api_json["incidents"] if i["name"] == "Reopen"]
    reopening = reopen["incident_updates"][::-1][3]  # oldest first
    assert "investigating" == reopening["status"]
    assert [("API", "operational", "major_outage")] == [
        (a["name"].rpartition(" - ")[2], a["old_status"], a["new_status"])
        for a in reopening["affected_components"]
    ]


BACK_DATED = """\
---
title: Slow checkout
status: resolved
date: 2026-11-05 08:00
components:
  checkout: degraded_performance
---
## Investigating at 2026-11-05 10:00
Slow since 08:00, we found out at 10:00.

## Resolved at 2026-11-05 12:00
Fast again.
"""


def test_a_back_dated_incident_shows_from_its_first_update(tmp_path: Path) -> None:
    # `date` says when the trouble began; its first update says when a reader first saw it.
    root = sitefiles.write_site(
        tmp_path, {"content/incidents/2026-11-05-slow-checkout.md": BACK_DATED}
    )

    assert 0 == run(root, "build", "-q", "--now", "2026-11-05 09:00").exit_code
    checked = run(root, "check", "--now", "2026-11-05 09:00")

    out = root / "public"
    api = json.loads((out / "api/v2/incidents.json").read_text())
    assert [] == api["incidents"]
    # The dashboard's own baseline, not the incident's.
    assert "degraded_performance" == json.loads((out / "status.json").read_text())["status"]
    assert "Slow checkout" not in words(page(root, "index.html"))
    assert (
        "2026-11-05-slow-checkout.md:8:1: warning: the incident's first update is dated after "
        "now: pages show it from 2026-11-05 10:00 CET on"
    ) in checked.output
    # Once its first update is published, it shows as begun at 08:00.
    assert 0 == run(root, "build", "-q", "--now", "2026-11-05 10:30").exit_code
    api = json.loads((out / "api/v2/incidents.json").read_text())
    (shown,) = [i for i in api["incidents"] if i["name"] == "Slow checkout"]
    assert ["investigating"] == [u["status"] for u in shown["incident_updates"]]


SAME_MINUTE = """\
---
title: API down
status: resolved
components:
  api: degraded_performance
---
## Investigating at 2026-11-06 10:00
Components: api=major_outage

Down.

## Identified at 2026-11-06 10:00
Components: api=degraded_performance

Correction: only slow.

## Resolved at 2026-11-06 12:00
Fine.
"""


def test_the_day_bar_counts_a_status_held_for_no_time_as_reached(tmp_path: Path) -> None:
    # As the incident page's "worst" does: a reader saw the outage posted.
    root = sitefiles.write_site(
        tmp_path,
        {
            "content/incidents/2026-11-06-api-down.md": SAME_MINUTE,
            sitefiles.INCIDENT_PATH: None,
        },
    )

    assert 0 == run(root, "build", "-q", "--now", "2026-11-06 13:00").exit_code

    (affected,) = page(root, "incidents/2026-11-06-api-down/index.html").select("ul.affected > li")
    assert "worst Major outage" in words(affected)
    bar = words(page(root, "components/api/index.html").select("ol.bars > li")[-1])
    assert "Nov 6, 2026: Major outage, 100% uptime; API down" == bar


def test_completing_a_window_the_clock_began_gives_its_components_back(tmp_path: Path) -> None:
    root = window_site(
        tmp_path,
        ["resolve", "upgrade", "-m", "Done early.", "--now", "2026-12-10 11:00"],
        ["build", "-q", "--now", "2026-12-10 13:00"],
    )

    api = json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())
    completed = api["scheduled_maintenances"][0]["incident_updates"][0]
    assert "completed" == completed["status"]
    # Under maintenance by the clock from 10:00, operational again when completed.
    assert [("Services - API", "under_maintenance", "operational")] == [
        (c["name"], c["old_status"], c["new_status"]) for c in completed["affected_components"]
    ]


def test_a_window_completed_in_the_minute_its_work_began_gives_its_components_back(
    new_site: Path,
) -> None:
    # A client replaying the API's updates ends where components.json stands.
    (new_site / "content/incidents/2026-11-27-zero.md").write_text(
        "---\ntitle: Zero length\nscheduled_for: 2026-11-27 10:00\n"
        "scheduled_until: 2026-11-27 12:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-11-20 09:00\nPlan.\n\n"
        "## In progress at 2026-11-27 10:00\nGo.\n\n"
        "## Completed at 2026-11-27 10:00\nNothing to do.\n"
    )

    assert 0 == run(new_site, "build", "-q", "--now", "2026-12-01T12:00:00Z").exit_code

    api = json.loads((new_site / "public/api/v2/scheduled-maintenances.json").read_text())
    (window,) = api["scheduled_maintenances"]
    assert [
        [("operational", "operational")],
        [("operational", "under_maintenance")],
        [("under_maintenance", "operational")],
    ] == [
        [(c["old_status"], c["new_status"]) for c in u["affected_components"] or []]
        for u in reversed(window["incident_updates"])
    ]


# An API outage posted and resolved in the same minute on 3 Nov (UTC); the file goes on
# (REOPENED_LATER) with an update that reopens it the next day.
RESOLVED_AS_POSTED = """\
---
title: Blip
status: {status}
components:
  api: major_outage
---
## Investigating at 2026-11-03 10:00 Z
Components: api=major_outage

Down.

## Resolved at 2026-11-03 10:00 Z
Back (posted too early).
"""
REOPENED_LATER = """
## Investigating at 2026-11-04 09:00 Z
Down again.
"""
# Slow on 2 Nov, resolved, then reopened with an outage on 3 Nov and resolved in that
# same minute: the last reopening held the API for no time.
REOPENED_AS_IT_ENDED = """\
---
title: Blip
status: resolved
components:
  api: major_outage
---
## Investigating at 2026-11-02 10:00 Z
Components: api=degraded_performance

Slow.

## Resolved at 2026-11-02 11:00 Z
Fine.

## Investigating at 2026-11-03 10:00 Z
Components: api=major_outage

Down.

## Resolved at 2026-11-03 10:00 Z
Back.
"""
SLOW_THAT_AFTERNOON = """\
---
title: Slow
status: resolved
components:
  api: partial_outage
---
## Investigating at 2026-11-03 12:00 Z
Slow.

## Resolved at 2026-11-03 18:00 Z
Fine.
"""
UPGRADE_THAT_AFTERNOON = """\
---
title: Upgrade
scheduled_for: 2026-11-03 12:00 Z
scheduled_until: 2026-11-03 14:00 Z
components: [api]
---
## Scheduled at 2026-11-01 09:00 Z
We will upgrade the API.
"""

# Slow from 10:00 on 3 Nov (UTC), an outage posted at noon and resolved in that same
# minute: the outage held for no time.
ENDED_AS_CHANGED = """\
---
title: Blip
status: {status}
components:
  api: major_outage
---
## Investigating at 2026-11-0{day} {start} Z
Components: api=partial_outage

Slow.

## Identified at 2026-11-03 {end} Z
Components: api=major_outage

Down.

## Resolved at 2026-11-03 {end} Z
Back.
"""


def _blip_site(tmp_path: Path, blip: str, others: dict[str, str]) -> Path:
    """A site of one component, `api`, with the incident `blip` and the `others`, built
    on 4 Nov at noon (UTC)."""
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC") + "start_date: 2026-11-01\n"
    files: dict[str, str | bytes | None] = {
        "statusgen.yaml": settings,
        "content/components.yaml": "- id: api\n  name: API\n",
        sitefiles.INCIDENT_PATH: None,
        "content/incidents/2026-11-03-blip.md": blip,
    }
    files.update({f"content/incidents/{name}": text for name, text in others.items()})
    root = sitefiles.write_site(tmp_path, files)
    assert 0 == run(root, "build", "-q", "--now", "2026-11-04T12:00:00Z").exit_code
    return root


@pytest.mark.parametrize(
    ("blip", "others", "bar"),
    [
        (RESOLVED_AS_POSTED.format(status="resolved"), {}, "Major outage, 100% uptime; Blip"),
        (
            RESOLVED_AS_POSTED.format(status="investigating") + REOPENED_LATER,
            {},
            "Major outage, 100% uptime; Blip",
        ),
        (
            RESOLVED_AS_POSTED.format(status="investigating") + REOPENED_LATER,
            {"2026-11-03-slow.md": SLOW_THAT_AFTERNOON},
            # Six hours of partial outage, weighted 0.3.
            "Major outage, 92.50% uptime; Blip; Slow",
        ),
        (
            RESOLVED_AS_POSTED.format(status="investigating") + REOPENED_LATER,
            {"2026-11-03-upgrade.md": UPGRADE_THAT_AFTERNOON},
            "Major outage, 100% uptime; Blip; Upgrade",
        ),
        (REOPENED_AS_IT_ENDED, {}, "Major outage, 100% uptime; Blip"),
        (
            REOPENED_AS_IT_ENDED,
            {"2026-11-03-slow.md": SLOW_THAT_AFTERNOON},
            "Major outage, 92.50% uptime; Blip; Slow",
        ),
        # Set in the minute the incident ended: two hours of partial outage, weighted 0.3,
        # and the outage for no time.
        (
            ENDED_AS_CHANGED.format(status="resolved", day=3, start="10:00", end="12:00"),
            {},
            "Major outage, 97.50% uptime; Blip",
        ),
        (
            ENDED_AS_CHANGED.format(status="investigating", day=3, start="10:00", end="12:00")
            + REOPENED_LATER,
            {},
            "Major outage, 97.50% uptime; Blip",
        ),
        # Slow from the evening before: 3 Nov saw the outage alone, at midnight.
        (
            ENDED_AS_CHANGED.format(status="resolved", day=2, start="22:00", end="00:00"),
            {},
            "Major outage, 100% uptime; Blip",
        ),
    ],
)
def test_a_status_held_for_no_time_stays_on_its_day_whatever_a_later_update_says(
    tmp_path: Path, blip: str, others: dict[str, str], bar: str
) -> None:
    # Resolved in the minute it was posted (or reopened), the outage was still published:
    # the day shows it and links the incident, as its page lists it, and no downtime.
    root = _blip_site(tmp_path, blip, others)

    (affected,) = page(root, "incidents/2026-11-03-blip/index.html").select("ul.affected > li")
    assert "worst Major outage" in words(affected)
    for path in ("index.html", "components/api/index.html"):
        (day,) = [
            li for li in page(root, path).select("ol.bars > li") if "Nov 3, 2026" in words(li)
        ]
        assert f"Nov 3, 2026: {bar}" == words(day)
        assert ["d-major_outage"] == day["class"]
        assert "/incidents/2026-11-03-blip/" in [a["href"] for a in day.select("a")]


@pytest.mark.parametrize(
    ("blip", "listed"),
    [
        (
            RESOLVED_AS_POSTED.format(status="investigating") + REOPENED_LATER,
            ["Nov 3, 2026, 10:00 UTC Major outage", "Nov 3, 2026, 10:00 UTC Resolved",
             "Nov 4, 2026, 09:00 UTC Major outage"],
        ),
        (
            REOPENED_AS_IT_ENDED,
            ["Nov 2, 2026, 10:00 UTC Degraded performance", "Nov 2, 2026, 11:00 UTC Resolved",
             "Nov 3, 2026, 10:00 UTC Major outage", "Nov 3, 2026, 10:00 UTC Resolved"],
        ),
        (
            ENDED_AS_CHANGED.format(status="investigating", day=3, start="10:00", end="12:00")
            + REOPENED_LATER,
            ["Nov 3, 2026, 10:00 UTC Partial outage", "Nov 3, 2026, 12:00 UTC Major outage",
             "Nov 3, 2026, 12:00 UTC Resolved", "Nov 4, 2026, 09:00 UTC Major outage"],
        ),
    ],
)  # fmt: skip
def test_the_incident_page_lists_a_resolution_next_to_a_status_held_for_no_time(
    tmp_path: Path, blip: str, listed: list[str]
) -> None:
    root = _blip_site(tmp_path, blip, {})

    shown = page(root, "incidents/2026-11-03-blip/index.html")
    assert listed == [words(li) for li in shown.select("ol.affected-changes > li")]


_OUTAGE_POSTED_LATE = """\
---
title: Late posted start
scheduled_for: 2026-04-01 10:00
scheduled_until: 2026-04-01 12:00
components:
  a: major_outage
---
## Scheduled at 2026-03-30 09:00
Plan.

## In progress at 2026-04-01 10:05
Components: a=major_outage

Started, A is down.

## Completed at 2026-04-01 11:00
Done.
"""


def test_a_windows_first_step_posted_late_is_maintenance_until_its_outage_is_posted(
    tmp_path: Path,
) -> None:
    # The work began at 10:00 (BST) with A, but its outage was posted at 10:05: from 10:00
    # A is under maintenance, and down only from 10:05. An outage read back to the
    # window's start rewrote five minutes nobody had been told were downtime.
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://t.example.com\n"
            "timezone: Europe/London\nhistory_days: 7\n",
            "content/components.yaml": "- id: a\n  name: A\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-04-01-late-start.md": _OUTAGE_POSTED_LATE,
        },
    )
    before_posted = "2026-04-01T09:03:00Z"  # 10:03 BST
    shown = json.loads(run(root, "status", "--json", "--now", before_posted).output)
    assert [("a", "under_maintenance")] == [(c["id"], c["status"]) for c in shown["components"]]
    assert "maintenance" == shown["indicator"]
    assert 0 == sitefiles.run_build(root, "-q", now=before_posted).exit_code
    components = json.loads((root / "public/api/v2/components.json").read_text())
    assert ["under_maintenance"] == [c["status"] for c in components["components"]]
    assert "maintenance" == json.loads((root / "public/status.json").read_text())["indicator"]

    assert 0 == sitefiles.run_build(root, "-q", now="2026-04-01T12:00:00Z").exit_code
    # 55 minutes down (10:05 to 11:00) of the 13 hours of the day so far.
    bars = [words(li) for li in page(root, "index.html").select("ol.bars > li")]
    assert "Apr 1, 2026: Major outage, 92.94% uptime; Late posted start" in bars
    api = json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())
    (window,) = api["scheduled_maintenances"]
    assert [
        ("scheduled", [("A", "operational", "operational")]),
        ("in_progress", [("A", "under_maintenance", "major_outage")]),
        ("completed", [("A", "major_outage", "operational")]),
    ] == [
        (
            u["status"],
            [(c["name"], c["old_status"], c["new_status"]) for c in u["affected_components"]],
        )
        for u in reversed(window["incident_updates"])
    ]
