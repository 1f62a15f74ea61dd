"""Source files as text: UTF-8, byte order mark dropped, line endings unified, and only
characters every output can carry.

The one rule for what text may hold lives here: the characters XML 1.0 cannot hold (C0
controls other than tab and line break, U+FFFE, U+FFFF, lone surrogates). Feeds, the
sitemap and badges are XML, so such a character would pass `check` and fail `build`.
Every source file is decoded here and every YAML value is checked against the same
rule, so `check` refuses exactly what the build could not write.
"""

from __future__ import annotations

import re
import unicodedata
from unicodedata import normalize

from statusgen.errors import Diagnostic

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

_BOM = "\ufeff"
# Not in XML 1.0's Char production (CR never reaches it: line endings become LF first).
NOT_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"  # a regex class's contents
_NOT_TEXT = re.compile(f"[{NOT_TEXT}]")
TEXT_HINT = "remove it: feeds and other XML outputs cannot carry it"


def forbidden_character(text: str) -> int | None:
    """The index of the first character no statusgen text may hold, or None."""
    found = _NOT_TEXT.search(text)
    return found.start() if found else None


def describe_character(char: str) -> str:
    """`U+0001 (a control character)`, for diagnostics (the character itself may not print)."""
    code = ord(char)
    if code < 0x20:
        kind = "a control character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "a noncharacter"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} ({kind}{', ' + name if name else ''})"


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
    index = forbidden_character(text)
    if index is not None:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        message = f"character {describe_character(text[index])} is not allowed"
        return None, Diagnostic(path, line, column, message, TEXT_HINT)
    return text, None


def slugify(name: str) -> str:
    """An id or file name made from a display name: "Payments API" → "payments-api"
    (ASCII letters, digits and dashes; "" if nothing is left)."""
    ascii_name = normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
