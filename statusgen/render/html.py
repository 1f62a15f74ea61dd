"""The HTML pages: the theme's Jinja templates filled from the site and its computed status.

Templates only lay out what they are handed: view objects (views.py), worded by
format.py, found through the theme's loader chain (theme.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import jinja2
from markupsafe import Markup

from statusgen import urls
from statusgen.errors import fail
from statusgen.render.context import RenderContext, RenderedFiles
from statusgen.render.format import (
    format_date,
    format_datetime,
    format_duration,
    format_percent,
    time_range,
    time_tag,
)
from statusgen.render.theme import make_environment, render_template, static_files, theme_folders
from statusgen.render.views import (
    COMPONENT_EVENTS_LIMIT,
    RECENT_DAYS,
    ComponentView,
    EventView,
    GroupView,
    PageInfo,
    Views,
)

# --- the pages -----------------------------------------------------------------------------


def render_pages(context: RenderContext) -> RenderedFiles:
    """Every HTML page of the site and the theme's static files, as (path, bytes); None for
    a page whose key says the output folder already holds it (see statusgen.incremental)."""
    folders = theme_folders(context)
    statics = {name: path.read_bytes() for name, path in static_files(folders).items()}
    env = make_environment(folders)
    views = Views(context)
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
        return path, render_template(env, template, context, {"page": info, **values}).encode(
            "utf-8"
        )

    title = context.site.settings.title
    yield page(
        "index.html",
        urls.INDEX,
        PageInfo(title, "", "status", context.site.settings.description),
    )
    for event in views.events:
        address = urls.incident(event.slug)
        yield page(
            "incident.html",
            urls.page_file(address),
            PageInfo(f"{event.title} · {title}", address, "incident"),
            (keys.event(event),) if keys else (),
            event=event,
        )
    for history in views.history_pages():
        path = urls.history(history.number)
        heading = (
            "Incident history"
            if history.number == 1
            else (f"Incident history, page {history.number} of {history.count}")
        )
        yield page(
            "history.html",
            urls.page_file(path),
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
        address = urls.component(component.id)
        yield page(
            "component.html",
            urls.page_file(address),
            PageInfo(f"{component.name} · {title}", address, "component"),
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
        urls.page_file(urls.SUBSCRIBE),
        PageInfo(f"Subscribe · {title}", urls.SUBSCRIBE, "subscribe"),
        tuple(f"{c.id}={c.name}" for c in listed),
        subscribe_components=listed,
    )
    yield page(
        "404.html",
        urls.NOT_FOUND,
        PageInfo(f"Page not found · {title}", urls.NOT_FOUND, "error", canonical=False),
    )
    # For an <iframe> on other sites; not a page of its own, so neither canonical nor in
    # the sitemap (which lists only .../index.html).
    yield page(
        "embed.html",
        urls.EMBED,
        PageInfo(f"Status · {title}", urls.EMBED, "embed", canonical=False),
    )
    for name, data in statics.items():
        yield urls.asset(name), data


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

    def __init__(self, env: jinja2.Environment, views: Views) -> None:
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

        # Parsed by an environment without our globals: Jinja's analysis leaves out every
        # name the environment defines as a global, and ours are what pages change with.
        bare = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
        bare.filters.update(self.env.filters)
        bare.tests.update(self.env.tests)
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
                tree = bare.parse(source)
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


def _globals(
    context: RenderContext, views: Views, statics: Mapping[str, bytes]
) -> dict[str, object]:
    tz = context.site.settings.tz
    fingerprints = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in statics.items()}

    def asset_url(name: str) -> str:
        if name not in fingerprints:
            raise fail(
                "<theme>", f"asset_url({name!r}): no static file {name!r} in any theme folder"
            )
        # The fingerprint lets hosts cache the file for long: a new version is a new URL.
        return f"{context.url(urls.asset(name))}?v={fingerprints[name]}"

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


def _filters(context: RenderContext, views: Views) -> dict[str, Callable[..., object]]:
    tz = context.site.settings.tz
    return {
        "markdown": views.markdown,
        "datetime": lambda moment: format_datetime(moment, tz),
        "date": format_date,
        "duration": format_duration,
        "percent": format_percent,
    }
