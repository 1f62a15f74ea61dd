"""The days of the uptime history before today, kept for the next build: they change only
when an event that reaches into them changes, or at midnight, and at 10,000 incidents
working them out is most of the status (35-55 ms of every rebuild). A rebuild on the
same day works out today's bar, and the days the events changed since touch, alone.

Kept with what they are worked out from (status._before_today_inputs): the day, the
settings and components and the first day of the record (as one SHA-256), and the
identity of each event that reaches into them (its file's SHA-256, by slug). A build
where those differ works them all out again; one where only a few events differ, the
days those touch (status._days_updated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from statusgen.incremental.inputs import sha256

if TYPE_CHECKING:
    from statusgen.model import Event
    from statusgen.status import BeforeToday


class KeptHistory:
    """status.KeptDays from the cache: the days the last build worked out; `to_save` is
    what the next build should find (None: what it finds)."""

    def __init__(self, saved: Any, sources: Mapping[str, str]) -> None:
        # (key, identities by slug, days) as the cache gave them, or None.
        self._saved = saved
        self._sources = sources  # SHA-256 of each input file, by path in the site
        self.to_save: tuple[str, dict[str, str], BeforeToday] | None = None

    def identity(self, event: Event) -> str | None:
        return self._sources.get(event.source.path)

    def get(self, base: list[str]) -> tuple[dict[str, str], BeforeToday] | None:
        saved = self._saved
        if not (isinstance(saved, tuple) and len(saved) == 3 and saved[0] == sha256(*base)):
            return None
        identities, days = saved[1], saved[2]
        if not (isinstance(identities, dict) and isinstance(days, dict)):
            return None
        return identities, days

    def put(self, base: list[str], identities: dict[str, str], days: BeforeToday) -> None:
        self.to_save = (sha256(*base), identities, days)
