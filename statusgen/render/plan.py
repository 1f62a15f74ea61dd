"""Which files a build writes, known from the model alone: no templates, no rendering.

`statusgen check` compares the site's static/ files with them (render/site_static.py)
without paying for a build; a test holds them to the files a build writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from statusgen import urls
from statusgen.errors import Diagnostic, StatusgenError
from statusgen.layout import BUILTIN_THEME, STATIC_DIR, THEME_UNPUBLISHED, theme_chain
from statusgen.load.files import list_files
from statusgen.model import Event, Impact, Incident, Site, event_impact
from statusgen.status import (
    listed_besides_newest,
    listed_start,
    maintenance_state,
    touched_components,
)

# What every site writes, whatever its content.
_ALWAYS = (
    urls.INDEX,
    urls.NOT_FOUND,
    urls.EMBED,
    urls.page_file(urls.SUBSCRIBE),
    urls.STATUS_JSON,
    urls.API_STATUS,
    urls.API_SUMMARY,
    urls.API_COMPONENTS,
    urls.API_INCIDENTS,
    urls.API_UNRESOLVED,
    urls.API_MAINTENANCES,
    urls.API_UPCOMING,
    urls.API_ACTIVE,
    urls.BADGE,
    urls.ROBOTS,
    urls.HEADERS,
    urls.NOJEKYLL,
    urls.WIDGET,
    urls.SHIELDS,
    urls.SEARCH_INDEX,
)


def output_paths(site: Site, now: datetime) -> frozenset[str]:
    """The path of every file a build of `site` (as of the build's clock `now`:
    status.as_of) writes, but for the site's own static/ files; theme files that cannot
    be listed are left out (validate.theme_problems reports them)."""
    settings = site.settings
    events: list[Event] = [*site.incidents, *site.maintenances]
    paths = set(_ALWAYS)
    paths.update(urls.incident_files(e.slug for e in events))
    # Each component's events, and those its page lists whatever their age, as its page
    # and history count them (render/html.py).
    by_component = {component.id: 0 for component in site.components}
    besides = dict.fromkeys(by_component, 0)
    for event in events:
        state = event.state if isinstance(event, Incident) else maintenance_state(event, now)
        kept = listed_besides_newest(state)
        for cid in touched_components(event):
            if cid in by_component:  # a retired component has no pages
                by_component[cid] += 1
                besides[cid] += kept
    for component in site.components:
        paths.add(urls.page_file(urls.component(component.id)))
        pages = urls.component_history_pages(
            component.id, by_component[component.id], besides[component.id]
        )
        paths.update(map(urls.page_file, pages))
        paths.add(urls.component_badge(component.id))
        if settings.feeds:
            paths.add(urls.component_feed(component.id))
    if settings.feeds:
        paths.update((urls.FEED, urls.ATOM, urls.CALENDAR))
    if not settings.private:
        paths.add(urls.SITEMAP)
    by_impact = dict.fromkeys(Impact, 0)
    for event in events:
        by_impact[event_impact(event)] += 1
    histories = [urls.history_pages(len(events))]
    histories += [urls.history_pages(n, impact.value) for impact, n in by_impact.items()]
    paths.update(urls.page_file(address) for pages in histories for address in pages)
    # search.json holds the newest year's events; each earlier year has a part.
    # By the start each event's line shows (status.listed_start), as the index does.
    starts = (
        listed_start(e, e.state if isinstance(e, Incident) else maintenance_state(e, now), now)
        for e in events
    )
    years = sorted({start.astimezone(settings.tz).year for start in starts})
    paths.update(urls.search_part(year) for year in years[:-1])
    root = Path(site.root)
    assets, _ = theme_assets(theme_chain(root, settings.theme), root)
    paths.update(map(urls.asset, assets))
    return frozenset(paths)


def static_files(folders: Sequence[Path], site: Path | None = None) -> dict[str, Path]:
    """Static files by path under assets/, the first theme folder holding a name winning.

    With `site`, a link leading out of it or into what it keeps to itself (content/), or
    a special file (a FIFO, a device), in a site theme folder is refused with a diagnostic:
    nothing from outside the site, nor of its sources, is published.
    """
    found, problems = theme_assets(folders, site)
    if problems:
        raise StatusgenError(problems)
    return found


def theme_assets(
    folders: Sequence[Path], site: Path | None = None
) -> tuple[dict[str, Path], list[Diagnostic]]:
    """static_files, and what in the folders cannot be published instead of an error."""
    found: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for folder in reversed(folders):
        static = folder / STATIC_DIR
        if site is None or folder == BUILTIN_THEME:
            listing = list_files(static, folder, str(static), packaged=folder == BUILTIN_THEME)
        else:
            shown = static.relative_to(site).as_posix()
            # The same listing as validate.theme_problems: links only into the theme.
            own = [f for f in folders if f != BUILTIN_THEME]
            listing = list_files(static, site, shown, THEME_UNPUBLISHED, confined=own)
        problems += listing.problems
        # A folder where an override of a file of the themes below belongs
        # (themes/static/style.css/) is taken for that file, to be reported as what it is
        # when read (read_assets), as a folder where a template belongs is: its files
        # would otherwise clash with the file under assets/, naming neither.
        if site is not None and folder != BUILTIN_THEME:
            found.update({n: static / n for n in found if (static / n).is_dir()})
        found.update(listing.files)
    return dict(sorted(found.items())), sorted(set(problems))
