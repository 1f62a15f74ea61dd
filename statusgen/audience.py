"""Several pages from one repository: the validated site narrowed to what one audience sees.

A page (`pages:` in statusgen.yaml) shows some groups and components. An incident or
maintenance appears on a page when it names that page in `audiences:`, or, naming none,
when it affects a component the page shows by the build's clock (or affects no component at
all: a notice for everyone). By the clock, not by its front matter: the front matter gives
the final statuses, and an incident that later spreads to a public component must not show
on the public page while its updates so far name only internal ones. An announced window
that has not begun names every component it will affect (maintenance_as_of): it is
upcoming on each page that shows any of them. Until its updates name any component (an
incident opened without a `Components:` line, a window begun before the update that sets
its statuses), it is where the components it names first put it: the one-page site
shows it then, and so must some page. On a page, an event
lists only the components that page shows. Everything a page does not show is gone from
the Site before status and rendering see it, so every output (HTML, feeds, JSON, calendar,
badges, sitemap) is narrowed at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from statusgen.config import BASE_URL_OVERRIDE
from statusgen.errors import Diagnostic, Severity, fail
from statusgen.layout import SETTINGS_FILE
from statusgen.load.fields import did_you_mean, one_for_several, unseen_slip
from statusgen.model import (
    Component,
    Event,
    Group,
    Incident,
    Maintenance,
    MaintenanceState,
    Page,
    Site,
    Update,
)
from statusgen.status import (
    component_changes,
    derived_impact,
    event_as_of,
    maintenance_state,
    record_start,
    runs_on_past_end,
)

E = TypeVar("E", bound="Incident | Maintenance")


def page_names(site: Site) -> tuple[str, ...]:
    return tuple(p.name for p in site.settings.pages)


def find_page(site: Site, name: str) -> Page:
    """The page called `name`; KeyError for an unknown name."""
    for page in site.settings.pages:
        if page.name == name:
            return page
    raise KeyError(name)


def shown_components(site: Site, page: Page) -> frozenset[str]:
    """Ids of the components the page shows: those named, and every member of a named group.
    Retired components too, where the page would show them were they not retired: the
    past incidents that name them keep their names on the page that showed them."""
    return shown_ids(page, site.groups, site.components, site.retired)


def shown_ids(
    page: Page,
    groups_listed: Sequence[Group],
    components: Sequence[Component],
    retired: Sequence[Component],
) -> frozenset[str]:
    """shown_components, from the components file's groups and components alone: for the
    checks of settings that name components, made before there is a Site."""
    if not page.show:
        return frozenset(c.id for c in (*components, *retired))
    groups = {g.id: g for g in groups_listed}
    shown: set[str] = set()
    for entry in page.show:
        if entry in groups:
            shown.update(groups[entry].component_ids)
        else:
            shown.add(entry)
    named = set(page.show)
    shown.update(c.id for c in retired if c.id in named or c.group_id in named)
    return frozenset(shown)


def named_everywhere(site: Site, component_ids: Collection[str]) -> frozenset[str]:
    """Of `component_ids` (an incident's, naming no audiences), those every page that shows
    it shows too: words written once for all of those pages may name them and no others
    (an update on one page names no component only another audience sees). All of them on
    a site without pages."""
    placing = set(component_ids)
    showing = [
        shown_components(site, find_page(site, name)) for name in pages_showing(site, placing)
    ]
    return frozenset(cid for cid in placing if all(cid in s for s in showing))


def pages_showing(site: Site, component_ids: Collection[str]) -> frozenset[str]:
    """The names of the pages that show any of `component_ids`: where an incident naming
    them (and no audiences) appears. None on a site without pages."""
    placing = set(component_ids)
    return frozenset(
        page.name for page in site.settings.pages if shown_components(site, page) & placing
    )


def page_language(site: Site, page: Page) -> str:
    """The language the page is written in: its own `language:`, else the site's."""
    return page.language if page.language is not None else site.settings.language


def appears_on(event: Event, page: Page, shown: frozenset[str], now: datetime) -> bool:
    """Whether the event exists on the page at all at `now` (see the module's docstring)."""
    if event.audiences:
        return page.name in event.audiences
    if not event.components:
        return True
    return any(cid in shown for cid in _placing(event, now))


def pages_reached(site: Site, event: Event, now: datetime) -> frozenset[str]:
    """The names of the pages `event` appears on at `now` (appears_on); none on a site
    without pages."""
    return frozenset(
        page.name
        for page in site.settings.pages
        if appears_on(event, page, shown_components(site, page), now)
    )


def reach_warnings(
    site: Site, before: Event | None, after: Event, now: datetime
) -> tuple[str, ...]:
    """Warnings about where `after` (`before` with the update a person added at `now`, or
    a new event when `before` is None) shows what it says. When it is on pages `before`
    was not on: its title and earlier updates, written for the pages it was on (by ingest,
    for exactly those: docs/ingest.md), are shown there as written. When it names a
    component its `audiences:` pages do not show (audiences_hide), or, open, one no page
    shows (unshown_component), that it did not name before: that status is on no page."""
    warnings: list[str] = []
    path = after.source.path
    if before is not None:
        new = pages_reached(site, after, now) - pages_reached(site, before, now)
        if new:
            written = pages_reached(site, before, now)
            said, fix = _spread_words(before, new, written, "this update")
            warnings.append(f"{path}: {said}; {fix}")
    showing = showing_pages(site)
    named = named_components(after)
    earlier = named_components(before) if before is not None else ()
    hidden = audiences_hide(showing, after.audiences, named, _kind(after))
    if hidden is not None and hidden != audiences_hide(
        showing, after.audiences, earlier, _kind(after)
    ):
        warnings.append(f"{path}: {hidden[0]}; {hidden[1]}")
    going_on = (
        after.is_open
        if isinstance(after, Incident)
        else maintenance_state(after, now) is not MaintenanceState.COMPLETED
    )
    if going_on:
        from statusgen.validate import MAINTENANCE_NOT_COMPLETED, OPEN_INCIDENT

        what = OPEN_INCIDENT if isinstance(after, Incident) else MAINTENANCE_NOT_COMPLETED
        for cid in named:
            problem = unshown_component(showing, cid, what)
            if problem is not None and cid not in earlier:
                warnings.append(f"{path}: {problem[0]}; {problem[1]}")
    return tuple(warnings)


def unshown_windows(site: Site, now: datetime) -> list[Diagnostic]:
    """A warning at each component no page shows named by a window whose state follows the
    clock and is not over at `now`: check reads such windows' words without a clock, so
    this is told here (a window with a written state, by _EventReader.page_problems)."""
    from statusgen.validate import MAINTENANCE_NOT_COMPLETED

    showing = showing_pages(site)
    found: list[Diagnostic] = []
    for window in site.maintenances:
        if not window.unshown_at or window.explicit_state is not None:
            continue
        if maintenance_state(window, now) is MaintenanceState.COMPLETED:
            continue
        for cid, line, column in window.unshown_at:
            problem = unshown_component(showing, cid, MAINTENANCE_NOT_COMPLETED)
            if problem is not None:
                found.append(
                    Diagnostic(window.source.path, line, column, *problem, Severity.WARNING)
                )
    return found


def showing_pages(site: Site) -> dict[str, frozenset[str]]:
    """Each page's name with the ids of the components it shows; empty without pages."""
    return {page.name: shown_components(site, page) for page in site.settings.pages}


def named_components(event: Event) -> tuple[str, ...]:
    """The ids of the components the event names, in its front matter or any update's
    `Components:` line, each once, in the order first named."""
    named = [a.id for a in event.components]
    named += [a.id for update in event.updates for a in update.components]
    return tuple(dict.fromkeys(named))


def audiences_hide(
    showing: Mapping[str, Collection[str]],
    audiences: Collection[str],
    component_ids: Iterable[str],
    kind: str,
) -> tuple[str, str] | None:
    """(message, hint) when an event's `audiences:` (every one a page of `showing`: page →
    ids it shows) names no page that shows some of `component_ids` another page shows:
    `audiences:` wins over the components, so the event, and that component's status in
    it, is missing from every page that shows the component. None when all are shown."""
    if not audiences or any(name not in showing for name in audiences):
        return None
    seen = {cid for name in audiences for cid in showing[name]}
    hidden = [
        cid
        for cid in dict.fromkeys(component_ids)
        if cid not in seen and any(cid in ids for ids in showing.values())
    ]
    if not hidden:
        return None
    others = sorted(
        name for name, ids in showing.items() if name not in audiences and set(hidden) & set(ids)
    )
    shows = "shows" if len(audiences) == 1 else "show"
    quoted = _listed([f"'{cid}'" for cid in hidden], "or")
    them = "it" if len(hidden) == 1 else "them"
    message = (
        f"audiences names {pages_named(audiences)}, which {shows} no component {quoted} this "
        f"{kind} names: audiences wins, so the {kind} is left off {pages_named(others)}, which "
        f"{'shows' if len(others) == 1 else 'show'} {them}, and what it says of {them} is on "
        "no page"
    )
    listed = ", ".join([*audiences, *others])
    hint = (
        f"add {pages_named(others)} to audiences: ([{listed}]), or remove audiences: to show "
        f"the {kind} on every page that shows its components"
    )
    return message, hint


def unshown_component(
    showing: Mapping[str, Collection[str]], cid: str, what: str
) -> tuple[str, str] | None:
    """(message, hint) when `what` (an open incident, a maintenance not completed) names
    the component `cid` that no page of `showing` (page → ids it shows) shows: its status
    there is on no page, as a retired component's would be. None on a site without pages
    (its one page shows every component) or when a page shows it."""
    if not showing or any(cid in ids for ids in showing.values()):
        return None
    return (
        f"component '{cid}' is on no page's show:; {what} naming it is shown nowhere",
        f"add '{cid}' (or its group) to the show: of the page it belongs on in "
        f"{SETTINGS_FILE}, or name a component a page shows",
    )


def _kind(event: Event) -> str:
    return "incident" if isinstance(event, Incident) else "maintenance"


def _listed(words: Sequence[str], last: str) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def spread_warnings(site: Site) -> list[Diagnostic]:
    """A warning per incident ingest wrote (`alert:`, no `audiences:`) that an update of a
    person's puts on a page its first update was not on. Ingest words an incident for the
    pages it is on, and never moves it to another (it opens a new incident instead), so
    such an update shows ingest's words to an audience they were not written for."""
    found: list[Diagnostic] = []
    if not site.settings.pages:
        return found
    for incident in site.incidents:
        if incident.alert is None or incident.audiences or not incident.updates:
            continue
        written = pages_reached(site, incident, incident.updates[0].at)
        for update in incident.updates[1:]:
            new = pages_reached(site, incident, update.at) - written
            if new:
                said, fix = _spread_words(incident, new, written, "the update on this line")
                found.append(
                    Diagnostic(incident.source.path, update.line, 0, said, fix, Severity.WARNING)
                )
                break
    return found


def _spread_words(
    event: Event, new: Collection[str], written: Collection[str], what: str
) -> tuple[str, str]:
    """What to say of `event` brought by `what` onto the pages `new` from `written`, and
    what to do about it."""
    onto = pages_named(new)
    kind = "incident" if isinstance(event, Incident) else "maintenance"
    by = (
        f", written by ingest for {pages_named(written)},"
        if isinstance(event, Incident) and event.alert is not None and written
        else ""
    )
    said = (
        f"{what} puts the {kind}{by} on {onto} too: its title '{event.title}' and earlier "
        "updates are shown there as written"
        if not event.draft
        # A draft is on no page yet: where it goes is news for the day it is published.
        else f"{what} puts the {kind} on {onto} too once it is published (it is a draft, "
        f"which no page shows now): its title '{event.title}' and earlier updates will be "
        "shown there as written"
    )
    fix = (
        f"to keep them off {onto}, remove what it shows from that update's `Components:` "
        f"line in {event.source.path} and open a new incident for it (`statusgen new "
        f"incident`); if they fit {onto}, nothing to do (or edit the title to read well there)"
    )
    return said, fix


def pages_named(names: Collection[str]) -> str:
    """`names` as a sentence names them: page 'public', pages 'internal' and 'partners'."""
    quoted = [f"'{name}'" for name in sorted(names)]
    if len(quoted) == 1:
        return f"page {quoted[0]}"
    return f"pages {', '.join(quoted[:-1])} and {quoted[-1]}"


def _placing(event: Event, now: datetime) -> Iterable[str]:
    """Ids of the components that place the event on pages at `now`: those its updates
    shown by then name (a window not begun yet: all it will affect), else (none named yet)
    those it names first, never a later one."""
    named = event_as_of(event, now).components
    if named:
        return (a.id for a in named)
    changes = component_changes(event)  # every component of its front matter
    first = min((steps[0][0] for steps in changes.values()), default=None)
    return (cid for cid, steps in changes.items() if steps[0][0] == first)


def _narrowed(event: E, shown: frozenset[str]) -> E:
    """The event with only the components the page shows, in its front matter and in
    each update's statuses; an incident's impact, where the author wrote none, worked
    out from those alone (an outage of a component the page hides is no news to it).
    Nor is an update (an incident's or a window's) that sets only such components and
    keeps its state: it is left out (`_no_news`). A window's first update, its
    announcement, has none before it and is always kept, and so is one saying its work
    runs on past its end: without it the page would call the window completed."""
    updates = tuple(
        _narrowed_line(u, shown)
        for before, u in zip((None, *event.updates), event.updates, strict=False)
        if not _no_news(u, before, shown)
        or (isinstance(event, Maintenance) and runs_on_past_end(event, u))
    )
    components = tuple(a for a in event.components if a.id in shown)
    if isinstance(event, Incident) and not event.impact_written:
        impact = derived_impact(components, updates)
        return replace(event, components=components, updates=updates, impact=impact)
    return replace(event, components=components, updates=updates)


def _narrowed_line(update: Update, shown: frozenset[str]) -> Update:
    """The update with only the statuses of components the page shows; a `Components:`
    line left naming none is still marked as written (Update.hidden_line), so it names
    nothing, as an incident's does, rather than reading as no line at all."""
    if not update.components:
        return update
    kept = tuple(a for a in update.components if a.id in shown)
    return replace(update, components=kept, hidden_line=update.hidden_line or not kept)


def _no_news(update: Update, before: Update | None, shown: frozenset[str]) -> bool:
    """Whether an event's `update` (`before`: the one it follows) tells a page showing
    `shown` nothing: it sets statuses, none of a component the page shows, and leaves the
    state as it was. Its words are about those components (a component joining or clearing
    while the others still fire, as ingest writes it), for the pages that show them; an
    update naming no component speaks of the whole event, and one changing the state
    changes it on every page."""
    return (
        before is not None
        and bool(update.components)
        and update.state is before.state
        and not any(a.id in shown for a in update.components)
    )


def page_site(site: Site, page: Page, now: datetime) -> Site:
    """The site as one page's audience sees it at `now`: its settings, components and the
    events it shows by then (each still whole: the build cuts them at its clock)."""
    # Here, not at the top: a rebuild with nothing to do reads no monitor data (measured
    # imports its store).
    from statusgen.measured import data_shown_with

    settings = site.settings
    shown = shown_components(site, page)
    components = tuple(c for c in site.components if c.id in shown)
    # The groups of the retired components the page shows: their past incidents name them
    # ("Group - Component" in the API), though no list does.
    named = {c.group_id for c in site.retired if c.id in shown}
    groups: list[Group] = []
    for group in site.groups:
        members = tuple(cid for cid in group.component_ids if cid in shown)
        if members or group.id in named:
            groups.append(replace(group, component_ids=members))
    kept = {g.id for g in groups if g.component_ids} | shown
    incidents = tuple(
        _narrowed(i, shown) for i in site.incidents if appears_on(i, page, shown, now)
    )
    maintenances = tuple(
        _narrowed(m, shown) for m in site.maintenances if appears_on(m, page, shown, now)
    )
    # What the page's components are measured by: their effective status counts it.
    listed = {c.id for c in components}  # a retired component is measured by nothing
    monitors = tuple(m for m in site.monitors if m.component_id in listed)
    measured = {m.id for m in monitors}
    narrowed = Site(
        root=site.root,
        settings=replace(
            settings,
            title=page.title if page.title is not None else settings.title,
            base_url=page.base_url,
            output=page.output,
            description=page.description if page.description is not None else settings.description,
            language=page_language(site, page),
            page=page.name,
            private=page.private,
            feeds=page.has_feeds,
        ),
        groups=tuple(groups),
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        top_level=tuple(entry for entry in site.top_level if entry in kept),
        drafts=tuple(_narrowed(d, shown) for d in site.drafts if appears_on(d, page, shown, now)),
        monitors=monitors,
        # A run muted by a window this page does not show counts here: the page never
        # showed its component under maintenance.
        monitor_data=tuple(
            data_shown_with(d, {m.slug for m in maintenances})
            for d in site.monitor_data
            if d.monitor_id in measured
        ),
        retired=tuple(c for c in site.retired if c.id in shown),
    )
    begins = record_start(site)
    if record_start(narrowed) != begins:
        # The record begins at the first event when that is earlier than the start date
        # (or there is none), and the page's own events begin later than the site's: its
        # components are counted, and its dates fixed, from the day the site's record
        # begins, as the one-page site counts them. The day alone, not the moment another
        # page's event was written; a page whose own events begin on that day keeps their
        # moment. Its day is the one thing a page learns of another page's earlier event
        # (docs/audiences.md says so), and a `start_date` before it hides that too.
        narrowed = replace(narrowed, settings=replace(narrowed.settings, start_date=begins))
    return _renumbered(narrowed)


def counting_sites(site: Site, now: datetime) -> tuple[Site, ...]:
    """The site as each page sees it at `now` (page_site), or the site itself when it has
    no pages: each page counts a monitor's runs, and shows its component under maintenance,
    by the windows it shows alone, so each reads its own outage (probe's incidents)."""
    if not site.settings.pages:
        return (site,)
    return tuple(page_site(site, page, now) for page in site.settings.pages)


def counted_somewhere(
    site: Site, component_id: str, muted_by: Collection[str], now: datetime
) -> bool:
    """Whether a run of the component's monitors muted by the windows `muted_by` (slugs)
    counts, as up or down, on some page that shows the component at `now`: one showing none
    of them (measured.counted_on, the rule each page's own figures follow). False for a run
    muted by no named window, or by windows that between them every such page shows."""
    from statusgen.measured import counted_on

    if not muted_by:  # most runs: the pages' windows need not be worked out
        return False
    return counted_on(muted_by, _showing(site, component_id, _windows_on_pages(site, now)))


def _windows_on_pages(site: Site, now: datetime) -> dict[str, frozenset[str]]:
    """Each page's name, with the slugs of the windows it shows at `now`, as page_site
    keeps them: those whose runs it shows muted."""
    found = {}
    for page in site.settings.pages:
        shown = shown_components(site, page)
        found[page.name] = frozenset(
            w.slug for w in site.maintenances if appears_on(w, page, shown, now)
        )
    return found


def _showing(
    site: Site, component_id: str, on_pages: Mapping[str, frozenset[str]]
) -> list[frozenset[str]]:
    """The windows shown (on_pages) by each page that shows the component."""
    return [on_pages[name] for name in sorted(pages_showing(site, [component_id]))]


def _renumbered(site: Site) -> Site:
    """The site with its groups and components numbered 1..n within their parent, in the
    order the page lists them: Statuspage's `position` has no gaps, so the places of what
    another audience sees are not left empty in this page's API."""
    top = {entry: place for place, entry in enumerate(site.page_order, 1)}
    within = {cid: place for g in site.groups for place, cid in enumerate(g.component_ids, 1)}
    groups = tuple(replace(g, position=top.get(g.id, g.position)) for g in site.groups)
    components = tuple(
        replace(c, position=(top if c.group_id is None else within).get(c.id, c.position))
        for c in site.components
    )
    return replace(site, groups=groups, components=components)


def select_page(
    site: Site, name: str | None, now: datetime, *, base_url: str | None = None
) -> Site:
    """The site as its page `name` shows it at `now`; a user mistake when there is no such page (or
    `name` is None on a site with pages). `base_url`, the command line's override, was
    validated into the settings by load_site and replaces the page's."""
    names = page_names(site)
    if name is None or name not in names:
        raise fail(
            SETTINGS_FILE,
            f"there is no page '{name}'"
            if name is not None
            else "this site defines several pages: say which one",
            f"{did_you_mean(name or '', names)}pages: {', '.join(names)}"
            if names
            else "define pages under 'pages:' (docs/audiences.md)",
        )
    page = find_page(site, name)
    if base_url is not None:
        page = replace(page, base_url=site.settings.base_url)
    return page_site(site, page, now)


def private_page_moved(site: Site, name: str | None, base_url: str | None) -> list[Diagnostic]:
    """A warning when the page `name`, private, is built for `base_url` (the command line's
    override, validated into the settings) at another host than its own base_url: its
    audience-only incidents would be published where the public page is."""
    if base_url is None or name is None or name not in page_names(site):
        return []
    page = find_page(site, name)
    moved = site.settings.base_url
    if not page.private or _host(moved) == _host(page.base_url):
        return []
    return [
        Diagnostic(
            SETTINGS_FILE,
            page.line,
            0,
            f"page '{name}' is private, but {BASE_URL_OVERRIDE} builds it for {moved} "
            f"instead of its base_url {page.base_url}: what only its audience may read would "
            f"be published at {_host(moved)}",
            f"build page '{name}' without --base-url and with STATUSGEN_BASE_URL unset, so "
            f"that it keeps {page.base_url}, or give an address at {_host(page.base_url)}",
            Severity.WARNING,
        )
    ]


def _host(url: str) -> str:
    """The host of `url` as a resolver reads it: `host.` (fully qualified) is `host`."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


# The page a name that is no page now was renamed to, by the last build's record of the
# folder each page was built into (lastbuild.renamed_page); None: no record is read.
Renamed = Callable[[str], str | None] | None


def check_audiences(
    pages: Sequence[str], events: Iterable[Event], renamed: Renamed = None
) -> list[Diagnostic]:
    """Every `audiences:` against the page names (drafts' too: removing `draft:` must not
    bring a mistake to light), and a warning for each published event without components
    or audiences on a site with pages: it appears on every page."""
    diagnostics: list[Diagnostic] = []
    for event in events:
        if event.audiences:  # most name none: 10,000 calls saved on a large site
            diagnostics += unknown_audiences(
                pages, event.source.path, event.audiences, event.audiences_at, renamed
            )
        if pages and not event.draft and not event.audiences and not event.components:
            diagnostics.append(
                Diagnostic(
                    event.source.path,
                    event.source.line,
                    0,
                    "affects no component and names no audiences: it appears on every page",
                    "add 'audiences: [...]' to keep it to some pages",
                    Severity.WARNING,
                )
            )
    return diagnostics


def unknown_audiences(
    pages: Sequence[str],
    path: str,
    names: Sequence[str],
    places: Sequence[tuple[int, int]],
    renamed: Renamed = None,
) -> list[Diagnostic]:
    """An error for each of `names` (the `audiences:` of the file `path`, each at its
    (line, column) in `places`) that is not one of the site's pages; its hint names the
    page it was renamed to (`renamed`), else the closest page name."""
    diagnostics: list[Diagnostic] = []
    for name, (line, column) in zip(names, places, strict=True):
        if name in pages:
            continue
        problem = one_for_several(name, pages, "pages") or unseen_slip(
            "page", name, pages.__contains__
        )
        if problem is not None:
            diagnostics.append(Diagnostic(path, line, column, *problem))
            continue
        now_named = renamed(name) if renamed is not None and pages else None
        if now_named is not None:
            written = ", ".join(now_named if n == name else n for n in names)
            hint = f"page '{name}' was renamed '{now_named}'? write audiences: [{written}]"
        elif pages:
            hint = f"{did_you_mean(name, pages)}pages: {', '.join(pages)}"
        else:
            hint = "define the pages in statusgen.yaml under 'pages:' (docs/audiences.md)"
        diagnostics.append(
            Diagnostic(path, line, column, f"audiences names '{name}', which is not a page", hint)
        )
    return diagnostics
