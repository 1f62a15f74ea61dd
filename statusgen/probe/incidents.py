"""Optional, per monitor (`open_incident_after: K`): open an incident when a monitor has
been in a major outage for K consecutive runs, and post a `monitoring` update once its
last K runs answered again, so that a person can confirm and resolve it.

The incident is the component's: a second monitor of the component that fails while it
is open joins it (an update naming the monitor) rather than opening another, and the
`monitoring` update waits until every monitor that failed for it answers again and none of
the component's monitors, with the key or without, is in a major outage.

Only the authoring library's own functions write the files, so an incident opened here
is exactly one a person could have opened with `statusgen new incident`. An incident
belongs to the monitors that opened or joined it, each known by the first line of its
update, for as long as any of them still opens incidents: the one that opened it may
leave `content/monitors.yaml` while one that joined it follows it up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from statusgen.errors import StatusgenError
from statusgen.layout import MONITORS_FILE
from statusgen.load.text import title_key
from statusgen.model import (
    UNCONFIRMED_FIX_STATES,
    Check,
    Incident,
    IncidentState,
    Monitor,
    MonitorData,
    Site,
)

if TYPE_CHECKING:
    from statusgen.authoring.events import Change

# An update's time is written to the minute: a run in the minute a resolution names may
# have come before it, so only runs from the next minute on are known to be after it.
_WRITTEN_TO = timedelta(minutes=1)


# The first lines by which an incident names the monitors that failed for it: the one that
# opened it and each that joined it. Written here, read back by _named.
_OPENED = "Opened automatically: the monitor `{}` failed."
_JOINED = "Joined automatically: the monitor `{}` failed too."
_NAMING = tuple(
    re.compile(re.escape(line).replace(re.escape("{}"), r"([^`\n]+)"))
    for line in (_OPENED, _JOINED)
)


def marker(monitor: Monitor) -> str:
    """The first line of the opening update: how a later run finds the incident again."""
    return _OPENED.format(monitor.id)


def joined_marker(monitor: Monitor) -> str:
    """The first line of the update by which a monitor joins the incident another monitor of
    its component opened: how a later run knows that this one failed for it too."""
    return _JOINED.format(monitor.id)


def _named(incident: Incident) -> list[str]:
    """The ids of the monitors the incident's updates name as failing for it, in order."""
    found = (naming.match(u.message) for u in incident.updates for naming in _NAMING)
    return list(dict.fromkeys(match.group(1) for match in found if match))


def _failed_for(incident: Incident, monitors: Sequence[Monitor]) -> list[Monitor]:
    """The monitors that failed for the incident, whether they opened it or joined it: an
    incident is followed up by any of them, the one that opened it gone from the file or not."""
    named = _named(incident)
    return [m for m in monitors if m.id in named]


def _since_resolved(runs: Sequence[Check], resolved: Sequence[Incident]) -> Sequence[Check]:
    """The runs after the last resolution of an incident the component's monitors opened:
    the runs that opened it, and those a person saw before resolving it, never open another
    (the runs of a monitor that joined it no more than those of the one that opened it)."""
    times = [i.resolved_at for i in resolved if i.resolved_at is not None]
    if not times:
        return runs
    after = max(times) + _WRITTEN_TO
    return [c for c in runs if c.at >= after]


@dataclass(frozen=True)
class FollowedUp:
    """What follow_up did: a line for each incident written or left alone, and the changes
    it wrote, in order, which `--commit` commits once all are written."""

    said: tuple[str, ...]
    written: tuple[Change, ...]


@dataclass(frozen=True)
class _Reading:
    """What one page reads of a component at `now`: its monitors' runs as the page counts
    them (by monitor id), the title of a window in progress on it that the page shows, and
    its monitors (keyed or not) in a major outage by the page's last five runs."""

    runs: Mapping[str, Sequence[Check]]
    maintenance: str | None
    holding: Sequence[Monitor]

    def of(self, monitor: Monitor) -> Sequence[Check]:
        return self.runs.get(monitor.id, ())


