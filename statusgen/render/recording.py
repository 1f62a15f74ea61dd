"""What a page reads while it renders: the Jinja environment, context and template
classes that note each changing global, component view and open incident's duration a
template looks at (the facts of the page, PageFacts in html.py), and the memo of the
macros of kept imported modules. Also how templates print: every printed value has its
bidirectional text contained and is escaped without MarkupSafe's Python-level steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from types import FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.environment
import jinja2.runtime
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from statusgen.model import ComponentStatus, Impact, IncidentState, MaintenanceState
from statusgen.render.markdown import find_bidi
from statusgen.render.theme import contain_printed
from statusgen.render.views import AffectedView, ComponentView, DayView, EventView, GroupView

# Template globals whose values follow the incidents and the clock: reading one is a fact
# of the page. The others (settings, url, ...) follow only the settings and theme, which
# every output follows anyway.
CHANGING_GLOBALS = frozenset(
    {
        "site",
        "status",
        "overall_label",
        "now",
        "sections",
        "components",
        "open_incidents",
        "active_maintenances",
        "upcoming_maintenances",
        "recent_events",
        "component_links",
        "listed_groups",
    }
)
# The names read by the page rendering now (None while no page records).
_reading: ContextVar[set[str] | None] = ContextVar("reading", default=None)


def _read(name: str) -> None:
    reading = _reading.get()
    if reading is not None:
        reading.add(name)


@contextmanager
def recording() -> Iterator[set[str]]:
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
# every output follows anyway: its names, description, links, group. Reading anything else
# of it (its status, history, days, bars, uptime, and whatever it gains later) makes the
# page follow the component, and through it the incidents and the clock.
COMPONENT_STATIC = frozenset(
    {"component", "id", "name", "own_name", "description", "url", "feed_url", "group", "is_group"}
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


def printing(value: Any) -> Any:
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


class RecordingEnvironment(jinja2.Environment):
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
        if type(obj) is ComponentView and attribute not in COMPONENT_STATIC:
            _read(f"component:{obj.id}")
        elif attribute == "now" and type(obj) is AffectedView:
            _read(STATUS_FACT + obj.component.id)
        elif attribute == "duration" and type(obj) is EventView:
            return _running(obj)
        elif attribute == "overrun" and type(obj) is EventView:
            return _overrun(obj)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, ComponentView) and argument not in COMPONENT_STATIC:
            _read(f"component:{obj.id}")
        elif argument == "now" and isinstance(obj, AffectedView):
            _read(STATUS_FACT + obj.component.id)
        elif argument == "duration" and isinstance(obj, EventView):
            return _running(obj)
        elif argument == "overrun" and isinstance(obj, EventView):
            return _overrun(obj)
        return super().getitem(obj, argument)


# An open incident's duration grows with the clock, but a page shows it as text that
# changes once a minute at most ("3 days, 2 hr": once an hour). A page that shows it
# through the `duration` filter follows that text (the fact "duration:<slug>"), so a
# rebuild a few minutes later leaves most such pages alone; a page that uses the value
# any other way (prints it, compares it, reads its seconds) follows the clock itself.
# The same holds for a maintenance window's time so far once it runs past its end
# (`overrun`; the fact names the window, whose `duration` is its fixed plan).
RUNNING_FACT = "duration:"
# An open incident's page says each affected component's status now, as the front page
# shows it (`affected.now`): a page that reads it follows that status alone (the fact
# "status:<id>"), not the component's whole view, whose day bars and uptime move with
# the clock and would render every open incident's page again at each scheduled build.
STATUS_FACT = "status:"


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


def _overrun(view: EventView) -> timedelta | None:
    """What a template gets for `event.overrun`: as `_Running`, as an open incident's
    duration. (When the clock passes the window's end, its event fact changes already.)"""
    if view.overrun is None:
        return None
    return _Running.of(view.overrun, view.slug)


def shown_duration(span: timedelta) -> timedelta:
    """The plain duration for the `duration` filter, noting an open incident's as shown."""
    if type(span) is _Running:
        _read(RUNNING_FACT + object.__getattribute__(span, "slug"))
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
        if key in CHANGING_GLOBALS and key not in self.vars:
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
        with recording() as read:
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
            with recording() as read:
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


RecordingEnvironment.context_class = _RecordingContext
RecordingEnvironment.template_class = _RecordedImports
