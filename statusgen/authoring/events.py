"""Opening, updating and resolving incidents and maintenance: each command plans one Change.

A Change is computed and validated in memory (the new file must parse without a single
diagnostic) before anything touches disk; `apply` then writes it safely and commits it
when asked.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from statusgen.authoring import edit, git, timeparse
from statusgen.authoring.save import save
from statusgen.clock import ahead_of
from statusgen.errors import (
    TITLE_ARGUMENT,
    Diagnostic,
    PartlyWritten,
    Severity,
    StatusgenError,
    close_matches,
    fail,
    meant_name,
)
from statusgen.i18n import N_, load_language
from statusgen.layout import (
    INCIDENT_SUFFIX,
    INCIDENTS_DIR,
    close_slugs,
    incident_file,
    incident_files,
    moved_to,
    slug_of,
)
from statusgen.load.fields import short_forms
from statusgen.load.files import InputError, read_input
from statusgen.load.text import blank, slugify, stable_slug, title_key
from statusgen.model import (
    INCIDENT_IMPACTS,
    RESOLVED_INCIDENT_STATES,
    AlertRef,
    ComponentStatus,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Settings,
    Site,
    Update,
)
from statusgen.status import (
    CANCELLED,
    STATE_LABELS,
    bare_status,
    called_off,
    completed_after_end,
    component_changes,
    duration,
    elapsed,
    ended_at,
    final_resolution,
    held_from_start,
    incident_end,
    listed_components,
    maintenance_started_at,
    maintenance_state,
    shown_state,
    worst_reached,
    written_state,
)
from statusgen.timeline import (
    CALLED_OFF_WORDS,
    call_off_hint,
    change_items,
    format_component_line,
)
from statusgen.weburls import without_secrets

if TYPE_CHECKING:  # validate is imported where it is used: `--help` stays quick
    from statusgen.validate import ComponentNames

# The sentences written when the author gives none, in the language of the pages that show
# the event (_in_pages_language): readers see them on the page as the author's own. Ingest
# writes them in English, as it writes the rest of its text (docs/ingest.md).
RESOLVED_MESSAGE = N_("This incident has been resolved.")
COMPLETED_MESSAGE = N_("The scheduled maintenance has been completed.")
# The closing sentence of a window called off (a `Completed` update before its start,
# docs/content.md): readers see it as the window's last word.
CALLED_OFF_MESSAGE = N_("This maintenance has been cancelled.")
# The announcement `new maintenance` writes without a message: the file then still says
# when the window was made known, which the API, feeds and calendar date it by.
SCHEDULED_MESSAGE = N_("This maintenance has been scheduled.")
# The verb of a `Completed` update that calls a window off (_calls_off): said so in the
# terminal and the commit, since "completed" would claim work that never happened.
CALL_OFF = "Call off"
# How far before this machine's clock an incident may be opened without a word: a night's
# outage written up the next morning is told nothing; one typed months later to fill in
# history is told it stays open until resolved.
_BACKFILL = timedelta(days=1)

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Change:
    """One content file to write: its new bytes, and the bytes it must still hold (None: new)."""

    root: Path
    relpath: str  # e.g. content/incidents/2026-11-22-payout-errors.md
    previous: bytes | None
    data: bytes
    commit_message: str
    description: str  # one line for the terminal: what the change does
    warnings: tuple[str, ...] = ()  # written anyway, but worth a second look

    def __post_init__(self) -> None:
        # The subject quotes a title, which may hold a password or a token (the title's
        # warning names its line): never into git's history or what a command prints,
        # which the Incident workflow publishes as its job summary.
        object.__setattr__(self, "commit_message", without_secrets(self.commit_message))

    @property
    def path(self) -> Path:
        return self.root / self.relpath


@dataclass(frozen=True)
class OpenEvent:
    """An open incident or a maintenance in progress, as `statusgen incidents` lists it."""

    slug: str
    kind: str  # "incident" or "maintenance"
    title: str
    state: str
    started_at: datetime
    # How long it has been open or in progress by then; negative for a window to come.
    age: timedelta
    components: dict[str, str | None]  # id -> the status it gave; None: it gave none
    path: str
    draft: bool = False


# --- the commands --------------------------------------------------------------------


def open_incident(
    root: Path,
    *,
    title: str,
    message: str,
    now: datetime,
    components: Sequence[str] = (),
    impact: str | None = None,
    status: str | None = None,
    again: bool = False,
    draft: bool = False,
    alert: tuple[str, str] | None = None,
    alert_rule: str | None = None,
    alert_fired: datetime | None = None,
    components_fired: Mapping[str, datetime] | None = None,
    alert_cleared: datetime | None = None,
    components_cleared: Mapping[str, datetime] | None = None,
    clock: datetime | None = None,
    taken: Collection[str] = (),
) -> Change:
    """A new incident file, validated; StatusgenError (with every problem) when it cannot be.

    An incident opened the same day under the same name and still open is most likely
    this one, reported twice: refused, pointing at it, unless `again` says it is not.
    `draft` writes it as a draft; `alert` is the (source, id) of the alert it is for,
    `alert_rule` the ingest rule that opened it (`alert: rule:`), `alert_fired` when its
    tool says it began (`alert: fired_at:`), and `components_fired` when components of
    its group began later than that (`components_fired_at:`);
    `alert_cleared` and `components_cleared`, what an incident it takes over from recorded
    of its clears (`cleared_at:`, `components_cleared_at:`).
    `clock` is the machine's time: a `now` after it is written with a warning; `taken`,
    the paths of incidents opened alongside it, not yet written, whose names it avoids.
    """
    site = _site(root)
    problems: list[Diagnostic] = []
    clean = _title(title, problems)
    state = (
        _choice(status, tuple(IncidentState), f"--status {status}", problems)
        if status
        else IncidentState.INVESTIGATING
    )
    level = _choice(impact, INCIDENT_IMPACTS, f"--impact {impact}", problems) if impact else None
    default = bare_status(level)
    from statusgen.validate import OPEN_INCIDENT

    # A backfilled incident, written resolved, may name a retired component; an open one not.
    refused = None if state in RESOLVED_INCIDENT_STATES else OPEN_INCIDENT
    affected = _components(components, site, default, problems, refused=refused)
    _raise(problems)
    assert state is not None
    tz = site.settings.input_tz
    text = edit.incident_text(
        title=clean,
        status=state.value,
        impact=level.value if level else None,
        components={cid: s.value for cid, s in affected.items()},
        heading=f"{state.label} at {timeparse.format_local(now, tz)}",
        message=message,
        draft=draft,
        alert=alert,
        alert_rule=alert_rule,
        # The statuses the incident starts with, on its first update: later updates change
        # them from their own time on, and the record keeps each interval.
        component_line=_component_line(affected),
    )
    if alert is not None:
        text = _alert_times(
            text,
            None,
            tz,
            cleared=alert_cleared,
            fired=alert_fired,
            components_fired=components_fired,
            components_cleared=components_cleared,
        )
    relpath = _new_path(root, now.astimezone(tz).date().isoformat(), clean, "incident", taken)
    if not again:
        _refuse_duplicate(site, clean, now)
    opened = Change(
        root, relpath, None, text.encode(), f"Open incident: {clean}", f"Opened {relpath}"
    )
    incident = _written(site, opened)
    warnings = _ahead(now, clock, tz, "the incident starts")
    if state not in RESOLVED_INCIDENT_STATES and clock is not None and now < clock - _BACKFILL:
        # Typed to record one long over: deployed before its resolution, the pages show
        # it open all the time since, and notify tells the audience it has just begun.
        warnings = (
            _started_past(
                now,
                tz,
                "the incident starts",
                "it is open from then until resolved; add `## Resolved at …` with "
                f"`statusgen resolve {incident.slug} --now <when it ended>` before deploying",
            ),
        )
    # Told as check tells them (a secret in the title or message): the author is here now.
    change = added_warnings(site, replace(opened, warnings=warnings))
    return _reach_warned(site, change, now) if affected else change


def schedule_maintenance(
    root: Path,
    *,
    title: str,
    start: str,
    end: str,
    now: datetime,
    components: Sequence[str] = (),
    message: str = "",
    again: bool = False,
) -> Change:
    """A new maintenance file for the window `start`..`end` (friendly or ISO times).

    A window not yet over with the same name whose time overlaps this one is most likely
    this one, scheduled twice: refused, pointing at it, unless `again` says it is not."""
    site = _site(root)
    tz = site.settings.input_tz
    problems: list[Diagnostic] = []
    clean = _title(title, problems)
    window = _window(start, end, now, tz, problems)
    from statusgen.validate import MAINTENANCE_NOT_COMPLETED, window_problem

    real = [moment.astimezone(timezone.utc) for moment in window]
    if len(window) == 2 and (
        wrong := window_problem(
            window[0],
            window[1],
            timeparse.format_day(window[0], tz),
            timeparse.format_day(window[1], tz),
        )
    ):
        hint = "give an --end later than --start"
        # An end typed as a time alone reads as today, before a start on a later day ("--start
        # 'next tuesday 02:00' --end 03:00") or at night ("--start 23:30 --end 00:30"): offer
        # it on the start's day, or the next when earlier than the start, as the parser takes it.
        offered = timeparse.end_after(end, window[0], now=now, tz=tz) if real[1] < real[0] else None
        if offered is not None:
            hint = (
                f"a time of day alone is read as today; did you mean --end {shlex.quote(offered)}?"
            )
        problems.append(Diagnostic(f"--end {end}", 0, 0, wrong, hint))

    # A window recorded after it ended may name a retired component; one still to come not.
    refused = None if len(real) == 2 and real[1] <= now else MAINTENANCE_NOT_COMPLETED
    affected = _components(
        components, site, ComponentStatus.UNDER_MAINTENANCE, problems, refused=refused
    )
    _raise(problems)
    explicit = any("=" in value for value in components)
    day = window[0].astimezone(tz).date().isoformat()
    relpath = _new_path(root, day, clean, "maintenance")
    mixed: tuple[str, ...] = ()
    if not edit.message_text(message):
        message, mixed = _in_pages_language(
            site, _announced_on(site, affected), SCHEDULED_MESSAGE, relpath
        )
    text = edit.maintenance_text(
        title=clean,
        # With the seconds when typed with them: the file must say the window asked for.
        scheduled_for=timeparse.format_kept(window[0], tz),
        scheduled_until=timeparse.format_kept(window[1], tz),
        components={cid: s.value for cid, s in affected.items()} if explicit else list(affected),
        # At the window's start for one already begun, as `check --fix` dates it: pages show
        # a window from its announcement on, so a later one would leave out the time it ran.
        heading=f"Scheduled at {timeparse.format_local(min(now, window[0]), tz)}",
        message=message,
    )
    if not again:
        _refuse_duplicate_window(site, clean, real[0], real[1], now)
    warnings: tuple[str, ...] = ()
    if real[1] <= now:
        # Recording a window after the fact is fine; scheduling one by mistake is not.
        warnings = (
            f"the window has already ended ({timeparse.format_kept(window[1], tz)}): "
            "pages show it as completed; check --start and --end if that was not meant",
        )
    elif real[0] < now.replace(second=0, microsecond=0):
        # To the minute, as the window is written: "now" is not in the past.
        warnings = (
            _started_past(
                window[0],
                tz,
                "the window starts",
                "pages show it as already begun; check --start if that was not meant",
            ),
        )
    warnings += mixed
    # The window in words: a typed weekday or "tomorrow" is read relative to the clock,
    # and the file name alone does not show which day or hour was taken.
    said = f"Scheduled {relpath}: {_window_words(site, window[0], window[1])}"
    change = added_warnings(
        site,
        _checked(
            site,
            Change(
                root, relpath, None, text.encode(), f"Schedule maintenance: {clean}", said, warnings
            ),
        ),
    )
    return _reach_warned(site, change, now) if affected else change


def update_event(
    root: Path,
    slug: str,
    *,
    message: str,
    now: datetime,
    status: str | None = None,
    components: Sequence[str] = (),
    impact: str | None = None,
    alert_cleared: datetime | None = None,
    alert_fired: datetime | None = None,
    components_fired: Mapping[str, datetime] | None = None,
    components_cleared: Mapping[str, datetime] | None = None,
    title: str | None = None,
    clock: datetime | None = None,
    now_given: bool = False,
    pending: Change | None = None,
    alert_rule: str | None = None,
    warn_reopening: bool = False,
    again: bool = True,
    to_second: bool = False,
) -> Change:
    """The incident or maintenance `slug` (any unique prefix) with a new update appended,
    and `impact` (an incident's) and `title` changed when given; `alert_cleared` and
    `alert_fired` also record when its alert cleared or began (`alert: cleared_at:`,
    `fired_at:`), `components_fired` and `components_cleared` when components of its group
    began firing again or cleared (`alert: components_fired_at:`, `components_cleared_at:`,
    added to those recorded). A `now` after `clock` (the machine's time) is written with a
    warning; a `now` before the newest update is refused as the --now it was given as
    (`now_given`), else as that update dated ahead. `pending`: a change to it not yet
    written, which this update follows: the change returned writes both. `alert_rule`: the
    ingest rule that reopened it (`alert: rule:`). `warn_reopening`: an author's update,
    warned of when its status reopens a resolved incident or a completed window (ingest
    says it in its summary). Without `again`, an update saying what the newest one says
    is refused (_refuse_repeat). `to_second`: its heading says `now` to the second, not its
    minute (_stamped), for an update that tells what runs recorded up to `now` said."""
    site = _site(root)
    event = (
        _written(site, pending)
        if pending
        else _event(
            site,
            find_updated(
                root, slug, site, now=now, status=status, components=components, impact=impact
            ),
        )
    )
    problems: list[Diagnostic] = []
    clean = _title(title, problems) if title is not None else None
    state: IncidentState | MaintenanceState | None
    level: Impact | None = None
    # `update --status fixed` most likely means to close the event, which `resolve` does
    # with its closing sentence and checks. An event closed already is not offered that:
    # a word for it is likelier one for opening it again (`reopened`).
    resolve = f"or close it with `statusgen resolve {event.slug}`"
    if isinstance(event, Incident):
        closing = (
            (IncidentState.INVESTIGATING, "it reopens the incident")
            if event.state in RESOLVED_INCIDENT_STATES
            else (IncidentState.RESOLVED, resolve)
        )
        state = (
            _choice(status, tuple(IncidentState), f"--status {status}", problems, closing)
            if status
            else None
        )
        if impact:
            level = _choice(impact, INCIDENT_IMPACTS, f"--impact {impact}", problems)
        # An impact derived from no affected component yet is no impact at all: a bare
        # component then gets what it would on `new incident`, never operational.
        known = event.impact_written or event.impact is not Impact.NONE
        default = bare_status(level or (event.impact if known else None))
    else:
        if impact:
            problems.append(
                Diagnostic(
                    f"--impact {impact}",
                    0,
                    0,
                    "a maintenance window has no impact",
                    "leave --impact out: its components show under_maintenance",
                )
            )
        window_closing = (
            (MaintenanceState.IN_PROGRESS, "it reopens the window")
            if maintenance_state(event, now) is MaintenanceState.COMPLETED
            else (MaintenanceState.COMPLETED, resolve)
        )
        # There is no `cancelled` state: the hint `check` gives for `status: cancelled`.
        cancel = (CALLED_OFF_WORDS, _cancel_hint(site, event, now))
        state = (
            _choice(
                status,
                tuple(MaintenanceState),
                f"--status {status}",
                problems,
                window_closing,
                cancel,
            )
            if status
            else None
        )
        default = ComponentStatus.UNDER_MAINTENANCE
    # `-c api` names a component again: it keeps the status it has in the event (stepping
    # an outage down by leaving out =STATUS would be a silent lie); a new one gets `default`.
    from statusgen.validate import MAINTENANCE_NOT_COMPLETED, OPEN_INCIDENT

    held = {c.id: c.status for c in event.components}
    after = _after(event, state, now)
    if isinstance(event, Incident):
        refused = None if after in RESOLVED_INCIDENT_STATES else OPEN_INCIDENT
    else:
        refused = None if after is MaintenanceState.COMPLETED else MAINTENANCE_NOT_COMPLETED
    affected = _components(components, site, default, problems, held, refused=refused)
    calling_off = (
        isinstance(event, Maintenance)
        and state is MaintenanceState.COMPLETED
        and _calls_off(site, event, now)
    )
    if calling_off and affected:
        # A window called off never holds its components (status.called_off): a status
        # given now would be written and shown nowhere.
        problems.append(
            Diagnostic(
                f"--component {components[0]}",
                0,
                0,
                "a window called off before its start puts no component under maintenance",
                "leave -c out to call it off; to change what it will affect, update it "
                "without --status completed",
            )
        )
    _raise(problems)
    if (
        isinstance(event, Maintenance)
        and state is MaintenanceState.SCHEDULED
        and called_off(event, now)
    ):
        _refuse_back_on(site, event)
    change = _edited(
        site,
        event,
        state,
        affected,
        message,
        now,
        verb=CALL_OFF if calling_off else "Update",
        impact=level,
        alert_cleared=alert_cleared,
        alert_fired=alert_fired,
        components_fired=components_fired,
        components_cleared=components_cleared,
        title=clean,
        pending=pending,
        alert_rule=alert_rule,
        now_given=now_given,
        to_second=to_second,
    )
    if not again:
        _refuse_repeat(site, event, _written(site, change))
    dated = _ahead(now, clock, site.settings.input_tz, "the update is dated")
    closed = _closed_warning(event, after, now) if state is None else ()
    reopened = _reopened_warning(site, event, after, now) if warn_reopening else ()
    ended = _postmortem_end_warning(site, event, after) if warn_reopening else ()
    spread = _spread_warning(site, event, change, now) if affected else ()
    draft = _draft_warning(event, "this update")
    late = (
        _completed_late_note(site, _written(site, change), now)
        if state is MaintenanceState.COMPLETED
        else ()
    )
    told = change.warnings
    if ended:
        from statusgen.validate import POSTMORTEM_ENDS_OPEN

        # check's words for the same (added_warnings) would tell it a second time.
        told = tuple(warning for warning in told if POSTMORTEM_ENDS_OPEN not in warning)
    warnings = (*draft, *told, *closed, *reopened, *ended, *dated, *spread, *late)
    return replace(change, warnings=warnings)


def find_updated(
    root: Path,
    slug: str,
    site: Site | None = None,
    *,
    now: datetime | None = None,
    status: str | None = None,
    components: Sequence[str] = (),
    impact: str | None = None,
) -> str:
    """find_event's path for `slug`, the event an update is for; when no one file matches,
    its refusal with the problems of the options that need no event to check (a --status
    no event takes, an unknown -c component, an --impact that is none): a run refuses
    with every mistake at once, not the next one after the name is corrected."""
    try:
        return find_event(root, slug, site, now=now)
    except StatusgenError as error:
        try:
            site = site or _site(root)
        except StatusgenError:
            raise error from None  # the site's own problems are check's to tell
        problems = list(error.diagnostics)
        if status:
            problems += _status_problems(status, site, error)
        if impact:
            _choice(impact, INCIDENT_IMPACTS, f"--impact {impact}", problems)
        _components(components, site, ComponentStatus.DEGRADED_PERFORMANCE, problems)
        raise StatusgenError(problems) from None


def _status_problems(status: str, site: Site, error: StatusgenError) -> list[Diagnostic]:
    """What is wrong with `--status status` for an event not found (`error`): checked
    against the statuses of the kind of the one event the hint offers (a window's
    `in_progress`, not an incident's), else against both kinds' (the hint from either),
    so the status a hint suggests is not refused once the name is corrected."""
    where = f"--status {status}"
    offered = error.offered if isinstance(error, NoEventMatches) else ()
    meant = [e for e in _events(site) if len(offered) == 1 and e.slug == offered[0]]
    told: list[Diagnostic] = []
    if meant:
        kind = IncidentState if isinstance(meant[0], Incident) else MaintenanceState
        _choice(status, tuple(kind), where, told)
        return told
    if _choice(status, tuple(IncidentState), where, told) or _choice(
        status, tuple(MaintenanceState), where, told
    ):
        return []  # one kind's status: the event may be of that kind
    told = []
    _choice(status, (*IncidentState, *MaintenanceState), where, told)
    return told


# How soon after the newest update an identical one is taken for the same command run
# again. "We are continuing to investigate" posted every 30 to 60 minutes is ordinary
# practice, and a re-run from the shell's history comes within moments.
REPEAT_WINDOW = timedelta(minutes=10)


def _newest_update(event: Incident | Maintenance) -> Update:
    """The newest of `event`'s updates as its timeline reads them: of those sharing the
    newest time, the last in the file (the timeline keeps the file's order for a tie)."""
    return max(event.updates, key=lambda u: (u.at.astimezone(timezone.utc), u.line))


def _refuse_repeat(
    site: Site, event: Incident | Maintenance, written: Incident | Maintenance
) -> None:
    """Raise when the update `written` adds to `event` says what its newest update says
    (the same status, message and component changes) and comes at most REPEAT_WINDOW
    after it: most likely one update added twice (a command run again from the shell's
    history), which every page and channel would tell twice. The same words hours later
    are a periodic update, and are written. As the new commands refuse a second opening,
    --again adds it all the same."""
    if not event.updates:
        return
    newest = _newest_update(event)
    added = max(written.updates, key=lambda u: u.line)  # appended at the end of the file
    if (added.state, added.message.strip(), added.components) != (
        newest.state,
        newest.message.strip(),
        newest.components,
    ) or elapsed(newest.at, added.at) > REPEAT_WINDOW:
        return
    at = timeparse.format_kept(newest.at, site.settings.input_tz)
    raise fail(
        event.source.path,
        f"the newest update ({newest.state.label} at {at}) already says this, with the same "
        "status and components",
        "it was most likely added once already (a command run again); pass --again if "
        "this is a second, separate update",
        line=newest.line,
    )


def _reopened_warning(
    site: Site,
    event: Incident | Maintenance,
    after: IncidentState | MaintenanceState,
    now: datetime,
) -> tuple[str, ...]:
    """A warning when the update's --status reopens a resolved incident or a completed (or
    called-off) window: meant, or not (a colleague closed it a moment before), every page
    and channel tells it reopened."""
    if isinstance(event, Incident):
        if event.is_open or after in RESOLVED_INCIDENT_STATES:
            return ()
        said = "the incident was resolved"
    else:
        if maintenance_state(event, now) is not MaintenanceState.COMPLETED:
            return ()
        if after is MaintenanceState.COMPLETED:
            return ()
        over = CANCELLED if called_off(event, now) else MaintenanceState.COMPLETED.value
        said = f"the maintenance was {over}"
    end = ended_at(event, now)
    when = f" at {timeparse.format_kept(end, site.settings.input_tz)}" if end else ""
    return (f"{said}{when}: this update reopens it as `{after.value}`",)


def _postmortem_end_warning(
    site: Site, event: Incident | Maintenance, after: IncidentState | MaintenanceState
) -> tuple[str, ...]:
    """A warning when the update's `--status postmortem` goes to an open incident: it ends
    the incident there, with no `Resolved` update, so every page and channel tells it over
    from then on, which a postmortem meant for an earlier end (or an incident just reopened)
    is not."""
    if not isinstance(event, Incident) or not event.is_open:
        return ()
    if after is not IncidentState.POSTMORTEM:
        return ()
    since = timeparse.format_kept(_open_since(event), site.settings.input_tz)
    return (
        f"the incident is open (since {since}): this update ends it as `postmortem`, with "
        f"no `Resolved` update; if it is not over, remove the update from "
        f"{event.source.path}, and add it again after `statusgen resolve {event.slug}`",
    )


def _open_since(incident: Incident) -> datetime:
    """When the open `incident` last opened: the update after its last `Resolved` or
    `Postmortem` one (which reopened it), or its start."""
    closed = [i for i, u in enumerate(incident.updates) if u.state in RESOLVED_INCIDENT_STATES]
    if closed and closed[-1] + 1 < len(incident.updates):
        return incident.updates[closed[-1] + 1].at
    return incident.started_at


def _spread_warning(
    site: Site, event: Incident | Maintenance, change: Change, now: datetime
) -> tuple[str, ...]:
    """Warnings when the components the update names put `event` on a page it is not on
    yet, or on no page at all (audience.reach_warnings); nothing on a site without pages."""
    if not site.settings.pages:
        return ()
    from statusgen.audience import reach_warnings

    return reach_warnings(site, event, _written(site, change), now)


def _reach_warned(site: Site, change: Change, now: datetime) -> Change:
    """The new event's change, with a warning for each component it names that would be on
    no page (audience.reach_warnings); as it is on a site without pages."""
    if not site.settings.pages:
        return change
    from statusgen.audience import reach_warnings

    warned = reach_warnings(site, None, _written(site, change), now)
    return replace(change, warnings=(*change.warnings, *warned))


def _closed_warning(
    event: Incident | Maintenance, after: IncidentState | MaintenanceState, now: datetime
) -> tuple[str, ...]:
    """A warning when an update without --status goes to an event that is over: it is
    written in the closing state, so every page and channel tells it as a second
    resolution or completion, which an update meant for an open event (or sent to the
    wrong one) is not."""
    reopen: IncidentState | MaintenanceState
    told = after.label
    if isinstance(event, Incident):
        if after not in RESOLVED_INCIDENT_STATES:
            return ()
        said, reopen = f"the incident is {after.value}", IncidentState.INVESTIGATING
    else:
        if after is not MaintenanceState.COMPLETED:
            return ()
        over = after.value
        if called_off(event, now):  # so is this update, as of its time (status.update_state)
            over, told = "cancelled", STATE_LABELS[CANCELLED]
        said, reopen = f"the maintenance is {over}", MaintenanceState.IN_PROGRESS
    return (
        f"{said}, so this update is published and notified as `{told}`; if that was "
        f"not meant, remove it from {event.source.path} and add it again with "
        f"`--status {reopen.value}` (which reopens it), or to the one it was meant for",
    )


def resolve_event(
    root: Path,
    slug: str,
    *,
    now: datetime,
    message: str = "",
    alert_cleared: datetime | None = None,
    clock: datetime | None = None,
    now_given: bool = False,
    pending: Change | None = None,
) -> Change:
    """The incident `slug` resolved (or the maintenance completed, or called off when its
    work has not begun by `now`), with a closing update; `alert_cleared` also records when
    its alert cleared (`alert: cleared_at:`). A `now` after `clock` (the machine's time) is
    written with a warning, one before the newest update refused as update_event says.
    `pending`: a change to it not yet written, which the resolution follows: the change
    returned writes both."""
    site = _site(root)
    event = (
        _written(site, pending) if pending else _event(site, find_event(root, slug, site, now=now))
    )
    if isinstance(event, Incident):
        _refuse_resolution_ahead(site, event, now)
        if not event.is_open:
            line = _end_line(event)
            raise fail(
                event.source.path,
                _already_closed(event),
                "add an update with `statusgen update` instead",
                line=line,
                column=1 if line else 0,
            )
        mixed: tuple[str, ...] = ()
        if not edit.message_text(message):
            message, mixed = closing_sentence(site, event, now)
        resolved = _edited(
            site,
            event,
            IncidentState.RESOLVED,
            {},
            message,
            now,
            verb="Resolve",
            alert_cleared=alert_cleared,
            pending=pending,
            now_given=now_given,
        )
        tz = site.settings.input_tz
        dated = _ahead(now, clock, tz, "the resolution is dated")
        draft = _draft_warning(event, "the resolution")
        return replace(resolved, warnings=(*draft, *resolved.warnings, *dated, *mixed))
    # Completed in the author's words: by `status:`, or by the newest update of a window
    # without one (which the pages show as completed from then on).
    if (event.explicit_state or written_state(event, now)) is MaintenanceState.COMPLETED:
        raise fail(
            event.source.path,
            "the maintenance is already completed",
            "add an update with `statusgen update` instead",
        )
    calling_off = _calls_off(site, event, now)
    mixed = ()
    if not edit.message_text(message):
        message, mixed = closing_sentence(site, event, now)
    completed = _edited(
        site,
        event,
        MaintenanceState.COMPLETED,
        {},
        message,
        now,
        verb=CALL_OFF if calling_off else "Complete",
        now_given=now_given,
    )
    tz = site.settings.input_tz
    dated = _ahead(
        now, clock, tz, "the call-off is dated" if calling_off else "the completion is dated"
    )
    draft = _draft_warning(event, "the call-off" if calling_off else "the completion")
    late = _completed_late_note(site, _written(site, completed), now)
    return replace(completed, warnings=(*draft, *completed.warnings, *dated, *late, *mixed))


def _already_closed(incident: Incident) -> str:
    """Why `resolve` refuses the closed `incident`, in words: a postmortem is no state an
    incident is "already" in, but one it has after its resolution."""
    if incident.state is IncidentState.POSTMORTEM:
        return "the incident is already resolved, and has a postmortem"
    return f"the incident is already {incident.state.value}"


def _completed_late_note(
    site: Site, written: Incident | Maintenance, now: datetime
) -> tuple[str, ...]:
    """Said once, as the completion is written: when `written` is a window completed after
    its planned end with nothing holding it open, the clock ended it at that end, and so
    does every page (status-rules.md). Most often the window tidied up later, which is
    fine; an overrun takes an `In progress` update after the end, before completing."""
    if not isinstance(written, Maintenance) or completed_after_end(written, now) is None:
        return ()
    ends = timeparse.format_kept(written.scheduled_until, site.settings.input_tz)
    return (
        f"{written.source.path}: pages show the window ending at its planned end ({ends}), "
        "not at this update; if the work ran late, add an `In progress` update dated after "
        f"{ends} to the file by hand, above this `Completed` one, which then holds it open "
        "until its `Completed` update (`statusgen update` would add it after the completion, "
        "and so reopen the window)",
    )


def pending_event(root: Path, change: Change) -> Incident | Maintenance:
    """The incident or maintenance as `change`, not yet written, leaves it: what an edit
    following it (`pending`) starts from."""
    return _written(_site(root), change)


def note_alert_cleared(root: Path, slug: str, *, at: datetime) -> Change:
    """The incident `slug` with only `alert: cleared_at:` set to `at`: nothing a page shows
    changes, but ingest will know a late copy of the alert's firing for what it is."""
    return note_alert_times(root, slug, cleared=at)


def _edit_refused(relpath: str, error: edit.EditError) -> StatusgenError:
    """The error for a file whose front matter an edit cannot take: at the place to fix,
    with what to fix there when the edit knows it."""
    hint = error.hint or "edit the file by hand"
    return fail(relpath, str(error), hint, error.line, error.column)


def note_alert_times(
    root: Path,
    slug: str,
    *,
    cleared: datetime | None = None,
    fired: datetime | None = None,
    components_fired: Mapping[str, datetime] | None = None,
    components_cleared: Mapping[str, datetime] | None = None,
) -> Change:
    """The incident `slug` with only these times of its alert recorded (`_alert_times`):
    nothing a page shows changes, but ingest will know a late copy of what happened before
    them for what it is."""
    site = _site(root)
    event = _event(site, find_event(root, slug, site))
    relpath = event.source.path
    try:
        previous = read_input(root / relpath)
    except (OSError, InputError):
        raise fail(relpath, "the file changed while statusgen was reading it") from None
    tz = site.settings.input_tz
    try:
        text = _alert_times(
            previous.decode("utf-8"),
            _recorded(event),
            tz,
            cleared=cleared,
            fired=fired,
            components_fired=components_fired,
            components_cleared=components_cleared,
        )
    except edit.EditError as error:
        raise _edit_refused(relpath, error) from None
    # Grouped by time: a group's alerts are read by state and severity (ingest's
    # sources.Member), so a time is of the alerts naming these components, not of each.
    parts: list[str] = []
    verbs: list[str] = []
    for verb, at, times in (
        ("fired", fired, components_fired),
        ("cleared", cleared, components_cleared),
    ):
        named: dict[datetime, list[str]] = {}
        for cid, when in (times or {}).items():
            named.setdefault(when, []).append(site.component(cid).name)
        said = [f"its alert {verb} at {timeparse.format_exact(at, tz)}"] if at is not None else []
        said += [
            f"alerts naming {' or '.join(names)} {verb} at {timeparse.format_exact(when, tz)}"
            for when, names in named.items()
        ]
        parts += said
        verbs += [verb] if said else []
    return _checked(
        site,
        Change(
            root,
            relpath,
            previous,
            text.encode(),
            f"Record when the alert of {event.slug} {' and '.join(verbs)}",
            f"Recorded in {relpath} that {'; '.join(parts)}",
        ),
    )


def _recorded(event: Incident | Maintenance) -> AlertRef | None:
    """What `event` records of its alert: an ingested incident's; None for any other."""
    return event.alert if isinstance(event, Incident) else None


def _alert_times(
    text: str,
    recorded: AlertRef | None,
    tz: ZoneInfo,
    *,
    cleared: datetime | None,
    fired: datetime | None,
    components_fired: Mapping[str, datetime] | None,
    components_cleared: Mapping[str, datetime] | None,
) -> str:
    """`text` with the times its tool gave for the incident's alert: when it cleared
    (`alert: cleared_at:`), when it began (`fired_at:`), and when components of its group
    began firing or cleared (`components_fired_at:`, `components_cleared_at:`, each added
    to those `recorded`). Raises EditError when `alert:` cannot take them."""
    if cleared is not None:
        text = edit.set_alert_key(text, "cleared_at", timeparse.format_exact(cleared, tz))
    if fired is not None:
        text = edit.set_alert_key(text, "fired_at", timeparse.format_exact(fired, tz))
    for key, given, held in (
        ("components_fired_at", components_fired, recorded.components_fired_at if recorded else ()),
        (
            "components_cleared_at",
            components_cleared,
            recorded.components_cleared_at if recorded else (),
        ),
    ):
        if given:
            times = {**dict(held), **given}
            formatted = {cid: timeparse.format_exact(at, tz) for cid, at in times.items()}
            text = edit.set_alert_times(text, key, formatted)
    return text


def record_incident(
    root: Path,
    *,
    title: str,
    message: str,
    started: datetime,
    ended: datetime,
    components: Sequence[str],
    impact: str | None,
    state: IncidentState,
    closing_message: str,
    draft: bool,
    alert: tuple[str, str],
    alert_rule: str | None = None,
    alert_cleared: datetime | None = None,
) -> Change:
    """A new incident that began at `started` and, at `ended`, went to `state` (monitoring,
    components operational; or resolved) because its alert cleared: an alert whose clear
    is the first we hear of it (opened by the ingest rule `alert_rule`). `alert_cleared`
    (default `ended`) is when its tool says it cleared (`alert: cleared_at:`)."""
    opened = open_incident(
        root,
        title=title,
        message=message,
        now=started,
        components=components,
        impact=impact,
        again=True,
        draft=draft,
        alert=alert,
        alert_rule=alert_rule,
    )
    site = _site(root)
    tz = site.settings.input_tz
    text = opened.data.decode("utf-8")
    affected = [value.partition("=")[0] for value in components]
    operational = {cid: ComponentStatus.OPERATIONAL.value for cid in affected}
    closing = operational if state is IncidentState.MONITORING else {}
    text = edit.set_key(text, "status", state.value)
    text = edit.set_components(text, closing, {})
    heading = f"{state.label} at {timeparse.format_local(ended, tz)}"
    line = format_component_line(closing) if closing else ""
    text = edit.append_update(text, heading, closing_message, line)
    cleared = alert_cleared if alert_cleared is not None else ended
    text = edit.set_alert_key(text, "cleared_at", timeparse.format_exact(cleared, tz))
    return _checked(
        site,
        Change(
            root,
            opened.relpath,
            None,
            text.encode(),
            opened.commit_message.replace("Open incident:", "Record incident:", 1),
            f"Recorded {opened.relpath}: {state.label.lower()}",
        ),
    )


def open_events(
    root: Path, now: datetime, *, closed: bool = False
) -> tuple[ZoneInfo, list[OpenEvent]]:
    """The site's timezone (the one its times are told in), and its open incidents, then
    maintenance in progress or still to come; each oldest first.

    With `closed`, resolved incidents and completed maintenance are listed too."""
    from statusgen.incremental.site import load_site
    from statusgen.status import as_of

    # What the pages show at `now`: an incident dated later is not open yet.
    site = as_of(load_site(root), now)
    found = [
        OpenEvent(
            i.slug,
            "incident",
            i.title,
            i.state.value,
            i.started_at,
            _incident_age(i, now),
            _in_page_order(site, _incident_statuses(i)),
            i.source.path,
            i.draft,
        )
        for i in sorted(
            _with_drafts(site),
            key=lambda i: i.started_at,
        )
        if i.is_open or closed
    ]
    drafts = (d for d in site.drafts if isinstance(d, Maintenance))
    for m in sorted([*site.maintenances, *drafts], key=lambda m: m.scheduled_for):
        state = maintenance_state(m, now)
        if closed or state is not MaintenanceState.COMPLETED:
            began = maintenance_started_at(m, now)
            # A window called off held none of them: listed without a status, as its page
            # lists them.
            held = not called_off(m, now)
            found.append(
                OpenEvent(
                    m.slug,
                    "maintenance",
                    m.title,
                    state.value,
                    began,
                    elapsed(began, now),
                    _in_page_order(
                        site, {c.id: c.status.value if held else None for c in m.components}
                    ),
                    m.source.path,
                    m.draft,
                )
            )
    return site.settings.tz, found


def _in_page_order(site: Site, statuses: dict[str, str | None]) -> dict[str, str | None]:
    """`statuses` in page order, retired components last (Site.in_page_order), as the
    pages, feeds and API list an event's components: not as its file happens to."""
    return {cid: statuses[cid] for cid in site.in_page_order(statuses)}


def _incident_statuses(incident: Incident) -> dict[str, str | None]:
    """Each component the incident names, with the status it gives it now while open;
    once resolved, the worst it gave it while it ran, as its page and feeds say."""
    if incident.is_open:
        return {c.id: c.status.value for c in incident.components}
    return {cid: worst_reached(steps).value for cid, steps in component_changes(incident).items()}


def _incident_age(incident: Incident, now: datetime) -> timedelta:
    """How long an open incident has been open: its duration so far, as `status` and its
    page give it (a reopened one leaves out the time it stood resolved). A resolved one
    is aged from its start, as a completed window is."""
    if incident.is_open:
        return duration(incident, now)
    return elapsed(incident.started_at, now)


def closing_message(root: Path, relpath: str, now: datetime) -> str:
    """The standard closing sentence `resolve` writes at `now` in the file: resolved
    incident, completed maintenance, or a window called off (closing_sentence)."""
    try:
        data = read_input(root / relpath)
    except (OSError, InputError):
        return RESOLVED_MESSAGE  # validation, which runs next, says what is wrong with it
    text = data.decode("utf-8", errors="replace")
    try:
        maintenance = {"scheduled_for", "scheduled_until"} & edit.front_matter_keys(text)
    except edit.EditError:
        maintenance = set()
    settings = _settings_alone(root)
    if not maintenance and (settings is None or not _pages_speak_apart(settings)):
        return in_site_language(root, RESOLVED_MESSAGE)
    # Whether it is called off, and which pages show it, depend on its updates and the
    # clock: read as validated.
    site = _site(root)
    return closing_sentence(site, _event(site, relpath), now)[0]


def scheduled_message(root: Path, components: Sequence[str]) -> str:
    """The announcement `new maintenance` writes without a message, for a window affecting
    `components` (-c values): in the language of the pages that will show it
    (_in_pages_language). From the settings alone when no page has a language of its own."""
    settings = _settings_alone(root)
    if settings is None or not _pages_speak_apart(settings):
        return in_site_language(root, SCHEDULED_MESSAGE)
    site = _site(root)
    # Mistyped components are the command's to report, with the rest of its problems.
    affected = _components(components, site, ComponentStatus.UNDER_MAINTENANCE, [])
    return _in_pages_language(site, _announced_on(site, affected), SCHEDULED_MESSAGE, "")[0]


def in_site_language(root: Path, message: str) -> str:
    """`message` (RESOLVED_MESSAGE, SCHEDULED_MESSAGE) in the language of the site at
    `root`, from its settings alone: the edit reads the whole site once, after the
    author's text (an incident's `resolve` would read it twice at 10,000 incidents for a
    sentence). In English when the settings or the site's catalog cannot be read, which
    the edit then reports, with every other problem, before it writes anything."""
    settings = _settings_alone(root)
    if settings is None:
        return message
    try:
        return load_language(root, settings.language).gettext(message)
    except StatusgenError:
        return message


def _settings_alone(root: Path) -> Settings | None:
    """The site's settings, read without the rest of the site; None when they cannot be
    read (the edit reports why)."""
    from statusgen.config import parse_settings
    from statusgen.layout import settings_bytes

    data = settings_bytes(root)
    return parse_settings(data)[0] if data is not None else None


def _pages_speak_apart(settings: Settings) -> bool:
    """Whether some page is written in another language than the site's `language`: only
    then does which pages show an event choose the language of its standard sentence."""
    return any(
        page.language is not None and page.language != settings.language for page in settings.pages
    )


def _in_language(site: Site, message: str) -> str:
    """A sentence statusgen writes for the author (marked N_), in the site's language."""
    return load_language(Path(site.root), site.settings.language).gettext(message)


def _in_pages_language(
    site: Site, pages: Collection[str], message: str, path: str
) -> tuple[str, tuple[str, ...]]:
    """`message` (marked N_) in the language of the pages named `pages`, which show the
    event at `path`: theirs when they share one, else the site's, with a warning that
    some of them show it in a language it is not written in."""
    from statusgen.audience import find_page, page_language

    languages = {page_language(site, find_page(site, name)) for name in pages}
    if len(languages) == 1:
        (language,) = languages
        return load_language(Path(site.root), language).gettext(message), ()
    written = _in_language(site, message)
    if not languages:  # a site without pages, or an event on none (the command warns)
        return written, ()
    return written, (
        f"{path}: the standard sentence {written!r} is written in the site's language "
        f"({site.settings.language}), but the pages that show it are in "
        f"{', '.join(sorted(languages))}; to give their readers words they read, pass -m "
        "with your own text (or edit the sentence in the file)",
    )


def _announced_on(site: Site, affected: Collection[str]) -> frozenset[str]:
    """The pages a new window affecting `affected` (no `audiences:`) is upcoming on: those
    showing any of them, or every page for a window affecting none (audience.appears_on)."""
    from statusgen.audience import page_names, pages_showing

    return pages_showing(site, affected) if affected else frozenset(page_names(site))


def closing_sentence(
    site: Site, event: Incident | Maintenance, now: datetime
) -> tuple[str, tuple[str, ...]]:
    """The sentence `event` is closed with at `now` (resolved incident, window called off
    when its work has not begun, else completed), in the language of the pages that show
    it, and a warning when they differ (_in_pages_language)."""
    from statusgen.audience import pages_reached

    if isinstance(event, Incident):
        message = RESOLVED_MESSAGE
    elif _calls_off(site, event, now):
        message = CALLED_OFF_MESSAGE
    else:
        message = COMPLETED_MESSAGE
    return _in_pages_language(site, pages_reached(site, event, now), message, event.source.path)


class NoEventMatches(StatusgenError):
    """No event's name matches what was typed: `offered`, the slugs the hint offers."""

    def __init__(self, diagnostics: Iterable[Diagnostic], offered: Sequence[str]) -> None:
        super().__init__(diagnostics)
        self.offered = tuple(offered)


def find_event(
    root: Path, slug: str, site: Site | None = None, *, now: datetime | None = None
) -> str:
    """The path of the file whose slug is `slug` or starts with it (the date may be left out;
    a name without its date typed whole wins over longer names, not over the same name
    numbered -2, -3, … for the same day), else whose title is `slug`: among the incident
    files, or the events (drafts too) of `site`, validated from them. Several matches are
    refused, each told with its state at `now` (when given)."""
    wanted = Path(slug).name.removesuffix(INCIDENT_SUFFIX)
    if site is None:
        slugs = [slug_of(relpath) for relpath in incident_files(root)]
    else:
        # A site that checks clean has an event for every incident file: no second listing.
        slugs = sorted(event.slug for event in _events(site))
    copies = _copies(root, slugs, site)
    spellings = [wanted]
    matches = _named(spellings, slugs, copies)
    if not matches:
        # `café` or `Cafe Upgrade` for …-cafe-upgrade: typed as the title was, slugified
        # as the title was (a file named by hand, `Café.md`, still matches as typed).
        # `Großer` is also looked for as …-groer-…, a file named by an earlier release,
        # which dropped the letters slugify now spells out: both spellings at once, so a
        # whole name in one beats a longer name in the other, and one name in both is
        # ambiguous, as it would be in one.
        typed, wanted = wanted, slugify(wanted) or wanted
        spellings = list(dict.fromkeys(s for s in (wanted, stable_slug(typed)) if s))
        # A file an earlier release named without those letters (`Збій оплати` as
        # …-incident) is named by its title as this release spells it too: else a title
        # typed whole, or its first word, finds only the newer namesake, without a word.
        retitled = _retitled(root, site)
        matches = _named(spellings, slugs, copies, retitled)
    else:
        retitled = {}
    titled = False
    if not matches and slug.strip():
        # A title of no Latin letters (`決済エラー`) makes no slug to type: the title
        # itself, as typed for `new`, names the file (the site is read only for this).
        matches = _titled(slug, _events(site or _site(root)))
        titled = bool(matches)
    if len(matches) > 1 and not titled:
        # The one of them whose title is exactly what was typed is the one meant.
        exact = [s for s in _exact_titles(slug, root, site) if s in matches]
        matches = exact if len(exact) == 1 else matches
    if len(matches) == 1:
        return incident_file(matches[0])
    if not matches:
        moved = moved_to(root, wanted, slugs)
        close = [moved] if moved is not None else close_slugs(wanted, slugs)
        if close:
            hint = f"did you mean {', '.join(close)}?"
        elif not slugs:
            hint = f'{INCIDENTS_DIR}/ has none yet; `statusgen new incident "Title"` opens one'
        else:
            hint = "`statusgen incidents` lists the open ones"
        message = f"no incident or maintenance matches '{slug}'"
        raise NoEventMatches([Diagnostic(f"{INCIDENTS_DIR}/", 0, 0, message, hint)], close)
    # One name on several days, or twice on one day (-2): only the date or the number
    # tells them apart.
    whole = titled or all(
        _name(s, copies) in spellings or retitled.get(s, "")[11:] in spellings for s in matches
    )
    states = _match_states(root, matches, site, now)
    # Their titles too, unless all share one (most likely what was typed): a title of no
    # Latin letters names its files alike (…-incident, …-incident-2).
    apart = len({title for title, _ in states.values()}) > 1
    listed = [_match_label(s, states.get(s), with_title=apart) for s in matches]
    # The example is the one still open when only one is: most likely the one meant.
    open_ones = [s for s in matches if s in states and states[s][1].startswith("open")]
    example = open_ones[0] if len(open_ones) == 1 else matches[-1]
    raise fail(
        f"{INCIDENTS_DIR}/",
        f"'{slug}' matches {len(matches)} files: {', '.join(listed)}",
        f"type the whole name with its date, e.g. {example}"
        if whole
        # One name may begin another (…-login-down-2, …-login-down-2-2): more of it can
        # never pick the shorter, the whole name can.
        else f"type one whole name, with its date: {' or '.join(matches)}",
    )


def _exact_titles(typed: str, root: Path, site: Site | None) -> list[str]:
    """The slugs of the events titled `typed` (_titled); none when the site does not
    check clean (the command says so when it reads it)."""
    try:
        return _titled(typed, _events(site or _site(root)))
    except SiteNotClean:
        return []


# The number _new_path gives a second event of one name on one day: `…-login-down-2`.
_NUMBERED = re.compile(r"(.+)-(?:[2-9]|[1-9][0-9]+)")


def _unnumbered(name: str) -> str:
    """`name` without the number _new_path adds to a second file of that name on one day."""
    numbered = _NUMBERED.fullmatch(name)
    return numbered.group(1) if numbered else name


def _copies(root: Path, slugs: Sequence[str], site: Site | None) -> frozenset[str]:
    """The dated `slugs` whose -2, -3, … _new_path added because their day already had a
    file of that name. A number is only that beside the bare name's file of the same day,
    and not in a name its own title gives (`Release 2`): such a file is named, not numbered."""
    present = set(slugs)
    numbered = [
        s
        for s in slugs
        if s[:4].isdigit()
        and _unnumbered(s[11:]) != s[11:]
        and s[:11] + _unnumbered(s[11:]) in present
    ]
    if not numbered:
        return frozenset()
    try:
        events = {e.slug: e for e in _events(site or _site(root))}
    except SiteNotClean:
        return frozenset(numbered)  # the command says so when it reads the site
    return frozenset(
        s for s in numbered if s not in events or s[11:] not in _title_slugs(events[s])
    )


def _title_slugs(event: Incident | Maintenance) -> tuple[str, str]:
    """The names _new_path gives a file of `event`'s title, before any number: now, and as
    earlier releases gave it, without the letters slugify spells out (`Збій API 2` named
    …-api-2, its own name and no copy of …-api)."""
    fallback = "maintenance" if isinstance(event, Maintenance) else "incident"
    return edit.slugify(event.title, fallback), edit.earlier_slug(event.title, fallback)


def _retitled(root: Path, site: Site | None) -> dict[str, str]:
    """The slugs of the files an earlier release named from their title without the letters
    slugify spells out (…-incident, …-api for `Збій API`), each with the dated name this
    release gives that title. None for a title of ASCII letters, whose name is one in both;
    none when the site does not check clean (the command says so when it reads it)."""
    try:
        events = _events(site or _site(root))
    except SiteNotClean:
        return {}
    retitled: dict[str, str] = {}
    for event in events:
        now, earlier = _title_slugs(event)
        dated = event.slug[:4].isdigit()
        if dated and now != earlier and _unnumbered(event.slug[11:]) == earlier:
            retitled[event.slug] = event.slug[:11] + now
    return retitled


def _name(slug: str, copies: Collection[str]) -> str:
    """`slug` without its date, and without the number when it is one of `copies`."""
    return _unnumbered(slug[11:]) if slug in copies else slug[11:]


def _match_label(slug: str, told: tuple[str, str] | None, *, with_title: bool) -> str:
    """`slug` as an ambiguous name's list gives it: with what it is (`told`, its title and
    state, when known), the title only `with_title`."""
    if told is None:
        return slug
    title, state = told
    return f"{slug} '{title}' ({state})" if with_title else f"{slug} ({state})"


def _match_states(
    root: Path, slugs: Sequence[str], site: Site | None, now: datetime | None
) -> dict[str, tuple[str, str]]:
    """The title of each of `slugs` and what it is at `now`, in words (open or resolved,
    scheduled, called off, ...), so an author told a name is ambiguous sees which file is
    which: a title of no Latin letters names each file `…-incident`, `…-incident-2`. Empty
    without `now`, or when the site does not check clean (the command says so when it
    reads it)."""
    if now is None:
        return {}
    try:
        events = {e.slug: e for e in _events(site or _site(root))}
    except SiteNotClean:
        return {}
    told: dict[str, tuple[str, str]] = {}
    for slug in slugs:
        event = events.get(slug)
        if isinstance(event, Incident):
            label = STATE_LABELS[event.state.value].lower()
            told[slug] = event.title, f"open, {label}" if event.is_open else label
        elif isinstance(event, Maintenance):
            shown = shown_state(event, maintenance_state(event, now), now)
            label = "called off" if shown == CANCELLED else STATE_LABELS[shown].lower()
            told[slug] = event.title, label
    return told


def _named(
    spellings: Sequence[str],
    slugs: Sequence[str],
    copies: Collection[str],
    retitled: Mapping[str, str] | None = None,
) -> list[str]:
    """The slugs any of `spellings` (one name, as this release and earlier ones spell it)
    names: itself, else those it starts, else those whose name without the date (and without
    a -2 given to the second of that name on one day: `copies`) is it, else those whose name
    without the date it starts; each rule holds for every spelling at once, and for the
    name this release gives the title of a file an earlier release named (`retitled`)."""
    typed = [w for w in spellings if w]
    also = retitled or {}
    # `payout-errors` for 2026-11-22-payout-errors: nobody remembers the date. A name
    # typed whole is that one, even beside longer ones (`api` beside `api-slow`):
    # there would be no more of it to type.
    dated = [s for s in slugs if s[:4].isdigit()]
    names = {s: [s, also[s]] if s in also else [s] for s in slugs}
    rules = (
        [s for s in slugs if any(n in typed for n in names[s])],
        [s for s in slugs if any(n.startswith(w) for n in names[s] for w in typed)],
        # A copy's number is a copy number (`_copies`): …-login-down-2, a second `Login
        # down`, is not named `login-down-2`, which …-login-down-2-2 is, of that title.
        [s for s in dated if _name(s, copies) in typed or also.get(s, "")[11:] in typed],
        [s for s in dated if any(n[11:].startswith(w) for n in names[s] for w in typed)],
    )
    return next((matches for matches in rules if matches), [])


def apply(change: Change, *, commit: bool = False) -> None:
    """Write the change (refusing if the file changed meanwhile).

    With `commit`, the repository is checked first, so `--commit` outside git writes
    nothing; commit_each commits the change once every file of the command is written.
    """
    if commit:
        git.repository(change.root)
    save(change.path, change.data, previous=change.previous, shown=change.relpath)


def write(changes: Sequence[Change], *, commit: bool = False) -> None:
    """Write each change in order (apply). Raises StatusgenError when one cannot be
    written: PartlyWritten (stopped_after) when others were before it."""
    for done, change in enumerate(changes):
        try:
            apply(change, commit=commit)
        except StatusgenError as error:
            raise stopped_after(error, changes[:done], commit=commit) from None


def stopped_after(
    error: StatusgenError, written: Sequence[Change], *, commit: bool
) -> StatusgenError:
    """`error`, met once the changes `written` were: PartlyWritten naming each of them first,
    or `error` itself when none was. None of them is committed: a command's files are
    committed only once all are written."""
    if not written:
        return error
    left = "written before the problem below stopped the command" + (
        "; not committed" if commit else ""
    )
    return PartlyWritten(
        [
            *(
                Diagnostic(
                    c.relpath,
                    0,
                    0,
                    left,
                    "kept as written: look at it once the problem below is fixed",
                )
                for c in written
            ),
            *error.diagnostics,
        ]
    )


@dataclass(frozen=True)
class Commits:
    """What `--commit` made of the files one command wrote."""

    made: tuple[tuple[Change, str], ...]  # each change committed, with its commit's id
    # Why the others are written but not committed: a diagnostic for each.
    missed: tuple[Diagnostic, ...] = ()


def commit_each(changes: Sequence[Change]) -> Commits:
    """Commit each written change on its own, in order, with its message.

    During a stopped merge, cherry-pick, revert or rebase none is staged (git.unfinished). A commit
    git refuses is the last one tried: that change and every one after it stay written and
    uncommitted, each said so in `missed`.
    """
    # A file written twice is committed once, as last written, with the first message: a
    # second commit of it would find nothing to commit.
    files: dict[str, Change] = {}
    for change in changes:
        files.setdefault(change.relpath, change)
    if not files:
        return Commits(())
    repo = git.repository(changes[0].root)
    stopped = git.unfinished(repo)
    if stopped is not None:
        return Commits(
            (),
            tuple(git.left_unstaged(repo, stopped, c.path, shown) for shown, c in files.items()),
        )
    made: list[tuple[Change, str]] = []
    for change in files.values():
        try:
            made_id = git.commit_file(
                repo, change.path, change.commit_message, shown=change.relpath
            )
        except StatusgenError as error:
            # Not the ones after it: a hand-over's resolution committed without the incident
            # taking over would leave the outage on no committed page.
            rest = (
                Diagnostic(
                    path,
                    0,
                    0,
                    "written, but neither staged nor committed: not tried once the commit "
                    "above failed",
                    "commit it yourself with that one",
                )
                for path in list(files)[len(made) + 1 :]
            )
            return Commits(tuple(made), (*error.diagnostics, *rest))
        made.append((change, made_id))
    return Commits(tuple(made))


# --- the parts -----------------------------------------------------------------------


def _site(root: Path) -> Site:
    """The validated site; an edit starts only from a site that checks clean."""
    from statusgen.incremental.site import check_site

    site, diagnostics = check_site(root)
    if site is None:
        raise SiteNotClean(diagnostics)
    return site


class SiteNotClean(StatusgenError):
    """The site has problems to fix before a command may change it: an edit starts from
    a site that checks clean, so that what it writes is published as it was checked."""


def _events(site: Site) -> list[Incident | Maintenance]:
    """Every incident and maintenance of the site, drafts too."""
    return [*site.incidents, *site.maintenances, *site.drafts]


def _event(site: Site, relpath: str) -> Incident | Maintenance:
    for event in _events(site):
        if event.source.path == relpath:
            return event
    raise fail(relpath, "not found among the site's incidents and maintenance")  # pragma: no cover


def _edited(
    site: Site,
    event: Incident | Maintenance,
    state: IncidentState | MaintenanceState | None,
    affected: dict[str, ComponentStatus],
    message: str,
    now: datetime,
    *,
    verb: str,
    impact: Impact | None = None,
    alert_cleared: datetime | None = None,
    alert_fired: datetime | None = None,
    components_fired: Mapping[str, datetime] | None = None,
    components_cleared: Mapping[str, datetime] | None = None,
    title: str | None = None,
    pending: Change | None = None,
    alert_rule: str | None = None,
    now_given: bool = False,
    to_second: bool = False,
) -> Change:
    root = Path(site.root)
    relpath = event.source.path
    _refuse_backdating(site, event, now, now_given)
    if pending is not None:
        # Both edits are written at once, over the bytes the first one found.
        previous, text = pending.previous, pending.data.decode("utf-8")
    else:
        try:
            previous = read_input(root / relpath)
        except (OSError, InputError):
            raise fail(relpath, "the file changed while statusgen was reading it") from None
        text = previous.decode("utf-8")  # the site checked clean, so it is UTF-8
    tz = site.settings.input_tz
    # What the pages will show, which the command says: a reminder's `Scheduled` heading
    # does not make a window the clock has started upcoming again.
    shown = _after(event, state, now)
    current = {c.id: c.status.value for c in event.components}
    try:
        followed = _followed(text, event, impact, affected)
        # Each status change is kept on the update that made it, and holds from its time on:
        # one the new impact makes as much as one `-c` gives.
        line = _component_line({**followed, **affected})
        if line and isinstance(event, Incident) and shown in RESOLVED_INCIDENT_STATES:
            _refuse_after_end(site, event, text)
        if line and isinstance(event, Maintenance) and shown is MaintenanceState.COMPLETED:
            _refuse_after_window_end(site, event, affected, now, text)
        if isinstance(event, Maintenance) and state is MaintenanceState.SCHEDULED:
            _refuse_scheduled_after_end(site, event, now, text)
        if isinstance(event, Incident) and not event.updates:
            text = _timeline_written(
                text, event, tz, format_component_line(current) if line else ""
            )
        elif line and event.updates and (unnamed := held_from_start(event)):
            # A component no update names holds its front-matter status from the start; once
            # the new update names it, it would hold nothing before. Say on the first update
            # what held until now (added to its line, or on a new one), so the time before this
            # change keeps its statuses: a file written before updates carried them, too. So
            # does a window's held under maintenance until a later line: with a line on the
            # first update, a component only a later line names joins the window there.
            held = {a.id: a.status.value for a in unnamed}
            text = edit.add_statuses(text, event.updates[0].line, held)
        if state is not None and not _announces(event, state) and not _ended(event, state, now):
            text = edit.set_key(text, "status", state.value)
        if impact is not None:
            text = edit.set_key(text, "impact", impact.value)
        if title is not None:
            text = edit.set_text(text, "title", title)
        # The impact alone leaves a list a list, its statuses following the impact as they
        # did; `-c` makes it a mapping, which must then hold the statuses the impact gave.
        written = {**followed, **affected} if affected else {}
        text = edit.set_components(text, {cid: s.value for cid, s in written.items()}, current)
        heading = f"{(state or shown).label} at {_stamp(event, now, tz, to_second=to_second)}"
        unclosed = edit.open_code_block(text)
        text = edit.append_update(text, heading, message, line)
        text = _alert_times(
            text,
            _recorded(event),
            tz,
            cleared=alert_cleared,
            fired=alert_fired,
            components_fired=components_fired,
            components_cleared=components_cleared,
        )
        if alert_rule is not None:  # the ingest rule that reopened it decides its clear now
            text = edit.set_alert_key(text, "rule", edit.yaml_string(alert_rule, flow=True))
        edit.check_edited(text)
    except edit.EditError as error:
        raise _edit_refused(relpath, error) from None
    kind = "incident" if isinstance(event, Incident) else "maintenance"
    if verb == "Update":
        subject = f"Update {kind} {event.slug}: {shown.label.lower()}"
    else:
        subject = f"{verb} {kind}: {event.title}"
    if verb == CALL_OFF and isinstance(event, Maintenance):
        # Not "completed": the window that will not happen, as `new maintenance` named it.
        description = (
            f"Called off {relpath}: "
            f"{_window_words(site, event.scheduled_for, event.scheduled_until)}"
        )
    else:
        description = f"{verb.rstrip('e')}ed {relpath}: {shown.label.lower()}"
    warnings: tuple[str, ...] = ()
    if pending is not None:
        subject = f"{pending.commit_message}, then {shown.label.lower()}"
        description = f"{pending.description}, then {shown.label.lower()}"
        warnings = pending.warnings
    if unclosed is not None:
        # append_update closed it; the author may have meant the block to end earlier.
        warnings += (
            f"{relpath}:{unclosed.line}: this code block was never closed, so the new update "
            f"would have been read as its code; a line '{unclosed.fence}' now closes it before "
            "the update (move that line up if the block ends earlier)",
        )
    change = Change(root, relpath, previous, text.encode(), subject, description, warnings)
    as_written = _written(site, change)
    if state is not None and state is not shown:
        # Said of the window as written, so the lines it names are where the file has them.
        reminder = _reminder_warning(site, as_written, shown, now)
        change = replace(change, warnings=(*warnings, reminder))
    # Told as open_incident tells them (a secret in the new update's text): every command
    # that appends an update comes through here, and `notify` mails what it wrote.
    return added_warnings(site, change)


def _followed(
    text: str,
    event: Incident | Maintenance,
    impact: Impact | None,
    affected: Mapping[str, ComponentStatus],
) -> dict[str, ComponentStatus]:
    """The statuses a new `impact` gives the components of an incident that lists them bare
    (`components: [api]`, each taking the status its impact implies), where that changes
    them and `-c` does not give them one. Raises EditError for unreadable front matter."""
    if not isinstance(event, Incident) or impact is None or not edit.lists_components(text):
        return {}
    status = bare_status(impact)
    return {
        c.id: status for c in event.components if c.id not in affected and c.status is not status
    }


def _timeline_written(text: str, incident: Incident, tz: ZoneInfo, components: str) -> str:
    """The text of an incident written without a timeline (`date:`, and `resolved_at:` once
    resolved, as an import writes one) with the updates those stand for, as the pages show
    it: its state since its start (investigating until `resolved_at`), then `Resolved` at
    `resolved_at`, which goes, the timeline saying it now. An update appended after them
    keeps the start and the resolution; on its own, a closing one would move the
    resolution, and a reopening one would leave `resolved_at` on an open incident.
    `components` (a `Components:` line) says on the first what held until now."""
    resolved = incident.resolved_at
    opening = incident.state if resolved is None else IncidentState.INVESTIGATING
    started = timeparse.format_kept(incident.started_at, tz)
    text = edit.append_update(text, f"{opening.label} at {started}", "", components)
    if resolved is None:
        return text
    closed = f"{IncidentState.RESOLVED.label} at {timeparse.format_kept(resolved, tz)}"
    return edit.remove_key(edit.append_update(text, closed, ""), "resolved_at")


def _refuse_after_end(site: Site, incident: Incident, text: str) -> None:
    """A status given by an update that leaves a resolved incident resolved would come
    after its end, where it changes nothing (status.counted_updates); `check` warns of
    such a line, and the commands never write one. `text`: the incident's file."""
    if incident.is_open:
        return  # this update is the one that resolves it: the end, not after it
    end = incident_end(incident)
    assert end is not None
    line, where = _end_line(incident), ""
    if not line:  # ended by `resolved_at` alone: the line that says when, as for a window
        line, where = edit.key_line(text, "resolved_at"), " (resolved_at)"
    when = timeparse.format_kept(end, site.settings.input_tz)
    raise fail(
        incident.source.path,
        f"the incident was resolved at {when}{where}: a status given after its end changes nothing",
        "if the trouble is back, reopen it: add `--status investigating`; to correct a "
        "status it had, edit the `Components:` line of the update from whose time it held "
        "(and `components:` to match) by hand",
        line=line,
        column=1 if line else 0,
    )


def _refuse_after_window_end(
    site: Site,
    window: Maintenance,
    affected: Mapping[str, ComponentStatus],
    now: datetime,
    text: str,
) -> None:
    """A status given by an update that leaves a window completed at `now` (by its end, an
    update or `status: completed`) would come after its end, where it changes nothing: as
    on a resolved incident (_refuse_after_end), the commands never write one. Trouble after
    the window is an incident's; a window called off is put back on as a planned one
    (docs/content.md), not reopened as running. `text`: the window's file."""
    over = _window_over(site, window, now, text)
    if over is None:
        return  # this update is the one that completes it: the end, not after it
    when, line, where = over
    # An incident gives no component under_maintenance: named bare, it takes its impact's.
    given = " ".join(
        f"-c {cid}" if status is ComponentStatus.UNDER_MAINTENANCE else f"-c {cid}={status.value}"
        for cid, status in affected.items()
    )
    incident = f"open an incident: `statusgen new incident TITLE {given}`"
    if called_off(window, now):
        said = (
            f"the window was called off at {when}, before it began: a status given changes nothing"
        )
        # `--status scheduled` alone is refused on it (_refuse_back_on): name what works.
        _, how, _ = _holding(site, window)
        hint = (
            f"for trouble meanwhile, {incident}; if the work is planned again, "
            f"{_new_window(window)}, or put this one back on: {how} in {window.source.path}, "
            f"then run `statusgen update {window.slug} --status scheduled`"
        )
    else:
        said = f"the window ended at {when}{where}: a status given after its end changes nothing"
        hint = (
            f"for trouble after the window, {incident}; if the work goes on, reopen the "
            "window with `--status in_progress`"
        )
    raise fail(window.source.path, said, hint, line=line, column=1 if line else 0)


def _window_over(
    site: Site, window: Maintenance, now: datetime, text: str
) -> tuple[str, int, str] | None:
    """When the window was over as of `now` (as the site writes times), the line that
    says so (its `Completed` update, its `status:`, else its `scheduled_until` in `text`)
    and, for the latter, " (scheduled_until)"; None while it is open or to come."""
    end = ended_at(window, now)
    if end is None:
        return None
    closing = [
        u.line for u in window.updates if u.state is MaintenanceState.COMPLETED and u.at == end
    ]
    line, where = (closing[0] if closing else window.status_line), ""
    if not line:  # over by the clock, at the end its file gives
        line, where = edit.key_line(text, "scheduled_until"), " (scheduled_until)"
    return timeparse.format_kept(end, site.settings.input_tz), line, where


def _refuse_scheduled_after_end(site: Site, window: Maintenance, now: datetime, text: str) -> None:
    """A `Scheduled` update on a window whose work ran and is over plans nothing: it stays
    completed, with a "scheduled" update under it in every output. Another run of the work
    is another window (a window called off is put back on instead: _refuse_back_on).
    `text`: the window's file."""
    over = _window_over(site, window, now, text)
    if over is None or called_off(window, now):
        return
    when, line, where = over
    raise fail(
        window.source.path,
        f"the window's work ran and was over at {when}{where}: a `Scheduled` update would"
        " not plan it again",
        _new_window(window, "the next one"),
        line=line,
        column=1 if line else 0,
    )


def _new_window(window: Maintenance, which: str = "it") -> str:
    """The advice to plan `window`'s work again as a window of its own, with the command."""
    ids = " -c ".join(c.id for c in window.components) or "COMPONENT"
    return (
        f"plan {which} as a new window: "
        f"`statusgen new maintenance TITLE --start WHEN --end WHEN -c {ids}`"
    )


def _end_line(incident: Incident) -> int:
    """The line of the update that ended the closed `incident`, where the commands refusing
    to add to that end point; 0 for one ended by `resolved_at` alone, with no such line."""
    closing = final_resolution(incident.updates)
    return 0 if closing is None else incident.updates[closing].line


def _follows(event: Incident | Maintenance) -> tuple[datetime, str, int] | None:
    """The moment an update appended now comes after, what says it and at which line (0
    for front matter): the newest update, or in an incident without updates its start or
    resolution (which become updates first). None for a window without updates, which any
    time may follow."""
    if event.updates:
        newest = _newest_update(event)
        return newest.at, "the newest update", newest.line
    if isinstance(event, Incident):
        said = "resolved_at" if event.resolved_at else "date"
        return event.resolved_at or event.started_at, f"the incident's {said}", 0
    return None


def _stamped(
    event: Incident | Maintenance, now: datetime, tz: ZoneInfo, *, to_second: bool = False
) -> datetime:
    """The moment the heading of an update appended to `event` at `now` says: now's
    minute, as a person writes a time, unless that minute began before the moment the
    update follows (written to the second, earlier in now's minute); then `now` to the
    second, as `--now` keeps it, since the minute would put the update before the one it
    follows. `to_second`: `now` to the second always (an update that tells runs made
    earlier in its minute: dated to the minute, it would come before them)."""
    if to_second:
        return now.replace(microsecond=0)
    minute = now.astimezone(tz).replace(second=0, microsecond=0)  # what format_local says
    follows = _follows(event)
    if follows is not None and elapsed(follows[0], minute) < timedelta(0):
        return now
    return minute


def _stamp(
    event: Incident | Maintenance, now: datetime, tz: ZoneInfo, *, to_second: bool = False
) -> str:
    """`_stamped` as the heading writes it: to the minute, or to the second."""
    return timeparse.format_kept(_stamped(event, now, tz, to_second=to_second), tz)


def _refuse_backdating(
    site: Site, event: Incident | Maintenance, now: datetime, now_given: bool
) -> None:
    """An update is appended at the end, so it may not be older than the newest one (or,
    in an incident without updates, than its start and resolution, which become updates
    first): the file would then fail `check`, for a line the author never wrote. Refused
    as the --now given (`now_given`); else, the clock being right, as the time in the file
    ahead of it, a typo most often."""
    tz = site.settings.input_tz
    if isinstance(event, Incident):
        _refuse_resolution_ahead(site, event, now)
    follows = _follows(event)
    if follows is None:
        return
    latest, what, line = follows
    if now.astimezone(timezone.utc) >= latest.astimezone(timezone.utc):
        return
    if not now_given:
        raise _dated_ahead(
            site, event, what, latest, now, "the pages show it only from then on", line=line
        )
    where = f"{event.source.path} line {line}" if line else event.source.path
    raise fail(
        f"--now {timeparse.format_kept(now, tz)}",
        f"the time given is earlier than {what} ({timeparse.format_kept(latest, tz)}, {where})",
        "give a --now at or after that time; an earlier update belongs in the file by hand",
    )


def _dated_ahead(
    site: Site,
    event: Incident | Maintenance,
    what: str,
    when: datetime,
    now: datetime,
    shown: str,
    *,
    line: int = 0,
    later: tuple[datetime, str, int] | None = None,
) -> StatusgenError:
    """The refusal of an edit at `now` because `what` in the event's file (at `line`) is
    dated `when`, after it: a typo in that time most often, which the hint puts first, as
    a later --now would keep the pages as they are until then (`shown` says how). `later`:
    a moment after `when` an update must follow as well (the newest update, as _follows
    gives it), which the hint names, or a --now between the two is refused again."""
    tz = site.settings.input_tz
    after = "it"
    if later is not None:
        at, said, said_line = later
        where = f", line {said_line}" if said_line else ""
        after = f"{said} ({timeparse.format_kept(at, tz)}{where}), which comes later"
    return fail(
        event.source.path,
        f"{what} is dated {timeparse.format_kept(when, tz)}, after now "
        f"({timeparse.format_kept(now, tz)}): {shown}",
        "if that time is a typo, correct it in the file; otherwise give --now at or after "
        f"{after} (an update before it belongs in the file by hand)",
        line=line,
    )


def _refuse_resolution_ahead(site: Site, incident: Incident, now: datetime) -> None:
    """A resolution dated after `now` (a typo in its time, most often) leaves the incident
    open on every page until then; an edit at `now` could only go before it. Said as such,
    not as an incident already resolved or an update dated too early."""
    end = incident_end(incident)
    if end is None or now.astimezone(timezone.utc) >= end.astimezone(timezone.utc):
        return
    closing = final_resolution(incident.updates)
    if closing is None:  # resolved by `resolved_at`, written to the second
        line, what = 0, "resolved_at"
    else:
        update = incident.updates[closing]
        line, what = update.line, f"{update.state.label} update"
    # A postmortem after the resolution: a --now between the two would be refused again.
    follows = _follows(incident)
    later = follows if follows is not None and elapsed(end, follows[0]) > timedelta(0) else None
    raise _dated_ahead(
        site,
        incident,
        f"the incident's {what}",
        end,
        now,
        "the pages show the incident open until then",
        line=line,
        later=later,
    )


def _announces(event: Incident | Maintenance, state: IncidentState | MaintenanceState) -> bool:
    """Whether an update in `state` is an announcement or a reminder of a window, which
    writes no `status:` and leaves the one written as it is: a `status: scheduled` written
    with it would hold the window upcoming through its time and after it, and a reminder
    changes no window's state (status-rules.md)."""
    return isinstance(event, Maintenance) and state is MaintenanceState.SCHEDULED


def _ended(
    event: Incident | Maintenance, state: IncidentState | MaintenanceState, now: datetime
) -> bool:
    """Whether a `Completed` update at `now` comes after the end of a window without
    `status:`, and so writes none: the update completes it as it is, while the key would
    count from the window's last update before it (status-rules.md), holding a window the
    clock had ended open until `now`, and move the end every output keeps at the planned one."""
    return (
        isinstance(event, Maintenance)
        and event.explicit_state is None
        and state is MaintenanceState.COMPLETED
        and now > event.scheduled_until
    )


def _after(
    event: Incident | Maintenance, state: IncidentState | MaintenanceState | None, now: datetime
) -> IncidentState | MaintenanceState:
    """The state the pages give `event` at `now` after an update in `state` (None: the
    status left as it is). A window's announcement or reminder changes no state, so a window
    without `status:` stays with the clock, or with the update further on than it."""
    if state is not None and not _announces(event, state):
        return state
    if isinstance(event, Incident):
        return event.state
    return maintenance_state(event, now)


def _reminder_warning(
    site: Site,
    event: Incident | Maintenance,
    shown: IncidentState | MaintenanceState,
    now: datetime,
) -> str:
    """Why a `--status scheduled` update leaves a window in `shown`, and what would move it:
    an author who typed it most likely meant to postpone the window (_holding)."""
    assert isinstance(event, Maintenance)  # only a window's reminder is not its state
    said = f"the pages show this maintenance {shown.label.lower()}, not scheduled"
    why, how, _ = _holding(site, event)
    return f"{said} ({why}); to postpone the window, {how} in {event.source.path}"


def _holding(site: Site, event: Maintenance) -> tuple[str, str, int]:
    """Why the window stays where it is whatever `Scheduled` update follows, what to change
    to move it, and the line of the first thing holding it (0: the clock alone). It names
    everything that would still hold the window there once its times move: its `status:`
    line and every update that says more than `Scheduled` (a `Completed` one calls the
    window off, an `In progress` one starts it early, whatever comes after them)."""
    tz = site.settings.input_tz
    holding = [u for u in event.updates if u.state is not MaintenanceState.SCHEDULED]
    held: list[str] = []  # what holds the window, as the reason says it
    gone: list[str] = []  # the same, as the advice to remove it says it
    if event.explicit_state is not None:
        held.append(f"its `status: {event.explicit_state.value}` line")
        gone.append("that line")
    if holding:
        labels = " and ".join(dict.fromkeys(f"`{u.state.label}`" for u in holding))
        lines = " and ".join(str(u.line) for u in holding)
        many = len(holding) > 1
        held.append(
            f"its {labels} {'updates' if many else 'update'} (line{'s' if many else ''} {lines})"
        )
        gone.append("those updates" if many else "that update")
    if held:
        why = " and ".join(held) + (" say so" if len(held) > 1 or len(holding) > 1 else " says so")
        if holding:
            why += ", and a `Scheduled` one is a reminder"
        how = f"remove {' and '.join(gone)} and change scheduled_for and scheduled_until"
    else:
        start = timeparse.format_kept(event.scheduled_for, tz)
        end = timeparse.format_kept(event.scheduled_until, tz)
        why = f"by the clock, as its window is {start} to {end}"
        how = "change scheduled_for and scheduled_until"
    first = [line for line in (event.status_line, *(u.line for u in holding)) if line]
    return why, how, min(first, default=0)


def _refuse_back_on(site: Site, window: Maintenance) -> None:
    """A `Scheduled` update on a window called off is refused before anything is written:
    it undoes no call-off (status.called_off), so the pages, feeds and calendar would show
    the window cancelled with "Back on." as its newest words. What to remove is named, so
    that the update, run again, puts the window back on."""
    why, how, line = _holding(site, window)
    raise fail(
        window.source.path,
        f"this maintenance was called off ({why}): a `Scheduled` update would not put it back on",
        f"to put it back on, {how} in {window.source.path}, then run this update again",
        line=line,
        column=1 if line else 0,
    )


def _calls_off(site: Site, maintenance: Maintenance, now: datetime) -> bool:
    """Whether a `Completed` update appended at `now` calls the window off: the time its
    heading says (to the minute, _stamped) is before its work began (its start, or an
    update that started it early), so status.called_off holds once it is written and
    every output says so. A window already called off is not called off again."""
    written = _stamped(maintenance, now, site.settings.input_tz)
    begins = maintenance_started_at(maintenance, now)
    return not called_off(maintenance, now) and elapsed(written, begins) > timedelta(0)


def _cancel_hint(site: Site, maintenance: Maintenance, now: datetime) -> str:
    """The hint to `--status cancelled`: how the window is called off (call_off_hint), or,
    once its work has begun (at its start, or at an update that put it in progress early),
    that it can no longer be: `resolve`, as that hint says, would then complete it."""
    if called_off(maintenance, now) or _calls_off(site, maintenance, now):
        return call_off_hint(maintenance.slug)
    began = timeparse.format_kept(maintenance_started_at(maintenance, now), site.settings.input_tz)
    if maintenance_state(maintenance, now) is MaintenanceState.COMPLETED:
        return f"the window's work began at {began} and is over: it can no longer be called off"
    return (
        f"the window's work began at {began}, so it can no longer be called off; "
        f"`statusgen resolve {maintenance.slug}` marks it completed"
    )


def _started_past(start: datetime, tz: ZoneInfo, what: str, shown: str) -> str:
    """The warning for an event written to start in the past: `what` begins (the window
    starts), at `start`; `shown`, what the pages make of it and what to check."""
    return f"{what} in the past ({timeparse.format_kept(start, tz)}): {shown}"


def _ahead(now: datetime, clock: datetime | None, tz: ZoneInfo, what: str) -> tuple[str, ...]:
    """A warning when `now` is ahead of `clock`: the pages would not show the write until
    then, keeping a status page green through an outage typed with the wrong date."""
    if clock is None or not ahead_of(now, clock):
        return ()
    return (
        f"{what} in the future ({timeparse.format_kept(now, tz)}): "
        "pages will not show it until then; check --now if that was not meant",
    )


def _component_line(affected: dict[str, ComponentStatus]) -> str:
    return format_component_line({cid: s.value for cid, s in affected.items()}) if affected else ""


def _checked(site: Site, change: Change) -> Change:
    """The change, after the new bytes parse cleanly as the loader will read them."""
    _written(site, change)
    return change


def _written(site: Site, change: Change) -> Incident | Maintenance:
    """The incident or maintenance as `change` writes it, read as the loader will read it."""
    from statusgen.validate import ComponentNames, parse_event

    names = ComponentNames.of(site.groups, site.components, site.retired)
    event, diagnostics = parse_event(change.relpath, change.data, site.settings.input_zone, names)
    _raise(diagnostics)
    assert event is not None  # parse_event gives None only with an error
    return event


def added_warnings(site: Site, change: Change) -> Change:
    """`change`, with a warning for each of check's warnings for the file it writes that the
    file did not give before it (a secret in an alert's text, say): one a write gives is
    told by the command that wrote it, not first by the next `check`."""
    from statusgen.validate import ComponentNames, parse_event

    names = ComponentNames.of(site.groups, site.components, site.retired)
    zone = site.settings.input_zone

    def warned(data: bytes | None) -> list[tuple[Diagnostic, str]]:
        if data is None:
            return []
        lines = data.decode("utf-8", "replace").splitlines()
        return [
            # Told apart by the line they are on, not its number: a line added to the front
            # matter moves every warning below it.
            (d, lines[d.line - 1] if 0 < d.line <= len(lines) else "")
            for d in parse_event(change.relpath, data, zone, names)[1]
            if d.severity is Severity.WARNING
        ]

    # As many times as the file gave it before: a line written alike again (a private
    # key's `-----BEGIN … PRIVATE KEY-----`, pasted into a second update) is told anew.
    before = Counter((d.message, line) for d, line in warned(change.previous))
    told: list[str] = []
    for d, line in warned(change.data):
        if before[(d.message, line)] > 0:
            before[(d.message, line)] -= 1
            continue
        told.append(
            f"{d.location()}: {d.message}; {d.hint}" if d.hint else f"{d.location()}: {d.message}"
        )
    # Each once: ingest asks again of the incident that open_incident already told of.
    added = tuple(dict.fromkeys(w for w in told if w not in change.warnings))
    return replace(change, warnings=(*change.warnings, *added)) if added else change


def _raise(problems: Sequence[Diagnostic]) -> None:
    if any(d.severity is Severity.ERROR for d in problems):
        raise StatusgenError(problems)


def _title(title: str, problems: list[Diagnostic]) -> str:
    clean = edit.clean_title(title)
    # check's own test and words: a title only of zero-width spaces or direction marks
    # shows nothing, and a file written with it would be refused at its next check.
    if blank(clean):
        problems.append(
            Diagnostic(
                TITLE_ARGUMENT, 0, 0, "'title' must not be empty", "give a short title in quotes"
            )
        )
    return clean


def _choice(
    value: str,
    members: Sequence[E],
    where: str,
    problems: list[Diagnostic],
    closing: tuple[E, str] | None = None,
    unnamed: tuple[frozenset[str], str] | None = None,
) -> E | None:
    """The member `value` names: case, dashes and spaces do not matter, a unique prefix will do.

    `where` is the option as typed, to show where the problem is. A typo (or an everyday
    word, `fixed`) is reported with the closest name, a prefix of several members with the
    members it could be. `closing` is a member and what to add to the hint when that member
    is the guess (the command that writes it better, or what it does). `unnamed` is words
    that name no member, with the hint for them (how the thing they mean is written).
    """
    word = "_".join(value.strip().lower().replace("-", " ").split())
    names = [member.value for member in members]
    matches = [m for m in members if m.value == word] or [
        m for m in members if word and m.value.startswith(word)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        # `--status i`: a prefix of several; saying "not one of" would hide that it nearly is.
        candidates = [m.value for m in matches]
        could = f"{', '.join(candidates[:-1])} or {candidates[-1]}"
        message = f"'{value}' is ambiguous: it could be {could}"
        problems.append(Diagnostic(where, 0, 0, message, "type more of it"))
        return None
    # A typo of a short form (`majr` for `major`, which is accepted) is as close to the
    # name as the short form is: each name is matched by its first word too.
    forms = short_forms(names)
    close = close_matches(word, forms)
    guess = f"did you mean '{forms[close[0]]}'?" if close else ""
    if closing is not None and close and forms[close[0]] == closing[0].value:
        guess += f" {closing[1]}"
    if unnamed is not None and " ".join(value.lower().split()) in unnamed[0]:
        guess = unnamed[1]
    problems.append(Diagnostic(where, 0, 0, f"'{value}' is not one of: {', '.join(names)}", guess))
    return None


def _components(
    values: Sequence[str],
    site: Site,
    default: ComponentStatus,
    problems: list[Diagnostic],
    held: Mapping[str, ComponentStatus] | None = None,
    *,
    refused: str | None = None,
) -> dict[str, ComponentStatus]:
    """`-c ID[=STATUS]` values as id -> status; without a status, the one `held` gives the
    component (its status in the event being updated), else `default`. A retired component
    is reported when `refused` says what the event is (OPEN_INCIDENT, ...), as check does."""
    from statusgen.validate import ComponentNames  # as the files are checked, one wording

    names = ComponentNames.of(site.groups, site.components, site.retired)
    affected: dict[str, ComponentStatus] = {}
    given: dict[str, str] = {}  # id -> the -c value that set it, to name in a conflict
    for value in values:
        where = f"--component {value}"
        listed = _listed_changes(value, names)
        if "," not in value and not all(_known(item, names) for item in listed):
            # Words that are not each an id (`Group 01 Platform Services`, a group's name)
            # are one name mistyped or misplaced: `-c Group -c 01 ...` would name nothing.
            listed = [value]
        if len(listed) > 1:
            # `-c api,website=major_outage`, as the Incident workflow's form takes them.
            # Read as the workflow reads it, the status would go to website alone, and
            # nothing printed would tell an author who meant both down: show the form
            # that says so, and write nothing.
            typed = [_by_id(item, names) for item in listed]
            told = len(problems)
            # Each -c the hint gives is checked as if typed: one with a mistyped status or
            # component, or a component given two statuses, is told now (with its
            # did-you-mean), not when the hint is followed.
            statuses = dict(affected)
            named = dict(given)
            conflict = False
            hinted: list[str] = []  # each component once: a repeat adds nothing typed
            here: set[str] = set()
            for item, written in zip(typed, listed, strict=True):
                change = _change(item, where, names, default, problems, held, refused)
                if change is None:
                    hinted.append(item)
                    continue
                cid, chosen = change
                if cid in statuses and statuses[cid] is not chosen:
                    problems.append(_twice(where, cid, named[cid], written))
                    conflict = True
                    continue
                if cid not in here:
                    hinted.append(item)
                here.add(cid)
                statuses[cid] = chosen
                named[cid] = written
            if not conflict:
                # A hint that gives one component two statuses would fail when typed.
                hint = f"write {' '.join(f'-c {_shell_word(item)}' for item in hinted)}"
                if len(hinted) > 1:
                    message = f"one -c names one component, not {len(hinted)}"
                    hint += " (a status after '=' is for that component alone)"
                else:  # `-c "api, api"`: one component, named again
                    message = f"one -c names '{hinted[0].partition('=')[0].strip()}' twice"
                problems.insert(told, Diagnostic(where, 0, 0, message, hint))
            continue
        change = _change(value, where, names, default, problems, held, refused)
        if change is None:
            continue
        cid, chosen = change
        if cid in affected and affected[cid] is not chosen:
            problems.append(_twice(where, cid, given[cid], value))
            continue
        affected[cid] = chosen
        given[cid] = value
    return affected


def _twice(where: str, cid: str, first: str, second: str) -> Diagnostic:
    """The problem of component `cid` given different statuses by the `-c` changes `first`
    and `second` (one of them may name none: it means the status the component holds, or
    the command's default): which one was meant? Keeping the last would publish a guess."""
    if _with_status(first) and _with_status(second):
        return Diagnostic(
            where,
            0,
            0,
            f"component '{cid}' is given two statuses: {first} and {second}",
            "give each component once, with the status it has now",
        )
    # One of them names no status: the other one's is the only status given.
    meant = first if _with_status(first) else second
    return Diagnostic(
        where,
        0,
        0,
        f"component '{cid}' is named twice: {first} and {second}",
        f"give it once: -c {_shell_word(meant)}",
    )


def _with_status(change: str) -> bool:
    """Whether a `-c` change gives its component a status (`api=major_outage`)."""
    return "=" in change


def _change(
    value: str,
    where: str,
    names: ComponentNames,
    default: ComponentStatus,
    problems: list[Diagnostic],
    held: Mapping[str, ComponentStatus] | None,
    refused: str | None,
) -> tuple[str, ComponentStatus] | None:
    """The (id, status) one `-c ID[=STATUS]` value gives (see _components); None, with its
    problems added to `problems` under `where`, when it names no component or no status."""
    cid, _, status = (part.strip() for part in value.partition("="))
    problem = names.problem(cid)
    if problem is None and refused is not None:
        problem = names.retired_problem(cid, refused)
    if problem is not None:
        before, colon, after = cid.partition(":")
        if colon and after.strip() and not status and names.problem(before.strip()) is None:
            # `-c api:major_outage`: the status after a colon, as YAML writes it; the id
            # is known, so the change meant is plain, its status as -c takes it (`api:down`
            # is `api=major_outage`: `api=down` would be refused in turn).
            said = meant_name(after.strip(), [s.value for s in ComponentStatus])
            if said is None:
                valid = ", ".join(s.value for s in ComponentStatus)
                hint = f"a status follows '=', one of {valid}: -c {before.strip()}=STATUS"
            else:
                hint = f"a status follows '=': write -c {_shell_word(f'{before.strip()}={said}')}"
            problem = (problem[0], hint)
        problems.append(Diagnostic(where, 0, 0, *problem))
    # The status is checked even for an unknown component: every problem in one run.
    chosen = (
        _choice(status, tuple(ComponentStatus), where, problems)
        if status
        else (held or {}).get(cid, default)
    )
    if chosen is None or problem is not None:
        return None
    return cid, chosen


def _one_titled(value: str, names: ComponentNames) -> bool:
    """Whether a `-c` value is one component named as the page shows it, with a space
    (`Payments Gateway=major`): one component typed as a reader sees it, not a list of
    two unknown ones, so it goes on to be answered with its id, as a one-word name is."""
    name, _, status = value.partition("=")
    return names.titled(name) is not None and _one_status(status)


def _one_spaced(value: str) -> bool:
    """Whether a `-c` value is one id with a status written with spaces (`api=major
    outage`), as statuses may be written: not two components, the second named `outage`."""
    cid, equals, status = value.partition("=")
    return bool(equals) and len(change_items(cid)) == 1 and _one_status(status)


def _listed_changes(value: str, names: ComponentNames) -> list[str]:
    """The changes a list in one `-c` value names, one `-c` each. Written with commas, the
    list is split at its commas alone: each change kept whole as typed (`api=partial
    outages`, a mistyped status, is one change, not `api=partial` and a component named
    `outages`). Without a comma, spaces end a change (`api=up web=up`, as
    timeline.change_items reads a Components line), except inside the longest run of words
    that is still one change: a status written with spaces (`api=major outage`) or a
    component named as the page shows it (`Card payments=major outage`)."""
    if "," in value:
        return [_spaced_once(part) for part in value.split(",") if part.strip()]
    words = change_items(value)
    listed: list[str] = []
    start = 0
    while start < len(words):
        end = next(
            end
            for end in range(len(words), start, -1)
            if _one_change(" ".join(words[start:end]), names)
        )
        listed.append(" ".join(words[start:end]))
        start = end
    return listed


def _known(change: str, names: ComponentNames) -> bool:
    """Whether the component or group a change names is known by its id, or is a
    component named as the page shows it (`Card payments`), which _by_id gives by its id."""
    name = change.partition("=")[0].strip()
    return names.knows(name) or names.titled(name) is not None


def _spaced_once(change: str) -> str:
    """`change` as a `-c` writes it: no space around its `=`, one between words."""
    name, equals, status = change.partition("=")
    return f"{' '.join(name.split())}{equals}{' '.join(status.split())}"


def _one_change(text: str, names: ComponentNames) -> bool:
    """Whether `text`, with no comma, is one change: one word, one status written with
    spaces, or one component named as the page shows it."""
    return len(change_items(text)) == 1 or _one_spaced(text) or _one_titled(text, names)


def _by_id(change: str, names: ComponentNames) -> str:
    """`change` with a component named as the page shows it (`Card payments`) given by
    its id instead (`card-payments`), as a `-c` must name it to be taken. A name two
    components share (`API` in two groups) is kept, to be told both ids: either is a guess."""
    name, equals, status = change.partition("=")
    if name in names.ids:
        return change
    named = names.named(name)
    return f"{named[0]}{equals}{status}" if len(named) == 1 else change


def _shell_word(text: str) -> str:
    """`text` as one word for the shell, in double quotes as the documentation writes
    them (`"api=major outage"`) where those keep it as typed, else quoted as shlex does."""
    if shlex.quote(text) == text:
        return text
    return f'"{text}"' if not set(text) & set('"$`\\!') else shlex.quote(text)


def _one_status(text: str) -> bool:
    """Whether `text`, after a `-c` value's `=`, is one status: one word, or words that
    name a status together (`major outage`, `under maint`), as _choice reads them."""
    if len(change_items(text)) <= 1:
        return True
    if "=" in text or "," in text:  # a list of changes (`major web=down`), never one status
        return False
    return _choice(text, tuple(ComponentStatus), "", []) is not None


# The message a change is planned with before its author has written one.
_UNWRITTEN = "The message is being written."


def refuse_before_message(plan: Callable[[str], Change]) -> None:
    """Raise what `plan` (the change a command makes, given its message) refuses for
    anything but the message, planned with a stand-in: run before an editor opens, so a
    component id, a time or a state mistyped does not cost the author their text."""
    plan(_UNWRITTEN)


def refuse_duplicate(
    root: Path, title: str, now: datetime, *, component: str | None = None
) -> None:
    """Raise, as open_incident would, when an incident titled `title` opened the day of
    `now` is still open: run before an editor opens, so no message is written in vain.
    With `component`, only an incident naming that component counts."""
    site = _site(root)
    problems: list[Diagnostic] = []
    clean = _title(title, problems)
    _raise(problems)
    _refuse_duplicate(site, clean, now, component)


def _refuse_duplicate(site: Site, title: str, now: datetime, component: str | None = None) -> None:
    """Raise when an open incident with the same title (case, spacing and Unicode form
    aside) started the same day as `now`, in the site's timezone: most likely one incident
    reported twice. With `component`, one naming other components only is another outage
    (a title is all a person typed; the components say what is down)."""
    tz = site.settings.tz
    day = now.astimezone(tz).date()
    wanted = title_key(title)
    for incident in _with_drafts(site):  # a draft is being written: as open as any
        if (
            incident.is_open
            and incident.started_at.astimezone(tz).date() == day
            and title_key(incident.title) == wanted
            and (component is None or component in listed_components(incident, site))
        ):
            which = "an open draft incident" if incident.draft else "an open incident"
            raise fail(
                incident.source.path,
                f"{which} with this title was opened the same day: '{incident.title}'",
                f"{_draft_hint(incident)}add to it with `statusgen update {incident.slug} "
                "-m ...`, or pass --again if this is a second, separate incident",
            )


def _refuse_duplicate_window(
    site: Site, title: str, start: datetime, end: datetime, now: datetime
) -> None:
    """Raise when a window with the same title (as _refuse_duplicate compares them), not
    completed or called off by `now`, overlaps `start`..`end`: most likely one window
    scheduled twice (a double Enter), which every page, calendar and channel would tell
    twice."""
    tz = site.settings.input_tz
    wanted = title_key(title)
    drafts = (d for d in site.drafts if isinstance(d, Maintenance))
    for window in (*site.maintenances, *drafts):
        if (
            title_key(window.title) == wanted
            and maintenance_state(window, now) is not MaintenanceState.COMPLETED
            and window.scheduled_for < end
            and start < window.scheduled_until
        ):
            which = "a draft maintenance" if window.draft else "a maintenance"
            raise fail(
                window.source.path,
                f"{which} with this title is already scheduled for this time: "
                f"'{window.title}', {timeparse.format_kept(window.scheduled_for, tz)} until "
                f"{timeparse.format_kept(window.scheduled_until, tz)}",
                f"{_draft_hint(window)}add to it with `statusgen update {window.slug} "
                "-m ...`, or pass --again if this is a second, separate window",
            )


def _draft_hint(event: Incident | Maintenance) -> str:
    """The start of a refusal's hint for a draft: adding to it publishes nothing."""
    if not event.draft:
        return ""
    return (
        "it is a draft, which no page shows: to publish it, remove `draft: true` from its "
        "front matter; "
    )


def _draft_warning(event: Incident | Maintenance, what: str) -> tuple[str, ...]:
    """A warning when `event` is a draft: `what` the command wrote is published nowhere,
    which an author sent to it by a hint (`new` refused for it) would not know."""
    if not event.draft:
        return ()
    return (
        f"{event.source.path} is a draft: {what} is written, but no page, feed or API shows "
        "it; to publish it, remove `draft: true` from its front matter",
    )


def _window_words(site: Site, start: datetime, end: datetime) -> str:
    """The window from `start` to `end` as the authoring commands say it, with weekdays: in
    input_timezone, and, where pages show another zone, in that one too."""
    settings = site.settings
    said = (
        f"{timeparse.format_day(start, settings.input_tz)}"
        f" until {timeparse.format_day(end, settings.input_tz)}"
    )
    if settings.input_zone != settings.timezone:
        # Read in input_timezone, the window is another hour on the page: say that one too,
        # so that an author who meant the page's zone sees the hour readers will.
        said += (
            f"; pages show it in {settings.timezone}:"
            f" {timeparse.format_day(start, settings.tz)}"
            f" until {timeparse.format_day(end, settings.tz)}"
        )
    return said


def _window(
    start: str, end: str, now: datetime, tz: ZoneInfo, problems: list[Diagnostic]
) -> list[datetime]:
    """`--start` and `--end` as times (the end read after the start); each one that does
    not parse is left out and reported in `problems`."""
    window: list[datetime] = []
    for option, value in (("--start", start), ("--end", end)):
        try:
            after = window[0] if option == "--end" and window else None
            window.append(timeparse.parse_when(value, now=now, tz=tz, after=after))
        except ValueError as error:
            problems.append(Diagnostic(f"{option} {value}", 0, 0, str(error)))
    return window


def _titled(typed: str, events: Sequence[Incident | Maintenance]) -> list[str]:
    """The slugs of the events whose title is `typed`: as written, else case, spacing and
    Unicode form aside."""
    exact = sorted(e.slug for e in events if e.title == typed.strip())
    return exact or sorted(e.slug for e in events if title_key(e.title) == title_key(typed))


def _with_drafts(site: Site) -> list[Incident]:
    """The site's incidents, drafts too: the commands act on what the author wrote."""
    return [*site.incidents, *(d for d in site.drafts if isinstance(d, Incident))]


def _new_path(root: Path, day: str, title: str, fallback: str, taken: Collection[str] = ()) -> str:
    """content/incidents/<day>-<slug>.md, with -2, -3, … when that name is taken (by a file,
    or one of the paths `taken`)."""
    base = f"{day}-{edit.slugify(title, fallback)}"
    name, number = base, 1
    while (root / incident_file(name)).exists() or incident_file(name) in taken:
        number += 1
        name = f"{base}-{number}"
    return incident_file(name)
