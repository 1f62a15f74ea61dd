"""cState sites (a Hugo theme): systems and categories from the config, issues from
content/issues/, their timeline from the `track` shortcodes in each post."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from statusgen.config import is_site_timezone, year_round_place
from statusgen.importers.html import to_markdown
from statusgen.importers.hugo import (
    TIME_FORMS,
    flag,
    folded,
    hugo_time_noted,
    hugo_time_problem,
)
from statusgen.importers.plan import (
    Plan,
    PlannedComponent,
    PlannedEvent,
    PlannedGroup,
    PlannedUpdate,
    disagreement,
)
from statusgen.importers.sources import (
    Problems,
    SourceError,
    as_text,
    as_written,
    item_line,
    key_line,
    kind,
    read_markdown,
    read_yaml,
)
from statusgen.load.comments import without_comments
from statusgen.load.fences import blank_fenced
from statusgen.model import RESOLVED_INCIDENT_STATES, ComponentStatus, Impact, IncidentState
from statusgen.status import impact_for_status

PREFIX = "cstate:"
CONFIG_FILES = ("config.yml", "config.yaml", "hugo.yml", "hugo.yaml")
ISSUES_DIR = "content/issues"
# cState's three severities and what they mean for an affected system.
SEVERITY = {
    "down": ComponentStatus.MAJOR_OUTAGE,
    "disrupted": ComponentStatus.PARTIAL_OUTAGE,
    "notice": ComponentStatus.DEGRADED_PERFORMANCE,
}
# `{{< track "2018-05-25 05:54:00" >}}` (or with %): the time of the update it ends.
_TRACK = re.compile(r"\{\{[<%]\s*track\s+\"(?P<at>[^\"]+)\"\s*[>%]\}\}")
# A post's updates start with the state in emphasis: `*Monitoring* - text`.
_STATE = re.compile(r"\s*(?P<mark>\*\*|\*|__|_)(?P<word>[^*_\n]+)(?P=mark)\s*[-—–:]?\s*")
_STATES = {s.value: s for s in IncidentState}
_SYSTEMS_HINT = "cState lists the components under params: systems:, one `- name: ...` a line"


def plan_from(folder: Path) -> Plan:
    """The plan for a cState site; SourceErrors with every problem its files have (the
    config, each post), all found in one run."""
    problems = Problems()
    config: dict[str, Any] = {}
    params: dict[str, Any] = {"systems": []}
    config_path = folder / CONFIG_FILES[0]
    with problems.gathered():
        config_path, config, params = _config(folder)
    zone = ""  # the config's timeZone, if it names one
    with problems.gathered():
        zone = _zone(config, config_path)
    plan = Plan(source=f"cstate {folder}", timezone=zone or "UTC")
    _zone_in_params(params, config_path, zone, plan)
    with problems.gathered():
        plan.title = as_text(config, "title", config_path) or None
    with problems.gathered():
        plan.base_url = as_text(config, "baseurl", config_path, what="baseURL") or None
    # A system listed twice is reported with the posts' problems, not after them.
    problems.found += _components(plan, params, config_path)
    names = {c.name: c.import_id for c in plan.all_components()}
    issues = folder / ISSUES_DIR
    paths = sorted([*issues.glob("*.md"), *issues.glob("*/index.md")])
    posts: dict[str, Path] = {}  # slug → the post first found at it
    for path in paths:
        if path.name == "_index.md":
            continue
        slug = _slug(path.relative_to(issues).as_posix())
        if slug in posts:
            problems.found.append(_one_slug(folder, posts[slug], path))
            continue
        posts[slug] = path
        with problems.gathered():
            event = _issue(path, folder, names, plan, ZoneInfo(zone or "UTC"))
            if event is not None:
                plan.events.append(event)
    problems.settle()
    plan.notes.append(
        f"cState's times without an offset (or with only a zone's name) are read in {zone}, "
        "the config's timeZone, as Hugo reads them"
        if zone
        else "cState's times without an offset are read as UTC, as cState asks authors to "
        "write them"
    )
    return plan


def _config(folder: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The site's config file, its data (its keys in lower case, as Hugo reads them) and
    its params; SourceError when there is none to read."""
    config_path = next((folder / n for n in CONFIG_FILES if (folder / n).is_file()), None)
    if config_path is None:
        raise SourceError(
            folder,
            "no config.yml",
            "give the folder of a Hugo site that uses the cState theme (config.yml with "
            "params.systems); a TOML config is not read, convert it to YAML first",
        )
    config = read_yaml(config_path, "", inside=folder)
    if isinstance(config, dict):
        config = folded(config, config_path)
    params = config.get("params") if isinstance(config, dict) else None
    if not isinstance(params, dict):
        line = key_line(config, "params")
        said = "no params" if params is None else f"params is {kind(params)}, not a mapping"
        said += ", so no params.systems list"
        raise SourceError(config_path, said, _SYSTEMS_HINT, line=line)
    systems = params.get("systems")
    if not isinstance(systems, list):
        said = "no systems" if systems is None else f"systems is {kind(systems)}, not a list"
        line = key_line(params, "systems") or key_line(config, "params")
        raise SourceError(config_path, f"params: {said}", _SYSTEMS_HINT, line=line)
    assert isinstance(config, dict)  # params came from it
    return config_path, config, params


