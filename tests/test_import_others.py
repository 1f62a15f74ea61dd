"""`statusgen import cstate` and `import upptime`, on sites written here in their
documented formats (cState's example site, Upptime's configuration docs)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sitefiles import INCIDENT_PATH, SETTINGS, write_site

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.errors import StatusgenError
from statusgen.importers.apply import apply_plan
from statusgen.importers.plan import Plan, PlannedComponent, PlannedGroup
from statusgen.importers.upptime import upptime_slug
from statusgen.model import ComponentStatus, IncidentState, MaintenanceState
from statusgen.status import compute, duration
from statusgen.validate import load_site

FIXTURES = Path(__file__).parent / "fixtures"

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)

CSTATE_CONFIG = """\
title: Eggsample Status
baseURL: https://status.example.org
params:
  categories:
    - name: North Coast
      description: The main servers are located here.
      closed: true
    - name: Uncategorized
      untitled: false
  systems:
    - name: Gateway
      category: North Coast
    - name: API
      description: The guts of the application.
      category: Uncategorized
    - name: Media Proxy
      category: Uncategorized
    - name: Status Page
"""

CSTATE_ISSUES = {
    "2018-05-25-us-east-conn-issues.md": """\
---
title: US East Connection Issues
date: 2018-05-25 04:13:00
resolved: true
resolvedWhen: 2018-05-25 05:54:00
# Possible severity levels: down, disrupted, notice
severity: disrupted
affected:
  - API
  - Media Proxy
section: issue
---

*Resolved* -
We believe all users can connect again. {{< track "2018-05-25 05:54:00" >}}

*Monitoring* - An isolated ISP issue; other DNS works around it. {{< track "2018-05-25 04:40:00" >}}

*Investigating* - Users on the East coast cannot connect. {{< track "2018-05-25 04:13:00" >}}
""",
    "2018-06-13-gateway-down.md": """\
---
title: Gateway down
date: 2018-06-13 15:54:00
resolved: true
resolvedWhen: 2018-06-13 17:30:00
severity: down
affected:
  - Gateway
section: issue
---

The gateway stopped answering.
""",
    "2019-01-02-new-office.md": """\
---
title: We moved our support office
date: 2019-01-02 09:00:00
informational: true
section: issue
---

Support now answers from Berlin.
""",
    "2019-02-02-ongoing.md": """\
---
title: Slow API
date: 2019-02-02 10:00:00
resolved: false
severity: notice
affected:
  - API
section: issue
---

*Investigating* - Requests are slower than usual. {{< track "2019-02-02 10:05:00" >}}
""",
}


@pytest.fixture
def cstate_site(tmp_path: Path) -> Path:
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    for name, text in CSTATE_ISSUES.items():
        (folder / "content/issues" / name).write_text(text)
    (folder / "content/issues/_index.md").write_text("---\ntitle: Issues\n---\n")
    return folder


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert 0 == result.exit_code, result.output
    return result.output


def test_a_cstate_site_becomes_components_and_incidents(tmp_path: Path, cstate_site: Path) -> None:
    root = tmp_path / "site"
    output = run("-C", str(root), "import", "cstate", str(cstate_site))
    site = load_site(root)
    build_site(root, now=NOW, use_cache=False)

    assert "Eggsample Status" == site.settings.title
    assert [("north-coast", ("gateway",)), ("uncategorized", ("api", "media-proxy"))] == [
        (g.id, g.component_ids) for g in site.groups
    ]
    assert ("status-page", None) == (site.components[-1].id, site.components[-1].group_id)
    east = next(i for i in site.incidents if i.title == "US East Connection Issues")
    assert [
        (IncidentState.INVESTIGATING, datetime(2018, 5, 25, 4, 13, tzinfo=timezone.utc)),
        (IncidentState.MONITORING, datetime(2018, 5, 25, 4, 40, tzinfo=timezone.utc)),
        (IncidentState.RESOLVED, datetime(2018, 5, 25, 5, 54, tzinfo=timezone.utc)),
    ] == [(u.state, u.at) for u in east.updates]
    assert "Users on the East coast cannot connect." == east.updates[0].message
    assert {
        "api": ComponentStatus.PARTIAL_OUTAGE,
        "media-proxy": ComponentStatus.PARTIAL_OUTAGE,
    } == {a.id: a.status for a in east.components}
    # cState has no per-update statuses: the first update sets the post's, which hold
    # until the incident ends.
    assert [
        {"api": ComponentStatus.PARTIAL_OUTAGE, "media-proxy": ComponentStatus.PARTIAL_OUTAGE},
        {},
        {},
    ] == [{a.id: a.status for a in u.components} for u in east.updates]
    gateway = next(i for i in site.incidents if i.title == "Gateway down")
    # No track shortcode: the post is the first update, resolvedWhen the resolution.
    assert [IncidentState.INVESTIGATING, IncidentState.RESOLVED] == [
        u.state for u in gateway.updates
    ]
    assert datetime(2018, 6, 13, 17, 30, tzinfo=timezone.utc) == gateway.resolved_at
    assert "critical" == gateway.impact.value
    office = next(i for i in site.incidents if i.title == "We moved our support office")
    assert ("none", ()) == (office.impact.value, office.components)
    slow = next(i for i in site.incidents if i.title == "Slow API")
    assert slow.is_open
    assert "informational" in output


def test_a_cstate_untitled_category_brings_its_systems_without_a_heading(
    tmp_path: Path, cstate_site: Path
) -> None:
    # cState shows an untitled category's systems with no heading, at its place.
    config = CSTATE_CONFIG.replace("untitled: false", "untitled: true")
    north = "    - name: North Coast\n      description: The main servers are located here.\n"
    north += "      closed: true\n"
    untitled = "    - name: Uncategorized\n      untitled: true\n"
    (cstate_site / "config.yml").write_text(config.replace(north + untitled, untitled + north))
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(cstate_site))

    site = load_site(root)
    assert ["north-coast"] == [g.id for g in site.groups]
    assert ("api", "media-proxy", "north-coast", "status-page") == site.page_order
    build_site(root, now=NOW, use_cache=False)
    assert "Uncategorized" not in (root / "public/index.html").read_text()


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_a_cstate_title_holding_a_yaml_11_line_break_is_imported_as_written(
    tmp_path: Path, cstate_site: Path, brk: str
) -> None:
    post = cstate_site / "content/issues/2018-06-13-gateway-down.md"
    post.write_text(post.read_text().replace("title: Gateway down", f"title: Gateway{brk}down"))
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(cstate_site))

    assert f"Gateway{brk}down" in [i.title for i in load_site(root).incidents]


def test_importing_a_cstate_site_again_writes_nothing(tmp_path: Path, cstate_site: Path) -> None:
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    output = run("-C", str(root), "import", "cstate", str(cstate_site))
    assert "0 files written" in output
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def saved_as_notepad_does(path: Path) -> None:
    """`path` saved again unchanged the way Windows Notepad saves: a byte order mark
    before it, CRLF line endings."""
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


def test_files_saved_with_a_byte_order_mark_are_kept_when_the_source_did_not_change(
    tmp_path: Path, cstate_site: Path
) -> None:
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    for path in [root / "content/components.yaml", *(root / "content/incidents").iterdir()]:
        saved_as_notepad_does(path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "0 files written, 5 unchanged" in output
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_changed_source_rewrites_a_file_saved_with_a_byte_order_mark_as_it_was_saved(
    tmp_path: Path, cstate_site: Path
) -> None:
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    path = root / "content/incidents/2018-06-13-gateway-down.md"
    saved_as_notepad_does(path)
    post = cstate_site / "content/issues/2018-06-13-gateway-down.md"
    post.write_text(post.read_text().replace("stopped answering.", "stopped answering at all."))

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "  wrote content/incidents/2018-06-13-gateway-down.md\n" in output
    # The byte order mark and line endings the author saved the file with stay, as
    # `statusgen update` keeps them.
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n"), data[:20]
    assert data.count(b"\n") == data.count(b"\r\n")
    gateway = next(i for i in load_site(root).incidents if i.title == "Gateway down")
    assert "The gateway stopped answering at all." == gateway.updates[0].message
    assert "0 files written" in run("-C", str(root), "import", "cstate", str(cstate_site))


def test_a_file_edited_without_an_import_hash_is_refused_without_saying_the_source_changed(
    tmp_path: Path, cstate_site: Path
) -> None:
    # Without the hash the import recorded, an edit and a change of the source look alike:
    # the refusal says what is known, the file differs from what the import writes.
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    path = root / "content/incidents/2018-06-13-gateway-down.md"
    lines = path.read_text().replace("stopped answering.", "stopped answering; fixed.")
    path.write_text("".join(line for line in lines.splitlines(True) if "import_hash" not in line))

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(cstate_site)])

    assert 1 == result.exit_code, result.output
    assert "content/incidents/2018-06-13-gateway-down.md: " in result.output
    assert "source changed" not in result.output
    assert "--force" in result.output
    assert "fixed." in path.read_text()


def test_two_files_with_one_import_id_are_refused_at_both_not_one_silently_updated(
    tmp_path: Path, cstate_site: Path
) -> None:
    # A copy made to start a new incident keeps the import_id: updating only one of the
    # two would leave the other on the page as it was, the source's incident twice.
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    original = "content/incidents/2018-06-13-gateway-down.md"
    copy = "content/incidents/2018-06-20-gateway-down.md"
    (root / copy).write_bytes((root / original).read_bytes())
    post = cstate_site / "content/issues/2018-06-13-gateway-down.md"
    post.write_text(post.read_text().replace("stopped answering.", "stopped answering at all."))
    content = root / "content"
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}

    for command in (["import", "cstate", str(cstate_site)], ["check"]):
        result = CliRunner().invoke(cli, ["-C", str(root), *command])

        assert 1 == result.exit_code, result.output
        for path, other in ((original, copy), (copy, original)):
            line = next(
                n
                for n, text in enumerate((root / path).read_text().splitlines(), 1)
                if text.startswith("import_id:")
            )
            assert f"{path}:{line}:12: import_id '" in result.output, result.output
            assert f"' is also in {other}: an import updates one file" in result.output
        assert "remove 'import_id' and 'import_hash'" in result.output
    assert before == {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}


def test_a_cstate_post_moved_into_a_folder_of_its_own_is_the_same_incident(
    tmp_path: Path, cstate_site: Path
) -> None:
    # `x.md` and `x/index.md` are one post to Hugo, at one address: moved, it is not a
    # second incident (which notify would announce as newly opened).
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    issues = cstate_site / "content/issues"
    (issues / "2019-02-02-ongoing").mkdir()
    (issues / "2019-02-02-ongoing.md").rename(issues / "2019-02-02-ongoing/index.md")

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "0 files written" in output
    assert ["Slow API"] == [i.title for i in load_site(root).incidents if i.title == "Slow API"]


@pytest.mark.parametrize("moved", [False, True], ids=["in-place", "moved-to-index-md"])
def test_a_cstate_site_imported_by_an_earlier_release_gets_no_second_file(
    tmp_path: Path, cstate_site: Path, moved: bool
) -> None:
    # Earlier releases named a post by its path (`cstate:x.md`): the file they wrote is
    # the post's still, and keeps the id it was written with.
    from statusgen.importers.cstate import plan_from

    root = tmp_path / "site"
    earlier = plan_from(cstate_site)
    for event in earlier.events:
        event.import_id = event.import_id.removesuffix(".md") + ".md"
        event.former_ids = ()
    apply_plan(root, earlier)
    path = root / "content/incidents/2019-02-02-slow-api.md"
    assert "import_id: cstate:2019-02-02-ongoing.md\n" in path.read_text()
    issues = cstate_site / "content/issues"
    if moved:
        (issues / "2019-02-02-ongoing").mkdir()
        (issues / "2019-02-02-ongoing.md").rename(issues / "2019-02-02-ongoing/index.md")

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "0 files written" in output
    assert 4 == len(list((root / "content/incidents").iterdir()))
    assert "import_id: cstate:2019-02-02-ongoing.md\n" in path.read_text()


def test_a_cstate_post_written_as_a_file_and_a_folder_is_refused_naming_both(
    tmp_path: Path, cstate_site: Path
) -> None:
    issues = cstate_site / "content/issues"
    (issues / "2019-02-02-ongoing").mkdir()
    (issues / "2019-02-02-ongoing/index.md").write_text(CSTATE_ISSUES["2019-02-02-ongoing.md"])
    root = tmp_path / "site"

    result = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(cstate_site)])

    assert 1 == result.exit_code, result.output
    assert (
        f"{issues / '2019-02-02-ongoing.md'}: this post and "
        "content/issues/2019-02-02-ongoing/index.md are one page to Hugo"
    ) in result.output
    assert "hint: delete the one that is out of date" in result.output
    assert not root.exists()


# A cState site as its users report one: a single system and a single post.
ONE_SYSTEM = "params: {systems: [{name: API}]}\n"
OPEN_POST = """\
---
title: API down
date: 2026-12-05 08:00:00
resolved: false
severity: down
affected: [API]
---
Down.
"""
AFTER_POST = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)


def one_post(tmp_path: Path, post: str, config: str = ONE_SYSTEM) -> Path:
    """A cState folder of `config` and one post, content/issues/a.md."""
    folder = tmp_path / "cs"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(config)
    (folder / "content/issues/a.md").write_text(post)
    return folder


def api_after_import(tmp_path: Path, folder: Path, command: str = "cstate") -> ComponentStatus:
    """The status `statusgen status` gives the API of a site imported from `folder`."""
    root = tmp_path / "site"
    run("-C", str(root), "import", command, str(folder))
    return compute(load_site(root), AFTER_POST).components["api"]


def test_the_import_says_one_of_a_kind_in_the_singular(tmp_path: Path) -> None:
    folder = one_post(tmp_path, OPEN_POST)
    root = tmp_path / "site"

    first = run("-C", str(root), "import", "cstate", str(folder))
    (folder / "content/issues/a.md").write_text(OPEN_POST.replace("Down.", "Down again."))
    again = run("-C", str(root), "import", "cstate", str(folder))

    said = f"Imported 1 component, 1 incident and 0 maintenance windows from cstate {folder}: "
    assert f"{said}3 files written, 0 unchanged.\n" in first
    assert f"{said}1 file written, 1 unchanged.\n" in again


def test_cstate_front_matter_keys_are_read_in_any_case_as_hugo_reads_them(
    tmp_path: Path,
) -> None:
    post = OPEN_POST.replace("title:", "Title:").replace("date:", "Date:")
    post = post.replace("resolved:", "Resolved:").replace("severity:", "Severity:")
    folder = one_post(tmp_path, post.replace("affected:", "Affected:"))

    assert ComponentStatus.MAJOR_OUTAGE == api_after_import(tmp_path, folder)
    assert ["API down"] == [i.title for i in load_site(tmp_path / "site").incidents]


def test_a_cstate_post_giving_a_key_twice_in_two_cases_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    # Hugo keeps one of the two, whichever it meets last: the import cannot know which.
    twice = OPEN_POST.replace("severity: down\n", "severity: down\nSeverity: notice\n")
    folder = one_post(tmp_path, twice)

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    assert f"{folder / 'content/issues/a.md'}:6: 'Severity' and 'severity' (line 5)" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("written", "start"),
    [
        ("Fri, 04 Dec 2026 22:00:00 GMT", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("Fri, 04 Dec 2026 23:00:00 +0100", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("04 Dec 26 22:00 GMT", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("Friday, 04-Dec-26 22:00:00 UTC", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("04 Dec 2026", datetime(2026, 12, 4, tzinfo=timezone.utc)),
        ("2026-12-04 22:00:00 +0000 UTC", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("2026-12-04 23:00:00.5 +0100 CET", datetime(2026, 12, 4, 22, 0, 0, 500000, timezone.utc)),
        ("2026-12-04 23:00:00 +01:00", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("2026-12-04T23:00:00+0100", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
        ("2026-12-04T22:00:00", datetime(2026, 12, 4, 22, tzinfo=timezone.utc)),
    ],
)
def test_a_cstate_date_in_any_form_hugo_reads_is_read(
    tmp_path: Path, written: str, start: datetime
) -> None:
    folder = one_post(tmp_path, OPEN_POST.replace("2026-12-05 08:00:00", written))

    assert ComponentStatus.MAJOR_OUTAGE == api_after_import(tmp_path, folder)
    (incident,) = load_site(tmp_path / "site").incidents
    assert start == incident.started_at


def test_cstate_track_times_and_resolved_when_in_hugos_forms_are_read(tmp_path: Path) -> None:
    post = OPEN_POST.replace(
        "resolved: false", "resolved: true\nresolvedWhen: Sat, 05 Dec 2026 09:00:00 GMT"
    ).replace(
        "Down.\n",
        '*Monitoring* - Better. {{< track "Sat, 05 Dec 2026 08:30:00 GMT" >}}\n\n'
        '*Investigating* - Down. {{< track "2026-12-05 08:00:00 +0000 UTC" >}}\n',
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(one_post(tmp_path, post)))

    (incident,) = load_site(root).incidents
    assert [
        (IncidentState.INVESTIGATING, datetime(2026, 12, 5, 8, tzinfo=timezone.utc)),
        (IncidentState.MONITORING, datetime(2026, 12, 5, 8, 30, tzinfo=timezone.utc)),
        (IncidentState.RESOLVED, datetime(2026, 12, 5, 9, tzinfo=timezone.utc)),
    ] == [(u.state, u.at) for u in incident.updates]
    assert "not a valid date" not in output


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("date: soon\n", ":3: date 'soon' is not a valid date"),
        ("date: !!timestamp soon\n", ":3: date 'soon' is not a valid date"),
        (
            "date: 2026-02-30 08:00:00\n",
            ":3: date '2026-02-30 08:00:00' is not a valid date (February has only 28 days",
        ),
        (
            "date: 2025-02-29 10:00:00\n",
            ":3: date '2025-02-29 10:00:00' is not a valid date (2025 has no 29 February",
        ),
        ("", ": no date"),
        ("date: [2026-12-05]\n", ":3: date is a list, not a date"),
        ("date: 0001-01-01 00:00:00\n", ":3: date '0001-01-01 00:00:00' is outside the years"),
        ("date: 01 Jan 1960\n", ":3: date '01 Jan 1960' is outside the years 1970 to 9998"),
    ],
)
def test_a_cstate_post_without_a_date_hugo_reads_is_refused_at_its_line(
    tmp_path: Path, written: str, says: str
) -> None:
    # An open post left out would show its system operational, which cState does not.
    folder = one_post(tmp_path, OPEN_POST.replace("date: 2026-12-05 08:00:00\n", written))

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    post = folder / "content/issues/a.md"
    assert f"{post}{says}" in output
    assert "hint: give the post the `date:` its issue started, in a form Hugo reads:" in output
    assert "GMT (RFC 1123)" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        ({"resolved: false": 'draft: "false"\nresolved: false'}, ComponentStatus.MAJOR_OUTAGE),
        ({"resolved: false": 'resolved: "False"'}, ComponentStatus.MAJOR_OUTAGE),
        (
            {"resolved: false": "resolved: false\ninformational: 'false'"},
            ComponentStatus.MAJOR_OUTAGE,
        ),
        ({"resolved: false": 'resolved: "TRUE"'}, ComponentStatus.OPERATIONAL),
    ],
    ids=["draft", "resolved", "informational", "resolved-true"],
)
def test_a_cstate_true_or_false_in_quotes_is_read_as_meant(
    tmp_path: Path, edit: dict[str, str], shown: ComponentStatus
) -> None:
    ((old, new),) = edit.items()
    folder = one_post(tmp_path, OPEN_POST.replace(old, new))

    assert shown == api_after_import(tmp_path, folder)
    assert ["API down"] == [i.title for i in load_site(tmp_path / "site").incidents]


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("draft: nope", "draft 'nope' is not true or false"),
        ("resolved: 1", "resolved '1' is not true or false"),
        ("informational: 'no'", "informational 'no' is not true or false"),
    ],
)
def test_a_cstate_flag_that_is_neither_true_nor_false_is_refused_at_its_line(
    tmp_path: Path, written: str, says: str
) -> None:
    folder = one_post(tmp_path, OPEN_POST.replace("resolved: false", written))

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    assert f"{folder / 'content/issues/a.md'}:4: {says}" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("key", ["timeZone", "timezone", "TimeZone"])
def test_cstate_times_without_an_offset_are_read_in_the_configs_time_zone(
    tmp_path: Path, key: str
) -> None:
    post = OPEN_POST.replace("2026-12-05 08:00:00", "2026-12-05 09:30:00").replace(
        "Down.\n", 'Down. {{< track "2026-12-05 09:40:00" >}}\n'
    )
    folder = one_post(tmp_path, post, f"{key}: Europe/Berlin\n" + ONE_SYSTEM)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    site = load_site(root)
    (incident,) = site.incidents
    assert datetime(2026, 12, 5, 8, 30, tzinfo=timezone.utc) == incident.started_at
    assert datetime(2026, 12, 5, 8, 40, tzinfo=timezone.utc) == incident.updates[-1].at
    assert "Europe/Berlin" == site.settings.timezone
    assert "read in Europe/Berlin" in output and "read as UTC" not in output


@pytest.mark.parametrize(
    ("zone", "hours", "place", "meant"),
    [
        ("EST", 5, "America/Panama", "America/New_York"),
        ("MST", 7, "America/Phoenix", "America/Denver"),
        ("HST", 10, "Pacific/Honolulu", None),
    ],
)
def test_a_cstate_fixed_offset_zone_is_read_as_hugo_reads_it_and_kept_by_a_place(
    tmp_path: Path, zone: str, hours: int, place: str, meant: str | None
) -> None:
    # Hugo reads `timeZone: EST` as UTC-05:00 the year round; the import refused the site
    # once the settings stopped taking EST as a zone.
    folder = one_post(tmp_path, OPEN_POST, f"title: T\ntimeZone: {zone}\n" + ONE_SYSTEM)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])

    site = load_site(root)
    (incident,) = site.incidents
    assert datetime(2026, 12, 5, 8 + hours, tzinfo=timezone.utc) == incident.started_at
    assert place == site.settings.timezone
    assert f"wrote timezone: {place}" in output
    assert meant is None or f"write {meant} there instead" in output
    assert 0 == checked.exit_code, checked.output


def test_a_cstate_time_zone_under_params_is_named_at_its_line_as_not_read(
    tmp_path: Path,
) -> None:
    # Hugo reads timeZone at the top level only: under params the times are UTC, silently.
    config = "title: T\nparams:\n  timeZone: Europe/Berlin\n  systems: [{name: API}]\n"
    folder = one_post(tmp_path, OPEN_POST, config)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    (incident,) = load_site(root).incidents
    assert datetime(2026, 12, 5, 8, tzinfo=timezone.utc) == incident.started_at
    assert (
        f"{folder / 'config.yml'}:3: params.timeZone is not read (Hugo reads timeZone at the "
        "top level of the config only), so the times are read in UTC; move timeZone out of "
        "params: to the top level and import again"
    ) in output


@pytest.mark.parametrize("zone", ["Europe/Berln", "Local"])
def test_a_cstate_time_zone_that_names_no_zone_is_refused_at_its_line(
    tmp_path: Path, zone: str
) -> None:
    folder = one_post(tmp_path, OPEN_POST, f"title: T\ntimeZone: {zone}\n" + ONE_SYSTEM)

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    assert f"{folder / 'config.yml'}:2: timeZone '{zone}' is no time zone" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["500", "2026.1", "2026-12-01"])
def test_a_cstate_affected_system_written_as_a_number_or_date_is_one_name(
    tmp_path: Path, name: str
) -> None:
    config = f'params: {{systems: [{{name: "{name}"}}]}}\n'
    folder = one_post(tmp_path, OPEN_POST.replace("affected: [API]", f"affected: {name}"), config)
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(folder))

    site = load_site(root)
    (component,) = site.components
    assert ComponentStatus.MAJOR_OUTAGE == compute(site, AFTER_POST).components[component.id]


@pytest.mark.parametrize(
    ("affected", "line", "says"),
    [
        ("affected: {API: true}", 6, "affected is a mapping, not a system's name or a list"),
        ("affected:\n  - API\n  - [Web]", 8, "affected system 2 is a list, not a name"),
    ],
)
def test_a_cstate_affected_value_that_names_no_system_is_refused_at_its_line(
    tmp_path: Path, affected: str, line: int, says: str
) -> None:
    folder = one_post(tmp_path, OPEN_POST.replace("affected: [API]", affected))

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    assert f"{folder / 'content/issues/a.md'}:{line}: {says}" in output


UPPTIME_CONFIG = """\
owner: example-org
repo: status
sites:
  - name: Website
    url: https://www.example.org
  - name: Payments API
    url: https://api.example.org/health
  - name: Internal admin
    slug: admin
    url: $ADMIN_URL
