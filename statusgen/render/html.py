"""The HTML pages: the theme's Jinja templates filled from the site and its computed status.

Templates only lay out what this module hands them. Every status (what is up, what a
maintenance window is doing, how long an incident lasted) comes from status.py; this
module turns it into view objects, formats times, and picks which template file wins.

Template lookup, first match wins:
  1. the site's `themes/templates/`              (one-file overrides)
  2. the site's `themes/<theme>/templates/`      (only when `theme:` is not "default")
  3. the built-in theme, `statusgen/themes/default/templates/`
The built-in templates are also reachable as `builtin/<name>`, so an override can extend
the file it replaces. Static files follow the same order (`static/` instead of
`templates/`) and are written under `assets/`.
"""

from __future__ import annotations

import hashlib
import math
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape

from statusgen.errors import fail
from statusgen.model import (
    Component,
    ComponentStatus,
    Event,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Site,
    Update,
)
from statusgen.render.context import RenderContext, RenderedFiles
from statusgen.render.markdown import MarkdownMemo, contain_bidi
from statusgen.status import (
    ComponentHistory,
    DayStatus,
    duration,
    incident_end,
    is_listed,
    maintenance_is_active,
)

BUILTIN_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"
HISTORY_PAGE_SIZE = 25
# The index shows closed incidents and finished maintenance of the last RECENT_DAYS days.
RECENT_DAYS = 30
RECENT_LIMIT = 10
# A component page lists its newest incidents; the full archive is the history pages.
COMPONENT_EVENTS_LIMIT = 50

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip

IMPACT_LABELS: Mapping[Impact, str] = {
    Impact.NONE: "No impact",
    Impact.MINOR: "Minor impact",
    Impact.MAJOR: "Major impact",
    Impact.CRITICAL: "Critical impact",
    Impact.MAINTENANCE: "Maintenance",
}


# --- view objects: what templates receive ----------------------------------------------


@dataclass(frozen=True)
class DayView:
    """One bar of an uptime history, with the words a screen reader (or a hover) shows."""

    day: date
    status: DayStatus
    css: str  # the status value, or "none" for a day without data
    label: str
    link: str | None  # the first event of the day, if any


@dataclass(frozen=True)
class ComponentView:
    component: Component
    id: str
    name: str
    description: str | None
    url: str
    status: ComponentStatus  # effective, now
    listed: bool  # false while `only_show_if_degraded` hides it
    history: ComponentHistory
    days: tuple[DayView, ...]  # oldest first
    uptime: str  # "99.95%", or "No data"
    worst_day: str  # "14 Oct 2026 (Major outage, 96.39%)", or "" when every day was clear
    feed_url: str

    is_group = False


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
    status: ComponentStatus  # during the incident or maintenance


@dataclass(frozen=True)
class EventView:
    """An incident or a maintenance window, ready to show."""

    event: Event
    kind: str  # "incident" or "maintenance"
    slug: str
    title: str
    url: str
    state: IncidentState | MaintenanceState  # current
    active: bool  # open incident, or maintenance in progress or verifying
    impact: Impact
    impact_label: str
    start: datetime  # started_at, or scheduled_for
    end: datetime | None  # resolved (None while open), or scheduled_until
    duration: timedelta  # so far while open; the window for maintenance
    components: tuple[AffectedView, ...]
    updates: tuple[Update, ...]  # newest first
    summary: str  # Markdown source

    @property
    def is_maintenance(self) -> bool:
        return self.kind == "maintenance"

    @property
    def latest(self) -> Update | None:
        return self.updates[0] if self.updates else None


@dataclass(frozen=True)
class MonthView:
    label: str  # "November 2026"
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class HistoryPage:
    number: int  # 1-based
    count: int  # pages in all
    months: tuple[MonthView, ...]
    newer_url: str | None
    older_url: str | None
    # Links to nearby pages as (number, url); (None, None) marks a gap. Only the first, the
    # last and the pages around this one, so the archive stays linear in size.
    links: tuple[tuple[int | None, str | None], ...]


