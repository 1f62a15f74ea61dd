"""`statusgen import statuspage`: captured answers, the example's own API, a local server."""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from probeservers import not_http_server

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.errors import StatusgenError
from statusgen.importers.apply import apply_plan
from statusgen.importers.html import to_markdown
from statusgen.importers.plan import Plan, PlannedEvent, PlannedUpdate
from statusgen.importers.run import import_statuspage
from statusgen.model import IncidentState
from statusgen.report import format_text
from statusgen.status import uptime_history
from statusgen.validate import load_site
from tests.examplesite import EXAMPLE, EXAMPLE_NOW

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURES = FIXTURES / "statuspage-v2"
MORE = FIXTURES / "statuspage-import"
NOW = datetime(2026, 11, 22, 19, 15, tzinfo=timezone.utc)


def saved(tmp_path: Path, *files: Path) -> Path:
    """A folder holding copies of `files`, as a user would save them."""
    folder = tmp_path / "saved"
    folder.mkdir(exist_ok=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def site_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "public" not in p.parts
    }


def test_the_captured_answers_import_check_and_build(tmp_path: Path) -> None:
    root = tmp_path / "site"
    plan, result = import_statuspage(root, str(CAPTURES))

    site = load_site(root)
    build_site(root, now=NOW, use_cache=False)
    names = {i.title for i in site.incidents}
    assert {"Incident with Packages and Pages", "Market data is delayed"} == names
    assert ["Schedule maintenance"] == [m.title for m in site.maintenances]
    packages = next(i for i in site.incidents if i.title == "Incident with Packages and Pages")
    # The whole timeline, oldest first, and the partial outage the capture gives Packages
    # a second after its last update said major_outage, from then on.
    assert 8 == len(packages.updates)
    assert packages.updates[0].at < packages.updates[-1].at
    assert datetime(2022, 11, 25, 15, 50, 5, 888000, tzinfo=timezone.utc) == packages.updates[-1].at
    # The statuses now (front matter) and the ones each update set, from the capture's
    # affected_components (new_status), oldest update first.
    assert {"packages": "partial_outage", "pages": "operational"} == {
        a.id: a.status.value for a in packages.components
    }
    assert [
        {"packages": "operational"},
        {"pages": "operational", "packages": "partial_outage"},
        {"pages": "partial_outage", "packages": "partial_outage"},
        {},
        {"pages": "partial_outage", "packages": "major_outage"},
        {},
        {"pages": "operational", "packages": "major_outage"},
        {"packages": "partial_outage"},
    ] == [{a.id: a.status.value for a in u.components} for u in packages.updates]
    summary = json.loads((root / "public/api/v2/summary.json").read_text())
    assert "minor" == summary["status"]["indicator"]  # as GitHub's page said

    # The HashiCorp groups keep their members and order.
    hcp = next(g for g in site.groups if g.name == "HashiCorp Cloud Platform (HCP)")
    assert ("hcp-portal", "consul", "vault") == hcp.component_ids[:3]
    consul = site.component("consul")
    assert (False, datetime(2021, 1, 14).date()) == (consul.showcase, consul.start_date)
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    assert "Incident with Packages and Pages" in [i["name"] for i in api["incidents"]]
    assert "statusgen.yaml" in result.written
    assert plan.notes  # what could not be carried is said


@pytest.mark.parametrize(
    "capture",
    [
        CAPTURES / "summary.json",
        CAPTURES / "summary.with-maintenance.json",
        CAPTURES / "components.groups.json",
        MORE / "summary.major-outage.json",
        MORE / "summary.operational.json",
    ],
    ids=lambda p: p.name,
)
def test_each_capture_alone_makes_a_site_that_builds(tmp_path: Path, capture: Path) -> None:
    root = tmp_path / "site"
    import_statuspage(root, str(saved(tmp_path, capture)))
    page = json.loads(capture.read_text())["page"]
    site = load_site(root)
    assert page["name"] == site.settings.title
    build_site(root, now=NOW, use_cache=False)
    assert (root / "public/index.html").is_file()


def test_a_maintenance_keeps_its_statuses_for_the_window(tmp_path: Path) -> None:
    root = tmp_path / "site"
    import_statuspage(root, str(saved(tmp_path, CAPTURES / "summary.with-maintenance.json")))
    (window,) = load_site(root).maintenances
    # Its announcement names Deposit, unchanged, as the window's: no later update says
    # what it held, so it holds under_maintenance for the whole window, without a line.
    assert ["deposit"] == [a.id for a in window.components]
    (written,) = (root / "content/incidents").glob("*maintenance*.md")
    assert "Components:" not in written.read_text()


