"""Imports read export files like any input (regular files of bounded size: a FIFO, a
device or a huge file is a clear refusal, never a hang) and write under the edit lock."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lockholder import held_elsewhere
from sitefiles import statusgen_refused_writes, write_site

from statusgen.authoring import save
from statusgen.cli import cli

CSTATE_CONFIG = """\
title: Example Status
baseURL: https://status.example.org
params:
  systems:
    - name: API
"""
UPPTIME_CONFIG = (
    "owner: example\nrepo: status\nsites:\n  - name: Website\n    url: https://www.example.org\n"
)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _huge(path: Path) -> None:
    with open(path, "wb") as file:  # sparse: costs no disk
        file.truncate(65 * 1024 * 1024)


def _statuspage(tmp_path: Path, plant: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "answers"
    folder.mkdir()
    plant(folder / "summary.json")
    return ["statuspage", str(folder)]


def _cstate(tmp_path: Path, plant: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    plant(folder / "content/issues/2026-11-22-outage.md")
    return ["cstate", str(folder)]


def _upptime(tmp_path: Path, plant: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(UPPTIME_CONFIG)
    plant(tmp_path / "issues.json")
    return ["upptime", str(folder), "--issues", str(tmp_path / "issues.json")]


@pytest.mark.parametrize("source", [_statuspage, _cstate, _upptime])
@pytest.mark.parametrize(
    ("plant", "says"),
    [
        (_fifo, "a named pipe (FIFO) is not a file statusgen can read"),
        (_device, "a character device is not a file statusgen can read"),
        (_huge, "larger than 64 MB"),
    ],
    ids=["fifo", "dev-zero", "huge"],
)
def test_an_export_that_is_not_a_plain_file_is_refused_in_bounded_time(
    tmp_path: Path,
    source: Callable[[Path, Callable[[Path], None]], list[str]],
    plant: Callable[[Path], None],
    says: str,
) -> None:
    args = source(tmp_path, plant)
    if plant is _device and source is not _upptime:
        # In the folder imported, the link to /dev/zero is refused before it is opened
        # (upptime's --issues file is named on the command line, and may be anywhere).
        says = "outside the folder imported"
    # A process of its own: without the check, reading a FIFO would block for ever.
    result = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(tmp_path / "site"), "import", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert 1 == result.returncode
    assert says in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def _upptime_history(tmp_path: Path, plant: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "upptime"
    (folder / "history").mkdir(parents=True)
    (folder / ".upptimerc.yml").write_text(UPPTIME_CONFIG)
    plant(folder / "history/website.yml")
    return ["upptime", str(folder)]


@pytest.mark.parametrize("source", [_statuspage, _cstate, _upptime_history])
def test_a_link_out_of_the_folder_imported_is_refused_and_never_read(
    tmp_path: Path, source: Callable[[Path, Callable[[Path], None]], list[str]]
) -> None:
    secret = tmp_path / "elsewhere/private.yml"
    secret.parent.mkdir()
    # What each importer would take in, and print back in its problem or publish.
    secret.write_text('startTime: "PRIVATE-VALUE"\n---\ntitle: PRIVATE-VALUE\n')
    planted: list[Path] = []

    def plant(path: Path) -> None:
        path.symlink_to(secret)
        planted.append(path)

    args = source(tmp_path, plant)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "import", *args])

    assert 1 == result.exit_code, result.output
    assert result.output.startswith(
        f"{planted[0]}: a symbolic link to {secret}, outside the folder imported ({args[1]})\n"
        "    hint: copy the file into the folder instead"
    ), result.output
    assert "PRIVATE-VALUE" not in result.output
    assert not (tmp_path / "site").exists()


def _alias_bomb(where: str) -> str:
    """YAML whose nine anchors, each a list of nine of the one before, stand for 9**9
    words: `where` (the config's own keys) names the last of them."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n" + where


@pytest.mark.parametrize(
    ("source", "relpath", "where", "says"),
    [
        (
            "cstate",
            "config.yml",
            "params:\n  systems:\n    - name: API\n  categories:\n"
            "    - name: Core\n      description: *i\n",
            "config.yml:15: description is a list, not text",
        ),
        (
            "upptime",
            ".upptimerc.yml",
            "sites:\n  - name: *i\n    url: https://x.example\n",
            ".upptimerc.yml:11: name is a list, not text",
        ),
    ],
    ids=["cstate", "upptime"],
)
def test_an_alias_bomb_in_a_source_is_refused_in_bounded_time(
    tmp_path: Path, source: str, relpath: str, where: str, says: str
) -> None:
    folder = tmp_path / source
    (folder / "content/issues").mkdir(parents=True)
    (folder / relpath).write_text(_alias_bomb(where))
    # A process of its own: written out as text, the value would never end.
    command = ["-C", str(tmp_path / "site"), "import", source, str(folder)]
    result = subprocess.run(
        [sys.executable, "-m", "statusgen", *command], capture_output=True, text=True, timeout=30
    )

    assert 1 == result.returncode, result.stderr
    assert f"{folder}/{says}" in result.stderr
    assert not (tmp_path / "site").exists()


def _deep(path: Path) -> None:
    path.write_text("[" * 100_000)


def _long_number(path: Path) -> None:
    path.write_text("[" + "9" * 5_000 + "]")


@pytest.mark.parametrize("source", [_statuspage, _upptime])
@pytest.mark.parametrize(
    ("plant", "says"),
    [(_deep, "JSON nested too deeply"), (_long_number, "not JSON a tool would save")],
    ids=["deep", "long-number"],
)
def test_json_no_tool_would_save_is_refused_without_a_traceback(
    tmp_path: Path,
    source: Callable[[Path, Callable[[Path], None]], list[str]],
    plant: Callable[[Path], None],
    says: str,
) -> None:
    args = source(tmp_path, plant)

    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "import", *args])

    assert 1 == result.exit_code, result.output
    planted = "answers/summary.json" if args[0] == "statuspage" else "issues.json"
    assert result.output.startswith(f"{tmp_path / planted}: {says}\n    hint: "), result.output
    assert not (tmp_path / "site").exists()


