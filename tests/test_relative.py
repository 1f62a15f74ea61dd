"""Relative links for a site opened from disk: the rewriting rules, and the cache around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.render.relative import relative_page
from statusgen.urls import relative_link

NOW = "2026-11-22T18:41:00Z"


@pytest.mark.parametrize(
    ("target", "page", "base", "expected"),
    [
        ("/", "index.html", "/", "index.html"),
        ("/history/", "index.html", "/", "history/index.html"),
        ("/", "incidents/x/index.html", "/", "../../index.html"),
        (
            "/assets/style.css?v=1",
            "history/page/2/index.html",
            "/",
            "../../../assets/style.css?v=1",
        ),
        ("/#subscribe", "history/index.html", "/", "../index.html#subscribe"),
        ("/status/history/", "index.html", "/status/", "history/index.html"),
        ("/status/", "components/api/index.html", "/status/", "../../index.html"),
        ("/feed.xml", "404.html", "/", "feed.xml"),
        ("https://example.com/", "index.html", "/", None),
        ("//cdn.example.com/x.js", "index.html", "/", None),
        ("mailto:ops@example.com", "index.html", "/", None),
        ("#main", "index.html", "/", None),
        ("/other/", "index.html", "/status/", None),
    ],
)
def test_relative_link(target: str, page: str, base: str, expected: str | None) -> None:
    assert expected == relative_link(target, page, base)


def test_only_link_attributes_change() -> None:
    html = '<a href="/history/">/history/</a><img src="/logo.svg" alt="/x/">'
    expected = '<a href="../history/index.html">/history/</a><img src="../logo.svg" alt="/x/">'
    assert expected == relative_page(html, "components/index.html", "/")


def test_the_search_form_finds_the_index_and_the_site_from_its_page() -> None:
    html = '<form class="history-search" data-index="/status/search.json" data-base="/status/">'
    expected = '<form class="history-search" data-index="../search.json" data-base="../">'
    assert expected == relative_page(html, "history/index.html", "/status/")
    assert 'data-base="./"' in relative_page(html, "index.html", "/status/")


def test_a_normal_build_after_a_relative_one_links_root_relative_again(tmp_path: Path) -> None:
    root = tmp_path / "site"
    runner = CliRunner()
    assert 0 == runner.invoke(cli, ["init", str(root), "--now", NOW]).exit_code
    for args, expected in [
        ([], 'href="/history/"'),
        (["--relative"], 'href="history/index.html"'),
        ([], 'href="/history/"'),
    ]:
        result = runner.invoke(cli, ["-C", str(root), "build", "-q", "--now", NOW, *args])
        assert 0 == result.exit_code, result.output
        assert expected in (root / "public" / "index.html").read_text()
