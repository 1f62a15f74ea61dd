"""Writing a plan into a site: only files an import wrote before (or --force), staged
and checked as a whole site first, so a failed import leaves the site as it was."""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen.authoring.save import clear_unfinished_imports, editing
from statusgen.config import is_site_timezone, without_empty_segments, year_round_place
from statusgen.errors import Diagnostic, PartlyWritten, Severity, StatusgenError, cannot_write
from statusgen.importers.plan import (
    COMPONENTS_MARK,
    IMPORT_ID_KEY,
    Entry,
    Plan,
    PlannedComponent,
    PlannedEvent,
    StatusesNow,
    components_yaml,
    content_hash,
    event_file_name,
    event_markdown,
    recorded_hash,
    scalar,
    without_hash,
)
from statusgen.layout import (
    COMPONENTS_FILE,
    CONTENT_DIR,
    IMPORT_MOVING_FILE,
    IMPORT_STAGE_PREFIX,
    INCIDENTS_DIR,
    SETTINGS_FILE,
    incident_file,
    incident_files,
    list_incident_folder,
    slug_of,
)
from statusgen.load import frontmatter
from statusgen.load.files import InputError, read_input
from statusgen.load.text import LINE_ENDING, decode
from statusgen.load.yamlnodes import Mapping, Scalar, Sequence, parse_yaml
from statusgen.model import ComponentStatus, Incident, Maintenance, MaintenanceState
from statusgen.signals import signals_held


@dataclass
class Result:
    written: list[str] = field(default_factory=list)  # relative paths, created or changed
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def apply_plan(root: Path, plan: Plan, *, force: bool = False) -> Result:
    """Write `plan` into the site at `root` (creating its statusgen.yaml if missing).

    Raises StatusgenError, writing nothing, when a file the import did not write, or one
    edited since an import wrote it, would be replaced (without `force`), or when the
    imported site would not pass `check`. A file whose source item did not change is
    left as it is, edited or not.

    Holds the site's edit lock from reading the site to the last file moved, the lock
    `new`, `update` and `resolve` take, so an import and an edit never interleave.
    """
    plan.hide_secrets()
    shared = plan.shared_identities()
    if shared:
        raise StatusgenError(_one_identity(plan, *pair) for pair in shared)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _refused(root, "the site's folder", error) from None
    with editing(root):
        return _apply(root, plan, force)


def _apply(root: Path, plan: Plan, force: bool) -> Result:
    files: dict[str, str] = {}
    # What each file is written from, for a problem the check finds in it.
    origins = {COMPONENTS_FILE: f"the components of {plan.source}"}
    settings = root / SETTINGS_FILE
    if not settings.exists():
        files[SETTINGS_FILE] = settings_yaml(plan)
        plan.notes += _zone_notes(plan.timezone)
        origins[SETTINGS_FILE] = f"the page settings of {plan.source}"
    tz = _site_zone(root, plan)
    owned_events = _imported_events(root)
    _take_former_ids(plan, owned_events)
    problems: list[Diagnostic] = []
    known_ids, known = _imported_component_ids(root, force, problems)
    # The incidents the import leaves as they are: the author's own, and those imported
    # before whose item the source no longer lists (its own events decide for themselves).
    replaced = {owned_events[e.import_id] for e in plan.events if e.import_id in owned_events}
    staying = [p for p in incident_files(root) if p not in replaced]
    carried, named, held = _named_by_incidents(root, tz, staying)
    _named_by_source(plan, known_ids, owned_events, named, held)
    _keep_retired(plan, known_ids, known, named, held)
    _name_kept(plan)
    plan.assign_ids(known_ids)
    for component in plan.all_components():
        if component.id in carried:
            # The open incident carries the outage, as one in the source would (each
            # importer sets its own events' components so): its resolution must end it.
            component.status = ComponentStatus.OPERATIONAL
    kept: list[str] = []
    components = components_yaml(plan)
    current = _on_disk(root / COMPONENTS_FILE)
    if current is not None and _same_components(current.text, components):
        kept.append(COMPONENTS_FILE)
    else:
        files[COMPONENTS_FILE] = current.saved_as(components) if current else components
    taken = {slug_of(p) for p in incident_files(root)}
    for event in sorted(plan.events, key=lambda e: (e.day, e.import_id)):
        relpath = owned_events.get(event.import_id)
        if relpath is not None:
            _keep_statuses_taken(event, plan, root, relpath, tz)
        text = event_markdown(event, plan, tz)
        kind = "maintenance" if event.maintenance else "incident"
        if relpath is not None:
            # Rewritten only when the source changed, and never over a local edit
            # (`resolve` run on an imported incident) without --force.
            current = _on_disk(root / relpath)
            state = _since_import(current, text)
            if state == "same source":
                kept.append(relpath)
                continue
            if state != "untouched" and not force:
                problems.append(_edited(relpath, f"{kind} {event.import_id}", state))
                continue
            if current is not None:
                text = current.saved_as(text)
        if relpath is None:
            name = wanted = event_file_name(event, tz)
            n = 2
            while name in taken:
                name, n = f"{wanted}-{n}", n + 1
            taken.add(name)
            relpath = incident_file(name)
        files[relpath] = text
        origins[relpath] = f"{kind} {event.import_id} ('{event.title}')"
    if problems:
        raise StatusgenError(problems)
    result = _stage_and_move(root, files, origins)
    result.unchanged += kept
    return result


