"""A cache folder someone else wrote (cloned with the repository, or planted in a shared
folder) is neither run nor believed: it is a cache miss, and the output equals a clean
build. Files without this user's seal are never read further (seal.py); the restricted
unpickler behind the seal is tested with sealed hostile files, as if the key had leaked."""

from __future__ import annotations

import errno
import marshal
import os
import pickle
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sitefiles import run_build, sealed_bytes, write_site
from sitefiles import tree as snapshot

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.incremental import safepickle
from statusgen.incremental.seal import key_path, unseal
from statusgen.layout import CACHE_FOLDER
from statusgen.model import Incident

NOW = "2026-11-22T18:00:00Z"

# Both files of saved Markdown conversions: all of them, and those recent builds showed
# (read first).
_CONVERSIONS = ("markdown.pickle", "markdown-shown.pickle")


class _Planted:
    """Unpickling this calls os.mkdir(marker): proof that the file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


class _Climbing:
    """getattr(Incident, "__init__"): the first step to __globals__ and from there anything."""

    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return (getattr, (Incident, "__init__"))


@pytest.fixture(scope="module")
def clean_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    clean = write_site(tmp_path_factory.mktemp("clean"))
    assert 0 == run_build(clean, now=NOW).exit_code
    return snapshot(clean / "public")


def _plant(root: Path, files: dict[str, bytes]) -> None:
    folder = root / CACHE_FOLDER
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).unlink(missing_ok=True)
        (folder / name).write_bytes(data)


@pytest.mark.parametrize("sealed", [False, True], ids=["planted", "sealed"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_planted_pickle_is_not_run_and_the_output_equals_a_clean_build(
    tmp_path: Path, command: str, sealed: bool, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "cloned")
    marker = tmp_path / "ran"
    payload = pickle.dumps(("any key", _Planted(marker)))
    if sealed:
        payload = sealed_bytes(payload)
    _plant(root, dict.fromkeys(("parsed.pickle", *_CONVERSIONS), payload))

    result = CliRunner().invoke(cli, ["-C", str(root), command])
    assert 0 == result.exit_code, result.output
    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert not marker.exists()
    assert expected == snapshot(root / "public")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x80\x05 not a pickle at all",
        pickle.dumps(("key", _Climbing())),
        pickle.dumps(("key", {"x": ("digest", (None, []))}))[:-5],  # cut short
    ],
    ids=["empty", "garbage", "getattr-climb", "truncated"],
)
def test_a_damaged_or_hostile_cache_file_is_a_miss_not_a_traceback(
    tmp_path: Path, data: bytes, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "site")
    _plant(root, dict.fromkeys(("parsed.pickle", *_CONVERSIONS), sealed_bytes(data)))

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert expected == snapshot(root / "public")


@pytest.mark.parametrize(
    "fields",
    [
        b"\x00\x01garbage",
        marshal.dumps("a string, not a manifest"),
        # Right format header, wrong shapes inside: must not reach the no-op check.
        None,
    ],
    ids=["garbage", "wrong-type", "wrong-shapes"],
)
def test_a_damaged_manifest_means_a_full_build(
    tmp_path: Path, fields: bytes | None, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=NOW).exit_code
    manifest = root / CACHE_FOLDER / "manifest-default.marshal"
    if fields is None:
        # The length of the first part in 8 bytes, the first part (the header and the
        # recorded sources), then the rest (store.py).
        data = unseal(manifest.read_bytes())
        assert data is not None
        size = int.from_bytes(data[:8], "big")
        header, (_, taken) = marshal.loads(data[8 : 8 + size])
        rest = list(marshal.loads(data[8 + size :]))
        rest[4] = ["not", "a", "dict"]  # files
        first = marshal.dumps((header, ({"content/components.yaml": "not a tuple"}, taken)))
        fields = len(first).to_bytes(8, "big") + first + marshal.dumps(tuple(rest))
    manifest.write_bytes(sealed_bytes(fields))

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert expected == snapshot(root / "public")


def test_a_fifo_in_the_cache_folder_does_not_block_the_build(
    tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "site")
    (root / CACHE_FOLDER).mkdir()
    for name in ("parsed.pickle", *_CONVERSIONS, "manifest-default.marshal"):
        os.mkfifo(root / CACHE_FOLDER / name)

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert expected == snapshot(root / "public")


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc),
        {"markdown": ("<p>html</p>", 3)},
    ],
)
def test_the_values_a_cache_holds_still_load(value: object) -> None:
    assert value == safepickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


# --- the seal: only this user's builds are believed ---------------------------------------

# Conversions are sanitized when used, so a planted one cannot add a script; it can still
# put words on the page that no incident file says.
_PLANTED = "<p>Planted: all systems operational.</p>"


def _planted_markdown(root: Path) -> bytes:
    """The site's own Markdown conversions, each replaced by words of ours, as a pickle."""
    data = unseal((root / CACHE_FOLDER / "markdown.pickle").read_bytes())
    assert data is not None
    key, conversions = pickle.loads(data)
    assert conversions, "the build saved no conversions to plant over"
    return pickle.dumps((key, {source: _PLANTED for source in conversions}))


