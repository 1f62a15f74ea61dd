"""Pages in the site's language: complete catalogs, CLDR formats, site overrides, and
machine outputs that never change with the language."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup, NavigableString
from examplesite import EXAMPLE, EXAMPLE_NOW
from markupsafe import Markup

from statusgen import i18n
from statusgen.build import render_site
from statusgen.errors import StatusgenError
from statusgen.i18n import (
    CATALOGS,
    SHIPPED,
    VALUE_MESSAGES,
    VALUE_PLURALS,
    Language,
    babel_locale,
    catalog_names,
    load_language,
)
from statusgen.i18n.extract import extract_messages
from statusgen.layout import BUILTIN_THEME, TEMPLATES_DIR
from statusgen.model import Check, CheckResult, ComponentStatus, IncidentState, MaintenanceState
from statusgen.probe import store
from statusgen.render.badges import text_width
from statusgen.render.format import IMPACT_LABELS
from statusgen.render.search import search_messages
from statusgen.status import ONGOING_INCIDENTS, OVERALL_LABELS, STATE_LABELS
from statusgen.validate import load_site

PAYOUT = "incidents/2026-11-22-payout-creation-errors/index.html"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE

Files = Mapping[str, bytes]


def site_in(folder: Path, language: str, translations: Mapping[str, str] | None = None) -> Path:
    """A copy of the example site in `folder` with `language`, and .po files of its own."""
    shutil.copytree(EXAMPLE / "content", folder / "content")
    settings = (EXAMPLE / "statusgen.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^language: .*$", f"language: {language}", settings)
    (folder / "statusgen.yaml").write_text(settings, encoding="utf-8")
    for name, text in (translations or {}).items():
        (folder / "translations").mkdir(exist_ok=True)
        (folder / "translations" / name).write_text(text, encoding="utf-8")
    return folder


def render(root: Path) -> Files:
    files = render_site(load_site(root), EXAMPLE_NOW)
    return {path: data for path, data in files.items() if data is not None}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Files]:
    """The example site rendered in a language, once per language for the module."""
    cache: dict[str, Files] = {}

    def build(language: str) -> Files:
        if language not in cache:
            cache[language] = render(site_in(tmp_path_factory.mktemp(language), language))
        return cache[language]

    return build


def page(files: Files, path: str) -> BeautifulSoup:
    return BeautifulSoup(files[path].decode("utf-8"), "html.parser")


def po(name: str) -> Catalog:
    with (CATALOGS / name / "LC_MESSAGES" / "statusgen.po").open("rb") as handle:
        return read_po(handle, locale=babel_locale(name))


# --- the shipped catalogs -----------------------------------------------------------------


def test_every_label_of_the_model_is_a_message() -> None:
    labels = {
        *(s.label for s in ComponentStatus),
        *(s.label for s in IncidentState),
        *(s.label for s in MaintenanceState),
        *STATE_LABELS.values(),
        *OVERALL_LABELS.values(),
        ONGOING_INCIDENTS,
        *IMPACT_LABELS.values(),
    }
    assert set() == labels - set(VALUE_MESSAGES) - {m for pair in VALUE_PLURALS for m in pair}


@pytest.mark.parametrize(("language", "words"), [("de", "Laufender Vorfall"), ("ar", "حادث جارٍ")])
def test_a_theme_passing_the_banners_singular_to_gettext_still_reads_it_translated(
    language: str, words: str
) -> None:
    # A theme copied before the banner's words became a plural message: `_()` of them.
    shown = load_language(Path("nowhere"), language)
    assert words == shown.gettext("Ongoing incident")
    assert words == shown.ngettext("Ongoing incident", ONGOING_INCIDENTS, 1)


def test_every_message_holding_a_count_is_a_plural_message() -> None:
    """A count in a plain message reads "останній 30 день" in a language of several plural
    forms. A total after "of" ("page 2 of 5") agrees with no word, and stays plain."""
    of_a_total = re.compile(r"\bof %\(count\)s")
    plain = [
        m.id
        for m in extract_messages()
        if isinstance(m.id, str) and "%(count)s" in m.id and not of_a_total.search(m.id)
    ]
    assert [] == plain


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_catalog_has_every_message_translated(name: str) -> None:
    wanted = {m.id for m in extract_messages() if m.id}
    catalog = po(name)
    found = {m.id: m for m in catalog if m.id}
    assert set() == wanted - set(found), "messages missing from the catalog"
    assert set() == set(found) - wanted, "messages nothing uses any more"
    for message_id, message in found.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, message_id
        assert len(strings) == (catalog.num_plurals if isinstance(message_id, tuple) else 1)
        assert all(s.strip() for s in strings), f"empty translation of {message_id!r}"
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        allowed = {p for i in ids for p in PLACEHOLDER.findall(i)}
        for string in strings:
            assert set() == set(PLACEHOLDER.findall(string)) - allowed, message_id
            if not isinstance(message_id, tuple):
                # A singular message must keep every value it is given.
                assert allowed == set(PLACEHOLDER.findall(string)), message_id


@pytest.mark.parametrize("name", SHIPPED)
def test_compiled_catalog_matches_its_source(name: str) -> None:
    with (CATALOGS / name / "LC_MESSAGES" / "statusgen.mo").open("rb") as handle:
        compiled = read_mo(handle)

    def messages(catalog: Catalog) -> dict[object, object]:
        return {_tuple(m.id): _tuple(m.string) for m in catalog if m.id}

    assert messages(po(name)) == messages(compiled), (
        "run `python -m statusgen.i18n.extract` to compile the .po files"
    )


def _tuple(value: object) -> object:
    # .po plurals read as tuples, .mo plurals as lists.
    return tuple(value) if isinstance(value, (list, tuple)) else value


# --- language tags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "names"),
    [
        ("de", ["de"]),
        ("pt-BR", ["pt_BR", "pt"]),
        ("zh-Hans", ["zh_Hans", "zh"]),
        ("zh-CN", ["zh_Hans_CN", "zh_CN", "zh_Hans", "zh"]),
    ],
)
def test_a_tag_looks_for_catalogs_from_specific_to_general(tag: str, names: list[str]) -> None:
    assert names == catalog_names(tag)[: len(names)]


def test_a_catalog_never_serves_another_script(tmp_path: Path) -> None:
    assert "Operational" == load_language(tmp_path, "zh-TW").gettext("Operational")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("pt", "Operacional"),
        ("pt-PT", "Operacional"),
        ("zh-CN", "运行正常"),
        ("de-AT", "Betriebsbereit"),
    ],
)
def test_a_country_variant_uses_its_language_catalog(
    tmp_path: Path, tag: str, expected: str
) -> None:
    assert expected == load_language(tmp_path, tag).gettext("Operational")


def test_a_language_is_read_again_exactly_when_its_catalog_changes(tmp_path: Path) -> None:
    # A long-running process (serve) keeps one Language, with what it has formatted, for
    # as long as the site's catalog holds the same bytes; an edited catalog is read again.
    catalog = tmp_path / "translations" / "de.po"
    catalog.parent.mkdir()
    entry = 'msgid "Operational"\nmsgstr "{}"\n'
    catalog.write_text(entry.format("Alles gut"), encoding="utf-8")
    first = load_language(tmp_path, "de")
    assert "Alles gut" == first.gettext("Operational")
    assert first is load_language(tmp_path, "de")
    catalog.write_text(entry.format("Läuft"), encoding="utf-8")
    assert "Läuft" == load_language(tmp_path, "de").gettext("Operational")
    catalog.unlink()
    assert "Betriebsbereit" == load_language(tmp_path, "de").gettext("Operational")


@pytest.mark.parametrize("tag", ["he", "fa", "sw", "zh-Hant"])
def test_a_language_without_a_catalog_gives_pages_that_say_they_are_english(
    tmp_path: Path, tag: str
) -> None:
    # English words marked as Hebrew would be read aloud as Hebrew and laid out right to
    # left: the pages are English, words, dates and numbers, and say so.
    files = render(site_in(tmp_path, tag))

    for path in ("index.html", "embed.html"):
        html = page(files, path).html
        assert ("en", "ltr") == (html["lang"], html["dir"]), path
    assert "Nov 22, 2026" in page(files, "index.html").get_text()
    assert "<language>en</language>" in files["feed.xml"].decode("utf-8")


# --- the example site in every shipped language ---------------------------------------------

# (tag, dir, banner, "As of" time, incident duration, history month)
GOLDEN = [
    ("en", "ltr", "Ongoing incident",
     "Nov 22, 2026, 20:15 CET", "34 min so far", "November 2026"),
    ("de", "ltr", "Laufender Vorfall",
     "22. Nov. 2026, 20:15 MEZ", "bisher 34 Min.", "November 2026"),
    ("fr", "ltr", "Incident en cours",
     "22 nov. 2026, 20:15 CET", "34\xa0min jusqu’à présent", "novembre 2026"),
    ("es", "ltr", "Incidente en curso",
     "22 nov 2026, 20:15 CET", "34 min hasta ahora", "noviembre de 2026"),
    ("pt-BR", "ltr", "Incidente em andamento",
     "22 de nov. de 2026 20:15 CET", "34 min até agora", "novembro de 2026"),
    ("it", "ltr", "Incidente in corso",
     "22 nov 2026, 20:15 CET", "34 min finora", "novembre 2026"),
    ("nl", "ltr", "Lopend incident",
     "22 nov 2026, 20:15 CET", "tot nu toe 34 min", "november 2026"),
    ("pl", "ltr", "Trwający incydent",
     "22 lis 2026, 20:15 CET", "dotychczas 34 min", "listopad 2026"),
    ("ja", "ltr", "インシデント発生中",
     "2026年11月22日 20:15 CET", "現在まで 34 分", "2026年11月"),
    ("zh-Hans", "ltr", "事件处理中",
     "2026年11月22日 20:15 CET", "目前已持续 34分钟", "2026年11月"),
    ("ar", "rtl", "حادث جارٍ",
     "22 نوفمبر 2026، 20:15 CET", "34 د حتى الآن", "نوفمبر 2026"),
]  # fmt: skip


@pytest.mark.parametrize(("tag", "direction", "banner", "as_of", "duration", "month"), GOLDEN)
def test_example_site_in_each_shipped_language(
    built: Callable[[str], Files],
    tag: str,
    direction: str,
    banner: str,
    as_of: str,
    duration: str,
    month: str,
) -> None:
    files = built(tag)
    index = page(files, "index.html")
    assert (tag, direction) == (index.html["lang"], index.html["dir"])
    assert banner == index.h1.get_text()
    assert as_of == index.select_one(".banner p time").get_text()
    facts = page(files, PAYOUT).select(".facts dd")
    assert duration == facts[-1].get_text()
    assert month == page(files, "history/index.html").h2.get_text()
    assert direction == page(files, "embed.html").html["dir"]


@pytest.mark.parametrize("tag", ["es-419", "es-MX", "es-US"])
def test_a_region_without_a_short_zone_name_writes_the_abbreviation(
    built: Callable[[str], Files], tag: str
) -> None:
    """CLDR gives these regions only the long name ("hora estándar de Europa central"),
    which would follow every time on the page: the abbreviation stands in, as for `es`."""
    index = page(built(tag), "index.html")
    assert "22 nov 2026, 20:15 CET" == index.select_one(".banner p time").get_text()


# A side named outright in the stylesheet stays on that side on a right-to-left page.
_PHYSICAL_SIDE = re.compile(
    r"text-align:\s*(?:left|right)|(?:padding|margin|border)-(?:left|right)|[{;\s](?:left|right):"
)
# padding/margin with four values whose right and left differ: as one-sided as the above.
_SHORTHAND = re.compile(
    r"(?:padding|margin):\s*([^;{}\s]+)\s+([^;{}\s]+)\s+([^;{}\s]+)\s+([^;{}\s]+)\s*[;}]"
)


def test_the_stylesheet_of_a_right_to_left_page_mirrors(built: Callable[[str], Files]) -> None:
    css = built("ar")["assets/style.css"].decode("utf-8")
    one_sided = _PHYSICAL_SIDE.findall(css) + [
        " ".join(values) for values in _SHORTHAND.findall(css) if values[1] != values[3]
    ]
    assert [] == one_sided


MAINTENANCE = "incidents/2026-11-29-payout-bank-maintenance/index.html"
TIMED_PAGES = [
    "index.html",
    "history/index.html",
    "components/payouts/index.html",
    PAYOUT,
    MAINTENANCE,
]


@pytest.mark.parametrize("path", TIMED_PAGES)
def test_each_time_on_a_right_to_left_page_is_isolated(
    built: Callable[[str], Files], path: str
) -> None:
    """A range's two ends joined by a dash ("… 23:00 +03 – 13 …", the offset marked
    left-to-right): unisolated, the start's zone, the dash and the end's day form one
    left-to-right run, and the end's day is drawn before the dash. Each time is set apart
    in the page's direction."""
    times = page(built("ar"), path).select("time")
    assert times
    assert [] == [str(t) for t in times if t.get("dir") != "rtl"]
    # A left-to-right page stays as it was: Latin times cannot move in a Latin line.
    assert [] == [str(t) for t in page(built("en"), path).select("time[dir]")]


@pytest.mark.parametrize(("tag", "comma"), [("en", ", "), ("ar", "، "), ("ja", "、")])
def test_a_components_last_incident_and_its_time_are_joined_in_the_language(
    built: Callable[[str], Files], tag: str, comma: str
) -> None:
    summary = page(built(tag), "components/api/index.html").select_one("dl")
    last = [dd for dd in summary.select("dd") if dd.a and dd.time]
    assert [comma] == [str(dd.a.next_sibling) for dd in last]


@pytest.mark.parametrize(
    ("tag", "state"),
    [("en", " (Identified)"), ("ja", "（原因特定）"), ("zh-Hans", "（已确定原因）")],
)
def test_a_components_open_incident_and_its_state_are_bracketed_in_the_language(
    built: Callable[[str], Files], tag: str, state: str
) -> None:
    summary = page(built(tag), "components/payouts/index.html").select_one("dl")
    opened = [a for a in summary.select("dd a") if "instant payouts" in a.get_text()]
    assert [state] == [str(a.next_sibling) for a in opened]


