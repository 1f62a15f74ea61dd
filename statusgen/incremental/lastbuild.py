"""What the last build into one output folder left, and whether it still stands.

A build opens the folder's record (its manifest) first, asks it whether anything changed
at all (a no-op build stops there), which of the folder's files it may keep, and, once
the new files are written, leaves the record the next build compares with. The checks
themselves are those of manifest.py (inputs) and outputs.py (the output folder), made
by survey.py while the build goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from statusgen.errors import NewSiteInPlace
from statusgen.incremental.inputs import now_ns, quick_options
from statusgen.incremental.store import Cache
from statusgen.incremental.survey import Survey
from statusgen.layout import CACHE_PAGES
from statusgen.write import (
    FileData,
    NewSite,
    Waiting,
    WriteResult,
    check_output_folder,
    current_umask,
    folder_of_its_own,
    holds_site,
    inherited,
    named_files,
    new_site,
    write_site,
)

if TYPE_CHECKING:  # imported where used: a build with nothing to do loads none of them
    from statusgen.errors import Diagnostic
    from statusgen.incremental.checker import FolderChecker
    from statusgen.incremental.inputs import InputRecord
    from statusgen.incremental.manifest import Manifest
    from statusgen.incremental.memory import BuildMemory
    from statusgen.incremental.reuse import Reuse
    from statusgen.model import Event, Page


def open_cache(
    root: Path, *, enabled: bool, page: str | None, memory: BuildMemory | None = None
) -> Cache:
    """The cache folder of the site at `root`, or of its page `page` (audience.py): each
    page keeps its own manifests and memos, as they describe its own output folder. With
    `memory`, what an earlier build of this process read or wrote there is kept."""
    cache = Cache(root, enabled=enabled) if memory is None else memory.cache(root, enabled=enabled)
    if page is not None:
        cache.folder = root / CACHE_PAGES / page
    return cache


def built_into(root: Path, page: str | None, target: Path) -> tuple[str, ...]:
    """The files the site at `root` (its page `page`) recorded writing into `target`, the
    folder its settings name, at its last build there; none without such a record
    (write.output_folder_problem's `built`, as `check` and the settings' checks ask)."""
    cache = open_cache(root, enabled=True, page=page)
    return _files_in(cache.manifest(None), target, cache.folder_built())


def folder_last_built(root: Path, page: str | None) -> Path | None:
    """The folder the last build of the site at `root` (its page `page`) put it in, as
    the settings then named it; None without a record of one inside the site (a record
    outside it may be of the site's copy, whose folder is none of this one's)."""
    recorded = _folder_recorded(open_cache(root, enabled=True, page=page))
    if recorded is None or not Path(recorded).is_relative_to(root.resolve()):
        return None
    return root / Path(recorded).relative_to(root.resolve())  # as the settings name it


def renamed_page(root: Path, pages: Sequence[Page], name: str) -> str | None:
    """The page of `pages` whose output folder the last build of page `name` (one the
    settings no longer name) put it in: the name it was given since; None without one."""
    from statusgen.config import PAGE_NAME

    # A name no page can have has no record, and must not lead outside the cache folder.
    if not PAGE_NAME.fullmatch(name) or any(page.name == name for page in pages):
        return None
    recorded = folder_last_built(root, name)
    if recorded is None:
        return None
    for page in pages:
        if (root / page.output).resolve() == recorded.resolve():
            return page.name
    return None


def _folder_recorded(cache: Cache) -> str | None:
    """The folder (resolved) `cache` notes the settings' `output:` was last built into,
    else the one its manifest records (written before the note existed); None: neither."""
    recorded = cache.folder_built()
    if recorded is None:
        manifest = cache.manifest(None)
        recorded = manifest.output if manifest is not None else None
    return recorded


def _files_in(manifest: Manifest | None, target: Path, noted: str | None = None) -> tuple[str, ...]:
    """The files `manifest` records in its output folder when that is `target`, or when
    `noted`, the folder the cache notes the settings' `output:` was built into (the
    manifest's own, where the site was then: Cache.folder_built), is; else none. A site
    moved or copied keeps its note, which follows it, and its manifest, which does not."""
    if manifest is None or str(target.resolve()) not in (manifest.output, noted):
        return ()
    return tuple(manifest.files)


class LastBuild:
    """The record of the last build into `output` (None: the folder the settings name, or
    those of `page`), read from `cache` when the build starts; `manifest` is None when
    there is none."""

    def __init__(
        self,
        root: Path,
        cache: Cache,
        output: Path | None,
        *,
        now: datetime,
        base_url: str | None,
        page: str | None,
        checker: FolderChecker | None = None,
        waiting: Waiting | None = None,
    ) -> None:
        self.root = root
        # Told what a write waits for, once it waits long (write.building).
        self.waiting = waiting
        self.page = page
        self.cache = cache
        self.output = output
        self.now = now
        self.base_url = base_url
        self.manifest: Manifest | None = cache.manifest(output)
        # Taken before the stats: the record says when its stats were taken (the racy check).
        self.taken = now_ns()
        # Which inputs changed since, and whether its output folder is as it left it:
        # worked out meanwhile (by a child process where it can fork, else by `checker`
        # for the output folder), asked when needed.
        self._survey = Survey(self.manifest, root, checker) if self.manifest is not None else None
        # The clock, options and installed versions a no-op build must find unchanged.
        self.options = quick_options(now, base_url, output, root, page) if cache.enabled else ""
        # Set by `read_inputs`: what this build found, for its own record.
        self.inputs: InputRecord | None = None
        self.digest = ""
        self.salt = ""
        # The manifest, when the folder this build writes is still as it describes.
        self.standing: Manifest | None = None
        # The records of pages the settings build no more (left_behind): dropped once
        # this build has written its site.
        self._gone: list[Cache] = []
        # The folders left behind as the cache notes them (Cache.folders_left), and as
        # left_behind found them still holding the site: noted again by `write` if changed.
        self._left_noted: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._left: dict[str, tuple[str, tuple[str, ...]]] | None = None

    @property
    def surveyed_apart(self) -> bool:
        """Whether a child process works out what changed while this build goes on."""
        return self._survey is not None and self._survey.forked

    def untouched_yet(self) -> bool:
        """Whether the survey has already answered, without this build waiting, that no
        input changed and the options are the same: then `untouched` decides on the
        output folder alone, and whatever was read ahead for a rebuild may go unused."""
        manifest = self.manifest
        if manifest is None or manifest.options != self.options or self._survey is None:
            return False
        return self._survey.inputs_unchanged_yet()

    def untouched(self, changed: frozenset[str] | None) -> bool:
        """No input file touched since the last build (a watcher's empty `changed` says so,
        else their stats), the same clock and options, and the output folder as it was."""
        manifest = self.manifest
        if manifest is None or manifest.options != self.options:
            return False
        if changed is None:
            assert self._survey is not None
            found = self._survey.inputs()
            if found is None or not found[0] or found[1]:
                return False
        elif changed:
            return False
        return self._intact(manifest)

    def read_inputs(self, changed: frozenset[str] | None) -> InputRecord:
        """Every input's stat and hash (only changed files are read), and the digests of
        the site and of what every output's key starts from (InputRecord.digests)."""
        from statusgen.incremental.inputs import InputRecord

        if changed is None and self._survey is not None:
            # The recorded files whose stat still matches are taken as recorded, as when a
            # watcher names what changed; new ones are found by listing their folders.
            found = self._survey.inputs()
            if found is not None:
                changed = frozenset(found[1])
        listing = self._survey.incident_folder if self._survey is not None else None
        inputs = self.inputs = InputRecord(self.manifest, changed, listing)
        self.digest, self.salt = inputs.digests(
            self.root,
            versions=self.cache.zoned(),
            zones=self.cache.zones(),
            now=self.now,
            base_url=self.base_url,
            output=self.output,
            page=self.page,
        )
        return inputs

    def same_site(self) -> bool:
        """Whether files were only touched, holding the same bytes: the same site is
        already in place. Then the record takes the new stats, so the next build need
        not hash them again."""
        manifest, inputs = self.manifest, self.inputs
        assert inputs is not None, "read_inputs first"
        if manifest is None or manifest.inputs != self.digest or not self._intact(manifest):
            return False
        manifest.options, manifest.taken = self.options, self.taken
        manifest.sources, manifest.source_folders = inputs.sources, inputs.folders
        self.cache.save_manifest(manifest, self.output)
        return True

    def reuse(
        self,
        target: Path,
        sources: Mapping[str, str],
        events: Iterable[Event],
        began: datetime,
    ) -> Reuse:
        """The decisions of this build (reuse.py): the files of `target` the last build
        wrote stand while the facts they were rendered from are unchanged, as long as the
        folder is exactly as it left them. `sources`: each input file's SHA-256; `events`:
        the site's, for those changed since that build (reuse.changed_events); `began`:
        when the site's record begins now (status.record_began)."""
        from statusgen.incremental.reuse import Reuse, changed_events

        manifest = self.manifest
        if manifest is not None and self._as_left(manifest, target):
            self.standing = manifest
        before = self.standing
        changed = None
        # Keys carried over unworked must have been made with this build's salt.
        if before is not None and before.salt == self.salt:
            then = _moment(before.now)
            if then is not None:
                read = self.inputs.read if self.inputs is not None else None
                changed = changed_events(
                    events,
                    before.sources,
                    sources,
                    then,
                    self.now,
                    read,
                    record_moved=before.began != began.isoformat(),
                )
        return Reuse(
            salt=self.salt,
            began=began.isoformat(),
            previous=before.keys if before is not None else {},
            previous_reads=before.reads if before is not None else {},
            previous_shapes=before.shapes if before is not None else {},
            previous_pages=before.event_pages if before is not None else (),
            sources=sources,
            enabled=self.cache.enabled,
            changed=changed,
        )

    def new_site(self, target: Path, *, by_workers: bool) -> AbstractContextManager[NewSite | None]:
        """The folder the new site is written into as it renders (write.new_site), when
        rendering is `by_workers` and the output folder will be replaced whole (no record
        of it to update by); else None, and the files are written after (`write`)."""
        if not by_workers or self.standing is not None:
            return nullcontext()
        return new_site(target, self.waiting)

    def built_into(self, target: Path) -> tuple[str, ...]:
        """The files the last build recorded writing into `target`; none when its record
        is of another folder, or there is none (write.output_folder_problem's `built`)."""
        noted = self.cache.folder_built() if self.output is None else None
        return _files_in(self.manifest, target, noted)

    def left_behind(self, target: Path, pages: Sequence[Page]) -> list[Diagnostic]:
        """A warning of the folder the last build put the site (or the page) in, when the
        settings' `output:` now names `target` instead and that folder is still there,
        and of the folder of every page (or the single-page site) that the settings,
        whose `pages` these are, build no more: it keeps what was published (a private
        page's incidents too), and is never deleted for the user. Each is said by every
        build while it holds the site, from a note of the folders and of the files their
        builds wrote there (Cache.folders_left); the records of the pages gone are dropped
        once this build has written its site."""
        if self.output is not None:
            return []  # an `-o` folder's record is its own: no earlier folder to compare
        root = self.root.resolve()
        building = {str(target.resolve())}
        building.update(str((self.root / page.output).resolve()) for page in pages)
        # folder → (why, the files the build that put the site there wrote, when asked)
        found: dict[str, tuple[str, Callable[[], tuple[str, ...]]]] = {}
        before = self.cache.folder_built()
        if before is None and self.manifest is not None:
            before = self.manifest.output  # recorded before the note of the folder existed
        # Said at the `output:` that moved it, when a line names it (config.output_position).
        moved = f"{_built_thing(self.page)} is now built into another folder"
        if before is not None and before not in building:
            # A --no-cache build reads no manifest, but the note it leaves must still name
            # the files that build wrote: without them the user's files put there since
            # are not told apart, and a build back into the folder deletes them.
            files = (
                partial(_files_in, self.manifest, Path(before))
                if self.cache.enabled
                else partial(built_into, self.root, self.page, Path(before))
            )
            found[before] = (moved, files)
        names = {page.name for page in pages}
        noted = self._left_noted = self.cache.folders_left()
        left = list(noted.items())
        for name, cache in _page_records(self.root):
            if (name is None and not pages) or name in names:
                continue  # still built, in this run or by another `build --page`
            self._gone.append(cache)
            recorded = _folder_recorded(cache)
            if recorded is not None and recorded not in building:
                gone = f"page '{name}' is built no more" if name is not None else None
                files = partial(built_into, self.root, name, Path(recorded))
                found.setdefault(recorded, (gone or "the site is now built as its pages", files))
            left += cache.folders_left().items()  # noted by a build of the page gone
        # Folders an earlier build warned of: told again, with the files it knew of there,
        # so a --no-cache build and one with nothing to do tell the same as any other.
        for folder, (what, built) in left:
            if folder not in building:
                found.setdefault(folder, (what, partial(tuple, built)))
        # Outside the site, a record may be of the site's copy, or of the site before it
        # was moved, whose folder is none of this one's to name. A folder that no longer
        # holds a site statusgen built is the user's since (deleted, then made again for
        # something else): nothing of the site's is left in it to warn of.
        self._left = {
            folder: (what, files())
            for folder, (what, files) in sorted(found.items())
            if Path(folder).is_relative_to(root) and holds_site(Path(folder))
        }
        at = (0, 0)
        if any(what == moved for what, _ in self._left.values()):
            from statusgen.config import output_position
            from statusgen.layout import settings_bytes

            at = output_position(settings_bytes(self.root) or b"", self.page)
        return [
            _left_behind(Path(folder), root, what, built, at if what == moved else (0, 0))
            for folder, (what, built) in self._left.items()
        ]

    @property
    def replacing(self) -> bool:
        """Whether `write` replaces the output folder whole (no record vouches for it to be
        updated by): whatever it holds that the new site lacks goes. Known after `reuse`."""
        return self.standing is None

    def write(
        self, target: Path, files: Mapping[str, FileData], new: NewSite | None = None
    ) -> WriteResult:
        """Write the site into `target` (completing `new`, the folder of new_site, if
        any); the old record is dropped first, so a build killed part way never leaves one
        that vouches for files it did not write."""
        self.cache.forget_manifest(self.output)
        before = self.standing
        sizes = None if before is None else {p: s for p, (s, *_) in before.files.items()}
        try:
            written = write_site(target, files, previous=sizes, new=new, waiting=self.waiting)
        except NewSiteInPlace as stopped:
            # The record is saved after the site is in place: without it the next build
            # renders every page again, which the interruption's message says.
            unrecorded = self.cache.enabled
            raise NewSiteInPlace(stopped.previous_left, unrecorded=unrecorded) from None
        if self.output is None:
            # Noted by every build, --no-cache too: the next one warns of this folder
            # if the settings then name another (left_behind).
            if not self.cache.notes_folder_built(target):
                self.cache.keep_folder_built(target)
            if self._left is not None and self._left != self._left_noted:
                self.cache.keep_folders_left(self._left)
            for gone in self._gone:  # its folders now noted in this page's cache (left_behind)
                gone.keep_folders_left({})
                gone.forget_folder_built()
                gone.forget_manifest(None)
        return written

    def record(
        self,
        target: Path,
        files: Mapping[str, FileData],
        written: WriteResult,
        reuse: Reuse,
        *,
        base_url: str,
        warnings: Sequence[Diagnostic],
    ) -> None:
        """Leave what the next build into `target` compares with: the inputs as read, each
        output file's size, mtime, ctime and key, the facts each read while it rendered, and the
        `warnings` this build said (a build that finds the site in place says them again)."""
        inputs = self.inputs
        assert inputs is not None, "read_inputs first"
        # A folder the build could not remove is not in its record, which vouches for
        # the folder as a clean build leaves it: without one, the next build replaces it.
        # Nor is there a record when an output was made from a file saved again after the
        # build fingerprinted it (InputRecord.made_from): the record would say it was made
        # from the bytes the next build finds, and keep it. Without one, the next build
        # makes every output again (a save during a build is rare; a stale page is not).
        if not self.cache.enabled or written.kept_folders or inputs.moved:
            return
        from statusgen.incremental.manifest import Manifest, recorded_warnings
        from statusgen.incremental.outputs import snapshot

        # Files kept in place (None) still have the stat the manifest recorded, and
        # folders nothing was written into or removed from their mtime.
        before = self.standing
        kept = before.files if before is not None else {}
        folder_files, folders = snapshot(
            target, files, kept, before.folders if before is not None else {}
        )
        manifest = Manifest(
            output=str(target.resolve()),
            base_url=base_url,
            inputs=self.digest,
            keys=reuse.keys,
            files=folder_files,
            folders=folders,
            total_bytes=written.bytes,
            options=self.options,
            sources=inputs.sources,
            source_folders=inputs.folders,
            taken=self.taken,
            salt=self.salt,
            reads=reuse.reads,
            shapes=reuse.shapes,
            event_pages=tuple(reuse.pages),
            now=self.now.isoformat(),
            began=reuse.began,
            warnings=recorded_warnings(warnings),
            umask=current_umask(),
            file_mode=written.modes[0] if written.modes is not None else -1,
            folder_mode=written.modes[1] if written.modes is not None else -1,
            group=written.group if written.group is not None else -1,
            inherited=inherited(target),
        )
        self.cache.save_manifest(manifest, self.output)

    def close(self) -> None:
        """Let go of the child surveying the inputs, whatever it has not answered yet."""
        if self._survey is not None:
            self._survey.close()

    def converted_ahead(self) -> dict[str, str]:
        """The Markdown conversions of the changed and added incident files' messages
        that the child surveying the inputs has made by now (Survey.converted_yet): never
        waited for."""
        return self._survey.converted_yet() if self._survey is not None else {}

    def _as_left(self, manifest: Manifest, target: Path) -> bool:
        """Whether `target` is the manifest's output folder, exactly as its build left it."""
        assert self._survey is not None
        return manifest.output == str(target.resolve()) and self._survey.output_intact()

    def _intact(self, manifest: Manifest) -> bool:
        """Whether the manifest's output folder is exactly as its build left it; a user
        mistake when it is no output folder (labelled with -o when one was given)."""
        # The pages' static folders were checked against it by the build that wrote it,
        # under the same settings (a change to them is no no-op): their names are not read
        # again here, where a no-op build reads no YAML (nor the other pages' folders, which
        # the folder a hint offers would be compared with: folder_of_its_own). What the
        # folder holds is the survey's to vouch for: a file or folder added to it makes this
        # build a full one, which checks them.
        check_output_folder(
            self.root,
            Path(manifest.output),
            pages=(),
            from_option=self.output is not None,
            own=folder_of_its_own(self.root, self.page, ()),
            recorded=True,
            page=self.page,
        )
        assert self._survey is not None
        return self._survey.output_intact()


