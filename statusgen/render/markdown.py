"""Markdown from incident files to safe HTML. Incident text is untrusted: it may come
straight from an automated alert."""

from __future__ import annotations

import copy
import itertools
import os
import re
import textwrap
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import cache
from html import unescape
from typing import TYPE_CHECKING, Any, cast
from unicodedata import bidirectional
from urllib.parse import urljoin

import nh3

from statusgen import urls
from statusgen.load.definitions import (
    ADDRESS,
    continued_definition,
    defined_label,
    defines_a_link,
    linked_label,
)
from statusgen.load.fences import CodeBlocks, Line, code_span_end
from statusgen.load.text import NOT_TEXT
from statusgen.render.autolinks import BARE_URL, bare_url
from statusgen.weburls import ALLOWED_URL_SCHEMES, idna

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}

if TYPE_CHECKING:
    import markdown as markdown_lib

_local = threading.local()

# Unicode explicit direction formatting (UAX #9). An override or isolate left open in a
# title or message would reorder the page text that follows it (a "Trojan Source" trick).
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
_PDF = "\u202c"
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
_PDI = "\u2069"
_BIDI = re.compile(f"[{_EMBEDDINGS}{_PDF}{_ISOLATES}{_PDI}]")


def find_bidi(text: str) -> bool:
    """Whether `text` holds any of them: what contain_bidi looks at first, for callers
    that check thousands of texts and change few. ASCII text, most of what pages print,
    holds none, and says so without a scan (a flag of the string: 14 ns against 370)."""
    return not text.isascii() and _BIDI.search(text) is not None


# A tag, or the text between tags, in the sanitizer's well-formed output (which always
# double-quotes attribute values).
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_ATTRIBUTE_VALUE = re.compile(r'"[^"]*"')


def drop_bidi(text: str) -> str:
    """`text` without its direction overrides, embeddings and isolates (and their closers):
    for one line of plain text (a heartbeat's note), where none has a use, and one left
    in would turn the text after it."""
    return _BIDI.sub("", text) if find_bidi(text) else text


def contain_bidi(text: str) -> str:
    """`text` with every direction override, embedding or isolate it opens closed at its end,
    and closing marks it did not open dropped: it can reorder itself, never what follows.

    The author's characters are kept; only the missing closers are added.
    """
    if not find_bidi(text):
        return text
    out: list[str] = []
    open_: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_.append(char)
        elif char == _PDF:
            if not open_ or open_[-1] not in _EMBEDDINGS:
                continue  # closes nothing of ours (UAX #9 ignores it inside an isolate too)
            open_.pop()
        elif char == _PDI:
            if not any(c in _ISOLATES for c in open_):
                continue
            while open_.pop() not in _ISOLATES:  # a PDI also closes embeddings inside it
                pass
        out.append(char)
    out.extend(_PDI if c in _ISOLATES else _PDF for c in reversed(open_))
    return "".join(out)


