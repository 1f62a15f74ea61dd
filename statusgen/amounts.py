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


def cut_down(fraction: float, places: int) -> int:
    """The fraction in units of 10**-places, cut rather than rounded, so any downtime never
    reads as a whole: below 1, at most one unit short of it.

    The float noise of a sum of fractions (0.9995 * 10_000 is 9994.999...) is rounded away
    before the cut, which alone would also round a tiny real downtime (10 ms in ten years)
    up to the whole; hence the explicit cap. An uptime with no downtime is exactly 1.0
    (`1 - 0 / counted`, `checks / checks`), so below 1 always means some downtime."""
    whole: int = 10**places
    units = math.floor(round(fraction * whole, 6))
    return min(units, whole - 1) if fraction < 1 else units


def basis_points(fraction: float) -> int:
    """The fraction in hundredths of a percent, cut rather than rounded (`cut_down`)."""
    return cut_down(fraction, 4)


def uptime_fraction(fraction: float) -> float:
    """The fraction to six decimals, cut (`cut_down`), as JSON carries it: any downtime
    stays below 1.0."""
    return cut_down(fraction, 6) / 1_000_000


def percent_digits(fraction: float) -> str:
    """`99.95`: the percentage with two decimals, cut (`basis_points`)."""
    return f"{basis_points(fraction) / 100:.2f}"
