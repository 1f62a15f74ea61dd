"""The measured status rules: openstatus' thresholds at every edge, staleness, advisory
monitors, and status.json's order (incident, maintenance, then checks and declared)."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from factories import NOW, component, incident, maintenance, site
from sitefiles import INCIDENT_PATH, SETTINGS, pin_clock, planned_work, tree, write_site

from statusgen.build import build_site
from statusgen.measured import compute, next_turn, status_for_ratio
from statusgen.model import (
    Check,
    CheckResult,
    ComponentStatus,
    IncidentState,
    Monitor,
    MonitorData,
    MonitorKind,
    Site,
    Source,
)
from statusgen.probe import store
from statusgen.status import OverallStatus

UTC = ZoneInfo("UTC")
OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1.0, OP),
        (0.98, OP),
        (0.9799, DEGRADED),
        (0.6, DEGRADED),
        (0.5999, PARTIAL),
        (0.3, PARTIAL),
        (0.2999, MAJOR),
        (0.0, MAJOR),
        (math.nan, None),  # unknown
    ],
)
def test_ratio_thresholds(ratio: float, expected: ComponentStatus | None) -> None:
    assert expected is status_for_ratio(ratio)


def monitor(mid: str, cid: str = "api", **kw: object) -> Monitor:
    return Monitor(
        id=mid,
        component_id=cid,
        kind=MonitorKind.HTTP,
        name=mid,
        source=Source("content/monitors.yaml", 1),
        url="https://example.com/",
        **kw,  # type: ignore[arg-type]
    )


def data(mid: str, results: str, *, newest: datetime = NOW) -> MonitorData:
    """Runs every 5 minutes ending at `newest`: u up, d down, s slow."""
    kinds = {"u": CheckResult.UP, "d": CheckResult.DOWN, "s": CheckResult.DEGRADED}
    checks = tuple(
        Check(newest - timedelta(minutes=5) * (len(results) - 1 - n), kinds[r], 100)
        for n, r in enumerate(results)
    )
    return MonitorData(mid, checks)


def with_monitors(base: Site, results: dict[str, str], **kw: object) -> Site:
    from dataclasses import replace

    monitors = tuple(monitor(mid, **kw) for mid in results)
    recorded = tuple(data(mid, r) for mid, r in results.items())
    return replace(base, monitors=monitors, monitor_data=recorded)


# Ten monitors of five runs: 50 runs, so ratios land exactly on every edge.
@pytest.mark.parametrize(
    ("downs", "expected"),
    [
        (0, "operational"),
        (1, "operational"),  # 49/50 = 0.98
        (2, "degraded_performance"),  # 0.96
        (20, "degraded_performance"),  # 0.6
        (21, "partial_outage"),  # 0.58
        (35, "partial_outage"),  # 0.3
        (36, "major_outage"),  # 0.28
        (50, "major_outage"),
    ],
)
def test_status_json_accumulates_the_last_five_runs_of_a_components_monitors(
    downs: int, expected: str
) -> None:
    # Ten monitors, all of one component (with_monitors): their runs count together.
    pattern = ["u"] * (50 - downs) + ["d"] * downs
    results = {f"m{n}": "".join(pattern[n * 5 : n * 5 + 5]) for n in range(10)}
    # Older runs than the last five never count.
    results = {mid: "ddddd" + r for mid, r in results.items()}
    status = compute(with_monitors(site(), results), NOW)
    assert expected == status.overall.value


def test_no_fresh_run_anywhere_is_unknown() -> None:
    stale = with_monitors(site(), {"m": "uuuuu"})
    old = NOW + timedelta(minutes=31)  # newest run 31 min old, interval 10: stale
    assert OverallStatus.UNKNOWN is compute(stale, old).overall
    assert OverallStatus.OPERATIONAL is compute(stale, NOW + timedelta(minutes=29)).overall
    assert None is compute(stale, old).measured["api"].status


def test_declared_outage_beats_unknown_checks() -> None:
    base = site(components=[component("api", status=MAJOR)], groups=[])
    stale = with_monitors(base, {"m": "uuuuu"})
    assert OverallStatus.MAJOR_OUTAGE is compute(stale, NOW + timedelta(hours=2)).overall


def test_open_incident_then_maintenance_then_checks() -> None:
    hour = timedelta(hours=1)
    failing = {"m": "ddddd"}
    investigating = incident("x", NOW - hour, IncidentState.INVESTIGATING, {"web": MAJOR})
    monitoring = incident("x", NOW - hour, IncidentState.MONITORING, {"web": MAJOR})
    window = maintenance("w", NOW - hour, NOW + hour, components=("web",))
    cases = [
        (site(incidents=[investigating], maintenances=[window]), "incident"),
        (site(incidents=[monitoring], maintenances=[window]), "under_maintenance"),
        (site(incidents=[monitoring]), "major_outage"),
        (site(), "major_outage"),
    ]
    assert [expected for _, expected in cases] == [
        compute(with_monitors(base, failing), NOW).overall.value for base, _ in cases
    ]


def test_component_status_is_the_worst_of_declared_and_measured() -> None:
    base = site(components=[component("api", status=PARTIAL), component("web")], groups=[])
    measured = compute(with_monitors(base, {"m": "uuuuu"}), NOW)
    assert PARTIAL is measured.components["api"]  # measured operational; declared wins
    failing = compute(with_monitors(base, {"m": "udddd"}, cid="web"), NOW)
    assert MAJOR is failing.components["web"]  # 1/5 = 0.2


def test_slow_newest_run_degrades() -> None:
    status = compute(with_monitors(site(), {"m": "uuuus"}), NOW)
    assert DEGRADED is status.components["api"]
    recovered = compute(with_monitors(site(), {"m": "suuuu"}), NOW)
    assert OP is recovered.components["api"]


def test_advisory_monitors_are_shown_but_never_override() -> None:
    status = compute(with_monitors(site(), {"m": "ddddd"}, advisory=True), NOW)
    assert OP is status.components["api"]
    assert OverallStatus.OPERATIONAL is status.overall
    assert MAJOR is status.measured["api"].status  # still measured, for the page to show


def test_without_monitors_nothing_changes() -> None:
    from statusgen import status as declared

    base = site()
    assert declared.compute(base, NOW) == compute(base, NOW)


# --- through the files: the build's status.json ------------------------------------------

MONITORS = """\
- id: api-health
  component: api
  type: http
  url: https://api.example.com/health
