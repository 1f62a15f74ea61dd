"""The JSON APIs: `status.json` for openstatus-style widgets and `api/v2/` in the shape of
Atlassian Statuspage's public API, so existing Statuspage clients work unchanged.

Everything is plain data passed through json.dumps; the status itself comes from
context.status, never from rules re-derived here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from statusgen import urls
from statusgen.model import (
    INCIDENT_ORDER,
    MAINTENANCE_ORDER,
    Component,
    Event,
    Group,
    Impact,
    Incident,
    Maintenance,
    MaintenanceState,
    Update,
)
from statusgen.render.context import Output, Outputs, RenderContext, known
from statusgen.render.format import grouped_name, machine_moment
from statusgen.status import (
    Change,
    HeldSpans,
    changed_at,
    effective_update_changes,
    held_by_events,
    incident_as_of,
    maintenance_as_of,
    maintenance_completed_at,
    maintenance_state,
)
from statusgen.timeline import without_text_start

# Statuspage answers incidents.json and scheduled-maintenances.json with at most this many.
LIST_CAP = 50

E = TypeVar("E", bound=Event)

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_ID_SPACE = 36**12

Json = dict[str, Any]


def api_id(kind: str, key: str) -> str:
    """A 12-character lowercase base36 id, like Statuspage's, derived from a stable key.

    The same key gives the same id in every build, so clients can follow an incident or
    component across rebuilds. `kind` keeps different namespaces (pages, components,
    incidents, updates) from colliding.
    """
    number = int.from_bytes(hashlib.sha256(f"{kind}:{key}".encode()).digest(), "big") % _ID_SPACE
    chars = []
    for _ in range(12):
        number, digit = divmod(number, 36)
        chars.append(_BASE36[digit])
    return "".join(reversed(chars))


def timestamp(moment: datetime, tz: ZoneInfo) -> str:
    """ISO 8601 with milliseconds in the page's time zone (machine_moment), `Z` when the
    offset is zero."""
    text = machine_moment(moment.astimezone(tz)).isoformat(timespec="milliseconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# The keys whose values are `timestamp`s, in every object built here and in the webhook's
# component_update: a message kept for a later run is dated again in the page's zone then.
TIME_KEYS = frozenset(
    {
        "created_at",
        "updated_at",
        "display_at",
        "started_at",
        "monitoring_at",
        "resolved_at",
        "scheduled_for",
        "scheduled_until",
    }
)


def dump(data: Json) -> bytes:
    """Stable JSON: sorted keys, compact separators, UTF-8, a final newline."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


