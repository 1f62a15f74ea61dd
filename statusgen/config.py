"""Site settings: statusgen.yaml validated into model.Settings."""

from __future__ import annotations

import functools
import ipaddress
import os
import posixpath
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Collection
from collections.abc import Mapping as Table
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from statusgen import urls
from statusgen.errors import Diagnostic, Severity
from statusgen.layout import (
    COMPONENTS_FILE,
    DATA_DIR,
    MONITOR_DATA_DIR,
    SETTINGS_FILE,
    SITE_STATIC_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    THEMES_DIR,
    UNPUBLISHED_FOLDERS,
    has_theme,
    is_theme_name,
    theme_chain,
    theme_names,
)
from statusgen.load.fields import (
    Fields,
    as_written,
    between,
    boolean_hint,
    date_hint,
    did_you_mean,
    known_list,
    nearest_hint,
    unseen_slip,
)
from statusgen.load.files import STATIC_FOLDER, link_to_nothing, private_reach, real_path
from statusgen.load.text import ascii_letters, decode
from statusgen.load.yamlnodes import Mapping, Node, Scalar, Sequence, parse_yaml, type_name
from statusgen.model import Page, Settings
from statusgen.timeline import no_such_date
from statusgen.weburls import as_browser_sends, has_login, idna, unseen_character

if TYPE_CHECKING:
    from statusgen.notify.settings import NotifySettings


# Where an override of base_url comes from, named in its diagnostics.
BASE_URL_OVERRIDE = "--base-url/STATUSGEN_BASE_URL"
# How to write a page, for the hints about `pages:`.
_PAGE_EXAMPLE = "'public:' with 'base_url:' and 'output:' below it"


def _write(key: str, example: str, without: str = "") -> str:
    """The hint for `key` left empty: an example to write, and what leaving it out means."""
    return f"write e.g. '{key}: {example}'" + (f", or remove the line {without}" if without else "")


# The keys of statusgen.yaml, each with what to say of it left empty (`timezone:` and
# nothing after it): an empty value is an error, never read as the key left out. An owner
# who left `timezone:` blank to fill in later would otherwise publish UTC times without a
# word, and one who left `private:` blank a staff page.
_KEYS = {
    "title": _write("title", "Example Status"),
    # CI may fill it in instead, for a file that leaves it out or blank.
    "base_url": _write("base_url", "https://status.example.com/")
    + f", or give it when building ({BASE_URL_OVERRIDE})",
    "description": _write("description", "Current availability of our services.", "for none"),
    "language": _write("language", "de", f"for the default, {Settings.language}"),
    "timezone": _write("timezone", "Europe/Berlin", f"for the default, {Settings.timezone}"),
    "input_timezone": _write(
        "input_timezone", "Europe/Berlin", "to read times in the site's timezone"
    ),
    "start_date": _write("start_date", "2026-01-01", "to begin the record at the first incident"),
    # No example: one names a theme the site has not (only the built-in one ships), and
    # _empty_hints names the site's own when it has some.
    "theme": f"write the name of a theme of the site's own (a folder {THEMES_DIR}/<name>/"
    f"{TEMPLATES_DIR}/), or remove the line for the built-in theme",
    "output": _write("output", "public", f"for the default, {Settings.output}"),
    "history_days": _write("history_days", "30", f"for the default, {Settings.history_days}"),
    "support_url": _write("support_url", "https://example.com/support", "for no support link"),
    "logo": _write("logo", "logo.svg", "for none"),
    "favicon": _write("favicon", "favicon.ico", "for none"),
    "pages": f"add one, e.g. {_PAGE_EXAMPLE}, or remove 'pages:' to build a single page",
    # Read by statusgen/ingest/rules.py, checked with the components.
    "ingest": "write 'ingest:' with 'rules:' indented below it, or remove 'ingest:' to take "
    "no alerts",
    "notify": "write 'notify:' with 'channels:' indented below it, or remove 'notify:' to "
    "send no messages",
}
KEYS = tuple(_KEYS)
# The keys of one entry under `pages:` (model.Page), the same way: most default to the site's.
# The examples that name a host or folder are made from the page's name (_page_hints): one
# named for another audience (partners) would read as where this page belongs.
_PAGE_KEYS = {
    "title": _write("title", "Partner status", "for the site's title"),
    "base_url": _write("base_url", "https://{name}.example.com/"),
    "output": _write("output", "out/{name}"),
    "description": _write("description", "Services our partners use.", "for the site's"),
    "language": _write("language", "de", "for the site's language"),
    "show": "",  # the site's own ids (_show_hint)
    "private": boolean_hint("private"),
    "feeds": boolean_hint("feeds"),
    "static": _write("static", "static-{name}", "to publish static/'s files alone"),
}
PAGE_KEYS = tuple(_PAGE_KEYS)


def _page_only() -> dict[str, tuple[str, str]]:
    """What a key only a page has, written at the top level of the settings, is told."""
    return {
        key: (
            f"unknown key '{key}': '{key}' is a setting of a page, not of the site",
            "move it under a page in 'pages:' (one entry per audience, docs/audiences.md), "
            "or remove it",
        )
        for key in PAGE_KEYS
        if key not in KEYS
    }


def _site_wide(page: str) -> dict[str, tuple[str, str]]:
    """What a key of the site's alone, written under the page `page`, is told."""
    return {
        key: (
            f"unknown key '{key}' in page '{page}': '{key}' is site-wide",
            "move it to the top level of statusgen.yaml, where it applies to every page",
        )
        for key in KEYS
        if key not in PAGE_KEYS and key != "pages"
    }


# A name a page can have: also a folder name in the cache (lastbuild.open_cache).
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
# What an example made from a page's name says when the name cannot be used.
_SOME_PAGE = "status"

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# A tag beginning with a three-letter code, which may be one of a language that has a
# two-letter code (`ger`, `deu`): Babel is asked only for these.
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}(?![A-Za-z])")
_MAX_HISTORY_DAYS = 3650


def state_private(pages: tuple[Page, ...], output: str) -> tuple[str, ...]:
    """The site's folders the notify state may not lie in, however it is named (`state:`,
    `--state`): what a build reads, or publishes as it is."""
    written = [p.output for p in pages] or [output]
    statics = [p.static for p in pages if p.static is not None]
    # data/ is what CI keeps between runs, and a build reads only the monitors' data in
    # it: the state may lie beside them (data/notify.json), not among them.
    read = [MONITOR_DATA_DIR if f == DATA_DIR else f for f in UNPUBLISHED_FOLDERS]
    # As paths, not as typed: `./out/pub/` is named `out/pub/` in what is said of it.
    return tuple(
        posixpath.normpath(folder) for folder in (*read, SITE_STATIC_DIR, *statics, *written)
    )


@dataclass(frozen=True)
class SettingsFile:
    """statusgen.yaml as check_settings read it."""

    settings: Settings | None  # None when anything in it is wrong
    diagnostics: list[Diagnostic]
    # The names under `pages:`: () without pages, None when they cannot be read. Events'
    # `audiences:` are checked against them even while other settings are wrong.
    page_names: tuple[str, ...] | None = None
    # Each `language:` written, the site's and the pages', as (tag, line, column): where
    # what is said about its catalog and locale points.
    languages: tuple[tuple[str, int, int], ...] = ()
    # The `notify:` section as read, mistakes and all: what its channels name (components,
    # pages) is checked even while other settings are wrong, so every problem shows at once.
    notify: NotifySettings | None = None
    # With `settings` None: the settings with a default in place of each broken one, which
    # `check` works out the rest of its report from (one mistyped key must not hide the
    # other files' problems); None when even that cannot be had (see _fallback).
    fallback: Settings | None = None


def parse_settings(
    data: bytes, *, base_url: str | None = None, path: str = SETTINGS_FILE
) -> tuple[Settings | None, list[Diagnostic]]:
    """Validate statusgen.yaml's bytes into Settings; None and every problem when it is wrong.

    `base_url`, when given, replaces the file's value (a preview deploy builds for another host).
    """
    checked = check_settings(data, base_url=base_url, path=path)
    return checked.settings, checked.diagnostics


def key_line(data: bytes, key: str, path: str = SETTINGS_FILE) -> int:
    """The line of the top-level `key` in statusgen.yaml's bytes: where a problem with what
    is under it points; 0 when there is no such key or the file cannot be read."""
    text, _ = decode(path, data)
    root = parse_yaml(text, path)[0] if text is not None else None
    entry = root.entries.get(key) if isinstance(root, Mapping) else None
    return entry.key.line if entry is not None else 0


