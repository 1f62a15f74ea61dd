"""What Hugo makes of a site's YAML, which is what cState's pages show: its keys in any
case, its true and false, and its dates in every form Hugo reads."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from statusgen.importers.sources import (
    LinedDict,
    SourceError,
    SourceErrors,
    in_years,
    key_line,
    kind,
    time_problem,
    written_time,
)

# How the hint spells the forms of a date Hugo reads (spf13/cast's list, which Hugo's
# front matter and its `dateFormat`, cState's `track` shortcode, both use).
TIME_FORMS = (
    "2026-12-05 09:30:00, 2026-12-05T09:30:00+01:00, 2026-12-05, 05 Dec 2026, "
    "Sat, 05 Dec 2026 09:30:00 GMT (RFC 1123) or 2026-12-05 09:30:00 +0100 CET"
)
# ISO 8601 as Go writes it, and as its `time.String()` does: a date, a clock (`T` or a
# space between), an offset (`Z`, `+01:00` or `+0100`, a space before it or not), and
# after the offset the zone's name, which says nothing more.
_ISO = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
    r"(?: ?(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)(?: (?:[A-Za-z]{1,5}|[+-]\d{2,4}))?)?)?"
)
# `02 Jan 2006`, the one form of cast's list with the day first and no clock.
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3}) (?P<year>\d{4})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A numeric offset in a mail-style date (RFC 1123Z, 822Z, Ruby's): the one zone it reads.
_NUMERIC_ZONE = re.compile(r"(?<!\d)[+-]\d{4}(?!\d)")


def folded(data: dict[Any, Any], where: Path) -> LinedDict:
    """`data` with its keys in lower case, each at its line and with its true/false word
    (as_written): Hugo reads front matter and config keys so (`Date:` is `date:`, and
    cState's templates ask for `.Params.resolved`).
    SourceErrors at the second of two keys that are one to Hugo: it keeps only one."""
    found = LinedDict()
    spelled: dict[Any, Any] = {}  # each folded key → the key as written first
    problems: list[SourceError] = []
    for key, value in data.items():
        name = key.lower() if isinstance(key, str) else key
        line = key_line(data, key) if isinstance(key, str) else 0
        if name in spelled:
            first = found.lines.get(name, 0)
            problems.append(
                SourceError(
                    where,
                    f"'{key}' and '{spelled[name]}'{f' (line {first})' if first else ''} are "
                    "one key to Hugo, which reads keys in any case and keeps only one of the two",
                    "remove one of them",
                    line=line,
                )
            )
            continue
        spelled[name] = key
        found[name] = value
        if line:
            found.lines[name] = line
        # A true/false's word goes with its key, or `title: yes` would read as "True".
        if isinstance(data, LinedDict) and key in data.words:
            found.words[name] = data.words[key]
    if problems:
        raise SourceErrors(problems)
    return found


def flag(data: LinedDict, key: str, where: Path) -> bool:
    """A front-matter true or false as its author means it: YAML's own, or `true` or
    `false` in quotes, in any case (Hugo reads `draft: "false"` as false); absent or
    empty, false. SourceError at its line for anything else: cState's templates would
    read any other text as true."""
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    # A list or a mapping is named by its kind: written out, one of aliases never ends.
    said = f"is {kind(value)}," if isinstance(value, list | dict) else f"'{value}' is"
    raise SourceError(
        where,
        f"{key} {said} not true or false",
        f"write `{key}: true` or `{key}: false`",
        line=key_line(data, key),
    )


def hugo_time(value: Any, zone: tzinfo) -> datetime | None:
    """A time as Hugo reads a front-matter value or a shortcode's text: ISO dates and
    times, `02 Jan 2006`, RFC 1123, 822 and 850 (and the other forms of Go's time
    package, `2006-01-02 15:04:05 -0700 MST` among them). A time without an offset is in
    `zone`, and so is one with only a zone's name (`GMT`): Hugo reads no name either.
    None for anything else, a date that does not exist, or one outside the years a site's
    moments lie in (in_years), too. A wall time the clocks skip (02:30 on a spring-forward
    night) or show twice (02:30 on a fall-back night) is the moment Hugo takes
    (_as_hugo_places); hugo_time_noted says which."""
    return hugo_time_noted(value, zone)[0]


def hugo_time_noted(value: Any, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """hugo_time, and for a wall time the clocks skip or show twice, for the import's
    notes, how it was read: the author may have meant another moment."""
    found = in_years(_written(value, zone))
    if found is None:
        return None, None
    note = None
    if found.tzinfo is zone:  # a wall time, without an offset of its own
        wall, found = found, _as_hugo_places(found)
        note = _clock_change(wall, found)
    # Python compares two times of one zone by their wall clocks: one that never showed
    # would be ordered apart from the instant it is written as (in UTC), and the file's
    # check, reading it so, would refuse what the import ordered.
    return found.astimezone(timezone.utc).astimezone(found.tzinfo), note


def _as_hugo_places(wall: datetime) -> datetime:
    """`wall`, a time of its zone's clock, as the moment Hugo reads it when the clocks
    show it twice or skip it: Go's time.Date looks the offset up at the wall time taken
    as UTC, then at that instant less the offset found. Shown twice, east of UTC that is
    the second time (02:30 +01:00 in Berlin), west of it the first (01:30 -04:00 in New
    York); zoneinfo's default (fold 0) is always the first, an hour off the post's page
    east of UTC. Skipped, east of UTC that is the offset before the change (02:30 in
    Berlin is 01:30 UTC, 03:30 on the clock), west of it the offset after it (02:30 in
    New York is 06:30 UTC, 01:30 on the clock); zoneinfo's default is always the first."""
    if wall.replace(fold=0).utcoffset() == wall.replace(fold=1).utcoffset():
        return wall  # shown once
    as_utc = wall.replace(tzinfo=timezone.utc, fold=0)
    offset = as_utc.astimezone(wall.tzinfo).utcoffset()
    assert offset is not None
    offset = (as_utc - offset).astimezone(wall.tzinfo).utcoffset()
    assert offset is not None
    return (as_utc - offset).astimezone(wall.tzinfo)


def _shows(moment: datetime) -> datetime:
    """The wall time the clocks of `moment`'s zone show at it."""
    return moment.astimezone(timezone.utc).astimezone(moment.tzinfo).replace(tzinfo=None)


def _clock_change(wall: datetime, found: datetime) -> str | None:
    """When `wall` (a time of its zone's clock, read as `found`) is one the clocks skip
    as they go forward, or show twice as they go back: how it was read; else None."""
    first, second = wall.replace(fold=0), wall.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    if _shows(first) != first.replace(tzinfo=None):
        applied = found.astimezone(timezone(wall.replace(tzinfo=None) - _utc(found)))
        which = "before" if applied.utcoffset() == first.utcoffset() else "after"
        return (
            f"{wall:%Y-%m-%d %H:%M} never shows in {wall.tzinfo}: the clocks skip it as they "
            f"go forward (from {_offset(first)} to {_offset(second)}); read as Hugo reads "
            f"it, at {_offset(applied)}, the offset {which} the change: the moment the "
            f"clocks show as {_shows(found):%H:%M} {_offset(_local(found))}"
        )
    shown = sorted((first, second), key=lambda t: t.astimezone(timezone.utc))
    taken = "first" if found.utcoffset() == shown[0].utcoffset() else "second"
    return (
        f"{wall:%Y-%m-%d %H:%M} comes twice in {wall.tzinfo} as the clocks go back (at "
        f"{_offset(shown[0])}, then at {_offset(shown[1])}); read as Hugo reads it, the "
        f"{taken} time, at {_offset(found)}"
    )


def _utc(moment: datetime) -> datetime:
    """`moment` as a UTC wall time, without a zone."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _local(moment: datetime) -> datetime:
    """`moment` in its own zone, as its clocks show it (fold and all)."""
    return moment.astimezone(timezone.utc).astimezone(moment.tzinfo)


def _offset(moment: datetime) -> str:
    """`moment`'s offset as ISO 8601 writes it: +01:00."""
    return moment.replace(microsecond=0).isoformat()[19:]


def hugo_time_problem(value: object, key: str, line: int = 0) -> tuple[str, int]:
    """Why `key` gives no time hugo_time reads, as time_problem says it."""
    return time_problem(value, key, line, read=lambda found: _written(found, timezone.utc))


def _written(value: Any, zone: tzinfo) -> datetime | None:
    """The time `value` writes in a form Hugo reads, in any year datetime holds."""
    found = written_time(value, zone)
    if found is not None or not isinstance(value, str):
        return found
    text = value.strip()
    return _iso(text, zone) or _day_first(text, zone) or _mail_style(text, zone)


def _iso(text: str, zone: tzinfo) -> datetime | None:
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    offset = match["offset"]
    at: tzinfo = zone
    if offset and offset in "Zz":
        at = timezone.utc
    elif offset:
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
        at = timezone(timedelta(minutes=-minutes if offset[0] == "-" else minutes))
    try:
        day = date.fromisoformat(match["day"])
        return datetime(
            day.year,
            day.month,
            day.day,
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            int((match["fraction"] or "0")[:6].ljust(6, "0")),
            tzinfo=at,
        )
    except ValueError:  # 2026-02-30, 25:00, an offset of a day or more
        return None


def _day_first(text: str, zone: tzinfo) -> datetime | None:
    match = _DAY_FIRST.fullmatch(text)
    if match is None or match["month"].lower() not in _MONTHS:
        return None
    month = _MONTHS.index(match["month"].lower()) + 1
    try:
        return datetime(int(match["year"]), month, int(match["day"]), tzinfo=zone)
    except ValueError:
        return None


def _mail_style(text: str, zone: tzinfo) -> datetime | None:
    """RFC 1123, 822 and 850, and Go's ANSIC, UnixDate and RubyDate: a numeric offset is
    read; a zone's name is not, as Hugo reads none (the time is in `zone`)."""
    try:
        found = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if _NUMERIC_ZONE.search(text):
        return found if found.tzinfo is not None else found.replace(tzinfo=timezone.utc)
    return found.replace(tzinfo=zone)
