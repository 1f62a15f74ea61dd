"""The build touches nothing outside its output folder, whatever it finds beside it, and a
file system that fails, or another build, ends in a diagnostic with the last site intact."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from lockholder import held_elsewhere
from sitefiles import INCIDENT_PATH, run_build, tree_with_times, umask, write_site

import statusgen.validate  # noqa: F401  imported once here, not in each child
from statusgen import folderlock, write
from statusgen.errors import StatusgenError
from statusgen.write import RETIRED_PREFIX, STAGING_PREFIX

NOW = "2026-11-22T18:00:00Z"


def build(root: Path, output: Path, *args: str) -> tuple[int, str]:
    result = run_build(root, "-q", "-o", str(output), *args, now=NOW)
    return result.exit_code, result.output


def built_once(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A site built into tmp_path/out: its folder, the output and the home page's bytes."""
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    assert (0, "") == build(root, output)
    return root, output, (output / "index.html").read_bytes()


def new_site_folders(folder: Path) -> list[str]:
    """The folders a build writes a new site into, left in `folder`."""
    return [p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)]


def plant(folder: Path, journal: dict[str, object], files: dict[str, str]) -> None:
    for path, text in files.items():
        (folder / "files" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "files" / path).write_text(text)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "journal.json").write_text(json.dumps(journal))


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "notes.txt").write_text("precious")
    return tmp_path / "victim"


def assert_untouched(victim: Path) -> None:
    assert ["notes.txt"] == sorted(p.name for p in victim.iterdir())
    assert "precious" == (victim / "notes.txt").read_text()


def test_the_planted_journal_from_the_report_is_never_carried_out(
    tmp_path: Path, victim: Path
) -> None:
    """The exact attack: a journal beside the output naming ".." as the output."""
    root = write_site(tmp_path / "site")
    shared = tmp_path / "shared"
    planted = shared / ".statusgen-new-planted"
    plant(
        planted,
        {"output": "..", "put": ["victim/.bashrc"], "remove": ["victim/notes.txt"]},
        {"victim/.bashrc": "echo pwned\n"},
    )
    assert (0, "") == build(root, shared / "preview")
    assert_untouched(victim)
    assert planted.is_dir()  # not ours: not even removed
    assert (shared / "preview" / "status.json").is_file()


def test_a_journal_nested_too_deeply_beside_the_output_is_not_carried_out(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site")
    left = tmp_path / f"{STAGING_PREFIX}out-4242"
    left.mkdir(mode=0o700)
    (left / "journal.json").write_text("[" * 100_000)

    assert (0, "") == build(root, tmp_path / "out")
    assert (tmp_path / "out" / "status.json").is_file()


@pytest.mark.parametrize(
    ("name", "journal_output", "mode", "owner"),
    [
        # Named for this output and private, but another user's: never read.
        (f"{STAGING_PREFIX}preview-4242", "preview", 0o700, 65534),
        # Ours and named for this output, but open to others, who could have written it.
        (f"{STAGING_PREFIX}preview-4242", "preview", 0o777, None),
        # A journal for another output (a link to the victim's folder).
        (f"{STAGING_PREFIX}link-4242", "link", 0o700, None),
        (f"{RETIRED_PREFIX}preview-4242", "..", 0o700, None),
    ],
    ids=["other-user", "world-writable", "link-output", "dot-dot"],
)
def test_no_journal_beside_the_output_acts_outside_it(
    tmp_path: Path, victim: Path, name: str, journal_output: str, mode: int, owner: int | None
) -> None:
    root = write_site(tmp_path / "site")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "link").symlink_to(victim)
    if journal_output == "preview":
        # Point the journal's paths through a link planted inside the output.
        assert (0, "") == build(root, shared / "preview")
        (shared / "preview" / "v").symlink_to(victim)
    paths = {
        "preview": ("v/.bashrc", "v/notes.txt"),
        "link": (".bashrc", "notes.txt"),
        "..": ("victim/.bashrc", "victim/notes.txt"),
    }[journal_output]
    planted = shared / name
    plant(
        planted,
        {"output": journal_output, "put": [paths[0]], "remove": [paths[1]]},
        {paths[0]: "echo pwned\n"},
    )
    planted.chmod(mode)
    if owner is not None:
        if os.geteuid() != 0:
            pytest.skip("planting another user's folder needs root")
        for path in [planted, *planted.rglob("*")]:
            os.lchown(path, owner, owner)
    status, said = build(root, shared / "preview", "--no-cache")
    assert 0 == status
    # Another user's folder named for this output is only named, never read nor deleted.
    assert ("" if owner is None else f"could not delete {planted}") in said
    assert_untouched(victim)


