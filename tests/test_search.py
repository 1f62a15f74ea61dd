"""search.json: what the history search finds incidents by."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import factories as f
import pytest
from factories import NOW
from hypothesis import given
from hypothesis import strategies as st

from statusgen.model import ComponentStatus, Impact, IncidentState, MaintenanceState
from statusgen.render import format as format_module
from statusgen.render.context import RenderContext
from statusgen.render.search import (
    INDEX_PATH,
    TEXT_LIMIT,
    cut_between_words,
    plain_words,
    render_search,
)
from statusgen.status import compute


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("**Bold** and _italic_", "Bold and italic"),
        ("See [the runbook](https://example.com/run_book) now", "See the runbook now"),
        ("![graph of errors](errors.png)", "graph of errors"),
        ("# Heading\n\n- one\n- two", "Heading one two"),
        # Raw HTML shows as the characters typed; entities as the characters they name.
        ("`code` and <b>tags</b> &amp; more", "code and <b>tags</b> & more"),
        ("**Bo**ld [a](https://example.com/a_(b)) c", "Bold a c"),
        ("> quoted  \n\n\ttext", "quoted text"),
    ],
)
def test_plain_words(markdown: str, words: str) -> None:
    assert words == plain_words(markdown)


def index_of(site: object) -> dict[str, Any]:
    """search.json, with the rows of its parts after its own, as search.js reads them."""
    context = RenderContext(site, compute(site, NOW))  # type: ignore[arg-type]
    outputs = {output.path: output for output in render_search(context)}
    loaded: dict[str, Any] = json.loads(outputs.pop(INDEX_PATH).render())
    assert list(outputs) == loaded.get("parts", [])
    for path in loaded.get("parts", []):
        loaded["events"] += json.loads(outputs[path].render())["events"]
    return loaded


def test_one_row_per_event_newest_first() -> None:
    older = f.incident("older", NOW - timedelta(days=3), title="Older", message="DNS *trouble*")
    newer = f.incident(
        "newer",
        NOW - timedelta(days=1),
        components={"web": ComponentStatus.MAJOR_OUTAGE},
        impact=Impact.MAJOR,
        title="Newer",
    )
    window = f.maintenance("window", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))
    index = index_of(f.site(incidents=[older, newer], maintenances=[window]))
    # Every event in one year: one file, as every index was before parts (format 1).
    assert 1 == index["format"]
    assert "parts" not in index
    assert {"api": "Api", "web": "Web"} == index["components"]
    rows = index["events"]
    assert isinstance(rows, list)
    assert ["window", "newer", "older"] == [row[1].split("/")[1] for row in rows]
    assert ["maintenance", "major", "minor"] == [row[3] for row in rows]
    # The start in seconds since the epoch, for the browser to write in the site's zone.
    start = int((NOW - timedelta(days=1)).timestamp())
    assert ["Newer", "incidents/newer/", start, "major", ["web"]] == rows[1][:5]
    assert "Fixed. DNS trouble" == rows[2][5]  # newest update first, as the page shows them


def test_each_earlier_year_is_a_part_of_its_own() -> None:
    # An edit or a new incident writes its own year's rows again, not the whole
    # history's; the newest year stays in search.json, so a young site is one file.
    titles = {0: "This year", 2: "Two years back", 3: "Three years back"}
    events = [
        f.incident(f"y{years}", NOW - timedelta(days=365 * years + 30), title=title)
        for years, title in titles.items()
    ]
    context = RenderContext(f.site(incidents=events), compute(f.site(incidents=events), NOW))
    outputs = {output.path: output for output in render_search(context)}
    assert [INDEX_PATH, "search/2024.json", "search/2023.json"] == list(outputs)
    index = json.loads(outputs[INDEX_PATH].render())
    assert 2 == index["format"]
    assert ["search/2024.json", "search/2023.json"] == index["parts"]
    assert ["This year"] == [row[0] for row in index["events"]]
    part = json.loads(outputs["search/2023.json"].render())
    assert ["Three years back"] == [row[0] for row in part["events"]]
    assert ("y3",) == outputs["search/2023.json"].events
    assert list(titles.values()) == [row[0] for row in index_of(f.site(incidents=events))["events"]]


def test_a_year_is_that_of_the_local_date() -> None:
    # Just after midnight on New Year's Day in Berlin is still the old year in UTC: the
    # event is in that year's part (the browser writes its moment in the site's zone).
    import dataclasses
    from datetime import datetime, timezone

    new_year = datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)
    events = [
        f.incident("early", new_year, title="Early"),
        f.incident("old", new_year - timedelta(days=1)),
    ]
    site = f.site(incidents=events)
    site = dataclasses.replace(
        site, settings=dataclasses.replace(site.settings, timezone="Europe/Berlin")
    )
    index = json.loads(next(iter(render_search(RenderContext(site, compute(site, NOW))))).render())
    assert [["Early", int(new_year.timestamp())]] == [row[0:3:2] for row in index["events"]]
    assert ["search/2025.json"] == index["parts"]


def test_a_window_begun_early_and_running_over_is_in_the_year_its_line_shows() -> None:
    # Planned for New Year's night, begun the evening before and still in progress past
    # its planned end: its line shows the evening before, so its row is among 2025's, in
    # that order, and not alone in 2026.
    from datetime import datetime, timezone

    at, window = f.AFTER_NEW_YEAR, f.new_year_window()
    dns = f.incident("dns", datetime(2025, 12, 31, 22, 30, tzinfo=timezone.utc), title="DNS blip")
    old = f.incident("old", datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc), title="Old")
    site = f.site(incidents=[dns, old], maintenances=[window])
    outputs = {o.path: o for o in render_search(RenderContext(site, compute(site, at)))}
    assert [INDEX_PATH] == list(outputs)
    rows = json.loads(outputs[INDEX_PATH].render())["events"]
    early = int(datetime(2025, 12, 31, 22, 0, tzinfo=timezone.utc).timestamp())
    assert [["DNS blip", None], ["Upgrade", early], ["Old", None]] == [
        [row[0], row[2] if row[0] == "Upgrade" else None] for row in rows
    ]


def test_the_words_of_an_event_are_bounded() -> None:
    long = f.incident("long", NOW - timedelta(days=1), message="word " * 5_000)
    [row] = index_of(f.site(incidents=[long]))["events"]
    assert TEXT_LIMIT >= len(row[5])


def test_a_long_incident_is_found_by_its_newest_updates() -> None:
    # The page shows the updates newest first; the index keeps as many words as fit, so
    # what is cut is the oldest (the summary, written first, goes before any update),
    # never the resolution.
    import dataclasses

    from statusgen.model import Update

    start = NOW - timedelta(days=1)
    long = dataclasses.replace(
        f.incident("long", start),
        summary="Checkout was slow.",
        updates=(
            Update(start, IncidentState.INVESTIGATING, "Looking into it. " + "word " * 100, 6),
            Update(start + timedelta(hours=1), IncidentState.IDENTIFIED, "A bad deploy.", 9),
            Update(start + timedelta(hours=2), IncidentState.RESOLVED, "Rolled back.", 12),
        ),
    )
    [row] = index_of(f.site(incidents=[long]))["events"]
    assert row[5].startswith("Rolled back. A bad deploy. Looking into it. word word")
    assert "Checkout" not in row[5]
    # Whole words: the cut falls between two.
    assert TEXT_LIMIT - len(" word") < len(row[5]) <= TEXT_LIMIT
    assert row[5].endswith(" word")


# A summary past the limit on its own, and the words of a long update.
LONG_SUMMARY = " ".join(f"background{i}" for i in range(30))
DETAIL = " ".join(f"detail{i}" for i in range(20))


@pytest.mark.parametrize(
    ("summary", "resolution", "postmortem"),
    [
        # Written first, the summary is the oldest text: the updates after it stay.
        (LONG_SUMMARY, "Fixed by failing over to REPLICAFAILOVER.", ""),
        # A resolution past the limit keeps its beginning, whatever came before it.
        (
            " ".join(f"background{i}" for i in range(10)),
            f"{DETAIL} Fixed by failing over to REPLICAFAILOVER. {DETAIL} {DETAIL}",
            "",
        ),
        # A long postmortem, newer than the resolution, does not push it out.
        (
            "The database was slow.",
            "Fixed by failing over to REPLICAFAILOVER.",
            f"{DETAIL} {DETAIL} {DETAIL}",
        ),
    ],
)
def test_a_long_incident_is_still_found_by_its_resolution(
    tmp_path: Path, summary: str, resolution: str, postmortem: str
) -> None:
    """The index keeps TEXT_LIMIT characters of an event's words, dropping the oldest
    (docs/search.md): never the resolution, and never half a word."""
    from sitefiles import INCIDENT_PATH, run_build, write_site

    text = (
        f"---\ntitle: Database slow\nstatus: {'postmortem' if postmortem else 'resolved'}\n"
        f"components:\n  checkout: partial_outage\n---\n{summary}\n\n"
        "## Investigating at 2026-11-20 14:05\nLooking into it.\n\n"
        f"## Resolved at 2026-11-20 15:12\n{resolution}\n"
    )
    if postmortem:
        text += f"\n## Postmortem at 2026-11-21 10:00\n{postmortem}\n"
    root = write_site(tmp_path, {INCIDENT_PATH: text})
    assert 0 == run_build(root).exit_code
    [words] = [row[5] for row in json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]]
    assert "REPLICAFAILOVER" in words
    assert TEXT_LIMIT >= len(words)
    written = f"{summary} Looking into it. {resolution} {postmortem}".split()
    assert set() == set(words.split()) - set(written)


@pytest.fixture
def reduced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The newest update of each event a build reduces to words (search._first_words), in
    builds that render the index in this process: a rebuild may render it in a child
    process (statusgen.forked), whose calls no spy here sees."""
    from statusgen import forked
    from statusgen.render import search

    monkeypatch.setattr(forked, "may_fork", lambda: False)
    texts: list[str] = []
    reduce = search._first_words

    def counting(event_texts: Sequence[str], render: Callable[[str], str]) -> str:
        # The resolution, here the newest update, comes first (search._newest_first).
        texts.append(event_texts[0])
        return reduce(event_texts, render)

    monkeypatch.setattr(search, "_first_words", counting)
    return texts


