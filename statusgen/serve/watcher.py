"""Watch a site's sources and rebuild once per batch of changes, and as the clock moves
the pages on (`clock_due`) when the preview's "now" is the time of day.

Only statusgen.yaml, content/, themes/, static/, data/ (what `statusgen probe` records),
translations/ and the pages' own static folders are watched, and the folders of the site
the last build read through a link out of them (`static/notes -> ../notes`, or an incident
file kept in `archive/`): a recursive watch on the whole site folder would also walk .git,
a virtualenv and the output. Editor leftovers
(swap files, backups, vim's `4913` probe: layout.editor_leftover), version control's
records (`.git`: layout.VERSION_CONTROL) and the cache folder never trigger a build,
except where the build reads them or fails on them: an `x.md~` in content/incidents/ is
an error of the build. One in a static folder is only warned about
(it is not published), and the next rebuild says so.
"""

from __future__ import annotations

import gc
import os
import queue
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import watchfiles

from statusgen.collector import paused
from statusgen.errors import Diagnostic, StatusgenError
from statusgen.layout import (
    CACHE_FOLDER,
    INCIDENTS_DIR,
    SETTINGS_FILE,
    SOURCE_FOLDERS,
    VERSION_CONTROL,
    editor_leftover,
    listed_pages,
    looked_at_in_incidents,
)
from statusgen.render.terminal import printable
from statusgen.serve.server import LiveSite

# watchfiles yields once no change arrived for STEP ms (a save is several events, written
# within a millisecond or two), and at the latest after DEBOUNCE ms while changes keep
# coming (a `git checkout`). A batch ends one to two steps after the save, and each watch
# wakes once a step, idle or not: measured on the example site, save to batch was 20 ms
# at 10 ms (the two watches woke the CPU 200 times a second), 41 ms at 25 (80 times), 81
# ms at 50 and 144 ms at 100 (20 times). The source folders, where saves are the preview's
# work, keep a short step; the site folder's watch (statusgen.yaml, whose save rebuilds
# every page anyway, and folders coming or going) a long one. A save split in two only
# costs a second, incremental build.
STEP_MS = 25
SETTINGS_STEP_MS = 100
DEBOUNCE_MS = 1600
# How long after a rebuild the preview sweeps up what it left (see `watch_and_rebuild`):
# by then the browser has reloaded, so the sweep delays neither.
SWEEP_AFTER_S = 1.0
# A preview that follows the clock rebuilds at least this often, on the minute: durations
# so far and "as of" are shown in minutes.
CLOCK_STEP = timedelta(minutes=1)
# The longest the preview waits for the clock in one go: a wait counts the time the
# machine runs, and after it slept (a laptop's lid closed) the clock is read again soon.
CLOCK_WAIT_S = 60.0

Log = Callable[[str], None]


@dataclass(frozen=True)
class Built:
    """What a build reports back to the preview."""

    # The path of base_url as it writes it (percent-encoded): "/" or e.g. "/status/".
    base_path: str
    files: int  # files in the site
    changed: int  # files written, changed or removed; 0 means open pages need no reload
    removed: int = 0  # of those, the files removed (said apart, as `build` says them)
    # What `build` would warn about (a language without a catalog, a left-out static file).
    warnings: tuple[Diagnostic, ...] = ()
    # The input folders it read, and those its linked input files lead into, relative to
    # the site (build.BuildResult.read_folders): where a link among them leads is watched
    # too (SourceWatcher.follow).
    read_folders: tuple[str, ...] = ()
    # The clock it built for (None: not known), and the first moment after it at which the
    # site changes by the clock alone, worked out when asked (build.BuildResult.next_change):
    # when a preview that follows the clock rebuilds (`clock_due`).
    now: datetime | None = None
    next_change: Callable[[], datetime | None] = lambda: None
    # The headers its _headers sends for an address (a path from the site's root), as
    # (name, value) pairs (site_files.headers_sent): the preview sends them too.
    headers: Callable[[str], tuple[tuple[str, str], ...]] = lambda address: ()


