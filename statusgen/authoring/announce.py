"""Maintenance windows written without an announcement: `check --fix` writes one.

Nothing in such a file says when it was posted, so the build dates it when the site's
record began (status.announced_at). The fix writes the announcement `statusgen new
maintenance` would have written, `## Scheduled at <time>` above the window's text, with
the current time, or the window's start once it has begun; every other byte of the file
stays as the author left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from statusgen.authoring.timeparse import format_local
from statusgen.load.files import read_input
from statusgen.load.frontmatter import Missing, locate
from statusgen.model import Site
from statusgen.status import announcement_keeps_state, written_span


@dataclass(frozen=True)
class Announced:
    """One maintenance file with its announcement written in."""

    relpath: str
    previous: bytes
    data: bytes


def plan(root: Path, site: Site, now: datetime) -> list[Announced]:
    """Every window without an update, with the announcement written in: at `now`, or at
    the window's start if that came first (an announcement after it would say the window
    was still to come). Not a window whose written `status:` the announcement would move
    (status.announcement_keeps_state): check's warning says what to write there."""
    planned = []
    for maintenance in site.maintenances:
        if written_span(maintenance)[1] is not None or not announcement_keeps_state(maintenance):
            continue
        relpath = maintenance.source.path
        previous = read_input(root / relpath)
        at = format_local(min(now, maintenance.scheduled_for), site.settings.input_tz)
        data = announced(previous, at)
        if data is not None:
            planned.append(Announced(relpath, previous, data))
    return planned


def announced(data: bytes, at: str) -> bytes | None:
    """The file's bytes with `## Scheduled at <at>` where the body begins, in the file's
    own line breaks; None for a file without front matter (check reports it)."""
    text = data.decode("utf-8")
    try:
        span = locate(text)
    except Missing:
        return None
    head, body = text[: span.body_start], text[span.body_start :]
    if not head.endswith(("\n", "\r")):
        head += span.newline
    heading = f"## Scheduled at {at}{span.newline}"
    if body.strip() and not body.startswith(("\n", "\r")):
        heading += span.newline  # a blank line before the text, as `new maintenance` writes
    return (head + heading + body).encode("utf-8")
