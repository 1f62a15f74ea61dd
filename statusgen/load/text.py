"""Source files as text: UTF-8, byte order mark dropped, line endings unified."""

from __future__ import annotations

import re
from unicodedata import normalize

from statusgen.errors import Diagnostic

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

_BOM = "\ufeff"


def decode(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Return the file's text with "\\n" line endings, or a diagnostic for bytes that are not UTF-8.

    CRLF and lone CR become LF, which keeps line numbers the same as an editor shows them.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Diagnostic(
            path,
            line,
            column,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save the file as UTF-8",
        )
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def slugify(name: str) -> str:
    """An id or file name made from a display name: "Payments API" → "payments-api"
    (ASCII letters, digits and dashes; "" if nothing is left)."""
    ascii_name = normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
