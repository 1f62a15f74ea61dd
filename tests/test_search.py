"""search.json: what the history search finds incidents by."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import factories as f
import pytest
from factories import NOW

from statusgen.model import ComponentStatus, Impact
from statusgen.render.context import RenderContext
from statusgen.render.search import INDEX_PATH, TEXT_LIMIT, plain_words, render_search
from statusgen.status import compute


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("**Bold** and _italic_", "Bold and italic"),
        ("See [the runbook](https://example.com/run_book) now", "See the runbook now"),
        ("![graph of errors](errors.png)", "graph of errors"),
        ("# Heading\n\n- one\n- two", "Heading - one - two"),
        ("`code` and <b>tags</b>", "code and tags"),
        ("> quoted  \n\n\ttext", "quoted text"),
    ],
)
def test_plain_words(markdown: str, words: str) -> None:
    assert words == plain_words(markdown)


def index_of(site: object) -> dict[str, object]:
    context = RenderContext(site, compute(site, NOW))  # type: ignore[arg-type]
    [output] = list(render_search(context))
    assert INDEX_PATH == output.path
    loaded: dict[str, object] = json.loads(output.render())
    return loaded


def test_one_row_per_event_newest_first() -> None:
    older = f.incident("older", NOW - timedelta(days=3), title="Older", message="DNS *trouble*")
    newer = f.incident(
        "newer",
        NOW - timedelta(days=1),
        components={"web": ComponentStatus.MAJOR_OUTAGE},
        impact=Impact.MAJOR,
        title="Newer",
    )
    window = f.maintenance("window", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))
    index = index_of(f.site(incidents=[older, newer], maintenances=[window]))
    assert 1 == index["format"]
    assert {"api": "Api", "web": "Web"} == index["components"]
    rows = index["events"]
    assert isinstance(rows, list)
    assert ["window", "newer", "older"] == [row[1].split("/")[1] for row in rows]
    assert ["maintenance", "major", "minor"] == [row[3] for row in rows]
    assert ["Newer", "incidents/newer/", "2026-11-21", "major", ["web"]] == rows[1][:5]
    assert rows[2][5].startswith("DNS trouble")


def test_the_words_of_an_event_are_bounded() -> None:
    long = f.incident("long", NOW - timedelta(days=1), message="word " * 5_000)
    [row] = index_of(f.site(incidents=[long]))["events"]  # type: ignore[misc]
    assert TEXT_LIMIT >= len(row[5])


def test_a_cached_build_reduces_only_the_edited_event_to_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each event's row is kept between builds, by the bytes of its file and its cut at
    the clock: an edit reduces its own event to words again, and search.json shows the
    new words, never the row remembered for the old text."""
    from sitefiles import INCIDENT, INCIDENT_PATH, run_build, write_site

    from statusgen.render import search

    reduced: list[str] = []
    reduce = search._first_words

    def counting(texts: Sequence[str]) -> str:
        reduced.append(texts[-1])
        return reduce(texts)

    monkeypatch.setattr(search, "_first_words", counting)
    others = {
        f"content/incidents/2026-10-{day:02}-outage-{day}.md": INCIDENT.replace(
            "Checkout errors", f"Outage {day}"
        )
        .replace("Some payments failed.", f"Outage number {day}.")
        .replace("2026-11-20", f"2026-10-{day:02}")
        for day in range(1, 21)
    }
    root = write_site(tmp_path, others)
    assert 0 == run_build(root).exit_code
    assert 21 == len(reduced)
    edited = root / INCIDENT_PATH
    edited.write_text(INCIDENT.replace("Some payments failed.", "Some refunds failed."))
    reduced.clear()
    assert 0 == run_build(root).exit_code
    assert ["All good again."] == reduced
    rows = json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]
    [words] = [row[5] for row in rows if row[0] == "Checkout errors"]
    assert words.startswith("Some refunds failed.")
    # The edit back to the first text finds the words it had then.
    edited.write_text(INCIDENT)
    assert 0 == run_build(root).exit_code
    rows = json.loads((root / "public" / INDEX_PATH).read_bytes())["events"]
    [words] = [row[5] for row in rows if row[0] == "Checkout errors"]
    assert words.startswith("Some payments failed.")
