"""Simple messages are converted without the Markdown library (render/simple_markdown.py):
the HTML must be the library's, byte for byte, whatever the text; and the messages status
updates are made of must take the shortcut, or it saves nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import convert_markdown, library_markdown, render_markdown
from statusgen.render.simple_markdown import simple_html

# Letters of several scripts, digits, and punctuation the shortcut takes as text.
_word = st.text(alphabet="abzAZéßøжЖ中文ع0189_.,:;'\"?!()%/#=+@$~-&>", min_size=1, max_size=8)
_words = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_url = st.sampled_from(
    ["https://example.com/a", "/status?x=1&y=2", "mailto:ops@example.com", "#top", "a.html"]
)
# Bare addresses, which both link (render/autolinks.py), with what may end one.
_bare = st.sampled_from(
    [
        "https://example.com/postmortem/42", "www.example.com/x?y=1&z=2", "https://e.com/a_(b)",
        "(https://e.com/a))", "http://x.y.", "https://a.b/c&amp;d", "www.a_b.c", "HTTPS://E.COM",
    ]
)  # fmt: skip
# Every inline form the shortcut writes, and text around and inside it.
_inline = st.one_of(
    _words,
    _bare,
    _bare.map(lambda b: f"**{b}**"),
    _words.map(lambda w: f"`{w}`"),
    _words.map(lambda w: f"**{w}**"),
    _words.map(lambda w: f"*{w}*"),
    st.tuples(_words, _url).map(lambda t: f"[{t[0]}]({t[1]})"),
)
_line = st.lists(_inline, min_size=1, max_size=5).map(" ".join)
_paragraph = st.lists(_line, min_size=1, max_size=3).map("\n".join)
_list = st.lists(_line, min_size=1, max_size=3).map(
    lambda items: "\n".join(f"- {i}" for i in items)
)
_numbered = st.tuples(st.sampled_from([1, 2, 10]), st.lists(_line, min_size=1, max_size=3)).map(
    lambda t: "\n".join(f"{t[0] + n}. {item}" for n, item in enumerate(t[1]))
)
_heading = st.tuples(st.integers(1, 6), _line).map(lambda t: "#" * t[0] + " " + t[1])
# Code lines: any text, blank lines and indentation among them.
_code = st.lists(
    st.one_of(
        _words,
        st.just(""),
        _words.map(lambda w: "  " + w),
        st.sampled_from(['<a href="x">', "&amp; &"]),
    ),
    min_size=1,
    max_size=4,
).map("\n".join)
_fenced = st.tuples(st.sampled_from(["", "json", "sh", "c++"]), _code).map(
    lambda t: f"```{t[0]}\n{t[1]}\n```"
)
_simple = st.lists(
    st.one_of(_paragraph, _list, _numbered, _heading, _fenced), min_size=1, max_size=4
).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(_simple)
def test_simple_messages_are_what_the_library_makes(source: str) -> None:
    html = simple_html(source)
    if html is not None:
        assert html == library_markdown(source)


# Markdown syntax, whitespace and characters the library's block and inline rules look for,
# among words and forms the shortcut writes.
_TOKENS = (
    *"ab*_`[]()!<>&;#\\-+|:=~@\"'.1", " ", "  ", "    ", "\n", "\n\n", "\n\n\n", "\t", "\r",
    "- ", "\n- ", "* ", "1. ", "```", "\n```\n", "### ", "**", "&amp;", "&#35;", "&#x41;",
    "&copy", "](", "\n[d]: ", "<a\\_b>", " 't\\*'",
    "\\\"", "\\'", "\\&", "\\&amp;", "\\$", "\\@", "\\?", "\\/", "\\^", " \"t\\\"\"",
    "http://x.y", "https://a.b/c_d", "www.e.f", "~~", "~", "(", ")",
    "\u202e", "\u2028", "\xa0", "\x00", "\x02", "\x03", "\x0b",
    "`a`", "**b**", "*c*", "[d](/e)",
)  # fmt: skip
_SYNTAX = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SYNTAX, st.tuples(_simple, _SYNTAX, _simple).map("".join)))
def test_any_text_converts_as_the_library_converts_it(source: str) -> None:
    html = simple_html(source)
    if html is not None:
        assert html == library_markdown(source)
    assert convert_markdown(source) == library_markdown(source)


# A fence closed by a line indented up to three spaces, as the updates are read
# (load/fences.py): the page shows the same blocks whatever else the message holds.
_INDENTED_FENCE = st.tuples(
    _code, st.sampled_from([" ```", "  ```", "   ```", "  ~~~", "   ````", "    ```"]), _code
).map(lambda t: f"```\n{t[0]}\n{t[1]}\n{t[2]}\n```")


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.one_of(_paragraph, st.just("")), _INDENTED_FENCE, _simple))
def test_indented_fences_convert_as_the_library_converts_them(parts: tuple[str, ...]) -> None:
    source = "\n\n".join(part for part in parts if part)
    html = simple_html(source)
    if html is not None:
        assert html == library_markdown(source)


@pytest.mark.parametrize("first_line", ["We ran:", "We ran (see <https://example.com>):"])
def test_a_fence_closed_by_an_indented_line_ends_there(first_line: str) -> None:
    source = (
        f"{first_line}\n\n```\ndeploy api\n  ```\nThe rollout is paused while we look at"
        " it.\n\n  ```\ndeploy web\n```"
    )
    html = render_markdown(source)
    assert "<pre><code>deploy api\n</code></pre>" in html
    assert "<p>The rollout is paused while we look at it.</p>" in html
    assert "<pre><code>deploy web\n</code></pre>" in html


# What status updates are made of: each must take the shortcut.
@pytest.mark.parametrize(
    "source",
    [
        "We are investigating elevated error rates.",
        "Some requests to Email notifications are failing with HTTP `503`.",
        "For background, see [the changelog](https://example.com/changelog). Next update "
        "within the hour.\n\n**Affected:** Email notifications. Others are working **normally**.",
        "The cause has been identified.\n\n- The Dashboard may show stale numbers.\n"
        "- No data was lost; delayed events will be delivered in order.",
        "- Requests with an `Idempotency-Key` header are safe to retry.\n- See "
        "[the status API](https://example.com/api?v=2&x=1) for *details*.\n\nResolved at 14:05.",
        "A line\nwrapped by the editor, 100% & more > less; *really*.",
        "Fehler bei Überweisungen: wir prüfen das. 中文 und عربي.",
        "### What happened\n\nA configuration change.\n\n### Root cause\n\nA *typo*.",
        "Retry with:\n\n```sh\ncurl -sS https://api.example.com/v1/health\n\n"
        '  {"status": "ok"} & <done>\n```\n\nAll good since 14:05.',
        "```\nHTTP/1.1 503 Service Unavailable\nRetry-After: 30\n```",
        "What to do:\n\n1. Retry the request.\n2. Check the `Retry-After` header.",
        "3. And then, continued from above.",
        "Components: api=major_outage, cdn=degraded_performance",
        "Note: see https://example.com/a-b (about 100%).",
        "Details: https://example.com/postmortem/42. Next update in ~30 min.",
        "#ops-incident-42 has the live discussion.\n\n- Join #ops for updates.",
        "It's fixed -- really! Next update at 14:05.",
        "First paragraph.\n\nSecond one.",
    ],
)
def test_status_updates_take_the_shortcut(source: str) -> None:
    html = simple_html(source)
    assert html is not None
    assert html == library_markdown(source)


@pytest.mark.parametrize(
    "source",
    [
        "- One list\n\n- and another: the library makes one list of paragraphs",
        "An _emphasised_ word",
        "A trailing_ underscore",
        "An _underscore **opening** a word **before** _strong **text**",
        "An ![image](/a.png)",
        "A <b>tag</b> or <https://example.com>",
        "Not \\*emphasis\\*",
        "Not \\~~struck~~",
        "A [link](https://example.com 'with a title')",
        "Two spaces  \nmake a break",
        "### A heading ##",
        "###A heading without a space",
        "Text\n### and a heading in one block",
        "```\nan unclosed fence",
        "Text\n```\na fence in a paragraph\n```",
        "```\n```\n",
        "````\nfour backticks\n````",
        "~~~\ntildes\n~~~",
        "ETA ~~10:00~~ 11:00 UTC.",
        "##ops has the live discussion.",
        "- [x] rollback\n- [ ] verify",
        "```\n   \nspaces alone on a line\n```",
        "```\ndeploy api\n  ```\nThe rollout is paused.\n\n  ```\ndeploy web\n```",
        "```\na\n ```\nb\n```",
        "```\na\n   ```  \n\nb",
        "```\na\n  ~~~\nb\n```",
        "> A quote",
        "1) Not a list for the library",
        "01. A number with a leading zero",
        "1. One list\n\n- and another",
        "a | b\n--|--\nc | d",
        "| a |\n|---|\n| `b\\|c` |",
        "Heading\n-------",
        "***bold and emphasis***",
        "Ends with a space ",
        "Three\n\n\nline ends",
        "- Item\n  continued",
        "A tab\tinside",
        "",
    ],
)
def test_anything_else_is_left_to_the_library(source: str) -> None:
    assert simple_html(source) is None
    assert convert_markdown(source) == library_markdown(source)


# A list item line right after a paragraph line starts a list, as GitHub shows it (Upptime's
# own issue bodies are written so), in a quote and a list item too; what is not a list item
# there stays text.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Affected:\n- api\n- web",
            "<p>Affected:</p>\n<ul>\n<li>api</li>\n<li>web</li>\n</ul>",
        ),
        (
            "In [`abc1234`](https://github.com/o/r/commit/abc1234), Google "
            "(https://www.google.com) was **down**:\n- HTTP code: 0\n- Response time: 0 ms\n",
            '<p>In <a href="https://github.com/o/r/commit/abc1234" '
            'rel="nofollow noopener noreferrer"><code>abc1234</code></a>, '
            'Google (<a href="https://www.google.com" rel="nofollow noopener noreferrer">'
            "https://www.google.com</a>) was <strong>down</strong>:</p>\n"
            "<ul>\n<li>HTTP code: 0</li>\n<li>Response time: 0 ms</li>\n</ul>",
        ),
        ("Steps:\n* one\n+ two", "<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("Steps:\n1. one\n2. two", "<p>Steps:</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("Ten minutes - then\n2. was not a list", "<p>Ten minutes - then\n2. was not a list</p>"),
        ("- one\n  more of one\n- two", "<ul>\n<li>one\n  more of one</li>\n<li>two</li>\n</ul>"),
        ("Log:\n```\nstarted\n- api\n```", "<p>Log:</p>\n<pre><code>started\n- api\n</code></pre>"),
        ("Before\n- - -", "<p>Before</p>\n<hr>"),
        (
            "> Customers reported:\n> - logins fail\n> - the API times out",
            "<blockquote>\n<p>Customers reported:</p>\n"
            "<ul>\n<li>logins fail</li>\n<li>the API times out</li>\n</ul>\n</blockquote>",
        ),
        (
            "> > Quoted\n> > 1. a",
            "<blockquote>\n<blockquote>\n<p>Quoted</p>\n<ol>\n<li>a</li>\n</ol>\n"
            "</blockquote>\n</blockquote>",
        ),
        (
            "- one\n\n    Affected:\n    - api",
            "<ul>\n<li>\n<p>one</p>\n<p>Affected:</p>\n<ul>\n<li>api</li>\n</ul>\n</li>\n</ul>",
        ),
        (
            "- one\n\n    > Quoted\n    > - a",
            "<ul>\n<li>\n<p>one</p>\n<blockquote>\n<p>Quoted</p>\n"
            "<ul>\n<li>a</li>\n</ul>\n</blockquote>\n</li>\n</ul>",
        ),
        ("> Log:\n> - - -", "<blockquote>\n<p>Log:</p>\n<hr>\n</blockquote>"),
    ],
    ids=[
        "bullets", "upptime", "star-plus", "numbered", "dash-inside", "in-a-list",
        "fenced", "rule", "quote", "quote-in-quote", "in-a-list-item", "quote-in-a-list-item",
        "rule-in-a-quote",
    ],
)  # fmt: skip
def test_a_list_right_after_a_paragraph_line_is_a_list(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    html = simple_html(source)
    assert html is None or html == library_markdown(source)
    assert convert_markdown(source) == library_markdown(source)


# A backslash escape in a link's address or title reads as the character it escapes, in a
# link definition as in an inline link, as on GitHub; a backslash before a letter stays.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "See [the runbook][rb].\n\n[rb]: https://example.com/run\\_book",
            '<p>See <a href="https://example.com/run_book">the runbook</a>.</p>',
        ),
        (
            "See [rb].\n\n[rb]: <https://example.com/run\\_book> 'Run\\_book \\*steps\\*'",
            '<p>See <a href="https://example.com/run_book" title="Run_book *steps*">rb</a>.</p>',
        ),
        (
            "See ![the graph][g].\n\n[g]: /g\\_1.png (Graph\\_1)",
            '<p>See <img alt="the graph" src="/g_1.png" title="Graph_1" />.</p>',
        ),
        (
            "> See [rb].\n>\n> [rb]: https://e.com/a\\\\\\_b\\q",
            '<blockquote>\n<p>See <a href="https://e.com/a\\_b\\q">rb</a>.</p>\n</blockquote>',
        ),
        (
            "See [x](https://e.com/a\\_b 't\\_i') and [y](<https://e.com/c\\_d>).",
            '<p>See <a href="https://e.com/a_b" title="t_i">x</a> and '
            '<a href="https://e.com/c_d">y</a>.</p>',
        ),
        ("Text only.\n\n[unused]: https://e.com/a\\_b", "<p>Text only.</p>"),
        (
            'See [rb].\n\n[rb]: https://e.com/d?a=1\\&b=2 "The \\"runbook\\""',
            '<p>See <a href="https://e.com/d?a=1&amp;b=2" title="The &quot;runbook&quot;">'
            "rb</a>.</p>",
        ),
        (
            "See [x](/a\\&amp;b 'Bob\\'s \\&lt;').",
            '<p>See <a href="/a&amp;amp;b" title="Bob\'s &amp;lt;">x</a>.</p>',
        ),
    ],
    ids=[
        "definition",
        "angle-title",
        "image",
        "escaped-backslash",
        "inline",
        "unused",
        "quotes-and-ampersand",
        "escaped-entities",
    ],
)
def test_escapes_in_link_addresses_and_titles_are_resolved(source: str, expected: str) -> None:
    assert expected == library_markdown(source)
    assert expected == convert_markdown(source)
    html = simple_html(source)
    assert html is None or html == expected
