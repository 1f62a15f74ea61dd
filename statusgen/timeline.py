"""The timeline format: update headings in an incident's Markdown body, and how times are written.

Canonical heading (what the CLI writes): `## Investigating at 2026-11-20 14:05 +01:00`; the
offset (` +01:00`, ` Z`, ` UTC`) may be left out when typing by hand. Times without an offset
are read in the site's input zone (`input_timezone`, else `timezone`). This module reads the
accepted variants, refuses anything ambiguous, and finds the times that lack an offset.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from statusgen.clock import in_supported_years
from statusgen.errors import close_matches, meant_name, plain_name, synonym
from statusgen.load.comments import without_comments
from statusgen.load.definitions import unused_text_definitions, without_unused_definitions
from statusgen.load.fences import COMMENT_OPEN, CodeFences, blank_code
from statusgen.load.text import blank, name_character, odd_space
from statusgen.load.yamlnodes import EVERY_KEY, comment_lines, scalar_places
from statusgen.model import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    ComponentStatus,
    IncidentState,
    MaintenanceState,
    UpdateState,
)

TIME_FORM = "YYYY-MM-DD HH:MM"
# What an example time leaves for its author to fill in ("2026-12-05 HH:MM", "+HH:MM").
_PLACE = "HH:MM"
_EXAMPLE_TIME = "2026-11-20 14:05"

# The names a time may give UTC by, in any case, for its offset: each means +00:00 wherever
# and whenever it is read, which no other zone's name does (GMT is no "London time").
UTC_NAMES = ("Z", "UTC", "GMT")
# An offset as a time may give it: a name of UTC, or +01:00, +0100, +01; and with seconds,
# -00:44:30, as zones had them before about 1972 (Africa/Monrovia; any zone's local mean
# time): the authoring commands write such an offset, so files must read it back.
OFFSET = rf"(?i:{'|'.join(UTC_NAMES)})|[+-]\d{{2}}(?::\d{{2}}(?::\d{{2}})?|\d{{2}})?"

_TIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[Tt]|[ \t]+)"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<frac>\d{1,6})\d*)?)?"
    rf"[ \t]*(?P<off>{OFFSET})?"
)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# 14:30, 14:30:15, 2:30pm, 2:30:15pm, 2pm, 2 a.m.: a bare number is a time only with am/pm
# after it, and seconds come only after minutes, as in a date and time. The command line
# reads times of day so; a file's time written so is offered back as YYYY-MM-DD HH:MM.
CLOCK = r"(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*([ap])?(?:\.?m\.?)?"
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# A date and time as status pages and people write them in English: "Mar 2, 2026 - 15:12
# UTC" (Statuspage's history), "Monday, March 2nd 2026 at 3pm", "2 March 2026 15:12",
# "2026-03-05 3pm". Not read as a time (one form per file); offered back as one.
_SPELLED = re.compile(
    r"(?:[A-Za-z]+\.?,?[ \t]+)??"  # a weekday
    r"(?:(?P<mon>[A-Za-z]{3,9})\.?[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?[ \t]+(?P<mon2>[A-Za-z]{3,9})\.?,?[ \t]+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:[ \t]*(?:[-\u2013\u2014,@]|(?i:at))[ \t]*|[ \t]+)"
    rf"(?P<clock>{CLOCK})"
    rf"(?:[ \t]*(?P<off>{OFFSET}))?",
    re.IGNORECASE,
)
_SLASHED = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
# A time whose hours and minutes a '.' splits, as written in much of Europe: 11.00.
_DOTTED_CLOCK = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ \t]+(?P<h>\d{1,2})\.(?P<mi>[0-5]\d)(?P<rest>(?:[ \t].*)?)"
)
_SHORT_YEAR = re.compile(r"\d{2}-\d{1,2}-\d{1,2}\b")
_CLOCK_ONLY = re.compile(r"\d{1,2}:\d{2}\b")
_CLOCK_THEN_DATE = re.compile(
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)[ \t,]+(?:(?i:on)[ \t]+)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})(?P<rest>.*)"
)

# " at " in any case, like the state: "## Resolved At 14:12" is no typo worth an error.
_SEPARATOR = r"(?:[ \t]+(?i:at)[ \t]+|[ \t]+-[ \t]+|[ \t]*[—–|,][ \t]*|:[ \t]*)"
_STATE_FIRST = re.compile(
    rf"(?P<state>[A-Za-z][A-Za-z_-]*(?:[ \t]+[A-Za-z][A-Za-z_-]*)*?){_SEPARATOR}(?P<time>\S.*)"
)
_TIME_FIRST = re.compile(
    r"(?P<time>\d.*?)(?:[ \t]+(?i:at)[ \t]+|[ \t]+-[ \t]+|[ \t]*[—–|,][ \t]*|:[ \t]+)"
    r"(?P<state>[A-Za-z][A-Za-z_ \t-]*?)"
)
# The state and the time with a space between them, or a sign no heading separates them
# with ("Identified @ 2026-12-05 09:30"): what an author meant ' at ' for.
_SPACED = re.compile(
    r"(?P<state>[A-Za-z][A-Za-z_ \t-]*?)(?:[ \t]+|[ \t]*[^\w\s]+[ \t]*)(?P<time>\d.*)"
)
_WORDS = re.compile(r"(?P<state>[A-Za-z][A-Za-z_ \t-]*?)(?:[ \t]+(?i:at)|[ \t]*[-—–|:,])?")

_HEADING = re.compile(r" {0,3}##(?!#)(?:[ \t]+(?P<text>.*?))?[ \t]*")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
# The line under text that makes it a heading in Markdown (a "setext" heading); the
# Markdown library takes it only unindented.
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")
# Any line starting with '#', however indented and spaced: what stray_headings looks at for
# an update written not quite right ('#', '###', no space or an odd one after '##'). The
# indent is anything up to the first '#' and _hashed keeps it only when blank: `re` has no
# class for format characters (a byte-order mark, a zero-width space), which `\s` leaves
# out, and one pasted before '##' shows nothing yet keeps the line from being a heading.
_HASHED = re.compile(r"(?P<indent>[^#]*?)(?P<hashes>#+)(?P<gap>\s*)(?P<text>.*?)\s*")
# The ':' of a time's clock ("11:00"): a state word holds no digit, so the first one.
_CLOCK_COLON = re.compile(r"(?<=\d):(?=\d)")

INCIDENT_STATES: dict[str, IncidentState] = {s.value: s for s in IncidentState}
MAINTENANCE_STATES: dict[str, MaintenanceState] = {
    s.value.replace("_", " "): s for s in MaintenanceState
}
# The first word of each state ("in" of "in progress"): what a heading's text starts with.
_STATE_WORDS = frozenset(state.split()[0] for state in (*INCIDENT_STATES, *MAINTENANCE_STATES))
_FIRST_WORD = re.compile(r"[A-Za-z]+")


# What other tools call a window that will not happen (Statuspage's API says
# `cancelled`). It has no state of its own here: it is written as a `Completed` update
# before the window's start (docs/content.md), so an author who reaches for one of these
# words is told that, not only the list of states.
CALLED_OFF_WORDS = frozenset({"cancelled", "canceled", "cancel", "cancellation", "called off"})


def call_off_hint(slug: str, *, heading: bool = False, when: str = "", note: str = "") -> str:
    """How a window is called off, as docs/content.md describes it, for the hint to a
    state written that statusgen lacks. For a `heading` (`when`: the time it means as a
    heading reads it, with its `note`, `_time_meant`), `resolve` refuses while that line
    is in the file: it is replaced, or removed before `resolve` is run."""
    if not heading:
        return (
            f"to call the window off, run `statusgen resolve {slug}` before its start, or "
            "write an update '## Completed at <time>' dated before its start, followed by why"
        )
    return (
        f"to call the window off, write an update '## Completed at {when or '<time>'}' "
        f"dated before its start in place of this line{f' ({note})' if note else ''}, "
        f"or remove this line and then run `statusgen resolve {slug}` before its start"
    )


class TimelineError(ValueError):
    """A time or heading that cannot be read; `hint` says how to write it."""

    def __init__(
        self,
        message: str,
        hint: str,
        example: str = "",
        note: str = "",
        state: UpdateState | None = None,
        moments: tuple[datetime, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.example = example  # the time written the way it would be accepted, when known
        self.note = note
        self.state = state  # a heading's state, when only its time could not be read
        # The moments a time without an offset may mean (a daylight-saving change skips or
        # repeats it), each offset's, the one the hint offers first first.
        self.moments = moments


@dataclass(frozen=True)
class RawUpdate:
    """A level-2 heading in the body, not yet interpreted, with the Markdown under it."""

    line: int
    heading: str  # the text after "## "
    message: str
    message_line: int = 0  # file line of the message's first line; 0 when it is empty
    # The file line of each line of `message`, which leaves out lines a comment hides whole
    # where a blank line would end a list item or split a paragraph.
    message_lines: tuple[int, ...] = ()


def split_body(body: str, body_line: int) -> tuple[str, list[RawUpdate]]:
    """Return the summary (text before the first `## ` heading) and each heading's section.

    `body_line` is the file line the body starts on, so heading lines point into the file.
    Headings inside fenced code blocks are message text, not updates; HTML comments are
    left out, whatever they hold, and so is a line one hides whole in a list item or a
    paragraph, whose text a blank line would cut in two; a link reference definition no
    link uses (`[//]: # (note)`) is left out as well.
    """
    summary, updates = read_body(body, body_line)
    return summary.message, updates


def read_body(body: str, body_line: int) -> tuple[RawUpdate, list[RawUpdate]]:
    """split_body, with the summary as a section without a heading (its `line` is the
    body's first), so that its lines too point into the file."""
    updates = []
    for number, text, lines, at in _sections(body, body_line):
        # Markdown's comments, as its HTML comments: what the page never shows is
        # published nowhere.
        lines, at = without_unused_definitions(lines, at)
        start, end = _kept(lines)
        message = "\n".join(lines[start:end])
        updates.append(
            RawUpdate(number, text, message, at[start] if start < end else 0, tuple(at[start:end]))
        )
    return updates[0], updates[1:]


def vanishing_definitions(body: str, body_line: int) -> list[tuple[int, str]]:
    """The file line and text of each line of `body` that reads as a link definition no
    link of its update uses, which every output leaves out; not the comment idiom's."""
    if "]:" not in body:  # nearly every file
        return []
    found: list[tuple[int, str]] = []
    for _, _, lines, at in _sections(body, body_line):
        found.extend((at[index], lines[index].strip()) for index in unused_text_definitions(lines))
    return found


def _sections(body: str, body_line: int) -> list[tuple[int, str, list[str], list[int]]]:
    """The summary and each update of `body`: its heading's line and text, and its
    lines, each beside its file line."""
    summary: list[str] = []
    sections: list[tuple[int, str, list[str], list[int]]] = [(body_line, "", summary, [])]
    # Each kept line's file line beside it: a list of ints, not a pair per line (this runs
    # for every line of every file a first build parses).
    current, numbers = summary, sections[0][3]
    for index, line, code in _lines(body):
        heading = None if code else _HEADING.fullmatch(line)
        if heading:
            text = _CLOSING_HASHES.sub("", heading["text"] or "").strip()
            current, numbers = [], []
            sections.append((body_line + index, text, current, numbers))
            continue
        current.append(line)
        numbers.append(body_line + index)
    return sections


def _lines(body: str) -> Iterator[tuple[int, str, bool]]:
    """Each line of the body, without its HTML comments, with its index and whether it
    lies in a fenced code block; a line a comment hides whole in a list item or a
    paragraph is left out (the message text without it, as if never written): the one
    walk split_body and stray_headings share, so they agree on what is code and what is
    hidden."""
    if COMMENT_OPEN not in body:  # looked at first: it runs for every update of every file
        if "```" not in body and "~~~" not in body:
            # Nearly every body: no line is code, without following its lists to know.
            for index, line in enumerate(body.split("\n")):
                yield index, line, False
            return
        fences = CodeFences()
        for index, line in enumerate(body.split("\n")):
            yield index, line, fences.inside(line)
        return
    uncommented = without_comments(body)
    dropped = frozenset(uncommented.dropped)
    fences = CodeFences()
    for index, line in enumerate(uncommented.text.split("\n")):
        if index + 1 not in dropped:
            yield index, line, fences.inside(line)


@dataclass(frozen=True)
class UnclosedFence:
    """A code fence the body opens and never closes: the rest of the file is its code,
    so an update added after it would be read as code, not as an update."""

    line: int  # the file line of the opening fence
    fence: str  # the line that closes it: '```', '~~~~'


def unclosed_fence(body: str, body_line: int) -> UnclosedFence | None:
    """The code fence left open at the end of `body` (which starts on file line
    `body_line`), read as split_body reads fences; None when every fence is closed."""
    if "```" not in body and "~~~" not in body:
        return None  # nearly every body, without a look at each line
    fences = CodeFences()
    opened = 0
    # A fence in an HTML comment is hidden with it: it opens nothing.
    for index, line in enumerate(without_comments(body).text.split("\n")):
        was_open = fences.open
        if fences.inside(line) and not was_open:
            opened = index
    return UnclosedFence(body_line + opened, fences.open) if fences.open else None


@dataclass(frozen=True)
class StrayHeading:
    """A line that reads as an update (a state and a time) but is not written as one, so
    split_body left it in a message: its update would be lost without a word."""

    line: int
    text: str  # the line as written, without its indent
    problem: str  # what keeps it from being read as an update
    expected: str  # the line as an update heading: '## Identified at 2026-12-04 10:20'
    # What makes it no update heading: "hashed" ('#' written not quite right), "unseen"
    # (a character that shows nothing before its '#'), "underlined" (a heading by the line
    # of '-' or '=' under it), "bare" (no '#' at all).
    kind: str = "hashed"


def stray_headings(body: str, body_line: int) -> list[StrayHeading]:
    """The lines outside code fences that name a state and a time after '#' but are not
    update headings: one '#' or three, no space after '##', a space that only looks like
    one, an indent of four or more; those with a line of '-' or '=' under them (a
    heading to Markdown); and a whole line that is a heading's text without its '## '. A
    heading that names no state ("# Root cause", "### What we did") stays message text, as
    does a sentence that only mentions a state, and anything in a code fence."""
    found: list[StrayHeading] = []
    above = (0, "", True)  # the line before: index, text, in a code fence
    for index, line, code in _lines(body):
        previous, above = above, (index, line, code)
        if not code and _UNDERLINE.fullmatch(line):
            underlined = _underlined(*previous, line)
            if underlined is not None:
                if found and found[-1].line == body_line + underlined.line:
                    found.pop()  # the line above, reported as bare: one report, the fuller
                found.append(replace(underlined, line=body_line + underlined.line))
            continue
        if code or _HEADING.fullmatch(line):
            continue
        match = _hashed(line)
        if match is None:
            bare = _bare(line)
            if bare is not None:
                found.append(replace(bare, line=body_line + index))
            continue
        update = _as_update(match["text"])
        if update is None:
            continue
        indent, hashes, gap = match["indent"], match["hashes"], match["gap"]
        unseen = [char for char in indent if unicodedata.category(char) == "Cf"]
        kind = "unseen" if unseen else "hashed"
        if unseen:
            # Named first: a space before it, or one '#' too many, are fixed with it.
            problem = (
                f"before '{hashes}' comes {odd_space(unseen[0])}, which shows nothing: delete it"
            )
        elif indent.strip(" ") or len(indent) > 3:
            odd = odd_space(indent) or f"{len(indent)} spaces"
            problem = f"it is indented with {odd}"
        elif hashes != "##":
            problem = f"it starts with '{hashes}', not '##'"
        else:
            odd = odd_space(gap + match["text"][:1])
            problem = f"after '##' comes {odd}, not a plain space" if odd else "no space after '##'"
        expected = f"## {update[0]} at {update[1]}"
        found.append(StrayHeading(body_line + index, line.strip(), problem, expected, kind))
    return found


def _hashed(line: str) -> re.Match[str] | None:
    """`line` read by _HASHED when nothing but spaces and characters that show nothing
    come before its first '#'; else None (text with a '#' in it, "see #12")."""
    if "#" not in line:
        return None  # nearly every line, without the regex's walk to its end
    match = _HASHED.fullmatch(line)
    return match if match is not None and blank(match["indent"]) else None


def _underlined(index: int, text: str, code: bool, underline: str) -> StrayHeading | None:
    """The line `text` (at `index` of the body) as a stray heading when it names an update
    and the line under it, `underline`, makes it a heading; else None."""
    indent = len(text) - len(text.lstrip(" "))
    if code or indent > 3 or text.lstrip(" ").startswith(("#", "\t")):
        return None  # code, or a line starting with '#' (stray_headings reads it as such)
    update = _as_update(text)
    if update is None:
        return None
    rule = underline.strip()
    problem = f"the '{rule}' under it makes it a heading of the message"
    expected = f"## {update[0]} at {update[1]}"
    return StrayHeading(index, text.strip(), problem, expected, "underlined")


def _bare(line: str) -> StrayHeading | None:
    """`line` as a stray heading when the whole of it is an update heading's text, '## '
    left out, state first ("Resolved at 2026-12-04 11:00"), its time complete; else None.
    A sentence that names a state ("Investigating at the moment", "We resolved it at
    10:00") is text."""
    indent = len(line) - len(line.lstrip(" "))
    word = _FIRST_WORD.match(line, indent)
    if indent > 3 or word is None or word[0].lower() not in _STATE_WORDS:
        # Nearly every line of a message, at a glance; an indented code block; or a line
        # that starts with its time, as the lines of a timeline written out in a message
        # do ("2026-12-04 10:20 - Identified").
        return None
    update = _as_update(line.strip())
    if update is None or not _TIME.fullmatch(update[1]):
        return None  # a date alone is no heading's time: too likely a sentence's
    expected = f"## {update[0]} at {update[1]}"
    return StrayHeading(0, line.strip(), "it has no '## ' in front", expected, "bare")


def commented_headings(yaml_text: str, yaml_line: int) -> list[StrayHeading]:
    """The comment lines of front matter (`yaml_text`, from file line `yaml_line`) that
    read as an update heading ('## Investigating at 2026-12-03 16:01', '##' or more):
    typed above the closing '---', YAML skips them and the update is lost. A comment of
    one '#' is how YAML comments are written, and stays one."""
    found: list[StrayHeading] = []
    if "##" not in yaml_text:
        return found  # nearly every front matter, without a look at each line
    for index, line in enumerate(yaml_text.split("\n")):
        match = _hashed(line)
        update = _as_update(match["text"]) if match and len(match["hashes"]) > 1 else None
        if update is not None:
            expected = f"## {update[0]} at {update[1]}"
            problem = "it is inside the front matter"
            found.append(StrayHeading(index, line.strip(), problem, expected, "front matter"))
    comments = comment_lines(yaml_text, [heading.line for heading in found])
    return [replace(h, line=yaml_line + h.line) for h in found if h.line in comments]


# A front matter key and its value, as a line of YAML starts one (`draft: true`), or as
# one is easily typed wrong (`Draft: true`, `draft : true`, `draft:true`).
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_]+)(?P<space>[ \t]*):(?P<value>.*)")
# Two words of prose: a value like that, after a key typed some other way than YAML's, is a
# sentence that starts with a word and a colon ("Impact: payments take 30 seconds").
_PROSE = re.compile(r"[^\W\d_]+\s+[^\W\d_]+")


