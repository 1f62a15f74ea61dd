"""What `statusgen serve` keeps in memory between its rebuilds (incremental/memory.py) is
tested against its absence: after each kind of edit, a rebuild of the same process equals
a clean build, byte for byte, and it reads from memory what it would read from disk.

Mutation proof (checked by hand when this module was written):
  - a memory that answers a cache read under any key (`MemoryCache.load` not comparing
    the key): `test_a_rebuild_with_memory_equals_a_clean_build[timezone]` fails, the
    incident's times shown in the old zone;
  - a memory that keeps no manifest (`MemoryCache.save_manifest` doing nothing):
    `test_the_preview_record_is_kept_in_memory_alone` fails (every page rendered again);
  - a kept manifest trusted without checking the folder (`output_is_intact` always
    true): `test_a_build_by_another_process_is_not_hidden_by_memory` fails (the other
    build's note stays on the page);
  - no memory at all (site_builder passing none): `test_a_serve_rebuild_parses_only_
    the_changed_file` fails.

And for the helper process that checks the folder when a build cannot fork (checker.py):
  - a helper that answers "intact" without looking:
    `test_the_helper_checks_the_folder_when_the_build_cannot_fork` fails;
  - never asking it (`FolderChecker.ask` finding no process): the same test fails, as
    the folder is checked in the build's process;
  - an answer taken whatever request it answers (`_answer` not comparing numbers):
    `test_an_answer_to_a_build_that_stopped_is_not_taken_by_the_next` fails;
  - a helper that cannot be asked taken as saying "intact":
    `test_a_rebuild_checks_the_folder_itself_when_the_helper_is_gone` fails.
"""

from __future__ import annotations

import select
import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
import test_incremental as incremental
from hypothesis import settings
from hypothesis.stateful import invariant
from sitefiles import COMPONENTS, INCIDENT_PATH, SETTINGS, tree, write_site

from statusgen import forked
from statusgen.build import build_site
from statusgen.errors import StatusgenError
from statusgen.incremental import outputs
from statusgen.incremental.checker import FolderChecker
from statusgen.incremental.memory import BuildMemory
from statusgen.layout import CACHE_FOLDER
from statusgen.serve.preview import site_builder

NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _override(root: Path) -> None:
    folder = root / "themes/templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "incident.html").write_text(
        '{% extends "builtin/incident.html" %}'
        "{% block content %}<p id=mine>Ours</p>{{ super() }}{% endblock %}"
    )


def _second_incident(root: Path) -> None:
    (root / "content/incidents/2026-11-21-slow-api.md").write_text(
        "---\ntitle: Slow API\nstatus: resolved\ncomponents: [api]\n---\n"
        "## Investigating at 2026-11-21 09:00\nSlow.\n\n## Resolved at 2026-11-21 09:30\nFast.\n"
    )


# Each edit an author makes while the preview runs, between two rebuilds of one process.
EDITS: dict[str, Callable[[Path], None]] = {
    "incident message": lambda root: _append(root / INCIDENT_PATH, "Root cause found.\n"),
    "incident deleted": lambda root: (root / INCIDENT_PATH).unlink(),
    "incident added": _second_incident,
    "timezone": lambda root: (root / "statusgen.yaml").write_text(
        SETTINGS.replace("Europe/Berlin", "America/New_York")
    ),
    "title": lambda root: (root / "statusgen.yaml").write_text(
        SETTINGS.replace("Example Status", "Renamed Status")
    ),
    "component added": lambda root: (root / "content/components.yaml").write_text(
        COMPONENTS + "- id: search\n  name: Search\n"
    ),
    "theme override": _override,
}


def _clean(root: Path, tmp_path: Path) -> dict[str, bytes] | str:
    fresh = tmp_path / "clean"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in ("statusgen.yaml", "content", "themes"):
        if (root / name).is_dir():
            shutil.copytree(root / name, fresh / name)
        elif (root / name).exists():
            shutil.copy(root / name, fresh / name)
    try:
        build_site(fresh, now=NOW, output=fresh / "out", use_cache=False)
    except StatusgenError as error:
        return str(error)
    return tree(fresh / "out")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_with_memory_equals_a_clean_build(tmp_path: Path, edit: str) -> None:
    root = write_site(tmp_path / "site")
    output, memory = tmp_path / "preview", BuildMemory()
    build_site(root, now=NOW, output=output, memory=memory)

    EDITS[edit](root)
    build_site(root, now=NOW, output=output, memory=memory)

    assert _clean(root, tmp_path) == tree(output)


