"""`statusgen serve` from top to bottom: build, serve, watch, rebuild, until Ctrl-C."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from statusgen import urls
from statusgen.errors import StatusgenError
from statusgen.serve.server import LiveSite, bind, serving
from statusgen.serve.watcher import (
    Builder,
    Built,
    Log,
    SourceWatcher,
    WarningLog,
    follow_links,
    rebuild,
    watch_and_rebuild,
)

# The temporary folder each serve previews in, named with its process id: one a serve
# stopped or killed while removing it left is removed by the next serve, once that process
# is gone (never the folder of a serve still running).
PREVIEW_PREFIX = "statusgen-serve-"
_PREVIEW_NAME = re.compile(rf"{re.escape(PREVIEW_PREFIX)}(?P<pid>[0-9]+)-[^/]+")

# Said as soon as serve is asked to stop: removing the preview takes seconds on a big site,
# and a silent wait is what makes one press Ctrl-C again.
STOPPING = "Stopping: removing the preview's files..."


def site_builder(
    root: Path, *, now: Callable[[], datetime], base_url: str | None, page: str | None = None
) -> Builder:
    """A Builder running the full build of the site at `root`, asking `now` each time; of
    its page `page` when it has several (`pages:`), by default the first.

    Its builds share a BuildMemory: what one read from the cache folder (every incident
    file's parse result) the next need not read again, and the record of the preview
    folder is kept there alone (it goes with the folder when serve stops)."""
    from statusgen.incremental.inputs import code_on_disk
    from statusgen.incremental.memory import BuildMemory

    # The code this process runs, as it was on disk when it started: statusgen upgraded
    # under a running preview puts new built-in templates beside the old code.
    code = code_on_disk()
    memory = BuildMemory()
    # Started now, so that it is ready by the first rebuild.
    memory.checker.start()
    # The pages as the preview starts: one added later may be `page` renamed.
    started = _page_names(root) or ()
    # When the site next changes by the clock, as the last build that worked it out says:
    # a build that found its site in place (the same inputs at the same second) says
    # nothing new.
    ahead: list[Callable[[], datetime | None]] = [lambda: None]

    def build(output: Path, changed: frozenset[Path] | None) -> Built:
        from statusgen.build import build_site

        if code_on_disk() != code:
            raise _upgraded()
        from statusgen.layout import defined_pages

        # Asked on every build: the pages may change while the preview runs.
        defined = defined_pages(root)
        pages = None if defined is None else tuple(p.name for p in defined)
        chosen = page if page is not None else next(iter(pages or ()), None)
        # Unreadable settings (None) are the build's to report.
        if page is not None and pages is not None and page not in pages:
            raise _page_gone(root, page, pages, started)
        moment = now()
        result = build_site(
            root,
            now=moment,
            base_url=base_url,
            output=output,
            changed=changed,
            page=chosen,
            memory=memory,
            preview=True,
        )
        written = result.written
        if not result.skipped:
            ahead[0] = result.next_change
        return Built(
            base_path=urls.root_path(result.base_url),
            files=written.files,
            changed=written.written + written.removed,
            removed=written.removed,
            warnings=result.warnings,
            read_folders=result.read_folders,
            now=moment,
            next_change=ahead[0],
            headers=_headers_sent(output),
        )

    return build


def _headers_sent(output: Path) -> Callable[[str], tuple[tuple[str, str], ...]]:
    """What the `_headers` built into `output` sends for each address, as a host reads it:
    the page's own rules (X-Robots-Tag on a private page, the site's HSTS or CSP) and no
    other, a private page's no Access-Control-Allow-Origin of its own."""
    from statusgen.render.site_files import headers_sent

    try:
        text = (output / urls.HEADERS).read_bytes().decode("utf-8", errors="replace")
    except OSError:  # a site that writes none
        text = ""
    return headers_sent(text)


def _upgraded() -> StatusgenError:
    """The error for statusgen changed on disk since serve started: what fails then is no
    mistake of the site (a built-in template asking the old code for something new), and
    only a new serve, running the new code, builds it as `build` does."""
    from statusgen.errors import fail

    return fail(
        "<statusgen>",
        "statusgen itself changed on disk since serve started (an upgrade, or a pull into "
        "its clone): this serve still runs the old code, which does not go with the new files",
        "stop serve (Ctrl-C) and start it again",
    )


def _page_names(root: Path) -> tuple[str, ...] | None:
    """The names under `pages:` of the site at `root`; None when the settings cannot be read."""
    from statusgen.layout import defined_pages

    pages = defined_pages(root)
    return None if pages is None else tuple(p.name for p in pages)