@dataclass(frozen=True)
class _OnDisk:
    """A file of the site as the import finds it: its text as `check` reads it
    (load.text.decode: no byte order mark, "\\n" line endings), and how it is saved."""

    text: str
    bom: bool
    newline: str  # as its first line ends

    def saved_as(self, text: str) -> str:
        """`text`, as the import writes it, saved as this file is: an editor that saved it
        with a byte order mark or CRLF (Windows Notepad) keeps doing so, and `update`
        keeps them too, so a rewrite is no change of every line."""
        return ("\ufeff" if self.bom else "") + text.replace("\n", self.newline)


def _on_disk(path: Path) -> _OnDisk | None:
    """The site's file at `path` as `check` reads it; None when there is none, or it is
    no text `check` reads (which it reports)."""
    try:
        data = read_input(path)
    except (OSError, InputError):
        return None
    text, _ = decode(str(path), data)
    if text is None:
        return None
    ending = LINE_ENDING.search(data.decode("utf-8"))
    return _OnDisk(text, data.startswith(codecs.BOM_UTF8), ending.group() if ending else "\n")


def _same_components(current: str, text: str) -> bool:
    """Whether the components file's text `current` already says what `text` does. Its
    first line names the source as it was typed: the same source typed from another
    folder (`saved/`, then `../saved/`) is no change to write."""
    mark = current.split("\n", 1)[0]
    return (
        mark.startswith(COMPONENTS_MARK) and current.partition("\n")[2] == text.partition("\n")[2]
    )


def _since_import(current: _OnDisk | None, text: str) -> str:
    """What happened to an imported file (`current`, None when unreadable) since the import
    wrote it, for the `text` a new import would write: "same source" (the source item did
    not change; the file stays, edited or not), "untouched" (free to rewrite), "edited" (by
    hand or `resolve`, and the source changed) or "unknown" (it differs from `text`, and
    nothing in it tells an edit from a change of the source)."""
    if current is None:
        return "unknown"
    recorded = recorded_hash(current.text)
    if recorded is not None and recorded == recorded_hash(text):
        return "same source"
    if recorded is not None and recorded == content_hash(current.text):
        return "untouched"
    if recorded is not None:
        return "edited"
    # Written before imports recorded a hash: only the very same text is known untouched.
    return "untouched" if without_hash(current.text) == without_hash(text) else "unknown"


def _one_identity(plan: Plan, first: Entry, second: Entry) -> Diagnostic:
    """The problem of two entries of the source that one id names: the file written from
    them would hold the one twice and lose the other, so nothing is written."""
    return Diagnostic(
        plan.source,
        0,
        0,
        f"'{first.name}' and '{second.name}' are one item to the import: both have the "
        f"source id {first.import_id}",
        "give one of them a name or id of its own in the source, and import again",
    )


