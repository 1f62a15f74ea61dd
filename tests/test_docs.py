"""The documentation: the short README's commands, and the MkDocs site built from docs/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def code_after(marker: str) -> str:
    """The first shell block after the README line holding `marker`."""
    after = README.split(marker, 1)[1]
    match = re.search(r"```sh\n(.*?)```", after, re.S)
    assert match is not None
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = code_after("The test command")
    assert command.startswith("python3 -m venv .venv && ") and command.endswith("pytest")
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_the_readme_stays_short() -> None:
    assert len(README.encode()) < 6_000


def test_every_readme_link_reaches_a_file() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert local
    assert [] == [link for link in local if not (ROOT / link).exists()]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # --strict: a broken link, a missing anchor or a page left out of the nav fails it.
    assert 0 == result.returncode, result.stderr
    return out


def test_every_docs_page_is_in_the_navigation(site: Path) -> None:
    index = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    linked = {str(a["href"]).strip("/") for a in index.select("a[href]")}
    pages = {p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index"}
    assert pages, "docs/ has pages"
    assert set() == pages - linked


def test_the_docs_site_loads_nothing_from_other_hosts(site: Path) -> None:
    external = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for tag in soup.select("script[src], link[href], img[src]"):
            url = str(tag.get("src") or tag.get("href"))
            if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
                continue
            if re.match(r"^(https?:)?//", url):
                external.append(f"{page.relative_to(site)}: {url}")
    assert [] == external