def _page_gone(
    root: Path, page: str, pages: tuple[str, ...], started: tuple[str, ...]
) -> StatusgenError:
    """The error for the page `page`, named by `serve --page`, gone from the settings (now
    `pages`; `started`, those when serve started): the name comes from the command line,
    which no edit of the site changes, so it says to start serve again, with which page."""
    from statusgen.config import key_line
    from statusgen.errors import close_matches, fail
    from statusgen.layout import SETTINGS_FILE, settings_bytes

    if pages:
        # A page added since serve started is most likely this one renamed.
        added = [name for name in pages if name not in started]
        instead = added if len(added) == 1 else close_matches(page, pages)
        again = f"--page {instead[0]}" if instead else "--page and one of them"
        hint = f"pages: {', '.join(pages)}; stop serve (Ctrl-C) and start it again with {again}"
    else:
        hint = (
            "the site defines no pages now: stop serve (Ctrl-C) and start it again without --page"
        )
    return fail(
        SETTINGS_FILE,
        f"there is no page '{page}' any more: serve was started with --page {page}",
        hint,
        line=key_line(settings_bytes(root) or b"", "pages"),
    )


def run_preview(
    root: Path,
    builder: Builder,
    *,
    host: str,
    port: int,
    log: Log,
    on_ready: Callable[[str], None] = lambda url: None,
    stop: threading.Event | None = None,
    clock: Callable[[], datetime] | None = None,
    on_moved: Callable[[str], None] = lambda url: None,
) -> None:
    """Serve the site at `root` until `stop` is set (or Ctrl-C), rebuilding on every change,
    and with `clock` (the time of day `builder` builds for, when not fixed by `--now`) as the
    clock moves the pages on (watcher.clock_due).

    The site is built into a private temporary folder, removed on exit, so the preview
    never touches the output folder `statusgen build` writes for deploys. Raises
    CannotListen when the address is taken. `on_ready` is told the preview's address once
    it serves, `on_moved` its new one whenever a rebuild moves it (base_url's path changed).
    """
    stop = stop if stop is not None else threading.Event()
    _remove_abandoned(log)
    scratch = tempfile.mkdtemp(prefix=f"{PREVIEW_PREFIX}{os.getpid()}-")
    try:
        _preview_in(scratch, root, builder, host, port, log, on_ready, on_moved, stop, clock)
    finally:
        _remove_preview(Path(scratch), log)


def _preview_in(
    scratch: str,
    root: Path,
    builder: Builder,
    host: str,
    port: int,
    log: Log,
    on_ready: Callable[[str], None],
    on_moved: Callable[[str], None],
    stop: threading.Event,
    clock: Callable[[], datetime] | None,
) -> None:
    """run_preview's work, in its temporary folder `scratch`."""
    # A folder of its own inside the scratch folder: the writer stages beside it.
    live = LiveSite(Path(scratch) / "site")
    # Bound before the first build, so a taken port fails at once; requests that
    # arrive during the build wait in the listen queue.
    server = bind(live, host, port)
    watcher = SourceWatcher(root, stop)
    warnings = WarningLog(root, log)
    try:
        # Watching from before the first build: a save made while it runs is not lost.
        watcher.start()
        built = rebuild(live, builder, log, warnings=warnings, root=root)
        if built is not None:
            follow_links(watcher, built, log)
    except BaseException:
        stop.set()
        server.server_close()
        raise
    with serving(server):
        on_ready(server.url.rstrip("/") + live.snapshot().base_path)
        try:
            watch_and_rebuild(
                watcher,
                live,
                builder,
                log,
                last=built,
                warnings=warnings,
                clock=clock,
                moved=lambda base_path: on_moved(server.url.rstrip("/") + base_path),
            )
        finally:
            stop.set()


def _remove_preview(scratch: Path, log: Log) -> None:
    """Delete `scratch`, this serve's temporary folder; when stopped again before it is
    gone (Ctrl-C pressed twice), say which folder is left and that the next serve removes it."""
    try:
        shutil.rmtree(scratch, ignore_errors=True)
    except KeyboardInterrupt:
        log(
            f"Stopped before the preview's files were removed: {scratch} is left; "
            "the next `statusgen serve` removes it"
        )
        raise


def _remove_abandoned(log: Log) -> None:
    """Delete the temporary folders of serves that are gone (stopped while removing them,
    or killed), this user's only; says which were removed."""
    try:
        entries = sorted(Path(tempfile.gettempdir()).iterdir())
    except OSError:
        return
    for entry in entries:
        named = _PREVIEW_NAME.fullmatch(entry.name)
        if named is None:
            continue
        # The owner first: any user can make a folder by that name in a shared /tmp, and
        # another user's is never this serve's to judge, whatever number it carries.
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            continue
        if _running(int(named["pid"])):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            log(f"Removed {entry}, left by a serve that was stopped")


def _running(pid: int) -> bool:
    """Whether a process `pid` exists (its number taken by another since counts as running:
    the folder is left, never one of a serve that runs)."""
    if pid == os.getpid():
        return True
    if pid <= 0:  # no process has it: os.kill would signal a group of processes instead
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # OverflowError: too big to be a process
        return False
    except OSError:  # another user's: it exists
        return True
    return True
