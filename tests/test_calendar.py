"""maintenance.ics, checked against the RFC 5545 rules calendar apps rely on."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest
import sitefiles
from click.testing import CliRunner
from factories import NOW, maintenance, regions_site, site

from statusgen.authoring.edit import message_text
from statusgen.cli import cli
from statusgen.model import Maintenance, Site
from statusgen.render.calendar import escape_text, fold, render_calendar, sequence
from statusgen.render.context import RenderContext, render_all
from statusgen.status import compute

HOUR = timedelta(hours=1)


def render(s: Site, now: datetime = NOW) -> bytes:
    files = render_all(render_calendar(RenderContext(s, compute(s, now))))
    assert ["maintenance.ics"] == list(files)
    return files["maintenance.ics"]


def unfold(data: bytes) -> list[str]:
    """Content lines: CRLF-separated, a leading space continues the previous line."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines: list[str] = []
    for physical in text[:-2].split("\r\n"):
        assert "\n" not in physical and "\r" not in physical
        if physical.startswith(" "):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(char)
    return "".join(out)


def events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties; its VALARM's lines are kept whole under "VALARM"."""
    result: list[dict[str, str]] = []
    alarm: list[str] | None = None
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            result.append({})
        elif line == "BEGIN:VALARM":
            alarm = []
        elif line == "END:VALARM" and alarm is not None:
            result[-1]["VALARM"] = "\n".join(alarm)
            alarm = None
        elif alarm is not None:
            alarm.append(line)
        elif result and line != "END:VEVENT" and ":" in line:
            name, _, value = line.partition(":")
            result[-1][name.split(";")[0]] = value
    return result


# RFC 5545: the properties each component must carry (§3.6, §3.6.1, §3.6.5, §3.7).
REQUIRED = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "VALARM": {"ACTION", "TRIGGER", "DESCRIPTION"},
}


def strictly_parsed(data: bytes) -> list[str]:
    """The components as a strict reader meets them, each as it ends (inner ones first);
    fails where RFC 5545 says a calendar is malformed."""
    ended: list[str] = []
    # Each component open at this line: its name, its properties' names, its components.
    open_: list[tuple[str, set[str], list[str]]] = []
    for line in unfold(data):  # CRLF lines, folded as §3.1 says
        name, colon, value = line.partition(":")
        assert colon and name, line
        if name == "BEGIN":
            assert open_ or "VCALENDAR" == value, "everything lies inside a VCALENDAR"
            open_.append((value, set(), []))
        elif name == "END":
            component, properties, inside = open_.pop()
            assert component == value, line
            assert REQUIRED.get(component, set()) <= properties, component
            if component == "VCALENDAR":  # §3.6: one component at least
                assert inside, "a VCALENDAR without a component"
            if component == "VTIMEZONE":  # §3.6.5: a STANDARD or DAYLIGHT at least
                assert {"STANDARD", "DAYLIGHT"} & set(inside), "a VTIMEZONE without a rule"
            if open_:
                open_[-1][2].append(component)
            ended.append(component)
        else:
            assert open_, line
            open_[-1][1].add(name.split(";")[0])
    assert [] == open_
    assert "VCALENDAR" == ended[-1]
    return ended


def example(**overrides: object) -> Site:
    return site(
        maintenances=[
            maintenance(
                "db-upgrade",
                NOW + 24 * HOUR,
                NOW + 26 * HOUR,
                title="Database upgrade; payments, refunds \\ payouts — Zürich",
            ),
            maintenance("old-work", NOW - 72 * HOUR, NOW - 71 * HOUR),
        ],
        **overrides,
    )


def test_calendar_structure_and_event_fields() -> None:
    data = render(example())
    lines = unfold(data)
    assert ["BEGIN:VCALENDAR", "VERSION:2.0"] == lines[:2]
    assert "END:VCALENDAR" == lines[-1]
    assert any(line.startswith("PRODID:") for line in lines)
    upgrade, old = events(data)
    assert "20261123T180000Z" == upgrade["DTSTART"]
    assert "20261123T200000Z" == upgrade["DTEND"]
    assert "https://status.example.com/incidents/db-upgrade/" == upgrade["URL"]
    assert "CONFIRMED" == upgrade["STATUS"]
    assert "Database upgrade; payments, refunds \\ payouts — Zürich" == unescape(upgrade["SUMMARY"])
    assert "Planned work." in unescape(upgrade["DESCRIPTION"])
    assert "Affected: Api" in unescape(upgrade["DESCRIPTION"])
    assert "20261119T180000Z" == old["DTSTART"]


def test_physical_lines_are_at_most_75_octets_and_folded_between_characters() -> None:
    long_title = "Wartung der Zahlungsabwicklung für Überweisungen " * 4
    data = render(site(maintenances=[maintenance("w", NOW, NOW + HOUR, title=long_title)]))
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # never cut inside a multi-byte character
    (event,) = events(data)
    assert long_title == unescape(event["SUMMARY"])


