"""HTML comments in incident files: hidden as GitHub hides them, so that what an author
hid in one (a draft update, a note) is read nowhere and published nowhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sitefiles import run_build, tree, write_site

from statusgen.cli import cli
from statusgen.load.comments import without_comments
from statusgen.render.markdown import render_markdown
from statusgen.timeline import split_body

PATH = "content/incidents/2026-12-05-api-slow.md"
SLUG = "2026-12-05-api-slow"
NOW = "2026-12-05T12:00:00Z"
FRONT = "---\ntitle: API slow\nstatus: monitoring\ncomponents:\n  api: degraded_performance\n---\n"
DRAFT = FRONT + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Slow <!-- ask Dana first --> responses.\n"
    "\n"
    "<!-- draft, not ready to publish:\n"
    "## Identified at 2026-12-05 09:30\n"
    "Components: api=major_outage\n"
    "\n"
    "Customer X's database was deleted by engineer Y.\n"
    "-->\n"
    "\n"
    "## Monitoring at 2026-12-05 10:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Watching.\n"
)
HIDDEN = ("draft, not ready", "Customer X", "engineer Y", "ask Dana", "<!--")


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_an_update_hidden_in_a_comment_is_read_and_published_nowhere(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: DRAFT})

    checked = run(root, "check", "--now", NOW)
    listed = run(root, "incidents", "--json", "--now", NOW)
    status = run(root, "status", "--json", "--now", NOW)
    built = run_build(root, now=NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17])
    assert 0 == built.exit_code, built.output
    for path, data in tree(root / "public").items():
        text = data.decode("utf-8", "replace")
        assert [] == [words for words in HIDDEN if words in text], path
    assert "Identified" not in (root / f"public/incidents/{SLUG}/index.html").read_text()
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    # The hidden `api=major_outage` counts for nothing: the incident stays a minor one.
    assert "minor" == incident["impact"]
    assert [("monitoring", "Watching."), ("investigating", "Slow  responses.")] == [
        (u["status"], u["body"]) for u in incident["incident_updates"]
    ]
    (row,) = [row for row in json.loads(listed.output) if row["slug"] == SLUG]
    assert "monitoring" == row["state"]
    assert "major_outage" not in status.output
    assert [] == [words for words in HIDDEN if words in listed.output + status.output]


def test_a_comment_in_code_is_code_the_page_shows(tmp_path: Path) -> None:
    text = FRONT + (
        "## Monitoring at 2026-12-05 10:00\n"
        "Add `<!-- keep -->` to the template:\n"
        "\n"
        "```html\n"
        "<!--\n"
        "## Identified at 2026-12-05 09:30\n"
        "```\n"
        "\n"
        "Then `-->` closes it.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "<code>&lt;!-- keep --&gt;</code>" in page
    assert "&lt;!--\n## Identified at 2026-12-05 09:30\n</code></pre>" in page
    assert "Then <code>--&gt;</code> closes it." in page


def test_check_refuses_a_comment_never_closed_at_its_line(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\n"
        "Slow.\n"
        "  <!-- draft:\n"
        "\n"
        "## Monitoring at 2026-12-05 10:00\n"
        "Watching.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)
    built = run_build(root, now=NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:9:3: this HTML comment is never closed: it hides the rest of the file",
        "    hint: close it with '-->' after the text it should hide; to show '<!--' as text, "
        "write it as '\\<!--'",
    ] == [line for line in checked.output.splitlines() if line.startswith((PATH, "    hint"))]
    assert 1 == built.exit_code
    assert not (root / f"public/incidents/{SLUG}").exists()


def test_an_update_after_a_comment_is_appended_and_read_as_the_newest(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: DRAFT})

    message = "Fixed; <!-- stays text"
    result = run(root, "update", "api-slow", "-m", message, "--now", "2026-12-05 11:00")

    assert 0 == result.exit_code, result.output
    added = (root / PATH).read_text().removeprefix(DRAFT)
    # Below the comment, and its `<!--` kept text: it hides nothing after it.
    assert added.startswith("\n## Monitoring at 2026-12-05 11:00")
    assert added.endswith("\n\nFixed; \\<!-- stays text\n")
    assert 0 == run(root, "check", "--now", NOW).exit_code
    assert 0 == run_build(root, now=NOW).exit_code
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    assert "minor" == incident["impact"]
    assert ["monitoring", "monitoring", "investigating"] == [
        u["status"] for u in incident["incident_updates"]
    ]
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "Fixed; &lt;!-- stays text" in page


def test_the_authoring_commands_read_the_newest_update_the_page_shows(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\n"
        "Slow.\n"
        "\n"
        "<!-- when it is over:\n"
        "## Resolved at 2026-12-05 10:30\n"
        "Components: api=operational\n"
        "-->\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = run(root, "update", "api-slow", "--status", "identified", "-m", "Found.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert (root / PATH).read_text().startswith(text.replace("investigating", "identified", 1))
    listed = run(root, "incidents", "--json", "--now", NOW)
    (row,) = [row for row in json.loads(listed.output) if row["slug"] == SLUG]
    assert "identified" == row["state"]


def test_an_update_below_a_comment_left_open_is_refused_not_hidden(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\nSlow.\n\n<!-- draft:\nMore soon.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = run(root, "update", "api-slow", "-m", "Watching.", "--now", "2026-12-05 11:00")

    assert 1 == result.exit_code
    assert (
        f"{PATH}:10:1: this HTML comment is never closed: it hides the rest of the file"
    ) == result.stderr.splitlines()[0]
    assert text == (root / PATH).read_text()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a <!-- x --> b", "a  b"),
        ("a  <!-- x -->\nb", "a\nb"),  # no hard line break left behind
        ("a <!-- x\ny -->b", "a\nb"),  # its lines stay, so lines keep their numbers
        ("x <!-->y <!--->z", "x y z"),  # whole comments too (CommonMark)
        ("`<!-- x -->` and ``a`<!--``", "`<!-- x -->` and ``a`<!--``"),  # code spans
        ("\\<!-- x -->", "\\<!-- x -->"),  # escaped, it is text
        ("```\n<!--\n```\n", "```\n<!--\n```\n"),  # a fenced code block
        ("para\n\n    <!-- x -->", "para\n\n    <!-- x -->"),  # an indented one
        ("para\n    <!-- x -->", "para\n"),  # more of the paragraph, not code
        ("<!--\n```\n-->\n## Resolved", "\n\n\n## Resolved"),  # a fence in it opens none
        # Not closed in its paragraph: text, whatever follows it.
        ("a <!-- x\n\ny -->b", "a <!-- x\n\ny -->b"),
        ("a <!-- x\n## Resolved\ny -->", "a <!-- x\n## Resolved\ny -->"),
        ("a <!-- x\n- y -->", "a <!-- x\n- y -->"),  # a list item starts another
        # A code span runs over a line break: what is in it is code, to its end.
        ("run `grep\n'<!-- b'` now\n\nthe `-->`", "run `grep\n'<!-- b'` now\n\nthe `-->`"),
        ("a `b\nc` <!-- d\ne --> f", "a `b\nc`\n f"),
        ("a <!-- `b -->` c", "a ` c"),  # the comment began first: its `-->` ends it
        ("## Resolved <!-- draft -->", "## Resolved"),  # a heading's text
        # A line starting with `<!--` starts an HTML block, to the line holding `-->`.
        ("a\n<!-- x\n\n## Resolved\n-->b\nc", "a\n\n\n\nb\nc"),
        ("<!-- a --> b <!-- c -->", " b"),
        ("   <!-- x\n-->", "\n"),
        ("- a\n  <!-- x\n\n  ## Resolved\n  -->", "- a\n\n\n\n"),  # in a list item
        ("- <!-- x\n  -->\n- b", "-\n\n- b"),
        ("- a\n  <!-- x\n## Resolved -->", "- a\n\n## Resolved -->"),  # ended with the item
        # A quote's text is read by the same rules, its markers kept; in its code, `<!--`
        # is text.
        ("> ```\n> <!-- x\n> ```", "> ```\n> <!-- x\n> ```"),
        (">     <!-- x\n\n-->", ">     <!-- x\n\n-->"),
        ("> a <!-- b -->", "> a"),
        ("> a <!-- b -->\nc <!-- d -->", "> a\nc"),  # a lazy line: more of its paragraph
        ("> a <!-- b\nc -->", "> a\n"),
        ("> a\n<!-- b -->\nc", "> a\n\nc"),  # not more of the quote: a block of its own
        ("> <!-- a\n> ## Resolved\n> -->\n> b", ">\n>\n>\n> b"),
        ("> > a <!-- b -->\n> c", "> > a\n> c"),  # a quote in a quote
        ("> - a\n>   <!-- b -->\n>   c", "> - a\n>\n>   c"),  # a list item in a quote
        ("- > a <!-- b -->\n  > c", "- > a\n  > c"),  # a quote in a list item
        ("> ```\n> a\nb <!-- c -->", "> ```\n> a\nb"),  # after code: no lazy line
        ("> a <!-- b\n\n> c -->", "> a <!-- b\n\n> c -->"),  # two quotes
    ],
)
def test_comments_are_left_out_where_github_hides_them(text: str, shown: str) -> None:
    assert shown == without_comments(text).text


@pytest.mark.parametrize(
    ("text", "unclosed", "column"),
    [
        ("a\n  <!-- x\nb", 2, 3),
        ("<!-- a --> b <!-- c\nd", 1, 14),  # its HTML block ends, the comment open
        ("- a\n  <!-- x\nb -->", 2, 3),  # its list item ends, and the block with it
        ("a <!-- x\n\nb", 0, 0),  # text, which hides nothing
        ("> <!-- x\n\nb", 1, 3),  # its quote ends, and the block with it
        ("a\n\n> > b\n>  > <!-- x\n> c", 4, 6),
        ("> a <!-- x\n\nb", 0, 0),
        ("``\n<!-- x\n``", 2, 1),  # a block, begun before any span could hold it
    ],
)
def test_a_comment_block_never_closed_is_found_at_its_line(
    text: str, unclosed: int, column: int
) -> None:
    read = without_comments(text)

    assert (unclosed, column) == (read.unclosed, read.column)


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("- a\n  <!-- x -->\n  b", (2,)),  # in a list item, whose text a blank line ends
        ("- a\n  <!-- x\n\n  y -->\n  b", (2, 3, 4)),
        ("> - a\n>   <!-- x -->\n>   b", (2,)),
        ("a <!-- x\ny\nz --> b", (2,)),  # in a paragraph, which a blank line splits
        ("- a\n  <!-- x --> b", ()),  # text is left on it
        ("a\n<!-- x -->\nb", ()),  # a block of its own: the blank keeps it a paragraph
        ("- a\n\n<!-- x -->\n  b", ()),  # after the item
        ("> a\n> <!-- x -->\n> b", ()),
    ],
)
def test_lines_a_comment_hides_whole_in_a_list_item_or_a_paragraph_are_named(
    text: str, dropped: tuple[int, ...]
) -> None:
    assert dropped == without_comments(text).dropped


UPDATES = [
    ("## Investigating at 2026-12-05 09:00", "investigating"),
    ("## Identified at 2026-12-05 09:30", "identified"),
    ("## Resolved at 2026-12-05 10:00", "resolved"),
]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # A code span wrapped onto the line with `<!--`, a `-->` in a later update's span.
        (
            "To check a page, run `curl -s https://example.com | grep\n'<!-- build'` and look.",
            "The template lost its closing `-->`. Rolling back.",
        ),
        # `<!--` in code inside a quote, fenced or indented.
        ("A customer sent us:\n\n> ```\n> <!DOCTYPE html><!-- cache: miss\n> ```", "Warm."),
        ("A customer sent us:\n\n>     <!-- upstream 502", "Its page misses its `-->`."),
        # `<!--` in running text, not closed in its paragraph; in a tag's attribute, in a
        # link's title.
        ("Pages are cut off after the text <!-- and show nothing.", "A closing --> was lost."),
        ('The tooltip <span title="<!--"> broke.', "Fixed -->."),
        ('See [the log](https://example.com/log "<!-- raw").', "Fixed -->."),
        ("Pages are cut off after <!--.", "Nothing else."),
    ],
)
def test_a_comment_github_shows_as_text_hides_no_update(
    tmp_path: Path, first: str, second: str
) -> None:
    messages = [first, second, "All clear."]
    body = "\n\n".join(f"{h}\n{m}" for (h, _), m in zip(UPDATES, messages, strict=True))
    text = FRONT.replace("monitoring", "resolved", 1) + body + "\n"
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)
    built = run_build(root, now=NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17]), checked.output
    assert 0 == built.exit_code, built.output
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    assert [(state, message) for (_, state), message in zip(UPDATES, messages, strict=True)][
        ::-1
    ] == [(u["status"], u["body"]) for u in incident["incident_updates"]]


# Lines a body is made of in the comparison with CommonMark: update headings, and what
# can hide them or be mistaken for a comment (in code, in quotes, in list items, in
# paragraphs, a code span over two lines). A `§` is a word of its own in each place.
HEADING = "## Investigating at 2026-12-01 08:00"
LINES = [
    HEADING,
    "",
    "text",
    "<!-- x",
    "-->",
    "<!-- y -->",
    "`code <!--`",
    "```",
    "> quoted <!-- q",
    "> ```",
    "    indented <!-- i",
    "- item",
    "- <!-- li",
    "  <!-- in item",
    "  text",
    "text <!-- t",
    "run `wrapped",
    "'<!-- w'` on",
    "\t<!-- tab",
    "<!-- a --> b <!-- c",
    "> quoted § <!-- § -->",
    "> <!-- §",
    "> § -->",
    ">",
    "> > deeper § <!-- §",
    ">     code <!-- §",
    "> - quoted item §",
    ">   <!-- § -->",
    "  <!-- § -->",
    "  § -->",
    "lazy §",
]
# The CommonMark reader the rule is compared with (markdown-it-py follows the spec).
COMMONMARK = MarkdownIt("commonmark")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=10))
def test_comments_hide_the_headings_commonmark_hides_and_no_other(lines: list[str]) -> None:
    body = "\n".join(lines)
    shown, hidden = set(), set()
    for token in COMMONMARK.parse(body):
        start, end = token.map or (0, 0)  # the lines of a block's token, from 0
        if token.type == "heading_open" and token.tag == "h2":
            shown.add(start + 1)
        if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            hidden |= {n + 1 for n in range(start, end) if lines[n] == HEADING}

    read = {update.line for update in split_body(body, 1)[1]}

    assert shown <= read
    assert set() == hidden & read


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=10))
def test_comments_hide_the_words_commonmark_hides_and_no_other(lines: list[str]) -> None:
    words = iter(range(1000))
    body = re.sub("§", lambda _: f"w{next(words)}w", "\n".join(lines))
    read = without_comments(body)
    # A comment left open is refused by check: what it would hide is not compared.
    assume(not read.unclosed)
    # markdown-it-py ends a quote in a quote before an indented line, which CommonMark
    # reads as a lazy line of its paragraph (5.1): not compared either.
    assume("> >" not in body or not re.search(r"^(?:> ?)?(?: {4}|\t)", body, re.MULTILINE))
    page = COMMONMARK.render(body)
    # What a browser hides: the comments CommonMark passes through as HTML.
    shown = re.sub("<!--.*?(?:-->|$)", "", page, flags=re.DOTALL)

    assert set(re.findall("w[0-9]+w", shown)) == set(re.findall("w[0-9]+w", read.text))


QUOTED = FRONT.replace("monitoring", "investigating", 1) + (
    "## Investigating at 2026-12-05 09:00\n"
    "> Customer wrote: checkout fails <!-- internal: customer is ACME-SECRET -->\n"
    "> > They forwarded: <!-- from SECRET-TWO -->\n"
    "> and `<!-- kept -->` in code\n"
)


def test_a_comment_in_a_quote_is_published_nowhere(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: QUOTED})

    checked = run(root, "check", "--now", NOW)
    built = run_build(root, now=NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17]), checked.output
    assert 0 == built.exit_code, built.output
    for path, data in tree(root / "public").items():
        assert b"SECRET" not in data, path
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "Customer wrote: checkout fails" in page
    assert "<code>&lt;!-- kept --&gt;</code>" in page


def test_check_refuses_a_comment_left_open_in_a_quote_at_its_line(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\n"
        "> Customer wrote:\n"
        "> <!-- internal: customer is ACME\n"
        "\n"
        "Slow.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)

    assert 1 == checked.exit_code
    assert [f"{PATH}:9:3: this HTML comment is never closed: it hides the rest of the file"] == [
        line for line in checked.output.splitlines() if line.startswith(PATH)
    ]


def test_a_quote_nested_past_any_page_is_read_without_recursing_for_ever() -> None:
    text = ">" * 5000 + " a <!-- b -->"

    assert text == without_comments(text).text


def _prose(root: Path, text: str) -> str:
    """The incident page's message, built from an incident file holding `text`."""
    (root / PATH).write_text(text)
    built = run_build(root, now=NOW)
    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    return page[page.index('<div class="prose"') :].split("</div>", 1)[0]


