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

In code (a code block, fenced or indented, or a code span) `<!--` is text the page
shows, as is `\\<!--`; so is it in a quote (`> `), which is not read inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statusgen.load.fences import COMMENT_CLOSE, COMMENT_OPEN, CodeBlocks, Line

# What the scan of a paragraph stops at: an escaped character (`\<!--` is text), a run of
# backticks (a code span's, whose text is shown as written), and a comment's start.
_MARK = re.compile(r"\\.|`+|<!--")
_TICKS = re.compile(r"`+")
# The lines read together for comments inside them: a paragraph's, an HTML block's.
_RUNS = {Line.TEXT: Line.MORE, Line.HTML: Line.HTML}


@dataclass(frozen=True)
class Uncommented:
    """A text without its comments; lines are counted from 1, 0 for none."""

    text: str  # line breaks kept, so each line keeps its number
    first: int = 0  # the line the first comment opens on
    unclosed: int = 0  # the line of a comment never closed, which hides the rest
    column: int = 0  # the column its `<!--` starts at, from 1


def without_comments(text: str) -> Uncommented:
    """`text` without its HTML comments outside code and quotes, and where they are. A
    comment block left open hides the rest; a line a comment block ends on reads on after
    `-->` as a line of its own."""
    if COMMENT_OPEN not in text:
        return Uncommented(text)  # nearly every body, at the cost of one search
    lines = text.split("\n")
    blocks = CodeBlocks()
    first = unclosed = column = 0
    run: list[int] = []  # the lines of the paragraph (or HTML block) read so far
    kind = Line.BLANK  # what the run's first line is
    opened: tuple[int, int] | None = None  # the line and column of a comment block's `<!--`
    for index, line in enumerate(lines):
        blocks.inside(line)
        if run and blocks.kind is _RUNS.get(kind):
            run.append(index)
            continue
        hidden = _hide_inline(lines, run)  # before `or`, which would skip it
        first = first or hidden
        run, kind = [], blocks.kind
        if kind is Line.COMMENT:
            spans, left = _raw_comments(line, opened is not None)
            lines[index] = _cut(line, spans)
            first = first or index + 1
            if left is None:
                opened = None
            elif left >= 0:
                opened = (index + 1, left + 1)
            continue
        if opened is not None:
            # The block ended with its list item, the comment open: the page's HTML holds
            # an open `<!--`, which hides the rest.
            unclosed, column = unclosed or opened[0], column or opened[1]
            opened = None
        if kind in _RUNS or kind is Line.OTHER:
            run = [index]  # a heading's text is one line's
    hidden = _hide_inline(lines, run)
    first = first or hidden
    if opened is not None:
        unclosed, column = unclosed or opened[0], column or opened[1]
    return Uncommented("\n".join(lines), first, unclosed, column)


def _hide_inline(lines: list[str], run: list[int]) -> int:
    """Leave out the comments closed within the lines `run` of `lines` (one paragraph's);
    returns the line (from 1) the first one opens on, 0 for none."""
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
    lines[run[0] : run[-1] + 1] = _cut(text, spans).split("\n")
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
            # A span runs to the next run of as many backticks; without one they are text.
            ticks = len(mark[0])
            close = next((run for run in _TICKS.finditer(text, at) if len(run[0]) == ticks), None)
            at = close.end() if close is not None else at
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
