"""Relative links for a site opened from disk: the rewriting rules, and the cache around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.render.relative import relative_page
from statusgen.urls import relative_link

NOW = "2026-11-22T18:41:00Z"


@pytest.mark.parametrize(
    ("target", "page", "base", "expected"),
    [
        ("/", "index.html", "/", "index.html"),
        ("/history/", "index.html", "/", "history/index.html"),
        ("/", "incidents/x/index.html", "/", "../../index.html"),
        (
            "/assets/style.css?v=1",
            "history/page/2/index.html",
            "/",
            "../../../assets/style.css?v=1",
        ),
        ("/#subscribe", "history/index.html", "/", "../index.html#subscribe"),
        ("/status/history/", "index.html", "/status/", "history/index.html"),
        ("/status/", "components/api/index.html", "/status/", "../../index.html"),
        ("/feed.xml", "404.html", "/", "feed.xml"),
        ("https://example.com/", "index.html", "/", None),
        ("//cdn.example.com/x.js", "index.html", "/", None),
        ("mailto:ops@example.com", "index.html", "/", None),
        ("#main", "index.html", "/", None),
        ("/other/", "index.html", "/status/", None),
    ],
)
def test_relative_link(target: str, page: str, base: str, expected: str | None) -> None:
    assert expected == relative_link(target, page, base)


@pytest.mark.parametrize(
    ("target", "page", "base", "expected"),
    [
        ("/history", "incidents/x/index.html", "/", "../../history/index.html"),
        ("/components/api#uptime", "index.html", "/", "components/api/index.html#uptime"),
        ("/status/history?page=2", "index.html", "/status/", "history/index.html?page=2"),
        ("/status", "history/index.html", "/status/", "../index.html"),
        ("/status#x", "index.html", "/status/", "index.html#x"),
        ("/statuses", "index.html", "/status/", None),
        # Files, and folders that hold no page, keep the name they were given.
        ("/feed.xml", "history/index.html", "/", "../feed.xml"),
        ("/assets", "index.html", "/", "assets"),
    ],
)
def test_a_link_to_a_page_folder_without_its_slash_names_its_page(
    target: str, page: str, base: str, expected: str | None
) -> None:
    folders = {"history", "components/api"}
    assert expected == relative_link(target, page, base, folders)


def test_only_link_attributes_change() -> None:
    html = '<a href="/history/">/history/</a><img src="/logo.svg" alt="/x/">'
    expected = '<a href="../history/index.html">/history/</a><img src="../logo.svg" alt="/x/">'
    assert expected == relative_page(html, "components/index.html", "/")


def test_the_search_form_finds_the_index_and_the_site_from_its_page() -> None:
    html = '<form class="history-search" data-index="/status/search.json" data-base="/status/">'
    expected = '<form class="history-search" data-index="../search.json" data-base="../">'
    assert expected == relative_page(html, "history/index.html", "/status/")
    assert 'data-base="./"' in relative_page(html, "index.html", "/status/")


def test_every_image_candidate_of_a_srcset_is_made_relative() -> None:
    html = (
        '<img src="/assets/logo.svg?v=1" srcset="/assets/logo.svg?v=1 1x,/assets/logo@2x.svg 2x,'
        ' https://cdn.example.com/x.svg 3x" alt="">'
        '<link rel="preload" as="image" imagesrcset="/a,b.png 1x, /c.png 2x">'
        '<source srcset="/assets/wide.png">'
    )
    expected = (
        '<img src="../../assets/logo.svg?v=1" srcset="../../assets/logo.svg?v=1 1x,'
        '../../assets/logo@2x.svg 2x, https://cdn.example.com/x.svg 3x" alt="">'
        '<link rel="preload" as="image" imagesrcset="../../a,b.png 1x, ../../c.png 2x">'
        '<source srcset="../../assets/wide.png">'
    )
    assert expected == relative_page(html, "incidents/x/index.html", "/")


def test_a_link_a_theme_writes_in_single_quotes_or_capitals_is_made_relative() -> None:
    html = (
        "<a href='/history/'>History</a><A HREF = \"/subscribe/\">Subscribe</A>"
        "<blockquote cite='/incidents/y/'></blockquote><button formaction=\"/feed.xml\">"
    )
    expected = (
        "<a href='../history/index.html'>History</a>"
        '<A HREF = "../subscribe/index.html">Subscribe</A>'
        "<blockquote cite='../incidents/y/index.html'></blockquote>"
        '<button formaction="../feed.xml">'
    )
    assert expected == relative_page(html, "components/index.html", "/")


def test_text_that_looks_like_a_single_quoted_link_stays_as_written() -> None:
    # A message's code keeps its "'" (escaping writes only '"' as &quot;).
    html = "<p><code>&lt;a href='/history/'&gt;</code> <a href='/history/'>x</a></p>"
    expected = "<p><code>&lt;a href='/history/'&gt;</code> <a href='history/index.html'>x</a></p>"
    assert expected == relative_page(html, "index.html", "/")


def test_text_that_looks_like_a_double_quoted_link_stays_as_written() -> None:
    # A message's code and text keep their '"' (the sanitizer writes it as it is), and a
    # value, a comment or a script may hold what reads like an attribute: none is one.
    html = (
        '<p>Embed <code>&lt;script src="/widget.js"&gt;</code>; in text: href="/history/".</p>'
        '<pre><code>&lt;statusgen-status href="/"&gt;</code></pre>'
        '<p title=\'see href="/history/"\'>x</p><!-- <a href="/history/"> -->'
        "<script>if (a<b) html = '<img src=\"/x.png\">';</script>"
        '<a href="/history/">History</a><script src="/assets/bars.js"></script>'
    )
    expected = (
        '<p>Embed <code>&lt;script src="/widget.js"&gt;</code>; in text: href="/history/".</p>'
        '<pre><code>&lt;statusgen-status href="/"&gt;</code></pre>'
        '<p title=\'see href="/history/"\'>x</p><!-- <a href="/history/"> -->'
        "<script>if (a<b) html = '<img src=\"/x.png\">';</script>"
        '<a href="../../history/index.html">History</a>'
        '<script src="../../assets/bars.js"></script>'
    )
    assert expected == relative_page(html, "incidents/x/index.html", "/")


def test_an_address_in_a_message_s_text_or_code_stays_as_written_from_disk(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    for old in (root / "content" / "incidents").glob("*.md"):
        old.unlink()
    (root / "content" / "incidents" / "2026-11-20-embed.md").write_text(
        "---\ntitle: Widget snippet changed\nstatus: resolved\ncomponents:\n"
        "  api: degraded_performance\n---\n"
        "## Investigating at 2026-11-20 10:00 +00:00\n"
        'Embed it with `<script src="/widget.js"></script>`; in text: href="/history/".\n\n'
        '```html\n<statusgen-status href="/"></statusgen-status>\n```\n\n'
        "## Resolved at 2026-11-20 11:00 +00:00\nFixed.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["-C", str(root), "build", "--relative", "--now", NOW])
    assert 0 == result.exit_code, result.output
    page = (root / "public" / "incidents" / "2026-11-20-embed" / "index.html").read_text()
    assert '&lt;script src="/widget.js"&gt;' in page
    assert 'in text: href="/history/".' in page
    assert '&lt;statusgen-status href="/"&gt;' in page
    assert 'href="../../history/index.html"' in page  # the page's own links still are


def test_a_single_quoted_link_after_a_value_holding_a_greater_than_is_made_relative() -> None:
    # Alpine or Vue write expressions in attributes, ">" and all: the tag goes on after it.
    html = (
        "<a x-show=\"items.length > 0\" href='/history/'>History</a>"
        "<a :class='{ wide: n > 2 }' title=\"a > b\" href='/subscribe/'>S</a>"
        "<p title=\"see href='/history/'\"><code>a &gt; b href='/history/'</code></p>"
        "<!-- <a href='/history/'> -->"
    )
    expected = (
        "<a x-show=\"items.length > 0\" href='history/index.html'>History</a>"
        "<a :class='{ wide: n > 2 }' title=\"a > b\" href='subscribe/index.html'>S</a>"
        "<p title=\"see href='/history/'\"><code>a &gt; b href='/history/'</code></p>"
        "<!-- <a href='/history/'> -->"
    )
    assert expected == relative_page(html, "index.html", "/")


def test_a_theme_s_srcset_and_single_quoted_links_open_from_disk(tmp_path: Path) -> None:
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    (root / "themes" / "static").mkdir(parents=True, exist_ok=True)
    (root / "themes" / "static" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    partials = root / "themes" / "templates" / "partials"
    partials.mkdir(parents=True, exist_ok=True)
    (partials / "notice.html").write_text(
        '<p class="probe"><img src="{{ asset_url(\'logo.svg\') }}" srcset="{{ '
        "asset_url('logo.svg') }} 1x, {{ asset_url('logo.svg') }} 2x\" alt=\"\">"
        " <a href='{{ url(\"history/\") }}'>History</a></p>\n"
    )
    result = runner.invoke(cli, ["-C", str(root), "build", "-q", "--relative", "--now", NOW])
    assert 0 == result.exit_code, result.output
    page = (root / "public" / "subscribe" / "index.html").read_text()
    probe = page[page.index('<p class="probe">') :]
    probe = probe[: probe.index("</p>")]
    assert "/assets/" not in probe.replace("../assets/", "")
    assert probe.count("../assets/logo.svg?v=") == 3
    assert "<a href='../history/index.html'>History</a>" in probe


def test_a_normal_build_after_a_relative_one_links_root_relative_again(tmp_path: Path) -> None:
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    for args, expected in [
        ([], 'href="/history/"'),
        (["--relative"], 'href="history/index.html"'),
        ([], 'href="/history/"'),
    ]:
        result = runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", NOW, *args])
        assert 0 == result.exit_code, result.output
        assert expected in (root / "public" / "index.html").read_text()


FOLLOW_UP = """\
---
title: Follow-up
status: investigating
components: [api]
---
See [the earlier one](../2026-11-21-slow-api-responses/) and [the history](/history/).