@pytest.mark.parametrize(
    "lines",
    [
        ["- Checkout fails", "  <!-- ask Dana -->", "  for EU customers"],
        ["- Checkout fails", "  <!-- ask Dana", "", "  first -->", "  for EU customers"],
        ["> - Checkout fails", ">   <!-- ask Dana -->", ">   for EU customers"],
        ["- Checkout fails", "  <!-- ask Dana -->", "  for EU customers", "  ```", "  x", "  ```"],
        ["Checkout <!-- ask", "Dana", "first --> fails", "- for EU customers"],
    ],
)
def test_a_line_a_comment_hides_keeps_the_text_around_it_together(
    tmp_path: Path, lines: list[str]
) -> None:
    root = write_site(tmp_path, {PATH: FRONT})
    heading = "## Monitoring at 2026-12-05 10:00"

    shown = _prose(root, FRONT + "\n".join([heading, *lines]) + "\n")
    uncommented = without_comments("\n".join(lines)).text.split("\n")
    written = [line for line in uncommented if line.strip(" >")]

    assert _prose(root, FRONT + "\n".join([heading, *written]) + "\n") == shown
    assert "for EU customers" in shown.split("</li>", 1)[0]  # in the item


def test_the_text_around_a_comment_line_shows_as_its_blocks(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: FRONT})
    lines = [
        "## Monitoring at 2026-12-05 10:00",
        "First paragraph.",
        "<!-- x -->",
        "Second paragraph.",
        "<!-- y -->",
        "### Root cause",
        "Third paragraph.",
        "<!-- z -->",
        "```",
        "<!-- code -->",
        "```",
    ]

    shown = _prose(root, FRONT + "\n".join(lines) + "\n")

    # Both paragraphs, as on GitHub: a comment line is a block of its own there.
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in shown
    assert "Root cause</h4>\n<p>Third paragraph.</p>" in shown
    assert "<code>&lt;!-- code --&gt;\n</code></pre>" in shown


