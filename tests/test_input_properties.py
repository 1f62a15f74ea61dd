"""Any bytes at all in a source file end in a model or in located diagnostics, quickly.

Property-based: hypothesis feeds the settings, components and incident loaders arbitrary
bytes, YAML-looking token soup and valid files with hostile pieces spliced in. Whatever
comes in, the result is a model or diagnostics naming the file and a line inside it —
never a traceback — within the per-example deadline. The pathological YAML cases (alias
bombs, deep nesting, object-constructing tags, huge values) have explicit examples below
with a time bound, which is a correctness bound (no expansion, no runaway recursion), not a
performance benchmark.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitefiles import COMPONENTS, INCIDENT, SETTINGS

from statusgen.config import parse_settings
from statusgen.errors import Diagnostic, Severity
from statusgen.model import EARLIEST_YEAR, LATEST_YEAR, IncidentState, MaintenanceState
from statusgen.timeline import TimelineError, format_time, parse_heading, parse_time
from statusgen.validate import ComponentNames, check_site, parse_components, parse_event

SETTINGS_PATH = "statusgen.yaml"
COMPONENTS_PATH = "content/components.yaml"
EVENT_PATH = "content/incidents/2026-11-20-x.md"
IDS = ComponentNames(frozenset({"api", "checkout", "dashboard"}))
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]

# Per example; generous so a slow CI machine does not flake, tight enough to catch a blow-up.
FAST = settings(
    max_examples=150,
    deadline=timedelta(milliseconds=1000),
    suppress_health_check=[HealthCheck.too_slow],
)
# The explicit pathological cases must each finish within this many seconds of this
# process's CPU time: all their work is done here, and a blow-up costs CPU time whatever
# else the machine runs, where wall time also counts the other programs' turns.
BOUND = 2.0

MAINTENANCE = """\
---
title: Database upgrade
scheduled_for: 2026-11-29 02:00
scheduled_until: 2026-11-29 04:00
components: [checkout]
---
## Scheduled at 2026-11-20 09:00
We will upgrade the database.
"""

# Pieces that stress YAML, front matter, Markdown and the timeline parser.
TOKENS = [
    ":", ": ", "-", "- ", "---", "...", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ",
    "!!python/object/apply:os.system ['true']", "!!binary ", "<<: ", "? ", "|", ">", "'", '"',
    "#", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "@", "`", "\t", " ", "  ", "\n", "\r\n", "\r",
    "\ufeff", "\x00", "\x07", "\x85", "\u2028", "\u202e", "\U0001f600", "é", "\\", "\\u0000",
    "~", "null", "true", "yes", "0x1F", "1e999", "-.inf", ".nan", "9" * 40, "2026-11-20 14:05",
    "0001-01-01 00:00", "9999-12-31 23:59 -23:59", "2026-03-29 02:30", "## ", "### ", "```",
    "## Resolved at ", "## Investigating at 2026-11-20 14:05", "## 2026-11-20 14:05 - ",
    "title: ", "status: ", "components: ", "api: ", "impact: ", "date: ", "resolved_at: ",
    "scheduled_for: ", "scheduled_until: ", "name: ", "id: ", "base_url: ", "timezone: ",
    "history_days: ", "<script>alert(1)</script>", "javascript:alert(1)",
]  # fmt: skip

token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)

# Headings built from the pieces the timeline grammar is made of, in any order and number.
HEADING_PIECES = [
    "Investigating", "identified", "MONITORING", "Resolved", "postmortem", "In progress",
    "in_progress", "in-progress", "Scheduled", "verifying", "Completed", " at ", " - ", " — ",
    " – ", " | ", ": ", ", ", " ", "\t", "2026-11-20", "2026-02-29", "1969-12-31", "9998-12-31",
    "26-11-20", "11/12/2026", "T", " 14:05", "24:00", "23:59:60", "14:05:59.9999999", "00:00",
    " Z", " UTC", " +01:00", " -0530", " +14", " +99:99", " -23:59", "#", " ##", "Resolvd",
]  # fmt: skip
heading_like = st.lists(st.sampled_from(HEADING_PIECES), min_size=1, max_size=8).map("".join)


@st.composite
def spliced(draw: st.DrawFn, valid: str) -> bytes:
    """A valid file with a few tokens inserted, or a slice removed, at random places."""
    text = valid
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
    return text.encode("utf-8")


def any_bytes(valid: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        token_soup.map(lambda t: t.encode("utf-8")),
        st.tuples(token_soup, token_soup).map(
            lambda parts: f"---\n{parts[0]}\n---\n{parts[1]}".encode()
        ),
        spliced(valid),
    )


def line_breaks(data: bytes) -> int:
    """Lines an editor or YAML might count: every kind of line break YAML knows."""
    text = data.decode("utf-8", errors="replace")
    return sum(text.count(b) for b in ("\n", "\r", "\x85", "\u2028", "\u2029"))


def assert_located(model: object, diagnostics: list[Diagnostic], path: str, data: bytes) -> None:
    """A model, or at least one diagnostic; every diagnostic names the file and a line in it."""
    if model is None:
        assert diagnostics, "no model and nothing reported"
    for diagnostic in diagnostics:
        assert path == diagnostic.path, diagnostic
        assert 1 <= diagnostic.line <= line_breaks(data) + 2, (diagnostic, data)
        assert diagnostic.message


# --- the loaders, fed anything ----------------------------------------------------------


@FAST
@given(any_bytes(SETTINGS))
@example(b"\xff\xfe")
@example(b"title: T\nbase_url: https://x.org\ntimezone: Europe\n")  # a folder of zones
@example(b"\xef\xbb\xbftitle: x\r\nbase_url: https://x.org\r\n")
@example(b"?")  # an empty key, marked on a line after the text's only one
def test_settings_loader_never_crashes(data: bytes) -> None:
    model, diagnostics = parse_settings(data)
    assert_located(model, diagnostics, SETTINGS_PATH, data)


@FAST
@given(any_bytes(COMPONENTS))
@example(b"?")
def test_components_loader_never_crashes(data: bytes) -> None:
    catalog, diagnostics = parse_components(data)
    # The catalog may be partial beside errors (so incidents are checked against it).
    assert_located(catalog, diagnostics, COMPONENTS_PATH, data)


@FAST
@given(st.one_of(any_bytes(INCIDENT), spliced(MAINTENANCE)), st.sampled_from(ZONES))
@example(MAINTENANCE.replace("## Sched", "```\n## Sched").encode(), "UTC")  # loads, warned
def test_incident_loader_never_crashes(data: bytes, zone: str) -> None:
    event, diagnostics = parse_event(EVENT_PATH, data, zone, IDS)
    assert_located(event, diagnostics, EVENT_PATH, data)
    if event is not None:
        # A usable event may come with advice (a code block never closed), never a problem.
        assert [] == [d for d in diagnostics if d.severity is not Severity.WARNING]
        assert all(EARLIEST_YEAR - 1 <= u.at.year <= LATEST_YEAR + 1 for u in event.updates)


@settings(max_examples=40, deadline=timedelta(milliseconds=2000))
@given(any_bytes(SETTINGS), any_bytes(COMPONENTS), any_bytes(INCIDENT))
def test_a_whole_site_of_anything_is_checked_without_crashing(
    tmp_path_factory: pytest.TempPathFactory, settings_: bytes, components: bytes, event: bytes
) -> None:
    root = tmp_path_factory.mktemp("site")
    for relpath, data in (
        (SETTINGS_PATH, settings_),
        (COMPONENTS_PATH, components),
        (EVENT_PATH, event),
    ):
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_bytes(data)
    site, diagnostics = check_site(root)
    if site is None:
        assert diagnostics
    assert all(d.path in (SETTINGS_PATH, COMPONENTS_PATH, EVENT_PATH) for d in diagnostics)


# --- the same file, written differently, means the same ----------------------------------


@FAST
@given(
    st.sampled_from([INCIDENT, MAINTENANCE]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.sampled_from(["", " ", "\t", " \t "]),
)
def test_bom_line_endings_and_trailing_blanks_do_not_change_the_model(
    text: str, newline: str, bom: bool, trailing: str
) -> None:
    expected, _ = parse_event(EVENT_PATH, text.encode(), "Europe/Berlin", IDS)
    assert expected is not None
    variant = ("\ufeff" if bom else "") + text.replace("\n", trailing + newline)
    # Trailing blanks at the end of a message line are Markdown's business, not ours.
    event, diagnostics = parse_event(EVENT_PATH, variant.encode(), "Europe/Berlin", IDS)
    assert [] == diagnostics
    assert event is not None
    if not trailing:
        assert expected == event
    else:
        assert (expected.title, expected.updates[0].at) == (event.title, event.updates[0].at)


def test_invalid_utf8_anywhere_is_reported_at_its_line() -> None:
    lines = INCIDENT.encode().split(b"\n")
    for index in range(len(lines) - 1):
        broken = b"\n".join([*lines[:index], lines[index] + b"\xc3\x28", *lines[index + 1 :]])
        event, diagnostics = parse_event(EVENT_PATH, broken, "UTC", IDS)
        assert event is None
        assert [(index + 1, "not valid UTF-8 (byte 0xc3)")] == [
            (d.line, d.message) for d in diagnostics
        ]


# --- the timeline parser ----------------------------------------------------------------


@FAST
@given(
    st.one_of(st.text(max_size=80), token_soup, heading_like),
    st.booleans(),
    st.sampled_from(ZONES),
)
def test_headings_are_an_update_or_a_timeline_error(
    text: str, maintenance: bool, zone: str
) -> None:
    try:
        state, at = parse_heading(text, maintenance=maintenance, tz=ZoneInfo(zone))
    except TimelineError as error:
        assert error.message
        assert error.hint
        return
    assert isinstance(state, MaintenanceState if maintenance else IncidentState)
    assert at.utcoffset() is not None


@FAST
@given(
    st.datetimes(
        min_value=datetime(EARLIEST_YEAR, 1, 2),
        max_value=datetime(LATEST_YEAR, 12, 30),
        timezones=st.just(timezone.utc),
    ),
    st.sampled_from(ZONES),
)
def test_written_times_read_back_as_the_same_moment(at: datetime, zone: str) -> None:
    # Every moment survives a round trip through the canonical form, including both
    # readings of an hour that happens twice when the clocks go back.
    at = at.replace(microsecond=0)
    tz = ZoneInfo(zone)
    assert at == parse_time(format_time(at, tz), tz)


# --- pathological YAML, through every loader ---------------------------------------------


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def in_front_matter(yaml_text: str) -> str:
    return f"---\n{yaml_text}---\n## Investigating at 2026-11-20 14:05\n"


def load_all(yaml_text: str) -> list[tuple[object, list[Diagnostic]]]:
    """The text as statusgen.yaml, as components.yaml and as an incident's front matter."""
    data = yaml_text.encode()
    return [
        parse_settings(data),
        parse_components(data),
        parse_event(EVENT_PATH, in_front_matter(yaml_text).encode(), "UTC", IDS),
    ]


