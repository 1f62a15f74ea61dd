"""Text edits of incident and maintenance files that keep every byte the author wrote.

Pure string in, string out. An edit touches only what it must: the value of one front
matter key (in its quoting style), the entries of `components`, and a new update appended
at the end. Comments, key order, blank lines, a byte order mark and CRLF line endings all
survive. New files are written in the canonical form of the content format.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence

import yaml

from statusgen.load import frontmatter
from statusgen.load.comments import escape_comments
from statusgen.load.conflicts import code_blocks, complete_conflicts, is_edge_marker
from statusgen.load.definitions import unused_text_definitions
from statusgen.load.fences import CodeBlocks, CodeFences
from statusgen.load.fields import TITLE_UNSEEN
from statusgen.load.frontmatter import FENCE as _FENCE
from statusgen.load.frontmatter import YAML_LINE
from statusgen.load.markdown_bounds import refused_references
from statusgen.load.text import LINE_ENDING, NOT_TEXT, blank, stable_slug
from statusgen.load.text import slugify as name_slug
from statusgen.load.yamlnodes import compose, shielded, syntax_problem
from statusgen.timeline import (
    UnclosedFence,
    component_line,
    escape_stray_headings,
    format_component_line,
    keep_component_line_as_text,
    split_body,
    unclosed_fence,
)

# A line the timeline would read as an update heading: `## ...` (level 2, not ###).
# (Read the way the timeline reader reads them: up to three spaces of indent, outside code fences.)
_UPDATE_HEADING = re.compile(r"( {0,3})##(?=[ \t]|$)")
# What no source text may hold (load/text.py's rule), and DEL.
_CONTROL = re.compile(f"[{NOT_TEXT}\x7f]")
# A terminal's escape sequences (ECMA-48), whole: a control string (OSC `ESC ] 0;title BEL`,
# DCS, SOS, PM, APC) up to its terminator; a control sequence (CSI `ESC [ 1;31 m`, or its
# one-character form U+009B) with its parameters, intermediates and final byte; any other
# escape with its intermediates and final byte (`ESC ( B`, `ESC 7`). Dropping the ESC alone
# would leave `[1;31m` in the text.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
# A comment after a block scalar's `|` or `>` indicator, with the spaces before it.
_TRAILING_COMMENT = re.compile(r"[ \t]+#.*")
_PLAIN_SAFE = re.compile(r"[^\W_][\w ,.()/&+'!?%€$£-]*", re.UNICODE)


class EditError(ValueError):
    """The file's shape does not allow the edit (e.g. no front matter); the message says why,
    `line` and `column` where in the file (0: unknown), `hint` what to fix (when known)."""

    def __init__(self, message: str, *, line: int = 0, column: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.hint = hint


def _front_matter(text: str) -> frontmatter.Span:
    try:
        return frontmatter.locate(text)
    except frontmatter.Missing as missing:
        if missing.opened:
            raise EditError("the front matter is never closed with a line '---'") from None
        raise EditError("the file does not start with a front matter line '---'") from None


def _compose(text: str, fm: frontmatter.Span) -> yaml.MappingNode | None:
    """The front matter's nodes, read as the loader reads it (yamlnodes.compose): what
    `check` accepts, an edit accepts, and what it refuses is said in check's words, at
    the line to fix (keys and ids hold no line break, so the stand-ins matter to none)."""
    yaml_text = text[fm.yaml_start : fm.yaml_end]
    try:
        node = compose(yaml_text)
    except yaml.YAMLError as error:
        problem = syntax_problem(error, shielded(yaml_text)[0], "", first_line=YAML_LINE)
        raise EditError(
            problem.message, line=problem.line, column=problem.column, hint=problem.hint
        ) from None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the front matter is not a mapping of keys to values")
    return node


def check_edited(text: str) -> None:
    """Raise EditError, saying the edit is at fault, when the front matter of `text` (an
    edit's result, of a file that read cleanly before it) is no longer YAML: the error
    then lies in statusgen's edit, never at a line of the author's to fix."""
    fm = _front_matter(text)
    try:
        compose(text[fm.yaml_start : fm.yaml_end])
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "unreadable"
        raise EditError(
            f"statusgen's edit would leave the front matter invalid YAML ({problem}): "
            "a bug in statusgen, not in the file"
        ) from None


def _entry(root: yaml.MappingNode | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in root.value if root is not None else ():
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def key_line(text: str, key: str) -> int:
    """The line of the top-level front-matter `key` in the file, where a message about its
    value points; 0 when it is not written."""
    entry = _entry(_compose(text, _front_matter(text)), key)
    return _place(entry[0])["line"] if entry is not None else 0


def front_matter_keys(text: str) -> set[str]:
    """The top-level keys of the file's front matter."""
    root = _compose(text, _front_matter(text))
    return {k.value for k, _ in (root.value if root else ()) if isinstance(k, yaml.ScalarNode)}


def lists_components(text: str) -> bool:
    """Whether the front matter's `components` is a list of ids (`[api]`, `- api`), whose
    statuses follow the incident's impact, rather than a mapping giving each its own."""
    found = _entry(_compose(text, _front_matter(text)), "components")
    return found is not None and isinstance(found[1], yaml.SequenceNode)


def _scalar_like(node: yaml.Node, value: str) -> str:
    """`value` written in the quoting style the author used for `node`."""
    style = getattr(node, "style", None)
    if style == '"':
        return f'"{value}"'
    if style == "'":
        return f"'{value}'"
    return value


def set_key(text: str, key: str, value: str, *, scalar: bool = False) -> str:
    """The text with top-level `key` set to the plain word `value` (added at the end if absent);
    `scalar`: `value` is a YAML scalar as it is to be written, quotes and all."""
    fm = _front_matter(text)
    root = _compose(text, fm)
    found = _entry(root, key)
    if found is None:
        return _add_entry(text, fm, root, key, value)
    key_node, node = found
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"`{key}` in the front matter is not a single value")
    if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
        colon = text.index(":", fm.yaml_start + key_node.end_mark.index)
        return f"{text[: colon + 1]} {value}{text[colon + 1 :]}"
    start, end, written = _replaced(text, fm, node, value, scalar=scalar)
    return text[:start] + written + text[end:]


