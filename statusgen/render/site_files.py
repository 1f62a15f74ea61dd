"""Files for hosts and crawlers: robots.txt, _headers, .nojekyll and sitemap.xml."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from statusgen import urls
from statusgen.errors import Diagnostic, Severity
from statusgen.layout import SETTINGS_FILE, SITE_STATIC_DIR
from statusgen.load.text import split_lines, unified
from statusgen.render.context import Output, Outputs, RenderContext, constant

if TYPE_CHECKING:
    from statusgen.model import Settings

# Long enough for a CDN to absorb a burst of visitors during an outage, short enough that
# the page catches up within a minute of a deploy.
# A minute in any cache; a private page's only in the reader's browser: a shared cache (a
# CDN, a company proxy) must not hand what one reader signed in for to another.
SHORT_CACHE = "max-age=60, must-revalidate"


def robots_txt(context: RenderContext) -> str:
    """Everything may be crawled; the sitemap is named by its absolute URL. A private
    page asks crawlers to stay out altogether."""
    if context.site.settings.private:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {context.absolute_url(urls.SITEMAP)}\n"


# The files and folders of pages or data cached briefly, each named in `_headers` only
# when the page publishes it.
_SHORT_LIVED_FILES = (
    urls.INDEX,
    urls.NOT_FOUND,
    urls.STATUS_JSON,
    urls.FEED,
    urls.ATOM,
    urls.BADGE,
    urls.SITEMAP,
    urls.SHIELDS,
    urls.WIDGET,
    urls.EMBED,
    urls.SEARCH_INDEX,
)
_SHORT_LIVED_FOLDERS = (
    urls.API_ROOT,
    urls.COMPONENTS,
    urls.INCIDENTS,
    urls.HISTORY,
    urls.SEARCH_PARTS,
    urls.SUBSCRIBE,
)


def short_lived_rules(published: Iterable[str]) -> tuple[str, ...]:
    """The `_headers` paths cached briefly among the files `published` (paths relative
    to the output folder): a file or folder the page does not publish (a private page's
    sitemap, incidents/ before the first incident, search/ while the history fits in
    search.json) has no rule."""
    files = set(published)
    folders = {path[: path.find("/") + 1] for path in files if "/" in path}
    return (
        "/",
        *("/" + path for path in _SHORT_LIVED_FILES if path in files),
        # Every file under a folder of pages or data.
        *(f"/{folder}*" for folder in _SHORT_LIVED_FOLDERS if folder in folders),
    )


def headers_file(context: RenderContext, short_lived: Iterable[str]) -> str:
    """Netlify / Cloudflare Pages `_headers`, paths relative to the output folder, with
    the `short_lived` rules (`short_lived_rules`).

    When several rules match a path, both hosts join values of the same header with a
    comma, so each header appears in exactly one of the rules that can match a file.
    """
    rules = header_rules(context.site.settings, short_lived)
    blocks = ["# Response headers for Netlify and Cloudflare Pages, written by statusgen."]
    blocks += ["\n".join([path, *(f"  {header}" for header in headers)]) for path, headers in rules]
    return "\n\n".join(blocks) + "\n"


def shared_headers(private: bool) -> list[str]:
    """The header lines statusgen's `_headers` sends with every file of a page (its `/*`
    rule) that only a public page gets."""
    # Widgets on other sites fetch a public page's JSON, feeds and badges from the
    # browser. A private page's, behind IP or VPN access control, would be readable by any
    # website a staff member opens: it allows no origin, and a site names its intranet's
    # in its own static/_headers.
    return [] if private else ["Access-Control-Allow-Origin: *"]


def header_rules(settings: Settings, short_lived: Iterable[str]) -> list[tuple[str, list[str]]]:
    """statusgen's `_headers` rules for a page with `settings`: each path with its header
    lines, the `short_lived` paths (`short_lived_rules`) cached briefly."""
    cache = f"Cache-Control: {'private' if settings.private else 'public'}, {SHORT_CACHE}"
    rules: list[tuple[str, list[str]]] = [
        (
            "/*",
            [
                *shared_headers(settings.private),
                "X-Content-Type-Options: nosniff",
                # A private page: not in search results, even where a link to it leaks.
                *(["X-Robots-Tag: noindex"] if settings.private else []),
            ],
        ),
        *((path, [cache]) for path in short_lived),
    ]
    if settings.feeds:
        # Some hosts serve .ics as application/octet-stream, which calendar apps refuse.
        rules.append(
            (
                "/" + urls.CALENDAR,
                [cache, "Content-Type: text/calendar; charset=utf-8"],
            )
        )
    return rules


# Headers statusgen sets whose value a second one breaks: both hosts join them with a comma
# ("public, max-age=60, must-revalidate, public, max-age=86400"; "*, https://intranet…",
# which browsers refuse, so widgets show no status), each with how to do without it.
_SET_ONCE = {
    "cache-control": "statusgen sets how long its pages, JSON, feeds and badges are cached"
    " (docs/outputs.md, Host files); give your rule only paths it does not cover",
    "access-control-allow-origin": "statusgen sends 'Access-Control-Allow-Origin: *' with"
    " every file of a public page, and browsers refuse two values; to let one origin read a"
    " private page, put the rule in that page's own static folder",
}
# The same for a site without `pages:`, which has no page of its own to give the rule.
_SET_ONCE_ONE_PAGE = {
    **_SET_ONCE,
    "access-control-allow-origin": "statusgen sends 'Access-Control-Allow-Origin: *' with"
    " every file of a public page, and browsers refuse two values; to let only one origin"
    " read it, keep '! Access-Control-Allow-Origin' in the rule (Cloudflare Pages), or make"
    " it a private page under `pages:` (docs/audiences.md) and put the rule in that page's"
    " own static folder",
    "content-type": "statusgen sends the calendar as text/calendar",
}
# How a line that opens a rule starts: a path, or a whole URL for one host.
_RULE_PATH = re.compile(r"/|[A-Za-z][A-Za-z0-9+.-]*://")
# A header line: a header's name (an HTTP token), a colon. Both hosts trim the name, so
# `Name : value` sends Name as `Name: value` does.
_HEADER_LINE = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:")
# Cloudflare Pages' detach line: "! Name" removes the header the earlier rules give.
_DETACH_LINE = re.compile(r"!\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$")


def own_rule_warnings(
    text: str, relpath: str, ours: list[tuple[str, list[str]]], published: Iterable[str], page: str
) -> list[Diagnostic]:
    """A warning for each line of the site's own `_headers` rules (`text`, from `relpath`)
    that the hosts would read otherwise than its author meant: a header line typed without
    indentation (read as a path, never sent), and a Cache-Control, Access-Control-Allow-Origin
    or Content-Type for a path that statusgen's rules (`ours`) already give one, among
    the `published` files (paths relative to the output folder) of the page `page`."""
    where = f" on page '{page}'" if page else ""
    # Every address a visitor asks for: each file, and the folder of each index.html.
    addresses = sorted(
        {"/" + path for path in published}
        | {
            "/" + path.removesuffix("index.html")
            for path in published
            if path.endswith("index.html")
        }
    )
    # Where statusgen's rules set each header that a second value breaks.
    set_by: dict[str, list[re.Pattern[str]]] = {}
    for path, headers in ours:
        for sent in headers:
            name = sent.partition(":")[0].lower()
            if name in _SET_ONCE:
                set_by.setdefault(name, []).append(_pattern(path))
    warnings: list[Diagnostic] = []
    rule: re.Pattern[str] | None = None
    shown = ""
    # A clash waits for the end of its rule: a "! Name" line anywhere in it detaches
    # statusgen's header of that name, and the rule's own is then the only one.
    clashes: list[tuple[str, Diagnostic]] = []
    detached: set[str] = set()
    hints = _SET_ONCE if page else _SET_ONCE_ONE_PAGE
    lines = split_lines(text)
    # A last path closes the last rule.
    for number, line in enumerate([*lines, "/"], 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            warnings += [warning for name, warning in clashes if name not in detached]
            clashes, detached = [], set()
            if number > len(lines):
                break
            if _RULE_PATH.match(line):
                shown = stripped
                rule = _rule_pattern(stripped)
                if rule is None:
                    warnings.append(
                        Diagnostic(
                            relpath,
                            number,
                            1,
                            f"'{stripped}' cannot be read as an address, so the hosts ignore"
                            " its rule",
                            "write the path alone ('/status.json') or a whole URL with a"
                            " plain host name ('https://status.example.com/*')",
                            Severity.WARNING,
                        )
                    )
                continue
            rule = None
            header = _HEADER_LINE.match(line)
            if header is not None:
                warnings.append(
                    Diagnostic(
                        relpath,
                        number,
                        1,
                        f"'{header[1]}' starts the line, so the hosts read it as a path, not"
                        " a header of the rule above: it is never sent",
                        f"indent it under the path it is for: '  {stripped}'",
                        Severity.WARNING,
                    )
                )
            continue
        detach = _DETACH_LINE.match(stripped)
        if detach is not None:
            detached.add(detach[1].lower())
            continue
        header = _HEADER_LINE.match(stripped)
        name = header[1].lower() if header is not None else ""
        if rule is None or header is None or name not in set_by:
            continue
        clash = _first_match(rule, set_by[name], addresses)
        if clash is None:
            continue
        ours_value = _sent_value(ours, name, clash)
        theirs = stripped[header.end() :].strip()
        clashes.append(
            (
                name,
                Diagnostic(
                    relpath,
                    number,
                    len(line) - len(line.lstrip()) + 1,
                    f"{header[1]} for {shown} is joined to the one statusgen sends for {clash}"
                    f"{where}, so it is sent as '{ours_value}, {theirs}'",
                    f"remove it: {hints[name]}",
                    Severity.WARNING,
                ),
            )
        )
    return sorted(warnings, key=lambda warning: warning.line)


# The header a private page's `_headers` gives no value (shared_headers), which a rule of
# static/_headers, meant for a public page's widgets, must not give it either.
_ORIGIN = "access-control-allow-origin"


def keeps_origins(settings: Settings, relpath: str) -> bool:
    """Whether the page with `settings` publishes the Access-Control-Allow-Origin lines of
    the site's `_headers` at `relpath`: a private page leaves out static/'s, which every
    page publishes, while another page is public (a rule for the public page's widgets
    would open the private one too); its own folder's, and static/'s when every page is
    private, it keeps."""
    shared = relpath.startswith(SITE_STATIC_DIR + "/")
    return not (settings.private and shared and any(not p.private for p in settings.pages))


def origin_lines(text: str) -> list[tuple[int, str]]:
    """The Access-Control-Allow-Origin lines of the `_headers` rules `text`: each line's
    number (from 1) with its rule's path."""
    lines = text.split("\n")
    return [
        (number + 1, lines[opened].strip())
        for number, opened, name, value in _rule_lines(lines)
        if name.lower() == _ORIGIN and value is not None
    ]


