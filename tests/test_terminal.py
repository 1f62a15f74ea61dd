"""`statusgen status` output: the aligned table and the JSON, from a computed SiteStatus."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import date, timedelta

import pytest
from factories import NOW, component, incident, maintenance, regions_site, site, started_early

from statusgen.model import ComponentStatus, Impact, IncidentState, MaintenanceState
from statusgen.render.format import columns
from statusgen.render.terminal import status_json, status_table
from statusgen.status import compute

ANSI = re.compile(r"\033\[[0-9;]*m")
# A site's start_date before the 90-day window ending at NOW: every day of it is on record.
RECORDED_SINCE = date(2026, 8, 1)


def busy_site():
    """In Berlin (NOW is 19:00 CET): an open and a resolved incident, maintenance now and later;
    recorded since before the 90-day window, so the whole window counts."""
    return site(
        [
            component("api", "core", 1, name="Payments API"),
            component("web", "core", 2, name="Dashboard"),
            component("docs", None, 3, name="Documentation"),
        ],
        [
            incident(
                "2026-11-22-payout-errors",
                NOW - timedelta(hours=4, minutes=5),
                IncidentState.IDENTIFIED,
                {
                    "api": ComponentStatus.PARTIAL_OUTAGE,
                    "web": ComponentStatus.DEGRADED_PERFORMANCE,
                },
                impact=Impact.MAJOR,
                title="Payout creation errors",
            ),
            incident(
                "2026-11-19-outage",
                NOW - timedelta(days=3),
                IncidentState.RESOLVED,
                {"api": ComponentStatus.MAJOR_OUTAGE},
                duration=timedelta(hours=3),
            ),
        ],
        [
            maintenance(
                "bank-work",
                NOW + timedelta(days=7),
                NOW + timedelta(days=7, hours=2),
                ("api",),
                title="Bank maintenance",
            ),
            maintenance(
                "db-upgrade",
                NOW - timedelta(hours=1),
                NOW + timedelta(hours=1),
                ("docs",),
                title="Database upgrade",
            ),
            maintenance("old-work", NOW - timedelta(days=5), NOW - timedelta(days=5, hours=-1)),
        ],
        start_date=RECORDED_SINCE,
    )


def table(s, *, color=False):
    return status_table(s, compute(s, NOW), color=color)


def test_table_reads_top_down_overall_components_incidents_maintenance():
    expected = """\
Example Status
Ongoing incident  (Statuspage indicator: minor, Minor Service Outage)
As of 2026-11-22 19:00 CET

Component       Status                90-day uptime
Core            Partial outage
  Payments API  Partial outage               99.80%
  Dashboard     Degraded performance        100.00%
Documentation   Under maintenance           100.00%

Open incidents (1)
  Payout creation errors
    Identified, major impact, since 2026-11-22 14:55 CET (4h 5m), 2026-11-22-payout-errors
    Affects: Payments API (partial outage), Dashboard (degraded performance)

Maintenance (2)
  Database upgrade
    In progress, 2026-11-22 18:00 to 20:00 CET, db-upgrade
    Affects: Documentation
  Bank maintenance
    Scheduled, 2026-11-29 19:00 to 21:00 CET, bank-work
    Affects: Payments API
