"""What a user prepared the output folder with for the web server (its group, setgid, an
ACL) survives every build, whole or cached, and builds with nothing to do stay no-ops."""

from __future__ import annotations

import errno
import grp
import hashlib
import os
import shutil
import stat
import struct
from pathlib import Path

import pytest
from sitefiles import INCIDENT_PATH, SETTINGS, run_build, tree, umask, write_site

NOW = "2026-11-22T18:00:00Z"
WEB_GROUP = 65534  # nogroup, when the tests run as root
ACCESS, DEFAULT = "system.posix_acl_access", "system.posix_acl_default"


def build(root: Path, output: Path, *args: str) -> tuple[int, str]:
    result = run_build(root, "-q", "-o", str(output), *args, now=NOW)
    return result.exit_code, result.output


def web_group() -> int:
    """A group other than the user's own that the user may give files."""
    if os.geteuid() == 0:
        return WEB_GROUP
    others = [g for g in os.getgroups() if g != os.getegid()]
    if not others:
        pytest.skip("needs a second group to give the output folder")
    return others[0]


def acl(group: int) -> bytes:
    """u::rwx g::r-x g:GROUP:r-x m::r-x o::--- in the kernel's xattr format."""
    entries = [(1, 7, -1), (4, 5, -1), (8, 5, group), (0x10, 5, -1), (0x20, 0, -1)]
    return struct.pack("<I", 2) + b"".join(
        struct.pack("<HHI", tag, perm, ident & 0xFFFFFFFF) for tag, perm, ident in entries
    )


def grants(entries: bytes | None, group: int) -> bool:
    """Whether an access ACL has an entry of its own for `group` (a named group)."""
    found = entries or b""
    listed = [struct.unpack_from("<HHI", found, at) for at in range(4, len(found), 8)]
    return any(tag == 8 and ident == group for tag, _, ident in listed)


def prepare(folder: Path, how: str, group: int) -> None:
    """An empty output folder made ready for the web server, as a deploy user does."""
    folder.mkdir()
    give(folder, how, group)


def give(folder: Path, how: str, group: int) -> None:
    """Give the output folder to the web server's group, as docs/building.md says."""
    if how == "setgid":
        os.chown(folder, -1, group)
        folder.chmod(0o2750)
    else:
        try:
            os.setxattr(folder, DEFAULT, acl(group))
            os.setxattr(folder, ACCESS, acl(group))
        except OSError as error:
            if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
                pytest.skip("the file system has no ACLs")
            raise


