"""`statusgen check` end to end: output formats, paths and exit codes."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from sitefiles import (
    BUILD_NOW,
    COMPONENTS,
    INCIDENT,
    INCIDENT_PATH,
    INIT_NOW,
    SETTINGS,
    init_site,
    run_build,
    statusgen_refused_writes,
    write_site,
)

import statusgen
from statusgen.cli import cli

BAD = "content/incidents/2026-11-21-bad.md"
BAD_TEXT = (
    "---\n"
    "title: Errors\n"
    "status: investigating\n"
    "components: [api, chekout]\n"
    "---\n"
    "## Investigating at 2026-11-20\n"
)


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), "check", *args], env=env)
    # A user mistake must never surface as an exception: only a clean exit.
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_clean_site_text(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path))
    assert (0, "No problems found: 3 components, 1 incident, 0 maintenance windows.\n") == (
        code,
        output,
    )


def test_a_site_with_only_warnings_is_not_said_to_have_no_problems(tmp_path: Path) -> None:
    """The summary comes right under "1 warning in 1 file": "No problems found" there
    contradicted the warning above it."""
    title = 'title: "Example Status (bridge: https://acme.zoom.us/j/8?pwd=abc)"'
    root = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS.replace("title: Example Status", title)}
    )

    code, output = run(root)

    assert (
        0,
        "1 warning in 1 file",
        "No errors found: 3 components, 1 incident, 0 maintenance windows.",
    ) == (code, *output.splitlines()[-2:]), output
    assert "No problems found" not in output


@pytest.mark.parametrize(("fmt", "expected"), [("github", ""), ("json", "[]\n")])
def test_clean_site_machine_formats(tmp_path: Path, fmt: str, expected: str) -> None:
    assert (0, expected) == run(write_site(tmp_path), "--format", fmt)


def test_problems_as_text(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {BAD: BAD_TEXT}))
    assert 1 == code
    assert [
        f"{BAD}:4:19: unknown component 'chekout'",
        "    hint: did you mean 'checkout'? known components: api, checkout, dashboard",
        f"{BAD}:6:1: '2026-11-20' has a date but no time of day",
        "    hint: write it as '## Investigating at 2026-11-20 HH:MM'",
        "2 problems in 1 file",
    ] == output.splitlines()


@pytest.mark.parametrize(
    ("heading", "problem", "hint"),
    [
        (
            "## Identified at 2026-12-05 9:30 CET",
            "cannot read the time '2026-12-05 9:30 CET': its zone is written 'CET', not as an "
            "offset",
            "write it as '## Identified at 2026-12-05 09:30 +01:00'",
        ),
        (
            "## Identified at 2026-07-05 09:30 CEST",
            "cannot read the time '2026-07-05 09:30 CEST': its zone is written 'CEST', not as "
            "an offset",
            "write it as '## Identified at 2026-07-05 09:30 +02:00'",
        ),
        (
            # Not the site's zone that day: the time is kept, the offset left to the author.
            "## Identified at 2026-12-05 09:30 PST",
            "cannot read the time '2026-12-05 09:30 PST': its zone is written 'PST', not as "
            "an offset",
            "write it as '## Identified at 2026-12-05 09:30 +HH:MM'; 'PST' is not "
            "Europe/Berlin's zone on 2026-12-05: put its offset from UTC in place of +HH:MM",
        ),
        (
            "## Identified @ 2026-12-05 09:30",
            "update heading '## Identified @ 2026-12-05 09:30' needs ' at ' between the state "
            "and the time",
            "write it as '## Identified at 2026-12-05 09:30'",
        ),
    ],
)
def test_an_unreadable_heading_time_is_hinted_as_its_own_time(
    tmp_path: Path, heading: str, problem: str, hint: str
) -> None:
    text = f"---\ntitle: Errors\nstatus: identified\n---\n{heading}\nA bad deploy.\n"

    code, output = run(write_site(tmp_path, {BAD: text}))

    assert 1 == code
    assert [f"{BAD}:5:1: {problem}", f"    hint: {hint}"] == output.splitlines()[:2]


@pytest.mark.parametrize(
    "heading",
    [
        "## Identified @ 2026-11-20 09:30",
        "## Identified (2026-11-20 09:30)",
        "## Identified [2026-11-20 09:30 CET]",
        "## Identified #2 2026-11-20 09:30",
        "## Identified (#2) 2026-11-20 09:30:15 +02:00",
        "## Identified -- 2026-11-20T09:30Z",
        "## Identified @ 2026-11-20 09:30 ok)",
        "## Identified @ 09:30 2026-11-20",
        "## Identified 2026-11-20 09:30",
        # With a place left for the author: the date's time, the zone's offset.
        "## Identified (2026-11-20)",
        "## Identified #2 2026-11-20 09:30 EST",
        # No time in it reads: the state is kept, the time is an example's.
        "## Identified 2026-02-30 09:30",
        "## Identified 5 minutes later",
    ],
)
def test_a_heading_missing_its_at_is_hinted_as_one_that_reads(tmp_path: Path, heading: str) -> None:
    # An author who writes the hint back, filling in any place it leaves, is done.
    text = (
        "---\ntitle: Errors\nstatus: identified\n---\n"
        f"## Investigating at 2026-11-20 08:00\nLooking.\n\n{heading}\nA bad deploy.\n"
    )
    root = write_site(tmp_path, {BAD: text})
    code, output = run(root)
    assert 1 == code
    assert "needs ' at ' between the state and the time" in output.splitlines()[0]
    hinted = output.splitlines()[1].split("write it as '", 1)[1].split("'", 1)[0]
    filled = hinted.replace("+HH:MM", "-05:00").replace("HH:MM", "09:30")
    (root / BAD).write_text(text.replace(heading, filled), encoding="utf-8")

    assert (0, "No problems found: 3 components, 2 incidents, 0 maintenance windows.\n") == run(
        root
    )


def test_a_time_copied_from_a_status_page_is_offered_back_as_statusgen_writes_it(
    tmp_path: Path,
) -> None:
    """History copied from a Statuspage page ("Mar 2, 2026 - 16:00 UTC") or written on a
    12-hour clock: the hint is that very moment, and written as hinted, it reads."""
    text = (
        "---\ntitle: Errors\nstatus: resolved\nresolved_at: 2026-03-02 5pm\n---\n"
        "## Investigating at 2026-03-02 14:00 UTC\nLooking.\n\n"
        "## Resolved - Mar 2, 2026 - 16:00 UTC\nFixed.\n"
    )
    root = write_site(tmp_path, {BAD: text})

    code, output = run(root)
    (root / BAD).write_text(
        text.replace("2026-03-02 5pm", "2026-03-02 17:00").replace(
            "## Resolved - Mar 2, 2026 - 16:00 UTC", "## Resolved at 2026-03-02 16:00 +00:00"
        ),
        encoding="utf-8",
    )

    assert 1 == code
    assert (
        f"{BAD}:4:14: resolved_at: cannot read the time '2026-03-02 5pm'\n"
        "    hint: write it as '2026-03-02 17:00'\n"
    ) in output
    assert (
        f"{BAD}:9:1: cannot read the time 'Mar 2, 2026 - 16:00 UTC'\n"
        "    hint: write it as '## Resolved at 2026-03-02 16:00 +00:00'\n"
    ) in output
    assert (0, "No problems found: 3 components, 2 incidents, 0 maintenance windows.\n") == run(
        root
    )


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("Nov 20, 2026 - 3:02 PM UTC", "2026-11-20 15:02 +00:00"),
        ("Nov 20, 2026 - 3:02PM UTC", "2026-11-20 15:02 +00:00"),
        ("Nov 20, 2026 - 03:02 PM UTC", "2026-11-20 15:02 +00:00"),
        ("Nov 20, 2026 - 3:02 PM", "2026-11-20 15:02"),
        ("November 20, 2026 - 3 PM UTC", "2026-11-20 15:00 +00:00"),
        ("Nov 20, 2026 - 3:02 pm UTC", "2026-11-20 15:02 +00:00"),
    ],
)
def test_a_statuspage_heading_on_a_12_hour_clock_is_offered_back_in_any_case(
    tmp_path: Path, written: str, fixed: str
) -> None:
    # Statuspage writes "PM"; it was a traceback where "pm" was a hint.
    text = f"---\ntitle: Errors\nstatus: identified\n---\n## Investigating - {written}\nLooking.\n"
    root = write_site(tmp_path, {BAD: text})

    assert (
        1,
        f"{BAD}:5:1: cannot read the time '{written}'\n"
        f"    hint: write it as '## Investigating at {fixed}'\n"
        "1 problem in 1 file\n",
    ) == run(root)


@pytest.mark.parametrize(
    ("heading", "meant"),
    [
        ("## Identified (2026-11-20 8:10 pm)", "20:10"),
        ("## Identified 2026-11-20 8:10 PM", "20:10"),
        ("## Identified at 2026-11-20 8:10 p.m.", "20:10"),
        ("## Identified (2026-11-20 18:10 UTC+2)", "18:10 +02:00"),
        ("## Identified #2 2026-11-20 18:10 GMT-5", "18:10 -05:00"),
        ("## Identified @ 2026-11-20 18:10 +1:00", "18:10 +01:00"),
        ("## Identified at 2026-11-20 18:10 UTC+2", "18:10 +02:00"),
    ],
)
def test_a_heading_hint_never_drops_what_may_change_the_moment(
    tmp_path: Path, heading: str, meant: str
) -> None:
    # Left out, "pm" or "UTC+2" makes the hint another moment (12 h, 2 h off), which
    # would then pass: the hint leaves a place for it instead, and filled in, it reads.
    text = (
        "---\ntitle: Errors\nstatus: identified\n---\n"
        f"## Investigating at 2026-11-20 08:00\nLooking.\n\n{heading}\nA bad deploy.\n"
    )
    root = write_site(tmp_path, {BAD: text})
    code, output = run(root)
    hinted = output.splitlines()[1].split("write it as '", 1)[1].split("'", 1)[0]

    (root / BAD).write_text(text.replace(heading, hinted), encoding="utf-8")
    as_hinted = run(root)
    place = "+HH:MM" if "+" in meant or "-" in meant else "HH:MM"
    filled = hinted.replace(place, meant.split()[-1] if place == "+HH:MM" else meant)
    (root / BAD).write_text(text.replace(heading, filled), encoding="utf-8")

    assert (1, f"## Identified at 2026-11-20 {meant}") == (code, filled)
    assert (1, f"{BAD}:8:1: cannot read the time") == (
        as_hinted[0],
        as_hinted[1].split(" '", 1)[0],
    )
    assert (0, "No problems found: 3 components, 2 incidents, 0 maintenance windows.\n") == run(
        root
    )


@pytest.mark.parametrize(
    "heading",
    [
        "## Identified at 2026-11-20 18:10 - 2 servers down",
        "## Identified @ 2026-11-20 18:10 - 2 servers down",
    ],
)
def test_a_note_after_a_heading_time_is_kept_in_the_hint(tmp_path: Path, heading: str) -> None:
    # "- 2" is no offset: the hint keeps the time as written and says where the note goes.
    text = (
        "---\ntitle: Errors\nstatus: identified\n---\n"
        f"## Investigating at 2026-11-20 08:00\nLooking.\n\n{heading}\nA bad deploy.\n"
    )
    root = write_site(tmp_path, {BAD: text})

    code, output = run(root)
    fixed = text.replace(heading, "## Identified at 2026-11-20 18:10\n- 2 servers down")
    (root / BAD).write_text(fixed, encoding="utf-8")

    assert 1 == code
    assert (
        "    hint: write it as '## Identified at 2026-11-20 18:10'; "
        "put '- 2 servers down' in the message below"
    ) == output.splitlines()[1]
    assert (0, "No problems found: 3 components, 2 incidents, 0 maintenance windows.\n") == run(
        root
    )


@pytest.mark.parametrize(
    ("offset", "sign"),
    [
        ("\u221201:00", "a MINUS SIGN (U+2212), not '-'"),  # as Wikipedia writes offsets
        ("\u201301:00", "an EN DASH (U+2013), not '-'"),
        ("\u22120100", "a MINUS SIGN (U+2212), not '-'"),
        ("\uff0b01:00", "a FULLWIDTH PLUS SIGN (U+FF0B), not '+'"),
    ],
)
@pytest.mark.parametrize("where", ["heading", "date"])
def test_an_offset_with_a_sign_that_only_looks_right_is_kept_in_the_hint(
    tmp_path: Path, offset: str, sign: str, where: str
) -> None:
    """Left out, the time would be read in the site's zone: an hour or more away."""
    meant = offset.translate({0x2212: "-", 0x2013: "-", 0xFF0B: "+"})
    time = f"2026-11-20 18:10 {offset}"
    date = f"date: {time}\n" if where == "date" else ""
    heading = (
        f"## Identified at {time}" if where == "heading" else "## Identified at 2026-11-20 18:10"
    )
    text = (
        f"---\ntitle: Errors\nstatus: identified\n{date}---\n"
        f"## Investigating at 2026-11-20 08:00\nLooking.\n\n{heading}\nA bad deploy.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    fixed = f"2026-11-20 18:10 {meant}"
    said, hint = output.splitlines()[:2]
    assert 1 == code
    assert f"cannot read the time '{time}': its offset's sign is {sign}" in said
    assert hint == (
        f"    hint: write it as '## Identified at {fixed}'"
        if where == "heading"
        else f"    hint: write it as '{fixed}'"
    )


def test_a_time_written_in_gmt_is_utc_in_summer_too(tmp_path: Path) -> None:
    # London's summer time is BST, +01:00: GMT is UTC's other name, as `UTC` is accepted.
    settings = SETTINGS.replace("Europe/Berlin", "Europe/London")
    text = (
        "---\ntitle: Errors\nstatus: identified\ncomponents:\n  api: major_outage\n---\n"
        "## Identified at 2026-07-05 09:30 GMT\nA bad deploy.\n"
    )
    root = write_site(tmp_path, {"statusgen.yaml": settings, BAD: text})

    assert (0, "No problems found: 3 components, 2 incidents, 0 maintenance windows.\n") == run(
        root
    )
    listed = CliRunner().invoke(cli, ["-C", str(root), "incidents", "--json", "--now", BUILD_NOW])
    [started] = [row["started_at"] for row in json.loads(listed.output) if row["path"] == BAD]
    assert "2026-07-05T10:30:00+01:00" == started


# Line breaks to YAML 1.1 (the parser's), text within a line to editors and YAML 1.2.
YAML_11_BREAKS = ["\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", YAML_11_BREAKS)
def test_a_title_holding_a_yaml_11_line_break_keeps_the_lines_after_it(
    tmp_path: Path, brk: str
) -> None:
    text = BAD_TEXT.replace("title: Errors", f"title: Errors{brk}at checkout")

    code, output = run(write_site(tmp_path, {BAD: text}))

    # The problems test_problems_as_text finds, at the same lines and columns, after the
    # warning that the title runs over two lines, where the break is.
    assert 1 == code
    assert [
        f"{BAD}:2:14: warning: the title is on more than one line, which is published as it is",
        f"{BAD}:4:19: unknown component 'chekout'",
        f"{BAD}:6:1: '2026-11-20' has",
    ] == [line.split(" a date")[0] for line in output.splitlines()[:5:2]]


@pytest.mark.parametrize("brk", YAML_11_BREAKS)
def test_a_yaml_11_line_break_in_a_title_or_message_is_published_as_written(
    tmp_path: Path, brk: str
) -> None:
    incident = INCIDENT.replace("title: Checkout errors", f"title: Checkout{brk}errors")
    incident = incident.replace("All good again.", f"All good{brk}again.")
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    result = run_build(root)

    assert 0 == result.exit_code, result.output
    api = json.loads((root / "public/api/v2/incidents.json").read_text(encoding="utf-8"))
    (published,) = api["incidents"]
    assert f"Checkout{brk}errors" == published["name"]
    assert f"All good{brk}again." in [u["body"] for u in published["incident_updates"]]


def test_a_c1_control_character_is_refused_where_it_is_written_after_any_text(
    tmp_path: Path,
) -> None:
    # U+0091 is what a Windows curly quote becomes when its bytes are read as Latin-1.
    components = '- id: api\n  name: "Größe äöü Ω日本 \x91x"\n'
    incident = INCIDENT.replace("title: Checkout errors", 'title: "日本語日本語 C1\x91z"')
    settings = SETTINGS.replace("title: Example Status", "title: Ünïcode \x9b status")
    files = {"content/components.yaml": components, INCIDENT_PATH: incident}
    root = write_site(tmp_path, {**files, "statusgen.yaml": settings})

    code, output = run(root)

    assert 1 == code
    control = "(a control character) is not allowed"
    assert [
        f"content/components.yaml:2:24: character U+0091 {control}",
        f"{INCIDENT_PATH}:2:18: character U+0091 {control}",
        f"statusgen.yaml:1:16: character U+009B {control}",
    ] == sorted(line for line in output.splitlines() if "U+00" in line)
    assert 3 == output.count("hint: remove it"), output


def test_characters_past_a_screenful_are_counted_in_the_summary(tmp_path: Path) -> None:
    # One per line, 30 of them: twenty are told, the rest in one line, all counted.
    notes = "".join(f"# step {n}\x91 done\n" for n in range(30))
    root = write_site(tmp_path, {"content/components.yaml": notes + "- id: api\n  name: API\n"})

    code, output = run(root)

    assert 1 == code
    assert "and 10 more characters that are not allowed, from here on" in output, output
    assert "30 problems in 1 file" in output, output


def test_the_summary_of_characters_left_out_comes_after_every_one_listed(
    tmp_path: Path,
) -> None:
    # Four on each of 25 lines: three a line are listed up to twenty. The summary sat at
    # the fourth of the first line, "from here on", with lines 9 to 14 listed after it.
    notes = "".join(f"# bad \x01 \x02 \x03 \x04 {n}\n" for n in range(25))
    root = write_site(tmp_path, {"content/components.yaml": notes + "- id: api\n  name: API\n"})

    code, output = run(root)

    assert 1 == code
    told = [line for line in output.splitlines() if line.startswith("content/")]
    assert 21 == len(told), output
    assert told[-1] == (
        "content/components.yaml:7:11: and 80 more characters that are not allowed: "
        "6 past the first 3 of a line above, 74 from here on"
    ), output
    assert "100 problems in 1 file" in output, output


def test_a_control_character_pasted_into_an_incident_hides_none_of_its_other_problems(
    tmp_path: Path,
) -> None:
    # A raw ESC from an alert in the body, and one written as a YAML escape in the title:
    # the file was refused at the first one, its other mistakes told only once removed.
    incident = (
        "---\n"
        'title: "Disk alert \\x1b[31mCRITICAL"\n'
        "status: resolvd\n"
        "components: {chekout: major_outage}\n"
        "---\n"
        "## Investigating at 2026-11-20 09:00\n"
        "Alert text: \x1b[0m reset.\n"
        "\n"
        "## Identifed at 2026-11-20 10:00\n"
        "More.\n"
    )
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    code, output = run(root)

    assert 1 == code
    control = "character U+001B (a control character) is not allowed"
    assert [
        f"{INCIDENT_PATH}:2:8: {control}",
        f"{INCIDENT_PATH}:3:9: invalid status 'resolvd'",
        f"{INCIDENT_PATH}:4:14: unknown component 'chekout'",
        f"{INCIDENT_PATH}:7:13: {control}",
        f"{INCIDENT_PATH}:9:1: unknown incident state 'Identifed'",
    ] == [line for line in output.splitlines() if line.startswith("content/")], output
    # Still an error: the build refuses the file rather than publish the character.
    result = run_build(root)
    assert 1 == result.exit_code, result.output
    assert not (root / "public/api/v2/incidents.json").exists()


@pytest.mark.parametrize(
    ("incident", "told"),
    [
        (
            # At a key's start: no indent under `title:` ("mapping values are not allowed").
            "---\ntitle: Disk\n\x1bstatus: resolvd\ncomponents: {api: major_outage}\n---\n"
            "## Investigating at 2026-11-20 09:00\nDown.\n",
            ["3:1: {control}", "3:10: invalid status 'resolvd'"],
        ),
        (
            # Before the closing fence: the fence is still one (it was quoted as ' ---').
            "---\ntitle: Disk\nstatus: resolvd\ncomponents: {api: major_outage}\n\x1b---\n"
            "## Investigating at 2026-11-20 09:00\nDown.\n",
            ["3:9: invalid status 'resolvd'", "5:1: {control}"],
        ),
        (
            # In an indent, among spaces and a tab: the tab still told where it is.
            "---\ntitle: Disk\n \x1b\tstatus: resolved\n---\n"
            "## Investigating at 2026-11-20 09:00\nDown.\n",
            ["3:2: {control}", "3:3: invalid YAML: a tab character here"],
        ),
    ],
    ids=["key", "fence", "indent"],
)
def test_a_control_character_in_a_lines_indent_is_told_alone_at_its_place(
    tmp_path: Path, incident: str, told: list[str]
) -> None:
    """Stood in by a space, a character before a line's text read as more indent, and gave
    a second, misleading YAML error; each other problem is told at its column as written."""
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    code, output = run(root)

    assert 1 == code
    control = "character U+001B (a control character) is not allowed"
    said = [line for line in output.splitlines() if line.startswith("content/")]
    assert [f"{INCIDENT_PATH}:{t.format(control=control)}" for t in told] == [
        line.split("; ")[0] for line in said
    ], output


def test_a_file_name_beyond_ascii_is_written_as_text_under_a_strict_c_locale(
    tmp_path: Path,
) -> None:
    # Without UTF-8 mode Python holds each byte of "Ü" as a lone surrogate: the JSON path
    # was "\\udcc3\\udc9cn…", a name no reader of it can open, and GitHub's was "??n??".
    write_site(tmp_path / "Ünï site", {BAD: BAD_TEXT})
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env["PYTHONCOERCECLOCALE"] = "0"

    def check(output_format: str) -> str:
        command = [sys.executable, "-m", "statusgen", "-C", "Ünï site", "check"]
        done = subprocess.run(
            [*command, "--format", output_format],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=60,
        )
        assert 1 == done.returncode, done.stderr
        return done.stdout.decode("utf-8")

    paths = {item["path"] for item in json.loads(check("json"))}
    assert {f"Ünï site/{BAD}"} == paths
    assert f"::error file=Ünï site/{BAD}," in check("github")
    assert f"Ünï site/{BAD}:" in check("text")


@pytest.mark.parametrize("encoding", [None, "latin-1"])
def test_a_latin_1_file_name_is_quoted_in_the_message_as_its_path_shows_it(
    tmp_path: Path, encoding: str | None
) -> None:
    # The path became U+FFFD, but the message quoting the name kept the raw byte 0xE9:
    # JSON that is not UTF-8 (under UTF-8), or a lone "\udce9" (under Latin-1).
    root = write_site(tmp_path, {})
    (root / "content" / "incidents").mkdir(exist_ok=True)
    name = os.fsencode(root / "content" / "incidents") + b"/2026-11-30-caf\xe9.md"
    with open(name, "wb") as file:
        file.write(INCIDENT.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding

    def check(output_format: str) -> str:
        command = [sys.executable, "-m", "statusgen", "check", "--format", output_format]
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=60)
        assert 1 == done.returncode, done.stderr
        return done.stdout.decode("utf-8")  # strict: a raw 0xE9 fails here

    [told] = [d for d in json.loads(check("json")) if "file name" in d["message"]]
    assert "content/incidents/2026-11-30-caf\ufffd.md" == told["path"]
    assert told["message"].startswith("file name '2026-11-30-caf\ufffd' cannot be used"), told
    github = check("github")
    assert "\\udce9" not in github
    assert "::file name '2026-11-30-caf" in github


def test_a_component_named_as_the_page_shows_it_gets_its_id_suggested(tmp_path: Path) -> None:
    # `API:` is what the page shows; its id is `api`. An open incident may not name a
    # retired component either, so retiring is no advice for it.
    typed = BAD_TEXT.replace("components: [api, chekout]", "components:\n  API: major_outage")
    code, output = run(write_site(tmp_path, {BAD: typed}))

    assert 1 == code
    assert (
        f"{BAD}:5:3: unknown component 'API'\n"
        "    hint: did you mean 'api'? known components: api, checkout, dashboard\n"
    ) in output


def test_a_component_of_a_group_inside_a_group_is_told_of_the_nesting(tmp_path: Path) -> None:
    """An incident naming a component of a refused nested group is pointed at the nesting,
    and the inner group is never offered as a component."""
    nested = (
        "- id: platform\n"
        "  name: Platform\n"
        "  components:\n"
        "    - id: api\n"
        "      name: API\n"
        "    - id: storage\n"
        "      name: Storage\n"
        "      components: [{id: s3, name: S3}]\n"
    )
    typed = BAD_TEXT.replace("components: [api, chekout]", "components: [s3, storage, xyz]")
    code, output = run(write_site(tmp_path, {"content/components.yaml": nested, BAD: typed}))

    fix = (
        "groups do not nest (content/components.yaml:8): move 'storage' to the top level of"
        " the file, or list its components in 'platform' without it"
    )
    assert 1 == code
    assert "content/components.yaml:8:7: a group cannot contain another group\n" in output
    assert (
        f"{BAD}:4:14: unknown component 's3'\n"
        f"    hint: 's3' is inside group 'storage', which is inside 'platform': {fix}\n"
        f"{BAD}:4:18: unknown component 'storage'\n"
        f"    hint: 'storage' is a group inside group 'platform': {fix}\n"
        f"{BAD}:4:27: unknown component 'xyz'\n"
        "    hint: known components: api\n"
    ) in output


def test_a_component_renamed_on_the_page_is_suggested_by_its_new_name(tmp_path: Path) -> None:
    # The hint is worked out from the components' names: a saved check of the incident
    # file must not answer with the names as they were.
    typed = BAD_TEXT.replace("components: [api, chekout]", "components:\n  Payments: major_outage")
    root = write_site(tmp_path, {BAD: typed})
    assert "did you mean" not in run(root)[1]

    renamed = COMPONENTS.replace("name: Checkout", "name: Payments")
    (root / "content" / "components.yaml").write_text(renamed, encoding="utf-8")

    assert "hint: did you mean 'checkout'?" in run(root)[1]


def test_a_past_incident_naming_a_removed_component_is_told_to_retire_it(
    tmp_path: Path,
) -> None:
    gone = INCIDENT.replace("checkout: partial_outage", "ledger: partial_outage")
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: gone}))

    assert 1 == code
    assert (
        f"{INCIDENT_PATH}:5:3: unknown component 'ledger'\n"
        "    hint: known components: api, checkout, dashboard; if 'ledger' was removed from"
        " content/components.yaml, put its entry back with 'retired: true', so that past"
        " incidents can still name it\n"
    ) in output


