"""A previous site the build cannot delete is named, with the command that deletes it, by
every build, not left beside the output for good in silence; a folder of the site closed
by hand does not keep it there."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import run_build, write_site

from statusgen.cli import cli
from statusgen.write import STAGING_PREFIX

NOW = "2026-11-22T18:00:00Z"
ANOTHER_USER = 65534  # nobody, when the tests run as root


def build(root: Path, output: Path, *args: str) -> tuple[int, str]:
    result = run_build(root, "-q", "-o", str(output), *args, now=NOW)
    return result.exit_code, result.output


def beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX))


def test_a_previous_site_that_cannot_be_deleted_is_named_with_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    output = tmp_path / "www"
    assert (0, "") == build(root, output)
    real = os.rmdir

    def refusing(path: str, *args: object, **kwargs: object) -> None:
        where = os.fspath(path)
        if os.path.dirname(where) == str(tmp_path) and STAGING_PREFIX in where:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), where)
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rmdir", refusing)
    status, said = build(root, output, "--no-cache")
    assert 0 == status
    [left] = beside(tmp_path)
    assert 1 == said.count(f"could not delete {tmp_path / left},")
    assert f"sudo rm -rf {tmp_path / left}" in said
    # Every build names it while it stays, one with nothing to do too (the second): only
    # the first build was said to. (Renamed as another process's: these builds run in
    # this one, and would stage the new site under its name.)
    os.rename(tmp_path / left, tmp_path / f"{STAGING_PREFIX}www-1")
    left = f"{STAGING_PREFIX}www-1"
    for _ in range(2):
        status, said = build(root, output)
        assert (0, 1) == (status, said.count(f"could not delete {tmp_path / left},")), said
    monkeypatch.undo()
    # The next build that writes deletes it, and says nothing.
    assert (0, "") == build(root, output, "--no-cache")
    assert [] == beside(tmp_path)


def build_as_user(root: Path, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A build in another process where permissions apply: as root, without the
    capabilities that let root ignore them."""
    command = [sys.executable, "-m", "statusgen", "-C", str(root), "build", "--now", NOW]
    command += ["-q", "-o", str(output), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("needs setpriv to build as root without overriding permissions")
        dropped = "-dac_override,-dac_read_search,-fowner"
        command = [setpriv, "--bounding-set", dropped, "--inh-caps", dropped, *command]
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def test_a_folder_of_the_site_closed_by_hand_does_not_keep_the_previous_site_beside(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site")
    output = tmp_path / "www"
    assert 0 == build_as_user(root, output).returncode
    (output / "assets").chmod(0)
    done = build_as_user(root, output, "--no-cache")
    assert (0, "") == (done.returncode, done.stderr)
    assert [] == beside(tmp_path)
    assert stat.S_IMODE((output / "assets").stat().st_mode) & 0o500 == 0o500


def test_another_users_previous_site_is_named_by_every_build(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("leaving another user's site needs root")
    root = write_site(tmp_path / "site")
    output = tmp_path / "www"
    assert (0, "") == build(root, output)
    for path in [output, *output.rglob("*")]:
        os.lchown(path, ANOTHER_USER, -1)  # a one-off build as another user
    first = build_as_user(root, output)
    assert 0 == first.returncode
    [left] = beside(tmp_path)
    assert f"sudo rm -rf {tmp_path / left}" in first.stderr
    # A build with nothing to do says it too: it stays until deleted by hand.
    again = build_as_user(root, output)
    assert f"sudo rm -rf {tmp_path / left}" in again.stderr


def test_init_keeps_leftover_sites_out_of_the_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert 0 == CliRunner().invoke(cli, ["init", str(tmp_path / "s")]).exit_code
    subprocess.run(["git", "init", "-q", str(tmp_path / "s")], check=True)
    for name in (f"{STAGING_PREFIX}public-123", ".statusgen-old-public-123"):
        (tmp_path / "s" / name).mkdir()
        (tmp_path / "s" / name / "index.html").write_text("old")
        ignored = subprocess.run(
            ["git", "-C", str(tmp_path / "s"), "check-ignore", "-q", f"{name}/index.html"],
            check=False,
        )
        assert 0 == ignored.returncode
