"""How the pages say things: dates and times in the site's zone, durations, percentages,
impact labels. One home for each, so every page (and the terminal) says them alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from statusgen.i18n import ENGLISH, Language
from statusgen.model import (
    Impact,
)

# English message ids; pages show them translated (statusgen/i18n lists them for extraction).
IMPACT_LABELS: Mapping[Impact, str] = {
    Impact.NONE: "No impact",
    Impact.MINOR: "Minor impact",
    Impact.MAJOR: "Major impact",
    Impact.CRITICAL: "Critical impact",
    Impact.MAINTENANCE: "Maintenance",
}


def is_wide(char: str) -> bool:
    """Whether `char` takes two cells of a monospace grid (CJK, fullwidth forms, emoji),
    as terminals and fallback fonts draw it."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def columns(text: str) -> int:
    """How many terminal columns `text` takes: a wide character two, a combining mark or
    an invisible format character none, every other one. Padding by len() would push a
    CJK or emoji name's row right and pull an accented one left."""
    return sum(
        0
        if unicodedata.combining(char) or unicodedata.category(char) in ("Me", "Mn", "Cf")
        else 2
        if is_wide(char)
        else 1
        for char in text
    )


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal columns (columns())."""
    return text + " " * (width - columns(text))


# --- formatting --------------------------------------------------------------------------
# People's dates, times, durations and percentages follow CLDR's rules for the site's
# language (statusgen/i18n's Language); without one, English.


def format_datetime(moment: datetime, tz: ZoneInfo, language: Language = ENGLISH) -> str:
    """`Nov 22, 2026, 19:41 CET`: the site timezone, named."""
    return language.datetime(moment, tz)


def format_date(day: date, tz: ZoneInfo, language: Language = ENGLISH) -> str:
    """`Nov 22, 2026`, `22. Nov. 2026`, `2026年11月22日`: a time's day in the site
    timezone, as format_datetime says it (a date is a day already)."""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date()
    return language.date(day)


def format_duration(span: timedelta, language: Language = ENGLISH) -> str:
    """`52 min`, `1 hr, 4 min`, `3 days, 2 hr`."""
    return language.duration(span)


def format_percent(fraction: float | None, language: Language = ENGLISH) -> str:
    """`99.95%`, `99,95 %`: cut rather than rounded so a bad day never shows as 100%."""
    return language.percent(fraction)


def time_tag(moment: datetime, tz: ZoneInfo, language: Language = ENGLISH) -> Markup:
    """A <time> element: ISO 8601 for machines, the site's local time for people."""
    local = moment.astimezone(tz)
    return _time_element(local, language.datetime(local, tz), language)


def machine_moment(moment: datetime) -> datetime:
    """`moment` as machine formats can write it: itself, or in UTC when its offset is not a
    whole number of minutes. RFC 3339 (JSON, Atom), RFC 822 (RSS) and HTML's `datetime`
    have no seconds in an offset, and a zone's clocks before standard time had them
    (Monrovia's -00:44:30 until 1972); UTC is the one offset every reader takes."""
    offset = moment.utcoffset()
    if offset is None or not offset.total_seconds() % 60:
        return moment
    return moment.astimezone(timezone.utc)


def machine_time(moment: datetime) -> str:
    """ISO 8601 as HTML's `datetime` attribute takes it: a run's time is kept to the
    millisecond, and HTML allows at most three digits of a second where Python writes six."""
    moment = machine_moment(moment)
    return moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


def _time_element(local: datetime, label: str, language: Language, extra: str = "") -> Markup:
    # Built by hand rather than with Markup.format: pages hold thousands of these.
    return Markup(
        f'<time{_isolation(language)} datetime="{machine_time(local)}"{extra}>'
        f"{escape(label)}</time>"
    )


def _isolation(language: Language) -> str:
    """The attribute that sets a time apart from the words around it on a right-to-left
    page; none on a left-to-right one, whose Latin times cannot move in a Latin line."""
    # A time ends in a Latin zone or a left-to-right-marked offset ("23:00 \u200e+03"):
    # unisolated, that zone, a range's dash and the end's day ("13 ديسمبر") form one
    # left-to-right run, and the end's day is drawn before the dash. An element with `dir`
    # is a bidi isolate (HTML's rendering rules), as a <bdi> is; it stays one when the
    # reader's-zone script rewrites its text ("20:00 UTC").
    return ' dir="rtl"' if language.direction == "rtl" else ""


def time_range(
    start: datetime, end: datetime | None, tz: ZoneInfo, language: Language = ENGLISH
) -> Markup:
    """`Oct 14, 2026, 14:11 – 16:10 CEST`; the date and zone are said once when they repeat."""
    if end is None:
        ongoing: Markup = escape(language.gettext("%(start)s – ongoing"))
        return ongoing % {"start": time_tag(start, tz, language)}
    first, second, time_only = range_labels(start, end, tz, language)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    # The second time, when only a clock time, is marked: the reader's-zone script keeps it so.
    end_tag = _time_element(local_end, second, language, " data-time-only" if time_only else "")
    return Markup(f"{_time_element(local_start, first, language)} – {end_tag}")


def said_once(local_start: datetime, local_end: datetime) -> bool:
    """Whether a range says its date and zone once, its end as a clock time: when both
    ends fall on one date at one offset from UTC, under one zone name."""
    # The name alone is not enough: Moscow's clocks went back from 02:00 MSK (+04:00) to
    # 01:00 MSK (+03:00), and "01:20 – 01:10 MSK" reads as a range that runs backwards.
    return (local_start.date(), local_start.utcoffset(), local_start.tzname()) == (
        local_end.date(),
        local_end.utcoffset(),
        local_end.tzname(),
    )


def range_text(
    start: datetime, end: datetime | None, tz: ZoneInfo, language: Language = ENGLISH
) -> str:
    """time_range's words without the markup, for text that is not a page (notifications)."""
    if end is None:
        return language.gettext("%(start)s – ongoing") % {"start": language.datetime(start, tz)}
    first, second, _ = range_labels(start, end, tz, language)
    return f"{first} – {second}"


def range_labels(
    start: datetime, end: datetime, tz: ZoneInfo, language: Language = ENGLISH
) -> tuple[str, str, bool]:
    """The start's and the end's words in a range, and whether the end's is a clock time
    only: the date and zone are said once when they repeat."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if said_once(local_start, local_end):
        first = language.join_date_time(
            language.date(local_start.date()), language.time(local_start)
        )
        return first, f"{language.time(local_end)} {language.zone(local_end)}", True
    return language.datetime(local_start, tz), language.datetime(local_end, tz), False
