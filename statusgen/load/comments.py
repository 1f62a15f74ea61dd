"""HTML comments in Markdown, which the page a reader sees does not show.

GitHub shows a file without its `<!-- ... -->` comments, and an author hides a draft in
one believing it hidden: so everything that reads an incident's body (the timeline, the
authoring commands, the importers) reads it without them, and nothing inside one is an
update, a `Components:` line or text to publish. Which `<!--` starts one is CommonMark's
rule (0.31), as GitHub follows it, since reading one where GitHub shows text would hide
updates a reader sees:

- a line that starts with `<!--` (three spaces at most before it, past a list item's
  margin) starts an HTML block, hidden to the end of the first line that holds `-->`,
  whatever it holds, headings too; left open, it hides the rest of the file (4.6);
- elsewhere in a paragraph's text, a `<!--` outside code spans is a comment only when a
  `-->` closes it in the same paragraph; else it is text, shown as typed (6.6).

A quote is read inside by the same rules, its `>` markers aside (and a lazy line of its
paragraph with it), and a comment block left open in one ends with the quote. In code (a
code block, fenced or indented, or a code span) `<!--` is text the page shows, as is
`\\<!--`, in a quote too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statusgen.load.fences import COMMENT_CLOSE, COMMENT_OPEN, CodeBlocks, Line, code_span_end

# What the scan of a paragraph stops at: an escaped character (`\<!--` is text), a run of
# backticks (a code span's, whose text is shown as written), and a comment's start.
_MARK = re.compile(r"\\.|`+|<!--")
# The lines read together for comments inside them: a paragraph's, an HTML block's.
_RUNS = {Line.TEXT: Line.MORE, Line.HTML: Line.HTML}
# What comes before a quote line's text: a list item's markers, when the quote starts the
# item, then the quote's `>` and the space (or tab) after it.
_QUOTE_MARKERS = re.compile(r"(?:[ \t]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)*[ \t]*>[ \t]?")
# Quotes are read inside to this depth; deeper, as Markdown is refused there anyway
# (load/markdown_bounds.py), their text is left as it is rather than recursed into.
_DEEPEST_QUOTE = 40


@dataclass(frozen=True)
class Uncommented:
    """A text without its comments; lines are counted from 1, 0 for none."""

    text: str  # line breaks kept, so each line keeps its number
    first: int = 0  # the line the first comment opens on
    unclosed: int = 0  # the line of a comment never closed, which hides the rest
    column: int = 0  # the column its `<!--` starts at, from 1
    # The lines a comment hides whole inside a list item or a paragraph, which a message's
    # text leaves out: a blank line there would end the item or split the paragraph.
    dropped: tuple[int, ...] = ()


def without_comments(text: str) -> Uncommented:
    """`text` without its HTML comments outside code, and where they are, in quotes too. A
    comment block left open hides the rest (of its quote, in one); a line a comment block
    ends on reads on after `-->` as a line of its own."""
    return _without(text, 0)


def _without(text: str, depth: int) -> Uncommented:
    """without_comments of `text`, a quote's text `depth` quotes deep."""
    if COMMENT_OPEN not in text or depth > _DEEPEST_QUOTE:
        return Uncommented(text)  # nearly every body, at the cost of one search
    lines = text.split("\n")
    blocks = CodeBlocks()
    found = _Found()
    run: list[int] = []  # the lines of the paragraph (or HTML block) read so far
    kind = Line.BLANK  # what the run's first line is
    opened: tuple[int, int] | None = None  # the line and column of a comment block's `<!--`
    quote: _Quote | None = None  # the quote read so far
    for index, line in enumerate(lines):
        blocks.inside(line)
        if quote is not None:
            if quote.takes(line, blocks.kind):
                continue
            found.add(quote.read(lines, depth))
            quote = None
            if blocks.kind is Line.MORE:
                # Not a lazy line of the quote's paragraph (the quote ends in code, or
                # blank): read again, as the first line after a block other than a paragraph.
                blocks.paragraph = False
                blocks.inside(line)
        if run and blocks.kind is _RUNS.get(kind):
            run.append(index)
            continue
        found.opens(_hide_inline(lines, run, found.dropped))
        run, kind = [], blocks.kind
        if kind is Line.COMMENT:
            spans, left = _raw_comments(line, opened is not None)
            lines[index] = _cut(line, spans)
            found.opens(index + 1)
            if blocks.items and not lines[index].strip():
                found.dropped.append(index + 1)  # in a list item, whose text it would end
            if left is None:
                opened = None
            elif left >= 0:
                opened = (index + 1, left + 1)
            continue
        if opened is not None:
            # The block ended with its list item, the comment open: the page's HTML holds
            # an open `<!--`, which hides the rest.
            found.left_open(*opened)
            opened = None
        if kind is Line.QUOTE:
            quote = _Quote(index)
            quote.takes(line, kind)
        elif kind in _RUNS or kind is Line.OTHER:
            run = [index]  # a heading's text is one line's
    if quote is not None:
        found.add(quote.read(lines, depth))
    found.opens(_hide_inline(lines, run, found.dropped))
    if opened is not None:
        found.left_open(*opened)
    return Uncommented(
        "\n".join(lines), found.first, found.unclosed, found.column, tuple(sorted(found.dropped))
    )


