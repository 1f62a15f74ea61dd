"""content/monitors.yaml validated into model.Monitor values.

Monitors live in their own file rather than inside components.yaml: components.yaml is the
public catalog (it mirrors Statuspage's components and every page shows it), while a monitor
is operational detail (internal URLs, timeouts, ports) that changes on its own schedule and
may be several per component. The file names the component each monitor belongs to.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Collection
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo

from statusgen.errors import Diagnostic
from statusgen.layout import MONITOR_DATA_DIR, MONITORS_FILE, SETTINGS_FILE
from statusgen.load.fields import Fields, as_written, between, did_you_mean, nearest_hint
from statusgen.load.text import decode
from statusgen.load.yamlnodes import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    glued_fix,
    parse_yaml,
    type_name,
)
from statusgen.model import Monitor, MonitorData, MonitorKind, Source
from statusgen.weburls import (
    PORTS,
    UNSEEN_HINT,
    has_bad_port,
    has_login,
    in_ascii,
    unseen_problem,
)

if TYPE_CHECKING:
    from statusgen.validate import ComponentNames

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A monitor's runs are kept in data/monitors/<id>.json: most file systems refuse a name
# past 255 bytes, and some paths add their own, so an id stays well below that.
MAX_ID_LENGTH = 100
_HOST = re.compile(r"(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?")

_COMMON = (
    "id",
    "name",
    "component",
    "type",
    "timeout",
    "retries",
    "interval",
    "advisory",
    "open_incident_after",
)
KEYS: dict[MonitorKind, tuple[str, ...]] = {
    MonitorKind.HTTP: (*_COMMON, "url", "expect_status", "body", "slow_ms"),
    MonitorKind.TLS: (*_COMMON, "host", "port", "warn_days"),
    MonitorKind.TCP: (*_COMMON, "host", "port", "slow_ms"),
    MonitorKind.DNS: (*_COMMON, "host", "expect", "slow_ms"),
    MonitorKind.HEARTBEAT: (
        "id",
        "name",
        "component",
        "type",
        "interval",
        "advisory",
        "open_incident_after",
    ),
}
_ALL_KEYS = tuple(dict.fromkeys(k for keys in KEYS.values() for k in keys))
_MAX_TIMEOUT = 120.0
_MAX_RETRIES = 5
_MAX_INTERVAL = 7 * 24 * 60  # minutes: a weekly job is the slowest heartbeat we expect


def parse_monitors(
    data: bytes, names: ComponentNames | None, path: str = MONITORS_FILE
) -> tuple[tuple[Monitor, ...], list[Diagnostic]]:
    """Validate monitors.yaml: every monitor that is right, and a diagnostic for each problem.

    `names` None means the components are unknown (their file is broken): the
    references are then not checked, so one mistake is not reported once per monitor.
    """
    text, problems = decode(path, data)
    if text is None:
        return (), problems
    root, diagnostics = parse_yaml(text, path)
    if root is None:
        return (), diagnostics
    if not isinstance(root, Sequence):
        diagnostics.append(
            Diagnostic(
                path,
                root.line,
                root.column,
                f"{path} must be a list of monitors, not {type_name(root)}",
                "start each monitor with '- id: api-health'",
            )
        )
        return (), diagnostics
    monitors: list[Monitor] = []
    seen: dict[str, int] = {}
    for entry in root.items:
        monitor = _monitor(path, entry, names, seen, diagnostics)
        if monitor is not None:
            monitors.append(monitor)
    return tuple(monitors), diagnostics


def _monitor(
    path: str,
    entry: Node,
    names: ComponentNames | None,
    seen: dict[str, int],
    diagnostics: list[Diagnostic],
) -> Monitor | None:
    if not isinstance(entry, Mapping):
        diagnostics.append(
            Diagnostic(
                path,
                entry.line,
                entry.column,
                f"a monitor must be a mapping, not {type_name(entry)}",
                glued_fix(entry) or "write it as '- id: api-health' with its keys indented below",
            )
        )
        return None
    fields = Fields(path, entry, diagnostics, "monitor")
    before = len(diagnostics)
    kind = _kind(fields)
    if kind is not None:
        others = {
            key: f"'{key}' does not apply to a {kind.value} monitor "
            f"(it is for {', '.join(k.value for k in MonitorKind if key in KEYS[k])})"
            for key in _ALL_KEYS
            if key not in KEYS[kind]
        }
        fields.check_keys(KEYS[kind], others)
    else:
        fields.check_keys(_ALL_KEYS)
    monitor_id = _identity(fields, seen)
    component = _component(fields, names)
    settings: dict[str, object] = {}
    name = fields.text("name")
    timeout = _number(fields, "timeout", 0.1, _MAX_TIMEOUT)
    if timeout is not None:
        settings["timeout"] = timeout
    for key, low, high in (
        ("retries", 0, _MAX_RETRIES),
        ("interval", 1, _MAX_INTERVAL),
        ("slow_ms", 1, int(_MAX_TIMEOUT * 1000)),
        ("warn_days", 0, 365),
        ("open_incident_after", 1, 100),
    ):
        value = _whole(fields, key, low, high)
        if value is not None:
            settings[key] = value
    advisory = fields.boolean("advisory")
    if advisory is not None:
        settings["advisory"] = advisory
    if advisory and "open_incident_after" in settings:
        # The incident it opened would set the component's status, which an advisory
        # monitor must never change: refused here rather than quietly never opened.
        fields.report(
            fields.mapping.entries["open_incident_after"].key,
            "an advisory monitor cannot open incidents: they would change the component's status",
            "remove 'open_incident_after', or 'advisory: true' for the monitor to count",
        )
    if kind is MonitorKind.HTTP:
        settings.update(_http(fields))
    elif kind in (MonitorKind.TLS, MonitorKind.TCP, MonitorKind.DNS):
        host = _host(fields)
        if host is not None:
            settings["host"] = host
        if kind is MonitorKind.DNS:
            expect = _addresses(fields)
            if expect is not None:
                settings["expect_addresses"] = expect
        else:
            port = _whole(fields, "port", *PORTS, required=kind is MonitorKind.TCP, example=443)
            settings["port"] = port if port is not None else 443
    if len(diagnostics) > before or kind is None or monitor_id is None or component is None:
        return None
    _unreachable_slow(fields, settings)
    return Monitor(
        id=monitor_id,
        component_id=component,
        kind=kind,
        name=name or monitor_id,
        source=Source(path, entry.line),
        **settings,  # type: ignore[arg-type]
    )


def _unreachable_slow(fields: Fields, settings: dict[str, object]) -> None:
    """A warning at `slow_ms` when it is not below the monitor's timeout: an answer that
    slow has timed out first and is down, so the monitor could never say degraded."""
    from statusgen.errors import Severity
    from statusgen.model import Monitor

    slow = settings.get("slow_ms")
    timeout = settings.get("timeout", Monitor.timeout)
    assert isinstance(timeout, float)
    if not isinstance(slow, int) or slow < timeout * 1000:
        return
    node = fields.mapping.entries["slow_ms"].value
    hint = f"lower 'slow_ms' below {timeout * 1000:g}"
    if slow / 1000 < _MAX_TIMEOUT:
        hint += f", or raise 'timeout' above {slow / 1000:g}"
    else:  # no timeout allowed is above it: offering one would be refused when followed
        hint += f" ('timeout' is at most {_MAX_TIMEOUT:g})"
    fields.diagnostics.append(
        Diagnostic(
            fields.path,
            node.line,
            node.column,
            f"'slow_ms: {slow}' is not below the monitor's timeout of {timeout:g} s "
            f"({timeout * 1000:g} ms): a run that slow times out and is down, so the "
            "monitor is never degraded",
            hint,
            Severity.WARNING,
        )
    )


def _kind(fields: Fields) -> MonitorKind | None:
    names = [k.value for k in MonitorKind]
    node = fields.scalar(
        "type", required=True, expected="a monitor type", example=f"use one of {', '.join(names)}"
    )
    if node is None:
        return None
    try:
        return MonitorKind(node.text)
    except ValueError:
        fields.report(
            node,
            f"unknown monitor type '{node.text}'",
            f"{did_you_mean(node.text, names)}use one of {', '.join(names)}",
        )
        return None


def _identity(fields: Fields, seen: dict[str, int]) -> str | None:
    node = fields.scalar("id", required=True)
    if node is None:
        return None
    if not _ID.fullmatch(node.text):
        fields.report(
            node,
            f"monitor id '{node.text}' is not a valid id",
            "use lowercase letters, digits and '-', e.g. 'api-health'",
        )
        return None
    if len(node.text) > MAX_ID_LENGTH:
        fields.report(
            node,
            f"monitor id '{node.text[:40]}…' is {len(node.text)} characters long, more than "
            f"the {MAX_ID_LENGTH} an id may have: its runs are kept in the file "
            f"{MONITOR_DATA_DIR}/<id>.json, and a file name has a length limit",
            f"shorten the id to at most {MAX_ID_LENGTH} characters; a longer 'name:' "
            "is what the pages show",
        )
        return None
    if node.text in seen:
        fields.report(
            node,
            f"duplicate monitor id '{node.text}'",
            f"'{node.text}' is already used on line {seen[node.text]}",
        )
        return None
    seen[node.text] = node.line
    return node.text


def _component(fields: Fields, names: ComponentNames | None) -> str | None:
    node = fields.scalar("component", required=True)
    if node is None or names is None:
        return None if node is None else node.text
    from statusgen.validate import MONITOR

    # A retired component is shown nowhere, so neither would what a monitor measures of
    # it: said as for an open incident, not as an unknown id (the author retired it).
    retired = names.retired_problem(
        node.text,
        MONITOR,
        f"remove this monitor and its file in {MONITOR_DATA_DIR}/ (a retired component"
        " shows no measurements), point it at a current component",
    )
    if retired is not None:
        fields.report(node, *retired)
        return None
    # Said as for an incident's components (a group's members to name instead included).
    problem = names.problem(node.text)
    if problem is not None:
        fields.report(node, *problem)
        return None
    return node.text


def _number(fields: Fields, key: str, low: float, high: float) -> float | None:
    node = fields.node(key)
    if node is None:
        return None
    # Before the type: `090` is text to YAML 1.1, whose author meant 90.
    if isinstance(node, Scalar) and fields.not_decimal(key, node, refused=between(key, low, high)):
        return None
    if (
        not isinstance(node, Scalar)
        or node.kind not in ("int", "float")
        or isinstance(node.value, bool)
    ):
        fields.wrong_type(key, node, "a number of seconds")
        return None
    assert isinstance(node.value, int | float)
    if not low <= node.value <= high:
        fields.report(
            node,
            f"'{key}' must be between {low:g} and {high:g}, not {as_written(node)}",
            nearest_hint(key, node.value, low, high),
        )
        return None
    return float(node.value)


def _whole(
    fields: Fields, key: str, low: int, high: int, *, required: bool = False, example: int = 30
) -> int | None:
    if required and fields.node(key) is None:
        fields.node(key, required=True)
        return None
    # The example a wrong value is given: allowed, or it would be refused in turn.
    value = fields.integer(
        key, example=min(max(example, low), high), refused=between(key, low, high)
    )
    if value is None:
        return None
    if not low <= value <= high:
        node = fields.mapping.get(key)
        assert isinstance(node, Scalar)  # integer read a number from it
        fields.report(
            node,
            f"'{key}' must be between {low} and {high}, not {as_written(node)}",
            nearest_hint(key, value, low, high),
        )
        return None
    return value


def _http(fields: Fields) -> dict[str, object]:
    settings: dict[str, object] = {}
    node = fields.scalar("url", required=True)
    if node is not None and _url_ok(fields, node):
        settings["url"] = node.text
    codes = fields.node("expect_status")
    if codes is not None:
        items = codes.items if isinstance(codes, Sequence) else (codes,)
        found: list[int] = []
        listed = codes if isinstance(codes, Sequence) else None
        for item in items:
            # `0200` is octal 128 to YAML 1.1: a probe would expect 128 and call 200 down.
            if isinstance(item, Scalar) and fields.not_decimal("expect_status", item, listed):
                continue
            value = item.value if isinstance(item, Scalar) else None
            if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
                found.append(value)
            else:
                fields.report(
                    item,
                    "expect_status must list HTTP status codes (100-599)",
                    "e.g. 'expect_status: [200, 204]'",
                )
        settings["expect_status"] = tuple(found)
    body = fields.text("body")
    if body:
        settings["body"] = body
    return settings


def _url_ok(fields: Fields, node: Scalar) -> bool:
    """Whether the url can be probed as written, after reporting why not. Neither a login
    nor a control character is said with the URL: what follows it may be a secret."""
    unseen = unseen_problem(node.text)
    if unseen is not None:
        # Python's HTTP client refuses it with a message that repeats the whole URL,
        # query token included, which would be recorded and published with each run.
        fields.report(node, f"url {unseen}", UNSEEN_HINT)
        return False
    try:
        parts: SplitResult | None = urlsplit(node.text)
    except ValueError:  # "http://[::1/": a bracket not closed
        parts = None
    if has_login(node.text):
        fields.report(
            node,
            "url holds a user name or password (before '@'): a probe never sends it, "
            f"and {fields.path} is no place for a secret",
            "remove it (and change the password if the file was shared): monitors cannot "
            "log in, so probe an address that answers without one, such as a health endpoint",
        )
        return False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        fields.report(
            node,
            f"url must be an absolute http(s) URL, not {node.text!r}",
            "e.g. https://api.example.com/health",
        )
        return False
    if has_bad_port(node.text):
        low, high = PORTS
        fields.report(
            node,
            f"the port in url is not a number from {low} to {high}",
            "e.g. https://api.example.com:8443/health, or leave the port out "
            "for the scheme's own (80 or 443)",
        )
        return False
    try:
        in_ascii(node.text)  # what the probe sends: a host outside ASCII in its IDNA form
    except UnicodeError:
        fields.report(
            node,
            f"the host in url is not a domain name: {parts.hostname!r}",
            "write the host as the domain is registered, e.g. störung.example.de or its "
            "ASCII form xn--strung-xxa.example.de",
        )
        return False
    return True


def _host(fields: Fields) -> str | None:
    node = fields.scalar("host", required=True)
    if node is None:
        return None
    text = node.text.strip()
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    if _HOST.fullmatch(text):
        return text
    fields.report(
        node,
        f"'{text}' is not a host name or IP address",
        "write the name alone, without scheme or path, e.g. 'api.example.com'",
    )
    return None


def _addresses(fields: Fields) -> tuple[str, ...] | None:
    node = fields.node("expect")
    if node is None:
        return None
    items = node.items if isinstance(node, Sequence) else (node,)
    found: list[str] = []
    for item in items:
        text = item.text if isinstance(item, Scalar) else ""
        try:
            found.append(str(ipaddress.ip_address(text.strip())))
        except ValueError:
            fields.report(
                item,
                "expect must list IP addresses the name resolves to",
                "e.g. 'expect: [192.0.2.10, 2001:db8::10]'",
            )
    return tuple(found)


def load_monitors(
    root: Path,
    names: ComponentNames | None,
    *,
    outputs: Collection[str] = (),
    tz: ZoneInfo | None = None,
) -> tuple[tuple[Monitor, ...], tuple[MonitorData, ...], list[Diagnostic]]:
    """The site's monitors and their recorded data; nothing when it declares none. None
    of them may be a link into the output folders `outputs` (load/files.refuse_outside).
    With `tz` (the site's), a day row counting fewer runs than those held is warned of."""
    from statusgen.errors import StatusgenError
    from statusgen.load.files import InputError, read_input
    from statusgen.probe import store

    try:
        data = read_input(root / MONITORS_FILE, site=root, outputs=outputs)
    except FileNotFoundError:
        return (), (), _undeclared_data(root, ())
    except InputError as error:  # a FIFO, a device, a runaway size: never read
        return (), (), [error.diagnostic(MONITORS_FILE)]
    monitors, diagnostics = parse_monitors(data, names)
    if not diagnostics:  # an entry with a mistake is left out, its data is not orphaned
        diagnostics += _undeclared_data(root, monitors)
    recorded: list[MonitorData] = []
    for monitor in monitors:
        try:
            recorded.append(store.load(root, monitor.id, outputs=outputs))
        except StatusgenError as error:
            diagnostics += error.diagnostics
    if tz is not None:
        for held in recorded:
            diagnostics += _days_short_of_runs(root, held, tz, outputs)
    diagnostics += repointed(data, monitors, recorded)
    diagnostics += sparse_runs(data, monitors, recorded)
    return monitors, tuple(recorded), diagnostics


def _days_short_of_runs(
    root: Path, recorded: MonitorData, tz: ZoneInfo, outputs: Collection[str]
) -> list[Diagnostic]:
    """store.days_short_of_runs for one monitor's file, read again only when its rows
    and runs disagree (rarely: a changed timezone, a hand edit)."""
    from statusgen.load.files import InputError, read_input
    from statusgen.probe import store

    relpath = f"{MONITOR_DATA_DIR}/{recorded.monitor_id}.json"
    if not store.days_short_of_runs(b"", relpath, recorded, tz):
        return []
    try:
        data = read_input(store.data_path(root, recorded.monitor_id), site=root, outputs=outputs)
    except (OSError, InputError):  # gone since: its next read says so
        return []
    return store.days_short_of_runs(data, relpath, recorded, tz)


# How many of a monitor's newest runs sparse_runs reads how often it runs by: enough that
# one late run or one outage retried in a hurry does not decide it.
_SPACING_RUNS = 6


def sparse_runs(
    data: bytes, monitors: Collection[Monitor], recorded: Collection[MonitorData]
) -> list[Diagnostic]:
    """A warning at the `interval:` line (in `data`, monitors.yaml's bytes; else at the
    monitor's entry, which then runs by the default interval) of each monitor whose newest
    runs held come, by their median spacing, more than three intervals apart: each run goes
    stale (unknown) before the next one comes, and the page counts a gap between any two of
    them, so `interval` most likely says less than how often the job runs (lowered, or
    copied from another monitor)."""
    # Imported here: `statistics` brings `decimal` and `fractions`, which a site without
    # monitors never uses.
    from statistics import median

    from statusgen.errors import Severity
    from statusgen.measured import STALE_AFTER_INTERVALS

    declared = {m.id: m for m in monitors}
    lines = _key_lines(data, "interval")
    entries = _entry_places(data)
    found = []
    for held in recorded:
        monitor = declared[held.monitor_id]
        runs = [c.at for c in held.checks[-_SPACING_RUNS:]]
        if len(runs) < _SPACING_RUNS:
            continue
        spacing = median(
            (later - earlier).total_seconds() / 60 for earlier, later in pairwise(runs)
        )
        if spacing <= monitor.interval * STALE_AFTER_INTERVALS:
            continue
        every = math.ceil(spacing)
        written = monitor.source.line in lines
        line, column = (lines if written else entries).get(
            monitor.source.line, (monitor.source.line, 0)
        )
        has = (
            f"has 'interval: {monitor.interval}'"
            if written
            else f"has no 'interval:' ({monitor.interval} minutes by default)"
        )
        found.append(
            Diagnostic(
                monitor.source.path,
                line,
                column,
                f"monitor '{monitor.id}' {has}, but its last "
                f"{_SPACING_RUNS} runs in {MONITOR_DATA_DIR}/{monitor.id}.json came about "
                f"{every} minutes apart: it goes stale (unknown) "
                f"{monitor.interval * STALE_AFTER_INTERVALS} minutes after each run, and "
                "the time between its runs counts as gaps",
                f"set 'interval' to how often the job runs (e.g. 'interval: {every}')",
                Severity.WARNING,
            )
        )
    return found


def repointed(
    data: bytes, monitors: Collection[Monitor], recorded: Collection[MonitorData]
) -> list[Diagnostic]:
    """A warning at the `component:` line of each monitor (in `data`, monitors.yaml's
    bytes) whose data file records runs measured for another component: they count for
    the monitor's component now, so an outage would move from one component's page to
    another's without a word. The runs are kept: only the author knows what they measured."""
    from statusgen.errors import Severity

    declared = {m.id: m for m in monitors}
    moved = [
        (declared[d.monitor_id], d.component_id)
        for d in recorded
        if d.component_id is not None and d.component_id != declared[d.monitor_id].component_id
    ]
    if not moved:
        return []
    lines = _component_lines(data)
    found = []
    for monitor, measured in moved:
        line, column = lines.get(monitor.source.line, (monitor.source.line, 0))
        relpath = f"{MONITOR_DATA_DIR}/{monitor.id}.json"
        now = monitor.component_id
        found.append(
            Diagnostic(
                monitor.source.path,
                line,
                column,
                f"monitor '{monitor.id}' now checks component '{now}', but its runs in "
                f"{relpath} were measured for '{measured}': they count for '{now}' now",
                f"to start a fresh record for '{now}', give the monitor a new id (or delete "
                f"{relpath}, its runs lost); if the runs did measure '{now}', write "
                f'"component": "{now}" in {relpath}',
                Severity.WARNING,
                also=(relpath,),
            )
        )
    return found


def _component_lines(data: bytes) -> dict[int, tuple[int, int]]:
    """Where each monitor of monitors.yaml (by the line its entry starts on, its
    Source) writes its `component:` value."""
    return _key_lines(data, "component")


def _key_lines(data: bytes, key: str) -> dict[int, tuple[int, int]]:
    """Where each monitor of monitors.yaml (by the line its entry starts on, its
    Source) writes its `key` value, for those that write it."""
    return {
        entry.line: (node.line, node.column)
        for entry in _entries(data)
        for node in [entry.get(key)]
        if node is not None
    }


def _entry_places(data: bytes) -> dict[int, tuple[int, int]]:
    """Where each monitor's entry of monitors.yaml starts (line, column), by its line."""
    return {entry.line: (entry.line, entry.column) for entry in _entries(data)}


def _entries(data: bytes) -> list[Mapping]:
    """The monitors' entries of monitors.yaml's bytes, as nodes with their places."""
    text, _ = decode(MONITORS_FILE, data)
    root = None if text is None else parse_yaml(text, MONITORS_FILE)[0]
    if not isinstance(root, Sequence):
        return []
    return [entry for entry in root.items if isinstance(entry, Mapping)]


def unshown_monitors(
    monitors: Collection[Monitor], shown: dict[str, frozenset[str]]
) -> list[Diagnostic]:
    """A warning for each monitor of a component no page shows (`shown`: the ids each page
    shows; none on a site without pages), at the monitor: its runs count on no page, and an
    incident it opens (`open_incident_after`) would be shown nowhere, yet probe would go on
    opening and following it up as if someone could read it."""
    from statusgen.errors import Severity

    if not shown:
        return []
    pages = ", ".join(shown)
    return [
        Diagnostic(
            MONITORS_FILE,
            monitor.source.line,
            0,
            f"monitor '{monitor.id}' checks component '{monitor.component_id}', which no page "
            "shows: "
            + (
                "an incident it opens would be shown nowhere"
                if monitor.open_incident_after is not None
                else "its runs count on no page"
            ),
            f"add '{monitor.component_id}' to a page's 'show:' in {SETTINGS_FILE} ({pages}), "
            "or remove the monitor",
            Severity.WARNING,
        )
        for monitor in monitors
        if not any(monitor.component_id in ids for ids in shown.values())
    ]


def _undeclared_data(root: Path, monitors: Collection[Monitor]) -> list[Diagnostic]:
    """A warning for each data file of a monitor not declared: a monitor renamed or removed
    leaves its runs behind, and its component silently loses what they measured."""
    from statusgen.probe import store

    files = store.data_files(root)
    kept = {Path(relpath).stem for relpath in files}
    return [
        undeclared_data(relpath, MONITOR_DATA_DIR, monitors, kept)
        for relpath in files
        if Path(relpath).stem not in {m.id for m in monitors}
    ]


def undeclared_data(
    path: str,
    folder: str,
    monitors: Collection[Monitor],
    kept: Collection[str],
    fate: str = "its runs count nowhere",
) -> Diagnostic:
    """The warning for the data file at `path` (in `folder`, whose files are of the monitors
    `kept`), whose monitor is not among `monitors`: what check and record --from say."""
    from statusgen.errors import Severity, close_matches

    monitor_id = Path(path).stem
    # A declared monitor without data of its own may be this one renamed: one spelled
    # alike, else the only such monitor (a rename to another word: hb2 -> beat-web).
    without = sorted({m.id for m in monitors} - set(kept))
    renamed = close_matches(monitor_id, without) or (without if len(without) == 1 else [])
    hint = (
        f"if the monitor is now '{renamed[0]}', rename the file to "
        f"{folder}/{renamed[0]}.json; if it was removed, delete the file"
        if renamed
        else "rename the file with the monitor, or delete it if the monitor was removed"
    )
    return Diagnostic(
        path,
        0,
        0,
        f"data for the monitor '{monitor_id}', which {MONITORS_FILE} does not declare: {fate}",
        hint,
        Severity.WARNING,
    )