def _readings(view: Site, now: datetime) -> dict[str, _Reading]:
    """What the page `view` (the site as one page sees it) reads of each of its measured
    components."""
    from statusgen.measured import failing_now, measure
    from statusgen.status import under_maintenance

    measures = measure(view, now)
    windows = under_maintenance(view.maintenances, now)
    runs = {d.monitor_id: d.checks for d in view.monitor_data}
    return {
        cid: _Reading(
            runs,
            windows[cid].title if cid in windows else None,
            failing_now(measures[cid]),
        )
        for cid in measures
    }


def follow_up(
    root: Path, recorded: dict[str, MonitorData], now: datetime, *, commit: bool
) -> FollowedUp:
    """Open or update the incidents the monitors' newest runs call for; what was done.

    One incident per component: its monitors with `open_incident_after` share it. With
    `commit`, nothing is written outside a git repository; the changes are not committed
    here. Raises PartlyWritten when a file cannot be written after others were."""
    from statusgen.audience import counting_sites
    from statusgen.authoring import events
    from statusgen.incremental.site import load_site
    from statusgen.measured import marks_judged

    site = load_site(root)
    if recorded:
        held = {d.monitor_id: d for d in site.monitor_data} | recorded
        # The runs just recorded hold the marks of older runs too: judged as the site's.
        site = marks_judged(replace(site, monitor_data=tuple(held.values())))
    # Each page reads the runs by the windows it shows, as its own status does: a page
    # calls for the incident when its own runs fail K in a row, and a window on another
    # page neither mutes them there nor holds it back (docs/monitors.md).
    pages = [_readings(view, now) for view in counting_sites(site, now)]
    keyed = [m for m in site.monitors if m.open_incident_after is not None]
    done: list[str] = []
    written: list[Change] = []

    def write(change: Change) -> None:
        events.apply(change, commit=commit)
        written.append(change)

    for component_id in dict.fromkeys(m.component_id for m in keyed):
        monitors = [m for m in keyed if m.component_id == component_id]
        readings = [page[component_id] for page in pages if component_id in page]
        if not readings:  # shown on no page: read as on a site without pages
            readings = [_readings(site, now)[component_id]]
        try:
            done += _follow_component(root, site, monitors, readings, now, write)
        except StatusgenError as error:
            raise events.stopped_after(error, written, commit=commit) from None
    return FollowedUp((*done, *_unfollowed(site.incidents, keyed)), tuple(written))


def _unfollowed(incidents: Sequence[Incident], keyed: Sequence[Monitor]) -> list[str]:
    """What is said of each incident still declaring an outage that no monitor follows up any
    more: every monitor that failed for it was removed, renamed or lost `open_incident_after`.

    Nothing is written to it: whether the outage is over is for a person to say, and said on
    every run, or the page would show it down without a word to anyone."""
    ids = {m.id for m in keyed}
    said: list[str] = []
    for incident in incidents:
        named = _named(incident)
        if incident.state in UNCONFIRMED_FIX_STATES and named and not ids & set(named):
            said.append(
                f"Not followed up: {incident.source.path}: no monitor that failed for it "
                f"({', '.join(named)}) opens incidents any more (removed from {MONITORS_FILE}, "
                "renamed, or without open_incident_after); update or resolve it by hand"
            )
    return said


