"""The validated, frozen content model. After validation nothing sees a raw dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

# The model's moments lie in the clock's years (re-exported for the stages that check them).
from statusgen.clock import EARLIEST_YEAR as EARLIEST_YEAR
from statusgen.clock import LATEST_YEAR as LATEST_YEAR

if TYPE_CHECKING:
    from collections.abc import Iterable

    from statusgen.notify.settings import NotifySettings


class Named(str, Enum):
    """An Enum a page prints as its value ("minor", not "Impact.MINOR"), as Statuspage's
    API names it: templates print the model's values with str()."""

    def __str__(self) -> str:
        return str(self.value)


class ComponentStatus(Named):
    """A component's status, exactly Statuspage's enum."""

    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"

    @property
    def label(self) -> str:
        """Words a visitor reads: "Partial outage"."""
        return self.value.replace("_", " ").capitalize()


class Impact(Named):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    # Only ever given to maintenance windows, as Statuspage does.
    MAINTENANCE = "maintenance"


class IncidentState(Named):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    POSTMORTEM = "postmortem"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MaintenanceState(Named):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


UpdateState = IncidentState | MaintenanceState

# The one home of each set of states and impacts (status.py says what they mean).
OPEN_INCIDENT_STATES = frozenset(
    {IncidentState.INVESTIGATING, IncidentState.IDENTIFIED, IncidentState.MONITORING}
)
RESOLVED_INCIDENT_STATES = frozenset({IncidentState.RESOLVED, IncidentState.POSTMORTEM})
# While an incident is in one of these, the page says "incident", whatever the components say.
UNCONFIRMED_FIX_STATES = frozenset({IncidentState.INVESTIGATING, IncidentState.IDENTIFIED})
ACTIVE_MAINTENANCE_STATES = frozenset({MaintenanceState.IN_PROGRESS, MaintenanceState.VERIFYING})
# Maintenance is an impact only Statuspage's API gives; an author never picks it.
INCIDENT_IMPACTS = tuple(i for i in Impact if i is not Impact.MAINTENANCE)


@dataclass(frozen=True)
class Source:
    """Where a thing was written: for diagnostics and for "edit this file" links."""

    path: str
    line: int = 0


@dataclass(frozen=True)
class Page:
    """One audience's page from `pages:` in statusgen.yaml (see audience.py).

    Unset values (None) take the site-wide setting of the same name."""

    name: str
    line: int  # of its entry in statusgen.yaml
    base_url: str
    output: str
    title: str | None = None
    description: str | None = None
    language: str | None = None
    # Ids of the groups and components it shows; empty: all of them.
    show: tuple[str, ...] = ()
    private: bool = False
    feeds: bool | None = None  # None: feeds unless private
    # A folder of the site whose files only this page publishes, after static/'s (its
    # CNAME, say); None: static/'s alone.
    static: str | None = None

    @property
    def has_feeds(self) -> bool:
        """Whether the page publishes feeds: `feeds:` when written, else unless private."""
        return self.feeds if self.feeds is not None else not self.private


