"""What an import brings: a neutral plan of components and events, and its text form.

The source modules fill a Plan; this module alone decides how a plan is spelled as
content/components.yaml and incident files, so every importer writes the same format.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from statusgen.authoring.edit import message_text, reads_back
from statusgen.load.text import slugify
from statusgen.model import (
    RESOLVED_INCIDENT_STATES,
    ComponentStatus,
    MaintenanceState,
    UpdateState,
)
from statusgen.status import impact_for_status, worst_status
from statusgen.timeline import format_component_line
from statusgen.weburls import HIDDEN_PASSWORD, HIDDEN_TOKEN, without_credentials

# The front-matter key (incidents, maintenance) and components.yaml key (components,
# groups) holding the source's own id, so a later import finds what it wrote before.
IMPORT_ID_KEY = "import_id"
# The first line of a components.yaml an import wrote; without it the file is the
# author's own and is only replaced with --force.
COMPONENTS_MARK = "# Written by `statusgen import"
# The front-matter key, under `import_id`, holding a hash of the text the import wrote:
# while the file hashes to it nobody edited it, and while a new import's text hashes to
# it the source did not change.
IMPORT_HASH_KEY = "import_hash"
_HASH_PREFIX = "sha256:"
# The front-matter keys and the heading end an import writes a time in (pinned_time).
_PINNED_KEYS = ("date", "resolved_at", "scheduled_for", "scheduled_until")
_PINNED = re.compile(
    r"(?<!\S)(?P<clock>\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) "
    r"(?P<offset>[+-]\d{2}:\d{2})$"
)
_UTC = ZoneInfo("UTC")


@dataclass
class PlannedComponent:
    import_id: str
    name: str
    description: str | None = None
    status: ComponentStatus = ComponentStatus.OPERATIONAL  # the baseline, not incidents'
    showcase: bool = True
    only_show_if_degraded: bool = False
    start_date: date | None = None
    # No longer on the source page, but named by its past incidents (docs/content.md).
    retired: bool = False
    id: str = ""  # the source's own id if it has one; Plan.assign_ids settles it


@dataclass
class PlannedGroup:
    import_id: str
    name: str
    description: str | None = None
    components: list[PlannedComponent] = field(default_factory=list)
    id: str = ""


@dataclass
class PlannedUpdate:
    state: UpdateState
    at: datetime
    body: str  # Markdown
    # component import id → the status this update set (its `Components:` line)
    components: dict[str, ComponentStatus] = field(default_factory=dict)
    # Added by StatusesNow, not the source's: its time is the import's reading, which a
    # later import keeps while the statuses stay (apply.py).
    taken: bool = False


@dataclass
class PlannedEvent:
    """An incident (`maintenance` false) or a maintenance window, timeline oldest first."""

    import_id: str
    title: str
    maintenance: bool
    updates: list[PlannedUpdate]
    # component import id → its status now: the last one the updates set, else the one
    # it held for the whole incident
    components: dict[str, ComponentStatus] = field(default_factory=dict)
    status: str | None = None  # front-matter status; None leaves it to the timeline/clock
    impact: str | None = None
    date: datetime | None = None  # incidents: when it started, if before the first update
    resolved_at: datetime | None = None  # incidents: only when no update says so
    # Components whose status in `components` is the one the source gives them now, not
    # one the event set (Statuspage lists them so): the event changed nothing of theirs.
    unchanged: set[str] = field(default_factory=set)
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None
    summary: str = ""
    # The source gives no impact (Upptime): the event's is the one its worst status now
    # implies, so a status taken on it (StatusesNow) moves it too.
    impact_by_status: bool = False
    # Component import id → status, for each component the event names that the source
    # no longer lists (a cState system removed while a post names it, a Statuspage
    # component deleted while an open incident or a window not completed names it, an
    # Upptime site a maintenance issue expects down): an earlier import's is kept and
    # named again (apply), else the event would lose what it affects. Its updates may
    # still name it: apply leaves it out of them, and of the event's components (where an
    # importer lists it in its place), when it is not kept.
    gone: dict[str, ComponentStatus] = field(default_factory=dict)
    # Ids earlier releases gave the same source item (a cState post's path, `x.md` or
    # `x/index.md`, before its slug): a file written with one is the event's (apply), so
    # a site imported before gets no second file for it.
    former_ids: tuple[str, ...] = ()

    @property
    def day(self) -> datetime:
        """The moment the file name is dated by: start of window, else of the incident."""
        first = self.scheduled_for or self.date or (self.updates[0].at if self.updates else None)
        assert first is not None, "an event has a date, a window or an update"
        return first

    @property
    def ended(self) -> datetime | None:
        """When the source ended the event: the first of the updates closing it (resolved,
        completed) after its last open one, else `resolved_at`; None while it is open."""
        closing = [*RESOLVED_INCIDENT_STATES, MaintenanceState.COMPLETED]
        index = len(self.updates)
        while index and self.updates[index - 1].state in closing:
            index -= 1
        return self.updates[index].at if index < len(self.updates) else self.resolved_at


# A line of components.yaml: a group or a component.
Entry = PlannedGroup | PlannedComponent


@dataclass
class Plan:
    """Everything one import writes, and what it could not carry over."""

    source: str  # e.g. "statuspage https://status.example.com"
    title: str | None = None
    base_url: str | None = None
    timezone: str | None = None
    groups: list[PlannedGroup] = field(default_factory=list)
    components: list[PlannedComponent] = field(default_factory=list)  # ungrouped
    order: list[str] = field(default_factory=list)  # import ids of groups/ungrouped, in order
    events: list[PlannedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def all_components(self) -> list[PlannedComponent]:
        return [c for g in self.groups for c in g.components] + self.components

    def shared_identities(self) -> list[tuple[Entry, Entry]]:
        """The groups and components that share one source id, in twos: a later import
        could not tell them apart, nor an incident which one it names."""
        first: dict[str, Entry] = {}
        shared: list[tuple[Entry, Entry]] = []
        entries: list[Entry] = [*self.groups, *self.all_components()]
        for entry in entries:
            if entry.import_id in first:
                shared.append((first[entry.import_id], entry))
            else:
                first[entry.import_id] = entry
        return shared

    def assign_ids(self, known: dict[str, str]) -> None:
        """Give every group and component a statusgen id: the one an earlier import gave
        the same source id (`known`), else one made from its name, unique in the file."""
        entries: list[Entry] = [*self.groups, *self.all_components()]
        # The ids an earlier import gave are reserved first: incidents (the author's own
        # too) name components by them, so a newcomer of the same name gets the suffix.
        taken: set[str] = set()
        fresh: list[Entry] = []
        for entry in entries:
            earlier = known.get(entry.import_id)
            if earlier and earlier not in taken:
                entry.id = earlier
                taken.add(earlier)
            else:
                fresh.append(entry)
        for entry in fresh:
            # An id the source gave (e.g. Upptime's slug) is kept, else one is made.
            wanted = entry.id or slugify(entry.name) or "component"
            candidate, n = wanted, 2
            while candidate in taken:
                candidate, n = f"{wanted}-{n}", n + 1
            entry.id = candidate
            taken.add(candidate)

    def hide_secrets(self) -> None:
        """Replace the secret of every address in the descriptions and the events' texts
        that holds a login or a token (weburls.without_credentials), noting each: every
        page, feed and the API would publish it, and the site's files would hold it."""
        entries: list[Entry] = [*self.groups, *self.all_components()]
        for entry in entries:
            if entry.description and entry.description != (
                hidden := without_credentials(entry.description)
            ):
                entry.description = hidden
                self.notes.append(
                    f"{entry.name}: an address in its description holds a login or a token, "
                    f"written with {HIDDEN_PASSWORD} or {HIDDEN_TOKEN} in its place"
                )
        for event in self.events:
            texts = [event.title, event.summary, *(u.body for u in event.updates)]
            event.title = without_credentials(event.title)
            event.summary = without_credentials(event.summary)
            for update in event.updates:
                update.body = without_credentials(update.body)
            if texts != [event.title, event.summary, *(u.body for u in event.updates)]:
                kind = "maintenance" if event.maintenance else "incident"
                self.notes.append(
                    f"{kind} '{event.title}': an address in its text holds a login or a "
                    f"token, written with {HIDDEN_PASSWORD} or {HIDDEN_TOKEN} in its place"
                )

    def component_id(self, import_id: str) -> str | None:
        for entry in self.all_components():
            if entry.import_id == import_id:
                return entry.id
        return None


