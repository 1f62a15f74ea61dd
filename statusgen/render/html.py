"""The HTML pages: the theme's Jinja templates filled from the site and its computed status.

Templates only lay out what they are handed: view objects (views.py), worded by
format.py, found through the theme's loader chain (theme.py). What a page reads while it
renders is noted by the Jinja classes of recording.py: with each page's own values, its
facts (PageFacts, here).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import quote

from jinja2 import Undefined
from markupsafe import Markup

from statusgen import urls
from statusgen.errors import StatusgenError
from statusgen.i18n import Language, template_functions
from statusgen.model import EVENT_SLUG, Event, Impact, Incident, Maintenance
from statusgen.render.context import (
    EventPages,
    Output,
    Outputs,
    RenderContext,
    constant,
    known,
)
from statusgen.render.format import (
    IMPACT_LABELS,
    format_date,
    format_datetime,
    format_duration,
    format_percent,
    overall_words,
    time_range,
    time_tag,
)
from statusgen.render.markdown import isolated, needs_isolation
from statusgen.render.plan import static_files
from statusgen.render.previews import event_description, og_locale, site_description
from statusgen.render.recording import (
    CHANGING_GLOBALS,
    RUNNING_FACT,
    STATUS_FACT,
    RecordingEnvironment,
    printing,
    recording,
    shown_duration,
)
from statusgen.render.search import search_messages
from statusgen.render.theme import (
    NONE_HINT,
    WRONG_VALUE_HINT,
    ThemeMistake,
    make_environment,
    no_asset,
    read_assets,
    render_template,
    theme_folders,
)
from statusgen.render.views import (
    BARS_SHOWN,
    CARDS_IN_FULL,
    MARKDOWN_BELOW,
    RECENT_DAYS,
    ComponentView,
    GroupView,
    HistoryPage,
    PageInfo,
    Views,
)
from statusgen.status import DayStatus, duration, overrun

# --- the pages -----------------------------------------------------------------------------


def render_pages(context: RenderContext) -> Outputs:
    """Every HTML page of the site and the theme's static files.

    A page's facts are its own values (an event, a page of history, a component); the
    template globals it reads (the overall status, the open incidents, the clock, ...) are
    recorded while it renders (`PageFacts`), whatever theme file reads them."""
    folders = theme_folders(context)
    site_root = Path(context.site.root)
    statics, unpublished = read_assets(static_files(folders, site_root), site_root, context.read)
    if unpublished:
        raise StatusgenError(sorted(unpublished))
    env = make_environment(folders, RecordingEnvironment, context.templates, context.read)
    env.finalize = printing
    language = context.language
    # Jinja's i18n extension compiles {% trans %} and _() into calls of these, passing
    # values by name (newstyle, as make_environment sets it); ours skip its per-call
    # wrappers (template_functions).
    functions = template_functions(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        functions["gettext"], functions["ngettext"]
    )
    env.globals.update(functions)
    _ = language.gettext
    views = Views(context)
    env.globals.update(_globals(context, views, statics))
    env.filters.update(_filters(context, views))
    facts = PageFacts(views)

    def page(
        template: str,
        path: str,
        info: PageInfo,
        own: Sequence[str | None] = (),
        lazy: Callable[[], Mapping[str, object]] | None = None,
        events: Sequence[Event] | None = None,
        **values: object,
    ) -> Output:
        """An HTML page; `lazy` makes more of its values (event views) when it renders.
        A page made of `events` has as facts `own` and theirs, worked out only when the
        build asks (reuse.py keeps most such pages on their shape alone)."""

        def render() -> bytes:
            made = {} if lazy is None else lazy()
            html = render_template(env, template, context, {"page": info, **values, **made})
            return html.encode("utf-8")

        shape = known(template, info.fact(), *own)
        if events is None:
            return Output(path, render, shape, facts)
        return Output(
            path,
            render,
            partial(_event_page_facts, shape, events, facts),
            facts,
            shape=shape,
            events=tuple(map(EVENT_SLUG, events)),  # 800 history pages of 25 each
        )

    # Contained, as the event's and components' (views.py): each closes its own override
    # in "<event> · <site>", not the whole title.
    title = views.settings.title
    described = site_description(language, views.settings)
    yield page("index.html", urls.INDEX, PageInfo(title, "", "status", described))

    def incident_page(event: Event) -> bytes:
        address = urls.incident(event.slug)
        view = views.view(event)
        # Its state first, as its feed entries give it: a link pasted while it is open
        # must not read as the same link once it is resolved.
        info = PageInfo(
            f"{context.state_title(event)} · {title}",
            address,
            "incident",
            event_description(context, event),
        )
        values = {"page": info, "event": view}
        return render_template(env, "incident.html", context, values).encode("utf-8")

    # One per event: the most pages by far, so listed all at once and made into outputs
    # only where one is rendered. Its title and address come from the event's file and
    # name (in the event's facts) and the settings (in every output's key).
    every = tuple(views.events)
    slugs = tuple(map(EVENT_SLUG, every))
    yield EventPages(
        urls.incident_files(slugs),
        slugs,
        _INCIDENT_SHAPE,
        lambda index: incident_page(every[index]),
        lambda index: _event_page_facts(_INCIDENT_SHAPE, (every[index],), facts),
        facts,
    )
    # The whole history, then the history of each impact (its filter links' pages).
    archives: list[tuple[Impact | None, list[Event] | None]] = [
        (None, None),
        *views.by_impact.items(),
    ]
    archive_described = _("Past incidents and maintenance of %(title)s, newest first.") % {
        "title": title
    }
    for impact, archive in archives:
        for history in views.history_pages(archive, impact):
            path = history.address
            heading = (
                _("Incident history: %(impact)s") % {"impact": history.impact_label}
                if impact
                else _("Incident history")
            )
            # A filter's pages say which impact they list, as their title does (a name of its
            # own: the site's description, made above, is the 404 page's and the embed's too).
            history_described = (
                _("Past incidents and maintenance of %(title)s (%(impact)s), newest first.")
                % {"title": title, "impact": history.impact_label}
                if impact
                else archive_described
            )
            # Past the first, a page's description says its place as its title does: a
            # search engine takes pages described alike for one page said many times.
            paged = _paged(heading, history, language)
            if paged != heading:
                history_described = f"{paged} · {history_described}"
            heading = paged
            yield page(
                "history.html",
                urls.page_file(path),
                # An impact's filter page with nothing on it stays, so its link never
                # leads nowhere, but asks not to be indexed (the sitemap leaves it out).
                PageInfo(
                    f"{heading} · {title}",
                    path,
                    "history",
                    history_described,
                    impact not in context.unreported_impacts,
                ),
                (f"{history.impact or ''}/{history.number}/{history.count}",),
                events=history.events,
                history=history,
            )
    # What is open or in progress now: a component page names all of it, however old (an
    # incident open for months lies beyond the newest events a busy component lists).
    for component in views.components.values():
        events = views.by_component[component.id]
        shown, older, besides = _component_listing(events, views.current)
        # Its own history, where its page lists fewer than all its events.
        history_pages = urls.component_history_pages(component.id, len(events), besides)
        last = _last_incident(events)
        address = urls.component(component.id)
        yield page(
            "component.html",
            urls.page_file(address),
            PageInfo(
                f"{component.name} · {title}",
                address,
                "component",
                _("%(component)s (%(status)s)")
                % {"component": component.name, "status": _(component.status.label)},
            ),
            (
                facts.component(component),
                str(len(events)),
                *map(facts.event, shown),
                *(f"active {facts.event(e)}" for e in older),
                # The summary's "Last incident", wherever in the component's events it is.
                *(() if last is None else (f"last {last.slug}", facts.event(last))),
            ),
            lazy=partial(_shown_component_events, views, shown, older, last),
            component=component,
            component_event_count=len(events),
            component_history_url=context.url(history_pages[0]) if history_pages else None,
        )
        # Every event of the component, paginated as the history is: what its page leaves
        # out stays a link away without a script.
        for history in views.history_pages(events, component=(component, history_pages)):
            path = history.address
            heading = _("Incident history: %(component)s") % {"component": component.name}
            described_history = _(
                "Past incidents and maintenance of %(component)s, newest first."
            ) % {"component": component.name}
            paged = _paged(heading, history, language)
            if paged != heading:
                described_history = f"{paged} · {described_history}"
            yield page(
                "component_history.html",
                urls.page_file(path),
                PageInfo(f"{paged} · {title}", path, "history", described_history),
                (f"{component.id}={component.name}/{history.number}/{history.count}",),
                events=history.events,
                history=history,
            )
    listed = tuple(views.components.values())
    yield page(
        "subscribe.html",
        urls.page_file(urls.SUBSCRIBE),
        PageInfo(
            _("Subscribe") + f" · {title}",
            urls.SUBSCRIBE,
            "subscribe",
            _("Follow this page in the way that suits you. Nothing here needs an account."),
        ),
        tuple(f"{c.id}={c.name}" for c in listed),
        subscribe_components=listed,
    )
    yield page(
        "404.html",
        urls.NOT_FOUND,
        PageInfo(_("Page not found") + f" · {title}", urls.NOT_FOUND, "error", described, False),
    )
    # For an <iframe> on other sites; not a page of its own, so neither canonical nor in
    # the sitemap (which lists only .../index.html).
    yield page(
        "embed.html",
        urls.EMBED,
        PageInfo(_("Status") + f" · {title}", urls.EMBED, "embed", described, False),
    )
    for name, data in statics.items():
        # The bytes of a theme file, which every output follows already.
        yield Output(urls.asset(name), constant(data), ())


_INCIDENT_SHAPE = ("incident.html",)


def _event_page_facts(
    shape: tuple[str, ...] | None, events: Sequence[Event], facts: PageFacts
) -> tuple[str, ...] | None:
    """A page's own facts and those of the events it shows."""
    if shape is None:
        return None
    return known(*shape, *map(facts.event, events))


