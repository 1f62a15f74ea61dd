"""HTML comments in Markdown, which the page a reader sees does not show.

GitHub shows a file without its `<!-- ... -->` comments, and an author hides a draft in
one believing it hidden: so everything that reads an incident's body (the timeline, the
authoring commands, the importers) reads it without them, and nothing inside one is an
update, a `Components:` line or text to publish. In code (a code block, fenced or
indented, or a code span) `<!--` is text the page shows, as is `\\<!--`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statusgen.load.fences import CodeBlocks

OPEN, CLOSE = "<!--", "-->"
# What the scan of a line stops at: an escaped character (`\<!--` is text), a run of
# backticks (a code span's, whose text is shown as written), and a comment's start.
_MARK = re.compile(r"\\.|`+|<!--")
_TICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Uncommented:
    """A text without its comments; lines are counted from 1, 0 for none."""

    text: str  # line breaks kept, so each line keeps its number
    first: int = 0  # the line the first comment opens on
    unclosed: int = 0  # the line of a comment never closed, which hides the rest
    column: int = 0  # the column its `<!--` starts at, from 1


def without_comments(text: str) -> Uncommented:
    """`text` without its HTML comments outside code, and where they are. A comment left
    open hides the rest, as Markdown reads it; a line a comment ends reads on after `-->`
    as a line of its own."""
    if OPEN not in text:
        return Uncommented(text)  # nearly every body, at the cost of one search
    blocks = CodeBlocks()
    kept: list[str] = []
    first = opened = column = 0
    for number, line in enumerate(text.split("\n"), 1):
        shift = 0  # what of the line a comment from above hides
        if opened:
            end = line.find(CLOSE)
            if end < 0:
                kept.append("")
                continue
            opened, shift = 0, end + len(CLOSE)
            line = line[shift:]
        if blocks.inside(line) or OPEN not in line:
            kept.append(line)
            continue
        pieces, at = [], 0
        while True:
            start = _comment_start(line, at)
            if start < 0:
                pieces.append(line[at:])
                break
            pieces.append(line[at:start])
            first = first or number
            # From the `<!`: `<!-->` and `<!--->` are whole comments too (CommonMark).
            end = line.find(CLOSE, start + 2)
            if end < 0:
                opened, column = number, shift + start + 1
                break
            at = end + len(CLOSE)
        visible = "".join(pieces)
        # A comment that ran to the line's end leaves no spaces there: two would make
        # the line end in a hard line break the author never wrote.
        kept.append(visible.rstrip(" \t") if not pieces[-1] or opened else visible)
    return Uncommented("\n".join(kept), first, opened, column if opened else 0)


def _comment_start(line: str, at: int) -> int:
    """Where the first `<!--` of `line` from `at` on, outside code spans, starts; -1 if none."""
    while (mark := _MARK.search(line, at)) is not None:
        if mark[0] == OPEN:
            return mark.start()
        at = mark.end()
        if mark[0][0] == "`":
            # A span runs to the next run of as many backticks; without one they are text.
            ticks = len(mark[0])
            close = next((run for run in _TICKS.finditer(line, at) if len(run[0]) == ticks), None)
            at = close.end() if close is not None else at
    return -1


def escape_comments(text: str) -> str:
    """`text` with each `<!--` outside code written `\\<!--`, which Markdown shows as
    typed: words from elsewhere (a command's message, an alert, an import) hide nothing,
    and cannot hide the updates after them."""
    if OPEN not in text:
        return text
    blocks = CodeBlocks()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if blocks.inside(line) or OPEN not in line:
            continue
        pieces, at = [], 0
        while (start := _comment_start(line, at)) >= 0:
            pieces += [line[at:start], "\\", OPEN]
            at = start + len(OPEN)
        lines[index] = "".join(pieces) + line[at:]
    return "\n".join(lines)