def test_a_summary_is_folded_between_whole_emoji() -> None:
    # Some calendar apps show where a line was folded: folded after a zero-width joiner,
    # a family emoji showed as its members. Folds now fall between whole emoji.
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    title = "Wartung " + family * 12
    data = render(site(maintenances=[maintenance("w", NOW, NOW + HOUR, title=title)]))
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        text = physical.decode("utf-8")
        assert not text.endswith("\u200d") and not text.startswith(" \u200d"), text
        assert not text.startswith((" \U0001f467", " \U0001f466")), text
    (event,) = events(data)
    assert title == unescape(event["SUMMARY"])


def test_a_thai_summary_is_folded_between_a_consonant_and_its_vowel_sign() -> None:
    # SARA AM (ำ) is a letter to Unicode's categories, so a fold fell before it and each
    # continuation line began with a vowel sign cut from its consonant.
    title = "\u0e02" + "\u0e01\u0e33" * 60  # ข then กำ × 60
    data = render(site(maintenances=[maintenance("w", NOW, NOW + HOUR, title=title)]))
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        assert not physical.decode("utf-8").startswith(" \u0e33")
    (event,) = events(data)
    assert title == unescape(event["SUMMARY"])


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\ntwo\r\nthree", "one\\ntwo\\nthree")],
)
def test_text_values_are_escaped(raw: str, escaped: str) -> None:
    assert escaped == escape_text(raw)


