"""The command line. Click only: options in, one library call, output and exit code out."""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar, cast
from zoneinfo import ZoneInfo

import click
from click.core import ParameterSource

from statusgen import __version__
from statusgen.ingest import SOURCES
from statusgen.model import (
    INCIDENT_IMPACTS,
    MAX_LATENCY_MS,
    ComponentStatus,
    IncidentState,
    MaintenanceState,
)

if TYPE_CHECKING:
    from statusgen.authoring.events import Change, Commits
    from statusgen.authoring.scaffold import Created
    from statusgen.errors import Diagnostic


class MomentType(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.4
    """A moment: ISO 8601 with an offset (2026-11-22T18:00:00Z) as a datetime, or any time
    `new maintenance --start` reads ("tomorrow 2am", "in 2h", "2026-11-22 18:00") kept as
    text, read by `read_moment` in the site's timezone."""

    name = "WHEN"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime | str:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(
                text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
            )
        except ValueError:
            return text
        return text if moment.tzinfo is None else moment


def examples(*lines: str) -> str:
    """A command's help epilog: example command lines, printed as written (not rewrapped)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


_Command = TypeVar("_Command", bound=Callable[..., Any])


def now_option(doing: str = "Build") -> Callable[[_Command], _Command]:
    """The --now option of a command reading the site's clock; `doing` says what it does."""
    return click.option(
        "--now",
        type=MomentType(),
        help=f"{doing} as if it were this moment: ISO 8601, or as --start of "
        '`new maintenance` takes it ("tomorrow 2am", "in 2h"), in the site\'s timezone. '
        "Default: SOURCE_DATE_EPOCH if set, else the current time.",
    )


def base_url_option(help: str, *, empty_is_unset: bool = False) -> Callable[[_Command], _Command]:
    """The --base-url option (also STATUSGEN_BASE_URL) of a command; `help` says what for.
    With `empty_is_unset`, `--base-url ""` means not given (`notify`: a workflow output
    that was not set); otherwise it is refused as any other value that is not a URL."""

    def checked(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        # From STATUSGEN_BASE_URL it is checked with the settings and reported as theirs
        # (exit 1): the variable is the deploy's configuration, not the command line.
        if value is None or ctx.get_parameter_source("base_url") is not ParameterSource.COMMANDLINE:
            return value
        if not value and empty_is_unset:
            return None
        from statusgen.config import base_url_problem

        problem = base_url_problem(value)
        if problem is not None:
            what, hint = problem
            raise click.BadParameter(f"{what}; {hint}", ctx=ctx, param=param)
        return value

    return click.option("--base-url", envvar="STATUSGEN_BASE_URL", callback=checked, help=help)


def several_pages(given: str, fix: str, pages: list[str]) -> click.UsageError:
    """The usage error of an option naming one page's folder or address on a run for
    several pages (`build`, `notify`): what was given, how to fix it, the pages."""
    return click.UsageError(f"{given}: {fix} (pages: {', '.join(pages)})")


def site_root(ctx: click.Context) -> Path:
    """The site the command acts on: the nearest folder from -C (default: here) upwards
    holding statusgen.yaml, as git finds its repository. Says which one when it is not
    that folder; outside any site, exits with a clear error."""
    from statusgen.layout import NOT_A_SITE, NOT_A_SITE_HINT, find_site, near_site

    top = ctx.find_root()
    found: Path | None = top.meta.get("statusgen.site")
    if found is not None:
        return found
    start = start_folder(ctx)
    if not start.is_dir():  # a typo in -C: say so, not that no site is around it
        raise click.BadParameter(f"no folder {str(start)!r}", ctx=top, param_hint="'-C'")
    found = find_site(start)
    if found is None:
        hint = near_site(start) or NOT_A_SITE_HINT
        raise click.ClickException(f"{NOT_A_SITE}\n  hint: {hint}")
    if found != start and not ctx.params.get("quiet"):
        click.echo(f"Using the site in {found}", err=True)
    top.meta["statusgen.site"] = found
    return found


def check_page_option(ctx: click.Context, root: Path, names: Sequence[str]) -> None:
    """A usage error (exit 2) naming the --page values the site at `root` has no page for,
    and the pages it has: no edit of the site can fix the command line. Settings that
    cannot be read are left to the command, which reports them."""
    from statusgen.layout import defined_pages

    if not names:  # the usual build: no settings read, no did-you-mean imported
        return
    pages = defined_pages(root)
    if pages is None:
        return
    known = [page.name for page in pages]
    unknown = [name for name in names if name not in known]
    if not unknown:
        return
    from statusgen.load.fields import did_you_mean, unseen_slip

    for name in unknown:
        slip = unseen_slip("page", name, known.__contains__)
        if slip is not None:
            raise click.BadParameter("; ".join(slip), ctx=ctx, param_hint="'--page'")
    hint = (
        "".join(did_you_mean(name, known) for name in unknown) + f"pages: {', '.join(known)}"
        if known
        else "this site defines no pages (see docs/audiences.md): leave out --page"
    )
    what = " or ".join(f"'{name}'" for name in unknown)
    raise click.BadParameter(f"there is no page {what}; {hint}", ctx=ctx, param_hint="'--page'")


def output_option(value: Path | None) -> Path | None:
    """-o as `output:` reads it (config.home_path): `--output=~/www`, which no shell
    expands, is the home folder's www, not a folder named `~` here."""
    if value is None:
        return None
    from statusgen.config import home_path

    home, problem = home_path(str(value))
    if problem is not None:
        raise click.BadParameter(f"{str(value)!r} {problem}")
    return Path(home)


def check_output_of_page(root: Path, page: str, output: Path) -> None:
    """A usage error when -o, for a build of `page`, is another page's output folder, lies
    in one or holds one (the rule `check` applies to statusgen.yaml): the build would
    replace that page's site, and a private page's would be published with it."""
    from statusgen.config import folders_overlap, output_place
    from statusgen.layout import listed_pages

    target = output_place(Path.cwd(), output)  # -o is read from where the command runs
    for other in listed_pages(root):
        if other.name != page and folders_overlap(target, output_place(root, other.output)):
            raise click.UsageError(
                f"-o/--output {str(output)!r} and the output folder of page '{other.name}' "
                f"({other.output}) lie one inside the other: building page '{page}' there "
                f"would replace or nest in that page's site; pass -o a folder apart from it"
            )


def site_or_new(ctx: click.Context) -> Path:
    """The site around the -C folder (as `site_root` finds it), or that folder itself when
    it lies in no site: for `import`, which may make a new site as `init` does."""
    from statusgen.layout import find_site

    if find_site(start_folder(ctx)) is None:
        return start_folder(ctx)
    return site_root(ctx)


def start_folder(ctx: click.Context) -> Path:
    """The folder given with -C, else the current one (where `init` creates a site).
    A usage error when that is relative to a current folder that no longer exists (a
    shell left in an output folder that a build replaced)."""
    from statusgen.layout import working_folder

    top = ctx.find_root()
    root: Path = top.params.get("root") or Path(".")
    if not root.is_absolute() and working_folder() is None:
        raise click.ClickException(FOLDER_GONE)
    if root.is_file():  # -C statusgen.yaml: the site is the folder holding it
        import shlex

        raise click.BadParameter(
            f"{str(root)!r} is a file, not a folder; pass the folder holding it: "
            f"-C {shlex.quote(str(root.parent))}",
            ctx=top,
            param_hint="'-C'",
        )
    return root


# What a command run from a deleted folder is told: nothing relative to it can be found.
FOLDER_GONE = "the current folder no longer exists; cd to the site again"


def resolve_clock(now: datetime | str | None, ctx: click.Context | None = None) -> datetime:
    """The run's one clock (clock.resolve_now); a --now given as text ("tomorrow 2am") is
    read as `new maintenance --start` reads it, in the timezone of the site around `ctx`."""
    from statusgen.clock import resolve_now

    try:
        if isinstance(now, str):
            # Only here: every build resolves its clock, and the parser's module costs a
            # rebuild 10 ms to import.
            from statusgen.authoring.timeparse import says_now

            # `--now now` is the clock --now left out reads, to the second: parse_when
            # makes "now" a minute, as `--start now` wants it.
            clock = resolve_now(None)
            now = clock if says_now(now) else read_moment(now, ctx, "--now", now=clock)
        return resolve_now(now)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def author_clock(now: datetime | str | None, ctx: click.Context) -> Callable[[], datetime]:
    """The clock of a command that may wait for its author in $EDITOR (or for another run
    of the site, `notify`): --now (or SOURCE_DATE_EPOCH) as resolve_clock gives it, else
    the time it is read, so that what is written once the editor closes is dated when it
    is posted, not when the command started (a teammate's update meanwhile is not "after
    now"). Errors are raised here."""
    moment = resolve_clock(now, ctx)
    if now is not None:
        return lambda: moment
    return lambda: resolve_clock(None, ctx)


def read_moment(
    value: datetime | str, ctx: click.Context | None, option: str, *, now: datetime
) -> datetime:
    """A MomentType value given with `option`: a datetime as it is, text read as `new
    maintenance --start` reads it (from `now`, in the timezone of the site around `ctx`).
    Text it cannot read, or a moment outside the supported years, is a usage error."""
    from statusgen.authoring.timeparse import parse_when
    from statusgen.clock import in_years

    if isinstance(value, datetime):
        try:
            return in_years(value, option)
        except ValueError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from None
    try:
        return parse_when(value, now=now, tz=site_zone(ctx))
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param_hint=f"'{option}'") from None


def site_zone(ctx: click.Context | None) -> ZoneInfo:
    """The timezone of the site around `ctx`'s folder; UTC without a site or readable settings."""
    from statusgen.config import parse_settings
    from statusgen.layout import SETTINGS_FILE, find_site

    found = find_site(start_folder(ctx)) if ctx is not None else None
    if found is not None:
        try:
            settings, _ = parse_settings((found / SETTINGS_FILE).read_bytes())
        except OSError:
            settings = None
        if settings is not None:
            return settings.tz
    return ZoneInfo("UTC")


def shown_diagnostics(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with their paths as `check` names them: from the current folder
    (report.relative_to_cwd), so `-C site` names `site/content/...`, a file the user can
    open from where they stand. As they are when the command found no site."""
    from statusgen.report import relative_to_cwd

    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().meta.get("statusgen.site") if ctx is not None else None
    return list(diagnostics) if root is None else relative_to_cwd(diagnostics, root)


def shown_site_file(relpath: str) -> str:
    """A file of the site (its path relative to it) named as shown_diagnostics names one:
    `-C site` prints `site/content/...`, a file that exists from the current folder."""
    from statusgen.report import path_from_cwd as from_here

    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().meta.get("statusgen.site") if ctx is not None else None
    return relpath if root is None else from_here(relpath, root)


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    """The diagnostics as `check` prints them (report.format_text of shown_diagnostics)."""
    from statusgen.report import format_text

    return format_text(shown_diagnostics(diagnostics))


def exit_with_diagnostics(error: Exception, after: str = "") -> NoReturn:
    """Report a user mistake the way `check` does, and the line `after` when given, then
    exit 1."""
    from statusgen.errors import StatusgenError

    assert isinstance(error, StatusgenError)
    click.echo(diagnostics_text(error.diagnostics), err=True, nl=False)  # ends its last line
    if after:
        click.echo(after, err=True)
    sys.exit(1)


def _echo_warnings(warnings: list[Diagnostic]) -> None:
    """Warnings on stderr, as `check` words them: the command still did its work."""
    if warnings:
        click.echo(diagnostics_text(warnings), nl=False, err=True)


def command_line(ctx: click.Context, words: Sequence[str]) -> str:
    """The command line running `ctx`'s command with `words`, as the user would type it: the
    program as they called it, -C as they gave it, each word quoted for the shell where it
    needs to be. For a hint that offers the command meant, to copy as it stands."""
    import shlex

    names: list[str] = []
    top = ctx
    while top.parent is not None:
        names.insert(0, top.info_name or "")
        top = top.parent
    given = top.get_parameter_source("root") is ParameterSource.COMMANDLINE
    lead = ["-C", str(top.params["root"])] if given else []
    return " ".join([top.info_name or "statusgen", *map(shlex.quote, [*lead, *names, *words])])


def offered_line(ctx: click.Context, words: Sequence[str]) -> str | None:
    """command_line(ctx, words) for a hint offering the command meant, when click's parser
    takes `words` after `ctx`'s group (a command of it, options the command has, as many
    arguments as it takes, its required options); None when it would refuse them: a line
    that fails again helps no one. A required option left out is given with an example
    value (`new maintenance DB --start 'tomorrow 02:00' --end …`), as a hint shows one."""
    import shlex

    words = _dangling_option_dropped(ctx, list(words))
    parsed = _parsed(ctx, words)
    if parsed is not None:
        command, values, _ = parsed
        missing = [p for p in _required_options(command) if values.get(p.name or "") is None]
        filled = [
            word
            for p in missing
            if p.name in _EXAMPLE_VALUES
            for word in (p.opts[0], *shlex.split(_EXAMPLE_VALUES[p.name or ""]))
        ]
        end = words.index("--") if "--" in words else len(words)  # before the arguments
        words = [*words[:end], *filled, *words[end:]]
    return command_line(ctx, words) if _parses(ctx, words) else None


def _dangling_option_dropped(ctx: click.Context, words: list[str]) -> list[str]:
    """`words` without their last when it is an option of the command they name that takes
    a value (`new inc 'Login down' -c`): the line offered without it parses, and typed, the
    option given last is refused with its own hint (_refuse_missing_value)."""
    command: click.Command | None = ctx.command
    for word in words[:-1]:  # down through the groups named (`new`, then `incident`)
        if not isinstance(command, click.Group):
            break
        command = command.get_command(ctx, word)
    if isinstance(command, click.Group) or command is None or len(words) < 2:
        return words
    return words[:-1] if words[-1] in value_options(command.params) else words


def _required_options(command: click.Command) -> list[click.Option]:
    """The options `command` cannot run without (`new maintenance --start`)."""
    return [p for p in command.params if isinstance(p, click.Option) and p.required]


def _parsed(
    ctx: click.Context, words: list[str]
) -> tuple[click.Command, dict[str, Any], list[str]] | None:
    """The command `words` after the group of `ctx` name (in its groups), the values its
    parser gives them and the words it leaves; None when no command is named or the parser
    refuses them. Nothing is run (no callback, no --help)."""
    group = ctx.command
    if not (isinstance(group, click.Group) and words):
        return None
    command = group.get_command(ctx, words[0])
    if command is None:
        return None
    inner = click.Context(command, info_name=words[0], parent=ctx)
    try:
        values, args, _ = command.make_parser(inner).parse_args(words[1:])
    except click.UsageError:
        return None
    if isinstance(command, click.Group):
        return _parsed(inner, args)
    return command, values, args


def _message_needed(ctx: click.Context, words: list[str]) -> str | None:
    """What the message is (MESSAGE_REQUIRED: "the first update") when `words` after the
    group of `ctx` name a command that requires one and give no -m; None otherwise."""
    parsed = _parsed(ctx, words)
    if parsed is None:
        return None
    command, values, _ = parsed
    path = [command.name or ""]
    at: click.Context | None = ctx
    while at is not None and at.parent is not None:  # up to, not including, statusgen
        path.insert(0, at.info_name or "")
        at = at.parent
    what = MESSAGE_REQUIRED.get(tuple(path))
    return what if what is not None and not values.get("messages") else None


def _parses(ctx: click.Context, words: list[str]) -> bool:
    """Whether `words` after the group of `ctx` name one of its commands and what that
    command's parser takes, its required options among them, without running anything."""
    parsed = _parsed(ctx, words)
    if parsed is None:
        return False
    command, values, args = parsed
    # The parser gives each argument its word (a tuple of words for several), and leaves
    # those no argument takes; an argument without one is a marker of click's, no word.
    # A required option left out is refused only when the command is invoked.
    required = [p.name for p in command.params if isinstance(p, click.Argument) and p.required]
    given = [values.get(name or "") for name in required]
    options = all(values.get(p.name or "") is not None for p in _required_options(command))
    return (
        not args
        and options
        and all(isinstance(v, str) or (isinstance(v, tuple) and v) for v in given)
    )


def no_such_command(ctx: click.Context, name: str, hint: str = "") -> click.UsageError:
    """The usage error of a command `ctx`'s group does not have, with how to say what was
    meant (when a hint is given)."""
    said = f"\n  hint: {hint}" if hint else ""
    return click.UsageError(f"No such command {name!r}.{said}", ctx)


# How many open slugs a hint for a missing SLUG names; `incidents` lists them all.
_SLUGS_NAMED = 10


def missing_slug_hint(ctx: click.Context, verb: str, words: Sequence[str]) -> str:
    """For `verb` (`resolve`, `update`) typed without its SLUG and with `words` after it:
    the slugs of what is open, as `incidents` lists them (the first few), and the line with
    the slug when exactly one is; `incidents` when the site cannot be read."""
    from statusgen.authoring.events import open_events
    from statusgen.errors import StatusgenError
    from statusgen.layout import find_site

    listed = command_line(ctx, ["incidents"])
    site = None
    # No site around, -C naming no folder, a site that cannot be read: the list command.
    with suppress(OSError, click.ClickException):
        site = find_site(start_folder(ctx))
    if site is None:
        return f"give the slug `{listed}` lists"
    try:
        _, found = open_events(site, resolve_clock(None, ctx))
    except (StatusgenError, click.ClickException):
        return f"give the slug `{listed}` lists"
    slugs = [event.slug for event in found]
    if not slugs:
        every = command_line(ctx, ["incidents", "--all"])
        return f"nothing is open; `{every}` lists resolved ones too"
    if len(slugs) == 1:
        offered = offered_line(ctx, [verb, slugs[0], *words])
        if offered is not None:
            return f"one is open: `{offered}`"
    named = ", ".join(slugs[:_SLUGS_NAMED])
    more = (
        f" and {len(slugs) - _SLUGS_NAMED} more (`{listed}`)" if len(slugs) > _SLUGS_NAMED else ""
    )
    return f"give one of the open slugs: {named}{more}"


def value_options(params: Iterable[click.Parameter]) -> set[str]:
    """The options among `params` that take the next word as their value (-m, -c, --now)."""
    return {
        name
        for p in params
        if isinstance(p, click.Option) and not p.is_flag and not p.count
        for name in p.opts
    }


def refuse_dashed(
    ctx: click.Context, given: list[str], params: Sequence[click.Parameter], *, group: bool = False
) -> None:
    """Refuse an option of `params` whose `--` or `-` became a dash that only looks like one
    (an em dash, an en dash, a minus sign), as autocorrect makes it in a command copied from
    chat or a document: click reads `—fix` as a word, one left over or an argument (the
    monitor `probe` runs, the incident's title), and says nothing of the dash. Said with
    the character and the command line fixed. For a `group`, only the words before its
    command are its own."""
    import unicodedata

    from statusgen.load.text import name_character

    options = {name for p in params for name in p.opts + p.secondary_opts}
    takes_value = value_options(params)
    words = iter(enumerate(given))
    for at, word in words:
        if word == "--":
            return  # what follows is arguments, as written
        if word in takes_value:
            next(words, None)  # its value, a message may begin with a dash
            continue
        lead = word[:1]
        if not lead or lead == "-" or not (lead == "\u2212" or unicodedata.category(lead) == "Pd"):
            if group and not word.startswith("-"):
                return  # the command: the words after it are its own
            continue
        name, equals, value = word[1:].partition("=")
        meant = next((f"{d}{name}" for d in ("--", "-") if f"{d}{name}" in options), None)
        if meant is None:
            # One of statusgen's own (`status —C site`): said, with where it goes.
            moved = _own_option_after_command(ctx, given, at, name)
            if moved is not None:
                raise click.UsageError(f"{moved[0]}\n  hint: {moved[1]}", ctx)
            if group:
                return  # the command's name, as click will say
            continue
        fixed = command_line(ctx, [*given[:at], f"{meant}{equals}{value}", *given[at + 1 :]])
        raise click.UsageError(
            f"'{word}' starts with {name_character(lead)}, not '{meant[: -len(name)]}'\n"
            f"  hint: type the option as {meant}: `{fixed}`",
            ctx,
        )


# A value to show in the hint for an option whose value was another option: one that the
# option takes, so the hint reads as the command's own examples do.
_EXAMPLE_VALUES = {
    "components": "api=major_outage",
    "status": "identified",
    "impact": "major",
    "now": "2026-12-01T12:00:00Z",
    "start": '"tomorrow 02:00"',
    "end": '"tomorrow 04:00"',
}


def _example_value(param: click.Parameter) -> str:
    """A value to show for `param` in a hint (_EXAMPLE_VALUES, else its metavar)."""
    return _EXAMPLE_VALUES.get(param.name or "") or param.metavar or "VALUE"


def _message_example(ctx: click.Context, spelled: str, value: str, option: click.Parameter) -> str:
    """The words of the hint to `-m <option>`, to copy as they stand: the message, then the
    option with an example value when it takes one (`--status identified`; alone, click
    would refuse it). `--help` runs nothing, so it is left out and named as the command's
    own help to read instead."""
    if value in ctx.help_option_names:
        return f"{spelled} 'Fixed.', and see `{command_line(ctx, ['--help'])}`"
    takes_value = isinstance(option, click.Option) and not option.is_flag and not option.count
    example = f" {_example_value(option)}" if takes_value else ""
    return f"{spelled} 'Fixed.' {value}{example}"


def _option_meant(value: str, options: Iterable[str]) -> str | None:
    """The option of `options` a value stands for when it reads as one rather than as text:
    `--` itself (the end of the options), `--status=identified` (--status), a beginning or a
    near typo of a long option (`--commi`, `--comit`: --commit), any of them after the `=`
    click leaves in `-m=--commit`; None for text (`- item`, `--- see below`, `--verbose`
    when no option is near it)."""
    import re

    from statusgen.errors import close_matches

    if value.startswith("=--"):
        value = value[1:]  # `-m=--commit`: click reads a short option's `=` as text
    options = set(options)
    if value == "--" or value in options:
        return value
    word = re.fullmatch(r"--([A-Za-z][A-Za-z0-9_-]*)(?:=.*)?", value, re.DOTALL)
    if word is None:
        return None
    name = word.group(1)
    longs = {o[2:]: o for o in options if o.startswith("--") and len(o) > 2}
    begun = [o for n, o in longs.items() if n.startswith(name)]
    if len(begun) == 1:
        return begun[0]
    close = close_matches(name, longs)
    return longs[close[0]] if close else (begun[0] if begun else None)


def refuse_option_as_value(
    ctx: click.Context, given: list[str], params: Sequence[click.Parameter]
) -> None:
    """Refuse an option's value that reads as one of the command's own options (_option_meant):
    click takes the word after `-m` as the message whatever it is, so `resolve x -m
    --commit` would publish "--commit" and never commit, `-m -- --commit` would publish "--"
    and commit, and `update x -c -m Fixed` would end in a word left over. Text merely
    starting with a dash (`-m "- item"`, `-m "--- see below"`) is a value as given."""
    import shlex

    options = {name: p for p in params for name in p.opts + p.secondary_opts}
    takes_value = value_options(params)
    words = enumerate(given)
    for at, word in words:
        if word == "--":
            return  # what follows is arguments, as written
        spelled, equals, value = word.partition("=")
        taken = [at]  # the words that give the option and its value
        if equals and spelled.startswith("--") and spelled in takes_value:
            pass  # `--message=--commit`
        elif word[:2] in takes_value and not word.startswith("--") and len(word) > 2:
            spelled, value = word[:2], word[2:]  # `-m--commit`, as click reads it
        elif word in takes_value:
            if at + 1 == len(given):
                _refuse_missing_value(ctx, word, options[word])
            spelled, value = word, next(words, (at, ""))[1]
            taken.append(at + 1)
        else:
            continue
        meant = _option_meant(value, options)
        if meant is None:
            continue
        param = options[spelled]
        if "-m" in param.opts:
            if meant == "--":
                said, example = "is no message: it ends the options", f"{spelled} 'Fixed.'"
            else:
                said = "is an option" if value == meant else f"reads as the option {meant}"
                said += " of this command"
                example = _message_example(ctx, spelled, meant, options[meant])
                if "=" in value.lstrip("="):  # `--status=identified`: its value as typed
                    example = f"{spelled} 'Fixed.' {meant}={value.lstrip('=').partition('=')[2]}"
            # The text itself, on purpose: `-m -` reads it from standard input. The option
            # it read as stays with the value typed after it (`-m --now 2026-…`): that
            # value alone would be a word left over, and the line refused again.
            after = taken[-1] + 1
            kept: list[str] = []
            if meant in takes_value and "=" not in value and after < len(given):
                its_value = given[after]
                if its_value != "--" and _option_meant(its_value, options) is None:
                    kept, after = [meant, its_value], after + 1
                    example = f"{spelled} 'Fixed.' {meant} {shlex.quote(its_value)}"
            piped = [*given[:at], "-m", "-", *kept, *given[after:]]
            raise click.UsageError(
                f"{spelled} takes the message; `{value}` {said}\n"
                f"  hint: put the message after {spelled}, e.g. {example}; "
                f"to post the text {value} itself, give it on standard input: "
                f"printf '%s\\n' {shlex.quote(value)} | {command_line(ctx, piped)}",
                ctx,
            )
        example = _example_value(param)
        raise click.UsageError(
            f"{spelled} took '{value}' as its value\n"
            f"  hint: give {spelled} a value, e.g. {spelled} {example}",
            ctx,
        )


def _refuse_missing_value(ctx: click.Context, spelled: str, param: click.Parameter) -> None:
    """Refuse option `spelled` given last, without its value (`update x -c api --status`),
    with the hint `--status -m …` gets and the values it takes: click's own "requires an
    argument" names neither."""
    if "-m" in param.opts:
        hint = f"put the message after {spelled}, e.g. {spelled} 'Fixed.'"
    else:
        hint = f"give {spelled} a value, e.g. {spelled} {_example_value(param)}"
        valid = _valid_values(param)
        if valid:
            hint += f" ({valid})"
    raise click.UsageError(
        f"{spelled} is the last word, with no value after it\n  hint: {hint}", ctx
    )


def _valid_values(param: click.Parameter) -> str:
    """What `param` takes, in words, as its refusal of an empty value says it; empty when
    it says nothing more than its example."""
    if isinstance(param.callback, _Named):
        return param.callback.valid
    if param.name == "components":
        return f"a component id, or id=STATUS with STATUS one of {_listed(ComponentStatus)}"
    if isinstance(param.type, MomentType):
        return 'ISO 8601, or a time such as "yesterday 14:30" or "45m ago"'
    return ""


def _own_option_after_command(
    ctx: click.Context, given: list[str], at: int, name: str
) -> tuple[str, str] | None:
    """For the word `given[at]`, a dash autocorrect made and then `name`, typed after a
    command: when it is one of statusgen's own options (`status —C site`), what its dash
    is and the hint Commands gives that option typed after the command (it goes before);
    None otherwise, and in statusgen's own words, which refuse_dashed answers already."""
    from statusgen.load.text import name_character

    root = ctx.find_root()
    top = root.command
    if ctx is root or not isinstance(top, Commands):
        return None
    own = next(
        (f"{d}{name}" for d in ("--", "-") for p in top.params if f"{d}{name}" in p.opts), None
    )
    if own is None:
        return None
    word = given[at]
    # The words Commands keeps for its hint, with the option as it should have been typed.
    words = list(ctx.meta.get(_COMMAND_WORDS, []))
    typed = next((i for i, w in enumerate(words) if w == word), None)
    if typed is not None:
        words[typed] = own + word[1 + len(name) :]
    ctx.meta[_COMMAND_WORDS] = words
    moved = top._own_option_moved(root, own)
    if moved is None:
        return None
    return f"'{word}' starts with {name_character(word[0])}, not '{own[: -len(name)]}'", moved


def wrap_words(text: str, width: int, indent: str = "") -> str:
    """`text` wrapped to `width` as click's help wraps it (paragraphs kept, one led by a
    `\\b` line left as written), but only at spaces: click breaks a word longer than the
    line, so that a narrow terminal showed `api=pa rtial_outage`, a value no one could copy.
    Such a word runs past the line instead."""
    import re
    import textwrap

    wrapped = []
    for paragraph in re.split(r"\n[ \t]*\n", text.expandtabs().strip("\n")):
        lines = paragraph.splitlines()
        if lines and lines[0].strip() == "\b":
            wrapped.append("\n".join(indent + line for line in lines[1:]))
            continue
        first = lines[0] if lines else ""
        lead = indent + " " * (len(first) - len(first.lstrip()))
        wrapped.append(
            textwrap.fill(
                " ".join([first.lstrip(), *lines[1:]]),
                width,
                initial_indent=lead,
                subsequent_indent=lead,
                replace_whitespace=False,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n\n".join(wrapped)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout, wrapped only at spaces (wrap_words)."""

    def write_text(self, text: str) -> None:
        self.write(wrap_words(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((len(first) for first, _ in rows), default=0), col_max) + col_spacing
        lead = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + lead)
            text = wrap_words(second, max(self.width - first_col - 2, 10))
            self.write(text.replace("\n", "\n" + lead).replace(lead + "\n", "\n") + "\n")


class Context(click.Context):
    """A statusgen command's context: its help is laid out by HelpFormatter."""

    formatter_class = HelpFormatter


class Command(click.Command):
    """Every statusgen command (Commands and its groups make them so): an option typed with
    a dash autocorrect made of `--` is refused with the option to type (refuse_dashed), and
    an option given as another's value (`-m --commit`) is refused (refuse_option_as_value)."""

    context_class = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            refuse_dashed(ctx, args, self.get_params(ctx))
            refuse_option_as_value(ctx, args, self.get_params(ctx))
        given = list(args)  # click's parser takes the words off the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            hint = None if ctx.resilient_parsing else self._option_synonym_hint(ctx, given, error)
            if hint is None:
                raise
            raise click.UsageError(f"{error.message}\n  hint: {hint}", ctx) from None

    def _option_synonym_hint(
        self, ctx: click.Context, given: list[str], error: click.NoSuchOption
    ) -> str | None:
        """For an option named as other tools name it (OPTION_SYNONYMS: `--severity`), or a
        title given as an option (`--title X`), what this command calls it, with the line
        meant when it would be taken as it stands; None for any other unknown option."""
        typed = error.option_name
        meant = OPTION_SYNONYMS.get(typed)
        own = {name for p in self.get_params(ctx) for name in p.opts}
        title = typed == "--title" and any(
            isinstance(p, click.Argument) and p.name == "title" for p in self.get_params(ctx)
        )
        if not title and (meant is None or meant not in own):
            return None
        words: list[str] = []
        value: str | None = None
        at = None  # where the synonym's value is among `words`
        rest = iter(given)
        for word in rest:
            spelled, equals, after = word.partition("=")
            if spelled != typed:
                words.append(word)
            elif title:
                value = after if equals else next(rest, None)
            elif meant is not None:
                value = after if equals else next(rest, None)
                words.append(meant)
                if value is not None:
                    at = len(words)
                    words.append(value)
        if title:
            said = "the title is the first argument, not an option"
            words = [value, *words] if value is not None else words
        else:
            said = f"{typed} is {meant} here"
            # Its value as other tools write it (`--priority P1`) is offered as the name
            # it means (`--impact critical`); one that means none offers no line, which
            # would be refused, but the values the option takes.
            option = next(p for p in self.get_params(ctx) if meant in p.opts)
            names = option.callback.names if isinstance(option.callback, _Named) else ()
            if value is not None and at is not None and names:
                from statusgen.errors import meant_name

                named = meant_name(value, names)
                if named is None:
                    return f"{said}, which takes {_valid_values(option)}"
                words[at] = named
        group = ctx.parent  # the line is checked as its group would take it
        needed = None if group is None else _message_needed(group, [ctx.info_name or "", *words])
        if needed is not None:
            # Off a terminal, a line without -m is refused ("give the first update with -m
            # MESSAGE"), and a placeholder message would be published: both fixes in words.
            if at is not None:
                import shlex

                said = f"{said} ({meant} {shlex.quote(words[at])})"
            return f"{said}, and give {needed} with -m MESSAGE"
        offered = None if group is None else offered_line(group, [ctx.info_name or "", *words])
        return f"{said}: `{offered}`" if offered is not None else said


class Group(click.Group):
    """A group of statusgen's commands (`new`, `import`): they are Commands, whose dashed
    options are refused (refuse_dashed), as the group's own are (`new —help`)."""

    command_class = Command
    context_class = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            refuse_dashed(ctx, list(args), self.get_params(ctx), group=True)
        return super().parse_args(ctx, args)


# Words other tools (and habit) use for a command statusgen names otherwise, and what
# statusgen calls it: offered before click's nearest spelling, which answers `list` with
# `ingest`, the command that opens incidents from alerts, and `reopen` with `resolve`, its
# opposite. Options here (`--help`, `--status investigating`) go after the words that
# followed (`help build` is `build --help`, `reopen SLUG` is `update SLUG --status …`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "list": ("incidents",),
    "ls": ("incidents",),
    "show": ("incidents",),
    "close": ("resolve",),
    "reopen": ("update", "--status", "investigating"),
    "open": ("new", "incident"),
    "create": ("new", "incident"),
    "add": ("new", "incident"),
    "help": ("--help",),
    "version": ("--version",),
    "-V": ("--version",),
    "-v": ("--version",),
    # Click's nearest spelling answers `lint` with `ingest` or `init`, and these with nothing.
    "lint": ("check",),
    "validate": ("check",),
    "preview": ("serve",),
    "publish": ("build",),
    "deploy": ("build",),
    "edit": ("update",),
}

# What a synonym's hint says of the line it offers, when more than "did you mean": `build`
# publishes nothing by itself.
SYNONYM_NOTES = {
    word: "`{line}` builds the site into a folder (public/) that any static host serves; "
    "docs/deploying.md says how"
    for word in ("publish", "deploy")
}

# Words that mean one of several commands (`start` an incident, or the preview): each is
# offered, never click's nearest spelling (`status`), which does neither.
SEVERAL_MEANINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "start": (
        ("to open an incident", ("new", "incident", "--help")),
        ("to preview the site", ("serve",)),
    ),
}

# Commands other tools remove a record with: statusgen has none, an incident is a file.
REMOVING = ("remove", "delete", "rm", "del")

# Options other tools (Statuspage, incident trackers) name otherwise, and statusgen's name.
# `-s` is no option of statusgen's: as a short `--status` (`update SLUG -s identified`).
OPTION_SYNONYMS = {
    "--severity": "--impact",
    "--priority": "--impact",
    "--state": "--status",
    "-s": "--status",
}

# The commands that cannot do without a message off a terminal (ask_message's `required`),
# by their words after `statusgen`, and what the message is.
MESSAGE_REQUIRED = {("new", "incident"): "the first update", ("update",): "the update"}

# Words for a kind of event typed without `new` (`window DB`), and the kind they name.
KIND_SYNONYMS = {"window": "maintenance", "outage": "incident"}

# Words that ask for a list after a kind (`incident list`, `maintenance ls`): answered as a
# bare kind is, never with `new`, which would publish an event titled "list".
LIST_WORDS = ("list", "ls", "show", "status", "all", "open")

# Commands that act on an event named by its slug, typed after a kind (`incident update
# login`, and `close` by its synonym): the command meant is the verb with that slug.
EVENT_VERBS = ("update", "resolve", "close", "reopen", "edit")


def _close_commands(group: click.Group, ctx: click.Context, name: str) -> list[str]:
    """The commands of `group` click offers for the unknown `name` (its nearest spellings)."""
    import difflib

    return difflib.get_close_matches(name, group.list_commands(ctx))


# Where Commands keeps the command and the words after it, as typed (see parse_args).
_COMMAND_WORDS = "statusgen.command_words"
# Where a command run `stopped_by_sigterm` notes that SIGTERM stopped it.
_STOPPED_BY = "statusgen.stopped_by"


def stopped_by_sigterm(command: _Command) -> _Command:
    """`command` (taking the click context first) run with SIGTERM taken as Ctrl-C is: it
    stops where Ctrl-C stops it (a build's moves finish first) and says so in one line,
    `Stopped by SIGTERM.`, exit status 143. A CI step's time limit sends SIGTERM, and a
    job that ended without a word left its log to guess what happened to the site."""

    @functools.wraps(command)
    def run(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        def stop(signum: int, frame: object) -> None:
            ctx.meta[_STOPPED_BY] = signum
            raise KeyboardInterrupt

        # Only the main thread may set handlers; a SIGTERM ignored (a job started so) stays so.
        if threading.current_thread() is not threading.main_thread() or signal.getsignal(
            signal.SIGTERM
        ) in (None, signal.SIG_IGN):
            return command(ctx, *args, **kwargs)
        previous = signal.signal(signal.SIGTERM, stop)
        try:
            return command(ctx, *args, **kwargs)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return cast("_Command", run)


class Commands(Group):
    """statusgen's commands. Ctrl-C ends one with a line and exit status 130, as the
    shell's own commands end, where click says "Aborted!" with status 1. A command named
    as another tool names it (SYNONYMS), and an option of statusgen's own given after the
    command (`status -C site`), are answered with the command line meant. Its commands
    and groups refuse an option typed with a dash autocorrect made (refuse_dashed), as
    it does its own (`—root site`)."""

    group_class = Group

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser takes the words off the list it is given
        try:
            rest = super().parse_args(ctx, args)  # Group's: refuse_dashed, then click's
        except click.NoSuchOption as error:
            meant = SYNONYMS.get(error.option_name)
            if meant is None or ctx.resilient_parsing:
                raise
            offered = command_line(ctx, meant)
            raise click.UsageError(
                f"{error.message}\n  hint: did you mean `{offered}`?", ctx
            ) from None
        # The command and its words (what click leaves after statusgen's own options).
        ctx.meta[_COMMAND_WORDS] = given[len(given) - len(rest) - 1 :]
        return rest

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, rest = args[0], args[1:]
        meant = SYNONYMS.get(name)
        if meant is not None and not ctx.resilient_parsing and self.get_command(ctx, name) is None:
            words = self._extra_words_dropped(ctx, self._meant_words(ctx, meant, rest))
            # An own option typed after the synonym would be refused again, after the
            # command meant: the hint moves it as an own option's hint does.
            for own in self.params:
                if isinstance(own, click.Option) and not own.is_flag:
                    words = self._moved_before(ctx, own, words) or words
            if (
                words[:1] == [meant[0]]
                and not _parses(ctx, words)
                and self._takes_slug(ctx, meant[0])
            ):
                # `close` alone: `resolve` alone would be refused too; the slugs open.
                slugs = missing_slug_hint(ctx, meant[0], words[1:])
                raise no_such_command(ctx, name, f"{name} is {meant[0]} here; {slugs}")
            note = SYNONYM_NOTES.get(name, "did you mean `{line}`?")
            raise no_such_command(ctx, name, note.format(line=command_line(ctx, words)))
        several = SEVERAL_MEANINGS.get(name.casefold())
        if several is not None and not ctx.resilient_parsing:
            choices = "; ".join(f"{why}, `{command_line(ctx, line)}`" for why, line in several)
            raise no_such_command(ctx, name, choices)
        if name.casefold() in REMOVING and not ctx.resilient_parsing:
            raise no_such_command(ctx, name, self._removing_hint(ctx, rest))
        joined = None if ctx.resilient_parsing else self._joined_words(ctx, name)
        if joined is not None:
            # No hint rather than click's nearest spelling (`incidents`) when the command
            # meant would refuse what follows; the two words alone, its help.
            offered = offered_line(ctx, [*joined, *rest])
            if offered is not None:
                raise no_such_command(ctx, name, f"did you mean `{offered}`?")
            raise no_such_command(ctx, name, "" if rest else self._help_hint(ctx, *joined))
        kind = None if ctx.resilient_parsing else self._group_of_kind(ctx, name)
        if kind is not None:
            # `incident "Login down"`, `maint DB`: `new` left out. Click's nearest spelling
            # would offer `incidents`, which takes no title, or `init`, which makes a new
            # site; it answers only what `new …` would refuse (a bare `incident` may well be
            # `incidents`, offered too), and never with a command unlike the kind (`maint`:
            # `init`).
            group, read_as = kind
            said = rest[0].casefold() if rest else ""
            if said in LIST_WORDS:
                listed = (
                    ["incidents", "--all"] if "all" in map(str.casefold, rest) else ["incidents"]
                )
                hint = self._help_hint(ctx, group, read_as)
                raise no_such_command(
                    ctx, name, f"{hint}; to list them, `{command_line(ctx, listed)}`"
                )
            if said in EVENT_VERBS:
                verb = SYNONYMS.get(said, (said,))
                offered = offered_line(ctx, self._meant_words(ctx, verb, rest[1:]))
                if offered is not None:
                    raise no_such_command(ctx, name, f"did you mean `{offered}`?")
                # No slug: never `new`, which would publish an event titled "update".
                verb_help = command_line(ctx, [verb[0], "--help"])
                raise no_such_command(ctx, name, f"for `{verb[0]}`, see `{verb_help}`")
            offered = offered_line(ctx, [group, read_as, *rest])
            if offered is not None:
                raise no_such_command(ctx, name, f"did you mean `{offered}`?")
            hint = self._help_hint(ctx, group, read_as)
            also = [c for c in _close_commands(self, ctx, name) if c.startswith(read_as)]
            if also and not rest:
                hint += f"; to list them, `{command_line(ctx, also[:1])}`"
            raise no_such_command(ctx, name, hint)
        return super().resolve_command(ctx, args)

    def _takes_slug(self, ctx: click.Context, name: str) -> bool:
        """Whether the command `name` acts on an event named by its SLUG (`resolve`)."""
        command = self.get_command(ctx, name)
        params = command.params if command is not None else ()
        return any(isinstance(p, click.Argument) and p.name == "slug" for p in params)

    def _removing_hint(self, ctx: click.Context, rest: list[str]) -> str:
        """How an incident is removed (`remove SLUG`, `delete SLUG`): by deleting its file,
        named when SLUG is one of the site's, then building. Never click's nearest spelling,
        `resolve`, which publishes a resolution instead."""
        from statusgen.layout import INCIDENT_SUFFIX, INCIDENTS_DIR, find_site

        said = "statusgen has no command removing an incident: delete its file"
        site = None
        with suppress(OSError):  # no site around, or -C names no folder: the folder alone
            site = find_site(start_folder(ctx))
        slug = next((word for word in rest if not word.startswith("-")), None)
        file = site / INCIDENTS_DIR / f"{slug}{INCIDENT_SUFFIX}" if site and slug else None
        if file is not None and file.is_file():
            said += f", {shown_path(file)},"
        else:
            said += f" in {INCIDENTS_DIR}/"
        return f"{said} and build again"

    def _help_hint(self, ctx: click.Context, group: str, kind: str) -> str:
        """Where to read how `group kind` is typed, for a kind named without what it needs
        (`incident`, `new-incident`, no title): its help, never a command unlike it (`init`)."""
        return f"for `{group} {kind}`, see `{command_line(ctx, [group, kind, '--help'])}`"

    def _group_of_kind(self, ctx: click.Context, name: str) -> tuple[str, str] | None:
        """The group (`new`, `import`) and its command that `name` reads as when it is none
        of statusgen's own: the command's name (`incident`, `cstate`), a word for it
        (KIND_SYNONYMS: `window`), its beginning (`maint`) or a near typo of it closer than
        any of statusgen's commands (`mainteance`, `incdent`, not `incidents`); None
        otherwise, or when commands of several groups are as near."""
        import difflib

        from statusgen.errors import close_matches

        if self.get_command(ctx, name) is not None:
            return None
        kinds = {
            kind: group_name
            for group_name in self.list_commands(ctx)
            if isinstance(group := self.get_command(ctx, group_name), click.Group)
            for kind in group.list_commands(ctx)
        }
        typed = name.casefold()
        meant = KIND_SYNONYMS.get(typed, typed)
        if meant not in kinds:
            near = close_matches(typed, kinds)
            if not near:
                return None
            meant = near[0]
            # A beginning of a command is that command's (`stat`: status); a typo reads
            # as the kind only when nearer to it than to any command.
            ratio = (
                1.0
                if meant.startswith(typed)
                else difflib.SequenceMatcher(None, typed, meant).ratio()
            )
            commands = self.list_commands(ctx)
            if any(c.startswith(typed) for c in commands) or any(
                difflib.SequenceMatcher(None, typed, c).ratio() >= ratio for c in commands
            ):
                return None
        return kinds[meant], meant

    def _joined_words(self, ctx: click.Context, name: str) -> tuple[str, str] | None:
        """A group and its command typed as one word (`new-incident`, `import_cstate`,
        `newincident`), as other tools name such commands, a kind named by another word
        too (KIND_SYNONYMS: `new-window`, as `window` alone is answered): the two words;
        None for any other word, which click's nearest spelling answers (`new-incident` is
        nearest to `incidents`)."""
        if self.get_command(ctx, name) is not None:
            return None
        for at in range(1, len(name)):
            group = self.get_command(ctx, name[:at].casefold())
            kind = name[at + (name[at] in "-_") :].casefold()
            kind = KIND_SYNONYMS.get(kind, kind)
            if isinstance(group, click.Group) and group.get_command(ctx, kind) is not None:
                return name[:at].casefold(), kind
        return None

    def _extra_words_dropped(self, ctx: click.Context, words: list[str]) -> list[str]:
        """`words`, a command and what follows it, without the words the command would
        refuse as left over (`show login`: `incidents` takes none), so the line offered is
        taken as it stands; `words` as they are when they parse, or still would not."""
        if _parses(ctx, words):
            return words
        command = self.get_command(ctx, words[0]) if words else None
        if command is None or isinstance(command, click.Group):
            return words
        takes_value = value_options(command.params)
        kept = words[:1]
        rest = iter(words[1:])
        for word in rest:
            if word == "--":
                break
            if word.startswith("-"):
                kept.append(word)
                if word in takes_value:
                    kept.append(next(rest, ""))
        return kept if _parses(ctx, kept) else words

    def _meant_words(
        self, ctx: click.Context, meant: tuple[str, ...], rest: list[str]
    ) -> list[str]:
        """The words after the program for a synonym standing for `meant`, followed by the
        words `rest`. What the user typed after the synonym as well (`create incident X`,
        `close resolve t2`, `help --help`) is not said twice: the hint is copied as it
        stands, and `new incident maintenance …` would open an incident titled so."""
        if meant[0].startswith("-"):  # `help build` is `build --help`
            said = {meant[0], *(word for word, also in SYNONYMS.items() if also == meant)}
            return [*(word for word in rest if word not in said), *meant]
        # The options a synonym stands for go after what the user typed: `reopen SLUG` is
        # `update SLUG --status investigating`, the slug next to the command as in its help.
        options = next((at for at, word in enumerate(meant) if word.startswith("-")), len(meant))
        meant, tail = meant[:options], meant[options:]
        if rest[:1] == [meant[0]]:  # `list incidents`: the command itself follows
            return [*rest, *tail]
        command = self.get_command(ctx, meant[0])
        if isinstance(command, click.Group) and rest and command.get_command(ctx, rest[0]):
            return [meant[0], *rest]  # `open maintenance DB …`: the kind follows
        return [*meant, *rest, *tail]

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from statusgen.errors import OutputLost

        _take_any_text(sys.stdout, "stdout")
        _take_any_text(sys.stderr, "stderr")
        # Every command's output goes through one stream that says when it is refused, so
        # a full disk or a reader gone away is told once here, for every command and form.
        stdout = sys.stdout
        sys.stdout = output = _WholeOutput(stdout)
        try:
            try:
                return super().main(*args, **kwargs)
            finally:
                # What is still buffered is output too, unless its loss is told already
                # (say_then_tell_commits), which left stdout on /dev/null.
                if sys.stdout is output:
                    output.flush()
        except OutputLost as lost:
            sys.exit(_output_lost(lost.error))
        finally:
            if sys.stdout is output:
                sys.stdout = stdout

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as error:
            moved = self._own_option_moved(ctx, error.option_name)
            if moved is None:
                raise
            raise click.UsageError(f"{error.message}\n  hint: {moved}", error.ctx) from None
        except KeyboardInterrupt as stopped:
            from statusgen.errors import INTERRUPTED_STATUS, interrupted_line

            signum = ctx.meta.get(_STOPPED_BY, signal.SIGINT)
            click.echo(interrupted_line(sys.stderr.isatty(), stopped, signum), err=True)
            # As the shell reports a command the signal ended: 130 for Ctrl-C, 143 for SIGTERM.
            status = INTERRUPTED_STATUS if signum == signal.SIGINT else 128 + signum
            raise click.exceptions.Exit(status) from None

    def _own_option_moved(self, ctx: click.Context, name: str) -> str | None:
        """When `name`, refused by a command, is an option of statusgen's own: that it goes
        before the command, and the command line with it there."""
        own = next((p for p in self.params if isinstance(p, click.Option) and name in p.opts), None)
        if own is None:
            return None
        if own.is_flag:  # --version: the command has nothing to do with it
            return f"{name} is statusgen's own option: `{command_line(ctx, [own.opts[0]])}`"
        words = self._moved_before(ctx, own, ctx.meta.get(_COMMAND_WORDS, []))
        if words is None:
            return None
        offered = command_line(ctx, words)
        return f"{name} is statusgen's own option: it goes before the command, `{offered}`"

    def _moved_before(
        self, ctx: click.Context, own: click.Option, words: list[str]
    ) -> list[str] | None:
        """`words`, a command and what follows it, with each occurrence of statusgen's own
        option `own` among them moved before the command; None when there is none."""
        # Every occurrence moves, in its order (the last one given is the one that counts):
        # one left behind would be refused again, from the command the hint offers. A word
        # that is the value of the option before it (`-m "-Cache"`) is that value.
        values = self._option_values(ctx, words)
        moved: list[str] = []
        rest: list[str] = []
        at = 0
        while at < len(words):
            word = words[at]
            if at in values:
                rest.append(word)
            elif word == "--":  # what follows is the command's text, never an option
                rest += words[at:]
                break
            elif word in own.opts:  # `-C site`
                moved += [own.opts[0], words[at + 1] if at + 1 < len(words) else "DIR"]
                at += 1
            elif word.startswith(tuple(own.opts)):  # `--root=site`, `-Csite`
                spelled = next(opt for opt in own.opts if word.startswith(opt))
                moved += [own.opts[0], word[len(spelled) :].removeprefix("=")]
            else:
                rest.append(word)
            at += 1
        if not moved:
            return None
        # Given before the command too: command_line offers that one already. The same
        # option with the same value twice in a row reads as a mistake of its own, so a
        # repeat is said once; a different value after it stays, in its place.
        root = ctx.find_root()
        before = root.get_parameter_source(own.name or "") is ParameterSource.COMMANDLINE
        pairs = [moved[at : at + 2] for at in range(0, len(moved), 2)]
        last = [own.opts[0], str(root.params[own.name or ""])] if before else None
        kept: list[str] = []
        for pair in pairs:
            if pair != last:
                kept += pair
            last = pair
        return [*kept, *rest]

    def _option_values(self, ctx: click.Context, words: list[str]) -> set[int]:
        """Where in `words` (a command and what follows it) the values of the options of
        that command and its groups stand as words of their own (`-m "-Cache"`)."""
        command: click.Command | None = self
        takes: dict[str, int] = {}  # option → how many words its value is
        values: set[int] = set()
        at = 0
        while at < len(words) and words[at] != "--":
            word = words[at]
            if isinstance(command, click.Group) and not word.startswith("-"):
                command = command.get_command(ctx, word)
                takes = {
                    opt: param.nargs
                    for param in (command.params if command is not None else ())
                    if isinstance(param, click.Option) and not param.is_flag and not param.count
                    for opt in param.opts
                }
            elif word in takes:
                values.update(range(at + 1, at + 1 + takes[word]))
                at += takes[word]
            at += 1
        return values


def _take_any_text(stream: TextIO | None, name: str) -> None:
    """Make the output stream `name` (stdout, stderr) take whatever a command prints, so
    that printing never fails a command that did its work. A character its encoding cannot
    hold (an en dash in a Latin-1 locale) is written as its backslash escape, as Python
    writes it on stderr, not a traceback. A stream closed at start (`>&-`), None in
    Python, takes /dev/null's place: stderr's lines are lost as if sent there, while a
    line printed on stdout is output that cannot be written (_ClosedOutput)."""
    import io

    if stream is None:
        # Open for the rest of the run, as the stream it stands for would have been: a
        # file opened later must not take its number, nor git's output land in that file.
        devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        setattr(sys, name, _ClosedOutput(devnull) if name == "stdout" else devnull)
    elif isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="backslashreplace")


class _ClosedOutput:
    """Standard output closed at start (`>&-`), standing on /dev/null: a text written to it
    is refused as the closed stream would refuse it, so a command whose output goes
    nowhere says so and exits 1 (_output_lost) rather than 0 with nothing printed. A
    command that prints nothing ends as it would."""

    # No bytes go round the refusal either (click writes bytes to a stream's buffer).
    buffer = None

    def __init__(self, devnull: TextIO) -> None:
        self._devnull = devnull

    def write(self, text: str) -> int:
        import errno

        if not isinstance(text, str):  # a text stream, as the one it stands for
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._devnull, name)


