"""The site's static/ folder: copied to the output root as it is (a custom domain's CNAME)."""

from __future__ import annotations

import base64
import errno
import os
import shutil
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from unicodedata import normalize

import pytest
from click.testing import CliRunner
from sitefiles import INIT_NOW, KEY_BODY, SETTINGS, init_site, run_build, tree, write_site

from statusgen.cli import cli

NOW = INIT_NOW
LATER = "2026-11-22T19:41:00Z"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = init_site(tmp_path / "site")
    return root


def build(root: Path, *args: str) -> tuple[int, str]:
    result = run_build(root, "--quiet", *args, now=NOW)
    return result.exit_code, result.output


def test_static_cname_reaches_the_output_root_and_survives_rebuilds(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static" / "CNAME").write_bytes(b"status.acme.test\n")
    assert 0 == build(site)[0]
    assert b"status.acme.test\n" == (site / "public" / "CNAME").read_bytes()
    assert 0 == build(site)[0]  # nothing changed: still there
    assert b"status.acme.test\n" == (site / "public" / "CNAME").read_bytes()


def test_static_subfolders_keep_their_paths_and_bytes(site: Path) -> None:
    image = bytes(range(256))
    (site / "static" / "images").mkdir(parents=True)
    (site / "static" / "images" / "diagram.png").write_bytes(image)
    assert 0 == build(site)[0]
    assert image == (site / "public" / "images" / "diagram.png").read_bytes()


def test_a_file_added_to_static_after_a_build_is_copied_by_the_next(site: Path) -> None:
    assert 0 == build(site)[0]
    (site / "static").mkdir()
    (site / "static" / "robots-verification.txt").write_text("token\n")
    assert 0 == build(site)[0]
    assert "token\n" == (site / "public" / "robots-verification.txt").read_text()
    (site / "static" / "robots-verification.txt").unlink()
    assert 0 == build(site)[0]
    assert not (site / "public" / "robots-verification.txt").exists()


def test_a_static_file_that_would_replace_a_page_is_an_error(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static" / "index.html").write_text("<p>mine</p>")
    code, output = build(site)
    assert 1 == code
    assert "static/index.html: would replace the file statusgen writes at index.html" in output
    assert "hint:" in output


def test_build_tells_a_static_file_that_collides_with_a_content_error(site: Path) -> None:
    # `check` listed both; the build told the content error alone, and the static file
    # only in the run after its fix.
    (site / "static").mkdir()
    (site / "static" / "status.json").write_text("{}")
    (site / "content" / "incidents" / "2026-11-30-Queue.md").write_text(
        "---\ntitle: Queue\nstatus: investigating\ncomponents:\n  api: degraded_performance\n"
        "---\n## Investigating at 2026-11-21 10:00 +00:00\nSlow.\n"
    )
    checked = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])

    code, output = build(site)

    assert 1 == code
    told = [line for line in output.splitlines() if not line.startswith(" ")]
    assert [
        "content/incidents/2026-11-30-Queue.md: file name '2026-11-30-Queue' cannot be used "
        "as a page address",
        "static/status.json: would replace the file statusgen writes at status.json",
    ] == told[:2]
    assert checked.output.splitlines()[:-1] == output.splitlines()[:-1]


def test_a_static_file_is_not_listed_in_the_sitemap(site: Path) -> None:
    (site / "static" / "google1234").mkdir(parents=True)
    (site / "static" / "google1234" / "index.html").write_text("verification")
    assert 0 == build(site)[0]
    assert "google1234" not in (site / "public" / "sitemap.xml").read_text()


def test_the_output_folder_may_not_be_inside_static(site: Path) -> None:
    (site / "static").mkdir()
    code, output = build(site, "-o", str(site / "static" / "out"))
    assert 1 == code
    assert "inside static/" in output


@pytest.mark.parametrize(
    ("option", "label", "fix"),
    [
        (True, "-o/--output:", "pass -o a folder of its own"),
        (False, "statusgen.yaml:", "set `output:`"),
    ],
)
def test_output_folder_problems_name_where_the_folder_came_from(
    site: Path, option: bool, label: str, fix: str
) -> None:
    if option:
        code, output = build(site, "-o", str(site / "content" / "out"))
    else:
        with (site / "statusgen.yaml").open("a") as settings:
            settings.write("output: content/out\n")
        code, output = build(site)
    assert 1 == code
    assert output.startswith(label)
    assert fix in output


def test_a_cname_written_into_the_output_by_hand_is_named_when_removed(site: Path) -> None:
    assert 0 == build(site)[0]
    (site / "public" / "CNAME").write_text("status.acme.test\n")
    code, output = build(site)
    assert 0 == code
    assert not (site / "public" / "CNAME").exists()  # the build replaces the folder whole
    assert "Warning: removed" in output
    assert "put it in static/CNAME to publish it with every build" in output


@pytest.mark.parametrize("published", [True, False], ids=["static/.well-known", "none"])
def test_each_file_written_by_hand_into_well_known_is_named_when_removed(
    site: Path, published: bool
) -> None:
    # static/.well-known/ publishing a file of its own does not make the others in the
    # output's .well-known/ part of the site: each one the build removes is named, by a
    # cached build too (the folder's time gives the file away).
    if published:
        (site / "static" / ".well-known").mkdir(parents=True)
        (site / "static" / ".well-known" / "atproto-did").write_text("did:plc:abc\n")
    assert 0 == build(site)[0]
    placed = site / "public" / ".well-known" / "security.txt"
    placed.parent.mkdir(exist_ok=True)
    placed.write_text("Contact: mailto:security@acme.test\n")

    result = run_build(site, "--quiet", now=LATER)

    assert 0 == result.exit_code
    assert not placed.exists()
    assert (
        f"Warning: removed {placed}, which is not part of the site; put it in "
        "static/.well-known/security.txt to publish it with every build\n"
    ) == result.output
    assert published == (site / "public" / ".well-known" / "atproto-did").is_file()


def test_no_warning_when_static_provides_the_cname(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static" / "CNAME").write_text("status.acme.test\n")
    assert 0 == build(site)[0]
    code, output = build(site, "--no-cache")
    assert 0 == code
    assert "Warning" not in output


def test_a_link_out_of_the_site_in_static_is_refused_and_not_published(
    site: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (site / "static").mkdir()
    (site / "static" / "leak.txt").symlink_to(secret)
    for command in (["check"], ["build", "--quiet", "--now", NOW]):
        result = CliRunner().invoke(cli, ["-C", str(site), *command])
        assert 1 == result.exit_code
        assert "static/leak.txt" in result.output
    assert not (site / "public" / "leak.txt").exists()


@pytest.mark.parametrize("folder", ["static", "themes/static"])
def test_a_link_into_content_in_a_static_folder_is_refused_and_not_published(
    site: Path, folder: str
) -> None:
    (site / folder).mkdir(parents=True)
    link = site / folder / "notes"
    link.symlink_to(os.path.relpath(site / "content", link.parent))
    expected = f"{folder}/notes: a symbolic link to content/, which a static folder may not publish"
    for command in (["check"], ["build", "--quiet", "--now", NOW]):
        result = CliRunner().invoke(cli, ["-C", str(site), *command])
        assert 1 == result.exit_code
        assert expected in result.output
        assert "hint: copy the files to publish into the folder instead" in result.output
    assert [] == [p for p in (site / "public").rglob("*") if p.suffix in (".md", ".yaml")]


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("out/site", "out/site/"),
        ("out/site/incidents", "out/site/incidents (in out/site/)"),
        ("out", "out (holding out/site/)"),
    ],
    ids=["at", "into", "above"],
)
def test_a_link_in_static_to_the_folder_o_builds_into_is_refused(
    site: Path, target: str, shown: str
) -> None:
    # Not among the folders the settings name, the -o folder was copied into itself by
    # every build (47 files, then 94, then 141). A link to the settings' public/ is refused.
    assert 0 == build(site, "-o", str(site / "out" / "site"))[0]
    built = sorted(p.relative_to(site / "out") for p in (site / "out").rglob("*"))
    (site / "static").mkdir()
    link = site / "static" / "mirror"
    link.symlink_to(os.path.relpath(site / target, link.parent))
    said = f"static/mirror: a symbolic link to {shown}, which a static folder may not publish"
    for _ in range(2):
        code, output = build(site, "-o", str(site / "out" / "site"))
        assert 1 == code
        assert said in output
        assert "so it may not be or link into content/" in output
        assert "public/, out/site/, statusgen.yaml" in output
    assert built == sorted(p.relative_to(site / "out") for p in (site / "out").rglob("*"))


