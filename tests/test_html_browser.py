"""The built-in theme in a real browser: narrow screens, dark mode, the keyboard."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import factories as f
import pytest
from browser import Page, browser_page, static_server
from click.testing import CliRunner
from examplesite import EXAMPLE_NOW
from factories import NOW
from test_i18n import site_in

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.model import ComponentStatus, Impact, IncidentState
from statusgen.render.context import RenderContext, render_all
from statusgen.render.html import render_pages
from statusgen.status import compute

pytestmark = pytest.mark.browser

PAGES = ["", "incidents/long/", "history/", "components/api/", "404.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    title = "A deliberately long incident title that has to wrap on a narrow phone screen"
    incidents = [
        f.incident(
            "long",
            NOW - timedelta(hours=1),
            IncidentState.IDENTIFIED,
            {"api": ComponentStatus.MAJOR_OUTAGE},
            title=title,
            message="A long URL: https://example.com/"
            + "a" * 120
            + "\n\n```\n"
            + "x" * 200
            + "\n```\n\n"
            # A table wider than a page: its columns are printed all the same.
            + "| "
            + " | ".join(f"column {n} " + "y" * 30 for n in range(8))
            + " |\n|"
            + "---|" * 8
            + "\n| "
            + " | ".join(f"value {n}" for n in range(8))
            + " |",
        ),
        f.incident("older", NOW - timedelta(days=3)),
    ]
    # A host name has no break points: unwrapped, it alone pushed pages past 320 px.
    components = [
        f.component("api", "core", 1, name="db01.checkout.payments.internal.example.com"),
        f.component("web", "core", 2),
    ]
    site = dataclasses.replace(f.site(components, incidents=incidents), root=str(root))
    output = root / "public"
    for path, data in render_all(render_pages(RenderContext(site, compute(site, NOW)))).items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    with static_server(output) as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_320_pixel_screen(page: Page, site_url: str, path: str) -> None:
    page.set_width(320)
    page.goto(site_url + path)
    assert 320 >= page.evaluate("document.documentElement.scrollWidth")


# Words with no break points where an author writes text: a German compound, a host name.
# In a flex or grid row such a word is the row's minimum width unless it may break.
LONG = "Zahlungsverkehrsinfrastrukturbetriebsgesellschaft"
HOST = "api-gateway-primary.eu-central-1.internal.example-corporation.com"
UNBREAKABLE_COMPONENTS = f"""\
- id: zv
  name: {LONG}
  components:
    - id: api
      name: {HOST}
      description: {LONG}{LONG}
- id: web
  name: Web{LONG}
- id: old
  name: Old{LONG}
  retired: true
"""


def unbreakable_event(title: str, front: str, body: str) -> str:
    return f"---\ntitle: {title}{LONG}\n{front}\n---\n{body}\n"


@pytest.fixture(scope="module")
def unbreakable_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose title, groups, components and events are words with no break points:
    more open incidents than the front page shows as cards, a maintenance in progress and
    one ahead, and a resolved incident in the history, of a retired component too."""
    root = tmp_path_factory.mktemp("unbreakable") / "site"
    now = "2026-11-22T18:41:00Z"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", now]).exit_code
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("title: Example Status", f"title: {LONG}"))
    content = root / "content"
    (content / "components.yaml").write_text(UNBREAKABLE_COMPONENTS)
    incidents = content / "incidents"
    for old in incidents.glob("*.md"):
        old.unlink()
    components = "components:\n  api: major_outage\n  web: partial_outage"
    update = f"## Investigating at 2026-11-22 17:00 +00:00\n{LONG} {HOST}"
    for number in range(7):  # five cards, then one line each
        (incidents / f"2026-11-22-open-{number}.md").write_text(
            unbreakable_event(f"Open{number}", f"status: investigating\n{components}", update)
        )
    (incidents / "2026-11-20-resolved.md").write_text(
        unbreakable_event(
            "Resolved",
            f"status: resolved\n{components}\n  old: major_outage",  # named, not linked
            f"{update.replace('22', '20')}\n\n## Resolved at 2026-11-20 18:00 +00:00\nDone.",
        )
    )
    for slug, start, end in [
        ("2026-11-22-now", "2026-11-22 18:00", "2026-11-22 20:00"),
        ("2026-11-29-ahead", "2026-11-29 02:00", "2026-11-29 04:00"),
    ]:
        front = f"scheduled_for: {start}\nscheduled_until: {end}\ncomponents: [api, web]"
        body = f"## Scheduled at 2026-11-21 10:00 +00:00\n{LONG}"
        (incidents / f"{slug}.md").write_text(unbreakable_event("Upgrade", front, body))
    built = runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", now])
    assert 0 == built.exit_code, built.output
    with static_server(root / "public") as url:
        yield url


