"""How the pages say things: dates and times in the site's zone, durations, percentages,
impact labels. One home for each, so every page (and the terminal) says them alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from statusgen.i18n import ENGLISH, Language
from statusgen.model import (
    Component,
    Group,
    Impact,
    Site,
)
from statusgen.render.markdown import isolated, leads_right_to_left, needs_isolation
from statusgen.status import ONGOING_INCIDENTS, OVERALL_LABELS, OverallStatus, SiteStatus

# English message ids; pages show them translated (statusgen/i18n lists them for extraction).
IMPACT_LABELS: Mapping[Impact, str] = {
    Impact.NONE: "No impact",
    Impact.MINOR: "Minor impact",
    Impact.MAJOR: "Major impact",
    Impact.CRITICAL: "Critical impact",
    Impact.MAINTENANCE: "Maintenance",
}


# --- user-perceived characters ----------------------------------------------------------
# A text is cut, folded and measured between extended grapheme clusters (UAX #29), the
# characters a reader sees: a cut between code points splits a family emoji after its
# zero-width joiner, a flag into a lone regional indicator, or a Hindi consonant from its
# vowel sign. A small rule set rather than a dependency: the cases below are the ones a
# status page's text meets, and Python's unicodedata already knows each character's class.
_ZWJ = "\u200d"
_EXTEND_RANGES = (
    (0x200C, 0x200D),  # zero-width non-joiner and joiner
    (0xFE00, 0xFE0F),  # variation selectors (VS16 asks for an emoji's picture)
    (0x1F3FB, 0x1F3FF),  # emoji skin-tone modifiers
    (0xE0020, 0xE007F),  # tag characters: the subdivision flags (England, Scotland)
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
_EXTEND_CATEGORIES = ("Mn", "Me")
# Grapheme_Cluster_Break values as Unicode 15.1's GraphemeBreakProperty.txt derives them
# (UAX #29, table 2). SpacingMark, never split from what it follows (GB9a): every spacing
# mark (Mc), and Thai's and Lao's SARA AM (กำ), which are letters (Lo) yet a vowel sign;
# but not these Myanmar, Tai Tham, Tai Viet and Ahom vowels, which may begin a cluster.
_SPACING_LETTERS = "\u0e33\u0eb3"
_NOT_SPACING_MARKS = (
    (0x102B, 0x102C),
    (0x1038, 0x1038),
    (0x1062, 0x1064),
    (0x1067, 0x106D),
    (0x1083, 0x1083),
    (0x1087, 0x108C),
    (0x108F, 0x108F),
    (0x109A, 0x109C),
    (0x1A61, 0x1A61),
    (0x1A63, 0x1A64),
    (0xAA7B, 0xAA7B),
    (0xAA7D, 0xAA7D),
    (0x11720, 0x11721),
)
# Prepend, never split from what follows it (GB9b): Arabic and Syriac signs written
# before the number they mark (؀١٢), and a few scripts' reph and cluster-initial letters.
_PREPEND_RANGES = (
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x111C2, 0x111C3),
    (0x1193F, 0x1193F),
    (0x11941, 0x11941),
    (0x11A3A, 0x11A3A),
    (0x11A84, 0x11A89),
    (0x11D46, 0x11D46),
    (0x11F02, 0x11F02),
)
_REGIONAL = (0x1F1E6, 0x1F1FF)
# Hangul jamo: leading consonants (L), vowels (V), trailing consonants (T), and the
# precomposed syllables, LV or LVT.
_HANGUL_L = ((0x1100, 0x115F), (0xA960, 0xA97C))
_HANGUL_V = ((0x1160, 0x11A7), (0xD7B0, 0xD7C6))
_HANGUL_T = ((0x11A8, 0x11FF), (0xD7CB, 0xD7FB))
_HANGUL_SYLLABLES = (0xAC00, 0xD7A3)
_VIRAMA = 9  # the canonical combining class of a virama (Devanagari's ्)


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _hangul(char: str) -> str:
    """A character's Hangul class: "L", "V", "T", "LV", "LVT", or ""."""
    code = ord(char)
    if _HANGUL_SYLLABLES[0] <= code <= _HANGUL_SYLLABLES[1]:
        return "LV" if (code - _HANGUL_SYLLABLES[0]) % 28 == 0 else "LVT"
    if _within(code, _HANGUL_L):
        return "L"
    if _within(code, _HANGUL_V):
        return "V"
    return "T" if _within(code, _HANGUL_T) else ""