def _edited(relpath: str, origin: str, state: str) -> Diagnostic:
    """The refusal to rewrite an imported file in `state` (_since_import's "edited" or
    "unknown"), saying only what is known: without its hash, whether the source changed."""
    message = (
        f"edited since the last import wrote it, and the source changed {origin}: "
        "importing would lose the edit"
        if state == "edited"
        else f"differs from what the import writes from {origin} now, and nothing in it "
        "tells an edit from a change of the source: importing could lose an edit"
    )
    return Diagnostic(
        relpath,
        0,
        0,
        message,
        "pass --force to take the source's version instead (copy your edit first to "
        "add it again), or import into an empty folder with -C to compare the two",
    )


def settings_yaml(plan: Plan) -> str:
    """A statusgen.yaml for a site made by an import: the source page's name, address
    and time zone."""
    lines = [
        f"# Settings of the status page imported from {plan.source}.",
        f"title: {scalar(plan.title or 'Status')}",
        f"base_url: {scalar(_base_url(plan.base_url))}",
    ]
    zone = _zone_name(plan.timezone)
    if zone:
        lines.append(f"timezone: {zone}")
    return "\n".join(lines) + "\n"


def _base_url(url: str | None) -> str:
    """The source page's address as a base URL: `https://acme.test//status`, as a live
    page may give it, is the `https://acme.test/status/` it is served at, never a reason
    to refuse an import of a page that is not the user's to correct."""
    if url and url.startswith(("http://", "https://")):
        return without_empty_segments(url).rstrip("/") + "/"
    return "https://status.example.com/"


def _zone_name(name: str | None) -> str | None:
    if not name:
        return None
    # The settings' own rule: a zone check would refuse is not written into them.
    if is_site_timezone(name):
        return name
    # EST, MST and HST, which Hugo and Statuspage read: a place that keeps their offset
    # the year round shows the very same times, where UTC would move every one.
    kept = year_round_place(name)
    return None if kept is None else kept[0]


def _zone_notes(name: str | None) -> list[str]:
    """What the report says of the timezone written in place of the source's EST, MST
    or HST: the team may have meant a place with summer time."""
    kept = year_round_place(name or "")
    if kept is None:
        return []
    place, summer = kept
    note = (
        f"the source's time zone {name} keeps one offset the year round and names no place: "
        f"wrote timezone: {place} to statusgen.yaml, which shows the same times"
    )
    if summer is not None:
        note += (
            f"; if they are {summer}'s clocks, with summer time, write {summer} there "
            "instead (times already imported keep their moment)"
        )
    return [note]


def _site_zone(root: Path, plan: Plan) -> ZoneInfo:
    """The zone times are written in: the site's, else the source's, else UTC."""
    # Read as `check` reads it: YAML 1.1 refuses some plain text check takes (`title: =`),
    # and the source's zone would then stand in for the one the site names.
    settings = _on_disk(root / SETTINGS_FILE)
    data = parse_yaml(settings.text, SETTINGS_FILE)[0] if settings is not None else None
    name = plan.timezone if data is None else None
    zone = data.get("timezone") if isinstance(data, Mapping) else None
    if isinstance(zone, Scalar) and zone.kind == "str":
        name = zone.text
    return ZoneInfo(_zone_name(name) or "UTC")


def _keep_statuses_taken(
    event: PlannedEvent, plan: Plan, root: Path, relpath: str, tz: ZoneInfo
) -> None:
    """Keep what the previous import took without an update (StatusesNow), as it wrote
    it. While the event is open, each status it takes again is dated as that import did
    it, when that one took the same statuses earlier and after the same update: a source
    that only rewrote its own timestamp (Upptime's `lastUpdated`, on every response-time
    run) changed nothing, and the outage recorded since then stays. Once the source ended
    the event it takes nothing, and each status that import took before the end is put
    back: the end (Upptime's `status: up`) says the outage ended, not that it never was."""
    from statusgen.validate import parse_event

    try:
        data = (root / relpath).read_bytes()
    except OSError:
        return  # the check after the import reports it
    before, _ = parse_event(relpath, data, tz.key, None)
    if before is None:
        return
    dated = [
        (u.at, u.state, {a.id: a.status for a in u.components})
        for u in before.updates
        if not u.message.strip() and u.components
    ]
    ended = event.ended
    if ended is not None:
        # An update without a message at a time the source has one is the source's own.
        own = {u.at for u in event.updates if not u.body.strip()}
        import_ids = {c.id: c.import_id for c in plan.all_components()}
        kept = StatusesNow()
        for at, state, said in dated:
            statuses = {import_ids[cid]: s for cid, s in said.items() if cid in import_ids}
            if statuses and event.updates[0].at <= at < ended and at not in own:
                kept.keep(event, statuses, at, state)
        kept.write()
        return
    for index, update in enumerate(event.updates):
        if not update.taken:
            continue
        sets = {plan.component_id(i): status for i, status in update.components.items()}
        after = event.updates[index - 1].at if index else None
        earlier = [
            at for at, _, said in dated if said == sets and at < update.at and (after or at) <= at
        ]
        if earlier:
            update.at = min(earlier)


