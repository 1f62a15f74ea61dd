"""Incident files after an editor's formatter rewrote them (mdformat, prettier,
markdownlint --fix): what `update -m` wrote as message text stays message text, and what
`check` says about a line a formatter changed does not tell the author to accept it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import run_build, write_site

from statusgen.cli import cli
from statusgen.render.markdown import unescape_markdown

PATH = "content/incidents/2026-12-04-mail-stuck.md"
SLUG = "2026-12-04-mail-stuck"
OPENED = (
    "---\n"
    "title: Mail stuck\n"
    "status: investigating\n"
    "components:\n"
    "  api: major_outage\n"
    "---\n"
    "## Investigating at 2026-12-04 10:00 +00:00\n"
    "Components: api=major_outage\n"
    "\n"
    "Mail is stuck.\n"
)
NOW = "2026-12-04T12:00:00Z"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def mdformat(text: str) -> str:
    """`text` with its body as mdformat 1.0 writes it (its front matter left to a plugin): a
    blank line under each heading, a heading underlined with '-' written `## Text`, and no
    '\\' that Markdown does not need (`\\:`); a reference that starts a paragraph (`&#32;`)
    is kept, as one in a line's middle is not."""
    end = text.index("\n---\n", 3) + len("\n---\n")
    body = re.sub(r"^([^\n#\\-].*)\n-+[ \t]*$", r"## \1", text[end:], flags=re.MULTILINE)
    body = re.sub(r"^(#{1,6} .*)\n(?!\n)", r"\1\n\n", body, flags=re.MULTILINE)
    return text[:end] + body.replace("\\:", ":")


def updated_then_formatted(tmp_path: Path, message: str) -> tuple[Path, str]:
    """A site whose incident was given `message` by `update -m` and then went through
    mdformat, once `check` and `build` have both taken it clean; with the file as `update`
    wrote it."""
    root = write_site(tmp_path, {PATH: OPENED})
    result = run(root, "update", SLUG, "-m", message, "--now", "2026-12-04T11:00:00Z")
    assert 0 == result.exit_code, result.output
    path = root / PATH
    written = path.read_text()
    path.write_text(mdformat(written))

    checked = run(root, "check", "--now", NOW)
    built = run_build(root, now=NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17]), checked.output
    assert 0 == built.exit_code, built.output
    return root, written


def test_a_status_like_message_stays_text_after_a_formatter_drops_escapes(
    tmp_path: Path,
) -> None:
    message = "Components: api=operational\nis what the dashboard shows; it is wrong."
    root, _ = updated_then_formatted(tmp_path, message)

    api = root / "public/api/v2"
    (incident,) = [
        i for i in json.loads((api / "incidents.json").read_text())["incidents"]
        if i["name"] == "Mail stuck"
    ]  # fmt: skip
    assert message == incident["incident_updates"][0]["body"]
    (component,) = [
        c for c in json.loads((api / "components.json").read_text())["components"]
        if c["name"] == "API"
    ]  # fmt: skip
    assert "major_outage" == component["status"]
    page = (root / "public/incidents" / SLUG / "index.html").read_text()
    assert "Components: api=operational\nis what the dashboard shows" in page


@pytest.mark.parametrize(
    ("message", "written"),
    [
        ("Resolved at 2026-11-20 12:00 +00:00", "&#32;Resolved at 2026-11-20 12:00 +00:00"),
        ("- Components: us-api=major_outage", "- &#32;Components: us-api=major_outage"),
        ("* Components: api=operational\n* then more", "* &#32;Components: api=operational"),
    ],
)
def test_a_heading_or_listed_status_line_stays_text_after_a_formatter_drops_escapes(
    tmp_path: Path, message: str, written: str
) -> None:
    root, as_updated = updated_then_formatted(tmp_path, message)

    assert written in as_updated
    (incident,) = [
        i for i in json.loads((root / "public/api/v2/incidents.json").read_text())["incidents"]
        if i["name"] == "Mail stuck"
    ]  # fmt: skip
    assert "investigating" == incident["incident_updates"][0]["status"]
    assert message == incident["incident_updates"][0]["body"]


