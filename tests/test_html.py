"""The HTML pages as a visitor reads them: parsed, never compared as strings."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import factories as f
import pytest
from bs4 import BeautifulSoup, Tag
from factories import NOW

from statusgen.errors import StatusgenError
from statusgen.model import (
    ComponentStatus,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Site,
    Source,
    Update,
)
from statusgen.render.calendar import event_times
from statusgen.render.context import RenderContext, each_output, render_all
from statusgen.render.format import format_duration, format_percent
from statusgen.render.html import render_pages
from statusgen.render.plan import output_paths
from statusgen.render.views import Views
from statusgen.status import compute


def render(site: Site, root: Path, now: datetime = NOW) -> dict[str, bytes]:
    """Every file render_pages writes, for a site whose theme overrides live under `root`."""
    site = dataclasses.replace(site, root=str(root))
    return render_all(render_pages(RenderContext(site, compute(site, now))))


def other_scripts(page: BeautifulSoup) -> list[object]:
    """Scripts besides the theme's own file showing times in the reader's zone."""
    return [
        script
        for script in page.find_all("script")
        if not str(script.get("src", "")).startswith("/assets/localtime.js?v=") or script.get_text()
    ]


def soup(files: dict[str, bytes], path: str) -> BeautifulSoup:
    return BeautifulSoup(files[path], "html.parser")


def text(node: Tag | BeautifulSoup | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def section(page: BeautifulSoup, heading: str) -> Tag:
    """The <section> whose h2 reads `heading`."""
    for h2 in page.find_all("h2"):
        if text(h2) == heading:
            parent = h2.find_parent("section")
            assert parent is not None
            return parent
    raise AssertionError(f"no section headed {heading!r}")


def component_row(page: BeautifulSoup, name: str) -> Tag:
    for row in page.select("li.component"):
        if text(row.select_one(".component-name")) == name:
            return row
    raise AssertionError(f"no component row {name!r}")


# --- the front page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "site"),
    [
        ("All systems operational", f.site()),
        (
            "Degraded performance",
            f.site(components=[f.component("api", status=ComponentStatus.DEGRADED_PERFORMANCE)]),
        ),
        (
            "Partial outage",
            f.site(
                incidents=[f.incident("slow", NOW - timedelta(hours=1), IncidentState.MONITORING)]
            ),
        ),
        (
            "Major outage",
            f.site(components=[f.component("api", status=ComponentStatus.MAJOR_OUTAGE)]),
        ),
        (
            "Maintenance in progress",
            f.site(
                maintenances=[
                    f.maintenance("db", NOW - timedelta(hours=1), NOW + timedelta(hours=1))
                ]
            ),
        ),
        (
            "Ongoing incident",
            f.site(incidents=[f.incident("down", NOW, IncidentState.INVESTIGATING)]),
        ),
        ("Status unknown", f.site(components=[])),
    ],
)
def test_banner_says_the_overall_status(expected: str, site: Site, tmp_path: Path) -> None:
    page = soup(render(site, tmp_path), "index.html")
    assert [expected] == [text(h1) for h1 in page.find_all("h1")]
    assert expected == text(page.select_one(".banner h1"))


def test_index_shows_an_open_incident_with_its_latest_update(tmp_path: Path) -> None:
    incident = f.incident(
        "payments-down",
        NOW - timedelta(hours=2),
        IncidentState.IDENTIFIED,
        title="Payments failing",
    )
    old = f.incident("old-news", NOW - timedelta(days=3), title="Yesterday's trouble")
    page = soup(render(f.site(incidents=[incident, old]), tmp_path), "index.html")

    active = section(page, "Active incidents")
    assert "Payments failing" == text(active.select_one("h3"))
    assert "/incidents/payments-down/" == active.select_one("h3 a")["href"]
    assert "Identified" in text(active)
    assert "An update." in text(active)  # the latest update
    assert "We are looking into it." not in text(active)  # an older one
    assert "Yesterday's trouble" not in text(active)
    assert "Yesterday's trouble" in text(section(page, "Recent history"))


def test_recent_history_lists_what_ended_lately_however_long_ago_it_began(
    tmp_path: Path,
) -> None:
    # The uptime bars beside the list show six weeks of trouble that ended yesterday: the
    # list shows it too. What ended before the window stays out, however it began.
    long = f.incident(
        "long", NOW - timedelta(days=40), duration=timedelta(days=39), title="Long trouble"
    )
    old = f.incident("old", NOW - timedelta(days=31), duration=timedelta(hours=1), title="Old")
    work = f.maintenance(
        "work", NOW - timedelta(days=45), NOW - timedelta(days=29), title="Long work"
    )
    done = f.maintenance(
        "done", NOW - timedelta(days=45), NOW - timedelta(days=31), title="Old work"
    )
    built = f.site(incidents=[long, old], maintenances=[work, done])
    recent = section(soup(render(built, tmp_path), "index.html"), "Recent history")

    assert ["Long trouble", "Long work"] == [text(h3) for h3 in recent.select("h3")]


def test_recent_history_keeps_the_long_outage_resolved_last_over_older_blips(
    tmp_path: Path,
) -> None:
    # Eleven short blips began after the outage and ended before it was resolved: the
    # list keeps the ten events that ended last, the outage among them, and drops the
    # blips that ended first, not the outage that began first.
    outage = f.incident(
        "outage", NOW - timedelta(days=42), duration=timedelta(days=41), title="Outage"
    )
    blips = [
        f.incident(f"blip-{n}", NOW - timedelta(days=30 - n), title=f"Blip {n}")
        for n in range(1, 12)
    ]
    built = f.site(incidents=[outage, *blips])
    recent = section(soup(render(built, tmp_path), "index.html"), "Recent history")

    expected = [*(f"Blip {n}" for n in range(11, 2, -1)), "Outage"]
    assert expected == [text(h3) for h3 in recent.select("h3")]


def test_the_history_files_a_window_begun_early_by_the_start_its_line_shows(
    tmp_path: Path,
) -> None:
    # Planned for New Year's night, begun the evening before and in progress past its
    # planned end: its line says it began on Dec 31, so it is under December 2025, below
    # an incident that began after it, not alone under January 2026.
    at, window = f.AFTER_NEW_YEAR, f.new_year_window()
    dns = f.incident("dns", datetime(2025, 12, 31, 22, 30, tzinfo=timezone.utc), title="DNS")
    built = f.site(incidents=[dns], maintenances=[window])
    page = soup(render(built, tmp_path, at), "history/index.html")

    months = [
        (text(h2), [text(a) for a in h2.find_parent("section").select(".event-title a")])
        for h2 in page.select("h2[id^=m-]")
    ]
    assert [("December 2025", ["DNS", "Upgrade"])] == months


@pytest.mark.parametrize(
    ("expected", "incidents"),
    [
        ("No incidents in the last 30 days.", []),
        # Under the incident open above, none other ended lately.
        (
            "No other incidents in the last 30 days.",
            [f.incident("down", NOW - timedelta(hours=1), IncidentState.INVESTIGATING)],
        ),
    ],
)
def test_an_empty_recent_history_does_not_deny_an_open_incident(
    expected: str, incidents: list[Incident], tmp_path: Path
) -> None:
    recent = section(
        soup(render(f.site(incidents=incidents), tmp_path), "index.html"), "Recent history"
    )
    assert expected == text(recent.select_one("p"))


def test_each_component_says_its_status_in_words(tmp_path: Path) -> None:
    incident = f.incident(
        "api-slow",
        NOW - timedelta(hours=1),
        IncidentState.MONITORING,
        {"api": ComponentStatus.PARTIAL_OUTAGE},
    )
    page = soup(render(f.site(incidents=[incident]), tmp_path), "index.html")

    assert "Partial outage" == text(component_row(page, "Api").select_one(".status"))
    assert "Operational" == text(component_row(page, "Web").select_one(".status"))
    group = page.select_one("section.group")
    assert "Core" == text(group.select_one("h3"))
    assert "Partial outage" == text(group.select_one(".group-head .status"))


def test_a_groups_description_shows_under_its_heading(tmp_path: Path) -> None:
    """A group's description is shown where the group is, as a component's is: under its
    heading, escaped as text and in its own direction."""
    components = [f.component("api", "core", 1), f.component("web", "core", 2)]
    core = Group(
        "core", "Core", "Payments <b>& payouts</b>.", 1, ("api", "web"), Source("c.yaml", 1)
    )
    page = soup(render(f.site(components, groups=[core]), tmp_path), "index.html")

    group = page.select_one("section.group")
    description = group.select_one(".group-head h3 ~ p.group-desc")
    assert "Payments <b>& payouts</b>." == text(description)
    assert "auto" == description["dir"]
    assert not group.select(".group-head b")


def test_uptime_bars_have_a_text_alternative(tmp_path: Path) -> None:
    outage = f.incident(
        "outage",
        datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc),
        components={"api": ComponentStatus.MAJOR_OUTAGE},
        duration=timedelta(hours=2, minutes=24),
    )
    # Recorded since before the window, so all 30 days count.
    recorded = f.site(incidents=[outage], history_days=30, start_date=date(2026, 10, 1))
    page = soup(render(recorded, tmp_path), "index.html")
    row = component_row(page, "Api")

    days = row.select("ol.bars > li")
    assert 30 == len(days)
    assert "Nov 20, 2026: Major outage, 90.00% uptime; Outage" == text(days[-3])
    assert "/incidents/outage/" == days[-3].a["href"]
    assert "Nov 21, 2026: no incidents" == text(days[-2])
    summary = text(row.select_one(".uptime-text .summary"))
    assert "99.66% uptime over 30 days · worst day Nov 20, 2026 (Major outage, 90.00%)" == summary
    assert "100% uptime over 30 days · no incidents" == text(
        component_row(page, "Web").select_one(".uptime-text .summary")
    )


def test_a_long_history_prints_only_the_bars_the_theme_shows(tmp_path: Path) -> None:
    # history_days: 3650 printed 3,650 days a component, 3,470 of them hidden by the
    # stylesheet: 300 components made a front page of 83 MB.
    from statusgen.layout import BUILTIN_THEME
    from statusgen.render.views import BARS_SHOWN

    outage = f.incident(
        "outage",
        datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
        components={"api": ComponentStatus.MAJOR_OUTAGE},
        duration=timedelta(hours=2, minutes=24),
    )
    recorded = f.site(incidents=[outage], history_days=3650, start_date=date(2026, 1, 1))
    files = render(recorded, tmp_path)
    for path in ("index.html", "components/api/index.html"):
        uptime = soup(files, path).select_one(".uptime")
        days = uptime.select("ol.bars > li")
        assert 180 == BARS_SHOWN == len(days), path
        assert text(days[0]).startswith("May 27, 2026:")  # 179 days before today
        assert text(days[-1]).startswith("Nov 22, 2026:")
        assert "Api, day by day" == uptime.select_one("ol.bars")["aria-label"]
        assert "180 days ago" == text(uptime.select_one(".ago-long"))
        assert "The bars show the last 180 days." == text(uptime.select_one(".bars-long"))
        # The uptime and the worst day still cover every day counted, the bars' or not.
        summary = text(uptime.select_one(".summary"))
        expected = "99.96% uptime over 326 days · worst day Mar 2, 2026 (Major outage, 90.00%)"
        assert expected == summary
    # The stylesheet hides the days past the same number, for a theme printing them all.
    style = (BUILTIN_THEME / "static" / "style.css").read_text()
    assert f".bars li:nth-last-child(n+{BARS_SHOWN + 1}) {{ display: none; }}" in style


def test_a_bar_of_one_day_is_labelled_today_alone(tmp_path: Path) -> None:
    # history_days: 1 put "1 day ago" under the single bar's left end, "Today" under its
    # right.
    files = render(f.site(history_days=1, start_date=date(2026, 6, 1)), tmp_path)
    for path in ("index.html", "components/api/index.html"):
        uptime = soup(files, path).select_one(".uptime")
        assert 1 == len(uptime.select("ol.bars > li")), path
        assert "" == text(uptime.select_one(".ago")), path
        assert "Today" == text(uptime.select_one(".today")), path


def test_a_bar_names_a_few_of_its_days_events_and_counts_the_rest(tmp_path: Path) -> None:
    # Hundreds of incidents open for weeks made each bar's words fifteen titles long.
    start = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    outages = [
        f.incident(
            f"outage-{n}",
            start + timedelta(minutes=n),
            components={"api": ComponentStatus.MAJOR_OUTAGE},
            duration=timedelta(hours=1),
        )
        for n in range(5)
    ]
    recorded = f.site(incidents=outages, history_days=30, start_date=date(2026, 10, 1))
    page = soup(render(recorded, tmp_path), "index.html")
    day = component_row(page, "Api").select("ol.bars > li")[-3]

    words = text(day).split("; ")
    assert words[0].startswith("Nov 20, 2026: Major outage")
    assert "2 more" == words[-1]
    named = words[1:-1]
    assert 3 == len(named) and set(named) < {f"Outage {n}" for n in range(5)}, words
    assert day.a["href"].startswith("/incidents/outage-")


def test_a_bar_names_and_links_the_outage_that_coloured_its_day_first(tmp_path: Path) -> None:
    # Three short slowdowns, then a six-hour outage: the day read "Major outage" but named
    # the slowdowns, counted the outage as "1 more" and linked to the first slowdown.
    morning = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
    slowdowns = [
        f.incident(
            f"slow-{n}",
            morning + timedelta(hours=n),
            components={"api": ComponentStatus.DEGRADED_PERFORMANCE},
            duration=timedelta(minutes=30),
            title=f"Slow responses {n}",
        )
        for n in range(3)
    ]
    outage = f.incident(
        "api-down",
        morning + timedelta(hours=9),
        components={"api": ComponentStatus.MAJOR_OUTAGE},
        duration=timedelta(hours=6),
        impact=Impact.CRITICAL,
        title="API completely down",
    )
    recorded = f.site(incidents=[*slowdowns, outage], history_days=30, start_date=date(2026, 10, 1))
    files = render(recorded, tmp_path)
    for path in ("index.html", "components/api/index.html"):
        day = soup(files, path).select_one(".uptime").select("ol.bars > li")[-3]
        expected = (
            "Nov 20, 2026: Major outage, 75.00% uptime; API completely down; "
            "Slow responses 0; Slow responses 1; 1 more"
        )
        assert expected == text(day), path
        assert "/incidents/api-down/" == day.a["href"], path


def test_only_show_if_degraded_hides_a_component_while_operational(tmp_path: Path) -> None:
    hidden = f.component("web", "core", 2, only_show_if_degraded=True)
    quiet = f.site(components=[f.component("api", "core", 1), hidden])
    assert ["Api"] == [
        text(n) for n in soup(render(quiet, tmp_path), "index.html").select(".component-name")
    ]

    broken = f.site(
        components=[
            f.component("api", "core", 1),
            dataclasses.replace(hidden, status=ComponentStatus.MAJOR_OUTAGE),
        ]
    )
    names = [
        text(n) for n in soup(render(broken, tmp_path), "index.html").select(".component-name")
    ]
    assert ["Api", "Web"] == names


@pytest.mark.parametrize("status", [ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE])
def test_a_component_pages_group_links_to_the_group_only_where_the_front_page_has_it(
    status: ComponentStatus, tmp_path: Path
) -> None:
    # The group's only component is hidden while operational: so is its group's heading.
    hidden = f.component("cdn", "core", 1, only_show_if_degraded=True, status=status)
    files = render(f.site(components=[hidden, f.component("api")]), tmp_path)
    page = soup(files, "components/cdn/index.html")
    group = page.find("dt", string="Group").find_next_sibling("dd")
    assert "Core" == text(group)
    anchors = {f"/#{tag['id']}" for tag in soup(files, "index.html").find_all(id=True)}
    links = [a["href"] for a in group.find_all("a")]
    assert (["/#g-core"] if status is ComponentStatus.MAJOR_OUTAGE else []) == links
    assert set(links) <= anchors


# --- maintenance --------------------------------------------------------------------------


def test_upcoming_maintenance_shows_its_window(tmp_path: Path) -> None:
    start = datetime(2026, 11, 29, 1, 0, tzinfo=timezone.utc)
    window = f.maintenance("bank-work", start, start + timedelta(hours=2), title="Bank maintenance")
    files = render(f.site(maintenances=[window]), tmp_path)
    upcoming = section(soup(files, "index.html"), "Upcoming maintenance")
    assert "Bank maintenance" == text(upcoming.select_one("h3"))
    assert "Nov 29, 2026, 02:00 – 04:00 CET" in text(upcoming)
    assert "Scheduled" in text(upcoming)

    page = soup(files, "incidents/bank-work/index.html")
    assert "Bank maintenance" == text(page.h1)
    facts = text(page.select_one("dl.facts"))
    assert "Status Scheduled" in facts
    assert "Window Nov 29, 2026, 02:00 – 04:00 CET" in facts
    assert "Length 2 h" in facts
    affected = page.select_one("ul.affected li")
    assert "Api Under maintenance" == text(affected)


def test_maintenance_in_progress_is_on_the_first_screen(tmp_path: Path) -> None:
    window = f.maintenance(
        "db", NOW - timedelta(minutes=30), NOW + timedelta(hours=1), title="Database upgrade"
    )
    files = render(f.site(maintenances=[window]), tmp_path)
    page = soup(files, "index.html")
    in_progress = section(page, "Maintenance in progress")
    assert "Database upgrade" in text(in_progress)
    assert "In progress" in text(in_progress)
    assert "Under maintenance" == text(component_row(page, "Api").select_one(".status"))
    assert "Status In progress" in text(
        soup(files, "incidents/db/index.html").select_one("dl.facts")
    )


# --- the incident page -----------------------------------------------------------------------


def test_incident_page_shows_the_timeline_newest_first_in_site_time(tmp_path: Path) -> None:
    started = datetime(2026, 10, 14, 12, 11, tzinfo=timezone.utc)
    incident = f.incident(
        "api-outage",
        started,
        IncidentState.POSTMORTEM,
        {"api": ComponentStatus.MAJOR_OUTAGE, "web": ComponentStatus.DEGRADED_PERFORMANCE},
        duration=timedelta(hours=1, minutes=59),
        title="Payments API unavailable",
    )
    page = soup(render(f.site(incidents=[incident]), tmp_path), "incidents/api-outage/index.html")

    assert "Payments API unavailable" == text(page.h1)
    updates = page.select("ol.timeline > li")
    assert ["Postmortem", "Resolved", "Investigating"] == [text(u.h3) for u in updates]
    times = [u.select_one("time") for u in updates]
    assert "Oct 14, 2026, 14:11 CEST" == text(times[2])
    assert "2026-10-14T14:11:00+02:00" == times[2]["datetime"]
    assert "Oct 14, 2026, 16:10 CEST" == text(times[1])
    facts = text(page.select_one("dl.facts"))
    assert "Duration 1 hr, 59 min" in facts
    assert "Started Oct 14, 2026, 14:11 CEST" in facts
    assert "Resolved Oct 14, 2026, 16:10 CEST" in facts
    affected = [text(li) for li in page.select("ul.affected > li")]
    assert [
        "Api worst Major outage Oct 14, 2026, 14:11 CEST Major outage "
        "Oct 14, 2026, 16:10 CEST Resolved",
        "Web worst Degraded performance Oct 14, 2026, 14:11 CEST Degraded performance "
        "Oct 14, 2026, 16:10 CEST Resolved",
    ] == affected
    assert "Europe/Berlin" in text(page.main)


def test_a_time_at_an_offset_of_seconds_is_given_to_machines_in_utc(tmp_path: Path) -> None:
    # Monrovia's clocks ran 44 minutes 30 seconds behind UTC until 1972: HTML's `datetime`
    # writes no seconds in an offset (a browser's Date reads "-00:44:30" as invalid).
    old = f.incident("old", datetime(1971, 6, 1, 14, tzinfo=timezone.utc))
    monrovia = f.site(incidents=[old], timezone="Africa/Monrovia", start_date=date(1971, 5, 1))
    files = render(monrovia, tmp_path, datetime(1971, 6, 10, 12, tzinfo=timezone.utc))

    page = soup(files, "incidents/old/index.html")

    times = [str(t["datetime"]) for t in page.select("ol.timeline time")]
    assert ["1971-06-01T15:00:00+00:00", "1971-06-01T14:00:00+00:00"] == times
    every = {
        str(t["datetime"])
        for path in files
        if path.endswith(".html")
        for t in soup(files, path).select("time[datetime]")
    }
    rfc_3339 = r"[\d-]{10}T\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)"
    assert set() == {t for t in every if not re.fullmatch(rfc_3339, t)}
    # People still read the time the clocks there showed.
    assert "Jun 1, 1971, 14:15 MMT" == text(page.select_one("ol.timeline time"))


def test_open_incident_page_counts_its_duration_so_far(tmp_path: Path) -> None:
    incident = f.incident("down", NOW - timedelta(minutes=52), IncidentState.INVESTIGATING)
    page = soup(render(f.site(incidents=[incident]), tmp_path), "incidents/down/index.html")
    facts = text(page.select_one("dl.facts"))
    assert "Resolved Not yet" in facts
    assert "Duration 52 min so far" in facts


def test_the_page_of_an_event_still_going_on_says_as_of_when(tmp_path: Path) -> None:
    # "Not yet", "so far", "Upcoming" hold as of the build: a printed or cached copy of
    # the page must say when that was, as the home page does. A finished event's page
    # holds whenever it is read, and does not name the build's moment.
    events = {
        "down": f.incident("down", NOW - timedelta(minutes=52), IncidentState.MONITORING),
        "over": f.incident("over", NOW - timedelta(days=2)),
        "next": f.maintenance("next", NOW + timedelta(hours=2), NOW + timedelta(hours=3)),
        "now": f.maintenance("now", NOW - timedelta(hours=1), NOW + timedelta(hours=1)),
        "done": f.maintenance("done", NOW - timedelta(days=3), NOW - timedelta(days=3, hours=-1)),
    }
    site = f.site(
        incidents=[e for e in events.values() if isinstance(e, Incident)],
        maintenances=[e for e in events.values() if isinstance(e, Maintenance)],
    )
    files = render(site, tmp_path)
    pages = {slug: soup(files, f"incidents/{slug}/index.html") for slug in events}
    as_of = {s: text(n) for s, page in pages.items() if (n := page.select_one(".event-asof"))}
    assert {s: "As of Nov 22, 2026, 19:00 CET" for s in ("down", "next", "now")} == as_of
    # The home page's <time>, as it is.
    home = soup(files, "index.html").select_one("#overall + ul + p time")
    assert home is not None and str(home) == str(pages["down"].select_one(".event-asof time"))


def test_headings_are_in_order_with_one_h1_and_landmarks(tmp_path: Path) -> None:
    incident = f.incident(
        "x", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, message="### Details\n\nText."
    )
    files = render(f.site(incidents=[incident]), tmp_path)
    for path in (
        "index.html",
        "incidents/x/index.html",
        "history/index.html",
        "components/api/index.html",
        "404.html",
    ):
        page = soup(files, path)
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert 1 == levels.count(1), path
        assert 1 == levels[0], path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
        assert page.select_one("header") and page.select_one("nav") and page.select_one("footer")
        assert "main" == page.select_one("main")["id"]
        assert "#main" == page.select_one("a.skip-link")["href"]
        # Nothing needs JavaScript: besides the script moving times to the reader's zone,
        # only the history's search box and the uptime bars' arrow keys, which the pages
        # work without (tests/test_search_browser.py, tests/test_uptime_browser.py), load
        # a script.
        scripts = [str(tag["src"]).split("?")[0] for tag in other_scripts(page)]
        expected = {
            "history/index.html": ["/assets/search.js"],
            "index.html": ["/assets/bars.js"],
            "components/api/index.html": ["/assets/bars.js"],
        }
        assert expected.get(path, []) == scripts


# --- history and component pages --------------------------------------------------------------


def test_history_is_paginated_newest_first(tmp_path: Path) -> None:
    incidents = [
        f.incident(f"incident-{n:02d}", NOW - timedelta(days=n, hours=1), title=f"Incident {n}")
        for n in range(85)
    ]
    files = render(f.site(incidents=incidents), tmp_path)

    # Cut from the oldest: three full archive pages, the first page holds the other 35.
    first = soup(files, "history/index.html")
    titles = [text(h3) for h3 in first.select(".events h3")]
    assert [f"Incident {n}" for n in range(35)] == titles
    assert "Page 1 of 3, newest first." == text(first.select_one("main p.muted"))
    assert "/history/page/2/" == first.select_one("a[rel=next]")["href"]
    assert first.select_one("a[rel=prev]") is None

    second = soup(files, "history/page/2/index.html")
    assert [f"Incident {n}" for n in range(35, 60)] == [
        text(h3) for h3 in second.select(".events h3")
    ]
    last = soup(files, "history/page/1/index.html")
    assert [f"Incident {n}" for n in range(60, 85)] == [
        text(h3) for h3 in last.select(".events h3")
    ]
    assert "/history/page/2/" == last.select_one("a[rel=prev]")["href"]
    assert "Page 3" == text(last.select_one(".pagination a[aria-current=page]"))
    assert "history/page/3/index.html" not in files
    months = [text(h2) for h2 in first.select("main h2")]
    assert ["November 2026", "October 2026"] == months


def test_a_long_history_links_the_nearby_pages_only(tmp_path: Path) -> None:
    incidents = [f.incident(f"i-{n:03d}", NOW - timedelta(hours=n + 1)) for n in range(300)]
    files = render(f.site(incidents=incidents), tmp_path)
    # Reading page 6 of 12 is archive block 7 (blocks count from the oldest).
    nav = soup(files, "history/page/7/index.html").select(".pagination li")
    pages = ["Page 1", "…", "Page 4", "Page 5", "Page 6", "Page 7", "Page 8", "…", "Page 12"]
    assert ["Newer", *pages, "Older"] == [text(li) for li in nav]
    assert "history/page/11/index.html" in files
    assert "history/page/12/index.html" not in files


@pytest.mark.parametrize(
    ("language", "newer", "older", "order"),
    [
        ("ja", "新しいページ", "古いページ", "新しい順"),
        ("ar", "صفحة أحدث", "صفحة أقدم", "الأحدث أولًا"),
    ],
)
def test_the_history_links_between_pages_are_not_worded_as_its_order(
    tmp_path: Path, language: str, newer: str, older: str, order: str
) -> None:
    """The links to the next and previous pages name pages, not a sort order: worded as
    the history's "newest first", they read like buttons that sort it."""
    incidents = [f.incident(f"i-{n:03d}", NOW - timedelta(hours=n + 1)) for n in range(85)]
    files = render(f.site(incidents=incidents, language=language), tmp_path)

    middle = soup(files, "history/page/2/index.html")  # page 2 of 3: both links
    assert newer == text(middle.select_one(".pagination a[rel=prev]"))
    assert older == text(middle.select_one(".pagination a[rel=next]"))
    assert order in text(middle.select_one("main p.muted"))
    assert order not in text(middle.select_one(".pagination"))