def _import_id(path: Path) -> Scalar | None:
    """The `import_id` in a file's front matter, read as the site reads it, with where it
    is written."""
    current = _on_disk(path)
    if current is None:
        return None
    parts, _ = frontmatter.split(str(path), current.text)
    if parts is None:
        return None
    data, _ = parse_yaml(parts.yaml, str(path), first_line=parts.yaml_line)
    value = data.get(IMPORT_ID_KEY) if isinstance(data, Mapping) else None
    return value if isinstance(value, Scalar) and value.text else None


def _imported_events(root: Path) -> dict[str, str]:
    """import_id → relative path of each incident file an import wrote. Raises
    StatusgenError when two files hold one import_id (a copy made to start a new
    incident): updating either would leave the other stale on the page."""
    from statusgen.validate import shared_import_ids

    found: dict[str, str] = {}
    places: list[tuple[str, str, int, int]] = []
    for relpath in incident_files(root):
        if (node := _import_id(root / relpath)) is not None:
            found[node.text] = relpath
            places.append((node.text, relpath, node.line, node.column))
    shared = shared_import_ids(places)
    if shared:
        raise StatusgenError(shared)
    return found


def _take_former_ids(plan: Plan, owned: dict[str, str]) -> None:
    """Give each event of `plan` that no file holds the id of the id an earlier release
    wrote for its item (PlannedEvent.former_ids) when a file holds that one and no other
    event claims it: that file is the event's, updated in place, its id kept as written
    (an unchanged item leaves it untouched)."""
    claimed = {event.import_id for event in plan.events}
    for event in plan.events:
        if event.import_id in owned:
            continue
        former = next((i for i in event.former_ids if i in owned and i not in claimed), None)
        if former is not None:
            claimed.add(former)
            event.import_id = former


def _named_by_incidents(
    root: Path, tz: ZoneInfo, relpaths: list[str]
) -> tuple[set[str], set[str], dict[str, list[str]]]:
    """The ids of the components that an open incident among `relpaths` gives an outage
    status (any but operational, which lists a component without affecting it), of those
    any event among them names, and for each id the events among them that name it and
    that `check` refuses to name a retired component (an open incident, a draft too, and
    a maintenance written as not completed)."""
    from statusgen.validate import parse_event

    carried: set[str] = set()
    named: set[str] = set()
    held: dict[str, list[str]] = {}
    for relpath in relpaths:
        try:
            data = (root / relpath).read_bytes()
        except OSError:
            continue  # the check after the import reports it
        event, _ = parse_event(relpath, data, tz.key, None)
        if event is None:
            continue
        names = {a.id for a in event.components} | {
            a.id for u in event.updates for a in u.components
        }
        named |= names
        if isinstance(event, Incident) and event.is_open and not event.draft:
            carried |= {
                a.id for a in event.components if a.status is not ComponentStatus.OPERATIONAL
            }
        if event.is_open if isinstance(event, Incident) else _written_open(event):
            for cid in names:
                held.setdefault(cid, []).append(relpath)
    return carried, named, held


