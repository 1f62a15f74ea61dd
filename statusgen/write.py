"""Atomic output: the new site is assembled beside the output folder and swapped in whole,
or, when only some files changed, those are staged beside it and moved in under a journal.

A build that fails, or is killed, part way leaves the previous site exactly as it was.
Files whose bytes did not change are hard-linked from the previous site rather than
rewritten, so their timestamps (and a CDN's sync) see no change.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from statusgen import urls
from statusgen.errors import Diagnostic, StatusgenError, fail
from statusgen.layout import CONTENT_DIR, THEMES_DIR

STAGING_PREFIX = ".statusgen-new-"
RETIRED_PREFIX = ".statusgen-old-"
# Every build writes this file; its presence says the folder is a site statusgen built.
SITE_MARKER = urls.STATUS_JSON
# Inside a staging folder of an update: the new files, and the list that commits them.
_STAGED = "files"
_JOURNAL = "journal.json"


@dataclass(frozen=True)
class WriteResult:
    files: int  # files in the site
    bytes: int  # their total size
    written: int  # files whose bytes changed (or are new)
    removed: int  # files of the previous site that are gone


def check_output_folder(root: Path, output: Path) -> None:
    """Refuse an output folder that would swallow or replace the site's own sources."""
    root, output = root.resolve(), output.resolve()
    display = os.path.relpath(output, root) if output.is_relative_to(root) else str(output)
    if output == root or root.is_relative_to(output):
        raise fail(
            "statusgen.yaml",
            f"the output folder {display!r} holds the site itself",
            "set `output:` to a folder of its own, such as `public`",
        )
    for source in (CONTENT_DIR, THEMES_DIR, ".git"):
        if output.is_relative_to(root / source):
            raise fail(
                "statusgen.yaml",
                f"the output folder {display!r} is inside {source}/",
                "set `output:` to a folder of its own, such as `public`",
            )
    if output.exists() and not output.is_dir():
        raise fail("statusgen.yaml", f"the output path {display!r} exists and is not a folder")
    # The build replaces the output folder whole. A folder holding anything else (a typo in
    # -o, a folder of documents) would be deleted with it: only a previous site is replaced.
    if output.is_dir() and not (output / SITE_MARKER).is_file() and any(output.iterdir()):
        raise fail(
            "statusgen.yaml",
            f"the output folder {display!r} is not empty and holds no statusgen site",
            "the build replaces the whole folder: pick an empty or new folder, "
            "or remove this one yourself if it can go",
        )


def check_paths(paths: Iterable[str]) -> None:
    """Every output path stays inside the output folder, and no file is also a folder."""
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for path in paths:
        if (
            not path
            or path.startswith("/")
            or "\\" in path
            or any(part in ("", ".", "..") for part in path.split("/"))
        ):
            problems.append(
                Diagnostic("<build>", 0, 0, f"refusing to write outside the output: {path!r}")
            )
        seen.add(path)
    folders: set[str] = set()
    for path in seen:
        # Plain string slicing: PurePosixPath costs seconds over a large site's paths.
        parent = path.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    for folder in sorted(folders & seen):
        problems.append(
            Diagnostic("<build>", 0, 0, f"{folder} is written both as a file and a folder")
        )
    if problems:
        raise StatusgenError(sorted(problems))


def write_site(
    output: Path, files: Mapping[str, bytes | None], previous: Mapping[str, int] | None = None
) -> WriteResult:
    """Make the output folder hold exactly `files`, atomically.

    A None value keeps the file the output folder holds at that path. With `previous`
    (the paths the output folder holds and their sizes, known to be exactly as the last
    build left them)
    only changed files are replaced; otherwise the whole folder is swapped.
    """
    check_paths(files)
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output.parent)
    if previous is not None and output.is_dir():
        return _update(output, files, previous)
    staging = _staging(output)
    written = 0
    try:
        for path in sorted(files):
            data = files[path]
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                os.link(output / path, target)
            elif not _reuse(output / path, target, data):
                target.write_bytes(data)
                written += 1
        previous_count = _count_files(output) if output.is_dir() else 0
        kept = len(files) - written
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(
        files=len(files),
        bytes=_total_bytes(output, files),
        written=written,
        removed=max(previous_count - kept, 0),
    )