class ApiBuilder:
    """Turns the model and its computed status into Statuspage-shaped plain data."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.site = context.site
        self.status = context.status
        self.tz = self.site.settings.tz
        self.page_id = api_id("page", context.base_url)
        self.groups = {g.id: g for g in self.site.groups}
        # A component without a start_date has no creation date of its own: the site's
        # stands in (its first dated moment), so the value stays put from build to build.
        self.content_start = context.created_at
        self._times = {c.id: self._component_times(c) for c in self.site.components}
        # A change of a component is a change on the page too: its status changed by its
        # checks, and its start (once the clock reaches it: a component is a line more).
        measured = [m.changed_at for m in self.status.measured.values() if m.changed_at]
        components = [updated for _, updated in self._times.values()]
        # Before anything is shown, the page is dated when its record began, as the feeds
        # and the components are: the site is cut at now (status.as_of), so an incident
        # still ahead is not there to tell "none yet" from "none", nor should it be.
        last = context.last_change_by_component[None] or context.created_at
        # And status.json's `unknown` coming or going as its checks go stale or speak again.
        unknown = [self.status.unknown_changed_at] if self.status.unknown_changed_at else []
        self.page_updated = max([last, *measured, *components, *unknown])
        self._incidents: dict[str, Json] = {}
        # What the events held at the times of the updates of the events followed.
        self._held: HeldSpans | None = None
        self._moments: set[datetime] = set()
        self._followed: dict[str, Event] = {}
        self._made_by: dict[str, tuple[Event, list[list[Change]]]] = {}
        # Each event's fact (`event_fact`), by slug with the event it was made of.
        self._facts: dict[str, tuple[Event, str | None]] = {}
        self._components = {c.id: self._component(c) for c in self.site.components}
        self._groups = {g.id: self._group(g) for g in self.site.groups}

    def time(self, moment: datetime | None) -> str | None:
        return None if moment is None else timestamp(moment, self.tz)

    # --- objects -------------------------------------------------------------------------

    def page(self) -> Json:
        return {
            "id": self.page_id,
            "name": self.site.settings.title,
            "url": self.context.base_url.rstrip("/"),
            "time_zone": self.site.settings.timezone,
            "updated_at": self.time(self.page_updated),
        }

    def status_object(self) -> Json:
        return {"indicator": self.status.indicator.value, "description": self.status.description}

    def components(self) -> list[Json]:
        """Groups and components in display order: each group followed by its members."""
        result: list[Json] = []
        for entry_id in self.site.page_order:
            if entry_id in self._groups:
                result.append(self._groups[entry_id])
                result += [self._components[cid] for cid in self.groups[entry_id].component_ids]
            else:
                result.append(self._components[entry_id])
        return result

    def _component_times(self, component: Component) -> tuple[datetime, datetime]:
        """created_at (its start_date, else the site's first dated moment) and updated_at (the
        last change of an incident or maintenance touching it, or of its status by its
        checks, whichever came last; else created_at)."""
        created = self.context.component_created_at(component)
        updated = self.context.last_change_by_component[component.id] or created
        measure = self.status.measured.get(component.id)
        if measure is not None and measure.changed_at is not None:
            updated = max(updated, measure.changed_at)
        return created, max(updated, created)

    def _component(self, component: Component) -> Json:
        created, updated = self._times[component.id]
        return {
            "id": api_id("component", component.id),
            "name": component.name,
            "status": self.status.components[component.id].value,
            "created_at": self.time(created),
            "updated_at": self.time(updated),
            "position": component.position,
            "description": component.description or None,
            "showcase": component.showcase,
            "start_date": None
            if component.start_date is None
            else component.start_date.isoformat(),
            "group_id": None
            if component.group_id is None
            else api_id("component", component.group_id),
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": component.only_show_if_degraded,
        }

    def _group(self, group: Group) -> Json:
        members = [self._components[cid] for cid in group.component_ids]
        times = [self._times[cid] for cid in group.component_ids]
        return {
            "id": api_id("component", group.id),
            "name": group.name,
            "status": self.status.groups[group.id].value,
            # A group exists as long as its oldest member and changes whenever one does.
            "created_at": self.time(min((c for c, _ in times), default=self.content_start)),
            "updated_at": self.time(max((u for _, u in times), default=self.content_start)),
            "position": group.position,
            "description": group.description or None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [m["id"] for m in members],
        }

    def _display_name(self, component_id: str) -> str:
        """Statuspage names a grouped component "Group - Component" in affected_components."""
        component = self.site.component(component_id)
        if component.group_id is None:
            return component.name
        return grouped_name(self.groups[component.group_id].name, component.name, apart=False)

    def _changes(self, changes: Sequence[Change]) -> list[Json]:
        """An update's changes in page order, as the incident's components: the order its
        file names them in is no fact a reader sees, nor one an import could keep."""
        of = {cid: (old, new) for cid, old, new in changes}
        return [
            {
                "code": api_id("component", cid),
                "name": self._display_name(cid),
                "old_status": of[cid][0].value,
                "new_status": of[cid][1].value,
            }
            for cid in self.site.in_page_order(of)
        ]

    def follow(self, events: Iterable[Event]) -> HeldSpans:
        """What the events held, as of now, at the times of every update of `events`
        (and of those followed before): worked out once for all of them."""
        fresh = [e for e in events if self._followed.get(e.slug) is not e]
        if fresh or self._held is None:
            self._followed.update((e.slug, e) for e in fresh)
            moments = {u.at for e in fresh for u in e.updates}
            if self._held is None or not moments <= self._moments:
                self._moments |= moments
                states = self.status.maintenance
                self._held = held_by_events(self.site, states, self.context.now, self._moments)
        return self._held

    def _made(self, event: Event) -> list[list[Change]]:
        """Per update, the changes of the effective status of each component it names,
        what the checks measured then included: a client replaying every timeline ends
        where components.json stands, however many events touch a component at once,
        unless the checks moved it after the last update."""
        known = self._made_by.get(event.slug)
        if known is not None and known[0] is event:  # not an earlier version of it
            return known[1]
        components = (*self.site.components, *self.site.retired)
        baseline = {c.id: c.status for c in components}
        made = effective_update_changes(event, baseline, self.follow([event]))
        if self.status.measured:
            # Here, not at the top: a site without monitors (and a rebuild with nothing to
            # do) imports no monitor code.
            from statusgen.measured import measured_update_changes

            made = measured_update_changes(self.site, event, made, self.status.measured)
        self._made_by[event.slug] = (event, made)
        return made

    def _updates(self, event: Event, event_id: str) -> list[Json]:
        """The timeline newest first. Each update carries the component changes it made
        (null when it made none); a maintenance's first update names its components."""
        made = self._made(event)
        updates = []
        for index, update in enumerate(event.updates):
            moment = self.time(update.at)
            updates.append(
                {
                    "id": api_id("update", f"{event.slug}/{index}"),
                    "status": update.state.value,
                    # Its Markdown as written, but for the space that keeps a status-like
                    # line text, which the page does not show either.
                    "body": without_text_start(update.message),
                    "incident_id": event_id,
                    "created_at": moment,
                    "updated_at": moment,
                    "display_at": moment,
                    "affected_components": self._changes(made[index]) if made[index] else None,
                    "deliver_notifications": True,
                    "custom_tweet": None,
                    "tweet_id": None,
                }
            )
        return updates[::-1]

    def _event_common(self, event: Event) -> Json:
        event_id = api_id("incident", event.slug)
        return {
            "id": event_id,
            "name": event.title,
            "updated_at": self.time(self.context.changed_at(event)),
            "shortlink": self.context.absolute_url(urls.incident(event.slug)),
            "page_id": self.page_id,
            "incident_updates": self._updates(event, event_id),
            "components": self._listed(event),
        }

    def _listed(self, event: Event) -> list[Json]:
        """The event's components as components.json shows them: a retired one is no
        longer a component, as a deleted one on Statuspage; its updates still name it. In
        page order, as Statuspage lists them (by position) and the event's page does."""
        listed = self.site.in_page_order(a.id for a in event.components)
        return [self._components[cid] for cid in listed if cid in self._components]

    def incident(self, incident: Incident) -> Json:
        # summary.json and incidents/unresolved.json list the same open incidents.
        data = self._incidents.get(incident.slug)
        if data is None:
            data = self._incidents[incident.slug] = self._incident(incident)
        return data

    def incident_at(
        self, incident: Incident, moment: datetime, through: Update | None = None
    ) -> Json:
        """The incident as it stood at `moment`, or as its update `through` left it (a
        message about an earlier update of it). The incident as the page shows it now
        comes first: the caches keep that one."""
        self.incident(incident)
        earlier = incident_as_of(incident, moment, through)
        if earlier is incident:
            return self.incident(incident)
        data = self._incident(earlier)
        data["updated_at"] = self.time(earlier.updated_at)
        return data

    def _incident(self, incident: Incident) -> Json:
        data = self._event_common(incident)
        data.update(
            {
                "status": incident.state.value,
                "created_at": self.time(self.context.announced_at(incident)),
                "started_at": self.time(incident.started_at),
                "monitoring_at": self.time(incident.monitoring_at),
                "resolved_at": self.time(incident.resolved_at),
                "impact": incident.impact.value,
            }
        )
        return data

    def maintenance(self, maintenance: Maintenance) -> Json:
        return self._maintenance(
            maintenance, self.status.maintenance[maintenance.slug], self.context.now
        )

    def maintenance_at(
        self, maintenance: Maintenance, moment: datetime, through: Update | None = None
    ) -> Json:
        """The window as it stood at `moment` (a message about an earlier step of it), or
        as its update `through` left it: its updates by then, and its state and completion
        as of then."""
        earlier = maintenance_as_of(maintenance, moment, through)
        state = maintenance_state(earlier, moment)
        # .get: notify describes a window the site no longer holds (rewritten as an incident).
        if earlier is maintenance and state is self.status.maintenance.get(maintenance.slug):
            return self.maintenance(maintenance)
        data = self._maintenance(earlier, state, moment)
        # Its last change by then, as `maintenance` dates it now: a start by the clock is
        # one, also when an `In progress` update says it later.
        changed = changed_at(earlier, moment, self.context.created_at)
        data["updated_at"] = self.time(max(changed, self.context.announced_at(earlier)))
        return data

    def _maintenance(
        self, maintenance: Maintenance, state: MaintenanceState, now: datetime
    ) -> Json:
        data = self._event_common(maintenance)
        # Statuspage's started_at of a maintenance is when it was announced, not the window.
        announced = self.context.announced_at(maintenance)
        data.update(
            {
                "status": state.value,
                "created_at": self.time(announced),
                "started_at": self.time(announced),
                "monitoring_at": None,
                "resolved_at": self.time(maintenance_completed_at(maintenance, now)),
                "impact": Impact.MAINTENANCE.value,
                "scheduled_for": self.time(maintenance.scheduled_for),
                "scheduled_until": self.time(maintenance.scheduled_until),
            }
        )
        return data

    def event_fact(self, event: Event) -> str | None:
        """What an event's entry shows: the event, its state now, its components as the
        API shows them and its updates' changes (both follow other events too).

        Made once per event: the endpoints list the open incidents three times over (500
        on a large site), and each fact writes out the event's components."""
        known = self._facts.get(event.slug)
        if known is not None and known[0] is event:  # not an earlier version of it
            return known[1]
        fact = self._event_fact(event)
        self._facts[event.slug] = (event, fact)
        return fact

    def _event_fact(self, event: Event) -> str | None:
        own = self.context.event_fact(event)
        if own is None:
            return None
        shown = self._listed(event)
        state = self.status.maintenance.get(event.slug, "")
        # Its updates' statuses follow the other events on the same components then.
        return f"{own} {state} {shown!r} {self._made(event)!r}"

    # --- endpoints -----------------------------------------------------------------------

    def with_page(self, **rest: Any) -> Json:
        return {"page": self.page(), **rest}

    def incidents(self, incidents: Iterable[Incident]) -> list[Json]:
        return [self.incident(i) for i in incidents]

    def maintenances(self, maintenances: Iterable[Maintenance]) -> list[Json]:
        return [self.maintenance(m) for m in maintenances]


