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

# A link attribute of the pages statusgen writes: always double-quoted (Jinja's escaping
# and the Markdown sanitizer both write them so). search.js reads the address of the
# search index from data-index and joins the index's site-relative paths to data-base,
# the site's root folder: both must follow the page too, or a relative build served at
# another path (or its results) would point at the root of the host.
_LINK = re.compile(
    r'(?P<before>\s(?P<name>href|src|action|poster|data-index|data-base)=")(?P<target>[^"]*)"'
)
# A folder's link names its index.html; the root folder itself is wanted, to join paths to.
_FOLDER_ATTRIBUTES = frozenset({"data-base"})


def relative_page(html: str, page: str, base_path: str, folders: Container[str] = ()) -> str:
    """The HTML page at output path `page` with its links into the site made relative;
    `folders` are the site's page folders (urls.page_folders), whose index.html a link
    to them names even when written without its final "/"."""

    def rewrite(match: re.Match[str]) -> str:
        target = relative_link(match["target"], page, base_path, folders)
        if target is None:
            return match[0]
        if match["name"] in _FOLDER_ATTRIBUTES:
            target = posixpath.dirname(target) + "/" if "/" in target else "./"
        return f'{match["before"]}{target}"'

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
