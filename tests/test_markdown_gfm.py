"""Messages show the Markdown GitHub users type in incident updates as GitHub shows it: a
`#channel` at a line's start stays text, `~~struck~~` text and bare web addresses work,
and task items and footnotes stay as typed (docs/content.md). Both converters agree."""

from __future__ import annotations

import re
from html import escape

import pytest
from markdown_it import MarkdownIt

from statusgen.render.markdown import (
    convert_markdown,
    library_markdown,
    render_markdown,
    resolve_links,
    unescape_markdown,
)
from statusgen.render.search import plain_words

_REL = 'rel="nofollow noopener noreferrer"'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "#ops-incident-42 has the live discussion.",
            "<p>#ops-incident-42 has the live discussion.</p>",
        ),
        ("Updates:\n#ops-incident-42", "<p>Updates:\n#ops-incident-42</p>"),
        ("####### Seven is text", "<p>####### Seven is text</p>"),
        ("# Root cause", "<h3>Root cause</h3>"),
        ("ETA ~~10:00~~ 11:00 UTC.", "<p>ETA <del>10:00</del> 11:00 UTC.</p>"),
        ("~~**10:00**~~", "<p><del><strong>10:00</strong></del></p>"),
        ("In ~30 min, ~1 h at most.", "<p>In ~30 min, ~1 h at most.</p>"),
        ("Not ~~ spaced ~~ out", "<p>Not ~~ spaced ~~ out</p>"),
        ("~~a ~~b~~ and ~~c ~~ d~~", "<p>~~a <del>b</del> and <del>c ~~ d</del></p>"),
        # A backslash keeps a tilde text, as on GitHub.
        ("\\~~not struck~~ and \\~30 min", "<p>~~not struck~~ and ~30 min</p>"),
        ("~~struck\\~~ on~~", "<p><del>struck~~ on</del></p>"),
        (
            "Details: https://example.com/postmortem/42.",
            f'<p>Details: <a href="https://example.com/postmortem/42" {_REL}>'
            "https://example.com/postmortem/42</a>.</p>",
        ),
        (
            "(see www.example.com/a?b=1&c=2)",
            f'<p>(see <a href="http://www.example.com/a?b=1&amp;c=2" {_REL}>'
            "www.example.com/a?b=1&amp;c=2</a>)</p>",
        ),
        (
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            f'<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)" {_REL}>'
            "https://en.wikipedia.org/wiki/Foo_(bar)</a></p>",
        ),
        (
            "[https://a.example](https://b.example) and `https://c.example`",
            f'<p><a href="https://b.example" {_REL}>https://a.example</a> and '
            "<code>https://c.example</code></p>",
        ),
        (
            "javascript:alert(1) and data:text/html,x and mailto:ops@example.com",
            "<p>javascript:alert(1) and data:text/html,x and mailto:ops@example.com</p>",
        ),
        (
            'https://a.example/"onmouseover="alert(1)',
            f'<p><a href="https://a.example/%22onmouseover=%22alert(1)" {_REL}>'
            'https://a.example/"onmouseover="alert(1)</a></p>',
        ),
        ("- [x] rollback\n- [ ] verify", "<ul>\n<li>[x] rollback</li>\n<li>[ ] verify</li>\n</ul>"),
        ("Fixed[^1].", "<p>Fixed[^1].</p>"),
    ],
    ids=[
        "channel", "channel-in-paragraph", "seven-hashes", "heading", "strikethrough",
        "strikethrough-strong", "tilde", "tildes-spaced", "nearest-opener", "escaped-tildes",
        "escaped-closer", "bare-url", "www",
        "parentheses", "link-and-code", "no-other-scheme", "quotes", "task-list", "footnote",
    ],
)  # fmt: skip
def test_github_markdown_shows_as_on_github(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


def test_a_channel_name_is_a_searchable_word() -> None:
    assert "#ops-incident-42 has the live discussion." == plain_words(
        "#ops-incident-42 has the live discussion."
    )


# As on GitHub (CommonMark), a backslash before any ASCII punctuation shows the character
# alone, in text, in a link's address and title; before anything else it is text.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            'Bob\\\'s \\"fix\\" for R\\&D: 5\\$ \\% \\@ \\, \\/ \\; \\? \\^',
            '<p>Bob\'s "fix" for R&amp;D: 5$ % @ , / ; ? ^</p>',
        ),
        ("Not an entity: \\&amp; \\&#35;", "<p>Not an entity: &amp;amp; &amp;#35;</p>"),
        ("A path: C:\\\\Users \\a \\é", "<p>A path: C:\\Users \\a \\é</p>"),
        (
            "See the [runbook][rb] and the [dashboard][db].\n\n"
            '[rb]: https://example.com/run\\_book "The \\"runbook\\""\n'
            "[db]: https://example.com/d?a=1\\&b=2 'Bob\\'s board'",
            '<p>See the <a href="https://example.com/run_book" title="The &quot;runbook&quot;" '
            f'{_REL}>runbook</a> and the <a href="https://example.com/d?a=1&amp;b=2" '
            f'title="Bob\'s board" {_REL}>dashboard</a>.</p>',
        ),
        (
            '[x](https://example.com/d?a=1\\&amp;b=2 "\\&copy; \\"q\\"")',
            '<p><a href="https://example.com/d?a=1&amp;amp;b=2" title="&amp;copy; &quot;q&quot;"'
            f" {_REL}>x</a></p>",
        ),
    ],
    ids=["text", "escaped-entities", "not-punctuation", "definitions", "inline-link"],
)
def test_a_backslash_before_any_punctuation_escapes_it(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


# As on GitHub (GFM 6.9), a bare address is found in the text as typed, its backslashes
# included (a shell pastes `?` and `&` escaped): one link over the whole address, leading
# where it reads, in the feeds too; the plain text of notifications reads it the same.
@pytest.mark.parametrize(
    ("source", "href", "text"),
    [
        (
            "Dashboard: https://grafana.example.com/d/api\\?orgId=1\\&from=now-6h for graphs.",
            "https://grafana.example.com/d/api\\?orgId=1\\&amp;from=now-6h",
            "https://grafana.example.com/d/api\\?orgId=1\\&amp;from=now-6h",
        ),
        ("www.example.com/a\\?b=1", "http://www.example.com/a\\?b=1", "www.example.com/a\\?b=1"),
        ("https://example.com/a\\/b", "https://example.com/a\\/b", "https://example.com/a\\/b"),
        ("See https://example.com/run\\_book", *["https://example.com/run\\_book"] * 2),
        # The sentence's full stop is left out, escaped or not: only its backslash is linked.
        ("See https://example.com/a\\.", "https://example.com/a\\", "https://example.com/a\\"),
    ],
    ids=["shell-pasted", "www", "slash", "underscore", "full-stop"],
)
def test_a_bare_address_holding_escapes_is_linked_whole_as_typed(
    source: str, href: str, text: str
) -> None:
    shown = render_markdown(source)
    # The address as typed, its backslashes written %5C as GitHub writes them: an
    # address holds no raw backslash (render/markdown.py's encode_address).
    link = f'<a href="{href.replace(chr(92), "%5C")}" {_REL}>{text}</a>'
    assert link in shown
    assert link in resolve_links(shown, "https://status.example.com/incidents/x/")
    assert source == unescape_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


def test_an_escape_outside_a_bare_address_still_escapes_in_plain_text() -> None:
    source = "\\*Note\\*: see [x](https://a.example/b\\?c) and `https://c.example/\\?` then https://d.example/\\?e"
    assert (
        "*Note*: see [x](https://a.example/b?c) and `https://c.example/\\?` then https://d.example/\\?e"
        == unescape_markdown(source)
    )


# As on GitHub (GFM 4.10), `\\|` in a table cell is a pipe of the cell's text, in a code
# span or strong text too; a cell without one shows as written.
_TABLE = "<table>\n<thead>\n<tr>\n<th>{}</th>\n</tr>\n</thead>\n<tbody>\n{}</tbody>\n</table>"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |",
            _TABLE.format(
                "f|oo",
                "<tr>\n<td>b <code>|</code> az</td>\n</tr>\n"
                "<tr>\n<td>b <strong>|</strong> im</td>\n</tr>\n",
            ),
        ),
        (
            "| pattern |\n|---|\n| `^(api\\|web)$` |",
            _TABLE.format("pattern", "<tr>\n<td><code>^(api|web)$</code></td>\n</tr>\n"),
        ),
        (
            "| path |\n|---|\n| `C:\\\\\\|x` and C:\\\\\\|y |",
            _TABLE.format("path", "<tr>\n<td><code>C:\\\\|x</code> and C:\\|y</td>\n</tr>\n"),
        ),
        # A pipe right after a backslash is never a cell boundary (GFM's cell scanner takes
        # the longest match): the cell is `x\\|y`, shown `x|y`, not split at the pipe.
        (
            "| path |\n|---|\n| x\\\\|y |",
            _TABLE.format("path", "<tr>\n<td>x|y</td>\n</tr>\n"),
        ),
        (
            "| plain |\n|---|\n| `a \\ b` |",
            _TABLE.format("plain", "<tr>\n<td><code>a \\ b</code></td>\n</tr>\n"),
        ),
    ],
    ids=["gfm-example", "code-span", "escaped-backslash", "backslash-before-pipe", "plain"],
)
def test_an_escaped_pipe_in_a_table_cell_shows_as_a_pipe(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


def test_a_table_column_is_aligned_as_its_delimiter_row_says() -> None:
    shown = render_markdown("| a | b | c | d |\n|:-:|--:|:--|---|\n| 1 | 2 | 3 | 4 |")
    assert (
        '<tr>\n<td align="center">1</td>\n<td align="right">2</td>\n'
        '<td align="left">3</td>\n<td>4</td>\n</tr>'
    ) in shown
    assert '<th align="center">a</th>\n<th align="right">b</th>' in shown


# As on GitHub (CommonMark 6.7), a backslash at the end of a line breaks it, on the page,
# and in the plain text of notifications and the calendar the line ends there too; an
# escaped backslash, one at the paragraph's end or one in code stays a backslash.
@pytest.mark.parametrize(
    ("source", "expected", "plain"),
    [
        ("Rolled back\\\nat 10:02.", "<p>Rolled back<br>\nat 10:02.</p>", "Rolled back\nat 10:02."),
        (
            "- api\\\n  and web",
            "<ul>\n<li>api<br>\n  and web</li>\n</ul>",
            "- api\n  and web",
        ),
        ("C:\\\\\nnext", "<p>C:\\\nnext</p>", "C:\\\nnext"),
        ("Last\\\n\nNext", "<p>Last\\</p>\n<p>Next</p>", "Last\\\n\nNext"),
        ("`a\\\nb`", "<p><code>a\\\nb</code></p>", "`a\\\nb`"),
    ],
    ids=["paragraph", "list-item", "escaped-backslash", "paragraph-end", "code-span"],
)
def test_a_backslash_at_a_line_end_breaks_the_line(source: str, expected: str, plain: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)
    assert plain == unescape_markdown(source)


# The plain text of notifications and the calendar drops a backslash at a line's end only
# where the page breaks the line; where the page shows it (the line ends a list item, a
# quote's paragraph or a paragraph before a heading; a heading's own), it is kept: a
# Windows folder keeps its last backslash in Slack as on the page.
@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("- C:\\Temp\\\n- D:\\Logs\\", "- C:\\Temp\\\n- D:\\Logs\\"),
        ("> C:\\Temp\\\n>\n> next", "> C:\\Temp\\\n>\n> next"),
        ("C:\\Temp\\\n# Next", "C:\\Temp\\\n# Next"),
        ("C:\\Temp\\\n---", "C:\\Temp\\\n---"),
        ("### Logs in C:\\Temp\\\nThen retry.", "### Logs in C:\\Temp\\\nThen retry."),
        ("| a | C:\\Temp\\\n|---|---|\n| b | D:\\Logs\\\n| c | d |", None),
        ("> Rolled back\\\n> at 10:02.", "> Rolled back\n> at 10:02."),
        ("- api\\\nand web", "- api\nand web"),
    ],
    ids=[
        "list-items", "quote-before-blank", "before-heading", "underlined-heading", "heading",
        "table", "quote-break", "lazy-item-break",
    ],
)  # fmt: skip
def test_plain_text_keeps_a_line_end_backslash_the_page_shows(
    source: str, plain: str | None
) -> None:
    shown = unescape_markdown(source)
    assert (source if plain is None else plain) == shown
    page = render_markdown(source)
    assert page.count("\\") == shown.count("\\"), page


