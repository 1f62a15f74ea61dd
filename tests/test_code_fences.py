"""Fenced code in incident files: read where CommonMark (and the page) sees code, so that
no update is lost in a block that is not one, nor in one left open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt
from sitefiles import run_build, write_site

from statusgen.authoring import edit
from statusgen.cli import cli
from statusgen.render.markdown import convert_markdown, library_markdown, render_markdown
from statusgen.timeline import split_body

PATH = "content/incidents/2026-12-04-api-errors.md"
FRONT = "---\ntitle: API errors\nstatus: {status}\ncomponents:\n  api: major_outage\n---\n"
NOW = "2026-12-04T12:00:00Z"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def headings(*lines: str) -> list[str]:
    """The update headings split_body reads in a body of `lines`, then one more heading."""
    body = "\n".join(["## Investigating at 2026-12-04 09:00", *lines, "## Resolved at 10:00"])
    return [update.heading for update in split_body(body, 1)[1]]


BOTH = ["Investigating at 2026-12-04 09:00", "Resolved at 10:00"]
FIRST = BOTH[:1]


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        # After backticks, an info string may hold no backtick: inline code, no fence.
        (["```systemctl restart api``` was run on all hosts."], BOTH),
        (["```ls`", "text"], BOTH),
        (["   ```systemctl``` too, indented"], BOTH),
        # An info string after tildes may hold anything.
        (["~~~ shell with ``` in it", "code"], FIRST),
        (["```shell", "code"], FIRST),
        (["   ```", "code"], FIRST),
        (["    ```", "indented code, no fence"], BOTH),
        # Closed by a run of the same character at least as long, and spaces after it.
        (["````", "code", "```", "still code"], FIRST),
        (["```", "code", "`````  "], BOTH),
        (["```", "code", "   ```"], BOTH),
        (["```", "code", "    ```"], FIRST),
        (["```", "code", "~~~"], FIRST),
        (["~~~", "code", "~~~~\t"], BOTH),
        (["```", "code", "``` ~~~"], FIRST),
        (["```", "code", "``` more"], FIRST),
        # A fence in a list item ends with the item (5.2), closed or not.
        (["- The restart printed:", "  ```", "  error: timeout", "- Then we retried.", ""], BOTH),
        (["- The restart printed:", "  ```", "  error: timeout"], BOTH),
        (["1. Run:", "", "   ```", "   ./restart", "   ## Identified at 09:30"], BOTH),
        (["- Log:", "  ```", "  ## Identified at 09:30", "", "  error"], BOTH),
        # Outside a list, an indented fence holds every line up to its closing one.
        (["  ```", "  code"], FIRST),
        # An empty list item ends at a blank line (5.2): the fence after it is outside it.
        (["- ", "", "  ```"], FIRST),
        (["-", "", "  ```"], FIRST),
        (["1.", "", "   ```"], FIRST),
        (["- -", "", "  ```"], BOTH),
        (["-", "  ```"], BOTH),
        # An empty item cannot interrupt a paragraph: a lone `-` under text is an underline.
        (["Text", "-", "  ```"], FIRST),
        (["Text", "- ", "  ```"], FIRST),
        (["Text", "*", "  ```"], FIRST),
        # ... but after an item's paragraph, it is an item of the list.
        (["- Text", "-", "", "  ```"], FIRST),
        (["- Text", "*", "  ```"], BOTH),
    ],
)
def test_update_headings_are_read_outside_fences_as_commonmark_has_them(
    lines: list[str], read: list[str]
) -> None:
    assert read == headings(*lines)


def test_a_line_of_inline_code_keeps_the_updates_after_it(tmp_path: Path) -> None:
    text = FRONT.format(status="resolved") + (
        "## Investigating at 2026-12-04 09:00\n"
        "```systemctl restart api``` was run on all hosts.\n"
        "\n"
        "## Resolved at 2026-12-04 10:00\n"
        "All good again.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check")
    listed = run(root, "incidents", "--json", "--now", NOW)
    built = run_build(root, now=NOW)

    assert 0 == checked.exit_code, checked.output
    assert "2026-12-04-api-errors" not in [row["slug"] for row in json.loads(listed.output)]
    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-12-04-api-errors/index.html").read_text()
    assert "<code>systemctl restart api</code> was run on all hosts." in page
    assert "All good again." in page
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API errors"]
    assert ("resolved", 2) == (incident["status"], len(incident["incident_updates"]))


def test_a_new_message_of_inline_code_gets_no_closing_fence(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    message = "```pg_repack``` is running on the primary."

    result = run(root, "new", "incident", "DB slow", "-c", "api", "-m", message, "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = (root / "content/incidents/2026-12-04-db-slow.md").read_text()
    assert text.endswith(f"\n\n{message}\n")


OPEN_BLOCK = FRONT.format(status="investigating") + (
    "## Investigating at 2026-12-04 09:00\nError seen by customers:\n```\nHTTP 502 Bad Gateway\n"
)


def test_check_warns_of_a_code_block_never_closed(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: OPEN_BLOCK})

    result = run(root, "check")

    assert 0 == result.exit_code, result.output
    assert [
        f"{PATH}:9:1: warning: this code block is never closed: the rest of the file is its "
        "code, so an update added after it would be read as code",
        "    hint: add a line '```' after the block's last line",
    ] == [line for line in result.output.splitlines() if line.startswith((PATH, "    hint"))]


def test_a_code_block_left_open_in_a_list_item_ends_with_the_item(tmp_path: Path) -> None:
    text = FRONT.format(status="resolved") + (
        "## Investigating at 2026-12-04 09:00\n"
        "- The restart printed:\n"
        "  ```\n"
        "  error: timeout\n"
        "- Then we retried.\n"
        "\n"
        "## Resolved at 2026-12-04 10:00\n"
        "All good again.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = run(root, "check")

    assert (0, "No problems found") == (result.exit_code, result.output[:17]), result.output


@pytest.mark.parametrize(
    ("command", "state"),
    [
        (["update", "api-errors", "-m", "Rollback under way."], "investigating"),
        (["update", "api-errors", "--status", "identified", "-m", "Rollback."], "identified"),
        (["resolve", "api-errors"], "resolved"),
    ],
)
def test_an_update_after_a_code_block_left_open_closes_it_and_says_so(
    tmp_path: Path, command: list[str], state: str
) -> None:
    root = write_site(tmp_path, {PATH: OPEN_BLOCK})

    result = run(root, *command, "--now", "2026-12-04 09:40")

    assert 0 == result.exit_code, result.output
    assert (
        f"warning: {PATH}:9: this code block was never closed, so the new update would have "
        "been read as its code; a line '```' now closes it before the update (move that line "
        "up if the block ends earlier)\n"
    ) == result.stderr
    text = (root / PATH).read_text()
    assert "HTTP 502 Bad Gateway\n```\n\n## " in text
    checked = run(root, "check")
    assert (0, "No problems found") == (checked.exit_code, checked.output[:17])
    listed = run(root, "incidents", "--all", "--json", "--now", NOW)
    (row,) = [row for row in json.loads(listed.output) if row["slug"] == "2026-12-04-api-errors"]
    assert state == row["state"]
    assert 0 == run_build(root, now=NOW).exit_code
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API errors"]
    assert 2 == len(incident["incident_updates"])


def test_an_update_that_would_not_be_read_is_refused_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever else might hide the new heading, the edit reads it back before it counts."""
    monkeypatch.setattr(edit, "open_code_block", lambda _text: None)
    root = write_site(tmp_path, {PATH: OPEN_BLOCK})

    result = run(root, "update", "api-errors", "-m", "Lost?", "--now", "2026-12-04 09:40")

    assert 1 == result.exit_code
    assert (
        f"{PATH}: the new update at line 12 would be read as text of the message above it"
    ) == result.stderr.splitlines()[0]
    assert OPEN_BLOCK == (root / PATH).read_text()


