"""Optional, per monitor (`open_incident_after: K`): open an incident when a monitor has
been in a major outage for K consecutive runs, and post a `monitoring` update once its
last K runs answered again, so that a person can confirm and resolve it.

Only the authoring library's own functions write the files, so an incident opened here
is exactly one a person could have opened with `statusgen new incident`. An incident is
known to belong to a monitor by the first line of its opening update.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from statusgen.model import (
    UNCONFIRMED_FIX_STATES,
    Check,
    Incident,
    IncidentState,
    Monitor,
    MonitorData,
)

# An update's time is written to the minute: a run in the minute a resolution names may
# have come before it, so only runs from the next minute on are known to be after it.
_WRITTEN_TO = timedelta(minutes=1)


def marker(monitor: Monitor) -> str:
    """The first line of the opening update: how a later run finds the incident again."""
    return f"Opened automatically: the monitor `{monitor.id}` failed."


def _owned(incidents: tuple[Incident, ...], monitor: Monitor) -> list[Incident]:
    line = marker(monitor)
    return [
        i for i in incidents if i.is_open and i.updates and i.updates[0].message.startswith(line)
    ]


def _since_resolved(
    runs: Sequence[Check], incidents: tuple[Incident, ...], monitor: Monitor
) -> Sequence[Check]:
    """The runs after the last resolution of an incident the monitor opened: the runs that
    opened it, and those a person saw before resolving it, never open another."""
    line = marker(monitor)
    resolved = [
        i.resolved_at
        for i in incidents
        if not i.is_open
        and i.resolved_at is not None
        and i.updates
        and i.updates[0].message.startswith(line)
    ]
    if not resolved:
        return runs
    after = max(resolved) + _WRITTEN_TO
    return [c for c in runs if c.at >= after]


def follow_up(
    root: Path, recorded: dict[str, MonitorData], now: datetime, *, commit: bool
) -> list[str]:
    """Open or update the incidents the monitors' newest runs call for; what was done."""
    from statusgen.authoring import events
    from statusgen.incremental.site import load_site
    from statusgen.measured import failing_for, is_stale, recovered
    from statusgen.status import under_maintenance

    site = load_site(root)
    # Failures during planned work are expected: they open nothing (status.py shows the
    # component under maintenance meanwhile). The runs made then are muted too, so the
    # failures before the window ended count for nothing after it (measured.failing_for).
    windows = under_maintenance(site.maintenances, now)
    done: list[str] = []
    for monitor in site.monitors:
        count = monitor.open_incident_after
        if count is None:
            continue
        data = recorded.get(monitor.id) or next(
            (d for d in site.monitor_data if d.monitor_id == monitor.id), MonitorData(monitor.id)
        )
        runs = data.checks
        owned = _owned(site.incidents, monitor)
        # Stale runs say nothing of now, and runs from before a person resolved the last
        # incident would reopen it on every run after the resolution.
        counted = _since_resolved(runs, site.incidents, monitor)
        fresh = bool(runs) and not is_stale(monitor, runs[-1], now)
        if not owned and fresh and failing_for(counted, count):
            component = site.component(monitor.component_id)
            if component.id in windows:
                done.append(
                    f"Not opened: {monitor.id} failed, but {component.name} is under "
                    f"maintenance ({windows[component.id].title})"
                )
                continue
            newest = counted[-1]
            message = (
                f"{marker(monitor)}\n\n"
                f"{monitor.name} has failed {count} runs in a row; the last said: "
                f"{newest.message or 'no answer'}. We are looking into it."
            )
            change = events.open_incident(
                root,
                title=f"{component.name} is not responding",
                message=message,
                now=now,
                components=[f"{component.id}=major_outage"],
                impact="critical",
            )
            events.apply(change, commit=commit)
            done.append(change.description)
        elif owned and recovered(runs, count):
            for incident in owned:
                if incident.state not in UNCONFIRMED_FIX_STATES:
                    continue  # already monitoring: a person takes it from here
                # The checks pass: the outage it declared is over, or the page would read
                # major outage, and count downtime, until a person resolves it.
                change = events.update_event(
                    root,
                    incident.slug,
                    message=f"{monitor.name} has answered its last {count} checks. "
                    "We are monitoring the results.",
                    now=now,
                    status=IncidentState.MONITORING.value,
                    components=[f"{monitor.component_id}=operational"],
                )
                events.apply(change, commit=commit)
                done.append(change.description)
    return done
