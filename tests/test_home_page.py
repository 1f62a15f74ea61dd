"""The home page stays light however many incidents are open at once: a few in full,
the rest one line each, every one of them linked."""

from __future__ import annotations

import dataclasses
import gzip
import random
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from factories import NOW, component, incident, maintenance, site

from statusgen.model import ComponentStatus, Impact, IncidentState, Site, Update
from statusgen.render.context import RenderContext
from statusgen.render.html import render_pages
from statusgen.render.views import CARDS_IN_FULL
from statusgen.status import compute


def busy_site(open_count: int) -> Site:
    """50 components, and `open_count` open incidents with three updates of prose each
    (random words: text that compresses like real prose, not like a repeated sentence)."""
    rng = random.Random(open_count)
    words = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 10)))
        for _ in range(3000)
    ]

    def prose(count: int) -> str:
        return " ".join(rng.choices(words, k=count))

    components = [component(f"service-{n}") for n in range(50)]
    incidents = []
    for n in range(open_count):
        start = NOW - timedelta(hours=3, minutes=n)
        opened = incident(
            f"2026-11-22-open-{n}",
            start,
            IncidentState.MONITORING,
            {f"service-{n % 50}": ComponentStatus.PARTIAL_OUTAGE},
            title=prose(8),
        )
        updates = tuple(
            Update(start + timedelta(minutes=20 * k), state, prose(60), 6 + k)
            for k, state in enumerate(
                (IncidentState.INVESTIGATING, IncidentState.IDENTIFIED, IncidentState.MONITORING)
            )
        )
        incidents.append(dataclasses.replace(opened, updates=updates))
    return site(components=components, incidents=incidents)


def home_page(built: Site) -> bytes:
    # The home page is the first output; the incident pages are not needed here.
    home = next(iter(render_pages(RenderContext(built, compute(built, NOW)))))
    assert "index.html" == home.path
    return home.render()


@pytest.mark.parametrize(("open_count", "limit_kb"), [(20, 30), (500, 60)])
def test_the_home_page_stays_small_gzipped(open_count: int, limit_kb: int) -> None:
    size = len(gzip.compress(home_page(busy_site(open_count))))
    assert size <= limit_kb * 1024, f"{size / 1024:.1f} KB gzipped"


def test_the_first_open_incidents_are_shown_in_full_and_every_other_one_linked() -> None:
    built = busy_site(12)
    page = BeautifulSoup(home_page(built), "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "incidents"})
    assert section is not None
    newest = [i for i in built.incidents][:CARDS_IN_FULL]
    assert [i.title for i in newest] == [
        card.get_text(" ", strip=True) for card in section.select("article .card-title")
    ]
    links = {a["href"] for a in section.find_all("a")}
    assert {f"/incidents/{i.slug}/" for i in built.incidents} == links
    # The latest update is shown for those in full only.
    assert CARDS_IN_FULL == len(section.select("article .latest"))


def worried_site() -> Site:
    """The busy day a reader must not misread: one outage nobody has mitigated, opened
    first, then five slowdowns already recovering and more of other kinds, all newer."""
    hour = timedelta(hours=1)
    incidents = [
        incident(
            "db-down",
            NOW - 48 * hour,
            IncidentState.IDENTIFIED,
            {"api": ComponentStatus.MAJOR_OUTAGE},
            impact=Impact.CRITICAL,
            title="Database down",
        ),
        *(
            incident(
                f"slow-{n}",
                NOW - (10 - n) * hour,
                IncidentState.MONITORING,
                {"web": ComponentStatus.DEGRADED_PERFORMANCE},
                impact=Impact.MINOR,
                title=f"Slow page {n}",
            )
            for n in range(1, 6)
        ),
        incident(
            "logins-failing",
            NOW - 30 * hour,
            IncidentState.MONITORING,
            {"api": ComponentStatus.PARTIAL_OUTAGE},
            impact=Impact.MAJOR,
            title="Logins failing",
        ),
        incident(
            "odd-graphs",
            NOW - 2 * hour,
            IncidentState.INVESTIGATING,
            {"web": ComponentStatus.OPERATIONAL},
            impact=Impact.NONE,
            title="Odd graphs",
        ),
    ]
    return site(incidents=incidents)


# Not mitigated before monitoring, then the worse impact, then the newest.
WORST_FIRST = [
    "Database down",
    "Odd graphs",
    "Logins failing",
    "Slow page 5",
    "Slow page 4",
    "Slow page 3",
    "Slow page 2",
    "Slow page 1",
]


def test_open_incidents_are_shown_worst_first_in_the_banner_cards_and_lines() -> None:
    page = BeautifulSoup(home_page(worried_site()), "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "incidents"})
    assert section is not None
    cards = [card.get_text(" ", strip=True) for card in section.select("article .card-title")]
    lines = [item.a.get_text(strip=True) for item in section.select(".events.compact li")]
    assert WORST_FIRST == cards + lines
    named = [item.a.get_text(strip=True) for item in page.select(".banner-events li")]
    assert [*WORST_FIRST[:3], "and 5 more"] == named


def test_an_incident_on_one_line_still_says_its_impact_in_words() -> None:
    page = BeautifulSoup(home_page(worried_site()), "html.parser")
    lines = page.select("#incidents ~ .events.compact li")
    assert [
        ("Slow page 3", "i-minor", "Minor impact"),
        ("Slow page 2", "i-minor", "Minor impact"),
        ("Slow page 1", "i-minor", "Minor impact"),
    ] == [
        (
            line.a.get_text(strip=True),
            *line["class"],
            line.get_text(" ", strip=True).split(" · ")[1],
        )
        for line in lines
    ]


def test_an_incident_on_one_line_says_its_time_is_when_it_started() -> None:
    # A bare time after the state read as the time of the latest update.
    page = BeautifulSoup(home_page(worried_site()), "html.parser")
    lines = page.select("#incidents ~ .events.compact li")
    said = [line.get_text(" ", strip=True).split(" · ")[-1] for line in lines]
    assert 3 == len(said)
    assert all(words.startswith("Started ") for words in said), said
    started = {f"/incidents/{i.slug}/": i.started_at for i in worried_site().incidents}
    assert [started[line.a["href"]] for line in lines] == [
        datetime.fromisoformat(line.time["datetime"]) for line in lines
    ]


def test_an_upcoming_window_on_one_line_gives_its_span_not_a_start() -> None:
    # Not begun, so not "Started": the span its card would give.
    hour = timedelta(hours=1)
    windows = [
        maintenance(f"window-{n}", NOW + (n + 1) * 24 * hour, NOW + (n + 1) * 24 * hour + hour)
        for n in range(CARDS_IN_FULL + 1)
    ]
    page = BeautifulSoup(home_page(site(maintenances=windows)), "html.parser")
    (line,) = page.select(".events.compact li")
    said = line.get_text(" ", strip=True)
    assert "Started" not in said
    assert 2 == len(line.select("time")), said
