"""The validated site for commands that only read it (`check`, `status`, `incidents`,
`update`, `resolve`): read through the build's cache, so an unchanged file is neither
read nor parsed again (its stat and its parse result are what the last build recorded)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from statusgen.incremental.inputs import InputRecord
from statusgen.incremental.store import Cache

if TYPE_CHECKING:
    from statusgen.errors import Diagnostic
    from statusgen.model import Site


def check_site(
    root: Path, *, base_url: str | None = None, outputs: bool = False
) -> tuple[Site | None, list[Diagnostic]]:
    """validate.check_site, with the incident files read through the cache.

    The cache is only read, never written: the next build records what it finds."""
    from statusgen.validate import check_site as check
    from statusgen.validate import parse_event

    cache = Cache(root)
    # The parse results are read and their seal checked while the files are looked at.
    cache.read_ahead(parsed_only=True)
    record = InputRecord(cache.recorded_sources())
    record.incident_hashes(root)
    parser = cache.parser(parse_event, record.hashes)
    return check(
        root,
        base_url=base_url,
        parse=parser,
        contents=record.contents,
        known=parser.known,
        listed=record.incident_folder,
        outputs=outputs,
    )


def load_site(root: Path, *, base_url: str | None = None) -> Site:
    """validate.load_site through the cache; raises StatusgenError with every problem."""
    from statusgen.errors import StatusgenError

    site, diagnostics = check_site(root, base_url=base_url)
    if site is None:
        raise StatusgenError(diagnostics)
    return site