class _WholeOutput:
    """Standard output that writes each text whole or raises OutputLost. A text written
    past the stream's buffer (larger than it, or no buffer at all) that the reader leaves
    part way is taken as far as the pipe took it, the rest dropped without a word (the
    text stream ignores the count its buffer returns): such a text is written here until
    all of it is taken or the pipe says it is closed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        import io

        from statusgen.errors import OutputLost

        stream = self._stream
        buffer = getattr(stream, "buffer", None)
        try:
            # Unbuffered (PYTHONUNBUFFERED, -u), every write goes to the pipe itself.
            unbuffered = isinstance(buffer, io.RawIOBase)
            if buffer is None or (not unbuffered and len(text) < io.DEFAULT_BUFFER_SIZE):
                return stream.write(text)
            stream.flush()
            data = memoryview(text.encode(stream.encoding, stream.errors or "strict"))
            while data:
                data = data[buffer.write(data) :]
            buffer.flush()
            return len(text)
        except OSError as error:
            raise OutputLost(error) from None

    def flush(self) -> None:
        from statusgen.errors import OutputLost

        try:
            self._stream.flush()
        except OSError as error:
            raise OutputLost(error) from None
        except ValueError:  # closed by the command's caller (a test's runner): nothing to do
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_lost(error: OSError, then: str = "", counted: list[str] | None = None) -> int:
    """Say why the output could not be written, on stderr, and return the exit status: a
    reader that went away (a closed pipe) says nothing, and ends as the shell ends a
    command SIGPIPE stopped; a refusal of the file system is reported as a failed write,
    `then` said after it (what the command did all the same). With `counted`, the problem
    count is added to it instead of said: the command says it last, after what it does next."""
    import errno

    from statusgen.errors import CLOSED_PIPE_STATUS, cannot_write_output

    # What is left in the buffer would fail again at exit: it goes nowhere instead.
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if error.errno == errno.EPIPE:
        return CLOSED_PIPE_STATUS
    with suppress(OSError, ValueError):  # stderr refused too: the status says it
        lost = diagnostics_text(cannot_write_output(error, then).diagnostics)
        if counted is not None:
            # format_text ends with the count line: held back, the rest said now.
            report, count = lost.rstrip("\n").rsplit("\n", 1)
            lost = report + "\n"
            counted.append(count)
        click.echo(lost, err=True, nl=False)
    return 1


def output_encoding() -> str:
    """The encoding click.echo writes standard output in: the stream's, but UTF-8 for an
    ASCII one, which Click takes for a locale set up wrong (a strict C locale) and writes
    UTF-8 to instead, so `PYTHONIOENCODING=ascii` is not honoured either."""
    import codecs

    encoding = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    return "utf-8" if encoding == "ascii" else encoding


def echo_json(text: str) -> None:
    """Print the JSON `text` on stdout: as it is where stdout takes UTF-8, else with each
    character beyond ASCII as its `\\uXXXX` escape, as ensure_ascii writes it: the same
    JSON in any encoding (the stream's own backslash escape, `\\U0001f631`, is no JSON)."""
    import codecs

    if codecs.lookup(getattr(sys.stdout, "encoding", None) or "ascii").name != "utf-8":
        import json
        import re

        # Outside its strings JSON is ASCII: only characters of text are escaped.
        text = re.sub(r"[^\x00-\x7f]+", lambda found: json.dumps(found[0])[1:-1], text)
    click.echo(text, nl=False)


def echo_report(output_format: str, diagnostics: Sequence[Diagnostic]) -> None:
    """The diagnostics on stdout in `output_format` (report.FORMATS), as `check` prints them."""
    from statusgen.report import FORMATS

    text = FORMATS[output_format](shown_diagnostics(diagnostics))
    if output_format == "json":
        echo_json(text)
    else:
        click.echo(text, nl=False)


class Kinds(Group):
    """The kinds `new` starts. A word beginning one of them (`inc`), or `new` said twice, is
    answered with the command meant; one that is none of them, nor close to one, is most
    likely the title, typed before the kind: answered with the command meant too. Each
    only when click's parser takes the line offered (offered_line)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if not (ctx.resilient_parsing or name.startswith("-") or self.get_command(ctx, name)):
            from difflib import get_close_matches

            # `new inc …`: the kind shortened. Offered, never taken: a title may be a word
            # such as `main`, and a guess here would open the wrong kind of event.
            begun = [k for k in self.list_commands(ctx) if k.startswith(name.casefold())]
            synonym = KIND_SYNONYMS.get(name.casefold())
            if synonym is not None:
                # `new window DB`: the kind named by another word, as without `new`; read
                # as a title it would open an incident called "window". A line that
                # parses only with it as the title (`new Outage -m …`) is offered below.
                offered = offered_line(ctx, [synonym, *args[1:]])
                if offered is not None:
                    raise no_such_command(ctx, name, f"did you mean `{offered}`?")
                if not args[1:]:
                    help_line = command_line(ctx, [synonym, "--help"])
                    raise no_such_command(ctx, name, f"for `new {synonym}`, see `{help_line}`")
            if name.casefold() == ctx.info_name or (name and len(begun) == 1):
                meant = args[1:] if name.casefold() == ctx.info_name else [begun[0], *args[1:]]
                offered = offered_line(ctx, meant)  # `new new incident …` above
                if offered is not None:
                    raise no_such_command(ctx, name, f"did you mean `{offered}`?")
                # `new inc`, no title: the kind's help (`new new x`: x is no kind).
                if len(meant) == 1 and self.get_command(ctx, meant[0]) is not None:
                    help_line = command_line(ctx, [meant[0], "--help"])
                    raise no_such_command(ctx, name, f"for `new {meant[0]}`, see `{help_line}`")
            elif not get_close_matches(name, self.list_commands(ctx)):
                offered = offered_line(ctx, ["incident", *args])
                kinds = "`new incident`, or `new maintenance` with --start and --end"
                if offered is not None:
                    said = f"the kind comes first ({kinds}): `{offered}`"
                    raise no_such_command(ctx, name, said)
        return super().resolve_command(ctx, args)


class Listing(Command):
    """`incidents`, which takes no words: one left over (`incidents list`, `incidents new`)
    is refused as click refuses it, with the line meant (the list itself, or how to open
    one) where click said nothing more."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["context_settings"] = {
            **kwargs.get("context_settings", {}),
            "allow_extra_args": True,
        }
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser takes the words off the list it is given
        rest = super().parse_args(ctx, args)
        if ctx.args and not ctx.resilient_parsing:
            extra = ctx.args
            left = list(extra)
            words = []
            for word in given:
                if left and word == left[0]:
                    left.pop(0)
                else:
                    words.append(word)
            if "all" in map(str.casefold, extra) and not ctx.params.get("show_all"):
                words.append("--all")
            hint = f"`{ctx.info_name}` takes no words: `{command_line(ctx, words)}`"
            opening = {"new", "open", "create", "add", "incident", "maintenance"}
            if opening & set(map(str.casefold, extra)):
                kind_help = command_line(ctx.find_root(), ["new", "incident", "--help"])
                hint += f"; to open an incident, `new incident TITLE` (see `{kind_help}`)"
            plural = "s" if len(extra) > 1 else ""
            raise click.UsageError(
                f"Got unexpected extra argument{plural} ({' '.join(extra)})\n  hint: {hint}",
                ctx,
            )
        return rest


