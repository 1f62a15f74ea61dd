"""Pages that work when opened from disk (file://): every link made relative to its page.

Served by a web host, pages link root-relative ("/history/"), which a browser reading
public/index.html from disk resolves to the root of the file system: no stylesheet, and
links that go nowhere. In relative mode each such link is rewritten relative to the page
that holds it, and a link to a folder names its index.html, which no file:// browser
opens on its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Mapping
from typing import TYPE_CHECKING

from statusgen.urls import page_folders, relative_link

if TYPE_CHECKING:
    from statusgen.write import FileData

# A link attribute of the pages: statusgen's own write them double-quoted (Jinja's
# escaping and the Markdown sanitizer both do), a theme's may single-quote them, put space
# around "=" or write the name in capitals. search.js reads the address of the search
# index from data-index and joins the index's site-relative paths to data-base, the
# site's root folder: both must follow the page too, or a relative build served at
# another path (or its results) would point at the root of the host.
_LINK = re.compile(
    r"(?P<before>\s(?P<name>href|xlink:href|src|action|formaction|poster|cite|data"
    r"|data-index|data-base|srcset|imagesrcset)\s*=\s*)"
    r"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)')",
    re.IGNORECASE,
)
# A folder's link names its index.html; the root folder itself is wanted, to join paths to.
_FOLDER_ATTRIBUTES = frozenset({"data-base"})
# Attributes holding a list of image candidates ("/a.svg 1x, /a@2x.svg 2x"), each URL
# of which is a link of its own.
_CANDIDATE_LISTS = frozenset({"srcset", "imagesrcset"})
# A candidate's URL: its run of characters up to a space, commas at its end left off
# (they part it from the next candidate), as the HTML standard reads a srcset.
_CANDIDATE = re.compile(r"(?P<before>(?:^|,)\s*)(?P<url>[^\s,]+(?:,+[^\s,]+)*)")
# A start tag's "<" and name, or a comment's opening, whose text holds no attribute.
_TAG_OPEN = re.compile(r"<(?:!--|[A-Za-z][^\s/>]*)")
# One attribute of a start tag as the HTML standard reads it: spaces and "/" before it,
# its name, and its value, where a quoted one runs to its own quote whatever it holds (a
# ">" in `x-show="items.length > 0"` does not end the tag).
_ATTRIBUTE = re.compile(r"""[\s/]*(?P<name>[^\s/>=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def _attribute_names(html: str) -> set[int]:
    """Where each attribute name of the page's start tags begins: text outside tags (and
    inside another attribute's value) holds none."""
    names: set[int] = set()
    at = 0
    while (opened := _TAG_OPEN.search(html, at)) is not None:
        if opened[0] == "<!--":
            end = html.find("-->", opened.end())
            at = len(html) if end < 0 else end + 3
            continue
        at = opened.end()
        while at < len(html) and html[at] != ">":
            attribute = _ATTRIBUTE.match(html, at)
            assert attribute is not None  # every part of it may be empty
            if attribute["name"]:
                names.add(attribute.start("name"))
            # A stray "=" (or a name that is only one) is passed over as a browser does.
            at = max(attribute.end(), at + 1)
        at += 1
    return names


def relative_page(html: str, page: str, base_path: str, folders: Container[str] = ()) -> str:
    """The HTML page at output path `page` with its links into the site made relative;
    `folders` are the site's page folders (urls.page_folders), whose index.html a link
    to them names even when written without its final "/"."""

    def relative(target: str, name: str) -> str:
        found = relative_link(target, page, base_path, folders)
        if found is None:
            return target
        if name in _FOLDER_ATTRIBUTES:
            return posixpath.dirname(found) + "/" if "/" in found else "./"
        return found

    def each_candidate(candidate: re.Match[str]) -> str:
        return candidate["before"] + relative(candidate["url"], "")

    names: set[int] | None = None  # _attribute_names, read when first needed

    def rewrite(match: re.Match[str]) -> str:
        nonlocal names
        if match["single"] is not None:
            if names is None:
                names = _attribute_names(html)
            if match.start("name") not in names:
                # In text, not in a tag: escaping leaves a "'" there as it is (a message's
                # `href='/x'` in code), where a '"' is always written &quot;.
                return match[0]
        name = match["name"].lower()
        quote, value = (
            ('"', match["double"]) if match["double"] is not None else ("'", match["single"])
        )
        if name in _CANDIDATE_LISTS:
            value = _CANDIDATE.sub(each_candidate, value)
        else:
            value = relative(value, name)
        return f"{match['before']}{quote}{value}{quote}"

    return _LINK.sub(rewrite, html)


def relative_site(files: Mapping[str, FileData], base_path: str) -> dict[str, FileData]:
    """Every file of a built site, with the links of its HTML pages made relative (a
    file already written, Staged, is not: a relative build writes after rendering)."""
    folders = page_folders(files)
    return {
        path: relative_page(data.decode("utf-8"), path, base_path, folders).encode("utf-8")
        if isinstance(data, bytes) and path.endswith(".html")
        else data
        for path, data in files.items()
    }
