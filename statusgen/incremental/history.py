"""The days of the uptime history before today, kept for the next build: they change only
when an event that reaches into them changes, or at midnight, and at 10,000 incidents
working them out is most of the status (35-55 ms of every rebuild). A rebuild on the
same day, whether after an edit, a new incident or the clock alone, works out today's
bar and the window's uptime from them.

Kept under the text of everything they are worked out from (status._before_today_inputs):
the day, the settings and components, the first day of the record, and the file of each
event that reaches into them, by its SHA-256. A build whose inputs give other text works
them out again, and keeps those.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from statusgen.incremental.inputs import sha256

if TYPE_CHECKING:
    from statusgen.model import Event
    from statusgen.status import BeforeToday


class KeptHistory:
    """status.KeptDays from the cache: the days the last build worked out, if from the
    same inputs; `to_save` is what the next build should find (None: what it finds)."""

    def __init__(self, saved: Any, sources: Mapping[str, str]) -> None:
        self._saved = saved  # (key, days) as the cache gave them, or None
        self._sources = sources  # SHA-256 of each input file, by path in the site
        self.to_save: tuple[str, BeforeToday] | None = None

    def identity(self, event: Event) -> str | None:
        # The slug too: two files with the same bytes are two events.
        source = self._sources.get(event.source.path)
        return None if source is None else f"{event.slug} {source}"

    def __call__(self, inputs: list[str] | None, work: Callable[[], BeforeToday]) -> BeforeToday:
        key = None if inputs is None else sha256(*inputs)
        saved = self._saved
        if key is not None and isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
            days = saved[1]
            if isinstance(days, dict):
                return days
        days = work()
        if key is not None:
            self.to_save = (key, days)
        return days