status-website:
  cname: status.example.org
  name: Example Status
"""


def history(url: str, status: str) -> str:
    return (
        f"url: {url}\nstatus: {status}\ncode: 200\nresponseTime: 123\n"
        "lastUpdated: 2026-11-20T10:00:00.000Z\nstartTime: 2026-03-01T08:00:00.000Z\n"
        "generator: Upptime <https://github.com/upptime/upptime>\n"
    )


ISSUES = [
    {
        "number": 12,
        "title": "🛑 Payments API is down",
        "body": "In [`abc1234`](https://github.com/example-org/status/commit/abc1234), "
        "Payments API (https://api.example.org/health) was **down**:\n"
        "- HTTP code: 0\n- Response time: 0 ms\n",
        "state": "closed",
        "created_at": "2026-10-03T11:04:00Z",
        "closed_at": "2026-10-03T11:40:00Z",
        "labels": [{"name": "status"}, {"name": "payments-api"}],
    },
    {
        "number": 15,
        "title": "⚠️ Website has degraded performance",
        "body": "Website was slow.",
        "state": "OPEN",
        "createdAt": "2026-11-20T09:00:00Z",
        "closedAt": None,
        "labels": [{"name": "status"}, {"name": "website"}],
    },
    {
        "number": 16,
        "title": "Add a new site",
        "body": "",
        "state": "open",
        "created_at": "2026-11-21T09:00:00Z",
        "labels": [],
    },
]


@pytest.fixture
def upptime_repo(tmp_path: Path) -> Path:
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(UPPTIME_CONFIG)
    (folder / "history/website.yml").write_text(history("https://www.example.org", "degraded"))
    (folder / "history/payments-api.yml").write_text(history("https://api.example.org", "up"))
    (tmp_path / "issues.json").write_text(json.dumps(ISSUES))
    return folder


def test_an_upptime_repository_becomes_components_and_incidents(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    issues = str(tmp_path / "issues.json")
    output = run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", issues)
    site = load_site(root)
    build_site(root, now=NOW, use_cache=False)

    assert ("Example Status", "https://status.example.org/") == (
        site.settings.title,
        site.settings.base_url,
    )
    assert ["website", "payments-api", "admin"] == [c.id for c in site.components]
    assert date(2026, 3, 1) == site.component("payments-api").start_date
    # A secret address ($ADMIN_URL) is never published.
    assert None is site.component("admin").description
    down = next(i for i in site.incidents if "Payments API" in i.title)
    assert (IncidentState.RESOLVED, "critical") == (down.state, down.impact.value)
    assert {"payments-api": ComponentStatus.MAJOR_OUTAGE} == {
        a.id: a.status for a in down.components
    }
    # The issue opened with the outage and closed with its end: set once, on the first update.
    assert [{"payments-api": ComponentStatus.MAJOR_OUTAGE}, {}] == [
        {a.id: a.status for a in u.components} for u in down.updates
    ]
    assert datetime(2026, 10, 3, 11, 40, tzinfo=timezone.utc) == down.resolved_at
    slow = next(i for i in site.incidents if "Website" in i.title)
    assert slow.is_open
    assert ComponentStatus.DEGRADED_PERFORMANCE == slow.components[0].status
    # The open incident carries the outage; the component's own status stays operational.
    assert ComponentStatus.OPERATIONAL == site.component("website").status
    assert 2 == len(site.incidents)
    assert "issue #16" in output


def test_an_open_incident_in_the_site_carries_the_outage_of_an_import_without_issues(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    issues = str(tmp_path / "issues.json")
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", issues)
    # Again without the issues: the open incident imported before still carries the
    # degraded history, so its resolution must end it.
    run("-C", str(root), "import", "upptime", str(upptime_repo))
    assert ComponentStatus.OPERATIONAL == load_site(root).component("website").status
    (slow,) = [i for i in load_site(root).incidents if i.is_open]
    run("-C", str(root), "resolve", slow.slug, "--now", "2026-11-22T11:00Z")
    build_site(root, now=NOW, use_cache=False)
    summary = json.loads((root / "public/api/v2/status.json").read_text())
    assert "none" == summary["status"]["indicator"]


def test_the_sites_own_open_incident_carries_the_outage_of_an_import(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo))
    own = root / "content/incidents/2026-11-20-slow-pages.md"
    own.parent.mkdir()
    own.write_text(
        "---\ntitle: Slow pages\nstatus: investigating\ncomponents:\n"
        "  website: degraded_performance\n---\n"
        "## Investigating at 2026-11-20 09:00 +00:00\nPages load slowly.\n"
    )
    run("-C", str(root), "import", "upptime", str(upptime_repo))
    assert ComponentStatus.OPERATIONAL == load_site(root).component("website").status
    # Listed without an outage, the component keeps the status its history gives.
    own.write_text(own.read_text().replace("degraded_performance", "operational"))
    run("-C", str(root), "import", "upptime", str(upptime_repo))
    assert ComponentStatus.DEGRADED_PERFORMANCE == load_site(root).component("website").status


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def test_upptime_maintenance_issues_become_maintenance_windows(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    issues = str(FIXTURES / "upptime/issues.json")
    output = run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", issues)
    site = load_site(root)

    done = next(m for m in site.maintenances if m.title == "Payments database upgrade")
    assert (_utc(2026, 10, 10, 10), _utc(2026, 10, 10, 11)) == (
        done.scheduled_for,
        done.scheduled_until,
    )
    assert {"payments-api": ComponentStatus.UNDER_MAINTENANCE} == {
        a.id: a.status for a in done.components
    }
    # Announced when the issue opened, its body without the window's comment block.
    announced = "We upgrade the payments database; payments are refused meanwhile."
    assert [
        (MaintenanceState.SCHEDULED, _utc(2026, 10, 1, 9), announced),
        # A comment posted while the window is under way: the work is in progress.
        (MaintenanceState.IN_PROGRESS, _utc(2026, 10, 10, 10, 0, 30), "The upgrade has started."),
        (MaintenanceState.COMPLETED, _utc(2026, 10, 10, 11, 0, 5), ""),
    ] == [(u.state, u.at, u.message) for u in done.updates]
    coming = next(m for m in site.maintenances if m.title == "CDN switch")
    assert {
        "website": ComponentStatus.UNDER_MAINTENANCE,
        "payments-api": ComponentStatus.DEGRADED_PERFORMANCE,
    } == {a.id: a.status for a in coming.components}
    # No incident: an outage of Payments API is the only one, and nothing is open.
    assert ["🛑 Payments API is down"] == [i.title for i in site.incidents]
    now = compute(site, NOW)
    assert MaintenanceState.COMPLETED == now.maintenance[done.slug]
    assert [coming.slug] == [m.slug for m in now.upcoming_maintenances]
    assert () == now.open_incidents
    during = compute(site, _utc(2026, 10, 10, 10, 30))
    assert ComponentStatus.UNDER_MAINTENANCE == during.components["payments-api"]
    # The window counts as maintenance, not as the week-long outage the issue's life was.
    down = _utc(2026, 10, 3, 11, 40, 0) - _utc(2026, 10, 3, 11, 4)
    (day,) = [d for d in now.history["payments-api"].days if d.day == date(2026, 10, 10)]
    assert (ComponentStatus.UNDER_MAINTENANCE, 0) == (day.worst, day.downtime.total_seconds())
    assert [] == [
        d.day for d in now.history["payments-api"].days if d.downtime and d.day != date(2026, 10, 3)
    ]
    assert down.total_seconds() == sum(
        d.downtime.total_seconds() for d in now.history["payments-api"].days
    )
    notes = output.split("Not carried over")[1]
    assert (
        "issue #42 'Server move, some day': a maintenance issue with no valid start and end "
        "in the <!-- start: ... end: ... --> block of its body"
    ) in notes
    build_site(root, now=NOW, use_cache=False)
    page = (root / "public/incidents" / done.slug / "index.html").read_text()
    assert "expectedDown" not in page
    assert "We upgrade the payments database" in page


def test_upptime_issue_comments_are_the_incidents_timeline(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    issues = str(FIXTURES / "upptime/issues.json")
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", issues)

    (down,) = load_site(root).incidents
    assert [
        (IncidentState.INVESTIGATING, _utc(2026, 10, 3, 11, 4)),
        (IncidentState.INVESTIGATING, _utc(2026, 10, 3, 11, 20)),
        # Upptime's own "**Resolved:**" comment is the resolution, with its words.
        (IncidentState.RESOLVED, _utc(2026, 10, 3, 11, 40)),
    ] == [(u.state, u.at) for u in down.updates]
    # A heading in a comment is made a level-3 one: a level-2 one would start an update.
    assert (
        "### Cause\nAn expired certificate on the load balancer; we are renewing it."
        == down.updates[1].message
    )
    assert down.updates[2].message.startswith("**Resolved:** Payments API is back up")
    assert _utc(2026, 10, 3, 11, 40) == down.resolved_at


# GitHub's Markdown, byte for byte: emphasis, nested lists, links, code spans, fenced and
# indented code, hard line breaks, entities, tags in code.
GITHUB_MARKDOWN = """\
We were **down** for _most_ of it:

- the API
  - and its `<b>` tags
- [the status page](https://status.example.org/)

```
<b>kept</b> as written
```

    indented code
line with a hard break  \
next &amp; last"""


def test_upptime_html_in_issues_and_comments_becomes_markdown_and_markdown_stays(
    tmp_path: Path, upptime_repo: Path
) -> None:
    comments = [
        {"body": "Root cause: <b>DNS</b><br>Fixed.", "createdAt": "2026-10-03T11:10:00Z"},
        {"body": GITHUB_MARKDOWN, "createdAt": "2026-10-03T11:20:00Z"},
        {
            "body": GITHUB_MARKDOWN
            + '\n\nSee <a href="https://x.example/pm">the <i>notes</i></a>.',
            "createdAt": "2026-10-03T11:30:00Z",
        },
    ]
    issues = _upptime_issues(tmp_path, {"comments": comments})
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))
    build_site(root, now=NOW, use_cache=False)

    down = next(i for i in load_site(root).incidents if "Payments API" in i.title)
    assert [
        "Root cause: **DNS**  \nFixed.",
        GITHUB_MARKDOWN,
        GITHUB_MARKDOWN + "\n\nSee [the *notes*](https://x.example/pm).",
    ] == [u.message for u in down.updates[1:4]]
    (page,) = [p for p in (root / "public/incidents").glob("*/index.html") if "payments" in str(p)]
    html = page.read_text()
    assert "Root cause: <strong>DNS</strong><br" in html
    assert "&lt;b&gt;DNS" not in html


def test_upptime_tags_in_indented_code_stay_as_written(tmp_path: Path, upptime_repo: Path) -> None:
    # Four spaces or a tab after a blank line is code, as GitHub shows the issue; a list
    # item's indented paragraph, or a paragraph's indented line, is text.
    body = (
        "To check, run:\n\n"
        "    curl -s https://api.example.org/health | grep '<b>ok</b>'\n"
        "    <i>this line is code too</i>\n\n"
        "\t<b>tab</b>\n\n"
        "- steps\n\n"
        "    <b>in the item</b>\n\n"
        "      <b>code in the item</b>\n\n"
        "Cause:\n    <b>DNS</b>"
    )
    issues = _upptime_issues(
        tmp_path, {"comments": [{"body": body, "createdAt": "2026-10-03T11:10:00Z"}]}
    )
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))
    build_site(root, now=NOW, use_cache=False)

    down = next(i for i in load_site(root).incidents if "Payments API" in i.title)
    assert (
        "To check, run:\n\n"
        "    curl -s https://api.example.org/health | grep '<b>ok</b>'\n"
        "    <i>this line is code too</i>\n\n"
        "\t<b>tab</b>\n\n"
        "- steps\n\n"
        "    **in the item**\n\n"
        "      <b>code in the item</b>\n\n"
        "Cause:\n    **DNS**"
    ) == down.updates[1].message
    (page,) = [p for p in (root / "public/incidents").glob("*/index.html") if "payments" in str(p)]
    html = page.read_text()
    assert "grep '&lt;b&gt;ok&lt;/b&gt;'\n&lt;i&gt;this line is code too&lt;/i&gt;" in html
    assert "<strong>in the item</strong>" in html


TRACEBACK = (
    "    Traceback (most recent call last):\n"
    '      File "app.py", line 3\n'
    "    ValueError: *boom* __init__\n\n"
    "We restarted."
)


def _shown_as_code(root: Path, message: str, now: datetime = NOW) -> None:
    """Assert that the imported site's incident at `root` opening with `message` shows it
    as written (built at `now`), its first lines as a code block."""
    assert message in [i.updates[0].message for i in load_site(root).incidents]
    build_site(root, now=now, use_cache=False)
    pages = [p.read_text() for p in (root / "public/incidents").glob("*/index.html")]
    assert any("<code>Traceback (most recent call last):\n" in page for page in pages)
    assert not any("<em>boom</em>" in page for page in pages)


def test_an_upptime_comment_opening_with_indented_code_is_shown_as_code(
    tmp_path: Path, upptime_repo: Path
) -> None:
    issues = _upptime_issues(tmp_path, {"body": TRACEBACK, "comments": []})
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))
    _shown_as_code(root, TRACEBACK)


@pytest.mark.parametrize("tracked", [False, True], ids=["opening", "tracked"])
def test_a_cstate_update_opening_with_indented_code_is_shown_as_code(
    tmp_path: Path, tracked: bool
) -> None:
    # The post's opening text, and an update ended by a `track` shortcode.
    update = '\n{{< track "2026-12-05 08:00:00" >}}\n' if tracked else "\n"
    folder = one_post(tmp_path, OPEN_POST.replace("Down.\n", "\n" + TRACEBACK + update))
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(folder))
    _shown_as_code(root, TRACEBACK, AFTER_POST)


def test_upptime_maintenance_body_html_becomes_markdown(tmp_path: Path, upptime_repo: Path) -> None:
    body = (
        "<!--\nstart: 2026-12-01T02:00:00.000Z\nend: 2026-12-01T04:00:00.000Z\n"
        "expectedDown: payments-api\n-->\nWe move the <b>database</b>.<br>Expect `<i>` gaps."
    )
    issues = _upptime_issues(tmp_path, {"body": body, "labels": [{"name": "maintenance"}]})
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))

    (window,) = load_site(root).maintenances
    assert "We move the **database**.  \nExpect `<i>` gaps." == window.updates[0].message


def test_upptime_comments_after_the_closing_keep_the_incident_resolved(
    tmp_path: Path, upptime_repo: Path
) -> None:
    comments = [
        {"body": "Looking into it.", "createdAt": "2026-10-03T11:10:00Z"},
        {"body": "Postmortem: the certificate expired.", "createdAt": "2026-10-04T09:00:00Z"},
    ]
    issues = _upptime_issues(tmp_path, {"comments": comments})
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))

    down = next(i for i in load_site(root).incidents if "Payments" in i.title)
    assert [
        (IncidentState.INVESTIGATING, "2026-10-03 11:04"),
        (IncidentState.INVESTIGATING, "2026-10-03 11:10"),
        (IncidentState.RESOLVED, "2026-10-03 11:40"),
        (IncidentState.RESOLVED, "2026-10-04 09:00"),
    ] == [(u.state, f"{u.at:%Y-%m-%d %H:%M}") for u in down.updates]
    assert IncidentState.RESOLVED == down.state


def test_a_past_upptime_outage_starts_when_its_issue_opened_while_the_site_is_down_now(
    tmp_path: Path, upptime_repo: Path
) -> None:
    record = upptime_repo / "history/payments-api.yml"
    record.write_text(history("https://api.example.org", "down"))
    comments = [{"body": "Looking into it.", "created_at": "2026-10-03T11:20:00Z"}]
    issues = _upptime_issues(tmp_path, {"comments": comments})
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))
    build_site(root, now=NOW, use_cache=False)

    # Down from 11:04, when the issue opened, to 11:40, whatever the site does today.
    site = load_site(root)
    (day,) = [d for d in compute(site, NOW).history["payments-api"].days if d.downtime]
    assert (date(2026, 10, 3), timedelta(minutes=36)) == (day.day, day.downtime)
    data = json.loads((root / "public/api/v2/incidents.json").read_text())
    (down,) = [i for i in data["incidents"] if "Payments API" in i["name"]]
    opened = down["incident_updates"][-1]
    assert ("2026-10-03T11:04:00.000Z", ["major_outage"]) == (
        opened["display_at"],
        [c["new_status"] for c in opened["affected_components"] or []],
    )


DEGRADED_ISSUE = {
    "number": 12,
    "title": "⚠️ API has degraded performance",
    "body": "slow",
    "state": "OPEN",
    "createdAt": "2026-12-05T08:00:00Z",
    "closedAt": None,
    "labels": [{"name": "status"}, {"name": "api"}],
    "comments": [],
}


@pytest.mark.parametrize(
    ("last_updated", "since"),
    [
        (
            "lastUpdated: 2026-12-05T09:55:00.000Z\n",
            datetime(2026, 12, 5, 9, 55, tzinfo=timezone.utc),
        ),
        ("", datetime(2026, 12, 5, 8, tzinfo=timezone.utc)),
    ],
    ids=["last-updated", "no-last-updated"],
)
def test_an_upptime_site_down_under_an_open_degraded_issue_is_shown_down(
    tmp_path: Path, last_updated: str, since: datetime
) -> None:
    # Upptime opens no new issue when a site it reports degraded goes down: its page
    # shows the history's status, the worse of the two.
    folder = tmp_path / "up"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text("sites: [{name: API, url: https://api.acme.test}]\n")
    (folder / "history/api.yml").write_text(
        f"status: down\n{last_updated}startTime: 2026-10-01T00:00:00.000Z\n"
    )
    (folder / "issues.json").write_text(json.dumps([DEGRADED_ISSUE]))
    root = tmp_path / "site"

    output = run(
        "-C", str(root), "import", "upptime", str(folder), "--issues", str(folder / "issues.json")
    )

    site = load_site(root)
    assert ComponentStatus.MAJOR_OUTAGE == compute(site, AFTER_POST).components["api"]
    (incident,) = site.incidents
    # The time before keeps the status the issue gave it.
    assert [
        (
            datetime(2026, 12, 5, 8, tzinfo=timezone.utc),
            {"api": ComponentStatus.DEGRADED_PERFORMANCE},
        ),
        (since, {"api": ComponentStatus.MAJOR_OUTAGE}),
    ] == [(u.at, {a.id: a.status for a in u.components}) for u in incident.updates]
    assert "API is major_outage in history/api.yml" in output
    assert 100.0 > compute(site, AFTER_POST).history["api"].days[-1].uptime


def test_an_upptime_outage_dated_before_its_issue_says_it_starts_at_the_opening(
    tmp_path: Path,
) -> None:
    # The history was written before the issue opened: the outage starts at the opening,
    # and the note said "the issue's last update" though a later comment exists.
    folder = tmp_path / "up"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text("sites: [{name: API, url: https://api.acme.test}]\n")
    (folder / "history/api.yml").write_text(
        "status: down\nlastUpdated: 2026-12-05T07:00:00.000Z\nstartTime: 2026-10-01T00:00:00Z\n"
    )
    comment = {"body": "Looking.", "createdAt": "2026-12-05T09:00:00Z"}
    issue = {**DEGRADED_ISSUE, "comments": [comment]}
    (folder / "issues.json").write_text(json.dumps([issue]))
    root = tmp_path / "site"

    output = run(
        "-C", str(root), "import", "upptime", str(folder), "--issues", str(folder / "issues.json")
    )

    said = " ".join(output.split())
    assert "major_outage from 2026-12-05 08:00:00 UTC (the issue's opening" in said
    assert "last update" not in said


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://deploy:UPPASS@api.example.com/health", "UPPASS"),
        ("https://deploy@api.example.com/health", "deploy@"),
        ("https://www.example.com/health?token=LITERALTOKEN123", "LITERALTOKEN123"),
        ("https://www.example.com/health?api_key=LITERALKEY", "LITERALKEY"),
        ("https://deploy:Top#1@api.example.com/health", "Top#1"),
        ("https://deploy:pa?ss@api.example.com/health", "pa?ss"),
        ("https://api.example.com/health?apitoken=abc123", "abc123"),
        ("https://api.example.com/health?authtoken=abc123", "abc123"),
        ("https://api.example.com/health?accesstoken=abc123", "abc123"),
        ("https://api.example.com/health?accesskey=abc123", "abc123"),
        ("https://api.example.com/health?secretkey=abc123", "abc123"),
        ("https://deploy:ab/cd@files.example.com/health", "ab/cd"),
    ],
)
def test_an_upptime_site_whose_url_carries_a_credential_is_published_without_it(
    tmp_path: Path, url: str, secret: str
) -> None:
    # Upptime keeps the address in its own private config; as the description it would
    # be on every page and in the API, as a `$SECRET` address never is.
    folder = tmp_path / "up"
    folder.mkdir()
    (folder / ".upptimerc.yml").write_text(f"sites:\n  - name: API\n    url: {url}\n")
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "upptime", str(folder))
    build_site(root, now=NOW, use_cache=False)

    assert None is load_site(root).component("api").description
    published = [p for p in (root / "public").rglob("*") if p.is_file()]
    assert [] == [p for p in published if secret in p.read_text(errors="replace")]
    assert secret not in (root / "content/components.yaml").read_text()
    assert secret not in output
    assert "API: its url holds a login or a token, so it is not its description" in output


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/register?signup=1",
        "https://www.example.com/search?keyword=api",
        "https://www.example.com/shop?country_code=de",
        "https://www.example.com/register?contact=ops@example.com",
        "https://www.example.com/posts?author=jane",
        "https://www.example.com/stores?zipcode=10115",
        "https://www.example.com/?design=new",
        "https://www.example.com/help#mail=ops@example.com",
        "https://www.example.com/nlp?tokenizer=bpe",
        "https://www.example.com/staff?secretary=bob",
        "https://www.example.com/login?passwordless=1",
        "https://medium.com/@user/post",
        # A password or token standing in for the secret, as `check` reads it in a
        # description: Upptime fills a `$NAME` in from its secrets, the page shows the name.
        "https://app:***@api.example.com/health",
        "https://default:REDACTED@api.example.com/health",
        "https://app:$DB_PASSWORD@api.example.com/health",
        "https://api.example.com/health?token=$API_TOKEN",
    ],
)
def test_an_upptime_site_whose_url_only_looks_like_a_credential_keeps_it_as_description(
    tmp_path: Path, url: str
) -> None:
    # A parameter name holding "sig", "key" or "code" inside a longer word, or an address
    # in the query, is no secret: the description is the URL, with no note of a token.
    folder = tmp_path / "up"
    folder.mkdir()
    (folder / ".upptimerc.yml").write_text(f"sites:\n  - name: API\n    url: '{url}'\n")
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "upptime", str(folder))

    assert url == load_site(root).component("api").description
    assert "login or a token" not in output


def test_an_upptime_site_still_down_keeps_the_time_it_went_down_when_imported_again(
    tmp_path: Path,
) -> None:
    # Upptime's response-time runs rewrite lastUpdated with no change of status: the
    # outage dated by the first import stays, and a local update is no conflict.
    folder = tmp_path / "up"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text("sites: [{name: API, url: https://api.acme.test}]\n")
    history = folder / "history/api.yml"
    history.write_text("status: down\nlastUpdated: 2026-12-05T09:00:00.000Z\n")
    (folder / "issues.json").write_text(json.dumps([DEGRADED_ISSUE]))
    root = tmp_path / "site"
    again = (
        "-C",
        str(root),
        "import",
        "upptime",
        str(folder),
        "--issues",
        str(folder / "issues.json"),
    )
    run(*again)
    (slug,) = [p.stem for p in (root / "content/incidents").glob("*.md")]
    run("-C", str(root), "update", slug, "-m", "Still on it.", "--now", "2026-12-05T12:00:00Z")
    incident = root / f"content/incidents/{slug}.md"
    before = incident.read_bytes()
    history.write_text("status: down\nlastUpdated: 2026-12-06T23:00:00.000Z\n")

    output = run(*again)

    assert "0 files written" in output
    assert before == incident.read_bytes()


def test_an_upptime_outage_taken_under_an_open_issue_stays_once_the_issue_closes(
    tmp_path: Path,
) -> None:
    # The first import published the history's `down` from 10:30; Upptime then closed
    # the issue and wrote `up`: that ends the outage, it does not undo it.
    folder = tmp_path / "up"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(
        "sites: [{name: API, url: https://api.acme.test},\n"
        "        {name: Website, url: https://www.acme.test}]\n"
    )
    history = folder / "history/api.yml"
    started = "startTime: 2026-11-01T00:00:00.000Z\n"
    history.write_text(f"status: down\nlastUpdated: 2026-12-05T10:30:00.000Z\n{started}")
    issues = folder / "issues.json"
    opened = dict(DEGRADED_ISSUE, number=7, createdAt="2026-12-05T10:00:00Z")
    issues.write_text(json.dumps([opened]))
    root = tmp_path / "site"
    again = ("-C", str(root), "import", "upptime", str(folder), "--issues", str(issues))
    run(*again)
    resolved = {
        "body": "**Resolved:** API performance has improved.",
        "createdAt": "2026-12-05T11:00:00Z",
    }
    closed = dict(opened, state="CLOSED", closedAt="2026-12-05T11:00:00Z", comments=[resolved])
    issues.write_text(json.dumps([closed]))
    history.write_text(f"status: up\nlastUpdated: 2026-12-05T11:00:00.000Z\n{started}")

    assert "1 file written" in run(*again)

    (incident,) = load_site(root).incidents
    assert [
        (datetime(2026, 12, 5, 10, tzinfo=timezone.utc), {"api": "degraded_performance"}),
        (datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc), {"api": "major_outage"}),
        (datetime(2026, 12, 5, 11, tzinfo=timezone.utc), {}),
    ] == [(u.at, {a.id: a.status.value for a in u.components}) for u in incident.updates]
    build_site(root, now=datetime(2026, 12, 6, tzinfo=timezone.utc), use_cache=False)
    (published,) = json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
    assert ("resolved", "critical") == (published["status"], published["impact"])
    # Nothing new in the source: nothing written.
    assert "0 files written" in run(*again)


def test_an_upptime_site_down_under_an_open_down_issue_gets_no_other_update(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "up"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text("sites: [{name: API, url: https://api.acme.test}]\n")
    (folder / "history/api.yml").write_text("status: degraded\n")
    issue = dict(DEGRADED_ISSUE, title="🛑 API is down")
    (folder / "issues.json").write_text(json.dumps([issue]))
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(folder), "--issues", str(folder / "issues.json"))

    site = load_site(root)
    assert ComponentStatus.MAJOR_OUTAGE == compute(site, AFTER_POST).components["api"]
    assert 1 == len(site.incidents[0].updates)


def test_an_upptime_export_without_comments_says_how_to_bring_them(
    tmp_path: Path, upptime_repo: Path
) -> None:
    output = run(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(tmp_path / "issues.json"),
    )  # fmt: skip

    assert "the issues file lists no comments" in output
    assert "labels,comments`" in output


def test_without_issues_upptime_says_how_to_export_them(tmp_path: Path, upptime_repo: Path) -> None:
    output = run("-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo))
    assert "--issues" in output
    assert (
        ComponentStatus.DEGRADED_PERFORMANCE
        == load_site(tmp_path / "site").component("website").status
    )


@pytest.mark.parametrize(
    ("command", "says"),
    [("cstate", "no config.yml"), ("upptime", ".upptimerc.yml: no such file")],
)
def test_a_folder_of_another_kind_is_refused(tmp_path: Path, command: str, says: str) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path / "site"), "import", command, str(tmp_path / "empty")]
    )
    assert 1 == result.exit_code
    assert says in result.output
    assert not (tmp_path / "site").exists()


def refused(*args: str) -> str:
    """The output of an import that must stop with a diagnostic and write nothing."""
    result = CliRunner().invoke(cli, list(args))
    assert 1 == result.exit_code, result.output
    assert "Nothing was written." in result.output
    return result.output


@pytest.mark.parametrize(
    ("command", "relpath", "text", "line"),
    [
        ("upptime", "history/website.yml", "url: [https://www.example.org\nstatus: up\n", 1),
        (
            "cstate",
            "config.yml",
            CSTATE_CONFIG + "  categories:\n\t- name: Other\n",
            CSTATE_CONFIG.count("\n") + 2,
        ),
        # Front matter starts on the file's line 2: the line is the file's, not the YAML's.
        (
            "cstate",
            "content/issues/2018-06-13-gateway-down.md",
            "---\ntitle: Gateway down\ndate: [2018-06-13\n---\n\nDown.\n",
            3,
        ),
    ],
    ids=["upptime-history", "cstate-config", "cstate-issue"],
)
def test_a_yaml_mistake_in_a_source_is_reported_at_its_line_in_plain_words(
    tmp_path: Path,
    cstate_site: Path,
    upptime_repo: Path,
    command: str,
    relpath: str,
    text: str,
    line: int,
) -> None:
    folder = cstate_site if command == "cstate" else upptime_repo
    (folder / relpath).write_text(text)

    output = refused("-C", str(tmp_path / "site"), "import", command, str(folder))

    assert f"\n{folder / relpath}:{line}:" in f"\n{output}"
    # One readable line per problem: no escaped line breaks of the parser's own report.
    assert "\\x0a" not in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("tagged", "says"),
    [
        ("!!bool maybe", "'maybe' is not a valid bool"),
        ('!!int ""', "'' is not a valid int"),
        ("!!int abc", "'abc' is not a valid int"),
        ("!!float x", "'x' is not a valid float"),
    ],
)
@pytest.mark.parametrize(
    ("command", "relpath", "text", "line"),
    [
        (
            "upptime",
            ".upptimerc.yml",
            UPPTIME_CONFIG.replace("slug: admin", "slug: admin\n    port: {}"),
            10,
        ),
        ("cstate", "config.yml", CSTATE_CONFIG.replace("title: Eggsample Status", "title: {}"), 1),
        (
            "cstate",
            "content/issues/2018-06-13-gateway-down.md",
            CSTATE_ISSUES["2018-06-13-gateway-down.md"].replace("resolved: true", "resolved: {}"),
            4,
        ),
    ],
    ids=["upptime-config", "cstate-config", "cstate-issue"],
)
def test_a_tagged_value_a_source_cannot_be_read_as_is_reported_at_its_line(
    tmp_path: Path,
    cstate_site: Path,
    upptime_repo: Path,
    command: str,
    relpath: str,
    text: str,
    line: int,
    tagged: str,
    says: str,
) -> None:
    folder = cstate_site if command == "cstate" else upptime_repo
    (folder / relpath).write_text(text.format(tagged))

    output = refused("-C", str(tmp_path / "site"), "import", command, str(folder))

    assert f"\n{folder / relpath}:{line}:" in f"\n{output}"
    assert says in output
    tag = tagged.split()[0]
    assert f"hint: remove '{tag}' to make it text, or write " in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("tagged", "tag"),
    [
        ("!foo x", "!foo"),
        ("!!binary zzz", "!!binary"),
        ("!!set {a: 1}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!!int [1]", "!!int"),
        ("!!python/object/apply:os.getcwd []", "!!python/object/apply:os.getcwd"),
    ],
)
@pytest.mark.parametrize(
    ("command", "relpath", "text", "line"),
    [
        (
            "upptime",
            ".upptimerc.yml",
            UPPTIME_CONFIG.replace("slug: admin", "slug: admin\n    port: {}"),
            10,
        ),
        ("upptime", "history/website.yml", "url: https://www.example.org\nstatus: {}\n", 2),
        ("cstate", "config.yml", CSTATE_CONFIG.replace("title: Eggsample Status", "title: {}"), 1),
        (
            "cstate",
            "content/issues/2018-06-13-gateway-down.md",
            CSTATE_ISSUES["2018-06-13-gateway-down.md"].replace("resolved: true", "resolved: {}"),
            4,
        ),
    ],
    ids=["upptime-config", "upptime-history", "cstate-config", "cstate-issue"],
)
def test_a_tag_a_source_cannot_use_is_reported_as_in_a_sites_own_files(
    tmp_path: Path,
    cstate_site: Path,
    upptime_repo: Path,
    command: str,
    relpath: str,
    text: str,
    line: int,
    tagged: str,
    tag: str,
) -> None:
    folder = cstate_site if command == "cstate" else upptime_repo
    (folder / relpath).write_text(text.format(tagged))

    output = refused("-C", str(tmp_path / "site"), "import", command, str(folder))

    # Quoting the value, as the hint for a YAML mistake says, would not help: the tag
    # is what no import reads, as `check` says of one in the site's own files.
    assert f"\n{folder / relpath}:{line}:" in f"\n{output}"
    assert f": unsupported YAML tag '{tag}'\n" in output
    assert "    hint: remove the tag\n" in output
    assert "invalid YAML" not in output
    assert not (tmp_path / "site").exists()


def test_an_issues_file_that_is_not_json_is_reported_at_its_line_and_column(
    tmp_path: Path, upptime_repo: Path
) -> None:
    issues = tmp_path / "issues.json"
    issues.write_text('[\n  {"number": 1,\n   "title": "Down" "state": "CLOSED"}\n]\n')

    output = refused(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(issues),
    )  # fmt: skip

    assert f"\n{issues}:3:20: not valid JSON: " in f"\n{output}"
    assert "    hint: export the issues as JSON, and give that file unchanged\n" in output
    assert not (tmp_path / "site").exists()


def test_an_impossible_start_time_in_upptime_history_is_reported_at_its_line(
    tmp_path: Path, upptime_repo: Path
) -> None:
    record = upptime_repo / "history/website.yml"
    # YAML reads this as a timestamp, but February has no 30th.
    record.write_text(record.read_text().replace("2026-03-01T08", "2026-02-30T08"))

    output = refused("-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo))

    assert f"{record}:6: startTime '2026-02-30T08:00:00.000Z' is not a valid date" in output
    assert not (tmp_path / "site").exists()


def test_cstate_impossible_dates_the_import_does_without_are_listed_and_all_imported(
    tmp_path: Path, cstate_site: Path
) -> None:
    # The import does not use `since`: a date there that does not exist must not stop it.
    (cstate_site / "config.yml").write_text(CSTATE_CONFIG + "  since: 2026-02-30\n")
    issues = cstate_site / "content/issues"
    slow = issues / "2019-02-02-ongoing.md"
    slow.write_text(
        slow.read_text().replace("resolved: false", "resolved: true\nresolvedWhen: 2019-02-30")
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "2019-02-02-ongoing.md:5: resolvedWhen '2019-02-30' is not a valid date" in output
    assert len(CSTATE_ISSUES) == len(load_site(root).incidents)
    slow_incident = next(i for i in load_site(root).incidents if i.title == "Slow API")
    # Resolved when its last update says, the only time the post gives.
    assert datetime(2019, 2, 2, 10, 5, tzinfo=timezone.utc) == slow_incident.resolved_at


def test_an_impossible_date_in_the_sites_own_files_is_reported_not_a_crash(
    tmp_path: Path, cstate_site: Path
) -> None:
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    own = root / "content/incidents/2026-02-28-mine.md"
    own.write_text(
        "---\ntitle: Mine\nstatus: resolved\ndate: 2026-02-30 10:00:00\n"
        "resolved_at: 2026-03-01 10:00\n---\n\nOur own words.\n"
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    output = refused("-C", str(root), "import", "cstate", str(cstate_site))

    # The import reads the site's incidents to find the ones it wrote before; the date
    # is `check`'s to report, at its line.
    assert "content/incidents/2026-02-28-mine.md:4:" in output
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_cstate_track_time_that_does_not_exist_is_listed_with_its_line(
    tmp_path: Path, cstate_site: Path
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(
        post.read_text().replace(
            "resolved: false", "resolved: true\nresolvedWhen: 2019-02-02 11:00"
        )
        + '\n*Resolved* - Fixed. {{< track "2019-02-31 10:30:00" >}}\n'
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    assert "2019-02-02-ongoing.md:14: track '2019-02-31 10:30:00' is not a valid date" in output
    slow = next(i for i in load_site(root).incidents if i.title == "Slow API")
    # Never moved to the post's date, where it would reopen the incident after it.
    assert ["investigating", "resolved"] == [u.state.value for u in slow.updates]
    assert datetime(2019, 2, 2, 11, 0, tzinfo=timezone.utc) == slow.resolved_at


def test_cstate_updates_in_html_comments_are_left_out_as_the_page_hides_them(
    tmp_path: Path, cstate_site: Path
) -> None:
    # Hugo runs a shortcode in a comment into the comment: cState's readers see neither.
    (cstate_site / "content/issues/opensearch.md").write_text("""\
---
title: OpenSearch Login Disabled
date: 2025-02-26 08:13:00
resolved: false
severity: disrupted
affected:
  - API
---

<!-- _Resolved_ - -->
<!-- All users can connect again. {{< track "2018-05-25 05:54:00" >}} -->

<!-- _Monitoring_ - An isolated ISP issue. {{< track "2018-05-25 04:40:00" >}} -->

_Investigating_ - The instances keep resetting their password.<!-- an aside -->
To see it, look for this line in the log:
```
<!-- password reset -->
```
""")
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    opensearch = next(i for i in load_site(root).incidents if i.title.startswith("OpenSearch"))
    assert [(IncidentState.INVESTIGATING, datetime(2025, 2, 26, 8, 13, tzinfo=timezone.utc))] == [
        (u.state, u.at) for u in opensearch.updates
    ]
    assert (
        "The instances keep resetting their password.\n"
        "To see it, look for this line in the log:\n```\n<!-- password reset -->\n```"
    ) == opensearch.updates[0].message
    assert "" == opensearch.summary
    assert "opensearch.md:10: the text in HTML comments (<!-- ... -->) was left out" in output


@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_a_cstate_track_shortcode_in_fenced_code_is_text_and_stays(
    tmp_path: Path, cstate_site: Path, fence: str
) -> None:
    # A post showing how to write an update is not an update at the example's time.
    (cstate_site / "content/issues/fence.md").write_text(f"""\
---
title: Fenced example
date: 2025-01-01T10:00:00Z
resolved: true
resolvedWhen: 2025-01-01T11:00:00Z
severity: down
affected: [API]
---
*Resolved* - done {{{{< track "2025-01-01T11:00:00Z" >}}}}

*Investigating* - Our docs say to write:

{fence}
{{{{< track "2025-01-01 10:05:00" >}}}}
{fence}

and nothing else. {{{{< track "2025-01-01T10:00:00Z" >}}}}
""")
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(cstate_site))

    fenced = next(i for i in load_site(root).incidents if i.title == "Fenced example")
    assert [
        (
            IncidentState.INVESTIGATING,
            datetime(2025, 1, 1, 10, 0, tzinfo=timezone.utc),
            f"Our docs say to write:\n\n{fence}\n"
            f'{{{{< track "2025-01-01 10:05:00" >}}}}\n{fence}\n\nand nothing else.',
        ),
        (IncidentState.RESOLVED, datetime(2025, 1, 1, 11, 0, tzinfo=timezone.utc), "done"),
    ] == [(u.state, u.at, u.message) for u in fenced.updates]


def test_cstate_html_in_a_post_becomes_markdown_and_code_stays_as_written(
    tmp_path: Path, cstate_site: Path
) -> None:
    (cstate_site / "content/issues/html.md").write_text("""\
---
title: API slow
date: 2025-01-01T10:00:00Z
resolved: true
resolvedWhen: 2025-01-01T11:00:00Z
severity: notice
affected: [API]
---
*Resolved* - Fixed by <a href="https://x.example/pr">a <i>patch</i></a>.
{{< track "2025-01-01T11:00:00Z" >}}

*Investigating* - Requests are <b>slow</b>; the log says `<b>timeout</b>`:

~~~
<b>timeout</b>
  at pool
~~~
{{< track "2025-01-01T10:00:00Z" >}}
""")
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(cstate_site))
    build_site(root, now=NOW, use_cache=False)

    slow = next(i for i in load_site(root).incidents if i.title == "API slow")
    assert [
        "Requests are **slow**; the log says `<b>timeout</b>`:\n\n"
        "~~~\n<b>timeout</b>\n  at pool\n~~~",
        "Fixed by [a *patch*](https://x.example/pr).",
    ] == [u.message for u in slow.updates]
    (page,) = [p for p in (root / "public/incidents").glob("*/index.html") if "api-slow" in str(p)]
    assert "Requests are <strong>slow</strong>" in page.read_text()


def test_cstate_updates_at_one_time_keep_the_order_the_post_gives_them(
    tmp_path: Path, cstate_site: Path
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(
        post.read_text()
        .replace("resolved: false", "resolved: true")
        .replace(
            "*Investigating*",
            '*Resolved* - It was a blip. {{< track "2019-02-02 10:05:00" >}}\n\n*Investigating*',
        )
    )
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(cstate_site))

    slow = next(i for i in load_site(root).incidents if i.title == "Slow API")
    # cState writes the newest first: the upper of two updates at one time is the later.
    assert [
        (IncidentState.INVESTIGATING, "Requests are slower than usual."),
        (IncidentState.RESOLVED, "It was a blip."),
    ] == [(u.state, u.message) for u in slow.updates]


def test_a_cstate_post_is_resolved_at_resolved_when_after_updates_that_say_resolved(
    tmp_path: Path, cstate_site: Path
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(
        post.read_text()
        .replace("resolved: false", "resolved: true\nresolvedWhen: 2019-02-02 13:00")
        .replace(
            "*Investigating* -",
            '*Resolved* - A fix is out. {{< track "2019-02-02 10:30:00" >}}\n\n*Investigating* -',
        )
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    slow = next(i for i in load_site(root).incidents if i.title == "Slow API")
    # cState's page says "Resolved after 3h 0m of downtime": date to resolvedWhen.
    assert timedelta(hours=3) == duration(slow, NOW)
    assert [
        (IncidentState.INVESTIGATING, "Requests are slower than usual."),
        (IncidentState.INVESTIGATING, "*Resolved* - A fix is out."),
        (IncidentState.RESOLVED, ""),
    ] == [(u.state, u.message) for u in slow.updates]
    line = _line_of(post, "*Resolved* - A fix is out.")
    assert (
        f"2019-02-02-ongoing.md:{line}: cState says resolved at resolvedWhen (2019-02-02 13:00, "
        "line 5) but the post's updates say resolved before it (at 2019-02-02 10:30)"
    ) in output


def test_a_cstate_post_whose_tracks_come_after_resolved_when_is_resolved_at_it(
    tmp_path: Path, cstate_site: Path
) -> None:
    # cState's own example post: date and resolvedWhen a month before its `track` times.
    post = cstate_site / "content/issues/2018-05-25-us-east-conn-issues.md"
    post.write_text(
        post.read_text()
        .replace("date: 2018-05-25 04:13:00", "date: 2018-04-25 04:13:00")
        .replace("resolvedWhen: 2018-05-25 05:54:00", "resolvedWhen: 2018-04-25 04:13:59")
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    east = next(i for i in load_site(root).incidents if i.title == "US East Connection Issues")
    # cState's page says "Resolved in under a minute", and so does the outage here.
    assert timedelta(seconds=59) == duration(east, NOW)
    assert [
        (IncidentState.RESOLVED, ""),
        (IncidentState.RESOLVED, "*Investigating* - Users on the East coast cannot connect."),
        (
            IncidentState.RESOLVED,
            "*Monitoring* - An isolated ISP issue; other DNS works around it.",
        ),
        (IncidentState.RESOLVED, "We believe all users can connect again."),
    ] == [(u.state, u.message) for u in east.updates]
    line = _line_of(post, "*Investigating* - Users on the East coast")
    assert (
        f"2018-05-25-us-east-conn-issues.md:{line}: cState says resolved at resolvedWhen "
        "(2018-04-25 04:13:59, line 5) but the post has updates after it (at 2018-05-25 04:13, "
        "2018-05-25 04:40, 2018-05-25 05:54)"
    ) in output


@pytest.mark.parametrize("flag", ["resolved: false\n", ""], ids=["false", "absent"])
def test_a_cstate_post_cstate_shows_open_stays_open_whatever_its_newest_update_says(
    tmp_path: Path, cstate_site: Path, flag: str
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(
        post.read_text()
        .replace("resolved: false\n", flag)
        .replace(
            "*Investigating* -",
            '*Resolved* - A fix is out; we watch it. {{< track "2019-02-02 11:00:00" >}}\n\n'
            "*Investigating* -",
        )
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    site = load_site(root)
    slow = next(i for i in site.incidents if i.title == "Slow API")
    # cState's page reads only `resolved`: the post is active there, and here.
    assert (IncidentState.INVESTIGATING, None) == (slow.state, slow.resolved_at)
    assert [IncidentState.INVESTIGATING, IncidentState.INVESTIGATING] == [
        u.state for u in slow.updates
    ]
    assert "*Resolved* - A fix is out; we watch it." == slow.updates[-1].message
    assert [slow.slug] == [i.slug for i in compute(site, NOW).open_incidents]
    (line,) = [n for n, row in enumerate(post.read_text().split("\n"), 1) if "*Resolved*" in row]
    assert (
        f"2019-02-02-ongoing.md:{line}: cState says open (no `resolved: true`) but its newest "
        "update says resolved; the file follows cState's `resolved`"
    ) in output


@pytest.mark.parametrize(
    ("when", "resolved_at"),
    [("resolvedWhen: 2019-02-02 12:00\n", "2019-02-02 12:00"), ("", "2019-02-02 11:00")],
)
def test_a_cstate_post_resolved_without_a_resolved_update_is_resolved(
    tmp_path: Path, cstate_site: Path, when: str, resolved_at: str
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(
        post.read_text()
        .replace("resolved: false\n", f"resolved: true\n{when}")
        .replace(
            "*Investigating* -",
            '*Monitoring* - A fix is out. {{< track "2019-02-02 11:00:00" >}}\n\n*Investigating* -',
        )
    )
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    site = load_site(root)
    slow = next(i for i in site.incidents if i.title == "Slow API")
    # At resolvedWhen, else at its last update: cState shows it resolved, with no word.
    assert [IncidentState.INVESTIGATING, IncidentState.MONITORING, IncidentState.RESOLVED] == [
        u.state for u in slow.updates
    ]
    assert resolved_at == f"{slow.resolved_at:%Y-%m-%d %H:%M}"
    assert () == compute(site, NOW).open_incidents
    assert "says" not in output.split("Not carried over")[1]


@pytest.mark.parametrize(
    ("name", "file"),
    [("GitHub", "git-hub"), ("Docs & Blog", "docs-and-blog"), ("Payments API", "payments-api")],
)
def test_upptime_history_is_found_under_the_slug_upptime_gives(
    tmp_path: Path, name: str, file: str
) -> None:
    # Upptime names history/<slug>.yml with @sindresorhus/slugify: camel case split,
    # `&` spelled `and`.
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(f"sites:\n  - name: {name}\n    url: https://x.test\n")
    (folder / f"history/{file}.yml").write_text(history("https://x.test", "down"))
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(folder))
    (component,) = load_site(root).components
    assert (date(2026, 3, 1), "major_outage") == (component.start_date, component.status.value)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("APIServer", "api-server"),
        ("myAPIsDown", "my-apis-down"),
        ("iOSApp", "i-os-app"),
        ("HTTPSProxy", "https-proxy"),
        ("v2APIGateway", "v2-api-gateway"),
        ("ABCsDef", "abcs-def"),
        ("XMLHttpRequest", "xml-http-request"),
        ("aB1C", "a-b1-c"),
        ("PDFs2Go", "pdfs2-go"),
        ("MySQLDB", "my-sqldb"),
        # Runs of one case thousands of letters long, as a name may hold.
        ("A" * 20000 + "bc", "a" * 19999 + "-abc"),
        ("a" * 20000 + "BC" * 5000, "a" * 20000 + "-" + "bc" * 5000),
    ],
)
def test_upptime_slug_splits_camel_case_as_upptime_does(name: str, slug: str) -> None:
    # The history file an import reads is the one Upptime named; a different split of a
    # name would miss it.
    assert slug == upptime_slug(name)


# A slug no file system holds history/<slug>.yml for (reading it failed with a traceback),
# or one that makes an id no component may have (refused at a line of a components.yaml
# the import never wrote): each refused at the site's own line.
@pytest.mark.parametrize(
    ("site", "key", "said", "hint"),
    [
        (
            "name: " + "payments " * 456,
            "payments payments",
            "too long for the name of its file history/<slug>.yml",
            "shorten the name, or give",
        ),
        (
            "name: Payments\n    slug: " + "p" * 300,
            "slug: ",
            "too long for the name of its file history/<slug>.yml",
            "give the site a shorter slug",
        ),
        ("name: " + "b" * 150, "name: bbb", "characters long, more than 100", "shorten the name"),
        (
            "name: Payments\n    slug: " + "p" * 101,
            "slug: ",
            "characters long, more than 100",
            "give the site a shorter slug",
        ),
    ],
    ids=["name-too-long-for-a-file", "slug-too-long-for-a-file", "long-name-id", "long-slug-id"],
)
def test_an_upptime_site_too_long_to_import_is_refused_at_its_line(
    tmp_path: Path, site: str, key: str, said: str, hint: str
) -> None:
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    config = folder / ".upptimerc.yml"
    config.write_text(
        f"sites:\n  - name: API\n    url: https://a.test\n  - {site}\n    url: https://b.test\n"
    )

    output = refused("-C", str(tmp_path / "site"), "import", "upptime", str(folder))

    assert f"{config}:{_line_of(config, key)}: site '" in output
    assert said in output
    assert f"hint: {hint}" in output
    assert "components.yaml" not in output
    assert not (tmp_path / "site").exists()


def test_upptime_issues_without_a_number_stay_apart(tmp_path: Path, upptime_repo: Path) -> None:
    issues = [dict(i, number=None) for i in ISSUES[:2]]
    (tmp_path / "issues.json").write_text(json.dumps(issues))
    root = tmp_path / "site"
    args = ("-C", str(root), "import", "upptime", str(upptime_repo))
    run(*args, "--issues", str(tmp_path / "issues.json"))
    again = run(*args, "--issues", str(tmp_path / "issues.json"))
    assert 2 == len(load_site(root).incidents)
    assert "0 files written" in again


def test_an_upptime_issue_without_a_number_keeps_the_id_earlier_imports_gave_it(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Its id is made from its title: made as earlier releases made it (ß dropped), the
    # files they wrote are found again; the new file's name spells the letter out.
    issue = dict(ISSUES[0], number=None, title="🛑 Payments API is down in Straße")
    (tmp_path / "issues.json").write_text(json.dumps([issue]))
    root = tmp_path / "site"
    run(
        "-C",
        str(root),
        "import",
        "upptime",
        str(upptime_repo),
        "--issues",
        str(tmp_path / "issues.json"),
    )
    (written,) = (root / "content/incidents").glob("*.md")
    assert "2026-10-03-payments-api-is-down-in-strasse.md" == written.name
    assert "import_id: upptime:issue-20261003T110400-payments-api-is-down-in-strae\n" in (
        written.read_text()
    )


def test_a_cstate_affected_system_written_as_one_name(tmp_path: Path, cstate_site: Path) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(post.read_text().replace("affected:\n  - API\n", "affected: API\n"))
    root = tmp_path / "site"
    output = run("-C", str(root), "import", "cstate", str(cstate_site))
    slow = next(i for i in load_site(root).incidents if i.title == "Slow API")
    assert ["api"] == [a.id for a in slow.components]
    assert "affected system 'A'" not in output


def test_upptime_reports_every_problem_of_its_files_in_one_run(
    tmp_path: Path, upptime_repo: Path
) -> None:
    record = upptime_repo / "history/website.yml"
    record.write_text(record.read_text().replace("2026-03-01T08", "2026-13-01T08"))
    issues = tmp_path / "bad.json"
    issues.write_text('{"x": 1}')

    output = refused(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(issues),
    )  # fmt: skip

    assert f"{record}:6: startTime '2026-13-01T08:00:00.000Z' is not a valid date" in output
    assert f"{issues}: not a list of issues" in output
    assert "2 problems" in output
    assert not (tmp_path / "site").exists()


def test_cstate_reports_every_broken_post_in_one_run(tmp_path: Path, cstate_site: Path) -> None:
    issues = cstate_site / "content/issues"
    (issues / "2018-05-25-us-east-conn-issues.md").write_text("---\ntitle: [broken\n---\n\nx\n")
    (issues / "2019-02-02-ongoing.md").write_text("---\ntitle: ok\ndate: [2019\n---\n\nx\n")

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert f"\n{issues / '2018-05-25-us-east-conn-issues.md'}:2:" in f"\n{output}"
    assert f"\n{issues / '2019-02-02-ongoing.md'}:3:" in f"\n{output}"
    assert not (tmp_path / "site").exists()


def test_a_cstate_resolved_when_that_is_no_date_is_listed_with_its_line(
    tmp_path: Path, cstate_site: Path
) -> None:
    # One value YAML reads as a timestamp that does not exist, one that is plain text:
    # both listed at their line.
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    text = post.read_text()
    post.write_text(text.replace("resolved: false", "resolved: true\nresolvedWhen: 2019-02-30"))
    other = cstate_site / "content/issues/2019-02-03-other.md"
    other.write_text(text.replace("resolved: false", "resolved: true\nresolvedWhen: soon"))

    output = run("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert "2019-02-02-ongoing.md:5: resolvedWhen '2019-02-30' is not a valid date" in output
    assert "2019-02-03-other.md:5: resolvedWhen 'soon' is not a valid date" in output


def test_a_cstate_severity_it_does_not_know_is_listed(tmp_path: Path, cstate_site: Path) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text(post.read_text().replace("severity: notice", "severity: apocalypse"))
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(cstate_site))

    notes = output.split("Not carried over")[1]
    assert "2019-02-02-ongoing.md:5: severity 'apocalypse' is not one cState knows" in notes
    slow = next(i for i in load_site(root).incidents if i.title == "Slow API")
    assert ComponentStatus.DEGRADED_PERFORMANCE == slow.components[0].status


def test_an_upptime_issue_body_shows_its_list_as_github_does(
    tmp_path: Path, upptime_repo: Path
) -> None:
    root = tmp_path / "site"
    issues = str(tmp_path / "issues.json")
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", issues)
    build_site(root, now=NOW, use_cache=False)

    (page,) = [p for p in (root / "public/incidents").glob("*/index.html") if "payments" in str(p)]
    html = page.read_text()
    assert "<li>HTTP code: 0</li>\n<li>Response time: 0 ms</li>" in html


def _upptime_issues(tmp_path: Path, changes: dict[str, object]) -> Path:
    """The issues file with the first issue (closed, on Payments API) changed, written as
    `gh` writes it: one key a line."""
    issues = [dict(ISSUES[0], **changes), *ISSUES[1:]]
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(issues, indent=2))
    return path


def _line_of(path: Path, text: str) -> int:
    (line,) = [n for n, row in enumerate(path.read_text().splitlines(), 1) if text in row]
    return line


@pytest.mark.parametrize(
    ("key", "bad"),
    [("closed_at", "soon"), ("created_at", "2025-02-30T10:00:00Z"), ("closed_at", None)],
)
def test_an_upptime_issue_whose_time_does_not_read_is_refused_at_its_line(
    tmp_path: Path, upptime_repo: Path, key: str, bad: str | None
) -> None:
    issues = _upptime_issues(tmp_path, {key: bad})

    output = refused(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(issues),
    )  # fmt: skip

    line = _line_of(issues, f'"{key}": {json.dumps(bad)}')
    why = "no closed_at" if bad is None else f"{key} '{bad}' is not a valid date"
    assert f"{issues}:{line}: issue #12: {why}" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("opened", "missing"), [("createdAt", "closedAt"), ("created_at", "closed_at")]
)
def test_a_closed_upptime_issue_without_its_closing_time_names_the_key_its_export_uses(
    tmp_path: Path, upptime_repo: Path, opened: str, missing: str
) -> None:
    issue = {k: v for k, v in ISSUES[0].items() if k not in ("created_at", "closed_at")}
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([{**issue, opened: "2026-10-03T11:04:00Z"}], indent=2))

    output = refused(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(issues),
    )  # fmt: skip

    line = _line_of(issues, '"state": "closed"')
    assert f"{issues}:{line}: issue #12: no {missing}\n" in output
    assert f"hint: add `{missing}` with the time" in output


def test_an_upptime_comment_whose_time_does_not_read_is_refused_at_its_line(
    tmp_path: Path, upptime_repo: Path
) -> None:
    comments = [{"body": "Looking into it.", "createdAt": "soon"}]
    issues = _upptime_issues(tmp_path, {"comments": comments})

    output = refused(
        "-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo),
        "--issues", str(issues),
    )  # fmt: skip

    line = _line_of(issues, '"createdAt": "soon"')
    assert f"{issues}:{line}: issue #12, comment 1: createdAt 'soon' is not a valid date" in output
    assert not (tmp_path / "site").exists()


def test_an_upptime_issue_names_the_site_with_the_whole_name(
    tmp_path: Path, upptime_repo: Path
) -> None:
    config = upptime_repo / ".upptimerc.yml"
    config.write_text(
        config.read_text().replace(
            "  - name: Website\n", "  - name: Google\n  - name: Google Docs\n  - name: Website\n"
        )
    )
    issue = {"number": 30, "title": "🛑 Google Docs is down", "body": "", "state": "open",
             "created_at": "2026-11-20T10:00:00Z", "labels": []}  # fmt: skip
    (tmp_path / "issues.json").write_text(json.dumps([issue]))
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues",
        str(tmp_path / "issues.json"))  # fmt: skip

    (incident,) = load_site(root).incidents
    assert ["google-docs"] == [a.id for a in incident.components]


@pytest.mark.parametrize("site", ["  - url: https://x.example\n", "  - https://x.example\n"])
def test_an_upptime_site_without_a_name_is_refused_at_its_line(
    tmp_path: Path, upptime_repo: Path, site: str
) -> None:
    config = upptime_repo / ".upptimerc.yml"
    config.write_text(config.read_text().replace("sites:\n", f"sites:\n{site}"))

    output = refused("-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo))

    assert f"{config}:4: site 1 under sites: " in output
    assert "hint: give every site a name" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "slug", ["../../elsewhere/private", "{outside}/private", ".private", "a\\b", "x\0y"]
)
def test_an_upptime_slug_that_names_a_file_outside_history_is_refused_at_its_line(
    tmp_path: Path, upptime_repo: Path, slug: str
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.yml").write_text('startTime: "PRIVATE-VALUE"\nstatus: down\n')
    (upptime_repo / "history/.private.yml").write_text('startTime: "PRIVATE-VALUE"\n')
    config = upptime_repo / ".upptimerc.yml"
    written = slug.replace("{outside}", str(outside))
    config.write_text(
        config.read_text().replace("    slug: admin\n", f"    slug: {json.dumps(written)}\n")
    )

    output = refused("-C", str(tmp_path / "site"), "import", "upptime", str(upptime_repo))

    assert (
        f"{config}:{_line_of(config, 'slug: ')}: site 'Internal admin' has the slug "
        f"{written!r}, which names no file in history/"
    ) in output
    assert "hint: write the slug Upptime names the site's files by" in output
    assert "PRIVATE-VALUE" not in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("text", "says", "line"),
    [
        ("params:\n  categories: []\n  systems: API, Gateway\n", "params: systems is text", 4),
        ("params: API, Gateway\n", "params is text, not a mapping", 2),
    ],
)
def test_a_cstate_config_without_a_systems_list_says_what_it_has_and_where(
    tmp_path: Path, cstate_site: Path, text: str, says: str, line: int
) -> None:
    config = cstate_site / "config.yml"
    config.write_text("title: Status\n" + text)

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert f"{config}:{line}: {says}" in output


@pytest.mark.parametrize(
    ("command", "relpath", "old", "new", "says"),
    [
        (
            "cstate",
            "config.yml",
            "description: The main servers are located here.",
            "description: [one, two]",
            "description is a list, not text",
        ),
        (
            "cstate",
            "config.yml",
            "description: The guts of the application.",
            "description: {a: 1}",
            "description is a mapping, not text",
        ),
        ("cstate", "config.yml", "name: Media Proxy", "name: [Media, Proxy]", "name is a list"),
        (
            "cstate",
            "config.yml",
            "- name: Status Page",
            "- [Status, Page]",
            "system 4 under params.systems is a list, not a system",
        ),
        ("cstate", "config.yml", "title: Eggsample Status", "title: [A, B]", "title is a list"),
        (
            "cstate",
            "content/issues/2018-06-13-gateway-down.md",
            "title: Gateway down",
            "title: [Gateway, down]",
            "title is a list, not text",
        ),
        (
            "cstate",
            "content/issues/2018-06-13-gateway-down.md",
            "severity: down",
            "severity: [down]",
            "severity is a list, not text",
        ),
        ("upptime", ".upptimerc.yml", "name: Website", "name: [a, b]", "name is a list, not text"),
        (
            "upptime",
            ".upptimerc.yml",
            "url: https://api.example.org/health",
            "url: {x: 1}",
            "url is a mapping, not text",
        ),
        ("upptime", ".upptimerc.yml", "name: Example Status", "name: [A]", "name is a list"),
    ],
    ids=[
        "category-description",
        "system-description",
        "system-name",
        "system",
        "site-title",
        "post-title",
        "post-severity",
        "upptime-name",
        "upptime-url",
        "upptime-page-name",
    ],
)
def test_a_list_or_mapping_where_a_source_means_text_is_refused_at_its_line(
    tmp_path: Path,
    cstate_site: Path,
    upptime_repo: Path,
    command: str,
    relpath: str,
    old: str,
    new: str,
    says: str,
) -> None:
    # Written out, such a value would be Python's text (`['one', 'two']`) on the page.
    folder = cstate_site if command == "cstate" else upptime_repo
    path = folder / relpath
    path.write_text(path.read_text().replace(old, new))

    output = refused("-C", str(tmp_path / "site"), "import", command, str(folder))

    assert f"{path}:{_line_of(path, new)}: {says}" in output
    assert "put it in quotes" in output or "a line" in output
    assert "['" not in output
    assert not (tmp_path / "site").exists()


def test_an_affected_system_not_in_the_config_is_listed_with_its_line(
    tmp_path: Path, cstate_site: Path
) -> None:
    post = cstate_site / "content/issues/2018-05-25-us-east-conn-issues.md"
    post.write_text(post.read_text().replace("  - Media Proxy\n", "  - Nonexistent\n"))

    output = run("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert "2018-05-25-us-east-conn-issues.md:10: affected system 'Nonexistent'" in output


def test_a_cstate_post_with_toml_front_matter_says_to_convert_it(
    tmp_path: Path, cstate_site: Path
) -> None:
    post = cstate_site / "content/issues/2019-02-02-ongoing.md"
    post.write_text('+++\ntitle = "Slow API"\ndate = 2019-02-02T10:00:00Z\n+++\n\nSlow.\n')

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert f"{post}:1: TOML front matter (+++) is not read" in output
    assert "convert it to YAML" in output and "'---'" in output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("settings", "folder"),
    [
        ("theme: brand\n", "themes/brand/templates"),
        (
            "pages:\n  public:\n    base_url: https://status.example.org/\n"
            "    output: public\n    static: static-public\n",
            "static-public",
        ),
    ],
    ids=["own-theme", "page-static"],
)
def test_an_import_checks_the_site_with_its_own_theme_and_folders(
    tmp_path: Path, cstate_site: Path, settings: str, folder: str
) -> None:
    # The site's own incident names a component the import replaces: left out here.
    root = write_site(
        tmp_path / "site", {"statusgen.yaml": SETTINGS + settings, INCIDENT_PATH: None}
    )
    (root / folder).mkdir(parents=True)
    run("-C", str(root), "check")

    run("-C", str(root), "import", "cstate", str(cstate_site), "--force")

    assert "Gateway" in (root / "content/components.yaml").read_text()
    run("-C", str(root), "check")


def test_an_import_that_would_leave_a_monitor_without_its_component_is_refused(
    tmp_path: Path, cstate_site: Path
) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    monitors = (
        "- id: checkout-health\n  component: checkout\n  type: http\n  url: https://x.test/\n"
    )
    (root / "content/monitors.yaml").write_text(monitors)
    components = (root / "content/components.yaml").read_text()

    output = refused("-C", str(root), "import", "cstate", str(cstate_site), "--force")

    assert "content/monitors.yaml:2:" in output
    assert "'checkout'" in output
    assert components == (root / "content/components.yaml").read_text()


def test_upptime_sites_of_one_statusgen_slug_stay_apart(tmp_path: Path) -> None:
    # Upptime keeps them apart by its own slugs: docs-and-blog and docs-blog.
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(
        "sites:\n  - name: Docs Blog\n    url: https://blog.test\n"
        "  - name: Docs & Blog\n    url: https://docs.test\n"
    )
    (folder / "history/docs-blog.yml").write_text(history("https://blog.test", "down"))
    (folder / "history/docs-and-blog.yml").write_text(history("https://docs.test", "up"))
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(folder))
    again = run("-C", str(root), "import", "upptime", str(folder))

    assert [
        ("docs-blog", "Docs Blog", "major_outage"),
        ("docs-blog-2", "Docs & Blog", "operational"),
    ] == [(c.id, c.name, c.status.value) for c in load_site(root).components]
    assert "0 files written" in again


@pytest.mark.parametrize(
    ("names", "says"),
    [
        (("API", "api"), "site 'api' has the slug 'api', as site 1 'API' has"),
        (
            ("日本", "中国"),
            "site '中国' has no slug (no Latin letters or digits), as site 1 '日本' has",
        ),
    ],
)
def test_upptime_sites_upptime_cannot_tell_apart_are_refused_naming_both(
    tmp_path: Path, names: tuple[str, str], says: str
) -> None:
    folder = tmp_path / "upptime"
    folder.mkdir()
    config = folder / ".upptimerc.yml"
    config.write_text(
        "".join(
            "sites:\n" * (not i) + f"  - name: {n}\n    url: https://{i}.test\n"
            for i, n in enumerate(names)
        )
    )

    output = refused("-C", str(tmp_path / "site"), "import", "upptime", str(folder))

    assert f"{config}:4: {says}" in output
    assert "give one of them a `slug:`" in output
    assert "components.yaml" not in output
    assert not (tmp_path / "site").exists()


def test_a_cstate_system_listed_twice_is_reported_at_its_line_with_the_other_problems(
    tmp_path: Path, cstate_site: Path
) -> None:
    config = cstate_site / "config.yml"
    config.write_text(CSTATE_CONFIG + "    - name: Status Page\n")
    broken = cstate_site / "content/issues/2019-02-02-ongoing.md"
    broken.write_text("---\ntitle: ok\ndate: [2019\n---\n\nx\n")
    first, again = CSTATE_CONFIG.count("\n"), CSTATE_CONFIG.count("\n") + 1

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(cstate_site))

    assert (
        f"{config}:{again}: system 'Status Page' is listed twice under params.systems, "
        f"on line {first} too"
    ) in output
    assert f"\n{broken}:3:" in f"\n{output}"
    assert "2 problems" in output
    assert not (tmp_path / "site").exists()


def test_a_plan_with_two_items_of_one_id_is_refused_naming_both(tmp_path: Path) -> None:
    # Every importer refuses such a source at its line; this guard keeps a new one honest.
    plan = Plan(source="test source")
    plan.components += [PlannedComponent("x:1", "API"), PlannedComponent("x:1", "Api")]
    plan.order.append("x:1")

    with pytest.raises(StatusgenError) as raised:
        apply_plan(tmp_path / "site", plan)

    (problem,) = raised.value.diagnostics
    assert "'API' and 'Api' are one item to the import" in problem.message
    assert not (tmp_path / "site").exists()


def test_a_cstate_system_whose_id_reads_as_true_or_false_imports_again(tmp_path: Path) -> None:
    # Norway's region is "NO": YAML 1.1 reads an unquoted `no` as false.
    config = 'params: {systems: [{name: "NO"}, {name: "Off"}, {name: API}]}\n'
    folder = one_post(tmp_path, OPEN_POST.replace("[API]", '["NO"]'), config)
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(folder))
    (folder / "content/issues/a.md").write_text(
        OPEN_POST.replace("[API]", '["NO"]').replace("Down.", "Down again.")
    )

    output = run("-C", str(root), "import", "cstate", str(folder))

    assert "1 file written, 1 unchanged." in output
    assert ["no", "off", "api"] == [c.id for c in load_site(root).components]
    written = yaml.safe_load((root / "content/components.yaml").read_text())
    assert ["no", "off", "api"] == [entry["id"] for entry in written]


@pytest.mark.parametrize("name", ["yes", "Off", "TRUE"])
def test_a_cstate_system_named_a_yaml_11_boolean_keeps_the_word_written(
    tmp_path: Path, name: str
) -> None:
    config = f"params:\n  systems:\n    - name: {name}\n"
    folder = one_post(tmp_path, OPEN_POST.replace("affected: [API]", f"affected: [{name}]"), config)
    root = tmp_path / "site"

    run("-C", str(root), "import", "cstate", str(folder))

    site = load_site(root)
    assert [(name.lower(), name)] == [(c.id, c.name) for c in site.components]
    assert ComponentStatus.MAJOR_OUTAGE == compute(site, AFTER_POST).components[name.lower()]


def test_cstate_front_matter_and_categories_keep_a_yaml_11_boolean_as_written(
    tmp_path: Path,
) -> None:
    # Each front-matter key (and the config's top level) is read in lower case, as Hugo
    # reads it: the word written must come through that too.
    config = (
        "title: On\nparams:\n  systems:\n    - name: On\n      category: Off\n    - n\n"
        "  categories:\n    - name: Off\n      description: no\n"
    )
    post = OPEN_POST.replace("title: API down", "title: yes").replace("[API]", "On")
    folder = one_post(tmp_path, post, config)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    assert "True" not in output and "False" not in output
    site = load_site(root)
    assert "On" == site.settings.title
    (incident,) = site.incidents
    assert "yes" == incident.title
    assert ["2026-12-05-yes.md"] == [p.name for p in (root / "content/incidents").iterdir()]
    assert ["on"] == [a.id for a in incident.components]
    groups = [(g.name, g.description, g.component_ids) for g in site.groups]
    assert [("Off", "no", ("on",))] == groups
    assert ComponentStatus.MAJOR_OUTAGE == compute(site, AFTER_POST).components["on"]


@pytest.mark.parametrize("name", ["yes", "Off", "false", "0"])
def test_an_upptime_site_named_a_yaml_11_boolean_or_zero_keeps_its_name(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "upptime"
    folder.mkdir()
    (folder / ".upptimerc.yml").write_text(
        f"owner: acme\nsites:\n  - name: API\n    url: https://api.test\n"
        f"  - name: {name}\n    url: https://x.test\n"
    )
    root = tmp_path / "site"

    run("-C", str(root), "import", "upptime", str(folder))

    assert ["API", name] == [c.name for c in load_site(root).components]


def test_a_cstate_system_named_an_equals_sign_is_that_name(tmp_path: Path) -> None:
    # YAML 1.1 gives a plain `=` a type of its own, which Hugo reads as the text.
    config = "params:\n  systems:\n    - name: =\n    - name: API\n"
    folder = one_post(tmp_path, OPEN_POST.replace("[API]", "[=, API]"), config)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    assert "not in the config" not in output
    site = load_site(root)
    assert ["=", "API"] == [c.name for c in site.components]
    (incident,) = site.incidents
    assert [c.id for c in site.components] == [a.id for a in incident.components]


@pytest.mark.parametrize(
    "system", ["- ~", "- null", "- name: ~", '- name: ""', "- description: Unnamed"]
)
def test_a_cstate_system_without_a_name_is_refused_at_its_line(tmp_path: Path, system: str) -> None:
    config = f"params:\n  systems:\n    - name: API\n    {system}\n"
    folder = one_post(tmp_path, OPEN_POST, config)

    output = refused("-C", str(tmp_path / "site"), "import", "cstate", str(folder))

    assert f"{folder / 'config.yml'}:4: system 2 under params.systems has no name" in output
    assert "hint: give every system a name" in output
    assert not (tmp_path / "site").exists()


def test_an_upptime_issue_that_only_names_a_site_is_no_outage(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # A question, a feature request or a pull request naming a site is not an outage
    # Upptime opened: importing it as one would show the site down.
    issues = [
        dict(ISSUES[1], number=50, title="Is Website down? I get 500s",
             labels=[{"name": "question"}]),
        dict(ISSUES[1], number=51, title="Website response time graph is empty",
             labels=[{"name": "website"}]),
        dict(ISSUES[1], number=52, title="⚠️ Website has degraded performance",
             pull_request={"url": "https://api.github.com/repos/o/r/pulls/52"}),
    ]  # fmt: skip
    (tmp_path / "issues.json").write_text(json.dumps(issues))
    root = tmp_path / "site"
    output = run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues",
                 str(tmp_path / "issues.json"))  # fmt: skip

    assert () == load_site(root).incidents
    assert "issue #50 'Is Website down? I get 500s': not an outage Upptime opened" in output
    assert "issue #51 'Website response time graph is empty': not an outage" in output
    assert "issue #52 '⚠️ Website has degraded performance': a pull request" in output


def test_an_upptime_issue_quoting_a_sites_secret_address_is_written_without_it(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Upptime quotes the site's address in the issue it opens: its key or password would
    # be on every page, in the feeds and the API.
    body = (
        "Payments API (https://api.example.org/v1?apikey=sk_live_abc123) was **down**, "
        "and so was https://deploy:hunter2@db.example.org/health"
    )
    (tmp_path / "issues.json").write_text(json.dumps([dict(ISSUES[0], body=body)]))
    root = tmp_path / "site"
    output = run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues",
                 str(tmp_path / "issues.json"))  # fmt: skip
    build_site(root, now=NOW, use_cache=False)

    (written,) = (root / "content/incidents").glob("*.md")
    assert (
        "Payments API (https://api.example.org/v1?apikey=REDACTED) was **down**, "
        "and so was https://deploy:***@db.example.org/health"
    ) in written.read_text()
    # The site's files, and what the build published (public/).
    files = [p for p in root.rglob("*") if p.is_file()]
    assert [] == [p for p in files if b"hunter2" in p.read_bytes() or b"sk_live" in p.read_bytes()]
    assert "incident '🛑 Payments API is down': an address in its text holds a login" in output


def test_an_upptime_issue_linking_a_secret_address_by_itself_keeps_the_link(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Upptime writes the site's address as a link whose text is the address: hiding the
    # secret must neither stop the import nor break the link on the page.
    body = (
        "Website ([https://deploy:hunter2@www.example.org](https://deploy:hunter2@www.example.org))"
        " was **down**, and ([https://www.example.org/?token=abc123def456xyz]"
        "(https://www.example.org/?token=abc123def456xyz)) too"
    )
    (tmp_path / "issues.json").write_text(json.dumps([dict(ISSUES[0], body=body)]))
    root = tmp_path / "site"
    run("-C", str(root), "import", "upptime", str(upptime_repo), "--issues",
        str(tmp_path / "issues.json"))  # fmt: skip

    (written,) = (root / "content/incidents").glob("*.md")
    assert (
        "Website ([https://deploy:***@www.example.org](https://deploy:***@www.example.org))"
        " was **down**, and ([https://www.example.org/?token=REDACTED]"
        "(https://www.example.org/?token=REDACTED)) too"
    ) in written.read_text()


def test_a_cstate_post_quoting_an_address_with_a_token_is_written_without_it(
    tmp_path: Path,
) -> None:
    post = (
        "---\ntitle: Hooks failing\ndate: 2026-11-01 10:00:00\nresolved: true\n"
        "severity: notice\naffected:\n  - API\n---\n\n"
        "Calls to https://api.example.org/hook?token=t0k3n_s3cr3t_v4lu3 fail.\n"
    )
    folder = one_post(tmp_path, post)
    root = tmp_path / "site"
    output = run("-C", str(root), "import", "cstate", str(folder))

    (written,) = (root / "content/incidents").glob("*.md")
    assert "Calls to https://api.example.org/hook?token=REDACTED fail." in written.read_text()
    assert "t0k3n" not in written.read_text()
    assert "incident 'Hooks failing': an address in its text holds a login" in output


def test_a_cstate_post_linking_an_address_with_a_token_keeps_its_links(tmp_path: Path) -> None:
    # The stand-in goes where the token was, and no further: the link's closing ")" and
    # the bold and the link after it are the text's.
    post = (
        "---\ntitle: API errors\ndate: 2026-11-01 10:00:00\nresolved: true\n"
        "severity: notice\naffected:\n  - API\n---\n\n"
        "The **[error dashboard](https://grafana.example.org/d/api?token=abcdef123456)** is"
        " red. Graphs: [latency](https://grafana.example.org/d/lat?token=abcdef123456)/"
        "[errors](https://grafana.example.org/d/err).\n"
    )
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(one_post(tmp_path, post)))

    (incident,) = load_site(root).incidents
    assert (
        "The **[error dashboard](https://grafana.example.org/d/api?token=REDACTED)** is red."
        " Graphs: [latency](https://grafana.example.org/d/lat?token=REDACTED)/"
        "[errors](https://grafana.example.org/d/err)."
    ) == incident.updates[0].message


def test_an_upptime_site_renamed_while_an_incident_names_it_open_is_kept_until_resolved(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Website's degraded issue (#15) is open. Renamed, the issue names no site and is left
    # out, its incident kept: retiring the component it names would have the check refuse
    # the whole import, pointing at a `retired: true` no file holds.
    root = tmp_path / "site"
    args = ("-C", str(root), "import", "upptime", str(upptime_repo))
    run(*args, "--issues", str(tmp_path / "issues.json"))
    config = upptime_repo / ".upptimerc.yml"
    config.write_text(config.read_text().replace("name: Website", "name: Public Website"))
    (upptime_repo / "history/website.yml").rename(upptime_repo / "history/public-website.yml")
    (slow,) = [i for i in load_site(root).incidents if i.is_open]
    before = load_site(root).component("website")

    output = run(*args, "--issues", str(tmp_path / "issues.json"))

    site = load_site(root)
    assert (False, "Website") == (site.component("website").retired, site.component("website").name)
    # Kept as it was: its uptime still counts from the day its record began.
    assert (before.start_date, before.description) == (
        site.component("website").start_date,
        site.component("website").description,
    )
    assert before.start_date is not None
    assert [slow.slug] == [i.slug for i in site.incidents if i.is_open]
    assert (
        f"Website ('website'): no longer in upptime {upptime_repo} (renamed or removed there), "
        f"but content/incidents/{slow.slug}.md names it and is still open: kept as it is, "
        "on the page; resolve it, then import again to retire it"
    ) in output

    run("-C", str(root), "resolve", slow.slug, "-m", "Fine again.")
    run(*args, "--issues", str(tmp_path / "issues.json"))

    assert load_site(root).component("website").retired


def test_a_cstate_posts_opening_message_is_its_first_update_at_its_date(tmp_path: Path) -> None:
    # Written below the last shortcode, it is what the post said at its `date`: the API's
    # timeline must start there, and not keep "*Investigating* -" as words of a summary.
    post = (
        "---\ntitle: Database slow\ndate: 2025-03-30 01:30:00\nresolved: true\n"
        "resolvedWhen: 2025-03-30 03:30:00\nseverity: disrupted\naffected:\n  - API\n---\n\n"
        '*Resolved* - All good again. {{< track "2025-03-30 03:30:00" >}}\n\n'
        '*Monitoring* - Fix deployed. {{< track "2025-03-30 03:00:00" >}}\n\n'
        "*Investigating* - We are investigating slow queries.\n"
    )
    folder = one_post(tmp_path, post)
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(folder))

    (incident,) = load_site(root).incidents
    assert [
        (
            IncidentState.INVESTIGATING,
            _utc(2025, 3, 30, 1, 30),
            "We are investigating slow queries.",
        ),
        (IncidentState.MONITORING, _utc(2025, 3, 30, 3, 0), "Fix deployed."),
        (IncidentState.RESOLVED, _utc(2025, 3, 30, 3, 30), "All good again."),
    ] == [(u.state, u.at, u.message) for u in incident.updates]
    assert "" == incident.summary


def test_an_upptime_site_renamed_since_the_last_import_is_kept_retired(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Its slug is its identity: renamed, it is a new site, and the outage imported before
    # still names the old one, which must not turn into an unknown component.
    root = tmp_path / "site"
    args = ("-C", str(root), "import", "upptime", str(upptime_repo))
    run(*args, "--issues", str(tmp_path / "issues.json"))
    config = upptime_repo / ".upptimerc.yml"
    config.write_text(config.read_text().replace("Payments API", "Payments Public API"))
    (upptime_repo / "history/payments-api.yml").rename(
        upptime_repo / "history/payments-public-api.yml"
    )

    output = run(*args, "--issues", str(tmp_path / "issues.json"))

    site = load_site(root)
    assert (True, "Payments API") == (
        site.component("payments-api").retired,
        site.component("payments-api").name,
    )
    assert not site.component("payments-public-api").retired
    down = next(i for i in site.incidents if "Payments API" in i.title)
    assert ["payments-api"] == [a.id for a in down.components]
    assert "Payments API ('payments-api'): no longer in upptime" in output
    assert "issue #12 '🛑 Payments API is down': an outage of no site in .upptimerc.yml" in output


def _core_plan(*members: PlannedComponent) -> Plan:
    plan = Plan(source="test source")
    plan.groups.append(PlannedGroup("g:core", "Core", "Core services", list(members)))
    plan.order.append("g:core")
    return plan


@pytest.mark.parametrize("still_open", [True, False])
def test_a_component_the_source_dropped_is_kept_in_its_group_as_written(
    tmp_path: Path, still_open: bool
) -> None:
    # Kept because an incident names it, it must stay where the page showed it, with the
    # keys it had: moved out of its group, the API's components lose their group_id.
    root = tmp_path / "site"
    api = PlannedComponent(
        "c:api", "API", "The public REST API", showcase=False, only_show_if_degraded=True
    )
    apply_plan(
        root, _core_plan(PlannedComponent("c:edge", "Edge"), api, PlannedComponent("c:web", "Web"))
    )
    written = (root / "content/components.yaml").read_text()
    status = "investigating" if still_open else "resolved"
    (root / INCIDENT_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / INCIDENT_PATH).write_text(
        f"---\ntitle: API errors\nstatus: {status}\ncomponents:\n  api: major_outage\n---\n"
        f"## {status.title()} at 2026-11-20 10:00 +00:00\nLooking.\n"
    )

    apply_plan(
        root, _core_plan(PlannedComponent("c:edge", "Edge"), PlannedComponent("c:web", "Web"))
    )

    site = load_site(root)
    kept = site.component("api")
    assert ("core", False, True, "The public REST API", not still_open) == (
        kept.group_id,
        kept.showcase,
        kept.only_show_if_degraded,
        kept.description,
        kept.retired,
    )
    (core,) = yaml.safe_load((root / "content/components.yaml").read_text())
    assert ["edge", "api", "web"] == [c["id"] for c in core["components"]]
    if still_open:
        assert written == (root / "content/components.yaml").read_text()


_TWO_SYSTEMS = """\
title: Eggsample Status
params:
  categories:
    - name: Core
  systems:
    - name: API
      category: Core
    - name: Media Proxy
      category: Core
      description: Proxies media.
"""


@pytest.mark.parametrize("still_open", [True, False])
def test_a_cstate_system_removed_while_a_post_names_it_stays_with_its_outage(
    tmp_path: Path, still_open: bool
) -> None:
    # The post is cState's own, imported again: while it names the system, the incident
    # still affects it. Dropped, an open outage would read "no impact", all operational.
    post = (
        f"---\ntitle: Slow media\ndate: 2026-11-20 10:00:00\nresolved: {not still_open!s}\n"
        "severity: disrupted\naffected:\n  - Media Proxy\n---\n\n"
        '*Investigating* - Media is slow. {{< track "2026-11-20 10:05:00" >}}\n'
    )
    folder = one_post(tmp_path, post, _TWO_SYSTEMS)
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(folder))
    written = (root / "content/components.yaml").read_text()
    (folder / "config.yml").write_text(
        _TWO_SYSTEMS.replace("    - name: Media Proxy\n      category: Core\n", "").replace(
            "      description: Proxies media.\n", ""
        )
    )

    output = run("-C", str(root), "import", "cstate", str(folder))

    site = load_site(root)
    kept = site.component("media-proxy")
    assert ("core", "Proxies media.", not still_open) == (
        kept.group_id,
        kept.description,
        kept.retired,
    )
    (incident,) = site.incidents
    assert ({"media-proxy": ComponentStatus.PARTIAL_OUTAGE}, "major") == (
        {a.id: a.status for a in incident.components},
        incident.impact.value,
    )
    if still_open:
        assert written == (root / "content/components.yaml").read_text()
        assert "indicator: minor" in run("-C", str(root), "status", "--now", "2026-11-21T12:00Z")
        assert "names it and is still open: kept as it is, on the page" in output
    else:
        assert "incidents in the site name it: kept with `retired: true`" in output


def test_an_upptime_site_removed_while_a_maintenance_issue_expects_it_down_stays_for_it(
    tmp_path: Path, upptime_repo: Path
) -> None:
    # Renamed (its slug is its identity), the site dropped out of the window, which then
    # showed in progress taking nothing down.
    window = {
        "number": 20,
        "title": "Website migration",
        "body": "<!--\nstart: 2026-11-22T11:00:00.000Z\nend: 2026-11-22T13:00:00.000Z\n"
        "expectedDown: website\n-->\nWe move the website.",
        "state": "OPEN",
        "createdAt": "2026-11-21T09:00:00Z",
        "closedAt": None,
        "labels": [{"name": "maintenance"}],
    }
    (upptime_repo / "history/website.yml").write_text(history("https://www.example.org", "up"))
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([ISSUES[0], window]))
    root = tmp_path / "site"
    args = ("-C", str(root), "import", "upptime", str(upptime_repo), "--issues", str(issues))
    run(*args)
    config = upptime_repo / ".upptimerc.yml"
    config.write_text(config.read_text().replace("name: Website", "name: Public Website"))

    run(*args)

    site = load_site(root)
    (migration,) = site.maintenances
    assert {"website": ComponentStatus.UNDER_MAINTENANCE} == {
        a.id: a.status for a in migration.components
    }
    assert (False, "Website") == (site.component("website").retired, site.component("website").name)
    build_site(root, now=NOW, use_cache=False)
    summary = json.loads((root / "public/api/v2/summary.json").read_text())
    shown = {c["name"]: c["status"] for c in summary["components"]}
    assert "under_maintenance" == shown["Website"]

    issues.write_text(
        json.dumps([ISSUES[0], dict(window, state="CLOSED", closedAt="2026-11-22T12:50:00Z")])
    )
    run(*args)

    site = load_site(root)
    assert site.component("website").retired  # off the page once the window is over
    assert ["website"] == [a.id for a in site.maintenances[0].components]


@pytest.mark.parametrize(
    ("zone", "day", "started", "said"),
    [
        # West of UTC Hugo (Go's time.Date) reads it at the offset after the change
        # (-04:00): 06:30 UTC, 01:30 on New York's clock, as cState's own page shows it.
        ("America/New_York", "2024-03-10", datetime(2024, 3, 10, 6, 30),
         "(from -05:00 to -04:00); read as Hugo reads it, at -04:00, the offset after the "
         "change: the moment the clocks show as 01:30 -05:00"),
        # East of it, at the offset before the change (+01:00): 01:30 UTC, 03:30 in Berlin.
        ("Europe/Berlin", "2027-03-28", datetime(2027, 3, 28, 1, 30),
         "(from +01:00 to +02:00); read as Hugo reads it, at +01:00, the offset before the "
         "change: the moment the clocks show as 03:30 +02:00"),
    ],
)  # fmt: skip
def test_a_cstate_post_timed_in_a_spring_forward_gap_is_read_as_hugo_reads_it_and_listed(
    tmp_path: Path, zone: str, day: str, started: datetime, said: str
) -> None:
    # 02:30 never showed on those nights: the clocks went from 01:59 to 03:00. The import
    # reads it as the moment cState's page shows, and says how, as for a repeated hour.
    post = OPEN_POST.replace("2026-12-05 08:00:00", f"{day} 02:30:00").replace(
        "resolved: false", f"resolved: true\nresolvedWhen: {day} 04:00:00"
    )
    folder = one_post(tmp_path, post, f"timeZone: {zone}\n" + ONE_SYSTEM)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    (incident,) = load_site(root).incidents
    assert started.replace(tzinfo=timezone.utc) == incident.started_at
    notes = [line for line in " ".join(output.split()).split(" - ") if "never shows" in line]
    assert [f"a.md:3: {day} 02:30 never shows in {zone}: the clocks skip it as they go "
            f"forward {said}"] == notes  # fmt: skip


@pytest.mark.parametrize(
    ("zone", "wall", "started", "offsets", "taken"),
    [
        # East of UTC Hugo (Go's time.Date) takes the second 02:30 of Berlin's fall-back
        # night, at +01:00: 01:30 UTC, not 00:30.
        ("Europe/Berlin", "2027-10-31 02:30", datetime(2027, 10, 31, 1, 30), ("+02:00", "+01:00"),
         ("second", "+01:00")),
        # West of it, the first: New York's first 01:30, at -04:00.
        ("America/New_York", "2027-11-07 01:30", datetime(2027, 11, 7, 5, 30),
         ("-04:00", "-05:00"), ("first", "-04:00")),
    ],
)  # fmt: skip
def test_a_cstate_time_the_clocks_show_twice_is_read_as_hugo_reads_it_and_listed(
    tmp_path: Path,
    zone: str,
    wall: str,
    started: datetime,
    offsets: tuple[str, str],
    taken: tuple[str, str],
) -> None:
    post = (
        f"---\ntitle: API down\ndate: {wall}:00\nresolved: true\n"
        f"resolvedWhen: {wall[:10]} 09:00:00\nseverity: down\naffected: [API]\n---\n"
        f'Looking. {{{{< track "{wall}:00" >}}}}\n'
    )
    folder = one_post(tmp_path, post, f"timeZone: {zone}\n" + ONE_SYSTEM)
    root = tmp_path / "site"

    output = run("-C", str(root), "import", "cstate", str(folder))

    (incident,) = load_site(root).incidents
    assert started.replace(tzinfo=timezone.utc) == incident.started_at
    assert started.replace(tzinfo=timezone.utc) == incident.updates[0].at
    said = (
        f"{wall} comes twice in {zone} as the clocks go back (at {offsets[0]}, then at "
        f"{offsets[1]}); read as Hugo reads it, the {taken[0]} time, at {taken[1]}"
    )
    # The post's date and its update's time, each at its line; not resolvedWhen (09:00).
    notes = [line for line in output.splitlines() if "comes twice" in line]
    assert [f"  - a.md:3: {said}", f"  - a.md:9: {said}"] == notes


def test_a_cstate_system_removed_from_the_config_keeps_an_edited_post_as_edited(
    tmp_path: Path,
) -> None:
    config = "params: {systems: [{name: Database}, {name: Mail}, {name: Gateway}]}\n"
    post = """\
---
title: Mail and gateway errors
date: 2025-01-25 06:00:00
resolved: true
resolvedWhen: 2025-01-25 07:00:00
severity: disrupted
affected: [Database, Mail, Gateway]
---
We are looking into the errors.
"""
    folder = one_post(tmp_path, post, config)
    root = tmp_path / "site"
    run("-C", str(root), "import", "cstate", str(folder))
    (written,) = (root / "content/incidents").glob("*.md")
    edited = written.read_text().replace("the errors.", "the errors (typo fixed).")
    written.write_text(edited)
    # Mail is retired in cState's config; the post itself is unchanged.
    (folder / "config.yml").write_text(config.replace("{name: Mail}, ", ""))

    run("-C", str(root), "import", "cstate", str(folder))

    assert edited == written.read_text()
    (incident,) = load_site(root).incidents
    assert ["database", "mail", "gateway"] == [a.id for a in incident.components]