class StatusesNow:
    """The status a source gives a component now, taken on by an open event whose
    updates leave it at another (Statuspage and Upptime let a status change without an
    update): on an update without a message, at the time the source says it changed
    (not before the event's update naming the component last), among the event's own
    updates in time order; the event's last update when the source gives no time. A
    later plain update of the source moves nothing, so a re-import keeps the time the
    status was reached, and once the source ends the event a re-import keeps the status
    (`keep`): the end says it ended, not that it never held. `write` adds the updates,
    once all are taken."""

    def __init__(self) -> None:
        # id() of each event → the event and the updates taken on it
        self._added: dict[int, tuple[PlannedEvent, list[PlannedUpdate]]] = {}

    def take(
        self,
        event: PlannedEvent,
        import_id: str,
        status: ComponentStatus,
        changed: datetime | None,
        state: UpdateState,
    ) -> datetime:
        """Take component `import_id` of open `event` (in `state`) to `status` from
        `changed`; the time it does."""
        assert event.updates, "an open event holding a status has an update"
        naming = [update.at for update in event.updates if import_id in update.components]
        # Not before the update that set what the component is changed from.
        at = max(changed, naming[-1] if naming else event.updates[0].at) if changed else None
        at = at or event.updates[-1].at
        self._hold(event, import_id, status, at, state)
        return at

    def keep(
        self,
        event: PlannedEvent,
        statuses: dict[str, ComponentStatus],
        at: datetime,
        state: UpdateState,
    ) -> None:
        """Put back on `event`, which the source ended since, the `statuses` an earlier
        import took at `at` (in `state`): at that time, as that import published them."""
        for import_id, status in statuses.items():
            self._hold(event, import_id, status, at, state)

    def _hold(
        self,
        event: PlannedEvent,
        import_id: str,
        status: ComponentStatus,
        at: datetime,
        state: UpdateState,
    ) -> None:
        """Set component `import_id` of `event` to `status` from `at`. The status an
        incident held it at, when no update names it, is put on its first update: the
        incident held it from there until `at`. A window's stays as it is: a window holds
        it from its start, not from its first update (the announcement)."""
        _, mine = self._added.setdefault(id(event), (event, []))
        named = any(import_id in update.components for update in [*event.updates, *mine])
        if not event.maintenance and not named and import_id in event.components:
            event.updates[0].components[import_id] = event.components[import_id]
        update = next((u for u in mine if u.at == at), None)
        if update is None:
            update = PlannedUpdate(state, at, "", taken=True)
            mine.append(update)
        update.components[import_id] = status
        # The status now is the last one the updates set: this one, unless an update of
        # the source's own sets another after it (a Statuspage resolution, operational).
        if not any(import_id in u.components for u in event.updates if u.at > at):
            event.components[import_id] = status
        if event.impact_by_status:
            event.impact = impact_for_status(worst_status(event.components.values())).value

    def write(self) -> None:
        """Add the updates taken to their events, each after the events' own up to its
        time, in the state the event was in then."""
        for event, mine in self._added.values():
            for update in sorted(mine, key=lambda u: u.at):
                index = sum(1 for own in event.updates if own.at <= update.at)
                if index < len(event.updates):
                    update.state = event.updates[index - 1].state if index else update.state
                event.updates.insert(index, update)
        self._added.clear()