def check_settings(
    data: bytes,
    *,
    base_url: str | None = None,
    path: str = SETTINGS_FILE,
    site_root: Path | None = None,
    ids: Collection[str] | None = None,
    empty: Table[str, str] | None = None,
    nested: Table[str, str] | None = None,
    offer: Callable[[str], str] | None = None,
    outputs: bool = False,
    whole_outputs: bool = False,
) -> SettingsFile:
    """parse_settings, with what the rest of the site says about the settings: with
    `site_root` (the site's folder), `theme:` must name one of its themes, as `build`
    requires, and with `outputs` as well, the output folders (`output:`, or each page's)
    must be ones `build` writes into (with `whole_outputs`, looked through to the bottom,
    as a build replacing one whole does: write.output_folder_problem's `whole`); with
    `ids` (of the groups and components, in order), each page's `show:` must name them,
    and with `empty` (those of them that show no component, each with why), a page that
    names only those is warned about; `nested`: the hint for naming one of the components
    file's groups inside a group, or one of its members, by id; `offer`: the did-you-mean
    for an id `show:` names that is none of `ids` (ComponentNames.shown_did_you_mean)."""
    diagnostics: list[Diagnostic] = []
    text, problems = decode(path, data)
    if text is None:
        return SettingsFile(None, problems)
    root, diagnostics = parse_yaml(text, path)
    if root is None and diagnostics:
        return SettingsFile(None, diagnostics)
    if not isinstance(root, Mapping):
        found = "empty" if root is None else type_name(root)
        diagnostics.append(
            Diagnostic(
                path,
                root.line if root else 1,
                root.column if root else 1,
                f"{path} must be a mapping of settings, not {found}",
                "write 'title: My status page' and 'base_url: https://status.example.com/'",
            )
        )
        return SettingsFile(None, diagnostics)

    fields = Fields(path, root, diagnostics, hints=_empty_hints(_KEYS, root, site_root))
    fields.check_keys(KEYS, _page_only())
    # An override stands in for base_url left blank as for one left out: a CI that fills
    # it in (STATUSGEN_BASE_URL) builds from a file that leaves it empty.
    fields.check_empty(k for k in KEYS if k != "base_url" or base_url is None)
    title = fields.title("title", required=True)
    languages: list[tuple[str, int, int]] = []
    pages, page_names = _pages(
        path, root, diagnostics, (ids, empty or {}, nested or {}, offer), languages, site_root
    )
    overridden = base_url is not None
    if base_url is None and page_names != () and root.get("base_url") is None:
        # Each page has its own; the first stands for the site (none: `pages:` is wrong,
        # which is reported, and no top-level base_url is asked for as well).
        base_url = pages[0].base_url if pages else None
    elif base_url is None:
        base_url = _base_url(fields)
    else:
        base_url = _check_url(base_url, BASE_URL_OVERRIDE, diagnostics)
    settings: dict[str, object] = {}
    description = fields.published_text("description")
    if description is not None:
        settings["description"] = description
    theme = fields.text("theme")
    if theme is not None:
        settings["theme"] = theme
    output = _output(fields)
    if output is not None:
        settings["output"] = output
    if theme is not None and not is_theme_name(theme):
        # Kept out of the settings: every theme folder is looked up under themes/ by name.
        del settings["theme"]
        _not_a_theme_name(fields, site_root, theme)
    elif site_root is not None and theme is not None and theme != "default":
        _check_theme(fields, site_root, theme)
    if site_root is not None and pages:
        _check_page_static(fields, site_root, pages)
    # (Pages none of which could be read leave nothing to check: they are reported.)
    if site_root is not None and outputs and (pages or page_names == ()):
        _check_outputs(fields, site_root, pages, output, whole=whole_outputs)
    # Advice (a page with a broken image still builds): kept apart from the problems,
    # which alone make the settings unusable.
    warnings: list[Diagnostic] = []
    if site_root is not None and outputs and any(page.private for page in pages):
        warnings += _unignored_private_outputs(fields, site_root, pages)
    for key in ("logo", "favicon"):
        path_node = fields.scalar(key)
        if path_node is None:
            continue
        # "./assets/logo.svg" is "assets/logo.svg", as a shell or a Markdown link reads it:
        # a page links the path from the site's root, so the "./" is dropped, not linked.
        written = re.sub(r"^\s*(?:\./)+", "", path_node.text)
        parts = _split(written)
        in_site = parts is not None and not parts.scheme and not parts.netloc
        if parts is not None and in_site and not _plain_when_decoded(parts):
            # A page links the path from the site's root: '..' would point out of the
            # published site (to nothing, or to someone else's files on the same host).
            base = posixpath.basename(unquote(parts.path).replace("\\", "/")) or f"{key}.svg"
            fields.report(
                path_node,
                f"{key} must be a path in the built site, not one leaving it: "
                f"{path_node.text.strip()!r}",
                f"put the file in {SITE_STATIC_DIR}/ and write '{key}: {base}', or in "
                f"{THEMES_DIR}/{STATIC_DIR}/ and write '{key}: {urls.asset(base)}'",
            )
        elif parts is not None and parts.scheme in ("", "http", "https") and written.strip():
            settings[key] = written.strip()
            if site_root is not None and not parts.scheme and not parts.netloc:
                chosen = settings.get("theme", "default")
                assert isinstance(chosen, str)
                warnings += _unpublished(
                    path,
                    key,
                    path_node,
                    parts.path,
                    site_root,
                    chosen,
                    _publishers(base_url, pages),
                )
        else:
            fields.report(
                path_node,
                f"{key} must be a path in the site or an http(s) URL, not {path_node.text!r}",
                f"e.g. '{key}: images/{key}.svg' or 'https://example.com/{key}.svg'",
            )
    if site_root is not None and base_url is not None and not pages:
        node = None if overridden else root.get("base_url")
        where = (path, node.line, node.column) if isinstance(node, Scalar) else None
        warnings += _cname_at_root(base_url, site_root, where)
    language = _language(fields, languages)
    if language is not None:
        settings["language"] = language
    for key in ("timezone", "input_timezone"):
        zone = fields.scalar(key, expected="a time zone")
        if zone is None:
            continue
        if is_site_timezone(zone.text):
            settings[key] = zone.text
        elif (unusable := not_a_place(zone.text)) is not None:
            fields.report(zone, f"unusable timezone '{zone.text}'", f"'{zone.text}' {unusable}")
        else:
            fields.report(
                zone,
                *unseen_slip(key, zone.text, is_site_timezone)
                or offset_as_zone(zone.text)
                or abbreviation_as_zone(zone.text)
                or (
                    f"unknown timezone '{zone.text}'",
                    f"{did_you_mean(zone.text, sorted(_site_timezones()))}{_IANA_NAME}",
                ),
            )
    start = fields.scalar("start_date", expected="a date")
    if start is not None:
        try:
            settings["start_date"] = date.fromisoformat(start.text.strip())
        except ValueError:
            why = no_such_date(start.text)
            if why is None:
                fields.report(
                    start,
                    f"'{start.text}' is not a valid date",
                    date_hint("start_date", start.text),
                )
            else:
                fields.report(start, f"'{start.text}' is not a valid date ({why[0]})", why[1])
    history_days = fields.integer(
        "history_days", refused=between("history_days", 1, _MAX_HISTORY_DAYS)
    )
    if history_days is not None:
        if 1 <= history_days <= _MAX_HISTORY_DAYS:
            settings["history_days"] = history_days
        else:
            node = root.get("history_days")
            assert isinstance(node, Scalar)
            fields.report(
                node,
                f"history_days must be between 1 and {_MAX_HISTORY_DAYS}, not {as_written(node)}",
                nearest_hint("history_days", history_days, 1, _MAX_HISTORY_DAYS),
            )
    support = fields.scalar("support_url")
    if support is not None:
        parts = _split(support.text)
        scheme = parts.scheme if parts else ""
        if parts is not None and scheme != "mailto" and has_login(support.text):
            # Said without the URL, as for base_url: the password stays out of CI logs.
            fields.report(
                support,
                "support_url holds a user name or password (before '@'), which would be "
                "published on every page",
                "leave them out (https://example.com/support): the link is public; an e-mail "
                "address is written mailto:support@example.com",
            )
        elif scheme in ("http", "https", "mailto") and len(support.text) > len(scheme) + 3:
            settings["support_url"] = support.text
        elif (misfit := _support_misfit(support)) is not None:
            fields.diagnostics.append(Diagnostic(path, *misfit))
        else:
            fields.report(
                support,
                f"support_url must be an http(s) or mailto: URL, not {support.text!r}",
                "e.g. https://example.com/support or mailto:support@example.com",
            )
    notify = root.get("notify")
    read: NotifySettings | None = None
    if notify is not None and not (isinstance(notify, Scalar) and notify.kind == "null"):
        # Imported here: only a site that configures notifications reads their rules.
        from statusgen.notify.settings import parse_notify

        private = state_private(pages, output or Settings.output)
        read = settings["notify"] = parse_notify(path, notify, diagnostics, private, site_root)
    if pages:
        settings["pages"] = pages
    # Errors alone make the settings unusable. Some readers tell a warning in the same
    # list (a title publishing a token, a page showing no component): it is advice, which
    # `check` passes, and must not stop `build`, `new` or an alert's `ingest` either.
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    if failed or title is None or base_url is None:
        fallback = _fallback(root, title, base_url, settings, page_names)
        return SettingsFile(
            None, diagnostics + warnings, page_names, tuple(languages), read, fallback
        )
    valid = Settings(title=title, base_url=base_url, **settings)  # type: ignore[arg-type]
    return SettingsFile(valid, diagnostics + warnings, page_names, tuple(languages), read)


# Stands for a base_url that is missing or wrong in the fallback settings: `.invalid`
# is a name no host ever has (RFC 2606), and nothing is built for it.
_NO_BASE_URL = "https://base-url.invalid/"


def _fallback(
    root: Mapping,
    title: str | None,
    base_url: str | None,
    values: dict[str, object],
    page_names: tuple[str, ...] | None,
) -> Settings | None:
    """Settings made of the `values` that could be read, a default in place of each
    broken one; None when `pages:` names pages none of which could be read, as a site of
    one page would be checked for outputs no page of it writes."""
    if page_names != () and not values.get("pages"):
        return None
    values = dict(values)
    zone = values.get("input_timezone")
    if root.get("timezone") is not None and "timezone" not in values and zone is not None:
        # Shown in the zone times are read in: against a default, `check` would warn
        # about a difference between the two zones that the author never wrote.
        values["timezone"] = zone
    return Settings(title=title or "", base_url=base_url or _NO_BASE_URL, **values)  # type: ignore[arg-type]


