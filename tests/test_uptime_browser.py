"""Uptime bars on narrow screens: fewer bars, and text that says how many days they show."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from browser import Page, browser_page, static_server
from click.testing import CliRunner
from examplesite import EXAMPLE_NOW
from test_i18n import site_in

from statusgen.build import build_site
from statusgen.cli import cli

pytestmark = pytest.mark.browser

NOW = "2026-11-22T18:41:00Z"
VISIBLE_BARS = (
    "[...document.querySelector('.bars').children]"
    ".filter(li => getComputedStyle(li).display !== 'none').length"
)
TEXT = "document.querySelector('.uptime-text').innerText.replace(/\\s+/g, ' ')"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site") / "site"  # init's settings: 90 days of history
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    assert 0 == runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", NOW]).exit_code
    with static_server(root / "public") as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


@pytest.mark.parametrize(
    ("width", "bars", "ago", "note"),
    [
        (375, 30, "30 days ago", "The bars show the last 30 days."),
        (700, 60, "60 days ago", "The bars show the last 60 days."),
        (1200, 90, "90 days ago", None),
    ],
)
def test_fewer_bars_on_narrow_screens_with_honest_text(
    page: Page, site_url: str, width: int, bars: int, ago: str, note: str | None
) -> None:
    page.set_width(width)
    page.goto(site_url)
    assert bars == page.evaluate(VISIBLE_BARS)
    # A screen reader counts the days it can reach (the list's items): the bar's name must
    # not promise more ("last 90 days" over the thirty a phone shows).
    name = page.evaluate("document.querySelector('.bars').getAttribute('aria-label')")
    assert [] == [count for count in re.findall(r"\d+", name) if int(count) > bars], name
    text = page.evaluate(TEXT)
    assert ago in text
    assert "uptime over" in text
    if note is None:
        assert "bars show" not in text
    else:
        assert note in text


@pytest.fixture(scope="module")
def long_history_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, str]]:
    """Sites keeping a year and ten years of history (the most `history_days` allows)."""
    urls = {}
    with ExitStack() as stack:
        for days in (365, 3650):
            root = tmp_path_factory.mktemp(f"days-{days}") / "site"
            runner = CliRunner()
            assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
            settings = root / "statusgen.yaml"
            text = settings.read_text()
            assert "history_days: 90\n" in text
            settings.write_text(text.replace("history_days: 90\n", f"history_days: {days}\n"))
            result = runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", NOW])
            assert 0 == result.exit_code, result.output
            urls[days] = stack.enter_context(static_server(root / "public"))
        yield urls


# Whether the page scrolls sideways, and where today's bar (each bar's last day) lies.
FITS = (
    "(() => { const root = document.documentElement;"
    " const today = [...document.querySelectorAll('.bars')].map("
    "   bar => bar.lastElementChild.getBoundingClientRect());"
    " return [root.scrollWidth, root.clientWidth,"
    "   today.map(box => [box.left, box.right, box.width])]; })()"
)


@pytest.mark.parametrize("days", [365, 3650])
@pytest.mark.parametrize(
    ("width", "bars", "note"),
    [
        (320, 30, "The bars show the last 30 days."),
        (700, 60, "The bars show the last 60 days."),
        (900, 180, "The bars show the last 180 days."),
        (1280, 180, "The bars show the last 180 days."),
    ],
)
def test_a_long_history_fits_the_screen_and_says_what_it_shows(
    page: Page,
    long_history_urls: dict[int, str],
    days: int,
    width: int,
    bars: int,
    note: str,
) -> None:
    # A year of days at two pixels each and two between is wider than a desktop's card:
    # the page scrolled sideways and today's bar lay off the screen.
    page.set_width(width)
    for path in ("", "components/api/"):
        page.goto(long_history_urls[days] + path)
        scroll, client, today = page.evaluate(FITS)
        assert scroll <= client
        assert today, "no uptime bar"
        for left, right, shown in today:
            assert 0 <= left and right <= client and shown >= 2, (left, right, shown)
        assert bars == page.evaluate(VISIBLE_BARS)
        text = page.evaluate(TEXT)
        assert f"{bars} days ago" in text
        assert note in text


KEY_CODES = {"Tab": 9, "Escape": 27, "End": 35, "Home": 36, "ArrowLeft": 37, "ArrowRight": 39}
# The day holding the focus: its place in the bar, its words, and the size they show at.
FOCUSED_DAY = (
    "(() => { const day = document.activeElement.closest('.bars > li');"
    " if (!day) return null; const tip = day.querySelector('.tip');"
    " const box = tip.getBoundingClientRect();"
    " return [[...day.parentNode.children].indexOf(day), tip.textContent,"
    " box.width, box.height]; })()"
)


def press(page: Page, key: str) -> None:
    for kind in ("keyDown", "keyUp"):
        code = KEY_CODES[key]
        page.call(
            "Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code
        )


def test_the_keyboard_reaches_every_day_of_a_bar_in_one_tab_stop(page: Page, site_url: str) -> None:
    """A day without an incident shows its words to the keyboard too, as a day with one
    does, and a bar of 90 days is one tab stop, not 90."""
    page.set_width(1200)
    page.goto(site_url)
    for _ in range(60):
        press(page, "Tab")
        if page.evaluate(FOCUSED_DAY):
            break
    today = page.evaluate(FOCUSED_DAY)
    assert today is not None, "Tab never reached an uptime bar"
    assert 89 == today[0]
    assert today[2] > 50 and today[3] > 10  # shown, not only read out

    press(page, "ArrowLeft")
    yesterday = page.evaluate(FOCUSED_DAY)
    assert 88 == yesterday[0]
    assert yesterday[1] != today[1]
    assert yesterday[2] > 50 and yesterday[3] > 10
    press(page, "Home")
    assert 0 == page.evaluate(FOCUSED_DAY)[0]
    press(page, "ArrowRight")
    assert 1 == page.evaluate(FOCUSED_DAY)[0]
    press(page, "End")
    assert 89 == page.evaluate(FOCUSED_DAY)[0]

    first_bar = "document.querySelector('.bars')"
    press(page, "Tab")
    assert not page.evaluate(f"{first_bar}.contains(document.activeElement)")


# Where the focused day's words lie across the screen: their left and right edges, and
# the width of the screen.
FOCUSED_EDGES = (
    "(() => { const tip = document.activeElement.closest('.bars > li').querySelector('.tip');"
    " const box = tip.getBoundingClientRect();"
    " return [box.left, box.right, document.documentElement.clientWidth]; })()"
)


@pytest.mark.parametrize("width", [320, 360, 700])
def test_the_first_day_a_narrow_screen_shows_keeps_its_words_on_the_screen(
    page: Page, site_url: str, width: int
) -> None:
    # A phone shows the last 30 days and a tablet the last 60: Home goes to the first of
    # them, whose words must not start off the screen's edge.
    page.set_width(width)
    page.goto(site_url)
    for _ in range(60):
        press(page, "Tab")
        if page.evaluate(FOCUSED_DAY):
            break
    press(page, "Home")
    left, right, screen = page.evaluate(FOCUSED_EDGES)
    assert 0 <= left and right <= screen, (left, right, screen)
    press(page, "End")
    left, right, screen = page.evaluate(FOCUSED_EDGES)
    assert 0 <= left and right <= screen, (left, right, screen)


@pytest.fixture(scope="module")
def example_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example site, whose days carry long words, in English and in Arabic (right to left)."""
    urls = {}
    with ExitStack() as stack:
        for language in ("en", "ar"):
            root = site_in(tmp_path_factory.mktemp(language), language)
            build_site(root, now=EXAMPLE_NOW, output=root / "public", use_cache=False)
            urls[language] = stack.enter_context(static_server(root / "public"))
        yield urls


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_day_of_a_phone_keeps_its_words_on_the_screen(
    page: Page, example_urls: dict[str, str], language: str
) -> None:
    # A phone's row of thirty days is narrower than a day's words may be wide: wherever the
    # day lies along it, its words stay on the screen, whichever way the page reads.
    page.set_width(320)
    page.goto(example_urls[language])
    for _ in range(60):
        press(page, "Tab")
        if page.evaluate(FOCUSED_DAY):
            break
    press(page, "Home")
    forward = "ArrowLeft" if language == "ar" else "ArrowRight"
    seen, outside = [], []
    for _ in range(30):
        day, words = page.evaluate(FOCUSED_DAY)[:2]
        left, right, screen = page.evaluate(FOCUSED_EDGES)
        seen.append(day)
        if left < 0 or right > screen:
            outside.append((words, left, right, screen))
        press(page, forward)
    assert list(range(60, 90)) == seen  # the thirty days a phone shows, oldest to today
    assert [] == outside