def test_german_site_translates_feeds_calendar_badges_and_widget(
    built: Callable[[str], Files],
) -> None:
    files = built("de")
    assert "<title>[Identifiziert] Errors when creating instant payouts</title>" in files[
        "feed.xml"
    ].decode("utf-8")
    assert "Betroffen&lt;/strong&gt;: " in files["atom.xml"].decode("utf-8")
    calendar = files["maintenance.ics"].decode("utf-8")
    assert "X-WR-CALNAME:Larchpay Status: Wartung" in calendar
    assert "CATEGORIES:Wartung" in calendar
    assert 'aria-label="Status: Vorfall"' in files["badge.svg"].decode("utf-8")
    widget = files["widget.js"].decode("utf-8")
    assert "Laufender Vorfall" in widget
    # The link text while the status cannot be loaded ("Status" in German too).
    assert 'const FALLBACK = "État";' in built("fr")["widget.js"].decode("utf-8")


@pytest.mark.parametrize(
    ("tag", "affects", "scheduled"),
    [
        ("de", "Betrifft: Payments API und Payouts", "Bank transfers and direct debit und Payouts"),
        ("ja", "影響範囲：Payments API、Payouts", "Bank transfers and direct debit、Payouts"),
        ("ar", "يؤثر على: Payments API وPayouts", "Bank transfers and direct debit وPayouts"),
    ],
)  # fmt: skip
def test_lists_of_components_read_as_the_language_lists(
    built: Callable[[str], Files], tag: str, affects: str, scheduled: str
) -> None:
    files = built(tag)
    # The words are the list's; each name is isolated on the Arabic page (the tests of
    # names among the words of a right-to-left page say where), not in the calendar.
    words = str.maketrans("", "", FSI + PDI)
    affected = page(files, "index.html").select_one(".affects").get_text()
    assert affects == affected.translate(words)
    assert (tag == "ar") == (FSI in affected)
    meta = [s.get_text() for s in page(files, "history/index.html").select(".event-meta span")]
    assert scheduled in [text.translate(words) for text in meta]
    calendar = files["maintenance.ics"].decode("utf-8").replace("\r\n ", "")
    assert scheduled in calendar
    # The history's search script lists a result's components the same way.
    form = page(files, "history/index.html").select_one("form.history-search")
    assert form is not None
    two = json.loads(str(form["data-messages"]))["list"][3]  # start, middle, end, two
    assert scheduled == two.format("Bank transfers and direct debit", "Payouts")


OVERRUN_WINDOW = """\
---
title: Overrun window
scheduled_for: 2026-11-14 02:00
scheduled_until: 2026-11-14 04:00
components: [api]
---
## Scheduled at 2026-11-01 10:00
Planned.

## In progress at 2026-11-14 04:30
Still working.

## Completed at 2026-11-14 06:00
Done late.
"""


@pytest.mark.parametrize(
    ("tag", "length"),
    [
        ("en", "Length 4 hr"),
        ("fr", "Durée totale 4 h"),
        ("es", "Duración total 4 h"),
        ("it", "Durata totale 4 h"),
        ("pt-BR", "Duração total 4 h"),
        ("ar", "المدة الإجمالية 4 س"),
        # A length of time, not of space ("Länge", "Lengte", "Długość").
        ("de", "Dauer 4 Std."),
        ("nl", "Duur 4 uur"),
        ("pl", "Czas trwania 4 godz."),
    ],
)
def test_a_window_that_ran_past_its_plan_gives_the_length_it_ran(
    tmp_path: Path, tag: str, length: str
) -> None:
    """Planned for two hours, the work ran four: the page's length is the four hours it
    ran, under a word that says so, not one that calls it the planned length."""
    (tmp_path / "content" / "incidents").mkdir(parents=True)
    (tmp_path / "statusgen.yaml").write_text(
        f"title: T\nbase_url: https://s.example.com/\nlanguage: {tag}\ntimezone: UTC\n"
        "input_timezone: UTC\nstart_date: 2026-11-01\n",
        encoding="utf-8",
    )
    (tmp_path / "content" / "components.yaml").write_text("- id: api\n  name: API\n")
    (tmp_path / "content" / "incidents" / "2026-11-14-overrun.md").write_text(
        OVERRUN_WINDOW, encoding="utf-8"
    )
    facts = page(render(tmp_path), "incidents/2026-11-14-overrun/index.html").select(".facts div")
    rows = [
        " ".join(row.get_text(" ").split()).translate(str.maketrans("", "", FSI + PDI))
        for row in facts
    ]
    assert length == rows[-1]


def test_a_german_feed_lists_the_affected_components_in_german(
    built: Callable[[str], Files],
) -> None:
    atom = built("de")["atom.xml"].decode("utf-8")
    assert (
        "Payments API (jetzt Leistungsminderung · schlimmster Status Leistungsminderung) und "
        "Payouts (jetzt Teilausfall · schlimmster Status Teilausfall)"
    ) in atom


def test_a_japanese_feed_joins_its_labels_as_the_language_does(
    built: Callable[[str], Files],
) -> None:
    # As the pages and e-mails write a label and its value: no space after the full-width colon.
    feed = built("ja")["feed.xml"].decode("utf-8")
    text = re.sub(r"<[^>]*>", "", unescape(unescape(feed)))
    assert "影響範囲：Payouts" in text
    assert "予定：2026年11月29日" in text


def test_a_list_of_markup_escapes_the_rest() -> None:
    """The component page lists its active events as links: the links stay markup, and a
    plain item (and the pattern's own text) is escaped."""
    joined = Language("en").join([Markup('<a href="/x">X</a>'), "A & B"])
    assert isinstance(joined, Markup)
    assert joined.startswith('<a href="/x">X</a>')
    assert joined.endswith("A &amp; B")


def test_machine_outputs_do_not_change_with_the_language(built: Callable[[str], Files]) -> None:
    english, german = built("en"), built("de")
    machine = [p for p in english if p.endswith(".json")]
    # The search index too: its rows hold moments, written in the language by the page.
    assert {"status.json", "api/v2/summary.json", "shields.json", "search.json"} <= set(machine)
    for path in machine:
        assert english[path] == german[path], path
    for feed in ("feed.xml", "atom.xml"):
        dates = re.compile(rb"<(pubDate|lastBuildDate|updated|published)>[^<]*<")
        assert dates.findall(english[feed]) == dates.findall(german[feed])
    iso = re.compile(rb'datetime="([^"]+)"')
    assert iso.findall(english[PAYOUT]) == iso.findall(german[PAYOUT])


# --- no word escapes the catalogs ---------------------------------------------------------------


def pseudo_catalog(language: str) -> str:
    """Every message as ⟦message⟧, placeholders kept: a page showing a word outside ⟦⟧
    has a word that did not come from a catalog."""
    catalog = Catalog(locale=babel_locale(language))
    for message in extract_messages():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string: str | tuple[str, ...] = tuple(
                f"⟦{message.id[1]}⟧" for _ in range(catalog.num_plurals)
            )
        else:
            string = f"⟦{message.id}⟧"
        catalog.add(message.id, string)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue().decode("utf-8")


def visible_text(html: str) -> str:
    """What a reader sees or hears: text outside scripts and incident messages, and the
    labels of elements."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text() if soup.title else ""
    for hidden in soup.select("script, style, .prose, head"):
        hidden.decompose()
    labels = [
        value
        for tag in soup.find_all(True)
        for name in ("aria-label", "title", "alt")
        if isinstance(value := tag.get(name), str)
    ]
    return "\n".join([title, soup.get_text("\n"), *labels])


# Monitors, so the checks' section, the response-time chart (its title, summary and axis)
# and the daily figures are scanned too: one with failed and slow runs, one advisory
# heartbeat that stopped reporting.
PSEUDO_MONITORS = """\
- id: api-health
  name: API health endpoint
  component: api
  type: http
  url: https://api.example.com/health
- id: payout-job
  name: Payout job
  component: checkout
  type: heartbeat
  advisory: true
"""


def monitor_runs(end: datetime, count: int, down: set[int], slow: set[int]) -> list[Check]:
    return [
        Check(
            end - timedelta(minutes=10) * (count - 1 - n),
            CheckResult.DOWN
            if n in down
            else CheckResult.DEGRADED
            if n in slow
            else CheckResult.UP,
            None if n in down else 900 if n in slow else 100 + n % 30,
            # As the checks write them: the words are statusgen's, shown translated.
            "connection refused"
            if n in down
            else "HTTP 200; slow: 900 ms (threshold 500 ms)"
            if n in slow
            else "HTTP 200",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Files, list[str]]:
    """The example site, with monitors, rendered with every message bracketed, and the
    site's own words (which no catalog holds), longest first."""
    # Japanese: CLDR's dates and numbers then hold no Latin letters, so any left is a word.
    root = site_in(tmp_path_factory.mktemp("pseudo"), "ja", {"ja.po": pseudo_catalog("ja")})
    (root / "content" / "monitors.yaml").write_text(PSEUDO_MONITORS, encoding="utf-8")
    zone = ZoneInfo("Europe/Berlin")
    store.record(
        root, {"api-health": monitor_runs(EXAMPLE_NOW, 150, {3, 4, 148}, {70, 149})}, zone, 90
    )
    old = EXAMPLE_NOW - timedelta(days=2)
    store.record(root, {"payout-job": monitor_runs(old, 5, set(), set())}, zone, 90)
    site = load_site(root)
    content = sorted(
        {
            site.settings.title,
            site.settings.description,
            *(c.name for c in site.components),
            *(c.description or "" for c in site.components),
            *(g.name for g in site.groups),
            *(g.description or "" for g in site.groups),
            *(e.title for e in (*site.incidents, *site.maintenances)),
            site.settings.timezone,
            # Monitors' names and kinds (protocol names: HTTP, TCP) are the site's words.
            *(m.name for m in site.monitors),
            *(m.kind.value.upper() for m in site.monitors),
        }
        - {""},
        key=len,
        reverse=True,
    )
    return render(root), content


