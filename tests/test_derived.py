"""What status.py works out once per event (change times, component steps, the moments
as_of cuts at), keeps on the event and saves with its parse result in the cache: it must
never outlive the bytes it was worked out from. And the events uptime leaves out on a
large site: only those over before its window.

Mutation proof, checked by hand: keeping the values by slug instead of on the event
object fails the as_of and property tests; saving the parse results without them fails
`test_the_parse_cache_keeps_what_status_works_out`; reusing a saved parse result for
an edited file fails `test_an_edited_incident_is_worked_out_again`; leaving out the
events that began before the window (not those that ended before it) fails
`test_uptime_counts_each_event_on_the_days_it_reaches`; saving an event's updates
unpacked fails `test_a_saved_event_unpacks_its_updates_when_first_read`; unpacking them
with pickle's own loader fails `test_packed_updates_are_read_like_the_rest_of_the_cache`.
"""

from __future__ import annotations

import io
import os
import pickle
from bisect import bisect_right
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import NOW, incident, maintenance, site
from hypothesis import given
from hypothesis import strategies as st
from sitefiles import INCIDENT_PATH, run_build, sealed_bytes, write_site
from sitefiles import tree as snapshot

from statusgen import status
from statusgen.incremental.safepickle import UnsafeCache, load
from statusgen.incremental.seal import unseal
from statusgen.layout import CACHE_FOLDER
from statusgen.model import (
    PACKED_UPDATES,
    AffectedComponent,
    ComponentStatus,
    Event,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Update,
)
from statusgen.validate import load_site

MINUTE = timedelta(minutes=1)
BUILD = "2026-11-22T18:00:00Z"


def fresh(event: Event) -> Event:
    """An equal event that has worked nothing out yet."""
    return replace(event)


def worked_out(event: Event) -> dict[str, object]:
    """What status.py keeps on the event, by name (not check's mark of an event whose
    texts link to no other event's page, which pagelinks.py keeps beside it)."""
    return {
        name: value
        for name, value in vars(event).items()
        if name.startswith("_") and name not in (PACKED_UPDATES, "_no_link_out")
    }


# --- within one build: kept on the event object, never shared between events -----------


def test_a_cut_incident_does_not_take_the_uncut_ones_values() -> None:
    whole = replace(
        incident("a", NOW - 3 * 60 * MINUTE, duration=2 * 60 * MINUTE),
        components=(AffectedComponent("api", ComponentStatus.MAJOR_OUTAGE),),
    )
    later = NOW
    # Everything worked out for the whole incident first...
    assert status.component_changes(whole)
    assert status.event_changes(whole, later)
    earlier = NOW - 150 * MINUTE  # ...then the site seen before it resolved.
    cut = status.as_of(site(incidents=[whole]), earlier).incidents[0]

    assert cut is not whole
    assert IncidentState.INVESTIGATING == cut.state
    assert status.event_changes(fresh(cut), later) == status.event_changes(cut, later)
    assert status.component_changes(fresh(cut)) == status.component_changes(cut)
    assert whole.resolved_at not in status.event_changes(cut, later)
    assert whole.started_at == status.changed_at(cut, later)


def test_cutting_again_at_the_same_moment_keeps_the_site() -> None:
    ahead = incident("a", NOW - 60 * MINUTE, duration=2 * 60 * MINUTE)
    cut = status.as_of(site(incidents=[ahead]), NOW)
    assert cut is status.as_of(cut, NOW)
    # At another moment the site is cut again, from what it holds.
    assert () == status.as_of(cut, NOW - 2 * 60 * MINUTE).incidents


_MOMENTS = st.integers(min_value=-600, max_value=600).map(lambda n: NOW + n * MINUTE)
_STEPS = st.sampled_from(list(ComponentStatus))