def test_a_cached_build_reduces_only_the_edited_event_to_words(
    tmp_path: Path, reduced: list[str]
) -> None:
    """Each event's row is kept between builds, by the bytes of its file and its cut at
    the clock: an edit reduces its own event to words again, and search.json shows the
    new words, never the row remembered for the old text."""
    from sitefiles import INCIDENT, INCIDENT_PATH, run_build, write_site

    others = {
        f"content/incidents/2026-10-{day:02}-outage-{day}.md": INCIDENT.replace(
            "Checkout errors", f"Outage {day}"
        )
        .replace("Some payments failed.", f"Outage number {day}.")
        .replace("2026-11-20", f"2026-10-{day:02}")
        for day in range(1, 21)
    }
    root = write_site(tmp_path, others)
    assert 0 == run_build(root).exit_code
    assert 21 == len(reduced)
    edited = root / INCIDENT_PATH
    edited.write_text(INCIDENT.replace("Some payments failed.", "Some refunds failed."))
    reduced.clear()
    assert 0 == run_build(root).exit_code
    assert ["All good again."] == reduced
    rows = json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]
    [words] = [row[5] for row in rows if row[0] == "Checkout errors"]
    assert words.endswith("Some refunds failed.")
    # The edit back to the first text finds the words it had then.
    edited.write_text(INCIDENT)
    assert 0 == run_build(root).exit_code
    rows = json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]
    [words] = [row[5] for row in rows if row[0] == "Checkout errors"]
    assert words.endswith("Some payments failed.")


