"""Code blocks in Markdown, as the timeline reader, the authoring commands and the importers
see them.

A line inside a fence (its opening and closing lines included) is message text, never an
update heading, so all must agree on where fences start and end. All follow CommonMark
(0.31, 4.5), as GitHub does, so a line is code where the author sees code. An indented
code block (4.4) cannot hold an update heading (that is indented three spaces at most), but
what it holds is shown as written: the importers must not read HTML in it.
"""

from __future__ import annotations

import re

# An opening fence: up to three spaces, three or more backticks or tildes, then an info
# string; after backticks it may hold no backtick, so "```ls``` was run" is a line with
# inline code in it, not a fence (nor, to the Markdown library, a fenced block).
_OPENING = re.compile(r" {0,3}(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
# A closing fence: up to three spaces, a run of one character, then spaces or tabs alone.
_CLOSING = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[ \t]*")
# A list item's marker (5.2), then the spaces that place its content: a bullet, or a number
# of up to nine digits and `.` or `)`, then a space, a tab or the end of the line.
_ITEM = re.compile(r"(?P<marker>[-+*]|[0-9]{1,9}[.)])(?: *$|(?P<space> +))")
# Lines that are blocks of their own, not a paragraph's text, so an indented line after one
# is code: an ATX heading (4.2), a thematic break (4.1) and a setext underline (4.3).
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
# An HTML block whose lines are HTML up to its closing tag, blank lines and indented ones
# too (4.6, start condition 1): the lines of a `<pre>` are never an indented code block.
_RAW_HTML = re.compile(r"<(pre|script|style|textarea)(?=[ \t>]|$)", re.IGNORECASE)


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


class CodeBlocks:
    """Feed it a text's lines in order; it says which lie inside a code block, fenced or
    indented (four columns past the margin of the list item the line is in, after a blank
    line or a block other than a paragraph: a paragraph's indented line is more of it)."""

    def __init__(self) -> None:
        self.fences = CodeFences()
        self.items: list[int] = []  # the content column of each open list item, outermost first
        self.paragraph = False  # the line before is a paragraph's text
        self.raw_end = ""  # the closing tag of the HTML block we are in ("" outside one)

    def inside(self, line: str) -> bool:
        """Whether `line` belongs to a code block (a fence's own lines too)."""
        if self.raw_end:
            self.raw_end = "" if self.raw_end in line.lower() else self.raw_end
            return False
        # Tabs stop every four columns (2.2); only columns are measured.
        expanded = line.expandtabs(4)
        text = expanded.lstrip(" ")
        indent = len(expanded) - len(text)
        if self.fences.open:
            return self.fences.inside(expanded[min(indent, self._margin()) :])
        if not text:
            self.paragraph = False
            return False
        if self.paragraph and indent < self._margin() and not self._opens_block(text):
            return False  # a lazy line: more of the paragraph of the item above
        while self.items and indent < self.items[-1]:
            self.items.pop()
        if indent - self._margin() >= 4:
            return not self.paragraph
        if self.fences.inside(expanded[self._margin() :]):
            self.paragraph = False
            return True
        raw = _RAW_HTML.match(text)
        if raw:
            end = f"</{raw[1].lower()}>"
            self.raw_end = "" if end in text[raw.end() :].lower() else end
            self.paragraph = False
            return False
        item = None if _BREAK.match(text) else _ITEM.match(text)
        if item:
            # An item's content starts after the spaces past its marker; after one of them
            # if there are five or more (then indented code), or none (an empty line).
            space = len(item["space"] or "")
            gap = space if 0 < space <= 4 else 1
            self.items.append(indent + len(item["marker"]) + gap)
            self.paragraph = 0 < space <= 4
            return space > 4
        self.paragraph = not (
            _HEADING.match(text)
            or _BREAK.match(text)
            or (self.paragraph and _UNDERLINE.match(text))
        )
        return False

    def _margin(self) -> int:
        return self.items[-1] if self.items else 0

    def _opens_block(self, text: str) -> bool:
        return bool(
            _ITEM.match(text)
            or _HEADING.match(text)
            or _BREAK.match(text)
            or _OPENING.match(text)
            or _RAW_HTML.match(text)
            or text.startswith(">")
        )


def blank_fenced(text: str) -> str:
    """`text` with every line of its fenced code blocks blanked to spaces, so a pattern
    searched in it finds only what lies outside code, at the offsets `text` has it."""
    return _blank(text, CodeFences())


def blank_code(text: str) -> str:
    """`text` with every line of its code blocks, fenced or indented, blanked to spaces,
    as blank_fenced does."""
    return _blank(text, CodeBlocks())


def _blank(text: str, blocks: CodeFences | CodeBlocks) -> str:
    lines = text.split("\n")
    return "\n".join(" " * len(line) if blocks.inside(line) else line for line in lines)
