"""The release: the wheel and sdist the release workflow builds, checked as PyPI checks them."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import statusgen

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist, built by the PyPA front end as the release workflow runs it
    (without an isolated environment: no network round trip for hatchling)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("statusgen-*.whl")
    return wheel


def sdist_of(dist: Path) -> Path:
    (sdist,) = dist.glob("statusgen-*.tar.gz")
    return sdist


def test_both_are_named_for_the_one_version(dist: Path) -> None:
    version = statusgen.__version__
    assert f"statusgen-{version}-py3-none-any.whl" == wheel_of(dist).name
    assert f"statusgen-{version}.tar.gz" == sdist_of(dist).name


def test_twine_check_passes(dist: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
        capture_output=True,
        text=True,
    )
    assert 0 == result.returncode, result.stdout + result.stderr


def test_the_wheel_carries_everything_a_site_needs_and_no_tests(dist: Path) -> None:
    names = set(zipfile.ZipFile(wheel_of(dist)).namelist())
    for needed in (
        "statusgen/themes/default/templates/base.html",
        "statusgen/themes/default/static/style.css",
        "statusgen/themes/default/static/favicon.svg",
        "statusgen/authoring/templates/deploy.yml",
        "statusgen/authoring/templates/incident.yml",
        "statusgen/serve/reload.js",
        "statusgen/render/widget.js",
    ):
        assert needed in names
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]


def test_the_wheel_metadata(dist: Path) -> None:
    archive = zipfile.ZipFile(wheel_of(dist))
    info = f"statusgen-{statusgen.__version__}.dist-info"
    metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
    assert statusgen.__version__ == metadata["Version"]
    assert ">=3.10" == metadata["Requires-Python"]
    assert "text/markdown" == metadata["Description-Content-Type"]
    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert "statusgen = statusgen.__main__:run" in entry_points


def test_the_sdist_builds_again_with_its_tests_and_changelog(dist: Path) -> None:
    prefix = f"statusgen-{statusgen.__version__}/"
    with tarfile.open(sdist_of(dist)) as sdist:
        names = set(sdist.getnames())
    for needed in ("pyproject.toml", "README.md", "CHANGELOG.md", "statusgen/__init__.py"):
        assert prefix + needed in names
    assert any(n.startswith(prefix + "tests/") for n in names)
    assert not [n for n in names if "/.venv/" in n or "/node_modules/" in n]


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {statusgen.__version__}" in changelog
