"""Links in what the site publishes that lead to an incident page it does not publish.

A published incident's Markdown may link to another incident's page (`../2026-12-06-x/`).
When that one is a draft, the link publishes the draft's address (in the page, the feeds
and the API) and leads to the 404 page; when no incident has that name (mistyped, or
renamed since), it leads to the 404 page too. On a site of several pages (`pages:`), so
does a link, on a page that shows the linking event, to one that page does not show
(audience.appears_on). Each is warned of at the link's line.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import AnyStr
from urllib.parse import unquote

from statusgen import urls
from statusgen.audience import appears_on, pages_named
from statusgen.errors import Diagnostic, Severity
from statusgen.layout import close_slugs, static_incident_page
from statusgen.load.files import InputError, read_input
from statusgen.model import PACKED_UPDATES, Incident, Maintenance, Settings
from statusgen.weburls import as_browser_sends

# A host no site has, standing in for the site's own while a link is followed.
_HERE = "https://statusgen.invalid"

# check has no clock: each event is placed on pages as all its updates leave it, which is
# where the build's clock puts it too unless an update is dated ahead (check warns of those).
_AS_WRITTEN = datetime.max.replace(tzinfo=timezone.utc)


def unpublished_links(
    root: Path,
    settings: Settings,
    published: Iterable[Incident | Maintenance],
    drafts: Collection[str],
    unread: Collection[str],
    contents: Mapping[str, bytes] | None = None,
    showing: Mapping[str, frozenset[str]] | None = None,
) -> list[Diagnostic]:
    """A warning at each link in a `published` event's Markdown to the page of a draft
    (whose slug is in `drafts`) or of no incident at all (none published, none a draft,
    none of the `unread` files that could not be read); and, with `showing` (each page's
    name with the ids of the components it shows), at each link to the page of an event a
    page showing the linking one does not show."""
    events = list(published)
    linking = [(event, texts) for event in events if (texts := _linking_texts(event))]
    if not linking:
        return []  # most sites: the slugs of 10,000 events are not mapped for nothing
    by_slug = {e.slug: e for e in events}
    known = set(by_slug).union(drafts, unread)
    folder = urls.root_path(settings.base_url)
    bases = (settings.base_url, *(page.base_url for page in settings.pages))
    pages = _Pages(settings, showing or {}, by_slug)
    found: list[Diagnostic] = []
    from statusgen.render.markdown import link_addresses

    for event, texts in linking:
        addresses = {address for text in texts for _, address in link_addresses(text)}
        wrong: dict[str, tuple[str, tuple[str, ...]]] = {}
        for address in addresses:
            slug = _event_page(address, event.slug, folder, bases)[0]
            if slug is not None and (slug in drafts or slug not in known):
                # A page `static/` publishes there (a renamed incident's old address, kept
                # as docs/content.md shows) is one the site has.
                if slug in drafts or static_incident_page(root, slug) is None:
                    wrong[address] = (slug, ())
            elif pages.by_name:
                # Each page resolves it against its own base_url: a root-relative address
                # may lead to an event's page on one page's folder and not the site's.
                hidden = pages.hiding(event, address)
                if hidden is not None:
                    wrong[address] = hidden
        if wrong:
            found += _at_lines(root, event.source.path, wrong, drafts, by_slug, contents)
    return found


def _linking_texts(event: Incident | Maintenance) -> list[str]:
    """The event's summary and messages that may link to another event's page. Updates
    read from the cache stay packed (model.PACKED_UPDATES) unless their bytes may hold
    such a link: the pickle holds each message's UTF-8 as it is, and unpacking every
    event's updates would cost a build of 10,000 incidents a quarter of a second."""
    kept = event.__dict__
    if _NO_LINK_OUT in kept:
        return []
    summary = event.summary
    found = [summary] if summary and _may_link_to_an_event(summary) else []
    packed = kept.get(PACKED_UPDATES)
    if packed is None or _may_link_to_an_event(packed):
        found += [u.message for u in event.updates if _may_link_to_an_event(u.message)]
    if not found:
        kept[_NO_LINK_OUT] = True
    return found


