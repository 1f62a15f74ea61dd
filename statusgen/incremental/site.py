"""The validated site for commands that only read it (`check`, `status`, `incidents`,
`update`, `resolve`): read through the build's cache, so an unchanged file is neither
read nor parsed again (its stat and its parse result are what the last build recorded).

What `check` and `status` had to parse (a fresh clone, a new statusgen) they keep in the
cache for the commands after them: the deploy workflow's `check` then `build`, at 10,000
incidents, parsed every file twice. Only the parse results, which are filed by each
file's bytes; the record of what a build wrote stays the build's alone. The commands
that write the site (`new`, `update`, ...) keep nothing: one refused writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from statusgen.incremental.inputs import InputRecord
from statusgen.incremental.store import Cache, linked_cache_folders

if TYPE_CHECKING:
    from statusgen.errors import Diagnostic
    from statusgen.incremental.history import KeptHistory
    from statusgen.model import Site


def check_site(
    root: Path,
    *,
    base_url: str | None = None,
    outputs: bool = False,
    with_errors: bool = False,
    keep: bool = False,
) -> tuple[Site | None, list[Diagnostic]]:
    """validate.check_site, with the incident files read through the cache; with `keep`,
    the parse results of the files it had to parse are kept there."""
    checked = _checked(
        Cache(root), root, base_url=base_url, outputs=outputs, with_errors=with_errors, keep=keep
    )
    return checked[:2]


def _checked(
    cache: Cache,
    root: Path,
    *,
    base_url: str | None,
    outputs: bool,
    with_errors: bool = False,
    keep: bool = False,
) -> tuple[Site | None, list[Diagnostic], dict[str, str]]:
    """check_site's answer, and the SHA-256 of each incident file it read, by path."""
    from statusgen.validate import check_site as check
    from statusgen.validate import parse_event

    if linked_cache_folders(root):
        # Nothing read or kept through the link: validate.check_site reports it.
        cache.enabled = False
    # The parse results are read and their seal checked while the files are looked at.
    cache.read_ahead(parsed_only=True)
    record = InputRecord(cache.recorded_sources())
    record.incident_hashes(root)
    parser = cache.parser(parse_event, record.hashes)
    site, diagnostics = check(
        root,
        base_url=base_url,
        parse=parser,
        contents=record.contents,
        known=parser.known,
        listed=record.incident_folder,
        outputs=outputs,
        with_errors=with_errors,
        # Through to the bottom, as a build replacing the folder whole looks: `check` is
        # not every build, which would pay the walk on every save.
        whole_outputs=outputs,
    )
    if keep:
        # Whether or not the site has errors: a file's result holds its mistakes too, and
        # the fix of one file leaves the others' results standing. Saved as a build saves
        # them (only when many were parsed; a folder that cannot be written is no matter).
        parser.save()
    return site, diagnostics, parser.hashes


def load_site(root: Path, *, base_url: str | None = None) -> Site:
    """validate.load_site through the cache; raises StatusgenError with every problem."""
    return _loaded(Cache(root), root, base_url)[0]


def load_site_with_history(root: Path, *, base_url: str | None = None) -> tuple[Site, KeptHistory]:
    """load_site, and the uptime history's days before today as the last build worked
    them out (status.compute takes them where the events they came from are unchanged):
    at 10,000 incidents working them all out again is a tenth of `status`."""
    from statusgen.incremental.history import KeptHistory

    cache = Cache(root)
    site, hashes = _loaded(cache, root, base_url, keep=True)
    return site, KeptHistory(cache.history(), hashes)


def _loaded(
    cache: Cache, root: Path, base_url: str | None, *, keep: bool = False
) -> tuple[Site, dict[str, str]]:
    """The site and each incident file's SHA-256 (`_checked`); raises StatusgenError
    with every problem when the site cannot be loaded."""
    from statusgen.errors import StatusgenError

    site, diagnostics, hashes = _checked(cache, root, base_url=base_url, outputs=False, keep=keep)
    if site is None:
        raise StatusgenError(diagnostics)
    return site, hashes