def test_a_word_for_reopening_gets_investigating_not_resolved(tmp_path: Path) -> None:
    # `reopened` is closest to `resolved` by its letters, the opposite of what it means.
    words = (
        "---\n"
        "title: Errors\n"
        "status: reopened\n"
        "components: [api]\n"
        "---\n"
        "## Investigating at 2026-11-20 14:05\n"
        "Looking.\n"
        "\n"
        "## Reopened at 2026-11-20 15:12\n"
        "Back.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: words}))
    assert 1 == code
    assert f"{BAD}:3:9: invalid status 'reopened'" in output
    assert "    hint: did you mean 'investigating'? status is one of:" in output
    assert f"{BAD}:9:1: unknown incident state 'Reopened'" in output
    assert "    hint: did you mean 'Investigating'? incident updates are one of:" in output


def test_everyday_words_for_a_value_get_the_name_they_mean(tmp_path: Path) -> None:
    # `down` or `fixed` is nowhere near its name by spelling; check answers them as the
    # authoring commands do.
    words = (
        "---\n"
        "title: Errors\n"
        "status: fixed\n"
        "impact: high\n"
        "components:\n"
        "  api: down\n"
        "---\n"
        "## Investigating at 2026-11-20 14:05\n"
        "Components: checkout=slow\n"
        "Looking.\n"
        "\n"
        "## Done at 2026-11-20 15:12\n"
        "Fixed.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: words}))
    assert 1 == code
    assert [
        f"{BAD}:3:9: invalid status 'fixed'",
        "    hint: did you mean 'resolved'? status is one of: investigating, identified, "
        "monitoring, resolved, postmortem",
        f"{BAD}:4:9: invalid impact 'high'",
        "    hint: did you mean 'major'? impact is one of: none, minor, major, critical",
        f"{BAD}:6:8: invalid status 'down' for component 'api'",
        "    hint: did you mean 'major_outage'? a component status is one of: operational, "
        "degraded_performance, partial_outage, major_outage, under_maintenance",
        f"{BAD}:9:13: invalid status 'slow' for component 'checkout'",
        "    hint: did you mean 'degraded_performance'? a component status is one of: "
        "operational, degraded_performance, partial_outage, major_outage, under_maintenance",
        f"{BAD}:12:1: unknown incident state 'Done'",
        "    hint: did you mean 'Resolved'? incident updates are one of: investigating, "
        "identified, monitoring, resolved, postmortem",
        "5 problems in 1 file",
    ] == output.splitlines()


def test_a_typo_of_an_everyday_word_for_a_value_gets_the_name_it_means(tmp_path: Path) -> None:
    words = "---\ntitle: Errors\nstatus: investigating\nimpact: hihg\n---\n"
    words += "## Investigating at 2026-11-20 14:05\nLooking.\n"
    code, output = run(write_site(tmp_path, {BAD: words}))
    assert 1 == code
    assert [
        f"{BAD}:4:9: invalid impact 'hihg'",
        "    hint: did you mean 'major'? impact is one of: none, minor, major, critical",
        "1 problem in 1 file",
    ] == output.splitlines()


def test_a_typo_as_near_to_words_for_different_values_gets_no_guess(tmp_path: Path) -> None:
    # sev1, sev2 and sev3 mean three impacts: `sev4` is as near to each.
    words = "---\ntitle: Errors\nstatus: investigating\nimpact: sev4\n---\n"
    words += "## Investigating at 2026-11-20 14:05\nLooking.\n"
    code, output = run(write_site(tmp_path, {BAD: words}))
    assert 1 == code
    assert [
        f"{BAD}:4:9: invalid impact 'sev4'",
        "    hint: impact is one of: none, minor, major, critical",
        "1 problem in 1 file",
    ] == output.splitlines()


def test_problems_as_github_annotations(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {BAD: BAD_TEXT}), "--format", "github")
    assert 1 == code
    assert [
        f"::error file={BAD},line=4,col=19,title=statusgen::unknown component 'chekout'"
        "%0Ahint: did you mean 'checkout'? known components: api, checkout, dashboard",
        f"::error file={BAD},line=6,col=1,title=statusgen::'2026-11-20' has a date but no time "
        "of day%0Ahint: write it as '## Investigating at 2026-11-20 HH:MM'",
    ] == output.splitlines()


def test_json_quoting_what_the_terminal_cannot_show_is_written_whole(tmp_path: Path) -> None:
    """A Latin-1 locale cannot hold an en dash or an emoji a problem quotes: the JSON
    has them as `\\uXXXX`, the same JSON in any encoding, never a traceback."""
    bad = BAD_TEXT.replace("chekout", "chekout–😱")
    site = write_site(tmp_path, {BAD: bad})

    result = CliRunner(charset="latin-1").invoke(
        cli, ["-C", str(site), "check", "--format", "json"]
    )

    assert 1 == result.exit_code, result.output
    assert result.stdout_bytes.isascii()
    assert "unknown component 'chekout–😱'" == json.loads(result.stdout)[0]["message"]


def test_problems_as_json(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {BAD: BAD_TEXT}), "--format", "json")
    assert 1 == code
    assert [
        {
            "path": BAD,
            "line": 4,
            "column": 19,
            "message": "unknown component 'chekout'",
            "hint": "did you mean 'checkout'? known components: api, checkout, dashboard",
            "severity": "error",
        },
        {
            "path": BAD,
            "line": 6,
            "column": 1,
            "message": "'2026-11-20' has a date but no time of day",
            "hint": "write it as '## Investigating at 2026-11-20 HH:MM'",
            "severity": "error",
        },
    ] == json.loads(output)


@pytest.mark.parametrize("output_format", ["json", "github"])
def test_fix_says_a_write_the_file_system_refuses_in_the_format_asked(
    tmp_path: Path, output_format: str
) -> None:
    # A CI job reading the JSON or annotations must get the reason, not an empty stdout.
    root = write_site(tmp_path)  # its incident's times have no offset: --fix pins them
    before = (root / INCIDENT_PATH).read_bytes()

    done = statusgen_refused_writes(root, "check", "--fix", "--format", output_format, limit=64)

    refused = f"cannot write the file: {os.strerror(errno.EFBIG)}; the file is left as it was"
    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert refused not in done.stderr
    assert done.stderr.startswith("Nothing was written; 1 file left to fix, named above: ")
    if output_format == "json":
        [said] = json.loads(done.stdout)
        assert (INCIDENT_PATH, "error") == (said["path"], said["severity"])
        assert refused in said["message"]
    else:
        [said] = done.stdout.splitlines()
        assert said.startswith(f"::error file={INCIDENT_PATH},title=statusgen::"), said
        assert refused in said
    assert before == (root / INCIDENT_PATH).read_bytes()


def test_fix_pins_every_file_it_can_write_and_names_the_one_it_cannot(tmp_path: Path) -> None:
    # Each file is pinned on its own: one the system refuses (here larger than the file-size
    # limit allows, as one on a read-only mount would be) holds back none of the others.
    def loose(title: str, summary: str = "") -> str:
        return (
            f"---\ntitle: {title}\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
            f"{summary}## Investigating at 2026-12-01 10:00\nDown.\n\n"
            "## Resolved at 2026-12-01 11:00\n"
        )

    names = [f"content/incidents/2026-12-01-{slug}.md" for slug in "def"]
    files: dict[str, str | bytes | None] = {INCIDENT_PATH: None}
    files.update({name: loose(name[-4]) for name in names})
    files[names[1]] = loose("e", "Long. " * 1000 + "\n\n")
    root = write_site(tmp_path, files)
    refused = (root / names[1]).read_bytes()

    done = statusgen_refused_writes(root, "check", "--fix", limit=4096)

    assert 1 == done.returncode, done.stderr
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    for name in (names[0], names[2]):
        assert f"Pinned 2 times in {name}\n" in done.stderr
        assert "## Resolved at 2026-12-01 11:00 +01:00\n" in (root / name).read_text()
    assert refused == (root / names[1]).read_bytes()
    assert f"{names[1]}: cannot write the file: {os.strerror(errno.EFBIG)}; " in said
    assert "nothing was written" not in said.lower()
    assert done.stderr.endswith(
        "Fixed 2 files; 1 file left to fix, named above: run `statusgen check --fix` again "
        "once its problem is solved.\n"
    )


def test_github_escapes_what_would_break_the_command(tmp_path: Path) -> None:
    # A file-level problem has no line; a percent sign must not read as an escape.
    write_site(tmp_path, {"content/incidents/100%-Down.md": BAD_TEXT.replace("chekout", "api")})
    code, output = run(tmp_path, "--format", "github")
    assert 1 == code
    assert output.startswith(
        "::error file=content/incidents/100%25-Down.md,title=statusgen::"
        "file name '100%25-Down' cannot be used"
    )


def test_file_without_line_in_text(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {"content/components.yaml": None}))
    assert 1 == code
    assert output.startswith("content/components.yaml: file not found\n")


def test_not_a_site(tmp_path: Path) -> None:
    code, output = run(tmp_path)
    assert 1 == code
    assert "not a statusgen site (no statusgen.yaml here or in any parent folder)" in output


def test_paths_from_the_current_folder_when_the_site_is_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path / "status", {BAD: BAD_TEXT})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["-C", "status", "check", "--format", "github"])
    assert 1 == result.exit_code
    assert result.output.startswith(f"::error file=status/{BAD},line=4,col=19,")


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["incidents"],
        ["build", "-q"],
        ["new", "incident", "Slow", "-c", "api", "-m", "Slow."],
        ["update", "2026-11-21-bad", "-m", "Still."],
        ["resolve", "2026-11-21-bad"],
    ],
)
def test_every_command_names_a_broken_file_from_the_current_folder_as_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    write_site(tmp_path / "status", {BAD: BAD_TEXT})
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["-C", "status", *args, "--now", BUILD_NOW])

    assert 1 == result.exit_code, result.output
    assert f"status/{BAD}:4:19: unknown component 'chekout'" in result.output.splitlines()


def test_what_the_user_typed_is_named_as_typed_not_as_a_file_of_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path / "status")
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["-C", "status", "new", "incident", " ", "-m", "x"])

    assert 1 == result.exit_code, result.output
    assert result.output.startswith("TITLE: 'title' must not be empty"), result.output


def test_base_url_from_the_environment_is_checked(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path), env={"STATUSGEN_BASE_URL": "example.org"})
    assert 1 == code
    assert output.startswith(
        "--base-url/STATUSGEN_BASE_URL: base_url must be an absolute http(s) URL"
    )


def test_a_bad_base_url_from_the_environment_names_no_file_in_ci_and_json(
    tmp_path: Path,
) -> None:
    # Reported against a made-up file "--base-url/STATUSGEN_BASE_URL": GitHub showed it
    # on no file of the pull request, and a tool reading the JSON looked for that file.
    root = write_site(tmp_path)
    env = {"STATUSGEN_BASE_URL": "nope"}

    code, output = run(root, "--format", "github", env=env)
    assert 1 == code
    assert output.startswith(
        "::error title=statusgen::--base-url/STATUSGEN_BASE_URL: base_url must be an absolute"
    ), output
    assert "file=" not in output

    code, output = run(root, "--format", "json", env=env)
    assert 1 == code
    [item] = json.loads(output)
    assert "" == item["path"]
    assert item["message"].startswith("--base-url/STATUSGEN_BASE_URL: base_url must be")


def test_a_base_url_left_blank_for_the_environment_builds_for_it(tmp_path: Path) -> None:
    # `base_url:` left for CI to fill in failed every deploy with "'base_url' is empty".
    settings = SETTINGS.replace("base_url: https://status.example.com", "base_url:")
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    env = {"STATUSGEN_BASE_URL": "https://preview.example.net/"}
    code, output = run(root, env=env)
    assert 0 == code, output
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", BUILD_NOW], env=env)
    assert 0 == result.exit_code, result.output
    assert (
        "https://preview.example.net"
        == json.loads((root / "public" / "api/v2/status.json").read_text())["page"]["url"]
    )


# (`serve` takes the same option; run here, a regression would serve instead of exiting.)
@pytest.mark.parametrize("command", ["build", "check", "notify"])
@pytest.mark.parametrize("url", ["ftp://x/", "not a url", ""])
def test_a_base_url_option_that_is_not_a_url_is_a_usage_error(
    tmp_path: Path, command: str, url: str
) -> None:
    root = write_site(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(root), command, "--base-url", url])

    if command == "notify" and not url:
        # An unset workflow output: notify reads it as no --base-url at all.
        assert 2 != result.exit_code, result.output
        return
    assert 2 == result.exit_code, result.output
    assert "'--base-url'" in result.output
    assert f"must be an absolute http(s) URL, not {url!r}" in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize("source", ["statusgen.yaml", "--base-url", "STATUSGEN_BASE_URL"])
@pytest.mark.parametrize(
    ("url", "said", "hint"),
    [
        (
            "https://example.com/status/?ref=1",
            "may not have a query (?ref=1)",
            "leave it out: https://example.com/status/",
        ),
        (
            "https://example.com/status/#top",
            "may not have a fragment (#top)",
            "leave it out: https://example.com/status/",
        ),
        (
            "https://example.com/my status/",
            "may not have a space",
            "write a space in an address as %20: https://example.com/my%20status/",
        ),
        # A folder's name with an apostrophe: named, and shown escaped as a space is.
        (
            "https://example.com/bob's/",
            "may not have an apostrophe (')",
            "write an apostrophe (') in an address as %27: https://example.com/bob%27s/",
        ),
        # The address offered is the one to write, not the next refusal: no page in it
        # (index.html), no empty segment.
        (
            "https://example.com/status/index.html?utm_source=mail",
            "may not have a query (?utm_source=mail)",
            "leave it out: https://example.com/status/",
        ),
        (
            "https://example.com//#top",
            "may not have a fragment (#top)",
            "leave it out: https://example.com/",
        ),
        (
            "https://example.com/my status/index.html",
            "may not have a space",
            "write a space in an address as %20: https://example.com/my%20status/",
        ),
    ],
    ids=[
        "query",
        "fragment",
        "space",
        "apostrophe",
        "query-on-a-page",
        "fragment-after-slashes",
        "space-page",
    ],
)
def test_a_base_url_with_a_query_fragment_or_space_says_which_and_how_to_fix_it(
    tmp_path: Path, source: str, url: str, said: str, hint: str
) -> None:
    # Each is an http(s) URL: "must be an absolute http(s) URL" left the author guessing.
    settings = SETTINGS
    args: list[str] = []
    env: dict[str, str] = {}
    if source == "statusgen.yaml":
        settings = SETTINGS.replace("https://status.example.com", f'"{url}"')
    elif source == "--base-url":
        args = ["--base-url", url]
    else:
        env = {"STATUSGEN_BASE_URL": url}
    code, output = run(write_site(tmp_path, {"statusgen.yaml": settings}), *args, env=env)
    assert code in (1, 2), output
    assert said in output
    advice, _, address = hint.rpartition(" ")
    words = " ".join(output.split())
    offered = words[words.index(advice) + len(advice) :].split()[0]
    assert address == offered.rstrip(".,;")
    assert "absolute http(s) URL" not in output
    # Following the hint passes: the address offered is not the next refusal.
    code, output = run(write_site(tmp_path / "again"), "--base-url", address)
    assert 0 == code, output


PAGE_ADDRESS = "https://org.github.io/status/index.html"
PAGE_ADDRESS_HINT = "write the folder: https://org.github.io/status/"


def test_a_page_address_as_base_url_is_refused_with_its_folder(tmp_path: Path) -> None:
    # Copied from the address bar, it would prefix every link: /status/index.html/feed.xml.
    settings = SETTINGS.replace("https://status.example.com", PAGE_ADDRESS)
    code, output = run(write_site(tmp_path / "yaml", {"statusgen.yaml": settings}))
    assert 1 == code
    assert [
        "statusgen.yaml:2:11: base_url is the address of a page ('index.html'), not of the "
        "folder the site is served from",
        f"    hint: {PAGE_ADDRESS_HINT}",
    ] == output.splitlines()[:2]

    code, output = run(write_site(tmp_path / "env"), env={"STATUSGEN_BASE_URL": PAGE_ADDRESS})
    assert 1 == code
    assert output.startswith("--base-url/STATUSGEN_BASE_URL: base_url is the address of a page")
    assert PAGE_ADDRESS_HINT in output

    root = write_site(tmp_path / "option")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--base-url", PAGE_ADDRESS])
    assert 2 == result.exit_code, result.output
    assert PAGE_ADDRESS_HINT in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "page",
    [
        "history/index.html",
        "history/impact/major/index.html",
        "incidents/2026-11-20-outage/index.html",
        "components/api/index.html",
        "subscribe/index.html",
    ],
)
def test_the_address_of_one_of_the_sites_pages_as_base_url_hints_the_sites_root(
    tmp_path: Path, page: str
) -> None:
    # Its own folder would put every link under it (/status/history/history/): 404s.
    root = write_site(tmp_path)
    url = f"https://org.github.io/status/{page}"
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--base-url", url])
    assert 2 == result.exit_code, result.output
    assert f"{PAGE_ADDRESS_HINT}\n" in result.output

    # The hint followed, the site builds with its links under /status/.
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--base-url", PAGE_ADDRESS_HINT.split()[-1]]
    )
    assert 0 == result.exit_code, result.output
    assert 'href="/status/history/"' in (root / "public" / "index.html").read_text()


@pytest.mark.parametrize(
    "file",
    [
        "status.json",
        "feed.xml",
        "widget.js",
        "maintenance.ics",
        "badge.svg",
        "api/v2/summary.json",
        "components/api/feed.xml",
        "search/2025.json",
    ],
)
@pytest.mark.parametrize("given", ["settings", "option", "environment"])
def test_the_address_of_one_of_the_sites_files_as_base_url_is_refused_with_its_folder(
    tmp_path: Path, file: str, given: str
) -> None:
    # Every link would go under it (/a/b/status.json/assets/style.css), and check said
    # "No problems found".
    url = f"https://example.org/a/b/{file}"
    name = file.rpartition("/")[2]
    settings = SETTINGS
    if given == "settings":
        settings = SETTINGS.replace("https://status.example.com", url)
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    option = ["--base-url", url] if given == "option" else []
    env = {"STATUSGEN_BASE_URL": url} if given == "environment" else {}

    code, output = run(root, *option, env=env)
    built = CliRunner().invoke(cli, ["-C", str(root), "build", *option], env=env)

    said = f"is the address of a file ({name!r}), not of the folder the site is served from"
    assert said in output
    assert "write the folder: https://example.org/a/b/\n" in output
    assert ((2, 2) if given == "option" else (1, 1)) == (code, built.exit_code), output
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "url", ["https://example.org/v1.2", "https://example.org/status.html/", "https://x.org/a/"]
)
def test_a_folder_with_a_dot_in_its_name_is_a_base_url(tmp_path: Path, url: str) -> None:
    code, output = run(write_site(tmp_path), env={"STATUSGEN_BASE_URL": url})
    assert 0 == code, output
    assert output.startswith("No problems found")