# A heading whose line ends in a backslash (a Windows folder) is a heading, the backslash
# its text, as on GitHub: no line break at a heading's end, and the next line a paragraph.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("### Logs in C:\\Temp\\", "<h3>Logs in C:\\Temp\\</h3>"),
        (
            "### Logs in C:\\Temp\\\nThen retry.",
            "<h3>Logs in C:\\Temp\\</h3>\n<p>Then retry.</p>",
        ),
    ],
    ids=["alone", "before-a-paragraph"],
)
def test_a_heading_ending_in_a_backslash_is_a_heading(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


@pytest.mark.parametrize("char", [chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()])
def test_every_ascii_punctuation_character_can_be_escaped(char: str) -> None:
    shown = render_markdown(f"a \\{char} b")
    assert f"<p>a {escape(char, quote=False)} b</p>" == shown


# An editor's trailing spaces end a block wherever it ends, as CommonMark drops them: not
# only before a blank line, but before a fence, a list, a heading or a quote, and at a list
# item's end. Two spaces before more of the same paragraph still break the line, and code,
# fenced or indented, keeps its lines as written.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Before fence  \n```\ncode  \n```",
            "<p>Before fence</p>\n<pre><code>code  \n</code></pre>",
        ),
        ("Before list  \n- a  \n- b", "<p>Before list</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("- item continued  \n- item", "<ul>\n<li>item continued</li>\n<li>item</li>\n</ul>"),
        (
            "- item\n    - nested  \n- next",
            "<ul>\n<li>item<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>next</li>\n</ul>",
        ),
        ("Before heading  \n### Heading", "<p>Before heading</p>\n<h3>Heading</h3>"),
        (
            "Before quote  \n> quote  ",
            "<p>Before quote</p>\n<blockquote>\n<p>quote</p>\n</blockquote>",
        ),
        ("Last line  ", "<p>Last line</p>"),
        (
            "Para\n\n    code  \n    more  \n\nEnd",
            "<p>Para</p>\n<pre><code>code  \nmore  \n</code></pre>\n<p>End</p>",
        ),
        ("    code  \n\n    more  ", "<pre><code>code  \n\nmore  \n</code></pre>"),
        ("First  \nline.", "<p>First<br>\nline.</p>"),
    ],
    ids=[
        "before-fence",
        "before-list",
        "list-item",
        "nested-item",
        "before-heading",
        "before-quote",
        "message-end",
        "indented-code",
        "indented-code-runs",
        "hard-break",
    ],
)
def test_blanks_end_no_block_but_code(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


# As docs/content.md says: a tab in code, as in any line, is shown as the spaces up to the
# next multiple of four columns of its line as typed, the code's indent counted.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Text\n\n\tTabbed code\t", "<p>Text</p>\n<pre><code>Tabbed code \n</code></pre>"),
        ("```\na\tb\t\n```", "<pre><code>a   b   \n</code></pre>"),
    ],
    ids=["indented", "fenced"],
)
def test_a_tab_in_code_is_shown_as_spaces(source: str, expected: str) -> None:
    assert expected == render_markdown(source)