def slipped_keys(body: str, body_line: int, keys: Collection[str]) -> list[tuple[int, str]]:
    """The lines right below the closing '---' (the body's first, from file line
    `body_line`, blank lines above or between them too) that set one of `keys` (those the
    front matter does not set already), each as (file line, key): typed too low, they are
    summary text the page shows, and the front matter never reads them. The indented lines
    of such a key's value are its own; any other text (a key the front matter sets too)
    ends the look."""
    found: list[tuple[int, str]] = []
    if ":" not in body.lstrip().split("\n", 1)[0]:
        return found  # nearly every body: no key on its first line of text
    for index, line in enumerate(body.split("\n")):
        key = _slipped_key(line, keys)
        if key is not None:
            found.append((body_line + index, key))
        elif line.strip() and not (found and line[:1] in (" ", "\t", "-")):
            break
    return found


def _slipped_key(line: str, keys: Collection[str]) -> str | None:
    """The key of `keys` that `line` sets, as YAML writes it or with another case or spacing
    (then only with a value that is no prose); else None."""
    match = _KEY_LINE.match(line)
    if match is None or match["key"].lower() not in keys:
        return None
    value = match["value"]
    exact = match["key"] in keys and not match["space"] and value[:1] in ("", " ", "\t")
    if not exact and _PROSE.search(value.split("#", 1)[0]) and value.strip()[:1] not in "[{":
        return None
    return match["key"].lower()


def escape_stray_headings(text: str) -> str:
    """`text` (a message) with each stray heading's first '#' escaped (for one without
    '#', the ':' of its time, and the first character of a line under it that made it a
    heading): Markdown shows the lines as written, and the timeline reads them as text,
    not as a mistake. For words that come from elsewhere (an alert, an import), which
    must never break a build."""
    lines = text.split("\n")
    for stray in stray_headings(text, 0):
        if stray.kind == "bare" and starts_paragraph(lines, stray.line):
            # As a paragraph's start, a space written as a reference (shown as nothing)
            # keeps it text: formatters (mdformat) keep it, and drop a `\:` as not needed.
            line = lines[stray.line]
            indent = len(line) - len(line.lstrip(" "))
            lines[stray.line] = f"{line[:indent]}{TEXT_START}{line[indent:]}"
        elif stray.kind in ("underlined", "bare"):
            # `\:` in its clock (shown as ':') leaves it no time a heading could have.
            lines[stray.line] = _CLOCK_COLON.sub(r"\\:", lines[stray.line], count=1)
        if stray.kind == "underlined":
            # And the line under it stays text, not the line that makes it a heading.
            under = lines[stray.line + 1]
            start = len(under) - len(under.lstrip(" "))
            lines[stray.line + 1] = f"{under[:start]}\\{under[start:]}"
        elif stray.kind in ("hashed", "unseen"):
            lines[stray.line] = lines[stray.line].replace("#", "\\#", 1)
    return "\n".join(lines)


def _as_update(text: str) -> tuple[str, str] | None:
    """(state label, time as written) when a heading's text names an update's state and a
    full time, in any of the accepted forms; else None (it is a heading of a message)."""
    words = _plain(_CLOSING_HASHES.sub("", text))  # any space, an odd one too
    match = _STATE_FIRST.fullmatch(words) or _TIME_FIRST.fullmatch(words)
    if match is None:
        return None
    word = " ".join(match["state"].replace("_", " ").replace("-", " ").lower().split())
    state: UpdateState | None = INCIDENT_STATES.get(word) or MAINTENANCE_STATES.get(word)
    time = match["time"].strip()
    if state is None or not (_TIME.fullmatch(time) or _DATE_ONLY.fullmatch(time)):
        return None
    return state.label, time


