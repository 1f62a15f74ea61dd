"""The HTML pages: the theme's Jinja templates filled from the site and its computed status.

Templates only lay out what they are handed: view objects (views.py), worded by
format.py, found through the theme's loader chain (theme.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.environment
import jinja2.runtime
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from statusgen import urls
from statusgen.errors import fail
from statusgen.i18n import template_functions
from statusgen.model import (
    EVENT_SLUG,
    ComponentStatus,
    Event,
    Impact,
    IncidentState,
    MaintenanceState,
)
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
    time_range,
    time_tag,
)
from statusgen.render.markdown import find_bidi
from statusgen.render.search import search_messages
from statusgen.render.theme import (
    contain_printed,
    make_environment,
    read_static,
    render_template,
    static_files,
    theme_folders,
)
from statusgen.render.views import (
    CARDS_IN_FULL,
    COMPONENT_EVENTS_LIMIT,
    RECENT_DAYS,
    ComponentView,
    DayView,
    EventView,
    GroupView,
    PageInfo,
    Views,
)
from statusgen.status import duration

# --- the pages -----------------------------------------------------------------------------


def render_pages(context: RenderContext) -> Outputs:
    """Every HTML page of the site and the theme's static files.

    A page's facts are its own values (an event, a page of history, a component); the
    template globals it reads (the overall status, the open incidents, the clock, ...) are
    recorded while it renders (`PageFacts`), whatever theme file reads them."""
    folders = theme_folders(context)
    site_root = Path(context.site.root)
    statics = {
        name: read_static(name, path) for name, path in static_files(folders, site_root).items()
    }
    env = make_environment(folders, _RecordingEnvironment, context.templates)
    env.finalize = _printing
    language = context.language
    # Jinja's i18n extension compiles {% trans %} and _() into calls of these, passing
    # values by name ("newstyle"); ours skip its per-call wrappers (template_functions).
    functions = template_functions(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        functions["gettext"], functions["ngettext"], newstyle=True
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

    title = context.site.settings.title
    yield page(
        "index.html",
        urls.INDEX,
        PageInfo(title, "", "status", context.site.settings.description),
    )

    def incident_page(event: Event) -> bytes:
        address = urls.incident(event.slug)
        info = PageInfo(f"{event.title} · {title}", address, "incident")
        values = {"page": info, "event": views.view(event)}
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
    for impact, archive in archives:
        for history in views.history_pages(archive, impact):
            path = history.address
            heading = (
                _("Incident history: %(impact)s") % {"impact": history.impact_label}
                if impact
                else _("Incident history")
            )
            if history.number > 1:
                heading = _("%(heading)s, page %(number)s of %(count)s") % {
                    "heading": heading,
                    "number": language.number(history.number),
                    "count": language.number(history.count),
                }
            yield page(
                "history.html",
                urls.page_file(path),
                PageInfo(f"{heading} · {title}", path, "history"),
                (f"{history.impact or ''}/{history.number}/{history.count}",),
                events=history.events,
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
            (facts.component(component), str(len(events)), *map(facts.event, shown)),
            lazy=partial(_shown_component_events, views, shown),
            component=component,
            component_event_count=len(events),
        )
    listed = tuple(views.components.values())
    yield page(
        "subscribe.html",
        urls.page_file(urls.SUBSCRIBE),
        PageInfo(_("Subscribe") + f" · {title}", urls.SUBSCRIBE, "subscribe"),
        tuple(f"{c.id}={c.name}" for c in listed),
        subscribe_components=listed,
    )
    yield page(
        "404.html",
        urls.NOT_FOUND,
        PageInfo(_("Page not found") + f" · {title}", urls.NOT_FOUND, "error", canonical=False),
    )
    # For an <iframe> on other sites; not a page of its own, so neither canonical nor in
    # the sitemap (which lists only .../index.html).
    yield page(
        "embed.html",
        urls.EMBED,
        PageInfo(_("Status") + f" · {title}", urls.EMBED, "embed", canonical=False),
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


def _shown_component_events(views: Views, shown: Sequence[Event]) -> dict[str, object]:
    """A component page's list of events, made when it renders."""
    return {"component_events": [views.view(e) for e in shown]}


