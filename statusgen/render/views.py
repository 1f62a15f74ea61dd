"""The view objects templates receive, each made once per build from the model and its
computed status (status.py decides every status; this only arranges and words it).

Names and titles are contained (contain_bidi) as their views are made: a template puts
them into phrases and lists ("Affects: A and B", a bar's label, a page's <title>), which
are printed, and contained, whole; a value contained on its own closes its override where
it ends, not after the words around it. Once per build for each, not for each page."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from typing import TYPE_CHECKING, cast, overload

from markupsafe import Markup, escape

from statusgen import urls
from statusgen.model import (
    AffectedComponent,
    Component,
    ComponentStatus,
    Event,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Settings,
    Update,
    UpdateState,
    event_impact,
)
from statusgen.render.context import RenderContext
from statusgen.render.format import IMPACT_LABELS
from statusgen.render.markdown import (
    MarkdownMemo,
    contain_bidi,
    headings_under,
    isolated,
    needs_isolation,
)
from statusgen.render.theme import contain_printed
from statusgen.status import (
    STATE_LABELS,
    ComponentHistory,
    DayStatus,
    ListedChanges,
    began_at,
    called_off,
    component_changes,
    duration,
    ended_at,
    incident_end,
    is_listed,
    last_change_stamp,
    listed_besides_newest,
    listed_changes,
    listed_components,
    overrun,
    touched_components,
    update_state,
    window_span,
    worst_reached,
)

if TYPE_CHECKING:
    from statusgen.i18n import Language
    from statusgen.measured import ComponentMeasure
    from statusgen.render.monitors import MeasuredView

# The index shows the closed incidents and finished maintenance that ended in the last
# RECENT_DAYS days, RECENT_LIMIT at most.
RECENT_DAYS = 30
RECENT_LIMIT = 10
# The home page shows this many open incidents (and maintenance windows) in full, the rest
# one line each: with hundreds open at once it must still load fast.
CARDS_IN_FULL = 5
# The built-in theme shows at most this many days of a component's history, the last ones:
# more do not fit a desktop's card at 2 px a day and 2 px between (style.css hides the
# rest, as it shows a tablet 60 and a phone 30). Only these are printed: all 3,650 of the
# longest history made a front page of 83 MB. Its uptime still covers every day.
BARS_SHOWN = 180
# A day's bar names this many of the day's events, then says how many more there were:
# with hundreds of incidents open for weeks, naming all made each bar's words a list of
# fifteen titles, and the home page 1 MB (its component pages alike).
DAY_TITLES = 3


# --- view objects: what templates receive ----------------------------------------------


@dataclass(frozen=True)
class DayView:
    """One bar of an uptime history, with the words a screen reader (or a hover) shows."""

    day: date
    status: DayStatus
    css: str  # the status value, or "none" for a day without data
    label: str
    link: str | None  # the first event of the day, if any

    @cached_property
    def bar(self) -> Markup:
        """The bar as the built-in theme prints it (partials/macros.html, `uptime`), each
        value printed as a template prints it (direction marks contained, then escaped).
        Made once per build for each distinct day, most of which are the same on every
        component: the home page and each component page print 90 bars per component."""
        tip = f'<span class="tip">{_printed(self.label)}</span>'
        if self.link:
            tip = f'<a href="{_printed(self.link)}">{tip}</a>'
        return Markup(f'<li class="d-{_printed(self.css)}">{tip}</li>')


def _printed(text: str) -> Markup:
    return escape(contain_printed(text))


@dataclass(frozen=True)
class ComponentView:
    component: Component
    id: str
    name: str  # as it stands alone (RenderContext.standalone_names): "Europe - API"
    description: str | None
    url: str
    status: ComponentStatus  # effective, now
    listed: bool  # false while `only_show_if_degraded` hides it
    history: ComponentHistory
    uptime: str  # "99.95%", or "No data"
    worst_day: str  # "14 Oct 2026 (Major outage, 96.39%)", or "" when every day was clear
    feed_url: str
    measured: MeasuredView | None = None  # what its monitors say (render/monitors.py)
    group: Group | None = None  # the group it is listed under, if any
    own_name: str = ""  # its name alone, under its group's heading: "API"
    # Private: the views its days' views come from (none for a retired component's).
    _views: Views | None = field(default=None, repr=False, compare=False)

    is_group = False

    @cached_property
    def days(self) -> tuple[DayView, ...]:
        """The view of each day of `history`, oldest first. Made when a template first
        reads them: a rebuild that renders neither the home page nor a component page (an
        edit to an old incident) shows none of the 4,500 bars of 50 components."""
        if self._views is None:
            return ()
        return self._views.days_of(self.component.id, self.history.days)

    @cached_property
    def bars(self) -> Markup:
        """The bar (DayView.bar) of each of the last BARS_SHOWN days, one a line, as
        partials/macros.html prints them: one value instead of 90 for the home page, which
        shows every component's (a loop over `days[-bars_shown:]`, as a theme of its own
        may still write, prints the same)."""
        return Markup("\n    ".join(day.bar for day in self.days[-BARS_SHOWN:]))


@dataclass(frozen=True)
class GroupView:
    group: Group
    id: str
    name: str
    description: str | None
    status: ComponentStatus  # worst effective status of its components
    components: tuple[ComponentView, ...]  # only the listed ones

    is_group = True


@dataclass(frozen=True)
class AffectedView:
    component: ComponentView
    status: ComponentStatus  # the last the incident set, or during the maintenance
    worst: ComponentStatus  # the most severe it reached
    # Each status and from when; None: resolved then, until the incident reopened.
    changes: ListedChanges
    # The component as the front page shows it now (its effective status: checks, other
    # incidents and windows count), which an open incident's page says; the last status
    # the incident set for a retired component, which has no status of its own. A page
    # that reads it follows the component (render/recording.py).
    now: ComponentStatus


@dataclass(frozen=True)
class UpdateView:
    """One update of an event's timeline, ready to show: the update's own `at`, `state`,
    `message`, and the state a reader is told it by."""

    update: Update
    # A message id (status.STATE_LABELS): its state's label, or "Cancelled" for the
    # `Completed` update that called a window off (status.update_state).
    state_label: str

    @property
    def at(self) -> datetime:
        return self.update.at

    @property
    def state(self) -> UpdateState:
        return self.update.state

    @property
    def message(self) -> str:
        return self.update.message

    @property
    def components(self) -> tuple[AffectedComponent, ...]:
        return self.update.components


@dataclass(frozen=True)
class EventView:
    """An incident or a maintenance window, ready to show. Its components and updates
    are made when a template first reads them: the home page lists every open incident
    past the first few by title alone (500 of them on a site whose alerts nobody tidied),
    and each event's updates and component changes are saved packed (incremental/store.py)."""

    event: Event
    kind: str  # "incident" or "maintenance"
    slug: str
    title: str
    url: str
    state: IncidentState | MaintenanceState  # current
    active: bool  # open incident, or maintenance in progress or verifying
    impact: Impact
    impact_label: str
    # The span the event is shown with: an incident's start and end (None while open); a
    # window's as it ran (status.window_span: None while it runs past its planned end).
    start: datetime
    end: datetime | None
    duration: timedelta  # so far while open; a window's span
    overrun: timedelta | None  # a window open past its planned end: its time so far
    # A window's plan (scheduled_for, scheduled_until) where its span is not that plan
    # (started early, over early or late, or still running past it); else None.
    planned: tuple[datetime, datetime] | None
    summary: str  # Markdown source
    # Private: the views its components' views come from.
    _views: Views = field(repr=False, compare=False)

    @cached_property
    def components(self) -> tuple[AffectedView, ...]:
        """Every component the event touched, with its status now, worst and changes."""
        return self._views.affected(self.event)

    @cached_property
    def called_off(self) -> bool:
        """A window over before its work began (status.called_off): it never put its
        components under maintenance, so its page gives them no status."""
        event = self.event
        return isinstance(event, Maintenance) and called_off(event, self._views.context.now)

    @cached_property
    def completed(self) -> bool:
        """A window whose work is over (completed, not called off): its page gives each
        component the worst status the window gave it, as a resolved incident's does,
        not one that reads as if the component were still in it."""
        shown = self._views.context.shown_state(self.event)
        return self.is_maintenance and shown == MaintenanceState.COMPLETED.value

    @cached_property
    def state_label(self) -> str:
        """The state as a reader is told it (status.STATE_LABELS), a message id: its label,
        or "Cancelled" for a window called off. Its updates keep the states written."""
        return STATE_LABELS[self._views.context.shown_state(self.event)]

    @cached_property
    def updates(self) -> tuple[UpdateView, ...]:
        """Newest first, each with the state a reader is told it by (status.update_state)."""
        event = self.event
        return tuple(
            UpdateView(u, STATE_LABELS[update_state(event, u)]) for u in reversed(event.updates)
        )

    @property
    def is_maintenance(self) -> bool:
        return self.kind == "maintenance"

    @property
    def current(self) -> bool:
        """Whether its page tells how things stand at the build's moment, and must say
        when that was: an incident open, a window to come, in progress or verifying
        (status.listed_besides_newest). A finished event's page holds whenever it is read."""
        return listed_besides_newest(self.state)

    @property
    def latest(self) -> UpdateView | None:
        return self.updates[0] if self.updates else None

    @property
    def shown_start(self) -> datetime:
        """`start`, by the name themes written before pages and lists gave one span."""
        return self.start

    @property
    def shown_end(self) -> datetime | None:
        """`end`, by the name themes written before pages and lists gave one span."""
        return self.end

    @property
    def began(self) -> datetime | None:
        """When the event began as of now (status.began_at); None while that is ahead, so
        that no page says it started at a time still to come."""
        return began_at(self.event, self._views.context.now)

    @property
    def changed_at(self) -> datetime:
        """When the event last changed as of now (status.changed_at): the time the API and
        the feeds give it, which a maintenance opened by the clock has without an update."""
        return self._views.context.changed_at(self.event)