def test_fold_keeps_short_lines_and_splits_long_ones() -> None:
    assert "SUMMARY:short" == fold("SUMMARY:short")
    folded = fold("X:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert "X:" + "é" * 80 == folded.replace("\r\n ", "")
    # A letter under more accents than a line holds is the one fold inside a character.
    stacked = "X:a" + "\u0301" * 100
    assert all(len(part.encode()) <= 75 for part in fold(stacked).split("\r\n"))
    assert stacked == fold(stacked).replace("\r\n ", "")


def test_uids_and_stamps_are_stable_across_builds() -> None:
    first = events(render(example(), NOW))
    later = events(render(example(), NOW + 2 * HOUR))
    assert [e["UID"] for e in first] == [e["UID"] for e in later]
    assert [e["DTSTAMP"] for e in first] == [e["DTSTAMP"] for e in later]
    assert ["db-upgrade@status.example.com", "old-work@status.example.com"] == [
        e["UID"] for e in first
    ]
    assert render(example()) == render(example())


def test_uids_and_urls_carry_the_base_path() -> None:
    (event, _) = events(render(example(base_url="https://org.github.io/status/")))
    assert "db-upgrade@org.github.io/status" == event["UID"]
    assert "https://org.github.io/status/incidents/db-upgrade/" == event["URL"]


def test_a_uid_escapes_the_semicolons_and_commas_of_the_base_path(tmp_path: Path) -> None:
    # UID is TEXT (RFC 5545 §3.8.4.7): unescaped, `;` and `,` end a strict reader's value.
    sitefiles.write_site(tmp_path, {CALLED_OFF_PATH: PLANNED})  # a window, defined below
    base_url = "https://status.example.com/eu;v=2,beta/"
    built = sitefiles.run_build(tmp_path, "-q", "--base-url", base_url, now="2026-12-04T00:00:00Z")
    assert 0 == built.exit_code, built.output
    data = (tmp_path / "public" / "maintenance.ics").read_bytes()
    (uid,) = [line for line in unfold(data) if line.startswith("UID:2026-12-10-database")]
    assert "UID:2026-12-10-database-upgrade@status.example.com/eu\\;v=2\\,beta" == uid
    assert "2026-12-10-database-upgrade@status.example.com/eu;v=2,beta" == unescape(uid[4:])


def test_a_site_without_maintenance_has_a_calendar_strict_readers_accept() -> None:
    data = render(site())
    assert [] == events(data)
    assert ["STANDARD", "VTIMEZONE", "VCALENDAR"] == strictly_parsed(data)
    # The zone it defines is UTC, the one the events are written in: offset zero.
    lines = unfold(data)
    assert {"TZID:UTC", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000"} <= set(lines)
    assert "END:VCALENDAR" == lines[-1]
    assert render(site(), NOW + 2 * HOUR) == data


def test_a_calendar_with_maintenance_parses_strictly() -> None:
    parsed = strictly_parsed(render(example()))
    assert ["VALARM", "VEVENT", "VEVENT", "VCALENDAR"] == parsed


def test_a_window_to_come_reminds_subscribers_a_day_ahead() -> None:
    data = render(example())
    upcoming, past = events(data)
    action, description, trigger = sorted(upcoming["VALARM"].split("\n"))
    assert "ACTION:DISPLAY" == action
    assert description.startswith("DESCRIPTION:Maintenance tomorrow: ")
    # RELATED=START: a day before the window opens, not before it closes.
    assert "TRIGGER;RELATED=START:-P1D" == trigger
    # Each alarm sits inside its event, as RFC 5545 nests them.
    text = data.decode()
    assert text.index("BEGIN:VALARM") < text.index("END:VEVENT")
    # None for work already done: "tomorrow" would be untrue.
    assert "completed" == past["X-STATUSGEN-STATE"]
    assert "VALARM" not in past


def weekly(
    prefix: str, first: datetime, count: int, length: timedelta = 2 * HOUR
) -> list[Maintenance]:
    return [
        maintenance(
            f"{prefix}-{n:03}", first + n * 7 * 24 * HOUR, first + n * 7 * 24 * HOUR + length
        )
        for n in range(count)
    ]


def starts(data: bytes) -> list[str]:
    return sorted(e["DTSTART"] for e in events(data))


def test_every_window_ahead_is_in_the_calendar_however_many_are_planned() -> None:
    # A year of weekly windows, and one tomorrow: the nearest ones matter most.
    tomorrow = maintenance("tomorrow", NOW + 20 * HOUR, NOW + 22 * HOUR)
    year = weekly("weekly", NOW + 7 * 24 * HOUR, 52)
    data = render(site(maintenances=[tomorrow, *year]))
    assert 53 == len(events(data))
    assert ["20261123T140000Z", "20261129T180000Z"] == starts(data)[:2]


def test_every_window_under_way_is_in_the_calendar() -> None:
    under_way = [
        maintenance(f"long-{n:02}", NOW - (n + 1) * HOUR, NOW + 30 * 24 * HOUR) for n in range(33)
    ]
    ahead = weekly("weekly", NOW + 24 * HOUR, 61)
    found = {
        e["UID"].split("@")[0] for e in events(render(site(maintenances=[*under_way, *ahead])))
    }
    assert {m.slug for m in [*under_way, *ahead]} == found


def test_only_the_50_most_recent_past_windows_are_kept() -> None:
    past = weekly("past", NOW - 60 * 7 * 24 * HOUR, 60)
    ahead = maintenance("ahead", NOW + 24 * HOUR, NOW + 26 * HOUR)
    found = [e["UID"].split("@")[0] for e in events(render(site(maintenances=[*past, ahead])))]
    # Latest first: the window ahead, then the past ones back to the 50th most recent.
    assert ["ahead", *(f"past-{n:03}" for n in range(59, 9, -1))] == found


def sequence_of(start: datetime, end: datetime, later: timedelta | None = None) -> int:
    """The window's SEQUENCE, announced two days before NOW, and with an update `later`
    than that if given: the updates' times do not follow the window's."""
    window = maintenance("db-upgrade", start, end)
    first = replace(window.updates[0], at=NOW - 48 * HOUR)
    more = () if later is None else (replace(first, at=first.at + later, line=first.line + 3),)
    (event,) = events(render(site(maintenances=[replace(window, updates=(first, *more))])))
    return int(event["SEQUENCE"])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (NOW + 25 * HOUR, NOW + 27 * HOUR),  # postponed
        (NOW + 20 * HOUR, NOW + 22 * HOUR),  # moved earlier
        (NOW - 7 * 24 * HOUR, NOW - 7 * 24 * HOUR + HOUR),  # a week earlier, and shorter
        (NOW + 24 * HOUR, NOW + 26 * HOUR),  # the same times
    ],
)
def test_a_later_update_raises_the_sequence_whatever_the_window_s_times(
    start: datetime, end: datetime
) -> None:
    # RFC 5545 §3.8.7.4: a calendar that keeps a copy ignores a version whose SEQUENCE did
    # not rise. A build sees the file alone: the newest update is what moves forward.
    announced = sequence_of(NOW + 24 * HOUR, NOW + 26 * HOUR)
    assert announced < sequence_of(start, end, later=timedelta(minutes=1))


def test_a_window_s_times_edited_alone_keep_its_sequence() -> None:
    # As docs/outputs.md says: without an update, apps that keep a copy keep the old times.
    start, end = NOW + 24 * HOUR, NOW + 26 * HOUR
    assert sequence_of(start, end) == sequence_of(start + HOUR, end + 2 * HOUR)
    window = maintenance("db-upgrade", start, end)
    newest = replace(window.updates[0], at=NOW + 1000 * 365 * 24 * HOUR)
    assert 2**31 > sequence(replace(window, updates=(newest,)))


# --- a window written by hand, without any update heading ----------------------------------

