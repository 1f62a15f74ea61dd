"""What a link to a page shows where it is pasted (a chat, a post, a search result): its
title, meta description and Open Graph tags."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import factories as f
import pytest
from bs4 import BeautifulSoup
from factories import NOW
from sitefiles import run_build, tree, write_site
from test_html import render, soup

from statusgen.model import ComponentStatus, Impact, IncidentState, Update
from statusgen.render.context import RenderContext, render_all
from statusgen.render.feeds import render_feeds
from statusgen.status import compute

PAGES = (
    "index.html",
    "incidents/payouts/index.html",
    "components/api/index.html",
    "history/index.html",
    "subscribe/index.html",
)
OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale")


def description(page: BeautifulSoup) -> str:
    found = page.select_one('meta[name="description"]')
    assert found is not None
    return str(found["content"])


def open_graph(page: BeautifulSoup) -> dict[str, str]:
    return {str(m["property"]): str(m["content"]) for m in page.select("meta[property^='og:']")}


def test_an_incident_page_title_says_whether_it_is_still_open(tmp_path: Path) -> None:
    start = NOW - timedelta(hours=3)
    identified = f.incident("payouts", start, IncidentState.IDENTIFIED, title="Payouts failing")
    resolved = f.incident("payouts", start, IncidentState.RESOLVED, title="Payouts failing")

    before = soup(render(f.site(incidents=[identified]), tmp_path), "incidents/payouts/index.html")
    after = soup(render(f.site(incidents=[resolved]), tmp_path), "incidents/payouts/index.html")

    assert "[Identified] Payouts failing · Example Status" == before.title.string
    assert "[Resolved] Payouts failing · Example Status" == after.title.string


def test_an_incident_page_title_reads_as_its_feed_entry_does(tmp_path: Path) -> None:
    start = NOW - timedelta(hours=3)
    site = f.site(incidents=[f.incident("payouts", start, IncidentState.MONITORING)])
    files = render(site, tmp_path)
    feed = BeautifulSoup(
        render_all(render_feeds(RenderContext(site, compute(site, NOW))))["feed.xml"], "xml"
    )
    entry = feed.find("item").find("title").string
    assert f"{entry} · Example Status" == soup(files, "incidents/payouts/index.html").title.string


def test_every_public_page_describes_itself_to_link_previews(tmp_path: Path) -> None:
    site = f.site(
        base_url="https://example.org/status/",
        incidents=[f.incident("payouts", NOW - timedelta(hours=3), IncidentState.IDENTIFIED)],
    )
    files = render(site, tmp_path)
    for path in PAGES:
        page = soup(files, path)
        tags = open_graph(page)
        assert sorted(OPEN_GRAPH) == sorted(tags), path
        assert description(page) == tags["og:description"], path
        assert page.title.string == tags["og:title"], path
        assert "website" == tags["og:type"]
        assert "Example Status" == tags["og:site_name"]
        assert "en_US" == tags["og:locale"]
        assert page.select_one("link[rel=canonical]")["href"] == tags["og:url"]
    assert (
        "https://example.org/status/incidents/payouts/"
        == open_graph(soup(files, "incidents/payouts/index.html"))["og:url"]
    )
    assert "Api (Partial outage)" == description(soup(files, "components/api/index.html"))
    assert "Past incidents and maintenance of Example Status, newest first." == description(
        soup(files, "history/index.html")
    )
    # Without a `description` of its own, the front page says what the site is.
    assert "Incidents and maintenance on Example Status" == description(soup(files, "index.html"))


def test_an_incident_description_gives_its_state_time_and_newest_words(tmp_path: Path) -> None:
    start = NOW - timedelta(hours=3)
    words = "The **partner bank** has found the cause. " + "Payouts queue until it is fixed. " * 8
    incident = f.incident("payouts", start, IncidentState.INVESTIGATING, message="Old words.")
    newest = Update(start + timedelta(hours=1), IncidentState.IDENTIFIED, words, 9)
    incident = dataclasses.replace(
        incident, state=IncidentState.IDENTIFIED, updates=(*incident.updates, newest)
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))

    assert said.startswith(
        "Identified · Updated Nov 22, 2026, 17:00 CET · The partner bank has found the cause."
    )
    assert "Old words" not in said
    assert said.endswith("…")
    assert len(said) <= 160
    # Cut between words: what is left of the text is whole words of it.
    assert " ".join(words.replace("**", "").split()).startswith(said.split(" · ")[-1][:-1])


def test_a_private_page_offers_link_previews_nothing(tmp_path: Path) -> None:
    site = f.site(
        private=True,
        incidents=[f.incident("payouts", NOW - timedelta(hours=3), IncidentState.IDENTIFIED)],
    )
    files = render(site, tmp_path)
    for path in PAGES:
        page = soup(files, path)
        assert {} == open_graph(page), path
        assert "noindex" == page.select_one('meta[name="robots"]')["content"], path


def test_a_description_is_in_the_page_language(tmp_path: Path) -> None:
    site = f.site(
        language="de",
        incidents=[f.incident("payouts", NOW - timedelta(hours=3), IncidentState.IDENTIFIED)],
    )
    files = render(site, tmp_path)
    assert description(soup(files, PAGES[1])).startswith("Identifiziert · Aktualisiert: ")
    assert "de_DE" == open_graph(soup(files, "history/index.html"))["og:locale"]
    assert "Vergangene Vorfälle" in description(soup(files, "history/index.html"))


def test_an_impact_filter_of_the_history_says_which_impact_it_lists(tmp_path: Path) -> None:
    major = f.incident("payouts", NOW - timedelta(days=2), impact=Impact.MAJOR)
    for language, expected in (
        ("en", "Past incidents and maintenance of Example Status (Major impact), newest first."),
        (
            "de",
            "Vergangene Vorfälle und Wartungen bei Example Status (Große Auswirkung), "
            "die neuesten zuerst.",
        ),
    ):
        files = render(f.site(language=language, incidents=[major]), tmp_path / language)
        page = soup(files, "history/impact/major/index.html")
        assert expected == description(page), language
        assert expected == open_graph(page)["og:description"], language
        # The whole history still describes itself as a whole; the 404 page, made after the
        # filters' pages, says what the site is, as the front page does.
        assert description(soup(files, "history/index.html")) != expected
        assert description(soup(files, "index.html")) == description(soup(files, "404.html"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "en_US"),
        ("ar", "ar_EG"),
        ("pt-BR", "pt_BR"),
        ("de-CH", "de_CH"),
        ("zh-Hans", "zh_CN"),
        # No catalog for Traditional Chinese: the page's words, and so its locale, are English.
        ("zh-Hant", "en_US"),
        # Latin America is no one country: CLDR names none likely for it either.
        ("es-419", "es_419"),
    ],
)
def test_og_locale_names_a_language_and_its_country(
    tmp_path: Path, language: str, expected: str
) -> None:
    files = render(f.site(language=language), tmp_path)
    assert expected == open_graph(soup(files, "index.html"))["og:locale"]


# An open incident whose last update is dated after the build's clock (18:00 UTC).
AHEAD = """\
---
title: Checkout errors
status: identified
components:
  checkout: partial_outage