def test_an_update_without_affected_components_keeps_the_incidents_components(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    import_statuspage(root, str(saved(tmp_path, MORE / "summary.major-outage.json")))
    (incident,) = load_site(root).incidents
    captured = json.loads((MORE / "summary.major-outage.json").read_text())["incidents"][0]
    assert len(captured["components"]) == len(incident.components)


def _ids_to_names(data: object, names: dict[str, str]) -> object:
    """The API answer with every id replaced by what it names: ids are not carried."""
    if isinstance(data, dict):
        return {
            k: _ids_to_names(v, names)
            for k, v in data.items()
            if k not in ("id", "page_id", "incident_id", "shortlink", "code")
        } | ({"group_id": names.get(data["group_id"])} if data.get("group_id") else {})
    if isinstance(data, list):
        return [_ids_to_names(v, names) for v in data]
    return names.get(data, data) if isinstance(data, str) else data


# An incident whose statuses change during it (docs/history.md): the Payments API is down
# for four hours, then monitored for one with its status back to operational.
CHANGING = """---
title: API down
status: resolved
impact: critical
components:
  api: operational
  webhooks: degraded_performance
---
## Investigating at 2026-11-19 08:00 +00:00
Components: api=major_outage

We are investigating failed API requests.

## Identified at 2026-11-19 10:00 +00:00
Components: webhooks=degraded_performance

Webhooks sent during the outage are delayed.

## Monitoring at 2026-11-19 12:00 +00:00
Components: api=operational

A fix has been deployed.

## Resolved at 2026-11-19 13:00 +00:00
This incident has been resolved.
"""


def imported_example(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The example site with one more incident that changes statuses update by update,
    built into `first`, and a site imported from that build's api/v2: (source, first, root)."""
    source, first, root = tmp_path / "source", tmp_path / "first", tmp_path / "again"
    source.mkdir()
    shutil.copy(EXAMPLE / "statusgen.yaml", source)
    shutil.copytree(EXAMPLE / "content", source / "content")
    (source / "content/incidents/2026-11-19-api-down.md").write_text(CHANGING)
    build_site(source, now=EXAMPLE_NOW, output=first, use_cache=False)
    import_statuspage(root, str(first / "api/v2"))
    return source, first, root


def _affected(api: Any) -> dict[str, list[Any]]:
    """Per incident name, each update's affected_components (oldest update first)."""
    return {
        str(incident["name"]): [
            update["affected_components"] for update in reversed(incident["incident_updates"])
        ]
        for incident in api["incidents"]
    }


def test_a_site_imported_from_its_own_api_publishes_the_same_api(tmp_path: Path) -> None:
    _, first, root = imported_example(tmp_path)
    build_site(root, now=EXAMPLE_NOW, output=tmp_path / "second", use_cache=False)
    names_before = {c["id"]: c["name"] for c in _components(first)}
    names_after = {c["id"]: c["name"] for c in _components(tmp_path / "second")}
    for endpoint in ("incidents.json", "components.json", "scheduled-maintenances.json"):
        before = json.loads((first / "api/v2" / endpoint).read_text())
        after = json.loads((tmp_path / "second/api/v2" / endpoint).read_text())
        assert _ids_to_names(before, names_before) == _ids_to_names(after, names_after), endpoint
    # Spelled out: the statuses each update set survive, not only the incident's worst.
    before = json.loads((first / "api/v2/incidents.json").read_text())
    after = json.loads((tmp_path / "second/api/v2/incidents.json").read_text())
    changes = _affected(_ids_to_names(after, names_after))
    assert _affected(_ids_to_names(before, names_before)) == changes
    api, webhooks = "Payments - Payments API", "Developer tools - Webhooks"
    assert [
        [(api, "operational", "major_outage")],
        [(webhooks, "operational", "degraded_performance")],
        [(api, "major_outage", "operational")],
        [(webhooks, "degraded_performance", "operational")],  # the end of the incident
    ] == [
        [(c["name"], c["old_status"], c["new_status"]) for c in made]
        for made in changes["API down"]
    ]


OVERLAPPING = {
    "2026-11-20-api-down.md": """---
title: API down
status: resolved
components:
  api: major_outage
---
## Investigating at 2026-11-20 10:00 +00:00
API is down.

## Resolved at 2026-11-20 12:00 +00:00
Fixed.
""",
    "2026-11-20-web-down.md": """---
title: Web down
status: resolved
components:
  web: major_outage
  api: operational
---
## Investigating at 2026-11-20 10:30 +00:00
Web is down; the API is not affected.

## Resolved at 2026-11-20 10:45 +00:00
Fixed.
""",
}


def test_a_component_listed_during_another_incidents_outage_comes_back_listed(
    tmp_path: Path,
) -> None:
    # Web down lists the API, which API down holds in an outage: its update names the
    # API with that outage, unchanged, as Statuspage does.
    source, first, root = tmp_path / "source", tmp_path / "first", tmp_path / "again"
    (source / "content/incidents").mkdir(parents=True)
    (source / "statusgen.yaml").write_text(
        "title: RT\nbase_url: https://status.example.test/\ntimezone: UTC\n"
    )
    (source / "content/components.yaml").write_text(
        "- id: api\n  name: API\n- id: web\n  name: Web\n"
    )
    for name, text in OVERLAPPING.items():
        (source / "content/incidents" / name).write_text(text)
    now = datetime(2026, 11, 21, tzinfo=timezone.utc)
    build_site(source, now=now, output=first, use_cache=False)
    import_statuspage(root, str(first / "api/v2"))
    build_site(root, now=now, output=tmp_path / "second", use_cache=False)

    statuses = {
        i.title: {a.id: a.status.value for a in i.components} for i in load_site(root).incidents
    }
    assert {
        "API down": {"api": "operational"},  # where it ended
        "Web down": {"web": "operational", "api": "operational"},
    } == statuses
    page = (tmp_path / "second/incidents/2026-11-20-web-down/index.html").read_text()
    worst = re.search(r">API</a>.*?affected-worst\">(.*?)</span></span>", page, re.S)
    assert worst is not None
    assert "worst Operational" == re.sub(r"<[^>]+>", "", worst[1])
    names_before = {c["id"]: c["name"] for c in _components(first)}
    names_after = {c["id"]: c["name"] for c in _components(tmp_path / "second")}
    before = json.loads((first / "api/v2/incidents.json").read_text())
    after = json.loads((tmp_path / "second/api/v2/incidents.json").read_text())
    assert _ids_to_names(before, names_before) == _ids_to_names(after, names_after)

    # Without the incident that held it, the same unchanged outage was set by Web down.
    alone = tmp_path / "alone"
    alone.mkdir()
    (web_down,) = [i for i in before["incidents"] if i["name"] == "Web down"]
    shutil.copy(first / "api/v2/components.json", alone)
    (alone / "incident.json").write_text(json.dumps({"incident": web_down}))
    import_statuspage(tmp_path / "third", str(alone))
    (incident,) = load_site(tmp_path / "third").incidents
    assert {"web": "operational", "api": "major_outage"} == {
        a.id: a.status.value for a in incident.components
    }


EASED = {
    "2026-11-20-api-down.md": """---
title: API down
status: resolved
components:
  api: operational
---
## Investigating at 2026-11-20 10:00 +00:00
Components: api=major_outage

API is down.

## Monitoring at 2026-11-20 11:00 +00:00
Components: api=degraded_performance

Recovering.

## Resolved at 2026-11-20 12:00 +00:00
Components: api=operational

Fixed.
""",
    "2026-11-20-web-down.md": """---
title: Web down
status: resolved
components:
  web: operational
  api: operational
---
## Investigating at 2026-11-20 10:30 +00:00
Components: web=partial_outage

Web is down too.

## Resolved at 2026-11-20 11:30 +00:00
Components: web=operational

Fixed.
""",
}


def test_a_component_listed_while_another_incident_eased_it_comes_back_listed(
    tmp_path: Path,
) -> None:
    # Web down's update names the API with API down's major outage, which API down eases
    # to degraded performance before Web down ends: Web down never held it.
    first, second = _round_trip(tmp_path, "- id: api\n  name: API\n- id: web\n  name: Web\n", EASED)

    seen = _seen(first)
    assert "Nov 20, 2026: Major outage, 95.83% uptime; API down; Web down" in seen["API"]
    assert seen == _seen(second)

    def changes(public: Path) -> dict[str, list[Any]]:
        answer = json.loads((public / "api/v2/incidents.json").read_text())
        names = {c["id"]: c["name"] for c in _components(public)}
        return _affected(_ids_to_names(answer, names))

    assert [("API", "major_outage", "degraded_performance")] == [
        (c["name"], c["old_status"], c["new_status"]) for c in changes(first)["API down"][1]
    ]
    assert changes(first) == changes(second)


# "Webhooks delayed" slows the API while "API errors" holds it down: its update names the
# API with that outage, unchanged, and it is still open when "API errors" ends.
OUTLASTING = {
    "2026-12-01-api-errors.md": """---
title: API errors
status: resolved
components:
  api: major_outage
---
## Investigating at 2026-12-01 05:30 +00:00
Components: api=major_outage

Errors.

## Resolved at 2026-12-01 08:00 +00:00

Fixed.
""",
    "2026-12-01-webhooks-delayed.md": """---
title: Webhooks delayed
status: investigating
components:
  api: degraded_performance
---
## Investigating at 2026-12-01 06:30 +00:00
Components: api=degraded_performance

Slow.
""",
}


def test_an_open_incident_listed_under_an_outage_that_ended_keeps_carrying_its_status(
    tmp_path: Path,
) -> None:
    # Once "API errors" ends, only "Webhooks delayed" can hold the API degraded: it
    # carries the status, so resolving it brings the API back, as on the source site.
    first, second = _round_trip(tmp_path, "- id: api\n  name: API\n", OUTLASTING)

    assert ["operational"] == [
        str(c.status.value) for c in load_site(tmp_path / "again").components
    ]
    assert _seen(first) == _seen(second)

    def changes(public: Path) -> list[tuple[str, str]]:
        answer = json.loads((public / "api/v2/incidents.json").read_text())
        return [(c["old_status"], c["new_status"]) for c in _affected(answer)["API errors"][0]]

    assert [("operational", "major_outage")] == changes(first) == changes(second)

    def resolved(root: Path) -> Any:
        for argv in (
            ["resolve", "2026-12-01-webhooks-delayed", "-m", "ok", "--now", "2026-12-01T10:00Z"],
            ["status", "--json", "--now", "2026-12-01T12:00Z"],
        ):
            result = CliRunner().invoke(cli, ["-C", str(root), *argv])
            assert 0 == result.exit_code, result.output
        return {c["name"]: c["status"] for c in json.loads(result.output)["components"]}

    assert {"API": "operational"} == resolved(tmp_path / "source") == resolved(tmp_path / "again")


# "Webhooks delayed" slows the API while "API down" holds it down, and says more after
# "API down" ended: components.json's updated_at is that later update, not the change.
OUTLASTING_UPDATED = {
    "2026-12-01-api-down.md": """---
title: API down
status: resolved
components:
  api: operational
---
## Investigating at 2026-12-01 09:00 +00:00
Components: api=major_outage

Down.

## Resolved at 2026-12-01 11:00 +00:00
Components: api=operational

Back.
""",
    "2026-12-01-webhooks-delayed.md": """---
title: Webhooks delayed
status: identified
components:
  api: degraded_performance
  web: partial_outage
---
## Investigating at 2026-12-01 10:00 +00:00
Components: api=degraded_performance, web=partial_outage

Slow.

## Identified at 2026-12-01 11:30 +00:00

Found it.
""",
}


def test_an_open_incident_updated_after_the_outage_it_outlasts_takes_its_status_at_its_end(
    tmp_path: Path,
) -> None:
    # "API down" ended at 11:00, its resolve update says so; the API is degraded from
    # then, not from "Webhooks delayed"'s 11:30 update, which is what updated_at tells.
    components = "- id: api\n  name: API\n- id: web\n  name: Website\n"
    first, second = _round_trip(tmp_path, components, OUTLASTING_UPDATED)

    assert _seen(first) == _seen(second)

    def changes(public: Path) -> list[list[tuple[str, str]]]:
        answer = json.loads((public / "api/v2/incidents.json").read_text())
        return [
            [(c["old_status"], c["new_status"]) for c in u] for u in _affected(answer)["API down"]
        ]

    assert (
        [[("operational", "major_outage")], [("major_outage", "degraded_performance")]]
        == changes(first)
        == changes(second)
    )


def test_imported_statuses_give_the_uptime_of_the_source_timeline(tmp_path: Path) -> None:
    source, _, root = imported_example(tmp_path)

    def day_uptime(site_root: Path, component: str) -> float | None:
        site = load_site(site_root)
        (cid,) = [c.id for c in site.components if c.name == component]
        history = uptime_history(site, EXAMPLE_NOW)[cid]
        (day,) = [d for d in history.days if d.day == date(2026, 11, 19)]
        return day.uptime

    # Four hours of major outage in the day; the hour of monitoring counts as up.
    assert pytest.approx(20 / 24) == day_uptime(source, "Payments API")
    assert day_uptime(source, "Payments API") == day_uptime(root, "Payments API")
    assert day_uptime(source, "Webhooks") == day_uptime(root, "Webhooks")


def _components(public: Path) -> list[dict[str, str]]:
    components: list[dict[str, str]] = json.loads((public / "api/v2/components.json").read_text())[
        "components"
    ]
    return components


def test_importing_again_changes_nothing_and_updates_in_place(tmp_path: Path) -> None:
    root = tmp_path / "site"
    source = saved(tmp_path, CAPTURES / "summary.json")
    import_statuspage(root, str(source))
    before = site_files(root)

    _, again = import_statuspage(root, str(source))
    assert ([], before) == (again.written, site_files(root))

    # The page moved on: one more update. The same file changes; no second file appears.
    data = json.loads((source / "summary.json").read_text())
    incident = data["incidents"][0]
    newest = dict(incident["incident_updates"][0])
    newest.update(
        id="newupdate001",
        status="resolved",
        body="This incident has been <b>resolved</b>.",
        created_at="2022-11-25T17:00:00.000Z",
        display_at="2022-11-25T17:00:00.000Z",
        affected_components=[
            {
                "code": "st3j38cctv9l",
                "name": "Packages",
                "old_status": "major_outage",
                "new_status": "operational",
            }
        ],
    )
    incident["incident_updates"].insert(0, newest)
    incident["status"] = "resolved"
    for component in [*data["components"], *incident["components"]]:
        component["status"] = "operational"  # as the page shows once it is resolved
    (source / "summary.json").write_text(json.dumps(data))
    _, third = import_statuspage(root, str(source))
    assert 1 == len(third.written)
    (changed,) = third.written
    assert changed.startswith("content/incidents/2022-11-25-")
    assert (
        "## Resolved at 2022-11-25 17:00 +00:00\nComponents: packages=operational\n\n"
        "This incident has been **resolved**.\n"
    ) in (root / changed).read_text()
    (resolved,) = load_site(root).incidents
    assert {"packages": "operational", "pages": "operational"} == {
        a.id: a.status.value for a in resolved.components
    }
    assert len(before) == len(site_files(root))


def test_an_incident_resolved_without_an_update_is_resolved_at_its_time(
    tmp_path: Path,
) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    data["incidents"][0].update(status="resolved", resolved_at="2022-11-25T18:00:00.000Z")
    (source / "summary.json").write_text(json.dumps(data))
    import_statuspage(tmp_path / "site", str(source))
    (incident,) = load_site(tmp_path / "site").incidents
    assert not incident.is_open
    assert datetime(2022, 11, 25, 18, 0, tzinfo=timezone.utc) == incident.resolved_at


def test_a_title_that_reads_as_an_impossible_date_stays_a_title(tmp_path: Path) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    data["incidents"][0]["name"] = "2026-02-30"  # YAML reads it as a date, which is none
    (source / "summary.json").write_text(json.dumps(data))
    import_statuspage(tmp_path / "site", str(source))
    (incident,) = load_site(tmp_path / "site").incidents
    assert "2026-02-30" == incident.title


def test_a_code_fence_left_open_in_an_update_is_closed_in_that_update(tmp_path: Path) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    incident = data["incidents"][0]
    incident.update(status="resolved", resolved_at="2022-11-25T16:00:00.000Z")
    incident["incident_updates"][0]["status"] = "resolved"  # the newest, listed first
    incident["incident_updates"][-1]["body"] = "Exports fail with:\n```\nERROR export failed"
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    (imported,) = load_site(root).incidents
    assert (False, 7) == (imported.is_open, len(imported.updates))
    # The fence ends with its update: the text is kept whole, and the later headings
    # are updates again.
    assert "Exports fail with:\n```\nERROR export failed\n```" == imported.updates[0].message


def test_a_problem_in_a_file_the_import_would_write_names_its_source_item(
    tmp_path: Path,
) -> None:
    # A plan the check refuses (resolved, but no update says so): whatever makes the
    # written text wrong, the user is sent to the source, not to a file that is not there.
    at = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    plan = Plan(source="statuspage saved", title="Example")
    plan.events.append(
        PlannedEvent(
            import_id="statuspage:inc1",
            title="Exports failing",
            maintenance=False,
            updates=[PlannedUpdate(IncidentState.INVESTIGATING, at, "Looking.")],
            status="resolved",
        )
    )
    root = tmp_path / "site"

    with pytest.raises(StatusgenError) as caught:
        apply_plan(root, plan)

    shown = format_text(caught.value.diagnostics)
    assert "content/incidents/2026-03-01-exports-failing.md:" in shown
    assert "would write this file from incident statuspage:inc1 ('Exports failing')" in shown
    assert not (root / "content/incidents").exists()


def test_an_import_reads_the_sites_timezone_beside_a_title_written_as_an_equals_sign(
    tmp_path: Path,
) -> None:
    # `check` reads `title: =` as the text: the import, reading the same file for the zone
    # its times are written in, must not fall back to the source's zone over it.
    at = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    plan = Plan(source="statuspage saved", title="Example", timezone="UTC")
    plan.events.append(
        PlannedEvent(
            import_id="statuspage:inc1",
            title="Exports failing",
            maintenance=False,
            updates=[
                PlannedUpdate(IncidentState.INVESTIGATING, at, "Looking."),
                PlannedUpdate(IncidentState.RESOLVED, at + timedelta(hours=1), "Fixed."),
            ],
            status="resolved",
        )
    )
    root = tmp_path / "site"
    root.mkdir()
    (root / "statusgen.yaml").write_text(
        "title: =\nbase_url: https://status.example.test/\ntimezone: Europe/Berlin\n"
    )

    apply_plan(root, plan)

    written = (root / "content/incidents/2026-03-01-exports-failing.md").read_text()
    assert "## Investigating at 2026-03-01 11:00 +01:00\n" in written
    assert "=" == load_site(root).settings.title


def test_an_incident_without_an_id_is_listed_as_left_out(tmp_path: Path) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    nameless = {k: v for k, v in data["incidents"][0].items() if k != "id"}
    data["incidents"].append(dict(nameless, name="Saved without its id"))
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    left_out = result.output.split("Not carried over")[1]
    assert "incident 'Saved without its id': no id" in left_out
    assert ["Incident with Packages and Pages"] == [i.title for i in load_site(root).incidents]


def test_a_title_from_the_export_is_shown_in_the_notes_never_obeyed(tmp_path: Path) -> None:
    # A page's export is someone else's text: its line breaks and controls are written out.
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    nameless = {k: v for k, v in data["incidents"][0].items() if k != "id"}
    data["incidents"].append(dict(nameless, name="Lost\r\n  - all data deleted \u009b2J"))
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    assert "  - incident 'Lost\\x0d\\x0a  - all data deleted \\x9b2J': no id" in result.output
    assert "\r" not in result.output and "\x9b" not in result.output
    assert not re.search(r"^  - all data", result.output, re.M)


def test_a_reference_in_an_update_that_no_feed_can_carry_is_left_out(tmp_path: Path) -> None:
    # The export's `&#1;` was written as is: `check` then refused the file, an earlier
    # release's `build` crashed on it.
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    data["incidents"][0]["incident_updates"][0]["body"] = "Disk &#1; full; `&#1;` as sent."
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    (incident,) = load_site(root).incidents
    assert "Disk  full; `&#1;` as sent." in [u.message for u in incident.updates]
    build_site(root, now=NOW, use_cache=False)
    assert (root / "public/feed.xml").is_file()


def test_a_component_without_an_id_is_listed_as_left_out(tmp_path: Path) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    webhooks = next(c for c in data["components"] if c["name"] == "Webhooks")
    del webhooks["id"]
    (source / "summary.json").write_text(json.dumps(data))
    # The same list saved twice (summary.json and components.json) is one note.
    (source / "components.json").write_text(json.dumps({"components": data["components"]}))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    left_out = result.output.split("Not carried over")[1]
    note = (
        "  - component 'Webhooks': no id, by which incidents name it and a later import "
        "would find it; left out\n"
    )
    assert 1 == left_out.count(note), left_out
    site = load_site(root)
    assert "Webhooks" not in [c.name for c in site.components]
    assert "API Requests" in [c.name for c in site.components]


def test_an_open_incident_naming_a_component_with_a_null_id_is_imported(
    tmp_path: Path,
) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    (incident,) = data["incidents"]
    assert "investigating" == incident["status"]
    incident["components"][0]["id"] = None
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    assert ["Incident with Packages and Pages"] == [i.title for i in load_site(root).incidents]


def test_a_saved_answer_that_is_not_json_is_reported_at_its_line_and_column(
    tmp_path: Path,
) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    broken = source / "components.json"
    broken.write_text('{"page": {"id": "p"},\n "components": [1 2]}\n')
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == result.exit_code, result.output
    assert result.output.startswith(f"{broken}:2:19: not valid JSON: "), result.output
    assert "\n    hint: save the API's answer unchanged\n" in result.output
    assert not root.exists()


def test_a_components_file_the_import_did_not_write_needs_force(tmp_path: Path) -> None:
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root)]).exit_code
    before = site_files(root)
    source = str(saved(tmp_path, CAPTURES / "summary.json"))

    refused = runner.invoke(cli, ["-C", str(root), "import", "statuspage", source])
    assert 1 == refused.exit_code
    assert "content/components.yaml" in refused.output
    assert "--force" in refused.output
    assert before == site_files(root)

    # With --force the components are replaced, but the example incident of `init` still
    # names a component that is gone: the site would not pass check, so nothing moves.
    forced = runner.invoke(cli, ["-C", str(root), "import", "statuspage", source, "--force"])
    assert 1 == forced.exit_code
    assert "unknown component" in forced.output
    assert "Nothing was written." in forced.output
    assert before == site_files(root)


