"""`statusgen status` end to end: files on disk, the command line, what is printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from statusgen.cli import TerminalProgress, cli
from statusgen.render.format import columns

SETTINGS = """\
title: Example Payments
base_url: https://status.example.com/
timezone: Europe/Berlin
history_days: 30
"""

COMPONENTS = """\
- id: core
  name: Core
  components:
    - id: api
      name: Payments API
    - id: web
      name: Dashboard
- id: docs
  name: Documentation
"""

INCIDENT = """\
---
title: Payments API errors
status: identified
components:
  api: partial_outage
---
Some card payments fail.

## Investigating at 2026-11-22 14:05
We are looking into elevated error rates.

## Identified at 2026-11-22 14:31
A bad deploy; we are rolling it back.
"""

MAINTENANCE = """\
---
title: Database upgrade
scheduled_for: 2026-11-29 06:00
scheduled_until: 2026-11-29 08:00
components: [web]
---
## Scheduled at 2026-11-20 10:00
We will upgrade the dashboard's database.
"""


@pytest.fixture
def status_site(tmp_path: Path) -> Path:
    (tmp_path / "statusgen.yaml").write_text(SETTINGS, encoding="utf-8")
    incidents = tmp_path / "content" / "incidents"
    incidents.mkdir(parents=True)
    (tmp_path / "content" / "components.yaml").write_text(COMPONENTS, encoding="utf-8")
    (incidents / "2026-11-22-api-errors.md").write_text(INCIDENT, encoding="utf-8")
    (incidents / "2026-11-29-db-upgrade.md").write_text(MAINTENANCE, encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str, env: dict[str, str] | None = None):
    environment = {"SOURCE_DATE_EPOCH": "", "STATUSGEN_BASE_URL": "", "NO_COLOR": ""}
    environment.update(env or {})
    return CliRunner().invoke(cli, ["-C", str(root), "status", *args], env=environment)


def build(root: Path, now: str) -> None:
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", now, "-q"])
    assert 0 == built.exit_code, built.output


def uptime(root: Path, component: str, now: str) -> float:
    """The component's uptime as `status --json` gives it at `now`."""
    result = run(root, "--json", "--now", now)
    assert 0 == result.exit_code, result.output
    return {c["id"]: c["uptime"] for c in json.loads(result.stdout)["components"]}[component]


def test_json_reports_the_status_at_the_given_moment(status_site):
    result = run(status_site, "--json", "--now", "2026-11-22T18:00:00Z")
    assert 0 == result.exit_code, result.output
    data = json.loads(result.stdout)
    assert "incident" == data["overall"]
    assert ("minor", "Minor Service Outage") == (data["indicator"], data["description"])
    assert "2026-11-22T19:00:00+01:00" == data["now"]
    assert [
        ("api", "core", "partial_outage"),
        ("web", "core", "operational"),
        ("docs", None, "operational"),
    ] == [(c["id"], c["group"], c["status"]) for c in data["components"]]
    assert [
        {
            "slug": "2026-11-22-api-errors",
            "title": "Payments API errors",
            "state": "identified",
            "impact": "major",
            "started_at": "2026-11-22T14:05:00+01:00",
        }
    ] == data["open_incidents"]
    assert [("2026-11-29-db-upgrade", "scheduled")] == [
        (m["slug"], m["state"]) for m in data["maintenance"]
    ]


def test_maintenance_follows_the_clock(status_site):
    result = run(status_site, "--json", "--now", "2026-11-29T06:30:00+01:00")
    assert 0 == result.exit_code, result.output
    data = json.loads(result.stdout)
    assert "under_maintenance" == {c["id"]: c["status"] for c in data["components"]}["web"]
    assert [("2026-11-29-db-upgrade", "in_progress")] == [
        (m["slug"], m["state"]) for m in data["maintenance"]
    ]


def test_source_date_epoch_sets_now(status_site):
    # 2026-11-22T18:00:00Z
    result = run(status_site, "--json", env={"SOURCE_DATE_EPOCH": "1795370400"})
    assert 0 == result.exit_code, result.output
    assert "2026-11-22T19:00:00+01:00" == json.loads(result.stdout)["now"]


