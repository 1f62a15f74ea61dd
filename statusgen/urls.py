"""Where each output lives in the built site: the one spelling of every address.

Paths are relative to the output folder, use "/" and never start with one. A page's
address ends in "/" and its file is that address plus `index.html` (`page_file`);
context.url() and context.absolute_url() turn an address into a link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Iterable
from urllib.parse import urlsplit

INDEX = "index.html"
NOT_FOUND = "404.html"
EMBED = "embed.html"
HISTORY = "history/"
HISTORY_PAGE_SIZE = 25  # events on each archive page of the history
# A component page lists its newest events besides those it lists whatever their age
# (windows to come, those open or in progress); one with more has a history of its own
# (component_history_pages), paginated like the site's.
COMPONENT_EVENTS_LIMIT = 50
FEED = "feed.xml"
ATOM = "atom.xml"
CALENDAR = "maintenance.ics"
BADGE = "badge.svg"
SHIELDS = "shields.json"
WIDGET = "widget.js"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
HEADERS = "_headers"
NOJEKYLL = ".nojekyll"
ASSETS = "assets/"
# The history's search index (render/search.py), read by the theme's search.js, and the
# folder of its parts: the rows of each earlier year.
SEARCH_INDEX = "search.json"
SEARCH_PARTS = "search/"
# The openstatus-style summary; also what marks a folder as a built site (write.py): a
# status.json holding exactly these keys (render/api.py's openstatus), not any file of
# that name, as a project beside the site may hold one.
STATUS_JSON = "status.json"
STATUS_JSON_KEYS = frozenset({"status", "description", "updated_at", "page", "indicator"})

INCIDENTS = "incidents/"
COMPONENTS = "components/"
SUBSCRIBE = "subscribe/"  # every way to follow the page

# Atlassian Statuspage v2, under the same names Statuspage clients ask for.
API_ROOT = "api/"
API = API_ROOT + "v2/"
API_STATUS = API + "status.json"
API_SUMMARY = API + "summary.json"
API_COMPONENTS = API + "components.json"
API_INCIDENTS = API + "incidents.json"
API_UNRESOLVED = API + "incidents/unresolved.json"
API_MAINTENANCES = API + "scheduled-maintenances.json"
API_UPCOMING = API + "scheduled-maintenances/upcoming.json"
API_ACTIVE = API + "scheduled-maintenances/active.json"


# Every file the build writes at one address of its own whatever the content (beside the
# pages, each an index.html): what a base URL copied from one of them ends in.
FILES = (
    INDEX,
    NOT_FOUND,
    EMBED,
    FEED,
    ATOM,
    CALENDAR,
    BADGE,
    SHIELDS,
    WIDGET,
    SITEMAP,
    ROBOTS,
    HEADERS,
    NOJEKYLL,
    SEARCH_INDEX,
    STATUS_JSON,
    API_STATUS,
    API_SUMMARY,
    API_COMPONENTS,
    API_INCIDENTS,
    API_UNRESOLVED,
    API_MAINTENANCES,
    API_UPCOMING,
    API_ACTIVE,
)
# The name of each of those files, the last segment of its address ("summary.json").
_FILE_NAMES = frozenset(name.rpartition("/")[2] for name in FILES)


def names_file(segment: str) -> bool:
    """Whether `segment`, the last part of a URL's path, is exactly the name of a file the
    build writes (status.json, feed.xml, badge.svg, _headers, a search part "2025.json"),
    not a folder a site is served from: a project site's folder "chart.js" or "v1.2" is
    none of them, whatever it ends in."""
    if segment in _FILE_NAMES:
        return True
    year, kind = segment[:-5], segment[-5:]
    return (
        kind == ".json"
        and year.isascii()
        and year.isdigit()
        and search_part(int(year)).endswith("/" + segment)
    )


def file_folder(path: str) -> str:
    """The folder of the site in `path`, a URL's path ending in one of the files the build
    writes: `/status/api/v2/summary.json` → `/status/`; `path`'s own folder otherwise."""
    for name in sorted(FILES, key=len, reverse=True):
        if path.endswith("/" + name):
            return path[: -len(name)]
    folder = path.rpartition("/")[0] + "/"
    # A part of the search index (search_part) is one folder down.
    return folder.removesuffix(SEARCH_PARTS) if folder.endswith("/" + SEARCH_PARTS) else folder


def root_path(base_url: str) -> str:
    """The path of the site's root folder in `base_url` ("/", or "/status/" for a site in
    a folder of its host), which every page link starts with."""
    return urlsplit(base_url).path or "/"


def in_root(address: str, root: str) -> str | None:
    """What follows the site's root folder `root` (root_path: "/" or "/status/") in
    `address`, a path written from the host's root that starts with that folder
    (`/status/history/` → `/history/`, `/status` → ``, `/status#top` → `#top`); None when
    it does not: one written from the site's root (`/history/`), a `//host/` or a relative
    path. The folder's escapes are compared as a server reads them, `/st%c3%bcs/` is in
    `/st%C3%BCs/`; the one rule of links in messages, url(), link() and absolute_url()."""
    if not address.startswith("/") or address.startswith("//"):
        return None
    folder = root.rstrip("/")
    # The folder's name ends there: `/status?c=api` is in `/status`, `/statuses/` is not.
    rest = address[len(folder) :]
    if rest[:1] not in ("", "/", "?", "#"):
        return None
    if _ESCAPE.sub(_upper, address[: len(folder)]) != _ESCAPE.sub(_upper, folder):
        return None
    return rest