class LeadingDash(Command):
    """A command whose argument may start with '-' (a title `-5% errors`, a folder
    `-my-site`): an unknown option that is most likely that argument is refused as click
    refuses it, with a hint to give it after `--`."""

    # Words read as a mistyped option rather than the argument: no hint for them.
    OPTION_LIKE = r"--?[A-Za-z][\w-]*(=.*)?"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser takes the words off the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            hint = None if ctx.resilient_parsing else self._dash_hint(ctx, given, error)
            if hint is None:
                raise
            raise click.UsageError(f"{error.message}\n  hint: {hint}", ctx) from None

    def _dash_hint(
        self, ctx: click.Context, given: list[str], error: click.NoSuchOption
    ) -> str | None:
        """When the unknown option is a title (or other argument) starting with '-', as
        `-5% errors` is: how to give it, after `--`. None for what looks like an option
        (OPTION_LIKE), a mistyped one (`--comit`: click names the one meant) or one of
        statusgen's own (-C, which Commands answers)."""
        import re

        takes_value = self._value_options(ctx)
        found = None
        words = iter(enumerate(given))
        for at, word in words:
            if word == "--":
                return None
            if word in takes_value:
                next(words, None)  # its value, whatever it starts with
            elif word.startswith(error.option_name):
                found = at
                break
        if found is None or re.fullmatch(self.OPTION_LIKE, given[found], re.DOTALL):
            return None
        offered = command_line(ctx, [*given[:found], *given[found + 1 :], "--", given[found]])
        return (
            f"a {self._arguments()} starting with '-' is read as an option; after `--`, which "
            f"ends the options, it is not: `{offered}`"
        )

    def _arguments(self) -> str:
        """The command's arguments, as its usage line names them (TITLE, SLUG)."""
        return " ".join(p.human_readable_name for p in self.params if isinstance(p, click.Argument))

    def _value_options(self, ctx: click.Context) -> set[str]:
        """The command's options that take the next word as their value (-m, -c, --now)."""
        return value_options(self.get_params(ctx))