def _named_by_source(
    plan: Plan,
    known_ids: dict[str, str],
    owned: dict[str, str],
    named: set[str],
    held: dict[str, list[str]],
) -> None:
    """Add to `named` the ids of the components an earlier import wrote that the source's
    own events still name though it no longer lists them (PlannedEvent.gone), and to
    `held` those an event still open names, with the event's file (its import id when it
    has none yet): as for an incident the import leaves, the component is kept for it."""
    for event in plan.events:
        for import_id in event.gone:
            cid = known_ids.get(import_id)
            if cid is None:
                continue
            named.add(cid)
            if event.ended is None:
                held.setdefault(cid, []).append(owned.get(event.import_id, event.import_id))


def _name_kept(plan: Plan) -> None:
    """Name again, in each event of the source, the components it names that the source
    no longer lists but the import keeps (_keep_retired): the event still affects them,
    and its impact is the one the source gives it (an importer may list it among the
    event's components already, in its place there). One it does not keep, or keeps retired
    while the event is open (which `check` refuses), is left out of the event; noted when
    the plan has it (else its importer said so)."""
    kept = {c.import_id: c for c in plan.all_components()}
    for event in plan.events:
        for import_id, status in event.gone.items():
            component = kept.get(import_id)
            if component is not None and not (component.retired and event.ended is None):
                event.components[import_id] = status
                continue
            event.components.pop(import_id, None)
            for update in event.updates:
                update.components.pop(import_id, None)
            if component is not None:
                plan.notes.append(
                    f"'{event.title}': affected component {import_id} no longer exists; left out"
                )


def _written_open(window: Maintenance) -> bool:
    """Whether a maintenance window is written in a state that is not completed, as
    `check` reads it before naming a retired component."""
    state = window.explicit_state
    return state is not None and state is not MaintenanceState.COMPLETED


def _keep_retired(
    plan: Plan,
    known_ids: dict[str, str],
    known: dict[str, _Written],
    named: set[str],
    held: dict[str, list[str]],
) -> None:
    """Keep, as retired, each component an earlier import wrote that the source no longer
    has (renamed or removed there) while an incident the import leaves names it: without
    it that incident would name an unknown component. Noted.

    One an open incident the import leaves names (`held`) is kept as it is, on the page:
    retired, it would be shown nowhere while that incident says it is down, which `check`
    refuses; so is one the importer itself planned as retired (a Statuspage component
    deleted while an open incident names it), in place of that. The note says which
    incident to resolve before the next import retires it."""
    entries: list[Entry] = [*plan.groups, *plan.all_components()]
    planned = {entry.import_id for entry in entries}
    groups = {group.import_id: group for group in plan.groups}
    for import_id, written in known.items():
        cid, name = known_ids[import_id], written.component.name
        still_open = held.get(cid, [])
        if cid not in named:
            continue
        if import_id in planned:
            # The importer may have retired it itself (Statuspage keeps a deleted
            # component's name in its incidents): while an open incident names it, it
            # stays on the page as written instead, for that outage.
            stand_in = next(
                (c for c in plan.components if c.import_id == import_id and c.retired), None
            )
            if stand_in is None or not still_open:
                continue
            plan.components.remove(stand_in)
            plan.order.remove(import_id)
        kept = replace(written.component, id=cid, retired=not still_open)
        # Where it was written, after the last of those before it still there: in its
        # group while the source has that group, else at the top level.
        group = groups.get(written.group) if written.group is not None else None
        if group is not None:
            there = [member.import_id for member in group.components]
            group.components.insert(_place(there, written.after), kept)
        else:
            plan.components.append(kept)
            plan.order.insert(_place(plan.order, written.after), import_id)
        gone = f"{name} ('{cid}'): no longer in {plan.source} (renamed or removed there)"
        if still_open:
            one = len(still_open) == 1
            plan.notes.append(
                f"{gone}, but {', '.join(still_open)} {'names' if one else 'name'} it and "
                f"{'is' if one else 'are'} still open: kept as it is, on the page; resolve "
                f"{'it' if one else 'them'}, then import again to retire it"
            )
        else:
            plan.notes.append(
                f"{gone}, but incidents in the site name it: kept with `retired: true`, "
                "off the page"
            )