def _not_a_theme_name(fields: Fields, root: Path | None, name: str) -> None:
    """Report a `theme:` that is a path (`/etc`, `../../x`), naming the site's themes."""
    node = fields.mapping.get("theme")
    assert node is not None
    found = theme_names(root) if root is not None else []
    fields.report(
        node,
        f"theme must be the name of a folder in {THEMES_DIR}/ (or 'default'), not {name!r}",
        (f"themes in this site: {known_list(found)}; " if found else "")
        + f"a theme is a folder {THEMES_DIR}/<name>/{TEMPLATES_DIR}/, "
        "or remove 'theme:' to use the built-in one",
    )


def _check_theme(fields: Fields, root: Path, name: str) -> None:
    """Report a `theme:` the site has no folder for, naming the themes it has. A folder
    that is a link looping is there, unreadable: reported once, as such (validate's
    theme_problems), not also as missing."""
    if has_theme(root, name):
        return
    folder = root / THEMES_DIR / name
    if os.path.islink(folder) and real_path(folder) is None:
        return
    node = fields.mapping.get("theme")
    assert node is not None
    if is_theme_name(name) and folder.is_dir():
        # There, but without templates/ (only static/, say): "not found" sent the author
        # looking for a folder they can see.
        fields.report(
            node,
            f"theme '{name}' has no {TEMPLATES_DIR}/ folder: {THEMES_DIR}/{name}/ is there, "
            f"but a theme is a folder {THEMES_DIR}/<name>/{TEMPLATES_DIR}/",
            f"create {THEMES_DIR}/{name}/{TEMPLATES_DIR}/ (empty, it takes every template "
            f"from the built-in theme), or move its files to {THEMES_DIR}/ (static files to "
            f"{THEMES_DIR}/static/) and remove 'theme:'",
        )
        return
    found = theme_names(root)
    fields.report(
        node,
        f"theme '{name}' not found",
        f"{did_you_mean(name, found)}"
        + (f"themes in this site: {known_list(found)}" if found else "this site has no themes")
        + f"; a theme is a folder {THEMES_DIR}/<name>/{TEMPLATES_DIR}/, "
        "or remove 'theme:' to use the built-in one",
    )


def _cname_at_root(
    base_url: str, site_root: Path, where: tuple[str, int, int] | None
) -> list[Diagnostic]:
    """A warning at `where` (base_url's file, line and column; None: the override's) when
    static/CNAME gives the site a custom domain and base_url has a path, which GitHub
    Pages does not serve it under (every link under the path would lead to a 404), or
    another host, which every feed, canonical link and the API would name instead."""
    folder = urls.root_path(base_url)
    from statusgen.render.site_static import CNAME, named_host, same_host

    cname = f"{SITE_STATIC_DIR}/{CNAME}"
    # Read as the build reads it: a CNAME it cannot read (or a static/ it may not open) is
    # None here, and the build's own problem.
    named = named_host(site_root / cname)
    if not named or not _is_host(named.lower()):
        return []  # no domain (a merge conflict's marker line): the build says what it is
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    domain = named.rstrip(".")
    if same_host(named, host):
        if folder == "/":
            return []
        message = (
            f"base_url has the path {folder!r}, but {cname} makes {domain} a custom domain, "
            "and GitHub Pages serves a site with one at '/': every link under "
            f"{folder} would lead to a 404"
        )
    elif folder == "/":
        message = (
            f"base_url's host {host!r} differs from {domain!r}, the custom domain in {cname}: "
            f"the feeds, canonical links and the API would give {host} while the site is "
            f"served at {domain}"
        )
    else:
        message = (
            f"base_url's host {host!r} differs from {domain!r}, the custom domain in {cname}, "
            f"and GitHub Pages serves a site with one at '/', not under {folder}: every link "
            "would lead to a 404"
        )
    fixed = f"{parts.scheme}://{domain}/"
    hint = (
        f"write 'base_url: {fixed}'" if where is not None else f"give --base-url {fixed}"
    ) + f", or remove {cname} if the site is not served at a domain of its own"
    path, line, column = where if where is not None else (BASE_URL_OVERRIDE, 0, 0)
    return [Diagnostic(path, line, column, message, hint, Severity.WARNING)]


# Who publishes a page's files: a page's name (None: the site, with no `pages:`), the
# path of its base_url ("/status/") and the folders whose files it copies to its root.
Publisher = tuple[str | None, str, tuple[str, ...]]


def _publishers(base_url: str | None, pages: tuple[Page, ...]) -> tuple[Publisher, ...]:
    """Each page the settings build, with what it links a path from and publishes (the
    site alone, at `base_url`, when there is no `pages:`; None: unread, at "/")."""
    if not pages:
        return ((None, urls.root_path(base_url or "/"), (SITE_STATIC_DIR,)),)
    return tuple(
        (
            page.name,
            urls.root_path(page.base_url),
            (SITE_STATIC_DIR,) if page.static is None else (SITE_STATIC_DIR, page.static),
        )
        for page in pages
    )


def _published_name(target: str, base_path: str) -> str:
    """The file a page publishing under `base_path` links as `target`, as url() reads it:
    a path starting with that folder already (`/status/favicon.ico`) is the site's
    `favicon.ico`, not `status/favicon.ico`."""
    within = urls.in_root(target, base_path)
    return unquote(target if within is None else within).lstrip("/")


def _unpublished(
    path: str,
    key: str,
    node: Scalar,
    target: str,
    root: Path,
    theme: str,
    publishers: tuple[Publisher, ...],
) -> list[Diagnostic]:
    """A warning when `logo:` or `favicon:` (`target`, the path of a link within the site)
    names a file a page does not publish: the site's static/ files and a page's own
    `static:` folder's are copied to its root, and the theme folders' static/ files to
    assets/ (render/theme.py). Each page reads the path as url() does; the warning names
    the pages that lack it when others have it."""

    def published(name: str, folders: tuple[str, ...]) -> bool:
        if any((root / folder / name).is_file() for folder in folders):
            return True
        asset = name.removeprefix(urls.ASSETS)
        return asset != name and any(
            (folder / STATIC_DIR / asset).is_file() for folder in theme_chain(root, theme)
        )

    lacking = [
        (page, base, folders)
        for page, base, folders in publishers
        if not published(_published_name(target, base), folders)
    ]
    if not lacking:
        return []
    page, base, folders = lacking[0]
    name = _published_name(target, base)
    if name.startswith(urls.ASSETS):
        asset = name.removeprefix(urls.ASSETS)
        hint = f"put it at {THEMES_DIR}/{STATIC_DIR}/{asset} (published as {urls.asset(asset)})"
    else:
        base_name = posixpath.basename(name)
        hint = (
            f"put it at {SITE_STATIC_DIR}/{name} (copied to the site's root), or at "
            f"{THEMES_DIR}/{STATIC_DIR}/{base_name} and write '{key}: {urls.asset(base_name)}'"
        )
        inside = name.removeprefix(f"{SITE_STATIC_DIR}/")
        if inside != name and (root / SITE_STATIC_DIR / inside).is_file():
            # The file is there, named by its path in the site folder rather than in the
            # built site (`static/logo.png`, published as `logo.png`).
            hint = (
                f"write '{key}: {inside}': the files of {SITE_STATIC_DIR}/ are copied to the "
                f"site's root, so {name} is published as {inside}"
            )
    if target.startswith("/") and (base == "/" or urls.in_root(target, base) is None):
        # '/etc/...' is most likely a file of this computer, which no build copies: say
        # so, rather than only where to put a file of that name.
        hint = f"a leading '/' is the built site's root, not this computer's: {hint}"
    shown = node.text.strip()
    if len(lacking) == len(publishers):
        message = f"{key} names '{shown}', a file no build publishes: pages would show it broken"
    else:
        from statusgen.audience import pages_named

        # Another page publishes it (from its own static folder): this one links it to
        # nothing. A copy in static/ is every page's, or one in each page's own folder.
        named = pages_named([page for page, _, _ in lacking if page is not None])
        one = len(lacking) == 1
        message = (
            f"{key} names '{shown}', a file {named} {'does' if one else 'do'} not publish: "
            f"{'its' if one else 'their'} pages would show it broken"
        )
        if not name.startswith(urls.ASSETS):
            # Where each page looks (pages under other folders of their hosts read the
            # path apart): static/ is every page's, a page's own folder its alone.
            places: dict[str, list[str]] = {}
            for page, base, folders in lacking:
                wanted = _published_name(target, base)
                places.setdefault(f"{SITE_STATIC_DIR}/{wanted}", []).append(str(page))
                if len(folders) > 1:
                    places.setdefault(f"{folders[-1]}/{wanted}", []).append(str(page))
            if len({_published_name(target, base) for _, base, _ in lacking}) == 1:
                own = [place for place in places if not place.startswith(f"{SITE_STATIC_DIR}/")]
                hint = f"put it at {SITE_STATIC_DIR}/{name}, which every page publishes" + (
                    f", or at {known_list(own)}" if own else ""
                )
            else:
                hint = "put it at " + known_list(
                    [
                        f"{place} (for {pages_named(names)})"
                        for place, names in places.items()
                        if place.startswith(f"{SITE_STATIC_DIR}/")
                    ]
                )
    return [Diagnostic(path, node.line, node.column, message, hint, Severity.WARNING)]