class FolderArgument(LeadingDash):
    """`init FOLDER`: it has no short options, so a word like `-my-site` is the folder, and
    so is `--my-site` when no option of init is near it."""

    OPTION_LIKE = r"-[A-Za-z]"

    def _dash_hint(
        self, ctx: click.Context, given: list[str], error: click.NoSuchOption
    ) -> str | None:
        """LeadingDash's hint, when the command it offers names one folder: with another
        word given as the folder (`init -my-site extra`), `init extra -- -my-site` would be
        refused again. None for a mistyped option (`--forced`): click names the one meant."""
        if error.possibilities:
            return None
        takes_value = self._value_options(ctx)
        words = iter(given)
        for word in words:
            if word in takes_value:
                next(words, None)  # its value, whatever it starts with
            elif not word.startswith("-"):
                return None  # the folder already: the word with '-' makes a second
        return super()._dash_hint(ctx, given, error)


def _joined_short(word: str, options: set[str], takes_value: set[str]) -> bool | None:
    """Whether `word`, short options joined as click reads them (`-mx`: -m with its value
    x; `-capi=major`), needs the next word as the value of its last; None when `word` is
    not one (`-5%`: -5 is no option of the command)."""
    if word.startswith("--") or len(word) < 2 or not word.startswith("-"):
        return None
    for at, letter in enumerate(word[1:], start=1):
        option = f"-{letter}"
        if option not in options:
            return None
        if option in takes_value:
            return at == len(word) - 1  # the rest of the word, if any, is its value
    return False


def _undecoded(text: str) -> bool:
    """Whether `text`, from the command line, holds a byte that was not UTF-8: Python gives
    each as a lone surrogate U+DC80 to U+DCFF (os.fsdecode)."""
    return any("\udc80" <= c <= "\udcff" for c in text)


class FreeText(LeadingDash):
    """A command taking free text (a title, -m MESSAGE). Words left over are refused as
    click refuses them, exit status 2, with a hint: they are most often a title, message
    or -c list typed without quotes, which the shell split into several arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["context_settings"] = {
            **kwargs.get("context_settings", {}),
            "allow_extra_args": True,
        }
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser takes the words off the list it is given
        try:
            rest = super().parse_args(ctx, args)
        except click.MissingParameter as error:  # `new maintenance -- -T --start …`
            hint = None if ctx.resilient_parsing else self._dashes_hint(ctx, given)
            if hint is None and error.param is not None and error.param.name == "slug":
                # `resolve` alone: which slugs there are, where click named only SLUG.
                hint = missing_slug_hint(ctx.find_root(), ctx.info_name or "", given)
            if hint is None:
                raise
            raise click.UsageError(f"{error.format_message()}\n  hint: {hint}", ctx) from None
        if ctx.args and not ctx.resilient_parsing:
            extra = " ".join(ctx.args)
            plural = "s" if len(ctx.args) > 1 else ""
            hint = (
                self._dashes_hint(ctx, given)
                or self._status_word_hint(ctx, given)
                or self._hint(ctx)
            )
            raise click.UsageError(
                f"Got unexpected extra argument{plural} ({extra})\n  hint: {hint}", ctx
            )
        if not ctx.resilient_parsing:
            self._refuse_undecoded(ctx)
        return rest

    def _refuse_undecoded(self, ctx: click.Context) -> None:
        """Refuse a word that is not UTF-8 (a script saved in Latin-1): Python hands its
        bytes over as lone surrogates, which the title and message would silently drop,
        publishing "Caf payments down". `-m -` refuses the same bytes on standard input."""
        for param in self.get_params(ctx):
            value = ctx.params.get(param.name or "")
            words = value if isinstance(value, tuple) else (value,)
            if any(isinstance(w, str) and _undecoded(w) for w in words):
                raise click.BadParameter(
                    "not UTF-8 text (a byte of another encoding, such as Latin-1)\n"
                    "  hint: save the script as UTF-8, or convert the text (iconv -t utf-8)",
                    ctx=ctx,
                    param=param,
                )

    def _dashes_hint(self, ctx: click.Context, given: list[str]) -> str | None:
        """When options were given after `--` (`new incident -- "-5% errors" -m x`, or
        `-- -m x "-5% errors"`), which makes every word after it an argument: the command
        with them before it."""
        if "--" not in given:
            return None
        at = given.index("--")
        before, after = given[:at], given[at + 1 :]
        takes_value = self._value_options(ctx)
        words = iter(before)
        # Only when every argument follows `--`: then the first words after it are those.
        for word in words:
            if word in takes_value:
                next(words, None)
            elif not word.startswith("-"):
                return None
        count = sum(1 for p in self.get_params(ctx) if isinstance(p, click.Argument))
        options = {name for p in self.get_params(ctx) for name in p.opts + p.secondary_opts}
        # The options (with their values) after `--`, before the arguments or after them
        # (`-- -m x "-5% errors"`); the words left are the arguments, as many as it takes.
        moved: list[str] = []
        arguments: list[str] = []
        rest = iter(after)
        for word in rest:
            needs_value: bool | None = word in takes_value
            if word.partition("=")[0] not in options:
                needs_value = _joined_short(word, options, takes_value)
                if needs_value is None:  # `-5% errors`: no option of the command
                    arguments.append(word)
                    continue
            moved.append(word)
            if needs_value:
                value = next(rest, None)
                if value is None:  # `-- -m`: a title that is an option's name
                    return None
                moved.append(value)
        if not moved or len(arguments) != count:
            return None
        offered = command_line(ctx, [*before, *moved, "--", *arguments])
        return (
            f"after `--` every word is the {self._arguments()}, options too: give the "
            f"options before it, `{offered}`"
        )

    def _status_word_hint(self, ctx: click.Context, given: list[str]) -> str | None:
        """When the one word left over names a state and follows the slug (`update SLUG
        identified`, as Statuspage's tools take it) and --status was not given: the line with
        `--status` before it, as `--state` is offered; None otherwise (a title or message
        typed without quotes)."""
        from statusgen.errors import meant_name

        params = self.get_params(ctx)
        option = next((p for p in params if "--status" in p.opts), None)
        slug = ctx.params.get("slug")
        if option is None or slug is None or len(ctx.args) != 1 or ctx.params.get("status"):
            return None
        word = ctx.args[0]
        names = option.callback.names if isinstance(option.callback, _Named) else ()
        named = meant_name(word, names)
        at = next((i for i in range(1, len(given)) if given[i - 1 : i + 1] == [slug, word]), None)
        if named is None or at is None:
            return None
        words = [*given[:at], "--status", named, *given[at + 1 :]]
        said = f"'{word}' is a state: give it with --status"
        group = ctx.parent
        needed = None if group is None else _message_needed(group, [ctx.info_name or "", *words])
        if needed is not None:
            return f"{said} (--status {named}), and give {needed} with -m MESSAGE"
        offered = None if group is None else offered_line(group, [ctx.info_name or "", *words])
        return f"{said}: `{offered}`" if offered is not None else f"{said} ({named})"

    def _hint(self, ctx: click.Context) -> str:
        """How to write what was most likely meant: a -c list as one -c per component (a
        quoted list is refused too); else the title or message in quotes."""
        listed = [v for v in ctx.params.get("components") or () if v.rstrip().endswith(",")]
        if listed:
            # The words after it up to one not ending in a comma: the rest of that list.
            words = [listed[-1]]
            for word in ctx.args:
                if not words[-1].rstrip().endswith(","):
                    break
                words.append(word)
            ids = [i.strip() for w in words for i in w.split(",") if i.strip()]
            return f"write {' '.join(f'-c {cid}' for cid in ids)}: one component per -c"
        example = [
            '"Login is broken"' if p.name == "title" else p.human_readable_name
            for p in self.params
            if isinstance(p, click.Argument)
        ]
        example.append('-m "We are looking."')
        return (
            f"put a title or message with spaces in quotes: {ctx.command_path} {' '.join(example)}"
        )


class Resolving(FreeText):
    """`resolve`, which takes no `-c`: a resolved incident affects no component any more.
    Given one (`resolve login -c api=operational`, or taken as the message, `-m -c …`), it
    is refused with why and the line that resolves, where click said "No such option" or
    "unexpected extra argument" with a SLUG placeholder."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            self._refuse_components(ctx, list(args))
        return super().parse_args(ctx, args)

    def _refuse_components(self, ctx: click.Context, given: list[str]) -> None:
        """Refuse the first `-c` of `given` (as the message's value too), with the line
        without it: the other words as typed, a message where `-m` took the `-c`."""
        import shlex

        params = self.get_params(ctx)
        takes_value = value_options(params)
        messages = {o for p in params if p.name == "messages" for o in p.opts}
        at = 0
        while at < len(given):
            word = given[at]
            if word == "--":
                return  # what follows is the slug, as written
            taken = word in messages and at + 1 < len(given) and _component_word(given[at + 1])
            if word in takes_value and not taken:
                at += 2
                continue
            if taken or _component_word(word):
                break
            at += 1
        else:
            return
        start = at + 1 if taken else at
        spelled = given[start]
        # The -c's value: after `=` or joined (`-capi`), else the next word.
        joined = spelled.partition("=")[2] if spelled.startswith("--") else spelled[2:]
        valued = not joined and start + 1 < len(given) and given[start + 1] != "--"
        end = start + 2 if valued else start + 1
        change = joined or (given[start + 1] if end == start + 2 else "")
        message = ["-m", "Fixed."] if taken else []
        words = [*given[:at], *message, *given[end:]]
        said = f"{'-c' if spelled.startswith('-c') else '--component'} is not an option of resolve"
        if taken:
            said = f"{given[at]} takes the message; `{spelled}` is an option of update"
            said += ", not of resolve"
        hint = (
            "resolve takes no -c: a resolved incident no longer affects its components, which "
            "show operational unless another incident holds them"
        )
        group = ctx.parent  # the line is checked as its group would take it
        offered = None if group is None else offered_line(group, [ctx.info_name or "", *words])
        if offered is not None:
            hint += f": `{offered}`"
        cid, equals, status = change.partition("=")
        if not equals:  # `api:down`, as YAML writes it
            cid, _, status = change.partition(":")
        meant = _meant_status(status)
        if status.strip() and meant != ComponentStatus.OPERATIONAL.value:
            change = f"{cid.strip()}={meant}" if meant is not None else change
            hint += (
                f"; to tell that {cid.strip()} is still not operational after it, open a new "
                f"incident with -c {shlex.quote(change)}"
            )
        raise click.UsageError(f"{said}\n  hint: {hint}", ctx)


def _component_word(word: str) -> bool:
    """Whether `word` gives a `-c` (`-c`, `-capi`, `--component`, `--component=api`)."""
    return word.startswith("-c") or word.partition("=")[0] == "--component"


def _meant_status(word: str) -> str | None:
    """The component status `word` stands for, as -c takes it (`down`: major_outage)."""
    from statusgen.errors import meant_name

    return meant_name(word, [s.value for s in ComponentStatus])


@click.group(
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples(
        "statusgen init my-status     # a new site in my-status/",
        "cd my-status && statusgen serve   # preview at http://127.0.0.1:8000/",
        'statusgen new incident "Checkout errors" -c api=partial_outage -m "Looking."',
        "statusgen build              # the site into public/",
        "statusgen COMMAND --help     # more about one command",
    ),
)
@click.version_option(__version__, prog_name="statusgen")
@click.option(
    "-C",
    "--root",
    # Not file_okay=False: click's "Directory … is a file" would name no folder to use.
    type=click.Path(path_type=Path),
    metavar="DIRECTORY",
    default=Path("."),
    show_default=True,
    help="Act on the site in DIR (or the nearest folder above it holding statusgen.yaml).",
)
def cli(root: Path) -> None:
    """Build and run a static status page from YAML and Markdown.

    A status site is a folder with statusgen.yaml, content/components.yaml and
    content/incidents/*.md. Commands act on the site around the current folder
    (the nearest one upwards holding statusgen.yaml), or on the one given with -C DIR.
    """


@cli.command(
    epilog=examples(
        "statusgen build",
        "statusgen build --relative      # to open public/index.html from disk",
        "statusgen build -o site --base-url https://example.github.io/status/",
        'statusgen build --now "tomorrow 9am"   # the page as it will be then',
    )
)
@click.option(
    "-o",
    "--output",
    # Not file_okay=False: a file there is statusgen's own check to tell, with the hint
    # it gives `output:` (write.output_folder_problem), not Click's bare usage error.
    type=click.Path(path_type=Path),
    callback=lambda ctx, param, value: output_option(value),
    help="Write the site here instead of the settings' `output` folder (default public/).",
)
@base_url_option(
    "Absolute URL the site is served from, overriding the settings' base_url "
    "(env: STATUSGEN_BASE_URL). A path prefix such as https://example.org/status/ works.",
)
@now_option()
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write .statusgen-cache/: parse and render everything. "
    "The output is the same bytes either way.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes parsing incident files, converting Markdown and rendering "
    "pages. Default: one per CPU (up to 8) when most pages are built anew, else 1. The "
    "output is the same bytes either way.",
)
@click.option(
    "--relative",
    is_flag=True,
    help="Link pages relative to each other and name index.html, so the site works opened "
    "from disk (file://). For a first look; publish a build without it.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something is wrong.")