def test_a_part_not_written_keeps_its_saved_rows(tmp_path: Path, reduced: list[str]) -> None:
    """A build that writes only this year's rows keeps the saved rows of the other years:
    a later edit to last year's incident reduces that incident alone to words again."""
    from sitefiles import INCIDENT, run_build, write_site

    def incidents(year: int, count: int, title: str) -> dict[str, str]:
        return {
            f"content/incidents/{year}-10-{day:02}-outage-{day}.md": INCIDENT.replace(
                "Checkout errors", f"{title} {day}"
            ).replace("2026-11-20", f"{year}-10-{day:02}")
            for day in range(1, count + 1)
        }

    root = write_site(tmp_path, incidents(2025, 20, "Last year"))
    assert 0 == run_build(root).exit_code
    assert 21 == len(reduced)
    for path, text in incidents(2026, 20, "Busy").items():  # enough new rows to save them
        (root / path).write_text(text)
    reduced.clear()
    assert 0 == run_build(root).exit_code
    assert 20 == len(reduced)
    edited = root / "content/incidents/2025-10-07-outage-7.md"
    edited.write_text(edited.read_text().replace("Some payments failed.", "Some refunds failed."))
    reduced.clear()
    assert 0 == run_build(root).exit_code
    assert ["All good again."] == reduced
    rows = json.loads((root / "public" / "search" / "2025.json").read_bytes())["events"]
    assert 20 == len(rows)
    [words] = [row[5] for row in rows if row[0] == "Last year 7"]
    assert words.endswith("Some refunds failed.")


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        # The page shows the link's text; the link itself is dropped (no javascript: URL).
        ("Try the [js link](javascript:alert(1)) now.", "Try the js link now."),
        ("The feed said ]]> and stopped.", "The feed said ]]> and stopped."),
        # Raw HTML is shown as the characters typed, so it is found by them.
        ("Look for <b>bold</b> here.", "Look for <b>bold</b> here."),
    ],
)
def test_the_index_holds_the_words_the_page_shows(message: str, shown: str) -> None:
    # Open, the incident has this one update: its words are all the row's.
    event = f.incident("odd", NOW - timedelta(days=1), IncidentState.INVESTIGATING, message=message)
    (row,) = index_of(f.site(incidents=[event]))["events"]
    assert shown == row[5]