def timed(yaml_text: str) -> tuple[float, list[tuple[object, list[Diagnostic]]]]:
    started = time.process_time()
    results = load_all(yaml_text)
    return time.process_time() - started, results


@pytest.mark.parametrize(
    ("name", "yaml_text", "message"),
    [
        # 9^9 (387 million) strings if aliases were expanded.
        ("billion laughs", billion_laughs(), "YAML aliases are not supported"),
        ("merge-key bomb", "a: &a {x: 1}\nb:\n  <<: [*a, *a, *a]\n", "YAML aliases"),
        ("flow nesting", "title: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
        (
            "mapping nesting",
            "title: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
            "nested too deeply",
        ),
        (
            "block nesting",
            "".join(f"{'  ' * n}k{n}:\n" for n in range(2_000)) + "  " * 2_000 + "x\n",
            "nested too deeply",
        ),
        ("duplicate keys", "title: a\n" * 10_000, "duplicate key 'title'"),
    ],
)
def test_pathological_yaml_is_refused_quickly(name: str, yaml_text: str, message: str) -> None:
    seconds, results = timed(yaml_text)
    assert seconds < BOUND * 3, f"{name} took {seconds:.2f} s"
    for model, diagnostics in results:
        assert model is None
        assert any(message in d.message and d.line >= 1 for d in diagnostics), diagnostics[:3]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:builtins.object {{}}",
        "!ruby/object:Gem::Installer {{}}",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ],
)
def test_tags_that_would_construct_objects_are_refused_and_never_run(
    tmp_path: Path, tag: str
) -> None:
    marker = tmp_path / "ran"
    yaml_text = f"title: {tag.format(marker=marker)}\n"
    for model, diagnostics in load_all(yaml_text):
        assert model is None
        assert any("unsupported YAML tag" in d.message for d in diagnostics), diagnostics
    assert not marker.exists()


