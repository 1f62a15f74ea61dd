"""The build, top to bottom (`_build_site`): changed inputs → the model, from the cache
where files are unchanged → the facts each output of the folder was rendered from → the
outputs whose facts changed, rendered (by workers when many) → written → the record the
next build compares with (statusgen.incremental.lastbuild)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from statusgen.collector import paused
from statusgen.errors import StatusgenError
from statusgen.forked import Beside
from statusgen.write import (
    FileData,
    NewSite,
    UnfinishedWrite,
    Waiting,
    WriteResult,
    building,
    check_output_folder,
    check_paths,
    folder_of_its_own,
    holds_site,
    left_beside,
)

if TYPE_CHECKING:  # imported where used: a build with nothing to do loads none of them
    from statusgen.errors import Diagnostic
    from statusgen.i18n import KeptTexts
    from statusgen.incremental.inputs import InputRecord
    from statusgen.incremental.manifest import Manifest
    from statusgen.incremental.memory import BuildMemory
    from statusgen.incremental.reuse import Decisions, Reuse
    from statusgen.incremental.store import Cache, CachingParser, Unwritable
    from statusgen.model import Event, Settings, Site
    from statusgen.render.context import EventPages, Output, Outputs, RenderContext
    from statusgen.render.markdown import Handoff, MarkdownMemo
    from statusgen.render.theme import TemplateCode
    from statusgen.render.workers import Together
    from statusgen.status import KeptDays

Progress = Callable[[int], None]  # called with the number of files rendered so far
# More worker processes than this convert Markdown no faster than they start up.
_MAX_JOBS = 8


@dataclass(frozen=True)
class BuildResult:
    base_url: str  # what the site was built for (serve needs its path)
    output: Path
    written: WriteResult
    seconds: float
    skipped: bool = False  # nothing changed since the last build: nothing was rendered
    # The outputs rendered anew, in build order; the others were already in place.
    rendered: tuple[str, ...] = ()
    # Hand-placed files of the old output folder (a CNAME) the new one no longer holds.
    removed_by_hand: tuple[str, ...] = ()
    # What `check` would warn about the site (a language without a catalog, a static file
    # left out of a page): said by a build too, and by one that found the site in place
    # as the last build into its folder said them (Manifest.warned).
    warnings: tuple[Diagnostic, ...] = ()
    # The cache files this build could not write or remove, each once, and why: until
    # they can be, builds are not incremental (the output is right either way).
    cache_unwritable: tuple[Unwritable, ...] = ()
    # The input folders the build listed, relative to the site (absolute for the built-in
    # ones), as named through the links that lead to some, and the folders input files
    # that are links lead into (InputRecord.hash): serve watches where those lead.
    read_folders: tuple[str, ...] = ()
    # The first moment after the build's clock at which the site changes by the clock
    # alone (measured.next_turn; None when none lies ahead, or the build was skipped): when
    # a preview that follows the clock rebuilds. Worked out when asked, as the preview does
    # once the new site is served: at 10,000 incidents it costs 7-15 ms a save need not wait.
    next_change: Callable[[], datetime | None] = lambda: None


class BuildFailed(StatusgenError):
    """A build stopped by the problems it carries before its site replaced the output's:
    `kept` the output folders that hold the previous site, which is as it was (each
    page's, for a site with `pages:` whose build of them all stopped before any)."""

    def __init__(self, diagnostics: Iterable[Diagnostic], kept: tuple[Path, ...]) -> None:
        super().__init__(diagnostics)
        self.kept = kept


def build_site(
    root: Path,
    *,
    now: datetime,
    base_url: str | None = None,
    output: Path | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
    jobs: int | None = 1,
    relative: bool = False,
    changed: Iterable[Path] | None = None,
    page: str | None = None,
    memory: BuildMemory | None = None,
    ending: bool = False,
    preview: bool = False,
    waiting: Waiting | None = None,
) -> BuildResult:
    """Build the site at `root` into its output folder; raises BuildFailed on user mistakes
    (an UnfinishedWrite when it stopped part way through moving the new site in).

    `changed`, from a file watcher, names every file changed since the last build into
    the same folder: the others are then taken as that build recorded them, unread and
    unstat'ed (None: every input is checked).

    `page` names one of the site's `pages:` (audience.py): the site as that page's
    audience sees it is built into the page's own output folder, for its base_url
    (`base_url` and `output`, when given, override the page's).

    With `relative`, links between pages are relative to each page and name index.html
    (render/relative.py), so the site works opened from disk; such a build neither reads
    nor writes the cache, whose pages link the usual way.

    With `use_cache`, what an earlier build left in the cache folder is reused (see
    statusgen.incremental); `jobs` worker processes parse incident files when many are
    new, and convert Markdown and render pages (None: as many as there are CPUs, up to 8,
    when most files or pages are new; else 1). The output is byte-identical either way.

    `memory`, kept by a long-lived process across its builds (serve), holds what earlier
    builds read from or wrote to the cache folder, so it is not read again
    (incremental/memory.py); the output is the same bytes without it.

    `ending` says the process ends right after this build, without the interpreter's
    teardown (cli.main): what the build made is then let go with the process.

    With `preview` (serve), `output` is a preview folder standing in for the site's own:
    the output folders the settings name are checked as a build into them checks them, so
    that a preview never shows fine a site whose `build` is refused.

    `waiting` is told what the build waits for (another build of the site, or one writing
    beside its output folder) once such a wait lasts (write.building).
    """
    # Without the garbage collector's passes: a build allocates hundreds of thousands of
    # objects that live until it ends (the model, its views, the record of every output),
    # and each pass scans those allocated since the last: with Python's defaults a third
    # of an incremental build of a large site, with raised thresholds still 20-35 ms of
    # every rebuild at 10,000 incidents. What a build leaves in reference cycles is little
    # (a cold build of 10,000 incidents peaks at the same memory either way); it is
    # collected afterwards. Worker processes collect as usual (render/workers.py).
    try:
        with paused(), building(root, waiting), ExitStack() as opened:
            return _build_site(
                opened,
                root,
                now=now,
                base_url=base_url,
                output=output,
                progress=progress,
                use_cache=use_cache and not relative,
                jobs=jobs,
                relative=relative,
                changed=_relative(root, changed),
                page=page,
                memory=memory,
                ending=ending,
                preview=preview,
                waiting=waiting,
            )
    except UnfinishedWrite:
        raise
    except StatusgenError as error:
        # Whichever step stopped it (content, a template, the output folder, the file
        # system), the new site never replaced the previous one: said here, for all of them.
        raise BuildFailed(error.diagnostics, _output_folders(root, output, page)) from None


def _output_folders(root: Path, output: Path | None, page: str | None) -> tuple[Path, ...]:
    """The output folders of a failed build that hold a previous site: its own, or, for a
    site with `pages:` that stopped before building any one page (settings with a mistake
    say no page to build), each page's. With settings too broken to say which folder it is
    (conflict markers, YAML that does not parse), the folder the last build put the site
    in: a build stopped before writing left that one as it was; none without a record."""
    from statusgen.incremental.lastbuild import folder_last_built

    folders: list[Path] = []
    if output is not None:
        folders.append(output)
    else:
        settings = _settings_as_read(root)
        if settings is None:
            last = folder_last_built(root, page)
            folders += [last] if last is not None else []
        elif page is None and settings.pages:
            folders += [root / p.output for p in settings.pages]
        else:
            named = [p.output for p in settings.pages if p.name == page]
            folders.append(root / (named[0] if named else settings.output))
    return tuple(folder for folder in folders if holds_site(folder))


def _settings_as_read(root: Path, *, against_site: bool = False) -> Settings | None:
    """The settings of a site that failed to build, as `check` has them: with a mistake in
    them, those the rest of the file gives (with `against_site`, a `theme:` the site does
    not hold is one); None when the file cannot be read, or gives none."""
    from statusgen.config import check_settings
    from statusgen.layout import settings_bytes

    data = settings_bytes(root)
    if data is None:
        return None
    checked = check_settings(data, site_root=root if against_site else None)
    return checked.settings or checked.fallback


# What builds whose process ends right after them made (`ending`): kept to the end, where
# the process lets it go at once. Let go as the build returned, object by object, the
# model, the parse results and the record of every output took 12-14 ms of a rebuild
# at 10,000 incidents.
_HELD: list[object] = []


def _build_site(
    opened: ExitStack,
    root: Path,
    *,
    now: datetime,
    base_url: str | None,
    output: Path | None,
    progress: Progress | None,
    use_cache: bool,
    jobs: int | None,
    changed: frozenset[str] | None,
    page: str | None,
    memory: BuildMemory | None,
    relative: bool = False,
    ending: bool = False,
    preview: bool = False,
    waiting: Waiting | None = None,
) -> BuildResult:
    """build_site's work, run with fewer garbage collections: the steps in order. What
    it opens that must not outlive it (the survey's pipe) goes into `opened`."""
    from statusgen.incremental.lastbuild import LastBuild, open_cache, users_files_left
    from statusgen.incremental.store import SHOWN_MARKDOWN, linked_cache_folders

    started = time.perf_counter()
    # Before the cache is opened: even a --no-cache build drops the manifest in it.
    linked = linked_cache_folders(root)
    if linked:
        raise StatusgenError(linked)
    cache = open_cache(root, enabled=use_cache, page=page, memory=memory)
    checker = memory.checker if memory is not None else None
    last = LastBuild(
        root, cache, output, now=now, base_url=base_url, page=page, checker=checker, waiting=waiting
    )
    opened.callback(last.close)
    if last.surveyed_apart and changed is None:
        # A child process stats the inputs and outputs (50 ms at 10,000 incidents): this
        # one reads the cache meanwhile, until the child says nothing changed.
        cache.read_ahead()
        cache.parsed_ahead(stop=last.untouched_yet, meanwhile=_imports_ahead())
    # 1. Changed inputs: none since the last build into this folder, or only touched.
    if last.untouched(changed):
        cache.settle(needed=False)
        return _skipped(last.manifest, root, cache, started)
    cache.read_ahead()
    inputs = last.read_inputs(changed)
    if last.same_site():
        cache.settle(needed=False)  # no thread outlives its build
        return _skipped(last.manifest, root, cache, started, tuple(cache.unwritable))
    # 2. The model: unchanged files' parse results from the cache, the others parsed.
    site, parser, warnings = _load_site(
        root,
        cache,
        inputs,
        now=now,
        base_url=base_url,
        page=page,
        jobs=jobs,
        outputs=output is None or preview,
        output=output,
    )
    cache.settle()  # before workers fork
    # Made absolute now: a build run inside its own output folder is left, once the new
    # site is swapped in, in a folder that no longer exists, where `-C ..` means nothing.
    target = (output if output is not None else root / site.settings.output).absolute()
    refuse_output = partial(
        check_output_folder,
        root,
        target,
        pages=site.settings.pages,
        from_option=output is not None,
        own=folder_of_its_own(root, site.settings.page or None, site.settings.pages),
        built=partial(last.built_into, target),
        users=partial(users_files_left, root, target),
        page=site.settings.page or None,
    )
    refuse_output()
    from statusgen.render.site_static import header_warnings, list_static

    warnings = (
        *warnings,
        *list_static(site).left_out,
        *header_warnings(site, now),
        *last.left_behind(target, site.settings.pages),
    )
    parser.save_soon()  # the parse results saved beside the rest when many, else at the end
    # 3. Facts: what the output folder holds, by the facts each file was rendered from.
    from statusgen.status import record_began

    events: tuple[Event, ...] = (*site.incidents, *site.maintenances)
    reuse = last.reuse(target, parser.hashes, events, record_began(site, now))
    if last.replacing:
        # Replaced whole, the folder loses whatever the new site lacks: looked through to
        # the bottom first, as `check` looks. A build that keeps it (its record vouches
        # for every file) need not walk it.
        refuse_output(whole=True)
    # 4. The outputs whose facts changed, rendered (by workers when most are new).
    from statusgen.render.markdown import MarkdownMemo  # the sanitizer: only a build that renders

    markdown = MarkdownMemo(
        cache.markdown,
        cache.search_rows,
        partial(cache.markdown, SHOWN_MARKDOWN),
    )
    markdown.take_ahead(last.converted_ahead)
    jobs = _jobs(jobs, fresh=not reuse.previous)
    from statusgen.i18n import KeptTexts
    from statusgen.incremental.history import KeptHistory
    from statusgen.render.theme import TemplateCode  # Jinja: only a build that renders

    templates = TemplateCode(cache.templates)
    texts = KeptTexts(cache.texts())
    history = KeptHistory(cache.history(), reuse.sources)
    # 5. Written: by the workers as they render, when they render a whole new site.
    with last.new_site(target, by_workers=jobs > 1 and not relative) as new:
        files = render_site(
            site,
            now,
            progress,
            reuse=reuse,
            markdown=markdown,
            templates=templates,
            texts=texts,
            history=history,
            jobs=jobs,
            new=new,
            read=inputs.made_from,
        )
        markdown.forget_sanitized()
        if relative:
            files = _relative_links(files, site.settings.base_url)
        # Only a build replacing the folder whole deletes what it did not write.
        lost = _hand_placed(target, files, last.manifest) if last.replacing else []
        written = last.write(target, files, new)
    # 6. Recorded for the next build.
    done = _written(files)
    del files
    parser.save()
    cache.save_markdown(markdown.saved, markdown.fresh)
    cache.save_shown(markdown.shown())
    cache.save_search_rows(
        lambda: markdown.saved_rows,
        markdown.used_rows,
        markdown.fresh_rows,
        markdown.rows_saved_before(),
    )
    cache.save_templates(templates.to_save())
    cache.save_texts(texts.to_save())
    cache.save_history(history.to_save)
    last.record(target, done, written, reuse, base_url=site.settings.base_url, warnings=warnings)
    if ending:
        _HELD.append((cache, last, inputs, site, parser, reuse, markdown, templates, done))
    from statusgen.incremental.inputs import followed_folders
    from statusgen.measured import next_turn

    return BuildResult(
        base_url=site.settings.base_url,
        output=target,
        written=written,
        seconds=time.perf_counter() - started,
        rendered=tuple(path for path, data in done.items() if data is not None),
        removed_by_hand=tuple(lost),
        warnings=warnings,
        cache_unwritable=tuple(cache.unwritable),
        read_folders=followed_folders(root, inputs.folders, inputs.sources),
        next_change=partial(next_turn, site, now),
    )


def _imports_ahead() -> Iterator[Callable[[], object]]:
    """Importing what a rebuild goes on to use, one module at a time: taken while the
    build waits for its cache to be read (Cache.parsed_ahead). A build with nothing to
    do stops taking them as soon as it knows, and would otherwise only have waited."""
    from importlib import import_module

    for name in ("statusgen.validate", "statusgen.render.theme", "statusgen.render.html"):
        yield partial(import_module, name)


def _load_site(
    root: Path,
    cache: Cache,
    inputs: InputRecord,
    *,
    now: datetime,
    base_url: str | None,
    page: str | None,
    jobs: int | None,
    outputs: bool,
    output: Path | None,
) -> tuple[Site, CachingParser, tuple[Diagnostic, ...]]:
    """The validated site, as the audience of `page` sees it at `now` when the site has
    pages (audience.py), and what `check` would warn about it; the parser that read it knows
    each incident file's SHA-256. Files not parsed before are parsed by `jobs` workers
    when there are many (None: one per CPU). With `outputs`, the output folders of the
    settings are checked with the rest (with the line that names them)."""
    from statusgen.errors import Severity
    from statusgen.validate import check_site, parse_event

    parser = cache.parser(parse_event, inputs.hashes)
    site, diagnostics = check_site(
        root,
        base_url=base_url,
        contents=inputs.contents,
        known=parser.known,
        parse_many=partial(parser.many, jobs=_jobs(jobs, fresh=True)),
        listed=inputs.incident_folder,
        outputs=outputs,
        output=output,
        # The site as far as it could be read, errors or not: what `check` reports of its
        # static files comes in the same run as the errors (below).
        with_errors=True,
    )
    if site is None or any(d.severity is Severity.ERROR for d in diagnostics):
        # With what `check` finds in the site's templates and static files, which rendering
        # would have found: a mistake in an incident must not hide one there until the
        # next build. Only a build that stops pays for compiling and listing them here.
        from statusgen.render.site_static import check_static
        from statusgen.render.theme import template_mistakes

        settings = _settings_as_read(root, against_site=True)
        theme = settings.theme if settings is not None else "default"
        static = check_static(site, now) if site is not None else []
        raise StatusgenError(
            sorted(
                {
                    *diagnostics,
                    *template_mistakes(root, theme),
                    *(d for d in static if d.severity is Severity.ERROR),
                }
            )
        )
    # The incident files' bytes were read for parsing only: on a first build, 9 MB at
    # 10,000 incidents that every worker forked later would carry too.
    inputs.contents.clear()
    if page is not None or site.settings.pages:
        from statusgen.audience import private_page_moved, select_page, unshown_windows

        # After select_page, which refuses a page the site does not have.
        whole, site = site, select_page(site, page, now, base_url=base_url)
        diagnostics = [
            *diagnostics,
            *private_page_moved(whole, page, base_url),
            # By the build's clock, as `check` tells it by its own: check_site reads none.
            *unshown_windows(whole, now),
        ]
    warnings = tuple(d for d in diagnostics if d.severity is Severity.WARNING)
    return site, parser, warnings


def _written(files: Mapping[str, FileData]) -> dict[str, bytes | None]:
    """The same paths once written, each rendered file's bytes let go (b"" still says it
    was rendered): at 10,000 incidents they are 84 MB, most of what a build holds while
    it saves its caches next."""
    return {path: None if data is None else b"" for path, data in files.items()}


def _jobs(jobs: int | None, *, fresh: bool) -> int:
    """Worker processes for a build; None: as many as CPUs (up to 8) when the output
    folder holds nothing to keep (`fresh`), where they pay off, else 1."""
    if jobs is not None:
        return jobs
    return min(os.cpu_count() or 1, _MAX_JOBS) if fresh else 1


def _relative_links(files: Mapping[str, FileData], base_url: str) -> dict[str, FileData]:
    """The files with links relative to each page (render/relative.py)."""
    from statusgen.render.relative import relative_site

    return relative_site(files, urlsplit(base_url).path or "/")


def _hand_placed(target: Path, files: Collection[str], before: Manifest | None) -> list[str]:
    """Hand-placed files of `target` the new site will not hold (site_static.hand_placed);
    not those the last build into it wrote (`before`): a CNAME that came from static/ is
    the author's to remove, and no warning."""
    from statusgen.render.site_static import hand_placed

    same = before is not None and before.output == str(target.resolve())
    built = before.files if before is not None and same else {}
    return [name for name in hand_placed(target, files) if name not in built]


def _skipped(
    manifest: Manifest | None,
    root: Path,
    cache: Cache,
    started: float,
    unwritable: tuple[Unwritable, ...] = (),
) -> BuildResult:
    """The result of a build that found the site at `root` already in place, with the
    warnings the build that put it there said, those of a folder left behind as they stand
    now (still_left_behind, from the note in `cache`), and `unwritable`: the records it could
    not update."""
    from statusgen.incremental.inputs import followed_folders
    from statusgen.incremental.lastbuild import still_left_behind

    assert manifest is not None
    return BuildResult(
        base_url=manifest.base_url,
        output=Path(manifest.output),
        written=WriteResult(
            len(manifest.files),
            manifest.total_bytes,
            0,
            0,
            warnings=left_beside(Path(manifest.output)),
        ),
        seconds=time.perf_counter() - started,
        skipped=True,
        warnings=still_left_behind(manifest.warned(), root, cache),
        cache_unwritable=unwritable,
        read_folders=followed_folders(root, manifest.source_folders, manifest.sources),
    )


def render_site(
    site: Site,
    now: datetime,
    progress: Progress | None = None,
    *,
    reuse: Reuse | None = None,
    markdown: MarkdownMemo | None = None,
    templates: TemplateCode | None = None,
    texts: KeptTexts | None = None,
    history: KeptDays | None = None,
    jobs: int = 1,
    new: NewSite | None = None,
    read: Callable[[Path], bytes] | None = None,
) -> dict[str, FileData]:
    """Every output file of the site in memory, keyed by path relative to the output folder.

    A None value is an output `reuse` says the output folder already holds, byte for
    byte; without `reuse` every value is bytes, except that with `new` (write.new_site)
    what workers render they write there (Staged). Renderers only name each output's facts;
    `reuse` alone decides what to render. With `jobs` above 1, the Markdown of a large
    site is converted, and then its outputs rendered, by that many worker processes (the
    same bytes either way). `templates` holds the theme's templates compiled by earlier
    builds and collects those this one compiles (None: compiled from source); `texts`
    the texts the site's languages formatted in earlier builds (None: formatted anew);
    `history` the uptime history's days before today as a build worked them out (None:
    worked out). `read` gives the bytes of the theme's files, the catalogs and the static
    files (InputRecord.made_from: those the build fingerprinted; None: read as any input).
    """
    from statusgen.incremental.reuse import Reuse
    from statusgen.load.files import read_input
    from statusgen.measured import compute
    from statusgen.render.context import RenderContext
    from statusgen.render.markdown import MarkdownMemo
    from statusgen.status import as_of

    # Every output shows the site as it stood at `now`: nothing the files say about later.
    site = as_of(site, now)
    context = RenderContext(
        site=site,
        status=compute(site, now, history),
        markdown=markdown if markdown is not None else MarkdownMemo(),
        sources=reuse.sources if reuse is not None else {},
        templates=templates,
        texts=texts,
        read=read if read is not None else read_input,
    )
    decide = reuse if reuse is not None else Reuse()
    # Most of a full build is converting Markdown, the one step that splits cleanly.
    events: list[Event] = [*site.incidents, *site.maintenances]
    context.markdown.prepare(
        (text for e in events for text in (e.summary, *(u.message for u in e.updates))), jobs
    )
    try:
        return _render_outputs(context, decide, progress, jobs, templates, new)
    except StatusgenError as error:
        from statusgen.render.theme import every_mistake

        raise every_mistake(error, _each_output(context)) from error


def _render_outputs(
    context: RenderContext,
    decide: Reuse,
    progress: Progress | None,
    jobs: int,
    templates: TemplateCode | None,
    new: NewSite | None,
) -> dict[str, FileData]:
    """render_site's outputs rendered, or kept where `decide` says the folder holds them."""
    from statusgen.render.site_files import render_headers, render_sitemap
    from statusgen.render.site_static import render_site_static

    groups = iter(renderers(context))
    apart: Beside[_Apart] | None = None
    if jobs <= 1:
        # A rebuild lists every output and renders a few: listing is most of its work.
        # The stages after the pages are listed, decided and rendered by a child process
        # meanwhile, on the second CPU (statusgen.forked), or here after the pages.
        first = next(groups, ())
        # The catalogs read here, before the child forks: it renders from the bytes this
        # process read (context.read), never from a read of its own made later.
        context.language  # noqa: B018
        # And the changed messages converted ahead by now: the child shows some of them.
        context.markdown.ahead_now()
        apart = Beside(partial(_rendered_apart, groups, context, decide))
        groups = iter((first,))
    outputs = _distinct(output for group in groups for output in group)
    files: dict[str, FileData] = {}
    if apart is not None:
        files = _rendered(outputs, context, decide, progress)
        files.update(_taken(apart, files, decide, context.markdown))
        outputs = []
    # Last, because the sitemap lists exactly the HTML pages the renderers above produced.
    listed = [*files, *_paths(outputs)]
    pages = [path for path in listed if path == "index.html" or path.endswith("/index.html")]
    last = list(render_sitemap(context, pages))
    # The host's rules name only what the page publishes: every output but the static/ files.
    last += render_headers(context, [*listed, *_paths(last)])
    # The site's static/ files are not pages of it: after the sitemap, never in it.
    last += render_site_static(context, {*listed, *_paths(last)})
    outputs += last
    together = _listing(outputs, context.markdown) if jobs > 1 else None
    done = len(files)
    return files | _rendered(
        outputs, context, decide, progress, done, jobs, templates, together, new
    )


def _each_output(context: RenderContext) -> Iterator[Output]:
    """Every output of the renderers, the page of each event one by one."""
    from statusgen.render.context import EventPages

    for group in renderers(context):
        for output in group:
            if isinstance(output, EventPages):
                yield from map(output.member, range(len(output.paths)))
            else:
                yield output


def _rendered(
    outputs: Sequence[Output | EventPages],
    context: RenderContext,
    decide: Reuse,
    progress: Progress | None = None,
    done_before: int = 0,
    jobs: int = 1,
    templates: TemplateCode | None = None,
    together: Together | None = None,
    new: NewSite | None = None,
) -> dict[str, FileData]:
    """The files of `outputs`, by path: None where `decide` keeps the output folder's
    bytes, the others rendered (by `jobs` workers when many, which write what they
    render into `new` if given). `progress` is told the files done so far, `done_before`
    of them before these."""
    from statusgen.render.workers import render_all_in_order

    files: dict[str, FileData] = dict.fromkeys(_paths(outputs))
    if new is not None:
        check_paths(files.keys())  # before a worker writes any of them
    todo = decide.to_render(outputs)
    kept = done_before + len(files) - len(todo)
    context.markdown.expect(_messages_shown(todo, context))
    done = None if progress is None else (lambda count: progress(kept + count))
    # Workers inherit the templates loaded here: compiled once, and saved by this process.
    ahead = templates.load_all if templates is not None else None
    put = new.put if new is not None else None
    rendered = render_all_in_order(todo, jobs, done, ahead, together, put)
    for output, (data, read) in zip(todo, rendered, strict=True):
        decide.rendered(output, read)
        files[output.path] = data
    return files


@dataclass(frozen=True)
class _Apart:
    """The outputs of the stages after the pages, as a child process rendered them."""

    files: dict[str, FileData]  # by path, in order; None where the folder's bytes stand
    decisions: Decisions  # what it decided for them (Reuse.handoff)
    handed: Handoff  # what its Markdown memo showed and made (MarkdownMemo.handoff)


def _rendered_apart(groups: Iterator[Outputs], context: RenderContext, decide: Reuse) -> _Apart:
    """The files of the stages left in `groups`, and what deciding and rendering them
    left behind for the next build (work for a child process: forked.Beside)."""
    from statusgen.incremental.store import keeps_search_rows

    files = _rendered(_distinct(output for group in groups for output in group), context, decide)
    memo = context.markdown
    # The index's rows only where they will be saved: an edit's are a year's (1 MB).
    rows = keeps_search_rows(memo.fresh_rows, memo.rows_saved_before())
    return _Apart(files, decide.handoff(files), memo.handoff(rows))


def _taken(
    apart: Beside[_Apart], files: Mapping[str, FileData], decide: Reuse, markdown: MarkdownMemo
) -> dict[str, FileData]:
    """The files the stages after the pages made (`_rendered_apart`), and what their
    process decided and showed taken here; a user mistake when one of them would be
    written where a page is."""
    from statusgen.errors import fail

    found = apart.result()
    if not files.keys().isdisjoint(found.files):
        raise fail(
            "<build>", f"two outputs would be written to {_repeated(set(files), found.files)}"
        )
    if apart.apart:  # else worked out here, by this memo and these decisions
        decide.take(found.decisions)
        markdown.take(found.handed)
    return found.files


def _listing(outputs: Iterable[Output | EventPages], markdown: MarkdownMemo) -> Together:
    """Every output but the pages of single events, for one worker to render together
    (a first build): the home page, the components' pages and feeds, the site's feeds,
    the history and the search index's parts. The worker hands back the conversions
    they showed and the index's rows, for this process to save: the first rebuild after
    (a new incident: the home page, a feed, this year's index) then reads them instead of
    converting again, reading every saved conversion, or making every row of a year."""
    from statusgen.render.context import EventPages
    from statusgen.render.workers import Together

    single = {path for output in outputs if isinstance(output, EventPages) for path in output.paths}
    return Together(lambda output: output.path not in single, markdown.handoff, markdown.take)


def _messages_shown(outputs: Iterable[Output], context: RenderContext) -> int:
    """How many Markdown texts the pages of single events among `outputs` show (each
    its event's summary and messages): MarkdownMemo.expect reads the saved conversions
    first when they are many."""
    slugs = [output.events[0] for output in outputs if len(output.events) == 1]
    if not slugs:
        return 0
    events = context.events_by_slug
    return sum(1 + len(events[slug].updates) for slug in slugs if slug in events)


def renderers(context: RenderContext) -> Iterable[Outputs]:
    """Every stage that contributes files, in a fixed order (the output does not depend on it)."""
    # Each stage's module imported as it is asked for: `statusgen --help` and `check` never
    # pay for Jinja, feedgen and friends, and a rebuild imports the modules of the stages
    # after the pages in the child process that renders them (render_site), not here
    # (10 ms of every rebuild).
    from statusgen.render import html

    yield html.render_pages(context)
    from statusgen.render import api

    yield api.render_api(context)
    from statusgen.render import feeds

    yield feeds.render_feeds(context)
    from statusgen.render import calendar

    yield calendar.render_calendar(context)
    from statusgen.render import badges

    yield badges.render_badges(context)
    from statusgen.render import site_files

    yield site_files.render_site_files(context)
    from statusgen.render import widget

    yield widget.render_widget(context)
    from statusgen.render import search

    yield search.render_search(context)


def _distinct(outputs: Iterable[Output | EventPages]) -> list[Output | EventPages]:
    """The outputs in order; a user mistake when two would be written to one path."""
    from statusgen.errors import fail
    from statusgen.render.context import EventPages

    found: set[str] = set()
    listed: list[Output | EventPages] = []
    for output in outputs:
        paths = output.paths if isinstance(output, EventPages) else (output.path,)
        if not found.isdisjoint(paths) or len(set(paths)) < len(paths):
            raise fail("<build>", f"two outputs would be written to {_repeated(found, paths)}")
        found.update(paths)
        listed.append(output)
    return listed


def _repeated(found: set[str], paths: Iterable[str]) -> str:
    """The first of `paths` already in `found` or earlier in `paths`."""
    seen = set(found)
    for path in paths:
        if path in seen:
            return path
        seen.add(path)
    raise ValueError("no path repeats")


def _paths(outputs: Iterable[Output | EventPages]) -> Iterator[str]:
    """The path of each output, in order (each page's of EventPages)."""
    from statusgen.render.context import EventPages

    for output in outputs:
        if isinstance(output, EventPages):
            yield from output.paths
        else:
            yield output.path


def site_pages(root: Path) -> tuple[str, ...]:
    """Names of the pages statusgen.yaml defines under `pages:`; () when it defines none
    or cannot be read (building then reports why)."""
    from statusgen.layout import listed_pages

    return tuple(p.name for p in listed_pages(root))


def _relative(root: Path, changed: Iterable[Path] | None) -> frozenset[str] | None:
    """The changed files relative to the site; None (check every input) when one of them
    is a folder or lies outside the site, where a watcher's word says too little."""
    if changed is None:
        return None
    base = root.absolute()
    found: set[str] = set()
    for path in changed:
        absolute = path if path.is_absolute() else base / path
        if absolute.is_dir() or not absolute.is_relative_to(base):
            return None
        found.add(absolute.relative_to(base).as_posix())
    return frozenset(found)
