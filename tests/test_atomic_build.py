"""Nothing lost: a build that fails, or is killed part way, leaves the last good site as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT, INCIDENT_PATH, run_build, write_site
from sitefiles import tree_with_times as snapshot

from statusgen.cli import cli
from statusgen.layout import CACHE_FOLDER
from statusgen.write import RETIRED_PREFIX, STAGING_PREFIX

NOW = "2026-11-22T18:00:00Z"
# Enough incidents that writing the site takes a good fraction of a second.
GENERATED_INCIDENTS = 400


def leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.name.startswith((STAGING_PREFIX, RETIRED_PREFIX))
    )


def build(root: Path, *args: str) -> int:
    return run_build(root, "-q", *args, now=NOW).exit_code


@pytest.fixture
def built_site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    assert 0 == build(root)
    return root


KEPT = "The previous site in {} is unchanged."


@pytest.mark.parametrize(
    ("files", "args"),
    [
        ({INCIDENT_PATH: "---\ntitle: [unclosed\n---\n"}, []),
        ({INCIDENT_PATH: b"---\ntitle: caf\xe9\n---\n"}, []),
        ({INCIDENT_PATH: INCIDENT.replace("status: resolved", "status: nope")}, []),
        ({"content/components.yaml": "- name: API\n- name: API\n"}, []),
        # Fails while rendering, after everything validated.
        ({"themes/templates/index.html": "{{ no_such_variable }}\n"}, []),
        ({"statusgen.yaml": "title: T\nbase_url: javascript:alert(1)\n"}, []),
        # A file of static/ where the site writes a folder.
        ({"static/api": "x"}, []),
        # Settings that give no folder at all: the one the last build used is named.
        ({"statusgen.yaml": "<<<<<<< ours\ntitle: A\n=======\ntitle: B\n>>>>>>> theirs\n"}, []),
        ({"statusgen.yaml": "title: [unclosed\n"}, []),
    ],
    ids=[
        "bad YAML",
        "bad UTF-8",
        "bad status",
        "duplicate component",
        "broken template",
        "bad base_url",
        "static clash",
        "settings with conflict markers",
        "settings that do not parse",
    ],
)
def test_a_failed_build_leaves_the_previous_site_untouched_and_says_so(
    built_site: Path, files: dict[str, str | bytes | None], args: list[str]
) -> None:
    before = snapshot(built_site / "public")
    write_site(built_site, files)
    result = run_build(built_site, "-q", *args, now=NOW)
    assert 1 == result.exit_code
    assert before == snapshot(built_site / "public")
    # Once, after the problems (their count last), whichever of them stopped the build.
    *problems, count, kept = result.stderr.splitlines()
    assert KEPT.format(built_site / "public") == kept
    assert " problem" in count
    assert not any("previous site" in line for line in problems)
    assert "" == result.stdout
    assert [] == leftovers(built_site)


def test_a_failed_build_into_another_folder_names_that_folder(
    built_site: Path, tmp_path: Path
) -> None:
    output = tmp_path / "elsewhere"
    assert 0 == build(built_site, "-o", str(output))
    before = snapshot(output)
    write_site(built_site, {"themes/templates/index.html": "{{ no_such_variable }}\n"})
    result = run_build(built_site, "-q", "-o", str(output), now=NOW)
    assert 1 == result.exit_code
    assert KEPT.format(output) == result.stderr.splitlines()[-1]
    assert before == snapshot(output)


def test_a_failed_build_of_a_site_with_pages_names_each_pages_folder(built_site: Path) -> None:
    # Built into public/ first, then as two pages: a mistake that leaves no page to build
    # names the folders the pages' sites are kept in, not the old single-site folder.
    settings = built_site / "statusgen.yaml"
    pages = (
        "pages:\n"
        "  a:\n    base_url: https://a.example.com/\n    output: pa\n"
        "  b:\n    base_url: https://b.example.com/\n    output: pb\n"
    )
    settings.write_text(settings.read_text() + pages)
    assert 0 == build(built_site)
    before = {name: snapshot(built_site / name) for name in ("pa", "pb")}
    settings.write_text(settings.read_text() + "language: xx-!\n")

    result = run_build(built_site, "-q", now=NOW)

    assert 1 == result.exit_code
    assert [KEPT.format(built_site / "pa"), KEPT.format(built_site / "pb")] == (
        result.stderr.splitlines()[-2:]
    )
    assert KEPT.format(built_site / "public") not in result.stderr
    assert before == {name: snapshot(built_site / name) for name in ("pa", "pb")}


def test_unreadable_settings_name_the_folder_the_last_build_used(tmp_path: Path) -> None:
    """Settings that cannot be read give no output folder: the one the last build put the
    site in is named, not the default one; with no record of it, none is."""
    root = write_site(tmp_path / "site")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text() + "output: site\n")
    assert 0 == build(root)
    before = snapshot(root / "site")
    settings.write_text("<<<<<<< ours\n" + settings.read_text() + "=======\n>>>>>>> theirs\n")

    result = run_build(root, "-q", now=NOW)

    assert 1 == result.exit_code
    assert KEPT.format(root / "site") == result.stderr.splitlines()[-1]
    assert before == snapshot(root / "site")
    shutil.rmtree(root / CACHE_FOLDER)
    unknown = run_build(root, "-q", now=NOW)
    assert (1, False) == (unknown.exit_code, "previous site" in unknown.output)


def test_a_failed_first_build_says_nothing_of_a_previous_site(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: "---\ntitle: [unclosed\n---\n"})
    result = run_build(root, "-q", now=NOW)
    assert 1 == result.exit_code
    assert "previous site" not in result.output
    # Its problems and their count, as check prints them: no empty line after.
    assert result.stderr.endswith(" problem in 1 file\n"), repr(result.stderr)
    assert not (root / "public").exists()


def generate_incidents(root: Path, count: int) -> None:
    start = datetime(2026, 1, 1, 9, 0)
    for n in range(count):
        at = start + timedelta(minutes=37 * n)
        end = at + timedelta(minutes=20)
        (root / f"content/incidents/generated-{n:05d}.md").write_text(
            f"---\ntitle: Generated incident {n}\nstatus: resolved\ncomponents: [api]\n---\n"
            f"## Investigating at {at:%Y-%m-%d %H:%M}\nLooking into it.\n\n"
            f"## Resolved at {end:%Y-%m-%d %H:%M}\nFixed.\n"
        )


def stopped_while_writing(
    root: Path, stop: signal.Signals
) -> tuple[subprocess.Popen[bytes], bytes]:
    """A build of `root`, sent `stop` as soon as it starts writing the new site beside the
    old one, once it has ended; and what it said on stderr."""
    command = [sys.executable, "-m", "statusgen", "-C", str(root), "build", "--now", NOW]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not leftovers(root):
            assert process.poll() is None, "the build finished before it could be stopped"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.001)
        process.send_signal(stop)
        _, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    return process, errors


def test_a_build_killed_part_way_leaves_the_previous_site_untouched(built_site: Path) -> None:
    before = snapshot(built_site / "public")
    generate_incidents(built_site, GENERATED_INCIDENTS)
    process, _ = stopped_while_writing(built_site, signal.SIGKILL)
    assert -signal.SIGKILL == process.returncode
    assert before == snapshot(built_site / "public")
    assert [f"{STAGING_PREFIX}public-{process.pid}"] == leftovers(built_site)

    # The next build cleans up after the killed one and completes.
    for path in (built_site / "content/incidents").glob("generated-*.md"):
        path.unlink()
    assert 0 == build(built_site)
    assert [] == leftovers(built_site)
    assert before.keys() == snapshot(built_site / "public").keys()


def test_a_folder_that_is_not_a_site_is_never_replaced(built_site: Path, tmp_path: Path) -> None:
    # The build swaps the output folder whole: `-o ~/Documents` must not delete Documents.
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work")
    before = snapshot(documents)
    result = CliRunner().invoke(
        cli, ["-C", str(built_site), "build", "--now", NOW, "-o", str(documents)]
    )
    assert 1 == result.exit_code
    assert "is not empty and holds no statusgen site" in result.output
    assert before == snapshot(documents)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert 0 == build(built_site, "-o", str(empty))
    assert 0 == build(built_site, "-o", str(empty))  # its own site is replaced, of course
    assert (empty / "index.html").is_file()


@pytest.mark.parametrize(
    ("marker", "records", "said"),
    [
        ("foreign", None, "is not empty and holds no statusgen site"),
        ("foreign", ".git/HEAD", "holds .git, a repository's records"),
        # Even with a status.json a build wrote (a site's copy committed to a project).
        ("built", ".git/HEAD", "holds .git, a repository's records"),
    ],
    ids=["a project", "a repository", "a repository with a built status.json"],
)
def test_a_folder_holding_a_status_json_statusgen_did_not_write_is_never_replaced(
    built_site: Path, tmp_path: Path, marker: str, records: str | None, said: str
) -> None:
    # A mistyped -o naming a project that happens to hold a file called status.json: the
    # swap would delete its sources and its history without a word.
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "app.py").write_text("print(1)\n")
    status = (built_site / "public" / "status.json").read_text() if marker == "built" else ""
    (project / "status.json").write_text(status or '{"ok": true}\n')
    if records is not None:
        (project / records).parent.mkdir(parents=True)
        (project / records).write_text("ref: refs/heads/main\n")
    before = snapshot(project)

    result = run_build(built_site, "-q", "-o", str(project), now=NOW)

    assert 1 == result.exit_code
    assert f"-o/--output: the output folder {str(project)!r} {said}" in result.output
    assert "hint: the build replaces the whole folder: pick an empty or new folder" in result.output
    assert before == snapshot(project)
    assert [] == leftovers(tmp_path)


def test_a_folder_holding_another_sites_status_json_beside_the_users_files_is_kept(
    built_site: Path, tmp_path: Path
) -> None:
    # Another site's status.json copied into a folder of photos says a site is there, but
    # not that this one put it there: the swap would delete the photos without a word.
    other = write_site(tmp_path / "other")
    assert 0 == build(other)
    folder = tmp_path / "folder"
    (folder / "photos").mkdir(parents=True)
    (folder / "notes.txt").write_text("k\n")
    (folder / "photos" / "a.jpg").write_text("k\n")
    shutil.copy(other / "public" / "status.json", folder)
    before = snapshot(folder)

    result = run_build(built_site, "-q", "-o", str(folder), now=NOW)

    assert 1 == result.exit_code, result.output
    assert (
        f"-o/--output: the output folder {str(folder)!r} holds a statusgen site this site "
        "never built there, beside files no build writes (notes.txt, photos/a.jpg)"
    ) in result.output
    assert f"or move notes.txt, photos/a.jpg out of {folder}/ first" in result.output
    assert before == snapshot(folder)
    # Its own site, with the cache's record of it gone, is still built again.
    assert 0 == build(built_site, "-o", str(tmp_path / "own"))
    shutil.rmtree(built_site / CACHE_FOLDER)
    assert 0 == build(built_site, "-o", str(tmp_path / "own"))


@pytest.mark.parametrize(
    ("records", "content"),
    [
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        (".git", "gitdir: ../.git/worktrees/public\n"),  # `git worktree add public gh-pages`
        ("incidents/.hg/store/data", "history"),
    ],
    ids=["a clone", "a worktree", "records further down"],
)
@pytest.mark.parametrize("cache", [True, False], ids=["cached", "--no-cache"])
def test_a_checkout_as_the_output_folder_keeps_its_history(
    built_site: Path, records: str, content: str, cache: bool
) -> None:
    # The site committed to a gh-pages branch from inside the output folder: replacing the
    # folder would delete the repository, whatever the build said after.
    public = built_site / "public"
    (public / records).parent.mkdir(parents=True, exist_ok=True)
    (public / records).write_text(content)
    (public / "README.md").write_text("The status page's branch.\n")
    before = snapshot(public)

    result = run_build(built_site, *([] if cache else ["--no-cache"]), now=NOW)

    assert 1 == result.exit_code
    name = records.partition("/store")[0] if ".hg" in records else ".git"
    assert f"holds {name}, a repository's records" in result.output
    assert "build into a folder of its own and copy the site into the checkout" in result.output
    assert before == snapshot(public)
    assert [] == leftovers(built_site)


def test_a_build_that_read_the_files_before_an_edit_never_writes_after_one_that_read_it(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds of one site at once (a `build` beside `serve`): they take turns, so the
    page ends up showing the edit, not the words the slower build read before it."""
    import threading

    from statusgen import build as build_module

    original = build_module.render_site
    first_has_read, go_on = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow_first(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:  # the first build has read the inputs; it pauses here
            first_has_read.set()
            assert go_on.wait(30)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "render_site", slow_first)
    moment = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    incident = built_site / INCIDENT_PATH
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            results[name] = build_module.build_site(built_site, now=moment)
        except BaseException as error:  # reported by the assertions below
            results[name] = error

    incident.write_text(incident.read_text().replace("Some payments failed.", "Older words."))
    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert first_has_read.wait(30)
    incident.write_text(incident.read_text().replace("Older words.", "Edited words."))
    second = threading.Thread(target=run, args=("second",))
    second.start()
    second.join(1.0)
    # The second build waits for the first instead of writing past it.
    assert second.is_alive()
    go_on.set()
    first.join(30)
    second.join(30)

    assert not isinstance(results["first"], BaseException), results["first"]
    assert not isinstance(results["second"], BaseException), results["second"]
    page = built_site / "public" / "incidents" / "2026-11-20-checkout-errors" / "index.html"
    assert "Edited words." in page.read_text()
    assert "Older words." not in page.read_text()


