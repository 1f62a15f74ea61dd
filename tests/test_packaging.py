"""The wheel must carry the built-in theme: a site without its own themes/ still builds."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_the_builtin_theme(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("statusgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("themes", "i18n/catalogs"):
        shipped = {
            str(p.relative_to(ROOT)).replace("\\", "/")
            for p in (ROOT / "statusgen" / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert shipped, f"statusgen/{folder} has no files"
        assert set() == shipped - names
    # Every shipped language, compiled: pages read the .mo files.
    assert {"statusgen/i18n/catalogs/ar/LC_MESSAGES/statusgen.mo"} <= names
