"""Front matter: the YAML between a first line `---` and the next `---`, then the Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from statusgen.errors import Diagnostic

FENCE = "---"
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_CRLF_FIRST = re.compile(r"[^\n]*\r\n")
_EXAMPLE = (
    "start the file with a line '---', the front matter (title: ..., status: ...), then '---'"
)


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split in two. Line numbers are 1-based lines of the whole file."""

    yaml: str
    yaml_line: int  # the line the YAML text starts on
    body: str
    body_line: int  # the line the body starts on


@dataclass(frozen=True)
class Span:
    """Where the front matter sits in a text, by character index (any line endings)."""

    yaml_start: int  # the first character of the YAML text
    yaml_end: int  # the start of the closing fence line
    fence_end: int  # just after the closing `---` (before anything else on its line)
    body_start: int  # the first character after the closing fence line
    newline: str  # the text's line break, as its first line ends


class Missing(ValueError):
    """The text has no front matter (`closed` False: it opens one but never closes it)."""

    def __init__(self, *, opened: bool) -> None:
        super().__init__("never closed" if opened else "missing")
        self.opened = opened


def locate(text: str) -> Span:
    """The front matter's place in `text` (a byte order mark is skipped); raises Missing.

    Works on the author's own bytes (CRLF, CR or LF), so an edit can keep every byte
    outside the part it changes."""
    newline = "\r\n" if _CRLF_FIRST.match(text) else "\n"
    position = 1 if text.startswith("\ufeff") else 0
    index, end = position, line_end(text, position)
    if text[index:end].rstrip() != FENCE:
        raise Missing(opened=False)
    start = index = next_line(text, end)
    while index < len(text):
        end = line_end(text, index)
        if text[index:end].rstrip() == FENCE:
            return Span(start, index, index + len(FENCE), next_line(text, end), newline)
        index = next_line(text, end)
    raise Missing(opened=True)


def line_end(text: str, index: int) -> int:
    """Index of the line break ending the line at `index` (or the end of the text)."""
    match = _LINE_BREAK.search(text, index)
    return match.start() if match else len(text)


def next_line(text: str, line_end: int) -> int:
    """The start of the line after the one ending at `line_end`."""
    if text.startswith("\r\n", line_end):
        return line_end + 2
    return min(line_end + 1, len(text))


def split(path: str, text: str) -> tuple[FrontMatter | None, Diagnostic | None]:
    """Split decoded text (see load.text.decode) into front matter and body, or report why not."""
    try:
        span = locate(text)
    except Missing as missing:
        if not missing.opened:
            return None, Diagnostic(path, 1, 1, "missing front matter", _EXAMPLE)
        return None, _unclosed(path)
    yaml = text[span.yaml_start : span.yaml_end]
    return FrontMatter(
        yaml=yaml if yaml.endswith("\n") else yaml + "\n",
        yaml_line=2,
        body=text[span.body_start :],
        body_line=text.count("\n", 0, span.yaml_end) + 2,
    ), None


def _unclosed(path: str) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "front matter is never closed",
        "add a line '---' after the last front matter key, before the Markdown text",
    )
