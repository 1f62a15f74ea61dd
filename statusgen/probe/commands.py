"""What `statusgen probe` and `statusgen record` do, as library calls the CLI wraps."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from statusgen.config import parse_settings
from statusgen.errors import Diagnostic, Severity, StatusgenError
from statusgen.layout import (
    COMPONENTS_FILE,
    INCIDENTS_DIR,
    MONITOR_DATA_DIR,
    MONITORS_FILE,
    SETTINGS_FILE,
)
from statusgen.load.fields import did_you_mean, known_list
from statusgen.measured import data_marks_judged
from statusgen.model import Check, CheckResult, Maintenance, Monitor, MonitorData, Settings, Site
from statusgen.probe import store
from statusgen.probe.config import parse_monitors, undeclared_data
from statusgen.probe.runner import probed, run_all

if TYPE_CHECKING:  # the follow-up is imported when it runs: a probe alone needs none of it
    from statusgen.probe.incidents import FollowedUp


@dataclass(frozen=True)
class MonitorSite:
    """The parts of a site that probing needs: a broken incident file must not stop it."""

    root: Path
    settings: Settings
    monitors: tuple[Monitor, ...]
    declared: bool = True  # False: there is no content/monitors.yaml (no monitors yet)


def load_monitor_site(root: Path) -> MonitorSite:
    """Settings, components and monitors; raises StatusgenError with every problem found."""
    from statusgen.validate import ComponentNames, parse_components

    diagnostics: list[Diagnostic] = []
    settings = None
    names: ComponentNames | None = None
    from statusgen.load.files import InputError, read_input

    relpath = SETTINGS_FILE
    try:
        settings, problems = parse_settings(read_input(root / relpath))
        diagnostics += problems
        relpath = COMPONENTS_FILE
        catalog, problems = parse_components(read_input(root / relpath))
        diagnostics += problems
        names = (
            ComponentNames.of(
                catalog.groups,
                catalog.components,
                catalog.retired,
                catalog.nested,
                catalog.misread,
            )
            if catalog
            else None
        )
        relpath = MONITORS_FILE
        try:
            monitors_bytes: bytes | None = read_input(root / relpath)
        except FileNotFoundError:
            # A site without monitors made no mistake, as check and build read it: the
            # commands say there are none and how to declare some, as for an empty file.
            monitors_bytes = None
    except InputError as error:  # a FIFO, a device, a runaway size: never read
        raise StatusgenError([*diagnostics, error.diagnostic(relpath)]) from None
    except FileNotFoundError as error:
        relpath = Path(str(error.filename)).relative_to(root).as_posix()
        hint = "run statusgen in the site's folder or pass -C DIR"
        problem = Diagnostic(relpath, 0, 0, "file not found", hint)
        raise StatusgenError([*diagnostics, problem]) from None
    except OSError as error:
        raise StatusgenError(
            [*diagnostics, Diagnostic(str(error.filename), 0, 0, f"cannot read: {error.strerror}")]
        ) from None
    monitors: tuple[Monitor, ...] = ()
    if monitors_bytes is not None:
        monitors, problems = parse_monitors(monitors_bytes, names)
        diagnostics += problems
    if diagnostics or settings is None:
        raise StatusgenError(sorted(set(diagnostics)))
    return MonitorSite(root, settings, monitors, declared=monitors_bytes is not None)


# Where a site with no monitors is sent to add some, by every command that finds none.
_HOW_TO_DECLARE = 'to add some, see "Declaring monitors" in docs/monitors.md'


def _none_declared(site: MonitorSite) -> str:
    """Why a site has no monitors, for the messages that say so."""
    return (
        f"{MONITORS_FILE} declares none yet"
        if site.declared
        else f"there is no {MONITORS_FILE} yet"
    )


class UnknownMonitor(ValueError):
    """A monitor named on the command line that the site does not declare: a mistake in
    the command, not in content/monitors.yaml, so the CLI reports it as a usage error."""


def _select(site: MonitorSite, only: Sequence[str]) -> list[Monitor]:
    """The monitors named in `only` (all, when none is), for `record`, which records any."""
    known = {m.id: m for m in site.monitors}
    unknown = [name for name in only if name not in known]
    if unknown:
        listed = known_list(sorted(known)) or f"none, {_none_declared(site)}; {_HOW_TO_DECLARE}"
        raise UnknownMonitor(f"{_no_monitor(unknown, known)}monitors: {listed}")
    # A name given twice is one monitor: run, recorded, listed and counted once.
    return [known[name] for name in dict.fromkeys(only)] if only else list(site.monitors)


def _select_probed(site: MonitorSite, only: Sequence[str]) -> list[Monitor]:
    """The monitors `probe` runs among those named in `only` (all, when none is). A name
    it cannot run is a usage error that offers only the ones it can: a heartbeat's runs
    are recorded by its own job, and `probe` naming one would record nothing."""
    runnable = {m.id: m for m in probed(site.monitors)}
    beats = [m.id for m in site.monitors if m.id not in runnable]
    unknown = [name for name in only if name not in runnable and name not in beats]
    named_beats = [name for name in dict.fromkeys(only) if name in beats]
    said: list[str] = []
    if unknown:
        listed = known_list(sorted(runnable)) or (
            f"none, only heartbeats ({known_list(beats)}), recorded with `statusgen record`"
            if beats
            else f"none, {_none_declared(site)}; {_HOW_TO_DECLARE}"
        )
        said.append(f"{_no_monitor(unknown, runnable)}monitors probe runs: {listed}")
    said += [
        f"'{name}' is a heartbeat, which probe does not run: its job records each run "
        f"with `statusgen record {name} --up` (or `--down`)"
        for name in named_beats
    ]
    if said:
        raise UnknownMonitor("; ".join(said))
    return [runnable[name] for name in dict.fromkeys(only)] if only else list(runnable.values())


def _no_monitor(unknown: Sequence[str], known: Collection[str]) -> str:
    """ "no monitor 'x'; did you mean 'y'? " for the names in `unknown`, offering `known`."""
    names = ", ".join(f"'{name}'" for name in unknown)
    close = "".join(did_you_mean(name, known) for name in unknown)
    return f"no monitor {names}; {close}"


@dataclass(frozen=True)
class Probed:
    """A monitor's run as `probe` made it, and whether, muted, it counts all the same."""

    monitor: Monitor
    check: Check
    # Muted only by windows that some page showing its component does not show: that page
    # counts it, as up or down (audience.counted_somewhere).
    counted: bool = False