UNANNOUNCED = """\
---
title: Database upgrade
scheduled_for: 2026-12-10 02:00 Z
scheduled_until: 2026-12-10 04:00 Z
components:
  api: under_maintenance
---
We upgrade the database.
"""
UNANNOUNCED_PATH = "content/incidents/2026-12-10-database-upgrade.md"
# Every file that dates the window or the newest change.
DATED = [
    "feed.xml",
    "atom.xml",
    "maintenance.ics",
    "components/api/feed.xml",
    "api/v2/summary.json",
    "api/v2/components.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "status.json",
]


def _unannounced_site(tmp_path: Path) -> Path:
    settings = sitefiles.SETTINGS.replace("Europe/Berlin", "UTC") + "start_date: 2026-09-01\n"
    return sitefiles.write_site(
        tmp_path, {"statusgen.yaml": settings, UNANNOUNCED_PATH: UNANNOUNCED}
    )


def test_a_window_without_an_announcement_keeps_its_dates_while_only_the_clock_moves(
    tmp_path: Path,
) -> None:
    root = _unannounced_site(tmp_path)
    built = {}
    for now in ("2026-12-01T12:00:00Z", "2026-12-01T13:00:00Z"):
        assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
        built[now] = {path: (root / "public" / path).read_bytes() for path in DATED}

    first, second = built.values()
    assert first == second
    rss = feedparser.parse(first["feed.xml"])
    window = next(e for e in rss.entries if e.title.endswith("Database upgrade"))
    # Dated when the site's record began; the feed's newest change is no older than it.
    assert (2026, 9, 1) == tuple(window.published_parsed[:3])
    assert rss.feed.updated_parsed >= window.published_parsed
    assert b"CREATED:20260901T000000Z" in first["maintenance.ics"]


def test_check_warns_of_a_window_without_an_announcement_and_fix_writes_one(
    tmp_path: Path,
) -> None:
    root = _unannounced_site(tmp_path)
    runner = CliRunner()

    warned = runner.invoke(cli, ["-C", str(root), "check", "--now", "2026-12-01T12:00:00Z"])
    fixed = runner.invoke(cli, ["-C", str(root), "check", "--fix", "--now", "2026-12-01T12:00Z"])

    assert 0 == warned.exit_code
    assert (
        f"{UNANNOUNCED_PATH}:1:1: warning: this maintenance has no announcement: feeds, the "
        "calendar and the API date it when the site's record began (2026-09-01 00:00 UTC)"
    ) in warned.output
    assert 0 == fixed.exit_code, fixed.output
    assert "no announcement" not in fixed.output
    assert (
        UNANNOUNCED.replace(
            "---\nWe upgrade", "---\n## Scheduled at 2026-12-01 12:00 +00:00\n\nWe upgrade"
        )
        == (root / UNANNOUNCED_PATH).read_text()
    )


def test_a_window_already_begun_is_told_its_announcement_is_dated_at_its_start(
    tmp_path: Path,
) -> None:
    """A window entered after the fact: an announcement at the current time would stand
    after its start, so --fix dates it at the start, and the hint says so beforehand."""
    root = _unannounced_site(tmp_path)
    runner = CliRunner()
    now = "2026-12-20T12:00:00Z"

    warned = runner.invoke(cli, ["-C", str(root), "check", "--now", now])
    fixed = runner.invoke(cli, ["-C", str(root), "check", "--fix", "--now", now])

    assert 0 == warned.exit_code, warned.output
    assert (
        "`statusgen check --fix` writes one with the current time, or with the window's "
        "start once it has begun\n"
    ) in warned.output
    assert 0 == fixed.exit_code, fixed.output
    assert (
        UNANNOUNCED.replace(
            "---\nWe upgrade", "---\n## Scheduled at 2026-12-10 02:00 +00:00\n\nWe upgrade"
        )
        == (root / UNANNOUNCED_PATH).read_text()
    )


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_fix_writes_the_announcement_in_the_files_own_line_breaks(
    tmp_path: Path, newline: str
) -> None:
    root = _unannounced_site(tmp_path)
    (root / UNANNOUNCED_PATH).write_bytes(UNANNOUNCED.replace("\n", newline).encode())

    fixed = CliRunner().invoke(
        cli, ["-C", str(root), "check", "--fix", "--now", "2026-12-01T12:00Z"]
    )

    assert 0 == fixed.exit_code, fixed.output
    announced = UNANNOUNCED.replace(
        "---\nWe upgrade", "---\n## Scheduled at 2026-12-01 12:00 +00:00\n\nWe upgrade"
    )
    assert announced.replace("\n", newline).encode() == (root / UNANNOUNCED_PATH).read_bytes()


