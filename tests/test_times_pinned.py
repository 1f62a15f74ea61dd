"""Recorded times never move: changing how times are shown must not change when things happened."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from statusgen.authoring.pin import pin_text
from statusgen.cli import cli
from statusgen.config import offset_as_zone
from statusgen.load.yamlnodes import EVERY_KEY
from statusgen.model import AlertRef
from statusgen.timeline import FRONT_MATTER_TIMES, loose_times
from statusgen.validate import (
    ALERT_KEYS,
    INCIDENT_KEYS,
    MAINTENANCE_KEYS,
    load_site,
    parse_event,
)
from tests.sitefiles import write_site

BERLIN = ZoneInfo("Europe/Berlin")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")
_ICS = re.compile(r"^(?:DTSTART|DTEND)[^:]*:(\d{8}T\d{6}Z)", re.MULTILINE)


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


def instants(text: str) -> list[datetime]:
    """Every ISO 8601 time with an offset in the text, as UTC instants, in order."""
    return [datetime.fromisoformat(m.replace("Z", "+00:00")) for m in _ISO.findall(text)]


def published(root: Path) -> dict[str, list[datetime]]:
    """The absolute times each machine-readable output and the incident page carry."""
    out = root / "public"
    incident = next((out / "incidents").glob("*-tz-test/index.html"))
    rss = re.findall(r"<pubDate>([^<]*)</pubDate>", (out / "feed.xml").read_text())
    ics = _ICS.findall((out / "maintenance.ics").read_text())
    return {
        "incident page": instants(incident.read_text()),
        "atom": instants((out / "atom.xml").read_text()),
        "rss": [parsedate_to_datetime(d) for d in rss],
        "calendar": [datetime.strptime(d, "%Y%m%dT%H%M%S%z") for d in ics],
        "api": instants((out / "api/v2/incidents.json").read_text()),
        "maintenance api": instants((out / "api/v2/scheduled-maintenances.json").read_text()),
    }


def test_changing_the_display_zone_moves_no_recorded_time(tmp_path: Path) -> None:
    root = tmp_path / "tz"
    assert 0 == run(tmp_path, "init", str(root), "--now", "2026-11-21T09:00:00Z").exit_code
    now = "2026-11-21T10:30:00+00:00"
    opened = ["incident", "Tz test", "-c", "api=major_outage", "-m", "x"]
    assert 0 == run(root, "new", *opened, "--now", "2026-11-21T10:00:00+00:00").exit_code
    window = ["Upgrade", "-c", "api", "--start", "2026-11-22 02:00", "--end", "2026-11-22 04:00"]
    assert 0 == run(root, "new", "maintenance", *window, "--now", now).exit_code
    before_json = json.loads(run(root, "status", "--json", "--now", now).output)
    assert 0 == run(root, "build", "-q", "--now", now).exit_code
    before = published(root)

    settings = root / "statusgen.yaml"
    settings.write_text(re.sub(r"(?m)^timezone:.*$", "timezone: Asia/Tokyo", settings.read_text()))
    after_json = json.loads(run(root, "status", "--json", "--now", now).output)
    assert 0 == run(root, "build", "-q", "--now", now).exit_code
    after = published(root)

    started = [datetime.fromisoformat(i["started_at"]) for i in after_json["open_incidents"]]
    assert [datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)] == started
    assert "+09:00" in after_json["open_incidents"][0]["started_at"]  # shown in the new zone
    assert instants(json.dumps(before_json)) == instants(json.dumps(after_json))
    for output, times in before.items():
        assert times, output
        assert times == after[output], output

    # An update posted right after the change is accepted, and lands where it happened.
    result = run(root, "update", "tz-test", "-m", "Still on it.", "--now", "2026-11-21T10:31:00Z")
    assert 0 == result.exit_code, result.output
    incident = load_site(root).incidents[0]
    assert datetime(2026, 11, 21, 10, 31, tzinfo=timezone.utc) == incident.updates[-1].at


# Hand-written, with the quirks people have: CRLF, a quoted date, a comment, a code fence
# quoting a heading, one heading that already has an offset.
HAND_WRITTEN = (
    "\ufeff---\r\n"
    "title: Checkout errors\r\n"
    "status: resolved\r\n"
    "date: '2026-10-24 12:00'   # when alerts began\r\n"
    "components:\r\n"
    "  checkout: partial_outage\r\n"
    "---\r\n"
    "## Investigating at 2026-10-24 12:30\r\n"
    "```\r\n"
    "## Identified at 2026-10-24 13:00\r\n"
    "```\r\n"
    "\r\n"
    "## Identified   at 2026-10-25 01:15:30\r\n"
    "Across the change: still summer time.\r\n"
    "\r\n"
    "## Monitoring at 2026-10-25 03:00 Z\r\n"
    "\r\n"
    "## Resolved — 2026-10-26 09:00 ##\r\n"
    "Winter time now. Logged at 2026-10-26 09:00 by the on-call.\r\n"
)
PINNED = (
    "\ufeff---\r\n"
    "title: Checkout errors\r\n"
    "status: resolved\r\n"
    "date: '2026-10-24 12:00 +02:00'   # when alerts began\r\n"
    "components:\r\n"
    "  checkout: partial_outage\r\n"
    "---\r\n"
    "## Investigating at 2026-10-24 12:30 +02:00\r\n"
    "```\r\n"
    "## Identified at 2026-10-24 13:00\r\n"
    "```\r\n"
    "\r\n"
    "## Identified   at 2026-10-25 01:15:30 +02:00\r\n"
    "Across the change: still summer time.\r\n"
    "\r\n"
    "## Monitoring at 2026-10-25 03:00 Z\r\n"
    "\r\n"
    "## Resolved — 2026-10-26 09:00 +01:00 ##\r\n"
    "Winter time now. Logged at 2026-10-26 09:00 by the on-call.\r\n"
)
INCIDENT_PATH = "content/incidents/2026-10-24-checkout-errors.md"


def test_pinning_writes_the_offset_each_time_is_read_with_across_a_dst_change() -> None:
    data, count = pin_text(HAND_WRITTEN.encode(), BERLIN)

    assert PINNED == data.decode()
    assert 4 == count
    assert (PINNED.encode(), 0) == pin_text(PINNED.encode(), BERLIN)


def test_an_ambiguous_time_is_left_for_the_author() -> None:
    text = "---\ntitle: x\nstatus: investigating\n---\n## Investigating at 2026-10-25 02:30\n"

    assert (text.encode(), 0) == pin_text(text.encode(), BERLIN)
    assert [5] == [t.line for t in loose_times(text)]


# The same time written every way YAML lets a value stand below its key. Each is read as
# 09:00 in the input zone, so each must be found and pinned, and nothing else may change.
_BELOW_THE_KEY = [
    ("date:\n  2026-11-30 09:00\n", "date:\n  2026-11-30 09:00 +01:00\n"),
    ("date: 2026-11-30\n  09:00   # folded\n", "date: 2026-11-30\n  09:00 +01:00   # folded\n"),
    ("date: >-  # note\n  2026-11-30 09:00\n\n", "date: >-  # note\n  2026-11-30 09:00 +01:00\n\n"),
    ("date: |-\n  2026-11-30 09:00\n", "date: |-\n  2026-11-30 09:00 +01:00\n"),
    ("date: |\n  2026-11-30 09:00\n", "date: |\n  2026-11-30 09:00 +01:00\n"),
    ('date: "2026-11-30\n  09:00\n  "\n', 'date: "2026-11-30\n  09:00 +01:00\n  "\n'),
    (
        "alert:\n  source: x\n  id: '1'\n  fired_at:\n    2026-11-30 09:00\n",
        "alert:\n  source: x\n  id: '1'\n  fired_at:\n    2026-11-30 09:00 +01:00\n",
    ),
]


def _incident(front: str, newline: str = "\n", heading: str = "") -> bytes:
    text = (
        "---\ntitle: Database outage\nstatus: resolved\n"
        f"{front}components:\n  api: major_outage\n---\n"
        f"{heading}## Resolved at 2026-12-01 12:00\nFixed.\n"
    )
    return text.replace("\n", newline).encode()


@pytest.mark.parametrize(("written", "pinned"), _BELOW_THE_KEY)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_front_matter_time_below_its_key_is_pinned_in_place(
    written: str, pinned: str, newline: str
) -> None:
    before = _incident(written, newline)
    after = _incident(pinned, newline).replace(b"12:00", b"12:00 +01:00")

    assert (after, 2) == pin_text(before, BERLIN)
    assert (after, 0) == pin_text(after, BERLIN)


def test_check_and_fix_find_a_time_below_its_key(tmp_path: Path) -> None:
    path = "content/incidents/2026-12-01-db.md"
    before = _incident("date:\n  2026-11-30 09:00\n").decode()
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "Europe/Berlin"), path: before})
    started = load_site(root).incidents[0].started_at

    checked = run(root, "check")
    fixed = run(root, "check", "--fix")

    assert f"{path}:5:3: warning: 2 times without an offset" in checked.output
    assert "Pinned 2 times in " in fixed.output
    assert "date:\n  2026-11-30 09:00 +01:00\n" in (root / path).read_text()
    (root / "statusgen.yaml").write_text(_settings("UTC", "Asia/Tokyo"))
    assert started == load_site(root).incidents[0].started_at
    assert datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc) == started


def test_ctrl_c_during_fix_leaves_each_file_it_rewrote_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C on a large site, pressed while the third file is written: the two written
    # before it are named, and the last line says the run is to be made again.
    from statusgen.authoring import fix

    paths = [f"content/incidents/2024-01-0{day}-db.md" for day in range(1, 5)]
    heading = "## Investigating at 2024-01-01 00:00\nLooking.\n"
    files = dict.fromkeys(paths, _incident("", heading=heading).decode())
    root = write_site(tmp_path, {**files, "statusgen.yaml": _settings("UTC", None)})
    save = fix.save
    saves: list[Path] = []

    def pressed_at_the_third(path: Path, *args: object, **kwargs: object) -> None:
        saves.append(path)
        if len(saves) == 3:
            raise KeyboardInterrupt
        save(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fix, "save", pressed_at_the_third)
    stopped = run(root, "check", "--fix", "--now", "2026-12-01T12:00:00Z")
    monkeypatch.undo()

    rewritten = [p for p in paths if "+00:00" in (root / p).read_text()]
    assert paths[:2] == rewritten
    said = "".join(f"Pinned 2 times in {p}\n" for p in rewritten) + (
        "Interrupted. 2 files fixed, named above; run `statusgen check --fix` again to fix"
        " the rest.\n"
    )
    assert (130, said) == (stopped.exit_code, stopped.stderr)
    assert 0 == run(root, "check", "--fix").exit_code
    assert all("+00:00" in (root / p).read_text() for p in paths)


def _alert_of(root: Path, slug: str) -> AlertRef | None:
    return next(i.alert for i in load_site(root).incidents if i.slug == slug)


@pytest.mark.parametrize(
    ("written", "pinned"),
    [
        (
            "  components_cleared_at: {api: 2026-11-30 09:10}\n",
            "  components_cleared_at: {api: 2026-11-30 09:10 +01:00}\n",
        ),
        (
            "  components_fired_at:\n    api: 2026-11-30 09:10   # first\n",
            "  components_fired_at:\n    api: 2026-11-30 09:10 +01:00   # first\n",
        ),
    ],
    ids=["flow", "block"],
)
def test_check_and_fix_find_the_times_of_an_alerts_components(
    tmp_path: Path, written: str, pinned: str
) -> None:
    # Kept by ingest with an offset, but the loader reads one written by hand without it.
    path = "content/incidents/2026-12-01-db.md"
    alert = "alert:\n  source: x\n  id: '1'\n"
    before = _incident(alert + written).decode().replace("12:00", "12:00 +01:00")
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "Europe/Berlin"), path: before})
    kept = _alert_of(root, "2026-12-01-db")

    checked = run(root, "check")
    fixed = run(root, "check", "--fix")

    line, text = next((n, t) for n, t in enumerate(before.split("\n"), 1) if "09:10" in t)
    warned = f"{path}:{line}:{text.index('2026') + 1}: warning: 1 time without an offset"
    assert warned in checked.output
    assert f"Pinned 1 time in {path}" in fixed.output
    assert before.replace(written, pinned) == (root / path).read_text()
    (root / "statusgen.yaml").write_text(_settings("UTC", "Asia/Tokyo"))
    assert kept == _alert_of(root, "2026-12-01-db")
    assert kept is not None
    at = datetime(2026, 11, 30, 8, 10, tzinfo=timezone.utc)
    assert (("api", at),) in (kept.components_cleared_at, kept.components_fired_at)


def test_the_times_check_pins_are_every_time_the_loader_reads() -> None:
    # Each key the loader accepts given a value that is no time, on its own or for a
    # component: the keys whose value it cannot read as a time are the ones --fix pins.
    base = "---\ntitle: X\nstatus: resolved\n{}---\n## Resolved at 2026-12-01 12:00\nFixed.\n"
    alert = "alert:\n  source: x\n  id: '1'\n  {}: {}\n"
    places = [((key,), "{}: {}\n") for key in {*INCIDENT_KEYS, *MAINTENANCE_KEYS}]
    places += [(("alert", key), alert) for key in ALERT_KEYS]
    read_as_times = set()
    for path, line in places:
        if path[-1] in ("title", "status", "source", "id"):
            continue  # in every file here, and no time
        for value, keys in (("soon", path), ("{api: soon}", (*path, EVERY_KEY))):
            text = base.format(line.format(path[-1], value))
            _, problems = parse_event("content/incidents/x.md", text.encode(), "UTC", None)
            if any("cannot read the time 'soon'" in p.message for p in problems):
                read_as_times.add(keys)

    assert set(FRONT_MATTER_TIMES) == read_as_times


def test_a_time_fix_cannot_pin_is_named_at_its_line_with_the_offset_to_write(
    tmp_path: Path,
) -> None:
    # An escaped line break ends the value: an offset written after it would not be read.
    path = "content/incidents/2026-12-01-db.md"
    before = _incident('date: "2026-11-30 09:00\\n"\n').decode()
    # Named where check names offset-less times: the zone read in is not the one shown.
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "UTC"), path: before})

    fixed = run(root, "check", "--fix")

    assert "Pinned 1 time in " in fixed.output  # the heading
    assert '"2026-11-30 09:00\\n"' in (root / path).read_text()
    assert f"{path}:4:8: warning: date: '2026-11-30 09:00' has no offset" in fixed.output
    assert "date: 2026-11-30 09:00 +00:00" in fixed.output


def test_a_heading_time_is_pinned_where_it_is_read_not_in_a_comment(tmp_path: Path) -> None:
    # A comment is hidden when the file is read: the heading's time is the one after it.
    path = "content/incidents/2026-12-04-h.md"
    heading = "## Resolved <!-- 2026-12-04 08:05 --> at 2026-12-04 08:10"
    before = _incident("").decode().replace("## Resolved at 2026-12-01 12:00", heading)
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "Europe/Berlin"), path: before})
    started = load_site(root).incidents[0].started_at

    checked = run(root, "check")
    fixed = run(root, "check", "--fix")

    assert f"{path}:7:42: warning: 1 time without an offset" in checked.output
    assert "Pinned 1 time in " in fixed.output
    assert before.replace("08:10", "08:10 +01:00") == (root / path).read_text()
    assert "warning" not in run(root, "check").output
    assert started == load_site(root).incidents[0].started_at


def _settings(display: str, read: str | None) -> str:
    pinned = f"input_timezone: {read}\n" if read else ""
    return f"title: T\nbase_url: https://status.example.com/\ntimezone: {display}\n{pinned}"


def test_check_names_the_files_read_in_another_zone_and_fix_pins_them(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": _settings("America/New_York", "Europe/Berlin"),
            INCIDENT_PATH: HAND_WRITTEN,
        },
    )
    at_first = [(u.at, u.state) for u in load_site(root).incidents[0].updates]

    checked = run(root, "check")
    assert 0 == checked.exit_code
    assert "content/incidents/2026-10-24-checkout-errors.md:4:" in checked.output
    assert "content/incidents/2026-11-20-checkout-errors.md:9:" in checked.output
    assert "input_timezone 'Europe/Berlin'" in checked.output

    fixed = run(root, "check", "--fix")
    assert 0 == fixed.exit_code
    assert PINNED.encode() == (root / INCIDENT_PATH).read_bytes()
    assert "warning" not in fixed.output
    assert at_first == [(u.at, u.state) for u in load_site(root).incidents[0].updates]

    # Pinned, the times no longer depend on either zone.
    (root / "statusgen.yaml").write_text(_settings("Asia/Tokyo", "America/Chicago"))
    assert at_first == [(u.at, u.state) for u in load_site(root).incidents[0].updates]


@pytest.mark.parametrize(
    ("display", "read", "warned"),
    [
        ("Europe/Berlin", "Europe/Berlin", False),
        ("Europe/Berlin", None, False),  # unpinned: read in `timezone`, as shown
        ("UTC", "Europe/Berlin", True),
    ],
)
def test_check_warns_only_when_a_time_could_move(
    tmp_path: Path, display: str, read: str | None, warned: bool
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings(display, read)})

    result = run(root, "check")

    assert 0 == result.exit_code
    assert warned == ("warning:" in result.output)


def test_a_new_site_reads_hand_written_times_in_the_timezone_it_sets(tmp_path: Path) -> None:
    # SPEC: times without an offset are in the site timezone. A new site that sets its
    # `timezone`, as init invites, reads an on-call's `21:45` on the wall clock there.
    root = tmp_path / "s"
    run(tmp_path, "init", str(root), "--now", "2026-12-06T20:00:00Z")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    (root / "content/incidents/2026-12-06-checkout-down.md").write_text(
        "---\ntitle: Checkout down\nstatus: investigating\ncomponents:\n"
        "  website: major_outage\n---\n## Investigating at 2026-12-06 21:45\nFailing.\n"
    )

    checked = run(root, "check", "--now", "2026-12-06T21:00:00Z")
    shown = json.loads(run(root, "status", "--json", "--now", "2026-12-06T21:00:00Z").output)

    assert "warning" not in checked.output
    assert ["2026-12-06T21:45:00+01:00"] == [i["started_at"] for i in shown["open_incidents"]]
    assert "\ninput_timezone:" not in settings.read_text()


def test_check_says_both_zones_an_offset_less_time_may_have_been_meant_in(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "UTC")})

    said = " ".join(run(root, "check").output.split())

    assert "read in input_timezone 'UTC' while pages show 'Europe/Berlin'" in said
    assert (
        "hint: if they are 'Europe/Berlin' times, as pages show them, set "
        "`input_timezone: Europe/Berlin` (or write each one's offset); `statusgen check --fix` "
        "only writes the offset each one is read with today, in 'UTC': run it if that is the "
        "zone they were written in"
    ) in said


@pytest.mark.parametrize(
    ("read", "shown"),
    [
        (
            "UTC",
            "Monday 2026-12-07 02:00 +00:00 until Monday 2026-12-07 04:00 +00:00; pages show "
            "it in Europe/Berlin: Monday 2026-12-07 03:00 +01:00 until Monday 2026-12-07 "
            "05:00 +01:00",
        ),
        (None, "Monday 2026-12-07 02:00 +01:00 until Monday 2026-12-07 04:00 +01:00\n"),
    ],
)
def test_a_window_read_in_another_zone_is_confirmed_as_pages_show_it(
    tmp_path: Path, read: str | None, shown: str
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", read)})
    window = ["--start", "tomorrow 2am", "--end", "tomorrow 4am", "-c", "api", "-m", "x"]

    made = run(root, "new", "maintenance", "DB", *window, "--now", "2026-12-06T21:00:00Z")

    assert 0 == made.exit_code, made.output
    assert f"Scheduled content/incidents/2026-12-07-db.md: {shown}" in made.output


@pytest.mark.parametrize(
    "closing",
    [["resolve", "db", "-m", "done early"], ["update", "db", "--status", "completed", "-m", "off"]],
)
def test_a_window_called_off_is_confirmed_as_pages_show_it(
    tmp_path: Path, closing: list[str]
) -> None:
    # docs/times.md: the window is said in both zones when it was scheduled; calling it off
    # names the same window, so the same two hours, not only the one pages do not show.
    root = write_site(
        tmp_path, {"statusgen.yaml": _settings("Pacific/Chatham", "America/St_Johns")}
    )
    window = ["--start", "tomorrow 02:00", "--end", "tomorrow 04:00", "-c", "api", "-m", "x"]
    made = run(root, "new", "maintenance", "DB", *window, "--now", "2026-12-01T12:00:00Z")
    assert 0 == made.exit_code, made.output

    called = run(root, *closing, "--now", "2026-12-02T04:00:00Z")

    assert 0 == called.exit_code, called.output
    assert (
        "Called off content/incidents/2026-12-02-db.md: Wednesday 2026-12-02 02:00 -03:30 "
        "until Wednesday 2026-12-02 04:00 -03:30; pages show it in Pacific/Chatham: "
        "Wednesday 2026-12-02 19:15 +13:45 until Wednesday 2026-12-02 21:15 +13:45\n"
    ) == called.output


def test_offset_less_times_are_read_in_the_pinned_zone_not_the_display_zone(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "Europe/Berlin")})
    before = load_site(root).incidents[0].started_at

    (root / "statusgen.yaml").write_text(_settings("Asia/Tokyo", "Europe/Berlin"))

    assert datetime(2026, 11, 20, 13, 5, tzinfo=timezone.utc) == before
    assert before == load_site(root).incidents[0].started_at


def test_typed_times_are_read_in_the_zones_the_docs_name(tmp_path: Path) -> None:
    # docs/times.md: --start and --end in input_timezone, as the files; --now in timezone.
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "America/New_York")})
    window = ["--start", "2026-11-29 02:00", "--end", "2026-11-29 04:00", "-c", "api", "-m", "x"]

    made = run(root, "new", "maintenance", "Upgrade", *window, "--now", "2026-11-22T18:00:00Z")
    shown = run(root, "status", "--json", "--now", "2026-11-22 19:00")

    assert 0 == made.exit_code, made.output
    written = (root / "content/incidents/2026-11-29-upgrade.md").read_text()
    assert "scheduled_for: 2026-11-29 02:00 -05:00" in written
    assert "2026-11-22T19:00:00+01:00" == json.loads(shown.output)["now"]


def test_every_command_reads_a_typed_now_in_the_sites_timezone(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "America/New_York")})

    told = run(root, "notify", "--now", "2026-11-22 19:00")
    checked = run(root, "check", "--now", "2026-11-22 19:00")

    assert 0 == told.exit_code, told.output
    state = json.loads((root / ".statusgen-notify.json").read_text())
    assert "2026-11-22T19:00:00+01:00" == state["notified_at"]
    assert 0 == checked.exit_code, checked.output


def test_a_time_typed_with_a_one_digit_hour_is_read_as_a_file_reads_it(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "UTC")})
    window = ["--start", "2027-11-09 9:00", "--end", "2027-11-09 12:00", "-c", "api", "-m", "x"]

    made = run(root, "new", "maintenance", "Upgrade", *window, "--now", "2027-11-08 6:00")

    assert 0 == made.exit_code, made.output
    written = (root / "content/incidents/2027-11-09-upgrade.md").read_text()
    assert "scheduled_for: 2027-11-09 09:00 +00:00" in written


_MONROVIA_HEADINGS = """---
title: Hand
status: resolved
components:
  api: major_outage