def probe(
    root: Path,
    only: Sequence[str] = (),
    *,
    save: bool = True,
    clock: Callable[[], datetime] | None = None,
    warned: list[Diagnostic] | None = None,
    failed: list[Diagnostic] | None = None,
) -> list[Probed]:
    """Run the monitors (all probed ones, or those named) and record their results (with
    `save`; without, the results as they would be recorded); runs held from a clock that
    ran ahead are dropped, a warning for each monitor in `warned`. With `failed`, a data
    file that cannot be read is told there and its monitor left out of the results, the
    others recorded (store.record)."""
    site = load_monitor_site(root)
    monitors = _select_probed(site, only)
    checks = run_all(monitors, clock)
    pages: Site | None = None
    if checks:
        pages = windows_site(root, warned)
        windows = pages.maintenances if pages is not None else ()
        checks = {m.id: muted(checks[m.id], m, windows) for m in monitors if m.id in checks}
    if save and checks:
        tz, days = site.settings.tz, site.settings.history_days
        dropped: dict[str, int] = {}
        now = max(c.at for c in checks.values())  # the probes' own clock
        new = {mid: [check] for mid, check in checks.items()}
        measures = {m.id: m.component_id for m in monitors}

        def judged(data: MonitorData) -> MonitorData:
            return data_marks_judged(data, measures[data.monitor_id], windows, tz)

        written = store.record(
            root,
            new,
            tz,
            days,
            components=measures,
            now=now,
            dropped=dropped,
            judged=judged,
            failed=failed,
        )
        if warned is not None:
            warned.extend(_dropped(mid, count) for mid, count in dropped.items())
        monitors = [m for m in monitors if m.id in written]
    return [Probed(m, checks[m.id], _counted(checks[m.id], m, pages)) for m in monitors]