def _half_character_json(path: Path) -> None:
    # An escape a tool writes for half of an emoji it cut: JSON reads it, no file holds it.
    path.write_text('[{"number": 1,\n  "title": "T\\ud800 API"}]')


def _half_character_post(path: Path) -> None:
    path.write_text('---\ntitle: "T\\ud800"\ndate: 2026-11-22 10:00:00\n---\nDown.\n')


@pytest.mark.parametrize(
    ("source", "plant", "planted", "line"),
    [
        (_statuspage, _half_character_json, "answers/summary.json", 2),
        (_cstate, _half_character_post, "cstate/content/issues/2026-11-22-outage.md", 2),
        (_upptime, _half_character_json, "issues.json", 2),
    ],
    ids=["statuspage", "cstate", "upptime"],
)
def test_a_lone_surrogate_in_a_source_is_refused_at_its_field(
    tmp_path: Path,
    source: Callable[[Path, Callable[[Path], None]], list[str]],
    plant: Callable[[Path], None],
    planted: str,
    line: int,
) -> None:
    args = source(tmp_path, plant)

    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "import", *args])

    assert 1 == result.exit_code, result.output
    says = "'title' holds U+D800 (a lone surrogate), half of a character, which no file can store"
    assert result.output.startswith(f"{tmp_path / planted}:{line}: {says}\n    hint: "), (
        result.output
    )
    assert not (tmp_path / "site").exists()


def test_a_lone_surrogate_in_cstate_settings_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text('params:\n  systems: [{name: "A\\ud800"}]\n')

    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path / "site"), "import", "cstate", str(folder)]
    )

    assert 1 == result.exit_code, result.output
    assert f"{folder / 'config.yml'}:2: 'name' holds U+D800" in result.output


@pytest.mark.parametrize(
    ("source", "settings", "text", "where"),
    [
        ("cstate", "config.yml", "x: " + "[" * 1000 + "]" * 1000 + "\n", "1:67"),
        (
            "upptime",
            ".upptimerc.yml",
            "sites:\n" + "".join("  " * depth + "-\n" for depth in range(1, 3000)),
            "65:129",
        ),
    ],
)
def test_yaml_nested_too_deeply_is_refused_at_its_line(
    tmp_path: Path, source: str, settings: str, text: str, where: str
) -> None:
    folder = tmp_path / source
    (folder / "content/issues").mkdir(parents=True)
    (folder / "history").mkdir()
    (folder / settings).write_text(text)

    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "site"), "import", source, str(folder)])

    assert 1 == result.exit_code, result.output
    assert result.output.startswith(f"{folder / settings}:{where}: YAML nested too deeply\n")
    assert not (tmp_path / "site").exists()