def _zone(config: dict[str, Any], path: Path) -> str:
    """The zone Hugo reads the site's times without an offset in: the config's
    `timeZone`, "" without one. SourceError at its line for a name that is no zone."""
    name = as_text(config, "timezone", path, what="timeZone")
    if name == "":
        return ""
    # EST, MST and HST are no site's zone, but zones Hugo reads all the same: the times
    # are read in them, and the new site gets a place that shows the same times.
    if is_site_timezone(name) or year_round_place(name) is not None:
        return name
    hint = "write a zone of the IANA database, as Hugo asks: e.g. Europe/Berlin"
    if name == "Local":
        hint = (
            "Hugo reads Local as the zone of the machine that builds the site: write that "
            "zone's name instead, e.g. Europe/Berlin"
        )
    line = key_line(config, "timezone")
    raise SourceError(path, f"timeZone '{name}' is no time zone", hint, line=line)


def _zone_in_params(params: dict[str, Any], path: Path, zone: str, plan: Plan) -> None:
    """Note a `timeZone` under params, at its line: Hugo reads the zone at the top level
    only, so the times are read without it, in `zone` (UTC when "")."""
    # Hugo reads params' keys in any case too.
    keys = [k for k in params if isinstance(k, str) and k.lower() == "timezone"]
    if not keys:
        return
    plan.notes.append(
        f"{_at(str(path), key_line(params, keys[0]))}: params.{keys[0]} is not read (Hugo "
        f"reads timeZone at the top level of the config only), so the times are read in "
        f"{zone or 'UTC'}; move timeZone out of params: to the top level and import again"
    )


def _components(plan: Plan, params: dict[str, Any], config_path: Path) -> list[SourceError]:
    """Fill the plan's groups and components from the config's categories and systems;
    the problem of each system listed again, at its line (the first one is kept), and of
    each name or description that is not text."""
    problems = Problems()
    groups: dict[str, PlannedGroup] = {}
    place: dict[str, int] = {}  # category name → its place on cState's page
    for category in params.get("categories") or []:
        if not isinstance(category, dict):
            continue
        name = ""  # until it reads
        with problems.gathered():
            name = as_text(category, "name", config_path)
        # The name as written, `Off` or `0` too: only one without any names no category.
        if not name:
            continue
        place.setdefault(name, len(place))
        # cState shows an untitled category's systems with no heading: ungrouped.
        if not category.get("untitled"):
            with problems.gathered():
                description = as_text(category, "description", config_path) or None
                groups[name] = PlannedGroup(PREFIX + "category:" + name, name, description)
    # Each group, and each ungrouped system, at its category's place (one of no category
    # after them all), in the order the systems are listed.
    rank: dict[str, int] = {}
    listed: dict[str, int] = {}  # system name → the line it is first listed on
    for index, system in enumerate(params["systems"]):
        line = item_line(params["systems"], index)
        # A system may be its name alone.
        details: dict[str, Any] = {"name": as_written(params["systems"], index)}
        if isinstance(system, dict):
            details = system
        elif isinstance(system, list | set | bytes):
            problems.found.append(
                SourceError(
                    config_path,
                    f"system {index + 1} under params.systems is {kind(system)}, not a system",
                    _SYSTEMS_HINT,
                    line=line,
                )
            )
            continue
        name = ""  # until each of its texts reads
        with problems.gathered():
            description = as_text(details, "description", config_path) or None
            category = as_text(details, "category", config_path)
            given = as_text(details, "name", config_path)
            if not given:
                # Posts name a system by its name: left out, its outages would be lost unsaid.
                raise _nameless(config_path, index + 1, line)
            name = given
        if not name:
            continue
        if name in listed:
            # Posts name a system by its name: two of one name cannot be told apart.
            problems.found.append(_listed_twice(config_path, name, (listed[name], line)))
            continue
        listed[name] = line
        component = PlannedComponent(_system_id(name), name, description)
        entry: PlannedGroup | PlannedComponent = groups.get(category) or component
        if isinstance(entry, PlannedGroup):
            entry.components.append(component)
        else:
            plan.components.append(component)
        if entry.import_id not in rank:
            if isinstance(entry, PlannedGroup):
                plan.groups.append(entry)
            plan.order.append(entry.import_id)
            rank[entry.import_id] = place.get(category, len(place))
    plan.groups.sort(key=lambda g: place[g.name])
    plan.order.sort(key=rank.__getitem__)
    return problems.found