def test_fix_announces_a_window_whose_written_status_is_scheduled(tmp_path: Path) -> None:
    # The announcement says what the status says: nothing about the window changes.
    root = _unannounced_site(tmp_path)
    written = UNANNOUNCED.replace("components:", "status: scheduled\ncomponents:")
    (root / UNANNOUNCED_PATH).write_text(written)
    runner = CliRunner()

    fixed = runner.invoke(cli, ["-C", str(root), "check", "--fix", "--now", "2026-12-01T12:00Z"])
    checked = runner.invoke(cli, ["-C", str(root), "check", "--now", "2026-12-01T12:00Z"])

    assert 0 == fixed.exit_code, fixed.output
    assert f"Wrote an announcement in {UNANNOUNCED_PATH}" in fixed.output
    assert (
        written.replace(
            "---\nWe upgrade", "---\n## Scheduled at 2026-12-01 12:00 +00:00\n\nWe upgrade"
        )
        == (root / UNANNOUNCED_PATH).read_text()
    )
    assert 0 == checked.exit_code
    assert "no announcement" not in checked.output


@pytest.mark.parametrize(
    ("status", "heading", "now"),
    [
        ("in_progress", "In progress", "2026-12-10T03:00Z"),
        ("verifying", "Verifying", "2026-12-10T03:00Z"),
        ("completed", "Completed", "2026-12-11T12:00Z"),
    ],
)
def test_a_window_whose_written_status_an_announcement_would_move_is_told_what_to_write(
    tmp_path: Path, status: str, heading: str, now: str
) -> None:
    # Its `status:` counts from its last update: an announcement alone would hold the
    # window from then on (or, completed, never), so --fix leaves it and says what to write.
    root = _unannounced_site(tmp_path)
    written = UNANNOUNCED.replace("components:", f"status: {status}\ncomponents:")
    (root / UNANNOUNCED_PATH).write_text(written)
    runner = CliRunner()

    warned = runner.invoke(cli, ["-C", str(root), "check", "--now", now])
    fixed = runner.invoke(cli, ["-C", str(root), "check", "--fix", "--now", now])

    assert 0 == warned.exit_code, warned.output
    lines = warned.output.splitlines()
    at = lines.index(
        f"{UNANNOUNCED_PATH}:1:1: warning: this maintenance has no announcement: feeds, the "
        "calendar and the API date it when the site's record began (2026-09-01 00:00 UTC)"
    )
    hint = lines[at + 1]
    assert "--fix` writes one" not in hint
    assert "`## Scheduled at <time>`" in hint
    assert f"`## {heading} at <time>`" in hint
    assert 0 == fixed.exit_code, fixed.output
    assert written == (root / UNANNOUNCED_PATH).read_text()


# --- a window called off: a `Completed` update before its start (docs/content.md) -----------

CALLED_OFF_PATH = "content/incidents/2026-12-10-database-upgrade.md"
PLANNED = """\
---
title: Database upgrade
scheduled_for: 2026-12-10 02:00 Z
scheduled_until: 2026-12-10 04:00 Z
components:
  api: under_maintenance
---
## Scheduled at 2026-12-01 10:00 Z
We upgrade the [database](../../components/api/).
"""
CALLED_OFF = PLANNED + "\n## Completed at 2026-12-05 09:00 Z\nCalled off: not needed after all.\n"
# Before the window opens, once it is over and after its planned time.
CALLED_OFF_NOWS = ("2026-12-06T00:00:00Z", "2026-12-11T00:00:00Z")


def built_calendar(root: Path, text: str, now: str) -> dict[str, str]:
    """The window's VEVENT in maintenance.ics as `statusgen build` writes it at `now`."""
    sitefiles.write_site(root, {"statusgen.yaml": sitefiles.SETTINGS, CALLED_OFF_PATH: text})
    assert 0 == sitefiles.run_build(root, "-q", now=now).exit_code
    data = (root / "public" / "maintenance.ics").read_bytes()
    strictly_parsed(data)
    (event,) = [e for e in events(data) if e["UID"].startswith("2026-12-10-database-upgrade@")]
    return event


@pytest.mark.parametrize("now", CALLED_OFF_NOWS)
def test_a_window_called_off_is_cancelled_in_the_calendar_without_a_reminder(
    tmp_path: Path, now: str
) -> None:
    planned = built_calendar(tmp_path, PLANNED, "2026-12-04T00:00:00Z")
    cancelled = built_calendar(tmp_path, CALLED_OFF, now)

    assert "CONFIRMED" == planned["STATUS"]
    assert "VALARM" in planned
    assert "CANCELLED" == cancelled["STATUS"]
    # No "Maintenance tomorrow" for work that will not happen.
    assert "VALARM" not in cancelled
    # The same event, at its planned time, at a higher SEQUENCE: an app that keeps a copy
    # takes the cancellation (RFC 5545 §3.8.7.4 lists STATUS among what raises it).
    for name in ("UID", "DTSTART", "DTEND"):
        assert planned[name] == cancelled[name]
    assert int(planned["SEQUENCE"]) < int(cancelled["SEQUENCE"])
    # The update that called it off is named for what it did, as the event's STATUS.
    assert "\n\nCancelled: Called off: not needed after all.\n\n" in unescape(
        cancelled["DESCRIPTION"]
    )


