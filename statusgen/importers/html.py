"""Message bodies from other tools as Markdown that stays inside its update.

Statuspage keeps update bodies as text with some HTML, and cState posts and GitHub issues
(Upptime's) are Markdown that may hold some; markdownify (MIT, maintained, built on
BeautifulSoup) turns the tags into Markdown. The text is kept as written, with or without
tags around it: every word (a `<` that opens no tag, `<support@example.com>`), its
paragraphs, line breaks, spacing and code, and any Markdown in it (a statusgen page's own
API gives Markdown bodies), so a body reads the same whether or not it holds a tag.
"""

from __future__ import annotations

import html
import re

from markdownify import ATX, markdownify

from statusgen.load.fences import CodeBlocks, CodeFences, blank_code
from statusgen.render.markdown import (
    ESCAPED_CHARS,
    FIRST_ESCAPED_CHARS,
    keep_backslashes,
    typed_addresses,
)
from statusgen.timeline import TEXT_START, escape_stray_headings, stray_headings

# The tags a body's HTML is written with: those of Statuspage's editor and of hand-written
# formatting. Any other `<name>` is a word of the text, a placeholder such as `<hostname>`
# or a type such as `Vec<String>`: reading it as a tag would delete it.
_TAG_NAMES = (
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "col", "colgroup",
    "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strike",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u",
    "ul",
)  # fmt: skip
# A tag as bodies write them: one of those names, then only `name="value"` attributes.
# `a<b and q>` or `<support@example.com>` is text: a browser would take the first for a
# tag, but no one writing a status update meant it as one.
_TAG = re.compile(
    rf"</?(?:{'|'.join(_TAG_NAMES)})(?![-A-Za-z0-9:])"
    r"(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))*"
    r"\s*/?>",
    re.IGNORECASE,
)
# A code span: a run of backticks (not after a backslash), then text up to the next run of
# exactly as many (CommonMark 6.1); it does not outlast its paragraph, which ends at a
# blank line. What it holds is shown as written, tags included.
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")
# HTML folds a text's line breaks into spaces; these stand for them through markdownify.
# The text between two tags goes through it as its number between two more: markdownify
# would fold its spaces and indentation, decode its entities and read the tags in its
# code. All four are private-use characters, and the text holding them is held out.
_PARAGRAPH, _LINE = "\ue000", "\ue001"
_HELD = re.compile("\ue002([0-9]+)\ue003")
# A `<pre>` or `</pre>` tag (of _TAG's): markdownify writes it as a fenced code block.
_PRE = re.compile(r"</?pre(?![-A-Za-z0-9:])", re.IGNORECASE)
# That block as markdownify writes it, three backticks a line around the text, before the
# text (which alone could hold backticks) is back in it.
_PRE_BLOCK = re.compile(r"^```\n(?P<code>[^`]*?)\n```$", re.MULTILINE)
# A run of backticks starting a line (after up to three spaces), which a fence as long or
# shorter would be closed by (CommonMark 4.5).
_LINE_TICKS = re.compile(r"^ {0,3}(`+)", re.MULTILINE)
# The tags markdownify writes inside a line (the others start a block of their own, and
# the indentation before them is only the layout of the HTML).
_INLINE = re.compile(
    r"</?(?:a|abbr|b|br|code|del|em|font|i|img|ins|kbd|mark|s|small|span|strike|strong"
    r"|sub|sup|tt|u)(?![-A-Za-z0-9:])",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
# The blank lines before a body's first line, and the white space after its last word.
_AROUND = re.compile(r"\A(?:[ \t]*\n)+|\s+\Z")
# White space before a text's first word: through its last line break, whose indentation
# (a nested list item, a line of code) is part of the text; else the spaces after a tag.
_LEADING = re.compile(r"\s*\n|[ \t]*")
_TRAILING = re.compile(r"\s*\Z")
# The same, up to the last line break, before the indentation of the line it ends.
_INDENTED_END = re.compile(r"\s*\n(?=[ \t]*\Z)|\s*\Z")
# A level-1 or level-2 heading would start a new timeline update (or end the summary).
_TOP_HEADING = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)")
# A line starting `Components:` under an update heading is read as the statuses that
# update set (in any case, `Component` too: timeline.component_line); `Components\:`
# shows the same words and stays message text.
_STATUS_LINE = re.compile(r"^([ \t]*components?[ \t]*):", re.IGNORECASE)


