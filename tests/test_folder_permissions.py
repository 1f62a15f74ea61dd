"""Folders the user running statusgen may not open (another user's, a chmod slip): each is
one problem naming the folder and what lets statusgen in, never a traceback. The commands
run as processes the folders' permissions apply to, root's tests included."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitefiles import BUILD_NOW, run_build, statusgen_as_a_user, tree, write_site


@pytest.fixture
def closed() -> Iterator[list[Path]]:
    """The folders a test closes; opened again after it, so that it can be cleaned up."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        folder.chmod(0o755)


ANOTHER_USER = 65534  # nobody, when the tests run as root


@pytest.mark.parametrize("whose", ["own", "another user's"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_output_folder_that_cannot_be_opened_is_one_problem_with_its_fix(
    tmp_path: Path, closed: list[Path], command: str, whose: str
) -> None:
    # public/ left by another user with umask 077 (mode 700, not ours), or the user's own
    # closed by hand (chmod 000): `build` and `check` stopped with a traceback from listing
    # it. The user's own needs no new owner (the hint said `sudo chown` of it), only a chmod.
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    published = tree(root / "public")
    if whose == "own":
        (root / "public").chmod(0o000)
        fix = "let its owner in (chmod u+rwx public)"
    else:
        if os.geteuid() != 0:
            pytest.skip("leaving another user's folder needs root")
        os.chown(root / "public", ANOTHER_USER, -1)
        (root / "public").chmod(0o700)
        fix = 'make the user who runs statusgen its owner (sudo chown -R "$USER" public)'
    closed.append(root / "public")

    done = statusgen_as_a_user(root, command, "--now", BUILD_NOW)

    said = done.stdout + done.stderr  # check reports on stdout, build on stderr
    assert 1 == done.returncode, said
    assert "Traceback" not in said
    assert [
        "statusgen.yaml: the output folder 'public' cannot be opened: Permission denied",
        f"    hint: the build looks into the folder and replaces it whole: {fix}, or delete "
        "it and build again",
        "1 problem in 1 file",
    ] == said.splitlines()
    (root / "public").chmod(0o755)
    os.chown(root / "public", os.geteuid(), -1)
    assert published == tree(root / "public")


@pytest.mark.parametrize("args", [[], ["--no-cache"]], ids=["update", "whole site"])
@pytest.mark.parametrize("mode", [0o111, 0o333], ids=["search-only", "drop-folder"])
def test_an_output_folder_in_a_folder_that_cannot_be_read_is_named_with_what_to_do(
    tmp_path: Path, closed: list[Path], mode: int, args: list[str]
) -> None:
    # The output is the user's, the folder holding it may be entered (and, a drop folder,
    # written) but not listed: the lock on it and the look for what killed builds left
    # there cannot be had. A whole-site build stopped with a traceback.
    root = write_site(tmp_path / "site")
    drop, output = tmp_path / "drop", tmp_path / "drop" / "www"
    assert 0 == run_build(root, "-o", str(output)).exit_code
    published = tree(output)
    (root / "statusgen.yaml").write_text((root / "statusgen.yaml").read_text() + "\n")
    drop.chmod(mode)
    closed.append(drop)

    done = statusgen_as_a_user(root, "build", "-o", str(output), *args, "--now", BUILD_NOW)

    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert [
        f"{output}: cannot write the site: Permission denied in {drop}, the folder holding "
        "the output folder",
        "    hint: the build makes the new site beside the output folder and renames it into "
        f"place: let statusgen list and write to {drop}, or build into another folder and "
        "copy the site into this one",
        "1 problem in 1 file",
        f"The previous site in {output} is unchanged.",
    ] == done.stderr.splitlines()
    drop.chmod(0o755)
    assert published == tree(output)


@pytest.mark.parametrize("command", ["build", "check", "status"])
@pytest.mark.parametrize("mode", [0o600, 0o000], ids=["no-execute", "closed"])
def test_a_content_folder_that_cannot_be_opened_is_one_problem_with_its_chmod(
    tmp_path: Path, closed: list[Path], command: str, mode: int
) -> None:
    # Each file in content/ was told "cannot read file" with a chmod a+r that changes
    # nothing, the incident folder besides, and a monitors.yaml the site does not have.
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    published = tree(root / "public")
    (root / "content").chmod(mode)
    closed.append(root / "content")

    done = statusgen_as_a_user(root, command, "--now", BUILD_NOW)

    said = done.stdout + done.stderr
    assert 1 == done.returncode, said
    assert [
        "content: cannot open the files in the folder: Permission denied",
        "    hint: let the user who runs statusgen list it and open its files "
        "(chmod a+rx content, or change its owner)",
        "1 problem in 1 file",
    ] == said.splitlines()[:3]
    assert "monitors.yaml" not in said
    (root / "content").chmod(0o755)
    assert published == tree(root / "public")