def test_an_author_incident_file_with_the_same_name_is_never_replaced(tmp_path: Path) -> None:
    root = tmp_path / "site"
    source = str(saved(tmp_path, CAPTURES / "summary.json"))
    import_statuspage(root, source)
    (imported,) = [p for p in (root / "content/incidents").iterdir()]
    own = imported.read_text().replace("import_id:", "# was import_id:")
    imported.write_text(own)  # now the author's own file

    _, result = import_statuspage(root, source)
    assert own == imported.read_text()
    assert [f"content/incidents/{imported.stem}-2.md"] == [
        p for p in result.written if p.startswith("content/incidents/")
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Plain *Markdown* stays `as is`.", "Plain *Markdown* stays `as is`."),
        ("We are <b>investigating</b>.", "We are **investigating**."),
        (
            'See <a href="https://example.com/x">the notes</a>.',
            "See [the notes](https://example.com/x).",
        ),
        ("<h2>Cause</h2><p>A bad deploy.</p>", "### Cause\n\nA bad deploy."),
        ("## Not an update\ntext", "### Not an update\ntext"),
        ("### Kept\ntext", "### Kept\ntext"),
        # A heading that reads like an update's stays a heading the timeline does not read.
        (
            "## Identified at 2026-09-01 10:25 +00:00\ntext",
            "### &#32;Identified at 2026-09-01 10:25 +00:00\ntext",
        ),
        ("#### Resolved at 2026-11-20 12:00", "#### &#32;Resolved at 2026-11-20 12:00"),
        ("Components: api=major_outage", "Components\\: api=major_outage"),
        # The timeline reads these as status lines too (any case, singular, space).
        ("components: api=major_outage", "components\\: api=major_outage"),
        ("Component : api=up", "Component \\: api=up"),
        ("Components are fine", "Components are fine"),
        ("```\n## inside code\n```", "```\n## inside code\n```"),
        # In an indented code block too, but on the first line, which is read as statuses.
        ("a\n\n    Components: api=major_outage", "a\n\n    Components: api=major_outage"),
        ("    Components: api=major_outage", "    Components\\: api=major_outage"),
        (None, ""),
    ],
)
def test_update_bodies_become_markdown_that_stays_in_its_update(
    body: str | None, expected: str
) -> None:
    assert expected == to_markdown(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A `<` that does not open a tag is text, with or without tags elsewhere.
        ("Error rate a<b and q>0.5 now.", "Error rate a<b and q>0.5 now."),
        ("a<b and q>0.5, <b>fixed</b>.", "a<b and q>0.5, **fixed**."),
        (
            "Write to <support@repro.test> or <https://repro.test/help>, <b>today</b>.",
            "Write to <support@repro.test> or <https://repro.test/help>, **today**.",
        ),
        # Paragraphs stay apart when the body also holds tags.
        (
            "First paragraph.\n\nSecond with <b>bold</b>.",
            "First paragraph.\n\nSecond with **bold**.",
        ),
        ("One line\nnext line, <i>then</i>.", "One line\nnext line, *then*."),
        # Text between tags is kept as written, as in a body without tags.
        ("<b>Note:</b> **x** in my_module.", "**Note:** **x** in my_module."),
        (
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After.</p>",
            "- one\n- two\n\nAfter.",
        ),
        # Markdown around a tag keeps its spacing, nesting and entities.
        (
            "- a\n  - nested <b>x</b>\n\n    code  \nAT&amp;T, two  spaces.",
            "- a\n  - nested **x**\n\n    code  \nAT&amp;T, two  spaces.",
        ),
        # A tag in code is what the page shows.
        ("Run `<b>x</b>`, then <b>wait</b>.", "Run `<b>x</b>`, then **wait**."),
        ("<b>Log:</b>\n```\n<i>err</i>\n  at x\n```", "**Log:**\n```\n<i>err</i>\n  at x\n```"),
        ("<b>Log:</b>\n~~~\n<i>err</i>\n~~~", "**Log:**\n~~~\n<i>err</i>\n~~~"),
        # A line break after `<br>` is the break it makes, not a new paragraph.
        ("Fixed.<br>\nWatching.", "Fixed.  \nWatching."),
        # So is a tag in an indented code block: four spaces or a tab after a blank line,
        # four past a list item's margin. A paragraph's indented line is text, and so is
        # a list item's paragraph; their indentation stays.
        (
            "Run:\n\n    grep '<b>ok</b>' log\n    <i>code too</i>\n\n\t<b>tab</b>\n\n<b>Done</b>.",
            "Run:\n\n    grep '<b>ok</b>' log\n    <i>code too</i>\n\n\t<b>tab</b>\n\n**Done**.",
        ),
        ("Run:\n    <b>now</b>", "Run:\n    **now**"),
        (
            "1. Run\n\n   <b>this</b>:\n\n       <b>code</b>\n2. <i>Wait</i>",
            "1. Run\n\n   **this**:\n\n       <b>code</b>\n2. *Wait*",
        ),
        # A `<pre>` becomes a fenced code block showing what the `<pre>` showed: its
        # spacing and lines, its entities as characters; none of its lines is indented code.
        (
            "<b>Log:</b>\n<pre>\n  a &lt;b&gt;  <i>c</i>\n\n    d &amp; <i>e</i>\n</pre>",
            "**Log:**\n\n```\n  a <b>  c\n\n    d & e\n```",
        ),
    ],
)
def test_a_body_with_tags_keeps_every_word_and_paragraph(body: str, expected: str) -> None:
    assert expected == to_markdown(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Placeholders and types in angle brackets are words, with or without tags.
        (
            "Set <hostname> in config, then run <cmd>. Use Vec<String>.",
            "Set <hostname> in config, then run <cmd>. Use Vec<String>.",
        ),
        ("Set <hostname>, <b>then</b> run <cmd>.", "Set <hostname>, **then** run <cmd>."),
        ("<P>Set <Region> <STRONG>now</STRONG>.</P>", "Set <Region> **now**."),
        ("Retry <n> times<br>then stop.", "Retry <n> times  \nthen stop."),
    ],
)
def test_a_word_in_angle_brackets_that_is_no_html_tag_stays(body: str, expected: str) -> None:
    assert expected == to_markdown(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A code span closes at the next run of as many backticks, not of more or fewer.
        ("``a `<b>` b`` <i>x</i>", "``a `<b>` b`` *x*"),
        ("`a``<b>x</b>```b` <i>y</i>", "`a``<b>x</b>```b` *y*"),
        # A run with no closer is a backtick of the text: the tags after it are tags.
        ("```a <b>`` <i>x</i>", "```a **`` *x***"),
        # A span does not outlast its paragraph; a single line break is inside it.
        ("`a\n\n<b>x</b>` <i>y</i>", "`a\n\n**x**` *y*"),
        ("`a\n<b>x</b>` <i>y</i>", "`a\n<b>x</b>` *y*"),
        # After a backslash a backtick opens no span.
        ("\\`a <b>x</b>`", "\\`a **x**`"),
        # Many openers of different lengths without closers, then one that closes.
        (
            "".join("`" * n + "x" for n in range(2, 200)) + " `<b>c</b>` <b>d</b>",
            "".join("`" * n + "x" for n in range(2, 200)) + " `<b>c</b>` **d**",
        ),
    ],
)
def test_a_tag_in_a_code_span_stays_as_written(body: str, expected: str) -> None:
    assert expected == to_markdown(body)


def _incident_answer(folder: Path, *bodies: str) -> Path:
    """A saved `incidents.json` with one resolved incident whose updates (oldest first,
    an hour apart) have `bodies`, listed newest first as Statuspage lists them."""
    folder.mkdir(exist_ok=True)
    page = {"id": "p1", "name": "P", "url": "https://p.test", "time_zone": "Etc/UTC"}
    states = ["investigating"] * (len(bodies) - 1) + ["resolved"]
    updates = [
        {
            "id": f"u{n}",
            "status": state,
            "body": body,
            "display_at": f"2026-11-01T1{n}:00:00Z",
            "created_at": f"2026-11-01T1{n}:00:00Z",
            "affected_components": None,
        }
        for n, (state, body) in enumerate(zip(states, bodies, strict=True))
    ]
    incident = {
        "id": "i1",
        "name": "Config",
        "status": "resolved",
        "impact": "minor",
        "created_at": "2026-11-01T10:00:00Z",
        "components": [],
        "incident_updates": updates[::-1],
    }
    (folder / "incidents.json").write_text(json.dumps({"page": page, "incidents": [incident]}))
    return folder


def test_words_in_angle_brackets_reach_the_file_the_page_and_the_api(tmp_path: Path) -> None:
    said = "Set <hostname> in config, then run <cmd>. Use Vec<String>."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    assert said in (root / "content/incidents/2026-11-01-config.md").read_text()
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    api = json.loads((tmp_path / "public/api/v2/incidents.json").read_text())
    bodies = [u["body"] for u in api["incidents"][0]["incident_updates"]]
    assert said in bodies
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert "Set &lt;hostname&gt; in config, then run &lt;cmd&gt;. Use Vec&lt;String&gt;." in page


TRACEBACK = (
    "    Traceback (most recent call last):\n"
    '      File "app.py", line 3\n'
    "    ValueError: *boom* __init__\n\n"
    "We restarted."
)


