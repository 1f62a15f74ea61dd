"""The example site against the validators and contracts a user would check it with: the
W3C Nu HTML checker, the W3C feed validator's rules, Statuspage's API shapes, a size budget.

The Nu checker and axe-core come from `npm ci` (package.json); without node_modules/ or
java these tests skip locally and fail under CI=true. The axe-core checks, which need a
browser, are in test_conformance_browser.py.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from examplesite import (
    MESSAGES_SLUG,
    build_example,
    build_example_with_messages,
    java,
    node_module_file,
)

CAPTURES = Path(__file__).parent / "fixtures" / "statuspage-v2"
PREFIXED = "https://org.example.net/status/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built for its own base_url (served at the root of a host)."""
    return build_example(tmp_path_factory.mktemp("example") / "public")


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built for a base_url with a path prefix."""
    return build_example(tmp_path_factory.mktemp("prefixed") / "public", PREFIXED)


# --- HTML: the W3C Nu checker ----------------------------------------------------------


@pytest.fixture(scope="module")
def with_messages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with an incident whose messages hold headings, code and unsafe links."""
    return build_example_with_messages(tmp_path_factory.mktemp("messages"))


def test_every_page_is_valid_html_for_the_nu_checker(
    site: Path, prefixed: Path, with_messages: Path
) -> None:
    jar = node_module_file("vnu-jar/build/dist/vnu.jar")
    messages_pages = [
        with_messages / "index.html",
        with_messages / "embed.html",
        with_messages / "incidents" / MESSAGES_SLUG / "index.html",
    ]
    pages = sorted([*site.rglob("*.html"), *prefixed.rglob("*.html"), *messages_pages])
    assert len(pages) > 20
    # One JVM for every page: starting the checker costs far more than checking a page.
    # The quick JIT tier alone makes a short run several times faster; its deeper stacks
    # need more room than the default, or the schema check overflows.
    command = [java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m", "-jar", str(jar)]
    options = ["--format", "json", "--errors-only", "--exit-zero-always"]
    result = subprocess.run(
        [*command, *options, *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert 0 == result.returncode, result.stdout + result.stderr
    messages = json.loads(result.stderr)["messages"]
    assert [] == [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}  {m.get('extract', '')!r}"
        for m in messages
    ]


# --- feeds: the W3C feed validator's rules ---------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 822 as the validator reads it, with the 4-digit year it asks for (2-digit years warn).
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
# Markup the validator reports as a security risk inside a description or content.
UNSAFE_TAGS = {"script", "meta", "embed", "object", "iframe", "frame", "applet", "style", "link"}


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Markup(HTMLParser):
    """The tags, attributes and URLs of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def html_problems(fragment: str) -> list[str]:
    """What the feed validator would say about the HTML of a description or content."""
    problems = []
    for tag, attrs in _Markup(fragment).tags:
        if tag in UNSAFE_TAGS:
            problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                problems.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src") and not (
                value and (absolute(value) or value.startswith("mailto:"))
            ):
                problems.append(f"relative URL {value!r} in <{tag} {name}>")
    return problems


def feed_files(site: Path) -> Iterator[tuple[str, bytes]]:
    for name in ("feed.xml", "atom.xml", "components/payouts/feed.xml"):
        yield name, (site / name).read_bytes()


@pytest.mark.parametrize("which", ["site", "prefixed"])
def test_feeds_parse_cleanly(which: str, request: pytest.FixtureRequest) -> None:
    built: Path = request.getfixturevalue(which)
    for name, data in feed_files(built):
        parsed = feedparser.parse(data)
        assert 0 == parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries, name
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>"), name


@pytest.mark.parametrize(("which", "base"), [("site", "https://status.example.com/"),
                                             ("prefixed", PREFIXED)])  # fmt: skip
def test_rss_follows_the_feed_validator_rules(
    which: str, base: str, request: pytest.FixtureRequest
) -> None:
    built: Path = request.getfixturevalue(which)
    for name in ("feed.xml", "components/payouts/feed.xml"):
        rss = ET.fromstring((built / name).read_bytes())
        assert ("rss", "2.0") == (rss.tag, rss.get("version"))
        channel = rss.find("channel")
        assert channel is not None
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), (name, required)
        assert absolute(channel.findtext("link", ""))
        self_links = [
            link.attrib for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"
        ]
        assert [{"href": base + name, "rel": "self", "type": "application/rss+xml"}] == self_links
        for date in ("lastBuildDate", "pubDate"):
            assert RFC822.match(channel.findtext(date, "")), (name, date)
        items = channel.findall("item")
        assert items, name
        guids = []
        for item in items:
            link = item.findtext("link", "")
            guid = item.find("guid")
            assert guid is not None and guid.text
            # isPermaLink="true" promises the guid is the item's URL.
            assert ("true", link) == (guid.get("isPermaLink"), guid.text)
            assert absolute(link), link
            guids.append(guid.text)
            assert (item.findtext("title") or "").strip()
            assert RFC822.match(item.findtext("pubDate", "")), item.findtext("pubDate")
            parsedate_to_datetime(item.findtext("pubDate", ""))  # a real date, not just a shape
            assert [] == html_problems(item.findtext("description", "")), link
        assert len(guids) == len(set(guids)), name


@pytest.mark.parametrize(("which", "base"), [("site", "https://status.example.com/"),
                                             ("prefixed", PREFIXED)])  # fmt: skip
def test_atom_follows_the_feed_validator_rules(
    which: str, base: str, request: pytest.FixtureRequest
) -> None:
    built: Path = request.getfixturevalue(which)
    feed = ET.fromstring((built / "atom.xml").read_bytes())
    assert f"{ATOM}feed" == feed.tag
    assert absolute(feed.findtext(f"{ATOM}id", ""))
    assert (feed.findtext(f"{ATOM}title") or "").strip()
    assert RFC3339.match(feed.findtext(f"{ATOM}updated", ""))
    feed_authors = [a.findtext(f"{ATOM}name") for a in feed.findall(f"{ATOM}author")]
    links = {(link.get("rel"), link.get("href")) for link in feed.findall(f"{ATOM}link")}
    assert {("self", base + "atom.xml"), ("alternate", base)} == links
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = []
    for entry in entries:
        entry_id = entry.findtext(f"{ATOM}id", "")
        assert absolute(entry_id), entry_id
        ids.append(entry_id)
        assert (entry.findtext(f"{ATOM}title") or "").strip()
        assert RFC3339.match(entry.findtext(f"{ATOM}updated", "")), entry_id
        assert RFC3339.match(entry.findtext(f"{ATOM}published", "")), entry_id
        # Every entry needs an author: its own or the feed's.
        entry_authors = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
        assert any(name and name.strip() for name in entry_authors + feed_authors)
        entry_links = [link.get("href", "") for link in entry.findall(f"{ATOM}link")]
        assert [entry_id] == entry_links
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.text
        assert "html" == content.get("type")
        assert [] == html_problems(content.text), entry_id
    assert len(ids) == len(set(ids))


def test_feed_content_is_escaped_and_its_links_are_absolute() -> None:
    """Hostile and relative Markdown in an incident, as the feed validator would read it."""
    from factories import NOW, incident, site

    from statusgen.render.context import RenderContext, render_all
    from statusgen.render.feeds import render_feeds
    from statusgen.status import compute

    message = (
        'See [the runbook](/docs/runbook) and ![graph](graph.png "Errors"), or '
        "[this section](#details). <script>alert(1)</script> <b onclick=x()>bold</b> "
        '<a href="javascript:alert(2)">click</a> & < > "quotes"'
    )
    s = site(
        incidents=[incident("hostile", NOW, message=message)],
        base_url="https://org.example.net/status/",
    )
    files = render_all(render_feeds(RenderContext(s, compute(s, NOW))))
    page = "https://org.example.net/status/incidents/hostile/"
    rss = ET.fromstring(files["feed.xml"]).find("channel/item/description")
    atom = ET.fromstring(files["atom.xml"]).find(f"{ATOM}entry/{ATOM}content")
    for html in (rss.text if rss is not None else "", atom.text if atom is not None else ""):
        assert html
        assert [] == html_problems(html)
        urls = [
            value
            for _, attrs in _Markup(html).tags
            for name, value in attrs
            if name in ("href", "src")
        ]
        assert [
            # From the site's root, the folder of base_url, as a `--relative` build reads it.
            "https://org.example.net/status/docs/runbook",
            "https://org.example.net/status/incidents/hostile/graph.png",
            page + "#details",
        ] == urls
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- api/v2: key for key with the captured Statuspage responses ------------------------


def capture(name: str) -> Any:
    return json.loads((CAPTURES / name).read_text(encoding="utf-8"))


def captured_keys() -> dict[str, set[str]]:
    """The keys of each kind of object, as real Statuspage pages send them."""
    github = capture("summary.json")
    groups = capture("components.groups.json")["components"]
    maintenance = capture("summary.with-maintenance.json")["scheduled_maintenances"][0]
    incident = github["incidents"][0]
    return {
        "page": set(github["page"]),
        "status": set(github["status"]),
        "component": set(github["components"][0]),
        "group": set(next(c for c in groups if c["group"])),
        "incident": set(incident),
        "maintenance": set(maintenance),
        "incident component": set(incident["components"][0]),
        "update": set(incident["incident_updates"][0]),
        "affected component": set(incident["incident_updates"][0]["affected_components"][0]),
    }


def objects(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, where, object) for every object of a Statuspage API document."""
    for key, value in document.items():
        if key in ("page", "status"):
            yield key, key, value
        elif key == "components":
            for n, c in enumerate(value):
                yield ("group" if c["group"] else "component"), f"components[{n}]", c
        elif key in ("incidents", "scheduled_maintenances"):
            for n, event in enumerate(value):
                where = f"{key}[{n}]"
                yield (
                    ("maintenance" if key == "scheduled_maintenances" else "incident"),
                    where,
                    event,
                )
                for m, c in enumerate(event["components"]):
                    yield "incident component", f"{where}.components[{m}]", c
                for m, update in enumerate(event["incident_updates"]):
                    yield "update", f"{where}.incident_updates[{m}]", update
                    for a, affected in enumerate(update["affected_components"] or []):
                        here = f"{where}.incident_updates[{m}].affected_components[{a}]"
                        yield "affected component", here, affected
        else:
            raise AssertionError(f"unexpected top-level key {key!r}")


ENDPOINTS = {
    "status.json": "status.json",
    "summary.json": "summary.json",
    "components.json": "components.json",
    "incidents.json": "incidents/unresolved.json",
    "incidents/unresolved.json": "incidents/unresolved.json",
    "scheduled-maintenances.json": "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/upcoming.json": "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json": "scheduled-maintenances/upcoming.json",
}


def test_every_api_v2_object_has_the_keys_statuspage_sends(site: Path) -> None:
    expected = captured_keys()
    summary_keys = set(capture("summary.json")) | {"scheduled_maintenances"}
    differences = []
    seen = set()
    for endpoint, shape in ENDPOINTS.items():
        document = json.loads((site / "api/v2" / endpoint).read_text(encoding="utf-8"))
        top = summary_keys if endpoint == "summary.json" else set(capture(shape))
        assert top == set(document), endpoint
        for kind, where, obj in objects(document):
            seen.add(kind)
            if set(obj) != expected[kind]:
                missing, extra = expected[kind] - set(obj), set(obj) - expected[kind]
                differences.append(f"{endpoint} {where}: missing {missing}, extra {extra}")
    assert [] == differences
    # The example has every kind of object, so no comparison above was skipped.
    assert set(expected) == seen


# --- weight ------------------------------------------------------------------------------


def test_front_page_and_its_stylesheets_stay_under_30_kb_gzipped(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="/([^"?]+)', index)
    assert ["assets/style.css"] == stylesheets
    files = [site / "index.html", *(site / path for path in stylesheets)]
    size = sum(len(gzip.compress(file.read_bytes(), mtime=0)) for file in files)
    assert size < 30_000, f"{size} bytes gzipped"


def test_the_widget_stays_under_3_kb_gzipped(site: Path) -> None:
    size = len(gzip.compress((site / "widget.js").read_bytes(), mtime=0))
    assert size < 3_000, f"{size} bytes gzipped"
