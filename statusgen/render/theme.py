"""The theme: which template and static file wins, the Jinja environment, and a theme
mistake turned into a diagnostic with its file and line.

Template lookup, first match wins:
  1. the site's `themes/templates/`              (one-file overrides)
  2. the site's `themes/<theme>/templates/`      (only when `theme:` is not "default")
  3. the built-in theme, `statusgen/themes/default/templates/`
The built-in templates are also reachable as `builtin/<name>`, so an override can extend
the file it replaces. Static files follow the same order (`static/` instead of
`templates/`) and are written under `assets/`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import posixpath
import re
import sys
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache, partial
from pathlib import Path
from types import CodeType
from typing import NamedTuple

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from statusgen import urls
from statusgen.errors import Diagnostic, Severity, StatusgenError, fail
from statusgen.layout import (
    BUILTIN_THEME,
    TEMPLATES_DIR,
    THEMES_DIR,
    editor_leftover,
    has_theme,
    theme_chain,
)
from statusgen.load.conflicts import conflict_markers
from statusgen.load.fields import did_you_mean, known_list
from statusgen.load.files import (
    HOLDS_KEY,
    HOLDS_TOKEN,
    InputError,
    left_out,
    read_input,
    read_published,
)
from statusgen.load.text import not_utf8, saved_as_utf16
from statusgen.render.context import Output, RenderContext
from statusgen.render.markdown import contain_bidi, find_bidi

if typing.TYPE_CHECKING:
    from statusgen.model import Settings

# --- theme -----------------------------------------------------------------------------------


def theme_folders(context: RenderContext) -> list[Path]:
    """The theme folders in lookup order (site overrides, chosen theme, built-in)."""
    settings = context.site.settings
    root = Path(context.site.root)
    # validate.check_site reports it with its line; this guards a render without it.
    if settings.theme != "default" and not has_theme(root, settings.theme):
        raise fail(
            "statusgen.yaml",
            f"theme {settings.theme!r} not found: "
            f"there is no folder themes/{settings.theme}/templates/",
            'create it, or remove `theme:` to use the built-in theme ("default")',
        )
    return theme_chain(root, settings.theme)


def make_environment(
    folders: Sequence[Path],
    kind: type[jinja2.Environment] = jinja2.Environment,
    compiled: TemplateCode | None = None,
    read: Callable[[Path], bytes] = read_input,
) -> jinja2.Environment:
    """The Jinja environment (of class `kind`): autoescaped, strict about undefined names,
    loader chain in order, each template's bytes given by `read` (a build's: those it
    fingerprinted); with `compiled`, templates compiled by earlier builds are loaded from
    it instead of compiled again."""
    builtin = TemplateFiles(BUILTIN_THEME / TEMPLATES_DIR, read)
    loaders: list[jinja2.BaseLoader] = [
        TemplateFiles(folder / TEMPLATES_DIR, read) for folder in folders[:-1]
    ]
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    env = kind(
        loader=ThemeLoaders(loaders),
        autoescape=True,
        undefined=ThemeUndefined,
        # Theme text goes through the site's message catalogs: {% trans %} and _().
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        # Every template kept, in a plain dict: a theme has a dozen, and a page looks up
        # several (its own, base, partials, macros) through a bounded cache's lock, 10,000
        # pages a first build.
        cache_size=-1,
        finalize=contain_printed,
        bytecode_cache=compiled,
    )
    # Values reach the catalogs' texts by name (`%(name)s`), and a {% trans %} block writes
    # a percent sign as %%: this decides how the block compiles, so it is set here, where
    # message_options reads it, not where gettext is installed.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    if compiled is not None:
        compiled.environments.append(env)
    return env


def message_options() -> dict[str, str]:
    """The options of Jinja's Babel extractor that read a template as make_environment
    compiles it: a {% trans %} block's msgid is its text after the environment's whitespace
    control and percent rules, so read otherwise it is not the msgid pages look up."""
    env = make_environment([])
    options = {
        "extensions": ",".join(sorted(env.extensions)),
        "trimmed": str(env.policies["ext.i18n.trimmed"]),
        "newstyle_gettext": str(env.newstyle_gettext),  # type: ignore[attr-defined]
    }
    for name in (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
        "line_statement_prefix",
        "line_comment_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "keep_trailing_newline",
    ):
        value = getattr(env, name)
        if value is not None:
            options[name] = str(value)
    return options


class TemplateFiles(jinja2.FileSystemLoader):
    """Jinja's loader of the templates in one folder, their bytes given by `read`: a build
    renders from the bytes it fingerprinted (InputRecord.made_from), not from a second
    read that a save landing in between would make another file's."""

    def __init__(self, folder: Path, read: Callable[[Path], bytes]) -> None:
        super().__init__(folder)
        self._read = read

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        filename = posixpath.join(self.searchpath[0], *split_template_path(template))
        # A folder where a template belongs is read, to be reported as what it is (as a
        # folder at statusgen.yaml is): skipped, the next theme's template would stand in
        # for the one the author meant to write without a word.
        if not os.path.isfile(filename) and not os.path.isdir(filename):
            raise jinja2.TemplateNotFound(template)
        # What the warnings say is not read as a template is not read by an include
        # either: a `.env` or an editor's backup would be printed on every page, and serve
        # (which ignores saves of leftovers) would show other bytes than a build.
        why = left_out("/".join(split_template_path(template)), Path(filename))
        if why is not None:
            raise LeftOutTemplate(template, why)
        try:
            data = self._read(Path(filename))
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template) from None
        except InputError as error:
            problem = Diagnostic(filename, 0, 0, error.message, error.hint)
            raise UnreadableTemplate(problem) from None
        # As FileSystemLoader reads it: decoded, with universal newlines; UTF-16 (Notepad's
        # "Unicode") told as a content file saved so is.
        utf16 = saved_as_utf16(filename, data)
        if utf16 is not None:
            raise UnreadableTemplate(utf16)
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as error:
            raise UnreadableTemplate(not_utf8(filename, data, error)) from None
        # A byte order mark (Notepad's) is no text of the page: printed, it would end
        # <head> early on every page. Dropped, as every other file of the site has it.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        # Jinja would print git's markers and both sides of the conflict on every page:
        # the scan here, where the build reads the template, before it is compiled.
        conflicts = conflict_markers(filename, text)
        if conflicts:
            raise UnreadableTemplate(*conflicts)
        # Never reloaded within a build (auto_reload is off), nor kept across builds.
        return text, os.path.normpath(filename), lambda: True

    def list_templates(self) -> list[str]:
        # Not the files get_source refuses (left_out): by their names, not read here.
        return [name for name in super().list_templates() if left_out(name) is None]


class LeftOutTemplate(jinja2.TemplateNotFound):
    """A template name whose file is there but left out of the theme as the warnings say
    (an editor leftover, a file of secrets: load/files.left_out), with why, as a hint."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(name)
        # One left out for the key or token it holds is left out under any name: only
        # taking it out helps it.
        fixes = {HOLDS_KEY: "remove the key from it", HOLDS_TOKEN: "remove the token from it"}
        fix = fixes.get(why, "rename the file")
        self.hint = f"{name!r} is {why}: not read as a template; {fix} if it is meant to be one"


class ThemeLoaders(jinja2.ChoiceLoader):
    """Jinja's ChoiceLoader, whose TemplateNotFound for a name no loader has keeps why a
    loader left out a file it holds (LeftOutTemplate), for the hint."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        left: LeftOutTemplate | None = None
        for loader in self.loaders:
            try:
                return loader.get_source(environment, template)
            except LeftOutTemplate as exc:
                left = left or exc
            except jinja2.TemplateNotFound:
                continue
        raise left or jinja2.TemplateNotFound(template)

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: typing.MutableMapping[str, typing.Any] | None = None,
    ) -> jinja2.Template:
        left: LeftOutTemplate | None = None
        for loader in self.loaders:
            try:
                return loader.load(environment, name, globals)
            except LeftOutTemplate as exc:
                left = left or exc
            except jinja2.TemplateNotFound:
                continue
        raise left or jinja2.TemplateNotFound(name)


