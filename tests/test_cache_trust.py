"""A cache folder someone else wrote (cloned with the repository, or planted in a shared
folder) is never run: it is a cache miss, and the output equals a clean build."""

from __future__ import annotations

import marshal
import os
import pickle
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sitefiles import run_build, write_site
from sitefiles import tree as snapshot

from statusgen.cli import cli
from statusgen.incremental import safepickle
from statusgen.layout import CACHE_FOLDER
from statusgen.model import Incident

NOW = "2026-11-22T18:00:00Z"


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


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_planted_pickle_is_not_run_and_the_output_equals_a_clean_build(
    tmp_path: Path, command: str, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "cloned")
    marker = tmp_path / "ran"
    payload = pickle.dumps(("any key", _Planted(marker)))
    _plant(root, {"parsed.pickle": payload, "markdown.pickle": payload})

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
    _plant(root, {"parsed.pickle": data, "markdown.pickle": data})

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
        header, saved = marshal.loads(manifest.read_bytes())
        broken = list(saved)
        broken[8] = {"content/components.yaml": "not a tuple"}  # sources
        broken[4] = ["not", "a", "dict"]  # files
        fields = marshal.dumps((header, tuple(broken)))
    manifest.write_bytes(fields)

    result = run_build(root, now=NOW)

    assert 0 == result.exit_code, result.output
    assert expected == snapshot(root / "public")


def test_a_fifo_in_the_cache_folder_does_not_block_the_build(
    tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    expected = clean_output
    root = write_site(tmp_path / "site")
    (root / CACHE_FOLDER).mkdir()
    for name in ("parsed.pickle", "markdown.pickle", "manifest-default.marshal"):
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