---
## Investigating at 2026-11-22 17:05
Looking into the checkout errors.

## Identified at 2026-11-22 21:00
Zanzibarquux is the cause.
"""
AHEAD_PAGE = "incidents/2026-11-22-checkout-errors/index.html"


def test_an_update_still_to_come_reaches_no_preview(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/incidents/2026-11-22-checkout-errors.md": AHEAD})
    output = tmp_path / "out"
    result = run_build(root, "--no-cache", "-q", "-o", str(output))
    assert 0 == result.exit_code, result.output
    page = BeautifulSoup((output / AHEAD_PAGE).read_bytes(), "html.parser")
    assert (
        "Investigating · Updated Nov 22, 2026, 17:05 CET · Looking into the checkout errors."
        == (description(page))
    )
    assert "[Investigating] Checkout errors · Example Status" == page.title.string
    assert not any(b"Zanzibarquux" in data for data in tree(output).values())


def test_a_cached_rebuild_describes_the_newest_update_as_a_clean_one(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/incidents/2026-11-22-checkout-errors.md": AHEAD})
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    assert 0 == run_build(root, "-q", "-o", str(cached)).exit_code
    # Later, the update has come: its words are the description now.
    later = "2026-11-22T21:30:00Z"
    assert 0 == run_build(root, "-q", "-o", str(cached), now=later).exit_code
    assert 0 == run_build(root, "--no-cache", "-q", "-o", str(clean), now=later).exit_code
    page = BeautifulSoup((cached / AHEAD_PAGE).read_bytes(), "html.parser")
    assert description(page).endswith("· Zanzibarquux is the cause.")
    assert tree(clean) == tree(cached)


# A monitoring incident whose newest update only changes a status: no words of its own.
WORDLESS = """\
---
title: Checkout errors
status: monitoring
components:
  checkout: operational