# Template globals whose values follow the incidents and the clock: reading one is a fact
# of the page. The others (settings, url, ...) follow only the settings and theme, which
# every output follows anyway.
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
# The names read by the page rendering now (None while no page records).
_reading: ContextVar[set[str] | None] = ContextVar("reading", default=None)


def _read(name: str) -> None:
    reading = _reading.get()
    if reading is not None:
        reading.add(name)


@contextmanager
def _recording() -> Iterator[set[str]]:
    """The names read within the block (and not by the page rendering around it)."""
    names: set[str] = set()
    token = _reading.set(names)
    try:
        yield names
    finally:
        _reading.reset(token)


def _read_again(names: Iterable[str]) -> None:
    """Note `names` as read by the page rendering now: what a value made for an earlier
    page read to make it, when this page takes the value as it is."""
    reading = _reading.get()
    if reading is not None:
        reading.update(names)


# What a component view shows that follows the components file and the settings, which
# every output follows anyway: its name, description, links, group. Reading anything else
# of it (its status, history, days, bars, uptime, and whatever it gains later) makes the
# page follow the component, and through it the incidents and the clock.
_COMPONENT_STATIC = frozenset(
    {"component", "id", "name", "description", "url", "feed_url", "group", "is_group"}
)


# Printed as they are, these show nothing a view hides; anything else a template prints
# whole (a view's repr, say) shows what no fact names, so its page is always rendered.
_PLAIN = (str, int, float, date, timedelta, type(None))


# The output of the last macro called: every value printed into it was contained as it
# was printed. Nearly always it is printed next, whole (`{{ event_item(event) }}`), and
# then it is not looked over again: a page of nested macros was scanned once a level,
# 6.7 MB for a rebuild after the clock moved at 10,000 incidents. Anything made from it
# (`|replace(...)`, `~`) is another object, looked over as any value.
_macro_output: list[object] = [None]


def _printing(value: Any) -> Any:
    """theme.py's contain_printed, noting a printed object; one call for each of the
    thousands of values a page prints, which nearly all are plain text without any
    direction mark."""
    if isinstance(value, str):
        if value.isascii() or value is _macro_output[0]:
            return value
        return contain_printed(value) if find_bidi(value) else value
    if not isinstance(value, _PLAIN):
        _read("printed:object")
    return value


class _RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, noting which component views a template looks into (and whose
    templates note the globals they read, `_RecordingContext`, `_RecordedImports`).

    An incident page shows its components; only a theme that shows their current status
    or uptime there makes the page follow them (and the clock their uptime follows)."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A plain dict rather than Jinja's ChainMap over the environment's globals: they
        # are copied into every context a page makes (each include, import and macro
        # call), which from a ChainMap is dozens of Python-level lookups. render_pages
        # sets every global before the first template loads.
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja's own lookup, inlined: every `a.b` in every template comes through here.
        if type(obj) is ComponentView and attribute not in _COMPONENT_STATIC:
            _read(f"component:{obj.id}")
        elif attribute == "duration" and type(obj) is EventView:
            return _running(obj)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, ComponentView) and argument not in _COMPONENT_STATIC:
            _read(f"component:{obj.id}")
        elif argument == "duration" and isinstance(obj, EventView):
            return _running(obj)
        return super().getitem(obj, argument)


# An open incident's duration grows with the clock, but a page shows it as text that
# changes once a minute at most ("3 days, 2 hr": once an hour). A page that shows it
# through the `duration` filter follows that text (the fact "duration:<slug>"), so a
# rebuild a few minutes later leaves most such pages alone; a page that uses the value
# any other way (prints it, compares it, reads its seconds) follows the clock itself.
_RUNNING_FACT = "duration:"


class _Running(timedelta):
    """An open incident's duration so far, as a template receives it: any use of it
    besides the `duration` filter notes that the page follows the clock (`now`)."""

    __slots__ = ("slug",)

    @classmethod
    def of(cls, span: timedelta, slug: str) -> _Running:
        running = cls(span.days, span.seconds, span.microseconds)
        object.__setattr__(running, "slug", slug)
        return running

    def __getattribute__(self, name: str) -> Any:
        _read("now")
        return super().__getattribute__(name)