def test_a_window_moved_earlier_with_an_update_raises_its_sequence(tmp_path: Path) -> None:
    # Four hours earlier, written with an update as docs/outputs.md asks: the earlier start
    # and end must not take the number down, or calendar apps keep the old times.
    planned = built_calendar(tmp_path, PLANNED, "2026-12-02T00:00:00Z")
    moved = PLANNED.replace("2026-12-10 02:00 Z", "2026-12-09 22:00 Z").replace(
        "2026-12-10 04:00 Z", "2026-12-10 00:00 Z"
    )
    moved += "\n## Scheduled at 2026-12-03 10:00 Z\nMoved 4 hours earlier.\n"
    event = built_calendar(tmp_path, moved, "2026-12-04T00:00:00Z")

    assert ("20261209T220000Z", "20261210T000000Z") == (event["DTSTART"], event["DTEND"])
    assert int(planned["SEQUENCE"]) < int(event["SEQUENCE"])


def test_a_window_put_back_on_with_an_update_raises_its_sequence(tmp_path: Path) -> None:
    # Called off, then its `Completed` update removed and a later one written (content.md):
    # confirmed again, at a number above the cancelled event's.
    cancelled = built_calendar(tmp_path, CALLED_OFF, "2026-12-06T00:00:00Z")
    back_on = PLANNED + "\n## Scheduled at 2026-12-06 10:00 Z\nBack on as planned.\n"
    event = built_calendar(tmp_path, back_on, "2026-12-07T00:00:00Z")

    assert ("CANCELLED", "CONFIRMED") == (cancelled["STATUS"], event["STATUS"])
    assert int(cancelled["SEQUENCE"]) < int(event["SEQUENCE"])


def test_a_window_started_early_and_completed_before_its_start_is_not_cancelled(
    tmp_path: Path,
) -> None:
    early = PLANNED + (
        "\n## In progress at 2026-12-05 08:00 Z\nStarted early.\n"
        "\n## Completed at 2026-12-05 09:00 Z\nDone.\n"
    )
    event = built_calendar(tmp_path, early, "2026-12-06T00:00:00Z")
    assert "CONFIRMED" == event["STATUS"]
    assert "\n\nCompleted: Done.\n\n" in unescape(event["DESCRIPTION"])


def test_links_in_a_description_are_absolute_as_in_the_feeds(tmp_path: Path) -> None:
    summary = "Details in the [runbook](/runbooks/db/); code stays: `[x](y)`.\n\n"
    summary += "~~~\n[as typed](/in/a/fence)\n~~~\n\n"
    text = PLANNED.replace("---\n## Scheduled", "---\n" + summary + "## Scheduled")
    event = built_calendar(tmp_path, text, "2026-12-04T00:00:00Z")
    description = unescape(event["DESCRIPTION"])

    entry = next(
        e
        for e in feedparser.parse((tmp_path / "public" / "feed.xml").read_bytes()).entries
        if e.title.endswith("Database upgrade")
    )
    linked = [
        "https://status.example.com/runbooks/db/",
        "https://status.example.com/components/api/",
    ]
    # The feed's own links: the calendar resolves the same addresses to the same places.
    assert linked == re.findall(r'href="([^"]+)"', entry.description)
    assert (
        "Details in the [runbook](https://status.example.com/runbooks/db/); code stays: `[x](y)`."
    ) in description
    assert "We upgrade the [database](https://status.example.com/components/api/)." in description
    assert "~~~\n[as typed](/in/a/fence)\n~~~" in description  # code, kept as written


def test_a_description_shows_text_that_looks_like_a_link_as_written(tmp_path: Path) -> None:
    # Text on the page: no link definition (no title after the address), an escape.
    summary = "[NOTE]: Writes pause for 5 minutes.\nRetry handler\\[0\\](ctx).\n\n"
    summary += "<!--\nhidden\n-->\n\nBack soon."
    text = PLANNED.replace("---\n## Scheduled", "---\n" + summary + "\n## Scheduled")
    event = built_calendar(tmp_path, text, "2026-12-04T00:00:00Z")
    description = unescape(event["DESCRIPTION"])
    assert (
        "[NOTE]: Writes pause for 5 minutes.\nRetry handler[0](ctx).\n\nBack soon."
    ) in description


