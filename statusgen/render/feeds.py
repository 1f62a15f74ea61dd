"""RSS 2.0 and Atom feeds of incidents and maintenance: one entry per event, whose title
carries its current state and whose content is the whole timeline, newest first.

A feed reader sees an entry change as the incident moves on, because the entry keeps its
id (the incident's absolute URL) and its updated time follows the newest change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from statusgen import urls
from statusgen.model import Component, Event, Incident, MaintenanceState
from statusgen.render.context import Output, Outputs, RenderContext, known
from statusgen.render.format import format_duration, machine_moment, time_tag
from statusgen.render.markdown import contain_bidi, headings_under
from statusgen.render.previews import site_description
from statusgen.status import (
    CANCELLED,
    STATE_LABELS,
    component_changes,
    duration,
    incident_end,
    listed_components,
    update_state,
    worst_reached,
)

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

# Enough for a reader to catch up after weeks away; older events stay on the history pages.
FEED_ENTRIES = 50


def feed_text(text: str, *, atom: bool) -> str:
    """Plain text for a feed's titles and descriptions, so it reads as typed everywhere.

    Atom says these are text (type="text"), so they go as they are. RSS leaves it open
    and many readers render them as HTML: `<b>` from an alert would become markup, so the
    HTML characters are escaped once more and such a reader shows them as typed.
    """
    text = contain_bidi(text)
    return text if atom else escape(text, quote=False)


def _display_time(context: RenderContext, moment: datetime) -> str:
    return context.language.datetime(moment, context.site.settings.tz)


def entry_content(context: RenderContext, event: Event) -> str:
    """HTML for an entry: affected components, the window, the summary, then the timeline.

    Every link and image in it is absolute, since a feed reader has no page to resolve it against.
    """
    page = context.absolute_url(urls.incident(event.slug))
    root = context.base_path
    _ = context.language.gettext
    parts: list[str] = []
    statuses = _affected_statuses(context, event)
    if statuses:
        shown = []
        for cid, said in statuses:
            name = contain_bidi(context.standalone_name(context.site.component(cid)))
            shown.append(
                name
                if said is None
                else _("%(component)s (%(status)s)") % {"component": name, "status": said}
            )
        names = context.language.join(shown)
        parts.append(f"<p>{_labelled(context, _('Affected'), names)}</p>")
    if not isinstance(event, Incident):
        window = _("%(start)s to %(end)s") % {
            "start": _display_time(context, event.scheduled_for),
            "end": _display_time(context, event.scheduled_until),
        }
        parts.append(f"<p>{_labelled(context, _('Scheduled'), window)}</p>")
    elif not event.updates:
        # No timeline dates it (a notice written with its times alone): the times its page
        # gives it, or the entry may say nothing at all.
        parts.extend(_incident_times(context, event))
    # The messages' headings go under the updates' (h3), as on the pages; the summary's
    # too, beside them.
    if event.summary.strip():
        parts.append(headings_under(context.markdown.render(event.summary, page, root), 3))
    for update in reversed(event.updates):
        # The same <time> as the pages': in the site's zone, whatever offset it was typed with.
        when = time_tag(update.at, context.site.settings.tz, context.language)
        label = STATE_LABELS[update_state(event, update)]
        parts.append(f"<h3>{escape(_(label))} {when}</h3>")
        parts.append(headings_under(context.markdown.render(update.message, page, root), 3))
    return "\n".join(parts)


def _incident_times(context: RenderContext, incident: Incident) -> list[str]:
    """Started, Resolved and Duration as the incident's page gives them, one paragraph
    each; "Not yet" resolved and no duration while it is open (one that would grow with
    the clock)."""
    _, language, tz = context.language.gettext, context.language, context.site.settings.tz
    end = incident_end(incident)
    resolved = escape(_("Not yet")) if end is None else time_tag(end, tz, language)
    times = [(_("Started"), time_tag(incident.started_at, tz, language)), (_("Resolved"), resolved)]
    if end is not None:
        times.append((_("Duration"), escape(format_duration(duration(incident, end), language))))
    # The joining text is the catalog's, trusted as markup like every translation.
    return [
        f"<p>{language.labelled(f'<strong>{escape(label)}</strong>', str(value))}</p>"
        for label, value in times
    ]


def _labelled(context: RenderContext, label: str, value: str) -> str:
    """A bold label and its value, joined as the language joins them (`影響範囲：…`,
    `Concernés : …`), as the pages and e-mails write them."""
    # The joining text is the catalog's, trusted as markup like every translation.
    return context.language.labelled(f"<strong>{escape(label)}</strong>", escape(value))


def _affected_statuses(context: RenderContext, event: Event) -> list[tuple[str, str | None]]:
    """Each component the event touched, with its statuses in the incident page's words:
    an incident's worst (and while open its status now), a window's status in it, and
    once completed its worst, as a resolved incident's (the components are no longer in
    it); none for a window called off, which never gave its components that status."""
    _ = context.language.gettext
    # In the page's order (status.listed_components), as the incident page lists them.
    listed = listed_components(event, context.site)
    if not isinstance(event, Incident):
        state = context.shown_state(event)
        if state == CANCELLED:
            return [(cid, None) for cid in listed]
        declared = {a.id: a.status for a in event.components}
        if state == MaintenanceState.COMPLETED.value:
            held = component_changes(event)
            return [
                (cid, _("worst %(status)s") % {"status": _(worst_reached(held[cid]).label)})
                for cid in listed
            ]
        return [(cid, _(declared[cid].label)) for cid in listed]
    said: list[tuple[str, str | None]] = []
    changes = component_changes(event)
    for cid in listed:
        steps = changes[cid]
        worst = _("worst %(status)s") % {"status": _(worst_reached(steps).label)}
        if event.is_open:
            # As the front page shows it now (effective), as the incident page says it: the
            # checks, another incident or a window may have moved it since the last update.
            shown = context.status_now(cid, steps[-1][1])
            now = _("now %(status)s") % {"status": _(shown.label)}
            worst = f"{now} · {worst}"
        said.append((cid, worst))
    return said


def build_feed(
    context: RenderContext,
    events: Sequence[Event],
    *,
    title: str,
    page_path: str,
    feed_path: str,
    description: str,
    undated: datetime,
    atom: bool = False,
) -> FeedGenerator:
    """A FeedGenerator for the events; every date in it comes from the content, not a clock:
    the feed's is its newest change, else `undated` (when what it covers began)."""
    # Imported here: feedgen brings lxml and dateutil, which a build that renders no feed
    # (most incremental ones) never needs.
    from feedgen.feed import FeedGenerator

    settings = context.site.settings
    media_type = "application/atom+xml" if atom else "application/rss+xml"

    def local(moment: datetime) -> datetime:
        # Every date in the site's zone, as the pages and the API give them: not in the
        # offset an update happened to be typed with, nor the one a start date fell in.
        return machine_moment(moment.astimezone(settings.tz))

    updated = local(context.last_change(events) or undated)
    feed = FeedGenerator()
    feed.id(context.absolute_url(feed_path))
    feed.title(feed_text(title, atom=atom))
    feed.description(feed_text(description, atom=atom))
    # Atom requires an author for every entry; the site speaks for all of them.
    feed.author(name=feed_text(settings.title, atom=atom), uri=context.absolute_url())
    # feedgen takes the RSS <link> from the last link given: the page, not the feed.
    feed.link(href=context.absolute_url(feed_path), rel="self", type=media_type)
    feed.link(href=context.absolute_url(page_path), rel="alternate", type="text/html")
    feed.language(context.language.tag)
    # No version: the feed bytes should not change when only the tools do.
    feed.generator("statusgen")
    feed.updated(updated)
    feed.lastBuildDate(updated)
    feed.pubDate(updated)
    for event in events:
        url = context.absolute_url(urls.incident(event.slug))
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(feed_text(context.state_title(event), atom=atom))
        entry.link(href=url, rel="alternate")
        entry.content(entry_content(context, event), type="html")
        changed = local(context.changed_at(event))
        entry.updated(changed)
        # feedgen writes one value as Atom's <published> and RSS's <pubDate>. Atom has
        # <updated> for the newest change, so <published> is the first post, as the API's
        # created_at; RSS has only <pubDate>, which follows the newest change so the item
        # rises as the incident moves on.
        entry.published(local(context.announced_at(event)) if atom else changed)
    return feed