def _follows_the_clock(name: str) -> Callable[..., Any]:
    method = getattr(timedelta, name)

    def use(self: _Running, *args: Any) -> Any:
        _read("now")
        return method(self, *args)

    return use


# Every way Python lets a value be used without looking up an attribute goes through one
# of these: printing, formatting, arithmetic, comparison, truth, hashing, pickling.
for _name in (
    "__str__", "__repr__", "__format__", "__bool__", "__hash__", "__reduce__",
    "__reduce_ex__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
    "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__",
    "__divmod__", "__rdivmod__", "__neg__", "__pos__", "__abs__", "__eq__", "__ne__",
    "__lt__", "__le__", "__gt__", "__ge__",
):  # fmt: skip
    setattr(_Running, _name, _follows_the_clock(_name))


def _running(view: EventView) -> timedelta:
    """What a template gets for `event.duration`: an open incident's as `_Running`."""
    if view.end is None and view.kind == "incident":
        return _Running.of(view.duration, view.slug)
    return view.duration


def _shown_duration(span: timedelta) -> timedelta:
    """The plain duration for the `duration` filter, noting an open incident's as shown."""
    if type(span) is _Running:
        _read(_RUNNING_FACT + object.__getattribute__(span, "slug"))
        return timedelta(
            timedelta.__getattribute__(span, "days"),
            timedelta.__getattribute__(span, "seconds"),
            timedelta.__getattribute__(span, "microseconds"),
        )
    return span