_ESCAPE = re.compile("%[0-9a-fA-F]{2}")


def _upper(escape: re.Match[str]) -> str:
    return escape[0].upper()


def page_file(address: str) -> str:
    """The file that serves a page's address: `incidents/x/` → `incidents/x/index.html`."""
    return address + INDEX if address.endswith("/") or not address else address


def incident(slug: str) -> str:
    """The page of one incident or maintenance window."""
    return f"{INCIDENTS}{slug}/"


def incident_files(slugs: Iterable[str]) -> tuple[str, ...]:
    """page_file(incident(slug)) of each slug, in order: the files of every event's page,
    which every build lists (10,000 at 10,000 incidents), made by one C-level call each."""
    return tuple(map(page_file(incident("{}")).format, slugs))


def component(component_id: str) -> str:
    """The page of one component."""
    return f"{COMPONENTS}{component_id}/"


def component_feed(component_id: str) -> str:
    """The RSS feed of the events touching one component."""
    return component(component_id) + FEED


def component_badge(component_id: str) -> str:
    """The status badge of one component."""
    return component(component_id) + BADGE


def search_part(year: int) -> str:
    """The search index's rows of the events of one year (before the newest year's)."""
    return f"{SEARCH_PARTS}{year}.json"


def history(block: int | None) -> str:
    """A page of the incident history: the newest events (`block` None) or archive block
    `block`, counted from the oldest (1), so a page's address keeps its events as new
    ones arrive."""
    return _archive_page(HISTORY, block)


def history_of_impact(impact: str, block: int | None) -> str:
    """A page of the history of one impact ("major"), its filter link's pages: as
    `history`, the newest events (`block` None) or archive block `block` from the oldest."""
    return _archive_page(f"{HISTORY}impact/{impact}/", block)


def component_history(component_id: str, block: int | None) -> str:
    """A page of the history of one component's events: as `history`, the newest events
    (`block` None) or archive block `block` from the oldest."""
    return _archive_page(component(component_id) + HISTORY, block)


def _archive_page(base: str, block: int | None) -> str:
    return base if block is None else f"{base}page/{block}/"


def history_pages(events: int, impact: str | None = None) -> tuple[str, ...]:
    """The addresses of the history of `events` events (of `impact` only, if given), the
    newest page first: one page if there are none, one more every HISTORY_PAGE_SIZE."""
    return _archive_pages(HISTORY if impact is None else history_of_impact(impact, None), events)


def component_history_pages(component_id: str, events: int, besides: int) -> tuple[str, ...]:
    """The addresses of the history of a component of `events` events, `besides` of them
    listed on its page whatever their age (status.listed_besides_newest), newest page
    first (as history_pages); none when its page lists them all (COMPONENT_EVENTS_LIMIT
    others or fewer), so most components have no pages of their own to keep. The one
    rule of which components have a history, and so of the link to it on their page."""
    if events - besides <= COMPONENT_EVENTS_LIMIT:
        return ()
    return _archive_pages(component_history(component_id, None), events)


def _archive_pages(base: str, events: int) -> tuple[str, ...]:
    count = max(1, events // HISTORY_PAGE_SIZE)
    return tuple(
        _archive_page(base, None if number == 1 else count - number + 1)
        for number in range(1, count + 1)
    )


def asset(name: str) -> str:
    """A theme's static file, by its path under the theme's static/ folder."""
    return ASSETS + name


def relative_link(
    target: str, page: str, base_path: str, folders: Container[str] = ()
) -> str | None:
    """`target`, a link on the output page `page`, relative to that page; None when it is
    not a link into this site (another site, a mailto:, already relative).

    `base_path` is the path of base_url ("/" or "/status/"), with which links into the
    site start. A link to a page's address names its file (`history/index.html`): a
    browser reading files from disk (file://) opens no index.html on its own. So does a
    link to one of `folders` (page folders, `history`) written without its final "/", as
    an author may write it in a message; a link to a file (`feed.xml`) stays as it is.
    """
    within = in_root(target, base_path)
    if within is None:
        return None
    rest = within.removeprefix("/")
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    path, tail = rest[:cut], rest[cut:]
    if path in folders:
        path += "/"
    return posixpath.relpath(page_file(path), posixpath.dirname(page) or ".") + tail


def page_folders(files: Iterable[str]) -> frozenset[str]:
    """The folders among output paths `files` that hold a page (an index.html), without
    their final "/": `history` for `history/index.html`."""
    return frozenset(path[: -len(INDEX) - 1] for path in files if path.endswith("/" + INDEX))


# The addresses of the pages in a folder of their own, with NAME standing for any slug,
# id or other one folder name, and every page of the history and of a component's
# history: what a base URL copied from such a page's address bar ends in.
_NAME = "NAME"
_PAGE_ADDRESS = re.compile(
    "|".join(
        [
            re.escape(shape).replace(_NAME, "[^/]+")
            for shape in (SUBSCRIBE, incident(_NAME), component(_NAME))
        ]
        + [
            re.escape(shape).replace(_NAME, "[^/]+") + "(?:[^/]+/)*"
            for shape in (component_history(_NAME, None), HISTORY)
        ]
    )
)


def site_root(path: str) -> str:
    """The site's root folder in `path`, a URL's folder ("/status/history/page/2/" →
    "/status/"): the part before the address of one of the site's own pages; `path`
    itself when it ends in none."""
    start = 0
    while (start := path.find("/", start) + 1) > 0:
        if _PAGE_ADDRESS.fullmatch(path, start):
            return path[:start]
    return path
