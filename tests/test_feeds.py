"""RSS and Atom feeds, read back the way feed readers read them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import pytest
import sitefiles
from bs4 import BeautifulSoup
from factories import NOW, component, incident, maintenance, site
from hypothesis import given
from hypothesis import strategies as st

from statusgen.model import ComponentStatus, IncidentState, Site
from statusgen.render.context import RenderContext, render_all
from statusgen.render.feeds import FEED_ENTRIES, render_feeds
from statusgen.status import compute

HOUR = timedelta(hours=1)


def render(s: Site, now: datetime = NOW) -> dict[str, bytes]:
    return render_all(render_feeds(RenderContext(s, compute(s, now))))


def parse(data: bytes) -> Any:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def example(**overrides: Any) -> Site:
    return site(
        incidents=[
            incident(
                "card-payments",
                NOW - 30 * HOUR,
                title="Card payments failing",
                message="Some **cards** are declined <script>alert(1)</script>",
            ),
            incident(
                "web-slow",
                NOW - 3 * HOUR,
                IncidentState.MONITORING,
                {"web": ComponentStatus.DEGRADED_PERFORMANCE},
                title="Slow pages",
            ),
        ],
        maintenances=[
            maintenance("db-upgrade", NOW + 24 * HOUR, NOW + 26 * HOUR, title="Database upgrade")
        ],
        **overrides,
    )


def test_rss_and_atom_have_one_entry_per_event_newest_change_first() -> None:
    files = render(example())
    for name in ("feed.xml", "atom.xml"):
        feed = parse(files[name])
        assert [
            "[Monitoring] Slow pages",
            "[Scheduled] Database upgrade",
            "[Resolved] Card payments failing",
        ] == [e.title for e in feed.entries]
        assert "Example Status" == feed.feed.title
        assert "https://status.example.com/" == feed.feed.link


def test_entries_have_stable_ids_and_absolute_links_with_the_path_prefix() -> None:
    files = render(example(base_url="https://org.github.io/status/"))
    url = "https://org.github.io/status/incidents/card-payments/"
    rss, atom = parse(files["feed.xml"]), parse(files["atom.xml"])
    assert url == rss.entries[-1].id == rss.entries[-1].link
    assert url == atom.entries[-1].id == atom.entries[-1].link
    assert "https://org.github.io/status/" == rss.feed.link
    self_links = [link.href for link in rss.feed.links if link.rel == "self"]
    assert ["https://org.github.io/status/feed.xml"] == self_links
    atom_self = [link.href for link in atom.feed.links if link.rel == "self"]
    assert ["https://org.github.io/status/atom.xml"] == atom_self


def test_an_entry_keeps_its_id_as_the_incident_moves_on() -> None:
    before = parse(render(example(), NOW - 2 * HOUR)["atom.xml"])
    after = parse(render(example(), NOW)["atom.xml"])
    assert sorted(e.id for e in before.entries) == sorted(e.id for e in after.entries)


def test_content_is_the_sanitised_timeline_newest_first_with_times() -> None:
    feed = parse(render(example())["atom.xml"])
    content = next(e for e in feed.entries if "Card" in e.title).content[0].value
    assert content.index("Resolved") < content.index("Investigating")
    assert "<strong>cards</strong>" in content
    assert "<script>" not in content
    assert "Nov 21, 2026, 13:00 CET" in content  # when it was opened, in the site's time zone
    assert "Affected</strong>: Api (worst Partial outage)" in content


def test_entry_dates_come_from_the_content() -> None:
    # In the site's zone (Europe/Berlin), as the pages and the API.
    feed = parse(render(example())["atom.xml"])
    slow = feed.entries[0]
    assert "2026-11-22T16:00:00+01:00" == slow.published  # first update
    assert "2026-11-22T16:30:00+01:00" == slow.updated  # newest update
    assert "2026-11-22T16:30:00+01:00" == feed.feed.updated
    rss = parse(render(example())["feed.xml"])
    assert "Sun, 22 Nov 2026 16:30:00 +0100" == rss.entries[0].published


def test_feeds_are_reproducible_and_independent_of_the_build_clock() -> None:
    # Nothing changes between these two moments, so neither may the feeds.
    first, second = render(example(), NOW), render(example(), NOW + HOUR)
    assert first == render(example(), NOW)
    assert first == second


def test_each_component_has_an_rss_feed_of_what_touched_it() -> None:
    files = render(example())
    assert {"components/api/feed.xml", "components/web/feed.xml"} <= set(files)
    api = parse(files["components/api/feed.xml"])
    web = parse(files["components/web/feed.xml"])
    assert ["[Scheduled] Database upgrade", "[Resolved] Card payments failing"] == [
        e.title for e in api.entries
    ]
    assert ["[Monitoring] Slow pages"] == [e.title for e in web.entries]
    assert "https://status.example.com/components/web/" == web.feed.link
    assert "Example Status: Web" == web.feed.title


def test_a_quiet_site_has_valid_empty_feeds() -> None:
    files = render(site(components=[component("api")], groups=[]))
    assert [] == parse(files["feed.xml"]).entries
    assert [] == parse(files["components/api/feed.xml"]).entries


def test_a_feed_with_no_entry_is_dated_by_the_start_not_the_build() -> None:
    quiet = site(
        components=[component("api"), component("web", start_date=date(2026, 10, 5))],
        groups=[],
        start_date=date(2026, 11, 20),
    )
    first, later = render(quiet, NOW), render(quiet, NOW + HOUR)
    assert first == later
    rss, atom = parse(first["feed.xml"]), parse(first["atom.xml"])
    # start_date at midnight in the site's time zone (Europe/Berlin).
    assert "Fri, 20 Nov 2026 00:00:00 +0100" == rss.feed.updated  # lastBuildDate
    assert "Fri, 20 Nov 2026 00:00:00 +0100" == rss.feed.published  # pubDate
    assert "2026-11-20T00:00:00+01:00" == atom.feed.updated
    assert "Fri, 20 Nov 2026 00:00:00 +0100" == parse(first["components/api/feed.xml"]).feed.updated
    # A component with a start_date of its own is dated by it.
    assert "Mon, 05 Oct 2026 00:00:00 +0200" == parse(first["components/web/feed.xml"]).feed.updated


def test_a_component_feed_with_no_entry_is_dated_by_the_sites_first_event() -> None:
    # docs has no event of its own: its feed takes the site's first moment, not the clock.
    quiet = example(components=[component("api"), component("web"), component("docs")], groups=[])
    first, later = render(quiet, NOW), render(quiet, NOW + HOUR)
    assert first["components/docs/feed.xml"] == later["components/docs/feed.xml"]
    docs = parse(first["components/docs/feed.xml"])
    assert [] == docs.entries
    assert "Sat, 21 Nov 2026 13:00:00 +0100" == docs.feed.updated  # card-payments began


def test_feeds_are_capped() -> None:
    many = [incident(f"i-{n:03}", NOW - timedelta(days=n + 1)) for n in range(FEED_ENTRIES + 5)]
    files = render(site(incidents=many))
    entries = parse(files["feed.xml"]).entries
    assert FEED_ENTRIES == len(entries)
    assert "[Resolved] I 000" == entries[0].title


def test_feeds_carry_what_is_still_going_on_beyond_the_newest() -> None:
    # An outage open for a year and a window in progress for months, each behind more
    # changes than a feed holds: a subscriber still finds both, after the newest.
    opened = incident("still-open", NOW - timedelta(days=365), IncidentState.IDENTIFIED)
    migration = maintenance("migration", NOW - timedelta(days=90), NOW + timedelta(days=30))
    many = [incident(f"i-{n:03}", NOW - timedelta(days=n + 1)) for n in range(FEED_ENTRIES + 5)]
    files = render(site(incidents=[opened, *many], maintenances=[migration]))
    newest = [f"[Resolved] I {n:03}" for n in range(FEED_ENTRIES)]
    going_on = ["[In progress] Migration", "[Identified] Still open"]
    for path in ("feed.xml", "atom.xml", "components/api/feed.xml"):
        assert [*newest, *going_on] == [e.title for e in parse(files[path]).entries], path
    assert [] == parse(files["components/web/feed.xml"]).entries


def test_feeds_carry_a_window_announced_before_the_newest() -> None:
    # Announced two months ahead, then more incidents than a feed holds: a subscriber must
    # still learn of the window before it starts.
    window = maintenance("db-move", NOW + timedelta(days=10), NOW + timedelta(days=11))
    announced = replace(window.updates[0], at=NOW - timedelta(days=60))
    window = replace(window, updates=(announced,))
    many = [incident(f"i-{n:03}", NOW - timedelta(days=n + 1)) for n in range(FEED_ENTRIES + 5)]
    files = render(site(incidents=many, maintenances=[window]))
    newest = [f"[Resolved] I {n:03}" for n in range(FEED_ENTRIES)]
    for path in ("feed.xml", "atom.xml", "components/api/feed.xml"):
        assert [*newest, "[Scheduled] Db move"] == [e.title for e in parse(files[path]).entries], (
            path
        )


def test_each_message_is_converted_once_and_sanitised_once(monkeypatch: Any) -> None:
    from statusgen import build
    from statusgen.render import markdown

    calls = {"convert": 0, "sanitize": 0}
    original_convert, cleaner = markdown.convert_markdown, markdown._cleaner()

    def convert(source: str) -> str:
        calls["convert"] += 1
        return original_convert(source)

    class CountedCleaner:
        def clean(self, html: str) -> str:
            calls["sanitize"] += 1
            return cleaner.clean(html)

    monkeypatch.setattr(markdown, "convert_markdown", convert)
    monkeypatch.setattr(markdown, "_cleaner", CountedCleaner)
    events = [
        incident(
            f"incident-{n}",
            NOW - timedelta(days=n + 1),
            components={
                "api": ComponentStatus.MAJOR_OUTAGE,
                "web": ComponentStatus.DEGRADED_PERFORMANCE,
            },
            # Two of them link to a page relative to the incident's: in feeds, read away
            # from the site, the link is made absolute, without sanitizing it again.
            message=f"Message number {n}." + (" See [the notes](notes/)." if n < 2 else ""),
        )
        for n in range(5)
    ]
    files = build.render_site(site(incidents=events), NOW)
    messages = {
        text for e in events for text in (e.summary, *(u.message for u in e.updates)) if text
    }
    assert (len(messages), len(messages)) == (calls["convert"], calls["sanitize"])
    feed = files["feed.xml"]
    assert feed is not None
    assert b"https://status.example.com/incidents/incident-0/notes/" in feed
    assert b"https://status.example.com/incidents/incident-1/notes/" in feed


MARKDOWN_LINKS = st.lists(
    st.sampled_from(
        [
            "plain words",
            "[a](https://example.org/a?b=1&c=2)",
            "[up](../x)",
            "[here](#y)",
            "![img](img.png)",
            "[mail](mailto:ops@example.org)",
            "[proto](//example.net/p)",
            "[caps](HTTPS://Example.org/A)",
            "[dots](https://example.org/a/../b)",
            '[title](https://example.org "t&t")',
            "<https://example.org/auto>",
            "[query](?page=2)",
            "\u202e",
            "[space](<a b>)",
            "[angle](/p?a=<b>)",
            '<a href="/raw">not a link: escaped text</a>',
            '![quote](/i.png "a href=")',
            "[empty query](x?)",
            "[stray mark](.\u2069)",
            "[nbsp](/a\u00a0b)",
        ]
    ),
    max_size=4,
).map(" ".join)


@given(
    source=MARKDOWN_LINKS,
    base=st.sampled_from(
        [None, "https://status.example.com/incidents/x/", "http://127.0.0.1:8000/p/incidents/y/"]
    ),
)
def test_a_message_sanitised_once_reads_as_one_sanitised_for_its_base(
    source: str, base: str | None
) -> None:
    # Links are resolved in the sanitized HTML, by our code: it must give the bytes the
    # sanitizer gives when it resolves them itself, through its attribute filter.
    import nh3

    from statusgen.render import markdown
    from statusgen.render.markdown import MarkdownMemo, render_markdown

    def resolve(tag: str, attribute: str, value: str) -> str:
        if attribute not in ("href", "src"):
            return value
        # Encoded as CommonMark writes an address (markdown.encode_address), then resolved.
        value = markdown.encode_address(value)
        return urljoin(base, value) if base else value

    by_the_sanitizer = nh3.Cleaner(
        tags=set(markdown.ALLOWED_TAGS),
        attributes={tag: set(a) for tag, a in markdown.ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(markdown.ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=resolve,
    ).clean(markdown.convert_markdown(source))
    expected = markdown._contained(by_the_sanitizer)
    assert expected == render_markdown(source, base) == MarkdownMemo().render(source, base)


def test_an_address_no_url_parser_reads_is_dropped_from_the_feed_quietly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `//[db` reads as a broken IPv6 host: the feed cannot make it absolute and leaves the
    # link text without it, and nothing is printed. A Markdown link never gets there: its
    # `[` is encoded first, as CommonMark writes it (`//%5Bdb`), on the page and in the feed.
    from statusgen.build import render_site
    from statusgen.render.markdown import resolve_links

    page_html = '<p>See <a href="//[db" rel="nofollow">the db</a>.</p>'
    assert "<p>See the db.</p>" == resolve_links(page_html, "https://status.example.com/x/")
    event = incident("broken-link", NOW - timedelta(days=1), message="See [the db](//[db).")
    files = render_site(site(incidents=[event]), NOW)
    feed, page = files["feed.xml"], files["incidents/broken-link/index.html"]
    assert feed is not None and page is not None
    entry = parse(feed).entries[0]
    assert "the db" in entry.description and "//[db" not in entry.description
    assert 'href="//%5Bdb"' in page.decode()
    assert ("", "") == capsys.readouterr()


_UNANNOUNCED = """\
---
title: DB upgrade
scheduled_for: 2026-12-20 02:00 Z
scheduled_until: 2026-12-20 04:00 Z
components: [api]
---
We will upgrade.
"""
# An incident written with a date and no update: it was posted when it started.
_UNDATED = """\
---
title: Slow checkout
status: resolved
date: 2026-12-05 10:00 Z
resolved_at: 2026-12-15 12:00 Z
components: [checkout]
---
Checkout was slow.
"""


def test_atom_published_is_the_apis_created_at_and_no_rebuild_moves_it(tmp_path: Path) -> None:
    """A window without an update, before, during and after it, and an incident without one
    before and after it ended: Atom's <published> is the API's created_at every time."""
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-12-03\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-20-db.md": _UNANNOUNCED,
            "content/incidents/2026-12-05-slow.md": _UNDATED,
        },
    )
    found = set()
    for now in ("2026-12-10T00:00:00Z", "2026-12-20T03:00:00Z", "2026-12-21T00:00:00Z"):
        assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
        atom = feedparser.parse((root / "public" / "atom.xml").read_bytes())
        api = [
            *json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"],
            *json.loads((root / "public/api/v2/scheduled-maintenances.json").read_text())[
                "scheduled_maintenances"
            ],
        ]
        published = {e.link.rstrip("/").rpartition("/")[2]: e.published for e in atom.entries}
        created = {i["shortlink"].rstrip("/").rpartition("/")[2]: i["created_at"] for i in api}
        assert created.keys() == published.keys()
        for slug, moment in created.items():
            found.add((slug, _moment(moment), now))
            assert _moment(moment) == _moment(published[slug])

    assert {
        ("2026-12-20-db", datetime(2026, 12, 2, 23, tzinfo=timezone.utc)),
        ("2026-12-05-slow", datetime(2026, 12, 5, 10, tzinfo=timezone.utc)),
    } == {(slug, moment) for slug, moment, _ in found}


_HEADINGS = """\
---
title: Checkout errors
status: resolved
components:
  checkout: partial_outage