def test_a_body_opening_with_indented_code_is_shown_as_code(tmp_path: Path) -> None:
    # Four spaces open a code block: without the first line's, the traceback would be a
    # paragraph, its `*boom*` in italics and `__init__` in bold.
    source = _incident_answer(tmp_path / "saved", TRACEBACK, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    assert TRACEBACK == load_site(root).incidents[0].updates[0].message
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert "<code>Traceback (most recent call last):\n" in page
    assert "<em>boom</em>" not in page


def test_a_pre_holding_a_line_of_backticks_is_one_code_block(tmp_path: Path) -> None:
    # Three backticks around it would be closed by the ``` in it: the rest of the `<pre>`
    # would be Markdown, its `## Resolved at …` line an update heading written wrong.
    body = "<pre>\n## Resolved at 2026-03-08 05:00\n```\ncode\n</pre>"
    source = _incident_answer(tmp_path / "saved", body, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    shown = "## Resolved at 2026-03-08 05:00\n```\ncode"
    assert f"````\n{shown}\n````" == load_site(root).incidents[0].updates[0].message
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert f"<code>{shown}\n</code>" in page


@pytest.mark.parametrize(
    ("body", "code", "before", "after"),
    [
        ("<p>x</p><pre>a\n```\nb\n</pre><p>y</p>", "a\n```\nb", "<p>x</p>", "<p>y</p>"),
        ("<p>See <pre>a\n```\nb</pre></p><p>y</p>", "a\n```\nb", "<p>See</p>", "<p>y</p>"),
        (
            "Before:<pre>\n```\ncode\n</pre>\nAfter <b>y</b>",
            "```\ncode",
            "<p>Before:</p>",
            "<p>After <strong>y</strong></p>",
        ),
    ],
)
def test_html_after_a_pre_holding_a_line_of_backticks_is_not_code(
    tmp_path: Path, body: str, code: str, before: str, after: str
) -> None:
    # The ``` in the `<pre>` was read as a Markdown fence before the `<pre>` was: its
    # `</pre>` and the HTML after it were published as code, the paragraph after lost.
    source = _incident_answer(tmp_path / "saved", body, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert before in page
    assert after in page
    message = page[page.index(before) : page.index(after) + len(after)]
    assert [f"{code}\n"] == re.findall(r"<pre[^>]*><code>(.*?)</code></pre>", message, re.S)
    assert "&lt;/pre&gt;" not in page


def test_a_backslash_before_a_quote_or_ampersand_is_shown_as_statuspage_shows_it(
    tmp_path: Path,
) -> None:
    said = 'Logs went to "C:\\Temp\\" and R\\&D saw {"error":"invalid \\"token\\""}, cost \\$5.'
    coded = 'Run `echo \\"x\\"` then:\n\n```\nC:\\"Program Files"\n```'
    source = _incident_answer(tmp_path / "saved", said, coded)
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    shown = html.unescape(re.sub("<[^>]+>", "", page))
    assert said in shown
    # In code a backslash is no escape: shown as written, once.
    assert 'Run echo \\"x\\" then:' in shown
    assert 'C:\\"Program Files"' in shown


def test_a_backslash_ending_a_line_is_shown_as_statuspage_shows_it(tmp_path: Path) -> None:
    # Statuspage shows its bodies as text: a folder ending a line keeps its backslash, and
    # the next line is a line of the same paragraph, not after a break the page invents.
    said = "Logs are written to C:\\Logs\\\nPlease clear that folder and retry."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert "Logs are written to C:\\Logs\\\nPlease clear that folder and retry." in page


def _published(tmp_path: Path, source: Path) -> tuple[str, str, str]:
    """The incident file `source` imports to, and the text of its page and of api/v2."""
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    written = (root / "content/incidents/2026-11-01-config.md").read_text()
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    api = (tmp_path / "public/api/v2/incidents.json").read_text()
    return written, html.unescape(re.sub("<[^>]+>", "", page)), api


def test_an_html_comment_in_a_body_or_postmortem_is_not_published(tmp_path: Path) -> None:
    # Statuspage's page hides a comment, as statusgen hides one written by hand: imported
    # as `\<!--`, the note was shown as text on the page, in the feed and in the API.
    said = "<!-- internal: blame Bob --> Public text"
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    answer = json.loads((source / "incidents.json").read_text())
    answer["incidents"][0]["postmortem_body"] = "<!-- draft: ask Carol -->\nRoot cause: DNS."
    answer["incidents"][0]["postmortem_published_at"] = "2026-11-02T10:00:00Z"
    (source / "incidents.json").write_text(json.dumps(answer))
    written, page, api = _published(tmp_path, source)
    for text in (written, page, api):
        assert "Bob" not in text
        assert "Carol" not in text
    assert "Public text" in page
    assert "Root cause: DNS." in page


def test_a_postmortem_is_shown_as_statuspage_shows_it(tmp_path: Path) -> None:
    # Like an update's body, a postmortem is text to Statuspage: its dashes under a line
    # are no heading, a backslash ending a line or before `&` stays a backslash.
    source = _incident_answer(tmp_path / "saved", "Done.")
    answer = json.loads((source / "incidents.json").read_text())
    said = "Summary\n---\nLogs in C:\\Logs\\\nDone \\& ok"
    answer["incidents"][0]["postmortem_body"] = said
    answer["incidents"][0]["postmortem_published_at"] = "2026-11-02T10:00:00Z"
    (source / "incidents.json").write_text(json.dumps(answer))
    _, page, _ = _published(tmp_path, source)
    assert "Summary\n---\nLogs in C:\\Logs\\\nDone \\& ok" in page


def test_a_heading_reading_like_an_update_is_shown_as_a_heading(tmp_path: Path) -> None:
    # Escaped as `\\###`, the timeline took it for no update, but the page showed a
    # paragraph starting with a literal "### Resolved at …".
    said = "Timeline:\n\n## Resolved at 2026-11-20 12:00\nmore"
    tagged = "<h2>Identified at 2026-03-01 10:00</h2><p>x</p>"
    source = _incident_answer(tmp_path / "saved", said, tagged)
    _, page, _ = _published(tmp_path, source)
    checked = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "check"])
    assert 0 == checked.exit_code, checked.output
    assert "###" not in page
    built = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    headings = re.findall(r"<h[3-6][^>]*>\s*([^<]*?)</h[3-6]>", built)
    assert "Resolved at 2026-11-20 12:00" in headings
    assert "Identified at 2026-03-01 10:00" in headings


def test_a_components_line_in_indented_code_is_shown_as_written(tmp_path: Path) -> None:
    # Written `Components\\:`, the code block showed a backslash the source never had.
    said = "Our alert said:\n\n    Components: api=major_outage\n\nDone."
    _, page, _ = _published(tmp_path, _incident_answer(tmp_path / "saved", said))
    checked = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "check"])
    assert 0 == checked.exit_code, checked.output
    assert "Components: api=major_outage\n" in page
    assert "\\" not in page


def test_a_line_of_dashes_or_stars_in_a_body_stays_text(tmp_path: Path) -> None:
    # Statuspage shows a body as text: its `---` between paragraphs was drawn as a rule.
    said = "Part one.\n\n---\n\nPart two.\n\n- - -\n\n***\n\nEnd."
    tagged = "<p>Above.</p><hr><p>Below.</p>"
    _, page, _ = _published(tmp_path, _incident_answer(tmp_path / "saved", said, tagged))
    assert "Part one.\n---\nPart two.\n- - -\n***\nEnd." in page
    built = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert 1 == built.count("<hr")  # the `<hr>` the body wrote


def test_a_backslash_in_an_address_links_where_statuspage_links(tmp_path: Path) -> None:
    # The page links an address as typed, its backslashes its own: doubled on import,
    # `<https://example.com/a\\&b>` led to `a%5C%5C&b`, another address.
    said = "Logs at <https://example.com/a\\&b> and https://example.com/c\\&d, by R\\&D."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    written = (root / "content/incidents/2026-11-01-config.md").read_text()
    assert "<https://example.com/a\\&b> and https://example.com/c\\&d, by R\\\\&D." in written
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert 'href="https://example.com/a%5C&amp;b"' in page
    assert 'href="https://example.com/c%5C&amp;d"' in page
    assert "by R\\&amp;D." in page


@pytest.mark.parametrize("zone", ["localtime", "Factory"])
def test_a_source_zone_check_would_refuse_is_not_written_into_the_settings(
    tmp_path: Path, zone: str
) -> None:
    source = _incident_answer(tmp_path / "saved", "Done.")
    answer = json.loads((source / "incidents.json").read_text())
    answer["page"]["time_zone"] = zone
    (source / "incidents.json").write_text(json.dumps(answer))
    root = tmp_path / "site"

    imported = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == imported.exit_code, imported.output
    assert "timezone" not in (root / "statusgen.yaml").read_text()
    assert 0 == checked.exit_code, checked.output


@pytest.mark.parametrize(("zone", "place"), [("EST", "America/Panama"), ("MST", "America/Phoenix")])
def test_a_source_fixed_offset_zone_is_kept_by_a_place_with_the_same_times(
    tmp_path: Path, zone: str, place: str
) -> None:
    # The page's EST was dropped from the settings, so its times were shown in UTC.
    source = _incident_answer(tmp_path / "saved", "Done.")
    answer = json.loads((source / "incidents.json").read_text())
    answer["page"]["time_zone"] = zone
    (source / "incidents.json").write_text(json.dumps(answer))
    root = tmp_path / "site"

    imported = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == imported.exit_code, imported.output
    assert f"timezone: {place}\n" in (root / "statusgen.yaml").read_text()
    assert f"wrote timezone: {place}" in imported.output
    assert 0 == checked.exit_code, checked.output


def test_a_source_page_address_with_an_empty_segment_is_imported_as_meant(
    tmp_path: Path,
) -> None:
    # A live page's `url` of https://acme.test//status made the whole import refuse, with
    # "correct that in the source", which is someone else's page.
    source = _incident_answer(tmp_path / "saved", "Done.")
    answer = json.loads((source / "incidents.json").read_text())
    answer["page"]["url"] = "https://acme.test//status"
    (source / "incidents.json").write_text(json.dumps(answer))
    root = tmp_path / "site"

    imported = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == imported.exit_code, imported.output
    assert "base_url: https://acme.test/status/\n" in (root / "statusgen.yaml").read_text()


@pytest.mark.parametrize(
    ("identified_created", "newest_first"),
    [
        ("2026-11-01T10:05:00Z", True),
        ("2026-11-01T10:05:00Z", False),
        ("2026-11-01T10:00:00Z", True),
    ],
)
def test_updates_shown_at_the_same_time_keep_the_order_they_were_written(
    tmp_path: Path, identified_created: str, *, newest_first: bool
) -> None:
    # A tie in display_at is broken by created_at, then by the order of the list, which
    # Statuspage gives newest first.
    source = tmp_path / "saved"
    source.mkdir()
    page = {"id": "p1", "name": "P", "url": "https://p.test", "time_zone": "Etc/UTC"}
    shown = "2026-11-01T10:00:00Z"
    updates = [
        {"id": "u2", "status": "identified", "body": "Found it.", "created_at": identified_created},
        {"id": "u1", "status": "investigating", "body": "Looking.", "created_at": shown},
    ]
    incident = {
        "id": "i1",
        "name": "Config",
        "status": "identified",
        "impact": "minor",
        "created_at": shown,
        "components": [],
        "incident_updates": [
            {**u, "display_at": shown} for u in (updates if newest_first else updates[::-1])
        ],
    }
    (source / "incidents.json").write_text(json.dumps({"page": page, "incidents": [incident]}))
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    assert "says identified but its newest update" not in result.output
    text = (root / "content/incidents/2026-11-01-config.md").read_text()
    assert "status: identified" in text
    assert text.index("## Investigating at") < text.index("## Identified at")


def test_a_round_trip_keeps_an_escaped_angle_bracket_word(tmp_path: Path) -> None:
    # `&lt;care&gt;` shows `<care>`; each import of the built site's API must keep it.
    source = _incident_answer(tmp_path / "saved", "Take &lt;care&gt; with <b>the</b> key.", "Done.")
    for n in range(2):
        root = tmp_path / f"site{n}"
        import_statuspage(root, str(source))
        public = tmp_path / f"public{n}"
        build_site(root, now=NOW, output=public, use_cache=False)
        page = next((public / "incidents").rglob("index.html")).read_text()
        assert "Take &lt;care&gt; with <strong>the</strong> key." in page
        source = public / "api/v2"


