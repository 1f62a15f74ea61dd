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
    # In page order, a retired component last: the page lists it nowhere else.
    assert ["API", "Late Service"] == [
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
    assert (
        "hint: known components: api, db; if 'deleted' was removed from"
        " content/components.yaml, put its entry back with 'retired: true', so that past"
        " incidents can still name it"
    ) in result.output


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


def _named_in_search(folder: Path) -> tuple[dict[str, str], list[list[str]]]:
    """search.json's component names and each row's component ids, as search.js reads them."""
    index = json.loads((folder / "search.json").read_text())
    return index["components"], [row[4] for row in index["events"]]


def test_search_finds_a_retired_component_of_a_past_incident_by_its_name(tmp_path: Path) -> None:
    pages = (
        "pages:\n"
        "  public:\n    base_url: https://status.example.com/\n    output: public\n"
        "  api-only:\n    base_url: https://api.example.com/\n    output: api-only\n"
        "    show: [api]\n"
    )
    root = _site(tmp_path / "one", {})
    assert 0 == sitefiles.run_build(root, "-q", now=NOW).exit_code
    names, rows = _named_in_search(root / "public")
    # In page order, a retired component last, as its line in the history lists them.
    assert [["api", "late"]] == rows
    assert ("API", "Late Service") == (names["api"], names["late"])

    root = _site(
        tmp_path / "pages",
        {"statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-10-01\n" + pages},
    )
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    names, rows = _named_in_search(root / "public")
    assert "Late Service" == names["late"]
    # A page that would not show it names it nowhere, its search index included.
    assert ({"api": "API"}, [["api"]]) == _named_in_search(root / "api-only")


def test_a_page_may_show_a_retired_component_and_keeps_it_in_past_incidents(
    tmp_path: Path,
) -> None:
    pages = (
        "pages:\n"
        "  p:\n    base_url: https://p.example.com/\n    output: out-p\n"
        "    show: [late, db]\n"
    )
    root = _site(
        tmp_path, {"statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-10-01\n" + pages}
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    page = (root / "out-p/incidents/2026-10-28-late-early/index.html").read_text()
    assert "Late Service" in page
    assert {"db": "Database", "late": "Late Service"} == _named_in_search(root / "out-p")[0]


def test_the_commands_refuse_a_retired_component_as_check_does(tmp_path: Path) -> None:
    root = _site(tmp_path, {})

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["-C", str(root), *args, "--now", NOW])
        assert 1 == result.exit_code, result.output
        return result.output

    hint = "remove 'retired: true' from 'late' in content/components.yaml to bring it back"
    opened = run("new", "incident", "Late again", "-c", "late=major_outage", "-m", "hi")
    assert (
        "--component late=major_outage: component 'late' is retired;"
        " an open incident cannot name it"
    ) in opened
    assert hint in opened
    assert "unknown component" not in opened
    planned = run(
        "new", "maintenance", "Move", "--start", "2026-11-10 10:00", "--end", "2026-11-10 11:00",
        "-c", "late",
    )  # fmt: skip
    assert (
        "--component late: component 'late' is retired; a maintenance not completed cannot name it"
    ) in planned
    assert hint in planned
    assert [] == sorted(p.name for p in (root / "content/incidents").glob("*move*"))

    # A past incident naming it can still be added to, and a resolved one recorded with it.
    for args in (
        ("update", "2026-10-28-late-early", "-m", "A postmortem."),
        ("new", "incident", "Late once", "--status", "resolved", "-c", "late", "-m", "hi"),
    ):
        result = CliRunner().invoke(cli, ["-C", str(root), *args, "--now", NOW])
        assert 0 == result.exit_code, result.output


def test_a_group_whose_members_are_all_retired_is_left_out_of_the_api(tmp_path: Path) -> None:
    components = COMPONENTS + (
        "- id: old\n  name: Old Group\n  components:\n"
        "    - {id: gone, name: Gone Service, retired: true}\n"
        "- id: web\n  name: Website\n"
    )
    past = PAST.replace("api: degraded_performance", "gone: partial_outage")
    root = _site(
        tmp_path,
        {
            "content/components.yaml": components,
            "content/incidents/2026-10-28-late-early.md": past,
        },
    )
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    public = root / "public"
    expected = [("API", 1), ("Core", 2), ("Database", 1), ("Website", 3)]
    for name in ("summary.json", "components.json"):
        listed = json.loads((public / "api/v2" / name).read_text())["components"]
        assert expected == [(c["name"], c["position"]) for c in listed]
    incident = json.loads((public / "api/v2/incidents.json").read_text())["incidents"][0]
    assert ["Late Service", "Old Group - Gone Service"] == [
        c["name"] for c in incident["incident_updates"][-1]["affected_components"]
    ]
    assert "Old Group" not in (public / "index.html").read_text().split("<h2")[1]


def test_a_past_incident_naming_a_retired_component_misspelt_is_offered_its_id(
    tmp_path: Path,
) -> None:
    past = PAST.replace("late:", "lat_e:")
    root = _site(tmp_path, {"content/incidents/2026-10-28-late-early.md": past})
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 1 == result.exit_code
    assert "2026-10-28-late-early.md:5:3: unknown component 'lat_e'" in result.output
    assert "hint: did you mean 'late'? known components: api, db\n" in result.output
    # Its entry is there: putting it back is no advice.
    assert "put its entry back" not in result.output


def test_an_incident_on_a_site_whose_components_are_all_retired_is_told_so(
    tmp_path: Path,
) -> None:
    components = "- id: old\n  name: Old Service\n  retired: true\n"
    opened = OPEN.replace("late:", "api:")
    root = _site(
        tmp_path,
        {
            "content/components.yaml": components,
            "content/incidents/2026-10-28-late-early.md": None,
            "content/incidents/2026-11-05-late-again.md": opened,
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 1 == result.exit_code
    assert "2026-11-05-late-again.md:5:3: unknown component 'api'" in result.output
    assert "hint: every component in content/components.yaml is retired: old\n" in result.output
    assert "no components are defined" not in result.output


def test_an_empty_group_is_listed_nowhere_as_one_whose_members_are_all_retired(
    tmp_path: Path,
) -> None:
    # `components: []` passed check, and the API listed the group at position 2 with no
    # components, while the pages and `statusgen status` left it out.
    components = "- id: api\n  name: API\n- id: e\n  name: Empty\n  components: []\n"
    components += "- id: web\n  name: Website\n"
    root = _site(
        tmp_path,
        {"content/components.yaml": components, "content/incidents/2026-10-28-late-early.md": None},
    )
    result = sitefiles.run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    public = root / "public"
    for name in ("summary.json", "components.json"):
        listed = json.loads((public / "api/v2" / name).read_text())["components"]
        assert [("API", 1), ("Website", 2)] == [(c["name"], c["position"]) for c in listed]
    status = CliRunner().invoke(cli, ["-C", str(root), "status", "--json", "--now", NOW])
    assert 0 == status.exit_code, status.output
    assert ["api", "web"] == [c["id"] for c in json.loads(status.stdout)["components"]]
    for page in ("index.html", "embed.html"):
        assert "Empty" not in (public / page).read_text()


def test_a_channel_limited_to_a_retired_component_is_told_it_is_retired(tmp_path: Path) -> None:
    """Said as for a monitor or an ingest rule: the author retired it, not mistyped it."""
    notify = (
        "notify:\n  channels:\n    - type: webhook\n      url: https://hooks.example.com/x\n"
        "      components: [api, late]\n"
    )
    root = _site(tmp_path, {"statusgen.yaml": sitefiles.SETTINGS + notify})
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 1 == result.exit_code
    assert "unknown component" not in result.output
    assert "component 'late' is retired; channel 'webhook' cannot name it" in result.output, (
        result.output
    )
    assert "remove 'retired: true' from 'late' in content/components.yaml" in result.output


def test_an_open_incident_on_a_retired_component_is_told_to_be_resolved_first(
    tmp_path: Path,
) -> None:
    # The hint offered only another component or un-retiring it; `resolve` refuses a site
    # that does not check clean, so the way to end the incident was left to be guessed.
    root = _site(tmp_path, {"content/incidents/2026-11-05-late-again.md": OPEN})

    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])

    assert 1 == result.exit_code
    assert (
        "hint: name a current component, or remove 'retired: true' from 'late' in "
        "content/components.yaml until `statusgen resolve 2026-11-05-late-again` ends it, "
        "then retire it again"
    ) in result.output


def _siblings(groups: int, removed: str) -> str:
    """A components file of `groups` groups of three, `gNN-cMM`, without `removed`."""
    lines = []
    for g in range(groups):
        lines += [f"- id: grp-{g:02d}", f"  name: Group {g:02d}", "  components:"]
        lines += [
            f"    - id: g{g:02d}-c{c:02d}\n      name: Service {g}.{c}"
            for c in range(3)
            if f"g{g:02d}-c{c:02d}" != removed
        ]
    return "\n".join(lines) + "\n"


def test_a_removed_component_with_many_siblings_alike_is_told_to_retire_not_to_move(
    tmp_path: Path,
) -> None:
    # g14-c01 is as close to 15 other ids: naming any would move its history onto another.
    past = PAST.replace("late: major_outage\n  api: degraded_performance", "g14-c01: major_outage")
    incidents = {f"content/incidents/2026-10-2{n}-gone.md": past for n in range(5)}
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": _siblings(20, "g14-c01"),
        **incidents,
    }
    root = sitefiles.write_site(tmp_path, files)
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    assert 1 == result.exit_code
    assert "unknown component 'g14-c01', named by 5 files" in result.output
    assert "did you mean" not in result.output
    assert (
        "if 'g14-c01' was removed from content/components.yaml, put its entry back with"
        " 'retired: true'"
    ) in result.output


