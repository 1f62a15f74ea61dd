"""What changed since the last notification: a snapshot of what the page publishes, and
the difference between two snapshots as one Change per thing to tell.

A snapshot holds, per incident and maintenance (by file name), its start, the updates
already told (by time and state, counted when both repeat, so a corrected typo is no
news but an added update is; one whose time alone was corrected in its place in the order
is still told, _retimed_out), the last state told and what tells it from another event
in a renamed file (_identity); per component its effective status (declared and
measured, as the page shows it) and the status components.yaml sets (`baselines`); per
window also the times it was announced, started and completed (and, while under way,
its title, end and components, and those it was told on: its end is told should its
file go; so does an open incident, its title and components), per event how many events
its file name held before it, and per file name an
event left how many it held (as_told), so no delivery is named as one already made;
per event and component told of that the page no longer shows (its `show:` narrowed)
what was told of it (`away`), so shown again it is told on from there.
Everything a message needs is copied into the Change, so a message that could not be
delivered can be sent again by a later run without the content it came from. States and
statuses are kept as values, never as words: each message words them when it is sent, in
the page's language then (messages.py), with the page's title, links, zone and update
text then (as_shown).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from statusgen import urls
from statusgen.i18n import ENGLISH, N_, Language
from statusgen.layout import incident_file
from statusgen.load.text import title_key
from statusgen.measured import compute as measured_status
from statusgen.measured import measured_for_update
from statusgen.model import (
    ACTIVE_MAINTENANCE_STATES,
    INCIDENT_ORDER,
    MAINTENANCE_ORDER,
    OPEN_INCIDENT_STATES,
    RESOLVED_INCIDENT_STATES,
    AffectedComponent,
    Component,
    ComponentStatus,
    Event,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Site,
    Source,
    Update,
    UpdateState,
    event_start,
)
from statusgen.render.api import TIME_KEYS, ApiBuilder, api_id, timestamp
from statusgen.render.context import RenderContext
from statusgen.status import (
    CANCELLED,
    SiteStatus,
    as_of,
    as_of_update,
    called_off,
    component_changes,
    declared_change,
    event_as_of,
    final_resolution,
    maintenance_as_of,
    maintenance_completed_at,
    maintenance_started_at,
    maintenance_state,
    shown_state,
    updates_through,
    window_span,
    worst_reached,
    worst_status,
)

# An incident first seen when it is already over is told only if it ended this recently;
# older ones were written down after the fact (a backfill) and are news to nobody, and so
# are the updates written into one told over, or into a window told completed, that ended
# longer ago.
BACKFILL_AGE = timedelta(hours=24)
# A component's measured status when its monitors have no fresh run to go by.
UNKNOWN = "unknown"
# How many file names an event left the state remembers (as_told): the most recent, as
# only an event written again at one of those, at the same start, could reuse an id.
GONE_KEPT = 1000
# What the state keeps of an incident whose file a run found gone (deleted, or made a
# draft), so that the file put back is known as the incident already told (told_events):
# the last few per file name, for a while. Put back later, it is told as new.
LEFT_PER_NAME = 3
LEFT_KEPT_FOR = timedelta(days=7)

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class Affected:
    """A component as an event's message lists it: its name and the status the message
    gives it (a ComponentStatus value; None: none, as for a window called off)."""

    name: str
    status: str | None = None
    worst: bool = False  # the worst it reached (a closed incident), not its status then

    @classmethod
    def from_json(cls, data: Any) -> Affected:
        """TypeError for an entry edited out of shape."""
        if isinstance(data, str):
            # Kept by an earlier release, already in words ("API (Major outage)"): shown
            # as it was written, the one way it can still be read.
            return cls(data)
        if not isinstance(data, dict):
            raise TypeError("affected")
        # A key a later release added is left out, as Change.from_json leaves out its own.
        return cls(**{key: value for key, value in data.items() if key in _AFFECTED_FIELDS})


@dataclass(frozen=True)
class Change:
    """One thing to tell, with every fact and link a message about it needs."""

    kind: str  # one of settings.KINDS
    key: str  # unique per change: the same change found twice is told once
    title: str  # the incident's or maintenance's title, or the component's name
    # The new state, a value: an event's (status.STATE_LABELS: "investigating",
    # "cancelled"), or a component's new status ("partial_outage"). Earlier releases kept
    # the words.
    state: str
    message: str  # the update's text (Markdown source, untrusted), may be empty
    url: str  # the page to read more on, absolute
    at: str  # when it happened, ISO 8601
    components: tuple[str, ...]  # ids of the components it touches, for channel filters
    affected: tuple[Affected, ...]  # the touched components, as the message lists them
    impact: str | None = None
    window: tuple[str, str] | None = None  # a maintenance's planned start and end, ISO 8601
    # A maintenance as its work ran by the change (status.window_span), as its page shows
    # it: the end None while it runs on past its planned end. None in a change kept by an
    # earlier release, which gave only the plan.
    span: tuple[str, str | None] | None = None
    old_status: str | None = None  # component_changed only
    new_status: str | None = None
    # component_changed only: what the component's counted monitors measured (a status
    # value or UNKNOWN), None without any; says whether the checks or people moved it.
    measured: str | None = None
    # title, url, indicator, description, timezone
    page: dict[str, str] = field(default_factory=dict)
    statuspage: dict[str, Any] = field(default_factory=dict)  # the webhook's object(s)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        # A key a later release added (as `span` was) is left out, not a reason to drop
        # the kept message: the run that reads it tells what it knows.
        values = {key: value for key, value in data.items() if key in _CHANGE_FIELDS}
        values["components"] = tuple(values.get("components", ()))
        values["affected"] = tuple(Affected.from_json(a) for a in values.get("affected", ()))
        for pair in ("window", "span"):
            if values.get(pair) is not None:
                values[pair] = tuple(values[pair])
        return cls(**values)

    def headline(self, language: Language = ENGLISH) -> str:
        """`Incident opened: Card payments failing`, in `language`."""
        return language.labelled(language.gettext(HEADLINES[self.kind]), self.title)


_CHANGE_FIELDS = frozenset(f.name for f in fields(Change))
_AFFECTED_FIELDS = frozenset(f.name for f in fields(Affected))

# In English; each message shows them in the page's language (messages.py).
HEADLINES = {
    "incident_opened": N_("Incident opened"),
    "incident_updated": N_("Incident update"),
    "incident_resolved": N_("Incident resolved"),
    "postmortem_published": N_("Postmortem published"),
    "maintenance_scheduled": N_("Maintenance scheduled"),
    "maintenance_started": N_("Maintenance started"),
    "maintenance_updated": N_("Maintenance update"),
    "maintenance_completed": N_("Maintenance completed"),
    "maintenance_cancelled": N_("Maintenance cancelled"),
    "component_changed": N_("Status changed"),
}


def as_shown(change: Change, site: Site, status: SiteStatus, told: Snapshot) -> Change | None:
    """A kept change as the page (`site`, as narrowed for it) shows it when it is sent: its
    title, time zone and links now, and the text the update it tells has now (a typo
    corrected since); what it tells (the state, when, the components) stays as told.

    None when the page no longer shows what it is about: an incident deleted, made a draft
    again or moved off the page is told nothing more, nor is a component the page no longer
    lists. Its event is found as _kept_event finds it, at its address now (its file
    renamed since); its delivery id stays the one it was tried with."""
    context = RenderContext(site=site, status=status)
    page_id = api_id("page", context.base_url)
    page = {
        **change.page,
        "id": page_id,
        "title": site.settings.title,
        "timezone": site.settings.timezone,
        "url": site.settings.base_url,
    }
    body = change.statuspage.get("incident")
    if isinstance(body, dict):
        event = _kept_event(change, body, site, told)
        if event is None and _told_gone(change) == _WITHDRAWN:
            # The end of a window or incident that left the page before it was over: the
            # page never shows it again, and its readers, told it began, are owed its end.
            home = context.absolute_url()
            kept = _linked_home(replace(change, page=page), home)
            return replace(kept, statuspage=_as_page_shows(kept.statuspage, page_id, site))
        if event is None or (
            _told_gone(change) == _WITHDRAWN and isinstance(event, Incident) and event.is_open
        ):
            # Or the end of an incident that left the page, which is back on it still open:
            # the page shows it open, so its readers were never told it ended and hear
            # nothing of it (reopens_unheard), as for a resolution taken back.
            return None
        # Its file renamed since: the id the page's API gives the event now, as later news
        # of it will name it.
        event_id = api_id("incident", event.slug)
        body = {**body, "id": event_id}
        if isinstance(updates := body.get("incident_updates"), list):
            body["incident_updates"] = [
                {**u, "incident_id": event_id} if isinstance(u, dict) else u for u in updates
            ]
        url = context.absolute_url(urls.incident(event.slug))
        update = _told_update(change, event) or _retimed_update(change, event, site, told)
        if update is None and _tells_update(change):
            # The update it tells was deleted (or its time corrected past another update,
            # which the run that found it tells again as a new one): what it said is on the
            # page no more.
            return None
        return replace(
            change,
            message=change.message if update is None else update.message.strip(),
            url=url,
            page=page,
            statuspage=_as_page_shows(
                {**change.statuspage, "incident": {**body, "shortlink": url}}, page_id, site
            ),
        )
    listed = {c.id for c in site.components}
    if not all(cid in listed for cid in change.components):
        return None
    if change.kind != "component_changed":
        return replace(change, page=page)  # kept by an earlier release: its links as kept
    statuspage = _as_page_shows(change.statuspage, page_id, site)
    url = context.absolute_url(urls.component(change.components[0]))
    return replace(change, url=url, page=page, statuspage=statuspage)


def _kept_event(change: Change, body: dict[str, Any], site: Site, told: Snapshot) -> Event | None:
    """The event a kept `change` (with its Statuspage `body`) is about: the one in its file
    name, else the one `told` (what was last recorded, which counts the kept news as told)
    carries on to another file name by told_events (the file renamed since); either by
    _kept_of. The one in its file name must be that event: another one there (a withdrawn
    incident's file name taken by the next of its title) would be told the kept news."""
    kept_id = body.get("id")
    events: list[Event] = [*site.incidents, *site.maintenances]
    carried: dict[str, dict[str, Any]] = {}
    for kind, group in (("incidents", site.incidents), ("maintenances", site.maintenances)):
        records = told.get(kind, {})
        if isinstance(records, dict):
            gone = [r for slug, r in records.items() if api_id("incident", slug) == kept_id]
            found = told_events(records, group).items()
            carried |= {s: r for s, r in found if any(r is g for g in gone)}
    return next(
        (
            e
            for e in events
            if api_id("incident", e.slug) == kept_id and _kept_of(change, body, e, site)
        ),
        next((e for e in events if e.slug in carried and _kept_of(change, body, e, site)), None),
    )


def _as_page_shows(data: Any, page_id: str, site: Site) -> Any:
    """A kept webhook object (a copy) with every `page_id` in it, nested ones too, the page's
    id now, and every time (api.TIME_KEYS) in the page's zone now, as api/v2 now dates it:
    the body must not name two pages, nor two zones. A time edited out of shape stays as
    kept: the receiver is told what was kept, not a guess."""
    if isinstance(data, list):
        return [_as_page_shows(item, page_id, site) for item in data]
    if not isinstance(data, dict):
        return data
    shown: dict[str, Any] = {}
    for key, value in data.items():
        if key == "page_id":
            shown[key] = page_id
        elif key in TIME_KEYS and isinstance(value, str):
            try:
                shown[key] = timestamp(datetime.fromisoformat(value), site.settings.tz)
            except ValueError:
                shown[key] = value
        else:
            shown[key] = _as_page_shows(value, page_id, site)
    return shown


def _told_update(change: Change, event: Event) -> Update | None:
    """The update of `event` a kept `change` tells, by its key (_update_keys): the one its
    own key names, else the first of its time and state; None when none is left (its time
    or state edited since: the text kept is the one that update had)."""
    keys = dict(zip(_update_keys(event.updates), event.updates, strict=True))
    named = next((u for k, u in keys.items() if change.key.endswith(f":{k}")), None)
    if named is not None:
        return named
    try:
        return keys.get(_update_key(change))
    except ValueError:
        return None  # a kept time edited out of shape


def _retimed_update(change: Change, event: Event, site: Site, told: Snapshot) -> Update | None:
    """The update of the incident `event` a kept `change` tells, its time corrected since in
    its place (_retimed_out): the one in the place the update it names had among those
    `told` recorded of it. None for a window, or when there is no such update."""
    records = told.get("incidents", {})
    if not isinstance(event, Incident) or not isinstance(records, dict):
        return None
    record = told_events(records, site.incidents).get(event.slug, {})
    recorded = record.get("updates")
    if not isinstance(recorded, list):
        return None
    order = _told_order(recorded)
    place = next((i for i, k in enumerate(order) if change.key.endswith(f":{k}")), None)
    if place is None or place >= len(event.updates):
        return None
    keys = _update_keys(event.updates)
    pair = (event.updates[place], keys[place])
    _, matched = _retimed_out([pair], order, keys, record.get("reopened"))
    return pair[0] if matched else None


def _update_key(change: Change) -> str:
    """The key (_update_keys) of the first update of the time and state a kept `change`
    tells. ValueError for a time edited out of shape."""
    # A window called off is told as cancelled, but its update was written `Completed`.
    written = MaintenanceState.COMPLETED.value if change.state == CANCELLED else change.state
    return f"{_utc_text(change.at)} {written}"


def _tells_update(change: Change) -> bool:
    """Whether a kept `change` is keyed by the update it tells (an incident's or window's
    update), not by a step of its event (its opening, a window's transitions)."""
    try:
        told = _update_key(change)
    except ValueError:
        return False
    return re.fullmatch(rf".*:{re.escape(told)}( #\d+)?", change.key) is not None


def _kept_of(change: Change, body: dict[str, Any], event: Event, site: Site) -> bool:
    """Whether a kept `change` (with its Statuspage `body`) is about `event`, found in its
    file name: it gives the event's start, or tells one of its updates (an edited start
    keeps its updates, a corrected update its start). A window's announcement tells its
    start: once the window moved, the page no longer shows that, and the run that finds
    the move announces the new start."""
    told = change.window[0] if change.window else body.get("started_at")
    try:
        start = _utc_text(told) if isinstance(told, str) else None
        update = _update_key(change) if isinstance(change.at, str) else None
    except ValueError:
        start = None
    if _told_gone(change) == _BECAME:
        # The end of a window its author rewrote as an incident: the incident in its file
        # name, begun when the window ended, is what the page shows of it.
        return isinstance(event, Incident)
    if start is None:
        return True  # a kept entry edited out of shape: known by its file name, as before
    if start == _utc_text(timestamp(event_start(event), site.settings.tz)):
        return True
    return change.kind != "maintenance_scheduled" and update in _update_keys(event.updates)


def combined(kept: Change, later: Change) -> Change | None:
    """A component's kept, undelivered change and its next one as the one change its
    readers see (A → B, then B → C: A → C); None when the second undoes the first, as when
    the incident that took it down was withdrawn: they were never told it went down."""
    old = kept.old_status
    if old is None or old == later.new_status:
        return None
    update = {**later.statuspage.get("component_update", {}), "old_status": old}
    return replace(
        later,
        key=f"{kept.key}+{later.key}",
        old_status=old,
        statuspage={**later.statuspage, "component_update": update},
    )


def _counted(identity: str, told: Sequence[str]) -> str:
    """A component change's `identity` with, when `told` (the keys of that component's
    changes recorded told, _component_keys) holds it already (down, up and down again
    within the minute an update's time is kept to), its count ("... #2"), as _update_keys
    counts a repeated update: each its own delivery id, which a receiver dropping repeats
    would drop. The first keeps its key, and a run that finds the change again from the
    same state gives it the same."""
    key = _component_key(identity)
    repeats = sum(1 for k in told if k == key or k.startswith(f"{key} #"))
    return f"{identity} #{repeats + 1}" if repeats else identity


def _component_key(identity: str) -> str:
    return f"component:{identity}"


def _component_keys(previous: Snapshot) -> dict[str, dict[str, Any]]:
    """By component id, the keys of its changes told at the time of the last one (`at`),
    as `previous` recorded them (as_told); none from a state that did not."""
    recorded = previous.get("component_keys", {})
    if not isinstance(recorded, dict):
        return {}
    return {
        cid: told
        for cid, told in recorded.items()
        if isinstance(told, dict) and isinstance(told.get("keys"), list)
    }


def _component_keys_told(previous: Snapshot, changes: list[Change]) -> dict[str, dict[str, Any]]:
    """_component_keys moved on by the component `changes` told now: those of a change at
    another time than the last one recorded are no longer needed (its key names its time)."""
    recorded = _component_keys(previous)
    for change in changes:
        if change.kind != "component_changed":
            continue
        cid = change.components[0]
        told = recorded.get(cid, {})
        keys = told["keys"] if told.get("at") == change.at else []
        recorded[cid] = {"at": change.at, "keys": [*keys, change.key]}
    return recorded


def _update_keys(updates: tuple[Update, ...]) -> list[str]:
    """Each update's key: its time and state, and, from the second update with both the
    same (an alert flapping within the minute ingest writes headings to), its count among
    them ("... investigating #2"). The first keeps the key earlier releases gave it, so a
    state they recorded is read as it was meant."""
    seen: Counter[str] = Counter()
    keys = []
    for update in updates:
        key = f"{update.at.astimezone(timezone.utc).isoformat()} {update.state.value}"
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def _told_keys(recorded: list[str]) -> set[str]:
    """The keys of the updates a snapshot recorded as told. A state from before the count
    was added lists a repeated time and state again, unnumbered: counted the same way,
    its repeats were recorded (and never told), and must not be told hours later."""
    return set(_told_order(recorded))


def _told_order(recorded: list[str]) -> list[str]:
    """_told_keys in the order the snapshot recorded them, the order of the updates told."""
    seen: Counter[str] = Counter()
    keys = []
    for key in recorded:
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def _identity(event: Event) -> list[str]:
    """Digests of what tells an event apart from another of its minute: its title (as
    readers compare titles) and its opening text. A file renamed (`git mv`) keeps both, or
    one when the same commit corrects the other; another incident written in its place
    has neither."""
    first = (event.updates[0].message if event.updates else event.summary).strip()
    said = [f"title {title_key(event.title)}", *([f"text {first}"] if first else [])]
    return [hashlib.sha256(text.encode()).hexdigest()[:16] for text in said]


def _start(event: Event) -> str:
    """When the event begins, in UTC, as a snapshot records it and a key names it."""
    return event_start(event).astimezone(timezone.utc).isoformat()


def snapshot(site: Site, status: SiteStatus, whole: Site | None = None) -> Snapshot:
    """What the page publishes, reduced to what notifications compare; with `whole` (the
    site before it was narrowed for the page), the updates of each incident and window the
    page left out (`unshown`, by file name; only where there are any). Shown later (the
    page's `show:` widened, its `audiences:` edited), they are no news: they were there
    when its channels were last told (_incident_changes, _maintenance_changes)."""
    unshown: dict[str, list[str]] = {}
    if whole is not None:
        events: list[Event] = [*site.incidents, *site.maintenances]
        shown = {e.slug: set(_update_keys(e.updates)) for e in events}
        everything: list[Event] = [*whole.incidents, *whole.maintenances]
        for event in everything:
            kept = shown.get(event.slug)
            left = [k for k in _update_keys(event.updates) if kept is None or k not in kept]
            if left or kept is None:  # one not on the page at all is recorded, even bare
                unshown[event.slug] = left
    return {
        **({"unshown": unshown} if unshown else {}),
        "base_url": site.settings.base_url,
        # What the page's `show:` names: an event that leaves the page while it names the
        # same is not left out by it (a component regrouped, _withdrawn).
        **({"show": list(_page_show(site))} if site.settings.page else {}),
        "components": {cid: s.value for cid, s in status.components.items()},
        # The statuses set in components.yaml: an edit there is dated when a run first sees
        # it, and a message dated before that says the page with these (_Describer.as_of).
        # Of the whole site's: one the page shows later was there, not added (changes_between).
        "baselines": {c.id: c.status.value for c in (whole or site).components},
        "incidents": {
            i.slug: {
                "start": _start(i),
                "state": i.state.value,
                "updates": _update_keys(i.updates),
                "identity": _identity(i),
                **(_under_way(i) if i.is_open else {}),
            }
            for i in site.incidents
        },
        "maintenances": {
            m.slug: {
                "start": _start(m),
                "state": status.maintenance[m.slug].value,
                "updates": _update_keys(m.updates),
                "identity": _identity(m),
                **(
                    _under_way(m) if status.maintenance[m.slug] in ACTIVE_MAINTENANCE_STATES else {}
                ),
            }
            for m in site.maintenances
        },
    }


def _page_show(site: Site) -> tuple[str, ...]:
    """The groups and components the page's `show:` names (empty: everything); nothing on
    a site without pages."""
    named = site.settings.page
    return next((p.show for p in site.settings.pages if p.name == named), ())


def _under_way(event: Event) -> dict[str, Any]:
    """What a window under way or an open incident records besides: what its end needs
    told should it leave the page before it is over (_withdrawn: its file deleted, or its
    own edit taking it off the page), when the files no longer say it."""
    return {
        "title": event.title,
        **(
            {"until": event.scheduled_until.astimezone(timezone.utc).isoformat()}
            if isinstance(event, Maintenance)
            else {}
        ),
        "components": [a.id for a in event.components],
        # When it was announced, as its messages said: its end says it too. None: an event
        # without updates, dated when the site's record began (status.announced_at).
        "announced_at": (
            event.updates[0].at.astimezone(timezone.utc).isoformat() if event.updates else None
        ),
    }


def as_told(
    present: Snapshot,
    previous: Snapshot,
    site: Site,
    status: SiteStatus,
    changes: list[Change],
    whole: Site | None = None,
) -> Snapshot:
    """`present` (snapshot) as a run that told `changes` since `previous` records it: with
    when each component's status began (told_since); per window, how many times it was
    announced, counting from the record it carries on (told_events) or, a new event in a
    told one's file name, the record it replaces, so no announcement reuses a key, and how
    many times it was started and completed (_steps_told), so no restart does; and per
    event and file name left, the events each file name held (generations); and what was
    told of each event still on `whole` (the site before it was narrowed for the page) that
    the page no longer shows (`away`, by kind and file name now: its `show:` narrowed), so
    that when shown again it carries on from there."""
    counts = _announcements(_told(previous, "maintenances"), site.maintenances)
    slugs = {api_id("incident", m.slug): m.slug for m in site.maintenances}
    steps = _steps_told(_told(previous, "maintenances"), site.maintenances)
    for change in changes:
        step = _KIND_STATE.get(change.kind)
        if step is None or _told_gone(change):
            continue
        slug = slugs.get(change.statuspage["incident"]["id"])
        if slug is None:
            continue  # a window since rewritten as an incident: it has no record to count in
        if step is MaintenanceState.SCHEDULED:
            counts[slug] += 1
        elif step in _STEP_COUNTS:
            steps[slug][step] += 1
    held, gone = generations(previous, site, status.now)

    def counted(record: dict[str, Any], slug: str) -> dict[str, Any]:
        # Only when not the first: a state stays as earlier releases wrote it otherwise.
        return {**record, "generation": held[slug]} if held[slug] else record

    told_incidents = told_events(
        _told(previous, "incidents"), site.incidents, _left(previous, status.now)
    )
    incidents = {
        slug: _reopening(
            counted(_told_on(r, told_incidents.get(slug)), slug),
            told_incidents.get(slug),
            status.now,
        )
        for slug, r in present["incidents"].items()
    }
    # Left out by the page, yet still on the site: its readers last heard what this
    # records. Found among the whole site's events as the page's are (told_events), so a
    # file renamed while the page left it out carries on too, under its name now.
    away: dict[str, dict[str, Any]] = {}
    # An event that left the page by its own edit, its end told (_withdrawn): over for the
    # page, not left out by it; shown there again, it is new to the page.
    ended = {c.statuspage["incident"]["id"] for c in changes if _told_gone(c) == _WITHDRAWN}
    if whole is not None:
        for kind, events in (
            ("incidents", whole.incidents),
            ("maintenances", whole.maintenances),
        ):
            told = _told(previous, kind)
            kept: dict[str, Any] = {}
            slugs_told = {id(r): s for s, r in told.items()}
            for slug, record in told_events(told, events).items():
                if slug in present[kind]:
                    continue
                if api_id("incident", slugs_told.get(id(record), slug)) in ended:
                    continue
                if told.get(slug) is not record:
                    # Renamed: counting the events its file name now held before it, as
                    # one renamed on the page is (counted).
                    record = {k: v for k, v in record.items() if k != "generation"}
                    if gone.get(slug):
                        record["generation"] = gone[slug]
                kept[slug] = record
            if kept:
                away[kind] = kept
    # A component the page no longer lists, still on the site (baselines): its channels
    # last heard the status recorded as told, and hear on from it when it is shown again.
    told_components = _told(previous, "components")
    left_page = {
        cid: value
        for cid, value in told_components.items()
        if cid not in present["components"] and cid in present["baselines"]
    }
    if left_page:
        away["components"] = left_page
    gone = {slug: n for slug, n in gone.items() if not any(slug in a for a in away.values())}
    left = _left_now(previous, told_incidents, away.get("incidents", {}), status.now)
    told_windows = told_events(_told(previous, "maintenances"), site.maintenances)
    windows = {
        slug: {
            **counted(_told_on(record, told_windows.get(slug)), slug),
            "announced": counts[slug],
            **{name: steps[slug][step] for step, name in _STEP_COUNTS.items()},
        }
        for slug, record in present["maintenances"].items()
    }
    return {
        **present,
        "incidents": incidents,
        "maintenances": windows,
        "since": told_since(previous, changes, site, status),
        **({"component_keys": keys} if (keys := _component_keys_told(previous, changes)) else {}),
        "gone": dict(list(gone.items())[-GONE_KEPT:]),
        **({"left": left} if left else {}),
        **({"away": away} if away else {}),
    }


def _left(previous: Snapshot, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """What `previous` kept of the incidents each file name lost (as_told's `left`), most
    recent last, those that left within LEFT_KEPT_FOR of `now`; nothing from a state that
    kept none, or from one edited out of shape."""
    kept = previous.get("left")
    if not isinstance(kept, dict):
        return {}

    def dated(record: Any) -> bool:
        try:
            return isinstance(record, dict) and _parsed(record["left_at"]) >= now - LEFT_KEPT_FOR
        except (KeyError, TypeError, ValueError):
            return False

    return {
        slug: [r for r in records if dated(r)]
        for slug, records in kept.items()
        if isinstance(records, list)
    }


def _left_now(
    previous: Snapshot,
    found: dict[str, dict[str, Any]],
    away: dict[str, Any],
    now: datetime,
) -> dict[str, list[dict[str, Any]]]:
    """What a run at `now` keeps of the incidents whose file it found gone: those
    `previous` kept (_left), less any put back (`found`, by told_events), with each
    told incident no event carries on (`found`) and the page did not leave out (`away`),
    marked with when it left (`left_at`). Bounded: LEFT_PER_NAME per file name, the
    GONE_KEPT file names left most recently."""
    taken = {id(record) for record in found.values()}
    left = {
        slug: [r for r in records if id(r) not in taken]
        for slug, records in _left(previous, now).items()
    }
    moment = now.astimezone(timezone.utc).isoformat()
    for slug, record in _told(previous, "incidents").items():
        if isinstance(record, dict) and id(record) not in taken and slug not in away:
            left[slug] = [*left.pop(slug, []), {**record, "left_at": moment}]
    kept = {slug: records[-LEFT_PER_NAME:] for slug, records in left.items() if records}
    return dict(list(kept.items())[-GONE_KEPT:])


def _told_on(record: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """A window's or incident's `record` (snapshot) with, while under way or open, every
    component it was told on since it began (`told_on`, when more than its own now): those
    `before` (what was told of it) recorded besides. A channel limited by `components:` that
    heard it begin on one its edit took away hears its end all the same (_heard_on);
    `components` stays the event's own, which a message of its end lists should its file go."""
    now = record.get("components")
    then = _told_components(before) if before is not None else None
    if before is None or before.get("state") not in _BEGUN or not isinstance(now, list):
        return record
    told = list(dict.fromkeys([*(then or []), *now]))
    return {**record, "told_on": told} if told != now else record


def _told_components(record: dict[str, Any]) -> list[str] | None:
    """The ids of the components a window under way or an open incident (`record`) was
    told on since it began; None from a state that did not record its components. A record
    without `told_on` (an earlier release's, or one never moved) was told on its own."""
    recorded = record.get("told_on", record.get("components"))
    return [c for c in recorded if isinstance(c, str)] if isinstance(recorded, list) else None


def _heard_on(change: Change, before: dict[str, Any]) -> Change:
    """The end of a window told started or an incident told open (`before`, what was told
    of it), naming for channel filters the components it was told on too (_told_on), not
    only those it has now: a channel told the start is told the end. Its message lists
    those it has now."""
    told = _told_components(before)
    if told is None:
        return change
    return replace(change, components=tuple(dict.fromkeys([*change.components, *told])))


def with_kept_titles(previous: Snapshot, kept: Sequence[Change]) -> Snapshot:
    """`previous` with each window under way that it recorded without a title (a state an
    earlier release wrote) given the title a `kept` message of it names: its end, should
    its file be deleted before a run records it, names it so rather than by its file name."""
    titles: dict[str, str] = {}
    for change in kept:
        if change.kind.startswith("maintenance_"):
            # A key is the event's base (_base), then what of it was told.
            titles.setdefault(":".join(change.key.split(":", 2)[:2]), change.title)

    def titled(records: Any) -> Any:
        if not isinstance(records, dict):
            return records
        found = {}
        for slug, record in records.items():
            generation = record.get("generation", 0) if isinstance(record, dict) else 0
            base = _base("maintenance", slug, generation if isinstance(generation, int) else 0)
            if (
                isinstance(record, dict)
                and record.get("state") in _UNDER_WAY
                and "title" not in record
            ):
                record = {**record, **({"title": titles[base]} if base in titles else {})}
            found[slug] = record
        return found

    result = {**previous, "maintenances": titled(previous.get("maintenances"))}
    away = previous.get("away")
    if isinstance(away, dict) and "maintenances" in away:
        result["away"] = {**away, "maintenances": titled(away["maintenances"])}
    return result


def undelivered_away(told: Snapshot, change: Change) -> Snapshot:
    """`told` (as_told) once a kept `change`, never delivered, is dropped because its page no
    longer shows what it is about: what `away` records of that no longer counts it as told.
    A component's channels last heard the status it changed from; an event's record is let
    go, so shown again it is told as it then stands (as one the page left out), its opening
    keyed as before. The record is the page's: a channel of it that had the news hears it
    again, under the delivery id it had, rather than one that never had it hearing nothing."""
    away = told.get("away")
    if not isinstance(away, dict):
        return told
    kept = dict(away)
    body = change.statuspage.get("incident")
    if isinstance(body, dict):
        for kind in ("incidents", "maintenances"):
            records = kept.get(kind, {})
            left = {s: r for s, r in records.items() if api_id("incident", s) != body.get("id")}
            kept = {**kept, kind: left} if left else {k: v for k, v in kept.items() if k != kind}
    elif change.kind == "component_changed" and change.old_status is not None:
        cid = change.components[0]
        if cid in kept.get("components", {}):
            kept["components"] = {**kept["components"], cid: change.old_status}
    return {**told, "away": kept} if kept else {k: v for k, v in told.items() if k != "away"}


def _told(previous: Snapshot, kind: str) -> dict[str, Any]:
    """What `previous` recorded as told of each event of `kind` ("incidents",
    "maintenances"), by file name, or of each component ("components"), by id: those its
    page showed, and those it told of that the page showed no more then (as_told's
    `away`)."""
    shown = previous.get(kind, {})
    away = previous.get("away", {})
    kept = away.get(kind, {}) if isinstance(away, dict) else {}
    return {**(kept if isinstance(kept, dict) else {}), **shown}


def _reopening(
    record: dict[str, Any], before: dict[str, Any] | None, now: datetime
) -> dict[str, Any]:
    """An incident's `record` with the last reopening told of it (`reopened`): when, and
    the updates it took back (its `Resolved` one reverted, or edited to `Monitoring`),
    counting those taken back by an earlier one. Told again, such an update is told under
    a key of its own (_incident_changes). Set when `before` (what was told) said it was over
    and `record` says it is open, else carried on; a record without one stays as earlier
    releases wrote it."""
    if before is None:
        return record
    kept = before.get("reopened")
    taken = set(kept["updates"]) if isinstance(kept, dict) and "updates" in kept else set()
    # Put back open after a run found its file gone and its end was told (_withdrawn), or
    # its resolution taken back: its next end is an end of its own.
    over = before.get("state") in _CLOSED_STATES or "left_at" in before
    if over and record["state"] not in _CLOSED_STATES:
        taken |= _told_keys(before.get("updates", [])) - set(record["updates"])
        moment = now.astimezone(timezone.utc).isoformat()
        return {**record, "reopened": {"at": moment, "updates": sorted(taken)}}
    return {**record, "reopened": kept} if isinstance(kept, dict) else record


def _generation(record: dict[str, Any]) -> int:
    """How many events a record's file name held before its event (0 when not recorded,
    as an earlier release's state: the keys it gave stay as they were)."""
    count = record.get("generation", 0)
    return count if isinstance(count, int) and count >= 0 else 0


def generations(
    previous: Snapshot, site: Site, now: datetime
) -> tuple[Counter[str], dict[str, int]]:
    """How many events each event's file name held before it, and, per file name an event
    left since `previous` (withdrawn, or its file renamed), how many it held, recent last.

    An event keeps its count while in its file name; one new there, or renamed to it,
    counts the events that left it, so its delivery ids are never ones an earlier event
    there was told with (a window called off, deleted and scheduled again at the same
    start; an incident withdrawn and written again). An incident put back in its file name
    (found in what the state kept of it, _left, as of `now`) keeps the count it had."""
    kept = previous.get("gone", {})
    gone = {s: n for s, n in kept.items() if isinstance(n, int)} if isinstance(kept, dict) else {}
    stays: dict[str, dict[str, Any]] = {}
    for told, events, lost in (
        (_told(previous, "incidents"), site.incidents, _left(previous, now)),
        (_told(previous, "maintenances"), site.maintenances, {}),
    ):
        found = told_events(told, events, lost)
        # Put back: counted as it was when it left, not as a new event in its file name.
        stays |= {slug: r for slug, r in found.items() if "left_at" in r}
        for slug, record in told.items():
            if not isinstance(record, dict):
                continue
            if found.get(slug) is record:
                stays[slug] = record
            else:
                left = max(gone.pop(slug, 0), _generation(record) + 1)
                gone[slug] = left  # recent last, so the oldest are let go first
    held: Counter[str] = Counter()
    everything: list[Event] = [*site.incidents, *site.maintenances]
    for event in everything:
        record = stays.get(event.slug)
        held[event.slug] = _generation(record) if record is not None else gone.get(event.slug, 0)
    return held, gone


def _base(kind: str, slug: str, generation: int) -> str:
    """What every key of an event starts with: the first event in a file name keyed as
    earlier releases keyed it, each later one with its count."""
    return f"{kind}:{slug}" if generation == 0 else f"{kind}:{slug}#{generation + 1}"


def _announcements(told: dict[str, Any], maintenances: Sequence[Maintenance]) -> Counter[str]:
    """How many times each window was announced, by what `told` recorded of it (by
    told_events) or of the event before it in its file name. A record from before the count
    was kept says once: its announcements were keyed otherwise, so counting on from one
    repeats none of them."""
    found = told_events(told, maintenances)
    counts: Counter[str] = Counter()
    for m in maintenances:
        record = found.get(m.slug, told.get(m.slug))
        if isinstance(record, dict):
            count = record.get("announced", 1)
            counts[m.slug] = count if isinstance(count, int) and count >= 0 else 1
    return counts


def _steps_told(
    told: dict[str, Any], maintenances: Sequence[Maintenance]
) -> dict[str, Counter[MaintenanceState]]:
    """How many times each window's start and completion were told (_STEP_COUNTS), by what
    `told` recorded of it (told_events); none for a window new to it, whose keys name its
    own generation. A record from before they were counted says once for each its state
    had reached, so the next is keyed as none told was; a restart it told was keyed as the
    first start, and the completion after it is keyed as the first completion again."""
    found = told_events(told, maintenances)
    order = list(MaintenanceState)
    counts: dict[str, Counter[MaintenanceState]] = {}
    for m in maintenances:
        record = found.get(m.slug)
        steps: Counter[MaintenanceState] = Counter()
        if isinstance(record, dict):
            state = record.get("state")
            reached = next((i for i, s in enumerate(order) if s.value == state), -1)
            for step, name in _STEP_COUNTS.items():
                count = record.get(name)
                if not (isinstance(count, int) and count >= 0):
                    count = int(reached >= order.index(step))
                steps[step] = count
        counts[m.slug] = steps
    return counts


def told_files(previous: Snapshot) -> dict[str, datetime | None]:
    """The file of each incident and window `previous` recorded, by relative path, with the
    time of its newest update told (its start without one; None when neither is readable)."""
    found: dict[str, datetime | None] = {}
    for kind in ("incidents", "maintenances"):
        told = previous.get(kind, {})
        for slug, record in told.items() if isinstance(told, dict) else ():
            if not isinstance(slug, str) or not isinstance(record, dict):
                continue
            # A state edited by hand dates nothing with what is out of shape.
            updates = record.get("updates")
            keys = [k for k in updates if isinstance(k, str)] if isinstance(updates, list) else []
            newest = _told_until(_told_keys(keys))
            start = record.get("start")
            if newest is None and isinstance(start, str):
                with contextlib.suppress(ValueError):  # edited out of shape: no date
                    newest = _parsed(start)
            found[incident_file(slug)] = newest
    return found


def _told_start(record: dict[str, Any]) -> str | None:
    """The start a snapshot recorded for an event. A state from before starts were recorded
    gives its first told update's moment (an incident's start, unless its `date:` says
    otherwise); None when it gives neither."""
    start = record.get("start")
    if isinstance(start, str):
        return start
    return min((key.split(" ")[0] for key in record.get("updates", [])), default=None)


def told_events(
    told: dict[str, Any],
    events: Sequence[Event],
    lost: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, dict[str, Any]]:
    """What `told` (a snapshot's incidents or maintenances, by file name) recorded of each
    of `events`, by the event's file name; an event missing is new to its readers.

    Each is found under its own file name unless that held another event: one with another
    start, none of whose told updates it has (a withdrawn incident's file name taken again
    by the next of the same title). An edited start keeps its updates, a corrected update
    its start. Failing that, under a file name no event took: one whose told updates it all
    has, with its start or, when it told any, another (the file renamed, `git mv`, and its
    address with it; `new maintenance` names a file by its start, so a window moved is
    renamed too). A record that keeps the event's identity (_identity) asks for its title
    or opening text besides, and then as an event in its own file name does: its start or
    one told update (a time corrected in the commit that renamed it). One with its start is
    taken first, then one with more told updates in common. Last, what `lost` kept of an
    incident whose file a run found gone (_left): put back in its file name with its start
    or one told update, it is that incident (its `left_at` says so), the latest first."""
    found: dict[str, dict[str, Any]] = {}
    keys = {event.slug: set(_update_keys(event.updates)) for event in events}
    for event in events:
        record = told.get(event.slug)
        if not isinstance(record, dict):
            continue
        start = _told_start(record)
        if (
            start is None
            or start == _start(event)
            or _told_keys(record.get("updates", [])) & keys[event.slug]
            or _same_without_updates(record, event, keys[event.slug])
        ):
            found[event.slug] = record
    left = {slug: r for slug, r in told.items() if isinstance(r, dict) and slug not in found}
    for event in events:
        if event.slug in found:
            continue
        identity = set(_identity(event))
        carried = [
            (_told_start(record) != _start(event), -len(told_keys & keys[event.slug]), slug)
            for slug, record in left.items()
            if _renamed(
                record, told_keys := _told_keys(record.get("updates", [])), event, keys, identity
            )
        ]
        if carried:
            found[event.slug] = left.pop(min(carried)[2])
    for event in events:
        if event.slug in found:
            continue
        back = [
            record
            for record in (lost or {}).get(event.slug, [])
            if _told_start(record) == _start(event)
            or _told_keys(record.get("updates", [])) & keys[event.slug]
        ]
        if back:
            found[event.slug] = back[-1]
    return found


def _same_without_updates(record: dict[str, Any], event: Event, keys: set[str]) -> bool:
    """Whether `record`, in `event`'s file name, told it though neither has an update to
    share: an incident without a timeline whose `date:` was corrected keeps its title or
    text (_identity), and only its start says when it began."""
    recorded = record.get("identity")
    return (
        not keys
        and record.get("updates") == []
        and isinstance(recorded, list)
        and bool(set(_identity(event)).intersection(recorded))
    )


def _renamed(
    record: dict[str, Any],
    told_keys: set[str],
    event: Event,
    keys: dict[str, set[str]],
    identity: set[str],
) -> bool:
    """Whether `record`, under a file name no event took, told `event` (told_events)."""
    same_start = _told_start(record) == _start(event)
    recorded = record.get("identity")
    if isinstance(recorded, list):
        return bool(identity.intersection(recorded)) and (
            same_start or bool(told_keys & keys[event.slug])
        )
    # Recorded by an earlier release, without it: its told updates all here; with no
    # start in common, at least one of them.
    return told_keys <= keys[event.slug] and (bool(told_keys) or same_start)


class _Describer:
    """Builds Changes from the model, with the page's own links and Statuspage objects."""

    def __init__(
        self, site: Site, status: SiteStatus, baselines: dict[str, Any] | None = None
    ) -> None:
        self.site = site
        self.status = status
        # The statuses components.yaml set when the run before saw it (snapshot): the page
        # before this run's moment had those, as the edit is dated by this run. None: a
        # state from before they were recorded.
        self.baselines = baselines
        self.context = RenderContext(site=site, status=status)
        self.api = ApiBuilder(self.context)
        self.page = {
            "id": self.api.page_id,
            "title": site.settings.title,
            # Messages say times as the page does, in its zone (messages.py).
            "timezone": site.settings.timezone,
            "url": site.settings.base_url,
            "indicator": status.indicator.value,
            "description": status.description,
        }
        self._earlier: dict[datetime | tuple[datetime, str, int], _Describer] = {}

    def as_of(self, moment: datetime, step: tuple[Event, Update] | None = None) -> _Describer:
        """A describer of the page as it stood at `moment` (status.as_of, then the status
        then, measured too), or once the update of `step` was written (as_of_update): a
        message tells the page's status and the components of its event as they stood at
        the change it tells, as the event itself (event_as_of), not as a later change told
        in the same run left them, a later update of the same minute included."""
        upto = updates_through(*step) if step is not None else None
        if moment >= self.status.now and upto is None:
            return self
        key = (moment, step[0].slug, upto) if step is not None and upto is not None else moment
        earlier = self._earlier.get(key)
        if earlier is None:
            if step is not None and upto is not None:
                site = as_of_update(self.site, *step)
            else:
                site = as_of(self.site, moment)
            site = self._as_told(site)
            earlier = _Describer(site, measured_status(site, moment), self.baselines)
            self._earlier[key] = earlier
        return earlier

    def _as_told(self, site: Site) -> Site:
        """`site` with each component's status from components.yaml as the run before saw
        it: one added since as operational, the status its component_changed tells it
        changed from then (changes_between); one edited out of shape, or any in a state
        that recorded none, as it is now."""
        if self.baselines is None:
            return site
        operational = ComponentStatus.OPERATIONAL.value
        told = {
            c.id: ComponentStatus(value)
            for c in site.components
            if (value := self.baselines.get(c.id, operational)) in _STATUS_VALUES
            and value != c.status.value
        }
        if not told:
            return site
        components = tuple(
            replace(c, status=told[c.id]) if c.id in told else c for c in site.components
        )
        return replace(site, components=components)

    def shows(self, event: Event) -> bool:
        """Whether the page shows the event (a window whose announcement lies ahead of
        the page's moment does not)."""
        events: list[Event] = [*self.site.incidents, *self.site.maintenances]
        return any(e.slug == event.slug for e in events)

    def time(self, moment: datetime) -> str:
        return timestamp(moment, self.site.settings.tz)

    def event(
        self,
        kind: str,
        event: Event,
        update: Update | None,
        key: str,
        moment: datetime | None = None,
    ) -> Change:
        """The change `kind` of `event`, told with its `update`; at `moment` when the files
        give it no time of its own (an incident reopened by a resolution taken back, a
        window's work resumed by its end taken back)."""
        if isinstance(event, Incident):
            state = (update.state if update else event.state).value
            at = moment or (update.at if update else event.started_at)
            # As of its own update: one told with a later one in the same run must not
            # already say the later one's state (a kept message keeps what it said).
            then = self.then(at, event, update)
            body = then.api.incident_at(event, at, update)
            window = span = None
            impact: str | None = event.impact.value
        else:
            # A transition says the state it tells, which a later one may have passed.
            told = _KIND_STATE[kind] if kind in _KIND_STATE else self.status.maintenance[event.slug]
            shown = update.state if update and kind == "maintenance_updated" else told
            window = (self.time(event.scheduled_for), self.time(event.scheduled_until))
            impact = None
            at = moment or (update.at if update else _transition_time(event, told, self.status.now))
            # Completed by its state, but "Completed" would tell of work never done, in a
            # later update of a window called off too.
            state = shown_state(event, shown, at)
            # As of its own step, as an incident's: an update told with the window's end in
            # the same run must not already say it is completed.
            then = self.then(at, event, update)
            body = then.api.maintenance_at(event, at, update)
            # The span its page gives it, as of the change: a window started early or
            # over late is not told its plan as when it ran.
            earlier = maintenance_as_of(event, at, update)
            began, ended = window_span(earlier, maintenance_state(earlier, at), at)
            span = (self.time(began), None if ended is None else self.time(ended))
        return Change(
            kind=kind,
            key=key,
            title=event.title,
            state=state,
            message=(update.message if update else event.summary).strip(),
            url=self.context.absolute_url(urls.incident(event.slug)),
            at=self.time(at),
            # As of the change told, as its body: an update that later took a component
            # is no part of the opening, whenever notify ran.
            components=tuple(
                dict.fromkeys(a.id for a in event_as_of(event, at, update).components)
            ),
            affected=self.affected(kind, event, at, state, update),
            impact=impact,
            window=window,
            span=span,
            page=then.page,
            statuspage={"incident": body},
        )

    def standing(self, change: Change, event: Event) -> Change:
        """`change`, the message of an update written down late (dated before news of
        `event` already told), telling the event as the page shows it now: its state,
        components and webhook object. As of its own time it would take its readers back
        to a state the page left (a resolved incident reopened, with nothing to close it
        again); its text and time stay the update's."""
        now = self.status.now
        if isinstance(event, Incident):
            state = event.state.value
            body = self.api.incident(event)
            # Over: listed as its end lists them, with the worst each reached.
            kind = change.kind if event.is_open else "incident_resolved"
            span = None
        else:
            current = self.status.maintenance[event.slug]
            state = shown_state(event, current, now)
            body = self.api.maintenance(event)
            kind = change.kind
            began, ended = window_span(event, current, now)
            span = (self.time(began), None if ended is None else self.time(ended))
        return replace(
            change,
            state=state,
            components=tuple(dict.fromkeys(a.id for a in event.components)),
            affected=self.affected(kind, event, now, state),
            span=span,
            page=self.page,
            statuspage={"incident": body},
        )

    def then(self, moment: datetime, event: Event, update: Update | None = None) -> _Describer:
        """as_of(moment), or as of `update` of `event`, for a message about `event`; the
        page once it showed the event when it did not yet then (a window started before it
        was announced): not the page now, which may say what a later change did."""
        earlier = self.as_of(moment, (event, update) if update is not None else None)
        if earlier.shows(event):
            return earlier
        shown = self.as_of(max(moment, self.context.announced_at(event)))
        return shown if shown.shows(event) else self

    def affected(
        self, kind: str, event: Event, at: datetime, state: str, update: Update | None = None
    ) -> tuple[Affected, ...]:
        """The components the event touched by `at` (or by its `update`), each with its
        status: the status the event gave it then; once over (by its message's kind, or a
        window's `state` told), an incident's worst (as its page says it) and a window's
        components their status now, so no message after the end reads as if they were
        still down."""
        earlier = event_as_of(event, at, update)
        # In the page's order (Site.in_page_order), as the event's page lists them.
        given = {a.id: a.status for a in earlier.components}
        order = self.site.in_page_order(given)
        # Each as it stands alone on the page (`Europe - API` where another shares its name).
        named = self.context.standalone_name
        names = {cid: named(self.site.component(cid)) for cid in order}
        if state == CANCELLED:
            # As its page lists them: without a status, since it never held them.
            return tuple(Affected(names[cid]) for cid in order)
        if kind in _CLOSING and isinstance(earlier, Incident):
            steps = component_changes(earlier)
            return tuple(
                Affected(
                    named(self.site.component(cid)), worst_reached(steps[cid]).value, worst=True
                )
                for cid in self.site.in_page_order(steps)
            )
        if kind in _CLOSING or state == MaintenanceState.COMPLETED.value:
            now = self.status.components
            return tuple(Affected(names[cid], now.get(cid, given[cid]).value) for cid in order)
        if isinstance(earlier, Incident) and self.status.measured:
            # Open: as the JSON API and the webhook give it, the update's status with what
            # the checks measured just after it folded in (measured_update_changes).
            return tuple(
                Affected(names[cid], self._with_checks(cid, given[cid], at).value) for cid in order
            )
        return tuple(Affected(names[cid], given[cid].value) for cid in order)

    def _with_checks(
        self, component_id: str, status: ComponentStatus, at: datetime
    ) -> ComponentStatus:
        """`status`, as an update at `at` gave it, or what the checks measured then when
        worse."""
        measured = measured_for_update(self.site, self.status.measured, component_id, at)
        return status if measured is None else worst_status([status, measured])

    def component(
        self,
        component_id: str,
        old: str,
        new: str,
        not_before: str | None = None,
        seen_after: datetime | None = None,
        told: Sequence[str] = (),
        follows: datetime | None = None,
    ) -> Change:
        """The change of a component's status; `not_before` is when the status it ends was
        told to have begun, `seen_after` when the run before this one saw that status,
        `told` the keys of the component's changes told at the time of the last one,
        `follows` when the run dated the change of an event on it that the files date
        earlier (a front-matter resolution backdated before news told)."""
        component = self.site.component(component_id)
        wanted = api_id("component", component_id)
        dated = self.changed_at(component)
        # Named by the change itself, never by the run that found it: a run whose state
        # was not saved finds the same change again, and it must keep its key (and the
        # webhook's delivery id) for receivers to drop the repeat. Compared with the change
        # told before it as both are told, to the millisecond.
        told_start = not_before
        if not_before is None and old != ComponentStatus.OPERATIONAL.value and seen_after:
            # A state that does not say when the status it ends began: it was told by the
            # run before, and the files' date of its end may be an earlier outage's. Taken
            # to the minute, as the files date updates: an end written in the minute that
            # run saw the status is that end, not an earlier outage's.
            not_before = self.time(seen_after.replace(second=0, microsecond=0))
        # At or after the start told: an update's time is kept to the minute, so an end
        # written in the minute its status began shares that minute, and is still dated
        # by the files, never by the run that found it (nor ordered after later news).
        # Nor before the change of its event told at the run, which caused it: told
        # after its cause, and never dated before news already sent, as that change is.
        if (
            dated is not None
            and (not_before is None or _parsed(self.time(dated)) >= _parsed(not_before))
            and (follows is None or dated >= follows)
        ):
            moment = dated
            changed = self.time(moment)
            identity = f"{component_id}:{old}>{new}:{_utc_text(changed)}"
            # Only a start the state told names it: one a state without it stands in for
            # would give a change its releases before this one named alike another key.
            if told_start is not None:
                identity += f":{_utc_text(told_start)}"
        else:
            # The files do not date it (a `status:` edited in components.yaml, the incident
            # that set the status withdrawn): it happened after the run before saw the old
            # status, and is dated when notify first saw it. That run names it, so the same
            # two statuses changing again later are another change, and a run that tells it
            # again with the same state before it gives it the same key.
            moment = self.status.now
            if seen_after is not None:
                after = seen_after.astimezone(timezone.utc).isoformat()
            else:  # a state that does not say when it was written: the status it ends
                after = _utc_text(not_before) if not_before is not None else ""
            identity = f"{component_id}:{old}>{new}:seen after {after}"
            changed = self.time(moment)
        identity = _counted(identity, told)
        # The component as the page showed it with the change, as the message's page: an
        # update of its event written later (an `In progress` after the clock started the
        # window) is no part of it, whenever notify ran.
        shown = self.shown(component_id, new, moment)
        data = next(c for c in shown.api.components() if c["id"] == wanted)
        measure = self.status.measured.get(component_id)
        measured = None
        if measure is not None and not measure.advisory:
            measured = measure.status.value if measure.status is not None else UNKNOWN
        return Change(
            kind="component_changed",
            key=_component_key(identity),
            title=self.context.standalone_name(component),
            state=new,
            message="",
            url=self.context.absolute_url(urls.component(component_id)),
            # When the status changed, not when notify ran: so the change is told after
            # the incident that made it, not after every incident of the run.
            at=changed,
            components=(component_id,),
            affected=(Affected(self.context.standalone_name(component), new),),
            old_status=old,
            new_status=new,
            measured=measured,
            # At the very moment, not as told to the millisecond: a monitor goes stale a
            # microsecond after its three intervals, and the page before that still had it down.
            page=shown.page,
            statuspage={
                "component": data,
                "component_update": {
                    "old_status": old,
                    "new_status": new,
                    # When the status changed, as api/v2's component says: a run an hour
                    # after the change must not date it an hour late.
                    "created_at": changed,
                    "component_type": "Component",
                    "id": api_id("component_update", identity),
                    "component_id": data["id"],
                },
            },
        )

    def shown(self, component_id: str, status: str, moment: datetime) -> _Describer:
        """as_of(moment), for a message about a component's change to `status` then; once
        an event touching it first showed, when the page did not show that status yet (a
        window announced after its start, an incident whose `date:` is before its first
        update), as `then` has an event's message: its page never says otherwise."""

        def says(describer: _Describer) -> bool:
            shown = describer.status.components.get(component_id)
            return shown is not None and shown.value == status

        earlier = self.as_of(moment)
        if says(earlier):
            return earlier
        shown = sorted(
            event.updates[0].at
            for event in self.context.events_by_component[component_id]
            if event.updates and moment < event.updates[0].at <= self.status.now
        )
        for first in shown:
            later = self.as_of(first)
            if says(later):
                return later
        return earlier

    def changed_at(self, component: Component) -> datetime | None:
        """When the component's effective status became what it is now: the later of the
        last change its events declared and the last its checks made (as measured.changed_at
        asks), not the last update of an event touching it, which may tell no change of
        it at all (api/v2's updated_at); None without either."""
        events = self.context.events_by_component[component.id]
        declared = declared_change(component, events, self.status.maintenance, self.status.now)
        measure = self.status.measured.get(component.id)
        measured = measure.changed_at if measure is not None else None
        return max((m for m in (declared, measured) if m is not None), default=None)


def _parsed(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _utc_text(iso: str) -> str:
    """The same moment in UTC: a key stays the same when the page's time zone changes."""
    return _parsed(iso).astimezone(timezone.utc).isoformat()


def told_since(
    previous: Snapshot, changes: list[Change], site: Site, status: SiteStatus
) -> dict[str, str]:
    """When each component's status as told began: the earlier snapshot's, moved on by
    the component changes told now (a snapshot keeps it, for the next run's changes).

    A status told without a change (by a first run, one after the state was lost, or a
    state from before this was kept) began when the files say it did, or, undated and not
    operational, by this run at the latest: its end must never take an earlier date, such
    as an earlier incident's end once the incident that set it is withdrawn."""
    since: dict[str, str] = dict(previous.get("since", {}))
    for change in changes:
        if change.kind == "component_changed":
            since[change.components[0]] = change.at
    describe = _Describer(site, status)
    for component in site.components:
        if component.id in since:
            continue
        began = describe.changed_at(component)
        if began is None and status.components[component.id] is not ComponentStatus.OPERATIONAL:
            began = status.now
        if began is not None:
            since[component.id] = describe.time(began)
    return since


def _transition_time(maintenance: Maintenance, state: MaintenanceState, now: datetime) -> datetime:
    if state is MaintenanceState.SCHEDULED:
        # A window announced by no update is news when a run first sees it, not at its
        # start: as of its start it would already read "in progress".
        return (
            maintenance.updates[0].at
            if maintenance.updates
            else min(maintenance.scheduled_for, now)
        )
    if state is MaintenanceState.COMPLETED:
        return maintenance_completed_at(maintenance, now) or maintenance.scheduled_until
    return maintenance.scheduled_for


# Messages that say an event is over: their components are no longer in its statuses.
_CLOSING = frozenset(
    {"incident_resolved", "postmortem_published", "maintenance_completed", "maintenance_cancelled"}
)
# Messages that say an event began: a channel that never had one is owed no end (owed_end).
_BEGINNING = frozenset({"incident_opened", "maintenance_started"})
_INCIDENT_KIND: dict[UpdateState, str] = {
    IncidentState.RESOLVED: "incident_resolved",
    IncidentState.POSTMORTEM: "postmortem_published",
}
_MAINTENANCE_KIND = {
    MaintenanceState.SCHEDULED: "maintenance_scheduled",
    MaintenanceState.IN_PROGRESS: "maintenance_started",
    MaintenanceState.COMPLETED: "maintenance_completed",
}
_KIND_STATE = {kind: state for state, kind in _MAINTENANCE_KIND.items()}
# A window over before its work began (status.called_off) is told as called off, not as
# work completed; it is completed by its state all the same.
_KIND_STATE["maintenance_cancelled"] = MaintenanceState.COMPLETED
# The transitions a window may be told of more than once (its work started again after it
# was completed), each with the field of its record that counts how often it was told.
_STEP_COUNTS = {MaintenanceState.IN_PROGRESS: "started", MaintenanceState.COMPLETED: "completed"}
# The states a window reaches only after it started.
_PAST_THE_START = frozenset({MaintenanceState.VERIFYING, MaintenanceState.COMPLETED})
_PAST_THE_START_VALUES = frozenset(state.value for state in _PAST_THE_START)
_STATUS_VALUES = frozenset(s.value for s in ComponentStatus)
# What the key of an event's end says when it is told because the page no longer holds
# it: a window rewritten as an incident, or a window under way or an open incident deleted
# or taken off the page by its own edit (_withdrawn). A kept message so keyed is sent though
# the page shows no such event (as_shown).
_BECAME = "became an incident"
_WITHDRAWN = "withdrawn under way"
# The step a reopening is keyed by (_incident_changes), with when it was found.
_REOPENED = "reopened"
# What the key of an event's end told after a reopening adds to it, with when (_withdrawn).
_AFTER_REOPENING = "after reopening"
# The step the resolution of an incident a postmortem ended is keyed by, before the key of
# that postmortem (_ended_by_postmortem).
_ENDED_BY_POSTMORTEM = "ended by postmortem"
# What a webhook's window says was its announcement (api._maintenance).
_ANNOUNCED_KEYS = ("created_at", "started_at")
# A snapshot's field an earlier state did not record.
_UNRECORDED = object()
# The states a snapshot records for a window told started and not yet over.
_UNDER_WAY = frozenset({MaintenanceState.IN_PROGRESS.value, MaintenanceState.VERIFYING.value})
# The states a snapshot records for an incident that is over.
_CLOSED_STATES = frozenset(state.value for state in RESOLVED_INCIDENT_STATES)
# The states a snapshot records for an event told begun and not yet over (a window under
# way, an open incident): one that leaves the page so is told over there (_withdrawn).
_OPEN_STATES = frozenset(state.value for state in OPEN_INCIDENT_STATES)
_BEGUN = _UNDER_WAY | _OPEN_STATES


def behind(
    previous: Snapshot, site: Site, seen_at: datetime | None = None
) -> list[tuple[Event, datetime]]:
    """The events of `site` that hold fewer updates than `previous` told, lack the newest
    of those among the ones missing, and add none, or incidents told over that are open
    with just the updates told: files from an older commit than the run that told them (a
    deploy re-run with a fresh clock). Each with the time of the newest update told (or,
    for an incident told over, of the last run).

    An update taken out among others, or a new one written after the newest removed, is
    the author's correction, and told as usual; so is an update's time corrected, which
    leaves as many updates as were told (an older commit has fewer: a story only grows).
    So is everything when the site holds news
    the state never told: an update or an event dated after the run that told it (at
    `seen_at`; any, when that is not known). An older commit holds none (what it holds
    untold, an incident since withdrawn, is older than that run), and a newest update
    taken out on purpose must not hold back the news of another event."""

    def news(updates: Iterable[Update]) -> bool:
        return any(seen_at is None or update.at > seen_at for update in updates)

    found: list[tuple[Event, datetime]] = []
    for told, events in (
        (previous.get("incidents", {}), site.incidents),
        (previous.get("maintenances", {}), site.maintenances),
    ):
        records = told_events(told, events)
        for event in events:
            before = records.get(event.slug)
            if before is None:
                if news(event.updates):
                    return []
                continue
            recorded = before.get("updates", [])
            seen = _told_keys(recorded)
            keys = _update_keys(event.updates)
            if news(u for u, key in zip(event.updates, keys, strict=True) if key not in seen):
                return []
            if (
                isinstance(event, Incident)
                and before.get("state") in _CLOSED_STATES
                and event.is_open
                and seen == set(keys)
            ):
                # Told over, open here with the very updates told (none, for an incident
                # without a timeline): a checkout from before its `status: resolved`, which
                # added no update to lack. (An update taken out is weighed below; a
                # resolution taken back on purpose is told when git says this is current.)
                found.append((event, seen_at or event_start(event)))
                continue
            missing = seen.difference(keys)
            if not missing or len(keys) >= len(recorded):
                continue
            newest = max(_parsed(key.split(" ")[0]) for key in missing)
            if all(update.at <= newest for update in event.updates):
                found.append((event, newest))
    return found


def changes_between(
    previous: Snapshot,
    site: Site,
    status: SiteStatus,
    seen_at: datetime | None = None,
    whole: Site | None = None,
) -> list[Change]:
    """Every change from `previous` (what a run at `seen_at` saw) to what the site
    publishes now, oldest first; changes at one moment in the order their events began.
    `whole`: the site before it was narrowed for the page (what it left out is not gone)."""
    baselines = previous.get("baselines")
    describe = _Describer(site, status, baselines if isinstance(baselines, dict) else None)
    found: list[tuple[str, Change]] = []
    held, _ = generations(previous, site, status.now)
    # The events oldest first (the site lists them newest first): incidents opened in one
    # minute, all dated that minute, are told as they were opened, by start then file name.
    told_incidents = told_events(
        _told(previous, "incidents"), site.incidents, _left(previous, status.now)
    )
    told_maintenances = told_events(_told(previous, "maintenances"), site.maintenances)
    found += [
        (c.at, c)
        for c in _windows_become_incidents(
            describe, previous, site, told_incidents, told_maintenances
        )
    ]
    for kind, told in (("incidents", told_incidents), ("maintenances", told_maintenances)):
        found += [(c.at, c) for c in _withdrawn(describe, previous, site, whole, kind, told)]
    unshown = previous.get("unshown", {})
    follows: dict[str, datetime] = {}
    for incident in sorted(site.incidents, key=INCIDENT_ORDER):
        before = told_incidents.get(incident.slug)
        left = unshown.get(incident.slug) if isinstance(unshown, dict) else None
        hidden = set(left) if isinstance(left, list) else None
        changes = _incident_changes(
            describe, incident, before, held[incident.slug], seen_at, hidden
        )
        found += [(c.at, c) for c in changes]
        if not incident.updates:
            # Without a timeline, its change is dated at the run when its front matter
            # dates it before what was told (_incident_changes): its components' change,
            # which the files date alike, follows it.
            for change in changes:
                at = _parsed(change.at)
                for cid in change.components:
                    follows[cid] = max(follows.get(cid, at), at)
    announced = _announcements(_told(previous, "maintenances"), site.maintenances)
    steps = _steps_told(_told(previous, "maintenances"), site.maintenances)
    for maintenance in sorted(site.maintenances, key=MAINTENANCE_ORDER):
        before = told_maintenances.get(maintenance.slug)
        left = unshown.get(maintenance.slug) if isinstance(unshown, dict) else None
        changes = _maintenance_changes(
            describe,
            maintenance,
            before,
            announced[maintenance.slug],
            steps[maintenance.slug],
            held[maintenance.slug],
            set(left) if isinstance(left, list) else None,
        )
        found += [(c.at, c) for c in changes]
    # Those off the page then that its channels were told of (as_told's `away`): they last
    # heard the status told, whatever it was at the run before.
    told_components = _told(previous, "components")
    since: dict[str, str] = previous.get("since", {})
    for component in site.components:
        old = told_components.get(component.id)
        new = status.components[component.id].value
        if old is None and isinstance(baselines, dict) and component.id in baselines:
            # On the site but never told, not on the page then (its `show:` widened since):
            # the status it had at the run before (components.yaml as that run saw it, the
            # events as they stood) is taken as told, as a page added takes what it shows.
            # A change since is news, or its readers would hear of its recovery alone.
            if seen_at is None:
                continue  # a state that does not say when it was told: no moment to compare
            old = describe.as_of(seen_at).status.components[component.id].value
        if old is None and told_components and new != ComponentStatus.OPERATIONAL.value:
            # A component added since the last run, already not operational: what the page
            # shows of it was never told, and its recovery would be told alone. Told as a
            # change from operational, the status a new component is taken to start from.
            old = ComponentStatus.OPERATIONAL.value
        if old is not None and old != new:
            told = _component_keys(previous).get(component.id, {}).get("keys", [])
            change = describe.component(
                component.id,
                old,
                new,
                since.get(component.id),
                seen_at,
                told,
                follows.get(component.id),
            )
            found.append((change.at, change))
    # Stable: changes with equal times keep incident, maintenance, component order.
    found.sort(key=lambda pair: _parsed(pair[0]))
    return [change for _, change in found]


def gone_down(
    previous: Snapshot, site: Site, whole: Site | None = None, told: Sequence[Change] = ()
) -> dict[str, str]:
    """The components `previous` told in a status other than operational that the site
    (`whole`, before it was narrowed for the page) no longer lists, retired or removed, by
    id, each with the status told. No message tells a component gone: receivers keep it so.
    One whose recovery the run's own changes `told` give (an incident resolved with it in
    the same deploy) is not: its readers are told it operational beside the note."""
    listed = {c.id for c in (whole or site).components}
    operational = ComponentStatus.OPERATIONAL.value
    down = {
        cid: value
        for cid, value in _told(previous, "components").items()
        if cid not in listed and isinstance(value, str) and value != operational
    }
    return {cid: value for cid, value in down.items() if _last_told(cid, told) != operational}


def _last_told(component_id: str, changes: Sequence[Change]) -> str | None:
    """The status the last of `changes` (in the order told) to name the component gives
    it: a component_changed's new status, or the affected_components of the newest update
    an incident's or window's body gives a status of it; None when none names it."""
    code = api_id("component", component_id)
    said: str | None = None
    for change in changes:
        if change.kind == "component_changed" and change.components == (component_id,):
            said = change.new_status
            continue
        body = change.statuspage.get("incident")
        updates = body.get("incident_updates") if isinstance(body, dict) else None
        for update in updates if isinstance(updates, list) else []:  # newest first
            made = update.get("affected_components") if isinstance(update, dict) else None
            entries = made if isinstance(made, list) else []
            status = next(
                (
                    a.get("new_status")
                    for a in entries
                    if isinstance(a, dict) and a.get("code") == code
                ),
                None,
            )
            if isinstance(status, str):
                said = status
                break
    return said


def _windows_become_incidents(
    describe: _Describer,
    previous: Snapshot,
    site: Site,
    told_incidents: dict[str, dict[str, Any]],
    told_maintenances: dict[str, dict[str, Any]],
) -> list[Change]:
    """`maintenance_completed` for each window told started whose file now holds a new
    incident the page shows instead (its author rewrote it as one: the work went wrong; one
    the page does not show ends as withdrawn, _withdrawn). The incident's
    opening reaches incident channels; a maintenance channel heard the work start and
    would never hear it was over. Told as over when the incident began, with its opening
    text, keyed by the window's start, so a run that finds it again names it alike."""
    changes: list[Change] = []
    records = _told(previous, "maintenances")
    taken = {id(r) for r in told_maintenances.values()}
    for incident in site.incidents:
        before = records.get(incident.slug)
        if (
            incident.slug in told_incidents
            or not isinstance(before, dict)
            or id(before) in taken
            or before.get("state") not in _UNDER_WAY
            or not isinstance(start := _told_start(before), str)
        ):
            continue
        began = _parsed(start)
        ended = max(began, event_start(incident))
        first = incident.updates[0].message if incident.updates else incident.summary
        window = Maintenance(
            slug=incident.slug,
            title=incident.title,
            scheduled_for=began,
            scheduled_until=ended,
            explicit_state=MaintenanceState.COMPLETED,
            components=incident.components,
            summary=first,
            updates=(),
            source=incident.source,
            audiences=incident.audiences,
        )
        base = _base("maintenance", incident.slug, _generation(before))
        key = f"{base}:{_BECAME} {_utc_text(start)}"
        change = describe.event("maintenance_completed", window, None, key, ended)
        change = _heard_on(_dated_as_told(change, before, began, ended, describe), before)
        # The incident's opening update, as the e-mail's text: what the page now says of it.
        opening = describe.api.incident(incident)["incident_updates"][-1:]
        body = {**change.statuspage["incident"], "incident_updates": opening}
        changes.append(replace(change, statuspage={**change.statuspage, "incident": body}))
    return changes


def _withdrawn(
    describe: _Describer,
    previous: Snapshot,
    site: Site,
    whole: Site | None,
    kind: str,
    told_now: dict[str, dict[str, Any]],
) -> list[Change]:
    """The end, for the page, of each event of `kind` ("incidents", "maintenances") told
    begun and not over that left it: `maintenance_completed` for a window told started,
    `incident_resolved` for an incident told open, whose file was deleted (or made a draft),
    or that left the page by its own edit (_left_by_its_edit: its `audiences:` or its
    components); so is a window rewritten as an incident the page does not show. Its readers
    heard it begin and would never hear it end. Told once, as over when the run found it
    gone (or at the window's end, or when the incident began, if that came first), with
    what the state recorded of it (_under_way), keyed by its start so a run that finds it
    again names it alike. An event the page only left out (its `show:` narrowed), still on
    the site, is not over: it is told on when shown again. `told_now`: what was told of
    each event of `kind` the page shows (told_events)."""
    changes: list[Change] = []
    records = _told(previous, kind)
    taken = {id(r) for r in told_now.values()}
    listed = {c.id for c in site.components}
    on_site: dict[int, Event] = {}  # id of a record → the event it is, still on the site
    if whole is not None:
        everything: list[Event] = [
            *(whole.incidents if kind == "incidents" else whole.maintenances)
        ]
        events = {e.slug: e for e in everything}
        shown_then = previous.get("components")
        narrowed = set(shown_then) - listed if isinstance(shown_then, dict) else set()
        # The page's `show:` as it was at the last run (a state that recorded it), which
        # showed the event: then the page showing less is a component regrouped, not its
        # `show:` narrowed, and what leaves it is over for it, as by the event's own edit.
        # One the page had left out already (`away`) stays left out.
        kept_show = previous.get("show") == list(_page_show(site))
        on_page = previous.get(kind, {})
        shown_then_ids = {id(r) for r in on_page.values()} if isinstance(on_page, dict) else set()
        found = told_events(records, everything)
        on_site = {id(r): events[slug] for slug, r in found.items()}
        taken |= {
            id(r)
            for slug, r in found.items()
            if not _left_by_its_edit(
                r, events[slug], listed, narrowed, kept_show and id(r) in shown_then_ids
            )
        }
    shown = {i.slug for i in site.incidents}
    # Rewritten as an incident the page leaves out (another page's, or on components it
    # does not show): its readers heard the work start, and _windows_become_incidents,
    # which tells the incident's page, tells them nothing.
    unshown = {i.slug: i for i in (whole or site).incidents if i.slug not in shown}
    others: list[Event] = [*(whole or site).incidents, *(whole or site).maintenances]
    successors = {e.slug: e for e in others}
    now = describe.status.now
    windows = kind == "maintenances"
    for slug, before in records.items():
        if (
            not isinstance(before, dict)
            or id(before) in taken
            or (windows and slug in shown)  # rewritten as an incident: _windows_become_incidents
            or before.get("state") not in (_UNDER_WAY if windows else _OPEN_STATES)
            or not isinstance(start := _told_start(before), str)
        ):
            continue
        began = _parsed(start)
        until = before.get("until")
        try:
            ended = min(now, _parsed(until)) if isinstance(until, str) else now
        except ValueError:
            ended = now  # edited out of shape: when the run found it gone
        if windows and slug in unshown:
            # The work ended when the incident began, as the page showing it dates it.
            ended = min(ended, event_start(unshown[slug]))
        elif not windows and id(before) not in on_site and slug in successors:
            # Its file name holds another event now (a false alarm deleted, the real one
            # opened there): over before that one began, so a receiver that knows both by
            # the one address closes the first, not the second.
            ended = min(ended, event_start(successors[slug]))
        ended = max(began, ended)
        title = before.get("title")
        if not isinstance(title, str) and id(before) in on_site:
            # A state written before titles were recorded, the event still on the site.
            title = on_site[id(before)].title
        # A state written before titles were recorded: its file name, the one name left.
        title = title if isinstance(title, str) else slug
        recorded = before.get("components")
        told_on = [
            c for c in (recorded if isinstance(recorded, list) else []) if isinstance(c, str)
        ]
        # An incident's component moved to a group the page does not show is still one it
        # was told on: named at its end, as for a deleted file, though the page lists it no
        # more (a window's end says statuses, which the page no longer has of it).
        moved = (
            ()
            if windows or whole is None
            else tuple(c for c in whole.components if c.id in told_on and c.id not in listed)
        )
        named = listed | {c.id for c in moved}
        components = tuple(
            AffectedComponent(cid, ComponentStatus.OPERATIONAL) for cid in told_on if cid in named
        )
        event: Event
        if windows:
            event = Maintenance(
                slug=slug,
                title=title,
                scheduled_for=began,
                scheduled_until=ended,
                explicit_state=MaintenanceState.COMPLETED,
                components=components,
                summary="",
                updates=(),
                source=Source(""),
            )
            told_kind = "maintenance_completed"
        else:
            # Over for the page, as a resolution says it: a receiver that keeps what it was
            # told open (a Statuspage webhook's) closes it.
            event = Incident(
                slug=slug,
                title=title,
                state=IncidentState.RESOLVED,
                # As the page last said it, when the file still says it; else none known.
                impact=on.impact
                if isinstance(on := on_site.get(id(before)), Incident)
                else Impact.NONE,
                components=components,
                started_at=began,
                resolved_at=ended,
                monitoring_at=None,
                summary="",
                updates=(),
                source=Source(""),
            )
            told_kind = "incident_resolved"
        base = _base("maintenance" if windows else "incident", slug, _generation(before))
        key = f"{base}:{_WITHDRAWN} {_utc_text(start)}"
        reopened = before.get("reopened")
        if isinstance(reopened, dict) and isinstance(reopened.get("at"), str):
            # Put back open after an earlier end was told (_put_back), the incident ends
            # again: an end of its own, which receivers that drop a seen id must not drop.
            key = f"{key} {_AFTER_REOPENING} {reopened['at']}"
        # Described apart: the page's API keeps what it built of an event by file name, and
        # another event may hold this one's now (a false alarm deleted, the real one there).
        # A component moved off the page is named as a retired one is: in the message, not
        # in the page's list of components.
        naming = (
            replace(describe.site, retired=(*describe.site.retired, *moved))
            if moved
            else describe.site
        )
        apart = _Describer(naming, describe.status, describe.baselines)
        change = apart.event(told_kind, event, None, key, ended)
        if not windows:
            # Named without a status: the worst it reached is the file's, no longer here.
            change = replace(change, affected=tuple(Affected(a.name) for a in change.affected))
        change = _dated_as_told(change, before, began, ended, describe)
        told = _told_components(before)
        if told is None:
            # A state from before components were recorded: which ones the event named is
            # unknown, so a channel limited to some is told its end all the same (better
            # twice than never to one that heard it begin); the message lists none.
            change = replace(change, components=tuple(sorted(listed)))
        else:
            # Every channel told it began on one hears its end; the message lists those
            # it had at its end (`components`).
            heard = [cid for cid in told if cid in named]
            change = replace(change, components=tuple(dict.fromkeys([*change.components, *heard])))
        changes.append(_linked_home(change, describe.context.absolute_url()))
    return changes


def _left_by_its_edit(
    record: dict[str, Any], event: Event, listed: set[str], narrowed: set[str], kept_show: bool
) -> bool:
    """Whether `event`, told begun and not over (`record`: a window under way, an open
    incident), still on the site but no longer on the page, left it by its own edit (its
    `components:` no longer any the page shows, its `audiences:` no longer the page) rather
    than by the page's `show:` narrowed: the page still lists a component it was told on, so
    what the page shows of it is over. A state that did not record those components says
    which the page showed then: unless the page no longer shows (`narrowed`) one the event
    is on now, its `show:` does not explain it, and a lost end is worse than one told twice.
    With the page's `show:` as it was (`kept_show`), it did not narrow: the event left by an
    edit, its own or its component's moved to a group the page does not show."""
    if record.get("state") not in _BEGUN:
        return False
    if kept_show:
        return True
    recorded = _told_components(record)
    if recorded is not None:
        return any(cid in listed for cid in recorded)
    return not any(a.id in narrowed for a in event.components)


def _dated_as_told(
    change: Change, before: dict[str, Any], began: datetime, ended: datetime, describe: _Describer
) -> Change:
    """`change`, the end of a window its file no longer holds (a window built from the state,
    without updates), dated as its completion would have been: announced (created_at,
    started_at) when its messages said (_under_way's `announced_at`; its start for a state
    that did not record it), updated at its end. A window recorded without updates keeps
    the date such a window has (status.announced_at)."""
    body = change.statuspage["incident"]
    announced = before.get("announced_at", _UNRECORDED)
    if isinstance(announced, str):
        try:
            body = {**body, **dict.fromkeys(_ANNOUNCED_KEYS, describe.time(_parsed(announced)))}
        except ValueError:
            announced = _UNRECORDED  # edited out of shape: as a state without it
    if announced is _UNRECORDED:
        body = {**body, **dict.fromkeys(_ANNOUNCED_KEYS, describe.time(began))}
    body["updated_at"] = describe.time(ended)
    return replace(change, statuspage={**change.statuspage, "incident": body})


def owed_end(change: Change, dropped: Sequence[Change]) -> bool:
    """False when `change` tells the end of an event (its resolution, or that it left the
    page: _withdrawn) and a channel's kept message that began it is among `dropped` (never
    delivered): the channel never heard it begin, so its end is no news to it."""
    if not dropped or (change.kind not in _CLOSING and _told_gone(change) != _WITHDRAWN):
        return True
    event_id = change.statuspage.get("incident", {}).get("id")
    return not any(
        c.kind in _BEGINNING and c.statuspage.get("incident", {}).get("id") == event_id
        for c in dropped
    )


def _linked_home(change: Change, home: str) -> Change:
    """`change` linking to the page's home: the event it tells of has no page any more."""
    body = change.statuspage.get("incident")
    statuspage = {**change.statuspage, "incident": {**body, "shortlink": home}} if body else {}
    return replace(change, url=home, statuspage=statuspage or change.statuspage)


def _told_gone(change: Change) -> str | None:
    """_BECAME or _WITHDRAWN when `change` tells the end of a window its file no longer
    holds (_windows_become_incidents, _withdrawn), by its key; else None."""
    # An end told after a reopening names it after the start (_withdrawn).
    ended = rf":({_BECAME}|{_WITHDRAWN}) \S+( {_AFTER_REOPENING} \S+)?$"
    found = re.search(ended, change.key)
    return found.group(1) if found else None


def reopens_unheard(change: Change, unheard: Sequence[Change]) -> bool:
    """Whether `change` tells an incident open again (its resolution taken back, or back on
    the page after its end there was told) to a channel whose message of that resolution or
    end, kept for a retry, was dropped undelivered (`unheard`): the channel never heard the
    incident was over."""
    reopening = re.fullmatch(rf"(.*):{_REOPENED} \S+ \S+", change.key)
    if change.kind != "incident_updated" or reopening is None:
        return False
    base = reopening.group(1)
    return any(c.kind == "incident_resolved" and c.key.startswith(f"{base}:") for c in unheard)


def _step_key(base: str, step: str, event: Event) -> str:
    """The key of an event's step that no update's time names (its opening, a window's
    transitions): with the event's start, so a new event in a withdrawn one's file name
    is told with delivery ids of its own."""
    return f"{base}:{step} {_start(event)}"


def _counted_key(base: str, step: MaintenanceState, maintenance: Maintenance, told: int) -> str:
    """The key of a window's next `step` after `told` of them: the first keyed as earlier
    releases keyed it, each later one by its count, so a window moved back to a start it had,
    or started or completed again, is news with a delivery id of its own."""
    name = step.value if told == 0 else f"{step.value} #{told + 1}"
    return _step_key(base, name, maintenance)


def _incident_changes(
    describe: _Describer,
    incident: Incident,
    before: dict[str, Any] | None,
    generation: int,
    seen_at: datetime | None = None,
    hidden: set[str] | None = None,
) -> list[Change]:
    """The incident's changes since `before`, what was told of it (None: nothing) by a run
    at `seen_at`, as the `generation`th event after the first in its file name
    (generations); `hidden`: the keys of its updates the page left out then (snapshot),
    None when it had none or the incident was not there."""
    keys = _update_keys(incident.updates)
    base = _base("incident", incident.slug, generation)
    pairs = list(zip(incident.updates, keys, strict=True))
    left = [p for p in pairs if hidden is not None and p[1] in hidden]
    written = [p for p in pairs if p not in left]
    if before is None and hidden is not None and (left or not pairs):
        # Not on the page when its channels were last told, `left` already written (the
        # page shown more since): as a page added records what it shows, an incident over
        # then is no news; one open then is told once as it stood, with the newest of
        # those. Each update written since is news, as below.
        if not incident.is_open and not written:
            return []
        stood = left[-1][0] if left else None
        changes = []
        if stood is None or stood.state.value not in _CLOSED_STATES:
            opened = _step_key(base, "opened", incident)
            changes.append(describe.event("incident_opened", incident, stood, opened))
        new_updates = written
    elif before is None:
        if not incident.is_open:
            # First seen already over: one message, unless it is a backfill of old news.
            if _backfilled(incident, describe.status.now):
                return []
            if not incident.updates:
                return [
                    describe.event(
                        "incident_resolved", incident, None, _step_key(base, "new", incident)
                    )
                ]
            # Told with the update that ended it, then each later one of the closing run
            # that changed its state (a postmortem, a resolution correcting it), each by
            # its own kind, so the last told is the state the page shows. Alone, the end is
            # told as resolved whatever it says: a channel that hears of resolutions hears
            # of this one.
            end = final_resolution(incident.updates)
            end = len(incident.updates) - 1 if end is None else end
            closing = list(zip(incident.updates[end:], keys[end:], strict=True))
            news = closing[:1]
            news += [
                p
                for p, before in zip(closing[1:], closing, strict=False)
                if p[0].state is not before[0].state
            ]
            by_postmortem = _ends_unresolved(incident, news[0][0])
            kinds = (
                [_INCIDENT_KIND.get(u.state, "incident_resolved") for u, _ in news]
                if len(news) > 1 or by_postmortem
                else ["incident_resolved"]
            )
            closed = [
                describe.event(kind, incident, u, f"{base}:{key}")
                for (u, key), kind in zip(news, kinds, strict=True)
            ]
            if by_postmortem:
                closed.insert(0, _ended_by_postmortem(describe, incident, *news[0], base))
            return closed
        first = incident.updates[0] if incident.updates else None
        changes = [
            describe.event("incident_opened", incident, first, _step_key(base, "opened", incident))
        ]
        new_updates = list(zip(incident.updates[1:], keys[1:], strict=True))
    elif "left_at" in before and not incident.is_open:
        # Put back over (its file restored, or shown on the page again) after a run found
        # it gone: the page was told it was over then (_withdrawn, or it was already), and
        # its resolution since is no news there.
        return []
    else:
        # An update the page left out then (shown since, by a wider `show:`) was there when
        # its channels were told: no news, however its time compares. One written since
        # is, even dated before what was told (a forgotten update written down).
        told = _told_keys(before.get("updates", [])) | (hidden or set())
        seen = told | _stood_for(before, incident, keys)
        unseen, retimed = _retimed_out(
            [(u, k) for u, k in zip(incident.updates, keys, strict=True) if k not in seen],
            _told_order(before.get("updates", [])),
            keys,
            before.get("reopened"),
        )
        new_updates = _relabelled_out(
            unseen, told.difference(keys) - retimed, before.get("reopened")
        )
        changes = []
        newest = incident.updates[-1] if incident.updates else None
        told_state = before.get("state")
        now = describe.status.now
        # A state the page shows that no new update tells (one that does is told below).
        moved = (
            isinstance(told_state, str)
            and told_state != incident.state.value
            and not (new_updates and new_updates[-1][0] is newest)
        )
        # Its file put back (restored, its `draft: true` taken back) after a run found it
        # gone and told its components' recovery (told_events): open, it is open again.
        back = "left_at" in before and not (new_updates and new_updates[-1][0] is newest)
        if incident.is_open and (back or (moved and told_state in _CLOSED_STATES)):
            # Its resolution taken back (reverted, its update deleted, its `status:` edited
            # back): readers were last told it was over. Told as its newest update standing,
            # dated when found, as the files give the taking back no time; keyed by then,
            # so a second reopening reaches receivers that drop repeats.
            found_at = now.astimezone(timezone.utc).isoformat()
            key = _step_key(base, f"{_REOPENED} {found_at}", incident)
            told_now = describe.event("incident_updated", incident, newest, key, now)
            changes.append(_updated_when_told(told_now))
        elif moved and newest is not None and hidden is not None and keys[-1] in hidden:
            # Moved on while the page left it out (its `show:` narrowed after its channels
            # were told of it, widened since): they last heard the state told, and hear the
            # one it stands in once, with its newest update (its resolution, most often),
            # as an incident new to the page is told once as it stands.
            kind = _INCIDENT_KIND.get(newest.state, "incident_updated")
            changes.append(describe.event(kind, incident, newest, f"{base}:{keys[-1]}"))
        elif (
            moved
            and not incident.updates
            and not (told_state in _CLOSED_STATES and incident.state is IncidentState.RESOLVED)
        ):
            # Its state edited in the front matter of an incident without a timeline
            # (investigating → identified, or resolved with `resolved_at:`): told as the
            # update that would say it. Dated at its resolution, unless the run before saw
            # it open later (what was told, a reopening too, is never followed by an earlier
            # message), else when found; keyed by then, so a second resolution is news of
            # its own. A postmortem taken back leaves it over: no news. (An update deleted
            # from a timeline that leaves it open is no news either, as before.)
            moment = incident.resolved_at
            if moment is None or (seen_at is not None and moment < seen_at):
                moment = now
            kind = _INCIDENT_KIND.get(incident.state, "incident_updated")
            step = f"{incident.state.value} {moment.astimezone(timezone.utc).isoformat()}"
            key = _step_key(base, step, incident)
            changes.append(_updated_when_told(describe.event(kind, incident, None, key, moment)))
    old_end = (
        _backfill_end(incident, before.get("updates", []), describe.status.now)
        if before is not None and before.get("state") in _CLOSED_STATES
        else None
    )
    if old_end is not None:
        # Told over long ago, its timeline completed by hand since (a year of history
        # entered): updates dated before its resolution (that one too, its time corrected)
        # are as old as the incident, no news, as it was none first seen so; so they stay
        # when it is reopened, told or not before (a dry run records nothing). A
        # postmortem, or an update after the end (a reopening), is.
        new_updates = [
            (u, key)
            for u, key in new_updates
            if u.at > old_end or u.state is IncidentState.POSTMORTEM
        ]
    reopened = before.get("reopened") if before is not None else None
    told_until = _told_until(_told_keys(before.get("updates", []))) if before is not None else None
    for update, key in new_updates:
        kind = _INCIDENT_KIND.get(update.state, "incident_updated")
        if isinstance(reopened, dict) and key in reopened.get("updates", []):
            # Told, taken back and told reopened, now written again (a revert reverted):
            # news after the reopening, under a key naming it, since receivers drop the
            # first telling's id; dated when found, as the reopening was, the webhook's
            # object too: its update's own time is before the reopening told.
            again = f"{base}:after reopening {reopened.get('at')}:{key}"
            told_again = describe.event(kind, incident, update, again, describe.status.now)
            changes.append(_updated_when_told(told_again))
        else:
            telling = _told_news(describe, kind, incident, update, f"{base}:{key}", told_until)
            if (
                kind == "postmortem_published"
                and telling.kind == kind
                and _ends_unresolved(incident, update)
            ):
                changes.append(_ended_by_postmortem(describe, incident, update, key, base))
            changes.append(telling)
    if before is not None and before.get("state") in _OPEN_STATES:
        # Told open on components its edits took away since: a channel limited to those
        # hears it end all the same, as a window's (_heard_on).
        changes = [_heard_on(c, before) if c.kind in _CLOSING else c for c in changes]
    return changes


def _backfilled(incident: Incident, now: datetime) -> bool:
    """Whether `incident`, over, ended more than BACKFILL_AGE before `now`: written down
    after the fact, its end and what led to it are no news."""
    last_update = incident.updates[-1].at if incident.updates else incident.started_at
    return now - (incident.resolved_at or last_update) > BACKFILL_AGE


def _backfill_end(incident: Incident, told: list[str], now: datetime) -> datetime | None:
    """The latest resolution of `incident` that ended it more than BACKFILL_AGE before
    `now`, as told (`told`: the update keys recorded) or as its file says it now (its time
    corrected, or the incident reopened since); None when it has none so old."""
    ends = [u.at for u in incident.updates if u.state is IncidentState.RESOLVED]
    if not incident.is_open and incident.resolved_at is not None:
        ends.append(incident.resolved_at)
    for key in told:
        at, _, state = key.partition(" ")
        if state.split(" #")[0] == IncidentState.RESOLVED.value:
            try:
                ends.append(_parsed(at))
            except ValueError:
                continue  # a key edited out of shape dates nothing
    return max((end for end in ends if now - end > BACKFILL_AGE), default=None)


def _updated_when_told(change: Change) -> Change:
    """`change`, its webhook object updated at the moment the other channels give it
    ("Posted"): no update of its own dates the change (a state edited in the front
    matter, a reopening, a window's work resumed), or its update was told before a
    reopening (a revert reverted), and its own time, its newest update's or its opening's
    would date it before news already told, which a receiver keeping the latest
    `updated_at` drops."""
    body = {**change.statuspage["incident"], "updated_at": change.at}
    return replace(change, statuspage={**change.statuspage, "incident": body})


def _retimed_out(
    new_updates: list[tuple[Update, str]], told: list[str], keys: list[str], reopened: Any
) -> tuple[list[tuple[Update, str]], set[str]]:
    """`new_updates` (each with its key, of `keys`: all the incident's, in order) less those
    that are an update already told, its heading's time corrected since: the key told at its
    very place in the order (`told`, _told_order) is no longer in the file, says its state,
    and its time corrected keeps it between the updates told before and after it. Its readers
    heard it (its text corrected too is no news, as_shown); with the told keys so matched.
    One a reopening told took back (`reopened`, _reopening) is news again, as written back."""
    taken = reopened.get("updates", []) if isinstance(reopened, dict) else []
    places = {key: place for place, key in enumerate(keys)}
    news, matched = [], set()
    for update, key in new_updates:
        place = places[key]
        was = told[place] if place < len(told) else None
        if (
            was is None
            or was in places
            or was in taken
            or was.split(" ")[1] != update.state.value
            or not _between(update.at, told[place - 1] if place else None, told[place + 1 :])
        ):
            news.append((update, key))
            continue
        matched.add(was)
    return news, matched


def _between(moment: datetime, before: str | None, after: list[str]) -> bool:
    """Whether `moment` keeps its place between the told update keyed `before` (None: it
    was the first) and the first told after it (`after`, none when it was the last)."""
    try:
        earliest = None if before is None else _parsed(before.split(" ", 1)[0])
        latest = _parsed(after[0].split(" ", 1)[0]) if after else None
    except ValueError:
        return False  # a key edited out of shape places nothing
    return (earliest is None or earliest <= moment) and (latest is None or moment <= latest)


def _relabelled_out(
    new_updates: list[tuple[Update, str]], gone: set[str], reopened: Any
) -> list[tuple[Update, str]]:
    """`new_updates` (each with its key) less those that are an update already told, its
    heading's state edited since (`## Monitoring` to `## Identified`): each takes the place
    of a told key (`gone`: no longer in the file) of its very time. Its readers heard it,
    and the state it leaves is told only as a resolution taken back is (_incident_changes).
    One a reopening told took back (`reopened`, _reopening) is news again, as written back."""
    taken = reopened.get("updates", []) if isinstance(reopened, dict) else []
    times = Counter(key.split(" ", 1)[0] for key in gone)
    news = []
    for update, key in new_updates:
        at = key.split(" ", 1)[0]
        if key not in taken and times[at]:
            times[at] -= 1
            continue
        news.append((update, key))
    return news


def _ends_unresolved(incident: Incident, update: Update) -> bool:
    """Whether `update` of `incident` is a `Postmortem` that ends it (or ended it before a
    reopening), after an update that leaves it open, with no `Resolved` update in the
    closing run it starts: nothing else tells that end as a resolution."""
    if update.state is not IncidentState.POSTMORTEM:
        return False
    index = next(i for i, u in enumerate(incident.updates) if u is update)
    if index > 0 and incident.updates[index - 1].state in RESOLVED_INCIDENT_STATES:
        return False
    run = itertools.takewhile(
        lambda u: u.state in RESOLVED_INCIDENT_STATES, incident.updates[index:]
    )
    return all(u.state is not IncidentState.RESOLVED for u in run)


def _ended_by_postmortem(
    describe: _Describer, incident: Incident, update: Update, key: str, base: str
) -> Change:
    """The `incident_resolved` told before the `postmortem_published` of a `Postmortem`
    update that ended `incident` with no `Resolved` one, as `resolve` and then a postmortem
    are told: a channel that hears of resolutions hears of this one, and every end is told
    by the same kinds. It says `resolved`, the state the end is; its text is the update's."""
    change = describe.event(
        "incident_resolved", incident, update, f"{base}:{_ENDED_BY_POSTMORTEM}:{key}"
    )
    resolved = IncidentState.RESOLVED.value
    body = {**change.statuspage["incident"], "status": resolved}
    return replace(change, state=resolved, statuspage={**change.statuspage, "incident": body})


def _told_until(told: set[str], after: datetime | None = None) -> datetime | None:
    """The time of the newest update whose key (_update_keys) is in `told`, or `after`
    when later: an update written since and dated before it is written down late (its
    message tells the event as it stands, _Describer.standing). None: nothing told yet."""
    times = [] if after is None else [after]
    for key in told:
        try:
            times.append(_parsed(key.split(" ", 1)[0]))
        except ValueError:
            continue  # a key edited out of shape dates nothing
    return max(times, default=None)


def _told_news(
    describe: _Describer,
    kind: str,
    event: Event,
    update: Update,
    key: str,
    told_until: datetime | None,
    moment: datetime | None = None,
) -> Change:
    """The change telling `update` of `event`; one dated before `told_until` (a forgotten
    update written down after later news was told) as the event stands now."""
    change = describe.event(kind, event, update, key, moment)
    if told_until is not None and update.at < told_until:
        return describe.standing(change, event)
    return change


def _stood_for(before: dict[str, Any], incident: Incident, keys: list[str]) -> set[str]:
    """The keys of the updates of `incident` that say what was told of it without a
    timeline (`before` recorded no update): its readers heard its front matter's state,
    and `statusgen update` writes the updates that state stood for before its own
    (authoring.events._timeline_written): those up to the first in the state told (any
    closed one, for an incident told over). Nothing when none is in it (a timeline written
    by hand, or a state edited since and never told: news), for an incident told with
    updates, or for one still without any."""
    told_state = before.get("state")
    if before.get("updates") != [] or not incident.updates or not isinstance(told_state, str):
        return set()
    closed = told_state in _CLOSED_STATES
    reached = next(
        (
            i
            for i, update in enumerate(incident.updates)
            if (
                update.state.value in _CLOSED_STATES if closed else update.state.value == told_state
            )
        ),
        None,
    )
    return set() if reached is None else set(keys[: reached + 1])


def _starting(
    maintenance: Maintenance,
    updates: list[tuple[Update, str]],
    now: datetime,
    resumed: bool = False,
) -> tuple[Update, str] | None:
    """Of the window's `updates` (each with its key), the one that started its work: the
    first `In progress` one, unless the clock started the window before it was written
    (status.maintenance_started_at): then None, and that update is news of the work under
    way, told after the start, as a run between the two would tell it. Work `resumed` (after
    Verifying or Completed) is started again by the update that says so, whenever it is."""
    first = next((p for p in updates if p[0].state is MaintenanceState.IN_PROGRESS), None)
    if first is None or resumed or first[0].at <= maintenance_started_at(maintenance, now):
        return first
    return None


def _maintenance_changes(
    describe: _Describer,
    maintenance: Maintenance,
    before: dict[str, Any] | None,
    announced: int,
    steps: Counter[MaintenanceState],
    generation: int,
    hidden: set[str] | None = None,
) -> list[Change]:
    """The window's changes since `before`, what was told of it (None: nothing), after
    `announced` announcements told in its file name (_announcements) and the starts and
    completions `steps` counts (_steps_told), as the `generation`th event after the first
    there (generations); `hidden`: the keys of its updates the page left out then
    (snapshot), None when it had none or the window was not there."""
    state = describe.status.maintenance[maintenance.slug]
    keys = _update_keys(maintenance.updates)
    base = _base("maintenance", maintenance.slug, generation)

    def step_key(step: MaintenanceState) -> str:
        told = announced if step is MaintenanceState.SCHEDULED else steps[step]
        return _counted_key(base, step, maintenance, told)

    if before is None:
        if state is MaintenanceState.COMPLETED:
            return []  # a window written down after it closed is news to nobody
        pairs = list(zip(maintenance.updates, keys, strict=True))
        kind = _MAINTENANCE_KIND.get(state, "maintenance_started")
        left = [p for p in pairs if hidden is not None and p[1] in hidden]
        if left:
            # Not on the page when its channels were last told, `left` already written (the
            # page shown more since): told once as it stood, as an incident then is, with
            # the newest of those that says its state (the work's, once it runs; none when
            # the clock started it), or with the update that started it since; each update
            # written since is news.
            since = [p for p in pairs if p not in left]
            started = (
                _starting(maintenance, since, describe.status.now)
                if state is not MaintenanceState.SCHEDULED
                else None
            )
            if started is not None:
                stood: tuple[Update, str] | None = started
                since = since[since.index(started) + 1 :]
            else:
                stood = next(
                    (
                        p
                        for p in reversed(left)
                        if (p[0].state is MaintenanceState.SCHEDULED)
                        == (state is MaintenanceState.SCHEDULED)
                    ),
                    None,
                )
            update = stood[0] if stood else None
            return [describe.event(kind, maintenance, update, step_key(state))] + [
                describe.event("maintenance_updated", maintenance, u, f"{base}:{k}")
                for u, k in since
            ]
        if state is MaintenanceState.SCHEDULED:
            opening = pairs[0] if pairs else None
            after = 1
        else:
            # Already under way when the page first shows it (announced and started between
            # two runs, or on this page only from the update that started it): told as
            # started with what started it, as a start between two runs is, so the message
            # says the window as it stood then. Its announcement is no news once the work
            # runs; it is in that message's window all the same.
            opening = _starting(maintenance, pairs, describe.status.now)
            if opening is not None:
                after = pairs.index(opening) + 1
            else:  # started by the clock
                # Its news is what was written of the work after it began: an
                # announcement dated later still (a window written for today, already
                # running) announces the start the message tells.
                begun = maintenance.scheduled_for
                after = next(
                    (
                        i
                        for i, p in enumerate(pairs)
                        if p[0].at > begun and p[0].state is not MaintenanceState.SCHEDULED
                    ),
                    len(pairs),
                )
        update = opening[0] if opening else None
        opened = [describe.event(kind, maintenance, update, step_key(state))]
        # Its later updates are news too, each as of its own moment, as a new incident's
        # are.
        return opened + [
            describe.event("maintenance_updated", maintenance, u, f"{base}:{k}")
            for u, k in pairs[after:]
        ]
    changes: list[Change] = []
    # As an incident's: an update the page left out then (shown since) is no news.
    told_keys = _told_keys(before.get("updates", []))
    seen = told_keys | (hidden or set())
    pairs = list(zip(maintenance.updates, keys, strict=True))
    new_updates = [(u, k) for u, k in pairs if k not in seen]
    newest = new_updates[-1][0] if new_updates else None
    started = _starting(maintenance, new_updates, describe.status.now)
    began = started[0].at if started else maintenance.scheduled_for
    ended = maintenance_completed_at(maintenance, describe.status.now)
    if (
        before.get("state") == MaintenanceState.SCHEDULED.value
        and state in _PAST_THE_START
        and (ended is None or began < ended)
    ):
        # Started and ended between two runs: its start is news too, as an incident's
        # updates all are, with the update that started it if one did. A window closed
        # before it began (called off) never started.
        changes.append(
            describe.event(
                "maintenance_started",
                maintenance,
                started[0] if started else None,
                step_key(MaintenanceState.IN_PROGRESS),
            )
        )
        new_updates = [pair for pair in new_updates if pair is not started]
        newest = new_updates[-1][0] if new_updates else None
    told_start = before.get("start")
    if (
        state is MaintenanceState.SCHEDULED
        and before.get("state") == state.value
        and isinstance(told_start, str)
        and told_start != _start(maintenance)
    ):
        # Moved to another time (its times edited) before it began: subscribers know the
        # old start, so it is announced again, with an announcement written with the move
        # if any. Keyed by its count: a window moved back is news again too.
        carried = newest if newest is not None and newest.state is state else None
        # Moved while the page left it out (its `show:` narrowed and widened since): the
        # newest announcement written then, never told, says the move.
        unheard = [u for u, k in pairs if k in (hidden or set()) - told_keys and u.state is state]
        # Without one, it says again what its first update said: its summary is most often
        # empty, and a bare title and times would read as a second window.
        told = carried or next(
            reversed(unheard), maintenance.updates[0] if maintenance.updates else None
        )
        changes.append(describe.event("maintenance_scheduled", maintenance, told, step_key(state)))
        new_updates = new_updates[:-1] if carried is not None else new_updates
    if before.get("state") != state.value and state in _MAINTENANCE_KIND:
        # The transition's message carries the update written with it, if any: one of
        # another state (an update during the window, which the clock then ended) is told
        # on its own, and the transition at its own moment. A start carries the update that
        # started the work, as a first run's does; later ones of the work follow as updates.
        written: tuple[Update, str] | None
        resumed = False
        if state is MaintenanceState.IN_PROGRESS:
            resumed = before.get("state") in _PAST_THE_START_VALUES
            written = _starting(maintenance, new_updates, describe.status.now, resumed)
            if written is None and hidden:
                # Started while the page left it out (told, then its `show:` narrowed and
                # widened again): told with the newest update of the work it shows.
                work = [p for p in pairs if p[1] in hidden]
                written = next(
                    (p for p in reversed(work) if p[0].state is not MaintenanceState.SCHEDULED),
                    None,
                )
        else:
            last = new_updates[-1] if new_updates else None
            written = last if last is not None and last[0].state is state else None
        kind = _MAINTENANCE_KIND[state]
        if state is MaintenanceState.COMPLETED and called_off(maintenance, describe.status.now):
            kind = "maintenance_cancelled"
        # Work resumed by no update of its own (its `Verifying` or `Completed` update taken
        # back, a `git revert`): dated when found, as a reopened incident is. The window's
        # start would date it before the end its readers were told, which a receiver
        # keeping the latest `updated_at` drops.
        if resumed and written is None:
            now = describe.status.now
            change = _updated_when_told(
                describe.event(kind, maintenance, None, step_key(state), now)
            )
        else:
            change = describe.event(
                kind, maintenance, written[0] if written else None, step_key(state)
            )
        if state is MaintenanceState.COMPLETED:
            change = _heard_on(change, before)
        changes.append(change)
        new_updates = [pair for pair in new_updates if pair is not written]
    # A transition told is news up to its moment too: an update made during the work and
    # written down once the window was told completed is late.
    told_state = before.get("state")
    told_step = (
        _transition_time(maintenance, MaintenanceState(told_state), describe.status.now)
        if told_state in _PAST_THE_START_VALUES | {MaintenanceState.IN_PROGRESS.value}
        else None
    )
    told_until = _told_until(told_keys, told_step)
    if (
        told_state == MaintenanceState.COMPLETED.value
        and ended is not None
        and describe.status.now - ended > BACKFILL_AGE
        and all(u.at <= describe.status.now for u, _ in new_updates)
    ):
        # Told or recorded over long ago, its work written down by hand since: as old as
        # the window, no news, as it was none first seen after it closed. Work resumed is
        # (a new state, above).
        new_updates = []
    for update, key in new_updates:
        kind = "maintenance_updated"
        changes.append(_told_news(describe, kind, maintenance, update, f"{base}:{key}", told_until))
    return changes
