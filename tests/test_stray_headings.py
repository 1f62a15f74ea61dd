"""Update headings written not quite right: refused with the line and the canonical form,
never glued to the message above them (SPEC §4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import write_site

from statusgen.cli import cli

PATH = "content/incidents/2026-12-04-api-errors.md"
NBSP = "\u00a0"


def incident(second: str, status: str = "identified") -> str:
    return (
        "---\n"
        "title: API errors\n"
        f"status: {status}\n"
        "---\n"
        "## Investigating at 2026-12-04 10:00\n"
        "We are looking into it.\n"
        "\n"
        f"{second}\n"
        "A bad deploy.\n"
    )


def check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("##Identified at 2026-12-04 10:20", "no space after '##'"),
        (f"##{NBSP}Identified at 2026-12-04 10:20", "after '##' comes a NO-BREAK SPACE (U+00A0)"),
        ("##\u200bIdentified at 2026-12-04 10:20", "after '##' comes a ZERO WIDTH SPACE"),
        ("# Identified at 2026-12-04 10:20", "it starts with '#', not '##'"),
        ("### Identified at 2026-12-04 10:20", "it starts with '###', not '##'"),
        ("#identified - 2026-12-04 10:20", "it starts with '#', not '##'"),
    ],
)
def test_a_nearly_right_update_heading_is_an_error_with_the_canonical_form(
    tmp_path: Path, line: str, problem: str
) -> None:
    code, output = check(write_site(tmp_path, {PATH: incident(line)}))

    assert 1 == code
    expected = f"{PATH}:8:1: '{line.strip()}' is not read as an update: {problem}"
    assert [expected] == [text[: len(expected)] for text in output if text.startswith(PATH)]
    assert (
        "    hint: write it as '## Identified at 2026-12-04 10:20', or start the line "
        "with '\\' to keep it as message text"
    ) in output


@pytest.mark.parametrize(
    ("indent", "problem"), [("    ", "it is indented with 4 spaces"), ("\t", "a tab")]
)
def test_an_update_heading_in_indented_code_is_told_to_fence_it_not_escape_it(
    tmp_path: Path, indent: str, problem: str
) -> None:
    """After a blank line the indented line is a code block, where a '\\' is shown as typed:
    a pasted log kept as text needs a fence, which the timeline reads as message text."""
    line = f"{indent}## Identified at 2026-12-04 10:20"
    code, output = check(write_site(tmp_path, {PATH: incident(line)}))

    expected = f"{PATH}:8:1: '{line.strip()}' is not read as an update: it is indented with"
    hint = (
        "    hint: write it as '## Identified at 2026-12-04 10:20' (without the indent), or "
        "put it in a fenced code block (a line of ``` above it and one below) to keep it as "
        "message text: in an indented code block a '\\' is shown as typed"
    )
    reports = [text for text in output if text.startswith((PATH, "    hint"))]
    assert (1, 2, hint) == (code, len(reports), reports[1])
    assert reports[0].startswith(expected) and problem in reports[0]


def test_an_indented_update_heading_inside_a_paragraph_may_still_be_escaped(
    tmp_path: Path,
) -> None:
    # Right under a line of text the indented line is more of its paragraph, where a '\\'
    # keeps it text and is not shown.
    line = "The log said:\n    ## Identified at 2026-12-04 10:20"
    code, output = check(write_site(tmp_path, {PATH: incident(line)}))

    assert 1 == code
    assert (
        "    hint: write it as '## Identified at 2026-12-04 10:20', or start the line "
        "with '\\' to keep it as message text"
    ) in output


@pytest.mark.parametrize(
    "line",
    [
        "# Root cause",
        "### What we did",
        "### Identified the cause at 10:20",
        "#1 Identified at 2026-12-04 10:20",
        "\\# Identified at 2026-12-04 10:20",
        "```\n# Identified at 2026-12-04 10:20\n```",
    ],
)
def test_headings_and_code_in_a_message_stay_message_text(tmp_path: Path, line: str) -> None:
    text = incident("## Identified at 2026-12-04 10:20", "identified") + f"\n{line}\nMore.\n"
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert (0, "No problems found") == (code, output[-1][:17]), output


def test_a_heading_in_the_summary_that_reads_as_an_update_is_refused(tmp_path: Path) -> None:
    """Before the first update: the incident would otherwise start later than it did."""
    text = incident("## Identified at 2026-12-04 10:20").replace(
        "## Investigating", "# Investigating"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert (
        f"{PATH}:5:1: '# Investigating at 2026-12-04 10:00' is not read as an update: "
        "it starts with '#', not '##'"
    ) in output


def test_build_refuses_it_too(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: incident("##Identified at 2026-12-04 10:20")})
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--now", "2026-12-04T12:00:00Z", "-q"]
    )

    assert 1 == result.exit_code
    assert f"{PATH}:8:1: '##Identified at 2026-12-04 10:20' is not read" in result.output


def update(root: Path, message: str) -> Result:
    """`statusgen update` of the incident at PATH with `message`, after its updates."""
    return CliRunner().invoke(
        cli,
        [
            "-C",
            str(root),
            "update",
            "2026-12-04-api",
            "-m",
            message,
            "--now",
            "2026-12-04T11:00:00Z",
        ],
    )


def test_a_message_that_reads_like_a_heading_is_kept_as_text_by_update(tmp_path: Path) -> None:
    """Words from an alert must never break the build: they stay message text."""
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = update(
        root, "Timeline:\n### Identified at 2026-12-04 10:20\n# Resolved at 2026-12-04 10:30"
    )

    assert 0 == result.exit_code, result.output
    assert 0 == check(root)[0]
    written = (root / PATH).read_text()
    assert "\\### Identified at 2026-12-04 10:20\n\\# Resolved at 2026-12-04 10:30\n" in written


@pytest.mark.parametrize("rule", ["----------------", "===", "-"])
def test_an_update_underlined_into_a_heading_is_refused_at_its_line(
    tmp_path: Path, rule: str
) -> None:
    resolved = f"\nResolved at 2026-12-04 11:00\n{rule}\n"
    text = incident("## Identified at 2026-12-04 10:20") + resolved
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert [
        f"{PATH}:11:1: 'Resolved at 2026-12-04 11:00' is not read as an update: the '{rule}' "
        "under it makes it a heading of the message",
        # Below the message's text: as likely text whose '\\:' a formatter removed.
        "    hint: if this line is message text (a formatter may have removed its backslash), "
        "write the ':' of its time as '\\:'; if it is a status change, write it as "
        "'## Resolved at 2026-12-04 11:00' (without the line under it)",
    ] == output[:2]


@pytest.mark.parametrize(
    "lines",
    [
        "Some text\n---",
        "Resolved at 2026-12-04 11\\:00\n\n---",
        "### Root cause\n---",
        "```\nResolved at 2026-12-04 11:00\n---\n```",
    ],
    ids=["text", "blank-line-between", "heading", "code"],
)
def test_a_line_of_dashes_under_anything_else_stays_message_text(
    tmp_path: Path, lines: str
) -> None:
    text = incident("## Identified at 2026-12-04 10:20") + f"\n{lines}\nMore.\n"
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert (0, "No problems found") == (code, output[-1][:17]), output


def test_update_keeps_an_underlined_line_of_a_message_as_text(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = update(root, "Timeline:\n\nResolved at 2026-12-04 10:30\n---\nDone.")

    assert 0 == result.exit_code, result.output
    assert 0 == check(root)[0]
    assert "\nResolved at 2026-12-04 10\\:30\n\\---\n" in (root / PATH).read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            incident(f"## Identified at 2026-12-04{NBSP}10:20"),
            [
                f"{PATH}:8:1: update heading '## Identified at 2026-12-04{NBSP}10:20' holds a "
                "NO-BREAK SPACE (U+00A0), which only looks like a space",
                "    hint: retype it as a plain space: write it as "
                "'## Identified at 2026-12-04 10:20'",
            ],
        ),
        (
            incident("## Identified at 2026-12-04 10:20").replace(
                "status: identified\n", f"status: identified\ndate: 2026-12-04{NBSP}10:00\n"
            ),
            [
                f"{PATH}:4:7: date: cannot read the time '2026-12-04{NBSP}10:00'",
                f"    hint: '2026-12-04{NBSP}10:00' holds a NO-BREAK SPACE (U+00A0) where a "
                "plain space belongs: retype it as '2026-12-04 10:00'",
            ],
        ),
    ],
)
def test_a_space_that_only_looks_like_one_is_named(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    """The time printed looks valid: the hint names what cannot be seen."""
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert (1, expected) == (code, output[:2])


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE (U+FEFF)"),
        ("\u200b", "ZERO WIDTH SPACE (U+200B)"),
        ("\u2060", "WORD JOINER (U+2060)"),
        ("\u200d", "ZERO WIDTH JOINER (U+200D)"),
        ("\u200e", "LEFT-TO-RIGHT MARK (U+200E)"),
        ("\u200f", "RIGHT-TO-LEFT MARK (U+200F)"),
    ],
)
def test_an_invisible_character_before_the_hashes_is_named(
    tmp_path: Path, char: str, name: str
) -> None:
    """A byte-order mark left by `cat note.md >> incident.md`, or a mark pasted from chat:
    the heading looks right, and without it the outage would start at the next update."""
    text = incident(f"{char}## Identified at 2026-12-04 10:20")
    code, output = check(write_site(tmp_path, {PATH: text}))

    # A direction mark is printed escaped ('\\u200e'): the line's start varies, its end not.
    problem = f"before '##' comes a {name}, which shows nothing: delete it"
    # Only deleting it helps: a '\\' before it would be shown, and the character kept.
    hint = "    hint: delete the character before the '#', which shows nothing"
    reports = [line for line in output if line.startswith((PATH, "    hint"))]
    assert (1, 2, True, hint) == (code, len(reports), reports[0].endswith(problem), reports[1])
    assert reports[0].startswith(f"{PATH}:8:1: '")


def test_an_invisible_character_before_an_update_with_components_names_only_it(
    tmp_path: Path,
) -> None:
    """Its Components line is under the heading as written: no second, wrong report."""
    text = incident("\u200b## Identified at 2026-12-04 10:20").replace(
        "A bad deploy.", "Components: api=major_outage\nA bad deploy."
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    expected = f"{PATH}:8:1: '\u200b## Identified at 2026-12-04 10:20' is not read as an update"
    assert (1, [expected]) == (code, [t[: len(expected)] for t in output if t.startswith(PATH)])


def test_a_components_line_below_the_message_says_why_it_is_not_read(tmp_path: Path) -> None:
    text = (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: operational\n"
        "---\n"
        "## Investigating at 2026-12-04 10:00\n"
        "Components: api=major_outage\n"
        "Looking.\n"
        "\n"
        "## Resolved at 2026-12-04 11:00\n"
        "All fixed.\n"
        "Components: api=operational\n"
        "```\n"
        "Components: api=operational\n"
        "```\n"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert [
        f"{PATH}:13:1: this Components line is not read: it is not right under the update "
        "heading (line 11)",
        "    hint: move it to the line right after the heading, before the message; an update "
        "has one Components line",
    ] == output[2:4]


def test_a_components_line_in_an_indented_code_block_is_code(tmp_path: Path) -> None:
    # The page shows it in a code block, as it shows one in a fence: no status to read.
    text = (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "---\n"
        "## Resolved at 2026-12-04 11:00\n"
        "Our alert said:\n"
        "\n"
        "    Components: api=major_outage\n"
        "\n"
        "```\n"
        "Components: api=major_outage\n"
        "```\n"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))
    assert 0 == code, output


@pytest.mark.parametrize(
    ("changes", "meant"),
    [
        ("api: operational", "api=operational"),
        ("api: operational, checkout: major-outage", "api=operational, checkout=major_outage"),
    ],
)
def test_a_components_line_with_colons_below_the_message_is_reported_too(
    tmp_path: Path, changes: str, meant: str
) -> None:
    # Written as front matter writes it, it is refused right under the heading: below the
    # message it would be published as text, the component left as it was.
    text = (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: major_outage\n"
        "---\n"
        "## Resolved at 2026-12-04 11:00\n"
        "All fixed.\n"
        f"Components: {changes}\n"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert [
        f"{PATH}:9:1: this Components line is not read: it is not right under the update "
        "heading (line 7)",
        "    hint: move it to the line right after the heading, before the message, as "
        f"'Components: {meant}'; an update has one Components line",
    ] == output[:2]


@pytest.mark.parametrize("changes", ["api=major_outage", "api: major_outage"])
def test_update_keeps_a_components_line_inside_a_message_as_text(
    tmp_path: Path, changes: str
) -> None:
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = CliRunner().invoke(
        cli,
        [
            "-C", str(root), "update", "2026-12-04-api", "-m",
            f"The alert said:\nComponents: {changes}",
            "--now", "2026-12-04T11:00:00Z",
        ],
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert (0, "No problems found") == (check(root)[0], check(root)[1][-1][:17])


@pytest.mark.parametrize(
    "changes",
    ["api=operatonal", "api=Operational", "apix=operatonal", "api = operational, db=down"],
)
def test_a_misspelled_components_line_below_the_message_is_reported_too(
    tmp_path: Path, changes: str
) -> None:
    # Misspelled, it is the line its author is least likely to notice was not read.
    text = (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: operational\n"
        "---\n"
        "## Resolved at 2026-12-04 11:00\n"
        "All fixed.\n"
        f"Components: {changes}\n"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert (
        f"{PATH}:9:1: this Components line is not read: it is not right under the update "
        "heading (line 7)"
    ) in output


def test_a_components_line_without_commas_below_the_message_is_reported(
    tmp_path: Path,
) -> None:
    # Left as message text, it would keep both components down after the author wrote
    # that both are back.
    text = (
        "---\n"
        "title: API errors\n"
        "status: monitoring\n"
        "components:\n"
        "  api: major_outage\n"
        "  checkout: major_outage\n"
        "---\n"
        "## Investigating at 2026-12-04 10:00\n"
        "Components: api=major_outage, checkout=major_outage\n"
        "\n"
        "Looking.\n"
        "\n"
        "## Monitoring at 2026-12-04 11:00\n"
        "A fix is deployed, both are back.\n"
        "Components: api=operational checkout=operational\n"
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert (
        f"{PATH}:15:1: this Components line is not read: it is not right under the update "
        "heading (line 13)"
    ) in output


def _resolved_with_components_line(items: str) -> str:
    """A resolved incident whose one update has the Components line `items`, on line 8."""
    return (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: operational\n"
        "---\n"
        "## Resolved at 2026-12-04 11:00\n"
        f"Components: {items}\n"
        "All fixed.\n"
    )


@pytest.mark.parametrize(
    ("items", "column", "written", "fixed"),
    [
        (
            "api=operational checkout=operational",
            13,
            "api=operational checkout=operational",
            "api=operational, checkout=operational",
        ),
        (
            "api = operational checkout=operational",
            13,
            "api = operational checkout=operational",
            "api=operational, checkout=operational",
        ),
        (
            "api=operational, checkout=operational dashboard=operational",
            30,
            "checkout=operational dashboard=operational",
            "api=operational, checkout=operational, dashboard=operational",
        ),
    ],
)
def test_a_components_line_without_commas_is_refused_with_the_commas(
    tmp_path: Path, items: str, column: int, written: str, fixed: str
) -> None:
    # Read as one item, the first status would be "operational checkout=operational",
    # and a did-you-mean for it would leave the second component out.
    code, output = check(write_site(tmp_path, {PATH: _resolved_with_components_line(items)}))

    assert 1 == code
    assert [
        f"{PATH}:8:{column}: '{written}' is several changes without commas between them",
        f"    hint: write it as 'Components: {fixed}'",
    ] == output[:2]


@pytest.mark.parametrize(
    ("items", "column", "fixed"),
    [
        ("api checkout=operational", 13, "api=operational, checkout=operational"),
        (
            "dashboard=operational, api checkout=operational",
            36,
            "dashboard=operational, api=operational, checkout=operational",
        ),
    ],
)
def test_several_ids_before_one_status_are_refused_with_a_change_each(
    tmp_path: Path, items: str, column: int, fixed: str
) -> None:
    # Read as the id 'api checkout', its did-you-mean named one of them: following it
    # left the other component down.
    code, output = check(write_site(tmp_path, {PATH: _resolved_with_components_line(items)}))

    assert 1 == code
    found = output.index(f"{PATH}:8:{column}: this is one value 'api checkout', not 2 components")
    assert f"    hint: write one change each: 'Components: {fixed}'" == output[found + 1]


@pytest.mark.parametrize(
    ("items", "at"),
    [
        # Everything after the '=' is no one status: a line giving each id all of it
        # would be refused again when pasted.
        ("api checkout=major_outage; api=operational", "13: this is one value 'api checkout'"),
        # An id the line sets already: the line with a change each sets it twice.
        ("api=operational, checkout api=major_outage", "30: this is one value 'checkout api'"),
        ("checkout, api checkout=major_outage", "23: this is one value 'api checkout'"),
    ],
)
def test_several_ids_before_one_status_are_refused_without_a_line_check_would_refuse(
    tmp_path: Path, items: str, at: str
) -> None:
    code, output = check(write_site(tmp_path, {PATH: _resolved_with_components_line(items)}))

    assert 1 == code
    found = output.index(f"{PATH}:8:{at}, not 2 components")
    assert (
        "    hint: write one change each, as id=status, with a comma between changes"
        == output[found + 1]
    )


def test_a_components_line_of_prose_below_the_message_stays_text(tmp_path: Path) -> None:
    text = (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: operational\n"
        "---\n"
        "## Resolved at 2026-12-04 11:00\n"
        "All fixed.\n"
        "Components: those where latency => 2 s were slow.\n"
    )
    assert 0 == check(write_site(tmp_path, {PATH: text}))[0]


def build(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--now", "2026-12-04T12:00:00Z", "-q"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize(
    ("body", "line", "text", "expected"),
    [
        (  # in the summary: the incident would start at the next update
            "Investigating at 2026-12-04 10:00\nWe are looking into it.\n\n"
            "## Resolved at 2026-12-04 11:00\nFixed.\n",
            5,
            "Investigating at 2026-12-04 10:00",
            "## Investigating at 2026-12-04 10:00",
        ),
        (  # in a message, in another of the heading's forms
            "## Investigating at 2026-12-04 10:00\nLooking.\n\n"
            "Resolved - 2026-12-04 11:00 +01:00\nFixed.\n",
            8,
            "Resolved - 2026-12-04 11:00 +01:00",
            "## Resolved at 2026-12-04 11:00 +01:00",
        ),
    ],
    ids=["summary", "message"],
)
def test_an_update_heading_without_its_hashes_is_refused(
    tmp_path: Path, body: str, line: int, text: str, expected: str
) -> None:
    root = write_site(tmp_path, {PATH: f"---\ntitle: API errors\nstatus: resolved\n---\n{body}"})

    for code, output in (check(root), build(root)):
        problem = f"{PATH}:{line}:1: '{text}' is not read as an update: it has no '## ' in front"
        assert 1 == code
        assert problem in output, output
        # A paragraph's first line: kept text as update writes it, in the form formatters keep.
        keep = "start it with '&#32;' (which the page does not show)"
        assert (
            f"    hint: if this line is message text (a formatter may have removed its "
            f"backslash), {keep}; if it is a status change, write it as '{expected}'"
            if line > 5  # below an update's heading and the line right under it
            else f"    hint: write it as '{expected}', or {keep} to keep it as message text"
        ) == output[output.index(problem) + 1]


def test_a_line_reported_as_an_underlined_heading_is_reported_once(tmp_path: Path) -> None:
    text = incident("## Identified at 2026-12-04 10:20") + "\nResolved at 2026-12-04 11:00\n---\n"
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert (1, "1 problem in 1 file") == (code, output[-1])


@pytest.mark.parametrize(
    "line",
    [
        "Investigating at the moment.",
        "We are investigating at 2026-12-04 10:20.",
        "Identified at 2026-12-04 10:20, a bad deploy.",
        "Resolved at 2026-12-04",
        "Resolved at 2026-12-04 10\\:20",
        "Timeline: 2026-12-04 10:20",
        "2026-12-04 10:20 - Identified",  # a timeline written out, time first
        "```\nResolved at 2026-12-04 10:20\n```",
        "\n    Resolved at 2026-12-04 10:20",  # an indented code block
    ],
)
def test_prose_that_names_a_state_and_a_time_stays_message_text(tmp_path: Path, line: str) -> None:
    text = incident("## Identified at 2026-12-04 10:20", "identified") + f"\n{line}\nMore.\n"
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert (0, "No problems found") == (code, output[-1][:17]), output


def test_update_keeps_a_line_that_reads_as_a_heading_as_text(tmp_path: Path) -> None:
    """Words from an alert must never break the build."""
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = update(root, "Timeline:\nResolved at 2026-12-04 10:30")

    assert 0 == result.exit_code, result.output
    assert 0 == check(root)[0]
    assert "\nResolved at 2026-12-04 10\\:30\n" in (root / PATH).read_text()


def outage(first_line: str, front: str = "components:\n  api: degraded_performance\n") -> str:
    """A monitoring incident whose first update's first line is `first_line`."""
    return (
        "---\n"
        "title: API outage\n"
        "status: monitoring\n"
        f"{front}"
        "---\n"
        "## Investigating at 2026-12-04 10:00\n"
        f"{first_line}\n"
        "The API is down.\n"
        "\n"
        "## Monitoring at 2026-12-04 10:30\n"
        "Components: api=degraded_performance\n"
        "Mostly recovered.\n"
    )


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("Compnents: api=major_outage", "Components: api=major_outage"),
        ("Components api=major_outage", "Components: api=major_outage"),
        ("components  api=major_outage", "Components: api=major_outage"),
        (
            "Componets: api = major_outage, web=operational",
            "Components: api=major_outage, web=operational",
        ),
        (
            "Componets: api=major_outage web=operational",
            "Components: api=major_outage, web=operational",
        ),
        # A colon for '=', as the front matter above writes a status.
        ("Components: api: major_outage", "Components: api=major_outage"),
        (
            "Components: api: major_outage, web:degraded_performance,",
            "Components: api=major_outage, web=degraded_performance",
        ),
        ("Compnents: api: major_outage", "Components: api=major_outage"),
        # A space or an arrow for '=': a known id, then a status word or one close to it.
        ("Components: api major_outage", "Components: api=major_outage"),
        ("Components: api -> major_outage", "Components: api=major_outage"),
        ("Components: api\u2192major_outage", "Components: api=major_outage"),
        ("Components: api major_outgae", "Components: api=major_outage"),
        (
            "Components: api -> major_outage, checkout -> degraded_performance",
            "Components: api=major_outage, checkout=degraded_performance",
        ),
        # Written as a list item, or with a dash or '=' for its colon.
        ("- Components: api=major_outage", "Components: api=major_outage"),
        ("* Components: api=major_outage", "Components: api=major_outage"),
        ("- Components: api major_outage", "Components: api=major_outage"),
        ("Components - api=major_outage", "Components: api=major_outage"),
        ("Components = api=major_outage", "Components: api=major_outage"),
        # A numbered list item, or an en or em dash for its colon.
        ("1. Components: api=major_outage", "Components: api=major_outage"),
        ("1) Components: api=major_outage", "Components: api=major_outage"),
        ("Components \u2014 api=major_outage", "Components: api=major_outage"),
        ("Components \u2013 api=major_outage", "Components: api=major_outage"),
        # A dash for its colon before changes written without '='.
        ("Components \u2014 api major_outage", "Components: api=major_outage"),
        ("Components \u2014 api: major_outage", "Components: api=major_outage"),
        ("Components \u2013 api major-outage", "Components: api=major_outage"),
        ("Components - api major_outage", "Components: api=major_outage"),
        # A status written with a hyphen or a space, or ended with a period.
        ("Components: api major-outage", "Components: api=major_outage"),
        ("Components: api partial outage", "Components: api=partial_outage"),
        ("Components: api: major outage", "Components: api=major_outage"),
        ("Components: api major_outage.", "Components: api=major_outage"),
        ("Components: api: major-outage.", "Components: api=major_outage"),
        (
            "Components: api -> major outage, checkout degraded performance",
            "Components: api=major_outage, checkout=degraded_performance",
        ),
        # Semicolons between the changes, as between the changes of a Components line.
        (
            "Compnents: api=major_outage; checkout=operational",
            "Components: api=major_outage, checkout=operational",
        ),
        (
            "Components: api: major_outage; checkout: operational",
            "Components: api=major_outage, checkout=operational",
        ),
        (
            "Components: api major outage; checkout degraded performance",
            "Components: api=major_outage, checkout=degraded_performance",
        ),
        # The forms mixed on one line, and a dash for a change's '=': read as text, both
        # changes were lost without a word from check.
        (
            "Components: checkout: partial outage, api - major outage",
            "Components: checkout=partial_outage, api=major_outage",
        ),
        ("Components: api - major_outage", "Components: api=major_outage"),
    ],
)
def test_a_mistyped_components_line_is_refused_with_the_fix(
    tmp_path: Path, line: str, meant: str
) -> None:
    root = write_site(tmp_path, {PATH: outage(line)})

    for code, output in (check(root), build(root)):
        assert 1 == code
        # A list item is as likely text whose '\\:' a formatter removed: that first.
        hint = (
            "if it is message text (a formatter may have removed its backslash), write it as "
            f"'{line[:2]}&#32;{line[2:]}'; if it is a status change, write it as '{meant}'"
            if line[:2] in ("- ", "* ")
            else f"did you mean '{meant}'?"
        )
        assert [
            f"{PATH}:8:1: '{line}' is not read as the update's Components line",
            f"    hint: {hint}",
        ] == output[:2]


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        # A status only a synonym names, or the singular key: as likely a prose summary,
        # on sites that built with it before the near miss was checked.
        ("Component: api unavailable", "Components: api=major_outage"),
        ("Components: api down", "Components: api=major_outage"),
        ("Components: api -> offline", "Components: api=major_outage"),
        ("Components: api slow", "Components: api=degraded_performance"),
        # A colon before such a word: was published as text, its change lost unsaid.
        ("Components: api: down", "Components: api=major_outage"),
        ("Component: api major_outage", "Components: api=major_outage"),
    ],
)
def test_a_components_line_that_may_be_prose_is_a_warning_that_builds(
    tmp_path: Path, line: str, meant: str
) -> None:
    root = write_site(tmp_path, {PATH: outage(line)})

    for code, output in (check(root), build(root)):
        assert 0 == code, output
        assert [
            f"{PATH}:8:1: warning: '{line}' is not read as the update's Components line",
            f"    hint: did you mean '{meant}'?",
        ] == output[:2]
    assert (root / "public/index.html").is_file()