def _extends(char: str) -> bool:
    """Whether `char` belongs to the character before it: a combining mark, a spacing
    vowel sign (_SPACING_LETTERS too), a joiner, a variation selector, a skin tone or a tag."""
    category, code = unicodedata.category(char), ord(char)
    if category == "Mc":
        return not _within(code, _NOT_SPACING_MARKS)
    return (
        category in _EXTEND_CATEGORIES or char in _SPACING_LETTERS or _within(code, _EXTEND_RANGES)
    )


def _is_control(char: str) -> bool:
    return char in "\r\n" or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _is_regional(char: str) -> bool:
    return _REGIONAL[0] <= ord(char) <= _REGIONAL[1]


def _joined(before: str, after: str, regionals: int) -> bool:
    """Whether no cluster ends between `before` and `after`; `regionals` is how many
    regional indicators run up to `before`, itself included."""
    if before == "\r":
        return after == "\n"
    if _is_control(before) or _is_control(after):
        return False
    if _extends(after) or before == _ZWJ or _within(ord(before), _PREPEND_RANGES):
        # A joiner is never left at a cut's end nor one begun with: what follows it is
        # drawn as one picture with what came before (👩‍💻). A prepended sign marks
        # what follows it.
        return True
    if _is_regional(before) and _is_regional(after):
        return regionals % 2 == 1  # flags pair from the run's start: 🇺🇦🇩🇪, not 🇦🇩
    if unicodedata.combining(before) == _VIRAMA and unicodedata.category(after) == "Lo":
        return True  # a conjunct: स्त is one letter to its reader
    first, second = _hangul(before), _hangul(after)
    return (
        (first == "L" and second in ("L", "V", "LV", "LVT"))
        or (first in ("LV", "V") and second in ("V", "T"))
        or (first in ("LVT", "T") and second == "T")
    )


@cache
def stands_alone(char: str) -> bool:
    """Whether no rule of `_joined` joins `char` to what is beside it for its own sake: not
    a control, nothing that extends or joins, no prepended sign, regional indicator, Hangul
    jamo or syllable, nor a virama. Between two such characters a cluster always ends
    (most of Chinese, Japanese, Thai consonants, Cyrillic...), worked out once per
    character instead of once per place in every text cut."""
    return not (
        _is_control(char)
        or _extends(char)
        or char == _ZWJ
        or _within(ord(char), _PREPEND_RANGES)
        or _is_regional(char)
        or _hangul(char)
        or unicodedata.combining(char) == _VIRAMA
    )


# Below U+0300, where the combining marks begin, no two characters join but CR LF: Latin
# text (English, German, French, Polish, Turkish...) is read without the rules above.
PLAIN_BELOW = "\u0300"


def grapheme_ends(text: str) -> Iterator[int]:
    """The index just past each user-perceived character of `text` (an extended grapheme
    cluster), in order, the last len(text); lazily, so a cut reads only what it keeps."""
    regionals = 0
    length = len(text)
    for index in range(1, length + 1):
        before = text[index - 1]
        if index == length:
            yield index
            return
        after = text[index]
        if before < PLAIN_BELOW and after < PLAIN_BELOW:
            regionals = 0
            if before != "\r" or after != "\n":
                yield index
            continue
        if stands_alone(before) and stands_alone(after):
            regionals = 0  # neither is a regional indicator
            yield index
            continue
        regionals = regionals + 1 if _is_regional(before) else 0
        if not _joined(before, after, regionals):
            yield index


def graphemes(text: str) -> Iterator[str]:
    """`text` as its user-perceived characters (grapheme_ends)."""
    start = 0
    for end in grapheme_ends(text):
        yield text[start:end]
        start = end


def grapheme_floor(text: str, index: int) -> int:
    """The last end of a user-perceived character of `text` at or before `index`: where
    `text[:index]` can be cut without splitting one (0 when the first is longer)."""
    if index >= len(text):
        return len(text)
    last = 0
    for end in grapheme_ends(text):
        if end > index:
            break
        last = end
    return last


def is_wide(char: str) -> bool:
    """Whether `char` takes two cells of a monospace grid (CJK, fullwidth forms, emoji),
    as terminals and fallback fonts draw it."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def columns(text: str) -> int:
    """How many terminal columns `text` takes, user-perceived character by character
    (graphemes): two for one whose first code point is wide (CJK, an emoji, a flag), none
    for a lone combining mark or invisible format character, else one. Padding by len()
    would push a CJK or emoji name's row right and pull an accented one left; a skin tone
    or a joiner adds nothing to the emoji it belongs to (👩‍💻 is two, not four). VS16 makes
    a narrow symbol an emoji, drawn two wide (🛠️), and SARA AM (Thai ำ, Lao ຳ), a vowel
    in its consonant's cluster, takes a column of its own, as terminals draw them."""
    return sum(_cluster_columns(cluster) for cluster in graphemes(text))


