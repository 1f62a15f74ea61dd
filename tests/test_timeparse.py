"""Times typed on the command line, read in the site timezone."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from statusgen.authoring.timeparse import format_local, parse_when
from statusgen.timeline import TimelineError, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
# Sunday 22 November 2026, 19:41:30 in Berlin.
NOW = datetime(2026, 11, 22, 18, 41, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "2026-11-22 19:41"),
        ("in 2h", "2026-11-22 21:41"),
        ("in 1h30m", "2026-11-22 21:11"),
        ("in 1 hour and 30 minutes", "2026-11-22 21:11"),
        ("in 90 min", "2026-11-22 21:11"),
        ("in 2d", "2026-11-24 19:41"),
        ("45m ago", "2026-11-22 18:56"),
        ("14:30", "2026-11-22 14:30"),
        ("at 14:30", "2026-11-22 14:30"),
        ("today 23:05", "2026-11-22 23:05"),
        ("Tomorrow 02:00", "2026-11-23 02:00"),
        ("tomorrow at 2:00", "2026-11-23 02:00"),
        ("yesterday 23:10", "2026-11-21 23:10"),
        ("monday 09:00", "2026-11-23 09:00"),
        ("sun 09:00", "2026-11-29 09:00"),  # today is Sunday, 09:00 has passed: the next one
        ("sunday 21:00", "2026-11-22 21:00"),  # still ahead today: today
        ("sunday 19:41", "2026-11-22 19:41"),  # this minute is not yet past, as with "now"
        ("sunday 19:40", "2026-11-29 19:40"),
        ("2026-11-29 02:00", "2026-11-29 02:00"),
        ("2026-11-29T02:00:59", "2026-11-29 02:00"),
        ("2026-11-29T01:00Z", "2026-11-29 02:00"),
        ("2026-11-29 02:00 +00:00", "2026-11-29 03:00"),
        ("2026-11-29T02:00-0500", "2026-11-29 08:00"),
        # A one-digit hour, as a file may write it.
        ("2026-11-29 2:00", "2026-11-29 02:00"),
        ("2026-11-29T9:05+01:00", "2026-11-29 09:05"),
    ],
)
def test_friendly_and_iso_times_in_the_site_timezone(text: str, expected: str) -> None:
    moment = parse_when(text, now=NOW, tz=BERLIN)

    assert expected == f"{moment.astimezone(BERLIN):%Y-%m-%d %H:%M}"
    assert moment.tzinfo is not None


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-20T10:00:45Z",
        "2026-11-20 10:00:45 +00:00",
        "2026-11-20T10:00:45 UTC",
        "2026-11-20 10:00:45 GMT",
        "2026-11-20 10:00:45",
        "2026-11-20T11:00:45+01:00",
    ],
)
def test_a_date_and_time_keeps_its_seconds_in_every_form(text: str) -> None:
    moment = parse_when(text, now=NOW, tz=ZoneInfo("UTC"))

    assert datetime(2026, 11, 20, 10, 0, 45, tzinfo=timezone.utc) == moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:05:07", datetime(2026, 11, 22, 10, 5, 7)),
        ("at 10:05:07", datetime(2026, 11, 22, 10, 5, 7)),
        ("today 10:05:07", datetime(2026, 11, 22, 10, 5, 7)),
        ("tomorrow 02:00:05", datetime(2026, 11, 23, 2, 0, 5)),
        ("yesterday 23:10:59", datetime(2026, 11, 21, 23, 10, 59)),
        ("friday 5:30:15pm", datetime(2026, 11, 27, 17, 30, 15)),
        ("monday 09:00:30", datetime(2026, 11, 23, 9, 0, 30)),
        ("sunday 19:41:10", datetime(2026, 11, 22, 19, 41, 10)),  # this minute, as above
        ("sunday 19:40:59", datetime(2026, 11, 29, 19, 40, 59)),
        ("2:30:15 a.m.", datetime(2026, 11, 22, 2, 30, 15)),
    ],
)
def test_a_time_of_day_keeps_its_seconds_in_every_form(text: str, expected: datetime) -> None:
    moment = parse_when(text, now=NOW, tz=BERLIN)

    assert expected.replace(tzinfo=BERLIN) == moment


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        # A weekday for a window's end is strictly after its start, and still ahead of now.
        ("monday 09:00", "2026-11-23 09:00", "2026-11-30 09:00"),
        ("monday 09:01", "2026-11-23 09:00", "2026-11-23 09:01"),
        ("sunday 19:41", "2026-11-22 19:41", "2026-11-29 19:41"),  # start "now", 19:41:30
        ("sunday 19:41", "2026-11-22 10:00", "2026-11-22 19:41"),  # start earlier today
        ("sunday 10:00", "2026-11-22 09:00", "2026-11-29 10:00"),  # 10:00 today has passed
        # To the second: an end a few seconds after its start is that day, not a week on.
        ("monday 09:00:30", "2026-11-23 09:00:00", "2026-11-23 09:00:30"),
        ("monday 09:01", "2026-11-23 09:00:30", "2026-11-23 09:01:00"),
        ("monday 09:00:30", "2026-11-23 09:00:30", "2026-11-30 09:00:30"),
        # A time without a weekday is read from today, as for --start.
        ("23:00", "2026-11-22 23:00", "2026-11-22 23:00"),
        ("tomorrow 02:00", "2026-11-23 02:00", "2026-11-23 02:00"),
    ],
)
def test_an_end_weekday_is_the_first_one_after_the_start(
    text: str, after: str, expected: str
) -> None:
    start = datetime.fromisoformat(after).replace(tzinfo=BERLIN)

    moment = parse_when(text, now=NOW, tz=BERLIN, after=start)

    assert datetime.fromisoformat(expected).replace(tzinfo=BERLIN) == moment


# Wednesday 25 November 2026, 11:00 in Berlin: "friday" is two days on, "next friday" nine.
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # "2026-12-03 14:00" and "tomorrow 2pm" were read, "2026-12-03 2pm" refused.
        ("2026-12-03 2pm", NOW, "2026-12-03 14:00"),
        ("2026-12-03 at 2:30pm", NOW, "2026-12-03 14:30"),
        ("2026-12-03 12am", NOW, "2026-12-03 00:00"),
        ("tonight 11pm", NOW, "2026-11-22 23:00"),
        ("next monday 2am", NOW, "2026-11-23 02:00"),  # a Sunday: tomorrow is next week
        ("next monday 2am", WEDNESDAY, "2026-11-30 02:00"),
        ("next fri 5pm", WEDNESDAY, "2026-12-04 17:00"),
        ("friday 5pm", WEDNESDAY, "2026-11-27 17:00"),
    ],
)
def test_the_forms_people_type_for_a_window_are_read(
    text: str, now: datetime, expected: str
) -> None:
    moment = parse_when(text, now=now, tz=BERLIN)

    assert datetime.fromisoformat(expected).replace(tzinfo=BERLIN) == moment


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("", "empty"),
        ("soon", "cannot read the time"),
        ("in a while", "cannot read the duration"),
        ("in 2 fortnights", "unknown unit"),
        ("2026-11-29", "no time"),
        ("2026-02-30 10:00", "February has only 28 days in 2026"),
        ("2024-02-30", "February has only 29 days in 2024"),
        ("25:00", "not a time of day"),
        ("10:05:60", "not a time of day"),
        ("10::07", "cannot read the time"),
        ("someday 10:00", "cannot read the day"),
        ("next tomorrow 10:00", "cannot read the day"),
        ("2026-02-30 2pm", "February has only 28 days"),
        ("2026-12-03 13pm", "am/pm hours run from 1 to 12"),
        ("2026-03-29 02:30", "does not exist"),  # clocks jump from 02:00 to 03:00
        ("2026-10-25 02:30", "happens twice"),  # clocks go back from 03:00 to 02:00
        ("11/12/2026 10:00", "cannot read the time"),
        ("2026-11-29 002:00", "cannot read the time"),  # a file refuses it too
    ],
)
def test_unreadable_or_ambiguous_times_are_refused(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_when(text, now=NOW, tz=BERLIN)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2026-12-10 02:00 CET", "write it as '2026-12-10 02:00 +01:00'"),
        ("2026-07-10T02:00:30 CEST", "write it as '2026-07-10 02:00:30 +02:00'"),
        # Not the zone's name then: the time kept, a place for the offset, none offered.
        (
            "2026-12-10 02:00 CEST",
            "write it as '2026-12-10 02:00 +HH:MM'; 'CEST' is not Europe/Berlin's zone on "
            "2026-12-10: put its offset from UTC in place of +HH:MM",
        ),
        (
            "2026-12-10 02:00 IST",
            "write it as '2026-12-10 02:00 +HH:MM'; 'IST' is not Europe/Berlin's zone on "
            "2026-12-10: put its offset from UTC in place of +HH:MM",
        ),
    ],
)
def test_a_zone_name_for_the_offset_is_told_as_in_a_file(text: str, hint: str) -> None:
    # The rule and its words are the timeline's: a file's time is told the same.
    with pytest.raises(TimelineError) as in_a_file:
        parse_time(text, BERLIN)
    with pytest.raises(ValueError) as refused:
        parse_when(text, now=NOW, tz=BERLIN)

    assert f"{in_a_file.value.message}; {hint}" == str(refused.value)
    assert hint == in_a_file.value.hint


def test_an_offset_settles_a_repeated_hour() -> None:
    moment = parse_when("2026-10-25 02:30 +01:00", now=NOW, tz=BERLIN)

    assert datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc) == moment


def test_written_times_always_carry_their_offset() -> None:
    plain = datetime(2026, 11, 22, 18, 41, tzinfo=timezone.utc)
    first = datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)  # 02:30 summer time
    second = datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)  # 02:30 winter time

    assert "2026-11-22 19:41 +01:00" == format_local(plain, BERLIN)
    assert "2026-10-25 02:30 +02:00" == format_local(first, BERLIN)
    assert "2026-10-25 02:30 +01:00" == format_local(second, BERLIN)


def test_an_offset_with_seconds_is_written_so_that_it_reads_back() -> None:
    # Africa/Monrovia was 44 min 30 s behind UTC until 1972: 10:00 UTC is 09:15:30 there.
    monrovia = ZoneInfo("Africa/Monrovia")
    moment = datetime(1971, 6, 1, 9, 59, 30, tzinfo=timezone.utc)

    written = format_local(moment, monrovia)

    assert "1971-06-01 09:15 -00:44:30" == written
    assert moment == parse_time(written, BERLIN)
    assert moment == parse_when(written, now=NOW, tz=BERLIN)


@pytest.mark.parametrize(
    "text",
    [
        "in 99999999h",
        "99999999h ago",
        "in 3000000d",
        "in 999999999999999999999d",
        pytest.param("in 1" + "0" * 5000 + "s", id="in 1000...s"),
        "1969-12-31 23:00",
        "1970-01-01 00:30",  # 1969-12-31 23:30 UTC: the moment's year, not the one written
        "9999-01-01 01:00",  # 9999-01-01 00:00 UTC
        "9999-01-01T00:00Z",
    ],
)
def test_times_outside_the_supported_years_are_refused(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_when(text, now=NOW, tz=BERLIN)

    assert f"{text!r} is outside the years 1970 to 9998" == str(refused.value)


@pytest.mark.parametrize(
    "text", ["2026-11-29T02:00+25:00", "2026-11-29 02:00 -2400", "2026-11-29 02:00+05:60"]
)
def test_an_impossible_offset_is_refused_in_our_words(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_when(text, now=NOW, tz=BERLIN)

    assert "an offset runs from -23:59 to +23:59" in str(refused.value)