"""


def test_build_writes_measured_status(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS})
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    checks = data("api-health", "uuddd", newest=now).checks
    store.record(root, {"api-health": checks}, UTC, 90)
    result = build_site(root, now=now, output=tmp_path / "out")
    status = json.loads((result.output / "status.json").read_text())
    assert "partial_outage" == status["status"]  # 2/5 = 0.4
    # New runs change the data file: the next build must not reuse the old output.
    later = [Check(now + timedelta(minutes=n), CheckResult.UP, 90) for n in (1, 2, 3)]
    store.record(root, {"api-health": later}, UTC, 90)
    result = build_site(root, now=now + timedelta(minutes=3), output=tmp_path / "out")
    status = json.loads((result.output / "status.json").read_text())
    assert "degraded_performance" == status["status"]  # 3/5 = 0.6


def test_status_command_shows_measured_status_and_latency(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from statusgen.cli import cli

    monitors = MONITORS + "- {id: nightly, component: checkout, type: heartbeat, interval: 60}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    store.record(root, {"api-health": data("api-health", "uuddd", newest=now).checks}, UTC, 90)
    old = Check(now - timedelta(hours=4), CheckResult.UP, None)
    store.record(root, {"nightly": [old]}, UTC, 90)
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(root), "status", "--now", now.isoformat()])
    assert 0 == result.exit_code, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert "Partial outage" in lines["api-health"] and "100 ms" in lines["api-health"]
    assert "2 of the last 5 up" in lines["api-health"]
    assert "Unknown" in lines["nightly"] and "stale: last run" in lines["nightly"]
    as_json = json.loads(
        runner.invoke(cli, ["-C", str(root), "status", "--json", "--now", now.isoformat()]).output
    )
    assert [("api-health", "partial_outage", 100), ("nightly", "unknown", None)] == [
        (m["id"], m["status"], m["latency_ms"]) for m in as_json["monitors"]
    ]


def test_status_command_says_a_monitors_runs_were_all_muted(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from statusgen.cli import cli

    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    window = planned_work(now - timedelta(hours=1), now + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    runs = [Check(now - timedelta(minutes=m), CheckResult.DOWN, None, muted=True) for m in (10, 5)]
    store.record(root, {"api-health": runs}, UTC, 90)
    result = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now.isoformat()])
    assert 0 == result.exit_code, result.output
    (line,) = [line for line in result.output.splitlines() if "api-health" in line]
    # During planned work no run counts: none of "the last 0" to speak of.
    assert "Unknown" in line and line.endswith(", recent runs muted by maintenance"), line


def test_status_command_says_the_last_run_was_muted_by_maintenance(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from statusgen.cli import cli

    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    window = planned_work(now - timedelta(hours=1), now + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    runs = [Check(now - timedelta(minutes=m), CheckResult.UP, 20) for m in (30, 20, 10)]
    runs.append(Check(now - timedelta(minutes=5), CheckResult.DOWN, None, "HTTP 503", muted=True))
    store.record(root, {"api-health": runs}, UTC, 90)
    result = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now.isoformat()])
    assert 0 == result.exit_code, result.output
    (line,) = [line for line in result.output.splitlines() if "api-health" in line]
    # Operational beside a failed run: the line says that run does not count.
    assert "Operational" in line, line
    assert "last run 2026-12-01 12:55 CET (muted by maintenance), 3 of the last 3 up" in line


@pytest.mark.parametrize(
    ("completed", "muted"),
    [
        ("12:00:40", "muted"),  # resolve writes the minute: runs in it stay muted
        ("11:59:00", "unmuted"),  # a window edited to end earlier counts them again
    ],
)
def test_completing_a_window_to_the_minute_keeps_its_runs_in_that_minute_muted(
    tmp_path: Path, completed: str, muted: str
) -> None:
    from click.testing import CliRunner

    from statusgen.cli import cli

    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    window = planned_work(now - timedelta(hours=1), now + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    ups = [Check(now - timedelta(minutes=m), CheckResult.UP, None) for m in (5, 4, 3)]
    downs = [Check(now + timedelta(seconds=s), CheckResult.DOWN, None, muted=True) for s in (5, 9)]
    store.record(root, {"api-health": ups + downs}, UTC, 90)
    runner = CliRunner()
    slug = next(iter(window)).removeprefix("content/incidents/").removesuffix(".md")
    done = f"2026-12-01T{completed}+00:00"
    result = runner.invoke(cli, ["-C", str(root), "resolve", slug, "--now", done])
    assert 0 == result.exit_code, result.output
    later = "2026-12-01T12:00:50+00:00"
    result = runner.invoke(cli, ["-C", str(root), "status", "--now", later])
    assert 0 == result.exit_code, result.output
    (line,) = [line for line in result.output.splitlines() if "api-health" in line]
    if muted == "muted":
        assert "Operational" in line and "3 of the last 3 up" in line, line
    else:
        assert "Degraded performance" in line and "3 of the last 5 up" in line, line


@pytest.mark.parametrize("before_resolve", [True, False])
def test_a_run_in_the_minute_a_window_ends_is_muted_in_whichever_order_it_arrives(
    tmp_path: Path, before_resolve: bool
) -> None:
    """`record` marks a new run by the rule that keeps a mark (an end written without
    seconds covers its minute): a run made at 12:00:30, while the work was in progress, is
    muted whether it is recorded before or after `resolve` writes `Completed at 12:00`."""
    from click.testing import CliRunner

    from statusgen.cli import cli

    # An hour ago: `record` keeps only runs of the last 48 hours by the real clock.
    now = (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)
    window = planned_work(now - timedelta(hours=1), now + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    ups = [Check(now - timedelta(minutes=m), CheckResult.UP, None) for m in (5, 4, 3)]
    store.record(root, {"api-health": ups}, UTC, 90)
    runner = CliRunner()
    slug = next(iter(window)).removeprefix("content/incidents/").removesuffix(".md")
    steps = [
        ["resolve", slug, "--now", (now + timedelta(seconds=40)).isoformat()],
        ["record", "api-health", "--down", "--at", (now + timedelta(seconds=30)).isoformat()],
    ]
    for step in steps[::-1] if before_resolve else steps:
        result = runner.invoke(cli, ["-C", str(root), *step])
        assert 0 == result.exit_code, result.output
    later = (now + timedelta(seconds=50)).isoformat()
    result = runner.invoke(cli, ["-C", str(root), "status", "--now", later])
    assert 0 == result.exit_code, result.output
    (line,) = [line for line in result.output.splitlines() if "api-health" in line]
    assert "Operational" in line and "3 of the last 3 up" in line, line


def test_adding_monitors_to_a_built_site_changes_the_next_build(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path / "site")
    hour_ago = datetime.now().timestamp() - 3600
    for path in [root, *root.rglob("*")]:  # old enough for the build to trust their stat
        os.utime(path, (hour_ago, hour_ago))
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    build_site(root, now=now, output=tmp_path / "out")
    # Declared, not yet measured: the page must still gain its Checks section.
    (root / "content/monitors.yaml").write_text(MONITORS)
    second = build_site(root, now=now, output=tmp_path / "out")
    assert not second.skipped
    assert 'id="checks"' in (second.output / "components/api/index.html").read_text()
    store.record(root, {"api-health": data("api-health", "ddddd", newest=now).checks}, UTC, 90)
    third = build_site(root, now=now, output=tmp_path / "out")
    assert "major_outage" == json.loads((third.output / "status.json").read_text())["status"]


def test_a_maintenance_window_outranks_declared_outages_in_status_json() -> None:
    hour = timedelta(hours=1)
    window = maintenance("w", NOW - hour, NOW + hour, components=("web",))
    base = site(components=[component("api", status=MAJOR), component("web")], groups=[])
    from dataclasses import replace

    assert (
        OverallStatus.UNDER_MAINTENANCE
        is compute(replace(base, maintenances=(window,)), NOW).overall
    )
    assert OverallStatus.MAJOR_OUTAGE is compute(base, NOW).overall


def test_a_run_from_the_second_the_build_starts_counts() -> None:
    from dataclasses import replace

    base = with_monitors(site(), {"m": ""})

    def status_with(run: Check) -> ComponentStatus:
        recorded = MonitorData("m", (run,))
        return compute(replace(base, monitor_data=(recorded,)), NOW).components["api"]

    # The clock reads whole seconds; a run 0.7 s into that second has happened.
    assert MAJOR is status_with(Check(NOW + timedelta(milliseconds=700), CheckResult.DOWN))
    # A run in a later second has not (a build for a moment in the past).
    assert OP is status_with(Check(NOW + timedelta(seconds=1), CheckResult.DOWN))


def test_the_next_turn_is_when_the_clock_alone_changes_the_site_next() -> None:
    # What a preview left open waits for: no file changes, and yet the pages do.
    from dataclasses import replace

    window = maintenance("window", NOW + timedelta(minutes=40), NOW + timedelta(hours=2))
    base = with_monitors(site(maintenances=[window]), {"m": "uuuuu"})  # newest run at NOW
    # Stale once more than three intervals of 10 minutes old, as the clock reads it.
    assert NOW + timedelta(minutes=30, microseconds=1) == next_turn(base, NOW)
    assert is_stale_at(base, NOW + timedelta(minutes=30, seconds=1))
    assert not is_stale_at(base, NOW + timedelta(minutes=30))
    # Then the window's start and end; then nothing.
    assert NOW + timedelta(minutes=40) == next_turn(base, NOW + timedelta(minutes=31))
    assert NOW + timedelta(hours=2) == next_turn(base, NOW + timedelta(minutes=40))
    assert None is next_turn(base, NOW + timedelta(hours=2))
    # A run recorded ahead of the clock counts from its second.
    ahead = Check(NOW + timedelta(minutes=5, milliseconds=300), CheckResult.DOWN)
    recorded = replace(base.monitor_data[0], checks=(*base.monitor_data[0].checks, ahead))
    later = replace(base, monitor_data=(recorded,))
    assert NOW + timedelta(minutes=5) == next_turn(later, NOW)


def is_stale_at(base: Site, moment: datetime) -> bool:
    return None is compute(base, moment).measured["api"].status


def test_data_going_stale_changes_the_next_build_without_any_file_changing(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS})
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    store.record(root, {"api-health": data("api-health", "ddddd", newest=now).checks}, UTC, 90)
    first = build_site(root, now=now, output=tmp_path / "out")
    page = (first.output / "components/api/index.html").read_text()
    assert "Major outage" in page
    later = build_site(root, now=now + timedelta(hours=1), output=tmp_path / "out")
    status = json.loads((later.output / "status.json").read_text())
    summary = json.loads((later.output / "api/v2/summary.json").read_text())
    api = [c for c in summary["components"] if c["name"] == "API"]
    assert "degraded_performance" == status["status"]  # declared Dashboard; checks unknown
    assert ["operational"] == [c["status"] for c in api]
    assert "No check since" in (later.output / "components/api/index.html").read_text()


# --- never greener than the worst component; only what was known at `now` -----------------

SETTINGS_UTC = SETTINGS.replace("Europe/Berlin", "UTC")
TWO_COMPONENTS = """\
- name: API
- id: website
  name: Website
