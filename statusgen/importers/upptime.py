"""Upptime repositories: sites from .upptimerc.yml, their records from history/*.yml,
and the incidents Upptime opened as GitHub issues, from an exported JSON list."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from statusgen.importers.html import demote_headings
from statusgen.importers.plan import Plan, PlannedComponent, PlannedEvent, PlannedUpdate
from statusgen.importers.sources import (
    Problems,
    SourceError,
    item_line,
    key_line,
    moment,
    read_json,
    read_yaml,
    time_problem,
)
from statusgen.load.text import slugify
from statusgen.model import ComponentStatus, IncidentState
from statusgen.status import impact_for_status

PREFIX = "upptime:"
CONFIG_FILE = ".upptimerc.yml"
HISTORY_DIR = "history"
# The words Upptime puts in an issue title ("🛑 API is down", "⚠️ API has degraded
# performance") and the status each stands for.
_DOWN = re.compile(r"\bis down\b", re.IGNORECASE)
_DEGRADED = re.compile(r"\bdegraded\b", re.IGNORECASE)
_STATUS = {"down": ComponentStatus.MAJOR_OUTAGE, "degraded": ComponentStatus.DEGRADED_PERFORMANCE}
# @sindresorhus/slugify, which Upptime names its files with: its default replacements,
# then decamelize ("GitHub" → "Git Hub", "APIServer" → "API Server").
_REPLACEMENTS = (("&", " and "), ("🦄", " unicorn "), ("♥", " love "))
_CAMEL = (re.compile(r"([a-z\d]+)([A-Z]{2,})"), re.compile(r"([a-z\d])([A-Z])"))
_CAPS = re.compile(r"([A-Z]+)([A-Z][a-rt-z\d]+)")


def upptime_slug(name: str) -> str:
    """The slug Upptime gives a site without one (@sindresorhus/slugify's defaults), by
    which its history/<slug>.yml is named."""
    text = name
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    for camel in _CAMEL:
        text = camel.sub(r"\1 \2", text)
    text = _CAPS.sub(r"\1 \2", text)
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
    plan = _plan(folder, config if isinstance(config, dict) else {})
    named: dict[str, tuple[int, str, str]] = {}  # Upptime's slug → (number, name, slug)
    for number, site in enumerate(sites, start=1):
        line = item_line(sites, number - 1) or key_line(config, "sites")
        if not isinstance(site, dict) or not site.get("name"):
            # Upptime names a site's history file and issues by its name: without one
            # the site has no record to import, and leaving it out would lose it unsaid.
            problems.found.append(_nameless(folder / CONFIG_FILE, line, site, number))
            continue
        name = str(site["name"])
        if _unsafe_slug(site.get("slug")):
            problems.found.append(_bad_slug(folder / CONFIG_FILE, site, line))
            continue
        # Upptime's slug is the site's identity: its history file and its issues' label.
        upptime = str(site.get("slug") or upptime_slug(name))
        if upptime in named:
            first, other, _ = named[upptime]
            problems.found.append(
                _one_slug(folder / CONFIG_FILE, line, (first, other), name, upptime)
            )
            continue
        named[upptime] = (number, name, str(site.get("slug") or slugify(name)))
    by_slug: dict[str, PlannedComponent] = {}
    for upptime, (number, name, slug) in named.items():
        site = sites[number - 1]
        # statusgen's own slug stays the component's id (an earlier import used it).
        component = PlannedComponent(PREFIX + upptime, name, _description(site), id=slugify(slug))
        # Upptime's slug names the files, and is tried first; statusgen's only when it is
        # no other site's.
        records = [folder / HISTORY_DIR / f"{s}.yml" for s in dict.fromkeys([upptime, slug])]
        records = [r for r in records if r.stem == upptime or r.stem not in named]
        record = next((r for r in records if r.is_file()), records[0])
        if record.is_file():
            with problems.gathered():
                _read_record(record, component, folder)
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
            events.append(_incident(issue, by_slug, plan, issues))
    problems.settle()
    for event in events:
        if event is not None:
            plan.events.append(event)
            for import_id in event.components:
                if event.status != IncidentState.RESOLVED.value:
                    # The open incident says it is down; the baseline stays up.
                    next(
                        c for c in plan.components if c.import_id == import_id
                    ).status = ComponentStatus.OPERATIONAL
    if issues is None:
        plan.notes.append(
            "no --issues file: Upptime keeps its incidents as GitHub issues; export them "
            "(e.g. `gh issue list --state all --json number,title,body,state,createdAt,"
            "closedAt,labels`) and pass the file with --issues"
        )
    plan.notes.append(
        "Upptime's response times and uptime percentages: statusgen computes uptime from "
        "the incidents"
    )
    return plan


def _plan(folder: Path, config: dict[str, Any]) -> Plan:
    """An empty plan with the page's title and address from `.upptimerc.yml`."""
    website = config.get("status-website") or {}
    base = None
    if isinstance(website, dict) and website.get("cname"):
        base = f"https://{website['cname']}/"
    elif isinstance(website, dict) and config.get("owner"):
        base = f"https://{config['owner']}.github.io{website.get('baseUrl') or '/'}"
    return Plan(
        source=f"upptime {folder}",
        title=str(website.get("name") or "") or None if isinstance(website, dict) else None,
        base_url=base,
        timezone="UTC",
    )


def _read_record(record: Path, component: PlannedComponent, folder: Path) -> None:
    """The component's start date and status from its history file; SourceError when
    the file is not YAML, leads out of `folder`, or its startTime is no date."""
    history = read_yaml(record, "", inside=folder)
    if not isinstance(history, dict):
        return
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
    component.status = _STATUS.get(str(history.get("status")), component.status)


def _unsafe_slug(slug: object) -> bool:
    """Whether a site's `slug:` would name a file other than one in history/: a path
    (`../../secrets`, `/etc/x`), a hidden name, or one no file can have."""
    text = str(slug or "")
    return any(c in text for c in "/\\\0") or ".." in text or text.startswith(".")


def _bad_slug(path: Path, site: dict[str, Any], line: int) -> SourceError:
    """The problem of a site whose `slug:` is no file name in history/, at its line."""
    return SourceError(
        path,
        f"site '{site['name']}' has the slug {str(site['slug'])!r}, which names no file in "
        f"{HISTORY_DIR}/: an import reads only {HISTORY_DIR}/<slug>.yml of the repository",
        "write the slug Upptime names the site's files by: letters, digits and hyphens, "
        "e.g. `slug: website`",
        line=key_line(site, "slug") or line,
    )


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


def _description(site: dict[str, Any]) -> str | None:
    url = str(site.get("url") or "")
    # `$SECRET` addresses are private; never publish them.
    return url if url.startswith(("http://", "https://")) else None


def _read_issues(path: Path) -> list[dict[str, Any]]:
    data = read_json(path, "export the issues as JSON, and give that file unchanged")
    if not isinstance(data, list):
        raise SourceError(path, "not a list of issues", "export the issues as a JSON list")
    return [i for i in data if isinstance(i, dict)]


def _labels(issue: dict[str, Any]) -> list[str]:
    labels = issue.get("labels") or []
    return [str(label.get("name") if isinstance(label, dict) else label) for label in labels]


def _incident(
    issue: dict[str, Any], by_slug: dict[str, PlannedComponent], plan: Plan, path: Path
) -> PlannedEvent | None:
    """The incident an issue about a monitored site is; SourceErrors when its times do
    not read (an issue closed at "soon" must not stay open)."""
    title = str(issue.get("title") or "").strip()
    number = issue.get("number")
    labels = _labels(issue)
    affected = [by_slug[label] for label in labels if label in by_slug]
    if not affected:
        affected = _named_in(title, plan.components)
    closing = str(issue.get("state")).lower() == "closed"
    problems = Problems()
    opened = _issue_time(issue, ("created_at", "createdAt"), path, problems, needed=True)
    closed = _issue_time(issue, ("closed_at", "closedAt"), path, problems, needed=closing)
    if affected:
        problems.settle()  # else the issue is left out, and its times do not matter
    if not affected or opened is None:
        plan.notes.append(f"issue #{number} '{title}': not about a monitored site; left out")
        return None
    status = (
        ComponentStatus.DEGRADED_PERFORMANCE
        if _DEGRADED.search(title) and not _DOWN.search(title)
        else ComponentStatus.MAJOR_OUTAGE
    )
    body = demote_headings(str(issue.get("body") or "").strip())
    updates = [PlannedUpdate(IncidentState.INVESTIGATING, opened, body)]
    if closing and closed is not None:
        updates.append(PlannedUpdate(IncidentState.RESOLVED, max(closed, opened), ""))
    # The number tells issues apart on the next import; an export without it (a
    # hand-made list) falls back to when the issue opened and its title.
    key = number if isinstance(number, int) else f"{opened:%Y%m%dT%H%M%S}-{slugify(title)}"
    return PlannedEvent(
        import_id=f"{PREFIX}issue-{key}",
        title=title,
        maintenance=False,
        updates=updates,
        components={c.import_id: status for c in affected},
        status=updates[-1].state.value,
        impact=impact_for_status(status).value,
    )


def _named_in(title: str, sites: list[PlannedComponent]) -> list[PlannedComponent]:
    """The sites a title names by their whole name: "Google Docs is down" names Google
    Docs, not Google too (a name inside a longer one that matched is no mention)."""
    spans: list[tuple[PlannedComponent, tuple[int, int]]] = []
    for site in sites:
        found = re.search(rf"(?<!\w){re.escape(site.name)}(?!\w)", title, re.IGNORECASE)
        if found:
            spans.append((site, found.span()))
    return [
        site
        for site, (start, end) in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for _, (s, e) in spans)
    ]


def _issue_time(
    issue: dict[str, Any], keys: tuple[str, str], path: Path, problems: Problems, *, needed: bool
) -> datetime | None:
    """The time an issue gives under either spelling of a key (GitHub's REST form or
    `gh`'s), None when it gives none. One that is no time, or none where it is `needed`,
    is kept in `problems` with its line."""
    key = next((k for k in keys if issue.get(k) not in (None, "")), keys[0])
    written = issue.get(key)
    found = moment(written) if isinstance(written, str) else None
    if found is None and (needed or written not in (None, "")):
        problem, line = time_problem(written, key, key_line(issue, key) or key_line(issue, "state"))
        name = (
            f"#{issue['number']}"
            if isinstance(issue.get("number"), int)
            else repr(issue.get("title"))
        )
        problems.found.append(
            SourceError(
                path,
                f"issue {name}: {problem}",
                "export the issues again (`gh issue list --state all --json ...`), or write "
                "the time as GitHub does: 2026-03-01T08:00:00Z",
                line=line,
            )
        )
    return found
