"""search.json: the history's search index, read by the theme's search.js in the browser.

A static host runs no search service, so the index is built with the site and searched
where it is read. It holds what a visitor searches by (titles, the words of the updates,
components, impact, date) and what a result says besides (the state, whether it is still
active, the span the history's line gives it), in compact rows the same in every language
and zone (the impact and the state by their ids, the span in seconds; the page names and
writes them, search_messages): 1,000 incidents are about 60 KB gzipped, fetched only when
someone starts typing. The history pages work without it.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from html import unescape
from itertools import pairwise, takewhile
from zoneinfo import ZoneInfo

from statusgen import urls
from statusgen.i18n import Language
from statusgen.model import (
    Component,
    Event,
    Impact,
    IncidentState,
    MaintenanceState,
    Site,
    event_impact,
)
from statusgen.render.autolinks import BARE_URL
from statusgen.render.context import Output, Outputs, RenderContext, known
from statusgen.render.format import IMPACT_LABELS, PLAIN_BELOW, grapheme_ends, stands_alone
from statusgen.render.markdown import contain_bidi, render_markdown
from statusgen.status import (
    STATE_LABELS,
    elapsed,
    final_resolution,
    listed_components,
    listed_end,
    listed_start,
    shown_state,
)

INDEX_PATH = urls.SEARCH_INDEX
# The index's format: 1 for one file holding every row (a site whose events all fall in
# one year, as every index was before parts), 2 for one that names parts.
FORMAT = 1
PARTS_FORMAT = 2
# The most results search.js lists at once (its LIMIT).
RESULTS_LIMIT = 50
# Words of the updates kept per event (whole words, at most this many characters): enough
# to find "DNS" or "certificate" in what was said, without carrying whole postmortems.
TEXT_LIMIT = 280
# In the sanitized HTML of a message: an image, shown by its alt text; a tag that starts
# or ends a block (words on either side are apart); any other tag.
_IMAGE = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|blockquote|pre|table|thead|tbody|tr|td|th|br|hr|div)\b[^>]*>"
)
_TAG = re.compile(r"<[^>]*>")
# A row's moments are seconds since this, the browser's epoch (Date's milliseconds / 1000).
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def plain_words(markdown: str, render: Callable[[str], str] = render_markdown) -> str:
    """The words a reader sees of a Markdown message: the text of its HTML as the pages
    show it (`render`, render_markdown or the build's memo of it), images by their alt text.
    Raw HTML is shown as typed and so is kept; a link dropped by the sanitizer keeps its text."""
    html = render(markdown)
    if "<" in html:
        html = _TAG.sub("", _BLOCK_TAG.sub(" ", _IMAGE.sub(r" \1 ", html)))
    return " ".join(unescape(html).split())


# What ends a block of a message for plain_text: a paragraph, a heading, a list item, a
# table's row, a code block, a quote, a rule (a table's cells are words of their row).
_BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<hr\b[^>]*>|<(?:ul|ol|table)\b[^>]*>"
)
# Between blocks, as between the parts of a page's <title>, unless a block ends a sentence.
BLOCK_SEPARATOR = " · "
_SENTENCE_ENDS = frozenset(".!?:;…。！？：；")


def plain_text(markdown: str, render: Callable[[str], str] = render_markdown) -> str:
    """A message's words as plain_words has them, its blocks (paragraphs, headings, list
    items, table rows, code blocks) kept apart by BLOCK_SEPARATOR where one does not end
    a sentence already: a heading, a table and a command run together read as one."""
    html = render(markdown)
    if "<" not in html:
        return " ".join(unescape(html).split())
    text = ""
    for block in _BLOCK_END.split(html):
        words = plain_words(block, str)
        if not words:
            continue
        if text:
            text += " " if text[-1] in _SENTENCE_ENDS else BLOCK_SEPARATOR
        text += words
    return text


def search_messages(language: Language, tz: ZoneInfo) -> dict[str, object]:
    """What search.js says and matches, in the page's language and the site's zone `tz`,
    for the form's data-messages.

    A count's wording depends on the number's CLDR plural category (Arabic has six), which
    the browser tells with Intl.PluralRules: each category gets the catalog's text for the
    numbers of that category (Language.plural_texts), with "{n}" where the number goes."""
    _ = language.gettext
    texts = language.plural_texts("%(count)s match.", "%(count)s matches.")
    matches = {category: text % {"count": "{n}"} for category, text in texts.items()}
    # Always more than the limit, yet its noun still follows the count: Arabic says
    # "105 نتائج" ("few") but "150 نتيجة" ("many").
    texts = language.plural_texts(
        "The newest %(limit)s of %(count)s match.", "The newest %(limit)s of %(count)s matches."
    )
    limit = language.number(RESULTS_LIMIT)
    newest = {c: text % {"limit": limit, "count": "{n}"} for c, text in texts.items()}
    return {
        "none": _("No incidents match."),
        "matches": matches,
        "newest": newest,
        "unavailable": _("Search is not available here; the list below is the history."),
        # Each impact as the pages name it ("Geringe Auswirkung"): an event is found by
        # those words, not by its row's id ("minor"), which the page never shows and
        # which stays in the row for the filter pages and the results' colour.
        "impacts": {i.value: _(IMPACT_LABELS[i]) for i in Impact},
        # Each state as the pages name it, and what an open incident's date says, so a
        # result reads as the line of the list it stands in for ("Investigating",
        # "Critical impact", "Dec 4, 2026 – ongoing").
        "states": {state: _(label) for state, label in STATE_LABELS.items()},
        "ongoing": _("%(start)s – ongoing") % {"start": "{date}"},
        # How a result lists its components: start, middle, end and two (Language.join).
        "list": language.list_patterns,
        # How a result writes its times and a count its number: as the page does, not as
        # the browser would (its own CLDR data, its own digits, "GMT+1" for "CET"). The
        # browser only tells a moment's date, clock time and offset in the site's zone.
        "date": language.date_fields,
        # And the history's month headings ("November 2026"), which find their events too.
        "month": language.month_fields,
        "time": language.time_pattern,
        "datetime": language.date_time_pattern,
        "zones": language.zone_names(tz),
        "number": language.number_grouping,
    }


def render_search(context: RenderContext) -> Outputs:
    """The index and its parts, one row per event, newest first:
    [title, path, start, impact, [component ids], words, state, active, length] (_row).

    search.json holds the component names by id and the rows of the newest year's
    events; when there are earlier years it also names the parts (format 2), each
    (`search/<year>.json`) the rows of one earlier year, newest year first. An edit or a
    new incident then writes the rows of its own year again, not those of the whole
    history (at 10,000 incidents a fifth of the work), and a browser that searched
    before fetches only what changed. Each output follows its events (their files, and
    what of them the clock has reached: an update's words join the row once it is
    dated in the past), the list of parts, and the components file and settings every
    output follows."""
    tz = context.site.settings.tz
    years = _by_year(context.events_by_start, tz, context.listed_start)
    newest: Sequence[Event] = years[0][1] if years else ()
    parts = tuple(urls.search_part(year) for year, _ in years[1:])
    # The retired components a row lists too (on a page, of those it would show): past
    # events name them. One no row lists is not named: retired to take it off the page,
    # it is not published. Which those are is the index's shape, beside its parts: an
    # event of an earlier part naming one changes the index.
    named = _retired_listed(context.events_by_start, context.site)
    shape = (*parts, f"retired:{','.join(c.id for c in named)}") if named else parts
    # A result lists them joined ("A and B"), each as it stands alone ("US - Europe"), as
    # the history's list does, and closing the override it opens, as the pages' names do
    # (views.py), so the words after it read as written.
    names = {
        c.id: contain_bidi(context.standalone_name(c)) for c in (*context.site.components, *named)
    }

    def index(rows: str) -> bytes:
        # What json.dumps(..., sort_keys=True) writes, with each row's JSON kept between
        # builds instead of made again.
        listed = f',"parts":{_json(parts)}' if parts else ""
        form = PARTS_FORMAT if parts else FORMAT
        return f'{{"components":{_json(names)},"events":[{rows}],"format":{form}{listed}}}'.encode()

    yield _rows_output(context, INDEX_PATH, newest, shape, index)
    for (_, events), path in zip(years[1:], parts, strict=True):
        yield _rows_output(
            context, path, events, (), lambda rows: f'{{"events":[{rows}]}}'.encode()
        )


def _retired_listed(events: Sequence[Event], site: Site) -> list[Component]:
    """Those of the site's retired components that a row of one of `events` lists."""
    if not site.retired:  # nearly every site: no event need be looked at
        return []
    listed: set[str] = set()
    for event in events:
        listed.update(listed_components(event, site))
    return [c for c in site.retired if c.id in listed]