def test_a_description_shows_an_update_as_its_page_does(tmp_path: Path) -> None:
    # As `update -m` stores what was typed: `Components\:` and `\<!--`, which the page shows
    # as ":" and "<!--"; in code, a backslash is shown as written.
    typed = "Components: api: under_maintenance\n\nStill <!-- on --> schedule, `a\\:b` too."
    text = PLANNED + f"\n## Scheduled at 2026-12-02 10:00 Z\n{message_text(typed)}\n"
    assert "Components\\:" in text and "\\<!--" in text
    event = built_calendar(tmp_path, text, "2026-12-04T00:00:00Z")
    assert f"Scheduled: {typed}" in unescape(event["DESCRIPTION"])


# --- a window's real times: started early, over early, held open past its end -------------

HELD_OPEN = PLANNED + "\n## In progress at 2026-12-10 04:30 Z\nTaking longer than planned.\n"


@pytest.mark.parametrize(
    ("now", "state", "reminded"),
    [
        ("2026-12-09T12:00:00Z", "scheduled", True),
        ("2026-12-10T03:00:00Z", "in_progress", False),
        ("2026-12-11T00:00:00Z", "completed", False),
    ],
)
def test_only_a_window_still_to_come_has_a_reminder(
    tmp_path: Path, now: str, state: str, reminded: bool
) -> None:
    event = built_calendar(tmp_path, PLANNED, now)
    assert state == event["X-STATUSGEN-STATE"]
    assert reminded == ("VALARM" in event)


def test_a_cached_build_drops_the_reminder_once_the_window_starts_as_a_clean_one(
    tmp_path: Path,
) -> None:
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    assert "VALARM" in built_calendar(cached, PLANNED, "2026-12-10T01:55:00Z")
    for root, flags in ((cached, ()), (clean, ("--no-cache",))):
        sitefiles.write_site(root, {"statusgen.yaml": sitefiles.SETTINGS, CALLED_OFF_PATH: PLANNED})
        assert 0 == sitefiles.run_build(root, "-q", *flags, now="2026-12-10T02:05:00Z").exit_code
    ics = [(root / "public" / "maintenance.ics").read_bytes() for root in (cached, clean)]
    assert ics[1] == ics[0]
    assert b"BEGIN:VALARM" not in ics[0]


def test_a_window_started_early_begins_when_its_work_did(tmp_path: Path) -> None:
    early = PLANNED + "\n## In progress at 2026-12-10 01:30 Z\nStarted early.\n"
    event = built_calendar(tmp_path, early, "2026-12-10T03:00:00Z")
    assert ("20261210T013000Z", "20261210T040000Z") == (event["DTSTART"], event["DTEND"])


def test_a_window_completed_early_ends_when_its_work_did(tmp_path: Path) -> None:
    done = PLANNED + "\n## Completed at 2026-12-10 03:10 Z\nDone early.\n"
    event = built_calendar(tmp_path, done, "2026-12-10T05:00:00Z")
    assert ("20261210T020000Z", "20261210T031000Z") == (event["DTSTART"], event["DTEND"])


def test_a_window_completed_at_the_minute_it_began_ends_when_it_starts(tmp_path: Path) -> None:
    # Its page shows "02:00 – 02:00". RFC 5545 §3.8.2.2: a DTEND must be later than
    # DTSTART, so strict readers refused the event written with DTEND equal to it; an
    # event with neither DTEND nor DURATION ends at its start (§3.6.1).
    done = PLANNED + "\n## Completed at 2026-12-10 02:00 Z\nNothing needed after all.\n"
    event = built_calendar(tmp_path, done, "2026-12-10T05:00:00Z")
    assert "20261210T020000Z" == event["DTSTART"]
    assert set() == {"DTEND", "DURATION"} & set(event)
    assert "CONFIRMED" == event["STATUS"]


def test_a_window_held_open_past_its_end_stays_under_way_in_the_calendar(
    tmp_path: Path,
) -> None:
    # Every other output says "in progress" at 06:03: a calendar must not show it over at
    # 04:00. It ends a refresh after the next rebuild step, moved on by each step (the
    # same revision: subscribed calendars replace it on refresh), and at the `Completed`
    # update once written, which raises SEQUENCE.
    first = built_calendar(tmp_path, HELD_OPEN, "2026-12-10T06:03:00Z")
    later = built_calendar(tmp_path, HELD_OPEN, "2026-12-10T06:25:00Z")
    done = HELD_OPEN + "\n## Completed at 2026-12-10 06:40 Z\nDone at last.\n"
    over = built_calendar(tmp_path, done, "2026-12-10T06:41:00Z")

    assert ("20261210T020000Z", "20261210T071000Z") == (first["DTSTART"], first["DTEND"])
    assert "20261210T073000Z" == later["DTEND"]
    assert "20261210T064000Z" == over["DTEND"]
    assert int(first["SEQUENCE"]) == int(later["SEQUENCE"]) < int(over["SEQUENCE"])
    assert "CONFIRMED" == first["STATUS"] == over["STATUS"]