@dataclass(frozen=True)
class MonthView:
    label: str  # "November 2026"
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class ComponentLink:
    """A component as the pages of its history name it: its id, name and page's link."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class HistoryPage:
    number: int  # 1-based, newest first: what readers see
    count: int  # pages in all
    address: str  # where it lives (urls.history): stable while new events arrive
    newer_url: str | None
    older_url: str | None
    # The impact this archive is filtered to ("major"), or None for every event.
    impact: str | None = None
    impact_label: str | None = None
    # The component whose history this is (components/<id>/history/), or None: its id,
    # name and page alone, which the page's facts name (not its status, which changes).
    component: ComponentLink | None = None
    # The events on the page, newest first: its facts. Their views (`months`) are made
    # only when the page is rendered, not for each of the archive's pages on every build.
    events: tuple[Event, ...] = ()
    # Private: what a template reaches from here must be named by the page's facts.
    _views: Views | None = field(default=None, repr=False, compare=False)
    # Private: the url of every page of this history, in order (`links` is made of them).
    _urls: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def links(self) -> tuple[tuple[int | None, str | None], ...]:
        """Links to nearby pages as (number, url); (None, None) marks a gap. Only the
        first, the last and the pages around this one, so the archive stays linear in
        size. Made when the page renders: a rebuild lists all 1,600 pages of the history
        to render a few. They follow the page's number and count (its facts) and the
        settings (in every key)."""
        return _page_links(self.number, self._urls)

    @cached_property
    def months(self) -> tuple[MonthView, ...]:
        """The page's events by month of the start their line shows (listed_start) in the
        site's zone, newest first."""
        if self._views is None:
            return ()
        views = self._views
        context = views.context
        tz, month = context.site.settings.tz, views.language.month
        months: dict[str, list[EventView]] = {}
        for event in self.events:
            label = month(context.listed_start(event).astimezone(tz).date())
            months.setdefault(label, []).append(views.view(event))
        return tuple(MonthView(label, tuple(events)) for label, events in months.items())