def words_outside_catalogs(text: str, content: list[str]) -> list[str]:
    while "⟦" in text:  # innermost first: a message can hold another
        text, count = re.subn(r"⟦[^⟦⟧]*⟧", " ", text)
        assert count, text
    for known in content:
        text = text.replace(known, " ")
    text = re.sub(r"\b(CET|CEST|UTC)\b", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def test_no_theme_word_escapes_the_catalogs(pseudo: tuple[Files, list[str]]) -> None:
    files, content = pseudo
    pages = [p for p in files if p.endswith(".html")]
    assert len(pages) > 10
    for path in pages:
        text = visible_text(files[path].decode("utf-8"))
        assert [] == words_outside_catalogs(text, content), path


def test_pseudo_scan_covers_the_newer_parts_of_the_pages(
    pseudo: tuple[Files, list[str]],
) -> None:
    """The scan above sees the banner, the component summary, the history's search box and
    filters, and the monitors' chart: had they no words, it would prove nothing of them."""
    files, _ = pseudo
    component = files["components/api/index.html"].decode("utf-8")
    for message in ("Current status", "Last incident", "95th percentile"):
        assert f"⟦{message}⟧" in component
    assert "⟦Daily figures of API health endpoint⟧" in component
    assert re.search(r"<title id=\"rt-api-health-t\">⟦Response time of", component)
    assert "⟦response time median " in component
    # What the last check said, a message within a message.
    assert re.search(r"⟦⟦HTTP 200⟧; slow: 900 ms \(threshold 500 ms\)⟧", component)
    front = files["index.html"].decode("utf-8")
    assert 'class="banner-events"' in front
    history = files["history/index.html"].decode("utf-8")
    for message in ("Search the history", "Filter the history", "Impact:", "All"):
        assert f"⟦{message}⟧" in history
    assert "history/impact/major/index.html" in files


def test_search_script_messages_come_from_the_catalogs(pseudo: tuple[Files, list[str]]) -> None:
    """search.js says what the page gives it (data-messages), in every plural category."""
    form = page(pseudo[0], "history/index.html").select_one("form.history-search")
    assert form is not None
    messages = json.loads(str(form["data-messages"]))
    texts = [messages["none"], messages["unavailable"]]
    texts += [*messages["matches"].values(), *messages["newest"].values()]
    assert {"other"} <= set(messages["matches"])
    assert {"other"} <= set(messages["newest"])
    for text in texts:
        assert re.fullmatch(r"⟦[^⟦⟧]*⟧", text), text


def test_search_script_counts_in_each_plural_category(tmp_path: Path) -> None:
    arabic = search_messages(load_language(tmp_path, "ar"), ZoneInfo("UTC"))["matches"]
    assert {"zero", "one", "two", "few", "many", "other"} == set(arabic)
    english = search_messages(Language("en"), ZoneInfo("UTC"))
    assert {"one": "{n} match.", "other": "{n} matches."} == english["matches"]
    expected = {"one": "The newest 50 of {n} match.", "other": "The newest 50 of {n} matches."}
    assert expected == english["newest"]


def test_an_arabic_search_past_its_limit_says_the_plural_its_count_needs(tmp_path: Path) -> None:
    """Past the 50 results shown, the count still picks the noun: 105 matches is CLDR's
    "few" in Arabic ("نتائج"), 150 its "other" ("نتيجة"); once a single message, it said
    "نتيجة" for both."""
    arabic = load_language(tmp_path, "ar")
    newest = search_messages(arabic, ZoneInfo("UTC"))["newest"]
    assert {"zero", "one", "two", "few", "many", "other"} == set(newest)
    assert "أحدث 50 من {n} نتائج." == newest["few"]
    assert "أحدث 50 من {n} نتيجة." == newest["other"]
    singular, plural = (
        "The newest %(limit)s of %(count)s match.",
        "The newest %(limit)s of %(count)s matches.",
    )
    assert "أحدث %(limit)s من %(count)s نتائج." == arabic.ngettext(singular, plural, 105)


def test_a_polish_search_counts_without_intl_plural_rules(tmp_path: Path) -> None:
    """Polish counts whole numbers as "one", "few" and "many" only; a browser without
    Intl.PluralRules asks for "other", which must say the count too."""
    matches = search_messages(load_language(tmp_path, "pl"), ZoneInfo("UTC"))["matches"]
    expected = {
        "one": "{n} wynik.",
        "few": "{n} wyniki.",
        "many": "{n} wyników.",
        "other": "{n} wyników.",  # the plural most numbers take
    }
    assert expected == matches


# Every shipped language, and tags that read another tag's catalog (pt-PT reads pt-BR's,
# whose `n > 1` splits numbers unlike CLDR's pt-PT rule).
CATALOG_TAGS = [
    *(name.replace("_", "-") for name in SHIPPED),
    *("pt", "pt-PT", "es-419", "es-MX", "de-AT", "de-CH", "fr-CA", "it-CH", "nl-BE", "zh-CN"),
]


@pytest.mark.parametrize("tag", CATALOG_TAGS)
def test_search_counts_each_number_as_the_catalog_does(tmp_path: Path, tag: str) -> None:
    """search.js picks a count's text by the number's CLDR category (Intl.PluralRules); it
    must say what the catalog says for that number. It counts 1 to 50 results (none is "No
    incidents match.", more the newest 50 of them)."""
    language = load_language(tmp_path, tag)
    matches = search_messages(language, ZoneInfo("UTC"))["matches"]
    assert isinstance(matches, dict)
    for n in range(1, 51):
        expected = language.ngettext("%(count)s match.", "%(count)s matches.", n) % {"count": n}
        assert expected == matches[babel_locale(tag).plural_form(n)].replace("{n}", str(n)), n


def test_a_pt_pt_search_counts_in_the_plural(tmp_path: Path) -> None:
    """pt-PT reads the pt-BR catalog, which makes 0 singular where CLDR puts 0 with 2, 5…"""
    history = page(render(site_in(tmp_path, "pt-PT")), "history/index.html")
    form = history.select_one("form.history-search")
    assert form is not None
    expected = {"one": "{n} resultado.", "other": "{n} resultados."}
    assert expected == json.loads(str(form["data-messages"]))["matches"]


def test_no_fixed_word_of_feeds_calendar_or_badges_escapes(
    pseudo: tuple[Files, list[str]],
) -> None:
    files, content = pseudo
    badges = [p for p in files if p.endswith("badge.svg")]
    assert len(badges) > 5
    for path in badges:
        svg = BeautifulSoup(files[path].decode("utf-8"), "html.parser")
        for text in svg.find_all(["text", "title"]):
            assert [] == words_outside_catalogs(text.get_text(), content), path
    calendar = files["maintenance.ics"].decode("utf-8").replace("\r\n ", "")
    fixed = re.findall(r"^(?:X-WR-CALNAME|X-WR-CALDESC|CATEGORIES):(.*)$", calendar, re.M)
    assert len(fixed) > 2
    assert [] == words_outside_catalogs("\n".join(fixed), content)
    assert "DESCRIPTION:⟦Affected: " in calendar
    feed = files["feed.xml"].decode("utf-8")
    titles = re.findall(r"<item>\s*<title>([^<]*)</title>", feed)
    assert titles
    assert [] == words_outside_catalogs("\n".join(titles), content)
    assert "⟦Affected⟧" in files["atom.xml"].decode("utf-8")


# --- a site's own catalogs ------------------------------------------------------------------------

# The banner's heading with an incident open: a plural message, by the number open.
INCIDENT_PLURAL = ("Ongoing incident", ONGOING_INCIDENTS)


def po_text(language: str, messages: Mapping[str | tuple[str, str], str | tuple[str, ...]]) -> str:
    catalog = Catalog(locale=babel_locale(language))
    for message_id, string in messages.items():
        catalog.add(message_id, string)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue().decode("utf-8")


def test_a_site_overrides_a_shipped_message(tmp_path: Path) -> None:
    override = po_text("de", {INCIDENT_PLURAL: ("Störung", "Störungen")})
    files = render(site_in(tmp_path, "de", {"de.po": override}))
    index = page(files, "index.html")
    assert "Störung" == index.h1.get_text()
    assert "Aktuelle Vorfälle" == index.select_one("#incidents").get_text()  # shipped, kept


def test_a_site_adds_a_language_statusgen_does_not_ship(tmp_path: Path) -> None:
    esperanto = po_text("eo", {INCIDENT_PLURAL: ("Daŭra incidento", "Daŭraj incidentoj")})
    files = render(site_in(tmp_path, "eo", {"eo.po": esperanto}))
    index = page(files, "index.html")
    assert ("eo", "Daŭra incidento") == (index.html["lang"], index.h1.get_text())
    # A message the site did not translate falls back to English, never to nothing.
    assert "Active incidents" == index.select_one("#incidents").get_text()


def test_a_translation_of_a_text_never_breaks_out_of_its_attribute(tmp_path: Path) -> None:
    # A translator cannot know that "Site" is printed in an attribute, nor that the
    # heading is no markup; a message whose msgid is markup stays markup.
    catalog = po_text(
        "de",
        {
            "Site": 'Website "Navigation"',
            "%(name)s, day by day": '%(name)s, "Tag für Tag"',
            INCIDENT_PLURAL: ("Störung <jetzt> & mehr", "Störungen <jetzt> & mehr"),
            'Questions? <a href="%(support)s">Contact support</a>.': (
                'Fragen? <a href="%(support)s">Schreiben Sie uns</a>.'
            ),
        },
    )
    index = page(render(site_in(tmp_path, "de", {"de.po": catalog})), "index.html")

    assert 'Website "Navigation"' == index.select_one("header nav")["aria-label"]
    bars = index.select_one("ol.bars")["aria-label"]
    assert bars.endswith(', "Tag für Tag"'), bars
    assert "Störung <jetzt> & mehr" == index.h1.get_text()
    assert "Schreiben Sie uns" == index.select_one("footer a").get_text()


def test_a_translation_of_a_text_with_a_bare_ampersand_or_angle_stays_in_its_attribute(
    tmp_path: Path,
) -> None:
    # "R&D" and "< 200 ms" hold no tag and no entity: text, as is their translation,
    # whose quotes must not end the attribute, double- or single-quoted.
    catalog = po_text(
        "fr",
        {
            "Our R&D team": 'Notre équipe "R&D"',
            "Response time < 200 ms": 'Temps de réponse "< 200 ms"',
            "Help": "Aujourd'hui",
        },
    )
    root = site_in(tmp_path, "fr", {"fr.po": catalog})
    notice = root / "themes" / TEMPLATES_DIR / "partials" / "notice.html"
    notice.parent.mkdir(parents=True)
    notice.write_text(
        '<p class="t1" title="{{ _("Our R&D team") }}">1</p>\n'
        '<p class="t2" title="{{ _("Response time < 200 ms") }}">2</p>\n'
        '<p class="t3" title=\'{{ _("Help") }}\'>3</p>\n',
        encoding="utf-8",
    )
    index = page(render(root), "index.html")

    assert 'Notre équipe "R&D"' == index.select_one("p.t1")["title"]
    assert 'Temps de réponse "< 200 ms"' == index.select_one("p.t2")["title"]
    assert "Aujourd'hui" == index.select_one("p.t3")["title"]


def test_a_sites_arabic_catalog_loads_and_translates(tmp_path: Path) -> None:
    # "م" is D9 85 in UTF-8: byte 0x85 is a line break to str.splitlines().
    arabic = po_text("ar", {INCIDENT_PLURAL: ("حوادث مستمرة", "حادث مستمر", *["حوادث مستمرة"] * 4)})
    root = site_in(tmp_path, "ar", {"ar.po": arabic})

    code, output = cli_run(root, "check")

    assert (0, "No problems found") == (code, output[: len("No problems found")])
    assert "حادث مستمر" == page(render(root), "index.html").h1.get_text()


@pytest.mark.parametrize("name", SHIPPED)
def test_a_copy_of_a_shipped_catalog_gives_the_shipped_pages(
    tmp_path: Path, built: Callable[[str], Files], name: str
) -> None:
    # As docs/languages.md suggests for a start: translator comments hold any script.
    language = name.replace("_", "-")
    shipped = (CATALOGS / name / "LC_MESSAGES" / "statusgen.po").read_text(encoding="utf-8")
    root = site_in(tmp_path, language, {f"{name}.po": shipped})

    code, output = cli_run(root, "check")

    assert (0, "") == (code, "".join(line for line in output.splitlines() if ".po" in line))
    assert built(language) == render(root)


def test_a_broken_site_catalog_is_a_diagnostic_with_its_line(tmp_path: Path) -> None:
    broken = 'msgid "History"\nmsgstr "Verlauf"\nmsgid\n'
    root = site_in(tmp_path, "de", {"de.po": broken})
    with pytest.raises(StatusgenError) as caught:
        render(root)
    (diagnostic,) = caught.value.diagnostics
    assert "translations/de.po" == diagnostic.path
    assert diagnostic.line > 0


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def cli_run(root: Path, *args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from statusgen.cli import cli

    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    # A mistake in a catalog is the user's: a clean exit, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def german_site(folder: Path, catalog: str) -> Path:
    from sitefiles import SETTINGS, write_site

    return write_site(
        folder,
        {"statusgen.yaml": SETTINGS + "language: de\n", "translations/de.po": HEADER + catalog},
    )


@pytest.mark.parametrize(
    ("catalog", "line", "wording"),
    [
        ('msgid "Affects: %(names)s"\nmsgstr "Betrifft: %(komponenten)s"\n', 7, "%(komponenten)s"),
        (
            'msgid "%(count)s more"\nmsgid_plural "%(count)s more"\n'
            'msgstr[0] "%(count)s weiterer"\nmsgstr[1] "%(anzahl)s weitere"\n',
            9,
            "%(anzahl)s",
        ),
        ('msgid "History"\nmsgstr "Verlauf\n', 7, "not closed"),
        ('msgid "History"\nmsgstr "Ver"lauf"\n', 7, "cannot read this line"),
        ('msgid "As of %(time)s"\nmsgstr "100% Stand %(time)s"\n', 7, "%%"),
        (
            # "х" is D1 85 in UTF-8: the line after it is still line 9.
            'msgid "History"\nmsgstr "История, х"\n'
            'msgid "Affects: %(names)s"\nmsgstr "Затронуто: %(komponenten)s"\n',
            9,
            "%(komponenten)s",
        ),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_translation_the_pages_cannot_use_is_reported_at_its_line(
    tmp_path: Path, catalog: str, line: int, wording: str, command: str
) -> None:
    root = german_site(tmp_path, catalog)
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 1 == code
    assert output.startswith(f"translations/de.po:{line}: "), output
    assert wording in output
    assert not (root / "public").exists()


def test_a_translation_whose_quote_is_not_closed_has_its_other_mistake_at_its_line(
    tmp_path: Path,
) -> None:
    root = german_site(
        tmp_path, 'msgid "Affects: %(names)s"\nmsgstr "Betrifft: %(komponenten)s jetzt\n'
    )

    code, output = cli_run(root, "check")

    assert 1 == code
    assert ["translations/de.po:7:"] * 2 == [
        line[: len("translations/de.po:7:")]
        for line in output.splitlines()
        if line.startswith("translations/")
    ], output
    assert "%(komponenten)s" in output


DOUBLED = 'msgid "History"\nmsgstr "Verlauf (100%%)"\n'
UNTRANSLATED = 'msgid "Active incidents"\n'


@pytest.mark.parametrize(
    ("catalog", "error", "warning"),
    [
        (f"{DOUBLED}\n{UNTRANSLATED}", 9, 7),
        # Babel stops at the message without msgstr, before the one after it.
        (f"{UNTRANSLATED}\n{DOUBLED}", 6, 9),
    ],
    ids=["error-last", "error-first"],
)
def test_a_catalog_babel_cannot_read_has_its_warnings_said_with_the_error(
    tmp_path: Path, catalog: str, error: int, warning: int
) -> None:
    root = german_site(tmp_path, catalog)

    code, output = cli_run(root, "check")

    said = {
        int(line.split(":")[1]): line
        for line in output.splitlines()
        if line.startswith("translations/de.po:")
    }
    assert (1, [min(error, warning), max(error, warning)]) == (code, sorted(said)), output
    assert said[warning].startswith(f"translations/de.po:{warning}: warning: "), output
    assert "%%" in said[warning]
    assert "'Active incidents'" in said[error]
    # Babel's own count of lines, from 0, would contradict the diagnostic's line.
    assert re.search(r" on \d+$", said[error]) is None, said[error]


def test_a_translation_that_leaves_out_a_value_is_a_warning(tmp_path: Path) -> None:
    root = german_site(tmp_path, 'msgid "Affects: %(names)s"\nmsgstr "Betroffen"\n')

    code, output = cli_run(root, "check")

    assert 0 == code
    assert output.startswith("translations/de.po:7: warning: "), output
    assert "%(names)s" in output


# A theme's plural message as Jinja's own docs write it, a number's conversion of `num`.
PEARS = 'msgid "%(num)d pear"\nmsgid_plural "%(num)d pears"\n'


@pytest.mark.parametrize(
    "forms",
    [
        ("%(num)d Birne", "%(num)d Birnen"),
        ("%(num)i Birne", "%(num)5d Birnen"),
        ("eine Birne", "%(num)s Birnen"),
        ("%(num)+.1f Birne", "%(num)-03d Birnen"),
    ],
)
def test_a_number_conversion_of_a_messages_value_is_a_translation_of_it(
    tmp_path: Path, forms: tuple[str, str]
) -> None:
    catalog = PEARS + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    root = german_site(tmp_path, catalog)
    theme = root / "themes" / "templates" / "partials" / "notice.html"
    theme.parent.mkdir(parents=True)
    theme.write_text('{{ ngettext("%(num)d pear", "%(num)d pears", 2) }}\n', encoding="utf-8")

    code, output = cli_run(root, "check")

    assert (0, "No problems found") == (code, output[: len("No problems found")]), output


@pytest.mark.parametrize(
    ("catalog", "wording"),
    [
        (PEARS + 'msgstr[0] "%(n)d Birne"\nmsgstr[1] "%(num)d Birnen"\n', "%(n)s"),
        (PEARS + 'msgstr[0] "%d Birne"\nmsgstr[1] "%(num)d Birnen"\n', "a % that"),
        # A value the page gives as text (a name, a number written as the language does)
        # is no number to format.
        ('msgid "Affects: %(names)s"\nmsgstr "Betrifft: %(names)d"\n', "%(names)d"),
    ],
    ids=["other-name", "lone", "text-as-number"],
)
def test_a_conversion_the_pages_cannot_format_is_an_error(
    tmp_path: Path, catalog: str, wording: str
) -> None:
    root = german_site(tmp_path, catalog)

    code, output = cli_run(root, "check")

    assert 1 == code, output
    assert output.startswith("translations/de.po:"), output
    assert wording in output


def test_a_themes_plural_message_with_a_number_conversion_is_shown_translated(
    tmp_path: Path,
) -> None:
    catalog = PEARS + 'msgstr[0] "%(num)d Birne"\nmsgstr[1] "%(num)d Birnen"\n'
    root = german_site(tmp_path, catalog)
    theme = root / "themes" / "templates" / "partials" / "notice.html"
    theme.parent.mkdir(parents=True)
    # A count of four digits is written 1.234 in German, which is no number to %d.
    theme.write_text(
        '<p id="pears">{{ ngettext("%(num)d pear", "%(num)d pears", 2) }}, '
        '{{ ngettext("%(num)d pear", "%(num)d pears", 1234) }}</p>\n',
        encoding="utf-8",
    )

    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert 0 == code, output
    index = BeautifulSoup((root / "public" / "index.html").read_text("utf-8"), "html.parser")
    pears = index.select_one("#pears")
    assert pears is not None
    assert "2 Birnen, 1234 Birnen" == pears.get_text()


@pytest.mark.parametrize("translation", ["Verlauf (100%)", "Chronik 100%"])
def test_a_percent_sign_in_a_message_without_values_is_shown_as_written(
    tmp_path: Path, translation: str
) -> None:
    root = german_site(tmp_path, f'msgid "History"\nmsgstr "{translation}"\n')

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert (0, 0) == (checked[0], code), output
    assert "translations/de.po" not in checked[1] + output
    index = BeautifulSoup((root / "public" / "index.html").read_text("utf-8"), "html.parser")
    history = index.select_one('header a[href$="history/"]')
    assert history is not None
    assert translation == history.get_text(strip=True)


def test_a_checks_words_without_values_show_a_percent_sign_as_written(tmp_path: Path) -> None:
    catalog = po_text("de", {"connection refused": "Verbindung abgelehnt (100%)"})
    root = site_in(tmp_path, "de", {"de.po": catalog})
    (root / "content" / "monitors.yaml").write_text(PSEUDO_MONITORS, encoding="utf-8")
    runs = monitor_runs(EXAMPLE_NOW, 10, {9}, set())
    store.record(root, {"api-health": runs}, ZoneInfo("Europe/Berlin"), 90)

    component = page(render(root), "components/api/index.html").get_text(" ")

    assert "Verbindung abgelehnt (100%)" in component


def test_a_doubled_percent_sign_in_a_message_without_values_is_a_warning(
    tmp_path: Path,
) -> None:
    root = german_site(tmp_path, 'msgid "History"\nmsgstr "Verlauf (100%%)"\n')

    code, output = cli_run(root, "check")

    assert 0 == code
    assert output.startswith("translations/de.po:7: warning: "), output
    assert "%%" in output


# The plain message an earlier statusgen showed, now a plural message of another msgid.
FORMER = (
    'msgid "The newest %(limit)s of %(count)s matches."\n'
    'msgstr "Die neuesten %(limit)s von %(count)s Treffern."\n'
)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_translation_of_a_text_statusgen_does_not_show_is_a_warning_at_its_line(
    tmp_path: Path, command: str
) -> None:
    root = german_site(tmp_path, f'{FORMER}\nmsgid "Histroy typo"\nmsgstr "Verlauf"\n')
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    said = [line for line in output.splitlines() if line.startswith("translations/de.po:")]
    assert 0 == code, output
    assert ["translations/de.po:6: warning: ", "translations/de.po:9: warning: "] == [
        line[: len("translations/de.po:6: warning: ")] for line in said
    ], output
    assert "statusgen.pot" in output
    assert "The newest %(limit)s of %(count)s matches." in said[0]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_translation_in_a_context_is_a_warning_at_its_msgctxt(
    tmp_path: Path, command: str
) -> None:
    # statusgen looks each text up by its msgid alone: "Abo" never showed, without a word.
    root = german_site(tmp_path, 'msgctxt "menu"\nmsgid "Subscribe"\nmsgstr "Abo"\n')
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    said = [line for line in output.splitlines() if line.startswith("translations/de.po:")]
    assert 0 == code, output
    assert [
        "translations/de.po:6: warning: statusgen shows no text in a context "
        "(msgctxt 'menu'): this translation has no effect"
    ] == said, output
    assert "hint: delete the msgctxt line" in output


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_invalid_escape_is_an_error_naming_it_and_the_valid_ones(
    tmp_path: Path, command: str
) -> None:
    # gettext's msgfmt refuses \q; the pages showed "Komponente:\q \x41" as typed.
    catalog = 'msgid "Operational"\nmsgstr "Störungsfrei:\\q \\x41 \\"ok\\"\\n"\n'
    root = german_site(tmp_path, catalog)
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    said = [line for line in output.splitlines() if line.startswith("translations/de.po:")]
    valid = 'a .po string may write \\\\, \\", \\n, \\t, \\r, \\a, \\b, \\f, \\v'
    assert 1 == code, output
    assert [
        f"translations/de.po:7:22: invalid escape \\q in the string: {valid}",
        f"translations/de.po:7:25: invalid escape \\x41 in the string: {valid}",
    ] == said, output
    assert "hint: write the character itself" in output
    assert not (root / "public").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_untranslated_entry_for_a_text_nothing_shows_is_skipped(
    tmp_path: Path, command: str
) -> None:
    # As in a catalog started from an older statusgen.pot: the entry changes no page.
    root = german_site(tmp_path, 'msgid "Affected:"\nmsgstr ""\n')
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 0 == code, output
    assert "translations/de.po" not in output


@pytest.mark.parametrize(
    ("catalog", "line", "wording"),
    [
        ('msgid "My footer"\n\nmsgid "History"\nmsgstr "Verlauf"\n', 6, "'My footer'"),
        ('msgid "My footer"\nmsgstr "F\n', 7, "not closed"),
    ],
    ids=["no-msgstr", "unclosed-last-line"],
)
def test_a_broken_entry_for_a_text_nothing_shows_is_reported_at_its_line(
    tmp_path: Path, catalog: str, line: int, wording: str
) -> None:
    root = german_site(tmp_path, catalog)

    code, output = cli_run(root, "check")

    said = [x for x in output.splitlines() if x.startswith(f"translations/de.po:{line}: ")]
    assert 1 == code, output
    assert [True] == [wording in x and "warning" not in x for x in said], output


def test_only_translations_of_texts_nothing_shows_are_warned_about(tmp_path: Path) -> None:
    theme = "themes/templates/partials/notice.html"
    catalog = (
        'msgid "History"\nmsgstr "Chronik"\n\n'
        'msgid "The newest %(limit)s of %(count)s match."\n'
        'msgid_plural "The newest %(limit)s of %(count)s matches."\n'
        'msgstr[0] "Der neueste von %(count)s Treffern."\n'
        'msgstr[1] "Die neuesten %(limit)s von %(count)s Treffern."\n\n'
        # The site's own theme shows its own messages, which its catalog translates.
        'msgid "Call us"\nmsgstr "Rufen Sie uns an"\n\n'
        '#~ msgid "Histroy typo"\n#~ msgstr "Verlauf"\n'
    )
    root = german_site(tmp_path, catalog)
    (root / theme).parent.mkdir(parents=True)
    (root / theme).write_text("<p>{% trans %}Call us{% endtrans %}</p>\n", encoding="utf-8")

    code, output = cli_run(root, "check")

    assert (0, "No problems found") == (code, output[: len("No problems found")]), output


def test_a_multi_line_trans_block_is_read_for_its_message_as_pages_read_it(
    tmp_path: Path,
) -> None:
    # The block's tags on lines of their own: pages drop the newline after each tag and
    # the indentation before it (trim_blocks, lstrip_blocks), and so must the msgid check.
    footer = "<p>\n    {% trans %}\n    Questions? Write to us.\n    {% endtrans %}\n</p>\n"
    catalog = (
        'msgid "    Questions? Write to us.\\n"\nmsgstr "    Fragen? Schreiben Sie uns.\\n"\n\n'
        'msgid "\\n    Questions? Write to us.\\n    "\nmsgstr "\\n    Fragen?\\n    "\n'
    )
    root = german_site(tmp_path, catalog)
    (root / "themes/templates/partials").mkdir(parents=True)
    (root / "themes/templates/partials/footer.html").write_text(footer, encoding="utf-8")

    code, output = cli_run(root, "check")

    said = [line for line in output.splitlines() if line.startswith("translations/de.po:")]
    assert 0 == code, output
    # The second entry, which no page looks up, is the one warned about.
    warning = "translations/de.po:9: warning: "
    assert [warning] == [line[: len(warning)] for line in said], output
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")
    assert 0 == code, output
    index = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "Fragen? Schreiben Sie uns." in index


def test_a_percent_sign_of_a_trans_block_without_values_is_one_sign() -> None:
    """`{% trans %}` writes a percent sign %% in its msgid, values or not."""
    from statusgen.i18n import template_functions

    _ = template_functions(Language("en"))["_"]
    assert ["100% sure", "100% sure"] == [_("100%% sure"), _("100%% sure")]


# --- CLDR formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "fraction", "expected"),
    [
        ("en", 0.99999, "99.99%"),
        ("de", 0.96849, "96,84\xa0%"),
        ("fr", 1.0, "100\xa0%"),
        ("en", None, "No data"),
        ("de", None, "Keine Daten"),
        # A left-to-right mark keeps the sign right of the digits in a right-to-left
        # line, after Arabic words as at the line's start.
        ("ar", 0.99961, "\u200e99.96%"),
        ("ar", 1.0, "\u200e100%"),
    ],
)
def test_percentages_follow_the_language_and_never_round_up(
    tmp_path: Path, tag: str, fraction: float | None, expected: str
) -> None:
    assert expected == load_language(tmp_path, tag).percent(fraction)


@pytest.mark.parametrize(
    ("tag", "span", "expected"),
    [
        ("en", timedelta(days=3, hours=2), "3 days, 2 hr"),
        ("de", timedelta(hours=1, minutes=4), "1 Std., 4 Min."),
        ("pl", timedelta(days=5), "5 dni"),
        ("ja", timedelta(hours=1, minutes=4), "1 時間 4 分"),
        ("de", timedelta(seconds=30), "weniger als eine Minute"),
    ],
)
def test_durations_follow_the_language(
    tmp_path: Path, tag: str, span: timedelta, expected: str
) -> None:
    assert expected == load_language(tmp_path, tag).duration(span)


def test_an_unknown_language_keeps_english_formats() -> None:
    assert "Nov 22, 2026" == Language("xx").date(EXAMPLE_NOW.date())


def test_check_warns_about_a_language_without_a_catalog(tmp_path: Path) -> None:
    from statusgen.validate import check_site

    site, diagnostics = check_site(site_in(tmp_path, "eo"))
    assert site is not None
    (warning,) = diagnostics
    assert ("statusgen.yaml", "warning") == (warning.path, warning.severity.value)
    assert "translations/eo.po" in warning.hint


def test_check_reports_a_broken_site_catalog(tmp_path: Path) -> None:
    from statusgen.validate import check_site

    broken = 'msgid "History"\nmsgstr "Verlauf"\nmsgid\n'
    site, diagnostics = check_site(site_in(tmp_path, "de", {"de.po": broken}))
    assert site is None
    assert ["translations/de.po"] == [d.path for d in diagnostics]


# One Language formats every value of a build and remembers each text: a remembered text
# must be the one of the value asked for, whatever was asked before it.
@pytest.mark.parametrize(
    ("tag", "asked", "expected"),
    [
        ("en", [("month", "2026-11-30"), ("month", "2026-12-01")], "December 2026"),
        ("en", [("month", "2025-11-30"), ("month", "2026-11-01")], "November 2026"),
        ("de", [("month", "2026-11-02"), ("month", "2026-11-30")], "November 2026"),
        ("en", [("day_month", "2026-11-22"), ("day_month", "2026-11-23")], "Nov 23"),
        ("en", [("date", "2026-11-22"), ("month", "2026-11-22")], "November 2026"),
    ],
)
def test_remembered_formats_answer_the_value_asked(
    tag: str, asked: list[tuple[str, str]], expected: str
) -> None:
    from datetime import date

    language = Language(tag)
    answers = [getattr(language, kind)(date.fromisoformat(day)) for kind, day in asked]
    assert expected == answers[-1]
    assert answers[-1] == getattr(Language(tag), asked[-1][0])(date.fromisoformat(asked[-1][1]))


def test_remembered_numbers_keep_their_own_text() -> None:
    language = Language("de")
    assert ["1.234", "7", "1.234,5", "7"] == [
        language.number(1234),
        language.number(7),
        language.number(1234.5),
        language.number(7),
    ]


@pytest.mark.parametrize("tag", [*SHIPPED, "hi", "fa", "he", "ar_EG", "de_CH", "en_IN", "sv"])
def test_numbers_read_as_babel_writes_them_in_every_language(tag: str) -> None:
    # Small whole numbers are written without Babel where its pattern for the language
    # would add nothing to the digits; every one must still read as Babel writes it.
    from babel.numbers import format_decimal

    # Babel groups four digits where CLDR's minimumGroupingDigits does not (Polish `1234`):
    # below the first number `number` groups, Babel's digits without its separators.
    language = Language(tag)
    grouped_from = 10 ** (language.number_grouping[1] + language.min_grouping - 1)
    values = (*range(0, 1100, 7), 999, 1000, 1001, 1234, 9999, 10_000, 12_345, 1_234_567, 2.5)
    for value in values:
        grouped = value >= grouped_from
        expected = format_decimal(value, locale=language.locale, group_separator=grouped)
        assert str(expected) == language.number(value)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("pl", ("\u00a0", 3, 3, 2)),
        ("es", (".", 3, 3, 2)),
        ("it", (".", 3, 3, 2)),
        ("pt-PT", ("\u00a0", 3, 3, 2)),
        ("de", (".", 3, 3, 1)),
        ("en", (",", 3, 3, 1)),
        ("fr", ("\u202f", 3, 3, 1)),
        # A region takes its own CLDR parent's: Latin American Spanish groups from four.
        ("es-MX", (",", 3, 3, 1)),
    ],
)
def test_search_groups_counts_as_the_page_does(
    tmp_path: Path, tag: str, expected: tuple[str, int, int, int]
) -> None:
    """search.js writes a count with the separator, group sizes and CLDR's
    minimumGroupingDigits the build gives it (`1234` but `12 345` in Polish, as the
    pages write numbers), not with the browser's own."""
    language = load_language(tmp_path, tag)
    assert expected == search_messages(language, ZoneInfo("UTC"))["number"]
    separator, *_, minimum = expected
    assert ("1234" if minimum == 2 else f"1{separator}234") == language.number(1234)
    assert f"12{separator}345" == language.number(12_345)


def test_long_durations_and_day_counts_group_as_numbers_do() -> None:
    # Babel's units group every four digits; Polish leaves them whole, as `number` does.
    polish = Language("pl")
    assert "1234 dni" == polish.duration(timedelta(days=1234))
    assert "12\u00a0345 dni" == polish.duration(timedelta(days=12_345))
    assert "1234 dni temu" == polish.days_ago(1234)
    assert "1.234 Tage" == Language("de").duration(timedelta(days=1234))


@pytest.mark.parametrize("tag", [*SHIPPED, "tr", "hi", "fa", "he", "ar_EG", "de_CH", "sv"])
def test_percentages_read_as_babel_writes_them_in_every_language(tag: str) -> None:
    # Below 100 % a percentage is written from the parts Babel put around one it wrote
    # (Turkish writes the sign first, French and German after a no-break space); every
    # one must still read as Babel writes it, cut to hundredths (after a left-to-right
    # mark in a right-to-left language).
    from babel.numbers import parse_pattern

    language = Language(tag)
    mark = "\u200e" if language.direction == "rtl" else ""
    for points in (*range(0, 10_001, 3), 9_999, 10_000):
        pattern = parse_pattern(str(language.locale.percent_formats[None].pattern))
        pattern.frac_prec = (0, 0) if points == 10_000 else (2, 2)
        expected = mark + str(pattern.apply(points / 10_000, language.locale))
        assert expected == language.percent(points / 10_000), points


def test_template_messages_are_their_own_whatever_came_before() -> None:
    """The markup of a message without values is made once per build; a message with
    values, or another message, is never answered with it."""
    from statusgen.i18n import template_functions

    _ = template_functions(Language("en"))["_"]
    assert ["Status", "History", "Status", "<b> is 100%", "&lt;i&gt; is 100%"] == [
        _("Status"),
        _("History"),
        _("Status"),
        _("%(x)s is 100%%", x=Markup("<b>")),
        _("%(x)s is 100%%", x="<i>"),
    ]


def test_remembered_times_answer_the_minute_asked() -> None:
    language = Language("de")
    berlin = ZoneInfo("Europe/Berlin")
    asked = [
        datetime(2026, 11, 22, 9, 5, tzinfo=berlin),
        datetime(2026, 11, 23, 9, 5, 59, tzinfo=berlin),
        datetime(2026, 11, 23, 9, 6, tzinfo=berlin),
        datetime(2026, 11, 23, 21, 5, tzinfo=berlin),
    ]
    assert ["09:05", "09:05", "09:06", "21:05"] == [language.time(m) for m in asked]


def test_remembered_durations_answer_the_span_asked() -> None:
    language = Language("en")
    spans = [
        timedelta(hours=1, minutes=4),
        timedelta(hours=1, minutes=4, seconds=59),
        timedelta(hours=1, minutes=5),
        timedelta(days=1, hours=1, minutes=4),
        timedelta(seconds=59),
    ]
    assert ["1 hr, 4 min", "1 hr, 4 min", "1 hr, 5 min", "1 day, 1 hr", "less than a minute"] == [
        language.duration(span) for span in spans
    ]


def test_the_two_times_of_the_night_the_clocks_go_back_stay_apart() -> None:
    """Two datetimes of one zone compare by their wall time: 02:30 before and after the
    clocks go back are equal to Python, but are an hour apart and say so."""
    berlin = ZoneInfo("Europe/Berlin")
    summer = datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=0)
    winter = datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=1)
    language = Language("en")
    assert ["Oct 25, 2026, 02:30 CEST", "Oct 25, 2026, 02:30 CET"] == [
        language.datetime(summer, berlin),
        language.datetime(winter, berlin),
    ]


