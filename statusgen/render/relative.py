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

# A link attribute of a start tag: statusgen's own write them double-quoted (Jinja's
# escaping and the Markdown sanitizer both do), a theme's may single-quote them, put space
# around "=" or write the name in capitals. search.js reads the address of the search
# index from data-index and joins the index's site-relative paths to data-base, the
# site's root folder: both must follow the page too, or a relative build served at
# another path (or its results) would point at the root of the host. Any other quoted
# value is passed over whole: an attribute it seems to hold (`title=' href="/x"'`) is text.
_LINK = re.compile(
    r"(?P<before>\s(?P<name>href|xlink:href|src|action|formaction|poster|cite|data"
    r"|data-index|data-base|srcset|imagesrcset)\s*=\s*)"
    r"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)')"
    r"|=\s*(?:\"[^\"]*\"|'[^']*')",
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
# The rest of a start tag after its name, as the HTML standard reads it: a value quoted
# after its "=" runs to its own quote whatever it holds (a ">" in `x-show="items.length
# > 0"` does not end the tag); any other character is a name's or an unquoted value's.
# Atomic, so that a tag never closed is passed over in one step.
_TAG_REST = r"""(?>[^>=]+|=\s*+(?:"[^"]*+"|'[^']*+')|=)*+>"""
# The page's start tags, whose attributes are the only links to rewrite: text between
# them holds no "<" but escaped (Jinja's escaping and the sanitizer write `&lt;`), so an
# address written in a message's text or code (`<script src="/widget.js">` shown as code,
# `href="/history/"` in a sentence) stays as written. A comment's text and a script's or
# style's (where a "<" may stand for itself) are text too.
_START_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|(?P<raw><(?i:script|style)\b" + _TAG_REST + r").*?(?=</(?i:script|style)\b)"
    r"|<[A-Za-z]" + _TAG_REST,
    re.DOTALL,
)


def relative_page(html: str, page: str, base_path: str, folders: Container[str] = ()) -> str:
    """The HTML page at output path `page` with the links of its tags' attributes into the
    site made relative; `folders` are the site's page folders (urls.page_folders), whose
    index.html a link to them names even when written without its final "/"."""

    def relative(target: str, name: str) -> str:
        found = relative_link(target, page, base_path, folders)
        if found is None:
            return target
        if name in _FOLDER_ATTRIBUTES:
            return posixpath.dirname(found) + "/" if "/" in found else "./"
        return found

    def each_candidate(candidate: re.Match[str]) -> str:
        return candidate["before"] + relative(candidate["url"], "")

    def attribute(match: re.Match[str]) -> str:
        if match["before"] is None:
            return match[0]  # another attribute's value
        name = match["name"].lower()
        quote, value = (
            ('"', match["double"]) if match["double"] is not None else ("'", match["single"])
        )
        if name in _CANDIDATE_LISTS:
            value = _CANDIDATE.sub(each_candidate, value)
        else:
            value = relative(value, name)
        return f"{match['before']}{quote}{value}{quote}"

    def tag(match: re.Match[str]) -> str:
        text = match[0]
        if text[1] == "!":
            return text
        if match["raw"] is not None:
            opening = match["raw"]
            return _LINK.sub(attribute, opening) + text[len(opening) :]
        return _LINK.sub(attribute, text) if "=" in text else text

    return _START_TAG.sub(tag, html)


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