# --- the URL form, against a server on 127.0.0.1 ---------------------------------------


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path.startswith("/slow/"):
            time.sleep(1)
        # An exact route (with its query) first; else the path alone, as Statuspage
        # answers `?page=N` with its one list.
        found = self.routes.get(self.path) or self.routes.get(self.path.split("?")[0])
        status, kind, body = found or (404, "text/plain", b"not found")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up waiting, as the timeout test wants.
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    summary = (CAPTURES / "summary.json").read_bytes()
    data = json.loads(summary)
    page = data["page"]

    def answer(**rest: object) -> tuple[int, str, bytes]:
        return 200, "application/json", json.dumps({"page": page, **rest}).encode()

    older = dict(data["incidents"][0], id="older0000001", name="An older incident")
    paged = {
        f"/paged/api/v2/{name}": answer(**rest)
        for name, rest in (
            ("summary.json", {"components": data["components"], "incidents": []}),
            ("components.json", {"components": data["components"]}),
            ("incidents.json", {"incidents": data["incidents"]}),
            ("scheduled-maintenances.json", {"scheduled_maintenances": []}),
        )
    }
    _Handler.routes = {
        **paged,
        "/api/v2/summary.json": (200, "application/json", summary),
        "/api/v2/components.json": answer(components=data["components"]),
        "/api/v2/incidents.json": answer(incidents=data["incidents"]),
        "/api/v2/scheduled-maintenances.json": answer(scheduled_maintenances=[]),
        "/private/api/v2/summary.json": (403, "text/html", b"<html>sign in</html>"),
        "/paged/api/v2/incidents.json?page=2": answer(incidents=[older]),
        "/paged/api/v2/incidents.json?page=3": answer(incidents=[older]),
        "/other/api/v2/summary.json": (200, "text/html", b"<html>a blog</html>"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_a_page_is_imported_from_its_address(tmp_path: Path, server: str) -> None:
    root = tmp_path / "site"
    import_statuspage(root, server + "/", timeout=5)
    site = load_site(root)
    assert ["Incident with Packages and Pages"] == [i.title for i in site.incidents]
    assert 11 == len(site.components)


@pytest.mark.parametrize(
    ("path", "says"),
    [("/private", "the page is private"), ("/other", "is not a Statuspage API answer")],
)
def test_an_address_that_is_not_a_public_page_is_refused(
    tmp_path: Path, server: str, path: str, says: str
) -> None:
    root = tmp_path / "site"
    with pytest.raises(StatusgenError) as caught:
        import_statuspage(root, server + path, timeout=5)
    assert says in caught.value.diagnostics[0].message
    assert not root.exists() or [] == list(root.iterdir())


def test_pages_are_followed_while_they_bring_new_incidents(tmp_path: Path, server: str) -> None:
    import_statuspage(tmp_path / "site", server + "/paged", timeout=5)
    titles = {i.title for i in load_site(tmp_path / "site").incidents}
    assert {"Incident with Packages and Pages", "An older incident"} == titles


def test_a_page_that_does_not_answer_in_time_is_reported(tmp_path: Path, server: str) -> None:
    with pytest.raises(StatusgenError) as caught:
        import_statuspage(tmp_path / "site", server + "/slow", timeout=0.2)
    assert "could not read" in caught.value.diagnostics[0].message
    assert not (tmp_path / "site").exists()


# --- importing again over local edits -------------------------------------------------


def _open_incident_answer(folder: Path, *, updates: int = 1) -> Path:
    """A saved `incidents.json` with one open incident on one component: the smallest
    answer a page with an ongoing incident gives (shape of Statuspage's api/v2)."""
    folder.mkdir(exist_ok=True)
    page = {"id": "p1", "name": "Repro", "url": "https://status.repro.test", "time_zone": "UTC"}
    steps = [("investigating", "Looking."), ("identified", "Found it.")][:updates]
    data = {
        "page": page,
        "components": [{"id": "api1", "name": "API", "status": "degraded_performance"}],
        "incidents": [
            {
                "id": "inc1",
                "name": "Ongoing API slowness",
                "status": steps[-1][0],
                "impact": "minor",
                "created_at": "2026-03-01T10:00:00Z",
                "components": [{"id": "api1", "name": "API"}],
                "incident_updates": [
                    {
                        "status": state,
                        "body": body,
                        "display_at": f"2026-03-01T1{n}:00:00Z",
                        "affected_components": [
                            {"code": "api1", "new_status": "degraded_performance"}
                        ],
                    }
                    for n, (state, body) in enumerate(steps)
                ],
            }
        ],
    }
    (folder / "incidents.json").write_text(json.dumps(data))
    return folder


def test_incidents_alone_bring_the_components_they_carry(tmp_path: Path) -> None:
    # Only incidents.json saved: each incident lists its components whole, as the API
    # gives them, so the page's components are known, the ones no incident names aside.
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    api = data.pop("components")[0]
    data["incidents"][0]["components"] = [api]
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    site = load_site(root)
    assert [("api", False)] == [(c.id, c.retired) for c in site.components]
    assert {"api": "degraded_performance"} == {
        a.id: a.status.value for a in site.incidents[0].components
    }
    assert "no longer exists" not in result.output
    assert "components.json" in result.output  # what brings the components no incident lists


def test_importing_an_unchanged_source_again_keeps_a_local_resolve(tmp_path: Path) -> None:
    root, source = tmp_path / "site", _open_incident_answer(tmp_path / "saved")
    runner = CliRunner()
    imported = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == imported.exit_code, imported.output
    slug = "2026-03-01-ongoing-api-slowness"
    resolved = runner.invoke(cli, ["-C", str(root), "resolve", slug, "-m", "Fixed locally."])
    assert 0 == resolved.exit_code, resolved.output
    edited = (root / f"content/incidents/{slug}.md").read_text()

    again = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == again.exit_code, again.output
    assert "0 files written" in again.output
    assert edited == (root / f"content/incidents/{slug}.md").read_text()
    assert "resolved" == load_site(root).incidents[0].state.value


def test_a_changed_source_over_a_local_edit_is_refused_until_forced(tmp_path: Path) -> None:
    root, source = tmp_path / "site", _open_incident_answer(tmp_path / "saved")
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    slug = "2026-03-01-ongoing-api-slowness"
    path = root / f"content/incidents/{slug}.md"
    assert 0 == runner.invoke(cli, ["-C", str(root), "resolve", slug, "-m", "Fixed."]).exit_code
    edited = path.read_text()
    _open_incident_answer(source, updates=2)  # the page moved on too

    refused = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == refused.exit_code
    assert f"content/incidents/{slug}.md" in refused.output
    assert "edited since" in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output
    assert edited == path.read_text()

    forced = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source), "--force"])
    assert 0 == forced.exit_code, forced.output
    assert "Found it." in path.read_text() and "Fixed." not in path.read_text()


def test_a_changed_source_rewrites_a_file_nobody_edited(tmp_path: Path) -> None:
    root, source = tmp_path / "site", _open_incident_answer(tmp_path / "saved")
    import_statuspage(root, str(source))
    _open_incident_answer(source, updates=2)
    _, result = import_statuspage(root, str(source))
    assert ["content/incidents/2026-03-01-ongoing-api-slowness.md"] == [
        p for p in result.written if p.startswith("content/incidents/")
    ]
    assert "identified" == load_site(root).incidents[0].state.value


def test_component_ids_stay_the_first_imports_when_a_namesake_arrives(tmp_path: Path) -> None:
    root, source = tmp_path / "site", tmp_path / "saved"
    source.mkdir()
    page = {"id": "p1", "name": "Repro", "url": "https://status.repro.test"}
    ftp = {"id": "old1", "name": "Legacy FTP", "status": "operational", "position": 2}
    answer = {"page": page, "components": [ftp]}
    (source / "components.json").write_text(json.dumps(answer))
    import_statuspage(root, str(source))
    own = root / "content/incidents/2026-03-01-ftp-slow.md"
    own.parent.mkdir(exist_ok=True)
    own.write_text(
        "---\ntitle: FTP slow\nstatus: resolved\nimpact: minor\ndate: 2026-03-01 10:00\n"
        "resolved_at: 2026-03-01 11:00\ncomponents:\n  legacy-ftp: degraded_performance\n"
        "---\nSlow.\n"
    )
    # The page gains a group holding a new component of the same name, listed first.
    answer["components"] = [
        {"id": "grp1", "name": "Files", "group": True, "components": ["new1"], "position": 1},
        {"id": "new1", "name": "Legacy FTP", "group_id": "grp1", "position": 1},
        ftp,
    ]
    (source / "components.json").write_text(json.dumps(answer))

    import_statuspage(root, str(source))

    site = load_site(root)
    ids = {c.name + (" (new)" if c.group_id else ""): c.id for c in site.components}
    assert {"Legacy FTP": "legacy-ftp", "Legacy FTP (new)": "legacy-ftp-2"} == ids
    assert ["legacy-ftp"] == [a.id for a in site.incidents[0].components]


@pytest.fixture
def not_http() -> Iterator[str]:
    """An address on 127.0.0.1 whose port answers like an FTP or SMTP server does."""
    with not_http_server(b"220 hello\r\n", greets=True) as port:
        yield f"http://127.0.0.1:{port}"


def test_an_address_that_does_not_speak_http_is_reported(tmp_path: Path, not_http: str) -> None:
    root = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["-C", str(root), "import", "statuspage", not_http, "--timeout", "5"]
    )
    assert 1 == result.exit_code, result.output
    assert f"{not_http}/api/v2/summary.json" in result.output
    assert "did not answer in HTTP" in result.output
    assert "hint:" in result.output
    assert not root.exists()


@pytest.mark.parametrize(
    ("body", "kind"),
    [(["x"], "a list"), (5, "a number"), (True, "true or false"), ({"html": "x"}, "an object")],
)
def test_an_update_body_that_is_not_text_is_reported(
    tmp_path: Path, body: object, kind: str
) -> None:
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["incidents"][0]["incident_updates"][0]["body"] = body
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 1 == result.exit_code, result.output
    assert "incidents.json" in result.output
    assert "'Ongoing API slowness'" in result.output and "body" in result.output
    assert f"is {kind}, not text" in result.output
    assert "hint:" in result.output
    assert not root.exists()


@pytest.mark.parametrize("until", [None, "2026-03-01T08:00:00Z"])
def test_a_maintenance_without_a_sound_end_gets_a_window_and_a_note(
    tmp_path: Path, until: str | None
) -> None:
    source = tmp_path / "saved"
    source.mkdir()
    maintenance = {
        "id": "m1",
        "name": "DB upgrade",
        "status": "completed",
        "impact": "maintenance",
        "scheduled_for": "2026-03-01T09:00:00Z",
        "scheduled_until": until,
        "components": [{"id": "db1", "name": "Database"}],
        "incident_updates": [
            {"status": "scheduled", "body": "Planned.", "display_at": "2026-02-25T09:00:00Z"},
            {"status": "in_progress", "body": "Go.", "display_at": "2026-03-01T09:00:00Z"},
            {"status": "completed", "body": "Done.", "display_at": "2026-03-01T10:30:00Z"},
        ],
    }
    (source / "scheduled-maintenances.json").write_text(
        json.dumps(
            {
                "page": {"id": "p1", "name": "Repro"},
                "components": [{"id": "db1", "name": "Database"}],
                "scheduled_maintenances": [maintenance],
            }
        )
    )
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    (window,) = load_site(root).maintenances
    assert datetime(2026, 3, 1, 10, 30, tzinfo=timezone.utc) == window.scheduled_until
    assert "'DB upgrade': scheduled_until" in result.output


@pytest.mark.parametrize("state", ["in_progress", "verifying"])
def test_a_window_still_open_after_its_end_stays_open(tmp_path: Path, state: str) -> None:
    source = tmp_path / "saved"
    source.mkdir()
    updates = [
        {"status": "scheduled", "body": "Planned.", "display_at": "2024-04-25T10:00:00Z"},
        {
            "status": "in_progress",
            "body": "Started.",
            "display_at": "2024-05-01T09:00:00Z",
            "affected_components": [
                {"code": "a", "old_status": "operational", "new_status": "under_maintenance"}
            ],
        },
        {"status": "verifying", "body": "Checking.", "display_at": "2024-05-01T09:50:00Z"},
    ][: 3 if state == "verifying" else 2]
    maintenance = {
        "id": "m1",
        "name": "Overrunning maintenance",
        "status": state,
        "impact": "maintenance",
        "scheduled_for": "2024-05-01T09:00:00Z",
        "scheduled_until": "2024-05-01T10:00:00Z",
        "components": [{"id": "a", "name": "Alpha", "status": "under_maintenance"}],
        "incident_updates": updates[::-1],
    }
    alpha = {"id": "a", "name": "Alpha", "status": "under_maintenance"}
    page = {"id": "p1", "name": "Edge", "url": "https://status.edge.test", "time_zone": "UTC"}
    answer = {"page": page, "components": [alpha], "scheduled_maintenances": [maintenance]}
    (source / "summary.json").write_text(json.dumps(answer))
    root = tmp_path / "site"
    import_statuspage(root, str(source))

    build_site(root, now=datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc), use_cache=False)

    active = json.loads((root / "public/api/v2/scheduled-maintenances/active.json").read_text())
    assert [(state, None)] == [
        (m["status"], m["resolved_at"]) for m in active["scheduled_maintenances"]
    ]
    summary = json.loads((root / "public/api/v2/summary.json").read_text())
    assert ["under_maintenance"] == [c["status"] for c in summary["components"]]


def test_a_round_trip_keeps_a_window_held_open_past_its_end(tmp_path: Path) -> None:
    window = """---
title: Upgrade
scheduled_for: 2026-12-01 09:00
scheduled_until: 2026-12-01 10:00
status: in_progress
components: [api]
---
## Scheduled at 2026-11-25 10:00
Upgrade.

## In progress at 2026-12-01 09:00
Started.
"""
    first, second = _round_trip(
        tmp_path, "- id: api\n  name: API\n", {"2026-12-01-upgrade.md": window}
    )

    def active(public: Path) -> list[str]:
        answer = json.loads((public / "api/v2/scheduled-maintenances/active.json").read_text())
        return [m["status"] for m in answer["scheduled_maintenances"]]

    assert ["in_progress"] == active(first)
    assert active(first) == active(second)
    assert _seen(first) == _seen(second)