def test_a_cname_removed_from_static_goes_without_a_warning(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static" / "CNAME").write_text("status.acme.test\n")
    assert 0 == build(site)[0]
    (site / "static" / "CNAME").unlink()  # the author drops the custom domain

    result = run_build(site, now=NOW)

    assert 0 == result.exit_code
    assert not (site / "public" / "CNAME").exists()
    assert "Warning" not in result.output
    assert ", 0 changed, 1 removed) into " in result.output  # not "nothing changed"


# --- editor leftovers ---------------------------------------------------------------------------

# What editors and file managers leave beside a file: each in a static folder is left out.
LEFTOVERS = [
    "static/CNAME~",
    "static/.CNAME.swp",
    "static/#notes.txt#",
    "static/logo.svg.bak",
    "static/4913",
    "static/.DS_Store",
    "static/images/.DS_Store",
    "static/images/Thumbs.db",
    "static/images/desktop.ini",
    "static/images/ehthumbs.db",
    "themes/static/extra.css~",
    # macOS's AppleDouble files, written beside each file copied to a disk that has no
    # room for its metadata (a USB stick, a network share); their bytes are not UTF-8.
    "static/._CNAME",
    "themes/static/._extra.css",
    "themes/templates/._base.html",
    # What git's mergetool (keepBackup) and patch leave beside a file, and people too.
    "static/CNAME.orig",
    "static/CNAME.rej",
    "static/CNAME.old",
    # What current git's mergetool leaves while it runs: its mark before the extension.
    "static/images/logo_BACKUP_4242.svg",
    "static/images/logo_BASE_4242.svg",
    "static/images/logo_LOCAL_4242.svg",
    "static/images/logo_REMOTE_4242.svg",
    "static/CNAME_LOCAL_4242",
    # Office's locks while a document is open (a long name's first letters cut), and
    # LibreOffice's, which holds the user's name, host and home folder.
    "static/~$report.docx",
    "static/downloads/~$udget.xlsx",
    "static/.~lock.report.docx#",
    # macOS Finder's: a folder's custom icon (its name ends in a CR), a localized folder.
    "static/Icon\r",
    "static/downloads/.localized",
]
# A file manager's trash, as a disk carried from Windows or macOS holds it: a folder.
LEFTOVER_FOLDERS = ["static/$RECYCLE.BIN", "static/.Trashes"]
# AppleDouble's header (its magic number and version), then binary metadata.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00\xff\xfe"
# What hosts read, hidden or not: published as it is.
PUBLISHED = {
    "CNAME": "status.example.com\n",  # the host of base_url: published, and no warning
    "logo.svg": "<svg/>",
    "notes.txt": "notes",
    "report_base_2024.txt": "the author's own, named in lowercase",
    ".htaccess": "Options -Indexes\n",
    ".well-known/security.txt": "Contact: mailto:security@acme.test\n",
}


def put_leftovers(site: Path) -> None:
    for relpath, text in PUBLISHED.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    (site / "static" / "images").mkdir()
    (site / "themes" / "static").mkdir(parents=True)
    (site / "themes" / "static" / "extra.css").write_text("p {}")
    for relpath in LEFTOVERS:
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        if relpath.rpartition("/")[2].startswith("._"):
            (site / relpath).write_bytes(APPLE_DOUBLE)
        else:
            (site / relpath).write_text("left behind")
    for relpath in LEFTOVER_FOLDERS:
        (site / relpath / "501").mkdir(parents=True)
        (site / relpath / "501" / "CNAME").write_text("deleted")
    # emacs' lock file: a link to nothing, which must not fail the build as a broken link.
    (site / "static" / ".#CNAME").symlink_to("someone@host.1234:1700000000")


def test_editor_leftovers_in_static_folders_are_not_published(site: Path) -> None:
    put_leftovers(site)
    code, output = build(site)
    assert 0 == code, output
    published = tree(site / "public")
    for relpath, text in PUBLISHED.items():
        assert text.encode() == published[relpath]
    assert any(p.startswith("assets/") and "extra" in p for p in published)
    leaked = [p for p in published if set(p.split("/")) & LEFTOVER_NAMES]
    assert [] == leaked
    assert [] == [p for p in published if p.endswith(("~", ".swp", ".bak", "#"))]


# Each leftover the tests put, with emacs' lock.
ALL_LEFTOVERS = [*LEFTOVERS, *LEFTOVER_FOLDERS, "static/.#CNAME"]
LEFTOVER_NAMES = {relpath.rpartition("/")[2] for relpath in ALL_LEFTOVERS}


def test_a_repository_inside_static_publishes_its_files_and_not_its_history(site: Path) -> None:
    # A static folder that is a clone or a submodule: its `.git` holds every version of
    # every file ever committed to it, which no host should serve (and `.git` of a
    # submodule is a file naming where the parent keeps it). Dependency and cache folders
    # are the author's to publish, as any other.
    vendored = site / "static" / "vendor"
    (vendored / ".git" / "objects").mkdir(parents=True)
    (vendored / ".git" / "config").write_text("[remote]\n\turl = https://token@git.test/x\n")
    (vendored / ".hg").mkdir()
    (vendored / ".hg" / "hgrc").write_text("[paths]\n")
    (site / "static" / ".git").write_text("gitdir: ../.git/modules/static\n")
    for relpath in ("lib.js", "node_modules/chart/chart.js", "__pycache__/note.txt", "x.pyc"):
        (vendored / relpath).parent.mkdir(parents=True, exist_ok=True)
        (vendored / relpath).write_text(relpath)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--quiet", "--now", NOW])
    assert 0 == result.exit_code, result.output
    assert "" == result.output  # nothing to warn about: a submodule keeps them on purpose
    published = tree(site / "public")
    assert [] == [p for p in published if "/.git" in f"/{p}" or "/.hg" in f"/{p}"]
    for relpath in ("lib.js", "node_modules/chart/chart.js", "__pycache__/note.txt", "x.pyc"):
        assert relpath.encode() == published[f"vendor/{relpath}"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_warn_of_each_editor_leftover_left_out(site: Path, command: str) -> None:
    put_leftovers(site)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])
    assert 0 == result.exit_code, result.output
    for relpath in ALL_LEFTOVERS:
        shown = relpath.replace("\r", "\\x0d")  # as a terminal cannot act on it
        assert f"{shown}: warning: left by an editor or file manager" in result.output
    assert "hint: delete it, or rename it if it is meant to be published" in result.output
    assert "static/CNAME:" not in result.output
    assert ".well-known" not in result.output
    assert ".htaccess" not in result.output


@pytest.mark.parametrize("name", ["._footer.html", "footer.html:Zone.Identifier"])
def test_a_leftover_among_the_theme_templates_is_told_it_is_no_template(
    site: Path, name: str
) -> None:
    # Templates are never published, leftovers or not: what it is not is a template.
    templates = site / "themes" / "templates"
    templates.mkdir(parents=True)
    (templates / name).write_bytes(APPLE_DOUBLE)

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 0 == result.exit_code, result.output
    assert (
        f"themes/templates/{name}: warning: left by an editor or file manager (a swap file, "
        "backup or auto-save): not read as a template",
        "    hint: delete it, or rename it if it is meant to be a template",
    ) == tuple(result.output.splitlines()[:2])