def _paged(heading: str, history: HistoryPage, language: Language) -> str:
    """A history page's heading with its place among the pages, past the first: every
    history (the site's, an impact's, a component's) says it alike."""
    if history.number == 1:
        return heading
    _ = language.gettext
    return _("%(heading)s, page %(number)s of %(count)s") % {
        "heading": heading,
        "number": language.number(history.number),
        "count": language.number(history.count),
    }


def _component_listing(
    events: Sequence[Event], current: Mapping[str, bool]
) -> tuple[list[Event], list[Event], int]:
    """A component page's list, newest first: every window still to come, every event
    active now and the urls.COMPONENT_EVENTS_LIMIT newest of its other events; the active
    ones older than those are listed after them. Then how many it lists whatever their
    age (status.listed_besides_newest): those in `current`, by slug, each with whether it
    is active now (Views.current).

    Those do not count towards the limit, as in the maintenance calendar: a year of weekly
    windows planned ahead would otherwise fill the list and hide an outage of two days
    ago, and an outage open now would push a closed one off the list, which an outage
    open for months did not."""
    shown: list[Event] = []
    older: list[Event] = []
    begun = besides = 0
    for event in events:
        active = current.get(event.slug)
        if active is not None:
            besides += 1
            (older if active and begun >= urls.COMPONENT_EVENTS_LIMIT else shown).append(event)
        elif begun < urls.COMPONENT_EVENTS_LIMIT:
            shown.append(event)
            begun += 1
    return shown, older, besides


