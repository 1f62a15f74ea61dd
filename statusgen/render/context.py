"""What every renderer receives (the site, its computed status, how to link) and what it
gives back: the site's outputs, each with the facts its bytes follow.

A renderer never decides whether to render: it yields an `Output` naming its path, the
facts it shows, and a function that makes its bytes. The build compares the facts with
those of the last build and calls `render` only when they differ (statusgen.incremental).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from statusgen.i18n import KeptTexts, Language, load_language
from statusgen.load.files import read_input
from statusgen.model import (
    EVENT_SLUG,
    INCIDENT_ORDER,
    Component,
    ComponentStatus,
    Event,
    Impact,
    Incident,
    IncidentState,
    MaintenanceState,
    Site,
    event_impact,
)
from statusgen.render.format import standalone_names
from statusgen.render.markdown import MarkdownMemo, contain_bidi
from statusgen.status import (
    STATE_LABELS,
    SiteStatus,
    announced_at,
    changed_at,
    dated_by_record,
    day_start,
    is_listed,
    last_change_stamp,
    latest_change,
    listed_start,
    maintenance_is_active,
    overrun,
    record_began,
    shown_state,
)
from statusgen.urls import in_root, root_path

if TYPE_CHECKING:  # the theme brings Jinja, which only rendering needs
    from statusgen.render.theme import TemplateCode


class Recorder(Protocol):
    """Facts an output reads while it renders (a template reading a global), by name."""

    def recording(self) -> AbstractContextManager[set[str]]:
        """Within the block, every fact read is added to the set it yields."""
        ...

    def value(self, name: str) -> str | None:
        """The current value of the fact `name`; None when there is no such fact now."""
        ...


Facts = tuple[str, ...] | None


@dataclass(frozen=True)
class Output:
    """One file of the site. `path` is relative to the output folder, uses "/" and never
    starts with one (build.py checks it before anything is written)."""

    path: str
    render: Callable[[], bytes]
    # Everything the bytes follow besides the settings, theme and versions (which every
    # output follows); None when they cannot be known: then it is always rendered. A
    # function giving them is called only when the build needs them (`known_facts`).
    facts: Facts | Callable[[], Facts] = None
    # For facts read while rendering, recorded and checked again by name on the next build.
    recorder: Recorder | None = None
    # For a page whose facts are its `shape` and the facts of `events` (by slug), and
    # nothing else: while both are what the last build recorded and none of the events
    # changed since, the build keeps the page without working out its facts
    # (incremental/reuse.py). None for every other output.
    shape: tuple[str, ...] | None = None
    events: tuple[str, ...] = ()

    def known_facts(self) -> Facts:
        """The output's facts, worked out now if they were given as a function."""
        facts = self.facts
        return facts() if callable(facts) else facts


@dataclass(frozen=True)
class EventPages:
    """The page of each event of `events` (by slug) at the path of the same place in
    `paths`, each made of its event alone: its facts are `shape` and the event's, with
    what `recorder` records while it renders. The most outputs of a large site (each
    incident's page), so listed and decided in bulk (incremental/reuse.py) and made
    into Outputs only where one must be rendered (`member`)."""

    paths: tuple[str, ...]
    events: tuple[str, ...]
    shape: tuple[str, ...]
    render: Callable[[int], bytes]  # the bytes of the page at this place
    facts: Callable[[int], Facts]
    recorder: Recorder | None = None

    def member(self, index: int) -> Output:
        """The page at `index` as an output of its own."""
        return Output(
            self.paths[index],
            partial(self.render, index),
            partial(self.facts, index),
            self.recorder,
            shape=self.shape,
            events=(self.events[index],),
        )

    def members(self) -> Iterator[Output]:
        """Every page, in order, as outputs of their own."""
        return map(self.member, range(len(self.paths)))


# What renderers yield: an output, or the pages of many events at once.
Outputs = Iterable[Output | EventPages]


def each_output(outputs: Outputs) -> Iterator[Output]:
    """Every output, the pages of EventPages one by one."""
    for output in outputs:
        if isinstance(output, EventPages):
            yield from output.members()
        else:
            yield output


def render_all(outputs: Outputs) -> dict[str, bytes]:
    """Every output rendered, by path: what a build without a cache writes."""
    return {output.path: output.render() for output in each_output(outputs)}


def constant(data: bytes) -> Callable[[], bytes]:
    """A render function for bytes already at hand."""
    return lambda: data


def paths(outputs: Outputs) -> Iterator[str]:
    """The paths of the outputs, in order."""
    return (output.path for output in each_output(outputs))


_Kept = TypeVar("_Kept")