def test_after_a_change_of_language_a_cached_build_searches_as_a_clean_one(
    tmp_path: Path,
) -> None:
    """The impact is searched by the words the history page names it with, in its
    language; the saved rows hold its id, and the build after `language:` changed writes
    what a build from nothing writes."""
    import html
    import re

    from sitefiles import run_build, tree, write_site

    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text() + "language: de\n")
    assert 0 == run_build(root).exit_code
    fresh = tmp_path / "fresh"
    assert 0 == run_build(root, "--no-cache", "-o", str(fresh)).exit_code
    assert tree(fresh) == tree(root / "public")

    history = (root / "public" / "history" / "index.html").read_text()
    [messages] = re.findall(r'class="history-search"[^>]* data-messages="([^"]*)"', history)
    impacts = json.loads(html.unescape(messages))["impacts"]
    assert "Geringe Auswirkung" == impacts["minor"]
    assert "Geringe Auswirkung" in history  # as the list beside the search says it


def test_each_row_says_the_state_its_result_shows() -> None:
    """A result says the state and, while the event is active, marks it so ("ongoing"),
    as the history's list does: the row holds both, the page the words (search_messages)."""
    events = [
        f.incident("open", NOW - timedelta(days=1), IncidentState.INVESTIGATING),
        f.incident("closed", NOW - timedelta(days=2)),
    ]
    windows = [
        f.maintenance("ahead", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1)),
        f.maintenance("now", NOW - timedelta(hours=1), NOW + timedelta(hours=1)),
    ]
    rows = index_of(f.site(incidents=events, maintenances=windows))["events"]
    states = {row[1].split("/")[1]: row[6:8] for row in rows}
    assert {
        "ahead": ["scheduled", False],
        "now": ["in_progress", True],
        "open": ["investigating", True],
        "closed": ["resolved", False],
    } == states