def _counted(check: Check, monitor: Monitor, pages: Site | None) -> bool:
    from statusgen.audience import counted_somewhere

    return pages is not None and counted_somewhere(
        pages, monitor.component_id, check.muted_by, check.at
    )


def maintenance_windows(root: Path, warned: list[Diagnostic] | None) -> tuple[Maintenance, ...]:
    """The site's maintenance windows, which mute the runs made in them (windows_site)."""
    site = windows_site(root, warned)
    return site.maintenances if site is not None else ()


def windows_site(root: Path, warned: list[Diagnostic] | None) -> Site | None:
    """The site as far as it can be read: its maintenance windows, which mute the runs
    made in them, and the pages that show them; a warning in `warned` for each incident
    file that cannot be read (a window it holds mutes nothing), as a broken incident file
    must not stop the probes. Read through the build's cache: a heartbeat at 10,000
    incidents would otherwise parse every file on every run."""
    from statusgen.incremental.site import check_site

    site, diagnostics = check_site(root, with_errors=True)
    broken = sorted(
        {
            d.path
            for d in diagnostics
            if d.severity is Severity.ERROR and d.path.startswith(f"{INCIDENTS_DIR}/")
        }
    )
    if warned is not None:
        warned.extend(
            Diagnostic(
                path,
                0,
                0,
                "has errors, so a maintenance window it declares mutes nothing: runs are "
                "recorded as counted, up or down",
                "run `statusgen check` to see them, and correct the file",
                Severity.WARNING,
            )
            for path in broken
        )
    return site


def muted(check: Check, monitor: Monitor, windows: Sequence[Maintenance]) -> Check:
    """The run, muted when a maintenance window showed the monitor's component under
    maintenance at the run's time, by the rule that keeps a mark already made
    (status.marking_windows: an end written to the minute covers that minute), so a run
    is muted alike whether it arrives before or after `resolve` writes the end. When every
    such window names its pages, the run keeps their names: only a page showing one of
    them mutes it."""
    from statusgen.status import marking_windows

    showing = marking_windows(windows, monitor.component_id, check.at)
    muting = [w for w in windows if w.slug in showing]
    if not muting:
        return check
    if any(not w.audiences for w in muting):
        return replace(check, muted=True)  # shown on every page that shows the component
    return replace(check, muted=True, muted_by=tuple(sorted({w.slug for w in muting})))


def _muted_runs(
    data: MonitorData, monitor: Monitor, windows: Sequence[Maintenance], *, held: MonitorData
) -> MonitorData:
    """Another copy's runs, each without a mark muted by the rule `record` follows. A run
    `held` already as it came is left as it came: marked now, it would be kept twice."""
    if not windows:
        return data
    ours = set(held.checks)
    checks = tuple(c if c.muted or c in ours else muted(c, monitor, windows) for c in data.checks)
    return replace(data, checks=checks)


def _dropped(monitor_id: str, count: int) -> Diagnostic:
    return Diagnostic(
        f"{MONITOR_DATA_DIR}/{monitor_id}.json",
        0,
        0,
        f"dropped {count} run(s) dated in the future: a clock that ran ahead recorded them, "
        "and they would have pruned every run recorded since",
        "check the clock of the machine that probes or records this monitor",
        Severity.WARNING,
    )


