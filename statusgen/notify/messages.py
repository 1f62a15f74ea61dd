"""One Change as each service's message. Pure: a Change goes in, a payload comes out.

Text from incidents is untrusted. Each format below keeps it from changing the payload's
structure (JSON is built as data, never pasted together; Slack's and Discord's markup is
escaped) and from notifying a whole room: `@everyone`, `@here` and `@channel` get a
zero-width space after the `@`, Slack text never reaches a mention-parsing field
unescaped, and Discord is told to ping nobody (`allowed_mentions`).
"""

from __future__ import annotations

import json
import re
import socket
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime, make_msgid
from html import escape
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from statusgen.i18n import ENGLISH, N_, Language
from statusgen.model import ComponentStatus
from statusgen.notify.changes import UNKNOWN, Affected, Change
from statusgen.notify.settings import KIND_FAMILIES, LINE_BREAKING, Channel
from statusgen.render.format import format_datetime as page_datetime
from statusgen.render.format import graphemes, range_text
from statusgen.render.markdown import (
    absolute_links,
    contain_bidi,
    map_text,
    render_markdown,
    single_blank_lines,
    unescape_markdown,
    without_unsafe_links,
)
from statusgen.status import STATE_LABELS
from statusgen.timeline import without_text_start
from statusgen.urls import root_path

Json = dict[str, Any]

# Documented limits of each service (see tests/fixtures/notify/README.md for the pages).
SLACK_HEADER = 150  # header block: plain_text, at most 150 characters
SLACK_SECTION = 3000  # section block text
SLACK_FIELD = 2000  # each of a section's fields
SLACK_TEXT = 4000  # top-level text: Slack truncates longer messages
SLACK_BLOCKS = 50
DISCORD_TITLE = 256
DISCORD_DESCRIPTION = 4096
DISCORD_FIELD_NAME = 256
DISCORD_FIELD_VALUE = 1024
DISCORD_FOOTER = 2048
DISCORD_TOTAL = 6000  # all titles, descriptions, fields and footers of a message together
# Teams refuses a message over about 28 KB with a 413, and some see it refuse less: the
# whole POST body stays below this many bytes. Counted in bytes as sent (UTF-8), never in
# characters: 10,000 characters of Japanese are 30,000 bytes.
TEAMS_BYTES = 24_000
TEAMS_TITLE = 1_000  # bytes of the headline
TEAMS_FACT = 2_000  # bytes of each fact's value (a window or an incident can list many components)
ADAPTIVE_CARD_VERSION = "1.4"  # the newest version Teams renders everywhere
# No mail standard limits a subject, but readers show about 80 characters of it and a long
# one is folded across many header lines: the rest of a title is in the message's text.
EMAIL_SUBJECT = 200