@pytest.mark.parametrize("size", [1_000_000, 8_000_000])
def test_huge_values_load_in_bounded_time(size: int) -> None:
    title = "x" * size
    started = time.process_time()
    settings_, problems = parse_settings(
        f"title: {title}\nbase_url: https://status.example.com\n".encode()
    )
    event, event_problems = parse_event(
        EVENT_PATH,
        f"---\ntitle: {title}\nstatus: investigating\n---\n"
        f"## Investigating at 2026-11-20 14:05\n{'Still looking. ' * (size // 15)}\n".encode(),
        "UTC",
        IDS,
    )
    seconds = time.process_time() - started
    assert ([], []) == (problems, event_problems)
    assert settings_ is not None and event is not None
    assert (size, size) == (len(settings_.title), len(event.title))
    assert seconds < BOUND * 2, f"{size} bytes took {seconds:.2f} s"


def test_many_updates_and_a_huge_number_are_fine() -> None:
    # 10,000 updates in one file, and a number with a thousand digits where a number goes.
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    updates = "".join(
        f"## Identified at {(start + timedelta(minutes=n)):%Y-%m-%d %H:%M} Z\nStill on it.\n\n"
        for n in range(10_000)
    )
    started = time.process_time()
    event, diagnostics = parse_event(
        EVENT_PATH, f"---\ntitle: Long\nstatus: identified\n---\n{updates}".encode(), "UTC", IDS
    )
    assert [] == diagnostics
    assert event is not None
    assert 10_000 == len(event.updates)
    for digits in (1_000, 50_000):  # beyond Python's int-from-text digit limit too
        settings_, problems = parse_settings(
            f"title: T\nbase_url: https://x.org\nhistory_days: {'9' * digits}\n".encode()
        )
        assert settings_ is None
        assert [3] == [p.line for p in problems], problems
    assert time.process_time() - started < BOUND
