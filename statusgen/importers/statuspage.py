"""Statuspage (Atlassian) pages: their public api/v2 JSON, live or saved, as a Plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from statusgen.importers.fetch import api_base
from statusgen.importers.html import plain_backslashes, plain_underlines, to_markdown
from statusgen.importers.plan import (
    Plan,
    PlannedComponent,
    PlannedEvent,
    PlannedGroup,
    PlannedUpdate,
    StatusesNow,
    disagreement,
)
from statusgen.importers.sources import (
    Problems,
    SourceError,
    key_line,
    moment,
    read_json,
    time_problem,
)
from statusgen.load.comments import without_comments
from statusgen.model import (
    ACTIVE_MAINTENANCE_STATES,
    RESOLVED_INCIDENT_STATES,
    ComponentStatus,
    Impact,
    IncidentState,
    MaintenanceState,
    UpdateState,
)
from statusgen.status import SEVERITY, bare_status, newest_said, worst_status

Json = dict[str, Any]
PREFIX = "statuspage:"
# The length of a maintenance window the source gives no sound end, nor a later update.
DEFAULT_WINDOW = timedelta(hours=1)
# What no import carries over, said once per import (docs/import.md lists them too).
NOT_CARRIED = (
    "Statuspage's ids and shortlinks: statusgen makes its own from the file names "
    "(the ids stay in import_id)",
    "subscribers, notification and tweet settings, and the page's custom design",
)


def read_folder(folder: Path, problems: Problems) -> dict[str, Any]:
    """Every JSON file in `folder` and its direct subfolders, by relative path; one that
    does not read is left out and kept in `problems`, for plan_from to report with its own."""
    found: dict[str, Any] = {}
    files = sorted([*folder.glob("*.json"), *folder.glob("*/*.json")])
    if not files:
        raise SourceError(
            folder,
            "no .json files in this folder",
            "save the page's api/v2 answers there: summary.json, components.json, "
            "incidents.json, scheduled-maintenances.json",
        )
    for path in files:
        with problems.gathered():
            name = path.relative_to(folder).as_posix()
            found[name] = read_json(path, "save the API's answer unchanged", inside=folder)
    return found


def plan_from(answers: dict[str, Any], source: str, problems: Problems | None = None) -> Plan:
    """The plan for a page, from its API answers (file name → parsed JSON); SourceErrors
    with every problem they have, and those already in `problems` (read_folder's)."""
    if problems is None:
        problems = Problems()
    page: Json = {}
    components: dict[str, Json] = {}
    incidents: dict[str, Json] = {}
    maintenances: dict[str, Json] = {}
    found_in: dict[int, str] = {}  # id() of each event kept → the answer it came from
    component_from: dict[str, str] = {}  # each component's id → the answer it came from
    page_from = ""
    later: list[str] = []  # where two answers disagree, and which one was taken
    without_id: list[str] = []

    def disagree(what: str, first: str, then: str, taken: str) -> None:
        # Listed whichever copy is taken: the one left aside may be what the reader expected.
        later.append(f"{what}: {first} and {then} disagree; took {taken}'s, the newer")

    def left_out(note: str) -> None:
        if note not in without_id:  # the same copy may be in several answers
            without_id.append(note)

    def add_component(component: Json, name: str) -> None:
        if not _has_id(component):
            # Incidents name a component by its id, and a later import finds it by it.
            kind = "group" if component.get("group") else "component"
            name = component.get("name") or "Untitled"
            left_out(
                f"{kind} '{name}': no id, by which incidents name it and a later import "
                "would find it; left out"
            )
            return
        known = components.get(component["id"])
        kept = known is not None and _newer(known, component)
        if known is not None and known != component:
            # Answers saved at different times: the newer copy says what the page is now.
            taken = component_from[component["id"]] if kept else name
            disagree(
                f"component '{component.get('name') or component['id']}'",
                component_from[component["id"]],
                name,
                taken,
            )
        if kept:
            return
        components[component["id"]] = component
        component_from[component["id"]] = name

    def add_event(event: Json, name: str) -> None:
        if not isinstance(event, dict):
            return
        if not _has_id(event):
            # Its id is what a later import finds it by, and what tells two copies apart.
            kind = "maintenance" if event.get("scheduled_for") else "incident"
            name = event.get("name") or "Untitled"
            left_out(f"{kind} '{name}': no id, by which a later import would find it; left out")
            return
        into = maintenances if event.get("scheduled_for") else incidents
        known = into.get(event["id"])
        # Keep the most complete copy: the one with more updates, then the newer one.
        if known is None or _completeness(event) >= _completeness(known):
            into[event["id"]] = event
            found_in[id(event)] = name

    listed_components = False  # whether an answer lists the page's components
    for name, data in answers.items():
        if not isinstance(data, dict):
            # Every api/v2 answer is an object: this file is something else.
            problems.found.append(
                SourceError(
                    _where(source, name),
                    f"not a Statuspage API answer: {_kind(data)}, not an object",
                    "save the API's answer unchanged (it starts with `{`), or move "
                    "this file out of the folder",
                )
            )
            continue
        if isinstance(data.get("page"), dict):
            kept = bool(page) and _newer(page, data["page"])
            if page and _page_fields(page) != _page_fields(data["page"]):
                disagree("the page", page_from, name, page_from if kept else name)
            if not kept:
                page, page_from = data["page"], name
        if isinstance(data.get("components"), list) and "incident_updates" not in data:
            listed_components = True
        for component in _dicts(data.get("components")):
            add_component(component, name)
        for event in _dicts(data.get("incidents")):
            add_event(event, name)
        for event in _dicts(data.get("scheduled_maintenances")):
            add_event(event, name)
        for key in ("incident", "scheduled_maintenance"):
            if isinstance(data.get(key), dict):
                add_event(data[key], name)
        if "incident_updates" in data:
            add_event(data, name)
    events = sorted([*incidents.values(), *maintenances.values()], key=lambda e: str(e.get("id")))
    if not listed_components:
        # No components.json nor summary.json: each event lists its components whole, with
        # their status now, so those are the page's; else each would read as deleted from
        # a list no answer gave. Of two copies, the one updated last.
        carried = [c for event in events for c in _dicts(event.get("components"))]
        for component in carried:
            add_component(component, "an incident's or maintenance's components")
    if not page and not components and not incidents and not maintenances:
        problems.settle()  # a file that is no answer says more than "nothing found"
        read = ", ".join(answers)
        raise SourceError(
            source,
            f"no Statuspage data found in {read}" if read else "no Statuspage data found",
            "expected the api/v2 answers: summary.json, components.json, incidents.json, "
            "scheduled-maintenances.json",
        )
    plan = Plan(
        source=f"statuspage {source}",
        title=page.get("name") or None,
        base_url=page.get("url") or None,
        timezone=page.get("time_zone") or None,
    )
    plan.notes += without_id + later
    if not listed_components and events:
        plan.notes.append(
            "no components list (components.json or summary.json) among the answers: the "
            "components are those the incidents and maintenance windows list, without "
            "their groups; save components.json beside them to bring every component"
        )
    _components(plan, list(components.values()))
    _retired(plan, [*incidents.values(), *maintenances.values()])
    listed = _listed_only(incidents.values())
    open_ids = _open_component_ids([*incidents.values(), *maintenances.values()], listed)
    for planned in plan.all_components():
        if planned.import_id in open_ids:
            # Its status now comes from the open event; the baseline is its own.
            planned.status = ComponentStatus.OPERATIONAL
    holding: list[Holding] = []
    for event in events:
        with problems.gathered():
            only = listed.get(str(event.get("id")), set())
            made = _event(event, plan, _where(source, found_in[id(event)]), problems, only)
            if made is not None:
                plan.events.append(made)
                state = _open_state(made, event)
                if state is not None:
                    holding.append((made, only, state))
    problems.settle()
    _as_the_answer_says(plan, components, page, holding, _named(incidents.values()))
    _starts_from_creation(plan, components)
    if len(incidents) == 50 and "incidents.json" in answers:
        plan.notes.append(
            "the API lists only the newest 50 incidents; older ones were not imported "
            "(save their per-incident JSON into the folder to bring them too)"
        )
    plan.notes += NOT_CARRIED
    return plan


def _where(source: str, name: str) -> str:
    """The saved file or the address an answer came from, for a problem in it."""
    if source.startswith(("http://", "https://")):
        return api_base(source) + name
    return str(Path(source) / name)


def _kind(value: Any) -> str:
    """What a JSON value is, in words: "a list", "text"."""
    # isinstance, not type(): the reader gives objects and lists as subclasses that keep
    # their lines, and bool is an int.
    kinds = {bool: "true or false", list: "a list", dict: "an object", str: "text"}
    if value is None:
        return "null"
    return next((w for t, w in kinds.items() if isinstance(value, t)), "a number")


def _text(item: Json, key: str, where: str, what: str, problems: Problems) -> str | None:
    """A body as text (None when absent); anything else is a problem at its line, and None."""
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    problems.found.append(
        SourceError(
            where,
            f"{what} is {_kind(value)}, not text",
            "Statuspage writes a body as text (with some HTML); save the API's answer "
            "unchanged, or write the body as a string",
            line=key_line(item, key),
        )
    )
    return None


def _shown(body: str | None) -> str:
    """An update's or postmortem's `body` as Markdown that shows what Statuspage shows: its
    HTML comments left out, as its page leaves them (and the other importers do); a line of
    dashes stays dashes (under a line or alone: only an `<hr>` draws a rule), a backslash
    before a quote or at a line's end stays a backslash."""
    text = to_markdown(without_comments(body or "").text, plain=True)
    return plain_backslashes(plain_underlines(text))


def _dicts(value: Any) -> list[Json]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _newer(known: Json, other: Json) -> bool:
    """Whether `known` (a component or the page) was updated after `other`, by their
    `updated_at`: of two copies in answers saved at different times, the newer says what
    the page is now. On a tie the copy read later is taken."""
    never = datetime.min.replace(tzinfo=timezone.utc)
    return (moment(known.get("updated_at")) or never) > (moment(other.get("updated_at")) or never)


def _page_fields(page: Json) -> tuple[Any, ...]:
    """What the import takes from the page: its name, address and time zone."""
    return page.get("name"), page.get("url"), page.get("time_zone")


def _completeness(event: Json) -> tuple[int, str]:
    return len(_dicts(event.get("incident_updates"))), str(event.get("updated_at") or "")


def _components(plan: Plan, components: list[Json]) -> None:
    by_id = {c["id"]: c for c in components}
    members: dict[str, list[Json]] = {}
    for component in components:
        group_id = component.get("group_id")
        if not component.get("group") and isinstance(group_id, str) and group_id in by_id:
            members.setdefault(group_id, []).append(component)
    top = [
        c
        for c in components
        if c.get("group") or not (isinstance(c.get("group_id"), str) and c["group_id"] in by_id)
    ]
    for entry in sorted(top, key=_position):
        if entry.get("group"):
            listed = [by_id[i] for i in entry.get("components") or [] if i in by_id]
            # The group's list gives the order; a member it leaves out (its group_id
            # names the group) still belongs in it, after the listed ones.
            unlisted = [c for c in members.get(entry["id"], []) if c not in listed]
            inside = listed + sorted(unlisted, key=_position)
            group = PlannedGroup(
                import_id=PREFIX + entry["id"],
                name=str(entry.get("name") or entry["id"]),
                description=entry.get("description") or None,
                components=[_component(c, plan) for c in inside],
            )
            if not group.components:
                plan.notes.append(f"group '{group.name}' has no components and was left out")
                continue
            plan.groups.append(group)
        else:
            plan.components.append(_component(entry, plan))
        plan.order.append(PREFIX + entry["id"])


def _starts_from_creation(plan: Plan, answers: dict[str, Json]) -> None:
    """Give each component without a start_date the day it was created (`created_at`):
    its record begins then, as Statuspage counts its uptime, and as a statusgen page's
    own api/v2 dates a component (its start_date, else the day the site's record began).
    Left out when that is the day the imported history begins anyway."""
    moments = [
        at
        for event in plan.events
        for at in (event.date, event.scheduled_for, *(u.at for u in event.updates))
        if at is not None
    ]
    first = min(moments, default=None)
    for planned in plan.all_components():
        data = answers.get(planned.import_id.removeprefix(PREFIX), {})
        created = moment(data.get("created_at"))
        if planned.start_date is not None or created is None:
            continue
        # The answer gives times in the page's zone: the date as written is the page's day.
        if first is None or created.date() != first.astimezone(created.tzinfo).date():
            planned.start_date = created.date()


def _position(component: Json) -> tuple[int, str]:
    position = component.get("position")
    return (position if isinstance(position, int) else 0, str(component.get("name")))


def _component(data: Json, plan: Plan) -> PlannedComponent:
    name = str(data.get("name") or data["id"])
    start: date | None = None
    if data.get("start_date"):
        try:
            start = date.fromisoformat(str(data["start_date"]))
        except ValueError:
            plan.notes.append(f"component '{name}': start_date {data['start_date']!r} unreadable")
    return PlannedComponent(
        import_id=PREFIX + data["id"],
        name=name,
        description=data.get("description") or None,
        status=_status(data.get("status")) or ComponentStatus.OPERATIONAL,
        showcase=data.get("showcase") is not False,
        only_show_if_degraded=data.get("only_show_if_degraded") is True,
        start_date=start,
    )


def _status(value: Any) -> ComponentStatus | None:
    try:
        return ComponentStatus(value)
    except ValueError:
        return None


def _time(item: Json, key: str, where: str, title: str, problems: Problems) -> datetime | None:
    """The time `item` gives under `key`, None when it gives none. One that is no time
    (2025-02-30, "soon") is a problem at its line, and None: another time standing in
    for it would tell a different story."""
    value = item.get(key)
    if value is None or value == "":
        return None
    found = moment(value) if isinstance(value, str) else None
    if found is None:
        problem, line = time_problem(value, key, key_line(item, key))
        problems.found.append(
            SourceError(
                where,
                f"'{title}': {problem}",
                "write a date that exists, as Statuspage does: 2026-03-01T10:00:00.000Z",
                line=line,
            )
        )
    return found


def _open_component_ids(events: Iterable[Json], listed: dict[str, set[str]]) -> set[str]:
    """The import ids of the components an open incident or maintenance in progress
    carries the status of (_carried), but not those it only lists (`listed`)."""
    open_states = {"investigating", "identified", "monitoring", "in_progress", "verifying"}
    ids: set[str] = set()
    for event in events:
        if event.get("status") in open_states:
            ids |= _carried(event) - listed.get(str(event.get("id")), set())
    return ids


def _carried(event: Json) -> set[str]:
    """The import ids of the components an event holds a status of, as _event reads it:
    those a window lists; those an incident's updates set, else (no update sets any)
    those it lists, when its impact implies an outage."""
    lists = {PREFIX + c["id"] for c in _dicts(event.get("components")) if _has_id(c)}
    if event.get("scheduled_for"):
        return lists
    set_by_updates = {
        PREFIX + affected["code"]
        for update in _dicts(event.get("incident_updates"))
        for affected in _dicts(update.get("affected_components"))
        if isinstance(affected.get("code"), str)
    }
    if set_by_updates:
        return set_by_updates
    if bare_status(_impact(event.get("impact"))) is ComponentStatus.OPERATIONAL:
        return set()  # listed without an outage: it carries nothing
    return lists


# An event holding its components' statuses when the answer was saved: the planned event,
# the components it only lists (_listed_only), and the state a later update of it says.
Holding = tuple[PlannedEvent, set[str], UpdateState]


def _open_state(made: PlannedEvent, data: Json) -> UpdateState | None:
    """The state an event is in when the answer was saved, if it holds its components'
    statuses then: an incident the file keeps open; a window the answer says is in
    progress or verifying, unless its updates complete it. None for any other."""
    if not made.maintenance:
        state = made.updates[-1].state if made.updates else IncidentState(made.status)
        return None if state in RESOLVED_INCIDENT_STATES else state
    newest = newest_said(made.updates)
    if newest is not None and newest.state is MaintenanceState.COMPLETED:
        return None
    active = {s.value: s for s in ACTIVE_MAINTENANCE_STATES}
    return active.get(str(made.status or data.get("status")))


def _as_the_answer_says(
    plan: Plan,
    answers: dict[str, Json],
    page: Json,
    holding: list[Holding],
    named: dict[str, list[tuple[datetime, ComponentStatus]]],
) -> None:
    """Give each component the status the answer gives it now wherever the plan would
    show another: Statuspage lets a status change without an update. An open event whose
    updates set the component takes it from the time the answer says it changed (the
    first of the last updates naming it with that status (`named`, _named), else the
    component's `updated_at`, else the page's), in an update without a message, so that
    nothing before then is rewritten: each event holding it at a worse status, else the
    one updated last. A component no open event sets takes it as its own status. Each is
    noted."""
    taken = StatusesNow()
    for planned in plan.all_components():
        import_id = planned.import_id
        answer = answers.get(import_id.removeprefix(PREFIX), {})
        said = _status(answer.get("status"))
        held = [h for h in holding if import_id in h[0].components]
        shown = worst_status([planned.status, *(made.components[import_id] for made, *_ in held)])
        if said is None or planned.retired or shown is said:
            continue
        setters = [
            (made, state)
            for made, only, state in held
            if made.updates and import_id not in made.unchanged | only
        ]
        if not setters:
            planned.status = said
            plan.notes.append(
                f"{planned.name} is {said.value} in the answer, and no open incident or "
                "window sets it: that is its own status"
            )
            continue
        changed = moment(answer.get("updated_at")) or moment(page.get("updated_at"))
        # An update names a component with its status then: from the first of those naming
        # it as it is now, it was. `updated_at` follows any later update of an event naming
        # it (one that outlasted the outage, say) and would move the change after it.
        named_at = _said_since(named.get(import_id, []), said)
        named_so = named_at is not None and (changed is None or named_at < changed)
        changed = named_at if named_so else changed
        worse = [
            h for h in setters if SEVERITY[h[0].components[import_id]] > SEVERITY[_due(h[0], said)]
        ]
        # Said worse than any event holds it: the one updated last takes it, a window
        # alone when it is a maintenance.
        able = [h for h in setters if _due(h[0], said) is said]
        latest = [max(able, key=lambda h: h[0].updates[-1].at)] if able else []
        windowed = any(made.maintenance and made.components[import_id] is said for made, *_ in held)
        if not (worse or latest) or (said is ComponentStatus.UNDER_MAINTENANCE and not windowed):
            planned.status = said
            plan.notes.append(
                f"{planned.name} is {said.value} in the answer, and no open window holds it: "
                "that is its own status"
            )
        for made, state in worse or latest:
            before, status = made.components[import_id], _due(made, said)
            at = taken.take(made, import_id, status, changed, state)
            utc = at.astimezone(timezone.utc)
            since = "its last update"
            if at == changed:
                since = (
                    "when an update names it so" if named_so else "when the answer says it changed"
                )
            plan.notes.append(
                f"'{made.title}': {planned.name} is {said.value} in the answer, but "
                f"{before.value} by the updates; it is {status.value} from "
                f"{utc:%Y-%m-%d %H:%M:%S} UTC ({since}), on an update without a message"
            )
    taken.write()


def _due(made: PlannedEvent, said: ComponentStatus) -> ComponentStatus:
    """The status open event `made` takes for the answer's `said`: a window holds a
    maintenance, never an incident. Statuspage shows the status set last, statusgen the
    worst, which ranks maintenance below any outage: an incident holding the component
    while the answer shows a window's maintenance has eased to operational."""
    maintained = said is ComponentStatus.UNDER_MAINTENANCE and not made.maintenance
    return ComponentStatus.OPERATIONAL if maintained else said


def _named(incidents: Iterable[Json]) -> dict[str, list[tuple[datetime, ComponentStatus]]]:
    """Per component import id, each time an incident's update names it and the status it
    names (its overall status then, _listed_only), in time order."""
    named: dict[str, list[tuple[datetime, ComponentStatus]]] = {}
    for incident in incidents:
        for import_id, (held, _) in _steps(incident).items():
            named.setdefault(import_id, []).extend((at, status) for at, _, status in held)
    for found in named.values():
        found.sort(key=lambda step: step[0])
    return named


def _said_since(
    named: list[tuple[datetime, ComponentStatus]], said: ComponentStatus
) -> datetime | None:
    """The first time of the last run of updates naming a component `said` (`named`, in
    time order), when nothing named it otherwise since; else None."""
    since = None
    for at, status in reversed(named):
        if status is not said:
            break
        since = at
    return since


# A step of a component's status in an incident: from, until (None: still held), status.
Step = tuple[datetime, datetime | None, ComponentStatus]


def _listed_only(incidents: Iterable[Json]) -> dict[str, set[str]]:
    """Per incident id, the import ids of the components it lists but did not set.

    An update names a component with its overall status, the worst of every incident's
    (as a statusgen page's own API does too), so an incident listing a component it does
    not affect names it with the outage another incident holds it in. Such a component
    keeps one status at every update that names it (`old_status` is `new_status`), while
    an incident that did change it holds it at that status or worse all along. Statuspage
    writes `old_status` as `new_status` even where it changed, so only the other incident's
    change tells the two apart; an incident that set a status the other one covered
    reads the same (docs/import.md says so)."""
    steps = {str(i.get("id")): _steps(i) for i in incidents}
    # Those whose status changed set it for sure; the others are only told apart by them.
    setters: dict[str, list[Step]] = {}
    for by_component in steps.values():
        for import_id, (held, changed) in by_component.items():
            if changed:
                setters.setdefault(import_id, []).extend(held)
    listed: dict[str, set[str]] = {}
    for event_id, by_component in steps.items():
        for import_id, (held, changed) in by_component.items():
            named = [
                step
                for other, found in steps.items()
                if other != event_id and import_id in found
                for step in found[import_id][0]
            ]
            if not changed and _covered(held, setters.get(import_id, []), named):
                listed.setdefault(event_id, set()).add(import_id)
    return listed


def _steps(incident: Json) -> dict[str, tuple[list[Step], bool]]:
    """Per component an incident's updates name: the steps of its status (each from the
    update naming it to the next one or the incident's end), and whether any update
    changed it. A time or status that does not read counts as a change: not ruled out."""
    if incident.get("scheduled_for"):
        return {}  # a maintenance holds its components for the whole window
    timed = []
    for update in _dicts(incident.get("incident_updates")):
        at = moment(update.get("display_at") or update.get("created_at"))
        if at is None:
            return {}
        timed.append((at, update))
    timed.sort(key=lambda pair: pair[0])
    closing = ("resolved", "postmortem")
    still = [at for at, update in timed if update.get("status") not in closing]
    ended = [at for at, update in timed if update.get("status") in closing]
    end = min((at for at in ended if not still or at > still[-1]), default=None)
    if end is None and incident.get("status") in closing:
        # Resolved without a word on the page: at its resolution time (as _event reads it).
        end = moment(incident.get("resolved_at")) or (timed[-1][0] if timed else None)
    found: dict[str, tuple[list[Step], bool]] = {}
    for at, update in timed:
        for affected in _dicts(update.get("affected_components")):
            code, new = affected.get("code"), _status(affected.get("new_status"))
            if not isinstance(code, str):
                continue
            held, changed = found.get(PREFIX + code, ([], False))
            if held:
                held[-1] = (held[-1][0], at, held[-1][2])
            changed = (
                changed
                or new is None
                or new is not _status(affected.get("old_status"))
                or (bool(held) and new is not held[-1][2])
            )
            held.append((at, end, new or ComponentStatus.OPERATIONAL))
            found[PREFIX + code] = (held, changed)
    return found


def _covered(held: list[Step], others: list[Step], named: list[Step]) -> bool:
    """Whether `others` hold the component at each step's status or worse for the whole
    step (one without an end: for good), or until another incident's update names it
    better (`named`: their steps, each begun by an update naming it). An update names a
    component with its overall status, so from then on nothing held it at the step's;
    what it names instead (short of operational) `others` must hold for the rest of the
    step too, or the incident is what holds it (another incident resolved under it)."""
    for start, until, status in held:
        better = [at for at, _, said in named if at > start and SEVERITY[said] < SEVERITY[status]]
        if better and (until is None or min(better) < until):
            cut = min(better)
            then = worst_status([said for at, _, said in named if at == cut])
            rest: list[Step] = [(cut, until, then)]
            if then is not ComponentStatus.OPERATIONAL and not _covered(rest, others, named):
                return False
            until = cut
        reach: datetime | None = start  # None: for good
        worse = [o for o in others if SEVERITY[o[2]] >= SEVERITY[status]]
        for other_start, other_until, _ in sorted(worse, key=lambda o: o[0]):
            if reach is None or other_start > reach:
                break
            reach = None if other_until is None else max(reach, other_until)
        if reach is not None and (until is None or reach < until):
            return False
    return True


def _event(
    data: Json, plan: Plan, where: str, problems: Problems, listed: set[str]
) -> PlannedEvent | None:
    """The planned event, with the statuses each update set (`listed`: the components it
    lists but did not set, _listed_only); a time or body that does not read is kept in
    `problems`."""

    maintenance = bool(data.get("scheduled_for"))
    title = str(data.get("name") or "Untitled")

    def time(item: Json, key: str) -> datetime | None:
        return _time(item, key, where, title, problems)

    states: dict[str, UpdateState] = (
        {s.value: s for s in MaintenanceState}
        if maintenance
        else {s.value: s for s in IncidentState}
    )
    # Each update with its place in the timeline: its time, then when it was written, then
    # its place in the list, which Statuspage gives newest first; and the answer's update.
    timeline: list[tuple[tuple[datetime, datetime, int], PlannedUpdate, Json]] = []
    for position, raw in enumerate(_dicts(data.get("incident_updates"))):
        shown, created = time(raw, "display_at"), time(raw, "created_at")
        at = shown or created
        state = states.get(str(raw.get("status")))
        if at is None or state is None:
            plan.notes.append(
                f"'{title}': an update with status {raw.get('status')!r} at "
                f"{raw.get('display_at') or raw.get('created_at')!r} was left out"
            )
            continue
        sets = _statuses_set(raw, title, plan, listed)
        what = f"the body of '{title}' at {raw.get('display_at')}"
        text = _shown(_text(raw, "body", where, what, problems))
        update = PlannedUpdate(state, at, text, sets)
        timeline.append(((at, created or at, -position), update, raw))
    postmortem_at = time(data, "postmortem_published_at")
    postmortem = _text(data, "postmortem_body", where, f"the postmortem of '{title}'", problems)
    if postmortem and postmortem_at is not None and not maintenance:
        update = PlannedUpdate(IncidentState.POSTMORTEM, postmortem_at, _shown(postmortem))
        timeline.append(((postmortem_at, postmortem_at, 1), update, {}))
    timeline.sort(key=lambda placed: placed[0])
    updates = [update for _, update, _ in timeline]
    impact = _impact(data.get("impact"))
    said_impact = data.get("impact")
    if not maintenance and said_impact is not None and said_impact not in {i.value for i in Impact}:
        plan.notes.append(
            f"'{title}': impact {said_impact!r} is not one Statuspage writes (none, minor, "
            "major, critical); left out, and the impact comes from the components' statuses"
        )
    # The answer lists an event's components with their status now, whatever set it (a
    # later incident, a window open when it was saved): never the status the event held.
    lists = [PREFIX + c["id"] for c in _dicts(data.get("components")) if _has_id(c)]
    starts = time(data, "scheduled_for") if maintenance else None
    unchanged: set[str] = set()
    if maintenance:
        components = _window_statuses(lists, [(u, raw) for _, u, raw in timeline], starts)
    else:
        components, unchanged = _incident_statuses(lists, updates, impact, plan)
    unknown = [i for i in components if _unknown(i, plan)]
    for import_id in unknown:
        plan.notes.append(f"'{title}': affected component {import_id} no longer exists; left out")
        del components[import_id]
        for update in updates:
            update.components.pop(import_id, None)
    deleted: dict[str, ComponentStatus] = {}
    if str(data.get("status")) not in ("resolved", "postmortem", "completed"):
        # An open incident, or a window not completed (started by the clock too), cannot
        # name a retired component (check refuses it, or the page shows the window taking
        # nothing), and one the page deleted is retired here (_retired). The one an
        # earlier import wrote is kept on the page for the event and named again, else it
        # is left out (apply); its updates' statuses stay until then.
        deleted = {i: s for i, s in components.items() if _retired_component(i, plan)}
        for import_id in deleted:
            del components[import_id]
    event = PlannedEvent(
        import_id=PREFIX + str(data["id"]),
        title=title,
        maintenance=maintenance,
        updates=updates,
        components=components,
        impact=None if maintenance or impact is None else impact.value,
        unchanged=unchanged,
        gone=deleted,
    )
    if maintenance:
        event.scheduled_for = starts
        if starts is None:
            plan.notes.append(f"'{title}': maintenance without a readable window; left out")
            return None
        ends = time(data, "scheduled_until")
        if ends is None or ends <= starts:
            # A window needs an end after its start: until its last update, if that came
            # later (the work took that long), else one hour.
            last = updates[-1].at if updates else starts
            ends = last if last > starts else starts + DEFAULT_WINDOW
            said = data.get("scheduled_until")
            utc = ends.astimezone(timezone.utc)
            plan.notes.append(
                f"'{title}': scheduled_until {'missing' if said is None else repr(said)} "
                f"does not end the window after it starts; it ends at {utc:%Y-%m-%d %H:%M} "
                f"UTC ({'its last update' if last > starts else 'one hour later'})"
            )
        event.scheduled_until = ends
        said = str(data.get("status"))
        newest = newest_said(updates)
        if said == "completed" and updates and updates[-1].state.value == "completed":
            # Closed by hand (perhaps early): keep that word rather than follow the clock.
            event.status = "completed"
        elif said in {s.value for s in ACTIVE_MAINTENANCE_STATES} and newest is not None:
            # Still open when the answer was saved, perhaps past its end: the clock would
            # complete it then, so the word is kept, as the updates give it. A window whose
            # updates end at its announcement was started by the clock, which keeps it.
            if newest.state in ACTIVE_MAINTENANCE_STATES:
                event.status = newest.state.value
            if newest.state.value not in (said, MaintenanceState.SCHEDULED.value):
                follows = "the updates"
                plan.notes.append(
                    f"'{title}': {disagreement('Statuspage', said, newest.state.value, follows)}"
                )
        return event
    said_start, created = time(data, "started_at"), time(data, "created_at")
    started = said_start or created
    said = str(data.get("status"))
    resolved_at = time(data, "resolved_at")
    closing = {IncidentState.RESOLVED, IncidentState.POSTMORTEM}
    if updates and said in ("resolved", "postmortem") and updates[-1].state not in closing:
        # Resolved without a word on the page: the resolution time is still on record,
        # else the incident was resolved by its last change, which `updated_at` dates.
        last, changed = updates[-1].at, moment(data.get("updated_at"))
        if resolved_at is None:
            resolved_at = max(last, changed) if changed is not None else last
            which = "its updated_at" if resolved_at > last else "its newest update's time"
            plan.notes.append(
                f"'{title}': Statuspage says {said} but gives no resolved_at; resolved at "
                f"{which} ({resolved_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)"
            )
        updates.append(PlannedUpdate(IncidentState.RESOLVED, max(resolved_at, last), ""))
    newest = updates[-1].state.value if updates else None
    if newest is not None and newest != said:
        plan.notes.append(f"'{title}': {disagreement('Statuspage', said, newest, 'the updates')}")
    event.status = newest or (said if said in states else IncidentState.RESOLVED.value)
    if started is not None and (not updates or started < updates[0].at):
        event.date = started
    if not updates:
        if event.status in ("resolved", "postmortem") and resolved_at is not None:
            event.resolved_at = max(resolved_at, started) if started else resolved_at
        if started is None:
            plan.notes.append(f"'{title}': incident without any time; left out")
            return None
    return event


def _incident_statuses(
    lists: list[str], updates: list[PlannedUpdate], impact: Impact | None, plan: Plan
) -> tuple[dict[str, ComponentStatus], set[str]]:
    """An incident's statuses now, as history.md means them: the last each update set.
    A component it lists (`lists`) that no update sets holds what the impact implies
    when no update sets any, as a statusgen incident written without a timeline does;
    else it changed nothing, and holds the component's own status (those are the set
    returned with the statuses, PlannedEvent.unchanged)."""
    components: dict[str, ComponentStatus] = {}
    timeline = any(update.components for update in updates)
    own = {c.import_id: c.status for c in plan.all_components()}
    for import_id in lists:
        if timeline:
            components[import_id] = own.get(import_id, ComponentStatus.OPERATIONAL)
        else:
            components[import_id] = bare_status(impact)
    unchanged = set(components) if timeline else set()
    for update in updates:
        components.update(update.components)
        unchanged -= set(update.components)
    return components, unchanged


def _window_statuses(
    lists: list[str], timeline: list[tuple[PlannedUpdate, Json]], starts: datetime | None
) -> dict[str, ComponentStatus]:
    """A maintenance window's statuses now (its front matter), each update's `components`
    left as the changes it made during the window (its `Components:` line).

    A window's announcement (a Scheduled update) names the components it will take,
    each unchanged (as a statusgen page's api/v2 lists a window's own components): what
    one holds from the window's start is told by the first update after it naming it, by
    the status it sets at the start, else by the one it changes from (`old_status`);
    `under_maintenance` when none does, nor when the window lists a component no update
    names. The window's end (Completed, setting `operational`) is no change of its own."""
    scheduled = MaintenanceState.SCHEDULED
    announced = [i for i in lists if all(i not in u.components for u, _ in timeline)]
    for update, _ in timeline:
        if update.state is scheduled:
            announced += [i for i in update.components if i not in announced]
            update.components = {}
        elif update.state is MaintenanceState.COMPLETED:
            update.components = {
                i: s for i, s in update.components.items() if s is not ComponentStatus.OPERATIONAL
            }
    held: dict[str, ComponentStatus] = {}
    for import_id in announced:
        held[import_id] = ComponentStatus.UNDER_MAINTENANCE
        for update, raw in timeline:
            changes = _dicts(raw.get("affected_components"))
            change = next((a for a in changes if PREFIX + str(a.get("code")) == import_id), None)
            if update.state is scheduled or change is None:
                continue
            if starts is not None and update.at <= starts and import_id in update.components:
                held[import_id] = update.components.pop(import_id)
            else:
                held[import_id] = _status(change.get("old_status")) or held[import_id]
            break
    first = timeline[0][0] if timeline else None
    later = {i for update, _ in timeline for i in update.components}
    if first is not None:
        # A component a later update changes holds its status from the start only when
        # an update names it from then on: the first, as `statusgen update` writes it.
        first.components = {
            **{i: s for i, s in held.items() if i in later and i not in first.components},
            **first.components,
        }
    components = {i: held.get(i, ComponentStatus.UNDER_MAINTENANCE) for i in lists}
    components.update(held)
    for update, _ in timeline:
        components.update(update.components)
    return components


def _statuses_set(
    raw: Json, title: str, plan: Plan, listed: set[str]
) -> dict[str, ComponentStatus]:
    """The statuses an update set (`affected_components`: code, new_status), by import id;
    a component the incident only lists (`listed`, _listed_only) is named `operational`,
    as statusgen writes a component listed without an outage."""
    sets: dict[str, ComponentStatus] = {}
    for affected in _dicts(raw.get("affected_components")):
        status = _status(affected.get("new_status"))
        code = affected.get("code")
        if isinstance(code, str) and PREFIX + code in listed:
            status = ComponentStatus.OPERATIONAL
        if isinstance(code, str) and status is not None:
            sets[PREFIX + code] = status
        elif isinstance(code, str) and status is None:
            plan.notes.append(
                f"'{title}': status {affected.get('new_status')!r} of "
                f"{affected.get('name') or code} unreadable; left out"
            )
    return sets


def _has_id(item: Json) -> bool:
    """Whether a component or event has the id it is known by (a hand-edited answer may
    have lost it, or hold null)."""
    return isinstance(item.get("id"), str) and bool(item["id"])


def _unknown(import_id: str, plan: Plan) -> bool:
    return all(c.import_id != import_id for c in plan.all_components())


def _retired_component(import_id: str, plan: Plan) -> bool:
    return any(c.import_id == import_id and c.retired for c in plan.all_components())


def _retired(plan: Plan, events: list[Json]) -> None:
    """Each component an update names that the page no longer has (Statuspage keeps a
    deleted component's name in its incidents), as a retired component: the incidents
    keep what they affected, and the page shows it nowhere else. Named as the newest
    update naming it calls it."""
    never = datetime.min.replace(tzinfo=timezone.utc)
    names: dict[str, tuple[datetime, str]] = {}  # import id → (time, name)
    for event in events:
        for update in _dicts(event.get("incident_updates")):
            at = moment(update.get("display_at") or update.get("created_at")) or never
            for affected in _dicts(update.get("affected_components")):
                code, name = affected.get("code"), affected.get("name")
                if not isinstance(code, str) or not code or not _unknown(PREFIX + code, plan):
                    continue
                said = name if isinstance(name, str) and name.strip() else code
                if PREFIX + code not in names or at > names[PREFIX + code][0]:
                    names[PREFIX + code] = (at, said)
    for import_id, (_, name) in sorted(names.items(), key=lambda item: item[1][1]):
        plan.components.append(PlannedComponent(import_id=import_id, name=name, retired=True))
        plan.order.append(import_id)


def _impact(value: Any) -> Impact | None:
    try:
        impact = Impact(value)
    except ValueError:
        return None
    return None if impact is Impact.MAINTENANCE else impact
