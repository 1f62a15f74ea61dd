"""Front matter: the YAML between a first line `---` and the next `---`, then the Markdown body."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from statusgen.errors import Diagnostic
from statusgen.load.text import name_character

FENCE = "---"
# The line of the file the front matter's YAML starts on: the one after the opening fence.
YAML_LINE = 2
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
# Characters a closing '---' may be typed with by mistake: the minus sign and the other
# dashes (Unicode's 'Pd' category, looked up for the rest) look like '-'.
_DASHES = "-\u2212"
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
    """The text has no front matter (`opened` True: it opens one but never closes it).
    `near` is the first line that only looks like the fence missing, as (line, text): the
    opening one when not `opened`, else the closing one."""

    def __init__(self, *, opened: bool, near: tuple[int, str] | None = None) -> None:
        super().__init__("never closed" if opened else "missing")
        self.opened = opened
        self.near = near


def locate(text: str) -> Span:
    """The front matter's place in `text` (a byte order mark is skipped); raises Missing.

    Works on the author's own bytes (CRLF, CR or LF), so an edit can keep every byte
    outside the part it changes."""
    # As the first line ends: CRLF, a lone CR (old Mac editors) or LF; LF for one line.
    first = _LINE_BREAK.search(text)
    newline = first.group() if first is not None else "\n"
    position = 1 if text.startswith("\ufeff") else 0
    index, end = position, line_end(text, position)
    if text[index:end].rstrip() != FENCE:
        first_line = text[index:end].rstrip()
        raise Missing(opened=False, near=(1, first_line) if _looks_like_fence(first_line) else None)
    start = index = next_line(text, end)
    near: tuple[int, str] | None = None
    number = 2  # the line's number in the file
    while index < len(text):
        end = line_end(text, index)
        if text[index:end].rstrip() == FENCE:
            return Span(start, index, index + len(FENCE), next_line(text, end), newline)
        if _ends_document(text[index:end]):
            # YAML ends its document here, so no later '---' can close this front matter.
            raise Missing(opened=True, near=near or (number, text[index:end].rstrip()))
        if near is None and _looks_like_fence(text[index:end]):
            near = (number, text[index:end].rstrip())
        index, number = next_line(text, end), number + 1
    raise Missing(opened=True, near=near)


# A line that ends a YAML document as a closing '---' was meant to: YAML's own end marker
# `...`, or a `---` with more after it (`--- # end`, `--- |`), which starts the next one.
_DOCUMENT_END = re.compile(r"(?:\.\.\.|---[ \t]+\S.*?)[ \t]*")


def _ends_document(line: str) -> bool:
    """Whether `line` ends a YAML document (`...`, `--- # end`): a closing '---' written as
    YAML writes it, which no front matter key can hold at the start of a line."""
    return line.startswith(("...", "---")) and _DOCUMENT_END.fullmatch(line) is not None


def _looks_like_fence(line: str) -> bool:
    """Whether `line` (not exactly '---') is what a closing '---' typed wrong looks like:
    indented, one dash too few or too many, a dash that only looks like '-' ('—'), or a
    character that shows nothing with it (a byte-order mark left by appending a file)."""
    if line.isascii():  # most lines of most files: no format character, '-' the only dash
        dashes = line.strip()
        return len(dashes) > 1 and not dashes.strip("-")
    dashes = "".join(c for c in line.strip() if unicodedata.category(c) != "Cf")
    if not dashes or not all(c in _DASHES or unicodedata.category(c) == "Pd" for c in dashes):
        return False
    # A lone '-' is a list item to YAML; a lone '—' can only be a fence typed wrong.
    return len(dashes) > 1 or not dashes.isascii()


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
        if missing.near is not None:
            return None, _near_fence(path, *missing.near, opening=not missing.opened)
        if not missing.opened:
            return None, Diagnostic(path, 1, 1, "missing front matter", _EXAMPLE)
        return None, _unclosed(path)
    yaml = text[span.yaml_start : span.yaml_end]
    return FrontMatter(
        yaml=yaml if yaml.endswith("\n") else yaml + "\n",
        yaml_line=YAML_LINE,
        body=text[span.body_start :],
        body_line=text.count("\n", 0, span.yaml_end) + 2,
    ), None


# The start of a line giving a YAML key (`title: API errors`).
_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*[ \t]*:")


def doubled_fence(parts: FrontMatter) -> int | None:
    """The line of the '---' that closed an empty front matter when the text after it
    reads as the front matter meant (keys, then a '---'): the opening '---' typed twice.
    None otherwise: an empty front matter is then only missing its keys."""
    if parts.yaml.strip():
        return None
    try:
        span = locate(FENCE + "\n" + parts.body)
    except Missing:
        return None
    meant = (FENCE + "\n" + parts.body)[span.yaml_start : span.yaml_end]
    first = next((line for line in _LINE_BREAK.split(meant) if line.strip()), "")
    return parts.body_line - 1 if _KEY_LINE.match(first) else None


def _unclosed(path: str) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "front matter is never closed",
        "add a line '---' after the last front matter key, before the Markdown text",
    )


def _near_fence(path: str, line: int, text: str, *, opening: bool = False) -> Diagnostic:
    """The front matter is never opened (`opening`) or closed, but the line at `line` looks
    as if it was meant to."""
    shown = text.replace("\t", "\\t")  # a tab shown, not a gap
    unseen = next((c for c in text if unicodedata.category(c) == "Cf"), "")
    odd = next((c for c in text.strip() if c != "-"), "")
    name = unicodedata.name(odd, "DASH") if odd else ""
    article = "an" if name[:1] in ("A", "E", "I", "O", "U") else "a"
    why = f", with {article} {name} (U+{ord(odd):04X}) for '-'" if odd else ""
    if unseen:
        why = f", with {name_character(unseen)} in it"  # shows nothing: no dash for a '-'
    elif text.strip() == "...":
        why = ", YAML's end of document"
    elif _ends_document(text):
        why = ", with more after the '---'"
    which, does = ("opening", "open") if opening else ("closing", "close")
    return Diagnostic(
        path,
        line,
        1,
        f"this line looks like the {which} '---' but is '{shown}'{why}",
        f"write exactly '---' on it, nothing before or after, to {does} the front matter",
    )