ONE_CHANGE = "Components: api=major_outage"


@pytest.mark.parametrize(
    ("line", "problem", "meant"),
    [
        # French typing puts a no-break space before a colon.
        (
            f"Components{NBSP}: api=major_outage",
            "holds a NO-BREAK SPACE (U+00A0), which only looks like a space",
            ONE_CHANGE,
        ),
        (
            "\u200bComponents: api=major_outage",
            "holds a ZERO WIDTH SPACE (U+200B), which shows nothing",
            ONE_CHANGE,
        ),
        (
            "\ufeffComponents: api=major_outage",
            "holds a ZERO WIDTH NO-BREAK SPACE (U+FEFF), which shows nothing",
            ONE_CHANGE,
        ),
        (
            "\u200fComponents: api=major_outage",
            "holds a RIGHT-TO-LEFT MARK (U+200F), which shows nothing",
            ONE_CHANGE,
        ),
        # Glued after the colon, or around '=' and ',', it is no part of a change.
        (
            "Components:\u200b api=major_outage",
            "holds a ZERO WIDTH SPACE (U+200B), which shows nothing",
            ONE_CHANGE,
        ),
        (
            "Components:\u200e api=major_outage",
            "holds a LEFT-TO-RIGHT MARK (U+200E), which shows nothing",
            ONE_CHANGE,
        ),
        (
            "Components:\ufeffapi=major_outage",
            "holds a ZERO WIDTH NO-BREAK SPACE (U+FEFF), which shows nothing",
            ONE_CHANGE,
        ),
        (
            "Components: api\u2060=major_outage,\u200b web=major_outage",
            "holds a WORD JOINER (U+2060), which shows nothing",
            "Components: api=major_outage, web=major_outage",
        ),
        # A Japanese input method types a full-width colon.
        (
            "Components\uff1a api=major_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':'",
            ONE_CHANGE,
        ),
        ("**Components:** api=major_outage", "has its key in bold", ONE_CHANGE),
        ("**Components**: api=major_outage", "has its key in bold", ONE_CHANGE),
        ("**Components** : api=major_outage", "has its key in bold", ONE_CHANGE),
        ("*Components:* api=major_outage", "has its key in italics", ONE_CHANGE),
        ("_Components_: api=major_outage", "has its key in italics", ONE_CHANGE),
        ("**Components: api=major_outage**", "is written in bold", ONE_CHANGE),
        (
            "Components\uff1aapi\uff1dmajor_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH EQUALS SIGN (U+FF1D) for '='",
            ONE_CHANGE,
        ),
        (
            "Components: api\uff1dmajor_outage",
            "is written with a FULLWIDTH EQUALS SIGN (U+FF1D) for '='",
            ONE_CHANGE,
        ),
        # Chinese and Japanese typing put a full-width or ideographic comma between them.
        (
            "Components\uff1aapi\uff1dmajor_outage\u3001web\uff1dmajor_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH EQUALS SIGN (U+FF1D) for '=' and an IDEOGRAPHIC COMMA (U+3001) for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "Components\uff1aapi\uff1dmajor_outage\uff0c web\uff1dmajor_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH EQUALS SIGN (U+FF1D) for '=' and a FULLWIDTH COMMA (U+FF0C) for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "Components: api=major_outage\u3001web=major_outage",
            "is written with an IDEOGRAPHIC COMMA (U+3001) for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "Components : **api=major_outage**",
            "has its changes in bold",
            ONE_CHANGE,
        ),
        # Each change in bold, or one of them: the hint keeps no asterisk.
        (
            "Components: **api=major_outage**, **web=major_outage**",
            "has its changes in bold",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "Components: *api=major_outage*, web=major_outage",
            "has its changes in italics",
            "Components: api=major_outage, web=major_outage",
        ),
        # A line in bold closed after its first change was message text: both lost.
        (
            "**Components: api=major_outage**, **web=major_outage**",
            "is written in bold",
            "Components: api=major_outage, web=major_outage",
        ),
        # ... or closed after its first change, the rest plain: an outage lost as bold text.
        (
            "**Components: api=major_outage**, web=degraded_performance",
            "has its key and changes in bold",
            "Components: api=major_outage, web=degraded_performance",
        ),
        (
            "_Components: api=major_outage_, web=major_outage",
            "has its key and changes in italics",
            "Components: api=major_outage, web=major_outage",
        ),
        # Bold and italics at once, in either order: read as the bold key is.
        ("***Components:*** api=major_outage", "has its key in bold italics", ONE_CHANGE),
        ("**_Components:_** api=major_outage", "has its key in bold italics", ONE_CHANGE),
        ("_**Components**_: api=major_outage", "has its key in bold italics", ONE_CHANGE),
        ("***Components: api=major_outage***", "is written in bold italics", ONE_CHANGE),
        ("__*Components: api=major_outage*__", "is written in bold italics", ONE_CHANGE),
        # Full-width letters, a full-width semicolon between the changes, an ideographic
        # space after a comma: the hint is a line that reads, each named.
        (
            "Components\uff1a\uff41\uff50\uff49\uff1dmajor_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH EQUALS SIGN (U+FF1D) for '=' and "
            "full-width '\uff41\uff50\uff49' for 'api'",
            ONE_CHANGE,
        ),
        (
            "Components\uff1aapi\uff1dmajor_outage\uff0c\u3000web\uff1dmajor_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH EQUALS SIGN (U+FF1D) for '=' and a FULLWIDTH COMMA (U+FF0C) for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "Components\uff1a api=major_outage\uff1b web=major_outage",
            "is written with a FULLWIDTH COLON (U+FF1A) for its ':' and "
            "a FULLWIDTH SEMICOLON (U+FF1B) for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        # An ASCII semicolon as much: read as part of the first status, the hint offered
        # that status back and the second change was lost.
        (
            "Components: api=major_outage; web=degraded_performance",
            "is written with ';' for ','",
            "Components: api=major_outage, web=degraded_performance",
        ),
        (
            "Components: api=major_outage;web=major_outage",
            "is written with ';' for ','",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "**Components: api=major_outage**; web=major_outage",
            "is written with ';' for ',' and has its key and changes in bold",
            "Components: api=major_outage, web=major_outage",
        ),
        (
            "**Components: api=major_outage; web=major_outage**",
            "is written with ';' for ',' and is written in bold",
            "Components: api=major_outage, web=major_outage",
        ),
    ],
)
def test_a_components_line_typed_not_quite_right_is_read_and_refused(
    tmp_path: Path, line: str, problem: str, meant: str
) -> None:
    """Its change is never lost as message text: said at its line, with the line to type."""
    root = write_site(tmp_path, {PATH: outage(line)})

    for code, output in (check(root), build(root)):
        assert 1 == code
        # The line as written, a direction mark in it shown as its escape.
        said, hint = output[:2]
        start = f"{PATH}:8:1: Components line '"
        assert (start, f"' {problem}") == (said[: len(start)], said[-len(problem) - 2 :])
        assert f"    hint: retype it as '{meant}'" == hint


def test_a_later_components_line_in_bold_closed_early_is_blamed_at_its_own_line(
    tmp_path: Path,
) -> None:
    # Read as text, its outage was lost, and the earlier line was told to take the old status.
    text = outage(ONE_CHANGE).replace(
        "Components: api=degraded_performance",
        "**Components: api=degraded_performance**, web=operational",
    )
    code, output = check(write_site(tmp_path, {PATH: text}))

    assert 1 == code
    assert [
        f"{PATH}:12:1: Components line '**Components: api=degraded_performance**, "
        "web=operational' has its key and changes in bold",
        "    hint: retype it as 'Components: api=degraded_performance, web=operational'",
    ] == output[:2]


@pytest.mark.parametrize(
    ("line", "slip", "problem"),
    [
        (
            "**Components: api=major_outage** website=major_outage",
            "has its key and changes in bold",
            "'api=major_outage website=major_outage' is several changes without commas between",
        ),
        (
            "**Components: api=major_outage** and website=major_outage",
            "has its key and changes in bold",
            "invalid status 'major_outage and website=major_outage' for component 'api'",
        ),
    ],
)
def test_a_components_line_in_bold_without_commas_is_refused_as_without_bold(
    tmp_path: Path, line: str, slip: str, problem: str
) -> None:
    # Read as text, the API's outage and the website's were lost without a word from check.
    code, output = check(write_site(tmp_path, {PATH: outage(line)}))

    assert 1 == code
    assert f"{PATH}:8:1: Components line '{line}' {slip}" == output[0]
    assert output[2].startswith(f"{PATH}:8:15: {problem}"), output


@pytest.mark.parametrize(
    "line",
    [
        # Prose with an '=' in it: a comma for its semicolon makes no line to retype.
        "Components: the api; the website = ours",
        # A status with a list in it, as a status in the front matter below.
        "Components: api=major_outage, checkout=operational",
    ],
)
def test_no_did_you_mean_is_built_from_a_value_holding_a_list(tmp_path: Path, line: str) -> None:
    # The did-you-mean named one item of the list: following it dropped the other.
    front = "components:\n  api: major_outage, degraded_performance\n  checkout: operational\n"
    code, output = check(write_site(tmp_path, {PATH: outage(line, front)}))

    assert 1 == code
    assert [] == [said for said in output if "did you mean" in said or "retype" in said]
    assert (
        f"{PATH}:5:8: invalid status 'major_outage, degraded_performance' for component "
        "'api'" in output
    )


def test_a_change_after_bold_closed_early_is_told_where_it_is_written(tmp_path: Path) -> None:
    line = "**Components: api=major_outage** website=major_outage, checkout=down"
    front = "components:\n  api: degraded_performance\n  checkout: operational\n"
    code, output = check(write_site(tmp_path, {PATH: outage(line, front)}))

    assert 1 == code
    assert any(said.startswith(f"{PATH}:9:56: invalid status 'down'") for said in output), output


def test_a_components_line_in_full_width_letters_is_read_as_meant(tmp_path: Path) -> None:
    # Only the line to retype is said: no unknown component 'ａｐｉ' to chase as well.
    line = "Components\uff1a\uff41\uff50\uff49\uff1dmajor\uff3foutage"
    code, output = check(write_site(tmp_path, {PATH: outage(line)}))

    assert 1 == code
    assert [f"    hint: retype it as '{ONE_CHANGE}'"] == [
        said for said in output if "hint:" in said
    ], output


def test_a_change_written_with_a_colon_among_others_gets_the_whole_line(tmp_path: Path) -> None:
    line = "Components: checkout=operational, api: major_outage"
    front = "components:\n  api: degraded_performance\n  checkout: operational\n"
    code, output = check(write_site(tmp_path, {PATH: outage(line, front)}))

    assert 1 == code
    assert [
        f"{PATH}:9:35: cannot read 'api: major_outage' on the Components line",
        "    hint: write it as 'Components: checkout=operational, api=major_outage'",
    ] == output[:2]


@pytest.mark.parametrize(
    "line",
    [
        "Components: the API and the website",  # no '=': message text, as documented
        "Components of the API were slow.",
        "Comments: a=b",
        "Components: the API: it failed at the load balancer",
        "Components: api: majorly broken",
        "Note: api: major_outage",
        "Components api=down and web=up were affected",
        "Compnents\\: api=major_outage",
        "```\nCompnents: api=major_outage\n```",
        # Emphasis or a full-width '=' is read only with changes after the colon.
        "*Components:* the API and the website, api=down or not",
        "**Components** : a=b of the API",
        "**Components: the API at a=b**",
        "**Components: the API** at a=b",
        "**Components: a=b of the API**, and more",
        # Bold closed after a change, then prose: only changes after it make it a line.
        "**Components: v=2** rollout paused",
        "**Components: x=y** was the old config syntax",
        "**Components: api=major_outage**, and the website was slow",
        "Components: \u5408\u8a08\uff1d3\u4ef6 (API \u3068 Web)",
        "\u6599\u91d1\uff1d\u7121\u6599",
        "* Components: api=major_outage was a list item",
        # Without '=', only known ids with status words are changes.
        "Components: database major_outage",
        "Components: api team paged",
        "Components: api gateway",
        "Components: api -> the load balancer",
        "Summary: api major_outage",
        # A status of several words counts only when they are one status's.
        "Components: we are looking at the api major outage now.",
        "Components: api major outage now",
        "Components: api: major outage now",
        "Components: api partial outages in eu-west",
        "1. Components of the API were slow",
        "Components \u2014 api major outage now",
        "Components - the api was slow",
    ],
)
def test_a_line_that_only_mentions_components_stays_message_text(tmp_path: Path, line: str) -> None:
    code, output = check(write_site(tmp_path, {PATH: outage(line)}))

    assert (0, "No problems found") == (code, output[-1][:17]), output


@pytest.mark.parametrize(
    ("message", "written"),
    [
        ("Compnents: api=major_outage", "Compnents\\: api=major_outage"),
        ("Components api=major_outage", "Components api\\=major_outage"),
        ("Components: api: major_outage", "Components\\: api: major_outage"),
        ("Components: api -> major_outage", "Components\\: api -> major_outage"),
        ("- Components: api=major_outage", "- &#32;Components: api=major_outage"),
        ("Components - api=major_outage", "Components \\- api=major_outage"),
        ("Components = api=major_outage", "Components \\= api=major_outage"),
        ("1. Components: api=major_outage", "1. Components\\: api=major_outage"),
        ("Components \u2014 api=major_outage", "Components \u2014 api\\=major_outage"),
        ("Components \u2014 api major_outage", "Components &#x2014; api major_outage"),
        ("Components \u2013 api major-outage", "Components &#x2013; api major-outage"),
        ("Components \u2014 api: major_outage", "Components &#x2014; api: major_outage"),
        ("Components - api major_outage", "Components \\- api major_outage"),
        ("Components: api partial outage", "Components\\: api partial outage"),
        ("Components: api: down", "Components\\: api: down"),
        (
            "Components: checkout: partial outage, api - major outage",
            "Components\\: checkout: partial outage, api - major outage",
        ),
        (f"Components{NBSP}: api=major_outage", f"Components{NBSP}\\: api=major_outage"),
        ("Components\uff1a api=major_outage", "Components&#xFF1A; api=major_outage"),
        ("**Components:** api=major_outage", "**Components\\:** api=major_outage"),
        ("**Components: api=major_outage**", "**Components\\: api=major_outage**"),
        (
            "**Components: api=major_outage**, web=major_outage",
            "**Components\\: api=major_outage**, web=major_outage",
        ),
        ("*Components:* api=major_outage", "*Components\\:* api=major_outage"),
        ("**Components** : api=major_outage", "**Components** \\: api=major_outage"),
        (
            "Components\uff1aapi\uff1dmajor_outage",
            "Components&#xFF1A;api\uff1dmajor_outage",
        ),
    ],
)
def test_update_keeps_a_mistyped_components_line_as_text(
    tmp_path: Path, message: str, written: str
) -> None:
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = update(root, message)

    assert 0 == result.exit_code, result.output
    assert 0 == check(root)[0]
    assert f"\n{written}\n" in (root / PATH).read_text()


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("Components: api=operational", "Components\\: api=operational"),
        ("**Components:** api=operational", "**Components\\:** api=operational"),
        (f"Components{NBSP}: api=operational", f"Components{NBSP}\\: api=operational"),
        ("Components\uff1a api=operational", "Components&#xFF1A; api=operational"),
        ("**Components: api=operational**", "**Components\\: api=operational**"),
        ("*Components:* api=operational", "*Components\\:* api=operational"),
        (
            "Components\uff1aapi\uff1doperational",
            "Components&#xFF1A;api\uff1doperational",
        ),
    ],
)
def test_update_keeps_a_components_line_below_the_message_as_text(
    tmp_path: Path, line: str, written: str
) -> None:
    # A look-alike is refused below the message as the plain line is: escaped alike.
    root = write_site(tmp_path, {PATH: incident("## Identified at 2026-12-04 10:20")})
    result = update(root, f"We changed:\n{line}")

    assert 0 == result.exit_code, result.output
    assert 0 == check(root)[0]
    assert f"\nWe changed:\n{written}\n" in (root / PATH).read_text()


