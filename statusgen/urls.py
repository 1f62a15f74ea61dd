"""Where each output lives in the built site: the one spelling of every address.

Paths are relative to the output folder, use "/" and never start with one. A page's
address ends in "/" and its file is that address plus `index.html` (`page_file`);
context.url() and context.absolute_url() turn an address into a link.
"""

from __future__ import annotations

INDEX = "index.html"
NOT_FOUND = "404.html"
EMBED = "embed.html"
HISTORY = "history/"
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
# The openstatus-style summary; also what marks a folder as a built site (write.py).
STATUS_JSON = "status.json"

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


def page_file(address: str) -> str:
    """The file that serves a page's address: `incidents/x/` → `incidents/x/index.html`."""
    return address + INDEX if address.endswith("/") or not address else address


def incident(slug: str) -> str:
    """The page of one incident or maintenance window."""
    return f"{INCIDENTS}{slug}/"


def component(component_id: str) -> str:
    """The page of one component."""
    return f"{COMPONENTS}{component_id}/"


def component_feed(component_id: str) -> str:
    """The RSS feed of the events touching one component."""
    return component(component_id) + FEED


def component_badge(component_id: str) -> str:
    """The status badge of one component."""
    return component(component_id) + BADGE


def history(block: int | None) -> str:
    """A page of the incident history: the newest events (`block` None) or archive block
    `block`, counted from the oldest (1), so a page's address keeps its events as new
    ones arrive."""
    return HISTORY if block is None else f"{HISTORY}page/{block}/"


def asset(name: str) -> str:
    """A theme's static file, by its path under the theme's static/ folder."""
    return ASSETS + name