@dataclass(frozen=True)
class Batch:
    """Source paths changed since the last batch, as the watcher saw them settle."""

    paths: frozenset[str]
    # False when the watch of the source folders started over since the last batch: a
    # save made meanwhile went unseen, so the build must look at every input.
    complete: bool = True
    # No file changed: the clock reached a moment the pages change at (`clock_due`).
    clock: bool = False
    # What the watcher has to say, once each (a name it cannot watch by).
    notices: tuple[str, ...] = ()
    # No file seen changing: folders just watched (`SourceWatcher.follow`), which may have
    # changed before their watch was in place, for the build to look at again.
    recheck: bool = False
    # Those of `paths` that came and went within the batch (an editor's temp file renamed
    # over the file it saves, `sed -i`'s): no build read them, so they are no change to
    # name; the build is told them all the same (a file deleted, made again and deleted
    # between two batches is among them, and it may have read that one).
    passing: frozenset[str] = frozenset()


# Builds the site into the folder it is given, told which files changed since its last build
# (None: it must look at every input); raises StatusgenError on user mistakes.
Builder = Callable[[Path, "frozenset[Path] | None"], Built]


class WarningLog:
    """Says a site's warnings as `build` does, and after a rebuild only when they changed.

    A preview rebuilds on every save: the same block after each would bury the lines
    that matter, while a warning that appears or goes away is news."""

    def __init__(self, root: Path, log: Log) -> None:
        self.root = root
        self.log = log
        self.said: tuple[Diagnostic, ...] = ()

    def say(self, warnings: tuple[Diagnostic, ...]) -> None:
        """Log `warnings` unless they are the ones last said; "No warnings left" once none are."""
        if warnings == self.said:
            return
        if warnings:
            # Imported only when there is something to say, as `build` does.
            from statusgen.report import format_text, relative_to_cwd

            self.log(format_text(relative_to_cwd(warnings, self.root)).rstrip("\n"))
        else:
            self.log("No warnings left.")
        self.said = warnings


class SourceFilter(watchfiles.DefaultFilter):
    """Changes worth a rebuild: not editor leftovers, caches or build output, unless the
    build of the site at `root` reads or reports them."""

    # Only what no build reads: watchfiles' own lists would also skip a published
    # `logo.swf`, `static/node_modules/` or `static/__pycache__/`, and the preview would
    # keep their old bytes. Editor leftovers are layout.editor_leftover's (below), the
    # rule that keeps them out of the site too.
    ignore_dirs = (CACHE_FOLDER, *sorted(VERSION_CONTROL))
    ignore_entity_patterns = (r"^\.statusgen-(new|old)-",)  # a build's staging folders

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._incidents = f"{root / INCIDENTS_DIR}{os.sep}"

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        # An entry the build reads or reports must rebuild when it comes or goes, or the
        # preview would show an error that removing the file does not clear (or none
        # where `build` fails). A vim save there still rebuilds once: its `4913` comes
        # and goes with the saved file's own events.
        if path.startswith(self._incidents):
            relpath = path[len(self._incidents) :].replace(os.sep, "/")
            return looked_at_in_incidents(relpath)
        return not editor_leftover(os.path.basename(path)) and super().__call__(change, path)


# Set by the signal that stops the preview (Ctrl-C, `kill`: cli.serve). The
# KeyboardInterrupt it raises lands wherever the main thread is; in a weakref callback or
# a finalizer run by a garbage collection during a rebuild, Python reports it and drops
# it, and the preview went on. The loop waiting for changes sees the flag instead.
STOP_ASKED = threading.Event()


class WatchFailed(Exception):
    """A watch ended and cannot go on: the preview stops rather than serve a stale site."""


