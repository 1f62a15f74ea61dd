"""One alert in, at most one Change out: open, update, reopen or resolve its incident.

The changes are made by the authoring commands' own functions (statusgen.authoring.events),
so an ingested incident is written, validated and committed exactly as `statusgen new`,
`update` and `resolve` would write it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard, TypeVar, cast

from statusgen.audience import named_everywhere, pages_showing
from statusgen.authoring import events, timeparse
from statusgen.authoring.edit import clean_title
from statusgen.authoring.events import Change
from statusgen.errors import Diagnostic, Severity, StatusgenError
from statusgen.ingest import rules as rules_module
from statusgen.ingest.rules import (
    DEFAULT_MESSAGE,
    DEFAULT_TITLE,
    UNNAMED_MESSAGE,
    UNNAMED_TITLE,
    Level,
    Match,
    Rule,
    Rules,
    choose,
    escape_markdown,
    render,
    worst,
)
from statusgen.ingest.sources import MAX_FIELDS, Alert, FieldValue, Kind, read
from statusgen.layout import COMPONENTS_FILE, SETTINGS_FILE
from statusgen.model import (
    ComponentStatus,
    Impact,
    Incident,
    IncidentState,
    Site,
)
from statusgen.render.format import IMPACT_LABELS
from statusgen.status import IMPACT_RANK, SEVERITY, impact_for_status, worst_status

if TYPE_CHECKING:
    from statusgen.validate import ComponentNames

MONITORING_MESSAGE = "The alert has cleared. We are monitoring the results."
REFIRED_MESSAGE = "The problem is back. We are investigating."
# A person's Monitoring while the alert fired on: the problem never left.
STILL_FIRING_MESSAGE = "The alert is still firing{what}. We are investigating."
HANDED_OVER_MESSAGE = "This problem continues in a new incident."


@dataclass(frozen=True)
class Outcome:
    """What ingesting one alert does: the change to write (None: nothing) and why, in words."""

    change: Change | None
    summary: str  # why nothing happens, or a note after the change's own description
    warnings: tuple[str, ...] = ()  # done anyway, but the alert or the site needs a look
    # Another file, written after `change`: the incident a new one takes over from.
    also: tuple[Change, ...] = ()


def load_rules(root: Path, site: Site) -> Rules:
    """The site's ingest rules; StatusgenError (file:line:column) when they are wrong."""
    from statusgen.validate import ComponentNames

    data = (root / SETTINGS_FILE).read_bytes()
    names = ComponentNames.of(site.groups, site.components, site.retired)
    found, problems = rules_module.parse_rules(data, names)
    if any(p.severity is Severity.ERROR for p in problems):
        raise StatusgenError(problems)
    return found


def plan(root: Path, source: str, data: bytes, path: str, *, now: datetime) -> Outcome:
    """The change the payload `data` of `source` (read from `path`) makes to the site at
    `root`, decided by its rules and its incident; its summary says so when the payload had
    more field values than are read. StatusgenError with every problem of the payload, the
    site and its rules at once."""
    from statusgen.incremental.site import load_site

    problems: list[Diagnostic] = []
    alert = site = rules = None
    try:
        alert = read(source, data, path)
    except StatusgenError as error:
        problems.extend(error.diagnostics)
    try:
        site = load_site(root)
        rules = load_rules(root, site)
    except StatusgenError as error:
        problems.extend(error.diagnostics)
    if problems or alert is None or site is None or rules is None:
        raise StatusgenError(problems)
    outcome = _plan(root, site, rules, alert, now=now)
    if outcome.change is not None:
        # What check would warn of in the files written (a secret in the alert's text the
        # rule's message quotes): ingest runs unattended, and the page publishes them.
        outcome = replace(
            outcome,
            change=events.added_warnings(site, outcome.change),
            also=tuple(events.added_warnings(site, change) for change in outcome.also),
        )
    if alert.undated:
        # Dated when it arrived: said, as the time it should have had is not known.
        said = tuple(
            f"{path}: {message}, so it is dated when it arrived; {hint}"
            for message, hint in alert.undated
        )
        outcome = replace(outcome, warnings=(*outcome.warnings, *said))
    if alert.unread:
        # Never silent: a rule matching on a value left out would not have matched.
        outcome = replace(
            outcome,
            summary=f"{outcome.summary} The payload holds more values than are read: only the "
            f"first {MAX_FIELDS} of its values were read ({alert.unread} left out); rules "
            "match on those.",
        )
    return outcome


def _plan(root: Path, site: Site, rules: Rules, alert: Alert, *, now: datetime) -> Outcome:
    if alert.kind is Kind.OTHER:
        return Outcome(
            None,
            f"Nothing to do: {alert.source} event {alert.event!r} changes "
            "nothing on the status page.",
        )
    from statusgen.validate import ComponentNames

    existing = incident_for(site, alert)
    names = ComponentNames.of(site.groups, site.components, site.retired)
    match, reason, misnamed = choose(rules, alert, [c.id for c in site.components], names.retired)
    if alert.kind is Kind.FIRING:
        outcome = _firing(root, site, alert, existing, match, reason, rules, now)
        warnings = (*outcome.warnings, *_misnamed(names, misnamed), *_unshown(site, match))
        outcome = replace(outcome, warnings=warnings)
    else:
        outcome = _resolved(root, site, rules, alert, existing, match, reason, now)
    outcome = replace(
        outcome, warnings=(*outcome.warnings, *_left_by_regrouping(site, rules, alert, match))
    )
    return _untitled(site, alert, match, outcome)


# One of a groupKey's labels, `a="x"`. Only from a word's start: tried again inside a
# word that is no label (a long key of letters), it made each alert quadratic in the key.
_KEY_LABEL = re.compile(r'(?<!\w)(\w+)="((?:[^"\\]|\\.)*)"')


def _group_labels(key: str) -> tuple[str, frozenset[tuple[str, str]]] | None:
    """A groupKey's route and its group's labels; None when it is not one. Alertmanager's
    groupKey is the route's matchers, then the group's labels: `{…}:{a="x",…}`."""
    # str methods, not a pattern of two greedy parts, which backtracked from every `:{`
    # of a long key. One line, a final line end aside, ending in `}` after the last `:{`.
    line = key.removesuffix("\n")
    route, opens, labels = line[:-1].rpartition(":{")
    if "\n" in line or not line.endswith("}") or not opens:
        return None
    return route, frozenset(_KEY_LABEL.findall(labels))


def _left_by_regrouping(site: Site, rules: Rules, alert: Alert, match: Match | None) -> list[str]:
    """A warning for each other open incident of the same tool whose group key is this
    one's with labels added or taken away and that has down a component this notification
    names, unless its alerts cannot be this group's (_moved_here): when `group_by` changed,
    the tool sends that group's clear no more, and it would stay open, its components
    down, for good. Told as certain only when what is known of both groups' alerts shows it."""
    ours = _group_labels(alert.id)
    if match is None or ours is None:
        return []
    named = {*match.components, *match.cleared}
    warnings = []
    for incident in site.incidents:
        ref = incident.alert if isinstance(incident, Incident) else None
        if ref is None or not incident.is_open or ref.source != alert.source or ref.id == alert.id:
            continue
        theirs = _group_labels(ref.id)
        if (
            theirs is None
            or theirs[0] != ours[0]
            or not (theirs[1] < ours[1] or ours[1] < theirs[1])
        ):
            continue
        held = [
            c.id
            for c in incident.components
            if c.id in named and c.status is not ComponentStatus.OPERATIONAL
        ]
        moved = _moved_here(rules, alert, ref.rule, ours[1], theirs[1])
        if not held or moved is False:
            continue
        said = f"{incident.source.path} still has {_names(site, held)} down for {alert.source} "
        if moved:
            warnings.append(
                f"{said}group {ref.id}, whose alerts now come in this alert's group {alert.id} "
                "(its group_by changed): that group's clear will not come, so resolve it by "
                f"hand (statusgen resolve {incident.slug})"
            )
        else:
            warnings.append(
                f"{said}group {ref.id}, whose key is this alert's group {alert.id} with labels "
                "added or taken away: if group_by changed since it opened, that group's clear "
                f"will not come, so resolve it (statusgen resolve {incident.slug}) once its "
                "alert has cleared; if not, it is another live group, and its own clear ends it"
            )
    return warnings


def _moved_here(
    rules: Rules,
    alert: Alert,
    rule_name: str | None,
    ours: frozenset[tuple[str, str]],
    theirs: frozenset[tuple[str, str]],
) -> bool | None:
    """Whether the alerts of the group keyed with labels `theirs` now come in this group
    (keyed `ours`) because group_by changed: True when they must, False when they cannot,
    None when nothing known tells. Alertmanager keys an alert by those group_by labels it
    has, so two live groups of one route are keyed so too when some alerts lack a label."""
    if ours < theirs:
        dropped = sorted(theirs - ours)
        carried = [alert.fields.get(f"alerts.labels.{name}", ()) for name, _ in dropped]
        if all(value in values for (_, value), values in zip(dropped, carried, strict=True)):
            return True  # ours carry them, yet are keyed without them: group_by lost them
        if not alert.unread and not any(carried):
            return False  # ours lack them: keyed without them by the same group_by
        return None
    # group_by has the labels ours adds: under it, that group holds alerts lacking them,
    # unless it opened before they were added. Its components, taken from one of those
    # labels (the rule that opened it), show its alerts had it.
    added = {name for name, _ in ours - theirs}
    rule = next((r for r in rules.rules if rule_name is not None and r.name == rule_name), None)
    if rule is not None and rule.component_from in {
        f"{prefix}.{name}" for prefix in ("alerts.labels", "labels") for name in added
    }:
        return True
    return None


def _misnamed(names: ComponentNames, misnamed: Sequence[tuple[Rule, str]]) -> list[str]:
    """A warning with its fix for each value a rule's component_from took from the alert
    that names no current component, whether or not another names one: a retired
    component, a group or a component's name, each its own; the others together, by rule."""
    from statusgen.validate import ALERT

    unknown: dict[str, tuple[Rule, list[str]]] = {}
    special = []
    for rule, value in misnamed:
        said = f"rule '{rule.name}': "
        where = f"{rule.component_from}={value!r}"
        instead = f"correct {rule.component_from} in the alert, stop alerting on it"
        problem = names.retired_problem(value, ALERT, instead) or names.group_problem(value)
        named = names.named(value)
        if problem is not None:
            message, hint = problem
            special.append(f"{said}{message} ({where}), {_SHOWS_NOTHING}; {hint}")
        elif len(named) > 1:
            # `API` in two groups: which one the alert meant is the sender's to say.
            ids = " or ".join(repr(cid) for cid in named)
            special.append(
                f"{said}{where} is the name of components {ids}, not an id, {_SHOWS_NOTHING}; "
                f"send the id of the one meant in {rule.component_from}"
            )
        elif named:
            special.append(
                f"{said}{where} is the name of component {named[0]!r}, not its id, "
                f"{_SHOWS_NOTHING}; send its id, {named[0]!r}, in {rule.component_from}"
            )
        else:
            unknown.setdefault(rule.name, (rule, []))[1].append(value)
    return [
        f"rule '{rule.name}': {rules_module.not_components(rule, tuple(values))}, "
        f"{_SHOWS_NOTHING}; add it to {COMPONENTS_FILE}, or correct {rule.component_from} in "
        "the alert"
        for rule, values in unknown.values()
    ] + special


