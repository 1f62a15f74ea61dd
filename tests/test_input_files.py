"""Inputs are regular files of bounded size, and nothing from outside the site is published.

A FIFO would hang `check`, `build` and `serve`; /dev/zero would never end; a symbolic
link in a theme's static folder would publish /etc/passwd or the build's environment.
Each case runs the real command in a child process, so a hang fails the test in time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT_PATH, tree, write_site

from statusgen.cli import cli
from statusgen.load.files import InputError, read_input

NOW = "2026-11-22T18:00:00Z"
# A hang is what the test is about: give up well before the suite's patience runs out.
BOUND_SECONDS = 30


def run(root: Path, *args: str) -> tuple[int, str]:
    """Exit status and output of statusgen in a child process, which may not hang."""
    result = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def run_here(root: Path, *args: str) -> tuple[int, str]:
    """The same in this process, for inputs that cannot block (links, which are not read)."""
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


# (where, how it is made, what the diagnostic names, whether it could block a read)
PLANTED = [
    ("content/incidents/2026-11-21-pipe.md", fifo, "a named pipe (FIFO)", True),
    ("themes/static/pipe.css", fifo, "a named pipe (FIFO)", True),
    ("themes/templates/page.html", fifo, "a named pipe (FIFO)", True),
    ("statusgen.yaml", fifo, "a named pipe (FIFO)", True),
    (
        "content/incidents/2026-11-21-zero.md",
        link_to("/dev/zero"),
        "a symbolic link to /dev/zero",
        True,
    ),
    ("themes/static/zero.bin", link_to("/dev/zero"), "a symbolic link to /dev/zero", True),
    ("themes/static/passwd", link_to("/etc/passwd"), "a symbolic link to /etc/passwd", False),
    ("themes/static/environ", link_to("/proc/self/environ"), "outside the site", False),
    ("themes/static/etc", link_to("/etc"), "a symbolic link to /etc, outside the site", False),
    ("themes/static", link_to("/etc"), "a symbolic link to /etc, outside the site", False),
]


@pytest.mark.parametrize(
    ("relpath", "make", "expected", "blocks"), PLANTED, ids=[p[0] for p in PLANTED]
)
def test_special_files_and_links_out_are_diagnostics_for_check_and_build(
    tmp_path: Path, relpath: str, make: Callable[[Path], None], expected: str, blocks: bool
) -> None:
    root = write_site(
        tmp_path / "site", {"statusgen.yaml": None} if relpath == "statusgen.yaml" else {}
    )
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    for command in (["check"], ["build", "--now", NOW]):
        code, output = (run if blocks else run_here)(root, *command)
        assert 1 == code, output
        assert relpath in output
        assert expected in output
        assert "Traceback" not in output
    assert not (root / "public").exists()


@pytest.mark.parametrize("command", [["resolve", "pipe"], ["update", "pipe", "-m", "More."]])
def test_authoring_commands_on_a_fifo_say_so_and_write_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    root = write_site(tmp_path / "site")
    os.mkfifo(root / "content/incidents/2026-11-21-pipe.md")
    code, output = run(root, *command)
    assert 1 == code
    assert "2026-11-21-pipe.md: a named pipe (FIFO) is not a file statusgen can read" in output
    assert "Nothing was written" in output


def test_a_link_inside_the_site_is_published_as_its_file(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"themes/static/logo.svg": "<svg/>"})
    (root / "themes/static/alias.svg").symlink_to("logo.svg")
    code, output = run_here(root, "build", "--now", NOW)
    assert 0 == code, output
    assert b"<svg/>" == (root / "public/assets/alias.svg").read_bytes()


def test_an_incident_file_linked_to_another_is_not_published_twice(tmp_path: Path) -> None:
    # A link kept for an old slug, or made by mistake: read as an incident of its own, the
    # one outage was listed twice on every page and in the API, and check said nothing.
    root = write_site(tmp_path / "site", {})
    built = run_here(root, "build", "--now", NOW)  # cached: a build after it reads the cache
    assert 0 == built[0], built[1]
    link = "content/incidents/2026-11-20-checkout-outage.md"
    (root / link).symlink_to("2026-11-20-checkout-errors.md")

    for command in ("check", "build"):
        code, output = run_here(root, command, "--now", NOW)
        assert 1 == code, (command, output)
        assert (
            f"{link}: not read: a symbolic link to {INCIDENT_PATH}, another incident file, "
            "whose incident it would publish a second time\n"
            "    hint: remove the link; to keep its address working, publish a page that "
            "sends visitors on as static/incidents/2026-11-20-checkout-outage/index.html\n"
        ) in output, command
    assert not (root / "public/incidents/2026-11-20-checkout-outage").exists()


def test_an_incident_file_linked_from_elsewhere_in_the_site_is_read(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"archive/2026-11-20-checkout-errors.md": ""})
    archived = root / "archive/2026-11-20-checkout-errors.md"
    archived.write_bytes((root / INCIDENT_PATH).read_bytes())
    (root / INCIDENT_PATH).unlink()
    (root / INCIDENT_PATH).symlink_to("../../archive/2026-11-20-checkout-errors.md")

    code, output = run_here(root, "build", "--now", NOW)
    assert 0 == code, output
    assert (root / "public/incidents/2026-11-20-checkout-errors/index.html").is_file()


def test_a_file_larger_than_the_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 101)
    assert b"x" * 101 == read_input(path, limit=101)
    with pytest.raises(InputError, match="larger than"):
        read_input(path, limit=100)


def test_a_file_that_grows_while_it_is_read_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read to its end, not to the size it had when opened; past the bound
    it is refused all the same."""
    import os

    from statusgen.load import files

    path = tmp_path / "growing.md"
    path.write_bytes(b"x" * 90)
    real_fstat = os.fstat

    def smaller(handle: int) -> os.stat_result:  # the size before the last write landed
        found = list(real_fstat(handle))
        found[6] = 10
        return os.stat_result(found)

    monkeypatch.setattr(files.os, "fstat", smaller)
    assert b"x" * 90 == read_input(path, limit=100)
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than"):
        read_input(path, limit=100)
    path.write_bytes(b"")
    assert b"" == read_input(path, limit=100)