def test_a_later_components_line_is_told_at_its_line_below_a_comment_line(
    tmp_path: Path,
) -> None:
    text = FRONT + (
        "## Monitoring at 2026-12-05 10:00\n"
        "- Checkout fails\n"
        "  <!-- ask Dana -->\n"
        "  for EU customers\n"
        "Components: api=major_outage\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)

    assert [f"{PATH}:11:1: this Components line is not read"] == [
        line.split(": it", 1)[0] for line in checked.output.splitlines() if line.startswith(PATH)
    ]


# --- Markdown's own comment idiom: a link reference definition no link uses -----------------

NOTED = FRONT.replace("monitoring", "investigating") + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Slow responses, see the [runbook].\n"
    "\n"
    "[//]: # (STAFF-NOTE ask Dana first)\n"
    "[runbook]: https://example.com/runbook\n"
    "\n"
    "> Customer wrote: checkout fails.\n"
    "> [comment]: <> (STAFF-NOTE customer is ACME)\n"
    "\n"
    "```\n"
    "[kept]: # (a definition in code is shown)\n"
    "```\n"
)
WINDOW = (
    "---\ntitle: DB upgrade\nscheduled_for: 2026-12-10 02:00\n"
    "scheduled_until: 2026-12-10 04:00\ncomponents: [api]\n---\n"
    "## Scheduled at 2026-12-01 10:00\n"
    "We upgrade the database.\n"
    "\n"
    "[comment]: <> (STAFF-NOTE internal ticket OPS-123)\n"
)
NOTIFY = "notify:\n  channels:\n    - type: webhook\n      url: https://hooks.example.com/x\n"