# The bidirectional classes (UAX #9) of right-to-left letters and digits, and of the
# explicit marks: text holding none of them is laid out as it reads in a left-to-right
# line, whatever surrounds it.
_RIGHT_TO_LEFT = frozenset(
    {"R", "AL", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def needs_isolation(text: str, direction: str) -> bool:
    """Whether `text`, written by an author and put into a phrase or a list of a page
    written in `direction` ("ltr", "rtl"), must be set apart from the words around it.

    Unisolated, a name's direction runs on into its neighbours: in an Arabic line
    "DB-3 (primary)" takes the words and digits after it into its left-to-right run, and
    an Arabic name does the same in an English one. A right-to-left page isolates every
    value; a left-to-right one only a value holding right-to-left text or a direction
    mark, as Latin text in a Latin line cannot move (and most pages are that: no markup).
    """
    if direction == "rtl":
        return True
    return not text.isascii() and any(bidirectional(c) in _RIGHT_TO_LEFT for c in text)


def leads_right_to_left(text: str) -> bool:
    """Whether the first strong letter of `text` (or the first direction mark) is a
    right-to-left one: the direction `text` is laid out in where nothing sets one."""
    for char in text:
        kind = bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


_FSI = "\u2068"  # FIRST STRONG ISOLATE: the direction of its first strong letter


def isolated(text: str) -> str:
    """`text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, its own open marks
    closed inside: set apart from the words around it (as a <bdi> would be), and plain
    text, which means the same in an element, an attribute (title=, aria-label=) or a
    page's <title>, where markup would be published as it is written."""
    return f"{_FSI}{contain_bidi(text)}{_PDI}"


# The characters a backslash before shows as themselves on the page: every ASCII
# punctuation character, as GitHub (CommonMark) reads them; before anything else the
# backslash is text. The library's own list is shorter, and kept `\"`, `\'` and `\&`
# as typed, in text, addresses and titles. The authoring commands rely on a few:
# `Components\:` keeps a message's first line a message (authoring/edit.py), and
# `\<<<<<<< HEAD` keeps a file from being taken for an unresolved merge.
ESCAPED_CHARS = "".join(c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum())
# Those of them a backslash escaped before every ASCII punctuation character did: the
# library's own list and `|:=<~`. Text from a tool that shows a backslash before the
# others (Statuspage's `C:\"Temp"`, `R\&D`) keeps it as the last release showed it.
FIRST_ESCAPED_CHARS = "\\`*_{}[]()>#+-.!|:=<~"


def keep_backslashes(text: str, before: str = ESCAPED_CHARS) -> str:
    """`text` with each backslash before one of `before` written twice, so that it shows
    as written rather than escaping what follows."""
    if "\\" not in text:
        return text
    return re.sub("\\\\(?=[" + re.escape(before) + "])", r"\\\\", text)


# A link definition as the library reads one (its ReferenceProcessor.RE), but for its
# address, read as CommonMark reads one (ADDRESS): the library's takes no `<…>` holding a
# space, and left the definition (often an author's note) on the page as text.
_REFERENCE_PARTS = (
    r"^[ ]{{0,3}}\[([^\[\]]*)\]:{0}*(?:\n{0}*)?(" + ADDRESS + r"){0}*(?:\n{0}*)?"
    r"(([\"'])(.*)\4{0}*|\((.*)\){0}*)?$"
)
_REFERENCE = re.compile(_REFERENCE_PARTS.format("[ ]"), re.MULTILINE)
# The same, on the text as written: the library reads it with each tab turned to spaces
# first, so a tab is a space wherever the expression takes one (`[a]:` over `\taddress`).
_WRITTEN_REFERENCE = re.compile(_REFERENCE_PARTS.format("[ \t]"), re.MULTILINE)


class _FirstDefinitions(dict[str, tuple[str, str]]):
    """Link definitions by label that keep the first address and title given a label:
    CommonMark's reading of a label defined twice, which blank_reference_images follows
    (`[chart]: one` over `[CHART]: two`)."""

    def __setitem__(self, label: str, definition: tuple[str, str]) -> None:
        self.setdefault(label, definition)


def _converter() -> markdown_lib.Markdown:
    # Building a Markdown instance costs more than converting a short message, so each
    # thread keeps one and resets it between documents.
    converter: markdown_lib.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        # Imported here: a build whose pages all come from the cache never needs it.
        import xml.etree.ElementTree as etree

        import markdown as markdown_lib
        from markdown.blockprocessors import (
            BlockProcessor,
            CodeBlockProcessor,
            HashHeaderProcessor,
            ReferenceProcessor,
        )

        # The extensions themselves, not their names: a name is looked up among every
        # installed package's entry points, which cost 35 ms of each build that converts.
        from markdown.extensions.fenced_code import FencedCodeExtension
        from markdown.extensions.sane_lists import SaneListExtension
        from markdown.extensions.tables import TableExtension, TableProcessor
        from markdown.inlinepatterns import (
            AUTOLINK_RE,
            IMAGE_LINK_RE,
            IMAGE_REFERENCE_RE,
            AutolinkInlineProcessor,
            ImageInlineProcessor,
            ImageReferenceInlineProcessor,
            InlineProcessor,
            LinkInlineProcessor,
            SimpleTagInlineProcessor,
            SubstituteTagInlineProcessor,
        )
        from markdown.preprocessors import Preprocessor
        from markdown.treeprocessors import PrettifyTreeprocessor, Treeprocessor
        from markdown.util import AMP_SUBSTITUTE, AtomicString, code_escape

        # The align attribute, as GitHub writes it: the sanitizer keeps it on a cell, where
        # the library's own style="text-align: …" was dropped with every style.
        tables = TableExtension(use_align_attribute=True)
        converter = markdown_lib.Markdown(
            extensions=[FencedCodeExtension(), tables, SaneListExtension()]
        )

        class ListAfterParagraph(BlockProcessor):
            def test(self, parent: Any, block: str) -> bool:
                # A tight list item's text holds the lines the library read as more of
                # it, lines at the margin too, which on GitHub end the item: left as it was.
                return not self.parser.state.isstate("list") and list_start(block) > 0

            def run(self, parent: Any, blocks: list[str]) -> None:
                block = blocks.pop(0)
                at = list_start(block)
                blocks[:0] = [block[: at - 1], block[at:]]

        class TableAfterParagraph(BlockProcessor):
            def test(self, parent: Any, block: str) -> bool:
                # As ListAfterParagraph: a tight list item's text is left as it was, but
                # for rows indented under its text (`- Impact:` over `  | a | b |`),
                # which are the item's on GitHub. The rows must be a table to the
                # library too, or the paragraph stays whole.
                at = table_start(block)
                if at == 0 or not self._rows_in_item(block[at:]):
                    return False
                table = self.parser.blockprocessors["table"]
                return bool(table.test(parent, textwrap.dedent(block[at:])))

            def run(self, parent: Any, blocks: list[str]) -> None:
                block = blocks.pop(0)
                at = table_start(block)
                blocks[:0] = [block[: at - 1], textwrap.dedent(block[at:])]

            def _rows_in_item(self, rows: str) -> bool:
                if not self.parser.state.isstate("list"):
                    return True
                return all(row.startswith(" ") for row in rows.split("\n"))

        class StashAlone(BlockProcessor):
            """Where the library has ended the list an item's code block was stashed in
            (a paragraph indented two columns, a `1)` item: it reads neither), the
            placeholder's line would be read as indented code, showing the block inside
            another, or as paragraph text, which the block would cut: it is made a block
            of its own at the margin instead, as the library's fenced code makes one."""

            def __init__(self, parser: Any, code: bool) -> None:
                super().__init__(parser)
                self.code = code  # ahead of the indented code, or of the paragraph

            def test(self, parent: Any, block: str) -> bool:
                if _PLACEHOLDER_LINE.search(block) is None:
                    return False
                if self.code:
                    return block.startswith(" " * self.tab_length)
                # In a tight item's text the block stays where it is, as the item's.
                return not self.parser.state.isstate("list") and not (
                    _PLACEHOLDER_LINE.fullmatch(block)
                )

            def run(self, parent: Any, blocks: list[str]) -> None:
                block = blocks.pop(0)
                found = cast("re.Match[str]", _PLACEHOLDER_LINE.search(block))
                parts = [block[: found.start()], found[0].strip(), block[found.end() :]]
                blocks[:0] = [part.strip("\n") for part in parts if part.strip()]

        class ItemAfterNested(BlockProcessor):
            """An indented block after a blank line (`  - b` under `- a`) that a line at
            the margin ends with an item of the list above (`- c`): the library read that
            item as more of the indented block, nesting it; on GitHub it is the outer
            list's next item. The indented part is parsed as the library reads it, the
            rest as a block of its own after it."""

            def test(self, parent: Any, block: str) -> bool:
                indent = self.parser.blockprocessors["indent"]
                return outer_item_start(block) > 0 and bool(indent.test(parent, block))

            def run(self, parent: Any, blocks: list[str]) -> None:
                block = blocks.pop(0)
                at = outer_item_start(block)
                blocks[:0] = [block[: at - 1], block[at:]]

        class NestedItems(Preprocessor):
            def run(self, lines: list[str]) -> list[str]:
                return nested_items(lines)

        class Fences(Preprocessor):
            def run(self, lines: list[str]) -> list[str]:
                return stash_fences(lines, self.md)

        class BareUrl(InlineProcessor):
            """`https://…` and `www.…` in text, linked as GitHub links them
            (render/autolinks.py), as typed, its backslash escapes kept; never inside a
            link's own text."""

            ANCESTOR_EXCLUDES = ("a",)

            def handleMatch(  # type: ignore[override]
                self, m: re.Match[str], data: str
            ) -> tuple[Any, int | None, int | None]:
                start = m.start()
                stashed = self.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]
                typed, held = _typed(m[0], stashed)
                found = BARE_URL.match(data[:start] + typed, start)
                linked = None if found is None else bare_url(found)
                if linked is None:
                    return None, None, None
                href, end = linked
                element = etree.Element("a", {"href": href})
                element.text = AtomicString(typed[: end - start])
                at, rest = _held_end(held, end - start)
                # An escaped character that ends a sentence after the address is text
                # after the link, as on GitHub; only its backslash is the address's.
                element.tail = rest or None
                return element, start, start + at

        class Autolink(AutolinkInlineProcessor):
            """`<https://…>` linked as typed, its backslashes kept, as CommonMark reads an
            autolink (escapes are none in it) and as BareUrl links the bare form: a
            backslash after the host is then read as the "/" a browser reads
            (browser_slashes), where the library dropped it, taking the host past an `@`
            (`<https://status.example.com\\@evil.example/>`).

            The escapes have been read before (the library's order): the autolink ends at
            the first `>`, an escaped one too, whose backslash is the address's own
            (`<https://example.com/C:\\Logs\\>`), where the library saw no autolink."""

            whole = re.compile(AUTOLINK_RE)

            def handleMatch(  # type: ignore[override]
                self, m: re.Match[str], data: str
            ) -> tuple[Any, int | None, int | None]:
                stashed = self.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]
                for end in _AUTOLINK_END.finditer(data, m.end()):
                    if end[0] == "<":
                        return None, None, None
                    if end[0] == ">":
                        typed, _ = _typed(data[m.start(1) : end.start()], stashed)
                        break
                    node = stashed.get(end[1])
                    escape = _HELD_ESCAPE.fullmatch(node) if isinstance(node, str) else None
                    if escape is None:  # code in it: the library's reading
                        found = self.whole.match(data, m.start())
                        if found is None:
                            return None, None, None
                        return super().handleMatch(found, data)
                    if escape[1] == str(ord(">")):
                        typed = _typed(data[m.start(1) : end.end()], stashed)[0][:-1]
                        break
                else:
                    return None, None, None
                element = etree.Element("a", {"href": typed})
                element.text = AtomicString(typed)
                return element, m.start(0), end.end()

        class Image(ImageInlineProcessor):
            """An image whose alternative text is its text without the marks of emphasis
            and strikethrough (`![Errors **5xx**](…)` is "Errors 5xx"), as CommonMark
            writes it: the library kept them as typed."""

            def handleMatch(  # type: ignore[override]
                self, m: re.Match[str], data: str
            ) -> tuple[Any, int | None, int | None]:
                element, start, end = super().handleMatch(m, data)
                if isinstance(element, etree.Element):
                    text = self.getText(data, m.end(0))[0]
                    element.set("alt", self.unescape(alt_text(text)))
                return element, start, end

        class ImageReference(ImageReferenceInlineProcessor):
            """The same for an image written by reference (`![Errors **5xx**][chart]`)."""

            def makeTag(self, href: str, title: str, text: str) -> Any:
                element = super().makeTag(href, title, text)
                element.set("alt", self.unescape(alt_text(text)))
                return element

        class DefinitionEscapes(Treeprocessor):
            """A link definition's address and title with their backslash escapes resolved,
            as an inline link's are and as GitHub (CommonMark) reads them:
            `[rb]: https://example.com/run\\_book` links to `run_book`. The library keeps
            a definition's text as written, its escapes never read as escapes."""

            def run(self, root: Any) -> None:
                references = self.md.references
                for label, (address, title) in references.items():
                    references[label] = (
                        _stashed_escapes(address),
                        None if title is None else _stashed_escapes(title),
                    )

        class EscapedAmpersand(Treeprocessor):
            """An escaped `&` before an entity's name (`\\&amp;`) shown as typed, `&amp;`,
            as GitHub shows it: resolved to `&` it would start the entity it escapes,
            which the serializer leaves as markup."""

            # `&amp;` as the library writes an entity: its `&` put back after the
            # serializer, which leaves an entity as it is.
            AMP = AMP_SUBSTITUTE + "amp;"

            def run(self, root: Any) -> None:
                for element in root.iter():
                    if element.text and element.tag != "code":
                        element.text = _ESCAPED_AMP.sub(self.AMP, element.text)
                    if element.tail:
                        element.tail = _ESCAPED_AMP.sub(self.AMP, element.tail)
                    for key, value in element.items():
                        if value:
                            element.set(key, _ESCAPED_AMP.sub(self.AMP, value))

        class BlockEnds(Treeprocessor):
            """The spaces and tabs that end a block's text (a paragraph's, a list item's,
            a heading's, a cell's) dropped, as CommonMark drops them, whatever ends the
            block: a blank line, the message, a fence, a list, a heading or a quote after
            it. An editor's trailing blanks otherwise reached the page and the feeds
            (`<p>Down  </p>`). Before the inline step, where each text is a block's, so
            two spaces before more text of the same block still break the line; code
            (`pre`) keeps its lines as written."""

            def run(self, root: Any) -> None:
                _end_blocks(root)

        class IndentedCode(CodeBlockProcessor):
            """An indented code block's lines as written, as CommonMark keeps them: the
            library strips the spaces that end its line before each blank line in it and
            its last (`    tail -f app.log  ` lost them). Blank lines at its end are still
            not its own."""

            def run(self, parent: Any, blocks: list[str]) -> None:
                sibling = self.lastChild(parent)
                block, rest = self.detab(blocks.pop(0))
                text = code_escape(_CODE_END.sub("", block))
                if (
                    sibling is not None
                    and sibling.tag == "pre"
                    and len(sibling)
                    and sibling[0].tag == "code"
                ):
                    # More of the block above, a blank line between, as the library has it.
                    code = sibling[0]
                    code.text = AtomicString(f"{code.text}\n{text}\n")
                else:
                    code = etree.SubElement(etree.SubElement(parent, "pre"), "code")
                    code.text = AtomicString(f"{text}\n")
                if rest:
                    blocks.insert(0, rest)

        class Prettify(PrettifyTreeprocessor):
            """The library's, but for the end of an indented code block, which it strips
            as IndentedCode's parent does: only the blank lines at its end go."""

            def run(self, root: Any) -> None:
                codes = [(pre[0], pre[0].text) for pre in root.iter("pre") if len(pre)]
                super().run(root)
                for code, text in codes:
                    if code.tag == "code" and not len(code) and text is not None:
                        code.text = AtomicString(_CODE_END.sub("", text) + "\n")

        class Table(TableProcessor):
            """A table whose cells show an escaped pipe, `\\|`, as a pipe, in a code span
            too, as GitHub shows it (GFM 4.10: the pipe is unescaped as the row is split
            into cells, before the cell is read): `a\\|b` in backticks shows `a|b`. The
            library skips such a pipe when it splits the row but leaves its backslash,
            which a code span then shows.

            A pipe right after a backslash is the cell's, whatever comes before that
            backslash: GitHub's cell scanner takes the longest run of escapes and other
            characters, so in `x\\\\|y` the second backslash escapes the pipe, and the
            cell shows `x|y`. The library read `\\\\` as an escaped backslash and split
            the cell there, dropping what followed."""

            # The library's, but for an escaped backslash right before a pipe.
            RE_CODE_PIPES = re.compile(r"(?:(\\\\)(?!\|)|(\\`+)|(`+)|(\\\|)|(\|))")

            def run(self, parent: Any, blocks: list[str]) -> None:
                super().run(parent, blocks)
                for cell in parent[-1].iter():  # the table just built, its cells unread
                    if cell.text and "\\|" in cell.text:
                        cell.text = cell.text.replace("\\|", "|")

        class HashHeading(HashHeaderProcessor):
            """As on GitHub (CommonMark), a heading's `#`s are followed by a space or end
            the line: `#ops-incident-42 has the live discussion.` is text, a channel named."""

            RE = _HASH_HEADING

        class Reference(ReferenceProcessor):
            """A link definition whose `<…>` address holds a space (`<ops notes>`) read
            as one, as GitHub reads it, not shown as text; of two for one label, the first
            is kept, as CommonMark keeps it (the library's keeps the last)."""

            RE = _REFERENCE

            def run(self, parent: Any, blocks: list[str]) -> bool:
                # This block's own, then merged: copying every definition before each
                # block would take thousands of them (log lines) quadratic time.
                md = self.parser.md
                kept = md.references
                md.references = found = _FirstDefinitions()
                try:
                    return bool(super().run(parent, blocks))
                finally:
                    md.references = kept
                    for label, definition in found.items():
                        kept.setdefault(label, definition)

        # In the library's own table's place (75), replacing it, with its settings.
        table = Table(converter.parser, tables.getConfigs())
        converter.parser.blockprocessors.register(table, "table", 75)
        # In the library's own indented code's place (80), replacing it.
        converter.parser.blockprocessors.register(IndentedCode(converter.parser), "code", 80)
        # In the library's own prettifier's place (10), replacing it.
        converter.treeprocessors.register(Prettify(converter), "prettify", 10)
        # In the library's own heading's place (70), replacing it.
        converter.parser.blockprocessors.register(HashHeading(converter.parser), "hashheader", 70)
        # In the library's own definition's place (15), replacing it.
        converter.parser.blockprocessors.register(Reference(converter.parser), "reference", 15)

        # Ahead of the library's fenced code (25), which finds only fences at the margin
        # closed by one alike, after its tabs are expanded (30).
        converter.preprocessors.register(Fences(converter), "fences", 26)
        # Ahead of the fences, which then find an item's block at its new indent; after
        # the tabs are expanded (30).
        converter.preprocessors.register(NestedItems(converter), "nested_items", 27)

        # A block processor, not a pass over the source's lines: the library parses the
        # text of a quote, and of an indented list item, as blocks of their own, so the
        # rule holds at every depth. Ahead of the table (75) and every block that may
        # start inside a block's text, as a pass over the lines would be; after the empty
        # line (100), the indented block (90) and the code (80), which are no paragraph.
        converter.parser.blockprocessors.register(
            ListAfterParagraph(converter.parser), "list_after_paragraph", 76
        )
        # The same for a table's header and delimiter rows, as on GitHub ("Impact:\n|
        # region | errors |\n|---|---|"): the library read them as more of the paragraph.
        converter.parser.blockprocessors.register(
            TableAfterParagraph(converter.parser), "table_after_paragraph", 77
        )
        # Ahead of the list's indented content (90), which would take the whole block.
        converter.parser.blockprocessors.register(
            ItemAfterNested(converter.parser), "item_after_nested", 91
        )
        # After the list's indented content (90), which keeps a placeholder in its item.
        converter.parser.blockprocessors.register(
            StashAlone(converter.parser, code=True), "stash_alone_code", 85
        )
        converter.parser.blockprocessors.register(
            StashAlone(converter.parser, code=False), "stash_alone", 11
        )
        # GitHub's ~~strikethrough~~ (two tildes: one, as in "~30 min", stays text), and
        # its bare addresses. After emphasis (50), as GitHub reads them inside and around
        # it: an address ends where `**` or a code span starts.
        converter.inlinePatterns.register(
            SimpleTagInlineProcessor(_STRIKETHROUGH, "del"), "strikethrough", 45
        )
        # A backslash at a line's end is a hard line break, as on GitHub (CommonMark
        # 6.7); the library knows only two spaces. After the escapes (180), so that an
        # escaped backslash at a line's end (`C:\\`) is a backslash, the line end soft.
        converter.inlinePatterns.register(
            SubstituteTagInlineProcessor(_BACKSLASH_BREAK, "br"), "backslash_break", 175
        )
        # In the library's own images' places (150, 140), replacing them.
        converter.inlinePatterns.register(Image(IMAGE_LINK_RE, converter), "image_link", 150)
        converter.inlinePatterns.register(
            ImageReference(IMAGE_REFERENCE_RE, converter), "image_reference", 140
        )
        # In the library's own autolink's place (120), replacing it.
        # Its start by the library's expression: Autolink finds its end.
        start = AUTOLINK_RE.replace("[^<>]*)>", ")")
        converter.inlinePatterns.register(Autolink(start, converter), "autolink", 120)
        bare = BareUrl(_BARE_URL_HOLDING_ESCAPES, converter)
        converter.inlinePatterns.register(bare, "bare_url", 40)
        # Before the inline step (20), the only one that reads the definitions; once per
        # message: resolved twice, an escaped backslash before `_` (`\\_`) would be `_`.
        converter.treeprocessors.register(DefinitionEscapes(converter), "definition_escapes", 21)
        # Before the inline step (20), which makes a hard break of two spaces at the end.
        converter.treeprocessors.register(BlockEnds(converter), "block_ends", 22)
        # Before the library resolves escapes (0), which would leave nothing to tell them by.
        converter.treeprocessors.register(EscapedAmpersand(converter), "escaped_amp", 1)
        converter.ESCAPED_CHARS = list(ESCAPED_CHARS)
        # Raw HTML is shown as the literal text the author typed instead of being parsed.
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        for pattern in converter.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor):
                setattr(pattern, "getText", _bracketed_text)  # noqa: B010
                setattr(pattern, "getLink", _spaced_title(pattern.getLink))  # noqa: B010
        _local.converter = converter
        _local.inline_sets = {}
    return converter


# The blank lines that end an indented code block's run of lines, none of its own.
_CODE_END = re.compile(r"(?:\n[ \t]*)*\Z")


def _end_blocks(element: Any) -> None:
    """Drop the blanks that end each text of `element` and the blocks in it, but in code."""
    if element.tag == "pre":
        return
    if element.text:
        element.text = _without_end_blanks(element.text)
    for child in element:
        _end_blocks(child)
        if child.tail:
            child.tail = _without_end_blanks(child.tail)


def _without_end_blanks(text: str) -> str:
    """`text` without the spaces and tabs that end it, of the same type (an AtomicString
    stays one: the inline step must still leave it alone)."""
    kept = text.rstrip(" \t")
    return text if kept == text else type(text)(kept)


