"""Updates and alert deliveries arriving together (a burst of alerts) take turns: none that
reports success is lost, and a delivery repeated at the same moment opens no second incident."""

from __future__ import annotations

import json
import multiprocessing
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lockholder import held_elsewhere
from sitefiles import INCIDENT_PATH, SETTINGS, write_site

# Imported once here rather than in each of forty children.
import statusgen.authoring.events
import statusgen.ingest.plan
import statusgen.validate  # noqa: F401
from statusgen import folderlock
from statusgen.authoring import save
from statusgen.cli import cli

OPEN_INCIDENT = """\
---
title: Card payments failing
status: investigating
components: [api]
---
## Investigating at 2026-11-22 19:41
We are looking into it.
"""
INCIDENT = "content/incidents/2026-11-22-card-payments-failing.md"
UPDATES = 40


def _update(args: tuple[str, int, multiprocessing.synchronize.Barrier]) -> tuple[int, str]:
    root, number, barrier = args
    barrier.wait(timeout=30)  # every process starts its edit at the same moment
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            root,
            "update",
            "card",
            "-m",
            f"Alert number {number}.",
            "--now",
            "2026-11-22T20:00Z",
        ],
    )
    # What it did: a turn that lasts says so on stderr (waiting for another …).
    return result.exit_code, result.stdout


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to be quick"
)
def test_forty_concurrent_updates_all_land(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {INCIDENT: OPEN_INCIDENT})
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(UPDATES)
    with context.Pool(UPDATES) as pool:
        results = pool.map(_update, [(str(root), n, barrier) for n in range(UPDATES)])
    assert [(0, "Updated")] * UPDATES == [(code, out.split(" ")[0]) for code, out in results]
    text = (root / INCIDENT).read_text()
    missing = [n for n in range(UPDATES) if f"Alert number {n}." not in text]
    assert [] == missing
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output


def test_an_edit_waits_for_the_lock_then_says_why_it_gave_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site", {INCIDENT: OPEN_INCIDENT})
    before = (root / INCIDENT).read_bytes()
    monkeypatch.setattr(save, "LOCK_WAIT_SECONDS", 0.2)
    with held_elsewhere(root / "content"):
        result = CliRunner().invoke(cli, ["-C", str(root), "update", "card", "-m", "Later."])
    assert 1 == result.exit_code
    assert "another statusgen command is editing this site" in result.output
    assert before == (root / INCIDENT).read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["update", "card", "-m", "Later."],
        ["resolve", "card"],
        ["new", "incident", "Other", "-m", "Later."],
        ["ingest", "generic", "-"],
    ],
    ids=lambda c: c[0],
)
def test_a_command_waiting_for_the_lock_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    root = write_site(tmp_path / "site", {INCIDENT: OPEN_INCIDENT})
    monkeypatch.setattr(save, "LOCK_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(folderlock, "SAY_WAITING_AFTER", 0.1)
    monkeypatch.chdir(root)
    payload = json.dumps({"id": "db-1", "status": "firing", "title": "Replication lag"})
    with held_elsewhere(root / "content"):
        result = CliRunner().invoke(cli, command, input=payload)
    assert 1 == result.exit_code
    waiting = "waiting for another statusgen command to finish editing content…\n"
    assert 1 == result.stderr.count(waiting), result.stderr
    assert result.stderr.index(waiting) < result.stderr.index("another statusgen command is")


def test_an_edit_that_gets_the_lock_at_once_says_nothing_of_waiting(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {INCIDENT: OPEN_INCIDENT})

    result = CliRunner().invoke(cli, ["-C", str(root), "update", "card", "-m", "Now."])

    assert 0 == result.exit_code, result.output
    assert "waiting" not in result.output


INGEST_RULES = """\
ingest:
  rules:
    - source: generic
      components: [api]
      status: major_outage
      title: "{title}"
"""
# A retry delivers db-1 twice; three other alerts fire at the same moment.
DELIVERIES = ["db-1", "db-1", "disk", "queue", "cert"]


def _ingest_site(tmp_path: Path) -> Path:
    # No incident yet: every incident file afterwards is one an ingest opened.
    files = {"statusgen.yaml": SETTINGS + INGEST_RULES, INCIDENT_PATH: None}
    return write_site(tmp_path / "site", files)


def _ingest(args: tuple[str, str, multiprocessing.synchronize.Barrier]) -> tuple[int, str]:
    root, alert, barrier = args
    barrier.wait(timeout=30)  # every delivery arrives at the same moment
    payload = json.dumps({"id": alert, "status": "firing", "title": f"Alert {alert}"})
    result = CliRunner().invoke(
        cli,
        ["-C", root, "ingest", "generic", "-", "--now", "2026-11-22T20:00Z"],
        input=payload,
    )
    return result.exit_code, result.output


def _alert_ids(root: Path) -> list[str]:
    found = re.findall(r"^  id: (.+)$", _incident_texts(root), flags=re.MULTILINE)
    return sorted(found)


def _incident_texts(root: Path) -> str:
    return "".join(p.read_text() for p in sorted((root / "content/incidents").glob("*.md")))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to be quick"
)
def test_deliveries_arriving_together_take_turns_one_incident_per_alert(tmp_path: Path) -> None:
    root = _ingest_site(tmp_path)
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(len(DELIVERIES))
    with context.Pool(len(DELIVERIES)) as pool:
        with held_elsewhere(root / "content"):
            # Another command is editing: every delivery waits its turn, writing nothing.
            running = pool.map_async(_ingest, [(str(root), a, barrier) for a in DELIVERIES])
            running.wait(1)
            assert "" == _incident_texts(root)
        results = running.get(timeout=60)
    assert [0] * len(DELIVERIES) == [code for code, _ in results], results
    # The repeat found the incident the first delivery opened; no alert was lost.
    assert sorted(set(DELIVERIES)) == _alert_ids(root)
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output


def test_an_ingest_waits_for_the_lock_then_says_why_it_gave_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _ingest_site(tmp_path)
    monkeypatch.setattr(save, "LOCK_WAIT_SECONDS", 0.2)
    payload = json.dumps({"id": "db-1", "status": "firing", "title": "Replication lag"})
    with held_elsewhere(root / "content"):
        result = CliRunner().invoke(cli, ["-C", str(root), "ingest", "generic", "-"], input=payload)
    assert 1 == result.exit_code
    assert "another statusgen command is editing this site" in result.output
    assert "" == _incident_texts(root)