# How each kind of day of the bars is drawn (its fill, and the pattern and size of it),
# and the fill of the mark beside a status's words; the page's own colour last.
LOOKS = """(() => {
  const looks = {};
  for (const day of document.querySelectorAll('.bars li')) {
    const style = getComputedStyle(day);
    looks[day.className] = [style.backgroundColor, style.backgroundImage, style.backgroundSize];
  }
  const marks = [...document.querySelectorAll('.status')]
    .map(label => getComputedStyle(label, '::before').backgroundColor);
  return [matchMedia('(forced-colors: active)').matches, looks, [...new Set(marks)],
    getComputedStyle(document.body).backgroundColor];
})()"""
DAYS = {
    "d-none",
    "d-operational",
    "d-under_maintenance",
    "d-degraded_performance",
    "d-partial_outage",
    "d-major_outage",
}


@pytest.mark.parametrize("dark", [False, True])
def test_forced_colours_keep_the_days_of_a_bar_apart(
    page: Page, example_urls: dict[str, str], dark: bool
) -> None:
    # A contrast theme replaces every fill with the reader's page colour: the days, told
    # apart by colour, all looked alike, and the marks beside the statuses vanished.
    page.set_width(1200)
    page.set_forced_colors(True, dark=dark)
    try:
        page.goto(example_urls["en"])
        forced, looks, marks, background = page.evaluate(LOOKS)
    finally:
        page.set_forced_colors(False)
    assert forced
    assert DAYS == set(looks)
    drawn = {name: " ".join(look) for name, look in looks.items()}
    assert len(DAYS) == len(set(drawn.values())), drawn
    blank = f"{background} none auto"
    assert [] == [
        name for name, look in drawn.items() if look in (blank, "rgba(0, 0, 0, 0) none auto")
    ]
    assert background not in marks


