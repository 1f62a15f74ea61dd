"""Diagnostics: every user-facing problem, with where it is and how to fix it."""

from __future__ import annotations

import errno
import signal
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

# Everyday words for a status, impact, state or front matter key, which spelling cannot
# bring close to the name meant (`down` is nothing like `major_outage`, and `start` is
# closer to `status` than to `date`). Each word lists the names it may mean, in order; the
# first one among the words a hint chooses from is offered, so `ok` means operational for
# a component and resolved for an incident, and `start` means `date` for an incident and
# `scheduled_for` for a maintenance. Hints only: a file or option still needs the name
# itself, as Statuspage's API and the pages print it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("down", "offline", "broken", "unavailable"), ("major_outage",)),
    "slow": ("degraded_performance",),
    **dict.fromkeys(("up", "online", "fine", "working", "healthy"), ("operational",)),
    "ok": ("operational", "resolved", "completed"),
    "maintenance": ("under_maintenance",),
    **dict.fromkeys(("fixed", "closed", "done", "solved"), ("resolved", "completed")),
    "finished": ("completed", "resolved"),
    "running": ("in_progress",),
    # Open again: an incident is reopened by an update in `investigating` (docs/authoring.md),
    # never by resolving it, which `reopened` is closest to by its letters.
    **dict.fromkeys(
        (
            *("reopen", "reopened", "reopens", "reopening", "re_open", "re_opened"),
            *("open", "opened", "active", "ongoing"),
        ),
        ("investigating", "in_progress"),
    ),
    # A state to an update heading, a key to front matter (`started: 2026-11-20 14:05`).
    "started": ("in_progress", "date", "scheduled_for"),
    # An incident tracker's severity or priority (`--priority P1`), as the impact it means.
    **dict.fromkeys(("high", "sev2", "p2"), ("major",)),
    **dict.fromkeys(("low", "sev3", "p3", "medium", "warning"), ("minor",)),
    **dict.fromkeys(("severe", "sev1", "p1"), ("critical",)),
    **dict.fromkeys(("p4", "info"), ("none",)),
    # Front matter keys (docs/content.md): when an incident or a window starts and ends.
    **dict.fromkeys(
        (
            *("start", "starts", "start_at", "starts_at", "start_time", "started_at"),
            *("begin", "begins", "begin_at", "begins_at", "began", "began_at"),
            *("scheduled_at", "scheduled_start"),
        ),
        ("date", "scheduled_for"),
    ),
    # A maintenance's start and end, written as an incident's (which has them itself).
    "date": ("scheduled_for",),
    "resolved_at": ("scheduled_until",),
    **dict.fromkeys(
        ("end", "ends", "end_at", "ends_at", "end_time", "ended", "ended_at", "finished_at"),
        ("resolved_at", "scheduled_until"),
    ),
    **dict.fromkeys(("until", "scheduled_end", "scheduled_to"), ("scheduled_until",)),
    **dict.fromkeys(("severity", "sev"), ("impact",)),
}


def plain_name(word: str) -> str:
    """A word as SYNONYMS and the enums' values spell it: `In progress`, `in-progress` →
    `in_progress`."""
    return "_".join(word.lower().replace("-", " ").replace("_", " ").split())


def synonym(word: str, names: Iterable[str]) -> str | None:
    """The first of `names` that SYNONYMS says `word` may mean (`start` among a maintenance's
    keys: `scheduled_for`); None when it means none of them."""
    by_plain = {plain_name(name): name for name in names}
    return next((by_plain[n] for n in SYNONYMS.get(plain_name(word), ()) if n in by_plain), None)