def test_an_incident_folder_entry_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    (root / INCIDENT_PATH).unlink()
    (root / INCIDENT_PATH).mkdir()
    code, output = run_here(root, "check")
    assert 1 == code
    assert f"{INCIDENT_PATH}: a folder is not a file statusgen can read" in output


def test_serve_with_a_fifo_in_the_site_reports_it_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    os.mkfifo(root / "content/incidents/2026-11-21-pipe.md")
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(root), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    # A hang would block the reads below: the watchdog ends it, and the test fails.
    watchdog = threading.Timer(BOUND_SECONDS, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("Serving "):
            line = process.stderr.readline()
            assert line, f"serve ended or hung: {lines}"
            lines.append(line)
        assert any("2026-11-21-pipe.md: a named pipe (FIFO)" in line for line in lines), lines
        process.send_signal(signal.SIGINT)
        assert 0 == process.wait(BOUND_SECONDS)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait(BOUND_SECONDS)


@pytest.mark.parametrize(
    ("replace", "problem"),
    [
        (lambda folder: folder.write_text("", encoding="utf-8"), "not a folder"),
        (link_to("../moved-away"), "a link to a folder that does not exist"),
        (link_to("incidents"), "a symbolic link that loops"),  # a link to itself
    ],
    ids=["file", "link-to-nothing", "link-loop"],
)
def test_an_incident_folder_that_cannot_be_listed_stops_the_build(
    tmp_path: Path, replace: Callable[[Path], None], problem: str
) -> None:
    """Published without its incidents, the page would forget every outage: a cached
    build after a good one, `check` and `new incident` all refuse, and the site built
    before stays as it was."""
    root = write_site(tmp_path / "site")
    assert 0 == run_here(root, "build", "--now", NOW)[0]
    published = tree(root / "public")
    folder = root / "content/incidents"
    shutil.rmtree(folder)
    replace(folder)
    for command in (["check"], ["build", "--now", NOW], ["new", "incident", "Down", "-m", "x"]):
        code, output = run_here(root, *command)
        assert 1 == code, command
        assert f"content/incidents: {problem}" in output, command
    assert published == tree(root / "public")


def test_a_site_without_an_incident_folder_has_no_incidents(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    assert not (root / "content/incidents").exists()
    code, output = run_here(root, "check")
    assert 0 == code, output
    assert "content/incidents" not in output


def _refused(calls: tuple[str, ...], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `folder` behave as the system treats one the user lacks a permission on,
    whoever runs the tests (root reads anything): `scandir` refused lists it (chmod a-r),
    the others refused open nothing in it (chmod a-x)."""
    where = os.path.abspath(folder)

    def refusing(original: Callable[..., object], listing: bool) -> Callable[..., object]:
        def call(path: object, *args: object, **kwargs: object) -> object:
            if isinstance(path, (str, Path)):
                full = os.path.abspath(path)
                if (full if listing else os.path.dirname(full)) == where:
                    raise PermissionError(13, "Permission denied", str(path))
            return original(path, *args, **kwargs)

        return call

    for name in calls:
        monkeypatch.setattr(os, name, refusing(getattr(os, name), name == "scandir"))


@pytest.mark.parametrize(
    ("calls", "problem"),
    [
        (("scandir",), "cannot list the folder: Permission denied"),
        (("stat", "lstat", "open"), "cannot open the files in the folder: Permission denied"),
    ],
    ids=["no-read", "no-execute"],
)
@pytest.mark.parametrize("folder", ["content/incidents", "static"])
def test_a_folder_statusgen_may_not_open_is_one_problem_with_the_chmod_that_fixes_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    calls: tuple[str, ...],
    problem: str,
    folder: str,
) -> None:
    # Each incident file was told "cannot read file" with a chmod a+r hint (168 lines on a
    # large site), an unlistable one "make it the folder of incident files", and a static
    # file "cannot read: Permission denied" with no hint: none named the folder's fix.
    root = write_site(tmp_path / "site")
    (root / "static").mkdir()
    (root / "static" / "CNAME").write_text("status.example.com\n")
    (root / "content/incidents/2026-11-20-second.md").write_bytes(
        (root / INCIDENT_PATH).read_bytes().replace(b"Checkout errors", b"Login errors")
    )
    assert 0 == run_here(root, "build", "--now", NOW)[0]
    published = tree(root / "public")
    _refused(calls, root / folder, monkeypatch)

    code, output = run_here(root, "build", "--now", NOW)

    said = f"{folder}: {problem}"
    hint = (
        "    hint: let the user who runs statusgen list it and open its files "
        f"(chmod a+rx {folder}, or change its owner)"
    )
    lines = output.splitlines()
    assert 1 == code, output
    assert [hint] == [lines[i + 1] for i, line in enumerate(lines) if line.startswith(said)]
    assert "1 problem in 1 file" in output
    assert published == tree(root / "public")