@pytest.mark.parametrize(
    ("url", "folder"),
    [
        ("https://acme.github.io/chart.js", "/chart.js/"),
        ("https://example.org/node.js/", "/node.js/"),
        ("https://example.org/a/data.json", "/a/data.json/"),
        ("https://example.org/a/map.svg", "/a/map.svg/"),
    ],
)
def test_a_folder_named_like_a_file_is_a_base_url(tmp_path: Path, url: str, folder: str) -> None:
    # A GitHub Pages project site for the repository chart.js is served from /chart.js/:
    # it was refused as "the address of a file", with the host's root as the folder.
    root = write_site(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--base-url", url])

    assert 0 == result.exit_code, result.output
    page = (root / "public" / "index.html").read_text()
    assert f'href="{folder}history/"' in page
    assert f'href="{folder}feed.xml"' in page
    assert f'<link rel="canonical" href="https://{urlsplit(url).hostname}{folder}">' in page


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_invalid_utf8_is_reported_not_raised(tmp_path: Path, newline: bytes) -> None:
    """At the line an editor shows, whatever ends the lines: an old Mac's lone CR too."""
    text = b"---\ntitle: \xff\n---\n".replace(b"\n", newline)
    code, output = run(write_site(tmp_path, {BAD: text}))
    assert 1 == code
    assert f"{BAD}:2:8: not valid UTF-8 (byte 0xff)" == output.splitlines()[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_a_file_saved_as_utf16_is_told_once_to_be_saved_as_utf8(
    tmp_path: Path, encoding: str
) -> None:
    """Not a "U+0000" per character: Windows tools' "Unicode" is UTF-16."""
    text = "---\ntitle: X\nstatus: investigating\n---\n## Investigating at 2026-11-21 08:00\nx\n"
    code, output = run(write_site(tmp_path, {BAD: text.encode(encoding)}))
    assert (
        1,
        [
            f"{BAD}:1:1: the file is UTF-16 text, not UTF-8 (a NUL byte every other byte)",
            "    hint: save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())


# The comments `init` writes above the first component, all an emptied file may keep.
_INIT_COMMENTS = b"".join(
    line
    for line in (Path(statusgen.__file__).parent / "authoring/templates/components.yaml")
    .read_bytes()
    .splitlines(keepends=True)
    if line.startswith(b"#")
)


@pytest.mark.parametrize(
    "emptied",
    [
        b"",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf\r\n",
        _INIT_COMMENTS,
        b"[]\n",
        b"~\n",
        b"null\n",
        b"---\n",
        b"---\n...\n",
    ],
)
def test_an_emptied_components_file_is_one_problem_at_that_file(
    tmp_path: Path, emptied: bytes
) -> None:
    """Cut to 0 bytes, it was "unknown component" at each id of each incident (714 lines
    for a 300-incident site) and nothing at the file itself; `update` said the same. Emptied
    in Notepad, it holds only a byte order mark, and was told the same way. Emptied but for
    `init`'s comments, or saying "nothing" as `[]`, `~` or a bare `---`, it was still told
    at each id."""
    root = write_site(tmp_path, {"content/components.yaml": emptied, BAD: INCIDENT})

    code, output = run(root)
    updated = CliRunner().invoke(cli, ["-C", str(root), "update", "bad", "-m", "x"])

    assert (
        1,
        [
            "content/components.yaml:1:1: the file is empty, but 2 files name components "
            f"({INCIDENT_PATH}:5:3 names 'checkout')",
            "    hint: restore it, e.g. `git checkout content/components.yaml`; or, if the site "
            "has no components any more, remove them from those files",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())
    assert 1 == updated.exit_code
    assert "unknown component" not in updated.output
    assert "content/components.yaml:1:1: the file is empty" in updated.output


def test_a_renamed_component_many_incidents_name_is_one_problem_leaving_others_in_view(
    tmp_path: Path,
) -> None:
    """`- name: Dashboard` renamed (its id came from the name) while 160 incidents named
    `dashboard`: the same hint 160 times, and as many annotations on GitHub, which shows a
    step's first 10, so a real typo elsewhere never reached the pull request."""
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("Dashboard", "Dashboards"),
        BAD: INCIDENT.replace("status: resolved", "status: resolvd"),
    }
    named = [f"content/incidents/2026-11-{day:02}-x.md" for day in range(1, 7)]
    for path in named:
        files[path] = INCIDENT.replace("checkout: partial_outage", "dashboard: major_outage")
    root = write_site(tmp_path, files)

    code, output = run(root)
    _, annotations = run(root, "--format", "github")

    told = f"{named[0]}:5:3: unknown component 'dashboard', named by 6 files"
    lines = output.splitlines()
    assert (1, "2 problems in 2 files") == (code, lines[-1])
    assert told in lines
    also = f"{named[1]}:5:3, {named[2]}:5:3, {named[3]}:5:3 and 2 more files"
    assert lines[lines.index(told) + 1].endswith(f"; also named at {also}")
    assert sorted([BAD, named[0]]) == [
        line.split("file=")[1].split(",")[0] for line in annotations.splitlines()
    ]


def test_an_empty_components_file_still_means_no_components(tmp_path: Path) -> None:
    incident = INCIDENT.replace("components:\n  checkout: partial_outage\n", "")
    root = write_site(tmp_path, {"content/components.yaml": b"", INCIDENT_PATH: incident})

    code, output = run(root)

    assert 0 == code, output
    assert "empty" not in output


def test_front_matter_left_in_an_update_by_a_merge_is_warned_of_at_its_line(
    tmp_path: Path,
) -> None:
    """Both sides of an add/add conflict kept: the other side's last key and '---' end the
    first update's text, and were published as "… checkout: major_outage" and a rule."""
    kept = INCIDENT.replace(
        "We are looking into it.\n",
        "We are looking into it.\n  checkout: major_outage\n---\n\nA rule:\n\n---\n",
    )
    assert kept != INCIDENT
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: kept}))
    assert (
        0,
        [
            f"{INCIDENT_PATH}:11:1: warning: 'checkout: major_outage' and the '---' under it "
            "read as front matter left in this update's text: the page shows them as text "
            "and a rule",
            "    hint: delete both lines (a merge conflict resolved by keeping both sides "
            "leaves the other side's last keys and '---' here); a key still wanted goes in "
            "the front matter",
        ],
    ) == (code, output.splitlines()[:2])
    assert 1 == output.count("warning:"), output


def test_every_front_matter_key_left_in_an_update_is_in_one_warning(tmp_path: Path) -> None:
    """Naming only the last key line left the keys above it published once that line and
    the '---' were deleted, and check silent about them."""
    kept = INCIDENT.replace(
        "We are looking into it.\n",
        "We are looking into it.\nstatus: investigating\nimpact: minor\ncomponents:\n"
        "  checkout: degraded_performance\n---\n",
    )
    assert kept != INCIDENT
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: kept}))
    assert (
        0,
        [
            f"{INCIDENT_PATH}:11:1: warning: 'status: investigating', the 3 key lines under "
            "it and the '---' after them read as front matter left in this update's text: "
            "the page shows them as text and a rule",
            "    hint: delete lines 11–15 (a merge conflict resolved by keeping both sides "
            "leaves the other side's last keys and '---' here); a key still wanted goes in "
            "the front matter",
        ],
    ) == (code, output.splitlines()[:2])
    assert 1 == output.count("warning:"), output


@pytest.mark.parametrize(
    ("left", "named", "lines"),
    [
        ("title: Database failover in eu-west\n", "'title: Database failover in eu-west'", 1),
        ("title: Something else\nstatus: investigating\n", "'title: Something else'", 2),
        ('title: "Other one"\n', "'title: \"Other one\"'", 1),
    ],
)
def test_a_title_with_spaces_left_in_an_update_is_front_matter_too(
    tmp_path: Path, left: str, named: str, lines: int
) -> None:
    """A value with spaces or quotes did not read as a key: `check` was silent about a
    title left behind alone, or named the status under it and left the title published."""
    kept = INCIDENT.replace("We are looking into it.\n", f"We are looking into it.\n{left}---\n")
    assert kept != INCIDENT
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: kept}))
    said, hint = output.splitlines()[:2]
    assert 0 == code, output
    assert said.startswith(f"{INCIDENT_PATH}:11:1: warning: {named}"), output
    assert ("delete both lines" if lines == 1 else "delete lines 11–13") in hint, output
    assert 1 == output.count("warning:"), output


def test_a_quoted_title_over_two_lines_left_in_an_update_is_front_matter_too(
    tmp_path: Path,
) -> None:
    """A quoted value runs on to the next line in YAML: the run was found only from the
    status under it, and deleting the lines named left the title's two lines published."""
    left = 'title: "Other\n  one"\nstatus: investigating\ncomponents:\n  checkout: major_outage\n'
    kept = INCIDENT.replace("We are looking into it.\n", f"We are looking into it.\n{left}---\n")
    assert kept != INCIDENT
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: kept}))
    assert (
        0,
        [
            f"{INCIDENT_PATH}:11:1: warning: 'title: \"Other', the 3 key lines under it and "
            "the '---' after them read as front matter left in this update's text: the page "
            "shows them as text and a rule",
            "    hint: delete lines 11–16 (a merge conflict resolved by keeping both sides "
            "leaves the other side's last keys and '---' here); a key still wanted goes in "
            "the front matter",
        ],
    ) == (code, output.splitlines()[:2])
    assert 1 == output.count("warning:"), output


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-32"])
def test_a_file_saved_as_utf32_is_named_as_utf32(tmp_path: Path, encoding: str) -> None:
    """Not "byte 0xff" (its byte order mark) nor a NUL at a column no editor shows."""
    text = "---\ntitle: X\nstatus: investigating\n---\n## Investigating at 2026-11-21 08:00\nx\n"
    code, output = run(write_site(tmp_path, {BAD: text.encode(encoding)}))
    assert (
        1,
        [
            f"{BAD}:1:1: the file is UTF-32 text, not UTF-8 (three NUL bytes with every character)",
            "    hint: save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())


def test_an_empty_incident_file_is_told_empty_not_missing_its_front_matter(
    tmp_path: Path,
) -> None:
    """Cut to 0 bytes (`: > x.md`, a full disk): its front matter is not what to write."""
    code, output = run(write_site(tmp_path, {BAD: b""}))
    assert (
        1,
        [
            f"{BAD}:1:1: the file is empty (0 bytes)",
            f"    hint: restore what it held from git (`git checkout -- {BAD}`; `git log -- "
            f"{BAD}` finds it in an older commit), or delete the file",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--frmat", "json"], ["extra-argument"]],
)
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["-C", str(write_site(tmp_path)), "check", *args])
    assert 2 == result.exit_code


def test_a_missing_theme_fails_check_as_it_fails_build_at_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "theme: calmm\n"})
    (site / "themes" / "calm" / "templates").mkdir(parents=True)
    expected = [
        "statusgen.yaml:4:8: theme 'calmm' not found",
        "    hint: did you mean 'calm'? themes in this site: calm; a theme is a folder "
        "themes/<name>/templates/, or remove 'theme:' to use the built-in one",
    ]

    code, output = run(site)
    assert (1, expected) == (code, output.splitlines()[:2])

    built = run_build(site, "-o", str(tmp_path / "out"))
    assert (1, expected) == (built.exit_code, built.output.splitlines()[:2])


def test_a_site_without_themes_is_told_where_one_goes(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {"statusgen.yaml": SETTINGS + "theme: nope\n"}))
    assert 1 == code
    assert (
        "    hint: this site has no themes; a theme is a folder themes/<name>/templates/, "
        "or remove 'theme:' to use the built-in one"
    ) == output.splitlines()[1]


def test_a_theme_folder_without_templates_is_told_it_needs_them(tmp_path: Path) -> None:
    """`themes/cssonly/` holds only static/: "not found" and "this site has no themes"
    sent its author looking for a folder they could see."""
    site = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + "theme: cssonly\n", "themes/cssonly/static/style.css": ""},
    )
    expected = [
        "statusgen.yaml:4:8: theme 'cssonly' has no templates/ folder: themes/cssonly/ is "
        "there, but a theme is a folder themes/<name>/templates/",
        "    hint: create themes/cssonly/templates/ (empty, it takes every template from the "
        "built-in theme), or move its files to themes/ (static files to themes/static/) and "
        "remove 'theme:'",
    ]

    code, output = run(site)
    assert (1, expected) == (code, output.splitlines()[:2])

    # The fix it names is enough: the theme's stylesheet replaces the built-in one.
    (site / "themes" / "cssonly" / "templates").mkdir()
    assert 0 == run(site)[0]
    built = run_build(site, "-o", str(tmp_path / "out"))
    assert 0 == built.exit_code, built.output
    assert "" == (tmp_path / "out" / "assets" / "style.css").read_text()


def test_a_theme_of_the_site_passes_check(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "theme: calm\n"})
    (site / "themes" / "calm" / "templates").mkdir(parents=True)
    code, output = run(site)
    assert 0 == code, output


@pytest.mark.parametrize("theme", ["../../calm", "../../aud", "/etc", "/nonexistent", "a/b"])
@pytest.mark.parametrize("command", ["check", "build", "status"])
def test_a_theme_is_a_folder_right_under_themes(tmp_path: Path, theme: str, command: str) -> None:
    site = write_site(tmp_path / "a" / "site", {"statusgen.yaml": SETTINGS + f"theme: {theme}\n"})
    (site / "themes" / "calm" / "templates").mkdir(parents=True)
    (tmp_path / "calm" / "templates").mkdir(parents=True)  # outside the site

    result = CliRunner().invoke(cli, ["-C", str(site), command])

    assert isinstance(result.exception, SystemExit), result.exception
    assert (
        1,
        [
            f"statusgen.yaml:4:8: theme must be the name of a folder in themes/ (or 'default'), "
            f"not '{theme}'",
            "    hint: themes in this site: calm; a theme is a folder themes/<name>/templates/, "
            "or remove 'theme:' to use the built-in one",
        ],
    ) == (result.exit_code, result.output.splitlines()[:2])
    assert "1 problem in 1 file" in result.output


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("output: content", "the output folder 'content' is inside content/"),
        ("output: .", "the output folder '.' holds the site itself"),
    ],
)
def test_check_refuses_the_output_folder_build_refuses(
    tmp_path: Path, setting: str, problem: str
) -> None:
    site = init_site(tmp_path / "site")
    settings = site / "statusgen.yaml"
    lines = settings.read_text().splitlines()
    settings.write_text("\n".join([*lines[:3], setting, *lines[3:]]) + "\n")
    expected = [
        f"statusgen.yaml:4:9: {problem}",
        "    hint: set `output:` to a folder of its own, such as `public`",
    ]

    code, output = run(site, "--now", INIT_NOW)
    assert (1, expected) == (code, output.splitlines()[:2])

    built = run_build(site, now=INIT_NOW)
    assert (1, expected) == (built.exit_code, built.output.splitlines()[:2])
    # The folder given with -o is the one built into: the settings' is not in the way.
    assert 0 == run_build(site, "-o", str(tmp_path / "out"), now=INIT_NOW).exit_code


@pytest.mark.parametrize("output", ["afile", "afile/out", "afile/a/b"])
def test_an_output_folder_where_a_file_is_says_which_file_and_where_it_was_chosen(
    tmp_path: Path, output: str
) -> None:
    # A file on the way took "cannot write the site: File exists" and "fix the problem and
    # build again", naming neither the `output:` line nor -o, nor the file.
    site = write_site(tmp_path / "site", {"statusgen.yaml": SETTINGS + f"output: {output}\n"})
    (site / "afile").write_text("notes\n")
    problem = (
        "the output folder 'afile' is a file"
        if output == "afile"
        else f"the output folder {output!r} is to be made in 'afile', which is a file"
    )
    expected = [
        f"statusgen.yaml:4:9: {problem}",
        "    hint: a folder is needed at afile: move the file away, or set `output:` to a "
        "folder of its own, such as `public`",
    ]

    code, output_said = run(site)
    assert (1, expected) == (code, output_said.splitlines()[:2])
    built = run_build(site)
    assert (1, expected) == (built.exit_code, built.output.splitlines()[:2])

    site.joinpath("statusgen.yaml").write_text(SETTINGS)
    built = run_build(site, "-o", str(site / "afile" / "sub"))
    assert (1, [
        "-o/--output: the output folder 'afile/sub' is to be made in 'afile', which is a file",
        "    hint: a folder is needed at afile: move the file away, or pass -o a folder of its "
        "own, such as public",
    ]) == (built.exit_code, built.output.splitlines()[:2])  # fmt: skip
    assert "notes\n" == (site / "afile").read_text()


def test_an_existing_file_given_to_o_gets_the_hint_output_gets(tmp_path: Path) -> None:
    # Click's own check came first: "Invalid value for '-o' / '--output': Directory
    # 'afile' is a file.", exit 2 and no hint, while `-o afile/sub` had both.
    site = write_site(tmp_path / "site")
    (site / "afile").write_text("notes\n")

    built = run_build(site, "-o", str(site / "afile"))

    assert (1, [
        "-o/--output: the output folder 'afile' is a file",
        "    hint: a folder is needed at afile: move the file away, or pass -o a folder of its "
        "own, such as public",
    ]) == (built.exit_code, built.output.splitlines()[:2])  # fmt: skip
    assert "notes\n" == (site / "afile").read_text()


LINKED_OUTPUT = [
    (
        "content/www",
        "public: a symbolic link to content/www, inside content/",
        "    hint: point the link at a folder of its own outside the site's folders, or remove "
        "it and the build makes the folder",
    ),
    (
        "public",
        "public: a symbolic link that loops",
        "    hint: remove the link, and the build makes the folder; or point it at a folder "
        "of its own",
    ),
]


@pytest.mark.parametrize(("target", "problem", "hint"), LINKED_OUTPUT, ids=["content", "loop"])
def test_an_output_folder_linked_where_it_may_not_be_names_the_link(
    tmp_path: Path, target: str, problem: str, hint: str
) -> None:
    # No `output:` line: the default folder is fine, the link made in its place is not.
    site = init_site(tmp_path / "site")
    (site / "content" / "www").mkdir()
    (site / "public").symlink_to(target)

    code, output = run(site, "--now", INIT_NOW)
    assert (1, [problem, hint]) == (code, output.splitlines()[:2])
    built = run_build(site, now=INIT_NOW)
    assert (1, [problem, hint]) == (built.exit_code, built.output.splitlines()[:2])
    assert [] == list((site / "content" / "www").iterdir())


TITLE = "title: Example Status\n"


@pytest.mark.parametrize("folder", ["content", "static", "themes", "data", "partners-static"])
def test_an_output_folder_in_a_site_folder_kept_elsewhere_is_refused(
    tmp_path: Path, folder: str
) -> None:
    # `content -> src/content`: an output in src/content/ was built into (and published
    # the incidents' sources beside it), as one in a real content/ never is.
    pages = (
        "pages:\n"
        "  public:\n"
        "    base_url: https://status.example.com/\n"
        "    output: src/{folder}/www\n"
        "  partners:\n"
        "    base_url: https://partners.example.com/\n"
        "    output: out/partners\n"
        "    static: partners-static\n"
    )
    site = write_site(tmp_path / "site", {"statusgen.yaml": TITLE + pages.format(folder=folder)})
    (site / "src").mkdir()
    (site / "partners-static").mkdir()
    if folder in ("content", "partners-static"):
        (site / folder).rename(site / "src" / folder)
    else:
        (site / "src" / folder).mkdir()
    (site / folder).symlink_to(f"src/{folder}")
    named = "partners-static/, the static folder of page 'partners'"
    named = named if folder == "partners-static" else f"{folder}/"
    expected = [
        f"statusgen.yaml:5:13: the output folder 'src/{folder}/www' is inside {named}",
        "    hint: set `output:` to a folder of its own, such as `public-public`",
    ]

    # A static folder linked to one holding `output:` is refused as a static folder.
    if "static" not in folder:
        code, output = run(site)
        assert (1, expected) == (code, output.splitlines()[:2])
        built = run_build(site, "--page", "public")
        assert (1, expected) == (built.exit_code, built.output.splitlines()[:2])
    # -o, through the link's own name too: the folder is where the link leads.
    (site / "statusgen.yaml").write_text(TITLE + pages.format(folder="other"))
    for chosen in (f"{folder}/www", f"src/{folder}/www"):
        built = run_build(site, "--page", "public", "-o", str(site / chosen))
        assert (1, [
            f"-o/--output: the output folder 'src/{folder}/www' is inside {named}",
            "    hint: pass -o a folder of its own, such as public-public",
        ]) == (built.exit_code, built.output.splitlines()[:2])  # fmt: skip
    assert not (site / "src" / folder / "www").exists()


def test_a_link_into_a_site_folder_kept_elsewhere_is_named(tmp_path: Path) -> None:
    # `inc -> content/incidents`, content/ itself a link to src/content.
    site = write_site(tmp_path / "site")
    (site / "src").mkdir()
    (site / "content").rename(site / "src" / "content")
    (site / "content").symlink_to("src/content")
    (site / "inc").symlink_to("content/incidents")

    built = run_build(site, "-o", str(site / "inc" / "www"))

    assert (1, [
        "inc: a symbolic link to src/content/incidents, inside content/",
        "    hint: point the link at a folder of its own outside the site's folders, or remove "
        "it and the build makes the folder",
    ]) == (built.exit_code, built.output.splitlines()[:2])  # fmt: skip
    assert ["2026-11-20-checkout-errors.md"] == os.listdir(site / "src/content/incidents")


def test_check_refuses_a_page_output_folder_build_refuses(tmp_path: Path) -> None:
    pages = (
        "pages:\n"
        "  public:\n"
        "    base_url: https://status.example.com/\n"
        "    output: out/public\n"
        "  partners:\n"
        "    base_url: https://partners.example.com/\n"
        "    output: static/partners\n"
    )
    site = write_site(tmp_path, {"statusgen.yaml": "title: Example Status\n" + pages})
    expected = [
        "statusgen.yaml:8:13: the output folder 'static/partners' is inside static/",
        "    hint: set `output:` to a folder of its own, such as `public-partners`",
    ]
    code, output = run(site)
    assert (1, expected) == (code, output.splitlines()[:2])
    built = run_build(site, "--page", "public")
    assert (1, expected) == (built.exit_code, built.output.splitlines()[:2])


