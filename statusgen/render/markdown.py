"""Markdown from incident files to safe HTML. Incident text is untrusted: it may come
straight from an automated alert."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from urllib.parse import urljoin

import markdown as markdown_lib
import nh3

ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}

_local = threading.local()

# Unicode explicit direction formatting (UAX #9). An override or isolate left open in a
# title or message would reorder the page text that follows it (a "Trojan Source" trick).
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
_PDF = "\u202c"
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
_PDI = "\u2069"
_BIDI = re.compile(f"[{_EMBEDDINGS}{_PDF}{_ISOLATES}{_PDI}]")
# A tag, or the text between tags, in the sanitizer's well-formed output (which always
# double-quotes attribute values).
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_ATTRIBUTE_VALUE = re.compile(r'"[^"]*"')


def contain_bidi(text: str) -> str:
    """`text` with every direction override, embedding or isolate it opens closed at its end,
    and closing marks it did not open dropped: it can reorder itself, never what follows.

    The author's characters are kept; only the missing closers are added.
    """
    if not _BIDI.search(text):
        return text
    out: list[str] = []
    open_: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_.append(char)
        elif char == _PDF:
            if not open_ or open_[-1] not in _EMBEDDINGS:
                continue  # closes nothing of ours (UAX #9 ignores it inside an isolate too)
            open_.pop()
        elif char == _PDI:
            if not any(c in _ISOLATES for c in open_):
                continue
            while open_.pop() not in _ISOLATES:  # a PDI also closes embeddings inside it
                pass
        out.append(char)
    out.extend(_PDI if c in _ISOLATES else _PDF for c in reversed(open_))
    return "".join(out)


def _converter() -> markdown_lib.Markdown:
    # Building a Markdown instance costs more than converting a short message, so each
    # thread keeps one and resets it between documents.
    converter: markdown_lib.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown_lib.Markdown(extensions=["fenced_code", "tables", "sane_lists"])
        # Raw HTML is shown as the literal text the author typed instead of being parsed.
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _local.converter = converter
    return converter


def render_markdown(source: str, base: str | None = None) -> str:
    """Safe HTML for an incident's Markdown: raw HTML escaped, unsafe URLs and tags removed,
    direction overrides closed within their run of text (see contain_bidi).

    With `base` (an absolute URL), relative links and images are made absolute against it.
    """
    converter = _converter()
    try:
        html = converter.convert(source)
    finally:
        converter.reset()
    # The sanitizer is the second line of defence: it drops javascript:, data: and any
    # other scheme or attribute that Markdown links and images could smuggle in.
    html = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=None if base is None else _absolute_urls(base),
    )
    if not _BIDI.search(html):
        return html
    # Each run of text between tags is contained on its own, as a template value is.
    return _TAG_OR_TEXT.sub(
        lambda m: (
            _ATTRIBUTE_VALUE.sub(lambda v: f'"{contain_bidi(v[0][1:-1])}"', m[1])
            if m[1]
            else contain_bidi(m[2])
        ),
        html,
    )


def _absolute_urls(base: str) -> Callable[[str, str, str], str]:
    # Feeds are read away from the site, where a relative URL has nothing to resolve
    # against; resolving against the incident's page keeps the target the page shows.
    def resolve(tag: str, attribute: str, value: str) -> str:
        return urljoin(base, value) if attribute in ("href", "src") else value

    return resolve