def described(folder: Path) -> dict[str, tuple[int, int, bytes | None, bytes | None]]:
    """Every file and folder: its permissions, group, bytes and access ACL."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        try:
            entries: bytes | None = os.getxattr(path, ACCESS)
        except OSError:
            entries = None
        data = path.read_bytes() if path.is_file() else None
        found[path.relative_to(folder).as_posix()] = (
            stat.S_IMODE(info.st_mode),
            info.st_gid,
            data,
            entries,
        )
    return found


def touched(folder: Path) -> str:
    """What changes whenever a build writes anything in `folder`."""
    seen = [(str(p), p.lstat().st_ino, p.lstat().st_ctime_ns) for p in [folder, *folder.rglob("*")]]
    return hashlib.sha256(repr(sorted(seen)).encode()).hexdigest()


def edit_incident(root: Path) -> None:
    incident = root / INCIDENT_PATH
    incident.write_text(incident.read_text().replace("We are looking", "We are digging"))


@pytest.mark.parametrize("how", ["setgid", "acl"])
def test_a_build_keeps_what_the_output_folder_was_prepared_with(tmp_path: Path, how: str) -> None:
    group = web_group()
    root = write_site(tmp_path / "site")
    output, fresh = tmp_path / "www", tmp_path / "fresh"
    prepare(output, how, group)
    with umask(0o027):
        assert (0, "") == build(root, output)
        site = described(output)
        if how == "setgid":
            # The web server's group on every file and folder, setgid kept.
            assert {group} == {gid for _, gid, _, _ in site.values()}
            assert 0o2750 == site["."][0]
        else:
            # The group's entry inherited by every file and folder, and the folder's own.
            assert all(grants(entries, group) for _, _, _, entries in site.values())
        # Builds with nothing to do touch nothing: the inherited modes are not "wrong".
        before = touched(output)
        assert (0, "") == build(root, output)
        assert (0, "") == build(root, output)
        assert before == touched(output)
        # A cached build after an edit gives what a whole new site gets.
        edit_incident(root)
        assert (0, "") == build(root, output)
        prepare(fresh, how, group)
        assert (0, "") == build(root, fresh, "--no-cache")
    assert described(fresh) == described(output)


@pytest.mark.parametrize("args", [["--no-cache"], []], ids=["whole site", "cached"])
@pytest.mark.parametrize("how", ["setgid", "acl"])
def test_an_existing_site_given_to_the_web_server_gets_its_group_or_acl_at_the_next_build(
    tmp_path: Path, how: str, args: list[str]
) -> None:
    # The site built first, the output folder given to the web server's group after: the
    # rebuild linked every unchanged file from the previous site with its old group and
    # no ACL (the web server was refused them), and a cached build did nothing at all.
    group = web_group()
    root = write_site(tmp_path / "site")
    output, fresh = tmp_path / "www", tmp_path / "fresh"
    with umask(0o027):
        assert (0, "") == build(root, output)
        give(output, how, group)
        assert (0, "") == build(root, output, *args)
        site = described(output)
        if how == "setgid":
            assert {group} == {gid for _, gid, _, _ in site.values()}
        else:
            assert all(grants(entries, group) for _, _, _, entries in site.values())
        # Builds with nothing to do since (after --no-cache, once the cache records it).
        assert (0, "") == build(root, output)
        before = touched(output)
        assert (0, "") == build(root, output)
        assert before == touched(output)
        # As a site built into a folder prepared before the first build.
        prepare(fresh, how, group)
        assert (0, "") == build(root, fresh, "--no-cache")
    assert described(fresh) == described(output)


def test_a_group_the_user_cannot_give_is_said_and_the_site_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = web_group()
    root = write_site(tmp_path / "site")
    output = tmp_path / "www"
    prepare(output, "setgid", group)

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "chown", refused)
    status, said = build(root, output)
    assert 0 == status
    assert 1 == said.count("could not give the new site the group")
    assert f"of {output} ({os.strerror(errno.EPERM)})" in said
    assert (output / "index.html").is_file()
    # The folder that held the group is replaced: no later build can know it, so the
    # warning says how to give it back, rather than only to build as a member.
    assert os.getegid() == output.stat().st_gid
    name = grp.getgrgid(group).gr_name
    assert f"chgrp -R {name} {output} && chmod g+s {output}" in " ".join(said.split())


def test_a_folder_output_no_longer_names_is_warned_of_and_kept(tmp_path: Path) -> None:
    # Changing `output:` left the old folder, a whole copy of what was published there
    # (a private page's incidents too), beside the new one, and build said nothing.
    # Said at the `output:` that moved the site, as any problem with it is.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: site-a\n"})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: site-b\n")

    moved = run_build(root, now=NOW)
    again = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == moved.exit_code, moved.output
    told = (
        "statusgen.yaml:4:9: warning: the site is now built into another folder; site-a/, "
        "where the last build put it, is left as it was"
    )
    assert told in moved.output
    assert "hint: delete site-a/ if nothing serves it any more" in moved.output
    assert told in again.output  # a build with nothing to do says it again
    assert (root / "site-a/index.html").is_file()
    assert (root / "site-b/index.html").is_file()


def pages(**outputs: str) -> str:
    """Settings with one private page per name, built into the folder given."""
    entries = "".join(
        f"  {name}:\n    output: {folder}\n    private: true\n"
        f"    base_url: https://{name}.example.com\n"
        for name, folder in outputs.items()
    )
    return SETTINGS + "pages:\n" + entries


def told_of(folder: str, output: str) -> bool:
    return f"{folder}/, where the last build put it, is left as it was" in output


def test_a_renamed_page_warns_of_its_old_folder_while_it_holds_the_site(tmp_path: Path) -> None:
    # Renaming a private page while changing its `output:` left its old folder, every
    # incident it published, without a word: the record was the old name's.
    root = write_site(tmp_path, {"statusgen.yaml": pages(internal="pub-int")})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(pages(staff="pub-staff"))

    renamed = run_build(root, now=NOW)
    edit_incident(root)
    later = run_build(root, now=NOW)
    shutil.rmtree(root / "pub-int")
    edit_incident(root)
    deleted = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == renamed.exit_code, renamed.output
    assert "warning: page 'internal' is built no more; pub-int/, where" in renamed.output
    assert "hint: delete pub-int/ if nothing serves it any more" in renamed.output
    assert told_of("pub-int", later.output)  # the page gone is no reason to forget it
    assert (root / "pub-staff/index.html").is_file()
    assert not told_of("pub-int", deleted.output)  # deleted as the hint said: told no more


def warnings_said(output: str) -> list[str]:
    """The warning and hint lines of a build's output, in order."""
    return [line for line in output.splitlines() if line.startswith(("statusgen.yaml:", "    "))]