---
### What happened
Some payments failed.

## Investigating at 2026-11-20 14:05
We are looking into it.

## Resolved at 2026-11-20 15:12
All good again.

# Root cause
Top heading text.

### Details
More.
"""


def _headings(html: str) -> list[tuple[str, str]]:
    found = BeautifulSoup(html, "html.parser").find_all(re.compile(r"^h\d$"))
    return [(h.name, h.get_text(" ", strip=True).split(" ")[0]) for h in found]


def test_message_headings_sit_under_the_update_headings_in_feeds_and_pages(
    tmp_path: Path,
) -> None:
    """`# Root cause` is a heading, not bare text; in a feed a message's headings, and the
    summary's, go under the feed's own update headings (h3) as on the incident's page."""
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: _HEADINGS})
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    public = root / "public"
    page = (public / "incidents/2026-11-20-checkout-errors/index.html").read_text()
    feeds = [
        parse((public / path).read_bytes()).entries[0].content[0].value
        if path == "atom.xml"
        else parse((public / path).read_bytes()).entries[0].description
        for path in ("feed.xml", "atom.xml", "components/checkout/feed.xml")
    ]

    # The page: the summary under "Summary" (h2), the update's message under its h3.
    shown = _headings(page)
    assert [("h2", "Summary"), ("h3", "What")] == shown[shown.index(("h2", "Summary")) :][:2]
    resolved = shown.index(("h3", "Resolved"))
    assert [("h4", "Root"), ("h4", "Details")] == shown[resolved + 1 : resolved + 3]
    assert "<p>Top heading text.</p>" in page
    for content in feeds:
        assert [
            ("h4", "What"),
            ("h3", "Resolved"),
            ("h4", "Root"),
            ("h4", "Details"),
            ("h3", "Investigating"),
        ] == _headings(content)
        assert "<p>Top heading text.</p>" in content


