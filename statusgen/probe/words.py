"""What a check says: the texts recorded with each run, and how a page reads them back.

A run's message is kept in data/monitors/<id>.json as English text, as it always was:
older statusgen versions and other tools read those files, and the files already written
hold such texts. Every text a check writes comes from one pattern below, so a build reads
it back into its pattern and values (`read`) and shows the pattern's translation in the
page's language; changing the language changes the page. A text no pattern matches (a
heartbeat's own message, an error the system reported) is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from statusgen.i18n import N_


@dataclass(frozen=True)
class Words:
    """One thing a check says: its text as recorded, and the message pages show for it."""

    recorded: str  # English, "%(name)s" for each value: what the data files hold
    shown: str  # the catalogs' message id (the recorded text, unless its values change form)

    def __mod__(self, values: Mapping[str, object]) -> str:
        """The text to record, its values filled in."""
        return self.recorded % values

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """A recorded text of these words, its values as named groups."""
        pieces = re.split(r"%\((\w+)\)s", self.recorded)
        regex = "".join(
            re.escape(piece) if n % 2 == 0 else f"(?P<{piece}>{_VALUES[piece]})"
            for n, piece in enumerate(pieces)
        )
        return re.compile(regex, re.DOTALL)


def _same(message: str) -> Words:
    return Words(message, message)


# What each value looks like in a recorded text.
_VALUES = {
    "code": r"\d{3}",
    "expected": r"\d{3}(?:, \d{3})*",
    "body": r".*",
    "size": r"\d+ MiB",
    "latency": r"\d+",
    "threshold": r"\d+",
    "message": r".+",
    "reason": r".*",
    "when": r"\d{4}-\d\d-\d\d \d\d:\d\d UTC",
    "days": r"-?\d+\.\d",
    "addresses": r".+",
    "missing": r".+",
}

HTTP = _same(N_("HTTP %(code)s"))
# Translators: "2xx or 3xx" means any HTTP status from 200 to 399.
HTTP_NOT_OK = _same(N_("HTTP %(code)s, expected 2xx or 3xx"))
HTTP_UNEXPECTED = _same(N_("HTTP %(code)s, expected %(expected)s"))
# Translators: %(body)s is the text the monitor looks for, in quotes.
HTTP_BODY_LACKS = _same(N_("HTTP %(code)s, body lacks %(body)s"))
# Translators: %(body)s is the text the monitor looks for, in quotes; %(size)s is how much
# of a longer body was read, e.g. "1 MiB".
HTTP_BODY_LACKS_CUT = _same(N_("HTTP %(code)s, body lacks %(body)s in its first %(size)s"))
NOT_HTTP = _same(N_("not an HTTP response"))
# Said of an HTTP response that ended before its body did (or whose body is not framed as
# its headers say).
CUT_SHORT = _same(N_("response cut short"))
# Said of any other HTTP response the check cannot read (too many headers, a line too long).
INVALID_HTTP = _same(N_("invalid HTTP response"))
# Said instead of Python's text, which repeats the URL (a token in its query included).
INVALID_URL = _same(N_("invalid URL"))
SLOW = _same(N_("slow: %(latency)s ms (threshold %(threshold)s ms)"))
# Translators: %(message)s is what the check saw, e.g. "HTTP 200".
SLOW_AFTER = _same(N_("%(message)s; slow: %(latency)s ms (threshold %(threshold)s ms)"))
CONNECTED = _same(N_("connected"))
TIMED_OUT = _same(N_("timed out"))
REFUSED = _same(N_("connection refused"))
RESET = _same(N_("connection reset"))
NETWORK_UNREACHABLE = _same(N_("network unreachable"))
NO_ROUTE = _same(N_("no route to host"))
# Translators: %(reason)s is the system's own explanation, in English.
NETWORK_ERROR_BECAUSE = _same(N_("network error: %(reason)s"))
# Said of a failure the system gave no reason for.
NETWORK_ERROR = _same(N_("network error"))
# Translators: %(reason)s is the TLS library's own name for what failed, in English.
TLS_FAILED = _same(N_("TLS handshake failed: %(reason)s"))
# Translators: %(reason)s is the system's own explanation, in English.
UNTRUSTED = _same(N_("certificate not trusted: %(reason)s"))
# Translators: %(reason)s is the system's own explanation, in English.
UNRESOLVED = _same(N_("name not resolved: %(reason)s"))
NO_EXPIRY = _same(N_("no certificate expiry date"))
EXPIRED = _same(N_("certificate expired %(when)s"))
# Shown with the time left as a duration ("9 days, 12 hr"), which needs no plural here.
EXPIRES = Words(
    "certificate expires in %(days)s days (%(when)s)",
    N_("certificate expires in %(left)s (%(when)s)"),
)
VALID = _same(N_("certificate valid until %(when)s"))
NO_ADDRESSES = _same(N_("no addresses"))
MISSING = _same(N_("resolved to %(addresses)s; missing %(missing)s"))

# The order they are tried in: the first whose pattern matches the whole text wins.
ALL = (
    HTTP,
    HTTP_NOT_OK,
    HTTP_UNEXPECTED,
    HTTP_BODY_LACKS_CUT,  # before HTTP_BODY_LACKS, whose quoted text would take its ending
    HTTP_BODY_LACKS,
    NOT_HTTP,
    CUT_SHORT,
    INVALID_HTTP,
    INVALID_URL,
    SLOW,
    SLOW_AFTER,
    CONNECTED,
    TIMED_OUT,
    REFUSED,
    RESET,
    NETWORK_UNREACHABLE,
    NO_ROUTE,
    NETWORK_ERROR_BECAUSE,
    NETWORK_ERROR,
    TLS_FAILED,
    UNTRUSTED,
    UNRESOLVED,
    NO_EXPIRY,
    EXPIRED,
    EXPIRES,
    VALID,
    NO_ADDRESSES,
    MISSING,
)


def read(text: str) -> tuple[Words, dict[str, str]] | None:
    """The words a recorded text was written from and its values; None for a text no
    check writes (shown as written)."""
    for words in ALL:
        found = words.pattern.fullmatch(text)
        if found is not None:
            return words, found.groupdict()
    return None