def test_an_editor_leftover_coming_and_going_changes_no_output(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static" / "CNAME").write_text("status.example.com\n")
    assert 0 == build(site)[0]
    before = tree(site / "public")
    swap = site / "static" / ".CNAME.swp"
    swap.write_text("vim's swap")

    code, output = build(site)

    assert 0 == code
    assert "static/.CNAME.swp: warning: left by an editor" in output
    assert before == tree(site / "public") == clean(site)
    swap.unlink()
    code, output = build(site)
    assert 0 == code
    assert "warning" not in output
    assert before == tree(site / "public")


# --- files that cannot be published as they are -------------------------------------------------


# A file as git leaves it when a merge or a pull conflicts: both sides, between markers.
CONFLICTED = {
    "static/CNAME": "<<<<<<< HEAD\nstatus.acme.test\n=======\nstatus.acme.example\n>>>>>>> b\n",
    "themes/static/style.css": "<<<<<<< HEAD\np { }\n=======\nb { }\n>>>>>>> b\n",
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("relpath", CONFLICTED)
def test_a_merge_conflict_left_in_a_static_text_file_is_reported_at_each_marker(
    site: Path, relpath: str, command: str
) -> None:
    # Published, the markers would break a host's custom domain or the theme's style.
    put(site, {relpath: "status.acme.test\n"})
    assert 0 == build(site)[0]
    before = tree(site / "public")
    put(site, {relpath: CONFLICTED[relpath]})

    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 1 == result.exit_code, result.output
    said = [line for line in result.output.splitlines() if line.startswith(relpath)]
    assert [f"{relpath}:{n}:1: unresolved merge conflict" for n in (1, 3, 5)] == said
    assert "hint: resolve the merge: keep the side you want" in result.output
    assert before == tree(site / "public")


def test_only_text_files_holding_conflict_markers_are_refused(site: Path) -> None:
    # A binary file is published as it is, whatever its bytes; and a text file's
    # `=======` line is a heading's underline unless git's markers open and close it.
    image = b"\x89PNG\r\n\x1a\n<<<<<<< HEAD\n=======\n>>>>>>> b\n\xff\x00"
    notes = "Notes\n=======\nThe underline of a heading.\n"
    put(site, {"static/images/logo.png": image, "static/notes.txt": notes})

    checked = CliRunner().invoke(cli, ["-C", str(site), "check"])
    code, output = build(site)

    assert 0 == checked.exit_code, checked.output
    assert (0, "") == (code, output)
    assert image == (site / "public" / "images" / "logo.png").read_bytes()
    assert notes.encode() == (site / "public" / "notes.txt").read_bytes()


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("folder", ["static", "themes/static"])
def test_every_static_file_that_cannot_be_read_is_named_by_check_and_build(
    site: Path, folder: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file the user running statusgen may not read (mode 000, another owner): as the
    # tests may run as root, reading it is refused here instead.
    unreadable = [f"{folder}/secret.txt", f"{folder}/keys/other.txt"]
    put(site, {relpath: "mine\n" for relpath in [*unreadable, f"{folder}/open.txt"]})
    refused = {str(site / relpath) for relpath in unreadable}
    real_open = os.open

    def refusing(path: str | Path, *args: int, **kwargs: int) -> int:
        if str(path) in refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 1 == result.exit_code, result.output
    lines = result.output.splitlines()
    for relpath in unreadable:
        said = lines.index(f"{relpath}: cannot read file: {os.strerror(errno.EACCES)}")
        assert lines[said + 1].startswith("    hint: let the user who runs statusgen read it")
    assert "open.txt" not in result.output


# --- static files that would replace what a build writes ---------------------------------------

COLLIDES = "would replace the file statusgen writes at"


def collisions_reported(output: str) -> set[str]:
    """The static files a check or build said would replace one it writes."""
    return {line.split(":", 1)[0] for line in output.splitlines() if COLLIDES in line}


def test_check_and_build_name_every_colliding_static_file_at_once(site: Path) -> None:
    for relpath in (
        "index.html",
        "api/v2/status.json",
        "incidents/2026-11-21-slow-api-responses/index.html",
    ):
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text("mine\n")
    expected = {
        "static/index.html",
        "static/api/v2/status.json",
        "static/incidents/2026-11-21-slow-api-responses/index.html",
    }
    assert (site / "content" / "incidents" / "2026-11-21-slow-api-responses.md").is_file()

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    assert 1 == check.exit_code
    assert expected == collisions_reported(check.output)
    assert "No problems found" not in check.output
    assert 1 == code
    assert expected == collisions_reported(output)
    assert "3 problems in 3 files" in output


HSTS = "/*\n  Strict-Transport-Security: max-age=31536000\n"


def test_the_sites_own_header_rules_follow_statusgens_in_the_published_file(
    site: Path,
) -> None:
    # On Cloudflare Pages and Netlify, _headers is the only way to add HSTS or a CSP.
    assert 0 == build(site)[0]
    ours = (site / "public" / "_headers").read_text()
    (site / "static").mkdir()
    (site / "static" / "_headers").write_text(HSTS)

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    assert 0 == check.exit_code, check.output
    assert (0, "") == (code, output)
    published = (site / "public" / "_headers").read_text()
    assert published.startswith(ours)  # statusgen's rules, as they were
    assert published.endswith("\n" + HSTS)
    # A cached build after an edit, and after removing it, gives what a clean one does.
    (site / "static" / "_headers").write_text(HSTS.replace("31536000", "600"))
    assert 0 == build(site)[0]
    assert "max-age=600" in (site / "public" / "_headers").read_text()
    (site / "static" / "_headers").unlink()
    assert 0 == build(site)[0]
    assert ours == (site / "public" / "_headers").read_text()


def test_a_byte_order_mark_and_crlf_are_not_published_in_the_sites_header_rules(
    site: Path,
) -> None:
    # Windows Notepad's UTF-8: mid-file the mark made the first path "\ufeff/*", which
    # neither host matches, so the HSTS rule was silently not sent.
    (site / "static").mkdir()
    notepad = b"\xef\xbb\xbf" + HSTS.replace("\n", "\r\n").encode()
    (site / "static" / "_headers").write_bytes(notepad)
    assert (0, "") == build(site)
    published = (site / "public" / "_headers").read_bytes()
    assert published.endswith(b"\n" + HSTS.encode())
    assert b"\xef\xbb\xbf" not in published
    assert b"\r" not in published
    # Saved again without them, then with them: a cached build gives what a clean one does.
    for data in (HSTS.encode(), notepad):
        (site / "static" / "_headers").write_bytes(data)
        assert 0 == build(site)[0]
        cached = (site / "public" / "_headers").read_bytes()
        assert 0 == build(site, "--no-cache")[0]
        assert (site / "public" / "_headers").read_bytes() == cached  # clean, then cached


BROKEN_RULES = """\
/*
  Cache-Control: public, max-age=86400

/status.json
  Access-Control-Allow-Origin: http://127.0.0.1:8702
Content-Security-Policy: default-src 'self'

/assets/*
  Cache-Control: public, max-age=31536000, immutable
"""


def test_check_and_build_warn_of_header_rules_the_hosts_would_break(site: Path) -> None:
    # Both hosts join a header given twice ("*, http://…", which browsers refuse, so every
    # widget shows no status), and read a header line typed at the start as a path.
    (site / "static").mkdir()
    (site / "static" / "_headers").write_text(BROKEN_RULES)

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    warnings = [
        "static/_headers:2:3: warning: Cache-Control for /* is joined to the one statusgen"
        " sends for /, so it is sent as 'public, max-age=60, must-revalidate, public,"
        " max-age=86400'",
        "static/_headers:5:3: warning: Access-Control-Allow-Origin for /status.json is joined"
        " to the one statusgen sends for /status.json, so it is sent as"
        " '*, http://127.0.0.1:8702'",
        "static/_headers:6:1: warning: 'Content-Security-Policy' starts the line, so the hosts"
        " read it as a path, not a header of the rule above: it is never sent",
    ]
    assert 0 == check.exit_code, check.output
    assert warnings == [line for line in check.output.splitlines() if ": warning:" in line]
    assert "hint: indent it under the path it is for: '  Content-Security-Policy:" in check.output
    assert "browsers refuse two values" in check.output
    # /assets/* is not statusgen's to cache: no warning. The build says the same, and
    # publishes the rules as they are.
    assert 0 == code
    assert warnings == [line for line in output.splitlines() if ": warning:" in line]
    assert (site / "public" / "_headers").read_text().endswith(BROKEN_RULES)


@pytest.mark.parametrize("pages", [False, True])
def test_a_header_detached_in_its_rule_is_not_joined_to_statusgens(site: Path, pages: bool) -> None:
    # Cloudflare Pages' "! Name" removes the header earlier rules give: the rule's own
    # Access-Control-Allow-Origin is then the only one, and no warning is due.
    (site / "static").mkdir()
    detached = (
        "/api/*\n  ! Access-Control-Allow-Origin\n"
        "  Access-Control-Allow-Origin: https://x.example.com\n"
    )
    joined = "/status.json\n  Access-Control-Allow-Origin: https://x.example.com\n"
    (site / "static" / "_headers").write_text(detached + joined)
    if pages:
        settings = (site / "statusgen.yaml").read_text()
        (site / "statusgen.yaml").write_text(
            settings + "pages:\n  public:\n    base_url: https://status.example.com/\n"
            "    output: public\n"
        )

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])

    assert 0 == check.exit_code, check.output
    warned = [line for line in check.output.splitlines() if ": warning:" in line]
    assert ["static/_headers:5:3"] == [line.split(": warning:")[0] for line in warned], check.output
    # A site without pages has no page of its own to give the rule to.
    own_folder = "to let one origin read a private page, put the rule in that page's own"
    one_page = "keep '! Access-Control-Allow-Origin' in the rule (Cloudflare Pages)"
    said = " ".join(check.output.split())
    assert (own_folder in said) == pages
    assert (one_page in said) != pages


HOSTILE_RULES = """\
/*
  X-Frame-Options: DENY
https://[oops/*
  X-Frame-Options: DENY
https://]x/*
https://ex\uff03ample.com/*
https://status.example.com:99999/*
https://a\x01b/status.json
  Access-Control-Allow-Origin: https://intranet.example.com
"""


def test_a_rule_path_that_is_no_address_is_a_warning_not_a_crash(site: Path) -> None:
    # A stray "[" (or a character no host name may hold) made check and build stop with a
    # traceback; both hosts ignore such a rule, and the build goes on.
    (site / "static").mkdir()
    (site / "static" / "_headers").write_text(HOSTILE_RULES)

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    unread = "cannot be read as an address, so the hosts ignore its rule"
    assert 0 == check.exit_code, check.output
    assert 0 == code, output
    for said in (check.output, output):
        warned = [line for line in said.splitlines() if ": warning:" in line]
        assert [3, 5, 6] == [int(line.split(":")[1]) for line in warned if unread in line], said
        assert "static/_headers:3:1: warning: 'https://[oops/*' " + unread in warned
        # A port out of range is still read as an address; its path still clashes.
        assert any(
            line.startswith("static/_headers:9:3:") and "Access-Control-Allow-Origin" in line
            for line in warned
        ), said
    assert (site / "public" / "_headers").read_text().endswith(HOSTILE_RULES)


@pytest.mark.parametrize(
    ("relpath", "hint"),
    [
        ("robots.txt", "statusgen writes robots.txt itself"),
        ("status.json", "rename or remove it: statusgen writes this file itself"),
        ("index.html", "to change a page, override its template in themes/"),
        # Trying to replace the theme's stylesheet: the theme's static folder does that.
        ("assets/style.css", "to replace it, put it in themes/static/style.css"),
    ],
)
def test_a_static_file_statusgen_writes_gets_a_hint_that_fits_it(
    site: Path, relpath: str, hint: str
) -> None:
    (site / "static" / relpath).parent.mkdir(parents=True)
    (site / "static" / relpath).write_text("mine\n")
    code, output = build(site)
    assert 1 == code
    said = output.splitlines()
    line = said.index(f"static/{relpath}: {COLLIDES} {relpath}")
    assert hint in said[line + 1]
    assert relpath.endswith((".html", ".css")) == ("themes/" in said[line + 1])


def _event(day: str, impact: str, maintenance: bool) -> str:
    if maintenance:
        return (
            f"---\ntitle: Upgrade {day}\nstatus: completed\ncomponents: [api]\n"
            f"scheduled_for: {day}T02:00:00Z\nscheduled_until: {day}T03:00:00Z\n---\n"
            f"## Scheduled at {day} 01:00\nPlanned.\n\n## Completed at {day} 03:00\nDone.\n"
        )
    return (
        f"---\ntitle: Errors {day}\nstatus: resolved\ncomponents: {{api: {impact}}}\n---\n"
        f"## Investigating at {day} 10:00\nLooking.\n\n## Resolved at {day} 11:00\nFixed.\n"
    )


# A site whose history has several pages of each kind, events in three years, and an
# incident that starts after the build's clock (so no page of it yet).
_MANY_EVENTS: dict[str, str | bytes | None] = {
    f"content/incidents/{day}-event.md": _event(day, impact, maintenance=n % 9 == 0)
    for n, (day, impact) in enumerate(
        (
            f"{2024 + n % 3}-{1 + n % 12:02d}-{1 + n // 12:02d}",
            ("major_outage", "partial_outage")[n % 2],
        )
        for n in range(70)
    )
} | {"content/incidents/2026-12-24-later.md": _event("2026-12-24", "major_outage", False)}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private-page"])
def test_check_names_exactly_the_static_files_a_build_refuses(
    tmp_path: Path, private: bool
) -> None:
    """`check` knows what a build writes without rendering it: with a static file at every
    path a build writes, and at paths it could write but does not, check and build name
    the same files."""
    settings = SETTINGS
    if private:
        settings = settings.replace("base_url: https://status.example.com\n", "") + (
            "pages:\n  internal:\n    base_url: https://internal.example.com/\n"
            "    output: public\n    private: true\n"
        )
    root = write_site(tmp_path / "site", {**_MANY_EVENTS, "statusgen.yaml": settings})
    result = run_build(root, "-q", now=NOW)
    assert 0 == result.exit_code, result.output
    written = set(tree(root / "public"))
    assert "history/page/1/index.html" in written and "search/2024.json" in written
    unwritten = {
        "feed.xml",
        "maintenance.ics",
        "sitemap.xml",
        "components/api/feed.xml",
        "history/page/9/index.html",
        "history/impact/minor/page/2/index.html",
        "search/2019.json",
        "incidents/2026-12-24-later/index.html",
        "assets/nothing.css",
    }
    for relpath in written | unwritten:
        (root / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / "static" / relpath).write_text("mine\n")

    check = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", NOW])
    again = run_build(root, "-q", now=NOW)

    # static/_headers is added to the one statusgen writes, not refused.
    expected = {f"static/{relpath}" for relpath in written - {"_headers"}}
    assert 1 == check.exit_code
    assert expected == collisions_reported(check.output)
    assert 1 == again.exit_code
    assert expected == collisions_reported(again.output)


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("api", "static/api: would replace the folder statusgen writes at api/"),
        (
            "feed.xml/a.txt",
            "static/feed.xml/a.txt: its folder static/feed.xml would replace the file "
            "statusgen writes at feed.xml",
        ),
    ],
    ids=["file-for-a-folder", "folder-for-a-file"],
)
def test_check_and_build_name_a_static_file_where_a_build_writes_a_folder_or_the_reverse(
    site: Path, relpath: str, expected: str
) -> None:
    (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
    (site / "static" / relpath).write_text("mine\n")

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    assert 1 == check.exit_code
    assert expected in check.output
    assert 1 == code
    assert expected in output
    assert "1 problem in 1 file" in output


def clean(site: Path) -> dict[str, bytes]:
    """The site as a build without the cache writes it, into a folder of its own."""
    assert 0 == build(site, "--no-cache", "-o", str(site.parent / "clean"))[0]
    return tree(site.parent / "clean")


def test_files_in_a_folder_linked_into_static_are_published_as_they_change(
    site: Path,
) -> None:
    # A link inside the site is followed when the files are copied: a cached build must
    # see the files behind it change, or it keeps publishing the first ones it copied.
    (site / "notes").mkdir()
    (site / "notes" / "info.txt").write_text("one\n")
    (site / "static").mkdir()
    (site / "static" / "notesdir").symlink_to("../notes")
    assert 0 == build(site)[0]
    (site / "notes" / "info.txt").write_text("two\n")
    (site / "notes" / "more.txt").write_text("more\n")
    assert 0 == build(site)[0]
    assert b"two\n" == (site / "public" / "notesdir" / "info.txt").read_bytes()
    assert b"more\n" == (site / "public" / "notesdir" / "more.txt").read_bytes()
    assert clean(site) == tree(site / "public")
    (site / "notes" / "more.txt").unlink()
    assert 0 == build(site)[0]
    assert not (site / "public" / "notesdir" / "more.txt").exists()


def test_a_stylesheet_in_a_theme_folder_linked_into_the_site_is_published_as_it_changes(
    site: Path,
) -> None:
    (site / "brand").mkdir()
    (site / "brand" / "style.css").write_text("body{color:red}\n")
    (site / "themes").mkdir(exist_ok=True)
    (site / "themes" / "static").symlink_to("../brand")
    assert 0 == build(site)[0]
    (site / "brand" / "style.css").write_text("body{color:blue}\n")
    assert 0 == build(site)[0]
    assert b"body{color:blue}\n" == (site / "public" / "assets" / "style.css").read_bytes()
    # Every page links the stylesheet by a hash of its bytes: the new one, not the old.
    assert clean(site) == tree(site / "public")


def test_a_link_loop_in_static_is_refused_by_a_cached_build_too(site: Path) -> None:
    (site / "static" / "sub").mkdir(parents=True)
    (site / "static" / "sub" / "a.txt").write_text("a\n")
    assert 0 == build(site)[0]
    (site / "static" / "sub" / "again").symlink_to("..")
    code, output = build(site)
    assert 1 == code
    assert (
        "static/sub/again: a symbolic link that loops back into its own folder\n"
        "    hint: remove the link, or point it at a folder that does not hold it\n"
    ) in output


def test_a_watcher_naming_a_file_under_one_link_rebuilds_it_under_every_link(
    site: Path,
) -> None:
    # A file watcher reports an edit under one of the names that lead to a file (here
    # static/brand/style.css): the build must not take it as unchanged under the others
    # (the theme's themes/static/style.css), or every page keeps the old stylesheet.
    from datetime import datetime

    from statusgen.build import build_site

    now = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    (site / "brand").mkdir()
    (site / "brand" / "style.css").write_text("body{color:red}\n")
    (site / "themes").mkdir(exist_ok=True)
    (site / "themes" / "static").symlink_to("../brand")
    (site / "static").mkdir()
    (site / "static" / "brand").symlink_to("../brand")
    build_site(site, now=now)
    (site / "brand" / "style.css").write_text("body{color:blue}\n")
    build_site(site, now=now, changed=[site / "static" / "brand" / "style.css"])
    assert b"body{color:blue}\n" == (site / "public" / "assets" / "style.css").read_bytes()
    assert clean(site) == tree(site / "public")


def put(site: Path, files: Mapping[str, str | bytes]) -> None:
    for relpath, data in files.items():
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_bytes(data if isinstance(data, bytes) else data.encode())


# The page of the incident `statusgen init` writes, and its file.
INCIDENT_PAGE = "incidents/2026-11-21-slow-api-responses"
INCIDENT_FILE = "content/incidents/2026-11-21-slow-api-responses.md"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"static/docs": "see docs\n"}, {"static/docs/index.html": "<h1>Docs</h1>\n"}),
        ({"static/docs/index.html": "<h1>Docs</h1>\n"}, {"static/docs": "see docs\n"}),
        ({"static/a": "a file\n"}, {"static/a/b/c.txt": "deeper\n"}),
        ({"static/a/b/c.txt": "deeper\n", "static/a/d.txt": "d\n"}, {"static/a": "a file\n"}),
        ({}, {f"static/{INCIDENT_PAGE}": "moved\n"}),
        ({f"static/{INCIDENT_PAGE}": "moved\n"}, {}),
    ],
    ids=[
        "file-to-folder",
        "folder-to-file",
        "file-to-deep-folder",
        "folders-to-file",
        "incident-page-to-file",
        "file-to-incident-page",
    ],
)
def test_a_file_replaced_by_a_folder_or_the_reverse_is_written_in_one_build(
    site: Path, before: dict[str, str], after: dict[str, str]
) -> None:
    # An incident's page is a folder: a static file of its name takes its place once the
    # incident is gone, and the reverse.
    incident = (site / INCIDENT_FILE).read_text()
    if f"static/{INCIDENT_PAGE}" in before:
        (site / INCIDENT_FILE).unlink()
    put(site, before)
    assert 0 == build(site)[0]
    shutil.rmtree(site / "static", ignore_errors=True)
    if f"static/{INCIDENT_PAGE}" in after:
        (site / INCIDENT_FILE).unlink()
    else:
        (site / INCIDENT_FILE).write_text(incident)
    put(site, after)
    assert (0, "") == build(site)
    assert clean(site) == tree(site / "public")