def test_a_new_incident_leaves_the_archive_pages_as_they_were(tmp_path: Path) -> None:
    incidents = [f.incident(f"i-{n:03d}", NOW - timedelta(hours=n + 2)) for n in range(80)]
    before = render(f.site(incidents=incidents), tmp_path / "before")
    newest = f.incident("i-new", NOW - timedelta(hours=1))
    after = render(f.site(incidents=[newest, *incidents]), tmp_path / "after")

    archive = [p for p in before if p.startswith("history/page/")]
    assert ["history/page/1/index.html", "history/page/2/index.html"] == sorted(archive)
    assert [before[p] for p in archive] == [after[p] for p in archive]
    assert before["history/index.html"] != after["history/index.html"]


def test_a_busy_components_older_events_are_a_link_away_page_by_page(tmp_path: Path) -> None:
    # 80 on the API, 3 on the web: the API's page lists its newest 50 and links to its own
    # history, which holds all 80 as the site's history holds every event.
    api = [
        f.incident(f"api-{n:02d}", NOW - timedelta(days=n, hours=1), title=f"API {n}")
        for n in range(80)
    ]
    web = [
        f.incident(
            f"web-{n}",
            NOW - timedelta(days=n, hours=2),
            components={"web": ComponentStatus.PARTIAL_OUTAGE},
        )
        for n in range(3)
    ]
    files = render(f.site(incidents=[*api, *web]), tmp_path)

    events = soup(files, "components/api/index.html").select_one("#events").find_parent("section")
    note = events.select_one("p.muted")
    assert "The 50 most recent of 80; see the incident history for the rest." == text(note)
    assert "/components/api/history/" == note.a["href"]

    first = soup(files, "components/api/history/index.html")
    assert "Incident history: Api" == text(first.h1)
    assert "/components/api/" == first.select_one("main .lead a")["href"]
    assert "Page 1 of 3, newest first." == text(first.select_one("main p.muted"))
    assert [f"API {n}" for n in range(30)] == [text(h3) for h3 in first.select(".events h3")]
    assert "/components/api/history/page/2/" == first.select_one("a[rel=next]")["href"]
    oldest = soup(files, "components/api/history/page/1/index.html")
    assert [f"API {n}" for n in range(55, 80)] == [text(h3) for h3 in oldest.select(".events h3")]
    assert "Incident history: Api, page 3 of 3 · Example Status" == text(oldest.title)
    assert "/components/api/history/page/2/" == oldest.select_one("a[rel=prev]")["href"]
    # A component whose page lists all of its events has no history of its own.
    assert not any(path.startswith("components/web/history/") for path in files)
    assert soup(files, "components/web/index.html").select_one("#events ~ p.muted") is None


