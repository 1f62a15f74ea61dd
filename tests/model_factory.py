"""Model objects built directly, for tests that must not depend on the loader."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from statusgen.model import (
    AffectedComponent,
    Component,
    ComponentStatus,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    Settings,
    Site,
    Source,
    Update,
    UpdateState,
)
from statusgen.status import impact_for_status, worst_status

OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
MAINT = ComponentStatus.UNDER_MAINTENANCE


def at(text: str, tz: str = "UTC") -> datetime:
    """An aware datetime from ISO text; a time without offset is read in `tz`."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment


def component(
    cid: str,
    status: ComponentStatus = OP,
    *,
    group_id: str | None = None,
    position: int = 1,
    start_date: date | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Component:
    return Component(
        id=cid,
        name=name or cid.replace("-", " ").title(),
        description=description,
        status=status,
        group_id=group_id,
        position=position,
        source=Source("content/components.yaml", position),
        start_date=start_date,
    )


def group(gid: str, component_ids: Sequence[str], *, name: str | None = None) -> Group:
    return Group(
        id=gid,
        name=name or gid.replace("-", " ").title(),
        description=None,
        position=1,
        component_ids=tuple(component_ids),
        source=Source("content/components.yaml", 1),
    )


def update(moment: datetime, state: UpdateState, message: str = "") -> Update:
    return Update(at=moment, state=state, message=message or state.value, line=1)


def incident(
    slug: str,
    state: IncidentState,
    affected: Mapping[str, ComponentStatus],
    *,
    started: datetime,
    resolved: datetime | None = None,
    impact: Impact | None = None,
    updates: Iterable[Update] = (),
    title: str | None = None,
) -> Incident:
    components = tuple(AffectedComponent(cid, status) for cid, status in affected.items())
    return Incident(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        state=state,
        impact=impact or impact_for_status(worst_status(affected.values())),
        components=components,
        started_at=started,
        resolved_at=resolved,
        monitoring_at=None,
        summary="",
        updates=tuple(updates),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def maintenance(
    slug: str,
    start: datetime,
    end: datetime,
    affected: Iterable[str] = ("api",),
    *,
    state: MaintenanceState | None = None,
    title: str | None = None,
) -> Maintenance:
    return Maintenance(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        scheduled_for=start,
        scheduled_until=end,
        explicit_state=state,
        components=tuple(AffectedComponent(cid, MAINT) for cid in affected),
        summary="",
        updates=(),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def site(
    components: Iterable[Component] = (),
    incidents: Iterable[Incident] = (),
    maintenances: Iterable[Maintenance] = (),
    *,
    groups: Iterable[Group] = (),
    timezone: str = "UTC",
    history_days: int = 90,
    title: str = "Example status",
) -> Site:
    """A Site in the model's documented order: newest incidents and maintenance first."""
    components = tuple(components)
    groups = tuple(groups)
    grouped = {cid for g in groups for cid in g.component_ids}
    top_level = tuple(g.id for g in groups) + tuple(c.id for c in components if c.id not in grouped)
    return Site(
        root=".",
        settings=Settings(
            title=title,
            base_url="https://status.example.com/",
            timezone=timezone,
            history_days=history_days,
        ),
        groups=groups,
        components=components,
        incidents=tuple(sorted(incidents, key=lambda i: i.started_at, reverse=True)),
        maintenances=tuple(sorted(maintenances, key=lambda m: m.scheduled_for, reverse=True)),
        top_level=top_level,
    )
