"""robots.txt, _headers, .nojekyll and the sitemap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import factories as f
import pytest
from factories import NOW, site

from statusgen import build
from statusgen.model import Impact, IncidentState, Site
from statusgen.render.context import Output, Outputs, RenderContext, constant, render_all
from statusgen.render.plan import output_paths
from statusgen.render.site_files import (
    headers_sent,
    render_headers,
    render_site_files,
    render_sitemap,
    without_origins,
)
from statusgen.status import compute

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def context(s: Site) -> RenderContext:
    return RenderContext(s, compute(s, NOW))


def files(s: Site) -> dict[str, bytes]:
    """The host files of `s`, _headers for every output a build of it writes."""
    c = context(s)
    return render_all(render_site_files(c)) | render_all(render_headers(c, output_paths(s, NOW)))


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            name, _, value = line.strip().partition(":")
            assert name not in current
            current[name] = value.strip()
        else:
            current = rules.setdefault(line, {})
    return rules


def test_nojekyll_is_empty_and_robots_names_the_absolute_sitemap() -> None:
    out = files(site(base_url="https://org.github.io/status/"))
    assert b"" == out[".nojekyll"]
    robots = out["robots.txt"].decode()
    assert "User-agent: *" in robots.splitlines()
    assert "Sitemap: https://org.github.io/status/sitemap.xml" in robots.splitlines()


def test_headers_allow_any_origin_and_cache_machine_outputs_briefly() -> None:
    rules = parse_headers(files(site())["_headers"].decode())
    assert "*" == rules["/*"]["Access-Control-Allow-Origin"]
    for path in (
        "/status.json",
        "/api/*",
        "/feed.xml",
        "/atom.xml",
        "/badge.svg",
        "/maintenance.ics",
        "/components/*",
        "/",
    ):
        assert "public, max-age=60, must-revalidate" == rules[path]["Cache-Control"]
    assert rules["/maintenance.ics"]["Content-Type"].startswith("text/calendar")


def test_a_private_page_lets_no_other_website_read_its_files() -> None:
    # Behind IP or VPN access control, a "*" would let any website a staff member opens
    # read the page's status.json, API and search index.
    headers = files(site(private=True))["_headers"].decode()
    assert "Access-Control-Allow-Origin" not in headers
    rules = parse_headers(headers)
    assert {"X-Content-Type-Options": "nosniff", "X-Robots-Tag": "noindex"} == rules["/*"]


def test_no_header_is_set_twice_for_one_file() -> None:
    # Netlify and Cloudflare join repeated headers with commas ("max-age=60, max-age=60"),
    # so the catch-all rule must not set what the specific rules set.
    rules = parse_headers(files(site())["_headers"].decode())
    catch_all = set(rules.pop("/*"))
    for headers in rules.values():
        assert not catch_all & set(headers)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://status.example.com/", ["https://status.example.com/", "https://status.example.com/incidents/a/"]),
        ("https://org.github.io/status/", ["https://org.github.io/status/", "https://org.github.io/status/incidents/a/"]),
    ],
)  # fmt: skip
def test_sitemap_lists_page_urls_under_the_base_url(base_url: str, expected: list[str]) -> None:
    ((path, data),) = render_all(
        render_sitemap(context(site(base_url=base_url)), ["incidents/a/index.html", "index.html"])
    ).items()
    assert "sitemap.xml" == path
    root = ElementTree.fromstring(data)
    assert expected == [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_addresses_stay_themselves_whatever_characters_they_hold() -> None:
    # XML text escapes &, < and >: in the base URL (a query-like path) as in a page's folder.
    ((_, data),) = render_all(
        render_sitemap(
            context(site(base_url="https://example.com/a&b/")),
            ["index.html", "pages/x<y>&z/index.html", "incidents/b/index.html"],
        )
    ).items()
    root = ElementTree.fromstring(data)
    assert [
        "https://example.com/a&b/",
        "https://example.com/a&b/incidents/b/",
        "https://example.com/a&b/pages/x<y>&z/",
    ] == [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_build_puts_exactly_the_html_pages_in_the_sitemap(monkeypatch: pytest.MonkeyPatch) -> None:
    def renderers(ctx: RenderContext) -> Iterable[Outputs]:
        yield [
            Output(path, constant(data))
            for path, data in [
                ("index.html", b"<p>home"),
                ("incidents/a/index.html", b"<p>a"),
                ("history/index.html", b"<p>history"),
                ("404.html", b"<p>not found"),
                ("notindex.html", b"<p>a page that is not a folder's index"),
            ]
        ]
        yield render_site_files(ctx)

    monkeypatch.setattr(build, "renderers", renderers)
    out = build.render_site(site(), NOW)
    locs = [loc.text for loc in ElementTree.fromstring(out["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    assert [
        "https://status.example.com/",
        "https://status.example.com/history/",
        "https://status.example.com/incidents/a/",
    ] == locs
    assert "robots.txt" in out


def rule_matches(rule: str, url: str) -> bool:
    """Whether a `_headers` path matches a requested URL, as Netlify and Cloudflare match
    them: exactly, or by the prefix before a trailing `*` (which matches nothing too)."""
    return url.startswith(rule[:-1]) if rule.endswith("*") else url == rule


def test_every_page_and_data_file_is_cached_briefly(tmp_path: Path) -> None:
    # docs/outputs.md: pages, JSON, feeds, badges and the calendar are cached for a minute,
    # so a CDN serves no stale status for long after a deploy.
    hour = timedelta(hours=1)
    incidents = [
        f.incident("now", NOW - hour, IncidentState.IDENTIFIED),
        f.incident("long-ago", NOW - timedelta(days=800)),  # a search part of its own
    ]
    window = f.maintenance("upgrade", NOW + hour, NOW + 2 * hour)
    s = replace(site(incidents=incidents, maintenances=[window]), root=str(tmp_path))
    built = build.render_site(s, NOW)
    rules = parse_headers(built["_headers"].decode())
    cached = [rule for rule, headers in rules.items() if "Cache-Control" in headers]
    served = [
        "/" + path
        for path in built
        # The theme's assets are named with a version (`?v=…`) by the pages: not these.
        if path.endswith((".html", ".json", ".xml", ".svg", ".ics")) and path[:7] != "assets/"
    ]
    served += [url.removesuffix("index.html") for url in served if url.endswith("/index.html")]
    assert {"/embed.html", "/search.json", "/search/2024.json", "/subscribe/"} <= set(served)
    assert [] == [url for url in served if not any(rule_matches(r, url) for r in cached)]


@pytest.mark.parametrize(
    ("private", "feeds"), [(False, True), (True, False), (True, True)], ids=str
)
def test_headers_name_only_files_the_page_publishes(
    tmp_path: Path, private: bool, feeds: bool
) -> None:
    # A private page publishes no sitemap, and feeds only when it asks for them.
    s = site(private=private, feeds=feeds)
    built = build.render_site(replace(s, root=str(tmp_path)), NOW)
    rules = parse_headers(built["_headers"].decode())
    files_named = [rule.lstrip("/") for rule in rules if not rule.endswith(("/", "*"))]
    assert "badge.svg" in files_named
    assert [] == [path for path in files_named if path not in built]


def test_headers_name_only_folders_the_page_publishes(tmp_path: Path) -> None:
    # docs/outputs.md: rules only for files the page publishes. Without an incident there
    # is no incidents/ folder, and a history of one year fits in search.json: no search/.
    built = build.render_site(replace(site(), root=str(tmp_path)), NOW)
    rules = parse_headers(built["_headers"].decode())
    folders = [rule.strip("/*") for rule in rules if rule.endswith("/*")]
    assert {"api", "components", "history", "subscribe"} <= set(folders)
    assert [] == [f for f in folders if f and not any(p.startswith(f + "/") for p in built)]


RULES = """\
/*
  Access-Control-Allow-Origin: *
  X-Robots-Tag: noindex

https://status.example.com/*
  X-Frame-Options: DENY

/status.json
  ! Access-Control-Allow-Origin
  Access-Control-Allow-Origin: https://intranet.example.com
  Cache-Control: private, max-age=60

/api/*
  Cache-Control: private
"""


@pytest.mark.parametrize(
    ("address", "sent"),
    [
        ("/", (("Access-Control-Allow-Origin", "*"), ("X-Robots-Tag", "noindex"))),
        # A "! Name" line removes what earlier rules give; a URL rule is one host's.
        (
            "/status.json",
            (
                ("X-Robots-Tag", "noindex"),
                ("Access-Control-Allow-Origin", "https://intranet.example.com"),
                ("Cache-Control", "private, max-age=60"),
            ),
        ),
    ],
)
def test_the_preview_sends_what_the_rules_give_an_address(
    address: str, sent: tuple[tuple[str, str], ...]
) -> None:
    assert sent == headers_sent(RULES)(address)


@pytest.mark.parametrize("colon", [":", " :", "\t:"])
def test_a_header_name_is_read_trimmed_as_the_hosts_read_it(colon: str) -> None:
    # `Name : value` sends Name on both hosts: the preview sends it, and a private page
    # drops it as it drops `Name: value`.
    rule = f"/x\n  Access-Control-Allow-Origin{colon} https://a.example\n"
    sent = (("Access-Control-Allow-Origin", "https://a.example"),)
    assert sent == headers_sent(rule)("/x")
    assert b"" == without_origins(rule.encode()).strip()


def test_a_rule_left_with_no_header_is_dropped_with_its_origin() -> None:
    # A path alone is no rule; a rule keeping a line of its own stays.
    origin = "/*\n  Access-Control-Allow-Origin: https://a.example\n"
    kept = "\n/x\n  ! Access-Control-Allow-Origin\n"
    assert kept.encode() == without_origins((origin + kept).encode())


def test_an_empty_impact_filter_is_kept_but_neither_indexed_nor_in_the_sitemap(
    tmp_path: Path,
) -> None:
    # "Nothing with this impact has been reported." is a thin page: its link stays (the
    # history's filter), but a search engine is asked to pass it by.
    s = replace(site(incidents=[f.incident("slow", NOW - timedelta(hours=1))]), root=str(tmp_path))
    out = build.render_site(s, NOW)
    locs = [loc.text for loc in ElementTree.fromstring(out["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    base = "https://status.example.com/history/impact/"
    assert [f"{base}minor/"] == [loc for loc in locs if loc and loc.startswith(base)]
    for impact in ("none", "major", "critical", "maintenance"):
        page = out[f"history/impact/{impact}/index.html"].decode()
        assert '<meta name="robots" content="noindex">' in page
        assert 'rel="canonical"' not in page
    minor = out["history/impact/minor/index.html"].decode()
    assert 'rel="canonical"' in minor
    assert 'name="robots"' not in minor


def test_every_impact_filter_is_indexed_once_each_impact_has_an_event(tmp_path: Path) -> None:
    # The filter pages are asked not to be indexed only while their impact has no event;
    # once every impact has one (the first events looked at may hold them all), none is.
    impacts = ("none", "minor", "major", "critical")
    incidents = [
        f.incident(f"i-{impact}", NOW - timedelta(hours=n + 1), impact=Impact(impact))
        for n, impact in enumerate(impacts)
    ]
    window = f.maintenance("work", NOW - timedelta(days=3), NOW - timedelta(days=2))
    s = replace(site(incidents=incidents, maintenances=[window]), root=str(tmp_path))
    out = build.render_site(s, NOW)
    locs = [loc.text for loc in ElementTree.fromstring(out["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    base = "https://status.example.com/history/impact/"
    every = [*impacts, "maintenance"]
    assert sorted(f"{base}{i}/" for i in every) == sorted(
        loc for loc in locs if loc and loc.startswith(base)
    )
    for impact in every:
        page = out[f"history/impact/{impact}/index.html"].decode()
        assert 'rel="canonical"' in page
        assert 'name="robots"' not in page