def _plain(text: str) -> str:
    """`text` with each run of spaces of any kind made one plain space, and characters that
    show nothing (a zero-width space) left out."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


# Emphasis Markdown reads: bold, italics, or both at once in either order (`***`, `**_`,
# `_**`), longest first. What opens it closes it mirrored (`**_` ... `_**`).
_EMPHASIS = r"\*\*\*|___|\*\*_|__\*|_\*\*|\*__|\*\*|__|\*|_"

# `Components: api=major_outage, checkout=partial_outage` as the first line under a heading.
# Without an "=" the line is message text, as it always was.
_COMPONENTS_LINE = re.compile(r"[ \t]*components?[ \t]*:(?P<items>[^\n]*=[^\n]*)", re.IGNORECASE)
# The same line typed not quite right, as component_line_slip tells: around its key a space
# that only looks like one or a character that shows nothing (French typing puts a no-break
# space before a colon), a full-width colon or '=' (a Japanese input method's), the key or
# the whole line in bold, italics or both. Read as meant and refused, rather than taken for
# text: the changes it sets would be lost.
_LOOSE_COMPONENTS_LINE = re.compile(
    rf"(?P<lead>[^\w*:\uff1a]*)(?P<open>{_EMPHASIS})?(?P<key>components?)"
    rf"(?P<gap>[^\w*:\uff1a]*)(?P<shut>{_EMPHASIS})?(?P<space>[^\w*:\uff1a]*)"
    rf"(?P<colon>[:\uff1a])(?P<close>{_EMPHASIS})?(?P<items>[^\n]*[=\uff1d][^\n]*)",
    re.IGNORECASE,
)
_FULLWIDTH_COLON = "\uff1a"
_FULLWIDTH_EQUALS = "\uff1d"
# The commas Chinese and Japanese typing puts between items: a full-width one, the
# ideographic one ('、') and a full-width semicolon. Read as ',', as '＝' is as '=':
# changes they part are no text.
_WIDE_COMMAS = "\uff0c\u3001\uff1b"
# What else an author puts between changes for a comma: a semicolon, as between the names
# of a list typed as one value (load/fields.py, _LIST_SEPARATORS). Read as ',' too: as part of
# a status (`major_outage; website=…`) it would cost the line its next change.
_COMMAS_FOR_COMMA = _WIDE_COMMAS + ";"
# The rest of the full-width forms of ASCII (`ａｐｉ`, `ｍａｊｏｒ＿ｏｕｔａｇｅ`) an input method
# left on: read as their ASCII forms (NFKC's), so the hint is a line that reads, and no
# unknown component `ａｐｉ` is told besides. Each is one character for one.
_FULLWIDTH_FORMS = "".join(
    chr(code) for code in range(0xFF01, 0xFF5F) if chr(code) not in _WIDE_COMMAS + "\uff1d"
)
_FULLWIDTH_RUN = re.compile(f"[{re.escape(_FULLWIDTH_FORMS)}]+")
_AS_READ = str.maketrans(
    {
        **{form: unicodedata.normalize("NFKC", form) for form in _FULLWIDTH_FORMS},
        _FULLWIDTH_EQUALS: "=",
        **dict.fromkeys(_COMMAS_FOR_COMMA, ","),
        "\u3000": " ",  # the ideographic space those methods type after a comma
    }
)
_WIDE_COMMA_TYPED = re.compile(f"[{_COMMAS_FOR_COMMA}][ \t\u3000]*")
# What parts a line's key from its changes, and a change's id from its status and from the
# next change, as typed or full-width.
_SEPARATORS = f":=,{_FULLWIDTH_COLON}{_FULLWIDTH_EQUALS}{_COMMAS_FOR_COMMA}"
# A run of what is neither part of a word nor a separator (spaces, emphasis, characters that
# show nothing) next to a separator or a space: where a zero-width space or a direction mark
# typed or pasted in (`Components:\u200b api=…`) is no part of a change. Inside a word
# (`a\u200bpi`) it is: the id is told as unknown.
_AROUND_SEPARATORS = re.compile(
    rf"(?<![\w{_SEPARATORS}])[^\w{_SEPARATORS}\s]*\s[^\w{_SEPARATORS}]*"
    rf"|(?<!\w)[^\w{_SEPARATORS}]+|[^\w{_SEPARATORS}]+(?!\w)"
)
# Emphasis around the changes (`Components: **api=major_outage**`), longest first.
_EMPHASES = ("**", "__", "*", "_")
# Emphasis at the edges of one change (`**api=major_outage**, **web=major_outage**`).
_EDGE_EMPHASIS = re.compile(r"^(\s*)[*_]+|[*_]+(\s*)$")
# A line of changes starts with one (`api=major_outage and web=…`); prose seldom does.
_FIRST_CHANGE = re.compile(r"\s*[\w.-]+\s*=\s*[\w.-]+(?![\w.-])")
# What may follow a change the emphasis closed after: more changes, parted by commas,
# semicolons, spaces or a connecting `and` or `&`, each maybe in emphasis of its own
# (`**, **web=…**`), and nothing else.
_CHANGE_SEPARATOR = r"(?:[\s,;&*_]|(?<![\w.-])and(?![\w.-]))"
_CHANGES_ONLY = re.compile(
    rf"(?:{_CHANGE_SEPARATOR}*[\w.-]+[ \t]*=[ \t]*[\w.-]+(?![\w.-]))*{_CHANGE_SEPARATOR}*",
    re.IGNORECASE,
)


def _components_match(line: str) -> re.Match[str] | None:
    """`line` read as a `Components:` line, as written or typed not quite right; None when
    it is none."""
    match = _COMPONENTS_LINE.fullmatch(line)
    if match is not None and _FULLWIDTH_EQUALS not in line:
        return match
    if match is None and line.isascii() and "*" not in line and "_" not in line:
        return None  # nearly every line: no character the loose reading looks for
    loose = _LOOSE_COMPONENTS_LINE.fullmatch(line)
    if loose is None or not blank(loose["lead"] + loose["gap"] + loose["space"]):
        return match
    # Emphasis opened before the key and closed once: before or after its colon, or at the
    # end of one of the changes (the line's last, or one before it).
    shut = [loose[part] for part in ("shut", "close") if loose[part]]
    closed_in_items = _closed_in_items(loose)
    if shut != ([_closing(loose["open"])] if loose["open"] else []) and not closed_in_items:
        return match
    # Forms a line of prose is likelier to take (`*Components:* the API, the website`, a
    # sentence with a '＝' in it) count only when what follows reads as changes.
    as_before = (
        _FULLWIDTH_EQUALS not in loose["items"]
        and loose["open"] in (None, "**", "__")
        and not loose["space"]
        and not closed_in_items
    )
    items = _items(loose)
    meant = reads_as_changes(items) or (closed_in_items and _FIRST_CHANGE.match(items))
    return loose if as_before or meant else match


def _whole_line(match: re.Match[str]) -> bool:
    """Whether the loose reading's emphasis, opened before the key, closes at the line's end
    (`**Components: api=operational**`)."""
    opened = match["open"]
    return (
        bool(opened)
        and not match["shut"]
        and not match["close"]
        and match["items"].rstrip().endswith(_closing(opened))
    )


def _closed_in_items(match: re.Match[str]) -> bool:
    """Whether the loose reading's emphasis, opened before the key, closes at the end of one
    of its changes: the line's last (_whole_line) or one before it, whatever follows
    (`**Components: api=major_outage**, web=…`, `** web=…`, `**; web=…`)."""
    return _closing_at(match) is not None


def _closing_at(match: re.Match[str]) -> int | None:
    """Where in the loose reading's changes its emphasis, opened before the key, closes at
    the end of the first change it can; None when it closes at no change."""
    opened = match["open"]
    if not opened or match["shut"] or match["close"]:
        return None
    # Changes are parted by commas, spaces or words an author put between them: the
    # emphasis may close before any of them, not only before a comma.
    closing = re.escape(_closing(opened))
    items = as_read(match["items"])
    shut = re.search(rf"(?<![\w.-])[\w.-]+[ \t]*=[ \t]*[\w.-]+?(?={closing}(?:[^\w*]|$))", items)
    # Only changes may follow (`** web=…`, `**; web=…`, `** and web=…`): prose after the
    # emphasis (`**Components: v=2** rollout paused`) makes the line a message's.
    if shut is None or not _CHANGES_ONLY.fullmatch(items, shut.end() + len(opened)):
        return None
    return shut.end()


def _cut(match: re.Match[str]) -> tuple[int, int]:
    """Where in the line the emphasis of a line in bold (or italics) closed after one of its
    changes before the line's end is, and how long it is; (0, 0) when there is none."""
    loose = match.re is _LOOSE_COMPONENTS_LINE
    at = _closing_at(match) if loose and not _whole_line(match) else None
    return (match.start("items") + at, len(match["open"])) if at is not None else (0, 0)


def line_as_read(line: str) -> tuple[str, int, int]:
    """`line`, a Components line component_line reads, as its changes are read (as_read,
    without the emphasis _cut finds), with where that emphasis was and its length: a column
    after it is told where it is written."""
    match = _components_match(line)
    assert match is not None, line
    at, length = _cut(match)
    return as_read(line[:at] + line[at + length :]), at, length


def _closing(opened: str) -> str:
    """The emphasis that closes `opened`: `_**` for `**_`."""
    return opened[::-1]


def _items(match: re.Match[str], *, retyped: bool = False) -> str:
    """The changes of a line `_components_match` read, as meant: a full-width '＝' or comma
    or a semicolon as '=' or ',', one character for one (so that they are found in the line
    as_read gives), without the emphasis closing a line in bold or around the changes.
    `retyped`: as they are to be typed, a full-width comma or a semicolon as ', '."""
    items = match["items"].rstrip()
    at, length = _cut(match)
    if length:
        at -= match.start("items")
        items = items[:at] + items[at + length :]
    if match.re is _LOOSE_COMPONENTS_LINE and _whole_line(match):
        items = items.removesuffix(_closing(match["open"]))
    items = items.strip()
    emphasis = _items_emphasis(items)
    if emphasis:
        items = items[len(emphasis) : -len(emphasis)]
    if retyped:
        items = _WIDE_COMMA_TYPED.sub(", ", _unseen_around_separators(items, ""))
    return ",".join(_unemphasised(item) for item in as_read(items).split(",")).strip()


def _unemphasised(item: str) -> str:
    """`item` without the emphasis at its edges (`**api=major_outage**`, or one left by a
    line in bold that closed after its first change) when what it wraps is a change: no
    component id or status starts or ends with '*' or '_'."""
    bare = _EDGE_EMPHASIS.sub(r"\1\2", item)
    return bare if bare != item and _all_changes(change_items(bare)) else item


def items_start(line: str) -> int:
    """Where the changes of `line`, a Components line component_line reads, start in it."""
    match = _components_match(line)
    assert match is not None, line
    return match.start("items")


def _items_emphasis(items: str) -> str:
    """The emphasis `items` (stripped) are wrapped in (`**api=major_outage**`); "" when
    none."""
    wrapped = (e for e in _EMPHASES if len(items) > 2 * len(e))
    return next((e for e in wrapped if items.startswith(e) and items.endswith(e)), "")


def as_read(line: str) -> str:
    """`line` as a Components line is read: a full-width '＝' as '=', a full-width or
    ideographic comma or a semicolon (full-width or not) as ',', an ideographic space and a
    character that shows nothing around a separator as ' ', and other full-width forms of
    ASCII as ASCII, in their place."""
    return _unseen_around_separators(line, " ").translate(_AS_READ)


def _unseen_around_separators(text: str, by: str) -> str:
    """`text` with each character that shows nothing around a separator or a space (Unicode
    category Cf) replaced `by`."""
    if text.isascii():
        return text  # nearly every line
    return _AROUND_SEPARATORS.sub(
        lambda run: "".join(by if _unseen(c) else c for c in run[0]), text
    )


def _unseen_in_items(text: str) -> str:
    """The first character that shows nothing around a separator or a space in `text`, named;
    "" when none."""
    if text.isascii():
        return ""
    for run in _AROUND_SEPARATORS.finditer(text):
        for char in run[0]:
            if _unseen(char):
                return name_character(char)
    return ""