def _cluster_columns(cluster: str) -> int:
    first = cluster[0]
    if unicodedata.combining(first) or unicodedata.category(first) in ("Me", "Mn", "Cf"):
        return 0
    if is_wide(first) or _is_regional(first) or cluster[1:2] == _VS16:
        return 2
    return 1 + sum(char in _SARA_AM for char in cluster[1:])


_VS16 = "\ufe0f"  # emoji presentation
_SARA_AM = "\u0e33\u0eb3"  # Thai and Lao SARA AM: spacing vowels a cluster holds


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal columns (columns())."""
    return text + " " * (width - columns(text))


# --- formatting --------------------------------------------------------------------------
# People's dates, times, durations and percentages follow CLDR's rules for the site's
# language (statusgen/i18n's Language); without one, English.


def format_datetime(moment: datetime, tz: ZoneInfo, language: Language = ENGLISH) -> str:
    """`Nov 22, 2026, 19:41 CET`: the site timezone, named."""
    return language.datetime(moment, tz)


def format_date(day: date, tz: ZoneInfo, language: Language = ENGLISH) -> str:
    """`Nov 22, 2026`, `22. Nov. 2026`, `2026年11月22日`: a time's day in the site
    timezone, as format_datetime says it (a date is a day already)."""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date()
    return language.date(day)


def format_duration(span: timedelta, language: Language = ENGLISH) -> str:
    """`52 min`, `1 hr, 4 min`, `3 days, 2 hr`."""
    return language.duration(span)


def format_percent(fraction: float | None, language: Language = ENGLISH) -> str:
    """`99.95%`, `99,95 %`: cut rather than rounded so a bad day never shows as 100%."""
    return language.percent(fraction)


def overall_words(status: SiteStatus, language: Language = ENGLISH) -> str:
    """The overall status as the banner says it: "Ongoing incidents" by the number open,
    in each of the language's plural forms (two open in Polish, five in Arabic)."""
    if status.overall is OverallStatus.INCIDENT:
        singular = OVERALL_LABELS[OverallStatus.INCIDENT]
        return language.ngettext(singular, ONGOING_INCIDENTS, len(status.open_incidents))
    return language.gettext(status.overall_label)


def time_tag(moment: datetime, tz: ZoneInfo, language: Language = ENGLISH) -> Markup:
    """A <time> element: ISO 8601 for machines, the site's local time for people."""
    local = moment.astimezone(tz)
    return _time_element(local, language.datetime(local, tz), language)


def machine_moment(moment: datetime) -> datetime:
    """`moment` as machine formats can write it: itself, or in UTC when its offset is not a
    whole number of minutes. RFC 3339 (JSON, Atom), RFC 822 (RSS) and HTML's `datetime`
    have no seconds in an offset, and a zone's clocks before standard time had them
    (Monrovia's -00:44:30 until 1972); UTC is the one offset every reader takes."""
    offset = moment.utcoffset()
    if offset is None or not offset.total_seconds() % 60:
        return moment
    return moment.astimezone(timezone.utc)


def machine_time(moment: datetime) -> str:
    """ISO 8601 as HTML's `datetime` attribute takes it: a run's time is kept to the
    millisecond, and HTML allows at most three digits of a second where Python writes six."""
    moment = machine_moment(moment)
    return moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


def _time_element(local: datetime, label: str, language: Language, extra: str = "") -> Markup:
    # Built by hand rather than with Markup.format: pages hold thousands of these.
    return Markup(
        f'<time{_isolation(language)} datetime="{machine_time(local)}"{extra}>'
        f"{escape(label)}</time>"
    )


def _isolation(language: Language) -> str:
    """The attribute that sets a time apart from the words around it on a right-to-left
    page; none on a left-to-right one, whose Latin times cannot move in a Latin line."""
    # A time ends in a Latin zone or a left-to-right-marked offset ("23:00 \u200e+03"):
    # unisolated, that zone, a range's dash and the end's day ("13 ديسمبر") form one
    # left-to-right run, and the end's day is drawn before the dash. An element with `dir`
    # is a bidi isolate (HTML's rendering rules), as a <bdi> is; it stays one when the
    # reader's-zone script rewrites its text ("20:00 UTC").
    return ' dir="rtl"' if language.direction == "rtl" else ""