# A CI step's time limit sends SIGTERM: a job that ended without a word left its log to
# guess what happened to the site.
@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 130, b"Interrupted.\n"), (signal.SIGTERM, 143, b"Stopped by SIGTERM.\n")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_while_writing_stops_with_one_line_and_its_status(
    built_site: Path, signum: signal.Signals, status: int, said: bytes
) -> None:
    before = snapshot(built_site / "public")
    generate_incidents(built_site, GENERATED_INCIDENTS)
    process, errors = stopped_while_writing(built_site, signum)
    assert (status, said) == (process.returncode, errors)
    assert before == snapshot(built_site / "public")
    assert [] == leftovers(built_site)


def test_ctrl_c_while_the_previous_site_is_deleted_stops_at_once_and_says_the_new_one_is_in(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C pressed as the build starts deleting the previous site (a stand-in for the
    # seconds that takes on a big site), after the new one was swapped in.
    from statusgen import write

    remove_tree = write._remove_tree
    deleting: list[Path] = []

    def pressed_then_remove(folder: Path) -> str | None:
        deleting.append(folder)
        if len(deleting) == 1:
            signal.raise_signal(signal.SIGINT)
        return remove_tree(folder)

    write_site(built_site, {INCIDENT_PATH: INCIDENT.replace("Some payments failed.", "Mended.")})
    monkeypatch.setattr(write, "_remove_tree", pressed_then_remove)
    stopped = run_build(built_site, "-q", "--no-cache", now=NOW)
    monkeypatch.undo()

    in_place = "The new site is in place; the next build removes what is left of the previous one."
    assert (130, f"Interrupted. {in_place}\n") == (stopped.exit_code, stopped.stderr)
    # Stopped at once: the previous site is still beside the new one, not deleted first.
    assert [deleting[0].name] == leftovers(built_site)
    page = "public/incidents/2026-11-20-checkout-errors/index.html"
    assert "Mended." in (built_site / page).read_text()

    # The next build clears it, and the site it leaves is the one a clean build makes.
    assert 0 == build(built_site)
    assert [] == leftovers(built_site)
    assert 0 == build(built_site, "--no-cache", "-o", str(tmp_path / "clean"))
    clean = {p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean").rglob("*")}
    assert clean == {
        p.relative_to(built_site / "public") for p in (built_site / "public").rglob("*")
    }
    for path in clean:
        if (tmp_path / "clean" / path).is_file():
            assert (tmp_path / "clean" / path).read_bytes() == (
                built_site / "public" / path
            ).read_bytes()


def test_ctrl_c_once_a_first_build_is_in_place_says_the_next_build_renders_it_all_again(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stopped as the new site went in, a build saves no record of it (saved after): the
    # next one rendered every page again, 40 s where 0.5 s was expected, without a word.
    from statusgen import write

    shutil.rmtree(built_site / CACHE_FOLDER)
    remove_tree = write._remove_tree

    def pressed_then_remove(folder: Path) -> str | None:
        signal.raise_signal(signal.SIGINT)
        return remove_tree(folder)

    write_site(built_site, {INCIDENT_PATH: INCIDENT.replace("Some payments failed.", "Mended.")})
    monkeypatch.setattr(write, "_remove_tree", pressed_then_remove)
    stopped = run_build(built_site, "-q", now=NOW)
    monkeypatch.undo()

    assert (
        130,
        "Interrupted. The new site is in place; the next build removes what is left of the "
        "previous one. The next build renders the whole site again: this one stopped before "
        "saving its record.\n",
    ) == (stopped.exit_code, stopped.stderr)


def test_ctrl_c_while_changed_files_are_moved_in_says_the_new_site_is_in_place(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C pressed as an incremental build moves its first changed file in: the move
    # finishes first, and "Interrupted." alone would have the user doubt the site.
    from statusgen import write

    replace = os.replace
    moved: list[str] = []

    def pressed_then_replace(source: str | Path, target: str | Path) -> None:
        moved.append(str(target))
        if len(moved) == 1:
            signal.raise_signal(signal.SIGINT)
        replace(source, target)

    write_site(built_site, {INCIDENT_PATH: INCIDENT.replace("Some payments failed.", "Mended.")})
    monkeypatch.setattr(write.os, "replace", pressed_then_replace)
    stopped = run_build(built_site, "-q", now=NOW)
    monkeypatch.undo()

    assert moved, "the build moved no file in"
    assert (
        130,
        "Interrupted. The new site is in place. The next build renders the whole site again: "
        "this one stopped before saving its record.\n",
    ) == (stopped.exit_code, stopped.stderr)
    page = "public/incidents/2026-11-20-checkout-errors/index.html"
    assert "Mended." in (built_site / page).read_text()
    assert [] == leftovers(built_site)


PAGES = (
    "title: Example Status\ntimezone: Europe/Berlin\npages:\n"
    "  public: {base_url: https://status.example.com/, output: public}\n"
    "  internal: {base_url: https://internal.example.com/, output: public-internal}\n"
)


@pytest.mark.parametrize(
    ("pressed_at", "said"),
    [
        # While the first page's previous site is deleted: the second page is not built.
        (
            1,
            "The new site of page 'public' is in place (the next build removes what is left"
            " of the previous one); page 'internal' was not built and still shows the previous"
            " build: build again to update it.",
        ),
        # While the last page's is: every page is new.
        (
            2,
            "The new sites of pages 'public' and 'internal' are in place (the next build"
            " removes what is left of the previous one).",
        ),
    ],
)
def test_ctrl_c_in_a_build_of_several_pages_names_those_not_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pressed_at: int, said: str
) -> None:
    from statusgen import write

    root = write_site(tmp_path / "site", {"statusgen.yaml": PAGES})
    assert 0 == build(root)
    before = {f: (root / f / "status.json").read_bytes() for f in ("public", "public-internal")}
    remove_tree = write._remove_tree
    deleting: list[Path] = []

    def pressed_then_remove(folder: Path) -> str | None:
        deleting.append(folder)
        if len(deleting) == pressed_at:
            signal.raise_signal(signal.SIGINT)
        return remove_tree(folder)

    outage = INCIDENT.replace("status: resolved", "status: investigating").split("## Resolved")[0]
    write_site(root, {"statusgen.yaml": PAGES, INCIDENT_PATH: outage})
    monkeypatch.setattr(write, "_remove_tree", pressed_then_remove)
    stopped = run_build(root, "-q", "--no-cache", now=NOW)
    monkeypatch.undo()

    assert (130, f"Interrupted. {said}\n") == (stopped.exit_code, stopped.stderr)
    # The page not built still shows the status before the outage.
    still = {
        folder: (root / folder / "status.json").read_bytes() == before[folder] for folder in before
    }
    assert still == {"public": False, "public-internal": pressed_at == 1}


def test_ctrl_c_in_the_second_page_of_a_build_names_the_first_as_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pressed while the second page renders, before anything of it was swapped in.
    from statusgen import build as building

    root = write_site(tmp_path / "site", {"statusgen.yaml": PAGES})
    assert 0 == build(root)
    build_site = building.build_site
    pages: list[str | None] = []

    def pressed_in_second(*args: object, **kwargs: object) -> object:
        pages.append(kwargs.get("page"))  # type: ignore[arg-type]
        if len(pages) == 2:
            raise KeyboardInterrupt
        return build_site(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(building, "build_site", pressed_in_second)
    stopped = run_build(root, "-q", "--no-cache", now=NOW)
    monkeypatch.undo()

    assert ["public", "internal"] == pages
    said = (
        "Interrupted. The new site of page 'public' is in place; page 'internal' was not"
        " built and still shows the previous build: build again to update it.\n"
    )
    assert (130, said) == (stopped.exit_code, stopped.stderr)


def test_ctrl_c_while_the_command_loads_stops_with_one_line_and_status_130() -> None:
    # As Ctrl-C in the first moments of any command, while Python imports its modules.
    pressed_while_loading = (
        "import sys\n"
        "class Press:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Press())\n"
        "sys.argv = ['statusgen', '--version']\n"
        "from statusgen.__main__ import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", pressed_while_loading], capture_output=True, timeout=60
    )
    assert (130, b"Interrupted.\n", b"") == (done.returncode, done.stderr, done.stdout)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:50]),
        lambda path: path.write_bytes(b""),
        Path.unlink,
    ],
    ids=["cut short", "emptied", "deleted"],
)
def test_a_site_whose_status_json_was_damaged_is_built_again(
    built_site: Path, damage: Callable[[Path], object]
) -> None:
    # The cache records the build into public/ and every file it wrote is still there: a
    # status.json cut short is repaired like any other page, not a reason to refuse.
    public = built_site / "public"
    whole = (public / "status.json").read_bytes()
    damage(public / "status.json")

    result = run_build(built_site, "-q", now=NOW)

    assert 0 == result.exit_code, result.output
    assert whole == (public / "status.json").read_bytes()