@pytest.mark.parametrize("resolved", [49, 50])
def test_windows_to_come_do_not_give_a_component_a_history_of_its_own(
    tmp_path: Path, resolved: int
) -> None:
    # Its page lists every window to come besides its newest 50: with 50 others or fewer
    # it lists every event, so there is no history of its own to write, link or map.
    api = [f.incident(f"api-{n:02d}", NOW - timedelta(days=n, hours=1)) for n in range(resolved)]
    windows = [
        f.maintenance(
            f"work-{n}", NOW + timedelta(days=n + 1), NOW + timedelta(days=n + 1, hours=1)
        )
        for n in range(2)
    ]
    site = dataclasses.replace(f.site(incidents=api, maintenances=windows), root=str(tmp_path))
    files = render(site, tmp_path)

    page = soup(files, "components/api/index.html")
    assert resolved + 2 == len(page.select(".events h3"))
    assert page.select_one("#events ~ p.muted") is None
    assert not any(path.startswith("components/api/history/") for path in files)
    assert not any(p.startswith("components/api/history/") for p in output_paths(site, NOW))


def test_open_incidents_are_listed_besides_a_components_newest_50(tmp_path: Path) -> None:
    # A recent open incident and one open for months are both extra to the newest 50 of
    # the others, as windows to come are: neither pushes a resolved one off the list.
    resolved = [
        f.incident(f"api-{n:02d}", NOW - timedelta(days=n + 1), title=f"API {n}") for n in range(51)
    ]
    recent = f.incident("recent", NOW - timedelta(hours=1), IncidentState.IDENTIFIED)
    old = f.incident("old", NOW - timedelta(days=200), IncidentState.IDENTIFIED)
    files = render(f.site(incidents=[recent, *resolved, old]), tmp_path)

    page = soup(files, "components/api/index.html")
    titles = [text(h3) for h3 in page.select(".events h3")]
    assert ["Recent", *(f"API {n}" for n in range(50)), "Old"] == titles
    note = page.select_one("#events ~ p.muted")
    expected = (
        "52 of 53: the most recent, and all still open or in progress;"
        " see the incident history for the rest."
    )
    assert expected == text(note)
    assert "/components/api/history/" == note.a["href"]

    # With 50 resolved, the page lists every event: no note, no history of its own.
    files = render(f.site(incidents=[recent, *resolved[:50], old]), tmp_path)
    page = soup(files, "components/api/index.html")
    assert 52 == len(page.select(".events h3"))
    assert page.select_one("#events ~ p.muted") is None
    assert not any(path.startswith("components/api/history/") for path in files)


