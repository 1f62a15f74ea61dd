"""Fenced code in incident files: read where CommonMark (and the page) sees code, so that
no update is lost in a block that is not one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import run_build, write_site

from statusgen.cli import cli
from statusgen.timeline import split_body

PATH = "content/incidents/2026-12-04-api-errors.md"
FRONT = "---\ntitle: API errors\nstatus: {status}\ncomponents:\n  api: major_outage\n---\n"
NOW = "2026-12-04T12:00:00Z"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def headings(*lines: str) -> list[str]:
    """The update headings split_body reads in a body of `lines`, then one more heading."""
    body = "\n".join(["## Investigating at 2026-12-04 09:00", *lines, "## Resolved at 10:00"])
    return [update.heading for update in split_body(body, 1)[1]]


BOTH = ["Investigating at 2026-12-04 09:00", "Resolved at 10:00"]
FIRST = BOTH[:1]


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        # After backticks, an info string may hold no backtick: inline code, no fence.
        (["```systemctl restart api``` was run on all hosts."], BOTH),
        (["```ls`", "text"], BOTH),
        (["   ```systemctl``` too, indented"], BOTH),
        # An info string after tildes may hold anything.
        (["~~~ shell with ``` in it", "code"], FIRST),
        (["```shell", "code"], FIRST),
        (["   ```", "code"], FIRST),
        (["    ```", "indented code, no fence"], BOTH),
        # Closed by a run of the same character at least as long, and spaces after it.
        (["````", "code", "```", "still code"], FIRST),
        (["```", "code", "`````  "], BOTH),
        (["```", "code", "   ```"], BOTH),
        (["```", "code", "    ```"], FIRST),
        (["```", "code", "~~~"], FIRST),
        (["~~~", "code", "~~~~\t"], BOTH),
        (["```", "code", "``` ~~~"], FIRST),
        (["```", "code", "``` more"], FIRST),
    ],
)
def test_update_headings_are_read_outside_fences_as_commonmark_has_them(
    lines: list[str], read: list[str]
) -> None:
    assert read == headings(*lines)


def test_a_line_of_inline_code_keeps_the_updates_after_it(tmp_path: Path) -> None:
    text = FRONT.format(status="resolved") + (
        "## Investigating at 2026-12-04 09:00\n"
        "```systemctl restart api``` was run on all hosts.\n"
        "\n"
        "## Resolved at 2026-12-04 10:00\n"
        "All good again.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check")
    listed = run(root, "incidents", "--json", "--now", NOW)
    built = run_build(root, now=NOW)

    assert 0 == checked.exit_code, checked.output
    assert "2026-12-04-api-errors" not in [row["slug"] for row in json.loads(listed.output)]
    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-12-04-api-errors/index.html").read_text()
    assert "<code>systemctl restart api</code> was run on all hosts." in page
    assert "All good again." in page
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API errors"]
    assert ("resolved", 2) == (incident["status"], len(incident["incident_updates"]))


def test_a_new_message_of_inline_code_gets_no_closing_fence(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    message = "```pg_repack``` is running on the primary."

    result = run(root, "new", "incident", "DB slow", "-c", "api", "-m", message, "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = (root / "content/incidents/2026-12-04-db-slow.md").read_text()
    assert text.endswith(f"\n\n{message}\n")