# A line of only `=` or `-` right under a line of text underlines it into a heading
# (a setext heading). Unlike CommonMark, statusgen's renderer underlines a list item, a
# quote or a numbered line too (`- Login` then `---` is a heading "- Login"); only a
# heading, a line of code (four spaces in) or a blank line is none it underlines.
_UNDERLINE = re.compile(r"^( {0,3})([=-])(?=[=-]*[ \t]*$)")
_NOT_UNDERLINED = re.compile(r"^\s*#|^ {4}|^\s*$")


def plain_underlines(text: str) -> str:
    """`text` with each line of only `=` or `-` under a line of text escaped (`\\---`):
    in a plain-text body it is a separator the author typed, not a heading's underline."""
    fences = CodeFences()
    lines: list[str] = []
    under_text = False  # whether the line before is a paragraph's
    for line in text.split("\n"):
        code = fences.inside(line)
        if not code and under_text:
            line = _UNDERLINE.sub(lambda m: f"{m[1]}\\{m[2]}", line, count=1)
        under_text = not code and not _NOT_UNDERLINED.match(line)
        lines.append(line)
    return "\n".join(lines)


# What a backslash escapes now and did not when Statuspage bodies were first read as
# Markdown: `"`, `'`, `&`, `$`... Statuspage shows the backslash before them.
_NEWLY_ESCAPED = "".join(c for c in ESCAPED_CHARS if c not in FIRST_ESCAPED_CHARS)


def plain_backslashes(text: str) -> str:
    """`text` (Markdown) with each backslash before `"`, `'`, `&`, `$` and the like, or before
    a line end, outside code written twice: in a plain-text body (`C:\\Temp\\"`, `R\\&D`,
    `C:\\Logs\\` ending a line) it is a character the author typed, shown as the source page
    shows it, not an escape or a line break. Code keeps its backslashes as written, and so
    does an address the page links as typed (`<https://…>`, a bare `https://…`)."""
    if "\\" not in text:
        return text
    outside = _blank_code_spans(blank_code(text))
    if "://" in text or "www." in text:
        # A backslash there is the address's own, which the page keeps: one more would
        # change where the link leads (`a\\&b` to `a%5C%5C&b`).
        for start, end in typed_addresses(outside):
            outside = outside[:start] + " " * (end - start) + outside[end:]
    # Code and addresses are blanked to spaces in `outside`: a run of characters it left
    # as they are holds every backslash of the text that is neither.
    pieces: list[str] = []
    at = 0
    for code in _CODE_RUN.finditer(_differences(text, outside)):
        pieces.append(_kept(text[at : code.start()]))
        pieces.append(text[code.start() : code.end()])
        at = code.end()
    pieces.append(_kept(text[at:]))
    return "".join(pieces)


# A backslash at a line's end that no backslash escapes: a line break in Markdown since
# GitHub's reading was followed, and not in Statuspage's text. An escaped one (`\\`) is
# no break already.
_LINE_END_BACKSLASH = re.compile(r"(?<!\\)((?:\\\\)*)\\(?=\n)")


def _kept(text: str) -> str:
    """`text`, none of it code, with the backslashes plain_backslashes doubles doubled."""
    text = keep_backslashes(text, _NEWLY_ESCAPED)
    return _LINE_END_BACKSLASH.sub(r"\1\\\\", text) if "\\\n" in text else text


_CODE_RUN = re.compile("\x00+")


def _differences(text: str, outside: str) -> str:
    """`text` with each character that `outside` blanked as NUL."""
    return "".join(c if c == o else "\x00" for c, o in zip(text, outside, strict=True))


