"""The one clock of a run, read once at the command line and passed down.

Kept apart from status.py so that reading it imports neither the model nor the rules:
a build with nothing to do should not pay for them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

# Every moment in the model, and the build's "now", lies in these years: far enough inside
# what datetime can hold that a history window or a timezone offset never overflows it.
EARLIEST_YEAR = 1970
LATEST_YEAR = 9998
# How far past this machine's clock a time given to a command may lie: a minute or two is
# another machine's clock or someone's slow typing; hours are a typo or another timezone.
# `new` and `update` warn of a write dated later; `record --at` and `notify` refuse it.
CLOCK_SKEW = timedelta(minutes=5)


def in_supported_years(moment: datetime) -> bool:
    """Whether the aware `moment` lies in EARLIEST_YEAR..LATEST_YEAR, judged in UTC.

    The year as written is not the moment's: 1970-01-01 00:30 +01:00 is 1969 in UTC, and
    a page shown in UTC would say Dec 31, 1969. Years datetime holds only at its very
    edges (0001, 9999) may not survive the conversion; they are outside either way.
    """
    try:
        year = moment.astimezone(timezone.utc).year
    except OverflowError:
        return False
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def ahead_of(moment: datetime, clock: datetime) -> bool:
    """Whether `moment` lies more than CLOCK_SKEW after `clock`, this machine's time."""
    return moment.astimezone(timezone.utc) - clock.astimezone(timezone.utc) > CLOCK_SKEW


def resolve_now(now_option: datetime | None, environ: Mapping[str, str] | None = None) -> datetime:
    """The one clock of a run: `--now`, else SOURCE_DATE_EPOCH, else the system time (UTC).

    Raises ValueError for a moment without an offset or outside the supported years.
    """
    if now_option is not None:
        if now_option.utcoffset() is None:
            raise ValueError("--now needs a timezone offset, e.g. 2026-11-22T18:00:00Z")
        return in_years(now_option, "--now")
    epoch = _epoch(environ)
    if epoch:
        # int() would also read "+1", "1_000", " 1" and other scripts' digits, which
        # `date -d @…` and other reproducible-build tools refuse: one value, one moment.
        if not _EPOCH_SECONDS.fullmatch(epoch):
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds in the digits 0-9, "
                f"not {epoch!r}; set it as `date +%s` prints it, e.g. 1796126400"
            )
        seconds = int(epoch)
        outside = ValueError(
            f"SOURCE_DATE_EPOCH must be in the years {EARLIEST_YEAR} to {LATEST_YEAR}, "
            f"not {epoch!r}"
        )
        try:
            # A number of seconds beyond what datetime holds is just as far out of range.
            moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise outside from None
        if not in_supported_years(moment):
            raise outside
        return moment
    return datetime.now(timezone.utc).replace(microsecond=0)


def follows_time(now_option: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the run's clock is the time of day, read anew each time (no `--now`, no
    SOURCE_DATE_EPOCH): a process that runs on, such as serve, must follow it."""
    return now_option is None and not _epoch(environ)


# SOURCE_DATE_EPOCH as the reproducible-builds specification writes it: an integer in
# ASCII digits, as `date +%s` prints it (a minus for before 1970, refused for its year).
_EPOCH_SECONDS = re.compile(r"-?[0-9]+")


def _epoch(environ: Mapping[str, str] | None) -> str:
    """SOURCE_DATE_EPOCH as set; "" when it is not, or holds only spaces (a CI variable
    left blank). Spaces around a number are kept, for resolve_now to refuse."""
    env = os.environ if environ is None else environ
    value = env.get("SOURCE_DATE_EPOCH", "")
    return value if value.strip() else ""


def in_years(moment: datetime, option: str) -> datetime:
    """`moment` when it lies in the supported years; else ValueError naming `option`."""
    if not in_supported_years(moment):
        raise ValueError(f"{option} must be in the years {EARLIEST_YEAR} to {LATEST_YEAR}")
    return moment