def _page_records(root: Path) -> list[tuple[str | None, Cache]]:
    """The cache folder of the single-page site at `root` (None) and of each page it
    holds one of (open_cache), whatever the settings say now, in name order."""
    found: list[tuple[str | None, Cache]] = [(None, open_cache(root, enabled=True, page=None))]
    with suppress(OSError):
        names = sorted(p.name for p in (root / CACHE_PAGES).iterdir() if p.is_dir())
        found += [(name, open_cache(root, enabled=True, page=name)) for name in names]
    return found


def _built_thing(page: str | None) -> str:
    """What a warning of a folder left behind says was built there: the page or the site."""
    return f"page '{page}'" if page is not None else "the site"


def _left_behind(
    folder: Path, root: Path, what: str, built: Collection[str], at: tuple[int, int] = (0, 0)
) -> Diagnostic:
    """The warning of `folder`, in the site at `root`, where the last build of a page put
    it: `what` says why it is built there no more; `built`, the files its record says that
    build wrote there (none: no record, kept by builds with the cache only); `at`, the line
    and column of the `output:` that moved it ((0, 0): no line to name)."""
    from statusgen.errors import Diagnostic, Severity
    from statusgen.layout import SETTINGS_FILE

    shown = folder.relative_to(root).as_posix()
    others = _not_built(folder, built) if built else []
    if others:
        # Files of the user's beside the site: deleting the folder would take them too.
        named = named_files(others)
        return Diagnostic(
            SETTINGS_FILE,
            *at,
            f"{what}; {shown}/, {LEFT_BEHIND}, still holds everything it published then, "
            f"beside what that build did not write there ({named})",
            f"if nothing serves the site there any more, move {named} out of {shown}/ "
            f"first, then delete {shown}/ (statusgen never deletes it)",
            Severity.WARNING,
            also=(f"{shown}/",),
        )
    # Without a record (a build without the cache put the site there) what else the
    # folder holds cannot be told: the hint asks the user to look.
    unknown = "" if built else " and it holds nothing else of yours"
    return Diagnostic(
        SETTINGS_FILE,
        *at,
        f"{what}; {shown}/, {LEFT_BEHIND}, is left as it was, with everything it published then",
        f"delete {shown}/ if nothing serves it any more{unknown} (statusgen never deletes it)",
        Severity.WARNING,
        also=(f"{shown}/",),
    )


