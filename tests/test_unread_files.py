"""Incident files the build would not read are reported, never skipped without a word."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INIT_NOW, init_site

from statusgen.cli import cli

NOW = INIT_NOW
INCIDENT = """\
---
title: Checkout errors
status: resolved
---
## Resolved at 2026-11-20 10:00
Fixed.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = init_site(tmp_path / "site")
    return root


@pytest.mark.parametrize(
    ("relpath", "message", "hint"),
    [
        (
            "2026-11-20-checkout.markdown",
            "not read: incident files end in .md",
            "rename it to 2026-11-20-checkout.md",
        ),
        (
            "2025/2025-03-01-checkout.md",
            "not read: incidents in subfolders of content/incidents/ are skipped",
            "move it to content/incidents/2025-03-01-checkout.md",
        ),
        # Moved as it is named, it would be refused for its extension next.
        (
            "sub/2025-03-01-checkout.markdown",
            "not read: incidents in subfolders of content/incidents/ are skipped",
            "move it to content/incidents/2025-03-01-checkout.md, where every incident lives",
        ),
    ],
    ids=["markdown-extension", "subfolder", "subfolder-markdown-extension"],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_incident_the_build_would_skip_is_an_error(
    site: Path, relpath: str, message: str, hint: str, command: str
) -> None:
    path = site / "content" / "incidents" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), command])
    assert 1 == result.exit_code
    assert f"content/incidents/{relpath}: {message}" in result.output
    assert f"hint: {hint}" in result.output
    assert "No problems found" not in result.output


@pytest.mark.parametrize(
    ("relpath", "where"),
    [
        ("incidents/old/2026-11-30-queue.md", "where every incident lives"),
        ("2026-11-30-queue.md", "where every incident and maintenance window lives"),
    ],
    ids=["subfolder", "content"],
)
def test_a_file_is_never_told_to_move_over_the_incident_of_its_name(
    site: Path, relpath: str, where: str
) -> None:
    # `mv` as the hint said replaced content/incidents/2026-11-30-queue.md, another outage.
    incidents = site / "content" / "incidents"
    (incidents / "2026-11-30-queue.md").write_text(INCIDENT)
    (incidents / "2026-11-30-queue-2.md").write_text(INCIDENT.replace("errors", "delays"))
    path = site / "content" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INCIDENT.replace("Checkout errors", "Queue stuck"))

    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])

    lines = result.output.splitlines()
    at = next(n for n, said in enumerate(lines) if said.startswith(f"content/{relpath}: not read"))
    assert 1 == result.exit_code, result.output
    assert (
        "    hint: content/incidents/2026-11-30-queue.md is there already: merge what it adds "
        "into that file, or move it to content/incidents/2026-11-30-queue-3.md, " + where
    ) == lines[at + 1]


def test_a_folder_of_images_beside_the_incidents_is_left_alone(site: Path) -> None:
    incidents = site / "content" / "incidents"
    (incidents / "images").mkdir()
    (incidents / "images" / "graph.png").write_bytes(b"\x89PNG")
    (incidents / ".notes.txt").write_text("hidden, as editors' own files are")
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == result.exit_code, result.output


# Any file not named *.md is an outage the page would not show, whatever else it is named.
MISNAMED = [
    ("checkout.md.txt", "rename it to checkout.md"),
    ("checkout.txt", "rename it to checkout.md"),
    ("checkout", "rename it to checkout.md"),
    ("checkout.md ", "rename it to checkout.md"),
    # Its .md saved twice, in any case: offered checkout.md.md, it was told to rename again.
    ("checkout.md.MD", "rename it to checkout.md"),
    ("checkout.MD.MD", "rename it to checkout.md"),
    ("checkout.mdx", "rename it to checkout.md"),
    # Offered a name with capitals, it was refused for them once renamed.
    ("2026-11-26-UPPER.MD", "rename it to 2026-11-26-upper.md"),
    ("Checkout Notes.txt", "rename it to checkout-notes.md"),
    ("checkout.yml", "rename it to checkout.md"),
    *(
        (copy, "remove it if it is a backup copy of checkout.md; else rename it to checkout.md")
        # Left by editors, patch, git's mergetool: renamed "checkout.md.md", it would
        # still not be read.
        for copy in (
            "checkout.md~",
            "#checkout.md#",
            "checkout.md.orig",
            "checkout.md.bak",
            "checkout.md.rej",
            "checkout.md.old",
            "checkout.md.BACKUP.1234",
        )
    ),
    *(
        (junk, "remove it: an editor or file manager left it there, it is no incident")
        # Zone.Identifier: Windows' mark of a download, a file of its own when copied
        # through WSL or a network share.
        for junk in ("Thumbs.db", "desktop.ini", "checkout.md:Zone.Identifier")
    ),
]
OPEN_INCIDENT = """\
---
title: Checkout down
status: investigating
---
## Investigating at 2026-11-20 10:00
Looking.
"""