def _check_outputs(
    fields: Fields, root: Path, pages: tuple[Page, ...], output: str | None, *, whole: bool
) -> None:
    """Report the output folders `build` would refuse, at their `output:` (the default
    folder, which no line names, at the file; output_position finds the same place): each
    page's, or else the site's (`output`, as read; None: not set). `whole`: each is looked
    through to the bottom (write.output_folder_problem)."""
    from statusgen.incremental.lastbuild import built_into, users_files_left
    from statusgen.write import folder_of_its_own, output_folder_problem  # check, build ask

    folders: list[tuple[str, Node | None, str | None]] = []
    if pages:
        listed = fields.mapping.get("pages")
        assert isinstance(listed, Mapping)  # pages were read from it
        for page in pages:
            entry = listed.get(page.name)
            assert isinstance(entry, Mapping)
            folders.append((page.output, entry.get("output"), page.name))
    elif output is not None:
        folders.append((output, fields.mapping.get("output"), None))
    elif fields.node("output") is None:  # not set, rather than set wrong (reported)
        folders.append((Settings.output, None, None))
    for folder, where, name in folders:
        # An output and a page's static folder one inside the other is reported once, at
        # the `static:` (_check_page_static, which a build with -o runs too).
        own = folder_of_its_own(root, name, pages)
        # The site's record of its last build there, read only for a folder holding no
        # site: one whose status.json alone was damaged is still the site's to build again.
        built = functools.partial(built_into, root, name, root / folder)
        # A folder an earlier build left behind: the files put there since are the user's.
        users = functools.partial(users_files_left, root, root / folder)
        problem = output_folder_problem(
            root, root / folder, pages=(), own=own, whole=whole, built=built, users=users
        )
        if problem is None:
            continue
        if problem.place is not None:  # the link or folder at fault, not the name of it
            fields.diagnostics.append(Diagnostic(problem.place, 0, 0, *problem[:2]))
        elif where is None:
            fields.diagnostics.append(Diagnostic(fields.path, 0, 0, *problem[:2]))
        else:
            fields.report(where, *problem[:2])


# How long git may take to say where the work tree is and what it ignores: a warning is
# not worth a build that hangs on a network file system.
GIT_TIMEOUT_S = 5.0
# The words of the warning of a private page's folder that git does not ignore, by which a
# build with nothing to do asks again whether it still holds (private_output_still_unignored).
UNIGNORED = "git does not ignore its output folder"


def _unignored_private_outputs(
    fields: Fields, root: Path, pages: tuple[Page, ...]
) -> list[Diagnostic]:
    """A warning at the `output:` of each private page whose folder the git work tree
    holding the site does not ignore: `git add -A` stages what the page keeps to its
    readers, and a push publishes it. None outside a work tree, or without git."""
    from statusgen.authoring.git import work_tree_top

    top = work_tree_top(root, GIT_TIMEOUT_S)
    if top is None:
        return []
    listed = fields.mapping.get("pages")
    assert isinstance(listed, Mapping)  # pages were read from it
    warnings: list[Diagnostic] = []
    for page in pages:
        entry = listed.get(page.name)
        assert isinstance(entry, Mapping)
        where = entry.get("output")
        if not page.private or where is None or not _unignored(top, root / page.output):
            continue
        relative = Path(os.path.relpath((root / page.output).resolve(), top)).as_posix()
        gitignore = ".gitignore" if top == root.resolve() else f"the .gitignore at {top.name}/"
        # As written (`./ops/`), a slash added would show `./ops//`: the folder, normalised.
        shown = Path(page.output).as_posix()
        warnings.append(
            Diagnostic(
                fields.path,
                where.line,
                where.column,
                f"page '{page.name}' is private, but {UNIGNORED} {shown}/: "
                "`git add -A` would commit what it keeps to its readers",
                f"add '/{relative}/' to {gitignore}",
                Severity.WARNING,
                also=(page.output,),
            )
        )
    return warnings


def _unignored(top: Path, folder: Path) -> bool:
    """Whether `folder` lies in the git work tree at `top`, which does not ignore it (git
    asked with a time limit; a folder it cannot say of is not warned of)."""
    from statusgen.authoring.git import ignored

    try:
        folder.resolve().relative_to(top)
    except ValueError:  # outside the work tree: no `git add` stages it
        return False
    return ignored(top, folder, GIT_TIMEOUT_S) is False


def private_output_still_unignored(root: Path, warning: Diagnostic) -> bool:
    """Whether the recorded `warning` of a private page's folder (UNIGNORED) still holds,
    for a build with nothing to do that says the last one's warnings again; True for any
    other warning."""
    if UNIGNORED not in warning.message or len(warning.also) != 1:
        return True
    from statusgen.authoring.git import work_tree_top

    top = work_tree_top(root, GIT_TIMEOUT_S)
    return top is not None and _unignored(top, root / warning.also[0])


def output_position(data: bytes, page: str | None) -> tuple[int, int]:
    """Where statusgen.yaml's bytes name the output folder of the page `page` (None: the
    site's): the line and column of its `output:`, as _check_outputs reports a problem
    with it; (0, 0) for the default folder, which no line names, or unreadable settings."""
    text, _ = decode(SETTINGS_FILE, data)
    found = parse_yaml(text, SETTINGS_FILE)[0] if text is not None else None
    if page is not None:
        listed = found.get("pages") if isinstance(found, Mapping) else None
        found = listed.get(page) if isinstance(listed, Mapping) else None
    node = found.get("output") if isinstance(found, Mapping) else None
    return (node.line, node.column) if node is not None else (0, 0)


def _check_page_static(fields: Fields, root: Path, pages: tuple[Page, ...]) -> None:
    """Report a page's `static:` that is no folder of the site, that holds an output
    folder or lies in one (the build would publish its own output, or replace the files),
    or that links into a folder the site keeps to itself (content/: every incident)."""
    listed = fields.mapping.get("pages")
    assert isinstance(listed, Mapping)  # pages were read from it
    outputs = [p.output for p in pages]
    places = [output_place(root, output) for output in outputs]
    # Where each static folder is named, its own link not followed: a link is
    # private_reach's to tell (it names the link, and where it leads).
    site = output_place(root, ".")
    # _page_static refused these by name; a link reaches them under another.
    private = (*UNPUBLISHED_FOLDERS, *dict.fromkeys(outputs))
    for page in pages:
        if page.static is None:
            continue
        entry = listed.get(page.name)
        assert isinstance(entry, Mapping)
        node = entry.get("static")
        assert node is not None  # page.static was read from it
        folder = root / page.static
        named = os.path.normcase(os.path.join(site, page.static))
        if any(folders_overlap(named, place) for place in places):
            fields.report(
                node,
                f"static {page.static!r} of page '{page.name}' and an output folder lie "
                "one inside the other",
                f"keep the page's own files in a folder beside the output, e.g. static-{page.name}",
            )
        elif nowhere := link_to_nothing(folder, root, "folder"):
            fields.report(
                node,
                f"static {page.static!r} of page '{page.name}' is {nowhere.message}",
                nowhere.hint,
            )
        elif not folder.is_dir() or not folder.resolve().is_relative_to(root.resolve()):
            fields.report(
                node,
                f"static {page.static!r} of page '{page.name}' is no folder of the site",
                f"create {page.static}/ and put the files only this page publishes in it "
                "(its CNAME), or remove 'static:'",
            )
        elif reach := private_reach(folder, root, private):
            fields.report(
                node,
                f"static {page.static!r} of page '{page.name}' is {STATIC_FOLDER.refusal(reach)}",
                STATIC_FOLDER.hint(
                    private,
                    f"make {page.static}/ a folder of its own, not a link, holding only "
                    "what this page publishes (its CNAME)",
                ),
            )
        elif shared := _shared_static(root, page, pages):
            fields.report(
                node,
                f"static {page.static!r} of page '{page.name}' {shared}",
                f"make {page.static}/ a folder of its own beside {SITE_STATIC_DIR}/ and the "
                "other pages' folders, not in, around or linked to one of them, holding only "
                "what this page publishes (its CNAME)",
            )


def _shared_static(root: Path, page: Page, pages: tuple[Page, ...]) -> str | None:
    """What a page's static folder shares files with, said so ("lies inside static/, ...")
    when, its links followed, it is, holds or lies in static/, or in another page's static
    folder when either page is private: their files would be published with this page's,
    or this page's with theirs (a private page's runbook on the public page). None when
    it shares none."""
    assert page.static is not None
    own = output_place(root, page.static)
    # Said when only a link (the folder's, or one above it) makes them share.
    linked = own != os.path.normcase(os.path.join(os.path.realpath(root), page.static))
    through = " through a link" if linked else ""
    folders = [(SITE_STATIC_DIR, "whose files every page publishes")]
    folders += [
        (other.static, f"the static folder of page '{other.name}'")
        for other in pages
        if other.name != page.name and other.static is not None and (page.private or other.private)
    ]
    for folder, what in folders:
        theirs = output_place(root, folder)
        if not folders_overlap(own, theirs):
            continue
        if own == theirs:
            where = "is"
        elif Path(own).is_relative_to(theirs):
            where = "lies inside"
        else:
            where = "holds"
        return f"{where} {folder}/{through}, {what}"
    return None


def output_place(site: Path | None, folder: str | Path) -> str:
    """The folder `folder` (relative to the site at `site`, or absolute) as folders_overlap
    compares it: where it really is, `..` and links followed and case as the system
    compares names; without the site's folder, only its spelling made plain.

    A page's `output:` may be written absolute or through `..` or a link: compared as
    written, a private page's folder inside the public one's would pass, and be published
    with it."""
    if site is None:
        return posixpath.normpath(str(folder).replace("\\", "/"))
    return os.path.normcase(os.path.realpath(site / folder))


def folders_overlap(one: str, other: str) -> bool:
    """Whether two folders (relative to the site, or both absolute: output_place) are one,
    or one holds the other: the rule that keeps each page's output apart, `check`'s and
    `build -o`'s."""
    a, b = (posixpath.normpath(folder.replace("\\", "/")) for folder in (one, other))
    if a == b or "." in (a, b):
        return True
    return a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