def test_an_update_heading_above_the_closing_fence_is_refused(tmp_path: Path) -> None:
    text = incident("## Identified at 2026-12-04 10:20").replace(
        "---\n## Investigating at 2026-12-04 10:00\n", "## Investigating at 2026-12-04 10:00\n---\n"
    )
    root = write_site(tmp_path, {PATH: text})

    for code, output in (check(root), build(root)):
        assert 1 == code
        assert [
            f"{PATH}:4:1: this update heading is inside the front matter, where it is read as "
            "a YAML comment",
            "    hint: move it below the closing '---' (as '## Investigating at 2026-12-04 10:00')",
        ] == output[:2]


@pytest.mark.parametrize(
    "front",
    [
        "# Investigating at 2026-12-04 10:00\n",  # one '#': a YAML comment, as written
        "# ## Investigating at 2026-12-04 10:00\n",  # a comment about one
        "notes: |\n  ## Investigating at 2026-12-04 10:00\n",  # a block's text
    ],
)
def test_a_front_matter_comment_or_text_like_a_heading_is_no_heading(
    tmp_path: Path, front: str
) -> None:
    text = incident("## Identified at 2026-12-04 10:20").replace(
        "status: identified\n", f"status: identified\n{front}"
    )
    _, output = check(write_site(tmp_path, {PATH: text}))

    assert not any("inside the front matter" in line for line in output), output
