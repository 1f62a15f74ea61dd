"""Commands find their site by walking up to the nearest statusgen.yaml, as git does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INIT_NOW, hinted_command, init_site

from statusgen.cli import cli
from statusgen.layout import CACHE_FOLDER

NOW = INIT_NOW
NOT_A_SITE = "not a statusgen site (no statusgen.yaml here or in any parent folder)"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = init_site(tmp_path / "site")
    return root


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["status", "--now", NOW],
        ["incidents", "--now", NOW],
        ["build", "--now", NOW],
        ["new", "incident", "Checkout errors", "-m", "Looking.", "--now", NOW],
    ],
    ids=lambda a: a[0] if a[0] != "new" else "new-incident",
)
def test_commands_work_from_a_subfolder_and_name_the_site(
    site: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    code, _, err = run_in(site / "content" / "incidents", monkeypatch, *args)
    assert 0 == code, err
    assert f"Using the site in {site.resolve()}" in err


def test_a_quiet_build_from_a_subfolder_prints_nothing(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-q` is for cron jobs and CI steps, where any output is read as trouble."""
    code, out, err = run_in(
        site / "content" / "incidents", monkeypatch, "build", "-q", "--now", NOW
    )
    assert (0, "", "") == (code, out, err)


def test_a_subfolder_build_writes_the_sites_own_output(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_in(site / "content", monkeypatch, "build", "--quiet", "--now", NOW)
    assert (site / "public" / "index.html").is_file()
    assert not (site / "content" / "public").exists()


@pytest.mark.parametrize(
    ("inside", "lead"),
    [("public", []), ("public/incidents", []), ("public", ["-C", ".."])],
    ids=["public", "public-incidents", "public-C-dotdot"],
)
def test_a_build_run_in_its_output_folder_replaces_it_and_says_where(
    site: Path, monkeypatch: pytest.MonkeyPatch, inside: str, lead: list[str]
) -> None:
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "-q", "--now", NOW])
    assert 0 == first.exit_code, first.output

    # A build without its cache swaps the whole new site in: the shell is left in the
    # folder it replaced, which no longer exists. The site named relative to that folder
    # (-C ..) can no longer be found from it once the build is done.
    code, out, err = run_in(site / inside, monkeypatch, *lead, "build", "--no-cache", "--now", NOW)
    assert 0 == code, err
    assert f"into {site.resolve() / 'public'} in " in out
    assert (site / "public" / "status.json").is_file()

    # The next command in that shell: nothing around it can be found.
    result = CliRunner().invoke(cli, ["check"])
    assert 1 == result.exit_code
    assert "Error: the current folder no longer exists; cd to the site again\n" == result.stderr


def test_a_build_without_its_cache_named_relative_to_its_output_folder_records_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache gone (deleted by hand), the build swaps the whole site in and still records
    # what it wrote for the next one, the site named from a folder that is now gone.
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "-q", "--now", NOW])
    assert 0 == first.exit_code, first.output
    shutil.rmtree(site / CACHE_FOLDER)

    code, out, err = run_in(site / "public", monkeypatch, "-C", "..", "build", "--now", NOW)
    assert 0 == code, err
    assert f"into {site.resolve() / 'public'} in " in out
    monkeypatch.chdir(site)
    again = CliRunner().invoke(cli, ["build", "--now", NOW])
    assert 0 == again.exit_code, again.output
    assert " 0 changed) " in again.stdout


@pytest.mark.parametrize("inside", ["public", "public/incidents"])
def test_a_rebuild_run_in_its_output_folder_writes_in_place_and_names_it_in_full(
    site: Path, monkeypatch: pytest.MonkeyPatch, inside: str
) -> None:
    # With its cache, a rebuild writes only what changed into the folder: the shell stays
    # where it is, and the output is named by its full path, not ".".
    first = CliRunner().invoke(cli, ["-C", str(site), "build", "-q", "--now", NOW])
    assert 0 == first.exit_code, first.output
    code, out, err = run_in(site / inside, monkeypatch, "build", "--now", NOW)
    assert 0 == code, err
    assert f"into {site.resolve() / 'public'} in " in out
    assert 0 == run_in(site / inside, monkeypatch, "check", "--now", NOW)[0]


def test_update_and_resolve_from_a_subfolder(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = site / "content" / "incidents"
    code, _, err = run_in(folder, monkeypatch, "new", "incident", "Checkout down", "-m", "x")
    assert 0 == code, err
    slug = next(p.stem for p in folder.glob("*checkout-down*.md"))
    assert 0 == run_in(folder, monkeypatch, "update", slug, "-m", "Found it.")[0]
    assert 0 == run_in(folder, monkeypatch, "resolve", slug)[0]
    assert "status: resolved" in (folder / f"{slug}.md").read_text()


def test_no_message_in_the_sites_own_folder(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_in(site, monkeypatch, "check")
    assert 0 == code
    assert "Using the site" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["build"],
        ["status"],
        ["incidents"],
        ["update", "payments", "-m", "x"],
        ["resolve", "payments"],
        ["new", "incident", "Down", "-m", "x"],
        ["new", "maintenance", "Upgrade", "--start", "tomorrow 2am", "--end", "in 30h", "-m", "x"],
        ["serve", "--port", "0"],
    ],
    ids=lambda a: "-".join(a[:2]) if a[0] == "new" else a[0],
)
def test_outside_any_site_every_command_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    code, _, err = run_in(tmp_path, monkeypatch, *args)
    assert 1 == code
    assert NOT_A_SITE in err
    assert "statusgen init" in err
    assert "no incident" not in err  # not the wrong diagnosis
    assert "Serving" not in err  # serve stops instead of serving an error page