# An escape as the library holds it until the end (STX, its code point, ETX), stashed
# behind one of its placeholders (INLINE_PLACEHOLDER). In a bare address it is the
# address's own text, as typed: GitHub finds an address in the text as written,
# backslashes and all (`https://grafana.example.com/d/api\\?orgId=1`, as a shell pastes
# it), and the plain text (unescape_markdown) reads it so.
_HELD_ESCAPE = re.compile("\x02([0-9]+)\x03")
_STASHED = re.compile("\x02klzzwxh:([0-9]+)\x03")
# BARE_URL running on over the library's placeholders: those of escapes are the
# address's; any other (code, an entity) ends it, as an unstashed STX ends BARE_URL.
# What may end an autolink, to Autolink: a `>`, a placeholder (an escaped `>`, code), a `<`.
_AUTOLINK_END = re.compile("[<>]|" + _STASHED.pattern)
_BARE_URL_HOLDING_ESCAPES = BARE_URL.pattern.replace(
    r"[^\s<\x02\x03]+", r"(?:[^\s<\x02\x03]|" + _STASHED.pattern + ")+"
)


def _typed(text: str, stashed: dict[str, Any]) -> tuple[str, list[tuple[int, int, str]]]:
    """`text` (a match of the pattern above) as typed, up to the first placeholder that
    holds no escape; and each escape it held: where its placeholder is, its character."""
    pieces: list[str] = []
    held: list[tuple[int, int, str]] = []
    at = 0
    for placeholder in _STASHED.finditer(text):
        node = stashed.get(placeholder[1])
        escape = _HELD_ESCAPE.fullmatch(node) if isinstance(node, str) else None
        pieces.append(text[at : placeholder.start()])
        at = placeholder.end()
        if escape is None:
            return "".join(pieces), held
        char = chr(int(escape[1]))
        pieces.append("\\" + char)
        held.append((placeholder.start(), placeholder.end(), char))
    pieces.append(text[at:])
    return "".join(pieces), held


def _held_end(held: list[tuple[int, int, str]], length: int) -> tuple[int, str]:
    """Where the first `length` characters as typed end in the text `held` came from (see
    _typed), and the character of an escape whose backslash alone they take (else "")."""
    at = typed = 0
    for start, end, char in held:
        if typed + start - at >= length:
            break
        typed += start - at
        if typed + 1 == length:
            return end, char
        typed += 2
        at = end
    return at + length - typed, ""


# A backslash at the end of a line (not of the paragraph: the library has stripped the
# paragraph's last line end), once the escapes before it are read.
_BACKSLASH_BREAK = r"\\\n"
# An ATX heading as the library reads one, but for the space (or line end) GitHub needs
# after its `#`s (the library's own pattern, HashHeaderProcessor.RE, takes `#word` too),
# and for a backslash that ends the line: text, as on GitHub (`### Logs in C:\Temp\`), where
# no alternative took it and the line was no heading.
_HASH_HEADING = re.compile(
    r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)"
    r"(?P<header>(?:\\.|\\(?=\n|$)|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
)
# Two tildes around text that neither starts nor ends with a space (a third tilde is
# neither: `~~~` is a fence's mark, and GitHub reads runs of three as text). The text holds
# no other opening pair: as on GitHub, a closing pair ends the nearest opened before it
# (`~~a ~~b~~` strikes `b`), and an opener never closed is looked past at the next one,
# not at the paragraph's end, so a paragraph of them costs its length, not its square.
_OPENING_TILDES = r"(?<!~)~~(?![\s~])"
_STRIKETHROUGH = rf"({_OPENING_TILDES})((?:(?!{_OPENING_TILDES}).)+?)(?<![\s~])~~(?!~)"
# A line that may open a fence: at the margin, indented, or after an item's marker.
_FENCE_LINE = re.compile(r"^[ \t>*+\-0-9.)]*(?:```|~~~)", re.MULTILINE)
# The opening fence in a line CodeBlocks read as one, and the language its info string
# names, as the library reads it.
_FENCE = re.compile(r"`{3,}|~{3,}")
_LANGUAGE = re.compile(r"[\w#.+-]+")
# A line that holds only the placeholder of a stashed block (the library's
# util.HTML_PLACEHOLDER), at any indent.
_PLACEHOLDER_LINE = re.compile(r"^ *\x02wzxhzdk:[0-9]+\x03 *$\n?", re.MULTILINE)


def stash_fences(lines: list[str], md: markdown_lib.Markdown) -> list[str]:
    """The message's `lines` with each fenced code block stashed as the library stashes
    one at the margin, its placeholder left where the message (or its list item) holds it.

    The library finds only a fence at the margin closed by one alike: it showed one in an
    item as a line of inline code that split the list, and one indented or left open as
    text, headings and all, where the updates read code. The blocks are found here as the
    updates are read (load/fences.py, CommonMark's rules, as GitHub shows them): one ends
    at its closing fence, or with its item, or runs to the end of the message, and its
    lines lose the item's margin and the fence's indent. The HTML is the library's own for
    the same code at the margin."""
    if not _FENCE_LINE.search("\n".join(lines)):
        return lines  # most messages: no fence
    lines = _stash_quoted_fences(lines, md)
    fenced = md.preprocessors["fenced_code_block"]
    blocks = CodeBlocks()
    out: list[str] = []
    code: list[str] = []
    opening: re.Match[str] | None = None  # the fence of the item's block we are in
    margin = 0  # the content column of its item (0 outside a list)
    own_block = False  # whether a blank line comes before it
    for line in lines:  # the library has expanded their tabs
        if opening is not None:
            text = line.lstrip(" ")
            # A line of text left of the item's margin ends the item, and the block in it.
            if not text or len(line) - len(text) >= margin:
                blocks.inside(line)
                if blocks.fences.open:
                    code.append(_dedent(line, opening.start()))
                else:  # its closing fence
                    out.extend(_stashed(opening, code, True, own_block, margin, fenced, md))
                    opening = None
                continue
            out.extend(_stashed(opening, code, False, own_block, margin, fenced, md))
            opening = None
        blocks.inside(line)
        if blocks.fenced and blocks.fences.open:
            opening = _FENCE.search(line)
            code, margin = [], blocks.items[-1] if blocks.items else 0
            own_block = not out or not out[-1].strip()
            if opening is not None:
                continue
        out.append(line)
    if opening is not None:
        out.extend(_stashed(opening, code, False, own_block, margin, fenced, md))
    return out