@st.composite
def events(draw: st.DrawFn) -> Event:
    """An incident or a maintenance with a few updates, anywhere around NOW."""
    times = sorted(draw(st.lists(_MOMENTS, max_size=4)))
    if draw(st.booleans()):
        states = draw(st.lists(st.sampled_from(list(IncidentState)), min_size=len(times)))
        updates = tuple(
            Update(
                at,
                state,
                "",
                n,
                tuple(AffectedComponent("api", s) for s in draw(st.lists(_STEPS, max_size=1))),
            )
            for n, (at, state) in enumerate(zip(times, states, strict=False))
        )
        last = updates[-1].state if updates else IncidentState.INVESTIGATING
        resolved = draw(st.none() | _MOMENTS)
        return replace(
            incident("i", draw(_MOMENTS)),
            state=last,
            resolved_at=resolved if last in (IncidentState.RESOLVED,) else None,
            components=(AffectedComponent("api", draw(_STEPS)),),
            updates=updates,
        )
    start = draw(_MOMENTS)
    window = maintenance("m", start, start + draw(st.integers(0, 300)) * MINUTE)
    explicit = draw(st.none() | st.sampled_from(list(MaintenanceState)))
    updates = tuple(Update(at, MaintenanceState.SCHEDULED, "", n) for n, at in enumerate(times))
    return replace(window, explicit_state=explicit, updates=updates)


def old_event_changes(event: Event, now: datetime) -> list[datetime]:
    """event_changes as written before its moments were kept: every moment, filtered, sorted."""
    moments = [u.at for u in event.updates]
    if isinstance(event, Incident):
        end = status.incident_end(event)
        moments += [event.started_at, *([end] if end is not None else [])]
    elif event.explicit_state is None:
        moments += [event.scheduled_for, event.scheduled_until]
    return sorted(m for m in moments if m <= now)


@given(events(), _MOMENTS, _MOMENTS)
def test_kept_values_answer_as_working_them_out_would(
    event: Event, first: datetime, now: datetime
) -> None:
    status.changed_at(event, first)  # worked out and kept at one moment, asked at another
    expected = old_event_changes(event, now)
    assert expected == status.event_changes(event, now)
    assert (expected[-1] if expected else None) == status.latest_change(event, now)
    assert status.changed_at(fresh(event), now) == status.changed_at(event, now)
    if isinstance(event, Incident):
        assert status.component_changes(fresh(event)) == status.component_changes(event)


@given(events(), _MOMENTS)
def test_as_of_keeps_exactly_the_events_with_nothing_ahead(event: Event, now: datetime) -> None:
    ahead = [u.at for u in event.updates]
    if isinstance(event, Incident):
        ahead += [status.first_shown(event), *([event.resolved_at] if event.resolved_at else [])]
        whole = site(incidents=[event])
        kept = status.as_of(whole, now).incidents
    else:
        assert isinstance(event, Maintenance)
        whole = site(maintenances=[event])
        kept = status.as_of(whole, now).maintenances
    untouched = all(moment <= now for moment in ahead)
    assert untouched == (kept == (event,) and kept[0] is event)


@st.composite
def windows(draw: st.DrawFn) -> Maintenance:
    """A maintenance window with updates in any state, with `status:` (then the newest
    update's state, as `check` requires) or without."""
    times = sorted(draw(st.lists(_MOMENTS, max_size=4)))
    states = [draw(st.sampled_from(list(MaintenanceState))) for _ in times]
    updates = tuple(
        Update(at, s, "", n) for n, (at, s) in enumerate(zip(times, states, strict=True))
    )
    start = draw(_MOMENTS)
    window = maintenance("m", start, start + draw(st.integers(1, 300)) * MINUTE)
    given_state = st.just(states[-1]) if states else st.sampled_from(list(MaintenanceState))
    return replace(window, explicit_state=draw(st.none() | given_state), updates=updates)


