"""Updates arriving together (a burst of alerts) take turns: none that reports success is lost."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner
from lockholder import held_elsewhere
from sitefiles import write_site

# Imported once here rather than in each of forty children.
import statusgen.authoring.events
import statusgen.validate  # noqa: F401
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
    return result.exit_code, result.output


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