def _moment(text: str) -> datetime:
    """An RFC 3339 time as feeds and the API write it (Python 3.10 reads no "Z")."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# Monrovia's clocks ran 44 minutes 30 seconds behind UTC until 1972: neither RFC 822 nor
# RFC 3339 writes seconds in an offset. An incident there from 14:00 to 15:00 UTC.
_MONROVIA = site(
    incidents=[incident("old", datetime(1971, 6, 1, 14, tzinfo=timezone.utc))],
    timezone="Africa/Monrovia",
    start_date=date(1971, 5, 1),
)
_IN_1971 = datetime(1971, 6, 10, 12, tzinfo=timezone.utc)
# What RFC 3339 allows, as Atom and HTML's `datetime` take it.
_RFC_3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _datetimes(feed: str) -> list[str]:
    """The `<time datetime>` values of a feed's entries."""
    return re.findall(r'datetime="([^"]+)"', feed.replace("&quot;", '"'))


def test_an_rss_date_at_an_offset_of_seconds_is_written_in_utc() -> None:
    files = render(_MONROVIA, _IN_1971)
    for path in ("feed.xml", "components/api/feed.xml"):
        rss = files[path].decode()
        dates = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", rss)
        # email.utils reads no offset of seconds ("-004430"): each date must read back.
        assert {datetime(1971, 6, 1, 15, tzinfo=timezone.utc)} == {
            parsedate_to_datetime(d) for d in dates
        }, dates
        assert "<lastBuildDate>Tue, 01 Jun 1971 15:00:00 +0000</lastBuildDate>" in rss
        assert {"1971-06-01T14:00:00+00:00", "1971-06-01T15:00:00+00:00"} == set(_datetimes(rss))


