"""What every test shares: the example site copied out of the checkout, a check that no
test left a build behind inside the checkout, and the checkout's code for the commands
tests run as processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sitefiles import CHECKOUT, copy_example

from statusgen.layout import CACHE_FOLDER

# `python -m statusgen` run by a test imports this checkout's code, not the one an editable
# install points at: the tests of a second working tree (a branch checked out beside the
# first) then test that branch, in their processes too.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, (str(CHECKOUT), os.environ.get("PYTHONPATH")))
)

# Property tests judge what code does, never how fast: a loaded machine (a CI runner
# beside other jobs) must not fail an example by Hypothesis's 200 ms deadline. Speed is
# measured under bench/.
settings.register_profile("statusgen", deadline=None)
settings.load_profile("statusgen")

# What a build run inside the checkout would leave there.
_BUILD_LEFTOVERS = ("public", CACHE_FOLDER)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site, shared by one test module (tests build into `-o` folders)."""
    return copy_example(tmp_path_factory.mktemp("example") / "site")


@pytest.fixture
def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The incident files parsed from now on in this test (validate.parse_event), in
    order: a file answered from the cache is not in it."""
    from statusgen import validate

    parsed: list[str] = []
    original = validate.parse_event

    def counted(relpath: str, *args: object) -> object:
        parsed.append(relpath)
        return original(relpath, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "parse_event", counted)
    return parsed


@pytest.fixture(scope="session", autouse=True)
def own_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache's sealing key (statusgen/incremental/seal.py) in a folder of the run's
    own, inherited by the commands tests start: never the user's real one."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_clean() -> Iterator[None]:
    """Fail the run if a test built inside the checkout (its output or cache appeared)."""
    before = {name for name in _BUILD_LEFTOVERS if (CHECKOUT / name).exists()}
    yield
    after = {name for name in _BUILD_LEFTOVERS if (CHECKOUT / name).exists()}
    assert set() == after - before, "a test built inside the checkout"