def _memo(memo: dict[str, tuple[Event, _Kept]], event: Event, work: Callable[[], _Kept]) -> _Kept:
    """`work()` for `event`, kept in `memo` by slug with the event it was worked out for:
    a second event of the same slug (a window rewritten as an incident, or one cut as of
    an earlier moment) is worked out afresh. Callers look in `memo` first themselves, as
    building the closure would cost the hot path (tens of thousands of lookups)."""
    value = work()
    memo[event.slug] = (event, value)
    return value


@dataclass(frozen=True)
class RenderContext:
    site: Site
    status: SiteStatus
    # Shared by every renderer, so a message shown on a page and in three feeds is
    # converted once.
    markdown: MarkdownMemo = field(default_factory=MarkdownMemo, compare=False)
    # The theme's templates compiled by earlier builds (None: every build compiles them).
    templates: TemplateCode | None = field(default=None, compare=False)
    # The texts the site's languages formatted in earlier builds (None: none kept).
    texts: KeptTexts | None = field(default=None, compare=False)
    # SHA-256 of each input file's bytes, by path relative to the site; where one is
    # missing, an event's facts are unknown and its outputs always rendered.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    # The bytes of a theme file, catalog or static file an output is made from: a cached
    # build's are those it fingerprinted (InputRecord.made_from), else read as any input.
    read: Callable[[Path], bytes] = field(default=read_input, compare=False)
    # Each memo holds, by slug, the event it was worked out for with its value: notify
    # describes a window rewritten as an incident and the incident, one slug, with one
    # context (_memo).
    _latest: dict[str, tuple[Event, datetime | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _changed: dict[str, tuple[Event, datetime]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # Each event's facts: every page, feed and API file listing an event asks, tens of
    # thousands of times on a large site.
    _facts: dict[str, tuple[Event, str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def latest_change(self, event: Event) -> datetime | None:
        """The event's last change up to now (status.latest_change), once per event for
        every feed and the API."""
        kept = self._latest.get(event.slug)
        if kept is not None and kept[0] is event:
            return kept[1]
        return _memo(self._latest, event, lambda: latest_change(event, self.now, self.created_at))

    def status_now(self, component_id: str, declared: ComponentStatus) -> ComponentStatus:
        """A component an open incident affects as the front page shows it now (checks,
        other incidents and windows count); for a retired one, which has no status of its
        own, `declared`: the last status the incident gave it."""
        return self.status.components.get(component_id, declared)

    def changed_at(self, event: Event) -> datetime:
        """status.changed_at(event, now), from the memo (feeds sort every event by it)."""
        kept = self._changed.get(event.slug)
        if kept is not None and kept[0] is event:
            return kept[1]
        return _memo(self._changed, event, lambda: changed_at(event, self.now, self.created_at))

    def event_state(self, event: Event) -> tuple[IncidentState | MaintenanceState, bool]:
        """The event's state now, and whether it is active (an open incident, a window in
        progress or verifying): as every page, feed and the search index say it."""
        if isinstance(event, Incident):
            return event.state, event.is_open
        state = self.status.maintenance[event.slug]
        return state, maintenance_is_active(state)

    def shown_state(self, event: Event) -> str:
        """The id of the state a reader is shown for the event now (status.shown_state):
        its state's, or a window called off's; the same whenever event_fact is."""
        return shown_state(event, self.event_state(event)[0], self.now)

    def state_label(self, event: Event) -> str:
        """The event's current state as a visitor reads it, translated: "Resolved", "In
        progress", "Cancelled" (a window called off)."""
        return self.language.gettext(STATE_LABELS[self.shown_state(event)])

    def state_title(self, event: Event) -> str:
        """`[Resolved] Card payments failing`: the state first, so a list of feed entries,
        or a page's title in a pasted link, tells whether it is still open."""
        # A direction override left open in the title would run on into the reader's own text.
        return f"[{self.state_label(event)}] {contain_bidi(event.title)}"

    def announced_at(self, event: Event) -> datetime:
        """When the event was first posted (status.announced_at): the API's created_at, Atom's
        <published>; a moment no rebuild moves."""
        return announced_at(event, self.now, self.created_at)

    def last_change(self, events: Iterable[Event]) -> datetime | None:
        """status.last_change(events, now), from the memo."""
        return max((m for m in map(self.latest_change, events) if m is not None), default=None)

    def event_fact(self, event: Event) -> str | None:
        """What an output showing an event follows: its file's bytes and name, its last change and,
        for maintenance, its state now (the clock moves it through its window), whether it
        runs past its planned end and, for a window written without updates, when the
        site's record began, which dates it (status.dated_by_record). An open
        incident's duration so far is a fact of the pages that show it (render/recording.py).
        None when the file's hash is unknown."""
        kept = self._facts.get(event.slug)
        if kept is not None and kept[0] is event:
            return kept[1]
        return _memo(self._facts, event, lambda: self._event_fact(event))

    def _event_fact(self, event: Event) -> str | None:
        source = self.sources.get(event.source.path)
        if source is None:
            return None
        # The slug too: two files with the same bytes are two events, on two pages. Once
        # the clock has passed the event's last change, the same text is kept on it.
        last = last_change_stamp(event)
        if last is not None and last[0] <= self.now:
            fact = f"{source}/{last[2]}"
        else:
            fact = f"{source}/{event.slug}/{self.changed_at(event).isoformat()}"
        if not isinstance(event, Incident):
            state = self.status.maintenance[event.slug]
            # A window kept open past its planned end keeps its state there, yet every list
            # showing it then says "ongoing" where it gave that end (EventView.shown_end).
            past = "/overrun" if overrun(event, state, self.now) is not None else ""
            fact = f"{fact}/{state.value}{past}"
            if dated_by_record(event):
                # Posted, and so changed, when the site's record began: an older event
                # added to another file moves that, and every date shown of this one.
                fact = f"{fact}/{self.announced_at(event).isoformat()}"
        return fact

    @cached_property
    def listed_components(self) -> tuple[Component, ...]:
        """The components the front page lists now, in the site's order: the others
        (`only_show_if_degraded` while operational) are offered in no filter or sitemap,
        as Statuspage does; their pages stay, for the incidents that link to them."""
        status = self.status.components
        return tuple(c for c in self.site.components if is_listed(c, status[c.id]))

    @cached_property
    def standalone_names(self) -> Mapping[str, str]:
        """Each component's name where it stands alone (format.standalone_names)."""
        return standalone_names(self.site)

    def standalone_name(self, component: Component) -> str:
        """The component's name where it stands alone (standalone_names); a retired one's
        own name."""
        return self.standalone_names.get(component.id, component.name)

    @cached_property
    def unreported_impacts(self) -> tuple[Impact, ...]:
        """The impacts no event has, in Impact's order: their filter pages stay (the
        history links each) but say only that nothing was reported, so they ask not to be
        indexed and the sitemap leaves them out."""
        # Looked for until every impact is found: on most sites within a few events, not
        # after a pass over all of them on every rebuild.
        reported: set[Impact] = set()
        every = len(Impact)
        for event in self.events_by_start:
            reported.add(event_impact(event))
            if len(reported) == every:
                return ()
        return tuple(impact for impact in Impact if impact not in reported)

    @cached_property
    def listed_groups(self) -> tuple[str, ...]:
        """The ids of the groups the front page lists now, in the site's order: those with
        a component it lists (listed_components). A component page links its group's
        heading there only then."""
        listed = {c.group_id for c in self.listed_components}
        return tuple(g.id for g in self.site.groups if g.id in listed)

    @cached_property
    def events_by_component(self) -> Mapping[str, tuple[Event, ...]]:
        """Incidents then maintenance touching each component, in the site's order; one
        pass over the events, so per-component pages and feeds never scan them all."""
        found: dict[str, list[Event]] = {c.id: [] for c in self.site.components}
        all_events: list[Event] = [*self.site.incidents, *self.site.maintenances]
        for event in all_events:
            for affected in event.components:
                events = found.get(affected.id)
                if events is None:
                    continue  # a retired component: no page or feed lists its events
                if not events or events[-1] is not event:  # an id listed twice counts once
                    events.append(event)
        return {cid: tuple(events) for cid, events in found.items()}

    def listed_start(self, event: Event) -> datetime:
        """The start a list gives the event now (status.listed_start): the line's date, by
        which the history files and orders it and the search index puts its row in a
        year's part, so all three agree with what the line shows."""
        return listed_start(event, self.event_state(event)[0], self.now)

    @cached_property
    def events_by_start(self) -> tuple[Event, ...]:
        """Every incident and maintenance, newest first: by (listed_start, slug)
        descending, the history's order and the search index's. A window that began early
        and runs past its planned end is listed from when its work began, as its line
        says; every other event by model.event_start."""
        incidents, maintenances = self.site.incidents, self.site.maintenances
        events: list[Event] = [*incidents, *maintenances]
        keys = [
            *map(INCIDENT_ORDER, incidents),
            *((self.listed_start(m), m.slug) for m in maintenances),
        ]
        order = sorted(range(len(events)), key=keys.__getitem__, reverse=True)
        return tuple(map(events.__getitem__, order))

    @cached_property
    def events_by_slug(self) -> Mapping[str, Event]:
        """Every incident and maintenance by slug (file names: one event each)."""
        events = self.events_by_start
        return dict(zip(map(EVENT_SLUG, events), events, strict=True))

    @cached_property
    def events_by_change(self) -> tuple[Event, ...]:
        """Every incident and maintenance, the last changed first: by (changed_at, slug)
        descending, a total order (slugs are file names).

        Keyed by the moment in UTC: nearly every event last changed before now, and
        status.py keeps that change on it in UTC already, where changed_at would work it
        out through three calls; and times in one zone compare without their offsets
        (the feeds and the API sort 10,000 events by it in every rebuild)."""
        now, utc = self.now, timezone.utc
        events: list[Event] = [*self.site.incidents, *self.site.maintenances]
        keys: list[tuple[datetime, str]] = []
        for event in events:
            last = last_change_stamp(event)
            if last is not None and last[0] <= now:
                keys.append((last[0], event.slug))
            else:
                keys.append((self.changed_at(event).astimezone(utc), event.slug))
        order = sorted(range(len(events)), key=keys.__getitem__, reverse=True)
        return tuple(map(events.__getitem__, order))

    @cached_property
    def going_on(self) -> frozenset[str]:
        """The slugs of the incidents open and the maintenance in progress now. A list cut
        to its newest events keeps these too: an outage open for weeks is still news to
        whoever reads the list (a component page, a feed, the API)."""
        status = self.status
        events: list[Event] = [*status.open_incidents, *status.active_maintenances]
        return frozenset(map(EVENT_SLUG, events))

    @cached_property
    def last_change_by_component(self) -> Mapping[str | None, datetime | None]:
        """last_change() of each component's events (events_by_component), and of all
        events under the key None, in one pass that stops once each is known: an event
        whose changes all lie ahead sorts first in events_by_change and is passed over,
        the first other one touching a component holds its last change."""
        found: dict[str | None, datetime | None] = {}
        wanting = 1 + sum(1 for events in self.events_by_component.values() if events)
        for event in self.events_by_change:
            latest = self.latest_change(event)
            if latest is None:
                continue
            for key in (None, *(a.id for a in event.components)):
                if key not in found and (key is None or key in self.events_by_component):
                    found[key] = latest
                    wanting -= 1
            if not wanting:
                break
        return {key: found.get(key) for key in (None, *self.events_by_component)}

    def newest_by_component(self, count: int) -> dict[str, list[Event]]:
        """The first `count` of events_by_change touching each component (as
        events_by_component counts them), in one pass over it."""
        found: dict[str, list[Event]] = {cid: [] for cid in self.events_by_component}
        wanting = sum(1 for cid in found if self.events_by_component[cid])
        for event in self.events_by_change:
            if not wanting:
                break
            for affected in event.components:
                events = found.get(affected.id)
                if events is None:
                    continue  # retired
                if len(events) < count and (not events or events[-1] is not event):
                    events.append(event)
                    if len(events) == count or len(events) == len(
                        self.events_by_component[affected.id]
                    ):
                        wanting -= 1
        return found

    @cached_property
    def language(self) -> Language:
        """The words and formats of the site's `language` (statusgen/i18n), read once."""
        language = load_language(Path(self.site.root), self.site.settings.language, self.read)
        return language if self.texts is None else self.texts.lend(language)

    @property
    def now(self) -> datetime:
        return self.status.now

    @cached_property
    def created_at(self) -> datetime:
        """When the site's record begins (status.record_began), for dates that must not
        follow the clock: the API's created_at, a feed with no entry, a window posted
        without a date."""
        return record_began(self.site, self.now)

    def component_created_at(self, component: Component) -> datetime:
        """When the component's start_date begins, site time (its record begins then),
        else the site's created_at, which also dates a component whose start is still
        ahead: "now" would move its dates with every rebuild, past the page's newest
        change."""
        if component.start_date is None:
            return self.created_at
        start = day_start(component.start_date, self.site.settings.tz)
        return start if start <= self.now else self.created_at

    @property
    def base_url(self) -> str:
        """Absolute site URL, always ending in "/"; may carry a path prefix."""
        return self.site.settings.base_url

    @property
    def base_path(self) -> str:
        """The path prefix of base_url ("/" or "/status/"), which every page link starts with."""
        return root_path(self.base_url)

    def url(self, path: str = "") -> str:
        """A link for pages of this site: root-relative, with the base path prefix; one that
        starts with it already (`/status/history/`) is kept, as in a message (in_root)."""
        within = in_root(path, self.base_path)
        if within is not None:
            return self.base_path.rstrip("/") + within
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """A full URL, for feeds, JSON, sitemaps and anything read off-site: of a path of
        the site (`history/`), or of a link url() or asset_url() made, which starts with
        the base path already (`/status/history/`) and is not given it twice (in_root)."""
        within = in_root(path, self.base_path)
        return self.base_url + (path if within is None else within).lstrip("/")


def known(*facts: str | None) -> tuple[str, ...] | None:
    """The facts, or None (unknown: always render) when any of them is unknown."""
    # `in`, not a generator's any(): every page's facts pass here on every rebuild, and
    # strings never equal None.
    if None in facts:
        return None
    return facts  # type: ignore[return-value]
