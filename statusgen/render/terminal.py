"""The computed status for a terminal (`statusgen status`) and as JSON (`status --json`).

Both read a SiteStatus; neither re-derives a rule. Statuses are always written in words,
so the table reads the same without colour, in a log or through a screen reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from statusgen.amounts import duration_parts, percent_digits, uptime_fraction
from statusgen.model import ComponentStatus, Impact, Maintenance, Site
from statusgen.render.format import (
    IMPACT_LABELS,
    columns,
    machine_moment,
    pad,
    said_once,
    standalone_names,
)
from statusgen.status import SiteStatus, duration, listed_start, overrun
from statusgen.timeline import clock_pattern, format_shown

# ANSI SGR codes. Colour is an extra on top of the words, never the only signal.
_RESET = "\033[0m"
_BOLD = "1"
_DIM = "2"
_STATUS_COLOURS: dict[ComponentStatus, str] = {
    ComponentStatus.OPERATIONAL: "32",  # green
    ComponentStatus.UNDER_MAINTENANCE: "34",  # blue
    ComponentStatus.DEGRADED_PERFORMANCE: "33",  # yellow
    ComponentStatus.PARTIAL_OUTAGE: "38;5;208",  # orange, yellow on 16-colour terminals
    ComponentStatus.MAJOR_OUTAGE: "31",  # red
}
_IMPACT_COLOURS: dict[Impact, str] = {
    Impact.NONE: "0",
    Impact.MINOR: "33",
    Impact.MAJOR: "38;5;208",
    Impact.CRITICAL: "31",
    Impact.MAINTENANCE: "34",
}


# Characters a terminal acts on rather than shows: C0/C1 controls (escape sequences,
# carriage returns, line breaks), line and paragraph separators, and direction controls.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
# The same but for the direction marks (LRM, RLM, ALM) and isolates (U+2066-U+2069), which
# set the direction of their own words and never show a word's letters in reverse (dates
# and names in right-to-left messages carry them). Embeddings and overrides (U+202A-U+202E,
# with the PDF that closes them) stay written out: an override shows `\u202egpj.exe` as
# `exe.jpg`, and an embedding can hide one opened before it.
_UNPRINTABLE_BUT_MARKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]")


def printable(text: str, *, lines: bool = False, marks: bool = False) -> str:
    """`text` safe to print on a terminal: what a terminal would act on instead of showing
    (an escape sequence, a carriage return, a direction override) is written as `\\x1b`.
    With `lines`, each line feed stays a line break: for text made of lines (a report, a
    message's body), where any other break is still written out. With `marks`, direction
    marks and isolates print as themselves: for text shown as it is sent (a dry run)."""
    if lines:
        return "\n".join(printable(line, marks=marks) for line in text.split("\n"))
    pattern = _UNPRINTABLE_BUT_MARKS if marks else _UNPRINTABLE
    return pattern.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


def as_written(text: str, encoding: str) -> str:
    """`text` as a stream in `encoding` writes it: each character the encoding cannot hold
    as its backslash escape (`\\u6c7a`), as Python writes such a character on stderr."""
    return text.encode(encoding, "backslashreplace").decode(encoding)


def status_table(site: Site, status: SiteStatus, *, color: bool, encoding: str = "utf-8") -> str:
    """The status as aligned plain text: overall, components, open incidents, maintenance.
    `encoding` is the one the text is written in: a name it cannot hold is written as its
    backslash escapes, and the columns are measured on those."""
    tz = site.settings.tz
    names = _plain_names(site)

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}{_RESET}" if color and code != "0" else text

    overall_colour = _overall_colour(status)
    lines = [
        paint(printable(site.settings.title), _BOLD),
        f"{paint(status.overall_label, overall_colour)}"
        f"  (Statuspage indicator: {status.indicator.value}, {status.description})",
        paint(f"As of {format_shown(status.now, tz)}", _DIM),
        "",
    ]

    # Escaped here, as the stream would escape them (cli._take_any_text), so that each
    # cell is measured as written: `\U0001f680` takes ten columns, not the emoji's two.
    rows = [(as_written(n, encoding), s, u) for n, s, u in _component_rows(site, status)]
    if rows:
        # Each column is as wide as its widest cell, the header word included: short names
        # ("API") must not pull the rows left of their headers.
        name_title, status_title = "Component", "Status"
        name_width = max(columns(name_title), *(columns(name) for name, _, _ in rows))
        status_width = max(columns(status_title), *(columns(s.label) for _, s, _ in rows))
        uptime_title = f"{site.settings.history_days}-day uptime"
        uptime_width = max(len(uptime_title), *(len(u) for _, _, u in rows))
        header = f"{pad(name_title, name_width)}  {pad(status_title, status_width)}  {uptime_title}"
        lines.append(paint(header, _BOLD))
        for name, component_status, uptime in rows:
            # Pad outside the escape codes: they have no width on screen.
            label = component_status.label
            word = paint(label, _STATUS_COLOURS[component_status])
            word += " " * (status_width - columns(label))
            lines.append(f"{pad(name, name_width)}  {word}  {uptime:>{uptime_width}}".rstrip())
    else:
        lines.append("No components.")

    lines += ["", paint(f"Open incidents ({len(status.open_incidents)})", _BOLD)]
    if not status.open_incidents:
        lines.append("  None.")
    for incident in status.open_incidents:
        lines.append(f"  {printable(incident.title)}")
        # The pages' words ("No impact", never "none impact"); the terminal is English.
        label = IMPACT_LABELS[incident.impact].lower()
        impact = paint(label, _IMPACT_COLOURS[incident.impact])
        lines.append(
            f"    {incident.state.label}, {impact}, since {format_shown(incident.started_at, tz)}"
            f" ({_span(duration(incident, status.now))}), {incident.slug}"
        )
        if incident.components:
            # In the page's order, as the incident page lists them.
            given = {a.id: a.status for a in incident.components}
            affected = ", ".join(
                f"{_name(site, names, cid)} ({given[cid].label.lower()})"
                for cid in site.in_page_order(given)
            )
            lines.append(f"    Affects: {affected}")

    lines += monitor_lines(site, status, paint)

    maintenances = (*status.active_maintenances, *status.upcoming_maintenances)
    lines += ["", paint(f"Maintenance ({len(maintenances)})", _BOLD)]
    if not maintenances:
        lines.append("  None in progress or scheduled.")
    for maintenance in maintenances:
        state = status.maintenance[maintenance.slug]
        lines.append(f"  {printable(maintenance.title)}")
        # Held open past its planned end, it is given as the pages give it: from when its
        # work began, ongoing, not as a plan that has already lapsed.
        running = overrun(maintenance, state, status.now)
        if running is None:
            span = _window(maintenance, tz)
        else:
            began = format_shown(listed_start(maintenance, state, status.now), tz)
            span = f"since {began} ({_span(running)} so far, past its planned end)"
        lines.append(
            f"    {paint(state.label, _STATUS_COLOURS[ComponentStatus.UNDER_MAINTENANCE])}, "
            f"{span}, {maintenance.slug}"
        )
        if maintenance.components:
            lines.append(
                "    Affects: "
                + ", ".join(
                    _name(site, names, cid)
                    for cid in site.in_page_order(a.id for a in maintenance.components)
                )
            )
    return "\n".join(lines) + "\n"


def iso_shown(moment: datetime, tz: ZoneInfo) -> str:
    """`moment` as ISO 8601 at the offset the site's timezone `tz` has then (machine_moment):
    how the commands' JSON gives every time, so that a script reads the pages' clock
    whatever offset a file was written in."""
    return machine_moment(moment.astimezone(tz)).isoformat()


def status_json(site: Site, status: SiteStatus) -> str:
    """The status as JSON with sorted keys; times are ISO 8601 in the site's timezone."""
    tz = site.settings.tz

    def iso(moment: datetime) -> str:
        return iso_shown(moment, tz)

    history = status.history
    data: dict[str, object] = {
        "overall": status.overall.value,
        "indicator": status.indicator.value,
        "description": status.description,
        "now": iso(status.now),
        "components": [
            {
                "id": c.id,
                "name": c.name,
                "group": c.group_id,
                "status": status.components[c.id].value,
                "uptime": _fraction(history[c.id].uptime if c.id in history else None),
                "uptime_days": history[c.id].days_counted if c.id in history else 0,
            }
            for c in site.ordered_components()
        ],
        "open_incidents": [
            {
                "slug": i.slug,
                "title": i.title,
                "state": i.state.value,
                "impact": i.impact.value,
                "started_at": iso(i.started_at),
            }
            for i in status.open_incidents
        ],
        "maintenance": [
            {
                "slug": m.slug,
                "title": m.title,
                "state": status.maintenance[m.slug].value,
                "scheduled_for": iso(m.scheduled_for),
                "scheduled_until": iso(m.scheduled_until),
            }
            for m in (*status.active_maintenances, *status.upcoming_maintenances)
        ],
    }
    if site.monitors:
        data["monitors"] = [
            {
                "id": m.monitor.id,
                "component": m.monitor.component_id,
                "status": m.status.value if m.status else "unknown",
                "stale": m.stale,
                "advisory": m.monitor.advisory,
                "last_run": iso(m.newest.at) if m.newest else None,
                "latency_ms": m.newest.latency_ms if m.newest else None,
                "uptime": _fraction(m.uptime),
            }
            for measure in status.measured.values()
            for m in measure.monitors
        ]
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def monitor_lines(site: Site, status: SiteStatus, paint: Callable[[str, str], str]) -> list[str]:
    """The Monitors section: each monitor's measured status, newest run and latency."""
    if not site.monitors:
        return []
    tz = site.settings.tz
    lines = ["", paint(f"Monitors ({len(site.monitors)})", _BOLD)]
    measures = [m for measure in status.measured.values() for m in measure.monitors]
    names = _plain_names(site)
    width = max(columns(m.monitor.id) for m in measures)
    words = [(m.status.label if m.status else "Unknown") for m in measures]
    word_width = max(columns(w) for w in words)
    for m, word in zip(measures, words, strict=True):
        colour = _STATUS_COLOURS[m.status] if m.status else _DIM
        if m.aged_out:
            detail = "no runs held for this moment: runs older than 48 hours are dropped"
        elif m.newest is None:
            detail = "no runs recorded yet"
        else:
            latency = "" if m.newest.latency_ms is None else f", {m.newest.latency_ms} ms"
            stale = "stale: " if m.stale else ""
            detail = f"{stale}last run {format_shown(m.newest.at, tz)}{latency}"
            if m.untold:
                detail += (
                    ", too few runs held for this moment: runs older than 48 hours are dropped"
                )
            elif m.newest.muted and not m.stale and m.up + m.down:  # else: all muted, said below
                detail += " (muted by maintenance)"
            if not m.stale and m.up + m.down:
                detail += f", {m.up} of the last {m.up + m.down} up"
            elif not m.stale and not m.untold:
                # Fresh runs, none of which counts (measured._last_counted): all muted.
                detail += ", recent runs muted by maintenance"
            if m.newest.message:
                detail += f", {printable(m.newest.message)}"
        advisory = " (advisory)" if m.monitor.advisory else ""
        lines.append(
            f"  {pad(m.monitor.id, width)}  {paint(word, colour)}"
            f"{' ' * (word_width - columns(word))}{advisory}  "
            f"{_name(site, names, m.monitor.component_id)}: {detail}"
        )
    return lines


# --- pieces ------------------------------------------------------------------------------


def _overall_colour(status: SiteStatus) -> str:
    try:
        return _STATUS_COLOURS[ComponentStatus(status.overall.value)]
    except ValueError:  # "incident" and "unknown" are not component statuses
        return "31" if status.overall.value == "incident" else "0"


def _component_rows(site: Site, status: SiteStatus) -> Iterator[tuple[str, ComponentStatus, str]]:
    """(indented name, effective status, uptime text); a group heads its members."""
    groups = {g.id: g for g in site.groups}
    current_group: str | None = None
    for component in site.ordered_components():
        group_id = component.group_id if component.group_id in groups else None
        if group_id is not None and group_id != current_group:
            yield printable(groups[group_id].name), status.groups[group_id], ""
        current_group = group_id
        indent = "  " if group_id is not None else ""
        history = status.history.get(component.id)
        uptime = _percent(history.uptime if history else None)
        if history and history.uptime is not None and history.days_counted < len(history.days):
            # A record shorter than the window says how long it is, as the pages do.
            counted = history.days_counted
            uptime += f" over {counted} day{'s' if counted != 1 else ''}"
        yield indent + printable(component.name), status.components[component.id], uptime


def _plain_names(site: Site) -> dict[str, str]:
    """standalone_names joined bare ("الشرق الأوسط - API"): a terminal writes the isolates
    the pages put around each part as escapes (printable), and lays out each line in the
    direction of its own letters. A mark in a name's own words is still escaped."""
    return standalone_names(site, apart=False)


def _name(site: Site, names: Mapping[str, str], component_id: str) -> str:
    """The component's name as the pages show it standing alone (`names`, from
    standalone_names: "US - Europe"), a retired one's own, or the id of one not known."""
    try:
        return printable(names.get(component_id) or site.component(component_id).name)
    except KeyError:
        return component_id


def _percent(uptime: float | None) -> str:
    """Two decimals, rounded down so that any downtime never reads as 100.00%."""
    return "no data" if uptime is None else f"{percent_digits(uptime)}%"


def _fraction(uptime: float | None) -> float | None:
    # Six decimals keep the JSON stable across platforms' float noise; cut like the table's
    # percentage, so a downtime the table shows is never 1.0 here.
    return None if uptime is None else uptime_fraction(uptime)


def _window(maintenance: Maintenance, tz: ZoneInfo) -> str:
    start = maintenance.scheduled_for.astimezone(tz)
    end = maintenance.scheduled_until.astimezone(tz)
    if said_once(start, end):
        # The date and the zone said once: `2026-05-01 05:00 to 06:00 CEST`.
        begins = start.strftime(f"%Y-%m-%d {clock_pattern(start)}")
        return f"{begins} to {format_shown(end, tz, day=start.date())}"
    return f"{format_shown(start, tz)} to {format_shown(end, tz)}"


def _span(span: timedelta) -> str:
    """A duration people read at a glance: "45m", "4h 5m", "2d 3h"."""
    days, hours, minutes = duration_parts(span)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"