@pytest.mark.parametrize("later", [(), ("--no-cache",)], ids=["cached", "no-cache"])
def test_every_build_after_output_moved_names_the_users_files_in_the_old_folder(
    tmp_path: Path, later: tuple[str, ...]
) -> None:
    # After `output:` changed, builds with nothing to do said the first build's warning
    # again, blind to a file the user put in the old folder since, with a hint to delete
    # the folder whole; a --no-cache build said nothing, nor did any build after it.
    root = write_site(tmp_path)
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: www\n")
    moved = run_build(root, now=NOW)
    (root / "public/mine.txt").write_text("hi\n")

    builds = [run_build(root, *later, now=NOW) for _ in range(3)]
    builds.append(run_build(root, now=NOW))  # a build that uses the cache after them

    assert 0 == first.exit_code, first.output
    assert told_of("public", moved.output)
    told = (
        "statusgen.yaml:4:9: warning: the site is now built into another folder; public/, "
        "where the last build put it, still holds everything it published then, beside what "
        "that build did not write there (mine.txt)"
    )
    hint = (
        "    hint: if nothing serves the site there any more, move mine.txt out of public/ "
        "first, then delete public/ (statusgen never deletes it)"
    )
    for build in builds:
        assert 0 == build.exit_code, build.output
        assert [told, hint] == warnings_said(build.output)
        assert "0 changed" in build.output
    assert "hi\n" == (root / "public/mine.txt").read_text()