_SHOWS_NOTHING = "so the page shows no incident for it"


def _unshown(site: Site, match: Match | None) -> list[str]:
    """A warning for each component the alert names that no page of the site shows: its
    incident is written, and its status shown nowhere; the incident too, unless it names a
    shown component (as check warns of a rule naming one)."""
    if match is None or not site.settings.pages:
        return []
    unshown = [cid for cid in match.components if not pages_showing(site, [cid])]
    seen = [site.component(cid).name for cid in match.components if cid not in unshown]
    # Said of the incident only when it shows nowhere: it shows on the pages of the others.
    effect = (
        f"so its status shows nowhere (the incident shows where {' or '.join(seen)} is shown)"
        if seen
        else "so no page shows its incident"
    )
    return [
        f"rule '{match.rule.name}': {site.component(cid).name} is shown on no page, {effect}; "
        f"add '{cid}' to a page's 'show:' ({', '.join(p.name for p in site.settings.pages)}), "
        "or "
        + (
            f"correct {match.rule.component_from} in the alert"
            if match.rule.component_from
            else "remove it from the rule"
        )
        for cid in unshown
    ]


def when(alert: Alert, now: datetime, existing: Incident | None = None) -> datetime:
    """The time to write for the change `alert` makes: when the tool says it happened,
    else now. Never later than now (a sender's clock ahead of ours would hide the change
    until then), and never before the last update of the incident it continues (an
    incident's updates run forward in time)."""
    moment = min(alert.at, now) if alert.at is not None else now
    if existing is not None and existing.updates:
        moment = max(moment, max(update.at for update in existing.updates))
    return moment


def incident_for(site: Site, alert: Alert) -> Incident | None:
    """The newest incident (published or draft) opened for this alert: the one that carries
    it on, where an earlier one was resolved into it (an open one first, at the same start)."""
    candidates = [
        event
        for event in (*site.incidents, *site.drafts)
        if isinstance(event, Incident)
        and event.alert is not None
        and (event.alert.source, event.alert.id) == (alert.source, alert.id)
    ]
    return max(candidates, key=lambda i: (i.is_open, i.started_at, i.slug), default=None)


def already_cleared(alert: Alert, existing: Incident | None) -> datetime | None:
    """When the alert of `existing` last cleared, if the tool says `alert` happened no
    later: a late or repeated delivery of what the incident already records (the tool's
    times compared with the tool's times). None when that cannot be told."""
    if existing is None or existing.alert is None or alert.at is None:
        return None
    cleared = existing.alert.cleared_at
    return cleared if cleared is not None and alert.at <= cleared else None


def fired_since(alert: Alert, existing: Incident | None) -> datetime | None:
    """When the alert of `existing` last began firing, if the tool says `alert` (a clear)
    happened before then: the late clear of an earlier firing, which does not end this one.
    None when that cannot be told (no times, or a file written before `fired_at` was kept)."""
    if existing is None or existing.alert is None or alert.at is None:
        return None
    fired = existing.alert.fired_at
    return fired if fired is not None and alert.at < fired else None


def _newer_start(alert: Alert, existing: Incident, match: Match | None = None) -> datetime | None:
    """The tool's start of `alert` when it is later than the firing `existing` records: the
    alert began again (a repeat whose clear was lost, or is still on its way)."""
    if alert.at is None or alert.continued:
        return None  # a group whose earlier alerts cleared while these fired: no new start
    firing = match.components if match is not None else {}
    if _investigating(existing) and any(
        c.status is not ComponentStatus.OPERATIONAL and c.id not in firing
        for c in existing.components
    ):
        # The group never stopped, as far as we know: the incident holds down members this
        # notification does not say fire (their clear may be on its way). Moved on, their
        # firing would seem to begin now, and their clear would be thrown away as late.
        return None
    recorded = existing.alert.fired_at if existing.alert is not None else None
    return alert.at if recorded is None or alert.at > recorded else None


def _firing(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident | None,
    match: Match | None,
    reason: str,
    rules: Rules,
    now: datetime,
) -> Outcome:
    if match is not None and not match.components and not _investigating(existing):
        # Only alerts naming no component of the page still fire: they open nothing and
        # reopen nothing; those that cleared only set components of an open incident up.
        match = None
    cleared = already_cleared(alert, existing)
    if existing is not None and cleared is not None and alert.at is not None:
        # A relay's retry or a redelivery of a firing the clear already ended: reopening
        # would keep the incident open for good, as no second clear is coming.
        tz = site.settings.input_tz
        return Outcome(
            None,
            f"Nothing to do: {alert.label} began at {timeparse.format_local(alert.at, tz)}, "
            f"and {existing.source.path} records that it cleared after that "
            f"({timeparse.format_local(cleared, tz)}): a late or repeated delivery.",
        )
    if existing is not None and alert.at is not None and _repeat_of_withdrawn(alert, existing):
        tz = site.settings.input_tz
        return Outcome(
            None,
            f"Nothing to do: {alert.label} began at {timeparse.format_local(alert.at, tz)}, "
            f"the firing {existing.source.path} records, which is a draft "
            f"({existing.state.value}) while its alert still fires: a repeat of the same "
            "alarm, which stays with the draft until the alert clears.",
        )
    cleared_members = _cleared_firings(existing, match) if not _investigating(existing) else {}
    if match is not None and cleared_members:
        # A late copy of a notification from before those members cleared: whether the
        # incident reopens, is handed over to a new one (its pages differ) or a new one
        # opens, they must not be told down again, as an open incident's repeat is not.
        match = match.without(cleared_members)
        if not match.components:
            assert existing is not None  # a recorded clear is the incident's
            tz = site.settings.input_tz
            said = "; ".join(
                f"{site.component(cid).name} began at {timeparse.format_local(began_at, tz)}, "
                f"and {existing.source.path} records that it cleared after that "
                f"({timeparse.format_local(at, tz)})"
                for cid, (began_at, at) in cleared_members.items()
            )
            return Outcome(None, f"Nothing to do: {said}: a late or repeated delivery.")
    if existing is not None and existing.is_open:
        # Kept, so that a clear of the firing before this one, arriving late, is known as
        # late and does not end this one.
        began = _newer_start(alert, existing, match)
        if _investigating(existing):
            if match is not None:
                match = _refired_on_arrival(existing, match, when(replace(alert, at=None), now))
            old = _old_firings(site, existing, match) if match is not None else {}
            if match is not None and old:
                match = match.without(old)  # what is left is what the alert says anew
            unseen = _unseen(existing, match)
            if match is not None and unseen:
                # Written as it happened: down when their alerts began, up when they cleared.
                match = match.fired(unseen)
            worse = _worse(existing, match, alert.at)
            if match is not None and _spreads(site, existing, worse):
                # Those whose alerts cleared just now are carried over, up at their clear.
                up = (*_recovered(existing, match), *unseen)
                staggered = _staggered_starts(site, alert, existing, match, worse, now)
                if staggered and not up:
                    # Each down from its own start: one firing again on the incident's own
                    # pages before the others joined is not dated at their later start.
                    said = f"{', '.join(site.component(c).name for c in worse)} began firing."
                    return _joined(
                        root, site, alert, match, existing, None, staggered, {}, began, now, said
                    )
                return _handed_over(root, site, alert, existing, match, worse, now, began, up)
            raised = _raised_impact(site, existing, match, worse)
            up = (*_recovered(existing, match), *unseen)
            late = _late_clears(existing, match) if match is not None else {}
            unheard = _unheard_before(existing, match, late) if match is not None else {}
            # An outage of its own, over before the firing the incident records: the
            # incident's updates run forward, so it is written as an incident of its own.
            recorded = (
                _record_unheard(root, site, alert, existing, match, unheard, now)
                if match is not None and unheard
                else None
            )
            if match is not None and (worse or raised or up):
                noted = recorded.change if recorded is not None else None
                return _with_unheard(
                    _regrouped(
                        root, site, alert, existing, match, worse, raised, up, now, began, noted
                    ),
                    recorded,
                )
            if recorded is not None:
                return recorded
            already = f"{existing.source.path} is already {existing.state.value} for {alert.label}"
            if old:
                tz = site.settings.input_tz
                said = "; ".join(
                    f"{site.component(cid).name} began at "
                    f"{timeparse.format_local(began_at, tz)}, and it records that "
                    f"{why} after that ({timeparse.format_local(at, tz)})"
                    for cid, (began_at, why, at) in old.items()
                )
                already += f"; {said}: a late or repeated delivery"
            if match is not None and late:
                tz = site.settings.input_tz
                said = "; ".join(
                    f"{site.component(cid).name} cleared at "
                    f"{timeparse.format_local(match.ended[cid], tz)}, and it records that it "
                    f"fired again after that ({timeparse.format_local(at, tz)})"
                    for cid, at in late.items()
                )
                already += f"; {said}: a late or repeated delivery"
            # A notification with news older than the incident records was sent before
            # it, and what it says of the other components came again in the one that
            # made that record: its times (of alert classes, sources.Member) are stale.
            fired_anew, cleared_anew = (
                _times_anew(existing, match) if not (old or late) else ({}, {})
            )
            if began is not None or fired_anew or cleared_anew:
                change = events.note_alert_times(
                    root,
                    existing.slug,
                    fired=began,
                    components_fired=fired_anew,
                    components_cleared=cleared_anew,
                )
                return Outcome(change, f"Nothing on the page changes: {already}.")
            return Outcome(None, f"Nothing to do: {already}.")
        if _reopens(match, site, existing):
            # Cleared, then firing again while we watch: the same incident, back to work.
            at = _refired_at(alert, existing, match, now)
            return _reopen(root, site, alert, existing, match, at, began, now)
        if match is not None and not existing.draft and still_firing(existing):
            # A person's Monitoring, its alert firing on other pages than it is on: left
            # as it is, it would keep what it holds down for good, beside a new incident
            # taking the alert's later news, its clear included.
            return _moved_on(root, site, alert, existing, match, now, began)
    if existing is not None and existing.resolved_at is not None:
        fired = when(alert, now, existing)
        soon = _flapped(alert, existing, fired, existing.resolved_at) <= rules.flap_window
        if soon and _reopens(match, site, existing):
            began = _newer_start(alert, existing)
            at = _refired_at(alert, existing, match, now)
            return _reopen(root, site, alert, existing, match, at, began, now)
    if match is None:
        # "no rule applies", not "matches no rule": a rule may have matched and named
        # no component, which the reason then says.
        return Outcome(None, f"Nothing to do: no rule applies to {alert.label}: {reason}.")
    draft = "; written as a draft: remove 'draft: true' to publish it" if match.rule.draft else ""
    said = f"Rule '{match.rule.name}' matched {alert.label}{draft}.{_draft_left(existing)}"
    # A new incident knows nothing of them: each alert of the group that already cleared
    # is news, written from its own start to its own clear.
    unseen = _unseen(None, match)
    full = match.fired(unseen) if unseen else match
    since = {**{cid: full.began.get(cid) for cid in unseen}, **_down_since(alert, match)}
    starts = {cid: when(replace(alert, at=since.get(cid)), now) for cid in full.components}
    opened_at = min(starts.values(), default=when(alert, now))
    joining = {cid: at for cid, at in starts.items() if at > opened_at}
    first = full.without(joining)
    change = _opening(root, site, alert, first, first.components)(
        now=opened_at,
        alert_fired=alert.at,
        # Each component's own start, where later than the group's: a later start of its
        # is then known for a new firing, and a clear before it for a late one.
        components_fired=_later(match.began, lambda cid: alert.at),
        # Those already cleared: a late copy of their firing is then known as late, and
        # the group's final clear tells their clear no second time.
        components_cleared={cid: match.ended[cid] for cid in unseen},
    )
    incident = events.pending_event(root, change)
    assert isinstance(incident, Incident)
    ups = _clear_times(alert, incident, full, unseen, now)
    return _joined(root, site, alert, full, incident, change, joining, ups, alert.at, now, said)


