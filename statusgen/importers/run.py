"""The import commands' work, one function per source: read, plan, apply."""

from __future__ import annotations

from pathlib import Path

from statusgen.errors import Diagnostic, StatusgenError
from statusgen.importers import cstate, statuspage, upptime
from statusgen.importers.apply import Result, apply_plan
from statusgen.importers.fetch import FetchError, fetch_page
from statusgen.importers.plan import Plan
from statusgen.importers.sources import Problems, SourceError, SourceErrors


def import_statuspage(
    root: Path, source: str, *, force: bool = False, timeout: float = 20.0
) -> tuple[Plan, Result]:
    """Import a Statuspage page from its base URL or a folder of saved api/v2 answers."""
    problems = Problems()
    try:
        if source.startswith(("http://", "https://")):
            answers = fetch_page(source, timeout=timeout)
        else:
            folder = Path(source)
            if folder.is_file():
                # One answer alone misses the others; the folder holds them all.
                raise SourceError(
                    source,
                    "a file, not a folder: SOURCE is the folder holding the saved api/v2 "
                    "answers (summary.json, incidents.json, ...)",
                    f"give the folder this file is in: {folder.parent}",
                )
            if not folder.is_dir():
                raise SourceError(
                    source,
                    "no such folder",
                    "give the page's address (https://...) or a folder of saved api/v2 answers",
                )
            answers = statuspage.read_folder(folder, problems)
        plan = statuspage.plan_from(answers, source, problems)
    except FetchError as error:
        raise StatusgenError([Diagnostic(source, 0, 0, error.message, error.hint)]) from None
    except SourceError as error:
        raise StatusgenError([error.diagnostic()]) from None
    except SourceErrors as errors:
        raise StatusgenError(errors.diagnostics()) from None
    return plan, apply_plan(root, plan, force=force)


def import_cstate(root: Path, folder: Path, *, force: bool = False) -> tuple[Plan, Result]:
    """Import a cState (Hugo) site from its folder."""
    try:
        plan = cstate.plan_from(folder)
    except SourceError as error:
        raise StatusgenError([error.diagnostic()]) from None
    except SourceErrors as errors:
        raise StatusgenError(errors.diagnostics()) from None
    return plan, apply_plan(root, plan, force=force)


def import_upptime(
    root: Path, folder: Path, *, issues: Path | None = None, force: bool = False
) -> tuple[Plan, Result]:
    """Import an Upptime repository from its folder, and its incidents from exported issues."""
    try:
        plan = upptime.plan_from(folder, issues)
    except SourceError as error:
        raise StatusgenError([error.diagnostic()]) from None
    except SourceErrors as errors:
        raise StatusgenError(errors.diagnostics()) from None
    return plan, apply_plan(root, plan, force=force)
