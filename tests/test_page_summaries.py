"""The home page banner names what is going on; a component page sums the component up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import factories as f
from bs4 import BeautifulSoup
from factories import NOW
from test_html import render, soup, text

from statusgen.model import ComponentStatus, Impact, IncidentState, Maintenance, Site


def page(site: Site, root: Path, path: str) -> BeautifulSoup:
    return soup(render(site, root), path)


def test_the_banner_names_each_open_incident_and_its_impact(tmp_path: Path) -> None:
    payouts = f.incident(
        "payouts",
        NOW - timedelta(hours=2),
        IncidentState.IDENTIFIED,
        {"api": ComponentStatus.MAJOR_OUTAGE},
        impact=Impact.MAJOR,
        title="Payouts delayed",
    )
    login = f.incident(
        "login", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, title="Login errors"
    )
    old = f.incident("old", NOW - timedelta(days=3), title="Resolved long ago")
    window = f.maintenance(
        "db", NOW - timedelta(minutes=30), NOW + timedelta(hours=1), title="Database upgrade"
    )
    banner = page(
        f.site(incidents=[payouts, login, old], maintenances=[window]), tmp_path, "index.html"
    ).select_one(".banner")
    assert banner is not None
    assert {
        "Login errors · Minor impact · Investigating",
        "Payouts delayed · Major impact · Identified",
        "Database upgrade · Maintenance in progress",
    } == {text(li) for li in banner.select(".banner-events li")}
    links = {text(a): a["href"] for a in banner.select("a")}
    assert "/incidents/payouts/" == links["Payouts delayed"]
    assert "Resolved long ago" not in text(banner)


def test_a_quiet_banner_lists_nothing(tmp_path: Path) -> None:
    banner = page(f.site(), tmp_path, "index.html").select_one(".banner")
    assert banner is not None
    assert banner.select_one(".banner-events") is None


def facts(soup: BeautifulSoup) -> dict[str, str]:
    terms = soup.select(".facts dt")
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in terms}


def test_a_component_page_sums_the_component_up(tmp_path: Path) -> None:
    api = f.component("api", "core", 1, description="The REST API for apps.")
    web = f.component("web", "core", 2)
    now_open = f.incident(
        "errors", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, title="API errors"
    )
    earlier = f.incident("slow", NOW - timedelta(days=4), title="API slow")
    upcoming = f.maintenance(
        "upgrade", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2), title="Upgrade"
    )
    soup = page(
        f.site(components=[api, web], incidents=[now_open, earlier], maintenances=[upcoming]),
        tmp_path,
        "components/api/index.html",
    )
    assert "The REST API for apps." == text(soup.select_one(".lead"))
    summary = facts(soup)
    assert "Partial outage" == summary["Current status"]
    assert "Core" == summary["Group"]
    # Over the days counted (from the first incident on), as the bars' caption says.
    assert summary["Uptime"].endswith("over 5 days")
    assert "API errors (Identified)" == summary["Now"]
    assert summary["Next maintenance"].startswith("Upgrade ,")
    assert summary["Last incident"].startswith("API slow ,")


def test_a_component_page_lists_what_affects_it_now_in_the_language(tmp_path: Path) -> None:
    first = f.incident(
        "errors", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, title="API errors"
    )
    second = f.incident(
        "slow", NOW - timedelta(hours=2), IncidentState.INVESTIGATING, title="API <slow>"
    )
    soup = page(
        f.site(incidents=[first, second], language="de"), tmp_path, "components/api/index.html"
    )
    now = soup.select_one(".facts dt:-soup-contains('Jetzt') + dd")
    assert now is not None
    assert "API errors (Identifiziert) und API <slow> (Wird untersucht)" == text(now)
    assert 2 == len(now.select("a"))


def test_a_component_without_incidents_says_none_recorded(tmp_path: Path) -> None:
    soup = page(f.site(), tmp_path, "components/web/index.html")
    summary = facts(soup)
    assert "None recorded" == summary["Last incident"]
    assert "Now" not in summary


def test_a_component_with_only_an_open_incident_names_it_as_the_last(tmp_path: Path) -> None:
    watched = f.incident(
        "outage", NOW - timedelta(days=40), IncidentState.MONITORING, title="Website down"
    )
    summary = facts(page(f.site(incidents=[watched]), tmp_path, "components/api/index.html"))
    assert "Website down (Monitoring)" == summary["Now"]
    assert summary["Last incident"].startswith("Website down ,")


def weekly_windows(first: int, count: int) -> list[Maintenance]:
    """A window on `api` each week, `first` weeks from NOW (negative: before it) on."""
    hour = timedelta(hours=1)
    return [
        f.maintenance(
            f"weekly-{n}", NOW + timedelta(weeks=first + n), NOW + timedelta(weeks=first + n) + hour
        )
        for n in range(count)
    ]


def test_the_last_incident_is_named_behind_a_year_of_maintenance(tmp_path: Path) -> None:
    # Sixty weekly windows since the outage: the list holds the newest 50 events, the
    # summary still names the outage and links to it.
    outage = f.incident("outage", NOW - timedelta(weeks=70), title="Database errors")
    soup = page(
        f.site(incidents=[outage], maintenances=weekly_windows(-60, 60)),
        tmp_path,
        "components/api/index.html",
    )
    summary = soup.select_one(".facts dt:-soup-contains('Last incident') + dd")
    assert summary is not None
    assert text(summary).startswith("Database errors ,")
    assert "/incidents/outage/" == summary.select_one("a")["href"]
    assert 50 == len(soup.select(".events > li"))


def test_windows_planned_ahead_leave_room_for_the_outage_of_two_days_ago(tmp_path: Path) -> None:
    # A year of weekly windows to come does not count towards the newest 50: the list
    # holds all of them and the outage, which the summary names too.
    outage = f.incident("outage", NOW - timedelta(days=2), title="Database down")
    soup = page(
        f.site(incidents=[outage], maintenances=weekly_windows(1, 52)),
        tmp_path,
        "components/api/index.html",
    )
    assert facts(soup)["Last incident"].startswith("Database down ,")
    listed = [text(a) for a in soup.select(".events .event-title a")]
    assert 53 == len(listed)
    assert "Database down" == listed[-1]


def test_a_busy_banner_names_three_and_counts_the_rest(tmp_path: Path) -> None:
    opened = [
        f.incident(f"open-{n}", NOW - timedelta(minutes=10 + n), IncidentState.INVESTIGATING)
        for n in range(7)
    ]
    banner = page(f.site(incidents=opened), tmp_path, "index.html").select_one(".banner")
    assert banner is not None
    items = [text(li) for li in banner.select(".banner-events li")]
    assert 4 == len(items)
    assert "and 4 more" == items[-1]
    assert "#incidents" == banner.select(".banner-events a")[-1]["href"]


def test_a_component_page_names_an_open_incident_older_than_its_list(tmp_path: Path) -> None:
    # A busy component lists its newest 50 events; one left open for months lies beyond
    # them, and its page must still say what affects it now.
    forgotten = f.incident(
        "forgotten", NOW - timedelta(days=60), IncidentState.INVESTIGATING, title="Left open"
    )
    recent = [
        f.incident(f"blip-{n:02d}", NOW - timedelta(days=50, hours=-n), title=f"Blip {n}")
        for n in range(60)
    ]
    soup = page(f.site(incidents=[forgotten, *recent]), tmp_path, "components/api/index.html")
    assert "Left open (Investigating)" == facts(soup)["Now"]
    # The list names it too, after the newest 50, and its count says what it holds.
    events = soup.select_one("#events").find_parent("section")
    listed = [text(a) for a in events.select(".events .event-title a")]
    assert 51 == len(listed)
    assert "Left open" == listed[-1]
    assert (
        "51 of 61: the most recent, and all still open or in progress; see the incident"
        " history for the rest." == text(events.select_one("p.muted"))
    )


def test_a_component_page_lists_a_window_in_progress_older_than_its_list(tmp_path: Path) -> None:
    # A window of three months still in progress began before the newest 50 events.
    long = f.maintenance(
        "long", NOW - timedelta(days=60), NOW + timedelta(days=30), title="Data move"
    )
    recent = [
        f.incident(f"blip-{n:02d}", NOW - timedelta(days=50, hours=-n), title=f"Blip {n}")
        for n in range(51)
    ]
    soup = page(
        f.site(incidents=recent, maintenances=[long]), tmp_path, "components/api/index.html"
    )
    events = soup.select_one("#events").find_parent("section")
    listed = [text(a) for a in events.select(".events .event-title a")]
    assert ["Blip 50", "Data move"] == [listed[0], listed[-1]]
    assert 51 == len(listed)
    assert text(events.select_one("p.muted")).startswith("51 of 52: the most recent")


def test_a_component_page_with_every_older_event_open_lists_all_without_a_count(
    tmp_path: Path,
) -> None:
    opened = [
        f.incident(f"open-{n:02d}", NOW - timedelta(days=60 + n), IncidentState.IDENTIFIED)
        for n in range(2)
    ]
    recent = [
        f.incident(f"blip-{n:02d}", NOW - timedelta(days=50, hours=-n), title=f"Blip {n}")
        for n in range(50)
    ]
    soup = page(f.site(incidents=[*opened, *recent]), tmp_path, "components/api/index.html")
    events = soup.select_one("#events").find_parent("section")
    assert 52 == len(events.select(".events > li"))
    assert events.select_one("p.muted") is None
