"""Link reference definitions no link uses: Markdown's own comment idiom.

`[//]: # (note)` and `[comment]: <> (note)` are written as notes to fellow authors: a
definition is never rendered, and one no link names leads nowhere, so the page shows
nothing of it. The text an update publishes elsewhere (the API's Markdown, the calendar,
notifications) must not show it either, as it shows no HTML comment. A definition a link
of the same text uses is kept: each message is converted on its own, and without it the
API's Markdown would lose the link's target. Of two for one label only the first is used
(the page links to it and shows neither), so a later one goes as an unused one does. The
rendered pages convert with Python-Markdown, which reads a definition on any line outside
code (in a paragraph, a quote or a list item too), so the same lines are left out here.
"""

from __future__ import annotations

import re

from statusgen.load.fences import CodeBlocks, Line

# A definition's address: in angle brackets, spaces and all (`<https://x/run book/>`,
# `<>`), as CommonMark and GitHub read one, so long as no line end and no unescaped `<`
# or `>` is inside; else a run of characters that are not spaces. Every reader of
# definitions (the converter, the link scanners, these lines) takes it from here: one
# that still read only the second form would publish `[note]: <ops notes> (…)` as text.
_IN_BRACKETS = r"<(?:[^<>\\\n]|\\.)*>"
ADDRESS = rf"(?:{_IN_BRACKETS}|\S+)"

# A whole line that defines a link (Python-Markdown's reading, on one line): the markers
# of a quote and of a list item it is in, its label, its address and an optional title.
# Each part starts with what no other can match, so a long line is read once, never tried
# in many ways (incident text may come from an alert).
_DEFINITION = re.compile(
    r"(?P<quotes>(?:[ \t]*>)*)(?:[ \t]*(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]))*[ \t]*"
    rf"\[(?P<label>[^\[\]]*)\]:[ \t]*{ADDRESS}"
    r"(?:[ \t]+(?P<title>\".*\"|'.*'|\(.*\)))?[ \t]*"
)
# A line that only opens a definition, its address on the next line (Python-Markdown reads
# `]:[ ]*\n?[ ]*address`): `[note]:`, then `  https://… "title"`.
_OPENED = re.compile(
    r"(?P<quotes>(?:[ \t]*>)*)(?:[ \t]*(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]))*[ \t]*"
    r"\[(?P<label>[^\[\]]*)\]:[ \t]*"
)
# The line below one _OPENED: the definition's address and an optional title.
_ADDRESS = re.compile(
    rf"(?P<quotes>(?:[ \t]*>)*)[ \t]*(?:{_IN_BRACKETS}|[^\s>]\S*)"
    r"(?:[ \t]+(?P<title>\".*\"|'.*'|\(.*\)))?[ \t]*"
)
# A line that is only a title: Python-Markdown reads it as the title of a definition
# without one just above it, so it goes where the definition goes.
_TITLE = re.compile(r"(?P<quotes>(?:[ \t]*>)*)[ \t]*(?:\".*\"|'.*'|\(.*\))[ \t]*")
# What a link may name a definition by: the text in any pair of brackets (`[text][label]`,
# `[label][]`, `[label]`), across a line break too, as a paragraph's lines are one text to
# Python-Markdown. Counting every bracketed text keeps a definition that might be used
# rather than break a link.
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r"\s+")
# The quote markers a line starts with: not part of the text a label may wrap onto.
_QUOTES = re.compile(r"(?:[ \t]*>)*")
# Lines of these kinds are shown as written: a definition there is text.
_AS_WRITTEN = frozenset({Line.CODE, Line.HTML, Line.COMMENT})
# The comment idiom's definitions (`[//]: # (note)`, `[comment]: <> (note)`): written to
# be hidden, where another unused one (`[ETA]: 15:00`) was meant to be read.
_NOTE_DEFINITION = re.compile(r"[^\[]*\[(?://|comment)\]:|.*\]:[ \t]*(?:#|<>)(?:[ \t]|$)")


def defines_a_link(line: str) -> bool:
    """Whether `line` is a whole link definition (`[label]: address "title"`): no text of
    the page, its address read as a definition's, not as a bare address in the text."""
    return _DEFINITION.fullmatch(line) is not None


def continued_definition(line: str, after: str) -> str | None:
    """The quote markers `after` starts with when `line` only opens a link definition
    (`[label]:`) and `after`, the line below, gives its address (and an optional title), as
    Python-Markdown reads `]:` then a line break; None when the two are no such pair."""
    opened = _OPENED.fullmatch(line)
    if opened is None:
        return None
    address = _ADDRESS.fullmatch(after)
    # A line quoted deeper than `[label]:` opens a quote of its own: no address of it. One
    # quoted less is more of the same quote (a lazy line), as the library reads it.
    if address is None or address["quotes"].count(">") > opened["quotes"].count(">"):
        return None
    return address["quotes"]