@dataclass(frozen=True)
class PageInfo:
    """The page being rendered: its <title>, its path in the site, and where it belongs."""

    title: str
    path: str  # relative to the site root, "" for the index
    section: str  # "status", "history", "component", "incident", "error" or "embed"
    description: str = ""
    canonical: bool = True


# --- formatting --------------------------------------------------------------------------


def format_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """`22 Nov 2026, 19:41 CET`: the site timezone, named."""
    local = moment.astimezone(tz)
    return f"{format_date(local.date())}, {local:%H:%M} {local.tzname()}"


def format_date(day: date) -> str:
    """`22 Nov 2026`, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def format_duration(span: timedelta) -> str:
    """`52 min`, `1 h 4 min`, `3 days 2 h`."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = f"{days} day" if days == 1 else f"{days} days"
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def format_percent(fraction: float | None) -> str:
    """`99.95%`, cut rather than rounded so a bad day never shows as 100%."""
    if fraction is None:
        return "No data"
    if fraction >= 1:
        return "100%"
    return f"{math.floor(fraction * 10000) / 100:.2f}%"


def time_tag(moment: datetime, tz: ZoneInfo) -> Markup:
    """A <time> element: ISO 8601 for machines, the site's local time for people."""
    local = moment.astimezone(tz)
    return _time_element(local, format_datetime(local, tz))


def _time_element(local: datetime, label: str) -> Markup:
    # Built by hand rather than with Markup.format: pages hold thousands of these.
    return Markup(f'<time datetime="{local.isoformat()}">{escape(label)}</time>')


def time_range(start: datetime, end: datetime | None, tz: ZoneInfo) -> Markup:
    """`14 Oct 2026, 14:11 – 16:10 CEST`; the date and zone are said once when they repeat."""
    if end is None:
        return time_tag(start, tz) + " – ongoing"
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date() and local_start.tzname() == local_end.tzname():
        first = f"{format_date(local_start.date())}, {local_start:%H:%M}"
        return Markup('<time datetime="{}">{}</time> – <time datetime="{}">{}</time>').format(
            local_start.isoformat(),
            first,
            local_end.isoformat(),
            f"{local_end:%H:%M} {local_end.tzname()}",
        )
    return Markup("{} – {}").format(time_tag(start, tz), time_tag(end, tz))


_HEADING = re.compile(r"<(/?)h([3-5])>")


class MarkdownCache:
    """Each distinct message rendered once, however many pages show it."""

    def __init__(self, memo: MarkdownMemo) -> None:
        self._memo = memo
        self._html: dict[str, Markup] = {}

    def __call__(self, source: str) -> Markup:
        html = self._html.get(source)
        if html is None:
            # Messages sit below an update's h3, so their own headings move one level down.
            # The sanitizer's output has bare heading tags; text "<h3>" arrives escaped.
            shifted = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", self._memo.render(source))
            html = self._html[source] = Markup(shifted)
        return html


# --- theme -----------------------------------------------------------------------------------


def theme_folders(context: RenderContext) -> list[Path]:
    """The theme folders in lookup order (site overrides, chosen theme, built-in)."""
    settings = context.site.settings
    themes = Path(context.site.root) / "themes"
    folders = [themes]
    if settings.theme != "default":
        chosen = themes / settings.theme
        if not (chosen / "templates").is_dir():
            raise fail(
                "statusgen.yaml",
                f"theme {settings.theme!r} not found: "
                f"there is no folder themes/{settings.theme}/templates/",
                'create it, or remove `theme:` to use the built-in theme ("default")',
            )
        folders.append(chosen)
    folders.append(BUILTIN_THEME)
    return folders