def _last_incident(events: Sequence[Event]) -> Incident | None:
    """The component's last incident among its `events` (newest first): the newest closed
    one, else the newest open one; however many events are newer than it, as "Last
    incident" says it of all of them."""
    # The newest closed one adds to what "Now" says; without one, the open one is still the
    # last incident: "None recorded" beside an open incident contradicted the page. Found
    # from the newest on, without a list of all: every rebuild asks it of each component.
    incidents = (e for e in events if isinstance(e, Incident))
    closed = next((e for e in incidents if not e.is_open), None)
    return closed or next((e for e in events if isinstance(e, Incident)), None)


def _shown_component_events(
    views: Views, shown: Sequence[Event], older: Sequence[Event], last: Incident | None
) -> dict[str, object]:
    """A component page's list of events (the `older` active ones after the newest), how
    many of them are such older ones, what of them is active now and its last incident,
    made when it renders."""
    # Listed, not only named under "Now": the docs promise every open one in the list,
    # and a reader scanning it for an outage would otherwise miss the oldest still open.
    listed = [views.view(e) for e in (*shown, *older)]  # newest first
    return {
        "component_events": listed,
        "component_older_active": len(older),
        "component_active_events": [view for view in listed if view.active],
        "component_last_incident": None if last is None else views.view(last),
    }


