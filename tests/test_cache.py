"""Incremental builds: the cache saves work and never changes a byte of the output."""

from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
from sitefiles import INCIDENT_PATH, SETTINGS, run_build, write_site
from sitefiles import tree as snapshot

from statusgen.build import build_site
from statusgen.layout import CACHE_FOLDER
from statusgen.render import markdown
from statusgen.write import STAGING_PREFIX

NOW = "2026-11-22T18:00:00Z"
LATER = "2026-11-29T09:30:00Z"
# NOW for build_site (Python 3.10 reads no "Z").
NOW_MOMENT = datetime.fromisoformat(NOW.replace("Z", "+00:00"))


_moments = itertools.count(1)


def date_back(root: Path) -> None:
    """Date every input file and folder written in the last minute back by an hour, as if
    edited long before the build: the build then trusts the stat of those it recorded
    instead of hashing them again (each call uses a moment of its own, as real edits do)."""
    moment = time.time() - 3600 + next(_moments)
    recent = time.time() - 60
    for path in [root, *root.rglob("*")]:
        relative = path.relative_to(root).parts
        if relative[:1] in (("public",), (CACHE_FOLDER,)):
            continue
        if path.stat().st_mtime > recent:
            os.utime(path, (moment, moment))


def build(root: Path, *args: str, now: str = NOW) -> str:
    result = run_build(root, *args, now=now)
    assert 0 == result.exit_code, result.output
    return result.output


def add_incidents(root: Path, count: int) -> None:
    for n in range(count):
        # Some resolved long ago, some still open (their pages follow the clock).
        state = "investigating" if n % 5 == 0 else "resolved"
        closing = (
            ""
            if state != "resolved"
            else f"\n## Resolved at 2026-11-{n % 20 + 1:02d} 16:00\nFixed.\n"
        )
        (root / f"content/incidents/2026-11-{n % 20 + 1:02d}-generated-{n:03d}.md").write_text(
            f"---\ntitle: Generated {n}\nstatus: {state}\ncomponents: [api]\n---\n"
            f"## Investigating at 2026-11-{n % 20 + 1:02d} 15:00\nLooking at *item {n}*.\n"
            + closing
        )


@contextmanager
def spying(owner: object, name: str) -> Iterator[list[tuple[object, ...]]]:
    """Within the block, the arguments of every call of owner.name, in order."""
    calls: list[tuple[object, ...]] = []
    real = getattr(owner, name)

    def spy(*args: object) -> object:
        calls.append(args)
        return real(*args)

    setattr(owner, name, spy)
    try:
        yield calls
    finally:
        setattr(owner, name, real)


def parsed_after_an_edit(site: Path) -> list[object]:
    """Append a sentence to the site's incident and build: the files the build parsed."""
    from statusgen import validate

    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    with spying(validate, "parse_event") as calls:
        build(site)
    return [call[0] for call in calls]


def retitle(root: Path, title: str = "Renamed Status") -> None:
    """Give the site another title: every page shows it, so every page is rendered again."""
    settings = root / "statusgen.yaml"
    settings.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", settings.read_text()))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    add_incidents(root, 60)
    return root


def assert_same_as_uncached(site: Path, now: str = NOW, *, dated: bool = False) -> str:
    """Build incrementally into public/ and from nothing into a fresh folder; compare.

    With `dated`, the files just changed are dated back first (see `date_back`)."""
    if dated:
        date_back(site)
    output = build(site, now=now)
    fresh = site.parent / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(site, "--no-cache", "-o", str(fresh), now=now)
    assert snapshot(fresh) == snapshot(site / "public")
    return output


# Files changed just before a build are hashed whatever their stat says; files dated back
# are trusted by their stat. Both ways must notice every change.
@pytest.mark.parametrize("dated", [False, True], ids=["just-written", "dated-back"])
def test_cached_builds_match_uncached_ones_through_every_kind_of_change(
    site: Path, dated: bool
) -> None:
    assert_same_as_uncached(site, dated=dated)
    assert (site / CACHE_FOLDER).is_dir()
    # Nothing changed: nothing is written.
    assert ", 0 changed)" in assert_same_as_uncached(site, dated=dated)
    assert ", 0 changed)" in assert_same_as_uncached(site, dated=dated)

    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nOne more sentence.\n")
    assert ", 0 changed)" not in assert_same_as_uncached(site, dated=dated)

    # Same size, new bytes: only the hash can tell.
    incident.write_text(incident.read_text().replace("One more sentence.", "One more sentinel."))
    assert ", 0 changed)" not in assert_same_as_uncached(site, dated=dated)

    (site / "content/incidents/2026-11-03-generated-002.md").unlink()
    add_incidents(site, 2)  # brings it back...
    (site / "content/incidents/2026-11-05-generated-004.md").unlink()  # ...and drops another
    assert_same_as_uncached(site, dated=dated)

    (site / "themes/templates/partials").mkdir(parents=True)
    (site / "themes/templates/partials/notice.html").write_text(
        "<p class=notice>Overall: {{ status.overall_label }} at {{ now }}</p>\n"
    )
    assert_same_as_uncached(site, dated=dated)

    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("Example Status", "Renamed Status"))
    assert_same_as_uncached(site, dated=dated)

    components = site / "content/components.yaml"
    components.write_text(components.read_text().replace("name: Website", "name: Web site"))
    assert_same_as_uncached(site, dated=dated)

    # Another clock: open incidents, uptime and the theme's `now` all move on.
    assert_same_as_uncached(site, now=LATER, dated=dated)
    assert_same_as_uncached(site, now=NOW, dated=dated)


@pytest.mark.parametrize("dated", [False, True], ids=["just-written", "dated-back"])
def test_an_output_folder_changed_by_hand_is_rebuilt_in_full(site: Path, dated: bool) -> None:
    assert_same_as_uncached(site, dated=dated)
    (site / "public/history/index.html").write_text("edited by hand")
    (site / "public/stray.txt").write_text("left behind")
    shutil.rmtree(site / "public/components")
    assert ", 0 changed)" not in assert_same_as_uncached(site, dated=dated)
    assert not (site / "public/stray.txt").exists()


# A file added by hand where no folder of its own gives it away: among files only (the
# theme's assets, the API's incidents). Beside a page in its own folder it goes unseen,
# as docs/building.md says.
@pytest.mark.parametrize("stray", ["assets/evil.js", "api/v2/incidents/fake.json"])
@pytest.mark.parametrize("then", ["nothing", "an-edit", "a-new-incident-days-later"])
def test_a_file_added_by_hand_to_any_output_folder_is_gone_after_the_next_build(
    site: Path, stray: str, then: str
) -> None:
    incident = site / INCIDENT_PATH
    assert_same_as_uncached(site)
    # Updated in place: this build's record, not a whole new folder's, is the one checked.
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    assert_same_as_uncached(site)
    (site / "public" / stray).write_text("left behind")
    now = NOW
    if then == "an-edit":
        incident.write_text(incident.read_text() + "\nOne more.\n")
    elif then == "a-new-incident-days-later":
        (site / "content/incidents/2026-11-28-new-one.md").write_text(
            "---\ntitle: New one\nstatus: resolved\ncomponents: [api]\n---\n"
            "## Resolved at 2026-11-28 10:00\nFixed.\n"
        )
        now = LATER
    assert_same_as_uncached(site, now=now)
    assert not (site / "public" / stray).exists()


