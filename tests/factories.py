"""Small builders of model objects, for tests that need a Site without files on disk."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

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
)

NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)


def settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "title": "Example Status",
        "base_url": "https://status.example.com/",
        "timezone": "Europe/Berlin",
        "history_days": 90,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def component(cid: str, group: str | None = None, position: int = 1, **kw: object) -> Component:
    values: dict[str, object] = {
        "id": cid,
        "name": cid.replace("-", " ").title(),
        "description": None,
        "status": ComponentStatus.OPERATIONAL,
        "group_id": group,
        "position": position,
        "source": Source("content/components.yaml", 1),
    }
    values.update(kw)
    return Component(**values)  # type: ignore[arg-type]


def incident(
    slug: str,
    started: datetime,
    state: IncidentState = IncidentState.RESOLVED,
    components: dict[str, ComponentStatus] | None = None,
    *,
    duration: timedelta = timedelta(hours=1),
    impact: Impact = Impact.MINOR,
    title: str | None = None,
    message: str = "We are looking into it.",
) -> Incident:
    """An incident that opened at `started` and, unless open, resolved `duration` later."""
    open_ = state in (
        IncidentState.INVESTIGATING,
        IncidentState.IDENTIFIED,
        IncidentState.MONITORING,
    )
    updates = [Update(started, IncidentState.INVESTIGATING, message, 6)]
    if not open_:
        updates.append(Update(started + duration, IncidentState.RESOLVED, "Fixed.", 9))
        if state is IncidentState.POSTMORTEM:
            updates.append(Update(started + duration * 2, state, "What happened.", 12))
    elif state is not IncidentState.INVESTIGATING:
        updates.append(Update(started + duration / 2, state, "An update.", 9))
    affected = tuple(
        AffectedComponent(cid, status)
        for cid, status in (components or {"api": ComponentStatus.PARTIAL_OUTAGE}).items()
    )
    return Incident(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        state=state,
        impact=impact,
        components=affected,
        started_at=started,
        resolved_at=None if open_ else started + duration,
        monitoring_at=None,
        summary="",
        updates=tuple(updates),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def maintenance(
    slug: str,
    start: datetime,
    end: datetime,
    components: tuple[str, ...] = ("api",),
    state: MaintenanceState | None = None,
    title: str | None = None,
) -> Maintenance:
    return Maintenance(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        scheduled_for=start,
        scheduled_until=end,
        explicit_state=state,
        components=tuple(
            AffectedComponent(c, ComponentStatus.UNDER_MAINTENANCE) for c in components
        ),
        summary="",
        # Announced two days ahead of the window, and by NOW at the latest: a window not
        # announced yet is not shown (status.as_of).
        updates=(
            Update(
                min(start - timedelta(days=2), NOW - timedelta(hours=1)),
                MaintenanceState.SCHEDULED,
                "Planned work.",
                6,
            ),
        ),
        source=Source(f"content/incidents/{slug}.md", 1),
    )


def started_early(window: Maintenance, at: datetime) -> Maintenance:
    """`window` with an `In progress` update at `at`, before its start: work begun early."""
    early = Update(at, MaintenanceState.IN_PROGRESS, "Starting early.", 9)
    return dataclasses.replace(window, updates=(*window.updates, early))


# 2026-01-01 06:00 UTC: NEW_YEAR_WINDOW is under way past its planned end then.
AFTER_NEW_YEAR = datetime(2026, 1, 1, 6, 0, tzinfo=timezone.utc)


def new_year_window() -> Maintenance:
    """A window planned for New Year's night (02:00-04:00 UTC), begun the evening before
    (Dec 31, 22:00) and written in progress: at AFTER_NEW_YEAR it runs past its end."""
    return started_early(
        maintenance(
            "upgrade",
            datetime(2026, 1, 1, 2, 0, tzinfo=timezone.utc),
            datetime(2026, 1, 1, 4, 0, tzinfo=timezone.utc),
            state=MaintenanceState.IN_PROGRESS,
            title="Upgrade",
        ),
        datetime(2025, 12, 31, 22, 0, tzinfo=timezone.utc),
    )


def site(
    components: list[Component] | None = None,
    incidents: list[Incident] | None = None,
    maintenances: list[Maintenance] | None = None,
    groups: list[Group] | None = None,
    **setting_overrides: object,
) -> Site:
    """A site; by default one group `core` holding `api` and `web`."""
    if components is None:
        components = [component("api", "core", 1), component("web", "core", 2)]
    if groups is None:
        grouped = tuple(c.id for c in components if c.group_id == "core")
        groups = (
            [Group("core", "Core", None, 1, grouped, Source("content/components.yaml", 1))]
            if grouped
            else []
        )
    top_level = tuple(g.id for g in groups) + tuple(c.id for c in components if c.group_id is None)
    return Site(
        root=".",
        settings=settings(**setting_overrides),
        groups=tuple(groups),
        components=tuple(components),
        incidents=tuple(
            sorted(incidents or [], key=lambda i: (i.started_at, i.slug), reverse=True)
        ),
        maintenances=tuple(
            sorted(maintenances or [], key=lambda m: (m.scheduled_for, m.slug), reverse=True)
        ),
        top_level=top_level,
    )


def regions_site(
    incidents: list[Incident] | None = None,
    maintenances: list[Maintenance] | None = None,
    europe: str = "Europe",
    api: str = "API",
    **setting_overrides: object,
) -> Site:
    """A site whose names stand alone only with their group's before them: Europe holds
    `eu-api` "API" and `eu-web`, US holds `us-api` "API" and `us-europe` "Europe" (the
    group's and the APIs' names as given)."""
    where = Source("content/components.yaml", 1)
    components = [
        component("eu-api", "europe", 1, name=api),
        component("eu-web", "europe", 2, name="Website"),
        component("us-api", "us", 1, name=api),
        component("us-europe", "us", 2, name="Europe"),
    ]
    groups = [
        Group("europe", europe, None, 1, ("eu-api", "eu-web"), where),
        Group("us", "US", None, 2, ("us-api", "us-europe"), where),
    ]
    return site(components, incidents, maintenances, groups, **setting_overrides)


def site_in_state(overall: str, **setting_overrides: object) -> Site:
    """A small site whose overall status (status.json's `status`) at NOW is `overall`."""
    hour = timedelta(hours=1)
    if overall == "unknown":
        return site(components=[], groups=[], **setting_overrides)
    if overall == "incident":
        opened = incident("outage", NOW - hour, IncidentState.INVESTIGATING)
        return site(incidents=[opened], **setting_overrides)
    if overall == "under_maintenance":
        window = maintenance("upgrade", NOW - hour, NOW + hour)
        return site(maintenances=[window], **setting_overrides)
    if overall == "partial_outage":
        # In monitoring, an incident no longer says "incident": its components speak.
        watched = incident(
            "slow",
            NOW - hour,
            IncidentState.MONITORING,
            {"api": ComponentStatus.PARTIAL_OUTAGE},
        )
        return site(incidents=[watched], **setting_overrides)
    baseline = ComponentStatus(overall)
    components = [component("api", "core", 1, status=baseline), component("web", "core", 2)]
    return site(components=components, **setting_overrides)
