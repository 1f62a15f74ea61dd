"""The manifest of the last build: what it read, what it wrote, and the checks that let
a build with nothing to do stop early."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statusgen.incremental.inputs import ABSENT, RACY_NS, Recorded, Stat

if TYPE_CHECKING:  # imported where used: a build with nothing to do and no warnings loads none
    from statusgen.errors import Diagnostic

# A warning as a manifest keeps it: path, line, column, message, hint, severity.
RecordedWarning = tuple[str, int, int, str, str, str, tuple[str, ...]]


@dataclass
class Manifest:
    """What the last build wrote, and from what."""

    output: str  # the output folder, resolved
    base_url: str
    inputs: str  # digest of every input and option of the build
    keys: dict[str, str]  # page path → key of the bytes it holds
    files: dict[str, tuple[int, int, int]]  # path → (size, mtime_ns, ctime_ns)
    folders: dict[str, int]  # path ("" for the output folder itself) → mtime_ns
    total_bytes: int
    # What a no-op build checks instead of reading the inputs (see the module docstring):
    options: str = ""  # the clock, options and installed versions (`quick_options`)
    sources: dict[str, Recorded] = field(default_factory=dict)  # input file, relative to the site
    source_folders: dict[str, int] = field(default_factory=dict)  # input folder → mtime_ns
    taken: int = 0  # time.time_ns() just before the sources were recorded
    salt: str = ""  # of the page keys (Reuse.salt)
    # Output path → the facts it read while rendering, by name (Reuse.reads).
    reads: dict[str, list[str]] = field(default_factory=dict)
    # Page path → its shape and the slugs of the events it shows (Reuse.shapes).
    shapes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    now: str = ""  # the build's clock, ISO 8601
    began: str = ""  # when the site's record began, ISO 8601 (Reuse.began)
    # The pages of single events, as (shape, paths, slugs) of each EventPages (Reuse.pages):
    # 10,000 pages at 10,000 incidents, recorded in two tuples instead of 10,000 shapes.
    event_pages: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = ()
    # What `check` would warn about the site, as the build said it: a build that finds
    # the site in place says it again (`warned`), or a scheduled rebuild's log hides it.
    warnings: tuple[RecordedWarning, ...] = ()
    # The umask the site was written under: under another one a new site's files and
    # folders get other permissions, so the folder no longer stands as this build's.
    umask: int = -1
    # The permissions the build's new files and folders got (write.WriteResult.modes):
    # what the umask leaves, or a default ACL of the output folder gives instead. The
    # site's files and folders must still have them (-1: those of the umask).
    file_mode: int = -1
    folder_mode: int = -1
    # The group the build's new files got (write.WriteResult.group; -1: none written), and
    # what the output folder gives them (write.inherited): a chgrp or setfacl of the folder
    # since means a new site's files would have another group or ACL than the site's.
    group: int = -1
    inherited: tuple[int, int, bytes] | tuple[()] = ()

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.output, self.base_url, self.inputs, self.keys, self.files, self.folders,
            self.total_bytes, self.options, self.sources, self.source_folders, self.taken,
            self.salt, self.reads, self.shapes, self.now, self.began, self.event_pages,
            self.warnings,
            self.umask, self.file_mode, self.folder_mode, self.group, self.inherited,
        )  # fmt: skip

    def parts(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The recorded sources (`_HEAD`), then every other field in order: saved so, for
        a command reading only the inputs (`check`, `update`) to decode only the first."""
        head = tuple(getattr(self, name) for name in _HEAD)
        return head, tuple(getattr(self, name) for name in _rest_names())

    @classmethod
    def from_parts(cls, head: tuple[Any, ...], rest: tuple[Any, ...]) -> Manifest:
        """The manifest parts() gave; TypeError or ValueError for parts of another shape."""
        values = dict(zip(_HEAD, head, strict=True))
        values.update(zip(_rest_names(), rest, strict=True))
        return cls(**values)

    def well_formed(self) -> bool:
        """Whether each field has its type: a manifest read from a damaged or planted
        file must be dropped, not fail later (entries are checked where they are used, but
        the few warnings, each of which `warned` takes as it is)."""
        types: tuple[type, ...] = (str, str, str, dict, dict, dict, int, str, dict, dict, int)
        types += (str, dict, dict, str, str, tuple, tuple, int, int, int, int, tuple)
        return all(isinstance(v, t) for v, t in zip(self.as_tuple(), types, strict=True)) and (
            not self.warnings or _warnings_well_formed(self.warnings)
        )

    def warned(self) -> tuple[Diagnostic, ...]:
        """The warnings the build that left this manifest said, to be said again."""
        if not self.warnings:
            return ()
        from statusgen.errors import Diagnostic, Severity

        return tuple(
            Diagnostic(path, line, column, message, hint, Severity(severity), also=also)
            for path, line, column, message, hint, severity, also in self.warnings
        )

    def trusted_hash(self, relpath: str, stat: Stat) -> str | None:
        return trusted_hash(self.sources, self.taken, relpath, stat)

    def changed_sources(self, root: Path) -> tuple[bool, list[str]] | None:
        """What a stat of every recorded input says changed since this manifest's build:
        whether every input folder still has its recorded mtime (a file added, removed or
        renamed in one changes it), and the input files whose stat differs, cannot be
        taken, or is too close to the recording to vouch for their bytes (RACY_NS). None
        for damaged entries: then nothing can be taken as recorded."""
        # Paths are relative to the site, or absolute (the built-in theme's). Plain string
        # concatenation: this loop over every input is most of a no-op build.
        base, stat, absolute = str(root) + os.sep, os.stat, os.path.isabs
        limit = self.taken - RACY_NS
        folders_same = True
        changed: list[str] = []
        try:
            for folder, mtime in self.source_folders.items():
                if not _folder_same(folder if absolute(folder) else base + folder, mtime, limit):
                    folders_same = False
                    break
            for path, (size, mtime, inode, ctime, _) in self.sources.items():
                try:
                    info = stat(path if path[0] == os.sep else base + path)
                except OSError:
                    changed.append(path)
                    continue
                if (
                    mtime >= limit
                    or info.st_mtime_ns != mtime
                    or info.st_size != size
                    or info.st_ino != inode
                    or info.st_ctime_ns != ctime
                ):
                    changed.append(path)
        except (TypeError, ValueError, IndexError):  # damaged entries: read everything
            return None
        return folders_same, changed


