"""History search on a static host: the index and script in chromium, and the page without them."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import factories as f
import pytest
from browser import Page, browser_page, static_server
from examplesite import node_module_file
from factories import NOW
from test_conformance_browser import violations

from statusgen.build import render_site
from statusgen.model import ComponentStatus, Impact, IncidentState

pytestmark = pytest.mark.browser

RESULTS = "[...document.querySelectorAll('#history-search-results li a')].map(a => a.textContent)"
# The parts of each line under a title, in the results or in the list: state, impact, date,
# components.
LINES = (
    "[...document.querySelectorAll('#{} .event-meta')]"
    ".map(p => [...p.children].map(part => part.textContent))"
)
# Each line's <time datetime> values, in the results or in the list.
DATETIMES = (
    "[...document.querySelectorAll('#{} .event-meta time')].map(t => t.getAttribute('datetime'))"
)


def as_bdi(text: str) -> str:
    """`text` with each name the build isolated (FIRST STRONG ISOLATE … POP DIRECTIONAL
    ISOLATE) in a <bdi>, as the search script isolates the names it lists."""
    return text.replace("\u2068", "<bdi>").replace("\u2069", "</bdi>")


LIST_VISIBLE = "!document.getElementById('history-list').hidden"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    incidents = [
        f.incident(
            "dns",
            NOW - timedelta(days=2),
            components={"web": ComponentStatus.MAJOR_OUTAGE},
            impact=Impact.MAJOR,
            title="Website unreachable",
            message="A DNS provider returned *stale* records.",
        ),
        f.incident("cert", NOW - timedelta(days=5), title="Certificate expired on the Résumé API"),
        f.incident("slow", NOW - timedelta(days=9), IncidentState.RESOLVED, title="Slow API"),
        # Earlier years' rows are in parts of the index of their own (search/<year>.json).
        *(
            f.incident(
                slug,
                NOW - timedelta(days=days),
                components={"web": ComponentStatus.DEGRADED_PERFORMANCE},
                title=title,
            )
            for slug, days, title in (
                ("renewal", 400, "Certificate renewal failed"),
                ("mail", 800, "Expired certificate on mail"),
            )
        ),
    ]
    site = dataclasses.replace(f.site(incidents=incidents), root=str(root))
    return published(site, root / "public")


def published(site: Any, output: Path) -> Path:
    """`site` built at NOW into the folder `output`, which it returns."""
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    return output


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with static_server(public) as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


def search(page: Page, site_url: str, query: str, path: str = "history/") -> list[str]:
    page.goto(site_url + path)
    page.wait_for("!document.querySelector('form.history-search').hidden")
    page.evaluate(
        "(() => { const i = document.getElementById('history-q'); i.value = "
        + json.dumps(query)
        + "; i.dispatchEvent(new Event('input')); })()"
    )
    page.wait_for("document.getElementById('history-search-status').textContent !== ''")
    result: list[str] = page.evaluate(RESULTS)
    return result


def searched(
    page: Page, tmp_path: Path, titles: dict[str, str], queries: Iterable[str], **site: Any
) -> dict[str, list[str]]:
    """What the history page's search finds for each of `queries` on a site of one
    incident per title (the first newest, a day apart), built into `tmp_path`."""
    incidents = [
        f.incident(slug, NOW - timedelta(days=n + 1), title=title)
        for n, (slug, title) in enumerate(titles.items())
    ]
    built = dataclasses.replace(f.site(incidents=incidents, **site), root=str(tmp_path))
    published(built, tmp_path / "public")
    with static_server(tmp_path / "public") as url:
        return {query: search(page, url, query) for query in queries}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("dns", ["Website unreachable"]),  # a word of an update, not of the title
        ("resume", ["Certificate expired on the Résumé API"]),  # accents and case ignored
        ("api", ["Certificate expired on the Résumé API", "Slow API"]),
        ("web major", ["Website unreachable"]),  # component and impact words, all must match
        (
            "minor impact",  # the impact as the page names it
            [
                "Certificate expired on the Résumé API",
                "Slow API",
                "Certificate renewal failed",
                "Expired certificate on mail",
            ],
        ),
        ("nothing-like-this", []),
        # A date as the result's line writes it, a month as the history's heading does,
        # and the ISO form; the line's comma is no part of a word typed after it.
        ("Sep 13, 2024", ["Expired certificate on mail"]),
        ("October 2025", ["Certificate renewal failed"]),
        ("2025-10-18", ["Certificate renewal failed"]),
        # Quotes and the punctuation around a word are not part of it.
        ('"website unreachable"', ["Website unreachable"]),
        ("(unreachable),", ["Website unreachable"]),
        (
            "certificate",  # from search.json and both parts, newest first
            [
                "Certificate expired on the Résumé API",
                "Certificate renewal failed",
                "Expired certificate on mail",
            ],
        ),
    ],
)
def test_search_finds_incidents_by_their_words(
    page: Page, site_url: str, query: str, found: list[str]
) -> None:
    assert found == search(page, site_url, query)
    assert not page.evaluate(LIST_VISIBLE)


def test_search_keeps_the_punctuation_inside_a_word(page: Page, tmp_path: Path) -> None:
    # Stripped around a word ("v2.3.1," as copied from a sentence), kept inside it: a
    # version, an error code or a protocol is typed as the update writes it.
    titles = {
        "gateway": "Bad gateway (HTTP 502) after v2.3.1",
        "reset": "ERR_CONN_RESET over HTTP/2",
        "older": "Rollback to v2.3.0",
    }
    queries = ('"HTTP 502"', "v2.3.1,", "(v2.3.1)", "ERR_CONN_RESET.", "'HTTP/2'", "v2.3")
    found = searched(page, tmp_path, titles, queries)
    assert {
        '"HTTP 502"': [titles["gateway"]],
        "v2.3.1,": [titles["gateway"]],
        "(v2.3.1)": [titles["gateway"]],
        "ERR_CONN_RESET.": [titles["reset"]],
        "'HTTP/2'": [titles["reset"]],
        "v2.3": [titles["gateway"], titles["older"]],
    } == found


def test_a_failed_index_download_is_tried_again_on_a_later_keystroke(
    page: Page, public: Path
) -> None:
    # A host's passing 503 left search off until a reload: the failed download was kept.
    asked: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.endswith("/search.json"):
                asked.append(self.path)
                if len(asked) == 1:
                    self.send_error(503)
                    return
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(public))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        search(page, url, "cert")
        status = "document.getElementById('history-search-status').textContent"
        assert "Search is not available here; the list below is the history." == page.evaluate(
            status
        )
        time.sleep(1.5)  # as a visitor types on
        page.evaluate(
            "(() => { const i = document.getElementById('history-q'); i.value = 'certificate';"
            " i.dispatchEvent(new Event('input')); })()"
        )
        page.wait_for(f"{status}.startsWith('3 ')")
        assert 2 == len(asked)
        assert 3 == len(page.evaluate(RESULTS))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_an_emptied_search_box_brings_the_list_back(page: Page, site_url: str) -> None:
    search(page, site_url, "dns")
    page.evaluate(
        "(() => { const i = document.getElementById('history-q'); i.value = '';"
        " i.dispatchEvent(new Event('input')); })()"
    )
    page.wait_for(LIST_VISIBLE)


def test_a_result_links_to_its_incident(page: Page, site_url: str) -> None:
    search(page, site_url, "dns")
    href = page.evaluate("document.querySelector('#history-search-results a').href")
    assert site_url + "incidents/dns/" == href


def test_results_follow_the_pages_heading_and_are_axe_clean(page: Page, site_url: str) -> None:
    # The results replace the months (h2) under the page's h1: a result's title at h3
    # would skip a level (axe's heading-order), and a screen reader's heading list with it.
    search(page, site_url, "certificate")
    levels = page.evaluate(
        "[...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')]"
        ".filter(h => h.checkVisibility()).map(h => h.tagName)"
    )
    page.evaluate(node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8"))
    found = [(v["id"], v["nodes"]) for v in violations(page)]
    assert [] == found
    assert ["H1", "H2", "H2", "H2"] == levels


def test_without_scripts_the_history_is_the_plain_list_with_filter_links(
    page: Page, site_url: str
) -> None:
    page.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        page.goto(site_url + "history/")
    finally:
        page.call("Emulation.setScriptExecutionDisabled", value=False)
    # What a visitor without scripts saw, read back with scripts on again (no reload).
    assert page.evaluate("document.querySelector('form.history-search').hidden")
    assert page.evaluate(LIST_VISIBLE)
    assert 5 == page.evaluate("document.querySelectorAll('#history-list .events li').length")


def test_impact_filter_links_are_pages_of_their_own(public: Path) -> None:
    from bs4 import BeautifulSoup

    history = BeautifulSoup((public / "history" / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in history.select("nav.filters a")}
    assert "/history/impact/major/" == links["Major impact"]
    assert "/components/web/#events" == links["Web"]
    major = BeautifulSoup(
        (public / "history" / "impact" / "major" / "index.html").read_text(), "html.parser"
    )
    assert ["Website unreachable"] == [h3.get_text(strip=True) for h3 in major.select(".events h3")]
    assert "Incident history: Major impact" == major.h1.get_text(strip=True)


def test_search_on_a_filter_page_finds_only_what_the_page_lists(page: Page, site_url: str) -> None:
    # "web" is in the words of the major incident and of two minor ones.
    assert ["Website unreachable"] == search(page, site_url, "web", "history/impact/major/")
    assert [] == search(page, site_url, "certificate", "history/impact/major/")
    assert 3 == len(search(page, site_url, "web", "history/"))


def test_a_result_lists_its_components_as_the_page_language_does(
    page: Page, tmp_path: Path
) -> None:
    both = {"api": ComponentStatus.MAJOR_OUTAGE, "web": ComponentStatus.PARTIAL_OUTAGE}
    outage = f.incident("outage", NOW - timedelta(days=1), components=both, title="Outage")
    site = dataclasses.replace(f.site(incidents=[outage], language="de"), root=str(tmp_path))
    published(site, tmp_path / "public")
    with static_server(tmp_path / "public") as url:
        assert ["Outage"] == search(page, url, "outage")
        [line] = page.evaluate(LINES.format("history-search-results"))
    assert "Api und Web" == line[-1], line


def test_a_result_says_what_the_line_of_the_list_it_replaces_says(
    page: Page, tmp_path: Path
) -> None:
    # The state and the impact in words, not by colour alone, "ongoing" while an incident
    # is open, all in the page's language.
    events = [
        f.incident("down", NOW - timedelta(hours=2), IncidentState.IDENTIFIED, title="API down"),
        f.incident("slow", NOW - timedelta(days=2), impact=Impact.MAJOR, title="API slow"),
    ]
    window = f.maintenance("db", NOW - timedelta(hours=1), NOW + timedelta(hours=1), title="API db")
    site = f.site(incidents=events, maintenances=[window], language="de")
    site = dataclasses.replace(site, root=str(tmp_path))
    published(site, tmp_path / "public")
    with static_server(tmp_path / "public") as url:
        page.goto(url + "history/")
        listed = page.evaluate(LINES.format("history-list"))
        assert ["API db", "API down", "API slow"] == search(page, url, "api")
        found = page.evaluate(LINES.format("history-search-results"))
        colours = page.evaluate(
            "[...document.querySelectorAll('#history-search-results .state')].map(s => s.className)"
        )

    assert [
        ["Läuft", "Api"],
        ["Identifiziert", "Geringe Auswirkung", "Api"],
        ["Behoben", "Große Auswirkung", "Api"],
    ] == [line[:-2] + line[-1:] for line in found]
    assert found[1][2].endswith(" – andauernd"), found
    # Every part is the list's, its span to the minute included.
    assert listed == found
    # Marked in the impact's colour while active, as the list marks it.
    assert ["state state-maintenance", "state state-minor", "state"] == colours


def test_an_arabic_search_isolates_each_name_and_counts_past_its_limit(
    page: Page, tmp_path: Path
) -> None:
    # 105 matches is CLDR's "few" in Arabic, which takes the plural noun ("نتائج"), even
    # past the 50 shown; and each component name is isolated as in the list beside the
    # results, or "DB-3 (primary)" carries the words around it into its own run.
    names = [f.component("api", name="API الدفع v2"), f.component("db", name="DB-3 (primary)")]
    both = {"api": ComponentStatus.MAJOR_OUTAGE, "db": ComponentStatus.PARTIAL_OUTAGE}
    incidents = [
        f.incident(f"outage-{n}", NOW - timedelta(days=n + 1), components=both, title="عطل")
        for n in range(105)
    ]
    site = f.site(components=names, groups=[], incidents=incidents, language="ar")
    site = dataclasses.replace(site, root=str(tmp_path))
    published(site, tmp_path / "public")
    names_html = (
        "[...document.querySelectorAll('#{} .event-meta > span:last-child')].map(s => s.innerHTML)"
    )
    with static_server(tmp_path / "public") as url:
        page.goto(url + "history/")
        listed = page.evaluate(names_html.format("history-list"))
        assert 50 == len(search(page, url, "عطل"))
        found = page.evaluate(names_html.format("history-search-results"))
        status = page.evaluate("document.getElementById('history-search-status').textContent")
    assert "أحدث 50 من 105 نتائج." == status
    assert "<bdi>API الدفع v2</bdi> و<bdi>DB-3 (primary)</bdi>" == found[0]
    # The list beside them, one page of the history, isolates each name as well: with the
    # isolate characters the build writes (plain text, safe in an attribute too), where
    # the script makes elements.
    assert [as_bdi(names) for names in listed] == found[: len(listed)]


# Where each character of the first title under `#{}` is drawn, left to right on the
# screen: the order a reader sees them in.
DRAWN = """(() => {{
  const text = document.querySelector('#{} .event-title a').firstChild;
  const at = i => {{
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    return range.getBoundingClientRect().left;
  }};
  return [...text.data].map((c, i) => [at(i), c]).sort((a, b) => a[0] - b[0]).map(p => p[1]);
}})()"""


def test_a_latin_title_on_an_arabic_page_reads_in_its_own_order(page: Page, tmp_path: Path) -> None:
    # In the page's right-to-left direction "502 errors from the API." was drawn as
    # ".errors from the API 502": the number and the full stop went to the far ends. In
    # the list and in the search's results alike, each title reads in its own direction.
    title = "502 errors from the API."
    incident = f.incident("errors", NOW - timedelta(days=1), title=title)
    site = f.site(incidents=[incident], language="ar")
    site = dataclasses.replace(site, root=str(tmp_path))
    published(site, tmp_path / "public")
    with static_server(tmp_path / "public") as url:
        page.goto(url + "history/")
        listed = page.evaluate(DRAWN.format("history-list"))
        assert [title] == search(page, url, "errors")
        found = page.evaluate(DRAWN.format("history-search-results"))
    assert title == "".join(listed)
    assert title == "".join(found)


def test_an_impact_is_found_by_the_words_the_page_names_it_with(page: Page, tmp_path: Path) -> None:
    # A German page says "Geringe Auswirkung", never "minor" (the index's id of it).
    incidents = [
        f.incident("slow", NOW - timedelta(days=1), impact=Impact.MINOR, title="Langsam"),
        f.incident("down", NOW - timedelta(days=2), impact=Impact.MAJOR, title="Ausfall"),
    ]
    site = dataclasses.replace(f.site(incidents=incidents, language="de"), root=str(tmp_path))
    published(site, tmp_path / "public")
    shown = (tmp_path / "public" / "history" / "index.html").read_text()
    assert "Geringe Auswirkung" in shown and "Große Auswirkung" in shown
    with static_server(tmp_path / "public") as url:
        found = {query: search(page, url, query) for query in ("geringe", "minor", "auswirkung")}
        # A filter page still keeps to the impact it lists.
        on_major = search(page, url, "auswirkung", "history/impact/major/")
    assert {"geringe": ["Langsam"], "minor": [], "auswirkung": ["Langsam", "Ausfall"]} == found
    assert ["Ausfall"] == on_major


@pytest.mark.parametrize("language", ["en", "de", "ar-EG", "ja", "fr-CA"])
def test_results_write_times_and_counts_as_the_page_does(
    page: Page, tmp_path: Path, language: str
) -> None:
    # The browser has CLDR data, zone names and digits of its own ("GMT+1" where the page
    # says "CET", Arabic-Indic digits for ar-EG, "19 h 00" for fr-CA as the page writes
    # it), the list beside the results is written by the build: for a reader in the
    # site's zone, whose list stays as written, the results read as the list does.
    from statusgen.i18n import Language

    zone = ZoneInfo("Europe/Berlin")
    # An hour each: the end a clock time on the start's day, but for the last one, which
    # crosses the site's midnight and gives both dates.
    starts = [NOW - timedelta(days=n + 1) for n in range(11)]
    starts.append(datetime(2026, 11, 5, 23, 30, tzinfo=zone))
    outages = [
        f.incident(f"outage-{n}", start, title=f"Outage {n}") for n, start in enumerate(starts)
    ]
    site = dataclasses.replace(f.site(incidents=outages, language=language), root=str(tmp_path))
    assert zone.key == site.settings.timezone
    published(site, tmp_path / "public")
    page.call("Emulation.setTimezoneOverride", timezoneId=zone.key)
    try:
        with static_server(tmp_path / "public") as url:
            page.goto(url + "history/")
            listed = page.evaluate(LINES.format("history-list"))
            moments = page.evaluate(DATETIMES.format("history-list"))
            assert 12 == len(search(page, url, "outage"))
            lines = page.evaluate(LINES.format("history-search-results"))
            found_moments = page.evaluate(DATETIMES.format("history-search-results"))
            status = page.evaluate("document.getElementById('history-search-status').textContent")
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")

    words = Language(language)
    # The list isolates names with characters (U+2068 … U+2069), the results in a <bdi>,
    # whose text is the name alone.
    isolates = str.maketrans("", "", "\u2068\u2069")
    assert [[part.translate(isolates) for part in line] for line in listed] == lines
    assert moments == found_moments  # the <time datetime> of each, as the list's
    for start, line in zip(starts, lines, strict=True):
        assert words.date(start.astimezone(zone).date()) in line[2], line
    assert words.date(starts[-1].date() + timedelta(days=1)) in lines[-1][2], lines[-1]
    assert words.number(12) in status, status
    assert not any("\u0660" <= c <= "\u0669" for c in status), status


def test_search_ignores_accents_and_stroked_letters(page: Page, tmp_path: Path) -> None:
    # NFD splits "é" into "e" and a mark, but leaves "Ł" and "Ø" whole; Arabic harakat are
    # marks outside the Latin block of them.
    titles = {
        "payment": "تَعَطُّل الدَّفْع",
        "link": "Łódź datacenter Øresund link",
        "ligatures": "Straße to the Œuvre Æther Đakovo Ħamrun Ŧest Iıdır",
    }
    queries = ("تعطل", "الدفع", "lodz", "oresund", "ŁÓDŹ", "strasse", "oeuvre aether")
    found = searched(page, tmp_path, titles, (*queries, "dakovo hamrun test idir"))
    assert {
        "تعطل": [titles["payment"]],
        "الدفع": [titles["payment"]],
        "lodz": [titles["link"]],
        "oresund": [titles["link"]],
        "ŁÓDŹ": [titles["link"]],
        "strasse": [titles["ligatures"]],
        "oeuvre aether": [titles["ligatures"]],
        "dakovo hamrun test idir": [titles["ligatures"]],
    } == found


def test_search_keeps_the_marks_that_make_a_letter(page: Page, tmp_path: Path) -> None:
    # Kana's voicing marks and Indic vowel signs are combining marks as "é"'s accent is,
    # but without them a word is another word: "ガイド" (guide) is not "カイト" (kite).
    # Greek and Hebrew are still searched without their accents and points.
    titles = {
        "kite": "カイト計画の遅延",
        "guide": "ガイド更新の遅延",
        "soft": "कोमल सेवा धीमी",
        "lotus": "कमल सेवा बंद",
        "athens": "Αθήνα κέντρο δεδομένων",
        "peace": "שָׁלוֹם שרת",
        "side": "サーバーサイド障害",
        "track": "선로 점검",
    }
    queries = ("ガイド", "カイト", "ｶﾞｲﾄﾞ", "कमल", "कोमल", "αθηνα", "שלום")
    # A word ending in a kana without its voicing mark, or a Korean syllable that begins a
    # longer one, is not the start of the other.
    queries += ("サイト", "サイド", "서", "선로")
    found = searched(page, tmp_path, titles, queries, language="ja")
    assert {
        "ガイド": [titles["guide"]],
        "カイト": [titles["kite"]],
        "ｶﾞｲﾄﾞ": [titles["guide"]],  # half-width kana, as NFKC joins them
        "कमल": [titles["lotus"]],
        "कोमल": [titles["soft"]],
        "αθηνα": [titles["athens"]],
        "שלום": [titles["peace"]],
        "サイト": [],
        "サイド": [titles["side"]],
        "서": [],
        "선로": [titles["track"]],
    } == found


def test_search_ignores_width_and_ligatures(page: Page, tmp_path: Path) -> None:
    # A Japanese or Chinese keyboard in full-width mode types "ＤＢ"; a title pasted
    # from a PDF may hold "ﬁ". Both sides fold alike: query and title.
    titles = {"db": "DB障害", "file": "ﬁle server slow", "dns": "ＤＮＳ errors"}
    queries = ("ＤＢ", "ｄｂ障害", "file", "ﬁle", "dns", "ｄｎｓ")
    found = searched(page, tmp_path, titles, queries)
    assert {
        "ＤＢ": [titles["db"]],
        "ｄｂ障害": [titles["db"]],
        "file": [titles["file"]],
        "ﬁle": [titles["file"]],
        "dns": [titles["dns"]],
        "ｄｎｓ": [titles["dns"]],
    } == found


def test_a_result_shows_its_times_in_the_readers_zone_as_the_list_does(tmp_path: Path) -> None:
    # 00:30 in Berlin on Nov 22 is 15:30 on Nov 21 in Los Angeles: a result giving the
    # site's date would name another day than the list beside it. The components are
    # listed in the page's order (api first, though the incident names web first), as the
    # list does.
    both = {"web": ComponentStatus.MAJOR_OUTAGE, "api": ComponentStatus.PARTIAL_OUTAGE}
    events = [
        f.incident(
            "open",
            datetime(2026, 11, 22, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")),
            IncidentState.IDENTIFIED,
            components=both,
            title="Open outage",
        ),
        f.incident(
            "closed",
            datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            IncidentState.RESOLVED,
            title="Closed outage",
        ),
        # Across Berlin's midnight, both dates given; within one day in Los Angeles.
        f.incident(
            "night",
            datetime(2026, 11, 18, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")),
            IncidentState.RESOLVED,
            title="Night outage",
        ),
    ]
    site = dataclasses.replace(f.site(incidents=events), root=str(tmp_path))
    published(site, tmp_path / "public")
    with (
        static_server(tmp_path / "public") as url,
        browser_page(timezone="America/Los_Angeles") as reader,
    ):
        reader.goto(url + "history/")
        listed = reader.evaluate(LINES.format("history-list"))
        assert ["Open outage", "Closed outage", "Night outage"] == search(reader, url, "outage")
        found = reader.evaluate(LINES.format("history-search-results"))

    assert "Nov 21, 2026, 15:30 PST – ongoing" == found[0][2]
    assert "Api and Web" == found[0][3]
    assert "Nov 20, 2026, 01:00 PST – 02:00 PST" == found[1][2]
    assert "Nov 18, 2026, 14:30 PST – Nov 18, 2026, 15:30 PST" == found[2][2]
    assert listed == found


def test_results_write_a_time_at_an_offset_of_seconds_as_the_list_does(
    page: Page, tmp_path: Path
) -> None:
    # Monrovia's clocks ran 44 minutes 30 seconds behind UTC until 1972, an offset no
    # `datetime` attribute can hold: the list gives such a moment in UTC, so do the results.
    zone = ZoneInfo("Africa/Monrovia")
    old = f.incident("old", datetime(1971, 6, 1, 14, tzinfo=ZoneInfo("UTC")), title="Outage")
    site = dataclasses.replace(
        f.site(incidents=[old], timezone=zone.key, start_date=date(1971, 5, 1)),
        root=str(tmp_path),
    )
    for path, data in render_site(site, datetime(1971, 6, 10, 12, tzinfo=zone)).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
    page.call("Emulation.setTimezoneOverride", timezoneId=zone.key)
    try:
        with static_server(tmp_path / "public") as url:
            page.goto(url + "history/")
            moments = page.evaluate(DATETIMES.format("history-list"))
            assert ["Outage"] == search(page, url, "outage")
            found_moments = page.evaluate(DATETIMES.format("history-search-results"))
            valid = page.evaluate(
                "[...document.querySelectorAll('#history-search-results time')]"
                ".every(t => !isNaN(new Date(t.getAttribute('datetime'))))"
            )
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")

    assert ["1971-06-01T14:00:00+00:00", "1971-06-01T15:00:00+00:00"] == moments
    assert moments == found_moments
    assert valid


def test_a_result_names_an_older_times_zone_as_the_list_does(page: Page, tmp_path: Path) -> None:
    # Istanbul's summers at +03:00 were EEST until it kept +03:00 all year, named "+03",
    # in 2016: a result of 2015 named its zone "+03" beside the list's "EEST".
    zone = ZoneInfo("Europe/Istanbul")
    events = [
        f.incident("now", datetime(2026, 7, 1, 12, tzinfo=zone), title="Outage now"),
        f.incident("summer", datetime(2015, 7, 1, 12, tzinfo=zone), title="Outage summer"),
        f.incident("winter", datetime(2015, 1, 5, 12, tzinfo=zone), title="Outage winter"),
    ]
    site = dataclasses.replace(
        f.site(incidents=events, timezone=zone.key, start_date=date(2015, 1, 1)),
        root=str(tmp_path),
    )
    published(site, tmp_path / "public")
    page.call("Emulation.setTimezoneOverride", timezoneId=zone.key)
    try:
        with static_server(tmp_path / "public") as url:
            page.goto(url + "history/")
            listed = page.evaluate(LINES.format("history-list"))
            assert ["Outage now", "Outage summer", "Outage winter"] == search(page, url, "outage")
            found = page.evaluate(LINES.format("history-search-results"))
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")

    assert "Jul 1, 2026, 12:00 – 13:00 +03" == found[0][2]
    assert "Jul 1, 2015, 12:00 – 13:00 EEST" == found[1][2]
    assert "Jan 5, 2015, 12:00 – 13:00 EET" == found[2][2]
    assert listed == found
