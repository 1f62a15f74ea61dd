"""Markdown too deep or too costly to convert is refused by `check`, at its line, before
the build would crash (RecursionError) or take minutes (unclosed brackets, a paragraph of
escapes, a block of headings)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from html import escape
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sitefiles import INCIDENT, INCIDENT_PATH, write_site

from statusgen.cli import cli
from statusgen.load import markdown_bounds
from statusgen.load.markdown_bounds import (
    MAX_BRACKET_SCAN,
    MAX_LINK_COPIES,
    MAX_NESTING,
    _first_problem,
    _surely_within,
    markdown_problem,
    refused_references,
)
from statusgen.load.text import forbidden_character
from statusgen.render.markdown import render_markdown

NOW = "2026-11-22T18:00:00Z"
# Refusing or building any of these takes well under this; unbounded, they took 37 s or crashed.
SECONDS = 10


def _cpu_seconds() -> float:
    """The processor time this process and the children it has waited for used so far:
    unlike the wall clock, it does not grow while other processes of a busy machine run
    (a loaded CI runner measured 9 s of wall time for a 2 s build)."""
    return sum(os.times()[:4])


# A dashboard's address, 2,085 characters in HTML: 400 uses copy 834,000, 800 too many.
_GRAFANA = "https://grafana.example.com/d/abc123/api-overview?orgId=1" + "&var-x=1" * 169


def _log_under_a_bullet(lines: int, indent: str = "    ") -> str:
    return "- Errors from the gateway:\n" + "".join(
        f"{indent}2026-12-05T12:{i % 60:02d}:00Z upstream timeout on pod api-{i % 7}\n"
        for i in range(lines)
    )


_LOG_UNDER_A_BULLET = _log_under_a_bullet(30_000)


def _log_under_a_nested_item(depth: int, lines: int) -> str:
    """A log pasted under the last of `depth` items, each nested a level deeper."""
    items = "".join("    " * level + f"- level {level}\n" for level in range(depth))
    return items + _log_under_a_bullet(lines, "    " * depth).split("\n", 1)[1]


def with_message(message: str) -> str:
    """The example incident with `message` as its last update; it starts on line 13."""
    return INCIDENT.replace("All good again.", message)


@pytest.mark.parametrize(
    ("message", "where", "fragment"),
    [
        ("- " * 500 + "x", "13:1", "nested 500 levels deep"),
        # With a fence in the message, the code reader follows each item: it read them
        # one call deep per item, and ran out of stack first.
        ("```\nx\n```\n" + "- " * 5_000 + "x", "16:1", "nested 5000 levels deep"),
        # Each item followed to the end of the line: 24,000 of them took 87 s.
        ("```\nx\n```\n" + "- - - " * 8_000 + "x", "16:1", "nested 24000 levels deep"),
        ("1. " * 100 + "x", "13:1", "nested 100 levels deep"),
        ("> - " * 40 + "x", "13:1", "nested 80 levels deep"),
        (
            "ok\n" + "\n".join("    " * i + "- x" for i in range(40)),
            f"{13 + 1 + MAX_NESTING}:1",
            "nested 33",
        ),
        ("[" * 20_000, f"13:{MAX_NESTING + 1}", "brackets nested more than"),
        ("[a " * 20_000, f"13:{3 * MAX_NESTING + 1}", "brackets nested more than"),
        ("[" * 30 + " word" * 200_000, "13:1", "too many unclosed '['"),
        # Each of these took the build 15 s or more.
        ("\\" * 100_000, "13:1", "a paragraph of 100,000 Markdown marks"),
        ("ok\n" + "`a`" * 40_000, "14:1", "a paragraph of 80,000 Markdown marks"),
        ("ok\n" + "https://a.example " * 15_000, "14:1", "a paragraph of 30,001 Markdown marks"),
        ("ok\n" + "~~a~~ " * 20_000, "14:1", "a paragraph of 80,001 Markdown marks"),
        ("\n".join(["#### step"] * 20_000), "13:1", "20,000 headings, rules or underlines"),
        ("a\n=\n" * 10_000, "14:1", "10,000 headings, rules or underlines"),
        ("> ---\n" * 20_000, "13:1", "20,000 headings, rules or underlines"),
        # An unclosed fence is no code: the library converts what follows it.
        ("```\n" + "[" * 20_000, f"14:{MAX_NESTING + 1}", "brackets nested more than"),
        ("```\n" + "\\" * 100_000 + "\n````", "13:1", "Markdown marks"),
        # An 80 KB message of these made 500 MB of pages and feeds: each use of a reference
        # copies its definition's address and title, each short row of a table is filled.
        (
            "[r]: https://example.com/" + "a" * 2_000 + "\n\n" + ("[x][r] " * 100 + "\n") * 20,
            "13:1",
            "this link definition is copied into each of its 2,000 uses",
        ),
        (
            "See [the log][Log].\n\n> - [log]:\n>   https://example.com/x\n>   '"
            + "t" * 1_000
            + "'\n\n"
            + "![log] " * 2_000,
            "15:5",
            "each of its 2,001 uses",
        ),
        (
            "|" + "a|" * 300 + "\n|" + ":-|" * 300 + "\n" + "|\n" * 300,
            "14:1",
            "a table of 300 columns",
        ),
        (
            "\n\n".join(["|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + "|\n" * 100] * 6),
            "534:1",
            "a table of 100 columns: filling its short rows, and those of the tables before it,",
        ),
        # A log pasted under a bullet, a list nested under 32 levels: each line is glued to
        # its item's text so far (a nested item at each level), seconds for these, 97 s for
        # 40,000 nested items.
        (_LOG_UNDER_A_BULLET, "13:1", "a list item continued by 30,000 indented"),
        (_LOG_UNDER_A_BULLET.replace("    2026", "2026"), "13:1", "continued by 30,000"),
        ("> " + _LOG_UNDER_A_BULLET.replace("\n", "\n> "), "13:1", "continued by 30,001"),
        ("1. " + _LOG_UNDER_A_BULLET[2:], "13:1", "continued by 30,000"),
        ("".join("  " * min(i, 31) + "- x\n" for i in range(20_000)), "14:1", "continued by"),
        # The library glues a log line again at each level of the items it is under: 2.7 s
        # for 8,000 lines under an item nested 8 deep, 2.3 s for 4,000 at 30 deep (loaded).
        (_log_under_a_nested_item(8, 8_000), "13:1", "continued by 8,007"),
        (_log_under_a_nested_item(30, 4_000), "13:1", "continued by 4,029"),
    ],
    ids=[
        "dashes",
        "dashes-under-a-fence",
        "mixed-markers-under-a-fence",
        "numbers",
        "quotes-in-lists",
        "indented",
        "brackets",
        "words",
        "long-scan",
        "escapes",
        "code-spans",
        "bare-addresses",
        "strikethroughs",
        "headings",
        "underlines",
        "rules-in-a-quote",
        "unclosed-fence-brackets",
        "unclosed-fence-escapes",
        "reference-copies",
        "reference-title-in-a-list-in-a-quote",
        "table-fill",
        "tables-fill",
        "log-under-a-bullet",
        "lazy-log-under-a-bullet",
        "log-under-a-bullet-in-a-quote",
        "log-under-a-number",
        "nested-list",
        "log-under-an-item-nested-8-deep",
        "log-under-an-item-nested-30-deep",
    ],
)
def test_check_and_build_refuse_markdown_too_deep_or_too_costly(
    tmp_path: Path, message: str, where: str, fragment: str
) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: with_message(message)})
    for command in (["check"], ["build", "--now", NOW]):
        started = _cpu_seconds()
        result = CliRunner().invoke(cli, ["-C", str(root), *command])
        assert _cpu_seconds() - started < SECONDS
        assert 1 == result.exit_code, result.output
        assert f"{INCIDENT_PATH}:{where}: " in result.output
        assert fragment in result.output


@pytest.mark.parametrize(
    "message",
    [
        "- " * MAX_NESTING + "x",
        "\n".join("    " * i + "- x" for i in range(MAX_NESTING)),
        "[" * MAX_NESTING + "x" + "]" * MAX_NESTING,
        "[link](https://example.com) " * 5_000,
        "An unclosed [ bracket in prose, and [another",
        "```\n" + "- " * 200 + "\n" + "[" * 5_000 + "\n```",  # code is set aside whole
        "```\n" + "\\" * 100_000 + "\n```",
        "\n\n".join(["#### step\nA `line` of *text* and an \\_escape."] * 5_000),
        # A long postmortem's references, each used a few times.
        "\n\n".join(
            f"Step {i}: see [the runbook][r{i}], [the graph][g{i}] and [the runbook][r{i}] again."
            for i in range(200)
        )
        + "\n\n"
        + "".join(
            f'[r{i}]: https://example.com/runbooks/{"x" * 150}/{i} "Runbook {i}"\n'
            f"[g{i}]: <https://grafana.example.com/d/{'y' * 150}?panel={i}>\n"
            for i in range(200)
        ),
        # Log lines that read as definitions define, and use, nothing but themselves.
        "[INFO]: " + "a" * 200 + "\n" + "[INFO]: pool-exhausted\n" * 10_000,
        "```\n" + "[INFO] pool exhausted\n" * 10_000 + "```\n\n[info]: " + "a" * 500,
        # A reference used once a line: 400 links, though its text is its label too.
        "\n".join(
            f"- At step {i} the [Grafana][grafana] board showed the error rate." for i in range(400)
        )
        + f"\n\n[grafana]: {_GRAFANA}",
        # A table with short rows, as tables of findings have.
        "| when | what | who | ticket |\n|---|:---:|---|--:|\n" + "| 10:00 | restart |\n" * 2_000,
        # Strikethrough opened and never closed, a paragraph long (62 KB, 31,000 marks).
        "~~a " * 15_500,
        # Long lists, and logs under a bullet: in a fence (what check's hint says), set
        # aside whole, or a few hundred lines of it, or between blank lines.
        "".join(f"- item {i} of a long list\n" for i in range(500)),
        "".join(f"- item {i}\n    - its detail\n    - another\n" for i in range(2_000)),
        _LOG_UNDER_A_BULLET.replace(":\n", ":\n    ```\n", 1) + "    ```\n",
        _LOG_UNDER_A_BULLET.replace(":\n", ":\n\n    ```\n", 1) + "    ```\n",
        _LOG_UNDER_A_BULLET.replace(":\n", ":\n\n```\n", 1) + "```\n",
        _LOG_UNDER_A_BULLET[: _LOG_UNDER_A_BULLET.index("\n", 12_000)],
        _LOG_UNDER_A_BULLET.replace("\n    ", "\n\n    "),
        # Pastes converted in well under a second: each log line is glued once, however
        # far it is indented (a JSON body under a bullet).
        _log_under_a_bullet(10_000),
        _log_under_a_bullet(20_000),
        _log_under_a_bullet(2_200, indent=" " * 40),
        # Under nested items, each log line is glued at each level: 0.4 s for these.
        _log_under_a_nested_item(8, 2_000),
        _log_under_a_nested_item(4, 4_000),
        # Trees: a line glued once per level it is in, but each item's text stays short.
        "".join("    " * (i % 8) + f"- node {i} of the tree\n" for i in range(4_000)),
        "- root\n" + "".join("    " * (1 + i % 7) + f"- node {i}\n" for i in range(4_000)),
    ],
    ids=[
        "deepest-list",
        "deepest-indent",
        "deepest-brackets",
        "many-links",
        "prose",
        "code",
        "escapes-in-code",
        "blank-lines-between",
        "references",
        "log-lines",
        "log-lines-in-code",
        "full-references",
        "short-rows",
        "unclosed-tildes",
        "long-list",
        "long-nested-list",
        "log-in-a-fence-under-a-bullet",
        "log-in-a-fence-after-a-bullet",
        "log-in-a-fence-at-the-margin",
        "short-log-under-a-bullet",
        "log-lines-between-blank-lines",
        "log-of-10000-lines-under-a-bullet",
        "log-of-20000-lines-under-a-bullet",
        "deeply-indented-paste-under-a-bullet",
        "log-under-an-item-nested-8-deep",
        "log-under-an-item-nested-4-deep",
        "tree-8-levels-deep",
        "tree-under-one-root",
    ],
)
def test_markdown_within_the_bounds_builds_quickly(tmp_path: Path, message: str) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: with_message(message)})
    started = _cpu_seconds()
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW])
    assert _cpu_seconds() - started < SECONDS
    assert 0 == result.exit_code, result.output


# Memory a process may reserve in all (RLIMIT_AS, `ulimit -v`): a one-incident site with a
# 3 MB paragraph builds in about 180 MB. When the simple writer checked each line with one
# pattern of nested repeats, the engine's backtracking record of every word took more than
# 400 MB (a 25 MB paragraph: 4 GB), and the build died with a MemoryError.
BUILD_MEMORY = 320 * 1024 * 1024
_HUGE_LINES = {
    "paragraph": "word " * 600_000 + "end",
    "paragraph-of-letters": "x " * 1_500_000 + "end",
    "strong": "**" + "word " * 600_000 + "end**",
    "list-item": "- " + "word " * 600_000 + "end",
    "heading": "# " + "word " * 600_000 + "end",
}


def _run_limited(command: list[str], input: str = "") -> subprocess.CompletedProcess[str]:
    """`command` run as a process that may reserve no more than BUILD_MEMORY."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (BUILD_MEMORY, BUILD_MEMORY))

    return subprocess.run(
        command, preexec_fn=limited, input=input, capture_output=True, text=True, timeout=60
    )