@given(windows(), _MOMENTS, _MOMENTS)
def test_a_window_seen_at_two_moments_differs_only_across_its_cut_moments(
    event: Maintenance, first: datetime, second: datetime
) -> None:
    # What an incremental build reuses a page on: between two moments with none of the
    # window's cut moments between them, it shows the same state, end and last change.
    def seen(now: datetime) -> tuple[object, ...]:
        shown = status.as_of(site(maintenances=[event]), now).maintenances
        if not shown:
            return ("not announced yet",)
        (cut,) = shown
        state = status.maintenance_state(cut, now)
        if event.explicit_state is None:  # the updates ahead of the clock count for nothing
            assert state == status.maintenance_state(event, now)
        done = status.maintenance_completed_at(cut, now)
        return state, done, status.latest_change(cut, now)

    low, high = sorted((first, second))
    moments = status.cut_moments(event)
    if bisect_right(moments, low) == bisect_right(moments, high):
        assert seen(low) == seen(high)
    assert status.latest_change(event, high) == (status.event_changes(event, high) or [None])[-1]


# --- uptime looks only at events that reach into its window ---------------------------

DAY = timedelta(days=1)
# NOW is 19:00 in Berlin: the three-day window starts at midnight two days before.
WINDOW_START = datetime(2026, 11, 19, 23, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("started", "lasted", "state", "days_shown"),
    [
        (NOW - 10 * DAY, 9 * DAY, IncidentState.RESOLVED, 2),  # began long before, ended inside
        (NOW - 10 * DAY, 5 * DAY, IncidentState.RESOLVED, 0),  # over before the window
        (NOW - 10 * DAY, DAY, IncidentState.INVESTIGATING, 3),  # still open: every day
        (WINDOW_START - DAY, DAY, IncidentState.RESOLVED, 0),  # ended at its first midnight
        (WINDOW_START, timedelta(0), IncidentState.RESOLVED, 1),  # no time, at its first moment
    ],
)
def test_uptime_counts_each_event_on_the_days_it_reaches(
    started: datetime, lasted: timedelta, state: IncidentState, days_shown: int
) -> None:
    event = replace(
        incident("outage", started, state, duration=lasted),
        components=(AffectedComponent("api", ComponentStatus.MAJOR_OUTAGE),),
    )
    history = status.uptime_history(site(incidents=[event], history_days=3), NOW)["api"]
    assert days_shown == sum(1 for day in history.days if day.events == ("outage",))


# --- between builds: saved with the parse result, by the file's hash ----------------------


def saved_events(root: Path) -> list[Event]:
    """The events of the parse results the cache holds."""
    data = unseal((root / CACHE_FOLDER / "parsed.pickle").read_bytes())
    assert data is not None
    # The key and the sizes of the slices, then the slices, each pickled on its own.
    stream = io.BytesIO(data)
    _, sizes = load(stream)
    results = {}
    for _ in sizes:
        results.update(load(stream))
    return [event for _, (event, _) in results.values() if event is not None]


def test_the_parse_cache_keeps_what_status_works_out(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=BUILD).exit_code

    (saved,) = saved_events(root)
    # What builds read of every event is kept as it is; the rest packed until read.
    assert {"_written_span", "_over_at", "_touched", "_last_stamp"} <= set(vars(saved))
    assert status.PACKED_DERIVED in vars(saved) and "_component_changes" not in vars(saved)
    assert set(status.component_changes(saved)) == {"checkout"}
    assert status.PACKED_DERIVED not in vars(saved)
    kept = worked_out(saved)
    assert {"_written_span", "_change_moments", "_component_changes"} <= set(kept)
    again = fresh(saved)
    status.derive(again)
    assert kept == worked_out(again)


def test_a_saved_event_unpacks_its_updates_when_first_read(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=BUILD).exit_code
    (saved,) = saved_events(root)
    # Loading the cache leaves each event's updates as bytes until something reads them.
    assert PACKED_UPDATES in vars(saved) and "updates" not in vars(saved)
    (parsed,) = saved_events_parsed_again(root)
    assert saved.updates == parsed.updates and len(saved.updates) == 2
    assert saved == parsed
    assert "updates" in vars(saved) and PACKED_UPDATES not in vars(saved)


