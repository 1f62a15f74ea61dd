"""How a span of time and an uptime fraction are cut for display: the same rule on every
page, in every language (statusgen.i18n) and in the terminal (render/terminal.py).

Light on purpose: `check` and `status` print through it without loading CLDR data."""

from __future__ import annotations

import math
from datetime import timedelta


def duration_parts(span: timedelta) -> tuple[int, int, int]:
    """Whole (days, hours, minutes) of a span, the seconds dropped."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def basis_points(fraction: float) -> int:
    """The fraction in hundredths of a percent, cut rather than rounded, so any downtime
    never reads as 100 % (the float noise of a sum of fractions is rounded away first)."""
    return math.floor(round(fraction * 10_000, 6))


def percent_digits(fraction: float) -> str:
    """`99.95`: the percentage with two decimals, cut (`basis_points`)."""
    return f"{basis_points(fraction) / 100:.2f}"