def make_environment(folders: Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names, loader chain in order."""
    builtin = jinja2.FileSystemLoader(BUILTIN_THEME / "templates")
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(folder / "templates") for folder in folders[:-1]
    ]
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=_contain_bidi,
    )


def _contain_bidi(value: object) -> object:
    # Every value a template prints, Markup included: a title's direction override must not
    # reorder the page around it. Adding or dropping these marks never changes the markup.
    if isinstance(value, Markup):
        return Markup(contain_bidi(value))
    if isinstance(value, str):
        return contain_bidi(value)
    return value


def static_files(folders: Sequence[Path]) -> dict[str, Path]:
    """Static files by path under assets/, the first theme folder holding a name winning."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(p for p in static.rglob("*") if p.is_file()):
            found[path.relative_to(static).as_posix()] = path
    return dict(sorted(found.items()))


# --- the pages -----------------------------------------------------------------------------


def render_pages(context: RenderContext) -> RenderedFiles:
    """Every HTML page of the site and the theme's static files, as (path, bytes); None for
    a page whose key says the output folder already holds it (see cache.py)."""
    folders = theme_folders(context)
    statics = {name: path.read_bytes() for name, path in static_files(folders).items()}
    env = make_environment(folders)
    views = _Views(context)
    env.globals.update(_globals(context, views, statics))
    env.filters.update(_filters(context, views))
    reuse = context.reuse
    keys = _PageKeys(env, views) if reuse.enabled else None

    def page(
        template: str, path: str, info: PageInfo, inputs: Sequence[str] = (), **values: object
    ) -> tuple[str, bytes | None]:
        if keys is not None and reuse.keep(
            path, template, repr(info), *keys.template_inputs(template), *inputs
        ):
            return path, None
        return path, _render(env, template, context, {"page": info, **values}).encode("utf-8")

    title = context.site.settings.title
    yield page(
        "index.html",
        "index.html",
        PageInfo(title, "", "status", context.site.settings.description),
    )
    for event in views.events:
        yield page(
            "incident.html",
            f"incidents/{event.slug}/index.html",
            PageInfo(f"{event.title} · {title}", f"incidents/{event.slug}/", "incident"),
            (keys.event(event),) if keys else (),
            event=event,
        )
    for history in views.history_pages():
        path = "history/" if history.number == 1 else f"history/page/{history.number}/"
        heading = (
            "Incident history"
            if history.number == 1
            else (f"Incident history, page {history.number} of {history.count}")
        )
        yield page(
            "history.html",
            f"{path}index.html",
            PageInfo(f"{heading} · {title}", path, "history"),
            (
                f"{history.number}/{history.count}",
                *(keys.event(e) for month in history.months for e in month.events),
            )
            if keys
            else (),
            history=history,
        )
    for component in views.components.values():
        events = views.by_component[component.id]
        shown = events[:COMPONENT_EVENTS_LIMIT]
        yield page(
            "component.html",
            f"components/{component.id}/index.html",
            PageInfo(f"{component.name} · {title}", f"components/{component.id}/", "component"),
            (keys.component(component), str(len(events)), *(keys.event(e) for e in shown))
            if keys
            else (),
            component=component,
            component_events=shown,
            component_event_count=len(events),
        )
    listed = tuple(views.components.values())
    yield page(
        "subscribe.html",
        "subscribe/index.html",
        PageInfo(f"Subscribe · {title}", "subscribe/", "subscribe"),
        tuple(f"{c.id}={c.name}" for c in listed),
        subscribe_components=listed,
    )
    yield page(
        "404.html",
        "404.html",
        PageInfo(f"Page not found · {title}", "404.html", "error", canonical=False),
    )
    # For an <iframe> on other sites; not a page of its own, so neither canonical nor in
    # the sitemap (which lists only .../index.html).
    yield page(
        "embed.html",
        "embed.html",
        PageInfo(f"Status · {title}", "embed.html", "embed", canonical=False),
    )
    for name, data in statics.items():
        yield f"assets/{name}", data


# Template globals whose values follow the incidents and the clock. A page whose templates
# name one of them is keyed by that value too; the others (settings, url, ...) follow only
# the settings and theme, which every key already covers.
_CHANGING_GLOBALS = frozenset(
    {
        "site",
        "status",
        "now",
        "sections",
        "components",
        "open_incidents",
        "active_maintenances",
        "upcoming_maintenances",
        "recent_events",
    }
)


class _PageKeys:
    """The inputs each page shows, as strings for its cache key (cache.Reuse).

    A page shows its own values (an event, a page of history, a component) and whatever
    template globals its templates name. Which globals those are is read from the
    templates themselves, following extends, include and import, so a theme that shows,
    say, the overall status on every incident page makes those pages follow it.
    """

    def __init__(self, env: jinja2.Environment, views: _Views) -> None:
        self.env = env
        self.views = views
        self.now = views.context.now
        self._events: dict[str, str] = {}
        self._components: dict[str, str] = {}
        self._globals: dict[str, str] = {}
        self._templates: dict[str, tuple[str, ...]] = {}

    def event(self, event: EventView) -> str:
        key = self._events.get(event.slug)
        if key is None:
            key = self._events[event.slug] = "|".join(
                (
                    self.views.context.reuse.event_key(event.event, self.now),
                    *(self.component(a.component) for a in event.components),
                )
            )
        return key

    def component(self, view: ComponentView) -> str:
        key = self._components.get(view.id)
        if key is None:
            # The view holds everything a template can reach from it: status, uptime, bars.
            key = self._components[view.id] = hashlib.sha256(repr(view).encode()).hexdigest()
        return key

    def template_inputs(self, template: str) -> tuple[str, ...]:
        found = self._templates.get(template)
        if found is None:
            names = self._names(template)
            found = self._templates[template] = tuple(
                f"{name}={self._global(name)}" for name in sorted(names & _CHANGING_GLOBALS)
            )
        return found

    def _names(self, template: str) -> frozenset[str]:
        """Every name the template and those it pulls in leave undeclared; all changing
        globals when one of them is chosen at render time (a name we cannot follow).
        Answered from the last build while the theme is the same (cache.Reuse)."""
        known = self.views.context.reuse.template_names
        if template not in known:
            known[template] = sorted(self._find_names(template))
        return frozenset(known[template])

    def _find_names(self, template: str) -> frozenset[str]:
        from jinja2 import meta

        seen: set[str] = set()
        names: set[str] = set()
        pending = [template]
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
                tree = self.env.parse(source)
            except jinja2.TemplateError:
                return _CHANGING_GLOBALS  # rendering reports it; never trust a key here
            names |= meta.find_undeclared_variables(tree)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:
                    return _CHANGING_GLOBALS
                pending.append(referenced)
        return frozenset(names)

    def _global(self, name: str) -> str:
        value = self._globals.get(name)
        if value is None:
            value = self._globals[name] = hashlib.sha256(
                "\n".join(self._global_parts(name)).encode()
            ).hexdigest()
        return value

    def _global_parts(self, name: str) -> list[str]:
        views, status = self.views, self.views.context.status
        if name == "now":
            return [self.now.isoformat()]
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
            return [self.event(e) for e in getattr(views, name)]
        if name == "recent_events":
            return [self.event(e) for e in views.recent]
        if name == "status":
            return [
                self.now.isoformat(),
                repr((status.overall, status.indicator, status.description)),
                repr(sorted(status.components.items())),
                repr(sorted(status.groups.items())),
                repr(sorted(status.maintenance.items())),
                *(self.event(e) for e in (*views.open_incidents, *views.active_maintenances)),
                *(self.event(e) for e in views.upcoming_maintenances),
                *(self.component(c) for c in views.components.values()),
            ]
        # `site`: the whole model.
        return [self.now.isoformat(), *(self.event(e) for e in views.events)]


def _render(
    env: jinja2.Environment, template: str, context: RenderContext, values: Mapping[str, object]
) -> str:
    """One template rendered; a mistake in a theme file becomes a diagnostic with its line."""
    try:
        return env.get_template(template).render(values)
    except jinja2.TemplateSyntaxError as exc:
        raise fail(
            _theme_path(exc.filename, context), exc.message or str(exc), line=exc.lineno or 0
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise fail(f"<theme>/{template}", f"template {exc.name!r} not found") from exc
    except jinja2.TemplateError as exc:
        path, line = _template_frame(exc)
        raise fail(_theme_path(path, context), str(exc), line=line) from exc


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    # Jinja rewrites tracebacks so that template frames carry the template file and line.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return frame.filename, frame.lineno or 0
    return None, 0


def _theme_path(filename: str | None, context: RenderContext) -> str:
    if filename is None:
        return "<theme>"
    path = Path(filename)
    for base, shown in (
        (Path(context.site.root).resolve(), ""),
        (BUILTIN_THEME.parent.parent, "statusgen/"),
    ):
        if path.resolve().is_relative_to(base):
            return shown + path.resolve().relative_to(base).as_posix()
    return filename


def _globals(
    context: RenderContext, views: _Views, statics: Mapping[str, bytes]
) -> dict[str, object]:
    tz = context.site.settings.tz
    fingerprints = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in statics.items()}

    def asset_url(name: str) -> str:
        if name not in fingerprints:
            raise fail(
                "<theme>", f"asset_url({name!r}): no static file {name!r} in any theme folder"
            )
        # The fingerprint lets hosts cache the file for long: a new version is a new URL.
        return f"{context.url('assets/' + name)}?v={fingerprints[name]}"

    def link(target: str) -> str:
        if re.match(r"^(https?:)?//", target):
            return target
        return context.url(target)

    def time_tag_(moment: datetime) -> Markup:
        return time_tag(moment, tz)

    def time_range_(start: datetime, end: datetime | None) -> Markup:
        return time_range(start, end, tz)

    return {
        "site": context.site,
        "settings": context.site.settings,
        "status": context.status,
        "now": context.now,
        "timezone": context.site.settings.timezone,
        "history_days": context.site.settings.history_days,
        "sections": views.sections,
        "components": views.components,
        "open_incidents": views.open_incidents,
        "active_maintenances": views.active_maintenances,
        "upcoming_maintenances": views.upcoming_maintenances,
        "recent_events": views.recent,
        "recent_days": RECENT_DAYS,
        "url": context.url,
        "absolute_url": context.absolute_url,
        "asset_url": asset_url,
        "link": link,
        "time_tag": time_tag_,
        "time_range": time_range_,
    }


def _filters(context: RenderContext, views: _Views) -> dict[str, Callable[..., object]]:
    tz = context.site.settings.tz
    return {
        "markdown": views.markdown,
        "datetime": lambda moment: format_datetime(moment, tz),
        "date": format_date,
        "duration": format_duration,
        "percent": format_percent,
    }


class _Views:
    """The view objects of one build, each made once and shared by every page that shows it."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.markdown = MarkdownCache(context.markdown)
        site, status = context.site, context.status
        events = _newest_first(site)
        self._titles = {e.slug: e.title for e in events}
        self.components: dict[str, ComponentView] = {
            c.id: self._component(c) for c in site.components
        }
        self.events: list[EventView] = [self._event(e) for e in events]
        by_slug = {e.slug: e for e in self.events}
        self.open_incidents = tuple(by_slug[i.slug] for i in status.open_incidents)
        self.active_maintenances = tuple(by_slug[m.slug] for m in status.active_maintenances)
        self.upcoming_maintenances = tuple(by_slug[m.slug] for m in status.upcoming_maintenances)
        # One pass over all events, so component pages cost O(events), not O(events × components).
        self.by_component: dict[str, list[EventView]] = {cid: [] for cid in self.components}
        for event in self.events:
            for affected in event.components:
                self.by_component[affected.component.id].append(event)
        self.sections = self._sections()
        self.recent = self._recent()

    def _component(self, component: Component) -> ComponentView:
        status = self.context.status
        history = status.history[component.id]
        worst = history.worst_day
        worst_text = ""
        if worst is not None:
            worst_text = (
                f"{format_date(worst.day)} ({worst.worst.label}, {format_percent(worst.uptime)})"
            )
        effective = status.components[component.id]
        return ComponentView(
            component=component,
            id=component.id,
            name=component.name,
            description=component.description,
            url=self.context.url(f"components/{component.id}/"),
            status=effective,
            listed=is_listed(component, effective),
            history=history,
            days=tuple(self._day(d) for d in history.days),
            uptime=format_percent(history.uptime),
            worst_day=worst_text,
            feed_url=self.context.url(f"components/{component.id}/feed.xml"),
        )

    def _day(self, day: DayStatus) -> DayView:
        label = format_date(day.day) + ": "
        if day.uptime is None and not day.events:
            label += "no data"
            css = "none"
        elif not day.events and day.worst is ComponentStatus.OPERATIONAL:
            label += "no incidents"
            css = day.worst.value
        else:
            label += f"{day.worst.label}, {format_percent(day.uptime)} uptime"
            label += "".join(f"; {self._titles[slug]}" for slug in day.events)
            css = day.worst.value
        link = self.context.url(f"incidents/{day.events[0]}/") if day.events else None
        return DayView(day.day, day, css, label, link)

    def _event(self, event: Event) -> EventView:
        status = self.context.status
        state: IncidentState | MaintenanceState
        if isinstance(event, Incident):
            kind, state, active = "incident", event.state, event.is_open
            impact, start, end = event.impact, event.started_at, incident_end(event)
        else:
            kind, state = "maintenance", status.maintenance[event.slug]
            active = maintenance_is_active(state)
            impact, start, end = Impact.MAINTENANCE, event.scheduled_for, event.scheduled_until
        return EventView(
            event=event,
            kind=kind,
            slug=event.slug,
            title=event.title,
            url=self.context.url(f"incidents/{event.slug}/"),
            state=state,
            active=active,
            impact=impact,
            impact_label=IMPACT_LABELS[impact],
            start=start,
            end=end,
            duration=duration(event, self.context.now),
            components=tuple(
                AffectedView(self.components[a.id], a.status) for a in event.components
            ),
            updates=tuple(reversed(event.updates)),
            summary=event.summary,
        )

    def _sections(self) -> tuple[GroupView | ComponentView, ...]:
        site, status = self.context.site, self.context.status
        groups = {g.id: g for g in site.groups}
        order = site.top_level or (
            *(g.id for g in site.groups),
            *(c.id for c in site.components if c.group_id is None),
        )
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
                            group.name,
                            group.description,
                            status.groups[group.id],
                            members,
                        )
                    )
            elif self.components[entry].listed:
                sections.append(self.components[entry])
        return tuple(sections)

    def _recent(self) -> tuple[EventView, ...]:
        """Closed incidents and finished maintenance of the last RECENT_DAYS, newest first."""
        since = self.context.now - timedelta(days=RECENT_DAYS)
        recent: list[EventView] = []
        for event in self.events:
            if event.start < since or len(recent) == RECENT_LIMIT:
                break  # events are newest first: nothing older can follow
            if not event.active and event.state is not MaintenanceState.SCHEDULED:
                recent.append(event)
        return tuple(recent)

    def history_pages(self) -> Iterator[HistoryPage]:
        """The archive, HISTORY_PAGE_SIZE events a page, newest first; one empty page if none."""
        tz = self.context.site.settings.tz
        count = max(1, math.ceil(len(self.events) / HISTORY_PAGE_SIZE))
        urls = tuple(
            self.context.url("history/" if n == 1 else f"history/page/{n}/")
            for n in range(1, count + 1)
        )
        for number in range(1, count + 1):
            chunk = self.events[(number - 1) * HISTORY_PAGE_SIZE : number * HISTORY_PAGE_SIZE]
            months: dict[str, list[EventView]] = {}
            for event in chunk:
                local = event.start.astimezone(tz)
                months.setdefault(f"{MONTHS[local.month - 1]} {local.year}", []).append(event)
            yield HistoryPage(
                number=number,
                count=count,
                months=tuple(MonthView(label, tuple(events)) for label, events in months.items()),
                newer_url=urls[number - 2] if number > 1 else None,
                older_url=urls[number] if number < count else None,
                links=_page_links(number, urls),
            )


def _page_links(number: int, urls: Sequence[str]) -> tuple[tuple[int | None, str | None], ...]:
    shown = sorted({1, len(urls), *range(max(1, number - 2), min(len(urls), number + 2) + 1)})
    links: list[tuple[int | None, str | None]] = []
    for previous, page in zip([0, *shown], shown, strict=False):
        if page - previous > 1:
            links.append((None, None))
        links.append((page, urls[page - 1]))
    return tuple(links)


def _newest_first(site: Site) -> list[Event]:
    events: list[Event] = [*site.incidents, *site.maintenances]
    events.sort(key=_event_start, reverse=True)
    return events


def _event_start(event: Event) -> tuple[datetime, str]:
    start = event.scheduled_for if isinstance(event, Maintenance) else event.started_at
    return start, event.slug
