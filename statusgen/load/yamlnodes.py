"""YAML that keeps line numbers: plain values wrapped in nodes that know where they were written.

We build the tree from the parser's event stream ourselves instead of letting PyYAML
construct objects: that way no tag can construct an arbitrary object, an alias can never
multiply a document (alias bombs), and anchors, aliases, unknown tags and duplicate keys
all become diagnostics with a location rather than surprises.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.resolver
from yaml.constructor import SafeConstructor

from statusgen.errors import Diagnostic
from statusgen.load.conflicts import conflict_markers
from statusgen.load.text import (
    LINE_ENDING,
    NOT_TEXT,
    TEXT_HINT,
    describe_character,
    forbidden_character,
    is_odd_space,
    name_character,
    odd_space,
    refused_characters,
    with_article,
)

try:  # libyaml is several times faster; PyYAML's pure-Python parser gives the same events.
    _Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_SCALAR_KINDS = {
    _TAG + "str": "str",
    _TAG + "int": "int",
    _TAG + "float": "float",
    _TAG + "bool": "bool",
    _TAG + "null": "null",
    _TAG + "timestamp": "timestamp",
    # YAML 1.1 types a plain `=` as a "default value", which nothing here means and YAML
    # 1.2 does not know: it is the text `=` (`name: =`), as the importers read it too.
    _TAG + "value": "str",
}
# Deep enough for any real document; shallow enough that nesting cannot exhaust memory.
MAX_DEPTH = 64
_DEEP_HINT = (
    "no setting nests more than a few levels: close the lists and mappings opened here"
    f" (at most {MAX_DEPTH} deep)"
)
# YAML 1.1, which libyaml and PyYAML read, also ends a line at NEL (U+0085), U+2028 and
# U+2029; YAML 1.2 and every editor do not. Read as line ends, one in a title folds it
# ("a\x85b" becomes "a b") or breaks it, and puts every line reported after it one off. So
# the parser reads a stand-in for each (one character for one: marks keep their lines,
# columns and indexes right) and the values get theirs back.
_YAML_11_BREAKS = "\x85\u2028\u2029"
_STAND_INS = range(0xE000, 0xF900)  # the Private Use Area: plain text to YAML
# What YAML 1.1 cannot hold as written (outside its printable set): what no text may hold,
# DEL, and the C1 controls but NEL (shielded above). A double-quoted escape ("\x91") can
# spell one; as written, the parser stops at it, and its mark is no help: libyaml counts it
# in UTF-8 bytes, PyYAML's own reader in characters. So the text is checked here first.
_NOT_YAML = re.compile(f"[{NOT_TEXT}\x7f-\x84\x86-\x9f]")
_NOT_YAML_HINT = "remove it: a YAML file cannot hold it as written"
# Only used for int/float/bool scalars, which read nothing but the node's own text.
_CONSTRUCTOR = SafeConstructor()

ScalarValue = str | int | float | bool | None
# report(line, column, message, hint)
Report = Callable[[int, int, str, str], None]


@dataclass(frozen=True)
class Scalar:
    """A scalar: its plain value, its source text and its YAML type.

    `kind` is one of str, int, float, bool, null, timestamp. Timestamps keep their source
    text as `value`: times are read by statusgen's own rules, not YAML's. `rejected` marks a
    value already reported (an alias): readers skip it without a second message.
    """

    value: ScalarValue
    text: str
    kind: str
    line: int
    column: int
    quoted: bool = False
    rejected: bool = False
    # Where each line of `text` begins in the file (line, column), when its characters
    # stand there one for one: a value on one line without escapes, a literal block (`|`).
    # Empty when they do not (a folded or escaped value): `position` then gives the start.
    starts: tuple[tuple[int, int], ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column in the file of the character at `offset` in `text`: where a
        problem inside a value (a URL in a description) is; the value's own start when
        its text is not written there as it reads."""
        index = self.text.count("\n", 0, offset)
        if index >= len(self.starts):
            return self.line, self.column
        line, column = self.starts[index]
        return line, column + offset - (self.text.rfind("\n", 0, offset) + 1)


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Entry:
    key: Scalar
    value: Node


@dataclass(frozen=True)
class Mapping:
    """A mapping with string keys (the key's source text), in file order."""

    entries: dict[str, Entry]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry.value if entry else None


Node = Scalar | Sequence | Mapping


def type_name(node: Node) -> str:
    """The words a user reads for a node's type: "a list", "text", "a number"."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "null": "empty",
        "timestamp": "a date/time",
    }[node.kind]


def unreadable_value(text: str, kind: str, *, tagged: bool) -> tuple[str, str]:
    """The message and hint for `text` that YAML cannot read as its `kind` (int, float,
    bool); `tagged`: the type is the one a tag written asks for (`!!int abc`), not the
    one YAML read from the text."""
    message = f"'{text}' is not a valid {kind}"
    if tagged:
        # Quotes make no text of a value tagged `!!int "abc"`: only the tag taken away does.
        return message, f"remove '!!{kind}' to make it text, or write {with_article(kind)}"
    return message, "quote it to make it text"


def nested_too_deeply() -> tuple[str, str]:
    """The message and hint for a list or mapping opened more than MAX_DEPTH deep: one
    wording for every YAML file read, a site's own or another tool's."""
    return "YAML nested too deeply", _DEEP_HINT


def unsupported_tag(tag: str) -> tuple[str, str]:
    """The message and hint for a value tagged with a tag no file here is read with
    (`!foo`, `!!binary`, `!!int` on a list): the tag, not the text, is what to change.
    A standard tag is named as typed (`!!binary`), not as YAML expands it."""
    if tag.startswith(_TAG):
        tag = "!!" + tag.removeprefix(_TAG)
    return f"unsupported YAML tag '{tag}'", "remove the tag"


def shielded(text: str) -> tuple[str, dict[str, str]]:
    """`text` with a stand-in for each YAML 1.1 line break in it, and the breaks by their
    stand-ins. A stand-in is a character the text neither holds nor could spell as an
    escape ("\\ue000"), so giving the breaks back changes nothing else."""
    back: dict[str, str] = {}
    if not any(brk in text for brk in _YAML_11_BREAKS):
        return text, back
    lowered = text.lower()
    free = (chr(c) for c in _STAND_INS if chr(c) not in text and f"{c:x}" not in lowered)
    for brk in _YAML_11_BREAKS:
        if brk in text:
            stand_in = next(free)
            back[stand_in] = brk
            text = text.replace(brk, stand_in)
    return text, back


def unshielded(text: str, back: dict[str, str]) -> str:
    """`text` read from a shielded text, with its line breaks given back."""
    for stand_in, brk in back.items():
        text = text.replace(stand_in, brk)
    return text


def compose(text: str) -> yaml.Node | None:
    """The parser's node tree of `text` (None for an empty document), read by the rule
    parse_yaml reads by: its parser (libyaml takes a tab between a key and its value, or
    before a comment), YAML 1.1's extra line breaks shielded. Node values keep the
    stand-ins; marks are the text's. Raises yaml.YAMLError (syntax_problem words it)."""
    return yaml.compose(shielded(text)[0], Loader=_Loader)


