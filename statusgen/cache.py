"""The content-hash cache of incremental builds, in the site's `.statusgen-cache/` folder.

It remembers, between builds:
  - each incident file's parse result, keyed by the SHA-256 of its bytes (and the timezone
    and component ids it was checked against);
  - each Markdown message's conversion, keyed by its text;
  - a manifest of the last build: a digest of every input, the key of every page it
    wrote, and the size and modification time of every file and folder of its output.

Input files are trusted the way make, Hugo and git trust them: a file whose size,
modification time (in nanoseconds) and inode are what the manifest recorded is taken to
hold the bytes it held then, and is neither read nor hashed again; only files whose
stat changed are hashed. Folders are trusted by their modification time, which changes
whenever an entry is added, removed or renamed in them. A file changed so quickly after
being recorded that its timestamp cannot tell (within two seconds of the recording; git
calls these "racily clean") is always hashed again. An edit that restores the size and
sets the modification time back on purpose (`touch -d`) goes unseen: `--no-cache`, or
deleting `.statusgen-cache/`, rebuilds everything.

A build where nothing changed (same clock, options, statusgen and library versions,
input stats and output folder) is answered from the manifest alone: one file read, one
`stat` per input and output file, no parsing and no template engine loaded.

A page whose key (a hash of exactly the inputs it shows, see render/html.py) matches the
manifest is neither rendered nor written: the output folder already holds its bytes. That
is only trusted while the output folder is as the last build left it, which the manifest's
sizes and modification times say. Every key starts from `salt`: the statusgen version, the
settings, components file, theme files and command-line overrides, so changing any of
them renders every page again.

The cache only ever saves work. A missing, unreadable or corrupt cache is ignored, and
the build then does everything itself; it is written by temporary file and rename.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statusgen import __version__
from statusgen.load.files import InputError, read_input

if TYPE_CHECKING:  # the model is imported only once a build has work to do
    from statusgen.errors import Diagnostic
    from statusgen.model import Event, Incident, Maintenance

CACHE_FOLDER = ".statusgen-cache"
# Bumped whenever what the cache files hold changes shape.
_FORMAT = "3"
_PARSED = "parsed.pickle"
_MARKDOWN = "markdown.pickle"
_MANIFEST = "manifest.marshal"
# A file modified this close to the moment its stat was recorded may have changed again
# within the same timestamp: it is hashed, not trusted (coarse clocks lag by a few ms).
_RACY_NS = 2_000_000_000
# The recorded mtime of an input folder that did not exist: it must still not exist.
_ABSENT = -1
# Below this many new parse results or Markdown conversions, the saved ones are not rewritten.
_FEW = 16
# Libraries whose output ends up in the site's bytes: a new version may change them.
_LIBRARIES = ("jinja2", "markdown", "nh3", "feedgen", "markupsafe")

ParseResult = tuple["Incident | Maintenance | None", "list[Diagnostic]"]
Parse = Callable[[str, bytes, str, "frozenset[str] | None"], ParseResult]


def sha256(*parts: str | bytes) -> str:
    """The hex SHA-256 of the parts, each length-prefixed so no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


Stat = tuple[int, int, int]  # size, mtime_ns, inode