def open_incidents(root: Path, now: datetime, *, commit: bool) -> FollowedUp:
    """Open or update the incidents that monitors with `open_incident_after` call for."""
    from statusgen.probe.incidents import follow_up

    return follow_up(root, {}, now, commit=commit)


def record(
    root: Path,
    monitor_id: str,
    *,
    up: bool,
    at: datetime,
    latency_ms: int | None = None,
    message: str = "",
    now: datetime | None = None,
    machine: datetime | None = None,
    warned: list[Diagnostic] | None = None,
) -> tuple[Monitor, MonitorData, bool]:
    """Record one run reported from elsewhere (a heartbeat, or a check run elsewhere); the
    monitor, its data, and whether the run was added (False: the same run was held). Runs
    held from a clock that ran ahead of `machine`, this machine's time, are dropped, with a
    warning in `warned`; `now`, the run's clock (by default `machine`), is what the 48
    hours held count back from.

    A run that cannot be added, being older than the runs already pruned, raises a
    StatusgenError: a heartbeat lost without a word would look like a job that stopped.
    """
    site = load_monitor_site(root)
    (monitor,) = _select(site, [monitor_id])
    note = store.one_line(message)
    if len(note) > store.MESSAGE_LIMIT and warned is not None:
        warned.append(_shortened(len(note)))
    check = Check(
        at=at.astimezone(timezone.utc),
        result=reported_result(monitor, up, latency_ms),
        latency_ms=latency_ms,
        message=store.run_message(note),
    )
    windows = maintenance_windows(root, warned)
    check = muted(check, monitor, windows)
    tz, days = site.settings.tz, site.settings.history_days
    with store.locked(root):
        # Marks an older release made are judged before the runs are counted and go.
        data = data_marks_judged(store.load(root, monitor.id), monitor.component_id, windows, tz)
        machine = machine or datetime.now(timezone.utc)
        # Runs a clock pinned earlier (SOURCE_DATE_EPOCH) did not reach yet are no clock's
        # mistake: only this machine's time tells which runs came from the future.
        data, dropped = store.drop_ahead(data, machine, tz)
        skipped = store.skipped(data, check)
        if skipped is not store.Skipped.RECORDED and store.past_window(data, check, now or machine):
            # Whatever the file holds: a file of fewer than RAW_MIN runs would keep it only
            # until the next runs, and then refuse its retry; refused now, the job's first
            # report and its retry agree.
            raise StatusgenError([_past_window(monitor, check)])
        if skipped is store.Skipped.PRUNED:
            assert data.pruned_before is not None
            raise StatusgenError([_too_old(monitor, check, data.pruned_before)])
        if skipped is None:
            data = store.add_checks(data, [check], tz, days)
            data = store.measured_for(data, monitor.component_id)
        if skipped is None or dropped:
            store.save(root, data)
        if dropped and warned is not None:
            warned.append(_dropped(monitor.id, dropped))
    return monitor, data, skipped is None


def reported_result(monitor: Monitor, up: bool, latency_ms: int | None) -> CheckResult:
    """What a run reported from elsewhere counts as: a run that worked but took longer
    than the monitor's `slow_ms` is degraded, as a probe's slow answer is."""
    if not up:
        return CheckResult.DOWN
    if latency_ms is not None and latency_ms > (monitor.slow_ms or latency_ms):
        return CheckResult.DEGRADED
    return CheckResult.UP


def _shortened(length: int) -> Diagnostic:
    return Diagnostic(
        "--message",
        0,
        0,
        f"shortened to its first {store.MESSAGE_LIMIT} characters (of {length}): the rest is "
        "not recorded",
        "give a short note; a longer report belongs in the job's own log",
        Severity.WARNING,
    )


def _past_window(monitor: Monitor, check: Check) -> Diagnostic:
    hours = store.RAW_WINDOW // timedelta(hours=1)
    return Diagnostic(
        f"{MONITOR_DATA_DIR}/{monitor.id}.json",
        0,
        0,
        f"run at {store.utc_text(check.at)} not recorded: it is older than the {hours} "
        "hours of runs held, so a retry of this step could not tell it was counted",
        _RECORD_SOON,
    )