def _place(there: list[str], after: tuple[str, ...]) -> int:
    """Where in `there` an entry written after `after` goes: just past the last of them
    still in it, or first when none is."""
    present = set(there)
    last = next((import_id for import_id in reversed(after) if import_id in present), None)
    return 0 if last is None else there.index(last) + 1


def _imported_component_ids(
    root: Path, force: bool, problems: list[Diagnostic]
) -> tuple[dict[str, str], dict[str, _Written]]:
    """import_id → statusgen id of each group and component in the existing components
    file, and import_id → each component as written there (its keys and its place: kept as
    they are when the source no longer lists it); a file the import
    did not write is a problem unless `force`."""
    path = root / COMPONENTS_FILE
    if not path.exists():
        return {}, {}
    current = _on_disk(path)
    text = current.text if current is not None else ""
    if not text.startswith(COMPONENTS_MARK) and not force:
        problems.append(
            Diagnostic(
                COMPONENTS_FILE,
                0,
                0,
                "this file was not written by an import; importing would replace it",
                "pass --force to replace it (the components in it are lost), or import "
                "into a new folder with -C",
            )
        )
    # Read as the site reads it (a plain scalar is the text written): YAML 1.1 would give
    # the id `no` as False, and the next import would rename the component 'False'.
    root_node, _ = parse_yaml(text, COMPONENTS_FILE)
    entries = root_node.items if isinstance(root_node, Sequence) else ()
    # Each entry, with the import id of the group it is in (None: at the top level).
    placed: list[tuple[Mapping, str | None]] = [
        (entry, None) for entry in entries if isinstance(entry, Mapping)
    ]
    for top in entries:
        members = top.get("components") if isinstance(top, Mapping) else None
        if isinstance(top, Mapping) and isinstance(members, Sequence):
            group_id = _text(top.get(IMPORT_ID_KEY))
            placed += [(m, group_id) for m in members.items if isinstance(m, Mapping)]
    found: dict[str, str] = {}
    written: dict[str, _Written] = {}
    before: dict[str | None, list[str]] = {}  # the import ids written so far, by group
    for entry, group in placed:
        import_id, cid = entry.get(IMPORT_ID_KEY), entry.get("id")
        if isinstance(import_id, Scalar) and import_id.text and isinstance(cid, Scalar):
            found[import_id.text] = cid.text
            name = entry.get("name")
            if entry.get("components") is None and isinstance(name, Scalar) and name.text:
                status = _text(entry.get("status"))
                component = PlannedComponent(
                    import_id.text,
                    name.text,
                    description=_text(entry.get("description")),
                    status=_status(status) if status else ComponentStatus.OPERATIONAL,
                    showcase=_text(entry.get("showcase")) != "false",
                    only_show_if_degraded=_text(entry.get("only_show_if_degraded")) == "true",
                    start_date=_date(entry.get("start_date")),
                )
                siblings = before.setdefault(group, [])
                written[import_id.text] = _Written(component, group, tuple(siblings))
            before.setdefault(group, []).append(import_id.text)
    return found, written


@dataclass(frozen=True)
class _Written:
    """A component as an earlier import wrote it, and where: the import id of its group
    (None: at the top level), and those of the entries written before it there."""

    component: PlannedComponent
    group: str | None
    after: tuple[str, ...]


def _status(text: str) -> ComponentStatus:
    """A `status` as the import wrote it; operational for another word."""
    try:
        return ComponentStatus(text)
    except ValueError:
        return ComponentStatus.OPERATIONAL


def _text(node: object) -> str | None:
    """A scalar's text as the import wrote it; None for none."""
    return node.text if isinstance(node, Scalar) and node.text else None


def _date(node: object) -> date | None:
    """A `start_date` as the import wrote it (YYYY-MM-DD); None for none or another shape."""
    text = _text(node)
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None


