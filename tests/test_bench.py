"""The benchmark's site generator writes valid, reproducible sites (no timing here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from statusgen.validate import load_site

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def generate(out: Path, *, seed: int = 3, incidents: int = 50, components: int = 8) -> Path:
    command = [sys.executable, str(GENERATE), str(out), "--incidents", str(incidents)]
    command += ["--components", str(components), "--seed", str(seed)]
    subprocess.run(command, check=True, capture_output=True)
    return out


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_generated_site_loads_with_the_variety_the_benchmark_needs(tmp_path: Path) -> None:
    site = load_site(generate(tmp_path / "site"))

    assert 8 == len(site.components)
    assert site.groups
    assert 50 == len(site.incidents) + len(site.maintenances)
    assert any(incident.is_open for incident in site.incidents)
    assert any(not incident.is_open for incident in site.incidents)
    assert site.maintenances
    events = (*site.incidents, *site.maintenances)
    assert {1, 2, 3, 4, 5} >= {len(event.updates) for event in events}
    messages = "\n".join(u.message for i in site.incidents for u in i.updates)
    assert "\n- " in messages
    assert "](https://" in messages
    assert "`" in messages


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first = files(generate(tmp_path / "a"))
    second = files(generate(tmp_path / "b"))
    other = files(generate(tmp_path / "c", seed=4))

    assert first == second
    assert first != other