def test_a_link_definition_no_link_uses_is_published_nowhere(tmp_path: Path) -> None:
    settings = "title: Example Status\nbase_url: https://status.example.com\ntimezone: UTC\n"
    window = "content/incidents/2026-12-10-db-upgrade.md"
    root = write_site(tmp_path, {"statusgen.yaml": settings + NOTIFY, window: WINDOW})
    # The first run records what is published; the incident is news to the next.
    assert 0 == run(root, "notify", "--now", "2026-12-05T08:00:00Z").exit_code
    (root / PATH).write_text(NOTED, encoding="utf-8")

    built = run_build(root, now=NOW)
    told = run(root, "notify", "--dry-run", "--now", NOW)

    assert 0 == built.exit_code, built.output
    for path, data in tree(root / "public").items():
        assert b"STAFF-NOTE" not in data, path
    assert (0, True) == (told.exit_code, "Slow responses" in told.output), told.output
    assert "STAFF-NOTE" not in told.output
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    (body,) = [u["body"] for u in incident["incident_updates"]]
    # The definition a link uses is kept, as is the one in code the page shows.
    assert "[runbook]: https://example.com/runbook" in body
    assert "[kept]: # (a definition in code is shown)" in body
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert 'href="https://example.com/runbook"' in page
    assert "Customer wrote: checkout fails." in page