class UnreadableTemplate(jinja2.TemplateError):
    """A template file that is there but cannot be used (not UTF-8, a named pipe, too
    large, a merge conflict left in it), with its diagnostics as a content file gets them,
    at the file's own path until `at` names it from the site: the file at fault, whichever
    template's line loaded it."""

    def __init__(self, *problems: Diagnostic) -> None:
        super().__init__(problems[0].message)
        self.problems = problems

    def at(self, root: Path) -> list[Diagnostic]:
        """The diagnostics, at the file's path in the site at `root`."""
        return [dataclasses.replace(p, path=_site_path(p.path, root)) for p in self.problems]


class ThemeUndefined(jinja2.StrictUndefined):
    """Jinja's StrictUndefined, whose error keeps the object a missing name was looked up
    in (`owner`): the hint can offer the key of a mapping (`components["apii"]`) or the
    macro of a macros file the template most likely meant."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: object = jinja2.utils.missing,
        name: str | None = None,
        exc: type[jinja2.exceptions.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        if exc is jinja2.UndefinedError:
            # Jinja raises `exc(message)`: any callable making the error does.
            exc = partial(UndefinedIn, owner=obj)  # type: ignore[assignment]
        super().__init__(hint, obj, name, exc)


class UndefinedIn(jinja2.UndefinedError):
    """A missing name's error, with the object it was looked up in (ThemeUndefined)."""

    def __init__(self, message: str | None = None, owner: object = jinja2.utils.missing) -> None:
        super().__init__(message)
        self.owner = owner


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept from one build to the next (Jinja's bytecode cache).

    Compiling the theme costs about 0.1 s a build, most of an edit build's rendering on a
    large site. `known` gives what earlier builds compiled (the sealed cache file,
    incremental/store.py: nothing else is ever run), read once, on the first template
    loaded; `fresh` is what this build compiled, for the build to save. Each entry is
    filed by Jinja's key (the template's name and file) and the environment's options,
    and holds the SHA-1 of the source it was compiled from: an edited template, or one a
    site overrides, never gets the code of another source. The cache file's own key holds
    the versions of Python and Jinja."""

    def __init__(self, known: Callable[[], Mapping[str, tuple[str, bytes]]]) -> None:
        self._known = known
        self.saved: Mapping[str, tuple[str, bytes]] | None = None
        self.fresh: dict[str, tuple[str, bytes]] = {}
        self.environments: list[jinja2.Environment] = []  # those it serves (make_environment)
        self._options: dict[int, str] = {}
        self._used: set[str] = set()  # the keys of the templates this build loaded
        self._all_loaded = False

    def to_save(self) -> dict[str, tuple[str, bytes]] | None:
        """What the build saves; None when nothing changed (the file stays as it is).

        Once every template was loaded (load_all), only the theme's current ones, so
        entries of overrides since removed do not pile up; else those saved before too."""
        saved = self.saved or {}
        kept = {**saved, **self.fresh}
        if self._all_loaded:
            kept = {key: entry for key, entry in kept.items() if key in self._used}
        return kept if self.fresh or kept.keys() != saved.keys() else None

    def load_all(self) -> None:
        """Load every template of the environments served, before worker processes fork:
        they inherit the loaded templates instead of each compiling them again, and what
        is compiled is compiled here, where the build saves it. A template that fails to
        load is left for the page that uses it, which reports the mistake."""
        for env in self.environments:
            for name in env.list_templates(filter_func=_is_template):
                try:
                    env.get_template(name)
                except Exception:  # reported when a page renders it
                    continue
        self._all_loaded = True

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.saved is None:
            self.saved = self._known()
        key = self._key(bucket)
        self._used.add(key)
        entry = self.fresh.get(key) or self.saved.get(key)
        # Anything but the code of this very source is compiled again.
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == bucket.checksum:
            try:
                code = marshal.loads(entry[1])
            except (EOFError, ValueError, TypeError):
                return
            if isinstance(code, CodeType):
                bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.fresh[self._key(bucket)] = (bucket.checksum, marshal.dumps(bucket.code))

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        env = bucket.environment
        options = self._options.get(id(env))
        if options is None:
            options = self._options[id(env)] = _compile_options(env)
        return f"{bucket.key} {options}"


def _is_template(name: str) -> bool:
    # The built-in templates are listed once by their own names (not again as builtin/...).
    return _template_file(name) and not name.startswith("builtin/")


def _template_file(name: str) -> bool:
    """Whether the file a template folder lists as `name` is a template: not one an editor
    or a file manager left there (macOS's `._base.html`: layout.editor_leftover), which
    list_files leaves out of the folder with a warning."""
    return name.endswith(_TEMPLATE_SUFFIXES) and not any(map(editor_leftover, name.split("/")))


def _compile_options(env: jinja2.Environment) -> str:
    """What the code Jinja generates follows besides the template's source: its syntax,
    whitespace and output options (statusgen's version covers how it sets them)."""
    finalize = env.finalize
    return hashlib.sha256(
        repr(
            (
                type(env).__qualname__,
                env.block_start_string,
                env.block_end_string,
                env.variable_start_string,
                env.variable_end_string,
                env.comment_start_string,
                env.comment_end_string,
                env.line_statement_prefix,
                env.line_comment_prefix,
                env.trim_blocks,
                env.lstrip_blocks,
                env.newline_sequence,
                env.keep_trailing_newline,
                env.optimized,
                env.is_async,
                repr(env.autoescape) if not callable(env.autoescape) else "callable",
                sorted(env.extensions),
                # The i18n extension compiles {% trans %} one way or the other by this.
                getattr(env, "newstyle_gettext", None),
                None if finalize is None else getattr(finalize, "__qualname__", "?"),
                getattr(finalize, "jinja_pass_arg", None),
            )
        ).encode()
    ).hexdigest()


def contain_printed(value: object) -> object:
    """A value a template prints, with its direction overrides contained (contain_bidi).

    Every value, Markup included: a title's direction override must not reorder the page
    around it. Adding or dropping these marks never changes the markup."""
    if isinstance(value, str) and find_bidi(value):
        return Markup(contain_bidi(value)) if isinstance(value, Markup) else contain_bidi(value)
    return value


def read_assets(
    files: Mapping[str, Path], root: Path, read: Callable[[Path], bytes] = read_input
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The bytes of each of the theme's static files, by its name under assets/
    (plan.static_files), read by `read` (a build's: the bytes it fingerprinted); and what
    stops any of them being published (load/files.read_published), each at its path in
    the site at `root`."""
    found: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    for name, path in files.items():
        found[name], unpublished = read_published(path, _site_path(str(path), root), read)
        problems += unpublished
    return found, problems


def asset_problems(root: Path, theme: str = "default") -> list[Diagnostic]:
    """For check: what stops the static files of the site's theme `theme` being published,
    as a build reading them says it (read_assets). What their listing refuses (a link
    out of the site) is validate.theme_problems'."""
    from statusgen.render.plan import theme_assets

    files, _ = theme_assets(theme_chain(root, theme), root)
    return read_assets(files, root)[1]


def _own_templates(
    root: Path, theme: str
) -> tuple[jinja2.Environment, list[str], list[Path]] | None:
    """The environment a build of the site would use, the names of the site's own
    templates (themes/templates/ and themes/<theme>/templates/), sorted, and the theme
    folders; None for a theme the site does not hold."""
    folders = theme_chain(root, theme) if theme == "default" or has_theme(root, theme) else []
    if not folders:
        return None
    names: set[str] = set()
    builtin = jinja2.FileSystemLoader(BUILTIN_THEME / TEMPLATES_DIR).list_templates()
    for folder in folders[:-1]:
        names.update(jinja2.FileSystemLoader(folder / TEMPLATES_DIR).list_templates())
        # A folder where a built-in template's override belongs, which no listing of
        # files names: the build stops on it (TemplateFiles), so check says so.
        names.update(n for n in builtin if (folder / TEMPLATES_DIR / n).is_dir())
    own = sorted(filter(_template_file, names))
    from statusgen.render.html import FILTER_NAMES  # html.py builds on this module

    env = make_environment(folders)
    env.filters.update(dict.fromkeys(FILTER_NAMES, str))  # compiled, never run
    return env, own, folders


def template_problems(root: Path, theme: str = "default") -> list[Diagnostic]:
    """A diagnostic for each of the site's own templates (themes/templates/, and
    themes/<theme>/templates/) that does not compile, as the build would report it: check
    finds a theme's syntax error without rendering a page. The built-in ones are tested."""
    own = _own_templates(root, theme)
    if own is None:
        return []  # an unknown theme: check_settings reports it
    env, names, _ = own
    problems: list[Diagnostic] = []
    for name in names:
        try:
            # The one that wins the lookup, compiled, not rendered; read again for its calls.
            found = env.get_template(name)
            if found.filename is not None:
                source = env.loader.get_source(env, name)[0] if env.loader else ""
                shown = _site_path(found.filename, root)
                problems += _values_not_given(env.parse(source, name, found.filename), shown)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_error(exc, _site_path(exc.filename, root), env))
        except UnreadableTemplate as exc:
            problems += exc.at(root)
        except jinja2.TemplateNotFound:
            # Listed, yet no file to read: a link to nothing, or a named pipe, which the
            # listing of the theme's folders names (validate.theme_problems).
            continue
    return problems


class ThemeMistake(Exception):
    """A value a template handed to one of statusgen's filters or functions that it cannot
    take (a time that is None, an asset that does not exist): render_template reports it
    at the template line that made the call."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def value_not_given(message: str, name: str) -> ThemeMistake:
    """What a template's `_()` of a message naming a value (`%(time)s`) that the call does
    not give is told: the page cannot be made without it."""
    return ThemeMistake(
        f"the message {message!r} names the value %({name})s, which this call of _() does not give",
        f"give it by name after the message: _({message!r}, {name}=…)",
    )


def _values_not_given(tree: jinja2.nodes.Template, shown: str) -> list[Diagnostic]:
    """A diagnostic at each `_("…%(name)s…")` or `gettext(…)` call of a template that
    leaves out a value its message names: every page printing it would fail."""
    from jinja2 import nodes

    from statusgen.i18n.pocheck import named_values

    problems: list[Diagnostic] = []
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext")):
            continue
        if call.dyn_kwargs is not None or not call.args:
            continue
        message = call.args[0]
        if not isinstance(message, nodes.Const) or not isinstance(message.value, str):
            continue
        given = {keyword.key for keyword in call.kwargs}
        for name in named_values(message.value):
            if name not in given:
                mistake = value_not_given(message.value, name)
                problems.append(Diagnostic(shown, call.lineno, 0, mistake.message, mistake.hint))
                break
    return problems


def render_template(
    env: jinja2.Environment, template: str, context: RenderContext, values: Mapping[str, object]
) -> str:
    """One template rendered; a mistake in a theme file becomes a diagnostic with its line.

    An error of Python's in one of the site's own templates (a division by zero, a None
    where a time belongs) is the site's mistake, reported at its line, and so is one in a
    built-in macro that a site's template called (at the line of the call); any other whose
    innermost template is a built-in one is statusgen's, and keeps its traceback."""
    try:
        return env.get_template(template).render(values)
    except jinja2.TemplateSyntaxError as exc:
        found = _syntax_error(exc, _theme_path(exc.filename, context), env)
        # Every template of the site's that does not compile, as check names them: a
        # build stopping at the first would make a user fix them one build at a time.
        # Only a theme's mistake pays for compiling the others.
        site = context.site
        others = template_mistakes(Path(site.root), site.settings.theme)
        raise StatusgenError(sorted({found, *others})) from exc
    except UnreadableTemplate as exc:
        # At the file that could not be read, not the line of another that includes it.
        raise _with_others(context, StatusgenError(exc.at(Path(context.site.root)))) from exc
    except jinja2.TemplateNotFound as exc:
        where = _template_frame(exc)
        raise _with_others(
            context,
            fail(
                _theme_path(where.path, context) if where.path else _override(template),
                where.said(f"template {exc.name!r} not found"),
                where.hint(_not_found_hint(env, exc)),
                line=where.line,
            ),
        ) from exc
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc)
        _stale_override(context, where, exc)
        said, hint = _undefined(str(exc), list(values), env, getattr(exc, "owner", None))
        # A value some pages lack or hold None fails on those pages only: which one is said.
        if said.startswith(_OF_NONE):
            said, hint = _none_value(said, hint, values, where)
            said += _rendering(values)
        elif said.endswith(_ONLY_ON):
            said += _rendering(values)
        raise _with_others(
            context,
            fail(
                _theme_path(where.path, context),
                where.said(said),
                where.hint(hint),
                line=where.line,
            ),
        ) from exc
    except jinja2.TemplateError as exc:
        where = _template_frame(exc)
        _stale_override(context, where, exc)
        raise _with_others(
            context,
            fail(
                _theme_path(where.path, context),
                where.said(str(exc)),
                where.hint(),
                line=where.line,
            ),
        ) from exc
    except ThemeMistake as exc:
        where = _template_frame(exc)
        shown = _theme_path(where.path, context) if where.path else _override(template)
        raise _with_others(
            context, fail(shown, where.said(exc.message), where.hint(exc.hint), line=where.line)
        ) from exc
    except StatusgenError:
        raise  # already says where (an incident's Markdown, say)
    except RecursionError as exc:
        # Most likely a template that loads itself: say which, as check does, or else the
        # lines of the site's templates the loop ran through (one check cannot see: an
        # include by a name held in a variable, a macro calling itself).
        site = context.site
        own = _own_templates(Path(site.root), site.settings.theme)
        loops = template_cycles(own[0], own[1], Path(site.root)) if own else []
        if loops:
            raise StatusgenError(sorted(loops)) from exc
        endless = _endless_lines(exc, Path(site.root), own[2] if own else [])
        if not endless:
            raise
        raise _with_others(context, StatusgenError(endless)) from exc
    except Exception as exc:
        where = _template_frame(exc)
        _stale_override(context, where, exc)
        if where.path is None or (not where.macro and _is_builtin(where.path)):
            raise
        said = str(exc)
        raise _with_others(
            context,
            fail(
                _theme_path(where.path, context),
                where.said(
                    (f"{said} ({type(exc).__name__})" if said else type(exc).__name__)
                    + (_rendering(values) if "NoneType" in said else "")
                ),
                where.hint(NONE_HINT if "NoneType" in said else WRONG_VALUE_HINT),
                line=where.line,
            ),
        ) from exc


def _stale_override(context: RenderContext, where: _Where, exc: BaseException) -> None:
    """Raise what check says of the site's overrides that a built-in template cannot use
    (stale_overrides), when the mistake `exc` surfaced in a built-in template at `where`:
    the file to fix is the site's copy from an older statusgen, not statusgen's own."""
    if where.path is None or where.macro or not _is_builtin(where.path):
        return
    site = context.site
    stale = stale_overrides(Path(site.root), site.settings.theme)
    if stale:
        raise _with_others(context, StatusgenError(stale)) from exc


def _rendering(values: Mapping[str, object]) -> str:
    """Which page was being rendered, by its output path, as a message ends: a partial
    every page includes fails on some pages only, and the line alone does not say which."""
    path = getattr(values.get("page"), "path", None)  # a PageInfo (views.py imports this)
    if not isinstance(path, str):
        return ""
    return f" (rendering {path or urls.INDEX})"


# How a message about a value only some kinds of page have ends (_undefined).
_ONLY_ON = " only"
# Jinja's words for an attribute looked up on None.
_OF_NONE = "'None' has no attribute"
# Where a line looks up attributes of a value by its name: `component_last_incident.title`,
# `history.component.url`.
_LOOKED_UP = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+")


def _none_value(
    said: str, hint: str, values: Mapping[str, object], where: _Where
) -> tuple[str, str]:
    """`said` and `hint` for an attribute of None, naming the page's value that is None
    when the line at `where` looks the attribute up on one (`component_last_incident` on
    a component without incidents), or on an attribute of one (`history.component` on the
    site's history)."""
    attribute = said.split("'")[3] if said.count("'") >= 4 else ""
    try:
        line = Path(where.path or "").read_text("utf-8").splitlines()[where.line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return said, hint
    for found in _LOOKED_UP.finditer(line):
        parts = [part.strip() for part in found[0].split(".")]
        if parts[0] not in values:
            continue
        value = values[parts[0]]
        for end in range(1, len(parts)):
            if value is None:
                if parts[end] != attribute:
                    break
                name = ".".join(parts[:end])
                return (
                    f"{name} is None here, so it has no attribute {attribute!r}",
                    f"test it first: {{% if {name} %}}{{{{ {name}.{attribute} }}}}{{% endif %}}",
                )
            # As Jinja reads `a.b`: the attribute, else the key of a mapping (`components.api`).
            found_attribute = getattr(value, parts[end], _ABSENT)
            if found_attribute is _ABSENT and isinstance(value, Mapping):
                found_attribute = value.get(parts[end], _ABSENT)
            value = found_attribute
            if value is _ABSENT:
                break
    return said, hint


_ABSENT = object()


def _endless_lines(exc: RecursionError, root: Path, folders: Sequence[Path]) -> list[Diagnostic]:
    """A diagnostic at each line of the site's templates that `exc`, Python's recursion limit
    reached while rendering, ran through again and again: the loop that never ended. None
    when no line of the site's repeats (statusgen's own mistake, whose traceback is kept)."""
    runs: dict[tuple[str, int], int] = {}  # outermost first
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIXES) and not _is_builtin(filename):
            runs[filename, tb.tb_lineno] = runs.get((filename, tb.tb_lineno), 0) + 1
        tb = tb.tb_next
    loop = [where for where, count in runs.items() if count > 1]

    def named(where: tuple[str, int]) -> str:
        path = Path(where[0]).resolve()
        for folder in folders:
            if path.is_relative_to(templates := (folder / TEMPLATES_DIR).resolve()):
                return f"{path.relative_to(templates).as_posix()}:{where[1]}"
        return f"{_site_path(where[0], root)}:{where[1]}"

    problems = []
    for where in loop:
        others = [named(other) for other in loop if other != where]
        via = f" (through {', '.join(others)})" if others else ""
        problems.append(
            Diagnostic(
                _site_path(where[0], root),
                where[1],
                0,
                f"this line runs again and again without end{via}, until Python's "
                "limit on nested calls stops it",
                _ENDLESS_HINT,
            )
        )
    return problems


def _with_others(context: RenderContext, error: StatusgenError) -> StatusgenError:
    """`error`, with every mistake check finds in the site's templates: a build stopping at
    the first would make a user fix them one build at a time, and say less than check."""
    site = context.site
    others = template_mistakes(Path(site.root), site.settings.theme)
    return StatusgenError(sorted({*error.diagnostics, *others}))


# How many outputs of one kind (incident pages, component pages, history pages, ...) a
# build that stopped on a mistake in the site's theme renders again to find the others: a
# template that fails on some values fails on a few of its pages at least, and the sweep
# stays short on a large site.
_TRIED_PER_KIND = 200


def every_mistake(first: StatusgenError, outputs: Iterable[Output]) -> StatusgenError:
    """`first`, a mistake in the site's theme that stopped a build, with the other
    mistakes rendering shows: each kind of output is rendered again until one of its
    outputs fails or `_TRIED_PER_KIND` did not. A misspelled name in the incident page
    and another in the component page are then both reported by one build, not one per
    build. Errors of other kinds (an incident's own, a bug) are `first` as it is."""
    if not first.diagnostics or not all(_in_templates(d.path) for d in first.diagnostics):
        return first
    found = list(first.diagnostics)
    # A line that failed is said once, as it first failed: a partial on every page fails
    # on each kind of page, and with each page's own values.
    lines = {(d.path, d.line) for d in found}
    tried: dict[str, int] = {}
    for output in outputs:
        kind = _output_kind(output.path)
        count = tried.get(kind, 0)
        if count >= _TRIED_PER_KIND:
            continue
        tried[kind] = count + 1
        try:
            output.render()
        except StatusgenError as error:
            for said in error.diagnostics:
                if (said.path, said.line) not in lines:
                    lines.add((said.path, said.line))
                    found.append(said)
            tried[kind] = _TRIED_PER_KIND  # that kind's template said what is wrong
        except Exception:  # a bug of its own, or not the theme: the first is said anyway
            tried[kind] = _TRIED_PER_KIND
    return StatusgenError(sorted(found))


def _in_templates(path: str) -> bool:
    """Whether a diagnostic's path is a template of the site's theme folders: rendering
    other pages may show more of its mistakes. Not a static file: what stops one being
    published is said of every one at once (read_assets)."""
    parts = path.split("/")
    return path == "<theme>" or (parts[0] == THEMES_DIR and TEMPLATES_DIR in parts[1:3])


def _override(template: str) -> str:
    """Where the site's file for the template named `template` goes, relative to the site:
    the first place the lookup tries, and where NOT_FOUND_HINT says to create it."""
    return f"{THEMES_DIR}/{TEMPLATES_DIR}/{template}"


def _output_kind(path: str) -> str:
    """The outputs rendered by the same template share a kind: `incidents/*/index.html`
    for every incident page, `history/*/index.html` for the history's pages."""
    parts = path.split("/")
    return f"{parts[0]}/*/{parts[-1]}" if len(parts) >= 3 else path


def template_mistakes(root: Path, theme: str) -> list[Diagnostic]:
    """What check finds in the site's templates without rendering them."""
    return (
        template_problems(root, theme)
        + missing_templates(root, theme)
        + stale_overrides(root, theme)
    )


def no_asset(name: str, known: Collection[str]) -> ThemeMistake:
    """What a template naming a static file that no theme folder holds is told, among the
    theme's static files `known`: the name it most likely meant, or why the file it names
    is not one."""
    said = f"asset_url({name!r}): no static file {name!r} in any theme folder"
    parts = name.split("/")
    if ".." in parts:
        return ThemeMistake(
            said,
            "a static file's name is its path under themes/static/ and stays inside it: "
            "copy the file into themes/static/ and name it from there",
        )
    # A name is a path under a theme's static/ folder: the published assets/ prefix, a
    # leading '/' or './', is not part of it.
    plain = posixpath.normpath(name.lstrip("/")).removeprefix(urls.ASSETS) if name else name
    if plain and plain != name:
        return ThemeMistake(
            said,
            f"name the file as it is under themes/static/: asset_url({plain!r}) "
            f"(for themes/static/{plain}, published as {urls.asset(plain)})",
        )
    why = left_out(name)
    if why is not None:
        return ThemeMistake(
            said,
            f"{name!r} is {why}: not published; rename the file if it is meant to be",
        )
    meant = did_you_mean(name, known)
    if meant:
        return ThemeMistake(said, f"{meant}names are the paths under themes/static/, case and all")
    return ThemeMistake(said, f"put it in themes/static/{name}, or correct the name")


# What a mistake in a site's template suggests.
_ENDLESS_HINT = (
    "a template that includes itself (by any name), or a macro that calls itself, needs an "
    "{% if %} that ends the loop: remove the include or call from this line, or put it "
    "under such an {% if %}"
)
NOT_FOUND_HINT = (
    "correct the name, or create the file in themes/templates/ "
    "(names are paths under a theme's templates/ folder)"
)
NONE_HINT = (
    "a value that can be None (an open incident's `end`) needs a test first: "
    "{% if event.end %}{{ time_tag(event.end) }}{% endif %}"
)
WRONG_VALUE_HINT = (
    "correct the expression on this line: docs/theme.md lists what each value holds "
    "and what each filter and function takes"
)


_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2")


def _syntax_error(
    exc: jinja2.TemplateSyntaxError, shown: str, env: jinja2.Environment | None = None
) -> Diagnostic:
    """The diagnostic for a template that does not compile, at `shown`, with what Jinja's
    message usually means (Jinja names no column); a misspelled filter or test gets the
    one of `env`'s it most likely meant."""
    message = exc.message or str(exc)
    said = message.lower()
    unknown = next((kind for kind in ("filter", "test") if said.startswith(f"no {kind} named")), "")
    if unknown and message.count("'") >= 2 and env is not None:
        name = message.split("'")[1]
        known = sorted(env.filters if unknown == "filter" else env.tests)
        hint = f"{did_you_mean(name, known)}correct the {unknown}'s name: {UNDEFINED_HINT}"
    elif said.startswith("unexpected end of template"):
        hint = _UNCLOSED_BLOCK_HINT
    elif said.startswith("encountered unknown tag"):
        tag = message.split("'")[1] if message.count("'") >= 2 else ""
        hint = _unknown_tag_hint(tag, _INNERMOST_BLOCK.search(message))
    elif said.startswith("unknown variable") and said.endswith("for pluralization"):
        hint = _PLURALIZE_HINT
    elif said.startswith("expected token") and _in_trans_block(exc, env):
        hint = _TRANS_VALUE_HINT
    elif said.startswith(("expected token", "expected an expression")):
        hint = _EXPRESSION_HINT
    else:
        hint = _BRACES_HINT
    return Diagnostic(shown, exc.lineno or 0, 0, message, hint)


def _in_trans_block(exc: jinja2.TemplateSyntaxError, env: jinja2.Environment | None) -> bool:
    """Whether the line `exc` stopped at prints a value inside a `{% trans %}` block, which
    takes plain names only (Jinja's words say only which token it expected)."""
    source = exc.source
    if source is None and env is not None and env.loader is not None and exc.name:
        try:
            source = env.loader.get_source(env, exc.name)[0]
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return False
    if source is None or env is None:
        return False
    inside, tag = False, False
    try:
        for line, kind, value in env.lex(source):
            if kind == "whitespace":
                continue
            if kind == "block_begin":
                tag = True
                continue
            if tag and kind == "name":
                inside = {"trans": True, "endtrans": False}.get(value, inside)
            tag = False
            if kind == "variable_begin" and inside and line == exc.lineno:
                return True
    except jinja2.TemplateSyntaxError:
        return False
    return False


def _unknown_tag_hint(tag: str, innermost: re.Match[str] | None) -> str:
    """The hint for a tag Jinja does not expect where it is: a misspelled tag gets the one
    it most likely meant; a real one is misplaced (an end tag of a block never opened, or
    one closing a block that is not the innermost open), which its own name cannot fix."""
    if tag not in _TAGS:
        return f"{did_you_mean(tag, _TAGS)}{_UNKNOWN_TAG_HINT}"
    if innermost is not None:
        block = innermost["block"]
        return (
            f"the {{% {block} %}} opened above is still open here: close it with "
            f"{{% end{block} %}} before this {{% {tag} %}}, or remove this {{% {tag} %}} "
            "if it has no block of its own to close"
        )
    if tag.startswith("end"):
        opened = tag.removeprefix("end")
        return (
            f"no {{% {opened} %}} is open here for this {{% {tag} %}} to close: remove it, "
            f"or add the {{% {opened} ... %}} it closes above it"
        )
    blocks = "an {% if %} block" if tag == "elif" else "an {% if %} or a {% for %} block"
    return f"an {{% {tag} %}} belongs inside {blocks}, before its end tag"


def _undefined(
    message: str, values: Sequence[str], env: jinja2.Environment, owner: object = None
) -> tuple[str, str]:
    """What a template naming a value that does not exist is told, and the hint: the
    value it most likely meant, among those it can use (the page's `values` and `env`'s
    globals), among the attributes of the object it named one of (called as docs/theme.md
    calls it, not by its class), the keys of the mapping (`owner`) or the macros of the
    macros file it named one of; for one of the page's values, how a template imported
    without them gets them."""
    imported = _NOT_EXPORTED.search(message)
    if imported is not None:
        template, name = imported["template"], imported["name"]
        return _no_macro(template, name, _exported(env, template))
    attribute = _NO_ATTRIBUTE.fullmatch(message)
    if attribute is not None:
        name = attribute["name"]
        if isinstance(owner, jinja2.environment.TemplateModule):
            exported = [n for n in vars(owner) if not n.startswith("_")]
            return _no_macro(owner.__name__ or "the imported template", name, exported)
        if isinstance(owner, Mapping):
            keys = sorted(str(key) for key in owner)
            return (
                f"no {name!r} among the keys here ({known_list(keys)})",
                f"{did_you_mean(name, keys)}{UNDEFINED_HINT}",
            )
        cls = _statusgen_class(attribute["owner"])
        if cls is None:
            return message, UNDEFINED_HINT
        shown = _DOC_NAMES.get(cls.__name__, cls.__name__)
        # A dataclass's fields without a default are no attributes of its class.
        own = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []
        usable = sorted({n for n in [*dir(cls), *own] if not n.startswith("_")})
        return (
            f"{shown} has no attribute {name!r}",
            f"{did_you_mean(name, usable)}{UNDEFINED_HINT}",
        )
    if not message.endswith(" is undefined") or message.count("'") != 2:
        return message, UNDEFINED_HINT
    name = message.split("'")[1]
    kinds = PAGE_VALUES.get(name)
    if kinds is not None and name not in values:
        # A partial every page includes, naming a value of one kind of page.
        return (
            f"{message}: {name} is a value of {kinds}{_ONLY_ON}",
            f"test it first where other pages use the template too: "
            f"{{% if {name} is defined %}}...{{% endif %}}",
        )
    if name in values and name not in env.globals:
        # The page has it: only a template imported without the page's context (Jinja's
        # default for {% import %} and {% from %}) can miss it; the globals it sees.
        return message, _WITHOUT_CONTEXT_HINT.format(name=name)
    usable = sorted({n for n in [*values, *env.globals] if not n.startswith("_")})
    return message, f"{did_you_mean(name, usable)}{UNDEFINED_HINT}"


def _no_macro(template: str, name: str, exported: Iterable[str]) -> tuple[str, str]:
    """What a template naming a macro its macros file lacks is told, and the hint."""
    return (
        f"{template} has no macro or value {name!r}",
        f"{did_you_mean(name, sorted(exported))}correct the name: a template exports the "
        "macros it defines and the values it sets outside them",
    )


def _exported(env: jinja2.Environment, template: str) -> list[str]:
    """The names of the macros `template` defines and the values it sets outside them, as
    Jinja exports them (those of a template it extends too), read without running it; none
    when it cannot be read."""
    from jinja2 import nodes

    names: list[str] = []
    for tree in _extends_chain(env, template):
        names += [node.name for node in tree.body if isinstance(node, nodes.Macro)]
        for node in tree.body:
            if isinstance(node, nodes.Assign):  # {% set a = 1 %} or {% set a, b = ... %}
                targets = [node.target, *node.target.find_all(nodes.Name)]
                names += [t.name for t in targets if isinstance(t, nodes.Name)]
    return [n for n in dict.fromkeys(names) if not n.startswith("_")]


def _extends_chain(env: jinja2.Environment, template: str) -> list[jinja2.nodes.Template]:
    """The parsed `template` and the templates it extends, the one extended last first: a
    module runs its parent after its own body, so the parent's macro of a name wins. A
    template that cannot be read ends the chain (template_problems reports it)."""
    from jinja2 import nodes

    assert env.loader is not None
    chain: list[jinja2.nodes.Template] = []
    seen: set[str] = set()
    name: str | None = template
    while name is not None and name not in seen:  # a loop is template_cycles' to report
        seen.add(name)
        if (parsed := _parsed(env, name)) is None:
            break
        tree = parsed[0]
        chain.insert(0, tree)
        parent = next(
            (
                _constant_names(node.template)
                for node in tree.body
                if isinstance(node, nodes.Extends)
            ),
            [],
        )
        name = next((n for n in parent if _has_template(env, n)), None)
    return chain


# Jinja's words for a name a template imports that the other does not define.
_NOT_EXPORTED = re.compile(
    r"the template '(?P<template>[^']+)' .*does not export the requested name '(?P<name>[^']*)'"
)
# Jinja's words for an attribute an object lacks: "'module.Class object' has no attribute 'y'".
_NO_ATTRIBUTE = re.compile(r"'(?P<owner>[\w.]+) object' has no attribute '(?P<name>[^']*)'")
# The objects templates are handed, as docs/theme.md names them.
_DOC_NAMES = {
    "PageInfo": "page",
    "Settings": "settings",
    "SiteView": "site",
    "SiteStatus": "status",
    "ComponentView": "a component view",
    "GroupView": "a section's group",
    "DayView": "a component's day",
    "EventView": "an event",
    "UpdateView": "an event's update",
    "AffectedView": "an event's component",
    "HistoryPage": "history",
    "MonthView": "a month of history",
}


def _statusgen_class(owner: str) -> type | None:
    """The class of statusgen's that Jinja named `owner` ("statusgen.render.views.PageInfo");
    None for any other (a str's attributes are Python's)."""
    module, _, name = owner.rpartition(".")
    if module != "statusgen" and not module.startswith("statusgen."):
        return None
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) else None


# The values only some kinds of page are given (render/html.py's `page(...)` calls, every
# one of them), as docs/theme.md names them: a template shared by every page that names
# one fails on the others. A component's history pages are history pages.
PAGE_VALUES = {
    "event": "incident pages",
    "history": "history pages",
    "events": "history pages",
    "component": "component pages",
    "component_event_count": "component pages",
    "component_history_url": "component pages",
    "component_events": "component pages",
    "component_older_active": "component pages",
    "component_active_events": "component pages",
    "component_last_incident": "component pages",
    "subscribe_components": "the subscribe page",
}


# Jinja's tags, as a misspelled one is compared with them.
_TAGS = (
    "autoescape", "block", "call", "elif", "else", "extends", "filter", "for", "from", "if",
    "import", "include", "macro", "set", "with",
    *(f"end{tag}" for tag in ("autoescape", "block", "call", "filter", "for", "if", "macro")),
    *(f"end{tag}" for tag in ("set", "with")),
)  # fmt: skip
# Jinja's words for the block an end tag that does not fit was expected to close.
_INNERMOST_BLOCK = re.compile(r"innermost block that needs to be closed is '(?P<block>\w+)'")
_BRACES_HINT = (
    "check the brackets on this line: a value is written {{ value }}, a tag {% if ... %}, "
    "a comment {# ... #}, each closed as it opens, and every (, [ and { inside closed too"
)
_UNCLOSED_BLOCK_HINT = (
    "close every block the template opens: {% if %} with {% endif %}, {% for %} with "
    "{% endfor %}, {% block %} with {% endblock %}, {% macro %} with {% endmacro %}"
)
_UNKNOWN_TAG_HINT = (
    "correct the tag's name; an {% end... %} needs the tag it closes above it "
    "({% endif %} closes an {% if %})"
)
_EXPRESSION_HINT = (
    "complete the expression on this line: quote text ('like this'), join values with ~, "
    "separate a filter with | and arguments with commas"
)
_TRANS_VALUE_HINT = (
    "a {% trans %} block prints only plain names: give the value a name in the tag and "
    "print that, {% trans title=page.title %}As of {{ title }}{% endtrans %}"
)
_PLURALIZE_HINT = (
    "the name after pluralize must be one of the block's values, given in its tag "
    "({% trans count=items|length %}) or printed in it ({{ count }}): write that name, or "
    "{% pluralize %} alone to count by the block's first value"
)
UNDEFINED_HINT = "docs/theme.md lists the values, filters and functions a template can use"
_WITHOUT_CONTEXT_HINT = (
    "'{name}' is a value of the page, which a template imported without context (as "
    "{{% import %}} and {{% from %}} import by default) does not see: import it with "
    'context ({{% from "..." import ... with context %}}) or pass {name} to its macro '
    "as an argument"
)


class _Where(NamedTuple):
    """Where a template's mistake is reported: a template file and line, and the built-in
    macro that line called, if the mistake surfaced inside one."""

    path: str | None
    line: int
    macro: str = ""  # the built-in macro's name
    failed_at: str = ""  # where in it: "partials/macros.html:48"

    def said(self, message: str) -> str:
        if not self.macro:
            return message
        return f"in the built-in macro {self.macro}() ({self.failed_at}): {message}"

    def hint(self, hint: str = "") -> str:
        if not self.macro:
            return hint
        name = self.macro
        return (
            f"check what this line gives {name}(): the built-in templates show what it takes "
            f"(docs/theme.md says what each value holds); a value that can be None needs a "
            f"test first: {{% if value %}}{{{{ {name}(value) }}}}{{% endif %}}"
        )


def _template_frame(exc: BaseException) -> _Where:
    """The innermost template frame of `exc`'s traceback (Jinja rewrites tracebacks so that
    template frames carry the template file and line); the line of a site's template instead
    when that line called a built-in macro the mistake surfaced in: the macro was handed
    what it cannot take, and the line to fix is the site's."""
    from jinja2.runtime import Macro  # a theme's mistake only

    site: tuple[str, int] | None = None  # the innermost frame of a site's template
    inner: tuple[str, int] | None = None  # the innermost template frame
    called = ""  # the built-in macro the site's frame called
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIXES):
            inner = (filename, tb.tb_lineno)
            if not _is_builtin(filename):
                site, called = inner, ""
        elif inner is not None and inner == site and not called:
            # A macro is called through Jinja's runtime (a block or an include is not).
            macro = tb.tb_frame.f_locals.get("self")
            if isinstance(macro, Macro):
                called = macro.name or "caller"
        tb = tb.tb_next
    if inner is None:
        return _Where(None, 0)
    if site is not None and site != inner and called:
        builtin = (BUILTIN_THEME / TEMPLATES_DIR).resolve()
        failed_in = Path(inner[0]).resolve().relative_to(builtin)
        return _Where(*site, called, f"{failed_in.as_posix()}:{inner[1]}")
    return _Where(*inner)