@pytest.mark.parametrize("typed", ["now", " Now "])
def test_now_typed_for_now_is_the_clock_it_left_out_reads(status_site, typed):
    # 2026-11-22T18:00:39Z: "now" read as a minute said 19:00:00, 39 seconds early.
    clock = {"SOURCE_DATE_EPOCH": "1795370439"}
    left_out = run(status_site, "--json", env=clock)
    result = run(status_site, "--json", "--now", typed, env=clock)

    assert 0 == result.exit_code, result.output
    assert "2026-11-22T19:00:39+01:00" == json.loads(left_out.stdout)["now"]
    assert json.loads(left_out.stdout) == json.loads(result.stdout)


def test_json_gives_a_time_at_an_offset_of_seconds_in_utc(status_site):
    # Monrovia's clocks ran 44 minutes 30 seconds behind UTC until 1972: RFC 3339 writes
    # no seconds in an offset, and a script's date parser refuses "-00:44:30".
    settings = SETTINGS.replace("Europe/Berlin", "Africa/Monrovia") + "start_date: 1971-05-01\n"
    (status_site / "statusgen.yaml").write_text(settings, encoding="utf-8")

    result = run(status_site, "--json", "--now", "1971-06-10T12:00:00Z")

    assert 0 == result.exit_code, result.output
    assert "1971-06-10T12:00:00+00:00" == json.loads(result.stdout)["now"]


def test_table_is_plain_words_when_not_on_a_terminal(status_site):
    result = run(status_site, "--now", "2026-11-22T18:00:00Z")
    assert 0 == result.exit_code, result.output
    out = result.stdout
    assert out.startswith("Example Payments\nOngoing incident  (Statuspage indicator: minor")
    assert "  Payments API  Partial outage" in out
    assert "Identified, major impact, since 2026-11-22 14:05 CET" in out
    assert "Scheduled, 2026-11-29 06:00 to 08:00 CET, 2026-11-29-db-upgrade" in out
    assert "\033[" not in out


@pytest.mark.parametrize(("term", "coloured"), [("xterm-256color", True), ("dumb", False)])
def test_table_is_coloured_on_a_terminal_unless_it_is_a_dumb_one(
    status_site, monkeypatch, term, coloured
):
    # As on a terminal: Emacs' shell and some CI consoles say TERM=dumb, and show
    # colour codes as the text they are.
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    # color=True: the runner leaves the codes in, whatever the command decided.
    result = CliRunner().invoke(
        cli,
        ["-C", str(status_site), "status", "--now", "2026-11-22T18:00:00Z"],
        env={"SOURCE_DATE_EPOCH": "", "STATUSGEN_BASE_URL": "", "NO_COLOR": "", "TERM": term},
        color=True,
    )
    assert 0 == result.exit_code, result.output
    assert coloured == ("\033[" in result.stdout)


def test_a_dumb_terminal_gets_no_progress_counter(monkeypatch):
    # The counter redraws its line with \r and an escape code a dumb terminal shows as text.
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert TerminalProgress().enabled
    monkeypatch.setenv("TERM", "dumb")
    assert not TerminalProgress().enabled


@pytest.mark.parametrize(("count", "said"), [(1, "1 file"), (2, "2 files")])
def test_the_progress_counter_says_one_file_in_the_singular(capsys, count, said):
    progress = TerminalProgress()
    progress.enabled = True
    progress.started -= TerminalProgress.DELAY  # drawn only after a moment

    progress(count)

    assert f"\rRendering… {said}" == capsys.readouterr().err


def test_times_written_to_the_second_are_shown_to_the_second(status_site):
    # The table names the moments the status goes by: an incident begun at 14:05:30 is not
    # open at 14:05, and the window holds its components from 06:00:20 to 08:00:40.
    incidents = status_site / "content" / "incidents"
    (incidents / "2026-11-22-api-errors.md").write_text(INCIDENT.replace("14:05\n", "14:05:30\n"))
    (incidents / "2026-11-29-db-upgrade.md").write_text(
        MAINTENANCE.replace("06:00", "06:00:20").replace("08:00", "08:00:40")
    )

    result = run(status_site, "--now", "2026-11-22T18:00:00Z")

    assert 0 == result.exit_code, result.output
    assert "Identified, major impact, since 2026-11-22 14:05:30 CET" in result.stdout
    assert "Scheduled, 2026-11-29 06:00:20 to 08:00:40 CET, 2026-11-29-db-upgrade" in result.stdout
    assert "As of 2026-11-22 19:00 CET" in result.stdout  # a whole minute stays one


