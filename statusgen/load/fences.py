"""Fenced code blocks in Markdown, as the timeline reader and the authoring commands see them.

A line inside a fence (its opening and closing lines included) is message text, never an
update heading, so both must agree on where fences start and end. Both follow CommonMark
(0.31, 4.5), as GitHub does, so a line is code where the author sees code.
"""

from __future__ import annotations

import re

# An opening fence: up to three spaces, three or more backticks or tildes, then an info
# string; after backticks it may hold no backtick, so "```ls``` was run" is a line with
# inline code in it, not a fence (nor, to the Markdown library, a fenced block).
_OPENING = re.compile(r" {0,3}(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
# A closing fence: up to three spaces, a run of one character, then spaces or tabs alone.
_CLOSING = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[ \t]*")


class CodeFences:
    """Feed it a text's lines in order; it says which lie inside a fenced code block."""

    def __init__(self) -> None:
        self.open = ""  # the fence of the block we are in ("" outside one)

    def inside(self, line: str) -> bool:
        """Whether `line` belongs to a fenced code block (an opening or closing fence too)."""
        if self.open:
            closing = _CLOSING.fullmatch(line)
            # The same character as the opening fence, and at least as many of it.
            if closing and closing["fence"].startswith(self.open):
                self.open = ""
            return True
        opening = _OPENING.match(line)
        if opening:
            self.open = opening["fence"]
            return True
        return False


def blank_fenced(text: str) -> str:
    """`text` with every line of its fenced code blocks blanked to spaces, so a pattern
    searched in it finds only what lies outside code, at the offsets `text` has it."""
    fences = CodeFences()
    lines = text.split("\n")
    return "\n".join(" " * len(line) if fences.inside(line) else line for line in lines)