def _is_builtin(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(BUILTIN_THEME.resolve())


def _theme_path(filename: str | None, context: RenderContext) -> str:
    return _site_path(filename, Path(context.site.root))


def _site_path(filename: str | None, root: Path) -> str:
    if filename is None:
        return "<theme>"
    path = Path(filename)
    for base, shown in (
        (root.resolve(), ""),
        (BUILTIN_THEME.parent.parent, "statusgen/"),
    ):
        if path.resolve().is_relative_to(base):
            return shown + path.resolve().relative_to(base).as_posix()
    return filename


# --- what a site's templates name -------------------------------------------------------------


def missing_templates(root: Path, theme: str = "default") -> list[Diagnostic]:
    """A diagnostic for each template and static file that the site's own templates name
    by a constant (`{% include "x" %}`, extends, import, `asset_url("x")`) and no theme
    folder holds, at its line: check finds what a build would stop on. A template that
    does not compile is left to template_problems."""
    own = _own_templates(root, theme)
    if own is None:
        return []
    from jinja2 import nodes

    from statusgen.render.plan import theme_assets

    env, names, folders = own
    assert env.loader is not None
    statics = theme_assets(folders)[0]
    problems: list[Diagnostic] = []
    for name in names:
        if (parsed := _parsed(env, name)) is None:
            continue  # template_problems reports it
        tree, filename = parsed
        shown = _site_path(filename, root)
        for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            if isinstance(node, nodes.Include) and node.ignore_missing:
                continue
            wanted = _constant_names(getattr(node, "template", None))  # each of the four has it
            missing = [_lookup(env, n) for n in wanted]
            if wanted and all(missing):
                said = " or ".join(map(repr, wanted))
                hint = _not_found_hint(env, next(m for m in missing if m is not None))
                problems.append(
                    Diagnostic(shown, node.lineno, 0, f"template {said} not found", hint)
                )
        for call in tree.find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "asset_url"):
                continue
            asset = _constant_names(call.args[0]) if len(call.args) == 1 else []
            if len(asset) == 1 and asset[0] not in statics:
                mistake = no_asset(asset[0], statics)
                problems.append(Diagnostic(shown, call.lineno, 0, mistake.message, mistake.hint))
    return problems + template_cycles(env, names, root)