def test_a_window_across_a_change_of_offset_under_one_zone_name_says_each_end_in_full(
    status_site,
):
    # Moscow's clocks went back from 02:00 MSK (+04:00) to 01:00 MSK (+03:00): said once,
    # the zone would make the window run backwards, "01:20 to 01:10 MSK".
    settings = status_site / "statusgen.yaml"
    settings.write_text(SETTINGS.replace("Europe/Berlin", "Europe/Moscow"))
    incidents = status_site / "content" / "incidents"
    (incidents / "2026-11-22-api-errors.md").unlink()
    (incidents / "2026-11-29-db-upgrade.md").unlink()
    (incidents / "2014-10-26-night-work.md").write_text(
        "---\ntitle: Night work\nscheduled_for: 2014-10-25T21:20Z\n"
        "scheduled_until: 2014-10-25T22:10Z\ncomponents: [web]\n---\n"
        "## Scheduled at 2014-10-20T10:00Z\nPlanned.\n"
    )

    result = run(status_site, "--now", "2014-10-25T12:00:00Z")

    assert 0 == result.exit_code, result.output
    assert (
        "Scheduled, 2014-10-26 01:20 MSK to 2014-10-26 01:10 MSK, 2014-10-26-night-work"
    ) in result.stdout


@pytest.mark.parametrize("now", ["19:05:07", "today 19:05:07", "2026-11-22 19:05:07"])
def test_a_clock_typed_with_seconds_is_kept_to_the_second(status_site, now):
    # A time of day is read on today's date in the site's timezone (Berlin); "today" is
    # 2026-11-22T18:00:00Z here.
    result = run(status_site, "--now", now, env={"SOURCE_DATE_EPOCH": "1795370400"})

    assert 0 == result.exit_code, result.output
    assert "As of 2026-11-22 19:05:07 CET" in result.stdout


def test_an_incident_without_components_reads_no_impact(status_site):
    incident = status_site / "content" / "incidents" / "2026-11-22-api-errors.md"
    incident.write_text(INCIDENT.replace("components:\n  api: partial_outage\n", ""))

    result = run(status_site, "--now", "2026-11-22T18:00:00Z")

    assert 0 == result.exit_code, result.output
    assert "    Identified, no impact, since 2026-11-22 14:05 CET" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--now", "next tuesday"], {}, "cannot read the time 'next tuesday'"),
        (["--now", "13pm"], {}, "is not a time of day"),
        (["--now", "in 99999999h"], {}, "'in 99999999h' is outside the years 1970 to 9998"),
        (["--now", "in 999999999999999999999d"], {}, "is outside the years 1970 to 9998"),
        (["--now", "2026-12-03T10:00+25:00"], {}, "an offset runs from -23:59 to +23:59"),
        ([], {"SOURCE_DATE_EPOCH": "soon"}, "SOURCE_DATE_EPOCH must be a whole number"),
        (
            [],
            {"SOURCE_DATE_EPOCH": "1_796_126_400"},
            "in the digits 0-9, not '1_796_126_400'; set it as `date +%s` prints it",
        ),
        (
            [],
            {"SOURCE_DATE_EPOCH": "99999999999999"},
            "SOURCE_DATE_EPOCH must be in the years 1970 to 9998, not '99999999999999'",
        ),
        ([], {"SOURCE_DATE_EPOCH": "-5"}, "SOURCE_DATE_EPOCH must be in the years 1970 to 9998"),
        (
            ["--now", "10000-01-01T00:00:00Z"],
            {},
            "'10000-01-01T00:00:00Z' is outside the years 1970 to 9998",
        ),
        (["--now", "2026-13-01"], {}, "'2026-13-01' is not a valid date (there is no month 13"),
        (["--now", "2026-13-01"], {}, "; correct the month, e.g. 2026-11-29 14:30"),
        (["--now", "2026-11-01"], {}, "has a date but no time; write e.g. 2026-11-01 14:30"),
    ],
)
def test_a_bad_clock_is_a_usage_error(status_site, args, env, message):
    result = run(status_site, *args, env=env)
    assert 2 == result.exit_code
    assert message in result.stderr