def _forget_output(root: Path) -> None:
    """No output and no manifest: the next build renders every page, from the cache."""
    for manifest in (root / CACHE_FOLDER).glob("manifest-*"):
        manifest.unlink()
    for path in sorted((root / "public").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


@pytest.mark.parametrize("sealed", [False, True], ids=["planted", "sealed-by-this-user"])
def test_planted_words_in_the_cache_never_reach_the_page(
    tmp_path: Path, sealed: bool, clean_output: dict[str, bytes]
) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=NOW).exit_code
    planted = _planted_markdown(root)
    _forget_output(root)
    _plant(root, dict.fromkeys(_CONVERSIONS, sealed_bytes(planted) if sealed else planted))

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    shown = any(b"Planted: all" in data for data in snapshot(root / "public").values())
    # Without this user's seal the file is a miss; with it, it would be believed: the seal
    # is what keeps a cache arriving with the repository off the page.
    assert sealed == shown
    if not sealed:
        assert clean_output == snapshot(root / "public")


def test_a_cache_written_under_another_users_key_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_output: dict[str, bytes]
) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=NOW).exit_code
    planted = _planted_markdown(root)
    _forget_output(root)
    _plant(root, dict.fromkeys(_CONVERSIONS, sealed_bytes(planted)))
    # The same folder, read by someone else (another machine, user or CI runner).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert clean_output == snapshot(root / "public")
    assert (tmp_path / "someone-else" / "statusgen" / "cache-key").is_file()


def test_the_key_is_the_users_alone(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, now=NOW).exit_code

    key = key_path()
    assert not key.is_relative_to(root)
    assert 0o600 == key.stat().st_mode & 0o777
    assert 32 == len(key.read_bytes())


def test_without_a_place_for_the_key_every_build_is_full_and_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_output: dict[str, bytes]
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = write_site(tmp_path / "site")

    first = run_build(root, now=NOW)
    second = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == second.exit_code, second.output
    assert clean_output == snapshot(root / "public")
    # Nothing could be sealed, so nothing was saved to trust: the second build rendered
    # everything again instead of reusing what it could not vouch for, and said why.
    assert not list((root / CACHE_FOLDER).glob("manifest-*"))
    # The variable may name any file of the user's: deleting it is no fix to offer.
    assert (
        f"Warning: cannot write {blocked}: not a folder; builds will not be incremental "
        "until it can be written (set XDG_CACHE_HOME (or HOME) to a writable folder)\n"
    ) == second.stderr


@pytest.mark.parametrize("damage", ["empty", "cut-short", "too-long", "folder"])
def test_a_damaged_key_is_made_again_and_the_next_build_is_incremental(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str, clean_output: dict[str, bytes]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    key = key_path()
    key.parent.mkdir(parents=True)
    if damage == "folder":
        key.mkdir()
    else:
        key.write_bytes({"empty": b"", "cut-short": b"abc", "too-long": bytes(33)}[damage])
    root = write_site(tmp_path / "site")

    first = run_build(root, now=NOW)
    again = build_site(root, now=datetime.fromisoformat(NOW.replace("Z", "+00:00")))

    assert (0, "") == (first.exit_code, first.stderr), first.output
    assert (True, ()) == (again.skipped, again.rendered)
    assert clean_output == snapshot(root / "public")
    assert 0o600 == key.stat().st_mode & 0o777
    assert 32 == len(key.read_bytes())


def test_a_key_that_cannot_be_made_again_is_said_once_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_output: dict[str, bytes]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    key = key_path()
    (key / "left-by-hand").mkdir(parents=True)  # a folder of someone's: not ours to remove
    root = write_site(tmp_path / "site")

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert clean_output == snapshot(root / "public")
    # Why, in the system's words, between the file and what it means.
    assert 1 == len(result.stderr.splitlines()), result.stderr
    assert result.stderr.startswith(f"Warning: cannot write {key}: ")
    assert result.stderr.endswith(
        "; builds will not be incremental until it can be written (set XDG_CACHE_HOME "
        "(or HOME) to a writable folder)\n"
    )


def test_a_key_this_user_may_not_write_is_told_where_to_put_it_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As with HOME=/ for a user without root in a container: the user's cache folder is
    # not theirs to write. A copy of the site would not help; another cache folder does.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-mine"))
    key = key_path()
    opened = os.open

    def refusing(path: str, *args: int) -> int:
        if os.path.dirname(path) == str(key.parent):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return opened(path, *args)

    monkeypatch.setattr(os, "open", refusing)
    root = write_site(tmp_path / "site")

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    assert (
        f"Warning: cannot write {key}: Permission denied; builds will not be incremental "
        "until it can be written (statusgen may not write there: fix the permissions or "
        "set XDG_CACHE_HOME (or HOME) to a writable folder)\n"
    ) == built.stderr