_MENTION = re.compile(r"@(?=(everyone|here|channel)\b)", re.IGNORECASE)
_ZWSP = "\u200b"
# Discord's Markdown, as far as it can start formatting where it stands. A URL is left as
# written (Discord links it whole, backslashes and all), and so is an autolink `<https://…>`.
# A URL ends where Discord's (simple-markdown's) does: at a space or `<`, and without the
# punctuation that ends a sentence after it; what follows is Markdown again
# (`https://a.example/<[text](…)` is a masked link in Discord).
# Elsewhere: `\`, `*`, `` ` ``, `|` and `[` (a masked link) anywhere; `~` in `~~`; `_` unless
# between two ASCII letters or digits (`api_v2` stays; Discord's `_italic_` needs an edge
# the way JavaScript's `\b` sees one, so `_` next to a kana is one); `<` unless it opens
# an autolink (`<#123>` is a channel link, `<t:…>` a timestamp); and `>`, `#`, `-` opening
# a line (a quote, a heading, a list or `-#` small text).
_DISCORD_SPECIAL = re.compile(
    r"(?P<url>(?i:<https?://[^\s>]+>|https?://[^\s<]+[^<.,:;\"')\]\s]))"
    r"|(?P<char>(?m:^)[ \t]*[>#\-]|[\\*`|\[<]|~(?=~)|(?<=~)~"
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Colours by how bad the news is: red, orange, yellow, blue, green.
_COLOURS = {
    "critical": 0xD93F0B,
    "major": 0xE36209,
    "minor": 0xDBAB09,
    "maintenance": 0x1F6FEB,
    "good": 0x2DA44E,
    "none": 0x6E7781,
}


def plain(text: str) -> str:
    """Untrusted text made safe to show anywhere: no control characters, no open direction
    overrides, no room-wide mentions."""
    return _unmention(contain_bidi(_clean(text)))


def _clean(text: str) -> str:
    """No control characters; every line break a newline."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _unmention(text: str, lt: str = "<") -> str:
    """Mentions broken up by a zero-width space; `lt` is how `<` is written in `text`."""
    # `<@123>` (Discord, Slack user ids) and `<!channel>` (Slack) are mention syntax too.
    text = text.replace(lt + "@", lt + _ZWSP + "@").replace(lt + "!", lt + _ZWSP + "!")
    return _MENTION.sub("@" + _ZWSP, text)


def _html_unmention(text: str) -> str:
    """_unmention for a run of sanitized HTML's text, where `<` is `&lt;`."""
    return _unmention(text, "&lt;")


def one_line(text: str) -> str:
    """plain() on a single line: newlines and other separators become spaces."""
    text = plain(text)
    return "".join(" " if unicodedata.category(c) in LINE_BREAKING else c for c in text)


def cut(text: str, limit: int, size: Callable[[str], int] = len) -> str:
    """At most `limit` as `size` counts (characters unless told; a count that adds up
    character by character), ending in "…" when something was cut; "" when not even that fits.
    The cut falls between the characters a reader sees (graphemes): never inside a family
    emoji or a flag, nor between a letter and its vowel sign. A direction override the kept
    part leaves open is closed before the "…", within the limit (contain_bidi)."""
    if size(text) <= limit:
        return text
    room, used, kept = limit - size("…"), 0, []
    if room < 0:
        return ""
    for cluster in graphemes(text):
        used += size(cluster)
        if used > room:
            break
        kept.append(cluster)
    # Only whole blanks go: a space is part of a joiner's or a prepended sign's character
    # (b‍ , ؀ ), and stripping it alone left the joiner or the sign on the "…". The closers
    # contain_bidi put at the text's end are cut off with it: close again, and keep less
    # while the closers do not fit (an empty part always does).
    while True:
        while kept and kept[-1].isspace():
            kept.pop()
        closed = contain_bidi("".join(kept))
        if size(closed) <= room:
            return closed + "…"
        kept.pop()


def json_body(payload: Any) -> bytes:
    """A payload as it is POSTed: compact JSON, UTF-8, anything outside ASCII as itself."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def sent_size(text: str) -> int:
    """The bytes `text` takes in json_body(): escaped for JSON, then UTF-8 (a kana is 3)."""
    return len(json.dumps(text, ensure_ascii=False).encode()) - 2


def _slack_escape(text: str) -> str:
    """mrkdwn's three control characters: nothing can open a link or a `<!channel>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_escaped_size(text: str) -> int:
    return len(_slack_escape(text))


def _discord_escape(text: str) -> str:
    """A backslash before each character that would start Discord Markdown (_DISCORD_SPECIAL)."""

    def escape(match: re.Match[str]) -> str:
        if match["url"]:
            return match["url"]
        char = match["char"]  # a line's `>`, `#` or `-` after the spaces that indent it
        return char[:-1] + "\\" + char[-1]

    return _DISCORD_SPECIAL.sub(escape, text)


def _discord_text(text: str, limit: int) -> str:
    """`text` escaped for Discord, at most `limit` characters as sent."""
    return _escaped_cut(text, limit, _discord_escape)


def _escaped_cut(
    text: str, limit: int, escape: Callable[[str], str], size: Callable[[str], int] = len
) -> str:
    """`text` escaped, at most `limit` as `size` counts. Cut before it is escaped, so that
    no escape is cut in half (a lone backslash before the "…", `&l…` of `&lt;`)."""
    escaped = escape(text)
    if size(escaped) <= limit:
        return escaped
    # The longest cut that fits once escaped; an escape at most doubles a character
    # (`&lt;` makes one of four, hence the upper bound `limit`, not `limit // 2`).
    low, high = 0, limit  # a cut to 0 is "", which fits
    while low < high:
        middle = (low + high + 1) // 2
        if size(escape(cut(text, middle, size))) <= limit:
            low = middle
        else:
            high = middle - 1
    return escape(cut(text, low, size))


def _colour(change: Change) -> int:
    if change.kind in ("incident_resolved", "postmortem_published", "maintenance_completed"):
        return _COLOURS["good"]
    if change.kind.startswith("maintenance"):
        return _COLOURS["maintenance"]
    if change.kind == "component_changed":
        status = change.new_status or ""
        if status == "operational":
            return _COLOURS["good"]
        return _COLOURS.get(
            {"major_outage": "critical", "partial_outage": "major"}.get(status, "minor"), 0
        )
    return _COLOURS.get(change.impact or "none", _COLOURS["none"])


def _details(change: Change, language: Language) -> list[tuple[str, str]]:
    """Label and value pairs every format shows: status, components, window or the time
    an incident's update was posted."""
    _ = language.gettext
    rows = [(_(N_("Status")), _state(change, language))]
    if change.old_status and change.new_status:
        old, new = _label(change.old_status, language), _label(change.new_status, language)
        # Translators: a component's status changing from the first to the second; write it
        # the way your language reads a change (an arrow pointing left in a right-to-left one).
        change_text = _("%(old)s → %(new)s") % {"old": old, "new": new}
        rows[0] = (_(N_("Status")), change_text)
    if change.measured:
        # The page's word for the checks: a reader sees the monitors moved it, not people.
        rows.append((_(N_("Checks")), _label(change.measured, language)))
    if change.affected and change.kind != "component_changed":
        listed = [_listed(affected, language) for affected in change.affected]
        rows.append((_(N_("Affected")), language.join(listed)))
    if change.window:
        planned = range_text(
            _moment(change.window[0]), _moment(change.window[1]), _zone(change), language
        )
        if change.span is None:
            # Kept by an earlier release, which told a window by its plan alone.
            rows.append((_(N_("Window")), planned))
        else:
            # As its page gives it: the work as it ran, the plan beside it where that differs.
            start, end = change.span
            ended = None if end is None else _moment(end)
            ran = range_text(_moment(start), ended, _zone(change), language)
            rows.append((_(N_("Window")), ran))
            if change.span != change.window:
                rows.append((_(N_("Scheduled")), planned))
    if change.kind in KIND_FAMILIES["incident"]:
        # When the update was posted, as the page dates it: a message read an hour later,
        # or kept and sent by a later run, says how old its news is.
        posted = page_datetime(_moment(change.at), _zone(change), language)
        rows.append((_(N_("Posted")), posted))
    return [(label, one_line(value)) for label, value in rows]


def _label(status: str, language: Language) -> str:
    """A component status as the page shows it; a value no status has, as it is."""
    if status == UNKNOWN:
        return language.gettext(N_("Unknown"))
    try:
        return language.gettext(ComponentStatus(status).label)
    except ValueError:
        return status


def _state(change: Change, language: Language) -> str:
    """The state the change tells, as the page shows it: an event's, or a component's new
    status. One kept by an earlier release is in the words it was kept in, shown as such."""
    if change.kind == "component_changed":
        return _label(change.state, language)
    label = STATE_LABELS.get(change.state)
    return change.state if label is None else language.gettext(label)


def _listed(affected: Affected, language: Language) -> str:
    """A component an event's message lists, and the status it gives it, in the language's
    brackets (as the feeds): `API (Major outage)`, `DB (worst Major outage)`."""
    if affected.status is None:
        return affected.name
    status = _label(affected.status, language)
    if affected.worst:
        status = language.gettext("worst %(status)s") % {"status": status}
    return language.gettext("%(component)s (%(status)s)") % {
        "component": affected.name,
        "status": status,
    }


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _zone(change: Change) -> ZoneInfo:
    """The zone the page shows times in. A message kept by an earlier release does not
    say it: its times are then shown in UTC, named as such, never in a wrong zone's name."""
    return ZoneInfo(change.page.get("timezone", "UTC"))


def headline(change: Change, language: Language = ENGLISH) -> str:
    return one_line(change.headline(language))


def _message(change: Change) -> str:
    """The update's text as its page shows it, for a message that is not HTML: its links
    and images leading where the page's do (the HTML part resolves them the same way).
    The space that keeps a status-like line text is left out, as the page shows it:
    unescaped, a list item's made two spaces after its `-`."""
    return plain(unescape_markdown(without_text_start(_linked(change))))


def _linked(change: Change) -> str:
    """The update's Markdown for a reader away from the page: its links and images
    absolute (as the page leads them, from the site's root folder for those written from
    "/"), its paragraphs one blank line apart (a hidden comment leaves blank lines)."""
    return absolute_links(
        without_unsafe_links(single_blank_lines(change.message)), change.url, _root(change)
    )


def _root(change: Change) -> str:
    """The site's root folder on its host; "/" for a message an earlier release kept
    without the site's address."""
    return root_path(change.page.get("url", ""))


def _with_state(title: str, state: str, language: Language) -> str:
    """An event's title and its state, in the language's brackets (as the pages)."""
    return language.gettext("%(event)s (%(state)s)") % {"event": title, "state": state}


def _read_more_on(page: str, language: Language) -> str:
    return language.gettext(N_("Read more on %(page)s")) % {"page": page}


def slack(change: Change, language: Language = ENGLISH) -> Json:
    """An incoming-webhook message with Block Kit blocks and a plain-text fallback."""
    title = headline(change, language)
    page = one_line(change.page.get("title", ""))
    blocks: list[Json] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": cut(title, SLACK_HEADER), "emoji": False},
        }
    ]
    message = _message(change)
    if message:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "plain_text", "text": cut(message, SLACK_SECTION), "emoji": False},
            }
        )
    blocks.append(
        {
            "type": "section",
            "fields": [
                {
                    "type": "plain_text",
                    "text": cut(language.labelled(label, value), SLACK_FIELD),
                    "emoji": False,
                }
                for label, value in _details(change, language)
            ],
        }
    )
    blocks.append({"type": "context", "elements": _slack_read_more(change.url, page, language)})
    return {
        # Cut by its escaped length, then escaped: a cut through `&amp;` would show `&am…`.
        "text": _slack_escape(
            cut(
                _with_state(title, _state(change, language), language),
                SLACK_TEXT,
                _slack_escaped_size,
            )
        ),
        "blocks": blocks[:SLACK_BLOCKS],
        "unfurl_links": False,
        "unfurl_media": False,
    }