_RECORD_SOON = (
    "record a run soon after it happens: runs are held "
    f"{store.RAW_WINDOW // timedelta(hours=1)} hours, then only counted"
)


def _too_old(monitor: Monitor, check: Check, pruned_before: datetime) -> Diagnostic:
    utc = store.utc_text
    return Diagnostic(
        f"{MONITOR_DATA_DIR}/{monitor.id}.json",
        0,
        0,
        f"run at {utc(check.at)} not recorded: runs up to {utc(pruned_before)} were "
        "already counted into their day and dropped, and this one may be among them",
        _RECORD_SOON,
    )


def merge_from(
    root: Path, folder: Path, now: datetime, warned: list[Diagnostic] | None = None
) -> list[str]:
    """Add the runs recorded in another copy of the data folder (an overlapping run's);
    the ids of the monitors whose files changed.

    A copy with a run dated after `now` (and CLOCK_SKEW) is refused whole, each such run
    at its line, as `record --at` refuses one: nothing is merged. Runs of our own from a
    clock that ran ahead are dropped, with a warning in `warned`. Their runs without a
    mark are muted where `record` would have muted them (`muted`). A file whose runs
    measured another component than ours records (or the monitor checks) is not merged,
    with a warning in `warned`: they would count for our component without a word."""
    site = load_monitor_site(root)
    tz, days = site.settings.tz, site.settings.history_days
    changed: list[str] = []
    windows = maintenance_windows(root, warned)
    declared = {monitor.id: monitor for monitor in site.monitors}
    # Every data file of the copy, not only the declared monitors': a file left behind by a
    # rename holds runs that would be lost without a word.
    names = sorted(p.name for p in folder.glob("*.json") if not p.name.startswith("."))
    with store.locked(root):
        incoming: list[tuple[Monitor, MonitorData]] = []
        problems: list[Diagnostic] = []
        for name in names:
            path = folder / name
            monitor_id = path.stem
            data = path.read_bytes()
            found: list[Diagnostic] = []  # every problem of every file in one run
            copy: MonitorData | None = None
            try:
                copy = store.loads(data, str(path), monitor_id)
            except StatusgenError as error:
                found += error.diagnostics
            found += store.runs_ahead(data, str(path), now)
            problems += sorted(found, key=lambda d: (d.line, d.column))
            if copy is None or found:
                continue
            if monitor_id in declared:
                incoming.append((declared[monitor_id], copy))
            elif warned is not None:
                copied = [Path(other).stem for other in names]
                lost = "its runs were not merged"
                warned.append(undeclared_data(str(path), str(folder), site.monitors, copied, lost))
        if problems:
            raise StatusgenError(problems)
        for monitor, theirs in incoming:
            ours = data_marks_judged(
                store.load(root, monitor.id), monitor.component_id, windows, tz
            )
            # Runs measured for another component would count for ours without a word:
            # only the author knows which component they speak for.
            expected = ours.component_id or monitor.component_id
            if theirs.component_id not in (None, expected):
                if warned is not None:
                    path = folder / f"{monitor.id}.json"
                    warned.append(_measured_elsewhere(path, theirs, ours, expected))
                continue
            # Both sides' marks judged alike, or one run would be held twice, 1 ms apart.
            theirs = data_marks_judged(theirs, monitor.component_id, windows, tz)
            theirs = _muted_runs(theirs, monitor, windows, held=ours)
            kept, dropped = store.drop_ahead(ours, now, tz)
            if dropped and warned is not None:
                warned.append(_dropped(monitor.id, dropped))
            merged = store.merge(theirs, into=kept, tz=tz, history_days=days)
            merged = store.measured_for(merged, monitor.component_id)
            if merged != ours:
                store.save(root, merged)
                changed.append(monitor.id)
    return changed