def _stage_and_move(root: Path, files: dict[str, str], origins: dict[str, str]) -> Result:
    from statusgen.validate import check_site

    result = Result()
    data = {relpath: text.encode("utf-8") for relpath, text in files.items()}
    # The site is checked where it is, the files to write read in place of its own: so
    # the check sees all that `check` will see after the import (the site's themes, its
    # pages' static folders, monitors, translations), and copies nothing of it.
    folder = list_incident_folder(root)
    added = [p for p in data if p.startswith(f"{INCIDENTS_DIR}/") and p not in folder.files]
    listed = folder._replace(files=sorted([*folder.files, *added]))
    _, diagnostics = check_site(root, contents=data, listed=listed, importing=True)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise StatusgenError(_from_source(d, origins) for d in errors)
    result.warnings = [d for d in diagnostics if d.severity is not Severity.ERROR]
    # An import into a new folder locked the folder itself, there being no content/ to
    # lock; the commands after it lock content/, so that is made and locked before
    # anything is staged: none of them may take the stage for a killed import's.
    content = root / CONTENT_DIR
    made = not content.is_dir()
    content.mkdir(exist_ok=True)
    try:
        with editing(root):
            return _move_in(root, data, result)
    except StatusgenError:
        if made:  # a refused import into a new folder leaves it as it was
            with contextlib.suppress(OSError):
                content.rmdir()  # only when nothing was moved in
        raise


def _move_in(root: Path, data: dict[str, bytes], result: Result) -> Result:
    # Every file is written whole next to the site before any is moved in, so a failed
    # write (a full disk) leaves the site as it was.
    try:
        stage = Path(tempfile.mkdtemp(prefix=IMPORT_STAGE_PREFIX, dir=root))
    except OSError as error:
        raise _refused(root, "the import's files", error) from None
    moving: list[str] = []
    try:
        for relpath, new in data.items():
            target = stage / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(new)
        # Compared before any move, so that the moves alone are held from Ctrl-C below.
        for relpath, new in data.items():
            target = root / relpath
            if target.exists() and target.read_bytes() == new:
                result.unchanged.append(relpath)
            else:
                moving.append(relpath)
        # From here until the stage is gone the site may hold part of the import: an
        # import killed meanwhile (SIGKILL, the power lost) leaves this mark for `check`
        # and `build` to refuse the site by (layout.unfinished_imports).
        (stage / IMPORT_MOVING_FILE).write_bytes(b"")
    except OSError as error:
        shutil.rmtree(stage, ignore_errors=True)
        raise _refused(root / relpath, "the imported file", error) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # Ctrl-C: nothing moved in yet
        raise
    # Ctrl-C or a CI job's SIGTERM waits until every file is in, as a build's moves do:
    # stopped between two moves, the site would publish part of the history.
    with signals_held():
        try:
            for relpath in moving:
                target = root / relpath
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / relpath, target)
                result.written.append(relpath)
        except OSError as error:
            # Rare (every file is written, each move is a rename), yet the files moved in
            # stay: an import run again writes the rest and repeats nothing.
            then = f"written before it: {', '.join(result.written) or 'nothing'}"
            partly = _refused(root / relpath, "the imported file", error, then)
            raise PartlyWritten(partly.diagnostics) from None
        finally:
            # The mark first: a stage cut short in its removal is no unfinished import.
            with contextlib.suppress(OSError):
                (stage / IMPORT_MOVING_FILE).unlink()
            shutil.rmtree(stage, ignore_errors=True)
    # Every file of this import is in, each one written from the source as it is now: the
    # site no longer holds part of an import killed before, so its mark goes (and only
    # now: an import refused or failed before this point leaves it, the site unchanged).
    clear_unfinished_imports(root)
    return result


def _refused(where: Path, what: str, error: OSError, then: str = "") -> StatusgenError:
    """The diagnostic for a write of the import the file system refused (full, read-only);
    `then` says what was written before it (the command says when nothing was)."""
    return cannot_write(
        str(where),
        what,
        error,
        again="import again",
        elsewhere="import into a writable folder with -C",
        then=then,
    )


def _from_source(diagnostic: Diagnostic, origins: dict[str, str]) -> Diagnostic:
    """A problem the check found in a file the import would write, said as such: that
    file is not on disk to be edited; the source item it comes from is what to correct."""
    origin = origins.get(diagnostic.path)
    if origin is None:
        return diagnostic  # a file of the site's own, there to fix as the hint says
    return replace(
        diagnostic,
        hint=f"the import would write this file from {origin}, so it wrote nothing: "
        "correct that in the source and import again",
    )