class PageFacts:
    """The facts pages show: their own (an event, a component) as strings, and the values of
    the changing globals their templates read, recorded by name while they render."""

    def __init__(self, views: Views) -> None:
        self.views = views
        self.now = views.context.now
        self._components: dict[str, str] = {}
        self._reprs: dict[int, tuple[object, str]] = {}
        self._globals: dict[str, str | None] = {}

    def recording(self) -> AbstractContextManager[set[str]]:
        """Every changing global a template reads within the block, by name."""
        return recording()

    def value(self, name: str) -> str | None:
        """The value of a changing global or component view now, as a digest; None for a
        name that has no value now (a component since removed)."""
        if name.startswith("component:"):
            view = self.views.components.get(name.removeprefix("component:"))
            return None if view is None else self.component(view)
        if name.startswith(RUNNING_FACT):
            return self.shown_duration(name.removeprefix(RUNNING_FACT))
        if name.startswith(STATUS_FACT):
            # A retired component has no status of its own: its view says the incident's.
            shown = self.views.context.status.components.get(name.removeprefix(STATUS_FACT))
            return "" if shown is None else shown.value
        if name not in CHANGING_GLOBALS:
            return None
        if name not in self._globals:
            parts = self._global_parts(name)
            self._globals[name] = (
                None
                if any(p is None for p in parts)
                else hashlib.sha256(
                    "\n".join(p for p in parts if p is not None).encode()
                ).hexdigest()
            )
        return self._globals[name]

    def event(self, event: Event) -> str | None:
        """The facts of an event's view: the event's own (what a template shows of its
        components' current state, and of an open incident's duration, is recorded where
        it reads it)."""
        return self.views.context.event_fact(event)

    def shown_duration(self, slug: str) -> str | None:
        """An incident's duration, or a window's time past its plan, as the `duration`
        filter shows it now ("" for a window within its plan); None when there is no such
        event now."""
        event = self.views.by_slug.get(slug)
        if event is None:
            return None
        language = self.views.context.language
        if isinstance(event, Maintenance):
            state = self.views.context.status.maintenance[slug]
            span = overrun(event, state, self.now)
            return "" if span is None else format_duration(span, language)
        return format_duration(duration(event, self.now), language)

    def component(self, view: ComponentView) -> str:
        """A component view's facts: the view holds all a template can reach from it.

        Its repr, with its days' (90 bars) written once per build each: most are the same
        objects on every component. The bars are made from the days and the titles these
        name (Views.titles_named), so a build that renders no page showing them does not
        make them; a component with monitors, whose bars also say what they measured,
        has its bars' reprs instead."""
        key = self._components.get(view.id)
        if key is None:
            history = view.history
            measured = view.id in self.views.context.status.measured
            days = view.days if measured else history.days
            parts = [
                repr(replace(view, history=replace(history, days=()))),
                *map(self._repr, days),
            ]
            text = "\0".join(parts)
            key = self._components[view.id] = hashlib.sha256(text.encode()).hexdigest()
        return key

    def _repr(self, value: object) -> str:
        """repr(value), once per object this build (kept with it, so its id stays its own);
        a day's with the titles its bar names."""
        found = self._reprs.get(id(value))
        if found is None:
            text = repr(value)
            if isinstance(value, DayStatus):
                text += repr(self.views.titles_named(value))
            found = self._reprs[id(value)] = (value, text)
        return found[1]

    def _global_parts(self, name: str) -> list[str | None]:
        views, status = self.views, self.views.context.status
        if name == "now":
            return [self.now.isoformat()]
        if name == "overall_label":
            # Its words follow the number of incidents open, by the language's plural forms.
            return [repr((status.overall, len(status.open_incidents)))]
        if name in ("components", "sections"):
            return [
                *(self.component(c) for c in views.components.values()),
                *(
                    repr((s.group, s.status, [c.id for c in s.components]))
                    for s in views.sections
                    if isinstance(s, GroupView)
                ),
                *(s.id for s in views.sections),
            ]
        if name in ("open_incidents", "active_maintenances", "upcoming_maintenances"):
            return [self.event(e) for e in getattr(views, name).events]
        if name == "recent_events":
            return [self.event(e) for e in views.recent.events]
        if name == "component_links":
            return [c.id for c in self.views.context.listed_components]
        if name == "listed_groups":
            return list(self.views.context.listed_groups)
        if name == "status":
            return [
                self.now.isoformat(),
                repr((status.overall, status.indicator, status.description)),
                repr(sorted(status.components.items())),
                repr(sorted(status.groups.items())),
                repr(sorted(status.maintenance.items())),
                # What monitors measured (the component views below hold the details).
                repr([(cid, m.status, m.uptime) for cid, m in sorted(status.measured.items())]),
                # When the checks last made the whole page unknown, or stopped making it so.
                repr(status.unknown_changed_at),
                *map(self.event, views.open_incidents.events),
                *map(self.event, views.active_maintenances.events),
                *map(self.event, views.upcoming_maintenances.events),
                *(self.component(c) for c in views.components.values()),
            ]
        # `site`: the settings and components (in every key) and every event of the page.
        return [self.now.isoformat(), *(self.event(e) for e in views.events)]