---
Card payments at checkout failed for some shoppers.

## Investigating at 2026-11-22 17:05
Components: checkout=partial_outage
Looking into the checkout errors.

## Monitoring at 2026-11-22 17:40
Components: checkout=operational
"""


def test_a_wordless_newest_update_is_described_by_the_summary(tmp_path: Path) -> None:
    # The preview said only "Monitoring · Updated …": nothing of what the incident is.
    path = "content/incidents/2026-11-22-checkout-errors.md"
    root = write_site(tmp_path / "site", {path: WORDLESS})
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    assert 0 == run_build(root, "-q", "-o", str(cached)).exit_code
    page = BeautifulSoup((cached / AHEAD_PAGE).read_bytes(), "html.parser")
    assert (
        "Monitoring · Updated Nov 22, 2026, 17:40 CET · "
        "Card payments at checkout failed for some shoppers."
    ) == description(page)
    assert description(page) == open_graph(page)["og:description"]
    # The summary edited: a cached rebuild describes it as a clean one does.
    (root / path).write_text(WORDLESS.replace("for some shoppers", "for every shopper"))
    assert 0 == run_build(root, "-q", "-o", str(cached)).exit_code
    assert 0 == run_build(root, "--no-cache", "-q", "-o", str(clean)).exit_code
    page = BeautifulSoup((cached / AHEAD_PAGE).read_bytes(), "html.parser")
    assert description(page).endswith("· Card payments at checkout failed for every shopper.")
    assert tree(clean) == tree(cached)


def test_a_component_description_follows_its_status(tmp_path: Path) -> None:
    down = f.incident(
        "payouts",
        NOW - timedelta(hours=1),
        IncidentState.IDENTIFIED,
        {"api": ComponentStatus.MAJOR_OUTAGE},
    )
    files = render(f.site(incidents=[down]), tmp_path)
    assert "Api (Major outage)" == description(soup(files, "components/api/index.html"))


def test_an_unspaced_description_keeps_the_words_past_its_first_space(tmp_path: Path) -> None:
    # A Japanese update with one space after its first word: cut at that space, the
    # description said "調査中…" and nothing of what was wrong.
    text = "調査中 " + "決済処理で遅延が発生しております。原因はデータベースの接続数上限です。" * 10
    incident = f.incident(
        "payouts", NOW - timedelta(hours=3), IncidentState.INVESTIGATING, message=text
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))
    words = said.split(" · ")[-1]
    assert words.startswith("調査中 決済処理で遅延が発生しております。原因は")
    assert words.endswith("…") and len(said) <= 160
    assert text.startswith(words[:-1])
    assert 160 * 0.8 <= len(said)


def test_an_emoji_description_is_cut_between_whole_emoji(tmp_path: Path) -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    incident = f.incident(
        "payouts", NOW - timedelta(hours=3), IncidentState.INVESTIGATING, message=family * 60
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))
    assert said.endswith(family + "…")
    assert len(said) <= 160


def test_a_thai_description_keeps_each_vowel_sign_with_its_consonant(tmp_path: Path) -> None:
    # SARA AM (ำ) is a letter to Unicode's categories: the description ended "…กำก…",
    # a bare ก with its ำ dropped.
    for lead in ("\u0e02", "\u0e02\u0e02"):  # one of these cuts falls between ก and ำ
        incident = f.incident(
            "payouts",
            NOW - timedelta(hours=3),
            IncidentState.INVESTIGATING,
            message=lead + "\u0e01\u0e33" * 120,
        )
        files = render(f.site(incidents=[incident]), tmp_path / str(len(lead)))
        said = description(soup(files, PAGES[1]))
        assert said.endswith("\u0e01\u0e33…"), said[-6:]
        assert len(said) <= 160


ADDRESS_UPDATE = (
    "Our upstream provider had an outage affecting card payments in Europe. Details are at "
    "https://status.upstream-provider.example.com/incidents/2026-11-25-card-payments-europe"
    "-degraded and we will follow up."
)


def test_a_description_drops_a_long_address_whole(tmp_path: Path) -> None:
    # Cut near the limit, the description ended in half an address: `https://status.upstr…`.
    incident = f.incident(
        "payouts", NOW - timedelta(hours=3), IncidentState.INVESTIGATING, message=ADDRESS_UPDATE
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))
    assert said.endswith(
        " · Our upstream provider had an outage affecting card payments in Europe. Details are at…"
    )
    assert "https" not in said and len(said) <= 160


def test_a_message_that_is_only_a_long_address_is_left_out_of_the_description(
    tmp_path: Path,
) -> None:
    # The address was the only word, so it was cut at the limit: the description linked
    # half of it (`https://example.com/postmortems/…-respo…`), which leads nowhere.
    address = "https://example.com/postmortems/2026/12/06/" + "slow-api-responses-" * 7
    incident = f.incident(
        "payouts", NOW - timedelta(hours=3), IncidentState.INVESTIGATING, message=address
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))
    # The state and the time alone: no half address, no ellipsis after them.
    assert ["Investigating", "Updated"] == [part.split()[0] for part in said.split(" · ")], said
    assert not said.endswith("…"), said


# A window announced days ahead, that starts and ends by the clock with no update then.
WINDOW = """\
---
title: Checkout upgrade
scheduled_for: 2026-12-01 12:00
scheduled_until: 2026-12-01 15:00
components: [checkout]
---
## Scheduled at 2026-11-25 11:00
We will upgrade hosted checkout.
"""
WINDOW_PAGE = "incidents/2026-12-01-checkout-upgrade/index.html"


def test_a_window_description_is_dated_when_it_ended_as_its_feed_entry_is(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {"content/incidents/2026-12-01-checkout-upgrade.md": WINDOW}
    )
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    assert 0 == run_build(root, "-q", "-o", str(cached), now="2026-12-01T10:00:00Z").exit_code
    after = "2026-12-01T14:30:00Z"
    assert 0 == run_build(root, "-q", "-o", str(cached), now=after).exit_code
    assert 0 == run_build(root, "--no-cache", "-q", "-o", str(clean), now=after).exit_code
    page = BeautifulSoup((clean / WINDOW_PAGE).read_bytes(), "html.parser")

    assert description(page).startswith("Completed · Updated Dec 1, 2026, 15:00 CET · ")
    feed = BeautifulSoup((clean / "atom.xml").read_bytes(), "xml")
    entry = next(e for e in feed.find_all("entry") if "checkout-upgrade" in e.id.string)
    assert "2026-12-01T15:00:00+01:00" == entry.updated.string
    assert tree(clean) == tree(cached)


# A window written by hand with no update headings, and an incident in front matter alone.
QUIET_WINDOW = """\
---
title: Router firmware
scheduled_for: 2026-12-01 08:00 +01:00
scheduled_until: 2026-12-01 09:00 +01:00
components: [checkout]
---
Router firmware.
"""
QUIET_INCIDENT = """\
---
title: Card payments failing
date: 2026-12-01 13:20
status: identified
components:
  checkout: partial_outage