_TABLE = (
    "<table>\n<thead>\n<tr>\n<th>region</th>\n<th>errors</th>\n</tr>\n</thead>\n<tbody>\n"
    "<tr>\n<td>eu</td>\n<td>12%</td>\n</tr>\n</tbody>\n</table>"
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Impact by region:\n| region | errors |\n|---|---|\n| eu | 12% |",
            f"<p>Impact by region:</p>\n{_TABLE}",
        ),
        (
            "> Impact by region:\n> region | errors\n> --- | ---\n> eu | 12%",
            f"<blockquote>\n<p>Impact by region:</p>\n{_TABLE}\n</blockquote>",
        ),
        # Code keeps its lines; so does a paragraph whose rows are no table (two cells
        # over one), as on GitHub.
        (
            "```\nImpact:\n| region | errors |\n|---|---|\n```",
            "<pre><code>Impact:\n| region | errors |\n|---|---|\n</code></pre>",
        ),
        ("Impact:\n| a | b |\n|---|", "<p>Impact:\n| a | b |\n|---|</p>"),
    ],
)
def test_a_table_right_under_a_line_of_text_is_a_table(source: str, expected: str) -> None:
    """As on GitHub: a header row over a delimiter row starts a table, no blank line above."""
    assert expected == render_markdown(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "- a\n  - b\n  - c\n- d",
            "<ul>\n<li>a<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>",
        ),
        (
            "1. Roll back\n   - api\n   - web\n2. Verify",
            "<ol>\n<li>Roll back<ul>\n<li>api</li>\n<li>web</li>\n</ul>\n</li>\n"
            "<li>Verify</li>\n</ol>",
        ),
        (
            "* a\n  * b\n    * c",
            "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>",
        ),
        # The library's own four columns, and code outside the list, read as before.
        ("- a\n    - b", "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
        (
            "- a\n  - b\n\nout\n\n    indented code",
            "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n<p>out</p>\n"
            "<pre><code>indented code\n</code></pre>",
        ),
    ],
)
def test_a_list_nested_at_githubs_indent_is_nested(source: str, expected: str) -> None:
    """An item under another's text column nests, as on GitHub, not the library's four."""
    assert expected == render_markdown(source)


