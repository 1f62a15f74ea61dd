"""A content input that is a symbolic link out of the site is refused, as in themes/:
a build reads nothing outside the site, and publishes nothing from there."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT, INCIDENT_PATH, SETTINGS, pin_clock, write_site

from statusgen.cli import cli

NOW = "2026-11-22T18:00:00Z"
SECRET = "outside-secret-words"
CATALOG = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


def move_out(root: Path, relpath: str, outside: Path) -> Path:
    """Move the site's `relpath` out of the site and leave a link to it in its place:
    the same bytes, inode and times, so only the link says it is not the site's."""
    target = outside / relpath.replace("/", "-")
    shutil.move(root / relpath, target)
    (root / relpath).symlink_to(target)
    return target


# What a site links out: (its relative path, what the site holds there).
LINKED = [
    ("statusgen.yaml", {}),
    ("content/components.yaml", {}),
    (INCIDENT_PATH, {}),
    ("content/incidents", {}),
    ("content/monitors.yaml", {"content/monitors.yaml": "[]\n"}),
    (
        "translations/de.po",
        {"statusgen.yaml": SETTINGS + "language: de\n", "translations/de.po": CATALOG},
    ),
]


@pytest.mark.parametrize(("relpath", "files"), LINKED, ids=[r for r, _ in LINKED])
def test_a_content_input_linked_out_of_the_site_is_refused(
    tmp_path: Path, relpath: str, files: dict[str, str | bytes | None]
) -> None:
    root = write_site(tmp_path / "site", files)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = move_out(root, relpath, outside)
    for command in (["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert 1 == code, output
        assert f"{relpath}: a symbolic link to {target}" in output
        assert "outside the site" in output
    assert not (root / "public").exists()


def test_a_content_folder_linked_out_of_the_site_is_one_error(tmp_path: Path) -> None:
    # Not one for each file read through it, nor for a monitors.yaml that is not there.
    root = write_site(tmp_path / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = move_out(root, "content", outside)
    expected = [
        f"content: a symbolic link to {target}, outside the site",
        "    hint: copy the folder into the site instead; links may only point inside it",
        "1 problem in 1 file",
    ]
    for command in (["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert (1, expected) == (code, output.splitlines()[:3])


# Where the site expects an input, a link to itself (`ln -s content content`): named, as
# check and build both say it, never "file not found" nor a traceback.
LOOPING = [
    ("statusgen.yaml", "file"),
    ("content", "folder"),
    ("content/components.yaml", "file"),
    ("content/incidents", "folder"),
    (INCIDENT_PATH, "file"),
    ("static", "folder"),
    ("themes", "folder"),
]


@pytest.mark.parametrize(("relpath", "kind"), LOOPING, ids=[r for r, _ in LOOPING])
def test_an_input_that_is_a_looping_link_is_named(tmp_path: Path, relpath: str, kind: str) -> None:
    root = write_site(tmp_path / "site")
    (root / "static").mkdir()
    (root / "themes").mkdir()
    path = root / relpath
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(path.name)
    expected = [
        f"{relpath}: a symbolic link that loops",
        f"    hint: point the link at the {kind} it stands for, or put the {kind} itself in "
        "its place",
        "1 problem in 1 file",
    ]
    for command in (["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert (1, expected) == (code, output.splitlines()[:3])


# Where the site reads a file, a link to one that is not there (`ln -s gone.html
# custom.html`): named once, with where it points, never "file not found" nor "No such file".
DANGLING = [
    "statusgen.yaml",
    "content/components.yaml",
    INCIDENT_PATH,
    "themes/templates/custom.html",
    "themes/static/site.css",
    "static/robots.txt",
]


@pytest.mark.parametrize("relpath", DANGLING)
def test_an_input_that_is_a_link_to_nothing_is_named_once(tmp_path: Path, relpath: str) -> None:
    root = write_site(tmp_path / "site")
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    target = f"gone{path.suffix}"
    path.symlink_to(target)
    # In a theme's or static folder, a link may stand for a folder as well.
    kind = "file or folder" if "/templates/" in relpath or "static/" in relpath else "file"
    expected = [
        f"{relpath}: a symbolic link to {target}, which does not exist",
        f"    hint: point the link at the {kind} it stands for, or remove it",
        "1 problem in 1 file",
    ]
    for command in (["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert (1, expected) == (code, output.splitlines()[:3]), output
    assert not (root / "public").exists()


def test_the_theme_in_use_a_looping_link_is_named_once(tmp_path: Path) -> None:
    # Not also "theme not found ... this site has no themes", nor once per listing of it.
    root = write_site(tmp_path / "site")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text() + "theme: mytheme\n")
    (root / "themes").mkdir()
    (root / "themes" / "mytheme").symlink_to("mytheme")
    for command in (["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert 1 == code, output
        assert 1 == output.count("a symbolic link that loops"), output
        assert "not found" not in output
        assert output.startswith("themes/mytheme: a symbolic link that loops")


def test_a_looping_link_the_site_does_not_read_is_left_alone(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    (root / "stale").symlink_to("stale")
    (root / "content" / "stale").symlink_to("stale")
    for command in (["check"], ["build", "--now", NOW], ["build", "--no-cache", "--now", NOW]):
        code, output = run(root, *command)
        assert 0 == code, output
    assert (root / "public" / "status.json").is_file()


def test_a_looping_cache_folder_builds_without_the_cache(tmp_path: Path) -> None:
    # An unusable cache never stops a build: it says so, and renders everything.
    root = write_site(tmp_path / "site")
    (root / ".statusgen-cache").symlink_to(".statusgen-cache")
    for _ in range(2):
        code, output = run(root, "build", "--now", NOW)
        assert 0 == code, output
        assert (
            f"Warning: cannot write {root / '.statusgen-cache'}: a symbolic link that loops; "
            "builds will not be incremental" in output
        )
    assert (root / "public" / "status.json").is_file()


@pytest.mark.parametrize("relpath", [INCIDENT_PATH, "content/incidents"])
def test_a_link_out_made_after_a_build_is_refused_by_the_next(tmp_path: Path, relpath: str) -> None:
    # The cache of the first build knows the file by its stat, which the link keeps.
    root = write_site(tmp_path / "site")
    assert 0 == run(root, "build", "--now", NOW)[0]
    outside = tmp_path / "outside"
    outside.mkdir()
    move_out(root, relpath, outside)
    for command in (["build", "--now", NOW], ["check"], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert 1 == code, output
        assert f"{relpath}: a symbolic link to " in output


def test_an_incident_linked_out_is_not_published_nor_shown(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    secret = tmp_path / "outside.md"
    secret.write_text(
        f"---\ntitle: {SECRET}\nstatus: resolved\n---\n## Resolved at 2026-11-21 10:00\n{SECRET}\n",
        encoding="utf-8",
    )
    (root / "content/incidents/2026-11-21-leak.md").symlink_to(secret)
    code, output = run(root, "build", "--now", NOW)
    assert 1 == code, output
    assert SECRET not in output
    assert not (root / "public").exists()
    code, output = run(root, "check")
    assert 1 == code
    assert SECRET not in output


def test_links_that_stay_inside_the_site_are_read(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    kept = root / "drafts"
    kept.mkdir()
    shutil.move(root / INCIDENT_PATH, kept / "incident.md")
    (root / INCIDENT_PATH).symlink_to("../../drafts/incident.md")
    shutil.move(root / "content/components.yaml", kept / "components.yaml")
    (root / "content/components.yaml").symlink_to("../drafts/components.yaml")
    code, output = run(root, "build", "--now", NOW)
    assert 0 == code, output
    slug = Path(INCIDENT_PATH).stem
    assert (root / "public" / "incidents" / slug / "index.html").exists()


# The inputs a site may leave out, each as a link into a folder that is then moved away
# (`shared/` on another disk not mounted): (path, the files beside it, the kind expected).
MONITORS = "- id: m\n  component: api\n  type: heartbeat\n"
OPTIONAL = [
    ("content/monitors.yaml", {}, "file"),
    ("data/monitors/m.json", {"content/monitors.yaml": MONITORS}, "file"),
    ("translations/de.po", {"statusgen.yaml": SETTINGS + "language: de\n"}, "file"),
    ("static", {}, "folder"),
    ("themes", {}, "folder"),
]


@pytest.mark.parametrize(("relpath", "files", "kind"), OPTIONAL, ids=[r for r, _, _ in OPTIONAL])
def test_an_optional_input_linked_to_nothing_is_no_input_left_out(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    relpath: str,
    files: dict[str, str | bytes | None],
    kind: str,
) -> None:
    # Read as "no monitors", monitors.yaml gone with the disk it is on turned a measured
    # outage green while `check` said "No problems found".
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS, **files})
    now = datetime.fromisoformat(NOW)
    pin_clock(monkeypatch, now)
    for at in ("17:40", "17:50"):
        assert 0 == run(root, "record", "m", "--down", "--at", f"2026-11-22T{at}:00Z")[0]
    if relpath == "translations/de.po":
        (root / relpath).parent.mkdir()
        (root / relpath).write_text(CATALOG, encoding="utf-8")
    elif kind == "folder":
        (root / relpath / "templates").mkdir(parents=True)
    shared = root / "shared"
    shared.mkdir()
    shutil.move(root / relpath, shared / Path(relpath).name)
    target = Path(os.path.relpath(shared, (root / relpath).parent)) / Path(relpath).name
    (root / relpath).symlink_to(target)
    assert 0 == run(root, "build", "--now", NOW)[0]  # the cache knows it as it was
    shutil.rmtree(shared)
    expected = [
        f"{relpath}: a symbolic link to {target}, which does not exist",
        f"    hint: point the link at the {kind} it stands for, or remove it",
    ]
    for command in (["check"], ["build", "--now", NOW], ["status", "--now", NOW]):
        code, output = run(root, *command)
        assert (1, expected) == (code, output.splitlines()[:2]), (command, output)
        assert 1 == output.count("which does not exist"), output


MONITOR_DATA = '{"version": 1, "monitor": "m", "pruned_before": null, "runs": [], "days": []}\n'
# What a site may link into its output folder: (its relative path, what the site holds).
INTO_OUTPUT = [
    *LINKED[1:3],
    LINKED[4],
    (
        "data/monitors/m.json",
        {"content/monitors.yaml": MONITORS, "data/monitors/m.json": MONITOR_DATA},
    ),
    LINKED[5],
]


@pytest.mark.parametrize(("relpath", "files"), INTO_OUTPUT, ids=[r for r, _ in INTO_OUTPUT])
@pytest.mark.parametrize("into", ["public", "elsewhere"])
def test_an_input_linked_into_the_output_folder_is_refused(
    tmp_path: Path, relpath: str, files: dict[str, str | bytes | None], into: str
) -> None:
    # Each build replaces its output folder: the input would be deleted by the next one.
    root = write_site(tmp_path / "site", files)
    option = [] if into == "public" else ["-o", str(root / into)]
    assert 0 == run(root, "build", "--now", NOW, *option)[0]
    target = root / into / "x"
    shutil.move(root / relpath, target)
    (root / relpath).symlink_to(os.path.relpath(target, (root / relpath).parent))
    commands = [["build", "--now", NOW, *option]] + ([["check"]] if into == "public" else [])
    for command in commands:
        code, output = run(root, *command)
        assert 1 == code, output
        assert f"{relpath}: a symbolic link to {into}/x, inside the output folder {into}/" in output
        assert "move the file out of the output folder" in output
    assert target.is_file()


def test_a_link_naming_the_sites_folder_with_lowercase_escapes_is_kept_and_checked(
    tmp_path: Path,
) -> None:
    # base_url spells the folder `st%C3%BCs%20a`; a link written `st%c3%bcs%20a` names the
    # same folder (a server decodes both alike), and was given it twice (/st%C3%BCs%20a/
    # st%c3%bcs%20a/incidents/…, a 404) while check said nothing of a missing slug there.
    settings = SETTINGS.replace("https://status.example.com", "https://example.org/st%C3%BCs%20a/")
    message = (
        "See [that one](/st%c3%bcs%20a/incidents/2026-11-20-checkout-errors/)"
        " and [a missing one](/st%c3%bcs%20a/incidents/zz-miss/).\n"
    )
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    text = (
        "---\ntitle: Linking\nstatus: resolved\ncomponents:\n  api: degraded_performance\n---\n"
        f"{message}\n## Resolved at 2026-11-21 10:00\nDone.\n"
    )
    (root / "content/incidents/2026-11-21-linking.md").write_text(text)
    (root / INCIDENT_PATH).write_text(
        "---\ntitle: Checkout errors\nstatus: resolved\ncomponents:\n  api: partial_outage\n"
        "---\nSome payments failed.\n\n## Resolved at 2026-11-20 15:12\nAll good again.\n"
    )

    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", "2026-11-22T18:00:00Z"])

    assert 0 == built.exit_code, built.output
    page = (root / "public/incidents/2026-11-21-linking/index.html").read_text()
    assert 'href="/st%C3%BCs%20a/incidents/2026-11-20-checkout-errors/"' in page
    assert 'href="/st%C3%BCs%20a/incidents/zz-miss/"' in page
    assert "st%c3%bcs" not in page
    assert (
        "content/incidents/2026-11-21-linking.md:7:90: warning: this link leads to "
        "incidents/zz-miss/, a page the site does not have"
    ) in checked.output
    assert "checkout-errors/, a page" not in checked.output


def test_a_full_url_naming_the_sites_folder_in_any_spelling_is_checked(tmp_path: Path) -> None:
    # A full URL with base_url's host names the site's folder `st%C3%BCs%20a` as well with
    # lowercase escapes or unescaped (`<…stüs a/…>`): the page links each to the draft's
    # address, and check, comparing the folder case by case, said nothing of them.
    settings = SETTINGS.replace("https://status.example.com", "https://example.org/st%C3%BCs%20a/")
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    (root / "content/incidents/2026-11-10-draft.md").write_text(
        "---\ntitle: Secret\ndraft: true\nstatus: investigating\ncomponents:\n"
        "  api: major_outage\n---\n## Investigating at 2026-11-10 10:00\nDraft text.\n"
    )
    (root / "content/incidents/2026-11-21-linking.md").write_text(
        "---\ntitle: Linking\nstatus: resolved\ncomponents:\n  api: degraded_performance\n---\n"
        "A [d2](https://example.org/st%c3%bcs%20a/incidents/2026-11-10-draft/)\n\n"
        "B [d4](<https://example.org/stüs a/incidents/2026-11-10-draft/>)\n\n"
        "C [gone](https://example.org/st%c3%bcs%20a/incidents/nope2/)\n\n"
        "## Resolved at 2026-11-21 10:00\nDone.\n"
    )

    code, checked = run(root, "check")
    built, _ = run(root, "build", "--now", NOW)

    assert 0 == code, checked
    assert 0 == built
    page = (root / "public/incidents/2026-11-21-linking/index.html").read_text()
    assert 'href="https://example.org/st%C3%BCs%20a/incidents/2026-11-10-draft/"' in page
    assert 'href="https://example.org/st%c3%bcs%20a/incidents/2026-11-10-draft/"' in page
    path = "content/incidents/2026-11-21-linking.md"
    draft = "this link leads to incidents/2026-11-10-draft/, the page of a draft"
    assert f"{path}:7:8: warning: {draft}" in checked
    assert f"{path}:9:9: warning: {draft}" in checked
    assert (
        f"{path}:11:10: warning: this link leads to incidents/nope2/, a page the site does not have"
    ) in checked


def test_a_reference_links_address_is_pointed_at_where_it_is_written(tmp_path: Path) -> None:
    """A link definition's address is told at its own column, as an inline link's is: after
    the definition's label, its `<`, its quote's markers, or on the line below the label."""
    root = write_site(tmp_path)
    (root / "content/incidents/2026-11-21-linking.md").write_text(
        "---\ntitle: Linking\nstatus: resolved\ncomponents:\n  api: degraded_performance\n---\n"
        "Ref [e][r], [f][q] and [g][s].\n\n"
        "[r]: ../zz-one/\n"
        "> [q]:  <../zz-two/>\n"
        "[s]:\n   ../zz-three/\n\n"
        "## Resolved at 2026-11-21 10:00\nDone.\n"
    )

    code, checked = run(root, "check")

    assert 0 == code, checked
    path = "content/incidents/2026-11-21-linking.md"
    for where, slug in (("9:6", "zz-one"), ("10:10", "zz-two"), ("12:4", "zz-three")):
        assert (
            f"{path}:{where}: warning: this link leads to incidents/{slug}/, a page the site "
            "does not have"
        ) in checked, checked


def test_a_renamed_incidents_old_address_kept_by_a_static_page_is_published(
    tmp_path: Path,
) -> None:
    # docs/content.md keeps a renamed incident's old address with a page in static/; check
    # said a link to it led to a page the site does not have. Several links on one line
    # were all told at column 1, and a one-letter typo was offered no name.
    root = write_site(tmp_path)
    moved = root / "static/incidents/2026-11-18-checkout-failing"
    moved.mkdir(parents=True)
    (moved / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../2026-11-20-checkout-errors/">\n'
    )
    (root / "content/incidents/2026-11-21-linking.md").write_text(
        "---\ntitle: Linking\nstatus: resolved\ncomponents:\n  api: degraded_performance\n---\n"
        "See [old](/incidents/2026-11-18-checkout-failing/), "
        "[typo](/incidents/2026-11-20-checkout-error/) and [gone](/incidents/zz-miss/).\n\n"
        "## Resolved at 2026-11-21 10:00\nDone.\n"
    )

    code, checked = run(root, "check")
    built, _ = run(root, "build", "--now", NOW)

    assert 0 == code, checked
    assert 0 == built
    assert (root / "public/incidents/2026-11-18-checkout-failing/index.html").is_file()
    assert "2026-11-18-checkout-failing/, a page" not in checked
    path = "content/incidents/2026-11-21-linking.md"
    assert (
        f"{path}:7:60: warning: this link leads to incidents/2026-11-20-checkout-error/, "
        "a page the site does not have"
    ) in checked
    assert (
        "hint: did you mean '2026-11-20-checkout-errors'? correct the name to one of the "
        "files in content/incidents/"
    ) in checked
    assert (
        f"{path}:7:110: warning: this link leads to incidents/zz-miss/, a page the site does "
        "not have"
    ) in checked


DRAFT = """\
---
title: Draft secret words
draft: true
status: investigating
components: {checkout: major_outage}
---
## Investigating at 2026-11-21 09:00
Draft secret words.
"""
PAGES = (
    SETTINGS
    + """\
pages:
  public:
    base_url: https://status.example.com/
    output: out-public
  internal:
    base_url: https://internal.example.com/
    output: out-internal
    private: true
"""
)
# The cache folder, or a folder in it, linked elsewhere: (the link, where it leads from the
# site, the settings). Into static/, the next build would publish what the cache keeps
# (drafts' and internal-only incidents' parse results); out of the site, a build would
# write there.
CACHE_LINKS = [
    (".statusgen-cache", "static/c", SETTINGS),
    (".statusgen-cache", "../outside", SETTINGS),
    (".statusgen-cache/pages", "../outside", PAGES),
    (".statusgen-cache/pages/internal", "static/leak", PAGES),
]


@pytest.mark.parametrize(
    ("link", "target", "settings"),
    CACHE_LINKS,
    ids=[f"{link}->{to}" for link, to, _ in CACHE_LINKS],
)
def test_a_linked_cache_folder_is_refused_and_nothing_is_written_through_it(
    tmp_path: Path, link: str, target: str, settings: str
) -> None:
    root = write_site(
        tmp_path / "site",
        {"statusgen.yaml": settings, "content/incidents/2026-11-21-draft.md": DRAFT},
    )
    (root / target).mkdir(parents=True)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(os.path.relpath(root / target, (root / link).parent))
    shown = os.path.relpath(os.path.realpath(root / target), os.path.realpath(root))
    shown = shown if not shown.startswith("..") else os.path.realpath(root / target)
    for command in (["check"], ["build", "--now", NOW], ["build", "--now", NOW]):
        code, output = run(root, *command)
        assert 1 == code, output
        assert (
            f"{link}: a symbolic link to {shown}; statusgen keeps its cache in a real folder"
            " inside the site" in output
        ), output
        assert f"hint: remove the link (`rm {link}`) and build again" in output
    assert [] == os.listdir(root / target)
    for output_folder in ("public", "out-public", "out-internal"):
        assert not (root / output_folder).exists()


def test_record_refuses_a_linked_cache_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It takes its lock in the cache folder, without reading the site as check does: the
    # lock file would be made wherever the link leads, out of the site or into static/.
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS})
    pin_clock(monkeypatch, datetime.fromisoformat(NOW))
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".statusgen-cache").symlink_to(outside)
    code, output = run(root, "record", "m", "--down", "--at", "2026-11-22T17:50:00Z")
    assert 1 == code, output
    assert ".statusgen-cache: a symbolic link to " in output, output
    # The fix named the command: record was told to "build again".
    assert "hint: remove the link (`rm .statusgen-cache`) and run the command again" in output
    assert [] == os.listdir(outside)


@pytest.mark.parametrize(
    ("command", "then", "again"),
    [
        (["record", "m", "--down"], "nothing was recorded", "run the command again"),
        (["notify"], "nothing was sent", "run notify again"),
    ],
)
def test_record_and_notify_say_a_file_in_the_cache_folders_place_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], then: str, again: str
) -> None:
    # They said "monitors.lock: cannot write the lock ...: File exists" with "fix the
    # problem", where build names the file as not a folder and says to delete it.
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS})
    pin_clock(monkeypatch, datetime.fromisoformat(NOW))
    (root / ".statusgen-cache").write_bytes(b"")

    code, output = run(root, *command)

    assert 1 == code, output
    assert f".statusgen-cache: not a folder; {then}" in output, output
    assert (
        f"hint: delete it (`rm .statusgen-cache`; a build makes the folder anew) and {again}"
        in (output)
    )
    assert "File exists" not in output
    assert not (root / "data").exists()
    assert b"" == (root / ".statusgen-cache").read_bytes()


@pytest.mark.parametrize(
    ("command", "then", "again"),
    [
        (["record", "m", "--down"], "nothing was recorded", "run the command again"),
        (["notify"], "nothing was sent", "run notify again"),
    ],
)
def test_record_and_notify_say_a_looping_cache_folder_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], then: str, again: str
) -> None:
    # They said "monitors.lock: cannot write the lock ...: File exists" (the cache folder
    # "File exists"), with "fix the problem": nothing named the link, nor how to fix it.
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS})
    pin_clock(monkeypatch, datetime.fromisoformat(NOW))
    (root / ".statusgen-cache").symlink_to(".statusgen-cache")

    code, output = run(root, *command)

    assert 1 == code, output
    assert f".statusgen-cache: a symbolic link that loops; {then}" in output, output
    assert f"hint: remove the link (`rm .statusgen-cache`) and {again}" in output, output
    assert "File exists" not in output
    assert not (root / "data").exists()


def test_a_link_on_a_cache_file_is_replaced_by_the_file(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    (root / "static").mkdir()
    (root / ".statusgen-cache").mkdir()
    (root / ".statusgen-cache" / "parsed.pickle").symlink_to("../static/parsed.pickle")
    for _ in range(2):
        code, output = run(root, "build", "--now", NOW)
        assert 0 == code, output
    assert not (root / ".statusgen-cache" / "parsed.pickle").is_symlink()
    assert not (root / "public" / "parsed.pickle").exists()


def test_an_incident_subfolder_linked_out_is_told_as_a_link_out(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2026-11-20-leak.md").write_text(INCIDENT, encoding="utf-8")
    (root / "content/incidents/sub").symlink_to(outside)
    code, output = run(root, "check")
    assert 1 == code, output
    assert f"content/incidents/sub: a symbolic link to {outside}, outside the site" in output
    assert "copy the folder into the site instead" in output
    assert "move it to" not in output