# How each shipped language separates the parts of one label (a day's uptime, then what
# happened): CLDR practice, never the English "; " in a language that writes another.
SEPARATORS = [
    ("en", "; "),
    ("fr", " ; "),
    ("ar", "؛ "),
    ("ja", "、"),
    ("zh-Hans", "；"),
]


@pytest.mark.parametrize(("tag", "separator"), SEPARATORS)
def test_a_day_bar_joins_its_parts_as_the_language_does(
    built: Callable[[str], Files], tag: str, separator: str
) -> None:
    bars = page(built(tag), "index.html").select("ol.bars > li")
    labels = [bar.get_text() for bar in bars if "instant payouts" in bar.get_text()]

    assert labels
    for label in labels:
        # The title isolated on the right-to-left page (U+2068 … U+2069), as it is read.
        shown = label.replace(FSI, "").replace(PDI, "")
        assert f"{separator}Errors when creating instant payouts" in shown, label
        assert tag == "en" or "; " not in shown.replace(separator, ""), label
        assert (tag == "ar") == ("Errors when creating instant payouts" in isolated(label))


@pytest.mark.parametrize(("tag", "separator"), SEPARATORS)
def test_the_checks_words_join_as_the_language_does(
    tmp_path: Path, tag: str, separator: str
) -> None:
    root = site_in(tmp_path, tag)
    (root / "content" / "monitors.yaml").write_text(PSEUDO_MONITORS, encoding="utf-8")
    runs = monitor_runs(EXAMPLE_NOW, 150, {3, 4, 148}, {70, 149})
    store.record(root, {"api-health": runs}, ZoneInfo("Europe/Berlin"), 90)

    component = page(render(root), "components/api/index.html")
    summary = component.select_one("figure.chart-figure figcaption").get_text()
    last_day = component.select("ol.bars > li")[-1].get_text()

    # Runs; response times; runs without an answer (the failed ones here); failed; slow.
    # Japanese also lists the response times with "、".
    assert (6 if tag == "ja" else 4) == summary.count(separator), summary
    assert summary.endswith("。" if tag in ("ja", "zh-Hans") else "."), summary
    # Status and uptime (with "、" in Japanese); the incident; the checks.
    assert (3 if tag == "ja" else 2) == last_day.count(separator), last_day
    assert tag == "en" or "; " not in (summary + last_day).replace(separator, "")