def _staging(output: Path) -> Path:
    return output.parent / f"{STAGING_PREFIX}{output.name}-{os.getpid()}"


def _update(
    output: Path, files: Mapping[str, bytes | None], previous: Mapping[str, int]
) -> WriteResult:
    """Replace only the files whose bytes changed, and remove those that are gone.

    The new files are first written into a staging folder beside the output; a build
    killed then leaves the output untouched. Then a journal is renamed into place (the
    commit point) and the files are moved in, each by one rename. A build killed during
    that short step leaves a journal the next build reads to finish moving them in,
    before it does anything else.
    """
    staging = _staging(output)
    put: list[str] = []
    try:
        staging.mkdir()
        for path in sorted(files):
            data = files[path]
            if data is None or (previous.get(path) == len(data) and _same(output / path, data)):
                continue
            target = staging / _STAGED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            put.append(path)
        journal: dict[str, Any] = {
            "output": output.name,
            "put": put,
            "remove": sorted(set(previous) - set(files)),
        }
        temporary = staging / f"{_JOURNAL}.tmp"
        temporary.write_text(json.dumps(journal), encoding="utf-8")
        temporary.rename(staging / _JOURNAL)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _apply(staging, output, journal)
    return WriteResult(
        files=len(files),
        bytes=sum(previous[p] if d is None else len(d) for p, d in files.items()),
        written=len(put),
        removed=len(journal["remove"]),
    )


def _apply(staging: Path, output: Path, journal: Mapping[str, Any]) -> None:
    """Carry out a committed journal; safe to run again after being interrupted."""
    for path in journal["remove"]:
        (output / path).unlink(missing_ok=True)
        for parent in PurePosixPath(path).parents:
            if str(parent) == ".":
                break
            try:
                (output / parent).rmdir()  # only once empty: a folder of other pages stays
            except OSError:
                break
    for path in journal["put"]:
        staged = staging / _STAGED / path
        if not staged.exists():
            continue  # moved in before the interruption
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, output / path)
    shutil.rmtree(staging, ignore_errors=True)


def _same(old: Path, data: bytes) -> bool:
    try:
        return old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _total_bytes(output: Path, files: Mapping[str, bytes | None]) -> int:
    return sum(
        len(data) if data is not None else (output / path).stat().st_size
        for path, data in files.items()
    )


def _reuse(old: Path, target: Path, data: bytes) -> bool:
    """Hard-link the previous file when its bytes are the same; False when it must be written."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = output.parent / f"{RETIRED_PREFIX}{output.name}-{os.getpid()}"
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _remove_leftovers(folder: Path) -> None:
    # A build killed while staging leaves its staging folder behind; the site itself is
    # intact. One killed while moving committed files in left a journal: finish the move.
    for entry in folder.iterdir():
        if not (entry.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)) and entry.is_dir()):
            continue
        journal = _read_journal(entry / _JOURNAL)
        if journal is not None and (folder / journal["output"]).is_dir():
            _apply(entry, folder / journal["output"], journal)
        shutil.rmtree(entry, ignore_errors=True)


def _read_journal(path: Path) -> dict[str, Any] | None:
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = (
        isinstance(journal, dict)
        and isinstance(journal.get("output"), str)
        and "/" not in journal["output"]
        and all(
            isinstance(journal.get(k), list) and all(isinstance(p, str) for p in journal[k])
            for k in ("put", "remove")
        )
    )
    if not valid:
        return None
    try:
        check_paths([*journal["put"], *journal["remove"]])
    except StatusgenError:
        return None
    checked: dict[str, Any] = journal
    return checked


def _count_files(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder))
