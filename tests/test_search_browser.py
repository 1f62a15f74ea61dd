"""History search on a static host: the index and script in chromium, and the page without them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import factories as f
import pytest
from browser import Page, browser_page, static_server
from factories import NOW

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
    output = root / "public"
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
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
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
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
    with static_server(tmp_path / "public") as url:
        page.goto(url + "history/")
        listed = page.evaluate(LINES.format("history-list"))
        assert ["API db", "API down", "API slow"] == search(page, url, "api")
        found = page.evaluate(LINES.format("history-search-results"))
        colours = page.evaluate(
            "[...document.querySelectorAll('#history-search-results .state')].map(s => s.className)"
        )

    shown = [
        ["Läuft", "22. Nov. 2026", "Api"],
        ["Identifiziert", "Geringe Auswirkung", "22. Nov. 2026 – andauernd", "Api"],
        ["Behoben", "Große Auswirkung", "20. Nov. 2026", "Api"],
    ]
    assert shown == found
    # The list says the time where a result says the date: every other part is the same.
    for result, line in zip(found, listed, strict=True):
        assert result[:-2] + result[-1:] == line[:-2] + line[-1:]
    # Marked in the impact's colour while active, as the list marks it.
    assert ["state state-maintenance", "state state-minor", "state"] == colours


def test_an_impact_is_found_by_the_words_the_page_names_it_with(page: Page, tmp_path: Path) -> None:
    # A German page says "Geringe Auswirkung", never "minor" (the index's id of it).
    incidents = [
        f.incident("slow", NOW - timedelta(days=1), impact=Impact.MINOR, title="Langsam"),
        f.incident("down", NOW - timedelta(days=2), impact=Impact.MAJOR, title="Ausfall"),
    ]
    site = dataclasses.replace(f.site(incidents=incidents, language="de"), root=str(tmp_path))
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
    shown = (tmp_path / "public" / "history" / "index.html").read_text()
    assert "Geringe Auswirkung" in shown and "Große Auswirkung" in shown
    with static_server(tmp_path / "public") as url:
        found = {query: search(page, url, query) for query in ("geringe", "minor", "auswirkung")}
        # A filter page still keeps to the impact it lists.
        on_major = search(page, url, "auswirkung", "history/impact/major/")
    assert {"geringe": ["Langsam"], "minor": [], "auswirkung": ["Langsam", "Ausfall"]} == found
    assert ["Ausfall"] == on_major


@pytest.mark.parametrize("language", ["de", "ar-EG", "ja"])
def test_results_write_dates_and_counts_as_the_page_does(
    page: Page, tmp_path: Path, language: str
) -> None:
    # The browser has CLDR data and digits of its own (Arabic-Indic for ar-EG), the list
    # beside the results is written by the build: the results read as the list does.
    from zoneinfo import ZoneInfo

    from statusgen.i18n import Language

    outages = [
        f.incident(f"outage-{n}", NOW - timedelta(days=n + 1), title=f"Outage {n}")
        for n in range(12)
    ]
    site = dataclasses.replace(f.site(incidents=outages, language=language), root=str(tmp_path))
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
    with static_server(tmp_path / "public") as url:
        assert 12 == len(search(page, url, "outage"))
        lines = page.evaluate(LINES.format("history-search-results"))
        status = page.evaluate("document.getElementById('history-search-status').textContent")

    words = Language(language)
    zone = ZoneInfo(site.settings.timezone)
    days = [(NOW - timedelta(days=n + 1)).astimezone(zone).date() for n in range(12)]
    expected = [words.date(day) for day in days]
    assert expected == [line[2] for line in lines]  # after the state and the impact
    assert words.number(12) in status, status
    assert not any("\u0660" <= c <= "\u0669" for c in status), status


def test_search_ignores_every_combining_mark_and_stroked_letters(
    page: Page, tmp_path: Path
) -> None:
    # NFD splits "é" into "e" and a mark, but leaves "Ł" and "Ø" whole; Arabic harakat are
    # marks outside the Latin block of them.
    titles = {
        "payment": "تَعَطُّل الدَّفْع",
        "link": "Łódź datacenter Øresund link",
        "ligatures": "Straße to the Œuvre Æther Đakovo Ħamrun Ŧest Iıdır",
    }
    incidents = [
        f.incident(slug, NOW - timedelta(days=n + 1), title=title)
        for n, (slug, title) in enumerate(titles.items())
    ]
    site = dataclasses.replace(f.site(incidents=incidents), root=str(tmp_path))
    for path, data in render_site(site, NOW).items():
        assert data is not None
        (tmp_path / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "public" / path).write_bytes(data)
    with static_server(tmp_path / "public") as url:
        found = {
            query: search(page, url, query)
            for query in (
                "تعطل",
                "الدفع",
                "lodz",
                "oresund",
                "ŁÓDŹ",
                "strasse",
                "oeuvre aether",
                "dakovo hamrun test idir",
            )
        }
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
