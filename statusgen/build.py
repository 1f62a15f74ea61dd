"""The build, top to bottom: load → validate → status → render → write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from statusgen.errors import fail
from statusgen.model import Site
from statusgen.render.context import RenderContext, RenderedFiles
from statusgen.status import compute
from statusgen.write import WriteResult, check_output_folder, write_site

Progress = Callable[[int], None]  # called with the number of files rendered so far


@dataclass(frozen=True)
class BuildResult:
    site: Site  # what was built, for callers that need its settings (serve needs base_url)
    output: Path
    written: WriteResult
    seconds: float


def renderers(context: RenderContext) -> Iterable[RenderedFiles]:
    """Every stage that contributes files, in a fixed order (the output does not depend on it)."""
    # Imported here so `statusgen --help` and `check` never pay for Jinja, feedgen and friends.
    from statusgen.render import api, badges, calendar, feeds, html, site_files, widget

    yield html.render_pages(context)
    yield api.render_api(context)
    yield feeds.render_feeds(context)
    yield calendar.render_calendar(context)
    yield badges.render_badges(context)
    yield site_files.render_site_files(context)
    yield widget.render_widget(context)


def render_site(site: Site, now: datetime, progress: Progress | None = None) -> dict[str, bytes]:
    """Every output file of the site in memory, keyed by path relative to the output folder."""
    from statusgen.render.site_files import render_sitemap

    context = RenderContext(site=site, status=compute(site, now))
    files: dict[str, bytes] = {}
    for rendered in renderers(context):
        _collect(files, rendered, progress)
    # Last, because the sitemap lists exactly the HTML pages the renderers above produced.
    pages = [path for path in files if path == "index.html" or path.endswith("/index.html")]
    _collect(files, render_sitemap(context, pages), progress)
    return files


def _collect(files: dict[str, bytes], rendered: RenderedFiles, progress: Progress | None) -> None:
    for path, data in rendered:
        if path in files:
            raise fail("<build>", f"two outputs would be written to {path}")
        files[path] = data
        if progress is not None:
            progress(len(files))


def build_site(
    root: Path,
    *,
    now: datetime,
    base_url: str | None = None,
    output: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site at `root` into its output folder; raises StatusgenError on user mistakes."""
    from statusgen.validate import load_site

    started = time.perf_counter()
    site = load_site(root, base_url=base_url)
    target = output if output is not None else root / site.settings.output
    check_output_folder(root, target)
    files = render_site(site, now, progress)
    written = write_site(target, files)
    return BuildResult(
        site=site, output=target, written=written, seconds=time.perf_counter() - started
    )