def test_a_journal_of_our_own_killed_build_is_still_finished(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    assert (0, "") == build(root, output)
    staging = tmp_path / f"{STAGING_PREFIX}out-4242"
    plant(staging, {"output": "out", "put": ["late.txt"], "remove": []}, {"late.txt": "late"})
    staging.chmod(0o700)
    assert (0, "") == build(root, output, "--no-cache")
    assert not staging.exists()


def test_a_symlinked_output_folder_fills_its_target(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    target = tmp_path / "www" / "status"
    target.parent.mkdir()
    link = tmp_path / "public"
    link.symlink_to(target)
    for args in ([], ["--now", "2026-11-22T19:00:00Z"]):  # a full build, then an update
        assert (0, "") == build(root, link, *args)
        assert link.is_symlink()
        assert (target / "status.json").is_file()
    leftovers = [p.name for p in tmp_path.rglob(".statusgen-*") if "cache" not in p.name]
    assert [] == leftovers


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "statusgen may not write there"),
    ],
)
def test_a_failing_file_system_is_a_diagnostic_and_the_last_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, hint: str
) -> None:
    root, output, before = built_once(tmp_path)
    real = os.open

    def failing(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        # The file system refuses every new file of the new site.
        if STAGING_PREFIX in str(path) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", failing)
    for args in ([], ["--no-cache"]):  # the update path, then the whole-folder swap
        (root / "statusgen.yaml").write_text((root / "statusgen.yaml").read_text() + "\n")
        status, output_text = build(root, output, *args, "--now", "2026-11-22T19:00:00Z")
        assert 1 == status
        assert f"cannot write the site: {os.strerror(code)}" in output_text
        assert hint in output_text
        assert "Traceback" not in output_text
        assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)


def test_an_update_into_a_read_only_folder_says_it_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, output, before = built_once(tmp_path)
    inside = os.path.realpath(output)
    real_access, real_statvfs = os.access, os.statvfs

    def in_output(path: object) -> bool:
        real = os.path.realpath(str(path))
        return real == inside or real.startswith(inside + os.sep)

    def access(path: str, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and in_output(path):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    def statvfs(path: str) -> object:
        # The output folder is on a file system mounted read-only.
        found = real_statvfs(path)
        return SimpleNamespace(f_flag=found.f_flag | os.ST_RDONLY) if in_output(path) else found

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "statvfs", statvfs)
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nMore detail.\n")
    status, text = build(root, output)

    assert 1 == status
    assert f"cannot write the site: {os.strerror(errno.EROFS)}" in text
    assert "hint: the file system is read-only: pick another folder with -o" in text
    assert "Traceback" not in text
    assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)


def test_an_output_folder_that_is_a_mount_point_says_what_the_build_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A volume mounted at the output folder: the kernel refuses to rename a mount point,
    # and the build puts a new site in place by renaming.
    root, output, before = built_once(tmp_path)
    real = os.rename

    def rename(source: str, target: str, **kwargs: object) -> None:
        if os.fspath(source) == str(output):
            code = errno.EBUSY
            raise OSError(code, os.strerror(code), os.fspath(source), None, os.fspath(target))
        real(source, target, **kwargs)  # type: ignore[arg-type]

    def exchange(first: Path, second: Path) -> bool:
        if str(second) == str(output):
            code = errno.EBUSY
            raise OSError(code, os.strerror(code), str(second), None, str(first))
        return False

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(write, "_exchange", exchange)
    status, text = build(root, output, "--no-cache")

    assert 1 == status
    assert (
        f"{output}: cannot replace the output folder: {os.strerror(errno.EBUSY)} "
        "(it is a mount point, or in use by the system)"
    ) in text
    assert "build into another folder and copy the site into this one" in text
    assert "fix the problem and build again" not in text
    assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)