def _nameless(path: Path, number: int, line: int) -> SourceError:
    """The problem of system `number` under params.systems, at `line`, without a name."""
    return SourceError(
        path,
        f"system {number} under params.systems has no name",
        "give every system a name, as cState shows it and posts name it in `affected:`: "
        "`- name: API`",
        line=line,
    )


def _listed_twice(path: Path, name: str, lines: tuple[int, int]) -> SourceError:
    """The problem of system `name`, listed again at the second of `lines` after the first."""
    first, again = lines
    return SourceError(
        path,
        f"system '{name}' is listed twice under params.systems, on line {first} too: posts "
        "name a system by its name in `affected:`, so the two cannot be told apart",
        "remove one of them, or give it a name of its own (and use that name in the posts "
        "about it)",
        line=again,
    )


def _slug(shown: str) -> str:
    """The slug of the post at `shown` (under content/issues/), as Hugo's address for it
    is made: `x.md` and the bundle `x/index.md` are both `x`."""
    return shown.removesuffix(".md").removesuffix("/index")


def _one_slug(folder: Path, first: Path, again: Path) -> SourceError:
    """The problem of the post `again`, at the slug of the post `first` too."""
    shown = first.relative_to(folder).as_posix()
    return SourceError(
        again,
        f"this post and {shown} are one page to Hugo, at the same address (issues/"
        f"{_slug(first.relative_to(folder / ISSUES_DIR).as_posix())}/): Hugo shows only one",
        "delete the one that is out of date, or rename the other (its file, or its folder "
        "holding index.md)",
    )


def _system_id(name: str) -> str:
    """The import id of the system `name`: posts name a system by its name."""
    return PREFIX + "system:" + name


