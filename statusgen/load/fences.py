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
from enum import Enum

# An HTML comment's opening and closing marks, in raw HTML and in Markdown alike.
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"

# An opening fence: up to three spaces, three or more backticks or tildes, then an info
# string; after backticks it may hold no backtick, so "```ls``` was run" is a line with
# inline code in it, not a fence (nor, to the Markdown library, a fenced block).
_OPENING = re.compile(r" {0,3}(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
# A closing fence: up to three spaces, a run of one character, then spaces or tabs alone.
_CLOSING = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[ \t]*")
# A list item's marker (5.2), then the spaces that place its content: a bullet, or a number
# of up to nine digits and `.` or `)`, then a space, a tab or the end of the line.
# How many list items one line's markers open that CodeBlocks follows: well past the
# deepest nesting a message may have (markdown_bounds.MAX_NESTING), short of reading a
# line of 25,000 markers 25,000 times.
ITEMS_FOLLOWED = 100
_ITEM = re.compile(r"(?P<marker>[-+*]|[0-9]{1,9}[.)])(?: *$|(?P<space> +))")
# Lines that are blocks of their own, not a paragraph's text, so an indented line after one
# is code: an ATX heading (4.2), a thematic break (4.1) and a setext underline (4.3).
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
# An HTML block whose lines are HTML up to its closing tag, blank lines and indented ones
# too (4.6, start condition 1): the lines of a `<pre>` are never an indented code block.
_RAW_HTML = re.compile(r"<(pre|script|style|textarea)(?=[ \t>]|$)", re.IGNORECASE)


class _Fence:
    """Feed it a block's lines in order, each without the margin of the list item it is
    in; it says which lie inside a fenced code block. It knows no list items: CodeBlocks
    ends the block where its item ends."""

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


class Line(Enum):
    """What a line is to Markdown's blocks, as CodeBlocks reads it."""

    CODE = "code"  # in a code block, fenced (its fences too) or indented
    COMMENT = "comment"  # in an HTML block that a comment starts (4.6, start condition 2)
    HTML = "html"  # in another HTML block (`<pre>`, `<script>`, ...)
    QUOTE = "quote"  # starts with `>`, or more of the paragraph of a line that does
    TEXT = "text"  # the first line of a paragraph
    MORE = "more"  # more of the paragraph above (its next line, or a lazy one)
    BLANK = "blank"
    OTHER = "other"  # a heading, a thematic break, a setext underline, an empty list item


class CodeBlocks:
    """Feed it a text's lines in order; it says which lie inside a code block, fenced or
    indented (four columns past the margin of the list item the line is in, after a blank
    line or a block other than a paragraph: a paragraph's indented line is more of it),
    and in `kind` what the line is to Markdown's blocks."""

    def __init__(self) -> None:
        self.fences = _Fence()
        self.fenced = False  # the line read last is in a fenced code block (a fence too)
        self.opened = False  # the line read last opens a fenced code block
        self.items: list[int] = []  # the content column of each open list item, outermost first
        self.paragraph = False  # the line before is a paragraph's text
        self.empty_item = False  # the line before opened a list item with nothing in it
        self.raw_end = ""  # what closes the HTML block we are in ("" outside one)
        self.kind = Line.BLANK  # what the line read last is

    def inside(self, line: str) -> bool:
        """Whether `line` belongs to a code block (a fence's own lines too)."""
        self.fenced = self.opened = False
        self.kind = self._read(line)
        return self.kind is Line.CODE

    def _read(self, line: str) -> Line:
        # Tabs stop every four columns (2.2); only columns are measured.
        expanded = line.expandtabs(4)
        text = expanded.lstrip(" ")
        indent = len(expanded) - len(text)
        # An item may begin with one blank line only (5.2): an empty one ends at a blank line,
        # and what follows is outside it, however far it is indented.
        if self.empty_item and not text:
            self.items.pop()
        self.empty_item = False
        # A block in a list item ends with the item: a line of text left of the item's
        # margin. Only a paragraph's lines are lazy (5.2).
        ends_item = bool(text) and indent < self._margin()
        if self.raw_end and not ends_item:
            kind = Line.COMMENT if self.raw_end == COMMENT_CLOSE else Line.HTML
            self.raw_end = "" if self.raw_end in line.lower() else self.raw_end
            return kind
        self.raw_end = ""
        if self.fences.open and not ends_item:
            self.fences.inside(expanded[min(indent, self._margin()) :])
            self.fenced = True
            return Line.CODE
        self.fences.open = ""
        if not text:
            self.paragraph = False
            return Line.BLANK
        if self.paragraph and ends_item and not self._opens_block(text):
            return Line.MORE  # a lazy line: more of the paragraph of the item above
        if ends_item:
            self.paragraph = False  # the item's paragraph ends with it
        while self.items and indent < self.items[-1]:
            self.items.pop()
        if indent - self._margin() >= 4:
            return Line.MORE if self.paragraph else Line.CODE
        return self._block(expanded[self._margin() :])

    def _block(self, line: str) -> Line:
        """What `line`, indented at most three columns past the margin, starts."""
        # A loop, not a call per item: a line of a thousand nested `- ` markers (alert
        # text, pasted) must not run out of stack before its nesting is told. Followed
        # to ITEMS_FOLLOWED on one line: each item reads the rest of the line again, and
        # text nested that deep is refused (markdown_bounds), so what it holds past them
        # is read as text.
        for _ in range(ITEMS_FOLLOWED):
            text = line.lstrip(" ")
            if self.fences.inside(line):
                self.paragraph = False
                self.fenced = self.opened = True
                return Line.CODE
            raw = _RAW_HTML.match(text)
            if raw or text.startswith(COMMENT_OPEN):
                # A comment ends on the first line that holds `-->`, counted from its `<!`:
                # `<!-->` is a whole one.
                end, after = (f"</{raw[1].lower()}>", raw.end()) if raw else (COMMENT_CLOSE, 2)
                self.raw_end = "" if end in text[after:].lower() else end
                self.paragraph = False
                return Line.HTML if raw else Line.COMMENT
            if text.startswith(">"):
                # Quotes are not followed inside; a line after one is read as more of it.
                self.paragraph = True
                return Line.QUOTE
            item = None if _BREAK.match(text) else _ITEM.match(text)
            if item and self.paragraph and item["space"] is None:
                # An empty item cannot interrupt a paragraph (5.2): a lone `-` under text is a
                # setext underline, a lone `*` more of the text.
                item = None
            if item:
                # An item's content starts after the spaces past its marker; after one of them
                # if there are five or more (then indented code), or none (an empty line).
                space = len(item["space"] or "")
                gap = space if 0 < space <= 4 else 1
                start = len(line) - len(text) + len(item["marker"]) + gap
                self.items.append(self._margin() + start)
                self.paragraph = False
                if 0 < space <= 4:
                    line = line[start:]  # its content: text, a fence, a comment...
                    continue
                self.empty_item = not space
                return Line.CODE if space > 4 else Line.OTHER
            if (
                _HEADING.match(text)
                or _BREAK.match(text)
                or (self.paragraph and _UNDERLINE.match(text))
            ):
                self.paragraph = False
                return Line.OTHER
            kind = Line.MORE if self.paragraph else Line.TEXT
            self.paragraph = True
            return kind
        self.paragraph = True
        return Line.TEXT

    def _margin(self) -> int:
        return self.items[-1] if self.items else 0

    def _opens_block(self, text: str) -> bool:
        return bool(
            _ITEM.match(text)
            or _HEADING.match(text)
            or _BREAK.match(text)
            or _OPENING.match(text)
            or _RAW_HTML.match(text)
            or text.startswith((COMMENT_OPEN, ">"))
        )


class CodeFences:
    """Feed it a text's lines in order; it says which lie inside a fenced code block. A
    fence opened in a list item ends with the item, closed or not, as GitHub shows it:
    the item's blocks are followed (CodeBlocks) for that alone."""

    def __init__(self) -> None:
        self._blocks = CodeBlocks()

    @property
    def open(self) -> str:
        """The line that closes the fenced block we are in, which a line at the text's
        margin must write to end it; "" outside one, and in one in a list item, which any
        line at the margin ends (and a fence written there would open another block)."""
        return "" if self._blocks.items else self._blocks.fences.open

    @property
    def opened(self) -> bool:
        """Whether the line read last opens a fenced code block: a block right after
        another one's closing fence is another block all the same."""
        return self._blocks.opened

    def inside(self, line: str) -> bool:
        """Whether `line` belongs to a fenced code block (an opening or closing fence too)."""
        self._blocks.inside(line)
        return self._blocks.fenced


# A run of backticks, which opens a code span (CommonMark 6.1) when one as long closes it.
_TICKS = re.compile(r"`+")


def code_span_end(text: str, at: int, ticks: int) -> int:
    """Where the code span ends whose opening run of `ticks` backticks ends at `at` in
    `text`: past the next run of exactly as many; `at` when none closes it, and the
    backticks are text. `text` is one paragraph's, so a span may run over line breaks."""
    for run in _TICKS.finditer(text, at):
        if len(run[0]) == ticks:
            return run.end()
    return at


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