@dataclass(frozen=True)
class Settings:
    """statusgen.yaml after validation (see config.py for defaults and checks)."""

    title: str
    base_url: str  # absolute, always ending in "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"  # how times are shown
    # The zone times written without an offset are read in; None: `timezone` (sites made
    # before the two were separate keep reading their files as they always did).
    input_timezone: str | None = None
    # The day the site's record begins (see status.record_start); None: not recorded.
    start_date: date | None = None
    theme: str = "default"
    output: str = "public"
    history_days: int = 90
    support_url: str | None = None
    logo: str | None = None
    favicon: str | None = None
    pages: tuple[Page, ...] = ()
    # Set on the settings of one page being built (audience.page_site).
    page: str = ""  # its name; "" for a site without `pages:`
    private: bool = False  # noindex everywhere, and no feeds unless `feeds`
    feeds: bool = True  # RSS, Atom, per-component feeds and maintenance.ics
    notify: NotifySettings | None = None  # the `notify:` section; None when absent

    @property
    def tz(self) -> ZoneInfo:
        """The display zone: pages, feeds and the API show times in it."""
        return ZoneInfo(self.timezone)

    @property
    def input_zone(self) -> str:
        """The name of the zone offset-less times in content files are read in."""
        return self.input_timezone or self.timezone

    @property
    def input_tz(self) -> ZoneInfo:
        """The zone offset-less times are read in, and the authoring commands write in."""
        return ZoneInfo(self.input_zone)

    @property
    def zones(self) -> tuple[str, ...]:
        """Every zone the site's times are shown or read in, each once."""
        return tuple(dict.fromkeys((self.timezone, self.input_zone)))


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str | None
    status: ComponentStatus  # the manually set baseline, not the effective status
    group_id: str | None
    position: int  # 1-based, within its group or at top level
    source: Source
    showcase: bool = True
    only_show_if_degraded: bool = False
    start_date: date | None = None
    # `retired: true`: kept only so past incidents naming it still read; shown nowhere else.
    retired: bool = False
    # No `id:` written: the id is made from the name, so renaming the component moves it
    # (and the component's page, badge and feed) unless an `id:` keeps the old one.
    id_from_name: bool = False


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str | None
    position: int  # 1-based among top-level entries
    component_ids: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class AffectedComponent:
    """A component touched by an incident or maintenance, and its status while so."""

    id: str
    status: ComponentStatus


@dataclass(frozen=True)
class Update:
    """One timeline entry: a level-2 heading (state and time) and its Markdown message."""

    at: datetime  # timezone-aware
    state: UpdateState
    message: str  # Markdown source, untrusted
    line: int  # line of the heading in the source file
    # Component statuses this update sets (its `Components:` line); each holds from `at`
    # until a later update of the same incident changes it or the incident ends.
    components: tuple[AffectedComponent, ...] = ()
    # On a page: its `Components:` line named only components the page does not show
    # (audience._narrowed). The line is still there, so a window's work still began with
    # it, setting nothing the page shows; read as no line, it would hold every front-matter
    # component under maintenance from the window's start (status._held_first).
    hidden_line: bool = False


@dataclass(frozen=True)
class AlertRef:
    """The alert an incident was opened for (`alert:` in its front matter): one alert, one
    incident. `source` names the alerting tool, `id` its own identity for the alert."""

    source: str
    id: str
    # When the tool last said the alert cleared (`cleared_at:`, written by ingest). A
    # firing that began no later is a late or repeated delivery, not the alert again.
    cleared_at: datetime | None = None
    # When the latest firing the tool reported began (`fired_at:`, written by ingest; files
    # written before it was kept have none). A clear from before then is of an earlier
    # firing, delivered late: it does not end this one.
    fired_at: datetime | None = None
    # When each component whose alerts had all cleared while others of its group fired
    # began firing again (`components_fired_at:`, written by ingest): a clear of that
    # component from before then is of its earlier firing, delivered late.
    components_fired_at: tuple[tuple[str, datetime], ...] = ()
    # When the alerts naming each component last all cleared while others of its group
    # still fired (`components_cleared_at:`, written by ingest): a firing of that component
    # which began no later is of the one that cleared, delivered late.
    components_cleared_at: tuple[tuple[str, datetime], ...] = ()
    # The name of the ingest rule that opened (or last reopened) the incident (`rule:`,
    # written by ingest; files written before it was kept have none): a clear that no rule
    # matches by itself (a `generic` clear with only id and status) is decided by it.
    rule: str | None = None
    # Where `alert:` is written, as (line, column), for check's diagnostics; not part of
    # the alert's identity.
    at: tuple[int, int] = field(default=(0, 0), compare=False)

    def component_fired_at(self, component: str) -> datetime | None:
        """When the tool says `component`'s latest firing began (_latest)."""
        return _latest(self.components_fired_at, component, self.fired_at)

    def component_cleared_at(self, component: str) -> datetime | None:
        """When the tool last said `component`'s alerts cleared (_latest)."""
        return _latest(self.components_cleared_at, component, self.cleared_at)