def _issue(
    path: Path, folder: Path, names: dict[str, str], plan: Plan, zone: tzinfo
) -> PlannedEvent | None:
    """The incident a post is, its times without an offset in `zone` (None, noted, for a
    draft); SourceErrors for a post that does not read, gives a flag that is neither true
    nor false, an `affected` that names no system, or no date Hugo reads: an open post
    left out would show its systems operational, and Hugo refuses the site."""
    written, body, body_line = read_markdown(path, inside=folder)
    # Its keys as cState's templates read them, in lower case: `Resolved:` is `resolved:`.
    data = folded(written, path)
    shown = path.relative_to(folder / ISSUES_DIR).as_posix()
    title = as_text(data, "title", path) or path.stem
    if flag(data, "draft", path):
        plan.notes.append(f"{shown}: a draft; left out")
        return None
    start = _post_time(data.get("date"), zone, plan, _at(shown, key_line(data, "date")))
    if start is None:
        problem, line = hugo_time_problem(data.get("date"), "date", key_line(data, "date"))
        raise SourceError(
            path,
            problem,
            f"give the post the `date:` its issue started, in a form Hugo reads: {TIME_FORMS}",
            line=line,
        )
    informational = flag(data, "informational", path)
    written_severity = as_text(data, "severity", path)
    severity = SEVERITY.get(written_severity.lower())
    if severity is None and written_severity and not informational:
        plan.notes.append(
            f"{_at(shown, key_line(data, 'severity'))}: severity '{written_severity}' is not "
            f"one cState knows ({', '.join(SEVERITY)}); read as notice (degraded performance)"
        )
    status = severity or ComponentStatus.DEGRADED_PERFORMANCE
    components: dict[str, ComponentStatus] = {}
    gone: dict[str, ComponentStatus] = {}
    if not informational:
        for name, line in _affected(data, path):
            if name in names:
                components[names[name]] = status
            else:
                # Removed from the config while the post names it: the post's outage is
                # still one, and the system an earlier import wrote is kept for it (apply),
                # in its place among the post's: an unchanged post is written the same.
                gone[_system_id(name)] = components[_system_id(name)] = status
                plan.notes.append(
                    f"{_at(shown, line)}: affected system '{name}' is not in the config"
                )
    resolved = flag(data, "resolved", path) or informational
    where = f"{shown}:{{}}"
    ends = _resolved_when(data, shown, start, plan, zone) if resolved else None
    updates = _timeline(
        body, start, where, body_line, plan, zone, stays_open=not resolved, ends=ends
    )
    if (
        resolved
        and ends is None
        and (not updates or updates[-1].state is not IncidentState.RESOLVED)
    ):
        # Resolved with no time to it: when the post's last update (or its date) says.
        updates.append(
            PlannedUpdate(IncidentState.RESOLVED, updates[-1].at if updates else start, "")
        )
    affects = components
    impact = Impact.NONE if informational or not affects else impact_for_status(status)
    event = PlannedEvent(
        # By its slug, the same when `x.md` moves to `x/index.md`; earlier releases wrote
        # the path, which a site imported before still holds.
        import_id=PREFIX + _slug(shown),
        former_ids=(PREFIX + _slug(shown) + ".md", PREFIX + _slug(shown) + "/index.md"),
        title=title,
        maintenance=False,
        updates=updates,
        components=components,
        status=updates[-1].state.value if updates else IncidentState.INVESTIGATING.value,
        impact=impact.value,
        gone=gone,
    )
    if not updates or start < updates[0].at:
        event.date = start
    if informational:
        plan.notes.append(
            f"{shown}: an informational post; imported as a resolved incident with impact none"
        )
    return event


def _affected(data: dict[str, Any], path: Path) -> list[tuple[str, int]]:
    """The names of the systems a post's `affected` gives, each with its line: a list of
    them, or one (`affected: API`, not a list of letters; `affected: 500`, a number YAML
    reads from a name, as the config's names are read). SourceError at its line for a
    mapping, or an item that is a list or a mapping: no system is named so."""
    affected = as_written(data, "affected")
    line = key_line(data, "affected")
    hint = "list the systems by their names in the config: `affected: [API, Website]`"
    if affected is None or affected == "":
        return []
    if isinstance(affected, dict):
        said = "affected is a mapping, not a system's name or a list"
        raise SourceError(path, said, hint, line=line)
    if not isinstance(affected, list):
        return [(str(affected), line)]
    found: list[tuple[str, int]] = []
    for index in range(len(affected)):
        name = as_written(affected, index)
        at = item_line(affected, index) or line
        if isinstance(name, dict | list):
            said = f"affected system {index + 1} is {kind(name)}, not a name"
            raise SourceError(path, said, hint, line=at)
        found.append((str(name), at))
    return found


def _resolved_when(
    data: dict[str, Any], shown: str, start: datetime, plan: Plan, zone: tzinfo
) -> tuple[datetime, str] | None:
    """When a resolved post ended, as cState's page counts its downtime (from `date` to
    `resolvedWhen`), and how a note names it; None when it gives no time (listed when it
    gives one that is no date). One before the post's date ends it there (listed)."""
    written = data.get("resolvedwhen")
    resolved_when = _post_time(written, zone, plan, _at(shown, key_line(data, "resolvedwhen")))
    if resolved_when is None:
        if written not in (None, ""):
            said = _unreadable(shown, data, "resolvedWhen")
            plan.notes.append(f"{said}; resolved when its last update (or its date) says")
        return None
    line = key_line(data, "resolvedwhen")
    said = f"resolvedWhen ({written}{f', line {line}' if line else ''})"
    if resolved_when < start:
        plan.notes.append(
            f"{_at(shown, line)}: resolvedWhen {written} is before the post's date "
            f"({start:%Y-%m-%d %H:%M}); resolved at its date, as cState's page says "
            "(resolved in under a minute)"
        )
        return start, said
    return resolved_when, said


