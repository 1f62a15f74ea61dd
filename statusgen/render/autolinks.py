"""Bare web addresses in a message's text, linked as GitHub links them (GFM's extended
autolinks, as cmark-gfm finds their ends): `https://example.com/postmortem/42` and
`www.example.com` need no `<...>` around them. Both converters link them with this, so
they agree: render/markdown.py's library path and render/simple_markdown.py."""

from __future__ import annotations

import re

from statusgen.weburls import ADDRESS_TRAILING

# An address starts a line, follows a space or one of `*`, `_`, `~`, `(`, and runs to the
# next space or `<`; the library's placeholders (\x02...\x03: code, links, emphasis made
# before) end it too, as the end of a run of text ends one on GitHub, but for those of
# backslash escapes, which render/markdown.py reads back as typed (GitHub reads an address
# as written). Only web addresses:
# the sanitizer's schemes would allow no other, and `mailto:`, `ftp:` stay text.
BARE_URL = re.compile(r"(?<![^\s*_~(])(?:(?P<web>(?i:https?)://)|www\.)[^\s<\x02\x03]+")
# A domain's segments (letters, digits, `_`, `-`) between dots; no `_` in its last two.
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*")


def bare_url(found: re.Match[str]) -> tuple[str, int] | None:
    """The address a BARE_URL match links to, and where its text ends; None when GitHub
    would link none there (no domain, an `_` in its last two segments)."""
    text = found.string
    start = found.start()
    after_prefix = found.end("web") if found["web"] is not None else start + len("www.")
    domain = _DOMAIN.match(text, after_prefix, found.end())
    if domain is None:
        return None
    if any("_" in segment for segment in domain[0].rstrip(".").split(".")[-2:]):
        return None
    end = found.end()
    # Counted once: a run of thousands of `)` must not be counted again for each.
    opened = closed = -1
    while end > after_prefix:
        last = text[end - 1]
        if last == ")":
            # A closing parenthesis belongs to the address while it closes one opened in it.
            if closed < 0:
                opened, closed = text.count("(", start, end), text.count(")", start, end)
            if closed <= opened:
                break
            closed -= 1
        elif last not in ADDRESS_TRAILING:
            # What ends a sentence is left out, as cmark-gfm does. An entity (`&amp;`) is
            # stashed by the library before addresses are looked for, so it ends one, and
            # a `;` at the end is one alone.
            break
        end -= 1
    if end <= after_prefix:
        return None
    address = text[start:end]
    return (address if found["web"] is not None else f"http://{address}"), end
