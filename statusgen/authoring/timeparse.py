"""Times typed on the command line: ISO 8601 and friendly forms, read in a zone of the site.

Pure: the caller passes "now" (the run's one clock) and the zone (docs/times.md says which
option is read in which); nothing here reads the system clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from statusgen.clock import EARLIEST_YEAR, LATEST_YEAR, in_supported_years
from statusgen.timeline import (
    CLOCK,
    OFFSET,
    TimelineError,
    clock_time,
    localise,
    no_such_moment,
    offset_text,
    offset_zone,
    zone_name_error,
)

EXAMPLES = (
    '"now", "in 2h", "in 1h30m", "45m ago", "14:30", "14:30:15", "today 14:30", "tomorrow 02:00", '
    '"tomorrow 2am", "tonight 11pm", "friday 5:30pm", "monday 09:00", "next monday 2am", '
    '"2026-11-29 02:00", "2026-11-29 2pm", "2026-11-29T02:00+01:00"'
)

# The example a date that does not exist is told to follow, rather than its own digits.
_EXAMPLE_MOMENT = "2026-11-29 14:30"
_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
}
# A span longer than this leaves the supported years from any "now" inside them.
_LONGEST = (LATEST_YEAR - EARLIEST_YEAR + 1) * 366 * 86400
_LONGEST_DIGITS = len(str(_LONGEST))
_AMOUNT = re.compile(r"(\d+)\s*([a-z]+)")
# "tonight 11pm" is today at that time, as "today 11pm" is.
_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The hour may have one digit, as in a file ("2027-11-09 9:00").
_ISO = re.compile(
    r"(\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    rf"\s*({OFFSET})?",
    re.IGNORECASE,
)
# A date with a 12-hour time ("2026-12-03 2pm"), as the day words take one.
_DATE_HALF = re.compile(rf"(\d{{4,}}-\d{{2}}-\d{{2}}) (?:at )?{CLOCK}")


def parse_when(
    text: str, *, now: datetime, tz: ZoneInfo, after: datetime | None = None
) -> datetime:
    """The aware moment `text` names; raises ValueError saying what is accepted.

    A time keeps the seconds written in it, whatever its form (a date and time with `T` or
    a space, an offset, `UTC`, `GMT` or none; a time of day alone, after a day or a weekday):
    one moment typed two ways is one moment. "now" and the relative forms ("in 2h",
    "45m ago") name a minute.

    A weekday names the first such day whose time is still ahead of `now` and, when
    `after` is given (the start of a window, for its end), strictly after it:
    "--start 'friday 5:30pm' --end 'friday 7pm'" typed on a Friday evening is next Friday's
    window, and "--start 'monday 09:00' --end 'monday 09:00'" is a week long.

    Times without an offset are wall-clock times in `tz`; a time that does not exist or is
    ambiguous there (a daylight-saving change) is refused rather than guessed, and so is a
    time outside the years every moment in the model lies in.
    """
    try:
        moment = _read(text, now, tz, after)
    except OverflowError:  # a daylight-saving change at the very edge of datetime's years
        raise ValueError(_outside(text)) from None
    if not in_supported_years(moment):
        raise ValueError(_outside(text))
    return moment


def says_now(text: str) -> bool:
    """Whether `text` is the word "now", as parse_when reads it (any case and spacing)."""
    return _spoken(text) == "now"


def _spoken(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _read(text: str, now: datetime, tz: ZoneInfo, after: datetime | None = None) -> datetime:
    spoken = _spoken(text)
    if not spoken:
        raise ValueError(f"an empty time; use one of {EXAMPLES}")
    local_now = now.astimezone(tz)
    if spoken == "now":
        return _minute(now)
    if spoken.startswith("in "):
        return _shifted(now, _span(spoken[3:], text), tz, text)
    if spoken.endswith(" ago"):
        return _shifted(now, -_span(spoken[:-4], text), tz, text)
    iso = _ISO.fullmatch(text.strip())
    if iso:
        return _from_iso(iso, text, tz)
    dated = _DATE_HALF.fullmatch(spoken)
    if dated and dated.group(5) is not None:
        clock = clock_time(
            dated.group(2), dated.group(3) or "00", text, dated.group(5), dated.group(4)
        )
        # Read as the same date with a 24-hour time is: its checks and its seconds.
        iso = _ISO.fullmatch(f"{dated.group(1)} {clock.isoformat()}")
        if iso:
            return _from_iso(iso, text, tz)
    # A zone's name for the offset ("2026-12-10 02:00 CET") is told as in a file: the
    # offset it means when `tz` uses it then, else a place for one.
    zoned = zone_name_error(text.strip(), tz)
    if zoned is not None:
        raise ValueError(f"{zoned.message}; {zoned.hint}")
    match = re.fullmatch(rf"(?:(?!at )((?:next )?\w+) )?(?:at )?{CLOCK}", spoken)
    if match and (match.group(3) is not None or match.group(5) is not None):
        clock = clock_time(
            match.group(2), match.group(3) or "00", text, match.group(5), match.group(4)
        )
        # The first moment a weekday's time may fall on: this minute (as "now", it is not
        # yet past), and for a window's end the second after its start, so that an end
        # named like its start is a week later rather than a window of no length.
        earliest = _minute(local_now)
        if after is not None:
            earliest = max(
                earliest, (after.astimezone(timezone.utc) + timedelta(seconds=1)).astimezone(tz)
            )
        day = _day(match.group(1), local_now, clock, text, earliest)
        return _wall_clock(day, clock, tz)
    raise ValueError(f"cannot read the time {text!r}; use one of {EXAMPLES}")


def _span(amounts: str, text: str) -> timedelta:
    """The length "2h", "1h 30m" or "90 minutes" stands for."""
    compact = amounts.replace(" and ", " ").replace(",", " ")
    parts = _AMOUNT.findall(compact)
    if not parts or _AMOUNT.sub("", compact).strip():
        raise ValueError(f'cannot read the duration in {text!r}; write e.g. "in 2h" or "in 90m"')
    seconds = 0
    for amount, unit in parts:
        if unit not in _UNITS:
            raise ValueError(f"unknown unit {unit!r} in {text!r}; use m, h, d or w")
        digits = amount.lstrip("0") or "0"
        if len(digits) > _LONGEST_DIGITS:  # int() refuses a few thousand digits
            raise ValueError(_outside(text))
        seconds += int(digits) * _UNITS[unit]
    if seconds > _LONGEST:  # timedelta() refuses a billion days
        raise ValueError(_outside(text))
    return timedelta(seconds=seconds)


def _shifted(now: datetime, span: timedelta, tz: ZoneInfo, text: str) -> datetime:
    """`now` moved by `span` of real time, in `tz`; a span reaching past what a datetime
    holds is out of range."""
    # In UTC: Python adds to a datetime with a ZoneInfo on its wall clock, so "in 2h"
    # across a daylight-saving change would be one or three real hours.
    try:
        return _minute((now.astimezone(timezone.utc) + span).astimezone(tz))
    except OverflowError:
        raise ValueError(_outside(text)) from None


def _outside(text: str) -> str:
    return f"{text.strip()!r} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}"


def _day(word: str | None, local_now: datetime, clock: time, text: str, earliest: datetime) -> date:
    """The date a leading word names: none (today), today/tonight/tomorrow/yesterday (of
    `local_now`), the first such weekday whose `clock` is not before `earliest`, or with
    "next" before it, that weekday in the week after this one (weeks start on Monday)."""
    today = local_now.date()
    if word is None:
        return today
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    following = word.startswith("next ")
    named = word.removeprefix("next ")
    for index, name in enumerate(_WEEKDAYS):
        if len(named) >= 3 and name.startswith(named) and following:
            # "next friday" typed on a Wednesday is not the Friday two days on, which
            # "friday" names, but the one after: next week's, whatever the time.
            return today + timedelta(days=7 - today.weekday() + index)
        if len(word) >= 3 and name.startswith(word):
            # "friday 5:30pm" typed on a Friday morning means this evening, not a week on;
            # once that time has passed, it can only mean next week.
            first = earliest.date()
            ahead = (index - first.weekday()) % 7
            if ahead == 0 and clock < earliest.time():
                ahead = 7
            return first + timedelta(days=ahead)
    raise ValueError(f"cannot read the day {word!r} in {text!r}; use one of {EXAMPLES}")


def _from_iso(match: re.Match[str], text: str, tz: ZoneInfo) -> datetime:
    year, month, day, hours, minutes, seconds, offset = match.groups()
    # Five digits and more are read as a year, so that 10000-01-01 is told the range it
    # leaves rather than that it is no time at all; so is year 0. Any other year is judged
    # on the moment (parse_when): 1969-12-31 23:30 -01:00 is in 1970.
    if len(year) > 4 or int(year) == 0:
        raise ValueError(_outside(text))
    if hours is None:
        why = no_such_moment(int(year), int(month), int(day))
        if why is not None:
            raise ValueError(
                f"{text!r} is not a valid date ({why[0]}); {why[1]}, e.g. {_EXAMPLE_MOMENT}"
            )
        raise ValueError(f"{text!r} has a date but no time; write e.g. {text.strip()} 14:30")
    numbers = (int(year), int(month), int(day), int(hours), int(minutes), int(seconds or 0))
    why = no_such_moment(*numbers)
    if why is not None:
        raise ValueError(f"{text!r} is not a valid date and time ({why[0]}); {why[1]}")
    moment = datetime(*numbers)
    if offset is None:
        return _wall_clock(moment.date(), moment.time(), tz)
    return moment.replace(tzinfo=_offset(offset, text))


def _offset(offset: str, text: str) -> timezone:
    fixed = offset_zone(offset)
    if fixed is None:
        raise ValueError(
            f"{text.strip()!r} has the offset {offset}; an offset runs from -23:59 to +23:59"
        )
    return fixed


def _wall_clock(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """`day` at `clock` in `tz`; refuses times a daylight-saving change skips or repeats,
    naming the offsets around them as a content file's time is told."""
    seconds = ":%S" if clock.second else ""
    written = f"{day.isoformat()} {clock.strftime('%H:%M' + seconds)}"
    try:
        return localise(datetime.combine(day, clock), tz, written)
    except TimelineError as error:
        raise ValueError(f"{error.message}; {error.hint}") from None


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def end_after(text: str, start: datetime, *, now: datetime, tz: ZoneInfo) -> str | None:
    """The --end to offer for `text`, a time of day alone (read as today) that is not after
    `start`: that time on `start`'s own day when later than it, else on the day after (a
    night's window, 23:30 to 00:30), as `parse_when` reads it ("tomorrow 00:30", else
    "2026-12-03 00:30"); None when `text` is not a time alone, or that is no later."""
    spoken = " ".join(text.strip().lower().split())
    match = re.fullmatch(rf"(?:at )?{CLOCK}", spoken)
    if not match or (match.group(2) is None and match.group(4) is None):
        return None  # a date, a day word, a weekday or a relative time names its own day
    try:
        clock = clock_time(
            match.group(1), match.group(2) or "00", text, match.group(4), match.group(3)
        )
    except ValueError:
        return None
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    hour = clock.strftime("%H:%M:%S" if clock.second else "%H:%M")
    first = start.astimezone(tz).date()
    for day in (first, first + timedelta(days=1)):
        offered = f"tomorrow {hour}" if day == tomorrow else f"{day.isoformat()} {hour}"
        # Offered only as it is read: a time a daylight-saving change skips is refused, and
        # the window must then end after its start.
        try:
            ends = parse_when(offered, now=now, tz=tz, after=start)
        except ValueError:
            return None
        if ends.astimezone(timezone.utc) > start.astimezone(timezone.utc):
            return offered
    return None