def without_origins(data: bytes) -> bytes:
    """The `_headers` rules `data` without their Access-Control-Allow-Origin lines, and
    without a rule left with no line under its path (a path alone is no rule)."""
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    dropped = {number - 1 for number, _ in origin_lines(text)}
    kept: dict[int, bool] = {}  # each rule's path line: whether a line under it stays
    for number, opened, _, _ in _rule_lines(lines):
        kept[opened] = kept.get(opened, False) or number not in dropped
    dropped |= {opened for opened, stays in kept.items() if not stays}
    left = "\n".join(line for number, line in enumerate(lines) if number not in dropped)
    return left.encode("utf-8", errors="surrogateescape")


def origin_warnings(text: str, relpath: str, page: str, own: str) -> list[Diagnostic]:
    """A warning for each Access-Control-Allow-Origin line of the `_headers` rules `text`
    (from `relpath`) that the private page `page` leaves out (keeps_origins), saying how to
    allow that origin: the page's own static folder (`own`, "" while it has none)."""
    where = (
        f"in {own}{urls.HEADERS}, the page's own static folder"
        if own
        else f"in a static folder of the page's own ('static: static-{page}' under the page"
        f" in {SETTINGS_FILE}), in its {urls.HEADERS}"
    )
    lines = text.split("\n")
    return [
        Diagnostic(
            relpath,
            number,
            len(lines[number - 1]) - len(lines[number - 1].lstrip()) + 1,
            f"Access-Control-Allow-Origin for {path} is left out of the _headers of page"
            f" '{page}': it is private, and {SITE_STATIC_DIR}/ is every page's, so its rule"
            " would let that origin read the private page too",
            f"to let that origin read page '{page}', put the rule {where}; to keep it for the"
            " public pages alone, move it to their own folders",
            Severity.WARNING,
        )
        for number, path in origin_lines(text)
    ]