# A name that is not UTF-8, as a file copied from a Latin-1 machine has under a UTF-8
# locale: Python holds the byte it cannot decode as a lone surrogate (PEP 383).
LATIN1_NAME = os.fsdecode(b"caf\xe9")


def test_a_static_file_whose_name_is_not_utf8_is_published_by_its_bytes_cached_or_not(
    site: Path,
) -> None:
    (site / "static").mkdir()
    (site / "static" / f"{LATIN1_NAME}.txt").write_bytes(b"hi\n")
    for _ in range(2):  # the first build writes the cache, the second keeps to it
        code, output = build(site)
        assert 0 == code, output
        assert b"hi\n" == (site / "public" / f"{LATIN1_NAME}.txt").read_bytes()
    assert clean(site) == tree(site / "public")


def test_a_site_in_a_folder_whose_name_is_not_utf8_builds_cached_or_not(tmp_path: Path) -> None:
    root = init_site(tmp_path / f"site-{LATIN1_NAME}")
    for args in ((), ("--no-cache",), ()):
        code, output = build(root, *args)
        assert 0 == code, output
    assert (root / "public" / "index.html").is_file()


SECRET_FILES = [
    "static/.env",
    "static/.env.production",
    "static/.env.production.local",
    "static/.env.development.local",
    "static/.env.prod.backup",
    "static/.ENV",
    # Docker Compose's `env_file: prod.env`, and a duplicate as macOS' Finder names it.
    "static/prod.env",
    "static/.env copy",
    "static/.envrc",
    "static/.npmrc",
    "static/.netrc",
    "static/.git-credentials",
    "static/_netrc",
    "static/keys/id_ed25519",
    # A tool's stored login, told by its place in the tool's folder.
    "static/.aws/credentials",
    "static/.docker/config.json",
    "static/.kube/config",
    "static/.config/gcloud/application_default_credentials.json",
    "themes/static/.env",
]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_of_secrets_in_a_static_folder_is_not_published(site: Path, command: str) -> None:
    # Copied in with the rest of a folder, an environment file or a stored login would be
    # served to anyone: left out, with a warning at it, as an editor's leftover is. Files
    # written to be shared (`.env.example`, a public key) are published as any other.
    for relpath in SECRET_FILES:
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_text("API_TOKEN=s3cr3t\n")
    shared = {
        "static/.env.example": "API_TOKEN=\n",
        "static/.env.local.example": "API_TOKEN=\n",
        "static/sample.env": "API_TOKEN=\n",
        "static/keys/id_ed25519.pub": "ssh-ed25519 A",
    }
    for relpath, text in shared.items():
        (site / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    for relpath in SECRET_FILES:
        assert f"{relpath}: warning: a kind of file that holds secrets" in result.output
    assert "hint: delete it from here, or rename it if it is meant to be published" in (
        result.output
    )
    assert ".env.example" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [p for p in published if b"s3cr3t" in published[p]]
        assert b"API_TOKEN=\n" == published[".env.example"]
        assert b"ssh-ed25519 A" == published["keys/id_ed25519.pub"]
        assert b"API_TOKEN=\n" == published[".env.local.example"]
        assert b"API_TOKEN=\n" == published["sample.env"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_under_any_name_in_a_static_folder_is_not_published(
    site: Path, command: str
) -> None:
    # A service account's key file and a deploy key carry no key's name: a small file is
    # read for a private key whatever its name.
    account = (
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n'
        + KEY_BODY
        + '\\n-----END PRIVATE KEY-----\\n"}\n'
    )
    deploy = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n"
    (site / "static" / ".ssh").mkdir(parents=True)
    (site / "static" / "credentials.json").write_text(account)
    (site / "static" / ".ssh" / "deploy_key").write_text(deploy)
    (site / "static" / "notes.txt").write_text("A key starts with -----BEGIN CERTIFICATE-----\n")
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    # Found by what it holds, it is left out under any name: renaming it is no fix.
    said = "warning: a file that holds a private key, from line 1: not published"
    for relpath in ("static/credentials.json", "static/.ssh/deploy_key"):
        assert f"{relpath}:1: {said}" in result.output
    assert "rename" not in result.output
    assert "notes.txt" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [p for p in published if b"s3cr3t" in published[p]]
        assert "notes.txt" in published


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_how_to_that_shows_a_key_s_armour_is_published_a_key_in_notes_is_not(
    site: Path, command: str
) -> None:
    # A TLS how-to's example (`...` between the armour lines) holds no key: left out, it
    # was told to be renamed, which found it again by what it holds.
    readme = (
        "# TLS\n\nThe key file looks like this:\n\n```\n-----BEGIN PRIVATE KEY-----\n"
        "...\n-----END PRIVATE KEY-----\n```\n"
    )
    howto = "Paste it from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.\n"
    notes = f"Server notes\n\n-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
    (site / "static" / "docs").mkdir(parents=True)
    (site / "static" / "docs" / "README.md").write_text(readme)
    (site / "static" / "howto.txt").write_text(howto)
    (site / "static" / "notes.txt").write_text(notes)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    assert "README.md" not in result.output
    assert "howto.txt" not in result.output
    said = "static/notes.txt:3: warning: a file that holds a private key, from line 3"
    assert said in result.output
    assert "hint: remove the key from the file; the rest is then published" in result.output
    assert "rename" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert readme.encode() == published["docs/README.md"]
        assert howto.encode() == published["howto.txt"]
        assert "notes.txt" not in published


def _pasted_keys() -> dict[str, str]:
    """A private key as it is pasted into other files, by name: escaped in a JSON string
    (Windows' line breaks; escaped twice, as Terraform writes it), quoted in Markdown,
    broken by `<br>` in HTML, joined from JavaScript strings, and encoded once more as
    base64 (a kubeconfig's `client-key-data`)."""
    lines = [
        "-----BEGIN PRIVATE KEY-----",
        KEY_BODY[:32],
        KEY_BODY[32:],
        "-----END PRIVATE KEY-----",
    ]
    pem = "\n".join(lines) + "\n"
    return {
        "sa-crlf.json": '{"private_key": "' + "\\r\\n".join(lines) + '\\r\\n"}\n',
        "tf.json": '{"k": "' + "\\\\n".join(lines) + '\\\\n"}\n',
        "md-quote.md": "Our key:\n\n" + "".join(f"> {line}\n" for line in lines),
        "page.html": "<pre>" + "<br>\n".join(lines) + "<br>\n</pre>\n",
        "js.js": "const k = " + " +\n  ".join(f'"{line}\\n"' for line in lines) + ";\n",
        "dl/kubeconfig.yaml": "users:\n- name: ops\n  user:\n    client-key-data: "
        + base64.b64encode(pem.encode()).decode()
        + "\n",
    }


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_pasted_into_a_string_a_quote_or_base64_is_not_published(
    site: Path, command: str
) -> None:
    # Counted only with a body of base64 lines alone, each of these forms was published
    # without a word: their lines carry quotes, escapes, `> ` or `<br>` around the base64.
    pasted = _pasted_keys()
    for relpath, text in pasted.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    lines = {"md-quote.md": 3, "dl/kubeconfig.yaml": 4}
    for relpath in pasted:
        line = lines.get(relpath, 1)
        said = f"warning: a file that holds a private key, from line {line}: not published"
        assert f"static/{relpath}:{line}: {said}" in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in pasted if relpath in published]


def _hidden_keys() -> dict[str, str]:
    """A private key commented out in a script, or with its line breaks written as HTML's
    or XML's character references, JSON's `\\u000a` or an address's `%0A`, by name."""
    lines = [
        "-----BEGIN PRIVATE KEY-----",
        KEY_BODY[:32],
        KEY_BODY[32:],
        "-----END PRIVATE KEY-----",
    ]
    return {
        "key.sh": "#!/bin/sh\n" + "".join(f"# {line}\n" for line in lines),
        "k.js": "".join(f"// {line}\n" for line in lines),
        "k.sql": "".join(f"-- {line}\n" for line in lines),
        "k.ini": "".join(f"; {line}\n" for line in lines),
        "k.html": "<p>" + "&#10;".join(lines) + "</p>\n",
        "k.xml": "<key>" + "&#xA;".join(lines) + "</key>\n",
        "k.json": '{"key": "' + "\\u000a".join(lines) + '"}\n',
        "u.html": '<a href="data:text/plain,' + "%0A".join(lines) + '">key</a>\n',
    }


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_commented_out_or_with_encoded_line_breaks_is_not_published(
    site: Path, command: str
) -> None:
    # Counted only between real line breaks and after a quote's `> `, each of these was
    # published without a word: a comment's `# ` or an encoded break hid its lines.
    hidden = _hidden_keys()
    (site / "static").mkdir(exist_ok=True)
    for relpath, text in hidden.items():
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    lines = {"key.sh": 2}
    for relpath in hidden:
        line = lines.get(relpath, 1)
        said = f"warning: a file that holds a private key, from line {line}: not published"
        assert f"static/{relpath}:{line}: {said}" in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in hidden if relpath in published]