def test_a_status_like_line_escaped_by_an_earlier_release_stays_text(tmp_path: Path) -> None:
    later = "## Investigating at 2026-12-04 11:00 +00:00\n\nComponents\\: api=operational\n"
    text = f"{OPENED}\n{later}"
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)

    assert (0, "No problems found") == (checked.exit_code, checked.output[:17]), checked.output


def test_chat_and_mail_text_show_a_status_like_line_as_the_page_does() -> None:
    assert "Components: api=operational\nmore" == unescape_markdown(
        "&#32;Components: api=operational\nmore"
    )


def test_a_status_line_a_formatter_made_of_text_is_not_told_to_be_accepted(
    tmp_path: Path,
) -> None:
    # `Components\: api=operational`, its backslash removed: setting api operational in
    # components, the hint's only fix before, would publish the end of an outage.
    later = "## Investigating at 2026-12-04 11:00 +00:00\n\nComponents: api=operational\n"
    root = write_site(tmp_path, {PATH: f"{OPENED}\n{later}"})

    checked = run(root, "check", "--now", NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:5:3: component 'api' was set to operational on line 14, but components says "
        "'major_outage'",
        "    hint: if line 14 is message text (a formatter may have removed its backslash), "
        "start it with '&#32;', which the page does not show; if it is a status change, set "
        "'api: operational' in components: they hold the statuses now",
    ] == checked.output.splitlines()[:2]


def test_an_update_heading_a_formatter_made_of_text_offers_the_text_first(
    tmp_path: Path,
) -> None:
    # `Resolved at 2026-11-20 12\:00 +00:00`, as update wrote it, its backslash removed.
    later = "## Identified at 2026-12-04 11:00 +00:00\n\nResolved at 2026-11-20 12:00 +00:00\n"
    root = write_site(tmp_path, {PATH: f"{OPENED}\n{later}"})

    checked = run(root, "check", "--now", NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:14:1: 'Resolved at 2026-11-20 12:00 +00:00' is not read as an update: it has "
        "no '## ' in front",
        "    hint: if this line is message text (a formatter may have removed its backslash), "
        "start it with '&#32;' (which the page does not show); if it is a status change, "
        "write it as '## Resolved at 2026-11-20 12:00 +00:00'",
    ] == checked.output.splitlines()[:2]


def test_a_listed_status_line_a_formatter_made_of_text_offers_the_text_first(
    tmp_path: Path,
) -> None:
    # `- Components\: api=operational`, as update wrote it, its backslash removed.
    later = "## Identified at 2026-12-04 11:00 +00:00\n\n- Components: api=operational\n"
    root = write_site(
        tmp_path, {PATH: f"{OPENED.replace('investigating', 'identified', 1)}\n{later}"}
    )

    checked = run(root, "check", "--now", NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:14:1: '- Components: api=operational' is not read as the update's Components line",
        "    hint: if it is message text (a formatter may have removed its backslash), write "
        "it as '- &#32;Components: api=operational'; if it is a status change, write it as "
        "'Components: api=operational'",
    ] == checked.output.splitlines()[:2]


def test_a_message_joined_to_the_components_line_is_told_to_stand_apart(
    tmp_path: Path,
) -> None:
    # prettier --prose-wrap never joins a message typed right under the Components line.
    text = OPENED.replace(
        "Components: api=major_outage\n\nMail is stuck.\n",
        "Components: api=major_outage Mail is stuck.\n",
    )
    root = write_site(tmp_path, {PATH: text})

    checked = run(root, "check", "--now", NOW)

    assert 1 == checked.exit_code
    assert [
        f"{PATH}:8:13: text after the statuses on the Components line: 'Mail is stuck.'",
        "    hint: put the message on its own line after a blank line, below the Components line",
    ] == checked.output.splitlines()[:2]


def test_a_heading_underlined_in_a_message_stays_message_text_after_a_formatter(
    tmp_path: Path,
) -> None:
    # mdformat writes `Timeline` over `---` as `## Timeline`: an update heading, refused as
    # an unknown state. Written `### Timeline`, it is left alone and shown as the
    # underlined one was (an h4 on the page).
    message = "Timeline\n---\n10:05 first alert"
    root, _ = updated_then_formatted(tmp_path, message)

    page = (root / "public/incidents" / SLUG / "index.html").read_text()
    assert "<h4>Timeline</h4>\n<p>10:05 first alert</p>" in page