def most_recent(events: Sequence[E], going_on: Collection[str]) -> list[E]:
    """The LIST_CAP most recent of `events` (newest first), in their order, with every one
    whose slug is in `going_on` among them, however old: the oldest others make room.

    Statuspage's incidents.json is "the 50 most recent incidents" and "includes all
    unresolved incidents": the cap holds unless more than LIST_CAP are open at once."""
    room = LIST_CAP - sum(1 for e in events if e.slug in going_on)
    listed = []
    for event in events:
        if event.slug in going_on:
            listed.append(event)
        elif room > 0:
            listed.append(event)
            room -= 1
    return listed


def openstatus(builder: ApiBuilder) -> Json:
    """status.json: openstatus's `{"status": ...}` plus a few keys widgets find handy
    (urls.STATUS_JSON_KEYS: by them a build knows an output folder holds a site it built)."""
    status = builder.status
    return {
        "status": status.overall.value,
        "description": status.overall_label,
        "updated_at": builder.time(builder.page_updated),
        "page": builder.page(),
        "indicator": status.indicator.value,
    }


def render_api(context: RenderContext) -> Outputs:
    """status.json and the eight Statuspage v2 endpoints under api/v2/.

    Their facts: the page object (its `updated_at` follows every event's changes), the
    overall status, the components as the API shows them, and the events each lists."""
    api = ApiBuilder(context)
    status, site = context.status, context.site
    # The order active.json and upcoming.json give theirs (status.compute): a window
    # started ahead of its schedule may be going on while one planned earlier waits.
    current_maintenances = sorted(
        (*status.active_maintenances, *status.upcoming_maintenances), key=MAINTENANCE_ORDER
    )
    # Statuspage lists unresolved incidents newest first; the pages put the worst first.
    unresolved = sorted(status.open_incidents, key=INCIDENT_ORDER, reverse=True)
    newest_incidents = most_recent(site.incidents, context.going_on)
    newest_maintenances = most_recent(site.maintenances, context.going_on)
    api.follow([*newest_incidents, *newest_maintenances, *current_maintenances])
    page = repr(api.page())
    overall = repr((openstatus(api), api.status_object()))
    components = repr(api.components())

    def listed(events: Sequence[Event]) -> tuple[str | None, ...]:
        return tuple(api.event_fact(e) for e in events)

    def output(path: str, make: Callable[[], Json], *facts: str | None) -> Output:
        return Output(path, lambda: dump(make()), known(page, *facts))

    yield output(urls.STATUS_JSON, lambda: openstatus(api), overall)
    yield output(urls.API_STATUS, lambda: api.with_page(status=api.status_object()), overall)
    yield output(
        urls.API_SUMMARY,
        lambda: api.with_page(
            components=api.components(),
            incidents=api.incidents(unresolved),
            scheduled_maintenances=api.maintenances(current_maintenances),
            status=api.status_object(),
        ),
        overall,
        components,
        *listed(unresolved),
        *listed(current_maintenances),
    )
    yield output(
        urls.API_COMPONENTS, lambda: api.with_page(components=api.components()), components
    )
    yield output(
        urls.API_INCIDENTS,
        lambda: api.with_page(incidents=api.incidents(newest_incidents)),
        *listed(newest_incidents),
    )
    yield output(
        urls.API_UNRESOLVED,
        lambda: api.with_page(incidents=api.incidents(unresolved)),
        *listed(unresolved),
    )
    # A window in progress is "unresolved" too: a long one must not fall out of the list
    # behind the 50 planned after it.
    yield output(
        urls.API_MAINTENANCES,
        lambda: api.with_page(scheduled_maintenances=api.maintenances(newest_maintenances)),
        *listed(newest_maintenances),
    )
    yield output(
        urls.API_UPCOMING,
        lambda: api.with_page(
            scheduled_maintenances=api.maintenances(status.upcoming_maintenances)
        ),
        *listed(status.upcoming_maintenances),
    )
    yield output(
        urls.API_ACTIVE,
        lambda: api.with_page(scheduled_maintenances=api.maintenances(status.active_maintenances)),
        *listed(status.active_maintenances),
    )