def _language(fields: Fields, written: list[tuple[str, int, int]]) -> str | None:
    """The `language:` of the settings or of a page, noted in `written` with its place."""
    language = fields.scalar("language", expected="a language tag")
    if language is None:
        return None
    well_formed = bool(_LANGUAGE.fullmatch(language.text))
    if well_formed and not _THREE_LETTERS.match(language.text):
        written.append((language.text, language.line, language.column))
        return language.text
    # Babel's data, read only for a mistake
    from statusgen.i18n import locale_name_tag, shortest_tag, tag_named

    shortest = shortest_tag(language.text) if well_formed else None
    if well_formed and shortest is None:
        written.append((language.text, language.line, language.column))
        return language.text
    if shortest is not None:
        # Published as written (`<html lang="ger">`), a browser or a screen reader would not
        # read the page as German.
        fields.report(
            language,
            f"'{language.text}' is a three-letter code of a language that has a two-letter one",
            f"did you mean '{shortest}'? a language tag uses the shortest code (BCP 47)",
        )
        return None

    # A system locale's name (`de_DE`, `en_US.UTF-8`) is offered the tag it stands for:
    # browsers and screen readers read neither `_` nor an encoding in `<html lang>`.
    spelled = locale_name_tag(language.text)
    if spelled is not None and _LANGUAGE.fullmatch(spelled):
        hint = f"did you mean '{spelled}'? write a language tag (BCP 47), not a system locale"
    elif (meant := tag_named(language.text)) is not None:
        hint = f"did you mean '{meant}'? write the language's code, not its name"
    else:
        hint = "use a code like en, de or pt-BR"
    fields.report(
        language,
        *unseen_slip("language", language.text, lambda tag: bool(_LANGUAGE.fullmatch(tag)))
        or (f"'{language.text}' is not a language tag", hint),
    )
    return None


def _pages(
    path: str,
    root: Mapping,
    diagnostics: list[Diagnostic],
    showable: _Showable,
    languages: list[tuple[str, int, int]],
    site_root: Path | None,
) -> tuple[tuple[Page, ...], tuple[str, ...] | None]:
    """`pages:`, one page per audience, and the names under it (see SettingsFile); each
    page's `language:` noted in `languages`; with `site_root`, the output folders compared
    where they really are (output_place).

    The pages are those whose address and folder could be read, for the checks between
    pages: with any problem reported, the settings are None all the same."""
    node = root.get("pages")
    if node is None:
        return (), ()
    # Left empty (every page commented out), it is reported with every key left empty: read
    # as no `pages:`, one site would publish every component and incident, internal ones too.
    if isinstance(node, Scalar) and (node.rejected or node.kind == "null"):
        return (), None
    if not isinstance(node, Mapping) or not node.entries:
        message, hint = (
            ("pages defines no page", _KEYS["pages"])
            if isinstance(node, Mapping)
            else (
                f"pages must be a mapping of page names to settings, not {type_name(node)}",
                f"e.g. 'pages:' then {_PAGE_EXAMPLE}",
            )
        )
        diagnostics.append(Diagnostic(path, node.line, node.column, message, hint))
        return (), None
    pages: list[Page] = []
    # A name that cannot be used stands for the one it should be (`Partners`: partners), so
    # that events' `audiences:` naming that one are not told to name the refused one.
    names: list[str] = []
    seen: dict[str, tuple[str, int]] = {}
    folders: dict[str, tuple[str, int]] = {}  # each page's output folder: (page, line)
    above: str | None = None  # the page above, which a page setting left unindented is of
    for name, entry in node.entries.items():
        # A page with a name that cannot be used still has its settings checked (every
        # mistake in one run), but is no page to build.
        usable = bool(PAGE_NAME.fullmatch(name))
        meant = name if usable else _page_name(name, node.entries)
        names.append(meant or name)
        if not usable:
            diagnostics.append(
                Diagnostic(
                    path,
                    entry.key.line,
                    entry.key.column,
                    f"page name '{name}' cannot be used",
                    f"write it '{meant}': lowercase letters, digits, '-' and '_'"
                    if meant is not None
                    else "use lowercase letters, digits, '-' and '_', e.g. partners",
                )
            )
        setting = name in PAGE_KEYS and above is not None
        if name not in PAGE_KEYS:
            above = name
        if not isinstance(entry.value, Mapping):
            diagnostics.append(
                Diagnostic(
                    path,
                    entry.value.line,
                    entry.value.column,
                    f"page '{name}' must be a mapping of settings, not {type_name(entry.value)}",
                    # `base_url:` written level with `public:` above it, not under it.
                    f"'{name}' is a setting of a page: indent it under the page above it "
                    f"('{above}:'), by two more spaces than that page's name"
                    if setting
                    else "give it 'base_url:' and 'output:', and optionally 'title:', 'show:', "
                    "'private:'",
                )
            )
            continue
        page, base_url, output = _page(
            path, meant or _SOME_PAGE, entry.value, diagnostics, showable, languages, name
        )
        # One folder however it is spelled ("out", "./out/", "/srv/site/out", a link to
        # it), one address however it is written (_check_url made it plain already).
        # Each is shown as this page spells it, made plain.
        folder = None if output is None else output_place(site_root, output)
        for key, value, shown in (
            ("base_url", base_url, base_url),
            ("output", folder, None if output is None else output_place(None, output)),
        ):
            written = entry.value.get(key)  # read by _page, so present when it has a value
            if value is None or written is None:
                continue  # missing or wrong: _page reported it; the other key is compared
            other = seen.get(f"{key}={value}")
            if key == "output" and other is None:
                _nested_output(path, name, value, written, folders, diagnostics)
                folders[value] = (name, written.line)
            if other is not None:
                diagnostics.append(
                    Diagnostic(
                        path,
                        written.line,
                        written.column,
                        f"pages '{other[0]}' and '{name}' have the same {key} {shown!r}",
                        f"give each page its own {key} (page '{other[0]}' has it on line "
                        f"{other[1]})",
                    )
                )
            seen[f"{key}={value}"] = (name, written.line)
        if page is not None and usable:
            pages.append(page)
    return tuple(pages), tuple(names)


def _page_name(written: str, taken: Collection[str]) -> str | None:
    """The usable page name `written` (one that cannot be used) stands for: lowercase, in
    ASCII (its accents dropped, not its letters), each run of other characters a '-'; None
    when that is no name either, or another page's."""
    name = re.sub(r"[^a-z0-9_-]+", "-", ascii_letters(written.strip().lower())).strip("-_")
    return name if PAGE_NAME.fullmatch(name) and name not in taken else None


def _nested_output(
    path: str,
    name: str,
    folder: str,
    written: Node,
    folders: dict[str, tuple[str, int]],
    diagnostics: list[Diagnostic],
) -> None:
    """Report an output folder inside another page's, or holding one: each build replaces
    its page's folder whole, so one page's build would delete the other's site."""
    for other, (page, line) in folders.items():
        if folders_overlap(folder, other):
            diagnostics.append(
                Diagnostic(
                    path,
                    written.line,
                    written.column,
                    f"the output of page '{name}' and that of page '{page}' (line {line}) "
                    "lie one inside the other",
                    "give each page a folder of its own, side by side, e.g. out/public and "
                    "out/partners: a build replaces its page's folder whole",
                )
            )


# What a page's `show:` may name: the ids of the groups and components (None when the
# components file is broken), and those of them that show no component, each with why.
# The ids a page may show, those showing nothing (each with why), and the hint for an id of
# a nested group or its members, and the did-you-mean for an unknown one (check_settings).
_Showable = tuple[
    Collection[str] | None, Table[str, str], Table[str, str], Callable[[str], str] | None
]


def _page(
    path: str,
    name: str,
    node: Mapping,
    diagnostics: list[Diagnostic],
    shown_ids: _Showable,
    languages: list[tuple[str, int, int]],
    written: str,
) -> tuple[Page | None, str | None, str | None]:
    """The page, when its base_url and output can be read (its other problems reported),
    and its base_url and output as far as they could be read, to compare with the other
    pages' even when one of them is wrong; its `language:` noted in `languages`. `name` is
    the page's name as it should be, `written` as statusgen.yaml has it."""
    ids, empty, nested, offer = shown_ids
    showable = [i for i in ids or () if i not in empty]
    hints = {key: hint.replace("{name}", name) for key, hint in _PAGE_KEYS.items()}
    # A host has no '_', which a page's name may have: check would refuse `staff_only.`.
    host = re.sub(r"[_-]+", "-", name).strip("-")
    hints["base_url"] = _PAGE_KEYS["base_url"].replace("{name}", host)
    hints["show"] = _show_hint(showable)
    hints = _empty_hints(hints, node)
    fields = Fields(path, node, diagnostics, what=f"page '{written}'", hints=hints)
    fields.check_keys(PAGE_KEYS, _site_wide(written))
    fields.check_empty(PAGE_KEYS)
    base_url = _base_url(fields)
    output = _output(fields, required=True)
    values: dict[str, object] = {}
    for key in ("title", "description"):
        text = fields.title(key) if key == "title" else fields.published_text(key)
        if text is not None:
            values[key] = text
    language = _language(fields, languages)
    if language is not None:
        values["language"] = language
    for key in ("private", "feeds"):
        flag = fields.boolean(key)
        if flag is not None:
            values[key] = flag
    static = fields.scalar("static")
    if static is not None:
        folder = _page_static(fields, name, static)
        if folder is not None:
            values["static"] = folder
    show = fields.node("show")
    if show is not None:
        items = show.items if isinstance(show, Sequence) else None
        if items is None or not items:
            # Text is the ids written without brackets, or a list in quotes ("[core]"), or
            # with other separators ("core; api"): the list to write is the author's ids.
            listed = (
                [i for i in re.split(r"[\s,;\[\]]+", show.text) if i]
                if isinstance(show, Scalar) and show.kind == "str"
                else []
            )
            fields.report(
                show,
                "show names no group or component"
                if items is not None
                else f"show must be a list of group and component ids, not {type_name(show)}",
                f"write a list: 'show: [{', '.join(listed)}]', or remove 'show:' to show everything"
                if listed
                else hints["show"],
            )
        else:
            shown: list[str] = []
            for item in items:
                if isinstance(item, Scalar) and item.kind == "str" and item.text.strip():
                    shown.append(item.text.strip())
                    if ids is not None and shown[-1] not in ids:
                        _unknown_shown(fields, item, shown[-1], ids, nested, offer)
                elif isinstance(item, Scalar) and item.kind == "str":
                    fields.report(
                        item,
                        "show has an empty item",
                        "remove it, or write a group or component id there",
                    )
                else:
                    fields.report(
                        item, f"show lists group and component ids, not {type_name(item)}"
                    )
            values["show"] = tuple(shown)
            # Published, such a page reads "Status unknown" and lists nothing.
            if shown and all(entry in empty for entry in shown):
                why = ", ".join(dict.fromkeys(empty[entry] for entry in shown))
                example = f"e.g. 'show: [{showable[0]}]', or " if showable else ""
                diagnostics.append(
                    Diagnostic(
                        path,
                        show.line,
                        show.column,
                        f"{fields.what} shows no component: {why}",
                        f"name a group or component with components to show, {example}"
                        "remove 'show:' to show everything",
                        Severity.WARNING,
                    )
                )
    if base_url is None or output is None:
        return None, base_url, output
    page = Page(name=name, line=node.line, base_url=base_url, output=output, **values)  # type: ignore[arg-type]
    return page, base_url, output