# A list item's marker indented by a number of spaces the library's four-column step
# does not read as nesting (`  - b` under `- a`, `   - api` under `1. Roll back`).
_UNEVEN_ITEM = re.compile(r"^(?: {4})* {1,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
# The library nests a list item's content one level for each four columns.
_LIBRARY_STEP = 4


def nested_items(lines: list[str]) -> list[str]:
    """`lines` (their tabs expanded) with each list item's lines moved to the library's
    four-column step: an item nested under another and its content, as GitHub nests them
    by the content column of the item above (CommonMark 5.2), `- a` over `  - b` and
    `1. Roll back` over `   - api`. The library read them as siblings, or as text. Lines
    outside a list, code blocks at the margin among them, and the content of an item at
    the margin keep their indent; a block in a nested item (code too) moves with it. A
    quote's lines are nested the same way inside it (`> - a` over `>   - b`)."""
    if ">" in "".join(lines):
        lines = _nested_in_quotes(lines)
    if _UNEVEN_ITEM.search("\n".join(lines)) is None:
        return lines  # nearly every message: no list, or one nested as the library reads it
    blocks = CodeBlocks()
    out: list[str] = []
    for line in lines:
        before = list(blocks.items)
        blocks.inside(line)
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        # The items the line is in: those whose content column it reaches.
        depth = sum(1 for column in before if column <= indent)
        if len(blocks.items) > depth and not blocks.fenced and depth:
            indent = _LIBRARY_STEP * depth  # an item's marker, nested in the items above
        elif depth > 1:
            indent = _LIBRARY_STEP * depth + indent - before[depth - 1]
        # The content of an item at the margin is read by the library at its own indent
        # (a quote in it too, which four columns would make text): left as written.
        out.append(" " * indent + text if text else line)
    return out


def _nested_in_quotes(lines: list[str]) -> list[str]:
    """`lines` with those of each quote at the margin nested as nested_items nests a
    message's, their quote markers kept: the library reads a quote's text as blocks of
    their own, after this pass, so a list in it nested only at four columns."""
    out: list[str] = []
    for quote, run in _quote_runs(lines):
        if not quote:
            out += run
            continue
        markers = [_QUOTE_LINE.match(quoted)[0] for quoted in run]  # type: ignore[index]
        inner = [quoted[len(marker) :] for quoted, marker in zip(run, markers, strict=True)]
        # nested_items keeps one line for each line: each goes back behind its own marker.
        nested = nested_items(inner)
        out.extend(marker + text for marker, text in zip(markers, nested, strict=True))
    return out


def _quote_runs(lines: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """`lines` in runs, in order: each quote at the message's margin outside code and list
    items as one (True, its lines), each other line alone (False, [it])."""
    blocks = CodeBlocks()
    at = 0
    while at < len(lines):
        line = lines[at]
        if blocks.inside(line) or blocks.items or _QUOTE_LINE.match(line) is None:
            yield False, [line]
            at += 1
            continue
        end = at + 1
        while end < len(lines) and _QUOTE_LINE.match(lines[end]) is not None:
            blocks.inside(lines[end])
            end += 1
        yield True, lines[at:end]
        at = end


# The marks of emphasis and strikethrough around text, as the converter reads them: its
# escaped marks are placeholders by then, never taken for marks.
_ALT_MARKS = (
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(\*)(?=\S)(.+?)(?<=\S)\*"),
    re.compile(r"(?<![^\W_])(_)(?=\S)(.+?)(?<=\S)_(?![^\W_])"),
)


def alt_text(text: str) -> str:
    """An image's `text` as its alternative text, plain: without the marks of emphasis
    and strikethrough around its words (CommonMark's plain-text content of the image)."""
    if not any(mark in text for mark in "*_~"):
        return text
    for marks in _ALT_MARKS:
        text = marks.sub(lambda found: found[found.lastindex or 0], text)
    return text


# A line of a quote at the message's margin: its marker, and the one space after it.
_QUOTE_LINE = re.compile(r" {0,3}> ?")


def _stash_quoted_fences(lines: list[str], md: markdown_lib.Markdown) -> list[str]:
    """`lines` with the fenced code blocks in each quote stashed as stash_fences stashes
    those of the message (its lines read without their `>`, quotes in it too), as GitHub
    shows a quoted block: the library reads a quote's text only after the fences, so a
    quoted fence showed its code as a line of inline code."""
    out: list[str] = []
    for quote, quoted in _quote_runs(lines):
        if not quote:
            out += quoted
            continue
        inner = [line[_QUOTE_LINE.match(line).end() :] for line in quoted]  # type: ignore[union-attr]
        stashed = stash_fences(inner, md)
        if stashed is inner:
            out.extend(quoted)
        else:
            # The blank lines stash_fences puts around a block are the quote's own at its
            # ends: there they would open a paragraph holding the block.
            while stashed and not stashed[0].strip():
                stashed = stashed[1:]
            while stashed and not stashed[-1].strip():
                stashed = stashed[:-1]
            out.extend(f"> {text}".rstrip() for text in stashed)
    return out


def _dedent(line: str, column: int) -> str:
    """A code line without up to `column` spaces of indent: the item's margin and the
    fence's own (CommonMark 4.5)."""
    text = line.lstrip(" ")
    return line[min(column, len(line) - len(text)) :]


def _stashed(
    opening: re.Match[str],
    code: list[str],
    closed: bool,
    own_block: bool,
    margin: int,
    fenced: Any,
    md: markdown_lib.Markdown,
) -> list[str]:
    """The line that holds the place of the block `opening` starts (`own_block`: after a
    blank line, not in the item's paragraph; `margin`: its item's content column, 0
    outside a list), and the library's HTML for its `code` stashed; its own lines
    (`opening`'s and `code`) if the library reads no fence in them."""
    line = opening.string
    # The blank lines that end a block left open are its item's, not code: they keep
    # the item's next block apart from it, as on GitHub.
    blank = 0
    while not closed and blank < len(code) and not code[-1 - blank].strip():
        blank += 1
    code = code[: len(code) - blank]
    info = line[opening.end() :].strip()
    words = info.split()
    language = words[0] if words and _LANGUAGE.fullmatch(words[0]) else ""
    stash = md.htmlStash
    before = stash.html_counter
    # The info string as the library reads one at the margin (`{.py}`, `hl_lines=`), so
    # such a block is shown as it always was; else its first word, the language.
    for head in (info, language):
        stored = [part for part in fenced.run([opening[0] + head, *code, opening[0]]) if part]
        if (
            stash.html_counter == before + 1
            and len(stored) == 1
            and _PLACEHOLDER_LINE.fullmatch(stored[0])
        ):
            break
        # An opening line it cannot read (`md title=README`) is passed over, and a fence
        # among the code lines read as one instead: only the whole block, read as one, is
        # this block. What it stashed of a part is taken back.
        del stash.rawHtmlBlocks[before:]
        stash.html_counter = before
    else:
        return [line, *code, *[""] * blank]
    placeholder = stored[0]
    if not margin:
        # A block of the message's own, between blank lines, as the library places one.
        return ["", placeholder, *[""] * max(blank, 1)]
    prefix = line[: opening.start()]
    if not prefix.strip():
        # The library nests a list one level for each four columns of indent.
        prefix = " " * (4 * max(1, (opening.start() + 3) // 4))
        if own_block:
            # The blank line after it keeps the item's next line (another item) from
            # being read as more of the block.
            blank = max(blank, 1)
    return [prefix + placeholder, *[""] * blank]


# Three line ends with nothing but spaces between them: a run of blank lines.
_BLANK_RUN = re.compile(r"\n[ \t]*\n[ \t]*\n")


def single_blank_lines(source: str) -> str:
    """A Markdown message with each run of blank lines one blank line, as its page shows
    it (one paragraph break), for text that is not HTML (a chat's, an e-mail's, a
    calendar's): a hidden comment or a link definition no link uses leaves its lines blank
    (the timeline keeps every line at its number). Blank lines inside a code block, fenced
    or indented, are the code's, and stay."""
    if _BLANK_RUN.search(source) is None:
        return source
    blocks = CodeBlocks()
    out: list[str] = []
    blank: list[str] = []  # the blank lines read since the last other line
    code = False  # whether that line was an indented code block's
    for line in source.split("\n"):
        inside = blocks.inside(line)
        if blocks.kind is Line.BLANK:
            blank.append(line)
            continue
        if blank:
            # Between two lines of one indented code block they are its own.
            indented = inside and not blocks.fenced
            out += blank if code and indented else [""]
            blank = []
        out.append(line)
        code = inside and not blocks.fenced
    return "\n".join(out + blank[:1])


# What unescape_markdown() resolves: an escape, an entity (with its `;`, as Markdown reads
# one), and a run of backticks, which may open a code span.
_ESCAPE_OR_ENTITY = re.compile(
    "\\\\(?P<escaped>[" + re.escape(ESCAPED_CHARS) + "])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<ticks>`+)"
    # A backslash that ends a line: one that breaks it (_hard_breaks) is dropped, the
    # line ending there as on the page.
    r"|(?P<end>\\)(?=\n)"
)


def unescape_markdown(source: str, *, entities: bool = True) -> str:
    """A Markdown message's text as its page shows it, for messages that are not HTML (a
    chat's, an e-mail's plain text, a calendar's): each backslash escape resolved (`\\<!--`
    reads `<!--`, `Components\\:` reads `Components:`) and each entity decoded (`&lt;`),
    unless not `entities` (for a receiver that may read the text as HTML: `&lt;tag&gt;`
    stays one). In code (a code block, fenced or indented, or a code span) they stay as
    written."""
    if "\\" not in source and "&" not in source:
        return source
    blocks = CodeBlocks()
    out: list[str] = []  # code lines as they are, and paragraphs (a code span may wrap)
    paragraph: list[str] = []
    for line in source.split("\n"):
        if not blocks.inside(line) and blocks.kind is not Line.BLANK:
            paragraph.append(line)
            continue
        if paragraph:
            out.append(_unescaped_paragraph(paragraph, entities))
            paragraph = []
        out.append(line)
    if paragraph:
        out.append(_unescaped_paragraph(paragraph, entities))
    return "\n".join(out)


def _unescaped_paragraph(lines: list[str], entities: bool) -> str:
    """_unescape_text on a paragraph's `lines`, without the spaces written as references
    at its start (`&#32;Components: ...`, as update keeps a status-like line text): the
    page does not show them."""
    text = _unescape_text("\n".join(lines), entities)
    return text.lstrip(" ") if entities and lines[0][:1] == "&" else text


def _unescape_text(text: str, entities: bool = True) -> str:
    """unescape_markdown() on a paragraph's lines, its code spans left as written, and
    the escapes in an address too: the page links a bare one (BareUrl) and an autolink's
    (Autolink) as typed."""
    addresses = typed_addresses(text)
    breaks = _hard_breaks(text) if "\\\n" in text else frozenset()
    # A table's rows keep their `\|`: the pipe inside a cell, where a bare one would split
    # it (`| eu | high \| very |` is two cells, not three).
    rows = _rows_at(text) if "\\|" in text else len(text)

    def change(mark: re.Match[str]) -> str:
        if mark["escaped"] == "|" and mark.start() >= rows:
            return mark[0]
        if mark["entity"] is not None:
            return unescape(mark["entity"]) if entities else mark[0]
        if mark["end"] is not None:
            return "" if mark.start() in breaks else mark[0]
        at = bisect_right(addresses, (mark.start(), len(text)))
        return mark[0] if at and mark.start() < addresses[at - 1][1] else mark["escaped"]

    return _outside_code_spans(text, _ESCAPE_OR_ENTITY, change)


def _rows_at(text: str) -> int:
    """Where in a paragraph's `text` (its quote markers and all) a table's rows start, as
    the page reads one; the end of `text` when none does."""
    lines = text.split("\n")
    index = _header_row([_QUOTE_MARKS.sub("", line, count=1) for line in lines])
    return len(text) if index is None else sum(len(line) + 1 for line in lines[:index])


def typed_addresses(text: str) -> list[tuple[int, int]]:
    """Where in a paragraph's `text` the page links an address as typed, its backslashes
    its own, escaping nothing: a bare one (BareUrl) and an autolink (Autolink), in order."""
    bare = _bare_addresses(text) if "://" in text or "www." in text else []
    autolinks = _autolinks(text) if "<" in text and "://" in text else []
    return sorted((start, end) for start, end, _ in bare + autolinks)


# The quote marks that open a line (`> > `), which the page reads before its text.
_QUOTE_MARKS = re.compile(r"(?:[ \t]*>[ \t]?)*")
# A list item's marker that opens a line's text (after its quote marks).
_ITEM_MARKER = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$)")
# A line (after its quote marks) that is not more of the paragraph above it: one that opens
# a quote, a heading, a list item, a fence; or underlines the line above (a heading).
_NOT_CONTINUATION = re.compile(
    r"[ \t]*(?:>|#{1,6}(?:[ \t]|$)|[-*+](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)|```|~~~"
    r"|=+[ \t]*$|-+[ \t]*$)"
)
# A heading's line (after its quote marks and list marker), where a backslash at the end
# is text: a heading holds one line.
_HEADING_LINE = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")


def _hard_breaks(text: str) -> frozenset[int]:
    """Where in `text` (lines between blank lines, out of code) a backslash ends a line that
    the page breaks there: a paragraph's line, the next line more of that paragraph. Where
    that cannot be told from the lines alone (a table, a heading underlined, a quote or a
    list item ending), the backslash is not among them, and plain text keeps it: one shown
    too many is harmless, one lost changes a path (`C:\\Temp\\`)."""
    lines = text.split("\n")
    quoted = [_quoted(line) for line in lines]
    if any(_DELIMITER_ROW.fullmatch(body) or _RULE.fullmatch(body) for _, body in quoted):
        return frozenset()  # a table's rows, or a heading's underline, hold no break
    breaks = set()
    end = -1  # where the line before ends
    pairs = zip(quoted[:-1], quoted[1:], lines[:-1], strict=True)
    for (depth, body), (next_depth, next_body), line in pairs:
        end += len(line) + 1
        if not body.endswith("\\"):
            continue
        item = _ITEM_MARKER.match(body)
        text_of_line = body[item.end() :] if item else body
        if (
            next_depth in (depth, 0)  # the same quote, or a line it runs on into
            and next_body.strip()
            and not _HEADING_LINE.match(text_of_line)
            and not _NOT_CONTINUATION.match(next_body)
        ):
            breaks.add(end - 1)
    return frozenset(breaks)


def _quoted(line: str) -> tuple[int, str]:
    """How deep in quotes `line` is, and its text inside them."""
    marks = _QUOTE_MARKS.match(line)
    at = 0 if marks is None else marks.end()
    return line[:at].count(">"), line[at:]


# An entity as the library reads one (its ENTITY_RE): stashed before addresses are looked
# for, so it ends one.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")


def _bare_addresses(text: str) -> list[tuple[int, int, str]]:
    """Where in a paragraph's `text` the page links a bare address (BareUrl), in order,
    with the address it links: not in code, in a link or an image (its text or address)
    or an autolink, nor after an escape, and ended by an entity, as the library has
    stashed all those before it looks."""
    masked = _masked(text)  # code spans and escapes blanked: where links are read
    stops = list(_code_spans(text))
    for image in (False, True):
        stops += [(start, end) for start, _, end in _bracketed(masked, 0, len(text), image)]
    if "<" in text:
        stops += [(start, end) for start, end, _ in _autolinks(text)]
    stops += [found.span() for found in _ENTITY.finditer(text)]
    # A definition's line is no text of the page: its address's escapes resolve (a
    # reference link's address, as an inline link's do), it is no bare address.
    at = 0
    for line in text.split("\n"):
        if "]:" in line and defines_a_link(line):
            stops.append((at, at + len(line)))
        at += len(line) + 1
    view = list(text)
    for start, end in stops:
        view[start:end] = "\x02" * (end - start)
    escaped = {found.end() - 1 for found in _ESCAPE.finditer(text)}
    addresses = []
    for found in BARE_URL.finditer("".join(view)):
        linked = None if found.start() - 1 in escaped else bare_url(found)
        if linked is not None:
            addresses.append((found.start(), linked[1], linked[0]))
    return addresses


def _outside_code_spans(
    text: str, pattern: re.Pattern[str], change: Callable[[re.Match[str]], str]
) -> str:
    """`text` with each match of `pattern` outside code spans replaced by `change(match)`;
    the pattern's group "ticks" matches the backticks that open a span, which is kept as
    written (an unmatched run is literal text, as GitHub reads it: code_span_end)."""
    pieces, at = [], 0
    for found in pattern.finditer(text):
        if found.start() < at:
            continue  # inside a code span passed over
        pieces.append(text[at : found.start()])
        at = found.end()
        if found["ticks"] is not None:
            at = code_span_end(text, at, len(found["ticks"]))
            pieces.append(text[found.start() : at])
        else:
            pieces.append(change(found))
    return "".join(pieces) + text[at:]


# The line end before a list item line as GitHub lets it end a paragraph: a bullet or `1.`,
# up to three spaces in, with text after it (an empty item, or `2.` in "in\n2020. we
# moved", does not).
_LIST_ITEM = re.compile(r"\n(?= {0,3}(?:[-*+]|1\.)[ \t]+\S)")
# What opens a block that is not a paragraph of plain text: a list item, a quote, a
# heading, an indented line (code, or more of a list item above, which the library and
# GitHub each read their own way: left as it was).
_NOT_PARAGRAPH = re.compile(r"[ \t]|(?:[-*+][ \t]|\d+\.[ \t]|>|#)")
# Lines read as a rule or a table's delimiter row, never as an item: `- - -`, `- | -`.
_RULE = re.compile(r" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}")
_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


# A pipe that splits a table's row into cells (not one escaped).
_CELL_PIPE = re.compile(r"(?<!\\)\|")


def table_start(block: str) -> int:
    """Where in `block` (lines between blank lines, at any depth) the table that ends the
    paragraph it opens with starts: its header row, the line above a delimiter row with
    as many cells (GFM 4.10), as on GitHub ("Impact:\n| region | errors |\n|---|---|");
    0 when none does, or the block is itself a table."""
    if "|" not in block or "\n" not in block or _NOT_PARAGRAPH.match(block):
        return 0
    lines = block.split("\n")
    index = _header_row(lines)
    return 0 if index is None else sum(len(line) + 1 for line in lines[:index])


def _header_row(lines: list[str]) -> int | None:
    """The index in `lines` of the first table's header row: the line above a delimiter
    row with as many cells (GFM 4.10); None when no line is one."""
    for index, (header, delimiter) in enumerate(itertools.pairwise(lines)):
        if (
            "|" in header
            and "|" in delimiter
            and _DELIMITER_ROW.fullmatch(delimiter)
            and _cells(header) == _cells(delimiter)
        ):
            return index
    return None


def _cells(row: str) -> int:
    """How many cells a table's `row` holds: its pipes split it, those at its ends do not."""
    text = row.strip()
    pipes = len(_CELL_PIPE.findall(text))
    return pipes + 1 - (text.startswith("|")) - (text.endswith("|") and not text.endswith("\\|"))


# A line that starts a list item at the margin (of the block the library is parsing).
_MARGIN_ITEM = re.compile(r"\n(?= {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$))")


def outer_item_start(block: str) -> int:
    """Where in `block`, indented as an item's content after a blank line, the first line
    that starts an item at the margin starts (`    - b\n- c`: at `- c`); 0 when none does,
    or when the block is not indented (code at the margin) or is stashed code."""
    if not block.startswith(" " * _LIBRARY_STEP) or "\n" not in block:
        return 0
    found = _MARGIN_ITEM.search(block)
    if found is None or _RULE.fullmatch(block[found.end() :].split("\n", 1)[0]):
        return 0
    return found.end()


def list_start(block: str) -> int:
    """Where in `block` (lines between blank lines, at any depth) the list item that ends
    the paragraph it opens with starts, as on GitHub ("Affected:\n- api\n- web"); 0 when
    none does. Markdown.pl, which the library follows, read the items as more of the
    paragraph."""
    if "\n" not in block or _NOT_PARAGRAPH.match(block):
        return 0
    for found in _LIST_ITEM.finditer(block):
        at = found.end()
        end = block.find("\n", at)
        line = block[at:] if end == -1 else block[at:end]
        if not _RULE.fullmatch(line) and not _DELIMITER_ROW.fullmatch(line):
            return at
    return 0


# The library tries every inline pattern on every run of text of a message, most of its
# time per message. A pattern matches only text that holds one of these (the library
# expands tabs to spaces and line ends to "\n" first, so a hard line break needs two
# spaces or a tab in the source); a message holding none of a pattern's converts to the
# same HTML without it (tests/test_markdown_plain.py holds them to that). Patterns not
# named here are always tried.
_INLINE_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  ", "\t"),
    # The library reads a lone "\r" as a line end, as it reads "\r\n".
    "backslash_break": ("\\\n", "\\\r"),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "strikethrough": ("~~",),
    "bare_url": ("://", "www."),
}
_INLINE_MARKS = tuple(sorted({mark for marks in _INLINE_NEEDS.values() for mark in marks}))


def _inline_patterns(converter: markdown_lib.Markdown, source: str) -> list[Any]:
    """The converter's inline patterns, in order, less those `source` cannot match."""
    present = frozenset(mark for mark in _INLINE_MARKS if mark in source)
    sets: dict[frozenset[str], list[Any]] = _local.inline_sets
    patterns = sets.get(present)
    if patterns is None:
        registry = converter.inlinePatterns
        names = {id(registry[name]): name for name in _INLINE_NEEDS if name in registry}
        patterns = sets[present] = [
            pattern
            for pattern in registry
            if (name := names.get(id(pattern))) is None
            or any(mark in present for mark in _INLINE_NEEDS[name])
        ]
    return patterns


def convert_markdown(source: str) -> str:
    """The Markdown library's HTML for `source`, not yet sanitized (the costly half).

    Simple messages, most status updates, are written here: the same bytes, at a
    fraction of the library's cost (render/simple_markdown.py)."""
    html = _shortcut()(source)
    return library_markdown(source) if html is None else html


@cache
def _shortcut() -> Callable[[str], str | None]:
    """render/simple_markdown.py's converter, imported when first asked for: compiling
    its expressions takes 4-5 ms, which a rebuild that converts nothing need not pay (an
    edit's messages are converted by the child that surveys the changes)."""
    from statusgen.render.simple_markdown import simple_html

    return simple_html


def library_markdown(source: str) -> str:
    """The Markdown library's HTML for `source`, always converted by the library."""
    converter = _converter()
    # The library's inline step reads its patterns by index and length only, so a plain
    # list of those that can match stands in for its registry of all of them (setattr:
    # the attribute is typed as the registry).
    patterns = _inline_patterns(converter, source)
    setattr(converter.treeprocessors["inline"], "inlinePatterns", patterns)  # noqa: B010
    try:
        return converter.convert(source)
    except BaseException:
        # Validation bounds what reaches here (load/markdown_bounds.py); should anything
        # still fail, a converter left half way must not convert the next message.
        _local.converter = None
        raise
    finally:
        converter.reset()


def _convert_and_clean(source: str) -> tuple[str, str]:
    """convert_markdown(source), and that through the sanitizer (a worker's job)."""
    html = convert_markdown(source)
    return html, clean(html)


# Below this many messages to convert, worker processes cost more than they save.
_PARALLEL_FROM = 500
# Converting a few messages is quicker than reading every saved conversion: an edit to one
# incident converts its own messages and never loads the rest.
_CONVERT_BEFORE_LOADING = 64
# The most conversions kept as those recent builds showed (`MarkdownMemo.shown`). A first
# build of 10,000 incidents shows 3,660 outside the incidents' own pages (the components'
# pages and feeds 3,532, the site's feed 117, the home page 11): 1.8 MB, read in 2 ms,
# against 14 MB for all 28,665 saved ones. Room besides for what edits and new incidents
# show, and for a site with hundreds of incidents open.
_SHOWN_AT_MOST = 6_000


# What a memo hands back from another process (MarkdownMemo.handoff).
Handoff = tuple[dict[str, str], list[str], dict[str, dict[str, str]], int, bool]


class MarkdownMemo:
    """Each distinct Markdown source converted once per build, however many pages and
    feeds show it; `known` may hold conversions from an earlier build (statusgen.incremental).

    It keeps the search index's row of each event the same way (`search_row`), from
    `known_rows`: the index lists every event, so without them every build would reduce
    every message of the site to words again."""

    def __init__(
        self,
        known: Callable[[], dict[str, str]] | None = None,
        known_rows: Callable[[], dict[str, dict[str, str]]] | None = None,
        shown_before: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        # Loaded once this build has converted a few messages itself: a build that renders
        # few messages (an edit to one incident) never reads the saved conversions.
        self._known = known
        self.saved: dict[str, str] | None = None
        # The conversions recent builds showed (`shown`): a small file, read before this
        # build looks for any other. A rebuild after the clock moved shows the same open
        # incidents' messages every time, a new incident the same feeds' entries but one,
        # and then neither reads all the saved conversions (megabytes on a large site)
        # nor converts any of them first.
        self._shown_before_loader = shown_before
        self._shown_before: dict[str, str] = {}
        self.used: dict[str, str] = {}  # every conversion this build showed
        self.fresh: dict[str, str] = {}  # converted in this build, not known before
        # Converted beside the build, by the process that looked for the changed inputs:
        # the messages of the incident files changed or added (`take_ahead`), and where
        # to ask for them again, from the process that may ask (its id).
        self._ahead: dict[str, str] = {}
        self._ahead_from: tuple[Callable[[], dict[str, str]], int] | None = None
        # Sanitized HTML by (source, base): a message a page and three feeds show is
        # converted once and sanitized once, its links resolved once per base.
        self._safe: dict[tuple[str, str | None, str], str] = {}
        # What the sanitizer made of a source whose direction marks were contained after.
        self._uncontained: dict[str, str] = {}
        # What `prepare`'s workers sanitized, taken by `render` on first use (which then
        # records the message as shown, as for any other).
        self._prepared: dict[str, str] = {}
        # Search index rows by part of the index (render/search.py), then by what they
        # follow; `used_rows` are this build's, which replace the saved ones of the parts
        # it wrote (Cache.save_search_rows): an event since edited or removed is forgotten.
        self._known_rows = known_rows
        self._saved_rows: dict[str, dict[str, str]] | None = None
        # Whether earlier builds had saved rows, as a process that read them handed back
        # (`take`): this one then need not read them unless it saves (`saved_rows`).
        self._rows_before = False
        self.used_rows: dict[str, dict[str, str]] = {}
        self.fresh_rows = 0  # rows made in this build, not known before

    def prepare(self, sources: Iterable[str], jobs: int) -> int:
        """Convert ahead, with `jobs` worker processes, the sources not converted before;
        returns how many. Does nothing for one job or little work: `render` converts as it
        goes. The conversions are the same either way (each source on its own)."""
        if jobs <= 1:
            return 0
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return 0  # workers would import and set everything up again: not worth it
        if self.saved is None:
            self.saved = self._known() if self._known is not None else {}
        known = self.saved
        todo = list(dict.fromkeys(s for s in sources if s not in known and s not in self.fresh))
        if len(todo) < _PARALLEL_FROM:
            return 0
        from statusgen.render.workers import map_in_order

        # This process converts a share itself while `jobs` - 1 workers convert the rest
        # (a pool of `jobs` workers left it waiting: 0.5 s at 10,000 incidents, against
        # 0.3 s now). Each comes sanitized, so the workers that render pages next
        # (forked from this process) inherit them instead of each sanitizing its share.
        converted = map_in_order(_convert_and_clean, todo, jobs)
        for source, (html, cleaned) in zip(todo, converted, strict=True):
            self.fresh[source] = html
            # Most messages come out of the sanitizer as they went in: one string for both.
            self._prepared[source] = html if cleaned == html else cleaned
        return len(todo)

    def take_ahead(self, conversions: Callable[[], dict[str, str]]) -> None:
        """Conversions another process makes of messages this build may show (the changed
        incident files'), each of its source text, as many as `conversions()` has by now:
        used as this memo's own would be, so a rebuild after an edit need not load the
        Markdown library to convert the edit. Asked again when a message is not among
        them (`ahead_now`), by this process only: one forked from it (a worker, the child
        rendering the stages after the pages) must not read what answers this one."""
        self._ahead_from = (conversions, os.getpid())
        self._ahead = conversions()

    def ahead_now(self) -> None:
        """Take the conversions made ahead by now (`take_ahead`): before a process that
        renders some of the build's outputs is forked, which then has them too."""
        if self._ahead_from is not None and self._ahead_from[1] == os.getpid():
            self._ahead = self._ahead_from[0]()

    def expect(self, messages: int) -> None:
        """Prepare for a build about to show `messages` messages. From as many as it
        would convert before reading the saved conversions, and none of them among those
        recent builds showed: read all the saved ones now (it would read them anyway,
        after converting the first few, and loading the Markdown library, for nothing)."""
        if self.saved is not None or messages < _CONVERT_BEFORE_LOADING:
            return
        if not self._recently_shown():
            self._load_saved()

    def _recently_shown(self) -> dict[str, str]:
        """The conversions recent builds showed, read on first use."""
        if self._shown_before_loader is not None:
            self._shown_before = self._shown_before_loader()
            self._shown_before_loader = None
        return self._shown_before

    def shown(self) -> dict[str, str] | None:
        """The conversions to keep as shown for the next build (None: leave the file as
        it is). Those recent builds showed and this one's together, while they are few
        enough that reading them costs much less than reading all the saved ones; else
        this build's alone, when they are. A conversion is the same for the same source
        text, so one kept longer than the message that showed it is never wrong."""
        used, before = self.used, self._shown_before
        if used.keys() <= before.keys():
            return None
        if len(before) + len(used) <= _SHOWN_AT_MOST:
            return {**before, **used}
        return used if len(used) <= _SHOWN_AT_MOST else None

    def _load_saved(self) -> None:
        """Read the saved conversions. Those converted before may have been saved
        already: only the others are new, so a build that converted nothing new saves
        nothing."""
        self.saved = saved = self._known() if self._known is not None else {}
        self.fresh = {s: h for s, h in self.fresh.items() if s not in saved}

    def forget_sanitized(self) -> None:
        """Let go of the sanitized HTML once every page is rendered: only the conversions
        (saved next) are still needed, and on a large site it is tens of megabytes."""
        self._safe.clear()
        self._uncontained.clear()
        self._prepared.clear()

    def render(self, source: str, base: str | None = None, root: str = "/") -> str:
        """render_markdown(source, base, root), converting `source` once and sanitizing it
        once; with `base`, its links and images are resolved in the sanitized HTML."""
        safe = self._safe.get((source, base, root))
        if safe is None:
            if base is None:
                html = self._converted(source)  # and so recorded as shown
                cleaned = self._prepared.get(source)
                return self._keep(source, clean(html) if cleaned is None else cleaned)
            plain = self.render(source)
            # The bytes sanitize(…, base) gives: links resolved before direction marks
            # are contained (urljoin drops an empty `?`, a closing mark would keep it).
            safe = _contained(resolve_links(self._uncontained.get(source, plain), base, root))
            self._safe[source, base, root] = safe
        return safe

    def _keep(self, source: str, cleaned: str) -> str:
        """Keep the sanitized HTML of `source` for pages, and what the sanitizer made of
        it before its direction marks were contained when that differs (rare)."""
        safe = self._safe[source, None, "/"] = _contained(cleaned)
        if safe is not cleaned:
            self._uncontained[source] = cleaned
        return safe

    def search_rows(
        self, part: str, keys: Sequence[str | None], make: Callable[[int], str]
    ) -> list[str]:
        """The row of each key (all that row follows) of one part of the search index,
        `make(index)` where neither this build nor an earlier one made it (or the key is
        None: a row that follows nothing known), kept between builds. In bulk: a part asks
        for a row per event of its year, thousands on a large site, and most come from the
        saved rows unchanged."""
        saved_part = self.saved_rows.get(part)
        used = self.used_rows.setdefault(part, {})
        # The saved ones first, looked up all at once (a key this build made before
        # follows the same things, so its row is the same). A None key finds nothing.
        saved = cast("dict[str | None, str]", saved_part if isinstance(saved_part, dict) else {})
        rows: list[str | None] = list(map(saved.get, keys))
        for index, (key, row) in enumerate(zip(keys, rows, strict=True)):
            if isinstance(row, str):
                continue
            found = used.get(key) if key is not None else None
            if found is None:
                found = make(index)
                if key is not None:
                    self.fresh_rows += 1
            rows[index] = found
        done = cast("list[str]", rows)  # every None was replaced
        recorded = cast("dict[str | None, str]", used)
        recorded.update(zip(keys, done, strict=True))
        recorded.pop(None, None)
        return done

    def handoff(self, rows: bool = True) -> Handoff:
        """What this memo's rendering leaves for the next build, for a worker or a child
        process to hand to the process that saves it (`take`): the conversions it showed,
        which of them it converted itself, the search rows it used (unless not `rows`:
        none will be saved, Cache.keeps_search_rows) and how many of those it made, and
        whether earlier builds had saved rows."""
        fresh = [source for source in self.used if source in self.fresh]
        used_rows = self.used_rows if rows else {}
        return self.used, fresh, used_rows, self.fresh_rows, self.rows_saved_before()

    def take(self, handed: Handoff) -> None:
        """Take what a worker's memo handed back (`handoff`) as if rendered here."""
        used, fresh, rows, fresh_rows, rows_before = handed
        self._rows_before = self._rows_before or rows_before
        if used:
            self._recently_shown()  # as rendering them here would have: see `shown`
        known = self.saved or {}
        for source in fresh:
            if source not in known:
                self.fresh.setdefault(source, used[source])
        self.used.update(used)
        for part, found in rows.items():
            self.used_rows.setdefault(part, {}).update(found)
        self.fresh_rows += fresh_rows

    @property
    def saved_rows(self) -> dict[str, dict[str, str]]:
        """The search index's rows earlier builds saved, read when first asked for (by a
        part of the index made here, or by the build saving the rows a child process
        made); {} when there are none."""
        if self._saved_rows is None:
            known = self._known_rows() if self._known_rows is not None else {}
            self._saved_rows = known if isinstance(known, dict) else {}
        return self._saved_rows

    def rows_saved_before(self) -> bool:
        """Whether earlier builds had saved rows, as far as this build read them (here or
        in a process that handed its memo back)."""
        return bool(self._saved_rows) or self._rows_before

    def _converted(self, source: str) -> str:
        html = self.used.get(source)
        if html is None:
            html = self._recently_shown().get(source)
            if html is None:
                html = self._saved_or_converted(source)
            self.used[source] = html
        return html

    def _saved_or_converted(self, source: str) -> str:
        if self.saved is None and len(self.fresh) >= _CONVERT_BEFORE_LOADING:
            self._load_saved()
        html = self.saved.get(source) if self.saved is not None else None
        if html is None:
            html = self.fresh.get(source)
        if html is None:
            html = self._ahead.get(source)
            if html is None:
                self.ahead_now()  # they may have come meanwhile
                html = self._ahead.get(source)
            if html is None:
                html = convert_markdown(source)
            self.fresh[source] = html
        return html


# What no text may hold (load/text.py), the feeds being XML.
_NOT_TEXT = re.compile(f"[{NOT_TEXT}]")


def render_markdown(source: str, base: str | None = None, root: str = "/") -> str:
    """Safe HTML for an incident's Markdown: raw HTML escaped, unsafe URLs and tags removed,
    direction overrides closed within their run of text (see contain_bidi).

    With `base` (an absolute URL), relative links and images are made absolute against it,
    and those written from the root against the site's `root` folder (resolve_links).
    """
    return sanitize(convert_markdown(source), base, root)


def sanitize(html: str, base: str | None = None, root: str = "/") -> str:
    """The converted HTML made safe: see render_markdown."""
    html = clean(html)
    return _contained(html if base is None else resolve_links(html, base, root))


def clean(html: str) -> str:
    """Converted HTML through the sanitizer, with what it left of unsafe links and images
    (see _drop_bare); its headings are h3 to h6 (see _TOP_HEADING)."""
    if "<h1>" in html or "<h2>" in html:
        html = _TOP_HEADING.sub(r"<\1h3>", html)
    # The sanitizer is the second line of defence: it drops javascript:, data: and any
    # other scheme or attribute that Markdown links and images could smuggle in.
    safe = _cleaner().clean(html)
    # It decodes references, `&#1;` into U+0001, which check refuses (refused_references)
    # but which no feed, being XML, could carry: should one pass, it is shown as the
    # U+FFFD a browser shows for it, rather than ending the build.
    if _NOT_TEXT.search(safe):
        safe = _NOT_TEXT.sub("\ufffd", safe)
    return _encoded_addresses(_drop_bare(safe))


# What CommonMark's reference renderer writes as it is in a link's or an image's address
# (commonmark.js normalizeURI, mdurl's encode): ASCII letters and digits, the marks a URI
# may hold, and an escape already written (`%20`). Every other character, a `%` starting
# no escape among them, is written as the percent escapes of its UTF-8 bytes: a space in
# `[x](<a b/>)` is `%20`, which an RSS or Atom reader requires of an address too.
_NOT_IN_ADDRESS = re.compile(r"(?:%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9;/?:@&=+$,\-_.!~*'()#%])+")
_ADDRESS_VALUE = re.compile(r'(\s(?:href|src)=")([^"]*)"')


# The host of an address with an authority (`https://`, `//`), after any `user@`: an IP
# literal in brackets (`[2001:db8::1]`, RFC 3986 3.2.2) or a name, up to the port or path
# (a backslash among them, as browsers read one in a web address).
_HOST = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^/?#@\\]*@)?"
    r"(?P<host>\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[^\[\]/?#@\\]+)\]|[^/?#:\[\]\\]*)"
)


# The start of an address a browser reads with a backslash as a "/" (WHATWG URL: one of
# the "special" schemes, or none, taken from the page, which is served over http(s) or
# opened from file://): the slashes before its host, then its authority up to the
# character that ends it, a backslash among them.
_SPECIAL_AUTHORITY = re.compile(r"(?:(?i:https?|wss?|ftp|file):[/\\]*|[/\\]{2,})[^/\\?#]*\\?")


def browser_slashes(address: str) -> str:
    """The address with each backslash that a browser reads as a "/" before its path
    written "/": the one around its host, which percent-encoded (`%5C`) would move the
    host to what follows an `@` (`https://status.example.com\\@evil.example/`). The
    path keeps its backslashes, written `%5C` as GitHub writes them. Same length."""
    if "\\" not in address:
        return address
    start = _SPECIAL_AUTHORITY.match(address)
    if start is None:
        return address
    return start[0].replace("\\", "/") + address[start.end() :]


def encode_address(address: str) -> str:
    """The address with each character outside a URI percent-encoded, as CommonMark's
    reference renderer writes it (`_NOT_IN_ADDRESS`), but for its host: an IP literal keeps
    its brackets, a name outside ASCII is written in IDNA (as base_url is), else as typed,
    and the backslashes around it are "/" as a browser reads them (browser_slashes).
    A percent-encoded host is no host a browser opens (`http://%5B2001:db8::1%5D/`)."""
    address = browser_slashes(address)
    host = _HOST.match(address)
    if host is None or not host["host"]:
        return _percent_encoded(address)
    name = host["host"]
    # A name outside ASCII that is no domain name stays as typed, for the browser to read.
    if not name.isascii():
        with suppress(UnicodeError):
            name = idna(name)
    start, end = host.span("host")
    return _percent_encoded(address[:start]) + name + _percent_encoded(address[end:])


def _percent_encoded(text: str) -> str:
    """`text` with each character outside a URI written as its UTF-8 bytes' escapes."""
    return _NOT_IN_ADDRESS.sub(
        lambda m: "".join(f"%{byte:02X}" for byte in m[0].encode("utf-8", "surrogatepass")),
        text,
    )


def _encoded_addresses(safe: str) -> str:
    """Sanitized HTML with its links' and images' addresses encoded (encode_address).
    Python-Markdown and the simple converter write them as typed; done here, where both
    pass, so that they still write the same bytes."""
    if ' href="' not in safe and ' src="' not in safe:
        return safe  # most messages link nothing

    def address(found: re.Match[str]) -> str:
        written = unescape(found[2])
        encoded = encode_address(written)
        return found[0] if encoded == written else f'{found[1]}{_attribute_text(encoded)}"'

    return _TAG.sub(lambda tag: _ADDRESS_VALUE.sub(address, tag[0]), safe)


# A message's headings start at `###` (`##` starts an update); a `#` heading, or one
# underlined, is one of its top headings too, where the sanitizer would leave its text bare.
# Raw HTML is text by then, so such a tag is the converter's.
_TOP_HEADING = re.compile(r"<(/?)h[12]>")
# A message's headings in sanitized HTML (clean), whose text holds no bare `<`.
_MESSAGE_HEADING = re.compile(r"<(/?)h([3-6])>")


def headings_under(safe: str, level: int) -> str:
    """Sanitized message HTML with its headings one level under the heading of `level`
    (1 to 5) it is shown under: its top headings (h3) become h<level + 1>, the others
    keep their place below them, none past h6."""
    shift = level - 2
    if not shift or "<h" not in safe:
        return safe
    return _MESSAGE_HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", safe)


# In sanitized HTML a link's text holds no `<a` (links do not nest) and no `<` but tags'.
_LINK = re.compile(r"<a(?:\s[^>]*)?>(.*?)</a>", re.DOTALL)
_IMAGE = re.compile(r"<img(?:\s[^>]*)?>")


def _drop_bare(safe: str) -> str:
    """Sanitized HTML without the links and images whose address the sanitizer removed:
    `<a>` without href or `<img>` without src is invalid HTML, and an `<a>` still reads as
    a link. The link becomes its text, the image its alt text (an attribute's escapes are
    valid text)."""
    if "<a" not in safe and "<img" not in safe:
        return safe

    def link(found: re.Match[str]) -> str:
        return found[0] if "href" in _names(found[0].partition(">")[0]) else found[1]

    def image(found: re.Match[str]) -> str:
        names = _names(found[0])
        return found[0] if "src" in names else names.get("alt", "")

    return _IMAGE.sub(image, _LINK.sub(link, safe))


def map_text(safe: str, change: Callable[[str], str]) -> str:
    """Sanitized HTML with `change` applied to each run of text between its tags, the text
    as the sanitizer wrote it (`<`, `>` and `&` escaped); the tags as they were."""
    return _TAG_OR_TEXT.sub(lambda m: m[1] or change(m[2]), safe)


def _contained(html: str) -> str:
    """Sanitized HTML with each run of text between tags, and each attribute value,
    contained on its own, as a template value is (contain_bidi); `html` itself when it
    holds no direction mark."""
    if not find_bidi(html):
        return html
    return _TAG_OR_TEXT.sub(
        lambda m: (
            _ATTRIBUTE_VALUE.sub(lambda v: f'"{contain_bidi(v[0][1:-1])}"', m[1])
            if m[1]
            else contain_bidi(m[2])
        ),
        html,
    )


# Set up once: passing the rules with every message cost three quarters of the
# sanitizer's time (0.5 s -> 0.14 s for the 28,666 messages of 10,000 incidents).
@cache
def _cleaner() -> nh3.Cleaner:
    """The sanitizer's rules."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


# In sanitized HTML every `<` of text is escaped, so this is a tag; each of its attributes
# is name="value" with `"`, `<` and `>` escaped in the value, so one match per attribute,
# left to right, never starts inside another's value.
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_ATTRIBUTE = re.compile(r'(\s)([^\s"\'>/=]+)="([^"]*)"')


def _names(tag: str) -> dict[str, str]:
    """A sanitized tag's attributes, by name (a value may read like another attribute)."""
    return {found[2]: found[3] for found in _ATTRIBUTE.finditer(tag)}


# An address with a scheme (`https:`, `mailto:`) leads to the same place from anywhere.
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# An address written from the root of a host (`//host/`), or with a scheme.
_ELSEWHERE = re.compile(r"//|[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_links(safe: str, base: str, root: str = "/") -> str:
    """Sanitized HTML with its links and images resolved against `base` (an absolute URL,
    or a root-relative address: then only a link written relative to the page or to the
    site's root changes, to root-relative, and the others stay as written). `root` is the
    site's root folder, base_url's path: what an address written from the root
    (`/history/`) is read from (absolute_address).

    Feeds are read away from the site, where a relative URL has nothing to resolve
    against; resolving against the incident's page keeps the target the page shows. The
    pages resolve against its root-relative address: they show a message in other
    folders too (the front page), where the link written relative would lead elsewhere. Done
    on the sanitized HTML rather than by sanitizing again with a filter: each message is
    sanitized once, and its feed copies cost a regular expression, not a second pass of
    the sanitizer calling back into Python for every attribute (about 100 µs a message).
    The bytes are those the sanitizer writes; an address urljoin cannot read (`//[x`) is
    dropped, with its link or image (_drop_bare), as the sanitizer drops one it cannot
    parse."""

    if ' href="' not in safe and ' src="' not in safe:
        return safe  # most messages link nothing
    rooted = base.startswith("/")
    dropped = False

    def attribute(found: re.Match[str]) -> str:
        nonlocal dropped
        if found[2] not in ("href", "src") or (rooted and _ELSEWHERE.match(found[3])):
            return found[0]
        address = unescape(found[3])
        if rooted and address.startswith("/") and root == "/":
            return found[0]  # the site is the host's root: as written
        resolved = absolute_address(address, base, root)
        if resolved is None:
            dropped = True
            return ""
        return f'{found[1]}{found[2]}="{_attribute_text(resolved)}"'

    resolved = _TAG.sub(lambda tag: _ATTRIBUTE.sub(attribute, tag[0]), safe)
    return _drop_bare(resolved) if dropped else resolved


def absolute_links(markdown: str, page: str, root: str = "/") -> str:
    """The Markdown with the addresses of its links, images and link definitions resolved
    against `page` as the feeds resolve them (absolute_address, `root` the site's root
    folder), for text read away from the page: a calendar app or a chat has no page to
    read `../status/` against. Only what the page shows as a link changes: text that
    merely looks like one (`[ERROR]: refused`, `\\[x](y)`, code) stays as written."""

    if "]" not in markdown:
        return markdown
    out: list[str] = []
    for _, text, definition, linking in _link_blocks(markdown):
        if definition is not None:
            out.append(_absolute_definition(text, definition, page, root))
        else:
            out.append(_absolute_in_block(text, page, root) if linking else text)
    return "\n".join(out)


def without_unsafe_links(markdown: str) -> str:
    """The Markdown with each link and image the page shows as text alone, its address
    dropped by the sanitizer (a scheme but ALLOWED_URL_SCHEMES: `javascript:`, `data:`),
    written as that text, inline (`[x](javascript:…)`) or by reference (`[x][r]` to `[r]:
    javascript:…`, whose definition is left out, as the page shows none): for text read
    away from the page, which must not lead where the page does not."""
    if "](" not in markdown and "]:" not in markdown:
        return markdown
    pieces = list(_link_blocks(markdown))
    # The address each label links to: its first definition's, as the page reads them.
    addresses: dict[str, str] = {}
    for _, _, definition, _ in pieces:
        if definition is not None:
            addresses.setdefault(defined_label(definition[1][1]), definition[1][2])
    unsafe = {label for label, address in addresses.items() if _unsafe_address(address)}
    out: list[str] = []
    dropped = False
    for _, text, definition, linking in pieces:
        if definition is not None and _unsafe_address(definition[1][2]):
            # Its markers alone: an item or a quote the page shows empty.
            out.append(definition[0].rstrip())
            dropped = True
        elif linking and definition is None:
            out.append(_safe_references(_safe_in_block(text), unsafe))
        else:
            out.append(text)
    if not dropped:
        return "\n".join(out)
    # A definition left out leaves its line blank: one paragraph break, as on the page,
    # and none after the last paragraph.
    kept = single_blank_lines("\n".join(out)).rstrip("\n")
    return kept + "\n" if markdown.endswith("\n") else kept


def _unsafe_address(address: str) -> bool:
    """Whether the sanitizer drops a link to `address` (as written in Markdown, in `<…>`
    or not): read with its escapes and character references resolved, as the page reads
    it, it has a scheme but ALLOWED_URL_SCHEMES (`&#106;avascript:` is `javascript:`)."""
    return dropped_scheme(_without_escapes(address.strip().lstrip("<").rstrip(">"))) is not None


def dropped_scheme(address: str) -> str | None:
    """The scheme (`javascript:`) for which the sanitizer drops a link to `address` (its
    Markdown escapes resolved), read as the page reads it, its character references
    resolved (`&#106;avascript:` is `javascript:`); None when it has none, or one of
    ALLOWED_URL_SCHEMES."""
    scheme = SCHEME.match(unescape(address).strip())
    if scheme is None or scheme[0][:-1].lower() in ALLOWED_URL_SCHEMES:
        return None
    return scheme[0]


def _safe_in_block(text: str) -> str:
    """without_unsafe_links() on the inline links and images of a block of text."""
    if "](" not in text:
        return text
    masked = _masked(text)
    found = list(_bracketed(masked, 0, len(masked), image=False))
    outer = masked
    for start, _, end in found:
        outer = outer[:start] + "\0" * (end - start) + outer[end:]
    found += [
        (start - 1, close, end) for start, close, end in _bracketed(outer, 0, len(outer), True)
    ]
    pieces, at = [], 0
    for start, close, end in sorted(found):
        if not _unsafe_address(text[slice(*_address_span(masked, close))]):
            continue
        shown = text.index("[", start) + 1
        pieces += [text[at:start], text[shown:close]]
        at = end
    return "".join(pieces) + text[at:]


# A link or an image by reference, as the library reads one (its ReferenceInlineProcessor
# and ShortReferenceInlineProcessor): `[text][label]` (one space or line end between
# the brackets at most), `[label][]` or `[label]`, not an inline link's `[text](`.
_REFERENCE_LINK = re.compile(r"(!?)\[([^\[\]]*)\](?:\s?\[([^\[\]]*)\]|(?!\s?[\[(]))")


def _safe_references(text: str, unsafe: set[str]) -> str:
    """A block of text with each link and image by reference to a label in `unsafe` (an
    address the page drops) written as its text, as the page shows it."""
    if not unsafe or "[" not in text:
        return text
    pieces, at = [], 0
    for found in _REFERENCE_LINK.finditer(_masked(text)):
        label = found[3] or found[2]
        if linked_label(label) not in unsafe:
            continue
        pieces += [text[at : found.start()], text[found.start(2) : found.end(2)]]
        at = found.end()
    return "".join(pieces) + text[at:]


def link_addresses(markdown: str) -> list[tuple[int, str]]:
    """Each address the Markdown's links, images, link definitions, autolinks
    (`<https://…>`) and linked bare addresses (`https://…`, `www.…`) lead to, as the
    library reads it (escapes resolved, but for a bare address's: linked as typed), with
    the index of its line: what `check` follows to the page it names. Text that merely
    looks like a link (code, `\\[x](y)`, `\\<https://x>`) has none."""
    return [(index, address) for index, _, address in link_places(markdown)]


def link_places(markdown: str) -> list[tuple[int, int, str]]:
    """Each address link_addresses finds, with the index of its line and of its column
    there (where its address starts, after a `<` around it; a link definition's too, on
    the line below `[label]:` when it stands there): where `check` points a diagnostic of
    the link, several links on one line apart."""
    found: list[tuple[int, int, str]] = []
    if not any(mark in markdown for mark in ("]", "<", "://", "www.")):
        return found
    for index, text, definition, linking in _link_blocks(markdown):
        if definition is not None:
            markers, match = definition
            address = _without_escapes(match[2].lstrip("<").rstrip(">"))
            # The match's offsets are those of the lines after the markers, as written
            # (_split_definition keeps them so).
            start = match.start(2) + match[2].startswith("<")
            below = match.string.count("\n", 0, start)
            line_start = match.string.rfind("\n", 0, start) + 1
            column = start - line_start + (0 if below else len(markers))
            found.append((index + below, column, address))
        elif linking:
            spans = _link_addresses(_masked(text)) if "](" in text else []
            at = [(start, _without_escapes(text[start:end])) for start, end in spans]
            if "<" in text:
                # Its address starts after its `<`, where the column points.
                at += [(start + 1, address) for start, _, address in _autolinks(text)]
            if "://" in text or "www." in text:
                at += [(start, address) for start, _, address in _bare_addresses(text)]
            for start, address in sorted(at, key=lambda pair: pair[0]):
                line_start = text.rfind("\n", 0, start) + 1
                found.append((index + text.count("\n", 0, start), start - line_start, address))
    return found


def blank_reference_images(markdown: str) -> list[tuple[int, int, str, str]]:
    """Each image written by reference with nothing between its first brackets (`![][lat]`,
    `![ ] [lat]`) whose label a link definition of `markdown` names, as the library reads
    one: (index of its line, column of its `![` there, the label as written, the address).
    Code is not looked in."""
    found: list[tuple[int, int, str, str]] = []
    if "![" not in markdown or "]:" not in markdown:
        return found
    addresses: dict[str, str] = {}
    texts: list[tuple[int, str]] = []
    for index, text, definition, linking in _link_blocks(markdown):
        if definition is not None:
            match = definition[1]
            address = _without_escapes(match[2].lstrip("<").rstrip(">"))
            addresses.setdefault(defined_label(match[1]), address)  # the first one wins
        elif linking and "![" in text:
            texts.append((index, text))
    for index, text in texts:
        for image in _BLANK_REFERENCE_IMAGE.finditer(_masked(text)):
            label = text[image.start(1) : image.end(1)]
            if linked_label(label) in addresses:
                start = image.start()
                line_start = text.rfind("\n", 0, start) + 1
                line = index + text.count("\n", 0, start)
                found.append((line, start - line_start, label, addresses[linked_label(label)]))
    return found


# `![]` then a label, as the library's image reference reads one (its RE_LINK: one space or
# line break between the brackets at most).
_BLANK_REFERENCE_IMAGE = re.compile(r"!\[[ \t]*\]\s?\[([^\]]+)\]")


def _autolinks(text: str) -> list[tuple[int, int, str]]:
    """Where in a block's `text` the library reads an autolink (`<https://…>`, by its own
    expression), from its `<` to after its `>`, with the address it links, as typed (an
    autolink holds no escapes: Autolink): not in code, nor after an escape, nor in a link
    or an image, which the library reads first."""
    from markdown.inlinepatterns import AUTOLINK_RE

    masked = _masked(text)
    for image in (False, True):
        for start, _, end in _bracketed(masked, 0, len(masked), image):
            masked = masked[:start] + "\0" * (end - start) + masked[end:]
    # An escaped `>` ends one all the same, its backslash the address's (Autolink).
    for escaped in _ESCAPED_CLOSE.finditer(text) if "\\>" in text else ():
        if masked[escaped.start() : escaped.end()] == "\0\0":  # an escape, not code
            masked = masked[: escaped.start()] + escaped[0] + masked[escaped.end() :]
    return [
        (found.start(), found.end(), text[found.start(1) : found.end(1)])
        for found in re.finditer(AUTOLINK_RE, masked)
    ]


_ESCAPED_CLOSE = re.compile(r"\\>")


def _link_blocks(
    markdown: str,
) -> Iterator[tuple[int, str, tuple[str, re.Match[str]] | None, bool]]:
    """The Markdown in pieces, each as (index of its first line, its text, the definition
    it is, whether links are looked for in it): a block of text (a paragraph, a quote's
    lines, a heading: True), a link definition (its markers and the library's match), or
    a line that is neither, kept as written (code, a blank line: False)."""
    # Code blocks, fenced or indented, are code, kept as written: found as the timeline
    # reader finds them (a message's lines end in "\n" alone, as the timeline hands them
    # over). A link is looked for within one block of text (a paragraph, a quote's lines,
    # a heading), as the library reads one; a link definition is a block of its own,
    # which the library takes out of its paragraph wherever it stands, the lines above it
    # one block and those below another: yielded in that order, so that each line keeps
    # its place in the text absolute_links writes back.
    blocks = CodeBlocks()
    block: list[str] = []
    first = 0
    lines = markdown.split("\n")
    taken = -1  # the line that gave the address of the definition above it
    for index, line in enumerate(lines):
        if index == taken:
            continue
        before = blocks.kind
        code = blocks.inside(line)
        definition = None if code else _definition(line, lines[index + 1 : index + 2])
        if definition is None and not code and "]:" in line:
            # `[label]:` alone, its address on the next line: one definition of two lines.
            definition = _split_definition(blocks, line, lines[index + 1 : index + 3])
            if definition is not None:
                taken = index + 1
        ends = definition is not None or not (
            blocks.kind is Line.MORE or blocks.kind is before is Line.QUOTE
        )
        if block and ends:
            yield first, "\n".join(block), None, True
            block = []
        if index + 1 == taken:
            blocks.inside(lines[taken])
            yield index, f"{line}\n{lines[taken]}", definition, False
        elif code or blocks.kind is Line.BLANK or definition is not None:
            yield index, line, definition, False
        else:
            if not block:
                first = index
            block.append(line)
    if block:
        yield first, "\n".join(block), None, True


# A line that underlines the line above as a heading, to the library (its setext RE).
_UNDERLINE = re.compile(r"[=-]+ *")


# What comes before a line's text in a quote or a list item: their markers.
_MARKERS = re.compile(r"(?:[ \t]*>[ ]?)*(?:[ \t]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)?")


def _definition(line: str, after: list[str]) -> tuple[str, re.Match[str]] | None:
    """The link definition `line` (the line `after` it, if any, beside it) is to the
    converter, by its expression (_REFERENCE), or None: it reads none indented four
    columns or more (more of a paragraph, or of a list item's text), nor a heading's text
    underlined by the next line. What it might read either way is left as written: text rewritten
    would show an address the author never wrote. With the markers before it."""
    if "]:" not in line or line.startswith(("    ", "\t")):
        return None
    if after and _UNDERLINE.fullmatch(after[0]):
        return None
    markers = cast("re.Match[str]", _MARKERS.match(line))[0]  # may match nothing
    found = _WRITTEN_REFERENCE.match(line[len(markers) :])
    return None if found is None else (markers, found)


def _split_definition(
    blocks: CodeBlocks, line: str, after: list[str]
) -> tuple[str, re.Match[str]] | None:
    """The link definition `line` opens with its address on the next line (`after[0]`,
    with the line below it, if any, beside it) to the converter, as _definition reads one
    on a single line; None when the converter reads none there: the next line starts a
    block of its own (a fence, a heading, a deeper quote). A line below that underlines
    it does not count: the library reads a heading's underline only below a block's first
    line, and a rule splits the block below the definition."""
    if not after or line.startswith(("    ", "\t")):
        return None
    quotes = continued_definition(line, after[0])
    if quotes is None:
        return None
    # Rare (a line that is only `[label]:`): read the next line on a copy, to see it is more
    # of this paragraph or quote, before the blocks are told of it.
    trial = copy.deepcopy(blocks)
    trial.inside(after[0])
    if not (trial.kind is Line.MORE or trial.kind is blocks.kind is Line.QUOTE):
        return None
    markers = cast("re.Match[str]", _MARKERS.match(line))[0]
    # The next line's quote markers are not the converter's text: spaces in their place keep
    # each offset in the match that of the lines as written (_absolute_definition).
    joined = f"{line[len(markers) :]}\n{' ' * len(quotes)}{after[0][len(quotes) :]}"
    found = _WRITTEN_REFERENCE.match(joined)
    return None if found is None else (markers, found)


def _absolute_definition(
    text: str, definition: tuple[str, re.Match[str]], page: str, root: str
) -> str:
    """A link definition's `text` (its line, or its two lines: _split_definition), with its
    markers and the match of the converter's expression after them, with its address
    resolved."""
    markers, found = definition
    written = text[len(markers) :]
    start, end = found.span(2)
    address = found[2]
    # `<address>` is the address without its brackets, as the library reads it.
    bare = address.lstrip("<").rstrip(">")
    resolved = _resolved(bare, page, root)
    if resolved is not None:
        address = address.replace(bare, resolved, 1)
    return markers + written[:start] + address + written[end:]


def _resolved(address: str, page: str, root: str) -> str | None:
    """`address` (as written in Markdown) resolved for absolute_links; None when it stays
    as written. Read as the library reads it, its escapes resolved: `https\\://x` is
    `https://x`, no address relative to the page; written back escaped where it needs it.
    Its character references too: `&#106;avascript:` has a scheme, which the page's
    sanitizer refuses, and is no path under the page's address."""
    if not address:
        return None
    read = _without_escapes(address)
    if SCHEME.match(unescape(read)):
        return None
    resolved = absolute_address(read, page, root)
    return None if resolved is None else keep_backslashes(resolved)


# An escaped character, of those the library escapes: no bracket to its links.
_ESCAPE = re.compile("\\\\[" + re.escape(ESCAPED_CHARS) + "]")


# An escaped `&` as the library keeps it until the end (STX, its code point, ETX), before
# what would read as an entity.
_ESCAPED_AMP = re.compile("\x0238\x03(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")


def _stashed_escapes(text: str) -> str:
    """`text` (a link definition's address or title) with each escape as the library
    keeps one in the text it reads: resolved by it with all the others, once."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda escape: f"\x02{ord(escape[0][1])}\x03", text)


def _without_escapes(text: str) -> str:
    """`text` (a link's address or title) with each of its escapes read as the character
    it escapes: `https\\://x` is `https://x`."""
    return _ESCAPE.sub(lambda escape: escape[0][1], text) if "\\" in text else text


# A link's or an image's address as written after its `(` (and a `<` closed by a `>`,
# which the library reads as brackets around it): up to a space, a title or the `)`.
_ADDRESS = re.compile(r"\(\s*(?:<(?=[^<>]*>))?([^\s<>()]+)")
# The same in `<` and `>` followed by the end of the link, as the library reads one (its
# LinkInlineProcessor.RE_LINK): the address runs to the `>`, spaces and all (`<../a b/>`).
_BRACKETED_ADDRESS = re.compile(r"""\(\s*<\s*([^<>]*?)\s*>\s*(?:(?:'[^']*'|"[^"]*")\s*)?\)""")


def _absolute_in_block(text: str, page: str, root: str) -> str:
    """absolute_links() on the lines of a block of text."""
    if "](" not in text:
        return text
    pieces, at = [], 0
    for start, end in _link_addresses(_masked(text)):
        resolved = _resolved(text[start:end], page, root)
        if resolved is not None:
            # A parenthesis here was escaped (`db\)-report`): one bare would end the link
            # early. Percent-encoded, not escaped again, as the chats and the calendar
            # read the text with its escapes resolved (unescape_markdown).
            resolved = resolved.replace("(", "%28").replace(")", "%29")
            pieces += [text[at:start], resolved]
            at = end
    return "".join(pieces) + text[at:]


def _masked(text: str) -> str:
    """`text` with its code spans and escapes blanked out (NULs, as long): where the
    library looks for brackets they are placeholders already, no bracket in them. Code
    spans first, by the library's own reading, as it reads them first."""
    pieces, at = [], 0
    for start, end in _code_spans(text):
        pieces += [text[at:start], "\0" * (end - start)]
        at = end
    pieces.append(text[at:])
    return _ESCAPE.sub(lambda escape: "\0\0", "".join(pieces))


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the code spans (and backslashes before backticks) of `text` are, by the
    library's own reading."""
    reader = _code_span_reader()
    at = 0
    while (found := reader.compiled_re.search(text, at)) is not None:
        node, start, end = reader.handleMatch(found, text)
        if node is not None:  # a code span, or backslashes before backticks
            yield start, end
        at = end


@cache
def _code_span_reader() -> Any:
    """The library's reading of code spans, which runs before every other of a message's
    text, and differs from GitHub's where backticks are left unmatched."""
    from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

    return BacktickInlineProcessor(BACKTICK_RE)


def _link_addresses(masked: str) -> list[tuple[int, int]]:
    """Where the addresses of the links and images the library reads in a paragraph's
    `masked` text are, in order. It reads links first, over the whole text, then images in
    what is left, and in a link's text: so an image may hold a link, a link an image."""
    spans: list[tuple[int, int]] = []
    outer = masked
    for start, close, end in _bracketed(masked, 0, len(masked), image=False):
        spans += [_address_span(masked, close)]
        spans += [
            _address_span(masked, inner)
            for _, inner, _ in _bracketed(masked, start + 1, close, image=True)
        ]
        outer = outer[:start] + "\0" * (end - start) + outer[end:]  # a placeholder now
    images = _bracketed(outer, 0, len(outer), image=True)
    spans += [_address_span(masked, close) for _, close, _ in images]
    return sorted(span for span in spans if span[0] < span[1])


def _address_span(masked: str, close: int) -> tuple[int, int]:
    """Where the address after the `]` at `close` is; empty when none is written."""
    found = _BRACKETED_ADDRESS.match(masked, close + 1) or _ADDRESS.match(masked, close + 1)
    return found.span(1) if found is not None else (close, close)


def _bracketed(masked: str, lo: int, hi: int, image: bool) -> Iterator[tuple[int, int, int]]:
    """Each link (or `image`) the library reads in masked[lo:hi], one after another: where
    its `[` is, its `]` and its end (after the `)`), by the library's own reading."""
    reader = _link_reader()
    at = lo
    while (start := masked.find("[", at, hi)) >= 0:
        at = start + 1
        if image != (start > lo and masked[start - 1] == "!"):
            continue
        depth, close = 1, start + 1
        while close < hi and depth:
            depth += {"[": 1, "]": -1}.get(masked[close], 0)
            close += 1
        close -= 1  # the `]` that ended the text
        if depth or not masked.startswith("(", close + 1):
            continue
        _, _, end, handled = reader.getLink(masked[:hi], close + 1)
        if handled:
            yield start, close, end
            at = end


_BRACKET = re.compile(r"[\[\]]")


def _bracketed_text(data: str, index: int) -> tuple[str, int, bool]:
    """A link's text: from `index` to the `]` closing the `[` before it, the index after
    that `]`, and whether one closed it (the rest of `data` when none did), as the link
    patterns read it. Markdown 3.11.4 finds it by reading the whole paragraph at every
    link, as each link makes a new paragraph text: 5,000 links in a paragraph took two
    minutes. Scanning on only as far as the closing bracket is what MAX_BRACKET_SCAN
    bounds (load/markdown_bounds.py), whichever release is installed."""
    depth = 1
    for bracket in _BRACKET.finditer(data, index):
        depth += 1 if bracket.group() == "[" else -1
        if not depth:
            return data[index : bracket.start()], bracket.end(), True
    return data[index:], len(data), False


# A quote opens a link's title only after a space or a line end (CommonMark 6.3, as on
# GitHub); the library takes any quote for one, cutting an address at its `'`
# (`https://kibana.example/app#/?_g=(time:(from:'now-1h'))`), the rest a title.
_QUOTE = re.compile("['\"]")
_GLUED_QUOTE = re.compile(r"""(?<=\S)['"]""")
# Each quote glued to the address while the library reads the link: characters of the
# Private Use Area, read as the address's own, and put back in what it returns.
_GLUED = {"'": "\ue000", '"': "\ue001"}
_UNGLUED = str.maketrans({held: quote for quote, held in _GLUED.items()})


def _spaced_title(
    get_link: Callable[[str, int], tuple[str, str | None, int, bool]],
) -> Callable[[str, int], tuple[str, str | None, int, bool]]:
    """The library's reading of a link's `(address "title")` (`get_link`), but with a quote
    read as opening a title only after a space: the address runs on over one glued to it."""

    def read(data: str, index: int) -> tuple[str, str | None, int, bool]:
        found = spaced(data, index)
        # A title in parentheses after a space (`(address (title))`, CommonMark 6.3): the
        # library read it as more of the address. It is read again with its parentheses
        # as quotes, the same length, so where the link ends is where it ended.
        if found[1] is not None or not found[3]:
            return found
        quoted = _paren_title_quoted(data, index, found[2])
        if quoted is None:
            return found
        href, title, end, handled = spaced(quoted, index)
        if title is None or end != found[2]:
            return found
        return href, title.translate(_UNPARENED), end, handled

    def spaced(data: str, index: int) -> tuple[str, str | None, int, bool]:
        found = get_link(data, index)
        href, title, end, _ = found
        # Read again only when a title was found and a quote glued to what is before it
        # might have opened it: a message with neither pays nothing more.
        if title is None or _GLUED_QUOTE.search(data, index + 1, end) is None:
            return found
        if any(held in data for held in _GLUED.values()):
            return found  # typed in the message: nothing left to hold the quotes by
        href, title, end, handled = get_link(_glued_quotes_held(data, index), index)
        unglued = None if title is None else title.translate(_UNGLUED)
        return href.translate(_UNGLUED), unglued, end, handled

    return read


# A link's `(address (title))`: its address (in angle brackets, or no spaces), a space,
# and a title in parentheses with none unescaped inside, as CommonMark reads one.
_PAREN_TITLE = re.compile(
    r"\([ \t\n]*(?:<(?:[^<>\\\n]|\\.)*>|\S+)[ \t\n]+\(((?:[^()\\]|\\.)*)\)[ \t\n]*\)",
    re.DOTALL,
)
# The quotes inside such a title while the library reads it between quotes: held as
# characters of the Private Use Area, and put back in the title it returns.
_IN_PARENS = {"'": "\ue002", '"': "\ue003"}
_PARENED = str.maketrans({quote: held for quote, held in _IN_PARENS.items()})
_UNPARENED = str.maketrans({held: quote for quote, held in _IN_PARENS.items()})


def _paren_title_quoted(data: str, index: int, end: int) -> str | None:
    """`data` with the title in parentheses of the link whose `(` is at `index` and ends
    at `end` between quotes, its own quotes held (_IN_PARENS); None when it has none."""
    found = _PAREN_TITLE.fullmatch(data, index, end)
    if found is None or any(held in data for held in _IN_PARENS.values()):
        return None
    inner = found[1].translate(_PARENED)
    start, stop = found.span(1)
    return data[: start - 1] + '"' + inner + '"' + data[stop + 1 :]


def _glued_quotes_held(data: str, index: int) -> str:
    """`data` with each quote after `index` (a link's `(`) held as one of _GLUED but those
    that open a title (after a space) and close it."""
    pieces, at, opened = [data[:index]], index, None
    for quote in _QUOTE.finditer(data, index):
        if quote[0] == opened:  # the title's own quote ends it
            opened = None
        elif opened is None and data[quote.start() - 1].isspace():
            opened = quote[0]
        else:  # glued to the address, or the other quote in a title: text either way
            pieces += [data[at : quote.start()], _GLUED[quote[0]]]
            at = quote.end()
    return "".join(pieces) + data[at:]


def written_target(line: str, paren: int) -> str | None:
    """The `(address "title")` of a link or an image whose `(` is at `paren` in `line`, as
    written there (a `<` and `>` around the address, the title), by the library's reading;
    None when it reads none that ends on the line."""
    _, _, end, handled = _link_reader().getLink(line, paren)
    return line[paren:end] if handled else None


@cache
def _link_reader() -> Any:
    """The library's reading of a link's `(address "title")`, which follows quotes and
    nested parentheses its own way, with no converter to unescape (absolute_links reads
    text whose escapes are masked)."""
    from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

    class Reader(LinkInlineProcessor):
        def unescape(self, text: str) -> str:
            return text

    reader = Reader(LINK_RE)
    setattr(reader, "getLink", _spaced_title(reader.getLink))  # noqa: B010
    return reader


def absolute_address(address: str, base: str, root: str = "/") -> str | None:
    """A link's or an image's address resolved against `base`, as the feeds resolve
    them (resolve_links); None for one urljoin cannot read (`//[x`). One written from the
    root (`/history/`) leads into the site's `root` folder (base_url's path), as in a
    `build --relative` (docs/open-from-disk.md): the site may live in a folder of its host.
    One that already starts with that folder (`/status/history/`) was written for the
    published site, and worked there before root-relative links were read this way: kept,
    also when the folder is followed by a query or a fragment (`/status#components`)."""
    folder = root.rstrip("/")
    if address.startswith("/") and not address.startswith("//"):
        # Kept, with the folder spelled as base_url spells it (`/st%c3%bcs/` is `/st%C3%BCs/`),
        # so the page and check's pagelinks, which compares with base_url, agree.
        within = urls.in_root(address, root)
        address = folder + (address if within is None else within)
    try:
        return urljoin(base, address)
    except ValueError:
        return None


def _attribute_text(value: str) -> str:
    """An attribute value escaped as the sanitizer's serializer escapes it."""
    return (
        value.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