def test_a_component_missing_from_its_groups_list_stays_in_its_group(tmp_path: Path) -> None:
    source = tmp_path / "saved"
    source.mkdir()
    components = [
        {"id": "grp1", "name": "Core", "group": True, "components": ["api1"], "position": 1},
        {"id": "api1", "name": "API", "group_id": "grp1", "position": 1},
        {"id": "web1", "name": "Website", "group_id": "grp1", "position": 2},  # not listed
    ]
    (source / "components.json").write_text(
        json.dumps({"page": {"id": "p1", "name": "Repro"}, "components": components})
    )
    root = tmp_path / "site"
    import_statuspage(root, str(source))
    assert [("api", "core"), ("website", "core")] == [
        (c.id, c.group_id) for c in load_site(root).components
    ]


def test_the_same_source_typed_from_another_folder_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    _open_incident_answer(tmp_path / "saved")
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(cli, ["-C", str(root), "import", "statuspage", "saved"])
    assert 0 == first.exit_code, first.output
    before = site_files(root)

    monkeypatch.chdir(root)
    again = runner.invoke(cli, ["import", "statuspage", str(Path("..") / "saved")])

    assert 0 == again.exit_code, again.output
    assert "0 files written" in again.output
    assert before == site_files(root)


def test_a_saved_answer_given_instead_of_its_folder_is_refused_naming_the_folder(
    tmp_path: Path,
) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    root = tmp_path / "site"

    result = CliRunner().invoke(
        cli, ["-C", str(root), "import", "statuspage", str(source / "summary.json")]
    )

    assert 1 == result.exit_code, result.output
    assert f"{source / 'summary.json'}: a file, not a folder" in result.output
    assert f"hint: give the folder this file is in: {source}\n" in result.output
    assert not root.exists()


def test_a_saved_answer_that_is_not_an_object_is_reported_by_its_name(tmp_path: Path) -> None:
    source = tmp_path / "saved"
    source.mkdir()
    (source / "summary.json").write_text("[1, 2]")
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == result.exit_code, result.output
    assert f"{source / 'summary.json'}: not a Statuspage API answer: a list" in result.output
    assert not root.exists()


def test_an_impact_statuspage_does_not_write_is_listed(tmp_path: Path) -> None:
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["incidents"][0]["impact"] = "huge"
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    notes = result.output.split("Not carried over")[1]
    assert "'Ongoing API slowness': impact 'huge' is not one Statuspage writes" in notes


def test_every_problem_of_the_saved_answers_is_reported_in_one_run(tmp_path: Path) -> None:
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["incidents"][0]["incident_updates"][0]["body"] = 5
    (source / "incidents.json").write_text(json.dumps(data))
    (source / "summary.json").write_text("[1, 2]")
    (source / "components.json").write_text('{"components": [1 2]}')
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == result.exit_code, result.output
    assert f"{source / 'components.json'}:1:19: not valid JSON" in result.output
    assert f"{source / 'summary.json'}: not a Statuspage API answer" in result.output
    assert f"{source / 'incidents.json'}:1: the body of 'Ongoing API slowness'" in result.output
    assert not root.exists()


# A round trip of an incident naming a component (api) whose status its updates never
# change: its baseline already is the status the incident gives it.
SLOW = """---
title: Slow pages
status: resolved
impact: critical
components: {website: major_outage, api: degraded_performance}
---
## Investigating at 2026-11-20 10:00 +00:00
Components: website=major_outage
## Identified at 2026-11-20 10:30 +00:00
Components: api=degraded_performance
## Resolved at 2026-11-20 11:00 +00:00
Fixed.
"""


def test_a_round_trip_keeps_the_status_of_a_component_no_update_changes(tmp_path: Path) -> None:
    source, root = tmp_path / "source", tmp_path / "again"
    (source / "content/incidents").mkdir(parents=True)
    (source / "statusgen.yaml").write_text("title: Example\nbase_url: https://s.example/\n")
    (source / "content/components.yaml").write_text(
        "- id: website\n  name: Website\n- id: api\n  name: API\n  status: degraded_performance\n"
    )
    (source / "content/incidents/2026-11-20-slow.md").write_text(SLOW)
    now = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    build_site(source, now=now, output=tmp_path / "first", use_cache=False)
    import_statuspage(root, str(tmp_path / "first/api/v2"))
    build_site(root, now=now, output=tmp_path / "second", use_cache=False)

    before = json.loads((tmp_path / "first/api/v2/incidents.json").read_text())
    after = json.loads((tmp_path / "second/api/v2/incidents.json").read_text())
    names_before = {c["id"]: c["name"] for c in _components(tmp_path / "first")}
    names_after = {c["id"]: c["name"] for c in _components(tmp_path / "second")}
    assert _ids_to_names(before, names_before) == _ids_to_names(after, names_after)
    uptime = [uptime_history(load_site(s), now)["api"].uptime for s in (source, root)]
    assert uptime[0] == uptime[1]


@pytest.mark.parametrize(
    ("impact", "held", "now", "own"),
    [
        ("critical", "major_outage", "major_outage", "operational"),
        ("none", "operational", "degraded_performance", "degraded_performance"),
    ],
)
def test_a_component_no_update_names_holds_the_status_the_impact_implies(
    tmp_path: Path, impact: str, held: str, now: str, own: str
) -> None:
    # The incident's list gives the API's status now, which is no record of what the
    # incident did; with no update setting a status, the impact says it, as for
    # `components: [api]`.
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0]["status"] = now
    incident = data["incidents"][0]
    incident["impact"] = impact
    incident["incident_updates"][0]["affected_components"] = None
    incident["components"] = [{"id": "api1", "name": "API", "status": now}]
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    import_statuspage(root, str(source))

    site = load_site(root)
    (incident_read,) = site.incidents
    assert {"api": held} == {a.id: a.status.value for a in incident_read.components}
    # An incident listing it without an outage carries nothing: its own status stays.
    assert own == site.component("api").status.value


@pytest.mark.parametrize(
    ("set_by_update", "now", "indicator", "downtime"),
    [
        # Opened with the API left operational, then the API set down directly.
        ("operational", "major_outage", "critical", timedelta(minutes=1)),
        # Down at the update, eased to a partial outage without one (GitHub's capture).
        ("major_outage", "partial_outage", "minor", timedelta(minutes=20.3)),
    ],
)
def test_a_status_the_component_took_after_the_last_update_is_the_pages(
    tmp_path: Path, set_by_update: str, now: str, indicator: str, downtime: timedelta
) -> None:
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0].update(status=now, updated_at="2026-03-01T10:20:00Z")
    (update,) = data["incidents"][0]["incident_updates"]
    update["affected_components"] = [
        {"code": "api1", "name": "API", "old_status": "operational", "new_status": set_by_update}
    ]
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    built = datetime(2026, 3, 1, 10, 21, tzinfo=timezone.utc)
    build_site(root, now=built, use_cache=False)
    summary = json.loads((root / "public/api/v2/summary.json").read_text())
    assert (indicator, [now]) == (
        summary["status"]["indicator"],
        [c["status"] for c in summary["components"]],
    )
    # The status the update set holds until the answer's change, not a moment less.
    day = uptime_history(load_site(root), built)["api"].days[-1]
    assert downtime == day.downtime
    assert f"API is {now} in the answer" in result.output


def test_a_status_taken_after_the_last_update_keeps_the_one_the_impact_held_before(
    tmp_path: Path,
) -> None:
    # No update sets a status: the incident holds the API at what its impact implies
    # (major: a partial outage) from its first update, until the answer's change.
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0].update(status="major_outage", updated_at="2026-03-01T10:20:00Z")
    incident = data["incidents"][0]
    incident["impact"] = "major"
    incident["incident_updates"][0]["affected_components"] = None
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    (read,) = load_site(root).incidents
    assert [{"api": "partial_outage"}, {"api": "major_outage"}] == [
        {a.id: a.status.value for a in u.components} for u in read.updates
    ]
    built = datetime(2026, 3, 1, 10, 21, tzinfo=timezone.utc)
    day = uptime_history(load_site(root), built)["api"].days[-1]
    # 20 minutes of partial outage (weighted 0.3), 1 of major: none of it operational.
    assert timedelta(minutes=20 * 0.3 + 1) == day.downtime


def _line_of(path: Path, text: str) -> int:
    (line,) = [n for n, row in enumerate(path.read_text().splitlines(), 1) if text in row]
    return line


@pytest.mark.parametrize(
    "bad", ["2025-02-30T10:00:00Z", "2021-13-01T00:00:00Z", "soon", "yesterday"]
)
def test_a_date_that_does_not_exist_is_refused_at_its_line(tmp_path: Path, bad: str) -> None:
    source = _open_incident_answer(tmp_path / "saved")
    path = source / "incidents.json"
    data = json.loads(path.read_text())
    incident = data["incidents"][0]
    incident["started_at"] = bad
    incident["incident_updates"][0]["display_at"] = bad
    incident["incident_updates"][0]["created_at"] = "2026-03-01T10:00:00Z"
    incident["incident_updates"][0]["body"] = 5
    path.write_text(json.dumps(data, indent=2))  # as a browser or jq saves it
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == result.exit_code, result.output
    for key in ("started_at", "display_at"):
        line = _line_of(path, f'"{key}": "{bad}"')
        said = f"{path}:{line}: 'Ongoing API slowness': {key} '{bad}' is not a valid date"
        assert said in result.output
    body_line = _line_of(path, '"body": 5')
    assert f"{path}:{body_line}: the body of" in result.output
    assert not root.exists()


@pytest.mark.parametrize(
    ("bad", "zone"),
    [
        ("0001-01-01T00:00:00Z", "UTC"),
        ("0001-01-01T00:00:00Z", "America/New_York"),
        ("1960-01-01T00:00:00Z", "UTC"),
        ("1970-01-01T00:30:00+01:00", "UTC"),
        ("9999-12-31T23:00:00Z", "Asia/Tokyo"),
    ],
)
def test_a_time_outside_the_supported_years_is_refused_at_its_line(
    tmp_path: Path, bad: str, zone: str
) -> None:
    # Year 1 was written `1-01-01` into the file name and the heading ("cannot read the
    # time"), or could not be shown in the page's zone at all (a traceback).
    source = _open_incident_answer(tmp_path / "saved")
    path = source / "incidents.json"
    data = json.loads(path.read_text())
    data["page"]["time_zone"] = zone
    incident = data["incidents"][0]
    incident["created_at"] = bad
    incident["incident_updates"][0]["display_at"] = bad
    path.write_text(json.dumps(data, indent=2))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 1 == result.exit_code, result.output
    for key in ("created_at", "display_at"):
        line = _line_of(path, f'"{key}": "{bad}"')
        said = f"{path}:{line}: 'Ongoing API slowness': {key} '{bad}' is outside the years"
        assert f"{said} 1970 to 9998" in result.output
    assert "cannot read the time" not in result.output
    assert not root.exists()


@pytest.mark.parametrize("edit", [False, True])
def test_a_new_site_timezone_is_no_change_of_the_source(tmp_path: Path, edit: bool) -> None:
    root, source = tmp_path / "site", _open_incident_answer(tmp_path / "saved", updates=2)
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    slug = "2026-03-01-ongoing-api-slowness"
    if edit:
        edited = runner.invoke(cli, ["-C", str(root), "update", slug, "-m", "Still on it."])
        assert 0 == edited.exit_code, edited.output
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("timezone: UTC", "timezone: Europe/Paris"))
    before = site_files(root)

    again = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == again.exit_code, again.output
    assert "0 files written" in again.output
    assert before == site_files(root)


# Round trips (docs/import.md): build a site, import its own api/v2 into a new site, build
# that, and a reader sees the same page, apart from ids.
ROUND_TRIP_NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
ROUND_TRIP_SETTINGS = (
    "title: RT\nbase_url: https://status.example.test/\ntimezone: UTC\nstart_date: 2026-11-01\n"
)


def _round_trip(tmp_path: Path, components: str, events: dict[str, str]) -> tuple[Path, Path]:
    """The source site's build and the imported site's (`first`, `second`); the import
    run twice, the second writing nothing."""
    source, root = tmp_path / "source", tmp_path / "again"
    first, second = tmp_path / "first", tmp_path / "second"
    (source / "content/incidents").mkdir(parents=True)
    (source / "statusgen.yaml").write_text(ROUND_TRIP_SETTINGS)
    (source / "content/components.yaml").write_text(components)
    for name, text in events.items():
        (source / "content/incidents" / name).write_text(text)
    build_site(source, now=ROUND_TRIP_NOW, output=first, use_cache=False)
    import_statuspage(root, str(first / "api/v2"))
    before = site_files(root)
    _, again = import_statuspage(root, str(first / "api/v2"))
    assert ([], before) == (again.written, site_files(root))
    build_site(root, now=ROUND_TRIP_NOW, output=second, use_cache=False)
    return first, second