def test_a_removed_component_as_close_to_two_is_told_to_retire_it_first(
    tmp_path: Path,
) -> None:
    # `db-2` is a letter off db-1 and db-3 alike: a sibling removed, more likely than a typo.
    components = "".join(f"- id: db-{n}\n  name: Database {n}\n" for n in (1, 3))
    past = PAST.replace("late: major_outage\n  api: degraded_performance", "db-2: major_outage")
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        "content/incidents/2026-10-28-gone.md": past,
    }
    result = CliRunner().invoke(
        cli, ["-C", str(sitefiles.write_site(tmp_path, files)), "check", "--now", NOW]
    )
    assert 1 == result.exit_code
    assert (
        "hint: if 'db-2' was removed from content/components.yaml, put its entry back with"
        " 'retired: true', so that past incidents can still name it; otherwise, did you mean"
        " 'db-1' or 'db-3'? known components: db-1, db-3\n"
    ) in result.output


def test_a_removed_component_nearly_one_in_use_is_told_to_retire_it_not_to_rename_that(
    tmp_path: Path,
) -> None:
    # `us-api` was deleted; `eu-api` has incidents of its own. Renaming eu-api's id to
    # us-api would move its history and leave its own incident naming nothing.
    components = "".join(f"- id: {i}\n  name: {i.upper()}\n" for i in ("db-1", "db-3", "eu-api"))
    gone = PAST.replace("late: major_outage\n  api: degraded_performance", "us-api: major_outage")
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        "content/incidents/2026-10-27-us.md": gone,
        "content/incidents/2026-10-28-us.md": gone,
        "content/incidents/2026-10-29-eu.md": gone.replace("us-api:", "eu-api:"),
    }
    result = CliRunner().invoke(
        cli, ["-C", str(sitefiles.write_site(tmp_path, files)), "check", "--now", NOW]
    )
    assert 1 == result.exit_code
    hint = (
        "hint: if 'us-api' was removed from content/components.yaml, put its entry back with"
        " 'retired: true', so that past incidents can still name it; otherwise, did you mean"
        " 'eu-api'? known components: db-1, db-3, eu-api\n"
    )
    assert 2 == result.output.count(hint)
    assert "correct it there" not in result.output


def test_an_open_incident_nearly_naming_one_in_use_is_not_told_to_rename_that(
    tmp_path: Path,
) -> None:
    # Open incidents may not name a retired component: the guess stands, but eu-api's id,
    # which another incident names, is not offered as the typo.
    components = "".join(f"- id: {i}\n  name: {i.upper()}\n" for i in ("db-1", "eu-api"))
    now = OPEN.replace("late:", "us-api:")
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        "content/incidents/2026-11-04-us.md": now,
        "content/incidents/2026-11-05-us.md": now,
        "content/incidents/2026-10-29-eu.md": PAST.replace(
            "late: major_outage\n  api: degraded_performance", "eu-api: major_outage"
        ),
    }
    result = CliRunner().invoke(
        cli, ["-C", str(sitefiles.write_site(tmp_path, files)), "check", "--now", NOW]
    )
    assert 1 == result.exit_code
    assert 2 == result.output.count("hint: did you mean 'eu-api'? known components: db-1, eu-api\n")