def test_an_import_waits_for_an_edit_and_writes_nothing_if_it_never_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    monkeypatch.setattr(save, "LOCK_WAIT_SECONDS", 0.2)

    with held_elsewhere(root / "content"):
        result = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(folder)])

    assert 1 == result.exit_code, result.output
    assert "another statusgen command is editing this site" in result.output
    assert [] == [p.name for p in root.rglob("*") if p.is_file()]


STAGE = ".statusgen-import-k1ll3d_x"
HALF_WRITTEN = "Unfinished-import-marker"


def _killed_import(root: Path) -> Path:
    """The staging folder an import killed while staging (a CI timeout) leaves in the site:
    private, as tempfile.mkdtemp makes it, holding components and an incident half written."""
    stage = root / STAGE
    (stage / "content/incidents").mkdir(parents=True)
    stage.chmod(0o700)
    (stage / "content/components.yaml").write_text("- name: Half\n")
    (stage / "content/incidents/2026-11-22-half-written.md").write_text(
        f"---\ntitle: [{HALF_WRITTEN}\n"
    )
    return stage


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(
    shutil.which("git") is None and os.environ.get("CI") != "true", reason="needs git"
)
def test_the_next_import_clears_what_a_killed_import_left_and_git_never_stages_it(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    assert 0 == CliRunner().invoke(cli, ["init", str(root)]).exit_code
    (root / "content/components.yaml").unlink()  # the import writes its own
    stage = _killed_import(root)
    _git(root, "init", "--quiet")
    # The .gitignore init wrote keeps it out of `git add -A` until it is cleared.
    assert "add 'content/" in _git(root, "add", "-A", "--dry-run")
    assert STAGE not in _git(root, "add", "-A", "--dry-run")
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    result = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(folder)])

    assert 0 == result.exit_code, result.output
    assert not stage.exists()
    assert [] == [p.name for p in root.iterdir() if p.name.startswith(".statusgen-import-")]


def test_an_edit_clears_what_a_killed_import_left(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    stage = _killed_import(root)
    args = ["new", "incident", "Slow checkout", "-c", "api", "-m", "Looking into it."]

    result = CliRunner().invoke(cli, ["-C", str(root), *args])

    assert 0 == result.exit_code, result.output
    assert not stage.exists()


def test_check_and_build_never_read_what_a_killed_import_left(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    _killed_import(root)

    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "-q", "-o", str(tmp_path / "out")])

    assert 0 == checked.exit_code, checked.output
    assert HALF_WRITTEN not in checked.output
    assert 0 == built.exit_code, built.output
    pages = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert [] == [p for p in pages if HALF_WRITTEN.encode() in p.read_bytes()]


def test_an_import_the_file_system_refuses_is_a_diagnostic_and_writes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    root = tmp_path / "site"

    # Every file the import writes is larger than this.
    done = statusgen_refused_writes(root, "import", "cstate", str(folder), limit=16)

    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write the imported file: {os.strerror(errno.EFBIG)}" in done.stderr
    assert "raise it and import again" in done.stderr
    assert done.stderr.endswith("Nothing was written.\n")
    assert [] == list(root.iterdir())  # no file, nor the folder the files were staged in


# An import whose moves into the site take a moment each (as thousands of files do), so
# that a signal sent once the first file is in comes while the others are still moving.
SLOW_MOVES = """\
import os, sys, time
moved = os.replace
def slowly(source, target):
    moved(source, target)
    if "/content/incidents/" in os.fspath(target):
        time.sleep(0.02)
os.replace = slowly
from statusgen.__main__ import run
sys.argv[0] = "statusgen"
run()
"""
IMPORTED_INCIDENTS = 20