"""


def _status_json(root: Path, now: datetime) -> dict[str, object]:
    from click.testing import CliRunner

    from statusgen.cli import cli

    result = CliRunner().invoke(
        cli, ["-C", str(root), "status", "--json", "--now", now.isoformat()]
    )
    assert 0 == result.exit_code, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_one_failing_component_among_many_healthy_monitors_is_no_all_clear(
    tmp_path: Path,
) -> None:
    # 59 monitors on the website answer, the API's one does not: pooled over the whole
    # site that is 295 of 300 runs up (0.98), yet the API is in a major outage.
    healthy = [f"web-{n}" for n in range(59)]
    monitors = "".join(
        f"- {{id: {mid}, component: website, type: http, url: 'https://example.com/'}}\n"
        for mid in healthy
    )
    monitors += "- {id: api-health, component: api, type: http, url: 'https://example.com/'}\n"
    files = {
        "content/components.yaml": TWO_COMPONENTS,
        "content/monitors.yaml": monitors,
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    recorded = {mid: data(mid, "uuuuu", newest=now).checks for mid in healthy}
    recorded["api-health"] = data("api-health", "ddddd", newest=now).checks
    store.record(root, recorded, UTC, 90)
    out = build_site(root, now=now, output=tmp_path / "out").output
    assert "major_outage" == json.loads((out / "status.json").read_text())["status"]
    home = (out / "index.html").read_text()
    assert '<h1 id="overall">Major outage</h1>' in home
    assert "All systems operational" not in home
    assert "major outage" in (out / "badge.svg").read_text()
    assert "major outage" == json.loads((out / "shields.json").read_text())["message"]
    assert "major_outage" == _status_json(root, now)["overall"]


def test_a_past_moment_shows_only_the_checks_made_by_then(tmp_path: Path) -> None:
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": SETTINGS_UTC}
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    # 24 runs that answered up to `now`, then failures: later the same day, and the next.
    before = data("api-health", "u" * 24, newest=now - timedelta(minutes=5)).checks
    later = data("api-health", "d" * 12, newest=now + timedelta(hours=2)).checks
    next_day = data("api-health", "d" * 12, newest=now + timedelta(hours=20)).checks
    store.record(root, {"api-health": [*before, *later, *next_day]}, UTC, 90)
    (monitor,) = _status_json(root, now)["monitors"]  # type: ignore[misc]
    assert ("operational", 1.0, "2026-12-01T11:55:00+00:00") == (
        monitor["status"],
        monitor["uptime"],
        monitor["last_run"],
    )
    out = build_site(root, now=now, output=tmp_path / "out").output
    page = (out / "components/api/index.html").read_text()
    assert "<strong>100%</strong> of checks passed" in page
    figures = re.findall(r'<tr><th scope="row">([^<]*)</th><td>(\d+)</td>', page)
    assert [("Dec 1, 2026", "24")] == figures
    # Before the first run nothing at all was known.
    earlier = _status_json(root, now - timedelta(days=1))
    (monitor,) = earlier["monitors"]  # type: ignore[index]
    assert (None, None, "unknown") == (monitor["last_run"], monitor["uptime"], monitor["status"])


def test_a_past_moment_whose_day_lost_its_runs_shows_no_figures_for_that_day() -> None:
    from dataclasses import replace

    from statusgen.measured import data_as_of

    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    runs = data("m", "u" * 24 + "d" * 24, newest=now + timedelta(hours=2)).checks
    recorded = store.add_checks(MonitorData("m"), runs, UTC, 90)
    # The runs of `now`'s day that came later were counted, then dropped from the file:
    # what the day stood at by `now` can no longer be told apart.
    pruned = replace(recorded, checks=recorded.checks[-5:], pruned_before=runs[-6].at)
    assert () == data_as_of(pruned, now, UTC).days
    kept = data_as_of(recorded, now, UTC)
    assert [(now.date(), 24, 0)] == [(d.day, d.checks, d.failures) for d in kept.days]


def test_days_before_the_record_begins_stay_without_data(tmp_path: Path) -> None:
    monitors = MONITORS + (
        "- {id: checkout-port, component: checkout, type: tcp, host: 10.0.0.5, port: 443,"
        " advisory: true}\n"
    )
    components = """\