def test_empty_history_says_so(tmp_path: Path) -> None:
    page = soup(render(f.site(), tmp_path), "history/index.html")
    assert "No incidents have been reported." in text(page.main)
    assert page.select_one(".pagination") is None


def test_component_page_lists_its_incidents(tmp_path: Path) -> None:
    api_only = f.incident("api-slow", NOW - timedelta(days=2), title="API slow")
    both = f.incident(
        "all-down",
        NOW - timedelta(days=1),
        components={"api": ComponentStatus.MAJOR_OUTAGE, "web": ComponentStatus.MAJOR_OUTAGE},
        title="Everything down",
    )
    start = NOW - timedelta(days=5)
    window = f.maintenance(
        "web-work", start, start + timedelta(hours=1), components=("web",), title="Web maintenance"
    )
    files = render(f.site(incidents=[api_only, both], maintenances=[window]), tmp_path)

    api = soup(files, "components/api/index.html")
    assert "Api" == text(api.h1)
    assert "Operational" == text(api.select_one(".current"))
    assert ["Everything down", "API slow"] == [text(h3) for h3 in api.select(".events h3")]
    web = soup(files, "components/web/index.html")
    assert ["Everything down", "Web maintenance"] == [text(h3) for h3 in web.select(".events h3")]
    assert (
        "/components/web/feed.xml"
        == web.select_one("link[rel=alternate][type='application/rss+xml'][title^=Web]")["href"]
    )


def test_not_found_page_links_home(tmp_path: Path) -> None:
    page = soup(render(f.site(), tmp_path), "404.html")
    assert "Page not found" == text(page.h1)
    assert "/" in [a["href"] for a in page.main.find_all("a")]
    assert page.select_one("link[rel=canonical]") is None


# --- links ------------------------------------------------------------------------------------


def test_a_base_url_with_a_path_prefix_reaches_every_link(tmp_path: Path) -> None:
    site = f.site(
        base_url="https://example.org/status/",
        incidents=[f.incident("down", NOW - timedelta(hours=1), IncidentState.IDENTIFIED)],
        maintenances=[
            f.maintenance("db", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))
        ],
    )
    files = render(site, tmp_path)
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) >= 7
    for path in pages:
        page = soup(files, path)
        links = [a["href"] for a in page.find_all("a")] + [
            link["href"] for link in page.find_all("link") if link["rel"] != ["canonical"]
        ]
        for link in links:
            assert link.startswith(("/status/", "#")), (path, link)
    index = soup(files, "index.html")
    assert "https://example.org/status/" == index.select_one("link[rel=canonical]")["href"]
    canonical = soup(files, "incidents/down/index.html").select_one("link[rel=canonical]")["href"]
    assert "https://example.org/status/incidents/down/" == canonical
    assert re.fullmatch(
        r"/status/assets/style\.css\?v=[0-9a-f]{10}",
        index.select_one("link[rel=stylesheet]")["href"],
    )
    assert "/status/feed.xml" == index.select_one("link[type='application/rss+xml']")["href"]
    assert "/status/atom.xml" == index.select_one("link[type='application/atom+xml']")["href"]


def test_a_message_link_from_the_root_stays_in_a_site_that_lives_in_a_folder(
    tmp_path: Path,
) -> None:
    # As a `build --relative` reads it (docs/open-from-disk.md): the site's own history.
    # One written with the folder already, for the published site, is kept as written.
    message = (
        "See [past incidents](/history/), [the FAQ](//example.org/faq)"
        " and [the feed](/status/feed.xml);"
        " [home](/status), [components](/status#components), [filtered](/status?c=api)."
    )
    incident = f.incident("down", NOW - timedelta(hours=1), IncidentState.IDENTIFIED)
    incident = dataclasses.replace(
        incident, updates=(dataclasses.replace(incident.updates[0], message=message),)
    )
    site = f.site(base_url="https://example.org/status/", incidents=[incident])
    page = soup(render(site, tmp_path), "incidents/down/index.html")
    links = [a["href"] for a in page.select(".prose a")]
    assert [
        "/status/history/",
        "//example.org/faq",
        "/status/feed.xml",
        "/status",
        "/status#components",
        "/status?c=api",
    ] == links
    context = RenderContext(dataclasses.replace(site, root=str(tmp_path)), compute(site, NOW))
    from statusgen.render.feeds import entry_content

    feed = entry_content(context, incident)
    assert 'href="https://example.org/status/history/"' in feed
    assert 'href="https://example.org/status/feed.xml"' in feed
    assert 'href="https://example.org/status#components"' in feed
    assert 'href="https://example.org/status?c=api"' in feed


# --- themes --------------------------------------------------------------------------------------


def test_a_site_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    partials = tmp_path / "themes" / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "footer.html").write_text(
        '<footer class="site-footer"><p>Run by {{ settings.title }} · '
        "<a href=\"{{ url('history/') }}\">Past incidents</a></p></footer>\n"
    )
    files = render(f.site(base_url="https://example.org/status/"), tmp_path)
    for path in ("index.html", "history/index.html", "404.html"):
        footer = soup(files, path).footer
        assert "Run by Example Status · Past incidents" == text(footer)
        assert "/status/history/" == footer.a["href"]
    # Everything not overridden still comes from the built-in theme.
    assert "All systems operational" == text(soup(files, "index.html").h1)


def test_a_theme_laying_out_the_bars_itself_prints_what_bar_holds(tmp_path: Path) -> None:
    """Each uptime bar is made once per day (DayView.bar), and the built-in theme prints a
    component's bars as one value (ComponentView.bars); a theme that loops over the days
    and prints each `bar`, or lays out each day's fields itself, prints the same bytes,
    for a day whose label carries hostile text (escaped, its direction override closed
    and the title isolated)
    and a link, and for quiet days and days without data."""
    from statusgen.layout import BUILTIN_THEME

    title = '<b>"Down"</b> & \u202eevil'
    hostile = dataclasses.replace(
        f.incident(
            "hostile", NOW - timedelta(days=2), components={"api": ComponentStatus.MAJOR_OUTAGE}
        ),
        title=title,
    )
    site = f.site(incidents=[hostile])
    built_in = render(site, tmp_path / "one")
    macros = (BUILTIN_THEME / "templates" / "partials" / "macros.html").read_text()
    fields = (
        '    <li class="d-{{ day.css }}">{% if day.link %}<a href="{{ day.link }}">'
        '<span class="tip">{{ day.label }}</span></a>{% else %}'
        '<span class="tip">{{ day.label }}</span>{% endif %}</li>\n'
    )
    assert "    {{ component.bars }}\n" in macros
    for name, line in (("bar", "    {{ day.bar }}\n"), ("fields", fields)):
        partials = tmp_path / name / "themes" / "templates" / "partials"
        partials.mkdir(parents=True)
        loop = f"    {{% for day in component.days %}}\n{line}    {{% endfor %}}\n"
        (partials / "macros.html").write_text(macros.replace("    {{ component.bars }}\n", loop))
        own = render(site, tmp_path / name)
        for path in ("index.html", "components/api/index.html"):
            assert own[path] == built_in[path], (name, path)
    page = built_in["components/api/index.html"].decode()
    # Isolated too, as a title holding a direction mark is among the label's words.
    assert "&lt;b&gt;&#34;Down&#34;&lt;/b&gt; &amp; \u202eevil\u202c\u2069</span></a></li>" in page
    assert '<li class="d-operational"><span class="tip">' in page