def _unseen(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def component_line(raw: RawUpdate) -> tuple[str | None, str]:
    """The items of the update's `Components:` line (None if it has none), and the message
    without that line; a line typed not quite right (component_line_slip) is read as meant."""
    first, _, rest = raw.message.partition("\n")
    match = _components_match(first)
    if not match:
        return None, raw.message
    return _items(match), _trim(rest.split("\n"))


def component_line_slip(line: str) -> tuple[str, str] | None:
    """What keeps `line`, read as a `Components:` line, from being written as one (`holds a
    NO-BREAK SPACE (U+00A0), which only looks like a space`), and the line as it is typed;
    None when it is written right or is no Components line."""
    match = _components_match(line)
    if match is None:
        return None
    loose = match.re is _LOOSE_COMPONENTS_LINE
    slips: list[str] = []
    spaces = match["lead"] + match["gap"] + match["space"] if loose else ""
    odd = odd_space(spaces.replace("\t", " "))
    unseen = any(_unseen(c) for c in spaces)
    if not odd:
        # Glued after the colon or around a change's '=' or ',', as much as around the key.
        odd = _unseen_in_items(match["items"])
        unseen = bool(odd)
    if odd:
        slips.append(
            f"holds {odd}, which {'shows nothing' if unseen else 'only looks like a space'}"
        )
    # A semicolon is a slip only between changes: in a line of prose with an '=' in it, the
    # line a comma for it makes is no more readable (what is wrong with it is told anyway).
    semicolon = ";" in match["items"] and _all_changes(change_items(_items(match)))
    wide = [
        # An ASCII semicolon is seen as typed: named by itself, not by its Unicode name.
        f"{f'{char!r}' if char.isascii() else name_character(char)} for {what}"
        for char, what, written in (
            (_FULLWIDTH_COLON, "its ':'", loose and match["colon"] == _FULLWIDTH_COLON),
            (_FULLWIDTH_EQUALS, "'='", _FULLWIDTH_EQUALS in match["items"]),
            *((comma, "','", comma in match["items"]) for comma in _WIDE_COMMAS),
            (";", "','", semicolon),
        )
        if written
    ]
    wide += [
        f"full-width '{run}' for '{as_read(run)}'" for run in _FULLWIDTH_RUN.findall(match["items"])
    ]
    if wide:
        slips.append("is written with " + " and ".join(wide))
    # Emphasis closed at a change before the line's end spans the key and changes: one slip.
    spans = loose and _closed_in_items(match)
    if loose and match["open"]:
        style = _style(match["open"])
        slips.append(
            f"is written in {style}"
            if _whole_line(match)
            else f"has its key and changes in {style}"
            if spans
            else f"has its key in {style}"
        )
    emphasis = _changes_emphasis(match)
    if emphasis and not spans:
        slips.append(f"has its changes in {_style(emphasis)}")
    # The line retyped is one check reads: commas left out between changes put back too.
    retyped = with_commas(_items(match, retyped=True))
    return (" and ".join(slips), f"Components: {retyped}") if slips else None


def _changes_emphasis(match: re.Match[str]) -> str:
    """The emphasis the changes of a line `_components_match` read are written in, around
    them all or around one of them; "" when none."""
    items = match["items"].strip()
    if match.re is _LOOSE_COMPONENTS_LINE and _whole_line(match):
        items = items.removesuffix(_closing(match["open"])).strip()
    around = _items_emphasis(items)
    if around:
        return around
    for item in as_read(items).split(","):
        if _unemphasised(item) != item:
            return next(e for e in _EMPHASES if e in item)
    return ""


def _style(emphasis: str) -> str:
    return {1: "italics", 2: "bold"}.get(len(emphasis), "bold italics")


# An item written as a change (`api=operatonal`), whatever its id and status: a line
# of them not read as the Components line is as much meant as one, and less likely noticed.
_CHANGE_ITEM = re.compile(r"[\w.-]+=[\w.-]+")
_AROUND_EQUALS = re.compile(r"\s*=\s*")
# A key, maybe written as a list item (`- Components: ...`, `1. Components: ...`, which
# Markdown shows as one), and what stands for its colon: `Compnents: api=...`, `Components
# api=...` (the colon left out), `Components - api=...` (or an en or em dash, as
# autocorrect turns one), `Components = api=...`.
_KEY = r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?P<key>[A-Za-z]+)"
# A colon, or a dash typed for it: the forms whose changes hold no '=' may take.
_COLON_OR_DASH = r"(?P<colon>[ \t]*[:\u2013\u2014]|[ \t]+-[ \t])"
_KEYED_ITEMS = re.compile(
    _KEY + r"(?P<colon>[ \t]*[:=\u2013\u2014]|[ \t]+-[ \t]|[ \t]+)(?P<items>.*=.*)"
)
# A status as typed in words: `major_outage`, `major-outage`, `major outage`, maybe with
# the period that ends a sentence.
_STATUS_TYPED = r"(?P<status>[A-Za-z_]+(?:(?:[ \t]+|-)[A-Za-z_]+)*)\.?[ \t]*"
# A key and then changes written as the front matter writes them, a colon for each '='
# (`Components: api: major_outage`); a pair only with a status after its colon, so prose
# (`Components: two of them: the API and the website`) stays text.
_KEYED_PAIRS = re.compile(_KEY + _COLON_OR_DASH + r"(?P<items>.*:.*)")
_COLON_PAIR = re.compile(r"[ \t]*(?P<id>[\w.-]+)[ \t]*:[ \t]*" + _STATUS_TYPED)
# A key and then changes with a space, an arrow, a dash or a colon for each '='
# (`Components: api major_outage`, `api -> major_outage`, `api→major_outage`, `api -
# major outage`), the forms mixed on one line (`website: partial outage, api - major
# outage`), or a colon before a word only a synonym names (`api: down`): prose takes such
# forms more readily, so a pair counts only with a known id and a status word (or one
# close to it).
_KEYED_LOOSE = re.compile(_KEY + _COLON_OR_DASH + r"(?P<items>.*)")
_LOOSE_PAIR = re.compile(
    r"[ \t]*(?P<id>[\w.]+(?:-[\w.]+)*)"
    r"(?:[ \t]*(?:->|=>|:|[\u2192\u21d2\u27f6])[ \t]*|[ \t]+-[ \t]+|[ \t]+)" + _STATUS_TYPED
)
_STATUS_WORDS = frozenset(status.value for status in ComponentStatus)
_COMPONENTS_KEYS = ("components", "component")


def change_items(text: str) -> list[str]:
    """The items of a list of changes (`api=major_outage, website`), split at commas and
    at spaces: an author may leave the commas out (`api=operational website=operational`),
    and no component id or status holds either. Spaces around `=` do not split
    (`api = major_outage`)."""
    return _AROUND_EQUALS.sub("=", text).replace(",", " ").split()


def reads_as_changes(items: str) -> bool:
    """Whether any of the comma-separated `items` is written as an `id=status` change, or
    as changes with the commas between them left out (`api=up web=up`, not `api=up and`)."""
    return any(_all_changes(change_items(item)) for item in items.split(","))


def with_commas(items: str) -> str:
    """`items` (comma-separated) with the commas an author left out between changes put
    back (`api=major_outage web=operational`: `api=major_outage, web=operational`); every
    other item as written."""
    written = []
    for item in items.split(","):
        each = change_items(item)
        several = len(each) > 1 and _all_changes(each)
        written.append(
            item[: len(item) - len(item.lstrip())] + ", ".join(each) if several else item
        )
    return ",".join(written)


def _all_changes(items: list[str]) -> bool:
    return bool(items) and all(_CHANGE_ITEM.fullmatch(item) for item in items)


@dataclass(frozen=True)
class NearMiss:
    """A line nearly the update's `Components:` line: the line meant, and whether it surely
    is one. Not surely when written `id status` or `id -> status` under the key `Component`
    or with a status only a synonym names (`Component: website unavailable`,
    `Components: website down`): a prose summary takes that form as readily, and sites
    built with such a first line before this was checked."""

    line: str
    sure: bool


def misspelled_component_line(line: str, ids: Collection[str] | None = None) -> NearMiss | None:
    """The `Components:` line that `line` nearly is: its key a typo of `Components`,
    without its colon or written as a list item, the rest of it all `id=status` changes,
    or its changes written `id: status`, or `id status` / `id -> status` / `id - status`
    (mixed, or `id: status` with a synonym) with `ids` (the
    known component ids; None: any id); None when it is read as one or is no such near
    miss (prose, a key like `Comments`)."""
    near = _near_miss(line, ids)
    return None if near is None else NearMiss(near[1], near[2])


def _near_miss(
    line: str, ids: Collection[str] | None = None
) -> tuple[re.Match[str], str, bool] | None:
    """misspelled_component_line's reading of `line`: the key and items it matched, the
    line meant, and whether it surely is one."""
    if _components_match(line):
        return None
    # Changes parted by semicolons are as much meant as a Components line's are (as_read
    # reads them as commas): one character for one, so the match stays where it is typed.
    line = line.replace(";", ",")
    sure: bool | None = True
    match = _KEYED_ITEMS.fullmatch(line)
    items = match["items"] if match and _all_changes(change_items(match["items"])) else None
    if match is None or items is None:
        match = _KEYED_PAIRS.fullmatch(line)
        items = colon_changes(match["items"]) if match else None
    if match is None or items is None:
        match = _KEYED_LOOSE.fullmatch(line)
        loose = _loose_changes(match["items"], ids) if match else None
        items, spelt = loose if loose is not None else (None, False)
        sure = None if spelt else False  # decided by the key, when its words are spelt
    if match is None or items is None:
        return None
    key = match["key"].lower()
    # One letter left out, added, swapped or mistyped; 'comments' (two) is a word of its own.
    closest = next(iter(close_matches(key, _COMPONENTS_KEYS, cutoff=0.85)), None)
    if key not in _COMPONENTS_KEYS and closest is None:
        return None
    if sure is None:
        # `Component: website major_outage` reads as prose as well as a status change.
        sure = (key if key in _COMPONENTS_KEYS else closest) == "components"
    return match, comma_component_line(items), sure


def colon_changes(items: str) -> str | None:
    """`api=major_outage, web=operational` for `items` written `api: major_outage, web:
    operational`, as front matter writes them, a status after each colon; None when any of
    them is not such a pair."""
    # A trailing comma is no item, as on a Components line.
    pairs = [_COLON_PAIR.fullmatch(item) for item in items.split(",") if item.strip()]
    if not pairs or not all(pair and plain_name(pair["status"]) in _STATUS_WORDS for pair in pairs):
        return None
    return ", ".join(f"{pair['id']}={plain_name(pair['status'])}" for pair in pairs if pair)


def _loose_changes(items: str, ids: Collection[str] | None) -> tuple[str, bool] | None:
    """`api=major_outage` for `items` written `api major_outage` or `api -> major_outage`,
    each id one of `ids` and each status a status word or close to one (the word meant), or
    a status word's words (`major outage`, `major-outage`);
    None when any of them is not such a pair. With it, whether each status is a status word
    or a misspelling of one, not a word only the synonyms name (`down`, `slow`)."""
    changes = []
    spelt = True
    for item in items.split(","):
        if not item.strip():
            continue  # a trailing comma, as on a Components line
        pair = _LOOSE_PAIR.fullmatch(item)
        if pair is None or (ids is not None and pair["id"] not in ids):
            return None
        status = plain_name(pair["status"])
        # Words of a status (`major outage`) are that status, and only that: `major outage
        # now` is as likely the start of a sentence as a misspelling.
        worded = status != pair["status"].lower()
        meant = (
            status
            if status in _STATUS_WORDS
            else None
            if worded
            else next(iter(close_matches(status, sorted(_STATUS_WORDS))), None)
        )
        if meant is None:
            return None
        spelt = spelt and (status in _STATUS_WORDS or synonym(status, _STATUS_WORDS) is None)
        changes.append(f"{pair['id']}={meant}")
    return (", ".join(changes), spelt) if changes else None


def corrected_changes(items: str, ids: Collection[str] | None) -> str | None:
    """`items` (a Components line's, comma-separated) as changes the line reads, each
    corrected as typed: `=` for its `:`, ` - `, `->` or space, its id as one of `ids` is
    spelled (`API`: api; None: any id as written), its status as its words or a synonym
    name it (`major outage`, `down`: major_outage). None when an item is no change or
    names no known id or status: a hint offering it would be refused again."""
    known = {cid.casefold(): cid for cid in ids} if ids is not None else None
    changes = []
    for item in items.split(","):
        if not item.strip():
            continue  # a trailing comma, as on a Components line
        before, equals, after = item.partition("=")
        pair = (
            _LOOSE_PAIR.fullmatch(f"{before.strip()} {after.strip()}")
            if equals
            else _LOOSE_PAIR.fullmatch(item)
        )
        if pair is None:
            return None
        cid = pair["id"] if known is None else known.get(pair["id"].casefold())
        status = meant_name(pair["status"], sorted(_STATUS_WORDS))
        if cid is None or status is None:
            return None
        changes.append(f"{cid}={status}")
    return ", ".join(changes) if changes else None


def comma_component_line(items: str) -> str:
    """The `Components:` line of `items` (change_items) with a comma between each: what
    a line written with its commas left out, or its key mistyped, meant."""
    return "Components: " + ", ".join(change_items(items))


# What starts an update's first line that the timeline would read as statuses, to keep it
# text: a space the page does not show, and no character the timeline reads at a line's start.
TEXT_START = "&#32;"
# A bullet list item's marker: its text starts a paragraph of its own, where TEXT_START holds.
_BULLET = re.compile(r" {0,3}[-*+][ \t]+(?=\S)")


