"""Files for hosts and crawlers: robots.txt, _headers, .nojekyll and sitemap.xml."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from html import escape

from statusgen import urls
from statusgen.load.text import unified
from statusgen.render.context import Output, Outputs, RenderContext, constant

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
    settings = context.site.settings
    cache = f"Cache-Control: {'private' if settings.private else 'public'}, {SHORT_CACHE}"
    rules: list[tuple[str, list[str]]] = [
        (
            "/*",
            [
                # Widgets on other sites fetch a public page's JSON, feeds and badges from
                # the browser. A private page's, behind IP or VPN access control, would be
                # readable by any website a staff member opens: it allows no origin, and a
                # site names its intranet's in its own static/_headers.
                *([] if settings.private else ["Access-Control-Allow-Origin: *"]),
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
    blocks = ["# Response headers for Netlify and Cloudflare Pages, written by statusgen."]
    blocks += ["\n".join([path, *(f"  {header}" for header in headers)]) for path, headers in rules]
    return "\n\n".join(blocks) + "\n"


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
    facts = (
        *rules,
        *(f"static:{relpath}:{hashlib.sha256(data).hexdigest()}" for relpath, data in own),
    )
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
    components the front page hides now; none for a private page, which search engines are
    asked not to index."""
    if context.site.settings.private:
        return
    listed = {c.id for c in context.listed_components}
    hidden = {
        urls.page_file(urls.component(c.id)) for c in context.site.components if c.id not in listed
    }
    # The pages are its facts: a component hidden or shown again changes them.
    pages = tuple(path for path in page_paths if path not in hidden)
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