def test_a_build_by_another_process_is_not_hidden_by_memory(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    _second_incident(root)
    output, memory = tmp_path / "preview", BuildMemory()
    build_site(root, now=NOW, output=output, memory=memory)
    # Another process (a `statusgen build -o`) builds into the same folder after an edit,
    # then the edit is taken back: the kept record no longer describes the folder.
    original = (root / INCIDENT_PATH).read_text()
    _append(root / INCIDENT_PATH, "A note taken back.\n")
    build_site(root, now=NOW, output=output)
    (root / INCIDENT_PATH).write_text(original)

    build_site(root, now=NOW, output=output, memory=memory)

    assert _clean(root, tmp_path) == tree(output)


@pytest.fixture
def unforked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds that cannot fork, as in `serve` (its threads): the memory's helper process
    checks the output folder, whatever the machine's CPUs."""
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    monkeypatch.setattr(FolderChecker, "useful", staticmethod(lambda: True))


def _previewed(tmp_path: Path) -> tuple[Path, Path, BuildMemory]:
    """A site of two incidents built once into a preview folder, as `serve` does first."""
    root = write_site(tmp_path / "site")
    _second_incident(root)
    output, memory = tmp_path / "preview", BuildMemory()
    build_site(root, now=NOW, output=output, memory=memory)
    return root, output, memory


def _built_by_another_process(root: Path, output: Path) -> None:
    """A `statusgen build -o` into the preview folder after an edit, the edit then taken
    back: the memory's record no longer describes the folder."""
    original = (root / INCIDENT_PATH).read_text()
    _append(root / INCIDENT_PATH, "A note taken back.\n")
    build_site(root, now=NOW, output=output)
    (root / INCIDENT_PATH).write_text(original)


def test_the_helper_checks_the_folder_when_the_build_cannot_fork(
    tmp_path: Path, unforked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, output, memory = _previewed(tmp_path)
    _built_by_another_process(root, output)
    checked_here: list[str] = []
    check = outputs.folder_is_intact
    monkeypatch.setattr(
        outputs, "folder_is_intact", lambda *a: checked_here.append("x") or check(*a)
    )

    build_site(root, now=NOW, output=output, memory=memory)

    assert _clean(root, tmp_path) == tree(output)
    assert [] == checked_here  # the helper process checked it, not this one


def test_a_rebuild_checks_the_folder_itself_when_the_helper_is_gone(
    tmp_path: Path, unforked: None
) -> None:
    root, output, memory = _previewed(tmp_path)
    build_site(root, now=NOW, output=output, memory=memory)  # the helper answered
    helper = memory.checker._process
    assert helper is not None
    helper.kill()
    helper.wait()
    _built_by_another_process(root, output)

    build_site(root, now=NOW, output=output, memory=memory)

    assert _clean(root, tmp_path) == tree(output)


def test_an_answer_to_a_build_that_stopped_is_not_taken_by_the_next(
    tmp_path: Path, unforked: None
) -> None:
    root, output, memory = _previewed(tmp_path)
    # A build that stops at a mistake asks the helper, and never reads its answer: the
    # folder was intact then.
    broken = root / "content/incidents/2026-11-23-broken.md"
    broken.write_text("---\ntitle: Broken\nstatus: nonsense\n---\nText.\n")
    with pytest.raises(StatusgenError):
        build_site(root, now=NOW, output=output, memory=memory)
    helper = memory.checker._process
    assert helper is not None and helper.stdout is not None
    # Its answer is in the pipe (the folder as it was) before anyone else writes there.
    assert select.select([helper.stdout], [], [], 10)[0]
    broken.unlink()
    _built_by_another_process(root, output)

    build_site(root, now=NOW, output=output, memory=memory)

    assert _clean(root, tmp_path) == tree(output)


def test_the_preview_record_is_kept_in_memory_alone(tmp_path: Path) -> None:
    """serve's record of its temporary folder is never written to the cache folder (no
    later build would read it), yet its next build renders only what changed."""
    root = write_site(tmp_path / "site")
    _second_incident(root)
    output, memory = tmp_path / "preview", BuildMemory()
    build_site(root, now=NOW, output=output, memory=memory)
    _append(root / INCIDENT_PATH, "Root cause found.\n")

    rendered = build_site(root, now=NOW, output=output, memory=memory).rendered

    assert "incidents/2026-11-21-slow-api/index.html" not in rendered
    assert any(path.startswith("incidents/") for path in rendered)
    assert _clean(root, tmp_path) == tree(output)
    assert [] == sorted(p.name for p in (root / CACHE_FOLDER).glob("manifest-*"))


class ServeMachine(incremental.SiteMachine):
    """test_incremental's authors, each step followed by a rebuild of one long-lived
    process (as `statusgen serve` runs them) sharing a BuildMemory."""

    def __init__(self) -> None:
        super().__init__()
        self.memory = BuildMemory()

    @invariant()
    def cached_build_equals_clean_build(self) -> None:
        if self.dated:
            incremental.date_back(self.root)
        output = self.root / self.output
        try:
            build_site(self.root, now=self.now, output=output, memory=self.memory)
        except StatusgenError as error:
            assert incremental.clean_build(self.root, self.now) == str(error)
            return
        assert incremental.clean_build(self.root, self.now) == tree(output)


# Half the examples of test_incremental's run: the same steps, only the builds differ.
ServeMachine.TestCase.settings = settings(
    incremental.SiteMachine.TestCase.settings,
    max_examples=max(1, incremental.SiteMachine.TestCase.settings.max_examples // 2),
)
test_rebuilds_of_one_process_equal_clean_builds = ServeMachine.TestCase


def test_a_serve_rebuild_parses_only_the_changed_file(
    tmp_path: Path, parsed_files: list[str]
) -> None:
    root = write_site(tmp_path / "site")
    _second_incident(root)
    build = site_builder(root, now=lambda: NOW, base_url=None)
    build(tmp_path / "preview", None)
    parsed_files.clear()
    # What the first build saved on disk is gone: only memory can spare the parsing.
    shutil.rmtree(root / CACHE_FOLDER)
    _append(root / INCIDENT_PATH, "Root cause found.\n")

    build(tmp_path / "preview", frozenset({root / INCIDENT_PATH}))

    assert [INCIDENT_PATH] == parsed_files