def test_a_day_bar_writes_the_checks_status_as_the_catalog_does(tmp_path: Path) -> None:
    # The words come from the catalog as a sentence writes them: German keeps its nouns
    # capitalised ("Leistungsminderung"), English writes them in lower case.
    root = site_in(tmp_path, "de")
    (root / "content" / "monitors.yaml").write_text(PSEUDO_MONITORS, encoding="utf-8")
    runs = monitor_runs(EXAMPLE_NOW, 150, {3, 4, 148, 149}, set())
    store.record(root, {"api-health": runs}, ZoneInfo("Europe/Berlin"), 90)

    bars = page(render(root), "components/api/index.html").select("ol.bars > li")

    said = [re.search(r"Prüfungen: [^;]*", bar.get_text()) for bar in bars]
    assert {"Prüfungen: Leistungsminderung", "Prüfungen: betriebsbereit"} <= {
        found[0] for found in said if found
    }


@pytest.mark.parametrize(
    ("tag", "today", "yesterday"),
    [("en", "today", "1 day ago"), ("de", "heute", "vor 1 Tag"), ("ja", "今日", "1 日前")],
)
def test_no_days_ago_is_today_in_the_language(
    tmp_path: Path, tag: str, today: str, yesterday: str
) -> None:
    # A count of 0 reads as in the future ("in 0 days", "in 0 Tagen", "0 日後").
    root = site_in(tmp_path, tag)
    notice = root / "themes" / TEMPLATES_DIR / "partials" / "notice.html"
    notice.parent.mkdir(parents=True)
    notice.write_text('<p class="probe">{{ days_ago(0) }}|{{ days_ago(1) }}</p>\n', "utf-8")

    probe = page(render(root), "index.html").select_one("p.probe")

    assert probe is not None
    assert f"{today}|{yesterday}" == probe.get_text()


@pytest.mark.parametrize(
    ("tag", "uptime", "window"),
    [
        ("en", "over 1,200 days", "The bars show the last 180 days."),
        ("de", "über 1.200 Tage", "Die Balken zeigen die letzten 180 Tage."),
    ],
)
def test_day_counts_read_as_the_language_writes_numbers(
    tmp_path: Path, tag: str, uptime: str, window: str
) -> None:
    root = site_in(tmp_path, tag)
    settings = (root / "statusgen.yaml").read_text(encoding="utf-8")
    settings = settings.replace("history_days: 90", "history_days: 1200")
    (root / "statusgen.yaml").write_text(settings + "start_date: 2010-01-01\n", encoding="utf-8")

    files = render(root)

    component = page(files, "components/api/index.html").get_text(" ")
    assert uptime in component
    # The note below the bars names the days they hold, 180 at most; the uptime, every day.
    note = page(files, "index.html").select_one(".bars-long")
    assert note is not None
    assert window == note.get_text()


def open_incident(n: int) -> str:
    return (
        f"---\ntitle: Trouble {n}\nstatus: investigating\ncomponents:\n  api: partial_outage\n"
        f"---\n## Investigating at 2026-11-1{n} 10:00 +00:00\nLooking.\n"
    )


@pytest.mark.parametrize(
    ("tag", "more", "expected"),
    [("ar", 4, "وواحد إضافي"), ("ar", 5, "واثنان إضافيان"), ("it", 4, "e 1 altro")],
)
def test_the_banner_counts_the_events_it_leaves_out_in_plural_forms(
    tmp_path: Path, tag: str, more: int, expected: str
) -> None:
    from sitefiles import SETTINGS, write_site

    files: dict[str, str | bytes | None] = {"statusgen.yaml": SETTINGS + f"language: {tag}\n"}
    for n in range(more):
        files[f"content/incidents/2026-11-1{n}-trouble-{n}.md"] = open_incident(n)
    root = write_site(tmp_path, files)

    banner = page(render(root), "index.html").select("ul.banner-events > li")

    assert expected == banner[-1].get_text()


def test_a_component_feed_is_titled_by_the_catalog(built: Callable[[str], Files]) -> None:
    # French puts a space before a colon, as the maintenance calendar's title does.
    feed = built("fr")["components/api/feed.xml"].decode("utf-8")
    calendar = built("fr")["maintenance.ics"].decode("utf-8")

    (title,) = re.findall(r"<channel>\s*<title>([^<]*)</title>", feed)
    (name,) = re.findall(r"^X-WR-CALNAME:(.*?)\r?$", calendar, re.M)
    assert name.endswith(" : maintenance")
    assert name.removesuffix(" : maintenance") + " : Payments API" == title


@pytest.mark.parametrize(
    ("tag", "state", "label", "value", "title"),
    [
        ("fr", "Terminée : The upgrade", "état", "incident", "état : incident"),
        ("ja", "完了：The upgrade", "ステータス", "インシデント", "ステータス：インシデント"),
    ],
)
def test_the_calendar_and_badges_join_a_label_and_its_value_as_the_catalog_does(
    built: Callable[[str], Files], tag: str, state: str, label: str, value: str, title: str
) -> None:
    """The newest update of a window (its state, then what it said) and a badge's title
    put the language's punctuation after the label, as notifications do."""
    files = built(tag)
    calendar = files["maintenance.ics"].decode("utf-8").replace("\r\n ", "")
    assert f"\\n\\n{state} is complete and all services" in calendar
    badge = BeautifulSoup(files["badge.svg"].decode("utf-8"), "html.parser")
    assert (title, title) == (badge.svg["aria-label"], badge.title.get_text())
    # The boxes hold the label and the value alone, each as wide as its text.
    assert [label, value] == [t.get_text() for t in badge.select("text:not([aria-hidden])")]
    width = round(text_width(label)) + round(text_width(value)) + 2 * 10
    assert str(width) == badge.svg["width"]