def test_a_paragraph_of_megabytes_builds_in_bounded_memory(tmp_path: Path) -> None:
    message = _HUGE_LINES["paragraph"]
    root = write_site(tmp_path / "site", {INCIDENT_PATH: with_message(message)})
    command = ["-C", str(root), "build", "--no-cache", "--now", NOW]
    done = _run_limited([sys.executable, "-m", "statusgen", *command])
    assert 0 == done.returncode, done.stderr
    pages = (root / "public" / "incidents").rglob("index.html")
    assert any("word word end</p>" in page.read_text() for page in pages)


def test_every_simple_block_of_one_huge_line_renders_in_bounded_memory() -> None:
    # Each shape's line is checked by its own path: a list item, a heading's text, the
    # text inside a form.
    render = (
        "import sys\n"
        "from statusgen.render.markdown import render_markdown\n"
        "for message in sys.stdin.read().split('\\n\\n\\n'):\n"
        "    render_markdown(message)\n"
    )
    done = _run_limited([sys.executable, "-c", render], "\n\n\n".join(_HUGE_LINES.values()))
    assert 0 == done.returncode, done.stderr


@pytest.mark.parametrize("uses", [MAX_LINK_COPIES // 1_000, MAX_LINK_COPIES // 1_000 + 1])
def test_reference_copies_at_the_limit(uses: int) -> None:
    address = "https://example.com/?q=&" + "a" * 972  # 1,000 characters in HTML (&amp;)
    # Commas between: `[r] [r]` is one link, a full reference with `r` as its text.
    text = f"[r]: {address}\n\n" + "[r], " * uses
    problem = markdown_problem(text)
    assert (uses * 1_000 > MAX_LINK_COPIES) == (problem is not None)
    assert markdown_problem(text) == _first_problem(text)


@pytest.mark.parametrize(
    ("uses", "links"),
    [
        # A full reference is one link, by its label: not its text too.
        ("- At step {i} the [Grafana][grafana] board showed the error rate.", 400),
        ("- At step {i} the [grafana][] board, then [grafana] again.", 800),
        # Inline links and code copy nothing of the definition.
        ("- At step {i} the [grafana](https://example.com/{i}) and [grafana](/{i}) boards.", 0),
        ("- At step {i} the `[grafana]` board, not `[grafana]`.", 0),
        ("- At step {i} the ``[Grafana][grafana]`` board, `[x]` and [grafana].", 400),
    ],
    ids=["full", "collapsed-and-shortcut", "inline", "code-span", "code-spans-and-one"],
)
def test_reference_uses_are_counted_as_the_page_shows_them(uses: str, links: int) -> None:
    text = "\n".join(uses.format(i=i) for i in range(400)) + f"\n\n[grafana]: {_GRAFANA}\n"
    html = markdown.markdown(text)
    assert links == html.count("grafana.example.com")
    problem = markdown_problem(text)
    if links * len(escape(_GRAFANA)) <= MAX_LINK_COPIES:
        assert problem is None
    else:
        assert problem is not None
        assert f"each of its {links:,} uses" in problem.message


def test_reference_uses_in_indented_code_are_not_counted() -> None:
    text = (
        "Logs:\n\n"
        + "    [grafana] [grafana] [grafana]\n" * 400
        + f"\n- a [grafana] list\n\n    [grafana] continues it\n\n[grafana]: {_GRAFANA}\n"
    )
    assert 2 == markdown.markdown(text).count("grafana.example.com")
    assert markdown_problem(text) is None


def test_the_check_is_linear_in_the_text() -> None:
    text = ("Words and a [link](https://example.com) in a line. " * 20 + "\n\n") * 2_000
    started = _cpu_seconds()
    assert markdown_problem(text) is None
    assert _cpu_seconds() - started < 1


@pytest.mark.parametrize(
    "text",
    [
        "```\nx\n```",
        '``` hl_lines="1"\na\n```\nX\n```',
        "~~~ {.py}\nz\n~~~ ",
        "```\nx\n````",
        "  ```\nx\n```",
        "```\n```\n```python\ny\n```\n",
    ],
)
def test_fenced_code_is_found_as_the_library_finds_it(text: str) -> None:
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    library = FencedBlockPreprocessor.FENCED_BLOCK_RE
    assert [m.span() for m in library.finditer(text)] == [
        m.span() for m in markdown_bounds._FENCED.finditer(text)
    ]


# Lines that open many levels (or nearly as many as allowed) and hold brackets.
_OPENER = st.sampled_from(["    ", "  ", "\t", "> ", ">", "- ", "* ", "+\t", "1. ", "12) ", " "])
_AROUND_THE_LIMIT = st.integers(0, MAX_NESTING + 4)
_LINE = st.builds(
    lambda repeated, times, mixed, tail, brackets: (
        repeated * times + "".join(mixed) + tail + "[" * brackets
    ),
    _OPENER,
    _AROUND_THE_LIMIT,
    st.lists(_OPENER, max_size=8),
    st.sampled_from(
        ["x", "[", "]", "[a](b)", "", "```", "~~~", "# h", "- ", "[[x", "[a]: b", "|-|-|", "|"]
    ),
    st.one_of(st.just(0), _AROUND_THE_LIMIT),
)


@settings(max_examples=400)
@given(st.lists(_LINE, max_size=6).map("\n".join))
# At the limits: each of these characters opens one level, each `[` nests one deeper.
@example("\t" * MAX_NESTING + "x")
@example("text\n" + "\t" * (MAX_NESTING + 1) + "x")
@example(">" * (MAX_NESTING + 1))
@example("[" * MAX_NESTING + "x")
@example("[" * (MAX_NESTING + 1) + "x")
def test_a_text_passed_without_the_line_by_line_check_is_within_the_bounds(text: str) -> None:
    # The quick bound may send a text within the bounds to the full check, never the
    # other way round.
    if _surely_within(text):
        assert _first_problem(text) is None
    assert markdown_problem(text) == _first_problem(text)


@pytest.mark.parametrize("words", [MAX_BRACKET_SCAN // 5 // MAX_NESTING - 10, 7_000])
def test_unclosed_brackets_at_the_limit_of_the_quick_bound(words: int) -> None:
    text = "[" * MAX_NESTING + " word" * words
    assert markdown_problem(text) == _first_problem(text)
    assert (markdown_problem(text) is None) == _surely_within(text)


def test_an_ordinary_message_is_passed_without_the_line_by_line_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The full pass costs a sixth of parsing an incident file; nearly every text is
    # within the bounds by its counts alone.
    def not_needed(text: str) -> None:
        raise AssertionError("checked line by line")

    monkeypatch.setattr(markdown_bounds, "_first_problem", not_needed)
    message = (
        "We found the cause: a [connection pool](https://example.com/pools) limit.\n\n"
        "- Webhooks may arrive twice.\n  - Nested once.\n1. Retry with `Idempotency-Key`.\n"
        "> Quoted from the vendor.\n\n```\nGET /v1/events\n```"
    )
    assert markdown_problem(message) is None


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Disk &#1; full", ["&#1;"]),
        ("&#X1b; &#x0001; &#xffff;", ["&#X1b;", "&#x0001;", "&#xffff;"]),
        ("`&#1;` and ``&#1;``", []),  # code spans: shown as typed
        ("a `C:\\` &#1;", ["&#1;"]),  # a backslash in a code span escapes nothing
        ("\\`&#1;` x", ["&#1;"]),  # an escaped backtick opens no code span
        ("\\&#1; \\\\&#1;", ["&#1;"]),  # `\&` is shown as typed, `\\&` is a backslash
        ("&\\#1; \\&#1\\;", ["&\\#1;", "&#1\\;"]),  # the library resolves these escapes
        ("Log:\n\n    &#1;\n\n```\n&#1;\n```\n- item\n\n  ~~~\n  &#1;\n  ~~~", []),
        ("&#x85; &#13; &#9; &#x7f; &#xFDD0; &#x1FFFE; &#1 &#;", []),  # feeds carry these
        ("&#" + "9" * 5000 + ";", ["&#" + "9" * 5000 + ";"]),
        # An address is linked as typed: a backslash in it escapes nothing.
        ("See <http://a.example/\\&#1;> for details.", ["&#1;"]),
        ("Logs: https://logs.example.com/q\\&#1;x", ["&#1;"]),
        ("www.logs.example.com/\\&#x1B;x and <https://a.example/&#1;>", ["&#x1B;", "&#1;"]),
        ("https://logs.example.com/q\\&#1; then", []),  # `;` ends the sentence, not it
        ("<https://a.example/&\\#1;> https://a.example/&\\#1;x", []),  # no reference
        ("\\<https://a.example/\\&#1;> https://a.example/&amp;\\&#1;", []),  # no address
        ("`<https://a.example/\\&#1;>`", []),
        # A quote's code is code: its indented lines, its code spans (over its lines too).
        ("> ```\n> &#1;\n> ```\n> &#2;", ["&#2;"]),
        ("> text\n>\n>     &#1; indented in quote", []),
        ("> > `&#1;\n> > x` &#2;", ["&#2;"]),
        ("> ~~~\n> &#1;\n> ~~~", []),  # a quote's fence is code, as on GitHub
        ("Ran `a\n&#1;` then &#2;", ["&#2;"]),
        ("Ran `a\n\n&#1;`", ["&#1;"]),  # a span ends with its paragraph
    ],
)
def test_references_to_characters_no_feed_can_carry(text: str, refused: list[str]) -> None:
    found = refused_references(text)
    assert refused == [f.reference for f in found]
    assert all(text[f.start : f.end] == f.reference for f in found)
    # What is not refused passes into every output as the page shows it: the page
    # decodes none into such a character (past U+10FFFF names none: U+FFFD); what is
    # refused would be shown as U+FFFD too, never as a character no feed can carry.
    html = render_markdown(text)
    assert forbidden_character(html) is None
    assert ("\ufffd" in html) == bool(refused)
