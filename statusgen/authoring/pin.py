"""Times written without an offset: finding them, and pinning them to the moment they are read as.

An offset-less time in a content file is read in the site's input zone (`input_timezone`,
else `timezone`). `check` points such files out when that zone differs from the one pages
show, and `check --fix` writes each time's offset into the file, so that no later settings
change can move it. Every other byte of the file (line endings, a byte order mark, quoting,
comments) stays as the author left it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen.errors import Diagnostic, Severity
from statusgen.layout import incident_files
from statusgen.load.files import InputError, read_input
from statusgen.model import Settings
from statusgen.timeline import (
    LooseTime,
    TimelineError,
    front_matter_time,
    loose_times,
    offset_text,
    parse_time,
)

_LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
_BOM = "\ufeff"


@dataclass(frozen=True)
class Pinned:
    """One content file with its offset-less times written out with their offsets."""

    relpath: str
    previous: bytes
    data: bytes
    count: int  # how many times were pinned


def lines_as_written(data: bytes) -> tuple[str, list[str]]:
    """A UTF-8 file's byte-order mark ("" without one), and its lines at even indexes
    with the line breaks it has between them: a line replaced keeps the file's own
    breaks, and `as_written` gives back every other byte as it was."""
    raw = data.decode("utf-8")
    bom = _BOM if raw.startswith(_BOM) else ""
    return bom, _LINE_BREAK.split(raw[len(bom) :])


def as_written(bom: str, parts: list[str]) -> bytes:
    """The bytes of a file lines_as_written split."""
    return (bom + "".join(parts)).encode("utf-8")


def pin_text(data: bytes, tz: ZoneInfo) -> tuple[bytes, int]:
    """The file's bytes with an offset after each offset-less time (as read in `tz`).

    Times that do not exist or happen twice in `tz` are left alone: the loader refuses them
    already, and only the author knows which moment was meant. So are values the offset
    cannot be written into (see `pinnable`): `warnings` names them.
    """
    bom, parts = lines_as_written(data)
    text = "\n".join(parts[0::2])
    count = 0
    for loose in reversed(loose_times(text)):
        at = pinnable(text, loose, tz)
        if at is None:
            continue
        index = 2 * (loose.end_line - 1)
        parts[index] = _pinned_line(parts[index], loose, at)
        count += 1
    return as_written(bom, parts), count


def pinnable(text: str, loose: LooseTime, tz: ZoneInfo) -> datetime | None:
    """The moment `loose` is read as in `tz`, if its offset can be written right after it;
    None when the time is refused (see pin_text) or the offset cannot be written there.

    Every time is read back with the offset written in, and only one that then reads the
    same moment is pinned: a value is better left alone than moved. A front matter value
    is also read as YAML reads it, which folds and unescapes what is written
    (`"2026-11-30 09:00\\n"` ends in an escaped line break).
    """
    try:
        at = parse_time(loose.text, tz)
    except TimelineError:
        return None
    if not loose.key:  # a heading is one line, read as written
        return at if _reads_as(f"{loose.text} {offset_text(at)}", at, tz) else None
    lines = text.split("\n")
    lines[loose.end_line - 1] = _pinned_line(lines[loose.end_line - 1], loose, at)
    pinned = "\n".join(lines)
    value = front_matter_time(pinned, loose.key)
    if value is None or any(t.key == loose.key for t in loose_times(pinned)):
        return None
    return at if _reads_as(value, at, tz) else None


def _reads_as(written: str, at: datetime, tz: ZoneInfo) -> bool:
    try:
        return parse_time(written, tz) == at
    except TimelineError:
        return False


def _pinned_line(line: str, loose: LooseTime, at: datetime) -> str:
    return f"{line[: loose.end]} {offset_text(at)}{line[loose.end :]}"


def scan(root: Path) -> dict[str, tuple[str, list[LooseTime]]]:
    """The content files holding offset-less times, with their text (line breaks made
    `\\n`, no byte order mark) and those times, by relative path."""
    found: dict[str, tuple[str, list[LooseTime]]] = {}
    for relpath in incident_files(root):
        try:
            text = read_input(root / relpath).decode("utf-8")
        except (OSError, InputError, UnicodeDecodeError):
            continue  # check reports unreadable files already
        text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
        times = loose_times(text)
        if times:
            found[relpath] = (text, times)
    return found


def warnings(root: Path, settings: Settings) -> list[Diagnostic]:
    """Warnings for `check`: files whose offset-less times are read in another zone than shown,
    and each such time `check --fix` cannot pin, at its line.

    A site without `input_timezone` reads them in `timezone`, so there is nothing to say
    until the two differ (`check --fix` pins them either way); then a time it cannot pin
    is named too: `--fix` leaves it, and the author must write it. Every file is read and
    its front matter parsed for this (1.3 s at 10,000 incidents), which a site whose two
    zones agree is spared.
    """
    if settings.input_zone == settings.timezone:
        return []
    # Which zone was meant only the author knows: `--fix` pins the one read today, which
    # for a site that set `timezone` and left input_timezone at UTC is the wrong moment.
    shown, read = settings.timezone, settings.input_zone
    hint = (
        f"if they are '{shown}' times, as pages show them, set `input_timezone: {shown}`"
        " (or write each one's offset); `statusgen check --fix` only writes the offset each"
        f" one is read with today, in '{read}': run it if that is the zone they were written in"
    )
    found: list[Diagnostic | None] = []
    for relpath, (text, times) in scan(root).items():
        found.append(
            Diagnostic(
                relpath,
                times[0].line,
                times[0].column,
                f"{len(times)} time{'s' if len(times) != 1 else ''} without an offset, read"
                f" in input_timezone '{settings.input_zone}' while pages show "
                f"'{settings.timezone}'",
                hint,
                Severity.WARNING,
            )
        )
        found += [_by_hand(relpath, text, loose, settings.input_tz) for loose in times]
    return [d for d in found if d is not None]


def _by_hand(relpath: str, text: str, loose: LooseTime, tz: ZoneInfo) -> Diagnostic | None:
    """The warning for a time `check --fix` cannot pin (None when it can, or when the
    loader refuses the time already)."""
    try:
        at = parse_time(loose.text, tz)
    except TimelineError:
        return None
    if pinnable(text, loose, tz) is not None:
        return None
    return Diagnostic(
        relpath,
        loose.line,
        loose.column,
        f"{loose.key}: '{loose.text}' has no offset, and `check --fix` cannot write one into "
        "the value as it is written",
        f"write the offset by hand, as one line: {loose.key.rpartition('.')[2]}: "
        f"{loose.text} {offset_text(at)}",
        Severity.WARNING,
    )


def plan(root: Path, settings: Settings) -> list[Pinned]:
    """Every content file whose offset-less times get pinned, with its new bytes."""
    planned = []
    for relpath in scan(root):
        previous = read_input(root / relpath)
        data, count = pin_text(previous, settings.input_tz)
        if count:
            planned.append(Pinned(relpath, previous, data, count))
    return planned