def _show_hint(ids: Collection[str]) -> str:
    """What to write in a page's `show:`: the site's own ids to choose from."""
    choices = f" ({known_list(ids)})" if ids else ""
    return (
        f"write the ids of the groups and components it shows{choices}, or remove 'show:' "
        "to show everything"
    )


def _output(fields: Fields, *, required: bool = False) -> str | None:
    """`output:`, the folder a build writes into, a leading `~` read as -o reads it
    (home_path). Reported when it names the home of no user."""
    output = fields.text("output", required=required)
    if output is None:
        return None
    home, problem = home_path(output)
    if problem is None:
        return home
    node = fields.mapping.get("output")
    assert node is not None  # text read it
    fields.report(
        node,
        f"output {output!r} {problem}",
        "write the folder's full path, or one inside the site, e.g. 'output: public'",
    )
    return None


def home_path(written: str) -> tuple[str, str | None]:
    """The folder `written` names, a leading `~` read as the home folder, as the shell and
    git's path settings read it: `~/www` in the home of the user building, `~name/www` in
    that user's; not a folder named `~` in the site. With what is wrong when it names the
    home of no user (the path then as written). The one reading of `output:` and `-o`:
    `--output=~/www`, which no shell expands, must name the folder `output: ~/www` does."""
    if not written.startswith("~"):
        return written, None
    home = os.path.expanduser(written)
    if not home.startswith("~"):
        return home, None
    user = written[1:].replace("\\", "/").partition("/")[0]
    return written, f"names the home folder of {user!r}, a user this computer does not have"


# The hint of `output: ~`, which YAML reads as null, not as the home folder.
_NULL_HOME = (
    "; a lone ~ is YAML's null, no value: write '~', in quotes, if the home folder is meant"
)


def _empty_hints(
    hints: dict[str, str], mapping: Mapping, root: Path | None = None
) -> dict[str, str]:
    """`hints` for the keys of `mapping` left empty: the one of `output: ~` saying why, and
    with the site's folder `root`, the one of `theme:` naming the themes it has (an
    example would name one it has not)."""
    found = dict(hints)
    node = mapping.get("output")
    if isinstance(node, Scalar) and node.kind == "null" and node.text.strip() == "~":
        found["output"] += _NULL_HOME
    themes = theme_names(root) if root is not None and "theme" in hints else []
    if themes:
        found["theme"] = (
            f"write one of this site's themes ({known_list(themes)}), or remove the line for "
            "the built-in theme"
        )
    return found


def _page_static(fields: Fields, name: str, node: Scalar) -> str | None:
    """A page's `static:`, as one spelling of a folder inside the site (reported when it
    is not one, or lies inside static/, whose files every page publishes already)."""
    written = node.text.strip()
    # A leading `~` is the home folder, as in `output:` (home_path): never inside the site,
    # nor a folder named `~` in it that the check would say to create.
    home, problem = home_path(written)
    folder = posixpath.normpath(home.replace("\\", "/")) if written else ""
    hint = f"name a folder beside {SITE_STATIC_DIR}/, e.g. 'static: static-{name}'"
    if problem is not None:
        fields.report(node, f"static {written!r} {problem}", hint)
    elif not folder or folder.startswith(("/", "../")) or folder in (".", ".."):
        said = " (a leading ~ is the home folder)" if home != written else ""
        fields.report(
            node, f"static must name a folder inside the site, not {written!r}{said}", hint
        )
    elif folder == SITE_STATIC_DIR or folder.startswith(SITE_STATIC_DIR + "/"):
        fields.report(
            node,
            f"static {written!r} is inside {SITE_STATIC_DIR}/, whose files every page publishes",
            hint,
        )
    elif inside := next((f for f in UNPUBLISHED_FOLDERS if folders_overlap(folder, f)), None):
        # The settings, incidents, cache or history of the site would go out with the page.
        fields.report(node, f"static {written!r} would publish the site's {inside}/", hint)
    else:
        return folder
    return None


def _unknown_shown(
    fields: Fields,
    item: Scalar,
    entry: str,
    ids: Collection[str],
    nested: Table[str, str],
    offer: Callable[[str], str] | None,
) -> None:
    """Report a page's `show:` naming `entry`, no id of `ids`: a group inside a group (or
    one of its members) is told of that nesting, the error to fix."""
    unknown = f"{fields.what} shows '{entry}', which is no group or component"
    if entry in nested:
        fields.report(item, unknown, nested[entry])
        return
    fields.report(
        item,
        *unseen_slip("id", entry, ids.__contains__)
        or (
            unknown,
            f"{(offer or functools.partial(did_you_mean, known=ids))(entry)}known ids: "
            f"{known_list(ids)}"
            if ids
            else f"no groups or components are defined in {COMPONENTS_FILE}",
        ),
    )


def _base_url(fields: Fields) -> str | None:
    node = fields.scalar("base_url", required=True)
    if node is None:
        return None
    problem = base_url_problem(node.text, "base_url")
    if problem is not None:
        what, hint = problem
        fields.report(node, f"base_url {what}", hint)
        return None
    return _check_url(node.text, "", [])


def _check_url(url: str, source: str, diagnostics: list[Diagnostic]) -> str | None:
    """The URL ending in "/", or None after reporting why it is not an absolute http(s) URL."""
    problem = base_url_problem(url)
    if problem is not None:
        what, hint = problem
        diagnostics.append(Diagnostic(source, 0, 0, f"base_url {what}", hint))
        return None
    # As a browser sends it, as feeds, sitemaps and links carry it (sitemaps and RSS
    # readers take only URLs in ASCII), and one spelling of one address: a respelled
    # base_url must not move every feed GUID, calendar UID and the page id.
    url = as_browser_sends(url.strip())
    return url if url.endswith("/") else url + "/"