@dataclass
class _Frame:
    line: int
    column: int
    items: list[Node] = field(default_factory=list)
    entries: dict[str, Entry] | None = None  # set for mappings
    key: Scalar | None = None  # a mapping's key waiting for its value
    skip_value: bool = False  # the pending key was invalid; drop its value
    rejected: bool = False  # the collection had a forbidden tag; already reported


def parse_yaml(
    text: str, path: str, *, first_line: int = 1
) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into located nodes.

    Returns the root node (None for an empty document or a syntax error) and every problem
    found. `first_line` is the file line the text starts on (front matter sits below `---`).
    A merge conflict left in the text is reported alone: the parser's error would point
    at some later line and say nothing of the merge.
    """
    conflicts = conflict_markers(path, text, first_line)
    if conflicts:
        return None, conflicts
    simple = _simple_mapping(text, path, first_line)
    if simple is not None:
        return simple
    return _parsed(text, path, first_line)


def _parsed(text: str, path: str, first_line: int) -> tuple[Node | None, list[Diagnostic]]:
    """parse_yaml, from the parser's event stream."""
    offset = first_line - 1
    refused = _refused_characters(text, path, first_line)
    if refused:
        return None, refused
    text, back = shielded(text)
    diagnostics: list[Diagnostic] = []

    def report(line: int, column: int, message: str, hint: str = "") -> None:
        diagnostics.append(Diagnostic(path, line, column, message, hint))

    loader = _Loader(text)
    root: Node | None = None
    documents = 0
    stack: list[_Frame] = []

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        if frame.entries is None:
            frame.items.append(node)
        elif frame.key is None:
            if not isinstance(node, Scalar):
                report(
                    node.line,
                    node.column,
                    "a key must be plain text, not " + type_name(node),
                    "write the key as plain text, e.g. 'name:', with no '?', '[' or '{' around it",
                )
                frame.key = Scalar(None, "", "null", node.line, node.column, rejected=True)
                frame.skip_value = True
                return
            frame.key = node
            # A key refused as written (a merge key `<<`, a tag) is reported already: its
            # entry is left out, as a key that is no text is, not read as an unknown key.
            frame.skip_value = node.rejected
            if not node.rejected and node.text in frame.entries:
                first = frame.entries[node.text].key
                report(
                    node.line,
                    node.column,
                    f"duplicate key '{node.text}'",
                    f"'{node.text}' is already set on line {first.line}; keep one",
                )
                frame.skip_value = True
        else:
            if not frame.skip_value:
                frame.entries[frame.key.text] = Entry(frame.key, node)
            frame.key = None

    try:
        while loader.check_event():
            event: Any = loader.get_event()  # PyYAML's event classes are loosely typed
            line = event.start_mark.line + 1 + offset
            column = event.start_mark.column + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    report(line, column, "more than one YAML document", "remove the extra '---'")
                    break
                continue
            if isinstance(event, yaml.AliasEvent):
                report(
                    line,
                    column,
                    f"YAML aliases are not supported (*{event.anchor})",
                    "write the value out in full",
                )
                attach(Scalar(None, "", "null", line, column, rejected=True))
                continue
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    frame = stack.pop()
                    start = (frame.line, frame.column)
                    if frame.rejected:
                        attach(Scalar(None, "", "null", *start, rejected=True))
                    elif frame.entries is None:
                        attach(Sequence(tuple(frame.items), *start))
                    else:
                        attach(Mapping(frame.entries, *start))
                continue
            if event.anchor is not None:
                report(
                    line,
                    column,
                    f"YAML anchors are not supported (&{event.anchor})",
                    "remove the anchor and write values out in full",
                )
            if isinstance(event, yaml.ScalarEvent):
                key = bool(stack) and stack[-1].entries is not None and stack[-1].key is None
                attach(_scalar(event, line, column, report, back, text, key=key))
                continue
            assert isinstance(event, yaml.CollectionStartEvent)
            expected = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
            rejected = event.tag not in (None, "!", _TAG + expected)
            if rejected:
                report(line, column, *unsupported_tag(str(event.tag)))
            if len(stack) >= MAX_DEPTH:
                report(line, column, *nested_too_deeply())
                return None, diagnostics
            entries: dict[str, Entry] | None = {} if expected == "map" else None
            stack.append(_Frame(line, column, entries=entries, rejected=rejected))
    except yaml.YAMLError as error:
        problem = syntax_problem(error, text, path, first_line=first_line)
        problem = dataclasses.replace(problem, message=unshielded(problem.message, back))
        return None, [*diagnostics, problem]
    finally:
        loader.dispose()
    return root, diagnostics


