"""Upptime repositories: sites from .upptimerc.yml, their records from history/*.yml,
and the incidents Upptime opened as GitHub issues, from an exported JSON list."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from statusgen.importers.html import to_markdown
from statusgen.importers.plan import (
    Plan,
    PlannedComponent,
    PlannedEvent,
    PlannedUpdate,
    StatusesNow,
)
from statusgen.importers.sources import (
    Problems,
    SourceError,
    as_text,
    item_line,
    key_line,
    moment,
    read_json,
    read_yaml,
    time_problem,
)
from statusgen.load.comments import without_comments
from statusgen.load.text import slugify, stable_slug
from statusgen.model import ComponentStatus, IncidentState, MaintenanceState, UpdateState
from statusgen.status import SEVERITY, impact_for_status, worst_status
from statusgen.validate import MAX_ID_LENGTH
from statusgen.weburls import carries_credential

PREFIX = "upptime:"
# How to export the issues with everything an import reads (docs/import.md says it too).
EXPORT = (
    "gh issue list --state all --limit 1000 "
    "--json number,title,body,state,createdAt,closedAt,labels,comments"
)
# The label Upptime's page reads a maintenance issue by, the comment in its body that
# gives the window (`<!-- start: … end: … expectedDown: api,web -->`), and the status
# each list of sites in it stands for.
MAINTENANCE_LABEL = "maintenance"
_METADATA = re.compile(r"<!--(?P<block>.*?)(?:-->|\Z)", re.DOTALL)
_EXPECTED = {
    "expectedDown": ComponentStatus.UNDER_MAINTENANCE,
    "expectedDegraded": ComponentStatus.DEGRADED_PERFORMANCE,
}
# The comment Upptime writes as it closes an issue: "**Resolved:** API is back up".
_RESOLVED = re.compile(r"\*\*Resolved:?\*\*", re.IGNORECASE)
# The times an issue (or a comment) gives, as GitHub's REST form and `gh` spell them.
_CREATED = ("created_at", "createdAt")
_CLOSED = ("closed_at", "closedAt")
CONFIG_FILE = ".upptimerc.yml"
HISTORY_DIR = "history"
# The words Upptime puts in an issue title ("🛑 API is down", "⚠️ API has degraded
# performance") and the status each stands for.
_DOWN = re.compile(r"\bis down\b", re.IGNORECASE)
_DEGRADED = re.compile(r"\bdegraded\b", re.IGNORECASE)
# The whole title Upptime opens an outage issue with; the site is the name between.
# Only such issues, or those carrying Upptime's `status` label, are outages: a question
# or a feature request that names a site ("Is API down?") is not.
_OUTAGE_TITLE = re.compile(
    r"^(?:🛑|⚠️|⚠)\s*(?P<name>.+?)\s+(?:is down|has degraded performance)$", re.IGNORECASE
)
# The label Upptime puts on every outage issue, beside the site's slug.
STATUS_LABEL = "status"
_STATUS = {"down": ComponentStatus.MAJOR_OUTAGE, "degraded": ComponentStatus.DEGRADED_PERFORMANCE}
# @sindresorhus/slugify, which Upptime names its files with: its default replacements,
# then decamelize ("GitHub" → "Git Hub", "APIServer" → "API Server"). Each is a space put
# between two letters, found by looking one letter back and two ahead: its own
# `([a-z\d]+)([A-Z]{2,})` and `([A-Z]+)([A-Z][a-rt-z\d]+)` give the same spaces, but retry
# every letter of a long run of one case, quadratic in a name thousands of letters long.
_REPLACEMENTS = (("&", " and "), ("🦄", " unicorn "), ("♥", " love "))
_CAMEL = (re.compile(r"(?<=[a-z\d])(?=[A-Z]{2})"), re.compile(r"(?<=[a-z\d])(?=[A-Z])"))
_CAPS = re.compile(r"(?<=[A-Z])(?=[A-Z][a-rt-z\d])")
# File systems refuse a file name over 255 bytes: a site's history/<slug>.yml as well.
_NAME_MAX = 255


def upptime_slug(name: str) -> str:
    """The slug Upptime gives a site without one (@sindresorhus/slugify's defaults), by
    which its history/<slug>.yml is named."""
    text = name
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    for camel in _CAMEL:
        text = camel.sub(" ", text)
    text = _CAPS.sub(" ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def plan_from(folder: Path, issues: Path | None) -> Plan:
    """The plan for an Upptime repository; SourceErrors with every problem its files
    have (the config, each history file, the issues), all found in one run."""
    problems = Problems()
    config: Any = {}
    sites: list[Any] = []
    with problems.gathered():
        config = read_yaml(
            folder / CONFIG_FILE,
            "give the folder of an Upptime repository (it holds .upptimerc.yml)",
            inside=folder,
        )
        listed = config.get("sites") if isinstance(config, dict) else None
        if not isinstance(listed, list):
            raise SourceError(
                folder / CONFIG_FILE, "no sites list", "Upptime lists them under sites:"
            )
        sites = listed
    plan = Plan(source=f"upptime {folder}", timezone="UTC")
    with problems.gathered():
        plan.title, plan.base_url = _page(folder, config if isinstance(config, dict) else {})
    # Upptime's slug → (number, name, slug, description)
    named: dict[str, tuple[int, str, str, str | None]] = {}
    for number, site in enumerate(sites, start=1):
        line = item_line(sites, number - 1) or key_line(config, "sites")
        if not isinstance(site, dict):
            problems.found.append(_nameless(folder / CONFIG_FILE, line, site, number))
            continue
        name = ""  # until each of its texts reads
        with problems.gathered():
            # The name as written: `Off`, `false` or `0` is a site's name too.
            given = as_text(site, "name", folder / CONFIG_FILE)
            if not given:
                # Upptime names a site's history file and issues by its name: without one
                # the site has no record to import, and leaving it out would lose it unsaid.
                raise _nameless(folder / CONFIG_FILE, line, site, number)
            slug, description = _slug_and_description(site, folder / CONFIG_FILE)
            if description is not None and carries_credential(description, stand_ins=True):
                # A login or token in Upptime's private config would be on every page and
                # in the API as the description: left out, as a `$SECRET` address is. One
                # standing in for it (`app:***@`, `$DB_PASSWORD`, which Upptime fills in
                # from its secrets) is published as `check` takes it in a description.
                description = None
                plan.notes.append(
                    f"{given}: its url holds a login or a token, so it is not its description"
                )
            name = given
        if not name:
            continue
        if _unsafe_slug(slug):
            line = key_line(site, "slug") or line
            problems.found.append(_bad_slug(folder / CONFIG_FILE, name, slug, line))
            continue
        # Upptime's slug is the site's identity: its history file and its issues' label.
        upptime = slug or upptime_slug(name)
        if len(f"{upptime}.yml".encode()) > _NAME_MAX:
            line = key_line(site, "slug" if slug else "name") or line
            problems.found.append(_long_slug(folder / CONFIG_FILE, line, name, upptime, slug))
            continue
        # The id the import writes is checked as every component's is: refused there, it
        # would be blamed on a line of a components.yaml the import never wrote.
        own = slug or slugify(name)
        cid = slugify(own)
        if len(cid) > MAX_ID_LENGTH:
            line = key_line(site, "slug" if slug else "name") or line
            problems.found.append(_long_id(folder / CONFIG_FILE, line, name, cid, slug))
            continue
        if upptime in named:
            first, other, _, _ = named[upptime]
            problems.found.append(
                _one_slug(folder / CONFIG_FILE, line, (first, other), name, upptime)
            )
            continue
        named[upptime] = (number, name, own, description)
    by_slug: dict[str, PlannedComponent] = {}
    # Per component: its history file, and when Upptime last wrote it (None: not said).
    histories: dict[str, tuple[Path, datetime | None]] = {}
    for upptime, (_, name, slug, description) in named.items():
        # statusgen's own slug stays the component's id (an earlier import used it).
        component = PlannedComponent(PREFIX + upptime, name, description, id=slugify(slug))
        # Upptime's slug names the files, and is tried first; statusgen's only when it is
        # no other site's.
        records = [folder / HISTORY_DIR / f"{s}.yml" for s in dict.fromkeys([upptime, slug])]
        records = [r for r in records if r.stem == upptime or r.stem not in named]
        # statusgen's slug may name no file a file system can hold, Upptime's names one.
        records = [r for r in records if len(r.name.encode()) <= _NAME_MAX]
        record = next((r for r in records if r.is_file()), records[0])
        if record.is_file():
            with problems.gathered():
                written = _read_record(record, component, folder)
                histories[component.import_id] = (record, written)
        by_slug.setdefault(slug, component)
        plan.components.append(component)
        plan.order.append(component.import_id)
    # An issue's label is Upptime's slug; statusgen's names a site only when no site
    # has it as Upptime's.
    by_slug.update({c.import_id.removeprefix(PREFIX): c for c in plan.components})
    found: list[dict[str, Any]] = []
    if issues is not None:
        with problems.gathered():
            found = _read_issues(issues)
    events = []
    for issue in found:
        assert issues is not None  # issues were read from it
        with problems.gathered():
            events.append(_event(issue, by_slug, plan, issues))
    problems.settle()
    plan.events += [event for event in events if event is not None]
    _as_the_history_says(plan, histories, folder)
    if issues is None:
        plan.notes.append(
            "no --issues file: Upptime keeps its incidents as GitHub issues; export them "
            f"(e.g. `{EXPORT}`) and pass the file with --issues"
        )
    elif any(e is not None for e in events) and not all(
        isinstance(i.get("comments"), list) for i in found
    ):
        # GitHub's REST form gives a count; an older export, nothing.
        plan.notes.append(
            "the issues file lists no comments, which Upptime's incident page shows as the "
            f"timeline: export them too (`{EXPORT}`) to bring them"
        )
    plan.notes.append(
        "Upptime's response times and uptime percentages: statusgen computes uptime from "
        "the incidents"
    )
    return plan


def _as_the_history_says(
    plan: Plan, histories: dict[str, tuple[Path, datetime | None]], folder: Path
) -> None:
    """Let the open incidents carry the status of the sites they are about: each such
    site's own status is operational, and the incident holds its status. Where the
    history gives a worse one (Upptime opens no new issue when a site it reports degraded
    goes down; its page shows the history's), the incident updated last takes it when
    Upptime last wrote the history, nothing before then rewritten (noted)."""
    taken = StatusesNow()
    for component in plan.components:
        # A maintenance window says nothing of how the site answers after it.
        holding = [
            event
            for event in plan.events
            if component.import_id in event.components
            and not event.maintenance
            and event.status != IncidentState.RESOLVED.value
        ]
        if not holding:
            continue
        said, component.status = component.status, ComponentStatus.OPERATIONAL
        held = worst_status([event.components[component.import_id] for event in holding])
        if SEVERITY[said] <= SEVERITY[held]:
            continue
        made = max(holding, key=lambda event: event.updates[-1].at)
        record, written = histories[component.import_id]
        at = taken.take(made, component.import_id, said, written, made.updates[-1].state)
        if at == written:
            since = "when Upptime last wrote that file, its lastUpdated"
        elif written is None:
            since = "the issue's last update: no lastUpdated"
        else:
            # Its lastUpdated is earlier than the update that set the issue's status (the
            # opening, unless a later one names the site): not before that update.
            setter = "opening" if at == made.updates[0].at else "update that set its status"
            since = f"the issue's {setter}, as the file's lastUpdated is earlier"
        plan.notes.append(
            f"issue '{made.title}': {component.name} is {said.value} in "
            f"{record.relative_to(folder).as_posix()}, worse than the open issue says "
            f"({held.value}), as Upptime opens no new issue when a degraded site goes down; "
            f"it is {said.value} from {at.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC "
            f"({since}), on an update without a message"
        )
    taken.write()


def _page(folder: Path, config: dict[str, Any]) -> tuple[str | None, str | None]:
    """The page's title and address from `.upptimerc.yml` (None for what it does not
    give); SourceError at the line of one that is not text."""
    website = config.get("status-website")
    if not isinstance(website, dict):
        return None, None
    path = folder / CONFIG_FILE
    title = as_text(website, "name", path) or None
    cname, owner = as_text(website, "cname", path), as_text(config, "owner", path)
    if cname:
        return title, f"https://{cname}/"
    if owner:
        return title, f"https://{owner}.github.io{as_text(website, 'baseUrl', path) or '/'}"
    return title, None


def _read_record(record: Path, component: PlannedComponent, folder: Path) -> datetime | None:
    """The component's start date and status from its history file, and when Upptime
    last wrote it (its `lastUpdated`, None when it gives none that reads); SourceError
    when the file is not YAML, leads out of `folder`, or its startTime is no date."""
    history = read_yaml(record, "", inside=folder)
    if not isinstance(history, dict):
        return None
    written = history.get("startTime")
    started = moment(written)
    if started is None and written not in (None, ""):
        problem, line = time_problem(written, "startTime", key_line(history, "startTime"))
        raise SourceError(
            record,
            problem,
            "write a date that exists, as Upptime does: 2026-03-01T08:00:00.000Z",
            line=line,
        )
    component.start_date = started.date() if started else None
    component.status = _STATUS.get(as_text(history, "status", record), component.status)
    return moment(history.get("lastUpdated"))


def _unsafe_slug(slug: str) -> bool:
    """Whether a site's `slug:` would name a file other than one in history/: a path
    (`../../secrets`, `/etc/x`), a hidden name, or one no file can have."""
    return any(c in slug for c in "/\\\0") or ".." in slug or slug.startswith(".")


def _bad_slug(path: Path, name: str, slug: str, line: int) -> SourceError:
    """The problem of site `name`, whose `slug:` is no file name in history/, at `line`."""
    return SourceError(
        path,
        f"site '{name}' has the slug {slug!r}, which names no file in "
        f"{HISTORY_DIR}/: an import reads only {HISTORY_DIR}/<slug>.yml of the repository",
        "write the slug Upptime names the site's files by: letters, digits and hyphens, "
        "e.g. `slug: website`",
        line=line,
    )


def _long_slug(path: Path, line: int, name: str, upptime: str, slug: str) -> SourceError:
    """The problem of site `name`, at `line`, whose Upptime slug (its `slug`, or else the
    one made of its name) is too long for a file name in history/."""
    said = "its slug" if slug else "the slug Upptime makes of its name"
    return SourceError(
        path,
        f"site '{_shown(name)}': {said} is {len(upptime.encode())} bytes long, too long for "
        f"the name of its file {HISTORY_DIR}/<slug>.yml (file systems allow {_NAME_MAX} bytes)",
        _shorter(slug),
        line=line,
    )


def _long_id(path: Path, line: int, name: str, cid: str, slug: str) -> SourceError:
    """The problem of site `name`, at `line`, whose component id `cid` (made of its `slug`,
    or else of its name) is longer than a component id may be."""
    said = "its slug" if slug else "its name"
    return SourceError(
        path,
        f"site '{_shown(name)}': the component id made of {said} is {len(cid)} characters "
        f"long, more than {MAX_ID_LENGTH} (it becomes the address of the component's page)",
        _shorter(slug),
        line=line,
    )


def _shown(name: str) -> str:
    """A site's name as a problem quotes it: a long one cut to 60 characters."""
    return name if len(name) <= 60 else name[:57] + "..."


def _shorter(slug: str) -> str:
    """The hint for a site whose slug (`slug`, or else its name's) is too long."""
    if slug:
        return "give the site a shorter slug, e.g. `slug: website`"
    return "shorten the name, or give the site a short slug, e.g. `slug: website`"


def _nameless(path: Path, line: int, site: Any, number: int) -> SourceError:
    """The problem of a site under `sites:` without a name, at `line`."""
    what = "has no name" if isinstance(site, dict) else "is not a mapping of name and url"
    return SourceError(
        path,
        f"site {number} under sites: {what}",
        "give every site a name, as Upptime asks: `- name: Website` with `url: ...` "
        "below it (Upptime names its history file and issues by the name)",
        line=line,
    )


def _one_slug(path: Path, line: int, first: tuple[int, str], name: str, slug: str) -> SourceError:
    """The problem of site `name` under `sites:`, at `line`, whose Upptime `slug` is that
    of an earlier one (`first`: its number and name)."""
    number, other = first
    said = f"the slug '{slug}'" if slug else "no slug (no Latin letters or digits)"
    return SourceError(
        path,
        f"site '{name}' has {said}, as site {number} '{other}' has: Upptime names a site's "
        "history file and issues by it, so the two cannot be told apart",
        "give one of them a `slug:` of its own, as Upptime asks",
        line=line,
    )


def _slug_and_description(site: dict[str, Any], path: Path) -> tuple[str, str | None]:
    """A site's `slug:` ("" for none) and the description its address gives (None for
    none); SourceError at the line of one that is not text."""
    url = as_text(site, "url", path)
    # `$SECRET` addresses are private; never publish them.
    return as_text(site, "slug", path), url if url.startswith(("http://", "https://")) else None


def _read_issues(path: Path) -> list[dict[str, Any]]:
    data = read_json(path, "export the issues as JSON, and give that file unchanged")
    if not isinstance(data, list):
        raise SourceError(path, "not a list of issues", "export the issues as a JSON list")
    return [i for i in data if isinstance(i, dict)]


def _labels(issue: dict[str, Any]) -> list[str]:
    labels = issue.get("labels") or []
    return [str(label.get("name") if isinstance(label, dict) else label) for label in labels]


def _event(
    issue: dict[str, Any], by_slug: dict[str, PlannedComponent], plan: Plan, path: Path
) -> PlannedEvent | None:
    """The maintenance window or incident an issue is (None, noted, for a pull request,
    one about no monitored site or with no window); SourceErrors when its times do not
    read (an issue closed at "soon" must not stay open)."""
    if "pull_request" in issue:
        # GitHub's REST export lists pull requests among the issues; none is an outage.
        title = str(issue.get("title") or "").strip()
        plan.notes.append(f"issue {_name(issue)} '{title}': a pull request, not an issue; left out")
        return None
    if MAINTENANCE_LABEL in _labels(issue):
        return _maintenance(issue, by_slug, plan, path)
    return _incident(issue, by_slug, plan, path)


def _incident(
    issue: dict[str, Any], by_slug: dict[str, PlannedComponent], plan: Plan, path: Path
) -> PlannedEvent | None:
    """The incident an issue about a monitored site is: its body the first update, each
    comment the next, its closing the resolution."""
    title = str(issue.get("title") or "").strip()
    labels = _labels(issue)
    affected: list[PlannedComponent] = []
    if STATUS_LABEL in labels:
        affected = [by_slug[label] for label in labels if label in by_slug]
    outage = _OUTAGE_TITLE.match(title)
    if not affected and outage:
        affected = _named_in(outage["name"], plan.components)
    problems = Problems()
    # An issue left out is not read further: its times do not matter.
    updates = _timeline(issue, path, problems, IncidentState.INVESTIGATING, IncidentState.RESOLVED)
    if affected:
        problems.settle()
    if not affected and (outage or STATUS_LABEL in labels):
        plan.notes.append(
            f"issue {_name(issue)} '{title}': an outage of no site in {CONFIG_FILE} (renamed "
            "or removed there); left out"
        )
        return None
    if not affected or not updates:
        plan.notes.append(
            f"issue {_name(issue)} '{title}': not an outage Upptime opened (labelled "
            f"`{STATUS_LABEL}` and a site's slug, or titled '🛑 <site> is down' or "
            "'⚠️ <site> has degraded performance'); left out"
        )
        return None
    status = (
        ComponentStatus.DEGRADED_PERFORMANCE
        if _DEGRADED.search(title) and not _DOWN.search(title)
        else ComponentStatus.MAJOR_OUTAGE
    )
    return PlannedEvent(
        import_id=_import_id(issue, title, updates[0].at),
        title=title,
        maintenance=False,
        updates=updates,
        components={c.import_id: status for c in affected},
        status=updates[-1].state.value,
        impact=impact_for_status(status).value,
        impact_by_status=True,
    )


def _maintenance(
    issue: dict[str, Any], by_slug: dict[str, PlannedComponent], plan: Plan, path: Path
) -> PlannedEvent | None:
    """The maintenance window an issue labelled `maintenance` announces: its window and
    sites from the `<!-- start: … end: … expectedDown: … -->` block of its body, as
    Upptime's own page reads them; its body (without the block) the announcement, each
    comment an update, its closing the end of the work."""
    title = str(issue.get("title") or "").strip()
    problems = Problems()
    updates = _timeline(
        issue, path, problems, MaintenanceState.SCHEDULED, MaintenanceState.COMPLETED
    )
    problems.settle()
    said = _metadata(str(issue.get("body") or ""))
    starts, ends = moment(said.get("start")), moment(said.get("end"))
    if starts is None or ends is None or ends <= starts:
        why = (
            "no valid start and end in the <!-- start: ... end: ... --> block of its body"
            if starts is None or ends is None
            else f"its end ({said['end']}) is not after its start ({said['start']})"
        )
        plan.notes.append(
            f"issue {_name(issue)} '{title}': a maintenance issue with {why}, which Upptime's "
            "page needs to show it; left out"
        )
        return None
    for update in updates[1:]:
        if update.state is MaintenanceState.SCHEDULED:
            # A comment is written in the state the window was in then, as Upptime's page
            # shows the window by its times: under way from its start, over at its end.
            update.state = _window_state(update.at, starts, ends)
    components: dict[str, ComponentStatus] = {}
    gone: dict[str, ComponentStatus] = {}
    for key, status in _EXPECTED.items():
        for slug in filter(None, (s.strip() for s in said.get(key, "").split(","))):
            if slug in by_slug:
                components.setdefault(by_slug[slug].import_id, status)
            else:
                # A site removed or renamed since: the one an earlier import wrote is kept
                # for the window (apply), else the window would show taking nothing.
                gone.setdefault(PREFIX + slug, status)
                plan.notes.append(
                    f"issue {_name(issue)} '{title}': {key} names '{slug}', which is no "
                    "site's slug; left out unless an earlier import wrote that site"
                )
    return PlannedEvent(
        import_id=_import_id(issue, title, updates[0].at),
        title=title,
        maintenance=True,
        updates=updates,
        components=components,
        scheduled_for=starts,
        scheduled_until=ends,
        gone=gone,
    )


def _window_state(at: datetime, starts: datetime, ends: datetime) -> MaintenanceState:
    """The state a maintenance window is in at `at` by its clock alone."""
    if at < starts:
        return MaintenanceState.SCHEDULED
    return MaintenanceState.IN_PROGRESS if at < ends else MaintenanceState.COMPLETED


def _import_id(issue: dict[str, Any], title: str, opened: datetime) -> str:
    """The id a later import finds the issue's file by: its number; an export without it
    (a hand-made list) falls back to when the issue opened and its title."""
    number = issue.get("number")
    # As earlier imports made it (stable_slug): the files they wrote are found by it.
    key = number if isinstance(number, int) else f"{opened:%Y%m%dT%H%M%S}-{stable_slug(title)}"
    return f"{PREFIX}issue-{key}"


def _metadata(body: str) -> dict[str, str]:
    """The `key: value` lines of the first HTML comment in a body, as Upptime reads a
    maintenance issue's window from it."""
    found = _METADATA.search(body)
    pairs: dict[str, str] = {}
    for line in found["block"].split("\n") if found else []:
        key, colon, value = line.partition(":")
        if colon:
            pairs.setdefault(key.strip(), value.strip())
    return pairs


def _timeline(
    issue: dict[str, Any], path: Path, problems: Problems, first: UpdateState, closing: UpdateState
) -> list[PlannedUpdate]:
    """The issue's updates, oldest first, as Upptime's incident page shows them: its body
    when it opened (`first`), each comment at its time in the state before it, and its
    closing (`closing`). On an incident, a last comment saying `**Resolved:**` by then is
    the resolution. Empty when it opened at no time; a time that does not read is kept in
    `problems`."""
    opened = _issue_time(issue, _CREATED, path, problems, needed=True)
    closed = _issue_time(
        issue, _CLOSED, path, problems, needed=str(issue.get("state")).lower() == "closed"
    )
    if opened is None:
        return []
    said: list[tuple[datetime, UpdateState | None, str]] = [
        (max(at, opened), None, text) for at, text in _comments(issue, path, problems)
    ]
    said.sort(key=lambda entry: entry[0])
    if closed is not None:
        closed = max(closed, opened)
        before = [index for index, (at, _, _) in enumerate(said) if at <= closed]
        last = before[-1] if before else None
        if (
            closing is IncidentState.RESOLVED
            and last is not None
            and _RESOLVED.match(said[last][2])
        ):
            # Upptime comments `**Resolved:** … is back up` as it closes the issue.
            said[last] = (said[last][0], closing, said[last][2])
        else:
            said.insert(len(before), (closed, closing, ""))
    updates = [PlannedUpdate(first, opened, _message(issue.get("body")))]
    for at, state, text in said:
        updates.append(PlannedUpdate(state or updates[-1].state, at, text))
    return updates


def _comments(issue: dict[str, Any], path: Path, problems: Problems) -> list[tuple[datetime, str]]:
    """The issue's comments (`gh`'s `comments` list) with a time and a word, each at its
    time; one whose time does not read is kept in `problems`."""
    comments = issue.get("comments")
    found: list[tuple[datetime, str]] = []
    for number, comment in enumerate(comments if isinstance(comments, list) else [], start=1):
        if not isinstance(comment, dict):
            continue
        at = _issue_time(
            comment,
            _CREATED,
            path,
            problems,
            needed=True,
            what=f"issue {_name(issue)}, comment {number}",
            gh=_from_gh(issue),
        )
        text = _message(comment.get("body"))
        if at is not None and text:
            found.append((at, text))
    return found


def _message(body: object) -> str:
    """An issue's or comment's Markdown as GitHub shows it: without HTML comments (a
    maintenance issue's window is one), its HTML tags as Markdown (the Markdown around
    them as written), with no heading that would start an update."""
    return to_markdown(without_comments(str(body or "")).text)


def _name(issue: dict[str, Any]) -> str:
    """How the notes and problems name an issue: `#12`, or its title without a number."""
    number = issue.get("number")
    return f"#{number}" if isinstance(number, int) else repr(issue.get("title"))


def _named_in(name: str, sites: list[PlannedComponent]) -> list[PlannedComponent]:
    """The site whose whole name `name` is, as Upptime's title gives it: "Google Docs"
    names Google Docs, not Google."""
    return [site for site in sites if site.name.casefold() == name.casefold()][:1]


def _from_gh(issue: dict[str, Any]) -> bool:
    """Whether an issue is written as `gh` exports it (`createdAt`), not in GitHub's REST
    form (`created_at`): a key it lacks is named in its own spelling."""
    return any(spelled[1] in issue for spelled in (_CREATED, _CLOSED))


def _issue_time(
    item: dict[str, Any],
    keys: tuple[str, str],
    path: Path,
    problems: Problems,
    *,
    needed: bool,
    what: str = "",
    gh: bool | None = None,
) -> datetime | None:
    """The time an issue (or a comment, `what` naming it, of an issue written as `gh`
    writes one or not) gives under either spelling of a key (GitHub's REST form or
    `gh`'s), None when it gives none. One that is no time, or none where it is `needed`,
    is kept in `problems` with its line, under the key's spelling the issue uses."""
    spelled = keys[1] if (_from_gh(item) if gh is None else gh) else keys[0]
    # The key with a value, else the one written empty, else the one the issue would use.
    key = next((k for k in keys if item.get(k) not in (None, "")), None)
    key = key or next((k for k in keys if k in item), spelled)
    written = item.get(key)
    found = moment(written) if isinstance(written, str) else None
    if found is None and (needed or written not in (None, "")):
        problem, line = time_problem(written, key, key_line(item, key) or key_line(item, "state"))
        redo = f"export the issues again (`{EXPORT}`)"
        hint = (
            f"add `{key}` with the time, as GitHub writes it (2026-03-01T08:00:00Z), or {redo}"
            if written in (None, "")
            else f"{redo}, or write the time as GitHub does: 2026-03-01T08:00:00Z"
        )
        problems.found.append(
            SourceError(path, f"{what or f'issue {_name(item)}'}: {problem}", hint, line=line)
        )
    return found
