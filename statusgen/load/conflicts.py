"""Merge conflict markers git leaves in a file, found before the file is read as content.

A conflicted incident would otherwise be published with its markers, and `=======` under
a message turns that message into a heading; in YAML the markers give a parser error at
some later line; a template or a static file would show them to every visitor (a CNAME
with them loses the site its custom domain). Each marker is reported at its own line
instead, with how to resolve it.
"""

from __future__ import annotations

import codecs

from statusgen.errors import Diagnostic
from statusgen.load import frontmatter
from statusgen.load.fences import CodeFences

# git's markers: ours, the merge base (diff3 and zdiff3 styles), the divider, theirs.
_OPENING = ("<<<<<<< ", "||||||| ", ">>>>>>> ")
_BARE = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")
_EDGES = ("<<<<<<<", ">>>>>>>")
_EDGE_BYTES = tuple(edge.encode() for edge in _EDGES)
_HINT = "resolve the merge: keep the side you want, delete the marker lines, then commit the file"
# An incident file's conflict is most often two people's updates of one incident.
_UPDATES_HINT = (
    "resolve the merge: keep the side you want (for two updates, keep both in time order), "
    "delete the marker lines, then commit the file"
)
# Two `new incident` runs of one title on one day (an add/add conflict): git's conflict
# starts inside the front matter and takes in its closing `---`, so keeping both sides
# keeps the second side's last keys and `---` as text of the first side's update.
_FRONT_MATTER_HINT = (
    "this conflict spans the front matter's closing '---' (line {fence}): keep one side's "
    "front matter through its '---', then the updates of both sides in time order; delete "
    "the other side's front matter lines and the marker lines, then commit the file"
)
# A whole conflict quoted in a code block on purpose, to show what git leaves: a marker is
# one only at the start of its line, and a fence indented by a space takes one space off
# each of its lines (CommonMark 4.5), so the page still shows the markers as written.
_EXAMPLE_HINT = (
    "or, to show the conflict as an example, indent the code block's opening fence and "
    "each marker line in it by one space: the page shows them as written"
)
# A file of runs (monitor data): each side holds runs the other lacks, one a line.
RUNS_HINT = (
    "resolve the merge: keep the lines of both sides (one run or entry each), delete the "
    "marker lines, then commit the file; do not delete the file, which holds its history"
)
# The notification state is one JSON object written whole by each run: both sides' lines
# make keys appear twice, and only the newer side says what readers were last told.
STATE_HINT = (
    'resolve the merge: keep the newer side whole (the later "notified_at") and delete '
    "the other side and the marker lines, then commit the file; or delete the file to start "
    "over: the next run records the present and tells nothing of what changed meanwhile"
)


def conflict_markers(
    path: str, text: str, first_line: int = 1, *, markdown: bool = False, hint: str = _HINT
) -> list[Diagnostic]:
    """A diagnostic for each merge conflict marker line in `text` (which starts on file
    line `first_line`); in `markdown`, a marker line inside a fenced code block is text,
    unless it is one of a whole conflict in that one block (complete_conflicts)."""
    if not _may_hold_markers(text):
        return []  # the common case, without a look at every line of 10,000 files
    lines = text.split("\n")
    blocks = code_blocks(lines) if markdown else [0] * len(lines)
    found: list[tuple[int, str]] = []
    for number, (line, block) in enumerate(zip(lines, blocks, strict=True), start=first_line):
        if not block and is_marker(line):
            found.append((number, line))
    # git opens and closes every conflict with a marker of its own: a `=======` without
    # them is a Markdown heading's underline (or a rule), not a conflict.
    edged = any(is_edge_marker(line) for _, line in found)
    hints = dict.fromkeys((number for number, _ in found), hint) if edged else {}
    # A whole conflict is git's wherever it stands, a code block too: a fence keeps a stray
    # marker line as text, never both sides of a merge someone meant to choose between.
    for index in complete_conflicts(lines, blocks):
        hints.setdefault(first_line + index, f"{hint}; {_EXAMPLE_HINT}" if blocks[index] else hint)
    return [
        Diagnostic(path, number, 1, "unresolved merge conflict", hints[number])
        for number in sorted(hints)
    ]