def to_markdown(body: str | None, *, plain: bool = False) -> str:
    """`body` as Markdown whose headings cannot be read as update headings: its tags
    converted, a body without any (outside code) returned as written. In a `plain` body
    (text, as Statuspage shows it), a line of dashes or stars is text, not a rule: only an
    `<hr>` draws one."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    tags = _tags(text)
    if tags:
        text = _convert_tags(text, tags)
    if plain and ("-" in text or "*" in text or "_" in text):
        text = _plain_rules(text)
    text = text.replace(_RULE, "---")
    # Only the blank lines around it go: the first line's indentation is part of the text
    # (four spaces open a code block).
    return demote_headings(_AROUND.sub("", text))


# A rule markdownify writes for an `<hr>`, until the text around it is read for its own.
_RULE = "\ue004"
# A line Markdown reads as a rule (CommonMark 4.1): three or more `-`, `*` or `_`.
_BREAK = re.compile(r"^( {0,3})(?=([-*_])(?:[ \t]*\2){2,}[ \t]*$)")


def _plain_rules(text: str) -> str:
    """`text` with each line outside code that Markdown reads as a rule written `\\---`
    (`\\***`, `\\- - -`): a line of a text body that shows as typed."""
    blocks = CodeBlocks()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not blocks.inside(line):
            lines[index] = _BREAK.sub(r"\1\\", line, count=1)
    return "\n".join(lines)


def _tags(text: str) -> list[re.Match[str]]:
    """The tags of `text` outside its code: in a code block (fenced or indented) or a code
    span, `<b>` is what the page shows. A `<pre>`'s text is code before it is Markdown: a
    line of ``` in it opens no fence that would hide its `</pre>` and the tags after it."""
    outside = _blank_code_spans(blank_code(text))
    at = 0
    while opening := next((t for t in _TAG.finditer(outside, at) if _opens_pre(t[0])), None):
        text, at, changed = _blank_pre(text, opening.end())
        if changed:
            # What the `<pre>` held no longer opens a fence, an indented block or a span.
            outside = _blank_code_spans(blank_code(text))
    return list(_TAG.finditer(outside))


def _blank_pre(text: str, start: int) -> tuple[str, int, bool]:
    """`text` with the text of the `<pre>` whose content starts at `start` as spaces (its
    line breaks too, so no line of it is read as Markdown's), its tags kept; where the
    `<pre>` ends (at its `</pre>`, or the end of `text`); whether a line break or a
    backtick, which Markdown's code is read by, was blanked."""
    pieces: list[str] = []
    at, depth, end = start, 1, len(text)
    for tag in _TAG.finditer(text, start):
        depth += _opens_pre(tag[0]) - _closes_pre(tag[0])
        if depth == 0:
            end = tag.start()
            break
        pieces += [" " * (tag.start() - at), tag[0]]
        at = tag.end()
    pieces.append(" " * (end - at))
    held = text[start:end]
    return text[:start] + "".join(pieces) + text[end:], end, "\n" in held or "`" in held


def _blank_code_spans(text: str) -> str:
    """`text` with each code span in it as spaces, in time linear in its length: the runs of
    backticks are indexed by length once, so an opener without a closer does not send a
    search to the end of its paragraph (quadratic in a body of many such openers), as
    CommonMark's implementations do it."""
    runs = list(_BACKTICKS.finditer(text))
    by_length: dict[int, list[int]] = {}
    for index, run in enumerate(runs):
        by_length.setdefault(len(run[0]), []).append(index)
    # Per length, how far along its runs the openers so far have looked: they only move on.
    looked = dict.fromkeys(by_length, 0)
    blanks = [blank.start() for blank in _BLANK_LINE.finditer(text)] + [len(text)]
    blank = 0
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        opener = runs[index]
        index += 1
        if opener.start() and text[opener.start() - 1] == "\\":
            continue  # a run after a backslash opens no span
        length, same = len(opener[0]), by_length[len(opener[0])]
        while looked[length] < len(same) and same[looked[length]] < index:
            looked[length] += 1
        while blanks[blank] < opener.end():
            blank += 1
        if looked[length] == len(same):
            continue  # no run as long after it
        closer = same[looked[length]]
        if runs[closer].start() > blanks[blank]:
            continue  # the paragraph ends first
        spans.append((opener.start(), runs[closer].end()))
        index = closer + 1
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], " " * (end - start)]
        at = end
    return "".join([*pieces, text[at:]])


def _convert_tags(text: str, tags: list[re.Match[str]]) -> str:
    """`text` with its `tags` as Markdown, the text between them as it was written."""
    held: list[str] = []
    pieces: list[str] = []
    at, pre, before = 0, 0, ""
    for tag in [*tags, None]:
        between, after = text[at : tag.start() if tag else len(text)], tag[0] if tag else ""
        if pre:
            pieces.append(_hold_pre(between, held, _opens_pre(before), _closes_pre(after)))
        else:
            pieces.append(_hold(between, held, bool(_INLINE.match(after))))
        if tag:
            pieces.append(after)
            pre = max(0, pre + _opens_pre(after) - _closes_pre(after))
            at, before = tag.end(), after
    converted = markdownify(
        "".join(pieces),
        heading_style=ATX,
        bullets="-",
        escape_misc=False,
        escape_asterisks=False,
        escape_underscores=False,
    )
    # A line break after `<br>` is the break it makes, as a browser (and GitHub) shows it.
    converted = re.sub(rf"  \n[ \t]*{_LINE}", "  \n", converted)
    converted = re.sub(rf"[ \t]*{_PARAGRAPH}[ \t]*", "\n\n", converted)
    converted = re.sub(rf"[ \t]*{_LINE}[ \t]*", "\n", converted)
    converted = re.sub(r"\n{3,}", "\n\n", converted)
    # The body's own text is held out: a rule here is an `<hr>`'s.
    converted = re.sub(r"^---$", _RULE, converted, flags=re.MULTILINE)
    converted = _PRE_BLOCK.sub(lambda block: _refenced(block, held), converted)
    return _HELD.sub(lambda number: held[int(number[1])], converted)