def _globals(
    context: RenderContext, views: Views, statics: Mapping[str, bytes]
) -> dict[str, object]:
    tz = context.site.settings.tz
    language = context.language
    fingerprints = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in statics.items()}

    def asset_url(name: str) -> str:
        if not isinstance(name, str):
            raise wrong_value("asset_url()", "the name of a static file", name)
        if name not in fingerprints:
            raise no_asset(name, fingerprints)
        # The fingerprint lets hosts cache the file for long: a new version is a new URL.
        # The file keeps its name; its link is percent-encoded ("a b#2.svg" is a%20b%232.svg).
        return f"{context.url(quote(urls.asset(name)))}?v={fingerprints[name]}"

    def url(path: str = "") -> str:
        if not isinstance(path, str):
            raise wrong_value("url()", "a path of the site", path)
        return context.url(path)

    def absolute_url(path: str = "") -> str:
        if not isinstance(path, str):
            raise wrong_value("absolute_url()", "a path of the site", path)
        return context.absolute_url(path)

    def link(target: str) -> str:
        if not isinstance(target, str):
            raise wrong_value("link()", "a path or a URL", target)
        if _URL.match(target):
            return target
        return context.url(target)

    # Each moment and range as markup once per build: an event's times show on its page,
    # the history, its impact's history and its components' pages. The markup (in the
    # site's zone) follows only the instant: a datetime with its offset names it (two of
    # one zone compare by wall time, so the two 02:30 of the night the clocks go back
    # would otherwise be one).
    tags: dict[tuple[datetime, timedelta | None], Markup] = {}
    ranges: dict[tuple[object, ...], Markup] = {}

    def time_tag_(moment: datetime) -> Markup:
        if not isinstance(moment, datetime):
            raise wrong_value("time_tag()", "a time", moment)
        key = (moment, moment.utcoffset())
        found = tags.get(key)
        if found is None:
            found = tags[key] = time_tag(moment, tz, language)
        return found

    def time_range_(start: datetime, end: datetime | None) -> Markup:
        if not isinstance(start, datetime):
            raise wrong_value("time_range()", "a start time", start)
        if not (end is None or isinstance(end, datetime)):
            raise wrong_value("time_range()", "an end time or None", end)
        key = (start, start.utcoffset(), end, None if end is None else end.utcoffset())
        found = ranges.get(key)
        if found is None:
            found = ranges[key] = time_range(start, end, tz, language)
        return found

    def days_ago(days: int) -> str:
        if not isinstance(days, int) or isinstance(days, bool):
            raise wrong_value("days_ago()", "a whole number of days", days)
        return language.days_ago(days)

    return {
        # The views of what this page may show, never the model: it holds drafts too.
        "site": views.site,
        "settings": views.settings,
        # <html lang dir>: the language the words are in ("en" for a language without a
        # catalog), "rtl" for Arabic, Hebrew and other right-to-left languages.
        "lang": language.tag,
        "direction": language.direction,
        # The same language as Open Graph's og:locale writes it (`pt_BR`).
        "og_locale": og_locale(language.tag),
        "status": views.status,
        # The banner's words in the page's language, by the number of incidents open.
        "overall_label": overall_words(views.status, language),
        "now": context.now,
        "timezone": context.site.settings.timezone,
        # The hour as the language writes it, for localtime.js (Language.hour_digits).
        "hour_digits": language.hour_digits,
        "history_days": context.site.settings.history_days,
        "sections": views.sections,
        "components": views.components,
        "open_incidents": views.open_incidents,
        "active_maintenances": views.active_maintenances,
        "upcoming_maintenances": views.upcoming_maintenances,
        "recent_events": views.recent,
        # The history's filter links: every impact (its archive exists even when empty, so
        # the links, and the pages holding them, do not change as incidents come and go),
        # which follows only the settings, and each component the front page lists, by
        # name, which follows their status too (a changing global).
        "history_impacts": tuple((i.value, language.gettext(IMPACT_LABELS[i])) for i in Impact),
        "search_messages": search_messages(language, context.site.settings.tz),
        "component_links": tuple(
            (context.standalone_name(c), context.url(urls.component(c.id)))
            for c in context.listed_components
        ),
        # The groups the front page lists (a heading to link to), which follows their
        # components' status (a changing global).
        "listed_groups": context.listed_groups,
        "recent_days": RECENT_DAYS,
        "cards_in_full": CARDS_IN_FULL,
        "bars_shown": BARS_SHOWN,
        "url": url,
        "absolute_url": absolute_url,
        "asset_url": asset_url,
        "link": link,
        "time_tag": time_tag_,
        "time_range": time_range_,
        "days_ago": days_ago,
    }