def _measured_elsewhere(path: Path, theirs: MonitorData, ours: MonitorData, now: str) -> Diagnostic:
    """The warning for a copy's data file (at `path`) whose runs measured another component
    than ours records, or than the monitor checks (`now`) when ours records none: its runs
    are not merged."""
    relpath = f"{MONITOR_DATA_DIR}/{theirs.monitor_id}.json"
    where = (
        f"{relpath} records '{now}'"
        if ours.component_id is not None
        else f"{MONITORS_FILE} has it check '{now}'"
    )
    return Diagnostic(
        str(path),
        0,
        0,
        f"data for the monitor '{theirs.monitor_id}' measured component "
        f"'{theirs.component_id}', but {where}: its runs were not merged",
        f'if the runs did measure \'{now}\', write "component": "{now}" in {path} and '
        f"merge again; if they are the old record of '{theirs.component_id}', delete the file",
        Severity.WARNING,
        also=(relpath if ours.component_id is not None else MONITORS_FILE,),
    )


def results_table(results: Sequence[Probed]) -> str:
    """One aligned line per monitor: id, result, latency, what it saw."""
    from statusgen.render.terminal import printable

    rows = [
        (
            r.monitor.id,
            f"{r.check.result.value} ({_muted_where(r)})"
            if r.check.muted
            else r.check.result.value,
            "-" if r.check.latency_ms is None else f"{r.check.latency_ms} ms",
            # The message quotes what a server said: never let it drive the terminal.
            printable(r.check.message),
        )
        for r in results
    ]
    if not rows:
        return ""  # nothing_probed says why
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(3)), r[3]]).rstrip() for r in rows]
    # A run muted on some pages alone is an outage on the others: counted as down.
    down = sum(r.check.result is CheckResult.DOWN and not _muted_everywhere(r) for r in results)
    quiet = sum(_muted_everywhere(r) for r in results)
    # A muted failure is planned work, not an outage: counted apart, as the pages do.
    muted_part = f", {quiet} muted by maintenance" if quiet else ""
    lines.append(f"{len(rows)} probed, {down} down{muted_part}")
    return "\n".join(lines) + "\n"


def _muted_everywhere(result: Probed) -> bool:
    """Whether the run is muted on every page that shows its component: by a window for
    every page, or by windows that between them each such page shows."""
    return result.check.muted and not result.counted


def _muted_where(result: Probed) -> str:
    """Where a muted run is muted: everywhere, or on the pages its windows name."""
    if _muted_everywhere(result):
        return "muted"
    return f"muted on the pages of {', '.join(result.check.muted_by)}"


def nothing_probed(root: Path, only: Sequence[str] = ()) -> str:
    """What a probe that ran no monitor (of those named in `only`, if any) says: why,
    from what the site declares."""
    site = load_monitor_site(root)
    monitors = _select(site, only)  # heartbeats only, if any
    if not monitors:
        return f"No monitors: {_none_declared(site)}; {_HOW_TO_DECLARE}.\n"
    beats = known_list([m.id for m in monitors])
    return (
        f"No monitors to probe: {len(monitors)} heartbeat(s) ({beats}), "
        "recorded with `statusgen record`.\n"
    )


def results_json(results: Sequence[Probed]) -> str:
    """The results for scripts: a list of objects, in monitor order."""
    import json

    return (
        json.dumps(
            [
                {
                    "monitor": r.monitor.id,
                    "component": r.monitor.component_id,
                    "at": r.check.at.isoformat().replace("+00:00", "Z"),
                    "result": r.check.result.value,
                    "latency_ms": r.check.latency_ms,
                    "message": r.check.message,
                    "muted": r.check.muted,
                    "muted_by": list(r.check.muted_by),
                }
                for r in results
            ],
            indent=2,
        )
        + "\n"
    )