@pytest.mark.parametrize(
    ("tag", "wording"),
    [
        ("he", "statusgen ships no translation for language 'he'"),
        ("de-xx", "CLDR has no locale 'de-xx'"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_language_the_pages_cannot_follow_is_a_warning_at_its_line(
    tmp_path: Path, tag: str, wording: str, command: str
) -> None:
    from sitefiles import SETTINGS, write_site

    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + f"language: {tag}\n"})
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 0 == code
    assert f"statusgen.yaml:4:11: warning: {wording}" in output.splitlines()[0]


HEBREW_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: he\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_catalog_that_leaves_most_messages_in_english_is_a_warning(
    tmp_path: Path, command: str
) -> None:
    """A Hebrew catalog of one message made every page lang="he" dir="rtl", read right
    to left in a Hebrew voice, while nearly all of it was English: `check` said nothing."""
    from sitefiles import SETTINGS, write_site

    catalog = HEBREW_HEADER + 'msgid "Operational"\nmsgstr "תקין"\n'
    root = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + "language: he\n", "translations/he.po": catalog},
    )
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    total = len(i18n._template_messages())
    assert 0 == code, output
    assert (
        f"translations/he.po:1:1: warning: translations/he.po translates 1 of statusgen's "
        f"{total} messages: the other {total - 1} are shown in English on pages marked "
        'lang="he" dir="rtl"'
    ) in output
    assert "statusgen.pot lists every message" in output


def test_a_catalog_that_translates_most_messages_is_not_warned_about(tmp_path: Path) -> None:
    from sitefiles import SETTINGS, write_site

    def po(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    # Every plain message and none of the plural ones: most, as a catalog under way holds.
    plain = [m for m, plural in i18n._template_messages().items() if not plural]
    entries = "".join(f"msgid {po(m)}\nmsgstr {po('x' + m)}\n\n" for m in plain)
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + "language: he\n",
            "translations/he.po": HEBREW_HEADER + entries,
        },
    )

    code, output = cli_run(root, "check")

    assert 0 == code, output
    assert "translates" not in output, output


@pytest.mark.parametrize(
    "translation",
    ['msgstr[0] "%(count)s Eintrag."\n', 'msgstr "%(count)s Eintrag."\n'],
)
def test_a_plural_message_lacking_a_form_is_a_warning_and_keeps_the_shipped_words(
    tmp_path: Path, translation: str
) -> None:
    """Never English where German exists: the pages use statusgen's German for it."""
    root = german_site(
        tmp_path, 'msgid "%(count)s match."\nmsgid_plural "%(count)s matches."\n' + translation
    )

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert (0, 0) == (checked[0], code), output
    for said in (checked[1], output):
        assert said.startswith("translations/de.po:8: warning: "), said
        assert "msgstr[1]" in said
    history = BeautifulSoup(
        (root / "public" / "history" / "index.html").read_text("utf-8"), "html.parser"
    )
    form = history.select_one("[data-messages]")
    assert form is not None
    matches = json.loads(str(form["data-messages"]))["matches"]
    assert {"one": "{n} Treffer.", "other": "{n} Treffer."} == matches


def test_a_plural_form_the_language_lacks_is_reported_once_at_its_line(tmp_path: Path) -> None:
    root = german_site(
        tmp_path,
        'msgid "%(count)s more"\nmsgid_plural "%(count)s more"\n'
        'msgstr[0] "%(count)s weiterer"\nmsgstr[1] "%(count)s weitere"\nmsgstr[2] "%(count)s"\n',
    )

    code, output = cli_run(root, "check")

    assert 1 == code
    reported = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 1 == len(reported), output
    assert reported[0].startswith("translations/de.po:10: msgstr[2] "), output


def test_a_catalog_that_is_not_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    root = german_site(tmp_path, 'msgid "Ongoing incident"\nmsgstr "Störung"\n')
    catalog = root / "translations" / "de.po"
    catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "History"\nmsgstr "Historique \xe9"\n')

    code, output = cli_run(root, "check")

    assert 1 == code
    assert output.startswith("translations/de.po:10:20: "), output
    assert "0xe9" in output


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_merge_conflict_in_a_catalog_is_reported_at_its_markers_alone(
    tmp_path: Path, command: str
) -> None:
    root = german_site(
        tmp_path,
        '<<<<<<< HEAD\nmsgid "Major outage"\nmsgstr "Echte Störung"\n'
        '=======\nmsgid "Major outage"\nmsgstr "Große Störung"\n>>>>>>> theirs\n',
    )
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    # Both sides read as .po would give the second a "translated a second time" warning.
    reported = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 1 == code
    assert [
        f"translations/de.po:{line}:1: unresolved merge conflict" for line in (6, 9, 12)
    ] == reported, output
    assert "hint: resolve the merge: keep the side you want" in output


def test_a_catalog_saved_as_utf16_is_said_to_be_no_utf8_once(tmp_path: Path) -> None:
    # As Windows Notepad saves "Unicode": a byte order mark, then a NUL after each letter.
    root = german_site(tmp_path, 'msgid "Ongoing incident"\nmsgstr "Störung"\n')
    catalog = root / "translations" / "de.po"
    catalog.write_bytes(catalog.read_text("utf-8").encode("utf-16"))

    code, output = cli_run(root, "check")

    reported = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 1 == code
    assert ["translations/de.po:1:1: this line is not utf-8 text (byte 0xff)"] == reported


# As Windows Notepad saves UTF-8 (a byte order mark first), as Windows and old Mac OS end
# lines: every other input of the site is read the same.
SAVED_AS = {
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr": lambda data: data.replace(b"\n", b"\r"),
}


@pytest.mark.parametrize("saved", SAVED_AS)
def test_a_catalog_saved_with_a_byte_order_mark_or_other_line_endings_is_used(
    tmp_path: Path, saved: str
) -> None:
    root = german_site(tmp_path, 'msgid "History"\nmsgstr "Verlauf"\n')
    catalog = root / "translations" / "de.po"
    catalog.write_bytes(SAVED_AS[saved](catalog.read_bytes()))

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert [] == [line for line in checked[1].splitlines() if "de.po" in line], checked[1]
    assert (0, 0) == (checked[0], code), output
    index = BeautifulSoup((root / "public" / "index.html").read_text("utf-8"), "html.parser")
    history = index.select_one('header a[href$="history/"]')
    assert history is not None
    assert "Verlauf" == history.get_text(strip=True)


@pytest.mark.parametrize("saved", SAVED_AS)
def test_a_catalog_saved_with_a_byte_order_mark_or_other_line_endings_has_its_lines(
    tmp_path: Path, saved: str
) -> None:
    root = german_site(
        tmp_path,
        'msgid "History"\nmsgstr "Verlauf"\n\nmsgid "Affects: %(names)s"\nmsgstr "Betroffen"\n',
    )
    catalog = root / "translations" / "de.po"
    catalog.write_bytes(SAVED_AS[saved](catalog.read_bytes()))

    code, output = cli_run(root, "check")

    reported = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 0 == code, output
    assert 1 == len(reported), output
    assert reported[0].startswith("translations/de.po:10: warning: "), output
    assert "%(names)s" in reported[0]


@pytest.mark.parametrize(
    ("first", "second", "line"),
    [
        ('msgid "History"\n', 'msgid "History"\n', 9),
        # As a gettext tool wraps a long msgid: the same text, written in pieces.
        ('msgid ""\n"History"\n', 'msgid "History"\n', 10),
        ('msgid "History"\n', 'msgid "Hist"\n"ory"\n', 9),
    ],
    ids=["same", "first-wrapped", "second-in-pieces"],
)
def test_a_message_translated_twice_is_a_warning_and_the_first_is_used(
    tmp_path: Path, first: str, second: str, line: int
) -> None:
    root = german_site(tmp_path, f'{first}msgstr "Verlauf"\n\n{second}msgstr "Chronik"\n')

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert (0, 0) == (checked[0], code), output
    assert checked[1].startswith(f"translations/de.po:{line}: warning: "), checked[1]
    assert "line 6" in checked[1]
    index = BeautifulSoup((root / "public" / "index.html").read_text("utf-8"), "html.parser")
    history = index.select_one('header a[href$="history/"]')
    assert history is not None
    assert "Verlauf" == history.get_text(strip=True)


def test_a_plural_message_translated_twice_is_a_warning(tmp_path: Path) -> None:
    plural = 'msgstr[0] "%(count)s weiterer"\nmsgstr[1] "%(count)s weitere"\n'
    root = german_site(
        tmp_path,
        f'msgid "%(count)s more"\nmsgid_plural "%(count)s more"\n{plural}\n'
        f'msgid "%(count)s more"\nmsgid_plural ""\n"%(count)s more"\n{plural}',
    )

    code, output = cli_run(root, "check")

    reported = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 0 == code, output
    assert ["translations/de.po:11: warning: "] == [line[:32] for line in reported], output
    assert "translated a second time (first at line 6)" in reported[0]


UPTIME = "<strong>%(uptime)s</strong> uptime over %(count)s day"


@pytest.mark.parametrize(
    ("catalog", "line"),
    [
        (f'msgid "{UPTIME}"\nmsgstr "<strong>%(uptime)s</strong> EINFACH %(count)s Tag"\n', 7),
        # A site template's plural message, as its ngettext shows it.
        (PEARS.split("\n")[0] + '\nmsgstr "%(num)d Birne"\n', 7),
    ],
    ids=["statusgen", "theme"],
)
def test_a_plural_message_given_a_plain_msgstr_is_a_warning(
    tmp_path: Path, catalog: str, line: int
) -> None:
    root = german_site(tmp_path, catalog)
    theme = root / "themes" / "templates" / "partials" / "notice.html"
    theme.parent.mkdir(parents=True)
    theme.write_text('{{ ngettext("%(num)d pear", "%(num)d pears", 2) }}\n', encoding="utf-8")

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    reported = [text for text in checked[1].splitlines() if text.startswith("translations/")]
    assert (0, 0) == (checked[0], code), output
    assert [f"translations/de.po:{line}: warning: "] == [text[:31] for text in reported]
    assert "as a plural message" in reported[0], reported
    # The hint says how to write it.
    assert "msgid_plural" in checked[1] and "msgstr[0] to msgstr[1]" in checked[1], checked[1]
    page = (root / "public" / "index.html").read_text("utf-8")
    # The pages use statusgen's own translation of it.
    assert "EINFACH" not in page
    assert "Tagen" in page or "Tage" in page


@pytest.mark.parametrize(
    "catalog",
    [
        'msgid "Page %(number)s of %(count)s, newest first."\n'
        'msgid_plural "Page %(number)s of %(count)s, newest first."\n'
        'msgstr[0] "Seite %(number)s von %(count)s, EINZAHL."\n'
        'msgstr[1] "Seite %(number)s von %(count)s, MEHRZAHL."\n',
        # A site template's plain message, as its gettext shows it.
        'msgid "%(num)d pear"\nmsgid_plural "%(num)d pears"\n'
        'msgstr[0] "%(num)d Birne"\nmsgstr[1] "%(num)d Birnen"\n',
    ],
    ids=["statusgen", "theme"],
)
def test_plural_forms_for_a_plain_message_are_a_warning(tmp_path: Path, catalog: str) -> None:
    """gettext shows the form for 1 whatever the number: the translator is told so."""
    root = german_site(tmp_path, catalog)
    theme = root / "themes" / "templates" / "partials" / "notice.html"
    theme.parent.mkdir(parents=True)
    theme.write_text('{{ _("%(num)d pear", num=2) }}\n', encoding="utf-8")

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    reported = [text for text in checked[1].splitlines() if text.startswith("translations/")]
    assert (0, 0) == (checked[0], code), output
    assert ["translations/de.po:6: warning: "] == [text[:31] for text in reported], reported
    assert "as a plain message, not a plural one" in reported[0], reported
    # The hint says how to write it.
    assert "write one msgstr in place of its msgid_plural" in checked[1], checked[1]


def test_a_message_translated_once_plain_and_once_plural_is_a_warning(tmp_path: Path) -> None:
    plain = f'msgid "{UPTIME}"\nmsgstr "<strong>%(uptime)s</strong> EINFACH %(count)s Tag"\n'
    plural = (
        f'msgid "{UPTIME}"\nmsgid_plural "{UPTIME}s"\n'
        'msgstr[0] "<strong>%(uptime)s</strong> MEHRZAHL %(count)s Tag"\n'
        'msgstr[1] "<strong>%(uptime)s</strong> MEHRZAHL %(count)s Tage"\n'
    )
    root = german_site(tmp_path, f"{plain}\n{plural}")

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    reported = [text for text in checked[1].splitlines() if text.startswith("translations/")]
    assert (0, 0) == (checked[0], code), output
    assert ["translations/de.po:9: warning: "] == [text[:31] for text in reported], reported
    assert "translated a second time (first at line 6)" in reported[0]
    # Babel puts the plural copy in place of the plain one, which the pages cannot use:
    # the warning says so rather than "the first".
    assert "pages use this plural one, not the first" in reported[0], reported
    assert "MEHRZAHL" in (root / "public" / "index.html").read_text("utf-8")


# --- author-written names among the words of a right-to-left page -----------------------------


def mixed_names_site(
    folder: Path, language: str, timezone: str = "Asia/Riyadh", theme: str = "default"
) -> Files:
    """A site whose components mix scripts ("API الدفع v2"), one Latin name that ends in
    brackets, an incident touching both and a maintenance whose title ends in a digit."""
    (folder / "content" / "incidents").mkdir(parents=True)
    (folder / "statusgen.yaml").write_text(
        f"title: حالة الخدمات\nbase_url: https://status.example.com/\nlanguage: {language}\n"
        f"timezone: {timezone}\ntheme: {theme}\n",
        encoding="utf-8",
    )
    (folder / "content" / "components.yaml").write_text(
        "- id: api\n  name: API الدفع v2\n- id: db\n  name: DB-3 (primary)\n"
        "- id: cache\n  name: الذاكرة المؤقتة\n",
        encoding="utf-8",
    )
    (folder / "content" / "incidents" / "2026-11-30-redis.md").write_text(
        "---\ntitle: Redis 7\nscheduled_for: 2026-11-30 02:00\nscheduled_until: 2026-11-30 04:00\n"
        "components: [cache]\n---\n## Scheduled at 2026-11-21 11:00\nترقية.\n",
        encoding="utf-8",
    )
    (folder / "content" / "incidents" / "2026-11-20-slow.md").write_text(
        "---\ntitle: بطء\nstatus: resolved\ncomponents: [api, db]\n---\n"
        "## Investigating at 2026-11-20 10:00\nبطء.\n\n## Resolved at 2026-11-20 11:00\nتم.\n",
        encoding="utf-8",
    )
    files = render_site(load_site(folder), datetime(2026, 11, 26, 9, tzinfo=ZoneInfo("UTC")))
    return {path: data for path, data in files.items() if data is not None}