# A URL of its own: a scheme (RFC 3986: a letter, then letters, digits, "+", "." or "-";
# any case), as mailto: and tel: have, or a host without one ("//cdn.example.com/x").
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


# The filters statusgen adds to Jinja's (_filters): check compiles a site's templates
# knowing their names, as Jinja stops at a filter it does not know.
FILTER_NAMES = (
    "markdown",
    "datetime",
    "date",
    "duration",
    "percent",
    "number",
    "join_list",
    "isolate",
)


def _filters(context: RenderContext, views: Views) -> dict[str, Callable[..., object]]:
    tz = context.site.settings.tz
    language = context.language

    # A None given to a filter of times fails at its template line, never shows "now":
    # Babel formats None as the machine's clock, and a build follows only its `--now`.
    def datetime_(moment: datetime, *given: object, **named: object) -> str:
        if not isinstance(moment, datetime):
            raise wrong_value("the datetime filter", "a time", moment)
        if given or named:
            raise no_format("datetime", given, named)
        return format_datetime(moment, tz, language)

    def date_(day: date, *given: object, **named: object) -> str:
        if not isinstance(day, date):
            raise wrong_value("the date filter", "a date or a time", day)
        if given or named:
            raise no_format("date", given, named)
        return format_date(day, tz, language)

    def duration_(span: timedelta) -> str:
        if not isinstance(span, timedelta):
            raise wrong_value("the duration filter", "a duration", span)
        return format_duration(shown_duration(span), language)

    def number_(value: int) -> str:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise wrong_value("the number filter", "a number", value)
        return language.number(value)

    def percent_(fraction: float | None) -> str:
        # A day without data is None ("No data"); anything but a fraction would print as
        # 100% (99.95, 250) or as a negative uptime, and text (a component's `uptime`) is
        # already worded.
        if fraction is None:
            return format_percent(None, language)
        if not isinstance(fraction, int | float) or isinstance(fraction, bool):
            mistake = wrong_value("the percent filter", "a fraction from 0 to 1", fraction)
            raise ThemeMistake(mistake.message, PERCENT_HINT)
        if not 0 <= fraction <= 1:
            raise ThemeMistake(
                f"the percent filter needs a fraction from 0 to 1, got {fraction!r}",
                PERCENT_HINT,
            )
        return format_percent(fraction, language)

    markdown = views.markdown

    def markdown_(source: str, below: str = "h3", base: str | None = None) -> Markup:
        if not isinstance(source, str):
            raise wrong_value("the markdown filter", "Markdown text", source)
        if not isinstance(below, str) or below not in MARKDOWN_BELOW:
            raise wrong_value("the markdown filter's `below`", "a heading from 'h1' to 'h5'", below)
        if not (base is None or isinstance(base, str)):
            raise wrong_value("the markdown filter's `base`", "an event's url or None", base)
        return markdown(source, below, base)

    direction = language.direction

    def isolate(value: str) -> str:
        # An author's name or title put into a phrase or a list, isolated where its
        # direction could reorder the words around it (needs_isolation); as it is elsewhere.
        # With the isolate characters, not a <bdi>: a theme may print it in an attribute.
        if not isinstance(value, str):
            raise wrong_value("the isolate filter", "a name or a title", value)
        if needs_isolation(value, direction):
            # Text stays text, escaped where it is printed; markup stays markup.
            return Markup(isolated(value)) if isinstance(value, Markup) else isolated(value)
        return value

    def join_list(names: Iterable[str]) -> str:
        # Text (a title, or component_names(), which is joined already) is a sequence of
        # letters: joined, it would publish "A, P, and I".
        if isinstance(names, str) or not isinstance(names, Iterable):
            raise wrong_value("the join_list filter", "a list of names", names)
        # Each name isolated; markup (links a template made) isolates what it holds itself.
        return language.join(
            [n if isinstance(n, Markup) or not isinstance(n, str) else isolate(n) for n in names]
        )

    return {
        "markdown": markdown_,
        "datetime": datetime_,
        "date": date_,
        "duration": duration_,
        "percent": percent_,
        "number": number_,
        # A list of names for readers, by the language's CLDR pattern ("A, B und C").
        "join_list": join_list,
        # A name or a title set apart from the phrase it is put into (U+2068 … U+2069).
        "isolate": isolate,
    }