def _follow_component(
    root: Path,
    site: Site,
    monitors: Sequence[Monitor],
    readings: Sequence[_Reading],
    now: datetime,
    write: Callable[[Change], None],
) -> list[str]:
    """Open, join or follow up the incident of one component's monitors, as the pages that
    show it read them (`readings`, one rule for each), each change written by `write`; what
    was done."""
    from statusgen.authoring import events
    from statusgen.measured import failed_in_a_row, failing_for, is_stale, recovered

    component = site.component(monitors[0].component_id)
    ours = [i for i in site.incidents if _failed_for(i, monitors)]
    opened = [i for i in ours if i.is_open]
    resolved = [i for i in ours if not i.is_open]

    def failing(monitor: Monitor, reading: _Reading) -> bool:
        held = reading.of(monitor)
        # Stale runs say nothing of now, and runs from before a person resolved the last
        # incident would reopen it on every run after the resolution.
        fresh = bool(held) and not is_stale(monitor, held[-1], now)
        return fresh and failing_for(_since_resolved(held, resolved), _after(monitor))

    # A page calls for the incident when its own runs fail K in a row and it shows no
    # window in progress on the component: one page is enough, as one page shows it down.
    # Failures during planned work the page shows are expected there, and the runs made
    # then are muted on it, so those before the window count for nothing after it.
    calling = [r for r in readings if r.maintenance is None]
    failed = [m for m in monitors if any(failing(m, r) for r in calling)]
    # Failing on the pages under maintenance alone: planned work there, said but not opened.
    held_back = {
        m.id: r.maintenance
        for m in monitors
        if m not in failed
        for r in readings
        if r.maintenance is not None and failing(m, r)
    }
    # The runs as a page calling for the incident reads them, the one counting the longest
    # streak: a window on another page mutes them there, and would have the words say fewer
    # failures (none) than the page that opened it counted. Their newest, which the words
    # quote, is the same run on every page; those before a person resolved the last
    # incident are not of this outage.
    runs = {
        m.id: max(
            (_since_resolved(r.of(m), resolved) for r in calling if failing(m, r)),
            key=failed_in_a_row,
        )
        for m in failed
    }
    if not opened:
        if not failed:
            return [
                f"Not opened: {m} failed, but {component.name} is under maintenance ({maintenance})"
                for m, maintenance in held_back.items()
            ]
        title = f"{_outage_name(site, component.id)} is not responding"
        try:
            # One a person opened today under this title for this component is most likely
            # this outage: said, not an error, or every run would fail until the next day
            # (and CI with it). One for other components only is another outage.
            events.refuse_duplicate(root, title, now, component=component.id)
        except StatusgenError as error:
            found = error.diagnostics[0]
            names = ", ".join(m.id for m in failed)
            return [f"Not opened: {names} failed, but {found.path}: {found.message}"]
        first, *others = failed
        change = events.open_incident(
            root,
            title=title,
            message=f"{marker(first)}\n\n{_failed_words(first, runs[first.id])}. "
            "We are looking into it.",
            now=now,
            components=[f"{component.id}=major_outage"],
            impact="critical",
            again=True,  # refused above for this component alone; the file name is made unique
        )
        opening = change
        for monitor in others:  # failing since the same run: named at once
            slug = Path(change.relpath).stem
            change = events.update_event(
                root, slug, message=_joining(monitor, runs), now=now, pending=change
            )
        # Written at once, and said as the opening it is.
        change = replace(
            change, commit_message=opening.commit_message, description=opening.description
        )
        write(change)
        return [change.description]

    done: list[str] = []
    incident = opened[0]  # one unless written by hand: the others are followed up alone
    members = {i.slug: _failed_for(i, monitors) for i in opened}
    known = {m.id for group in members.values() for m in group}
    joining = [m for m in failed if m.id not in known]
    if joining:
        joined: Change | None = None
        for monitor in joining:
            joined = events.update_event(
                root, incident.slug, message=_joining(monitor, runs), now=now, pending=joined
            )
        assert joined is not None
        write(joined)
        done.append(joined.description)
        members[incident.slug] += joining
    for each in opened:
        members_of = members[each.slug]
        if (
            # Already monitoring: the probe's own update set the component operational, or a
            # person made it monitoring, which sets no status: what the monitors held down
            # comes up, but a status a person gave since (`update -c`) stays, as for an
            # alert's clear (docs/ingest.md), and once up nothing more is posted.
            (
                each.state not in UNCONFIRMED_FIX_STATES
                and component.id not in each.down_before_monitoring()
            )
            or failed
            # Judged by the pages that show no window in progress on the component, as the
            # opening is: a window on one page mutes its runs there, so its last counted
            # ones stay the failures, and would hold back the recovery every other page's
            # checks say (docs/monitors.md). With every page under a window, none says it.
            or not calling
            # A monitor below its K, or without the key, still failing on some such page:
            # the update would set the component operational while its checks read a major
            # outage there. The last K runs each such page counts must have answered.
            or any(r.holding for r in calling)
            or not all(recovered(r.of(m), _after(m)) for m in members_of for r in calling)
        ):
            continue
        # Every check that failed for it passes: the outage it declared is over, or the page
        # would read major outage, and count downtime, until a person resolves it.
        answered = " ".join(
            f"{_as_text(m.name)} has answered its last {_checks(_after(m))}." for m in members_of
        )
        change = events.update_event(
            root,
            each.slug,
            message=f"{answered} We are monitoring the results.",
            now=now,
            status=IncidentState.MONITORING.value,
            components=[f"{component.id}=operational"],
            # To the second: the runs that answered came earlier in this minute, and the
            # status just after the update (API, notifications) is measured from the runs
            # made by its time; dated to the minute, they would still read the outage.
            to_second=True,
        )
        write(change)
        done.append(change.description)
    return done


