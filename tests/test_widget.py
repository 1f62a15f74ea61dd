"""What other sites embed: widget.js, shields.json and embed.html, read as files."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import factories as f
import pytest
from factories import NOW

from statusgen.build import render_site
from statusgen.i18n import SHIPPED
from statusgen.model import Impact, IncidentState, MaintenanceState, Site, Update
from statusgen.render.views import CARDS_IN_FULL
from statusgen.status import OVERALL_LABELS, OverallStatus

STATES = [status.value for status in OverallStatus]
# The budget the README promises for widget.js, compressed as hosts serve it.
WIDGET_GZIP_BUDGET = 3 * 1024
LONG_BASE_URL = "https://status.payments-platform.example.co.jp/status/"


def build(site: Site, root: Path) -> dict[str, bytes]:
    return render_site(dataclasses.replace(site, root=str(root)), NOW)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("site")
    return {state: build(f.site_in_state(state), root) for state in STATES}


@pytest.mark.parametrize("language", [name.replace("_", "-") for name in SHIPPED])
def test_widget_stays_under_its_size_budget_in_every_language(
    tmp_path: Path, language: str
) -> None:
    # Japanese, Chinese and Arabic words weigh the most; a long base_url is written in too.
    site = f.site(language=language, base_url=LONG_BASE_URL)
    script = build(site, tmp_path)["widget.js"]
    assert WIDGET_GZIP_BUDGET > len(gzip.compress(script, compresslevel=9))


def test_widget_carries_the_pages_wording_and_address(
    outputs: dict[str, dict[str, bytes]],
) -> None:
    script = outputs["operational"]["widget.js"].decode()
    labels = json.loads(re.search(r"const LABELS = (\{.*?\});", script)[1])  # type: ignore[index]
    expected = {status.value: label for status, label in OVERALL_LABELS.items()}
    assert {**expected, "incidents": "Ongoing incidents"} == labels
    assert 'const SITE = "https://status.example.com/";' in script
    assert "/*LABELS*/" not in script and "/*SITE*/" not in script


@pytest.mark.parametrize("state", STATES)
def test_shields_endpoint_says_what_the_badge_says(
    outputs: dict[str, dict[str, bytes]], state: str
) -> None:
    shields = json.loads(outputs[state]["shields.json"])
    badge = outputs[state]["badge.svg"].decode()
    assert 1 == shields["schemaVersion"]
    assert "status" == shields["label"]
    assert f'aria-label="status: {shields["message"]}"' in badge
    assert f'fill="{shields["color"]}"' in badge
    assert state.replace("_", " ") == shields["message"]


@pytest.mark.parametrize("state", STATES)
def test_embed_page_shows_the_overall_status(
    outputs: dict[str, dict[str, bytes]], state: str
) -> None:
    embed = outputs[state]["embed.html"].decode()
    assert OVERALL_LABELS[OverallStatus(state)] in embed
    assert f'class="banner b-{state}"' in embed
    assert "<script" not in embed
    assert '<meta name="robots" content="noindex">' in embed
    assert '<meta name="color-scheme" content="light dark">' in embed


def test_embed_page_lists_active_incidents_and_maintenance(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    site = f.site(
        incidents=[
            f.incident("outage", NOW - hour, IncidentState.IDENTIFIED, title="Logins fail"),
            f.incident("old", NOW - 30 * hour, title="Fixed long ago"),
        ],
        maintenances=[f.maintenance("upgrade", NOW - hour, NOW + hour, title="DB upgrade")],
    )
    embed = build(site, tmp_path)["embed.html"].decode()
    assert "Active incidents" in embed and "Maintenance in progress" in embed
    assert (
        '<a class="event-title" href="/incidents/outage/" target="_blank" rel="noopener">'
        '<span dir="auto">Logins fail</span></a>'
    ) in embed
    assert ">DB upgrade</span></a>" in embed
    assert "Fixed long ago" not in embed
    assert '<a href="/" target="_blank" rel="noopener">Ongoing incident</a>' in embed


def test_embed_page_counts_the_events_it_leaves_out_in_the_sites_language(
    tmp_path: Path,
) -> None:
    hour = timedelta(hours=1)
    many = [
        f.incident(f"outage-{n}", NOW - hour, IncidentState.IDENTIFIED, title=f"Outage {n}")
        for n in range(CARDS_IN_FULL + 2)
    ]
    english = build(f.site(incidents=many), tmp_path / "en")["embed.html"].decode()
    assert '<a href="/" target="_blank" rel="noopener">2 more</a>' in english
    german = f.site(incidents=many, language="de")
    embed = build(german, tmp_path / "de")["embed.html"].decode()
    assert '<a href="/" target="_blank" rel="noopener">2 weitere</a>' in embed


def test_embed_page_says_its_status_is_a_snapshot(tmp_path: Path) -> None:
    # An iframe beside the widget on one host page does not follow the status (a page
    # reloading itself fails WCAG 2.2.1), so its time must read as a snapshot's.
    english = build(f.site(), tmp_path / "en")["embed.html"].decode()
    assert 'http-equiv="refresh"' not in english
    assert re.search(r"As of <time datetime=", english)
    german = build(f.site(language="de"), tmp_path / "de")["embed.html"].decode()
    assert re.search(r"Stand: <time datetime=", german)


def test_embed_page_is_not_in_the_sitemap(outputs: dict[str, dict[str, bytes]]) -> None:
    sitemap = outputs["operational"]["sitemap.xml"].decode()
    assert "embed" not in sitemap
    assert "<loc>https://status.example.com/</loc>" in sitemap


def test_a_site_overrides_the_embed_page(tmp_path: Path) -> None:
    override = tmp_path / "themes" / "templates" / "embed.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "builtin/embed.html" %}'
        "{% block head %}<style>body{font-size:14px}</style>{% endblock %}"
    )
    embed = build(f.site(), tmp_path)["embed.html"].decode()
    assert "<style>body{font-size:14px}</style>" in embed
    assert "All systems operational" in embed


def test_embed_page_says_when_a_window_the_clock_began_started(
    tmp_path: Path,
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    window = dataclasses.replace(
        f.maintenance(
            "night-upgrade",
            datetime(2026, 10, 24, 23, 0, tzinfo=berlin),
            datetime(2026, 10, 25, 5, 0, tzinfo=berlin),
        ),
        updates=(
            Update(
                datetime(2026, 10, 20, 9, 0, tzinfo=berlin),
                MaintenanceState.SCHEDULED,
                "Planned work.",
                6,
            ),
        ),
    )
    now = datetime(2026, 10, 25, 3, 30, tzinfo=timezone(timedelta(hours=1)))
    files = render_site(dataclasses.replace(f.site(maintenances=[window]), root=str(tmp_path)), now)

    api = json.loads(files["api/v2/scheduled-maintenances.json"])
    opened = api["scheduled_maintenances"][0]["updated_at"]
    assert "2026-10-24T23:00:00.000+02:00" == opened
    embed = files["embed.html"].decode()
    # The clock began it, with no update posted then: it says so, not "Updated".
    assert "Updated" not in embed
    started = re.search(r"Started (<time [^>]*>[^<]*</time>)", embed)
    assert started is not None
    assert (
        '<time datetime="2026-10-24T23:00:00+02:00">Oct 24, 2026, 23:00 CEST</time>' == started[1]
    )


def test_embed_page_claims_no_start_still_to_come(tmp_path: Path) -> None:
    # A written `status: in_progress` opened the window an hour before its start, with no
    # update saying when: "Started" gave the planned start, after "As of" now.
    hour = timedelta(hours=1)
    early = dataclasses.replace(
        f.maintenance("early", NOW + hour, NOW + 3 * hour, state=MaintenanceState.IN_PROGRESS),
        updates=(),
    )
    embed = build(f.site(maintenances=[early]), tmp_path)["embed.html"].decode()
    assert "Maintenance in progress" in embed
    assert "Started" not in embed
    shown = [datetime.fromisoformat(t) for t in re.findall(r'<time datetime="([^"]*)"', embed)]
    assert [NOW] == shown


def test_embed_page_dates_an_incident_by_its_latest_update(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    outage = f.incident("outage", NOW - 2 * hour, IncidentState.IDENTIFIED, duration=2 * hour)
    embed = build(f.site(incidents=[outage]), tmp_path)["embed.html"].decode()
    updated = re.search(r"Updated <time datetime=\"([^\"]*)\"", embed)
    assert updated is not None
    assert NOW - hour == datetime.fromisoformat(updated[1])
    assert "Started" not in embed


def test_embed_page_gives_each_incidents_impact_in_words(tmp_path: Path) -> None:
    # The colour of its edge and state alone told a critical incident from a minor one.
    hour = timedelta(hours=1)
    incidents = [
        f.incident("down", NOW - hour, IncidentState.IDENTIFIED, impact=Impact.CRITICAL),
        f.incident("slow", NOW - hour, IncidentState.IDENTIFIED, impact=Impact.MINOR),
    ]
    window = [f.maintenance("upgrade", NOW - hour, NOW + hour)]
    impact = r'<span class="impact">([^<]*)</span>'
    english = f.site(incidents=incidents, maintenances=window)
    embed = build(english, tmp_path / "en")["embed.html"].decode()
    assert ["Critical impact", "Minor impact"] == re.findall(impact, embed)
    german = f.site(incidents=incidents, maintenances=window, language="de")
    embed = build(german, tmp_path / "de")["embed.html"].decode()
    assert ["Kritische Auswirkung", "Geringe Auswirkung"] == re.findall(impact, embed)


def open_incidents(count: int, **setting_overrides: object) -> Site:
    """A site with `count` incidents open at NOW and no component down: overall `incident`."""
    opened = [
        f.incident(f"outage-{n}", NOW - timedelta(hours=n + 1), IncidentState.INVESTIGATING)
        for n in range(count)
    ]
    return f.site(incidents=opened, **setting_overrides)


@pytest.mark.parametrize(
    ("language", "count", "heading"),
    [
        ("en", 1, "Ongoing incident"),
        ("en", 2, "Ongoing incidents"),
        ("de", 2, "Laufende Vorfälle"),
        # Polish and Arabic say two and five apart: each count takes its own form.
        ("pl", 2, "Trwające incydenty"),
        ("ar", 1, "حادث جارٍ"),
        ("ar", 2, "حادثان جاريان"),
        ("ar", 5, "حوادث جارية"),
    ],
)
def test_the_banner_counts_the_incidents_open(
    tmp_path: Path, language: str, count: int, heading: str
) -> None:
    files = build(open_incidents(count, language=language), tmp_path)
    status = json.loads(files["status.json"])
    index, embed = files["index.html"].decode(), files["embed.html"].decode()

    assert f'<h1 id="overall">{heading}</h1>' in index
    assert f'rel="noopener">{heading}</a></h1>' in embed
    # status.json is for machines: English whatever the language, plural all the same.
    assert ("incident", "Ongoing incidents" if count > 1 else "Ongoing incident") == (
        status["status"],
        status["description"],
    )


@pytest.mark.parametrize(
    ("language", "many"), [("en", "Ongoing incidents"), ("pl", "Trwające incydenty")]
)
def test_widget_has_words_for_more_than_one_incident_open(
    tmp_path: Path, language: str, many: str
) -> None:
    # The pill reads only status.json, whose description says more than one is open.
    script = build(f.site_in_state("incident", language=language), tmp_path)["widget.js"].decode()
    labels = json.loads(re.search(r"const LABELS = (\{.*?\});", script)[1])  # type: ignore[index]
    assert many == labels["incidents"]
    assert 'const MANY = "Ongoing incidents";' in script