def _by_year(
    events: Sequence[Event], tz: ZoneInfo, listed: Callable[[Event], datetime]
) -> list[tuple[int, Sequence[Event]]]:
    """The events (newest first, by `listed`: the start their line shows) in runs of one
    year of their local start date, newest year first: each run's end found by
    bisection, not by converting every start."""

    def year(event: Event) -> int:
        return listed(event).astimezone(tz).year

    runs: list[tuple[int, Sequence[Event]]] = []
    start = 0
    while start < len(events):
        first = year(events[start])
        # Years fall along the list: the run holds the events of years up to `first`.
        end = bisect_right(events, -first, lo=start, key=lambda event: -year(event))
        runs.append((first, events[start:end]))
        start = end
    return runs


def _rows_output(
    context: RenderContext,
    path: str,
    events: Sequence[Event],
    shape: tuple[str, ...],
    document: Callable[[str], bytes],
) -> Output:
    """The output at `path` of the rows of `events`, joined and put in `document`."""
    facts = cache(lambda: [context.event_fact(event) for event in events])
    return Output(
        path,
        lambda: document(_rows(context, path, events, facts())),
        lambda: known(*shape, *facts()),
        shape=shape,
        events=tuple(event.slug for event in events),
    )


def _rows(
    context: RenderContext, part: str, events: Sequence[Event], facts: Sequence[str | None]
) -> str:
    """The rows of `events`, joined by commas; `facts` holds each event's fact
    (RenderContext.event_fact)."""
    # A row follows the event's fact (its file, name and cut at the clock; a window's
    # state and whether it runs past its planned end) and the components the page shows,
    # in its order: the row lists those of the event's that the page shows (on a page of
    # an audience, audience.py), in the page's order (Site.in_page_order), and the saved
    # rows outlive a change of the page's `show:` or of the components file's order. Not
    # the site's zone: a row holds moments, which the browser puts in it.
    site = context.site
    order = ",".join(c.id for c in (*site.ordered_components(), *site.retired))
    shown = hashlib.sha256(order.encode()).hexdigest()
    keys = [None if fact is None else f"{shown}\0{fact}" for fact in facts]
    # The state now and whether the event is active follow the fact too: an incident's
    # come from the updates the clock has reached, a window's state is part of its fact.
    render = context.markdown.render
    return ",".join(
        context.markdown.search_rows(
            part,
            keys,
            lambda index: _row(
                events[index], context.event_state(events[index]), context.now, render, site
            ),
        )
    )