PERCENT_HINT = (
    "give it a fraction (0.9995 shows as 99.95%); a component's `uptime` is already text "
    "(print it as it is: {{ c.uptime }})"
)


def no_format(name: str, given: Sequence[object], named: Mapping[str, object]) -> ThemeMistake:
    """What a template handing the `name` filter a format (`now|date("short")`) is told:
    the site's language says dates and times one way, on every page alike."""
    shown = ", ".join([*map(_shown, given), *(f"{k}={_shown(v)}" for k, v in named.items())])
    return ThemeMistake(
        f"the {name} filter needs no arguments, got {shown}",
        f"write {{{{ value|{name} }}}}: it says the {'day' if name == 'date' else 'time'} as "
        "the site's `language` does, in its `timezone`",
    )


def wrong_value(function: str, wanted: str, value: object) -> ThemeMistake:
    """What a template is told when it hands `function` a value that is not `wanted`; a
    misspelled name's value is reported as the misspelling (with the name it likely meant)."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if value is None:
        return ThemeMistake(f"{function} needs {wanted}, got None", NONE_HINT)
    return ThemeMistake(f"{function} needs {wanted}, got {_shown(value)}", WRONG_VALUE_HINT)


def _shown(value: object) -> str:
    """A value as a mistake names it: its type and repr, cut short."""
    if value is None:
        return "None"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{type(value).__name__} {shown}"