def syntax_problem(
    error: yaml.YAMLError, text: str, path: str, *, first_line: int = 1
) -> Diagnostic:
    """The diagnostic for a YAML error PyYAML raised reading `text`: one line of our own
    words at the place to fix (`first_line` as in parse_yaml), never PyYAML's dump."""
    offset = first_line - 1
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        # libyaml scans flow brackets ahead of the events we count, so a deep `[[[…` can
        # reach its own nesting limit first; the diagnostic is ours whatever it says.
        deep = _too_deep_flow(text, mark.index if mark else len(text))
        if deep is not None:
            line, column = deep
            return Diagnostic(path, line + offset, column, *nested_too_deeply())
        opened = error.context_mark
        if error.context in _OPENERS and opened is not None and mark is not None:
            # "while parsing a flow sequence": where the unclosed `[` opened is where the
            # fix goes; where the parser gave up (often the next line) is named too.
            gave_up = f"line {mark.line + 1 + offset}, column {mark.column + 1}"
            problem = f"{_OPENERS[error.context]} is never closed ({error.problem} at {gave_up})"
            line, column = opened.line + 1, opened.column + 1
            return _syntax(path, line + offset, column, problem, _UNCLOSED_HINT)
        key = _key_without_colon(error, text)
        if key is not None:
            # libyaml gives up on the line after the key (a comment, the closing '---',
            # the next key): the fix belongs on the key's own line.
            line, column, written = key
            fence = _fence(text, line, offset)
            if fence is not None:
                return _syntax(path, line + offset, 1, *fence)
            glued = _glued(written)
            if glued is not None:
                # `title:API errors`: the colon is there, the space after it is not, so
                # YAML reads the line as one word; a colon added would keep the typo. Or
                # one that only looks like a space (`title:\u00a0API errors`), named.
                odd = odd_space(glued[1])
                message = f"'{written}' has no space after the ':' of its key"
                if odd:
                    message = f"'{written}' has {odd} after the ':' of its key, not a plain space"
                return _syntax(path, line + offset, column, message, _glued_hint(*glued))
            # At any space, a no-break one too: `title\u00a0API errors` is a key and text.
            name, *rest = written.split(maxsplit=1)
            value = rest[0] if rest else ""
            return _syntax(
                path,
                line + offset,
                column,
                f"'{written}' has no ':' after its key",
                f"write '{name}: {value.strip() or 'value'}' (a key, a colon, a space, the value)",
            )
        problem = " ".join(p for p in (error.context, error.problem) if p) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        fence = _fence(text, line, offset) if mark else None
        if fence is not None:
            # "```yaml" copied along with an example from a docs page: a backquote starts
            # no YAML, and "check indentation" would send the author looking elsewhere.
            return _syntax(path, line + offset, 1, *fence)
        tab = _tab_before(text, mark.index) if mark else None
        if tab is not None:
            # libyaml's wording for a tab varies with where it stands ("cannot start any
            # token", "violates indentation"); the cause is the same, so is our message.
            return _tab(path, line + offset, tab)
        quote = _runaway_quote(text, mark) if mark else None
        if quote is not None:
            # A quote left open runs on to the next quote in the file, often lines below
            # (in a comment, another value): where the parser gave up is no place to fix.
            opened, closed = quote.start_mark, quote.end_mark
            problem = (
                f"{_OPENERS['while scanning a quoted scalar']} is never closed (the text runs "
                f"on to the quote at line {closed.line + 1 + offset}, column {closed.column})"
            )
            line, column = opened.line + 1, opened.column + 1
            return _syntax(path, line + offset, column, problem, _UNCLOSED_HINT)
        curly = _curly_quoted(text, mark) if mark else None
        if curly is not None:
            # `title: “API: errors”`: the author quoted the ': ', typographically (autocorrect
            # in a word processor or chat); "quote text containing ': '" would say they did.
            return _syntax(path, line + offset, *curly)
        colon = _colon_in_value(text, mark) if mark else None
        if colon is not None:
            # `title: My Status: Prod`: the text's own ': ' ends a key in YAML; the line
            # to write is plain, so it is given whole rather than a rule about quoting.
            return _syntax(path, line + offset, *colon)
        lead = _odd_lead(text, mark) if mark else None
        if lead is not None:
            # `\ufeffstatus:` or `-\u00a0id:`: invisible, or a space only to the eye; the
            # parser's "did not find expected key" would send the author to the indentation.
            at, column, problem, hint = lead
            return _syntax(path, at + 1 + offset, column, problem, hint)
        return _syntax(path, line + offset, column, problem)
    # ReaderError: a character YAML refuses, at a position in bytes or in characters.
    refused = _refused_characters(text, path, first_line)
    if refused:
        return refused[0]
    return _syntax(path, first_line, 0, str(error).split("\n")[0])


