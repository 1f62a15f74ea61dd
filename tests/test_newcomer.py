"""A newcomer's first hour: what the README's first section says, run in a new folder.

The install line runs as written (`python3 -m pip install statusgen` in a new virtual
environment) with pip pointed at a wheel built from this checkout instead of PyPI, as no
test may reach the network; the dependencies come from the test environment. Every
command after it runs verbatim, with that environment's `statusgen` first on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def readme_blocks() -> list[list[str]]:
    """The shell code blocks of the README's install section, as lists of lines."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def install_lines() -> list[str]:
    return readme_blocks()[0]


def site_lines() -> list[str]:
    [block] = [b for b in readme_blocks() if b[0].startswith("statusgen init")]
    return block


def test_the_readme_offers_pipx_uv_and_pip() -> None:
    commands = [line.split("#")[0].strip() for line in install_lines()]
    assert [
        "pipx install statusgen",
        "uv tool install statusgen",
        "python3 -m pip install statusgen",
    ] == commands


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new environment where the README's pip line installed statusgen; its bin folder."""
    work = tmp_path_factory.mktemp("newcomer")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(ROOT)],
        check=True,
    )  # fmt: skip
    env_dir = work / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    # The dependencies, without a network: this environment's packages, minus statusgen.
    deps = work / "deps"
    deps.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        if not entry.name.lower().startswith(("statusgen", "__editable__")):
            (deps / entry.name).symlink_to(entry)
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", where], check=True, capture_output=True, text=True
    ).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(f"{deps}\n")
    [pip_line] = [line for line in install_lines() if line.startswith("python3 -m pip")]
    environ = {
        **os.environ,
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(dist),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    environ.pop("PIP_CONSTRAINT", None)
    subprocess.run(["bash", "-euo", "pipefail", "-c", pip_line], check=True, env=environ)
    return env_dir / "bin"


def shell(script: str, cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    environ.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd, env=environ, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_readme_first_section_makes_a_site_one_can_open_from_disk(
    installed: Path, tmp_path: Path
) -> None:
    which = shell("command -v statusgen", tmp_path, installed)
    assert str(installed / "statusgen") == which.stdout.strip()  # the wheel, not this checkout

    result = shell("\n".join(site_lines()), tmp_path, installed)

    assert 0 == result.returncode, result.stdout + result.stderr
    index = tmp_path / "my-status" / "public" / "index.html"
    html = index.read_text()
    assert 'href="assets/style.css?v=' in html  # opens from disk with its stylesheet
    assert 'href="history/index.html"' in html


def test_then_the_commands_work_from_a_subfolder(installed: Path, tmp_path: Path) -> None:
    assert 0 == shell("\n".join(site_lines()), tmp_path, installed).returncode
    site = tmp_path / "my-status"
    incidents = site / "content" / "incidents"

    opened = shell(
        'statusgen new incident "Checkout errors" -c api=partial_outage -m "Looking into it."',
        incidents,
        installed,
    )
    assert 0 == opened.returncode, opened.stderr
    assert f"Using the site in {site}" in opened.stderr

    for command in ("statusgen check", "statusgen incidents", "statusgen build"):
        result = shell(command, incidents, installed)
        assert 0 == result.returncode, (command, result.stderr)
    assert "Checkout errors" in (site / "public" / "index.html").read_text()
    assert not (incidents / "public").exists()
