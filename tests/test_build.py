"""`statusgen build` end to end: every file of the spec, atomic, reproducible, linkable."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sitefiles import BUILD_NOW, INCIDENT_PATH, run_build, write_site
from sitefiles import tree as snapshot

from statusgen.build import _distinct
from statusgen.cli import cli
from statusgen.errors import StatusgenError
from statusgen.render.context import EventPages, Output, constant
from statusgen.write import RETIRED_PREFIX, STAGING_PREFIX, check_paths

EXAMPLE = Path(__file__).resolve().parents[1]
NOW = "2026-11-22T19:15:00Z"

# SPEC §6, for the example site's components and incidents.
SPEC_FILES = [
    "index.html",
    "incidents/2026-11-22-payout-creation-errors/index.html",
    "incidents/2026-11-29-payout-bank-maintenance/index.html",
    "history/index.html",
    "components/payouts/index.html",
    "feed.xml",
    "atom.xml",
    "components/payouts/feed.xml",
    "status.json",
    "api/v2/status.json",
    "api/v2/summary.json",
    "api/v2/components.json",
    "api/v2/incidents.json",
    "api/v2/incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/active.json",
    "maintenance.ics",
    "badge.svg",
    "components/payouts/badge.svg",
    "sitemap.xml",
    "404.html",
    "robots.txt",
    "_headers",
    ".nojekyll",
    "widget.js",
    "shields.json",
]


def build(root: Path, *args: str) -> tuple[int, str]:
    result = run_build(root, *args, now=NOW)
    return result.exit_code, result.output


def test_the_example_site_builds_every_file_the_spec_lists(example_site: Path) -> None:
    code, output = build(example_site, "-o", str(example_site / "out-spec"))
    assert 0 == code, output
    written = snapshot(example_site / "out-spec")
    assert [] == [path for path in SPEC_FILES if path not in written]
    assert output.startswith(f"Built {len(written)} files")


def test_quiet_prints_nothing(example_site: Path) -> None:
    code, output = build(example_site, "-q", "-o", str(example_site / "out-quiet"))
    assert (0, "") == (code, output)


def test_same_content_and_now_give_byte_identical_sites(example_site: Path) -> None:
    assert 0 == build(example_site, "-q", "-o", str(example_site / "one"))[0]
    assert 0 == build(example_site, "-q", "-o", str(example_site / "two"))[0]
    assert snapshot(example_site / "one") == snapshot(example_site / "two")


def test_a_rebuild_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    assert 0 == build(site, "-q")[0]
    before = {p: p.stat().st_ino for p in (site / "public").rglob("*") if p.is_file()}
    code, output = build(site)
    assert 0 == code
    assert "0 changed" in output
    assert before == {p: p.stat().st_ino for p in (site / "public").rglob("*") if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    assert 0 == build(site, "-q")[0]
    before = snapshot(site / "public")
    broken = (site / INCIDENT_PATH).read_text().replace("status: resolved", "status: fixed")
    (site / INCIDENT_PATH).write_text(broken)
    code, output = build(site)
    assert 1 == code
    assert f"{INCIDENT_PATH}:3:9:" in output
    assert before == snapshot(site / "public")
    leftovers = [
        p.name for p in tmp_path.iterdir() if p.name.startswith((STAGING_PREFIX, RETIRED_PREFIX))
    ]
    assert [] == leftovers


@pytest.mark.parametrize(
    "output",
    [".", "content", "content/public", ".statusgen-cache", "data/monitors", "translations"],
)
def test_an_output_folder_that_would_swallow_the_sources_is_refused(
    tmp_path: Path, output: str
) -> None:
    site = write_site(tmp_path)
    before = snapshot(site)
    code, text = build(site, "-o", str(site / output))
    assert 1 == code
    assert "output folder" in text
    assert before == snapshot(site)


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../outside", "a/../../b", "a//b", "a\\b", "./a", ""]
)
def test_output_paths_cannot_leave_the_output_folder(path: str) -> None:
    with pytest.raises(StatusgenError):
        check_paths([path])


@pytest.mark.parametrize(
    ("paths", "new", "clash"),
    [
        ({"history/index.html", "history"}, ["history"], "history"),  # new file, old folder
        ({"notes", "notes/today.html"}, ["notes/today.html"], "notes"),  # old file, new folder
        ({"a/b/c.json", "a/b"}, ["a/b"], "a/b"),
        (
            {f"new/{n}.html" for n in range(20)} | {"new"},
            [f"new/{n}.html" for n in range(20)],
            "new",
        ),
    ],
)
def test_a_new_output_path_that_clashes_with_a_kept_one_is_refused(
    paths: set[str], new: list[str], clash: str
) -> None:
    # A rebuild checks only the paths its output folder does not hold yet (the others were
    # checked when written), but each against all of them.
    with pytest.raises(StatusgenError, match=f"{clash} is written both as a file and a folder"):
        check_paths(paths, new)


def test_new_output_paths_are_checked_and_the_others_taken_as_checked() -> None:
    check_paths(
        {"index.html", "incidents/a/index.html", "incidents/b/index.html"},
        ["incidents/b/index.html"],
    )
    with pytest.raises(StatusgenError, match="outside the output"):
        check_paths({"index.html", "../b"}, ["../b"])


def page(path: str) -> Output:
    return Output(path, constant(b"page"))


def pages(*paths: str) -> EventPages:
    slugs = tuple(path.split("/")[1] for path in paths)
    return EventPages(paths, slugs, ("incident.html",), lambda i: b"page", lambda i: None)


@pytest.mark.parametrize(
    "listed",
    [
        [page("incidents/a/index.html"), page("incidents/a/index.html")],
        [page("incidents/a/index.html"), pages("incidents/b/index.html", "incidents/a/index.html")],
        [pages("incidents/a/index.html"), page("incidents/a/index.html")],
        [pages("incidents/a/index.html", "incidents/a/index.html")],
    ],
)
def test_two_outputs_are_never_written_to_one_path(listed: list[Output | EventPages]) -> None:
    # One would silently replace the other: the build names the path instead.
    with pytest.raises(StatusgenError, match="two outputs would be written to incidents/a/"):
        _distinct(listed)


@pytest.mark.parametrize("forked", [True, False])
def test_a_page_and_another_stages_output_at_one_path_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    # A rebuild lists the stages after the pages in a child process where it can fork:
    # a clash between the two is caught all the same, and the folder keeps its site.
    from collections.abc import Iterable

    from statusgen import build
    from statusgen import forked as forking
    from statusgen.render.context import Outputs, RenderContext

    monkeypatch.setattr(forking, "may_fork", lambda: forked)
    write_site(tmp_path)
    assert 0 == run_build(tmp_path).exit_code
    before = snapshot(tmp_path / "public")

    def renderers(context: RenderContext) -> Iterable[Outputs]:
        yield [page("index.html"), page("status.json")]
        yield [page("feed.xml"), page("status.json")]

    monkeypatch.setattr(build, "renderers", renderers)
    result = run_build(tmp_path, now="2026-11-22T20:15:00+00:00")
    assert 1 == result.exit_code
    assert "two outputs would be written to status.json" in result.output
    assert before == snapshot(tmp_path / "public")


def test_outputs_at_distinct_paths_are_listed_in_order() -> None:
    listed = [page("index.html"), pages("incidents/a/index.html", "incidents/b/index.html")]
    assert listed == _distinct(iter(listed))


@pytest.mark.parametrize("base_url", ["https://status.example.com/", "https://example.org/status/"])
def test_every_link_and_asset_resolves_with_and_without_a_path_prefix(
    example_site: Path, base_url: str
) -> None:
    out = example_site / f"out-{urlsplit(base_url).hostname}"
    assert 0 == build(example_site, "-q", "-o", str(out), "--base-url", base_url)[0]
    files = snapshot(out)
    prefix = urlsplit(base_url).path
    broken: list[tuple[str, str]] = []
    for path in (p for p in files if p.endswith(".html")):
        page = BeautifulSoup(files[path], "html.parser")
        targets = [tag.get("href") for tag in page.find_all(["a", "link"])]
        targets += [tag.get("src") for tag in page.find_all(["img", "script"])]
        for target in filter(None, targets):
            if target.startswith(base_url):
                target = prefix + target.removeprefix(base_url)
            if not target.startswith("/"):
                continue  # fragments and other sites
            if not target.startswith(prefix):
                broken.append((path, target))
                continue
            file = target.removeprefix(prefix).split("#")[0].split("?")[0]
            if file == "" or file.endswith("/"):
                file += "index.html"
            if file not in files:
                broken.append((path, target))
    assert [] == broken
    # Off-site readers get absolute URLs under the base URL.
    for feed in ("feed.xml", "atom.xml"):
        links = [e for e in ET.fromstring(files[feed]).iter() if e.tag.endswith("link")]
        urls = [link.get("href") or link.text or "" for link in links]
        assert urls and all(url.startswith(base_url) for url in urls), (feed, urls)


def test_building_leaves_the_callers_garbage_collector_settings_alone(tmp_path: Path) -> None:
    import gc
    from datetime import datetime

    from statusgen.build import build_site

    # A build runs without the collector (build._no_collections), then turns it back on
    # only where it was on.
    saved = gc.get_threshold()
    gc.set_threshold(500, 7, 3)
    try:
        write_site(tmp_path)
        build_site(tmp_path, now=datetime.fromisoformat("2026-11-22T19:15:00+00:00"))
        assert gc.get_threshold() == (500, 7, 3)
        assert gc.isenabled()
        gc.disable()
        build_site(tmp_path, now=datetime.fromisoformat("2026-11-22T20:15:00+00:00"))
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*saved)


def test_only_a_process_that_ends_after_its_command_keeps_what_its_build_made(
    tmp_path: Path,
) -> None:
    # `statusgen build` ends its process right after the build and lets the model and
    # the record go with it; a process that goes on (serve, a script, these tests)
    # gets every build's objects freed as the build returns.
    from statusgen import build

    write_site(tmp_path)
    assert 0 == run_build(tmp_path).exit_code
    run_build(tmp_path, now="2026-11-22T20:15:00+00:00")
    assert [] == build._HELD


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc")
def test_a_process_that_builds_again_and_again_keeps_no_file_of_its_builds_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A script (or a long test) that builds a site hundreds of times in one process: each
    # rebuild forks children that answer on pipes, and a pipe left open by every build
    # ran the process out of descriptors (select() refuses those past 1024).
    from statusgen import forked

    monkeypatch.setattr(forked, "may_fork", lambda: True)
    write_site(tmp_path)
    incident = tmp_path / INCIDENT_PATH
    assert 0 == run_build(tmp_path).exit_code

    def open_files() -> int:
        return len(list(Path("/proc/self/fd").iterdir()))

    before = open_files()
    for minute in range(10, 40):
        incident.write_text(incident.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
        assert 0 == run_build(tmp_path, now=f"2026-11-22T20:{minute}:00+00:00").exit_code
    assert open_files() <= before + 1


# --- a maintenance window whose work is completed before its scheduled end -------------------


def documented_maintenance() -> str:
    """The maintenance file docs/content.md shows (its window is 02:00 to 04:00, and its
    work is `Completed at 2026-09-20 03:18`)."""
    text = (EXAMPLE / "docs" / "content.md").read_text(encoding="utf-8")
    found = re.search(r"^## Maintenance\n.*?```markdown\n(.*?)```", text, re.S | re.M)
    assert found is not None
    return found.group(1)


def seen(root: Path, now: str) -> tuple[str, str, str | None, str, list[str], str]:
    """What a reader and a client see at `now`: status.json, the window's API status,
    resolved_at and updated_at, the active windows, and the home page's heading."""
    assert 0 == run_build(root, now=now).exit_code
    out = root / "public"
    overall = json.loads((out / "status.json").read_text())["status"]
    (window,) = json.loads((out / "api/v2/scheduled-maintenances.json").read_text())[
        "scheduled_maintenances"
    ]
    active = json.loads((out / "api/v2/scheduled-maintenances/active.json").read_text())
    heading = BeautifulSoup((out / "index.html").read_text(), "html.parser").h1
    assert heading is not None
    return (
        overall,
        window["status"],
        window["resolved_at"],
        window["updated_at"],
        [m["name"] for m in active["scheduled_maintenances"]],
        heading.get_text(" ", strip=True),
    )


