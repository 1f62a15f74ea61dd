"""What every renderer receives: the site, its computed status, and how to link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from statusgen.incremental.reuse import Reuse
from statusgen.model import Event, Site
from statusgen.render.markdown import MarkdownMemo
from statusgen.status import SiteStatus, changed_at, event_changes

# A renderer yields (path relative to the output folder, file bytes). Paths use "/" and
# never start with one; build.py checks them before anything is written. None instead of
# bytes: the page is unchanged since the last build and already in the output folder.
RenderedFiles = Iterable[tuple[str, bytes | None]]


@dataclass(frozen=True)
class RenderContext:
    site: Site
    status: SiteStatus
    # Shared by every renderer, so a message shown on a page and in three feeds is
    # converted once.
    markdown: MarkdownMemo = field(default_factory=MarkdownMemo, compare=False)
    # Which pages the output folder already holds (statusgen.incremental); by default none.
    reuse: Reuse = field(default_factory=Reuse, compare=False)
    _latest: dict[str, datetime | None] = field(default_factory=dict, compare=False, repr=False)

    def latest_change(self, event: Event) -> datetime | None:
        """The event's last change up to now (status.event_changes), computed once per event
        for every feed and the API."""
        if event.slug in self._latest:
            return self._latest[event.slug]
        changes = event_changes(event, self.now)
        latest = self._latest[event.slug] = changes[-1] if changes else None
        return latest

    def changed_at(self, event: Event) -> datetime:
        """status.changed_at(event, now), from the memo."""
        latest = self.latest_change(event)
        return latest if latest is not None else changed_at(event, self.now)

    def last_change(self, events: Iterable[Event]) -> datetime | None:
        """status.last_change(events, now), from the memo."""
        return max((m for m in map(self.latest_change, events) if m is not None), default=None)

    @cached_property
    def events_by_component(self) -> Mapping[str, tuple[Event, ...]]:
        """Incidents then maintenance touching each component, in the site's order; one
        pass over the events, so per-component pages and feeds never scan them all."""
        found: dict[str, list[Event]] = {c.id: [] for c in self.site.components}
        all_events: list[Event] = [*self.site.incidents, *self.site.maintenances]
        for event in all_events:
            for affected in event.components:
                events = found[affected.id]
                if not events or events[-1] is not event:  # an id listed twice counts once
                    events.append(event)
        return {cid: tuple(events) for cid, events in found.items()}

    @property
    def now(self) -> datetime:
        return self.status.now

    @property
    def base_url(self) -> str:
        """Absolute site URL, always ending in "/"; may carry a path prefix."""
        return self.site.settings.base_url

    @property
    def base_path(self) -> str:
        """The path prefix of base_url ("/" or "/status/"), which every page link starts with."""
        return urlsplit(self.base_url).path or "/"

    def url(self, path: str = "") -> str:
        """A link for pages of this site: root-relative, with the base path prefix."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """A full URL, for feeds, JSON, sitemaps and anything read off-site."""
        return self.base_url + path.lstrip("/")