def test_a_recorded_site_missing_a_file_and_its_status_json_damaged_is_built_again(
    built_site: Path,
) -> None:
    # Refused as "no statusgen site" (at statusgen.yaml) while each damage alone was
    # repaired: the cache's record vouches for a folder that lost a file or two.
    public = built_site / "public"
    summary = public / "api/v2/summary.json"
    whole = (public / "status.json").read_bytes(), summary.read_bytes()
    summary.unlink()
    (public / "status.json").write_bytes(b"junk\n")

    result = run_build(built_site, "-q", now=NOW)

    assert 0 == result.exit_code, result.output
    assert whole == ((public / "status.json").read_bytes(), summary.read_bytes())


@pytest.mark.parametrize("damage", ["deleted", "damaged"])
@pytest.mark.parametrize("how", ["moved", "copied"])
def test_a_moved_or_copied_site_missing_its_status_json_is_built_again(
    built_site: Path, tmp_path: Path, how: str, damage: str
) -> None:
    # The record named the folder where the site was built: after `mv site w` (or `cp -a`)
    # it vouched for no folder, and w/public was refused as "no statusgen site".
    site = tmp_path / "w"
    (shutil.move if how == "moved" else shutil.copytree)(built_site, site)
    public = site / "public"
    whole = (public / "status.json").read_bytes()
    if damage == "deleted":
        (public / "status.json").unlink()
    else:
        (public / "status.json").write_bytes(b"junk\n")

    result = run_build(site, "-q", now=NOW)

    assert (0, "") == (result.exit_code, result.stderr), result.output
    assert whole == (public / "status.json").read_bytes()