def needs_offset(moment: datetime, tz: ZoneInfo) -> bool:
    """True when the wall-clock time of `moment` in `tz` is ambiguous without an offset."""
    local = moment.astimezone(tz)
    return local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset()


def format_local(moment: datetime, tz: ZoneInfo) -> str:
    """`YYYY-MM-DD HH:MM +HH:MM`: the wall-clock time in `tz`, always with its offset.

    The offset makes what the authoring commands write a fixed moment: changing a site's
    `timezone` (or its `input_timezone`) later never moves it.
    """
    local = moment.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {offset_text(local)}"


def format_day(moment: datetime, tz: ZoneInfo) -> str:
    """`Friday YYYY-MM-DD HH:MM +HH:MM`: `format_kept` with the weekday, so that a person who
    typed "friday 5:30pm" sees which Friday it was read as (and one who typed seconds, them)."""
    weekday = _WEEKDAYS[moment.astimezone(tz).weekday()].capitalize()
    return f"{weekday} {format_kept(moment, tz)}"


def format_exact(moment: datetime, tz: ZoneInfo) -> str:
    """`YYYY-MM-DD HH:MM:SS[.ffffff] +HH:MM`: `format_local` to the microsecond, for times
    a program compares rather than a person reads (an alert's `cleared_at`)."""
    local = moment.astimezone(tz)
    fraction = f".{local.microsecond:06d}".rstrip("0") if local.microsecond else ""
    return f"{local:%Y-%m-%d %H:%M:%S}{fraction} {offset_text(local)}"


def format_kept(moment: datetime, tz: ZoneInfo) -> str:
    """`format_local`, or `format_exact` when `moment` has seconds: a time carried from one
    place in a file to another must not move."""
    if moment.second or moment.microsecond:
        return format_exact(moment, tz)
    return format_local(moment, tz)