def resolved(root: Path, names: Iterable[str]) -> list[Path]:
    """The folders `names` (relative to `root`) lead to, links followed; one whose link is
    removed while it is resolved (between reading that it is a link and reading where it
    leads) is left out: it is gone, and the build its removal starts says so. Resolved as
    it was, the error stopped the preview."""
    real: list[Path] = []
    for name in names:
        try:
            real.append(Path(os.path.realpath(root / name)))
        except OSError:
            continue
    return real


class SourceWatcher:
    """Batches of changed source paths of the site at `root`, until `stop` is set."""

    def __init__(self, root: Path, stop: threading.Event) -> None:
        self.root = root.absolute()
        self.stop = stop
        # The changed paths, as each watch saw them settle; None only wakes `batches` to
        # look at `stop` and STOP_ASKED. Every wait here blocks until there is something to
        # do: a poll, five times a second in each of three threads, kept an idle preview
        # waking the CPU.
        # Each change is kept with its kind: a file that came and went within a batch is
        # shown apart (Batch.passing).
        self._changes: queue.Queue[set[tuple[watchfiles.Change, str]] | None] = queue.Queue()
        # Set when the source folders' watch must start over (one came, went or was
        # replaced, or the settings name others: a page's `static:`), and only then: a
        # watch starting over drops the changes it had not reported yet, and sees nothing
        # until it is in place again. `_restarts` counts those moments (the batch after
        # one is not complete), `_in_place` is set once the new watch is, `_watched` is
        # what it watches.
        self._regrow = threading.Event()
        self._restarts = 0
        self._in_place = threading.Event()
        self._watched: tuple[Path, ...] = ()
        # The folders of the site the last good build read outside the source folders, a
        # link leading there (`follow`), watched apart: the source folders' watch goes on
        # while links come and go. `_relink` is set when they change, `_linked_ready` once
        # their watch is in place.
        self._linked: frozenset[Path] = frozenset()
        self._relink = threading.Event()
        self._linked_ready = threading.Event()
        # The folders `follow` put as changed for one more build to look at: no save was
        # seen there, so that batch is said to be none.
        self._rechecked: set[str] = set()
        self._filter = SourceFilter(self.root)
        self._threads: list[threading.Thread] = []
        # What `batches` says with the next batch, and the names it has said it of.
        self._notices: queue.Queue[str] = queue.Queue()
        self._undecodable: set[str] = set()
        # Why a watch ended for good (a bug, not a name): `batches` raises it as WatchFailed.
        self._failed: str | None = None

    def start(self, timeout: float = 5.0) -> None:
        """Start watching; returns once the watches are in place, so no later save is missed."""
        settings_ready, trees_ready = threading.Event(), self._in_place
        self._threads = [
            threading.Thread(
                target=self._or_stop(self._watch_settings),
                args=(settings_ready,),
                name="watch-settings",
            ),
            threading.Thread(target=self._or_stop(self._watch_trees), name="watch-sources"),
            threading.Thread(target=self._or_stop(self._watch_linked), name="watch-linked"),
            threading.Thread(target=self._wake_on_stop, name="watch-stop"),
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()
        settings_ready.wait(timeout)
        trees_ready.wait(timeout)

    def batches(self, until: Callable[[], float | None] = lambda: None) -> Iterator[Batch]:
        """Each batch of changed paths, once its changes settle, and an empty one, for the
        clock, once `until` (asked before each wait) says no seconds are left (None: the
        clock is not waited for); ends when `stop` is set."""
        if not self._threads:
            self.start()
        # Counted from the start: a restart during the first build is one it may have missed.
        seen = 0
        try:
            while not self.stop.is_set():
                if STOP_ASKED.is_set():
                    raise KeyboardInterrupt  # the signal's own was dropped (STOP_ASKED)
                if self._failed is not None:
                    raise WatchFailed(self._failed)
                left = until()
                if left is not None and left <= 0:
                    yield Batch(frozenset(), complete=self._restarts == seen, clock=True)
                    seen = self._restarts
                    continue
                try:
                    batch = self._changes.get(timeout=left)
                except queue.Empty:
                    continue  # the clock's turn, or time to read it again
                if batch is None:
                    continue  # woken to look at the flags, set before the wake
                restarts = self._restarts
                # Held until a watch starting over is in place: a build started sooner
                # could read a file before a save that no watch would see.
                self._in_place.wait(5.0)
                # Both watches may have seen the same save; build once for all of it.
                while not self._changes.empty():
                    batch |= self._changes.get_nowait() or set()
                notices = []
                while not self._notices.empty():
                    notices.append(self._notices.get_nowait())
                paths = frozenset(path for _, path in batch)
                recheck = paths <= self._rechecked
                self._rechecked.clear()
                yield Batch(
                    paths,
                    complete=restarts == seen,
                    notices=tuple(notices),
                    recheck=recheck,
                    passing=_passing(batch),
                )
                seen = restarts
            if self._failed is not None:
                raise WatchFailed(self._failed)
        finally:
            self.stop.set()
            for thread in self._threads:
                thread.join(timeout=5)

    def _or_stop(self, watch: Callable[..., None]) -> Callable[..., None]:
        """`watch`, run on its thread, stopping the watcher when it fails: a watch that died
        in silence left the preview serving a stale site, its saves never rebuilt."""

        def run(*args: object) -> None:
            try:
                watch(*args)
            except Exception as error:
                self._failed = f"{type(error).__name__}: {error}"
                self.stop.set()
                self._changes.put(None)

        return run

    def _wake_on_stop(self) -> None:
        # Once `stop` is set (by `batches` as it ends, or by whoever runs the preview),
        # every wait of the watcher ends.
        self.stop.wait()
        self._changes.put(None)
        self._regrow.set()
        self._relink.set()

    def _watch_settings(self, ready: threading.Event) -> None:
        # The site folder itself, not recursively: statusgen.yaml (editors often replace it
        # by renaming, which a watch on the file alone would lose) and the source folders.
        # It also ends on STOP_ASKED, whose interrupt may have been dropped, and then wakes
        # `batches` to raise it: watchfiles asks its stop at every step anyway.
        stop = _Stop(ready, self.stop, STOP_ASKED)
        try:
            watch = self._watch(self.root, recursive=False, stop=stop, step=SETTINGS_STEP_MS)
            for changes in watch:
                names = {Path(path).name: path for _, path in changes}
                sources = self._sources()
                # Not on every save of the settings: only when they name other folders (a
                # page's own `static:`), or a folder itself came, went or was replaced.
                if any(n in names for n in sources) or self._folders(sources) != self._watched:
                    self._in_place = threading.Event()
                    self._restarts += 1
                    self._regrow.set()
                # A name the watch could not decode ended it, and it may have dropped a save
                # of the settings: counted as changed, so the next build reads them too.
                paths = {
                    path
                    for name, path in names.items()
                    if name in (SETTINGS_FILE, *sources) or path in self._undecodable
                }
                if paths:
                    self._changes.put(_modified(paths))
        finally:
            self._changes.put(None)

    def _sources(self) -> tuple[str, ...]:
        """The site's source folders, and the top folder of each page's own static files."""
        own = {p.static.split("/")[0] for p in listed_pages(self.root) if p.static is not None}
        return (*SOURCE_FOLDERS, *sorted(own - set(SOURCE_FOLDERS)))

    def _folders(self, sources: Iterable[str]) -> tuple[Path, ...]:
        """Those of the site's source folders `sources` that are there to be watched."""
        return tuple(self.root / name for name in sources if (self.root / name).is_dir())

    def follow(self, read_folders: Iterable[str]) -> tuple[list[Path], list[Path]]:
        """Watch the folders a build read (relative to the site) where links lead out of the
        source folders, and only those; the folders it starts and stops watching.

        A watch does not follow a link made after it started (`ln -s ../notes static/notes`):
        the build, which reads through it, says where it leads."""
        site = Path(os.path.realpath(self.root))
        sources = resolved(self.root, self._sources())
        # The site's own (the built-in theme's are absolute); a link out of it fails the build.
        real = set(resolved(self.root, (n for n in read_folders if not os.path.isabs(n))))
        linked: list[Path] = []
        # Sorted, so a folder comes before those inside it, which its watch covers.
        for folder in sorted(real):
            if folder == site or not folder.is_relative_to(site) or not folder.is_dir():
                continue
            if not any(folder.is_relative_to(watched) for watched in (*sources, *linked)):
                linked.append(folder)
        # Named from the site as the watcher names it, as the build is told changed files.
        now = frozenset(self.root / folder.relative_to(site) for folder in linked)
        before = self._linked
        if now == before:
            return [], []
        self._linked_ready = threading.Event()
        self._linked = now
        self._relink.set()
        self._linked_ready.wait(5.0)
        added = sorted(self._linked - before)
        if added:
            # Changed after the build read it and before its watch was in place, a file
            # there would go unseen: one more build, told to look there.
            rechecked = {str(folder) for folder in added}
            self._rechecked |= rechecked
            self._changes.put(_modified(rechecked))
        return added, sorted(before - self._linked)

    def _watch_linked(self) -> None:
        while not self.stop.is_set():
            self._relink.clear()
            ready = self._linked_ready
            folders = sorted(folder for folder in self._linked if folder.is_dir())
            if not folders:
                ready.set()
                self._relink.wait()
                continue
            stop = _Stop(ready, self.stop, self._relink)
            for changes in self._watch(*folders, recursive=True, stop=stop):
                self._changes.put(changes)

    def _watch_trees(self) -> None:
        while not self.stop.is_set():
            # Cleared before the folders are listed: a change after that asks again.
            self._regrow.clear()
            ready = self._in_place
            folders = self._watched = self._folders(self._sources())
            if not folders:
                ready.set()
                self._regrow.wait()
                continue
            stop = _Stop(ready, self.stop, self._regrow)
            for changes in self._watch(*folders, recursive=True, stop=stop):
                self._changes.put(changes)

    def _watch(
        self, *paths: Path, recursive: bool, stop: _Stop, step: int = STEP_MS
    ) -> Iterator[set[tuple[watchfiles.Change, str]]]:
        while True:
            try:
                yield from watchfiles.watch(
                    *paths,
                    watch_filter=self._filter,
                    step=step,
                    debounce=DEBOUNCE_MS,
                    stop_event=stop,
                    recursive=recursive,
                    raise_interrupt=False,
                )
                return
            except RuntimeError as error:
                # watchfiles ends its watch at a change to a name that is not UTF-8 (which
                # `build` publishes by its bytes), dropping the other changes it held: the
                # name counts as changed, the build looks at every file (a restart), and
                # the watch starts over.
                path = _undecodable_path(str(error))
                if path is None:
                    raise
                self._restarts += 1
                if path not in self._undecodable:
                    self._undecodable.add(path)
                    self._notices.put(
                        f"{_shown(self.root, path)}: the name is not UTF-8, so each change to it"
                        " makes the preview read the whole site again; rename it"
                    )
                yield {(watchfiles.Change.modified, path)}


class _Stop:
    """A stop event for watchfiles: set when any of `events` is.

    watchfiles first asks it once its watches are in place, which sets `ready`: the one
    sign that changes from then on will be seen.
    """

    def __init__(self, ready: threading.Event, *events: threading.Event) -> None:
        self.ready = ready
        self.events = events

    def is_set(self) -> bool:
        self.ready.set()
        return any(event.is_set() for event in self.events)


# How watchfiles names the path it cannot decode: as Rust prints it, each byte that is not
# UTF-8 written `\xE9`, other characters escaped as in a Rust string.
_UNDECODABLE = re.compile(r'^Unable to decode path "(.*)" to string$', re.DOTALL)
_RUST_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]+\}|.)", re.DOTALL)
_RUST_CHARS = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}