def test_a_record_an_older_build_wrote_still_vouches_for_the_folder(built_site: Path) -> None:
    # Older builds noted the folder by its absolute path: still read as it was written.
    from statusgen.incremental.seal import seal_parts

    public = built_site / "public"
    sealed = seal_parts(os.fsencode(str(public.resolve())))
    assert sealed is not None
    (built_site / CACHE_FOLDER / "built-folder").write_bytes(b"".join(sealed))
    whole = (public / "status.json").read_bytes()
    (public / "status.json").unlink()

    result = run_build(built_site, "-q", now=NOW)

    assert 0 == result.exit_code, result.output
    assert whole == (public / "status.json").read_bytes()


def test_a_damaged_status_json_without_a_record_says_how_to_build_again(
    built_site: Path,
) -> None:
    # Without the cache's record nothing vouches for the folder: it is still refused, and
    # the refusal names the file at fault and the way out.
    public = built_site / "public"
    (public / "status.json").write_bytes(b"")
    before = snapshot(public)

    result = run_build(built_site, "-q", "--no-cache", now=NOW)

    assert 1 == result.exit_code
    assert result.output.startswith(
        "public/: the output folder 'public' is not empty and holds no statusgen site: its "
        "status.json is damaged, or not one statusgen writes"
    ), result.output
    assert "if this folder is statusgen's output, delete it and build again" in result.output
    # Told at the folder, with no file:line: no file to count.
    assert "\n1 problem\n" in result.output, result.output
    assert before == snapshot(public)


