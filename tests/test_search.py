"""search.json: what the history search finds incidents by."""

from __future__ import annotations

import json
from datetime import timedelta

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