def test_a_code_block_in_a_list_item_is_shown_in_the_item(tmp_path: Path) -> None:
    text = FRONT.format(status="resolved") + (
        "## Resolved at 2026-12-04 10:00\n"
        "- Restarted the pool:\n"
        "\n"
        "  ```\n"
        "  $ systemctl restart api\n"
        "  ## Resolved at 09:58\n"
        "  ```\n"
        "\n"
        "- Watched the graphs\n"
    )
    root = write_site(tmp_path, {PATH: text})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-12-04-api-errors/index.html").read_text()
    (listed,) = BeautifulSoup(page, "html.parser").select("ul:has(pre)")
    items = listed.find_all("li", recursive=False)
    assert ["Restarted the pool:", "Watched the graphs"] == [item.p.get_text() for item in items]
    assert "$ systemctl restart api\n## Resolved at 09:58\n" == items[0].pre.code.get_text()


@pytest.mark.parametrize(
    ("source", "html"),
    [
        # Tight: the item's text, then its code; the list stays one list.
        (
            "- Log:\n  ```\n  a < b\n  ```\n- Then",
            "<ul>\n<li>Log:\n    <pre><code>a &lt; b\n</code></pre></li>\n<li>Then</li>\n</ul>",
        ),
        # Left open, the block ends with its item, as the updates are read.
        (
            "1. Run:\n\n   ```sh\n   ./restart\n\n2. Wait",
            "<ol>\n<li>\n<p>Run:</p>\n<pre><code>./restart\n</code></pre>\n</li>\n"
            "<li>\n<p>Wait</p>\n</li>\n</ol>",
        ),
        # At the margin after a list, a fence is the message's own block, as before.
        (
            "- a\n\n```python\nx = 1\n```",
            "<ul>\n<li>a</li>\n</ul>\n<pre><code>x = 1\n</code></pre>",
        ),
    ],
)
def test_code_blocks_in_list_items_are_code_where_the_updates_read_code(
    source: str, html: str
) -> None:
    assert html == render_markdown(source)