# Kept on an event none of whose texts may link to another event's page, as status.py
# keeps what follows from an event's own fields: pickled with it, the parse cache keeps
# it by the file's hash, and a build passes over the event without reading its texts
# (scanning every event's 10 MB of packed updates cost a build of 10,000 incidents 20 ms).
# Bump statusgen.incremental.inputs.FORMAT when what _may_link_to_an_event finds changes.
_NO_LINK_OUT = "_no_link_out"


class _Pages:
    """The site's pages, and which of them show which event, worked out as links ask."""

    def __init__(
        self,
        settings: Settings,
        showing: Mapping[str, frozenset[str]],
        by_slug: Mapping[str, Incident | Maintenance],
    ) -> None:
        self.by_name = {p.name: p for p in settings.pages if p.name in showing}
        self._showing = showing
        self._by_slug = by_slug
        self._site_base = settings.base_url
        # An absolute address with a page's own base_url leads to that page.
        self._owner = {p.base_url: p.name for p in self.by_name.values()}
        self._on: dict[str, frozenset[str]] = {}

    def on(self, event: Incident | Maintenance) -> frozenset[str]:
        """The names of the pages `event` appears on."""
        names = self._on.get(event.slug)
        if names is None:
            names = frozenset(
                name
                for name, page in self.by_name.items()
                if appears_on(event, page, self._showing[name], _AS_WRITTEN)
            )
            self._on[event.slug] = names
        return names

    def hiding(
        self, event: Incident | Maintenance, address: str
    ) -> tuple[str, tuple[str, ...]] | None:
        """(slug, pages) when `address`, in `event` as each page showing it publishes it
        (resolved against that page's own base_url), leads to the page of a published event
        that the page it leads to (`pages`) does not show; None when every one shows it."""
        hidden: set[str] = set()
        target = None
        for name in sorted(self.on(event)):
            page = self.by_name[name]
            bases = (page.base_url, self._site_base, *self._owner)
            slug, base = _event_page(address, event.slug, urls.root_path(page.base_url), bases)
            linked = self._by_slug.get(slug) if slug is not None else None
            if linked is None:
                continue
            leads_to = self._owner.get(base, name) if base != page.base_url else name
            if leads_to not in self.on(linked):
                hidden.add(leads_to)
                target = linked.slug
        if target is None:
            return None
        return target, tuple(sorted(hidden))


def _may_link_to_an_event(text: AnyStr) -> bool:
    """Whether `text` may hold a link to another event's page: a link (`](`, or a link
    definition's `]:`), an autolink or a bare address the page links (`<https://…>`,
    `https://…`, `www.…`: each has `://` or `www.`) whose address names the incidents'
    folder, or climbs out of the event's own page (`../`); any other address stays within
    its page or leads elsewhere. Most messages with links have none such: reading their
    links (8,000 texts on a site of 10,000 incidents) would cost every build most of a
    second."""
    # The rarer half first: most texts are passed over after two scans.
    if isinstance(text, bytes):
        return (b"../" in text or _FOLDER in text) and (
            b"](" in text or b"]:" in text or b"://" in text or b"www." in text
        )
    return ("../" in text or urls.INCIDENTS in text) and (
        "](" in text or "]:" in text or "://" in text or "www." in text
    )


_FOLDER = urls.INCIDENTS.encode()


def _event_page(
    address: str, slug: str, folder: str, bases: Iterable[str]
) -> tuple[str | None, str]:
    """The slug of the incident or maintenance page `address`, written in the page of
    `slug` on a site whose root is `folder`, leads to, with the base (of `bases`, or the
    page's own host) it was found under; None for a slug when it leads to no such page."""
    from statusgen.render.markdown import absolute_address

    here = f"{_HERE}{folder}"
    resolved = absolute_address(address, f"{here}{urls.incident(slug)}", folder)
    if resolved is None:
        return None, here
    # Compared as a browser opens them: `https://STATUS.example.com:443/` is the site's.
    try:
        opened = _either_scheme(resolved)
        for base in (here, *bases):
            within = _within(opened, _either_scheme(base))
            if within is not None:
                path = within.removeprefix("/").split("#", 1)[0].split("?", 1)[0]
                break
        else:
            return None, here  # another site's
    except ValueError:  # no host a browser could open (a port out of range, no domain)
        return None, here
    # The server looks the file up by the decoded path: `slow%2Dapi` is `slow-api`'s page.
    path = unquote(path)
    named = path.removeprefix(urls.INCIDENTS) if path.startswith(urls.INCIDENTS) else ""
    return named.split("/", 1)[0] or None, base