def code_blocks(lines: list[str]) -> list[int]:
    """For each of the Markdown `lines`, the fenced code block it lies in (its fences too),
    counted from 1 in the order they open; 0 outside every one."""
    fences = CodeFences()
    blocks: list[int] = []
    opened = 0
    for line in lines:
        inside = fences.inside(line)
        opened += fences.opened
        blocks.append(opened if inside else 0)
    return blocks


def complete_conflicts(lines: list[str], blocks: list[int] | None = None) -> list[int]:
    """The indexes in `lines` of the marker lines of each whole conflict git left: a
    `<<<<<<<` line, then (diff3) a `|||||||` one, then `=======`, then `>>>>>>>`. With the
    `blocks` of Markdown lines (code_blocks), only one whose markers all stand in one place:
    all outside code, or all inside one fenced code block."""
    found: list[int] = []
    pending: list[int] = []  # the markers of the conflict under way, its `<<<<<<<` first
    divided = False  # whether its `=======` has been seen
    block = 0  # where the conflict under way opened
    for index, line in enumerate(lines):
        if not is_marker(line):
            continue
        here = blocks[index] if blocks else 0
        if here != block:
            # Markers quoted in two code blocks (a message quoting git, another its other
            # half) are two stray lines, not a merge: no conflict runs from one to another.
            pending, divided, block = [], False, here
        if line.startswith(_EDGES[0]):
            pending, divided = [index], False  # an earlier opening that never closed is text
        elif not pending:
            continue
        elif line.startswith(_EDGES[1]):
            if divided:
                found += [*pending, index]
            pending, divided = [], False
        elif line.startswith("|||||||") and not divided and len(pending) == 1:
            pending.append(index)
        elif line.rstrip() == "=======" and not divided:
            pending.append(index)
            divided = True
    return found


def file_conflicts(path: str, data: bytes) -> list[Diagnostic]:
    """conflict_markers of a file published as it is (a static file), when its bytes are
    text: UTF-8 throughout, without a NUL byte at its start. An image or a font is never
    looked into, whatever bytes it happens to hold."""
    # A binary file tells itself at its start (git looks for a NUL there): a site's
    # images are not searched through at every build.
    head = data[:_SNIFFED]
    if b"\0" in head:
        return []
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return []
    if not any(edge in data for edge in _EDGE_BYTES):
        return []  # nearly every text file, without decoding it whole
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    return conflict_markers(path, text)


# How much of a file's start tells text from binary (git's figure, 8000 bytes).
_SNIFFED = 8000


def is_marker(line: str) -> bool:
    """Whether `line` reads as one of git's conflict marker lines (outside code)."""
    return line.startswith(_OPENING) or line.rstrip() in _BARE


def is_edge_marker(line: str) -> bool:
    """Whether `line` reads as a marker that opens or closes a conflict, without which no
    other marker line counts as one."""
    return is_marker(line) and line.startswith(_EDGES)


def front_matter_file_conflicts(path: str, text: str) -> list[Diagnostic]:
    """conflict_markers of an incident file: its front matter as YAML, its body as Markdown
    (the whole file as YAML when a conflict leaves no front matter to split off)."""
    if not _may_hold_markers(text):
        return []  # nearly every file: not split here as well as by the parse after
    parts, _ = frontmatter.split(path, text)
    if parts is None:
        return conflict_markers(path, text, hint=_UPDATES_HINT)
    fence = parts.body_line - 1  # the closing `---`'s line
    hint = _FRONT_MATTER_HINT.format(fence=fence) if _spans(text, fence) else _UPDATES_HINT
    return [
        *conflict_markers(path, parts.yaml, parts.yaml_line, hint=hint),
        *conflict_markers(path, parts.body, parts.body_line, markdown=True, hint=hint),
    ]


def _spans(text: str, fence: int) -> bool:
    """Whether a whole conflict in `text` opens before file line `fence` and closes after it."""
    lines = text.split("\n")
    # complete_conflicts gives each conflict's markers in turn, its `<<<<<<<` first and its
    # `>>>>>>>` last; a file line is an index plus one.
    edges = [index + 1 for index in complete_conflicts(lines) if is_edge_marker(lines[index])]
    return any(
        opening < fence < closing for opening, closing in zip(edges[::2], edges[1::2], strict=True)
    )


def _may_hold_markers(text: str) -> bool:
    """Whether a marker could be in `text`: a substring test, before any line is looked at."""
    return any(marker in text for marker in _BARE)