def _latest(
    times: tuple[tuple[str, datetime], ...], component: str, alert: datetime | None
) -> datetime | None:
    """`component`'s own time among `times`, when recorded and later than the alert's
    `alert`; else the alert's (None when neither is known)."""
    found = [at for cid, at in times if cid == component]
    if alert is not None:
        found.append(alert)
    return max(found, default=None)


@dataclass(frozen=True)
class Incident:
    slug: str
    title: str
    state: IncidentState
    impact: Impact
    components: tuple[AffectedComponent, ...]
    started_at: datetime
    resolved_at: datetime | None
    monitoring_at: datetime | None
    summary: str  # Markdown before the first update heading
    updates: tuple[Update, ...]  # oldest first
    source: Source
    # The pages it appears on (`audiences:`); empty: every page showing a component it affects.
    audiences: tuple[str, ...] = ()
    # Where each is named, as (line, column), for check's diagnostics.
    audiences_at: tuple[tuple[int, int], ...] = ()
    # A draft is checked but never published (validate.check_site keeps it out of Site's
    # incidents), until someone removes `draft: true`.
    draft: bool = False
    alert: AlertRef | None = None
    # The source item an import wrote it from (`import_id`), and where that is written as
    # (line, column): one file per item, which the next import rewrites.
    import_id: str | None = None
    import_id_at: tuple[int, int] = (0, 0)
    # False: no `impact:` was written, so `impact` follows the component statuses
    # (status.derived_impact), also where a page or a moment shows fewer of them.
    impact_written: bool = True

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_INCIDENT_STATES

    @property
    def updated_at(self) -> datetime:
        return self.updates[-1].at if self.updates else self.started_at

    def down_before_monitoring(self) -> tuple[str, ...]:
        """The components this incident has down that no update since it became monitoring
        names: down by the word of whatever opened it (an alert, a monitor). A machine sets
        no status while an incident is monitoring, so a status given since is a person's
        (`update -c`), which a machine's recovery keeps (docs/ingest.md, docs/monitors.md)."""
        since = 0
        for index, update in enumerate(self.updates):
            if update.state in UNCONFIRMED_FIX_STATES:
                since = index + 1
        given = {c.id for update in self.updates[since:] for c in update.components}
        return tuple(
            c.id
            for c in self.components
            if c.status is not ComponentStatus.OPERATIONAL and c.id not in given
        )


@dataclass(frozen=True)
class Maintenance:
    slug: str
    title: str
    scheduled_for: datetime
    scheduled_until: datetime
    # None: the state follows the clock (status.py). Set: the author's word wins.
    explicit_state: MaintenanceState | None
    components: tuple[AffectedComponent, ...]
    summary: str
    updates: tuple[Update, ...]  # oldest first
    source: Source
    audiences: tuple[str, ...] = ()  # as for Incident
    audiences_at: tuple[tuple[int, int], ...] = ()
    draft: bool = False
    status_line: int = 0  # where `status` is written, for check's diagnostics; 0: it is not
    status_column: int = 0  # the column of its value there; 0 where it is not written
    import_id: str | None = None  # as for Incident
    import_id_at: tuple[int, int] = (0, 0)
    # (id, line, column) where it names a component no page shows, on a site with pages:
    # check warns by its clock while the window is not over (audience.unshown_windows).
    unshown_at: tuple[tuple[str, int, int], ...] = ()

    @property
    def updated_at(self) -> datetime:
        return self.updates[-1].at if self.updates else self.scheduled_for


Event = Incident | Maintenance

# Where an event read back from the parse cache holds its updates, pickled, until something
# reads them (incremental/store.py packs them so).
PACKED_UPDATES = "_packed_updates"