@pytest.mark.parametrize(
    ("source", "codes"),
    [
        # A second block in an item, after a paragraph the library ends the list at.
        (
            "- Restarted the pool:\n\n  ```\n  $ systemctl restart pgbouncer\n  ```\n\n"
            "  Then checked the connections:\n\n  ```\n  $ psql -c 'show pools'\n  ```\n"
            "- Watched the error rate.",
            ["$ systemctl restart pgbouncer\n", "$ psql -c 'show pools'\n"],
        ),
        (
            "- Restarted:\n\n    ```\n    $ a\n    ```\n\n    Then:\n\n    ```\n    $ b\n    ```\n"
            "- Watched.",
            ["$ a\n", "$ b\n"],
        ),
        # `1)` items, which the library reads as text.
        ("1) a\n\n   ```\n   code\n   ```\n2) b", ["code\n"]),
        ("1) a\n   ```\n   code\n   ```\n2) b", ["code\n"]),
        ("- a\n\n  Then:\n  ```\n  code\n  ```\n- b", ["code\n"]),
        ("1. a\n\n   ```\n   code\n   ```\n2. b", ["code\n"]),
        ("- a\n  - b\n\n    ```\n    code\n    ```\n- c", ["code\n"]),
        ("- ```\n  code\n  ```\n- b", ["code\n"]),
    ],
)
def test_a_code_block_in_a_list_item_is_never_shown_in_another(
    source: str, codes: list[str]
) -> None:
    html = BeautifulSoup(render_markdown(source), "html.parser")

    assert [] == html.select("pre pre")
    assert codes == [pre.get_text() for pre in html.select("pre")]
    # Nor cut into a paragraph's text, which would leave an empty one after it.
    assert [] == html.select("p:empty")


COMMONMARK = MarkdownIt("commonmark")


@pytest.mark.parametrize(
    "source",
    [
        # Indented up to three spaces, closed or not, a fence opens a block of code.
        "Log:\n\n  ```\n  code\n  ```\n\nafter",
        " ```\ncode\n ```",
        "   ~~~py\n   code\n  more\n~~~\n\nafter",
        "Log:\n\n  ```\n  code\n## Resolved at 11:00\nFixed.\n",
        # Left open at the margin, it runs to the end of the message.
        "Log:\n```\ncode\n\n## Resolved at 11:00\n",
        # Closed by an indented fence, or a longer one.
        "```\ncode\n   ```\n\nafter",
        "```\ncode\n````\n\nafter",
        # After an empty item's blank line, the fence is outside the item.
        "Log:\n\n-\n\n  ```\n  code here\n## Resolved at 11:00\nFixed.\n",
        # At the margin and closed, as it always was.
        "Log:\n\n```python\nx = 1\n```\n\nafter",
        "Log:\n```\nx < 1\n```\nafter",
    ],
)
def test_every_fence_the_updates_read_as_code_is_shown_as_code(source: str) -> None:
    html = BeautifulSoup(render_markdown(source), "html.parser")
    expected = BeautifulSoup(COMMONMARK.render(source), "html.parser")

    assert [pre.get_text() for pre in expected.select("pre")] == [
        pre.get_text() for pre in html.select("pre")
    ]
    assert [] == html.select("h3")