def _replaced(
    text: str, fm: frontmatter.Span, node: yaml.ScalarNode, value: str, *, scalar: bool = False
) -> tuple[int, int, str]:
    """Where the scalar `node` of the front matter is written in `text` (start, end) and
    what takes its place to make it the plain word `value`, in the author's quoting style
    (`scalar`: `value` is written as it is, quotes and all)."""
    start = fm.yaml_start + node.start_mark.index
    end = _value_end(text, fm, node)
    if node.style in ("|", ">"):
        # The block's lines alone become the one word; a comment on the `>-` line stays
        # after it.
        header = text[start : frontmatter.line_end(text, start)]
        comment = _TRAILING_COMMENT.search(header)
        return start, end, value + (comment.group() if comment else "")
    return start, end, value if scalar else _scalar_like(node, value)


def _value_end(text: str, fm: frontmatter.Span, node: yaml.Node) -> int:
    """Where the value `node` of the front matter ends in `text`. A block scalar (`status:
    >-` and the word on the next line) runs on, to YAML, through the line breaks after it,
    which the next key (or the closing `---`) needs: it ends after its last character."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        # A mapping or list written one entry a line ends, to YAML, where the next key
        # starts (on a line after it): it ends where its last entry's value does.
        last = node.value[-1] if node.value else None
        if last is not None:
            return _value_end(text, fm, last[1] if isinstance(last, tuple) else last)
    start = fm.yaml_start + node.start_mark.index
    end = fm.yaml_start + node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return start + len(text[start:end].rstrip())
    return end


def set_text(text: str, key: str, value: str) -> str:
    """The text with top-level `key` set to the string `value`, quoted as its place needs
    (a comma ends a plain value inside `{...}`, as it does not on a line of its own)."""
    root = _compose(text, _front_matter(text))
    flow = root is not None and bool(root.flow_style)
    return set_key(text, key, yaml_string(value, flow=flow), scalar=True)


def remove_key(text: str, key: str) -> str:
    """The text without top-level `key` (unchanged when absent): its line, with a comment
    on it, or in a front matter written as one `{...}`, the entry and a comma beside it."""
    fm = _front_matter(text)
    root = _compose(text, fm)
    if root is None or _entry(root, key) is None:
        return text
    entries = root.value
    index = next(i for i, (k, _) in enumerate(entries) if getattr(k, "value", None) == key)
    key_node, node = entries[index]
    start = fm.yaml_start + key_node.start_mark.index
    end = fm.yaml_start + node.end_mark.index
    if root.flow_style:
        if index + 1 < len(entries):
            end = fm.yaml_start + entries[index + 1][0].start_mark.index
        elif index:
            start = fm.yaml_start + entries[index - 1][1].end_mark.index
        return text[:start] + text[end:]
    start -= key_node.start_mark.column
    if not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
        # (A block scalar already ends at the start of the line after it.)
        end = frontmatter.next_line(text, frontmatter.line_end(text, end))
    return text[:start] + text[end:]


def _add_entry(
    text: str, fm: frontmatter.Span, root: yaml.MappingNode | None, key: str, value: str
) -> str:
    """The text with `key: value` added to the front matter: a line at its end, or in one
    written as `{...}`, an entry after its last (a line there would not be YAML)."""
    if root is not None and root.flow_style:
        return _add_flow_entry(text, fm, root, key, value)
    return f"{text[: fm.yaml_end]}{key}: {value}{fm.newline}{text[fm.yaml_end :]}"


def _add_flow_entry(
    text: str, fm: frontmatter.Span, node: yaml.MappingNode, key: str, value: str
) -> str:
    """The text with `key: value` added to the `{...}` mapping `node`, after its last entry."""
    at = fm.yaml_start + (
        node.value[-1][1].end_mark.index if node.value else node.start_mark.index + 1
    )
    separator = ", " if node.value else ""
    return f"{text[:at]}{separator}{key}: {value}{text[at:]}"


def _place(node: yaml.Node) -> dict[str, int]:
    """Where `node` of the front matter starts in the file, as EditError's line and column."""
    return {"line": YAML_LINE + node.start_mark.line, "column": node.start_mark.column + 1}