class _PackedUpdates:
    """`updates` of an event whose instance holds them packed (PACKED_UPDATES), unpacked on
    first read and kept. An edit build at 10,000 incidents reads the updates of a few dozen
    events; loading every event's updates as objects is a third of loading the cache.

    A non-data descriptor set on the class after the dataclass is made: the instance's own
    `updates`, once there, is found first and costs nothing more, and the dataclass sees
    a field like any other."""

    def __get__(self, event: object, owner: type | None = None) -> object:
        if event is None:
            return self
        kept = event.__dict__
        packed = kept.get(PACKED_UPDATES)
        if packed is None:
            raise AttributeError("updates")
        # The cache is read through the restricted unpickler; so are the updates it packed.
        from statusgen.incremental.safepickle import loads

        updates = kept["updates"] = loads(packed)
        kept.pop(PACKED_UPDATES, None)
        return updates


Incident.updates = _PackedUpdates()  # type: ignore[assignment]
Maintenance.updates = _PackedUpdates()  # type: ignore[assignment]


def event_start(event: Event) -> datetime:
    """When the event begins: an incident's start, a maintenance window's scheduled start.
    The history lists events by it, newest first."""
    return event.started_at if isinstance(event, Incident) else event.scheduled_for


def event_impact(event: Event) -> Impact:
    """The impact the history files the event under: an incident's own, maintenance for a
    window (its filter link's page)."""
    return event.impact if isinstance(event, Incident) else Impact.MAINTENANCE


# The history's order, newest first once reversed: by event_start, then slug (a total
# order: slugs are file names). As keys made in C: every build sorts 10,000 events by it.
INCIDENT_ORDER = attrgetter("started_at", "slug")
MAINTENANCE_ORDER = attrgetter("scheduled_for", "slug")
# An event's slug, as a function made in C (the build maps thousands of events by it).
EVENT_SLUG = attrgetter("slug")


@dataclass(frozen=True)
class Site:
    """Everything a build needs, validated."""

    root: str  # folder holding statusgen.yaml
    settings: Settings
    groups: tuple[Group, ...]
    components: tuple[Component, ...]  # display order: group by group, then position
    incidents: tuple[Incident, ...]  # newest started first
    maintenances: tuple[Maintenance, ...]  # newest scheduled_for first
    top_level: tuple[str, ...] = field(
        default=()
    )  # ids of groups and ungrouped components, in order
    # Validated drafts: never rendered, and nothing computed from the site counts them.
    drafts: tuple[Incident | Maintenance, ...] = ()
    # Declared in content/monitors.yaml, and what probes and heartbeats recorded (probe/).
    monitors: tuple[Monitor, ...] = ()
    monitor_data: tuple[MonitorData, ...] = ()
    # Components with `retired: true`: named by past incidents, in no list of components.
    retired: tuple[Component, ...] = ()

    def component(self, component_id: str) -> Component:
        """The component with this id, retired ones too (past incidents name them); raises
        KeyError for an unknown id."""
        found = self._components_by_id.get(component_id)
        if found is not None:
            return found
        for component in self.retired:
            if component.id == component_id:
                return component
        raise KeyError(component_id)

    @cached_property
    def page_order(self) -> tuple[str, ...]:
        """Ids of the groups and ungrouped components in the order every page lists them:
        `top_level`, or for a site made without one (or a page showing only retired
        components), its groups with members then its ungrouped components."""
        return self.top_level or (
            *(g.id for g in self.groups if g.component_ids),
            *(c.id for c in self.components if c.group_id is None),
        )

    def ordered_components(self) -> tuple[Component, ...]:
        """Every component in page order, a group's members in the group's order; those
        the order does not mention last, in model order."""
        groups = {g.id: g for g in self.groups}
        seen: dict[str, Component] = {}
        for entry in self.page_order:
            for cid in groups[entry].component_ids if entry in groups else (entry,):
                if cid in self._components_by_id and cid not in seen:
                    seen[cid] = self._components_by_id[cid]
        rest = (c for c in self.components if c.id not in seen)
        return (*seen.values(), *rest)

    def in_page_order(self, component_ids: Iterable[str]) -> tuple[str, ...]:
        """These component ids in page order (ordered_components), each once: how every
        list of an event's components names them, not as its file happens to. Ids no page
        lists (retired components) go last, as given."""
        places = self._page_places
        given = tuple(dict.fromkeys(component_ids))
        return tuple(sorted(given, key=lambda cid: places.get(cid, len(places))))

    @cached_property
    def _page_places(self) -> dict[str, int]:
        return {c.id: place for place, c in enumerate(self.ordered_components())}

    @cached_property
    def _components_by_id(self) -> dict[str, Component]:
        # Feeds and the API look components up once per affected component of every event.
        return {c.id: c for c in self.components}