def test_an_atom_date_at_an_offset_of_seconds_is_written_in_utc() -> None:
    atom = render(_MONROVIA, _IN_1971)["atom.xml"].decode()
    dates = re.findall(r"<(?:updated|published)>([^<]*)<", atom)
    assert [] == [d for d in [*dates, *_datetimes(atom)] if not _RFC_3339.fullmatch(d)]
    assert "<published>1971-06-01T14:00:00+00:00</published>" in atom
    assert "<updated>1971-06-01T15:00:00+00:00</updated>" in atom


_TYPED = """\
---
title: Tokyo typed
status: resolved
components:
  api: major_outage
---
## Investigating at 2026-11-05 {start}
x

## Resolved at 2026-11-05 {end}
y
"""


@pytest.mark.parametrize(("start", "end"), [("19:00 +09:00", "20:00 +09:00"), ("10:00Z", "11:00Z")])
def test_feed_times_are_in_the_sites_zone_whatever_offset_was_typed(
    tmp_path: Path, start: str, end: str
) -> None:
    """An update typed with another offset is dated in the site's zone, as the page and
    the API date it; an empty component feed beside it, too."""
    root = sitefiles.write_site(
        tmp_path,
        {
            "statusgen.yaml": sitefiles.SETTINGS + "start_date: 2026-11-01\n",
            "content/components.yaml": "- id: api\n  name: API\n- id: web\n  name: Web\n",
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-11-05-t.md": _TYPED.format(start=start, end=end),
        },
    )
    assert 0 == sitefiles.run_build(root, "-q", now="2026-11-06T00:00:00Z").exit_code
    public = root / "public"
    rss = (public / "feed.xml").read_text()
    atom = (public / "atom.xml").read_text()
    # 20:00 in Tokyo, 11:00 UTC: 12:00 in Berlin.
    assert "<pubDate>Thu, 05 Nov 2026 12:00:00 +0100</pubDate>" in rss
    assert "<lastBuildDate>Thu, 05 Nov 2026 12:00:00 +0100</lastBuildDate>" in rss
    assert "<updated>2026-11-05T12:00:00+01:00</updated>" in atom
    assert "<published>2026-11-05T11:00:00+01:00</published>" in atom
    page = (public / "incidents/2026-11-05-t/index.html").read_text()
    api = json.loads((public / "api/v2/incidents.json").read_text())["incidents"][0]
    assert "2026-11-05T12:00:00.000+01:00" == api["resolved_at"]
    for content in (rss, atom, page):
        datetimes = set(re.findall(r'datetime="([^"]+)"', content.replace("&quot;", '"')))
        assert {"2026-11-05T11:00:00+01:00", "2026-11-05T12:00:00+01:00"} <= datetimes
        assert not {d for d in datetimes if not d.endswith("+01:00")}
    # Midnight of the start date in Berlin, as the main feed's zone.
    web = (public / "components/web/feed.xml").read_text()
    assert "<lastBuildDate>Sun, 01 Nov 2026 00:00:00 +0100</lastBuildDate>" in web