def test_each_row_holds_the_span_and_the_components_of_its_list_line() -> None:
    """A result says what the history's line says: the span it gives (its start, and its
    length in seconds, none where it says "– ongoing": an open incident, a window open
    past its planned end) and the components in its order: the page's, not the file's."""
    both = {"web": ComponentStatus.MAJOR_OUTAGE, "api": ComponentStatus.PARTIAL_OUTAGE}
    events = [
        f.incident("open", NOW - timedelta(days=1), IncidentState.INVESTIGATING, both),
        f.incident("closed", NOW - timedelta(days=2)),
    ]
    windows = [
        f.maintenance("now", NOW - timedelta(hours=1), NOW + timedelta(hours=2)),
        f.maintenance(
            "late",
            NOW - timedelta(hours=3),
            NOW - timedelta(hours=1),
            ("web", "api"),
            MaintenanceState.IN_PROGRESS,
        ),
        # Begun 20 minutes early, and open past its end: its line runs from its early start.
        f.started_early(
            f.maintenance(
                "early",
                NOW - timedelta(hours=4),
                NOW - timedelta(hours=2),
                ("web",),
                MaintenanceState.IN_PROGRESS,
            ),
            NOW - timedelta(hours=4, minutes=20),
        ),
    ]
    rows = index_of(f.site(incidents=events, maintenances=windows))["events"]
    spans = {row[1].split("/")[1]: (row[2], row[8], row[4]) for row in rows}

    def at(ago: timedelta) -> int:
        return int((NOW - ago).timestamp())

    assert {
        # Written "web, api": listed in the page's order, as the line lists them.
        "open": (at(timedelta(days=1)), None, ["api", "web"]),
        "closed": (at(timedelta(days=2)), 3600, ["api"]),
        "now": (at(timedelta(hours=1)), 3 * 3600, ["api"]),
        "late": (at(timedelta(hours=3)), None, ["api", "web"]),
        "early": (at(timedelta(hours=4, minutes=20)), None, ["web"]),
    } == spans


def test_the_page_names_each_state_in_its_language(tmp_path: Path) -> None:
    from statusgen.i18n import load_language
    from statusgen.render.search import search_messages

    messages = search_messages(load_language(tmp_path, "de"), ZoneInfo("Europe/Berlin"))
    states = messages["states"]
    assert isinstance(states, dict)
    assert {*(s.value for s in (*IncidentState, *MaintenanceState)), "cancelled"} == set(states)
    assert "Behoben" == states["resolved"]
    assert "Abgesagt" == states["cancelled"]  # a window called off
    assert "{date} – andauernd" == messages["ongoing"]
    # The site's zone named as the German pages name it, where a browser would say "GMT+1".
    assert {"60": "MEZ", "120": "MESZ"} == messages["zones"]