@dataclass
class Manifest:
    """What the last build wrote, and from what."""

    output: str  # the output folder, resolved
    base_url: str
    inputs: str  # digest of every input and option of the build
    keys: dict[str, str]  # page path → key of the bytes it holds
    files: dict[str, tuple[int, int]]  # path → (size, mtime_ns)
    folders: dict[str, int]  # path ("" for the output folder itself) → mtime_ns
    total_bytes: int
    # What a no-op build checks instead of reading the inputs (see the module docstring):
    options: str = ""  # the clock, options and installed versions (`quick_options`)
    sources: dict[str, tuple[int, int, int, str]] = field(default_factory=dict)
    # ↑ input file, relative to the site → (size, mtime_ns, inode, SHA-256)
    source_folders: dict[str, int] = field(default_factory=dict)  # input folder → mtime_ns
    taken: int = 0  # time.time_ns() just before the sources were recorded
    salt: str = ""  # of the page keys (Reuse.salt)
    template_names: dict[str, list[str]] = field(default_factory=dict)  # Reuse's

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.output, self.base_url, self.inputs, self.keys, self.files, self.folders,
            self.total_bytes, self.options, self.sources, self.source_folders, self.taken,
            self.salt, self.template_names,
        )  # fmt: skip

    def trusted_hash(self, relpath: str, stat: Stat) -> str | None:
        """The recorded SHA-256 of an input file whose stat is unchanged and not racy."""
        known = self.sources.get(relpath)
        if known is None or known[:3] != stat or known[1] >= self.taken - _RACY_NS:
            return None
        return known[3]

    def sources_unchanged(self, root: Path) -> bool:
        """Whether every input file and folder still has the stat the manifest recorded."""
        # Paths are relative to the site, or absolute (the built-in theme's). Plain string
        # concatenation: this loop over every input is most of a no-op build.
        base, stat, absolute = str(root) + os.sep, os.stat, os.path.isabs
        limit = self.taken - _RACY_NS
        try:
            for folder, mtime in self.source_folders.items():
                path = folder if absolute(folder) else base + folder
                if mtime == _ABSENT:
                    if os.path.lexists(path):
                        return False
                elif mtime >= limit or stat(path).st_mtime_ns != mtime:
                    return False
            for path, (size, mtime, inode, _) in self.sources.items():
                info = stat(path if path[0] == os.sep else base + path)
                if (
                    mtime >= limit
                    or info.st_mtime_ns != mtime
                    or info.st_size != size
                    or info.st_ino != inode
                ):
                    return False
        except OSError:
            return False
        return True


def quick_options(now: datetime, base_url: str | None, output: Path | None) -> str:
    """What a no-op build must find unchanged besides the files: the clock, the options,
    statusgen's version and where (and as which files) the output-shaping libraries are
    installed, without importing them or reading their metadata."""
    from importlib.util import find_spec

    parts: list[str] = [_FORMAT, __version__, now.isoformat(), base_url or "", str(output or "")]
    for name in _LIBRARIES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None else None
            info = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            spec, origin, info = None, None, None
        parts.append(
            f"{name} {origin} {info.st_size if info else ''} {info.st_mtime_ns if info else ''}"
        )
    return sha256(*parts)