def _cstate_history(tmp_path: Path) -> Path:
    """A cState folder of IMPORTED_INCIDENTS resolved issues."""
    folder = tmp_path / "cstate"
    (folder / "content/issues").mkdir(parents=True)
    (folder / "config.yml").write_text(CSTATE_CONFIG)
    for day in range(1, IMPORTED_INCIDENTS + 1):
        (folder / f"content/issues/2018-05-{day:02d}-outage.md").write_text(
            f"---\ntitle: Outage {day}\ndate: 2018-05-{day:02d} 04:13:00\nresolved: true\n"
            f"resolvedWhen: 2018-05-{day:02d} 05:54:00\nseverity: disrupted\n"
            "affected:\n  - API\nsection: issue\n---\n\n"
            f'*Resolved* - Fixed. {{{{< track "2018-05-{day:02d} 05:54:00" >}}}}\n'
        )
    return folder


def _stopped_while_moving_in(root: Path, folder: Path, stop: signal.Signals) -> int:
    """The exit status of an import of `folder` into `root`, sent `stop` once its first
    incident file is in the site."""
    command = [sys.executable, "-c", SLOW_MOVES, "-C", str(root), "import", "cstate", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(root.glob("content/incidents/*.md")):
            assert process.poll() is None, "the import finished before it could be stopped"
            assert time.monotonic() < deadline, "the import never moved a file in"
            time.sleep(0.001)
        process.send_signal(stop)
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _stages(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith(".statusgen-import-")]


@pytest.mark.parametrize(
    ("stop", "status"),
    [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)],
    ids=["INT", "TERM"],
)
def test_an_import_stopped_while_it_moves_files_in_moves_them_all_first(
    tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    folder = _cstate_history(tmp_path)
    root = tmp_path / "site"

    assert status == _stopped_while_moving_in(root, folder, stop)

    # Held until every file is in, as a build's moves are: never part of the history.
    assert IMPORTED_INCIDENTS == len(list(root.glob("content/incidents/*.md")))
    assert [] == _stages(root)
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == checked.exit_code, checked.output


def test_check_and_build_refuse_a_site_an_import_was_killed_while_moving_into(
    tmp_path: Path,
) -> None:
    folder = _cstate_history(tmp_path)
    root = tmp_path / "site"
    assert -signal.SIGKILL == _stopped_while_moving_in(root, folder, signal.SIGKILL)
    assert 0 < len(list(root.glob("content/incidents/*.md"))) < IMPORTED_INCIDENTS
    [stage] = _stages(root)

    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "-q"])

    assert 1 == checked.exit_code, checked.output
    assert f"{stage}: an import is moving its files into the site, or was stopped" in (
        checked.output
    )
    assert "run the same import again" in checked.output
    assert 1 == built.exit_code, built.output
    assert stage in built.output
    assert not (root / "public").exists()
    # The import run again writes the rest and clears what the killed one left.
    again = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(folder)])
    assert 0 == again.exit_code, again.output
    assert IMPORTED_INCIDENTS == len(list(root.glob("content/incidents/*.md")))
    assert [] == _stages(root)
    assert 0 == CliRunner().invoke(cli, ["-C", str(root), "check"]).exit_code


def test_a_refused_import_keeps_the_mark_of_one_killed_while_moving_in(
    tmp_path: Path,
) -> None:
    folder = _cstate_history(tmp_path)
    root = tmp_path / "site"
    assert -signal.SIGKILL == _stopped_while_moving_in(root, folder, signal.SIGKILL)
    [stage] = _stages(root)
    # The author edits a file the killed import wrote, and the source changes it too.
    [first, *_] = sorted(root.glob("content/incidents/*.md"))
    first.write_text(first.read_text().replace("Fixed.", "Fixed by hand."))
    issue = next(folder.glob(f"content/issues/*{first.name[:10]}*.md"))
    issue.write_text(issue.read_text().replace("Fixed.", "Fixed upstream."))

    refused = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(folder)])

    assert 1 == refused.exit_code, refused.output
    assert "edited since the last import wrote it" in refused.output
    # Refused, it wrote nothing: the site is still the half-imported one, and says so.
    assert [stage] == _stages(root)
    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == checked.exit_code, checked.output
    assert f"{stage}: an import is moving its files into the site" in checked.output
    # Only an import that moves all its files in clears the mark.
    forced = CliRunner().invoke(cli, ["-C", str(root), "import", "cstate", str(folder), "--force"])
    assert 0 == forced.exit_code, forced.output
    assert IMPORTED_INCIDENTS == len(list(root.glob("content/incidents/*.md")))
    assert [] == _stages(root)
    assert 0 == CliRunner().invoke(cli, ["-C", str(root), "check"]).exit_code