_WINDOW = """\
---
title: {title}
scheduled_for: 2026-12-10 02:00 Z
scheduled_until: 2026-12-10 04:00 Z
components:
  api: under_maintenance
---
## Scheduled at 2026-12-01 10:00 Z
We upgrade the database.
"""
# Over before its start: called off, as docs/content.md writes it.
_CALLED_OFF = _WINDOW.format(title="Called off") + (
    "\n## Completed at 2026-12-05 09:00 Z\nNot needed after all.\n"
)
# Run at its time, for comparison.
_RAN = _WINDOW.format(title="Ran").replace("12-10", "12-03")


def _windows_built(tmp_path: Path, now: str) -> Path:
    """The output folder of a site with one window called off and one that ran."""
    root = sitefiles.write_site(
        tmp_path,
        {
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-10-called-off.md": _CALLED_OFF,
            "content/incidents/2026-12-03-ran.md": _RAN,
        },
    )
    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
    return root / "public"


@pytest.mark.parametrize("now", ["2026-12-06T00:00:00Z", "2026-12-11T00:00:00Z"])
def test_a_window_called_off_puts_no_component_under_maintenance_anywhere(
    tmp_path: Path, now: str
) -> None:
    """The feeds, the component's feed, the window's page and the API agree: a window
    called off before its start never put its components under maintenance; one that
    ran did."""
    public = _windows_built(tmp_path, now)

    for feed in ("feed.xml", "atom.xml", "components/api/feed.xml"):
        # Atom's <content>, RSS's <description>.
        entries = {
            e.title: e.content[0].value if "content" in e else e.description
            for e in parse((public / feed).read_bytes()).entries
        }
        assert "<p><strong>Affected</strong>: API</p>" in entries["[Cancelled] Called off"], feed
        assert (
            "<p><strong>Affected</strong>: API (worst Under maintenance)</p>"
            in entries["[Completed] Ran"]
        )

    def affected(slug: str) -> list[str]:
        page = BeautifulSoup(
            (public / "incidents" / slug / "index.html").read_text(), "html.parser"
        )
        return [li.get_text(" ", strip=True) for li in page.select("ul.affected > li")]

    assert ["API"] == affected("2026-12-10-called-off")
    assert ["API worst Under maintenance"] == affected("2026-12-03-ran")

    api = json.loads((public / "api/v2/scheduled-maintenances.json").read_text())
    (called_off,) = [m for m in api["scheduled_maintenances"] if m["name"] == "Called off"]
    said = [
        change["new_status"]
        for update in called_off["incident_updates"]
        for change in update["affected_components"] or ()
    ]
    assert "under_maintenance" not in said


