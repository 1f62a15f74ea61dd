"""Small status sites written into a temporary folder, for tests that read files."""

from __future__ import annotations

from pathlib import Path

SETTINGS = """\
title: Example Status
base_url: https://status.example.com
timezone: Europe/Berlin
"""

COMPONENTS = """\
- name: API
- id: web
  name: Website
  components:
    - id: checkout
      name: Checkout
    - name: Dashboard
      status: degraded_performance
"""

INCIDENT = """\
---
title: Checkout errors
status: resolved
components:
  checkout: partial_outage
---
Some payments failed.

## Investigating at 2026-11-20 14:05
We are looking into it.

## Resolved at 2026-11-20 15:12
All good again.
"""

INCIDENT_PATH = "content/incidents/2026-11-20-checkout-errors.md"


def write_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid site at `root`; `files` replaces (or with None removes) files by relative path."""
    contents: dict[str, str | bytes | None] = {
        "statusgen.yaml": SETTINGS,
        "content/components.yaml": COMPONENTS,
        INCIDENT_PATH: INCIDENT,
    }
    contents.update(files or {})
    for relpath, content in contents.items():
        if content is None:
            continue
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path relative to it ("/"-separated), with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tree_with_times(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time (to see what was touched)."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
