"""What a page says of itself to link previews and search results: its meta description
(and, through base.html, its Open Graph tags). A link pasted in a chat shows these, so
they say what the page says now, in the page's language, and nothing it does not show."""

from __future__ import annotations

from statusgen.i18n import Language, tag_locale
from statusgen.model import Event, Settings
from statusgen.render.context import RenderContext
from statusgen.render.search import BLOCK_SEPARATOR, cut_between_words, plain_text

# About what search results and link previews show before they cut a description.
DESCRIPTION_LIMIT = 160
# Between the parts of a description, as between the parts of a page's <title>.
_SEPARATOR = " · "


def site_description(language: Language, settings: Settings) -> str:
    """The site's `description`, else a sentence naming what it is."""
    return settings.description or language.gettext("Incidents and maintenance on %(title)s") % {
        "title": settings.title
    }


def event_description(context: RenderContext, event: Event) -> str:
    """An event's state and when it last changed, then the words of its newest update (or
    its summary's, when it has none or has no words), plain, cut between words to about
    DESCRIPTION_LIMIT."""
    _, language, tz = context.language.gettext, context.language, context.site.settings.tz
    # The event as this build shows it: drafts are not in it, nor updates still to come
    # (status.as_of), so neither can reach a preview.
    latest = event.updates[-1] if event.updates else None
    # The moment the feeds and the API give as its update (status.changed_at): a window
    # that starts or ends by the clock changed then, after its newest update; an event
    # without updates has one too (its start, or its window's), and the feeds give it.
    changed = context.changed_at(event)
    when = _("Updated %(time)s") % {"time": language.datetime(changed, tz)}
    head = _SEPARATOR.join(part for part in (context.state_label(event), when) if part)
    # An update that only changes statuses (its Components line alone) says nothing a
    # preview can show: the summary says what the event is about.
    texts = (latest.message if latest else "", event.summary)
    render = context.markdown.render
    words = next((w for t in texts if t.strip() and (w := plain_text(t, render))), "")
    if not words:
        return head
    room = DESCRIPTION_LIMIT - len(head) - len(_SEPARATOR)
    # Never ending on the separator between two blocks of the message.
    cut = cut_between_words(words, room - 1).removesuffix(BLOCK_SEPARATOR.rstrip())
    if not cut:
        return head  # a lone address too long for the room is dropped, not cut
    return f"{head}{_SEPARATOR}{cut}" if cut == words else f"{head}{_SEPARATOR}{cut}…"


def og_locale(tag: str) -> str:
    """A language tag as Open Graph writes a locale, language_TERRITORY: `pt_BR` for
    `pt-BR`; a tag without a country takes CLDR's likely one (`de_DE` for `de`, `zh_CN`
    for `zh-Hans`, `zh_TW` for `zh-Hant`). A region that is no country (`es-419`, Latin
    America) has no likely country in CLDR either, so it stays as written (`es_419`)."""
    from babel.core import get_global, parse_locale

    locale = tag_locale(tag)
    if locale is None:
        return tag.replace("-", "_")
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags")
        # The script first: Traditional Chinese is read in Taiwan, Simplified in China.
        keys = [f"{locale.language}_{locale.script}"] if locale.script else []
        keys.append(locale.language)
        found = next((likely[key] for key in keys if key in likely), None)
        territory = parse_locale(found)[1] if found else None
    return f"{locale.language}_{territory}" if territory else locale.language