def isolated(text: str) -> list[str]:
    """The texts isolated in `text` (each between U+2068 and U+2069)."""
    return re.findall(f"{FSI}([^{PDI}]*){PDI}", text)


def test_names_in_the_phrases_of_an_arabic_page_are_isolated(tmp_path: Path) -> None:
    """A name drawn inside an Arabic sentence or list carries its neighbours into its own
    run ("API الدفع v2 · DB-3 (primary)" split the first link around the second): each is
    isolated (U+2068 … U+2069, as a <bdi> would) where it is put among other words, and
    only there."""
    files = mixed_names_site(tmp_path, "ar")
    history = page(files, "history/index.html")
    links = history.select("nav.filters p:nth-of-type(2) a")
    assert [
        f"{FSI}API الدفع v2{PDI}",
        f"{FSI}DB-3 (primary){PDI}",
        f"{FSI}الذاكرة المؤقتة{PDI}",
    ] == [a.get_text() for a in links]
    # The list of an incident's components: each name, not the list as a whole.
    (slow,) = [li for li in history.select(".event-item") if "بطء" in li.h3.get_text()]
    meta = slow.select_one(".event-meta span:last-child")
    assert f"{FSI}API الدفع v2{PDI} و{FSI}DB-3 (primary){PDI}" == meta.get_text()
    # "(RSS)" after the link, not inside the name.
    subscribe = page(files, "subscribe/index.html")
    feeds = [li for li in subscribe.select("ul.links li") if FSI in li.get_text()]
    assert f"{FSI}API الدفع v2{PDI}" == feeds[0].a.get_text()
    assert f"{FSI}API الدفع v2{PDI} (RSS)" == feeds[0].get_text()
    # "Redis 7" before the maintenance's date, not the day before its title.
    cache = page(files, "components/cache/index.html")
    upcoming = cache.select("dl.facts dd")[-2]
    assert ["Redis 7"] == isolated(upcoming.get_text())
    assert upcoming.time is not None and upcoming.time.parent is upcoming
    # An incident's title in the words of a day's bar ("20 نوفمبر: ...، بطء").
    api = page(files, "components/api/index.html")
    (bar,) = [li for li in api.select("ol.bars li") if "بطء" in li.get_text()]
    assert ["بطء"] == isolated(bar.get_text())
    # The name in a day-bar list's spoken label ("DB-3 (primary)، يومًا بيوم").
    labels = [str(bars["aria-label"]) for bars in page(files, "index.html").select("ol.bars")]
    assert "DB-3 (primary)" in [name for label in labels for name in isolated(label)], labels
    # A name that stands alone in its element needs nothing around it.
    assert cache.h1 is not None and FSI not in cache.h1.get_text()
    assert FSI not in page(files, "incidents/2026-11-30-redis/index.html").h1.get_text()


def test_only_right_to_left_names_are_isolated_on_a_left_to_right_page(tmp_path: Path) -> None:
    """Latin text in an English line cannot move, and is left as it is; an Arabic name
    among English words is isolated as a Latin one is among Arabic words."""
    history = page(mixed_names_site(tmp_path, "en"), "history/index.html")
    links = history.select("nav.filters p:nth-of-type(2) a")
    assert [f"{FSI}API الدفع v2{PDI}", "DB-3 (primary)", f"{FSI}الذاكرة المؤقتة{PDI}"] == [
        a.get_text() for a in links
    ]
    (slow,) = [li for li in history.select(".event-item") if "بطء" in li.h3.get_text()]
    assert ["API الدفع v2"] == isolated(slow.select_one(".event-meta").get_text())


# Names an author writes that end in brackets, digits or a full stop, or mix scripts: each
# is shown alone in a heading or a link somewhere, where the page's direction would move
# those to the far end.
ALONE = {
    "site": "Payments (EU)",
    "group": "Core (primary)",
    "component": "DB-3 (primary)",
    "title": "502 errors from the API.",
    "arabic": "أخطاء API (HTTP 502)",
}


def set_apart(text: NavigableString) -> bool:
    """Whether a text of the page is laid out in a direction of its own: isolated by the
    characters around it, or inside an element that takes its direction from its letters
    (dir="auto"), below the page's own <html dir>."""
    if FSI in text:
        return True
    outer = ("html", "[document]")
    return any(p.has_attr("dir") for p in text.parents if p.name not in outer)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_title_or_name_alone_in_its_element_reads_in_its_own_direction(
    tmp_path: Path, language: str
) -> None:
    """An Arabic page's heading "502 errors from the API." read ".errors from the API 502":
    the page's right-to-left direction took the number and the full stop to the far ends.
    Every title and name (an event's, a component's, a group's, the site's) is laid
    out in its own direction wherever a page shows it, and an Arabic title on an English
    page too."""
    (tmp_path / "content" / "incidents").mkdir(parents=True)
    (tmp_path / "statusgen.yaml").write_text(
        f"title: {ALONE['site']}\nbase_url: https://status.example.com/\n"
        f"language: {language}\ntimezone: UTC\n",
        encoding="utf-8",
    )
    (tmp_path / "content" / "components.yaml").write_text(
        f"- id: core\n  name: {ALONE['group']}\n  components:\n"
        f"    - id: db\n      name: {ALONE['component']}\n",
        encoding="utf-8",
    )
    for slug, title in (("errors", ALONE["title"]), ("arabic", ALONE["arabic"])):
        (tmp_path / "content" / "incidents" / f"2026-11-25-{slug}.md").write_text(
            f"---\ntitle: {title}\nstatus: investigating\ncomponents:\n  db: major_outage\n"
            "---\n## Investigating at 2026-11-25 10:00 +00:00\nx\n",
            encoding="utf-8",
        )
    files = render_site(load_site(tmp_path), datetime(2026, 11, 26, 9, tzinfo=ZoneInfo("UTC")))
    shown: dict[str, list[str]] = {}
    for path, data in files.items():
        if data is None or not path.endswith(".html"):
            continue
        body = BeautifulSoup(data.decode("utf-8"), "html.parser").body
        assert body is not None, path
        for text in body.find_all(string=True):
            for name in ALONE.values():
                if name in text:
                    where = f"{path}: <{text.parent.name} class={text.parent.get('class')}>"
                    shown.setdefault(name, []).append(where)
                    # Latin text cannot move in an English line: only the Arabic title
                    # needs setting apart there.
                    if language == "ar" or name == ALONE["arabic"]:
                        assert set_apart(text), f"{name!r} is not set apart in {where}"
    # Each was looked at where it stands alone: the headings, cards, lists and links.
    assert set(ALONE.values()) == set(shown), shown
    # The heading keeps the page's alignment; the title inside it its own direction.
    for slug, title in (("errors", ALONE["title"]), ("arabic", ALONE["arabic"])):
        heading = page(files, f"incidents/2026-11-25-{slug}/index.html").h1
        assert heading is not None and not heading.has_attr("dir")
        assert [title] == [s.get_text() for s in heading.select('[dir="auto"]')]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_theme_printing_isolated_names_in_an_attribute_publishes_no_markup(
    tmp_path: Path, language: str
) -> None:
    """A theme may put `join_list` or `isolate` in title= or aria-label=: a tooltip or a
    screen reader's label gets the names isolated as text, never tags ("<bdi>אתר</bdi>")."""
    macros = (BUILTIN_THEME / TEMPLATES_DIR / "partials" / "macros.html").read_text("utf-8")
    names = '{{ event.components|map(attribute="component.name")|list|join_list }}'
    assert names in macros
    label = "{{ event.title|isolate }}"
    ours = tmp_path / "themes" / "mine" / "templates" / "partials"
    ours.mkdir(parents=True)
    (ours / "macros.html").write_text(
        macros.replace(
            names, f'<span title="Affects {names}" aria-label="{label}">{names}</span>', 1
        ),
        encoding="utf-8",
    )
    files = mixed_names_site(tmp_path, language, theme="mine")
    history = page(files, "history/index.html")
    (slow,) = [li for li in history.select(".event-item") if "بطء" in li.h3.get_text()]
    span = slow.select_one("span[title]")
    assert span is not None
    # The same names, isolated as the text beside it is: only the RTL one on an LTR page.
    assert f"Affects {span.get_text()}" == span["title"]
    expected = ["API الدفع v2", "DB-3 (primary)"] if language == "ar" else ["API الدفع v2"]
    assert expected == isolated(str(span["title"]))
    assert f"{FSI}بطء{PDI}" == span["aria-label"]
    for path, data in files.items():
        if path.endswith(".html"):
            assert b"bdi" not in data, path


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Riyadh", "\u200e+03"), ("America/Sao_Paulo", "\u200e-03")]
)
def test_an_arabic_page_signs_a_bare_offset_as_cldr_does(
    tmp_path: Path, zone: str, offset: str
) -> None:
    """A zone with no short name is named by its offset; Arabic's CLDR signs carry a
    left-to-right mark, without which "-03" was drawn "03-" in the right-to-left line."""
    files = mixed_names_site(tmp_path, "ar", zone)
    assert page(files, "index.html").select_one(".banner p time").get_text().endswith(f" {offset}")
    history = page(files, "history/index.html").select_one("form.history-search")
    assert history is not None
    assert offset in json.loads(str(history["data-messages"]))["zones"].values()


def test_an_english_page_writes_a_bare_offset_as_it_was(tmp_path: Path) -> None:
    files = mixed_names_site(tmp_path, "en", "America/Sao_Paulo")
    assert page(files, "index.html").select_one(".banner p time").get_text().endswith(" -03")


