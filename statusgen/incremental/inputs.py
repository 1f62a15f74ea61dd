"""Reading a build's inputs: each file's stat and hash, trusted from the last manifest
when its stat is unchanged (see statusgen.incremental)."""

from __future__ import annotations

import hashlib
import os
import time
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from statusgen import __version__
from statusgen.load.files import InputError, list_files, read_input

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

    from statusgen.incremental.manifest import Manifest, RecordedSources
    from statusgen.layout import IncidentFolder

# Bumped whenever what the cache files hold changes shape, or what parsing makes of the
# same bytes (the parse results are kept by each file's hash).
FORMAT = "641"
# statusgen's own files (code_identity).
_PACKAGE = Path(__file__).resolve().parent.parent
# A file modified this close to the moment its stat was recorded may have changed again
# within the same timestamp: it is hashed, not trusted (coarse clocks lag by a few ms).
RACY_NS = 2_000_000_000
# The recorded mtime of an input folder that did not exist: it must still not exist.
ABSENT = -1
# Libraries whose output ends up in the site's bytes: a new version may change them.
# Babel's CLDR data writes every date, time, number and duration a page shows; tzdata's
# zone files, where the system has none, their offsets (the zones' own files: zone_file).
LIBRARIES = ("jinja2", "markdown", "nh3", "feedgen", "markupsafe", "babel", "tzdata")


def encoded(text: str) -> bytes:
    """The bytes a digest takes of `text`: its UTF-8, and a lone surrogate as its own
    three bytes. A name that is not UTF-8 (a file copied from a Latin-1 machine, built
    under a UTF-8 locale) reaches Python holding one (PEP 383), where plain encode()
    raises; ordinary text gives the same bytes as encode(), so no digest changes."""
    return text.encode("utf-8", "surrogatepass")