def stale_overrides(root: Path, theme: str = "default") -> list[Diagnostic]:
    """A diagnostic at each of the site's templates that a built-in template it does not
    override imports a macro or value from (`{% from "partials/macros.html" import
    event_cards %}`, `{% import ... as m %}` and `m.event_cards`) that it lacks, or calls a
    macro of with a keyword that macro does not take: a copy made from an older statusgen,
    which the pages of that built-in template fail on."""
    own = _own_templates(root, theme)
    if own is None:
        return []
    from jinja2 import nodes

    env = own[0]
    assert env.loader is not None
    # Each template read once, however many built-in templates ask of it.
    winner = cache(partial(_winner, env))
    exported = cache(partial(_exported, env))
    arguments_of = cache(partial(_macro_arguments, env))
    builtin = TemplateFiles(BUILTIN_THEME / TEMPLATES_DIR, read_input)
    # (override's template name, the name it lacks or whose keyword, the keyword or "")
    # -> where the built-in templates use it
    lacking: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    # A built-in template an override extends or includes (`builtin/index.html`) runs too.
    reached = _builtin_reached(env, own[1])
    for name in filter(_is_template, builtin.list_templates()):
        if winner(name) != "builtin" and name not in reached:
            continue  # the site's own template: a name it lacks fails at its own line
        try:
            source, filename, _ = builtin.get_source(env, name)
            tree = env.parse(source, name, filename)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            continue  # statusgen's own, and tested
        modules: dict[str, str] = {}  # `{% import "x" as m %}`: m -> x
        macros: dict[str, tuple[str, str]] = {}  # `{% from "x" import a as b %}`: b -> (x, a)
        used: list[tuple[str, str, int]] = []  # (template, its name, line)
        for module in tree.find_all(nodes.Import):
            wanted = _constant_names(module.template)
            if len(wanted) == 1:
                modules[module.target] = wanted[0]
        for node in tree.find_all(nodes.FromImport):
            wanted = _constant_names(node.template)
            if len(wanted) != 1:
                continue
            for item in node.names:
                imported, alias = item if isinstance(item, tuple) else (item, item)
                macros[alias] = (wanted[0], imported)
                used.append((wanted[0], imported, node.lineno))
        for got in tree.find_all(nodes.Getattr):
            if isinstance(got.node, nodes.Name) and got.node.name in modules:
                used.append((modules[got.node.name], got.attr, got.lineno))
        calls: list[tuple[str, str, str, int]] = []  # (template, macro, keyword, line)
        for call in tree.find_all(nodes.Call):
            callee = call.node
            if isinstance(callee, nodes.Name) and callee.name in macros:
                template, macro = macros[callee.name]
            elif (
                isinstance(callee, nodes.Getattr)
                and isinstance(callee.node, nodes.Name)
                and callee.node.name in modules
            ):
                template, macro = modules[callee.node.name], callee.attr
            else:
                continue
            calls += [(template, macro, kw.key, call.lineno) for kw in call.kwargs]
        # Only what the site's own copy must hold: the built-in ones are tested together.
        for template, imported, line in used:
            copied = winner(template) not in ("builtin", None)
            if copied and imported not in exported(template):
                lacking.setdefault((template, imported, ""), []).append((name, line))
        for template, macro, keyword, line in calls:
            if winner(template) not in ("builtin", None):
                arguments = arguments_of(template, macro)
                if arguments is not None and keyword not in arguments:
                    lacking.setdefault((template, macro, keyword), []).append((name, line))
    problems: list[Diagnostic] = []
    for (template, what, keyword), places in sorted(lacking.items()):
        shown = _site_path(env.loader.get_source(env, template)[1], root)
        original = _site_path(str(BUILTIN_THEME / TEMPLATES_DIR / template), root)
        where = " and ".join(f"{n} (line {line})" for n, line in dict.fromkeys(places))
        plural = len(dict.fromkeys(places)) > 1
        if keyword:
            said = (
                f"the built-in {where} {'call' if plural else 'calls'} {what}({keyword}=…), "
                f"which this copy's {what}() does not take"
            )
            taken = f"{what}()"
        else:
            said = (
                f"the built-in {where} {'import' if plural else 'imports'} {what!r}, "
                "which this copy lacks"
            )
            taken = repr(what)
        problems.append(
            Diagnostic(
                shown,
                0,
                0,
                f"{said}: it was copied from an older statusgen",
                f"take {taken} from the built-in {original} (in the installed statusgen "
                "package), or remove the override to use the built-in one",
            )
        )
    return problems