def test_a_site_split_into_pages_warns_of_its_single_folder(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(pages(pub="pub"))

    split = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == split.exit_code, split.output
    assert told_of("public", split.output)
    assert (root / "public/index.html").is_file()


def test_a_page_built_alone_leaves_the_other_pages_records(tmp_path: Path) -> None:
    # `build --page staff` does not build `internal`, which the settings still define:
    # neither gone nor warned of, and its own move is still told when it is built.
    root = write_site(tmp_path, {"statusgen.yaml": pages(internal="pub-int", staff="pub-staff")})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(pages(internal="pub-int2", staff="pub-staff"))

    alone = run_build(root, "--page", "staff", now=NOW)
    moved = run_build(root, "--page", "internal", now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == alone.exit_code, alone.output
    assert not told_of("pub-int", alone.output)
    # At the page's `output:` (line 6), the line the user changed.
    said = "statusgen.yaml:6:13: warning: page 'internal' is now built into another folder"
    assert f"{said}; pub-int/" in moved.output


def test_a_build_without_the_cache_still_warns_of_the_old_folder(tmp_path: Path) -> None:
    # --no-cache dropped the record of the folder the last build wrote: the folder
    # `output:` named before was never mentioned, by that build or any after it.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: site-out\n"})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: site-out2\n")

    uncached = run_build(root, "--no-cache", now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: site-out3\n")
    moved_again = run_build(root, "--no-cache", now=NOW)

    assert 0 == first.exit_code, first.output
    assert told_of("site-out", uncached.output)
    assert told_of("site-out2", moved_again.output)
    assert (root / "site-out/index.html").is_file()


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "no-cache"])
def test_a_folder_made_again_for_something_else_is_not_warned_of(
    tmp_path: Path, cached: bool
) -> None:
    # The site's old folder deleted, then made again for the user's own notes: the
    # warning named it all the same, and its hint said to delete it, notes and all.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: www2\n"})
    first = run_build(root, now=NOW)
    shutil.rmtree(root / "www2")
    (root / "www2").mkdir()
    (root / "www2/notes.txt").write_text("my notes\n")
    (root / "statusgen.yaml").write_text(SETTINGS + "output: www3\n")

    moved = run_build(root, *([] if cached else ["--no-cache"]), now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == moved.exit_code, moved.output
    assert "www2/" not in moved.output
    assert "my notes\n" == (root / "www2/notes.txt").read_text()


def test_a_folder_holding_the_site_and_the_users_files_is_not_to_be_deleted_whole(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: www2\n"})
    first = run_build(root, now=NOW)
    (root / "www2/notes.txt").write_text("my notes\n")
    (root / "www2/drafts").mkdir()
    (root / "statusgen.yaml").write_text(SETTINGS + "output: www3\n")

    moved = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == moved.exit_code, moved.output
    assert "www2/, where the last build put it, still holds everything" in moved.output
    assert "beside what that build did not write there (drafts/, notes.txt)" in moved.output
    hint = "hint: if nothing serves the site there any more, move drafts/, notes.txt out of www2/"
    assert hint in moved.output
    assert "delete www2/ if" not in moved.output


def test_a_folder_left_behind_is_no_more_warned_of_once_deleted(tmp_path: Path) -> None:
    # A build with nothing to do says the last build's warnings again: it named the old
    # folder after the user deleted it as the hint said, build after build.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: site-a\n"})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: site-b\n")
    moved = run_build(root, now=NOW)
    kept = run_build(root, now=NOW)
    shutil.rmtree(root / "site-a")

    deleted = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert told_of("site-a", moved.output)
    assert told_of("site-a", kept.output)  # still there: still said
    assert 0 == deleted.exit_code, deleted.output
    assert not told_of("site-a", deleted.output)
    assert "0 changed" in deleted.output  # a build with nothing to do all the same


@pytest.mark.parametrize("back", [(), ("--no-cache",)], ids=["cached", "no-cache"])
def test_output_set_back_to_a_folder_left_behind_never_deletes_the_users_files(
    tmp_path: Path, back: tuple[str, ...]
) -> None:
    # The warning of the folder left behind named the user's files in it; setting
    # `output:` back to that folder replaced it whole, and they were gone without a word.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: public\n"})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: out2\n")
    moved = run_build(root, now=NOW)
    (root / "public/mine.txt").write_text("x\n")
    (root / "public/drafts").mkdir()
    (root / "public/drafts/a.md").write_text("my draft\n")
    warned = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: public\n")

    refused = run_build(root, *back, now=NOW)
    kept = tree(root / "public")
    (root / "public/mine.txt").rename(root / "mine.txt")
    shutil.rmtree(root / "public/drafts")
    built = run_build(root, *back, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == moved.exit_code, moved.output
    assert "beside what that build did not write there (drafts/, mine.txt)" in warned.output
    assert 1 == refused.exit_code, refused.output
    line = SETTINGS.count("\n") + 1
    told = (
        f"statusgen.yaml:{line}:9: the output folder 'public' holds the site an earlier "
        "build left there, beside what that build did not write there (drafts/, mine.txt), "
        "which the build would delete with the folder"
    )
    assert told in refused.output
    hint = "hint: the build replaces the whole folder: move drafts/, mine.txt out of public/ first"
    assert hint in refused.output
    assert b"x\n" == kept["mine.txt"]
    assert b"my draft\n" == kept["drafts/a.md"]
    assert "index.html" in kept  # the site left there untouched too
    assert 0 == built.exit_code, built.output  # moved out as the hint said: built again
    assert "public/" not in built.output
    assert (root / "public/index.html").is_file()


def test_a_no_cache_build_that_moves_the_site_still_keeps_the_users_files_it_left_behind(
    tmp_path: Path,
) -> None:
    # The move was built with --no-cache: its note of public/ recorded none of the files
    # the build before wrote there, so the user's file put there since was taken for the
    # site's, and the build back into public/ deleted it ("1 removed") without a word.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "output: public\n"})
    first = run_build(root, now=NOW)
    (root / "statusgen.yaml").write_text(SETTINGS + "output: out2\n")
    moved = run_build(root, "--no-cache", now=NOW)
    (root / "public/mine.txt").write_text("mine\n")
    (root / "statusgen.yaml").write_text(SETTINGS + "output: public\n")

    back = run_build(root, now=NOW)

    assert 0 == first.exit_code, first.output
    assert 0 == moved.exit_code, moved.output
    assert "public/, where the last build put it" in moved.output
    assert 1 == back.exit_code, back.output
    assert "beside what that build did not write there (mine.txt)" in back.output
    assert "move mine.txt out of public/ first" in back.output
    assert b"mine\n" == (root / "public/mine.txt").read_bytes()
