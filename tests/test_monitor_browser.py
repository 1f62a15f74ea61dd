"""The response-time chart in a real browser: drawn, fitting a phone, legible in light and
dark mode (WCAG AA contrast for its labels)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser import Page, browser_page, static_server
from sitefiles import SETTINGS, write_site

from statusgen.build import build_site
from statusgen.model import Check, CheckResult
from statusgen.probe import store

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
MONITORS = """\
- id: api-health
  component: api
  type: http
  url: https://api.example.com/health
  slow_ms: 500
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_site(tmp_path_factory.mktemp("site"), {"content/monitors.yaml": MONITORS})
    runs = [
        Check(
            NOW - timedelta(minutes=10) * (100 - n),
            CheckResult.DOWN if n % 17 == 0 else CheckResult.UP,
            None if n % 17 == 0 else 100 + (n * 37) % 200,
        )
        for n in range(101)
    ]
    store.record(root, {"api-health": runs}, ZoneInfo("UTC"), 90)
    result = build_site(root, now=NOW, output=root / "public", base_url="http://127.0.0.1/")
    with static_server(result.output) as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


def luminance(colour: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


CHART = "document.querySelector('svg.chart')"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_chart_is_drawn_and_legible(page: Page, site_url: str, dark: bool) -> None:
    page.set_dark(dark)
    page.set_width(1280)
    page.goto(site_url + "components/api/")
    box = page.evaluate(f"(() => {{ const r = {CHART}.getBoundingClientRect(); "
                        "return [r.width, r.height]; })()")  # fmt: skip
    assert box[0] > 300 and box[1] > 60
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    label = page.evaluate(f"getComputedStyle({CHART}.querySelector('.chart-axis text')).fill")
    line = page.evaluate(f"getComputedStyle({CHART}.querySelector('.chart-line')).stroke")
    assert contrast(label, background) >= 4.5, (label, background)
    assert contrast(line, background) >= 3.0, (line, background)  # WCAG non-text contrast
    assert page.evaluate(f"{CHART}.querySelectorAll('.chart-down').length") > 0
    page.set_dark(False)


def test_chart_fits_a_320_pixel_screen(page: Page, site_url: str) -> None:
    page.set_width(320)
    page.goto(site_url + "components/api/")
    assert 320 >= page.evaluate("document.documentElement.scrollWidth")
    assert 250 <= page.evaluate(f"{CHART}.getBoundingClientRect().width")


def test_daily_figures_scroll_in_their_own_box_at_320_pixels(page: Page, site_url: str) -> None:
    """WCAG 1.4.10: opened, the wide table scrolls inside its box, which the keyboard
    reaches; the page itself never scrolls sideways."""
    page.set_width(320)
    page.goto(site_url + "components/api/")
    page.evaluate("document.querySelectorAll('.monitor details').forEach(d => d.open = true)")
    table = "document.querySelector('table.figures')"

    assert 320 >= page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate(f"{table}.scrollWidth > {table}.clientWidth")
    assert 0 == page.evaluate(f"{table}.tabIndex")


def _slow_site(root: Path, language: str) -> Path:
    """A site whose runs reach 1,000 ms: the axis's widest labels."""
    settings = SETTINGS + f"language: {language}\n"
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings}
    root = write_site(root, files)
    runs = [
        Check(NOW - timedelta(minutes=10) * (20 - n), CheckResult.UP, 1000 if n == 5 else 300)
        for n in range(21)
    ]
    store.record(root, {"api-health": runs}, ZoneInfo("UTC"), 90)
    return build_site(root, now=NOW, output=root / "public", base_url="http://127.0.0.1/").output


OUTSIDE = (
    f"(() => {{ const box = {CHART}.getBoundingClientRect(); "
    f"return [...{CHART}.querySelectorAll('.chart-axis text')].filter(t => {{ "
    "const r = t.getBoundingClientRect(); "
    "return r.left < box.left - 0.5 || r.right > box.right + 0.5; }"
    ").map(t => t.textContent); })()"
)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axis_labels_stay_whole_on_a_phone(page: Page, tmp_path: Path, language: str) -> None:
    """At 375 pixels the chart is scaled down; "1,000 ms" must still show whole, and in
    a right-to-left page so must the times under the axis."""
    with static_server(_slow_site(tmp_path, language)) as url:
        page.set_width(375)
        page.goto(url + "components/api/")
        labels = page.evaluate(f"[...{CHART}.querySelectorAll('.chart-axis text')]"
                               ".map(t => t.textContent)")  # fmt: skip
        cut = page.evaluate(OUTSIDE)

    assert any("000" in label for label in labels), labels
    assert [] == cut


def test_axis_times_move_to_the_readers_time_zone_with_the_rest(site_url: str) -> None:
    """The note says every time is in the reader's zone once scripts move them: the
    chart's times under the axis too, not only the <time> elements."""
    with browser_page(timezone="America/New_York") as reader:
        reader.goto(site_url + "components/api/")
        reader.wait_for("document.querySelector('.tz-note').textContent.includes('your')")
        labels = reader.evaluate(
            f"[...{CHART}.querySelectorAll('.chart-axis text[data-datetime]')]"
            ".map(t => t.textContent)"
        )

    # The runs span 19:20 UTC on Nov 30 to the build's 12:00 UTC on Dec 1: written as
    # 20:20 and 13:00 in the site's Berlin, shown as 14:20 and 07:00 in New York.
    assert ["Nov 30, 14:20", "Dec 1, 07:00"] == labels