def _down_since(alert: Alert, match: Match) -> dict[str, datetime | None]:
    """When each component `match` has firing went down, by the tool: the earliest start
    of its alerts (of their class, sources.Member, which may be later than its own first);
    the group's earliest start (`alert.at`) for those first, unless each of their alerts
    gave its own (Match.own_start: the group's may be that of an alert naming no
    component); None (dated when it arrived) for those whose alerts give no start that is
    a time."""
    since = {
        cid: None if cid in match.undated else match.earliest.get(cid, alert.at)
        for cid in match.components
    }
    first = min((at for at in since.values() if at is not None), default=None)
    return {
        cid: alert.at if at == first and cid not in match.own_start else at
        for cid, at in since.items()
    }


def _refired_on_arrival(existing: Incident, match: Match, arrived: datetime) -> Match:
    """`match` with each firing component whose alerts give no start that is a time begun
    at `arrived` (dated when it arrived, as ingest warns) where `existing` records their
    clear since their last firing: a firing after that clear, not a repeat of the one it
    ended. Else such a firing is taken for a repeat of the one recorded (`_repeated`)."""
    ref = existing.alert
    if ref is None:
        return match
    again = {
        cid: arrived
        for cid in match.undated
        if cid in match.components
        and cid not in match.began
        and (cleared := ref.component_cleared_at(cid)) is not None
        and ((fired := ref.component_fired_at(cid)) is None or cleared >= fired)
        and arrived > cleared
    }
    return replace(match, began={**match.began, **again}) if again else match


def _investigating(existing: Incident | None) -> bool:
    """Whether `existing` is open and not monitoring: a firing of its alert is a repeat,
    which changes its components one by one (monitoring, it is a firing again)."""
    return (
        existing is not None and existing.is_open and existing.state is not IncidentState.MONITORING
    )


def _spreads(site: Site, existing: Incident, components: Collection[str]) -> bool:
    """Whether naming `components` would put `existing` on a page it is not on yet. What
    ingest wrote of it (its address, title and updates) names the components every page
    showing it shows (_nameable), and would reach that page as it was written."""
    if existing.audiences:
        return False  # a person chose its pages: its components do not move it (_named)
    had = pages_showing(site, [c.id for c in existing.components])
    return not pages_showing(site, components) <= had


def _reopens(match: Match | None, site: Site, existing: Incident) -> TypeGuard[Match]:
    """Whether the alert firing again on `match`'s components may reopen `existing`: when
    a rule matched it, naming a component, and those are on exactly the pages `existing`
    is on. Naming none, a reopening would set no status and so show again those `existing`
    had before its clear, for an alert that touches none of them (its first firing opens
    nothing). Else a page's status would change only for components it does not show, or
    the words of `existing` would reach a page they were not written for; a new incident,
    on the pages of what fires now, tells it instead."""
    if match is None or not match.components or _withdrawn(existing):
        return False
    if existing.audiences:
        return True
    had = pages_showing(site, [c.id for c in existing.components])
    return pages_showing(site, match.components) == had


def _named(site: Site, existing: Incident | None, component_ids: Collection[str]) -> frozenset[str]:
    """Of `component_ids` (with those of `existing`), those the words ingest writes for it
    may name: those every page showing it shows (audience.named_everywhere); all of them
    where a person chose its pages (`audiences:`), as on a site without pages, as
    `_spreads` and `_reopens` take it: the person decided who reads its words."""
    if existing is not None and existing.audiences:
        return frozenset(component_ids)
    return named_everywhere(site, component_ids)


def _withdrawn(existing: Incident) -> bool:
    """Whether `existing` is a draft whose alert cleared: a false alarm a person withdrew,
    or a draft rule's incident held for review. A later firing is news of its own, never
    the draft's: reopened there, it would stay off the page, and so would every firing of
    the same id after it. Only the clear ingest recorded (`cleared_at`, not before the
    firing it keeps) tells it: a person's Monitoring or Resolved on a draft says nothing
    of the alert, which may still fire, and its repeats are the draft's."""
    ref = existing.alert
    cleared = ref.cleared_at if ref is not None else None
    if not existing.draft or _investigating(existing) or ref is None or cleared is None:
        return False
    return ref.fired_at is None or cleared >= ref.fired_at


def _repeat_of_withdrawn(alert: Alert, existing: Incident) -> bool:
    """Whether `alert` is a resend (begun at or before the firing recorded) of the alert of
    `existing`, a draft a person withdrew while it still fired: the same false alarm, never
    a new incident, nor a reason to reopen what the person closed."""
    ref = existing.alert
    if not existing.draft or _investigating(existing) or _withdrawn(existing):
        return False
    fired = ref.fired_at if ref is not None else None
    return alert.at is not None and fired is not None and alert.at <= fired


def _draft_left(existing: Incident | None) -> str:
    """Why a firing of the alert of `existing` opens an incident of its own, when it does."""
    if existing is None or not _withdrawn(existing):
        return ""
    return (
        f" {existing.source.path} is a draft whose alert cleared (withdrawn, or held for "
        "review): the alert firing again is a new incident."
    )


def _flapped(alert: Alert, existing: Incident, fired: datetime, resolved: datetime) -> timedelta:
    """How long the resolved incident's alert was clear before firing again: from the
    tool's clear to the tool's firing when both are known, as a sender's clock ahead of
    ours moves both; else from the page's resolution `resolved` to `fired`, as the page
    shows them (a person resolved, and the tool never said the alert cleared)."""
    ref = existing.alert
    cleared = ref.cleared_at if ref is not None else None
    if alert.at is None or ref is None or cleared is None:
        return fired - resolved
    if ref.fired_at is not None and ref.fired_at > cleared:
        return fired - resolved  # that clear ended an earlier firing, not the latest one
    return alert.at - cleared


def _worse(
    existing: Incident, match: Match | None, at: datetime | None = None
) -> dict[str, ComponentStatus]:
    """The components a repeat of the alert (firing since `at`, by the tool, where its
    group does not say per component) puts in a worse status than the incident has given
    them since they went down (_held)."""
    if match is None:
        return {}
    held = _held(existing, _repeated(existing, match, at))
    return {
        cid: status
        for cid, status in match.components.items()
        if SEVERITY[status] > SEVERITY.get(held.get(cid, ComponentStatus.OPERATIONAL), 0)
    }


def _repeated(existing: Incident, match: Match, at: datetime | None) -> dict[str, datetime]:
    """When the firing the incident records for each component of `match` began, for those
    `match` repeats (its alerts began no later, `at` where the group does not say): the
    same firing, not a new one."""
    ref = existing.alert
    if ref is None:
        return {}
    repeated = {}
    for cid in match.components:
        began = match.began.get(cid, at)
        recorded = ref.component_fired_at(cid)
        if began is not None and recorded is not None and began <= recorded:
            repeated[cid] = recorded
    return repeated


def _held(existing: Incident, repeated: Mapping[str, datetime]) -> dict[str, ComponentStatus]:
    """Each component's worst status in `existing` since it last went down (its current
    one where no update names it). A person who lowered it (`update -c api=partial_outage`,
    or `=operational` while its alert still fires) has their say: Alertmanager repeats an
    unchanged firing every repeat_interval, and a repeat that does not rise above what the
    alert already asked for must not undo it. So `operational` starts afresh only when it
    came before the firing `repeated` records for the component began (it went up, and
    fired again since), or when what fires now is a new firing."""
    held = {c.id: c.status for c in existing.components}
    seen: dict[str, ComponentStatus] = {}
    for update in sorted(existing.updates, key=lambda u: u.at):
        for component in update.components:
            was = seen.get(component.id, ComponentStatus.OPERATIONAL)
            firing = repeated.get(component.id)
            went_up = component.status is ComponentStatus.OPERATIONAL and (
                firing is None or update.at < firing
            )
            if SEVERITY[component.status] > SEVERITY[was] or went_up:
                seen[component.id] = component.status
    return {**held, **seen}


def _impact(site: Site, match: Match, existing: Incident | None = None) -> Impact | None:
    """The impact the alert writes in the incident (with `existing`'s components): its
    severity's, of the components every page showing the incident shows. A written impact
    is shown as written on every page, so a database only the internal page shows, down,
    must not make the public page's slow API a critical incident. None where no such
    component fires (a rule without severities per component: its own impact)."""
    if not match.levels:
        return match.impact
    had = [c.id for c in existing.components] if existing is not None else []
    named = _named(site, existing, (*had, *match.components))
    shown = [match.levels[cid] for cid in match.components if cid in named]
    return worst(shown).impact if shown else None


def _raised_impact(
    site: Site, existing: Incident, match: Match | None, statuses: Mapping[str, ComponentStatus]
) -> Impact | None:
    """The impact the alert gives `existing` as it sets `statuses`, when worse than the one
    the incident has: its severity's, else (an impact is written) the one the statuses imply,
    both of the components every page showing it shows (`_impact`). None to keep it: an
    impact only rises while the incident lasts, as a derived one does
    (status.derived_impact), so the order the severities arrive in never decides it."""
    if match is None:
        return None
    named = _named(site, existing, (*(c.id for c in existing.components), *statuses))
    shown = [status for cid, status in statuses.items() if cid in named]
    wanted = _impact(site, match, existing)
    if wanted is None and existing.impact_written and shown:
        wanted = impact_for_status(worst_status(shown))
    if wanted is None:
        return None  # derived: it follows the statuses by itself
    return wanted if IMPACT_RANK[wanted] > IMPACT_RANK[existing.impact] else None


def _recovered(existing: Incident, match: Match | None) -> tuple[str, ...]:
    """The components the incident has down whose alerts of the group have all cleared,
    while the group's others still fire; not those whose clear is older than their latest
    firing (`_late_clears`)."""
    if match is None:
        return ()
    down = {c.id for c in existing.components if c.status is not ComponentStatus.OPERATIONAL}
    late = _late_clears(existing, match)
    return tuple(cid for cid in match.cleared if cid in down and cid not in late)


def _unseen(existing: Incident | None, match: Match | None) -> tuple[str, ...]:
    """The components the incident (None: none yet) has up whose alerts of the group, by
    the tool, began after all it records of them and have cleared, while the group's others
    still fire, or in its final clear: an outage whose firing never reached us (it fired and
    cleared between two notifications, or its notification was lost), which the page must
    still show."""
    if match is None:
        return ()
    if existing is None:
        return tuple(cid for cid in match.ended if cid in match.started)
    ref = existing.alert
    if ref is None:
        return ()
    # A resolved incident's statuses are those of before its resolution: none is down now.
    down = {
        c.id
        for c in existing.components
        if existing.is_open and c.status is not ComponentStatus.OPERATIONAL
    }
    unseen = []
    # Those that cleared: while the group fires, `cleared`; in its final clear, all of them.
    for cid in match.ended:
        began = match.started.get(cid)
        known = [ref.component_fired_at(cid), ref.component_cleared_at(cid)]
        recorded = max((at for at in known if at is not None), default=None)
        if cid in down or began is None or (recorded is not None and began <= recorded):
            continue
        unseen.append(cid)
    return tuple(unseen)