def without_empty_segments(url: str) -> str:
    """`url` with each run of `/` in its path made one, the address meant by one a base
    URL may not be (base_url_problem): `https://example.com//status` is
    `https://example.com/status`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=re.sub("/{2,}", "/", parts.path)))


def base_url_problem(url: str, key: str = "") -> tuple[str, str] | None:
    """What is wrong with `url` as a base URL, as (what, hint) to follow its name; None
    when it is an absolute http(s) URL. The one rule for `base_url:`, STATUSGEN_BASE_URL
    and `--base-url`; `key`, the settings key it was written under, is in the line a hint
    offers."""
    parts = _split(url.strip())
    if has_login(url.strip()):
        # Said before anything else, and without the URL: the password stays out of logs.
        return (
            "holds a user name or password (before '@'), which would be published on every "
            "page, feed and API answer",
            "leave them out (https://status.example.com/): the address is public; a page "
            "behind a password asks for it in the browser",
        )
    misfit = _misfit_part(url.strip())
    if misfit is not None:
        return misfit
    dots = _dot_segment(parts)
    if parts is not None and dots is not None:
        # A browser resolves it before asking, so no page would be at the address the
        # links are made from (and %2e%2e made the preview redirect to itself forever).
        return (
            f"has a {dots!r} segment in its path, which a browser or server resolves "
            "before looking: the pages would not be found where their links lead",
            f"write the folder meant: {_repaired(parts._replace(path=_resolved(parts.path)))}",
        )
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or not _plain_when_decoded(parts)
    ):
        hint = "e.g. https://status.example.com/ or https://example.github.io/status/"
        schemed = f"https://{url.strip()}"
        if "://" not in url and parts is not None and base_url_problem(schemed) is None:
            # `status.mycompany.com`, the address as a browser's bar shows it: the scheme
            # put before it, rather than an example to adapt.
            fixed = _repaired(urlsplit(schemed))
            fixed = fixed if fixed.endswith("/") else fixed + "/"
            hint = f"write it with https:// before it: {f'{key}: ' if key else ''}{fixed}"
        return (f"must be an absolute http(s) URL, not {url!r}", hint)
    if not _is_host(parts.hostname):
        return (
            f"has a host that is not a domain name: {parts.hostname!r}",
            "write the host as the domain is registered: letters, digits and hyphens "
            "between dots (status.example.com, störung.example.de or its ASCII form "
            "xn--strung-xxa.example.de), or an IP address",
        )
    if parts.port == 0:
        return (
            "has port 0, which no browser can reach",
            "leave the port out, or write the one the site is served on (1 to 65535)",
        )
    if "//" in parts.path:
        # Each page links from the path's root: "https://x.com//" would make every link
        # "//assets/…", which a browser reads as the host "assets". An easy slip in CI:
        # --base-url "$URL/" with $URL already ending in "/".
        return (
            "has an empty segment in its path ('//'): every link of the pages would lead "
            "to another host",
            f"write {_repaired(parts)}",
        )
    if "%2f" in parts.path.lower():
        # A static host looks a file up by its decoded path: ".../a%2Fb/index.html" is
        # "a/b/index.html" there, so no page would be served at the address base_url
        # names, and the preview's redirect would lead to a 404 the same way.
        slashed = urlunsplit(parts._replace(path=re.sub("%2[fF]", "/", parts.path)))
        return (
            "has an encoded slash ('%2F') in its path: a web server reads it as '/', so "
            "no page would be found at that address",
            f"write the folders with '/': {_repaired(urlsplit(slashed))}",
        )
    last = parts.path.rpartition("/")[2]
    if _names_file(last):
        # Every address is the base URL plus a path: ".../index.html/feed.xml" is no file,
        # nor ".../status.json/assets/style.css".
        kind = "page" if _PAGE_FILE.search(last) else "file"
        return (
            f"is the address of a {kind} ({last!r}), not of the folder the site is served from",
            f"write the folder: {_repaired(parts)}",
        )
    return None


def _names_file(segment: str) -> bool:
    """Whether `segment`, the last of a base URL's path, names a page or a file of the kind
    the build writes rather than a folder (unquoted: `status%2Ejson` is the same file)."""
    segment = unquote(segment)
    return bool(_PAGE_FILE.search(segment)) or urls.names_file(segment)


def _dot_segment(parts: SplitResult | None) -> str | None:
    """The `.` or `..` segment (as written, `%2e%2e` too) of an http(s) URL's path that
    decodes to nothing else harmful; None when there is none."""
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    dots = [s for s in parts.path.split("/") if unquote(s) in (".", "..")]
    # With a backslash or a control character as well, it is refused as no URL at all.
    return dots[0] if dots and _harmless_when_decoded(parts) else None


def _resolved(path: str) -> str:
    """`path` with its `.` and `..` segments resolved as a browser resolves them (RFC 3986
    §5.2.4), as a folder: `/a/../b/` → `/b/`, `/a/b/..` → `/a/`."""
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        name = unquote(segment)
        if name == "..":
            if kept:
                kept.pop()
        elif name not in (".", ""):
            kept.append(segment)
    last = unquote(path.rpartition("/")[2])
    folder = not last or last in (".", "..")
    return "/" + "/".join(kept) + ("/" if kept and folder else "")


def _repaired(parts: SplitResult) -> str:
    """The address base_url_problem's hints name: `parts` without its query, fragment and
    empty path segments, and the site's folder rather than a page in it. One repair for
    every hint, so the address a hint offers is one the next run accepts, not the next
    refusal ("…/index.html?utm_source=mail" is "…/", not "…/index.html")."""
    parts = urlsplit(without_empty_segments(urlunsplit(parts)))
    path = parts.path or "/"
    if _names_file(path.rpartition("/")[2]):
        # A page of the site's own (".../history/index.html") is no root either: the
        # folder before it, or every link would point under history/; nor is the folder
        # of one of its files (".../api/v2/summary.json").
        path = urls.site_root(urls.file_folder(path))
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# What an address writes %-escaped and a folder's name may hold ("my status", "bob's"),
# each as its hint names it and with its escape. A backslash is left out: a browser reads it
# as "/", and escaped it is refused all the same (_harmless_when_decoded).
_ESCAPED_IN_PATHS = {
    " ": ("a space", "%20"),
    '"': ('a double quote (")', "%22"),
    "'": ("an apostrophe (')", "%27"),
    "<": ("'<'", "%3C"),
    ">": ("'>'", "%3E"),
    "^": ("'^'", "%5E"),
    "`": ("'`'", "%60"),
    "{": ("'{'", "%7B"),
    "|": ("'|'", "%7C"),
    "}": ("'}'", "%7D"),
}


def _misfit_part(url: str) -> tuple[str, str] | None:
    """What base_url_problem says of an http(s) URL with a query, a fragment, or a space
    or a quote in its path, which would otherwise only hear it is no absolute URL: each of
    these is a slip with a fix of its own (copied from the address bar, or a folder's name)."""
    misfits = [char for char in dict.fromkeys(url) if char in _ESCAPED_IN_PATHS]
    escaped = url.translate({ord(char): _ESCAPED_IN_PATHS[char][1] for char in misfits})
    parts = _split(escaped)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if any(_ESCAPED_IN_PATHS[char][1] in parts.netloc for char in misfits):
        return None  # in the host: no escape makes it one
    # Every address of the site is the base URL followed by a path: a query or fragment
    # would end up in the middle of each one.
    fixed = _repaired(parts)
    if parts.query:
        return (
            f"may not have a query (?{parts.query}): every address of the site is the base "
            "URL followed by a file's path",
            f"leave it out: {fixed}",
        )
    if parts.fragment:
        return (
            f"may not have a fragment (#{parts.fragment}): every address of the site is the "
            "base URL followed by a file's path",
            f"leave it out: {fixed}",
        )
    if misfits:
        named = [_ESCAPED_IN_PATHS[char] for char in misfits]
        if len(named) == 1:
            hint = "write {} in an address as {}".format(*named[0])
        else:
            hint = f"write {', '.join(f'{name} as {code}' for name, code in named)} in an address"
        return (
            f"may not have {' or '.join(name for name, _ in named)}: {url!r}",
            f"{hint}: {fixed}",
        )
    return None


def _support_misfit(node: Scalar) -> tuple[int, int, str, str] | None:
    """Where support_url's first character no URL holds as written (a quote, `<`) is, and
    what to say of it (line, column, message, hint), when the URL escaped is one; None
    otherwise. A link written in a browser's address bar or a mail client often has one."""
    at = next((i for i, char in enumerate(node.text) if char in _ESCAPED_IN_PATHS), None)
    if at is None:
        return None
    escaped = node.text.translate(
        {ord(char): code for char, (_, code) in _ESCAPED_IN_PATHS.items()}
    )
    parts = _split(escaped)
    if parts is None or parts.scheme not in ("http", "https", "mailto"):
        return None
    name, code = _ESCAPED_IN_PATHS[node.text[at]]
    line, column = node.position(at)
    return (
        line,
        column,
        f"support_url may not have {name} (column {column}): {node.text!r}",
        f"write {name} in an address as {code}: {escaped}",
    )


# The last part of a page's address, as a browser shows it when the base URL was copied
# from the address bar. A folder named "v1.2" stays a folder.
_PAGE_FILE = re.compile(r"\.(?:s?html?|xhtml|php|aspx?|jsp)$", re.IGNORECASE)


def _is_host(host: str) -> bool:
    """Whether `host` (as urlsplit lowers it, without brackets) is one a browser reaches:
    an IP address, or a domain name whose labels in their ASCII form are letters, digits
    and inner hyphens. A comma, a `;` or an empty label would be published as it is."""
    if ":" in host:  # only an IPv6 address has one; urlsplit checked its brackets
        return _is_ip(host)
    try:
        name = idna(host).removesuffix(".")
    except UnicodeError:
        return False
    labels = name.split(".")
    if labels[-1].isdigit():  # a browser reads a host ending in a number as IPv4
        return _is_ip(name)
    return len(name) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


# A label of a domain name (RFC 1123 §2.1): letters, digits and inner hyphens.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# Never part of a URL as written in a settings file, and able to break out of the places
# URLs are copied to (an HTML attribute, a calendar line, a _headers rule).
_NOT_IN_URLS = frozenset("\"'<>\\^`{|}")


def _split(url: str) -> SplitResult | None:
    """The URL's parts, or None when it holds a space, quote, control character or bracket
    mismatch (urlsplit raises for "http://[", and quietly drops tabs and newlines)."""
    stripped = url.strip()
    if unseen_character(stripped) is not None or not _NOT_IN_URLS.isdisjoint(stripped):
        return None
    try:
        parts = urlsplit(stripped)
        parts.port  # noqa: B018 - raises for a port no browser can reach (":99999", ":http")
    except ValueError:
        return None
    return parts


def _plain_when_decoded(parts: SplitResult) -> bool:
    """Whether the URL stays harmless once its %-escapes are decoded, as servers, the
    preview and the terminal see it: no control or formatting character (%0d%0a would
    print a raw line break), no backslash, and no `.` or `..` path segment (%2e%2e/ made
    the preview redirect its front page to itself forever)."""
    if not _harmless_when_decoded(parts):
        return False
    return not any(segment in (".", "..") for segment in unquote(parts.path).split("/"))


def _harmless_when_decoded(parts: SplitResult) -> bool:
    """Whether the URL's host and path, %-escapes decoded, hold no control or formatting
    character and no backslash."""
    decoded = unquote(f"{parts.netloc}{parts.path}")
    return "\\" not in decoded and not any(unicodedata.category(c) in _HIDDEN for c in decoded)


# Control, formatting and line/paragraph separator characters.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


# Names the zone database answers to that are no place's zone. available_timezones() lists
# every zone file in the system's zoneinfo folders besides tzdata's own list; here (Debian)
# that includes `localtime`, a link to the building machine's zone, and tzdata lists
# `Factory` everywhere. CPython already leaves out `posixrules` (a copy of a zone the system
# chose), named here all the same: with any of them the same site would publish other
# times, or a zone named after no place, from one machine to the next.
_IANA_NAME = "use an IANA name like Europe/Berlin or America/New_York"
_MACHINE_ZONE = (
    "is the zone of the machine that builds the site: pages would differ from one machine "
    f"to the next; {_IANA_NAME}"
)
# The database also keeps three US abbreviations as zones with one offset the year round:
# a New York team's `EST` would read every time written in July an hour off (EDT is
# UTC-04:00). Their EST5EDT-style siblings keep the US summer time and stay accepted. Each:
# its offset, a place that keeps that offset the year round (the same times, so what an
# import from a site that used it writes instead), and the place with summer time a team
# writing it most likely means.
_YEAR_ROUND_ZONES = {
    "EST": ("UTC-05:00", "America/Panama", "America/New_York"),
    "MST": ("UTC-07:00", "America/Phoenix", "America/Denver"),
    "HST": ("UTC-10:00", "Pacific/Honolulu", None),
}


def _year_round_hint(offset: str, keeps: str, summer: str | None) -> str:
    if summer is None:
        return f"is {offset} the year round and names no place: write {keeps}"
    return (
        f"is {offset} the year round, with no summer time, and names no place: for the "
        f"clocks of a place with summer time write its name, like {summer}; for {offset} "
        f"the year round, a place that keeps it, like {keeps}"
    )


_NOT_A_PLACE = {
    "localtime": _MACHINE_ZONE,
    "posixrules": _MACHINE_ZONE,
    "Factory": "is a placeholder of the zone database, not the time zone of any place; "
    + _IANA_NAME,
    **{name: _year_round_hint(*zone) for name, zone in _YEAR_ROUND_ZONES.items()},
}


_Entry = TypeVar("_Entry")


def _in_any_case(table: Table[str, _Entry], name: str) -> _Entry | None:
    """`table`'s entry for `name` whatever its case: a team writes `est` or `Est` for EST
    as often as the database's spelling, and each deserves the same answer."""
    wanted = name.strip().upper()
    return next((entry for key, entry in table.items() if key.upper() == wanted), None)


def not_a_place(name: str) -> str | None:
    """Why `name` (in any case), a name the zone database answers to, is no site's zone;
    None for any other name."""
    return _in_any_case(_NOT_A_PLACE, name)


def year_round_place(name: str) -> tuple[str, str | None] | None:
    """For the database's EST, MST or HST, as another tool may read them (by its exact
    name, as the database has it): a place that keeps its offset the year round, showing
    the same times, and the place with summer time a team may have meant (None when there
    is none); None for any other name."""
    zone = _YEAR_ROUND_ZONES.get(name)
    return None if zone is None else zone[1:]


# Abbreviations a team may write for its zone that the database has no zone by (its
# spelling would offer `PST8PDT`, named after no place): the place whose clocks they name.
_PLACE_OF_ABBREVIATION = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EDT": "America/New_York",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HDT": "Pacific/Honolulu",
    "BST": "Europe/London",
    "CEST": "Europe/Berlin",
    "EEST": "Europe/Athens",
    "WEST": "Europe/Lisbon",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "JST": "Asia/Tokyo",
}


