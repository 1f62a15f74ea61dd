"""A cache folder that cannot be written (read-only, damaged, a file in its place) costs
speed, never the build: the site is built right, and a build that uses the cache says in
one line why the next one will not be incremental. `--no-cache` does not even say that."""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitefiles import INCIDENT_PATH, run_build, write_site
from sitefiles import tree as snapshot

from statusgen.incremental import store
from statusgen.layout import CACHE_FOLDER

_MANIFEST = "manifest-default.marshal"
# Every file of the cache folder besides the manifest: each one a build cannot write has
# every build redo its part again, which it says as it says the manifest.
_PICKLES = [
    "parsed.pickle",
    "texts.pickle",
    "templates.pickle",
    "history.pickle",
    "markdown.pickle",
    "markdown-shown.pickle",
    "search-rows-by-part.pickle",
]
_HINT = "builds will not be incremental until you delete it (the next build makes it anew)"


def _file_for_the_folder(root: Path) -> tuple[str, str]:
    shutil.rmtree(root / CACHE_FOLDER)
    (root / CACHE_FOLDER).write_text("x\n")
    return f"Warning: cannot write {CACHE_FOLDER}: not a folder; ", _HINT


def _folders_for_the_manifests(root: Path) -> tuple[str, str]:
    for manifest in (root / CACHE_FOLDER).glob("manifest-*"):
        manifest.unlink()
        manifest.mkdir()
    # Why, in the system's words, in between.
    return f"Warning: cannot write {CACHE_FOLDER}/{_MANIFEST}: ", _HINT


# Each damages the cache folder, and gives how the warning about it starts and ends.
_DAMAGE: dict[str, Callable[[Path], tuple[str, str]]] = {
    "file-for-folder": _file_for_the_folder,
    "folders-for-manifests": _folders_for_the_manifests,
}


def _edit(root: Path, words: str) -> None:
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text() + f"\n{words}\n")