def _unreadable(shown: str, data: dict[str, Any], key: str) -> str:
    """`file:line: why` a post's front-matter `key` (read in lower case) gives no time."""
    problem, line = hugo_time_problem(data.get(key.lower()), key, key_line(data, key.lower()))
    return f"{_at(shown, line)}: {problem}"


def _post_time(value: Any, zone: tzinfo, plan: Plan, where: str) -> datetime | None:
    """The time `value` gives, as Hugo reads it (hugo_time); one the clocks skip or show
    twice is listed (at `where`) with the moment taken: the author may have meant another."""
    found, note = hugo_time_noted(value, zone)
    if note is not None:
        plan.notes.append(f"{where}: {note}")
    return found


def _at(shown: str, line: int) -> str:
    """`file:line`, or the file alone when the line is not known."""
    return f"{shown}:{line}" if line else shown


def _timeline(
    body: str,
    start: datetime,
    where: str,
    first_line: int,
    plan: Plan,
    zone: tzinfo,
    *,
    stays_open: bool,
    ends: tuple[datetime, str] | None = None,
) -> list[PlannedUpdate]:
    """The updates: the text before each `track` shortcode is the update
    at its time (in `zone` when it gives no offset). cState writes the newest first; the
    result is oldest first. Text after the last shortcode, or a post without any, is the
    update at the post's date `start`. An update whose time does not exist is listed (`where`
    formatted with its line) and left out: at any other time it would change the
    incident's story. Text in HTML comments is left out (and listed), as the page does not
    show it; in fenced code it is text, and so is a shortcode. A post that `stays_open` (no
    `resolved: true`) is not closed by its newest updates' words (_kept_open); one that
    `ends` (its resolvedWhen, and how a note names it) is resolved then, whatever they
    say (_resolved_at). An update before the post's date is listed: the incident starts
    there, not at its date."""
    uncommented = without_comments(body)
    body, commented = uncommented.text, uncommented.first
    if commented:
        plan.notes.append(
            f"{where.format(first_line + commented - 1)}: the text in HTML comments "
            "(<!-- ... -->) was left out, with any `track` shortcodes in them: cState's page "
            "does not show it"
        )
    found: list[_Written] = []
    at = 0  # where the text after the last shortcode starts
    # A shortcode in a fenced code block is an example the post shows, not an update.
    for track in _TRACK.finditer(blank_fenced(body)):
        text, when = body[at : track.start()], track["at"]
        # The update's line: where its text starts, not the blank lines before it.
        line = first_line + body.count("\n", 0, at + len(text) - len(text.lstrip()))
        at = track.end()
        state, message = _state(text)
        shortcode_line = first_line + body.count("\n", 0, track.start())
        moment_at = _post_time(when, zone, plan, where.format(shortcode_line))
        if moment_at is None:
            line = shortcode_line
            problem, _ = hugo_time_problem(when, "track")
            plan.notes.append(f"{where.format(line)}: {problem}; that update was left out")
            continue
        found.append(_Written(moment_at, state, message, text, line))
    # Its blank lines are left to to_markdown: the indentation of its first line is text.
    rest = body[at:]
    if rest.strip():
        # The post's opening message, below its last shortcode (or all of a post without
        # any), is written at the post's date: cState shows it as the first update.
        state, message = _state(rest)
        line = first_line + body.count("\n", 0, len(body) - len(body[at:].lstrip()))
        found.append(_Written(start, state, message, rest, line))
    # Oldest first; of updates at one time the upper one is the later, as cState writes
    # the newest first (reversed, the stable sort keeps that).
    found.reverse()
    found.sort(key=lambda f: f.at)
    updates: list[PlannedUpdate] = []
    for written in found:
        # An update naming no state ("*Update* -") keeps the state before it.
        kept = written.state or (updates[-1].state if updates else IncidentState.INVESTIGATING)
        updates.append(PlannedUpdate(kept, written.at, to_markdown(written.message)))
    if found and found[0].at < start:
        plan.notes.append(
            f"{where.format(found[0].line)}: the update at {found[0].at:%Y-%m-%d %H:%M} is "
            f"before the post's date ({start:%Y-%m-%d %H:%M}), from which cState's page counts "
            "the downtime; the incident starts at that update, as an incident starts at its "
            "first update at the latest"
        )
    if stays_open:
        _kept_open(updates, found, where, plan)
    if ends is not None:
        _resolved_at(updates, found, ends, where, plan)
    return updates