def _told_up(existing: Incident, match: Match) -> tuple[str, ...]:
    """The components the incident already has up for the clear of their alerts that
    `match` reports: it records a clear of theirs (`components_cleared_at`) no earlier, so
    the update saying so is written, and a group's later clear still listing those alerts
    tells it no second time."""
    ref = existing.alert
    if ref is None:
        return ()
    up = {c.id for c in existing.components if c.status is ComponentStatus.OPERATIONAL}
    return tuple(
        cid
        for cid, ended in match.ended.items()
        if cid in up
        and (recorded := ref.component_cleared_at(cid)) is not None
        and ended <= recorded
    )


def _late_clears(existing: Incident, match: Match) -> dict[str, datetime]:
    """The components the alert says cleared before the incident records they last began
    firing, with that time: the late or repeated delivery of an earlier clear (a relay's
    retry), which must not mark a firing component up. The tool's times compared."""
    late: dict[str, datetime] = {}
    for cid, cleared in match.ended.items():
        fired = existing.alert.component_fired_at(cid) if existing.alert is not None else None
        if fired is not None and cleared < fired:
            late[cid] = fired
    return late


def _unheard_before(
    existing: Incident, match: Match, late: Mapping[str, datetime]
) -> dict[str, tuple[datetime, datetime]]:
    """Those of `late` (cleared before the firing the incident records for them) whose
    alerts, by the tool, began and cleared while the incident had them up and records no
    clear of theirs since: an outage between two notifications, whose firing never reached
    us, not the late clear of a firing it shows. For each: when it began and cleared."""
    ref = existing.alert
    unheard: dict[str, tuple[datetime, datetime]] = {}
    for cid in late:
        began, ended = match.started.get(cid), match.ended[cid]
        known = ref.component_cleared_at(cid) if ref is not None else None
        if began is None or (known is not None and ended <= known):
            continue
        status = ComponentStatus.OPERATIONAL
        for update in existing.updates:
            if update.at > began:
                break
            status = next((c.status for c in update.components if c.id == cid), status)
        if status is ComponentStatus.OPERATIONAL:
            unheard[cid] = (began, ended)
    return unheard


def _record_unheard(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    unheard: Mapping[str, tuple[datetime, datetime]],
    now: datetime,
) -> Outcome:
    """Each outage of `unheard` as an incident of its own, begun and resolved when its
    alerts began and cleared (the open incident's updates run forward in time, and it has
    news after them); the open incident notes their clear, so a second copy of this
    notification records them no second time."""
    tz = site.settings.input_tz
    noted = events.note_alert_times(
        root, existing.slug, components_cleared={cid: end for cid, (_, end) in unheard.items()}
    )
    recorded = []
    for cid, (began, ended) in unheard.items():
        statuses = {cid: match.levels[cid].status}
        recorded.append(
            events.record_incident(
                root,
                title=_title(site, alert, match.rule, statuses),
                message=_message(site, alert, match.rule, statuses),
                started=when(replace(alert, at=began), now),
                ended=when(replace(alert, at=ended), now),
                alert_cleared=ended,
                components=[f"{cid}={statuses[cid].value}"],
                impact=_written(match.levels[cid].impact if match.levels else None),
                state=IncidentState.RESOLVED,
                closing_message=events.RESOLVED_MESSAGE,
                draft=match.rule.draft,
                alert=(alert.source, alert.id),
            )
        )
    said = "; ".join(
        f"{site.component(cid).name} was down from {timeparse.format_local(began, tz)} to "
        f"{timeparse.format_local(ended, tz)}"
        for cid, (began, ended) in unheard.items()
    )
    return Outcome(
        noted,
        f"{said}, before the firing {existing.source.path} records, which never heard of it: "
        "recorded as an incident of its own, begun and resolved.",
        also=tuple(recorded),
    )


def _with_unheard(outcome: Outcome, recorded: Outcome | None) -> Outcome:
    """`outcome`, written after `recorded` (_record_unheard, None: nothing unheard), with
    its incidents of their own and what it says of them."""
    if recorded is None:
        return outcome
    return replace(
        outcome,
        summary=f"{outcome.summary} {recorded.summary}",
        also=(*recorded.also, *outcome.also),
    )


def _old_firings(
    site: Site, existing: Incident, match: Match
) -> dict[str, tuple[datetime, str, datetime]]:
    """The components whose alerts, by the tool, began no later than `existing` records
    they cleared, or before it records their current firing began (a group's new incident,
    after an earlier one cleared): the late or repeated delivery of a firing that has
    ended (a relay's retry), which must not mark them down, nor make them or the impact
    worse. A component the incident has down counts only where the alert would make it so;
    else its alerts' start (of their severity) says nothing new. For each: when it began,
    and what the incident records after that, and when. The tool's times compared."""
    ref = existing.alert
    if ref is None:
        return {}
    current = {c.id: c.status for c in existing.components}
    worse = _worse(existing, match)
    raised = _raised_impact(site, existing, match, worse) is not None
    old: dict[str, tuple[datetime, str, datetime]] = {}
    for cid, began in match.began.items():
        down = current.get(cid, ComponentStatus.OPERATIONAL) is not ComponentStatus.OPERATIONAL
        if down and cid not in worse and not raised:
            continue
        cleared = ref.component_cleared_at(cid)
        fired = ref.component_fired_at(cid)
        if cleared is not None and began <= cleared:
            old[cid] = (began, "it cleared", cleared)
        elif fired is not None and began < fired:
            # Before the start it records for the component (the group's first alert's,
            # or its own alerts' latest since): from a notification older than that one.
            old[cid] = (began, "its current firing began", fired)
    return old


def _cleared_firings(
    existing: Incident | None, match: Match | None
) -> dict[str, tuple[datetime, datetime]]:
    """The components of `match` whose alerts, by the tool, began no later than `existing`
    records they cleared (`components_cleared_at`): the late or repeated delivery of a
    firing that has ended. For each: when it began, and when it cleared."""
    ref = existing.alert if existing is not None else None
    if ref is None or match is None:
        return {}
    return {
        cid: (began, cleared)
        for cid, began in match.began.items()
        if cid in match.components
        and (cleared := ref.component_cleared_at(cid)) is not None
        and began <= cleared
    }


def _times_anew(
    existing: Incident, match: Match | None
) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """When, by the tool, each component of `match` began firing and when its alerts
    cleared, where later than `existing` records: kept whether the page changes or not, as
    a late copy of an earlier notification is judged by them. Not a firing that began no
    later than the component's recorded clear, nor a clear older than its recorded firing
    (`_late_clears`); a firing `_old_firings` finds old is already left out of `match`."""
    if match is None or existing.alert is None:
        return {}, {}
    ref = existing.alert
    late = _late_clears(existing, match)
    ended = {cid: at for cid, at in match.ended.items() if cid not in late}
    began = _later(_later(match.began, ref.component_fired_at), ref.component_cleared_at)
    return began, _later(ended, ref.component_cleared_at)


def _later(
    times: Mapping[str, datetime], recorded: Callable[[str], datetime | None]
) -> dict[str, datetime]:
    """Those of `times` (component id → time) later than the one `recorded` for it."""
    return {cid: at for cid, at in times.items() if (held := recorded(cid)) is None or at > held}


def _regrouped(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    worse: dict[str, ComponentStatus],
    impact: Impact | None,
    up: tuple[str, ...],
    now: datetime,
    began: datetime | None,
    pending: Change | None = None,
) -> Outcome:
    """What a repeat of the group's alert changes, in time order: the components it makes
    worse (and the impact it raises), dated as `_grown_at` says (one update for each time
    they began, when they all start firing), and those whose alerts have all cleared
    (`up`) back to operational, dated when their alerts cleared, one update for each such
    time; one update where a clear falls at the moment of a worsening. One change writes
    them all, after `pending` (a change to `existing` not yet written), when given."""
    cleared = _clear_times(alert, existing, match, up, now)
    grown = _grown_at(site, alert, existing, match, worse, impact, now) if worse or impact else {}
    moments = sorted({*cleared, *grown})
    current = {c.id: c.status for c in existing.components}
    named = _named(site, existing, (*current, *worse))
    statuses = {**current, **worse, **dict.fromkeys(up, ComponentStatus.OPERATIONAL)}
    change = pending
    for moment in moments:
        ups = cleared.get(moment, [])
        names = escape_markdown(", ".join(site.component(c).name for c in ups if c in named))
        growing, raising = grown.get(moment, ({}, None))
        if moment in grown:
            message = _grown_words(site, existing, growing, raising, named)
            message += f" It no longer affects {names}." if names else ""
        else:
            message = _no_longer_affects(names)
        changed = {**growing, **dict.fromkeys(ups, ComponentStatus.OPERATIONAL)}
        last = moment == moments[-1]
        fired, cleared_anew = _times_anew(existing, match) if last else ({}, {})
        change = events.update_event(
            root,
            existing.slug,
            message=message,
            now=moment,
            components=[f"{cid}={status.value}" for cid, status in changed.items()],
            impact=raising.value if raising is not None else None,
            alert_fired=began if last else None,
            # Kept, so that a late copy of a component's firing (or of its clear, while it
            # fires again) is known as late and marks it neither down nor up.
            components_fired=fired,
            components_cleared=cleared_anew,
            title=_retitled(site, alert, match.rule, existing, statuses) if last else None,
            pending=change,
        )
    assert change is not None  # something grew worse, or some component is up
    said = []
    if grown:
        said.append(_grown_summary(site, alert, existing, worse, impact, len(grown)))
    if up:
        said.append("Some of the group's alerts cleared: their components are up again.")
    return Outcome(change, " ".join(said))


def _clear_times(
    alert: Alert, existing: Incident, match: Match, components: Collection[str], now: datetime
) -> dict[datetime, list[str]]:
    """`components` by the time their alerts cleared (_cleared_at), earliest first."""
    cleared: dict[datetime, list[str]] = {}
    for cid in components:
        cleared.setdefault(_cleared_at(alert, existing, match, cid, now), []).append(cid)
    return dict(sorted(cleared.items()))


def _opening(
    root: Path, site: Site, alert: Alert, match: Match, statuses: Mapping[str, ComponentStatus]
) -> Callable[..., Change]:
    """`events.open_incident` for the incident the alert opens with `statuses`, worded and
    rated (`match`'s impact) as ingest writes it; the caller gives its moment and what it
    records of the alert's times."""
    return partial(
        events.open_incident,
        root,
        title=_title(site, alert, match.rule, statuses),
        message=_message(site, alert, match.rule, statuses),
        components=[f"{cid}={status.value}" for cid, status in statuses.items()],
        impact=_written(_impact(site, match)),
        # The duplicate-title guard is for a person typing `new incident` twice. Ingest
        # knows its duplicates by the alert's identity: another alert with the same
        # title (two alerts for one component on one day) is another incident.
        again=True,
        draft=match.rule.draft,
        alert=(alert.source, alert.id),
        alert_rule=_kept(match.rule),
    )


