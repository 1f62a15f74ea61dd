"""The home page stays light however many incidents are open at once: a few in full,
the rest one line each, every one of them linked."""

from __future__ import annotations

import dataclasses
import gzip
import random
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from factories import NOW, component, incident, site

from statusgen.model import ComponentStatus, IncidentState, Site, Update
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