def _undecodable_path(message: str) -> str | None:
    """The path a watchfiles error says it cannot decode, as Python names it (the bytes
    that are not UTF-8 as surrogates, os.fsdecode); None for any other error."""
    match = _UNDECODABLE.match(message)
    if match is None:
        return None
    data = bytearray()
    at = 0
    for escape in _RUST_ESCAPE.finditer(match[1]):
        data += match[1][at : escape.start()].encode()
        code = escape[1]
        if code[0] == "x":
            data.append(int(code[1:], 16))
        elif code[0] == "u" and len(code) > 1:
            data += chr(int(code[2:-1], 16)).encode()
        else:
            data += _RUST_CHARS.get(code, code).encode()
        at = escape.end()
    data += match[1][at:].encode()
    return os.fsdecode(bytes(data))


def rebuild(
    live: LiveSite,
    builder: Builder,
    log: Log,
    changed: frozenset[Path] | None = None,
    warnings: WarningLog | None = None,
    root: Path | None = None,
    *,
    quiet: bool = False,
) -> Built | None:
    """Build into the live site and publish the result, or the errors; what the build
    reported, or None when it failed.

    `changed`: the source files changed since the last build (None: unknown). `warnings`
    says the build's warnings when they differ from the last ones said. `root`, the site:
    the errors name its files from the current folder, as `check` and the warnings do.
    `quiet`: a build that succeeds is not said (one for the clock, every minute, would
    bury the lines that matter).

    The garbage collector waits until the result is published: a pass over what the
    build allocated (20-30 ms at 10,000 incidents) would come before the reload."""
    started = time.perf_counter()
    with live.building(), paused():
        try:
            built = builder(live.folder, changed)
        except StatusgenError as error:
            from statusgen.report import format_text, relative_to_cwd

            # As `check` prints them: a warning or a draft's notice beside the errors is
            # labelled so, never passed off as one more error.
            shown = error.diagnostics if root is None else relative_to_cwd(error.diagnostics, root)
            text = format_text(shown).rstrip("\n")
        except Exception:
            # A bug, not a user mistake, but a preview that dies on it helps nobody: show it
            # in the page and the terminal, and keep serving the last good site.
            text = traceback.format_exc()
        else:
            live.publish_success(built.base_path, changed=built.changed > 0, headers=built.headers)
            seconds = time.perf_counter() - started
            # Before the summary line, as `build` puts them.
            if warnings is not None:
                warnings.say(built.warnings)
            if not quiet:
                from statusgen.report import plural
                from statusgen.write import said_changes

                changes = said_changes(built.changed - built.removed, built.removed)
                log(f"Built {plural(built.files, 'file')} ({changes}) in {seconds:.2f} s")
            return built
        live.publish_failure(text)
    had_site = bool(live.snapshot().generation)
    still = "; still serving the last good site" if had_site else ""
    log(f"Build failed{still}:\n{text}")
    return None