# Today's day of the first component with an incident today: its box, its words' box, how
# opaque they are (their own and every ancestor's opacity), and the box of the status label
# of the component's row.
TODAYS_WORDS = """(() => {
  const row = [...document.querySelectorAll('.component')]
    .find(c => c.querySelector('.bars > li:last-child a'));
  const day = row.querySelector('.bars > li:last-child');
  const tip = day.querySelector('.tip');
  let opacity = 1;
  for (let e = tip; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  const box = (e) => { const b = e.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
  return {day: box(day), tip: box(tip), opacity,
    status: box(row.querySelector('.row .status'))};
})()"""


def shown(box: dict[str, float]) -> bool:
    return box["right"] - box["left"] > 50 and box["bottom"] - box["top"] > 10


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def move_mouse(page: Page, x: float, y: float) -> None:
    page.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)


def test_a_days_words_can_be_read_hovered_and_dismissed(
    page: Page, example_urls: dict[str, str]
) -> None:
    # WCAG 1.4.13: hovering today's day of an outage showed its words over the row's
    # status ("Major outage"), see-through (the day's hover dimmed them too), gone as the
    # pointer moved onto them, and no key dismissed them.
    page.set_width(1200)
    page.goto(example_urls["en"])
    page.evaluate(
        "[...document.querySelectorAll('.bars > li:last-child a')][0]"
        ".scrollIntoView({block: 'center'})"
    )
    day = page.evaluate(TODAYS_WORDS)["day"]
    x, y = (day["left"] + day["right"]) / 2, (day["top"] + day["bottom"]) / 2
    move_mouse(page, x, y)
    time.sleep(0.3)  # past the hover's transition
    hovered = page.evaluate(TODAYS_WORDS)
    assert shown(hovered["tip"])
    assert 1 == hovered["opacity"]
    assert not overlap(hovered["tip"], hovered["status"]), hovered

    # The pointer moves straight down onto the words, then along them, a few pixels at a
    # time: they stay.
    tip = hovered["tip"]
    middle = (tip["top"] + tip["bottom"]) / 2
    path = [(x, y + (middle - y) * step / 10) for step in range(1, 11)]
    path += [(x + (tip["left"] + 5 - x) * step / 10, middle) for step in range(1, 11)]
    for point in path:
        move_mouse(page, *point)
        assert shown(page.evaluate(TODAYS_WORDS)["tip"]), point

    press(page, "Escape")
    assert not shown(page.evaluate(TODAYS_WORDS)["tip"])
    # Hovered again, the day shows them again.
    move_mouse(page, 5, 5)
    move_mouse(page, x, y)
    assert shown(page.evaluate(TODAYS_WORDS)["tip"])
    move_mouse(page, 5, 5)

    # The keyboard: Escape hides the focused day's words, the next day shows its own.
    for _ in range(60):
        press(page, "Tab")
        if page.evaluate(FOCUSED_DAY):
            break
    assert page.evaluate(FOCUSED_DAY)[2] > 50
    press(page, "Escape")
    assert page.evaluate(FOCUSED_DAY)[2] <= 1
    press(page, "ArrowLeft")
    assert page.evaluate(FOCUSED_DAY)[2] > 50