class _RecordingContext(jinja2.runtime.Context):
    """Jinja's context, noting every changing global a template looks up.

    Compiled templates look up each name they do not define themselves through
    `resolve_or_missing`, in the page's templates, their parents, includes and macros
    alike, at the moment they use it."""

    def resolve_or_missing(self, key: str) -> Any:
        if key in _CHANGING_GLOBALS and key not in self.vars:
            _read(key)
        return super().resolve_or_missing(key)

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Jinja's own call of a template's callable, shortened for the two kinds nearly
        every call is, a page making dozens: a macro, and a plain function or method
        (statusgen's globals), when it does not ask for the context or environment."""
        kind = type(obj)
        if kind is not jinja2.runtime.Macro and (
            (kind is not FunctionType and kind is not MethodType) or hasattr(obj, "jinja_pass_arg")
        ):
            return super().call(obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            if kind is jinja2.runtime.Macro:
                made = _macro_output[0] = _call_macro(obj, args, kwargs)
                return made
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


# What a macro of a kept module (_RecordedImports) made for the same arguments, which
# are all view objects or plain values (_SHARED), with what it read meanwhile: a history
# page shows 25 events, each of them a page of the whole history and another of its
# impact's (and most again on their components' pages), all by `event_item`. Such a
# macro sees nothing but its arguments and the build's globals, which are the same for
# every page, so it makes the same output for them; a page that takes it notes the same
# reads as if it had run it.
_MADE = "_statusgen_made"
_SHARED = frozenset(
    {
        EventView,
        ComponentView,
        GroupView,
        DayView,
        ComponentStatus,
        Impact,
        IncidentState,
        MaintenanceState,
        str,
        Markup,
        int,
        bool,
        type(None),
    }
)


def _call_macro(macro: jinja2.runtime.Macro, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """macro(*args, **kwargs), from its memo where it has one (see _MADE)."""
    made: dict[tuple[int, ...], tuple[tuple[Any, ...], Any, tuple[str, ...]]] | None
    made = macro.__dict__.get(_MADE)
    if made is None or kwargs or not all(type(arg) in _SHARED for arg in args):
        return macro(*args, **kwargs)
    key = tuple(map(id, args))
    found = made.get(key)
    # Each entry holds its arguments, so no other object can take their ids meanwhile.
    if found is None or any(kept is not arg for kept, arg in zip(found[0], args, strict=True)):
        with _recording() as read:
            output = macro(*args)
        found = made[key] = (args, output, tuple(read))
    _read_again(found[2])
    return found[1]


class _RecordedImports(jinja2.Template):
    """A template whose module, imported, counts what its top level read for every page
    that imports it, and whose printed values are escaped by `_escape`.

    Jinja makes an imported template's module once and keeps it for the next page: what
    its top level looks up would be recorded for the first page only. The names it read
    are kept with it and noted for every later page as it takes the module. Its macros
    look up what they read as they run, for whichever page calls them. (Made again for
    each page, partials/macros.html cost 15 µs a page: 0.16 s of CPU in a first build at
    10,000 incidents.) A module holding what its macros could change is made again for
    each page (`_unchanging`)."""

    _module_read: tuple[str, ...] = ()  # the names its kept module read as it was made

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        # The template's code calls `escape` by its module's name for every value it prints.
        if _escaped_text is not None:
            namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> Any:
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            if keys:  # made for this page alone, as Jinja does: its reads are this page's
                return self.make_module({k: ctx.parent[k] for k in keys})
        module = self._module
        if module is None:
            with _recording() as read:
                made = self.new_context()  # as make_module() makes it, kept at hand
                module = jinja2.environment.TemplateModule(self, made)
            if not _unchanging(made.vars):
                _read_again(read)  # made again for the next page, as it is
                return module
            self._module, self._module_read = module, tuple(read)
            _memoize_macros(made.vars)
        _read_again(self._module_read)
        return module


def _unchanging(values: Mapping[str, Any]) -> bool:
    """Whether a module's top-level `values` are all macros and plain values: none a
    macro could change from one call to the next (a namespace it counts in, a list it
    appends to). Only such a module is kept from page to page: the pages of a build, in
    whatever process and order they render, see it as it was made."""
    return all(type(v) is jinja2.runtime.Macro or type(v) in _SHARED for v in values.values())


def _memoize_macros(values: Mapping[str, Any]) -> None:
    """Give the macros of a kept module a memo (_MADE), but a macro that takes `caller`,
    `varargs` or `kwargs`."""
    for value in values.values():
        if type(value) is jinja2.runtime.Macro and not (
            value.caller or value.catch_kwargs or value.catch_varargs
        ):
            value.__dict__[_MADE] = {}


# MarkupSafe 3's escape is Python code around this C function, and makes its Markup
# through Python-level __new__ too: 500 ns a title, for every value a page prints (at
# 10,000 incidents 49,600 in a rebuild after the clock moved, 1.3 million in a first
# build). Without it (no compiled speedups) templates keep MarkupSafe's escape.
_escaped_text: Callable[[str], str] | None
try:
    from markupsafe._speedups import _escape_inner as _escaped_text
except ImportError:  # pragma: no cover - depends on how MarkupSafe was installed
    _escaped_text = None
_new_text = str.__new__


def _escape(value: object, /) -> Markup:
    """markupsafe.escape(value), made without its Python-level steps for the two kinds
    nearly every printed value is: 160 ns for a title, 70 for Markup, against 500."""
    kind = type(value)
    if kind is str and _escaped_text is not None:
        return _new_text(Markup, _escaped_text(value))  # type: ignore[arg-type]
    if kind is Markup:
        return value  # type: ignore[return-value]
    return markupsafe_escape(value)


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
        return _recording()

    def value(self, name: str) -> str | None:
        """The value of a changing global or component view now, as a digest; None for a
        name that has no value now (a component since removed)."""
        if name.startswith("component:"):
            view = self.views.components.get(name.removeprefix("component:"))
            return None if view is None else self.component(view)
        if name.startswith(_RUNNING_FACT):
            return self.shown_duration(name.removeprefix(_RUNNING_FACT))
        if name not in _CHANGING_GLOBALS:
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
        """An event's duration as the `duration` filter shows it now; None when there is
        no such event now."""
        event = self.views.by_slug.get(slug)
        if event is None:
            return None
        return format_duration(duration(event, self.now), self.views.context.language)

    def component(self, view: ComponentView) -> str:
        """A component view's facts: the view holds all a template can reach from it.

        Its repr, with its days' (90 bars) written once per build each: most are the same
        objects on every component. Each bar holds a DayStatus equal to the one at its
        place in `history.days` (views.py makes the bars from them), so the bars' reprs
        say what those would (4,500 reprs fewer at 50 components)."""
        key = self._components.get(view.id)
        if key is None:
            history = view.history
            parts = [
                repr(replace(view, days=(), history=replace(history, days=()))),
                *map(self._repr, view.days),
            ]
            text = "\0".join(parts)
            key = self._components[view.id] = hashlib.sha256(text.encode()).hexdigest()
        return key

    def _repr(self, value: object) -> str:
        """repr(value), once per object this build (kept with it, so its id stays its own)."""
        found = self._reprs.get(id(value))
        if found is None:
            found = self._reprs[id(value)] = (value, repr(value))
        return found[1]

    def _global_parts(self, name: str) -> list[str | None]:
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
            return [self.event(e) for e in getattr(views, name).events]
        if name == "recent_events":
            return [self.event(e) for e in views.recent.events]
        if name == "status":
            return [
                self.now.isoformat(),
                repr((status.overall, status.indicator, status.description)),
                repr(sorted(status.components.items())),
                repr(sorted(status.groups.items())),
                repr(sorted(status.maintenance.items())),
                # What monitors measured (the component views below hold the details).
                repr([(cid, m.status, m.uptime) for cid, m in sorted(status.measured.items())]),
                *map(self.event, views.open_incidents.events),
                *map(self.event, views.active_maintenances.events),
                *map(self.event, views.upcoming_maintenances.events),
                *(self.component(c) for c in views.components.values()),
            ]
        # `site`: the whole model.
        return [self.now.isoformat(), *(self.event(e) for e in views.events)]


def _globals(
    context: RenderContext, views: Views, statics: Mapping[str, bytes]
) -> dict[str, object]:
    tz = context.site.settings.tz
    language = context.language
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

    # Each moment and range as markup once per build: an event's times show on its page,
    # the history, its impact's history and its components' pages. The markup (in the
    # site's zone) follows only the instant: a datetime with its offset names it (two of
    # one zone compare by wall time, so the two 02:30 of the night the clocks go back
    # would otherwise be one).
    tags: dict[tuple[datetime, timedelta | None], Markup] = {}
    ranges: dict[tuple[object, ...], Markup] = {}

    def time_tag_(moment: datetime) -> Markup:
        key = (moment, moment.utcoffset())
        found = tags.get(key)
        if found is None:
            found = tags[key] = time_tag(moment, tz, language)
        return found

    def time_range_(start: datetime, end: datetime | None) -> Markup:
        key = (start, start.utcoffset(), end, None if end is None else end.utcoffset())
        found = ranges.get(key)
        if found is None:
            found = ranges[key] = time_range(start, end, tz, language)
        return found

    return {
        "site": context.site,
        "settings": context.site.settings,
        # <html lang dir>: "rtl" for Arabic, Hebrew and other right-to-left languages.
        "direction": language.direction,
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
        # The history's filter links: every impact (its archive exists even when empty, so
        # the links, and the pages holding them, do not change as incidents come and go),
        # and every component by name. Both follow only the settings and components file.
        "history_impacts": tuple((i.value, language.gettext(IMPACT_LABELS[i])) for i in Impact),
        "search_messages": search_messages(language),
        "component_links": tuple(
            (c.name, context.url(urls.component(c.id))) for c in context.site.components
        ),
        "recent_days": RECENT_DAYS,
        "cards_in_full": CARDS_IN_FULL,
        "url": context.url,
        "absolute_url": context.absolute_url,
        "asset_url": asset_url,
        "link": link,
        "time_tag": time_tag_,
        "time_range": time_range_,
        "days_ago": language.days_ago,
    }


def _filters(context: RenderContext, views: Views) -> dict[str, Callable[..., object]]:
    tz = context.site.settings.tz
    language = context.language
    return {
        "markdown": views.markdown,
        "datetime": lambda moment: format_datetime(moment, tz, language),
        "date": lambda day: format_date(day, language),
        "duration": lambda span: format_duration(_shown_duration(span), language),
        "percent": lambda fraction: format_percent(fraction, language),
        "number": language.number,
    }


_RecordingEnvironment.context_class = _RecordingContext
_RecordingEnvironment.template_class = _RecordedImports
