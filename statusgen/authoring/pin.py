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
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen.authoring.save import save
from statusgen.errors import Diagnostic, Severity
from statusgen.layout import incident_files
from statusgen.load.files import InputError, read_input
from statusgen.model import Settings
from statusgen.timeline import LooseTime, TimelineError, loose_times, offset_text, parse_time

_LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
_BOM = "\ufeff"


@dataclass(frozen=True)
class Pinned:
    """One content file with its offset-less times written out with their offsets."""

    relpath: str
    previous: bytes
    data: bytes
    count: int  # how many times were pinned


def pin_text(data: bytes, tz: ZoneInfo) -> tuple[bytes, int]:
    """The file's bytes with an offset after each offset-less time (as read in `tz`).

    Times that do not exist or happen twice in `tz` are left alone: the loader refuses them
    already, and only the author knows which moment was meant.
    """
    raw = data.decode("utf-8")
    bom = _BOM if raw.startswith(_BOM) else ""
    parts = _LINE_BREAK.split(raw[len(bom) :])  # lines at even indexes, breaks between
    text = "\n".join(parts[0::2])
    count = 0
    for loose in reversed(loose_times(text)):
        try:
            at = parse_time(loose.text, tz)
        except TimelineError:
            continue
        line = parts[2 * (loose.line - 1)]
        parts[2 * (loose.line - 1)] = f"{line[: loose.end]} {offset_text(at)}{line[loose.end :]}"
        count += 1
    return (bom + "".join(parts)).encode("utf-8"), count


def scan(root: Path) -> dict[str, list[LooseTime]]:
    """The content files holding offset-less times, with those times, by relative path."""
    found: dict[str, list[LooseTime]] = {}
    for relpath in incident_files(root):
        try:
            text = read_input(root / relpath).decode("utf-8")
        except (OSError, InputError, UnicodeDecodeError):
            continue  # check reports unreadable files already
        text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
        times = loose_times(text)
        if times:
            found[relpath] = times
    return found


def warnings(root: Path, settings: Settings) -> list[Diagnostic]:
    """Warnings for `check`: files whose offset-less times are read in another zone than shown.

    A site without `input_timezone` reads them in `timezone`, so there is nothing to say
    until the two differ (`check --fix` pins them either way).
    """
    if settings.input_zone == settings.timezone:
        return []
    found = scan(root)
    hint = "run `statusgen check --fix` to write the offset each one is read with today"
    return [
        Diagnostic(
            relpath,
            times[0].line,
            times[0].end - len(times[0].text) + 1,
            f"{len(times)} time{'s' if len(times) != 1 else ''} without an offset, read in "
            f"input_timezone '{settings.input_zone}' while pages show '{settings.timezone}'",
            hint,
            Severity.WARNING,
        )
        for relpath, times in found.items()
    ]


def plan(root: Path, settings: Settings) -> list[Pinned]:
    """Every content file whose offset-less times get pinned, with its new bytes."""
    planned = []
    for relpath in scan(root):
        previous = read_input(root / relpath)
        data, count = pin_text(previous, settings.input_tz)
        if count:
            planned.append(Pinned(relpath, previous, data, count))
    return planned


def apply(root: Path, pinned: Pinned) -> None:
    """Write one pinned file, refusing if it changed since it was read."""
    save(root / pinned.relpath, pinned.data, previous=pinned.previous, shown=pinned.relpath)
