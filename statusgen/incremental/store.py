"""The cache folder's files: parse results, Markdown conversions and the manifest, each
written by temporary file and rename, each ignored when missing or unreadable."""

from __future__ import annotations

import errno
import hashlib
import io
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from statusgen import __version__
from statusgen.collector import paused
from statusgen.errors import cache_write_hint
from statusgen.incremental.inputs import (
    FORMAT,
    ZoneFile,
    code_identity,
    library_versions,
    sha256,
    zone_file,
    zone_rules,
)
from statusgen.incremental.manifest import Manifest, RecordedSources
from statusgen.incremental.seal import missing_key, seal_parts, unseal, unsealed_stream
from statusgen.layout import CACHE_FOLDER, CACHE_PAGES
from statusgen.load.files import LOOPING_LINK, read_input, real_path, shown_in_site

if TYPE_CHECKING:  # the model is imported only once a build has work to do
    from statusgen.errors import Diagnostic
    from statusgen.forked import Beside
    from statusgen.model import Incident, Maintenance
    from statusgen.validate import ComponentNames

_PARSED = "parsed.pickle"
_MARKDOWN = "markdown.pickle"
# The conversions the last build that showed many messages showed (MarkdownMemo.shown).
SHOWN_MARKDOWN = "markdown-shown.pickle"
# The search index's row of each event by part of the index (render/search.py), read by
# every build that writes a part, so apart from the conversions: a small file.
SEARCH_ROWS = "search-rows-by-part.pickle"
# What earlier versions kept under other names and no build reads any more: removed
# when the file that replaces them is saved.
_REPLACED = {SEARCH_ROWS: ("search-words.pickle", "search-rows.pickle")}
# The texts the site's languages formatted, by language tag (i18n KeptTexts): a rebuild
# that formats nothing new then never loads Babel's CLDR data.
_TEXTS = "texts.pickle"
# The uptime history's days before today, under the text of their inputs (history.py).
_HISTORY = "history.pickle"
# The theme's compiled templates (render/theme.py TemplateCode): code that builds run, so
# read only through the seal like every file here, and never from another Python.
_TEMPLATES = "templates.pickle"
# One manifest per output folder asked for (`manifest-<which>.marshal`): a preview build
# into another folder must not cost the next build into public/ a full rebuild.
_MANIFEST = "manifest-{}.marshal"
# The folder the last build into the one the settings name wrote (Cache.folder_built): kept
# apart from its manifest, which every build drops before it writes (--no-cache too) and
# only a build that uses the cache writes again, so a later `output:` still finds it.
_BUILT_FOLDER = "built-folder"
# The folders the settings build no more that still held the site at the last build, each
# with why and the files the build that put the site there wrote (Cache.folders_left):
# kept beside the note above, by --no-cache builds too, so that every later build, one
# with nothing to do included, tells the same folders and the user's files in them.
_LEFT_FOLDERS = "left-folders"
# Manifests of other output folders kept besides the one just written (serve's preview
# folder is a new temporary folder every session).
_MANIFESTS_KEPT = 4
# A manifest file is the byte length of its first part in this many bytes, the first part
# (the recorded sources) and the rest (Manifest.parts).
_PART_LENGTH = 8
# What an incremental build that renders reads of the folder, in the order it reads them
# (the search rows when it writes a part of the index): read ahead (Cache.read_ahead)
# while the build checks its inputs.
_READ_AHEAD = (_PARSED, SHOWN_MARKDOWN, SEARCH_ROWS, _HISTORY, _TEXTS, _TEMPLATES)
# A value not read yet.
_UNREAD = object()
# Parse results per pickle of the saved ones (_in_slices): a tenth of a second's reading
# at 10,000 incidents comes in slices of about 10 ms.
_SLICE = 1_500
# Below this many new parse results or Markdown conversions, the saved ones are not rewritten.
_FEW = 16
# From this many parse results to save, a child process saves them (CachingParser.save_soon).
_SAVE_APART_FROM = 1_000

ParseResult = tuple["Incident | Maintenance | None", "list[Diagnostic]"]
Parse = Callable[[str, bytes, str, "ComponentNames | None"], ParseResult]


# What a cache folder that is a symbolic link is told, and its fix.
_LINKED = "{}; statusgen keeps its cache in a real folder inside the site"
_LINKED_HINT = "remove the link (`rm {}`) and {}"