## Investigating at 2026-11-22 18:00 +00:00
Like [the earlier one](../2026-11-21-slow-api-responses/#updates), again.
"""


@pytest.mark.parametrize("relative", [False, True])
def test_a_relative_link_in_a_message_leads_where_it_does_on_its_page_everywhere(
    tmp_path: Path, relative: bool
) -> None:
    # The message is written on the incident's page, and the front page's card shows its
    # latest update one folder up: the link must reach the earlier incident from both,
    # opened from disk too (its index.html named).
    import posixpath
    import re

    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    (root / "content" / "incidents" / "2026-11-22-follow-up.md").write_text(FOLLOW_UP)
    args = ["-C", str(root), "build", "-q", "--now", NOW, *(["--relative"] if relative else [])]
    result = runner.invoke(cli, args)
    assert 0 == result.exit_code, result.output

    earlier = "incidents/2026-11-21-slow-api-responses/index.html" if relative else None
    for page in ("incidents/2026-11-22-follow-up/index.html", "index.html"):
        html = (root / "public" / page).read_text()
        hrefs = re.findall(r'<a href="([^"]*)" rel="nofollow[^"]*">the earlier one</a>', html)
        assert hrefs, page
        for href in hrefs:
            if relative:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
                assert earlier == target.split("#")[0], (page, href)
            else:
                assert href.startswith("/incidents/2026-11-21-slow-api-responses/"), (page, href)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("../b/", "/status/incidents/b/"),
        ("../../history/?page=2#x", "/status/history/?page=2#x"),
        ("diagram.png", "/status/incidents/a/diagram.png"),
        ("#updates", "/status/incidents/a/#updates"),
        # The same from every page: left as written.
        ("/status/history/", "/status/history/"),
        ("/a/../b", "/a/../b"),
        ("https://example.com/x/../y", "https://example.com/x/../y"),
        # Its `[` encoded as CommonMark writes it (no longer a broken IPv6 host).
        ("//[db", "//%5Bdb"),
        ("mailto:ops@example.com", "mailto:ops@example.com"),
    ],
)
def test_a_message_on_a_page_links_from_its_event_page(written: str, shown: str) -> None:
    from statusgen.render.markdown import MarkdownMemo

    html = MarkdownMemo().render(f"[it]({written})", "/status/incidents/a/")
    assert f'href="{shown}"' in html, html


NO_SLASH = """\
---
title: Follow-up
status: investigating
components: [api]
---
## Investigating at 2026-11-22 18:00 +00:00
See [the history](/history), [the API](/components/api#uptime), [the feed](/feed.xml)
and [the summary](/status.json).
"""


def test_a_message_link_to_a_page_without_its_slash_opens_that_page_from_disk(
    tmp_path: Path,
) -> None:
    # Written without the final "/", a link to a page's folder led a browser reading files
    # to the folder's listing; the page's index.html is named, as the theme's links name it.
    import re

    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    (root / "content" / "incidents" / "2026-11-22-follow-up.md").write_text(NO_SLASH)
    result = runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", NOW, "--relative"])
    assert 0 == result.exit_code, result.output

    html = (root / "public" / "incidents" / "2026-11-22-follow-up" / "index.html").read_text()
    hrefs = dict(
        (text, href) for href, text in re.findall(r'<a href="([^"]*)"[^>]*>the (\w+)</a>', html)
    )
    assert {
        "history": "../../history/index.html",
        "API": "../../components/api/index.html#uptime",
        "feed": "../../feed.xml",
        "summary": "../../status.json",
    } == hrefs
    page = root / "public" / "incidents" / "2026-11-22-follow-up"
    for href in hrefs.values():
        assert (page / href.split("#")[0]).resolve().is_file(), href
