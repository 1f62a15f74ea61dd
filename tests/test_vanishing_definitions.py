"""A line typed as text that reads as a link definition (`[ETA]: 15:00`) is shown nowhere
when no link uses it: `update` keeps it text, and `check` names one written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import run_build, write_site

from statusgen.cli import cli

PATH = "content/incidents/2026-12-04-api-errors.md"
SLUG = "2026-12-04-api-errors"
NOW = "2026-12-04T12:00:00Z"


def incident(message: str) -> str:
    return (
        "---\n"
        "title: API errors\n"
        "status: investigating\n"
        "---\n"
        "## Investigating at 2026-12-04 10:00\n"
        f"{message}\n"
    )


def check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize("line", ["[ETA]: 15:00", "[Region]: eu-west-1", "> - [Ticket]: OPS-123"])
def test_update_shows_a_definition_shaped_line_as_typed(tmp_path: Path, line: str) -> None:
    root = write_site(tmp_path, {PATH: incident("We are looking into it.")})
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(root),
            "update",
            SLUG,
            "--now",
            "2026-12-04T11:00:00Z",
            "-m",
            line,
            "-m",
            "Thanks.",
        ],
    )
    assert 0 == result.exit_code, result.output

    code, output = check(root)
    assert (0, []) == (code, [text for text in output if "warning" in text])
    assert 0 == run_build(root, now=NOW).exit_code
    shown = line.lstrip("> -")
    assert shown in (root / f"public/incidents/{SLUG}/index.html").read_text()
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    bodies = [u["body"] for i in api["incidents"] for u in i["incident_updates"]]
    assert any(shown in body for body in bodies), bodies


def test_check_warns_of_a_hand_written_definition_no_link_uses(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            PATH: incident(
                "[ETA]: 15:00\n\n[//]: # (a note)\n\n[docs]: https://x.example\nSee [docs]"
            )
        },
    )

    code, output = check(root)

    assert 0 == code
    assert [
        f"{PATH}:6:1: warning: '[ETA]: 15:00' reads as a link definition no link uses: it is "
        "shown nowhere",
        "    hint: write it as '\\[ETA]:' to show it as typed, or use it in a link ('[text][ETA]')",
    ] == [line for line in output if "ETA" in line]
    assert not [line for line in output if "note" in line or "docs" in line]


def test_update_keeps_a_comment_written_in_the_message_hidden(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: incident("We are looking into it.")})
    message = "Text\n\n[//]: # (private note from Dana)\n\n[comment]: <> (ticket OPS-9)"
    result = CliRunner().invoke(
        cli,
        ["-C", str(root), "update", SLUG, "--now", "2026-12-04T11:00:00Z", "-m", message],
    )
    assert 0 == result.exit_code, result.output

    assert message in (root / PATH).read_text()
    assert 0 == run_build(root, now=NOW).exit_code
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    api = (root / "public/api/v2/incidents.json").read_text()
    assert [] == [text for text in ("Dana", "OPS-9") if text in page or text in api]