@pytest.mark.parametrize("status", [None, "completed"], ids=["clock", "status-completed"])
def test_a_window_completed_early_is_over_at_its_completed_update(
    tmp_path: Path, status: str | None
) -> None:
    text = documented_maintenance()
    assert "\nstatus:" not in text and "## Completed at 2026-09-20 03:18" in text
    if status is not None:  # as `statusgen resolve` writes it: the two must agree
        text = text.replace("\n---\n", f"\nstatus: {status}\n---\n", 1)
    root = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": "title: Larchpay Status\nbase_url: https://status.example.com/\n",
            "content/components.yaml": "- name: API\n- name: Payouts\n",
            INCIDENT_PATH: None,
            "content/incidents/2026-09-20-database-upgrade.md": text,
        },
    )
    maintenance = ("under_maintenance", "in_progress", None, "2026-09-20T02:00:00.000Z")
    assert (*maintenance, ["Database upgrade"], "Maintenance in progress") == seen(
        root, "2026-09-20T03:00:00Z"
    )
    # After its Completed update, before the window's end; then after the end, which
    # changes nothing: each build in turn, as a site rebuilt by the hour is.
    done = ("operational", "completed", "2026-09-20T03:18:00.000Z", "2026-09-20T03:18:00.000Z")
    assert (*done, [], "All systems operational") == seen(root, "2026-09-20T03:30:00Z")
    assert (*done, [], "All systems operational") == seen(root, "2026-09-20T05:00:00Z")