def feed_links_unguarded(root: Path, settings: Settings) -> list[Diagnostic]:
    """A warning at the first feed link (`url('feed.xml')`, `atom.xml`, `maintenance.ics`,
    a component's `feed_url`) of each of the site's templates that never tests
    `settings.feeds`, when a page publishes no feeds (`private: true`, `feeds: false`): a
    copy of a built-in template from before the setting links that page's readers to
    addresses its build does not write."""
    feedless = [page.name for page in settings.pages if not page.has_feeds]
    if not feedless:
        return []  # at a glance: most sites, and every one without `pages:`
    own = _own_templates(root, settings.theme)
    if own is None:
        return []
    from jinja2 import nodes

    from statusgen.audience import pages_named

    env, names, _ = own
    feeds = (urls.FEED, urls.ATOM, urls.CALENDAR)
    builtin = set(jinja2.FileSystemLoader(BUILTIN_THEME / TEMPLATES_DIR).list_templates())
    problems: list[Diagnostic] = []
    for name in names:
        if (parsed := _parsed(env, name)) is None:
            continue  # template_problems reports it
        tree, filename = parsed
        if any(got.attr == "feeds" for got in tree.find_all(nodes.Getattr)):
            continue  # it tells the pages apart (`{% if settings.feeds %}`)
        links: list[tuple[int, str]] = []  # in the order written
        for node in tree.find_all((nodes.Call, nodes.Getattr)):
            if isinstance(node, nodes.Getattr) and node.attr == "feed_url":
                links.append((node.lineno, node.attr))
            elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
                linked = _constant_names(node.args[0]) if node.args else []
                if node.node.name == "url" and len(linked) == 1 and linked[0] in feeds:
                    links.append((node.lineno, linked[0]))
        if not links:
            continue
        line, what = links[0]
        model = name if name in builtin else "partials/footer.html"
        original = _site_path(str(BUILTIN_THEME / TEMPLATES_DIR / model), root)
        problems.append(
            Diagnostic(
                _site_path(filename, root),
                line,
                0,
                f"links the feeds ({what}) without testing `settings.feeds`, and "
                f"{pages_named(feedless)} {'publish' if len(feedless) > 1 else 'publishes'} "
                "none (`private:` or `feeds: false`): "
                "readers there get a page not found; it was copied from an older statusgen",
                "put the feed links inside `{% if settings.feeds %}…{% endif %}`, as the "
                f"built-in {original} does (in the installed statusgen package), or remove "
                "the override to use the built-in one",
                Severity.WARNING,
            )
        )
    return problems


