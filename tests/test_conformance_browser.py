"""axe-core on the example site's pages in a real browser: light and dark, wide and narrow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import Page, browser_page, static_server
from examplesite import MESSAGES_SLUG, build_example, build_example_with_messages, node_module_file

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "incidents/2026-11-22-payout-creation-errors/",
    "incidents/2026-11-29-payout-bank-maintenance/",
    "history/",
    "components/payouts/",
    "404.html",
]
VIEWS = [(dark, width) for dark in (False, True) for width in (1280, 320)]


@pytest.fixture(scope="module")
def axe_source() -> str:
    return node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = build_example(tmp_path_factory.mktemp("example") / "public")
    with static_server(output) as url:
        yield url


@pytest.fixture(scope="module")
def messages_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = build_example_with_messages(tmp_path_factory.mktemp("messages"))
    with static_server(output) as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it looks now, each with its nodes' targets."""
    result: list[dict[str, Any]] = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({"
        "id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})))"
    )
    return result


def axe_report(page: Page, url: str, axe_source: str) -> str:
    """axe-core's violations on the page at `url` in every view (VIEWS), one per line."""
    page.set_dark(False)
    page.set_width(1280)
    page.goto(url)
    page.evaluate(axe_source)
    found = []
    for dark, width in VIEWS:
        page.set_dark(dark)
        page.set_width(width)
        for violation in violations(page):
            found.append({"dark": dark, "width": width, **violation})
    page.set_dark(False)
    return "\n".join(
        f"{'dark' if v['dark'] else 'light'} {v['width']}px: {v['id']} ({v['impact']}) "
        f"{v['help']}\n" + "\n".join(f"    {n['target']}: {n['summary']}" for n in v["nodes"])
        for v in found
    )


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_axe_violations(
    page: Page, site_url: str, axe_source: str, path: str
) -> None:
    assert "" == axe_report(page, site_url + path, axe_source)


@pytest.mark.parametrize("path", ["", f"incidents/{MESSAGES_SLUG}/"])
def test_messages_with_headings_code_and_unsafe_links_have_no_axe_violations(
    page: Page, messages_url: str, axe_source: str, path: str
) -> None:
    assert "" == axe_report(page, messages_url + path, axe_source)