def test_an_in_progress_update_after_the_windows_end_holds_it_open(tmp_path: Path) -> None:
    # Work that overruns: whoever wrote "In progress" after the planned end said the work
    # goes on, so no output may call the window completed until an update says so.
    window = (
        "---\ntitle: Late\nscheduled_for: 2026-09-24 02:00 +00:00\n"
        "scheduled_until: 2026-09-24 04:00 +00:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-09-20 10:00 +00:00\nLate.\n\n"
        "## In progress at 2026-09-24 02:00 +00:00\nStarted.\n\n"
        "## In progress at 2026-09-24 04:30 +00:00\nOverrunning; still working, another hour.\n"
    )
    path = "content/incidents/2026-09-24-late.md"
    root = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": "title: T\nbase_url: https://status.example.com/\n",
            "content/components.yaml": "- name: API\n",
            INCIDENT_PATH: None,
            path: window,
        },
    )

    # Before the update's time the clock has ended it, as the page said then.
    done_at_end = ("completed", "2026-09-24T04:00:00.000Z", "2026-09-24T04:00:00.000Z")
    assert ("operational", *done_at_end, [], "All systems operational") == seen(
        root, "2026-09-24T04:15:00Z"
    )
    held = ("in_progress", None, "2026-09-24T04:30:00.000Z")
    assert ("under_maintenance", *held, ["Late"], "Maintenance in progress") == seen(
        root, "2026-09-24T04:45:00Z"
    )
    public = root / "public"
    page = BeautifulSoup(
        (public / "incidents/2026-09-24-late/index.html").read_text(), "html.parser"
    ).get_text(" ", strip=True)
    assert "Status In progress" in page and "past its planned end" in page
    assert "X-STATUSGEN-STATE:in_progress" in (public / "maintenance.ics").read_text()
    listed = CliRunner().invoke(cli, ["-C", str(root), "incidents", "--now", "2026-09-24T04:45Z"])
    assert re.search(r"2026-09-24-late +in_progress", listed.output), listed.output

    # Over at the `Completed` update, not at the planned end that came before it.
    (root / path).write_text(window + "\n## Completed at 2026-09-24 05:30 +00:00\nDone.\n")
    done = ("completed", "2026-09-24T05:30:00.000Z", "2026-09-24T05:30:00.000Z")
    assert ("operational", *done, [], "All systems operational") == seen(
        root, "2026-09-24T06:00:00Z"
    )


