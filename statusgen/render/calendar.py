"""maintenance.ics: scheduled maintenance as an iCalendar feed (RFC 5545) to subscribe to.

Written by hand: the subset needed (one VEVENT per window, UTC times, TEXT escaping and
line folding) is small, and a library would add a dependency for forty lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from statusgen import urls
from statusgen.model import Maintenance, MaintenanceState
from statusgen.render.context import Output, Outputs, RenderContext, known
from statusgen.render.format import graphemes
from statusgen.render.markdown import (
    absolute_links,
    contain_bidi,
    single_blank_lines,
    unescape_markdown,
)
from statusgen.status import (
    STATE_LABELS,
    announced_at,
    called_off,
    listed_components,
    maintenance_state,
    update_state,
    window_span,
)

# The same bound as the maintenance list in the JSON API, on past windows only: a
# subscriber needs every window still ahead or under way, however many are planned.
CALENDAR_PAST_EVENTS = 50

# Subscribers are reminded this many days before a window opens.
REMINDER_DAYS = 1

# How often calendar apps are asked to fetch the calendar again (REFRESH-INTERVAL).
REFRESH = timedelta(hours=1)

# The clock step of the scheduled rebuild (the deploy workflow runs every ten minutes):
# the end a window held open past its plan is given moves on at this step, no faster.
REBUILD_STEP = timedelta(minutes=10)

# RFC 5545 §3.1: lines longer than 75 octets are folded.
_LINE_OCTETS = 75


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped,
    and the direction overrides it opens closed (contain_bidi), as in the feeds and pages."""
    # DEL is a control character TEXT may not hold (§3.3.11), though XML allows it, so the
    # checks let it through into the pages and feeds: dropped here.
    text = contain_bidi(text.replace("\r\n", "\n").replace("\r", "\n").replace("\x7f", ""))
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def fold(line: str) -> str:
    """The content line folded to at most 75 octets per physical line, never inside a
    character, and between the characters a reader sees (graphemes) wherever one fits:
    RFC 5545 allows a fold between any octets, but some calendar apps show the fold, and
    one inside an emoji sequence showed its halves."""
    encoded = line.encode("utf-8")
    if len(encoded) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current, size, limit = "", 0, _LINE_OCTETS
    for cluster in graphemes(line):
        # A cluster longer than a whole line (a letter under dozens of accents) is the
        # one place a fold falls inside it, between its code points.
        for part in (cluster,) if len(cluster.encode()) < _LINE_OCTETS else cluster:
            width = len(part.encode("utf-8"))
            if size + width > limit:
                pieces.append(current)
                # Continuation lines start with a space, which counts towards their 75 octets.
                current, size, limit = "", 0, _LINE_OCTETS - 1
            current += part
            size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form (`20261129T010000Z`), so no VTIMEZONE is needed."""
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event_uid(context: RenderContext, maintenance: Maintenance) -> str:
    """`<slug>@<host>[/<path>]`: stable across builds, unique per site even on a shared host."""
    parts = urlsplit(context.base_url)
    return f"{maintenance.slug}@{parts.netloc}{parts.path.rstrip('/')}"


def _shown(markdown: str, page: str, root: str) -> str:
    """A message's text as its page shows it, read away from the page: its links lead
    where the page's do (`root`: the site's root folder), its paragraphs one blank line
    apart."""
    text = absolute_links(single_blank_lines(markdown.strip()), page, root)
    return contain_bidi(unescape_markdown(text))


def _description(context: RenderContext, maintenance: Maintenance) -> str:
    _ = context.language.gettext
    page = context.absolute_url(urls.incident(maintenance.slug))
    lines: list[str] = []
    if maintenance.components:
        names = context.language.join(
            [
                contain_bidi(context.standalone_name(context.site.component(cid)))
                for cid in listed_components(maintenance, context.site)
            ]
        )
        lines.append(_("Affected: %(names)s") % {"names": names})
    # Each part closes what it opens, so none reverses the parts and the link after it.
    # Text as the page shows it: `\<!--` reads `<!--`, `&lt;` reads `<`.
    if maintenance.summary.strip():
        lines.append(_shown(maintenance.summary, page, context.base_path))
    if maintenance.updates:
        newest = maintenance.updates[-1]
        message = _shown(newest.message, page, context.base_path)
        label = STATE_LABELS[update_state(maintenance, newest)]
        lines.append(context.language.labelled(_(label), message))
    lines.append(page)
    return "\n\n".join(lines)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def sequence(maintenance: Maintenance) -> int:
    """The revision number (RFC 5545 §3.8.7.4): the minutes from 1970 to the window's
    newest update, 0 for a window written without one.

    It must rise whenever the event changes, and a build knows only the file as it is
    now, never what it said before (builds run from clean clones): so the number follows
    the one thing every change written as an update moves forward, whatever it did to
    DTSTART, DTEND or STATUS. A window moved earlier, called off or put back on with an
    update rises; its times edited alone keep their number (apps that keep a copy then
    keep the old times; docs/outputs.md says to write an update). Never the clock: a
    number that rose with it while a window was held open past its end would fall back
    below it once a `Completed` update dated before the build ended the work, or once
    the `status:` line holding it open was removed, and apps that go by SEQUENCE would
    keep the work under way. Minutes stay below 2**31, RFC 5545's INTEGER, for a
    thousand years.
    """
    if not maintenance.updates:
        return 0
    # Updates are written oldest first (validate.py refuses one out of order).
    return _minutes(maintenance.updates[-1].at)


def _minutes(moment: datetime) -> int:
    return int((moment - _EPOCH).total_seconds()) // 60


def event_times(context: RenderContext, maintenance: Maintenance) -> tuple[datetime, datetime, int]:
    """DTSTART, DTEND and SEQUENCE of the window's event as of the build's clock.

    The span its page and every list give it (status.window_span): from when its work
    began to when it was over, early or late; a window called off keeps its planned times,
    as RFC 5545 cancels an event. One held open past its planned end, which has no end
    yet, ends one refresh after the next rebuild step, so a subscribed calendar (which
    replaces its events by UID on each refresh) shows it under way until it fetches the
    next version, which moves the end on at each step. That move is no revision by the
    organizer: SEQUENCE, DTSTAMP and LAST-MODIFIED stay with the window's last change, so
    the one that ends it is never below a number already sent.
    """
    now = context.now
    start, end = window_span(maintenance, maintenance_state(maintenance, now), now)
    if end is None:
        end = _step_start(now) + REBUILD_STEP + REFRESH
    return start, end, sequence(maintenance)


def _step_start(now: datetime) -> datetime:
    """The start of the rebuild step (REBUILD_STEP, from 1970 in UTC) `now` falls in."""
    since = now.astimezone(timezone.utc) - _EPOCH
    return _EPOCH + since - since % REBUILD_STEP


def vevent(context: RenderContext, maintenance: Maintenance) -> list[str]:
    """The content lines of one VEVENT, unfolded."""
    state = context.status.maintenance[maintenance.slug]
    cancelled = called_off(maintenance, context.now)
    changed = context.changed_at(maintenance)
    created = announced_at(maintenance, context.now, context.created_at)
    start, end, revision = event_times(context, maintenance)
    return [
        "BEGIN:VEVENT",
        # A TEXT value as SUMMARY is (RFC 5545 §3.8.4.7): the `;` and `,` a base_url's
        # path may hold are escaped, or a strict reader splits the UID there.
        f"UID:{escape_text(event_uid(context, maintenance))}",
        # DTSTAMP is when this version of the event was written, taken from the content
        # so that two builds of the same site give the same bytes.
        f"DTSTAMP:{utc(changed)}",
        f"CREATED:{utc(created)}",
        f"LAST-MODIFIED:{utc(changed)}",
        f"SEQUENCE:{revision}",
        f"DTSTART:{utc(start)}",
        # A window completed at the minute its work began lasted no time, as its page
        # says ("10:00 – 10:00"). RFC 5545 wants a DTEND later than DTSTART (§3.8.2.2),
        # and DURATION may not stand beside one; without either, an event with a
        # DATE-TIME start ends when it starts (§3.6.1): that instant, nothing invented.
        *([f"DTEND:{utc(end)}"] if end > start else []),
        f"SUMMARY:{escape_text(maintenance.title)}",
        f"DESCRIPTION:{escape_text(_description(context, maintenance))}",
        f"URL:{context.absolute_url(urls.incident(maintenance.slug))}",
        # A window called off keeps its planned times, as RFC 5545 cancels an event: a
        # calendar that kept it strikes it out (or drops it) rather than keeping it on.
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "CATEGORIES:" + escape_text(context.language.gettext("Maintenance")),
        f"X-STATUSGEN-STATE:{state.value}",
        # A reminder only of work still to come: none of work under way, over or called
        # off (judged at the build's clock; the state is among the calendar's facts, so
        # the build that sees the window start renders it again without one).
        *(reminder(context, maintenance) if _to_come(state, cancelled) else ()),
        "END:VEVENT",
    ]


def _to_come(state: MaintenanceState, cancelled: bool) -> bool:
    """Whether the window's work is still ahead as of the build's clock."""
    return state is MaintenanceState.SCHEDULED and not cancelled


def reminder(context: RenderContext, maintenance: Maintenance) -> list[str]:
    """A VALARM (RFC 5545 §3.6.6) a day before the window opens, so subscribers hear of it
    in time, while its work is still to come; apps that keep their own reminder settings
    may let readers turn it off."""
    _ = context.language.gettext
    text = _("Maintenance tomorrow: %(title)s") % {"title": contain_bidi(maintenance.title)}
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(text)}",
        f"TRIGGER;RELATED=START:-P{REMINDER_DAYS}D",
        "END:VALARM",
    ]


# RFC 5545 §3.6 wants at least one component in a calendar, and strict parsers reject
# one without: a calendar with no window holds the definition of UTC, the zone its events
# are written in. It states only what UTC is (offset zero, from the epoch on).
UTC_TIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:UTC",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0000",
    "TZNAME:UTC",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def calendar_lines(context: RenderContext, maintenances: Iterable[Maintenance]) -> list[str]:
    """The whole VCALENDAR as unfolded content lines."""
    settings = context.site.settings
    _ = context.language.gettext
    title = contain_bidi(settings.title)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//statusgen//statusgen//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(_("%(title)s: maintenance") % {"title": title}),
        f"X-WR-TIMEZONE:{settings.timezone}",
        "X-WR-CALDESC:" + escape_text(_("Scheduled maintenance on %(title)s") % {"title": title}),
        # Calendar apps poll no more often than asked; an hour keeps subscribers current.
        f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(REFRESH)}",
        f"X-PUBLISHED-TTL:{_duration(REFRESH)}",
    ]
    events = [line for maintenance in maintenances for line in vevent(context, maintenance)]
    lines += events or UTC_TIMEZONE
    lines.append("END:VCALENDAR")
    return lines


def _duration(span: timedelta) -> str:
    """A DURATION value (RFC 5545 §3.3.6) of whole minutes: `PT1H`, `PT90M`."""
    minutes = int(span.total_seconds()) // 60
    return f"PT{minutes // 60}H" if minutes % 60 == 0 else f"PT{minutes}M"


def calendar_windows(context: RenderContext) -> list[Maintenance]:
    """Every window upcoming or under way, and the CALENDAR_PAST_EVENTS most recent past
    ones, latest `scheduled_for` first as the site lists them."""
    status = context.status
    current = {m.slug for m in (*status.active_maintenances, *status.upcoming_maintenances)}
    chosen: list[Maintenance] = []
    past = 0
    for maintenance in context.site.maintenances:
        if maintenance.slug in current:
            chosen.append(maintenance)
        elif past < CALENDAR_PAST_EVENTS:
            chosen.append(maintenance)
            past += 1
    return chosen


def render_calendar(context: RenderContext) -> Outputs:
    """maintenance.ics with every window to come or under way and the most recent past
    ones (a feed: none for a private page unless it asks for feeds)."""
    if not context.site.settings.feeds:
        return
    maintenances = calendar_windows(context)

    def render() -> bytes:
        lines = calendar_lines(context, maintenances)
        return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")

    # The state: the clock moves a window on (and its reminder goes once it starts). The
    # times too: a window held open moves its end with the clock (event_times), which no
    # fact of its file or state shows.
    facts = known(
        *(context.event_fact(m) for m in maintenances),
        *(f"{context.status.maintenance[m.slug]} {context.changed_at(m)}" for m in maintenances),
        *(" ".join(map(str, event_times(context, m))) for m in maintenances),
    )
    yield Output(urls.CALENDAR, render, facts)