def sha256(*parts: str | bytes) -> str:
    """The hex SHA-256 of the parts, each length-prefixed so no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = encoded(part) if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# size, mtime_ns, inode, ctime_ns. The ctime, as git's index keeps it, catches an edit
# whose mtime was set back (`touch -d`, some archive tools): no ordinary call sets it, and
# every write or chmod moves it.
Stat = tuple[int, int, int, int]
# An input file as a manifest records it: its Stat, then the SHA-256 of its bytes (last).
Recorded = tuple[int, int, int, int, str]


_CODE: list[str] = []  # code_identity's answer, once per process


def code_identity() -> str:
    """A digest of the name, size and modification time of each of statusgen's files, as
    this process first found them (code_on_disk). Installed from a clone, as it is until a
    release, statusgen keeps its version from one commit to the next: without this, a
    build after an update would keep what the code before it rendered and parsed."""
    if not _CODE:
        _CODE.append(code_on_disk())
    return _CODE[0]


def code_on_disk() -> str:
    """code_identity as statusgen's files are now: a process that runs on (serve) tells
    from it that it was upgraded under it. About 2 ms (some 170 stats)."""
    parts: list[str] = []
    # Each path relative to the package by cutting its folder off: os.path.relpath was
    # half the time, paid on every rebuild of serve.
    cut = len(str(_PACKAGE)) + 1
    for folder, dirs, names in os.walk(_PACKAGE):
        # Every file, not only the Python ones: a build publishes widget.js as it is, and
        # a commit may change it alone. Not the bytecode Python writes beside the code.
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            parts.append(f"{path[cut:]} {info.st_size} {info.st_mtime_ns}")
    return sha256(*parts)


def quick_options(
    now: datetime, base_url: str | None, output: Path | None, root: Path, page: str | None
) -> str:
    """What a no-op build must find unchanged besides the files: the clock, the options,
    where the site is, which of its pages is built, statusgen's version and code, where
    (and as which files) the output-shaping libraries are installed, without importing
    them or reading their metadata, and where zone files are looked for."""

    parts: list[str] = [FORMAT, __version__, code_identity(), now.isoformat()]
    # Where zone files are looked for (PYTHONTZPATH): the files found are inputs (zone_file).
    parts.append(os.pathsep.join(zoneinfo.TZPATH))
    # A site copied with its cache folder holds the original's record, which names the
    # original's output folder: the copy must not find that folder intact and stop there.
    # So does a page's cache folder copied to another page: the page, with the unchanged
    # settings, says which folder the record must name.
    parts += [base_url or "", str(output or ""), os.path.realpath(root), *site_names(root)]
    parts.append(page or "")
    for name in LIBRARIES:
        spec = _found(name)
        origin = spec.origin if spec is not None else None
        try:
            info = os.stat(origin) if origin else None
        except OSError:
            info = None
        parts.append(
            f"{name} {origin} {info.st_size if info else ''} {info.st_mtime_ns if info else ''}"
        )
    return sha256(*parts)


class ZoneFile(NamedTuple):
    """Where zoneinfo finds the rules of one zone (zone_file)."""

    name: str
    path: str | None  # None: found nowhere (validation reports the name)
    # The folders looked in first, without it: a file added to one would come first.
    passed: tuple[str, ...]


def zone_file(name: str) -> ZoneFile:
    """Where zoneinfo loads the zone `name` from, looking where it looks: in the folders
    of zoneinfo.TZPATH, then in the tzdata package. A zone's rules change with the tz
    database (Almaty's offset in 2024): every time the site shows or reads follows them."""
    passed: list[str] = []
    for base in zoneinfo.TZPATH:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            return ZoneFile(name, path, tuple(passed))
        passed.append(os.path.dirname(path))
    spec = _found("tzdata")
    if spec is not None and spec.origin:
        path = os.path.join(os.path.dirname(spec.origin), "zoneinfo", name)
        if os.path.isfile(path):
            return ZoneFile(name, path, tuple(passed))
    return ZoneFile(name, None, tuple(passed))


def zone_rules(zones: Iterable[ZoneFile]) -> str:
    """A digest of each zone's name and the bytes of its file, the rules its times follow."""
    parts: list[str | bytes] = []
    for zone in zones:
        try:
            data = read_input(zone.path) if zone.path is not None else b"<none>"
        except (OSError, InputError):
            data = b"<unreadable>"
        parts += [zone.name, data]
    return sha256(*parts)


def site_names(root: Path) -> list[str]:
    """The root's files and its folders named like `content` or `static`, hidden ones left
    out: where a misnamed settings file or source folder (statusgen.yml, Content/,
    Static/) would be, an
    error validation reports (layout.misnamed) that a build finding every file it reads
    unchanged would otherwise skip. Not the root's mtime, nor every folder: each build
    stages its output there, and output folders come and go."""
    from statusgen.layout import SITE_STATIC_DIR

    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    # A folder's name ends in "/": `static` turning from a folder into a link to nothing
    # is a change (an error validation reports), not the same name listed again.
    return sorted(
        entry.name + "/" if folder else entry.name
        for entry in entries
        if not entry.name.startswith(".")
        for folder in (_is_folder(entry),)
        if not folder
        or entry.name.casefold().startswith("cont")
        or entry.name.casefold() == SITE_STATIC_DIR
    )


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder, its link followed. A link that loops (`ln -s stale
    stale`) is no folder, but a name like a file's: nothing a build reads unless it is
    one of the site's own names, which validation reports (load/files.refuse_outside)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def library_versions() -> list[str]:
    """ "name version" of each library in LIBRARIES ("name -" when it is not installed).

    Read from the name of the `.dist-info` folder beside the package Python would import,
    without importing it: importing importlib.metadata to ask costs every cached build,
    `check` and `update` some 50 ms. A library installed another way (an egg, say) is
    asked through importlib.metadata."""
    listed: dict[str, list[str]] = {}
    found: list[str] = []
    for name in LIBRARIES:
        spec = _found(name)
        version = None
        if spec is not None and spec.origin:
            # site-packages/jinja2/__init__.py, or site-packages/module.py
            folder = os.path.dirname(spec.origin)
            if spec.submodule_search_locations is not None:
                folder = os.path.dirname(folder)
            if folder not in listed:
                try:
                    listed[folder] = os.listdir(folder)
                except OSError:
                    listed[folder] = []
            version = _dist_info_version(name, listed[folder])
            if version is None:
                version = _metadata_version(name)
        found.append(f"{name} {version or '-'}")
    return found


def _found(name: str) -> ModuleSpec | None:
    """Where Python would import the top-level module `name` from, without importing it."""
    from importlib.util import find_spec

    try:
        return find_spec(name)
    except (ImportError, ValueError):
        return None


def _dist_info_version(name: str, entries: list[str]) -> str | None:
    """The version in the `<name>-<version>.dist-info` folder among `entries`, matching
    the name as installers normalize it (any case, `-` and `.` written `_`)."""
    prefix = name.lower().replace("-", "_").replace(".", "_") + "-"
    suffix = ".dist-info"
    versions = [
        entry[len(prefix) : -len(suffix)]
        for entry in entries
        if entry.endswith(suffix) and entry.lower().replace(".", "_").startswith(prefix)
    ]
    return versions[0] if len(versions) == 1 else None


def _metadata_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def stat_of(path: str) -> Stat | None:
    """The Stat of a file; None if it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def now_ns() -> int:
    """The moment the inputs start being recorded, for the racy-file check."""
    return time.time_ns()


def followed_folders(root: Path, folders: Iterable[str], sources: Iterable[str]) -> tuple[str, ...]:
    """The folders of `folders` (InputRecord.folders) that serve follows where links lead:
    all but those beside content/ named for incidents (layout.STRAY_INCIDENT_FOLDERS) and
    theirs, only looked into for an incident saved there, unless an input file of
    `sources` that is a link leads into one (`content/incidents/x.md -> ../../incidents/x.md`)."""
    from statusgen.layout import STRAY_INCIDENT_FOLDERS

    listed = list(folders)
    stray = {f for f in listed if f.split("/")[0] in STRAY_INCIDENT_FOLDERS}
    if not any(os.path.isdir(root / folder) for folder in stray):
        return tuple(listed)  # as a site mostly is: none there, nothing to find out
    led = {
        os.path.dirname(os.path.realpath(root / relpath))
        for relpath in sources
        if not os.path.isabs(relpath) and os.path.islink(root / relpath)
    }
    return tuple(f for f in listed if f not in stray or os.path.realpath(root / f) in led)


class InputRecord:
    """What reading the inputs found: each file's stat and hash (for the next build's
    manifest), the bytes read and hashes of the incident files (so validation does
    neither again), and the folders they were listed from."""

    def __init__(
        self,
        manifest: Manifest | RecordedSources | None,
        changed: frozenset[str] | None = None,
        listing: Callable[[], IncidentFolder] | None = None,
    ) -> None:
        self.manifest = manifest  # the last build's record of the inputs
        # The incident folder's listing, when another has taken it (incremental/survey.py).
        self.listing = listing
        # The input files changed since the manifest's build, when a watcher says so (paths
        # relative to the site): the others are taken as recorded, without even a stat.
        self.changed = changed
        self.sources: dict[str, Recorded] = {}
        self.folders: dict[str, int] = {}
        self.contents: dict[str, bytes] = {}
        self.hashes: dict[str, str] = {}
        self.incident_folder: IncidentFolder | None = None  # as `incident_hashes` listed it
        # The files whose bytes this build read and hashed: the others hold the bytes
        # the manifest recorded (their stat unchanged, or the watcher did not name them).
        self.read: set[str] = set()
        # The files outputs are made from as they are (theme, catalogs, static folders):
        # their path relative to the site (absolute for the built-in ones) by absolute
        # path, and the bytes this build fingerprinted, which they are made from (`made_from`).
        self.published: dict[str, str] = {}
        self.fingerprinted: dict[str, bytes] = {}
        # Those an output was made from with bytes other than this build recorded: saved
        # again since (an editor truncates, then writes), so its record must not vouch.
        self.moved: set[str] = set()

    def folder(self, root: Path, relpath: str) -> None:
        """Record a folder's mtime (a file added to or removed from it changes it), or
        that it does not exist."""
        try:
            self.folders[relpath] = os.stat(root / relpath).st_mtime_ns
        except OSError:
            self.folders[relpath] = ABSENT

    def hash(
        self,
        path: Path | str,
        relpath: str,
        *,
        keep: dict[str, bytes] | None = None,
        named: bool = True,
    ) -> str | None:
        """The SHA-256 of a file: the manifest's when its stat is unchanged, else read and
        hashed (its bytes kept in `keep`, by relpath); None if it cannot be read.
        `named`: a watcher names the file when it changes (not always so through links).
        A file that is a link itself is never taken on a watcher's word: it names the
        file where the link leads, whose folder is recorded (`_leads_to`)."""
        site = None
        if not os.path.isabs(relpath) and os.path.islink(path):
            # The built-in folders' files (absolute) are not the site's.
            site = Path(path).parents[len(Path(relpath).parts) - 1]
            self._leads_to(site, path)
            named = False
        if named and self.changed is not None and relpath not in self.changed and self.manifest:
            recorded = self.manifest.sources.get(relpath)
            if recorded is not None:
                self.sources[relpath] = recorded
                return recorded[-1]
        stat = stat_of(str(path))
        known = None
        if stat is not None and self.manifest is not None:
            known = self.manifest.trusted_hash(relpath, stat)
        if known is None:
            # A link out of the site is unreadable here, so the digest differs and
            # validation says why.
            try:
                data = read_input(path, site=site)  # never a FIFO or device either
            except (OSError, InputError):
                return None
            known = hashlib.sha256(data).hexdigest()
            self.read.add(relpath)
            if keep is not None:
                keep[relpath] = data
        if stat is not None:
            self.sources[relpath] = (*stat, known)
        return known

    def _leads_to(self, root: Path, path: Path | str) -> None:
        """Record the folder of the site the input file at `path`, a symbolic link, leads
        into: a save there changes neither the link nor its folder, and serve watches the
        folders a build records (watcher.SourceWatcher.follow). Not the site's own folder,
        which every build stages its output in, nor one outside (validation refuses it)."""
        site = os.path.realpath(root)
        folder = os.path.dirname(os.path.realpath(path))
        if folder != site and folder.startswith(site + os.sep) and os.path.isdir(folder):
            self.folder(root, Path(folder).relative_to(site).as_posix())

    def made_from(self, path: Path | str) -> bytes:
        """The bytes an output is made from for a file of the theme, the catalogs or the
        static folders: those this build fingerprinted, never read again (a save landing
        between two reads would leave a record vouching for bytes no output holds). A file
        the build trusted unread is read once here and checked against its record:
        `moved` names it when they differ. Raises as read_input does."""
        relpath = self.published.get(os.path.abspath(path))
        key = relpath if relpath is not None else os.path.abspath(path)
        data = self.fingerprinted.get(key)
        if data is None:
            data = read_input(path)
            recorded = self.sources.get(relpath) if relpath is not None else None
            if recorded is None or recorded[-1] != hashlib.sha256(data).hexdigest():
                self.moved.add(key)
            # Read once: every output of this build is made from the same bytes.
            self.fingerprinted[key] = data
        return data

    def incident_hashes(self, root: Path) -> list[tuple[str, str | None]]:
        """Each incident file and its SHA-256 (None if unreadable), sorted; the bytes of
        those read are kept in `contents`, their hashes in `hashes`."""
        from statusgen.layout import list_incident_folder

        base = str(root) + os.sep
        found: list[tuple[str, str | None]] = []
        self.incident_folder = (
            self.listing() if self.listing is not None else list_incident_folder(root)
        )
        manifest, sources, hashes = self.manifest, self.sources, self.hashes
        # `hash`, shortened for a file the manifest vouches for, nearly all of 10,000:
        # one a watcher or the survey did not name as changed (as recorded), or else one
        # whose stat the manifest recorded (its trusted_hash).
        changed = self.changed
        recorded = manifest.sources if manifest and changed is not None else None
        trusted = manifest.trusted_hash if manifest is not None and changed is None else None
        named = changed if changed is not None else frozenset()
        if self.incident_folder.linked:
            # A link (archive/ holding the file) goes through `hash`, which records where
            # it leads: a watcher names the file there, never the link.
            named = named | frozenset(self.incident_folder.linked)
        for relpath in self.incident_folder.files:
            if recorded is not None and relpath not in named:
                entry = recorded.get(relpath)
                if entry is not None:
                    sources[relpath] = entry
                    hashes[relpath] = entry[-1]
                    found.append((relpath, entry[-1]))
                    continue
            if trusted is not None and relpath not in named:
                try:
                    info = os.stat(base + relpath)
                except OSError:
                    info = None
                if info is not None:
                    stat = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
                    known = trusted(relpath, stat)
                    if known is not None:
                        sources[relpath] = (*stat, known)
                        hashes[relpath] = known
                        found.append((relpath, known))
                        continue
            file_hash = self.hash(base + relpath, relpath, keep=self.contents)
            if file_hash is not None:
                hashes[relpath] = file_hash
            found.append((relpath, file_hash))
        return found

    def digests(
        self,
        root: Path,
        *,
        versions: str,
        zones: Sequence[ZoneFile],
        now: datetime,
        base_url: str | None,
        output: Path | None,
        page: str | None,
    ) -> tuple[str, str]:
        """Two digests: of everything a build reads (files, options, clock, versions), and
        the `salt` every output's key starts from (everything but the incident files and
        the clock). Files are read only when their stat is not trusted (see `hash`).
        `zones`: the files of the zones the settings name, whose rules `versions` holds
        (Cache.zoned)."""
        from statusgen.layout import (
            BUILTIN_CATALOGS,
            BUILTIN_THEME,
            COMPONENTS_FILE,
            CONTENT_DIR,
            DATA_DIR,
            INCIDENTS_DIR,
            MONITOR_DATA_DIR,
            MONITORS_FILE,
            SETTINGS_FILE,
            SITE_STATIC_DIR,
            STRAY_CONTENT_FILES,
            THEMES_DIR,
            TRANSLATIONS_DIR,
            content_outside_incidents,
            listed_pages,
            theme_folder,
        )
        from statusgen.probe.store import data_files

        # Not the site's own folder: every build stages its output there, changing its mtime.
        self.folder(root, INCIDENTS_DIR)
        # The zone files are recorded as inputs, for a build with nothing else to do to
        # see the tz database updated; a watcher names none of them.
        for zone in zones:
            for looked_in in zone.passed:
                self.folder(root, looked_in)
            if zone.path is not None:
                self.hash(zone.path, zone.path, named=False)
        shared: list[str | bytes] = [versions, base_url or "", str(output or "")]
        # monitors.yaml is optional: its folder's mtime tells a later build that it appeared.
        # The monitors' data is in the salt: what they measured shows on most pages.
        self.folder(root, os.path.dirname(MONITORS_FILE))
        # The names beside the files read there: a misnamed one (content/monitors.yml,
        # content/incident/) is an error validation reports (layout.misnamed), which a
        # build finding every file it reads unchanged would otherwise skip.
        # Into the digest only: what it holds besides shapes no output.
        try:
            beside = sorted(os.listdir(root / os.path.dirname(MONITORS_FILE)))
        except OSError:
            beside = []
        # And the Markdown files deeper in content/ (content/maintenance/x.md), an error
        # validation reports (validate.misplaced_files) if it opens front matter: their
        # bytes, and their folders recorded, as a file saved into one changes only that one.
        outside = content_outside_incidents(root)
        for relpath in outside.folders:
            self.folder(root, relpath)
        # And content's files saved at the site's top instead (layout.stray_content_files):
        # their bytes, as only one that reads as statusgen's is warned of.
        for name in STRAY_CONTENT_FILES:
            if os.path.isfile(root / name):
                beside += [f"/{name}", self.hash(root / name, name) or "<unreadable>"]
        beside.append("")
        for relpath in outside.markdown:
            beside += [relpath, self.hash(root / relpath, relpath) or "<unreadable>"]
        for relpath in (SETTINGS_FILE, COMPONENTS_FILE, MONITORS_FILE, *data_files(root, self)):
            # An unreadable file only has to make the digest differ; validation reports it.
            shared += [relpath, self.hash(root / relpath, relpath) or "<unreadable>"]
        # The site's theme overrides, the built-in theme and the message catalogs (the
        # site's translations/ and the built-in ones) go into the salt: every page follows
        # them. The site's own static/ folder only into the digest: each of its files is an
        # output of its own, following its bytes (render/site_static.py).
        static: list[str | bytes] = []
        # Every page's own static folder too (config: pages' `static:`), whichever page
        # this build is for: the digest only has to change when one does.
        own = sorted({p.static for p in listed_pages(root) if p.static is not None})
        refused: list[str] = []
        for label, folder, name, parts in (
            ("site", theme_folder(root), THEMES_DIR, shared),
            ("builtin", BUILTIN_THEME, str(BUILTIN_THEME), shared),
            ("site-translations", root / TRANSLATIONS_DIR, TRANSLATIONS_DIR, shared),
            ("builtin-catalogs", BUILTIN_CATALOGS, str(BUILTIN_CATALOGS), shared),
            ("static", root / SITE_STATIC_DIR, SITE_STATIC_DIR, static),
            *((f"static:{name}", root / name, name, static) for name in own),
        ):
            self.folder(root, name)
            if not folder.is_dir():
                continue
            # The listing the build publishes from, links inside the site followed: a file
            # in a linked folder is published, so its bytes and its folder are recorded too.
            builtin = label.startswith("builtin")
            listing = list_files(folder, folder if builtin else root, name, packaged=builtin)
            # Recorded relative to the site, or absolute for the built-in folders.
            for relpath in listing.folders:
                self.folder(root, f"{name}/{relpath}")
            for relpath, path in listing.files.items():
                # A watcher names a file changed under one of the names leading to it:
                # one reached through a link is looked at under each (its stat).
                named = relpath not in listing.linked
                shown = f"{name}/{relpath}"
                self.published[os.path.abspath(path)] = shown
                file_hash = self.hash(path, shown, keep=self.fingerprinted, named=named)
                parts += [label, relpath, file_hash or ""]
            # What it refuses to publish: the build fails on it, a cached one too. And the
            # editor leftovers it leaves out: not outputs, but the build warns of each.
            refused += [f"{p.path} {p.message}" for p in (*listing.problems, *listing.left_out)]
            # A file left out for what it holds (a private key) is published once it holds
            # none: its bytes are recorded, or a cached build would not look at it again.
            for relpath, path in listing.withheld.items():
                shown = f"{name}/{relpath}"
                refused += [shown, self.hash(path, shown) or "<unreadable>"]
        salt = sha256(*shared)
        digest = hashlib.sha256(salt.encode())
        digest.update(now.isoformat().encode())
        # Where the site is (quick_options says why), not in the salt: the outputs of a
        # site moved as a whole are the same bytes.
        digest.update(encoded(os.path.realpath(root)))
        # And which page (quick_options says why).
        digest.update(encoded(f"\0{page or ''}"))
        # And where the folders read from are: one made a link out of the site keeps its
        # files' stats, and validation refuses it (load/files.py refuse_outside).
        for read_from in (CONTENT_DIR, INCIDENTS_DIR, DATA_DIR, MONITOR_DATA_DIR, TRANSLATIONS_DIR):
            digest.update(encoded(f"\0{os.path.realpath(root / read_from)}"))
        digest.update(encoded("\0".join([*beside, "", *site_names(root)])))
        digest.update(sha256(*static, *refused).encode())
        # One update for all of them (the same digest as one per file, in a tenth of the
        # time); an unreadable file: validation reads it again and reports why.
        digest.update(
            encoded(
                "".join(
                    f"\0{relpath}\0{'<unreadable>' if file_hash is None else file_hash}"
                    for relpath, file_hash in self.incident_hashes(root)
                )
            )
        )
        # And the folder's other entries: an incident saved as x.markdown or in a subfolder
        # is an error validation reports (validate.unread_files), which a build that found
        # every .md file unchanged would otherwise skip along with the rest.
        assert self.incident_folder is not None
        digest.update(encoded("\0".join(self._others_within(root, self.incident_folder.others))))
        return digest.hexdigest(), salt

    def _others_within(self, root: Path, others: list[str]) -> list[str]:
        """The incident folder's other entries, and what its subfolders hold, their
        folders recorded: a file saved into a subfolder changes only that one."""
        from statusgen.layout import INCIDENTS_DIR

        found: list[str] = []
        for name in others:
            relpath = f"{INCIDENTS_DIR}/{name}"
            found.append(relpath)
            if not os.path.isdir(root / relpath):
                continue
            for folder, dirs, names in os.walk(root / relpath):
                dirs.sort()
                self.folder(root, os.path.relpath(folder, root))
                found += sorted(os.path.relpath(os.path.join(folder, n), root) for n in names)
        return found
