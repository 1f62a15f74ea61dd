"""The repository's example site, built and compared with the pages kept in tests/golden/.

A change that moves a byte of these pages fails here with a diff. When the change is
meant (a template, a wording), write the new pages and review them like code:

    STATUSGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

HTML is compared with one tag a line (whitespace between tags normalised) and without
the fingerprints of assets (`?v=...`, which follow every byte of the stylesheet); JSON
after sorting keys.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from examplesite import build_example

GOLDEN = Path(__file__).parent / "golden" / "example"
# One of each kind of page and data file, with an open incident, a maintenance window
# and resolved incidents among them.
OUTPUTS = (
    "index.html",
    "embed.html",
    "incidents/2026-11-22-payout-creation-errors/index.html",
    "incidents/2026-11-29-payout-bank-maintenance/index.html",
    "incidents/2026-10-14-payments-api-outage/index.html",
    "history/index.html",
    "components/api/index.html",
    "api/v2/summary.json",
    "feed.xml",
    "maintenance.ics",
)
_FINGERPRINT = re.compile(r"\?v=[0-9a-f]{10}")
_BETWEEN_TAGS = re.compile(r">\s+<")


def normalised(path: str, data: bytes) -> str:
    """The file's text as compared: pretty-printed HTML, sorted JSON, other text as is."""
    text = data.decode("utf-8")
    if path.endswith(".html"):
        # Our own normalising, not a parser's pretty-printer: a library's new release must
        # not rewrite the golden pages.
        return _FINGERPRINT.sub("?v=…", _BETWEEN_TAGS.sub(">\n<", text)).strip() + "\n"
    if path.endswith(".json"):
        return json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("golden") / "public")


@pytest.mark.parametrize("path", OUTPUTS)
def test_the_example_site_matches_its_golden_pages(example: Path, path: str) -> None:
    built = normalised(path, (example / path).read_bytes())
    golden = GOLDEN / (path.replace("/", "__") + ".txt")
    if os.environ.get("STATUSGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if expected != built:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                built.splitlines(keepends=True),
                f"golden/{golden.name}",
                f"built/{path}",
                n=2,
            )
        )
        pytest.fail(
            f"{path} differs from its golden copy (STATUSGEN_UPDATE_GOLDEN=1 rewrites it "
            f"when the change is meant):\n{diff[:6000]}"
        )
