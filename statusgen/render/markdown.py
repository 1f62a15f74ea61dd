"""Markdown from incident files to safe HTML. Incident text is untrusted: it may come
straight from an automated alert."""

from __future__ import annotations

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
    """Safe HTML for an incident's Markdown: raw HTML escaped, unsafe URLs and tags removed.

    With `base` (an absolute URL), relative links and images are made absolute against it.
    """
    converter = _converter()
    try:
        html = converter.convert(source)
    finally:
        converter.reset()
    # The sanitizer is the second line of defence: it drops javascript:, data: and any
    # other scheme or attribute that Markdown links and images could smuggle in.
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=None if base is None else _absolute_urls(base),
    )


def _absolute_urls(base: str) -> Callable[[str, str, str], str]:
    # Feeds are read away from the site, where a relative URL has nothing to resolve
    # against; resolving against the incident's page keeps the target the page shows.
    def resolve(tag: str, attribute: str, value: str) -> str:
        return urljoin(base, value) if attribute in ("href", "src") else value

    return resolve