def _refenced(block: re.Match[str], held: list[str]) -> str:
    """A `<pre>`'s code block as markdownify wrote it (`block`, its text held out), fenced
    by a run of backticks longer than any a line of the text starts with: markdownify's
    three would be closed by a line of ``` in the `<pre>`, and show the rest as Markdown."""
    code = _HELD.sub(lambda number: held[int(number[1])], block["code"])
    fence = "`" * max([3, *(len(run[1]) + 1 for run in _LINE_TICKS.finditer(code))])
    return f"{fence}\n{block['code']}\n{fence}"


def _opens_pre(tag: str) -> bool:
    return bool(_PRE.match(tag)) and not tag.startswith("</")


def _closes_pre(tag: str) -> bool:
    return bool(_PRE.match(tag)) and tag.startswith("</")


def _hold_pre(text: str, held: list[str], opened: bool, closed: bool) -> str:
    """Text inside a `<pre>` for markdownify, which writes it as a fenced code block: held out
    whole, every space and line kept, its entities as the characters the `<pre>` showed (a
    fence shows `&amp;` as written). A line break right after `<pre>` (`opened`), which HTML
    drops, and one right before `</pre>` (`closed`), the fence's own, are left out."""
    if opened:
        text = text.removeprefix("\n")
    if closed:
        text = text.removesuffix("\n")
    if not text:
        return text
    held.append(html.unescape(text))
    return f"\ue002{len(held) - 1}\ue003"


def _hold(text: str, held: list[str], inline: bool) -> str:
    """Text between tags for markdownify: its words held out (added to `held`), so its
    Markdown, code, spacing and entities come back as written; the white space around
    them, which joins them to the tags, with its line breaks as the placeholders
    markdownify keeps. White space alone between two tags (`</li>\n<li>`) is only the
    layout of the HTML: a line break there stays a space, a blank line a paragraph.
    Before an `inline` tag that starts a line, the line's indentation is text too: it
    keeps `    <b>x</b>` in its list item."""
    if not text.strip():
        return _BLANK_LINES.sub(_PARAGRAPH, text)
    lead = _LEADING.match(text)
    trail = (_INDENTED_END if inline else _TRAILING).search(text)
    assert lead is not None and trail is not None  # both match an empty string
    held.append(text[lead.end() : trail.start()])
    words = f"\ue002{len(held) - 1}\ue003"
    around = [_BLANK_LINES.sub(_PARAGRAPH, s).replace("\n", _LINE) for s in (lead[0], trail[0])]
    indent = text[trail.end() :]
    if indent:
        held.append(indent)
        around[1] += f"\ue002{len(held) - 1}\ue003"
    return f"{around[0]}{words}{around[1]}"


def demote_headings(text: str) -> str:
    """Turn `#`/`##` headings outside code blocks into `###`: in an incident file a
    level-2 heading is a timeline update, so a message may only use level 3 and below.
    A line starting `Components:` is escaped for the same reason, but in code (fenced or
    indented), which the page shows as written and the timeline does not read; the first
    line is read as statuses whatever it is, so it is escaped all the same."""
    blocks = CodeBlocks()
    lines = []
    for index, line in enumerate(text.split("\n")):
        code = blocks.inside(line)
        if not code:
            line = _TOP_HEADING.sub(lambda m: f"{m[1]}###", line, count=1)
        if not code or index == 0:
            line = _STATUS_LINE.sub(lambda m: f"{m[1]}\\:", line, count=1)
        lines.append(line)
    return escape_stray_headings(_headings_kept("\n".join(lines)))


# A heading as Markdown reads one, of the levels a message may use.
_MESSAGE_HEADING = re.compile(r"^( {0,3}#{3,6}[ \t]+)(?=\S)")


def _headings_kept(text: str) -> str:
    """`text` with each heading of its own that reads like an update's ("### Resolved at
    2026-11-20 14:05", or a `##` demoted) written `### &#32;Resolved at …`: a heading the
    page shows, which the timeline does not read as an update written wrong. Escaped
    (`\\###`, as escape_stray_headings writes it) it would be a paragraph shown with its
    `###`."""
    if "#" not in text:
        return text
    lines = text.split("\n")
    for stray in stray_headings(text, 0):
        if stray.kind == "hashed":
            lines[stray.line] = _MESSAGE_HEADING.sub(rf"\1{TEXT_START}", lines[stray.line], 1)
    return "\n".join(lines)
