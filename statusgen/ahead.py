"""What `check` says about times that have not come yet: pages show them only from then on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from statusgen.errors import Diagnostic, Severity
from statusgen.model import Event, Site
from statusgen.status import first_shown, written_span


def warnings(site: Site, now: datetime) -> list[Diagnostic]:
    """A warning per incident not shown yet, and per update dated after `now`.

    Not errors: writing an update ahead of time is how a planned announcement is made, and
    the build shows it once its time comes (a scheduled rebuild picks it up).
    """
    tz = site.settings.tz
    hint = "if that time is a typo, correct it; otherwise nothing to do (rebuild then)"
    found: list[Diagnostic] = []
    events: list[Event] = list(site.maintenances)
    for incident in site.incidents:
        # When it first shows, as kept on the event (written_span): its updates are not
        # unpacked from the cache for this (incremental/store.py).
        if written_span(incident)[0] <= now:
            events.append(incident)
            continue
        appears = first_shown(incident)
        found.append(
            Diagnostic(
                incident.source.path,
                incident.updates[0].line if incident.updates else 1,
                0,
                f"the incident starts after now: pages show it from {_when(appears, tz)} on",
                hint,
                Severity.WARNING,
            )
        )
    for event in events:
        latest = written_span(event)[1]
        if latest is None or latest <= now:
            continue  # nothing written ahead: most events of a large site, at a glance
        later = next((u for u in event.updates if u.at > now), None)
        if later is not None:
            found.append(
                Diagnostic(
                    event.source.path,
                    later.line,
                    0,
                    f"this update is dated after now: pages show it from {_when(later.at, tz)} on",
                    hint,
                    Severity.WARNING,
                )
            )
    return found


def _when(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M %Z}"