# A change not yet written, or none: what `_written_up` is given back, written on.
_Pending = TypeVar("_Pending", bound="Change | None")


def _written_up(
    root: Path,
    site: Site,
    alert: Alert,
    rule: Rule,
    existing: Incident,
    ups: Iterable[tuple[datetime, Iterable[str]]],
    named: Collection[str],
    pending: _Pending,
) -> _Pending:
    """`pending` (a change to `existing` not yet written) with an update per moment setting
    the components cleared then back to operational, its words naming those of them every
    page shows (`named`), and the default title naming what is still down (_retitled), as
    the notification in which they cleared would have had it."""
    for at, cleared in ups:
        ids = list(cleared)
        names = escape_markdown(", ".join(site.component(c).name for c in ids if c in named))
        incident = events.pending_event(root, pending) if pending is not None else existing
        assert isinstance(incident, Incident)
        statuses = {c.id: c.status for c in incident.components}
        statuses.update(dict.fromkeys(ids, ComponentStatus.OPERATIONAL))
        pending = cast(
            _Pending,
            events.update_event(
                root,
                incident.slug,
                message=_no_longer_affects(names),
                now=at,
                components=[f"{cid}={ComponentStatus.OPERATIONAL.value}" for cid in ids],
                title=_retitled(site, alert, rule, incident, statuses),
                pending=pending,
            ),
        )
    return pending


def _no_longer_affects(names: str) -> str:
    """The words of an update setting components up whose alerts cleared (`names`: those
    it may name, as escaped Markdown)."""
    if names:
        return f"The problem no longer affects {names}."
    return "The problem no longer affects some of the components."


def _cleared_at(
    alert: Alert, existing: Incident, match: Match, component: str, now: datetime
) -> datetime:
    """When the alerts naming `component` cleared, by the tool (else when the group's last
    cleared alert did), as the page shows it (`when`)."""
    return when(replace(alert, at=match.ended.get(component, alert.settled)), now, existing)


def _grown_words(
    site: Site,
    existing: Incident,
    worse: Mapping[str, ComponentStatus],
    impact: Impact | None,
    named: Collection[str],
) -> str:
    """The words of an update in which `worse` start firing or grow worse (or only the
    impact rises), naming those of them in `named`."""
    current = {c.id: c.status for c in existing.components}
    # Up while the incident is open: their alerts cleared, and now fire again.
    again = [cid for cid in worse if current.get(cid) is ComponentStatus.OPERATIONAL]

    def said(cids: Collection[str]) -> str:
        return "; ".join(
            f"{site.component(cid).name}: {worse[cid].label.lower()}"
            for cid in cids
            if cid in named
        )

    grown, back = said([cid for cid in worse if cid not in again]), said(again)
    if not (grown or back) and impact is not None:
        grown = IMPACT_LABELS[impact]  # a severity with the same statuses and a worse impact
    # A component firing again is back, not grown: said apart, in the words of a reopening.
    sentences = []
    if grown or not again:
        sentences.append(
            "The problem has grown." + (f" {escape_markdown(grown)}." if grown else "")
        )
    if again:
        sentences.append("The problem is back." + (f" {escape_markdown(back)}." if back else ""))
    return " ".join(sentences)


def _grown_at(
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    worse: Mapping[str, ComponentStatus],
    impact: Impact | None,
    now: datetime,
) -> dict[datetime, tuple[dict[str, ComponentStatus], Impact | None]]:
    """When the updates in which `worse` grow worse (and the impact rises to `impact`) are
    dated, each with those of `worse` it sets and the impact it raises (None to keep it).
    Components that start firing are each dated when their alerts began, where they are
    all that grows (the impact too, if it rises): one that joined later is not down from
    an earlier one's start. A component already down growing worse makes it one update,
    on arrival: a repeat says when its alerts began, not when one grew worse."""
    current = {c.id: c.status for c in existing.components}
    starting = [
        cid
        for cid in worse
        if current.get(cid, ComponentStatus.OPERATIONAL) is ComponentStatus.OPERATIONAL
    ]
    others = [cid for cid in match.components if cid not in worse]
    if (
        not worse
        or len(starting) != len(worse)
        or (
            impact is not None
            and _raised_impact(site, existing, match.without(others), worse) != impact
        )
    ):
        return {now: (dict(worse), impact)}
    starts = {cid: _began_at(alert, existing, match, [cid], now) for cid in worse}
    grown: dict[datetime, tuple[dict[str, ComponentStatus], Impact | None]] = {}
    raised: Impact | None = None
    for at in sorted(set(starts.values())):
        so_far = [cid for cid in worse if starts[cid] <= at]
        # The impact as those begun by then give it: it rises with them, never falls.
        step = _raised_impact(
            site,
            existing,
            match.without([cid for cid in match.components if cid not in so_far]),
            {cid: worse[cid] for cid in so_far},
        )
        rises = step is not None and (raised is None or IMPACT_RANK[step] > IMPACT_RANK[raised])
        raised = step if rises else raised
        grown[at] = (
            {cid: worse[cid] for cid in so_far if starts[cid] == at},
            step if rises else None,
        )
    return grown


def _grown_summary(
    site: Site,
    alert: Alert,
    existing: Incident,
    worse: Mapping[str, ComponentStatus],
    impact: Impact | None,
    updates: int = 1,
) -> str:
    """What ingest says of the `updates` in which `worse` grow worse (or the impact rises):
    more than one when they began at different times."""
    current = {c.id: c.status for c in existing.components}
    joined = [cid for cid in worse if cid not in current]
    again = [cid for cid in worse if current.get(cid) is ComponentStatus.OPERATIONAL]
    if joined or again:
        who = []
        if joined:
            who.append(f"{_names(site, joined)} joined {alert.label}")
        if again:
            who.append(f"{_names(site, again)} fired again in {'it' if joined else alert.label}")
        what = "their statuses" + (" and the impact" if impact is not None else "")
        if updates > 1:
            return (
                f"{' and '.join(who)}: {updates} updates, each when its alerts began, with {what}."
            )
        return f"{' and '.join(who)}: one update with {what}."
    what = " and ".join(part for part, given in (("statuses", worse), ("impact", impact)) if given)
    return f"The alert's severity rose: one update with the worse {what}."


def _names(site: Site, cids: Collection[str]) -> str:
    """The components `cids` by name, as ingest's own report names them."""
    return ", ".join(site.component(cid).name for cid in cids)


def _refired_at(alert: Alert, existing: Incident, match: Match, now: datetime) -> datetime:
    """When the alert of `existing` (cleared) fired again, to reopen it then: the first
    start, by the tool, of the components whose alerts began after all it records of them
    (a group's others firing on since before its clear say nothing new); else as `when`."""
    anew = _times_anew(existing, match)[0]
    if not anew:
        return when(alert, now, existing)
    return _began_at(alert, existing, match, anew, now)


def _began_at(
    alert: Alert, existing: Incident, match: Match, components: Collection[str], now: datetime
) -> datetime:
    """When the first of `components` began firing, by the tool: the first start of its
    firing alerts, where after the clear the incident records of it (else the latest start
    of its class of alerts, sources.Member), as the page shows it (`when`: after the
    incident's last update, and so after a clear of theirs it shows, and never after now);
    now when no alert naming them says."""
    ref = existing.alert

    def down_from(cid: str) -> datetime:
        first = match.earliest.get(cid)
        cleared = ref.component_cleared_at(cid) if ref is not None else None
        # An alert of it from before its recorded clear is a late one, not its new start.
        return (
            first
            if first is not None and (cleared is None or first > cleared)
            else match.began[cid]
        )

    start = min((down_from(cid) for cid in components if cid in match.began), default=None)
    return when(replace(alert, at=start), now, existing)


def _staggered_starts(
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    worse: Mapping[str, ComponentStatus],
    now: datetime,
) -> dict[str, datetime]:
    """When each of `worse` (all up in `existing`, some of them putting it on other pages:
    _spreads) began firing, where one that stays on its pages began before those that move
    it: written in time order (_joined), as notifications sent at each start would have.
    Empty when they all move it, began together, or one of them is already down."""
    current = {c.id: c.status for c in existing.components}
    if any(current.get(cid, ComponentStatus.OPERATIONAL) is not ComponentStatus.OPERATIONAL
           for cid in worse):  # fmt: skip
        return {}
    starts = {cid: _began_at(alert, existing, match, [cid], now) for cid in worse}
    moving = [at for cid, at in starts.items() if _spreads(site, existing, [cid])]
    staying = [at for cid, at in starts.items() if not _spreads(site, existing, [cid])]
    if not moving or not staying or min(staying) >= min(moving):
        return {}
    return starts


def _handed_over(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    worse: Mapping[str, ComponentStatus],
    now: datetime,
    began: datetime | None,
    up: Collection[str] = (),
    pending: Change | None = None,
) -> Outcome:
    """Components joining the alert that are shown on pages `existing` is not on
    (_spreads): a new incident for all that fires now, worded for the pages it is on, and
    `existing` resolved into it, so that what ingest wrote of it never reaches those pages.
    The new one carries on the alert, with all that `existing` recorded of its times, and
    all it has down, whether `match` names it or not (no clear of it came), and sets `up`
    (their alerts cleared since: _recovered, _unseen) back to operational when their
    alerts cleared. `pending`: the change that writes `existing`, when not yet written."""
    had = {c.id: c.status for c in existing.components}
    joined = [cid for cid in worse if cid not in had]
    moment = _began_at(alert, existing, match, joined, now)
    # A component's status does not fall while its alert fires (_worse), nor by moving.
    fired = {
        cid: had[cid] if SEVERITY[had.get(cid, status)] > SEVERITY[status] else status
        for cid, status in match.components.items()
    }
    held = {cid: s for cid, s in had.items() if s is not ComponentStatus.OPERATIONAL}
    statuses = {**held, **fired}
    ref = existing.alert
    fired_anew, cleared_anew = _times_anew(existing, match)
    opened = _opening(root, site, alert, match, statuses)(
        now=moment,
        # A draft a person made of it (still investigating) takes its alert's news, as
        # it would without the move: publishing it is theirs to decide.
        draft=match.rule.draft or existing.draft,
        alert_fired=began or (ref.fired_at if ref is not None else None) or alert.at,
        alert_cleared=ref.cleared_at if ref is not None else None,
        components_fired={**dict(ref.components_fired_at if ref else ()), **fired_anew},
        components_cleared={**dict(ref.components_cleared_at if ref else ()), **cleared_anew},
        taken=(pending.relpath,) if pending is not None else (),
    )
    closed = events.resolve_event(
        root, existing.slug, now=moment, message=HANDED_OVER_MESSAGE, pending=pending
    )
    if up:
        carried = events.pending_event(root, opened)
        assert isinstance(carried, Incident)
        named = named_everywhere(site, statuses)
        times = _clear_times(alert, carried, match, up, now)
        opened = _written_up(root, site, alert, match.rule, carried, times.items(), named, opened)
    return Outcome(
        opened,
        f"{_names(site, joined)} joined {alert.label}, on pages {existing.source.path} is not "
        f"on: a new incident for what fires now, and {existing.source.path} resolved into it.",
        also=(closed,),
    )


