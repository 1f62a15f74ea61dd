"""The `ingest:` section of statusgen.yaml: which alerts name which components, and what to write.

    ingest:
      flap_window: 1h          # a resolved incident whose alert fires again this soon reopens
      rules:
        - name: api
          source: alertmanager                 # or a list; any source when left out
          match: {labels.service: api}         # every key must match (globs, lists: any of)
          components: [api]                    # or component_from: labels.service
          status: partial_outage               # component status while the alert fires
          severity: {critical: major_outage}   # or {critical: {status: ..., impact: ...}}
          title: "API errors"                  # templates: {field} takes the alert's value
          message: "We are investigating: {annotations.summary}"
          on_resolved: monitoring              # or resolve
          draft: false                         # true: written as a draft, for a human to publish

Templates are plain text with `{field}` holes; nothing in them or in the alert is evaluated.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from statusgen.errors import Diagnostic, Severity, close_matches
from statusgen.ingest import SECTION, SOURCE_NAMES, SOURCES
from statusgen.ingest.sources import FIELD_ROOTS, Alert, FieldValue, Kind, Member
from statusgen.layout import SETTINGS_FILE
from statusgen.load.fields import DECIMAL, Fields, did_you_mean, known_list, one_for_several
from statusgen.load.text import decode
from statusgen.load.yamlnodes import Mapping as YamlMapping
from statusgen.load.yamlnodes import Node, Scalar, Sequence, parse_yaml, type_name
from statusgen.model import INCIDENT_IMPACTS, ComponentStatus, Impact
from statusgen.render.format import grapheme_floor
from statusgen.status import SEVERITY

if TYPE_CHECKING:
    from statusgen.validate import ComponentNames

SECTION_KEYS = ("flap_window", "rules")
RULE_KEYS = (
    "name",
    "source",
    "match",
    "components",
    "component_from",
    "status",
    "impact",
    "severity",
    "title",
    "message",
    "on_resolved",
    "draft",
)
ON_RESOLVED = ("monitoring", "resolve")
DEFAULT_FLAP_WINDOW = timedelta(hours=1)
# {component_names}, {component_status} and {component_statuses} are what the rule decided
# (plan.py adds them). The default names each status with its own components: components
# in different statuses would otherwise read as each in all of them.
DEFAULT_TITLE = "{component_statuses}"
# The default title of an incident whose components stay operational (`status:
# operational`): an ongoing incident titled "API: Operational" would contradict itself.
QUIET_TITLE = "Problem affecting {component_names}"
DEFAULT_MESSAGE = "We are investigating a problem affecting {component_names}."
# The defaults when no component may be named: on a site with pages, each of them is hidden
# by some page that shows the incident (audience.named_everywhere).
UNNAMED_TITLE = "Problem detected"
UNNAMED_MESSAGE = "We are investigating a problem."
# A template hole: {labels.severity}; {{ and }} are literal braces.
_HOLE = re.compile(r"\{\{|\}\}|\{([^{}\s]{1,200})\}|[{}]")
_DURATION = re.compile(r"(\d{1,6})\s*(m|min|minutes?|h|hours?|d|days?)")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440}
_INCIDENT_IMPACTS = tuple(i.value for i in INCIDENT_IMPACTS)
_STATUSES = tuple(s.value for s in ComponentStatus if s is not ComponentStatus.UNDER_MAINTENANCE)
# Values that show how to write a key taking text or a list of texts (else a field's).
_EXAMPLES = {"source": ("alertmanager", "grafana"), "components": ("api", "checkout")}
# What each key taking a list or a mapping lists, and how to fix it when it lists nothing:
# an empty one is an error (Fields.lists_nothing), never read as any or none.
_LISTS = {
    "rules": (
        "rule",
        "add a rule below 'rules:', e.g. '- components: [api]', or remove 'ingest:' to take "
        "no alerts",
    ),
    "source": (
        "source",
        "name the sources it takes, e.g. 'source: [alertmanager, grafana]', or remove "
        "'source:' to take alerts from any source",
    ),
    "components": (
        "component",
        "name the components the alert affects, e.g. 'components: [api, checkout]', or name "
        "them by an alert field, e.g. 'component_from: labels.service'",
    ),
    "match": (
        "field",
        "write each field indented below 'match:', e.g. 'labels.service: api', or remove "
        "'match:' to take every alert of the rule's sources",
    ),
    "severity": (
        "severity",
        "map each severity to a status, e.g. 'critical: major_outage', or remove 'severity:' "
        "to give every alert the rule's status",
    ),
}
# Longest substituted value: an alert cannot fill a page.
MAX_VALUE = 300


@dataclass(frozen=True)
class Level:
    """What a firing alert does to its components, and the incident's impact (None: derived)."""

    status: ComponentStatus
    impact: Impact | None


@dataclass(frozen=True)
class Rule:
    """One rule of `ingest.rules`, validated."""

    name: str
    line: int  # of the rule in statusgen.yaml, for messages
    sources: tuple[str, ...]  # empty: any source
    match: tuple[tuple[str, tuple[str, ...]], ...]  # field -> patterns (any may match)
    components: tuple[str, ...]
    component_from: str | None
    level: Level
    severity: Mapping[str, Level]  # by lower-case severity
    title: str
    message: str
    on_resolved: str
    draft: bool
    # Given its name by `name:`, not known by its place ("rule 2"): only such a name is
    # kept in an incident (`alert: rule:`), as a place names another rule once one is
    # added or removed above it.
    named: bool
    # Of its own `title:` (else of the rule): a warning says where a title that gave an
    # alert no text is written.
    title_line: int = 0
    # Where each of `components` is written (line, column), so that a warning about one
    # of them points at it.
    component_at: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def level_for(self, alert: Alert) -> Level:
        """The level the alert's severity maps to, else the rule's own; for a group, the
        worst its firing alerts' severities map to, or in its final clear its alerts' (their
        order must not decide)."""
        firing = [m.severity for m in alert.members if m.firing]
        severities = firing or [m.severity for m in alert.members] or [alert.severity]
        return worst(self.level_of(severity) for severity in severities)

    def level_of(self, severity: str) -> Level:
        """The level `severity` maps to, else the rule's own."""
        return self.severity.get(severity.lower(), self.level)

    def title_for(self, statuses: Collection[ComponentStatus]) -> str:
        """The title template for components in `statuses`: the default one names their
        status, unless none is down."""
        if self.title == DEFAULT_TITLE and all(s is ComponentStatus.OPERATIONAL for s in statuses):
            return QUIET_TITLE
        return self.title

    def matches(self, alert: Alert) -> bool:
        """Whether the alert comes from one of the rule's sources and every `match` holds."""
        if self.sources and alert.source not in self.sources:
            return False
        return all(_matches(alert.fields.get(key, ()), patterns) for key, patterns in self.match)