def set_components(text: str, changes: Mapping[str, str], current: Mapping[str, str]) -> str:
    """The text with `components` entries set to the statuses in `changes`.

    A block mapping is edited entry by entry. A list (or flow mapping) becomes a block
    mapping, since only a mapping can give one component a status of its own; `current`
    gives the statuses the existing entries had. In front matter written as one `{...}`,
    where no block may stand, it becomes a flow mapping.
    """
    if not changes:
        return text
    fm = _front_matter(text)
    nl = fm.newline
    root = _compose(text, fm)
    found = _entry(root, "components")
    if root is not None and root.flow_style:
        # Front matter written as one `{...}` takes no block lines: `components` is
        # written there as a flow mapping.
        merged = {**current, **changes} if found is not None else dict(changes)
        written = "{" + ", ".join(f"{_id(cid, flow=True)}: {s}" for cid, s in merged.items()) + "}"
        if found is None:
            return _add_entry(text, fm, root, "components", written)
        start = fm.yaml_start + found[1].start_mark.index
        return text[:start] + written + text[fm.yaml_start + found[1].end_mark.index :]
    if found is None:
        lines = "".join(f"  {_id(cid)}: {status}{nl}" for cid, status in changes.items())
        return f"{text[: fm.yaml_end]}components:{nl}{lines}{text[fm.yaml_end :]}"
    key_node, node = found
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _edit_block_mapping(text, fm, node, changes)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _block_list_to_mapping(text, fm, key_node, node, changes, current)
    merged = dict(current)
    merged.update(changes)
    colon = text.index(":", fm.yaml_start + key_node.end_mark.index)
    end = max(fm.yaml_start + node.end_mark.index, colon + 1)
    # A comment after a flow collection (`[api, web]  # both`) is about all of them: it
    # moves up to the key's line, not onto the last component's.
    line_end = frontmatter.line_end(text, end)
    rest = text[end:line_end]
    after = rest if rest.strip().startswith("#") else ""
    # Those inside it (`[api,  # paged first`) stay beside what they were written for.
    on_key, beside, above, below = _flow_comments(text, fm, node)
    comment = "  " + " ".join([*on_key, after.strip()]).strip() if on_key else after
    block = ""
    for cid, status in merged.items():
        block += "".join(f"{nl}  {line}" for line in above.get(cid, ()))
        block += f"{nl}  {_id(cid)}: {status}{beside.get(cid, '')}"
    block += "".join(f"{nl}  {line}" for line in below)
    return text[: colon + 1] + comment + block + text[end + len(after) :]


