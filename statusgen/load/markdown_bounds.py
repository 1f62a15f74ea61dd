"""Bounds on the Markdown of incident text, checked before anything is converted.

The Markdown library recurses once per level of nesting, so a 1 KB message of 500
nested list markers ends a build with RecursionError; and it looks for the `]` of every
`[` to the end of the paragraph, so 20,000 unclosed `[` take it minutes. Both are
measured here in one linear pass over the text, with the same line numbers the author
sees, so `check` refuses what the build could not convert in reasonable time.

Two more costs grow with the square of a block's size (a block: lines between blank
lines). Each inline match (an escape, a code span, emphasis...) rebuilds the whole text of
its paragraph, longer by a placeholder each time: 100 KB of backslashes took 16 s. And
each heading, rule or underline line splits its block and sends the rest of it through
every block rule again: 20,000 `#### step` lines took 15 s. And each line that continues a
list item (a line indented under it, a nested item, a lazy line) is glued to the item's
text so far, once for each level of list items it is in: a 550 KB log pasted under a
bullet took 20 s, 20,000 nested items 25 s, a 900 KB log under an item nested 8 deep 13 s.
Blank lines between them make all three linear, so the bound is per block; fenced code is
set aside before, a line in its place.

Two constructs make more HTML than their text, with no bound but the product of two sizes:
each use of a reference link (`[text][r]`, `[r]`, `![r]`) copies the address and title of
its definition (`[r]: https://...`), and a table fills each row short of cells up to its
columns. An 80 KB message of 10,000 uses of a 10,000-character address made 100 MB of each
page and feed showing it (504 MB in all, 1.5 GB of memory); 2,000 rows of `|` under a
header of 2,000 columns, 4,000,000 cells (72 s). Both are bounded by what they add.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape

from statusgen.load.definitions import ADDRESS
from statusgen.load.text import describe_character, forbidden_character

# Far deeper than any message means to nest (lists in quotes in lists...), far below
# the depth at which converting it would exhaust Python's recursion limit (~300).
MAX_NESTING = 32
# Characters the link pattern may scan from unclosed brackets to the end of their
# paragraph, summed over the text: about a second of converting at worst.
MAX_BRACKET_SCAN = 1_000_000
# Inline marks times the text each match rebuilds (see _inline_work), per block: about a
# second of converting at worst (30,000 escapes in a 60 KB paragraph).
MAX_INLINE_WORK = 10_000_000_000
# Characters of a block sent through the block rules again after a line split it off,
# summed over its heading, rule and underline lines: under a second at worst (the
# underlines of 3,500 `a\n=` headings in one block).
MAX_SPLIT_WORK = 20_000_000
# Characters of a list item copied to glue the lines that continue it, each line as many
# times as the list items it is in are nested (see _Block.glue), per block: about a second
# of converting on a quiet machine (twice that under load): a log of some 20,000 lines of
# 54 characters pasted under a bullet, 9,000 under an item nested 4 deep, 6,000 at 8 deep,
# 3,500 at 16 deep (its lines indented 64 columns).
MAX_LIST_WORK = 12_000_000_000
# Characters of address and title a message's reference links copy from their definitions,
# summed over the uses: a hundred times what a long postmortem's copy (200 definitions of
# 170 characters, each used twice), a megabyte more of each page and feed at worst.
MAX_LINK_COPIES = 1_000_000
# Cells tables add to fill their rows short of cells, summed over the text: about a second
# of converting at worst (and a megabyte of HTML), tens of times a table of findings'.
MAX_FILLED_CELLS = 50_000
# Each inline match leaves a placeholder of about this many characters in its paragraph's
# text in place of the few it matched: with many matches the text grows with them.
_PLACEHOLDER = 8
# What an inline pattern of the library starts at (escape, code, emphasis, link, image,
# autolink, entity, strikethrough, a bare address; render/markdown.py's _INLINE_NEEDS); a
# hard line break, the other, is a line ending in a space or a tab. An address's `://`
# counts twice (its `//` again): linking one costs the library what an emphasis's two
# marks cost.
_INLINE_MARKS = ("\\", "`", "*", "_", "[", "<", "&", "~", "://", "//", "www.")
# A line that splits its block: a heading, or a line of `-`, `=`, `*` or `_` (a rule, or
# the underline of a heading), also in a quote.
_SPLITS = re.compile(r"[ \t>]*(?:#|[-=*_][-=*_ \t]*$)")
# An update's heading (statusgen/timeline.py's, which is `##` and no more hashes): each
# message under one is converted on its own, so it ends the costs of a block.
_UPDATE = re.compile(r" {0,3}##(?!#)")
# The library's fenced code, as its fenced_code extension finds it (FENCED_BLOCK_RE): only
# a fence that closes sets its lines aside; an unclosed one is Markdown like any other line.
# Not load/fences.py, which follows CommonMark's up to three spaces of indent: the library
# parses an indented fence's lines as Markdown, so they must count here.
_FENCED = re.compile(
    r"(?P<fence>^(?:~{3,}|`{3,}))[ ]*"
    r"((\{(?P<attrs>[^\n]*)\})|"
    r"(\.?(?P<lang>[\w#.+-]*)[ ]*)?"
    r"(hl_lines=(?P<quot>\"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?)"
    r"\n"
    r"(?P<code>.*?)(?<=\n)"
    r"(?P=fence)[ ]*$",
    re.MULTILINE | re.DOTALL,
)
# A link reference definition as the converter finds one (render/markdown.py's _REFERENCE,
# the library's with CommonMark's address), in a quote or a list item too: `[label]:`, the
# address (on the next line, maybe), a title in quotes or parentheses (on the line after,
# maybe). Its title ends at the line's end here, where the library's ends at a closing
# quote: a few characters more, never fewer.
_DEFINITION = re.compile(
    rf"^[ \t>*+\-0-9.)]*\[([^\[\]]*)\]:[ \t]*(?:\n[ \t>]*)?({ADDRESS})[ \t]*(?:\n[ \t>]*)?"
    r"([\"'(].*)?$",
    re.MULTILINE,
)
# The start of a definition's line as the library surely reads one: in quotes and list
# items (a marker and a space), three spaces of indentation at most before each. Lines
# _DEFINITION matches beyond these may be text, their labels uses: counted so.
_SURELY_DEFINITION = re.compile(r"(?:[ ]{0,3}(?:>[ ]?|[-*+][ \t]+|[0-9]+\.[ \t]+))*[ ]{0,3}\[")
# A line under a block's first line that makes it a heading, not a definition (under a
# later line, it may be a rule; the definition is then not counted as sure).
_UNDERLINE = re.compile(r"[ ]{0,3}(?:=+|-+)[ ]*$", re.MULTILINE)
# A label in brackets: every use of a definition holds its label so (`[x][r]`, `[r][]`,
# `[r]`, `![r]`), as does the definition itself; labels hold no brackets.
_LABEL = re.compile(r"\[([^\[\]]*)\]")
# What may follow a bracket so that it is no use of its own label: the label of a full
# reference (`[text][r]`, one space between at most: a tab may be more), or an inline
# link's address and title in one line (`[r](https://...)`), taken whole only when its
# parenthesis closes before a code span or an escape could hide it (else `[r]` is a use).
_NO_USE_AFTER = re.compile(r" ?\[([^\[\]]*)\]|\([^()\[\]\n`\\]*\)")
# What may precede the label of a full reference (a line end, a tab too), or one a
# reference before took as its own: a bracket there is a use, whatever follows.
_LABEL_AFTER_TEXT = re.compile(r"\]\s?$")
# What changes how deep in brackets the text is: in a bracket still open, a pair of
# brackets may be the text of a reference, whose links are found one by one. A blank line
# ends the paragraph and its brackets.
_DEPTH = re.compile(r"[\[\]]|\n(?=[ \t]*\n)")
# A line that starts a list (or a quote, which the library treats alike here): a block of
# indented lines after one continues it, any other is code.
_LIST_START = re.compile(r"[ ]{0,3}(?:[-*+>]|[0-9]+[.)])")
_TICKS = re.compile(r"`+")
# What code is replaced with to count uses: as the library's placeholder for it, no space
# (which would make blank lines of code lines, and end paragraphs where none ends).
_CODE = "x"
# The Markdown library's tab width: four columns of indentation nest a list one level.
_TAB = 4
# A container opening at the start of a line: a quote, a bullet or a numbered item.
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_BRACKET = re.compile(r"[\[\]]")
# The first characters of a line that may open a list or quote (or indent one).
_MAY_NEST = frozenset(" \t>-*+0123456789")
# The characters of a table's delimiter row (with the quote it may be in): the library
# reads such a line under one with as many cells as the start of a table.
_DELIMITER_ROW = " \t>|:-"
# A list item's marker, after its indentation (and the quotes it may be in, _QUOTES).
_ITEM = re.compile(r"[ ]*(?:[-*+]|[0-9]+[.)])(?:[ \t]|$)")
_QUOTES = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
# One quote's mark, which the library takes off each of its lines before reading them.
_QUOTE_MARK = re.compile(r"[ ]{0,3}>[ ]?")
# The first characters of a line that may split its block (_SPLITS).
_MAY_SPLIT = frozenset(" \t>#-=*_")


@dataclass(frozen=True)
class MarkdownProblem:
    line: int  # 1-based, in the text given
    column: int
    message: str
    hint: str


# The start of a line that could open more than MAX_NESTING levels: each level takes at
# least one character of a line's first run of these (a tab indents one level at most).
_DEEP_START = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}", re.MULTILINE)


def markdown_problem(text: str) -> MarkdownProblem | None:
    """The first reason `text` would be too deep or too costly to convert, or None."""
    return None if _surely_within(text) else _first_problem(text)


# A numeric character reference, as the library passes one on and the sanitizer decodes it
# (HTML's rules: any number of digits, `x` or `X`). A backslash before its `#` or `;` is an
# escape the library resolves, which leaves the reference whole: `&\#1;` is `&#1;`.
_REFERENCE = re.compile(r"&(\\?)#(?:([0-9]+)|[xX]([0-9a-fA-F]+))(\\?);")
# The largest code point: a reference past it names no character (the page shows U+FFFD).
_LAST_CODE_POINT = 0x10FFFF


@dataclass(frozen=True)
class RefusedReference:
    line: int  # 1-based, in the text given
    column: int
    start: int  # the offset of its `&` in the text given
    end: int
    reference: str  # as written: `&#1;`
    names: str  # what it names: `U+0001 (a control character)`
    code: int | None  # the code point it names, None past U+10FFFF
    in_address: bool  # in an address read as typed, where no backslash escapes it


def refused_references(text: str) -> list[RefusedReference]:
    """Each character reference out of code in `text` that names a character no text may
    hold (load/text.py's rule) or none at all: the page decodes `&#1;` into the character
    itself, which the feeds, being XML, cannot carry. In code it is shown as typed, and
    after a backslash (`\\&#1;`) too: neither is refused, but for one in an address the
    page reads as typed (`<https://…>`, a bare `https://…`), where a backslash escapes
    nothing."""
    if "&" not in text:
        return []  # nearly every message
    found: list[RefusedReference] = []
    offset = 0  # where the line starts in `text`
    for number, line in enumerate(_without_any_code(text).split("\n"), start=1):
        addresses: list[tuple[int, int]] | None = None  # looked for once one matters
        for reference in _REFERENCE.finditer(line) if "&" in line else ():
            before = line[: reference.start()]
            escaped, digits, hexadecimal, escaped_end = reference.groups()
            backslashes = escaped or escaped_end or (len(before) - len(before.rstrip("\\"))) % 2
            in_address = False
            if backslashes or ("://" in line or "www." in line):
                if addresses is None:
                    addresses = _typed_addresses(line)
                # Whole: a bare address whose `;` ends a sentence ends before it.
                at, after = reference.span()
                in_address = any(start <= at and after <= end for start, end in addresses)
            if backslashes and in_address == bool(escaped or escaped_end):
                # An escaped `&` out of an address, the rest as typed; or in one, a
                # backslash before `#` or `;` that no reference holds: as typed.
                continue
            # Leading zeros aside, more digits than the last code point has name none (and
            # int() refuses thousands of them).
            significant = (digits or hexadecimal).lstrip("0")[:8]
            code = int(significant or "0", 10 if digits is not None else 16)
            if code > _LAST_CODE_POINT:
                names = "no character (past U+10FFFF)"
            elif forbidden_character(chr(code)) is not None:
                names = describe_character(chr(code))
            else:
                continue
            start, end = offset + reference.start(), offset + reference.end()
            column, written = reference.start() + 1, reference[0]
            named = None if code > _LAST_CODE_POINT else code
            found.append(
                RefusedReference(number, column, start, end, written, names, named, in_address)
            )
        offset += len(line) + 1
    return found


def _typed_addresses(line: str) -> list[tuple[int, int]]:
    """Where in `line` (its code masked) the page links an address as typed, its
    backslashes kept: an autolink, from `<` to `>` (the library's expression, as
    render/markdown.py's Autolink reads it), and a bare address (render/autolinks.py),
    up to where it ends: an entity the library stashes before ends one."""
    from markdown.inlinepatterns import AUTOLINK_RE, ENTITY_RE

    from statusgen.render.autolinks import BARE_URL, bare_url

    def escaped(at: int) -> bool:  # after an odd number of backslashes
        return bool((at - len(line[:at].rstrip("\\"))) % 2)

    spans = [found.span() for found in re.finditer(AUTOLINK_RE, line) if not escaped(found.start())]
    stops = spans + [
        found.span() for found in re.finditer(ENTITY_RE, line) if not escaped(found.start())
    ]
    view = line
    for start, end in stops:
        view = view[:start] + "\x02" * (end - start) + view[end:]
    for found in BARE_URL.finditer(view) if "://" in view or "www." in view else ():
        linked = None if found.start() and escaped(found.start() - 1) else bare_url(found)
        if linked is not None:
            spans.append((found.start(), linked[1]))
    return spans


def _without_any_code(text: str) -> str:
    """`text` with its fenced and indented code and its code spans as _CODE, each line as
    long as it was: what is left is converted as Markdown (or may be)."""
    lines = _without_code(text, escapes=True).split("\n")
    fenced = {n for first, last in _fenced_lines(text) for n in range(first, last + 1)}
    for number in fenced | _code_lines(text):
        lines[number - 1] = _CODE * len(lines[number - 1])
    return _without_quoted_code(text, lines) if ">" in text else "\n".join(lines)


def _without_quoted_code(text: str, lines: list[str]) -> str:
    """`lines` (of `text`, code blanked out of quotes) with the code in its quotes as _CODE
    too: the library reads a quote's lines, their `>` taken off, as blocks of their own,
    where its fenced and indented code and its code spans are code."""
    written = text.split("\n")
    start = 0
    while start < len(written):
        marks = [_QUOTE_MARK.match(line) for line in written[start:]]
        quoted = next((n for n, mark in enumerate(marks) if mark is None), len(marks))
        if not quoted:
            start += 1
            continue
        ends = [mark.end() for mark in marks[:quoted] if mark is not None]  # each of them
        inner = "\n".join(line[end:] for line, end in zip(written[start:], ends, strict=False))
        inside = _without_code(inner, escapes=True).split("\n")
        # Its fenced code too: the page shows a quote's fences as code blocks.
        for first, last in _fenced_lines(inner):
            for number in range(first - 1, last):
                inside[number] = _CODE * len(inside[number])
        if ">" in inner:
            inside = _without_quoted_code(inner, inside).split("\n")
        for number, (end, line) in enumerate(zip(ends, inside, strict=True), start=start):
            lines[number] = lines[number][:end] + line
        start += quoted
    return "\n".join(lines)


def _first_problem(text: str) -> MarkdownProblem | None:
    """markdown_problem, found line by line."""
    fenced = _fenced_lines(text)
    in_code = _code_lines(text)
    scanned = 0
    open_brackets: list[tuple[int, int, int]] = []  # (offset, line, column) of each open `[`
    block_end_pending = False
    block = _Block()
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if fenced and fenced[0][0] <= number:
            # Code set aside whole, its fences too: it ends a paragraph of brackets, and
            # leaves a one-line placeholder in its block.
            if number == fenced[0][0]:
                scanned += sum(offset - start for start, _, _ in open_brackets)
                problem = _too_costly(scanned, open_brackets)
                if problem is not None:
                    return problem
                open_brackets = []
                block_end_pending = False
            if number == fenced[0][1]:
                fenced.pop(0)
            offset += len(line) + 1
            continue
        if not line.strip(" \t") or _UPDATE.match(line):
            problem = block.problem()
            if problem is not None:
                return problem
            # The cells tables fill are bounded in the whole text, as the HTML they make.
            block = _Block(filled=block.filled)
        else:
            block.add(number, line, number in in_code)
        blank = not line.strip()
        if blank or _HEADING.match(line) or block_end_pending:
            # A paragraph ends: every `[` still open was scanned to here for nothing.
            scanned += sum(offset - start for start, _, _ in open_brackets)
            problem = _too_costly(scanned, open_brackets)
            if problem is not None:
                return problem
            open_brackets = []
        block_end_pending = bool(_HEADING.match(line))
        depth = _nesting(line) if line[:1] in _MAY_NEST else 0
        if depth > MAX_NESTING:
            return MarkdownProblem(
                number,
                1,
                f"Markdown nested {depth} levels deep (at most {MAX_NESTING})",
                "flatten the lists and quotes; deeper nesting cannot be shown",
            )
        for bracket in _BRACKET.finditer(line) if "[" in line or "]" in line else ():
            column = bracket.start() + 1
            if bracket[0] == "[":
                if len(open_brackets) >= MAX_NESTING:
                    return MarkdownProblem(
                        number,
                        column,
                        f"brackets nested more than {MAX_NESTING} deep",
                        "close the brackets with ']', or write a literal bracket as '\\['",
                    )
                open_brackets.append((offset + column - 1, number, column))
            elif open_brackets:
                open_brackets.pop()  # scanned only as far as here: linear in the text
        offset += len(line) + 1
    scanned += sum(offset - start for start, _, _ in open_brackets)
    return (
        _too_costly(scanned, open_brackets)
        or block.problem()
        or (_copies_problem(text) if "]:" in text else None)
    )


def _fenced_lines(text: str) -> list[tuple[int, int]]:
    """The first and last line of each block of fenced code in `text`, in order."""
    blocks: list[tuple[int, int]] = []
    line = 1
    at = 0
    for found in _FENCED.finditer(text) if "```" in text or "~~~" in text else ():
        line += text.count("\n", at, found.start())
        last = line + text.count("\n", found.start(), found.end())
        blocks.append((line, last))
        line, at = last, found.end()
    return blocks


def _code_lines(text: str) -> set[int]:
    """The lines of `text` in fenced code as the converter finds it (load/fences.py: in a
    list item and indented too), but each block's opening fence: each block reaches the
    library as one line in its place (render/markdown.py's stash_fences)."""
    if "```" not in text and "~~~" not in text:
        return set()
    from statusgen.load.fences import CodeBlocks

    blocks = CodeBlocks()
    code: set[int] = set()
    was_fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        blocks.inside(line)
        if blocks.fenced and was_fenced:
            code.add(number)
        was_fenced = blocks.fenced and bool(blocks.fences.open)
    return code


def _copies_problem(text: str) -> MarkdownProblem | None:
    """Whether the reference links of `text` copy more than MAX_LINK_COPIES characters of
    their definitions' addresses and titles into its HTML, said at the definition that
    copies most."""
    if "\r" in text:
        # The library's line ends, as load/text.py's decode leaves them in a file's text.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "```" in text or "~~~" in text:
        # Code is no definition and uses none: blank lines in its place keep the numbers.
        text = _FENCED.sub(lambda code: "\n" * code[0].count("\n"), text)
    sizes: dict[str, int] = {}  # the HTML of the address and title, by label
    starts: dict[str, int] = {}
    # Where each definition the library surely takes as one starts: its label is no use.
    definitions: set[int] = set()
    previous = -1  # where the last of them ends
    for found in _DEFINITION.finditer(text):
        label = _label(found[1])
        # As the HTML writes them: `&` is `&amp;` there, `"` `&quot;`.
        size = len(escape(found[2])) + len(escape(found[3] or ""))
        sizes[label] = max(size, sizes.get(label, 0))  # the last one counts: at most this
        starts.setdefault(label, found.start(1) - 1)
        if _surely_definition(text, found, previous):
            definitions.add(found.start(1) - 1)
            previous = found.end()
    if not sizes:
        return None
    labels = _uses(_without_code(text), sizes, definitions)
    copies = {label: labels[label] * size for label, size in sizes.items()}
    total = sum(copies.values())
    if total <= MAX_LINK_COPIES:
        return None
    worst = max(copies, key=copies.__getitem__)
    start = starts[worst]
    line_start = text.rfind("\n", 0, start) + 1
    return MarkdownProblem(
        text.count("\n", 0, start) + 1,
        start - line_start + 1,
        f"this link definition is copied into each of its {labels[worst]:,} "
        f"uses: {total:,} characters of addresses and titles in all (at most {MAX_LINK_COPIES:,})",
        "shorten its address and title, or link to it fewer times",
    )


def _surely_definition(text: str, found: re.Match[str], previous: int) -> bool:
    """Whether the library surely reads `found`, a match of _DEFINITION, as a definition:
    at the start of a block (after a blank line or a heading, or right after a definition
    that surely is one), as a quote's
    or a list's line, and not the first line of a heading."""
    line_start = found.start()
    if line_start and line_start - 1 != previous:
        before = text.rfind("\n", 0, line_start - 1) + 1
        line_before = text[before : line_start - 1]
        if (line_before.strip(" \t") or (before == 0 and line_before)) and not _HEADING.match(
            line_before
        ):
            # A line of a paragraph (a first line of spaces is one): a marker there is text.
            # A heading's line (an update's too) ends its block.
            return False
    first_line_end = text.find("\n", line_start)
    return _SURELY_DEFINITION.match(found[0]) is not None and (
        first_line_end < 0 or _UNDERLINE.match(text, first_line_end + 1) is None
    )


def _uses(text: str, defined: dict[str, int], definitions: set[int]) -> Counter[str]:
    """How many links each defined label of `text` makes, as the library resolves them:
    `[text][r]` by its label once, `[r][]` and `[r]` once, `[r](...)` and a definition not.
    Where unsure (`[x]\n[r]`, brackets in brackets), a use more, never one fewer."""
    uses: Counter[str] = Counter()
    changes = _DEPTH.finditer(text)
    change = next(changes, None)
    depth = 0  # of the bracket found: the `[` open before it in its paragraph
    for found in _LABEL.finditer(text):
        while change is not None and change.start() < found.start():
            depth = 0 if change[0] == "\n" else max(0, depth + (1 if change[0] == "[" else -1))
            change = next(changes, None)
        label = _label(found[1])
        if label not in defined or found.start() in definitions:
            continue
        after = _NO_USE_AFTER.match(text, found.end())
        if (
            after is not None
            and not depth
            and not _LABEL_AFTER_TEXT.search(text, max(0, found.start() - 2), found.start())
            and (
                after[0].endswith(")")
                or (
                    after[1].strip()
                    and _label(after[1]) in defined
                    and after.start(1) - 1 not in definitions
                )
            )
        ):
            continue  # the text of a full reference, counted by its label, or an inline link
        uses[label] += 1
    return uses


def _without_code(text: str, *, escapes: bool = False) -> str:
    """`text` with its indented code and the code spans the library surely finds as
    _CODE, line ends kept: what is left of a reference there is linked.

    Only what the library surely reads as code is blanked, so uses are never missed: a
    code span within a line, in a block whose lines before leave no backtick unpaired
    (the library pairs them across lines, and a list item or a table cell starts anew),
    and none in a line with a backslash (which may escape a backtick), unless `escapes`:
    then a backslash is read as the library reads it before a backtick, and a span may
    run over the lines of its paragraph, as the library pairs backticks."""
    lines = text.split("\n")
    after_list = False  # whether the block before is a list, or a quote: indented continues it
    block_start = True
    code = False
    spans_known = True
    unclosed: int | None = None  # with `escapes`: the line whose span is not closed yet
    open_ticks = 0  # and how many backticks opened it
    for number, line in enumerate(lines):
        # A first line of spaces is no blank line to the library: it starts the block.
        if not line.expandtabs(_TAB).strip(" ") and (number or not line):
            block_start, code, spans_known, unclosed = True, False, True, None
            continue
        indented = line.expandtabs(_TAB).startswith(" " * _TAB)
        if block_start:
            code = indented and not after_list
            # A block of definitions leaves nothing: the list before may go on after it.
            after_list = after_list and (indented or line.lstrip(" ").startswith("["))
        elif code and not indented:
            code = False  # the rest of the block is a block of its own
        block_start = False
        if code:
            lines[number] = _CODE * len(line)
            unclosed = None
            continue
        if _LIST_START.match(line):
            after_list = True
            unclosed = None  # a list item's text is read apart from the lines before
        heading = escapes and _HEADING.match(line.lstrip(" ")) is not None
        if heading:
            unclosed = None  # a heading's line is a block of its own
        if "`" not in line or not spans_known:
            continue
        if "\\" in line and not escapes:
            spans_known = False
            continue
        if unclosed is None or heading:
            lines[number], left_open = _without_code_spans(line, escapes=escapes)
            spans_known = left_open is None or escapes
            unclosed = None
            if left_open is not None and escapes and not heading:
                unclosed, open_ticks = number, left_open[1]
            continue
        if not any(len(run[0]) == open_ticks for run in _TICKS.finditer(line)):
            continue  # nothing here closes the span open above: more of it
        # The lines from the one the span opened in, read again as one paragraph's text.
        pending = "\n".join(lines[unclosed : number + 1])
        masked, left_open = _without_code_spans(pending, escapes=True)
        pairs = zip(masked, pending, strict=True)  # the same length: line ends kept
        kept = "".join("\n" if was == "\n" else now for now, was in pairs)
        lines[unclosed : number + 1] = kept.split("\n")
        if left_open is None:
            unclosed = None
        else:
            unclosed += pending.count("\n", 0, left_open[0])
            open_ticks = left_open[1]
    return "\n".join(lines)


def _without_code_spans(line: str, *, escapes: bool = False) -> tuple[str, tuple[int, int] | None]:
    """`line` with its code spans as _CODE, as the library finds them (a run of backticks
    closed by the next run as long), and where the first run it left unclosed starts and
    how long it is (None when none is): no span after it is blanked. With `escapes`,
    a run after an odd number of backslashes opens none with its first backtick (the
    library's BACKTICK_RE); in a span, a backslash is code, and closes nothing."""
    runs = list(_TICKS.finditer(line))
    at = 0
    while at < len(runs):
        opening = runs[at]
        start, length = opening.start(), len(opening[0])
        if escapes and (start - len(line[:start].rstrip("\\"))) % 2:
            start, length = start + 1, length - 1  # `\``: an escaped backtick, then a run
            if not length:
                at += 1
                continue
        closing = next((i for i in range(at + 1, len(runs)) if len(runs[i][0]) == length), None)
        if closing is None:
            return line, (start, length)
        end = runs[closing].end()
        line = line[:start] + _CODE * (end - start) + line[end:]
        at = closing + 1
    return line, None


def _label(text: str) -> str:
    """A reference's label as the library matches it: in lowercase, its spaces and line
    ends one space (it strips a definition's, and collapses a use's)."""
    return " ".join(text.lower().split())


class _Block:
    """What one block (lines between blank lines) costs to convert, line by line."""

    def __init__(self, filled: int = 0) -> None:
        self.length = 0
        self.marks = 0
        self.first_mark = 0  # the line of its first inline mark
        # Where each line that splits the block ends, and the line: the rest is parsed again.
        self.splits: list[tuple[int, int]] = []
        # The columns of its widest table's delimiter row, its line, and the cells the
        # lines after it leave out, which the library adds: with those of the blocks before.
        self.columns = 0
        self.table = 0
        self.filled_before = self.filled = filled
        # The indentation of its list's items (-1 until an item starts the list), the
        # characters of the item lines are glued to, its line, and the cost of the gluing.
        self.list_margin = -1
        self.item = 0
        self.depth = 0  # the levels of list items the next line continues
        self.item_line = 0
        self.item_lines = 0
        self.glued = 0
        self.costly_item = 0  # the line of the item whose lines took the gluing over the bound
        self.costly_lines = 0

    def add(self, number: int, line: str, code: bool = False) -> None:
        self.length += len(line) + 1
        if not code and (self.list_margin >= 0 or line[:1] in _MAY_NEST):
            # Fenced code reaches the list processor as a line in its place: glued whole.
            self.glue(number, line)
        marks = sum(map(line.count, _INLINE_MARKS)) + line.endswith((" ", "\t"))
        if marks and not self.marks:
            self.first_mark = number
        self.marks += marks
        if line[:1] in _MAY_SPLIT and _SPLITS.match(line):
            self.splits.append((self.length, number))
        if "|" in line and not line.strip(_DELIMITER_ROW) and _columns(line) > self.columns:
            self.columns, self.table = _columns(line), number
        elif self.columns:
            # Every line after the delimiter row is a row of the table.
            self.filled += max(0, self.columns - line.count("|") - 1)

    def glue(self, number: int, line: str) -> None:
        """Count what the library's list processor (OListProcessor.get_items) copies for
        `line`: a line that starts an item of the list starts a new item; any other is
        glued to the item's text so far, once at each level of the list items it is in
        (where the text of each is read as a list of its own), counted here at most."""
        expanded = _QUOTES.sub("", line, count=1).expandtabs(_TAB)
        indent = len(expanded) - len(expanded.lstrip(" "))
        if _ITEM.match(expanded) and (self.list_margin < 0 or indent < self.list_margin + _TAB):
            if self.list_margin < 0:
                self.list_margin = indent - indent % _TAB
            self.item, self.item_line, self.item_lines = len(line) + 1, number, 0
            self.depth = 1
            return
        if self.list_margin < 0:
            return
        if _ITEM.match(expanded):
            # A nested item is read again at each level it is nested deeper, one deeper than
            # the item before at most (an item indented further is text of that one's).
            levels = max(1, min((indent - self.list_margin) // _TAB, self.depth))
            self.depth = levels + 1
        else:
            # Any other line (a pasted log, a lazy line) continues the last item, so it is
            # glued at each of its levels, however far it is indented: a log under an item
            # nested eight deep is glued eight times.
            levels = self.depth
        self.glued += levels * self.item
        self.item += len(line) + 1
        self.item_lines += 1
        if self.glued > MAX_LIST_WORK and not self.costly_item:
            self.costly_item = self.item_line
        if self.costly_item == self.item_line:
            self.costly_lines = self.item_lines

    def problem(self) -> MarkdownProblem | None:
        if self.costly_item:
            return MarkdownProblem(
                self.costly_item,
                1,
                f"a list item continued by {self.costly_lines:,} indented, nested or following "
                "lines without a blank line is too costly to render",
                "put a pasted log or output in a fenced code block (```) under the item, "
                "or separate the list into parts with blank lines",
            )
        if _inline_work(self.marks, self.length) > MAX_INLINE_WORK:
            return MarkdownProblem(
                self.first_mark,
                1,
                f"a paragraph of {self.marks:,} Markdown marks ('\\', '`', '*', '_', '[', '<', "
                "'&', '~', web addresses) is too costly to render",
                "separate the text into paragraphs with blank lines, or put it in a fenced "
                "code block (```)",
            )
        work = sum(self.length - end for end, _ in self.splits)
        if work > MAX_SPLIT_WORK:
            return MarkdownProblem(
                self.splits[0][1],
                1,
                f"{len(self.splits):,} headings, rules or underlines without blank lines "
                "between them are too costly to render",
                "put a blank line after each heading and rule",
            )
        if self.filled > MAX_FILLED_CELLS:
            before = ", and those of the tables before it," if self.filled_before else ""
            return MarkdownProblem(
                self.table,
                1,
                f"a table of {self.columns:,} columns: filling its short rows{before} adds "
                f"{self.filled:,} empty cells (at most {MAX_FILLED_CELLS:,})",
                "give the table fewer columns, write out each row's cells, or end the table "
                "with a blank line",
            )
        return None


def _columns(row: str) -> int:
    """The cells of a table's delimiter row (`|---|:--:|`): its pipes but those at its ends."""
    bare = row.strip(" \t>")
    return row.count("|") + 1 - bare.startswith("|") - (len(bare) > 1 and bare.endswith("|"))


def _inline_work(marks: int, length: int) -> int:
    """The characters the library copies converting a paragraph of `length` with `marks`
    inline matches at most: each copies the text, grown by the placeholders before it."""
    return marks * (length + _PLACEHOLDER * marks)


def _surely_within(text: str) -> bool:
    """Whether `text` is within the bounds by counts alone, without the line by line pass
    (a sixth of the time of parsing an incident file, and nearly every text is within): too
    few `[` to nest too deep, or to scan too far even if each were scanned to the end of
    the text; too few inline marks and lines to cost too much even if all were in one
    block; and no line starting with enough markers and indentation to nest too deep."""
    brackets, length = text.count("["), len(text)
    return (
        # Every mark and line is a character at least: a text short enough to be within
        # were all of its characters marks or lines (33 KB, 4 KB) is not counted, nearly
        # every text, whose counting would double the time of this check.
        (
            _inline_work(length + 1, length) <= MAX_INLINE_WORK
            or _inline_work(_marks(text), length) <= MAX_INLINE_WORK
        )
        and (
            (length + 1) * length <= MAX_SPLIT_WORK
            or (text.count("\n") + 1) * length <= MAX_SPLIT_WORK
        )
        and brackets <= MAX_NESTING
        and brackets * len(text) <= MAX_BRACKET_SCAN
        # Each use of a definition is a `[`, each definition's HTML at most six characters
        # (`&quot;`) for each of the text's.
        and (brackets * 6 * length <= MAX_LINK_COPIES or "]:" not in text)
        # A row adds at most a cell per column, a column takes a `|` of the delimiter row.
        and ("|" not in text or (text.count("|") + 1) * (text.count("\n") + 1) <= MAX_FILLED_CELLS)
        and _DEEP_START.search(text) is None
        # Each line is glued at most once per level it may nest (the deeper are refused),
        # to an item of at most the whole text.
        and (text.count("\n") + 1) * (MAX_NESTING + 1) * length <= MAX_LIST_WORK
    )


def _marks(text: str) -> int:
    """How many inline matches `text` may hold at most (_INLINE_MARKS, hard line breaks)."""
    return sum(map(text.count, _INLINE_MARKS)) + text.count(" \n") + text.count("\t\n") + 1


def _nesting(line: str) -> int:
    """Levels of lists and quotes a line opens: its indentation, then its markers."""
    expanded = line.expandtabs(_TAB)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth = indent // _TAB
    position = 0
    while True:
        marker = _CONTAINER.match(expanded, position)
        if marker is None or marker.end() == position:
            return depth
        depth += 1
        position = marker.end()


def _too_costly(scanned: int, open_brackets: list[tuple[int, int, int]]) -> MarkdownProblem | None:
    if scanned <= MAX_BRACKET_SCAN:
        return None
    line, column = (open_brackets[0][1], open_brackets[0][2]) if open_brackets else (1, 1)
    return MarkdownProblem(
        line,
        column,
        "too many unclosed '[' to render in reasonable time",
        "close each '[' with ']', or write a literal bracket as '\\['",
    )