WRAPPED = FRONT.replace("monitoring", "investigating") + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "We follow the steps of the [incident\n"
    "Runbook] and will post more soon.\n"
    "\n"
    "[incident runbook]: https://example.com/runbook\n"
    "[note]: #\n"
    "  (STAFF-NOTE talk to Dana before publishing)\n"
)


def test_a_link_whose_label_wraps_onto_the_next_line_keeps_its_definition(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {PATH: WRAPPED})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert 'href="https://example.com/runbook"' in page
    assert "[incident" not in page


def test_an_unused_definitions_title_on_the_next_line_is_published_nowhere(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {PATH: WRAPPED})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    leaked = [path for path, data in tree(root / "public").items() if b"STAFF-NOTE" in data]
    assert [] == leaked
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "will post more soon." in page


NEXT_LINE = FRONT.replace("monitoring", "investigating") + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Fix is out, see the [runbook].\n"
    "[note]:\n"
    '  https://internal.example.com/ops "STAFF-NOTE rollback plan in OPS-123"\n'
    "\n"
    "[runbook]:\n"
    "  https://example.com/runbook\n"
    "> [quoted]:\n"
    ">   https://internal.example.com/q\n"
    ">   (STAFF-NOTE customer is ACME)\n"
)


def test_an_unused_definition_with_its_address_on_the_next_line_is_published_nowhere(
    tmp_path: Path,
) -> None:
    # Python-Markdown reads `[note]:` and an address on the line below as one definition,
    # so the page hides it: the API, search index and notifications must not show it.
    settings = "title: Example Status\nbase_url: https://status.example.com\ntimezone: UTC\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings + NOTIFY})
    # The first run records what is published; the incident is news to the next.
    assert 0 == run(root, "notify", "--now", "2026-12-05T08:00:00Z").exit_code
    (root / PATH).write_text(NEXT_LINE, encoding="utf-8")

    built = run_build(root, now=NOW)
    told = run(root, "notify", "--dry-run", "--now", NOW)

    assert 0 == built.exit_code, built.output
    assert (0, True) == (told.exit_code, "Fix is out" in told.output), told.output
    leaked = [path for path, data in tree(root / "public").items() if b"STAFF-NOTE" in data]
    assert [] == leaked
    leaked = [p for p, data in tree(root / "public").items() if b"internal.example.com" in data]
    assert [] == leaked
    assert "STAFF-NOTE" not in told.output
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    (body,) = [u["body"] for u in incident["incident_updates"]]
    assert "[runbook]:\n  https://example.com/runbook" in body
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert 'href="https://example.com/runbook"' in page