"""
    assert expected == table(busy_site())


def test_affects_lines_name_components_in_the_tables_order_not_the_files():
    s = busy_site()
    written = {"web": ComponentStatus.DEGRADED_PERFORMANCE, "api": ComponentStatus.PARTIAL_OUTAGE}
    listed = [incident("reversed", NOW - timedelta(hours=1), IncidentState.IDENTIFIED, written)]
    window = [
        maintenance("both", NOW - timedelta(hours=1), NOW + timedelta(hours=1), ("docs", "api"))
    ]
    out = table(site(list(s.components), listed, window, start_date=RECORDED_SINCE))
    assert "Affects: Payments API (partial outage), Dashboard (degraded performance)" in out
    assert "Affects: Payments API, Documentation" in out


def test_columns_line_up_whatever_the_names_and_statuses():
    rows = [
        ("A", ComponentStatus.MAJOR_OUTAGE),
        ("A much longer component name", ComponentStatus.OPERATIONAL),
        ("Mid", ComponentStatus.DEGRADED_PERFORMANCE),
        ("Queue", ComponentStatus.UNDER_MAINTENANCE),
    ]
    components = [
        component(f"c{n}", None, n, name=name, status=status)
        for n, (name, status) in enumerate(rows, 1)
    ]
    header, *body = table(site(components, groups=[])).split("\n\n")[1].splitlines()
    assert len(rows) == len(body)
    for line, (name, status) in zip(body, rows, strict=True):
        assert line.startswith(name + " ")
        assert header.index("Status") == line.index(status.label)
        assert len(header) == len(line)  # uptime ends under the end of its title
        assert line.endswith("100.00%")


def test_columns_line_up_on_screen_for_wide_and_combining_names():
    # A terminal draws a CJK character or an emoji two columns wide and a combining accent
    # on the letter before it: the Status column must start at one screen column for all.
    names = ["\u6c7a\u6e08 API", "\U0001f680 Launch", "Cafe\u0301 combining", "Plain name"]
    components = [component(f"c{n}", None, n, name=name) for n, name in enumerate(names, 1)]
    header, *body = table(site(components, groups=[])).split("\n\n")[1].splitlines()

    def screen_column(line: str, word: str) -> int:
        before = line[: line.index(word)]
        wide = sum(1 for char in before if unicodedata.east_asian_width(char) in "WF")
        return len(before) + wide - sum(1 for char in before if unicodedata.combining(char))

    assert len(names) == len(body)
    for line in body:
        assert screen_column(header, "Status") == screen_column(line, "Operational")


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("\U0001f6e0\ufe0f Tools", 8),  # 🛠️: VS16 makes the symbol an emoji, two wide
        ("บริการชำระเงิน", 12),  # one SARA AM (ำ), drawn in a column of its own
        ("\u0e84\u0eb3", 2),  # Lao SARA AM takes its own column too
        ("\U0001f469\u200d\U0001f4bb", 2),  # a joined emoji stays two
    ],
)
def test_columns_count_what_a_terminal_draws(name: str, drawn: int) -> None:
    # The status table was one column off for each: its Status column out of line.
    assert drawn == columns(name)


def test_colour_is_only_an_extra_on_top_of_the_words():
    plain = table(busy_site())
    coloured = table(busy_site(), color=True)
    assert "\033[" not in plain
    assert "\033[31mOngoing incident" in coloured
    assert "\033[33mDegraded performance" in coloured
    assert plain == ANSI.sub("", coloured)


def test_all_clear_table():
    s = site()
    out = table(s)
    assert out.startswith(
        "Example Status\n"
        "All systems operational  (Statuspage indicator: none, All Systems Operational)\n"
    )
    assert "Open incidents (0)\n  None.\n" in out
    assert out.endswith("Maintenance (0)\n  None in progress or scheduled.\n")


def test_site_without_components_says_so():
    out = table(site([], groups=[]))
    assert "Status unknown  (Statuspage indicator: none, All Systems Operational)" in out
    assert "\nNo components.\n" in out


def test_uptime_with_any_downtime_never_reads_100_percent():
    one_minute = incident(
        "blip",
        NOW - timedelta(days=2),
        IncidentState.RESOLVED,
        {"api": ComponentStatus.MAJOR_OUTAGE},
        duration=timedelta(minutes=1),
    )
    out = table(site([component("api")], [one_minute], groups=[], start_date=RECORDED_SINCE))
    assert re.search(r"^Api\s+Operational\s+99\.99%$", out, re.M)


def test_components_without_counted_time_show_no_data():
    later = component("api", start_date=date(2027, 1, 1))
    out = table(site([later], groups=[]))
    assert re.search(r"^Api\s+Operational\s+no data$", out, re.M)
    s = site([later], groups=[])
    assert [None] == [
        c["uptime"] for c in json.loads(status_json(s, compute(s, NOW)))["components"]
    ]


def test_maintenance_across_midnight_spells_out_both_dates():
    overnight = maintenance(
        "overnight", NOW + timedelta(hours=4), NOW + timedelta(hours=8), ("api",)
    )
    out = table(site(maintenances=[overnight]))
    assert "Scheduled, 2026-11-22 23:00 CET to 2026-11-23 03:00 CET, overnight" in out


def test_explicit_verifying_maintenance_is_listed_as_such():
    verifying = maintenance(
        "checks",
        NOW - timedelta(hours=3),
        NOW - timedelta(hours=1),
        ("web",),
        state=MaintenanceState.VERIFYING,
    )
    out = table(site(maintenances=[verifying], start_date=RECORDED_SINCE))
    # Held past its planned end (18:00) by the key, as its page says.
    said = "since 2026-11-22 16:00 CET (3h 0m so far, past its planned end)"
    assert f"    Verifying, {said}, checks\n" in out
    assert re.search(r"^  Web\s+Under maintenance\s+100\.00%$", out, re.M)


def test_a_window_kept_open_past_its_end_is_given_as_ongoing():
    # Planned 16:00 to 17:00 CET, still in progress at 19:00: as the pages give it, not
    # as a plan that lapsed two hours ago; begun early, it counts from then, as they do.
    planned = maintenance(
        "db", NOW - timedelta(hours=3), NOW - timedelta(hours=2), state=MaintenanceState.IN_PROGRESS
    )
    out = table(site(maintenances=[planned]))
    said = "since 2026-11-22 16:00 CET (3h 0m so far, past its planned end)"
    assert f"    In progress, {said}, db\n" in out
    early = started_early(planned, NOW - timedelta(hours=3, minutes=20))
    out = table(site(maintenances=[early]))
    said = "since 2026-11-22 15:40 CET (3h 20m so far, past its planned end)"
    assert f"    In progress, {said}, db\n" in out


def test_json_has_the_documented_shape_and_values():
    s = busy_site()
    data = json.loads(status_json(s, compute(s, NOW)))
    assert {
        "overall": "incident",
        "indicator": "minor",
        "description": "Minor Service Outage",
        "now": "2026-11-22T19:00:00+01:00",
        "components": [
            {
                "id": "api",
                "name": "Payments API",
                "group": "core",
                "status": "partial_outage",
                "uptime": 0.99804,
                "uptime_days": 90,
            },
            {
                "id": "web",
                "name": "Dashboard",
                "group": "core",
                "status": "degraded_performance",
                "uptime": 1.0,
                "uptime_days": 90,
            },
            {
                "id": "docs",
                "name": "Documentation",
                "group": None,
                "status": "under_maintenance",
                "uptime": 1.0,
                "uptime_days": 90,
            },
        ],
        "open_incidents": [
            {
                "slug": "2026-11-22-payout-errors",
                "title": "Payout creation errors",
                "state": "identified",
                "impact": "major",
                "started_at": "2026-11-22T14:55:00+01:00",
            }
        ],
        "maintenance": [
            {
                "slug": "db-upgrade",
                "title": "Database upgrade",
                "state": "in_progress",
                "scheduled_for": "2026-11-22T18:00:00+01:00",
                "scheduled_until": "2026-11-22T20:00:00+01:00",
            },
            {
                "slug": "bank-work",
                "title": "Bank maintenance",
                "state": "scheduled",
                "scheduled_for": "2026-11-29T19:00:00+01:00",
                "scheduled_until": "2026-11-29T21:00:00+01:00",
            },
        ],
    } == data


def test_json_uptime_is_the_weighted_fraction_over_the_window():
    s = busy_site()
    api = json.loads(status_json(s, compute(s, NOW)))["components"][0]
    # 3 h major outage three days ago and 4 h 5 min of partial outage (0.3) until now,
    # over 89 whole Berlin days (one of them the 25-hour day summer time ended) plus
    # today's 19 hours.
    downtime_hours = 3 + (4 + 5 / 60) * 0.3
    # Rounded down to six decimals, as the table is.
    expected = math.floor((1 - downtime_hours / (89 * 24 + 1 + 19)) * 1_000_000) / 1_000_000
    assert expected == api["uptime"]


def test_json_is_stable_sorted_and_ends_with_a_newline():
    s = busy_site()
    first = status_json(s, compute(s, NOW))
    assert first == status_json(s, compute(s, NOW))
    assert (
        json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == first
    )


def test_an_emoji_sequence_takes_two_columns_like_any_emoji():
    # A terminal draws 👩‍💻 (woman, joiner, laptop) and 👍🏽 (a thumb and its skin tone) as
    # one emoji, two columns wide; counted per code point they were four, and the row's
    # Status column started two columns right of the others'.
    names = [
        "\U0001f680 Rocket \U0001f469\u200d\U0001f4bb",  # 🚀 Rocket 👩‍💻: 12 columns
        "\U0001f44d\U0001f3fd Thumbs up",  # 👍🏽 Thumbs up: 12
        "\U0001f1fa\U0001f1e6 Kyiv rack",  # 🇺🇦 Kyiv rack: 12
        "Plain name12",  # 12
    ]
    components = [component(f"c{n}", None, n, name=name) for n, name in enumerate(names, 1)]
    _, *body = table(site(components, groups=[])).split("\n\n")[1].splitlines()
    padding = {
        line[len(name) : line.index("Operational")] for line, name in zip(body, names, strict=True)
    }
    assert 1 == len(padding), body


def test_affects_lines_name_components_as_the_pages_do_where_two_share_a_name():
    outage = incident(
        "outage",
        NOW - timedelta(hours=1),
        IncidentState.IDENTIFIED,
        {"us-api": ComponentStatus.PARTIAL_OUTAGE, "us-europe": ComponentStatus.MAJOR_OUTAGE},
    )
    window = maintenance("dns", NOW - timedelta(hours=1), NOW + timedelta(hours=1), ("eu-api",))
    text = table(regions_site([outage], [window]))
    assert "    Affects: US - API (partial outage), US - Europe (major outage)\n" in text
    assert "    Affects: Europe - API\n" in text


def test_affects_lines_join_a_right_to_left_group_and_its_component_readably():
    # The pages isolate each part of "الشرق الأوسط - API"; a terminal would show those
    # isolates, and the mark before them, as `\u2068` escapes. A mark the author wrote in
    # a name still is one.
    outage = incident(
        "outage",
        NOW - timedelta(hours=1),
        IncidentState.IDENTIFIED,
        {"eu-api": ComponentStatus.PARTIAL_OUTAGE},
    )
    window = maintenance("dns", NOW - timedelta(hours=1), NOW + timedelta(hours=1), ("eu-api",))
    text = table(regions_site([outage], [window], europe="الشرق الأوسط"))
    assert "    Affects: الشرق الأوسط - API (partial outage)\n" in text
    assert "    Affects: الشرق الأوسط - API\n" in text
    marked = table(regions_site([outage], europe="الشرق\u200f الأوسط"))
    assert "    Affects: الشرق\\u200f الأوسط - API (partial outage)\n" in marked
