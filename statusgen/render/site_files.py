"""Files for hosts and crawlers: robots.txt, _headers, .nojekyll and sitemap.xml."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from statusgen import urls
from statusgen.render.context import Output, Outputs, RenderContext, constant

# Long enough for a CDN to absorb a burst of visitors during an outage, short enough that
# the page catches up within a minute of a deploy.
SHORT_CACHE = "public, max-age=60, must-revalidate"


def robots_txt(context: RenderContext) -> str:
    """Everything may be crawled; the sitemap is named by its absolute URL. A private
    page asks crawlers to stay out altogether."""
    if context.site.settings.private:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {context.absolute_url(urls.SITEMAP)}\n"


def headers_file(context: RenderContext) -> str:
    """Netlify / Cloudflare Pages `_headers`, paths relative to the output folder.

    When several rules match a path, both hosts join values of the same header with a
    comma, so each header appears in exactly one of the rules that can match a file.
    """
    short_lived = [
        "/",
        *(
            "/" + path
            for path in (
                urls.INDEX,
                urls.NOT_FOUND,
                urls.STATUS_JSON,
                urls.FEED,
                urls.ATOM,
                urls.BADGE,
                urls.SITEMAP,
                urls.SHIELDS,
                urls.WIDGET,
            )
        ),
        # Every file under a folder of pages or data.
        *(
            f"/{folder}*"
            for folder in (urls.API_ROOT, urls.COMPONENTS, urls.INCIDENTS, urls.HISTORY)
        ),
    ]
    rules: list[tuple[str, list[str]]] = [
        # Widgets on other sites fetch the JSON, feeds and badges from the browser.
        (
            "/*",
            [
                "Access-Control-Allow-Origin: *",
                "X-Content-Type-Options: nosniff",
                # A private page: not in search results, even where a link to it leaks.
                *(["X-Robots-Tag: noindex"] if context.site.settings.private else []),
            ],
        ),
        *((path, [f"Cache-Control: {SHORT_CACHE}"]) for path in short_lived),
        # Some hosts serve .ics as application/octet-stream, which calendar apps refuse.
        (
            "/" + urls.CALENDAR,
            [f"Cache-Control: {SHORT_CACHE}", "Content-Type: text/calendar; charset=utf-8"],
        ),
    ]
    blocks = ["# Response headers for Netlify and Cloudflare Pages, written by statusgen."]
    blocks += ["\n".join([path, *(f"  {header}" for header in headers)]) for path, headers in rules]
    return "\n\n".join(blocks) + "\n"


def render_site_files(context: RenderContext) -> Outputs:
    """robots.txt, _headers, and an empty .nojekyll so GitHub Pages serves every file as is
    (all three follow only the settings)."""
    yield Output(urls.ROBOTS, lambda: robots_txt(context).encode("utf-8"), ())
    yield Output(urls.HEADERS, lambda: headers_file(context).encode("utf-8"), ())
    yield Output(urls.NOJEKYLL, constant(b""), ())


def page_url(context: RenderContext, path: str) -> str:
    """The public URL of a page: its folder, without the `index.html` servers add for it."""
    return context.absolute_url(path.removesuffix("index.html"))


def render_sitemap(context: RenderContext, page_paths: Iterable[str]) -> Outputs:
    """sitemap.xml listing exactly the given HTML pages (paths ending in index.html); none
    for a private page, which search engines are asked not to index."""
    if context.site.settings.private:
        return
    pages = tuple(page_paths)
    yield Output(urls.SITEMAP, lambda: _sitemap(context, pages), pages)


def _sitemap(context: RenderContext, page_paths: Iterable[str]) -> bytes:
    addresses = sorted(page_url(context, path) for path in page_paths)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        # &, < and > escaped, as XML text needs (xml.sax.saxutils would import urllib.request).
        *(f"  <url><loc>{escape(url, quote=False)}</loc></url>" for url in addresses),
        "</urlset>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
