"""Images in what the site publishes that a screen reader cannot describe.

A Markdown image with no text between its brackets (`![](chart.png)`) is published as
`<img alt="">`, which marks it as decoration: screen readers pass over it, and with it
whatever the chart or screenshot showed (`![][ref]`, written by reference, as well). Each
is warned of at the image's line. (Raw
HTML in a message is shown as text, never as an image: there is no `<img>` to check.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import AnyStr

from statusgen.errors import Diagnostic, Severity
from statusgen.load.files import InputError, read_input
from statusgen.model import PACKED_UPDATES, Incident, Maintenance


def images_without_text(
    root: Path,
    published: Iterable[Incident | Maintenance],
    contents: Mapping[str, bytes] | None = None,
) -> list[Diagnostic]:
    """A warning at each image in a `published` event's Markdown whose page shows it with
    no alternative text, at its line (read from `contents` when it holds the file). Asked
    for each file as it is parsed (validate.parse_event), so the cache keeps the answer."""
    found: list[Diagnostic] = []
    for event in published:
        texts = _texts_with_images(event)
        if not texts:
            continue
        from statusgen.render.markdown import render_markdown

        # What the page shows decides: an image in a code block or an escaped `!` is text.
        blank: set[str] = set()
        for text in texts:
            blank |= _blank_sources(render_markdown(text))
        if blank:
            found += _at_lines(root, event.source.path, blank, contents)
    return found


def _has_image(text: AnyStr) -> bool:
    return (b"![" in text) if isinstance(text, bytes) else ("![" in text)


def _texts_with_images(event: Incident | Maintenance) -> list[str]:
    """The event's summary and messages that may hold an image. Updates read from the cache
    stay packed (model.PACKED_UPDATES) unless their bytes may hold one."""
    found = [event.summary] if _has_image(event.summary) else []
    packed = event.__dict__.get(PACKED_UPDATES)
    if packed is None or _has_image(packed):
        found += [u.message for u in event.updates if _has_image(u.message)]
    return found


class _Images(HTMLParser):
    """The address of each image of a page's HTML whose alternative text is blank."""

    def __init__(self) -> None:
        super().__init__()
        self.blank: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and not (values.get("alt") or "").strip():
            self.blank.add(values.get("src") or "")


def _blank_sources(html: str) -> set[str]:
    if "<img" not in html:
        return set()
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.blank


def _at_lines(
    root: Path, relpath: str, blank: set[str], contents: Mapping[str, bytes] | None
) -> list[Diagnostic]:
    """The warnings for the images of the file `relpath` whose address is one of `blank`
    (as the page writes it) and whose brackets hold no text, at the `![` of each."""
    from statusgen.render.markdown import (
        blank_reference_images,
        encode_address,
        link_places,
        written_target,
    )

    data = contents.get(relpath) if contents is not None else None
    try:
        text = (data if data is not None else read_input(root / relpath)).decode("utf-8")
    except (OSError, InputError, UnicodeDecodeError):
        return []  # changed while read: the next check sees it as it is
    lines = text.split("\n")
    told: list[Diagnostic] = []
    for index, column, address in link_places(text):
        if address not in blank and encode_address(address) not in blank:
            continue
        before = lines[index][:column]
        # An address written in angle brackets (one with a space) is shown so again.
        written = f"<{address}>" if before.endswith("<") else address
        before = before.removesuffix("<")
        start = before.rfind("![")
        if not before.endswith("](") or start < 0 or before[start + 2 : -2].strip():
            continue  # a link to the image, or an image described on this line
        # Its title kept too (`(chart.png "Last hour")`), as the hint is to copy.
        target = written_target(lines[index], len(before) - 1) or f"({written})"
        told.append(_without_text(relpath, index, start, target))
    for index, column, label, address in blank_reference_images(text):
        if address in blank or encode_address(address) in blank:
            told.append(_without_text(relpath, index, column, f"[{label}]"))
    return sorted(told, key=lambda diagnostic: (diagnostic.line, diagnostic.column))


def _without_text(relpath: str, index: int, column: int, target: str) -> Diagnostic:
    """The warning of an image at the line of index `index`, its `![` at column `column`
    (both from 0), whose address is written as `target` (`(chart.png)` or `[label]`)."""
    return Diagnostic(
        relpath,
        index + 1,
        column + 1,
        "image without alt text: screen readers skip it, and what it shows with it",
        f"describe it between the brackets: ![Error rate chart]{target}",
        Severity.WARNING,
    )