def render_feeds(context: RenderContext) -> Outputs:
    """feed.xml (RSS 2.0) and atom.xml for the site, and components/<id>/feed.xml (RSS);
    none for a private page unless it asks for feeds (`feeds: true`)."""
    if not context.site.settings.feeds:
        return
    # The FEED_ENTRIES last changed, of the site and of each component, then whatever is
    # still going on or announced to come beyond them: a subscriber must not lose an
    # outage open for weeks, nor a window announced before 50 newer events.
    by_change = context.events_by_change
    kept = context.going_on | {m.slug for m in context.status.upcoming_maintenances}
    going_on = [e for e in by_change[FEED_ENTRIES:] if e.slug in kept]
    events: Sequence[Event] = [*by_change[:FEED_ENTRIES], *going_on]
    facts = _facts(context, events, lambda: context.created_at)
    for path, atom in ((urls.FEED, False), (urls.ATOM, True)):
        yield Output(path, partial(_site_feed, context, events, path, atom), facts)
    newest = context.newest_by_component(FEED_ENTRIES)
    going_on_by_component = _by_component(going_on)
    for component in context.site.components:
        events = _with_going_on(newest[component.id], going_on_by_component.get(component.id, []))
        yield Output(
            urls.component_feed(component.id),
            partial(_component_feed, context, component, events),
            _facts(context, events, partial(context.component_created_at, component)),
        )