def _wrapped_keys() -> tuple[dict[str, str], dict[str, str]]:
    """A private key in a C block comment, as a diff's removed or old lines, in a TeX or
    batch file's comments, after a shell prompt and as a Markdown list, by name; and what
    such files hold to be served: SQL's `BEGIN`, a certificate, a public key and a PGP
    signature in the same wrappers, a list, a diff and a how-to's key cut with `...`."""
    lines = [
        "-----BEGIN PRIVATE KEY-----",
        KEY_BODY[:32],
        KEY_BODY[32:],
        "-----END PRIVATE KEY-----",
    ]
    private = {
        "k/cblock.c": "/*\n" + "".join(f" * {line}\n" for line in lines) + " */\n",
        "k/inline.c": "".join(f"/* {line} */\n" for line in lines),
        "k/removed.diff": "--- a/key.pem\n+++ /dev/null\n@@ -1,4 +0,0 @@\n"
        + "".join(f"-{line}\n" for line in lines),
        "k/old.diff": "1,4d0\n" + "".join(f"< {line}\n" for line in lines),
        "k/key.tex": "".join(f"% {line}\n" for line in lines),
        "k/key.bat": "".join(f"REM {line}\n" for line in lines),
        "k/session.txt": "".join(f"$ {line}\n" for line in lines),
        "k/list.md": "".join(f"* {line}\n" for line in lines),
        **_prompted_keys(),
    }
    certificate = ["-----BEGIN CERTIFICATE-----", KEY_BODY, "-----END CERTIFICATE-----"]
    public_key = ["-----BEGIN PUBLIC KEY-----", KEY_BODY, "-----END PUBLIC KEY-----"]
    signature = ["-----BEGIN PGP SIGNATURE-----", "", KEY_BODY, "-----END PGP SIGNATURE-----"]
    howto = ["-----BEGIN PRIVATE KEY-----", KEY_BODY[:32], "...", "-----END PRIVATE KEY-----"]
    shared = {
        "ok/migrate.sql": "BEGIN;\n-- add a column\nALTER TABLE t ADD c int;\nCOMMIT;\n",
        "ok/cert.c": "/*\n" + "".join(f" * {line}\n" for line in certificate) + " */\n",
        "ok/public.diff": "".join(f"-{line}\n" for line in public_key),
        "ok/signed.tex": "".join(f"% {line}\n" for line in signature),
        "ok/steps.md": "* install\n* configure\n  * BEGIN here\n* done\n",
        "ok/change.diff": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old line\n+new line\n",
        "ok/howto.c": "/*\n" + "".join(f" * {line}\n" for line in howto) + " */\n",
        "ok/cert.txt": "".join(f"user@host:~$ {line}\n" for line in certificate),
        "ok/public.md": "| key |\n|---|\n" + "".join(f"| {line} |\n" for line in public_key),
        "ok/signed.html": "".join(f"<!-- {line} -->\n" for line in signature),
        "ok/numbered.md": "1. install\n2. configure\n3. BEGIN here\n4. done\n",
        "ok/table.md": "| step | what |\n|---|---|\n| 1 | BEGIN |\n| 2 | END |\n",
        "ok/session.txt": "user@host:~$ ls -l\ntotal 0\nPS C:\\> dir\nC:\\> echo done\n",
        "ok/one-line.txt": " ".join(certificate) + "\n",
        "ok/one-line-howto.md": "-----BEGIN PRIVATE KEY----- paste the lines of your key"
        " file here, as ssh-keygen wrote them -----END PRIVATE KEY-----\n",
        "ok/image.html": f'<img alt="" src="data:image/png;base64,iVBORw0KGgo{KEY_BODY}=">\n',
    }
    return private, shared