# Where the page is wider than the screen: the elements that reach past its right edge,
# innermost first, by tag and class.
PAST_THE_EDGE = """(() => {
  const width = document.documentElement.clientWidth;
  return [document.documentElement.scrollWidth, width,
    [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > width + 0.5)
      .filter(e => !e.closest('.tip, .visually-hidden'))
      .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
      .reverse().slice(0, 5)];
})()"""


@pytest.mark.parametrize(
    "path",
    [
        "",
        "history/",
        "incidents/2026-11-22-open-0/",
        "incidents/2026-11-22-now/",
        "incidents/2026-11-20-resolved/",
        "components/api/",
        "components/web/",
        "subscribe/",
        "404.html",
        "embed.html",
    ],
)
def test_words_without_break_points_fit_a_320_pixel_screen(
    page: Page, unbreakable_url: str, path: str
) -> None:
    page.set_width(320)
    page.goto(unbreakable_url + path)
    scroll, width, past = page.evaluate(PAST_THE_EDGE)
    assert (width, []) == (scroll, past)


def press_tab(page: Page) -> None:
    for kind in ("keyDown", "keyUp"):
        page.call(
            "Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9
        )


@pytest.fixture(scope="module")
def example_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example site in English, and in Brazilian Portuguese and German, whose words run
    longer."""
    urls = {}
    with ExitStack() as stack:
        for language in ("en", "pt-BR", "de"):
            root = site_in(tmp_path_factory.mktemp(language), language)
            build_site(root, now=EXAMPLE_NOW, output=root / "public", use_cache=False)
            urls[language] = stack.enter_context(static_server(root / "public"))
        yield urls


# Where the skip link lies, and whether it has the focus.
SKIP_LINK = (
    "(() => { const link = document.querySelector('.skip-link');"
    " const box = link.getBoundingClientRect();"
    " return [box.top, box.bottom, box.height, document.activeElement === link]; })()"
)


@pytest.mark.parametrize(
    ("language", "width", "text_size"),
    [("pt-BR", 360, 125), ("en", 320, 150), ("en", 414, 200)],
)
def test_the_skip_link_stays_off_the_screen_until_focused_whatever_its_height(
    page: Page, example_urls: dict[str, str], language: str, width: int, text_size: int
) -> None:
    # "Pular para o conteúdo principal" wraps to two lines at larger text on a phone: the
    # link sat 3rem above the page, and its second line lay over the site's title.
    page.set_width(width)
    page.goto(example_urls[language])
    page.set_text_size(text_size)
    top, bottom, height, focused = page.evaluate(SKIP_LINK)
    assert not focused
    assert bottom <= 0, (top, bottom, height)
    press_tab(page)
    top, bottom, height, focused = page.evaluate(SKIP_LINK)
    assert focused
    assert 0 <= top and bottom <= 800, (top, bottom, height)


@pytest.mark.parametrize("width", [320, 360, 414])
@pytest.mark.parametrize(
    "path",
    ["", "incidents/2026-11-22-payout-creation-errors/", "components/api/", "history/"],
)
def test_pages_fit_a_phone_with_text_at_200_percent(
    page: Page, example_urls: dict[str, str], width: int, path: str
) -> None:
    # WCAG 1.4.4 and 1.4.10: a status label ("Degraded performance") did not wrap, and
    # the facts of an incident kept 12rem columns, 384 px at this size.
    page.set_width(width)
    page.goto(example_urls["en"] + path)
    page.set_text_size(200)
    scroll, client, past = page.evaluate(PAST_THE_EDGE)
    assert (client, []) == (scroll, past)


# Each status label that runs past the inside of the nearest box with a border (its card).
PAST_ITS_CARD = """[...document.querySelectorAll('.status')].filter(label => {
  let card = label.parentElement;
  while (card && parseFloat(getComputedStyle(card).borderRightWidth) === 0) {
    card = card.parentElement;
  }
  if (!card) return false;
  const inside = card.getBoundingClientRect().right
    - parseFloat(getComputedStyle(card).borderRightWidth);
  return label.getBoundingClientRect().right > inside + 0.5;
}).map(label => label.textContent.trim())"""


@pytest.mark.parametrize("language", ["en", "de"])
def test_status_words_stay_in_their_card_with_text_at_200_percent(
    page: Page, example_urls: dict[str, str], language: str
) -> None:
    # German's "Leistungsminderung" (the API is degraded) could not break: at 320 px and
    # 200 % text it ran out of its card, and the page scrolled sideways by 94 px.
    page.set_width(320)
    page.goto(example_urls[language])
    page.set_text_size(200)
    scroll, client, past = page.evaluate(PAST_THE_EDGE)
    assert (client, [], []) == (scroll, past, page.evaluate(PAST_ITS_CARD))


# Each fact's label and the start and top of its value, and of the value after it.
FACTS_LAYOUT = """[...document.querySelectorAll('dl.facts dt')].map(dt => {
  const dd = dt.nextElementSibling, label = dt.getBoundingClientRect();
  const value = dd.getBoundingClientRect();
  return [dt.textContent, Math.round(value.left - label.left), value.top >= label.bottom - 1];
})"""


@pytest.mark.parametrize("medium", ["768", "800", "print"])
def test_each_fact_value_sits_under_its_own_label(
    page: Page, example_urls: dict[str, str], medium: str
) -> None:
    # At three columns (a tablet, paper) bare pairs filled the grid cell by cell: the
    # component page showed "CURRENT STATUS | Degraded performance | GROUP" in one row.
    page.set_width(768 if medium == "print" else int(medium))
    page.set_print(medium == "print")
    try:
        for path in ["components/api/", "incidents/2026-11-22-payout-creation-errors/"]:
            page.goto(example_urls["en"] + path)
            facts = page.evaluate(FACTS_LAYOUT)
            assert [] != facts, path
            assert [[label, 0, True] for label, *_ in facts] == facts, path
    finally:
        page.set_print(False)


# Code blocks and tables whose content is cut off, and anything wider than the page.
CUT_OFF = """[[...document.querySelectorAll('main pre, main table')]
  .filter(box => box.scrollWidth > box.clientWidth + 1
    || box.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(box => box.tagName + ' ' + box.scrollWidth + '/' + box.clientWidth),
  document.querySelectorAll('main pre, main table').length]"""


def test_printing_keeps_every_line_of_code_and_every_column_of_a_table(
    page: Page, site_url: str
) -> None:
    # On screen a wide code block or table scrolls in its own box; paper cannot scroll,
    # so a printed incident lost most of a long code line and the columns past the edge.
    page.set_width(700)
    page.set_print(True)
    try:
        page.goto(site_url + "incidents/long/")
        assert [[], 2] == page.evaluate(CUT_OFF)
    finally:
        page.set_print(False)
    # On screen they still scroll in their own box rather than widen the page.
    page.goto(site_url + "incidents/long/")
    assert 700 >= page.evaluate("document.documentElement.scrollWidth")


def test_dark_mode_follows_the_system(page: Page, site_url: str) -> None:
    page.set_width(1280)
    background = "getComputedStyle(document.body).backgroundColor"
    page.set_dark(False)
    page.goto(site_url)
    assert "rgb(255, 255, 255)" == page.evaluate(background)
    page.set_dark(True)
    page.goto(site_url)
    assert "rgb(13, 17, 23)" == page.evaluate(background)
    page.set_dark(False)


def test_keyboard_users_reach_the_skip_link_and_the_day_labels(page: Page, site_url: str) -> None:
    page.set_width(1280)
    page.goto(site_url)
    press_tab(page)
    assert "Skip to main content" == page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")

    # A day with an incident is a link; focusing it shows its words without any script.
    size = page.evaluate(
        "(() => { const link = document.querySelector('.bars a'); link.focus();"
        " const tip = link.querySelector('.tip').getBoundingClientRect();"
        " return [tip.width, tip.height]; })()"
    )
    assert size[0] > 50 and size[1] > 10


# The focused day's ring: outline width and offset, its box shadows (colour and spread),
# the page's colour, and whether the focused day is stacked above the next day.
FOCUSED_DAY = """(() => {
  const day = document.activeElement.closest('.bars li');
  const ring = getComputedStyle(document.activeElement);
  const shadows = ring.boxShadow === 'none' ? [] : ring.boxShadow.split(/,(?![^(]*\\))/)
    .map(shadow => [shadow.match(/rgba?\\([^)]*\\)/)[0], parseFloat(shadow.split(' ').at(-1))]);
  const above = (parseInt(getComputedStyle(day).zIndex) || 0)
    > (parseInt(getComputedStyle(day.nextElementSibling || day).zIndex) || 0);
  return [parseFloat(ring.outlineWidth), parseFloat(ring.outlineOffset), shadows,
    getComputedStyle(document.body).backgroundColor, above || !day.nextElementSibling];
})()"""


@pytest.mark.parametrize("scheme", ["light", "dark", "forced colours"])
def test_a_focused_day_is_ringed_apart_from_its_neighbours(
    page: Page, site_url: str, scheme: str
) -> None:
    # The days are 2 px apart and the ring 3 px wide, 2 px off the day: it lay over the
    # neighbouring days, and in dark mode the focus blue is the maintenance days' fill.
    # The page's colour inside the ring and around it keeps it apart from any fill (in a
    # forced-colours mode, where the days keep their own drawing, the reader's).
    page.set_width(1280)
    page.set_forced_colors(scheme == "forced colours", dark=scheme != "light")
    try:
        page.goto(site_url)
        press_tab(page)  # a key pressed: focus moved by script shows its ring
        page.evaluate("document.querySelector('.bars [tabindex=\"0\"]').focus()")
        width, offset, shadows, background, above = page.evaluate(FOCUSED_DAY)
    finally:
        page.set_forced_colors(False)
    assert width >= 2
    # A ring of the page's colour from the day's edge to past the outline's outer edge.
    assert {background} == {colour for colour, _ in shadows}
    assert max((spread for _, spread in shadows), default=0) >= offset + width + 2
    assert min((spread for _, spread in shadows), default=0) >= offset
    # Raised above the later days, which would otherwise paint over that outer edge.
    assert above


def test_a_range_ending_on_the_readers_next_day_says_that_day(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    window = f.maintenance(
        "evening-upgrade",
        datetime(2026, 11, 12, 14, 0, tzinfo=berlin),
        datetime(2026, 11, 12, 18, 0, tzinfo=berlin),
    )
    site = dataclasses.replace(f.site(maintenances=[window]), root=str(tmp_path))
    output = tmp_path / "public"
    for path, data in render_all(render_pages(RenderContext(site, compute(site, NOW)))).items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)

    with static_server(output) as url, browser_page(timezone="Asia/Tokyo") as tokyo:
        tokyo.goto(url + "incidents/evening-upgrade/")
        shown = tokyo.wait_for(
            "(() => { const end = document.querySelector('main time[data-time-only]');"
            " return end && end.textContent.includes('GMT+9') && end.textContent; })()"
        )

    # 14:00-18:00 in Berlin is 22:00 on the 12th to 02:00 on the 13th in Tokyo.
    assert "Nov 13, 2026, 02:00 GMT+9" == shown


# Browsers may name each of these by its older alias (Asia/Calcutta, Europe/Kiev,
# Asia/Katmandu): the same zone all the same.
@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/Kyiv", "Asia/Kathmandu"])
def test_a_reader_in_the_sites_own_zone_sees_the_page_as_written(tmp_path: Path, zone: str) -> None:
    from bs4 import BeautifulSoup

    outage = f.incident("outage", NOW - timedelta(hours=1), IncidentState.IDENTIFIED)
    site = dataclasses.replace(f.site(incidents=[outage], timezone=zone), root=str(tmp_path))
    output = tmp_path / "public"
    for path, data in render_all(render_pages(RenderContext(site, compute(site, NOW)))).items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    html = BeautifulSoup((output / "incidents/outage/index.html").read_text(), "html.parser")
    written = [time.get_text() for time in html.select("main time")]

    with static_server(output) as url, browser_page(timezone=zone) as reader:
        reader.goto(url + "incidents/outage/")
        shown = reader.evaluate(
            "[...document.querySelectorAll('main time')].map(t => t.textContent)"
        )
        note = reader.evaluate("document.querySelector('.tz-note').textContent")

    assert written == shown
    assert f"Times are shown in the {zone} time zone." == note


def test_a_reader_in_another_zone_is_told_the_days_stay_in_the_sites(tmp_path: Path) -> None:
    # The times move to the reader's zone, but the history's months, the bars' days and
    # "worst day" are written once in the site's: the note must not claim them all.
    outage = f.incident("outage", NOW - timedelta(hours=1), IncidentState.IDENTIFIED)
    site = f.site(incidents=[outage], timezone="America/New_York")
    site = dataclasses.replace(site, root=str(tmp_path))
    output = tmp_path / "public"
    for path, data in render_all(render_pages(RenderContext(site, compute(site, NOW)))).items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)

    with static_server(output) as url, browser_page(timezone="Asia/Tokyo") as reader:
        reader.goto(url + "history/")
        note = reader.evaluate("document.querySelector('.tz-note').textContent")
        names = reader.evaluate(
            "[...document.querySelectorAll('.tz-note bdi')].map(b => b.textContent)"
        )

    expected = "Times are shown in your time zone, Asia/Tokyo; days and months in America/New_York."
    assert expected == note
    assert ["Asia/Tokyo", "America/New_York"] == names  # each isolated


def test_an_incident_on_one_line_has_a_mark_in_its_impacts_colour(tmp_path: Path) -> None:
    # Five worse incidents take the cards; the milder two get a line each.
    hour = timedelta(hours=1)
    worse = [
        f.incident(f"outage-{n}", NOW - n * hour, IncidentState.IDENTIFIED, impact=Impact.CRITICAL)
        for n in range(1, 6)
    ]
    milder = [
        f.incident("slow", NOW - hour, IncidentState.MONITORING, impact=Impact.MINOR),
        f.incident("quiet", NOW - hour, IncidentState.MONITORING, impact=Impact.NONE),
    ]
    site = dataclasses.replace(f.site(incidents=[*worse, *milder]), root=str(tmp_path))
    output = tmp_path / "public"
    for path, data in render_all(render_pages(RenderContext(site, compute(site, NOW)))).items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    marks = (
        "[...document.querySelectorAll('.events.compact li')].map(li => {"
        " const style = getComputedStyle(li);"
        " return [li.className, style.borderLeftWidth, style.borderLeftColor]; })"
    )
    with static_server(output) as url, browser_page() as page:
        page.set_width(1280)
        page.goto(url)
        light = page.evaluate(marks)
        page.set_dark(True)
        page.goto(url)
        dark = page.evaluate(marks)

    # --degraded_performance for minor, --unknown for no impact, as a card's edge.
    assert [["i-minor", "4px", "rgb(154, 103, 0)"], ["i-none", "4px", "rgb(89, 99, 110)"]] == light
    assert [
        ["i-minor", "4px", "rgb(210, 153, 34)"],
        ["i-none", "4px", "rgb(145, 152, 161)"],
    ] == dark