def starts_paragraph(lines: Sequence[str], index: int) -> bool:
    """Whether the line at `index` of `lines` (a message's) starts a paragraph: the first,
    or one after a blank line. There a reference (TEXT_START) stays as written when a
    formatter rewrites the file; in a paragraph's middle it does not."""
    return index == 0 or not lines[index - 1].strip()


def as_text_item(line: str) -> str | None:
    """`line`, a bullet list item the timeline reads as a `Components:` line, or refuses as
    one mistyped (`- Components: api=...`, `- Components: api major_outage`), written
    `- &#32;Components: ...`: text to the timeline, shown as typed, and kept by formatters,
    which drop a `\\:`. None when it is no such item."""
    bullet = _BULLET.match(line)
    rest = line[bullet.end() :] if bullet else ""
    if bullet is None or (_components_match(rest) is None and _near_miss(rest) is None):
        return None
    return f"{line[: bullet.end()]}{TEXT_START}{line[bullet.end() :]}"


def without_text_start(message: str) -> str:
    """`message` (Markdown) without the TEXT_START that keeps a status-like line text where
    statusgen writes it (a paragraph's start, a list item's): for a reader that would show
    it as typed (a Teams card) or a body read as the page reads it (the API's); the page
    shows nothing there either."""
    if TEXT_START not in message:
        return message
    lines = message.split("\n")
    for index, line, code in _lines(message):
        if code:
            continue
        bullet = _BULLET.match(line)
        at = bullet.end() if bullet else len(line) - len(line.lstrip(" "))
        if line.startswith(TEXT_START, at) and (bullet or starts_paragraph(lines, index)):
            lines[index] = line[:at] + line[at + len(TEXT_START) :]
    return "\n".join(lines)


def keep_component_line_as_text(line: str, *, first: bool = True) -> str:
    """`line`, when the timeline reads it as a `Components:` line (as written or typed not
    quite right) or, as an update's `first` line, misspelled_component_line as a near miss
    (as a later one, one written with colons, which later_component_lines reports),
    escaped so that it is message text (`&#32;Components: ...` as the `first`, which
    formatters keep; `Components\\: ...`, `Compnents\\: ...`,
    `Components api\\=...`, `Components\\: api: ...`, `Components \\- api=...`,
    `Components — api\\=...`), shown as written."""
    match = _components_match(line)
    if first and match is not None and match.re is _COMPONENTS_LINE:
        # Right under its heading, the line the timeline reads as statuses. Formatters
        # (mdformat) drop a '\\' Markdown does not need, `\\:` among them, which would
        # turn the text into a status change without a word; they keep a space written as
        # a reference that starts a paragraph, which the page does not show either.
        return TEXT_START + line
    item = as_text_item(line)
    if item is not None:
        # A list item's text starts a paragraph of its own: the same space keeps it text.
        return item
    if match is not None:
        # Its colon escaped; a full-width one, which no '\\' escapes, as the entity that
        # Markdown shows as it.
        loose = match.re is _LOOSE_COMPONENTS_LINE
        at = match.start("colon") if loose else match.start("items") - 1
        colon = "&#xFF1A;" if line[at] == _FULLWIDTH_COLON else "\\:"
        return f"{line[:at]}{colon}{line[at + 1 :]}"
    if first:
        near = _near_miss(line)
        match = None if near is None else near[0]
    else:
        match = _colon_component_line(line)  # refused below the text as under the heading
    if match is None:
        return line
    # What stands for its colon (':', '=', '-'), else its first '='; Markdown shows each as
    # typed. Any id counts: a backslash too many changes nothing shown. A '\\' before an en
    # or em dash is no escape to Markdown, which would show it: the '=' is escaped instead,
    # or without one (`Components — api major_outage`) the dash is written as the entity
    # Markdown shows as it, as a full-width colon is.
    colon = match["colon"].rstrip()
    escaped = colon.strip() and colon[-1].isascii()
    if not escaped and "=" not in line:
        at = match.start("colon") + len(colon) - 1
        return f"{line[:at]}&#x{ord(line[at]):X};{line[at + 1 :]}"
    at = match.start("colon") + len(colon) - 1 if escaped else line.index("=")
    return f"{line[:at]}\\{line[at:]}"


def later_component_lines(raw: RawUpdate) -> list[tuple[int, str]]:
    """The lines of the update's message after its first, outside code (fenced or indented),
    written as a `Components:` line: (file line, items). Only the first line is read as
    one; these are message text, which is rarely what their author meant. With them the
    lines whose changes are written as front matter writes them (`Components: api:
    operational`, as written: colon_changes), which under the heading are refused too."""
    if not raw.message_line:
        return []
    found: list[tuple[int, str]] = []
    # An indented code block is shown as written too: its lines are no statuses either.
    indented = "    " in raw.message or "\t" in raw.message
    outside = blank_code(raw.message).split("\n") if indented else None
    for index, line, code in _lines(raw.message):
        if code or index == 0 or (outside is not None and not outside[index].strip()):
            continue
        match = _components_match(line)
        if match:
            found.append((raw.message_lines[index], _items(match)))
            continue
        pairs = _colon_component_line(line)
        if pairs is not None:
            found.append((raw.message_lines[index], pairs["items"].strip()))
    return found


def _colon_component_line(line: str) -> re.Match[str] | None:
    """`line` read as a `Components:` line whose changes are written as front matter writes
    them (`Components: api: operational`), which is refused under an update's heading and
    below its text alike; None when it is no such line."""
    pairs = _KEYED_PAIRS.fullmatch(line)
    if (
        pairs is None
        or pairs["key"].lower() != "components"
        or pairs["colon"].strip() != ":"
        or colon_changes(pairs["items"]) is None
    ):
        return None
    return pairs


def format_component_line(statuses: dict[str, str]) -> str:
    """The canonical `Components:` line for statuses by component id."""
    return "Components: " + ", ".join(f"{cid}={status}" for cid, status in statuses.items())


def _trim(lines: list[str]) -> str:
    start, end = _kept(lines)
    return "\n".join(lines[start:end])