@click.option(
    "--page",
    "pages",
    metavar="NAME",
    multiple=True,
    help="With `pages:` in statusgen.yaml, build only this page (repeatable). Default: every page.",
)
@click.pass_context
@stopped_by_sigterm
def build(
    ctx: click.Context,
    output: Path | None,
    base_url: str | None,
    now: datetime | str | None,
    no_cache: bool,
    jobs: int | None,
    relative: bool,
    quiet: bool,
    pages: tuple[str, ...],
) -> None:
    """Build the status site: HTML, feeds, calendar, badges and JSON APIs.

    The new site replaces the output folder only once it is complete; a failed
    build leaves the previous site untouched. A site with several pages (`pages:`,
    one per audience) builds each into its own output folder.
    """
    from statusgen.build import site_pages

    root = site_root(ctx)
    clock = resolve_clock(now, ctx)
    check_page_option(ctx, root, pages)
    chosen: tuple[str | None, ...] = pages or site_pages(root) or (None,)
    if len(chosen) > 1 and (output is not None or base_url is not None):
        raise several_pages(
            "--output and --base-url (or STATUSGEN_BASE_URL) name one page's folder and address",
            "add --page NAME",
            [str(p) for p in chosen],
        )
    if output is not None and chosen[0] is not None:
        check_output_of_page(root, chosen[0], output)
    # Each page's build validates the whole site and uses its cache folder: said once.
    warned: set[Diagnostic | str] = set()
    ended = 0  # the exit status once standard output refused a summary (_say_built)
    counted: list[str] = []  # that problem's count, said after the pages built after it
    for done, page in enumerate(chosen):
        # The last build of a `statusgen` process that ends with it (main): its objects
        # are let go with the process, not one by one (build._HELD).
        ending = _ENDS_AFTER_COMMAND and page is chosen[-1]
        try:
            said = _build_one(
                root, page, clock, output, base_url, no_cache, jobs, relative, quiet, ending, warned
            )
        except KeyboardInterrupt as stopped:
            raise _pages_stopped(chosen, done, stopped) from None
        if said is not None:
            ended = _say_built(said, ended, counted)
    if ended:
        with suppress(OSError, ValueError):  # stderr refused too: the status says it
            for line in counted:
                click.echo(line, err=True)
        ctx.exit(ended)


def _say_built(line: str, ended: int, counted: list[str]) -> int:
    """Print a build's summary `line` and return the status the command ends with: `ended`,
    or, when standard output refuses the line, the status of the lost output (_output_lost).
    The site is in place by then: the diagnostic says so and holds the line, so a script
    reading exit status 1 is not left to think the previous site was kept. Once stdout has
    refused one, a later page's line is said on stderr (a closed pipe's, nowhere), each as
    its page is built; the problem count goes in `counted`, to be said after the last."""
    from statusgen.errors import CLOSED_PIPE_STATUS, OutputLost

    if ended:
        if ended != CLOSED_PIPE_STATUS:
            click.echo(line, err=True)
        return ended
    try:
        click.echo(line)
        # Flushed now: a full disk refuses the line only when it leaves the buffer, which
        # at exit would be too late to say the site is in place.
        sys.stdout.flush()
    except OutputLost as lost:
        published = f"the new site is in place all the same, only its summary is lost: {line}"
        return _output_lost(lost.error, then=published, counted=counted)
    return ended


def _pages_stopped(
    chosen: tuple[str | None, ...], done: int, stopped: KeyboardInterrupt
) -> KeyboardInterrupt:
    """Ctrl-C (`stopped`) during the build of `chosen[done]`, as the pages built says it:
    with pages built and pages not, which are which (errors.PagesInterrupted)."""
    from statusgen.errors import NewSiteInPlace, PagesInterrupted

    in_place = isinstance(stopped, NewSiteInPlace)
    built = tuple(p for p in chosen[: done + in_place] if p is not None)
    if len(chosen) == 1 or not built:
        return stopped
    not_built = tuple(p for p in chosen[done + in_place :] if p is not None)
    left = isinstance(stopped, NewSiteInPlace) and stopped.previous_left
    return PagesInterrupted(built, not_built, previous_left=left)