def test_a_window_announced_after_its_end_and_resolved_later_was_over_at_its_end(
    tmp_path: Path,
) -> None:
    # Recorded after the fact, then tidied up with `resolve`: the clock completed it at its
    # end (nothing said the work ran on), so that is when it was over, not at `resolve`.
    root = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": "title: T\nbase_url: https://status.example.com/\n",
            "content/components.yaml": "- name: API\n",
            INCIDENT_PATH: None,
        },
    )
    for args in (
        [
            *("new", "maintenance", "Past work", "-c", "api", "-m", "Recorded after the fact."),
            *("--start", "2026-12-01 02:00 +00:00", "--end", "2026-12-01 04:00 +00:00"),
            *("--now", "2026-12-01T05:00Z"),
        ],
        ["resolve", "past-work", "--now", "2026-12-01T05:10Z"],
    ):
        result = CliRunner().invoke(cli, ["-C", str(root), *args])
        assert 0 == result.exit_code, result.output

    done = ("completed", "2026-12-01T04:00:00.000Z", "2026-12-01T05:10:00.000Z")
    assert ("operational", *done, [], "All systems operational") == seen(
        root, "2026-12-01T06:00:00Z"
    )


def test_a_copied_site_builds_into_its_own_output_folder(tmp_path: Path) -> None:
    # A site folder copied with its cache (cp -r, a second checkout made by copying) must
    # not take the original's output folder for its own and report "0 changed".
    from sitefiles import INIT_NOW, init_site

    first = init_site(tmp_path / "a")
    built = run_build(first, now=INIT_NOW)
    assert 0 == built.exit_code, built.output
    second = tmp_path / "b"
    shutil.copytree(first, second)
    shutil.rmtree(second / "public")
    result = run_build(second, now=INIT_NOW)
    assert 0 == result.exit_code, result.output
    assert (second / "public" / "index.html").is_file()
    assert str(first) not in result.output