def _outage_name(site: Site, component_id: str) -> str:
    """The component as its incident's title names it: with its group's name when another
    component has its name (an API in Europe and one in the United States), or the two
    outages would read as one, on the page and to the check for one opened twice."""
    component = site.component(component_id)
    namesake = any(
        c.id != component.id and title_key(c.name) == title_key(component.name)
        for c in site.components
    )
    group = next((g for g in site.groups if g.id == component.group_id), None)
    if not namesake or group is None:
        return component.name
    return f"{component.name} ({group.name})"


def _after(monitor: Monitor) -> int:
    """The monitor's `open_incident_after` (follow_up asks only monitors that have one)."""
    assert monitor.open_incident_after is not None
    return monitor.open_incident_after


def _runs(count: int) -> str:
    return "1 run" if count == 1 else f"{count} runs"


def _checks(count: int) -> str:
    """The last checks counted, as "its last …" goes on: "check", "3 checks"."""
    return "check" if count == 1 else f"{count} checks"


def _failed_words(monitor: Monitor, runs: Sequence[Check]) -> str:
    """The failure as its incident tells it: every failed run of the streak counted (more
    than K when the rule over five runs took longer to read a major outage, or when the
    runs were recorded before the probe looked), and what the newest said."""
    from statusgen.measured import failed_in_a_row

    newest = runs[-1]
    said = _as_text(newest.message, line_start=False) or "no answer"
    return (
        f"{_as_text(monitor.name)} has failed {_runs(failed_in_a_row(runs))} in a row; "
        f"the last said: {said}"
    )


def _as_text(text: str, *, line_start: bool = True) -> str:
    """`text` (a monitor's name, what a run said) as the incident's Markdown shows it: as
    written, on one line. A heartbeat's note is a job's output, a probe's what a server
    said: never a link, an image or emphasis on the page and in every notification."""
    # Ingest's: alert text and a monitor's are kept text by one set of rules.
    from statusgen.ingest.rules import escape_markdown

    # A data file edited by hand may hold a line break; the page shows the note on one line.
    return escape_markdown(" ".join(text.split()), line_start=line_start)


def _joining(monitor: Monitor, runs: Mapping[str, Sequence[Check]]) -> str:
    """The update by which a monitor joins its component's incident, naming it."""
    return f"{joined_marker(monitor)}\n\n{_failed_words(monitor, runs[monitor.id])}."
