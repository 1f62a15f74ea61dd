"""The Markdown library tries only the inline patterns a message could match
(render/markdown.py's `_INLINE_NEEDS`): the HTML must be what it makes trying all of them,
byte for byte, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import _converter, library_markdown


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
        "A backslash before a lone carriage return\\\ra break",
        "A tab\t\nbefore the line end",
        "Entities &amp; &#35; &#x41; and a bare & sign",
        "Some *emphasis*, **strong** and ***both***",
        "Some _emphasis_, __strong__ and snake_case_words",
        "- item with `code`\n- item with [link](/x)\n\n```\n*not* [code]\n```",
        "| a | b |\n|---|---|\n| *x* | `y` |",
        "ETA ~~10:00~~ 11:00, see https://example.com/42 or www.example.com.",
    ],
)
def test_inline_patterns_left_out_change_nothing(source: str) -> None:
    assert _with_every_pattern(source) == library_markdown(source)


# Markdown syntax, whitespace and characters every inline pattern looks for.
_TOKENS = (
    *"ab*_`[]()!<>&;#\\-|:=@", " ", "  ", "    ", "\n", "\n\n", "\t", "\r",
    "```", "1.", "http://x.y", "&#35;", "www.e.f", "~~", "~", "#", "x",
)  # fmt: skip
_SYNTAX = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_SYNTAX)
def test_any_text_converts_as_with_every_inline_pattern(source: str) -> None:
    assert _with_every_pattern(source) == library_markdown(source)