def recorded_warnings(diagnostics: Iterable[Diagnostic]) -> tuple[RecordedWarning, ...]:
    """The diagnostics as a manifest keeps them (Manifest.warned gives them back)."""
    return tuple(
        (d.path, d.line, d.column, d.message, d.hint, d.severity.value, d.also) for d in diagnostics
    )


def _warnings_well_formed(warnings: tuple[Any, ...]) -> bool:
    """Whether each recorded warning is of the shape recorded_warnings gives."""
    from statusgen.errors import Severity

    shape = (str, int, int, str, str, str, tuple)
    severities = {s.value for s in Severity}
    return all(
        isinstance(w, tuple)
        and len(w) == len(shape)
        and all(isinstance(v, t) for v, t in zip(w, shape, strict=True))
        and w[5] in severities
        and all(isinstance(other, str) for other in w[6])
        for w in warnings
    )


def _folder_same(path: str, mtime: int, limit: int) -> bool:
    """Whether an input folder has the mtime recorded for it (ABSENT: still absent), and
    that mtime is old enough to vouch for its listing."""
    if mtime == ABSENT:
        return not os.path.lexists(path)
    try:
        return mtime < limit and os.stat(path).st_mtime_ns == mtime
    except OSError:
        return False


# The fields a manifest file holds first (Manifest.parts, RecordedSources).
_HEAD = ("sources", "taken")


def _rest_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Manifest) if f.name not in _HEAD)


@dataclass
class RecordedSources:
    """The first part of a manifest: the input files the last build recorded (the
    manifest's `sources`), and when it took their stats."""

    sources: dict[str, Recorded]
    taken: int

    @classmethod
    def from_head(cls, head: tuple[Any, ...]) -> RecordedSources | None:
        """From Manifest.parts()'s first part; None if it is not of that shape."""
        sources, taken = head
        return cls(sources, taken) if isinstance(sources, dict) and isinstance(taken, int) else None

    def trusted_hash(self, relpath: str, stat: Stat) -> str | None:
        return trusted_hash(self.sources, self.taken, relpath, stat)


def trusted_hash(sources: dict[str, Recorded], taken: int, relpath: str, stat: Stat) -> str | None:
    """The recorded SHA-256 of an input file whose stat is unchanged and not racy."""
    known = sources.get(relpath)
    if known is None or known[:-1] != stat or known[1] >= taken - RACY_NS:
        return None
    return known[-1]