@pytest.mark.parametrize(
    ("zone", "summer", "later"),
    [
        # Istanbul's summers at +03:00 were EEST until it kept +03:00 all year in 2016.
        ("Europe/Istanbul", datetime(2015, 7, 1, 9, tzinfo=timezone.utc), "+03"),
        # Moscow's summers at +04:00 were MSD until it kept +04:00 as MSK in 2011.
        ("Europe/Moscow", datetime(2010, 7, 1, 9, tzinfo=timezone.utc), "MSK"),
    ],
)
def test_an_offset_named_in_turn_by_two_names_gives_each_its_own_time(
    tmp_path: Path, zone: str, summer: datetime, later: str
) -> None:
    """The results name a moment's zone as the page does: an offset that had another name
    before keeps it for its own times, not the later one's (search.js: zoneName)."""
    from statusgen.i18n import load_language
    from statusgen.render.search import search_messages

    language = load_language(tmp_path, "en")
    tz = ZoneInfo(zone)
    zones = search_messages(language, tz)["zones"]
    assert isinstance(zones, dict)

    def named(moment: datetime) -> str:
        # As search.js's zoneName reads the map.
        offset = moment.astimezone(tz).utcoffset()
        assert offset is not None
        names = zones[str(int(offset.total_seconds()) // 60)]
        if isinstance(names, str):
            return names
        index = 0
        while index + 2 < len(names) and moment.timestamp() >= names[index + 1]:
            index += 2
        name = names[index]
        assert isinstance(name, str)
        return name

    now = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
    moments = [summer, summer.replace(month=1), now, now.replace(month=7)]
    # Either side of each moment a name gives way to the next, to the second.
    for names in zones.values():
        for change in names[1::2] if isinstance(names, list) else ():
            assert isinstance(change, int)
            at = datetime.fromtimestamp(change, timezone.utc)
            moments += [at - timedelta(seconds=1), at]
    for moment in moments:
        assert language.zone(moment.astimezone(tz)) == named(moment), moment
    assert language.zone(summer.astimezone(tz)) != later
    assert later == named(now)


def test_as_the_clock_moves_a_cached_build_says_the_states_a_clean_one_does(
    tmp_path: Path,
) -> None:
    """A window's state and an incident's resolution come with the clock, not an edit: the
    rows kept between builds never say the state a build before them saw."""
    from sitefiles import INCIDENT, run_build, tree, write_site

    window = (
        "---\ntitle: Upgrade\nscheduled_for: 2026-11-25 02:00\n"
        "scheduled_until: 2026-11-25 03:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-11-21 09:30\nWe will upgrade.\n"
    )
    outage = (
        INCIDENT.replace("Checkout errors", "Queue stuck")
        .replace("2026-11-20 14:05", "2026-11-24 23:00")
        .replace("2026-11-20 15:12", "2026-11-25 02:30")
    )
    others = {
        f"content/incidents/2026-10-{day:02}-outage-{day}.md": INCIDENT.replace(
            "Checkout errors", f"Outage {day}"
        ).replace("2026-11-20", f"2026-10-{day:02}")
        for day in range(1, 21)
    }
    root = write_site(
        tmp_path / "site",
        {
            **others,
            "content/incidents/2026-11-25-upgrade.md": window,
            "content/incidents/2026-11-24-queue.md": outage,
        },
    )

    def states() -> dict[str, list[object]]:
        rows = json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]
        return {row[0]: row[6:] for row in rows if row[0] in ("Upgrade", "Queue stuck")}

    # The state, whether active, and the span's length: none while the incident is open.
    assert 0 == run_build(root, now="2026-11-24T23:30:00Z").exit_code
    assert {
        "Upgrade": ["scheduled", False, 3600],
        "Queue stuck": ["investigating", True, None],
    } == states()
    for now, expected in [
        ("2026-11-25T01:10:00Z", {"Upgrade": ["in_progress", True, 3600]}),
        ("2026-11-25T01:40:00Z", {"Queue stuck": ["resolved", False, 3.5 * 3600]}),
        ("2026-11-25T02:10:00Z", {"Upgrade": ["completed", False, 3600]}),
    ]:
        assert 0 == run_build(root, now=now).exit_code
        assert expected.items() <= states().items()
        fresh = tmp_path / f"fresh-{now}"
        assert 0 == run_build(root, "--no-cache", "-o", str(fresh), now=now).exit_code
        assert tree(fresh) == tree(root / "public")


def test_a_retired_component_is_named_only_where_a_row_lists_it() -> None:
    # Retired to take it off the page, a component no event names is not published; one
    # a past incident names keeps its name, for the incident to be found by it.
    import dataclasses

    old = f.incident(
        "old", NOW - timedelta(days=3), components={"old-db": ComponentStatus.MAJOR_OUTAGE}
    )
    retired = (f.component("old-db", name="Old DB"), f.component("dedicated", name="ACME only"))
    site = dataclasses.replace(f.site(incidents=[old]), retired=retired)

    index = index_of(site)

    assert {"api": "Api", "web": "Web", "old-db": "Old DB"} == index["components"]


RETIRED = "- id: acme\n  name: ACME Corp dedicated cluster\n  retired: true\n"


def test_a_cached_index_names_a_retired_component_once_an_earlier_years_row_lists_it(
    tmp_path: Path,
) -> None:
    """The index names what the rows of every part list: an edit to last year's incident
    naming a retired component changes it, as a clean build shows."""
    from sitefiles import COMPONENTS, INCIDENT, run_build, write_site

    last_year = "content/incidents/2025-10-01-outage.md"
    old = INCIDENT.replace("2026-11-20", "2025-10-01")
    root = write_site(tmp_path, {"content/components.yaml": COMPONENTS + RETIRED, last_year: old})
    assert 0 == run_build(root).exit_code
    index = root / "public" / INDEX_PATH
    assert ["search/2025.json"] == json.loads(index.read_bytes())["parts"]
    assert b"ACME" not in index.read_bytes()

    (root / last_year).write_text(
        old.replace(
            "  checkout: partial_outage\n", "  checkout: partial_outage\n  acme: major_outage\n"
        )
    )
    assert 0 == run_build(root).exit_code
    clean = run_build(root, "--no-cache", "-o", str(tmp_path / "clean"))

    assert 0 == clean.exit_code, clean.output
    assert (tmp_path / "clean" / INDEX_PATH).read_bytes() == index.read_bytes()
    assert "ACME Corp dedicated cluster" == json.loads(index.read_bytes())["components"]["acme"]


# A Japanese update: one space after its first word, then none (Japanese is not spaced).
JAPANESE = "調査中 " + "決済処理で遅延が発生しております。原因はデータベースの接続数上限です。" * 10


def test_an_unspaced_message_is_found_by_words_past_its_first_space() -> None:
    # Cut at its only space, the row kept "調査中" and nothing else of the message.
    incident = f.incident(
        "db", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=JAPANESE
    )
    [row] = index_of(f.site(incidents=[incident]))["events"]
    assert "接続数上限" in row[5]
    assert TEXT_LIMIT * 0.8 <= len(row[5]) <= TEXT_LIMIT
    assert JAPANESE.startswith(row[5])
    assert row[5].endswith("。")  # cut after a clause's end, the nearest to the limit


@pytest.mark.parametrize(
    ("lead", "unit", "message"),
    [
        ("!", "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "a family emoji"),
        ("", "स्वास्थ्य", "Hindi with conjuncts (स्व, स्थ्य)"),
    ],
)
def test_words_without_spaces_are_cut_between_whole_characters(
    lead: str, unit: str, message: str
) -> None:
    # Cut at the limit by code points, a family lost its last members after a joiner and a
    # Hindi word ended in a consonant's virama (स्), half a conjunct. (`lead` moves the
    # limit off a whole number of families.)
    incident = f.incident(
        "odd", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=lead + unit * 60
    )
    [row] = index_of(f.site(incidents=[incident]))["events"]
    assert row[5].endswith(unit), message
    assert len(row[5]) <= TEXT_LIMIT
    assert 0 == (len(row[5]) - len(lead)) % len(unit), message


def test_a_cut_after_a_clause_mark_keeps_the_mark_with_its_accent() -> None:
    # A 。 with a combining mark at the limit: the cut after the 。 kept it and dropped its
    # mark, which then stood alone at the start of nothing (half a character in the row).
    for lead in range(4, 9):  # moves the 。 and its mark across the limit
        message = "x" * lead + "決済処理で遅延" * 39 + "。\u0301" + "原因は調査中です" * 3
        incident = f.incident(
            "db", NOW - timedelta(hours=1), IncidentState.INVESTIGATING, message=message
        )
        [row] = index_of(f.site(incidents=[incident]))["events"]
        assert message.startswith(row[5])
        assert len(row[5]) <= TEXT_LIMIT
        assert "\u0301" != message[len(row[5])], ascii(row[5][-3:])


@pytest.mark.parametrize(
    ("words", "limit", "kept"),
    [
        # The 。 and its mark are one character, past the limit: cut before it instead...
        ("::::::::::::::。\u0301", 15, "::::::::::::::"),
        # ...and within it, after them both.
        ("::::::::::::::。\u0301:", 16, "::::::::::::::。\u0301"),
        # A space after a joiner is part of its character: neither is cut from the other.
        ("::::::::\u200d :::::::::", 10, "::::::::\u200d "),
        # No room at all is no text, whatever is past the limit.
        ("。:", 0, ""),
        ("。:", -1, ""),
        ("a b", -5, ""),
    ],
)
def test_a_cut_never_splits_a_character(words: str, limit: int, kept: str) -> None:
    assert kept == cut_between_words(words, limit)


ADDRESS = "https://status.upstream-provider.example.com/incidents/2026-11-25-card-payments-europe"


def test_a_long_address_is_dropped_whole_from_the_index() -> None:
    # Cut near the limit, the row ended in half an address, which matches no search.
    words = "Our upstream provider had an outage affecting card payments. " * 2
    message = f"{words}Details are at {ADDRESS}-degraded-{'x' * 60} and we will follow up."
    incident = f.incident("db", NOW - timedelta(hours=1), IncidentState.RESOLVED, message=message)
    [row] = index_of(f.site(incidents=[incident]))["events"]
    assert row[5].endswith("Details are at"), row[5][-30:]


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        # A spaced language's last word is dropped whole, however long.
        (f"Details are at {ADDRESS}", "Details are at"),
        # So is an address alone: half of it would be a link to nothing.
        (ADDRESS, ""),
        (f"www.{ADDRESS.removeprefix('https://')} is where", ""),
        # Japanese then an address: the address is still a word of its own.
        (
            f"決済処理で遅延が発生しております。詳細は {ADDRESS}",
            "決済処理で遅延が発生しております。詳細は",
        ),
        # An English name then Japanese: the Japanese is cut at the limit, not at the space.
        (
            "Payments API 決済処理で遅延が発生しております。原因はデータベースの接続数上限です。",
            "Payments API 決済処理で遅延が発生しております。原因はデータベースの",
        ),
        # Thai after its only space: cut near the limit, between whole characters.
        ("ระบบ " + "ชำระเงินล่าช้า" * 5, "ระบบ " + "ชำระเงินล่าช้า" * 2 + "ชำระเงิ"),
    ],
)
def test_a_cut_falls_at_a_space_unless_unspaced_text_follows_it(words: str, kept: str) -> None:
    assert kept == cut_between_words(words, 40)