def linked_cache_folders(root: Path, again: str = "build again") -> list[Diagnostic]:
    """An error for the cache folder of the site at `root`, or each folder in it (pages/,
    a page's), that is a symbolic link: the cache holds drafts' and internal-only
    incidents' parse results, which a link would write out of the site, or into static/,
    which publishes them. A link on a single cache file is harmless: a save replaces it
    with a file (Cache._write), and one that loops leads nowhere. `again` ends the hint,
    after the fix: what to run then (`record` is not built again)."""
    from statusgen.errors import Diagnostic

    inside = os.path.realpath(root)
    found: list[Diagnostic] = []
    for relpath in _cache_folders(root):
        path = root / relpath
        # A link that loops leads nowhere: a cache that cannot be written (Unwritable),
        # which never stops a build.
        if os.path.islink(path) and (target := real_path(path)) is not None:
            what = f"a symbolic link to {shown_in_site(target, inside)}"
            found.append(
                Diagnostic(relpath, 0, 0, _LINKED.format(what), _LINKED_HINT.format(relpath, again))
            )
    return found


def unusable_cache_folder(root: Path, then: str, again: str) -> Diagnostic | None:
    """An error for the cache folder of the site at `root` when no file can be made in it,
    for a command that cannot run without it (a build only warns, and builds without the
    cache): a symbolic link that loops (`ln -s .statusgen-cache .statusgen-cache`) or a
    file in its place, said as a build says them (LOOPING_LINK, "not a folder"), `then`
    after it, and the fix, `rm` and `again`; None otherwise."""
    from statusgen.errors import Diagnostic

    path = root / CACHE_FOLDER
    if os.path.islink(path):
        if real_path(path) is not None:
            return None  # a link that leads somewhere: linked_cache_folders
        message = f"{LOOPING_LINK}; {then}"
        return Diagnostic(CACHE_FOLDER, 0, 0, message, _LINKED_HINT.format(CACHE_FOLDER, again))
    if not os.path.lexists(path) or path.is_dir():
        return None
    # mkdir would say "File exists", told as a lock that cannot be written.
    hint = f"delete it (`rm {CACHE_FOLDER}`; a build makes the folder anew) and {again}"
    return Diagnostic(CACHE_FOLDER, 0, 0, f"not a folder; {then}", hint)


def _cache_folders(root: Path) -> list[str]:
    """The cache folder and the folders in it, relative to `root`, to the first that is a
    link (what is behind a link is not looked into)."""
    folders = [CACHE_FOLDER, CACHE_PAGES]
    for depth, relpath in enumerate(folders):
        if os.path.islink(root / relpath):
            return folders[: depth + 1]
    try:
        names = sorted(os.listdir(root / CACHE_PAGES))
    except OSError:  # no pages/ (a site of one page), or no cache folder yet
        return folders
    return [*folders, *(f"{CACHE_PAGES}/{name}" for name in names)]


class Unwritable(NamedTuple):
    """A file the cache needs and could not write (Cache.unwritable)."""

    path: Path
    reason: str  # why, in the system's words or ours
    hint: str  # until when no build is incremental, and what to do (errors.cache_write_hint)