ESCAPED = FRONT.replace("monitoring", "investigating") + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Follow [the runbook][rb], [the old one][old] and [the wiki](https://example.com/wi\\_ki).\n"
    "\n"
    '[rb]: https://example.com/run\\_book "Run\\_book steps"\n'
    "[old]: <https://example.com/old\\_book>\n"
    "[note]: https://internal.example.com/ops\\_x (STAFF-NOTE ask Dana)\n"
)


def test_escapes_in_a_link_definition_are_resolved_as_in_a_link(tmp_path: Path) -> None:
    # As on GitHub: `run\_book` in a definition's address is `run_book`, as it is in an
    # inline link's; a backslash kept in the address sent readers to a page that is not.
    settings = "title: Example Status\nbase_url: https://status.example.com\ntimezone: UTC\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings + NOTIFY})
    assert 0 == run(root, "notify", "--now", "2026-12-05T08:00:00Z").exit_code
    (root / PATH).write_text(ESCAPED, encoding="utf-8")

    built = run_build(root, now=NOW)
    told = run(root, "notify", "--dry-run", "--now", NOW)

    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert 'href="https://example.com/run_book" title="Run_book steps"' in page
    assert 'href="https://example.com/old_book"' in page
    assert 'href="https://example.com/wi_ki"' in page
    shown = {p: d for p, d in tree(root / "public").items() if p.endswith((".html", ".xml"))}
    assert [] == [path for path, data in shown.items() if b"\\_" in data]
    # The definition no link uses is still published nowhere.
    leaked = [path for path, data in tree(root / "public").items() if b"STAFF-NOTE" in data]
    assert [] == leaked
    # The notifications link where the page links.
    assert 0 == told.exit_code, told.output
    assert "https://example.com/run_book" in told.output
    assert "STAFF-NOTE" not in told.output