@pytest.mark.parametrize(
    ("source", "alt"),
    [
        ("![Errors **5xx** *x* ~~d~~](/x.png)", "Errors 5xx x d"),
        ("![Errors __5xx__ _x_](/x.png)", "Errors 5xx x"),
        ("![Errors **5xx**][c]\n\n[c]: /x.png", "Errors 5xx"),
        # Escaped marks, and underscores inside a word, are text.
        ("![a \\*b\\* snake_case](/x.png)", "a *b* snake_case"),
    ],
)
def test_an_image_s_alternative_text_is_plain(source: str, alt: str) -> None:
    """As CommonMark writes it: a screen reader would read out the asterisks."""
    assert f'<p><img alt="{alt}" src="/x.png"></p>' == render_markdown(source)


def _nesting(html: str) -> str:
    """`html` without its paragraphs' tags and its spacing: which item holds which text."""
    return re.sub(r"</?p>|\s+", "", html)


@pytest.mark.parametrize(
    "source",
    [
        "- a\n\n  - b\n- c",
        "1. Roll back\n\n   - api\n2. next",
        "- a\n\n  - b\n\n  - c\n- d",
        "- a\n  - b\n\n        code\n- c",
        "- a\n\n    - b\n- c",
        "- a\n  - b\n- c",
    ],
)
def test_an_item_after_a_nested_list_and_a_blank_line_stays_a_sibling(source: str) -> None:
    """The outer list's next item is its own, not the nested list's, as in CommonMark."""
    expected = MarkdownIt("commonmark").render(source)
    assert _nesting(expected) == _nesting(render_markdown(source))


@pytest.mark.parametrize(
    "source",
    [
        "- Table in list:\n  | a | b |\n  |---|---|\n  | 1 | 2 |",
        "- Table in list:\n    | a | b |\n    |---|---|\n    | 1 | 2 |",
        "1. Impact:\n   | region | level |\n   |---|---|\n   | eu | high |\n2. next",
        "> - a\n>   - b",
        "> 1. Roll back\n>    - api\n> 2. next",
        "> - a\n>\n>   - b\n> - c",
    ],
)
def test_a_table_and_a_nested_list_in_an_item_or_a_quote_are_read_as_on_github(
    source: str,
) -> None:
    """A table under an item's text is the item's; a quote's list nests as the message's."""
    expected = MarkdownIt("commonmark").enable("table").render(source)
    assert _nesting(expected) == _nesting(render_markdown(source))