def _seen(public: Path) -> dict[str, list[str]]:
    """Per component name, what its page says: each day bar's words (date, status,
    uptime, incidents) and the uptime summary."""
    seen: dict[str, list[str]] = {}
    for component in _components(public):
        if component["group"]:
            continue
        pages = [
            p
            for p in (public / "components").glob("*/index.html")
            # The heading's words, whatever holds them (the name sits in a span of its own).
            if re.search(
                rf"<h1[^>]*>(?:<[^>]*>)*{re.escape(component['name'])}(?:</[^>]*>)*</h1>",
                p.read_text(),
            )
        ]
        (page,) = pages
        text = page.read_text()
        bars = re.findall(r"[A-Z][a-z]{2} \d{1,2}, \d{4}: [^<\"]*", text)
        summary = re.findall(r"<strong>[^<]*</strong> uptime[^<]*", text)
        seen[component["name"]] = bars + summary
    return seen


def test_a_round_trip_keeps_the_outage_of_an_incident_without_updates(tmp_path: Path) -> None:
    # The answer lists the website with its status now: operational, or under maintenance
    # while a window is open. Neither is what the incident held: its impact says so.
    outage = (
        "---\ntitle: Website down\nstatus: resolved\ndate: 2026-11-10 08:00\n"
        "resolved_at: 2026-11-10 20:00\nimpact: critical\ncomponents: [web]\n---\n"
    )
    window = (
        "---\ntitle: Move\nscheduled_for: 2026-12-01 10:00\nscheduled_until: 2026-12-01 14:00\n"
        "components: [web]\n---\n## Scheduled at 2026-11-25 10:00\nWe move.\n"
    )
    first, second = _round_trip(
        tmp_path,
        "- id: web\n  name: Website\n",
        {"2026-11-10-outage.md": outage, "2026-12-01-move.md": window},
    )
    seen = _seen(first)
    assert "Nov 10, 2026: Major outage, 50.00% uptime; Website down" in seen["Website"]
    assert seen == _seen(second)


MAINTENANCE_ROUND_TRIPS = {
    "set at its updates": """---
title: Upgrade
scheduled_for: 2026-11-20 02:00
scheduled_until: 2026-11-20 04:00
status: completed
components:
  api: major_outage
  web: degraded_performance
---
## Scheduled at 2026-11-10 10:00
Upgrade.

## In progress at 2026-11-20 02:00
Components: api=under_maintenance

Started.

## Verifying at 2026-11-20 03:00
Components: api=major_outage

Something broke.

## Completed at 2026-11-20 06:00
Done, overran.
""",
    # No update at the start: what the window held from then is told by the update that
    # changed it (its old_status), or by the end.
    "held from its start": """---
title: Upgrade
scheduled_for: 2026-11-20 02:00
scheduled_until: 2026-11-20 04:00
components:
  api: partial_outage
  web: degraded_performance
---
## Scheduled at 2026-11-10 10:00
Components: api=degraded_performance

Upgrade.

## Verifying at 2026-11-20 03:00
Components: api=partial_outage

Slower than planned.

## Completed at 2026-11-20 04:00
Done.
""",
}


@pytest.mark.parametrize("window", MAINTENANCE_ROUND_TRIPS.values(), ids=MAINTENANCE_ROUND_TRIPS)
def test_a_round_trip_keeps_the_statuses_a_maintenance_set(tmp_path: Path, window: str) -> None:
    first, second = _round_trip(
        tmp_path,
        "- id: api\n  name: API\n- id: web\n  name: Website\n",
        {"2026-11-20-upgrade.md": window},
    )
    seen = _seen(first)
    assert not any("Nov 20, 2026: Under maintenance" in bar for bar in seen["API"])
    assert any("Nov 20, 2026: Degraded performance" in bar for bar in seen["Website"])
    assert seen == _seen(second)

    def changes(public: Path) -> dict[str, list[Any]]:
        answer = json.loads((public / "api/v2/scheduled-maintenances.json").read_text())
        names = {c["id"]: c["name"] for c in _components(public)}
        return _affected({"incidents": _ids_to_names(answer["scheduled_maintenances"], names)})

    assert changes(first) == changes(second)


def test_a_round_trip_keeps_the_days_before_the_first_incident(tmp_path: Path) -> None:
    # The site's record began on Nov 1; its first incident is on Nov 20.
    down = """---
title: API down
status: resolved
components: {api: operational}
---
## Investigating at 2026-11-20 10:00
Components: api=major_outage

Down.

## Resolved at 2026-11-20 12:00
Components: api=operational

Fixed.
"""
    first, second = _round_trip(tmp_path, "- id: api\n  name: API\n", {"2026-11-20-down.md": down})
    seen = _seen(first)
    assert "Nov 5, 2026: no incidents" in seen["API"]
    assert seen == _seen(second)


def test_a_round_trip_keeps_a_retired_component_in_the_incidents_naming_it(
    tmp_path: Path,
) -> None:
    legacy = """---
title: Legacy API down
status: resolved
components: {old: operational}
---
## Investigating at 2026-11-10 10:00
Components: old=major_outage

Down.

## Resolved at 2026-11-10 11:00
Components: old=operational

Fixed.
"""
    first, second = _round_trip(
        tmp_path,
        "- id: api\n  name: API\n- id: old\n  name: Legacy API\n  retired: true\n",
        {"2026-11-10-legacy.md": legacy},
    )
    assert _seen(first) == _seen(second)  # the retired one has no page, as before

    def affected(public: Path) -> list[list[tuple[str, str]]]:
        (incident,) = json.loads((public / "api/v2/incidents.json").read_text())["incidents"]
        return [
            [(a["name"], a["new_status"]) for a in update["affected_components"] or []]
            for update in incident["incident_updates"]
        ]

    assert [[("Legacy API", "operational")], [("Legacy API", "major_outage")]] == affected(first)
    assert affected(first) == affected(second)
    (page,) = (second / "incidents").glob("*/index.html")
    assert "Legacy API" in page.read_text()


def _updates_of(root: Path) -> list[tuple[str, dict[str, str]]]:
    """The one incident's updates as read back: (time in UTC, statuses it sets)."""
    (read,) = load_site(root).incidents
    return [
        (f"{u.at.astimezone(timezone.utc):%H:%M}", {a.id: a.status.value for a in u.components})
        for u in read.updates
    ]


def test_a_status_taken_without_an_update_keeps_its_time_when_the_incident_goes_on(
    tmp_path: Path,
) -> None:
    # Down at 10:20 by the answer, between the incident's updates: a plain update the
    # source adds later moves nothing, or the outage recorded before it would be lost.
    source = _open_incident_answer(tmp_path / "saved", updates=2)
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0].update(status="major_outage", updated_at="2026-03-01T10:20:00Z")
    data["incidents"][0]["incident_updates"][1]["affected_components"] = None
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    first = _updates_of(root)
    assert ("10:20", {"api": "major_outage"}) in first

    data["incidents"][0]["incident_updates"].append(
        {"status": "identified", "body": "Still working.", "display_at": "2026-03-01T12:00:00Z"}
    )
    (source / "incidents.json").write_text(json.dumps(data))
    again = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == again.exit_code, again.output
    assert [*first, ("12:00", {})] == _updates_of(root)


def test_a_status_taken_without_an_update_stays_once_the_incident_is_resolved(
    tmp_path: Path,
) -> None:
    # The first import published the answer's major outage from 10:20; the page then
    # resolved the incident, the API operational: that ends the outage, not undoes it.
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0].update(status="major_outage", updated_at="2026-03-01T10:20:00Z")
    (source / "incidents.json").write_text(json.dumps(data))
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    data["components"][0].update(status="operational", updated_at="2026-03-01T11:00:00Z")
    incident = data["incidents"][0]
    incident.update(status="resolved", resolved_at="2026-03-01T11:00:00Z")
    incident["incident_updates"].append(
        {
            "status": "resolved",
            "body": "Fixed.",
            "display_at": "2026-03-01T11:00:00Z",
            "affected_components": [
                {"code": "api1", "old_status": "major_outage", "new_status": "operational"}
            ],
        }
    )
    (source / "incidents.json").write_text(json.dumps(data))

    again = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == again.exit_code, again.output
    assert [
        ("10:00", {"api": "degraded_performance"}),
        ("10:20", {"api": "major_outage"}),
        ("11:00", {"api": "operational"}),
    ] == _updates_of(root)
    # Statuspage gives the impact: the kept status leaves it as the page said.
    assert "minor" == load_site(root).incidents[0].impact.value
    built = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    day = uptime_history(load_site(root), built)["api"].days[-1]
    # Down from 10:20 to 11:00 (a degradation counts no downtime).
    assert timedelta(minutes=40) == day.downtime
    unchanged = runner.invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert "0 files written" in unchanged.output


def test_an_incident_never_takes_the_maintenance_a_window_holds(tmp_path: Path) -> None:
    # The window set the API under maintenance over the incident's degradation: the page
    # shows the maintenance, which statusgen ranks below degraded, so the incident eased;
    # once the window completes, the API is operational again, not under maintenance.
    source = _open_incident_answer(tmp_path / "saved")
    data = json.loads((source / "incidents.json").read_text())
    data["components"][0].update(status="under_maintenance", updated_at="2026-03-01T10:30:00Z")
    (source / "incidents.json").write_text(json.dumps(data))
    window = {
        "id": "m1",
        "name": "DB upgrade",
        "status": "in_progress",
        "scheduled_for": "2026-03-01T09:00:00Z",
        "scheduled_until": "2026-03-01T12:00:00Z",
        "components": [{"id": "api1", "name": "API"}],
        "incident_updates": [
            {
                "status": "in_progress",
                "body": "Switching.",
                "display_at": "2026-03-01T10:30:00Z",
                "affected_components": [{"code": "api1", "new_status": "under_maintenance"}],
            }
        ],
    }
    maintenances = {"page": data["page"], "scheduled_maintenances": [window]}
    (source / "scheduled-maintenances.json").write_text(json.dumps(maintenances))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    assert [("10:00", {"api": "degraded_performance"}), ("10:30", {"api": "operational"})] == (
        _updates_of(root)
    )
    during = datetime(2026, 3, 1, 11, tzinfo=timezone.utc)
    after = datetime(2026, 3, 1, 13, tzinfo=timezone.utc)
    shown = []
    for now in (during, after):
        if now is after:
            done = ["-C", str(root), "resolve", "2026-03-01-db-upgrade", "-m", "Done."]
            resolved = CliRunner().invoke(cli, [*done, "--now", "2026-03-01T12:00:00Z"])
            assert 0 == resolved.exit_code, resolved.output
        build_site(root, now=now, use_cache=False)
        summary = json.loads((root / "public/api/v2/summary.json").read_text())
        shown.append(summary["components"][0]["status"])
    assert ["under_maintenance", "operational"] == shown


def test_an_update_quoting_an_address_with_a_token_is_written_without_it(
    tmp_path: Path,
) -> None:
    # Every page, feed and the API would publish the token as the source wrote it.
    said = "Calls to https://api.p.test/v1?access_token=tok_9f8e7d6c5b failed."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    written = (root / "content/incidents/2026-11-01-config.md").read_text()
    assert "Calls to https://api.p.test/v1?access_token=REDACTED failed." in written
    assert "tok_9f8e7d6c5b" not in written
    assert "incident 'Config': an address in its text holds a login or a token" in result.output


def test_a_login_in_an_address_without_its_scheme_is_written_without_its_password(
    tmp_path: Path,
) -> None:
    # `//admin:pw@host/` takes the page's scheme: a visitor's browser opens it as
    # `https://admin:pw@host/`, and the page, the feeds and the API publish the password.
    said = 'See [dash](//admin:pw2@x.test/) and <a href="//u:pw5@z.test/">logs</a>.'
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    written = (root / "content/incidents/2026-11-01-config.md").read_text()
    assert "See [dash](//admin:***@x.test/) and [logs](//u:***@z.test/)." in written
    assert "incident 'Config': an address in its text holds a login or a token" in result.output
    build_site(root, now=datetime(2026, 11, 2, tzinfo=timezone.utc), use_cache=False)
    published = [p for p in sorted((root / "public").rglob("*")) if p.is_file()]
    assert [] == [
        p.relative_to(root).as_posix()
        for p in published
        if b"pw2" in p.read_bytes() or b"pw5" in p.read_bytes()
    ]


def test_an_imports_warnings_print_as_check_prints_them(tmp_path: Path) -> None:
    # A warning of the site's own file, which the import checks with what it writes.
    root = tmp_path / "site"
    own = root / "content/incidents/2026-10-01-hooks.md"
    own.parent.mkdir(parents=True)
    own.write_text(
        "---\ntitle: Hooks\nstatus: resolved\n---\n"
        "## Resolved at 2026-10-01 10:00 +00:00\nSee https://a.test/?token=abcdef123456\n"
    )
    source = _incident_answer(tmp_path / "saved", "Looking.", "Done.")
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    check = CliRunner().invoke(cli, ["-C", str(root), "check"])
    warning = check.output[: check.output.index("\n    hint:")].rpartition("\n")[2]
    assert "content/incidents/2026-10-01-hooks.md:6:5: warning: " in warning
    assert f"{warning}\n    hint: " in result.output
    assert "\\x0a" not in result.output