_OUTAGE_DURING_WORK = """\
---
title: Upgrade
scheduled_for: 2026-12-03 02:00 Z
scheduled_until: 2026-12-03 04:00 Z
components:
  checkout: major_outage
---
## Scheduled at 2026-12-01 10:00 Z
We upgrade the shop.

## In progress at 2026-12-03 02:05 Z
Components: checkout=major_outage

The shop is down.

## Completed at 2026-12-03 03:00 Z
Done.
"""


@pytest.mark.parametrize(
    ("now", "said"),
    [
        ("2026-12-03T02:30:00Z", "Checkout (Major outage)"),
        ("2026-12-04T00:00:00Z", "Checkout (worst Major outage)"),
    ],
)
def test_a_completed_window_says_the_worst_it_gave_as_a_resolved_incident_does(
    tmp_path: Path, now: str, said: str
) -> None:
    """Once the work is over the shop is operational again: "Checkout (Major outage)" read
    as if it were still down, where a resolved incident says "(worst Major outage)"."""
    root = sitefiles.write_site(
        tmp_path,
        {
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-03-upgrade.md": _OUTAGE_DURING_WORK,
        },
    )
    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
    public = root / "public"
    for feed in ("feed.xml", "atom.xml", "components/checkout/feed.xml"):
        (entry,) = parse((public / feed).read_bytes()).entries
        content = entry.content[0].value if "content" in entry else entry.description
        assert f"<p><strong>Affected</strong>: {said}</p>" in content, feed
    page = BeautifulSoup(
        (public / "incidents/2026-12-03-upgrade/index.html").read_text(), "html.parser"
    )
    (affected,) = page.select("ul.affected > li")
    assert said.replace("(", "").replace(")", "") == affected.get_text(" ", strip=True)