def test_a_site_static_file_overrides_the_built_in_one(tmp_path: Path) -> None:
    static = tmp_path / "themes" / "static"
    static.mkdir(parents=True)
    (static / "style.css").write_text("body { color: rebeccapurple; }\n")
    (static / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    files = render(f.site(logo="assets/logo.svg"), tmp_path)
    assert b"body { color: rebeccapurple; }\n" == files["assets/style.css"]
    assert "assets/logo.svg" in files
    page = soup(files, "index.html")
    assert "/assets/logo.svg" == page.select_one(".brand img")["src"]
    assert "Example Status" == page.select_one(".brand img")["alt"]


def test_a_chosen_theme_sits_between_site_overrides_and_the_built_in_theme(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "calm" / "templates"
    (theme / "partials").mkdir(parents=True)
    (theme / "404.html").write_text(
        "{% extends 'builtin/404.html' %}{% block title %}Lost{% endblock %}"
    )
    (theme / "partials" / "footer.html").write_text("<footer>calm footer</footer>")
    site_override = tmp_path / "themes" / "templates" / "partials"
    site_override.mkdir(parents=True)
    (site_override / "footer.html").write_text("<footer>site footer</footer>")
    files = render(f.site(theme="calm"), tmp_path)
    page = soup(files, "404.html")
    assert "Lost" == text(page.title)
    assert "Page not found" == text(page.h1)
    assert "site footer" == text(page.footer)


def test_a_missing_theme_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StatusgenError) as error:
        render(f.site(theme="nope"), tmp_path)
    assert "theme 'nope' not found" in str(error.value)


def test_a_misspelled_variable_in_an_override_fails_with_its_line(tmp_path: Path) -> None:
    partials = tmp_path / "themes" / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "footer.html").write_text("<footer>\n{{ setings.title }}\n</footer>\n")
    with pytest.raises(StatusgenError) as error:
        render(f.site(), tmp_path)
    [diagnostic] = error.value.diagnostics
    assert ("themes/templates/partials/footer.html", 2) == (diagnostic.path, diagnostic.line)
    assert "setings" in diagnostic.message


# --- untrusted text -----------------------------------------------------------------------------

HOSTILE = """Look: <script>alert("x")</script> and <img src=x onerror="alert(1)">.

[click me](javascript:alert(document.cookie)) and ![pixel](data:image/png;base64,AAAA)

<a href="https://example.com" onclick="steal()">link</a>
"""


