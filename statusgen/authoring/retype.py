"""Lines check refuses with their retyping as its hint: `check --fix` writes that retyping.

A `Components:` line typed not quite right (component_line_slip: a no-break space before
its colon, a full-width '＝', the line in bold) and a character that shows nothing before
an update heading's '##'. Each is replaced by the line check's hint gives, and only when
that line reads as the same: the same changes, the same heading. Nothing that changes
what the file says (an unknown component, a state) is touched: only its author knows what
was meant. Every other byte of the file stays as the author left it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from statusgen.authoring.pin import as_written, lines_as_written
from statusgen.layout import incident_files
from statusgen.load.files import InputError, read_input
from statusgen.load.frontmatter import split
from statusgen.load.text import decode
from statusgen.timeline import (
    RawUpdate,
    component_line,
    component_line_slip,
    split_body,
    stray_headings,
    with_commas,
)


@dataclass(frozen=True)
class Line:
    """One line retyped: its file line, as written and as now written."""

    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Retyped:
    """One content file with the lines check refuses retyped as its hints say."""

    relpath: str
    previous: bytes
    data: bytes
    lines: tuple[Line, ...]


def plan(root: Path) -> list[Retyped]:
    """Every content file holding a line `retype_text` retypes, with them retyped."""
    planned = []
    for relpath in incident_files(root):
        try:
            previous = read_input(root / relpath)
        except (OSError, InputError):
            continue  # check reports unreadable files already
        data, lines = retype_text(previous)
        if lines:
            planned.append(Retyped(relpath, previous, data, tuple(lines)))
    return planned


def retype_text(data: bytes) -> tuple[bytes, list[Line]]:
    """The file's bytes with each update heading's invisible lead deleted, then each
    update's Components line typed not quite right retyped; and the lines changed."""
    text, _ = decode("", data)
    if text is None:
        return data, []  # check reports why
    bom, parts = lines_as_written(data)
    # Headings first: an update read only once its heading is gets its Components line read.
    headings = _headings(text)
    lines = [*headings, *_components(_retyped(text, headings))]
    for line in lines:
        parts[2 * (line.line - 1)] = line.new
    return as_written(bom, parts), sorted(lines, key=lambda line: line.line)


def _retyped(text: str, lines: list[Line]) -> str:
    rows = text.split("\n")
    for line in lines:
        rows[line.line - 1] = line.new
    return "\n".join(rows)


def _headings(text: str) -> list[Line]:
    """The update headings with a character that shows nothing before their '##', that
    read as a heading without it."""
    parts, _ = split("", text)
    if parts is None:
        return []
    rows = text.split("\n")
    found = []
    for stray in stray_headings(parts.body, parts.body_line):
        old = rows[stray.line - 1]
        if stray.kind != "unseen" or old.strip() != stray.text:
            continue  # a comment on the line: it is not the line check read
        hashes = old.index("#")
        lead = "".join(c for c in old[:hashes] if unicodedata.category(c) != "Cf")
        new = lead + old[hashes:]
        if _reads_as_heading(parts.body, parts.body_line, stray.line, new):
            found.append(Line(stray.line, old, new))
    return found


def _reads_as_heading(body: str, body_line: int, line: int, new: str) -> bool:
    """Whether file line `line` of `body` is read as an update heading once it is `new`,
    with nothing refused there (four spaces left before its '#' make it code)."""
    rows = body.split("\n")
    rows[line - body_line] = new
    body = "\n".join(rows)
    if any(stray.line == line for stray in stray_headings(body, body_line)):
        return False
    return any(update.line == line for update in split_body(body, body_line)[1])


def _components(text: str) -> list[Line]:
    """The updates' Components lines check refuses as typed not quite right, retyped as
    its hint says, when the retyped line reads as exactly the same changes."""
    parts, _ = split("", text)
    if parts is None:
        return []
    rows = text.split("\n")
    found = []
    for update in split_body(parts.body, parts.body_line)[1]:
        if not update.message_line:
            continue
        old = update.message.split("\n", 1)[0]
        slip = component_line_slip(old)
        # The line as check read it must be the line in the file: one a comment is cut
        # from is left to its author.
        if slip is None or rows[update.message_line - 1] != old:
            continue
        new = slip[1]
        if component_line_slip(new) is None and _changes(new) == _changes(old):
            found.append(Line(update.message_line, old, new))
    return found


def _changes(line: str) -> list[tuple[str, ...]] | None:
    """The changes `line` is read as, each as validate reads it (the id and the text after
    its '=' without the spaces around them: `api =major_outage` is `api=major_outage`;
    changes with the commas between them left out, each on its own, as its hint writes
    them); None for no Components line."""
    items, _ = component_line(RawUpdate(0, "", line))
    if items is None:
        return None
    return [
        tuple(part.strip() for part in item.partition("="))
        for item in with_commas(items).split(",")
        if item.strip()
    ]