def test_check_refuses_an_output_folder_holding_other_files(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    (site / "public").mkdir()
    (site / "public" / "notes.txt").write_text("precious")
    code, output = run(site)
    assert 1 == code
    assert (
        "public/: the output folder 'public' is not empty and holds no statusgen site"
    ) == output.splitlines()[0]


@pytest.mark.parametrize("records", [".git", "history/x/.git", "incidents/.hg/store/data"])
@pytest.mark.parametrize(
    ("setting", "place"),
    [("", "statusgen.yaml"), ("output: site\n", "statusgen.yaml:4:9")],
    ids=["default", "output"],
)
def test_check_refuses_a_repository_anywhere_in_the_output_folder_as_build_does(
    tmp_path: Path, records: str, setting: str, place: str
) -> None:
    # A checkout put into a subfolder of the output: `build` refuses it (the swap would
    # delete it), so `check` must not pass it, and both name where the folder was chosen.
    site = write_site(tmp_path / "site", {"statusgen.yaml": SETTINGS + setting})
    folder = "site" if setting else "public"
    assert 0 == run_build(site).exit_code
    (site / folder / records).parent.mkdir(parents=True, exist_ok=True)
    (site / folder / records).write_text("gitdir: /x\n")
    found = records.partition("/store")[0]
    problem = (
        f"the output folder {folder!r} holds {found}, a repository's records, which the "
        "build would delete with the folder"
    )
    hint = (
        "    hint: the build replaces the whole folder: pick an empty or new folder; to "
        "publish from a checkout (a gh-pages branch), build into a folder of its own and "
        "copy the site into the checkout"
    )

    code, output = run(site)
    assert (1, [f"{place}: {problem}", hint]) == (code, output.splitlines()[:2])
    built = run_build(site)
    assert (1, [f"{place}: {problem}", hint]) == (built.exit_code, built.output.splitlines()[:2])
    built = run_build(site, "-o", str(site / folder))
    assert (1, [f"-o/--output: {problem}", hint]) == (
        built.exit_code,
        built.output.splitlines()[:2],
    )
    assert "gitdir: /x\n" == (site / folder / records).read_text()


def test_a_logo_or_favicon_no_build_publishes_is_warned_about(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS + "logo: logo.svg\nfavicon: assets/icon.png\n"}
    )
    code, output = run(site)
    assert (0, [
        "statusgen.yaml:4:7: warning: logo names 'logo.svg', a file no build publishes: "
        "pages would show it broken",
        "    hint: put it at static/logo.svg (copied to the site's root), or at "
        "themes/static/logo.svg and write 'logo: assets/logo.svg'",
        "statusgen.yaml:5:10: warning: favicon names 'assets/icon.png', a file no build "
        "publishes: pages would show it broken",
        "    hint: put it at themes/static/icon.png (published as assets/icon.png)",
        "2 warnings in 1 file",
    ]) == (code, output.splitlines()[:5])  # fmt: skip


def test_a_logo_named_by_its_path_in_the_site_folder_is_offered_its_published_name(
    tmp_path: Path,
) -> None:
    # `logo: static/logo.png` beside static/logo.png was told to put it at
    # static/static/logo.png, or in a theme: not to write the name it is published as.
    site = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + "logo: static/logo.png\n", "static/logo.png": b"PNG"},
    )
    code, output = run(site)
    assert (0, [
        "statusgen.yaml:4:7: warning: logo names 'static/logo.png', a file no build "
        "publishes: pages would show it broken",
        "    hint: write 'logo: logo.png': the files of static/ are copied to the site's "
        "root, so static/logo.png is published as logo.png",
    ]) == (code, output.splitlines()[:2])  # fmt: skip


def test_a_logo_named_by_a_path_of_this_computer_is_told_where_slash_points(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "logo: /etc/passwd\n"})
    code, output = run(site)
    assert (0, [
        "statusgen.yaml:4:7: warning: logo names '/etc/passwd', a file no build publishes: "
        "pages would show it broken",
        "    hint: a leading '/' is the built site's root, not this computer's: put it at "
        "static/etc/passwd (copied to the site's root), or at themes/static/passwd and "
        "write 'logo: assets/passwd'",
    ]) == (code, output.splitlines()[:2])  # fmt: skip


@pytest.mark.parametrize("key", ["favicon", "logo"])
def test_a_favicon_named_with_the_base_urls_folder_is_the_published_file(
    tmp_path: Path, key: str
) -> None:
    # Pages link '/status/favicon.ico' to static/favicon.ico (url() keeps a path that
    # starts with base_url's folder), but check warned that no build publishes it and
    # said to put it at static/status/favicon.ico, which breaks the link.
    settings = SETTINGS.replace("status.example.com", "example.com/status/")
    site = write_site(
        tmp_path,
        {"statusgen.yaml": f"{settings}{key}: /status/{key}.ico\n", f"static/{key}.ico": b"ICO"},
    )
    code, output = run(site)
    assert (0, "No problems found") == (code, output.split(":")[0])
    built = CliRunner().invoke(cli, ["-C", str(site), "build"])
    assert (0, False) == (built.exit_code, "warning" in built.output), built.output
    assert f'"/status/{key}.ico"' in (site / "public" / "index.html").read_text()
    assert (site / "public" / f"{key}.ico").is_file()


def test_a_favicon_only_one_pages_static_folder_holds_names_the_pages_lacking_it(
    tmp_path: Path,
) -> None:
    # The page whose own static folder holds it publishes it: it was warned about as a
    # file no build publishes, and the pages that really link it to nothing were not named.
    settings = (
        "title: Example Status\ntimezone: UTC\nfavicon: /status/favicon.ico\npages:\n"
        "  public:\n    base_url: https://example.com/status/\n    output: out/public\n"
        "    static: static-public\n"
        "  internal:\n    base_url: https://internal.example.com/\n    output: out/internal\n"
        "  partners:\n    base_url: https://partners.example.com/status/\n"
        "    output: out/partners\n"
    )
    site = write_site(
        tmp_path,
        {"statusgen.yaml": settings, "static-public/favicon.ico": b"ICO"},
    )
    code, output = run(site)
    assert (0, [
        "statusgen.yaml:3:10: warning: favicon names '/status/favicon.ico', a file pages "
        "'internal' and 'partners' do not publish: their pages would show it broken",
        "    hint: put it at static/status/favicon.ico (for page 'internal'), "
        "static/favicon.ico (for page 'partners')",
        "1 warning in 1 file",
    ]) == (code, output.splitlines()[:3])  # fmt: skip
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "favicon.ico").write_bytes(b"ICO")
    code, output = run(site)
    assert (0, [
        "statusgen.yaml:3:10: warning: favicon names '/status/favicon.ico', a file page "
        "'internal' does not publish: its pages would show it broken",
        "    hint: put it at static/status/favicon.ico, which every page publishes",
    ]) == (code, output.splitlines()[:2])  # fmt: skip


@pytest.mark.parametrize(
    ("setting", "file"),
    [
        ("logo: logo.svg", "static/logo.svg"),
        ("logo: /images/logo%20dark.svg", "static/images/logo dark.svg"),
        ("logo: assets/logo.svg", "themes/static/logo.svg"),
        ("logo: assets/logo.svg", "themes/calm/static/logo.svg"),
        # Refused as "a path in the built site, not one leaving it".
        ("logo: ./assets/logo.svg", "themes/static/logo.svg"),
        ("favicon: ./favicon.png", "static/favicon.png"),
        ("favicon: assets/favicon.svg", None),  # the built-in theme's
        ("logo: https://cdn.example.com/logo.svg", None),
    ],
)
def test_a_logo_or_favicon_the_build_publishes_passes_check(
    tmp_path: Path, setting: str, file: str | None
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": f"{SETTINGS}theme: calm\n{setting}\n"})
    (site / "themes" / "calm" / "templates").mkdir(parents=True)
    if file is not None:
        (site / file).parent.mkdir(parents=True, exist_ok=True)
        (site / file).write_text("<svg/>")
    code, output = run(site)
    assert (0, "No problems found") == (code, output.split(":")[0])
    built = CliRunner().invoke(cli, ["-C", str(site), "build"])
    assert 0 == built.exit_code, built.output
    page = (site / "public" / "index.html").read_text()
    # Linked by its path in the site: no "/./assets/…", no "./…" from a page's folder.
    assert "/./" not in page
    assert '"./' not in page
    name = setting.split(": ", 1)[1].removeprefix("./").lstrip("/")
    assert name in page


@pytest.mark.parametrize(
    ("setting", "base"),
    [
        ("logo: ../../../../etc/passwd", "passwd"),
        ("favicon: /../icon.png", "icon.png"),
        ("logo: img/%2e%2e/%2e%2e/logo.svg", "logo.svg"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_logo_or_favicon_leaving_the_site_is_refused_at_its_line(
    tmp_path: Path, setting: str, base: str, command: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": f"{SETTINGS}{setting}\n"})
    key, value = setting.split(": ")
    args = ["--now", BUILD_NOW] if command == "build" else []
    result = CliRunner().invoke(cli, ["-C", str(site), command, *args])

    assert (1, [
        f"statusgen.yaml:4:{len(key) + 3}: {key} must be a path in the built site, "
        f"not one leaving it: '{value}'",
        f"    hint: put the file in static/ and write '{key}: {base}', or in themes/static/ "
        f"and write '{key}: assets/{base}'",
    ]) == (result.exit_code, result.output.splitlines()[:2])  # fmt: skip
    assert not (site / "public").exists()


def test_a_misspelled_components_key_of_a_group_is_named_without_a_cascade(
    tmp_path: Path,
) -> None:
    site = init_site(tmp_path / "site")
    components = site / "content" / "components.yaml"
    text = components.read_text()
    assert "  components:\n" in text
    components.write_text(text.replace("  components:\n", "  component:\n"))
    line = text.splitlines().index("  components:") + 1
    code, output = run(site, "--now", INIT_NOW)
    assert (1, [
        f"content/components.yaml:{line}:3: unknown key 'component' in group",
        "    hint: did you mean 'components'? a group lists its components under "
        "'components:'",
        "1 problem in 1 file",
    ]) == (code, output.splitlines())  # fmt: skip


def test_the_now_option_of_check_says_what_check_does() -> None:
    text = " ".join(CliRunner().invoke(cli, ["check", "--help"]).output.split())
    assert "--now WHEN Check as if it were this moment" in text
    assert "Build" not in text


def test_problems_in_command_line_arguments_are_not_counted_as_files(tmp_path: Path) -> None:
    site = init_site(tmp_path / "site")
    args = ["new", "incident", "X", "-c", "api=major_outage", "-c", "api=bad", "-c", "y", "-m", "."]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])
    assert 1 == result.exit_code
    assert "2 problems" in result.output.splitlines()


@pytest.mark.parametrize(
    ("relpath", "settings"),
    [
        ("themes/templates/index.html", SETTINGS),
        ("themes/dark/templates/index.html", SETTINGS + "theme: dark\n"),
    ],
)
def test_a_theme_template_that_does_not_compile_fails_check_as_it_fails_build(
    tmp_path: Path, relpath: str, settings: str
) -> None:
    broken = '{% extends "base.html" %}{% block x %}{{ foo( }}{% endblock %}'
    root = write_site(tmp_path, {relpath: broken, "statusgen.yaml": settings})

    code, output = run(root)
    built = run_build(root)

    assert 1 == code
    assert f"{relpath}:1: unexpected '}}'" in output.splitlines()[0]
    assert output.splitlines()[0] in built.output


@pytest.mark.parametrize("cache", ["after-a-good-build", "no-cache"])
def test_build_names_every_template_that_does_not_compile_as_check_does(
    tmp_path: Path, cache: str
) -> None:
    root = write_site(tmp_path)
    if cache == "after-a-good-build":
        assert 0 == run_build(root).exit_code
    broken = {
        "themes/templates/index.html": "{% for x in [1] %}{{ x }}{% endfo %}\n",
        "themes/templates/partials/footer.html": "a\n{{ foo(\n",
        "themes/templates/404.html": "x\n{% if true %}\nno end\n",
    }
    write_site(root, broken)

    code, output = run(root)
    built = run_build(root, *(["--no-cache"] if cache == "no-cache" else []))

    reported = [line for line in output.splitlines() if line.startswith("themes/")]
    assert 1 == code
    assert sorted(broken) == sorted(line.split(":")[0] for line in reported)
    assert 1 == built.exit_code
    assert reported == [line for line in built.output.splitlines() if line.startswith("themes/")]
    assert "3 problems in 3 files" in built.output


def test_a_template_that_compiles_passes_check(tmp_path: Path) -> None:
    fine = '{% extends "builtin/index.html" %}'
    root = write_site(tmp_path, {"themes/templates/index.html": fine})
    assert 0 == run(root)[0]


# --- warnings beside errors: every problem in one run, not one batch after each fix ----------

UNANNOUNCED = "content/incidents/2026-12-30-window.md"
UNANNOUNCED_TEXT = (
    "---\n"
    "title: Window\n"
    "scheduled_for: 2026-12-30 10:00\n"
    "scheduled_until: 2026-12-30 11:00\n"
    "components: [api]\n"
    "---\n"
)
NO_TRANSLATION = "statusgen ships no translation for language 'he'"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_window_without_an_announcement_is_warned_about_beside_another_files_error(
    tmp_path: Path, fmt: str
) -> None:
    files = {"statusgen.yaml": SETTINGS + "language: he\n", UNANNOUNCED: UNANNOUNCED_TEXT}
    root = write_site(tmp_path, {**files, BAD: BAD_TEXT})

    code, output = run(root, "--format", fmt, "--now", INIT_NOW)

    assert 1 == code
    assert "unknown component 'chekout'" in output
    assert NO_TRANSLATION in output
    assert UNANNOUNCED in output
    # Not dated: the file with errors may hold the record's first moment.
    assert "no announcement: feeds, the calendar and the API date it when the site's record " in (
        output
    )
    assert "record began (" not in output


MARKED_COMPLETED = "content/incidents/2026-12-30-upgrade.md"
MARKED_COMPLETED_TEXT = (
    "---\n"
    "title: Upgrade\n"
    "scheduled_for: 2026-12-30 10:00\n"
    "scheduled_until: 2026-12-30 11:00\n"
    "components: [api]\n"
    "status: completed\n"
    "---\n"
    "Planned.\n"
)


def test_a_window_marked_completed_before_its_start_is_warned_about_at_its_status(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {MARKED_COMPLETED: MARKED_COMPLETED_TEXT})

    code, output = run(root, "--now", INIT_NOW)

    assert 0 == code, output
    assert (
        f"{MARKED_COMPLETED}:6:9: warning: the maintenance is marked completed before its "
        "scheduled start (2026-12-30 10:00 CET) and no update says when it was over"
    ) in output
    assert "`## Completed at <time>`" in output


# Without updates: one that says `Scheduled` is refused beside the key.
EARLY = MARKED_COMPLETED_TEXT.replace("completed", "in_progress")


def test_a_window_shown_in_progress_before_its_start_undated_is_warned_about(
    tmp_path: Path,
) -> None:
    # The API says in progress, yet nothing dates when the work began: the page, the lists
    # and the calendar all give the planned start, which is still to come.
    root = write_site(tmp_path, {MARKED_COMPLETED: EARLY})

    code, output = run(root, "--now", "2026-12-30T09:00:00+01:00")

    assert 0 == code, output
    assert (
        f"{MARKED_COMPLETED}:6:9: warning: the maintenance is shown in progress before its "
        "scheduled start (2026-12-30 10:00 CET) and no update says when its work began"
    ) in output
    assert "hint: add an `## In progress at <time>` update with the time it began" in output


def test_a_window_shown_in_progress_before_its_own_start_update_is_told_to_wait(
    tmp_path: Path,
) -> None:
    # The file has its `In progress` update, dated at the start, after now: the status key
    # is ahead of it. Asking for that update again would have it written twice.
    ahead = EARLY.replace("Planned.\n", "## In progress at 2026-12-30 10:00\nStarted.\n")
    root = write_site(tmp_path, {MARKED_COMPLETED: ahead})

    code, output = run(root, "--now", "2026-12-30T09:00:00+01:00")

    assert 0 == code, output
    assert (
        f"{MARKED_COMPLETED}:6:9: warning: the maintenance is shown in progress before its "
        "scheduled start (2026-12-30 10:00 CET), ahead of its own update at line 8, which "
        "says its work began at 2026-12-30 10:00 CET, after now"
    ) in output
    assert "hint: keep `status: scheduled` until 2026-12-30 10:00 CET" in output
    assert "no update says when its work began" not in output


def test_a_window_whose_early_start_an_update_dates_passes_check(tmp_path: Path) -> None:
    dated = EARLY.replace(
        "Planned.\n",
        "## Scheduled at 2026-12-20 09:00\nPlanned.\n\n"
        "## In progress at 2026-12-30 08:30\nStarted early.\n",
    )
    root = write_site(tmp_path, {MARKED_COMPLETED: dated})

    code, output = run(root, "--now", "2026-12-30T09:00:00+01:00")

    assert (0, []) == (code, [line for line in output.splitlines() if "warning" in line])


def test_a_window_called_off_by_a_completed_update_passes_check(tmp_path: Path) -> None:
    called_off = MARKED_COMPLETED_TEXT + (
        "\n## Scheduled at 2026-11-20 09:00\nPlanned.\n\n"
        "## Completed at 2026-11-21 09:00\nNot needed.\n"
    )
    root = write_site(tmp_path, {MARKED_COMPLETED: called_off})

    code, output = run(root, "--now", INIT_NOW)

    assert (0, []) == (code, [line for line in output.splitlines() if "warning" in line])


PINNED = "content/incidents/2026-12-05-db-upgrade.md"


def _pinned(status: str) -> str:
    """A window from 02:00 to 04:00 whose `status` was written by hand, with the update
    it agrees with."""
    label = {"scheduled": "Scheduled", "in_progress": "In progress"}[status]
    return (
        "---\n"
        "title: DB upgrade\n"
        "scheduled_for: 2026-12-05 02:00\n"
        "scheduled_until: 2026-12-05 04:00\n"
        f"status: {status}\n"
        "components: [api]\n"
        "---\n"
        f"## {label} at 2026-12-04 12:00\n"
        "Planned.\n"
    )


@pytest.mark.parametrize(
    ("status", "now", "said"),
    [
        (
            "scheduled",
            "2026-12-05T02:00:00+01:00",
            "`status: scheduled` keeps the window upcoming, but its scheduled start "
            "(2026-12-05 02:00 CET) has passed",
        ),
        (
            "scheduled",
            "2026-12-06T12:00:00+01:00",
            "`status: scheduled` keeps the window upcoming, but its scheduled end "
            "(2026-12-05 04:00 CET) has passed: pages list it as upcoming maintenance",
        ),
        (
            "in_progress",
            "2026-12-06T12:00:00+01:00",
            "`status: in_progress` keeps the window open, but its scheduled end "
            "(2026-12-05 04:00 CET) has passed",
        ),
    ],
)
def test_a_written_state_the_clock_has_passed_is_warned_about_at_its_status(
    tmp_path: Path, status: str, now: str, said: str
) -> None:
    # The key beats the clock: left behind, it keeps the window upcoming or open for good.
    root = write_site(tmp_path, {PINNED: _pinned(status)})

    code, output = run(root, "--now", now)
    earlier = run(root, "--now", "2026-12-05T01:59:00+01:00")  # before the window: as meant

    assert 0 == code, output
    # At the value, as every other diagnostic is told by file:line:column.
    assert f"{PINNED}:5:9: warning: {said}" in output
    assert "remove the `status` key" in output
    assert "`statusgen resolve 2026-12-05-db-upgrade`" in output
    assert (0, False) == (earlier[0], "warning" in earlier[1])


OVERRUN = "content/incidents/2026-12-01-net.md"


def _cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


def test_a_window_held_open_past_its_end_is_told_a_way_out_that_ends_it(
    tmp_path: Path,
) -> None:
    # `update --status in_progress` after the end writes the key and an update after the end:
    # either holds the window open, so removing the key is no way out, and nor is the clock.
    root = write_site(tmp_path, {INCIDENT_PATH: None})
    for args in (
        [
            *("new", "maintenance", "Net", "-c", "api", "-m", "Planned."),
            *("--start", "2026-12-01 02:00 +00:00", "--end", "2026-12-01 04:00 +00:00"),
            *("--now", "2026-11-25T10:00Z"),
        ],
        [
            *("update", "net", "--status", "in_progress", "-m", "Running over."),
            *("--now", "2026-12-01T04:10Z"),
        ],
    ):
        assert 0 == _cli(root, *args)[0]
    file = root / OVERRUN
    key = file.read_text(encoding="utf-8").splitlines().index("status: in_progress") + 1
    resolve = (
        "    hint: when the work is done, run `statusgen resolve 2026-12-01-net` (a "
        "`## Completed at …` update); if it still runs, nothing to do"
    )

    keyed = run(root, "--now", "2026-12-01T07:00Z")
    file.write_text(file.read_text(encoding="utf-8").replace("status: in_progress\n", ""))
    unkeyed = run(root, "--now", "2026-12-20T07:00Z")
    # The line of the update after the end, the last heading.
    lines = file.read_text(encoding="utf-8").splitlines()
    update = max(n for n, line in enumerate(lines, 1) if line.startswith("## In progress at"))
    ends = "its scheduled end (2026-12-01 05:00 CET) has passed: pages show it in progress"

    assert (0, f"{OVERRUN}:{key}:9: warning: `status: in_progress` keeps the window open") == (
        keyed[0],
        keyed[1].split(", but")[0],
    )
    assert resolve == keyed[1].splitlines()[1]
    assert [
        f"{OVERRUN}:{update}: warning: this update keeps the window open, but {ends} and its "
        "components under maintenance until a `## Completed at …` update",
        resolve,
    ] == unkeyed[1].splitlines()[:2]
    # The way out offered works: the window is over, and nothing is left to warn of.
    assert 0 == _cli(root, "resolve", "net", "--now", "2026-12-20T07:00Z")[0]
    assert (0, "No problems found: 3 components, 0 incidents, 1 maintenance window.\n") == run(
        root, "--now", "2026-12-20T08:00Z"
    )


def test_a_window_held_open_past_its_end_is_told_with_the_statuses_its_pages_show(
    tmp_path: Path,
) -> None:
    # An update after the end that reopens the window with an outage: the pages show the
    # outage, not maintenance, and so must the warning about what they show.
    root = write_site(tmp_path, {INCIDENT_PATH: None})
    for args in (
        [
            *("new", "maintenance", "Net", "-c", "api", "-m", "Planned."),
            *("--start", "2026-12-01 02:00 +00:00", "--end", "2026-12-01 04:00 +00:00"),
            *("--now", "2026-11-25T10:00Z"),
        ],
        [
            *("update", "net", "--status", "in_progress", "-c", "api=major_outage"),
            *("-m", "Work goes on.", "--now", "2026-12-01T12:00Z"),
        ],
    ):
        assert 0 == _cli(root, *args)[0]

    code, output = run(root, "--now", "2026-12-01T12:00Z")
    built = _cli(root, "build", "--now", "2026-12-01T12:00Z")
    summary = json.loads((root / "public/api/v2/summary.json").read_text(encoding="utf-8"))

    assert 0 == built[0], built[1]
    assert "major_outage" == next(c["status"] for c in summary["components"] if c["name"] == "API")
    assert 0 == code, output
    assert (
        "pages show it in progress and its components as its updates set them "
        "(api major outage) until the key changes"
    ) in output
    assert "under maintenance" not in output


LATE = "content/incidents/2026-11-28-late.md"
# A window from 10:00 to 12:00 (CET) whose `Completed` update comes at 13:15; `{held}`
# is where an update holding it open past its end goes.
_LATE = (
    "---\ntitle: Late\nscheduled_for: 2026-11-28 10:00\nscheduled_until: 2026-11-28 12:00\n"
    "components: [api]\n---\n## Scheduled at 2026-11-20 09:00\nPlanned.\n\n{held}"
    "## Completed at 2026-11-28 13:15\nDone.\n"
)


def test_a_completed_update_after_the_end_is_no_warning_and_an_overrun_moves_the_end(
    tmp_path: Path,
) -> None:
    # The ordinary "resolve the window a bit later": the clock completed it at 12:00, which
    # check need not say on every run (resolve says it once, as it writes the update).
    root = write_site(tmp_path, {INCIDENT_PATH: None, LATE: _LATE.format(held="")})

    code, output = run(root, "--now", "2026-12-01T12:00:00Z")

    assert "warning" not in output
    assert 0 == code
    # An overrun held open from 12:30 ends at the update.
    held = "## In progress at 2026-11-28 12:30\nOverran.\n\n"
    (root / LATE).write_text(_LATE.format(held=held))
    assert "warning" not in run(root, "--now", "2026-12-01T12:00:00Z")[1]
    assert 0 == run_build(root, "-q", now="2026-12-01T12:00:00Z").exit_code
    api = json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())
    assert "2026-11-28T13:15:00.000+01:00" == api["scheduled_maintenances"][0]["resolved_at"]


def test_the_language_warning_comes_beside_a_settings_error(tmp_path: Path) -> None:
    settings = SETTINGS.replace("Europe/Berlin", "Mars/X") + "language: he\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings})

    code, output = run(root)
    built = run_build(root)

    assert 1 == code
    assert [
        "statusgen.yaml:3:11: unknown timezone 'Mars/X'",
        f"statusgen.yaml:4:11: warning: {NO_TRANSLATION}: pages will be in English",
    ] == [line for line in output.splitlines() if line.startswith("statusgen.yaml")]
    assert 1 == built.exit_code
    assert NO_TRANSLATION in built.output


# --- a group named where a component goes -----------------------------------------------

GROUP_HINT = "name its components instead: checkout, dashboard"


@pytest.mark.parametrize(
    ("front", "update", "location"),
    [
        ("components:\n  web: major_outage\n", "", "5:3"),
        ("components: [api, web]\n", "", "4:19"),
        (
            "components:\n  checkout: major_outage\n",
            "\n## Investigating at 2026-11-20 14:30\nComponents: web=major_outage\nWorse.\n",
            "11:13",
        ),
    ],
    ids=["mapping", "list", "components-line"],
)
def test_a_group_named_as_a_component_is_told_to_name_its_components(
    tmp_path: Path, front: str, update: str, location: str
) -> None:
    text = (
        f"---\ntitle: Errors\nstatus: investigating\n{front}---\n"
        f"## Investigating at 2026-11-20 14:05\nLooking.\n{update}"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert 1 == code
    assert [
        f"{BAD}:{location}: 'web' is a group, which takes no status itself",
        f"    hint: {GROUP_HINT}",
        "1 problem in 1 file",
    ] == output.splitlines()


# --- one broken setting hides nothing else ----------------------------------------------

LATER = "content/incidents/2026-11-30-later.md"
LATER_TEXT = (
    "---\ntitle: Later\nstatus: investigating\ncomponents: [api]\n---\n"
    "## Investigating at 2026-11-30 10:00\nSoon.\n"
)
STARTS_LATER = f"{LATER}:6:1: warning: the incident starts after now"
NO_OFFSET = f"{LATER}:6:21: warning: 1 time without an offset"
COLLISION = "static/feed.xml: would replace the file statusgen writes at feed.xml"


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ("colour: red\n", [STARTS_LATER, NO_OFFSET, COLLISION]),
        ("base_url: nope\n", [STARTS_LATER, NO_OFFSET, COLLISION]),
        ("theme: nosuch\n", [STARTS_LATER, NO_OFFSET, COLLISION]),
        # What pages show times in is wrong: no difference of zones to warn about.
        ("timezone: Mars/X\n", [STARTS_LATER, COLLISION]),
    ],
    ids=["unknown-key", "base-url", "theme", "timezone"],
)
def test_a_settings_error_leaves_out_nothing_that_does_not_need_it(
    tmp_path: Path, mistake: str, expected: list[str]
) -> None:
    key = mistake.split(":")[0]
    settings = "".join(line + "\n" for line in SETTINGS.splitlines() if not line.startswith(key))
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": settings + "input_timezone: UTC\n" + mistake,
            LATER: LATER_TEXT,
            "static/feed.xml": "x\n",
        },
    )

    code, output = run(root, "--now", BUILD_NOW)

    assert 1 == code
    assert expected == [
        line[: len(found)]
        for line in output.splitlines()
        for found in expected
        if line.startswith(found)
    ]
    assert 1 == sum(line.startswith("statusgen.yaml:") for line in output.splitlines())