# Latin characters with the first combining marks and other scripts' characters beside
# them, so that a text mixes both sides of format.PLAIN_BELOW and characters that stand
# alone (format.stands_alone) with those the rules join.
_AROUND_PLAIN = st.text(
    st.sampled_from(
        [
            *"ab zé\r\nßłş",
            *"\u02ff\u0300\u0301\u200d👩💻🇺🇦กำ",
            # CJK, Hangul syllables and jamo, a conjunct's parts, a prepended sign.
            *"決。가\u1100\u1161\u11a8क\u094dष\u0600١",
        ]
    ),
    max_size=40,
)


@given(_AROUND_PLAIN)
def test_grapheme_ends_join_latin_text_only_at_a_cr_lf(text: str) -> None:
    # The shortcut for Latin text must end characters where the rules do.
    expected, regionals = [], 0
    for index in range(1, len(text) + 1):
        before = text[index - 1]
        regionals = regionals + 1 if format_module._is_regional(before) else 0
        if index == len(text) or not format_module._joined(before, text[index], regionals):
            expected.append(index)
    assert expected == list(format_module.grapheme_ends(text))


@given(
    st.lists(st.text("abcdeéßłşñ", min_size=1, max_size=12), min_size=1, max_size=30),
    st.integers(1, 120),
)
def test_latin_words_are_cut_after_the_last_whole_word_that_fits(
    words: list[str], limit: int
) -> None:
    text = " ".join(words)
    kept = cut_between_words(text, limit)
    assert len(kept) <= limit
    assert text.startswith(kept)
    if len(text) <= limit:
        assert kept == text
    elif " " in text[1 : limit + 1]:
        # The most whole words that fit, and not one letter of the next.
        assert kept == text[: text.rfind(" ", 1, limit + 1)]
    else:
        assert kept == text[:limit]  # one word longer than the room: cut at the limit


def test_results_name_components_as_the_history_list_does_where_two_share_a_name() -> None:
    outage = f.incident(
        "outage",
        NOW - timedelta(hours=2),
        components={
            "us-europe": ComponentStatus.MAJOR_OUTAGE,
            "eu-api": ComponentStatus.MAJOR_OUTAGE,
        },
    )
    index = index_of(f.regions_site(incidents=[outage]))
    assert {
        "eu-api": "Europe - API",
        "eu-web": "Website",
        "us-api": "US - API",
        "us-europe": "US - Europe",
    } == index["components"]