def _prompted_keys() -> dict[str, str]:
    """An EC, an OpenSSH and an RSA key after a shell's prompt (Unix' as a user and as
    root, Windows' and PowerShell's), in a batch file's `::` comments, as a numbered list,
    a table, HTML comments, a diff's added lines, and on one line with spaces for its line
    breaks."""
    kinds = ["EC", "OPENSSH", "RSA"]
    body = [KEY_BODY, KEY_BODY[::-1], "AoGCCqGSM49AwEH"]
    keys = [
        [f"-----BEGIN {kind} PRIVATE KEY-----", *body, f"-----END {kind} PRIVATE KEY-----"]
        for kind in kinds
    ]
    forms = {
        "prompt.txt": "user@host:~$ {line}",
        "root.txt": "[user@host ~]# {line}",
        "cmd.txt": "C:\\> {line}",
        "ps.txt": "PS> {line}",
        "ps-drive.txt": "PS C:\\> {line}",
        "key.cmd": ":: {line}",
        "numbered.md": "{number}. {line}",
        "table.md": "| {line} |",
        "comment.html": "<!-- {line} -->",
        "added.diff": "+ {line}",
    }
    pasted = {
        f"k/{kinds[at % 3].lower()}-{name}": "".join(
            form.format(number=number, line=line) + "\n"
            for number, line in enumerate(keys[at % 3], 1)
        )
        for at, (name, form) in enumerate(forms.items())
    }
    pasted["k/openssh-table.md"] = "| key |\n|---|\n" + pasted["k/openssh-table.md"]
    for kind, key in zip(kinds, keys, strict=True):
        pasted[f"k/one-line-{kind.lower()}.txt"] = " ".join(key) + "\n"
    return pasted


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_in_a_c_comment_a_diff_or_after_a_prompt_is_not_published(
    site: Path, command: str
) -> None:
    # Each of these was published without a word: ` * `, `-`, `< `, `% `, `REM `, `$ `, a
    # list's `* ` or `1. `, a prompt such as `user@host:~$ ` or `PS C:\> `, `:: `, `| … |`,
    # `<!-- … -->` or `+ ` around each line, or spaces for its line breaks, hid the key's
    # body; files with no key stay published.
    private, shared = _wrapped_keys()
    for relpath, text in {**private, **shared}.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    lines = {"k/cblock.c": 2, "k/removed.diff": 4, "k/old.diff": 2, "k/openssh-table.md": 3}
    for relpath in private:
        line = lines.get(relpath, 1)
        said = f"warning: a file that holds a private key, from line {line}: not published"
        assert f"static/{relpath}:{line}: {said}" in result.output
    assert "static/ok/" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in private if relpath in published]
        assert {relpath: text.encode() for relpath, text in shared.items()} == {
            relpath: published.get(relpath) for relpath in shared
        }


def _framed_keys() -> dict[str, str]:
    """A private key of twelve lines behind `cat -n`'s numbers, an editor's gutter, a
    list's `1)` or `•`, IPython's and a fancy shell's prompt, and in an HTML table's
    cells, by name."""
    body = [(KEY_BODY + KEY_BODY[::-1])[at : at + 64] for at in range(0, 128, 16)]
    lines = ["-----BEGIN RSA PRIVATE KEY-----", *body, "-----END RSA PRIVATE KEY-----"]
    forms = {
        "catn.txt": "{number:6}\t{line}",
        "gutter.txt": "{number:4} | {line}",
        "numparen.md": "{number}) {line}",
        "bullet.txt": "\u2022 {line}",
        "ipython.txt": "In [1]: {line}",
        "prompt.txt": "\u276f {line}",
        "table.html": "<tr><td>{line}</td></tr>",
    }
    pasted = {
        f"k/{name}": "".join(
            form.format(number=number, line=line) + "\n" for number, line in enumerate(lines, 1)
        )
        for name, form in forms.items()
    }
    pasted["k/table.html"] = "<table>\n" + pasted["k/table.html"] + "</table>\n"
    return pasted


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_behind_any_line_prefix_is_not_published(site: Path, command: str) -> None:
    # Each of these was published without a word: the scan knew `1. `, `| `, `>>> ` and
    # the like, not `cat -n`'s numbers, a gutter, `1)`, `•`, `In [1]: `, `❯ ` or a table
    # cell. What stands before the BEGIN line now comes off every line of the body.
    framed = _framed_keys()
    for relpath, text in framed.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    for relpath in framed:
        line = 2 if relpath == "k/table.html" else 1
        said = f"warning: a file that holds a private key, from line {line}: not published"
        assert f"static/{relpath}:{line}: {said}" in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in framed if relpath in published]


def _keys_in_markup() -> dict[str, str | bytes]:
    """A PKCS #8 key of a realistic length with each armour line and its body in an element
    of its own (a table's cells, `<div>`, `<p>`, SVG's `<text>`), on one line or three, and
    three lines of cells saved as UTF-16, by name."""
    body = (
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw"
        + base64.b64encode(bytes((at * 37 + 11) % 256 for at in range(120))).decode()
    )
    begin, end = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"
    row = "<tr><td>{}</td></tr>"
    cells = "".join(f"<td>{line}</td>\n" for line in (begin, body, end))
    return {
        "k/t2.html": f"<table>{row.format(begin)}{row.format(body)}{row.format(end)}</table>\n",
        "k/div.html": "".join(f"<div>{line}</div>" for line in (begin, body, end)),
        "k/p.md": "".join(f"<p>{line}</p>" for line in (begin, body, end)),
        "k/td.htm": "".join(f"<td>{line}</td>" for line in (begin, body, end)),
        "k/u7.svg": '<svg xmlns="http://www.w3.org/2000/svg">'
        + "".join(f'<text y="{n}">{line}</text>' for n, line in enumerate((begin, body, end)))
        + "</svg>\n",
        "k/p3.html": f"<p>x</p><p>{begin}</p>\n<p>{body}</p>\n<p>{end}</p>\n",
        "k/u16.html": cells.encode("utf-16"),
    }