---
Card payments fail for some shoppers.
"""


def test_an_event_without_updates_is_dated_as_its_feed_entry_is(tmp_path: Path) -> None:
    # Without update headings the description had no date at all, while the feeds and
    # the API's updated_at gave one.
    root = write_site(
        tmp_path / "site",
        {
            "content/incidents/2026-12-01-quiet-window.md": QUIET_WINDOW,
            "content/incidents/2026-12-01-card-payments.md": QUIET_INCIDENT,
        },
    )
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    assert 0 == run_build(root, "-q", "-o", str(cached), now="2026-12-01T07:30:00Z").exit_code
    after = "2026-12-01T15:40:00Z"
    assert 0 == run_build(root, "-q", "-o", str(cached), now=after).exit_code
    assert 0 == run_build(root, "--no-cache", "-q", "-o", str(clean), now=after).exit_code
    feed = BeautifulSoup((clean / "atom.xml").read_bytes(), "xml")
    updated = {e.id.string.rsplit("/", 2)[-2]: e.updated.string for e in feed.find_all("entry")}

    window = BeautifulSoup(
        (clean / "incidents/2026-12-01-quiet-window/index.html").read_bytes(), "html.parser"
    )
    assert "Completed · Updated Dec 1, 2026, 09:00 CET · Router firmware." == description(window)
    assert "2026-12-01T09:00:00+01:00" == updated["2026-12-01-quiet-window"]
    incident = BeautifulSoup(
        (clean / "incidents/2026-12-01-card-payments/index.html").read_bytes(), "html.parser"
    )
    assert (
        "Identified · Updated Dec 1, 2026, 13:20 CET · Card payments fail for some shoppers."
    ) == description(incident)
    assert "2026-12-01T13:20:00+01:00" == updated["2026-12-01-card-payments"]
    assert tree(clean) == tree(cached)


def test_each_page_of_a_paginated_history_has_a_description_of_its_own(tmp_path: Path) -> None:
    # A search engine shows the description: pages past the first say their place, as their
    # titles do, so no two pages of a history read as one duplicated page.
    incidents = [
        f.incident(
            f"i{n}", NOW - timedelta(days=n + 1), components={"api": ComponentStatus.PARTIAL_OUTAGE}
        )
        for n in range(60)
    ]
    files = render(f.site(base_url="https://example.org/", incidents=incidents), tmp_path)
    for base in ("history/", "history/impact/minor/", "components/api/history/"):
        paged = sorted(p for p in files if p.startswith(f"{base}page/") and p.endswith(".html"))
        pages = [f"{base}index.html", *paged]
        assert len(pages) >= 2, base
        said = [description(soup(files, path)) for path in pages]
        assert len(set(said)) == len(said), base
        for path in pages:
            page = soup(files, path)
            assert description(page) == open_graph(page)["og:description"], path
            if path != f"{base}index.html":
                title = page.title.string.split(" · ")[0]
                assert description(page).startswith(f"{title} · Past incidents"), path
                assert ", page " in title, path


def test_a_description_keeps_a_message_s_blocks_apart(tmp_path: Path) -> None:
    # A heading, a table and a command run together read as one sentence of nonsense.
    start = NOW - timedelta(hours=3)
    words = (
        "### Root cause\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '```\n$ systemctl restart foo && echo "<done>"\n```\n\n'
        "Fish & chips are back. Then:\n\n- one\n- two\n"
    )
    incident = f.incident("payouts", start, IncidentState.INVESTIGATING)
    newest = Update(start + timedelta(hours=1), IncidentState.IDENTIFIED, words, 9)
    incident = dataclasses.replace(
        incident, state=IncidentState.IDENTIFIED, updates=(*incident.updates, newest)
    )
    said = description(soup(render(f.site(incidents=[incident]), tmp_path), PAGES[1]))

    assert (
        "Identified · Updated Nov 22, 2026, 17:00 CET · Root cause · a b · 1 2 · "
        '$ systemctl restart foo && echo "<done>" · Fish & chips are back. Then: one · two'
    ) == said