@dataclass
class _Written:
    """An update as the post writes it: its time, the state its word names (None for
    none), its text without that word and with it, and the file line the text starts on."""

    at: datetime
    state: IncidentState | None
    message: str
    text: str
    line: int


def _kept_open(updates: list[PlannedUpdate], found: list[_Written], where: str, plan: Plan) -> None:
    """Keep open a post cState shows open whose newest updates say `*Resolved*`: cState's
    page reads only the post's `resolved` flag, never the words. Those updates keep the
    state before them, and the word they wrote stays in their text; listed, as Statuspage's
    disagreements are."""
    tail = len(updates)
    while tail and updates[tail - 1].state in RESOLVED_INCIDENT_STATES:
        tail -= 1
    if tail == len(updates):
        return
    said = updates[-1].state.value
    before = updates[tail - 1].state if tail else IncidentState.INVESTIGATING
    for update, written in zip(updates[tail:], found[tail:], strict=True):
        update.state = before
        if written.state is not None:
            update.body = to_markdown(written.text)
    follows = "cState's `resolved`, as cState's page does: the incident stays open"
    note = disagreement("cState", "open (no `resolved: true`)", said, follows)
    plan.notes.append(f"{where.format(found[-1].line)}: {note}")


def _resolved_at(
    updates: list[PlannedUpdate],
    found: list[_Written],
    ends: tuple[datetime, str],
    where: str,
    plan: Plan,
) -> None:
    """Resolve a post at the first of `ends` (its resolvedWhen; the second names it in a
    note), where cState's page counts its downtime to, whatever its updates' words say:
    cState's `track` times are text on its page, its duration is `date` to `resolvedWhen`.
    A `Resolved` update at that time ends it, else a new one does. An update before it
    that says resolved keeps the state before it, and one after it is resolved; each
    keeps its word in its text, and is listed, as _kept_open does."""
    end, said = ends
    early: list[_Written] = []  # said resolved before the end
    late: list[_Written] = []  # dated after it
    resolution: int | None = None
    for index, (update, written) in enumerate(zip(updates, found, strict=True)):
        closing = update.state in RESOLVED_INCIDENT_STATES
        if resolution is None and update.at == end and update.state is IncidentState.RESOLVED:
            resolution = index
            continue
        if update.at < end or (update.at == end and resolution is None):
            if not closing:
                continue
            update.state = updates[index - 1].state if index else IncidentState.INVESTIGATING
            early.append(written)
        else:
            late.append(written)
            if closing:
                continue
            update.state = IncidentState.RESOLVED
        if written.state is not None:
            update.body = to_markdown(written.text)
    if resolution is None:
        before = sum(1 for update in updates if update.at <= end)
        updates.insert(before, PlannedUpdate(IncidentState.RESOLVED, end, ""))
    follows = "the file follows cState's page, which counts the downtime to resolvedWhen"
    if early:
        times = ", ".join(f"{w.at:%Y-%m-%d %H:%M}" for w in early)
        plan.notes.append(
            f"{where.format(early[0].line)}: cState says resolved at {said} but the post's "
            f"updates say resolved before it (at {times}); {follows}: those updates keep the "
            "state before them, their words in their texts"
        )
    if late:
        times = ", ".join(f"{w.at:%Y-%m-%d %H:%M}" for w in late)
        plan.notes.append(
            f"{where.format(late[0].line)}: cState says resolved at {said} but the post has "
            f"updates after it (at {times}); {follows}: those updates follow the resolution "
            "as Resolved updates, the word of one that says otherwise in its text"
        )


def _state(text: str) -> tuple[IncidentState | None, str]:
    """The state an update's leading emphasis names, and its text without it."""
    match = _STATE.match(text)
    if match:
        word = match["word"].strip().lower()
        if word in _STATES:
            return _STATES[word], text[match.end() :]
    return None, text