def _within(opened: str, written: str) -> str | None:
    """What follows the site's folder in `opened`, an address as _either_scheme spells it,
    when it is on the host and in the folder of `written`, a base spelled so; None when
    not. The folder is compared as pages and `--relative` links compare it (urls.in_root):
    `//host/st%c3%bcs/` is in `//host/st%C3%BCs/`, as a server decodes both alike."""
    end = written.find("/", 2) if written.startswith("//") else -1
    authority, folder = (written, "/") if end < 0 else (written[:end], written[end:])
    if not opened.startswith(authority):
        return None
    rest = opened[len(authority) :]
    if rest[:1] not in ("", "/", "?", "#"):
        return None  # another host: `//example.org.evil/` is not `//example.org`
    return urls.in_root(rest if rest.startswith("/") else "/" + rest, folder)


def _either_scheme(url: str) -> str:
    """`url` as a browser sends it (as_browser_sends), without its scheme when that is
    http or https: a bare `www.…` address is linked as `http://`, and a browser that
    follows it to a site served over https is sent on to the https page, so both lead to
    the same page. Each scheme's own port is left out first, so `http://host:80/` and
    `https://host:443/` are both `//host/`; the host is kept exactly as it is."""
    sent = as_browser_sends(url)
    scheme, colon, rest = sent.partition(":")
    return rest if colon and scheme in ("http", "https") else sent


def _at_lines(
    root: Path,
    relpath: str,
    wrong: Mapping[str, tuple[str, tuple[str, ...]]],
    drafts: Collection[str],
    by_slug: Mapping[str, Incident | Maintenance],
    contents: Mapping[str, bytes] | None,
) -> list[Diagnostic]:
    """The warnings for the links to the `wrong` pages (address -> slug, and the pages
    that do not show it when it is published) in the file `relpath`, at the line of each."""
    data = contents.get(relpath) if contents is not None else None
    try:
        text = (data if data is not None else read_input(root / relpath)).decode("utf-8")
    except (OSError, InputError, UnicodeDecodeError):
        return []  # changed while read: the next check sees it as it is
    from statusgen.render.markdown import link_places

    told: list[Diagnostic] = []
    for index, column, address in link_places(text):
        if address not in wrong:
            continue
        slug, hidden = wrong[address]
        page = urls.incident(slug)
        linked = by_slug.get(slug)
        if hidden and linked is not None:
            kind = "incident" if isinstance(linked, Incident) else "maintenance window"
            do = "does" if len(hidden) == 1 else "do"
            that = "that page" if len(hidden) == 1 else "those pages"
            said = (
                f"this link leads to {page}, but {pages_named(hidden)} {do} not show that "
                f"{kind}: the link publishes its address there and leads to the 404 page"
            )
            hint = (
                f"remove the link, or make the linked {kind} shown on {that} (a component "
                f"{that} {'shows' if len(hidden) == 1 else 'show'}, or `audiences:` naming "
                f"{'it' if len(hidden) == 1 else 'them'}, in {by_slug[slug].source.path})"
            )
        elif slug in drafts:
            said = (
                f"this link leads to {page}, the page of a draft, which is not published: it "
                "shows the draft's address and leads to the 404 page"
            )
            hint = "remove the link, or publish the draft first (remove its `draft: true`)"
        else:
            said = (
                f"this link leads to {page}, a page the site does not have: no incident or "
                f"maintenance is named '{slug}'"
            )
            close = close_slugs(slug, sorted(by_slug))
            hint = f"correct the name to one of the files in {relpath.rpartition('/')[0]}/"
            if close:
                hint = f"did you mean '{close[0]}'? {hint}"
        told.append(Diagnostic(relpath, index + 1, column + 1, said, hint, Severity.WARNING))
    return told