def test_hostile_markdown_arrives_inert_and_readable(tmp_path: Path) -> None:
    incident = f.incident(
        "hostile", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=HOSTILE
    )
    files = render(f.site(incidents=[incident]), tmp_path)
    for path in ("index.html", "incidents/hostile/index.html"):
        page = soup(files, path)
        # The theme's own arrow keys for the uptime bars, empty and from assets/, is no
        # script the message brought.
        assert [] == [
            script
            for script in other_scripts(page)
            if not str(script.get("src", "")).startswith("/assets/bars.js?v=") or script.get_text()
        ]
        for tag in page.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], tag
            for attribute in ("href", "src"):
                value = str(tag.get(attribute, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:")), tag
        message = text(page.select_one(".prose"))
        assert 'Look: <script>alert("x")</script> and <img src=x onerror="alert(1)">.' in message
        assert "click me" in message


def test_titles_are_escaped(tmp_path: Path) -> None:
    title = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    incident = f.incident("t", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, title=title)
    files = render(f.site(incidents=[incident]), tmp_path)
    page = soup(files, "incidents/t/index.html")
    assert title == text(page.h1)
    assert page.find("img") is None and page.find("b") is None
    assert f"[Identified] {title} · Example Status" == page.title.get_text()
    assert page.title.get_text() == page.select_one("meta[property='og:title']")["content"]
    assert title == text(section(soup(files, "index.html"), "Active incidents").h3)


def test_message_headings_sit_below_the_update_heading(tmp_path: Path) -> None:
    incident = f.incident(
        "h", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, message="### Cause\n\n#### Detail"
    )
    page = soup(render(f.site(incidents=[incident]), tmp_path), "incidents/h/index.html")
    update = page.select("ol.timeline > li")[-1]
    assert [("h3", "Investigating"), ("h4", "Cause"), ("h5", "Detail")] == [
        (h.name, text(h)) for h in update.find_all(re.compile(r"^h\d$"))
    ]


def headings(node: Tag) -> list[tuple[str, str]]:
    return [(h.name, text(h)) for h in node.find_all(re.compile(r"^h\d$"))]


def test_summary_headings_sit_below_the_summary_heading(tmp_path: Path) -> None:
    incident = dataclasses.replace(
        f.incident("s", NOW - timedelta(hours=1), IncidentState.INVESTIGATING),
        summary="### Impact\n\nCards.\n\n#### Regions",
    )
    page = soup(render(f.site(incidents=[incident]), tmp_path), "incidents/s/index.html")
    summary = page.find("section", attrs={"aria-labelledby": "summary"})
    assert [("h2", "Summary"), ("h3", "Impact"), ("h4", "Regions")] == headings(summary)


def test_code_blocks_can_be_scrolled_from_the_keyboard(tmp_path: Path) -> None:
    # A long line scrolls the block sideways; a keyboard reaches it only if it takes focus.
    message = "Seen in the logs:\n\n```\n" + "x" * 300 + "\n```"
    incident = f.incident(
        "c", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=message
    )
    files = render(f.site(incidents=[incident]), tmp_path)
    for path in ("index.html", "incidents/c/index.html"):
        blocks = soup(files, path).select(".prose pre")
        assert ["0"] == [block.get("tabindex") for block in blocks], path


def test_wide_tables_can_be_scrolled_from_the_keyboard(tmp_path: Path) -> None:
    # A table wider than the column scrolls sideways, as a code block does.
    columns = " | ".join(f"region {n}" for n in range(12))
    message = f"Affected:\n\n| {columns} |\n|{'---|' * 12}\n|{' yes |' * 12}"
    incident = f.incident(
        "t", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=message
    )
    files = render(f.site(incidents=[incident]), tmp_path)
    for path in ("index.html", "incidents/t/index.html"):
        tables = soup(files, path).select(".prose table")
        assert ["0"] == [table.get("tabindex") for table in tables], path


def test_links_and_images_without_a_safe_address_become_plain_text(tmp_path: Path) -> None:
    message = (
        "Try [the fix](javascript:alert(1)) or [the docs](https://example.com/docs).\n\n"
        "![a chart](data:image/svg+xml;base64,PHN2Zz4=) ![](javascript:x)"
    )
    incident = f.incident(
        "u", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=message
    )
    files = render(f.site(incidents=[incident]), tmp_path)
    for path in ("index.html", "incidents/u/index.html"):
        prose = soup(files, path).select_one(".prose")
        assert prose is not None
        assert ["https://example.com/docs"] == [a.get("href") for a in prose.find_all("a")]
        assert [] == prose.find_all("img")
        assert "Try the fix or the docs." in prose.get_text()
        assert "a chart" in text(prose)


# --- reproducible and light ---------------------------------------------------------------


def example_like_site() -> Site:
    """About the size of a real page: three groups of four, ninety days of incidents."""
    groups = {
        "core": ["api", "checkout", "cards", "banks"],
        "dev": ["hooks", "test"],
        "app": ["dash", "sso", "reports", "mail"],
    }
    components = [
        f.component(cid, group, n + 1) for group, ids in groups.items() for n, cid in enumerate(ids)
    ]
    group_models = [
        Group(gid, gid.title(), None, n + 1, tuple(ids), Source("content/components.yaml", 1))
        for n, (gid, ids) in enumerate(groups.items())
    ]
    cids = [c.id for c in components]
    incidents = [
        f.incident(
            f"incident-{n}",
            NOW - timedelta(days=3 * n + 1, hours=n % 7),
            components={
                cids[n % len(cids)]: ComponentStatus.PARTIAL_OUTAGE,
                cids[(n * 5) % len(cids)]: ComponentStatus.MAJOR_OUTAGE,
            },
            message="We are **looking** into it.\n\n- one\n- two\n",
        )
        for n in range(30)
    ]
    incidents.append(f.incident("now", NOW - timedelta(minutes=20), IncidentState.IDENTIFIED))
    windows = [f.maintenance("later", NOW + timedelta(days=6), NOW + timedelta(days=6, hours=2))]
    return f.site(
        components=components, groups=group_models, incidents=incidents, maintenances=windows
    )


def test_two_renders_give_identical_bytes(tmp_path: Path) -> None:
    site = example_like_site()
    assert render(site, tmp_path) == render(site, tmp_path)


# --- formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "span"),
    [
        ("less than a minute", timedelta(seconds=59)),
        ("52 min", timedelta(minutes=52, seconds=30)),
        ("1 hr", timedelta(hours=1)),
        ("1 hr, 4 min", timedelta(hours=1, minutes=4)),
        ("1 day", timedelta(days=1, minutes=5)),
        ("3 days, 2 hr", timedelta(days=3, hours=2, minutes=59)),
    ],
)
def test_durations_read_naturally(expected: str, span: timedelta) -> None:
    assert expected == format_duration(span)


@pytest.mark.parametrize(
    ("expected", "fraction"),
    [("100%", 1.0), ("99.99%", 0.99999), ("96.84%", 0.96849), ("0.00%", 0.0), ("No data", None)],
)
def test_uptime_percentages_never_round_up_to_perfect(
    expected: str, fraction: float | None
) -> None:
    assert expected == format_percent(fraction)


def test_an_incident_without_updates_still_has_a_page(tmp_path: Path) -> None:
    bare = dataclasses.replace(
        f.incident("bare", NOW - timedelta(hours=1), IncidentState.RESOLVED), updates=()
    )
    page = soup(render(f.site(incidents=[bare]), tmp_path), "incidents/bare/index.html")
    assert "No updates yet." in text(page)


def test_explicit_maintenance_state_is_shown(tmp_path: Path) -> None:
    window = f.maintenance(
        "db", NOW - timedelta(hours=3), NOW - timedelta(hours=1), state=MaintenanceState.VERIFYING
    )
    files = render(f.site(maintenances=[window]), tmp_path)
    assert "Verifying" in text(section(soup(files, "index.html"), "Maintenance in progress"))
    assert "Status Verifying" in text(soup(files, "incidents/db/index.html").select_one("dl.facts"))


def test_a_window_kept_open_past_its_end_says_it_overran(tmp_path: Path) -> None:
    overrun = f.maintenance(
        "db", NOW - timedelta(hours=3), NOW - timedelta(hours=2), state=MaintenanceState.IN_PROGRESS
    )
    files = render(f.site(maintenances=[overrun]), tmp_path)
    home = text(section(soup(files, "index.html"), "Maintenance in progress"))
    assert "3 hr so far, past its planned end" in home
    facts = text(soup(files, "incidents/db/index.html").select_one("dl.facts"))
    assert "Scheduled Nov 22, 2026, 16:00 – 17:00 CET" in facts
    assert "Duration 3 hr so far, past its planned end" in facts


def test_a_window_started_early_and_kept_open_past_its_end_counts_from_its_early_start(
    tmp_path: Path,
) -> None:
    # Planned 16:00 to 17:00 CET, begun at 15:40 and still in progress at 19:00: 3 hr,
    # 20 min so far, and every list's "– ongoing" runs from 15:40, as the bars count it.
    window = f.maintenance(
        "db", NOW - timedelta(hours=3), NOW - timedelta(hours=2), state=MaintenanceState.IN_PROGRESS
    )
    files = render(
        f.site(maintenances=[f.started_early(window, NOW - timedelta(hours=3, minutes=20))]),
        tmp_path,
    )
    home = text(section(soup(files, "index.html"), "Maintenance in progress"))
    assert "Nov 22, 2026, 15:40 CET – ongoing 3 hr, 20 min so far, past its planned end" in home
    facts = text(soup(files, "incidents/db/index.html").select_one("dl.facts"))
    assert "Window Nov 22, 2026, 15:40 CET – ongoing" in facts
    assert "Scheduled Nov 22, 2026, 16:00 – 17:00 CET" in facts
    assert "Duration 3 hr, 20 min so far, past its planned end" in facts
    listed = text(soup(files, "history/index.html").select_one(".event-item"))
    assert "Nov 22, 2026, 15:40 CET – ongoing" in listed


def test_a_window_kept_open_past_its_end_is_listed_as_ongoing(tmp_path: Path) -> None:
    # Planned 16:00 to 17:00 CET, still in progress at 19:00: no list says it ended at 17:00.
    overrun = f.maintenance(
        "db", NOW - timedelta(hours=3), NOW - timedelta(hours=2), state=MaintenanceState.IN_PROGRESS
    )
    files = render(f.site(maintenances=[overrun]), tmp_path)
    entries = {
        "index.html": section(soup(files, "index.html"), "Maintenance in progress"),
        "history/index.html": soup(files, "history/index.html").select_one(".event-item"),
        "components/api/index.html": soup(files, "components/api/index.html").select_one(
            ".event-item"
        ),
    }
    for path, entry in entries.items():
        assert "Nov 22, 2026, 16:00 CET – ongoing" in text(entry), path
        assert "17:00" not in text(entry), path
    # The event's own page says so too, and still gives the window it was planned for.
    facts = text(soup(files, "incidents/db/index.html").select_one("dl.facts"))
    assert "Window Nov 22, 2026, 16:00 CET – ongoing" in facts
    assert "Scheduled Nov 22, 2026, 16:00 – 17:00 CET" in facts


def _completed(window: Maintenance, at: datetime) -> Maintenance:
    """`window` with a `Completed` update at `at`: its work over then, early or late."""
    done = Update(at, MaintenanceState.COMPLETED, "Done.", 12)
    return dataclasses.replace(window, updates=(*window.updates, done))


def test_a_completed_window_is_shown_as_it_ran_as_the_calendar_gives_it(tmp_path: Path) -> None:
    # Planned 16:00 to 17:00 CET: one begun at 15:40, verifying at 17:10 and over at
    # 17:20, one over at 16:30, one called off the day before it. Its page, the history and
    # the home page tell the work as it happened, the plan beside it on the page (the
    # calendar, API and uptime bars had it so already).
    start, end = NOW - timedelta(hours=3), NOW - timedelta(hours=2)
    begun = f.started_early(f.maintenance("late", start, end), NOW - timedelta(hours=3, minutes=20))
    verifying = Update(NOW - timedelta(hours=1, minutes=50), MaintenanceState.VERIFYING, "Ok?", 11)
    late = _completed(
        dataclasses.replace(begun, updates=(*begun.updates, verifying)),
        NOW - timedelta(hours=1, minutes=40),
    )
    early = _completed(f.maintenance("early", start, end), NOW - timedelta(hours=2, minutes=30))
    ahead = f.maintenance("off", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=3))
    off = _completed(ahead, NOW - timedelta(hours=1))
    site = f.site(maintenances=[late, early, off])
    files = render(site, tmp_path)

    late_page = text(soup(files, "incidents/late/index.html").select_one("dl.facts"))
    assert "Window Nov 22, 2026, 15:40 – 17:20 CET" in late_page
    assert "Scheduled Nov 22, 2026, 16:00 – 17:00 CET" in late_page
    assert "Length 1 hr, 40 min" in late_page
    early_page = text(soup(files, "incidents/early/index.html").select_one("dl.facts"))
    assert "Window Nov 22, 2026, 16:00 – 16:30 CET" in early_page
    assert "Scheduled Nov 22, 2026, 16:00 – 17:00 CET" in early_page
    assert "Length 30 min" in early_page
    # Called off, it never ran: its plan, labelled as the plan under a status that says
    # so, and no length of work that never happened.
    off_page = text(soup(files, "incidents/off/index.html").select_one("dl.facts"))
    assert "Status Cancelled Scheduled Nov 23, 2026, 19:00 – 22:00 CET" == off_page

    lists = {
        "history": soup(files, "history/index.html").select(".event-item"),
        "recent": section(soup(files, "index.html"), "Recent history").select(".event-item"),
    }
    for where, items in lists.items():
        lines = {text(item.select_one("h3")): text(item) for item in items}
        assert "Nov 22, 2026, 15:40 – 17:20 CET" in lines["Late"], where
        assert "Nov 22, 2026, 16:00 – 16:30 CET" in lines["Early"], where

    context = RenderContext(site, compute(site, NOW))
    for window in (late, early, off):
        view = Views(context).view(window)
        assert (view.start, view.end) == event_times(context, window)[:2], window.slug


def test_a_window_within_its_plan_says_nothing_of_overrunning(tmp_path: Path) -> None:
    window = f.maintenance("db", NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    files = render(f.site(maintenances=[window]), tmp_path)
    assert "planned end" not in text(soup(files, "index.html"))
    assert "planned end" not in text(soup(files, "incidents/db/index.html"))


# --- colours ------------------------------------------------------------------------------------

STYLESHEET = Path(__file__).parent.parent / "statusgen/themes/default/static/style.css"


def custom_properties(css: str) -> tuple[dict[str, str], dict[str, str]]:
    """The theme's colour variables in light and dark mode (dark inherits what it does not set)."""
    light_block = css.split("@media (prefers-color-scheme: dark)")[0]
    dark_block = css.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]

    def variables(block: str) -> dict[str, str]:
        return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))

    light = variables(light_block)
    return light, {**light, **variables(dark_block)}


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