@dataclass(frozen=True)
class Rules:
    """The `ingest:` section: rules in order (the first match wins) and the flap window."""

    rules: tuple[Rule, ...]
    flap_window: timedelta = DEFAULT_FLAP_WINDOW


def worst(levels: Iterable[Level]) -> Level:
    """The level whose component status is worst; the first of equals."""
    return max(levels, key=lambda level: SEVERITY[level.status])


def _matches(values: FieldValue, patterns: tuple[str, ...]) -> bool:
    """Any of the field's values matches any pattern (case-sensitive globs: * and ?)."""
    return any(fnmatch.fnmatchcase(v, p) for v in values for p in patterns)


# --- reading the settings ------------------------------------------------------------


def parse_rules(
    data: bytes, names: ComponentNames | None, path: str = SETTINGS_FILE
) -> tuple[Rules, list[Diagnostic]]:
    """The rules in statusgen.yaml's bytes, and every problem with them (file:line:column).

    `names` None: the components are unknown, so their ids are not checked.
    """
    text, unreadable = decode(path, data)
    if text is None:
        return Rules(()), unreadable
    root, _ = parse_yaml(text, path)  # its problems are config.py's to report
    if not isinstance(root, YamlMapping) or SECTION not in root.entries:
        return Rules(()), []  # no section, or a broken file config.py reports
    node = root.entries[SECTION].value
    if isinstance(node, Scalar) and node.kind == "null":
        return Rules(()), []
    problems: list[Diagnostic] = []
    if not isinstance(node, YamlMapping):
        problems.append(
            Diagnostic(
                path,
                node.line,
                node.column,
                f"'{SECTION}' must be a mapping, not {type_name(node)}",
                "write 'ingest:' with 'rules:' indented below it",
            )
        )
        return Rules(()), problems
    if not node.entries:
        # No rule, as `rules: []`: every alert would be told it matches none at run time.
        noun, hint = _LISTS["rules"]
        problems.append(
            Diagnostic(path, node.line, node.column, f"'{SECTION}' lists no {noun}", hint)
        )
        return Rules(()), problems
    fields = Fields(path, node, problems, SECTION)
    fields.check_keys(SECTION_KEYS)
    window = DEFAULT_FLAP_WINDOW
    window_node = fields.scalar(
        "flap_window", expected="a duration", example="e.g. 'flap_window: 1h', the default"
    )
    # `030` is octal 24 to YAML 1.1: told the minutes to write, not that it is no duration.
    if window_node is not None and not fields.not_decimal("flap_window", window_node):
        parsed = _duration(window_node)
        if parsed is None:
            fields.report(
                window_node,
                f"flap_window must be a duration such as 30m, 2h or 1d, not {window_node.text!r}",
                "e.g. 'flap_window: 1h', the default; a number alone is minutes",
            )
        else:
            window = parsed
    rules: list[Rule] = []
    rules_node = None if fields.lists_nothing("rules", *_LISTS["rules"]) else fields.node("rules")
    if rules_node is not None and not isinstance(rules_node, Sequence):
        fields.wrong_type(
            "rules",
            rules_node,
            "a list of rules",
            "start each rule with '- name: ...' below 'rules:'",
        )
    elif rules_node is not None:
        reader = _RuleReader(path, problems, names)
        for index, item in enumerate(rules_node.items, start=1):
            rule = reader.rule(item, index)
            if rule is not None:
                rules.append(rule)
    return Rules(tuple(rules), window), problems


def _duration(node: Scalar) -> timedelta | None:
    if node.kind == "int" and isinstance(node.value, int) and node.value > 0:
        # 030 is octal 24 to YAML 1.1: only minutes written in decimal digits are read.
        return timedelta(minutes=node.value) if DECIMAL.fullmatch(node.text) else None
    text = node.text.strip().lower()
    parts = list(_DURATION.finditer(text))
    if not parts or "".join(m.group(0) for m in parts) != text.replace(" ", ""):
        return None
    minutes = sum(int(m.group(1)) * _UNIT_MINUTES[m.group(2)[0]] for m in parts)
    return timedelta(minutes=minutes) if minutes > 0 else None