@pytest.mark.parametrize("dated", [False, True], ids=["just-written", "dated-back"])
def test_one_output_file_edited_in_place_is_noticed(site: Path, dated: bool) -> None:
    assert_same_as_uncached(site, dated=dated)
    page = site / "public/incidents/2026-11-20-checkout-errors/index.html"
    with page.open("ab") as file:
        file.write(b"<!-- edited by hand -->")
    assert ", 0 changed)" not in assert_same_as_uncached(site, dated=dated)


@pytest.mark.parametrize("forked", [True, False], ids=["by-a-child", "here"])
def test_an_edit_of_the_same_size_with_its_time_put_back_is_noticed(
    site: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    from statusgen import forked as forking

    monkeypatch.setattr(forking, "may_fork", lambda: forked)
    assert_same_as_uncached(site, dated=True)  # recorded long after the file's mtime
    incident = site / INCIDENT_PATH
    before = incident.stat()
    text = incident.read_text()
    incident.write_text(text.replace("All good again.", "All fine again."))
    # As `touch -d` or an archive tool would: the size and mtime are as recorded.
    os.utime(incident, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = incident.stat()
    assert (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns)

    assert ", 0 changed)" not in assert_same_as_uncached(site)


@pytest.mark.parametrize("forked", [True, False], ids=["by-a-child", "here"])
def test_a_page_edited_by_hand_with_its_size_and_time_put_back_is_repaired(
    site: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    from statusgen import forked as forking

    monkeypatch.setattr(forking, "may_fork", lambda: forked)
    assert_same_as_uncached(site, dated=True)
    page = site / "public/incidents/2026-11-20-checkout-errors/index.html"
    before = page.stat()
    text = page.read_text()
    assert "Checkout" in text
    # The kernel's change time ticks coarsely: an edit in the same tick as the build's
    # last write would look unchanged, which no hand is quick enough to do.
    time.sleep(0.05)
    page.write_text(text.replace("Checkout", "Checkin!"))
    # As `touch -d` or an archive tool would: the size and mtime are as recorded.
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns)

    assert ", 0 changed)" not in assert_same_as_uncached(site)


def test_a_file_only_touched_or_chmodded_is_hashed_not_parsed(
    site: Path, parsed_files: list[str]
) -> None:
    build(site)
    date_back(site)
    build(site)
    incident = site / INCIDENT_PATH
    incident.chmod(0o600)
    os.utime(incident, ns=(incident.stat().st_atime_ns, incident.stat().st_mtime_ns))
    parsed_files.clear()

    result = build_site(site, now=NOW_MOMENT)

    assert ([], True) == (parsed_files, result.skipped)


def test_a_site_copied_away_and_back_is_built_again_once(site: Path) -> None:
    # A copy keeps each file's mtime but gets a new inode and ctime: every input is
    # read and hashed again, and the output folder's pages, whose bytes the record cannot
    # vouch for without their ctime (a hand edit can keep size and mtime), are rendered
    # again, the same bytes; the build after finds them in place.
    build(site)
    date_back(site)
    build(site)
    expected = snapshot(site / "public")
    copy = site.with_name("copy")
    shutil.copytree(site, copy, symlinks=True)
    shutil.rmtree(site)
    copy.rename(site)

    copied = build_site(site, now=NOW_MOMENT)
    again = build_site(site, now=NOW_MOMENT)

    assert (False, True) == (copied.skipped, again.skipped)
    assert expected == snapshot(site / "public")


@pytest.mark.parametrize("forked", [True, False], ids=["by-a-child", "here"])
def test_what_changed_is_found_by_a_child_process_or_here(
    site: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    # A child forked as the build starts stats the inputs and the output folder while
    # the build reads its cache; without fork, a second CPU, or with other threads
    # running, the build stats them itself. Either way an edited, added or removed
    # incident file and a page edited by hand are noticed, and nothing else is read.
    from statusgen import forked as forking
    from statusgen.incremental import survey
    from statusgen.incremental.manifest import Manifest

    monkeypatch.setattr(forking, "may_fork", lambda: forked)
    build(site)
    date_back(site)
    assert ", 0 changed)" in build(site)

    def here(*steps: Callable[[], None]) -> list[tuple[object, ...]]:
        """Run the steps, then build; the checks this process made itself."""
        for step in steps:
            step()
        with (
            spying(Manifest, "changed_sources") as inputs,
            spying(survey, "output_is_intact") as outputs,
        ):
            build(site)
        assert_same_as_uncached(site, dated=True)
        return inputs + outputs

    incident = site / INCIDENT_PATH
    page = site / "public/incidents/2026-11-20-checkout-errors/index.html"
    added = site / "content/incidents/2026-11-21-queue-delays.md"
    checks = [
        here(lambda: incident.write_text(incident.read_text() + "\nA later sentence.\n")),
        here(lambda: page.write_bytes(page.read_bytes() + b"<!-- by hand -->")),
        here(lambda: added.write_text(incident.read_text().replace("title:", "title: New"))),
        here(added.unlink),
    ]
    assert all(bool(made) is not forked for made in checks)  # the child's are not seen here


OLD_INCIDENT = "content/incidents/2026-01-10-old-outage.md"


def _old_incident(day: str = "2026-01-10", words: str = "It was slow.") -> str:
    return (
        "---\ntitle: Old outage\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        f"## Investigating at {day} 09:00\n{words}\n\n## Resolved at {day} 11:00\nFixed.\n"
    )


def test_a_rebuild_on_the_same_day_keeps_the_days_before_today(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Working out each component's 90 days of uptime is most of the status on a large
    # site. Its days before today change only when an event reaching into them does, or
    # at midnight: a typo fixed in an old incident, an incident opened today and the
    # clock moving on all keep them, and only today is worked out again.
    from statusgen import status

    (site / OLD_INCIDENT).write_text(_old_incident())
    build(site)

    def rebuilt(now: str = NOW) -> list[tuple[object, ...]]:
        with spying(status, "_days_before_today") as worked_out:
            build(site, now=now)
        assert_same_as_uncached(site, now=now)  # (its clean build works them out)
        return worked_out

    (site / OLD_INCIDENT).write_text(_old_incident(words="It was slow, then down."))
    assert [] == rebuilt()
    (site / "content/incidents/2026-11-22-queue-delays.md").write_text(
        "---\ntitle: Queue delays\nstatus: investigating\ncomponents:\n"
        "  api: degraded_performance\n---\n## Investigating at 2026-11-22 10:00\nJobs wait.\n"
    )
    assert [] == rebuilt()
    assert [] == rebuilt(now="2026-11-22T20:30:00Z")  # 21:30 in Berlin: the same day


def test_a_few_events_changed_work_out_again_only_the_days_they_touch(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # During an outage the incident that began days ago is updated again and again: the
    # days it touches, before and after the update, are worked out again, not the
    # window; so are those of an incident moved, added or deleted.
    from statusgen import status

    # The API counted from the 15th: an update before then leaves the day uncounted.
    components = site / "content/components.yaml"
    components.write_text(
        components.read_text().replace("- name: API", "- name: API\n  start_date: 2026-11-15")
    )
    build(site)

    def rebuilt() -> list[tuple[object, ...]]:
        with spying(status, "_days_before_today") as all_days:
            build(site)
        assert_same_as_uncached(site)  # (its clean build works them all out)
        return all_days

    early = site / "content/incidents/2026-11-05-generated-004.md"
    early.write_text(
        early.read_text().replace("status: resolved", "status: resolved\nimpact: major")
    )
    assert [] == rebuilt()

    incident = site / INCIDENT_PATH
    incident.write_text(
        incident.read_text().replace("checkout: partial_outage", "checkout: major_outage")
    )
    assert [] == rebuilt()
    incident.write_text(incident.read_text().replace("2026-11-20 15:12", "2026-11-21 09:30"))
    assert [] == rebuilt()  # now over two days
    moved = site / "content/incidents/2026-11-03-generated-002.md"
    moved.write_text(moved.read_text().replace("2026-11-03", "2026-11-12"))
    assert [] == rebuilt()
    moved.unlink()
    assert [] == rebuilt()
    (site / "content/incidents/2026-11-21-queue-delays.md").write_text(
        "---\ntitle: Queue delays\nstatus: resolved\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2026-11-21 22:00\nJobs wait.\n\n"
        "## Resolved at 2026-11-22 01:00\nThey run again.\n"
    )
    assert [] == rebuilt()
    # Many at once: all the days are worked out again.
    for n in range(20):
        path = site / f"content/incidents/2026-11-{n % 20 + 1:02d}-generated-{n:03d}.md"
        if path.exists():
            path.write_text(path.read_text().replace("Looking at", "Looking into"))
    assert 1 == len(rebuilt())


def test_the_days_before_today_are_worked_out_again_when_they_change(site: Path) -> None:
    # Each of these changes the uptime bars of days before today: the pages match a
    # clean build.
    build(site)
    incident = site / INCIDENT_PATH
    incident.write_text(
        incident.read_text().replace("checkout: partial_outage", "checkout: major_outage")
    )
    assert_same_as_uncached(site)
    # An incident from before the window, added, moves the first day of the record back.
    (site / OLD_INCIDENT).write_text(_old_incident())
    assert_same_as_uncached(site)
    # ... and moved into the window, it is counted on its day.
    (site / OLD_INCIDENT).write_text(_old_incident(day="2026-11-10"))
    assert_same_as_uncached(site)
    components = site / "content/components.yaml"
    components.write_text(
        components.read_text().replace("- name: API", "- name: API\n  start_date: 2026-11-15")
    )
    assert_same_as_uncached(site)
    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text() + "history_days: 30\n")
    assert_same_as_uncached(site)
    assert_same_as_uncached(site, now="2026-11-22T23:30:00Z")  # past midnight in Berlin
    assert_same_as_uncached(site, now=LATER)


def test_the_child_looking_for_changes_converts_the_changed_messages(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit's rebuild shows the edited message, and the build would load the Markdown
    # library to convert it: the child process that looks for what changed converts the
    # messages of the changed and added incident files meanwhile, and the build takes
    # what it has sent by then (here it waits for them, to be sure they are there).
    from statusgen import forked
    from statusgen.incremental import survey
    from statusgen.render import markdown

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    build(site)
    date_back(site)
    build(site)  # which records the files' stats as dated back
    taken = survey.Survey.converted_yet
    monkeypatch.setattr(
        survey.Survey, "converted_yet", lambda self, wait=0.0: taken(self, wait=30.0)
    )
    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nA sentence with *emphasis*.\n")
    (site / "content/incidents/2026-11-21-queue-delays.md").write_text(
        "---\ntitle: Queue delays\nstatus: resolved\ncomponents: [api]\n---\nJobs *wait*.\n\n"
        "## Resolved at 2026-11-21 10:00\nThey run [again](https://example.com/jobs).\n"
    )
    with spying(markdown, "convert_markdown") as converted:
        build(site)
    assert [] == converted  # in this process
    assert_same_as_uncached(site)
    page = (site / "public/incidents/2026-11-21-queue-delays/index.html").read_text()
    assert "Jobs <em>wait</em>." in page


def test_a_build_never_waits_for_conversions_the_child_has_not_sent(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The child's conversions only save the build some work: the build takes them if
    # they are there and converts the messages itself if not.
    from statusgen import forked
    from statusgen.incremental import survey

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    build(site)
    release, held_to_the_end = tmp_path / "release", tmp_path / "held"

    def held(*args: object) -> dict[str, str]:
        # In the child: nothing is sent until this test has seen the build end.
        deadline = time.monotonic() + 30
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        held_to_the_end.touch()
        return {}

    monkeypatch.setattr(survey, "_converted", held)
    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    try:
        assert_same_as_uncached(site)
        assert not held_to_the_end.exists()  # built without the child's answer
    finally:
        release.touch()


def test_parse_results_read_ahead_in_part_are_all_taken(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While a child process checks what changed, the build unpickles the saved parse
    # results slice by slice until it is told nothing changed. Wherever it stopped, the
    # parser takes every result: an edit parses its own file and no other.
    from statusgen import forked
    from statusgen.incremental import store
    from statusgen.incremental.lastbuild import LastBuild

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    monkeypatch.setattr(store, "_SLICE", 7)  # 60 files: 9 slices
    build(site)
    answers = iter([False, False, True])  # "nothing changed" the third time it asks
    monkeypatch.setattr(LastBuild, "untouched_yet", lambda self: next(answers, True))
    assert [INCIDENT_PATH] == parsed_after_an_edit(site)
    assert_same_as_uncached(site)


@pytest.mark.parametrize("child_fails", [False, True])
def test_parse_results_saved_beside_the_build_are_what_the_next_build_takes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    # A build that parsed many files saves their results from a forked child while it
    # renders. The next build takes them all: an edit parses its own file and no other.
    # Should the child fail, the build saves them itself.
    from statusgen import forked
    from statusgen.incremental import store

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    monkeypatch.setattr(store, "_SAVE_APART_FROM", 1)  # the site's 60 files are many
    here = os.getpid()
    writers = tmp_path / "writers"  # a file per process that wrote the results
    writers.mkdir()
    write = store.Cache._write

    def noting_who(cache: store.Cache, path: Path, parts: tuple[bytes, ...]) -> OSError | None:
        if path.name == "parsed.pickle":
            if child_fails and os.getpid() != here:
                raise OSError("the child could not write")
            (writers / str(os.getpid())).touch()
        return write(cache, path, parts)

    monkeypatch.setattr(store.Cache, "_write", noting_who)
    build(site)
    wrote = [path.name for path in writers.iterdir()]
    assert ([str(here)] == wrote) if child_fails else (len(wrote) == 1 and str(here) not in wrote)
    assert [INCIDENT_PATH] == parsed_after_an_edit(site)
    assert_same_as_uncached(site)


def test_a_damaged_slice_of_the_parse_results_is_parsed_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.incremental import safepickle, seal, store

    monkeypatch.setattr(store, "_SLICE", 7)
    build(site)
    path = site / CACHE_FOLDER / "parsed.pickle"
    data = seal.unseal(path.read_bytes())
    assert data is not None
    # The key and the sizes of the slices, then the slices.
    stream = io.BytesIO(data)
    key, sizes = safepickle.load(stream)
    start = stream.tell()
    slices = []
    for size in sizes:
        slices.append(bytes(data[start : start + size]))
        start += size
    damaged = [*slices[:3], b"\x80\x05not a pickle", *slices[4:]]
    head = pickle.dumps((key, tuple(map(len, damaged))))
    sealed = seal.seal_parts(b"".join((head, *damaged)))
    assert sealed is not None
    path.write_bytes(b"".join(sealed))
    assert 8 == len(parsed_after_an_edit(site))  # the slice's 7 files and the edited one
    assert_same_as_uncached(site)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_cache_is_ignored(site: Path, damage: str) -> None:
    build(site)
    for path in (site / CACHE_FOLDER).iterdir():
        data = path.read_bytes()
        path.write_bytes(
            {"garbage": b"\x80\x04not a pickle", "truncated": data[: len(data) // 2], "empty": b""}[
                damage
            ]
        )
    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nChanged after the damage.\n")
    assert_same_as_uncached(site)


def test_no_cache_neither_reads_nor_writes_the_cache(site: Path) -> None:
    build(site, "--no-cache")
    assert not (site / CACHE_FOLDER).exists()


def test_an_update_killed_after_its_commit_is_finished_by_the_next_build(site: Path) -> None:
    build(site)
    expected = snapshot(site / "public")
    incident = site / INCIDENT_PATH
    before = incident.read_bytes()
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    build(site)
    changed = snapshot(site / "public")
    page = "incidents/2026-11-20-checkout-errors/index.html"
    assert expected[page] != changed[page]

    # Put the old page back and leave a committed journal for the new one, as a build
    # killed between its commit and its last rename would.
    staging = site / f"{STAGING_PREFIX}public-99999"
    (staging / "files" / page).parent.mkdir(parents=True)
    staging.chmod(0o700)  # as a build makes it: a journal is trusted in no other folder
    (staging / "files" / page).write_bytes(changed[page])
    (site / "public" / page).write_bytes(expected[page])
    (staging / "journal.json").write_text(
        json.dumps({"output": "public", "put": [page], "remove": []})
    )
    incident.write_bytes(before)
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    build(site)
    assert not staging.exists()
    assert changed == snapshot(site / "public")


def test_worker_processes_build_the_same_bytes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The site is small: let even a few messages go to the workers.
    monkeypatch.setattr(markdown, "_PARALLEL_FROM", 1)
    converted: list[int] = []
    prepare = markdown.MarkdownMemo.prepare

    def counting(memo: markdown.MarkdownMemo, sources: Iterable[str], jobs: int) -> int:
        converted.append(prepare(memo, sources, jobs))
        return converted[-1]

    monkeypatch.setattr(markdown.MarkdownMemo, "prepare", counting)
    build(site, "--no-cache", "-o", str(tmp_path / "one"), "--jobs", "1")
    build(site, "--no-cache", "-o", str(tmp_path / "two"), "--jobs", "2")
    assert 0 == converted[0]
    assert converted[1] > 60  # every message went to the two workers
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_this_process_hands_the_lock_over_quickly_while_workers_send_results() -> None:
    # While the workers of map_in_order send their results, this process works out its
    # own share; with Python's 5 ms switch interval the pool's thread that reads their
    # results waited for the lock, and a worker with a full pipe waited idle for it.
    import os
    import sys

    from statusgen.render import workers

    here = os.getpid()
    before = sys.getswitchinterval()
    seen: list[float] = []

    def note(item: int) -> int:
        if os.getpid() == here:
            seen.append(sys.getswitchinterval())
        if item == 1:
            raise ValueError("a mistake in the first item")
        return item

    with pytest.raises(ValueError, match="first item"):
        workers.map_in_order(note, list(range(40)), 2)
    assert seen and max(seen) <= workers._HANDOVER_S < before
    assert before == sys.getswitchinterval()  # as it was, after a failure too


def test_workers_collect_garbage_though_the_build_does_not() -> None:
    # A build turns the collector off in its own process (build._no_collections); a
    # worker renders thousands of pages and must free their cycles as it goes.
    import gc

    from statusgen.render.workers import fork_pool

    gc.disable()
    try:
        with fork_pool(2) as pool:
            seen = pool.map(_collecting, range(2))
    finally:
        gc.enable()
    assert [True, True] == seen


def _collecting(_: int) -> bool:
    import gc

    return gc.isenabled()


def test_workers_leave_signals_to_the_process_that_forked_them() -> None:
    # `statusgen serve` turns SIGTERM into KeyboardInterrupt, and its rebuilds may fork
    # workers. The end of a pool stops its workers with SIGTERM: with serve's handler a
    # worker printed a traceback, or took it while waiting for work and kept waiting,
    # and the build with it. Ctrl-C is the forking process's to handle.
    import signal

    from statusgen.render.workers import fork_pool

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with fork_pool(2) as pool:
            seen = pool.map(_disposition, [signal.SIGTERM, signal.SIGINT])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert ["default", "ignored"] == seen


_ENDED_AT_ONCE = """
import signal
import time
from multiprocessing import util

from statusgen.render.workers import fork_pool

class Slow:
    pass

slow = Slow()  # each worker takes a while to start, as under load
util.register_after_fork(slow, lambda _: time.sleep(0.3))
# A handler that does not end the process: in a worker it swallowed the pool's SIGTERM.
signal.signal(signal.SIGTERM, lambda signum, frame: None)
with fork_pool(2):
    pass  # ended at once: its workers are sent SIGTERM as they start
print("ended")
"""


def test_a_pool_ended_as_its_workers_start_ends() -> None:
    # A worker took a SIGTERM sent before it had its own handlers with the forking
    # process's, and could then wait for work for ever, and its pool with it (about one
    # pool in 1,500 ended at once, with serve's handler). Run apart, so that a pool that
    # hangs fails the test.
    import signal
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", _ENDED_AT_ONCE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its group: a hung pool's workers are stopped with it
    )
    try:
        out, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("a pool ended as its workers started never ended")
    assert (0, "ended") == (child.returncode, out.strip()), err[-2000:]


def _disposition(signum: int) -> str:
    import signal

    found = signal.getsignal(signum)
    return {signal.SIG_DFL: "default", signal.SIG_IGN: "ignored"}.get(found, "handled")


def test_worker_processes_parse_the_same_site_and_cache_every_file(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen import validate
    from statusgen.render import workers

    # The site is small: let its 60 files, messages and pages all go to the workers.
    monkeypatch.setattr(validate, "PARALLEL_PARSE_FROM", 1)
    monkeypatch.setattr(markdown, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    parse_event = validate.parse_event
    parsers = tmp_path / "parsers"  # a file per process that parsed, named by its id
    parsers.mkdir()

    def noting_who(relpath: str, *args: object) -> object:
        (parsers / str(os.getpid())).touch()
        return parse_event(relpath, *args)  # type: ignore[arg-type]

    def never(relpath: str, *args: object) -> object:
        raise AssertionError(f"{relpath} parsed again")

    monkeypatch.setattr(validate, "parse_event", noting_who)
    build(site, "-o", str(tmp_path / "two"), "--jobs", "2")
    assert {str(os.getpid())} < {p.name for p in parsers.iterdir()}  # and a worker
    # Every result was saved, the workers' too: the next build parses nothing.
    monkeypatch.setattr(validate, "parse_event", never)
    build(site, "-o", str(tmp_path / "cached"), "--jobs", "2")
    monkeypatch.setattr(validate, "parse_event", parse_event)
    build(site, "--no-cache", "-o", str(tmp_path / "one"), "--jobs", "1")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "cached")


def test_a_first_build_by_workers_leaves_what_the_next_build_shows(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One worker renders the home page, the feeds and the search index together and
    # hands back the conversions they showed and the index's rows, which the build
    # saves. A new incident then shows the same feeds' messages and the same index rows
    # but its own: none of them is converted or made again (the workers' record of them
    # was lost before).
    from statusgen import forked
    from statusgen.render import search, workers

    monkeypatch.setattr(markdown, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    build(site, "--jobs", "2")
    # The rebuild in one process, where the spies see every call (the next test forks).
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    (site / "content/incidents/2026-11-21-queue-delays.md").write_text(
        "---\ntitle: Queue delays\nstatus: resolved\ncomponents: [api]\n---\n"
        "## Investigating at 2026-11-21 10:00\nJobs wait *longer* than usual.\n\n"
        "## Resolved at 2026-11-21 11:00\nThe queue is empty again.\n"
    )
    with spying(markdown, "convert_markdown") as converted, spying(search, "_row") as rows:
        build(site, "--jobs", "1")
    assert [
        ("Jobs wait *longer* than usual.",),
        ("The queue is empty again.",),
    ] == sorted(converted)
    assert ["Queue delays"] == [event.title for event, *_ in rows]  # type: ignore[attr-defined]
    assert_same_as_uncached(site)


def test_a_rebuild_renders_feeds_and_index_in_a_child_that_hands_back_what_it_made(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild renders its pages itself and, meanwhile, a child process forked for it
    # renders the rest: the API, the feeds, the search index. What the child converted
    # and the index rows it made come back with the files and are saved: the build after
    # makes neither again, and each build's site is the one an uncached build makes.
    from statusgen import forked
    from statusgen.incremental import store
    from statusgen.render import search

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    # A build saves the index's rows once it made this many new ones (a few are made
    # again sooner than all are written again): here, one.
    monkeypatch.setattr(store, "_FEW", 1)
    build(site)
    makers = tmp_path / "makers"
    makers.mkdir()
    make_row = search._row

    def noting_who(*args: object) -> object:
        (makers / str(os.getpid())).touch()
        return make_row(*args)  # type: ignore[arg-type]

    def new_incident(name: str, title: str) -> None:
        (site / f"content/incidents/{name}.md").write_text(
            f"---\ntitle: {title}\nstatus: resolved\ncomponents: [api]\n---\n"
            f"## Investigating at 2026-11-21 10:00\n{title}: jobs wait.\n\n"
            f"## Resolved at 2026-11-21 11:00\n{title}: the queue is empty again.\n"
        )

    new_incident("2026-11-21-queue-delays", "Queue delays")
    monkeypatch.setattr(search, "_row", noting_who)
    build(site)
    assert [p.name for p in makers.iterdir()] not in ([], [str(os.getpid())])
    assert_same_as_uncached(site)
    # The next rebuild in one process, where the spies see every call.
    monkeypatch.setattr(search, "_row", make_row)
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    new_incident("2026-11-22-slow-exports", "Slow exports")
    with spying(markdown, "convert_markdown") as converted, spying(search, "_row") as rows:
        build(site)
    assert [
        ("Slow exports: jobs wait.",),
        ("Slow exports: the queue is empty again.",),
    ] == sorted(converted)
    assert ["Slow exports"] == [event.title for event, *_ in rows]  # type: ignore[attr-defined]
    assert_same_as_uncached(site)


def test_a_rebuild_whose_child_made_the_index_keeps_the_other_years_saved_rows(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit this year makes one row of this year's part of the search index, in the
    # child that renders the index. The rows of last year's part, saved by the first
    # build, stay saved: an edit to last year's incident after makes its row alone.
    from statusgen import forked
    from statusgen.render import search

    for day in range(1, 21):
        (site / f"content/incidents/2025-10-{day:02d}-last-year-{day}.md").write_text(
            f"---\ntitle: Last year {day}\nstatus: resolved\ncomponents: [api]\n---\n"
            f"## Investigating at 2025-10-{day:02d} 10:00\nJobs wait.\n\n"
            f"## Resolved at 2025-10-{day:02d} 11:00\nThe queue is empty again.\n"
        )
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    build(site)
    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nA later sentence.\n")
    build(site)
    # The next rebuild in one process, where the spy sees every row made.
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    last_year = site / "content/incidents/2025-10-07-last-year-7.md"
    last_year.write_text(last_year.read_text().replace("Jobs wait.", "Jobs waited."))
    with spying(search, "_row") as rows:
        build(site)
    assert ["Last year 7"] == [event.title for event, *_ in rows]  # type: ignore[attr-defined]
    assert_same_as_uncached(site)


def test_a_build_that_converts_no_new_message_leaves_the_saved_conversions_alone(
    tmp_path: Path,
) -> None:
    # Renaming the site renders every page again, and with them 100 messages, all
    # converted before: the saved conversions (megabytes on a large site) are read, and
    # not written again.
    root = write_site(tmp_path / "site")
    add_incidents(root, 100)
    build(root)
    saved = root / CACHE_FOLDER / "markdown.pickle"
    before = saved.stat()
    retitle(root)
    assert_same_as_uncached(root)
    after = saved.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_a_build_showing_many_saved_messages_converts_none_of_them(tmp_path: Path) -> None:
    # Renaming the site renders every incident page again, with their 100 messages, all
    # converted before. The saved conversions are read first: converting the first few
    # before reading them (as a build showing a handful does) would be work thrown away.
    root = write_site(tmp_path / "site")
    add_incidents(root, 100)
    build(root)
    with spying(markdown, "convert_markdown") as converted:
        retitle(root)
        build(root)
    assert [] == converted
    assert_same_as_uncached(root)


def test_a_rebuild_showing_what_the_last_one_showed_reads_only_those_conversions(
    tmp_path: Path,
) -> None:
    # Each move of the clock renders the open incidents' pages again, with the same
    # messages: the conversions the last such build showed are read (a small file), not
    # all the saved ones (megabytes on a large site). Renaming the site stands in for it
    # here: every page again, 100 messages.
    from statusgen.incremental.store import Cache

    root = write_site(tmp_path / "site")
    add_incidents(root, 100)
    build(root)
    retitle(root)
    build(root)  # shows every message: keeps them as shown
    with spying(Cache, "markdown") as reads:
        retitle(root, "Another Status")
        build(root)
    read = [args[1] if len(args) > 1 else "markdown.pickle" for args in reads]
    assert "markdown-shown.pickle" in read
    assert "markdown.pickle" not in read
    assert_same_as_uncached(root)


def test_a_new_incident_converts_only_its_own_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new incident renders its component's feed again, whose entries show messages
    # converted before: those recent builds showed are read first (a small file), so
    # neither are they converted again nor are all the saved conversions read.
    from statusgen import forked
    from statusgen.incremental.store import Cache

    root = write_site(tmp_path / "site")
    add_incidents(root, 100)
    build(root)
    # The rebuilds in one process, where the spies see every call: a forked child that
    # surveys the inputs converts the new file's messages ahead, and on a busy machine
    # the build takes them from it before converting them itself.
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    for n in (1, 2):
        (root / f"content/incidents/2026-11-21-brand-new-{n}.md").write_text(
            f"---\ntitle: Brand new {n}\nstatus: resolved\ncomponents: [api]\n---\n"
            f"## Investigating at 2026-11-21 1{n}:00\nBrand new trouble {n}.\n\n"
            f"## Resolved at 2026-11-21 1{n}:30\nOver {n}.\n"
        )
        with spying(markdown, "convert_markdown") as converted, spying(Cache, "markdown") as reads:
            build(root)
    assert {f"Brand new trouble {n}.", f"Over {n}."} == {args[0] for args in converted}
    assert "markdown.pickle" not in [
        args[1] if len(args) > 1 else "markdown.pickle" for args in reads
    ]
    assert_same_as_uncached(root)


@pytest.mark.parametrize("old_name", ["search-words.pickle", "search-rows.pickle"])
def test_the_search_rows_an_earlier_version_kept_are_removed(tmp_path: Path, old_name: str) -> None:
    # Replaced by each event's search row by part of the index: megabytes on a large
    # site no build reads.
    root = write_site(tmp_path / "site")
    add_incidents(root, 20)
    old = root / CACHE_FOLDER / old_name
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"rows of an earlier version")
    build(root)
    assert (root / CACHE_FOLDER / "search-rows-by-part.pickle").exists()
    assert not old.exists()


def test_library_versions_are_those_the_installer_recorded() -> None:
    # Read without importlib.metadata, they must still say what it says: they key every
    # saved conversion and parse result.
    from importlib.metadata import version

    from statusgen.incremental.inputs import LIBRARIES, library_versions

    assert library_versions() == [f"{name} {version(name)}" for name in LIBRARIES]


def test_an_upgraded_library_is_not_served_what_the_old_one_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The saved conversions hold for the versions they were made with: after an upgrade a
    # build converts again (and saves anew) rather than reuse them.
    from statusgen.incremental import inputs

    packages = tmp_path / "packages"
    (packages / "shaping").mkdir(parents=True)
    (packages / "shaping" / "__init__.py").write_text("")
    (packages / "Shaping-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(packages))
    monkeypatch.setattr(inputs, "LIBRARIES", (*inputs.LIBRARIES, "shaping"))
    assert "shaping 1.0" in inputs.library_versions()

    root = write_site(tmp_path / "site")
    add_incidents(root, 100)  # enough messages for a build to read the saved conversions
    build(root)
    saved = root / CACHE_FOLDER / "markdown.pickle"
    settings = root / "statusgen.yaml"

    def retitle_and_build() -> os.stat_result:
        before = saved.stat()
        settings.write_text(settings.read_text().replace("title: ", "title: Renamed "))
        build(root)
        return before

    before = retitle_and_build()
    assert (before.st_ino, before.st_mtime_ns) == (saved.stat().st_ino, saved.stat().st_mtime_ns)
    (packages / "Shaping-1.0.dist-info").rename(packages / "shaping-1.1.dist-info")
    assert "shaping 1.1" in inputs.library_versions()
    before = retitle_and_build()
    assert (before.st_ino, before.st_mtime_ns) != (saved.stat().st_ino, saved.stat().st_mtime_ns)
    assert_same_as_uncached(root)


def settled_site(tmp_path: Path) -> tuple[Path, datetime]:
    """A built site of five incidents whose files look old, and the clock it was built
    at: a build at that clock finds nothing to do."""
    root = write_site(tmp_path / "site")
    add_incidents(root, 5)
    now = datetime.fromisoformat(NOW.replace("Z", "+00:00"))  # Python 3.10 reads no "Z"
    build_site(root, now=now)
    date_back(root)
    assert build_site(root, now=now).skipped
    return root, now


def test_pages_formatted_by_one_babel_are_not_kept_by_a_build_with_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Babel's CLDR data writes every date, time, number and duration on the pages, and
    # its releases change them (CLDR 42 put a narrow no-break space before "AM"): after
    # an upgrade the pages are rendered again, not kept from the build before it.
    from importlib.util import spec_from_file_location

    import babel

    root, now = settled_site(tmp_path)

    # The same Babel, as if installed as another version: in a folder of its own, beside
    # that version's record, and the module this process runs.
    packages = tmp_path / "packages"
    packages.mkdir()
    (packages / "babel").symlink_to(Path(babel.__file__).parent, target_is_directory=True)
    (packages / "babel-99.0.dist-info").mkdir()
    upgraded = spec_from_file_location(
        "babel",
        packages / "babel" / "__init__.py",
        submodule_search_locations=[str(packages / "babel")],
    )
    monkeypatch.setattr(babel, "__spec__", upgraded)
    assert "index.html" in build_site(root, now=now).rendered
    assert_same_as_uncached(root)


def test_a_rebuild_that_formats_nothing_new_never_loads_babels_locale_data(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Dates, times, durations and percentages a page shows are Babel's CLDR formats. The
    # texts a build formatted are kept in the cache folder, so the rebuild after a typo
    # fix (which shows no new date) neither loads the CLDR data nor formats again; the
    # pages are those a clean build writes.
    import babel.localedata

    from statusgen import i18n

    build(site)
    loads: list[str] = []
    real = babel.localedata.load

    def counted(name: str, merge_inherited: bool = True) -> object:
        loads.append(name)
        return real(name, merge_inherited)

    monkeypatch.setattr(babel.localedata, "load", counted)

    def as_a_new_process() -> None:
        """What one process keeps of the last build: nothing, as for `statusgen build`."""
        i18n._language.cache_clear()
        monkeypatch.setattr(babel.localedata, "_cache", {})
        # Newer releases of Babel also share each locale's data in a cache of their own.
        monkeypatch.setattr(babel.localedata, "_dict_cache", {}, raising=False)

    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nA typo fixed.\n")
    as_a_new_process()
    assert ", 0 changed)" not in build(site)
    assert [] == loads, loads

    # A language the kept texts were not formatted for formats its own.
    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text() + "language: de\n")
    as_a_new_process()
    assert_same_as_uncached(site)
    assert "de" in loads
    page = (site / "public/incidents/2026-11-20-checkout-errors/index.html").read_text()
    assert "1 Std., 7 Min." in page  # the incident's duration, in German

    # What that build formatted in German was kept too: the next typo fix loads nothing.
    loads.clear()
    incident.write_text(incident.read_text() + "\nAnother typo fixed.\n")
    as_a_new_process()
    assert ", 0 changed)" not in build(site)
    assert [] == loads, loads


def test_numbers_kept_by_an_earlier_build_are_grouped_as_cldr_groups_them(tmp_path: Path) -> None:
    # Polish leaves four digits whole (CLDR's minimumGroupingDigits): `1234 dni`, where
    # statusgen once wrote `1 234 dni`. What the locale said to builds before that (kept
    # texts, Language.kept) has no word of it: a build that is given them still writes
    # what a build from nothing writes, the history's search too.
    from statusgen import i18n
    from statusgen.incremental.store import Cache

    settings = SETTINGS + "language: pl\nhistory_days: 1300\nstart_date: 2020-01-01\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    build(root)
    cache = Cache(root)
    texts = cache.texts()
    kept = texts["pl"]
    # As kept before: the last group's size alone said where numbers are plain digits.
    kept.pop(("locale", "min_grouping"))
    kept[("locale", "plain_below")] = 1000
    cache.save_texts(texts)
    # A new title, in a new process: every page is written again, with the texts kept.
    (root / "statusgen.yaml").write_text(settings.replace("Example", "Our"))
    i18n._language.cache_clear()
    build(root)

    component = (root / "public/components/api/index.html").read_text(encoding="utf-8")
    assert "w ciągu 1300 dni" in component
    assert "1\u00a0300" not in component
    history = (root / "public/history/index.html").read_text(encoding="utf-8")
    [messages] = re.findall(r'class="history-search"[^>]* data-messages="([^"]*)"', history)
    assert ["\u00a0", 3, 3, 2] == json.loads(unescape(messages))["number"]
    # As a build from nothing, in a process of its own, writes them.
    i18n._language.cache_clear()
    build(root, "--no-cache", "-o", str(tmp_path / "fresh"))
    assert snapshot(tmp_path / "fresh") == snapshot(root / "public")


def test_a_cache_file_read_ahead_is_believed_only_under_its_seal(tmp_path: Path) -> None:
    # A build reads the files it will need in a thread of its own while it checks its
    # inputs (Cache.read_ahead): what it loads from there is still only what this user's
    # builds sealed.
    import pickle

    from statusgen.incremental.store import SEARCH_ROWS, Cache

    cache = Cache(tmp_path)
    cache.save(SEARCH_ROWS, "key", {"row": "first"})
    cache.read_ahead()
    assert {"row": "first"} == cache.load(SEARCH_ROWS, "key")

    planted = Cache(tmp_path)
    sealed = (tmp_path / CACHE_FOLDER / SEARCH_ROWS).read_bytes()
    payload = pickle.dumps(("key", {"row": "planted"}))
    (tmp_path / CACHE_FOLDER / SEARCH_ROWS).write_bytes(sealed[:32] + payload)
    planted.read_ahead()
    assert planted.load(SEARCH_ROWS, "key") is None
    planted.settle()


def test_a_cache_file_saved_after_it_was_read_ahead_is_loaded_as_saved(tmp_path: Path) -> None:
    # What was read ahead is older than the save: loading it would give the old value.
    from statusgen.incremental.store import SEARCH_ROWS, Cache

    Cache(tmp_path).save(SEARCH_ROWS, "key", {"row": "before"})
    cache = Cache(tmp_path)
    cache.read_ahead()
    cache.save(SEARCH_ROWS, "key", {"row": "after"})
    assert {"row": "after"} == cache.load(SEARCH_ROWS, "key")


def test_a_cache_file_that_cannot_be_read_ahead_keeps_nothing_of_the_build(
    tmp_path: Path,
) -> None:
    # A first build has no cache files: each read ahead fails. Nothing of that failure
    # may outlive the load that meets it: with the collector paused, an error kept and
    # raised again held the build's frames, and all they held (67 MB at the peak of a
    # first build of 10,000 incidents).
    import weakref

    from statusgen.collector import paused
    from statusgen.incremental.store import SEARCH_ROWS, Cache

    class Held:
        pass

    cache = Cache(tmp_path)
    cache.read_ahead()

    def load() -> weakref.ref[Held]:
        held = Held()  # what the build holds while it loads
        assert cache.load(SEARCH_ROWS, "key") is None
        return weakref.ref(held)

    with paused():
        assert load()() is None
    cache.settle()


def test_other_code_of_the_same_version_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Installed from a clone, statusgen keeps its version from commit to commit: a build
    # after an update of the code renders and parses anew, even with nothing else changed.
    from statusgen.incremental import inputs

    root, now = settled_site(tmp_path)

    code = tmp_path / "code"
    code.mkdir()
    (code / "build.py").write_text("# another statusgen\n")
    monkeypatch.setattr(inputs, "_PACKAGE", code)
    monkeypatch.setattr(inputs, "_CODE", [])
    again = build_site(root, now=now)
    assert not again.skipped
    assert "index.html" in again.rendered
    assert_same_as_uncached(root)


def built_by(package: Path, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """`statusgen -C root build --now NOW ARGS...` as a process of its own that imports
    statusgen and its libraries from `package` first (a copy to change under it), with
    `env` added to its environment."""
    import subprocess
    import sys

    paths = [str(package), os.environ.get("PYTHONPATH", "")]
    done = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(root), "build", "--now", NOW, *args],
        env={**os.environ, **(env or {}), "PYTHONPATH": os.pathsep.join(filter(None, paths))},
        cwd=package,  # `-m` imports from the working folder first
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 0 == done.returncode, done.stderr


def test_a_package_file_other_than_python_changed_is_published_anew(tmp_path: Path) -> None:
    # widget.js changed in a commit that changed no Python file: a cached build kept
    # publishing the old script.
    import statusgen

    package = tmp_path / "package"
    shutil.copytree(
        Path(statusgen.__file__).parent,
        package / "statusgen",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    root = write_site(tmp_path / "site")
    built_by(package, root)
    script = package / "statusgen/render/widget.js"
    script.write_text(script.read_text().replace('"#1a7f37"', '"#1a7f38"'))

    built_by(package, root)
    built_by(package, root, "--no-cache", "-o", str(tmp_path / "fresh"))
    assert b"#1a7f38" in (tmp_path / "fresh/widget.js").read_bytes()
    assert snapshot(tmp_path / "fresh") == snapshot(root / "public")


# An incident's times and the uptime days it touches are in the site's zone.
_ALMATY = {"statusgen.yaml": SETTINGS.replace("Europe/Berlin", "Asia/Almaty") + "history_days: 7\n"}


@pytest.mark.parametrize("edited", [False, True], ids=["unchanged", "edited"])
def test_new_rules_of_the_sites_time_zone_are_built_as_a_clean_build_would(
    tmp_path: Path, edited: bool
) -> None:
    # Almaty moved from UTC+6 to UTC+5 in 2024: after a tz database update a cached
    # build kept the old offsets on the pages it did not render, and the old uptime days.
    import tzdata

    package = tmp_path / "package"
    shutil.copytree(Path(tzdata.__file__).parent, package / "tzdata")
    zones = package / "tzdata/zoneinfo"
    root = write_site(tmp_path / "site", _ALMATY)
    add_incidents(root, 3)
    # Read from the copy alone, not from the system's zone folders.
    env = {"PYTHONTZPATH": ""}
    built_by(package, root, env=env)
    shutil.copyfile(zones / "Asia/Tokyo", zones / "Asia/Almaty")
    if edited:
        (root / INCIDENT_PATH).write_text((root / INCIDENT_PATH).read_text() + "\nMore.\n")

    built_by(package, root, env=env)
    built_by(package, root, "--no-cache", "-o", str(tmp_path / "fresh"), env=env)
    assert snapshot(tmp_path / "fresh") == snapshot(root / "public")


@pytest.mark.parametrize("command", [("check",), ("status",)])
def test_a_command_that_reads_a_fresh_clone_leaves_its_parsing_to_the_build_after_it(
    site: Path, command: tuple[str, ...]
) -> None:
    # The deploy workflow runs `check`, then `build`, on a clone without a cache folder:
    # what the first had to parse, the second takes as it is.
    from click.testing import CliRunner

    from statusgen import validate
    from statusgen.cli import cli

    with spying(validate, "parse_event") as read_first:
        result = CliRunner().invoke(cli, ["-C", str(site), *command, "--now", NOW])
    assert result.exit_code == 0, result.output
    assert len(read_first) == 61  # 60 generated and the site's own incident
    with spying(validate, "parse_event") as parsed:
        build(site)
    assert parsed == []


_CALLED_OFF = """\
---
title: Database upgrade
scheduled_for: 2026-12-10 02:00 Z
scheduled_until: 2026-12-10 04:00 Z
components:
  api: under_maintenance
---
## Scheduled at 2026-11-20 10:00 Z
We upgrade the database.

## Completed at 2026-11-25 09:00 Z
Called off: not needed after all.
"""


def test_a_window_called_off_as_the_clock_passes_its_update_matches_a_clean_build(
    site: Path,
) -> None:
    """Its `Completed` update written ahead: the clock alone calls the window off (the
    calendar cancels it, the page and feeds drop its components' status and say it is
    cancelled), then passes its planned time, which leaves it cancelled."""
    (site / "content/incidents/2026-12-10-database-upgrade.md").write_text(_CALLED_OFF)
    page = site / "public/incidents/2026-12-10-database-upgrade/index.html"
    for now, state in (
        (NOW, "Scheduled"),
        ("2026-11-25T09:00:00Z", "Cancelled"),
        ("2026-12-10T03:00:00Z", "Cancelled"),
        ("2026-12-11T00:00:00Z", "Cancelled"),
    ):
        assert_same_as_uncached(site, now=now)
        assert f'<span class="state">{state}</span>' in page.read_text(), now
        assert f"[{state}] Database upgrade" in (site / "public/feed.xml").read_text(), now
    assert b"STATUS:CANCELLED" in (site / "public/maintenance.ics").read_bytes()


def test_a_group_renamed_is_no_longer_named_in_a_cached_checks_hint(tmp_path: Path) -> None:
    # A file naming the group as the page showed it is told it is that group; once the
    # group is renamed, a check reading the saved results must not still say so.
    from click.testing import CliRunner

    from statusgen.cli import cli

    grouped = "- id: grp\n  name: Platform\n  components:\n    - id: api\n      name: API\n"
    named = INCIDENT_PATH.replace(".md", "-grp.md")
    incident = (
        "---\ntitle: X\nstatus: resolved\n---\n## Investigating at 2026-11-30 10:00 +00:00\n"
        "Components: platform=major_outage\n\nDown.\n\n## Resolved at 2026-11-30 11:00 +00:00\n"
        "Fixed.\n"
    )
    root = write_site(tmp_path / "site", {"content/components.yaml": grouped, named: incident})

    def check() -> str:
        result = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
        assert result.exit_code == 1, result.output
        return result.output

    assert "name its components instead: api" in check()
    (root / "content/components.yaml").write_text(grouped.replace("Platform", "Core"))
    assert "name its components instead" not in check()
