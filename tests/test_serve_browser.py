"""The preview's build-error panel in a real browser: readable in light mode, fits a phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from browser import Page, browser_page
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.serve.preview import site_builder
from statusgen.serve.server import LiveSite, bind, serving
from statusgen.serve.watcher import rebuild

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 22, 18, 41, tzinfo=timezone.utc)
ERROR = (
    "content/incidents/2026-11-22-x.md:3:9: unknown component 'ap'\n"
    "    hint: did you mean 'api'?\n1 problem in 1 file"
)
# WCAG 2 contrast ratio of two computed "rgb(r, g, b)" colours.
CONTRAST = """(() => {
  const lum = c => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const panel = document.getElementById('statusgen-build-error');
  const back = getComputedStyle(panel).backgroundColor;
  const within = el => {  // the first non-transparent background from el up to the panel
    for (; el !== panel; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return back;
  };
  return [...panel.querySelectorAll('strong, pre')].map(
    el => ratio(getComputedStyle(el).color, within(el)));
})()"""
OVERLAP = """(() => {
  const panel = document.getElementById('statusgen-build-error');
  const a = panel.querySelector('strong').getBoundingClientRect();
  const b = panel.querySelector('button').getBoundingClientRect();
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
})()"""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site") / "site"
    assert 0 == CliRunner().invoke(cli, ["init", str(root), "--now", NOW.isoformat()]).exit_code
    folder = tmp_path_factory.mktemp("preview")
    live = LiveSite(folder)
    server = bind(live, "127.0.0.1", 0)
    rebuild(live, site_builder(root, now=lambda: NOW, base_url=None), lambda message: None)
    live.publish_failure(ERROR)
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_error_panel_is_readable(page: Page, preview: str, dark: bool) -> None:
    page.set_dark(dark)
    page.set_width(1024)
    page.goto(preview)
    page.wait_for("!!document.getElementById('statusgen-build-error')")
    ratios = page.evaluate(CONTRAST)
    assert 2 == len(ratios)
    assert all(ratio >= 4.5 for ratio in ratios), ratios
    assert "unknown component 'ap'" in page.evaluate(
        "document.querySelector('#statusgen-build-error pre').textContent"
    )


@pytest.mark.parametrize("width", [320, 375, 1024])
def test_the_dismiss_button_never_covers_the_title(page: Page, preview: str, width: int) -> None:
    page.set_dark(False)
    page.set_width(width)
    page.goto(preview)
    page.wait_for("!!document.getElementById('statusgen-build-error')")
    assert False is page.evaluate(OVERLAP)
    page.evaluate("document.querySelector('#statusgen-build-error button').click()")
    assert None is page.evaluate("document.getElementById('statusgen-build-error')")


TITLE = "document.querySelector('#statusgen-build-error strong').textContent"


def test_the_panel_says_no_build_succeeded_when_none_did(
    page: Page, preview: str, tmp_path: Path
) -> None:
    live = LiveSite(tmp_path / "preview")
    server = bind(live, "127.0.0.1", 0)
    live.publish_failure(ERROR)
    with serving(server):
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.wait_for("!!document.getElementById('statusgen-build-error')")
        first = page.evaluate(TITLE)
    page.goto(preview)
    page.wait_for("!!document.getElementById('statusgen-build-error')")

    assert "The build failed, and no build has succeeded yet" in first
    assert "last good site" not in first
    assert "This is the last good site" in page.evaluate(TITLE)
