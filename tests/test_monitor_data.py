"""The recorded data: what the files hold after 1, 5 and 500 runs, bounded growth, merging
copies that diverged, and overlapping writers."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from statusgen.errors import StatusgenError
from statusgen.model import Check, CheckResult, MonitorData
from statusgen.probe import store

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
INTERVAL = timedelta(minutes=10)


def runs(count: int, *, start: datetime = START, every: timedelta = INTERVAL) -> list[Check]:
    """Every 7th run down, latencies 100..199 ms."""
    return [
        Check(
            start + every * n,
            CheckResult.DOWN if n % 7 == 6 else CheckResult.UP,
            None if n % 7 == 6 else 100 + n % 100,
            "HTTP 500" if n % 7 == 6 else "HTTP 200",
        )
        for n in range(count)
    ]


def record_each(root: Path, checks: list[Check], history_days: int = 90) -> MonitorData:
    data = MonitorData("api")
    for check in checks:
        data = store.record(root, {"api": [check]}, BERLIN, history_days)["api"]
    return data


def test_after_one_run(tmp_path: Path) -> None:
    record_each(tmp_path, runs(1))
    written = json.loads((tmp_path / "data/monitors/api.json").read_text())
    assert {
        "version": 1,
        "monitor": "api",
        "pruned_before": None,
        "runs": [[int(START.timestamp()) * 1000, "up", 100, "HTTP 200"]],
        "days": [["2026-11-01", 1, 0, 0, 100, 100]],
    } == written


def test_after_five_runs(tmp_path: Path) -> None:
    data = record_each(tmp_path, runs(5))
    assert 5 == len(data.checks)
    assert [(d.day.isoformat(), d.checks, d.failures) for d in data.days] == [("2026-11-01", 5, 0)]
    text = (tmp_path / "data/monitors/api.json").read_text()
    assert 5 == text.count('"up"')  # one run per line: a diff shows what a run added
    assert store.loads(text.encode(), "x", "api") == data


def test_after_five_hundred_runs(tmp_path: Path) -> None:
    data = store.add_checks(MonitorData("api"), runs(500), BERLIN, 90)
    # 500 runs every 10 minutes span 3.5 days: raw runs keep the last 48 hours and the
    # five runs before them (the status at the oldest of the 48 hours reads those).
    assert 289 + 5 == len(data.checks)
    assert data.checks[-1].at - data.checks[0].at == timedelta(hours=48, minutes=50)
    # Daily aggregates cover all four (Berlin) days and count every run once.
    assert 500 == sum(d.checks for d in data.days)
    assert sum(1 for n in range(500) if n % 7 == 6) == sum(d.failures for d in data.days)
    assert ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"] == [
        d.day.isoformat() for d in data.days
    ]
    full_day = data.days[1]
    assert 144 == full_day.checks
    assert full_day.p50_ms is not None and full_day.p95_ms is not None
    assert 100 <= full_day.p50_ms <= full_day.p95_ms <= 199
    # Adding them one at a time writes the same file.
    assert data == record_each(tmp_path, runs(500))
    assert store.dumps(data) == (tmp_path / "data/monitors/api.json").read_text()


@pytest.mark.parametrize(
    ("message", "steady", "capped"),
    [
        ("HTTP 200", 28_000, 101_000),
        # The longest a check writes: run lines of about 80 bytes.
        ("certificate valid until 2027-02-28 23:59 UTC", 37_000, 165_000),
        ("HTTP 200; slow: 502 ms (threshold 200 ms)", 37_000, 165_000),
    ],
)
def test_growth_is_bounded_by_the_windows(message: str, steady: int, capped: int) -> None:
    """The sizes docs/monitors.md quotes, by the message each run keeps."""

    def said(checks: list[Check]) -> list[Check]:
        return [replace(c, message=message) if c.result is CheckResult.UP else c for c in checks]

    # A year and a bit: the days held are the year DAYS_KEPT keeps, whatever the window.
    year = store.add_checks(MonitorData("api"), said(runs((store.DAYS_KEPT + 2) * 144)), BERLIN, 90)
    assert store.DAYS_KEPT == len(year.days)
    assert len(year.checks) <= store.RAW_MAX
    assert len(store.dumps(year).encode()) < steady
    later = year.checks[-1].at + timedelta(minutes=1)
    every_minute = said(runs(store.RAW_MAX, start=later, every=timedelta(minutes=1)))
    full = store.add_checks(year, every_minute, BERLIN, 90)
    assert store.RAW_MAX == len(full.checks)
    assert len(store.dumps(full).encode()) < capped


def test_raw_runs_are_capped_and_keep_five_before_the_window() -> None:
    dense = store.add_checks(
        MonitorData("api"), runs(3000, every=timedelta(seconds=30)), BERLIN, 90
    )
    assert store.RAW_MAX == len(dense.checks)
    sparse = runs(7, every=timedelta(days=3))
    kept = store.add_checks(MonitorData("api"), sparse, BERLIN, 90)
    assert sparse[-6:] == list(kept.checks)
    assert sparse[0].at == kept.pruned_before


def test_recording_the_same_run_twice_changes_nothing() -> None:
    once = store.add_checks(MonitorData("api"), runs(10), BERLIN, 90)
    assert once == store.add_checks(once, runs(10), BERLIN, 90)


def test_two_runs_in_one_millisecond_are_both_kept() -> None:
    up, down = Check(START, CheckResult.UP, 5), Check(START, CheckResult.DOWN, None, "x")
    data = store.add_checks(MonitorData("api"), [up, down], BERLIN, 90)
    assert [START, START + timedelta(milliseconds=1)] == [c.at for c in data.checks]
    assert (2, 1) == (data.days[0].checks, data.days[0].failures)


def test_copies_that_diverged_merge_without_losing_or_doubling_runs() -> None:
    common = store.add_checks(MonitorData("api"), runs(20), BERLIN, 90)
    extra = runs(26)[20:]
    ours = store.add_checks(common, extra[0::2], BERLIN, 90)
    theirs = store.add_checks(common, extra[1::2], BERLIN, 90)
    merged = store.merge(theirs, into=ours, tz=BERLIN, history_days=90)
    assert store.add_checks(MonitorData("api"), runs(26), BERLIN, 90) == merged
    assert merged == store.merge(theirs, into=merged, tz=BERLIN, history_days=90)


def test_overlapping_writers_lose_no_run(tmp_path: Path) -> None:
    checks = runs(40)
    threads = [
        threading.Thread(target=record_each, args=(tmp_path, checks[n::4])) for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    data = store.load(tmp_path, "api")
    assert checks == list(data.checks)
    assert 40 == sum(d.checks for d in data.days)


def test_data_kept_through_a_link_is_written_where_the_link_leads(tmp_path: Path) -> None:
    # Replaced by a file of its own (mode 0600), the link left the kept data without the
    # runs, and the next job, linking it in again, lost them.
    record_each(tmp_path, runs(3))
    path = tmp_path / "data/monitors/api.json"
    kept = tmp_path / "volume" / "api.json"
    kept.parent.mkdir()
    path.rename(kept)
    kept.chmod(0o644)
    path.symlink_to(Path("..", "..", "volume", "api.json"))

    record_each(tmp_path, runs(5)[3:])

    assert path.is_symlink() and kept == path.resolve()
    assert runs(5) == list(store.load(tmp_path, "api").checks)
    assert 0o644 == kept.stat().st_mode & 0o777
    assert ["api.json"] == [p.name for p in kept.parent.iterdir()]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", ""),  # what is wrong is the JSON library's to word
        ("[]", "not a version 1 monitor data file"),
        ('{"version": 2}', "not a version 1 monitor data file"),
        ('{"version": 1, "days": []}', "it has no 'runs'"),
        (
            '{"version": 1, "runs": [[1, "sideways", 1, ""]], "days": []}',
            'unknown result "sideways" (one of up, degraded, down)',
        ),
        ('{"version": 1, "runs": [1], "days": []}', "a run is written [unix time in milliseconds"),
        ('{"version": 1, "runs": [["1", "up", 1, ""]], "days": []}', "a run's time must be"),
        ('{"version": 1, "runs": [], "days": [["Dec 1", 1, 0, 0, 1, 1]]}', "YYYY-MM-DD"),
        ('{"version": 1, "runs": [], "days": {}}', "'days' must be a list, not {}"),
    ],
)
def test_a_broken_data_file_is_a_diagnostic(tmp_path: Path, text: str, detail: str) -> None:
    path = tmp_path / "data/monitors/api.json"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(StatusgenError) as caught:
        store.load(tmp_path, "api")
    (problem,) = caught.value.diagnostics
    assert "data/monitors/api.json" == problem.path
    assert "cannot read monitor data" in problem.message
    assert detail in problem.message


def test_a_data_file_a_merge_stopped_on_names_its_markers_and_keeps_its_history(
    tmp_path: Path,
) -> None:
    # The monitor-data branch is merged like any other: the markers are told at their
    # lines, with the fix, not "not JSON" and "delete the file" (its history).
    path = tmp_path / "data/monitors/api.json"
    path.parent.mkdir(parents=True)
    path.write_text(
        '{"version": 1, "monitor": "api", "pruned_before": null, "runs": [\n'
        "<<<<<<< HEAD\n"
        '  [1796371800000, "down", null, "boom"]\n'
        "=======\n"
        '  [1796371800000, "up", null, "ok"]\n'
        ">>>>>>> monitor-data\n"
        '], "days": []}\n'
    )
    with pytest.raises(StatusgenError) as caught:
        store.load(tmp_path, "api")
    found = caught.value.diagnostics
    assert [2, 4, 6] == [d.line for d in found]
    assert {"unresolved merge conflict"} == {d.message for d in found}
    assert all("do not delete the file" in d.hint for d in found)


def test_the_data_folder_holds_only_data(tmp_path: Path) -> None:
    record_each(tmp_path, runs(3))
    # What the workflows commit: no lock or temporary file among the results.
    assert ["api.json"] == sorted(p.name for p in (tmp_path / "data/monitors").iterdir())


def test_a_data_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "data/monitors"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "api.json")
    with pytest.raises(StatusgenError) as caught:
        store.load(tmp_path, "api")
    assert "named pipe" in caught.value.diagnostics[0].message


BEAT = "- {id: beat, component: api, type: heartbeat, interval: 1440}\n"


def beat_file(days: str, runs: str = "[]") -> str:
    head = '{"version": 1, "monitor": "beat", "pruned_before": null'
    return f'{head}, "runs": {runs}, "days": {days}}}'


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (beat_file('[["2026-12-01", 5, 9, 0, "x", null]]'),
         "day 2026-12-01 counts 9 failures among 5 checks"),
        (beat_file('[["2026-12-01", 5, 1, 0, "x", null]]'),
         'day 2026-12-01: p50 must be a whole number of milliseconds or null, not "x"'),
        (beat_file('[["2026-12-01", 5, 1, 0, 10, -3]]'),
         "day 2026-12-01: p95 must be a whole number of milliseconds or null, not -3"),
        (beat_file('[["2026-12-01", -1, 0, 0, null, null]]'),
         "day 2026-12-01: checks must be a whole number from 0, not -1"),
        (beat_file('[["2026-12-01", 5, 1, 6, null, null]]'),
         "day 2026-12-01 counts 6 degraded runs and 1 failures among 5 checks"),
        (beat_file("[]", '[[1796083800318, "up", "slow", ""]]'),
         'a run\'s latency must be a whole number of milliseconds or null, not "slow"'),
        # Said as the file spells it, not as Python would.
        (beat_file("[]", '[[1796083800318, "up", true, ""]]'),
         "a run's latency must be a whole number of milliseconds or null, not true"),
        (beat_file("[]", '[[1796341300000, "down", 10, {"a":1}]]'),
         'a run\'s message must be text in quotes, not {"a": 1}'),
        (beat_file('[["2026-12-02", 7, 2, 0, 10, 10], ["2026-12-02", 7, 2, 0, 10, 10]]'),
         "day 2026-12-02 is written twice: keep one line, the counts added up"),
        (beat_file("[]", '[[1796341300000, "up", 5, ""], [1796341300000, "up", 5, ""]]'),
         "a second run at 1796341300000 ms: delete the copy"),
        # The runs muted by maintenance: a count of its own, after p95.
        (beat_file('[["2026-12-01", 5, 1, 0, null, null, -2]]'),
         "day 2026-12-01: muted must be a whole number from 0, not -2"),
        (beat_file('[["2026-12-01", 5, 1, 0, null, null, "3"]]'),
         'day 2026-12-01: muted must be a whole number from 0, not "3"'),
        (beat_file('[["2026-12-01", 5, 1, 0, null, null, 2, [], 1]]'),
         "a day is written [date, checks, failures, degraded runs, p50 ms or null, p95 ms or "
         "null], then the runs muted by maintenance when there were any"),
        # Then those muted by windows naming their pages: within the day's muted runs.
        (beat_file('[["2026-12-01", 5, 1, 0, null, null, 2, [[["rehearsal"], 3, 3, 0]]]]'),
         "day 2026-12-01 counts more runs muted by windows than its 2 muted"),
        (beat_file('[["2026-12-01", 5, 1, 0, null, null, 2, [[["rehearsal"], 2, 2, 1]]]]'),
         'day 2026-12-01: runs muted by windows cannot be [["rehearsal"], 2, 2, 1]'),
        (beat_file("[]", '[[1796341300000, "down", null, "", "muted", 7]]'),
         "the windows that muted a run are their names, not [7]"),
        (beat_file("[]", '[[1796341300000, "down", null, "", "quiet"]]'),
         'a run\'s mark can only be "muted", not "quiet"'),
        # Half of a character, which no page can carry: build and status stopped on it.
        (beat_file("[]", '[[1796601600000, "down", 5, "x\\ud800"]]'),
         "a run's message holds U+D800 (a lone surrogate) at character 2, half of a "
         "character: write the message again without it"),
        (beat_file("[]", '[[1796341300000, "down", null, "", "muted", "w\\udc80"]]'),
         'the windows that muted a run are their names, not ["w\\udc80"]'),
        ('{"version": 1, "monitor": "beat", "component": "api\\udc80", "runs": [], "days": []}',
         'component "api\\udc80" is not an id'),
    ],
)  # fmt: skip
def test_a_hand_edited_data_file_is_reported_by_check_and_build(
    tmp_path: Path, text: str, detail: str
) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    root = write_site(tmp_path, {"content/monitors.yaml": BEAT, "data/monitors/beat.json": text})
    runner = CliRunner()
    for command in (["check"], ["build", "-o", str(tmp_path / "out")], ["status", "--json"]):
        result = runner.invoke(cli, ["-C", str(root), *command])
        assert 1 == result.exit_code, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        # The file is one line here: the problem is on it, at the run's or day's column.
        assert re.search(
            rf"data/monitors/beat\.json:1:\d+: cannot read monitor data: {re.escape(detail)}",
            result.output,
        ), (command, result.output)
        assert "restore the file from git" in result.output


def test_every_problem_of_a_hand_edited_file_is_reported_at_its_line(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    data = store.add_checks(MonitorData("beat"), runs(3), UTC, 90)
    text = store.dumps(data)
    lines = text.splitlines()
    # Three hand edits, one per line: a result, a latency, a day's failures.
    assert lines[3].startswith("  [") and lines[4].startswith("  [")
    lines[3] = lines[3].replace('"up"', '"sideways"')
    lines[4] = lines[4].replace(", 101,", ", -5,")
    lines[8] = lines[8].replace(", 3, 0, 0,", ", 3, 999, 0,")
    root = write_site(
        tmp_path, {"content/monitors.yaml": BEAT, "data/monitors/beat.json": "\n".join(lines)}
    )
    runner = CliRunner()
    for command in (["check"], ["build", "-o", str(tmp_path / "out")], ["status"]):
        result = runner.invoke(cli, ["-C", str(root), *command])
        assert 1 == result.exit_code, (command, result.output)
        for expected in (
            'data/monitors/beat.json:4:3: cannot read monitor data: unknown result "sideways"',
            "data/monitors/beat.json:5:3: cannot read monitor data: a run's latency must be a "
            "whole number of milliseconds or null, not -5",
            "data/monitors/beat.json:9:3: cannot read monitor data: day 2026-11-01 counts 999 "
            "failures among 3 checks",
        ):
            assert expected in result.output, (command, result.output)


def test_a_file_of_many_bad_runs_tells_a_screenful_then_how_many_more(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    lines = store.dumps(store.add_checks(MonitorData("beat"), runs(50), UTC, 90)).splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("  ["))
    for n in range(first, first + 50):
        lines[n] = re.sub('"(up|down)"', '"sideways"', lines[n])
    root = write_site(
        tmp_path, {"content/monitors.yaml": BEAT, "data/monitors/beat.json": "\n".join(lines)}
    )

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 1 == result.exit_code, result.output
    told = re.findall(
        r"data/monitors/beat\.json:(\d+):3: cannot read monitor data: (.*)", result.output
    )
    assert [str(first + 1 + n) for n in range(21)] == [line for line, _ in told]
    assert all('unknown result "sideways"' in detail for _, detail in told[:20])
    assert "and 30 more problems like these, from here on" == told[20][1]
    # The summary counts every problem, those told in one line too.
    assert "50 problems in 1 file" in result.output


def test_a_file_from_before_runs_could_be_muted_reads_as_none_muted(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    day = datetime.now(UTC).date() - timedelta(days=1)
    at = int(datetime(day.year, day.month, day.day, 9, tzinfo=UTC).timestamp() * 1000)
    text = beat_file(f'[["{day}", 4, 1, 0, 80, 90]]', f'[[{at}, "up", 80, ""]]')
    root = write_site(tmp_path, {"content/monitors.yaml": BEAT, "data/monitors/beat.json": text})
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["-C", str(root), "check"]).exit_code
    data = store.load(root, "beat")
    assert [(4, 1, 0)] == [(d.checks, d.failures, d.muted) for d in data.days]
    assert [False] == [c.muted for c in data.checks]
    # Written again as it was: no column for runs never muted.
    done = runner.invoke(cli, ["-C", str(root), "record", "beat", "--up", "--at", "1m ago"])
    assert 0 == done.exit_code, done.output
    rows = json.loads((root / "data/monitors/beat.json").read_text())
    assert [[str(day), 4, 1, 0, 80, 90], [at, "up", 80, ""]] == [rows["days"][0], rows["runs"][0]]


def test_record_refuses_a_latency_no_run_can_take(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    root = write_site(tmp_path, {"content/monitors.yaml": BEAT})
    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "beat", "--up", "--latency", "99999999999999999999"]
    )
    assert 2 == done.exit_code, done.output
    assert "--latency" in done.output
    assert not (root / "data/monitors/beat.json").exists()


def test_a_shorter_history_window_hides_the_older_days_but_keeps_them(tmp_path: Path) -> None:
    """Trying `history_days: 7` and going back must not lose what was measured before:
    the data branch is a single commit, so a day dropped from the file is gone for good."""
    month = runs(33 * 4, every=timedelta(hours=6))
    record_each(tmp_path, month)
    one_more = Check(month[-1].at + INTERVAL, CheckResult.UP, 120, "HTTP 200")
    data = store.record(tmp_path, {"api": [one_more]}, BERLIN, 7)["api"]
    assert 33 == len(data.days)
    assert sum(1 for c in month if c.result is CheckResult.DOWN) == sum(
        d.failures for d in data.days
    )
    # Still bounded: a day more than a year before the newest run goes.
    later = Check(one_more.at + timedelta(days=400), CheckResult.UP, 120, "HTTP 200")
    data = store.record(tmp_path, {"api": [later]}, BERLIN, 7)["api"]
    assert [later.at.astimezone(BERLIN).date()] == [d.day for d in data.days]


def test_runs_muted_by_a_window_one_page_shows_count_on_the_others_once_pruned() -> None:
    from statusgen.measured import data_shown_with

    at = datetime(2026, 12, 5, 23, tzinfo=timezone.utc)
    staff = ("staff-rehearsal",)
    runs = [
        Check(at, CheckResult.UP),
        Check(at + timedelta(minutes=10), CheckResult.DOWN, muted=True, muted_by=staff),
        Check(at + timedelta(minutes=20), CheckResult.DOWN, muted=True),  # a window for all
    ]
    data = store.add_checks(MonitorData("api-health"), runs, ZoneInfo("UTC"), 90)
    # Written and read back, then the runs aged out: the day alone remembers the window.
    kept = store.loads(store.dumps(data).encode(), "data/monitors/api-health.json", "api-health")
    assert kept == data
    day = replace(kept, checks=())

    (public,) = data_shown_with(day, ()).days
    (internal,) = data_shown_with(day, staff).days
    assert (2, 1, 1) == (public.checks, public.failures, public.muted)
    assert (1, 0, 2) == (internal.checks, internal.failures, internal.muted)
    assert [False, False, True] == [c.muted for c in data_shown_with(data, ()).checks]


def test_a_data_file_saved_with_a_byte_order_mark_reads_as_it_did(tmp_path: Path) -> None:
    # Notepad and PowerShell 5.1 save UTF-8 with a byte order mark (and CRLF): the file is
    # read as every site file is, its history kept, not refused as "not JSON".
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    root = write_site(tmp_path, {"content/monitors.yaml": BEAT})
    runner = CliRunner()
    recorded = runner.invoke(cli, ["-C", str(root), "record", "beat", "--down", "-m", "boom"])
    assert 0 == recorded.exit_code, recorded.output
    path = root / "data/monitors/beat.json"
    written = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + written.replace(b"\n", b"\r\n"))
    for command in (["check"], ["build", "-o", str(tmp_path / "out")], ["status", "--json"]):
        result = runner.invoke(cli, ["-C", str(root), *command])
        assert 0 == result.exit_code, (command, result.output)
    status = json.loads(runner.invoke(cli, ["-C", str(root), "status", "--json"]).output)
    assert "major_outage" in json.dumps(status)
    again = runner.invoke(cli, ["-C", str(root), "record", "beat", "--up", "--at", "1m ago"])
    assert 0 == again.exit_code, again.output
    assert 2 == len(json.loads(path.read_text(encoding="utf-8"))["runs"])


def test_an_unreadable_data_file_is_told_to_be_restored_before_deleted(tmp_path: Path) -> None:
    path = tmp_path / "data/monitors/api.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "runs": [')
    with pytest.raises(StatusgenError) as caught:
        store.load(tmp_path, "api")
    (problem,) = caught.value.diagnostics
    # Deleting loses the monitor's history: the last resort, and said so.
    assert problem.hint.startswith("restore the file from git")
    assert "history lost" in problem.hint


def test_a_monitor_pointed_at_another_component_is_warned_of_and_keeps_its_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    root = write_site(tmp_path, {"content/monitors.yaml": BEAT})
    path = root / "data/monitors/beat.json"

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["-C", str(root), *args])
        assert 0 == result.exit_code, result.output
        return result.output

    for ago in ("3h ago", "2h ago", "1h ago"):
        run("record", "beat", "--down", "-m", "API job failed", "--at", ago)
    assert "api" == json.loads(path.read_text())["component"]
    assert "measured for" not in run("check")

    # The monitor now checks the checkout: the API's failures would count there.
    (root / "content/monitors.yaml").write_text(BEAT.replace("api", "checkout"))
    said = (
        r"content/monitors\.yaml:1:\d+: warning: monitor 'beat' now checks component "
        r"'checkout', but its runs in data/monitors/beat\.json were measured for 'api'"
    )
    for command in (["check"], ["build", "-o", str(tmp_path / "out")]):
        output = run(*command)
        assert re.search(said, output), (command, output)
        assert "give the monitor a new id" in output
    # From the folder above, both files are named from there, as `check` names any.
    with monkeypatch.context() as patched:
        patched.chdir(tmp_path.parent)
        relative = CliRunner().invoke(cli, ["-C", tmp_path.name, "check"]).output
    told = f"its runs in {tmp_path.name}/data/monitors/beat.json were measured for 'api'"
    assert told in relative, relative
    assert f'"component": "checkout" in {tmp_path.name}/data/monitors/beat.json' in relative
    # A run recorded since keeps the file's word: the move is not forgotten, nor a run lost.
    run("record", "beat", "--up", "--at", "1m ago")
    recorded = json.loads(path.read_text())
    assert ("api", 4) == (recorded["component"], len(recorded["runs"]))
    assert re.search(said, run("check"))
    # The author says the runs did measure the checkout: nothing to warn of.
    path.write_text(path.read_text().replace('"component": "api"', '"component": "checkout"'))
    assert "measured for" not in run("check")


def test_a_data_file_without_its_component_reads_as_before_and_gains_it(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    text = beat_file("[]")
    root = write_site(tmp_path, {"content/monitors.yaml": BEAT, "data/monitors/beat.json": text})
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert (0, "No problems found") == (checked.exit_code, checked.output[:17])
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "beat", "--up", "--at", "1m ago"])
    assert 0 == done.exit_code, done.output
    assert "api" == json.loads((root / "data/monitors/beat.json").read_text())["component"]


HOURLY = "- {id: hb, component: api, type: heartbeat, interval: 60}\n"

SETTINGS_UTC = """\
title: Example Status
base_url: https://status.example.com
timezone: UTC
start_date: 2026-11-01
"""


def hourly(start: datetime, count: int, down_from: int | None = None) -> str:
    """A data file of `count` hourly runs from `start`, counted into UTC days; those from
    the `down_from`-th on down."""
    checks = [
        Check(
            start + timedelta(hours=n),
            CheckResult.DOWN if down_from is not None and n >= down_from else CheckResult.UP,
            None,
            "",
        )
        for n in range(count)
    ]
    return store.dumps(store.add_checks(MonitorData("hb"), checks, UTC, 90))


def test_days_counted_before_the_timezone_changed_never_count_below_zero(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner
    from sitefiles import SETTINGS, write_site

    from statusgen.cli import cli

    # 16 hourly runs from 12:00 UTC, counted into UTC days; the site shows Tokyo since.
    text = hourly(datetime(2026, 11, 30, 12, tzinfo=UTC), 16)
    assert '["2026-12-01", 4, 0, 0, null, null]' == text.splitlines()[22].strip()
    settings = SETTINGS.replace("Europe/Berlin", "Asia/Tokyo") + "start_date: 2026-11-01\n"
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": settings,
            "content/monitors.yaml": HOURLY,
            "data/monitors/hb.json": text,
        },
    )
    runner = CliRunner()
    out = tmp_path / "out"
    now = ["--now", "2026-11-30T16:30:00Z"]
    result = runner.invoke(cli, ["-C", str(root), "build", "-o", str(out), *now])
    assert 0 == result.exit_code, result.output
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", (out / "components/api/index.html").read_text())
    )
    # 01:30 in Tokyo: the runs of 00:00 and 01:00 (15:00 and 16:00 UTC), not 4 - 11.
    assert "Dec 1, 2026 2 100%" in page, page
    assert not re.search(r"Dec 1, 2026 -\d", page)
    # `check` tells the row that disagrees with the runs, where it is written.
    result = runner.invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output
    assert (
        "data/monitors/hb.json:23:3: warning: day 2026-12-01 counts 4 runs, but 13 are held "
        "for that day (Asia/Tokyo)"
    ) in result.output


def test_a_hand_edited_day_with_fewer_runs_than_held_is_what_the_runs_say(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    # 12 hourly runs on Dec 1 (UTC), the last 3 down; the day's row edited to 3 runs.
    text = hourly(datetime(2026, 12, 1, tzinfo=UTC), 12, down_from=9)
    edited = text.replace(
        '["2026-12-01", 12, 3, 0, null, null]', '["2026-12-01", 3, 0, 0, null, null]'
    )
    assert edited != text
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS_UTC,
            "content/monitors.yaml": HOURLY,
            "data/monitors/hb.json": edited,
        },
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, ["-C", str(root), "status", "--json", "--now", "2026-12-01T05:30:00Z"]
    )
    assert 0 == result.exit_code, result.output
    monitor = json.loads(result.output)["monitors"][0]
    assert 1.0 == monitor["uptime"]  # the six runs made by 05:30, all up
    result = runner.invoke(cli, ["-C", str(root), "check"])
    assert (
        "data/monitors/hb.json:18:3: warning: day 2026-12-01 counts 3 runs, but 12 are held "
        "for that day (UTC)"
    ) in result.output, result.output


def test_a_past_moment_whose_last_five_runs_were_dropped_is_unknown_not_stale(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    # Hourly from Nov 27 to Dec 1 11:00 UTC: runs held from Nov 29 06:00 UTC on.
    text = hourly(datetime(2026, 11, 27, tzinfo=UTC), 24 * 4 + 12)
    assert '"pruned_before": 1795928400000' in text  # 2026-11-29T05:00:00Z
    settings = SETTINGS_UTC.replace("timezone: UTC", "timezone: America/New_York")
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": settings,
            "content/monitors.yaml": HOURLY,
            "data/monitors/hb.json": text,
        },
    )
    runner = CliRunner()
    # 09:30 UTC: four runs held by then, the newest 30 minutes old (interval 60).
    now = ["--now", "2026-11-29T09:30:00Z"]
    result = runner.invoke(cli, ["-C", str(root), "status", *now])
    assert 0 == result.exit_code, result.output
    assert (
        "hb  Unknown  API: last run 2026-11-29 04:00 EST, too few runs held for this moment: "
        "runs older than 48 hours are dropped"
    ) in result.output
    result = runner.invoke(cli, ["-C", str(root), "status", "--json", *now])
    monitor = json.loads(result.output)["monitors"][0]
    assert (False, "unknown") == (monitor["stale"], monitor["status"])
    out = tmp_path / "out"
    result = runner.invoke(cli, ["-C", str(root), "build", "-o", str(out), *now])
    assert 0 == result.exit_code, result.output
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", (out / "components/api/index.html").read_text())
    )
    assert "Last check Nov 29, 2026, 04:00 EST" in page
    assert "No check since" not in page