def _slack_read_more(url: str, page: str, language: Language) -> list[Json]:
    """The "Read more on <page>" line as a context block's elements: the translator's words link
    to `url` (mrkdwn, our own text), the page's title is plain_text, as the message's text
    is: mrkdwn has no escape for `*`, `_`, `~` or `` ` ``, which would format it."""
    mark = "\0"  # where the title goes; no translation holds it
    words = _read_more_on(mark, language).split(mark)
    link = _slack_escape(url)
    elements: list[Json] = []
    for index, part in enumerate(words):
        if index and page:
            elements.append({"type": "plain_text", "text": cut(page, 200), "emoji": False})
        if part.strip():
            elements.append({"type": "mrkdwn", "text": f"<{link}|{_slack_escape(part.strip())}>"})
    if not any(element["type"] == "mrkdwn" for element in elements):
        # A translation that is the title alone: the address is the link.
        elements.append({"type": "mrkdwn", "text": f"<{link}>"})
    return elements


def discord(change: Change, language: Language = ENGLISH) -> Json:
    """An execute-webhook body with one embed; it pings nobody, whatever the text says."""
    # Discord counts characters (code points), not bytes, in every limit below.
    pairs = [
        (cut(label, DISCORD_FIELD_NAME), _discord_text(value, DISCORD_FIELD_VALUE))
        for label, value in _details(change, language)
    ]
    # The status sits beside the other fields; the rest take a line each.
    fields = [{"name": n, "value": v, "inline": i == 0} for i, (n, v) in enumerate(pairs)]
    # Not escaped: Discord shows a title that links (this one links to the page) as it is,
    # Markdown and backslashes alike. one_line() has broken up its mentions.
    title = cut(headline(change, language), DISCORD_TITLE)
    footer = cut(one_line(change.page.get("title", "")), DISCORD_FOOTER)
    used = len(title) + len(footer) + sum(len(n) + len(v) for n, v in pairs)
    # The description takes what the rest leaves of the message's total.
    room = max(0, min(DISCORD_DESCRIPTION, DISCORD_TOTAL - used))
    description = _discord_text(_message(change), room)
    embed: Json = {
        "title": title,
        "url": change.url,
        "color": _colour(change),
        "timestamp": change.at,
        "fields": fields,
        "footer": {"text": footer},
    }
    if description:
        embed["description"] = description
    return {"embeds": [embed], "allowed_mentions": {"parse": []}}


