"""The Markdown library's HTML for the messages most status updates are, made without it.

A message of paragraphs, one-level `- ` and `1.` lists, `#` headings and fenced code, with
inline code, links, **strong** and *emphasis*, bare web addresses and nothing else, has one
reading: `simple_html`
writes the bytes the library writes for it (render/markdown.py's converter, its raw HTML
shown as text) in a few regular-expression passes, in about an eighth of the library's
time. Any message that holds anything more, or anything that could be read two ways (an
underscore at the edge of a word, a backslash, a `<`, a table's `|`, an image, a line
that could open a block, two lists in a row, a `~~`), is left to the library: `simple_html`
returns None.
tests/test_markdown_simple.py holds the two to the same bytes, whatever the text.
"""

from __future__ import annotations

import re

from statusgen.render.autolinks import BARE_URL, bare_url

# Text between the inline forms below holds none of the characters any of the library's
# inline patterns or block rules looks for inside a line, nor whitespace but single spaces.
# A line is checked in passes of single-character runs and fixed-width looks
# (`_simple_line`), never one pattern of nested repeats: the regular-expression engine
# keeps a backtracking record for every turn of a repeat that is not one character, until
# the whole match ends, and a paragraph of 25 MB took 4 GB.

# The inline forms, each in the one shape it has no second reading in: a code span of
# one backtick, neither starting nor ending with a space; **strong** and *emphasis* and a
# [link](address) around plain text (`_RUN`: no space at either end, its other spaces
# checked with the line's); an address of URL characters, no title.
_RUN = r"(?! )[^`*\[\]\\<_|]+(?<! )"
_CODE = r"`[^`\\|\s](?:[^`\\|\n]*[^`\\|\s])?`"
_STRONG = rf"\*\*(?P<strong>{_RUN})\*\*"
_EMPHASIS = rf"\*(?P<emphasis>{_RUN})\*"
_LINK = rf"\[(?P<text>{_RUN})\]\([A-Za-z0-9:/.~%?#=&+@,;$'!-]+\)"
# Two forms side by side (`a``b`, *a**b*) are read another way: text or a space between.
_FORM = re.compile(rf"(?:{_CODE}|{_STRONG}|{_EMPHASIS}|{_LINK})(?![`*\[])")
# What a line must not hold, its forms' marks each replaced by one `_FORMED`: whitespace
# but single spaces, a space at the end (a line ending in two spaces is a hard break), a
# character an inline form starts or ends with, and underscores anywhere but between
# letters or digits (`major_outage` is text: the library's underscore emphasis opens only
# where no letter or digit comes before, and closes only where none follows; one at the
# start of a word (`_id`) may open, and then changes how the `**` after it pair up: not
# simple).
_FORMED = "\x00"  # never in a simple message: simple_html refuses control characters
_NOT_PLAIN = re.compile(r"[`*\[\]\\<|]|[^\S ]| (?: |\Z)|_(?:(?<!\w_)|(?!\w))")
# A line's start must not open a block: no heading (# and a space; `#ops` is text, a chat
# channel), quote (>), list (-, +, * and a space, "1."), rule or underline (=, -, *),
# fence (``` or ~~~), table (|) or indented code.
_OPENS_BLOCK = re.compile(r"[>=+~\-]|#(?:[ #]|$)|\*\s|\d+[.)]|``")

# The inline forms again, to write them: found left to right, as the library finds them.
_INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<emphasis>[^*]+)\*"
    r"|\[(?P<text>[^\]]+)\]\((?P<href>[^)]+)\)"
)
# The marker of a list item: a bullet, a number.
_BULLET = re.compile(r"- ")
_NUMBERED = re.compile(r"([1-9][0-9]{0,8})\. ")
# A heading of its own block, `#` to `######`, and a line: simple if its text is
# (`_simple_line`) and does not end in `#` (closing hashes, which the library drops).
_HEADING = re.compile(r"(?P<level>#{1,6}) (?P<text>[^\n]*)")
# Fenced code at the start of a block, ``` and a language or nothing, its lines, and
# ``` that ends the message or its block.
_FENCED = re.compile(r"```(?P<language>[A-Za-z0-9_+-]*)\n(?P<code>.+?)\n```(?=\n\n|\Z)", re.DOTALL)
# What a fence's lines must not hold: a line that could be a fence, at the margin or
# indented up to three spaces (load/fences.py closes the block at an indented one, and so
# does the library path, render/markdown.py's stash_fences), a line of spaces alone (which
# the library empties).
_FENCE_INSIDE = re.compile(r"^ {0,3}(?:```|~~~)|^ +$", re.MULTILINE)
# An entity as the library reads one in text: stashed before the bare addresses are
# looked for, so it ends one as a code span does.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
# An `&` the library's serializer leaves as it is: one that starts an entity.
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def simple_html(source: str) -> str | None:
    """The Markdown library's HTML for `source` if it is a simple message (see the
    module's docstring), else None."""
    if not source.replace("\n", "").isprintable():
        return None  # a control or formatting character (the library drops some), a tab
    if "![" in source or "~~" in source:
        return None  # an image, a strikethrough (or a fence of tildes)
    if "```" not in source:
        return _blocks(source)
    # Fenced code, which may hold blank lines: each fence a block of its own, the text
    # between fences blocks as any other.
    out: list[str] = []
    at = 0
    for fenced in _FENCED.finditer(source):
        if fenced.start() > at:
            before = source[at : fenced.start()]
            blocks = _blocks(before[:-2]) if before.endswith("\n\n") else None
            if blocks is None:
                return None
            out.append(blocks)
        code = fenced["code"]
        if _FENCE_INSIDE.search(code):
            return None
        language = fenced["language"]
        opening = f'<pre><code class="language-{language}">' if language else "<pre><code>"
        out.append(f"{opening}{_escaped_code(code)}\n</code></pre>")
        at = fenced.end() + 2  # past the blank line after it
    if at < len(source):
        blocks = _blocks(source[at:])
        if blocks is None:
            return None  # a fence that is not a simple one, too
        out.append(blocks)
    return "\n".join(out)


