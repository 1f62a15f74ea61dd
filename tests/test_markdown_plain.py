"""Plain paragraphs skip the Markdown library (render/markdown.py's `_PLAIN`), and the
library tries only the inline patterns a message could match: the HTML must be what the
library makes without either shortcut, byte for byte, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import _PLAIN, _converter, convert_markdown, library_markdown

# Letters of several scripts, digits, and every character a plain paragraph may hold.
_CHARACTERS = "abzABZéßøжЖ中文ع" + "0189" + " ,.;:'?!()%/-"
_paragraph = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("aZéжع中"),
    st.text(alphabet=_CHARACTERS, max_size=40),
)
_plain = st.lists(_paragraph, min_size=1, max_size=4).map("\n\n".join)


@settings(max_examples=400, deadline=None)
@given(_plain)
def test_plain_paragraphs_are_what_the_library_makes(source: str) -> None:
    assert library_markdown(source) == convert_markdown(source)


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("We are investigating elevated error rates.", True),
        ("Note: see https://example.com/a-b (about 100%).", True),
        ("It's fixed -- really! Next update at 14:05.", True),
        ("Ünïcödé text, 中文, عربي.", True),
        ("First paragraph.\n\nSecond one.", True),
        # Markdown syntax, or whitespace the library treats as such: never the shortcut.
        ("1. First step", False),
        ("- A list item", False),
        ("Line  \nbreak", False),
        ("Two lines\nin one paragraph", False),
        ("Ends with a space ", False),
        ("Some *emphasis*", False),
        ("A `code` span", False),
        ("A [link](https://example.com)", False),
        ("Fish & chips <b>", False),
        ("Heading\n===", False),
        ("a | b", False),
        ("Three\n\n\nnewlines", False),
        ("", False),
    ],
)
def test_only_plain_paragraphs_take_the_shortcut(source: str, plain: bool) -> None:
    assert plain == bool(_PLAIN.fullmatch(source))
    assert library_markdown(source) == convert_markdown(source)


# The library tries only the inline patterns a message could match (render/markdown.py's
# `_INLINE_NEEDS`); the HTML must be what it makes trying all of them.
def _with_every_pattern(source: str) -> str:
    converter = _converter()
    setattr(converter.treeprocessors["inline"], "inlinePatterns", converter.inlinePatterns)  # noqa: B010
    try:
        return converter.convert(source)
    finally:
        converter.reset()


@pytest.mark.parametrize(
    "source",
    [
        "A `code` span and ``two `ticks` ``",
        "Not \\*emphasis\\* and a \\`tick\\`",
        "A [link](https://example.com 'title') and [another][ref]\n\n[ref]: /path",
        "An ![image](/a.png) and ![another][ref]\n\n[ref]: /b.png",
        "A short [ref] and ![short image]\n\n[ref]: /c\n[short image]: /d.png",
        "An autolink <https://example.com/x> and a mail <ops@example.com>",
        "A hard  \nline break",
        "A tab\t\nbefore the line end",
        "Entities &amp; &#35; &#x41; and a bare & sign",
        "Some *emphasis*, **strong** and ***both***",
        "Some _emphasis_, __strong__ and snake_case_words",
        "- item with `code`\n- item with [link](/x)\n\n```\n*not* [code]\n```",
        "| a | b |\n|---|---|\n| *x* | `y` |",
    ],
)
def test_inline_patterns_left_out_change_nothing(source: str) -> None:
    assert _with_every_pattern(source) == library_markdown(source)


# Markdown syntax, whitespace and characters every inline pattern looks for.
_TOKENS = (
    *"ab*_`[]()!<>&;#\\-|:=@", " ", "  ", "    ", "\n", "\n\n", "\t", "\r",
    "```", "1.", "http://x.y", "&#35;",
)  # fmt: skip
_SYNTAX = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_SYNTAX)
def test_any_text_converts_as_with_every_inline_pattern(source: str) -> None:
    assert _with_every_pattern(source) == library_markdown(source)