GERMAN_HEADER = (
    "Language: de",
    "Content-Type: text/plain; charset=utf-8",
    "Plural-Forms: nplurals=2; plural=(n != 1);",
)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (5, "Plural-Forms: nplurals=2; plural=(n != 1;"),
        (5, "Plural-Forms: nplurals=2; plural=n != 1 +;"),
        (5, "Plural-Forms: nplurals=3; plural=n ? 1 : 0 : 2;"),
        (5, "Plural-Forms: nplurals=2; plural=import os;"),
        (5, "Plural-Forms: nplurals=two; plural=(n != 1);"),
        # Expressions gettext reads, which fail (or name no form) only for some n.
        (5, "Plural-Forms: nplurals=2; plural=(n/0);"),
        (5, "Plural-Forms: nplurals=2; plural=n%0;"),
        (5, "Plural-Forms: nplurals=2; plural=n%(n-7);"),
        (5, "Plural-Forms: nplurals=2; plural=n;"),
        # Rules written for small numbers, wrong from a count a chart reaches up.
        (5, "Plural-Forms: nplurals=2; plural=(n<1000 ? n!=1 : n/(n-1000));"),
        (5, "Plural-Forms: nplurals=2; plural=(n<20000 ? n!=1 : 2);"),
        (3, "Language: de content"),
        (4, "Content-Type: text/plain; charset=latin-9"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_header_the_pages_cannot_use_is_reported_at_its_line(
    tmp_path: Path, line: int, field: str, command: str
) -> None:
    fields = [field if f.split(":")[0] == field.split(":")[0] else f for f in GERMAN_HEADER]
    header = 'msgid ""\nmsgstr ""\n' + "".join(f'"{f}\\n"\n' for f in fields)
    root = german_site(tmp_path, "")
    (root / "translations" / "de.po").write_text(
        header + '\nmsgid "History"\nmsgstr "Verlauf"\n', encoding="utf-8"
    )
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 1 == code, output
    assert output.startswith(f"translations/de.po:{line}: "), output
    if field.startswith("Plural-Forms"):
        # The fix to copy: the language's own rule, as CLDR gives it.
        assert "Plural-Forms: nplurals=2; plural=(n != 1);" in output, output
    assert not (root / "public").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_templates_plural_forms_placeholder_is_named_as_such(
    tmp_path: Path, command: str
) -> None:
    # Kept from statusgen.pot, as the docs suggest starting from it: Python's words about
    # int() told the translator nothing.
    placeholder = "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"
    fields = [placeholder if f.startswith("Plural-Forms") else f for f in GERMAN_HEADER]
    header = 'msgid ""\nmsgstr ""\n' + "".join(f'"{f}\\n"\n' for f in fields)
    root = german_site(tmp_path, "")
    (root / "translations" / "de.po").write_text(
        header + '\nmsgid "History"\nmsgstr "Verlauf"\n', encoding="utf-8"
    )
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 1 == code, output
    assert [
        "translations/de.po:5: the catalog's Plural-Forms header is still the template's "
        "placeholder (nplurals=INTEGER; plural=EXPRESSION;)",
        '    hint: write "Plural-Forms: nplurals=2; plural=(n != 1);" (CLDR\'s rule for de), '
        "or delete the line to use the language's own",
    ] == output.splitlines()[:2], output
    assert "int()" not in output


@pytest.mark.parametrize(
    ("charset", "shown"), [("cp1251", "РћРЅР»Р°Р№РЅ"), ("iso-8859-1", "Ð\x9eÐ½Ð»Ð°Ð¹Ð½")]
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_utf8_catalog_whose_header_names_a_legacy_charset_is_reported(
    tmp_path: Path, charset: str, shown: str, command: str
) -> None:
    # Each byte is a character in cp1251: the UTF-8 was read without a fault and the
    # pages said "РћРЅР»Р°Р№РЅ" for "Онлайн".
    fields = [
        f"Content-Type: text/plain; charset={charset}" if "charset" in f else f
        for f in GERMAN_HEADER
    ]
    header = 'msgid ""\nmsgstr ""\n' + "".join(f'"{f}\\n"\n' for f in fields)
    root = german_site(tmp_path, "")
    (root / "translations" / "de.po").write_text(
        header + '\nmsgid "Operational"\nmsgstr "Онлайн"\n', encoding="utf-8"
    )
    args = ("build", "--now", "2026-11-22T18:00:00Z") if command == "build" else ("check",)

    code, output = cli_run(root, *args)

    assert 1 == code, output
    assert output.startswith(
        f"translations/de.po:4: the catalog is saved as UTF-8, but its header names "
        f"charset={charset}: 'Онлайн' would be shown as {shown!r}\n"
    ), output
    assert "charset=UTF-8" in output, output
    assert not (root / "public").exists()


def test_a_plural_rule_that_fails_for_a_count_a_page_shows_stops_the_build(
    tmp_path: Path,
) -> None:
    # A rule wrong for one count alone passes what check tries: the page that shows the
    # count stops the build at the header, never with a traceback or statusgen's words.
    rule = "Plural-Forms: nplurals=2; plural=(n==1234 ? 5 : n!=1);"
    fields = [rule if f.startswith("Plural-Forms") else f for f in GERMAN_HEADER]
    header = 'msgid ""\nmsgstr ""\n' + "".join(f'"{f}\\n"\n' for f in fields)
    catalog = 'msgid "%(count)s run"\nmsgid_plural "%(count)s runs"\n'
    catalog += 'msgstr[0] "%(count)s Lauf"\nmsgstr[1] "%(count)s Läufe"\n'
    root = german_site(tmp_path, "")
    (root / "translations" / "de.po").write_text(header + "\n" + catalog, encoding="utf-8")
    (root / "content" / "monitors.yaml").write_text(
        "- id: beat\n  component: api\n  type: heartbeat\n  interval: 1\n", encoding="utf-8"
    )
    now = datetime.fromisoformat("2026-11-22T18:00:00+00:00")
    # A run a minute: 1234 in the chart's last two days.
    runs = [Check(now - timedelta(minutes=n), CheckResult.UP, None, "") for n in range(1234)]
    store.record(root, {"beat": runs[::-1]}, ZoneInfo("UTC"), 90)

    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    assert 1 == code, output
    assert output.startswith(
        "translations/de.po:5: the catalog's Plural-Forms header cannot be used for a count "
        "the pages show: plural= gives form 5 for n=1234, and nplurals=2 has forms 0 to 1"
    ), output
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in output, output
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    ("language", "catalog", "header", "warned"),
    [
        ("de", "de.po", "Language: ar", True),
        ("zh-Hans", "zh-Hans.po", "Language: zh_Hant", True),
        ("de", "de.po", "Language: de_DE", False),
        ("pt-BR", "pt.po", "Language: pt", False),
        # Norwegian and its written forms, as CLDR relates them: Poedit writes nb_NO.
        ("no", "no.po", "Language: nb_NO", False),
        ("nb", "nb.po", "Language: no", False),
        ("no", "no.po", "Language: nn", False),
        ("nb", "nb.po", "Language: nn", True),
    ],
)
def test_a_catalog_whose_header_names_another_language_is_a_warning_at_its_line(
    tmp_path: Path, language: str, catalog: str, header: str, warned: bool
) -> None:
    # An Arabic catalog saved under the German name: its words are shown on German pages.
    text = f'msgid ""\nmsgstr ""\n"{header}\\n"\n\nmsgid "History"\nmsgstr "X"\n'
    root = site_in(tmp_path, language, {catalog: text})

    code, output = cli_run(root, "check")

    # A catalog of one message for a language statusgen ships none for is also said to
    # leave most of the pages in English, at its first line.
    said = [
        line
        for line in output.splitlines()
        if line.startswith("translations/") and not line.startswith(f"translations/{catalog}:1:")
    ]
    assert 0 == code, output
    prefix = f"translations/{catalog}:3: warning: "
    assert ([prefix] if warned else []) == [line[: len(prefix)] for line in said], output
    assert all(header in line for line in said)


def test_a_wrong_language_header_read_for_two_regions_is_one_warning(tmp_path: Path) -> None:
    # One catalog line, one mistake: a de page and a de-CH page read the same de.po, and
    # were told twice, with two different headers to write.
    text = 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\nmsgid "History"\nmsgstr "X"\n'
    root = site_in(tmp_path, "de", {"de.po": text})
    pages = (
        "pages:\n"
        "  de: {base_url: https://status.example.com/, output: public}\n"
        "  ch: {base_url: https://ch.status.example.com/, output: public-ch, language: de-CH}\n"
    )
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + pages, encoding="utf-8")

    for args in (("check",), ("build", "-q", "--now", "2026-11-22T18:00:00Z")):
        code, output = cli_run(root, *args)

        said = [line for line in output.splitlines() if line.startswith("translations/")]
        assert 0 == code, output
        assert [
            "translations/de.po:3: warning: the catalog's header says Language: ar, but it is "
            "read for the pages in 'de': its words are shown on them"
        ] == said, output
        assert 1 == output.count("correct the header (Language: de)"), output


@pytest.mark.parametrize(
    ("language", "region", "rules"),
    [
        # The same rule for both: said once, as the one to write.
        (
            "de",
            "de-CH",
            ['"Plural-Forms: nplurals=2; plural=(n != 1);" (CLDR\'s rule for de and de-CH)'],
        ),
        # Two rules: one error naming both, as one header cannot hold them.
        (
            "pt",
            "pt-PT",
            [
                'for pt: "Plural-Forms: nplurals=3; plural=(n == 0 || n == 1)',
                'for pt-PT: "Plural-Forms: nplurals=3; plural=(n == 1 ?',
            ],
        ),
    ],
)
def test_a_placeholder_plural_forms_read_for_two_regions_is_one_error(
    tmp_path: Path, language: str, region: str, rules: list[str]
) -> None:
    # One catalog line, one mistake: the language's page and a region's read the same .po,
    # and were told twice, each with the rule of its own locale.
    text = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "History"\nmsgstr "X"\n'
    )
    root = site_in(tmp_path, language, {f"{language}.po": text})
    pages = (
        "pages:\n"
        f"  main: {{base_url: https://status.example.com/, output: public}}\n"
        f"  region: {{base_url: https://r.status.example.com/, output: public-r, "
        f"language: {region}}}\n"
    )
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + pages, encoding="utf-8")

    code, output = cli_run(root, "check")

    said = [line for line in output.splitlines() if line.startswith("translations/")]
    assert 1 == code, output
    prefix = f"translations/{language}.po:3: the catalog's Plural-Forms header"
    assert [prefix] == [line[: len(prefix)] for line in said], output
    assert [1] * len(rules) == [output.count(rule) for rule in rules], output


def test_a_msgid_with_a_second_msgstr_is_an_error_at_the_second(tmp_path: Path) -> None:
    root = german_site(tmp_path, 'msgid "History"\nmsgstr "Verlauf"\nmsgstr "Chronik"\n')

    for args in (("check",), ("build", "--now", "2026-11-22T18:00:00Z")):
        code, output = cli_run(root, *args)

        assert 1 == code, output
        assert output.startswith("translations/de.po:8: "), output
        assert "line 7" in output.splitlines()[0]
        assert not (root / "public").exists()


def test_a_theme_message_no_catalog_translates_is_a_warning_at_its_line(tmp_path: Path) -> None:
    # Copied from an older built-in macros.html: a message statusgen has since renamed.
    root = german_site(tmp_path, 'msgid "History"\nmsgstr "Chronik"\n')
    theme = root / "themes" / TEMPLATES_DIR / "partials" / "notice.html"
    theme.parent.mkdir(parents=True)
    theme.write_text(
        '<p>{{ _("History") }}</p>\n<p>{{ _("Status, day by day") }}</p>\n', encoding="utf-8"
    )

    code, output = cli_run(root, "check")

    said = [line for line in output.splitlines() if line.startswith("themes/")]
    assert 0 == code, output
    assert ["themes/templates/partials/notice.html:2: warning: "] == [
        line[: len("themes/templates/partials/notice.html:2: warning: ")] for line in said
    ], output
    assert "'Status, day by day'" in said[0]
    # An English page shows the message as written.
    (root / "statusgen.yaml").write_text(
        (root / "statusgen.yaml").read_text("utf-8").replace("language: de", "language: en"),
        encoding="utf-8",
    )
    assert "themes/" not in cli_run(root, "check")[1]


def test_a_copied_template_s_untranslated_message_names_the_built_in_file(tmp_path: Path) -> None:
    """The hint named statusgen.pot, a path in statusgen's source tree, and not the file
    the copy came from: the one to compare it with."""
    root = german_site(tmp_path, 'msgid "History"\nmsgstr "Chronik"\n')
    copy = root / "themes" / TEMPLATES_DIR / "partials" / "monitors.html"
    copy.parent.mkdir(parents=True)
    builtin = BUILTIN_THEME / TEMPLATES_DIR / "partials" / "monitors.html"
    copy.write_text(builtin.read_text("utf-8") + '{{ _("Daily figures") }}\n', encoding="utf-8")
    own = root / "themes" / TEMPLATES_DIR / "partials" / "our-words.html"
    own.write_text('{{ _("Our own words") }}\n', encoding="utf-8")

    code, output = cli_run(root, "check")

    hints = [line for line in output.splitlines() if line.startswith("    hint: ")]
    assert 0 == code, output
    assert [
        "    hint: if the template is a copy of the built-in "
        "statusgen/themes/default/templates/partials/monitors.html (in the installed "
        "statusgen package), compare it with that file and take its msgids: one copied from "
        "an older statusgen may keep a message since renamed; or translate it in "
        "translations/de.po",
        # A template of the site's own copies no built-in file.
        "    hint: translate it in translations/de.po",
    ] == hints, output


def test_statusgen_s_own_messages_in_a_copied_theme_are_no_warning_in_a_language_it_lacks(
    tmp_path: Path,
) -> None:
    # Esperanto: no shipped catalog, the site's own translates one message. Every other
    # message of statusgen's is shown in English as documented, whichever template (the
    # built-in one or a copy of it) prints it; only the theme's own message is warned of.
    root = site_in(tmp_path, "eo", {"eo.po": po_text("eo", {"Components": "Komponantoj"})})
    templates = root / "themes" / TEMPLATES_DIR
    shutil.copytree(BUILTIN_THEME / TEMPLATES_DIR, templates)
    footer = templates / "partials" / "footer.html"
    footer.write_text(
        footer.read_text("utf-8") + '<p>{{ _("Our own words") }}</p>\n', encoding="utf-8"
    )

    code, output = cli_run(root, "check")

    said = [line for line in output.splitlines() if line.startswith("themes/")]
    assert 0 == code, output
    assert 1 == len(said), output
    assert said[0].startswith("themes/templates/partials/footer.html:"), output
    assert "'Our own words'" in said[0]


def test_a_japanese_site_joins_every_label_with_the_full_width_colon(
    built: Callable[[str], Files],
) -> None:
    # Japanese writes a label and what follows with "：", no space: an ASCII ": " in
    # the same page (a day's bar, the maintenance state, the history filter) looks foreign.
    files = built("ja")
    texts = {
        path: unescape(data.decode("utf-8"))
        for path, data in files.items()
        if path.endswith((".html", ".xml", ".ics"))
    }
    ascii_joins = {
        path: match.group()
        for path, text in texts.items()
        if (match := re.search(r"[\u3040-\u30ff\u4e00-\u9fff]: \S{0,12}", text))
    }
    assert {} == ascii_joins
    assert "X-WR-CALNAME:Larchpay Status：メンテナンス" in texts["maintenance.ics"]
    assert "<title>Larchpay Status：Payments API</title>" in texts["components/api/feed.xml"]


@pytest.mark.parametrize(
    ("singular", "plural", "expected"),
    [
        (
            "%(name)s: %(runs)s over the last %(count)s hour",
            "%(name)s: %(runs)s over the last %(count)s hours",
            "Nightly backup: 2 runs over the last hour",
        ),
        (
            "No incidents in the last %(count)s day.",
            "No incidents in the last %(count)s days.",
            "No incidents in the last day.",
        ),
        (
            "No other incidents in the last %(count)s day.",
            "No other incidents in the last %(count)s days.",
            "No other incidents in the last day.",
        ),
    ],
)
def test_english_says_the_last_hour_not_the_last_1_hour(
    tmp_path: Path, singular: str, plural: str, expected: str
) -> None:
    english = load_language(tmp_path, "en")
    words = {"name": "Nightly backup", "runs": "2 runs", "count": 1}
    assert expected == english.ngettext(singular, plural, 1) % words
    # Two hours or days still say their number.
    assert "2" in english.ngettext(singular, plural, 2) % {**words, "count": 2}


def test_a_plain_msgstr_of_a_plural_message_in_a_language_statusgen_lacks_shows_english(
    tmp_path: Path,
) -> None:
    """Without a shipped catalog for the language there is no translation of statusgen's to
    fall back on: the warning says the pages show the English text, as they do."""
    from sitefiles import SETTINGS, write_site

    header = (
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 '
        '&& n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
    )
    catalog = f'msgid "{UPTIME}"\nmsgstr "<strong>%(uptime)s</strong> ЗА %(count)s днів"\n'
    root = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + "language: uk\n", "translations/uk.po": header + catalog},
    )

    checked = cli_run(root, "check")
    code, output = cli_run(root, "build", "--now", "2026-11-22T18:00:00Z")

    # Beside the warning at line 1 that the catalog leaves most of the pages in English.
    reported = [
        text
        for text in checked[1].splitlines()
        if text.startswith("translations/") and not text.startswith("translations/uk.po:1:")
    ]
    assert (0, 0) == (checked[0], code), output
    assert ["translations/uk.po:7: warning: "] == [text[:31] for text in reported], reported
    assert "pages show it in English" in reported[0], reported
    assert "statusgen's own translation" not in checked[1], checked[1]
    page = (root / "public" / "index.html").read_text("utf-8")
    assert "ЗА" not in page
    assert "uptime over" in page