ANGLED = FRONT.replace("monitoring", "investigating") + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "See the [runbook] and the [guide].\n"
    "\n"
    '[runbook]: <https://docs.example.com/run book/> "Runbook"\n'
    "[guide]: <../../docs/on call/>\n"
    "[comment]: <ops notes> (STAFF-NOTE ask Dana about the refund bug)\n"
)


def test_a_definition_whose_angled_address_holds_a_space_is_read_as_one(
    tmp_path: Path,
) -> None:
    # As on GitHub (CommonMark 4.7): `<…>` may hold spaces. Read as text, the link was
    # lost and the author's note was published on the page, in the feeds and the messages.
    settings = "title: Example Status\nbase_url: https://status.example.com\ntimezone: UTC\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings + NOTIFY})
    assert 0 == run(root, "notify", "--now", "2026-12-05T08:00:00Z").exit_code
    (root / PATH).write_text(ANGLED, encoding="utf-8")

    built = run_build(root, now=NOW)
    told = run(root, "notify", "--dry-run", "--now", NOW)

    assert 0 == built.exit_code, built.output
    link = 'href="https://docs.example.com/run%20book/" title="Runbook"'
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert link in page
    assert "[runbook]" not in page
    feed = (root / "public/feed.xml").read_text()
    assert link in feed
    assert "[runbook]" not in feed
    leaked = [path for path, data in tree(root / "public").items() if b"STAFF-NOTE" in data]
    assert [] == leaked
    # The messages' Markdown keeps the definitions its links use, their addresses
    # leading where the page's do, and nothing of the note.
    assert 0 == told.exit_code, told.output
    body = (
        "See the [runbook] and the [guide].\n\n"
        '[runbook]: <https://docs.example.com/run book/> "Runbook"\n'
        "[guide]: <https://status.example.com/docs/on call/>"
    )
    assert f'"body": {json.dumps(body, ensure_ascii=False)}' in told.output
    assert "STAFF-NOTE" not in told.output