def test_a_private_key_in_markup_a_line_to_an_element_is_not_published(site: Path) -> None:
    # Each was published without a word: only `<pre>`, `<code>` and `<br>` broke a key's
    # lines in HTML, and a byte order mark stood before UTF-16's first cell. A page that
    # only names the armour in its prose is published.
    keys = {
        name: text if isinstance(text, bytes) else text.encode()
        for name, text in _keys_in_markup().items()
    }
    prose = {
        "docs/tls.html": b"<p>Paste it from</p><p>-----BEGIN PRIVATE KEY-----</p><p>to</p>"
        b"<p>-----END PRIVATE KEY-----</p>\n",
        "docs/tls.svg": b"<svg><text>-----BEGIN PRIVATE KEY-----</text><text>your key</text>"
        b"<text>-----END PRIVATE KEY-----</text></svg>\n",
    }
    for relpath, data in {**keys, **prose}.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_bytes(data)
    code, output = build(site)

    assert 0 == code, output
    said = "warning: a file that holds a private key, from line 1: not published"
    for relpath in keys:
        assert f"static/{relpath}:1: {said}" in output
    assert "docs/" not in output
    published = tree(site / "public")
    assert [] == [relpath for relpath in keys if relpath in published]
    assert prose == {relpath: published.get(relpath) for relpath in prose}


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_how_to_with_a_placeholder_or_a_cut_key_is_published(site: Path, command: str) -> None:
    # A body of one letter over and over, or one line and `...`, is an example: left out,
    # the how-to was told to make a new key.
    placeholder = "X" * 64
    howtos = {
        "docs/placeholder.md": "Put your key in:\n\n```\n-----BEGIN PRIVATE KEY-----\n"
        f"{placeholder}\n{placeholder}\n-----END PRIVATE KEY-----\n```\n",
        "docs/mostly.md": "-----BEGIN RSA PRIVATE KEY-----\n"
        f"MIIE{placeholder}\n{placeholder}==\n-----END RSA PRIVATE KEY-----\n",
        "docs/cut.md": "Example:\n\n    -----BEGIN PRIVATE KEY-----\n"
        f"    {KEY_BODY}\n    ...\n    -----END PRIVATE KEY-----\n",
    }
    for relpath, text in howtos.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    assert "private key" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert {p: t.encode() for p, t in howtos.items()} == {p: published[p] for p in howtos}


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_in_a_static_folder_is_not_published_a_certificate_is(
    site: Path, command: str
) -> None:
    # A `.pem` is as often the certificate chain a site serves on purpose: what it holds
    # decides, not its name.
    key = f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
    chain = "-----BEGIN CERTIFICATE-----\nMIIDpublic\n-----END CERTIFICATE-----\n"
    (site / "static" / "tls").mkdir(parents=True)
    (site / "static" / "tls" / "server.key").write_text(f"-----BEGIN RSA {key[11:]}")
    (site / "static" / "tls" / "bundle.pem").write_text(chain + key)
    (site / "static" / "tls" / "chain.pem").write_text(chain)
    # A bundle under a certificate's name, and a PGP key exported for signing.
    (site / "static" / "tls" / "bundle.crt").write_text(chain + key)
    armour = "PGP PRIVATE KEY BLOCK"
    pgp = f"-----BEGIN {armour}-----\n\n{KEY_BODY}\n-----END {armour}-----\n"
    (site / "static" / "signing.key").write_text(pgp)
    (site / "static" / "signing.asc").write_text(pgp)
    public = (
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBpublic\n-----END PGP PUBLIC KEY BLOCK-----\n"
    )
    (site / "static" / "pubkey.asc").write_text(public)
    (site / "static" / "tls" / "chain.crt").write_text(chain)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    withheld = (
        "static/tls/server.key:1",
        "static/tls/bundle.pem:4",
        "static/tls/bundle.crt:4",
        "static/signing.key:1",
        "static/signing.asc:1",
    )
    for relpath in withheld:
        line = relpath.rsplit(":", 1)[1]
        said = f"warning: a file that holds a private key, from line {line}: not published"
        assert f"{relpath}: {said}" in result.output
    for shared in ("chain.pem", "chain.crt", "pubkey.asc"):
        assert shared not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [p for p in published if b"s3cr3t" in published[p]]
        assert chain.encode() == published["tls/chain.pem"]
        assert chain.encode() == published["tls/chain.crt"]
        assert public.encode() == published["pubkey.asc"]


def _der(tag: int, *parts: bytes) -> bytes:
    """One DER item: `tag`, the length (short or long form) and the content `parts`."""
    content = b"".join(parts)
    size = len(content)
    length = bytes([size]) if size < 0x80 else bytes([0x82]) + size.to_bytes(2, "big")
    return bytes([tag]) + length + content


def _binary_keys() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Private keys in binary form under names of keys, as `openssl ... -outform DER` and
    `gpg --export-secret-keys` write them, and what such names hold to be served: a DER
    certificate, public keys, apt's public keyring. Built by hand: the structures decide."""
    seq, integer, octets = partial(_der, 0x30), partial(_der, 0x02), partial(_der, 0x04)
    bits = partial(_der, 0x03, b"\x00")  # no unused bits
    # 1.3.101.112 (Ed25519), 1.2.840.113549.1.1.1 (RSA), 1.2.840.113549.1.5.13 (PBES2)
    ed25519 = seq(_der(0x06, bytes.fromhex("2b6570")))
    rsa = seq(_der(0x06, bytes.fromhex("2a864886f70d010101")), _der(0x05))
    pbes2 = seq(_der(0x06, bytes.fromhex("2a864886f70d01050d")), seq(seq(), seq()))
    secret = bytes(range(32))
    big = b"\x00" + bytes(range(1, 256))  # a modulus long enough for the long length form
    rsa_key = seq(integer(b"\x00"), integer(big), integer(b"\x01\x00\x01"), integer(big))
    certificate = seq(
        seq(_der(0xA0, integer(b"\x02")), integer(b"\x01"), ed25519), ed25519, bits(secret)
    )
    # gpg's first packet: a v4 secret key (old format tag 5, one-byte length), a public
    # key (tag 6, two-byte length); new format 0xC5 for the secret one.
    pgp_secret = bytes([0x94, 0x58, 0x04]) + bytes(0x57)
    pgp_new_secret = bytes([0xC5, 0x58, 0x04]) + bytes(0x57)
    pgp_public = bytes([0x98, 0x00, 0x33, 0x04]) + bytes(0x32)
    private = {
        "platform.pk8": seq(integer(b"\x00"), ed25519, octets(octets(secret))),
        "tls/server.key": seq(integer(b"\x00"), rsa, octets(rsa_key)),
        "tls/rsa.key": rsa_key,
        "tls/ec.der": seq(integer(b"\x01"), octets(secret)),
        "tls/sealed.p8": seq(pbes2, octets(big)),
        "signing.gpg": pgp_secret,
        "signing-new.gpg": pgp_new_secret,
    }
    public = {
        "tls/cert.der": certificate,
        "tls/cert.crt": certificate,
        "tls/public.key": seq(ed25519, bits(secret)),
        "tls/rsa-public.der": seq(integer(big), integer(b"\x01\x00\x01")),
        "archive-keyring.gpg": pgp_public,
    }
    return private, public


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_private_key_in_binary_form_is_not_published_a_binary_certificate_is(
    site: Path, command: str
) -> None:
    # gpg exports a secret key as binary by default, and `openssl ... -outform DER` writes
    # DER: such a key has no `-----BEGIN` line to find.
    private, public = _binary_keys()
    for relpath, data in {**private, **public}.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_bytes(data)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    for relpath in private:
        said = "warning: a file that holds a private key (in binary): not published"
        assert f"static/{relpath}: {said}" in result.output
    for relpath in public:
        assert f"static/{relpath}" not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in private if relpath in published]
        assert public == {relpath: published[relpath] for relpath in public}


@pytest.mark.parametrize("name", ["_headers", "robots.txt"])
def test_a_host_file_among_the_templates_is_named_as_never_read(site: Path, name: str) -> None:
    # Following the old hint ("override its template in themes/"), a user put _headers
    # among the templates, and the build ignored it without a word.
    (site / "themes" / "templates").mkdir(parents=True)
    (site / "themes" / "templates" / name).write_text(HSTS)

    check = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, output = build(site)

    said = f"themes/templates/{name}: warning: not read: statusgen writes {name} itself"
    assert said in check.output
    assert 0 == code
    assert said in output


def test_file_managers_files_in_any_case_are_not_published(site: Path) -> None:
    # Windows and macOS do not tell THUMBS.DB from Thumbs.db: a copy keeps either.
    names = ["THUMBS.DB", "thumbs.db", "EHTHUMBS.DB", "DESKTOP.INI", ".ds_store"]
    (site / "static" / "img").mkdir(parents=True)
    for name in names:
        (site / "static" / "img" / name).write_text("left behind")
    (site / "static" / "img" / "logo.svg").write_text("<svg/>")
    code, output = build(site)

    assert 0 == code, output
    assert ["img/logo.svg"] == [p for p in tree(site / "public") if p.startswith("img/")]