def test_a_fence_after_an_empty_item_is_shown_as_the_code_check_reads(tmp_path: Path) -> None:
    text = FRONT.format(status="investigating") + (
        "## Investigating at 2026-12-04 09:00\n"
        "Log:\n"
        "\n"
        "-\n"
        "\n"
        "  ```\n"
        "  code here\n"
        "## Resolved at 2026-12-04 10:00\n"
        "Fixed.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-12-04-api-errors/index.html").read_text()
    (code,) = BeautifulSoup(page, "html.parser").select("pre")
    assert "code here\n## Resolved at 2026-12-04 10:00\nFixed.\n" == code.get_text()
    assert "<h4>Resolved at" not in page


@pytest.mark.parametrize(
    "source",
    [
        # An info string of more than one word, around a fence of another length.
        "We changed our README:\n\n````md title=README\n```sh\nmake deploy\n```\n````\n\n"
        "Deploys are fast again.",
        "Log:\n```text from the proxy\nline\n```\n\n```json\n{}\n```\n\nafter",
        "Log:\n```text from the proxy\nline\n\n```json\n{}\n```\n\nafter",
        # Left open, its code holding a line that reads like a fence with a language.
        "Log:\n\n```py x\ncode\n``` x\nmore\n",
        "- Log:\n  ```sh  --verbose\n  ```json\n  {}\n  ```\n- next",
        # Braces, attributes, backticks after tildes.
        "Log:\n\n```{.py}}\ncode\n```x\n```\n\nafter",
        "~~~ `x` {y}\n```z\ncode\n~~~\n\nafter",
        '```python hl_lines="1" extra\nx\n```\n\nafter',
    ],
)
def test_a_fence_with_any_info_string_is_shown_as_its_code(source: str) -> None:
    converted = convert_markdown(source)
    html = BeautifulSoup(render_markdown(source), "html.parser")
    expected = BeautifulSoup(COMMONMARK.render(source), "html.parser")

    assert [pre.get_text() for pre in expected.select("pre")] == [
        pre.get_text() for pre in html.select("pre")
    ]
    # No line of it, nor of the text after it, lost or shown as text.
    assert [p.get_text() for p in expected.select("p")] == [p.get_text() for p in html.select("p")]
    # The language its first word names, where the library can name one.
    languages = [code.get("class") for code in expected.select("pre > code")]
    assert [
        found if found and re.fullmatch(r"language-[\w#.+-]+", found[0]) else None
        for found in languages
    ] == [
        code.get("class") for code in BeautifulSoup(converted, "html.parser").select("pre > code")
    ]
    assert converted == library_markdown(source)


def test_a_fence_with_words_after_its_language_keeps_its_code_on_the_page(
    tmp_path: Path,
) -> None:
    text = FRONT.format(status="resolved") + (
        "## Investigating at 2026-12-04 09:00\n"
        "Slow deploys.\n"
        "\n"
        "## Resolved at 2026-12-04 10:00\n"
        "We changed the deploy instructions in our README:\n"
        "\n"
        "````md title=README\n"
        "```sh\n"
        "make deploy\n"
        "```\n"
        "````\n"
        "\n"
        "Deploys are fast again.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-12-04-api-errors/index.html").read_text()
    (code,) = BeautifulSoup(page, "html.parser").select("pre")
    assert "```sh\nmake deploy\n```\n" == code.get_text()
    assert "````md" not in page.replace(code.decode(), "")
    assert "Deploys are fast again." in page


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "> ```python\n> def f():\n>     return 1\n> ```",
            "<blockquote>\n<pre><code>def f():\n    return 1\n</code></pre>\n</blockquote>",
        ),
        (
            "Seen:\n> text\n> ~~~\n> a\n>\n> b\n> ~~~\n> more",
            "<p>Seen:</p>\n<blockquote>\n<p>text</p>\n<pre><code>a\n\nb\n</code></pre>\n"
            "<p>more</p>\n</blockquote>",
        ),
        (
            "> > ```\n> > x\n> > ```",
            "<blockquote>\n<blockquote>\n<pre><code>x\n</code></pre>\n</blockquote>\n</blockquote>",
        ),
    ],
)
def test_a_fenced_block_in_a_quote_is_shown_as_code(source: str, expected: str) -> None:
    """As on GitHub: not one line of inline code holding the language and every line."""
    assert expected == render_markdown(source)