# --- a quote left open ------------------------------------------------------------------

NEVER_CLOSED = "invalid YAML: the quote opened here is never closed"


@pytest.mark.parametrize(
    ("relpath", "text", "location"),
    [
        (
            "statusgen.yaml",
            'title: "Acme Status\nbase_url: https://s.example.com/\n'
            '# note: "quoted" here\ntimezone: UTC\n',
            "1:8",
        ),
        (
            "content/components.yaml",
            "- id: api\n  name: 'API\n  description: The 'public' API\n- name: Website\n",
            "2:9",
        ),
    ],
    ids=["settings", "components"],
)
def test_a_quote_left_open_is_reported_where_it_opens(
    tmp_path: Path, relpath: str, text: str, location: str
) -> None:
    code, output = run(write_site(tmp_path, {relpath: text}))

    assert 1 == code
    assert output.startswith(f"{relpath}:{location}: {NEVER_CLOSED} (the text runs on to the quote")
    assert "    hint: close what opens here" in output.splitlines()[1]


# --- a key without its colon -----------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "text", "location", "written", "fix"),
    [
        (
            BAD,
            "---\ntitle: t\nstatus: investigating\nimpact major\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "4:1",
            "impact major",
            "impact: major",
        ),
        (
            BAD,
            "---\ntitle Missing colon\nstatus: investigating\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "2:1",
            "title Missing colon",
            "title: Missing colon",
        ),
        (
            "statusgen.yaml",
            "title: Acme Status\nbase_url: https://s.example.com/\ntimezone UTC\n"
            "# the zone times are typed in\ninput_timezone: UTC\n",
            "3:1",
            "timezone UTC",
            "timezone: UTC",
        ),
    ],
    ids=["front-matter", "front-matter-next-key", "settings"],
)
def test_a_key_without_its_colon_is_reported_on_its_line_with_the_fix(
    tmp_path: Path, relpath: str, text: str, location: str, written: str, fix: str
) -> None:
    code, output = run(write_site(tmp_path, {relpath: text}))

    assert 1 == code
    assert output.startswith(
        f"{relpath}:{location}: invalid YAML: '{written}' has no ':' after its key\n"
        f"    hint: write '{fix}' (a key, a colon, a space, the value)\n"
    ), output


@pytest.mark.parametrize(
    ("relpath", "text", "location", "message", "fix"),
    [
        (
            BAD,
            "---\ntitle:API errors\nstatus: investigating\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "2:1",
            "invalid YAML: 'title:API errors' has no space after the ':' of its key",
            "title: API errors",
        ),
        (
            BAD,
            "---\ntitle: t\nstatus: investigating\ncomponents:\n  api: major_outage\n"
            "  checkout:partial_outage\n---\n## Investigating at 2026-11-20 10:00\n",
            "6:3",
            "invalid YAML: 'checkout:partial_outage' has no space after the ':' of its key",
            "checkout: partial_outage",
        ),
        (
            "statusgen.yaml",
            SETTINGS + "history_days:90\n",
            "4:1",
            "invalid YAML: 'history_days:90' has no space after the ':' of its key",
            "history_days: 90",
        ),
        (
            # A URL keeps its own colon: only the one after the key is missing its space.
            "statusgen.yaml",
            SETTINGS.replace("base_url: ", "base_url:"),
            "2:1",
            "invalid YAML: 'base_url:https://status.example.com' has no space after",
            "base_url: https://status.example.com",
        ),
        (
            "content/components.yaml",
            "- id:checkout\n  name: Checkout\n",
            "1:3",
            "invalid YAML: 'id:checkout' has no space after the ':' of its key",
            "id: checkout",
        ),
        (
            # Alone on its item, YAML reads it as a text, not a mapping: the same fix.
            "content/components.yaml",
            "- name: API\n- id:checkout\n",
            "2:3",
            "a component must be a mapping, not text",
            "id: checkout",
        ),
        (
            # Alone below `components:`, it is that key's text, not a mapping.
            BAD,
            "---\ntitle: t\nstatus: investigating\ncomponents:\n  api:major_outage\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "5:3",
            "'components' must be a list of component ids or a mapping, not text",
            "api: major_outage",
        ),
        (
            # First in the file and followed by a comment, as in the settings `init`
            # writes: the comment ends the word, and YAML stopped at the next key.
            "statusgen.yaml",
            "# Site settings.\ntitle:Example Status\n# Where it is served.\n"
            + SETTINGS.replace("title: ", "# title: "),
            "2:1",
            "invalid YAML: 'title:Example Status' has no space after the ':' of its key",
            "title: Example Status",
        ),
        (
            "statusgen.yaml",
            "title:Example Status\n\n# Where it is served.\n"
            + SETTINGS.replace("title: ", "# title: "),
            "1:1",
            "invalid YAML: 'title:Example Status' has no space after the ':' of its key",
            "title: Example Status",
        ),
        (
            BAD,
            "---\n# An example.\ntitle:API errors\n# Why it is open.\nstatus: investigating\n"
            "---\n## Investigating at 2026-11-20 10:00\n",
            "3:1",
            "invalid YAML: 'title:API errors' has no space after the ':' of its key",
            "title: API errors",
        ),
    ],
    ids=[
        "front-matter",
        "mapping-value",
        "settings",
        "url",
        "list-item",
        "list-item-alone",
        "components-alone",
        "first-key-then-comment",
        "first-key-then-blank-and-comment",
        "front-matter-then-comment",
    ],
)
def test_a_key_glued_to_its_value_is_told_to_add_the_space(
    tmp_path: Path, relpath: str, text: str, location: str, message: str, fix: str
) -> None:
    code, output = run(write_site(tmp_path, {relpath: text, INCIDENT_PATH: None}))

    assert 1 == code
    assert output.startswith(f"{relpath}:{location}: {message}"), output
    assert f"    hint: add a space after the colon: '{fix}'\n" in output, output


@pytest.mark.parametrize(
    ("relpath", "text", "location", "written", "fix"),
    [
        (
            BAD,
            "---\ntitle:\u00a0API errors\nstatus: investigating\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "2:1",
            "title:\u00a0API errors",
            "title: API errors",
        ),
        (
            "statusgen.yaml",
            SETTINGS + "history_days:\u00a090\n",
            "4:1",
            "history_days:\u00a090",
            "history_days: 90",
        ),
        (
            # Where a mapping was meant, read as text: the same fix.
            "content/components.yaml",
            "- name: API\n- id:\u00a0checkout\n",
            "2:3",
            "",
            "id: checkout",
        ),
    ],
    ids=["front-matter", "settings", "list-item-alone"],
)
def test_a_no_break_space_after_a_keys_colon_is_named(
    tmp_path: Path, relpath: str, text: str, location: str, written: str, fix: str
) -> None:
    """It looks like the space YAML needs: a ':' added, as "no ':' after its key" had it
    (`title: API: errors`), would make it worse."""
    code, output = run(write_site(tmp_path, {relpath: text, INCIDENT_PATH: None}))

    assert 1 == code
    assert output.startswith(f"{relpath}:{location}: "), output
    if written:
        assert (
            f"{relpath}:{location}: invalid YAML: '{written}' has a NO-BREAK SPACE (U+00A0) "
            "after the ':' of its key, not a plain space\n"
        ) in output
    assert (
        "    hint: after the colon comes a NO-BREAK SPACE (U+00A0); retype it as a plain "
        f"space: '{fix}'\n"
    ) in output


@pytest.mark.parametrize(
    ("text", "at", "key"),
    [
        # YAML keeps it as part of the key: "unknown component 'api '" never said why.
        (
            "---\ntitle: API errors\nstatus: investigating\ncomponents:\n"
            "  api\u00a0: major_outage\n---\n## Investigating at 2026-11-20 10:00\n",
            "5:3",
            "api",
        ),
        # A required key is named as what it is meant to be, not told again as missing.
        (
            "---\ntitle\u00a0: API errors\nstatus: investigating\n---\n"
            "## Investigating at 2026-11-20 10:00\n",
            "2:1",
            "title",
        ),
    ],
)
def test_a_no_break_space_before_a_keys_colon_is_named_once(
    tmp_path: Path, text: str, at: str, key: str
) -> None:
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:{at}: key '{key}\u00a0' ends with a NO-BREAK SPACE (U+00A0), which YAML "
            "keeps as part of it",
            f"    hint: delete it: write '{key}:'",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith((BAD, "    hint"))])


ZWSP, NBSP, BOM = "\u200b", "\u00a0", "\ufeff"


def _event(front: str) -> str:
    return f"---\ntitle: API errors\n{front}---\n## Investigating at 2026-11-20 10:00\n"


@pytest.mark.parametrize(
    ("path", "text", "problem", "hint"),
    [
        # Before a key it is as invisible, and as much a part of the key, as after it:
        # "unknown key, did you mean 'status'?" beside "missing 'status'" never said why.
        (
            BAD,
            _event(f"{ZWSP}status: investigating\n"),
            f"{BAD}:3:1: key '{ZWSP}status' starts with a ZERO WIDTH SPACE (U+200B), "
            "which YAML keeps as part of it",
            "delete it: write 'status:'",
        ),
        (
            BAD,
            _event(f"status: investigating\ncomponents:\n  {NBSP}api: major_outage\n"),
            f"{BAD}:5:3: key '{NBSP}api' starts with a NO-BREAK SPACE (U+00A0), "
            "which YAML keeps as part of it",
            "delete it: write 'api:'",
        ),
        # A byte order mark pasted mid-file: the parser stops, said in its own words.
        (
            BAD,
            _event(f"{BOM}status: investigating\n"),
            f"{BAD}:3:1: invalid YAML: '{BOM}status: investigating' starts with a ZERO WIDTH "
            "NO-BREAK SPACE (U+FEFF), where YAML expects a key",
            "delete it: write 'status: investigating'",
        ),
        # After a list's dash, a no-break space is no space to YAML: the item is no item.
        (
            "content/components.yaml",
            f"- id: web\n  name: Web\n-{NBSP}id: api\n  name: API\n",
            f"content/components.yaml:3:1: invalid YAML: '-{NBSP}id: api' has a NO-BREAK "
            "SPACE (U+00A0) after its '-', not a plain space",
            "retype it as a plain space: '- id: api'",
        ),
        # The parser gives up at the item's next key, a line below: the dash is still named.
        (
            "content/components.yaml",
            f"-{NBSP}id: web\n  name: Web\n- id: api\n  name: API\n",
            f"content/components.yaml:1:1: invalid YAML: '-{NBSP}id: web' has a NO-BREAK "
            "SPACE (U+00A0) after its '-', not a plain space",
            "retype it as a plain space: '- id: web'",
        ),
        (
            "content/components.yaml",
            f"- id: services\n  name: Services\n  components:\n    -{NBSP}id: web\n"
            "      name: Web\n    - id: api\n      name: API\n",
            f"content/components.yaml:4:5: invalid YAML: '-{NBSP}id: web' has a NO-BREAK "
            "SPACE (U+00A0) after its '-', not a plain space",
            "retype it as a plain space: '- id: web'",
        ),
    ],
)
def test_an_invisible_character_before_a_key_is_named(
    tmp_path: Path, path: str, text: str, problem: str, hint: str
) -> None:
    code, output = run(write_site(tmp_path, {path: text}))

    shown = [line for line in output.splitlines() if line.startswith((path, "    hint"))]
    assert (1, [problem, f"    hint: {hint}"]) == (code, shown)


@pytest.mark.parametrize("opener", ["description: |", "description: >-  # shown on the page"])
def test_a_dash_and_no_break_space_in_a_block_scalar_is_text_not_the_error(
    tmp_path: Path, opener: str
) -> None:
    """`-\u00a0docs` written in a `|` description is the author's text, valid as it is: the
    file's real mistake (a key indented one space too far) is what check points to."""
    path = "content/components.yaml"
    text = (
        f"- id: website\n  name: Website\n  {opener}\n    Our public site:\n"
        f"    -{NBSP}sign-up pages\n    -{NBSP}docs\n- id: api\n  name: API\n"
        "   description: misindented\n"
    )
    code, output = run(write_site(tmp_path, {path: text}))

    places = [line.split(" ")[0] for line in output.splitlines() if line.startswith(path)]
    assert (1, [f"{path}:9:15:"]) == (code, places)


@pytest.mark.parametrize(
    ("path", "text", "problem", "hint"),
    [
        # Pasted from chat: "did you mean 'identified'?" would repeat what was typed.
        (
            BAD,
            _event(f"status: identified{ZWSP}\n"),
            f"3:9: status 'identified{ZWSP}' ends with a ZERO WIDTH SPACE (U+200B), "
            "which shows nothing",
            "delete it: write 'identified'",
        ),
        (
            BAD,
            _event(f"status: investigating\ncomponents:\n  - api{ZWSP}\n"),
            f"5:5: component 'api{ZWSP}' ends with a ZERO WIDTH SPACE (U+200B), "
            "which shows nothing",
            "delete it: write 'api'",
        ),
        # Set by an update too: not also told that components does not list it.
        (
            BAD,
            f"---\ntitle: API errors\nstatus: investigating\ncomponents:\n  - api{ZWSP}\n---\n"
            "## Investigating at 2026-11-20 10:00\nComponents: api=major_outage\n",
            f"5:5: component 'api{ZWSP}' ends with a ZERO WIDTH SPACE (U+200B), "
            "which shows nothing",
            "delete it: write 'api'",
        ),
        (
            BAD,
            f"---\ntitle: API errors\nstatus: investigating\ncomponents:\n"
            f"  a{ZWSP}pi: major_outage\n---\n"
            "## Investigating at 2026-11-20 10:00\nComponents: api=major_outage\n",
            f"5:3: component 'a{ZWSP}pi' holds a ZERO WIDTH SPACE (U+200B) after 'a', "
            "which shows nothing",
            "delete it: write 'api'",
        ),
        (
            BAD,
            _event(f"status: investigating\ncomponents:\n  api: major_outage{NBSP}\n"),
            f"5:8: status 'major_outage{NBSP}' ends with a NO-BREAK SPACE (U+00A0), "
            "which only looks like a space",
            "delete it: write 'major_outage'",
        ),
        (
            BAD,
            _event(f"status: {BOM}investigating\n"),
            f"3:9: status '{BOM}investigating' begins with a ZERO WIDTH NO-BREAK SPACE "
            "(U+FEFF), which shows nothing",
            "delete it: write 'investigating'",
        ),
        (
            BAD,
            _event(f"status: identi{ZWSP}fied\n"),
            f"3:9: status 'identi{ZWSP}fied' holds a ZERO WIDTH SPACE (U+200B) after "
            "'identi', which shows nothing",
            "delete it: write 'identified'",
        ),
        # Inside an id on a Components line, where the line itself is written right.
        (
            BAD,
            "---\ntitle: API errors\nstatus: investigating\ncomponents:\n  api: major_outage\n"
            f"---\n## Investigating at 2026-11-20 10:00\nComponents: a{ZWSP}pi=major_outage\n",
            f"8:13: component 'a{ZWSP}pi' holds a ZERO WIDTH SPACE (U+200B) after 'a', "
            "which shows nothing",
            "delete it: write 'api'",
        ),
        (
            "statusgen.yaml",
            f"{SETTINGS}language: de{ZWSP}\n",
            f"4:11: language 'de{ZWSP}' ends with a ZERO WIDTH SPACE (U+200B), which shows nothing",
            "delete it: write 'de'",
        ),
        (
            "statusgen.yaml",
            f"{SETTINGS}language: de{NBSP}\n",
            f"4:11: language 'de{NBSP}' ends with a NO-BREAK SPACE (U+00A0), "
            "which only looks like a space",
            "delete it: write 'de'",
        ),
        (
            "statusgen.yaml",
            SETTINGS.replace("Europe/Berlin", f"Europe/Berlin{ZWSP}{BOM}"),
            f"3:11: timezone 'Europe/Berlin{ZWSP}{BOM}' ends with a ZERO WIDTH SPACE "
            "(U+200B), which shows nothing",
            "delete them: write 'Europe/Berlin'",
        ),
    ],
)
def test_an_invisible_character_in_a_known_value_is_named(
    tmp_path: Path, path: str, text: str, problem: str, hint: str
) -> None:
    """A value that is a known one but for a character that shows nothing (or only looks
    like a space) is told where that character is, as a key or a heading is."""
    code, output = run(write_site(tmp_path, {path: text}))

    assert (1, [f"{path}:{problem}", f"    hint: {hint}"]) == (
        code,
        [line for line in output.splitlines() if line.startswith((path, "    hint"))],
    )


PAGED = (
    f"{SETTINGS}pages:\n  public:\n    base_url: https://status.example.com/\n"
    "    output: out/public\n"
)


@pytest.mark.parametrize(
    ("path", "text", "problem", "hint"),
    [
        # "did you mean 'web'?" offered back the very id typed, in each place a page or a
        # component is named outside an event's components.
        (
            "statusgen.yaml",
            f"{PAGED}    show: [api, we{ZWSP}b]\n",
            f"8:17: id 'we{ZWSP}b' holds a ZERO WIDTH SPACE (U+200B) after 'we', "
            "which shows nothing",
            "delete it: write 'web'",
        ),
        (
            "statusgen.yaml",
            f"{PAGED}notify:\n  channels:\n    - type: slack\n      page: public\n"
            f"      url_env: X\n      components: [ap{ZWSP}i]\n",
            f"13:20: component 'ap{ZWSP}i' holds a ZERO WIDTH SPACE (U+200B) after 'ap', "
            "which shows nothing",
            "delete it: write 'api'",
        ),
        (
            "statusgen.yaml",
            f"{PAGED}notify:\n  channels:\n    - type: slack\n      page: public{NBSP}\n"
            "      url_env: X\n",
            f"11:13: page 'public{NBSP}' ends with a NO-BREAK SPACE (U+00A0), "
            "which only looks like a space",
            "delete it: write 'public'",
        ),
        (
            BAD,
            _event(f"status: investigating\ncomponents: [api]\naudiences: [publi{ZWSP}c]\n"),
            f"5:13: page 'publi{ZWSP}c' holds a ZERO WIDTH SPACE (U+200B) after 'publi', "
            "which shows nothing",
            "delete it: write 'public'",
        ),
    ],
)
def test_an_invisible_character_in_a_page_or_component_named_in_settings_is_named(
    tmp_path: Path, path: str, text: str, problem: str, hint: str
) -> None:
    """A page's `show:`, a channel's `components:` and `page:`, and an event's `audiences:`
    tell the character as an event's `components:` does, not "did you mean" the same."""
    code, output = run(write_site(tmp_path, {"statusgen.yaml": PAGED, path: text}))

    assert (1, [f"{path}:{problem}", f"    hint: {hint}"]) == (
        code,
        [line for line in output.splitlines() if line.startswith((path, "    hint"))],
    )


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("\u201cAPI: errors\u201d", "LEFT DOUBLE QUOTATION MARK (U+201C)"),
        ("\u2018API: errors\u2019", "LEFT SINGLE QUOTATION MARK (U+2018)"),
        ("\u00abAPI: errors\u00bb", "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK (U+00AB)"),
        ("\u201eAPI: errors\u201c", "DOUBLE LOW-9 QUOTATION MARK (U+201E)"),
    ],
)
def test_a_value_in_curly_quotes_is_told_to_use_straight_ones(
    tmp_path: Path, value: str, quote: str
) -> None:
    """The author did quote the ': ', typographically (a word processor's autocorrect):
    "quote text containing ': '" would tell them what they did."""
    text = (
        f"---\ntitle: {value}\nstatus: investigating\n---\n## Investigating at 2026-11-20 10:00\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:2:8: invalid YAML: '{value}' starts with a {quote}, a curly quote, which "
            "YAML reads as text, not as a quote",
            "    hint: write it in straight quotes: 'title: \"API: errors\"'",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith((BAD, "    hint"))])


