"""`build --relative`: the site opened from disk (file://) in chromium looks and links right."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import Page, browser_page, static_server
from click.testing import CliRunner

from statusgen.cli import cli

pytestmark = pytest.mark.browser

NOW = "2026-11-22T18:41:00Z"
# Every link of a page that points at a file of this site, as the browser resolved it.
LINKS = """[...document.querySelectorAll('a[href], link[href]')]
  .map(a => a.href).filter(h => h.startsWith('file:'))"""


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site") / "my-status"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    built = runner.invoke(cli, ["-C", str(root), "build", "--relative", "--now", NOW])
    assert 0 == built.exit_code, built.output
    return root / "public"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


def on_disk(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


@pytest.mark.parametrize(
    "path", ["index.html", "history/index.html", "components/api/index.html", "404.html"]
)
def test_a_page_opened_from_disk_has_its_stylesheet(page: Page, public: Path, path: str) -> None:
    page.goto((public / path).as_uri())
    # The theme's stylesheet lays the header out as a flex row; unstyled, it is a block.
    assert "flex" == page.evaluate(
        "getComputedStyle(document.querySelector('.header-inner')).display"
    )


@pytest.mark.parametrize("path", ["index.html", "history/index.html", "components/api/index.html"])
def test_every_link_of_a_page_opened_from_disk_reaches_a_file(
    page: Page, public: Path, path: str
) -> None:
    page.goto((public / path).as_uri())
    links = page.evaluate(LINKS)
    assert links, "the page has links into the site"
    missing = [url for url in links if not on_disk(url).is_file()]
    assert [] == missing
    assert all(on_disk(url).is_relative_to(public) for url in links)


def test_following_the_history_link_from_disk_opens_the_history(page: Page, public: Path) -> None:
    page.goto((public / "index.html").as_uri())
    page.evaluate("document.querySelector('nav a[href*=history]').click()")
    page.wait_for("location.pathname.endsWith('/history/index.html')")
    page.wait_for("document.readyState === 'complete'")
    assert "Incident history" in page.evaluate("document.querySelector('h1').textContent")


def test_the_history_opened_from_disk_offers_no_search_it_cannot_run(
    page: Page, public: Path
) -> None:
    page.goto((public / "history" / "index.html").as_uri())
    assert page.evaluate("document.querySelector('form.history-search').hidden")
    assert page.evaluate("!document.getElementById('history-list').hidden")


def test_a_relative_build_served_at_another_path_searches_and_links_to_files(
    page: Page, tmp_path: Path
) -> None:
    # Built for /status/, served at /elsewhere/: only links relative to the page reach
    # the index, and a result names the file it opens, as every link of the build does.
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    built = runner.invoke(
        cli,
        ["-C", str(root), "build", "--relative", "--now", NOW],
        env={"STATUSGEN_BASE_URL": "https://example.com/status/"},
    )
    assert 0 == built.exit_code, built.output
    shutil.copytree(root / "public", tmp_path / "served" / "elsewhere")
    with static_server(tmp_path / "served") as url:
        page.goto(url + "elsewhere/history/index.html")
        page.wait_for("!document.querySelector('form.history-search').hidden")
        page.evaluate(
            "(() => { const i = document.getElementById('history-q'); i.value = "
            + json.dumps("slow")
            + "; i.dispatchEvent(new Event('input')); })()"
        )
        page.wait_for("document.getElementById('history-search-status').textContent !== ''")
        links = page.evaluate(
            "[...document.querySelectorAll('#history-search-results li a')].map(a => a.href)"
        )
    assert [url + "elsewhere/incidents/2026-11-21-slow-api-responses/index.html"] == links