def _clean(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build of the site's inputs alone writes."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", CACHE_FOLDER))
    result = run_build(clean, "--no-cache")
    assert 0 == result.exit_code, result.output
    return snapshot(clean / "public")


@pytest.mark.parametrize("damage", _DAMAGE)
def test_a_cache_that_cannot_be_written_is_one_warning_and_a_right_site(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    monkeypatch.chdir(root)  # the warning names the path as the user would type it
    assert 0 == run_build(root).exit_code
    starts, ends = _DAMAGE[damage](root)
    _edit(root, "Edited after the cache was damaged.")

    first = run_build(root)
    again = run_build(root)

    assert 0 == first.exit_code, first.output
    assert 1 == len(first.stderr.splitlines()), first.stderr
    assert first.stderr.startswith(starts) and first.stderr.endswith(f"{ends}\n")
    # Still not incremental, and still said: nothing was recorded to trust.
    assert (0, first.stderr) == (again.exit_code, again.stderr)
    assert _clean(root, tmp_path) == snapshot(root / "public")


@pytest.mark.parametrize(
    ("number", "hint"),
    [
        (errno.ENOSPC, "the disk is full: free some space and the next build writes it"),
        (errno.EROFS, "the file system is read-only: build a copy of the site on a writable disk"),
    ],
    ids=["full", "read-only"],
)
def test_a_cache_the_disk_refuses_says_what_to_do_about_that_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, hint: str
) -> None:
    # "Fix its permissions or delete it" sent the owner of a full disk looking for a
    # permission problem; freeing space is all it takes.
    root = write_site(tmp_path / "site")
    monkeypatch.chdir(root)

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(store, "open", refused, raising=False)  # the cache's writes alone

    result = run_build(root)

    assert 0 == result.exit_code, result.output
    # Every file of the cache the build writes is refused for one cause: one line says it,
    # naming the first and counting the others (the pickles, the manifest, built-folder).
    said = f": {os.strerror(number)}; builds will not be incremental until it can be written"
    said += f" ({hint})"
    others = len({*_PICKLES, _MANIFEST, "built-folder"}) - 1
    assert re.fullmatch(
        rf"Warning: cannot write {CACHE_FOLDER}/[\w.-]+ and {others} other cache files"
        + re.escape(said)
        + "\n",
        result.stderr,
    ), result.stderr
    assert _clean(root, tmp_path) == snapshot(root / "public")


@pytest.mark.parametrize("name", _PICKLES)
def test_a_folder_where_a_cache_file_should_be_is_one_warning(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left there, the folder had every build redo that part, and none said why.
    root = write_site(tmp_path / "site")
    monkeypatch.chdir(root)
    (root / CACHE_FOLDER / name / "x").mkdir(parents=True)

    result = run_build(root)  # a first build writes every file of the cache

    said = f"Warning: cannot write {CACHE_FOLDER}/{name}: {os.strerror(errno.EISDIR)}; {_HINT}\n"
    assert (0, said) == (result.exit_code, result.stderr), result.output
    assert _clean(root, tmp_path) == snapshot(root / "public")


@pytest.mark.parametrize("name", ["parsed.pickle", "templates.pickle"])
def test_a_cache_file_larger_than_the_disk_allows_is_said(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `ulimit -f` (or a full disk) refusing one large file of the cache, not the manifest.
    root = write_site(tmp_path / "site")
    monkeypatch.chdir(root)
    assert 0 == run_build(root).exit_code
    (root / CACHE_FOLDER / name).unlink()
    _edit(root, "Edited before the disk refused the cache.")
    opened = open

    def refused(file: Path, *args: object, **kwargs: object) -> object:
        if Path(file).name.startswith(f".{name}."):
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))
        return opened(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(store, "open", refused, raising=False)  # the cache's writes alone

    result = run_build(root)

    assert 0 == result.exit_code, result.output
    assert (
        f"Warning: cannot write {CACHE_FOLDER}/{name}: {os.strerror(errno.EFBIG)}; builds will "
        "not be incremental until it can be written (the file is larger than the file-size "
        "limit (ulimit -f) allows: raise it and the next build writes it)\n"
    ) == result.stderr
    assert not (root / CACHE_FOLDER / name).exists()
    assert _clean(root, tmp_path) == snapshot(root / "public")


@pytest.mark.parametrize("damage", _DAMAGE)
@pytest.mark.parametrize("elsewhere", [False, True], ids=["public", "other-folder"])
def test_no_cache_builds_whatever_state_the_cache_is_in(
    tmp_path: Path, damage: str, elsewhere: bool
) -> None:
    root = write_site(tmp_path / "site")
    other = tmp_path / "other"
    assert 0 == run_build(root).exit_code
    assert 0 == run_build(root, "-o", str(other)).exit_code
    _DAMAGE[damage](root)
    _edit(root, "Edited after the cache was damaged.")

    result = run_build(root, "--no-cache", *(("-o", str(other)) if elsewhere else ()))

    assert (0, "") == (result.exit_code, result.stderr), result.output
    assert _clean(root, tmp_path) == snapshot(other if elsewhere else root / "public")


def test_a_site_with_pages_and_no_cache_folder_to_write_says_so_once(tmp_path: Path) -> None:
    settings = (
        "title: Example Status\ntimezone: UTC\npages:\n"
        "  public:\n    base_url: https://status.example.com/\n    output: out/public\n"
        "  internal:\n    base_url: https://internal.example.com/\n    output: out/internal\n"
    )
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    (root / CACHE_FOLDER).write_text("x\n")

    result = run_build(root)

    assert 0 == result.exit_code, result.output
    assert 1 == result.stderr.count("Warning: cannot write"), result.stderr
    assert {"public", "internal"} == {p.name for p in (root / "out").iterdir()}


def test_a_manifest_that_cannot_be_removed_is_not_trusted_after_a_no_cache_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    original = (root / INCIDENT_PATH).read_bytes()
    clean_original = _clean(root, tmp_path)
    # A cache folder that refuses to let the manifest go (read-only for this user), while
    # it can still be read: what the last cached build recorded stays behind.
    unlink = Path.unlink

    def refusing(path: Path, missing_ok: bool = False) -> None:
        if path.name.startswith("manifest-"):
            raise PermissionError(13, "Permission denied", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refusing)
    _edit(root, "Shown by the build without the cache.")

    edited = run_build(root, "--no-cache")

    assert (0, "") == (edited.exit_code, edited.stderr), edited.output
    assert _clean(root, tmp_path) == snapshot(root / "public")
    # The inputs are back as the manifest recorded them; the output folder is not, and a
    # build that trusted the manifest would keep the edited pages.
    (root / INCIDENT_PATH).write_bytes(original)
    back = run_build(root)
    assert 0 == back.exit_code, back.output
    assert clean_original == snapshot(root / "public")