# The headers a host sends for an address: (name, value) pairs.
SentHeaders = tuple[tuple[str, str], ...]


def headers_sent(text: str) -> Callable[[str], SentHeaders]:
    """What the hosts send by the `_headers` rules `text` for an address (a path from the
    output folder's root): the headers of every rule matching it, in order, one header given
    twice joined with a comma, and a rule's "! Name" line (Cloudflare Pages) removing the
    earlier rules' header of that name. A rule for a whole URL is one host's: it matches none."""
    lines = text.split("\n")
    rules: dict[int, tuple[re.Pattern[str], list[str], list[tuple[str, str]]]] = {}
    for _, opened, name, value in _rule_lines(lines):
        path = lines[opened].strip()
        if "://" in path:
            continue
        _, detached, headers = rules.setdefault(opened, (_pattern(path), [], []))
        if value is None:
            detached.append(name.lower())
        else:
            headers.append((name, value))

    def sent(address: str) -> SentHeaders:
        joined: dict[str, tuple[str, list[str]]] = {}
        for pattern, detached, headers in rules.values():
            if not pattern.fullmatch(address):
                continue
            for name in detached:
                joined.pop(name, None)
            for name, value in headers:
                joined.setdefault(name.lower(), (name, []))[1].append(value)
        return tuple((name, ", ".join(values)) for name, values in joined.values())

    return sent