# A definition the page never links to, though a link names its label: the later of two
# for one label (the first wins), and one a link matches only by CommonMark's Unicode case
# fold (the page's converter matches in lowercase: `straße` is not `strasse` there).
OVERRIDDEN = (
    "See [the runbook][1].\n"
    "\n"
    "[1]: https://runbook.example.com/\n"
    "[1]: <> (STAFF-NOTE secret ticket OPS-123)\n"
)
FOLDED = "See the [Straße][straße] team.\n\n[STRASSE]: <> (STAFF-NOTE internal ticket OPS-9)\n"
API_FILES = ("incidents.json", "summary.json", "incidents/unresolved.json")


@pytest.mark.parametrize("message", [OVERRIDDEN, FOLDED], ids=["defined-twice", "case-folded"])
def test_a_definition_the_page_never_links_to_is_published_nowhere(
    tmp_path: Path, message: str
) -> None:
    text = FRONT.replace("monitoring", "investigating") + (
        "## Investigating at 2026-12-05 09:00\nComponents: api=degraded_performance\n\n"
    )
    root = write_site(tmp_path, {PATH: text + message})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "STAFF-NOTE" not in page
    leaked = [path for path, data in tree(root / "public").items() if b"STAFF-NOTE" in data]
    assert [] == leaked
    for name in API_FILES:
        api = json.loads((root / "public/api/v2" / name).read_text())
        (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
        (body,) = [u["body"] for u in incident["incident_updates"]]
        # The API's Markdown links where the page links, and to nothing it does not.
        assert ("runbook.example.com" in page) == ("runbook.example.com" in body), name
        assert "[1]: <>" not in body and "[STRASSE]" not in body, name


@pytest.mark.parametrize(
    "message",
    [
        OVERRIDDEN,
        FOLDED,
        "See [a  b][] and [ c ].\n\n[a  b]: https://x.example/ab\n[c]: https://x.example/c\n",
        "See [İ][] and [K][k].\n\n[i̇]: https://x.example/i\n[K]: https://x.example/k\n",
        "See [Ops][].\n\n[OPS]: https://x.example/first\n[ops]: https://x.example/second\n",
        "A [note]\nand [more].\n\n[NOTE]:\n  https://x.example/n\n[note]: https://x.example/late\n",
    ],
    ids=["defined-twice", "case-folded", "spaces", "dotted-i", "first-wins", "two-lines"],
)
def test_the_messages_keep_just_the_definitions_the_page_links_to(message: str) -> None:
    # Each address a kept definition gives is one the page's link leads to, and the
    # reverse: the Markdown published beside the page links no more and no less.
    summary, _ = split_body(message, 1)

    page = render_markdown(message)

    addresses = set(re.findall(r"https://x\.example/\w+|https://runbook\.example\.com/", page))
    kept = set(re.findall(r"https://x\.example/\w+|https://runbook\.example\.com/", summary))
    assert addresses == kept
    assert "STAFF-NOTE" not in summary
