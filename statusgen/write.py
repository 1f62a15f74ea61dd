"""Atomic output: the new site is assembled beside the output folder and swapped in whole.

A build that fails, or is killed, part way leaves the previous site exactly as it was.
Files whose bytes did not change are hard-linked from the previous site rather than
rewritten, so their timestamps (and a CDN's sync) see no change.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from statusgen.errors import Diagnostic, StatusgenError, fail

STAGING_PREFIX = ".statusgen-new-"
RETIRED_PREFIX = ".statusgen-old-"
# Every build writes this file; its presence says the folder is a site statusgen built.
SITE_MARKER = "status.json"


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
    for source in ("content", "themes", ".git"):
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
        pure = PurePosixPath(path)
        if (
            not path
            or pure.is_absolute()
            or "\\" in path
            or any(part in ("", ".", "..") for part in path.split("/"))
        ):
            problems.append(
                Diagnostic("<build>", 0, 0, f"refusing to write outside the output: {path!r}")
            )
        seen.add(path)
    for path in seen:
        for parent in PurePosixPath(path).parents:
            if str(parent) in seen:
                problems.append(
                    Diagnostic("<build>", 0, 0, f"{parent} is written both as a file and a folder")
                )
    if problems:
        raise StatusgenError(sorted(problems))


def write_site(output: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Replace the output folder with exactly `files`, atomically."""
    check_paths(files)
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output.parent)
    staging = output.parent / f"{STAGING_PREFIX}{output.name}-{os.getpid()}"
    written = 0
    try:
        for path in sorted(files):
            data = files[path]
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _reuse(output / path, target, data):
                target.write_bytes(data)
                written += 1
        previous = _count_files(output) if output.is_dir() else 0
        kept = len(files) - written
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(
        files=len(files),
        bytes=sum(len(data) for data in files.values()),
        written=written,
        removed=max(previous - kept, 0),
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
    # A build killed part way leaves its staging folder behind; the site itself is intact.
    for entry in folder.iterdir():
        if entry.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _count_files(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder))