- name: API
- id: checkout
  name: Checkout
  start_date: 2026-12-04
- id: web
  name: Website
"""
    files = {
        "content/monitors.yaml": monitors,
        "content/components.yaml": components,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-12-03\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-05T12:00:00+00:00")
    # Failing runs every day from Dec 2: before the site's record (api) and before the
    # component's own start (checkout, whose only monitor is advisory anyway).
    failing = data("m", "d" * 12 * 24 * 4, newest=now).checks
    store.record(root, {"api-health": failing, "checkout-port": failing}, UTC, 90)
    out = build_site(root, now=now, output=tmp_path / "out").output

    def bars(component: str) -> dict[str, tuple[str, str]]:
        html = (out / f"components/{component}/index.html").read_text()
        found = re.findall(r'<li class="d-([a-z_]+)"><span class="tip">([^<]*)</span>', html)
        return {label.split(":")[0]: (css, label) for css, label in found}

    api, checkout = bars("api"), bars("checkout")
    assert ("none", "Dec 2, 2026: no data") == api["Dec 2, 2026"]
    assert "major_outage" == api["Dec 3, 2026"][0]  # counted from the record's start
    assert ("none", "Dec 3, 2026: no data") == checkout["Dec 3, 2026"]
    # Advisory checks never colour a day, even one with data.
    assert "operational" == checkout["Dec 4, 2026"][0]


def test_checks_before_a_components_start_count_in_no_figure(tmp_path: Path) -> None:
    components = "- name: API\n  start_date: 2026-12-04\n- id: web\n  name: Website\n"
    files = {
        "content/monitors.yaml": MONITORS,
        "content/components.yaml": components,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-11-01\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-05T12:00:00+00:00")
    # Two days of failures (Dec 2 and 3), then every run up from the API's start on.
    runs = data("api-health", "d" * 576 + "u" * 433, newest=now).checks
    store.record(root, {"api-health": runs}, UTC, 90)
    out = tmp_path / "out"
    build_site(root, now=now, output=out)

    def figures() -> tuple[list[str], list[tuple[str, str]]]:
        page = (out / "components/api/index.html").read_text()
        passed = re.findall(r"<strong>([^<]*)</strong> of checks passed", page)
        return passed, re.findall(r'<tr><th scope="row">([^<]*)</th><td>(\d+)</td>', page)

    # The bars show Dec 2 and 3 as "no data": no figure counts their checks either.
    assert (["100%", "100%"], [("Dec 5, 2026", "145"), ("Dec 4, 2026", "288")]) == figures()
    (monitor,) = _status_json(root, now)["monitors"]  # type: ignore[misc]
    assert 1.0 == monitor["uptime"]
    # Moving the start a day back brings that day's failures in, in a cached rebuild as
    # in a clean one.
    (root / "content/components.yaml").write_text(components.replace("12-04", "12-03"))
    build_site(root, now=now, output=out)
    assert (
        ["60.05%", "60.05%"],
        [("Dec 5, 2026", "145"), ("Dec 4, 2026", "288"), ("Dec 3, 2026", "288")],
    ) == figures()
    assert tree(out) == tree(
        build_site(root, now=now, output=tmp_path / "clean", use_cache=False).output
    )


@pytest.mark.parametrize("history_days", [1, 2])
def test_the_last_five_runs_count_across_midnight_whatever_the_window(
    tmp_path: Path, history_days: int
) -> None:
    beat = "- {id: job, component: api, type: heartbeat, interval: 10}\n"
    files = {
        "content/monitors.yaml": beat,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + f"start_date: 2026-11-01\nhistory_days: {history_days}\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    down = [datetime.fromisoformat(f"2026-12-04T23:{m}:00+00:00") for m in (20, 30, 40, 50)]
    up = datetime.fromisoformat("2026-12-05T00:00:00+00:00")
    runs = [Check(at, CheckResult.DOWN) for at in down] + [Check(up, CheckResult.UP)]
    store.record(root, {"job": runs}, UTC, history_days)
    out = tmp_path / "out"

    def seen(now: datetime) -> tuple[str, str, str]:
        build_site(root, now=now, output=out)
        status = json.loads((out / "status.json").read_bytes())["status"]
        components = json.loads((out / "api/v2/components.json").read_bytes())["components"]
        (api,) = [c["updated_at"] for c in components if c["name"] == "API"]
        (job,) = _status_json(root, now)["monitors"]  # type: ignore[misc]
        return status, api, job["status"]  # type: ignore[index]

    went_down = "2026-12-04T23:20:00.000Z"
    before = datetime.fromisoformat("2026-12-04T23:59:00+00:00")
    assert ("major_outage", went_down, "major_outage") == seen(before)
    # Past midnight the window may begin today, yet 1 of the last 5 runs up is still an
    # outage, which began when it did; only the figures keep to the window's days.
    now = datetime.fromisoformat("2026-12-05T00:01:00+00:00")
    assert ("major_outage", went_down, "major_outage") == seen(now)
    from click.testing import CliRunner

    from statusgen.cli import cli

    shown = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now.isoformat()])
    assert "1 of the last 5 up" in shown.output
    page = (out / "components/api/index.html").read_text()
    passed = re.findall(r"<strong>([^<]*)</strong> of checks passed", page)
    assert (["100%", "100%"] if history_days == 1 else ["20.00%", "20.00%"]) == passed
    assert tree(out) == tree(
        build_site(root, now=now, output=tmp_path / "clean", use_cache=False).output
    )


def test_a_run_at_midnight_sharp_is_left_out_of_the_checks_figure_as_of_the_uptime(
    tmp_path: Path,
) -> None:
    # 00:00 in Yangon (+06:30): none of 8 Dec has passed, so the declared uptime ends at
    # that midnight; the checks beside it must count the same days, not the 00:00 run.
    beat = "- {id: job, component: api, type: heartbeat, interval: 5}\n"
    settings = SETTINGS.replace("Europe/Berlin", "Asia/Yangon") + "start_date: 2026-11-01\n"
    files = {
        "content/monitors.yaml": beat,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": settings,
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    tz = ZoneInfo("Asia/Yangon")
    results = {"17:20": CheckResult.UP, "17:25": CheckResult.DOWN, "17:29": CheckResult.DOWN}
    results["17:30"] = CheckResult.DOWN  # 00:00 on 8 Dec, local time
    runs = [
        Check(datetime.fromisoformat(f"2026-12-07T{t}:00+00:00"), r) for t, r in results.items()
    ]
    store.record(root, {"job": runs}, tz, 90)
    out = tmp_path / "out"

    def passed(now: str) -> tuple[list[str], object]:
        moment = datetime.fromisoformat(now)
        build_site(root, now=moment, output=out)
        page = (out / "components/api/index.html").read_text()
        (job,) = _status_json(root, moment)["monitors"]  # type: ignore[misc]
        return re.findall(r"<strong>([^<]*)</strong> of checks passed", page), job["uptime"]  # type: ignore[index]

    # A minute before, at midnight sharp, and a minute after (8 Dec then counts).
    assert (["33.33%", "33.33%"], 0.333333) == passed("2026-12-07T17:29:00+00:00")
    assert (["33.33%", "33.33%"], 0.333333) == passed("2026-12-07T17:30:00+00:00")
    assert (["25.00%", "25.00%"], 0.25) == passed("2026-12-07T17:31:00+00:00")
    # Today's bar still shows the checks of that moment, as it shows the declared status.
    build_site(root, now=datetime.fromisoformat("2026-12-07T17:30:00+00:00"), output=out)
    page = (out / "components/api/index.html").read_text()
    assert "Dec 8, 2026: no incidents; checks: major outage" in re.sub(r"\s+", " ", page)


def test_a_status_change_by_the_checks_moves_the_apis_updated_at(tmp_path: Path) -> None:
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": SETTINGS_UTC}
    root = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")

    def api_times(at: datetime) -> list[tuple[str, str, str]]:
        build_site(root, now=at, output=out)
        found = []
        for name in ("components.json", "summary.json"):
            data = json.loads((out / "api/v2" / name).read_bytes())
            found.append(("page", "", data["page"]["updated_at"]))
            found += [(c["name"], c["status"], c["updated_at"]) for c in data["components"]]
        return [f for f in found if f[0] in ("page", "API")]

    # Degraded from the first failure (11:50), a partial outage from the third (12:00).
    runs = data("api-health", "u" * 5 + "ddd", newest=now).checks
    store.record(root, {"api-health": runs}, UTC, 90)
    partial = [
        ("page", "", "2026-12-01T12:00:00.000Z"),
        ("API", "partial_outage", "2026-12-01T12:00:00.000Z"),
    ]
    assert partial * 2 == api_times(now)
    # A run that leaves the status as it was moves nothing.
    later = [Check(now + timedelta(minutes=5) * n, CheckResult.UP, 90) for n in range(1, 6)]
    store.record(root, {"api-health": later[:1]}, UTC, 90)
    assert partial * 2 == api_times(later[0].at)
    # Back to operational at 12:25, the declared status again: a change all the same.
    store.record(root, {"api-health": later[1:]}, UTC, 90)
    back = [
        ("page", "", "2026-12-01T12:25:00.000Z"),
        ("API", "operational", "2026-12-01T12:25:00.000Z"),
    ]
    at = later[-1].at + timedelta(minutes=1)
    assert back * 2 == api_times(at)
    assert tree(out) == tree(
        build_site(root, now=at, output=tmp_path / "clean", use_cache=False).output
    )


@pytest.mark.parametrize(
    ("at", "api", "overall", "updated_at"),
    [
        # `statusgen probe && statusgen build` within one second: the run is made by now.
        ("2026-12-01T12:00:00", "major_outage", "major_outage", "2026-12-01T12:00:00.500Z"),
        ("2026-12-01T12:00:01", "major_outage", "major_outage", "2026-12-01T12:00:00.500Z"),
        # A second before it, the run is still ahead for both: the record's start stands.
        ("2026-12-01T11:59:59", "operational", "unknown", "2026-11-01T00:00:00.000Z"),
    ],
)
def test_a_run_from_the_builds_second_moves_status_and_updated_at_together(
    tmp_path: Path, at: str, api: str, overall: str, updated_at: str
) -> None:
    files = {
        "content/monitors.yaml": MONITORS,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-11-01\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    run = datetime.fromisoformat("2026-12-01T12:00:00.500+00:00")
    store.record(root, {"api-health": [Check(run, CheckResult.DOWN, None, "disk full")]}, UTC, 90)
    now = datetime.fromisoformat(at + "+00:00")
    out = build_site(root, now=now, output=tmp_path / "out").output

    components = json.loads((out / "api/v2/components.json").read_bytes())["components"]
    status = json.loads((out / "status.json").read_bytes())
    assert [(api, updated_at)] == [
        (c["status"], c["updated_at"]) for c in components if c["name"] == "API"
    ]
    assert (overall, updated_at) == (status["status"], status["updated_at"])


def test_a_change_by_the_checks_older_than_the_runs_kept_moves_nothing(tmp_path: Path) -> None:
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": SETTINGS_UTC}
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")

    def api_updated(at: datetime) -> tuple[str, str]:
        out = build_site(root, now=at, output=tmp_path / "out").output
        data = json.loads((out / "api/v2/components.json").read_bytes())
        (api,) = [c for c in data["components"] if c["name"] == "API"]
        return api["status"], api["updated_at"]

    # Down for three days: the runs of the first day, when it went down, were dropped.
    store.record(root, {"api-health": data("api-health", "d" * 864, newest=now).checks}, UTC, 90)
    # Its change is no longer known: the component's own record stands (the site's start),
    # and stays as more runs come and older ones go.
    assert ("major_outage", "2026-11-20T14:05:00.000Z") == api_updated(now)
    later = data("api-health", "d" * 12, newest=now + timedelta(hours=1)).checks
    store.record(root, {"api-health": later}, UTC, 90)
    assert ("major_outage", "2026-11-20T14:05:00.000Z") == api_updated(now + timedelta(hours=1))


# --- a heartbeat that goes quiet and comes back ------------------------------------------

HEARTBEAT = "- {id: api-beat, component: api, type: heartbeat, interval: 10}\n"


def _heartbeat_site(tmp_path: Path, runs: str) -> Path:
    """A site whose API has a heartbeat every 10 minutes, with `runs` recorded: "<UTC time>
    up|down" per line, as a cron job reports them."""
    files = {
        "content/monitors.yaml": HEARTBEAT,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-11-25\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    _report(root, runs)
    return root


def _report(root: Path, runs: str) -> None:
    kinds = {"up": CheckResult.UP, "down": CheckResult.DOWN}
    pairs = runs.split()
    for at, result in zip(pairs[0::2], pairs[1::2], strict=True):
        run = Check(datetime.fromisoformat(at + "+00:00"), kinds[result])
        store.record(root, {"api-beat": [run]}, UTC, 90)


def _updated(out: Path) -> tuple[str, str, str, str]:
    """status.json's status and updated_at, the API component's status and updated_at."""
    status = json.loads((out / "status.json").read_bytes())
    summary = json.loads((out / "api/v2/summary.json").read_bytes())
    (api,) = [c for c in summary["components"] if c["name"] == "API"]
    assert status["updated_at"] == summary["page"]["updated_at"]
    return status["status"], status["updated_at"], api["status"], api["updated_at"]


BEFORE_THE_WEEKEND = """
2026-12-01T10:00:00 up 2026-12-01T10:10:00 up 2026-12-01T10:20:00 up
2026-12-01T10:30:00 down 2026-12-01T10:40:00 down 2026-12-01T10:50:00 up
"""


def test_a_heartbeat_back_after_two_days_dates_its_return_and_moves_nothing_back(
    tmp_path: Path,
) -> None:
    root = _heartbeat_site(tmp_path, BEFORE_THE_WEEKEND)
    now = datetime.fromisoformat("2026-12-03T12:00:00+00:00")
    out = tmp_path / "out"
    # Degraded from 10:30 (2 of the last 5 down), stale from 11:20: unknown since then.
    stale = "2026-12-01T11:20:00.000Z"
    assert ("unknown", stale, "operational", stale) == _updated(
        build_site(root, now=now, output=out).output
    )
    # Back two days later: the runs before the gap are its past (one up of one: operational),
    # and the page says when it came back; the component's own last change is still told.
    _report(root, "2026-12-03T12:00:00 up")
    back = ("operational", "2026-12-03T12:00:00.000Z", "operational", stale)
    assert back == _updated(build_site(root, now=now, output=out).output)
    assert tree(out) == tree(
        build_site(root, now=now, output=tmp_path / "clean", use_cache=False).output
    )


def test_a_monitor_whose_runs_begin_after_the_moment_leaves_the_others_changes_told(
    tmp_path: Path,
) -> None:
    files = {
        "content/monitors.yaml": HEARTBEAT
        + "- {id: nightly, component: website, type: heartbeat, interval: 1440}\n",
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-11-01\n",
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    # The nightly job failed, went quiet (unknown from Nov 17, 03:00), and came back up.
    for day, result in [(10, "up"), (11, "down"), (12, "down"), (14, "down"), (20, "up")]:
        run = Check(datetime(2026, 11, day, 3, tzinfo=UTC), CheckResult(result))
        store.record(root, {"nightly": [run]}, UTC, 90)
    # The API's heartbeat began later, and its first runs were dropped since.
    every_six_hours = (
        f"2026-11-{d}T{h:02}:00:00 up" for d in range(25, 29) for h in (0, 6, 12, 18)
    )
    _report(root, " ".join(every_six_hours))
    _report(root, "2026-12-01T11:00:00 down 2026-12-01T11:30:00 down")
    now = datetime.fromisoformat("2026-11-20T04:00:00+00:00")
    # The page was unknown until the nightly job spoke again: the API's heartbeat, not yet
    # running then, takes nothing from when it did.
    status, updated, _, _ = _updated(build_site(root, now=now, output=tmp_path / "out").output)
    assert ("operational", "2026-11-20T03:00:00.000Z") == (status, updated)


def test_a_past_moment_whose_runs_were_dropped_has_no_status_worked_out_from_the_rest(
    tmp_path: Path,
) -> None:
    root = _heartbeat_site(tmp_path, BEFORE_THE_WEEKEND)
    moment = datetime.fromisoformat("2026-12-01T10:45:00+00:00")

    def then() -> tuple[object, object]:
        shown = _status_json(root, moment)
        (beat,) = shown["monitors"]  # type: ignore[misc]
        return shown["overall"], beat["status"]  # type: ignore[index]

    assert ("degraded_performance", "degraded_performance") == then()  # 3 of the 5 up
    # Two days later the 10:00 run is dropped: 10:45's last five are no longer known, and
    # the 3 runs held (1 up) must not make it a partial outage the page never showed.
    _report(root, "2026-12-03T12:00:00 up")
    assert ("unknown", "unknown") == then()


def test_going_stale_dates_status_jsons_unknown(tmp_path: Path) -> None:
    runs = " ".join(f"2026-12-01T{h:02}:{m}0:00 up" for h in range(10, 18) for m in range(6))
    root = _heartbeat_site(tmp_path, runs.replace("T10:10:00 up", "T10:10:00 down"))
    _report(root, "2026-12-01T18:00:00 up")
    out = tmp_path / "out"
    # Degraded from the failure at 10:10 until it left the last five (11:00).
    back = "2026-12-01T11:00:00.000Z"
    at = datetime.fromisoformat("2026-12-01T18:30:00+00:00")
    assert ("operational", back, "operational", back) == _updated(
        build_site(root, now=at, output=out).output
    )
    # A second later the 18:00 run is more than three intervals old: unknown from then, as
    # a widget reading status.json must say, while the component's status is as it was.
    later = at + timedelta(seconds=1)
    assert ("unknown", "2026-12-01T18:30:00.000Z", "operational", back) == _updated(
        build_site(root, now=later, output=out).output
    )
    assert tree(out) == tree(
        build_site(root, now=later, output=tmp_path / "clean", use_cache=False).output
    )


def test_a_heartbeat_back_from_silence_is_read_from_its_new_runs_only(tmp_path: Path) -> None:
    root = _heartbeat_site(
        tmp_path,
        """
        2026-12-02T17:50:00 up 2026-12-02T18:00:00 up 2026-12-02T18:10:00 down
        2026-12-02T18:20:00 up 2026-12-02T18:30:00 up 2026-12-02T18:37:00 up
        2026-12-05T00:07:00 up
        """,
    )
    out = tmp_path / "out"
    now = datetime.fromisoformat("2026-12-05T00:07:00+00:00")
    # Not degraded by a failure of three days ago: the job is back, and up. (Degraded
    # after 18:10, stale from 19:07: the component's last change.)
    back = ("operational", "2026-12-05T00:07:00.000Z", "operational", "2026-12-02T19:07:00.000Z")
    assert back == _updated(build_site(root, now=now, output=out).output)
    from click.testing import CliRunner

    from statusgen.cli import cli

    shown = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", now.isoformat()])
    assert "1 of the last 1 up" in shown.output


# --- runs during planned maintenance ------------------------------------------------------

BEAT = "- {id: beat, component: api, type: heartbeat, interval: 60}\n"


def window(day: date, start: str, end: str) -> str:
    """A maintenance window on `day` (UTC) affecting the API, following the clock."""
    return f"""\
---
title: DB upgrade
scheduled_for: {day}T{start}:00Z
scheduled_until: {day}T{end}:00Z
components: [api]
---
## Scheduled at {day - timedelta(days=1)}T09:00:00Z
Planned.
"""


def test_checks_failing_during_planned_maintenance_count_in_no_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner
    from sitefiles import run_build

    from statusgen.cli import cli

    # Six days back, so every run is in the past for `record --at` (it takes no run from
    # the future), and the window's runs can be rolled into their day two days later.
    day = datetime.now(UTC).date() - timedelta(days=6)
    files = {
        "content/monitors.yaml": BEAT,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + f"start_date: {day - timedelta(days=3)}\n",
        f"content/incidents/{day}-db-upgrade.md": window(day, "10:00", "12:00"),
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    runner = CliRunner()

    def record(result: str, at: datetime) -> None:
        # Reported as it happens: a run two days old is refused.
        pin_clock(monkeypatch, at + timedelta(minutes=1))
        done = runner.invoke(cli, ["-C", str(root), "record", "beat", result, "--at", str(at)])
        assert 0 == done.exit_code, done.output

    def moment(on: date, hour: int, minute: int = 0) -> datetime:
        return datetime(on.year, on.month, on.day, hour, minute, tzinfo=UTC)

    # Up before the window; failing throughout it (planned work); up again after it (from
    # the minute after its end: an end to the minute covers that minute, 12:00:00 too).
    for hour, minute, result in [(8, 0, "--up"), (9, 0, "--up"), (10, 0, "--down"),
                                 (10, 30, "--down"), (11, 0, "--down"), (11, 30, "--down"),
                                 (12, 1, "--up"), (13, 0, "--up")]:  # fmt: skip
        record(result, moment(day, hour, minute))

    def seen(now: datetime) -> tuple[str, list[str], str]:
        """The component's "% of checks passed", its bar for `day`, and status.json."""
        out = tmp_path / "out"
        built = run_build(root, "-o", str(out), now=now.isoformat())
        assert 0 == built.exit_code, built.output
        page = (out / "components/api/index.html").read_text()
        passed = re.search(r"<strong>([^<]*)</strong> of checks passed", page)
        assert passed is not None
        label = f"{day:%b} {day.day}, {day.year}:"
        bars = re.findall(r'<li class="d-([a-z_]+)">(?:<a[^>]*>)?<span class="tip">([^<]*)<', page)
        (bar,) = [(css, text) for css, text in bars if text.startswith(label)]
        status = json.loads((out / "status.json").read_text())["status"]
        return passed.group(1), [bar[0], bar[1].removeprefix(label).strip()], status

    # While the runs are held, and once they are only counted into their day (the next
    # runs two and four days later push them out of the 48 hours kept and the five runs
    # before them): the same figures, as if the failures during the work had not been,
    # and the day says checks passed.
    expected = (
        "100%",
        ["under_maintenance", "Under maintenance, 100% uptime; DB upgrade; checks: operational"],
        "operational",
    )
    assert expected == seen(moment(day, 13, 5))
    for later in (day + timedelta(days=2), day + timedelta(days=4)):
        for hour in range(12, 19):
            record("--up", moment(later, hour))
    held = json.loads((root / "data/monitors/beat.json").read_text())
    next_day = moment(day + timedelta(days=1), 0).timestamp() * 1000
    assert [] == [run for run in held["runs"] if run[0] < next_day]
    assert [str(day), 4, 0, 0] == [*held["days"][0][:4]]
    assert expected == seen(moment(later, 18, 5))


def test_the_worst_day_is_named_by_the_status_its_bar_shows_with_the_checks(
    tmp_path: Path,
) -> None:
    """A day no incident touched but whose checks all failed reads as an outage on its bar:
    the line under the bars names it over a day of maintenance (same uptime, the worse
    status), and a build that kept the page from before the checks came says the same."""
    day = date(2026, 12, 5)
    files = {
        "content/monitors.yaml": MONITORS,
        "content/components.yaml": TWO_COMPONENTS,
        "statusgen.yaml": SETTINGS_UTC + "start_date: 2026-11-25\n",
        "content/incidents/2026-12-06-db-upgrade.md": window(
            day + timedelta(days=1), "00:00", "00:30"
        ),
        INCIDENT_PATH: None,
    }
    root = write_site(tmp_path / "site", files)
    now = datetime.fromisoformat("2026-12-06T12:00:00+00:00")

    def summary(out: Path) -> str:
        html = (out / "index.html").read_text(encoding="utf-8")
        (found,) = re.findall(r'aria-label="API,.*?class="summary">(.*?)</span>', html, re.S)
        return " ".join(re.sub(r"<[^>]+>", "", found).split())

    before = build_site(root, now=now, output=tmp_path / "out").output
    assert summary(before).endswith("worst day Dec 6, 2026 (Under maintenance, 100%)")

    failing = data("api-health", "ddd", newest=datetime(2026, 12, 5, 12, tzinfo=UTC)).checks
    store.record(root, {"api-health": failing}, UTC, 90)
    cached = build_site(root, now=now, output=tmp_path / "out").output
    assert summary(cached).endswith("worst day Dec 5, 2026 (Major outage, 100%)")
    clean = build_site(root, now=now, output=tmp_path / "clean", use_cache=False).output
    assert tree(clean) == tree(cached)