# How the warning of a folder left behind names it (_left_behind), and how a build with
# nothing to do, saying the last build's warnings again, knows it (still_left_behind).
LEFT_BEHIND = "where the last build put it"


def users_files_left(root: Path, target: Path) -> list[str]:
    """What `target` holds beside the files the build that left the site there wrote, as
    a note of a folder left behind records them (Cache.folders_left, of the site or of any
    of its pages, gone ones too): the user's files (_not_built), which building into the
    folder again must not delete; none when no note records that build's files."""
    folder = str(target.resolve())
    for _, cache in _page_records(root):
        built = cache.folders_left().get(folder, ("", ()))[1]
        if built:
            return _not_built(Path(folder), built)
    return []


def _not_built(folder: Path, built: Collection[str]) -> list[str]:
    """What `folder` holds that the build which wrote `built` (its files, relative to it)
    did not write: files, and folders holding none of those files, in name order."""
    written = set(built)
    holding = {parent for path in written for parent in _parents(path)}
    found: list[str] = []
    for place, folders, names in os.walk(folder):
        here = Path(place).relative_to(folder).as_posix()
        prefix = "" if here == "." else f"{here}/"
        folders.sort()
        kept = [name for name in folders if f"{prefix}{name}" in holding]
        found += [f"{prefix}{name}/" for name in folders if name not in kept]
        folders[:] = kept  # the user's folders are named, not walked
        found += [f"{prefix}{name}" for name in sorted(names) if f"{prefix}{name}" not in written]
    return sorted(found)