def disagreement(source: str, said: str, newest: str, follows: str) -> str:
    """The note on an event whose source says one state (`said`) and whose newest update
    another: which of the two the file follows, in one wording for every importer."""
    return f"{source} says {said} but its newest update says {newest}; the file follows {follows}"


# --- text ----------------------------------------------------------------------------


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when YAML reads it back unchanged, else quoted
    (a JSON string is a valid YAML double-quoted scalar)."""
    if value and "\n" not in value and value == value.strip() and reads_back(value, value):
        return value
    return json.dumps(value, ensure_ascii=False)


def pinned_time(at: datetime, tz: ZoneInfo) -> str:
    """A time in the site's zone with its offset always written, so the record keeps
    its moment whatever the site's timezone later becomes; seconds only when set."""
    local = at.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if local.microsecond:
        text = local.strftime("%Y-%m-%d %H:%M:%S.") + f"{local.microsecond:06d}".rstrip("0")
    elif local.second:
        text = local.strftime("%Y-%m-%d %H:%M:%S")
    delta = local.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{text} {sign}{minutes // 60:02d}:{minutes % 60:02d}"


def components_yaml(plan: Plan) -> str:
    """content/components.yaml for the plan, groups and components in the source's order."""
    lines = [
        f"{COMPONENTS_MARK} {plan.source}`. A later import rewrites it;",
        "# delete this line to keep your own edits (the import then needs --force).",
        "",
    ]
    by_import: dict[str, Entry] = {g.import_id: g for g in plan.groups}
    by_import.update({c.import_id: c for c in plan.components})
    for import_id in plan.order:
        entry = by_import[import_id]
        if isinstance(entry, PlannedGroup):
            lines += _entry_lines(entry.id, entry.name, entry.description, import_id, "")
            lines.append("  components:")
            for component in entry.components:
                lines += _component_lines(component, "    ")
        else:
            lines += _component_lines(entry, "")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry_lines(
    cid: str, name: str, description: str | None, import_id: str, indent: str
) -> list[str]:
    lines = [f"{indent}- id: {scalar(cid)}", f"{indent}  name: {scalar(name)}"]
    if description:
        lines.append(f"{indent}  description: {scalar(description)}")
    lines.append(f"{indent}  {IMPORT_ID_KEY}: {scalar(import_id)}")
    return lines


def _component_lines(component: PlannedComponent, indent: str) -> list[str]:
    lines = _entry_lines(
        component.id, component.name, component.description, component.import_id, indent
    )
    if component.status is not ComponentStatus.OPERATIONAL:
        lines.append(f"{indent}  status: {component.status.value}")
    if not component.showcase:
        lines.append(f"{indent}  showcase: false")
    if component.only_show_if_degraded:
        lines.append(f"{indent}  only_show_if_degraded: true")
    if component.start_date is not None:
        lines.append(f"{indent}  start_date: {component.start_date.isoformat()}")
    if component.retired:
        lines.append(f"{indent}  retired: true")
    return lines


def event_markdown(event: PlannedEvent, plan: Plan, tz: ZoneInfo) -> str:
    """The incident or maintenance file: front matter, summary, then one canonical
    `## State at time` heading per update with its message."""
    front = [f"title: {scalar(event.title)}"]
    if event.status is not None:
        front.append(f"status: {event.status}")
    if event.impact is not None and not event.maintenance:
        front.append(f"impact: {event.impact}")
    if event.maintenance:
        assert event.scheduled_for is not None and event.scheduled_until is not None
        front.append(f"scheduled_for: {pinned_time(event.scheduled_for, tz)}")
        front.append(f"scheduled_until: {pinned_time(event.scheduled_until, tz)}")
    else:
        if event.date is not None:
            front.append(f"date: {pinned_time(event.date, tz)}")
        if event.resolved_at is not None:
            front.append(f"resolved_at: {pinned_time(event.resolved_at, tz)}")
    affected = [
        (cid, status)
        for import_id, status in event.components.items()
        if (cid := plan.component_id(import_id)) is not None
    ]
    if affected:
        front.append("components:")
        front += [f"  {scalar(cid)}: {status.value}" for cid, status in affected]
    front.append(f"{IMPORT_ID_KEY}: {scalar(event.import_id)}")
    parts = ["---\n" + "\n".join(front) + "\n---\n"]
    # Each message is written as `statusgen update` writes one: a code fence it leaves
    # open is closed, or it would swallow every update heading after it.
    if event.summary.strip():
        parts.append(message_text(event.summary) + "\n")
    for update, line in zip(event.updates, _component_lines_of(event, plan), strict=True):
        heading = f"## {update.state.label} at {pinned_time(update.at, tz)}"
        # A blank line after the status line, as `statusgen update` writes it.
        body = "\n\n".join(text for text in (line, message_text(update.body)) if text)
        parts.append(f"{heading}\n{body}\n" if body else f"{heading}\n")
    text = "\n".join(parts)
    marker = f"\n{IMPORT_ID_KEY}: {scalar(event.import_id)}\n"
    head, _, rest = text.partition(marker)
    return f"{head}{marker}{IMPORT_HASH_KEY}: {content_hash(text)}\n{rest}"


def _without_hash(text: str) -> tuple[str, str | None]:
    """`text` without its front matter's `import_hash` line, and the value on it."""
    lines = text.split("\n")
    if lines[0] != "---":
        return text, None
    for index, line in enumerate(lines[1:], start=1):
        if line == "---":
            break
        key, colon, value = line.partition(":")
        if colon and key == IMPORT_HASH_KEY:
            return "\n".join(lines[:index] + lines[index + 1 :]), value.strip()
    return text, None


def content_hash(text: str) -> str:
    """The hash of an imported file's text, its `import_hash` line left out and its times
    read in UTC: a change of the site's timezone is no change of the source (nor an edit)."""
    digest = hashlib.sha256(_in_utc(_without_hash(text)[0]).encode("utf-8")).hexdigest()
    return _HASH_PREFIX + digest[:16]


def _in_utc(text: str) -> str:
    """`text` with each time the import pins (front-matter times, update headings) as
    pinned_time writes it in UTC."""
    lines = text.split("\n")
    front = lines[0] == "---"
    for index, line in enumerate(lines):
        if index and front and line == "---":
            front = False
            continue
        pinned = line.split(":", 1)[0] in _PINNED_KEYS if front else line.startswith("## ")
        found = _PINNED.search(line) if pinned else None
        if found:
            at = datetime.fromisoformat(found["clock"] + found["offset"])
            lines[index] = line[: found.start()] + pinned_time(at, _UTC)
    return "\n".join(lines)


def recorded_hash(text: str) -> str | None:
    """The hash the import wrote into the file's front matter, if any."""
    return _without_hash(text)[1]


def without_hash(text: str) -> str:
    """The text an imported file is hashed over."""
    return _without_hash(text)[0]


def _component_lines_of(event: PlannedEvent, plan: Plan) -> list[str]:
    """Per update, its `Components:` line ("" for none). A front-matter component that no
    update names is written on the first update, so every status has its start on record
    (the same intervals as a file without lines, and `statusgen update` has nothing to add);
    one in the status it has anyway (its baseline, while the event is open or when the
    source gave it as the status now), on the next update that keeps the incident open.
    A window holds a front-matter component no update names from its start, whatever its
    first update's time (an announcement, long before): only its updates' own changes."""

    def line(sets: dict[str, ComponentStatus]) -> str:
        ids = {
            cid: status.value
            for import_id, status in sets.items()
            if (cid := plan.component_id(import_id)) is not None
        }
        return format_component_line(ids) if ids else ""

    if event.maintenance:
        return [line(update.components) for update in event.updates]
    named = {i for update in event.updates for i in update.components}
    baseline = {c.import_id: c.status for c in plan.all_components()}
    unnamed = {i: s for i, s in event.components.items() if i not in named}
    # A status the component holds anyway changed nothing. On the first update it would
    # be listed as a change (the first update lists every status it sets), which the
    # source never showed: a later update that keeps the incident open takes it instead.
    later = next(
        (
            index
            for index, update in enumerate(event.updates)
            if index and update.state not in RESOLVED_INCIDENT_STATES
        ),
        0,
    )
    # The baseline is the status now, which says nothing of a past incident: an outage
    # Upptime's closed issue reports started when it opened, whatever the site does now.
    # Only an open event, or a status the source gave as the one now, holds it anyway.
    still_open = bool(event.updates) and event.updates[-1].state not in RESOLVED_INCIDENT_STATES
    kept = {
        i: s
        for i, s in unnamed.items()
        if baseline.get(i) is s and (still_open or i in event.unchanged)
    }
    given = {0: {i: s for i, s in unnamed.items() if i not in kept}}
    given[later] = {**given.get(later, {}), **kept}
    return [
        line({**given.get(index, {}), **update.components})
        for index, update in enumerate(event.updates)
    ]


def event_file_name(event: PlannedEvent, tz: ZoneInfo) -> str:
    """`YYYY-MM-DD-title-words`, like the files `statusgen new` writes."""
    words = slugify(event.title)[:60].rstrip("-") or (
        "maintenance" if event.maintenance else "incident"
    )
    return f"{event.day.astimezone(tz):%Y-%m-%d}-{words}"