def _kept(lines: list[str]) -> tuple[int, int]:
    """Where `lines` start and end without the blank ones at either end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return start, end


def parse_heading(
    text: str,
    *,
    maintenance: bool,
    tz: ZoneInfo,
    slug: str = "SLUG",
    fits: Callable[[datetime], bool] | None = None,
) -> tuple[UpdateState, datetime]:
    """Read an update heading's text (after "## ") into its state and timezone-aware time.

    Raises TimelineError naming the problem, with the canonical form as the hint (which
    names the event's `slug` where it gives a command; for a time a daylight-saving change
    skips or repeats, the offset whose moment `fits` between the updates around it).
    """
    odd = odd_space(text.replace("\t", " "))
    if odd:
        # A no-break space typed for a space: name it, the heading shown looks right.
        plain = _plain(text)
        try:
            state, _ = parse_heading(plain, maintenance=maintenance, tz=tz, slug=slug)
        except TimelineError as error:
            raise TimelineError(
                error.message, f"{error.hint}; the heading holds {odd}", state=error.state
            ) from None
        raise TimelineError(
            f"update heading '## {text}' holds {odd}, which only looks like a space",
            f"retype it as a plain space: {_canonical(state.value, _time_of(plain))}",
            state=state,
        )
    match = _STATE_FIRST.fullmatch(text) or _TIME_FIRST.fullmatch(text)
    if match:
        state = _state(
            match["state"], maintenance=maintenance, slug=slug, tz=tz, time_text=match["time"]
        )
        try:
            at = parse_time(match["time"].strip(), tz, fits=fits)
        except TimelineError as error:
            if match["time"][:1].isalpha() and _DATE.search(match["time"]):
                # Words before the time ("Resolved - not yet - 2026-12-05 11:00",
                # "Identified, not yet resolved at ..."): they may negate the state, and
                # the time after them is the author's, not the example's.
                raise _unread_heading(text, maintenance=maintenance, tz=tz) from None
            # A moment that does not exist is the one thing to correct in a heading
            # written in the form read; its format repeated would not say which part.
            if isinstance(error, NoSuchMoment):
                hint = error.hint
            else:
                hint = _canonical(state.value, error.example)
            raise TimelineError(
                error.message,
                f"{hint}; {error.note}" if error.note else hint,
                state=state,
                moments=error.moments,
            ) from None
        return state, at
    words = _WORDS.fullmatch(text)
    if words:
        state = _state(words["state"], maintenance=maintenance, slug=slug, tz=tz)
        raise TimelineError(f"update heading '## {text}' has no time", _canonical(state.value))
    spaced = _SPACED.fullmatch(text)
    if spaced:
        state = _state(
            spaced["state"], maintenance=maintenance, slug=slug, tz=tz, time_text=spaced["time"]
        )
        problem = f"update heading '## {text}' needs ' at ' between the state and the time"
        meant = _time_meant(spaced["time"], tz)
        if meant is None:
            # No time in it reads: the state kept, the time an example, as a heading
            # whose time cannot be read is told; a hint must itself be a heading that reads.
            try:
                parse_time(spaced["time"], tz)
            except TimelineError as error:
                problem = f"{problem}; {error.message}"
            raise TimelineError(problem, _canonical(state.value))
        time_text, note = meant
        hint = _canonical(state.value, time_text)
        raise TimelineError(problem, f"{hint}; {note}" if note else hint)
    if text[:1].isdigit():
        # Only a time, or a time and state run together: say which form to use.
        first = "scheduled" if maintenance else "investigating"
        try:
            parse_time(text.strip(), tz)
        except TimelineError as error:
            example, note = error.example, error.note
            after = text.strip()[len(example) :] if note else ""
            if _leading_state(after.strip(" \t-|:,\u2013\u2014"), maintenance=maintenance):
                example, note = "", ""  # a state after the time: not a note to move below
            hint = _canonical(first, example)
            raise TimelineError(error.message, f"{hint}; {note}" if note else hint) from None
        raise TimelineError(
            f"update heading '## {text}' has no state", _canonical(first, text.strip())
        )
    raise _unread_heading(text, maintenance=maintenance, tz=tz)


def _unread_heading(text: str, *, maintenance: bool, tz: ZoneInfo) -> TimelineError:
    """The error for a heading's `text` that reads in no form: a state followed by what is
    no time ("Identified @ sometime", "Identified (tbd)"), or one in an emoji's or
    emphasis' company ("✅ Resolved at ...", "**Resolved** at ..."). The hint keeps the
    state and the time that read, and makes up neither; a state negated is offered none."""
    named = _state_anywhere(text, maintenance=maintenance)
    date = _DATE.search(text)
    time_text, note = (_time_meant(text[date.start() :], tz) if date else None) or ("", "")
    if named is not None:
        hint = _canonical(named.value, time_text)
    else:
        hint = _any_state(time_text, maintenance=maintenance)
    return TimelineError(
        f"cannot read update heading '## {text}'",
        (f"{hint}; {note}" if note else hint)
        + "; level-2 headings are timeline updates, use '###' for a heading inside a message",
        state=named,
    )


# The words a heading starts with, where its state is written.
_LEADING_WORDS = re.compile(r"[A-Za-z][A-Za-z_-]*(?:[ \t]+[A-Za-z][A-Za-z_-]*)*")


def _leading_state(text: str, *, maintenance: bool) -> UpdateState | None:
    """The state of the kind `maintenance` says that `text` starts with, its longest
    (`In progress` rather than a state `In`), as `_state` reads one; None for none."""
    words = _LEADING_WORDS.match(text)
    if words is None:
        return None
    own = MAINTENANCE_STATES if maintenance else INCIDENT_STATES
    split = words.group(0).split()
    for count in range(len(split), 0, -1):
        state = own.get(_state_word(" ".join(split[:count])))
        if state is not None:
            return state
    return None


# A heading's words, in any script: "Résolu" is one word, no "R" and "solu".
_ANY_WORD = re.compile(r"[^\W\d_]+")


def _state_anywhere(text: str, *, maintenance: bool) -> UpdateState | None:
    """The state of the kind `maintenance` says that `text` names, wherever its words are
    ("✅ Resolved at ...", "**In progress**"): the first written as the state tables spell
    it, its longest (`In progress`), else the first word a "did you mean" reads as one
    (`Resolvd`, `Fixed`); None for none."""
    own = MAINTENANCE_STATES if maintenance else INCIDENT_STATES
    words = [word.lower() for word in _ANY_WORD.findall(text)]
    # A negation after the time is about what followed, not the state before it
    # ("Resolved at ... (no further errors)").
    date = _DATE.search(text)
    timed = len(_ANY_WORD.findall(text[: date.start()])) if date else len(words)

    def negated(index: int) -> bool:
        return _negated(words[:timed] if index < timed else words, index)

    for index in range(len(words)):
        for count in (2, 1):
            state = own.get(" ".join(words[index : index + count]))
            if state is not None:
                return None if negated(index) else state
    # A near miss only close to the state: a word of another language is no typo of one
    # ("Résolu" is as close to "resolved" as "Resolvd" is to nothing else).
    for index, word in enumerate(words):
        close = close_matches(word, own, cutoff=0.8)
        if close:
            return None if negated(index) else own[close[0]]
    return None


# What turns the state after it into its opposite ("Not resolved", "Non-resolved"), and the
# prefixes that do it in one word ("Unresolved", which is a near miss of "Resolved").
_NEGATIONS = frozenset({"not", "no", "non", "never", "un", "cannot", "nothing"})
_NEGATING_PREFIXES = ("un", "non")
# The words that may stand between a negation and its state: "Not yet resolved", "Hasn't
# been resolved", "Won't be resolved".
_BETWEEN = frozenset({"yet", "been", "be"})


def _negated(words: list[str], index: int) -> bool:
    """Whether the state word at `index` of the lowercase `words` is negated, so names no
    state: a hint offering the state would say the opposite of what the author wrote."""
    at = index
    while at and words[at - 1] in _BETWEEN:
        at -= 1
    # A negation after the state negates it too ("Resolved (not really)", "Resolved? No"),
    # unless another state follows it: "Identified, not yet resolved" negates that one.
    after = next((at for at in range(index + 1, len(words)) if _negation(words, at)), None)
    return (
        _negation(words, at - 1)
        or (after is not None and not set(words[after + 1 :]) & _STATE_WORDS)
        or words[index].startswith(_NEGATING_PREFIXES)
    )


def _negation(words: list[str], index: int) -> bool:
    """Whether the word at `index` of the lowercase `words` is a negation ("not", or a
    contraction's "n't", which is two words, its apostrophe (' or ’) no letter: "isn", "t")."""
    if index < 0:
        return False
    word = words[index]
    return word in _NEGATIONS or (word == "t" and index >= 1 and words[index - 1].endswith("n"))


# The signs that close what opened before a heading's time: "Identified (2026-12-01 08:30)".
_CLOSING_BRACKETS = ")]}>"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _time_meant(time_text: str, tz: ZoneInfo) -> tuple[str, str] | None:
    """The time a heading's `time_text` (what follows its state and the sign after it) means,
    as a heading takes it, and the note its hint carries; None when none in it reads.

    Tried in turn: the text without a bracket closing it; from its date on ("#2 2026-12-01
    08:30"). Each as written when it reads, else as its error writes it, so that the hint
    is a heading that reads (or one with a place left for the author, +HH:MM). Only what
    cannot change the moment is left out: what follows the time may ("8:10 pm", "UTC+2"),
    so a time is never offered without it (`_unread_tail` leaves a place for it)."""
    written = time_text.strip().rstrip(_CLOSING_BRACKETS).rstrip()
    tried = [written]
    date = _DATE.search(written)
    if date:
        tried.append(written[date.start() :])
    for candidate in tried:
        try:
            parse_time(candidate, tz)
        except TimelineError as error:
            if error.example and (_PLACE in error.example or _reads(error.example, tz)):
                return error.example, error.note
            continue
        return candidate, ""
    return None


def _reads(time_text: str, tz: ZoneInfo) -> bool:
    try:
        parse_time(time_text, tz)
    except TimelineError:
        return False
    return True


def _time_of(text: str) -> str:
    match = _STATE_FIRST.fullmatch(text) or _TIME_FIRST.fullmatch(text)
    return match["time"].strip() if match else ""


def _any_state(time_text: str, *, maintenance: bool) -> str:
    """The hint to write a heading that names no state (or one negated: offering it would
    say the opposite) with the states accepted, at `time_text` or at the example time."""
    kind = "maintenance" if maintenance else "incident"
    known = ", ".join(MAINTENANCE_STATES if maintenance else INCIDENT_STATES)
    return (
        f"write it as '## State at {time_text or _EXAMPLE_TIME}' with one of the {kind} "
        f"states in place of State: {known}"
    ) + ("" if time_text else ", and the update's own time in place of the example")


def _canonical(state: str, time_text: str = "") -> str:
    """The hint to write a heading with `state` at `time_text`; without one, at the example
    time, which the hint says to replace: copied as it is, it dates the update wrongly."""
    label = state.replace("_", " ").capitalize()
    if time_text:
        return f"write it as '## {label} at {time_text}'"
    return f"write it as '## {label} at {_EXAMPLE_TIME}' with the update's own time in its place"


def maintenance_heading(text: str) -> bool:
    """Whether an update heading's text (after "## ") names a state only a maintenance
    window has (`Scheduled at ...`, `In progress`, read as parse_heading reads it, with or
    without its time): a sign its file is meant as one."""
    plain = _plain(text)
    match = (
        _STATE_FIRST.fullmatch(plain)
        or _TIME_FIRST.fullmatch(plain)
        or _SPACED.fullmatch(plain)
        or _WORDS.fullmatch(plain)
    )
    return match is not None and _state_word(match["state"]) in MAINTENANCE_STATES


def _state_word(text: str) -> str:
    """A heading's state as the state tables spell it: `In-Progress` → `in progress`."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


def _state(
    text: str, *, maintenance: bool, slug: str, tz: ZoneInfo, time_text: str = ""
) -> UpdateState:
    """The state a heading's `text` names; TimelineError for none, its hint offering the
    heading's `time_text` as a heading would read it (`_time_meant`) where it gives one."""
    word = _state_word(text)
    own, other = (
        (MAINTENANCE_STATES, INCIDENT_STATES)
        if maintenance
        else (INCIDENT_STATES, MAINTENANCE_STATES)
    )
    if word in own:
        return own[word]
    kind, other_kind = ("maintenance", "incident") if maintenance else ("incident", "maintenance")
    own_article, other_article = ("a", "an") if maintenance else ("an", "a")
    known = ", ".join(own)
    if word in other:
        raise TimelineError(
            f"'{text}' is {other_article} {other_kind} state, not {own_article} {kind} state",
            f"{kind} updates are one of: {known}",
        )
    words = _ANY_WORD.findall(word)
    negated = any(_negated(words, index) for index in range(len(words)))
    close = [] if negated else close_matches(word, own)
    if maintenance and word in CALLED_OFF_WORDS:
        # The time as the other heading hints give it: a raw copy may not read ("09:00)")
        # or may read as another moment ("09:00 CET" on a UTC site).
        when, note = (_time_meant(time_text, tz) if time_text else None) or ("", "")
        called_off = call_off_hint(slug, heading=True, when=when, note=note)
        hint = f"{called_off}; {kind} updates are one of: {known}"
    elif negated:
        when, note = (_time_meant(time_text, tz) if time_text else None) or ("", "")
        hint = _any_state(when, maintenance=maintenance)
        hint = (f"{hint}; {note}" if note else hint) + (
            "; level-2 headings are timeline updates, use '###' for a heading inside a message"
        )
    elif close:
        hint = f"did you mean '{close[0].capitalize()}'? {kind} updates are one of: {known}"
    else:
        hint = (
            f"{kind} updates are one of: {known}; "
            "level-2 headings are timeline updates, use '###' for a heading inside a message"
        )
    raise TimelineError(f"unknown {kind} state '{text}'", hint)


class NoSuchMoment(TimelineError):
    """A time written in the form read, naming a day or moment there is not (29 February
    2025): its hint says which part to correct, and no time is offered, since the one at
    hand is the very moment that does not exist."""


class OutsideYears(TimelineError):
    """A time written right, but outside the years every moment in the model lies in: a
    reader of a machine's time (a webhook's) says so, rather than that it is no time."""


def parse_time(
    text: str, tz: ZoneInfo, *, fits: Callable[[datetime], bool] | None = None
) -> datetime:
    """Read `YYYY-MM-DD HH:MM[:SS]` with an optional offset (`Z`, `UTC` or `GMT` in any case,
    `+01:00`, `+0100`, `+01`, or with seconds `-00:44:30`).

    Without an offset the time is in `tz`; a local time that does not exist or happens twice
    there (daylight saving changes) is refused rather than guessed (localise: `fits` says
    which offset to offer). Raises TimelineError.
    """
    text = text.strip()
    match = _TIME.fullmatch(text)
    if not match:
        raise _unreadable(text, tz)
    try:
        naive = _naive(match)
    except ValueError:
        why = no_such_time(text)
        if why is None:  # not expected: every reason datetime refuses is named
            raise TimelineError(
                f"'{text}' is not a valid date and time", f"write it as {TIME_FORM}"
            ) from None
        raise NoSuchMoment(f"'{text}' is not a valid date and time ({why[0]})", why[1]) from None
    offset = match["off"]
    if offset:
        moment = naive.replace(tzinfo=_fixed_offset(offset, text))
    else:
        try:
            moment = localise(naive, tz, text, fits)
        except OverflowError:  # a gap or fold at datetime's very edge: far outside anyway
            moment = None
    if moment is None or not in_supported_years(moment):
        # When the year written is inside them, say which moment it is that is not.
        utc = ""
        if moment is not None and in_supported_years(naive.replace(tzinfo=timezone.utc)):
            utc = f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC, "
        raise OutsideYears(
            f"'{text}' is {utc}outside the years {EARLIEST_YEAR} to {LATEST_YEAR}",
            "check the year",
        )
    return moment


def no_such_moment(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> tuple[str, str] | None:
    """Why these numbers name no day (or moment), in plain words ("2025 has no 29
    February"), and the hint; None when they name one, or the year is past 9999 (a range
    the callers tell). The one wording for files and the command line alike."""
    if year == 0:
        return "there is no year 0", "correct the year"
    if not 1 <= year <= 9999:
        return None
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}; months run from 01 to 12", "correct the month"
    length = calendar.monthrange(year, month)[1]
    name = calendar.month_name[month]  # English: diagnostics are not translated
    if day == 0:
        return "there is no day 00; days of the month start at 01", "correct the day"
    if day > length:
        if month == 2 and day == 29:
            return f"{year} has no 29 February; it is not a leap year", "correct the day"
        of = f" in {year}" if month == 2 else ""
        return f"{name} has only {length} days{of}", "correct the day"
    for value, unit, last in ((hour, "hour", 23), (minute, "minute", 59), (second, "second", 59)):
        if value > last:
            return (
                f"there is no {unit} {value:02d}; {unit}s run from 00 to {last}",
                f"correct the {unit}",
            )
    return None


def no_such_date(text: str) -> tuple[str, str] | None:
    """no_such_moment for a day written YYYY-MM-DD; None for one that exists, or text
    not written so (which the caller tells as unreadable)."""
    if not _DATE_ONLY.fullmatch(text.strip()):
        return None
    year, month, day = (int(part) for part in text.strip().split("-"))
    return no_such_moment(year, month, day)


def no_such_time(text: str) -> tuple[str, str] | None:
    """no_such_moment for the date, and time of day when one follows, that `text` starts
    with ("2025-02-29 10:00 EST", "2026-02-30T08:00:00Z"): whatever follows them, that day
    must be corrected first. None when they exist, or `text` starts with no date."""
    text = text.strip()
    match = _TIME.match(text)
    if match is not None:
        return no_such_moment(*(int(match[part] or 0) for part in ("y", "mo", "d", "h", "mi", "s")))
    day = _DATE_ONLY.match(text)
    if day is None or text[day.end() : day.end() + 1].isdigit():
        return None
    return no_such_date(day[0])


def _naive(match: re.Match[str]) -> datetime:
    """The wall-clock time a `_TIME` match writes; ValueError when there is none (Feb 30)."""
    return datetime(
        int(match["y"]),
        int(match["mo"]),
        int(match["d"]),
        int(match["h"]),
        int(match["mi"]),
        int(match["s"] or 0),
        int((match["frac"] or "0").ljust(6, "0")),
    )


def parse_instant(text: str) -> datetime:
    """parse_time for a moment a machine wrote, which must carry its own offset (a
    webhook's timestamp: RFC 3339, "Z" or "+01:00"); TimelineError without one."""
    match = _TIME.fullmatch(text.strip())
    if match is None or not match["off"]:
        raise TimelineError(f"'{text}' has no offset", "add one, e.g. Z or +01:00")
    return parse_time(text, _UTC)


_UTC = ZoneInfo("UTC")  # never used by parse_instant: its text names its own offset


def _fixed_offset(offset: str, text: str) -> tzinfo:
    fixed = offset_zone(offset)
    if fixed is None:
        raise TimelineError(f"'{text}' has an invalid offset '{offset}'", "write it like +01:00")
    return fixed


def offset_zone(offset: str) -> timezone | None:
    """The fixed zone an `OFFSET` match names; None when a part is out of range (+24:00,
    +01:60, +01:00:60)."""
    if offset.upper() in UTC_NAMES:
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4] or 0), int(digits[4:] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes, seconds=seconds))