def test_a_broken_site_reports_where_and_exits_1(status_site):
    incident = status_site / "content" / "incidents" / "2026-11-22-api-errors.md"
    incident.write_text(INCIDENT.replace("api: partial_outage", "apii: partial_outage"))
    result = run(status_site, "--now", "2026-11-22T18:00:00Z")
    assert 1 == result.exit_code
    assert "2026-11-22-api-errors.md:" in result.stderr
    assert "apii" in result.stderr
    assert "Traceback" not in result.output


def test_uptime_follows_an_edit_made_after_the_last_build(status_site):
    """`status` takes the uptime history's days from the last build's cache where the
    events they came from are unchanged: an incident edited since must count as it is
    now, the same as on a site that was never built."""
    from statusgen.layout import CACHE_FOLDER

    incident = status_site / "content" / "incidents" / "2026-11-22-api-errors.md"
    resolved = INCIDENT.replace("status: identified", "status: resolved") + (
        "\n## Resolved at 2026-11-22 15:00\nRolled back.\n"
    )
    incident.write_text(resolved, encoding="utf-8")
    build(status_site, "2026-11-25T12:00:00Z")
    at = "2026-11-25T12:30:00Z"

    short = uptime(status_site, "api", at)
    # The same outage, resolved twelve hours later: more downtime on 2026-11-22.
    incident.write_text(resolved.replace("15:00", "23:00"), encoding="utf-8")
    longer = uptime(status_site, "api", at)
    assert longer < short
    import shutil

    shutil.rmtree(status_site / CACHE_FOLDER)
    assert longer == uptime(status_site, "api", at)


OPENED_TODAY = """\
---
title: Database outage
status: investigating
components:
  docs: major_outage
---
## Investigating at 2026-12-01 08:00 +00:00
We found the docs have been failing since Saturday.
"""


def test_uptime_counts_an_incident_dated_back_from_its_start_and_not_once_deleted(status_site):
    """An incident opened today reaches the days before from its `date`: `status` counts
    the downtime there as soon as the date is written, and none once the incident is
    deleted, whatever the last build kept of those days."""
    import shutil

    from statusgen.layout import CACHE_FOLDER

    incident = status_site / "content" / "incidents" / "2026-12-01-database-outage.md"
    incident.write_text(OPENED_TODAY, encoding="utf-8")
    at = "2026-12-01T12:00:00Z"
    build(status_site, at)

    opened_today = uptime(status_site, "docs", at)
    incident.write_text(
        OPENED_TODAY.replace("status:", "date: 2026-11-28 09:00 +00:00\nstatus:"),
        encoding="utf-8",
    )
    dated_back = uptime(status_site, "docs", at)
    assert dated_back < opened_today
    shutil.rmtree(status_site / CACHE_FOLDER)
    assert dated_back == uptime(status_site, "docs", at)

    build(status_site, at)
    incident.unlink()  # a false alarm
    assert 1.0 == uptime(status_site, "docs", at)


def test_columns_line_up_when_every_name_is_shorter_than_its_header(status_site):
    (status_site / "content" / "components.yaml").write_text(
        "- id: api\n  name: API\n- id: web\n  name: Web\n", encoding="utf-8"
    )
    (status_site / "content" / "incidents" / "2026-11-22-api-errors.md").unlink()

    result = run(status_site, "--now", "2026-11-22T18:00:00Z")

    assert 0 == result.exit_code, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Component"))
    rows = [line for line in lines if line.startswith(("API ", "Web "))]
    assert 2 == len(rows), result.stdout
    for row in rows:
        # The status starts under "Status", the uptime is not left of "30-day uptime".
        assert header.index("Status") == row.index("Operational"), result.stdout
        assert header.index("30-day") <= row.index("100.00%"), result.stdout