def time_range(
    start: datetime, end: datetime | None, tz: ZoneInfo, language: Language = ENGLISH
) -> Markup:
    """`Oct 14, 2026, 14:11 – 16:10 CEST`; the date and zone are said once when they repeat."""
    if end is None:
        ongoing: Markup = escape(language.gettext("%(start)s – ongoing"))
        return ongoing % {"start": time_tag(start, tz, language)}
    first, second, time_only = range_labels(start, end, tz, language)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    # The second time, when only a clock time, is marked: the reader's-zone script keeps it so.
    end_tag = _time_element(local_end, second, language, " data-time-only" if time_only else "")
    return Markup(f"{_time_element(local_start, first, language)} – {end_tag}")


def said_once(local_start: datetime, local_end: datetime) -> bool:
    """Whether a range says its date and zone once, its end as a clock time: when both
    ends fall on one date at one offset from UTC, under one zone name."""
    # The name alone is not enough: Moscow's clocks went back from 02:00 MSK (+04:00) to
    # 01:00 MSK (+03:00), and "01:20 – 01:10 MSK" reads as a range that runs backwards.
    return (local_start.date(), local_start.utcoffset(), local_start.tzname()) == (
        local_end.date(),
        local_end.utcoffset(),
        local_end.tzname(),
    )


def range_text(
    start: datetime, end: datetime | None, tz: ZoneInfo, language: Language = ENGLISH
) -> str:
    """time_range's words without the markup, for text that is not a page (notifications)."""
    if end is None:
        return language.gettext("%(start)s – ongoing") % {"start": language.datetime(start, tz)}
    first, second, _ = range_labels(start, end, tz, language)
    return f"{first} – {second}"


def range_labels(
    start: datetime, end: datetime, tz: ZoneInfo, language: Language = ENGLISH
) -> tuple[str, str, bool]:
    """The start's and the end's words in a range, and whether the end's is a clock time
    only: the date and zone are said once when they repeat."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if said_once(local_start, local_end):
        first = language.join_date_time(
            language.date(local_start.date()), language.time(local_start)
        )
        return first, f"{language.time(local_end)} {language.zone(local_end)}", True
    return language.datetime(local_start, tz), language.datetime(local_end, tz), False


def grouped_name(group: str, name: str, *, apart: bool = True) -> str:
    """A component's name after its group's, as Statuspage's API writes it in
    affected_components ("Europe - API"): no words to translate, the same in every
    language, on the pages as in the JSON.

    Where either holds right-to-left text or a direction mark, each is isolated (`apart`;
    the API keeps Statuspage's bytes): joined bare, an Arabic group turns a Latin name's
    brackets ("(DB-3 (primary - أوروبا"). A mark of the group's direction goes first, so
    the whole still reads in it, as the bare join did (isolates alone have none)."""
    if apart and needs_isolation(group + name, "ltr"):
        mark = "\u200f" if leads_right_to_left(group) else "\u200e"  # RLM, LRM
        return f"{mark}{isolated(group)} - {isolated(name)}"
    return f"{group} - {name}"


def standalone_names(site: Site, *, apart: bool = True) -> dict[str, str]:
    """Each component's name where it stands alone (its page's title and heading, its
    feed and badge, a history filter, the subscribe list, the calendar, the search, an
    "Affects:" line, on the pages as in the terminal): its own, unless another component
    the site shows, or another group, has the same (in any case), when its group's name
    goes before it as the API's affected_components says it ("Europe - API"; "US -
    Europe", not a region "Europe" that reads as all down). A name follows only the
    components file, which every output follows. Without `apart`, a group-qualified name
    is joined bare (grouped_name): for a terminal, which shows isolates as escapes."""
    return names_standing_alone(site.groups, site.components, apart=apart)


def names_standing_alone(
    groups_listed: Iterable[Group], components: Sequence[Component], *, apart: bool = True
) -> dict[str, str]:
    """standalone_names of these groups and (current) components: what `check` reads
    from the components file alone, as every output does."""
    groups = {g.id: g.name for g in groups_listed}
    seen: dict[str, int] = {}
    for component in components:
        key = component.name.casefold()
        seen[key] = seen.get(key, 0) + 1
    # Another group's name too: "Europe" under US reads as the Europe group. Its own
    # group's does not ("Europe - Europe" says nothing more).
    named_groups: dict[str, set[str]] = {}
    for group_id, name in groups.items():
        named_groups.setdefault(name.casefold(), set()).add(group_id)
    return {
        c.id: grouped_name(groups[c.group_id], c.name, apart=apart)
        if c.group_id in groups
        and (
            seen[c.name.casefold()] > 1
            or bool(named_groups.get(c.name.casefold(), set()) - {c.group_id})
        )
        else c.name
        for c in components
    }
