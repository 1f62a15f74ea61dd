"""What `check` says about times and the clock: times that have not come yet (pages show
them only from then on), and a window's written state the clock has passed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from statusgen.errors import Diagnostic, Severity
from statusgen.model import (
    ACTIVE_MAINTENANCE_STATES,
    AffectedComponent,
    ComponentStatus,
    Event,
    Incident,
    Maintenance,
    MaintenanceState,
    Site,
)
from statusgen.status import (
    active_windows,
    announcement_keeps_state,
    first_shown,
    held_open_since,
    maintenance_as_of,
    maintenance_started_at,
    maintenance_state,
    record_began,
    written_span,
)
from statusgen.timeline import (
    TimelineError,
    format_shown,
    maintenance_heading,
    parse_heading,
    read_body,
)

# What to do about a time still to come, whichever warning names it.
_AHEAD_HINT = "if that time is a typo, correct it; otherwise nothing to do (rebuild then)"


def warnings(site: Site, now: datetime, *, began_known: bool = True) -> list[Diagnostic]:
    """A warning per incident not shown yet, per update dated after `now`, and per
    maintenance window written without an announcement (`unannounced`). Without
    `began_known` (a site with files that could not be read), the warnings do not say
    when its record began: one of those files may begin it earlier.

    Not errors: writing an update ahead of time is how a planned announcement is made, and
    the build shows it once its time comes (a scheduled rebuild picks it up).
    """
    tz = site.settings.tz
    hint = _AHEAD_HINT
    found: list[Diagnostic] = []
    # Each event with the updates to warn about one by one: all those dated ahead, but
    # the first of an incident not shown yet, which its own warning names.
    events: list[tuple[Event, int]] = [(m, 0) for m in site.maintenances]
    for incident in site.incidents:
        # When it first shows, as kept on the event (written_span): its updates are not
        # unpacked from the cache for this (incremental/store.py).
        if written_span(incident)[0] <= now:
            events.append((incident, 0))
            continue
        events.append((incident, 1))
        appears = first_shown(incident)
        found.append(
            Diagnostic(
                incident.source.path,
                incident.updates[0].line if incident.updates else 1,
                1,  # an update's heading, as check names every other line of a timeline
                f"{_late(incident, now)}: pages show it from {format_shown(appears, tz)} on",
                hint,
                Severity.WARNING,
            )
        )
    for event, named in events:
        latest = written_span(event)[1]
        if latest is None or latest <= now:
            continue  # nothing written ahead: most events of a large site, at a glance
        found.extend(
            _dated_ahead(event.source.path, later.line, later.at, tz)
            for later in event.updates[named:]
            if later.at > now
        )
    return (
        found
        + completed_ahead(site, now)
        + started_undated(site, now)
        + overtaken(site, now)
        + unannounced(site, now, began_known=began_known)
    )


def _dated_ahead(path: str, line: int, at: datetime, tz: ZoneInfo) -> Diagnostic:
    """The warning of the update at `line` of `path`, dated `at`, after now."""
    return Diagnostic(
        path,
        line,
        1,
        f"this update is dated after now: pages show it from {format_shown(at, tz)} on",
        _AHEAD_HINT,
        Severity.WARNING,
    )


def unread_ahead(
    root: Path, site: Site, diagnostics: Iterable[Diagnostic], now: datetime
) -> list[Diagnostic]:
    """A warning per update dated after `now` in each incident file whose errors (among
    `diagnostics`) kept it out of `site`: said with those errors, not in the run after
    their fix. Only the headings are read (a file that cannot be split has none)."""
    from statusgen.layout import INCIDENTS_DIR
    from statusgen.load import frontmatter
    from statusgen.load.files import InputError, read_input
    from statusgen.load.text import decode_past_refused

    read = {e.source.path for e in (*site.incidents, *site.maintenances, *site.drafts)}
    relpaths = {
        d.path
        for d in diagnostics
        if d.severity is Severity.ERROR
        and d.path.startswith(f"{INCIDENTS_DIR}/")
        and d.path not in read
    }

    try:
        zone = ZoneInfo(site.settings.input_zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = ZoneInfo("UTC")  # as validate reads a file's times then
    found: list[Diagnostic] = []
    for relpath in sorted(relpaths):
        try:
            # As every input is read: a FIFO, /dev/zero or a link out of the site there
            # would hang or flood this second look, as it would have the first.
            data = read_input(root / relpath, site=root)
        except (OSError, InputError):
            continue  # its own error says why
        text = decode_past_refused(relpath, data)[0]
        parts = frontmatter.split(relpath, text)[0] if text is not None else None
        if parts is None:
            continue
        raws = read_body(parts.body, parts.body_line)[1]
        window = any(maintenance_heading(raw.heading) for raw in raws)
        for raw in raws:
            try:
                at = parse_heading(raw.heading, maintenance=window, tz=zone)[1]
            except TimelineError:
                continue  # its error names the heading
            if at > now:
                found.append(_dated_ahead(relpath, raw.line, at, site.settings.tz))
    return found


def completed_ahead(site: Site, now: datetime) -> list[Diagnostic]:
    """A warning, at its `status:` line, per window marked completed before its work
    began with no update saying when: every output takes it to have run as scheduled
    (status.maintenance_completed_at), so the API gives it an end still to come, and the
    file is most likely a slip or a window called off without its `Completed` update."""
    found: list[Diagnostic] = []
    for maintenance in site.maintenances:
        # At a glance first: a window to come whose `status` says completed is rare.
        if maintenance.explicit_state is not MaintenanceState.COMPLETED:
            continue
        if maintenance_started_at(maintenance, now) <= now:
            continue  # begun (or started early): completed once it ran, as written
        if any(u.state is MaintenanceState.COMPLETED for u in maintenance.updates):
            continue  # an update says when it was over: a window called off
        tz = site.settings.tz
        starts, ends = (
            format_shown(maintenance.scheduled_for, tz),
            format_shown(maintenance.scheduled_until, tz),
        )
        found.append(
            Diagnostic(
                maintenance.source.path,
                maintenance.status_line or 1,
                maintenance.status_column,
                f"the maintenance is marked completed before its scheduled start ({starts}) "
                "and no update says when it was over: the API and `statusgen incidents` "
                f"take it to run as scheduled, ending {ends}",
                "if it was called off, write when as an update, `## Completed at <time>` "
                "followed by why; if it is still to come, remove `status: completed`",
                Severity.WARNING,
            )
        )
    return found


def started_undated(site: Site, now: datetime) -> list[Diagnostic]:
    """A warning, at its `status:` line, per window shown in progress (or verifying) at
    `now`, before its scheduled start, with no update saying when its work began. Nothing
    dates that start, so every output gives it the planned one (status.window_span): the
    page's window, the lists and the calendar start it later than the API's state says it
    began, until an update says when."""
    found: list[Diagnostic] = []
    for maintenance in site.maintenances:
        # At a glance first: a window not begun whose `status` says it has is rare.
        if maintenance.explicit_state not in ACTIVE_MAINTENANCE_STATES:
            continue
        if now >= maintenance.scheduled_for or maintenance_started_at(maintenance, now) <= now:
            continue  # its start has come, or an update dates the early start
        # The key as pages built for `now` read it: the one written with the updates by then.
        state = maintenance_state(maintenance_as_of(maintenance, now), now)
        if state not in ACTIVE_MAINTENANCE_STATES:
            continue
        starts = format_shown(maintenance.scheduled_for, site.settings.tz)
        # An update already dates the work, but after now: the key runs ahead of its own
        # timeline, and adding the update the hint used to ask for would write it twice.
        dated = next(
            (u for u in maintenance.updates if u.at > now and u.state in ACTIVE_MAINTENANCE_STATES),
            None,
        )
        if dated is not None:
            when = format_shown(dated.at, site.settings.tz)
            said = (
                f"the maintenance is shown {state.label.lower()} before its scheduled start "
                f"({starts}), ahead of its own update at line {dated.line}, which says its "
                f"work began at {when}, after now: its page, the lists and the calendar "
                f"start it at {starts}"
            )
            hint = (
                f"keep `status: scheduled` until {when} (or remove `status:`, so the update "
                "moves it on then); if the work began earlier, move that update's time"
            )
        else:
            said = (
                f"the maintenance is shown {state.label.lower()} before its scheduled start "
                f"({starts}) and no update says when its work began: its page, the lists "
                f"and the calendar start it at {starts}"
            )
            hint = (
                "add an `## In progress at <time>` update with the time it began: every "
                "output then starts it there"
            )
        found.append(
            Diagnostic(
                maintenance.source.path,
                maintenance.status_line or 1,
                maintenance.status_column,
                said,
                hint,
                Severity.WARNING,
            )
        )
    return found


def overtaken(site: Site, now: datetime) -> list[Diagnostic]:
    """A warning, at its `status:` line, per window whose written state the clock has
    passed: `scheduled` once its start has come, `in_progress` or `verifying` once its end
    has. The key beats the clock (status-rules.md), so the pages list the first as upcoming
    through its time and after it, and hold the second open: most often a key left behind.
    A window without a key that an update after its end holds open is told the same, at
    that update (`_open_past_end`)."""
    found: list[Diagnostic] = []
    tz = site.settings.tz
    for maintenance in site.maintenances:
        if maintenance.explicit_state is None:
            # An `In progress` update after the end holds it as the key would (status.py).
            since = held_open_since(maintenance, now)
            if since is None:
                continue  # at a glance: most windows follow the clock
            state = maintenance_state(maintenance, now)
            line = next(
                u.line for u in reversed(maintenance.updates) if u.at == since and u.state is state
            )
            shown = _shown(maintenance, now)
            found.append(
                _open_past_end(maintenance, tz, line, state, shown, key=False, clock=False)
            )
            continue
        # The key as pages built for `now` read it: the one written with the updates by then.
        written = maintenance_as_of(maintenance, now).explicit_state
        line = maintenance.status_line or 1
        if written in ACTIVE_MAINTENANCE_STATES and now >= maintenance.scheduled_until:
            # Without the key, an update after the end may hold it open all the same.
            clock = held_open_since(maintenance, now) is None
            shown = _shown(maintenance, now)
            found.append(
                _open_past_end(maintenance, tz, line, written, shown, key=True, clock=clock)
            )
            continue
        if written is not MaintenanceState.SCHEDULED or now < maintenance.scheduled_for:
            continue
        starts, ends = (
            format_shown(maintenance.scheduled_for, tz),
            format_shown(maintenance.scheduled_until, tz),
        )
        found.append(
            Diagnostic(
                maintenance.source.path,
                line,
                maintenance.status_column,
                f"`status: {written.value}` keeps the window upcoming, but its scheduled "
                + (
                    f"end ({ends}) has passed: pages list it as upcoming maintenance"
                    if now >= maintenance.scheduled_until
                    else f"start ({starts}) has passed: pages list it as upcoming and its "
                    "components as not under maintenance"
                ),
                "remove the `status` key, so the clock moves it on (in progress from its "
                "start, completed at its end), or mark it completed with "
                f"`statusgen resolve {maintenance.slug}` if the work is over",
                Severity.WARNING,
            )
        )
    return found


def _shown(maintenance: Maintenance, now: datetime) -> tuple[AffectedComponent, ...]:
    """The components an open window shows at `now`, with the statuses pages give them:
    those its updates by then set (status.active_windows, the pages' rule)."""
    return next((w.components for w in active_windows([maintenance], now)), ())


def _components_shown(shown: tuple[AffectedComponent, ...]) -> str:
    """What the pages show of the components of a window held open (`_shown`), in words."""
    if all(a.status is ComponentStatus.UNDER_MAINTENANCE for a in shown):
        return "its components under maintenance"
    said = ", ".join(f"{a.id} {a.status.label.lower()}" for a in shown)
    return f"its components as its updates set them ({said})"


def _open_past_end(
    maintenance: Maintenance,
    tz: ZoneInfo,
    line: int,
    state: MaintenanceState,
    shown: tuple[AffectedComponent, ...],
    *,
    key: bool,
    clock: bool,
) -> Diagnostic:
    """The warning for a window held open in `state` past its end, at `line`: by its
    `status` `key`, or by an update after the end, showing its components as `shown`. No
    clock completes it, so the hint is `resolve`; removing the key only where the `clock`
    would then complete it (no update after the end holds it as well)."""
    ends = format_shown(maintenance.scheduled_until, tz)
    held_by, until = (
        (f"`status: {state.value}`", "the key changes")
        if key
        else ("this update", "a `## Completed at …` update")
    )
    remove = (
        " (or, if it ended as planned, remove the `status` key, so the clock completes it "
        "at its end)"
        if clock
        else ""
    )
    return Diagnostic(
        maintenance.source.path,
        line,
        # The key's value; an update's heading has no column to point at.
        maintenance.status_column if key else 0,
        f"{held_by} keeps the window open, but its scheduled end ({ends}) has passed: "
        f"pages show it {state.label.lower()} and {_components_shown(shown)} until {until}",
        f"when the work is done, run `statusgen resolve {maintenance.slug}` (a "
        f"`## Completed at …` update){remove}; if it still runs, nothing to do",
        Severity.WARNING,
    )


def unannounced(site: Site, now: datetime, *, began_known: bool = True) -> list[Diagnostic]:
    """A warning per maintenance window without any update: nothing says when it was
    posted, so feeds, the calendar and the API date it when the site's record began
    (status.announced_at), which no rebuild moves but a reader may find old."""
    found: list[Diagnostic] = []
    began: datetime | None = None
    for maintenance in site.maintenances:
        if written_span(maintenance)[1] is not None:
            continue  # it has an update, the first of which announced it
        if began is None and began_known:
            began = record_began(site, now)
        when = f" ({format_shown(began, site.settings.tz)})" if began is not None else ""
        found.append(
            Diagnostic(
                maintenance.source.path,
                1,
                1,
                "this maintenance has no announcement: feeds, the calendar and the API "
                f"date it when the site's record began{when}",
                _announce_hint(maintenance),
                Severity.WARNING,
            )
        )
    return found


def _announce_hint(maintenance: Maintenance) -> str:
    """How a window without updates gets its announcement: by `check --fix`, unless that
    alone would move its written status (announcement_keeps_state), when the update that
    set the status is written under it by hand too."""
    announce = (
        "write when it was announced as its first update, `## Scheduled at <time>` above "
        "its text, as `statusgen new maintenance` does"
    )
    written = maintenance.explicit_state
    if written is None or announcement_keeps_state(maintenance):
        # Dated as announce.plan dates it: an announcement after the start would say the
        # window was still to come.
        return (
            f"{announce}; `statusgen check --fix` writes one with the current time, or with "
            "the window's start once it has begun"
        )
    return (
        f"{announce}, and under it when the window became {written.value}, "
        f"`## {written.label} at <time>`, as `statusgen update` does; `statusgen check "
        f"--fix` writes neither here: with an announcement alone, `status: {written.value}` "
        "would count from the announcement on"
    )


def _late(incident: Incident, now: datetime) -> str:
    """What keeps an incident off the pages: it starts later, or (back-dated by `date`) it
    began but its first update, which first shows it, is dated later."""
    if incident.started_at <= now:
        return "the incident's first update is dated after now"
    return "the incident starts after now"
