"""Fenced code blocks in Markdown, as the timeline reader and the authoring commands see them.

A line inside a fence (its opening and closing lines included) is message text, never an
update heading, so both must agree on where fences start and end.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


class CodeFences:
    """Feed it a text's lines in order; it says which lie inside a fenced code block."""

    def __init__(self) -> None:
        self.open = ""  # the fence of the block we are in ("" outside one)

    def inside(self, line: str) -> bool:
        """Whether `line` belongs to a fenced code block (an opening or closing fence too)."""
        opening = _FENCE.match(line)
        if self.open:
            marker = opening["fence"] if opening else ""
            # CommonMark: the same character, at least as long, nothing else on the line.
            closing = marker[:1] == self.open[0] and len(marker) >= len(self.open)
            if closing and not line.strip(" \t`~"):
                self.open = ""
            return True
        if opening:
            self.open = opening["fence"]
            return True
        return False