---
## Investigating at 1971-06-01 09:15:30
x

## Resolved at 1971-06-01 11:15:30
y
"""


def test_a_zone_whose_offset_had_seconds_reads_back_what_is_written(tmp_path: Path) -> None:
    # Africa/Monrovia was 44 min 30 s behind UTC until 1972: 10:00:00 UTC was 09:15:30 there.
    settings = _settings("UTC", "Africa/Monrovia") + "start_date: 1971-05-01\n"
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    for old in (root / "content/incidents").glob("*.md"):
        old.unlink()

    made = run(
        root,
        "new",
        "incident",
        "Old",
        "-c",
        "api=major_outage",
        "-m",
        "x",
        "--now",
        "1971-06-01T10:00:00Z",
    )
    assert 0 == made.exit_code, made.output
    opened = (root / "content/incidents/1971-06-01-old.md").read_text()
    assert "## Investigating at 1971-06-01 09:15 -00:44:30" in opened

    (root / "content/incidents/1971-06-01-old.md").unlink()
    (root / "content/incidents/1971-06-01-hand.md").write_text(_MONROVIA_HEADINGS)
    started = datetime(1971, 6, 1, 10, 0, tzinfo=timezone.utc)
    assert started == load_site(root).incidents[0].started_at

    fixed = run(root, "check", "--fix", "--now", "1971-06-10T00:00:00Z")

    assert 0 == fixed.exit_code, fixed.output
    pinned = (root / "content/incidents/1971-06-01-hand.md").read_text()
    assert "## Investigating at 1971-06-01 09:15:30 -00:44:30" in pinned
    assert started == load_site(root).incidents[0].started_at


def test_an_unknown_input_timezone_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "Europe/Berlln")})

    result = run(root, "check")

    assert 1 == result.exit_code
    assert "statusgen.yaml:4:17: unknown timezone 'Europe/Berlln'" in result.output
    assert "Europe/Berlin" in result.output


@pytest.mark.parametrize(
    ("written", "etc", "utc"),
    [
        ("GMT+1", "Etc/GMT-1", "UTC+01:00"),
        ("GMT+2", "Etc/GMT-2", "UTC+02:00"),
        ("GMT+10", "Etc/GMT-10", "UTC+10:00"),
        ("GMT-5", "Etc/GMT+5", "UTC-05:00"),
        ("UTC+1", "Etc/GMT-1", "UTC+01:00"),
        ("UTC-3", "Etc/GMT+3", "UTC-03:00"),
    ],
)
@pytest.mark.parametrize("key", ["timezone", "input_timezone"])
def test_an_offset_given_as_a_zone_is_offered_the_zone_with_that_offset(
    tmp_path: Path, written: str, etc: str, utc: str, key: str
) -> None:
    zones = {"timezone": "UTC", "input_timezone": "UTC", key: f'"{written}"'}
    root = write_site(tmp_path, {"statusgen.yaml": _settings(*zones.values())})

    result = run(root, "check")

    assert 1 == result.exit_code
    assert f"unknown timezone '{written}': it is an offset, not a timezone name" in result.output
    assert f"write {etc} (the Etc names invert the sign, as POSIX does: {etc} is {utc})" in (
        " ".join(result.output.split())
    )
    assert "did you mean" not in result.output


@pytest.mark.parametrize("hours", [h for h in range(-12, 15) if h])
def test_the_place_offered_for_an_offset_keeps_it_the_year_round(hours: int) -> None:
    hint = offset_as_zone(f"GMT{hours:+d}")
    assert hint is not None
    place = re.search(r"like (\w+/\w+)", hint[1])
    if place is None:  # no one lives at UTC-12
        assert -12 == hours
        return
    for month in (1, 7):
        noon = datetime(2026, month, 1, 12, tzinfo=ZoneInfo(place[1]))
        assert timedelta(hours=hours) == noon.utcoffset()
    assert ZoneInfo(f"Etc/GMT{-hours:+d}").utcoffset(noon) == timedelta(hours=hours)


def _offset(sign: str, hours: str, minutes: str) -> timedelta:
    return (-1 if sign == "-" else 1) * timedelta(hours=int(hours), minutes=int(minutes))


@pytest.mark.parametrize(
    "written",
    ["UTC-9:30", "UTC-3:30", "GMT+3:30", "UTC+05:30", "GMT+5:45", "UTC+6:30", "UTC+8:45",
     "UTC+9:30", "UTC+10:30", "UTC+12:45"],
)  # fmt: skip
def test_the_place_offered_for_an_offset_with_minutes_keeps_it(written: str) -> None:
    # Kolkata is no example for UTC-03:30: following the hint moved every time by 9 hours.
    hint = offset_as_zone(written)
    assert hint is not None
    said = re.search(r"like (\w+/\w+), whose clocks are UTC([+-])(\d\d):(\d\d)", hint[1])
    assert said is not None, hint[1]
    asked = re.fullmatch(r"(?:UTC|GMT)([+-])(\d+):(\d\d)", written)
    assert asked is not None
    offset = _offset(*said.groups()[1:])
    assert _offset(*asked.groups()) == offset
    kept = {datetime(2026, m, 1, 12, tzinfo=ZoneInfo(said[1])).utcoffset() for m in (1, 7)}
    summer = re.search(r"summer time: UTC([+-])(\d\d):(\d\d)", hint[1])
    # The place keeps the offset (in January or July), and the other one is its summer's.
    assert {offset, *([_offset(*summer.groups())] if summer else [])} == kept


@pytest.mark.parametrize("written", ["UTC+15", "GMT-12:30", "UTC+05:15"])
def test_an_offset_no_place_keeps_is_said_to_be_kept_nowhere(written: str) -> None:
    hint = offset_as_zone(written)
    assert hint is not None
    assert "no place keeps" in hint[1]
    assert not re.search(r"\w+/\w+", hint[1])  # no place named


@pytest.mark.parametrize("written", ["UTC+05:30", "GMT+15", "GMT-13"])
def test_an_offset_no_etc_zone_keeps_is_still_no_zone_name(tmp_path: Path, written: str) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", f'"{written}"')})

    result = run(root, "check")

    assert f"unknown timezone '{written}': it is an offset, not a timezone name" in result.output
    assert "Etc/" not in result.output
    assert "did you mean" not in result.output


@pytest.mark.parametrize(
    ("display", "read", "where", "name"),
    [
        ("localtime", None, "3:11", "localtime"),
        ("UTC", "localtime", "4:17", "localtime"),
        ("Factory", "UTC", "3:11", "Factory"),
        ("UTC", "posixrules", "4:17", "posixrules"),
    ],
)
def test_a_zone_that_names_no_place_is_refused_at_its_line(
    tmp_path: Path, display: str, read: str | None, where: str, name: str
) -> None:
    # `localtime` is the building machine's own zone: the same site would publish other
    # times on another machine, and pages would say "shown in the localtime time zone".
    root = write_site(tmp_path, {"statusgen.yaml": _settings(display, read)})

    checked = run(root, "check")
    built = run(root, "build", "-q", "--now", "2027-01-05T12:00Z")

    assert 1 == checked.exit_code
    assert f"statusgen.yaml:{where}: unusable timezone '{name}'" in checked.output
    assert "use an IANA name like Europe/Berlin" in checked.output
    assert 1 == built.exit_code
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    ("display", "read", "where", "name", "places"),
    [
        ("EST", None, "3:11", "EST", ("America/New_York", "America/Panama")),
        ("UTC", "EST", "4:17", "EST", ("America/New_York", "America/Panama")),
        ("MST", None, "3:11", "MST", ("America/Denver", "America/Phoenix")),
        ("HST", None, "3:11", "HST", ("Pacific/Honolulu",)),
    ],
)
def test_a_fixed_us_abbreviation_zone_is_refused_with_places(
    tmp_path: Path, display: str, read: str | None, where: str, name: str, places: tuple[str, ...]
) -> None:
    # `EST` never moves to summer time: a New York team's times written in July would be
    # read an hour off, and the page would stay green for the first hour of an outage.
    root = write_site(tmp_path, {"statusgen.yaml": _settings(display, read)})

    checked = run(root, "check")
    built = run(root, "build", "-q", "--now", "2027-01-05T12:00Z")

    assert 1 == checked.exit_code
    assert f"statusgen.yaml:{where}: unusable timezone '{name}'" in checked.output
    assert all(place in checked.output for place in places), checked.output
    assert 1 == built.exit_code
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    ("written", "places"),
    [
        ("est", ("America/New_York", "America/Panama")),
        ("Est", ("America/New_York", "America/Panama")),
        ("mst", ("America/Denver", "America/Phoenix")),
        ("hst", ("Pacific/Honolulu",)),
        ("LOCALTIME", ("Europe/Berlin",)),
    ],
)
def test_a_zone_that_names_no_place_gets_its_places_in_any_case(
    tmp_path: Path, written: str, places: tuple[str, ...]
) -> None:
    # `est` was answered "did you mean 'EST5EDT'?", a zone named after no place.
    root = write_site(tmp_path, {"statusgen.yaml": _settings(written, None)})

    result = run(root, "check")

    assert 1 == result.exit_code
    assert f"statusgen.yaml:3:11: unusable timezone '{written}'" in result.output
    assert all(place in result.output for place in places), result.output
    assert "5EDT" not in result.output and "7MDT" not in result.output


@pytest.mark.parametrize(
    ("written", "place"),
    [("PST", "America/Los_Angeles"), ("CST", "America/Chicago"), ("MDT", "America/Denver")],
)
def test_a_zone_abbreviation_gets_a_place_not_a_posix_name(
    tmp_path: Path, written: str, place: str
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings(written, None)})

    result = run(root, "check")

    assert 1 == result.exit_code
    assert f"statusgen.yaml:3:11: unknown timezone '{written}'" in result.output
    assert place in result.output
    assert "8PDT" not in result.output and "6CDT" not in result.output


@pytest.mark.parametrize("zone", ["EST5EDT", "America/Panama", "Pacific/Honolulu"])
def test_a_zone_that_keeps_its_summer_time_or_a_place_is_accepted(
    tmp_path: Path, zone: str
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings(zone, None)})

    assert 0 == run(root, "check").exit_code


@pytest.mark.parametrize(
    ("now", "start", "written"),
    [
        # The clocks go back at 02:00 (-04:00 → -05:00): 2 hours after 00:30 EDT is 01:30 EST.
        ("2026-11-01 00:30", "in 2h", "2026-11-01 01:30 -05:00"),
        # They jump from 02:00 to 03:00: 2 hours after 01:30 EST is 04:30 EDT.
        ("2027-03-14 01:30", "in 2h", "2027-03-14 04:30 -04:00"),
        # Back in time, the same: 3 real hours before 04:30 EDT is 00:30 EST.
        ("2027-03-14 04:30", "3h ago", "2027-03-14 00:30 -05:00"),
    ],
)
def test_relative_times_count_real_hours_across_a_dst_change(
    tmp_path: Path, now: str, start: str, written: str
) -> None:
    root = write_site(
        tmp_path, {"statusgen.yaml": _settings("America/New_York", "America/New_York")}
    )
    window = ["--start", start, "--end", "2027-06-01 00:00", "-c", "api", "-m", "x"]

    made = run(root, "new", "maintenance", "Upgrade", *window, "--now", now)

    assert 0 == made.exit_code, made.output
    (path,) = (root / "content/incidents").glob("*-upgrade.md")
    assert f"scheduled_for: {written}\n" in path.read_text()


@pytest.mark.parametrize(
    ("option", "typed", "offsets"),
    [
        ("--now", "2027-03-14 02:30", ("-05:00", "-04:00")),  # the clocks skip 02:00-03:00
        ("--start", "2027-03-14 02:30", ("-05:00", "-04:00")),
        ("--now", "2026-11-01 01:30", ("-04:00", "-05:00")),  # 01:00-02:00 happens twice
        ("--start", "tomorrow 01:30", ("-04:00", "-05:00")),
    ],
)
def test_a_typed_time_a_dst_change_skips_or_repeats_names_the_real_offsets(
    tmp_path: Path, option: str, typed: str, offsets: tuple[str, str]
) -> None:
    root = write_site(
        tmp_path, {"statusgen.yaml": _settings("America/New_York", "America/New_York")}
    )
    given = {"--start": "in 1h", "--end": "2027-06-01 00:00", "--now": "2026-10-31 12:00"}
    given[option] = typed
    window = ["--start", given["--start"], "--end", given["--end"], "-c", "api", "-m", "x"]

    made = run(root, "new", "maintenance", "Upgrade", *window, "--now", given["--now"])

    assert 0 != made.exit_code
    assert not list((root / "content/incidents").glob("*-upgrade.md"))
    assert [True, True] == [offset in made.output for offset in offsets]
    assert "+01:00" not in made.output


@pytest.mark.parametrize(
    "option",
    ["heading", "date", "--now", "--start"],
)
def test_a_skipped_time_is_told_as_the_time_each_offset_shows(tmp_path: Path, option: str) -> None:
    # New York, 2026-03-08: the clocks jump from 02:00 EST to 03:00 EDT, so 02:30 is no time.
    skipped = "2026-03-08 02:30"
    heading = skipped if option == "heading" else "2026-03-08 04:00"
    date = f"date: {skipped}\n" if option == "date" else ""
    incident = _spring_incident(heading, date)
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": _settings("America/New_York", "America/New_York"),
            INCIDENT_PATH: incident,
        },
    )
    given = {"--now": "2026-03-20 12:00", "--start": "2026-03-30 10:00"}
    if option in given:
        given[option] = skipped
    window = ["--start", given["--start"], "--end", "2026-03-30 12:00", "-c", "api", "-m", "x"]
    made = run(root, "new", "maintenance", "Upgrade", *window, "--now", given["--now"])
    told = run(root, "check") if option in ("heading", "date") else made

    assert 0 != told.exit_code
    assert (
        f"'{skipped} -05:00' is 03:30 EDT, just after the change; "
        f"'{skipped} -04:00' is 01:30 EST, just before it"
    ) in " ".join(told.output.split())


def test_the_offset_a_skipped_time_is_told_first_shows_the_time_after_the_change(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": _settings("America/New_York", "America/New_York"),
            INCIDENT_PATH: _spring_incident("2026-03-08 02:30"),
        },
    )
    told = run(root, "check")
    written = re.search(r"write it as '## Investigating at ([^']*)'", told.output)
    assert written is not None, told.output
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text().replace("at 2026-03-08 02:30\n", f"at {written[1]}\n"))

    built = run(root, "build", "-q", "--now", "2026-03-20 12:00")

    assert 0 == built.exit_code, built.output
    page = next((root / "public/incidents").glob("*/index.html")).read_text()
    assert '<time datetime="2026-03-08T03:30:00-04:00">Mar 8, 2026, 03:30 EDT' in page


def _spring_incident(heading: str, front: str = "") -> str:
    return (
        "---\ntitle: Spring outage\nstatus: resolved\ncomponents:\n  api: major_outage\n"
        f"{front}---\n## Investigating at {heading}\nDown.\n\n"
        "## Resolved at 2026-03-08 05:00\nUp.\n"
    )


@pytest.mark.parametrize(
    "now",
    [
        "2026-11-20T10:00:45Z",
        "2026-11-20 10:00:45 +00:00",
        "2026-11-20T10:00:45 UTC",
        "2026-11-20 10:00:45",
        "2026-11-20T10:00:45",
    ],
)
def test_one_moment_typed_any_way_keeps_its_seconds(tmp_path: Path, now: str) -> None:
    # An update posted at 10:00:30 is on the page at 10:00:45, whichever way that is typed.
    posted = (
        "---\ntitle: Outage\nstatus: investigating\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2026-11-20 10:00:30 +00:00\nDown.\n"
    )
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "UTC"), INCIDENT_PATH: posted})

    built = run(root, "build", "-q", "--no-cache", "--now", now)

    assert 0 == built.exit_code, built.output
    assert "incident" == json.loads((root / "public/status.json").read_text())["status"]


def test_a_window_typed_with_seconds_is_written_with_them(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": _settings("Europe/Berlin", "Europe/Berlin")})
    window = ["--start", "2026-11-29 02:00:30", "--end", "2026-11-29T04:00:15 UTC"]

    made = run(root, "new", "maintenance", "Upgrade", *window, "-c", "api", "-m", "x",
               "--now", "2026-11-22T18:00:00Z")  # fmt: skip

    assert 0 == made.exit_code, made.output
    written = (root / "content/incidents/2026-11-29-upgrade.md").read_text()
    assert "scheduled_for: 2026-11-29 02:00:30 +01:00\n" in written
    assert "scheduled_until: 2026-11-29 05:00:15 +01:00\n" in written


def test_a_moment_before_1970_in_utc_is_refused_whatever_its_offset(tmp_path: Path) -> None:
    # 1970-01-01 00:30 +01:00 is 1969-12-31 23:30 UTC: a UTC page would say Dec 31, 1969.
    early = (
        "---\ntitle: Early\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 1970-01-01 00:30 +01:00\nDown.\n\n"
        "## Resolved at 1970-01-01 02:00 +01:00\nUp.\n"
    )
    root = write_site(tmp_path, {"statusgen.yaml": _settings("UTC", "UTC"), INCIDENT_PATH: early})

    checked = run(root, "check", "--now", "1970-01-02T00:00Z")
    status = run(root, "status", "--now", "1970-01-01T00:30+01:00")

    assert 1 == checked.exit_code
    assert (
        f"{INCIDENT_PATH}:7:1: '1970-01-01 00:30 +01:00' is 1969-12-31 23:30 UTC, "
        "outside the years 1970 to 9998"
    ) in checked.output
    assert 2 == status.exit_code
    assert "--now must be in the years 1970 to 9998" in status.output


# --- nothing is dated after the build's now --------------------------------------------------


def dated_outputs(out: Path) -> dict[str, list[datetime]]:
    """The times that say when something was posted or changed, in each output that has them
    (not the maintenance window, which may lie ahead)."""
    atom = (out / "atom.xml").read_text()
    rss = (out / "feed.xml").read_text()
    ics = (out / "maintenance.ics").read_text()
    maintenances = json.loads((out / "api/v2/scheduled-maintenances.json").read_text())
    api = [m[key] for m in maintenances["scheduled_maintenances"] for key in _POSTED_KEYS]
    return {
        "api": [datetime.fromisoformat(t.replace("Z", "+00:00")) for t in api],
        "atom": instants(" ".join(re.findall(r"<(?:updated|published)>[^<]*<", atom))),
        "rss": [parsedate_to_datetime(d) for d in re.findall(r"<pubDate>([^<]*)<", rss)],
        "calendar": [
            datetime.strptime(d, "%Y%m%dT%H%M%S%z")
            for d in re.findall(r"^(?:DTSTAMP|CREATED|LAST-MODIFIED):(\S+)", ics, re.M)
        ],
    }


_POSTED_KEYS = ("created_at", "started_at", "updated_at")

UNANNOUNCED = """\
---
title: DB upgrade
scheduled_for: 2026-12-10 10:00 +00:00
scheduled_until: 2026-12-10 12:00 +00:00
components: [api]
---
"""


def test_a_new_maintenance_without_a_message_is_dated_when_it_was_scheduled(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    assert 0 == run(tmp_path, "init", str(root), "--now", "2026-11-21T09:00:00Z").exit_code
    window = ["--start", "2026-12-10 10:00", "--end", "2026-12-10 12:00", "-c", "api"]
    now = "2026-12-02T12:00:00Z"
    made = CliRunner().invoke(
        cli, ["-C", str(root), "new", "maintenance", "DB upgrade", *window, "--now", now], input=""
    )
    assert 0 == made.exit_code, made.output
    text = next((root / "content/incidents").glob("*-db-upgrade.md")).read_text()
    assert "\n## Scheduled at 2026-12-02 12:00 +00:00\n" in text

    assert 0 == run(root, "build", "-q", "--now", now).exit_code
    moment = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
    dated = dated_outputs(root / "public")
    assert {kind: [t for t in times if t > moment] for kind, times in dated.items()} == {
        kind: [] for kind in dated
    }
    assert moment in dated["api"]


def test_a_maintenance_file_without_updates_is_never_dated_after_now(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {"content/incidents/2026-12-10-db-upgrade.md": UNANNOUNCED}
    )
    built = []
    for _ in range(2):
        assert 0 == run(root, "build", "-q", "--now", "2026-12-02T12:00:00Z").exit_code
        built.append({p.name: p.read_bytes() for p in (root / "public").glob("*.*")})

    moment = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
    dated = dated_outputs(root / "public")
    assert {kind: [t for t in times if t > moment] for kind, times in dated.items()} == {
        kind: [] for kind in dated
    }
    assert built[0] == built[1]  # reproducible: dated by --now, not by the clock
