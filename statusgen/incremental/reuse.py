"""Which pages the output folder already holds, by page key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from statusgen.incremental.inputs import sha256

if TYPE_CHECKING:
    from statusgen.model import Event


@dataclass
class Reuse:
    """Which pages the output folder already holds: a page whose key matches is kept.

    Renderers call `keep(path, ...)` with the page's inputs; it records the key for the
    next build's manifest and says whether the previous bytes can stay.
    """

    salt: str = ""
    previous: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)  # relpath → SHA-256
    enabled: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    # Template → the names it and the templates it pulls in use: they depend only on the
    # theme's files, which `salt` covers, so the last build's answers stand while it does.
    template_names: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, path: str, *inputs: str) -> bool:
        """Record the key of `path` from its inputs; True when its previous bytes stand."""
        if not self.enabled:
            return False
        key = sha256(self.salt, path, *inputs)
        self.keys[path] = key
        return self.previous.get(path) == key

    def source_key(self, event: Event) -> str:
        """The SHA-256 of the event's file (its path without the cache)."""
        return self.sources.get(event.source.path, event.source.path)

    def event_key(self, event: Event, now: datetime) -> str:
        """The inputs of one incident or maintenance: its file, and the clock if it follows it."""
        if not self.enabled:
            return ""
        from statusgen.model import Incident

        source = self.sources.get(event.source.path, event.source.path)
        follows_clock = (
            event.is_open if isinstance(event, Incident) else event.explicit_state is None
        )
        return f"{source}@{now.isoformat()}" if follows_clock else source