def _row(
    event: Event,
    state: tuple[IncidentState | MaintenanceState, bool],
    now: datetime,
    render: Callable[[str], str],
    site: Site,
) -> str:
    """An event's row: [title, path, start, impact, [component ids], words, state,
    active, length]; the words are those of _newest_first's texts; `state` is the event's
    state now and whether it is active (RenderContext.event_state), the row's state the
    one a reader is shown (status.shown_state: a window called off is cancelled).

    A result says what the history's line says (partials/macros.html: event_item): its
    components in the line's order (status.listed_components) and the line's span, as
    moments the browser writes in the site's zone and the page's language, which the
    reader's-zone script then converts as it does the line's. Seconds are the smallest
    form of them: the start since the epoch, and the span's length, None where the line
    says "– ongoing" (status.listed_end)."""
    impact = event_impact(event)
    start = listed_start(event, state[0], now)
    end = listed_end(event, state[0], now)
    return _json(
        [
            event.title,
            urls.incident(event.slug),
            _seconds(start - EPOCH),
            impact.value,
            listed_components(event, site),
            _first_words(_newest_first(event), render),
            shown_state(event, state[0], now),
            state[1],
            None if end is None else _seconds(elapsed(start, end)),
        ]
    )


def _seconds(span: timedelta) -> int | float:
    """A span in seconds, whole unless it has a fraction (to the millisecond, as a page's
    <time> keeps a moment): `1764583200`, not `1764583200.0`."""
    seconds = round(span.total_seconds(), 3)
    return int(seconds) if seconds.is_integer() else seconds


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _newest_first(event: Event) -> tuple[str, ...]:
    """An event's texts in the order the index keeps their words, so that the cut at
    TEXT_LIMIT drops the oldest: the resolution (the update that ended an incident for good,
    status.final_resolution; a window has none), then the other updates newest first, as
    the event's page shows them, then the summary, written before any of them.

    The resolution leads even when a postmortem follows it: a long postmortem would
    otherwise push out what fixed the incident."""
    updates = list(event.updates)
    end = final_resolution(updates)
    resolution = [updates.pop(end).message] if end is not None else []
    return (*resolution, *(u.message for u in reversed(updates)), event.summary)


