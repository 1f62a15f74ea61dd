"""HTML comments in incident files: hidden as GitHub hides them, so that what an author
hid in one (a draft update, a note) is read nowhere and published nowhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import run_build, tree, write_site

from statusgen.cli import cli
from statusgen.load.comments import without_comments

PATH = "content/incidents/2026-12-05-api-slow.md"
SLUG = "2026-12-05-api-slow"
NOW = "2026-12-05T12:00:00Z"
FRONT = "---\ntitle: API slow\nstatus: monitoring\ncomponents:\n  api: degraded_performance\n---\n"
DRAFT = FRONT + (
    "## Investigating at 2026-12-05 09:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Slow <!-- ask Dana first --> responses.\n"
    "\n"
    "<!-- draft, not ready to publish:\n"
    "## Identified at 2026-12-05 09:30\n"
    "Components: api=major_outage\n"
    "\n"
    "Customer X's database was deleted by engineer Y.\n"
    "-->\n"
    "\n"
    "## Monitoring at 2026-12-05 10:00\n"
    "Components: api=degraded_performance\n"
    "\n"
    "Watching.\n"
)
HIDDEN = ("draft, not ready", "Customer X", "engineer Y", "ask Dana", "<!--")


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_an_update_hidden_in_a_comment_is_read_and_published_nowhere(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: DRAFT})

    checked = run(root, "check", "--now", NOW)
    listed = run(root, "incidents", "--json", "--now", NOW)
    status = run(root, "status", "--json", "--now", NOW)
    built = run_build(root, now=NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17])
    assert 0 == built.exit_code, built.output
    for path, data in tree(root / "public").items():
        text = data.decode("utf-8", "replace")
        assert [] == [words for words in HIDDEN if words in text], path
    assert "Identified" not in (root / f"public/incidents/{SLUG}/index.html").read_text()
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    # The hidden `api=major_outage` counts for nothing: the incident stays a minor one.
    assert "minor" == incident["impact"]
    assert [("monitoring", "Watching."), ("investigating", "Slow  responses.")] == [
        (u["status"], u["body"]) for u in incident["incident_updates"]
    ]
    (row,) = [row for row in json.loads(listed.output) if row["slug"] == SLUG]
    assert "monitoring" == row["state"]
    assert "major_outage" not in status.output
    assert [] == [words for words in HIDDEN if words in listed.output + status.output]


def test_a_comment_in_code_is_code_the_page_shows(tmp_path: Path) -> None:
    text = FRONT + (
        "## Monitoring at 2026-12-05 10:00\n"
        "Add `<!-- keep -->` to the template:\n"
        "\n"
        "```html\n"
        "<!--\n"
        "## Identified at 2026-12-05 09:30\n"
        "```\n"
        "\n"
        "Then `-->` closes it.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    built = run_build(root, now=NOW)

    assert 0 == built.exit_code, built.output
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "<code>&lt;!-- keep --&gt;</code>" in page
    assert "&lt;!--\n## Identified at 2026-12-05 09:30\n</code></pre>" in page
    assert "Then <code>--&gt;</code> closes it." in page


def test_check_refuses_a_comment_never_closed_at_its_line(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\n"
        "Slow. <!-- draft:\n"
        "\n"
        "## Monitoring at 2026-12-05 10:00\n"
        "Watching.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)
    built = run_build(root, now=NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:8:7: this HTML comment is never closed: it hides the rest of the file",
        "    hint: close it with '-->' after the text it should hide; to show '<!--' as text, "
        "write it as '\\<!--'",
    ] == [line for line in checked.output.splitlines() if line.startswith((PATH, "    hint"))]
    assert 1 == built.exit_code
    assert not (root / f"public/incidents/{SLUG}").exists()


def test_an_update_after_a_comment_is_appended_and_read_as_the_newest(tmp_path: Path) -> None:
    root = write_site(tmp_path, {PATH: DRAFT})

    message = "Fixed; <!-- stays text"
    result = run(root, "update", "api-slow", "-m", message, "--now", "2026-12-05 11:00")

    assert 0 == result.exit_code, result.output
    added = (root / PATH).read_text().removeprefix(DRAFT)
    # Below the comment, and its `<!--` kept text: it hides nothing after it.
    assert added.startswith("\n## Monitoring at 2026-12-05 11:00")
    assert added.endswith("\n\nFixed; \\<!-- stays text\n")
    assert 0 == run(root, "check", "--now", NOW).exit_code
    assert 0 == run_build(root, now=NOW).exit_code
    api = json.loads((root / "public/api/v2/incidents.json").read_text())
    (incident,) = [i for i in api["incidents"] if i["name"] == "API slow"]
    assert "minor" == incident["impact"]
    assert ["monitoring", "monitoring", "investigating"] == [
        u["status"] for u in incident["incident_updates"]
    ]
    page = (root / f"public/incidents/{SLUG}/index.html").read_text()
    assert "Fixed; &lt;!-- stays text" in page


def test_the_authoring_commands_read_the_newest_update_the_page_shows(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\n"
        "Slow.\n"
        "\n"
        "<!-- when it is over:\n"
        "## Resolved at 2026-12-05 10:30\n"
        "Components: api=operational\n"
        "-->\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = run(root, "update", "api-slow", "--status", "identified", "-m", "Found.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert (root / PATH).read_text().startswith(text.replace("investigating", "identified", 1))
    listed = run(root, "incidents", "--json", "--now", NOW)
    (row,) = [row for row in json.loads(listed.output) if row["slug"] == SLUG]
    assert "identified" == row["state"]


def test_an_update_below_a_comment_left_open_is_refused_not_hidden(tmp_path: Path) -> None:
    text = FRONT.replace("monitoring", "investigating", 1) + (
        "## Investigating at 2026-12-05 09:00\nSlow.\n\n<!-- draft:\nMore soon.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = run(root, "update", "api-slow", "-m", "Watching.", "--now", "2026-12-05 11:00")

    assert 1 == result.exit_code
    assert (
        f"{PATH}:10:1: this HTML comment is never closed: it hides the rest of the file"
    ) == result.stderr.splitlines()[0]
    assert text == (root / PATH).read_text()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a <!-- x --> b", "a  b"),
        ("a  <!-- x -->\nb", "a\nb"),  # no hard line break left behind
        ("a <!-- x\n\ny -->b", "a\n\nb"),  # its lines stay, so lines keep their numbers
        ("x <!-->y <!--->z", "x y z"),  # whole comments too (CommonMark)
        ("`<!-- x -->` and ``a`<!--``", "`<!-- x -->` and ``a`<!--``"),  # code spans
        ("\\<!-- x -->", "\\<!-- x -->"),  # escaped, it is text
        ("```\n<!--\n```\n", "```\n<!--\n```\n"),  # a fenced code block
        ("para\n\n    <!-- x -->", "para\n\n    <!-- x -->"),  # an indented one
        ("para\n    <!-- x -->", "para\n"),  # more of the paragraph, not code
        ("<!--\n```\n-->\n## Resolved", "\n\n\n## Resolved"),  # a fence in it opens none
    ],
)
def test_comments_are_left_out_where_github_hides_them(text: str, shown: str) -> None:
    assert shown == without_comments(text).text