class _Found:
    """Where a text's comments are, as its reading finds them: the first one found and
    the first left open are the ones told, as the reader sees them first."""

    def __init__(self) -> None:
        self.first = self.unclosed = self.column = 0
        self.dropped: list[int] = []

    def opens(self, line: int) -> None:
        """A comment opens on `line` (from 1; 0 for none)."""
        self.first = self.first or line

    def left_open(self, line: int, column: int) -> None:
        if not self.unclosed:
            self.unclosed, self.column = line, column

    def add(self, read: Uncommented) -> None:
        """What a quote's reading found, in lines of the whole text."""
        self.opens(read.first)
        if read.unclosed:
            self.left_open(read.unclosed, read.column)
        self.dropped += read.dropped


class _Quote:
    """The lines of a block quote, from its first on: each one's `>` markers (none on a
    lazy line) and its text, read as the quote's own Markdown."""

    def __init__(self, start: int) -> None:
        self.start = start  # the index of its first line
        self.markers: list[str] = []
        self.texts: list[str] = []
        self.blocks = CodeBlocks()  # its text's blocks, to tell a lazy line

    def takes(self, line: str, kind: Line) -> bool:
        """Whether `line`, which the text's blocks read as `kind`, is more of the quote:
        a line with its `>`, or a lazy line of a paragraph in it (CommonMark 5.1)."""
        if kind is Line.QUOTE:
            marker = _QUOTE_MARKERS.match(line)
            markers = marker[0] if marker else ""
        elif kind is Line.MORE and self.blocks.paragraph:
            markers = ""
        else:
            return False
        self.markers.append(markers)
        self.texts.append(line[len(markers) :])
        self.blocks.inside(self.texts[-1])
        return True

    def read(self, lines: list[str], depth: int) -> Uncommented:
        """Leave the comments of the quote's text out of its lines in `lines`, its markers
        kept; returns where they are, as lines (from 1) and columns of `lines`."""
        read = _without("\n".join(self.texts), depth + 1)
        if not read.first:
            return Uncommented("")
        for offset, (markers, was, text) in enumerate(
            zip(self.markers, self.texts, read.text.split("\n"), strict=True)
        ):
            if text != was:
                lines[self.start + offset] = markers + text if text else markers.rstrip(" \t")
        at = self.start  # the quote's first line, counted from 0
        column = len(self.markers[read.unclosed - 1]) + read.column if read.unclosed else 0
        return Uncommented(
            "",
            at + read.first,
            at + read.unclosed if read.unclosed else 0,
            column,
            tuple(at + line for line in read.dropped),
        )


