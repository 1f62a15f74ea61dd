"""Reading source files: YAML with line numbers, front matter, text decoding, timeline headings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from statusgen.load import yamlnodes
from statusgen.load.frontmatter import split
from statusgen.load.text import decode, name_character
from statusgen.load.yamlnodes import Mapping, Scalar, Sequence, parse_yaml, syntax_problem
from statusgen.model import IncidentState, MaintenanceState
from statusgen.timeline import (
    TimelineError,
    format_heading,
    parse_heading,
    parse_time,
    split_body,
)

BERLIN = ZoneInfo("Europe/Berlin")

# --- YAML ---------------------------------------------------------------------------


def test_yaml_values_keep_their_line_and_column() -> None:
    text = "title: Hello\nitems:\n  - one\n  - 2\nflag: yes\nwhen: 2026-11-20 14:05:00\n"
    root, problems = parse_yaml(text, "f.yaml")
    assert [] == problems
    assert isinstance(root, Mapping)
    title = root.get("title")
    assert isinstance(title, Scalar)
    assert ("Hello", 1, 8) == (title.value, title.line, title.column)
    items = root.get("items")
    assert isinstance(items, Sequence)
    assert [("one", 3, 5), (2, 4, 5)] == [
        (i.value, i.line, i.column) for i in items.items if isinstance(i, Scalar)
    ]
    assert root.entries["flag"].value == Scalar(True, "yes", "bool", 5, 7)
    # Times keep their text: statusgen reads them by its own rules, in the site timezone.
    when = root.get("when")
    assert isinstance(when, Scalar)
    assert ("2026-11-20 14:05:00", "timestamp") == (when.value, when.kind)


def test_yaml_lines_count_from_the_given_first_line() -> None:
    root, problems = parse_yaml("a: 1\nb: [x\n", "post.md", first_line=2)
    assert root is None
    assert ["post.md:3:4"] == [p.location() for p in problems]
    assert "(did not find expected ',' or ']' at line 4, column 1)" in problems[0].message


@pytest.mark.parametrize(
    ("text", "location", "fragment"),
    [
        ("a: &anchor 1\n", "f.yaml:1:4", "anchors are not supported (&anchor)"),
        ("a: [1]\nb: *x\n", "f.yaml:2:4", "aliases are not supported (*x)"),
        ("a: &x [1]\nb: *x\n", "f.yaml:2:4", "aliases are not supported (*x)"),
        ("a: !!python/object:os.system ls\n", "f.yaml:1:4", "unsupported YAML tag"),
        (
            "a: !!python/name:os.system\n",
            "f.yaml:1:4",
            "unsupported YAML tag '!!python/name:os.system'",
        ),
        ("a: !custom 1\n", "f.yaml:1:4", "unsupported YAML tag '!custom'"),
        ("a: !!set {x}\n", "f.yaml:1:4", "unsupported YAML tag '!!set'"),
        # A tag's constructor refusing its text is a problem at the value, never a crash.
        ("a: !!bool maybe\n", "f.yaml:1:4", "'maybe' is not a valid bool"),
        ("a: !!bool yes please\n", "f.yaml:1:4", "'yes please' is not a valid bool"),
        ('a: !!bool ""\n', "f.yaml:1:4", "'' is not a valid bool"),
        ("a: !!bool maybe\n  not\n", "f.yaml:1:4", "'maybe not' is not a valid bool"),
        ('a: !!int ""\n', "f.yaml:1:4", "'' is not a valid int"),
        ("a: !!int +\n", "f.yaml:1:4", "'+' is not a valid int"),
        ("a: !!int _\n", "f.yaml:1:4", "'_' is not a valid int"),
        ('a: !!float ""\n', "f.yaml:1:4", "'' is not a valid float"),
        ("a: !!float _\n", "f.yaml:1:4", "'_' is not a valid float"),
        ("a: !!binary abc\n", "f.yaml:1:4", "unsupported YAML tag '!!binary'"),
        ("a: !!str {b: 1}\n", "f.yaml:1:4", "unsupported YAML tag '!!str'"),
        ("a: !!foo x\n", "f.yaml:1:4", "unsupported YAML tag '!!foo'"),
        ("a: <<\n", "f.yaml:1:4", "'<<' has a meaning of its own in YAML"),
        ("- <<\n", "f.yaml:1:3", "'<<' has a meaning of its own in YAML"),
        ("- &b {a: 1}\n- <<: *b\n", "f.yaml:2:3", "YAML merge keys are not supported (<<)"),
        ("a: {<<: {b: 1}}\n", "f.yaml:1:5", "YAML merge keys are not supported (<<)"),
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1", "duplicate key 'a'"),
        ("title: [oops\n", "f.yaml:1:8", "invalid YAML: the '[' opened here is never closed"),
        ("a: 1\nb: {x: 1\nc: 2\n", "f.yaml:2:4", "the '{' opened here is never closed"),
        ('a: "text\nb: 2\n', "f.yaml:1:4", "the quote opened here is never closed"),
        ("a: b: c\n", "f.yaml:1:4", "invalid YAML: 'b: c' has ': ' in it"),
        ("a:\n\tb: 1\n", "f.yaml:2:1", "invalid YAML"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1", "more than one YAML document"),
        ("? [a, b]\n: 1\n", "f.yaml:1:3", "a key must be plain text"),
        ("a: 1\nb: \x07\n", "f.yaml:2:4", "character U+0007 (a control character) is not"),
    ],
)
def test_yaml_problems_are_located(text: str, location: str, fragment: str) -> None:
    _, problems = parse_yaml(text, "f.yaml")
    matching = [p for p in problems if p.location() == location and fragment in p.message]
    assert 1 == len(matching), problems


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # A tag written asks for its type whatever the quotes: taking the tag away is what
        # makes the value text.
        ("title: !!int abc\n", "remove '!!int' to make it text, or write an int"),
        ('title: !!int "abc"\n', "remove '!!int' to make it text, or write an int"),
        ("!!int history_days: 90\n", "remove '!!int' to make it text, or write an int"),
        ("a: !!float x\n", "remove '!!float' to make it text, or write a float"),
        ("a: !!bool maybe\n", "remove '!!bool' to make it text, or write a bool"),
        # No tag written: YAML read a number from the text, and quotes make it text.
        ("a: 0x_\n", "quote it to make it text"),
    ],
)
def test_a_value_yaml_cannot_read_as_its_type_says_how_to_make_it_text(
    text: str, hint: str
) -> None:
    _, problems = parse_yaml(text, "f.yaml")
    assert [hint] == [p.hint for p in problems], problems


@pytest.mark.parametrize("text", ["? [a, b]\n: x\n", "[a]: x\n", "{a: 1}: x\n"])
def test_a_key_yaml_reads_as_a_list_or_mapping_says_how_to_write_it(text: str) -> None:
    """`check --format json` showed these with an empty hint."""
    _, problems = parse_yaml(text, "f.yaml")
    assert ["write the key as plain text, e.g. 'name:', with no '?', '[' or '{' around it"] == [
        p.hint for p in problems
    ], problems


# libyaml says where a character it refuses is as a UTF-8 byte offset, PyYAML's own reader
# as a character index: both must point at the character, after any text before it.
YAML_LOADERS = [yaml.CSafeLoader, yaml.SafeLoader] if yaml.__with_libyaml__ else [yaml.SafeLoader]


@pytest.mark.parametrize("loader", YAML_LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(
    ("text", "first_line", "places"),
    [
        ('- id: api\n  name: "Größe äöü Ω日本 \x91x"\n', 1, [("f.yaml:2:24", "U+0091")]),
        ('title: "日本語日本語 C1\x91z"\nstatus: open\n', 2, [("f.yaml:2:18", "U+0091")]),
        ("title: Ünïcode \x9b x\x7f\n", 1, [("f.yaml:1:16", "U+009B"), ("f.yaml:1:19", "U+007F")]),
        ("a: x\nb: 日本\x80\nc: ü\x9f\n", 1, [("f.yaml:2:6", "U+0080"), ("f.yaml:3:5", "U+009F")]),
    ],
)
def test_a_control_character_yaml_refuses_is_named_where_it_is_written(
    monkeypatch: pytest.MonkeyPatch,
    loader: type[yaml.SafeLoader],
    text: str,
    first_line: int,
    places: list[tuple[str, str]],
) -> None:
    monkeypatch.setattr(yamlnodes, "_Loader", loader)
    root, problems = parse_yaml(text, "f.yaml", first_line=first_line)
    assert root is None
    assert [
        (where, f"character {code} (a control character) is not allowed") for where, code in places
    ] == [(p.location(), p.message) for p in problems]
    assert all(p.hint.startswith("remove it") for p in problems), problems


@pytest.mark.parametrize("loader", YAML_LOADERS, ids=lambda loader: loader.__name__)
def test_a_reader_error_of_either_parser_is_told_at_its_character(
    loader: type[yaml.SafeLoader],
) -> None:
    # Imports read YAML with PyYAML's own parser; the site's files with libyaml when built in.
    text = 'a: 1\nb: "Größe日本 \x91"\n'
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.load(text, Loader=loader)
    problem = syntax_problem(raised.value, text, "f.md", first_line=2)
    message = "character U+0091 (a control character) is not allowed"
    assert ("f.md:3:13", message) == (problem.location(), problem.message)


def test_duplicate_key_hint_names_the_first_line() -> None:
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert "'a' is already set on line 1; keep one" == problems[0].hint


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 30):
        prev = f"*a{n - 1}"
        lines.append(f"a{n}: &a{n} [{', '.join([prev] * 10)}]")
    _, problems = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert all("anchors" in p.message or "aliases" in p.message for p in problems)
    assert 30 + 29 * 10 == len(problems)


def test_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    root, problems = parse_yaml("[" * 5000 + "]" * 5000, "deep.yaml")
    assert root is None
    assert "nested too deeply" in problems[-1].message
    assert "close the lists and mappings" in problems[-1].hint


def test_empty_yaml_is_no_document() -> None:
    assert (None, []) == parse_yaml("# only a comment\n", "f.yaml")


# --- text and front matter ------------------------------------------------------------


def test_invalid_utf8_is_located() -> None:
    text, problems = decode("a.md", b"---\ntitle: caf\xe9\n---\n")
    assert text is None
    [problem] = problems
    assert "a.md:2:11" == problem.location()
    assert "not valid UTF-8" in problem.message


def test_bom_and_crlf_keep_line_numbers() -> None:
    text, _ = decode("a.md", "\ufeff---\r\ntitle: x\r\n---\r\n\r\n## Investigating\r\n".encode())
    assert text == "---\ntitle: x\n---\n\n## Investigating\n"
    parts, problem = split("a.md", text)
    assert problem is None
    assert parts is not None
    assert (2, 4) == (parts.yaml_line, parts.body_line)
    assert "title: x\n" == parts.yaml
    assert "\n## Investigating\n" == parts.body


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("title: x\n", "missing front matter"),
        ("", "missing front matter"),
        ("# Title\n---\n", "missing front matter"),
        ("---\ntitle: x\n\n## Investigating at 2026-11-20 14:05\n", "front matter is never closed"),
    ],
)
def test_front_matter_problems(text: str, fragment: str) -> None:
    parts, problem = split("a.md", text)
    assert parts is None
    assert problem is not None
    assert ("a.md:1:1", fragment) == (problem.location(), problem.message)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (" ---", "' ---'"),
        ("\t---", "'\\t---'"),
        ("----", "'----'"),
        ("--", "'--'"),
        ("\u2014", "'\u2014', with an EM DASH (U+2014) for '-'"),
        ("\u2013\u2013\u2013", "'\u2013\u2013\u2013', with an EN DASH (U+2013) for '-'"),
        # A note with a byte-order mark appended: the mark shows nothing.
        ("\ufeff---", "'\ufeff---', with a ZERO WIDTH NO-BREAK SPACE (U+FEFF) in it"),
        # A document's end as YAML writes it, which other tools' front matter may use.
        ("...", "'...', YAML's end of document"),
        ("--- # end", "'--- # end', with more after the '---'"),
        ("--- |", "'--- |', with more after the '---'"),
    ],
)
def test_a_closing_line_that_only_looks_like_one_is_named(line: str, shown: str) -> None:
    text = f"---\ntitle: x\nstatus: investigating\n{line}\n## Investigating at 2026-11-20 14:05\n"
    parts, problem = split("a.md", text)
    assert parts is None
    assert problem is not None
    assert (4, f"this line looks like the closing '---' but is {shown}") == (
        problem.line,
        problem.message,
    )
    assert "write exactly '---'" in problem.hint


@pytest.mark.parametrize("line", ["...", "--- # end"])
def test_a_yaml_document_end_is_named_before_a_later_thematic_break(line: str) -> None:
    """YAML ends the front matter there, so a `---` further down the body is no closing
    line: taken for one, it made the updates above it part of the front matter."""
    text = f"---\ntitle: x\n{line}\n## Investigating at 2026-11-20 14:05\nText.\n\n---\n"
    parts, problem = split("a.md", text)
    assert parts is None
    assert problem is not None
    assert ("a.md:3:1", f"this line looks like the closing '---' but is '{line}'") == (
        problem.location(),
        problem.message.partition("',")[0] + "'",
    )


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("\u2014-", "'\u2014-', with an EM DASH (U+2014) for '-'"),
        ("--", "'--'"),
        ("\u200b---", "'\u200b---', with a ZERO WIDTH SPACE (U+200B) in it"),
    ],
)
def test_an_opening_line_that_only_looks_like_one_is_named(line: str, shown: str) -> None:
    """Autocorrect makes '--' a dash as it is typed: the first line is named, as the
    closing one is, not told only that the front matter is missing."""
    text = f"{line}\ntitle: x\nstatus: investigating\n---\n## Investigating at 2026-11-20 14:05\n"
    parts, problem = split("a.md", text)
    assert parts is None
    assert problem is not None
    assert (1, f"this line looks like the opening '---' but is {shown}") == (
        problem.line,
        problem.message,
    )
    assert "write exactly '---' on it, nothing before or after, to open" in problem.hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A real closing line wins: the '----' above it is the YAML's to read.
        ("---\ntitle: x\n----\n---\n## Investigating at 2026-11-20 14:05\n", None),
        # A lone '-' is a YAML list item, not a fence typed wrong.
        ("---\n- x\n-\n", "front matter is never closed"),
    ],
)
def test_only_a_missing_closing_line_looks_for_a_near_miss(text: str, message: str | None) -> None:
    _, problem = split("a.md", text)
    assert message == (problem.message if problem else None)


# --- timeline -------------------------------------------------------------------------

WHEN = datetime(2026, 11, 20, 14, 5, tzinfo=BERLIN)
UTC_WHEN = datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc)
PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("heading", "state", "at"),
    [
        ("Investigating at 2026-11-20 14:05", IncidentState.INVESTIGATING, WHEN),
        ("investigating at 2026-11-20 14:05", IncidentState.INVESTIGATING, WHEN),
        ("IDENTIFIED - 2026-11-20 14:05", IncidentState.IDENTIFIED, WHEN),
        ("Monitoring — 2026-11-20 14:05", IncidentState.MONITORING, WHEN),
        ("Monitoring – 2026-11-20 14:05", IncidentState.MONITORING, WHEN),
        ("Resolved | 2026-11-20 14:05", IncidentState.RESOLVED, WHEN),
        ("Resolved: 2026-11-20 14:05", IncidentState.RESOLVED, WHEN),
        ("Resolved, 2026-11-20 14:05", IncidentState.RESOLVED, WHEN),
        ("2026-11-20 14:05 - Postmortem", IncidentState.POSTMORTEM, WHEN),
        ("2026-11-20 14:05 at Resolved", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20T14:05", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20 14:05:00", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20 14:05 Z", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20 14:05 UTC", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20 14:05 utc", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20T14:05Utc", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20T14:05Z", IncidentState.RESOLVED, UTC_WHEN),
        # GMT is UTC's other name, +00:00 in winter and summer, in London as anywhere.
        ("Resolved at 2026-11-20 14:05 GMT", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20T14:05gmt", IncidentState.RESOLVED, UTC_WHEN),
        ("Resolved at 2026-11-20 14:05 +01:00", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20 14:05 +0100", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20 14:05 +01", IncidentState.RESOLVED, WHEN),
        ("Resolved at 2026-11-20 14:05 ##", IncidentState.RESOLVED, WHEN),
        ("RESOLVED AT 2026-11-20 14:05", IncidentState.RESOLVED, WHEN),
        ("Resolved At 2026-11-20 14:05", IncidentState.RESOLVED, WHEN),
        ("2026-11-20 14:05 At Resolved", IncidentState.RESOLVED, WHEN),
    ],
)
def test_incident_heading_variants(heading: str, state: IncidentState, at: datetime) -> None:
    text = split_body(f"## {heading}\n", 1)[1][0].heading
    assert (state, at) == parse_heading(text, maintenance=False, tz=BERLIN)


@pytest.mark.parametrize(
    "heading",
    [
        "In progress at 2026-11-20 14:05",
        "in_progress at 2026-11-20 14:05",
        "In-Progress at 2026-11-20 14:05",
        "In Progress At 2026-11-20 14:05",
        "2026-11-20 14:05 - in progress",
    ],
)
def test_maintenance_heading_variants(heading: str) -> None:
    state, at = parse_heading(heading, maintenance=True, tz=BERLIN)
    assert (MaintenanceState.IN_PROGRESS, WHEN) == (state, at)


@pytest.mark.parametrize(
    ("heading", "message", "hint"),
    [
        (
            "Resolvd at 2026-11-20 14:05",
            "unknown incident state 'Resolvd'",
            "did you mean 'Resolved'?",
        ),
        ("Resolved", "has no time", "write it as '## Resolved at 2026-11-20 14:05'"),
        ("Resolved at", "has no time", "'## Resolved at 2026-11-20 14:05'"),
        (
            "Resolved at 2026-11-20",
            "'2026-11-20' has a date but no time of day",
            "'## Resolved at 2026-11-20 HH:MM'",
        ),
        ("Resolved at 11/12/2026 10:00", "ambiguous date", "## Resolved at 2026-11-20 14:05"),
        # Only one order reads (no month 30): the date the author wrote, as it is written.
        (
            "Investigating at 30.11.2026 10:00 +00:00",
            "'30.11.2026 10:00 +00:00' has its date in another order than statusgen reads",
            "write it as '## Investigating at 2026-11-30 10:00 +00:00'",
        ),
        (
            "Resolved at 2026-11-30 11.00 +00:00",
            "hours and minutes are split by '.'",
            "write it as '## Resolved at 2026-11-30 11:00 +00:00'",
        ),
        ("Resolved at 26-11-20 10:00", "two-digit year", "## Resolved at"),
        ("Resolved at 14:05", "has a time but no date", "## Resolved at"),
        (
            "Resolved at 14:05 2026-11-20",
            "'14:05 2026-11-20' has the time before the date",
            "write it as '## Resolved at 2026-11-20 14:05'",
        ),
        (
            "Resolved at 9:05, 2026-11-20 Z",
            "'9:05, 2026-11-20 Z' has the time before the date",
            "write it as '## Resolved at 2026-11-20 09:05 Z'",
        ),
        # The form is right: the day is what to correct, not the format to repeat.
        ("Resolved at 2026-02-30 10:00", "February has only 28 days", "correct the day"),
        ("Resolved at 2026-11-20 14:05 +25:00", "invalid offset", "## Resolved at"),
        # Years datetime can hold but a status page cannot mean: refused before they overflow.
        ("Resolved at 0001-01-01 00:00", "outside the years 1970 to 9998", "## Resolved at"),
        ("Resolved at 9999-12-31 23:59 -05:00", "outside the years 1970 to 9998", "## Resolved"),
        ("Resolved at 2026-11-20 14:05 (fixed)", "cannot read the time", "## Resolved at"),
        (
            "Resolved 2026-11-20 14:05",
            "needs ' at ' between the state and the time",
            "'## Resolved at 2026-11-20 14:05'",
        ),
        ("2026-11-20 14:05", "has no state", "'## Investigating at 2026-11-20 14:05'"),
        ("Completed at 2026-11-20 14:05", "is a maintenance state", "investigating, identified"),
        ("Background", "unknown incident state 'Background'", "use '###' for a heading"),
        ("", "cannot read update heading", "'## State at 2026-11-20 14:05' with one of"),
        (
            "Resolved at 2026-03-29 02:30",
            "does not exist in Europe/Berlin",
            "'## Resolved at 2026-03-29 02:30 +01:00'; '2026-03-29 02:30 +01:00' is 03:30 "
            "CEST, just after the change; '2026-03-29 02:30 +02:00' is 01:30 CET, just before it",
        ),
        # Copied from a Statuspage history page, or written out: the moment it names,
        # offered as the heading it should be.
        (
            "Resolved - Mar 2, 2026 - 15:12 UTC",
            "cannot read the time 'Mar 2, 2026 - 15:12 UTC'",
            "write it as '## Resolved at 2026-03-02 15:12 +00:00'",
        ),
        (
            "Identified at Monday, March 2nd 2026 at 3pm",
            "cannot read the time 'Monday, March 2nd 2026 at 3pm'",
            "write it as '## Identified at 2026-03-02 15:00'",
        ),
        (
            "Resolved at 2 Sept 2026 9:30 pm +0100",
            "cannot read the time '2 Sept 2026 9:30 pm +0100'",
            "write it as '## Resolved at 2026-09-02 21:30 +01:00'",
        ),
        # No such day, or no time of day: no moment to offer.
        ("Resolved - Feb 30, 2026 - 15:12 UTC", "cannot read the time", "14:05' with the"),
        ("Resolved - Mar 2, 2026 - 15 UTC", "cannot read the time", "14:05' with the"),
        (
            "Resolved at 2026-10-25 02:30",
            "ambiguous in Europe/Berlin",
            "'## Resolved at 2026-10-25 02:30 +02:00'; or +01:00 for the second",
        ),
        (
            "Resolved at 2026-10-25 02:30:45",
            "ambiguous in Europe/Berlin",
            "or +01:00 for the second time the clock shows 02:30:45",
        ),
    ],
)
def test_rejected_headings_show_the_canonical_form(heading: str, message: str, hint: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=False, tz=BERLIN)
    assert message in caught.value.message
    assert hint in caught.value.hint


@pytest.mark.parametrize(
    ("heading", "time"),
    [
        ("Not resolved at 2026-12-05 10:40", "2026-12-05 10:40"),
        ("Unresolved at 2026-12-05 10:40 +00:00", "2026-12-05 10:40 +00:00"),
        ("Never resolved at 2026-12-05 10:40", "2026-12-05 10:40"),
        ("\U0001f534 Unresolved at 2026-12-05 10:40 +00:00", "2026-12-05 10:40 +00:00"),
        ("Non-resolved", ""),
        ("Not yet resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Isn't resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Isn\u2019t resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Hasn't been resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Won't be resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Isn't yet resolved at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Resolved (not yet) at 2026-12-04 10:00", "2026-12-04 10:00"),
        ("Resolved - not yet - 2026-12-05 11:00", "2026-12-05 11:00"),
        ("Cannot be resolved at 2026-12-05 11:00", "2026-12-05 11:00"),
        ("Cannot resolve at 2026-12-05 11:00", "2026-12-05 11:00"),
        ("Nothing resolved at 2026-12-05 11:00", "2026-12-05 11:00"),
        # A lone negation after the state negates it as "not yet" does.
        ("Resolved (not really) at 2026-12-05 11:00 +00:00", "2026-12-05 11:00 +00:00"),
        ("Resolved - not - 2026-12-05 11:00 +00:00", "2026-12-05 11:00 +00:00"),
        ("Resolved? No - 2026-12-05 11:00 +00:00", "2026-12-05 11:00 +00:00"),
        ("Resolved (cannot confirm) at 2026-12-05 11:00 +00:00", "2026-12-05 11:00 +00:00"),
        ("Resolved? Nothing yet, 2026-12-05 11:00 +00:00", "2026-12-05 11:00 +00:00"),
        ("Resolved (isn't really) at 2026-12-05 11:00", "2026-12-05 11:00"),
        ("Resolved? Never, 2026-12-05 11:00", "2026-12-05 11:00"),
    ],
)
def test_a_negated_state_is_offered_no_state(heading: str, time: str) -> None:
    # "Did you mean 'Resolved'?" would close an incident its author says is still open.
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=False, tz=BERLIN)
    example = "" if time else ", and the update's own time in place of the example"
    assert (
        f"write it as '## State at {time or '2026-11-20 14:05'}' with one of the incident "
        "states in place of State: investigating, identified, monitoring, resolved, "
        f"postmortem{example}{LEVEL_2}"
    ) == caught.value.hint


@pytest.mark.parametrize(
    "heading",
    [
        "Completed - not yet - 2026-12-05 11:00",
        "Cannot be completed at 2026-12-05 11:00",
        "Completed (not really) at 2026-12-05 11:00",
    ],
)
def test_a_negated_completed_is_offered_no_state(heading: str) -> None:
    # Following '## Completed at …' before the window's start would call the window off.
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=True, tz=BERLIN)
    assert (
        "write it as '## State at 2026-12-05 11:00' with one of the maintenance states in "
        f"place of State: scheduled, in progress, verifying, completed{LEVEL_2}"
    ) == caught.value.hint


@pytest.mark.parametrize(
    ("heading", "maintenance", "meant"),
    [
        ("Identified, not yet resolved at 2026-12-05 11:00", False, "Identified"),
        ("Identified; not resolved - 2026-12-05 11:00", False, "Identified"),
        ("In progress, not completed at 2026-12-05 11:00", True, "In progress"),
        ("Identified, not resolved yet at 2026-12-05 11:00", False, "Identified"),
        ("Resolved at 2026-12-05 11:00 (no further errors)", False, "Resolved"),
    ],
)
def test_a_state_followed_by_another_negated_keeps_the_time_written(
    heading: str, maintenance: bool, meant: str
) -> None:
    # The example time in its place would date the update wrongly if copied.
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=maintenance, tz=BERLIN)
    assert caught.value.hint.startswith(f"write it as '## {meant} at 2026-12-05 11:00'")


@pytest.mark.parametrize(
    ("odd", "plain", "sign"),
    [
        ("\u22121:00", "-1:00", "a MINUS SIGN (U+2212), not '-'"),
        ("\u2212 01:00", "- 01:00", "a MINUS SIGN (U+2212), not '-'"),
        ("\u22125", "-5", "a MINUS SIGN (U+2212), not '-'"),
        ("GMT\u22125", "GMT-5", "a MINUS SIGN (U+2212), not '-'"),
        ("UTC\u201305:00", "UTC-05:00", "an EN DASH (U+2013), not '-'"),
        ("UTC\uff0b9", "UTC+9", "a FULLWIDTH PLUS SIGN (U+FF0B), not '+'"),
        ("\u221201:00 down", "-01:00 down", "a MINUS SIGN (U+2212), not '-'"),
    ],
)
def test_an_offset_with_a_look_alike_sign_is_told_as_its_plain_form_is(
    odd: str, plain: str, sign: str
) -> None:
    # Left out of the hint, the offset is lost and the time read in the site's zone.
    heading = "Investigating at 2026-12-07 10:00 {}"
    with pytest.raises(TimelineError) as told_plain:
        parse_heading(heading.format(plain), maintenance=False, tz=BERLIN)
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading.format(odd), maintenance=False, tz=BERLIN)
    assert (
        f"cannot read the time '2026-12-07 10:00 {odd}': its offset's sign is {sign}",
        f"{told_plain.value.hint}; the offset's sign is {sign}",
    ) == (caught.value.message, caught.value.hint)


def test_a_12_hour_clock_is_not_taken_for_a_zone() -> None:
    # PM is no zone's name, as CET is: its author is not told to write an offset for it,
    # but the time on the 24-hour clock (02:05 without it would be another moment).
    with pytest.raises(TimelineError) as caught:
        parse_heading("Resolved at 2026-11-20 02:05 PM", maintenance=False, tz=BERLIN)
    assert (
        "cannot read the time '2026-11-20 02:05 PM': times are written on the 24-hour clock, "
        "not with 'PM'",
        "write it as '## Resolved at 2026-11-20 HH:MM'; put the time of day on the 24-hour "
        "clock in place of HH:MM",
    ) == (caught.value.message, caught.value.hint)


@pytest.mark.parametrize(
    ("heading", "maintenance", "state"),
    [
        ("Identified @ sometime", False, IncidentState.IDENTIFIED),
        ("Identified (tbd)", False, IncidentState.IDENTIFIED),
        ("Resolved [tbd]", False, IncidentState.RESOLVED),
        ("In progress (tbd)", True, MaintenanceState.IN_PROGRESS),
        ("in_progress @ soon", True, MaintenanceState.IN_PROGRESS),
    ],
)
def test_a_heading_with_no_time_that_reads_keeps_its_state_in_the_hint(
    heading: str, maintenance: bool, state: IncidentState | MaintenanceState
) -> None:
    # The example time is not the update's: the hint says so, and keeps the state written.
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=maintenance, tz=BERLIN)
    assert (
        f"cannot read update heading '## {heading}'",
        f"write it as '## {state.label} at 2026-11-20 14:05' with the update's own time in "
        "its place; level-2 headings are timeline updates, use '###' for a heading inside a "
        "message",
        state,
    ) == (caught.value.message, caught.value.hint, caught.value.state)


LEVEL_2 = "; level-2 headings are timeline updates, use '###' for a heading inside a message"


@pytest.mark.parametrize(
    ("heading", "maintenance", "hint", "state"),
    [
        (
            "\u2705 Resolved at 2026-03-10 11:00 +00:00",
            False,
            "write it as '## Resolved at 2026-03-10 11:00 +00:00'",
            IncidentState.RESOLVED,
        ),
        (
            "**Resolved** at 2026-03-10 11:00 +00:00",
            False,
            "write it as '## Resolved at 2026-03-10 11:00 +00:00'",
            IncidentState.RESOLVED,
        ),
        (
            "[Identified] - 2026-03-10 11:00",
            False,
            "write it as '## Identified at 2026-03-10 11:00'",
            IncidentState.IDENTIFIED,
        ),
        (
            "\U0001f6a7 *In progress* at 2026-03-10 11:00",
            True,
            "write it as '## In progress at 2026-03-10 11:00'",
            MaintenanceState.IN_PROGRESS,
        ),
        # A near miss, as a state written first is told.
        (
            "Resolvd \u2705 at 2026-03-10 11:00",
            False,
            "write it as '## Resolved at 2026-03-10 11:00'",
            IncidentState.RESOLVED,
        ),
        # No state word it knows: which ones it takes, never one made up; the time kept.
        (
            "R\u00e9solu at 2026-03-10 11:00 +00:00",
            False,
            "write it as '## State at 2026-03-10 11:00 +00:00' with one of the incident "
            "states in place of State: investigating, identified, monitoring, resolved, "
            "postmortem",
            None,
        ),
        # A state negated is no state: never a hint that resolves an open incident.
        (
            "\u274c Not resolved at 2026-12-05 10:40 +00:00",
            False,
            "write it as '## State at 2026-12-05 10:40 +00:00' with one of the incident "
            "states in place of State: investigating, identified, monitoring, resolved, "
            "postmortem",
            None,
        ),
        (
            "\U0001f534 Unresolved at 2026-12-05 10:40 +00:00",
            False,
            "write it as '## State at 2026-12-05 10:40 +00:00' with one of the incident "
            "states in place of State: investigating, identified, monitoring, resolved, "
            "postmortem",
            None,
        ),
        (
            "\U0001f6a7 Never completed at 2026-12-05 10:40",
            True,
            "write it as '## State at 2026-12-05 10:40' with one of the maintenance states in "
            "place of State: scheduled, in progress, verifying, completed",
            None,
        ),
        (
            "\u2705 Erledigt",
            True,
            "write it as '## State at 2026-11-20 14:05' with one of the maintenance states in "
            "place of State: scheduled, in progress, verifying, completed, and the update's "
            "own time in place of the example",
            None,
        ),
    ],
)
def test_an_unreadable_heading_keeps_the_state_and_time_it_names_in_the_hint(
    heading: str,
    maintenance: bool,
    hint: str,
    state: IncidentState | MaintenanceState | None,
) -> None:
    # An emoji or emphasis around the state: the hint is the heading meant, not one made up.
    with pytest.raises(TimelineError) as caught:
        parse_heading(heading, maintenance=maintenance, tz=BERLIN)
    assert (f"cannot read update heading '## {heading}'", hint + LEVEL_2, state) == (
        caught.value.message,
        caught.value.hint,
        caught.value.state,
    )


def test_maintenance_heading_with_an_incident_state() -> None:
    with pytest.raises(TimelineError) as caught:
        parse_heading("Resolved at 2026-11-20 14:05", maintenance=True, tz=BERLIN)
    assert "'Resolved' is an incident state, not a maintenance state" == caught.value.message


def test_times_with_an_offset_need_no_timezone_rules() -> None:
    # 02:30 on the autumn change day happens twice in Berlin; with an offset it is one moment.
    at = parse_time("2026-10-25 02:30 +01:00", BERLIN)
    assert datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc) == at


@pytest.mark.parametrize(
    "at",
    [
        WHEN,
        datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc),  # 02:30 +02:00, the first one
        datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc),  # 02:30 +01:00, the second one
        datetime(2026, 7, 1, 9, 0, 30, tzinfo=timezone.utc),
    ],
)
def test_canonical_heading_reads_back_as_the_same_moment(at: datetime) -> None:
    heading = format_heading(IncidentState.IDENTIFIED, at, BERLIN)
    assert heading.startswith("## Identified at 2026-")
    assert (IncidentState.IDENTIFIED, at) == parse_heading(
        heading[3:], maintenance=False, tz=BERLIN
    )


def test_canonical_heading_form() -> None:
    assert "## In progress at 2026-11-20 14:05" == format_heading(
        MaintenanceState.IN_PROGRESS, WHEN, BERLIN
    )


def test_body_splits_into_summary_and_sections() -> None:
    body = (
        "\n"
        "The summary.\n"
        "\n"
        "## Investigating at 2026-11-20 14:05\n"
        "First message.\n"
        "### A subheading stays in the message\n"
        "```\n"
        "## code, not a heading\n"
        "```\n"
        "\n"
        "## Resolved at 2026-11-20 15:00\n"
        "\n"
        "Done.\n"
        "\n"
    )
    summary, sections = split_body(body, 7)
    assert "The summary." == summary
    assert [(10, "Investigating at 2026-11-20 14:05"), (17, "Resolved at 2026-11-20 15:00")] == [
        (s.line, s.heading) for s in sections
    ]
    assert (
        "First message.\n### A subheading stays in the message\n```\n## code, not a heading\n```"
        == sections[0].message
    )
    assert "Done." == sections[1].message


def test_deep_flow_nesting_points_at_the_bracket_past_the_limit() -> None:
    # libyaml has a nesting limit of its own; whichever trips first, the diagnostic is ours.
    _, problems = parse_yaml("a: '[[['\nb: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert [(2, 3 + 64 + 1, "YAML nested too deeply")] == [
        (p.line, p.column, p.message) for p in problems
    ]


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u2013", "an EN DASH (U+2013)"),
        ("\u3001", "an IDEOGRAPHIC COMMA (U+3001)"),
        ("\u2212", "a MINUS SIGN (U+2212)"),
        ("\u20ac", "a EURO SIGN (U+20AC)"),
        ("\u001f", "a character (U+001F)"),
    ],
)
def test_a_character_is_named_with_the_article_its_name_is_read_with(char: str, named: str) -> None:
    # Messages say "its offset's sign is …" and "written with … for ':'": "a EN DASH" or
    # "an EURO SIGN" reads as a slip in the message itself.
    assert named == name_character(char)