def follow_links(watcher: SourceWatcher, built: Built, log: Log) -> None:
    """Watch where the links `built` read through lead (SourceWatcher.follow), saying so."""
    added, dropped = watcher.follow(built.read_folders)
    for folder in added:
        log(f"Watching {_shown(watcher.root, str(folder))}/ too: the site reads it through a link")
    for folder in dropped:
        log(f"No longer watching {_shown(watcher.root, str(folder))}/: no link leads there")


def clock_due(built: Built) -> datetime | None:
    """When a preview that follows the clock rebuilds after `built` with no file changed:
    at the next whole minute, or sooner at the next moment the site changes by the clock
    (a window's start, a monitor going stale), from the second the clock reads it in;
    None when the build did not say which clock it built for."""
    if built.now is None:
        return None
    minute = built.now.replace(second=0, microsecond=0) + CLOCK_STEP
    change = built.next_change()
    if change is None:
        return minute
    # The clock reads whole seconds: a monitor stale a microsecond after 12:00:00 is
    # stale to a build at 12:00:01, not to one at 12:00:00.
    if change.microsecond:
        change = change.replace(microsecond=0) + timedelta(seconds=1)
    return min(minute, change)


def watch_and_rebuild(
    watcher: SourceWatcher,
    live: LiveSite,
    builder: Builder,
    log: Log,
    *,
    last: Built | None = None,
    warnings: WarningLog | None = None,
    clock: Callable[[], datetime] | None = None,
    moved: Callable[[str], None] = lambda base_path: None,
) -> None:
    """Rebuild after every batch of source changes, until the watcher stops; with `clock`
    (the preview's "now" is the time of day), also when the clock moves (`clock_due`).

    `last`: the last build, when it succeeded with the watcher already watching: its
    record is what the next build compares the changed files with. `moved` is told the
    new base path when a build moves the site to another one (base_url's path changed)."""
    # A build leaves reference cycles behind (the template environment, the outputs and
    # their render functions): 12 MB at 10,000 incidents. Builds run without the
    # collector, and between them a preview allocates little, so they would pile up until
    # a full collection came at last, taking seconds. Swept once the preview is idle
    # instead (0.1 s), memory stays where the first build left it.
    sweep = _sweep_later()

    def due_after(built: Built | None) -> datetime | None:
        # Asked once the build is served. None after a failed build: it waits for the save
        # that fixes it.
        return clock_due(built) if clock is not None and built is not None else None

    def until() -> float | None:
        if clock is None or due is None:
            return None
        return min((due - clock()).total_seconds(), CLOCK_WAIT_S)

    due = due_after(last)
    for batch in watcher.batches(until):
        sweep.cancel()
        for notice in batch.notices:
            log(printable(notice))
        # A folder just watched, looked at again, is no change the user made.
        shown = () if batch.clock or batch.recheck else batch.paths - batch.passing
        names = sorted(_shown(watcher.root, path) for path in shown)
        if names:
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            # A file's name is the site's text too (a pull brings names nobody typed here).
            log(printable(f"Changed: {', '.join(names[:3])}{more}"))
        # The watcher saw every change since the last build: the build need not look for
        # others (after a failed build, or when its watch started over meanwhile, the next
        # one still checks everything).
        paths = frozenset(Path(path) for path in batch.paths)
        told = paths if last is not None and batch.complete else None
        served = live.snapshot().base_path
        quiet = batch.clock or batch.recheck
        last = rebuild(live, builder, log, told, warnings, watcher.root, quiet=quiet)
        if last is not None:
            follow_links(watcher, last, log)
            if last.base_path != served:
                moved(last.base_path)
        due = due_after(last)
        sweep = _sweep_later()
    sweep.cancel()


def _modified(paths: Iterable[str]) -> set[tuple[watchfiles.Change, str]]:
    """`paths` as changes a watch saw: changed, come or gone, it does not say which."""
    return {(watchfiles.Change.modified, path) for path in paths}


def _passing(changes: set[tuple[watchfiles.Change, str]]) -> frozenset[str]:
    """The paths of `changes` that came within them and are gone again (Batch.passing)."""
    return frozenset(
        path
        for change, path in changes
        if change == watchfiles.Change.added and not os.path.lexists(path)
    )


def _sweep_later() -> threading.Timer:
    """A full garbage collection SWEEP_AFTER_S from now, unless cancelled first."""
    timer = threading.Timer(SWEEP_AFTER_S, gc.collect)
    timer.daemon = True
    timer.start()
    return timer


def _shown(root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path