# The page skeleton, whose head says whether a page is indexed and previewed.
BASE_TEMPLATE = "base.html"


def private_unguarded(root: Path, settings: Settings) -> list[Diagnostic]:
    """A warning at the site's own base.html when a page is private (`private: true`) and
    the copy never tests `settings.private`: one from before the setting gives that page no
    `<meta name="robots" content="noindex">`, or Open Graph tags it must not carry."""
    private = [page.name for page in settings.pages if page.private]
    if not private:
        return []  # at a glance: most sites, and every one without `pages:`
    own = _own_templates(root, settings.theme)
    if own is None or BASE_TEMPLATE not in own[1]:
        return []
    from jinja2 import nodes

    from statusgen.audience import pages_named

    env, _, _ = own
    if (parsed := _parsed(env, BASE_TEMPLATE)) is None:
        return []  # template_problems reports it
    tree, filename = parsed
    if tree.find(nodes.Extends) is not None:
        return []  # the built-in skeleton's head, with its guards
    if any(got.attr == "private" for got in tree.find_all(nodes.Getattr)):
        return []  # it tells the private pages apart, as the built-in one does
    guarded = {id(data) for test in tree.find_all(nodes.If) for data in test.find_all(nodes.Node)}
    texts = [data for data in tree.find_all(nodes.TemplateData) if "noindex" in data.data]
    # A noindex on every page leaves a private one nothing to hide but its og: tags.
    always = any(id(data) not in guarded for data in texts)
    lines = env.loader.get_source(env, BASE_TEMPLATE)[0].splitlines() if env.loader else []
    og = next((n for n, text in enumerate(lines, 1) if 'property="og:' in text), 0)
    if always and not og:
        return []
    lacking = []
    if not always:
        lacking.append(
            'no `<meta name="robots" content="noindex">`, so search engines may index them'
        )
    if og:
        lacking.append("Open Graph tags (og:), which describe them in a chat's preview of a link")
    head = next((n for n, text in enumerate(lines, 1) if "</head>" in text), 0)
    original = _site_path(str(BUILTIN_THEME / TEMPLATES_DIR / BASE_TEMPLATE), root)
    one = len(private) == 1
    return [
        Diagnostic(
            _site_path(filename, root),
            og or head,
            0,
            f"never tests `settings.private`, and {pages_named(private)} "
            f"{'is' if one else 'are'} private (`private: true`): "
            f"{'its' if one else 'their'} pages get {', and '.join(lacking)}; "
            "it was copied from an older statusgen",
            "put the og: tags inside `{% if page.canonical and not settings.private %}…"
            "{% endif %}` and add `{% if not page.canonical or settings.private %}<meta "
            'name="robots" content="noindex">{% endif %}` to the head, as the built-in '
            f"{original} does (in the installed statusgen package), or remove the override "
            "to use the built-in one",
            Severity.WARNING,
        )
    ]