HOME_OUTPUT = {
    "site": "base_url: https://status.example.com/\noutput: ~/www\n",
    "page": "pages:\n  public:\n    base_url: https://status.example.com/\n    output: ~/www\n",
}


@pytest.mark.parametrize("written", HOME_OUTPUT.values(), ids=HOME_OUTPUT.keys())
def test_an_output_in_the_home_folder_is_built_there_not_in_a_folder_named_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    # `output: ~/www` built into a folder named "~" inside the site, as no shell would.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    site = write_site(tmp_path / "site", {"statusgen.yaml": "title: T\n" + written})

    checked = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    code, text = build(site)

    assert (0, 0) == (checked.exit_code, code), checked.output + text
    assert (home / "www" / "index.html").is_file()
    assert not (site / "~").exists()


def test_an_output_in_the_home_folder_of_no_user_is_refused(tmp_path: Path) -> None:
    settings = "title: T\nbase_url: https://status.example.com/\noutput: ~no-such-user-x/www\n"
    site = write_site(tmp_path / "site", {"statusgen.yaml": settings})

    code, text = build(site)

    assert (1, [
        "statusgen.yaml:3:9: output '~no-such-user-x/www' names the home folder of "
        "'no-such-user-x', a user this computer does not have",
        "    hint: write the folder's full path, or one inside the site, e.g. 'output: public'",
    ]) == (code, text.splitlines()[:2])  # fmt: skip
    assert not (site / "~no-such-user-x").exists()


