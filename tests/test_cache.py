"""Incremental builds: the cache saves work and never changes a byte of the output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT_PATH, write_site

from statusgen.cache import CACHE_FOLDER
from statusgen.cli import cli
from statusgen.write import STAGING_PREFIX

NOW = "2026-11-22T18:00:00Z"
LATER = "2026-11-29T09:30:00Z"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(root: Path, *args: str, now: str = NOW) -> str:
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", now, *args])
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


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    add_incidents(root, 60)
    return root


def assert_same_as_uncached(site: Path, now: str = NOW) -> str:
    """Build incrementally into public/ and from nothing into a fresh folder; compare."""
    output = build(site, now=now)
    fresh = site.parent / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(site, "--no-cache", "-o", str(fresh), now=now)
    assert snapshot(fresh) == snapshot(site / "public")
    return output


def test_cached_builds_match_uncached_ones_through_every_kind_of_change(site: Path) -> None:
    assert_same_as_uncached(site)
    assert (site / CACHE_FOLDER).is_dir()
    # Nothing changed: nothing is written.
    assert ", 0 changed)" in assert_same_as_uncached(site)

    incident = site / INCIDENT_PATH
    incident.write_text(incident.read_text() + "\nOne more sentence.\n")
    assert ", 0 changed)" not in assert_same_as_uncached(site)

    (site / "content/incidents/2026-11-03-generated-002.md").unlink()
    add_incidents(site, 2)  # brings it back...
    (site / "content/incidents/2026-11-05-generated-004.md").unlink()  # ...and drops another
    assert_same_as_uncached(site)

    (site / "themes/templates/partials").mkdir(parents=True)
    (site / "themes/templates/partials/notice.html").write_text(
        "<p class=notice>Overall: {{ status.overall_label }} at {{ now }}</p>\n"
    )
    assert_same_as_uncached(site)

    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("Example Status", "Renamed Status"))
    assert_same_as_uncached(site)

    components = site / "content/components.yaml"
    components.write_text(components.read_text().replace("name: Website", "name: Web site"))
    assert_same_as_uncached(site)

    # Another clock: open incidents, uptime and the theme's `now` all move on.
    assert_same_as_uncached(site, now=LATER)
    assert_same_as_uncached(site, now=NOW)


def test_an_output_folder_changed_by_hand_is_rebuilt_in_full(site: Path) -> None:
    build(site)
    (site / "public/history/index.html").write_text("edited by hand")
    (site / "public/stray.txt").write_text("left behind")
    shutil.rmtree(site / "public/components")
    assert ", 0 changed)" not in assert_same_as_uncached(site)
    assert not (site / "public/stray.txt").exists()


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
