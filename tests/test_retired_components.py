"""A component retired with `retired: true`: gone from every list, kept in past incidents."""

from __future__ import annotations

import json
from pathlib import Path

import sitefiles
from click.testing import CliRunner

from statusgen.cli import cli

COMPONENTS = """\
- id: api
  name: API
- id: late
  name: Late Service
  retired: true
- name: Core
  components:
    - id: old-db
      name: Old Database
      retired: true
    - id: db
      name: Database
"""

PAST = """\
---
title: Late was early
status: resolved
components:
  late: major_outage
  api: degraded_performance
---
## Investigating at 2026-10-28 10:00
Looking.

## Resolved at 2026-10-28 11:00
Fixed.
"""

OPEN = """\
---
title: Late again
status: investigating
components:
  late: major_outage
---
## Investigating at 2026-11-05 10:00
Looking.
"""

GONE = PAST.replace("late:", "deleted:")

NOW = "2026-11-06T00:00:00Z"


def _site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    return sitefiles.write_site(
        root,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-10-01\n",
            "content/components.yaml": COMPONENTS,
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-10-28-late-early.md": PAST,
            **files,
        },
    )


def test_a_retired_component_is_listed_nowhere_but_its_past_incidents_keep_it(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path, {})
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    public = root / "public"

    summary = json.loads((public / "api/v2/summary.json").read_text())
    assert [("API", 1), ("Core", 2), ("Database", 1)] == [
        (c["name"], c["position"]) for c in summary["components"]
    ]
    assert not (public / "components/late").exists()
    assert not (public / "components/old-db").exists()
    assert "Late Service" not in (public / "index.html").read_text().split("<h2")[1]

    page = (public / "incidents/2026-10-28-late-early/index.html").read_text()
    assert "Late Service" in page
    assert "/components/late/" not in page
    assert "Late Service (worst Major outage)" in (public / "feed.xml").read_text()
    incident = json.loads((public / "api/v2/incidents.json").read_text())["incidents"][0]
    assert ["API"] == [c["name"] for c in incident["components"]]
    assert ["Late Service", "API"] == [
        c["name"] for c in incident["incident_updates"][-1]["affected_components"]
    ]


def test_an_open_incident_on_a_retired_component_and_an_unknown_one_are_errors(
    tmp_path: Path,
) -> None:
    root = _site(
        tmp_path,
        {
            "content/incidents/2026-11-05-late-again.md": OPEN,
            "content/incidents/2026-10-29-gone.md": GONE,
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 1 == result.exit_code
    assert (
        "content/incidents/2026-11-05-late-again.md:5:3: component 'late' is retired;"
        " an open incident cannot name it"
    ) in result.output
    assert "remove 'retired: true' from 'late'" in result.output
    assert "content/incidents/2026-10-29-gone.md:5:3: unknown component 'deleted'" in result.output
    assert "keep its entry in content/components.yaml with 'retired: true'" in result.output


def test_a_page_keeps_the_retired_components_it_would_show_in_its_past_incidents(
    tmp_path: Path,
) -> None:
    pages = (
        "pages:\n"
        "  public:\n    base_url: https://status.example.com/\n    output: public\n"
        "  core:\n    base_url: https://core.example.com/\n    output: core\n"
        "    show: [core]\n"
        "  api-only:\n    base_url: https://api.example.com/\n    output: api-only\n"
        "    show: [api]\n"
    )
    past_in_core = PAST.replace(
        "late: major_outage", "late: major_outage\n  old-db: partial_outage"
    )
    root = _site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-10-01\n" + pages,
            "content/incidents/2026-10-28-late-early.md": past_in_core,
        },
    )
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output

    def named(folder: str) -> tuple[bool, bool]:
        page = (root / folder / "incidents/2026-10-28-late-early/index.html").read_text()
        return "Late Service" in page, "Old Database" in page

    # A page showing every component shows every retired one; a page showing a group,
    # its retired members; a page showing one component, no other.
    assert (True, True) == named("public")
    assert (False, True) == named("core")
    assert (False, False) == named("api-only")