def _hide_inline(lines: list[str], run: list[int], dropped: list[int]) -> int:
    """Leave out the comments closed within the lines `run` of `lines` (one paragraph's),
    adding to `dropped` the lines (from 1) they hide whole; returns the line (from 1) the
    first one opens on, 0 for none."""
    if not run:
        return 0
    text = "\n".join(lines[run[0] : run[-1] + 1])
    if COMMENT_OPEN not in text:
        return 0
    spans: list[tuple[int, int]] = []
    at = 0
    while (start := _comment_start(text, at)) >= 0:
        # From the `<!`: `<!-->` and `<!--->` are whole comments too. The first `-->`
        # closes it, in a code span's backticks too: the comment began first.
        end = text.find(COMMENT_CLOSE, start + 2)
        if end < 0:
            break  # never closed in its paragraph: text, as typed
        spans.append((start, end + len(COMMENT_CLOSE)))
        at = end + len(COMMENT_CLOSE)
    if not spans:
        return 0
    shown = _cut(text, spans).split("\n")
    dropped += [
        run[0] + 1 + offset
        for offset, (was, now) in enumerate(zip(lines[run[0] : run[-1] + 1], shown, strict=True))
        if was.strip() and not now.strip()
    ]
    lines[run[0] : run[-1] + 1] = shown
    return run[0] + 1 + text.count("\n", 0, spans[0][0])


def _raw_comments(line: str, opened: bool) -> tuple[list[tuple[int, int]], int | None]:
    """The comments on a line of an HTML block (`opened`: one is open from the line
    above), and where the one it leaves open starts: -1 above it, None when none is."""
    spans: list[tuple[int, int]] = []
    begun: int | None = -1 if opened else None  # where the comment open at `at` starts
    at = 0
    while True:
        if begun is None:
            begun = line.find(COMMENT_OPEN, at)
            if begun < 0:
                return spans, None
            at = begun + 2  # from the `<!`, as above
        end = line.find(COMMENT_CLOSE, at)
        if end < 0:
            spans.append((max(begun, 0), len(line)))
            return spans, begun
        spans.append((max(begun, 0), end + len(COMMENT_CLOSE)))
        begun, at = None, end + len(COMMENT_CLOSE)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without its `spans`, whose line breaks stay so that each line keeps its
    number. A span that runs to a line's end takes the spaces before it: two would make
    the line end in a hard line break the author never wrote."""
    shown, at = "", 0
    for start, end in spans:
        shown += text[at:start]
        if "\n" in text[start:end] or text[end : end + 1] in ("", "\n"):
            shown = shown.rstrip(" \t")
        shown += "\n" * text.count("\n", start, end)
        at = end
    return shown + text[at:]


def _comment_start(text: str, at: int) -> int:
    """Where the first `<!--` of `text` from `at` on, outside code spans, starts; -1 if
    none. A code span may run over line breaks, as within a paragraph."""
    while (mark := _MARK.search(text, at)) is not None:
        if mark[0] == COMMENT_OPEN:
            return mark.start()
        at = mark.end()
        if mark[0][0] == "`":
            at = code_span_end(text, at, len(mark[0]))
    return -1


def escape_comments(text: str) -> str:
    """`text` with each `<!--` outside code written `\\<!--`, which Markdown shows as
    typed: words from elsewhere (a command's message, an alert, an import) hide nothing,
    and cannot hide the updates after them."""
    if COMMENT_OPEN not in text:
        return text
    blocks = CodeBlocks()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if blocks.inside(line) or COMMENT_OPEN not in line:
            continue
        pieces, at = [], 0
        while (start := _comment_start(line, at)) >= 0:
            pieces += [line[at:start], "\\", COMMENT_OPEN]
            at = start + len(COMMENT_OPEN)
        lines[index] = "".join(pieces) + line[at:]
    return "\n".join(lines)