def _first_words(texts: Sequence[str], render: Callable[[str], str]) -> str:
    """The first whole words, at most TEXT_LIMIT characters, of the words of an event's
    texts (_newest_first), as the pages show them: only as many texts are read as that
    takes. Each is converted whole, as the pages convert it (`render` keeps one conversion
    for both): a cut in the middle of a link or a code span would index words the page
    does not show."""
    words = ""
    for markdown in texts:
        if len(words) >= TEXT_LIMIT:
            break
        if markdown.strip():
            words = f"{words} {plain_words(markdown, render)}".strip()
    return cut_between_words(words, TEXT_LIMIT)


# Where unspaced text may be cut short of its limit: in its last fifth, keeping at least
# four fifths of the room. Japanese, Chinese or Thai may have its only space near the start
# (`調査中 ` before a long sentence), and a cut there kept three characters of 280.
_NEAR_END = 0.8
# What ends a clause in Chinese and Japanese, a place as natural as a space to stop.
_CLAUSE_ENDS = "。、！？，；："
# Scripts written without spaces between words: Tibetan, Thai, Lao, Myanmar, Khmer, Tai
# Le, New Tai Lue, Tai Tham, CJK (radicals, punctuation, kana, Bopomofo, Han, Yi, the
# full-width forms) and Han's supplementary planes. Text of these past a text's last
# space is a sentence, not one long word, and is cut near the limit.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),
    (0x0F00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x1950, 0x19FF),
    (0x1A20, 0x1AAF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0xA4CF),
    (0xA9E0, 0xA9FF),
    (0xAA60, 0xAA7F),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


def _unspaced(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces."""
    return any(low <= ord(char) <= high for char in text for low, high in _UNSPACED_RANGES)


def cut_between_words(words: str, limit: int) -> str:
    """`words` (plain_words) if they fit in `limit` characters, else the first whole
    words that do; unless what the limit falls in is unspaced text (_unspaced), which is
    cut near the limit (_NEAR_END), after a CJK clause's punctuation when one is there,
    else after as many of the characters a reader sees as fit; "" when none does (a
    limit below 1: a caller's room taken by what goes before the words, or a web address
    longer than the room, which is dropped whole however it stands)."""
    if len(words) <= limit:
        return words
    if limit < 1:
        return ""
    # Only where a character the reader sees ends: a space after a joiner is part of its
    # character, and so is a mark after a clause's punctuation (。́). Every page's
    # description and every search row is cut here: Latin text, where each character is
    # one the reader sees (PLAIN_BELOW; plain_words leaves no CR LF), skips the rules; so
    # does text of characters that each stand alone (most Chinese and Japanese).
    head = words[: limit + 1]
    if max(head) < PLAIN_BELOW or all(map(stands_alone, head)):
        ends: Sequence[int] = range(1, limit + 1)
        space = head.rfind(" ", 1)  # the last in words[1 : limit + 1]
    else:
        ends = list(takewhile(lambda end: end <= limit, grapheme_ends(head)))
        space = max((end for end in ends if words[end] == " "), default=-1)
    # Cut between words (plain_words leaves single spaces): a word cut short, or a letter
    # cut from its accent, is not what the page says. A long word (a web address) is
    # dropped whole, however far back its space is.
    if space > 0 and not _unspaced(words[space:limit]):
        return words[:space]
    seen = list(pairwise([0, *ends]))  # each character that fits, as (start, end)
    near = int(limit * _NEAR_END)
    clause = max((end for start, end in seen if words[start] in _CLAUSE_ENDS), default=0)
    if max(space, clause) >= max(near, 1):
        return words[:space] if space >= clause else words[:clause]
    if BARE_URL.match(words, max(space + 1, 0)):
        # Half an address is a link to nothing: one alone (a message that is only a link)
        # leaves nothing, and the caller says what it has without it.
        return words[: max(space, 0)]
    # An unspaced sentence, or a word longer than the room (a pasted hash), is cut where the
    # limit falls, but never inside a character: an emoji's sequence, a conjunct (स्त). A
    # blank is left off only whole: a space may be the end of a joiner's character.
    kept = [end for start, end in seen if not words[start:end].isspace()]
    return words[: kept[-1] if kept else 0]
