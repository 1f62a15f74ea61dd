"""search.json: the history's search index, read by the theme's search.js in the browser.

A static host runs no search service, so the index is built with the site and searched
where it is read. It holds what a visitor searches by (titles, the words of the updates,
components, impact, date), in compact rows: 1,000 incidents are about 40 KB gzipped,
fetched only when someone starts typing. The history pages work without it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from zoneinfo import ZoneInfo

from statusgen import urls
from statusgen.i18n import Language
from statusgen.model import Event, Impact, Incident, event_start
from statusgen.render.context import Output, Outputs, RenderContext, known

INDEX_PATH = urls.SEARCH_INDEX
FORMAT = 1
# The most results search.js lists at once (its LIMIT).
RESULTS_LIMIT = 50
# Numbers that pick each CLDR plural category, looked for up to here.
_PLURAL_PROBE = 1000
# Words of the updates kept per event: enough to find "DNS" or "certificate" in what was
# said, without carrying whole postmortems.
TEXT_LIMIT = 280
# A link or image keeps its text, an HTML tag goes; looked for only where "](" or "<" is.
_LINK_OR_TAG = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>")
_MARKS = str.maketrans(dict.fromkeys("*_#>~|`[]", " "))


def plain_words(markdown: str) -> str:
    """Markdown reduced to its words: link and image texts kept, markup and tags dropped."""
    if "](" in markdown or "<" in markdown:
        markdown = _LINK_OR_TAG.sub(lambda m: m.group(1) or " ", markdown)
    return " ".join(markdown.translate(_MARKS).split())


def search_messages(language: Language) -> dict[str, object]:
    """What search.js says, in the page's language, for the form's data-messages.

    A count's wording depends on the number's CLDR plural category (Arabic has six), which
    the browser tells with Intl.PluralRules: each category gets the catalog's text for a
    number of that category, with "{n}" where the number goes."""
    _ = language.gettext
    rule = language.locale.plural_form
    matches: dict[str, str] = {}
    for n in range(_PLURAL_PROBE):
        category = rule(n)
        if category not in matches:
            text = language.ngettext("%(count)s match.", "%(count)s matches.", n)
            matches[category] = text % {"count": "{n}"}
    return {
        "none": _("No incidents match."),
        "matches": matches,
        "newest": _("The newest %(limit)s of %(count)s matches.")
        % {"limit": language.number(RESULTS_LIMIT), "count": "{n}"},
        "unavailable": _("Search is not available here; the list below is the history."),
    }


def render_search(context: RenderContext) -> Outputs:
    """The index: component names by id, then one row per event, newest first:
    [title, path, local date, impact, [component ids], words]. It follows every event
    (its file, and what of it the clock has reached: an update's words join the row once
    it is dated in the past), and the components file and settings every output follows."""
    events = context.events_by_start
    facts = cache(lambda: [context.event_fact(event) for event in events])
    yield Output(
        INDEX_PATH,
        lambda: _index(context, events, facts()),
        lambda: known(*facts()),
        shape=(),
        events=tuple(event.slug for event in events),
    )


def _index(context: RenderContext, events: Sequence[Event], facts: Sequence[str | None]) -> bytes:
    """The index's bytes; `facts` holds each event's fact (RenderContext.event_fact)."""
    site = context.site
    tz, zone = site.settings.tz, site.settings.timezone
    # A row follows the event's fact (its file, name and cut at the clock) and the zone
    # its date is in.
    keys = [None if fact is None else f"{zone}\0{fact}" for fact in facts]
    rows = context.markdown.search_rows(keys, lambda index: _row(events[index], tz))
    # What json.dumps(..., sort_keys=True) writes for {"components", "events", "format"},
    # with each row's JSON kept between builds instead of made again.
    names = {c.id: c.name for c in site.components}
    return (
        f'{{"components":{_json(names)},"events":[{",".join(rows)}],"format":{FORMAT}}}'
    ).encode()


def _row(event: Event, tz: ZoneInfo) -> str:
    """An event's row: [title, path, local date, impact, [component ids], words]."""
    impact = event.impact if isinstance(event, Incident) else Impact.MAINTENANCE
    return _json(
        [
            event.title,
            urls.incident(event.slug),
            event_start(event).astimezone(tz).date().isoformat(),
            impact.value,
            sorted({c.id for c in event.components}),
            _first_words((event.summary, *(u.message for u in event.updates))),
        ]
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _first_words(texts: Sequence[str]) -> str:
    """The first TEXT_LIMIT characters of the words of an event's texts (its summary and
    messages): only as much Markdown is reduced as that takes (a long postmortem costs no
    more than a short update)."""
    words = ""
    for markdown in texts:
        if len(words) >= TEXT_LIMIT:
            break
        # Markup is shorter than what it becomes only by the link targets it drops.
        words = f"{words} {plain_words(markdown[: TEXT_LIMIT * 4])}".strip()
    return words[:TEXT_LIMIT]