def test_a_recorded_folder_missing_its_pages_is_not_replaced(built_site: Path) -> None:
    # The record vouches only for a folder still holding what the build wrote: one emptied
    # and filled with other files (the name reused) is not the site's any more.
    public = built_site / "public"
    (public / "status.json").unlink()
    (public / "index.html").unlink()
    (public / "notes.txt").write_text("mine\n")
    before = snapshot(public)

    result = run_build(built_site, "-q", now=NOW)

    assert 1 == result.exit_code
    assert before == snapshot(public)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="one-step swap on Linux")
def test_the_output_folder_is_never_missing_while_a_new_site_is_swapped_in(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A web server serving public/ during a build must never answer 404 for the site.
    public = built_site / "public"
    (built_site / INCIDENT_PATH).write_text(
        INCIDENT.replace("Some payments failed.", "Some payments failed twice.")
    )
    real, missing = os.rename, []

    def rename(source: str, target: str, **kwargs: object) -> None:
        real(source, target, **kwargs)  # type: ignore[arg-type]
        if not public.is_dir():
            missing.append(os.path.basename(target))

    monkeypatch.setattr(os, "rename", rename)
    assert 0 == build(built_site, "--no-cache")
    assert [] == missing
    assert any(
        b"Some payments failed twice." in path.read_bytes() for path in public.rglob("*.html")
    )
    assert [] == leftovers(built_site)


# A build whose system cannot swap two folders in one step (write._exchange says so), killed
# between its two renames: the previous site moved aside, the new one not yet in place.
KILLED_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
from statusgen import write
from statusgen.cli import cli
from statusgen.layout import CACHE_FOLDER

output, real = str(Path(sys.argv[1]).resolve()), os.rename
write._exchange = lambda first, second: False

def rename(source, target, **kwargs):
    real(source, target, **kwargs)
    if os.fspath(source) == output:
        os.kill(os.getpid(), signal.SIGKILL)

os.rename = rename
cli(sys.argv[2:])
"""


def test_a_build_killed_between_the_renames_of_its_swap_leaves_the_previous_site(
    built_site: Path,
) -> None:
    public = built_site / "public"
    before = snapshot(public)
    command = [sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(public)]
    command += ["-C", str(built_site), "build", "-q", "--now", NOW, "--no-cache"]
    (built_site / INCIDENT_PATH).write_text(INCIDENT.replace("failed.", "failed twice."))
    killed = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert -signal.SIGKILL == killed.returncode, killed.stderr

    assert not public.exists()  # two renames cannot help that; the next build can

    # The next build puts the previous site back before anything else, so it replaces the
    # site it was killed replacing: the pages whose bytes stay keep their files and times
    # (a CDN's sync sees no change), as after any other killed build.
    assert 0 == build(built_site)
    after = snapshot(public)
    unchanged = [path for path, (data, _) in after.items() if before.get(path, (b"",))[0] == data]
    assert len(unchanged) > len(after) // 2
    assert [before[path] for path in unchanged] == [after[path] for path in unchanged]
    assert [] == leftovers(built_site)