def _by_component(events: Sequence[Event]) -> dict[str, list[Event]]:
    """The `events` touching each component, in their order (each once): one pass over
    them for all components, where each component's feed would otherwise look through
    them all (500 open incidents at 10,000, for each of 50 components)."""
    found: dict[str, list[Event]] = {}
    for event in events:
        for affected in event.components:
            touching = found.setdefault(affected.id, [])
            if not touching or touching[-1] is not event:  # an id listed twice counts once
                touching.append(event)
    return found


def _with_going_on(newest: list[Event], going_on: Sequence[Event]) -> list[Event]:
    """A component's newest events, then those of `going_on` (those touching it) that
    they lack.

    `going_on` is what goes on (or is announced to come) beyond the site feed's newest,
    by change: whatever goes on among those is among the component's newest too, and
    whatever they lack changed before them, so the feed stays in order."""
    shown = {e.slug for e in newest}
    return [*newest, *(e for e in going_on if e.slug not in shown)]


def _facts(
    context: RenderContext, events: Sequence[Event], undated: Callable[[], datetime]
) -> tuple[str, ...] | None:
    """What a feed shows: its events, their states, first posts and change times, and
    its date.
    `undated()` dates a feed without events (build_feed): asked only then, since it
    looks at every event of the site, and the feeds are listed on every build."""
    last = context.last_change(events)
    return known(
        (undated() if last is None else last).isoformat(),
        *(context.event_fact(e) for e in events),
        *(f"{context.state_label(e)} {context.changed_at(e).isoformat()}" for e in events),
        # An open incident's entry says its components' statuses now (_affected_statuses).
        # Its front matter lists each (validate.check_component_changes), unpacking nothing.
        *(
            f"{e.slug} {a.id} {context.status_now(a.id, a.status).value}"
            for e in events
            if isinstance(e, Incident) and e.is_open
            for a in e.components
        ),
        # A window written without an update was posted when the site's record began.
        *(context.announced_at(e).isoformat() for e in events if not e.updates),
    )


def _site_feed(context: RenderContext, events: Sequence[Event], path: str, atom: bool) -> bytes:
    # The Atom document describes itself by its own URL, so it is built separately.
    feed = build_feed(
        context,
        events,
        title=context.site.settings.title,
        page_path="",
        feed_path=path,
        description=site_description(context.language, context.site.settings),
        undated=context.created_at,
        atom=atom,
    )
    data: bytes = feed.atom_str(pretty=True) if atom else feed.rss_str(pretty=True)
    return data


def _component_feed(context: RenderContext, component: Component, events: Sequence[Event]) -> bytes:
    # Each name contained on its own: the site title's override must not take the other along.
    name = contain_bidi(context.standalone_name(component))
    # Translators: the title of a component's feed: the site's title, then the component's
    # name ("Example Status: API").
    title = context.language.gettext("%(title)s: %(name)s") % {
        "title": contain_bidi(context.site.settings.title),
        "name": name,
    }
    feed = build_feed(
        context,
        events,
        title=title,
        page_path=urls.component(component.id),
        feed_path=urls.component_feed(component.id),
        description=context.language.gettext("Incidents and maintenance affecting %(name)s")
        % {"name": name},
        undated=context.component_created_at(component),
    )
    data: bytes = feed.rss_str(pretty=True)
    return data
