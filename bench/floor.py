"""The floor a build is measured against: the least work any build of the site must do.

    python bench/floor.py SITE OUT MANIFEST

Reads every input file of SITE, then writes into OUT one file per line of MANIFEST
(`path<TAB>size`, the paths and sizes of a real build's output), filled with input bytes.
A plain loop: no parsing, no rendering, no atomic swap. run.py times it as a child process,
interpreter start-up included, exactly like the build it is compared with.
"""

from __future__ import annotations

import sys
from pathlib import Path


def floor(site: Path, out: Path, manifest: Path) -> int:
    """Return the number of bytes written."""
    inputs = [site / "statusgen.yaml", site / "content" / "components.yaml"]
    inputs += sorted((site / "content" / "incidents").glob("*.md"))
    data = b"".join(path.read_bytes() for path in inputs) or b"\n"
    made: set[Path] = set()
    total = 0
    for line in manifest.read_text(encoding="utf-8").splitlines():
        relpath, size_text = line.rsplit("\t", 1)
        size = int(size_text)
        target = out / relpath
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        chunk = data[:size] if size <= len(data) else (data * (size // len(data) + 1))[:size]
        target.write_bytes(chunk)
        total += size
    return total


if __name__ == "__main__":
    site, out, manifest = (Path(arg) for arg in sys.argv[1:4])
    floor(site, out, manifest)