WINDOW_PATH = "content/incidents/2026-11-22-database-upgrade.md"
WINDOW_DONE_EARLY = """\
---
title: Database upgrade
scheduled_for: 2026-11-22 17:00
scheduled_until: 2026-11-22 20:00
components: [api]
---
## In progress at 2026-11-22 17:00
Started.

## Completed at 2026-11-22 18:30
Done early.
"""


@pytest.mark.parametrize("command", ["check", "status", "incidents"])
def test_commands_leave_the_saved_updates_packed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # What they need of an event it keeps apart from its updates: unpacking them for
    # every event costs more than the cache saves (0.12 s at 10,000 incidents).
    from click.testing import CliRunner

    from statusgen import model
    from statusgen.cli import cli

    # A maintenance window too, whose state follows its newest update (kept apart).
    root = write_site(tmp_path / "site", {WINDOW_PATH: WINDOW_DONE_EARLY})
    assert 0 == run_build(root, now=BUILD).exit_code
    unpacked: list[str] = []
    unpack = model._PackedUpdates.__get__

    def counting(self: object, event: Event | None, owner: type | None = None) -> object:
        if event is not None and PACKED_UPDATES in vars(event):
            unpacked.append(event.slug)
        return unpack(self, event, owner)  # type: ignore[arg-type]

    monkeypatch.setattr(model._PackedUpdates, "__get__", counting)
    result = CliRunner().invoke(cli, ["-C", str(root), command, "--now", BUILD])
    assert 0 == result.exit_code, result.output
    assert [] == unpacked


def saved_events_parsed_again(root: Path) -> list[Event]:
    """The events of the site's files, parsed without the cache."""
    found = load_site(root)
    return [*found.incidents, *found.maintenances]


def test_packed_updates_are_read_like_the_rest_of_the_cache() -> None:
    # Only plain value types come out of a cache file, however deep in it they are packed.
    event = incident("a", NOW - 60 * MINUTE)
    planted = object.__new__(Incident)
    state = dict(vars(event))
    del state["updates"]
    state[PACKED_UPDATES] = pickle.dumps(os.getcwd)
    vars(planted).update(state)
    with pytest.raises(UnsafeCache):
        planted.updates  # noqa: B018


EDITED = """\
---
title: Checkout errors
status: resolved
components:
  checkout: major_outage
---
Some payments failed.

## Investigating at 2026-11-20 14:05
Components: checkout=partial_outage
We are looking into it.

## Identified at 2026-11-20 14:40
Components: checkout=major_outage
Found it.

## Resolved at 2026-11-20 16:30
All good again.
"""


def test_an_edited_incident_is_worked_out_again(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=BUILD).exit_code
    (saved,) = saved_events(root)
    assert "_touched" in vars(saved) and status.PACKED_DERIVED in vars(saved)
    # The same file and slug, other times and component steps: the incident page, feeds
    # and API must show them, not what was saved for the file's old bytes.
    (root / INCIDENT_PATH).write_text(EDITED)
    assert 0 == run_build(root, now=BUILD).exit_code
    clean = tmp_path / "clean"
    assert 0 == run_build(root, "--no-cache", "-o", str(clean), now=BUILD).exit_code
    assert snapshot(clean) == snapshot(root / "public")
    page = (root / "public/incidents/2026-11-20-checkout-errors/index.html").read_text()
    assert "Major outage" in page


def test_loading_the_cache_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    from statusgen.incremental.store import Cache

    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=BUILD).exit_code
    cache = Cache(root)
    assert cache.load("parsed.pickle", "another key") is None  # read, but not for this key
    assert gc.isenabled()
    damaged = sealed_bytes(b"not a pickle")  # sealed by this user, so it is unpickled, and fails
    assert damaged is not None
    (root / CACHE_FOLDER / "parsed.pickle").write_bytes(damaged)
    assert cache.load("parsed.pickle", "another key") is None
    assert gc.isenabled()