def still_firing(existing: Incident) -> bool:
    """Whether ingest recorded no clear of the alert of `existing` since its latest firing:
    its Monitoring is a person's, and what the alert holds down is still down."""
    ref = existing.alert
    if ref is None or ref.cleared_at is None:
        return ref is not None
    return ref.fired_at is not None and ref.fired_at > ref.cleared_at


def _moved_on(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    now: datetime,
    began: datetime | None,
) -> Outcome:
    """The alert of `existing` (monitoring, by a person) firing on components on other
    pages than it is on (_reopens refuses): what it holds whose alerts cleared is up when
    they cleared, and it is handed over to a new incident for what fires now
    (_handed_over), so that one incident carries the alert on and its clear ends it all."""
    up = _recovered(existing, match)
    pending: Change | None = None
    if up:
        named = _named(site, existing, [c.id for c in existing.components])
        times = _clear_times(alert, existing, match, up, now)
        pending = _written_up(
            root, site, alert, match.rule, existing, times.items(), named, pending
        )
        assert pending is not None  # a component is up
        held = events.pending_event(root, pending)
        assert isinstance(held, Incident)
        existing = held
    worse = _worse(existing, match, alert.at)
    return _handed_over(root, site, alert, existing, match, worse, now, began, pending=pending)


def _reopen(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    at: datetime,
    began: datetime | None,
    now: datetime,
) -> Outcome:
    """`existing` (monitoring or resolved) open again at `at` for what fires now; where a
    group's alert that fired and cleared since its clear (_unseen) began before `at`, open
    again when it began, and what fires now joins at `at`, as delivered in order."""
    unseen = _unseen(existing, match)
    full = match.fired(unseen) if unseen else match
    starts = {cid: _began_at(alert, existing, full, [cid], now) for cid in unseen}
    first = min([at, *starts.values()])
    joining = [cid for cid in unseen if starts[cid] > first]
    if first < at:
        joining += match.components
    # Those of what fires now whose alerts began after `at` (a notification that says
    # several began since the clear) join when theirs began, as on a new incident.
    later_starts = {
        cid: _began_at(alert, existing, match, [cid], now)
        for cid in _times_anew(existing, match)[0]
        if cid in match.components and not unseen
    }
    staggered = {cid: start for cid, start in later_starts.items() if start > first}
    opening = full.without([*joining, *staggered])
    # What fires now decides: a component the incident still has down whose alert is not
    # among them is up again from here on (a resolution writes no statuses, so the ones of
    # before it would carry over), written on this update so that the time before it keeps
    # what it held; one whose alerts of the group cleared after that, when they cleared.
    held = [
        c.id
        for c in existing.components
        if c.status is not ComponentStatus.OPERATIONAL and c.id not in opening.components
    ]
    cleared = [cid for cid in held if cid in match.cleared and cid not in unseen]
    later = {
        moment: cids
        for moment, cids in _clear_times(alert, existing, match, cleared, now).items()
        if moment > first
    }
    waiting = tuple(cid for cids in later.values() for cid in cids)
    statuses = {
        **{cid: ComponentStatus.OPERATIONAL for cid in held if cid not in waiting},
        **opening.components,
    }
    # In the page's order, as the incident's other component lines are.
    components = [f"{c.id}={statuses[c.id].value}" for c in site.components if c.id in statuses]
    impact = _raised_impact(site, existing, opening, opening.components)
    # A person's Monitoring while the alert fired on: no clear came, and nothing began
    # since, so the problem never left, and the words must not tell of a relapse.
    never_left = still_firing(existing) and not _times_anew(existing, match)[0]
    if never_left:
        named = _named(site, existing, (*(c.id for c in existing.components), *opening.components))
        names = escape_markdown(_names(site, [c for c in opening.components if c in named]))
        message = STILL_FIRING_MESSAGE.format(what=f" for {names}" if names else "")
    else:
        message = REFIRED_MESSAGE
    change = events.update_event(
        root,
        existing.slug,
        message=message,
        now=first,
        status=IncidentState.INVESTIGATING.value,
        components=components,
        impact=impact.value if impact is not None else None,
        alert_fired=began,
        # Kept, so that the group's final clear still listing them tells it no second time.
        components_cleared=_later(
            {cid: match.ended[cid] for cid in cleared if cid in match.ended},
            existing.alert.component_cleared_at if existing.alert is not None else _unknown,
        ),
        title=_retitled(site, alert, match.rule, existing, opening.components),
        # Its clear is then decided by this rule, also where the opening one kept none.
        alert_rule=_kept(match.rule),
    )
    said = "The alert fired again: the incident is open again."
    if never_left:
        # A person's Monitoring or Resolved: say which, as the file says it.
        said = (
            f"The alert still fires, though the incident is {existing.state.value}: "
            "it is open again."
        )
    if unseen:
        # The rest as a repeat on the open incident writes it: those joining down when
        # their alerts began, each up when its alerts cleared, in time order.
        reopened = events.pending_event(root, change)
        assert isinstance(reopened, Incident)
        worse = _worse(reopened, full, alert.at)
        raised = _raised_impact(site, reopened, full, worse)
        up = (*waiting, *unseen)
        rest = _regrouped(
            root, site, alert, reopened, full, worse, raised, up, now, None, pending=change
        )
        return replace(rest, summary=f"{said} {rest.summary}")
    if staggered:
        # The clears after `first` and the later starts, each at its own time in order.
        return _joined(
            root, site, alert, match, existing, change, staggered, later, began, now, said
        )
    named = _named(site, existing, (*(c.id for c in existing.components), *match.components))
    change = _written_up(root, site, alert, match.rule, existing, later.items(), named, change)
    return Outcome(change, said)


def _unknown(cid: str) -> datetime | None:
    """No recorded time for any component (an incident that keeps none of its alert's)."""
    return None


def _resolved(
    root: Path,
    site: Site,
    rules: Rules,
    alert: Alert,
    existing: Incident | None,
    match: Match | None,
    reason: str,
    now: datetime,
) -> Outcome:
    # When the tool says the alert cleared, kept in the incident (`alert: cleared_at:`) so
    # that a firing which began before then is known as late, not as the alert again. The
    # tool's own time, unclamped: it is compared with the tool's `startsAt`, and a sender's
    # clock ahead of ours is ahead for both. Only what the page shows is clamped to now.
    cleared = alert.at if alert.at is not None else now
    recorded = already_cleared(alert, existing)
    if existing is not None and recorded is not None:
        shown = timeparse.format_local(recorded, site.settings.input_tz)
        return Outcome(
            None,
            f"Nothing to do: {existing.source.path} already records that {alert.label} "
            f"cleared ({shown}): a late or repeated delivery.",
        )
    if existing is not None and _investigating(existing) and match and alert.at is not None:
        still = _still_down(existing, alert.at)
        if still:
            # Members the incident records firing since after this clear: the clear ends
            # the others only, each judged by its own firing, and the incident stays open.
            return _partly_cleared(root, site, alert, existing, match, still, alert.at, now)
    fired = fired_since(alert, existing)
    if existing is not None and fired is not None and alert.at is not None:
        tz = site.settings.input_tz
        return Outcome(
            None,
            f"Nothing to do: {alert.label} cleared at {timeparse.format_local(alert.at, tz)}, "
            f"and {existing.source.path} records that it fired again after that "
            f"({timeparse.format_local(fired, tz)}): a late or repeated delivery.",
        )
    if existing is None:
        if match is None:
            return Outcome(None, f"Nothing to do: no open incident for {alert.label} ({reason}).")
        return _record(root, site, alert, match, cleared, now)
    if not _investigating(existing) and (began := began_since(alert, existing, match)) is not None:
        outage = _outage(root, site, rules, alert, existing, match, began, cleared, now)
        if outage is not None:
            return outage
    if not existing.is_open:
        return _note_cleared(
            root, existing, cleared, f"{existing.source.path} is already {existing.state.value}"
        )
    rule, gone = _clearing_rule(rules, existing, match)
    warnings = (gone,) if gone else ()
    if existing.state is IncidentState.MONITORING and not _resolves(rule):
        # A person made it monitoring, which sets no status: what the alert held down comes
        # up now, or the page would show the outage until someone edits it by hand.
        down = existing.down_before_monitoring()
        if not down:
            why = f"{existing.source.path} is already monitoring"
            if any(c.status is not ComponentStatus.OPERATIONAL for c in existing.components):
                why += ", with the statuses a person gave it since"
            noted = _note_cleared(root, existing, cleared, why)
            return replace(noted, warnings=warnings)
        outcome = _clear(root, site, alert, existing, match, rule, cleared, now, up=down)
        return replace(outcome, warnings=warnings)
    unseen = _unseen(existing, match) if _investigating(existing) else ()
    if match is not None and unseen:
        # Members whose firing never reached us: down from their own start first, as their
        # firing would have written them (_joined), then up with the rest.
        joining = {
            cid: when(replace(alert, at=match.started[cid]), now, existing) for cid in unseen
        }
        said = "Some of the group's alerts fired unheard: written down from when they began."
        joined = _joined(root, site, alert, match, existing, None, joining, {}, None, now, said)
        assert joined.change is not None  # a member joined
        pending = events.pending_event(root, joined.change)
        assert isinstance(pending, Incident)
        closed = _clear(root, site, alert, pending, match, rule, cleared, now, joined.change)
        summary = f"{closed.summary} {joined.summary}"
        return replace(closed, summary=summary, warnings=warnings, also=joined.also)
    closed = _clear(root, site, alert, existing, match, rule, cleared, now)
    return replace(closed, warnings=warnings)


def _still_down(existing: Incident, cleared: datetime) -> dict[str, datetime]:
    """The components `existing` has down whose latest firing began, by what it records of
    each, after the tool says the group cleared at `cleared`, with that time: a clear sent
    before that firing (delivered after it), which does not end it."""
    ref = existing.alert
    if ref is None:
        return {}
    return {
        c.id: fired
        for c in existing.components
        if c.status is not ComponentStatus.OPERATIONAL
        and (fired := ref.component_fired_at(c.id)) is not None
        and fired > cleared
    }


def _partly_cleared(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    still: Mapping[str, datetime],
    cleared: datetime,
    now: datetime,
) -> Outcome:
    """A group's clear sent before some of its members (`still`) fired again, or joined,
    delivered after that: each other member the incident has down is up when its own
    alerts cleared (the group's clear, where the clear does not list it), and the incident
    stays open for those still firing. An outage the clear tells of that the incident
    never heard (_unheard_before) is written as its own incident, as a group's partial
    clear writes it (_firing). Nothing to do when neither is there."""
    tz = site.settings.input_tz
    down = [c.id for c in existing.components if c.status is not ComponentStatus.OPERATIONAL]
    up = tuple(cid for cid in down if cid not in still)
    said = ", ".join(
        f"{site.component(cid).name} (since {timeparse.format_local(at, tz)})"
        for cid, at in still.items()
    )
    unheard = _unheard_before(existing, match, _late_clears(existing, match))
    recorded = (
        _record_unheard(root, site, alert, existing, match, unheard, now) if unheard else None
    )
    if not up:
        if recorded is not None:
            return recorded
        return Outcome(
            None,
            f"Nothing to do: {alert.label} cleared at {timeparse.format_local(cleared, tz)}, "
            f"and {existing.source.path} records that {said} fired after that: a late or "
            "repeated delivery.",
        )
    final = replace(alert, settled=alert.settled or alert.at)
    noted = recorded.change if recorded is not None else None
    outcome = _regrouped(root, site, final, existing, match, {}, None, up, now, None, noted)
    outcome = replace(
        outcome,
        summary=f"{outcome.summary} {existing.source.path} records that {said} fired after "
        "the group's clear: still down, the incident stays open.",
    )
    return _with_unheard(outcome, recorded)


