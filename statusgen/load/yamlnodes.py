"""YAML that keeps line numbers: plain values wrapped in nodes that know where they were written.

We build the tree from the parser's event stream ourselves instead of letting PyYAML
construct objects: that way no tag can construct an arbitrary object, an alias can never
multiply a document (alias bombs), and anchors, aliases, unknown tags and duplicate keys
all become diagnostics with a location rather than surprises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from statusgen.errors import Diagnostic
from statusgen.load.text import TEXT_HINT, describe_character, forbidden_character

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
}
# Deep enough for any real document; shallow enough that nesting cannot exhaust memory.
_MAX_DEPTH = 64
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
    """
    offset = first_line - 1
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
                    node.line, node.column, "a key must be plain text, not " + type_name(node), ""
                )
                frame.key = Scalar(None, "", "null", node.line, node.column, rejected=True)
                frame.skip_value = True
                return
            frame.key = node
            frame.skip_value = False
            if node.text in frame.entries:
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
                attach(_scalar(event, line, column, loader, report))
                continue
            assert isinstance(event, yaml.CollectionStartEvent)
            expected = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
            rejected = event.tag not in (None, "!", _TAG + expected)
            if rejected:
                report(line, column, f"unsupported YAML tag '{event.tag}'", "remove the tag")
            if len(stack) >= _MAX_DEPTH:
                report(line, column, "YAML nested too deeply", "")
                return None, diagnostics
            entries: dict[str, Entry] | None = {} if expected == "map" else None
            stack.append(_Frame(line, column, entries=entries, rejected=rejected))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # libyaml scans flow brackets ahead of the events we count, so a deep `[[[…` can
        # reach its own nesting limit first; the diagnostic is ours whatever it says.
        deep = _too_deep_flow(text, mark.index if mark else len(text))
        if deep is not None:
            line, column = deep
            report(line + offset, column, "YAML nested too deeply", "")
            return None, diagnostics
        opened = error.context_mark
        if error.context in _OPENERS and opened is not None and mark is not None:
            # "while parsing a flow sequence": where the unclosed `[` opened is where the
            # fix goes; where the parser gave up (often the next line) is named too.
            gave_up = f"line {mark.line + 1 + offset}, column {mark.column + 1}"
            problem = f"{_OPENERS[error.context]} is never closed ({error.problem} at {gave_up})"
            line, column = opened.line + 1, opened.column + 1
            return None, [
                *diagnostics,
                _syntax(path, line + offset, column, problem, _UNCLOSED_HINT),
            ]
        problem = " ".join(p for p in (error.context, error.problem) if p) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        tab = _tab_before(text, mark.index) if mark else None
        if tab is not None:
            # libyaml's wording for a tab varies with where it stands ("cannot start any
            # token", "violates indentation"); the cause is the same, so is our message.
            return None, [*diagnostics, _tab(path, line + offset, tab)]
        return None, [*diagnostics, _syntax(path, line + offset, column, problem)]
    except yaml.YAMLError as error:
        # ReaderError (a character YAML forbids) knows only its position in the text.
        position = getattr(error, "position", 0)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return None, [*diagnostics, _syntax(path, line + offset, column, str(error).split("\n")[0])]
    finally:
        loader.dispose()
    return root, diagnostics


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
            if depth > _MAX_DEPTH:
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


def _scalar(event: yaml.ScalarEvent, line: int, column: int, loader: Any, report: Report) -> Scalar:
    text: str = event.value
    quoted = event.style not in (None, "")
    tag = event.tag
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, text, event.implicit)
    kind = _SCALAR_KINDS.get(tag or "")
    # A double-quoted value can spell any character as an escape ("\x01", "\uFFFE").
    index = forbidden_character(text)
    if index is not None:
        message = f"character {describe_character(text[index])} is not allowed"
        report(line, column, message, TEXT_HINT)
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    if kind is None:
        report(line, column, f"unsupported YAML tag '{event.tag}'", "remove the tag")
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    value: ScalarValue = text
    node = yaml.ScalarNode(tag, text)
    try:
        if kind == "int":
            value = _CONSTRUCTOR.construct_yaml_int(node)
        elif kind == "float":
            value = _CONSTRUCTOR.construct_yaml_float(node)
        elif kind == "bool":
            value = _CONSTRUCTOR.construct_yaml_bool(node)
        elif kind == "null":
            value = None
    except (ValueError, yaml.YAMLError):
        report(line, column, f"'{text}' is not a valid {kind}", "quote it to make it text")
        return Scalar(None, text, "null", line, column, quoted, rejected=True)
    return Scalar(value, text, kind, line, column, quoted)