def test_an_output_option_in_the_home_folder_is_built_there_and_named_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--output=~/site2` (no shell expands `~` after `=`) built into a folder named "~"
    # inside the site, and said "into ~/site2", the home folder's name.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    site = write_site(tmp_path / "site")
    monkeypatch.chdir(site)

    code, text = build(site, "--output=~/site2")

    assert 0 == code, text
    assert (home / "site2" / "index.html").is_file()
    assert not (site / "~").exists()
    assert f"into {home / 'site2'} in " in text

    code, text = build(site, "-o", "~no-such-user-x/www")
    assert 2 == code
    assert (
        "Invalid value for '-o' / '--output': '~no-such-user-x/www' names the home folder of "
        "'no-such-user-x', a user this computer does not have"
    ) in text
    assert not (site / "~no-such-user-x").exists()


@pytest.mark.parametrize(
    ("written", "where"),
    [
        ("output: ~\n", "statusgen.yaml:3:9"),
        ("pages:\n  public:\n    base_url: https://x.org/\n    output: ~\n", "statusgen.yaml:6:13"),
    ],
)
def test_an_output_of_a_lone_tilde_says_yaml_reads_it_as_nothing(
    tmp_path: Path, written: str, where: str
) -> None:
    site = write_site(
        tmp_path / "site", {"statusgen.yaml": "title: T\nbase_url: https://x.org/\n" + written}
    )

    code, text = build(site)

    assert 1 == code
    assert f"{where}: 'output' is empty" == text.splitlines()[0]
    assert text.splitlines()[1].endswith(
        "; a lone ~ is YAML's null, no value: write '~', in quotes, if the home folder is meant"
    ), text


def test_a_rebuild_that_rewrites_files_says_none_was_removed(tmp_path: Path) -> None:
    # Switching between --relative and plain links rewrites the pages in place: the
    # summary must not count the rewritten files as removed ones.
    from sitefiles import INIT_NOW, init_site

    site = init_site(tmp_path / "site")
    assert 0 == run_build(site, now=INIT_NOW).exit_code
    result = run_build(site, "--relative", now=INIT_NOW)
    assert 0 == result.exit_code, result.output
    assert " changed) into " in result.output
    assert "removed" not in result.output


@pytest.mark.parametrize("args", [(), ("-q",)], ids=["plain", "quiet"])
def test_a_build_with_nothing_to_do_says_the_last_builds_warnings_again(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # A scheduled rebuild finds nothing changed: its log must still show what is wrong.
    from sitefiles import SETTINGS

    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "language: he\n"})
    warning = "statusgen.yaml:4:11: warning: statusgen ships no translation for language 'he'"

    first = run_build(site, *args, now=NOW)
    again = run_build(site, *args, now=NOW)

    assert (0, 0) == (first.exit_code, again.exit_code), again.output
    assert first.stderr.startswith(warning), first.stderr
    assert first.stderr == again.stderr
    assert "0 changed" in again.stdout or "-q" in args

    (site / "statusgen.yaml").write_text(SETTINGS)
    fixed = run_build(site, *args, now=NOW)
    fixed_again = run_build(site, *args, now=NOW)

    assert ("", "") == (fixed.stderr, fixed_again.stderr)


def test_a_base_url_outside_ascii_goes_out_as_a_browser_sends_it(tmp_path: Path) -> None:
    # Sitemaps and RSS readers take only URLs in ASCII: the host in IDNA's form, the path
    # percent-encoded as UTF-8.
    settings = "title: Störung\nbase_url: https://Störung.example.de/statüs\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})

    assert 0 == run_build(root).exit_code

    public = root / "public"
    base = "https://xn--strung-xxa.example.de/stat%C3%BCs/"
    assert f"Sitemap: {base}sitemap.xml" in (public / "robots.txt").read_text()
    locs = [e.text for e in ET.parse(public / "sitemap.xml").iter() if e.tag.endswith("loc")]
    assert locs and all(loc and loc.startswith(base) for loc in locs)
    assert f"<link>{base}</link>" in (public / "feed.xml").read_text()


@pytest.mark.parametrize(
    ("plain", "settings", "args", "env"),
    [
        ("https://status.example.com/", "base_url: https://Status.Example.com:443/\n", (), {}),
        ("http://status.example.com/", "base_url: HTTP://STATUS.example.COM:80\n", (), {}),
        ("https://status.example.com/", "", ("--base-url", "HTTPS://Status.Example.com:443"), {}),
        (
            "https://status.example.com/",
            "",
            (),
            {"STATUSGEN_BASE_URL": "https://STATUS.EXAMPLE.COM:443/"},
        ),
    ],
    ids=["settings", "http", "option", "environment"],
)
def test_a_base_url_respelled_publishes_the_same_addresses(
    tmp_path: Path, plain: str, settings: str, args: tuple[str, ...], env: dict[str, str]
) -> None:
    # Host case and the scheme's own port are no part of an address as a browser sends
    # it: spelling them otherwise must not move a feed GUID, a calendar UID or the page id.
    written = write_site(tmp_path / "plain", {"statusgen.yaml": f"title: T\nbase_url: {plain}\n"})
    respelled = write_site(tmp_path / "respelled", {"statusgen.yaml": "title: T\n" + settings})
    assert 0 == run_build(written).exit_code
    result = CliRunner(env=env).invoke(
        cli, ["-C", str(respelled), "build", "--now", BUILD_NOW, *args]
    )
    assert 0 == result.exit_code, result.output

    assert snapshot(written / "public") == snapshot(respelled / "public")


def test_a_base_url_whose_host_is_no_domain_name_is_refused(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"statusgen.yaml": "title: T\nbase_url: https://ä..b/\n"})

    result = run_build(root)

    assert 1 == result.exit_code
    said = "statusgen.yaml:2:11: base_url has a host that is not a domain name: 'ä..b'"
    assert said in result.output


def test_a_delete_character_in_a_window_stays_out_of_the_calendar(tmp_path: Path) -> None:
    # RFC 5545 TEXT holds no control character; XML (the pages, the feeds) allows DEL.
    window = (
        "---\ntitle: Upgrade\nscheduled_for: 2026-11-25 02:00\n"
        "scheduled_until: 2026-11-25 03:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-11-21 09:30\nAlert text: a\x7fb\n"
    )
    root = write_site(tmp_path / "site", {"content/incidents/2026-11-25-upgrade.md": window})

    assert 0 == run_build(root).exit_code

    calendar = (root / "public" / "maintenance.ics").read_bytes()
    assert b"Alert text: ab" in calendar.replace(b"\r\n ", b"")
    assert b"\x7f" not in calendar


def test_spaces_an_editor_leaves_at_a_paragraphs_end_reach_no_page_or_feed(
    tmp_path: Path,
) -> None:
    # CommonMark drops them at every block's end (a blank line, a fence, a list after);
    # a space before a line break (a hard break) and code keep theirs. The API's body is
    # the Markdown as written, which any Markdown reader shows the same way.
    message = (
        "First  \nline.  \n\n```\ncode  \n```\n\n    indented  \n\nBefore list  \n- a  \n- b\n\n"
        "Down  "
    )
    site = write_site(
        tmp_path,
        {
            "content/incidents/2026-11-22-down.md": "---\ntitle: Down\nstatus: investigating\n"
            f"---\n## Investigating at 2026-11-22 19:00\n{message}\n",
        },
    )

    assert 0 == build(site, "-q")[0]

    parts = (
        "<p>First<br>\nline.</p>",
        "<p>Down</p>",
        "<code>code  \n",
        "<code>indented  \n",
        "<p>Before list</p>",
        "<li>a</li>",
    )
    public = site / "public"
    for page in ("index.html", "incidents/2026-11-22-down/index.html"):
        text = (public / page).read_text()
        assert list(parts) == [part for part in parts if part in text], page
    feed = (public / "feed.xml").read_text()
    assert [] == [blanks for blanks in ("Down  &lt;", "list  &lt;", "a  &lt;") if blanks in feed]
    assert "Down&lt;/p&gt;" in feed
    incidents = json.loads((public / "api/v2/incidents.json").read_text())["incidents"]
    body = next(i for i in incidents if i["name"] == "Down")["incident_updates"][0]["body"]
    assert message == body