def _rule_lines(lines: list[str]) -> Iterator[tuple[int, int, str, str | None]]:
    """Each header line (or Cloudflare Pages' "! Name" detach line) of a rule among the
    `_headers` `lines`: its index, the index of its rule's path line, the header's name and
    value (None for a detach line); a line that is no rule's is skipped."""
    opened: int | None = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            opened = number if _RULE_PATH.match(line) else None
            continue
        if opened is None:
            continue
        detach = _DETACH_LINE.match(stripped)
        if detach is not None:
            yield number, opened, detach[1], None
            continue
        header = _HEADER_LINE.match(stripped)
        if header is not None:
            yield number, opened, header[1], stripped[header.end() :].strip()


def _rule_pattern(path: str) -> re.Pattern[str] | None:
    """The pattern of a rule's `path`, or None for a URL that is no address (a stray "[",
    a host name no host can hold): the hosts skip that rule, and `check` must not stop."""
    if "://" not in path:
        return _pattern(path)
    try:
        return _pattern(urlsplit(path).path)
    except ValueError:
        return None


def _first_match(
    rule: re.Pattern[str], ours: list[re.Pattern[str]], addresses: Iterable[str]
) -> str | None:
    """The first of `addresses` that `rule` and one of `ours` both match."""
    for address in addresses:
        if rule.fullmatch(address) and any(pattern.fullmatch(address) for pattern in ours):
            return address
    return None


def _pattern(path: str) -> re.Pattern[str]:
    """A `_headers` path as both hosts match it: "*" stands for anything (slashes too), a
    ":name" segment for one segment."""
    parts = re.split(r"(\*|(?<=/):[A-Za-z_]\w*)", path)
    return re.compile(
        "".join(
            ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
            for part in parts
        )
    )


def _sent_value(ours: list[tuple[str, list[str]]], name: str, address: str) -> str:
    """The value statusgen's rules give the header `name` (lowercase) at `address`."""
    for path, headers in ours:
        if _pattern(path).fullmatch(address):
            for header in headers:
                key, _, value = header.partition(":")
                if key.lower() == name:
                    return value.strip()
    return ""


def render_site_files(context: RenderContext) -> Outputs:
    """robots.txt and an empty .nojekyll so GitHub Pages serves every file as is (both
    follow only the settings)."""
    yield Output(urls.ROBOTS, lambda: robots_txt(context).encode("utf-8"), ())
    yield Output(urls.NOJEKYLL, constant(b""), ())


