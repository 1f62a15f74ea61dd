"""Message bodies from other tools as Markdown that stays inside its update.

Statuspage keeps update bodies as text with some HTML; markdownify (MIT, maintained,
built on BeautifulSoup) turns the tags into Markdown. The text is kept as written, with
or without tags around it: every word (a `<` that opens no tag, `<support@example.com>`),
its paragraphs and line breaks, and any Markdown in it (a statusgen page's own API gives
Markdown bodies), so a body reads the same whether or not it holds a tag.
"""

from __future__ import annotations

import re

from markdownify import ATX, markdownify

from statusgen.load.fences import CodeFences
from statusgen.timeline import escape_stray_headings

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
# HTML folds a text's line breaks into spaces; these stand for them through markdownify
# (private-use characters, taken out of the body first).
_PARAGRAPH, _LINE = "\ue000", "\ue001"
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
# A level-1 or level-2 heading would start a new timeline update (or end the summary).
_TOP_HEADING = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)")
# A line starting `Components:` under an update heading is read as the statuses that
# update set (in any case, `Component` too: timeline.component_line); `Components\:`
# shows the same words and stays message text.
_STATUS_LINE = re.compile(r"^([ \t]*components?[ \t]*):", re.IGNORECASE)


def to_markdown(body: str | None) -> str:
    """`body` as Markdown whose headings cannot be read as update headings."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = _convert_tags(text)
    return demote_headings(text.strip())


def _convert_tags(text: str) -> str:
    """The tags in `text` as Markdown, the text between them as it was written."""
    text = text.replace(_PARAGRAPH, "").replace(_LINE, "")
    pieces, at = [], 0
    for tag in _TAG.finditer(text):
        pieces += [_protect(text[at : tag.start()]), tag[0]]
        at = tag.end()
    pieces.append(_protect(text[at:]))
    converted = markdownify(
        "".join(pieces),
        heading_style=ATX,
        bullets="-",
        escape_misc=False,
        escape_asterisks=False,
        escape_underscores=False,
    )
    converted = re.sub(rf"[ \t]*{_PARAGRAPH}[ \t]*", "\n\n", converted)
    converted = re.sub(rf"[ \t]*{_LINE}[ \t]*", "\n", converted)
    return re.sub(r"\n{3,}", "\n\n", converted)


def _protect(text: str) -> str:
    """Text between tags, its `<` as an entity (so it is not read as a tag) and its line
    breaks as the placeholders markdownify keeps. A single line break between two tags
    (`</li>\n<li>`) is only the layout of the HTML, and stays a space."""
    text = _BLANK_LINES.sub(_PARAGRAPH, text.replace("<", "&lt;"))
    return text if not text.strip() else text.replace("\n", _LINE)


def demote_headings(text: str) -> str:
    """Turn `#`/`##` headings outside code blocks into `###`: in an incident file a
    level-2 heading is a timeline update, so a message may only use level 3 and below.
    A line starting `Components:` is escaped for the same reason."""
    fences = CodeFences()
    lines = []
    for line in text.split("\n"):
        if not fences.inside(line):
            line = _TOP_HEADING.sub(lambda m: f"{m[1]}###", line, count=1)
            line = _STATUS_LINE.sub(lambda m: f"{m[1]}\\:", line, count=1)
        lines.append(line)
    # "### Resolved at 2026-11-20 14:05" would read as an update written wrong.
    return escape_stray_headings("\n".join(lines))


def without_comments(body: str) -> tuple[str, int]:
    """`body` without its HTML comments, and the line of the first (counted from 1; 0
    without any): the page a message comes from (cState's, a GitHub issue) does not show
    them. Hugo runs a shortcode in a comment into the comment, so a reader sees neither;
    a comment left open hides the rest, as Markdown reads it. Line breaks stay,
    so lines count as in the file; in a fenced code block `<!--` is text the page shows."""
    fences = CodeFences()
    kept: list[str] = []
    inside, first = False, 0
    for number, line in enumerate(body.split("\n"), 1):
        if not inside and fences.inside(line):
            kept.append(line)
            continue
        pieces, at = [], 0
        while True:
            if inside:
                end = line.find("-->", at)
                if end < 0:
                    break
                inside, at = False, end + len("-->")
            else:
                start = line.find("<!--", at)
                if start < 0:
                    pieces.append(line[at:])
                    break
                pieces.append(line[at:start])
                # `<!-->` and `<!--->` are whole comments too (CommonMark).
                inside, at = True, start + len("<!")
                first = first or number
        kept.append("".join(pieces))
    return "\n".join(kept), first