def test_private_keys_in_putty_ssh2_and_utf16_text_are_not_published(site: Path) -> None:
    # PuTTY's and SSH.com's forms carry no `-----BEGIN` line; Notepad saves UTF-16.
    pem = f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
    keys = {
        "putty.key": b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"
        b"Private-Lines: 1\nAAAAs3cr3t\nPrivate-MAC: 00\n",
        "putty2.pem": b"PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 1\nAAAAs3cr3t\n",
        "deploy.ppk": b"PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nAAAAs3cr3t\n",
        "ssh2.key": b'---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key"\n'
        + KEY_BODY.encode()
        + b"\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n",
        "utf16.pem": pem.encode("utf-16"),
        "utf16be.key": pem.encode("utf-16-be"),
    }
    # An SSH2 public key (RFC 4716's own use) is served on purpose.
    public = b"---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3public\n---- END SSH2 PUBLIC KEY ----\n"
    (site / "static").mkdir()
    for name, data in keys.items():
        (site / "static" / name).write_bytes(data)
    (site / "static" / "ssh2-public.key").write_bytes(public)
    code, output = build(site)

    assert 0 == code, output
    published = tree(site / "public")
    assert [] == [p for p in keys if p in published]
    assert public == published["ssh2-public.key"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_link_under_a_harmless_name_to_a_file_of_secrets_is_not_published(
    site: Path, command: str
) -> None:
    # What a link leads to is what would be published: its own name does not make an
    # environment file or a private key any less secret.
    (site / ".env").write_text("STRIPE_SECRET_KEY=sk_live_s3cr3t\n")
    (site / "keys").mkdir()
    (site / "keys" / "id_ed25519").write_text("OPENSSH s3cr3t\n")
    (site / "keys" / "server.pem").write_text(
        f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
    )
    (site / "static").mkdir()
    (site / "static" / "config.txt").symlink_to("../.env")
    (site / "static" / "deploy-key").symlink_to("../keys/id_ed25519")
    (site / "static" / "tls.txt").symlink_to("../keys/server.pem")
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    for relpath in ("static/config.txt", "static/deploy-key"):
        assert f"{relpath}: warning: a kind of file that holds secrets" in result.output
    said = "warning: a file that holds a private key, from line 1: not published"
    assert f"static/tls.txt:1: {said}" in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [p for p in published if b"s3cr3t" in published[p]]


@pytest.mark.parametrize(
    ("base_url", "cname", "said"),
    [
        (
            "https://example.org/a/b/",
            "example.org\n",
            "base_url has the path '/a/b/', but static/CNAME makes example.org a custom "
            "domain, and GitHub Pages serves a site with one at '/': every link under /a/b/ "
            "would lead to a 404",
        ),
        (
            "https://example.org/a/b/",
            "status.example.com\n",
            "base_url's host 'example.org' differs from 'status.example.com', the custom "
            "domain in static/CNAME, and GitHub Pages serves a site with one at '/', not under "
            "/a/b/: every link would lead to a 404",
        ),
        # No path: the site is found, but every feed, canonical link and the API named
        # example.org while it was served at status.example.com, and check said nothing.
        (
            "https://example.org/",
            "status.example.com\n",
            "base_url's host 'example.org' differs from 'status.example.com', the custom "
            "domain in static/CNAME: the feeds, canonical links and the API would give "
            "example.org while the site is served at status.example.com",
        ),
    ],
)
def test_check_warns_of_a_cname_beside_a_base_url_with_a_path_or_another_host(
    tmp_path: Path, base_url: str, cname: str, said: str
) -> None:
    # Published without a word, the site was served at the domain's root: /a/b/… a 404.
    settings = SETTINGS.replace("https://status.example.com", base_url)
    site = write_site(tmp_path, {"statusgen.yaml": settings, "static/CNAME": cname})
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    domain = cname.strip()
    assert 0 == result.exit_code, result.output
    assert [
        f"statusgen.yaml:2:11: warning: {said}",
        f"    hint: write 'base_url: https://{domain}/', or remove static/CNAME if the site "
        "is not served at a domain of its own",
    ] == result.output.splitlines()[:2]


@pytest.mark.parametrize("base_url", ["https://example.org/", "https://example.org/a/b/"])
def test_a_cname_at_the_root_or_none_with_a_path_is_no_warning(
    tmp_path: Path, base_url: str
) -> None:
    settings = SETTINGS.replace("https://status.example.com", base_url)
    files: dict[str, str | bytes | None] = {"statusgen.yaml": settings}
    if base_url == "https://example.org/":
        files["static/CNAME"] = "example.org\n"
    site = write_site(tmp_path, files)
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert (0, "No problems found") == (result.exit_code, result.output.split(":")[0])


def test_a_cname_naming_no_domain_is_no_base_url_warning(tmp_path: Path) -> None:
    # A merge left its markers in it: the build says so, and base_url's check offered
    # `base_url: https://<<<<<<< HEAD/`.
    settings = SETTINGS.replace("https://status.example.com", "https://example.org/")
    site = write_site(tmp_path, {"statusgen.yaml": settings, **CONFLICTED})
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 1 == result.exit_code, result.output
    assert "static/CNAME:1:1: unresolved merge conflict" in result.output
    assert "statusgen.yaml" not in result.output


def test_a_cname_saved_with_a_byte_order_mark_names_its_host_and_is_published_without(
    tmp_path: Path,
) -> None:
    # Notepad's UTF-8 starts with a byte order mark: check named the host
    # '\ufeffstatus.example.com' and offered a base_url holding the invisible character.
    settings = SETTINGS.replace("https://status.example.com", "https://example.org")
    site = write_site(
        tmp_path,
        {"statusgen.yaml": settings, "static/CNAME": b"\xef\xbb\xbfstatus.example.com\r\n"},
    )
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == result.exit_code, result.output
    assert "hint: write 'base_url: https://status.example.com/'" in result.output
    assert "\ufeff" not in result.output

    (site / "statusgen.yaml").write_text(SETTINGS)
    result = CliRunner().invoke(cli, ["-C", str(site), "build", "--quiet", "--now", NOW])
    assert (0, "") == (result.exit_code, result.output)
    assert b"status.example.com\r\n" == (site / "public" / "CNAME").read_bytes()


def test_static_names_alike_but_for_case_or_unicode_form_are_told(site: Path) -> None:
    # On a Mac or Windows disk static/Status.json replaced status.json, and one of two
    # files named alike but for case or form replaced the other: nothing was said.
    (site / "static" / "docs").mkdir(parents=True)
    (site / "static" / "docs" / "README.txt").write_text("one")
    (site / "static" / "docs" / "Readme.txt").write_text("two")
    (site / "static" / "img").mkdir()
    (site / "static" / "img" / normalize("NFC", "café.png")).write_bytes(b"nfc")
    (site / "static" / "img" / normalize("NFD", "café.png")).write_bytes(b"nfd")
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == result.exit_code, result.output
    assert "static/docs/Readme.txt: warning: named as static/docs/README.txt" in result.output
    assert "warning: named as static/img/caf" in result.output

    (site / "static" / "Status.json").write_text("{}")
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 1 == result.exit_code, result.output
    assert (
        "static/Status.json: would replace the file statusgen writes at status.json on a disk "
        "that ignores case or Unicode form (macOS, Windows)"
    ) in result.output


# Tokens as a note or a script holds them, made up and put together here so that no
# scanner takes this file for one that leaks them.
_GITHUB_TOKEN = "ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U"
_FINE_GRAINED = "github_pat_" + "11ABCDEFG0" + "aZ9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF" * 2
_SLACK_HOOK = "https://hooks.slack.com/services/" + "T024BE7LD/B01234ABCDE/aB3dE5gH7jK9mN1pQ3rS5tV7"
_AWS_PAIR = (
    "[default]\naws_access_key_id = AKIA" + "Z7QW3RT5YU8IO2PA\n"
    "aws_secret_access_key = " + "k8Jd2Lq9/Xz4Vb7Nm1Qw3Er5Ty6Ui8Op0As2Df4G" + "\n"
)
_LOGIN_URL = "https://deploy:" + "Tr0ub4dor3x@" + "grafana.example.com/\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_token_or_an_address_with_a_login_in_a_static_text_file_is_not_published(
    site: Path, command: str
) -> None:
    # A token in a note copied to static/ is published as the note is: anyone who reads
    # the page can push to the repository, post to the channel or spend on the account.
    leaks = {
        "notes/github.txt": f"Release notes\n\nexport GITHUB_TOKEN={_GITHUB_TOKEN}\n",
        "notes/fine.md": f"# Deploy\n\nUse `{_FINE_GRAINED}`.\n",
        "js/alerts.js": f'// posts outages\nconst hook = "{_SLACK_HOOK}";\n',
        "aws.ini": _AWS_PAIR,
        "links.txt": "Dashboards\n\n\nGrafana: " + _LOGIN_URL,
    }
    lines = {"notes/github.txt": 3, "notes/fine.md": 3, "js/alerts.js": 2, "aws.ini": 2}
    lines["links.txt"] = 4
    # Placeholders a how-to writes, and text with none of them, are published.
    harmless = {
        "docs/token.md": "Set `GITHUB_TOKEN=ghp_" + "X" * 36 + "` or `<token>`, or `ghp_...`.\n",
        "docs/aws.md": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "docs/hook.md": "Post to https://hooks.slack.com/services/<token> or "
        "https://user:***@host/ (see https://example.com/?page=2).\n",
        "build.txt": "commit 4f1c2e9a7b3d5f60819a2b3c4d5e6f708192a3b4\n",
    }
    for relpath, text in {**leaks, **harmless}.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_text(text)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    said = "warning: a file that holds a token, or an address with a login or token, from line"
    for relpath, line in lines.items():
        assert f"static/{relpath}:{line}: {said} {line}: not published" in result.output
    assert "hint: remove it from the file, or write a placeholder such as <token>" in result.output
    for relpath in harmless:
        assert relpath not in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in leaks if relpath in published]
        assert {p: t.encode() for p, t in harmless.items()} == {p: published[p] for p in harmless}


def test_slack_s_example_webhook_is_a_placeholder_a_login_is_not(site: Path) -> None:
    # Slack's documents show its webhook with ids of zeros and the secret as X's: a how-to
    # that copied it was left out, and an update quoting it warned of, as a live one.
    example = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    howto = f"Post to {example}, or for short hooks.slack.com/services/T000/B000/xxxx.\n"
    (site / "static" / "docs").mkdir(parents=True)
    (site / "static" / "docs" / "slack.md").write_text(howto)
    (site / "static" / "links.txt").write_text("Grafana: https://user:pass@host/\n")
    incident = next((site / "content" / "incidents").glob("*.md"))
    text = incident.read_text()
    incident.write_text(text.replace("We are investigating.", f"Set it to {example}."))
    assert text != incident.read_text()
    code, output = build(site)

    assert 0 == code, output
    assert "webhook" not in output
    assert "docs/slack.md" not in output
    said = "warning: a file that holds a token, or an address with a login or token, from line 1"
    assert f"static/links.txt:1: {said}" in output
    published = tree(site / "public")
    assert howto.encode() == published["docs/slack.md"]
    assert "links.txt" not in published


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_token_in_a_static_text_file_saved_as_utf16_or_utf32_is_not_published(
    site: Path, command: str
) -> None:
    # Windows' Notepad and PowerShell's `>` save text so, byte order mark first: the
    # token in it is as live as in UTF-8.
    leaks = {
        "notes/t16.txt": f"notes\nexport GITHUB_TOKEN={_GITHUB_TOKEN}\n".encode("utf-16"),
        "notes/t32.txt": f"notes\nexport GITHUB_TOKEN={_GITHUB_TOKEN}\n".encode("utf-32"),
        "links.txt": ("Caf\u00e9 dashboards\r\nGrafana: " + _LOGIN_URL).encode("utf-16"),
    }
    for relpath, data in leaks.items():
        (site / "static" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relpath).write_bytes(data)
    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 0 == result.exit_code, result.output
    said = "warning: a file that holds a token, or an address with a login or token, from line"
    for relpath in leaks:
        assert f"static/{relpath}:2: {said} 2: not published" in result.output
    if command == "build":
        published = tree(site / "public")
        assert [] == [relpath for relpath in leaks if relpath in published]