def _parsed(env: jinja2.Environment, name: str) -> tuple[jinja2.nodes.Template, str] | None:
    """The template `name` as the site's lookup finds it, parsed, and its file; None when it
    cannot be read or parsed (template_problems reports that)."""
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
        return env.parse(source, name, filename), filename or name
    except (jinja2.TemplateError, OSError, UnicodeDecodeError):
        return None


def _builtin_reached(env: jinja2.Environment, names: Iterable[str]) -> set[str]:
    """The built-in templates the site's templates `names` load by their `builtin/` name
    (`{% extends "builtin/index.html" %}`), by their own names."""
    from jinja2 import nodes

    assert env.loader is not None
    reached: set[str] = set()
    for name in names:
        if (parsed := _parsed(env, name)) is None:
            continue  # template_problems reports it
        for node in parsed[0].find_all(
            (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
        ):
            for wanted in _constant_names(getattr(node, "template", None)):
                if wanted.startswith("builtin/"):
                    reached.add(wanted.removeprefix("builtin/"))
    return reached


def _winner(env: jinja2.Environment, name: str) -> str | None:
    """Which file the lookup of template `name` finds: "builtin" for the built-in theme's,
    else the file's path; None when none is found or it cannot be read."""
    assert env.loader is not None
    try:
        filename = env.loader.get_source(env, name)[1]
    except (jinja2.TemplateError, OSError, UnicodeDecodeError):
        return None
    if filename is None or _is_builtin(filename):
        return "builtin"
    return filename


def _macro_arguments(env: jinja2.Environment, template: str, macro: str) -> list[str] | None:
    """The names of the arguments the macro `macro` of `template` (or of a template it
    extends) takes; None when it is not one they define, or when it takes any (it reads
    `kwargs`)."""
    from jinja2 import nodes

    for tree in _extends_chain(env, template):
        for node in tree.body:
            if isinstance(node, nodes.Macro) and node.name == macro:
                names = {n.name for n in node.find_all(nodes.Name) if n.ctx == "load"}
                return None if "kwargs" in names else [arg.name for arg in node.args]
    return None


def template_cycles(env: jinja2.Environment, names: Sequence[str], root: Path) -> list[Diagnostic]:
    """A diagnostic for each of the site's templates `names` that extends, includes or
    imports itself, directly or through others, at the line that starts the loop: Jinja
    would recurse until Python gives up. An include under an {% if %}, or a {% for %} over
    a value, may end (a tree drawn by a partial that includes itself), so only one that
    always runs counts; render_template reports the loops found only by running them."""
    assert env.loader is not None
    found: dict[str, list[tuple[str, str, int]]] = {}

    def named(name: str) -> list[tuple[str, str, int]]:
        """What `name` always loads: (how, the template that wins the lookup, line)."""
        if name not in found:
            found[name] = []
            if (parsed := _parsed(env, name)) is None:
                return found[name]  # template_problems reports it
            for node in _unconditional_loads(parsed[0]):
                wanted = _constant_names(getattr(node, "template", None))
                target = next((n for n in wanted if _has_template(env, n)), None)
                if target is not None:
                    found[name].append((_LOAD_VERBS[type(node).__name__], target, node.lineno))
        return found[name]

    problems: list[Diagnostic] = []
    for name in names:
        for verb, target, line in named(name):
            through = _path_back(target, name, named)
            if through is None:
                continue
            shown = _site_path(env.loader.get_source(env, name)[1], root)
            via = f" (through {', '.join(through)})" if through else ""
            hint = (
                f'to extend the built-in {name}, write {{% extends "builtin/{name}" %}}'
                if verb == "extends" and not through
                else f"remove the {verb.removesuffix('s')} of {target!r} from this line, or "
                "put it under an {% if %} that ends the loop"
            )
            problems.append(Diagnostic(shown, line, 0, f"{name} {verb} itself{via}", hint))
    return problems


_LOAD_VERBS = {"Extends": "extends", "Include": "includes", "Import": "imports"}
_LOAD_VERBS["FromImport"] = "imports"


def _unconditional_loads(node: object) -> list[jinja2.nodes.Node]:
    """The extends, includes and imports under `node` that run whenever it does: a loop's
    run when it loops over a list written out that is not empty (`{% for x in [1] %}`)."""
    from jinja2 import nodes

    loads: list[jinja2.nodes.Node] = []
    assert isinstance(node, nodes.Node)
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            loads.append(child)
        elif isinstance(child, nodes.For):
            if child.test is None and _written_out(child.iter):
                loads += _unconditional_loads(nodes.Scope(child.body))
        elif not isinstance(child, nodes.If | nodes.Macro | nodes.CallBlock):
            loads += _unconditional_loads(child)
    return loads


def _written_out(node: jinja2.nodes.Node) -> bool:
    """Whether `node` is a list, tuple or text written out in the template, not empty."""
    from jinja2 import nodes

    if isinstance(node, nodes.List | nodes.Tuple):
        return bool(node.items)
    return isinstance(node, nodes.Const) and bool(node.value)


def _path_back(
    start: str, goal: str, named: Callable[[str], list[tuple[str, str, int]]]
) -> list[str] | None:
    """The templates between `start` and `goal` along what each loads, shortest first
    ([] when `start` is `goal`); None when `start` never loads `goal`."""
    paths: dict[str, list[str]] = {start: []}
    queue = [start]
    for current in queue:
        if current == goal:
            return paths[current]
        for _, target, _ in named(current):
            if target not in paths:
                paths[target] = [*paths[current], current]
                queue.append(target)
    return None


def _constant_names(node: object) -> list[str]:
    """The template names a constant expression gives (a name, or a list of them for an
    include that takes the first found); none when any part is computed."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        value = node.value
        if isinstance(value, str):
            return [value]
        if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
            return list(value)
        return []
    if isinstance(node, nodes.Tuple | nodes.List):
        items = [_constant_names(item) for item in node.items]
        return [n for found in items for n in found] if all(items) else []
    return []


def _has_template(env: jinja2.Environment, name: str) -> bool:
    return _lookup(env, name) is None


def _lookup(env: jinja2.Environment, name: str) -> jinja2.TemplateNotFound | None:
    """Why `env` finds no template `name`; None when it finds one."""
    assert env.loader is not None
    try:
        env.loader.get_source(env, name)
    except jinja2.TemplateNotFound as exc:
        return exc
    except UnreadableTemplate:
        return None  # there, and reported as unreadable (template_problems)
    return None


def _not_found_hint(env: jinja2.Environment, exc: jinja2.TemplateNotFound) -> str:
    """The hint for a template name `env` does not find: why the file there is left out
    (LeftOutTemplate), or the template of the theme's it most likely meant."""
    if isinstance(exc, LeftOutTemplate):
        return exc.hint
    if isinstance(exc, jinja2.TemplatesNotFound) or exc.name is None:
        return NOT_FOUND_HINT
    known = env.list_templates(filter_func=_is_template)
    return f"{did_you_mean(str(exc.name), known)}{NOT_FOUND_HINT}"