def localise(
    naive: datetime, tz: ZoneInfo, text: str, fits: Callable[[datetime], bool] | None = None
) -> datetime:
    """`naive` as a wall-clock time in `tz` (`text` is how it was written); TimelineError
    naming the offsets that apply around it when a daylight-saving change skips or
    repeats it: when `fits` (whether a moment keeps an update between the ones around
    it) takes one of the two only, that one alone is offered. The one reading of such
    times, for files and the command line alike."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # fold=0 takes the offset in force before the change, fold=1 the one after it.
        a, b = (_offset_text(t) for t in (first, second))
        fitting = [t for t in (first, second) if fits is None or fits(t)]
        only = fitting[0] if len(fitting) == 1 else None
        # In a gap the two folds also differ; a time that survives a round trip exists.
        if first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != naive:
            # The offsets alone mislead here: the one in force after the change names a
            # moment before it (02:30 -04:00 is 01:30 EST in New York). So each choice is
            # told as the time the page shows, the moment just after the change first.
            after, before = (format_shown(t, tz, day=naive.date()) for t in (first, second))
            choices = (
                f"'{text} {a}' is {after}, just after the change; "
                f"'{text} {b}' is {before}, just before it"
            )
            if only is second:
                choices = (
                    f"'{text} {b}' is {before}, just before the change; "
                    f"'{text} {a}' ({after}) is out of order with the updates around it"
                )
            elif only is first:
                choices = (
                    f"'{text} {a}' is {after}, just after the change; "
                    f"'{text} {b}' ({before}) is out of order with the updates around it"
                )
            raise TimelineError(
                f"'{text}' does not exist in {tz.key} (the clocks skip it)",
                f"give the offset: {choices}",
                example=f"{text} {b if only is second else a}",
                note=choices,
                moments=(second, first) if only is second else (first, second),
            )
        clock = f"{naive:{clock_pattern(naive)}}"
        message = f"'{text}' is ambiguous in {tz.key} (the clocks go back, it happens twice)"
        if only is not None:
            offset, other = (a, b) if only is first else (b, a)
            which, not_it = ("first", "second") if only is first else ("second", "first")
            said = (
                f"the {which} time the clock shows {clock}; the {not_it} ({other}) is out "
                "of order with the updates around it"
            )
            raise TimelineError(
                message,
                f"add the offset: '{text} {offset}', {said}",
                example=f"{text} {offset}",
                note=said,
                moments=(only, second if only is first else first),
            )
        raise TimelineError(
            message,
            f"add the offset: '{text} {a}' for the first, '{text} {b}' for the second",
            example=f"{text} {a}",
            note=f"or {b} for the second time the clock shows {clock}",
            moments=(first, second),
        )
    return first


def format_shown(at: datetime, tz: ZoneInfo, *, day: date | None = None) -> str:
    """`2026-03-29 10:00:45 CEST`: the wall-clock time the moment `at` has in `tz`, with the
    zone's abbreviation, as messages and the terminal say a time; without the date when it
    is `day`. To the second when `at` has seconds: an author who wrote them is told the
    moment the pages go by, not the minute before it."""
    local = at.astimezone(timezone.utc).astimezone(tz)
    date_part = "" if local.date() == day else "%Y-%m-%d "
    return local.strftime(f"{date_part}{clock_pattern(local)} %Z")


def clock_pattern(local: datetime) -> str:
    """The strftime pattern for `local`'s time of day: `%H:%M`, or `%H:%M:%S` when it has
    seconds (written, they are kept: docs/times.md)."""
    return "%H:%M:%S" if local.second or local.microsecond else "%H:%M"


def _offset_text(at: datetime) -> str:
    delta = at.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes, seconds = divmod(abs(int(delta.total_seconds())), 60)
    # Seconds only when the offset has them (Monrovia's -00:44:30): dropping them would
    # name a moment 30 s away from the one meant.
    tail = f":{seconds:02d}" if seconds else ""
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}{tail}"


def time_hint(key: str) -> str:
    """How to write a time key (`date:`, `scheduled_for:`), as the hint of a list or a
    mapping given for one."""
    return f"write it as {TIME_FORM}, e.g. '{key}: {_EXAMPLE_TIME}'"


def _unreadable(text: str, tz: ZoneInfo) -> TimelineError:
    hint = f"write it as {TIME_FORM}, e.g. '{_EXAMPLE_TIME}', optionally with an offset like +01:00"
    why = no_such_date(text)
    if why is not None:
        # No example: the one the author would be offered is the day that does not exist.
        return TimelineError(
            f"'{text}' is not a valid date ({why[0]})",
            f"{why[1]}, and add the time of day: {TIME_FORM}",
        )
    if _DATE_ONLY.fullmatch(text):
        return TimelineError(
            f"'{text}' has a date but no time of day",
            f"write it as '{text} {_PLACE}'",
            example=f"{text} {_PLACE}",
        )
    # Before what follows the time is told: each hint built from it (the sign retyped,
    # the note moved below) would offer back the day that does not exist.
    why = no_such_time(text)
    if why is not None:
        return NoSuchMoment(f"'{text}' is not a valid date and time ({why[0]})", why[1])
    zoned = _odd_sign(text, tz) or zone_name_error(text, tz) or _unread_tail(text)
    if zoned is not None:
        return zoned
    slashed = _SLASHED.match(text)
    if slashed:
        day_first = _day_first(slashed, text)
        if day_first is not None:
            return day_first
        return TimelineError(f"'{text}' is an ambiguous date (day/month or month/day?)", hint)
    dotted = _DOTTED_CLOCK.fullmatch(text)
    if dotted:
        fixed = f"{dotted['date']} {int(dotted['h']):02d}:{dotted['mi']}{dotted['rest']}"
        return TimelineError(
            f"cannot read the time '{text}': hours and minutes are split by '.'",
            f"write it as '{fixed}'",
            example=fixed,
        )
    if _SHORT_YEAR.match(text):
        return TimelineError(f"'{text}' has a two-digit year", hint)
    swapped = _CLOCK_THEN_DATE.fullmatch(text)
    if swapped:
        hours, minutes = swapped["clock"].split(":", 1)
        fixed = f"{swapped['date']} {int(hours):02d}:{minutes}{swapped['rest']}"
        return TimelineError(
            f"'{text}' has the time before the date",
            f"write the date first: '{fixed}'",
            example=fixed,
        )
    if _CLOCK_ONLY.match(text):
        return TimelineError(f"'{text}' has a time but no date", hint)
    odd = odd_space(text.replace("\t", " "))
    if odd:
        # The time printed looks right: say what is in it that cannot be seen.
        plain = _plain(text)
        note = f"'{text}' holds {odd} where a plain space belongs"
        return TimelineError(
            f"cannot read the time '{text}'",
            f"{note}: retype it as '{plain}'",
            example=plain,
            note=note,
        )
    return (
        _noted(text) or _spelled_out(text) or TimelineError(f"cannot read the time '{text}'", hint)
    )


def clock_time(
    hours: str, minutes: str, text: str, half: str | None = None, seconds: str | None = None
) -> time:
    """The time of day CLOCK's groups name; `half` is "a" or "p" for a 12-hour clock (12am
    is midnight). Raises ValueError saying why `text` names none."""
    hour = int(hours)
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} is not a time of day; am/pm hours run from 1 to 12")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or int(minutes) > 59 or int(seconds or 0) > 59:
        raise ValueError(f"{text!r} is not a time of day")
    return time(hour, int(minutes), int(seconds or 0))


def _spelled_out(text: str) -> TimelineError | None:
    """The error for a date and time written in words or on a 12-hour clock ("Mar 2, 2026 -
    15:12 UTC", "2026-03-05 3pm") that names one moment: its example is that moment as a
    file writes it; None for other text, or a month or a day that does not exist."""
    match = _SPELLED.fullmatch(text.strip())
    if match is None:
        return None
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
    else:
        name = (match["mon"] or match["mon2"]).lower()
        months = [n for n, full in enumerate(_MONTHS, 1) if full.startswith(name[:3])]
        # "Mar", "March", "Sept": the month's name or its start, and nothing else.
        if len(months) != 1 or not (_MONTHS[months[0] - 1].startswith(name) or name == "sept"):
            return None
        year, month, day = int(match["y"] or match["y2"]), months[0], int(match["d"] or match["d2"])
    # _SPELLED reads "PM" as "pm"; so must CLOCK here, or what it took would not read.
    read = re.fullmatch(CLOCK, match["clock"], re.IGNORECASE)
    assert read is not None  # what _SPELLED took as CLOCK reads as it
    hours, minutes, seconds, half = read.groups()
    if minutes is None and half is None:
        return None  # a bare number after the date ("2026 - 15"): no time of day
    try:
        clock = clock_time(hours, minutes or "00", text, half, seconds)
        moment = datetime.combine(date(year, month, day), clock)
    except ValueError:
        return None
    fixed = f"{moment:%Y-%m-%d} {moment:{clock_pattern(moment)}}"
    if match["off"]:
        zone = offset_zone(match["off"])
        if zone is None:
            return None
        fixed = f"{fixed} {_offset_text(moment.replace(tzinfo=zone))}"
    return TimelineError(f"cannot read the time '{text}'", f"write it as '{fixed}'", example=fixed)


def _day_first(slashed: re.Match[str], text: str) -> TimelineError | None:
    """The error for a date written with its day first or its month first that only one
    order reads (30.11.2026: no month 30), offering that date as YYYY-MM-DD with the rest
    of the time as written; None when either order reads, or neither does."""
    first, second, year = re.split(r"[/.]", slashed[0])
    if len(year) != 4:
        return None
    orders = [
        (int(month), int(day))
        for day, month in ((first, second), (second, first))
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31
    ]
    if len(orders) != 1:
        return None
    month, day = orders[0]
    fixed = f"{year}-{month:02d}-{day:02d}{text[slashed.end() :]}"
    return TimelineError(
        f"'{text}' has its date in another order than statusgen reads ({TIME_FORM})",
        f"write it as '{fixed}'",
        example=fixed,
    )


# Signs typed for an offset's '-' or '+' that only look like them: a minus sign (as
# Wikipedia writes offsets), the dashes and hyphens a word processor makes of '-', the
# full-width signs of a Japanese input method.
_ODD_SIGNS = str.maketrans(dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d", "-"))
_ODD_SIGNS.update(str.maketrans(dict.fromkeys("\ufe62\uff0b", "+")))


def _sign_meant(text: str) -> tuple[str, str] | None:
    """`text` with its offset's sign that only looks like '-' or '+' made the sign it looks
    like, and that sign as typed; None when what follows its time is no offset so made
    ("08:10 – 2 servers down" is a note, its dash kept)."""
    match = _TIME.match(text)
    if match is None:
        return None
    # A name of UTC read as the offset ("UTC" of "UTC−5") belongs to what follows.
    start = match.start("off") if match["off"] else match.end()
    tail = text[start:]
    fixed = tail.translate(_ODD_SIGNS)
    read = _TIME.match(text[:start] + fixed)
    signed = read is not None and (read["off"] or "")[:1] in ("+", "-")
    if fixed == tail or not (signed or _OFFSET_LIKE.fullmatch(fixed.strip())):
        return None
    sign = next(typed for typed, plain in zip(tail, fixed, strict=True) if typed != plain)
    return text[:start] + fixed, sign


def _odd_sign(text: str, tz: ZoneInfo) -> TimelineError | None:
    """The error for a time whose offset's sign only looks like '-' or '+' ("11:00 −01:00",
    a minus sign): the time with that offset when it reads so, else what the time with the
    plain sign is told, and in both the character named; None for other text."""
    meant = _sign_meant(text)
    if meant is None:
        return None
    fixed, typed = meant
    sign = typed.translate(_ODD_SIGNS)
    named = f"{name_character(typed)}, not '{sign}'"
    problem = f"cannot read the time '{text}': its offset's sign is {named}"
    match = _TIME.fullmatch(fixed)
    if match is not None and match["off"] and match["off"][0] in "+-":
        written = f"{fixed[: match.start('off')].rstrip()} {match['off']}"
        return TimelineError(problem, f"write it as '{written}'", example=written)
    plain = _unreadable(fixed, tz)
    note = f"the offset's sign is {named}"
    return TimelineError(
        problem,
        f"{plain.hint}; {note}",
        example=plain.example,
        note=f"{plain.note}; {note}" if plain.note else note,
    )


def _noted(text: str) -> TimelineError | None:
    """The error for a time that reads followed by other text ("2026-12-04 08:10 - 2
    servers down"): its example is the time alone, and its note keeps the text, for a
    heading's hint to say where it goes; None when there is none, or it may be part of
    the time."""
    match = _TIME.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    written = text[: match.end()].rstrip(" \t")
    if (
        not rest
        or text[len(written) : len(written) + 1] not in (" ", "\t")  # "08:10down", "Zone"
        or _MERIDIEM_FIRST.match(rest)
        # "UTC+2 down": the sign may be part of its offset
        or ((match["off"] or "").upper() in UTC_NAMES and rest[0] in "+-")
    ):
        return None
    note = f"put '{rest}' in the message below"
    return TimelineError(
        f"cannot read the time '{text}': '{rest}' follows it",
        f"write it as {TIME_FORM}, e.g. '{_EXAMPLE_TIME}', optionally with an offset like +01:00",
        example=written,
        note=note,
    )


# A zone's abbreviation after a time ("2026-12-05 09:30 CET"), where its offset belongs.
_ZONE_NAME = re.compile(r"[ \t]*(?P<zone>[A-Za-z]{2,5})")


def zone_name_error(text: str, tz: ZoneInfo) -> TimelineError | None:
    """The error for a time written with a zone's abbreviation for its offset: the
    offset it stands for when `tz` uses it then (`CET` in Europe/Berlin in winter), else
    the time with a place for one; None when `text` is no such time. The one rule for
    such times, in files and on the command line."""
    match = _TIME.match(text)
    zone = _ZONE_NAME.fullmatch(text, match.end()) if match and not match["off"] else None
    if match is None or zone is None:
        return None
    try:
        naive = _naive(match)
    except ValueError:
        return None  # no date to look the zone up on: the plain "cannot read"
    written = f"{naive:%Y-%m-%d} {naive:{clock_pattern(naive)}}"
    name = zone["zone"]
    # Both folds: around a change of the clocks the name says which of the two is meant.
    for local in (naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)):
        if local.tzname() == name.upper():
            fixed = f"{written} {_offset_text(local)}"
            return TimelineError(
                f"cannot read the time '{text}': its zone is written '{name}', not as an offset",
                f"write it as '{fixed}'",
                example=fixed,
            )
    if not name.isupper() or name in ("AM", "PM"):
        return None  # a word after the time ("ok", "PM"), not a zone's name
    # No offset to offer: an example one reads as the answer (+01:00 for GMT in London's
    # summer was BST, an hour off), and the name may stand for several (IST, CST).
    note = (
        f"'{name}' is not {tz.key}'s zone on {naive:%Y-%m-%d}: "
        f"put its offset from UTC in place of +{_PLACE}"
    )
    return TimelineError(
        f"cannot read the time '{text}': its zone is written '{name}', not as an offset",
        f"write it as '{written} +{_PLACE}'; {note}",
        example=f"{written} +{_PLACE}",
        note=note,
    )


# What may follow a time and change the moment it names, written in a way not read: an
# offset ("UTC+2", "GMT-5", "+1:00", "-0500", "+01"), a sign and digits and nothing after
# them, and the 12-hour clock's "am"/"pm". Other text ("- 2 servers down") is a note.
_OFFSET_LIKE = re.compile(r"(?i:utc|gmt|z)?[ \t]*[+-][ \t]*\d{1,2}(?::?\d{2})?")
# The start of a note that may be part of the time after all, "am"/"pm" ("8:10 pm down"):
# such a note is not offered apart from it.
_MERIDIEM_FIRST = re.compile(r"(?i:[ap]\.?[ \t]*m\.?)(?![A-Za-z])")
_MERIDIEM = re.compile(r"(?i:[ap]\.?[ \t]*m\.?)")


def _unread_tail(text: str) -> TimelineError | None:
    """The error for a date and time followed by an offset or `am`/`pm` written in a way
    not read: its example leaves a place (+HH:MM, or HH:MM for the time of day) for what
    it means, since the time without it reads as another moment; None for other text."""
    match = _TIME.match(text)
    if match is None:
        return None
    # A name of UTC read as the offset ("UTC" of "UTC+2") belongs to what follows.
    tail = text[match.start("off") if match["off"] else match.end() :].strip()
    try:
        naive = _naive(match)
    except ValueError:
        return None
    if _OFFSET_LIKE.fullmatch(tail):
        problem = f"its offset is written '{tail}', not as +HH:MM"
        note = f"put the offset from UTC that '{tail}' means in place of +{_PLACE}"
        example = f"{naive:%Y-%m-%d} {naive:{clock_pattern(naive)}} +{_PLACE}"
    elif _MERIDIEM.fullmatch(tail):
        problem = f"times are written on the 24-hour clock, not with '{tail}'"
        note = f"put the time of day on the 24-hour clock in place of {_PLACE}"
        example = f"{naive:%Y-%m-%d} {_PLACE}"
    else:
        return None
    return TimelineError(
        f"cannot read the time '{text}': {problem}",
        f"write it as '{example}'; {note}",
        example=example,
        note=note,
    )


def format_time(at: datetime, tz: ZoneInfo) -> str:
    """Write a time the canonical way in the site timezone; adds the offset only when needed."""
    local = at.astimezone(tz)
    text = local.strftime(f"%Y-%m-%d {clock_pattern(local)}")
    try:
        localise(local.replace(tzinfo=None), tz, text)
    except TimelineError:
        text += " " + _offset_text(local)
    return text


def format_heading(state: UpdateState, at: datetime, tz: ZoneInfo) -> str:
    """The canonical update heading line, e.g. `## Identified at 2026-11-20 14:31`."""
    return f"## {state.label} at {format_time(at, tz)}"


# --- times written without an offset ----------------------------------------------------

# Every front matter time the loader reads (validate.py), by its keys from the top down
# (EVERY_KEY: each component's): what `check` counts and `check --fix` pins.
FRONT_MATTER_TIMES = (
    ("date",),
    ("resolved_at",),
    ("scheduled_for",),
    ("scheduled_until",),
    ("alert", "cleared_at"),
    ("alert", "fired_at"),
    ("alert", "components_cleared_at", EVERY_KEY),
    ("alert", "components_fired_at", EVERY_KEY),
)


@dataclass(frozen=True)
class LooseTime:
    """A time in a content file written without an offset: where it is and what it says."""

    line: int  # 1-based line of the file the time starts on
    column: int  # 1-based column it starts at
    end_line: int  # 1-based line of its last character (a YAML value may span lines)
    end: int  # index in that line just after the time's last character
    text: str  # the time as read
    key: str = ""  # the front matter key holding it ("alert.fired_at"); "" for a heading


def loose_times(text: str) -> list[LooseTime]:
    """The offset-less times of a decoded content file: front matter times and update headings.

    Only what the loader reads as a time counts: the front matter keys it reads times from,
    found by the YAML parser wherever their value is written (on the key's line, the lines
    below it, or as a `>-` or `|` block), and level-2 headings outside code fences. Text in
    messages is never touched.
    """
    lines = text.split("\n")
    index = _closing_fence(lines)
    if index is None:
        return []  # no front matter, or never closed: the loader reports it
    found = _loose_front_matter("\n".join(lines[1:index]) + "\n")
    body = "\n".join(lines[index + 1 :])
    _, raw_updates = split_body(body, index + 2)
    # A heading's time is found where the loader reads it: outside its HTML comments.
    shown = without_comments(body).text.split("\n") if COMMENT_OPEN in body else None
    for raw in raw_updates:
        line = lines[raw.line - 1]
        read = shown[raw.line - index - 2] if shown is not None else line
        match = _TIME.search(read)
        if match is None or match["off"] or _sign_meant(read[match.start() :].strip()):
            continue  # an offset with a sign that only looks right is its own error
        written = match.group(0).rstrip(" \t")
        start, end = match.start(), match.start() + len(written)
        if read != line:
            place = _written_at(body, raw.line - index - 2, start, end)
            if place is None:
                continue
            start, end = place
        found.append(LooseTime(raw.line, start + 1, raw.line, end, written))
    return found


# Marks a line's digits with, each, a character of its own, to see where they are shown.
_MARKS = 0xF0000  # Unicode's supplementary private use areas: never typed in a file
_MARK_ROOM = 0x1FFFE


def _written_at(body: str, row: int, start: int, end: int) -> tuple[int, int] | None:
    """Where, in line `row` of `body` as written, the text at `start`..`end` of the same line
    shown without its comments begins and ends (the index just after its last character);
    both ends are digits of a time. None for a line too long to mark."""
    lines = body.split("\n")
    digits = [at for at, char in enumerate(lines[row]) if char.isdigit()]
    if len(digits) > _MARK_ROOM:
        return None
    marked = list(lines[row])
    for number, at in enumerate(digits):
        # Digits never start or end a comment, a code span or a line's kind: marking them
        # leaves the comments where they were.
        marked[at] = chr(_MARKS + number)
    lines[row] = "".join(marked)
    shown = without_comments("\n".join(lines)).text.split("\n")[row]
    first, last = ord(shown[start]) - _MARKS, ord(shown[end - 1]) - _MARKS
    if not (0 <= first <= last < len(digits)):
        return None  # not a marked digit: never for a time, whose ends are digits
    return digits[first], digits[last] + 1


def front_matter_time(text: str, key: str) -> str | None:
    """The value of the front matter time `key` ("alert.fired_at") of a decoded content
    file, as the loader reads it; None when it has none."""
    lines = text.split("\n")
    index = _closing_fence(lines)
    if index is None:
        return None
    path = tuple(key.split("."))
    place = scalar_places("\n".join(lines[1:index]) + "\n", (path,)).get(path)
    return place.value if place else None


def _closing_fence(lines: list[str]) -> int | None:
    if not lines or lines[0].rstrip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)


def _loose_front_matter(yaml_text: str) -> list[LooseTime]:
    """The offset-less front matter times of `yaml_text` (the lines after the opening `---`)."""
    found = []
    for path, place in scalar_places(yaml_text, FRONT_MATTER_TIMES).items():
        written = place.value.strip()
        match = _TIME.fullmatch(written)
        if match is None or match["off"]:
            continue  # unreadable ones are the loader's to report
        start, end = place.start, place.end
        if place.style in ("|", ">"):
            start = yaml_text.index("\n", start) + 1  # the block's text starts below `>-`
        elif place.style:
            start, end = start + 1, end - 1  # inside the quotes
        # The offset goes after the value's last character that is not a space or a line
        # break (those are folded or stripped away): a block runs on over blank lines.
        end = start + len(yaml_text[start:end].rstrip())
        start += len(yaml_text[start:end]) - len(yaml_text[start:end].lstrip())
        found.append(
            LooseTime(
                yaml_text.count("\n", 0, start) + 2,
                start - yaml_text.rfind("\n", 0, start),
                yaml_text.count("\n", 0, end) + 2,
                end - yaml_text.rfind("\n", 0, end) - 1,
                written,
                ".".join(path),
            )
        )
    return sorted(found, key=lambda t: (t.end_line, t.end))  # in file order, as pinned


def offset_text(at: datetime) -> str:
    """The offset of an aware time as written in content files: `+01:00`, `-05:00`, and
    `-00:44:30` for an offset with seconds."""
    return _offset_text(at)