def _flow_comments(
    text: str, fm: frontmatter.Span, node: yaml.Node
) -> tuple[list[str], dict[str, str], dict[str, list[str]], list[str]]:
    """The comments written inside a flow `components` collection split over lines, kept
    where a block mapping can hold them: those on the opening bracket's line (for the
    key's line), each after a component on its line (by id, with the spaces before it),
    each on a line of its own (above the component after it, or below the last one)."""
    if not isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
        return [], {}, {}, []
    # Each node written inside, with the id its comments belong to: an item of a list, or
    # the key and the value of a mapping's entry.
    spans: list[tuple[int, int, str]] = []
    for entry in node.value:
        parts = entry if isinstance(entry, tuple) else (entry,)
        cid = getattr(parts[0], "value", "")
        cid = cid if isinstance(cid, str) else ""
        spans += [
            (fm.yaml_start + p.start_mark.index, fm.yaml_start + p.end_mark.index, cid)
            for p in parts
        ]
    on_key: list[str] = []
    beside: dict[str, str] = {}
    above: dict[str, list[str]] = {}
    below: list[str] = []
    opened = fm.yaml_start + node.start_mark.index + 1
    closed = fm.yaml_start + node.end_mark.index - 1
    bounds = [(opened, "", ""), *((end, cid, "") for _, end, cid in spans)]
    nexts = [cid for _, _, cid in spans] + [""]
    starts = [start for start, _, _ in spans] + [closed]
    # Between the nodes there is only punctuation and space, so every `#` starts a comment.
    for (gap, before, _), after, stop in zip(bounds, nexts, starts, strict=True):
        at = text.find("#", gap, stop)
        while at != -1:
            ends = frontmatter.line_end(text, at)
            comment = text[at:ends].rstrip()
            if before and not _breaks(text[gap:at]):
                spaces = len(text[gap:at]) - len(text[gap:at].rstrip(" \t"))
                beside[before] = beside.get(before, "") + " " * max(spaces, 1) + comment
            elif not _breaks(text[opened:at]):
                on_key.append(comment)  # on the bracket's line, before any component
            elif after:
                above.setdefault(after, []).append(comment)
            else:
                below.append(comment)
            at = text.find("#", ends, stop)
    return on_key, beside, above, below


def _breaks(span: str) -> bool:
    """Whether `span` runs over more than one line (any line break YAML reads as one)."""
    return "\n" in span or "\r" in span


def _block_list_to_mapping(
    text: str,
    fm: frontmatter.Span,
    key_node: yaml.Node,
    node: yaml.SequenceNode,
    changes: Mapping[str, str],
    current: Mapping[str, str],
) -> str:
    """A `- api` list turned into `api: status` entries in place, line by line, so that
    each comment stays beside the component it was written for."""
    edits: list[tuple[int, int, str]] = []
    # Entries of a mapping nested under `components:` sit right of the key, as `- ` may not.
    indent = "  " if node.start_mark.column <= key_node.start_mark.column else ""
    column = node.start_mark.column + len(indent)
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or item.value not in {**current, **changes}:
            raise EditError("`components` in the front matter is not a list of component ids")
        dash = text.rindex("-", 0, fm.yaml_start + item.start_mark.index)
        status = changes.get(item.value) or current[item.value]
        edits.append((dash, _value_end(text, fm, item), f"{indent}{_id(item.value)}: {status}"))
    listed = {item.value for item in node.value if isinstance(item, yaml.ScalarNode)}
    added = {cid: status for cid, status in changes.items() if cid not in listed}
    last = _value_end(text, fm, node.value[-1])
    return _edited(text, fm, edits, added, last, column)


def _alert(text: str, fm: frontmatter.Span) -> yaml.MappingNode:
    """The front matter's `alert:` mapping; raises EditError when it has none."""
    found = _entry(_compose(text, fm), "alert")
    if found is None:
        raise EditError("the front matter has no `alert:` mapping")
    if not isinstance(found[1], yaml.MappingNode):
        raise EditError(
            "`alert:` in the front matter is not a mapping of keys to values",
            **_place(found[1]),
            hint="write `alert:` with its keys under it (`source:`, `id:`), one a line",
        )
    return found[1]