@pytest.mark.parametrize(
    ("line", "fix", "title"),
    [
        # The curly pair does not enclose the whole value: wrapped as written.
        (
            "title: \u201eSt\u00f6rung\u201c bei API: Zahlungen",
            'title: "\u201eSt\u00f6rung\u201c bei API: Zahlungen"',
            "\u201eSt\u00f6rung\u201c bei API: Zahlungen",
        ),
        (
            "title: \u201cAPI\u201d down: now",
            'title: "\u201cAPI\u201d down: now"',
            "\u201cAPI\u201d down: now",
        ),
        (
            "title: \u201cAPI: errors\u201d (EU)",
            'title: "\u201cAPI: errors\u201d (EU)"',
            "\u201cAPI: errors\u201d (EU)",
        ),
        # A comment stays a comment, after the closing quote, never in the title.
        (
            "title: \u201cAPI: errors\u201d   # from the pager",
            'title: "API: errors"   # from the pager',
            "API: errors",
        ),
        (
            "title: \u201cAPI: errors\u201d (EU)  # from the pager",
            'title: "\u201cAPI: errors\u201d (EU)"  # from the pager',
            "\u201cAPI: errors\u201d (EU)",
        ),
        # An apostrophe opening the text (’Tis), or a quote it never closes, is text: its
        # ' #' is the title's too, never cut off with the rest.
        (
            "title: \u2019Tis the season: cache #2 down",
            'title: "\u2019Tis the season: cache #2 down"',
            "\u2019Tis the season: cache #2 down",
        ),
        (
            "title: \u2018Tis the season: cache #2 down",
            'title: "\u2018Tis the season: cache #2 down"',
            "\u2018Tis the season: cache #2 down",
        ),
        # The quote closes after the ' #': the whole line is the quoted title.
        (
            "title: \u201cTis the season: cache #2 down\u201d",
            'title: "Tis the season: cache #2 down"',
            "Tis the season: cache #2 down",
        ),
        # What a double-quoted YAML value must escape is escaped.
        (
            'title: \u201cAPI: C:\\x and "y"\u201d',
            r'title: "API: C:\\x and \"y\""',
            'API: C:\\x and "y"',
        ),
    ],
)
def test_the_straight_quotes_fix_keeps_the_value_as_written(
    tmp_path: Path, line: str, fix: str, title: str
) -> None:
    """Copied, the hint's line reads as the title the author wrote: no opening quote lost,
    no stray closing one kept, no comment published as part of it."""
    text = f"---\n{line}\nstatus: investigating\n---\n## Investigating at 2026-11-20 10:00\n"
    code, output = run(write_site(tmp_path, {BAD: text}))

    hints = [row for row in output.splitlines() if row.startswith("    hint")]
    assert (1, [f"    hint: write it in straight quotes: '{fix}'"]) == (code, hints)
    assert {"title": title} == yaml.safe_load(fix)


# Titles with ': ' that YAML refuses, each with what its author meant it to say: curly
# marks opening, inside words, closing, mixed, and a ' #' that is part of the title.
_MEANT_TITLES = [
    ("\u2019Tis Bob\u2019s: fault #2", "\u2019Tis Bob\u2019s: fault #2"),
    ("\u2018Tis Bob\u2019s: fault #2", "\u2018Tis Bob\u2019s: fault #2"),
    ("\u2019Tis Bob\u2019s fault: #2", "\u2019Tis Bob\u2019s fault: #2"),
    ("\u2019Tis: Bob\u2019s fault #2", "\u2019Tis: Bob\u2019s fault #2"),
    ("\u2019Tis Bob\u2019s: fault#2", "\u2019Tis Bob\u2019s: fault#2"),
    ("\u2019Tis a: b: c #2 down", "\u2019Tis a: b: c #2 down"),
    ("\u2019Tis the season\u2019: cache #2 down", "\u2019Tis the season\u2019: cache #2 down"),
    ("\u2019Tis \u2018Bob\u2019: fault #2", "\u2019Tis \u2018Bob\u2019: fault #2"),
    ("\u2019Tis \u201cBob\u201d: fault #2", "\u2019Tis \u201cBob\u201d: fault #2"),
    ("\u2018Bob\u2019 said: fault #2", "\u2018Bob\u2019 said: fault #2"),
    ("\u201cTis Bob\u2019s: fault\u201d #2", "\u201cTis Bob\u2019s: fault\u201d #2"),
    ("\u201cAPI: errors\u201d #2 down", "\u201cAPI: errors\u201d #2 down"),
    ("\u201cBob\u2019s API: errors\u201d", "Bob\u2019s API: errors"),
    ("\u2019Tis Bob\u2019s: fault # from the pager", "\u2019Tis Bob\u2019s: fault"),
]


def test_every_offered_title_line_checks_and_keeps_the_whole_title(tmp_path: Path) -> None:
    """Pasted in place of the refused line, the line each hint offers passes check and
    publishes the title its author meant, its ' #2' and apostrophes (Bob\u2019s) in it."""
    published = {}
    for number, (written, _meant) in enumerate(_MEANT_TITLES):
        site = tmp_path / str(number)
        page = "---\n{}\nstatus: investigating\n---\n## Investigating at 2026-11-20 10:00\n"
        code, output = run(write_site(site, {BAD: page.format(f"title: {written}")}))
        offered = [
            row.split("write it in straight quotes: '", 1)[1][:-1]
            for row in output.splitlines()
            if row.startswith("    hint: write it in straight quotes: '")
        ]
        assert (1, 1) == (code, len(offered)), output
        (site / BAD).write_text(page.format(offered[0]), encoding="utf-8")
        after, _ = run(site)
        published[written] = (after, yaml.safe_load(offered[0])["title"])

    assert {written: (0, meant) for written, meant in _MEANT_TITLES} == published


def test_text_opening_with_an_apostrophe_is_told_its_colon(tmp_path: Path) -> None:
    """’Tis opens no quote: the ': ' in the title is the mistake, not a curly quote."""
    value = "\u2019Tis the season: cache #2 down"
    text = (
        f"---\ntitle: {value}\nstatus: investigating\n---\n## Investigating at 2026-11-20 10:00\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:2:8: invalid YAML: '{value}' has ': ' in it, which YAML reads as the end "
            "of a key, not as text",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith(BAD)])


@pytest.mark.parametrize(
    ("path", "text", "at", "value", "cut", "fix"),
    [
        (
            BAD,
            "---\ntitle: \u201cCheckout #2 failing for EU\u201d\nstatus: resolved\n---\n"
            "## Resolved at 2026-11-20 10:00\n",
            "2:8",
            "\u201cCheckout #2 failing for EU\u201d",
            "\u201cCheckout",
            'title: "Checkout #2 failing for EU"',
        ),
        (
            "content/components.yaml",
            "- id: api\n  name: \u201cAPI #EU\u201d\n- id: checkout\n  name: Checkout\n",
            "2:9",
            "\u201cAPI #EU\u201d",
            "\u201cAPI",
            'name: "API #EU"',
        ),
    ],
)
def test_a_curly_quoted_value_a_hash_would_cut_short_is_an_error(
    tmp_path: Path, path: str, text: str, at: str, value: str, cut: str, fix: str
) -> None:
    """Valid YAML: ' #' starts a comment, so the page would publish the text up to it, with
    a dangling quote. Told as the curly quote it comes from, with the line that keeps it."""
    code, output = run(write_site(tmp_path, {path: text}))

    quote = "LEFT DOUBLE QUOTATION MARK (U+201C)"
    assert (
        1,
        [
            f"{path}:{at}: '{value}' starts with a {quote}, a curly quote, which YAML reads as "
            f"text, not as a quote: its ' #' starts a comment, which would leave only '{cut}'",
            f"    hint: write it in straight quotes: '{fix}'",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith((path, "    hint"))])
    assert value[1:-1] == next(iter(yaml.safe_load(fix).values()))


def test_a_curly_quoted_start_a_hash_would_cut_before_more_text_is_an_error(
    tmp_path: Path,
) -> None:
    # Its quote closed after the ' #', then more words: the page published `“Checkout`.
    title = "\u201cCheckout #2\u201d failing for EU cards"
    text = f"---\ntitle: {title}\nstatus: resolved\n---\n## Resolved at 2026-11-20 10:00\n"
    code, output = run(write_site(tmp_path, {BAD: text}))

    fix = f'title: "{title}"'  # the quotes are the author's text, around part of it
    assert (
        1,
        [
            f"{BAD}:2:8: '{title}' starts with a LEFT DOUBLE QUOTATION MARK (U+201C), a curly "
            "quote, which YAML reads as text, not as a quote: its ' #' starts a comment, "
            "which would leave only '\u201cCheckout'",
            f"    hint: write it in straight quotes: '{fix}'",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith((BAD, "    hint"))])
    assert {"title": title} == yaml.safe_load(fix)


@pytest.mark.parametrize(
    ("title", "quote", "fix"),
    [
        # Swedish and Finnish open and close with the same mark.
        (
            "\u201dKassan #2 fungerar inte\u201d",
            "RIGHT DOUBLE QUOTATION MARK (U+201D)",
            'title: "Kassan #2 fungerar inte"',
        ),
        (
            "\u2019Kassan #2 fungerar inte\u2019",
            "RIGHT SINGLE QUOTATION MARK (U+2019)",
            'title: "Kassan #2 fungerar inte"',
        ),
        # The spaces French sets inside guillemets are no part of the title.
        (
            "\u00ab Caisse #2 en panne \u00bb",
            "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK (U+00AB)",
            'title: "Caisse #2 en panne"',
        ),
        (
            "\u00ab\u00a0Caisse #2 en panne\u00a0\u00bb",
            "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK (U+00AB)",
            'title: "Caisse #2 en panne"',
        ),
    ],
    ids=["swedish-double", "swedish-single", "french", "french-no-break-spaces"],
)
def test_a_title_in_any_languages_quotes_a_hash_would_cut_is_an_error(
    tmp_path: Path, title: str, quote: str, fix: str
) -> None:
    # `”Kassan #2 fungerar inte”` passed check, and the page and API published `”Kassan`.
    text = f"---\ntitle: {title}\nstatus: resolved\n---\n## Resolved at 2026-11-20 10:00\n"
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:2:8: '{title}' starts with a {quote}, a curly quote, which YAML reads as "
            f"text, not as a quote: its ' #' starts a comment, which would leave only "
            f"'{title.split(' #')[0]}'",
            f"    hint: write it in straight quotes: '{fix}'",
        ],
    ) == (code, [line for line in output.splitlines() if line.startswith((BAD, "    hint"))])


@pytest.mark.parametrize(
    "title",
    [
        "\u201cAPI errors\u201d",  # read whole: the author's quotes, kept
        "\u201cAPI\u201d errors  # from the pager\u201d",  # closed before the comment
        "API \u201cerrors\u201d #2",  # a curly quote inside, not first
        "\u201cAPI errors  # the pager's",  # a comment without a closing quote
    ],
)
def test_a_value_with_curly_quotes_a_comment_does_not_cut_passes(
    tmp_path: Path, title: str
) -> None:
    text = f"---\ntitle: {title}\nstatus: resolved\n---\n## Resolved at 2026-11-20 10:00\n"
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert 0 == code, output


def test_a_window_written_with_start_and_end_is_told_to_rename_them(tmp_path: Path) -> None:
    # Without scheduled_for/scheduled_until it was read as an incident: told to use an
    # incident's `date` and `resolved_at`, beside "'scheduled' is a maintenance state".
    text = (
        "---\ntitle: Database upgrade\nstatus: scheduled\nstart: 2026-12-20 10:00\n"
        "end: 2026-12-20 11:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-12-05 05:33 +00:00\nWe will upgrade the database.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:4:1: this reads as a maintenance window, whose times are 'scheduled_for' and "
            "'scheduled_until'",
            "    hint: rename 'start' to 'scheduled_for' and 'end' to 'scheduled_until'",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())


def test_a_window_with_misspelt_keys_is_told_to_rename_them(tmp_path: Path) -> None:
    # `schedule_for`/`schedule_until` were read as an incident's: "missing required key
    # 'status'", two unknown keys listing an incident's, "'Scheduled' is a maintenance state".
    text = (
        "---\ntitle: Database upgrade\nschedule_for: 2026-12-20 10:00\n"
        "schedule_until: 2026-12-20 12:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-12-05 05:33 +00:00\nWe will upgrade the database.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert (
        1,
        [
            f"{BAD}:3:1: this reads as a maintenance window, whose times are 'scheduled_for' and "
            "'scheduled_until'",
            "    hint: rename 'schedule_for' to 'scheduled_for' and 'schedule_until' to "
            "'scheduled_until'",
            "1 problem in 1 file",
        ],
    ) == (code, output.splitlines())


