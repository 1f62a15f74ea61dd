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
from datetime import datetime, timezone
from pathlib import Path

import pytest
from examplesite import build_example
from sitefiles import write_site

from statusgen.build import build_site

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


# A site an earlier release wrote, whose titles and names are in Cyrillic and Greek: its
# components without `id:` and its incidents' files got names without those letters
# (`Шлюз Gateway` → gateway, `Збій оплати` → …-incident). New names spell them out; these
# must keep their addresses, pages and API ids.
WRITTEN_EARLIER = GOLDEN.parent / "written-earlier"
EARLIER_COMPONENTS = """\
- id: api
  name: API
- name: Шлюз Gateway
- name: Πύλη Edge
"""
EARLIER_INCIDENTS = {
    "2026-11-20-api": ("Збій API", "gateway"),
    "2026-11-20-incident": ("Збій оплати", "api"),
    "2026-11-21-incident": ("Διακοπή υπηρεσίας", "edge"),
}
EARLIER_OUTPUTS = (
    "incidents/2026-11-20-incident/index.html",
    "components/gateway/index.html",
    "api/v2/components.json",
    "api/v2/incidents.json",
)


def _earlier_incident(title: str, component: str) -> str:
    return (
        f"---\ntitle: {title}\nstatus: resolved\ncomponents:\n  {component}: major_outage\n"
        "---\n## Investigating at 2026-11-20 14:05\nx\n\n## Resolved at 2026-11-20 15:12\ny\n"
    )


@pytest.fixture(scope="module")
def written_earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes | None] = {"content/components.yaml": EARLIER_COMPONENTS}
    for slug, (title, component) in EARLIER_INCIDENTS.items():
        files[f"content/incidents/{slug}.md"] = _earlier_incident(title, component)
    root = write_site(tmp_path_factory.mktemp("earlier") / "site", files)
    (root / "content/incidents/2026-11-20-checkout-errors.md").unlink()
    output = root.parent / "public"
    build_site(
        root, now=datetime(2026, 11, 22, 18, tzinfo=timezone.utc), output=output, use_cache=False
    )
    return output


def compare(golden: Path, path: str, built: str) -> None:
    """Fail with a diff when `built` (normalised) is not the golden copy of `path`."""
    if os.environ.get("STATUSGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if expected != built:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                built.splitlines(keepends=True),
                f"golden/{golden.parent.name}/{golden.name}",
                f"built/{path}",
                n=2,
            )
        )
        pytest.fail(
            f"{path} differs from its golden copy (STATUSGEN_UPDATE_GOLDEN=1 rewrites it "
            f"when the change is meant):\n{diff[:6000]}"
        )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("golden") / "public")


@pytest.mark.parametrize("path", OUTPUTS)
def test_the_example_site_matches_its_golden_pages(example: Path, path: str) -> None:
    built = normalised(path, (example / path).read_bytes())
    compare(GOLDEN / (path.replace("/", "__") + ".txt"), path, built)


def test_a_site_with_cyrillic_and_greek_names_keeps_its_addresses(written_earlier: Path) -> None:
    addresses = sorted(
        p.parent.relative_to(written_earlier).as_posix() + "/"
        for p in written_earlier.rglob("index.html")
        if p.parent.parent.name in ("components", "incidents")
    )
    compare(WRITTEN_EARLIER / "addresses.txt", "*/index.html", "\n".join(addresses) + "\n")


@pytest.mark.parametrize("path", EARLIER_OUTPUTS)
def test_a_site_with_cyrillic_and_greek_names_keeps_its_pages(
    written_earlier: Path, path: str
) -> None:
    built = normalised(path, (written_earlier / path).read_bytes())
    compare(WRITTEN_EARLIER / (path.replace("/", "__") + ".txt"), path, built)
