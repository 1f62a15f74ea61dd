"""Uptime bars on narrow screens: fewer bars, and text that says how many days they show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import Page, browser_page, static_server
from click.testing import CliRunner

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
    text = page.evaluate(TEXT)
    assert ago in text
    assert "uptime over" in text
    if note is None:
        assert "bars show" not in text
    else:
        assert note in text