# --- monitors (content/monitors.yaml and the data probes record) -----------------------


class MonitorKind(Named):
    HTTP = "http"
    TLS = "tls"
    TCP = "tcp"
    DNS = "dns"
    HEARTBEAT = "heartbeat"


@dataclass(frozen=True)
class Monitor:
    """One check of one component, as declared (probe/config.py validates it)."""

    id: str
    component_id: str
    kind: MonitorKind
    name: str
    source: Source
    url: str | None = None  # http
    host: str | None = None  # tls, tcp, dns
    port: int | None = None  # tls, tcp
    expect_status: tuple[int, ...] = ()  # http; empty: any 2xx or 3xx
    body: str | None = None  # http: text the response body must contain
    expect_addresses: tuple[str, ...] = ()  # dns; empty: any answer
    timeout: float = 10.0  # seconds for the whole check, retries included
    retries: int = 1  # extra attempts after a quick failure, within the timeout
    slow_ms: int | None = None  # http, tcp, dns: slower than this is degraded
    warn_days: int = 14  # tls: expiring sooner than this is degraded
    interval: int = 10  # minutes between runs; three missed runs make the data stale
    advisory: bool = False  # shown, but never changes the component's status
    # Open an incident after this many consecutive major_outage runs (None: never).
    open_incident_after: int | None = None


class CheckResult(Named):
    UP = "up"
    DEGRADED = "degraded"  # answered, but slow (or a certificate close to expiry)
    DOWN = "down"


# The longest latency a run may have: a week, the longest interval a heartbeat may have.
# A larger number is a mistake (a data file edited by hand, `--latency` in microseconds).
MAX_LATENCY_MS = 7 * 24 * 3600 * 1000


@dataclass(frozen=True)
class Check:
    """One recorded run of a monitor (a probe or a heartbeat)."""

    at: datetime  # UTC
    result: CheckResult
    latency_ms: int | None = None
    message: str = ""
    # Made while a maintenance window affected its component: kept and shown, but
    # counted neither up nor down (planned work is not downtime).
    muted: bool = False
    # The windows (slugs) that muted it when each names its pages (`audiences:`): a page
    # that shows none of them never showed the component under maintenance, and counts
    # the run. Empty: muted on every page (a window for all, or a run stored before).
    muted_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayAggregate:
    """One day of a monitor's checks, kept for the history window."""

    day: date
    checks: int  # the runs that count: muted ones are in `muted` alone
    failures: int  # down
    degraded: int
    p50_ms: int | None  # of every run of the day that answered, muted ones included
    p95_ms: int | None
    muted: int = 0
    # Of the `muted` runs, those muted only by windows some pages show (Check.muted_by).
    muted_by: tuple[MutedRuns, ...] = ()


@dataclass(frozen=True)
class MutedRuns:
    """A day's runs muted by these windows alone: a page showing none of them counts them."""

    windows: tuple[str, ...]
    runs: int
    failures: int
    degraded: int


@dataclass(frozen=True)
class MonitorData:
    """What has been recorded for one monitor: recent checks and daily aggregates."""

    monitor_id: str
    checks: tuple[Check, ...] = ()  # oldest first, the recent runs only
    days: tuple[DayAggregate, ...] = ()  # oldest first
    # Runs up to this moment were dropped from `checks` (after being counted in `days`).
    pruned_before: datetime | None = None
    # The component the runs were measured for, as the file records it: a monitor pointed
    # at another component since is warned of (its runs would count there). None: a file
    # from before statusgen recorded it.
    component_id: str | None = None