def test_a_latin_1_terminal_shows_what_it_cannot_print_escaped_and_gets_json_whole(status_site):
    """In a Latin-1 locale an en dash or an emoji in a title ended `status` (and its JSON,
    and `incidents --json`) in a traceback: the text shows them escaped, and JSON is
    written with them as `\\uXXXX`, the same JSON in any encoding."""
    title = "Payments API – 5xx errors 😱 café"
    path = status_site / "content" / "incidents" / "2026-11-22-api-errors.md"
    path.write_text(INCIDENT.replace("Payments API errors", title), encoding="utf-8")
    latin_1 = CliRunner(charset="latin-1")
    now = ["--now", "2026-11-22T18:00:00Z"]
    environment = {"SOURCE_DATE_EPOCH": "", "STATUSGEN_BASE_URL": "", "NO_COLOR": ""}

    def invoke(*args: str):
        return latin_1.invoke(cli, ["-C", str(status_site), *args], env=environment)

    table = invoke("status", *now)
    as_json = invoke("status", "--json", *now)
    listed = invoke("incidents", "--json", *now)

    assert 0 == table.exit_code, table.output
    assert "Payments API \\u2013 5xx errors \\U0001f631 café" in table.stdout
    for result in (as_json, listed):
        assert 0 == result.exit_code, result.output
        assert result.stdout_bytes.isascii()
    assert [title] == [i["title"] for i in json.loads(as_json.stdout)["open_incidents"]]
    assert [title] == [e["title"] for e in json.loads(listed.stdout) if e["kind"] == "incident"]


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_the_status_column_lines_up_when_a_name_is_written_escaped(status_site, encoding):
    """A name the output encoding cannot hold is written as backslash escapes (latin-1):
    its row's Status column was placed as if the name were drawn as typed, ten columns
    early for `\\U0001f680` alone. An ASCII stream is written UTF-8 (Click's reading of a
    misconfigured locale): there the name comes as typed, its column as it was."""
    name = "Payments API \U0001f680 \u0648\u0627\u062c\u0647\u0629 \u6c7a\u6e08"
    path = status_site / "content" / "components.yaml"
    path.write_text(COMPONENTS.replace("Payments API", name), encoding="utf-8")
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    for unset in ("SOURCE_DATE_EPOCH", "STATUSGEN_BASE_URL"):
        environment.pop(unset, None)
    command = [sys.executable, "-m", "statusgen", "-C", str(status_site), "status"]
    done = subprocess.run(
        [*command, "--now", "2026-12-01T00:00:00Z"], env=environment, capture_output=True
    )

    assert 0 == done.returncode, done.stderr
    header, *rows = done.stdout.decode("utf-8").split("\n\n")[1].splitlines()
    [named] = [row for row in rows if row.startswith("  Payments API")]
    escaped = "  Payments API \\U0001f680 \\u0648"
    assert named.startswith(escaped if encoding == "latin-1" else f"  {name}  "), named
    # Every row's status starts on screen right under "Status" (an emoji or a CJK
    # character drawn two columns wide, as terminals draw them).
    at = columns(header[: header.index("Status")])
    starts = [re.match(r" *\S.*?  +(?=\S)", row) for row in rows]
    assert [(row, at) for row in rows] == [
        (row, columns(row[: m.end()]) if m else -1) for row, m in zip(rows, starts, strict=True)
    ]


def _blip_site(root: Path, history_days: int, start: str, end: str) -> Path:
    """A site with one component and one major outage from `start` to `end` (UTC)."""
    (root / "statusgen.yaml").write_text(
        "title: T\nbase_url: https://s.example.com/\ntimezone: UTC\ninput_timezone: UTC\n"
        f"start_date: 2016-01-01\nhistory_days: {history_days}\n",
        encoding="utf-8",
    )
    incidents = root / "content" / "incidents"
    incidents.mkdir(parents=True)
    (root / "content" / "components.yaml").write_text("- id: api\n  name: API\n", "utf-8")
    (incidents / "blip.md").write_text(
        "---\ntitle: API blip\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        f"## Investigating at {start}\nRequests failing.\n\n## Resolved at {end}\nBack.\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("history_days", "start", "end"),
    [
        (90, "2026-12-01 01:00:00", "2026-12-01 01:00:03"),  # 3 s in 90 days: 0.9999996
        (3650, "2026-12-01T01:00:00.000Z", "2026-12-01T01:00:00.010Z"),  # 10 ms in 10 years
    ],
)
def test_any_downtime_reads_below_100_percent_on_the_page_in_the_table_and_the_json(
    tmp_path, history_days, start, end
):
    """An outage too short to move the figure by a rounding step still shows: the page and
    the table say 99.99%, the JSON an uptime below 1.0, as the docs promise ("rounded
    down")."""
    root = _blip_site(tmp_path, history_days, start, end)
    at = "2026-12-02T10:00:00Z"
    build(root, at)
    front = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "<strong>99.99%</strong> uptime over" in front
    assert "<strong>100.00%</strong>" not in front
    table = run(root, "--now", at)
    assert 0 == table.exit_code, table.output
    assert "99.99%" in table.output.splitlines()[5]
    assert 0.999999 == uptime(root, "api", at)