def _revisions(root: Path, steps: list[tuple[str, str]]) -> list[tuple[int, str, str, str]]:
    """SEQUENCE, DTSTAMP, LAST-MODIFIED and DTEND of the window built from each (text, now)."""
    found = []
    for text, now in steps:
        event = built_calendar(root, text, now)
        found.append(
            (int(event["SEQUENCE"]), event["DTSTAMP"], event["LAST-MODIFIED"], event["DTEND"])
        )
    return found


def _held_open_walk(text: str) -> list[tuple[str, str]]:
    """The window built every ten minutes from its planned end until 06:30, held open."""
    end = datetime(2026, 12, 10, 4, 0)
    return [
        (text, f"{end + step * timedelta(minutes=10):%Y-%m-%dT%H:%M}:00Z") for step in range(16)
    ]


def test_a_held_open_window_s_sequence_never_falls_once_a_backdated_completed_ends_it(
    tmp_path: Path,
) -> None:
    # Built by the 10-minute rebuild while held open, then a `Completed` update written at
    # 06:40 but dated 04:50 (`resolve --now`): an app that goes by SEQUENCE must take it.
    done = HELD_OPEN + "\n## Completed at 2026-12-10 04:50 Z\nDone at 04:50.\n"
    found = _revisions(tmp_path, [*_held_open_walk(HELD_OPEN), (done, "2026-12-10T06:40:00Z")])
    sequences = [revision[0] for revision in found]
    assert sorted(sequences) == sequences
    assert sequences[-2] < sequences[-1]
    assert "20261210T045000Z" == found[-1][3]
    assert sorted(found) == found  # DTSTAMP and LAST-MODIFIED never fall either


def test_a_held_open_window_s_sequence_never_falls_when_its_status_line_is_removed(
    tmp_path: Path,
) -> None:
    held = PLANNED.replace("components:", "status: in_progress\ncomponents:")
    held += "\n## In progress at 2026-12-10 02:00 Z\nStarted.\n"
    ended = held.replace("status: in_progress\n", "")  # the documented way to end it
    found = _revisions(tmp_path, [*_held_open_walk(held), (ended, "2026-12-10T06:40:00Z")])
    assert "20261210T040000Z" == found[-1][3]
    assert sorted(found) == found
    # The same revision, dated later: RFC 5546 has the later DTSTAMP win.
    assert found[-2][0] == found[-1][0] and found[-2][1] < found[-1][1]


def test_a_cached_build_moves_a_held_open_window_s_end_as_a_clean_one(tmp_path: Path) -> None:
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    built_calendar(cached, HELD_OPEN, "2026-12-10T06:03:00Z")
    for root, flags in ((cached, ()), (clean, ("--no-cache",))):
        sitefiles.write_site(
            root, {"statusgen.yaml": sitefiles.SETTINGS, CALLED_OFF_PATH: HELD_OPEN}
        )
        assert 0 == sitefiles.run_build(root, "-q", *flags, now="2026-12-10T06:25:00Z").exit_code
    ics = [(root / "public" / "maintenance.ics").read_bytes() for root in (cached, clean)]
    assert ics[1] == ics[0]
    assert b"DTEND:20261210T073000Z" in ics[0]


def test_renaming_a_window_s_file_changes_its_uid_as_the_content_guide_says(
    tmp_path: Path,
) -> None:
    before = built_calendar(tmp_path, PLANNED, "2026-12-04T00:00:00Z")
    (tmp_path / CALLED_OFF_PATH).rename(tmp_path / "content/incidents/2026-12-10-db.md")
    assert 0 == sitefiles.run_build(tmp_path, "-q", now="2026-12-04T00:00:00Z").exit_code
    data = (tmp_path / "public" / "maintenance.ics").read_bytes()
    (after,) = events(data)
    assert "2026-12-10-database-upgrade@status.example.com" == before["UID"]
    assert "2026-12-10-db@status.example.com" == after["UID"]
    # Subscribers see another event: the guide's list of what a rename moves names it.
    guide = (Path(__file__).parents[1] / "docs" / "content.md").read_text(encoding="utf-8")
    renaming = guide[guide.index("Renaming the file") :].split("\n\n")[0]
    assert "calendar `UID`" in renaming


def test_a_window_names_its_components_as_the_pages_do_where_two_share_a_name() -> None:
    window = maintenance("dns", NOW + 24 * HOUR, NOW + 25 * HOUR, ("us-europe", "eu-api"))
    (event,) = events(render(regions_site(maintenances=[window])))
    # Named as the pages name them, and in their order: group Europe before group US.
    assert "Affected: Europe - API and US - Europe" in unescape(event["DESCRIPTION"])
