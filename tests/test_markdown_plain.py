"""Plain paragraphs skip the Markdown library (render/markdown.py's `_PLAIN`): the HTML
must be the library's, byte for byte, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import _PLAIN, convert_markdown, library_markdown

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