@pytest.mark.parametrize(("name", "hint"), MISNAMED, ids=[n for n, _ in MISNAMED])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_not_named_md_is_an_error(site: Path, name: str, hint: str, command: str) -> None:
    (site / "content" / "incidents" / name).write_text(OPEN_INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert f"content/incidents/{name}: not read: incident files end in .md" in result.output
    assert f"hint: {hint}\n" in result.output  # the whole hint: not "checkout.md.md"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        # Word's lock while it has checkout.md open, a long name's first letters cut:
        # offered checkout.md to rename it to (or "merge the two"), it would replace it.
        ("~$eckout.md", "~$eckout.md: not read: left by an editor or file manager"),
        ("~$checkout.md", "~$checkout.md: not read: left by an editor or file manager"),
        # macOS Finder's custom icon of a folder: offered Icon.md, it was renamed into one.
        ("Icon\r", "Icon\\x0d: not read: incident files end in .md"),
    ],
    ids=["word-lock-cut", "word-lock", "finder-icon"],
)
def test_an_office_lock_or_finder_icon_is_told_to_be_removed_not_renamed(
    site: Path, name: str, said: str
) -> None:
    incidents = site / "content" / "incidents"
    (incidents / "checkout.md").write_text(OPEN_INCIDENT)
    (incidents / name).write_bytes(b"\x0bJane Doe\x00" * 4)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert (
        f"content/incidents/{said}\n"
        "    hint: remove it: an editor or file manager left it there, it is no incident\n"
    ) in result.output
    assert "1 problem in 1 file" in result.output  # not read as an incident, nor its name


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        (
            "checkout.md.txt",
            "checkout.md is there already: merge what it adds into that file, or rename it "
            "to another name ending in .md",
        ),
        (
            "checkout.md.orig",
            "remove it if it is a backup copy of checkout.md; else checkout.md is there "
            "already: merge what it adds into that file, or rename it to another name "
            "ending in .md",
        ),
    ],
)
def test_a_file_is_never_told_to_replace_the_incident_it_is_named_after(
    site: Path, name: str, hint: str
) -> None:
    # Renamed as the name says, the file would silently replace another incident.
    incidents = site / "content" / "incidents"
    (incidents / "checkout.md").write_text(INCIDENT)
    (incidents / name).write_text(OPEN_INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert f"hint: {hint}\n" in result.output
    assert "rename it to checkout.md\n" not in result.output


@pytest.mark.parametrize("side", ["BACKUP", "BASE", "LOCAL", "REMOTE"])
def test_a_copy_git_mergetool_left_of_an_incident_is_told_to_be_removed(
    site: Path, side: str
) -> None:
    # Current git names its copies checkout_LOCAL_4242.md: a name ending in .md, which
    # read would publish the incident twice, and renamed as told before, too.
    incidents = site / "content" / "incidents"
    (incidents / "checkout.md").write_text(INCIDENT)
    name = f"checkout_{side}_4242.md"
    (incidents / name).write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert (
        f"content/incidents/{name}: not read: a copy git mergetool left beside an incident\n"
        "    hint: remove it if it is a backup copy of checkout.md; else checkout.md is there "
        "already: merge what it adds into that file, or rename it to another name ending "
        "in .md\n"
    ) in result.output
    assert "1 problem in 1 file" in result.output  # no complaint about its name as a slug


# A file that does not start as an incident file does is more likely notes, an image or an
# editor's file than an incident: renamed, it would only be an incident without front
# matter. The hint says what the folder offers for keeping other files.
NOT_INCIDENTS = [
    ("notes.txt", b"Call the vendor about the DNS outage.\n", "notes.md"),
    ("graph.png", b"\x89PNG\r\n\x1a\n", "graph.md"),
    ("checkout.md.swp", b"b0VIM 9.0\x00\x00", "checkout.md"),
]


@pytest.mark.parametrize(
    ("name", "data", "fixed"), NOT_INCIDENTS, ids=[n for n, *_ in NOT_INCIDENTS]
)
def test_a_file_that_is_no_incident_is_told_where_other_files_go(
    site: Path, name: str, data: bytes, fixed: str
) -> None:
    (site / "content" / "incidents" / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert (
        f"hint: if it is an incident, rename it to {fixed} and give it its front matter; "
        "else move it into a subfolder, or start its name with '.'\n"
    ) in result.output


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_not_named_md_is_reported_after_a_build(site: Path, command: str) -> None:
    # The cache of the first build says every .md file is unchanged.
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    (site / "content" / "incidents" / "checkout.md.txt").write_text(OPEN_INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/incidents/checkout.md.txt: not read" in result.output


@pytest.mark.parametrize(
    "relpath",
    ["2026-11-20-checkout.markdown", "2026-11-20-checkout.MD", "2025/2025-03-01-checkout.md"],
)
def test_a_build_after_a_build_still_reports_the_skipped_file(site: Path, relpath: str) -> None:
    # The usual order: the site was built before, and its cache says every .md file is
    # unchanged. The new file must not be let through because only .md files are compared.
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    path = site / "content" / "incidents" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert f"content/incidents/{relpath}: not read" in result.output


def test_a_file_saved_into_an_existing_subfolder_is_reported(site: Path) -> None:
    # The subfolder was there (with an image) when the site was last built: saving an
    # incident into it changes that folder, not content/incidents itself.
    images = site / "content" / "incidents" / "images"
    images.mkdir()
    (images / "graph.png").write_bytes(b"\\x89PNG")
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    (images / "2026-11-20-checkout.md").write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/incidents/images/2026-11-20-checkout.md: not read" in result.output


@pytest.mark.parametrize(
    ("relpath", "name"),
    [
        ("maintenance/2026-12-03-upgrade.md", "2026-12-03-upgrade.md"),
        ("2026-12-03-upgrade.md", "2026-12-03-upgrade.md"),
        # Moved as they are named, they would be refused for their extension next.
        ("maintenance/2026-12-20-upgrade.MD", "2026-12-20-upgrade.md"),
        ("a/b/upgrade.markdown", "upgrade.md"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_markdown_in_content_outside_the_incidents_is_an_error(
    site: Path, relpath: str, name: str, command: str
) -> None:
    # Only content/incidents/ is read: a window kept in content/maintenance/ would vanish.
    path = site / "content" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert (
        f"content/{relpath}: not read: incidents and maintenance windows outside "
        "content/incidents/ are skipped"
    ) in result.output
    assert (
        f"hint: move it to content/incidents/{name}, where every incident and maintenance "
        "window lives"
    ) in result.output
    assert "No problems found" not in result.output


def test_what_else_content_holds_is_left_alone(site: Path) -> None:
    content = site / "content"
    (content / "monitors.yaml").write_text("[]\n")
    (content / "notes.txt").write_text("not Markdown")
    (content / "README.md").write_text("# How we write incidents\n\nNotes.\n")
    (content / ".draft.md").write_text(INCIDENT)
    (content / ".archive").mkdir()
    (content / ".archive" / "2025-01-01-old.md").write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output


def test_a_misnamed_incidents_folder_is_reported_once(site: Path) -> None:
    # Its own error says to move what it holds; one per file would only repeat it.
    folder = site / "content" / "incident"
    folder.mkdir()
    (folder / "2026-11-20-checkout.md").write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/incident: not read: statusgen reads the folder content/incidents" in (
        result.output
    )
    assert "content/incident/2026-11-20-checkout.md" not in result.output


def test_markdown_saved_into_an_existing_folder_of_content_is_reported(site: Path) -> None:
    # The folder was there when the site was last built: saving a window into it
    # changes that folder, not content/ itself, and the cache says nothing else changed.
    notes = site / "content" / "maintenance"
    notes.mkdir()
    (notes / "plan.txt").write_text("not Markdown")
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    (notes / "2026-12-03-upgrade.md").write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/maintenance/2026-12-03-upgrade.md: not read" in result.output


def test_a_note_in_content_turned_into_an_incident_is_reported(site: Path) -> None:
    # A README.md is no incident; the same file given front matter is one the build
    # skips, and a cached build must see the change of its bytes alone.
    note = site / "content" / "README.md"
    note.write_text("Notes.\n")
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    note.write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/README.md: not read" in result.output


def test_a_note_opening_with_a_horizontal_rule_is_left_alone(site: Path) -> None:
    # Prose between two `---` lines is no incident's front matter: it gives no title.
    (site / "content" / "README.md").write_text(
        "---\n\nNotes for editors: components live in components.yaml.\n\n---\n\nAsk first.\n"
    )
    (site / "content" / "RULES.md").write_text("---\n\nOne rule, never closed.\n")
    for command in ("check", "build"):
        result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
        assert 0 == result.exit_code, result.output
        assert "not read" not in result.output


def test_windows_in_a_folder_linked_into_content_are_reported(site: Path, tmp_path: Path) -> None:
    # Kept in a shared folder and linked in: lost as surely as in a real content/maintenance/.
    shared = tmp_path / "shared" / "maintenance"
    shared.mkdir(parents=True)
    (shared / "2026-12-03-upgrade.md").write_text(INCIDENT)
    (site / "content" / "maintenance").symlink_to(shared, target_is_directory=True)
    # A link back to content/ or into content/incidents/ holds nothing new, and is no loop.
    (site / "content" / "again").symlink_to(site / "content", target_is_directory=True)
    (site / "content" / "current").symlink_to(
        site / "content" / "incidents", target_is_directory=True
    )
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 1 == result.exit_code, result.output
    assert "content/maintenance/2026-12-03-upgrade.md: not read" in result.output
    assert "content/current/" not in result.output
    assert result.output.count("not read") == 1, result.output


@pytest.mark.parametrize("command", [["check"], ["build", "--now", NOW], ["build", "--no-cache"]])
def test_an_incident_file_whose_name_is_not_utf8_is_reported_by_check_and_build(
    site: Path, command: list[str]
) -> None:
    # As copied from a Latin-1 machine and read under a UTF-8 locale (PEP 383).
    name = os.fsdecode(b"2026-11-20-caf\xe9.md")
    (site / "content" / "incidents" / name).write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), *command])
    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot be used as a page address" in result.output


@pytest.mark.parametrize("folder", ["incidents", "maintenance"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_incident_in_a_folder_beside_content_is_a_warning(
    site: Path, folder: str, command: str
) -> None:
    # An incidents/ made by hand at the site's top, next to content/: the open outage in
    # it would vanish from the page, a cached build's too. Said with its line, but no
    # error: other tools keep their pages in such folders, and a deploy must go on.
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW])
    assert 0 == first.exit_code, first.output
    (site / folder).mkdir()
    (site / folder / "2026-11-20-checkout.md").write_text(INCIDENT)
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert (
        f"{folder}/2026-11-20-checkout.md:3: warning: looks like an incident but is not read: "
        "incidents and maintenance windows outside content/incidents/ are skipped"
    ) in result.output
    assert "hint: move it to content/incidents/2026-11-20-checkout.md" in result.output


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Checkout down\n---\nLooking.\n\n## Investigating at 2026-11-20 10:00\n", 6),
        ("---\ntitle: DB upgrade\nscheduled_for: 2026-12-03 02:00\n---\n", 3),
    ],
    ids=["update-heading", "window-key"],
)
def test_what_reads_as_an_incident_beside_content_is_told_at_its_line(
    site: Path, text: str, line: int
) -> None:
    (site / "incidents").mkdir()
    (site / "incidents" / "x.md").write_text(text)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert f"incidents/x.md:{line}: warning: looks like an incident but is not read" in (
        result.output
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_page_of_another_tool_beside_content_is_left_alone(site: Path, command: str) -> None:
    # A Jekyll page about the team's incident process: a title, but nothing of an incident.
    (site / "incidents").mkdir()
    (site / "incidents" / "index.md").write_text(
        "---\nlayout: page\ntitle: Incident process\n---\nOur process.\n\n## Resolved issues\n"
    )
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert "incidents/index.md" not in result.output


def test_an_incident_linked_into_content_from_a_folder_beside_it_is_read(site: Path) -> None:
    (site / "incidents").mkdir()
    (site / "incidents" / "2026-11-20-checkout.md").write_text(INCIDENT)
    link = site / "content" / "incidents" / "2026-11-20-checkout.md"
    link.symlink_to("../../incidents/2026-11-20-checkout.md")
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert "not read" not in result.output


@pytest.mark.parametrize("command", ["check", "build"])
def test_components_beside_content_are_a_warning(site: Path, command: str) -> None:
    (site / "components.yaml").write_text((site / "content" / "components.yaml").read_text())
    line = next(
        n
        for n, text in enumerate((site / "components.yaml").read_text().splitlines(), 1)
        if text.startswith("- ")
    )
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert (
        f"components.yaml:{line}: warning: looks like statusgen's components.yaml but is not "
        "read: statusgen reads the file content/components.yaml"
    ) in result.output


def test_monitors_beside_content_are_a_warning(site: Path) -> None:
    (site / "monitors.yaml").write_text(
        "# probes\n- id: site\n  component: api\n  type: http\n  url: https://example.org\n"
    )
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert "monitors.yaml:2: warning: looks like statusgen's monitors.yaml but is not read" in (
        result.output
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Gatus' configuration, named as statusgen's monitors file.
        ("monitors.yaml", "endpoints:\n  - name: website\n    url: https://example.org\n"),
        ("monitors.yaml", "- name: website\n  type: http\n  url: https://example.org\n"),
        ("components.yaml", "- name: frontend\n  path: src/components\n"),
        ("components.yaml", "not: [valid"),
    ],
    ids=["gatus", "no-component", "other-list", "unparsable"],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_another_tools_file_beside_content_is_left_alone(
    site: Path, name: str, text: str, command: str
) -> None:
    (site / name).write_text(text)
    result = CliRunner().invoke(cli, ["-C", str(site), command, "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert f"{name}:" not in result.output.replace(f"content/{name}", "")


def test_other_folders_beside_content_are_left_alone(site: Path) -> None:
    # Documentation, CI and theme folders hold Markdown of their own, never incidents.
    for folder in ("docs", ".github", "static", "themes"):
        (site / folder).mkdir(exist_ok=True)
        (site / folder / "2026-11-20-checkout.md").write_text(INCIDENT)
    # A link to the folder read is that folder.
    (site / "incidents").symlink_to(site / "content" / "incidents", target_is_directory=True)
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert "warning" not in result.output


def test_an_editors_temporary_copy_gone_once_read_is_no_error(site: Path) -> None:
    # `sed -i` writes sedXXXXXX and renames it over the incident: a build that listed the
    # folder just before the rename flashed "not read" in serve's page.
    from statusgen.layout import list_incident_folder
    from statusgen.validate import check_site

    incident = site / "content" / "incidents" / "2026-11-20-checkout.md"
    incident.write_text(INCIDENT)
    temporary = incident.with_name("sedaipGTQ")
    temporary.write_text(INCIDENT.replace("Fixed.", "Fixed by a restart."))
    listed = list_incident_folder(site)
    assert ["sedaipGTQ"] == listed.others
    temporary.replace(incident)

    diagnostics = check_site(site, listed=listed)[1]

    assert [] == [d for d in diagnostics if "sedaipGTQ" in d.path]


def test_an_editors_temporary_copy_renamed_within_a_moment_is_no_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.validate import unread_files

    incident = site / "content" / "incidents" / "2026-11-20-checkout.md"
    incident.write_text(INCIDENT)
    temporary = incident.with_name("sedaipGTQ")
    temporary.write_text(INCIDENT)
    misnamed = incident.with_name("2026-11-21-api.markdown")
    misnamed.write_text(INCIDENT)
    # The editor finishes while the check waits for what vanishes; a misnamed file stays.
    monkeypatch.setattr(time, "sleep", lambda seconds: temporary.replace(incident))

    problems = unread_files(site, ["2026-11-21-api.markdown", "sedaipGTQ"])

    assert ["content/incidents/2026-11-21-api.markdown"] == [d.path for d in problems]