def _kept(rule: Rule) -> str | None:
    """The name an incident the rule writes keeps (`alert: rule:`), for its clear to be
    decided by it (_clearing_rule): only a name given by `name:` (Rule.named)."""
    return rule.name if rule.named else None


def _clearing_rule(
    rules: Rules, existing: Incident, match: Match | None
) -> tuple[Rule | None, str]:
    """The rule that decides the clear of the alert of `existing`: the one the clear
    matches, else the one that opened `existing` (`alert: rule:`), as a clear often
    carries less than its firing (a `generic` clear with only id and status, a group's
    labels changed), and the rule that opened the incident knows how it ends. None when
    neither is there, with a warning when the rule that opened it is gone."""
    if match is not None:
        return match.rule, ""
    name = existing.alert.rule if existing.alert is not None else None
    if name is None:
        return None, ""  # written before the rule was kept, or by a person
    rule = next((r for r in rules.rules if r.name == name), None)
    if rule is None:
        return None, (
            f"{existing.source.path} was opened by rule '{name}', which {SETTINGS_FILE} no "
            "longer has, and the clear matches no rule: left monitoring, the default of "
            "on_resolved; resolve it with `statusgen resolve` when it is over"
        )
    return rule, ""


def _resolves(rule: Rule | None) -> TypeGuard[Rule]:
    """Whether `rule` resolves the incident when its alert clears."""
    return rule is not None and rule.on_resolved == "resolve"


def _clear(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match | None,
    rule: Rule | None,
    cleared: datetime,
    now: datetime,
    pending: Change | None = None,
    up: Collection[str] | None = None,
) -> Outcome:
    """The clear of the alert of `existing`, open (as `pending`, a change to it not yet
    written, leaves it): resolved when `rule` (_clearing_rule) says `on_resolved: resolve`,
    else monitoring with its components operational (those of `up`, when given: monitoring
    already, the others keep a person's word); `cleared` is when the tool says the alert
    cleared. Components whose alerts cleared before the last (by `match`, as _regrouped
    dates them) are up at their own times first, the incident still in its state."""
    ids = [c.id for c in existing.components] if up is None else list(up)
    # A component no clear of its own dates cleared when the alert says it did.
    final = replace(alert, settled=alert.settled or alert.at)
    # One whose clear an earlier update told (_told_up) is not told again.
    told = _told_up(existing, match) if match is not None else ()
    fresh = [cid for cid in ids if cid not in told]
    times = _clear_times(final, existing, match, fresh, now) if match is not None else {}
    *earlier, last = [*times] or [when(alert, now, existing)]
    named = _named(site, existing, [c.id for c in existing.components])
    ups = {moment: times[moment] for moment in earlier}
    changes = {cid: match.changes[cid] for cid in fresh if match and cid in match.changes}
    if match is not None and changes:
        pending = _changed(root, site, alert, existing, match, changes, ups, now, pending)
    elif match is not None:  # else no component is up before the last: `times` is empty
        pending = _written_up(root, site, alert, match.rule, existing, ups.items(), named, pending)
    if _resolves(rule):
        change = events.resolve_event(
            root, existing.slug, now=last, alert_cleared=cleared, pending=pending
        )
        return Outcome(change, f"The alert cleared; rule '{rule.name}' resolves.")
    change = events.update_event(
        root,
        existing.slug,
        message=MONITORING_MESSAGE,
        now=last,
        status=IncidentState.MONITORING.value,
        components=[f"{cid}={ComponentStatus.OPERATIONAL.value}" for cid in times.get(last, ids)],
        alert_cleared=cleared,
        pending=pending,
    )
    if up is not None:
        return Outcome(
            change,
            "The alert cleared: what it held down is up again, still monitoring until someone "
            "resolves it.",
        )
    return Outcome(change, "The alert cleared: monitoring until someone resolves it.")


def _changed(
    root: Path,
    site: Site,
    alert: Alert,
    existing: Incident,
    match: Match,
    changes: Mapping[str, tuple[tuple[datetime, Level | None], ...]],
    ups: Mapping[datetime, Collection[str]],
    now: datetime,
    pending: _Pending,
) -> _Pending:
    """`pending` with the status changes of a final clear's components (Match.changes)
    between the first (the firing's) and the last (the clear's), and the `ups` of others,
    in time order, each an update worded as its notification would have been: a component
    worse is grown (or back), one better named as such, one up no longer affected. A
    change the incident already shows (a firing wrote it) is not written again."""
    steps: dict[datetime, dict[str, Level | None]] = {}
    for cid, changed in changes.items():
        # Changes from before the incident's last update land on it (`when`: updates run
        # forward), the latest of them standing: an interval that ended before the first
        # delivery heard of the group is not written back in time.
        for at, level in changed[1:-1]:
            steps.setdefault(when(replace(alert, at=at), now, existing), {})[cid] = level
    for at, cids in ups.items():
        steps.setdefault(at, {}).update(dict.fromkeys(cids))
    for at, step in sorted(steps.items()):
        incident = events.pending_event(root, pending) if pending is not None else existing
        assert isinstance(incident, Incident)
        named = _named(site, incident, [c.id for c in incident.components])
        current = {c.id: c.status for c in incident.components}
        up = [
            cid
            for cid, level in step.items()
            if level is None and current.get(cid) is not ComponentStatus.OPERATIONAL
        ]
        pending = _written_up(
            root, site, alert, match.rule, incident, [(at, up)] if up else [], named, pending
        )
        # A status equal to the one the incident shows is neither worse nor better: the
        # change already stands, and an update saying it eased would be false.
        statuses = {
            cid: level.status
            for cid, level in step.items()
            if level is not None
            and level.status is not current.get(cid, ComponentStatus.OPERATIONAL)
        }
        if not statuses:
            continue
        levels = {cid: level for cid, level in step.items() if cid in statuses and level}
        incident = events.pending_event(root, pending) if pending is not None else existing
        assert isinstance(incident, Incident)
        worse = {
            cid: status
            for cid, status in statuses.items()
            if SEVERITY[status] > SEVERITY[current.get(cid, ComponentStatus.OPERATIONAL)]
        }
        better = [cid for cid in statuses if cid not in worse]
        step_match = replace(match, components=statuses, levels={**match.levels, **levels})
        impact = _raised_impact(site, incident, step_match, worse) if worse else None
        words = [_grown_words(site, incident, worse, impact, named)] if worse else []
        if better:
            eased = "; ".join(
                f"{site.component(cid).name}: {statuses[cid].label.lower()}"
                for cid in better
                if cid in named
            )
            words.append(
                "The problem has eased." + (f" {escape_markdown(eased)}." if eased else "")
            )
        pending = cast(
            _Pending,
            events.update_event(
                root,
                incident.slug,
                message=" ".join(words),
                now=at,
                components=[f"{cid}={status.value}" for cid, status in statuses.items()],
                impact=impact.value if impact is not None else None,
                # A title a person wrote is kept, as when the severity rises (_retitled).
                title=_retitled(site, alert, match.rule, incident, {**current, **statuses}),
                pending=pending,
            ),
        )
    return pending


def began_since(alert: Alert, existing: Incident, match: Match | None) -> datetime | None:
    """When, by the tool, the alert that `alert` says cleared began, if after all that
    `existing` records of it (its latest firing, `fired_at`, and its clear, `cleared_at`;
    without either, the incident's resolution): it began again after the incident stopped
    firing, and this clear is the first we hear of that outage (its firing is late, or
    lost). A group's cleared components are each compared with that component's own
    times (`components_fired_at:`): one that joined the incident after the group's first
    start (a hand-over) began then, not since. None when that cannot be told: the clear
    does not say when it began."""
    ref = existing.alert
    if alert.began is None or ref is None:
        return None
    starts = [(alert.began, ref.fired_at, ref.cleared_at)]
    if match is not None and match.started:
        starts = [
            (at, ref.component_fired_at(cid), ref.component_cleared_at(cid))
            for cid, at in match.started.items()
        ]
    for began, *times in starts:
        known = [at for at in times if at is not None]
        recorded = max(known) if known else existing.resolved_at
        if recorded is not None and began > recorded:
            return alert.began
    return None


def _outage(
    root: Path,
    site: Site,
    rules: Rules,
    alert: Alert,
    existing: Incident,
    match: Match | None,
    began: datetime,
    cleared: datetime,
    now: datetime,
) -> Outcome | None:
    """The outage that began at `began` (by the tool) and cleared, of the alert of
    `existing` (monitoring or resolved), whose firing has not reached us: written as the
    firing and then the clear, delivered in order, would have written it. Reopened and
    cleared in one change (monitoring, or resolved within the flap window), else a new
    incident begun and ended; None when that needs a rule and none matches. The firing
    delivered late then finds the clear recorded, and changes nothing."""
    fired = replace(alert, kind=Kind.FIRING, at=began)
    opened = when(fired, now, existing)
    resolved = existing.resolved_at
    late = resolved is not None and _flapped(fired, existing, opened, resolved) > rules.flap_window
    if late or not _reopens(match, site, existing):
        if match is None:
            return None
        recorded = _record(root, site, alert, match, cleared, now)
        return replace(recorded, summary=recorded.summary + _draft_left(existing))
    # Reopened at the worst status, as before: the changes within (Match.changes) are
    # written for a clear on an open incident, or one that is the first we hear of it.
    match = replace(match, changes={})
    reopened = _reopen(root, site, fired, existing, match, opened, began, now)
    assert reopened.change is not None  # a reopening always writes its update
    again = events.pending_event(root, reopened.change)
    assert isinstance(again, Incident)
    closed = _clear(root, site, alert, again, match, match.rule, cleared, now, reopened.change)
    tz = site.settings.input_tz
    again_state = "resolved" if _resolves(match.rule) else "monitoring"
    return replace(
        closed,
        summary=f"{alert.label} began again at {timeparse.format_local(began, tz)} and cleared "
        f"at {timeparse.format_local(cleared, tz)}, before its firing reached us: written as "
        f"it happened, the incident reopened when it began and {again_state} when it cleared.",
    )


def _note_cleared(root: Path, existing: Incident, cleared: datetime, why: str) -> Outcome:
    """The clear of an incident that is no longer firing: nothing on the page changes, but
    the time is kept, so that a late copy of the firing does not open it again."""
    change = events.note_alert_cleared(root, existing.slug, at=cleared)
    return Outcome(change, f"Nothing on the page changes: {why}.")