def _build_one(
    root: Path,
    page: str | None,
    now: datetime,
    output: Path | None,
    base_url: str | None,
    no_cache: bool,
    jobs: int | None,
    relative: bool,
    quiet: bool,
    ending: bool = False,
    warned: set[Diagnostic | str] | None = None,
) -> str | None:
    """One `build` of the site, or of one of its pages; the warnings not in `warned`
    (diagnostics, and the line about the cache) said as `check` says them, and added to it.
    Returns the summary line for stdout (None with `quiet`), which `build` prints."""
    from statusgen.build import BuildFailed, build_site
    from statusgen.errors import StatusgenError

    progress = None if quiet else TerminalProgress()
    try:
        result = build_site(
            root,
            now=now,
            base_url=base_url,
            output=output,
            progress=progress,
            use_cache=not no_cache,
            jobs=jobs,
            relative=relative,
            page=page,
            ending=ending,
            # Not said with --quiet: a wait is no problem.
            waiting=None if quiet else say_turn_waiting,
        )
    except BuildFailed as failed:
        exit_with_diagnostics(
            failed,
            "\n".join(
                f"The previous site in {shown_path(kept)} is unchanged." for kept in failed.kept
            ),
        )
    except StatusgenError as error:  # stopped moving the new site in: its diagnostic says so
        exit_with_diagnostics(error)
    finally:
        if progress is not None:
            progress.clear()
    warned = set() if warned is None else warned
    warnings = [w for w in result.warnings if w not in warned]
    warned.update(warnings)
    if warnings:
        # Said even with --quiet, as the errors are: the pages are built, but not as meant.
        # (diagnostics_text imports the report's formats only here: they load the status
        # rules, the languages and YAML, 40-60 ms a build with nothing to do does not spend.)
        click.echo(diagnostics_text(warnings), nl=False, err=True)
    for name in result.removed_by_hand:
        # Said even with --quiet: the file is gone from the output, and will be again.
        click.echo(
            f"Warning: removed {shown_path(result.output / name)}, which is not part of "
            f"the site; put it in static/{name} to publish it with every build",
            err=True,
        )
    for folder, reason in result.written.kept_folders:
        # Said even with --quiet: the output holds a folder a clean build would not.
        click.echo(
            f"Warning: could not remove the emptied folder {shown_path(result.output / folder)}"
            f" ({reason}); the next build replaces the site without it",
            err=True,
        )
    for warning in result.written.warnings:
        # Said even with --quiet, once for all pages: each says what the user must do.
        line = f"Warning: {warning}"
        if line not in warned:
            warned.add(line)
            click.echo(line, err=True)
    # Files refused for one cause (a full or read-only disk refuses every file of the
    # cache) are one line: the cause and its fix are what the user acts on.
    refused: dict[tuple[str, str], list[str]] = {}
    for path, reason, hint in result.cache_unwritable:
        refused.setdefault((reason, hint), []).append(shown_path(path))
    for (reason, hint), paths in refused.items():
        others = len(paths) - 1
        named = f"{paths[0]} and {others} other cache file{'s' if others > 1 else ''}"
        line = f"Warning: cannot write {paths[0] if not others else named}: {reason}; {hint}"
        # Said even with --quiet: every build takes as long as the first until then. Once
        # for all pages, which share the cache folder.
        if line not in warned:
            warned.add(line)
            click.echo(line, err=True)
    if quiet:
        return None
    from statusgen.report import plural
    from statusgen.write import said_changes

    w = result.written
    named = f"page '{page}' " if page is not None else ""
    return (
        f"Built {named}{plural(w.files, 'file')} ({w.bytes / 1_000_000:.1f} MB, "
        f"{said_changes(w.written, w.removed)}) into {shown_path(result.output)} "
        f"in {result.seconds:.2f} s"
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
@base_url_option(
    "Check with this base_url instead of the settings' (env: STATUSGEN_BASE_URL).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Retype each line check gives the retyping of as its hint (a Components line "
    "typed not quite right, an invisible character before '##'); then, if nothing else "
    "is wrong, write the offset into every time written without one (the offset it is read "
    "with today), so no settings change can move it, and an announcement (`## Scheduled "
    "at` the current time) into each maintenance window written without any update "
    "(not one with another `status:` than scheduled: check says what to write there). "
    "Nothing else in the files changes.",
)
@now_option("Check")
@click.pass_context
def check(
    ctx: click.Context, output_format: str, base_url: str | None, fix: bool, now: datetime | None
) -> None:
    """Validate the settings, components, incidents and maintenance.

    Reports every problem as file:line:column with a hint; exits 1 if there is any.
    Warnings (exit 0) point out times without an offset that are read in another zone
    than pages show, incidents or updates dated after now (shown from then on),
    maintenance windows without an announcement, and a window's written status the clock
    has passed (`scheduled` after its start, `in_progress` after its end).

    \b
    Examples:
      statusgen check
      statusgen check --fix     # retype slipped lines, pin loose times, date windows
      statusgen check --format github   # annotations in a GitHub Actions run
    """
    from statusgen import ahead
    from statusgen.audience import spread_warnings, unshown_windows
    from statusgen.authoring import pin
    from statusgen.errors import Severity
    from statusgen.incremental.site import check_site
    from statusgen.layout import TEMPLATES_DIR, theme_chain
    from statusgen.report import format_summary, plural

    moment = resolve_clock(now, ctx)
    root = site_root(ctx)
    if base_url is not None:
        from statusgen.build import site_pages

        pages = site_pages(root)
        if len(pages) > 1:  # as `build` refuses it: one address cannot be every page's
            raise several_pages(
                "--base-url (or STATUSGEN_BASE_URL) names one page's address",
                "leave it out to check each page's own base_url",
                list(pages),
            )
    # The site as far as it could be read, errors or not: the warnings worked out from
    # it come in the same run as the errors, not one batch after each fix.
    site, diagnostics = check_site(
        root, base_url=base_url, outputs=True, with_errors=True, keep=True
    )
    if fix:
        from statusgen.authoring import announce
        from statusgen.authoring.fix import fix_site, retype_site
        from statusgen.authoring.retype import Retyped
        from statusgen.errors import FixInterrupted, StatusgenError

        # Each file is said the moment it is written: a run stopped part way (Ctrl-C) has
        # named every file it changed, and says how many.
        changed: set[str] = set()

        def retyped_one(edit: Retyped) -> None:
            changed.add(edit.relpath)
            for line in edit.lines:
                click.echo(
                    f"Retyped {edit.relpath}:{line.line}: '{line.old}' → '{line.new}'",
                    err=True,
                )

        def fixed_one(edit: pin.Pinned | announce.Announced) -> None:
            changed.add(edit.relpath)
            if isinstance(edit, pin.Pinned):
                click.echo(f"Pinned {plural(edit.count, 'time')} in {edit.relpath}", err=True)
            else:
                click.echo(f"Wrote an announcement in {edit.relpath}", err=True)

        retyped = False
        try:
            if site is None or any(d.severity is Severity.ERROR for d in diagnostics):
                # Lines check knows the retyping of come first: their errors would keep
                # every other fix from being made.
                edits, refused = retype_site(root, retyped_one)
                if edits:
                    site, diagnostics = check_site(
                        root, base_url=base_url, outputs=True, with_errors=True, keep=True
                    )
                retyped = bool(edits)
                if site is None or any(d.severity is Severity.ERROR for d in diagnostics):
                    echo_report(output_format, sorted({*diagnostics, *refused}))
                    click.echo(
                        f"Nothing {'else ' if retyped else ''}fixed: correct the errors above "
                        "first.",
                        err=True,
                    )
                    ctx.exit(1)
            assert site is not None
            fixed = fix_site(root, site, moment, fixed_one)
        except StatusgenError as error:
            # Where and as check says every problem: a CI job reads the format it asked for.
            echo_report(output_format, error.diagnostics)
            ctx.exit(1)
        except KeyboardInterrupt:
            if not changed:
                raise
            raise FixInterrupted(len(changed)) from None
        if fixed.refused:
            echo_report(output_format, fixed.refused)
            written, left = len(fixed.written()), len(fixed.left())
            said = f"Fixed {plural(written, 'file')}" if written else "Nothing was written"
            click.echo(
                f"{said}; {plural(left, 'file')} left to fix, named above: run `statusgen "
                f"check --fix` again once {'its problem is' if left == 1 else 'their problems are'}"
                " solved.",
                err=True,
            )
            ctx.exit(1)
        if not fixed.pinned and not fixed.announced and not retyped:
            click.echo(
                "Every time already has its offset and every window its announcement: "
                "nothing to fix.",
                err=True,
            )
        site, diagnostics = check_site(
            root, base_url=base_url, outputs=True, with_errors=True, keep=True
        )
    # The site's templates, compiled as a build would (not rendered): a syntax error in an
    # override must not pass check and fail the deploy. A site without templates of its
    # own loads no Jinja for it (30 ms of every check).
    theme = site.settings.theme if site is not None else "default"
    if any((folder / TEMPLATES_DIR).is_dir() for folder in theme_chain(root, theme)[:-1]):
        from statusgen.render.theme import (
            feed_links_unguarded,
            private_unguarded,
            template_mistakes,
        )

        # And what they include or link by name: a missing one fails the build at its line.
        broken = template_mistakes(root, theme)
        if site is not None:
            # A copy from before `feeds:` links a page without feeds to them, in silence.
            broken += feed_links_unguarded(root, site.settings)
            # And one from before `private:` gives a private page no noindex, or og: tags.
            broken += private_unguarded(root, site.settings)
        if broken:
            diagnostics = sorted({*diagnostics, *broken})
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    if site is not None:
        from statusgen.render.site_static import check_static

        advice = [
            *pin.warnings(root, site.settings),
            # With errors, a file that could not be read may hold the record's first moment.
            *ahead.warnings(site, moment, began_known=not failed),
            # And the files those errors kept out of the site: their updates dated ahead.
            *ahead.unread_ahead(root, site, diagnostics, moment),
            # A person's update that put ingest's words on a page they were not written for.
            *spread_warnings(site),
            # A window not over by this clock naming a component no page shows.
            *unshown_windows(site, moment),
            # Static files are checked as `build` checks them, with the same clock.
            *check_static(site, moment),
        ]
        # A set: static/'s problems come from both (check_static says what a build would).
        diagnostics = sorted({*diagnostics, *advice})
    echo_report(output_format, diagnostics)
    failed = failed or any(d.severity is Severity.ERROR for d in diagnostics)
    if site is not None and output_format == "text" and not failed:
        click.echo(format_summary(site, diagnostics), nl=False)
    if failed:
        ctx.exit(1)


@cli.command(
    epilog=examples(
        "statusgen status",
        "statusgen status --json --now 2026-11-22T18:00:00Z",
    )
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON with sorted keys, not a table.")
@now_option("Show the status")
@click.option(
    "--page",
    metavar="NAME",
    help="With `pages:` in statusgen.yaml, the status as this page shows it. "
    "Default: every component and incident.",
)
@click.pass_context
def status(ctx: click.Context, as_json: bool, now: datetime | str | None, page: str | None) -> None:
    """Show the computed status: overall, components, open incidents, maintenance.

    Colour is used on a terminal unless NO_COLOR is set; statuses are always in words.
    """
    # A bad clock is a usage error, reported before any content is read.
    moment = resolve_clock(now, ctx)

    from statusgen.errors import StatusgenError
    from statusgen.incremental.site import load_site_with_history
    from statusgen.measured import compute
    from statusgen.render.terminal import status_json, status_table
    from statusgen.status import as_of

    root = site_root(ctx)
    check_page_option(ctx, root, [page] if page is not None else [])
    try:
        # The same base_url override as `build`, so a site that validates there does here.
        site, history = load_site_with_history(
            root, base_url=os.environ.get("STATUSGEN_BASE_URL") or None
        )
        if page is not None:
            from statusgen.audience import select_page

            site = select_page(site, page, moment)
    except StatusgenError as error:
        exit_with_diagnostics(error)
    site = as_of(site, moment)
    result = compute(site, moment, history)
    if as_json:
        echo_json(status_json(site, result))
    else:
        colour = on_terminal(sys.stdout) and not os.environ.get("NO_COLOR")
        table = status_table(site, result, color=colour, encoding=output_encoding())
        click.echo(table, nl=False)


@cli.command(
    epilog=examples(
        "statusgen serve --open",
        "statusgen serve --port 8001       # when port 8000 is taken",
    )
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@base_url_option(
    "Build as if served from this URL, as for `build` (env: STATUSGEN_BASE_URL); "
    "its path, such as /status/, is where the preview serves the site.",
)
@now_option()
@click.option(
    "--page",
    metavar="NAME",
    help="With `pages:` in statusgen.yaml, the page to preview (default: the first).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    open_browser: bool,
    base_url: str | None,
    now: datetime | str | None,
    page: str | None,
) -> None:
    """Preview the site locally, rebuilding and reloading the browser on every save.

    The preview is built into a temporary folder (the output folder is left alone),
    and a build error is shown in the page while the last good site stays up.
    Stop with Ctrl-C.
    """
    from statusgen.clock import follows_time, resolve_now
    from statusgen.render.workers import STOP_SIGNALS
    from statusgen.serve.preview import STOPPING, run_preview, site_builder
    from statusgen.serve.server import CannotListen, is_loopback
    from statusgen.serve.watcher import STOP_ASKED, WatchFailed

    # The one command that runs on: it collects garbage (see main), outside its rebuilds.
    gc.enable()

    # A bad --now or SOURCE_DATE_EPOCH is a usage error, before anything starts.
    fixed = resolve_clock(now, ctx) if now is not None else None
    started = resolve_clock(None, ctx)
    root = site_root(ctx)
    check_page_option(ctx, root, [page] if page is not None else [])
    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host} makes the preview reachable from other machines. "
            "It is a development server, not for production.",
            err=True,
        )

    def serving(url: str) -> None:
        # Said again when base_url's path moves the preview: the printed address is the
        # one to open.
        log(f"Serving {url} (Ctrl-C to stop)")

    def ready(url: str) -> None:
        serving(url)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    def log(message: str) -> None:
        # A reader of the log that went away (`serve 2>&1 | grep -m1 Serving &`) must not
        # take the preview with it: the log stops, and the preview serves on.
        try:
            click.echo(message, err=True)
        except OSError:
            _drop_stderr()

    def clock() -> datetime:
        if not isinstance(now, str):
            return resolve_now(fixed)
        # Read for each rebuild, as `build` reads it: a time without an offset is one where
        # the site's clocks are, and `timezone:` may change while serve runs. "tomorrow 2am"
        # stays counted from serve's start, so the preview's moment does not drift.
        from statusgen.authoring.timeparse import parse_when
        from statusgen.errors import fail

        try:
            return parse_when(now, now=started, tz=site_zone(ctx))
        except ValueError as exc:
            raise fail(
                "--now",
                str(exc),
                "serve reads --now in the site's timezone on every rebuild: change "
                "`timezone:` back, or stop serve (Ctrl-C) and start it again with the offset",
            ) from None

    builder = site_builder(root, now=clock, base_url=base_url, page=page)

    def stop(signum: int, frame: object) -> None:
        # Said at once, the first time: removing the preview takes a moment.
        if not STOP_ASKED.is_set():
            say_now(STOPPING)
        # Noted as well as raised: a KeyboardInterrupt that lands in a finalizer is
        # dropped, and the loop waiting for changes stops on the note (STOP_ASKED).
        STOP_ASKED.set()
        raise KeyboardInterrupt

    def dropped(unraisable: sys.UnraisableHookArgs) -> None:
        # That dropped interrupt is the stop asked for, not a mistake to show.
        if not (STOP_ASKED.is_set() and unraisable.exc_type is KeyboardInterrupt):
            reported(unraisable)

    # Ctrl-C; stopped by a process manager or `kill`, or its terminal closed (SIGHUP): stop
    # alike, removing the temporary site.
    STOP_ASKED.clear()
    stopping = (signal.SIGINT, *STOP_SIGNALS)
    previous = {signum: signal.signal(signum, stop) for signum in stopping}
    reported, sys.unraisablehook = sys.unraisablehook, dropped
    try:
        # Pinned by --now or SOURCE_DATE_EPOCH, the preview's moment stands still.
        moving = clock if follows_time(now) else None
        run_preview(
            root,
            builder,
            host=host,
            port=port,
            log=log,
            on_ready=ready,
            clock=moving,
            on_moved=serving,
        )
    except CannotListen as error:
        hint = ""
        if error.in_use:
            hint = (
                f"\n  hint: another program is using port {port}; pass another one, "
                f"e.g. --port {port + 1 if port < 65535 else 8001}, or --port 0 for any free port"
            )
        raise click.ClickException(f"{error}{hint}") from None
    except WatchFailed as error:
        # Serving on without rebuilding would show a stale site as if it were current.
        raise click.ClickException(
            f"serve stopped: watching the site's files failed ({error}); start serve again"
        ) from None
    except KeyboardInterrupt:
        log("Stopped.")
    finally:
        # Run from Python (a test, a tool), the process goes on: leave the signals as they were.
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = reported


def _drop_stderr() -> None:
    """Send the rest of stderr to /dev/null: its reader is gone, and what is left in its
    buffer would fail again at every line and at exit (as _output_lost does for stdout)."""
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def say_now(message: str) -> None:
    """Print `message` on stderr from a signal handler: straight to the file descriptor, as
    the handler may run while the main thread is inside a write to sys.stderr (which would
    refuse a second one); through click where stderr has none (a test's CliRunner)."""
    try:
        descriptor = sys.stderr.fileno()
    except (OSError, ValueError):
        click.echo(message, err=True)
        return
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    with suppress(OSError):
        os.write(descriptor, f"{message}\n".encode(encoding, "replace"))


def shown_path(path: Path) -> str:
    """A path as the user will type it: relative to the current folder when inside it,
    else absolute; the same on every run whichever way the build found it."""
    from statusgen.layout import working_folder

    here = working_folder()
    if here is None and not path.is_absolute():
        # Relative to a folder that is gone: nothing can resolve it now.
        return str(path)
    # Not Path.resolve(), which raises on a link that loops (the cache folder's, named in
    # a warning).
    absolute = Path(os.path.realpath(path))
    # Gone (a build run in its own output folder replaced it), or the folder the command
    # runs in (where "." would not say which): the absolute path.
    if here is None or absolute == here or not absolute.is_relative_to(here):
        return str(absolute)
    return str(absolute.relative_to(here))


def on_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal that takes colour and cursor control: not one that
    says TERM=dumb (Emacs' shell, some CI consoles), which shows the codes as text."""
    return stream.isatty() and os.environ.get("TERM") != "dumb"


class TerminalProgress:
    """A one-line file counter on stderr, shown only on a terminal and only after a moment."""

    DELAY = 0.5

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.enabled = on_terminal(sys.stderr)
        self.drawn = False

    def __call__(self, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.DELAY or now - self.last_drawn < 0.1:
            return
        self.last_drawn = now
        self.drawn = True
        from statusgen.report import plural

        click.echo(f"\rRendering… {plural(count, 'file')}", nl=False, err=True)

    def clear(self) -> None:
        if self.drawn:
            click.echo("\r\033[K", nl=False, err=True)


def _state_file(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """--state as a path, refusing an empty one (a variable that was not set): as a path
    it would be `.`, this folder, which Click lets through as not existing."""
    if value is not None and not value.strip():
        raise click.BadParameter(
            "an empty path: name the state file, or leave out --state for the default",
            ctx=ctx,
            param=param,
        )
    return None if value is None else Path(value)


@cli.command()
@click.option(
    "--dry-run", is_flag=True, help="Print every message instead of sending it; remember nothing."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 2 when any message could not be delivered (by default failures are reported "
    "and kept for the next run, and the exit status is 0).",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    callback=_state_file,
    help="The last-notified state file. Default: notify.state in statusgen.yaml, "
    "else .statusgen-notify.json next to it.",
)
@click.option(
    "--state-file",
    "print_state_file",
    is_flag=True,
    help="Print the state file statusgen.yaml names (relative to the site; what CI keeps "
    "between runs) and exit.",
)
@base_url_option(
    "The address the site was deployed to, as for `build` (env: STATUSGEN_BASE_URL); "
    "links in messages point there.",
    empty_is_unset=True,
)
@now_option("Read the site")
@click.pass_context
def notify(
    ctx: click.Context,
    dry_run: bool,
    strict: bool,
    state_path: Path | None,
    print_state_file: bool,
    base_url: str | None,
    now: datetime | None,
) -> None:
    """Send one message per change since the last run to the channels in statusgen.yaml.

    Compares what the site publishes now with the state last notified: incidents opened,
    updated, resolved, postmortems; maintenance scheduled, started, completed; component
    status changes. Run it after a successful deploy. The first run only records the
    present. A second run on the same content sends nothing.

    \b
    Examples:
      statusgen notify --dry-run      # show what would be sent
      statusgen notify                # send, then remember what was sent
      statusgen notify --strict       # exit 2 if any channel failed
      statusgen notify --state-file   # the file to keep between CI runs
    """
    from statusgen.clock import ahead_of
    from statusgen.errors import StatusgenError
    from statusgen.notify.report import behind, older, show_message, stopped, summary
    from statusgen.notify.run import SeveralPages, state_file
    from statusgen.notify.run import notify as run_notify

    if print_state_file:
        try:
            click.echo(state_file(site_root(ctx)))
        except StatusgenError as error:
            exit_with_diagnostics(error)
        return
    # Read once the run's turn comes: a run waiting for another one sending is not dated
    # before what that one saved.
    clock = author_clock(now, ctx)
    moment = clock()
    if not dry_run and ahead_of(moment, wall_clock()):
        # Saved, that moment holds back every later run, real outages too, until it comes
        # (a run behind the state's clock sends nothing): said now, while it is a typo to
        # set right. Not refused: `--now` is how a rehearsal or a test plays a later hour.
        click.echo(
            f"warning: {moment.isoformat()} is ahead of this machine's clock "
            f"({wall_clock().replace(microsecond=0).isoformat()}): this run remembers it, and "
            "later runs send nothing until then\n"
            "  hint: give the time of the deploy, or preview a later moment with --dry-run",
            err=True,
        )
    try:
        result = run_notify(
            site_root(ctx),
            now=clock,
            # An empty variable (a workflow output that was not set) means "not given".
            base_url=base_url or None,
            state_path=state_path,
            dry_run=dry_run,
            show=lambda channel, change, payload: click.echo(
                show_message(channel, change, payload)
            ),
            waiting=say_turn_waiting,
        )
    except StatusgenError as error:
        exit_with_diagnostics(error)
    except SeveralPages as error:
        raise several_pages(
            "--base-url (or STATUSGEN_BASE_URL) names one page's address, and the channels "
            "speak for several",
            "leave it out: each page's messages link to its own base_url",
            error.pages,
        ) from None
    if result.ahead is not None:
        # Not a failure: a replay of what was told is a no-op, and the job that re-ran stays green.
        click.echo(behind(result, dry_run=dry_run), err=True, nl=False)
        return
    if result.older or result.older_commit:  # the same, found when the clock is fresh
        click.echo(older(result, dry_run=dry_run), err=True, nl=False)
        return
    click.echo(summary(result, dry_run=dry_run), nl=False)
    if result.unsaved is not None:
        exit_with_diagnostics(StatusgenError([result.unsaved]))
    if result.stopped is not None:
        click.echo(stopped(result), err=True, nl=False)
        # As the shell reports a command the signal ended: 130 for Ctrl-C, 143 for SIGTERM.
        sys.exit(128 + result.stopped)
    if strict and result.failed:
        sys.exit(2)


# --- authoring: init, new, update, resolve, incidents ----------------------------------

AUTHOR_NOW_OPTION = click.option(
    "--now",
    type=MomentType(),
    help="Write as if it were this moment: ISO 8601, or as --start takes it "
    '("yesterday 14:30", "45m ago"), in the site\'s timezone. '
    "Default: SOURCE_DATE_EPOCH if set, else the current time.",
)
COMMIT_OPTION = click.option(
    "--commit",
    is_flag=True,
    help="Also stage exactly this file and commit it with a message saying what changed.",
)


def _component_values(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """The -c values, refusing `ID=` with nothing after it: leaving the `=` there says a
    status was meant, and taking the default instead would publish a guess. `=STATUS`
    names no component: the status alone would otherwise be read as an id."""
    for value in values:
        if not value.strip():  # a variable that was not set: no component is no id
            from statusgen.layout import COMPONENTS_FILE

            raise click.BadParameter(
                f"an empty value: give the id of a component in {COMPONENTS_FILE}, "
                "e.g. api or api=major_outage",
                ctx=ctx,
                param=param,
            )
        cid, equals, status = value.partition("=")
        if equals and not cid.strip():
            from statusgen.layout import COMPONENTS_FILE

            raise click.BadParameter(
                f"component id missing before '=' in {value!r}: write the id of a component "
                f"in {COMPONENTS_FILE} before it, e.g. api=major_outage",
                ctx=ctx,
                param=param,
            )
        if equals and not status.strip():
            choices = ", ".join(s.value for s in ComponentStatus)
            raise click.BadParameter(
                f"{value!r} has no status after '=': give one of {choices}; "
                f"or write {cid.strip()!r} alone for the default status",
                ctx=ctx,
                param=param,
            )
    return values


class _Named:
    """A callback refusing an empty value (a variable that was not set) and naming the
    `valid` ones: read as not given, it would write the update without the change meant.
    `valid` also tells an option given last, without its value (refuse_option_as_value);
    `names` are the values themselves, for a hint that offers one (`--priority P1`)."""

    def __init__(self, valid: str, names: Sequence[str] = ()) -> None:
        self.valid = valid
        self.names = tuple(names)

    def __call__(self, ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise click.BadParameter(f"an empty value; give {self.valid}", ctx=ctx, param=param)
        return value


def _named(valid: str, names: Iterable[Any] = ()) -> _Named:
    """The callback of an option taking one of `valid`, the values of enum members `names`
    (_Named)."""
    return _Named(valid, [member.value for member in names])


def _listed(members: Iterable[Any]) -> str:
    """The values of enum `members`, as a usage error lists them."""
    return ", ".join(member.value for member in members)


INCIDENT_STATES = _listed(IncidentState)
IMPACT_VALUES = _listed(INCIDENT_IMPACTS)
COMPONENT_OPTION = click.option(
    "-c",
    "--component",
    "components",
    metavar="ID[=STATUS]",
    multiple=True,
    callback=_component_values,
    help="An affected component, optionally with its status (e.g. api=partial_outage). "
    f"STATUS is one of {', '.join(s.value for s in ComponentStatus)}. One component per "
    "-c: repeat it for several (-c api -c website=major_outage).",
)


def message_option(what: str) -> Callable[[_Command], _Command]:
    """-m/--message for a command writing `what`: repeatable, each one a paragraph."""
    return click.option(
        "-m",
        "--message",
        "messages",
        metavar="MESSAGE",
        multiple=True,
        help=f"{what} Repeat -m for more paragraphs, as `git commit -m` does; "
        "-m - reads it from standard input.",
    )


def joined_message(messages: tuple[str, ...]) -> str | None:
    """The -m texts as one message, a blank line between them (`git commit -m a -m b`);
    None when there was no -m. Blank ones add no empty paragraph. `-m -` is the text on
    standard input, as `-` is for `ingest`: a message of a lone dash is never meant."""
    if not messages:
        return None
    texts = [_message_from_input() if m == "-" else m for m in messages]
    return "\n\n".join(m.strip("\n") for m in texts if m.strip())


def _message_from_input() -> str:
    """The message given on standard input (`-m -`), as UTF-8 text."""
    try:
        return standard_input("the message").decode("utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter("standard input is not UTF-8 text", param_hint="'-m -'") from None


def standard_input(what: str, limit: int = -1) -> bytes:
    """Standard input, at most `limit` bytes (empty when it is closed, as /dev/null is).
    On a terminal it first says that `what` is read there and how to end it: without a
    word, the command would seem to hang."""
    if sys.stdin is None:
        return b""
    if sys.stdin.isatty():
        click.echo(f"reading {what} from standard input; end with Ctrl-D", err=True)
    return sys.stdin.buffer.read(limit)


# Text below this line in the editor is instructions, not message; like `git commit -v`.
SCISSORS = "# ------------------------ >8 ------------------------"


def wall_clock() -> datetime:
    """This machine's time, whatever --now says: what a write dated later is warned against."""
    return datetime.now(timezone.utc)


def interactive() -> bool:
    """True when a person is at the terminal, so an editor can be opened for a message."""
    # A stream closed at start (`<&-`, some cron and daemon setups) is None in Python: no
    # terminal, exactly as when it comes from /dev/null.
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def ask_message(
    message: str | None,
    *,
    what: str,
    default: str = "",
    required: bool = False,
    piped: bool = False,
) -> str:
    """The -m text; without it, what the author writes in $EDITOR on a terminal, else
    `default`. When `required`, an empty -m (or none, off a terminal) is a usage error;
    `piped` says it was to come from standard input (`-m -`), which is then what was
    empty (or closed), not the text after -m."""
    if message is not None:
        from statusgen.authoring.edit import message_text

        # As it will be written: `-m "&#1;"` leaves nothing once its reference is dropped.
        if required and not message_text(message):
            example = '-m "We are looking into it."'
            raise click.UsageError(
                "standard input was empty (-m - reads the message from it)\n"
                f"  hint: pipe {what} in, or write it after -m, e.g. {example}"
                if piped
                else "the message given with -m is empty\n"
                f"  hint: write {what} after -m, e.g. {example}"
            )
        return message
    if not interactive():
        if required:
            raise click.UsageError(f"give {what} with -m MESSAGE")
        return default
    try:
        written = click.edit(
            f"{default}\n\n{SCISSORS}\n# Write {what} above this line, in Markdown.\n"
            "# Everything below it is ignored. Save an empty message to cancel.\n",
            extension=".md",
            require_save=False,
        )
    except click.ClickException as error:
        raise editor_failed(error) from None
    except UnicodeDecodeError as error:
        # click decodes the saved file as UTF-8 and then deletes it: its bytes are the text.
        keep_unreadable(error.object)
    text = (written or "").split(SCISSORS, 1)[0].strip()
    if not text:
        click.echo("Empty message: nothing was written.", err=True)
        sys.exit(1)
    return text


def before_message(message: str | None, plan: Callable[[str], Change]) -> bool:
    """Whether the author is to write the message in the editor (no -m, on a terminal);
    if so, first refuse (exit 1) what `plan`, the command's change given its message,
    refuses for anything else: the author learns of a typo before writing, not after."""
    from statusgen.authoring.events import refuse_before_message
    from statusgen.errors import StatusgenError

    if message is not None or not interactive():
        return False
    try:
        refuse_before_message(plan)
    except StatusgenError as error:
        exit_unwritten(error)
    return True


def editor_failed(error: click.ClickException) -> click.ClickException:
    """The error of an editor (click.edit's) that could not be started or failed, in
    words, with the ways to give the message instead: an editor that returns at once
    (`code` without --wait) or is missing is the usual cause."""
    variable = next((name for name in ("VISUAL", "EDITOR") if os.environ.get(name)), None)
    editor = (
        f"the editor {os.environ[variable]!r} (from ${variable})"
        if variable is not None
        else "the editor (neither VISUAL nor EDITOR is set)"
    )
    cause = error.__cause__
    if isinstance(cause, FileNotFoundError):
        what = f"{editor} was not found"
    elif isinstance(cause, OSError):
        what = f"{editor} could not be started ({cause.strerror})"
    else:
        what = f"{editor} failed"
    return click.ClickException(
        f"{what}; nothing was written\n  hint: give the message with -m MESSAGE, or set "
        f"{variable or 'EDITOR'} to an editor that waits until you close the file, e.g. "
        f'{variable or "EDITOR"}=nano or {variable or "EDITOR"}="code --wait"'
    )


def exit_unwritten(error: Exception, typed: str | None = None) -> NoReturn:
    """Report why a file could not be written, and that nothing was (unless some files were:
    PartlyWritten names them), then exit 1; `typed`, the message the author wrote in the
    editor for it, is kept for them (keep_message)."""
    from statusgen.errors import PartlyWritten, StatusgenError

    assert isinstance(error, StatusgenError)
    # Shown, never obeyed: messages quote titles and arguments as typed.
    click.echo(diagnostics_text(error.diagnostics), err=True, nl=False)
    from statusgen.authoring.events import SiteNotClean

    if isinstance(error, SiteNotClean):
        click.echo(
            "Nothing was written: statusgen changes a site only once it checks clean. Fix"
            " the problems above (`statusgen check` lists them), then run this again.",
            err=True,
        )
    elif not isinstance(error, PartlyWritten):  # that one says what was written
        click.echo("Nothing was written.", err=True)
    if typed is not None:
        keep_message(typed)
    sys.exit(1)


def keep_message(typed: str) -> None:
    """Save a message the author wrote in the editor for a change that was refused, and
    say where and how to give it again (as git keeps COMMIT_EDITMSG); printed back when
    it cannot be saved. Minutes of careful writing are never thrown away."""
    import tempfile

    from statusgen.authoring.scaffold import shell_path
    from statusgen.render.terminal import printable

    try:
        handle, name = tempfile.mkstemp(prefix="statusgen-message-", suffix=".md")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(typed + "\n")
    except OSError:
        click.echo(f"Your message, not saved anywhere:\n\n{printable(typed)}\n", err=True)
        return
    click.echo(
        f"Your message is saved in {name}; give it again with -m - < {shell_path(name)}",
        err=True,
    )


def keep_unreadable(data: bytes) -> NoReturn:
    """Exit 1 over a message the editor saved in another encoding than UTF-8 (Windows-1252,
    UTF-16), its bytes `data` kept in a file for the author to save again as UTF-8: told at
    that file's line and column, as `check` tells a source file (load.text)."""
    import tempfile

    from statusgen.authoring.scaffold import shell_path
    from statusgen.load.text import decode
    from statusgen.render.terminal import printable

    # The instructions below the scissors are the editor's, not the author's words; in
    # UTF-16 they are not found, and the whole file is kept.
    data = data.split(f"\n{SCISSORS}".encode(), 1)[0]
    try:
        handle, name = tempfile.mkstemp(prefix="statusgen-message-", suffix=".md")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
    except OSError:
        shown = data.decode("utf-8", "replace")
        click.echo(
            "The message from the editor is not UTF-8 text; set your editor to save as"
            f" UTF-8. Your message, as far as it can be read, not saved anywhere:\n\n"
            f"{printable(shown, lines=True)}\n",
            err=True,
        )
        sys.exit(1)
    _, problems = decode(name, data)
    click.echo(diagnostics_text(problems[:1]), err=True, nl=False)
    click.echo(
        f"Nothing was written: the editor saved the message in another encoding than UTF-8."
        f" Your message is kept in {name}: open it, save it as UTF-8 (and set your editor"
        f" to save as UTF-8), then give it with -m - < {shell_path(name)}",
        err=True,
    )
    sys.exit(1)


def save_under_lock(
    root: Path, plan: Callable[[], Any], commit: bool, typed: str | None = None
) -> None:
    """Plan a change and write it while holding the site's edit lock, so commands arriving
    together take turns; on a mistake, report it and that nothing was written (exit 1),
    keeping `typed`, the message the author wrote in the editor."""
    from statusgen.authoring.save import editing
    from statusgen.errors import StatusgenError

    try:
        with editing(root, waiting=say_waiting):
            write_changes([plan()], commit, typed=typed)
    except StatusgenError as error:
        exit_unwritten(error, typed)


def say_waiting(folder: Path) -> None:
    """Said once while an authoring command waits for another's edit of `folder`: a wait
    of up to a minute (save.LOCK_WAIT_SECONDS) in silence looks like a hang."""
    click.echo(
        f"waiting for another statusgen command to finish editing {shown_path(folder)}…",
        err=True,
    )


def say_turn_waiting(other: str) -> None:
    """Said once while a build or a notify run waits its turn behind `other` (another build
    of the site, another run): as say_waiting, a wait of up to a minute in silence looks
    like a hang."""
    click.echo(f"waiting for {other} to finish…", err=True)


def write_changes(
    changes: Sequence[Any],
    commit: bool,
    said: str = "",
    warnings: Sequence[str] = (),
    *,
    typed: str | None = None,
) -> None:
    """Write the planned changes of one command and, with `commit`, commit them; then print
    what each did, what the command says of them all (say), and the commits (tell_commits),
    a refused commit told even when stdout takes none of it (say_then_tell_commits).
    A file that cannot be written is reported, with any written before it, and ends the
    command (exit 1) with none committed, keeping `typed` (keep_message)."""
    from statusgen.authoring.events import commit_each, write
    from statusgen.errors import StatusgenError

    try:
        write(changes, commit=commit)
    except StatusgenError as error:
        click.echo(diagnostics_text(error.diagnostics), err=True, nl=False)
        if typed is not None:
            keep_message(typed)
        sys.exit(1)
    # Committed before anything is printed: a reader gone away (`| true`) ends the command
    # at its first line, and must not leave the file written but not committed, unsaid.
    commits = commit_each(changes) if commit else None
    from statusgen.render.terminal import printable

    def done() -> None:
        for change in changes:
            # The description and the warnings name the file relative to the site, as the
            # library knows it; the user reads it from where they stand.
            shown = shown_site_file(change.relpath)
            click.echo(printable(change.description.replace(change.relpath, shown)))
            for warning in change.warnings:
                shown_warning = printable(warning.replace(change.relpath, shown))
                click.echo(f"warning: {shown_warning}", err=True)
        say(said, warnings)

    # The commits last: a commit git refused ends the command, and what a run that commits
    # says must not depend on whether git took it (the Incident workflow keeps it as the
    # job's summary, where a warning lost would be lost in the very run that failed).
    say_then_tell_commits(changes, commits, done)


def say(said: str, warnings: Sequence[str] = ()) -> None:
    """Print a command's summary, then its warnings (on stderr); both may quote what a
    payload or a file holds, so they are shown, never obeyed."""
    from statusgen.render.terminal import printable

    if said:
        click.echo(printable(said))
    for warning in warnings:
        click.echo(f"warning: {printable(warning)}", err=True)


def say_then_tell_commits(
    changes: Sequence[Any],
    commits: Commits | None,
    done: Callable[[], None],
    *,
    err: bool = False,
) -> None:
    """Print what a command did (`done`), then the commits made of `changes`, if any
    (tell_commits). When stdout cannot take those lines (`>&-`, a full disk, a reader gone
    away) and git refused a commit, the lost output is said as every command says it,
    then the refused commit, which ends the command with NOT_COMMITTED_STATUS rather than
    1 or 141: a file left uncommitted is the news a script must not miss."""
    from statusgen.errors import OutputLost

    try:
        done()
        if commits is not None:
            tell_commits(changes, commits, err=err)
    except OutputLost as lost:
        if commits is None or not commits.missed:
            raise
        _output_lost(lost.error)
        # Stdout is /dev/null from here: the commits are told again, the lines that were
        # for stdout to nowhere, the refused commit on stderr.
        tell_commits(changes, commits, err=err)


def tell_commits(changes: Sequence[Any], commits: Commits, *, err: bool = False) -> None:
    """Print each commit made of `changes` (on stderr with `err`); when git refused one, say
    which files are written but not committed, and exit NOT_COMMITTED_STATUS. So the last
    thing a command does, once all else is said."""
    from statusgen.authoring.git import on_no_branch
    from statusgen.errors import NOT_COMMITTED_STATUS
    from statusgen.render.terminal import printable

    for change, commit_id in commits.made:
        # The commit message holds the title as typed: shown, never obeyed, like `status`.
        click.echo(f"Committed {commit_id[:12]}: {printable(change.commit_message)}", err=err)
    if commits.made and on_no_branch(changes[0].root):
        click.echo(
            "warning: HEAD is detached, so the commit is on no branch and a checkout of"
            " a branch leaves it behind; keep it with `git switch -c NAME`",
            err=True,
        )
    if commits.missed:
        click.echo(diagnostics_text(commits.missed), err=True, nl=False)
        count = len(commits.missed)
        said = "The file is" if count == 1 else f"These {count} files are"
        click.echo(f"{said} written, but not committed.", err=True)
        sys.exit(NOT_COMMITTED_STATUS)


@cli.command(
    cls=FolderArgument,
    epilog=examples(
        "statusgen init my-status",
        "statusgen init                    # in the current folder",
    ),
)
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace files that already exist; create the site even inside another site.",
)
@AUTHOR_NOW_OPTION
@click.pass_context
def init(ctx: click.Context, folder: Path | None, force: bool, now: datetime | str | None) -> None:
    """Create a new status site in FOLDER (default: the current folder).

    Writes statusgen.yaml, a group with two components, a resolved example incident, a
    GitHub Pages deploy workflow and a .gitignore. Existing files are left alone, and a
    folder inside another site is refused, unless --force is given. In a folder of a
    larger git repository, the workflows go to the repository's .github/workflows/.
    """
    from statusgen.authoring.scaffold import init_site, shell_path
    from statusgen.errors import PartlyWritten, StatusgenError

    target = folder if folder is not None else start_folder(ctx)
    try:
        created = init_site(target, now=resolve_clock(now, ctx), force=force)
    except PartlyWritten as error:
        exit_with_diagnostics(error)
    except StatusgenError as error:
        exit_unwritten(error)
    for path in created.written:
        # The repository's workflows as the current folder reaches them, as the site's files.
        outside = created.repository is not None and not path.is_relative_to(target)
        click.echo(f"  {_from_here(path) if outside else path}")
    click.echo(f"Created a status site in {str(target)!r}.")
    if created.repository is not None:
        _say_where_the_workflows_are(target, created)
    if created.branch_found:
        click.echo(
            f"The deploy workflow publishes each push to {created.branch},"
            " the repository's current branch."
        )
    else:
        click.echo(
            f"The deploy workflow publishes each push to {created.branch}: if your"
            " repository's branch is another, change `branches:` in deploy.yml."
        )
    click.echo("Next: edit statusgen.yaml and content/components.yaml, then")
    if folder is not None:
        click.echo(f"  cd {shell_path(folder)}")
    click.echo("  statusgen serve              # preview it, rebuilt on every save")
    click.echo("  statusgen build --relative   # or build it and open public/index.html")


def _say_where_the_workflows_are(site: Path, created: Created) -> None:
    """After `init` in a folder of a larger repository: where its GitHub workflows went
    and, when the repository's names were taken, how to put them where GitHub runs them."""
    from statusgen.authoring.scaffold import DEPLOY_WORKFLOW, WORKFLOWS_FOLDER, shell_path

    assert created.repository is not None
    folder = site.resolve().relative_to(created.repository).as_posix()
    if not created.moves:
        click.echo(
            f"The GitHub workflows are in {created.repository / WORKFLOWS_FOLDER}, where"
            f" GitHub runs them; they check, build and publish the site in {folder}/."
        )
        return
    moves = "".join(
        f"\n    mv {shell_path(_from_here(site / path))} {shell_path(_from_here(to))}"
        for path, to in created.moves.items()
    )
    deploy = created.moves[DEPLOY_WORKFLOW].name
    click.echo(
        f"warning: {created.repository / created.taken[0]} already exists, and GitHub runs"
        f" only the workflows in that folder: this site's are in"
        f" {_from_here(site / WORKFLOWS_FOLDER)}, where GitHub never runs them (no deploy,"
        " no scheduled rebuild, no incident form)"
        f"\n  hint: move them there under names of their own:{moves}"
        f"\n  then, in both, change `gh workflow run deploy.yml` to `gh workflow run {deploy}`",
        err=True,
    )


def _from_here(path: Path) -> str:
    """`path` as the current folder reaches it (the path itself on another drive)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@cli.group(
    cls=Kinds,
    epilog=examples(
        'statusgen new incident "Checkout errors" -c api=partial_outage -m "Looking."',
        'statusgen new maintenance "Upgrade" --start "tomorrow 2am" --end "tomorrow 4am"',
    ),
)
def new() -> None:
    """Start a new incident or schedule a maintenance window."""


@new.command(
    "incident",
    cls=FreeText,
    epilog=examples(
        'statusgen new incident "Checkout errors" -c api=partial_outage -m "Looking into it."',
        'statusgen new incident "Login down" --impact critical -c website -m "Looking." --commit',
    ),
)
@click.argument("title")
@COMPONENT_OPTION
@click.option(
    "--impact",
    metavar="IMPACT",
    callback=_named(f"one of {IMPACT_VALUES}", INCIDENT_IMPACTS),
    help="none, minor, major or critical. Default: derived from the component statuses.",
)
@click.option(
    "--status",
    metavar="STATE",
    callback=_named(f"one of {INCIDENT_STATES}", IncidentState),
    help="investigating (default), identified, monitoring, resolved or postmortem.",
)
@message_option("The first update, in Markdown. Default: opens $EDITOR.")
@click.option(
    "--again",
    is_flag=True,
    help="Open it even though an incident of the same name opened today is still open.",
)
@COMMIT_OPTION
@AUTHOR_NOW_OPTION
@click.pass_context
def new_incident(
    ctx: click.Context,
    title: str,
    components: tuple[str, ...],
    impact: str | None,
    status: str | None,
    messages: tuple[str, ...],
    again: bool,
    commit: bool,
    now: datetime | str | None,
) -> None:
    """Open an incident: write content/incidents/DATE-TITLE.md with its first update.

    A component without =STATUS gets the status its --impact implies (degraded
    performance when no impact is given).
    """
    from statusgen.authoring.events import open_incident

    root = site_root(ctx)  # outside a site, say so before an editor opens
    clock = author_clock(now, ctx)
    message = joined_message(messages)

    def plan(text: str) -> Change:
        return open_incident(
            root,
            title=title,
            message=text,
            now=clock(),
            components=components,
            impact=impact,
            status=status,
            again=again,
            clock=wall_clock(),
        )

    typed = before_message(message, plan)
    what = MESSAGE_REQUIRED["new", "incident"]
    text = ask_message(message, what=what, required=True, piped="-" in messages)
    save_under_lock(root, lambda: plan(text), commit, text if typed else None)


@new.command(
    "maintenance",
    cls=FreeText,
    epilog=examples(
        'statusgen new maintenance "DB upgrade" --start "tomorrow 2am" --end "tomorrow 4am" -c api',
        'statusgen new maintenance "Network work" --start "2027-01-09 22:00" '
        '--end "2027-01-10 04:00"',
    ),
)
@click.argument("title")
@click.option(
    "--start",
    required=True,
    metavar="WHEN",
    callback=_named('a time, e.g. "tomorrow 02:00" or 2026-11-29 02:00'),
    help='When the window opens: "tomorrow 02:00", ISO 8601, ...',
)
@click.option(
    "--end",
    required=True,
    metavar="WHEN",
    callback=_named('a time, e.g. "in 4h" or 2026-11-29 04:00'),
    help='When it closes: "in 4h", "2026-11-29 04:00", ...',
)
@COMPONENT_OPTION
@message_option("The announcement, in Markdown. Default: opens $EDITOR on a terminal.")
@click.option(
    "--again",
    is_flag=True,
    help="Schedule it even though a window of the same name at that time is not over yet.",
)
@COMMIT_OPTION
@AUTHOR_NOW_OPTION
@click.pass_context
def new_maintenance(
    ctx: click.Context,
    title: str,
    start: str,
    end: str,
    components: tuple[str, ...],
    messages: tuple[str, ...],
    again: bool,
    commit: bool,
    now: datetime | str | None,
) -> None:
    """Schedule maintenance: write content/incidents/DATE-TITLE.md for the window.

    Times without an offset are read in the site's input_timezone (else its
    timezone). Components default to under_maintenance during the window.
    """
    from statusgen.authoring.events import schedule_maintenance, scheduled_message
    from statusgen.errors import StatusgenError

    root = site_root(ctx)  # outside a site, say so before an editor opens
    clock = author_clock(now, ctx)
    message = joined_message(messages)
    try:
        # Only asked for when no -m gave the text: it reads the settings.
        default = scheduled_message(root, components) if message is None else ""
    except StatusgenError as error:
        exit_unwritten(error)

    def plan(text: str) -> Change:
        return schedule_maintenance(
            root,
            title=title,
            start=start,
            end=end,
            now=clock(),
            components=components,
            # The standard sentence kept as offered: the library writes it, and warns
            # when the pages that show the window read different languages.
            message="" if message is None and text == default else text,
            again=again,
        )

    typed = before_message(message, plan)
    text = ask_message(message, what="the announcement", default=default)
    save_under_lock(root, lambda: plan(text), commit, text if typed else None)


@cli.command(
    cls=FreeText,
    epilog=examples(
        'statusgen update checkout-errors --status identified -m "A bad deploy; rolling back."',
        'statusgen update checkout -c api=degraded_performance -m "Recovering."',
        'statusgen update checkout -m "Rolled back." -m "Next update in 30 minutes."',
        'statusgen update checkout -c api=major_outage --impact critical -m "Now down."',
    ),
)
@click.argument("slug")
@click.option(
    "--status",
    metavar="STATE",
    callback=_named(
        f"one of {INCIDENT_STATES} for an incident; {_listed(MaintenanceState)} for maintenance",
        [*IncidentState, *MaintenanceState],
    ),
    help="The new state: identified, monitoring, resolved, ...; for maintenance in_progress, "
    "verifying, completed. Default: unchanged.",
)
@message_option("The update, in Markdown. Default: opens $EDITOR.")
@COMPONENT_OPTION
@click.option(
    "--impact",
    metavar="IMPACT",
    callback=_named(f"one of {IMPACT_VALUES}", INCIDENT_IMPACTS),
    help="The incident's new impact: none, minor, major or critical (say an outage grew). "
    "Default: unchanged.",
)
@click.option(
    "--again",
    is_flag=True,
    help="Add it even though the newest update says the same (status, message, components).",
)
@COMMIT_OPTION
@AUTHOR_NOW_OPTION
@click.pass_context
def update(
    ctx: click.Context,
    slug: str,
    status: str | None,
    messages: tuple[str, ...],
    components: tuple[str, ...],
    impact: str | None,
    again: bool,
    commit: bool,
    now: datetime | str | None,
) -> None:
    """Add an update to the incident or maintenance SLUG (any unique prefix of it).

    A component given without =STATUS keeps the status it has in the incident or
    maintenance; one not affected yet gets the status the incident's impact implies
    (degraded performance while it has none; under_maintenance in maintenance). An
    update saying what the newest one says (the same status, message and component
    changes) within 10 minutes of it, as a command run again does, is refused unless
    --again is given; the same words later on are a periodic update, and are added.
    """
    from statusgen.authoring.events import find_updated, update_event
    from statusgen.errors import StatusgenError

    root = site_root(ctx)
    clock = author_clock(now, ctx)
    message = joined_message(messages)
    if message is None:
        try:
            # A wrong name fails before the editor opens, with the options' own mistakes.
            find_updated(
                root, slug, now=clock(), status=status, components=components, impact=impact
            )
        except StatusgenError as error:
            exit_unwritten(error)

    def plan(text: str) -> Change:
        return update_event(
            root,
            slug,
            message=text,
            now=clock(),
            status=status,
            components=components,
            impact=impact,
            clock=wall_clock(),
            now_given=now is not None,
            warn_reopening=True,
            again=again,
        )

    typed = before_message(message, plan)
    what = MESSAGE_REQUIRED["update",]
    text = ask_message(message, what=what, required=True, piped="-" in messages)
    # Read, edit and write under the lock: updates arriving together take turns.
    save_under_lock(root, lambda: plan(text), commit, text if typed else None)


@cli.command(
    cls=Resolving,
    epilog=examples(
        "statusgen resolve checkout-errors",
        'statusgen resolve checkout -m "Fixed by rolling back." --commit',
    ),
)
@click.argument("slug")
@message_option("The closing update, in Markdown. Default: a short standard sentence.")
@COMMIT_OPTION
@AUTHOR_NOW_OPTION
@click.pass_context
def resolve(
    ctx: click.Context,
    slug: str,
    messages: tuple[str, ...],
    commit: bool,
    now: datetime | str | None,
) -> None:
    """Resolve the incident SLUG (or complete the maintenance, or call off one that has
    not started) with a closing update."""
    from statusgen.authoring.events import closing_message, find_event, resolve_event
    from statusgen.errors import StatusgenError

    root = site_root(ctx)
    clock = author_clock(now, ctx)
    message = joined_message(messages)
    try:
        relpath = find_event(root, slug, now=clock())
        default = closing_message(root, relpath, clock())
    except StatusgenError as error:
        exit_unwritten(error)

    def plan(text: str) -> Change:
        # The standard sentence kept as offered: the library writes it, and warns when the
        # pages that show the event read different languages.
        kept = "" if message is None and text == default else text
        return resolve_event(
            root, slug, now=clock(), message=kept, clock=wall_clock(), now_given=now is not None
        )

    typed = before_message(message, plan)
    text = ask_message(message, what="the closing update", default=default)
    save_under_lock(root, lambda: plan(text), commit, text if typed else None)


@cli.command(
    cls=Listing,
    epilog=examples(
        "statusgen incidents",
        "statusgen incidents --all            # resolved ones too",
        "statusgen incidents --json",
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option(
    "-a",
    "--all",
    "show_all",
    is_flag=True,
    help="Also list resolved incidents and completed maintenance.",
)
@now_option("List")
@click.pass_context
def incidents(
    ctx: click.Context, as_json: bool, show_all: bool, now: datetime | str | None
) -> None:
    """List open incidents and maintenance in progress or scheduled: slug, state, age
    (or how soon it starts), components, title."""
    import json

    from statusgen.authoring.events import open_events
    from statusgen.errors import StatusgenError
    from statusgen.load.fields import known_list
    from statusgen.model import MaintenanceState
    from statusgen.render.format import columns, pad
    from statusgen.render.terminal import iso_shown, printable

    moment = resolve_clock(now, ctx)
    try:
        tz, found = open_events(site_root(ctx), moment, closed=show_all)
    except StatusgenError as error:
        exit_with_diagnostics(error)
    if as_json:
        # Keys written in sorted order, not sorted by sort_keys: that would sort each row's
        # components too, which are in page order, as the table and every page list them.
        rows = [
            {
                "age_seconds": int(e.age.total_seconds()),
                "components": e.components,
                "draft": e.draft,
                "kind": e.kind,
                "path": e.path,
                "slug": e.slug,
                "started_at": iso_shown(e.started_at, tz),
                "state": e.state,
                "title": e.title,
            }
            for e in found
        ]
        echo_json(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not found:
        click.echo(
            "No incidents or maintenance."
            if show_all
            else "No open incidents and no maintenance in progress or scheduled. "
            "`statusgen incidents --all` lists resolved ones too."
        )
        return
    table = [("SLUG", "STATE", "AGE", "COMPONENTS", "TITLE")]
    for e in found:
        # A few, then a count: an incident on 40 components made rows of 1,200 characters,
        # its title far off the screen (--json lists them all).
        affected = known_list(
            [
                cid if status is None else f"{cid} ({status})"
                for cid, status in e.components.items()
            ],
            limit=_COMPONENTS_LISTED,
        )
        state = f"{e.state} (draft)" if e.draft else e.state
        age = format_age(e.age)
        if e.state == MaintenanceState.SCHEDULED.value and e.age > timedelta(0):
            # Held `status: scheduled` past its start: it never began, and a bare age
            # would read as the time it has been running.
            age = f"due {age} ago"
        # The title tells apart the files a title of no Latin letters names alike
        # (…-incident, …-incident-2). Last, so that a long one pushes no column right.
        table.append((e.slug, state, age, affected or "-", printable(e.title)))
    widths = [max(columns(row[i]) for row in table) for i in range(4)]
    for row in table:
        cells = [pad(cell, width) for cell, width in zip(row[:4], widths, strict=True)]
        click.echo("  ".join([*cells, row[4]]))


# How many components a row of `incidents` names before counting the rest.
_COMPONENTS_LISTED = 3


@cli.command()
@click.argument("source", type=click.Choice(SOURCES), metavar="SOURCE")
@click.argument("payload", required=False, default="-", metavar="[FILE|-]")
@click.option("--dry-run", is_flag=True, help="Say what the alert would do, and write nothing.")
@COMMIT_OPTION
@AUTHOR_NOW_OPTION
@click.pass_context
def ingest(
    ctx: click.Context,
    source: str,
    payload: str,
    dry_run: bool,
    commit: bool,
    now: datetime | None,
) -> None:
    """Open, update or resolve an incident from an alerting tool's webhook payload.

    SOURCE is the tool (alertmanager, grafana, pagerduty, opsgenie, datadog or
    generic); the payload is read from FILE, or from standard input when FILE is -
    or left out, exactly as the tool posts it. The `ingest:` rules in statusgen.yaml
    decide which components an alert names; an alert no rule matches changes nothing.

    \b
    Examples:
      statusgen ingest alertmanager alert.json --commit
      curl ... | statusgen ingest pagerduty -
      statusgen ingest generic --dry-run <<< '{"id": "db", "status": "firing"}'
    """
    from statusgen.authoring.save import editing
    from statusgen.errors import STDIN, StatusgenError
    from statusgen.ingest.plan import plan
    from statusgen.ingest.sources import MAX_PAYLOAD_BYTES
    from statusgen.render.terminal import printable

    moment = resolve_clock(now, ctx)
    try:
        if payload == "-":
            data = standard_input("the payload", MAX_PAYLOAD_BYTES + 1)
        else:
            with open(payload, "rb") as stream:
                data = stream.read(MAX_PAYLOAD_BYTES + 1)
    except OSError as error:
        raise click.UsageError(f"cannot read {payload}: {error.strerror}") from None
    if payload == "-" and not data:
        # No payload was given at all (`</dev/null`, a closed stdin in cron): a JSON parse
        # error at <stdin>:1:1 would send the user looking for a broken payload.
        raise click.UsageError(
            "standard input was empty (ingest reads the payload from it when FILE is - or "
            "left out)\n"
            f"  hint: pipe the payload in, or name the file it is in: ingest {source} alert.json"
        )
    # Problems name what was read: the file as typed, like every other diagnostic.
    where = STDIN if payload == "-" else payload
    root = site_root(ctx)
    try:
        # Read the site, decide and write under the lock `new` and `update` take: a
        # delivery arriving meanwhile (a retry, another alert) waits its turn and then
        # sees the incident this one opened, rather than opening a second.
        with editing(root, waiting=say_waiting):
            outcome = plan(root, source, data, where, now=moment)
            # The summary quotes the payload (an alert's id, a rule's name): `say` shows it,
            # never obeyed, like write_changes' lines. The Incident workflow adds this output
            # to the job's summary, where a line of the payload's own would be a CI command.
            if outcome.change is None:
                say(outcome.summary, outcome.warnings)
            elif dry_run:
                for change in (outcome.change, *outcome.also):
                    shown = shown_site_file(change.relpath)
                    click.echo(printable(f"Would write {shown}: {change.commit_message}"))
                say(outcome.summary, outcome.warnings)
            else:
                # The incident taking over first: the outage is never on no page.
                changes = (outcome.change, *outcome.also)
                write_changes(changes, commit, outcome.summary, outcome.warnings)
    except StatusgenError as error:
        exit_unwritten(error)


@cli.command()
@click.argument("monitors", nargs=-1, metavar="[MONITOR]...")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--dry-run", is_flag=True, help="Probe and print, but record nothing.")
@click.option(
    "--open-incidents",
    is_flag=True,
    help="Then open an incident when a monitor with `open_incident_after: K` failed K runs "
    "in a row (a component's monitors share one), and post a `monitoring` update when each "
    "that failed answers again.",
)
@click.option("--commit", is_flag=True, help="With --open-incidents: commit what it writes.")
@click.pass_context
def probe(
    ctx: click.Context,
    monitors: tuple[str, ...],
    as_json: bool,
    dry_run: bool,
    open_incidents: bool,
    commit: bool,
) -> None:
    """Run the monitors in content/monitors.yaml and record the results.

    Every monitor runs at once, each with its timeout and retries; results are added to
    data/monitors/<id>.json. A monitor that is down is a result, not an error: the exit
    status is 1 only for a mistake in the site's files.

    Runs, and what --open-incidents writes, are dated by this machine's clock, never by
    SOURCE_DATE_EPOCH: a probe measures the service as it is now.

    \b
    Examples:
      statusgen probe                 # every monitor but heartbeats
      statusgen probe api-health      # just this one
      statusgen probe --dry-run       # try the checks without recording
    """
    from statusgen.errors import StatusgenError
    from statusgen.probe.commands import UnknownMonitor, nothing_probed, results_json, results_table
    from statusgen.probe.commands import probe as run_probe

    if commit and not open_incidents:
        raise click.UsageError("--commit commits what --open-incidents writes: give both")
    if dry_run and open_incidents:
        # Left to run, it would either write incidents on a dry run or quietly do nothing.
        raise click.UsageError(
            "--dry-run records nothing and writes no incident, so --open-incidents would do "
            "nothing: leave out one of them"
        )
    root = site_root(ctx)
    warned: list[Diagnostic] = []
    failed: list[Diagnostic] = []
    try:
        results = run_probe(root, monitors, save=not dry_run, warned=warned, failed=failed)
    except UnknownMonitor as error:
        raise click.BadParameter(str(error), ctx=ctx, param_hint="'MONITOR'") from None
    except StatusgenError as error:
        exit_with_diagnostics(error)
    _echo_warnings(warned)

    def show_results() -> None:
        if as_json:
            click.echo(results_json(results), nl=False)
        elif results or not failed:
            click.echo(results_table(results) or nothing_probed(root, monitors), nl=False)

    if failed:
        # The monitors whose files could be read were recorded: their results are shown,
        # and the file that could not be read fails the run (no incident is opened).
        show_results()
        exit_with_diagnostics(StatusgenError(failed))
    if not open_incidents:
        show_results()
        return
    from statusgen.probe.commands import open_incidents as follow_up

    # Incidents opened and committed before a line is printed, as write_changes does: a
    # stdout that takes nothing (`>&-`, a full disk) must not leave an outage unopened.
    try:
        done = follow_up(root, datetime.now().astimezone(), commit=commit)
    except StatusgenError as error:
        show_results()
        exit_with_diagnostics(error)
    from statusgen.authoring.events import commit_each
    from statusgen.render.terminal import printable

    commits = commit_each(done.written) if commit else None

    def said() -> None:
        show_results()
        # A line may quote an incident's text (a monitor's id as its update names it).
        for line in done.said:
            click.echo(printable(line), err=as_json)

    say_then_tell_commits(done.written, commits, said, err=as_json)


@cli.command(cls=FreeText)
@click.argument("monitor", required=False)
# Two flags rather than a --up/--down pair: a pair lets the last one win, so a job
# that says both would be recorded as whichever came last, a failure perhaps as up.
@click.option("--up", "worked", is_flag=True, help="The job worked.")
@click.option("--down", "failed", is_flag=True, help="The job failed.")
@click.option(
    "--latency",
    type=click.IntRange(min=0, max=MAX_LATENCY_MS),
    help="How long it took, in milliseconds (at most a week).",
)
@click.option(
    "-m",
    "--message",
    default="",
    help="A short note shown with the run; -m - reads it from standard input.",
)
@click.option(
    "--at",
    "moment",
    type=MomentType(),
    help="When it ran: ISO 8601, or as --start of `new maintenance` takes it "
    '("45m ago", "today 03:00"), in the site\'s timezone. '
    "Default: SOURCE_DATE_EPOCH if set, else the current time.",
)
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Instead: add every run recorded in this copy of data/monitors/ "
    "(an overlapping run's) to this site's data.",
)
@click.pass_context
@stopped_by_sigterm
def record(
    ctx: click.Context,
    monitor: str | None,
    worked: bool,
    failed: bool,
    latency: int | None,
    message: str,
    moment: datetime | str | None,
    folder: Path | None,
) -> None:
    """Record a heartbeat: one run of MONITOR that was checked somewhere else.

    For cron jobs and pipelines that cannot be probed from outside: declare a
    `type: heartbeat` monitor, and have the job report each run.

    \b
    Examples:
      statusgen record nightly-backup --up --latency 5300
      statusgen record nightly-backup --down -m "disk full"
      statusgen record nightly-backup --up --at "45m ago"
      statusgen record --from ../other-run/data/monitors
    """
    from statusgen.clock import ahead_of
    from statusgen.errors import StatusgenError
    from statusgen.model import CheckResult
    from statusgen.probe import commands
    from statusgen.report import plural

    if worked and failed:
        raise click.UsageError("give --up or --down, not both: a run either worked or failed")
    up = worked if worked or failed else None
    root = site_root(ctx)
    warned: list[Diagnostic] = []
    try:
        if folder is not None:
            if monitor is not None or up is not None:
                raise click.UsageError("--from records another copy's runs: give no MONITOR")
            changed = commands.merge_from(root, folder, wall_clock(), warned)
            _echo_warnings(warned)
            click.echo(f"Merged runs into {len(changed)} monitor file(s).")
            return
        if monitor is None or up is None:
            raise click.UsageError("give a MONITOR and --up or --down")
        if message == "-":  # as for new, update and resolve: a job's line piped in
            message = _message_from_input()
        # "Now" as for every command (--at's default, "45m ago", the 48 hours held); the
        # future is this machine's, as `new` warns of it: a pinned clock cannot make it later.
        now, machine = resolve_clock(None, ctx), wall_clock()
        at = now if moment is None else read_moment(moment, ctx, "--at", now=now)
        # A run from the future would keep a heartbeat fresh long after its job stopped:
        # the page would show the job working. A few minutes allow for another clock.
        if ahead_of(at, machine):
            raise click.BadParameter(
                f"{at.isoformat()} is in the future: a run is recorded once it has happened",
                ctx=ctx,
                param_hint="'--at'",
            )
        found, data, added = commands.record(
            root, monitor, up=up, at=at, latency_ms=latency, message=message, now=now,
            machine=machine, warned=warned,
        )  # fmt: skip
    except commands.UnknownMonitor as error:
        raise click.BadParameter(str(error), ctx=ctx, param_hint="'MONITOR'") from None
    except StatusgenError as error:  # a run too old to add, too: it fails the job
        exit_with_diagnostics(error)
    _echo_warnings(warned)
    if not added:  # a retried step: the run is held, nothing was lost
        click.echo(f"Not recorded again: {found.id} already has this run ({at.isoformat()}).")
        return
    kept = plural(len(data.checks), "recent run")
    result = commands.reported_result(found, up, latency)
    if result is CheckResult.DEGRADED:  # said why: the job reported it up
        click.echo(
            f"Recorded degraded for {found.id}: up, but {latency} ms is over its "
            f"slow_ms of {found.slow_ms} ms ({kept} kept)."
        )
        return
    click.echo(f"Recorded {result.value} for {found.id} ({kept} kept).")


@cli.group("import")
def import_() -> None:
    """Move a status page from another tool into this site, history included.

    \b
    Examples:
      statusgen -C mysite import statuspage https://status.example.com
      statusgen import statuspage saved-responses/
      statusgen import cstate ../old-site
      statusgen import upptime ../upptime-repo --issues issues.json
    Importing again updates what the last import wrote and duplicates nothing.
    """


def report_import(plan: object, result: object) -> None:
    """Print what an import wrote and what it could not carry over."""
    from statusgen.importers.apply import Result
    from statusgen.importers.plan import Plan
    from statusgen.render.terminal import printable
    from statusgen.report import plural

    assert isinstance(plan, Plan) and isinstance(result, Result)
    for path in result.written:
        click.echo(f"  wrote {shown_site_file(path)}")
    windows = sum(1 for event in plan.events if event.maintenance)
    click.echo(
        f"Imported {plural(len(plan.all_components()), 'component')}, "
        f"{plural(len(plan.events) - windows, 'incident')} and "
        f"{plural(windows, 'maintenance window')} from {printable(plan.source)}: "
        f"{plural(len(result.written), 'file')} written, {len(result.unchanged)} unchanged."
    )
    # The warnings and notes quote the other tool's export (a title, a component's name):
    # shown, never obeyed, as `status` shows a title, and the warnings as `check` does.
    if result.warnings:
        click.echo(diagnostics_text(result.warnings), err=True, nl=False)
    if plan.notes:
        click.echo("Not carried over, or changed on the way:")
        for note in plan.notes:
            click.echo(f"  - {printable(note)}")


@import_.command(
    "statuspage",
    epilog=examples(
        "statusgen import statuspage https://status.example.com",
        "statusgen import statuspage saved-api/   # a folder of saved api/v2 answers",
    ),
)
@click.argument("source")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a components.yaml the import did not write, and imported files edited since.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds to wait for each API answer.",
)
@click.pass_context
def import_statuspage(ctx: click.Context, source: str, force: bool, timeout: float) -> None:
    """Import a Statuspage page: SOURCE is its address or a folder of saved api/v2 answers.

    \b
    The folder may hold summary.json, components.json, incidents.json,
    scheduled-maintenances.json and one JSON file per incident. Nothing is
    written unless the whole import succeeds and the site passes check.
    """
    from statusgen.errors import StatusgenError
    from statusgen.importers.run import import_statuspage as run

    try:
        plan, result = run(site_or_new(ctx), source, force=force, timeout=timeout)
    except StatusgenError as error:
        exit_unwritten(error)
    report_import(plan, result)


@import_.command("cstate")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace a components.yaml the import did not write, and imported files edited since.",
)
@click.pass_context
def import_cstate(ctx: click.Context, folder: Path, force: bool) -> None:
    """Import a cState site: FOLDER holds its config.yml and content/issues/.

    \b
    Systems become components, categories groups, and each issue an incident whose
    timeline comes from its `track` shortcodes. Example:
      statusgen -C newsite import cstate ../old-status-site
    """
    from statusgen.errors import StatusgenError
    from statusgen.importers.run import import_cstate as run

    try:
        plan, result = run(site_or_new(ctx), folder, force=force)
    except StatusgenError as error:
        exit_unwritten(error)
    report_import(plan, result)


@import_.command("upptime")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--issues",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The repository's issues as a JSON list (e.g. from `gh issue list --json ...`).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a components.yaml the import did not write, and imported files edited since.",
)
@click.pass_context
def import_upptime(ctx: click.Context, folder: Path, issues: Path | None, force: bool) -> None:
    """Import an Upptime repository: FOLDER holds its .upptimerc.yml and history/.

    \b
    Each site becomes a component; the issues Upptime opened become incidents, their
    comments updates, and the issues labelled `maintenance` maintenance windows.
    Example:
      gh issue list -s all --limit 1000 \\
        --json number,title,body,state,createdAt,closedAt,labels,comments >issues.json
      statusgen -C newsite import upptime ../upptime-repo --issues issues.json
    """
    from statusgen.errors import StatusgenError
    from statusgen.importers.run import import_upptime as run

    try:
        plan, result = run(site_or_new(ctx), folder, issues=issues, force=force)
    except StatusgenError as error:
        exit_unwritten(error)
    report_import(plan, result)


def format_age(age: timedelta) -> str:
    """`3d 4h`, `2h 15m` or `12m`: how long ago something started, to the minute; `in 9h 0m`
    for something still to come (a scheduled maintenance)."""
    if age < timedelta(0):
        return "in " + format_age(-age)
    minutes = int(age.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


# Whether the process ends once the command is done (main), rather than going on to run
# others (a test's CliRunner, say).
_ENDS_AFTER_COMMAND = False


def main() -> NoReturn:
    """The `statusgen` command.

    It ends the process without the interpreter's teardown: a build of a large site
    leaves about a million objects (the model, its views, the record of every output),
    and freeing them one by one at exit cost 0.2 s of every run at 10,000 incidents.
    By then every file is written and closed; only the output streams are flushed here.
    For the same reason the garbage collector is off: its passes would only scan what
    lives until then (20-30 ms of a rebuild at 10,000 incidents). `serve`, which runs on,
    turns it back on."""
    global _ENDS_AFTER_COMMAND
    _ENDS_AFTER_COMMAND = True
    gc.disable()
    try:
        cli.main()
    except SystemExit as done:
        code = done.code
    else:  # pragma: no cover - click's standalone mode always ends in SystemExit
        code = 0
    # The command is done, and the process ends in a moment: Ctrl-C has nothing left to
    # stop, and taken now it would end in a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not isinstance(code, int):
        if code is not None:  # sys.exit("message"): said on stderr, exit status 1
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        # A profiler or coverage tool writes its report at the interpreter's exit.
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            code = code or 1
    os._exit(code)