# Typographic quotes a value may open with, and those it may close with: German „…“ and
# ‚…‘, French «…», Danish »…«, Japanese 「…」, Swedish and Finnish ”…” and ’…’ (one mark
# on both sides) as well as “…” and ‘…’.
# Each opener with the marks that close it.
_CURLY_PAIRS = {
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u201e": "\u201c\u201d",
    "\u201a": "\u2018\u2019",
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab\u00bb",
    "\u2039": "\u203a",
    "\u203a": "\u2039\u203a",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u201d": "\u201d",
    "\u2019": "\u2019",
}
_CURLY_OPENERS = "".join(_CURLY_PAIRS)
_CURLY_CLOSERS = "\u201d\u201c\u2019\u2018\u00bb\u00ab\u203a\u2039\u300d\u300f"
_CURLY_QUOTES = frozenset(_CURLY_OPENERS + _CURLY_CLOSERS)
_GUILLEMETS = "\u00ab\u00bb\u2039\u203a"
# Where a plain value's comment starts: a '#' after a space or a tab, with the space kept.
_COMMENT = re.compile(r"([ \t]+)#")
# A comment as authors write one (`# from the pager`); a ' #' glued to what follows
# (`fault #2`) is a number in the title, which the line offered keeps inside its quotes.
_MEANT_COMMENT = re.compile(r"([ \t]+)#(?=[ \t]|$)")
# A line up to its value: the indent, list dashes and a key with its colon, each optional.
# The key runs to its colon in one part: a part for the spaces before the colon too made
# the pattern try every split of a long run of them, quadratic.
_BEFORE_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[^\s#:][^#:]*:[ \t]+)?")


def _curly_quoted(text: str, mark: yaml.Mark) -> tuple[int, str, str] | None:
    """(column, problem, hint) when the value on the line where the parser gave up (`mark`)
    opens with a curly quote before that place; else None."""
    lines = LINE_ENDING.split(text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = _BEFORE_VALUE.match(line)  # it matches every line: each of its parts is optional
    start = found.end() if found else 0
    # YAML read the value as plain text, so a ' #' in it starts a comment: the comment stays
    # one, after the closing quote, and never becomes part of the (published) value.
    comment = _MEANT_COMMENT.search(line, start)
    value = line[start : comment.start() if comment else len(line)].strip()
    if not value or value[0] not in _CURLY_OPENERS or mark.column <= start:
        return None
    before, whole = line[:start], line[start:].strip()
    kept = line[comment.start() :] if comment else ""
    if _closed(value):
        return start + 1, *_curly_advice(value, _straight_quoted(before, value) + kept)
    if _closed(whole):
        # `“Tis the season: cache # 2 down”`: the quote closes in what looks like a comment.
        return start + 1, *_curly_advice(whole, _straight_quoted(before, whole))
    if line[mark.column : mark.column + 1] != ":":
        return None
    # `’Tis the season: cache #2 down`: an apostrophe, or a quote never closed, opens text,
    # whose ': ' is the mistake; the ' #2' in it is the author's text too, never cut off.
    problem = f"'{value}' has ': ' in it, which YAML reads as the end of a key, not as text"
    fix = _in_quotes(before, value) + kept
    return start + 1, problem, f"write it in straight quotes: '{fix}'"


def _colon_in_value(text: str, mark: yaml.Mark) -> tuple[int, str, str] | None:
    """(column, problem, hint) when the line where the parser gave up (`mark`) is `key:
    value` with a ': ' in its plain value, where YAML reads a second key; else None."""
    lines = LINE_ENDING.split(text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = _BEFORE_VALUE.match(line)  # it matches every line: each of its parts is optional
    start = found.end() if found else 0
    if not found or ":" not in found.group() or mark.column <= start:
        return None  # no key before the value, or the parser gave up before it
    comment = _MEANT_COMMENT.search(line, start)
    value = line[start : comment.start() if comment else len(line)].strip()
    if not value or value[0] in "\"'[{|>&*!%@`" or line[mark.column : mark.column + 1] != ":":
        return None  # quoted or another kind of value: not text to quote
    kept = line[comment.start() :] if comment else ""
    problem = f"'{value}' has ': ' in it, which YAML reads as the end of a key, not as text"
    return start + 1, problem, f"put it in quotes: '{_in_quotes(line[:start], value) + kept}'"


def _closed(value: str) -> bool:
    """Whether `value` holds, after the curly quote it opens with, a mark that closes it."""
    return any(mark in _CURLY_PAIRS[value[0]] for mark in _quote_marks(value[1:]))


def _quote_marks(text: str) -> str:
    """The curly marks in `text` that may quote: an apostrophe inside a word (Bob’s, don’t)
    closes no quote, whatever mark it is typed with."""
    return "".join(
        mark
        for at, mark in enumerate(text)
        if mark in _CURLY_QUOTES
        and not (0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum())
    )


def _straight_quoted(before: str, value: str) -> str:
    """The line `before` (a key, a dash) then `value`, written with curly quotes, in straight
    quotes instead."""
    inner = value[1:-1]
    if len(value) < 2 or value[-1] not in _CURLY_CLOSERS or _quote_marks(inner):
        # The pair does not enclose the whole value (`„Störung“ bei API`, `“API” down`):
        # its quotes are the author's text, kept as written.
        inner = value
    elif value[0] in _GUILLEMETS:
        # French typography sets a (no-break) space inside « … »: no part of the text.
        inner = inner.strip(" \u00a0\u202f")
    return _in_quotes(before, inner)


def _in_quotes(before: str, inner: str) -> str:
    """The line `before` (a key, a dash) then the text `inner` in straight double quotes."""
    escaped = inner.replace("\\", "\\\\").replace('"', '\\"')
    return f'{before.strip()} "{escaped}"'.strip()


def _curly_advice(value: str, fix: str, cut: str = "") -> tuple[str, str]:
    """The problem and hint for `value`, written in curly quotes, that YAML reads as text;
    `cut`: what YAML read of it, when a ' #' in it started a comment."""
    problem = (
        f"'{value}' starts with {name_character(value[0])}, a curly quote, which YAML "
        "reads as text, not as a quote"
    )
    if cut:
        problem += f": its ' #' starts a comment, which would leave only '{cut}'"
    return problem, f"write it in straight quotes: '{fix}'"


def _cut_by_comment(event: yaml.ScalarEvent, text: str) -> tuple[str, str] | None:
    """(the value as written, the line in straight quotes) when a plain value opens with a
    curly quote and the quote that closes it is in the comment YAML read from a ' #' in it
    on (`“Checkout #2 failing”`, `“Checkout #2” failing`): the value would be published
    cut short, its quote dangling. Else None."""
    value, start, end = event.value, event.start_mark, event.end_mark
    if start is None or end is None or start.line != end.line:
        return None
    # `not value`: '' is in every string, and an empty value (`?` alone, a key with
    # nothing after it) may be marked on a line past the text's last.
    if not value or value[0] not in _CURLY_OPENERS or _CURLY_QUOTES & set(value[1:]):
        return None  # no curly quote first, or one closed already (`“API” down # note`)
    line = LINE_ENDING.split(text)[start.line]
    comment = _COMMENT.match(line, end.column)
    rest = line[end.column :].rstrip()
    if comment is None or not any(q in rest for q in _CURLY_CLOSERS):
        return None  # a comment of its own: no closing quote in it
    written = value + rest
    return written, _straight_quoted(line[: start.column], written)


def _odd_lead(text: str, mark: yaml.Mark) -> tuple[int, int, str, str] | None:
    """(line index, column, problem, hint) when a line up to where the parser gave up
    (`mark`) has a character that is_odd_space right after a list dash, or the line there
    has one where its key or list dash begins; else None."""
    lines = LINE_ENDING.split(text)
    # `-\u00a0id: website` reads as a key `-\u00a0id`: the parser gives up lines later, at
    # the item's next key (`  name: Website`), so every line before is looked at. A line
    # of a block scalar (`description: |`) is text, its `-\u00a0` the author's: not blamed.
    block = -1  # the indent a block scalar's lines are deeper than, while in one; else -1
    for number, before in enumerate(lines[: mark.line + 1]):
        index, written = _after_dashes(before)
        if block >= 0 and (not written or index > block):
            continue
        block = _block_scalar_parent(before, index, written)
        if written[:1] == "-" and is_odd_space(written[1:2] or " "):
            fixed = f"- {written[2:].lstrip()}"
            problem = f"'{written}' has {odd_space(written[1])} after its '-', not a plain space"
            return number, index + 1, problem, f"retype it as a plain space: '{fixed}'"
    index, written = _after_dashes(lines[mark.line] if mark.line < len(lines) else "")
    if is_odd_space(written[:1] or " "):
        fixed = written
        while is_odd_space(fixed[:1] or " "):
            fixed = fixed[1:]
        problem = f"'{written}' starts with {odd_space(written[0])}, where YAML expects a key"
        return mark.line, index + 1, problem, f"delete it: write '{fixed}'"
    return None


# A line that opens a block scalar: a key (or nothing, after a list dash), then `|` or `>`
# with its indicators, and at most a comment. Read in parts, not as one pattern: that one
# tried the tags from every `: ` in the line again (`a: !x: !x: …`), quadratic in it.
_KEY_START = re.compile(r"[^\s#]")
_BLOCK_GAP = re.compile(r"[ \t]*")
_BLOCK_TAGS = re.compile(r"(?:[!&][^ \t]*[ \t]+)*")
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*(?:[ \t]+#.*)?")


def _opens_block(written: str) -> bool | None:
    """Whether the line `written` (from its key, past any list dash) opens a block scalar
    after a key (True) or after nothing (False); None when it opens none."""
    if _KEY_START.match(written):
        # The key is what comes before a colon followed by a space or a tab, with no '#'.
        comment = written.find("#")
        colon = written.find(":", 1)
        while colon >= 0 and (comment < 0 or colon < comment):
            gap = _BLOCK_GAP.match(written, colon + 1)
            spaces = gap.end() if gap else colon + 1
            if spaces > colon + 1:
                tags = _BLOCK_TAGS.match(written, spaces)
                end = tags.end() if tags else spaces
                if _BLOCK_INDICATOR.fullmatch(written, end):
                    return True
                # A colon among these tags reads the same tags up to the same place.
                colon = written.find(":", max(colon + 1, end))
            else:
                colon = written.find(":", colon + 1)
    tags = _BLOCK_TAGS.match(written)
    if _BLOCK_INDICATOR.fullmatch(written, tags.end() if tags else 0):
        return False
    return None


def _block_scalar_parent(line: str, index: int, written: str) -> int:
    """The indent the lines of the block scalar that `line` opens are deeper than (its
    key's column, or its list dash's), `index` and `written` as _after_dashes gives them;
    -1 when it opens none."""
    keyed = _opens_block(written)
    if keyed is None:
        return -1
    return index if keyed else line.rfind("-", 0, index)


def _after_dashes(line: str) -> tuple[int, str]:
    """(index, the rest of `line` from there, right-stripped) past its indent and the list
    dashes followed by a plain space or tab."""
    index = len(line) - len(line.lstrip(" \t"))
    while line[index : index + 1] == "-" and line[index + 1 : index + 2] in (" ", "\t"):
        index = len(line) - len(line[index + 1 :].lstrip(" \t"))
    return index, line[index:].rstrip()


def _refused_characters(text: str, path: str, first_line: int) -> list[Diagnostic]:
    """A diagnostic at each character a YAML file cannot hold as written (bounded)."""
    return refused_characters(path, text, _NOT_YAML, _NOT_YAML_HINT, first_line=first_line)


# A line read as one word that is a key glued to its value by the colon (`history_days:90`,
# `- id:checkout`), or by a space YAML takes for none (a no-break space: `\s` holds it, and
# YAML only a space or a tab). Not a scheme's `//` (`https://x` alone is no key), nor a
# time (`10:00`: a key starts with a letter).
_GLUED = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?P<gap>[^\S \t]*)(?P<value>[^\s:/].*)")


def _glued(written: str | Node) -> tuple[str, str, str] | None:
    """(key, what stands between its colon and the value, value) of a key glued to its
    value; None when `written` is no such thing."""
    if isinstance(written, Scalar):
        written = "" if written.quoted else written.text
    glued = _GLUED.fullmatch(written) if isinstance(written, str) else None
    return (glued["key"], glued["gap"], glued["value"]) if glued else None


def glued_fix(written: str | Node) -> str | None:
    """How to fix a key glued to its value (`id:checkout`, a line or a plain scalar read as
    one word where a mapping was meant): "add a space after the colon: 'id: checkout'", or
    to retype the no-break space there; None when it is no such thing."""
    glued = _glued(written)
    return None if glued is None else _glued_hint(*glued)


def _glued_hint(key: str, gap: str, value: str) -> str:
    """The fix for `key` glued to `value` by `gap` (nothing, or a space YAML takes for none)."""
    odd = odd_space(gap)
    if odd:
        return f"after the colon comes {odd}; retype it as a plain space: '{key}: {value}'"
    return f"add a space after the colon: '{key}: {value}'"


def _key_without_colon(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """(line, column, text) of a mapping's line written without the ':' after its key
    (`impact major`), when that is what stopped the parser; else None."""
    start = None
    if error.context == "while scanning a simple key" and error.context_mark is not None:
        start = error.context_mark  # the key's own start, with nothing after it read
    elif error.problem_mark is not None and "mapping values" in (error.problem or ""):
        # `title Missing colon` then `status: open`: the two lines read as one key.
        start = _plain_text_from_earlier_line(text, error.problem_mark)
    elif error.problem_mark is not None and "<document start>" in (error.problem or ""):
        # `title:Example Status` first in a file, then a comment: the comment ends the
        # text, so the whole document is that one word and the next key finds none.
        start = _plain_text_from_earlier_line(text, error.problem_mark)
    if start is None:
        return None
    before = LINE_ENDING.split(text[: start.index])[-1]
    written = LINE_ENDING.split(text[start.index :], maxsplit=1)[0].split(" #")[0].strip()
    if before.strip() not in ("", "-") or not written:
        return None  # the text follows a key or more on its line: a different mistake
    return start.line + 1, start.column + 1, written


def _plain_text_from_earlier_line(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """The start of the unquoted text that ends right before `mark` but began on an
    earlier line; else None."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            found = token
    except yaml.YAMLError:
        pass  # the tokens before it were read: they are the ones that matter
    if not isinstance(found, yaml.ScalarToken) or not found.plain:
        return None
    start: yaml.Mark = found.start_mark
    return start if start.line < mark.line else None


def _runaway_quote(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The quoted text that began on an earlier line and ends on the line of `mark`, where
    the parser gave up: the mark of a quote closed lines after it was meant to be."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            ends = token.end_mark.line
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < ends == mark.line
            ):
                found = token
    except yaml.YAMLError:
        pass  # the tokens before it were read: they are the ones that matter
    return found


# Nearly every incident's front matter is a few lines of `key: value`, each value plain
# text, quoted text without escapes or a flow list of plain words (`components: [api,
# web]`), or an indented block of one level: a list of plain `- items`, or `key: value`
# lines (`api: major_outage`).
# Those are read line by line here, into the nodes the event stream gives (a third of
# the time of parsing an incident file went to it); anything else goes to the parser.
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ([^ ].*)")
_OPENS = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):")
_ITEM = re.compile(r" *([A-Za-z0-9_][A-Za-z0-9_.=/+-]*) *")
_BLOCK_ITEM = re.compile(r"- ([^ ].*)")
# What a plain value may not start with (YAML's indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What a plain value's text makes it (int, bool, ...): libyaml's loaders resolve with this
# class too, so its rules are theirs.
_RESOLVER: Any = yaml.resolver.Resolver()
# A scalar event's `implicit`: the type of a plain value follows from its text, that of a
# quoted one never does (it is text).
_PLAIN, _QUOTED = (True, False), (False, True)


def _plain(value: str) -> bool:
    """Whether `value` (not empty, not starting with a space) is read as YAML plain text
    as it stands: no indicator first, nothing that ends it (": ", a comment " #", a
    final ":"), and no space after it for YAML to drop."""
    return not (value[0] in _INDICATORS or value[-1] in " :" or ": " in value or " #" in value)


def _simple_mapping(
    text: str, path: str, first_line: int
) -> tuple[Node | None, list[Diagnostic]] | None:
    """parse_yaml of the front matter described above; None for any other text, which
    the parser reads."""
    if not text.endswith("\n") or not text.replace("\n", "").isprintable():
        return None  # tabs, CR, control and format characters, no-break spaces, ...
    diagnostics: list[Diagnostic] = []

    def report(line: int, column: int, message: str, hint: str = "") -> None:
        diagnostics.append(Diagnostic(path, line, column, message, hint))

    def scalar(value: str, line: int, column: int, quoted: bool = False) -> Scalar:
        # As the parser's events say: a quoted value is text, whatever it spells. Each is
        # on one line without escapes: its text starts after the quote, if any.
        implicit = _QUOTED if quoted else _PLAIN
        starts = ((line, column + quoted),)
        return _text_scalar(value, quoted, None, implicit, line, column, report, starts=starts)

    lines = text[:-1].split("\n")
    entries: dict[str, Entry] = {}
    index = 0
    while index < len(lines):
        number, line = first_line + index, lines[index]
        index += 1
        entry = _ENTRY.fullmatch(line) or _OPENS.fullmatch(line)
        if entry is None or entry[1] in entries:
            return None
        key = entry[1]
        key_node = scalar(key, number, 1)  # before its value, as the parser reads them
        node: Node | None
        if entry.re is _OPENS:  # the value is the indented block below
            block = index
            while index < len(lines) and lines[index][:1] == " ":
                index += 1
            node = _simple_block(lines[block:index], number + 1, scalar)
        else:
            node = _simple_value(entry[2], number, len(key) + 3, scalar)
        if node is None:
            return None
        entries[key] = Entry(key_node, node)
    if not entries:
        return None
    return Mapping(entries, first_line, 1), diagnostics


def _simple_value(value: str, line: int, column: int, scalar: Callable[..., Scalar]) -> Node | None:
    """The node of a one-line value at `column`: plain text, text in quotes without
    escapes, or a flow list of plain words."""
    quote = value[0]
    if quote in "\"'" and len(value) > 1 and value[-1] == quote:
        inner = value[1:-1]
        if quote in inner or "\\" in inner:
            return None  # an escape, or a quote doubled
        return scalar(inner, line, column, quoted=True)
    if value[0] != "[" or value[-1] != "]":
        return scalar(value, line, column) if _plain(value) else None
    inner = value[1:-1]
    items: list[Node] = []
    if inner:
        start = column + 1
        for part in inner.split(","):
            item = _ITEM.fullmatch(part)
            if item is None:
                return None
            items.append(scalar(item[1], line, start + item.start(1)))
            start += len(part) + 1
    return Sequence(tuple(items), line, column)


def _simple_block(lines: list[str], first: int, scalar: Callable[..., Scalar]) -> Node | None:
    """The node of an indented block starting on line `first`: `- item` lines or
    `key: value` lines, all with the same indentation, each value plain text."""
    if not lines or not lines[0].strip(" "):
        return None  # an empty value (the parser's null), or a blank line
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    pad = " " * indent
    if lines[0][indent] == "-":
        items: list[Node] = []
        for number, line in enumerate(lines, start=first):
            item = _BLOCK_ITEM.fullmatch(line, indent)
            if item is None or not line.startswith(pad) or not _plain(item[1]):
                return None
            items.append(scalar(item[1], number, indent + 3))
        return Sequence(tuple(items), first, indent + 1)
    entries: dict[str, Entry] = {}
    for number, line in enumerate(lines, start=first):
        entry = _ENTRY.fullmatch(line, indent)
        if entry is None or not line.startswith(pad) or entry[1] in entries:
            return None
        key, value = entry[1], entry[2]
        if not _plain(value):
            return None
        key_node = scalar(key, number, indent + 1)
        entries[key] = Entry(key_node, scalar(value, number, indent + len(key) + 3))
    return Mapping(entries, first, indent + 1)


def _too_deep_flow(text: str, end: int) -> tuple[int, int] | None:
    """Return where flow brackets before `end` first nest past the limit, or None.

    Quoted text and comments are skipped, so brackets inside strings do not count.
    """
    depth = 0
    line, line_start = 1, 0
    index = 0
    while index < end:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, index - line_start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char in "'\"":
            close = text.find(char, index + 1)
            if close < 0:
                return None
            line += text.count("\n", index, close)
            if "\n" in text[index:close]:
                line_start = text.rfind("\n", index, close) + 1
            index = close
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index)
            index = (newline if newline >= 0 else len(text)) - 1
        index += 1
    return None


# A Markdown code fence's mark, at the start of a line: a run of backquotes or of tildes.
_FENCE = re.compile(r"(`{3,}|~{3,})")


def _fence(text: str, line: int, offset: int) -> tuple[str, str] | None:
    """(problem, hint) when `line` of `text` (`line + offset` of its file) is a Markdown
    code fence of backquotes (```yaml) or tildes (~~~yaml), as a docs page puts around an
    example; else None. The hint names the fence that pairs with it, as written, when the
    example's other one came along: a fence at the start of a line after it (or before it),
    since one in a block of text is indented."""
    lines = LINE_ENDING.split(text)
    written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if _FENCE.match(written) is None:
        return None
    after = [n for n in range(line + 1, len(lines) + 1) if _FENCE.match(lines[n - 1])]
    before = [n for n in range(1, line) if _FENCE.match(lines[n - 1])]
    hint = f"delete line {line + offset}"
    if after:
        other = after[0]
        hint += f" and line {other + offset}, the {lines[other - 1].strip()} closing the example"
    elif before:
        other = before[-1]
        hint += f" and line {other + offset}, the {lines[other - 1].strip()} opening the example"
    return (
        f"{written!r} is a Markdown code fence, from the docs page the example was copied "
        "from: it is not YAML",
        hint,
    )


def _tab_before(text: str, index: int) -> int | None:
    """The 1-based column of the first tab on the line of `index`, up to it; else None."""
    start = text.rfind("\n", 0, index) + 1
    found = text.find("\t", start, index + 1)
    return None if found < 0 else found - start + 1


def _tab(path: str, line: int, column: int) -> Diagnostic:
    return Diagnostic(
        path,
        line,
        column,
        "invalid YAML: a tab character here; YAML indents with spaces only",
        "replace the tab with spaces",
    )


# What libyaml was reading when it gave up, for the errors whose cause is where it opened.
_OPENERS = {
    "while parsing a flow sequence": "the '[' opened here",
    "while parsing a flow mapping": "the '{' opened here",
    "while scanning a quoted scalar": "the quote opened here",
}
_SYNTAX_HINT = (
    "check indentation, and quote text containing ': ' or starting with a special character"
)
_UNCLOSED_HINT = (
    "close what opens here ('[' with ']', '{' with '}', a quote with its quote), "
    "or quote the whole value if the bracket is meant as text"
)


def _syntax(
    path: str, line: int, column: int, problem: str, hint: str = _SYNTAX_HINT
) -> Diagnostic:
    return Diagnostic(path, line, column, f"invalid YAML: {problem}", hint)


def _scalar(
    event: yaml.ScalarEvent,
    line: int,
    column: int,
    report: Report,
    back: dict[str, str],
    text: str,
    *,
    key: bool = False,
) -> Scalar:
    """The node of a scalar event, `text` being the (shielded) text it was read from."""
    quoted = event.style not in (None, "")
    value = unshielded(event.value, back)
    cut = None if quoted or key else _cut_by_comment(event, text)
    if cut is not None:
        # `title: “Checkout #2 failing”` is valid YAML: the title `“Checkout`, the rest a
        # comment. Published so, it would pass check; said as the curly quote it comes from.
        written, fix = cut
        report(line, column, *_curly_advice(unshielded(written, back), fix, cut=value))
        return Scalar(None, value, "null", line, column, rejected=True)
    starts = _starts(event, text, line, column)
    return _text_scalar(
        value, quoted, event.tag, event.implicit, line, column, report, key=key, starts=starts
    )


def _starts(
    event: yaml.ScalarEvent, text: str, line: int, column: int
) -> tuple[tuple[int, int], ...]:
    """Scalar.starts of the event's value, at `line` and `column` in the file."""
    style, start, end, value = event.style or "", event.start_mark, event.end_mark, event.value
    if start is None or end is None:  # the parser gives both; its stubs allow neither
        return ()
    if style in ("", "'", '"'):
        quotes = 2 if style else 0
        # An escape ('' or \") or a line folded into a space leaves the value shorter
        # than what was written.
        if start.line != end.line or end.index - start.index - quotes != len(value):
            return ()
        return ((line, column + quotes // 2),)
    if style != "|":
        return ()  # folded (>): its line breaks are not the file's
    # A literal block's lines are the file's from the line after its indicator, each
    # after the block's indentation (the first line holding text says how deep it is).
    body = text[text.find("\n", start.index) + 1 : end.index].split("\n")
    lines = value.split("\n")
    written = next((i for i, kept in enumerate(lines) if kept.strip(" ")), None)
    if written is None or written >= len(body):
        return ()
    indent = _indent(body[written]) - _indent(lines[written])
    return tuple((line + 1 + index, indent + 1) for index in range(len(lines)))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _text_scalar(
    text: str,
    quoted: bool,
    tag: str | None,
    implicit: tuple[bool, bool],
    line: int,
    column: int,
    report: Report,
    *,
    key: bool = False,
    starts: tuple[tuple[int, int], ...] = (),
) -> Scalar:
    """The node of a scalar event's parts: its text, whether quoted, its tag as written
    and whether its type may follow from its text (`implicit`, as the parser says);
    `key`: it is a mapping's key; `starts`: Scalar.starts."""
    resolved = tag
    if tag in (None, "!"):
        resolved = _RESOLVER.resolve(yaml.ScalarNode, text, implicit)
    kind = _SCALAR_KINDS.get(resolved or "")
    # A double-quoted value can spell any character as an escape ("\x01", "\uFFFE").
    index = forbidden_character(text)
    if index is not None:
        message = f"character {describe_character(text[index])} is not allowed"
        report(line, column, message, TEXT_HINT)
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if key and not quoted and (odd_space(text[-1:]) or odd_space(text[:1])):
        # `api\u00a0: major_outage`: YAML ends a key only at a plain space or tab, so the
        # no-break space is part of it, and "unknown component 'api '" would not say why.
        # Pasted before the key (`\u200bstatus:`), it is as invisible and as much a part
        # of it: "unknown key 'status', did you mean 'status'?" would not say why either.
        meant = text
        while odd_space(meant[-1:]):
            meant = meant[:-1]
        while odd_space(meant[:1]):
            meant = meant[1:]
        where, odd = ("ends", text[-1]) if odd_space(text[-1:]) else ("starts", text[0])
        message = f"key '{text}' {where} with {odd_space(odd)}, which YAML keeps as part of it"
        report(line, column, message, f"delete it: write '{meant}:'")
        if meant.strip():
            # Read on as the key meant, the one problem said: else `title ` left out is
            # told again at the same place as "missing required key 'title'".
            return Scalar(meant, meant, "str", line, column, quoted)
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if kind is None and tag is None and key and resolved == _TAG + "merge":
        # `<<: *base` copies the keys of an anchored mapping in, which needs the anchors
        # and aliases refused above: said in their words, not as text to quote, which
        # would only make a key nothing knows.
        report(
            line, column, "YAML merge keys are not supported (<<)", "write the values out in full"
        )
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if kind is None and tag is None:
        # No tag written: YAML 1.1 gives this plain text a meaning of its own (`<<` as a
        # value), which no file here uses; there is no tag to remove.
        report(
            line,
            column,
            f"'{text}' has a meaning of its own in YAML",
            f"put it in quotes to write it as text: '\"{text}\"'",
        )
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if kind is None:
        report(line, column, *unsupported_tag(str(tag)))
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if kind == "str" or kind == "timestamp":  # the text itself (most values)
        return Scalar(text, text, kind, line, column, quoted, starts=starts)
    value: ScalarValue = None
    node = yaml.ScalarNode(resolved or "", text)
    try:
        if kind == "int" and _LONG_DECIMAL.fullmatch(text) is not None:
            value = _long_decimal(text)
        elif kind == "int":
            value = _CONSTRUCTOR.construct_yaml_int(node)
        elif kind == "float":
            value = _CONSTRUCTOR.construct_yaml_float(node)
        elif kind == "bool":
            value = _CONSTRUCTOR.construct_yaml_bool(node)
    # PyYAML's constructors trust the text to match the tag's pattern, as a plain value
    # must: a tag written by hand can give any text, which then fails as a KeyError
    # (`!!bool maybe`) or an IndexError (`!!int ""`) rather than a ValueError.
    except (ValueError, KeyError, IndexError, yaml.YAMLError):
        message, hint = unreadable_value(text, kind, tagged=tag not in (None, "!"))
        report(line, column, message, hint)
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    return Scalar(value, text, kind, line, column, quoted)


# A whole number in decimal of more digits than Python reads from text at once (4300):
# YAML's own reading fails on it, and "not a valid int, quote it" misleads about a number
# setting, whose range check then says it is out of range, as written.
_LONG_DECIMAL = re.compile(r"[-+]?[1-9][0-9_]{4000,}")


def _long_decimal(text: str) -> int:
    """The value of a decimal whole number however many digits it has, read in halves:
    each short enough to read from text, and put together in few multiplications."""
    digits = text.lstrip("+-").replace("_", "")

    def read(part: str) -> int:
        if len(part) <= 4000:
            return int(part)
        half = len(part) // 2
        scale: int = 10 ** (len(part) - half)
        return read(part[:half]) * scale + read(part[half:])

    return -read(digits) if text.startswith("-") else read(digits)


@dataclass(frozen=True)
class Place:
    """A scalar's value and where the parser found its source text (character indexes)."""

    value: str
    style: str  # "" plain, "'" or '"' quoted, "|" or ">" a block (from its indicator on)
    start: int
    end: int  # just past its last character; a block runs on over the line breaks after it


# In a path given to scalar_places, the key that stands for every key of a mapping
# (`components_fired_at: {api: ..., db: ...}`: a time for each component).
EVERY_KEY = "*"


def scalar_places(text: str, paths: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], Place]:
    """Where the scalars at `paths` (keys from the top-level mapping down, EVERY_KEY for
    each key of a mapping) are written in `text`, by their paths with the keys found;
    those absent or not scalars are left out, and so is everything in text that is not
    valid YAML (the loader reports why)."""
    text, back = shielded(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str, ...], Place] = {}
    for path in paths:
        for keys, node in _nodes_at(root, path, back):
            if isinstance(node, yaml.ScalarNode):
                style = node.style or ""
                value = unshielded(node.value, back)
                found[keys] = Place(value, style, node.start_mark.index, node.end_mark.index)
    return found


def _nodes_at(
    node: yaml.Node | None, path: tuple[str, ...], back: dict[str, str]
) -> list[tuple[tuple[str, ...], yaml.Node]]:
    """The nodes at `path` below `node` (scalar_places' paths), each with the keys leading
    to it; a key given twice counts where it is first, as the loader refuses the second."""
    if not path:
        return [((), node)] if node is not None else []
    if not isinstance(node, yaml.MappingNode):
        return []
    found: list[tuple[tuple[str, ...], yaml.Node]] = []
    seen: set[str] = set()
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = unshielded(key_node.value, back)
        if key in seen or path[0] not in (key, EVERY_KEY):
            continue
        seen.add(key)
        found += [((key, *keys), below) for keys, below in _nodes_at(value, path[1:], back)]
    return found


def comment_lines(text: str, candidates: list[int]) -> set[int]:
    """Which of the `candidates` (0-based lines of `text` that start with '#') are YAML
    comments, not lines of a scalar written over several lines (a `|` block, a quoted
    text). Past a mistake in the YAML, a candidate counts as a comment."""
    if not candidates:
        return set()
    inside: set[int] = set()
    try:
        for token in yaml.scan(shielded(text)[0], Loader=_Loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                # A block ends at the start of the line after it: that line is not its.
                last = end.line if end.column else end.line - 1
                inside.update(range(start.line + 1, last + 1))
    except yaml.YAMLError:
        pass  # the loader reports the mistake; the lines before it are sorted out
    return {line for line in candidates if line not in inside}
