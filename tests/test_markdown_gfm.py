"""Messages show the Markdown GitHub users type in incident updates as GitHub shows it: a
`#channel` at a line's start stays text (docs/content.md). Both converters agree."""

from __future__ import annotations

import pytest

from statusgen.render.markdown import convert_markdown, library_markdown, render_markdown
from statusgen.render.search import plain_words


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
    ],
    ids=["channel", "channel-in-paragraph", "seven-hashes", "heading"],
)
def test_github_markdown_shows_as_on_github(source: str, expected: str) -> None:
    assert expected == render_markdown(source)
    assert library_markdown(source) == convert_markdown(source)


def test_a_channel_name_is_a_searchable_word() -> None:
    assert "#ops-incident-42 has the live discussion." == plain_words(
        "#ops-incident-42 has the live discussion."
    )