class EventList(Sequence[EventView]):
    """Event views, each made when a template first reaches it: a list every page may show
    (the open incidents, say) costs nothing on a build that renders none of those pages.
    `events` are the model's events, which the pages' facts name."""

    def __init__(self, views: Views, events: Iterable[Event]) -> None:
        self.events: tuple[Event, ...] = tuple(events)
        self._views = views

    def __len__(self) -> int:
        return len(self.events)

    @overload
    def __getitem__(self, index: int) -> EventView: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[EventView, ...]: ...

    def __getitem__(self, index: int | slice) -> EventView | tuple[EventView, ...]:
        if isinstance(index, slice):
            return tuple(map(self._views.view, self.events[index]))
        return self._views.view(self.events[index])

    def __iter__(self) -> Iterator[EventView]:
        return map(self._views.view, self.events)

    # As the tuple of views it stands for, in templates that join or compare lists.
    def __add__(self, other: Iterable[EventView]) -> tuple[EventView, ...]:
        return (*self, *other)

    def __radd__(self, other: Iterable[EventView]) -> tuple[EventView, ...]:
        return (*other, *self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventList):
            return self.events == other.events
        return isinstance(other, tuple) and tuple(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass(frozen=True)
class PageInfo:
    """The page being rendered: its <title>, its path in the site, and where it belongs."""

    title: str
    path: str  # relative to the site root, "" for the index
    section: str  # "status", "history", "component", "incident", "error" or "embed"
    description: str = ""
    canonical: bool = True

    def fact(self) -> str:
        """All it holds, as one string (a dataclass repr costs more, on every page)."""
        return repr((self.title, self.path, self.section, self.description, self.canonical))


# The headings a message may be shown under (`markdown(below=...)`), and their levels.
MARKDOWN_BELOW = {f"h{level}": level for level in range(1, 6)}


class MarkdownCache:
    """Each distinct message rendered once, however many pages show it."""

    def __init__(self, memo: MarkdownMemo, root: str) -> None:
        self._memo = memo
        self._root = root  # the site's root folder, where a link written from "/" leads
        self._html: dict[tuple[str, str, str | None], Markup] = {}

    def __call__(self, source: str, below: str = "h3", base: str | None = None) -> Markup:
        """The message as page HTML, its headings one level under the heading `below`
        ("h2" to "h5"; an update's h3 unless said) that the page shows it under.

        `base` is the address of the page the message was written for, its event's
        (event.url): a relative link in it is made root-relative from there, so it leads
        where it does on that page from every page that shows the message (the front
        page's card of an open incident, a `build --relative` page, which then names the
        index.html it leads to)."""
        html = self._html.get((source, below, base))
        if html is None:
            # The sanitizer's output has bare <pre> and <table> tags; text "<pre>" arrives
            # escaped.
            safe = self._memo.render(source, base, self._root)
            page = headings_under(safe, MARKDOWN_BELOW[below])
            # A code block scrolls sideways when its lines are long, a table when it has
            # many columns: keyboard users scroll them once they can take the focus.
            page = page.replace("<pre>", '<pre tabindex="0">')
            page = page.replace("<table>", '<table tabindex="0">')
            html = self._html[source, below, base] = Markup(page)
        return html


class Views:
    """The view objects of one build, each made once and shared by every page that shows it.

    Component views are made up front (their values are facts of the pages showing them);
    an event's view only when a page showing it renders (`view`): a build that renders a
    few pages of a large site makes a few of them. Lists of events hold the model's
    events, which the pages' facts name."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.language = context.language
        self._groups = {g.id: g for g in context.site.groups}
        self.markdown = MarkdownCache(context.markdown, context.base_path)
        site, status = context.site, context.status
        self.settings = shown_settings(site.settings)
        self.site = SiteView(
            self.settings,
            site.groups,
            site.components,
            site.incidents,
            site.maintenances,
            site.retired,
            site.top_level,
            site.page_order,
        )
        # What monitors measured stays (component views show it), not what they probe.
        self.status = replace(
            status,
            measured={cid: replace(m, monitors=()) for cid, m in status.measured.items()},
        )
        # Every incident and maintenance, newest first.
        self.events: list[Event] = list(context.events_by_start)
        self.by_slug: Mapping[str, Event] = context.events_by_slug
        self._views: dict[str, EventView] = {}
        # Each distinct day's view: most days read the same on every component.
        self._days: dict[DayStatus, DayView] = {}
        self._day_objects: dict[int, tuple[DayStatus, DayView]] = {}
        self.components: dict[str, ComponentView] = {
            c.id: self._component(c) for c in site.components
        }
        by_slug = self.by_slug
        self.open_incidents = EventList(self, (by_slug[i.slug] for i in status.open_incidents))
        self.active_maintenances = EventList(
            self, (by_slug[m.slug] for m in status.active_maintenances)
        )
        self.upcoming_maintenances = EventList(
            self, (by_slug[m.slug] for m in status.upcoming_maintenances)
        )
        # One pass over all events, so component pages cost O(events), not O(events × components).
        self.by_component: dict[str, list[Event]] = {cid: [] for cid in self.components}
        # The events of each impact, newest first, in Impact's order (every impact, those
        # without events too: the history's filter links lead to each).
        self.by_impact: dict[Impact, list[Event]] = {impact: [] for impact in Impact}
        # By slug, the events a component page lists whatever their age
        # (status.listed_besides_newest), each with whether it is active now: the state of
        # each event worked out once, not once for each component it touched.
        self.current: dict[str, bool] = {}
        by_component, by_impact, current = self.by_component, self.by_impact, self.current
        event_state = context.event_state
        for event in self.events:
            by_impact[event_impact(event)].append(event)
            state, active = event_state(event)
            if listed_besides_newest(state):
                current[event.slug] = active
            for cid in touched_components(event):
                found = by_component.get(cid)
                if found is not None:  # a retired component has no page
                    found.append(event)
        self.sections = self._sections()
        self.recent = EventList(self, self._recent())

    def view(self, event: Event) -> EventView:
        """The event's view, made the first time a page shows it."""
        found = self._views.get(event.slug)
        if found is None:
            found = self._views[event.slug] = self._event(event)
        return found

    def _named(self, cid: str) -> ComponentView:
        """The view of a component an event names: a retired one by its name alone, with
        no page, status or history of its own (url, feed_url empty; not listed)."""
        found = self.components.get(cid)
        if found is not None:
            return found
        component = self.context.site.component(cid)
        return ComponentView(
            component=component,
            id=component.id,
            name=contain_bidi(self.context.standalone_name(component)),
            own_name=contain_bidi(component.name),
            description=component.description,
            url="",
            status=component.status,
            listed=False,
            history=ComponentHistory(component.id, (), None),
            uptime=self.language.percent(None),
            worst_day="",
            feed_url="",
            group=self._groups.get(component.group_id or ""),
        )

    def _component(self, component: Component) -> ComponentView:
        status = self.context.status
        history = status.history[component.id]
        measure = status.measured.get(component.id)
        # The worst day reads each day's status as its bar shows it, the checks included.
        if measure is None:  # what checks measured: most components have none
            worst = history.worst_day_shown({})
        else:
            from statusgen.measured import colouring_days

            worst = history.worst_day_shown(colouring_days(measure))
        worst_text = ""
        language = self.language
        if worst is not None:
            day, shown = worst
            worst_text = language.gettext("%(date)s (%(status)s, %(uptime)s)") % {
                "date": language.date(day.day),
                "status": language.gettext(shown.label),
                "uptime": language.percent(day.uptime),
            }
        effective = status.components[component.id]
        return ComponentView(
            component=component,
            id=component.id,
            name=contain_bidi(self.context.standalone_name(component)),
            own_name=contain_bidi(component.name),
            description=component.description,
            url=self.context.url(urls.component(component.id)),
            status=effective,
            listed=is_listed(component, effective),
            history=history,
            uptime=language.percent(history.uptime),
            worst_day=worst_text,
            feed_url=self.context.url(urls.component_feed(component.id)),
            measured=None if measure is None else _measured(measure, self.context, language),
            group=self._groups.get(component.group_id or ""),
            _views=self,
        )

    def days_of(self, component_id: str, days: Iterable[DayStatus]) -> tuple[DayView, ...]:
        """The views of a component's days, with what its checks measured (if any)."""
        views = map(self._day, days)
        measure = self.context.status.measured.get(component_id)
        if measure is None:  # what checks measured: most components have none
            return tuple(views)
        from statusgen.render.monitors import with_measured_day

        language = self.language
        return tuple(with_measured_day(view, measure, language) for view in views)

    def _day(self, day: DayStatus) -> DayView:
        """The day's view, made once per distinct day (DayStatus compares by value)."""
        # Most days of most components are one DayStatus object (status.uptime_history):
        # found by identity first, without hashing its fields (4,500 days at 50
        # components). The object is kept with its view, so its id is never another's.
        known = self._day_objects.get(id(day))
        if known is not None and known[0] is day:
            return known[1]
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = self._make_day(day)
        self._day_objects[id(day)] = (day, found)
        return found

    def titles_named(self, day: DayStatus) -> tuple[str, ...]:
        """The titles of the events a day's bar names (DAY_TITLES at most). With the day,
        all its view is made of but the settings and the language, which every output
        follows, and what monitors measured (PageFacts.component)."""
        return tuple(self.by_slug[slug].title for slug in day.events[:DAY_TITLES])

    def _make_day(self, day: DayStatus) -> DayView:
        _, when = self.language.gettext, self.language.date(day.day)
        if day.uptime is None and not day.events:
            label = _("%(date)s: no data") % {"date": when}
            css = "none"
        elif not day.events and day.worst is ComponentStatus.OPERATIONAL:
            label = _("%(date)s: no incidents") % {"date": when}
            css = day.worst.value
        else:
            label = _("%(date)s: %(status)s, %(uptime)s uptime") % {
                "date": when,
                "status": _(day.worst.label),
                "uptime": self.language.percent(day.uptime),
            }
            # Each title among the bar's words, isolated where its direction could reorder
            # them (needs_isolation): plain text, as the label is an attribute's too.
            titles = self.titles_named(day)
            direction = self.language.direction
            parts = [
                label,
                *(
                    isolated(t) if needs_isolation(t, direction) else contain_bidi(t)
                    for t in titles
                ),
            ]
            if len(day.events) > len(titles):
                more = len(day.events) - len(titles)
                parts.append(
                    self.language.ngettext("%(count)s more", "%(count)s more", more)
                    % {"count": self.language.number(more)}
                )
            label = self.language.clauses(parts)
            css = day.worst.value
        link = self.context.url(urls.incident(day.events[0])) if day.events else None
        return DayView(day.day, day, css, label, link)

    def _event(self, event: Event) -> EventView:
        state, active = self.context.event_state(event)
        if isinstance(event, Incident):
            kind = "incident"
            impact, start, end = event.impact, event.started_at, incident_end(event)
            running, planned = None, None
        else:
            kind = "maintenance"
            # A window's state is a MaintenanceState (RenderContext.event_state).
            window_state = cast("MaintenanceState", state)
            start, end = window_span(event, window_state, self.context.now)
            impact = Impact.MAINTENANCE
            running = overrun(event, window_state, self.context.now)
            plan = (event.scheduled_for, event.scheduled_until)
            planned = None if (start, end) == plan else plan
        return EventView(
            event=event,
            kind=kind,
            slug=event.slug,
            title=contain_bidi(event.title),
            url=self.context.url(urls.incident(event.slug)),
            state=state,
            active=active,
            impact=impact,
            impact_label=self.language.gettext(IMPACT_LABELS[impact]),
            start=start,
            end=end,
            duration=duration(event, self.context.now),
            overrun=running,
            planned=planned,
            summary=event.summary,
            _views=self,
        )

    def affected(self, event: Event) -> tuple[AffectedView, ...]:
        """Every component the event touched, with its status now, worst and changes."""
        # In listed_components' order, which the search index's rows follow too.
        if isinstance(event, Maintenance):
            statuses = {a.id: a.status for a in event.components}
            # The worst a step of the window gave it (an outage posted during the work
            # too), which its page says once the window is over (EventView.completed).
            steps = component_changes(event)
            return tuple(
                AffectedView(
                    self._named(cid),
                    statuses[cid],
                    worst_reached(steps[cid]) if cid in steps else statuses[cid],
                    ((event.scheduled_for, statuses[cid]),),
                    statuses[cid],
                )
                for cid in listed_components(event, self.context.site)
            )
        declared = {a.id: a.status for a in event.components}
        listed = listed_changes(event)
        changes = component_changes(event)
        views = []
        for cid in listed_components(event, self.context.site):
            status = declared.get(cid, changes[cid][-1][1])
            views.append(
                AffectedView(
                    self._named(cid),
                    status,
                    worst_reached(changes[cid]),
                    listed[cid],
                    self.context.status_now(cid, status),
                )
            )
        return tuple(views)

    def _sections(self) -> tuple[GroupView | ComponentView, ...]:
        site, status = self.context.site, self.context.status
        groups = {g.id: g for g in site.groups}
        order = site.page_order
        sections: list[GroupView | ComponentView] = []
        for entry in order:
            if entry in groups:
                group = groups[entry]
                members = tuple(
                    self.components[cid]
                    for cid in group.component_ids
                    if self.components[cid].listed
                )
                if members:
                    sections.append(
                        GroupView(
                            group,
                            group.id,
                            contain_bidi(group.name),
                            group.description,
                            status.groups[group.id],
                            members,
                        )
                    )
            elif self.components[entry].listed:
                sections.append(self.components[entry])
        return tuple(sections)

    def _recent(self) -> list[Event]:
        """The RECENT_LIMIT closed incidents and finished maintenance that ended last, in
        the last RECENT_DAYS, newest first (by start, as the history lists them).

        By when they ended, not began: an outage of six weeks resolved yesterday is recent
        history (the uptime bars beside the list show it), even when ten blips that began
        after it and ended before it would fill the list. So every event is looked at, and
        the latest ends kept (the newer start first among equal ends), not the first ten
        found in the history's order."""
        now = self.context.now
        since = now - timedelta(days=RECENT_DAYS)
        since_utc = since.astimezone(timezone.utc)
        ended: list[tuple[datetime, int]] = []
        for index, event in enumerate(self.events):
            # An incident's end is among its changes, the last of which is kept in UTC:
            # nearly all ended long before, passed over by one comparison of two times in
            # UTC, not one in the site's zone (which works out offsets) for 10,000 events.
            if isinstance(event, Incident):
                last = last_change_stamp(event)
                if last is not None and last[0] < since_utc:
                    continue
            end = ended_at(event, now)
            if end is not None and end >= since:
                ended.append((end, -index))
        # A heap of RECENT_LIMIT, not a sort of every event that ended lately.
        latest = sorted(-index for _, index in heapq.nlargest(RECENT_LIMIT, ended))
        return [self.events[index] for index in latest]

    def history_pages(
        self,
        events: Sequence[Event] | None = None,
        impact: Impact | None = None,
        component: tuple[ComponentView, Sequence[str]] | None = None,
    ) -> Iterator[HistoryPage]:
        """The archive, newest first; one empty page if there are no events.

        Pages are cut from the oldest event: archive block b (1 = oldest) always holds the
        same HISTORY_PAGE_SIZE events at `history/page/b/`, and `history/` holds the rest,
        the newest (between one and two blocks' worth), so a new incident changes the
        first page only, not every page (only the page count changes every
        HISTORY_PAGE_SIZE events). Readers still see pages numbered newest first.

        With `impact`, the archive of only `events` (those of that impact) under
        history/impact/<impact>/, cut the same way: a filter that works as plain links,
        without a script. With `component`, a component and the addresses of its own
        history (urls.component_history_pages: none for a component whose page lists
        them all), the archive of its `events` there."""
        events = self.events if events is None else events
        link = None
        if component is not None:
            shown, addresses = component
            if not addresses:
                return
            link = ComponentLink(shown.id, shown.name, shown.url)
        else:
            addresses = urls.history_pages(len(events), None if impact is None else impact.value)
        count = len(addresses)
        front = len(events) - (count - 1) * urls.HISTORY_PAGE_SIZE
        links = tuple(self.context.url(address) for address in addresses)
        for number in range(1, count + 1):
            start = 0 if number == 1 else front + (number - 2) * urls.HISTORY_PAGE_SIZE
            end = front if number == 1 else start + urls.HISTORY_PAGE_SIZE
            yield HistoryPage(
                number=number,
                count=count,
                address=addresses[number - 1],
                newer_url=links[number - 2] if number > 1 else None,
                older_url=links[number] if number < count else None,
                impact=None if impact is None else impact.value,
                impact_label=(
                    None if impact is None else self.language.gettext(IMPACT_LABELS[impact])
                ),
                component=link,
                events=tuple(events[start:end]),
                _views=self,
                _urls=links,
            )


@dataclass(frozen=True)
class SiteView:
    """`site` as templates read it: the page's settings, groups and components and the
    events it shows, as of the build's clock. Whatever a template reaches is one line away
    from being published, so nothing the page's audience may not see is here: no drafts,
    no monitors' declarations (internal hosts) or readings, nor where the site lies on
    the build machine; `settings` is the templates' (`shown_settings`)."""

    settings: Settings
    groups: tuple[Group, ...]
    components: tuple[Component, ...]  # display order, as the model's
    incidents: tuple[Incident, ...]  # newest started first
    maintenances: tuple[Maintenance, ...]  # newest scheduled first
    retired: tuple[Component, ...]  # named by past incidents, listed nowhere
    top_level: tuple[str, ...]
    page_order: tuple[str, ...]  # ids of the groups and ungrouped components, as listed

    def component(self, component_id: str) -> Component:
        """The component with this id, retired ones too; KeyError for an unknown id."""
        for component in (*self.components, *self.retired):
            if component.id == component_id:
                return component
        raise KeyError(component_id)


def shown_settings(settings: Settings) -> Settings:
    """The settings as templates read them: the site's title and description contained,
    as names and titles are (a 404 page says "Go to the current status of <title>");
    without the other pages (a private one's address and folder) and, of `notify:`,
    only what this page's subscribe page publishes (the channels name secrets and
    recipients; another page's addresses are its own: published_subscribe)."""
    title, description = contain_bidi(settings.title), contain_bidi(settings.description)
    notify = settings.notify
    published = None
    if notify is not None:  # imported only then: a rebuild of most sites never reads it
        from statusgen.notify.settings import NotifySettings, published_subscribe

        page = settings.page if settings.pages else None
        published = NotifySettings(subscribe=published_subscribe(notify, page))
    if (
        title is settings.title
        and description is settings.description
        and not settings.pages
        and notify == published
    ):
        return settings  # nearly every site: its own object, nothing made
    return replace(settings, title=title, description=description, pages=(), notify=published)


def _page_links(number: int, links: Sequence[str]) -> tuple[tuple[int | None, str | None], ...]:
    shown = sorted({1, len(links), *range(max(1, number - 2), min(len(links), number + 2) + 1)})
    found: list[tuple[int | None, str | None]] = []
    for previous, page in zip([0, *shown], shown, strict=False):
        if page - previous > 1:
            found.append((None, None))
        found.append((page, links[page - 1]))
    return tuple(found)


def _measured(
    measure: ComponentMeasure, context: RenderContext, language: Language
) -> MeasuredView:
    """render/monitors.py's view of a component's measurement, at the build's clock. The
    module is imported only for a site whose components have monitors: the others' builds
    need none of it (10 ms of every rebuild at 10,000 incidents)."""
    from statusgen.render.monitors import measured_view

    found = measured_view(measure, context.now, context.site.settings.tz, language)
    assert found is not None  # a measure always has its view
    return found