def render_headers(context: RenderContext, published: Iterable[str]) -> Outputs:
    """_headers with rules for the files and folders among `published`, every other
    output of the page."""
    # Its rules are its facts: a folder that appears or goes (the first incident, an
    # older year of history) changes them, and a cached build renders it again.
    from statusgen.render.site_static import joined_static

    rules = short_lived_rules(published)
    # The site's own rules (static/_headers, then a page's own folder's) after statusgen's:
    # both hosts combine them.
    joined = joined_static(context, urls.HEADERS)
    if not joined:
        yield Output(urls.HEADERS, lambda: headers_file(context, rules).encode("utf-8"), rules)
        return
    # Mid-file, a byte order mark (Notepad's UTF-8) would make the first rule's path
    # U+FEFF/*, which neither host matches. Hashed as appended: a cache from before this
    # holds the file with the mark under a fact that no longer matches, and renders again.
    own = [(relpath, unified(data)) for relpath, data in joined]
    settings = context.site.settings
    facts = (
        *rules,
        *(f"static:{relpath}:{hashlib.sha256(data).hexdigest()}" for relpath, data in own),
        # Whether a private page leaves out static/'s origins follows the other pages.
        *(
            f"origins left out of {relpath}"
            for relpath, _ in own
            if not keeps_origins(settings, relpath)
        ),
    )
    own = [
        (relpath, data if keeps_origins(settings, relpath) else without_origins(data))
        for relpath, data in own
    ]
    yield Output(urls.HEADERS, lambda: _with_own_rules(headers_file(context, rules), own), facts)


def _with_own_rules(ours: str, own: list[tuple[str, bytes]]) -> bytes:
    """statusgen's `_headers` text followed by each of the site's own files of rules
    (`own`: where each comes from, and its bytes), each under a comment naming it."""
    parts = [ours.encode("utf-8")]
    for relpath, data in own:
        if not parts[-1].endswith(b"\n"):  # a file saved without a final newline
            parts.append(b"\n")
        parts += [f"\n# The site's own rules, from {relpath}.\n".encode(), data]
    return b"".join(parts)


def render_sitemap(context: RenderContext, page_paths: Iterable[str]) -> Outputs:
    """sitemap.xml listing the given HTML pages (paths ending in index.html) but those of
    components the front page hides now (their pages and their histories') and the
    filter pages of impacts nothing has (context.unreported_impacts); none for a
    private page, which search engines are asked not to index."""
    if context.site.settings.private:
        return
    listed = {c.id for c in context.listed_components}
    hidden_ids = [c.id for c in context.site.components if c.id not in listed]
    hidden = {urls.page_file(urls.component(cid)) for cid in hidden_ids}
    # An impact's filter page saying only that nothing was reported is no page to find.
    hidden |= {
        urls.page_file(urls.history_of_impact(i.value, None)) for i in context.unreported_impacts
    }
    # And the pages of their histories, under their pages' folders.
    hidden_histories = tuple(urls.component_history(cid, None) for cid in hidden_ids)
    # The pages are its facts: a component hidden or shown again changes them.
    pages = tuple(
        path for path in page_paths if path not in hidden and not path.startswith(hidden_histories)
    )
    yield Output(urls.SITEMAP, lambda: _sitemap(context, pages), pages)


def _sitemap(context: RenderContext, page_paths: Iterable[str]) -> bytes:
    # Each address is the base URL and a page's folder, in order of the folders (all
    # share the base). &, < and > escaped, as XML text needs (xml.sax.saxutils would
    # import urllib.request): the base once, a folder where it holds one of them (a
    # page's folder comes from a file name: almost never). 11,000 addresses at 10,000
    # incidents, in every build that adds or removes a page.
    base = escape(context.absolute_url(), quote=False)
    folders = sorted(path.removesuffix("index.html").lstrip("/") for path in page_paths)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <url><loc>{base}{_xml_text(folder)}</loc></url>" for folder in folders),
        "</urlset>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml_text(text: str) -> str:
    """`text` as XML character data."""
    if "&" in text or "<" in text or ">" in text:
        return escape(text, quote=False)
    return text
