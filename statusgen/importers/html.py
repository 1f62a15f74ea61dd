"""Message bodies from other tools as Markdown that stays inside its update.

Statuspage keeps update bodies as text with some HTML; markdownify (MIT, maintained,
built on BeautifulSoup) turns the HTML into Markdown. Text without tags is already
Markdown-compatible and is kept byte for byte, so a body written in Markdown survives.
"""

from __future__ import annotations

import re

from markdownify import ATX, markdownify

from statusgen.load.fences import CodeFences

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# A level-1 or level-2 heading would start a new timeline update (or end the summary).
_TOP_HEADING = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)")
# A line starting `Components:` under an update heading is read as the statuses that
# update set (in any case, `Component` too: timeline.component_line); `Components\:`
# shows the same words and stays message text.
_STATUS_LINE = re.compile(r"^( {0,3}components?[ \t]*):", re.IGNORECASE)


def to_markdown(body: str | None) -> str:
    """`body` as Markdown whose headings cannot be read as update headings."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = markdownify(text, heading_style=ATX, bullets="-", escape_misc=False)
    return demote_headings(text.strip())


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
    return "\n".join(lines)