def _teams_text(text: str) -> str:
    # Teams reads a subset of Markdown in TextBlocks; a link needs "](" and is broken here.
    return plain(text).replace("](", "]" + _ZWSP + "(")


def _teams_plain(text: str, limit: int) -> str:
    """Plain text (a title, a component's name) for a card, which reads Markdown: escaped
    as `ingest` and the probes store literal text in an update (escape_markdown), so Teams
    shows it as the page does, never in italics, as a list or as a link; at most `limit`
    bytes as sent."""
    # Here, not at the top: the ingest rules are read only when a card is made.
    from statusgen.ingest.rules import escape_markdown

    return _escaped_cut(text, limit, lambda part: _teams_text(escape_markdown(part)), sent_size)


def teams(change: Change, language: Language = ENGLISH) -> Json:
    """A Teams workflow ("When a Teams webhook request is received") message: one Adaptive Card."""
    body: list[Json] = [
        {
            "type": "TextBlock",
            "text": _teams_plain(headline(change, language), TEAMS_TITLE),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {
            "type": "FactSet",
            "facts": [
                {
                    "title": _teams_plain(label, TEAMS_FACT),
                    "value": _teams_plain(value, TEAMS_FACT),
                }
                for label, value in _details(change, language)
            ],
        },
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": ADAPTIVE_CARD_VERSION,
        "body": body,
        "actions": [
            {
                "type": "Action.OpenUrl",
                "title": language.gettext(N_("Read more")),
                "url": change.url,
            }
        ],
    }
    payload = {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }
    # Teams reads Markdown in a TextBlock, as the page does: the message goes as written,
    # its escapes keeping `**`, `_` and `- ` as the page shows them (resolved, they would
    # turn bold, italic or a list there), its links' addresses made absolute (_message).
    # The space that keeps a status-like line text is left out, as the page shows it: a
    # card shows the reference as typed.
    message = _teams_text(without_text_start(_linked(change)))
    if message:
        # The message takes what the rest of the card leaves of TEAMS_BYTES, counted as
        # posted; the "Read more" action stays to lead to the whole of it.
        block = {"type": "TextBlock", "text": "", "wrap": True}
        body.append(block)
        block["text"] = cut(message, TEAMS_BYTES - len(json_body(payload)), sent_size)
    return payload


def webhook(change: Change, generated_at: str) -> Json:
    """Statuspage's webhook shape: meta, page, then `incident` (incidents and maintenance)
    or `component` with `component_update`. `meta.event` says which change it was.
    Each update's `body` is its text as the page shows it (_shown_bodies)."""
    page = change.page
    return {
        "meta": {
            "unsubscribe": None,
            "documentation": None,
            "generated_at": generated_at,
            "event": change.kind,
        },
        "page": {
            "id": page.get("id", ""),
            "status_indicator": page.get("indicator", ""),
            "status_description": page.get("description", ""),
        },
        **{key: _shown_bodies(value, change) for key, value in change.statuspage.items()},
    }


def _shown_bodies(data: Any, change: Change) -> Any:
    """A Statuspage object with each of its updates' `body` as the page shows it, as every
    other channel gets the text (_linked): its links leading where the page's do, its
    paragraphs one blank line apart. Its `name`, its components' and each `body` have the
    direction overrides they leave open closed at their end (contain_bidi), as the chats
    and the page have them: one would reverse what a receiver shows after it. A copy,
    since the API's objects are shared."""
    if not isinstance(data, dict):
        return data
    shown = dict(data)
    if isinstance(data.get("name"), str):
        shown["name"] = contain_bidi(data["name"])
    if isinstance(data.get("components"), list):
        shown["components"] = [_shown_bodies(c, change) for c in data["components"]]
    if isinstance(data.get("incident_updates"), list):
        root = _root(change)
        shown["incident_updates"] = [
            {
                **update,
                "body": contain_bidi(
                    unescape_markdown(
                        absolute_links(
                            without_unsafe_links(single_blank_lines(update["body"])),
                            change.url,
                            root,
                        ),
                        entities=False,
                    )
                ),
            }
            if isinstance(update, dict) and isinstance(update.get("body"), str)
            else update
            for update in data["incident_updates"]
        ]
    return shown


class _Written(str):
    """A header's value that the email package stores and writes as we give it. Given a
    plain string, it decodes the RFC 2047 encoded words in it (`=?utf-8?q?=0D=0A…?=`) and
    writes what they decode to raw: an incident's title wrote headers of its own."""

    name: str
    encoded: bool

    def __new__(cls, name: str, value: str, *, encoded: bool) -> _Written:
        header = super().__new__(cls, value)
        header.name, header.encoded = name, encoded
        return header

    def fold(self, *, policy: Policy) -> str:
        """The header's line as sent: text as encoded words a reader decodes back to the
        value (`=?` included, which is read as text), else the value as it is."""
        value = str(self)
        if self.encoded and (not value.isascii() or "=?" in value):
            value = Header(value, "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        elif self.encoded:
            value = Header(value, "us-ascii", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {value}{policy.linesep}"


def _text_header(name: str, text: str) -> _Written:
    """An unstructured header (Subject) that a reader shows as `text`, on one line."""
    return _Written(name, text, encoded=True)


# RFC 5322's empty group: a message with a To: that names no one (3.4, "group").
UNDISCLOSED = "undisclosed-recipients:;"


def to_header(recipients: Sequence[str]) -> str:
    """The To: of a message to `recipients`: the one address, or with several, none of
    them. The channel's readers are often strangers to one another (each a customer):
    the addresses go in the SMTP envelope only (deliver.send_mail), as Bcc would."""
    return recipients[0] if len(recipients) == 1 else UNDISCLOSED


def _id_domain(url: str) -> str | None:
    """The right of a Message-ID's `@`: the page's host, an IP address in the brackets of
    RFC 5322's domain literal (`<…@::1>` is no Message-ID); None (this machine's name)
    when the page has no host that fits."""
    host = urlsplit(url).hostname or ""
    if ":" in host:
        return f"[{host}]"
    if host.isascii() and re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+", host):
        return host
    return None


def email(
    change: Change,
    channel: Channel,
    moment: datetime,
    language: Language = ENGLISH,
    delivery: str = "",
) -> EmailMessage:
    """A text and HTML message; List-Unsubscribe when the channel gives a list address.
    Its Message-ID is made of `delivery` (run.delivery_id) when given, so the message sent
    again by a later run has the same one and readers can drop the repeat."""
    assert channel.sender is not None
    page = one_line(change.page.get("title", ""))
    title = headline(change, language)
    message = EmailMessage()
    message["Subject"] = _text_header("Subject", cut(f"[{page}] {title}", EMAIL_SUBJECT))
    # The name and address apart: the header quotes the name as it needs (a comma in it
    # would otherwise part two addresses). The address in its parts: given whole, one
    # outside ASCII (`jörg@example.com`, for SMTPUTF8) is refused as a defect.
    username, _, domain = channel.sender.rpartition("@")
    message["From"] = Address(channel.sender_name, username, domain)
    message["To"] = to_header(channel.recipients)
    message["Date"] = format_datetime(moment)
    host = _id_domain(change.url)
    message["Message-ID"] = (
        f"<{delivery}@{host or socket.getfqdn()}>" if delivery else make_msgid(domain=host)
    )
    message["Auto-Submitted"] = "auto-generated"
    if channel.list_unsubscribe:
        # An address, which no reader decodes: written as it is, `=?` and all.
        unsubscribe = f"<{channel.list_unsubscribe}>"
        message["List-Unsubscribe"] = _Written("List-Unsubscribe", unsubscribe, encoded=False)
    details = _details(change, language)
    text = [title, "", *(language.labelled(label, value) for label, value in details)]
    if change.message:
        text += ["", _message(change)]
    text += ["", language.labelled(language.gettext(N_("Read more")), change.url)]
    message.set_content("\n".join(text) + "\n")
    # Mentions are broken up in the converted text, not in the Markdown: there a space
    # after the `<` of `<@U123>` made an e-mail link of it, and an entity (`&#64;here`)
    # hid a mention until it was converted.
    # In its own direction, as the pages show it (docs/theme.md): an English update in an
    # Arabic message ends with its full stop, not starts with it.
    body = (
        '<div dir="auto">'
        + map_text(
            render_markdown(_clean(change.message), change.url, _root(change)), _html_unmention
        )
        + "</div>"
        if change.message
        else ""
    )
    rows = "".join(
        f'<tr><th style="text-align:start">{escape(label)}</th><td>{escape(value)}</td></tr>'
        for label, value in details
    )
    html = (
        f'<!doctype html><html lang="{escape(str(language.locale).replace("_", "-"))}" '
        f'dir="{language.direction}"><body><h1>{escape(title)}</h1>'
        f"<table>{rows}</table>{body}"
        f'<p><a href="{escape(change.url)}">{escape(_read_more_on(page, language))}</a></p>'
        "</body></html>"
    )
    message.add_alternative(html, subtype="html")
    # After the bodies: setting them drops every Content-* header set before.
    message["Content-Language"] = language.locale.language
    return message


def iso_now(moment: datetime) -> str:
    """`2026-11-29T01:00:00.000Z`: when a webhook body was made, as Statuspage writes it."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