def stat_of(path: str) -> Stat | None:
    """The (size, mtime_ns, inode) of a file; None if it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def now_ns() -> int:
    """The moment the inputs start being recorded, for the racy-file check."""
    return time.time_ns()


class InputRecord:
    """What reading the inputs found: each file's stat and hash (for the next build's
    manifest), the bytes read and hashes of the incident files (so validation does
    neither again), and the folders they were listed from."""

    def __init__(self, manifest: Manifest | None) -> None:
        self.manifest = manifest
        self.sources: dict[str, tuple[int, int, int, str]] = {}
        self.folders: dict[str, int] = {}
        self.contents: dict[str, bytes] = {}
        self.hashes: dict[str, str] = {}

    def folder(self, root: Path, relpath: str) -> None:
        """Record a folder's mtime (a file added to or removed from it changes it), or
        that it does not exist."""
        try:
            self.folders[relpath] = os.stat(root / relpath).st_mtime_ns
        except OSError:
            self.folders[relpath] = _ABSENT

    def hash(self, path: Path | str, relpath: str, *, keep: bool = False) -> str | None:
        """The SHA-256 of a file: the manifest's when its stat is unchanged, else read and
        hashed (its bytes kept in `contents` with `keep`); None if it cannot be read."""
        stat = stat_of(str(path))
        known = None
        if stat is not None and self.manifest is not None:
            known = self.manifest.trusted_hash(relpath, stat)
        if known is None:
            try:
                data = read_input(path)  # never a FIFO or device: validation reports those
            except (OSError, InputError):
                return None
            known = hashlib.sha256(data).hexdigest()
            if keep:
                self.contents[relpath] = data
        if stat is not None:
            self.sources[relpath] = (*stat, known)
        return known


class Cache:
    """The cache folder of one site; `enabled=False` makes every lookup a miss and saves nothing."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.folder = root / CACHE_FOLDER
        self.enabled = enabled
        self._library_versions: str | None = None

    def load(self, name: str, key: str) -> Any:
        """The value saved under `name` with this `key`; None if absent, stale or unreadable."""
        if not self.enabled:
            return None
        import pickle  # not needed by a no-op build, which reads only the manifest

        try:
            with open(self.folder / name, "rb") as file:
                saved_key, value = pickle.load(file)
        except Exception:
            return None
        return value if saved_key == key else None

    def save(self, name: str, key: str, value: object) -> None:
        """Save `value` under `name`, atomically; a cache that cannot be written is skipped."""
        if not self.enabled:
            return
        import pickle

        temporary = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(exist_ok=True)
            with open(temporary, "wb") as file:
                pickle.dump((key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / name)
        except OSError:
            temporary.unlink(missing_ok=True)

    def versions(self) -> str:
        """statusgen's version and those of the libraries that shape the output."""
        if self._library_versions is None:
            from importlib.metadata import PackageNotFoundError, version

            found = [f"statusgen {__version__}", f"format {_FORMAT}"]
            for name in _LIBRARIES:
                try:
                    found.append(f"{name} {version(name)}")
                except PackageNotFoundError:
                    found.append(f"{name} -")
            self._library_versions = "\n".join(found)
        return self._library_versions

    # --- parse results --------------------------------------------------------------

    def parser(self, parse: Parse, hashes: Mapping[str, str]) -> CachingParser:
        """A replacement for validate.parse_event that remembers results by file hash."""
        return CachingParser(self, parse, hashes)

    # --- Markdown -----------------------------------------------------------------

    def markdown(self) -> dict[str, str]:
        """Markdown conversions saved by earlier builds, by source text."""
        saved = self.load(_MARKDOWN, self.versions())
        return saved if isinstance(saved, dict) else {}

    def save_markdown(self, saved: Mapping[str, str] | None, fresh: Mapping[str, str]) -> None:
        """Add this build's new conversions to those saved before."""
        if len(fresh) >= _FEW or (fresh and saved is not None and not saved):
            known = self.markdown() if saved is None else dict(saved)
            known.update(fresh)
            self.save(_MARKDOWN, self.versions(), known)

    # --- the manifest -------------------------------------------------------------

    def manifest(self) -> Manifest | None:
        """The last build's manifest; None if absent, of another format, or unreadable.

        Kept in `marshal` format (plain tuples, dicts and strings): the fastest file Python
        reads, which is most of a no-op build."""
        if not self.enabled:
            return None
        try:
            # One read, then decode: marshal.load() on a file reads it object by object.
            with open(self.folder / _MANIFEST, "rb") as file:
                header, fields = marshal.loads(file.read())
            if header != (_FORMAT, __version__):
                return None
            return Manifest(*fields)
        except Exception:
            return None

    def save_manifest(self, manifest: Manifest) -> None:
        if not self.enabled:
            return
        temporary = self.folder / f".{_MANIFEST}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(marshal.dumps(((_FORMAT, __version__), manifest.as_tuple())))
            os.replace(temporary, self.folder / _MANIFEST)
        except OSError:
            temporary.unlink(missing_ok=True)

    def forget_manifest(self) -> None:
        """Drop the manifest before the output changes, so a build killed part way never
        leaves a manifest that vouches for files it did not write."""
        (self.folder / _MANIFEST).unlink(missing_ok=True)


class CachingParser:
    """validate.parse_event, answered from the cache when the file's bytes were seen before."""

    def __init__(self, cache: Cache, parse: Parse, hashes: Mapping[str, str]) -> None:
        self.cache = cache
        self.parse = parse
        self.known_hashes = hashes  # of the bytes the build already read
        self.hashes: dict[str, str] = {}  # relpath → SHA-256 of the bytes read
        self._key: str | None = None
        self._checked_against: tuple[str, frozenset[str] | None] | None = None
        self._saved: dict[str, tuple[str, ParseResult]] = {}
        self._results: dict[str, tuple[str, ParseResult]] = {}
        self.misses = 0

    def known(
        self, relpath: str, timezone: str, component_ids: frozenset[str] | None
    ) -> ParseResult | None:
        """The saved result for a file whose hash the build recorded; None if not saved
        (then validation reads the file and calls this parser)."""
        digest = self.known_hashes.get(relpath)
        if digest is None:
            return None
        self._use(timezone, component_ids)
        hit = self._saved.get(relpath)
        if hit is None or hit[0] != digest:
            return None
        self.hashes[relpath] = digest
        self._results[relpath] = hit
        return hit[1]

    def _use(self, timezone: str, component_ids: frozenset[str] | None) -> None:
        if (timezone, component_ids) != self._checked_against:
            # Results hold only for the timezone and component ids they were checked with.
            self._checked_against = (timezone, component_ids)
            self._key = sha256(
                self.cache.versions(), timezone, *sorted(component_ids or ("<unknown>",))
            )
            saved = self.cache.load(_PARSED, self._key)
            self._saved = saved if isinstance(saved, dict) else {}

    def __call__(
        self, relpath: str, data: bytes, timezone: str, component_ids: frozenset[str] | None
    ) -> ParseResult:
        self._use(timezone, component_ids)
        digest = self.known_hashes.get(relpath) or hashlib.sha256(data).hexdigest()
        self.hashes[relpath] = digest
        hit = self._saved.get(relpath)
        if hit is not None and hit[0] == digest:
            result = hit[1]
        else:
            result = self.parse(relpath, data, timezone, component_ids)
            self.misses += 1
        self._results[relpath] = (digest, result)
        return result

    def save(self) -> None:
        """Keep this build's results (files since removed are forgotten)."""
        # Rewriting every result costs more than parsing a few files again next time, so a
        # build that parsed only a few leaves the saved results as they are.
        if self._key is not None and (self.misses >= _FEW or not self._saved):
            self.cache.save(_PARSED, self._key, self._results)


# --- output folder --------------------------------------------------------------------


def snapshot(
    output: Path, paths: Iterable[str]
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Size and mtime of each file, and mtime of the output folder and of each folder in
    it that holds another folder.

    A page's own folder (holding only its files) is left out: there are as many as pages,
    its files are checked one by one, and a file removed or renamed in it is noticed by
    them. Only a stray file added beside a page goes unseen by the no-op check.
    """
    base = str(output) + os.sep
    files: dict[str, tuple[int, int]] = {}
    folders: dict[str, int] = {"": os.stat(output).st_mtime_ns}
    for path in paths:
        info = os.stat(base + path)
        files[path] = (info.st_size, info.st_mtime_ns)
        folder = path.rpartition("/")[0].rpartition("/")[0]  # from the grandparent up
        while folder and folder not in folders:
            folders[folder] = os.stat(base + folder).st_mtime_ns
            folder = folder.rpartition("/")[0]
    return files, folders


def output_is_intact(manifest: Manifest, output: Path) -> bool:
    """Whether the output folder is exactly as the manifest's build left it.

    A file's size and modification time change whenever it is written (a hand edit
    included), and a folder's mtime whenever an entry is added, removed or renamed in it,
    so comparing them catches every change short of one made on purpose to look
    unchanged, or a stray file added beside a page (see `snapshot`).
    """
    if manifest.output != str(output.resolve()):
        return False
    base = manifest.output + os.sep
    stat = os.stat
    try:
        for path, (size, mtime) in manifest.files.items():
            info = stat(base + path)
            if info.st_size != size or info.st_mtime_ns != mtime:
                return False
        for folder, mtime in manifest.folders.items():
            if stat(base + folder).st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


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