@pytest.mark.parametrize("now", ["2026-12-06T00:00:00Z", "2026-12-11T00:00:00Z"])
def test_a_window_called_off_reads_cancelled_wherever_its_state_is_shown(
    tmp_path: Path, now: str
) -> None:
    """Its page, the lists of events (home page, history, component page), the search
    index and the feeds' titles say "Cancelled" of a window called off before its start,
    before its planned time and after: "Completed" would tell of work never done. So does
    the update that called it off, in its timeline and its feed entries. One that ran
    still says "Completed"; the API keeps what was written."""
    public = _windows_built(tmp_path, now)

    def soup(path: str) -> BeautifulSoup:
        return BeautifulSoup((public / path / "index.html").read_text(), "html.parser")

    def soup_of(html: str) -> BeautifulSoup:
        return BeautifulSoup(html, "html.parser")

    def listed(path: str) -> dict[str, str]:
        items = soup(path).select("li.event-item")
        return {i.h3.get_text(strip=True): i.select_one(".state").get_text() for i in items}

    expected = {"Called off": "Cancelled", "Ran": "Completed"}
    for path in ("", "history", "components/api"):
        assert expected == listed(path), path
    for slug, title in (("2026-12-10-called-off", "Called off"), ("2026-12-03-ran", "Ran")):
        page = soup(f"incidents/{slug}")
        facts = {
            div.dt.get_text(strip=True): div.dd.get_text(strip=True)
            for div in page.select("dl.facts > div")
        }
        said = (page.select_one(".event-head .state").get_text(strip=True), facts["Status"])
        assert (expected[title], expected[title]) == said
    # Its timeline names the update that called it off by what it did, as the state.
    for slug, said in (
        ("2026-12-10-called-off", ["Cancelled", "Scheduled"]),
        ("2026-12-03-ran", ["Scheduled"]),  # completed by the clock
    ):
        headings = soup(f"incidents/{slug}").select(".update-state")
        assert said == [h.get_text(strip=True) for h in headings], slug

    for feed in ("feed.xml", "atom.xml", "components/api/feed.xml"):
        entries = {
            e.title: e.content[0].value if "content" in e else e.description
            for e in parse((public / feed).read_bytes()).entries
        }
        assert {"[Cancelled] Called off", "[Completed] Ran"} == set(entries), feed
        heads = {
            title: [h.get_text(" ", strip=True).split()[0] for h in soup_of(content)("h3")]
            for title, content in entries.items()
        }
        assert ["Cancelled", "Scheduled"] == heads["[Cancelled] Called off"], feed
        assert ["Scheduled"] == heads["[Completed] Ran"], feed

    # A search result says what the history's line says (search.js: the row's state id
    # in the words of the form's messages).
    words = json.loads(soup("history").select_one(".history-search")["data-messages"])["states"]
    rows = json.loads((public / "search.json").read_text())["events"]
    assert expected == {row[0]: words[row[6]] for row in rows}

    api = json.loads((public / "api/v2/scheduled-maintenances.json").read_text())
    assert {"completed"} == {m["status"] for m in api["scheduled_maintenances"]}


