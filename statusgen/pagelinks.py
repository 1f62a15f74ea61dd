"""Links in what the site publishes that lead to an incident page it does not publish.

A published incident's Markdown may link to another incident's page (`../2026-12-06-x/`).
When that one is a draft, the link publishes the draft's address (in the page, the feeds
and the API) and leads to the 404 page; when no incident has that name (mistyped, or
renamed since), it leads to the 404 page too. Both are warned of at the link's line.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import AnyStr

from statusgen import urls
from statusgen.errors import Diagnostic, Severity
from statusgen.load.files import InputError, read_input
from statusgen.model import PACKED_UPDATES, Incident, Maintenance, Settings

# A host no site has, standing in for the site's own while a link is followed.
_HERE = "https://statusgen.invalid"


def unpublished_links(
    root: Path,
    settings: Settings,
    published: Iterable[Incident | Maintenance],
    drafts: Collection[str],
    unread: Collection[str],
    contents: Mapping[str, bytes] | None = None,
) -> list[Diagnostic]:
    """A warning at each link in a `published` event's Markdown to the page of a draft
    (whose slug is in `drafts`) or of no incident at all (none published, none a draft,
    none of the `unread` files that could not be read)."""
    events = list(published)
    known = {e.slug for e in events}.union(drafts, unread)
    folder = urls.root_path(settings.base_url)
    bases = (settings.base_url, *(page.base_url for page in settings.pages))
    found: list[Diagnostic] = []
    for event in events:
        texts = _linking_texts(event)
        if not texts:
            continue
        from statusgen.render.markdown import link_addresses

        wrong = {
            address: slug
            for text in texts
            for _, address in link_addresses(text)
            if (slug := _event_page(address, event.slug, folder, bases)) is not None
            and (slug in drafts or slug not in known)
        }
        if wrong:
            found += _at_lines(root, event.source.path, wrong, drafts, contents)
    return found


def _linking_texts(event: Incident | Maintenance) -> list[str]:
    """The event's summary and messages that may link to another event's page. Updates
    read from the cache stay packed (model.PACKED_UPDATES) unless their bytes may hold
    such a link: the pickle holds each message's UTF-8 as it is, and unpacking every
    event's updates would cost a build of 10,000 incidents a quarter of a second."""
    found = [event.summary] if _may_link_to_an_event(event.summary) else []
    packed = event.__dict__.get(PACKED_UPDATES)
    if packed is None or _may_link_to_an_event(packed):
        found += [u.message for u in event.updates if _may_link_to_an_event(u.message)]
    return found


def _may_link_to_an_event(text: AnyStr) -> bool:
    """Whether `text` may hold a link to another event's page: a link (`](`, or a link
    definition's `]:`) whose address names the incidents' folder, or climbs out of the
    event's own page (`../`); any other address stays within its page or leads elsewhere.
    Most messages with links have none such: reading their links (8,000 texts on a site
    of 10,000 incidents) would cost every build most of a second."""
    # The rarer half first: most texts are passed over after two scans.
    if isinstance(text, bytes):
        return (b"../" in text or _FOLDER in text) and (b"](" in text or b"]:" in text)
    return ("../" in text or urls.INCIDENTS in text) and ("](" in text or "]:" in text)


_FOLDER = urls.INCIDENTS.encode()


def _event_page(address: str, slug: str, folder: str, bases: Iterable[str]) -> str | None:
    """The slug of the incident or maintenance page `address`, written in the page of
    `slug`, leads to on this site; None when it leads to no such page."""
    from statusgen.render.markdown import absolute_address

    page = f"{_HERE}{folder}{urls.incident(slug)}"
    resolved = absolute_address(address, page, folder)
    if resolved is None:
        return None
    for base in (f"{_HERE}{folder}", *bases):
        if resolved.startswith(base):
            path = resolved[len(base) :].split("#", 1)[0].split("?", 1)[0]
            break
    else:
        return None  # another site's
    named = path.removeprefix(urls.INCIDENTS) if path.startswith(urls.INCIDENTS) else ""
    return named.split("/", 1)[0] or None


def _at_lines(
    root: Path,
    relpath: str,
    wrong: Mapping[str, str],
    drafts: Collection[str],
    contents: Mapping[str, bytes] | None,
) -> list[Diagnostic]:
    """The warnings for the links to the `wrong` pages (address -> slug) in the file
    `relpath`, at the line of each."""
    data = contents.get(relpath) if contents is not None else None
    try:
        text = (data if data is not None else read_input(root / relpath)).decode("utf-8")
    except (OSError, InputError, UnicodeDecodeError):
        return []  # changed while read: the next check sees it as it is
    from statusgen.render.markdown import link_addresses

    told: list[Diagnostic] = []
    for index, address in link_addresses(text):
        slug = wrong.get(address)
        if slug is None:
            continue
        page = urls.incident(slug)
        if slug in drafts:
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
            hint = f"correct the name to one of the files in {relpath.rpartition('/')[0]}/"
        told.append(Diagnostic(relpath, index + 1, 1, said, hint, Severity.WARNING))
    return told