def without_unused_definitions(lines: list[str], numbers: list[int]) -> tuple[list[str], list[int]]:
    """`lines` (one message's, each at its file line in `numbers`) without the definitions
    no link of theirs uses, nor those a first one of their label overrides. Outside a list
    such a line becomes a blank one (its quote markers kept), as the page reads the text
    around it as blocks of their own; inside a list item it is left out, as the page keeps
    the item's text together."""
    going = _going(lines)
    if not going:
        return lines, numbers
    kept: list[str] = []
    at: list[int] = []
    for index, (line, number) in enumerate(zip(lines, numbers, strict=True)):
        if index in going:
            left = going[index][0]
            if left is None:
                continue
            line = left
        kept.append(line)
        at.append(number)
    return kept, at


def unused_definitions(lines: list[str]) -> list[int]:
    """The index in `lines` (one message's) of each line that starts a definition the
    page leaves out (without_unused_definitions): text that vanishes from every output."""
    return sorted({first for _, first in _going(lines).values()})


def unused_text_definitions(lines: list[str]) -> list[int]:
    """unused_definitions without the comment idiom's lines: those typed as text (`[ETA]:
    15:00`) that vanish from every output, which check warns of and update escapes."""
    return [
        index for index in unused_definitions(lines) if not _NOTE_DEFINITION.match(lines[index])
    ]


def _going(lines: list[str]) -> dict[int, tuple[str | None, int]]:
    """Each line of `lines` that goes with a definition no link uses: what is left of it
    (None: nothing) and the index of the line its definition starts at."""
    if not any("]:" in line for line in lines):  # nearly every message: nothing to look at
        return {}
    blocks = CodeBlocks()
    # Each line found to define a link, or to be the title or address of one: its label,
    # what is left of it when it goes (None: nothing, the line goes) and where the
    # definition it is part of starts.
    found: dict[int, tuple[str, str | None, int]] = {}
    prose: list[str] = []  # the text links are in; "" where a paragraph breaks
    untitled: int | None = None  # a definition just above with no title on its line
    # A definition just above with no address on its line: where, its label, what is left.
    opened: tuple[int, str, str | None] | None = None
    for index, line in enumerate(lines):
        blocks.inside(line)
        above, untitled = untitled, None
        head, opened = opened, None
        if blocks.kind in _AS_WRITTEN:
            prose.append("")
            continue
        address = _ADDRESS.fullmatch(line) if head is not None else None
        if head is not None and address is not None:
            where, label, left = head
            found[where] = (label, left, where)
            prose[where] = ""
            found[index] = (label, None if blocks.items else address["quotes"].rstrip(), where)
            untitled = None if address["title"] else index
            prose.append("")
            continue
        title = _TITLE.fullmatch(line) if above is not None else None
        if above is not None and title is not None:
            left = None if blocks.items else title["quotes"].rstrip()
            found[index] = (found[above][0], left, found[above][2])
            prose.append("")
            continue
        definition = _DEFINITION.fullmatch(line) if "]:" in line else None
        if definition is None:
            # Text unless the next line gives it an address.
            start = _OPENED.fullmatch(line) if "]:" in line else None
            if start is not None:
                left = None if blocks.items else start["quotes"].rstrip()
                opened = (index, defined_label(start["label"]), left)
            prose.append(_QUOTES.sub("", line, count=1))
            continue
        left = None if blocks.items else definition["quotes"].rstrip()
        found[index] = (defined_label(definition["label"]), left, index)
        untitled = None if definition["title"] else index
        prose.append("")
    named = {
        linked_label(text)
        for paragraph in re.split(r"\n[ \t]*\n", "\n".join(prose))
        for text in _BRACKETED.findall(paragraph)
    }
    # The definition each used label links to: its first, as the page reads them.
    used: dict[str, int] = {}
    for label, _, first in found.values():
        if label in named:
            used.setdefault(label, first)
    return {
        index: (left, first)
        for index, (label, left, first) in found.items()
        if used.get(label) != first
    }


# Labels are matched as the page's converter (Python-Markdown) matches them, not by
# CommonMark's Unicode case fold: `[Straße][straße]` does not link to `[STRASSE]: …` there,
# and the definition a page leaves hidden must not be the one the API's Markdown links to.
def defined_label(text: str) -> str:
    """A definition's label as the converter keys it: in lowercase, without the spaces
    around it (those inside are kept as written)."""
    return text.strip().lower()


def linked_label(text: str) -> str:
    """The label a link names a definition by, as the converter looks it up: in
    lowercase, each run of spaces and line ends one space (around it too)."""
    return _SPACES.sub(" ", text.lower())