def abbreviation_as_zone(name: str) -> tuple[str, str] | None:
    """(message, hint) when `name` is a zone's abbreviation (`PST`) the zone database has no
    zone by: the place whose clocks it names; None for any other name."""
    place = _in_any_case(_PLACE_OF_ABBREVIATION, name)
    if place is None:
        return None
    return f"unknown timezone '{name}': it is an abbreviation, not a timezone name", (
        f"write the IANA name of the place the times are from, like {place}: its "
        "clocks as that place keeps them, summer time included"
    )


# `GMT+1`, `UTC-3`, `utc+05:30`: an offset written where a zone's name goes. Suggesting a
# name by its spelling offers `GMT+0` or `UTC`, another offset, and for input_timezone
# following that would move every hand-written time.
_OFFSET_NAME = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
# A place whose clocks keep each whole-hour offset the year round (no summer time), to
# offer beside its Etc zone; UTC-12 is kept by no inhabited place.
_CITY_AT_OFFSET = {
    -11: "Pacific/Pago_Pago",
    -10: "Pacific/Honolulu",
    -9: "Pacific/Gambier",
    -8: "Pacific/Pitcairn",
    -7: "America/Phoenix",
    -6: "America/Regina",
    -5: "America/Bogota",
    -4: "America/La_Paz",
    -3: "America/Sao_Paulo",
    -2: "America/Noronha",
    -1: "Atlantic/Cape_Verde",
    1: "Africa/Lagos",
    2: "Africa/Johannesburg",
    3: "Europe/Istanbul",
    4: "Asia/Dubai",
    5: "Asia/Karachi",
    6: "Asia/Dhaka",
    7: "Asia/Bangkok",
    8: "Asia/Singapore",
    9: "Asia/Tokyo",
    10: "Australia/Brisbane",
    11: "Pacific/Noumea",
    12: "Pacific/Fiji",
    13: "Pacific/Tongatapu",
    14: "Pacific/Kiritimati",
}


# The offsets clocks keep somewhere, in minutes east of UTC (Etc/GMT+12 to Etc/GMT-14).
_EARLIEST_OFFSET = -12 * 60
_LATEST_OFFSET = 14 * 60
# A place whose standard time is each offset with minutes, which no Etc zone keeps, and
# its summer time where it has one: a hint naming a place at another offset would move
# every time by the difference.
_PLACE_AT_OFFSET_WITH_MINUTES: dict[int, tuple[str, str | None]] = {
    -9 * 60 - 30: ("Pacific/Marquesas", None),
    -3 * 60 - 30: ("America/St_Johns", "UTC-02:30"),
    3 * 60 + 30: ("Asia/Tehran", None),
    5 * 60 + 30: ("Asia/Kolkata", None),
    5 * 60 + 45: ("Asia/Kathmandu", None),
    6 * 60 + 30: ("Asia/Yangon", None),
    8 * 60 + 45: ("Australia/Eucla", None),
    9 * 60 + 30: ("Australia/Darwin", None),
    10 * 60 + 30: ("Australia/Lord_Howe", "UTC+11:00"),
    12 * 60 + 45: ("Pacific/Chatham", "UTC+13:45"),
}


def offset_as_zone(name: str) -> tuple[str, str] | None:
    """(message, hint) when `name` is an offset written as a zone (`GMT+1`): the Etc zone
    that keeps it, its sign explained, and a city on it; None for any other name."""
    match = _OFFSET_NAME.fullmatch(name.strip())
    if match is None:
        return None
    sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
    message = f"unknown timezone '{name}': it is an offset, not a timezone name"
    if hours == 0 and minutes == 0:
        return message, "for UTC the year round, write UTC"
    utc = f"UTC{sign}{hours:02d}:{minutes:02d}"
    east = (hours * 60 + minutes) * (1 if sign == "+" else -1)
    if not _EARLIEST_OFFSET <= east <= _LATEST_OFFSET:
        return message, (
            f"no place keeps {utc}: clocks run from UTC-12:00 to UTC+14:00; check the "
            "offset, and write the IANA name of the place the times are from"
        )
    if minutes:
        kept = _PLACE_AT_OFFSET_WITH_MINUTES.get(east)
        if kept is None:
            return message, (
                f"no place keeps {utc}: check the offset, and write the IANA name of the "
                "place the times are from"
            )
        place, summer = kept
        also = f" (its summer time: {summer})" if summer else ""
        return message, (
            f"no Etc zone keeps {utc}: write the IANA name of the place the times are "
            f"from, like {place}, whose clocks are {utc}{also}"
        )
    etc = f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    city = _CITY_AT_OFFSET.get(hours if sign == "+" else -hours)
    place = f", or a place that keeps it, like {city}" if city else ""
    return message, (
        f"for {utc} the year round, write {etc} (the Etc names invert the sign, as POSIX "
        f"does: {etc} is {utc}){place}; for a place with summer time, its own IANA name"
    )


@functools.cache
def _site_timezones() -> frozenset[str]:
    """The zone names a site may use: the IANA names the zone database lists, less those
    that name no place."""
    return frozenset(zoneinfo.available_timezones() - _NOT_A_PLACE.keys())


def is_site_timezone(name: str) -> bool:
    """Whether `name` is an IANA zone a site may show or read its times in.

    By exact name from the database's list, not by whether ZoneInfo opens it: it also
    opens `posix/…` and `right/…` copies (the latter counting leap seconds) and, on a
    case-insensitive disk, `utc`, which another machine refuses. The list itself is
    made by walking the zone folders (40 ms, in every build, `check` and `update` that
    reads the settings), so a name found as a file of that exact spelling in a zone
    folder is taken without it.
    """
    if not_a_place(name) is not None or name.startswith(("posix/", "right/")):
        return False
    spelt = _zone_file_spelt(name)
    return spelt if spelt is not None else name in _site_timezones()


def _zone_file_spelt(name: str) -> bool | None:
    """Whether `name` is a zone file of a zone folder (zoneinfo.TZPATH), spelt as its
    name on disk at every level; None when no folder holds a file by that name (the
    zone may come from the tzdata package instead)."""
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") for part in parts):
        return False
    for base in zoneinfo.TZPATH:
        if not os.path.isfile(os.path.join(base, name)):
            continue
        folder = base
        for part in parts:
            try:
                if part not in os.listdir(folder):
                    return False
            except OSError:
                return None
            folder = os.path.join(folder, part)
        return _opens(name)
    return None


def _opens(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