def _parents(path: str) -> list[str]:
    """The folders `path` (relative, with `/`) lies in, the outermost first: a/b/c → a, a/b."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def still_left_behind(
    warnings: Iterable[Diagnostic], root: Path, cache: Cache
) -> tuple[Diagnostic, ...]:
    """The recorded `warnings` a build with nothing to do says again, those of a folder
    left behind (_left_behind) as a build would say them now, from the note in `cache`
    (Cache.folders_left): the user's files put there since are named, and a folder that
    no longer holds the site (deleted as the hint said) is warned of no more; nor is a
    private page's folder that git now ignores (.gitignore is no input of the build)."""
    said = tuple(warnings)
    if not said:  # most builds: nothing more to import
        return said
    from statusgen.config import private_output_still_unignored

    said = tuple(d for d in said if private_output_still_unignored(root, d))
    from statusgen.layout import SETTINGS_FILE

    found: list[Diagnostic] = []
    noted: dict[str, tuple[str, tuple[str, ...]]] | None = None
    for d in said:
        if not (d.path == SETTINGS_FILE and LEFT_BEHIND in d.message and len(d.also) == 1):
            found.append(d)
            continue
        folder = (root / d.also[0]).resolve()
        if not holds_site(folder):
            continue
        if noted is None:  # read only when the last build warned of such a folder
            noted = cache.folders_left()
        if str(folder) in noted:
            what, built = noted[str(folder)]
            # The settings are as the last build read them: the same line.
            found.append(_left_behind(folder, root.resolve(), what, built, (d.line, d.column)))
        else:
            found.append(d)  # not noted (a cache folder it could not write): as it was said
    return tuple(found)


def _moment(text: str) -> datetime | None:
    """The clock a manifest recorded; None when it recorded none (or a damaged one)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
