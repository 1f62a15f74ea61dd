"""Alert payloads as each tool sends them, read into one source-independent Alert.

Every value in a payload is untrusted text: it is only ever matched, or substituted into
the site owner's templates (see rules.render), never evaluated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

from statusgen.clock import in_supported_years
from statusgen.errors import Diagnostic, StatusgenError, fail
from statusgen.ingest import SOURCE_NAMES, SOURCES
from statusgen.load.text import json_text, with_article

PAYLOAD = "<payload>"  # the path named in diagnostics about a payload not read from a file
MAX_PAYLOAD_BYTES = 1_000_000  # far above any real alert; a bound on what is parsed
_MAX_DEPTH = 32  # nested objects read into fields; deeper ones are left out
# Arrays and objects in one another, at most: ten times what a tool's payload holds, and far
# below what Python's parser reaches before it gives up (RecursionError, about 900 levels,
# fewer the deeper the call it is made in), so the limit is one number, and is named.
MAX_NESTING = 100
# A JSON string (skipped whole: brackets in it are text) or a bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# Field values read from one payload, at most: a bound on the work a payload can cause.
MAX_FIELDS = 2_000

FieldValue = tuple[str, ...]


class Kind(str, Enum):
    """What a payload says happened to the alert."""

    FIRING = "firing"
    RESOLVED = "resolved"
    # An event about the alert that changes nothing a status page shows (a note, an
    # acknowledgement, a reassignment).
    OTHER = "other"


@dataclass(frozen=True)
class Member:
    """The alerts of an Alertmanager or Grafana group that share a state and a severity:
    a group's alerts can differ in both, and in what they name."""

    firing: bool
    severity: str  # their own, else the group's common one
    fields: Mapping[str, FieldValue]  # named as the group's are: alerts.labels.service
    # When the latest of them began (firing) or cleared (not firing), by the tool; None
    # when none says. Theirs together, not each one's: a relay leaves out a time an
    # earlier alert of the same class has, never a class's latest.
    at: datetime | None = None
    # When the latest of them began, firing or not: alerts that cleared before any
    # notification said they fired are written from then, as their firing would have.
    began: datetime | None = None
    # When the first of them giving each (field, value) began: a component is down from
    # its first alert's start, not from the class's latest (a relay may leave an earlier
    # one's time out; then this is the earliest it kept). At most MAX_FIELDS pairs.
    firsts: Mapping[tuple[str, str], datetime] = field(default_factory=dict)
    # When the last of them giving each (field, value) cleared, where they have: a group
    # whose clear is the first we hear of it sets each component back up at its own
    # alerts' clear, not at the class's latest. At most MAX_FIELDS pairs.
    lasts: Mapping[tuple[str, str], datetime] = field(default_factory=dict)
    # When the last of them giving each (field, value) began, where they say it: a
    # component is noted firing since its own alerts' latest start, not since that of
    # another alert of its class naming no component. At most MAX_FIELDS pairs.
    latests: Mapping[tuple[str, str], datetime] = field(default_factory=dict)
    # The (field, value) pairs whose alerts give a start that is no time (Alert.undated),
    # none of them a readable one: dated when the notification arrived, as ingest warns,
    # never from another alert's start. At most MAX_FIELDS pairs.
    undated: frozenset[tuple[str, str]] = frozenset()
    # Of cleared ones, each (field, value) with every alert's own (start, clear), where all
    # of its alerts give both: one class can hold an alert that cleared and a later one of
    # the same severity, and the component was up in between. At most MAX_FIELDS pairs.
    spans: Mapping[tuple[str, str], tuple[tuple[datetime, datetime], ...]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class Alert:
    """One alert's state as a payload reports it."""

    source: str
    id: str  # the tool's own identity for the alert: one alert, one incident
    kind: Kind
    event: str  # what the tool says happened, in its words, e.g. incident.resolved
    fields: Mapping[str, FieldValue]  # flattened: labels.severity -> ("critical",)
    # When the tool says the alert fired (or cleared); None when the payload does not say.
    # Relays and retries deliver late: the page dates the change by this, not by arrival.
    at: datetime | None = None
    # When the alert began, where a clearing payload says so too (a firing's `at` is its
    # beginning): a clear that arrives before its firing is recorded from then.
    began: datetime | None = None
    # Field values past MAX_FIELDS, left out of `fields`: a rule that does not match may
    # have needed one of them, and ingest says so.
    unread: int = 0
    # The group's alerts by state and severity (Alertmanager, Grafana); empty for one alert.
    members: tuple[Member, ...] = ()
    # When the last of a group's cleared alerts cleared, while others still fire (its
    # components are up again then); None when none has, or none still fires.
    settled: datetime | None = None
    # The payload's time fields that are no time (message, hint): the change is dated when
    # it arrived instead, and ingest says so. Refused, a sender's template mistake (an
    # unexpanded $DATE_POSIX) would keep every outage off the page.
    undated: tuple[tuple[str, str], ...] = ()

    @property
    def continued(self) -> bool:
        """Whether a group's firing goes on from an earlier one: an alert that cleared was
        still firing when the firing ones began, so the group never stopped."""
        return self.settled is not None and self.at is not None and self.settled >= self.at

    @property
    def severity(self) -> str:
        """The tool's severity or priority word ("critical", "P1"), or ""."""
        return first(self.fields, "severity")

    @property
    def label(self) -> str:
        """How messages name the alert: `alertmanager alert {}:{alertname="X"}`."""
        return f"{self.source} alert {self.id}"


def first(fields: Mapping[str, FieldValue], key: str) -> str:
    """The first value of `key`, or ""."""
    values = fields.get(key, ())
    return values[0] if values else ""


# --- reading a payload ---------------------------------------------------------------


def read(source: str, data: bytes, path: str = PAYLOAD) -> Alert:
    """The alert in `data`, a payload of `source` read from `path` (the file, or
    `<stdin>`); StatusgenError naming `path` when it is not one."""
    name = SOURCE_NAMES[source]
    # A tool's own body needs only passing on; a generic alert is written by its sender.
    unchanged = (
        "send one JSON object with the fields docs/ingest.md lists"
        if source == "generic"
        else "send the webhook body unchanged"
    )
    if len(data) > MAX_PAYLOAD_BYTES:
        raise fail(path, f"the payload is larger than {MAX_PAYLOAD_BYTES} bytes")
    try:
        # UTF-16 with a BOM too: Windows PowerShell 5.1's `Out-File alert.json` writes it.
        text = json_text(data)
    except UnicodeDecodeError:
        raise fail(path, "the payload is not UTF-8 text", "send it as UTF-8") from None
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise fail(
            path,
            f"the payload is nested too deeply (at most {MAX_NESTING} levels of arrays and "
            "objects)",
            f"{unchanged}; a field nested that deeply is not read anyway",
            *too_deep,
        )
    try:
        payload = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise fail(
            path,
            f"the payload is not JSON: {error.msg}",
            unchanged,
            error.lineno,
            error.colno,
        ) from None
    except ValueError:  # a number of more digits than Python converts
        raise fail(path, "the payload is not JSON a tool would send", unchanged) from None
    if not isinstance(payload, dict):
        raise fail(
            path,
            f"{with_article(name)} payload is a JSON object, not {_json_type(payload)}",
            unchanged,
        )
    try:
        return READERS[source](payload)
    except NotThePayload as found:
        # Its fields missing from another tool's body help no one: say whose it is.
        problems = _sent_as(source, payload) or found.problems
        raise StatusgenError(Diagnostic(path, 0, 0, m, h) for m, h in problems) from None


def _looks_like(payload: dict[str, Any]) -> str | None:
    """The source whose body `payload` is, by fields only that tool's body has ("legacy"
    for Grafana's legacy dashboard alerts); None when it is none of them."""
    if "evalMatches" in payload or ("ruleName" in payload and "alerts" not in payload):
        return "legacy"
    if isinstance(payload.get("alerts"), list) and "groupKey" in payload:
        return "grafana" if "orgId" in payload else "alertmanager"
    event = payload.get("event")
    if isinstance(event, dict) and ("event_type" in event or "resource_type" in event):
        return "pagerduty"
    if isinstance(payload.get("alert"), dict) and "action" in payload:
        return "opsgenie"
    if any(key in payload for key in ("aggreg_key", "alert_transition", "alert_cycle_key")):
        return "datadog"
    return None


def _sent_as(source: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    """Why `payload`, which the reader of `source` refused, is another tool's body, as one
    (message, hint); empty when it looks like none (or like the source's own)."""
    other = _looks_like(payload)
    if other == "legacy":
        return [
            (
                "this is a payload of Grafana's legacy alerting ('ruleName', 'evalMatches'), "
                "which has no 'alerts' list",
                "send the alert from Grafana Alerting (unified alerting): a contact point "
                "with the Webhook integration (Alerting → Contact points), as docs/ingest.md "
                "shows",
            )
        ]
    if other is None or other == source or {source, other} == {"alertmanager", "grafana"}:
        return []
    return [
        (
            f"this is not a payload from {SOURCE_NAMES[source]}: it looks like one from "
            f"{SOURCE_NAMES[other]}",
            f"run `statusgen ingest {other} …`, or send the webhook to the relay's /{other}",
        )
    ]


def _too_deep(text: str) -> tuple[int, int] | None:
    """The line and column of the first `[` or `{` in `text` nested more than MAX_NESTING
    deep (outside strings), or None: one pass, before the parser recurses into them."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return None
    depth = 0
    for found in _STRING_OR_BRACKET.finditer(text):
        mark = found[0]
        if mark in "[{":
            depth += 1
            if depth > MAX_NESTING:
                at = found.start()
                return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        elif mark in "]}":
            depth = max(0, depth - 1)
    return None


class NotThePayload(Exception):
    """A reader's findings that the payload is not the tool's; `read` names the file."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.problems = [(message, hint)]


def _refuse(found: list[NotThePayload]) -> None:
    """Raise every problem in `found` at once, if any: one run shows them all."""
    if found:
        found[0].problems = [p for problem in found for p in problem.problems]
        raise found[0]


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _json_type(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), "a number")


def _missing(source: str, what: str, hint: str) -> NotThePayload:
    return NotThePayload(
        f"this is not a payload from {SOURCE_NAMES[source]}: it has no {what}", hint
    )


def _unstorable(identity: str, where: str, hint: str) -> NotThePayload | None:
    """The problem with an identity holding a character no text may hold: it is written in
    the incident file (`alert: id:`), which cannot carry it. Refused, not dropped as a
    title's are: the identity is how every later delivery finds the incident, and without
    the character two alerts could become one."""
    # Imported here, as in `moment`: `ingest --help` imports this module.
    from statusgen.load.text import held_character

    held = held_character(identity, where)
    if held is None:
        return None
    return NotThePayload(f"{held}, which an incident file cannot store", hint)


def flatten(value: Any, prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """(dotted key, text) for every scalar below `value`; list items share their key."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from flatten(item, prefix, depth + 1)
    elif value is None or not prefix:
        return
    elif isinstance(value, bool):
        yield prefix, "true" if value else "false"
    else:
        yield prefix, str(value)


def collect(*parts: tuple[str, Any]) -> tuple[dict[str, FieldValue], int]:
    """Fields from (prefix, value) parts: each key's distinct values, in the parts' order
    (give the fields rules match on first), and how many values were past MAX_FIELDS."""
    found: dict[str, list[str]] = {}
    count = unread = 0
    for prefix, value in parts:
        for key, text in flatten(value, prefix):
            values = found.setdefault(key, [])
            if text in values:
                continue
            if count < MAX_FIELDS:
                values.append(text)
                count += 1
            else:
                unread += 1
    return {key: tuple(values) for key, values in found.items() if values}, unread


def _tag_fields(tags: list[str]) -> dict[str, FieldValue]:
    """`key:value` tags (Datadog, often Opsgenie) as tags.key -> every value the key has,
    in order: `service:web,service:api` names two services."""
    pairs: dict[str, list[str]] = {}
    for tag in tags:
        key, colon, value = tag.partition(":")
        values = pairs.setdefault(f"tags.{key.strip()}", []) if colon and key.strip() else None
        if values is not None and value.strip() and value.strip() not in values:
            values.append(value.strip())
    return {key: tuple(values) for key, values in pairs.items() if values}


def _with(fields: dict[str, FieldValue], **extra: str | FieldValue) -> dict[str, FieldValue]:
    """`fields` plus the common names every source provides (set only when not empty)."""
    for key, value in extra.items():
        values = (value,) if isinstance(value, str) else value
        values = tuple(v for v in values if v)
        if values:
            fields[key] = values
    return fields


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def moment(value: Any) -> datetime | None:
    """The moment a payload field gives: RFC 3339 text, or an epoch number (as a number or
    text) in seconds, milliseconds, microseconds or nanoseconds, told apart by size (tools
    differ: Opsgenie sends milliseconds and nanoseconds in one alert). None for anything
    else, for Go's zero time ("0001-01-01T00:00:00Z", Alertmanager's "not ended") and for
    years the model does not hold."""
    # Imported here: the command line imports this module for `ingest --help` alone.
    from statusgen.timeline import TimelineError, parse_instant

    found: datetime | None = None
    if isinstance(value, str):
        # Read as the incident files' times are; else epoch digits as text, perhaps
        # (Datadog's $DATE_POSIX).
        with suppress(TimelineError):
            found = parse_instant(value)
    if found is None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return None
        try:
            number = float(value)
        except ValueError:
            return None
        if not 0 < number < 1e21:  # also rules out NaN and infinities
            return None
        for scale in (1e9, 1e6, 1e3, 1.0):  # ns, µs, ms, s: the largest plausible unit first
            if number >= 1e8 * scale:  # later than 1973 in this unit
                number /= scale
                break
        try:
            found = _EPOCH + timedelta(seconds=number)
        except OverflowError:
            return None
    if found is None or not in_supported_years(found):
        return None
    return found


# Go's zero time: what Alertmanager and Grafana send as the `endsAt` of an alert that has
# not ended, and so no time at all.
_GO_ZERO = "0001-01-01T00:00:00Z"


def _unreadable(at: Any, where: str) -> NotThePayload | None:
    """The problem with a payload's time field `where` (its value `at`) that `moment` reads
    as no time; None when it reads, or is left out or null. Never passed over in silence:
    the change would be dated at its delivery, hiding when the outage began or ended."""
    if at is None or moment(at) is not None:
        return None
    return _not_a_time(at, where)


def _undated(found: Iterable[NotThePayload | None]) -> tuple[tuple[str, str], ...]:
    """The (message, hint) of each time field problem in `found` (Alert.undated)."""
    return tuple(p for problem in found if problem is not None for p in problem.problems)


def _not_a_time(at: Any, where: str) -> NotThePayload:
    """Why a payload's time field `where`, which `moment` reads as no time, is none: a JSON
    value of another kind, a time outside the years a page holds, or text in no time's form
    (without an offset, say)."""
    from statusgen.timeline import OutsideYears, TimelineError, parse_instant

    hint = 'give RFC 3339 with an offset, e.g. "2026-11-22T18:02:00Z", or epoch seconds'
    if isinstance(at, bool) or not isinstance(at, (str, int, float)):
        shown = _json_type(at) if isinstance(at, (dict, list)) else json.dumps(at)
        return NotThePayload(f"'{where}' must be a time, not {shown}", hint)
    if isinstance(at, str):
        try:
            parse_instant(at)
        except OutsideYears as error:
            # Its form is right: asking for that form again would not help.
            return NotThePayload(f"'{where}': {error.message}", error.hint)
        except TimelineError:
            pass  # no time's form: said below
    return NotThePayload(f"'{where}' is not a time: {str(at)[:60]!r}", hint)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# --- the sources ---------------------------------------------------------------------


def alertmanager(payload: dict[str, Any], source: str = "alertmanager") -> Alert:
    """Prometheus Alertmanager's webhook (version 4): one notification group.

    The group is the alert: Alertmanager's own `group_by` decides what belongs together,
    and its groupKey stays the same from the first firing to the resolution.
    """
    alerts = payload.get("alerts")
    if not isinstance(alerts, list):
        raise _missing(source, "'alerts' list", "send the webhook body unchanged")
    members = [a for a in alerts if isinstance(a, dict)]
    # The groupKey alone: every version-4 webhook carries it. The alerts' fingerprints are
    # no stand-in, as they change with the group's members and its clear would find nothing.
    identity = _text(payload.get("groupKey"))
    found = []
    if not identity:
        found.append(_missing(source, "'groupKey'", "send the webhook body unchanged"))
    elif problem := _unstorable(identity, "'groupKey'", "send the webhook body unchanged"):
        found.append(problem)
    status = _text(payload.get("status"))
    if status not in ("firing", "resolved"):
        found.append(
            NotThePayload(
                f"unknown {SOURCE_NAMES[source]} status {status!r}", "expected firing or resolved"
            )
        )
    # The first unreadable one of each: a group of hundreds from one sender says it once.
    undated = _undated(
        next(
            (
                problem
                for index, alert in enumerate(alerts)
                if isinstance(alert, dict)
                and not (key == "endsAt" and alert.get(key) == _GO_ZERO)
                and (problem := _unreadable(alert.get(key), f"alerts[{index}].{key}"))
            ),
            None,
        )
        for key in ("startsAt", "endsAt")
    )
    _refuse(found)
    common = _object(payload.get("commonLabels"))
    notes = _object(payload.get("commonAnnotations"))
    # A resolved group's alerts all fired once. A firing group's resolved alerts never mark
    # anything down: with `truncatedAlerts`, its firing ones may all be left out.
    firing = [a for a in members if a.get("status") == "firing"] if status == "firing" else members
    # The group's own fields first, what rules match on: a group of many alerts fills the
    # budget with `alerts.*` (an instance and a fingerprint each) before them.
    fields, unread = collect(
        ("", {k: v for k, v in payload.items() if k != "alerts"}),
        ("labels", common),
        ("annotations", notes),
        ("alerts", alerts),
    )
    severity = _text(common.get("severity")) or next(
        (
            _text(a["labels"].get("severity"))
            for a in firing
            if isinstance(a.get("labels"), dict) and a["labels"].get("severity")
        ),
        "",
    )
    # The group fired when its first alert did, and cleared when its last one did.
    began = min(filter(None, (moment(a.get("startsAt")) for a in firing)), default=None)
    cleared = [a for a in members if a.get("status") == "resolved"]
    settled = None
    if status == "firing":
        # Also when it lists no firing alert (`truncatedAlerts`): the others still fire.
        settled = max(filter(None, (moment(a.get("endsAt")) for a in cleared)), default=None)
        at = began
    else:
        at = max(filter(None, (moment(a.get("endsAt")) for a in members)), default=None)
    return Alert(
        source,
        identity,
        Kind(status),
        status,
        _with(
            fields,
            status=status,
            severity=severity,
            title=_text(notes.get("summary")) or _text(common.get("alertname")),
            message=_text(notes.get("description")) or _text(notes.get("summary")),
        ),
        at,
        began,
        unread,
        _members(members, _text(common.get("severity"))),
        settled,
        undated,
    )


def _members(alerts: list[dict[str, Any]], common_severity: str) -> tuple[Member, ...]:
    """The group's alerts by state and severity, in the order each first appears. By class,
    not one by one: a relay leaves out a value an earlier alert of the same class has
    (docs/relay), and this reads the same from what it sends."""
    classes: dict[tuple[bool, str], list[dict[str, Any]]] = {}
    for alert in alerts:
        labels = _object(alert.get("labels"))
        severity = _text(labels.get("severity")) or common_severity
        classes.setdefault((alert.get("status") == "firing", severity), []).append(alert)

    def latest(group: list[dict[str, Any]], key: str) -> datetime | None:
        return max(filter(None, (moment(a.get(key)) for a in group)), default=None)

    def each(
        group: list[dict[str, Any]], key: str, pick: Callable[[datetime, datetime], datetime]
    ) -> dict[tuple[str, str], datetime]:
        found: dict[tuple[str, str], datetime] = {}
        for alert in group:
            time = moment(alert.get(key))
            if time is None:
                continue
            for pair in pairs(alert):
                at = found.get(pair)
                if at is None and len(found) >= MAX_FIELDS:
                    continue
                found[pair] = time if at is None else pick(at, time)
        return found

    def pairs(alert: dict[str, Any]) -> list[tuple[str, str]]:
        return [(k, v) for k, values in collect(("alerts", alert))[0].items() for v in values]

    def lasts(group: list[dict[str, Any]], key: str) -> dict[tuple[str, str], datetime]:
        # Never earlier than a value's own last clear (or start, by `key`): a relay leaves
        # out an endsAt or a label that repeats an earlier alert's, so a value an alert
        # without its time names, or a field it lacks, has its class's; one an alert
        # lacking the field cleared (or began) after is dated then (it may have named it).
        found = each(group, key, max)
        unknown: set[tuple[str, str]] = set()
        names = {name for alert in group for name, _ in pairs(alert)}
        lacking: set[str] = set()
        later: dict[str, datetime] = {}
        for alert in group:
            had = pairs(alert)
            missing = names - {name for name, _ in had}
            time = moment(alert.get(key))
            if time is None:
                unknown.update(had)
                lacking |= missing
                continue
            for name in missing:
                later[name] = max(later.get(name, time), time)
        return {
            (name, value): max(at, later.get(name, at))
            for (name, value), at in found.items()
            if (name, value) not in unknown and name not in lacking
        }

    def undated(group: list[dict[str, Any]]) -> frozenset[tuple[str, str]]:
        # Only where the alert gives a start that is no time: a relay leaves a start out
        # (a repeat of its class's), which is no mistake and keeps its class's.
        dated = each(group, "startsAt", min)
        found = {
            pair
            for alert in group
            if _unreadable(alert.get("startsAt"), "startsAt") is not None
            for pair in pairs(alert)
            if pair not in dated
        }
        return frozenset(sorted(found)[:MAX_FIELDS])

    def spans(
        group: list[dict[str, Any]],
    ) -> dict[tuple[str, str], tuple[tuple[datetime, datetime], ...]]:
        # A pair one of whose alerts lacks a time has none, nor has a field one of them
        # lacks (a relay leaves out a time or a value an earlier alert of its class has):
        # its class's first start and last clear stand for it, as before.
        found: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {}
        undated: set[tuple[str, str]] = set()
        names = {name for alert in group for name, _ in pairs(alert)}
        lacking: set[str] = set()
        for alert in group:
            start, end = moment(alert.get("startsAt")), moment(alert.get("endsAt"))
            had = pairs(alert)
            lacking |= names - {name for name, _ in had}
            for pair in had:
                if start is None or end is None:
                    undated.add(pair)
                elif pair in found or len(found) < MAX_FIELDS:
                    found.setdefault(pair, []).append((start, end))
        return {
            pair: tuple(sorted(at))
            for pair, at in found.items()
            if pair not in undated and pair[0] not in lacking
        }

    return tuple(
        Member(
            firing,
            severity,
            collect(*(("alerts", a) for a in group))[0],
            latest(group, "startsAt" if firing else "endsAt"),
            latest(group, "startsAt"),
            each(group, "startsAt", min),
            {} if firing else lasts(group, "endsAt"),
            lasts(group, "startsAt") if firing else {},
            undated(group) if firing else frozenset(),
            {} if firing else spans(group),
        )
        for (firing, severity), group in classes.items()
    )


def grafana(payload: dict[str, Any]) -> Alert:
    """Grafana Alerting's webhook contact point: Alertmanager's format plus a few fields."""
    return alertmanager(payload, "grafana")


# PagerDuty v3 event types that mean the incident is (again) on.
_PD_FIRING = ("incident.triggered", "incident.reopened")


def pagerduty(payload: dict[str, Any]) -> Alert:
    """PagerDuty's v3 webhook: one event about one incident."""
    event = payload.get("event")
    if not isinstance(event, dict):
        raise _missing(
            "pagerduty", "'event' object", "subscribe with a v3 webhook and send its body unchanged"
        )
    found = []
    event_type = _text(event.get("event_type"))
    if not event_type:
        found.append(_missing("pagerduty", "'event.event_type'", "send the webhook body unchanged"))
    if not isinstance(event.get("data"), dict):
        found.append(
            _missing("pagerduty", "'event.data' object", "send the webhook body unchanged")
        )
    data = _object(event.get("data"))
    # Without these, a resolution could not be told from a note: dropping it quietly would
    # leave the incident open for good.
    resource_type = _text(event.get("resource_type"))
    data_type = _text(data.get("type"))
    if not resource_type:
        found.append(
            _missing("pagerduty", "'event.resource_type'", "send the webhook body unchanged")
        )
    if isinstance(event.get("data"), dict) and not data_type:
        found.append(_missing("pagerduty", "'event.data.type'", "send the webhook body unchanged"))
    # Notes, responders and status updates carry an incident reference, not the incident.
    reference: object = event.get("data")
    if data_type != "incident" and isinstance(data.get("incident"), dict):
        reference = data["incident"]
    elif data_type not in ("", "incident"):
        reference = None
    about_incident = resource_type in ("", "incident") and isinstance(reference, dict)
    incident = _object(reference)
    identity = _text(incident.get("id"))
    where = "event.data.id" if reference is data else "event.data.incident.id"
    if about_incident and not identity:
        found.append(
            _missing(
                "pagerduty", f"'{where}' (the incident's id)", "send the webhook body unchanged"
            )
        )
    elif about_incident and (
        problem := _unstorable(identity, f"'{where}'", "send the webhook body unchanged")
    ):
        found.append(problem)
    created = where.removesuffix(".id") + ".created_at"
    undated = _undated(
        _unreadable(at, named)
        for at, named in (
            (event.get("occurred_at"), "event.occurred_at"),
            (incident.get("created_at"), created),
        )
        if about_incident
    )
    _refuse(found)
    if not about_incident:
        return Alert("pagerduty", "", Kind.OTHER, event_type, {})
    if event_type in _PD_FIRING:
        kind = Kind.FIRING
    elif event_type == "incident.resolved":
        kind = Kind.RESOLVED
    else:
        kind = Kind.OTHER
    priority = incident.get("priority")
    service = incident.get("service")
    fields, unread = collect(
        ("", incident), ("event", {k: v for k, v in event.items() if k != "data"})
    )
    return Alert(
        "pagerduty",
        identity,
        kind,
        event_type,
        _with(
            fields,
            status=kind.value,
            event_type=event_type,
            severity=_text(priority.get("summary")) if isinstance(priority, dict) else "",
            service=_text(service.get("summary")) if isinstance(service, dict) else "",
            title=_text(incident.get("title")) or _text(incident.get("summary")),
        ),
        moment(event.get("occurred_at")),
        moment(incident.get("created_at")),
        unread,
        undated=undated,
    )


def opsgenie(payload: dict[str, Any]) -> Alert:
    """Opsgenie's outgoing webhook: one action (Create, Close, Acknowledge…) on one alert."""
    found = []
    action = _text(payload.get("action"))
    if not action:
        found.append(
            _missing("opsgenie", "'action'", "use a Webhook integration and send its body")
        )
    alert = _object(payload.get("alert"))
    # The alias stays the same when an alert is closed and created again; the id does not.
    identity = _text(alert.get("alias")) or _text(alert.get("alertId"))
    if not isinstance(payload.get("alert"), dict):
        found.append(
            _missing("opsgenie", "'alert' object", "use a Webhook integration and send its body")
        )
    elif not identity:
        found.append(
            _missing(
                "opsgenie", "'alert.alias' or 'alert.alertId'", "send the webhook body unchanged"
            )
        )
    elif problem := _unstorable(
        identity,
        "'alert.alias'" if _text(alert.get("alias")) else "'alert.alertId'",
        "remove it from the alias the alert is created with",
    ):
        found.append(problem)
    kind = {"Create": Kind.FIRING, "Close": Kind.RESOLVED}.get(action, Kind.OTHER)
    read = ("createdAt",) if kind is Kind.FIRING else ("createdAt", "updatedAt")
    undated = _undated(_unreadable(alert.get(key), f"alert.{key}") for key in read)
    _refuse(found)
    tags = (
        [t for t in alert.get("tags", []) if isinstance(t, str)]
        if isinstance(alert.get("tags"), list)
        else []
    )
    fields, unread = collect(("", alert), ("", {k: v for k, v in payload.items() if k != "alert"}))
    fields.update(_tag_fields(tags))
    return Alert(
        "opsgenie",
        identity,
        kind,
        action,
        _with(
            fields,
            status=kind.value,
            severity=_text(alert.get("priority")),
            # `message` stays the alert's own (its one-line summary), as docs/ingest.md lists
            # it: its description is often internal (hosts, runbooks), and `{description}`
            # names it when it is fit for the page.
            title=_text(alert.get("message")),
        ),
        # createdAt (milliseconds) is when it fired; on Close, updatedAt (nanoseconds) is
        # the closing itself.
        moment(alert.get("createdAt" if kind is Kind.FIRING else "updatedAt")),
        moment(alert.get("createdAt")),
        unread,
        undated=undated,
    )


# $ALERT_TRANSITION values that mean the monitor is alerting (Datadog's webhook variables).
_DD_FIRING = ("triggered", "re-triggered", "warn", "re-warn", "no data", "re-no data")
_DD_RESOLVED = ("recovered",)


# The fields a Datadog payload's alert is known by, opened or cleared by and titled by,
# with the variable docs/ingest.md's payload fills each from (None: not in that payload).
_DD_VARIABLES: dict[str, str | None] = {
    "aggreg_key": "$AGGREG_KEY",
    "alert_id": "$ALERT_ID",
    "alert_scope": "$ALERT_SCOPE",
    "alert_transition": "$ALERT_TRANSITION",
    "alert_type": "$ALERT_TYPE",
    "alert_title": "$ALERT_TITLE",
    "title": None,
    "text_only_msg": "$TEXT_ONLY_MSG",
}
# A whole value that is one variable's name: Datadog sends a variable it does not know (or
# one misspelt) as written. Within a longer text, `$WORD` may be the monitor's own words.
_UNEXPANDED = re.compile(r"\$[A-Z][A-Z0-9_]*")


def _unexpanded(value: Any, key: str, variable: str | None) -> NotThePayload | None:
    """The problem with a Datadog field `key` whose whole value is a variable the webhook
    left unexpanded; None otherwise. Read as a value, every alert so sent would be one
    alert, titled `$EVENT_TITLE`, or none would ever fire or clear."""
    text = _text(value)
    if not _UNEXPANDED.fullmatch(text):
        return None
    if text == variable:
        hint = (
            "send it from the Datadog webhook itself, which fills in its variables (a copy "
            "of its payload sent by hand or by a test is not filled in)"
        )
    else:
        written = (
            f'"{key}": "{variable}", as docs/ingest.md\'s payload has it'
            if variable
            else "a variable docs/ingest.md's payload lists"
        )
        hint = (
            f"fix the Datadog webhook's payload: the variable name is misspelt or not one "
            f"Datadog knows; write {written}"
        )
    return NotThePayload(
        f"'{key}' is {text!r}, a variable the webhook's payload template sent unexpanded", hint
    )


def datadog(payload: dict[str, Any]) -> Alert:
    """Datadog's webhook integration, with the payload template shown in docs/ingest.md.

    Datadog lets the user write the body; we read the names of its documented variables
    ($ALERT_ID, $AGGREG_KEY, $ALERT_TRANSITION, $TAGS, …) in lower case.
    """
    identity = _text(payload.get("aggreg_key")) or _text(payload.get("alert_id"))
    scope = _text(payload.get("alert_scope"))
    if identity and scope and not payload.get("aggreg_key"):
        identity = f"{identity}:{scope}"
    found = []
    if not identity:
        found.append(
            _missing(
                "datadog",
                "aggreg_key or alert_id",
                "use the webhook payload from docs/ingest.md ($AGGREG_KEY, $ALERT_TRANSITION, …)",
            )
        )
    elif problem := _unstorable(
        identity,
        "'aggreg_key'" if _text(payload.get("aggreg_key")) else "'alert_id' or 'alert_scope'",
        "use the webhook payload from docs/ingest.md ($AGGREG_KEY, …)",
    ):
        found.append(problem)
    transition = _text(payload.get("alert_transition"))
    # Without either, no delivery of this payload could ever open or clear an incident.
    if not transition and not _text(payload.get("alert_type")):
        found.append(
            _missing(
                "datadog",
                "alert_transition or alert_type",
                'add "alert_transition": "$ALERT_TRANSITION" as in the payload in docs/ingest.md',
            )
        )
    found.extend(
        problem
        for key, variable in _DD_VARIABLES.items()
        if (problem := _unexpanded(payload.get(key), key, variable)) is not None
    )
    undated = _undated((_unreadable(payload.get("date_posix"), "date_posix"),))
    _refuse(found)
    lowered = transition.lower()
    if lowered in _DD_FIRING:
        kind = Kind.FIRING
    elif lowered in _DD_RESOLVED:
        kind = Kind.RESOLVED
    else:
        kind = {"error": Kind.FIRING, "warning": Kind.FIRING, "success": Kind.RESOLVED}.get(
            _text(payload.get("alert_type")).lower(), Kind.OTHER
        )
    raw_tags = payload.get("tags")
    tags = (
        [t.strip() for t in raw_tags.split(",") if t.strip()]
        if isinstance(raw_tags, str)
        else [t for t in raw_tags if isinstance(t, str)]
        if isinstance(raw_tags, list)
        else []
    )
    fields, unread = collect(
        ("", {k: v for k, v in payload.items() if k != "tags"}), ("tags", tags)
    )
    fields.update(_tag_fields(tags))
    return Alert(
        "datadog",
        identity,
        kind,
        transition or kind.value,
        _with(
            fields,
            status=kind.value,
            severity=_text(payload.get("alert_priority")) or _text(payload.get("priority")),
            # A `title` or `message` the sender's body has is its own: never overwritten.
            title=fields.get("title") or _text(payload.get("alert_title")),
            message=fields.get("message") or _text(payload.get("text_only_msg")),
        ),
        moment(payload.get("date_posix")),  # $DATE_POSIX: when the transition happened
        moment(payload.get("date_posix")) if kind is Kind.FIRING else None,
        unread,
        undated=undated,
    )


def generic(payload: dict[str, Any]) -> Alert:
    """Our own small format, for scripts and tools not listed: see docs/ingest.md."""
    given = payload.get("id")
    # A script's counter or a ticket number is as good an id as a name.
    identity = str(given) if type(given) is int else _text(given)
    found = []
    stable = 'give each alert a stable id, e.g. "db-disk-full" or 4012'
    if "id" not in payload:
        found.append(_missing("generic", "'id'", stable))
    elif type(given) is not int and not isinstance(given, str):
        # Never reported as missing: the sender wrote an id, in a form that is none (a
        # fraction, true, null), and needs to be shown which.
        shown = _json_type(given) if isinstance(given, (dict, list)) else json.dumps(given)
        found.append(NotThePayload(f"'id' must be text or a whole number, not {shown}", stable))
    elif not identity:
        found.append(NotThePayload("'id' is empty", stable))
    elif problem := _unstorable(identity, "'id'", f"remove it; {stable}"):
        found.append(problem)
    given_status = payload.get("status")
    # Left out (or null, or blank), it fires. A number or a flag is no status: taken as
    # firing, a script's `"status": 0` meant to clear would have opened an incident.
    if given_status is None or isinstance(given_status, str):
        status = _text(given_status) or "firing"
        shown = repr(status)
    else:
        status = ""
        shown = (
            _json_type(given_status)
            if isinstance(given_status, (dict, list))
            else json.dumps(given_status)
        )
    if status not in ("firing", "resolved"):
        found.append(NotThePayload(f"unknown status {shown}", "status is firing or resolved"))
    at = payload.get("at")
    if problem := _unreadable(at, "at"):
        found.append(problem)
    _refuse(found)
    when = moment(at)
    began = when if status == "firing" else None
    fields, unread = collect(("", payload))
    return Alert("generic", identity, Kind(status), status, fields, when, began, unread)


# The reader of each source, in the order SOURCES names them.
READERS: dict[str, Callable[[dict[str, Any]], Alert]] = dict(
    zip(SOURCES, (alertmanager, grafana, pagerduty, opsgenie, datadog, generic), strict=True)
)


# The first part of each field name (`labels` of `labels.service`) a source's alerts can
# have, as its reader builds them from the payload its tool documents (tests/fixtures/
# alerts/), the common names of _with included: `check` warns of a rule matching on any
# other, which no alert of the source has, so the rule would drop every one. None: the
# sender writes the body (Datadog's template, the generic format), so any name may be in it.
_ALERTMANAGER_ROOTS = (
    *("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels"),
    *("commonLabels", "commonAnnotations", "externalURL", "labels", "annotations", "alerts"),
    *("severity", "title", "message"),
)
FIELD_ROOTS: dict[str, frozenset[str] | None] = {
    "alertmanager": frozenset(_ALERTMANAGER_ROOTS),
    "grafana": frozenset((*_ALERTMANAGER_ROOTS, "orgId", "state")),
    "pagerduty": frozenset(
        (
            *("id", "type", "self", "html_url", "number", "status", "incident_key"),
            *("created_at", "updated_at", "title", "summary", "service", "assignees"),
            *("escalation_policy", "teams", "priority", "urgency", "conference_bridge"),
            *("resolve_reason", "incident_type", "event", "event_type", "severity"),
        )
    ),
    "opsgenie": frozenset(
        (
            *("action", "integrationId", "integrationName", "integrationType"),
            *("source", "escalationId", "escalationName", "alertId", "alias", "message"),
            *("tags", "tinyId", "entity", "createdAt", "updatedAt", "username", "userId"),
            *("description", "team", "teams", "responders", "recipients", "actions"),
            *("details", "priority", "note", "status", "severity", "title"),
        )
    ),
    "datadog": None,
    "generic": None,
}