class _RuleReader:
    def __init__(self, path: str, problems: list[Diagnostic], names: ComponentNames | None) -> None:
        self.path = path
        self.problems = problems
        self.component_names = names
        self.names: dict[str, int] = {}

    def report(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.path, node.line, node.column, message, hint))

    def rule(self, item: Node, index: int) -> Rule | None:
        if not isinstance(item, YamlMapping):
            self.report(
                item,
                f"a rule must be a mapping, not {type_name(item)}",
                "start each rule with '- name: ...' and its keys indented below",
            )
            return None
        before = len(self.problems)
        fields = Fields(self.path, item, self.problems, "rule")
        fields.check_keys(RULE_KEYS)
        given = fields.text("name")
        name = given or f"rule {index}"
        if name in self.names:
            self.report(
                item,
                f"two rules are named '{name}'",
                f"give each rule its own 'name:' (the other is on line {self.names[name]})",
            )
        self.names.setdefault(name, item.line)
        sources = self.listed(fields, "source", SOURCES)
        match = self.match(fields, name, sources)
        said = len(self.problems)
        listed = self.components(fields)
        components = tuple(entry.text for entry in listed)
        component_at: dict[str, tuple[int, int]] = {}
        for entry in listed:
            component_at.setdefault(entry.text, (entry.line, entry.column))
        component_from = fields.text("component_from")
        # A component list or field that is wrong was told at its line: told again here,
        # the rule would read as missing what it has.
        if not components and not component_from and len(self.problems) == said:
            self.report(
                item,
                f"rule '{name}' names no component",
                "add 'components: [id, ...]' or 'component_from: labels.service'",
            )
        if components and component_from:
            self.report(
                item, f"rule '{name}' has both components and component_from", "keep one of them"
            )
        status = self.status(fields, "status") or ComponentStatus.PARTIAL_OUTAGE
        impact = self.impact(fields, "impact")
        severity = self.severity(fields, impact)
        title = self.template(fields, "title", DEFAULT_TITLE)
        message = self.template(fields, "message", DEFAULT_MESSAGE)
        on_resolved = fields.scalar("on_resolved", choices=ON_RESOLVED)
        if on_resolved is not None and on_resolved.text not in ON_RESOLVED:
            fields.report(
                on_resolved,
                f"on_resolved must be one of: {', '.join(ON_RESOLVED)}, not {on_resolved.text!r}",
                f"{did_you_mean(on_resolved.text, ON_RESOLVED)}write 'on_resolved: monitoring' "
                "(the default: a person resolves) or 'on_resolved: resolve'",
            )
        draft = fields.boolean("draft")
        if any(p.severity is Severity.ERROR for p in self.problems[before:]):
            return None
        return Rule(
            name=name,
            line=item.line,
            sources=sources,
            match=match,
            components=components,
            component_from=component_from,
            level=Level(status, impact),
            severity=severity,
            title=title,
            message=message,
            on_resolved=on_resolved.text if on_resolved is not None else "monitoring",
            draft=bool(draft),
            named=bool(given),
            title_line=(item.get("title") or item).line,
            component_at=component_at,
        )

    def strings(self, node: Node, key: str) -> list[Scalar]:
        """A scalar or a list of scalars, each as its node."""
        items = node.items if isinstance(node, Sequence) else (node,)
        found = []
        for item in items:
            if isinstance(item, Scalar) and item.kind != "null" and item.text.strip():
                found.append(item)
            elif not (isinstance(item, Scalar) and item.rejected):
                first, second = _EXAMPLES.get(key, ("api", "web"))
                self.report(
                    item,
                    f"'{key}' takes text or a list of texts, not {type_name(item)}",
                    f"e.g. '{key}: {first}' or '{key}: [{first}, {second}]'",
                )
        return found

    def components(self, fields: Fields) -> list[Scalar]:
        """The rule's `components`, each as its node, each reported unless a current
        component."""
        names = self.component_names
        if names is None:
            return self.placed(fields, "components", None)
        from statusgen.validate import INGEST_RULE

        def refused(cid: str) -> tuple[str, str] | None:
            # Retired to take it off the page, where an alert on it would show nothing:
            # said as for an open incident, not as an unknown id (the author retired it).
            # Anything else not a current component is said as for an incident's.
            return (
                names.retired_problem(
                    cid,
                    INGEST_RULE,
                    "remove it from this rule (or remove the rule), name a current component"
                    " in its place",
                )
                or names.several(cid)
                or names.problem(cid)
            )

        return self.placed(fields, "components", names.ids, refused)

    def listed(self, fields: Fields, key: str, known: Collection[str] | None) -> tuple[str, ...]:
        """`key`'s text or list of texts, each reported unless in `known` (None: any)."""
        return tuple(item.text for item in self.placed(fields, key, known))

    def placed(
        self,
        fields: Fields,
        key: str,
        known: Collection[str] | None,
        refused: Callable[[str], tuple[str, str] | None] | None = None,
    ) -> list[Scalar]:
        """`key`'s text or list of texts, each as its node (for where it is written), each
        reported unless in `known` (None: any); a text `refused` gives (message, hint) for
        is reported so instead."""
        if fields.lists_nothing(key, *_LISTS[key]):
            return []
        node = fields.node(key)
        if node is None:
            return []
        what = key.removesuffix("s")
        found = []
        for item in self.strings(node, key):
            problem = refused(item.text) if refused is not None else None
            if problem is not None:
                self.report(item, *problem)
            elif known is not None and item.text not in known:
                # Several written as one ('alertmanager, grafana'): a did-you-mean would
                # name one of them, and following it would drop the others.
                self.report(
                    item,
                    *one_for_several(item.text, known, f"{what}s")
                    or (
                        f"unknown {what} '{item.text}'",
                        f"{did_you_mean(item.text, known)}known {key}: {known_list(sorted(known))}"
                        if known
                        else f"no {key} are defined",
                    ),
                )
            found.append(item)
        return found

    def match(
        self, fields: Fields, name: str, sources: tuple[str, ...]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if fields.lists_nothing("match", *_LISTS["match"]):
            return ()
        node = fields.node("match")
        if node is None:
            return ()
        if not isinstance(node, YamlMapping):
            fields.wrong_type(
                "match",
                node,
                "a mapping of alert fields to values",
                "write each field indented below 'match:', e.g. 'labels.service: api'",
            )
            return ()
        conditions = Fields(self.path, node, self.problems, "match")
        found = []
        for key, entry in node.entries.items():
            # A field matching no value would take no alert; left out, it takes any.
            hint = f"e.g. '{key}: api' or '{key}: [api, web]', or remove '{key}' to match any value"
            if not conditions.lists_nothing(key, "value", hint):
                found.append((key, tuple(s.text for s in self.strings(entry.value, key))))
            self.unknown_field(entry.key, name, sources)
        return tuple(found)

    def unknown_field(self, key: Scalar, name: str, sources: tuple[str, ...]) -> None:
        """A warning when no alert of the rule's sources has a field beginning as `key`
        does: the rule would match none, and each would be dropped as matching no rule.
        Only for sources whose payload shape is known (sources.FIELD_ROOTS)."""
        shapes = [FIELD_ROOTS.get(source) for source in sources]
        if not shapes or None in shapes:
            return
        root, dot, rest = key.text.partition(".")
        roots = sorted(set().union(*(s for s in shapes if s is not None)))
        if root in roots:
            return
        tools = " or ".join(SOURCE_NAMES[source] for source in sources)
        close = close_matches(root, roots)
        meant = f"did you mean '{close[0]}{dot}{rest}'? " if close else ""
        self.problems.append(
            Diagnostic(
                self.path,
                key.line,
                key.column,
                f"rule '{name}' matches on '{key.text}', a field no {tools} alert has: "
                "the rule matches none of them",
                f"{meant}{tools} alert fields begin with: {known_list(roots, 30)}",
                Severity.WARNING,
            )
        )

    def status(self, fields: Fields, key: str) -> ComponentStatus | None:
        node = fields.scalar(key, choices=_STATUSES)
        if node is None:
            return None
        return self.status_of(node)

    def status_of(self, node: Scalar) -> ComponentStatus | None:
        if node.text in _STATUSES:
            return ComponentStatus(node.text)
        self.report(
            node,
            f"invalid component status '{node.text}'",
            f"{did_you_mean(node.text, _STATUSES)}one of: {', '.join(_STATUSES)}",
        )
        return None

    def impact(self, fields: Fields, key: str) -> Impact | None:
        node = fields.scalar(key, choices=_INCIDENT_IMPACTS)
        if node is None:
            return None
        if node.text in _INCIDENT_IMPACTS:
            return Impact(node.text)
        self.report(
            node,
            f"invalid impact '{node.text}'",
            f"{did_you_mean(node.text, _INCIDENT_IMPACTS)}one of: {', '.join(_INCIDENT_IMPACTS)}",
        )
        return None

    def severity(self, fields: Fields, impact: Impact | None) -> dict[str, Level]:
        if fields.lists_nothing("severity", *_LISTS["severity"]):
            return {}
        node = fields.node("severity")
        if node is None:
            return {}
        if not isinstance(node, YamlMapping):
            fields.wrong_type(
                "severity",
                node,
                "a mapping of severities to component statuses",
                "write each severity indented below 'severity:', e.g. 'critical: major_outage'",
            )
            return {}
        levels: dict[str, Level] = {}
        for key, entry in node.entries.items():
            value = entry.value
            if isinstance(value, Scalar):
                status = self.status_of(value)
                if status is not None:
                    levels[key.lower()] = Level(status, impact)
                continue
            if not isinstance(value, YamlMapping):
                self.report(
                    value,
                    f"severity '{key}' takes a status or {{status, impact}}",
                    f"e.g. '{key}: major_outage' or "
                    f"'{key}: {{status: major_outage, impact: major}}'",
                )
                continue
            inner = Fields(self.path, value, self.problems, f"severity '{key}'")
            inner.check_keys(("status", "impact"))
            status_node = inner.scalar("status", required=True, choices=_STATUSES)
            status = self.status_of(status_node) if status_node is not None else None
            level_impact = self.impact(inner, "impact") or impact
            if status is not None:
                levels[key.lower()] = Level(status, level_impact)
        return levels

    def template(self, fields: Fields, key: str, default: str) -> str:
        node = fields.scalar(key)
        if node is None:
            return default
        for match in _HOLE.finditer(node.text):
            if match.group(0) in ("{", "}"):
                fields.report(
                    node,
                    f"'{key}' has an unmatched '{match.group(0)}'",
                    "write {field} for an alert field, {{ or }} for a brace",
                )
                break
        return node.text


def unshown_components(
    rules: Iterable[Rule], shown: Mapping[str, Collection[str]]
) -> list[Diagnostic]:
    """A warning for each component a rule names that no page shows (`shown`: the ids each
    page shows; none on a site without pages), at where the rule names it: like a retired
    one, it is shown nowhere, so its status in an incident the rule opens tells no one; the
    incident itself still shows where the rule's other components are shown, if any are."""
    found: list[Diagnostic] = []
    if not shown:
        return found
    pages = ", ".join(shown)
    for rule in rules:
        seen = {cid: 0 for cid in rule.components if any(cid in ids for ids in shown.values())}
        # Said of the incident only when none is shown: an incident that shows on the other
        # components' pages, said to show nowhere, sends its author looking for a fault.
        effect = (
            "its status shows nowhere (an incident it opens shows where "
            f"{' or '.join(repr(cid) for cid in seen)} is shown)"
            if seen
            else "an incident it opens would be shown nowhere"
        )
        for cid in dict.fromkeys(rule.components):
            if cid in seen:
                continue
            line, column = rule.component_at.get(cid, (rule.line, 0))
            found.append(
                Diagnostic(
                    SETTINGS_FILE,
                    line,
                    column,
                    f"rule '{rule.name}' names component '{cid}', which no page shows: {effect}",
                    f"add it to a page's 'show:' ({pages}), or remove it from the rule",
                    Severity.WARNING,
                )
            )
    return found


# --- using the rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """The rule an alert matched, and the components it names with their statuses."""

    rule: Rule
    components: dict[str, ComponentStatus]
    impact: Impact | None
    # Values of `component_from` that are no current component's id (a retired one's
    # included): the alert names them, the page cannot show them, and ingest warns so that
    # the label or components.yaml is fixed.
    unknown: tuple[str, ...] = ()
    # Components only alerts of the group that have cleared name: up again, while the
    # group's other alerts still fire.
    cleared: tuple[str, ...] = ()
    # By the tool's times, where the alerts say them: when the latest of the firing alerts
    # naming each component began, of its class of alerts (sources.Member), so never
    # earlier than its own; and when the last alert naming each cleared component (each
    # component, once the whole group cleared) cleared, its own where the alerts say it.
    began: Mapping[str, datetime] = field(default_factory=dict)
    ended: Mapping[str, datetime] = field(default_factory=dict)
    # Each component's level, when the group's alerts name them one by one, so that the
    # impact can be told again without some of them (`without`); of `cleared` ones too.
    levels: Mapping[str, Level] = field(default_factory=dict)
    # When the first of the alerts that cleared naming each component of `ended` began, by
    # the tool (sources.Member.firsts, else their class's): an outage whose firing never
    # reached us is written from then, as that firing would have written it (`fired`).
    started: Mapping[str, datetime] = field(default_factory=dict)
    # When the earliest of the firing alerts naming each component began, by the tool (of
    # their class, as `began`): the component is down from then, whatever fired later.
    earliest: Mapping[str, datetime] = field(default_factory=dict)
    # Firing components whose alerts give no start that is a time (sources.Member.undated):
    # down from when the notification arrived, as ingest warns, not from the group's start.
    undated: tuple[str, ...] = ()
    # Firing components each of whose alerts gives its own start (sources.Member.latests):
    # down from the first of them (`earliest`), never from the group's first start, which
    # may be that of an alert naming no component.
    own_start: tuple[str, ...] = ()
    # Of a group's final clear, each component whose alerts held more than one interval or
    # severity: its status changes in time order, each the worst level of its alerts active
    # from then (None: up again), the last its final clear. The clear writes each change,
    # as the notifications in order would have.
    changes: Mapping[str, tuple[tuple[datetime, Level | None], ...]] = field(default_factory=dict)

    def opening(self) -> Match:
        """This match as its components stood when their alerts began: each of `changes`
        at its first level, not its worst (the clear writes the later ones)."""
        first = {cid: level for cid, ((_, level), *_) in self.changes.items() if level}
        if not first:
            return self
        levels = {**self.levels, **first}
        components = {cid: levels[cid].status for cid in self.components}
        return replace(
            self,
            components=components,
            levels=levels,
            impact=worst(levels[cid] for cid in components).impact,
        )

    def without(self, ids: Collection[str]) -> Match:
        """This match with the components `ids` left out, and the impact of those left
        (kept as it is when the components' own levels are not known)."""
        kept = {cid: s for cid, s in self.components.items() if cid not in ids}
        impact = self.impact
        if self.levels:
            impact = worst(self.levels[cid] for cid in kept).impact if kept else None
        return replace(
            self,
            components=kept,
            impact=impact,
            began={cid: at for cid, at in self.began.items() if cid not in ids},
        )

    def fired(self, ids: Collection[str]) -> Match:
        """This match as the notification in which the `cleared` components `ids` still
        fired would have made it: each at its level, begun when its alerts began."""
        fire = [cid for cid in ids if cid in self.levels and cid in self.started]
        components = {
            cid: level.status
            for cid, level in self.levels.items()
            if cid in self.components or cid in fire
        }
        return replace(
            self,
            components=components,
            impact=worst(self.levels[cid] for cid in components).impact,
            began={**self.began, **{cid: self.started[cid] for cid in fire}},
        )


def choose(
    rules: Rules, alert: Alert, component_ids: Collection[str], retired: Collection[str] = ()
) -> tuple[Match | None, str, tuple[tuple[Rule, str], ...]]:
    """The first rule that matches `alert` and names known components, and, when none of
    those fires (only alerts of the group that cleared name them), why it marks nothing
    down; else None and why no rule did. And each value naming no current component (one
    of `retired`, or no component id) that a rule tried took from the alert, with that rule."""
    reasons = []
    # Such a value shows nothing, also when it is the only one: plan.py warns of each with
    # its fix (a retired component's, a group's and a name's differ from a typo's).
    misnamed: list[tuple[Rule, str]] = []
    for rule in rules.rules:
        if not rule.matches(alert):
            continue
        unknown: tuple[str, ...] = ()
        per_alert = _per_alert(rule, alert, component_ids)
        if per_alert is not None:
            misnamed += ((rule, v) for v in dict.fromkeys(per_alert.unknown))
        if per_alert is not None and not per_alert.components:
            # Or the firing alerts name nothing: none has the field, or the group lists
            # none of them (cut by `truncatedAlerts`).
            why = (
                not_components(rule, per_alert.unknown, retired)
                if per_alert.unknown
                else f"no firing alert the group lists has {rule.component_from}"
            )
            reason = f"rule '{rule.name}' matched, but {why}"
            if per_alert.cleared:
                # Components whose alerts cleared while only alerts naming none still fire:
                # the match sets them up again, and marks nothing down (the reason says why).
                return per_alert, reason, tuple(misnamed)
            reasons.append(reason)
            continue
        if per_alert is not None:
            return per_alert, "", tuple(misnamed)
        if rule.component_from is not None:
            # Every value: one label across a group's alerts names each component that fires.
            named = alert.fields.get(rule.component_from, ())
            ids: tuple[str, ...] = tuple(v for v in named if v in component_ids)
            unknown = tuple(v for v in named if v not in component_ids)
            misnamed += ((rule, v) for v in dict.fromkeys(unknown))
            if not ids:
                reasons.append(
                    f"rule '{rule.name}' matched, but {not_components(rule, unknown, retired)}"
                    if unknown
                    else f"rule '{rule.name}' matched, but the alert has no {rule.component_from}"
                )
                continue
        else:
            ids = rule.components
        level = rule.level_for(alert)
        # A group's final clear holds its alerts' own times, for the rule's components as
        # for those its alerts name one by one: each alert counts from its own start.
        # A firing group listing none of its firing alerts (`truncatedAlerts`) is no clear.
        final = (
            bool(alert.members)
            and alert.kind is not Kind.FIRING
            and not any(m.firing for m in alert.members)
        )
        changes = _changes(rule, alert.members, ids) if final else {}
        match = Match(rule, {cid: level.status for cid in ids}, level.impact, unknown)
        return replace(match, changes=changes), "", tuple(misnamed)
    if not rules.rules:
        return None, "statusgen.yaml has no ingest rules", ()
    if reasons:
        return None, "; ".join(reasons), tuple(misnamed)
    # What the user can compare: the rules that take this tool's alerts at all.
    taking = [rule for rule in rules.rules if not rule.sources or alert.source in rule.sources]
    count = len(taking)
    if count == 0:
        return None, f"no rule takes {alert.source} alerts (a rule's source:)", ()
    said = (
        f"the one {alert.source} rule's match: does not hold for it"
        if count == 1
        else f"none of the {count} {alert.source} rules' match: holds for it"
    )
    # A misspelt field or a value in another case is no different to the alert from a
    # value that differs: said, or an outage is dropped with no word of why.
    slips = [slip for rule in taking if (slip := _slip(rule, alert, count == 1))]
    return None, "; ".join((said, *slips)), ()


def _slip(rule: Rule, alert: Alert, alone: bool) -> str:
    """Why `rule`'s match: does not hold for `alert` when the alert lacks a field the
    match names (with the closest field it has) or has the value only in another case;
    "" when its values simply differ. `alone`: the only rule, so not named."""
    who = "" if alone else f"rule '{rule.name}': "
    for key, patterns in rule.match:
        values = alert.fields.get(key, ())
        if not values:
            close = close_matches(key, alert.fields)
            meant = f", closest: {close[0]}" if close else ""
            return f"{who}the alert has no field {key}{meant}"
        if _matches(values, patterns):
            continue
        folded = tuple(v.casefold() for v in values)
        cased = next((p for p in patterns if _matches(folded, (p.casefold(),))), None)
        if cased is not None:
            shown = ", ".join(repr(v) for v in values)
            return (
                f"{who}{key} is {shown}, which matches {cased!r} only in another case "
                "(match: is case-sensitive)"
            )
    return ""


def _per_alert(rule: Rule, alert: Alert, component_ids: Collection[str]) -> Match | None:
    """The match of a group whose alerts each name their components (`component_from:
    alerts.…`): each component in the worst status of its own firing alerts, as one
    group can hold a critical alert for one service and a warning for another; an alert
    that has cleared marks its components `cleared`, with when it began and ended, for
    plan.py to tell whether the incident heard of it firing. None when the alerts name
    nothing one by one; no components when none they name is one."""
    if rule.component_from is None or not alert.members:
        return None
    # A firing group is still firing when none of the alerts it lists is (the firing ones
    # cut by `truncatedAlerts`): its resolved ones set their components up, never down.
    still = alert.kind is Kind.FIRING or any(m.firing for m in alert.members)
    done = [m for m in alert.members if still and not m.firing]
    levels = _levels(rule, [m for m in alert.members if m.firing or not still])
    # Those cleared have levels too: one whose firing never reached us is written as it
    # would have been (Match.fired).
    passed = _levels(rule, done)
    if not levels and not passed:
        return None
    # In the page's order: the alerts' order within the group is Alertmanager's choice.
    ids = [cid for cid in component_ids if cid in levels]
    cleared = tuple(cid for cid in component_ids if cid in passed and cid not in levels)
    unknown = tuple(v for v in levels if v not in component_ids)
    impact = worst(levels[cid] for cid in ids).impact if ids else None
    firing = [m for m in alert.members if m.firing]
    earliest = _started(firing, rule.component_from, ids, first=True)
    return Match(
        rule,
        {cid: levels[cid].status for cid in ids},
        impact,
        unknown,
        cleared,
        began=_latest(firing, rule.component_from, ids),
        earliest=earliest,
        # A group's final clear dates each component up when its own alerts cleared too.
        ended=_ended(done, rule.component_from, cleared)
        if still
        else _ended(alert.members, rule.component_from, ids),
        levels={
            cid: levels[cid] if cid in levels else passed[cid]
            for cid in component_ids
            if cid in ids or cid in cleared
        },
        # Each component from its own first alert's start: one class's latest start would
        # date a component that fired first from when a later one began.
        started=_started(
            done if still else alert.members,
            rule.component_from,
            cleared if still else ids,
            first=True,
        ),
        undated=tuple(cid for cid in ids if cid not in earliest),
        own_start=tuple(
            cid
            for cid in ids
            if cid in earliest
            and all(
                (rule.component_from, cid) in m.latests
                for m in firing
                if cid in m.fields.get(rule.component_from, ())
            )
        ),
        changes={} if still else _changes(rule, alert.members, ids),
    )


def _changes(
    rule: Rule, members: Iterable[Member], ids: Collection[str]
) -> dict[str, tuple[tuple[datetime, Level | None], ...]]:
    """Each of `ids` whose cleared `members` held it down over more than one interval or
    at more than one level, with its status changes (Match.changes): each alert counts from
    its own start to its own clear (sources.Member.spans, else its class's)."""
    held: dict[str, list[tuple[datetime, datetime, Level]]] = {}
    for member in members:
        level = rule.level_of(member.severity)
        for cid, spans in _spans(rule, member).items():
            if cid in ids:
                held.setdefault(cid, []).extend((s, e, level) for s, e in spans if s < e)
    found: dict[str, tuple[tuple[datetime, Level | None], ...]] = {}
    for cid, intervals in held.items():
        steps: list[tuple[datetime, Level | None]] = []
        said: ComponentStatus | None = None
        for at in sorted({moment for s, e, _ in intervals for moment in (s, e)}):
            active = [level for s, e, level in intervals if s <= at < e]
            now = worst(active) if active else None
            status = now.status if now is not None else None
            if not steps or status != said:
                steps.append((at, now))
                said = status
        if len(steps) > 2:
            found[cid] = tuple(steps)
    return found


def _spans(rule: Rule, member: Member) -> dict[str, tuple[tuple[datetime, datetime], ...]]:
    """The components the cleared `member` names, each with its alerts' own (start, clear)
    (sources.Member.spans), else their class's first start and last clear: by
    `component_from`, or the rule's `components`, which each of its alerts holds down."""
    if rule.component_from is None:
        # Every alert gives each of its fields' values: all of theirs, where all say both.
        pairs = [(key, value) for key, values in member.fields.items() for value in values]
        own = sorted({span for pair in pairs for span in member.spans.get(pair, ())})
        start = min(member.firsts.values(), default=member.began)
        kept = pairs and all(pair in member.spans for pair in pairs)
        spans = tuple(own) if kept else _span(start, member.at)
        return dict.fromkeys(rule.components, spans)
    key = rule.component_from
    return {
        cid: member.spans.get((key, cid))
        or _span(
            member.firsts.get((key, cid), member.began), member.lasts.get((key, cid), member.at)
        )
        for cid in member.fields.get(key, ())
    }


def _span(start: datetime | None, end: datetime | None) -> tuple[tuple[datetime, datetime], ...]:
    """(start, end) alone, or nothing when either is not known."""
    return ((start, end),) if start is not None and end is not None else ()


def _levels(rule: Rule, members: Iterable[Member]) -> dict[str, Level]:
    """Each value the `members` give `rule.component_from`, with the worst level of the
    members giving it."""
    levels: dict[str, Level] = {}
    for member in members:
        level = rule.level_of(member.severity)
        for value in member.fields.get(rule.component_from or "", ()):
            levels[value] = worst((levels[value], level)) if value in levels else level
    return levels


def _latest(members: Iterable[Member], key: str, ids: Collection[str]) -> dict[str, datetime]:
    """The latest time of the `members` naming each of `ids` by `key`, where one says it:
    of their own alerts (sources.Member.latests), else of their class."""
    found: dict[str, datetime] = {}
    for member in members:
        for cid in member.fields.get(key, ()):
            undated = (key, cid) in member.undated
            at = member.latests.get((key, cid), None if undated else member.at)
            if cid in ids and at is not None:
                found[cid] = max(found.get(cid, at), at)
    return found


def _ended(members: Iterable[Member], key: str, ids: Collection[str]) -> dict[str, datetime]:
    """When the last of the cleared `members` naming each of `ids` by `key` cleared, where
    one says it: its own alerts' last clear (sources.Member.lasts), else its class's."""
    found: dict[str, datetime] = {}
    for member in members:
        for cid in member.fields.get(key, ()):
            ended = member.lasts.get((key, cid), member.at)
            if cid in ids and ended is not None:
                found[cid] = max(found.get(cid, ended), ended)
    return found


def _started(
    members: Iterable[Member], key: str, ids: Collection[str], *, first: bool = False
) -> dict[str, datetime]:
    """When the `members` naming each of `ids` by `key` began, where one says it: the
    earliest of their classes' starts (with `first`, of their own first alerts' starts,
    sources.Member.firsts), as the component was down from the first of them."""
    found: dict[str, datetime] = {}
    for member in members:
        for cid in member.fields.get(key, ()):
            # Alerts whose start is no time are not dated by another alert's start.
            undated = (key, cid) in member.undated
            began = None if undated else member.began
            began = member.firsts.get((key, cid), began) if first else began
            if cid in ids and began is not None:
                found[cid] = min(found.get(cid, began), began)
    return found


def not_components(rule: Rule, values: tuple[str, ...], retired: Collection[str] = ()) -> str:
    """How messages say that `rule`'s component_from gave `values`, none a current
    component: those of `retired` are said to be retired, the others no component id."""
    said = []
    unknown = tuple(v for v in values if v not in retired)
    if unknown:
        verb = "is not a component id" if len(unknown) == 1 else "are not component ids"
        said.append(f"{rule.component_from}={', '.join(repr(v) for v in unknown)} {verb}")
    gone = tuple(v for v in values if v in retired)
    if gone:
        verb = "is a retired component" if len(gone) == 1 else "are retired components"
        said.append(f"{rule.component_from}={', '.join(repr(v) for v in gone)} {verb}")
    return " and ".join(said)


def render(template: str, fields: Mapping[str, FieldValue], *, markdown: bool) -> str:
    """`template` with each {field} replaced by the alert's value, as inert text.

    One pass: a value holding "{x}" stays as written. With `markdown`, values are escaped
    so that alert text can never become a link, an image, HTML or a heading.
    """

    def line_start(at: int) -> bool:
        # Only holes (perhaps empty) and blanks before it on its line: block Markdown there.
        before = template[:at].rpartition("\n")[2]
        return not _HOLE.sub("", before).strip()

    spans = _code_spans(template) if markdown else []

    def value(match: re.Match[str]) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        key = match.group(1)
        if key is None:
            return match.group(0)
        text = ", ".join(fields.get(key, ()))
        text = " ".join(text.split())  # one line: no block Markdown from alert text
        if len(text) > MAX_VALUE:
            # Between the characters a reader sees: a cut 👩‍💻 left a joiner before the "…",
            # a cut flag a lone regional indicator.
            text = text[: grapheme_floor(text, MAX_VALUE - 1)] + "…"
        if not markdown:
            return text
        if any(start <= match.start() < end for start, end, _ in spans):
            return text  # a code span shows it as written; its fence is widened below
        lead = _address_lead(template, match.start(), match.end(), text)
        if lead is not None:
            return _as_address(lead, text)
        return escape_markdown(text, line_start=line_start(match.start()))

    def holes_filled(start: int, end: int) -> str:
        pieces, at = [], start
        for hole in _HOLE.finditer(template, start, end):
            pieces += [template[at : hole.start()], value(hole)]
            at = hole.end()
        return "".join(pieces) + template[at:end]

    pieces, at = [], 0
    for start, end, ticks in spans:
        pieces.append(holes_filled(at, start - ticks))
        pieces.append(_fenced(holes_filled(start, end), ticks))
        at = end + ticks
    return "".join(pieces) + holes_filled(at, len(template))


# What would have a code span read otherwise than the template's backticks say, or a value
# in it read as markup: a tag (an HTML block is not Markdown), a table's `|` (a value's
# `|` would end the cell, and the span with it), a backslash before backticks.
_NOT_PLAIN_SPANS = re.compile(r"<[A-Za-z/!?]|\||\\`")
# An autolink the template writes, which is no tag: `<https://…>`, `<ops@example.com>`,
# or one a hole begins (`<{url}>`: an address, or text, as _address_lead decides). Its
# `<` opens no tag; one holding a backtick stays in the test, as code may cut it.
_AUTOLINK = re.compile(r"<(?:\{|[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@`]+@)[^\s<>`]*>")
_TICK_RUN = re.compile(r"`+")


def _code_spans(template: str) -> list[tuple[int, int, int]]:
    """Where the template's code spans hold a field: (start, end) of their text between the
    fences, and how many backticks each fence has. Only where each line's backticks pair
    up, and nothing could have Markdown read them otherwise (_NOT_PLAIN_SPANS); else none,
    and every value is escaped as text."""
    from statusgen.load.fences import code_span_end

    # Holes as letters: a field's name is no backtick, and its value not yet known.
    blanked = _HOLE.sub(lambda hole: "x" * len(hole[0]), template)
    if _NOT_PLAIN_SPANS.search(_HOLE.sub("x", _AUTOLINK.sub("x", template))):
        return []
    spans, at = [], 0
    for line in blanked.split("\n"):
        place = 0
        while (run := _TICK_RUN.search(line, place)) is not None:
            close = code_span_end(line, run.end(), len(run[0]))
            if close == run.end():
                return []  # a backtick left open: read over lines, or as text
            start, end = at + run.end(), at + close - len(run[0])
            if any(hole[1] for hole in _HOLE.finditer(template, start, end)):
                spans.append((start, end, len(run[0])))
            place = close
        at += len(line) + 1
    return spans


def _fenced(code: str, ticks: int) -> str:
    """`code` as a code span of at least `ticks` backticks: a fence no run of backticks in
    it matches, so that a value's own backticks neither end it nor open another."""
    runs = {len(run[0]) for run in _TICK_RUN.finditer(code)}
    while ticks in runs:
        ticks += 1
    if not code.strip(" "):
        code = " "  # an empty span would be backticks read as text, pairing with others
    elif code.startswith("`") or code.endswith("`"):
        code = f" {code} "  # the space is not shown: it keeps the fence apart
    return f"{'`' * ticks}{code}{'`' * ticks}"


# Where the template itself writes a hole into an address: a link's `](…)` (its address
# perhaps in `<…>`), or an autolink's `<…>`; "lead" is what the template wrote of the
# address before the hole, and the address must go on to its end.
_LINK_BEFORE = re.compile(r"\]\(\s*(?P<pointy><)?(?P<lead>[^\s()<>]*)\Z")
_LINK_AFTER = re.compile(r"[^\s()<>]*[\s)]")
_POINTY_AFTER = _AUTOLINK_AFTER = re.compile(r"[^\s<>]*>")
_AUTOLINK_BEFORE = re.compile(r"<(?P<lead>[^\s<>]*)\Z")


def _address_lead(template: str, start: int, end: int, value: str) -> str | None:
    """Whether the hole at template[start:end] is in an address the template writes, and
    `value` may go there: the address (what the template wrote of it, then the value)
    starts with a scheme the sanitizer keeps (render/markdown.py), or a link's is
    relative. Then what the template wrote of it; else None: the value is text, as
    anywhere, and an alert adds no link of its own."""
    # Here, not at the top: validation reads rules, and a cached build loads no sanitizer.
    from statusgen.render.markdown import SCHEME
    from statusgen.weburls import ALLOWED_URL_SCHEMES

    found = _LINK_BEFORE.search(template, 0, start)
    relative = found is not None  # an autolink needs a scheme; a link's address does not
    if found is not None:
        after = _POINTY_AFTER if found["pointy"] else _LINK_AFTER
    else:
        found, after = _AUTOLINK_BEFORE.search(template, 0, start), _AUTOLINK_AFTER
    if found is None or "{" in found["lead"] or after.match(template, end) is None:
        return None  # an address begun by another hole is read as text: its scheme unknown
    lead = found["lead"]
    scheme = SCHEME.match(lead + value)
    if scheme is None:
        return lead if relative else None
    return lead if scheme[0][:-1].lower() in ALLOWED_URL_SCHEMES else None


# What would end an address or be read in it (a space, a bracket, a backslash escape, a
# code span's backtick, an entity), and how a URL writes it instead: percent-encoded, or
# for `&` an entity of its own, so that `&amp;` in an alert's address reads `&amp;`.
_ADDRESS_MARKUP = re.compile(r"[\s()<>\\`\"]|(?P<amp>&(?=#?\w+;))")


def _as_address(lead: str, text: str) -> str:
    """`text` as written in a Markdown link's or autolink's address after `lead`, what the
    template wrote of it: it reads as `text`, ends where the address the template wrote
    ends, and leads to the host a browser reads in `lead` and `text` (a backslash that
    ends it is a "/", as the browser reads it; `%5C` would make what follows an `@` the
    host)."""
    # Here, not at the top: validation reads rules, and a cached build loads no sanitizer.
    from statusgen.render.markdown import browser_slashes

    text = browser_slashes(lead + text)[len(lead) :]
    return _ADDRESS_MARKUP.sub(
        lambda found: "&amp;" if found["amp"] else f"%{ord(found[0]):02X}", text
    )


# What would become markup anywhere in a line, with how to keep it text. Python-Markdown's
# backslash escapes cover most; `<` and `&` have none, so they become entities, and only
# where they would start markup: `<` before a tag, an autolink or an address (`< 5%`,
# `<= 6` stay), `&` before an entity's name (`AT&T` stays).
_INLINE_MARKUP = re.compile(
    r"(?P<escape>[`*\[\]]"  # code, emphasis, links and images
    # A backslash that would escape what follows: any ASCII punctuation, as CommonMark
    # reads it (render/markdown.py's ESCAPED_CHARS), `"`, `'` and `&` too.
    r"|\\(?=[!-/:-@\[-`{-~]|$)"
    r"|(?<![^\W_])_|_(?![^\W_]))"  # emphasis: `_` between letters (node_exporter) is none
    r"|(?i:(?<=http)|(?<=https)):(?=//)|(?<=www)\."  # a bare address, which GitHub links
    r"|(?P<lt><(?=[A-Za-z/!?]|[^\s<>!]+@))"
    r"|(?P<amp>&(?=#?\w+(?:;|$)))"
    r"|(?P<tilde>~(?=~))"  # strikethrough; Markdown has no escape for `~`
)
# What would become markup at the start of a line: a heading (an update's `## … at …`
# too), a quote, a list item, a rule or a setext underline, a code fence.
_BLOCK_MARKUP = re.compile(r"[#>]|[-+](?=\s|$)|\d+(?P<dot>\.)(?=\s|$)|[-\s]+$")
# A character Markdown has no escape for, as an entity: a fence, a setext underline, and
# the first letter of a line the timeline would read as the update's component statuses.
_BLOCK_ENTITY = re.compile(r"~(?=~~)|=(?=[=\s]*$)|c(?=omponents?[ \t]*:.*=)", re.IGNORECASE)


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """`text` (one line) as Markdown that shows it as written, with no markup of its own;
    escaped only where it would become markup, so most text is stored as written.
    `line_start`: the text may begin a line, where block markup starts."""

    def inline(match: re.Match[str]) -> str:
        if match.group("lt"):
            return "&lt;"
        if match.group("amp"):
            return "&amp;"
        if match.group("tilde"):
            return "&#126;"
        return "\\" + match.group(0)

    escaped = _INLINE_MARKUP.sub(inline, text)
    if not line_start:
        return escaped
    block = _BLOCK_MARKUP.match(escaped)
    if block is not None:
        at = block.start("dot") if block.group("dot") else 0
        escaped = f"{escaped[:at]}\\{escaped[at:]}"
    entity = _BLOCK_ENTITY.match(escaped)
    if entity is not None:
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped
