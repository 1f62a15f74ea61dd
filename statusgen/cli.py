"""The command line. Click only: options in, one library call, output and exit code out."""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from statusgen import __version__


class MomentType(click.ParamType):
    """An ISO 8601 moment with an offset, such as 2026-11-22T18:00:00Z."""

    name = "ISO8601"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time, e.g. 2026-11-22T18:00:00Z", param, ctx)
        if moment.tzinfo is None:
            self.fail(f"{value!r} needs a timezone offset, e.g. 2026-11-22T18:00:00+01:00", param, ctx)
        return moment


NOW_OPTION = click.option(
    "--now",
    type=MomentType(),
    help="Build as if it were this moment (ISO 8601 with offset). "
    "Default: SOURCE_DATE_EPOCH if set, else the current time.",
)


def site_root(ctx: click.Context) -> Path:
    root: Path = ctx.find_root().params.get("root") or Path(".")
    return root


def resolve_clock(now: datetime | None) -> datetime:
    from statusgen.status import resolve_now

    try:
        return resolve_now(now)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def exit_with_diagnostics(error: Exception) -> NoReturn:
    """Report a user mistake the way `check` does, then exit 1."""
    from statusgen.errors import StatusgenError
    from statusgen.report import format_text

    assert isinstance(error, StatusgenError)
    click.echo(format_text(error.diagnostics), err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
@click.option(
    "-C",
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The status site's folder (the one holding statusgen.yaml).",
)
def cli(root: Path) -> None:
    """Build and run a static status page from YAML and Markdown.

    A status site is a folder with statusgen.yaml, content/components.yaml and
    content/incidents/*.md. Run commands from that folder, or pass -C DIR.
    """


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the site here instead of the settings' `output` folder (default public/).",
)
@click.option(
    "--base-url",
    envvar="STATUSGEN_BASE_URL",
    help="Absolute URL the site is served from, overriding the settings' base_url "
    "(env: STATUSGEN_BASE_URL). A path prefix such as https://example.org/status/ works.",
)
@NOW_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something is wrong.")
@click.pass_context
def build(
    ctx: click.Context,
    output: Path | None,
    base_url: str | None,
    now: datetime | None,
    quiet: bool,
) -> None:
    """Build the status site: HTML, feeds, calendar, badges and JSON APIs.

    The new site replaces the output folder only once it is complete; a failed
    build leaves the previous site untouched.
    """
    from statusgen.build import build_site
    from statusgen.errors import StatusgenError

    progress = None if quiet else TerminalProgress()
    try:
        result = build_site(
            site_root(ctx),
            now=resolve_clock(now),
            base_url=base_url,
            output=output,
            progress=progress,
        )
    except StatusgenError as error:
        exit_with_diagnostics(error)
    finally:
        if progress is not None:
            progress.clear()
    if not quiet:
        w = result.written
        click.echo(
            f"Built {w.files} files ({w.bytes / 1_000_000:.1f} MB, {w.written} changed) "
            f"into {result.output} in {result.seconds:.2f} s"
        )


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for GitHub Actions annotations, json for tools.",
)
@click.option(
    "--base-url",
    envvar="STATUSGEN_BASE_URL",
    help="Check with this base_url instead of the settings' (env: STATUSGEN_BASE_URL).",
)
@click.pass_context
def check(ctx: click.Context, output_format: str, base_url: str | None) -> None:
    """Validate the settings, components, incidents and maintenance.

    Reports every problem as file:line:column with a hint; exits 1 if there is any.
    """
    from statusgen.errors import Severity
    from statusgen.report import FORMATS, format_summary, relative_to_cwd
    from statusgen.validate import check_site

    root = site_root(ctx)
    site, diagnostics = check_site(root, base_url=base_url)
    click.echo(FORMATS[output_format](relative_to_cwd(diagnostics, root)), nl=False)
    if site is not None and output_format == "text":
        click.echo(format_summary(site), nl=False)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        ctx.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON with sorted keys, not a table.")
@NOW_OPTION
@click.pass_context
def status(ctx: click.Context, as_json: bool, now: datetime | None) -> None:
    """Show the computed status: overall, components, open incidents, maintenance.

    Colour is used on a terminal unless NO_COLOR is set; statuses are always in words.
    """
    # A bad clock is a usage error, reported before any content is read.
    moment = resolve_clock(now)

    from statusgen.errors import StatusgenError
    from statusgen.render.terminal import status_json, status_table
    from statusgen.status import compute
    from statusgen.validate import load_site

    try:
        # The same base_url override as `build`, so a site that validates there does here.
        site = load_site(site_root(ctx), base_url=os.environ.get("STATUSGEN_BASE_URL") or None)
    except StatusgenError as error:
        exit_with_diagnostics(error)
    result = compute(site, moment)
    if as_json:
        click.echo(status_json(site, result), nl=False)
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(status_table(site, result, color=colour), nl=False)


class TerminalProgress:
    """A one-line file counter on stderr, shown only on a terminal and only after a moment."""

    DELAY = 0.5

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.enabled = sys.stderr.isatty()
        self.drawn = False

    def __call__(self, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.DELAY or now - self.last_drawn < 0.1:
            return
        self.last_drawn = now
        self.drawn = True
        click.echo(f"\rRendering… {count} files", nl=False, err=True)

    def clear(self) -> None:
        if self.drawn:
            click.echo("\r\033[K", nl=False, err=True)


def main() -> None:
    cli()