@pytest.mark.parametrize("args", [[], ["--no-cache"]], ids=["update", "whole site"])
def test_an_output_folder_in_a_folder_closed_to_writing_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # The output folder is the user's, the folder holding it is not (/srv/www in a root-owned
    # /srv): the new site is assembled beside the output, where nothing may be made.
    root, output, before = built_once(tmp_path)
    real = os.mkdir

    def mkdir(path: str, mode: int = 0o777, **kwargs: object) -> None:
        if os.path.dirname(os.fspath(path)) == str(tmp_path):
            code = errno.EACCES
            raise OSError(code, os.strerror(code), os.fspath(path))
        real(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", mkdir)
    (root / "statusgen.yaml").write_text((root / "statusgen.yaml").read_text() + "\n")
    status, text = build(root, output, *args, "--now", "2026-11-22T19:00:00Z")

    assert 1 == status
    assert (
        f"{output}: cannot write the site: {os.strerror(errno.EACCES)} in {tmp_path}, "
        "the folder holding the output folder"
    ) in text
    assert f"let statusgen write to {tmp_path}, or build into another folder" in text
    assert STAGING_PREFIX not in text  # a folder the user never asked for
    assert before == (output / "index.html").read_bytes()


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Makes a folder immutable (chattr +i, as root on a file system that has the
    attribute), and unlocks it again after the test; skips the test where it cannot."""
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed")
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is refused here: {done.stderr.decode(errors='replace')}")
        locked.append(folder)

    yield lock
    for folder in locked:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_an_immutable_output_folder_is_named_as_the_one_that_refuses(
    tmp_path: Path, immutable: Callable[[Path], None]
) -> None:
    # The folder holding it is writable: "in <parent>, the folder holding the output folder"
    # sent the user to fix the wrong folder.
    root, output, before = built_once(tmp_path)
    immutable(output)

    status, text = build(root, output, "--no-cache", "--now", "2026-11-22T19:00:00Z")

    assert 1 == status
    assert (
        f"{output}: cannot replace the output folder: {os.strerror(errno.EPERM)} (the folder "
        f"itself may not be moved: it is immutable or append-only, see lsattr -d {output})"
    ) in text
    assert f"unlock the folder (chattr -i -a {output}), or build into another folder" in text
    assert "the folder holding the output folder" not in text
    assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)


def test_a_staging_folder_the_build_cannot_delete_is_warned_of_by_that_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, immutable: Callable[[Path], None]
) -> None:
    # The folder holding the output made immutable while an update was staged: the build
    # said nothing and left its folder there; the next one told root to `sudo rm -rf` it,
    # which the flag refuses.
    root, output, _ = built_once(tmp_path)
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text().replace("Some payments failed.", "Mended."))
    make_room = write._make_room

    def locked_then_made(*args: object) -> None:
        immutable(tmp_path)
        make_room(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "_make_room", locked_then_made)
    status, text = build(root, output, "--now", "2026-11-22T19:00:00Z")

    [left] = new_site_folders(tmp_path)
    assert 0 == status, text
    assert "Mended." in (output / "incidents/2026-11-20-checkout-errors/index.html").read_text()
    assert (
        f"could not delete {tmp_path / left}, left beside the output folder by a build "
        f"({os.strerror(errno.EPERM)}: it or {tmp_path} is immutable or append-only, see "
        f"lsattr -d {tmp_path} {tmp_path / left}); clear the flag with chattr -i -a"
    ) in " ".join(text.split())
    assert "sudo" not in text


def test_workers_writing_a_new_site_leave_the_last_one_when_the_disk_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first build's workers write the pages they render into the new site's folder
    # themselves. When the file system refuses, the build ends as a serial one does.
    from statusgen.render import workers

    root, output, before = built_once(tmp_path)
    tried = tmp_path / "tried"  # which processes tried to write a file of the new site
    real = os.open

    def failing(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        # An empty file still fits on a full disk: the one made to see its permissions.
        if STAGING_PREFIX in str(path) and flags & os.O_CREAT and write._PROBE not in str(path):
            with open(tried, "a", encoding="utf-8") as note:  # not through os.open
                note.write(f"{os.getpid()}\n")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", failing)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 5)  # the example site has a few dozen files
    later = ("--now", "2026-11-22T19:00:00Z")  # pages that differ from the last site's
    status, text = build(root, output, "--no-cache", "-j", "2", *later)
    assert 1 == status
    assert f"cannot write the site: {os.strerror(errno.ENOSPC)}" in text
    assert "Traceback" not in text
    assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)
    writers = {int(pid) for pid in tried.read_text().split()}
    assert os.getpid() in writers and len(writers) > 1  # the workers, then this process


def test_a_theme_mistake_while_workers_write_leaves_no_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.render import workers

    root, output, before = built_once(tmp_path)
    (root / "themes/templates").mkdir(parents=True)
    (root / "themes/templates/incident.html").write_text("{{ no_such_value.title }}")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 5)
    status, text = build(root, output, "--no-cache", "-j", "2")
    assert 1 == status
    assert "incident.html" in text and "no_such_value" in text
    assert before == (output / "index.html").read_bytes()
    assert [] == new_site_folders(tmp_path)


def _build_in_child(args: tuple[str, str, str]) -> tuple[int, str]:
    root, output, now = args
    return build(Path(root), Path(output), "--now", now)


def test_concurrent_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    times = [f"2026-11-22T18:0{n}:00Z" for n in range(4)]
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_build_in_child, [(str(root), str(output), t) for t in times])
    assert [(0, "")] * 4 == results
    assert (output / "status.json").is_file()
    assert [] == [
        p.name for p in tmp_path.iterdir() if p.name.startswith((STAGING_PREFIX, RETIRED_PREFIX))
    ]


def test_a_build_that_cannot_get_its_turn_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    monkeypatch.setattr(write, "LOCK_WAIT_SECONDS", 0.2)
    with held_elsewhere(tmp_path):
        status, text = build(root, tmp_path / "out")
    assert 1 == status
    assert "another build is writing to this folder; waited 0.2 s" in text
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("held", "waiting"),
    [
        ("site", "waiting for another build of this site to finish…\n"),
        (".", "waiting for another build writing to {out} to finish…\n"),
    ],
    ids=["site", "output"],
)
def test_a_build_waiting_its_turn_says_so_once_unless_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: str, waiting: str
) -> None:
    # A minute of silence while another build runs looks like a hang (a CI log, a terminal).
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    monkeypatch.setattr(write, "LOCK_WAIT_SECONDS", 0.4)
    monkeypatch.setattr(folderlock, "SAY_WAITING_AFTER", 0.1)
    with held_elsewhere(tmp_path / held):
        said = run_build(root, "-o", str(output), now=NOW)
        quiet = run_build(root, "-q", "-o", str(output), now=NOW)
    line = waiting.format(out=output)
    assert 1 == said.exit_code
    assert 1 == said.stderr.count(line), said.stderr
    assert said.stderr.index(line) < said.stderr.index("waited 0.4 s")
    assert 1 == quiet.exit_code
    assert "waiting for" not in quiet.stderr


@pytest.mark.parametrize(
    "added", [{"a/c.html": b"<p>under a kept file</p>"}, {"../outside.html": b"<p>out</p>"}]
)
def test_an_update_checks_the_paths_it_adds(tmp_path: Path, added: dict[str, bytes]) -> None:
    # An update keeps the paths the folder holds (checked when they were written) and
    # checks any it adds: one under a kept file, or one leading out of the folder.
    output = tmp_path / "out"
    write.write_site(output, {"a": b"x", "b/index.html": b"y"})
    before = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    kept: dict[str, bytes | None] = {"a": None, "b/index.html": None}
    with pytest.raises(StatusgenError):
        write.write_site(output, {**kept, **added}, previous={"a": 1, "b/index.html": 1})
    assert before == {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}


LATER = "2026-11-22T19:00:00Z"
NEW_INCIDENT = "content/incidents/2026-11-21-slow-search.md"


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def clean_build(root: Path, tmp_path: Path) -> dict[str, bytes | None]:
    """The site as a first build into a new folder makes it."""
    assert (0, "") == build(root, tmp_path / "clean", "--no-cache", "--now", LATER)
    return everything(tmp_path / "clean")


def add_incident(root: Path) -> None:
    text = (root / INCIDENT_PATH).read_text().replace("Checkout errors", "Slow search")
    (root / NEW_INCIDENT).write_text(text.replace("2026-11-20", "2026-11-21"))


def test_an_update_a_folder_refuses_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new incident needs a folder of its own in the output; with the folder holding it
    # closed to us, the update stops before any page links to one that is not there.
    root, output, _ = built_once(tmp_path)
    before = tree_with_times(output)
    add_incident(root)
    real = os.mkdir

    def refusing(path: str, *args: object, **kwargs: object) -> None:
        if Path(path).is_relative_to(output) and not os.path.exists(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", refusing)
    status, text = build(root, output, "--now", LATER)
    assert 1 == status
    assert f"\nThe previous site in {output} is unchanged.\n" in text
    assert 1 == text.count("previous site")
    assert before == tree_with_times(output)
    assert [] == new_site_folders(tmp_path)
    monkeypatch.undo()
    assert (0, "") == build(root, output, "--now", LATER)
    assert clean_build(root, tmp_path) == everything(output)


def test_an_update_stopped_part_way_says_so_and_the_next_build_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, output, _ = built_once(tmp_path)
    add_incident(root)
    real, moves = os.replace, []

    def failing_second(source: str, target: str, *args: object, **kwargs: object) -> None:
        if Path(target).is_relative_to(output):
            moves.append(target)
            if len(moves) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing_second)
    status, text = build(root, output, "--now", LATER)
    assert 1 == status
    assert (
        f"the site in {output} is left partly updated, and the next build finishes it"
        in " ".join(text.split())
    )
    assert "unchanged" not in text
    monkeypatch.undo()
    assert (0, "") == build(root, output, "--now", LATER)
    assert clean_build(root, tmp_path) == everything(output)
    assert [] == new_site_folders(tmp_path)


def test_a_page_folder_that_could_not_be_removed_is_named_and_goes_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, output, _ = built_once(tmp_path)
    (root / INCIDENT_PATH).unlink()
    real = os.rmdir

    def refusing(path: str, *args: object, **kwargs: object) -> None:
        if Path(path).is_relative_to(output / "incidents"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rmdir", refusing)
    status, text = build(root, output, "--now", LATER)
    assert 0 == status
    folder = output / "incidents/2026-11-20-checkout-errors"
    assert f"could not remove the emptied folder {folder} (Permission denied)" in text
    assert folder.is_dir()
    monkeypatch.undo()
    assert (0, "") == build(root, output, "--now", LATER)
    assert clean_build(root, tmp_path) == everything(output)


def test_ctrl_c_while_files_move_in_waits_until_the_site_is_all_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    old = {"a.html": b"old a", "b/index.html": b"old b", "c.html": b"old c"}
    new = {"a.html": b"new a", "b/index.html": b"new b", "c.html": b"new c"}
    write.write_site(output, old)
    real = os.replace

    def pressed_during(source: Path, target: Path) -> None:
        if str(target).endswith("a.html"):
            signal.raise_signal(signal.SIGINT)  # as a Ctrl-C in the middle of the moves
        real(source, target)

    monkeypatch.setattr(os, "replace", pressed_during)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            write.write_site(output, dict(new), previous={p: len(d) for p, d in old.items()})
        assert signal.default_int_handler == signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
    assert new == {p: (output / p).read_bytes() for p in new}
    assert [] == new_site_folders(tmp_path)


def test_a_file_whose_place_a_folder_takes_stays_until_the_update_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file docs must go before the folder docs/ can be made: that happens with the
    # moves after the commit point, so an update refused before it leaves the file.
    output = tmp_path / "out"
    write.write_site(output, {"docs": b"see docs", "index.html": b"home"})
    files: dict[str, bytes | None] = {"docs/index.html": b"<h1>Docs</h1>", "index.html": None}
    previous = {"docs": 8, "index.html": 4}
    real = os.access

    def refusing(path: str, *args: object, **kwargs: object) -> bool:
        return path != str(output) and real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", refusing)
    with pytest.raises(StatusgenError) as raised:
        write.write_site(output, files, previous=previous)
    # Refused before the commit: not an unfinished write, so a build says the previous site
    # is unchanged.
    assert not isinstance(raised.value, write.UnfinishedWrite)
    assert "cannot write the site: Permission denied" in str(raised.value.diagnostics[0])
    assert {"docs": b"see docs", "index.html": b"home"} == everything(output)
    assert [] == new_site_folders(tmp_path)
    monkeypatch.undo()
    write.write_site(output, files, previous=previous)
    assert {"docs": None, "docs/index.html": b"<h1>Docs</h1>", "index.html": b"home"} == (
        everything(output)
    )


def modes(output: Path) -> dict[str, int]:
    """The permissions of every file and folder in `output`, by path."""
    return {
        path.relative_to(output).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in [output, *output.rglob("*")]
    }


@pytest.mark.parametrize("args", [[], ["--no-cache"]], ids=["cached", "whole site"])
def test_a_build_gives_its_files_the_permissions_the_umask_gives_after_a_stricter_one(
    tmp_path: Path, args: list[str]
) -> None:
    # One build under umask 077 (a cron job, `sudo -u`) left every file readable by its owner
    # alone, which a web server answers with 403: the next build repairs that.
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    with umask(0o077):
        assert (0, "") == build(root, output)
    assert {0o600, 0o700} == set(modes(output).values())
    with umask(0o022):
        # Cached: nothing else changed, a build with nothing else to do.
        assert (0, "") == build(root, output, *args)
        fresh = tmp_path / "fresh"
        assert (0, "") == build(root, fresh)
    assert modes(fresh) == modes(output)
    assert everything(fresh) == everything(output)


def test_a_file_whose_permissions_were_changed_by_hand_is_repaired(tmp_path: Path) -> None:
    root, output, _ = built_once(tmp_path)
    before = modes(output)
    (output / "status.json").chmod(0o000)
    assert (0, "") == build(root, output)
    assert before == modes(output)


def edit_incident(root: Path) -> None:
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text().replace("We are looking", "We are digging"))


@pytest.mark.parametrize("edited", [False, True], ids=["nothing changed", "an incident edited"])
def test_a_cached_build_under_a_stricter_umask_gives_the_permissions_a_new_site_gets(
    tmp_path: Path, edited: bool
) -> None:
    # Built under 022, then under 027 (group may read, others not): a cached build kept
    # every file 644 and folder 755, or after an edit mixed 640 with 644.
    root = write_site(tmp_path / "site")
    output = tmp_path / "out"
    with umask(0o022):
        assert (0, "") == build(root, output)
    if edited:
        edit_incident(root)
    with umask(0o027):
        assert (0, "") == build(root, output)
        fresh = tmp_path / "fresh"
        assert (0, "") == build(root, fresh, "--no-cache")
    assert {0o640, 0o750} == set(modes(fresh).values())
    assert modes(fresh) == modes(output)
    assert everything(fresh) == everything(output)


def test_a_page_folder_whose_permissions_were_changed_by_hand_is_repaired_with_its_page(
    tmp_path: Path,
) -> None:
    # A page's own folder is not checked by a build with nothing to do (a stat per page),
    # but writing its page again gives the folder back what a new site's folder gets.
    root, output, _ = built_once(tmp_path)
    before = modes(output)
    page = output / "incidents" / "2026-11-20-checkout-errors"
    assert ["index.html"] == [p.name for p in page.iterdir()]
    page.chmod(0o700)
    edit_incident(root)
    assert (0, "") == build(root, output)
    assert before == modes(output)