def test_a_later_update_to_a_window_called_off_reads_cancelled(tmp_path: Path) -> None:
    """An update written after the call-off (no later one undid it) is no completion of
    work either: its timeline entry, its feed entries and the calendar name it as the window
    is named, "Cancelled", once its planned time is past as before."""
    root = sitefiles.write_site(
        tmp_path,
        {
            sitefiles.INCIDENT_PATH: None,
            "content/incidents/2026-12-10-called-off.md": _CALLED_OFF
            + "\n## Completed at 2026-12-11 09:00 Z\nRescheduled: see the new window.\n",
        },
    )
    assert 0 == sitefiles.run_build(root, "-q", now="2026-12-12T00:00:00Z").exit_code
    public = root / "public"

    page = BeautifulSoup(
        (public / "incidents/2026-12-10-called-off/index.html").read_text(), "html.parser"
    )
    headings = [h.get_text(strip=True) for h in page.select(".update-state")]
    assert ["Cancelled", "Cancelled", "Scheduled"] == headings
    for feed in ("feed.xml", "atom.xml"):
        (entry,) = parse((public / feed).read_bytes()).entries
        content = entry.content[0].value if "content" in entry else entry.description
        heads = [
            h.get_text(" ", strip=True).split()[0]
            for h in BeautifulSoup(content, "html.parser")("h3")
        ]
        assert ("[Cancelled] Called off", ["Cancelled", "Cancelled", "Scheduled"]) == (
            entry.title,
            heads,
        ), feed
    calendar = (public / "maintenance.ics").read_text().replace("\r\n ", "")
    assert "Completed:" not in calendar
    assert "Cancelled: Rescheduled: see the new window." in calendar.replace("\\", "")


NOTICE = """\
---
title: Planned DNS provider switch done
status: resolved
date: 2026-11-20 09:00
resolved_at: 2026-11-20 10:00
---
"""


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Started", "Resolved", "Duration", "1 hr")),
        ("de", ("Begonnen", "Behoben", "Dauer")),
    ],
)
def test_an_incident_written_with_its_times_alone_is_dated_in_its_entry(
    tmp_path: Path, language: str, words: tuple[str, ...]
) -> None:
    # No update, summary or component: the entry gives the times its page gives, in the
    # page's words, rather than nothing at all.
    settings = sitefiles.SETTINGS + f"language: {language}\n"
    root = sitefiles.write_site(
        tmp_path, {"statusgen.yaml": settings, sitefiles.INCIDENT_PATH: NOTICE}
    )
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    for name in ("feed.xml", "atom.xml"):
        (entry,) = parse((root / "public" / name).read_bytes()).entries
        content = entry.content[0].value if name == "atom.xml" else entry.description
        times = [t["datetime"] for t in BeautifulSoup(content, "html.parser").find_all("time")]
        # 09:00 and 10:00 in Berlin, as written.
        assert ["2026-11-20T09:00:00+01:00", "2026-11-20T10:00:00+01:00"] == times
        text = BeautifulSoup(content, "html.parser").get_text()
        for word in words:
            assert word in text, (name, text)


def test_an_open_incident_written_without_an_update_is_not_resolved_yet_in_its_entry() -> None:
    notice = replace(
        incident("dns-switch", NOW - 2 * HOUR, IncidentState.INVESTIGATING, {}),
        updates=(),
    )
    entry = parse(render(site(incidents=[notice]))["atom.xml"]).entries[0]
    text = BeautifulSoup(entry.content[0].value, "html.parser").get_text()
    assert "Started" in text
    assert "Resolved: Not yet" in text
    assert "Duration" not in text