def _record(
    root: Path, site: Site, alert: Alert, match: Match, cleared: datetime, now: datetime
) -> Outcome:
    """An alert whose clear is the first we hear of it (its firing is late, or was lost):
    the incident, written as begun and ended (the clear as the page shows it, never after
    `now`), so the late firing finds it `cleared` (the tool's time). A group whose alerts
    began or cleared at other times is written as its notifications in order would have
    (_staggered)."""
    ended = when(alert, now)
    began = min(alert.began, ended) if alert.began is not None else ended
    said = (
        f"Rule '{match.rule.name}' matched {alert.label}, which cleared before its firing "
        "reached us: recorded as begun and ended."
    )
    # Opened at each component's first status, not its worst: _clear writes the rest.
    match = match.opening()
    joining = {cid: at for cid, at in match.started.items() if at > began}
    if joining and joining.keys() >= match.components.keys():
        # No component's alerts say they began with the group (a relay left that time
        # out): opened when the first of them did, never naming no component.
        began = min(joining.values())
        joining = {cid: at for cid, at in joining.items() if at > began}
    if joining or match.changes or any(at < cleared for at in match.ended.values()):
        return _staggered(root, site, alert, match, began, joining, cleared, now, said)
    resolve = _resolves(match.rule)
    change = events.record_incident(
        root,
        title=_title(site, alert, match.rule, match.components),
        message=_message(site, alert, match.rule, match.components),
        started=began,
        ended=ended,
        alert_cleared=cleared,
        components=[f"{cid}={status.value}" for cid, status in match.components.items()],
        impact=_written(_impact(site, match)),
        state=IncidentState.RESOLVED if resolve else IncidentState.MONITORING,
        closing_message=events.RESOLVED_MESSAGE if resolve else MONITORING_MESSAGE,
        draft=match.rule.draft,
        alert=(alert.source, alert.id),
        alert_rule=_kept(match.rule),
    )
    return Outcome(change, said)


def _staggered(
    root: Path,
    site: Site,
    alert: Alert,
    match: Match,
    began: datetime,
    joining: Mapping[str, datetime],
    cleared: datetime,
    now: datetime,
    said: str,
) -> Outcome:
    """The incident of a group's clear that is the first we hear of it, whose alerts began
    or cleared at their own times, as the notifications in order would have written it:
    opened at `began` for the components firing then, each of `joining` down when its
    alerts began (handed over to a new incident where that puts it on another page:
    _handed_over), and each up when its own alerts cleared (_clear)."""
    first = match.without(joining)
    change = _opening(root, site, alert, first, first.components)(now=began)
    opened = events.pending_event(root, change)
    assert isinstance(opened, Incident)
    joined = _joined(root, site, alert, match, opened, change, joining, {}, began, now, said)
    assert joined.change is not None  # the opening at least
    pending = events.pending_event(root, joined.change)
    assert isinstance(pending, Incident)
    closed = _clear(root, site, alert, pending, match, match.rule, cleared, now, joined.change)
    assert closed.change is not None  # a clear always writes its update
    return Outcome(closed.change, joined.summary, also=joined.also)


def _joined(
    root: Path,
    site: Site,
    alert: Alert,
    match: Match,
    existing: Incident,
    pending: Change | None,
    joining: Mapping[str, datetime],
    ups: Mapping[datetime, Collection[str]],
    began: datetime | None,
    now: datetime,
    said: str,
) -> Outcome:
    """`existing` (as `pending`, a change to it not yet written, leaves it) with the group's
    members written at their own times, in time order, as the notifications in order would
    have written them: each of `joining` down when its alerts began (handed over to a new
    incident where that puts it on another page: _handed_over), and those of `ups` back up
    when their alerts cleared. `began`: when the tool says the group began firing."""
    change = pending
    handed: list[Change] = []
    for at in sorted({*joining.values(), *ups}):
        current_incident = events.pending_event(root, change) if change is not None else existing
        assert isinstance(current_incident, Incident)
        worse = {cid: match.components[cid] for cid, start in joining.items() if start == at}
        so_far = match.without([cid for cid, start in joining.items() if start > at])
        if worse and _spreads(site, current_incident, worse):
            # The notification they joined in: all of it firing, each since its own start.
            starts = {cid: match.started[cid] for cid in so_far.components if cid in match.started}
            began_at = {**so_far.began, **_later(starts, lambda cid: began)}
            firing = replace(so_far, ended={}, began=began_at)
            over = _handed_over(
                root, site, alert, current_incident, firing, worse, now, began, pending=change
            )
            assert over.change is not None  # a handing over always opens the new incident
            handed.extend(over.also)
            change, said = over.change, f"{said} {over.summary}"
        elif worse:
            impact = _raised_impact(site, current_incident, so_far, worse)
            statuses = {c.id: c.status for c in current_incident.components}
            # Named in the page's order, as one notification naming them all would.
            grown = {**statuses, **worse}
            grown = {c.id: grown[c.id] for c in site.components if c.id in grown}
            change = events.update_event(
                root,
                current_incident.slug,
                message=_grown_words(
                    site,
                    current_incident,
                    worse,
                    impact,
                    _named(site, current_incident, so_far.components),
                ),
                now=when(replace(alert, at=at), now, current_incident),
                components=[f"{cid}={status.value}" for cid, status in worse.items()],
                impact=impact.value if impact is not None else None,
                # A title a person wrote is kept, as when the severity rises (_retitled).
                title=_retitled(site, alert, match.rule, current_incident, grown),
                pending=change,
            )
        if at in ups:
            incident = events.pending_event(root, change) if change is not None else existing
            assert isinstance(incident, Incident)
            named = _named(site, incident, [c.id for c in incident.components])
            change = _written_up(
                root, site, alert, match.rule, incident, [(at, ups[at])], named, change
            )
    return Outcome(change, said, also=tuple(handed))


def _fields(
    site: Site, alert: Alert, components: Mapping[str, ComponentStatus]
) -> dict[str, FieldValue]:
    """The alert's fields plus what the rule decided (`components`), for the templates:
    the statuses worst first, each with the components in it ("API: Major outage;
    Database: Degraded performance")."""
    fields = dict(alert.fields)
    names = tuple(site.component(cid).name for cid in components)
    grouped: dict[ComponentStatus, list[str]] = {}
    for status in sorted(set(components.values()), key=SEVERITY.__getitem__, reverse=True):
        grouped[status] = [site.component(c).name for c, s in components.items() if s is status]
    fields["component_names"] = (", ".join(names),)
    fields["component_status"] = (", ".join(status.label for status in grouped),)
    fields["component_statuses"] = (
        "; ".join(f"{', '.join(named)}: {status.label}" for status, named in grouped.items()),
    )
    fields["source"] = (alert.source,)
    return fields


def _title(
    site: Site,
    alert: Alert,
    rule: Rule,
    components: Mapping[str, ComponentStatus],
    placing: Collection[str] = (),
    existing: Incident | None = None,
) -> str:
    """The rule's title for `alert` with `components` in these statuses, as it is written;
    the default one names only those of them `_nameable` (among `placing`, the other
    components of `existing`, the incident it is for)."""
    if rule.title == DEFAULT_TITLE:
        components = _nameable(site, components, placing, existing)
        if not components:
            return UNNAMED_TITLE
    template = rule.title_for(tuple(components.values()))
    title = clean_title(render(template, _fields(site, alert, components), markdown=False))
    if not title:
        # The alert lacks the fields the rule's title names: refusing the title would leave
        # the outage off the page, so it is titled as without a title (_plan warns).
        default = replace(rule, title=DEFAULT_TITLE)
        return _title(site, alert, default, components, placing, existing)
    return title


def _untitled(site: Site, alert: Alert, match: Match | None, outcome: Outcome) -> Outcome:
    """`outcome`, with a warning when it opens an incident that the rule's own title gave
    no text for `alert`, so that the title or the alert is fixed."""
    opens = [c for c in (outcome.change, *outcome.also) if c is not None and c.previous is None]
    if match is None or not opens or match.rule.title == DEFAULT_TITLE:
        return outcome
    rule = match.rule
    fields = _fields(site, alert, match.components)
    if clean_title(render(rule.title, fields, markdown=False)):
        return outcome
    default = _title(site, alert, replace(rule, title=DEFAULT_TITLE), match.components)
    warning = (
        f"rule '{rule.name}' ({SETTINGS_FILE}:{rule.title_line}): the alert gives no text "
        f"for its title, so the incident has the default title, {default!r}; send the "
        f"fields its title {rule.title!r} names, or change the title"
    )
    return replace(outcome, warnings=(*outcome.warnings, warning))


def _message(
    site: Site,
    alert: Alert,
    rule: Rule,
    components: Mapping[str, ComponentStatus],
    placing: Collection[str] = (),
) -> str:
    """The rule's first message for `alert` with `components` in these statuses; the
    default one names only those of them `_nameable` (among `placing`, as `_title`)."""
    if rule.message == DEFAULT_MESSAGE:
        components = _nameable(site, components, placing)
        if not components:
            return UNNAMED_MESSAGE
    return render(rule.message, _fields(site, alert, components), markdown=True)


def _nameable(
    site: Site,
    components: Mapping[str, ComponentStatus],
    placing: Collection[str] = (),
    existing: Incident | None = None,
) -> dict[str, ComponentStatus]:
    """Those of `components` that the words ingest writes by default may name, with
    `placing` the other components of `existing` (the incident, when it is one already):
    those `_named`. A rule's own title and message are the author's, and name what they say."""
    named = _named(site, existing, (*components, *placing))
    return {cid: status for cid, status in components.items() if cid in named}


def _retitled(
    site: Site,
    alert: Alert,
    rule: Rule,
    existing: Incident,
    components: Mapping[str, ComponentStatus],
) -> str | None:
    """The title `existing` gets now that `components` are in these statuses: the rule's
    title when ingest wrote it and it names the statuses (a changed one); None to keep it,
    above all a title a person wrote."""
    # Against the pages the written title was for; the new one is for those it spreads to,
    # or for the pages a person chose (`audiences:`), which may have come after the title.
    had = tuple(c.id for c in existing.components)

    def written(statuses: Mapping[str, ComponentStatus]) -> set[str]:
        return {
            _title(site, alert, rule, statuses, had),
            _title(site, alert, rule, statuses, had, existing),
        }

    held = _firing_statuses(existing)
    # A person who lowers a status (`update -c`) leaves ingest's title naming the one before:
    # still ingest's, not the person's, so it follows what the page shows from now on.
    ingests = {title for statuses in held for title in written(statuses)}
    now = written(held[-1])
    after = _title(site, alert, rule, _down(components), (*had, *components), existing)
    if existing.title not in ingests or after == existing.title:
        return None
    return None if existing.title in now and after in now else after


def _firing_statuses(existing: Incident) -> list[dict[str, ComponentStatus]]:
    """The component statuses `existing` had while its alert fired, oldest first, the last
    the ones it had last: a title ingest wrote names one of them (a clear sets them
    operational, and keeps the title)."""
    named = [{c.id: c.status for c in existing.components}]
    held: dict[str, ComponentStatus] = {}
    for update in existing.updates:
        held.update({c.id: c.status for c in update.components})
        if update.components and any(s is not ComponentStatus.OPERATIONAL for s in held.values()):
            named.append(_down(held))
    return named


def _down(statuses: Mapping[str, ComponentStatus]) -> dict[str, ComponentStatus]:
    """The components in `statuses` that are down, which a default title names (those of
    a group's alerts that cleared are up again); all of them when none is down."""
    down: dict[str, ComponentStatus] = {
        cid: s for cid, s in statuses.items() if s is not ComponentStatus.OPERATIONAL
    }
    return down or dict(statuses)


def _written(impact: Impact | None) -> str | None:
    """`impact` as the incident's front matter writes it; None: derived."""
    return impact.value if impact is not None else None