class Cache:
    """The cache folder of one site; `enabled=False` makes every lookup a miss and saves nothing."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.root = root
        self.folder = root / CACHE_FOLDER
        self.enabled = enabled
        # Where the site is, found now: a build run inside its output folder with the site
        # named relative to it (`-C ..`) has no current folder left once the new site is
        # swapped in, and the note of the folder built is written after that.
        try:
            self._real_root: str | None = os.path.realpath(root)
        except OSError:
            self._real_root = None
        self._library_versions: str | None = None
        self._zones: list[ZoneFile] | None = None
        self._zoned: str | None = None
        self._ahead: ReadAhead | None = None
        # The parse results unpickled ahead (`parsed_ahead`): (saved key, value), or None.
        self._parsed: Any = _UNREAD
        # Each file of the folder that could not be written, kept or dropped, once: a
        # manifest missing makes no build incremental, any other file has every build
        # redo its part (parse, convert, compile) again, which the user has to hear about.
        self.unwritable: list[Unwritable] = []
        self._built_noted: str | None = None  # the note folder_built read, as written

    def read_ahead(self, *, parsed_only: bool = False) -> None:
        """Start reading the files a build that renders reads (`parsed_only`: the parse
        results, all a command that only reads the site needs), and checking their seals,
        in a thread of its own: reading and hashing leave the interpreter's lock free, so
        this runs while the build checks its inputs (at 10,000 incidents 23 MB, 0.05 s of
        every rebuild). load() takes what it needs from there; settle() before forking.
        With a single CPU the thread would only take turns with the build: none then."""
        if self.enabled and self._ahead is None and (os.cpu_count() or 1) > 1:
            wanted = (_PARSED,) if parsed_only else _READ_AHEAD
            names = [name for name in wanted if self._reads_file(name)]
            if names:
                self._ahead = ReadAhead({name: self.folder / name for name in names})

    def _reads_file(self, name: str) -> bool:
        """Whether load(name) would read the file (MemoryCache answers some from memory)."""
        return True

    def settle(self, *, needed: bool = True) -> None:
        """Wait for the files read ahead: before forking, no other thread may be running.
        Not `needed`: a build with nothing to do stops the reading at the current file."""
        if self._ahead is not None:
            if not needed:
                self._ahead.stop()
            self._ahead.settle()

    def _unsealed(self, name: str) -> io.BytesIO | None:
        """The data of the file `name`, past its seal; None when the seal is not this
        user's (or, read ahead, when it could not be read). Raises what reading it raises."""
        if self._ahead is not None:
            taken, found = self._ahead.take(name)
            if taken:
                return found
        return unsealed_stream(read_input(self.folder / name))

    def parsed_ahead(
        self, stop: Callable[[], bool], meanwhile: Iterable[Callable[[], object]] = ()
    ) -> None:
        """Read the saved parse results now, and unpickle them slice by slice until
        `stop()` says they will not be needed, for the parser to take when it asks
        (`load`): a build whose inputs a child process is checking would otherwise only
        wait for its answer (incremental/survey.py). While the file is being read and
        its seal checked, the steps of `meanwhile` are taken, one at a time, until it is
        ready (their work is the build's own, done while it would otherwise wait)."""
        if not self.enabled or self._parsed is not _UNREAD:
            return
        steps = iter(meanwhile)
        # The file itself may take as long to read as the child to answer; reading it and
        # checking its seal run in a thread that leaves this one free (20-30 ms at 10,000
        # incidents).
        while self._ahead is not None and not self._ahead.read_yet(_PARSED, 0):
            if stop():
                return
            step = next(steps, None)
            if step is not None:
                step()
            elif self._ahead.read_yet(_PARSED, 0.002):
                break
        found = self._parsed = self._saved(_PARSED)
        if found is not None and isinstance(found[1], _Slices):
            found[1].ahead(stop)

    def load(self, name: str, key: str) -> Any:
        """The value saved under `name` with this `key`; None if absent, stale or unreadable."""
        if not self.enabled:
            return None
        found: Any = _UNREAD
        if name == _PARSED:
            found, self._parsed = self._parsed, _UNREAD
        if found is _UNREAD:
            found = self._saved(name)
        if found is None or found[0] != key:
            return None
        value = found[1]
        return value.merged() if isinstance(value, _Slices) else value

    def _saved(self, name: str) -> tuple[Any, Any] | None:
        """The (key, value) saved in the file `name`; None if absent or unreadable."""
        # Not needed by a no-op build, which reads only the manifest.
        from statusgen.incremental.safepickle import load

        try:
            # The folder may have come with the repository: read it like any input (a
            # regular file of bounded size), believe it only when this user's builds
            # sealed it, and build only plain values from it.
            stream = self._unsealed(name)
            if stream is None:
                return None
            # Unpickling the parse results builds a quarter of a million objects at
            # 10,000 incidents, none of them garbage: passes of the collector would only
            # scan them (0.11 s -> 0.085 s), and they live as long as the run, so they are
            # kept out of every later pass too (0.1 s of every large build, check or update).
            with paused(keep=True):
                saved_key, value = load(stream)
            if name == _PARSED:
                value = _Slices(stream, value)  # the sizes of the slices that follow
        except Exception:  # absent, damaged or planted: rebuilt from the sources
            return None
        return saved_key, value

    def save(self, name: str, key: str, value: object) -> None:
        """Save `value` under `name`, atomically; a cache that cannot be written is skipped."""
        if not self.enabled:
            return
        import pickle

        if self._ahead is not None:
            self._ahead.drop(name)  # read before this save: never to be loaded after it
        if name == _PARSED and isinstance(value, dict):
            parts = _in_slices(key, list(value.items()))
        else:
            parts = (pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL),)
        sealed = seal_parts(*parts)
        if sealed is not None and self._write(self.folder / name, sealed) is None:
            for old in _REPLACED.get(name, ()):
                with suppress(OSError):  # left behind, it costs only disk space
                    (self.folder / old).unlink(missing_ok=True)

    def note(self, *found: Unwritable) -> None:
        """Add each file that could not be written to `unwritable`, unless it is there."""
        for unwritable in found:
            if all(unwritable.path != known.path for known in self.unwritable):
                self.unwritable.append(unwritable)

    def _write(self, path: Path, parts: tuple[bytes, ...]) -> OSError | None:
        """Write a cache file's parts by temporary file and rename; the error when it cannot
        be, noted (`unwritable`) when the build uses the cache: every file the same way."""
        temporary = self.folder / f".{path.name}.{os.getpid()}.tmp"
        try:
            # A page's folder (lastbuild.open_cache) is made by its first save.
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                for part in parts:
                    file.write(part)
            os.replace(temporary, path)
        except OSError as error:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            if self.enabled:
                self.note(_unwritable(path, error))
            return error
        return None

    def versions(self) -> str:
        """statusgen's version and code, and the versions of the libraries that shape the output."""
        if self._library_versions is None:
            found = [f"statusgen {__version__} {code_identity()}", f"format {FORMAT}"]
            found += library_versions()
            self._library_versions = "\n".join(found)
        return self._library_versions

    def zoned(self) -> str:
        """versions() and the rules of the zones the site's settings name: the key of what
        was worked out in them (parse results, search rows, uptime days, formatted times,
        every output's). Markdown conversions and compiled templates follow no zone."""
        if self._zoned is None:
            self._zoned = f"{self.versions()}\nzones {zone_rules(self.zones())}"
        return self._zoned

    def zones(self) -> list[ZoneFile]:
        """Where the rules of the zones the site's settings name are read from."""
        if self._zones is None:
            from statusgen.layout import defined_zones

            self._zones = [zone_file(name) for name in defined_zones(self.root)]
        return self._zones

    # --- parse results --------------------------------------------------------------

    def parser(self, parse: Parse, hashes: Mapping[str, str]) -> CachingParser:
        """A replacement for validate.parse_event that remembers results by file hash."""
        return CachingParser(self, parse, hashes)

    # --- Markdown -----------------------------------------------------------------

    def markdown(self, name: str = _MARKDOWN) -> dict[str, str]:
        """Markdown conversions saved by earlier builds, by source text."""
        saved = self.load(name, self.versions())
        return saved if isinstance(saved, dict) else {}

    def save_markdown(
        self, saved: Mapping[str, str] | None, fresh: Mapping[str, str], name: str = _MARKDOWN
    ) -> None:
        """Add this build's new conversions to those saved before."""
        if len(fresh) >= _FEW or (fresh and saved is not None and not saved):
            known = self.markdown(name) if saved is None else dict(saved)
            known.update(fresh)
            self.save(name, self.versions(), known)

    def search_rows(self) -> dict[str, dict[str, str]]:
        """The search index's rows saved by earlier builds, by part and what they follow."""
        saved = self.load(SEARCH_ROWS, self.zoned())
        return saved if isinstance(saved, dict) else {}

    def save_search_rows(
        self,
        saved: Callable[[], Mapping[str, Mapping[str, str]]],
        used: Mapping[str, Mapping[str, str]],
        fresh: int,
        before: bool,
    ) -> None:
        """Keep the search index's rows, when this build made `fresh` new ones
        (keeps_search_rows; `before`: earlier builds had saved some): of each part it
        wrote, the rows it used (an event since edited or removed is forgotten); of the
        others, those `saved()` before."""
        if keeps_search_rows(fresh, before):
            self.save(SEARCH_ROWS, self.zoned(), {**saved(), **used})

    def save_shown(self, shown: Mapping[str, str] | None) -> None:
        """Keep the conversions a build showed, for the next build showing many (None:
        leave the file as it is)."""
        if shown is not None:
            self.save(SHOWN_MARKDOWN, self.versions(), dict(shown))

    # --- the uptime history -------------------------------------------------------

    def history(self) -> Any:
        """The uptime history's days before today a build kept, and the text of their
        inputs (history.py), as saved for these versions; None when there are none."""
        return self.load(_HISTORY, self.zoned())

    def save_history(self, kept: object | None) -> None:
        """Keep what a build's KeptHistory hands over (None: leave the file as it is)."""
        if kept is not None:
            self.save(_HISTORY, self.zoned(), kept)

    # --- formatted texts ------------------------------------------------------------

    def texts(self) -> dict[str, dict[tuple[str, object], object]]:
        """The texts earlier builds' languages kept (Language.kept), by language tag: for
        the Babel they were formatted with and the rules of the zones, which zoned() names."""
        saved = self.load(_TEXTS, self.zoned())
        return saved if isinstance(saved, dict) else {}

    def save_texts(self, texts: Mapping[str, Mapping[tuple[str, object], object]] | None) -> None:
        """Keep the texts a build hands over (None: leave the file as it is)."""
        if texts is not None:
            self.save(_TEXTS, self.zoned(), dict(texts))

    # --- compiled templates ---------------------------------------------------------

    def _templates_key(self) -> str:
        # Bytecode holds for one Python (its marshal format and opcodes) and one Jinja
        # (the code it generates); versions() names Jinja's.
        return sha256(self.versions(), sys.version, sys.implementation.cache_tag or "-")

    def templates(self) -> dict[str, tuple[str, bytes]]:
        """Templates compiled by earlier builds, by their TemplateCode key: the SHA-1 of
        each one's source and its code, in marshal format."""
        saved = self.load(_TEMPLATES, self._templates_key())
        return saved if isinstance(saved, dict) else {}

    def save_templates(self, entries: Mapping[str, tuple[str, bytes]] | None) -> None:
        """Keep the compiled templates a build hands over (None: leave the file as it is)."""
        if entries is not None:
            self.save(_TEMPLATES, self._templates_key(), entries)

    # --- the manifest -------------------------------------------------------------

    def _manifest_path(self, output: Path | None) -> Path:
        """The manifest file of builds into `output` (None: the folder the settings name)."""
        which = "default" if output is None else sha256(os.path.abspath(output))[:16]
        return self.folder / _MANIFEST.format(which)

    def manifest(self, output: Path | None = None) -> Manifest | None:
        """The manifest of the last build into `output` (None: the folder the settings
        name); None if absent, of another format, or unreadable.

        Kept in `marshal` format (plain tuples, dicts and strings): the fastest file Python
        reads, which is most of a no-op build."""
        found = self._manifest_parts(output, whole=True)
        if found is None:
            return None
        try:
            manifest = Manifest.from_parts(*found)
        except (TypeError, ValueError):
            return None
        return manifest if manifest.well_formed() else None

    def recorded_sources(self, output: Path | None = None) -> RecordedSources | None:
        """The input files the last build into `output` recorded, from the first part of
        its manifest alone (a tenth of it at 10,000 incidents): what commands that only
        read the site need to trust an unchanged file without reading it."""
        found = self._manifest_parts(output, whole=False)
        try:
            return None if found is None else RecordedSources.from_head(found[0])
        except (TypeError, ValueError):
            return None

    def _manifest_parts(
        self, output: Path | None, *, whole: bool
    ) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
        """Manifest.parts() as saved: the second () unless `whole`; None if absent, of
        another format, or unreadable."""
        if not self.enabled:
            return None
        try:
            # One read, then decode: marshal.load() on a file reads it object by object.
            # marshal only builds values (a code object in it is never run); the shapes
            # are checked so that a damaged or planted file is a miss, not a traceback.
            data = unseal(read_input(self._manifest_path(output)))
            if data is None:
                return None
            view = memoryview(data)
            size = int.from_bytes(view[:_PART_LENGTH], "big")
            header, head = marshal.loads(view[_PART_LENGTH : _PART_LENGTH + size])
            if header != (FORMAT, __version__):
                return None
            rest = marshal.loads(view[_PART_LENGTH + size :]) if whole else ()
            if not (isinstance(head, tuple) and isinstance(rest, tuple)):
                return None
            return head, rest
        except Exception:
            return None

    def save_manifest(self, manifest: Manifest, output: Path | None = None) -> None:
        """Keep the manifest of a build into `output`; drop the oldest of other folders."""
        if not self.enabled:
            return
        path = self._manifest_path(output)
        head, rest = manifest.parts()
        first = marshal.dumps(((FORMAT, __version__), head))
        sealed = seal_parts(len(first).to_bytes(_PART_LENGTH, "big"), first, marshal.dumps(rest))
        if sealed is None:
            missing = missing_key()
            if missing is not None:
                self.note(_unwritable(*missing, key=True))
            return
        if self._write(path, sealed) is not None:
            return
        try:
            others = sorted(
                (p for p in self.folder.glob(_MANIFEST.format("*")) if p != path),
                key=lambda p: p.stat().st_mtime_ns,
                reverse=True,
            )
            for old in others[_MANIFESTS_KEPT:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # an old manifest left behind costs only disk space

    def folder_built(self) -> str | None:
        """The output folder (resolved) the last build into the folder the settings name
        wrote, with the cache or without; None without such a record (or a damaged one).
        One inside the site is noted relative to it (keep_folder_built), and found in
        the site where it is now; an absolute note (older builds) is taken as it is."""
        try:
            data = unseal(read_input(self.folder / _BUILT_FOLDER))
        except Exception:  # absent, damaged or planted: no warning to give
            return None
        if data is None:
            return None
        noted = self._built_noted = os.fsdecode(bytes(data))
        if os.path.isabs(noted):
            return noted
        if self._real_root is None:
            return None
        return os.path.normpath(os.path.join(self._real_root, noted))

    def keep_folder_built(self, target: Path) -> None:
        """Note `target` as the folder the settings' `output:` was built into, also by a
        build that does not use the cache: the next build warns of it if it builds
        elsewhere (lastbuild.left_behind). One that cannot be written costs that warning.
        A build without the cache makes no cache folder for it: none, none was noted."""
        if not self.enabled and not (self.root / CACHE_FOLDER).is_dir():
            return
        sealed = seal_parts(os.fsencode(self._built_note(target)))
        if sealed is not None:
            self._write(self.folder / _BUILT_FOLDER, sealed)

    def notes_folder_built(self, target: Path) -> bool:
        """Whether the note folder_built read is the one keep_folder_built would write of
        `target` (an older build's absolute note of a folder in the site is not)."""
        return self._built_noted == self._built_note(target)

    def _built_note(self, target: Path) -> str:
        # Relative to the site when inside it: a site moved or copied (`mv site w`) keeps
        # a note that vouches for its output folder where it now is (write.py _still_built).
        built = target.resolve()
        if self._real_root is None or not built.is_relative_to(self._real_root):
            return str(built)
        return built.relative_to(self._real_root).as_posix()

    def folders_left(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """The folders (resolved) keep_folders_left noted, each with why it is built no
        more and the files the build that put the site there wrote (none: not known);
        empty without such a note (or a damaged one)."""
        try:
            data = unseal(read_input(self.folder / _LEFT_FOLDERS))
            found = marshal.loads(bytes(data)) if data is not None else {}
        except Exception:  # absent, damaged or planted: nothing to tell
            return {}
        if not isinstance(found, dict) or not all(
            isinstance(folder, str)
            and isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], tuple)
            and all(isinstance(name, str) for name in entry[1])
            for folder, entry in found.items()
        ):
            return {}
        return found

    def keep_folders_left(self, left: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        """Note the folders left behind (folders_left), as keep_folder_built notes the
        folder built, by a build without the cache too; none left: the note is dropped."""
        if not left:
            with suppress(OSError):
                (self.folder / _LEFT_FOLDERS).unlink(missing_ok=True)
            return
        if not self.enabled and not (self.root / CACHE_FOLDER).is_dir():
            return
        sealed = seal_parts(marshal.dumps(dict(left)))
        if sealed is not None:
            self._write(self.folder / _LEFT_FOLDERS, sealed)

    def forget_folder_built(self) -> None:
        """Drop the note of keep_folder_built (the page it was of is built no more)."""
        with suppress(OSError):
            (self.folder / _BUILT_FOLDER).unlink(missing_ok=True)

    def forget_manifest(self, output: Path | None = None) -> None:
        """Drop the manifest of builds into `output` before that folder changes, so a build
        killed part way never leaves a manifest that vouches for files it did not write.
        One that cannot be dropped is said (`unwritable`) by a build that uses the cache;
        the build goes on either way."""
        path = self._manifest_path(output)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            # Left behind, the manifest cannot vouch for what this build writes: a file
            # written gets a new mtime, and a folder replaced whole (every build without
            # a manifest to go by, --no-cache among them) a new mtime of its own, so the
            # manifest's stats of the output folder no longer match and the next build
            # renders everything (tests/test_cache_unwritable.py).
            if self.enabled:
                self.note(_unwritable(path, error))


def _unwritable(path: Path, error: OSError, *, key: bool = False) -> Unwritable:
    """What to tell the user about a cache file that could not be written: where a file
    stands in the way of a folder (the cache folder itself, often), that file. `key`:
    the file is the cache key (errors.cache_write_hint)."""
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        blocking = path.parent
        while not os.path.lexists(blocking) and blocking != blocking.parent:
            blocking = blocking.parent
        if not blocking.is_dir():
            return Unwritable(blocking, "not a folder", cache_write_hint(None, key=key))
    if error.errno == errno.ELOOP:  # the cache folder a link to itself: that link
        looping = path
        while looping != looping.parent and real_path(looping.parent) is None:
            looping = looping.parent
        return Unwritable(looping, LOOPING_LINK, cache_write_hint(None, key=key))
    return Unwritable(path, error.strerror or str(error), cache_write_hint(error.errno, key=key))


def keeps_search_rows(fresh: int, before: bool) -> bool:
    """Whether a build that made `fresh` new search index rows saves the rows (`before`:
    earlier builds had saved some): rewriting them all costs more than making a few
    again next time."""
    return fresh >= _FEW or (fresh > 0 and not before)


class ReadAhead:
    """Cache files read, and their seals checked, by one thread of their own, in order."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self._ready = {name: threading.Event() for name in paths}
        self._found: dict[str, io.BytesIO | None] = {}
        self._stopped = False  # the files not begun yet are not to be read (`stop`)
        # The thread holds its own list: the reader pops what it has taken from `_ready`.
        work = [(name, path, self._ready[name]) for name, path in paths.items()]
        self._thread = threading.Thread(
            target=self._read, args=(work,), name="statusgen cache read-ahead", daemon=True
        )
        self._thread.start()

    def _read(self, work: list[tuple[str, Path, threading.Event]]) -> None:
        for name, path, ready in work:
            if self._stopped:
                self._found[name] = None  # not read: a miss, should anyone ask
                ready.set()
                continue
            try:
                self._found[name] = unsealed_stream(read_input(path))
            except Exception:
                # Absent, unreadable or not a file: a miss, as load() makes of it. Not kept
                # to be raised again: an error raised here and kept would hold the frames
                # it passed, and with them all they held, for the rest of the build (the
                # collector is paused): 67 MB more at the peak of a first build.
                self._found[name] = None
            finally:
                ready.set()

    def take(self, name: str) -> tuple[bool, io.BytesIO | None]:
        """(True, what unsealed_stream gave for the file `name`, or None when it could not
        be read) once read; (False, None) when it was not read ahead or was taken already."""
        ready = self._ready.pop(name, None)
        if ready is None:
            return False, None
        ready.wait()
        return True, self._found.pop(name)

    def drop(self, name: str) -> None:
        """Forget the file `name` (once read, if it is being read)."""
        ready = self._ready.pop(name, None)
        if ready is not None:
            ready.wait()
            self._found.pop(name)

    def read_yet(self, name: str, wait: float) -> bool:
        """Whether the file `name` is read (or will not be), waiting up to `wait` s."""
        ready = self._ready.get(name)
        return ready is None or ready.wait(wait)

    def stop(self) -> None:
        """Read no file not begun yet: the build needs none of them."""
        self._stopped = True

    def settle(self) -> None:
        self._thread.join()


class CachingParser:
    """validate.parse_event, answered from the cache when the file's bytes were seen before."""

    def __init__(self, cache: Cache, parse: Parse, hashes: Mapping[str, str]) -> None:
        self.cache = cache
        self.parse = parse
        self.known_hashes = hashes  # of the bytes the build already read
        self.hashes: dict[str, str] = {}  # relpath → SHA-256 of the bytes read
        self._key: str | None = None
        self._checked_against: tuple[str, ComponentNames | None] | None = None
        self._saved: dict[str, tuple[str, ParseResult]] = {}
        self._results: dict[str, tuple[str, ParseResult]] = {}
        self.misses = 0
        # Saving in a child process (`save_soon`): what it could not write comes back.
        self._apart: Beside[tuple[Unwritable, ...]] | None = None

    def known(
        self, relpaths: Sequence[str], timezone: str, names: ComponentNames | None
    ) -> list[ParseResult | None]:
        """The saved result for each file whose hash the build recorded; None for the
        others (validation then reads the file and calls this parser). One call for all
        the files, each otherwise a few calls deep."""
        known_hashes, hashes, results = self.known_hashes, self.hashes, self._results
        saved: dict[str, tuple[str, ParseResult]] | None = None
        found: list[ParseResult | None] = []
        for relpath in relpaths:
            digest = known_hashes.get(relpath)
            if digest is None:
                found.append(None)
                continue
            if saved is None:
                self._use(timezone, names)
                saved = self._saved
            hit = saved.get(relpath)
            if hit is None or hit[0] != digest:
                found.append(None)
                continue
            hashes[relpath] = digest
            results[relpath] = hit
            found.append(hit[1])
        return found

    def _use(self, timezone: str, names: ComponentNames | None) -> None:
        if (timezone, names) != self._checked_against:
            # Results hold only for the timezone and component names they were checked
            # with: a group's members are named in what a file naming the group is told,
            # and the components' names in the did-you-mean for one it mistypes.
            self._checked_against = (timezone, names)
            self._key = sha256(
                self.cache.zoned(),
                timezone,
                repr(
                    (
                        sorted(names.ids),
                        names.groups,
                        sorted(names.retired),
                        names.titles,
                        # names as shown alone: a did-you-mean offers each component of one
                        names.shown_titles,
                        # which ids a rename may have lost: said in an unknown id's hint
                        sorted(names.from_names),
                        None if names.named_before is None else sorted(names.named_before),
                        # which ids other files name: a past event's unknown id nearly one
                        # of them is told to retire its own first
                        sorted(names.named_elsewhere),
                        # what each page shows: where an event's warnings say it is on no page
                        [(page, sorted(ids)) for page, ids in names.showing],
                        # groups inside a group: what naming one of them is told
                        names.nested,
                        # groups by name: what naming one as the page shows it is told
                        names.group_titles,
                        # ids refused in the components file: what naming one as written is told
                        names.misread,
                    )
                )
                if names is not None
                else "<unknown>",
            )
            saved = self.cache.load(_PARSED, self._key)
            self._saved = saved if isinstance(saved, dict) else {}

    def __call__(
        self, relpath: str, data: bytes, timezone: str, names: ComponentNames | None
    ) -> ParseResult:
        return self.many([(relpath, data)], timezone, names)[0]

    def many(
        self,
        items: Sequence[tuple[str, bytes]],
        timezone: str,
        names: ComponentNames | None,
        jobs: int = 1,
    ) -> list[ParseResult]:
        """The result for each (relpath, bytes), in order; the files not seen before are
        parsed by `jobs` worker processes when there are many (validate.parse_in_order)."""
        from statusgen.validate import parse_in_order

        self._use(timezone, names)
        found: list[tuple[str, str, ParseResult | None]] = []
        for relpath, data in items:
            digest = self.known_hashes.get(relpath) or hashlib.sha256(data).hexdigest()
            self.hashes[relpath] = digest
            saved = self._saved.get(relpath)
            found.append(
                (relpath, digest, saved[1] if saved is not None and saved[0] == digest else None)
            )
        misses = [item for item, (_, _, result) in zip(items, found, strict=True) if result is None]
        if misses:
            self.cache.settle()  # the files are parsed by forked workers when there are many
        parsed = iter(parse_in_order(self.parse, misses, timezone, names, jobs))
        self.misses += len(misses)
        results: list[ParseResult] = []
        for relpath, digest, known in found:
            result = known if known is not None else next(parsed)
            self._results[relpath] = (digest, result)
            results.append(result)
        return results

    def save_soon(self) -> None:
        """Start saving this build's results (`save`) in a forked child when there are
        many to save: at 10,000 incidents working out, pickling and writing them takes
        0.5-0.8 s of CPU, which the build's own steps between here and its end (listing
        its outputs, writing them) leave a CPU free for. Done at the lowest priority, so
        it never slows the workers that render; `save` waits for it to end."""
        if self._saving() and len(self._results) >= _SAVE_APART_FROM:
            from statusgen.forked import Beside

            self._apart = Beside(self._save_now, idle=True)

    def save(self) -> None:
        """Keep this build's results (files since removed are forgotten)."""
        if self._apart is not None:
            # Saved by the child, or here when it could not: a file the child could not
            # write is told as one this process could not.
            self.cache.note(*self._apart.result())
            self._apart = None
        elif self._saving():
            self._save_now()

    def _saving(self) -> bool:
        # Rewriting every result costs more than parsing a few files again next time, so a
        # build that parsed only a few leaves the saved results as they are.
        return self._key is not None and (self.misses >= _FEW or not self._saved)

    def _save_now(self) -> tuple[Unwritable, ...]:
        if self._key is not None:
            from statusgen.status import derive

            # With what status.py works out from each event: loading it back costs a
            # tenth of working it out again (0.01 s against 0.08 s at 10,000 incidents).
            for _, (event, _) in self._results.values():
                if event is not None:
                    derive(event)
            packed = {
                relpath: (digest, (_packed(event), problems))
                for relpath, (digest, (event, problems)) in self._results.items()
            }
            self.cache.save(_PARSED, self._key, packed)
        return tuple(self.cache.unwritable)


class _Slices:
    """Saved parse results in slices (_in_slices), unpickled in order, as many as asked,
    each where it lies in the file's bytes: none is copied out whole first (20 MB at
    10,000 incidents, a tenth of reading them)."""

    def __init__(self, stream: io.BytesIO, sizes: tuple[int, ...]) -> None:
        self._stream = stream
        starts: list[tuple[int, int]] = []
        start = stream.tell()
        for size in sizes:
            if not isinstance(size, int) or size < 0:
                raise ValueError("not the sizes of slices")
            starts.append((start, size))
            start += size
        self._left = starts[::-1]  # (start, size) not unpickled yet, the next one last
        self._results: dict[str, Any] = {}

    def ahead(self, stop: Callable[[], bool]) -> None:
        """Unpickle slices until `stop()` or the last."""
        from statusgen.incremental.safepickle import load

        # As Cache._saved: objects that live as long as the run, kept out of collections.
        with paused(keep=True):
            while self._left and not stop():
                start, size = self._left.pop()
                try:
                    self._stream.seek(start)
                    found = load(self._stream)
                    if self._stream.tell() != start + size:
                        continue  # not the slice its size says: damaged
                except Exception:  # damaged: its files are parsed again
                    continue
                if isinstance(found, dict):
                    self._results.update(found)

    def merged(self) -> dict[str, Any]:
        """Every result: the slices not unpickled yet too."""
        self.ahead(lambda: False)
        return self._results


def _in_slices(key: str, results: list[tuple[str, Any]]) -> tuple[bytes, ...]:
    """The parse results saved under `key`, as the parts of the file in order: a pickle
    of (key, the slices' sizes), then the slices, each a pickle of `_SLICE` files'
    results (reading them can stop between two: Cache.parsed_ahead). Not joined: they
    are written one after the other (20 MB at 10,000 incidents)."""
    import pickle

    slices = [
        pickle.dumps(dict(results[start : start + _SLICE]), protocol=pickle.HIGHEST_PROTOCOL)
        for start in range(0, len(results), _SLICE)
    ]
    head = pickle.dumps((key, tuple(map(len, slices))), protocol=pickle.HIGHEST_PROTOCOL)
    return (head, *slices)


def _packed(event: Incident | Maintenance | None) -> Incident | Maintenance | None:
    """The event to save, its updates pickled apart (model.PACKED_UPDATES), and so the
    values status.py keeps that builds read for few events (status.pack_derived): a
    build unpickles them only when it reads them, and most builds read few. What was
    loaded from the cache and never read is saved as it came."""
    if event is None:
        return event
    import pickle

    from statusgen.model import PACKED_UPDATES
    from statusgen.status import pack_derived

    state = dict(event.__dict__)
    repacked = pack_derived(state)
    if "updates" in state:
        updates = state.pop("updates")
        state[PACKED_UPDATES] = pickle.dumps(updates, protocol=pickle.HIGHEST_PROTOCOL)
        repacked = True
    if not repacked:
        return event
    packed = object.__new__(type(event))
    packed.__dict__.update(state)
    return packed