def _blocks(source: str) -> str | None:
    """simple_html of a message without fenced code."""
    blocks: list[str] = []
    after_list = False
    for block in source.split("\n\n"):
        lines = block.split("\n")
        numbered = _NUMBERED.match(block)
        if numbered is not None or block.startswith("- "):
            if after_list:
                return None  # the library makes both one list of paragraphs
            marker = _NUMBERED if numbered is not None else _BULLET
            items = [line[found.end() :] for line in lines if (found := marker.match(line))]
            if len(items) != len(lines) or not all(map(_simple_line, items)):
                return None
            tag = "ul" if numbered is None else "ol"
            start = "" if numbered is None or numbered[1] == "1" else f' start="{numbered[1]}"'
            listed = "".join(f"<li>{_inline(item)}</li>\n" for item in items)
            blocks.append(f"<{tag}{start}>\n{listed}</{tag}>")
            after_list = True
            continue
        after_list = False
        heading = _HEADING.fullmatch(block)
        if heading is not None and _simple_line(heading["text"], heading=True):
            level = len(heading["level"])
            blocks.append(f"<h{level}>{_inline(heading['text'])}</h{level}>")
        elif all(map(_simple_line, lines)):
            blocks.append(f"<p>{_inline(block)}</p>")
        else:
            return None  # an empty line among them too: three line ends in a row
    return "\n".join(blocks)


def _simple_line(line: str, *, heading: bool = False) -> bool:
    """Whether `line` is simple text: plain text and inline forms, single spaces between,
    nothing that opens a block; a `heading`'s text also does not end in `#`."""
    if not line or line[0] == " " or _OPENS_BLOCK.match(line):
        return False
    if heading and line[-1] == "#":
        return False
    if _NOT_PLAIN.search(line) is None:
        return True  # plain text alone, the most common line
    # The forms' texts kept (the groups `_FORM.split` returns, None where a form has
    # none), so that their spaces are checked.
    pieces = [piece or "" for piece in _FORM.split(line)]
    return _NOT_PLAIN.search(_FORMED.join(pieces)) is None


def _inline(text: str) -> str:
    """Simple lines (`_simple_line`) written as the library writes them."""
    out: list[str] = []
    at = 0
    for found in _INLINE.finditer(text):
        out.append(_linked(text[at : found.start()], after_form=at > 0))
        out.append(_form(found))
        at = found.end()
    out.append(_linked(text[at:], after_form=at > 0))
    return "".join(out)


def _linked(text: str, *, after_form: bool = False) -> str:
    """A run of text between forms (`after_form`: right after one) written as the library
    writes it, its bare addresses linked (render/autolinks.py). The library looks for them
    once its code, links, emphasis and entities are stashed, each a placeholder that ends
    a run: the same text is searched here, in the same places."""
    if "://" not in text and "www." not in text:
        return _escaped(text)
    # The entities masked by as many characters, the first and last a placeholder's.
    view = _ENTITY.sub(lambda e: "\x02" + "\x00" * (len(e[0]) - 2) + "\x03", text)
    shift = 1 if after_form else 0
    if after_form:
        view = "\x03" + view  # the end of the placeholder before: no link starts there
    out: list[str] = []
    at = 0
    for found in BARE_URL.finditer(view):
        linked = bare_url(found)
        if linked is None:
            continue
        href, end = linked
        start, end = found.start() - shift, end - shift
        address = _escaped(href).replace('"', "&quot;")
        out.append(f'{_escaped(text[at:start])}<a href="{address}">{_escaped(text[start:end])}</a>')
        at = end
    out.append(_escaped(text[at:]))
    return "".join(out)


def _form(found: re.Match[str]) -> str:
    code = found["code"]
    if code is not None:
        # Code is all text: an `&` in it never starts an entity.
        return f"<code>{_escaped_code(code, quotes=False)}</code>"
    if found["strong"] is not None:
        return f"<strong>{_linked(found['strong'])}</strong>"
    if found["emphasis"] is not None:
        return f"<em>{_linked(found['emphasis'])}</em>"
    return f'<a href="{_escaped(found["href"])}">{_escaped(found["text"])}</a>'


def _escaped(text: str) -> str:
    """Text as the library's serializer escapes it: `&` unless it starts an entity, `>`
    (a `<` is never simple text)."""
    if "&" in text:
        text = _AMP.sub("&amp;", text)
    return text.replace(">", "&gt;") if ">" in text else text


def _escaped_code(code: str, *, quotes: bool = True) -> str:
    """Code as the library escapes it: all text, an `&` never starts an entity; fenced
    code's quotes too."""
    code = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return code.replace('"', "&quot;") if quotes else code