STATUS_COLOURS = [
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_meet_wcag_aa(scheme: str) -> None:
    light, dark = custom_properties(STYLESHEET.read_text())
    colours = light if scheme == "light" else dark
    pairs = [
        (text_colour, background)
        for text_colour in ["fg", "muted", "link", *STATUS_COLOURS, "unknown"]
        for background in ["bg", "surface"]
    ]
    pairs += [("on-banner", f"banner-{s}") for s in [*STATUS_COLOURS, "incident", "unknown"]]
    pairs += [("bg", "fg"), ("bg", "link")]  # tooltips, the current page in the pagination
    for text_colour, background in pairs:
        ratio = contrast(colours[text_colour], colours[background])
        assert ratio >= 4.5, f"{scheme}: --{text_colour} on --{background} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_day_of_a_bar_stands_out_from_the_page(scheme: str) -> None:
    # WCAG 1.4.11: a day of a bar is a graphic whose colour says how the day went; a
    # degraded day (2.24:1) and a day without data (1.43:1) were barely there on white.
    light, dark = custom_properties(STYLESHEET.read_text())
    colours = light if scheme == "light" else dark
    days = ["nodata", *(f"bar-{status}" for status in STATUS_COLOURS)]
    for day in days:
        for background in ["bg", "surface"]:
            ratio = contrast(colours[day], colours[background])
            assert ratio >= 3, f"{scheme}: --{day} on --{background} is {ratio:.2f}:1"
    # A colour for each kind of day: no two kinds drawn alike.
    assert len(days) == len({colours[day] for day in days})


def focus_ring_colour(css: str, surface: str) -> str:
    """The variable the focus ring takes inside `surface`: its own rule's, else the page's."""
    rule = rf"{re.escape(surface)} :focus-visible\s*{{[^}}]*"
    inside = re.search(rule + r"outline(?:-color)?:[^;}]*var\(--([\w-]+)\)", css)
    return inside.group(1) if inside else "focus"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_shows_on_every_banner_fill(scheme: str) -> None:
    # WCAG 1.4.11: the ring around a focused link in the banner must stand out from the fill.
    css = STYLESHEET.read_text()
    light, dark = custom_properties(css)
    colours = light if scheme == "light" else dark
    ring = focus_ring_colour(css, ".banner")
    for fill in [*STATUS_COLOURS, "incident", "unknown"]:
        ratio = contrast(colours[ring], colours[f"banner-{fill}"])
        assert ratio >= 3, f"{scheme}: focus ring --{ring} on --banner-{fill} is {ratio:.2f}:1"


# --- the example site shipped in this repository --------------------------------------------------

EXAMPLE = Path(__file__).parent.parent
EXAMPLE_NOW = datetime(2026, 11, 22, 19, 15, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def example_files() -> dict[str, bytes]:
    from statusgen.build import render_site
    from statusgen.validate import load_site

    return render_site(load_site(EXAMPLE, base_url="https://example.org/status/"), EXAMPLE_NOW)


def test_example_site_front_page(example_files: dict[str, bytes]) -> None:
    page = soup(example_files, "index.html")
    assert "Ongoing incident" == text(page.h1)
    active = section(page, "Active incidents")
    assert "Errors when creating instant payouts" == text(active.h3)
    assert "Identified · Nov 22, 2026, 19:56 CET" in text(active)
    upcoming = section(page, "Upcoming maintenance")
    assert "Nov 29, 2026, 02:00 – 04:00 CET" in text(upcoming)
    assert "Partial outage" == text(component_row(page, "Payouts").select_one(".status"))
    # The site's own footer (themes/templates/partials/footer.html) replaces the built-in one.
    assert "Incident history · Powered by statusgen" in text(page.footer)
    assert "/status/history/" == page.footer.find_all("a")[-1]["href"]


def test_every_link_of_the_example_site_leads_to_a_file_it_writes(
    example_files: dict[str, bytes],
) -> None:
    broken = []
    for path in sorted(p for p in example_files if p.endswith(".html")):
        page = soup(example_files, path)
        targets = [a["href"] for a in page.find_all("a")] + [
            link["href"] for link in page.find_all("link") if link["rel"] != ["canonical"]
        ]
        for target in targets:
            if not target.startswith("/"):
                continue  # off-site links and fragments
            assert target.startswith("/status/"), (path, target)
            file = target.removeprefix("/status/").split("#")[0].split("?")[0]
            if file == "" or file.endswith("/"):
                file += "index.html"
            if file not in example_files:
                broken.append((path, target))
    assert [] == broken


def test_every_fact_is_one_grid_cell_holding_its_label_and_value(
    example_files: dict[str, bytes],
) -> None:
    # The facts box is a grid of cells: bare <dt>/<dd> pairs each took a cell, so at three
    # columns (a tablet, print) a component's "Group" sat beside its status's value.
    checked = 0
    for path in sorted(p for p in example_files if p.endswith(".html")):
        for facts in soup(example_files, path).select("dl.facts"):
            for child in facts.find_all(recursive=False):
                names = [tag.name for tag in child.find_all(recursive=False)]
                assert "div" == child.name, (path, str(child)[:80])
                assert names[:1] == ["dt"] and names[1:] and set(names[1:]) == {"dd"}, (
                    path,
                    names,
                )
                checked += 1
    assert checked > 0


def test_event_views_are_made_only_for_the_pages_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing the pages with their facts makes no event view (a build that renders two
    pages of a large site must not make one for every event); a page makes those it
    shows, each once."""
    from statusgen.render.views import Views

    made: list[str] = []
    make = Views._event

    def counting(self: Views, event: object) -> object:
        made.append(event.slug)  # type: ignore[attr-defined]
        return make(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Views, "_event", counting)
    incidents = [f.incident(f"old-{n:02}", NOW - timedelta(days=n + 1)) for n in range(60)]
    site = dataclasses.replace(f.site(incidents=incidents), root=str(tmp_path))
    listed = render_pages(RenderContext(site, compute(site, NOW)))
    outputs = {o.path: o for o in each_output(listed)}
    assert [] == made
    outputs["incidents/old-42/index.html"].render()
    assert ["old-42"] == made
    page = outputs["history/page/1/index.html"].render()  # the 25 oldest
    assert [f"old-{n}" for n in range(35, 60)] == sorted(made)  # old-42 among them, once
    assert "Old 59" in page.decode()
    for output in outputs.values():
        output.render()
    # Each view made once, shared by every page showing it.
    assert sorted(i.slug for i in incidents) == sorted(made)


@pytest.mark.parametrize(
    ("front", "named"),
    [
        ({"api": ComponentStatus.PARTIAL_OUTAGE}, [["web"], ["api", "db"]]),
        ({"web": ComponentStatus.MAJOR_OUTAGE, "api": ComponentStatus.DEGRADED_PERFORMANCE}, [[]]),
        ({}, [["db", "api"], ["web", "db"]]),
    ],
)
def test_a_component_page_lists_the_incidents_its_view_names(
    tmp_path: Path, front: dict[str, ComponentStatus], named: list[list[str]]
) -> None:
    """The components an incident's page names (its view, from status.component_changes)
    are those whose pages list it (worked out for every event without making its view):
    front matter and updates alike, whatever order they name them in."""
    from statusgen.model import AffectedComponent, Update

    base = f.incident("x", NOW - timedelta(days=1))
    updates = tuple(
        Update(
            base.started_at + timedelta(minutes=n),
            IncidentState.INVESTIGATING,
            "Text.",
            6 + n,
            components=tuple(AffectedComponent(c, ComponentStatus.MAJOR_OUTAGE) for c in ids),
        )
        for n, ids in enumerate(named)
    )
    incident = dataclasses.replace(
        base,
        updates=updates,
        components=tuple(AffectedComponent(c, s) for c, s in front.items()),
    )
    components = [f.component(c, "core", n) for n, c in enumerate(("api", "web", "db"), 1)]
    site = dataclasses.replace(
        f.site(components=components, incidents=[incident]), root=str(tmp_path)
    )
    pages = render_all(render_pages(RenderContext(site, compute(site, NOW))))
    page = BeautifulSoup(pages["incidents/x/index.html"], "html.parser")
    shown = [
        a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select('a[href*="/components/"]')
    ]
    listing = [
        c.id
        for c in components
        if BeautifulSoup(pages[f"components/{c.id}/index.html"], "html.parser").select(
            'ul.events a[href$="/incidents/x/"]'
        )
    ]
    assert listing, "the incident names at least one component"
    assert sorted(dict.fromkeys(shown)) == sorted(listing)


def test_each_list_entry_shows_its_own_times(tmp_path: Path) -> None:
    """Times are made into markup once per build and shared by the pages showing them:
    two incidents that start together but end apart still show their own ends, and a
    moment shown again shows the same."""
    start = NOW - timedelta(days=2)
    incidents = [
        f.incident("short", start, duration=timedelta(hours=1)),
        f.incident("long", start, duration=timedelta(hours=3)),
        f.incident("later", start + timedelta(hours=1), duration=timedelta(hours=1)),
    ]
    files = render(f.site(incidents=incidents), tmp_path)
    history = soup(files, "history/index.html")
    ends = {
        item.select_one("a")["href"].split("/")[-2]: item.select("time")[-1]["datetime"]
        for item in history.select("li.event-item")
    }
    assert {
        "short": (start + timedelta(hours=1)).astimezone(f.settings().tz).isoformat(),
        "long": (start + timedelta(hours=3)).astimezone(f.settings().tz).isoformat(),
        "later": (start + timedelta(hours=2)).astimezone(f.settings().tz).isoformat(),
    } == ends
    starts = {
        item.select_one("a")["href"].split("/")[-2]: item.select("time")[0]["datetime"]
        for item in history.select("li.event-item")
    }
    assert starts["short"] == starts["long"] != starts["later"]


def test_the_two_times_of_the_night_the_clocks_go_back_show_their_own_offsets(
    tmp_path: Path,
) -> None:
    """Times are made into markup once per build, by instant: the two 02:30 of the night
    the clocks go back in Berlin (equal datetimes to Python) keep their own offsets."""
    from zoneinfo import ZoneInfo

    from statusgen.model import Update

    berlin = ZoneInfo("Europe/Berlin")
    summer = datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=0)
    winter = datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=1)
    incident = dataclasses.replace(
        f.incident("dst", summer, duration=timedelta(hours=1)),
        updates=(
            Update(summer, IncidentState.INVESTIGATING, "Looking.", 6),
            Update(winter, IncidentState.RESOLVED, "Fixed.", 9),
        ),
        resolved_at=winter,
    )
    files = render(
        f.site(incidents=[incident]), tmp_path, now=datetime(2026, 11, 1, tzinfo=timezone.utc)
    )
    times = [
        t["datetime"] for t in soup(files, "incidents/dst/index.html").select(".update-time time")
    ]
    assert ["2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+02:00"] == times


def test_each_block_of_author_written_text_follows_its_own_direction(tmp_path: Path) -> None:
    """On a right-to-left page an English description or message keeps its full stop at
    its end: each block the author wrote takes its direction from its own text."""
    api = f.component("api", description="The public API.")
    open_ = f.incident("down", NOW - timedelta(hours=1), IncidentState.INVESTIGATING)
    done = dataclasses.replace(
        f.incident("done", NOW - timedelta(days=2)), summary="What we learned."
    )
    files = render(f.site(components=[api], incidents=[open_, done]), tmp_path)

    index = soup(files, "index.html")
    assert "auto" == index.select_one(".component-desc")["dir"]
    assert all("auto" == p.get("dir") for p in index.select(".prose"))
    assert index.select(".prose")
    assert "auto" == soup(files, "components/api/index.html").select_one(".lead")["dir"]
    page = soup(files, "incidents/done/index.html")
    blocks = page.select(".prose")
    assert len(blocks) == 3  # the summary and both updates
    assert all("auto" == p.get("dir") for p in blocks)


def test_printing_keeps_the_uptime_figures_and_drops_only_the_bars() -> None:
    css = STYLESHEET.read_text()
    rule = css.split("@media print {")[1].split("\n}")[0]
    hidden = rule.split("{ display: none; }")[0].rsplit("\n", 1)[-1]
    selectors = [s.strip() for s in hidden.split(",")]
    assert "ol.bars" in selectors
    assert ".uptime" not in selectors
    assert ".uptime-text" not in selectors
    assert not any(s.endswith(".summary") for s in selectors)


def test_a_table_in_a_message_keeps_the_space_below_a_paragraph_has() -> None:
    css = STYLESHEET.read_text()
    paragraph = re.search(r"^p \{[^}]*margin: ([^;]+);", css, re.M)
    table = re.search(r"^\.prose table, table\.figures \{([^}]*)\}", css, re.M)
    assert paragraph is not None and table is not None
    assert f"margin: {paragraph.group(1)};" in table.group(1)


def test_components_named_alike_in_two_groups_are_told_apart_where_their_names_stand_alone(
    tmp_path: Path,
) -> None:
    from statusgen.build import render_site
    from statusgen.model import Group, Source

    where = Source("content/components.yaml", 1)
    components = [
        f.component("eu-api", "eu", 1, name="API"),
        f.component("us-api", "us", 1, name="API"),
        f.component("web", None, 2, name="Website"),
    ]
    groups = [
        Group("eu", "Europe", None, 1, ("eu-api",), where),
        Group("us", "United States", None, 2, ("us-api",), where),
    ]
    incident = f.incident(
        "outage",
        NOW - timedelta(hours=2),
        IncidentState.IDENTIFIED,
        components={"eu-api": ComponentStatus.MAJOR_OUTAGE},
    )
    site = dataclasses.replace(
        f.site(components=components, groups=groups, incidents=[incident]), root=str(tmp_path)
    )
    out = render_site(site, NOW)
    page = BeautifulSoup(out["components/eu-api/index.html"], "html.parser")
    assert "Europe - API · Example Status" == page.title.string
    assert "Europe - API" == page.h1.get_text()
    assert page.select_one('meta[name="description"]')["content"].startswith("Europe - API (")
    assert b"<title>Example Status: Europe - API</title>" in out["components/eu-api/feed.xml"]
    assert b"United States - API: operational" in out["components/us-api/badge.svg"]
    history = BeautifulSoup(out["history/index.html"], "html.parser").get_text(" ", strip=True)
    assert "Component: Europe - API · United States - API · Website" in history
    subscribe = BeautifulSoup(out["subscribe/index.html"], "html.parser").get_text(" ")
    assert "Europe - API" in subscribe and "United States - API" in subscribe
    incident_page = BeautifulSoup(out["incidents/outage/index.html"], "html.parser")
    assert "Affected components Europe - API" in incident_page.get_text(" ", strip=True)
    home = BeautifulSoup(out["index.html"], "html.parser")
    assert "Affects: Europe - API" in home.get_text(" ", strip=True)
    # Under its group's heading, and where its name is the site's only one, a name is its own.
    names = [a.get_text() for a in home.select("a.component-name")]
    assert ["API", "API", "Website"] == names
    assert (
        "Website · Example Status"
        == BeautifulSoup(out["components/web/index.html"], "html.parser").title.string
    )


def test_a_component_named_like_another_group_is_told_apart_where_its_name_stands_alone(
    tmp_path: Path,
) -> None:
    # "Europe" under US, next to a Europe group: plain, it reads as the whole region.
    from statusgen.build import render_site
    from statusgen.model import Group, Source

    where = Source("content/components.yaml", 1)
    components = [
        f.component("eu-api", "eu", 1, name="API"),
        f.component("us-db", "us", 1, name="europe"),
        f.component("emea", "emea", 1, name="EMEA"),
        f.component("asia", None, 4, name="Asia"),
    ]
    groups = [
        Group("eu", "Europe", None, 1, ("eu-api",), where),
        Group("us", "US", None, 2, ("us-db",), where),
        Group("emea", "EMEA", None, 3, ("emea",), where),
        Group("apac", "ASIA", None, 5, (), where),
    ]
    incident = f.incident(
        "outage",
        NOW - timedelta(hours=2),
        IncidentState.IDENTIFIED,
        components={"us-db": ComponentStatus.PARTIAL_OUTAGE},
    )
    site = dataclasses.replace(
        f.site(components=components, groups=groups, incidents=[incident]), root=str(tmp_path)
    )
    out = render_site(site, NOW)
    page = BeautifulSoup(out["components/us-db/index.html"], "html.parser")
    assert "US - europe · Example Status" == page.title.string
    history = BeautifulSoup(out["history/index.html"], "html.parser").get_text(" ", strip=True)
    # Only its group's name, or none at all, leaves a component its own name.
    assert "Component: API · US - europe · EMEA · Asia" in history
    subscribe = BeautifulSoup(out["subscribe/index.html"], "html.parser").get_text(" ")
    assert "US - europe" in subscribe
    home = BeautifulSoup(out["index.html"], "html.parser")
    assert "Affects: US - europe" in home.get_text(" ", strip=True)


def test_a_right_to_left_group_and_a_latin_name_are_each_kept_in_their_own_direction(
    tmp_path: Path,
) -> None:
    # Joined bare, the Arabic group leads the line and turns the name's brackets:
    # "(DB-3 (primary - أوروبا". Each isolated, each reads as written, the group first.
    from statusgen.build import render_site

    outage = f.incident(
        "outage",
        NOW - timedelta(hours=2),
        IncidentState.IDENTIFIED,
        components={"eu-api": ComponentStatus.MAJOR_OUTAGE},
    )
    regions = f.regions_site([outage], europe="أوروبا", api="DB-3 (primary)")
    out = render_site(dataclasses.replace(regions, root=str(tmp_path)), NOW)
    named = "\u200f\u2068أوروبا\u2069 - \u2068DB-3 (primary)\u2069"
    assert named == soup(out, "components/eu-api/index.html").h1.get_text()
    assert f"<title>Example Status: {named}</title>".encode() in out["components/eu-api/feed.xml"]
    # Latin names joined as typed; the API's as Statuspage writes them.
    assert "US - DB-3 (primary)" == soup(out, "components/us-api/index.html").h1.get_text()
    updates = json.loads(out["api/v2/incidents.json"])["incidents"][0]["incident_updates"]
    first = updates[-1]["affected_components"]  # newest first; the first sets the statuses
    assert ["أوروبا - DB-3 (primary)"] == [c["name"] for c in first]


def test_every_list_of_an_events_components_follows_the_page_not_its_file(
    tmp_path: Path,
) -> None:
    # Front matter written in any order ("Ohio API, Paris Web, Paris API"), which jumps
    # between groups once an incident names thirty; the pages list groups in their order.
    import json

    from statusgen.build import render_site
    from statusgen.model import Group, Source

    where = Source("content/components.yaml", 1)
    components = [
        f.component("eu-api", "eu", 1, name="Paris API"),
        f.component("eu-web", "eu", 2, name="Paris Web"),
        f.component("us-api", "us", 1, name="Ohio API"),
    ]
    groups = [
        Group("eu", "Europe", None, 1, ("eu-api", "eu-web"), where),
        Group("us", "United States", None, 2, ("us-api",), where),
    ]
    written = {
        "us-api": ComponentStatus.PARTIAL_OUTAGE,
        "eu-web": ComponentStatus.DEGRADED_PERFORMANCE,
        "eu-api": ComponentStatus.MAJOR_OUTAGE,
    }
    incident = f.incident("outage", NOW - timedelta(hours=2), IncidentState.IDENTIFIED, written)
    site = dataclasses.replace(
        f.site(components=components, groups=groups, incidents=[incident]), root=str(tmp_path)
    )
    out = render_site(site, NOW)
    in_order = ["Paris API", "Paris Web", "Ohio API"]
    page = BeautifulSoup(out["incidents/outage/index.html"], "html.parser")
    listed = section(page, "Affected components").select("li")
    assert in_order == [n for li in listed for n in in_order if text(li).startswith(n)]
    said = "Paris API, Paris Web, and Ohio API"
    home = BeautifulSoup(out["index.html"], "html.parser").get_text(" ", strip=True)
    assert f"Affects: {said}" in home
    history = BeautifulSoup(out["history/index.html"], "html.parser")
    assert f"ongoing {said}" in history.get_text(" ", strip=True)
    feed = out["feed.xml"].decode()
    assert feed.index("Paris API") < feed.index("Paris Web") < feed.index("Ohio API")
    # The JSON API too: Statuspage lists an incident's components by their position.
    api = json.loads(out["api/v2/incidents.json"])
    assert in_order == [c["name"] for c in api["incidents"][0]["components"]]
    # And a search result, which says what the history's line says.
    (row,) = json.loads(out["search.json"])["events"]
    assert ["eu-api", "eu-web", "us-api"] == row[4]