@pytest.mark.parametrize(
    ("first", "second", "renames"),
    [
        # Both closest to scheduled_for: the closer takes it, the other the end left.
        ("schedule_from", "schedule_to", "'schedule_from' to 'scheduled_for' and "
         "'schedule_to' to 'scheduled_until'"),
        # No spelling close, but the one key left names the end that is missing.
        ("scheduled_for", "to", "'to' to 'scheduled_until'"),
        ("window_start", "window_end", "'window_start' to 'scheduled_for' and "
         "'window_end' to 'scheduled_until'"),
        # Other words for the times, as before.
        ("start", "end", "'start' to 'scheduled_for' and 'end' to 'scheduled_until'"),
    ],
)  # fmt: skip
def test_each_misspelt_window_key_is_paired_with_the_time_it_is_closest_to(
    tmp_path: Path, first: str, second: str, renames: str
) -> None:
    """Each key is told the window time it is closest to that no other key takes, not
    left as an unknown key beside a missing one ("did you mean 'scheduled_for'?")."""
    text = (
        f"---\ntitle: Upgrade\n{first}: 2026-12-20 10:00\n{second}: 2026-12-20 12:00\n"
        "status: scheduled\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-12-05 05:33 +00:00\nWe will upgrade the database.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    told = [line for line in output.splitlines() if "this reads as a maintenance" not in line]
    assert 1 == code
    assert [f"    hint: rename {renames}", "1 problem in 1 file"] == told, output


CALLED_OFF = "content/incidents/2026-12-20-upgrade.md"
UPGRADE = (
    "---\ntitle: Upgrade\nscheduled_for: 2026-12-20 02:00 +00:00\n"
    "scheduled_until: 2026-12-20 04:00 +00:00\ncomponents: [api]\n---\n"
    "## Scheduled at 2026-12-10 10:00 +00:00\nWe will upgrade.\n"
)
CALL_OFF = (
    "to call the window off, run `statusgen resolve 2026-12-20-upgrade` before its start, "
    "or write an update '## Completed at <time>' dated before its start, followed by why"
)


@pytest.mark.parametrize(
    ("text", "location", "message", "hint"),
    [
        (
            UPGRADE.replace("---\n##", "status: cancelled\n---\n##"),
            "6:9",
            "invalid status 'cancelled'",
            "remove the `status` line; " + CALL_OFF,
        ),
        (
            UPGRADE + "\n## Cancelled at 2026-12-12 10:00 +00:00\nNot needed after all.\n",
            "10:1",
            "unknown maintenance state 'Cancelled'",
            # `resolve` refuses while the line is there: it is replaced, or removed first.
            "to call the window off, write an update '## Completed at 2026-12-12 10:00 +00:00' "
            "dated before its start in place of this line, or remove this line and then run "
            "`statusgen resolve 2026-12-20-upgrade` before its start; maintenance updates are "
            "one of: scheduled, in progress, verifying, completed",
        ),
        (
            # Following the list of states: `completed` alone says the work ran as planned.
            UPGRADE.replace("---\n##", "status: completed\n---\n##"),
            "6:9",
            "status is 'completed' but the newest update (line 8) is 'Scheduled'",
            "remove the 'status' key, so the clock moves the window on, or add an update "
            "'## Completed at ...' at the end of the file (dated before the window's start, "
            "it calls the window off)",
        ),
    ],
    ids=["status", "heading", "status-completed"],
)
def test_a_window_called_off_the_statuspage_way_is_told_how_statusgen_calls_it_off(
    tmp_path: Path, text: str, location: str, message: str, hint: str
) -> None:
    # Statuspage has a `cancelled` state; here a window is called off as content.md says.
    # At the announcement's time: before it, the file is also warned of as dated ahead.
    root = write_site(tmp_path, {CALLED_OFF: text, INCIDENT_PATH: None})
    code, output = run(root, "--now", "2026-12-10T10:00Z")

    assert (1, [f"{CALLED_OFF}:{location}: {message}", f"    hint: {hint}"]) == (
        code,
        output.splitlines()[:2],
    )


@pytest.mark.parametrize(
    ("heading", "meant"),
    [
        ("Cancelled at 2026-12-12 10:00 +00:00", "2026-12-12 10:00 +00:00"),
        ("Cancelled (2026-12-12 10:00 +00:00)", "2026-12-12 10:00 +00:00"),
        ("Cancelled #2 2026-12-12 10:00 +00:00", "2026-12-12 10:00 +00:00"),
        # The site's zone on that day: its offset. Another zone's name: a place for it.
        ("Cancelled at 2026-12-12 11:00 CET", "2026-12-12 11:00 +01:00"),
        ("Cancelled at 2026-12-12 05:00 EST", "2026-12-12 05:00 -05:00"),
    ],
)
def test_either_way_a_cancelled_heading_is_told_calls_the_window_off(
    tmp_path: Path, heading: str, meant: str
) -> None:
    # The time hinted is one that reads as the moment written, and `resolve` runs only once
    # the line is gone: each way the hint gives ends with a window called off, check clean.
    text = UPGRADE + f"\n## {heading}\nNot needed after all.\n"
    root = write_site(tmp_path / "a", {CALLED_OFF: text, INCIDENT_PATH: None})
    hint = run(root, "--now", "2026-12-10T10:00Z")[1].splitlines()[1]
    hinted = hint.split("'## ", 1)[1].split("'", 1)[0]
    filled = hinted.replace("+HH:MM", meant.rsplit(" ", 1)[1])
    (root / CALLED_OFF).write_text(text.replace(heading, filled), encoding="utf-8")
    other = write_site(tmp_path / "b", {CALLED_OFF: UPGRADE, INCIDENT_PATH: None})
    resolved = CliRunner().invoke(
        cli, ["-C", str(other), "resolve", "2026-12-20-upgrade", "--now", "2026-12-12T10:00Z"]
    )
    clean = (0, "No problems found: 3 components, 0 incidents, 1 maintenance window.\n")

    assert f"Completed at {meant}" == filled
    assert "or remove this line and then run `statusgen resolve 2026-12-20-upgrade`" in hint
    assert clean == run(root, "--now", "2026-12-13T00:00Z")
    assert (0, clean) == (resolved.exit_code, run(other, "--now", "2026-12-13T00:00Z"))


def test_an_incident_with_one_window_heading_among_its_own_stays_an_incident(
    tmp_path: Path,
) -> None:
    # `end:` and one "In progress" among incident headings: the file is an incident typed
    # with one wrong word, not a window, and is told the incident's keys and states.
    text = (
        "---\ntitle: Outage B\ndate: 2026-11-02 10:00\nend: 2026-11-02 11:00\n"
        "components:\n  api: major_outage\n---\n"
        "## Investigating at 2026-11-02 10:00\nLooking.\n\n"
        "## In progress at 2026-11-02 10:30\nWorking on it.\n\n"
        "## Resolved at 2026-11-02 11:00\nFixed.\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert 1 == code
    assert "reads as a maintenance window" not in output
    assert "did you mean 'resolved_at'?" in output
    assert "'Investigating' is an incident state" not in output


def test_a_time_written_before_its_date_is_told_to_come_after_it(tmp_path: Path) -> None:
    text = (
        "---\ntitle: t\nstatus: identified\n---\n"
        "## Investigating at 2026-11-20 10:00 utc\nx\n"
        "## Identified at 10:30 2026-11-20\ny\n"
    )
    code, output = run(write_site(tmp_path, {BAD: text}))

    assert 1 == code
    assert [
        f"{BAD}:7:1: '10:30 2026-11-20' has the time before the date",
        "    hint: write it as '## Identified at 2026-11-20 10:30'",
    ] == output.splitlines()[:2]


# --- names too long for a page's folder ----------------------------------------------------

LONG_NAME = " ".join(["Regional payment gateway"] * 11)


@pytest.mark.parametrize(
    ("entry", "location", "message"),
    [
        (f"- name: {LONG_NAME}\n", "1:3", "component id made from its name is 274 characters"),
        (f"- id: {'a' * 256}\n  name: API\n", "1:7", "component id is 256 characters long"),
    ],
    ids=["from the name", "explicit"],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_component_id_too_long_for_a_folder_name_is_refused_at_its_line(
    tmp_path: Path, entry: str, location: str, message: str, command: str
) -> None:
    root = write_site(tmp_path, {"content/components.yaml": entry, INCIDENT_PATH: None})
    args = ["--now", BUILD_NOW] if command == "build" else []
    result = CliRunner().invoke(cli, ["-C", str(root), command, *args])

    assert 1 == result.exit_code
    assert result.output.startswith(f"content/components.yaml:{location}: {message}")
    assert "hint: set a shorter id" in result.output
    assert not (root / "public").exists()


def test_an_incident_file_name_as_long_as_a_file_name_can_be_builds(tmp_path: Path) -> None:
    slug = "2026-11-20-" + "x" * (250 - len("2026-11-20-.md"))
    root = write_site(tmp_path, {INCIDENT_PATH: None, f"content/incidents/{slug}.md": INCIDENT})

    result = run_build(root)

    assert 0 == result.exit_code, result.output
    assert (root / "public" / "incidents" / slug / "index.html").is_file()


def test_an_incident_with_only_a_warning_is_published_with_its_outage(tmp_path: Path) -> None:
    """A warning says what to tidy; it never costs the incident. A status line under a
    postmortem (after the end) once dropped the whole incident: check counted 0 incidents
    and the page said "All systems operational" while it was open."""
    root = write_site(
        tmp_path,
        {
            INCIDENT_PATH: None,
            "content/incidents/2026-11-20-outage.md": (
                "---\ntitle: API outage\nstatus: postmortem\ncomponents:\n  api: major_outage\n"
                "---\n## Investigating at 2026-11-20 06:38 +00:00\nThe API is down.\n\n"
                "## Resolved at 2026-11-20 06:48 +00:00\nFixed.\n\n"
                "## Postmortem at 2026-11-20 08:18 +00:00\nComponents: api=major_outage\n\n"
                "What happened.\n"
            ),
        },
    )
    code, output = run(root, "--now", "2026-11-20T06:43:00Z")
    assert 0 == code
    assert "warning: this Components line changes nothing" in output
    assert "1 incident" in output

    assert 0 == run_build(root, now="2026-11-20T06:43:00Z").exit_code
    status = json.loads((root / "public" / "status.json").read_text())
    assert "incident" == status["status"]
    assert "none" != status["indicator"]
    assert (root / "public" / "incidents" / "2026-11-20-outage" / "index.html").is_file()


# Sites whose settings are warned of, with a rule for the ingest below: the site title,
# or a page's description, publishes a meeting's password, or a page shows no component.
PAGE = "pages:\n  public:\n    base_url: https://status.example.com\n    output: public\n"
WARNED_SETTINGS = {
    "title": {
        "statusgen.yaml": SETTINGS.replace(
            "title: Example Status",
            'title: "Example Status (bridge: https://acme.zoom.us/j/8?pwd=abc)"',
        )
    },
    "page": {
        "statusgen.yaml": SETTINGS
        + PAGE
        + "    description: Bridge at https://acme.zoom.us/j/8?pwd=abc\n"
    },
    "empty page": {
        "statusgen.yaml": SETTINGS + PAGE + "    show: [empty]\n",
        "content/components.yaml": COMPONENTS + "- id: empty\n  name: Empty\n  components: []\n",
    },
}
GENERIC_RULE = "ingest:\n  rules:\n    - source: generic\n      component_from: labels.component\n"
GENERIC_FIRING = (
    '{"id": "db", "status": "firing", "title": "Replication lag", "severity": "critical", '
    '"labels": {"component": "api"}}'
)


@pytest.mark.parametrize("where", sorted(WARNED_SETTINGS))
@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["build", "--now", BUILD_NOW],
        ["status", "--now", BUILD_NOW],
        ["new", "incident", "Slow", "-c", "api", "-m", "Slow.", "--now", BUILD_NOW],
        ["update", "2026-11-20-checkout-errors", "-m", "Still.", "--now", BUILD_NOW],
        ["resolve", "2026-11-20-checkout-errors", "--now", BUILD_NOW],
        ["ingest", "generic", "-", "--now", BUILD_NOW],
    ],
)
def test_a_warning_in_the_settings_stops_no_command(
    tmp_path: Path, where: str, args: list[str]
) -> None:
    """`check` passes a site whose title holds a password with a warning; every command
    must too. It once refused them all, an alert's incident too: the page stayed green."""
    still_open = INCIDENT.split("\n## Resolved")[0].replace("resolved", "investigating")
    files: dict[str, str | bytes | None] = {**WARNED_SETTINGS[where], INCIDENT_PATH: still_open}
    root = write_site(tmp_path, files)
    with (root / "statusgen.yaml").open("a") as settings:
        settings.write(GENERIC_RULE)
    before = {p.name for p in (root / "content" / "incidents").iterdir()}

    result = CliRunner().invoke(cli, ["-C", str(root), *args], input=GENERIC_FIRING)

    assert 0 == result.exit_code, result.output
    if args[0] in ("check", "build"):  # the commands that tell the site's warnings
        # A page that shows nothing shows the open incident's component nowhere either.
        told = "2 warnings in 2 files" if where == "empty page" else "1 warning in 1 file"
        assert told in result.output
    if args[0] == "build":
        assert (root / "public" / "index.html").is_file()
    if args[0] in ("new", "ingest"):
        assert 1 == len({p.name for p in (root / "content" / "incidents").iterdir()} - before)


# An incident whose first update sets two components, with offsets on its times (so
# --fix pins nothing) and LINE where its Components line goes (file line 9).
SLIPPED = (
    "---\ntitle: Checkout errors\nstatus: resolved\ncomponents:\n  api: major_outage\n"
    "  checkout: partial_outage\n"
    "---\n## Investigating at 2026-11-20 14:05 +01:00\nLINE\nWe are looking into it.\n\n"
    "## Resolved at 2026-11-20 15:12 +01:00\nAll good again.\n"
)
RETYPED = "Components: api=major_outage, checkout=partial_outage"


@pytest.mark.parametrize(
    "line",
    [
        "Components: **api=major_outage**, **checkout=partial_outage**",
        "Components\u00a0: api=major_outage, checkout=partial_outage",
        "Components:\u200b api=major_outage, checkout=partial_outage",
        "Components:\u2060api=major_outage,\u200e checkout=partial_outage",
        "Components: api\u200b=major_outage, checkout=partial_outage",
        "Components: api=\u2060major_outage, checkout\u2060=partial_outage",
        "Components\uff1a api=major_outage, checkout=partial_outage",
        "Components: api\uff1dmajor_outage, checkout\uff1dpartial_outage",
        "Components: api=major_outage\uff0c checkout=partial_outage",
        "Components: api=major_outage\u3001checkout=partial_outage",
        "Components: api=major_outage; checkout=partial_outage",
        "**Components:** api=major_outage, checkout=partial_outage",
        "*Components: api=major_outage, checkout=partial_outage*",
        "***Components: api=major_outage, checkout=partial_outage***",
        "Components: \uff41\uff50\uff49=major_outage, checkout=partial_outage",
        # Its commas left out too: retyped as a line check reads, in one go.
        "**Components:** api=major_outage checkout=partial_outage",
        "Components\u00a0: api=major_outage  checkout=partial_outage",
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_retypes_a_components_line_typed_not_quite_right(
    tmp_path: Path, line: str, newline: str
) -> None:
    # Check knows the line meant; --fix writes it, and not one other byte of the file.
    def text(first: str) -> bytes:
        bom = "\ufeff" if newline == "\r\n" else ""
        return (bom + SLIPPED.replace("LINE", first).replace("\n", newline)).encode()

    root = write_site(tmp_path, {INCIDENT_PATH: text(line)})
    assert f"retype it as '{RETYPED}'" in run(root)[1]

    code, output = run(root, "--fix", "--now", BUILD_NOW)

    assert (root / INCIDENT_PATH).read_bytes() == text(RETYPED)
    assert f"Retyped {INCIDENT_PATH}:9: '{line}' → '{RETYPED}'\n" in output
    assert 0 == code, output
    assert (0, "No problems found: 3 components, 1 incident, 0 maintenance windows.\n") == run(root)


def test_fix_deletes_the_invisible_character_before_an_update_heading(tmp_path: Path) -> None:
    heading = "## Identified at 2026-11-20 14:30 +01:00"
    text = SLIPPED.replace("LINE", f"Down.\n\n\ufeff{heading}\nFound it.")
    root = write_site(tmp_path, {INCIDENT_PATH: text})
    assert "which shows nothing: delete it" in run(root)[1]

    code, output = run(root, "--fix", "--now", BUILD_NOW)

    assert (root / INCIDENT_PATH).read_text() == text.replace(f"\ufeff{heading}", heading)
    assert f"Retyped {INCIDENT_PATH}:11: '\ufeff{heading}' → '{heading}'\n" in output
    assert 0 == code, output


@pytest.mark.parametrize(
    "line",
    [
        # Read without its comment: the line as written is not the one check read.
        "Components: **api=major_outage** <!-- the EU API only -->",
        # Without the character, four spaces: indented code, still no update.
        "\u200b    ## Identified at 2026-11-20 14:30 +01:00",
    ],
)
def test_fix_leaves_a_line_it_cannot_retype_safely(tmp_path: Path, line: str) -> None:
    text = SLIPPED.replace("LINE", line)
    root = write_site(tmp_path, {INCIDENT_PATH: text})
    before = run(root)

    code, output = run(root, "--fix", "--now", BUILD_NOW)

    assert 1 == before[0]
    assert (1, before[1]) == (code, output.replace(NOTHING_FIXED, ""))
    assert NOTHING_FIXED in output
    assert text == (root / INCIDENT_PATH).read_text()


NOTHING_FIXED = "Nothing fixed: correct the errors above first.\n"


def test_fix_retypes_lines_and_reports_the_errors_it_cannot_fix(tmp_path: Path) -> None:
    slipped = "Components: **api=major_outage**"
    root = write_site(tmp_path, {INCIDENT_PATH: SLIPPED.replace("LINE", slipped), BAD: BAD_TEXT})

    code, output = run(root, "--fix", "--now", BUILD_NOW)

    assert 1 == code
    assert f"Retyped {INCIDENT_PATH}:9: '{slipped}' → 'Components: api=major_outage'\n" in output
    assert "unknown component 'chekout'" in output
    assert "has its changes in bold" not in output
    assert "Nothing else fixed: correct the errors above first.\n" in output
    assert "## Investigating at 2026-11-20\n" in (root / BAD).read_text()  # not pinned
    assert (
        SLIPPED.replace("LINE", "Components: api=major_outage")
        == (root / INCIDENT_PATH).read_text()
    )


REHEARSAL = "content/incidents/2026-11-21-rehearsal.md"


@pytest.mark.parametrize(
    ("below", "keys"),
    [
        ("draft: true\naudiences: [internal]\n", [(6, "draft"), (7, "audiences")]),
        ("audiences:\n  - internal\nimpact: minor\n", [(6, "audiences"), (8, "impact")]),
        # A blank line left under the '---' first: still the front matter meant.
        ("\ndraft: true\n\naudiences: [internal]\n", [(7, "draft"), (9, "audiences")]),
        # Typed some other way than YAML's, but plainly the key.
        ("draft : true\n", [(6, "draft")]),
        ("draft:true\n", [(6, "draft")]),
        ("Draft: true\n", [(6, "draft")]),
        ("\nAudiences: [internal]\n", [(7, "audiences")]),
    ],
    ids=["keys", "indented", "blank-line", "space", "no-space", "capital", "blank-capital"],
)
def test_a_front_matter_key_below_the_closing_fence_is_an_error_at_its_line(
    tmp_path: Path, below: str, keys: list[tuple[int, str]]
) -> None:
    text = (
        "---\ntitle: Rehearsal\nstatus: investigating\ncomponents: {api: major_outage}\n---\n"
        f"{below}\n## Investigating at 2026-11-21 10:00\nRehearsal only.\n"
    )
    root = write_site(tmp_path, {REHEARSAL: text})

    code, output = run(root, "--format", "json")
    built = run_build(root)

    assert 1 == code
    assert [(line, key, "move it above the closing '---'") for line, key in keys] == [
        (d["line"], d["message"].split("'")[1].rstrip(":"), d["hint"])
        for d in json.loads(output)
        if d["path"] == REHEARSAL
    ]
    assert 1 == built.exit_code
    assert not (root / "public" / "status.json").exists()


def test_a_summary_that_starts_with_a_word_and_a_colon_is_no_slipped_key(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Rehearsal\nstatus: investigating\ncomponents: {api: major_outage}\n---\n"
        "Note: the API is slow.\n\n## Investigating at 2026-11-21 10:00\nSlow.\n"
    )
    assert 0 == run(write_site(tmp_path, {REHEARSAL: text}))[0]


@pytest.mark.parametrize(
    "below",
    [
        "\nNote: the API is slow.\n\ndraft: true\n",
        "\nImpact: card payments in the EU take up to 30 seconds.\n",
        "\nThe API is slow.\ndraft: true is how we hold a page back.\n",
    ],
    ids=["prose-first", "capital-prose", "key-inside-prose"],
)
def test_a_summary_after_a_blank_line_is_its_text(tmp_path: Path, below: str) -> None:
    text = (
        "---\ntitle: Rehearsal\nstatus: investigating\ncomponents: {api: major_outage}\n---\n"
        f"{below}\n## Investigating at 2026-11-21 10:00\nSlow.\n"
    )
    code, output = run(write_site(tmp_path, {REHEARSAL: text}))
    assert 0 == code, output


def test_a_summary_that_starts_with_a_key_the_front_matter_sets_is_its_text(
    tmp_path: Path,
) -> None:
    # Moved above the '---' it would set `impact` twice: it is the summary's first word.
    text = (
        "---\ntitle: Card payments slow\nstatus: investigating\nimpact: minor\n"
        "components: {api: degraded_performance}\n---\n"
        "impact: card payments in the EU take up to 30 seconds; other regions are fine.\n"
        "\n## Investigating at 2026-11-21 10:00\nSlow.\n"
    )
    root = write_site(tmp_path, {REHEARSAL: text})

    code, output = run(root)
    built = run_build(root)

    assert 0 == code, output
    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-11-21-rehearsal/index.html").read_text()
    assert "card payments in the EU take up to 30 seconds" in page


COPY_PATH = "content/incidents/2026-11-25-checkout-errors.md"


@pytest.mark.parametrize(
    ("copy", "warned"),
    [
        # Copied to start a new incident and left as it was: the page shows it twice.
        (INCIDENT, True),
        # Its own first update: two incidents may share a title.
        (INCIDENT.replace("14:05", "14:06"), False),
        (INCIDENT.replace("We are looking into it.", "Slow again."), False),
        (INCIDENT.replace("Checkout errors", "Checkout errors again"), False),
    ],
    ids=["copy", "own-time", "own-text", "own-title"],
)
def test_an_unedited_copy_of_an_incident_is_warned_of(
    tmp_path: Path, copy: str, warned: bool
) -> None:
    code, output = run(write_site(tmp_path, {COPY_PATH: copy}))
    assert 0 == code, output  # a warning: the site still builds
    told = (
        f"{COPY_PATH}:9:1: warning: same title ('Checkout errors') and first update (time "
        f"and text) as {INCIDENT_PATH}: the page shows the same incident twice\n"
        "    hint: one of the two is likely a copy (the names do not tell which): if it was "
        "made to start a new one, give the copy its own title and its own first update's "
        "time and text; if it is a stray copy, delete the copy\n"
    )
    assert warned == (told in output), output


def test_the_copy_warned_of_is_the_file_named_after_the_other(tmp_path: Path) -> None:
    # By whole names `x-2.md` sorts before `x.md` ('-' before '.'): the original was told
    # it repeats `x-2.md`, and that if it is a stray copy, to delete it.
    stem = INCIDENT_PATH.removesuffix(".md")
    copies = [f"{stem}-2.md", f"{stem}-copy.md"]
    code, output = run(write_site(tmp_path, dict.fromkeys(copies, INCIDENT)))
    assert 0 == code, output
    warned = [line.split(":")[0] for line in output.splitlines() if ": warning: " in line]
    assert copies == warned, output
    assert f"as {INCIDENT_PATH}: the page shows" in output, output
    assert "hint: if this file was copied to start a new one" in output, output


@pytest.mark.parametrize(
    ("opened", "other"),
    [
        # Two alerts firing at one second: ingest opens two incidents, the second `-2.md`.
        (
            'alert:\n  source: alertmanager\n  id: "HighLatency"\n',
            'alert:\n  source: alertmanager\n  id: "ProbeFailure"\n',
        ),
        # The same incident imported from two tools: each import updates its own file.
        ("import_id: statuspage:p1\n", "import_id: cstate:p1\n"),
    ],
    ids=["alerts", "items-of-two-tools"],
)
def test_files_opened_for_different_alerts_are_not_called_copies(
    tmp_path: Path, opened: str, other: str
) -> None:
    # Told to delete the stray copy, the user would have dropped an open outage.
    stem = INCIDENT_PATH.removesuffix(".md")
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: INCIDENT.replace("---\nSome", f"{opened}---\nSome"),
        f"{stem}-2.md": INCIDENT.replace("---\nSome", f"{other}---\nSome"),
    }
    code, output = run(write_site(tmp_path, files))
    assert (0, "") == (code, "\n".join(line for line in output.splitlines() if "warning" in line))


def test_files_imported_from_two_items_of_one_tool_alike_are_called_copies(
    tmp_path: Path,
) -> None:
    # One cState post imported under its path and again under another path (moved to
    # `x/index.md`): two ids of one tool, one incident the page shows twice.
    stem = INCIDENT_PATH.removesuffix(".md")
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: INCIDENT.replace("---\nSome", "import_id: cstate:x.md\n---\nSome"),
        f"{stem}-2.md": INCIDENT.replace("---\nSome", "import_id: cstate:x/index.md\n---\nSome"),
    }
    code, output = run(write_site(tmp_path, files))
    assert 0 == code, output
    assert f"{stem}-2.md:" in output and ": warning: same title" in output, output
    assert f"as {INCIDENT_PATH}: the page shows the same incident twice" in output, output


IDENTIFIED = "## Identified at 2026-11-20 14:30\nComponents: checkout=partial_outage\n\n"


@pytest.mark.parametrize(
    ("second", "warned"),
    [
        # One block kept twice when a merge conflict was resolved: told twice everywhere.
        (f"{IDENTIFIED}Found the faulty release.\n\n", True),
        # Wrapped anew while the conflict was resolved: the same words all the same.
        (f"{IDENTIFIED}Found the faulty\n  release.\n\n", True),
        # Two updates in one minute, each its own news.
        (f"{IDENTIFIED}Rolling it back.\n\n", False),
        (f"{IDENTIFIED.replace('14:30', '14:31')}Found the faulty release.\n\n", False),
        (f"{IDENTIFIED.replace('Identified', 'Monitoring')}Found the faulty release.\n\n", False),
    ],
    ids=["pasted-twice", "rewrapped", "own-text", "own-time", "own-state"],
)
def test_an_update_pasted_twice_is_warned_of_at_the_copy(
    tmp_path: Path, second: str, warned: bool
) -> None:
    first = f"{IDENTIFIED}Found the faulty release.\n\n"
    text = INCIDENT.replace("## Resolved", f"{first}{second}## Resolved")
    root = write_site(tmp_path, {INCIDENT_PATH: text})

    code, output = run(root)
    built = run_build(root)

    told = (
        f"{INCIDENT_PATH}:17:1: warning: update repeats the update on line 12 (same heading "
        "time, state and message): every page, feed and the API show it twice\n"
        "    hint: delete one of the two copies (resolving a merge conflict by keeping both "
        "sides leaves one twice)\n"
    )
    assert (0, warned) == (code, told in output), output
    # A warning, as other checks' are: the build still publishes, and says it too.
    assert (0, warned) == (built.exit_code, told in built.output), built.output


FOUND = "Found the faulty release.\n\n"


@pytest.mark.parametrize(
    ("between", "again", "warned"),
    [
        # Both sides of a conflict kept, each with an update of its own after the shared
        # one: the shared one is told twice and changes nothing the second time.
        (f"{IDENTIFIED}Rolling it back.\n\n", f"{IDENTIFIED}{FOUND}", True),
        # Another component's status in the same words: not a copy.
        ("", f"{IDENTIFIED.replace('outage', 'outage, dashboard=operational')}{FOUND}", False),
        # Its heading's seconds tell it apart.
        ("", f"{IDENTIFIED.replace('14:30', '14:30:20')}{FOUND}", False),
        # Checkout was back up in between: the same block takes it down again, as ingest
        # writes an alert that fires twice in one minute. Deleting it would lose that.
        (f"{IDENTIFIED.replace('partial_outage', 'operational')}Up.\n\n",
         f"{IDENTIFIED}{FOUND}", False),
        # Monitoring in between: the same block opens the incident again.
        (f"{IDENTIFIED.replace('Identified', 'Monitoring')}Watching.\n\n",
         f"{IDENTIFIED}{FOUND}", False),
    ],
    ids=["kept-around-another", "own-components", "own-seconds", "status-again", "state-again"],
)  # fmt: skip
def test_an_update_that_changes_a_status_again_is_no_copy(
    tmp_path: Path, between: str, again: str, warned: bool
) -> None:
    text = INCIDENT.replace("## Resolved", f"{IDENTIFIED}{FOUND}{between}{again}## Resolved")
    text = text.replace(
        "  checkout: partial_outage\n", "  checkout: partial_outage\n  dashboard: operational\n"
    )
    root = write_site(tmp_path, {INCIDENT_PATH: text})

    code, output = run(root)

    assert (0, warned) == (code, "update repeats the update on line 13" in output), output


OPEN_INCIDENT = INCIDENT.replace("status: resolved", "status: investigating").split(
    "\n## Resolved"
)[0]
ALERT = "alert:\n  source: generic\n  id: a1\n"
CLEARED = (
    OPEN_INCIDENT.replace("investigating", "monitoring").replace(
        "---\nSome",
        f"{ALERT}  fired_at: 2026-11-20 14:05\n  cleared_at: 2026-11-20 15:00\n---\nSome",
    )
    + "\n## Monitoring at 2026-11-20 15:00\nThe alert has cleared.\n"
)


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [
        # A copy of an incident ingest opened, given its own title as the copy warning says:
        # the alert's clear would resolve one of them and leave the other open for good.
        (OPEN_INCIDENT, OPEN_INCIDENT.replace("Checkout errors", "Card errors"), True),
        # The alert fired again after its incident was resolved: ingest opened a new one.
        (INCIDENT, OPEN_INCIDENT.replace("14:05", "16:00"), False),
        (INCIDENT, INCIDENT.replace("14:05", "16:00").replace("15:12", "16:30"), False),
        # Its clear recorded, then firing again where the open one cannot follow (other
        # pages): ingest opened a new one, and left the first to whoever watches it.
        (CLEARED, OPEN_INCIDENT.replace("14:05", "16:00"), False),
    ],
    ids=["both-open", "resolved-then-open", "both-resolved", "cleared-then-open"],
)
def test_two_open_incidents_for_one_alert_are_an_error_at_both(
    tmp_path: Path, first: str, second: str, refused: bool
) -> None:
    copy = INCIDENT_PATH.removesuffix(".md") + "-copy.md"
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: first
        if "alert:" in first
        else first.replace("---\nSome", f"{ALERT}---\nSome"),
        copy: second.replace("---\nSome", f"{ALERT}---\nSome"),
    }
    code, output = run(write_site(tmp_path, files))
    told = [
        (
            f"{path}:6:1: alert generic a1 is also that of {other}, open too: ingest updates "
            "and resolves one open incident per alert, and would leave the other open\n"
            "    hint: in the file copied from the other (to start a new one), remove "
            "'alert:' and the lines indented below it; if it is a stray copy, delete it\n"
        )
        for path, other in [(INCIDENT_PATH, copy), (copy, INCIDENT_PATH)]
    ]
    assert (int(refused), [refused, refused]) == (code, [t in output for t in told]), output


