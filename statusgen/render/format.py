"""How the pages say things: dates and times in the site's zone, durations, percentages,
impact labels. One home for each, so every page (and the terminal) says them alike."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from statusgen.model import (
    Impact,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip

IMPACT_LABELS: Mapping[Impact, str] = {
    Impact.NONE: "No impact",
    Impact.MINOR: "Minor impact",
    Impact.MAJOR: "Major impact",
    Impact.CRITICAL: "Critical impact",
    Impact.MAINTENANCE: "Maintenance",
}


# --- formatting --------------------------------------------------------------------------


def format_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """`22 Nov 2026, 19:41 CET`: the site timezone, named."""
    local = moment.astimezone(tz)
    return f"{format_date(local.date())}, {local:%H:%M} {local.tzname()}"


def format_date(day: date) -> str:
    """`22 Nov 2026`, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def duration_parts(span: timedelta) -> tuple[int, int, int]:
    """Whole (days, hours, minutes) of a span, the seconds dropped."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def percent_digits(fraction: float) -> str:
    """`99.95`: two decimals, cut rather than rounded so any downtime never reads as
    100 (the float noise of a sum of fractions is rounded away first)."""
    return f"{math.floor(round(fraction * 10_000, 6)) / 100:.2f}"


def format_duration(span: timedelta) -> str:
    """`52 min`, `1 h 4 min`, `3 days 2 h`."""
    if span < timedelta(minutes=1):
        return "less than a minute"
    days, hours, minutes = duration_parts(span)
    if days:
        text = f"{days} day" if days == 1 else f"{days} days"
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def format_percent(fraction: float | None) -> str:
    """`99.95%`, cut rather than rounded so a bad day never shows as 100%."""
    if fraction is None:
        return "No data"
    if fraction >= 1:
        return "100%"
    return f"{percent_digits(fraction)}%"


def time_tag(moment: datetime, tz: ZoneInfo) -> Markup:
    """A <time> element: ISO 8601 for machines, the site's local time for people."""
    local = moment.astimezone(tz)
    return _time_element(local, format_datetime(local, tz))


def _time_element(local: datetime, label: str) -> Markup:
    # Built by hand rather than with Markup.format: pages hold thousands of these.
    return Markup(f'<time datetime="{local.isoformat()}">{escape(label)}</time>')


def time_range(start: datetime, end: datetime | None, tz: ZoneInfo) -> Markup:
    """`14 Oct 2026, 14:11 – 16:10 CEST`; the date and zone are said once when they repeat."""
    if end is None:
        return time_tag(start, tz) + " – ongoing"
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date() and local_start.tzname() == local_end.tzname():
        first = f"{format_date(local_start.date())}, {local_start:%H:%M}"
        return Markup('<time datetime="{}">{}</time> – <time datetime="{}">{}</time>').format(
            local_start.isoformat(),
            first,
            local_end.isoformat(),
            f"{local_end:%H:%M} {local_end.tzname()}",
        )
    return Markup("{} – {}").format(time_tag(start, tz), time_tag(end, tz))