def test_init_still_creates_the_site_in_the_current_folder(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside another site, most likely a slip: refused, naming the site; --force insists,
    # and the new site goes into the current folder, never the site found upwards.
    inner = site / "content" / "nested-site"
    inner.mkdir()
    code, _, err = run_in(inner, monkeypatch, "init", "--now", NOW)
    assert 1 == code
    assert f"is inside the status site in {site.resolve()}" in err
    assert [] == list(inner.iterdir())
    code, _, err = run_in(inner, monkeypatch, "init", "--force", "--now", NOW)
    assert 0 == code, err
    assert (inner / "statusgen.yaml").is_file()


@pytest.mark.parametrize(
    ("start", "taken", "expected"),
    [
        ("content", [], "statusgen init ../../my-status"),
        ("content/incidents", ["my-status"], "statusgen init ../../../my-status-2"),
    ],
)
def test_init_inside_a_site_names_a_folder_outside_it_that_init_accepts(
    site: Path, monkeypatch: pytest.MonkeyPatch, start: str, taken: list[str], expected: str
) -> None:
    for name in taken:
        (site.parent / name).mkdir()
    code, _, err = run_in(site / start, monkeypatch, "init", "new-site", "--now", NOW)
    assert 1 == code
    assert f"hint: pick a folder outside it ({expected});" in err

    # What the hint says to run, from where it was said, makes the site outside this one.
    code, _, err = run_in(site / start, monkeypatch, *expected.split()[1:], "--now", NOW)
    assert 0 == code, err
    assert (site.parent / expected.rsplit("/", 1)[1] / "statusgen.yaml").is_file()


def test_c_dir_inside_a_site_finds_it_too(site: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(site / "content" / "incidents"), "check"])
    assert 0 == result.exit_code, result.output
    assert f"Using the site in {site.resolve()}" in result.stderr


@pytest.mark.parametrize("command", [["check"], ["build"], ["status"]])
def test_a_C_folder_that_does_not_exist_is_a_usage_error_naming_it(
    tmp_path: Path, command: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "sitte"), *command])
    assert 2 == result.exit_code
    assert f"no folder '{tmp_path / 'sitte'}'" in result.stderr
    assert NOT_A_SITE not in result.stderr


@pytest.mark.parametrize("command", [["check"], ["build"], ["status"], ["init"]])
def test_a_C_naming_the_settings_file_is_told_to_name_its_folder(
    site: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # Click's "Directory 'site/statusgen.yaml' is a file." named no folder to use instead.
    monkeypatch.chdir(site.parent)
    given = f"{site.name}/statusgen.yaml"

    result = CliRunner().invoke(cli, ["-C", given, *command])

    assert 2 == result.exit_code
    assert (
        f"'{given}' is a file, not a folder; pass the folder holding it: -C {site.name}"
    ) in result.stderr
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "command",
    [["status", "--now", NOW], ["build", "--now", NOW], ["incidents", "--now", NOW]],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("given", [["-C", "{site}"], ["--root={site}"], ["-C{site}"]])
def test_dash_c_after_the_command_is_told_it_goes_before(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    given: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no site here: only -C finds it
    option = [word.format(site="site") for word in given]

    result = CliRunner().invoke(cli, [command[0], *option, *command[1:]])

    assert 2 == result.exit_code, result.output
    offered = hinted_command(result.output)
    assert ["-C", "site", *command] == offered
    assert 0 == CliRunner().invoke(cli, offered).exit_code


def test_dash_c_after_a_subcommand_is_told_it_goes_before_the_command(site: Path) -> None:
    typed = ["new", "incident", "Outage", "-C", str(site), "-m", "x", "--now", NOW]

    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "new", "incident", "Outage", "-m", "x", "--now", NOW] == (
        hinted_command(result.output)
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # The same again is said once.
        (["status", "-C", "site", "-C", "site"], ["-C", "site", "status"]),
        (["status", "-C", "away", "--root=site"], ["-C", "away", "-C", "site", "status"]),
        (
            ["status", "-Caway", "--now", NOW, "-C", "site"],
            ["-C", "away", "-C", "site", "status", "--now", NOW],
        ),
    ],
    ids=["same", "two", "apart"],
)
def test_every_dash_c_after_the_command_is_moved_before_it_in_order(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: list[str],
    meant: list[str],
) -> None:
    # `build -C . -C .` offered `-C . build -C .`, refused again for the -C left behind.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "away").mkdir()

    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert meant == hinted_command(result.output)
    assert 0 == CliRunner().invoke(cli, meant).exit_code


def test_version_after_a_command_is_told_it_is_statusgens_own() -> None:
    result = CliRunner().invoke(cli, ["build", "--version"])

    assert 2 == result.exit_code, result.output
    assert ["--version"] == hinted_command(result.output)