def _entries(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def set_alert_key(text: str, key: str, value: str) -> str:
    """The text with `key` of the front matter's `alert:` mapping set to the plain `value`,
    in the form the author gave `alert:`: one key a line, or one `{...}`."""
    fm = _front_matter(text)
    node = _alert(text, fm)
    if not node.flow_style:
        return _edit_block_mapping(text, fm, node, {key: value}, "`alert: {}:`")
    held = _entries(node).get(key)
    if held is None:
        return _add_flow_entry(text, fm, node, key, value)
    if not isinstance(held, yaml.ScalarNode):
        raise _not_single(f"`alert: {key}:`", held)
    start, end, written = _replaced(text, fm, held, value)
    return text[:start] + written + text[end:]


def set_alert_times(text: str, key: str, times: Mapping[str, str]) -> str:
    """The text with `key` of the front matter's `alert:` mapping set to `times` (component
    id → time): one entry a line where the author wrote it so, else on one line as a flow
    mapping, `{db: 2026-11-22 19:02:45 +01:00}`."""
    value = "{" + ", ".join(f"{_id(cid, flow=True)}: {at}" for cid, at in times.items()) + "}"
    fm = _front_matter(text)
    held = _entries(_alert(text, fm)).get(key)
    if held is None:
        return set_alert_key(text, key, value)
    if isinstance(held, yaml.MappingNode) and not held.flow_style:
        written = _entries(held)
        changed = {
            cid: at
            for cid, at in times.items()
            if not (isinstance(written.get(cid), yaml.ScalarNode) and written[cid].value == at)
        }
        return _edit_block_mapping(text, fm, held, changed, f"`alert: {key}: {{}}:`")
    start, end = fm.yaml_start + held.start_mark.index, fm.yaml_start + held.end_mark.index
    if isinstance(held, yaml.MappingNode):
        return text[:start] + value + text[end:]
    if isinstance(held, yaml.ScalarNode) and held.tag == "tag:yaml.org,2002:null":
        # `components_fired_at:` with nothing after it (the colon's end): a space first.
        return text[:start] + (value if end > start else f" {value}") + text[end:]
    raise EditError(
        f"`alert: {key}:` in the front matter is not a mapping of component ids to times",
        **_place(held),
        hint=f"write it as `{key}: {{api: 2026-12-06 09:00:00 +00:00}}`",
    )


def _not_single(name: str, node: yaml.Node) -> EditError:
    return EditError(
        f"{name} in the front matter is not a single value",
        **_place(node),
        hint="write it as one value on its line",
    )


def _edit_block_mapping(
    text: str,
    fm: frontmatter.Span,
    node: yaml.MappingNode,
    changes: Mapping[str, str],
    name: str = "the status of component `{}`",
) -> str:
    """`text` with the entries of the mapping `node`, written one a line, set to `changes`:
    each in place, or as a line after its last; `name` says (with the key) which to fix
    when one holds more than a single value."""
    edits: list[tuple[int, int, str]] = []
    added: dict[str, str] = {}
    entries = _entries(node)
    for cid, status in changes.items():
        value = entries.get(cid)
        if value is None:
            added[cid] = status
        elif isinstance(value, yaml.ScalarNode):
            edits.append(_replaced(text, fm, value, status))
        else:
            raise _not_single(name.format(cid), value)
    last = _value_end(text, fm, node.value[-1][1])
    return _edited(text, fm, edits, added, last, node.value[0][0].start_mark.column)


def _edited(
    text: str,
    fm: frontmatter.Span,
    edits: list[tuple[int, int, str]],
    added: Mapping[str, str],
    last: int,
    column: int,
) -> str:
    """`text` with `edits` (start, end, replacement) made, and each `added` entry (key:
    value) on a line of its own at `column`, after the line where the entries end (`last`)."""
    if added:
        after = frontmatter.next_line(text, frontmatter.line_end(text, last))
        lines = "".join(
            f"{' ' * column}{_id(key)}: {value}{fm.newline}" for key, value in added.items()
        )
        edits.append((after, after, lines))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def message_text(message: str) -> str:
    """An untrusted message made safe for the timeline, with "\\n" line breaks.

    No line may start a new update: `## ...` outside code becomes `\\## ...`, which Markdown
    shows as "## ..."; so does a line git would read as opening or closing a merge conflict,
    and `<!--` (an HTML comment, which would hide what follows) becomes `\\<!--`, and a
    line that reads as a link definition no link uses (`[ETA]: 15:00`) `\\[ETA]: 15:00`,
    unless it is written as a comment (`[//]: # (note)`), which stays hidden.
    A code fence left open is closed, so it cannot swallow later updates. Stray control
    characters are dropped, and so are references to them (`&#1;`), which check refuses:
    first, so that what is left is escaped as the file will hold it (`&#1;## Resolved ...`
    is no heading). Empty ("") when nothing is left to show.
    """
    text = _CONTROL.sub("", message.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = _escaped(_without_refused_references(text))
    # An escape's backslash can still take a backtick out of a code span (the first one of
    # a line under a stray heading), and the reference in it out of code: it goes too, and
    # what is left is escaped again, until the file holds none check refuses.
    while refused_references(escaped):
        escaped = _escaped(_without_refused_references(escaped))
    return escaped


def _escaped(text: str) -> str:
    """`text` (a message, its line breaks "\\n") with no line read as more than text of
    its update, as message_text says; "" when it shows nothing."""
    lines = text.strip("\n").rstrip().split("\n")
    fences, blocks = CodeFences(), CodeBlocks()
    for index, line in enumerate(lines):
        # An indented code block's lines are shown as written, and the timeline reads no
        # statuses there (but on the first line, whatever it is).
        indented = blocks.inside(line)
        if fences.inside(line):
            continue
        if _UPDATE_HEADING.match(line):
            lines[index] = _UPDATE_HEADING.sub(r"\1\\##", line, count=1)
        # A line the timeline would read as component statuses (the first), or refuse as
        # one out of place (a later one), as written or typed not quite right, stays text:
        # `\:` shows ":". So does a first one it would refuse as mistyped (`Compnents: ...`).
        if not indented or index == 0:
            lines[index] = keep_component_line_as_text(lines[index], first=index == 0)
        # A `<<<<<<<` or `>>>>>>>` line would make `check` refuse the file as a merge left
        # unresolved; `\<<<<<<<` shows as typed and is no marker. Without those two, a
        # `=======` is no marker either, and stays a heading's underline.
        if is_edge_marker(line):
            lines[index] = "\\" + line
    # In a code block the markers are text, unless they make a whole conflict in that one
    # block, which check refuses: the backslash shows there, but the file stays valid. A
    # message's blocks are closed in it, so no other message's markers can complete them.
    for index in complete_conflicts(lines, code_blocks(lines)):
        if is_edge_marker(lines[index]):
            lines[index] = "\\" + lines[index]
    # A line the timeline would refuse as an update written not quite right ("# Resolved
    # at 2026-11-20 14:05") stays text the same way: an alert's words never break a build.
    # Nor does a `<!--` in them hide their text, or every update after it.
    lines = escape_comments(escape_stray_headings("\n".join(lines))).split("\n")
    # A line that reads as a link definition no link of the message uses (`[ETA]: 15:00`)
    # is published nowhere: a `\` before its `[` shows it as typed. The comment idiom's
    # (`[//]: # (note)`) is left alone, as check leaves it: it is written to stay hidden.
    for index in unused_text_definitions(lines):
        lines[index] = lines[index].replace("[", "\\[", 1)
    lines = _atx_headings(lines)
    if fences.open:
        lines.append(fences.open)
    return "\n".join(lines) if any(lines) else ""


# A line of '-' under a line of text: that line is a heading (setext, level 2).
_DASH_UNDERLINE = re.compile(r" {0,3}-+[ \t]*")
# What starts a line that is no paragraph's text: a heading, a quote, a list item, a table
# row, code, a fence.
_NOT_PARAGRAPH = re.compile(r" {0,3}(?:[#>|*+-]|\d{1,9}[.)](?:[ \t]|$)|```|~~~)|    |\t")


def _atx_headings(lines: list[str]) -> list[str]:
    """`lines` (a message) with each one-line heading underlined with '-' written `### Text`,
    which the page shows as it shows the underlined one. Formatters (mdformat) write the
    underlined form as `## Text`, an update heading to the timeline; they leave this one."""
    out: list[str] = []
    fences = CodeFences()
    for index, line in enumerate(lines):
        if fences.inside(line):
            out.append(line)
            continue
        above = lines[index - 1] if index else ""
        single = index < 2 or not lines[index - 2].strip()
        if (
            _DASH_UNDERLINE.fullmatch(line)
            and above.strip()
            and single
            and not _NOT_PARAGRAPH.match(above)
        ):
            out[-1] = f"### {above.strip()}"
            continue
        out.append(line)
    return out


def _without_refused_references(text: str) -> str:
    """`text` without the references check refuses (refused_references). Again until none
    is left, as `&&#1;#1;` without its `&#1;` is one. A reference that ended its line
    takes the blanks around it along: left there, they would end the line with blanks
    (two of them a line break in Markdown)."""
    while found := refused_references(text):
        for reference in reversed(found):
            before, after = text[: reference.start], text[reference.end :]
            if after.lstrip(" \t")[:1] in ("", "\n"):
                before, after = before.rstrip(" \t"), after.lstrip(" \t")
            text = before + after
    return text


def open_code_block(text: str) -> UnclosedFence | None:
    """The code fence the file's body leaves open at its end, at its line in the file;
    None when every fence is closed (or there is no front matter)."""
    parts, _ = frontmatter.split("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return None if parts is None else unclosed_fence(parts.body, parts.body_line)


def append_update(text: str, heading: str, message: str, components: str = "") -> str:
    """The text with `## heading`, its `components` line (if any) and `message` appended
    after one blank line (same line ends). A code block the text leaves open is closed
    first (open_code_block says where). Raises EditError when the heading would not be
    read as the newest update."""
    fm = _front_matter(text)
    nl = fm.newline
    body = _without_trailing_lines(text)
    # The last line keeps its own line end (a CRLF file's last line ended `\n` by another
    # tool): the author's bytes are kept, only those added are the file's.
    own = LINE_ENDING.match(text, len(body))
    end = own.group() if own is not None else nl
    unclosed = open_code_block(text)
    if unclosed is not None:
        # Else the heading would be code of the message before it, and the update lost;
        # as message_text closes a fence a new message leaves open.
        body += end + unclosed.fence
        end = nl
    separator = end if len(body) <= fm.fence_end else end + nl
    entry = f"## {heading}{nl}"
    if components:
        entry += components + nl
    cleaned = message_text(message)
    if cleaned:
        entry += nl + cleaned.replace("\n", nl) + nl
    appended = body + separator + entry
    _read_as_newest(appended, body + separator)
    return appended


def _without_trailing_lines(text: str) -> str:
    """`text` without the line ends (and the spaces and tabs after each) it ends with;
    spaces and tabs before the first of them are kept, as is all of a text without one."""
    # str methods, not a regex: one anchored at the end is tried from every line end, so
    # a message of many blank lines made each later update quadratic in them.
    kept = text.rstrip(" \t\r\n")
    tail = text[len(kept) :]
    if "\n" not in tail and "\r" not in tail:
        return text
    return kept + tail[: len(tail) - len(tail.lstrip(" \t"))]


def _read_as_newest(text: str, before: str) -> None:
    """Raise EditError unless the timeline reads the line after `before` (the start of
    `text`) as the newest update heading: an edit never reports an update it lost."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts, _ = frontmatter.split("", text)
    _, updates = split_body(parts.body, parts.body_line) if parts is not None else ("", [])
    line = before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    if not updates or updates[-1].line != line:
        raise EditError(
            f"the new update at line {line} would be read as text of the message above it"
        )


def insert_line_after(text: str, line: int, inserted: str) -> str:
    """The text with `inserted` as a new line after its line `line` (1-based, same line ends)."""
    nl = _front_matter(text).newline
    index = 1 if text.startswith("\ufeff") else 0
    for _ in range(line):
        end = frontmatter.line_end(text, index)
        if end == len(text):
            return f"{text}{nl}{inserted}{nl}"
        index = frontmatter.next_line(text, end)
    return f"{text[:index]}{inserted}{nl}{text[index:]}"


def add_statuses(text: str, line: int, statuses: Mapping[str, str]) -> str:
    """The text with the update whose heading is on `line` (1-based) also setting `statuses`
    (id -> status): appended to its `Components:` line, or on a new one under the heading."""
    normal = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    parts, _ = frontmatter.split("", normal)
    _, updates = split_body(parts.body, parts.body_line) if parts is not None else ("", [])
    raw = next((u for u in updates if u.line == line), None)
    if raw is None or component_line(raw)[0] is None:
        return insert_line_after(text, line, format_component_line(dict(statuses)))
    start = 1 if text.startswith("\ufeff") else 0
    for _ in range(raw.message_line - 1):
        start = frontmatter.next_line(text, frontmatter.line_end(text, start))
    end = frontmatter.line_end(text, start)
    written = text[start:end]
    kept = written.rstrip(" \t")
    # After the author's items, in their spacing: a trailing comma already separates.
    separator = " " if kept.endswith(",") else ", "
    items = ", ".join(f"{cid}={status}" for cid, status in statuses.items())
    return text[:start] + kept + separator + items + written[len(kept) :] + text[end:]


def reads_back(written: str, value: str, *, flow: bool = False) -> bool:
    """Whether YAML reads `written`, as a mapping's value, as the text `value`; `flow`:
    as a value inside a `{...}` mapping."""
    source = f"{{k: {written}}}" if flow else f"k: {written}"
    try:
        return bool(yaml.safe_load(source) == {"k": value})
    except (yaml.YAMLError, ValueError):  # ValueError: a date that is none (2026-02-30)
        return False


def yaml_string(value: str, *, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain when clearly safe, else double-quoted with escapes;
    `flow`: safe inside a `{...}` mapping too."""
    if (
        _PLAIN_SAFE.fullmatch(value)
        and not value.endswith(" ")
        and reads_back(value, value, flow=flow)
    ):
        return value
    # JSON strings are YAML double-quoted scalars; YAML refuses some characters raw, so
    # fall back to ASCII escapes if the readable form does not read back the same.
    quoted = json.dumps(value, ensure_ascii=False)
    return quoted if reads_back(quoted, value) else json.dumps(value)


def _id(cid: str, *, flow: bool = False) -> str:
    """A component id (or `alert:` key) as a front-matter key or list item: quoted, as
    import writes it, when another YAML reader would read it as no text (`no` as false,
    `null`, `123`); `flow`: inside `{...}` or `[...]`."""
    return yaml_string(cid, flow=flow)


def clean_title(title: str) -> str:
    """A one-line title: whitespace runs (line breaks too) become one space; controls and
    what check warns of in a title though it shows nothing (a byte order mark) dropped.
    "" for one that shows nothing (a soft hyphen, a direction mark), which check refuses
    as empty: the caller's fallback title takes its place."""
    visible = "".join(
        c
        for c in title
        if (unicodedata.category(c) not in ("Cc", "Cs") or c.isspace()) and c not in TITLE_UNSEEN
    )
    cleaned = " ".join(_CONTROL.sub("", visible).split())
    return "" if blank(cleaned) else cleaned


def drop_escapes(text: str) -> str:
    """`text` without the terminal escape sequences a program's output holds (colors, a
    window title, a link), each dropped whole: clean_title alone drops only their ESC."""
    return _ESCAPE_SEQUENCE.sub("", text)


def slugify(title: str, fallback: str) -> str:
    """A file-name slug from a title: ASCII letters, digits and dashes, about 60 at most."""
    return _shortened(name_slug(title), fallback)


def earlier_slug(title: str, fallback: str) -> str:
    """The file-name slug earlier releases made of a title, without the letters slugify
    spells out (stable_slug: `Збій API` → `api`), for a file they named."""
    return _shortened(stable_slug(title), fallback)


def _shortened(slug: str, fallback: str) -> str:
    """`slug` cut at a dash to about 60 characters; `fallback` when it is empty."""
    if len(slug) > 60:
        slug = slug[:61].rsplit("-", 1)[0] if "-" in slug[:61] else slug[:60]
    return slug or fallback


def incident_text(
    *,
    title: str,
    status: str,
    impact: str | None,
    components: Mapping[str, str],
    heading: str,
    message: str,
    draft: bool = False,
    alert: tuple[str, str] | None = None,
    component_line: str = "",
    alert_rule: str | None = None,
) -> str:
    """A new incident file in canonical form; `alert` is the (source, id) it was opened for,
    `alert_rule` the name of the ingest rule that opened it."""
    lines = [_FENCE, f"title: {yaml_string(title)}", f"status: {status}"]
    if impact is not None:
        lines.append(f"impact: {impact}")
    if components:
        lines.append("components:")
        lines += [f"  {_id(cid)}: {state}" for cid, state in components.items()]
    if draft:
        lines.append("draft: true")
    if alert is not None:
        lines += ["alert:", f"  source: {yaml_string(alert[0])}", f"  id: {yaml_string(alert[1])}"]
        if alert_rule is not None:
            lines.append(f"  rule: {yaml_string(alert_rule)}")
    lines.append(_FENCE)
    return append_update("\n".join(lines) + "\n", heading, message, component_line)


def maintenance_text(
    *,
    title: str,
    scheduled_for: str,
    scheduled_until: str,
    components: Sequence[str] | Mapping[str, str],
    heading: str,
    message: str,
) -> str:
    """A new maintenance file in canonical form, its announcement the first update."""
    lines = [
        _FENCE,
        f"title: {yaml_string(title)}",
        f"scheduled_for: {scheduled_for}",
        f"scheduled_until: {scheduled_until}",
    ]
    if isinstance(components, Mapping):
        if components:
            lines.append("components:")
            lines += [f"  {_id(cid)}: {state}" for cid, state in components.items()]
    elif components:
        lines.append(f"components: [{', '.join(_id(cid, flow=True) for cid in components)}]")
    lines.append(_FENCE)
    text = "\n".join(lines) + "\n"
    return append_update(text, heading, message)
