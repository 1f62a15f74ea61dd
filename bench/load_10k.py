"""How long `statusgen check` takes to load and validate a site with many incident files.

Usage: python bench/load_10k.py [COUNT]   (default 10000)

Writes a site with COUNT incidents into a temporary folder, validates it twice, and prints
the time per run and per file. Loading must stay linear in the number of files.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from statusgen.validate import check_site

COMPONENTS = "".join(f"- id: service-{n}\n  name: Service {n}\n" for n in range(50))


def write_site(root: Path, count: int) -> None:
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(
        "title: Bench\nbase_url: https://status.example.com/\ntimezone: Europe/Berlin\n"
    )
    (root / "content" / "components.yaml").write_text(COMPONENTS)
    start = datetime(2020, 1, 1, 10, 0, tzinfo=timezone.utc)
    for n in range(count):
        at = start + timedelta(hours=5 * n)
        stamp = at.strftime("%Y-%m-%d %H:%M")
        later = (at + timedelta(minutes=47)).strftime("%Y-%m-%d %H:%M")
        (root / "content" / "incidents" / f"{at:%Y-%m-%d}-incident-{n}.md").write_text(
            "---\n"
            f"title: Incident number {n}\n"
            "status: resolved\n"
            "components:\n"
            f"  service-{n % 50}: partial_outage\n"
            f"  service-{(n + 7) % 50}: degraded_performance\n"
            "---\n"
            "A short summary of what happened.\n\n"
            f"## Investigating at {stamp} Z\nWe are looking into elevated error rates.\n\n"
            f"## Resolved at {later} Z\nThe errors stopped after a rollback.\n"
        )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, count)
        for attempt in (1, 2):
            started = time.perf_counter()
            site, diagnostics = check_site(root)
            seconds = time.perf_counter() - started
            assert site is not None, diagnostics[:5]
            print(
                f"run {attempt}: {count} incidents in {seconds:.2f} s "
                f"({seconds / count * 1e6:.0f} µs per file)"
            )


if __name__ == "__main__":
    main()