def test_a_component_description_quoting_a_token_is_written_without_it(tmp_path: Path) -> None:
    source = saved(tmp_path, CAPTURES / "summary.json")
    data = json.loads((source / "summary.json").read_text())
    data["components"][0]["description"] = "Health at https://api.p.test/h?token=abcdef123456"
    (source / "summary.json").write_text(json.dumps(data))
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    written = (root / "content/components.yaml").read_text()
    assert "description: Health at https://api.p.test/h?token=REDACTED\n" in written
    assert "abcdef123456" not in written
    assert "an address in its description holds a login or a token" in result.output


def test_a_line_of_dashes_under_plain_text_stays_text(tmp_path: Path) -> None:
    # Markdown reads it as a heading's underline; Statuspage showed the body as text.
    said = "Some users cannot log in\n---\nWorkaround: use SSO."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert "<p>Some users cannot log in\n---\nWorkaround: use SSO.</p>" in page


@pytest.mark.parametrize(
    ("line", "shown"),
    [("- Login", "<li>Login\n---"), ("> quoted", "quoted\n---"), ("1. Login", "<li>Login\n---")],
)
def test_a_line_of_dashes_under_a_list_item_or_quote_stays_text(
    tmp_path: Path, line: str, shown: str
) -> None:
    # statusgen's Markdown, unlike CommonMark, underlines these lines too: the dashes
    # were lost and the line shown as a heading, its "- " with it.
    said = f"Affected:\n{line}\n---\nNext update in 30 minutes."
    source = _incident_answer(tmp_path / "saved", said, "Done.")
    root = tmp_path / "site"
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])
    assert 0 == result.exit_code, result.output
    build_site(root, now=NOW, output=tmp_path / "public", use_cache=False)
    page = next((tmp_path / "public/incidents").rglob("index.html")).read_text()
    assert shown in page
    assert f">{html.escape(line)}</h" not in page


def _cdn_page(folder: Path, *, cdn_listed: bool, resolved: bool, window: str = "") -> Path:
    """Saved answers of a page whose open (or resolved) incident takes down its CDN, in
    the group Core; without `cdn_listed`, the CDN deleted from the page since. With
    `window`, also a window upgrading the CDN from 11:30 to 14:00 in that state (one
    `scheduled` only announced, so started by the clock)."""
    folder.mkdir(parents=True, exist_ok=True)
    page = {"id": "p", "name": "Acme", "url": "https://status.acme.test", "time_zone": "UTC"}
    cdn = {"id": "cdn1", "name": "CDN", "group_id": "g1", "description": "Edge cache."}
    members = [{"id": "api1", "name": "API", "group_id": "g1", "status": "operational"}]
    members += [{**cdn, "status": "partial_outage"}] if cdn_listed else []
    group = {"id": "g1", "name": "Core", "group": True, "components": [m["id"] for m in members]}
    steps = [("investigating", "10:00")] + ([("resolved", "11:00")] if resolved else [])
    incident = {
        "id": "inc1",
        "name": "CDN down",
        "status": steps[-1][0],
        "impact": "major",
        "created_at": "2026-03-01T10:00:00Z",
        "components": [cdn],
        "incident_updates": [
            {
                "status": state,
                "body": f"CDN is {state}.",
                "display_at": f"2026-03-01T{at}:00Z",
                "affected_components": [
                    {
                        "code": "cdn1",
                        "name": "CDN",
                        "new_status": "operational" if state == "resolved" else "partial_outage",
                    }
                ],
            }
            for state, at in steps
        ],
    }
    (folder / "components.json").write_text(
        json.dumps({"page": page, "components": [group, *members]})
    )
    (folder / "incidents.json").write_text(json.dumps({"page": page, "incidents": [incident]}))
    if window:
        said = {"scheduled": 1, "in_progress": 2, "completed": 3}[window]
        updates = [
            ("scheduled", "2026-02-28T09:00:00Z", "operational"),
            ("in_progress", "2026-03-01T11:30:00Z", "under_maintenance"),
            ("completed", "2026-03-01T12:30:00Z", "operational"),
        ][:said]
        maintenance = {
            "id": "mw1",
            "name": "CDN upgrade",
            "status": window,
            "impact": "maintenance",
            "created_at": "2026-02-28T09:00:00Z",
            "scheduled_for": "2026-03-01T11:30:00Z",
            "scheduled_until": "2026-03-01T14:00:00Z",
            "components": [cdn],
            "incident_updates": [
                {
                    "status": state,
                    "body": f"CDN upgrade {state}.",
                    "display_at": at,
                    "affected_components": [{"code": "cdn1", "name": "CDN", "new_status": new}],
                }
                for state, at, new in updates
            ],
        }
        (folder / "scheduled-maintenances.json").write_text(
            json.dumps({"page": page, "scheduled_maintenances": [maintenance]})
        )
    return folder


@pytest.mark.parametrize("still_open", [True, False])
def test_a_component_deleted_while_an_open_incident_names_it_stays_with_its_outage(
    tmp_path: Path, still_open: bool
) -> None:
    # Statuspage keeps a deleted component's name in its incidents. Dropped from the open
    # one, the page showed the CDN nowhere and the outage as no component's.
    source, root = tmp_path / "saved", tmp_path / "site"
    _cdn_page(source, cdn_listed=True, resolved=False)
    invoke = CliRunner().invoke
    assert 0 == invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    written = (root / "content/components.yaml").read_text()
    _cdn_page(source, cdn_listed=False, resolved=not still_open)

    result = invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    site = load_site(root)
    (incident,) = site.incidents
    if still_open:
        assert written == (root / "content/components.yaml").read_text()
        cdn = site.component("cdn")
        assert ("core", "Edge cache.", False) == (cdn.group_id, cdn.description, cdn.retired)
        assert {"cdn": "partial_outage"} == {a.id: a.status.value for a in incident.components}
        assert "names it and is still open: kept as it is, on the page" in result.output
        assert "no longer exists" not in result.output
        build_site(root, now=datetime(2026, 3, 1, 12, tzinfo=timezone.utc), use_cache=False)
        summary = json.loads((root / "public/api/v2/summary.json").read_text())
        shown = {c["name"]: c["status"] for c in summary["components"]}
        assert ("partial_outage", "minor") == (shown["CDN"], summary["status"]["indicator"])
    else:
        assert site.component("cdn").retired  # off the page, as the docs say
        assert {"cdn": "operational"} == {a.id: a.status.value for a in incident.components}


def test_an_open_incident_naming_a_component_no_import_wrote_leaves_it_out(
    tmp_path: Path,
) -> None:
    # Nothing to keep on the page: a retired component cannot be named by an open one.
    source, root = tmp_path / "saved", tmp_path / "site"
    _cdn_page(source, cdn_listed=False, resolved=False)

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    site = load_site(root)
    assert site.component("cdn").retired
    assert [] == [a.id for a in site.incidents[0].components]
    assert "'CDN down': affected component statuspage:cdn1 no longer exists; left out" in (
        " ".join(result.output.split())
    )


@pytest.mark.parametrize("window", ["in_progress", "scheduled", "completed"])
def test_a_component_deleted_while_a_window_not_completed_names_it_stays_for_the_window(
    tmp_path: Path, window: str
) -> None:
    # The page deleted the CDN during its upgrade window: the re-import was refused (a
    # window in progress cannot name a retired component), so the resolved incident stayed
    # open on the site; one started by the clock showed in progress affecting nothing.
    source, root = tmp_path / "saved", tmp_path / "site"
    _cdn_page(source, cdn_listed=True, resolved=False, window="in_progress")
    invoke = CliRunner().invoke
    assert 0 == invoke(cli, ["-C", str(root), "import", "statuspage", str(source)]).exit_code
    _cdn_page(source, cdn_listed=False, resolved=True, window=window)

    result = invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    site = load_site(root)
    assert ["resolved"] == [i.state.value for i in site.incidents]
    (upgrade,) = site.maintenances
    assert ["cdn"] == [a.id for a in upgrade.components]
    cdn = site.component("cdn")
    if window == "completed":
        assert cdn.retired  # off the page once the window is over, as the docs say
        return
    assert ("core", "Edge cache.", False) == (cdn.group_id, cdn.description, cdn.retired)
    assert "names it and is still open: kept as it is, on the page" in result.output
    build_site(root, now=datetime(2026, 3, 1, 13, tzinfo=timezone.utc), use_cache=False)
    summary = json.loads((root / "public/api/v2/summary.json").read_text())
    shown = {c["name"]: c["status"] for c in summary["components"]}
    assert "under_maintenance" == shown["CDN"]


def _page(updated: str) -> dict[str, str]:
    return {
        "id": "p",
        "name": "Acme",
        "url": "https://acme.test",
        "time_zone": "Etc/UTC",
        "updated_at": updated,
    }


def _api(status: str, updated: str) -> dict[str, object]:
    return {
        "id": "c1",
        "name": "API",
        "status": status,
        "group": False,
        "group_id": None,
        "position": 1,
        "created_at": "2021-01-01T00:00:00Z",
        "updated_at": updated,
    }


def test_a_newer_summary_wins_over_an_older_components_answer(tmp_path: Path) -> None:
    # components.json saved before an outage, summary.json during it: the page is down now.
    source = tmp_path / "saved"
    source.mkdir()
    older = {
        "page": _page("2026-12-01T00:00:00Z"),
        "components": [_api("operational", "2026-11-01T00:00:00Z")],
    }
    newer = {
        "page": _page("2026-12-06T10:00:00Z"),
        "components": [_api("major_outage", "2026-12-06T09:00:00Z")],
        "incidents": [],
        "scheduled_maintenances": [],
    }
    (source / "components.json").write_text(json.dumps(older))
    (source / "summary.json").write_text(json.dumps(newer))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    assert {"api": "major_outage"} == {c.id: c.status.value for c in load_site(root).components}
    assert "components.json and summary.json disagree; took summary.json's" in result.output


def test_a_disagreement_is_listed_when_the_file_read_first_is_the_newer(tmp_path: Path) -> None:
    # components.json (read first) saved during the outage, summary.json before it: the
    # newer copy is kept, and the reader is still told the two answers differ.
    source = tmp_path / "saved"
    source.mkdir()
    newer = {
        "page": {**_page("2026-12-06T10:00:00Z"), "name": "Acme Cloud"},
        "components": [_api("major_outage", "2026-12-06T09:00:00Z")],
    }
    older = {
        "page": _page("2026-12-01T00:00:00Z"),
        "components": [_api("operational", "2026-11-01T00:00:00Z")],
        "incidents": [],
        "scheduled_maintenances": [],
    }
    (source / "components.json").write_text(json.dumps(newer))
    (source / "summary.json").write_text(json.dumps(older))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    assert {"api": "major_outage"} == {c.id: c.status.value for c in load_site(root).components}
    assert "Acme Cloud" == load_site(root).settings.title
    said = " ".join(result.output.split())
    assert (
        "component 'API': components.json and summary.json disagree; took components.json's"
    ) in said
    assert "the page: components.json and summary.json disagree; took components.json's" in said


def test_an_incident_resolved_without_resolved_at_is_resolved_when_last_changed(
    tmp_path: Path,
) -> None:
    # Status resolved, resolved_at null, newest update monitoring: the source says resolved.
    source = tmp_path / "saved"
    source.mkdir()
    update = {"affected_components": [], "display_at": None}
    incident = {
        "id": "i1",
        "name": "API down",
        "status": "resolved",
        "impact": "critical",
        "created_at": "2025-05-01T10:00:00Z",
        "updated_at": "2025-05-01T12:00:00Z",
        "resolved_at": None,
        "components": [{"id": "c1", "name": "API"}],
        "incident_updates": [
            {
                **update,
                "id": "u2",
                "status": "monitoring",
                "body": "Fix deployed.",
                "created_at": "2025-05-01T11:00:00Z",
            },
            {
                **update,
                "id": "u1",
                "status": "investigating",
                "body": "API is down.",
                "created_at": "2025-05-01T10:00:00Z",
            },
        ],
    }
    answer = {
        "page": _page("2026-12-01T00:00:00Z"),
        "components": [_api("operational", "2021-01-01T00:00:00Z")],
        "incidents": [incident],
    }
    (source / "summary.json").write_text(json.dumps(answer))
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "statuspage", str(source)])

    assert 0 == result.exit_code, result.output
    (imported,) = load_site(root).incidents
    assert not imported.is_open
    assert datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc) == imported.resolved_at
    assert "gives no resolved_at; resolved at its updated_at" in result.output
