"""Bounds on the Markdown of incident text, checked before anything is converted.

The Markdown library recurses once per level of nesting, so a 1 KB message of 500
nested list markers ends a build with RecursionError; and it looks for the `]` of every
`[` to the end of the paragraph, so 20,000 unclosed `[` take it minutes. Both are
measured here in one linear pass over the text, with the same line numbers the author
sees, so `check` refuses what the build could not convert in reasonable time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Far deeper than any message means to nest (lists in quotes in lists...), far below
# the depth at which converting it would exhaust Python's recursion limit (~300).
MAX_NESTING = 32
# Characters the link pattern may scan from unclosed brackets to the end of their
# paragraph, summed over the text: about a second of converting at worst.
MAX_BRACKET_SCAN = 1_000_000
# The Markdown library's tab width: four columns of indentation nest a list one level.
_TAB = 4
# A container opening at the start of a line: a quote, a bullet or a numbered item.
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
# Fenced code at the left margin is set aside whole by the library (fenced_code). Not
# load/fences.py, which follows CommonMark's up to three spaces of indent: the library
# parses an indented fence's lines as Markdown, so they must count here.
_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_BRACKET = re.compile(r"[\[\]]")
# The first characters of a line that may open a list or quote (or indent one).
_MAY_NEST = frozenset(" \t>-*+0123456789")


@dataclass(frozen=True)
class MarkdownProblem:
    line: int  # 1-based, in the text given
    column: int
    message: str
    hint: str


# The start of a line that could open more than MAX_NESTING levels: each level takes at
# least one character of a line's first run of these (a tab indents one level at most).
_DEEP_START = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}", re.MULTILINE)


def markdown_problem(text: str) -> MarkdownProblem | None:
    """The first reason `text` would be too deep or too costly to convert, or None."""
    return None if _surely_within(text) else _first_problem(text)


def _first_problem(text: str) -> MarkdownProblem | None:
    """markdown_problem, found line by line."""
    fence = ""
    scanned = 0
    open_brackets: list[tuple[int, int, int]] = []  # (offset, line, column) of each open `[`
    block_end_pending = False
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if fence:
            if line.startswith(fence) and not line.strip(fence[0] + " \t"):
                fence = ""
            offset += len(line) + 1
            continue
        opened = _FENCE.match(line)
        blank = not line.strip()
        if opened or blank or _HEADING.match(line) or block_end_pending:
            # A paragraph ends: every `[` still open was scanned to here for nothing.
            scanned += sum(offset - start for start, _, _ in open_brackets)
            problem = _too_costly(scanned, open_brackets)
            if problem is not None:
                return problem
            open_brackets = []
        block_end_pending = bool(_HEADING.match(line))
        if opened:
            fence = opened[1]
            offset += len(line) + 1
            continue
        depth = _nesting(line) if line[:1] in _MAY_NEST else 0
        if depth > MAX_NESTING:
            return MarkdownProblem(
                number,
                1,
                f"Markdown nested {depth} levels deep (at most {MAX_NESTING})",
                "flatten the lists and quotes; deeper nesting cannot be shown",
            )
        for bracket in _BRACKET.finditer(line) if "[" in line or "]" in line else ():
            column = bracket.start() + 1
            if bracket[0] == "[":
                if len(open_brackets) >= MAX_NESTING:
                    return MarkdownProblem(
                        number,
                        column,
                        f"brackets nested more than {MAX_NESTING} deep",
                        "close the brackets with ']', or write a literal bracket as '\\['",
                    )
                open_brackets.append((offset + column - 1, number, column))
            elif open_brackets:
                open_brackets.pop()  # scanned only as far as here: linear in the text
        offset += len(line) + 1
    scanned += sum(offset - start for start, _, _ in open_brackets)
    return _too_costly(scanned, open_brackets)


def _surely_within(text: str) -> bool:
    """Whether `text` is within the bounds by counts alone, without the line by line pass
    (a sixth of the time of parsing an incident file, and nearly every text is within): too
    few `[` to nest too deep, or to scan too far even if each were scanned to the end of
    the text; and no line starting with enough markers and indentation to nest too deep."""
    brackets = text.count("[")
    return (
        brackets <= MAX_NESTING
        and brackets * len(text) <= MAX_BRACKET_SCAN
        and _DEEP_START.search(text) is None
    )


def _nesting(line: str) -> int:
    """Levels of lists and quotes a line opens: its indentation, then its markers."""
    expanded = line.expandtabs(_TAB)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth = indent // _TAB
    position = 0
    while True:
        marker = _CONTAINER.match(expanded, position)
        if marker is None or marker.end() == position:
            return depth
        depth += 1
        position = marker.end()


def _too_costly(scanned: int, open_brackets: list[tuple[int, int, int]]) -> MarkdownProblem | None:
    if scanned <= MAX_BRACKET_SCAN:
        return None
    line, column = (open_brackets[0][1], open_brackets[0][2]) if open_brackets else (1, 1)
    return MarkdownProblem(
        line,
        column,
        "too many unclosed '[' to render in reasonable time",
        "close each '[' with ']', or write a literal bracket as '\\['",
    )