@pytest.mark.parametrize(
    ("front", "said"),
    [
        ("", "and first update (time and text) as {other}: the page shows"),
        (ALERT, "alert generic a1 is also that of {other}, open too"),
        ("import_id: incident-1\n", "import_id 'incident-1' is also in {other}: an import"),
    ],
    ids=["unedited-copy", "one-alert", "one-import-id"],
)
def test_a_problem_names_the_other_file_as_it_names_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, front: str, said: str
) -> None:
    # `-C status check` named the copy `status/content/...` and the file it repeats
    # `content/...`, from the site's folder: a file that is not there from the shell.
    copy = INCIDENT_PATH.removesuffix(".md") + "-copy.md"
    text = OPEN_INCIDENT.replace("---\nSome", f"{front}---\nSome")
    write_site(tmp_path / "status", {INCIDENT_PATH: text, copy: text})
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["-C", "status", "check"])

    told = [line for line in result.output.splitlines() if line.startswith(f"status/{copy}:")]
    expected = said.format(other=f"status/{INCIDENT_PATH}")
    assert 1 == sum(expected in line for line in told), result.output


def test_a_build_with_nothing_to_do_names_the_other_file_as_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The warnings a build with nothing to do says again come from its manifest.
    copy = INCIDENT_PATH.removesuffix(".md") + "-copy.md"
    write_site(tmp_path / "status", {copy: INCIDENT})
    monkeypatch.chdir(tmp_path)
    expected = f"status/{copy}:9:1: warning: same title ('Checkout errors') and first update "
    expected += f"(time and text) as status/{INCIDENT_PATH}: the page shows"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["-C", "status", "build", "-q", "--now", BUILD_NOW])
        assert 0 == result.exit_code, result.output
        assert expected in result.output


def test_the_copy_warning_says_to_remove_the_alert_the_copy_carries(tmp_path: Path) -> None:
    stem = INCIDENT_PATH.removesuffix(".md")
    opened = INCIDENT.replace("---\nSome", f"{ALERT}---\nSome")
    code, output = run(write_site(tmp_path, {INCIDENT_PATH: opened, f"{stem}-copy.md": opened}))
    assert 0 == code, output  # both resolved: only the copy warning
    assert (
        "    hint: if this file was copied to start a new one, give it its own title and its "
        "own first update's time and text, and remove its 'alert:' block; if it is a stray "
        "copy, delete it\n"
    ) in output, output


@pytest.mark.parametrize(
    ("reference", "names"),
    [
        ("&#1;", "U+0001 (a control character"),
        ("&#x1B;", "U+001B (a control character"),
        ("&#00008;", "U+0008 (a control character"),
        ("&#xFFFE;", "U+FFFE (a noncharacter)"),
        ("&#0;", "U+0000 (a control character"),
        ("&#xD800;", "U+D800 (a lone surrogate)"),
        ("&#x110000;", "no character (past U+10FFFF)"),
    ],
)
def test_a_reference_to_a_character_no_feed_can_carry_is_refused_by_check_and_build(
    tmp_path: Path, reference: str, names: str
) -> None:
    """`&#1;` is decoded by the page into the character itself, which the feeds cannot
    hold: check said "No problems found" and build ended in a traceback."""
    incident = INCIDENT.replace("Some payments failed.", f"Disk {reference} full.")
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    code, output = run(root)

    assert 1 == code, output
    told = f"{INCIDENT_PATH}:7:6: character reference '{reference}' names {names}"
    assert output.startswith(told), output
    assert f"write '\\{reference}'" in output
    for options in [(), ("--no-cache",), ()]:  # the last one with the cache of the first
        result = run_build(root, *options)
        assert 1 == result.exit_code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert told in result.output
        assert not (root / "public").exists()
    notified = CliRunner().invoke(cli, ["-C", str(root), "notify", "--dry-run"])
    assert 1 == notified.exit_code, notified.output
    assert told in notified.output


def test_a_reference_shown_as_typed_in_code_or_after_a_backslash_is_allowed(
    tmp_path: Path,
) -> None:
    message = "Sent `&#1;` and \\&#27; (a backslash \\ too), then:\n\n    &#xFFFE;\n"
    incident = INCIDENT.replace("Some payments failed.", message)
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    assert 0 == run(root)[0]
    result = run_build(root)
    assert 0 == result.exit_code, result.output
    page = (root / "public/incidents/2026-11-20-checkout-errors/index.html").read_text()
    assert "<code>&amp;#1;</code> and &amp;#27;" in page
    assert "&amp;#xFFFE;" in page


@pytest.mark.parametrize(
    ("message", "column", "instead"),
    [
        ("See <http://a.example/\\&#1;> for details.", 24, "'%01'"),
        ("Logs: https://logs.example.com/q\\&#1;x", 34, "'%01'"),
        ("See <https://a.example/&#xFFFE;>.", 24, "'%EF%BF%BE'"),
        ("See <https://a.example/\\&#xD800;>.", 25, "escapes nothing)"),
    ],
)
def test_a_reference_in_an_address_is_refused_though_a_backslash_is_before_it(
    tmp_path: Path, message: str, column: int, instead: str
) -> None:
    """A backslash escapes nothing in an address, which the page links as typed: `\\&#1;`
    there passed check, then build ended in a traceback; the hint said to write it."""
    incident = INCIDENT.replace("Some payments failed.", message)
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    code, output = run(root)

    assert 1 == code, output
    assert output.startswith(f"{INCIDENT_PATH}:7:{column}: character reference"), output
    assert "in an address a backslash escapes nothing" in output
    assert instead in output
    result = run_build(root)
    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{INCIDENT_PATH}:7:{column}:" in result.output


@pytest.mark.parametrize(
    "message",
    ["> ```\n> &#1;\n> ```", "> text\n>\n>     &#1; indented in quote"],
)
def test_a_reference_in_code_in_a_quote_is_allowed(tmp_path: Path, message: str) -> None:
    """Code in a quote is shown as typed, as any code is: check refused it."""
    incident = INCIDENT.replace("Some payments failed.", message)
    root = write_site(tmp_path, {INCIDENT_PATH: incident})

    code, output = run(root)

    assert 0 == code, output
    result = run_build(root)
    assert 0 == result.exit_code, result.output
    page = (root / "public/incidents/2026-11-20-checkout-errors/index.html").read_text()
    assert "&amp;#1;" in page


HTTP_MONITOR = "- id: m\n  component: api\n  type: http\n  url: https://x.org/\n"
NOTIFY = "notify:\n  channels:\n    - type: slack\n      url_env: SLACK_URL\n"


@pytest.mark.parametrize(
    ("files", "problem", "hint"),
    [
        # Zeros however many: YAML 1.1 reads octal 24, the page would show 24 days.
        (
            {"statusgen.yaml": SETTINGS + "history_days: 0000000000000000000000000030\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: YAML reads"
            " 00000000000000000000… as 24",
            "write 'history_days: 30'",
        ),
        (
            {
                "content/monitors.yaml": HTTP_MONITOR
                + "  expect_status: [000000000000000000000000200]\n"
            },
            "content/monitors.yaml:5:19: 'expect_status' must be written in decimal digits: YAML"
            " reads 00000000000000000000… as 128",
            "write 'expect_status: [200]'",
        ),
        # More digits than Python reads from text: out of range, shown shortened.
        (
            {"statusgen.yaml": SETTINGS + "history_days: 1" + "0" * 4400 + "\n"},
            "statusgen.yaml:4:15: history_days must be between 1 and 3650, not"
            " 10000000000000000000…",
            "e.g. 'history_days: 3650', the nearest value allowed",
        ),
        # A minus sign keeps the digits meant, not the octal value; out of range, the
        # number meant is not offered, only to be refused in turn.
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  timeout: -030\n"},
            "content/monitors.yaml:5:12: 'timeout' must be written in decimal digits: -030"
            " means -30, and it must be between 0.1 and 120",
            "e.g. 'timeout: 0.1', the nearest value allowed",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  expect_status: [-0200]\n"},
            "content/monitors.yaml:5:19: 'expect_status' must be written in decimal digits: YAML"
            " reads -0200 as -128",
            "write 'expect_status: [-200]'",
        ),
        # An example the range check then takes.
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  retries: two\n"},
            "content/monitors.yaml:5:12: 'retries' must be a whole number, not text",
            "write digits only, e.g. 'retries: 5'",
        ),
        (
            {"statusgen.yaml": SETTINGS + NOTIFY + "      retries: two\n"},
            "statusgen.yaml:8:16: 'retries' must be a whole number, not text",
            "write digits only, e.g. 'retries: 2'",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  retries: '2'\n"},
            "content/monitors.yaml:5:12: 'retries' must be a whole number, not text",
            "remove the quotes: write 'retries: 2'",
        ),
        (
            {"statusgen.yaml": SETTINGS + NOTIFY + "      timeout: '5'\n"},
            "statusgen.yaml:8:16: 'timeout' must be a number of seconds, not text",
            "remove the quotes: write 'timeout: 5'",
        ),
        # Text to YAML 1.1, though a number to whoever wrote it.
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  timeout: 1e1\n"},
            "content/monitors.yaml:5:12: 'timeout' must be written in decimal digits: YAML reads"
            " 1e1 as text, not a number",
            "write 'timeout: 10'",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  timeout: 0_9\n"},
            "content/monitors.yaml:5:12: 'timeout' must be written without a leading zero: YAML"
            " reads 0_9 as text, not a number",
            "write 'timeout: 9'",
        ),
        (
            {"statusgen.yaml": SETTINGS + NOTIFY + "      retries: 06\n"},
            "statusgen.yaml:8:16: 'retries' must be written in decimal digits: 06 means 6, and"
            " it must be between 0 and 5",
            "e.g. 'retries: 5', the nearest value allowed",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  retries: 1e1\n"},
            "content/monitors.yaml:5:12: 'retries' must be written in decimal digits: 1e1 means"
            " 10, and it must be between 0 and 5",
            "e.g. 'retries: 5', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + NOTIFY + "      timeout: 00\n"},
            "statusgen.yaml:8:16: 'timeout' must be written in decimal digits: 00 means 0, and"
            " it must be more than 0 and at most 120 seconds",
            "e.g. 'timeout: 10', the default",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: 00\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 00 means 0,"
            " and it must be between 1 and 3650",
            "e.g. 'history_days: 1', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: -1e1\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: -1e1 means"
            " -10, and it must be between 1 and 3650",
            "e.g. 'history_days: 1', the nearest value allowed",
        ),
        # An exponent past what a float writes out in digits: the same range and nearest.
        (
            {"statusgen.yaml": SETTINGS + "history_days: 1e15\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 1e15 means"
            " 1000000000000000, and it must be between 1 and 3650",
            "e.g. 'history_days: 3650', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: 9e99\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 9e99 means"
            " 90000000000000000000…, and it must be between 1 and 3650",
            "e.g. 'history_days: 3650', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: 1e400\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 1e400 means"
            " 10000000000000000000…, and it must be between 1 and 3650",
            "e.g. 'history_days: 3650', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: .5e3\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: YAML reads"
            " .5e3 as text, not a number",
            "write 'history_days: 500'",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: .5e4\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: .5e4 means"
            " 5000, and it must be between 1 and 3650",
            "e.g. 'history_days: 3650', the nearest value allowed",
        ),
        # A fraction where a whole number goes: told the nearest whole number it takes.
        (
            {"statusgen.yaml": SETTINGS + "history_days: 1e-1\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 1e-1 means"
            " 0.1, and it must be a whole number",
            "e.g. 'history_days: 1', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": SETTINGS + "history_days: 3.05e1\n"},
            "statusgen.yaml:4:15: 'history_days' must be written in decimal digits: 3.05e1"
            " means 30.5, and it must be a whole number",
            "e.g. 'history_days: 30', the nearest whole number",
        ),
    ],
)
def test_a_number_setting_is_told_the_number_meant(
    tmp_path: Path, files: dict[str, str | bytes | None], problem: str, hint: str
) -> None:
    code, output = run(write_site(tmp_path, files))
    assert 1 == code
    lines = output.splitlines()
    assert problem in lines
    assert f"    hint: {hint}" == lines[lines.index(problem) + 1]


def test_a_link_the_page_drops_is_warned_of_a_phone_link_is_kept(tmp_path: Path) -> None:
    # A status page's support line is linked as `tel:`; an `ftp:` mirror's link was shown
    # as its text alone, the address gone, and check said nothing of it.
    text = INCIDENT.replace(
        "We are looking into it.",
        "We are looking into it. Call [support](tel:+1-555-0100).\n"
        "Logs are on [the mirror](ftp://ftp.example.com/logs/).",
    )
    root = write_site(tmp_path, {INCIDENT_PATH: text})

    code, output = run(root)

    line = text.splitlines().index("Logs are on [the mirror](ftp://ftp.example.com/logs/).") + 1
    assert 0 == code, output
    said = f"{INCIDENT_PATH}:{line}:26: warning: this link's address starts with 'ftp:'"
    assert said in output
    assert "hint: link to an address starting with one of http:, https:, mailto:, tel:" in output
    assert "'tel:'" not in output
    assert 0 == run_build(root).exit_code
    page = (root / "public" / "incidents" / "2026-11-20-checkout-errors" / "index.html").read_text()
    assert '<a href="tel:+1-555-0100"' in page
    assert "ftp://" not in page


def test_a_javascript_link_spelled_with_a_character_reference_is_warned_of(
    tmp_path: Path,
) -> None:
    # `&#106;avascript:` is `javascript:` to the page, which shows the link's text alone;
    # check warned only of the link spelled plainly.
    written = "See [x](javascript:alert(1)) and [y](&#106;avascript:alert(2))."
    text = INCIDENT.replace("We are looking into it.", f"We are looking into it.\n{written}")
    root = write_site(tmp_path, {INCIDENT_PATH: text})

    code, output = run(root)

    line = text.splitlines().index(written) + 1
    assert 0 == code, output
    said = "warning: this link's address starts with 'javascript:', which the page does not"
    assert f"{INCIDENT_PATH}:{line}:9: {said}" in output
    assert f"{INCIDENT_PATH}:{line}:38: {said}" in output


@pytest.mark.parametrize(
    "written",
    [
        "See [x]( javascript:alert(1)).",
        "See [x](<javascript:alert(1)>).",
        "See [x](JAVASCRIPT:alert(1)).",
        "See [x](javascript\\:alert(1)).",
        "See <ftp://ftp.example.com/logs/>.",
        "See [x][r].\n\n[r]:\n  javascript:alert(1)",
        "> See [x](https://ok.example/) and [y](ftp://ftp.example.com/).",
    ],
    ids=["space", "angle", "capitals", "escape", "autolink", "definition-below", "quoted"],
)
def test_a_dropped_link_is_warned_of_however_its_address_is_written(
    tmp_path: Path, written: str
) -> None:
    # check reads a message's links with the Markdown module only when a scheme the page
    # drops may be written in it: each way of writing one still gets its warning.
    text = INCIDENT.replace("We are looking into it.", f"We are looking into it.\n{written}")
    root = write_site(tmp_path, {INCIDENT_PATH: text})

    code, output = run(root)

    assert 0 == code, output
    assert "warning: this link's address starts with '" in output, output


@pytest.mark.parametrize("name", ["aux", "con", "nul", "com1", "lpt9"])
def test_a_name_windows_keeps_for_a_device_is_warned_of(tmp_path: Path, name: str) -> None:
    # Git for Windows refuses to check out `aux.md`, or the component's folder `con/`:
    # a colleague on Windows cannot clone the site, and nothing said why.
    reserved = f"content/incidents/{name}.md"
    components = f"{COMPONENTS}- id: {name}\n  name: Device\n"
    root = write_site(tmp_path, {reserved: INCIDENT, "content/components.yaml": components})

    code, output = run(root)

    assert 0 == code, output
    said = f"{reserved}: warning: the file name '{name}.md' is one Windows keeps for a device"
    assert said in output
    assert f"hint: rename the file, e.g. to {name}-incident.md" in output
    line = components.splitlines().index(f"- id: {name}") + 1
    said = f"content/components.yaml:{line}:7: warning: component id '{name}' is a name Windows"
    assert said in output
    assert f"hint: set another id, e.g. 'id: {name}-component'" in output


def test_a_renamed_component_a_few_incidents_name_often_is_one_annotation(
    tmp_path: Path,
) -> None:
    """Three incidents naming the renamed `dashboard` on seven `Components:` lines each:
    21 annotations of one cause, and GitHub shows a step's first 10, while a fourth file
    brought them down to one."""
    updates = "".join(
        f"\n## Monitoring at 2026-11-20 14:{minute:02}\n"
        f"Components: dashboard={'degraded_performance' if minute % 2 else 'operational'}\n"
        "Still watching.\n"
        for minute in range(10, 17)
    )
    incident = INCIDENT.replace("status: resolved", "status: monitoring").replace(
        "## Resolved at 2026-11-20 15:12\nAll good again.\n", updates.lstrip("\n")
    )
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("Dashboard", "Dashboards"),
        BAD: INCIDENT.replace("status: resolved", "status: resolvd"),
    }
    named = [f"content/incidents/2026-11-{day:02}-x.md" for day in range(1, 4)]
    for path in named:
        files[path] = incident
    root = write_site(tmp_path, files)

    code, output = run(root)
    _, annotations = run(root, "--format", "github")

    assert 1 == code
    assert f"{named[0]}:13:13: unknown component 'dashboard', named 21 times in 3 files" in (
        output.splitlines()
    ), output
    assert sorted([BAD, named[0]]) == [
        line.split("file=")[1].split(",")[0] for line in annotations.splitlines()
    ], annotations


@pytest.mark.parametrize(
    ("zone", "before", "written", "after", "offset"),
    [
        # Berlin's clocks skip 02:00-03:00: +01:00 would be 03:30 CEST, after 03:15.
        (
            "Europe/Berlin",
            "## Identified at 2026-03-29 01:30 +01:00",
            "## Identified at 2026-03-29 02:30",
            "## Monitoring at 2026-03-29 03:15 +02:00",
            "+02:00",
        ),
        # New York's repeat 01:00-02:00: -04:00 would be the first 01:45, before 01:10 -05:00.
        (
            "America/New_York",
            "## Monitoring at 2026-11-01 01:10 -05:00",
            "## Monitoring at 2026-11-01 01:45",
            "",
            "-05:00",
        ),
    ],
    ids=["skipped", "repeated"],
)
def test_the_offset_a_daylight_saving_hint_offers_keeps_the_updates_in_order(
    tmp_path: Path, zone: str, before: str, written: str, after: str, offset: str
) -> None:
    """Following the hint for a time the clocks skip or repeat must leave the file right,
    not trade the problem for "update is earlier than the update before it"."""
    path = "content/incidents/2026-03-29-db.md"
    body = "\n\n".join(line + "\n\nText." for line in (before, written, after) if line)
    text = f"---\ntitle: Database\nstatus: monitoring\ncomponents: [api]\n---\n{body}\n"
    settings = SETTINGS.replace("Europe/Berlin", zone) + "start_date: 2026-03-01\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings, path: text})

    code, output = run(root, "--now", "2026-12-01 12:00 +00:00")

    fixed = f"{written} {offset}"
    assert 1 == code, output
    assert f"hint: write it as '{fixed}'" in output, output
    (root / path).write_text(text.replace(written, fixed), encoding="utf-8")
    code, output = run(root, "--now", "2026-12-01 12:00 +00:00")
    assert (0, "No problems found") == (code, output[: len("No problems found")]), output


def test_an_update_out_of_order_gets_one_fix_not_a_components_hint_against_it(
    tmp_path: Path,
) -> None:
    """An earlier update written at the end: its Components line is not the last status
    set in time, so asking for it in the front matter (judged in file order) would
    contradict moving the update up. Only the order is told; following it is enough."""
    path = "content/incidents/2026-03-29-db.md"
    late = "## Identified at 2026-03-29 20:00 +02:00\n\nComponents: api=major_outage\n\nLate.\n\n"
    head = "---\ntitle: Database\nstatus: postmortem\ncomponents:\n  api: operational\n---\n"
    story = (
        "## Investigating at 2026-03-29 18:00 +02:00\n\nLooking.\n\n",
        "## Identified at 2026-03-29 21:00 +02:00\n\nComponents: api=major_outage\n\nFound.\n\n",
        "## Resolved at 2026-03-29 22:00 +02:00\n\nComponents: api=operational\n\nFixed.\n\n",
    )
    postmortem = "## Postmortem at 2026-03-30 10:00 +02:00\n\nWhat happened.\n"
    text = head + "".join(story) + late + postmortem
    root = write_site(tmp_path, {path: text})

    code, output = run(root, "--now", "2026-12-01 12:00 +00:00")

    assert (1, "1 problem in 1 file") == (code, output.splitlines()[-1]), output
    assert f"{path}:23:1: update is earlier than the update before it (line 17)" in output
    (root / path).write_text(head + story[0] + late + "".join(story[1:]) + postmortem)
    code, output = run(root, "--now", "2026-12-01 12:00 +00:00")
    assert (0, "No problems found") == (code, output[: len("No problems found")]), output


TWIN_APIS = "- id: eu-api\n  name: EU API\n- id: us-api\n  name: US API\n"
TWIN_INCIDENT = (
    "---\n"
    "title: Slow\n"
    "status: investigating\n"
    "components:\n"
    "  us-api: degraded_performance\n"
    "---\n"
    "## Investigating at 2026-11-20 10:00 +00:00\n"
    "Components: us-api=degraded_performance\n"
    "\n"
    "## Investigating at 2026-11-20 11:00 +00:00\n"
    "{line}\n"
)


def test_an_unknown_id_as_close_to_two_ids_names_both(tmp_path: Path) -> None:
    # Naming one of them would be a guess, and following it may set the wrong region.
    text = TWIN_INCIDENT.format(line="Components: api=degraded_performance")
    root = write_site(tmp_path, {INCIDENT_PATH: text, "content/components.yaml": TWIN_APIS})

    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", BUILD_NOW])

    assert 1 == result.exit_code
    assert [
        f"{INCIDENT_PATH}:11:13: unknown component 'api'",
        "    hint: did you mean 'eu-api' or 'us-api'? known components: eu-api, us-api",
    ] == result.output.splitlines()[:2]


def test_a_components_line_that_reads_as_prose_offers_keeping_it_text_first(
    tmp_path: Path,
) -> None:
    text = TWIN_INCIDENT.format(line="Components: api=operational, we think")
    root = write_site(tmp_path, {INCIDENT_PATH: text, "content/components.yaml": TWIN_APIS})

    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", BUILD_NOW])

    keep = (
        "    hint: if this line is message text, start it with '&#32;' (which the page does "
        "not show); if it is a status change, "
    )
    assert 1 == result.exit_code
    assert [
        f"{INCIDENT_PATH}:11:13: unknown component 'api'",
        f"{keep}did you mean 'eu-api' or 'us-api'? known components: eu-api, us-api",
        f"{INCIDENT_PATH}:11:30: cannot read 'we think' on the Components line",
        f"{keep}write each change as id=status, e.g. 'Components: eu-api=major_outage'",
    ] == result.output.splitlines()[:4]