def meant_name(word: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `word` stands for as the commands take it: the name itself
    in any case, with dashes or spaces (`Major outage`), a beginning of one name alone
    (`degraded`), or an everyday word for it (SYNONYMS: `down`, `P1`); None otherwise. For
    a hint offering a line, which must then be taken as it stands."""
    names = list(names)
    plain = plain_name(word)
    exact = [name for name in names if plain_name(name) == plain]
    begun = [name for name in names if plain and plain_name(name).startswith(plain)]
    if exact or len(begun) == 1:
        return (exact or begun)[0]
    return synonym(word, names)


def close_matches(
    word: str, known: Iterable[str], count: int = 1, cutoff: float = 0.6
) -> list[str]:
    """The known words closest to a mistyped one, closest first (at most `count`; none when
    nothing is close, by difflib's ratio `cutoff`): what every "did you mean" hint offers.
    Case does not count (`API` is as close to `api` as can be). A word in SYNONYMS offers
    the first name it may mean that is known, before the rest; then a word that begins
    exactly one known name (`degraded`, `major`: the commands take such a beginning for the
    whole name, and a file is told what it stands for); when nothing is close, what a typo
    of a word in SYNONYMS means (`hihg`: `major`)."""
    import difflib  # only a command that met a mistake pays for it

    names = list(known)
    if count <= 0 or not names:
        return []  # nothing to offer (no events yet); difflib refuses a count of 0
    meant = [name for name in (synonym(word, names),) if name is not None]
    begun = [name for name in names if name.casefold().startswith(word.casefold())]
    if len(word) >= 3 and len(begun) == 1 and begun[0] not in meant:
        meant.append(begun[0])
    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(name.casefold(), []).append(name)
    close = difflib.get_close_matches(word.casefold(), folded, n=count, cutoff=cutoff)
    found = [name for form in close for name in folded[form]]
    if not meant and not found:
        # A typo of an everyday word (`hihg` for `high`) means what the word means; only
        # when no name is close, and by a stricter cutoff, as the word is one step further.
        # A slip as near to words of different names (`sev4`: sev1, sev2, sev3) offers none.
        typed = plain_name(word)
        scores: dict[str, float] = {}
        for known_word in SYNONYMS:
            means = synonym(known_word, names)
            score = difflib.SequenceMatcher(None, typed, known_word).ratio()
            if means is not None and score >= max(cutoff, 0.75):
                scores[means] = max(score, scores.get(means, 0.0))
        best = sorted(scores.items(), key=lambda item: -item[1])[:2]
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            found = [best[0][0]]
    return (meant + [name for name in found if name not in meant])[:count]


def equally_close(word: str, close: list[str]) -> list[str]:
    """The first of `close` (close_matches' answer for `word`) and each after it exactly
    as close to `word`: a hint naming one of two equally likely names guesses (`api`:
    eu-api, us-api)."""
    import difflib

    def ratio(name: str) -> float:
        return difflib.SequenceMatcher(None, word.casefold(), name.casefold()).ratio()

    return [name for name in close if ratio(name) == ratio(close[0])] if close else []


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    # Worth knowing, nothing to fix: a draft that `build` leaves out.
    NOTICE = "notice"


# The path a diagnostic names for what was read from standard input (`ingest SOURCE -`):
# an input the user gave, like a file, so the summary counts it as one.
STDIN = "<stdin>"
# The path a diagnostic names for the command's own output (standard output), which the
# file system or the reader refused: no file of the site's, and none the user named.
STDOUT = "<stdout>"
# The path a diagnostic names for the title typed to `new incident` and `new maintenance`,
# as their usage names the argument: what the user typed, and no file of any kind.
TITLE_ARGUMENT = "TITLE"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place. `line` and `column` are 1-based; 0 means "whole file"."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # How many problems it tells of: one past a screenful ("and 10 more problems like
    # these") stands for all it leaves out, and the summary counts them.
    problems: int = 1
    # The files and folders of the site (relative to it, as `path` is) that the message or
    # hint names: report.relative_to_cwd names them from the current folder as it names `path`,
    # so a warning never names its two files from two different folders.
    also: tuple[str, ...] = ()

    def location(self) -> str:
        """`path:line:column`, leaving out the parts that are unknown."""
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class StatusgenError(Exception):
    """A user mistake (never a bug): carries the diagnostics to report, exits with status 1."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def fail(path: str, message: str, hint: str = "", line: int = 0, column: int = 0) -> StatusgenError:
    """A StatusgenError holding a single diagnostic, ready to raise."""
    return StatusgenError([Diagnostic(path, line, column, message, hint)])


class OutputLost(Exception):
    """The command's output could not be written (a full disk, a reader that went away):
    `error`, the OSError the stream raised. Not an OSError itself: a command may catch
    those of its own files, never this one."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        super().__init__(str(error))


def cannot_write_output(error: OSError, then: str = "") -> StatusgenError:
    """The diagnostic for output the file system refused (`statusgen status > /dev/full`),
    worded as every other write a file system refuses (cannot_write), `then` said after
    it (what was done all the same)."""
    return cannot_write(
        STDOUT,
        "the output",
        error,
        again="run the command again",
        elsewhere="send it to a file, or to /dev/null to drop it"
        if error.errno == errno.EBADF
        else "send the output to a file on a writable disk",
        then=then,
        # Standard output goes where the caller sends it: a device always full (/dev/full)
        # refuses every run alike, and freeing space would not help.
        hint=_OUTPUT_HINTS.get(error.errno or 0, ""),
    )


# What to do when standard output's own destination refused the write, by errno: where it
# goes, not the disk statusgen writes the site to, is what to change.
_OUTPUT_HINTS = dict.fromkeys(
    (errno.ENOSPC, errno.EDQUOT),
    "standard output goes to a full disk or device (`> /dev/full`): send it to a file on a "
    "disk with free space, or to /dev/null to drop it",
)


class PartlyWritten(StatusgenError):
    """A file could not be written after others were: those stay, and the command says so
    rather than that nothing was written."""


# What to do about a write the file system refused, by errno; the rest share a general
# hint. `{again}` says how to try again ("build again"), `{elsewhere}` where else to write.
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and {again}",
    errno.EDQUOT: "the disk quota is used up: free some space and {again}",
    errno.EFBIG: "the file is larger than the file-size limit (ulimit -f) allows: raise it "
    "and {again}",
    errno.EROFS: "the file system is read-only: {elsewhere}",
    errno.EACCES: "statusgen may not write there: fix the permissions or {elsewhere}",
    errno.EPERM: "statusgen may not write there: fix the permissions or {elsewhere}",
    # A standard output closed by the caller (`>&-` in a cron line), or opened for reading.
    errno.EBADF: "it is closed (`>&-`) or open for reading only: {elsewhere}",
}


def cannot_write(
    path: str,
    what: str,
    error: OSError,
    *,
    again: str,
    elsewhere: str,
    then: str = "",
    hint: str = "",
) -> StatusgenError:
    """The diagnostic for a write the file system refused (full, read-only, ...): `cannot
    write {what}: {reason}` on `path`, `then` said after it (what was left as it was), and
    the hint for that reason (`hint`, when given, instead). Every command that writes says
    it this way."""
    reason = error.strerror or str(error)
    message = f"cannot write {what}: {reason}" + (f"; {then}" if then else "")
    told = hint or write_hint(error.errno, again=again, elsewhere=elsewhere)
    return fail(path, message, told or f"fix the problem and {again}")


def write_hint(number: int | None, *, again: str, elsewhere: str) -> str | None:
    """What to do about a write the file system refused with the error `number` (full,
    read-only, ...), `{again}` and `{elsewhere}` of _WRITE_HINTS filled in; None for a
    cause without a hint of its own."""
    hint = _WRITE_HINTS.get(number or 0)
    return None if hint is None else hint.format(again=again, elsewhere=elsewhere)


def cache_write_hint(number: int | None, *, key: bool = False) -> str:
    """What a build says after `cannot write <cache file>: <reason>; ` (error `number`,
    None: no error of the system's, a file in the cache folder's place): no build is
    incremental until the file can be written, and what to do about it. `key`: the file
    is the cache key, which lives in the user's cache folder, not the site's."""
    hint = write_hint(
        number,
        # A full disk needs no fix of the cache: the build after room is made writes it.
        again="the next build writes it",
        # A copy of the site still looks for the key in the same place (seal.key_path).
        elsewhere="set XDG_CACHE_HOME (or HOME) to a writable folder"
        if key
        else "build a copy of the site on a writable disk",
    )
    if hint is None and key:
        # The path is where XDG_CACHE_HOME or HOME points, which may be any file of the
        # user's (a file there, /proc/self): not one to delete for statusgen.
        hint = "set XDG_CACHE_HOME (or HOME) to a writable folder"
    if hint is None:
        # What stands in the way is the file itself (a file where the cache folder goes, a
        # folder where a file goes, a link that loops): permissions have their own hint.
        return "builds will not be incremental until you delete it (the next build makes it anew)"
    return f"builds will not be incremental until it can be written ({hint})"


# How a `--commit` command ends when it wrote its files but git did not commit them all: 1
# says nothing was written, and a script must tell the two apart.
NOT_COMMITTED_STATUS = 3

# How a command ends whose reader went away before it was done (`statusgen incidents |
# head -1`): the status the shell gives a command SIGPIPE ends, 128 + 13, whatever the
# form of the output. Not 1, which says the content has problems, and not 0: the command
# did not finish, and `check | head` must not pass a site it never finished checking.
CLOSED_PIPE_STATUS = 141

# How a command stopped by Ctrl-C (SIGINT) ends: the shell's own status for it, 128 + 2.
INTERRUPTED_STATUS = 130
INTERRUPTED = "Interrupted."


# Said after INTERRUPTED by a build stopped once its new site was in place (while it
# deleted the previous site, or as it finished moving changed files in): a user who reads
# only "Interrupted." would build again.
NEW_SITE_IN_PLACE = "The new site is in place"
PREVIOUS_LEFT = "the next build removes what is left of the previous one"
# Said after those when the build was stopped before it recorded what it wrote (the record
# is saved after the site is in place): a next build taking 40 s instead of 0.5 s would
# otherwise look like a fault.
UNRECORDED = (
    "The next build renders the whole site again: this one stopped before saving its record."
)


class NewSiteInPlace(KeyboardInterrupt):
    """Ctrl-C taken after a build put its new site in place: the output folder holds the
    whole new site. With `previous_left`, taken while it deleted the previous one (swapped
    out whole), what is left of which is beside the output for the next build to clear.
    With `unrecorded`, the build keeps records (not --no-cache) and saved none of this site,
    so the next one renders it all again."""

    def __init__(self, previous_left: bool = True, unrecorded: bool = False) -> None:
        super().__init__()
        self.previous_left = previous_left
        self.unrecorded = unrecorded


class PagesInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build of several pages (`pages:`) after one of them was in place:
    the pages `built` are new, those `not_built` still show their previous build, and
    with `previous_left` what is left of the last built page's previous site is beside it."""

    def __init__(
        self, built: tuple[str, ...], not_built: tuple[str, ...], previous_left: bool
    ) -> None:
        super().__init__()
        self.built, self.not_built, self.previous_left = built, not_built, previous_left


class FixInterrupted(KeyboardInterrupt):
    """Ctrl-C during `check --fix` after it wrote `files` files (each named as it was
    written): those stay fixed, and running it again fixes the rest."""

    def __init__(self, files: int) -> None:
        super().__init__()
        self.files = files


def _pages(names: tuple[str, ...]) -> str:
    """`names` as a sentence names them: page 'a', pages 'a' and 'b', pages 'a', 'b' and 'c'."""
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return f"page {quoted[0]}"
    return f"pages {', '.join(quoted[:-1])} and {quoted[-1]}"


def _pages_interrupted(stopped: PagesInterrupted) -> str:
    """What a build of several pages stopped by Ctrl-C says after INTERRUPTED: which pages
    are new and which are not. A user told only that "the new site is in place" would
    not build again, and a page not built would show the status of the build before."""
    built = stopped.built
    one = len(built) == 1
    line = f"The new site{'' if one else 's'} of {_pages(built)} {'is' if one else 'are'} in place"
    if stopped.previous_left:
        line += f" ({PREVIOUS_LEFT})"
    if not stopped.not_built:
        return f"{line}."
    them = "it" if len(stopped.not_built) == 1 else "them"
    return (
        f"{line}; {_pages(stopped.not_built)} {'was' if them == 'it' else 'were'} not built "
        f"and still show{'s' if them == 'it' else ''} the previous build: build again to "
        f"update {them}."
    )


def interrupted_line(
    on_terminal: bool, stopped: BaseException | None = None, signum: int = signal.SIGINT
) -> str:
    """What a command stopped by Ctrl-C (`stopped`, the KeyboardInterrupt) says, or by
    another `signum` taken as Ctrl-C is (SIGTERM: `Stopped by SIGTERM.`). On a terminal,
    Ctrl-C's starts a line of its own: the terminal has echoed `^C` on the current one."""
    first = INTERRUPTED if signum == signal.SIGINT else f"Stopped by {signal.Signals(signum).name}."
    line = first
    if isinstance(stopped, PagesInterrupted):
        line = f"{first} {_pages_interrupted(stopped)}"
    elif isinstance(stopped, NewSiteInPlace):
        left = f"; {PREVIOUS_LEFT}" if stopped.previous_left else ""
        line = f"{first} {NEW_SITE_IN_PLACE}{left}."
        if stopped.unrecorded:
            line += f" {UNRECORDED}"
    elif isinstance(stopped, FixInterrupted):
        # A user told only "Interrupted." would not know the site is part fixed.
        files = f"{stopped.files} file{'' if stopped.files == 1 else 's'}"
        line = (
            f"{first} {files} fixed, named above; run `statusgen check --fix` again "
            "to fix the rest."
        )
    return f"\n{line}" if on_terminal and signum == signal.SIGINT else line
