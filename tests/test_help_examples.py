"""Every example in `--help` runs as written on a site `statusgen init` made: a newcomer
copies them first. Left out: `serve` (it runs until stopped), the commands that reach
other hosts or read what another tool wrote (`import`, `ingest`, `notify`, `probe`), and
`record`, which needs a heartbeat monitor `init` does not declare."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sitefiles import init_site

from statusgen.cli import cli
from statusgen.validate import load_site

SKIPPED = ("serve", "import", "ingest", "notify", "probe", "record")
# The clock the examples run at: 19:41 in Berlin, as INIT_NOW.
EPOCH = "1795372860"
GIT = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_AUTHOR_NAME": "Ops",
    "GIT_AUTHOR_EMAIL": "ops@example.com",
    "GIT_COMMITTER_NAME": "Ops",
    "GIT_COMMITTER_EMAIL": "ops@example.com",
}


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's path under `group`, the group's own first."""
    found = [path]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def examples() -> list[tuple[str, str]]:
    """(command, example line) for each `statusgen ...` line after a help's "Examples:"."""
    found = []
    for path in commands(cli):
        if path[:1] and path[0] in SKIPPED:
            continue
        text = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200).output
        listed = text.split("Examples:", 1)[1] if "Examples:" in text else ""
        for line in listed.splitlines():
            if not line.strip().startswith("statusgen "):
                continue  # prose, a `cd ... && statusgen serve`
            words = shlex.split(line, comments=True)
            if words[1:2] == ["COMMAND"]:
                continue  # a placeholder
            if words[1] not in SKIPPED:
                found.append((" ".join(path) or "statusgen", line.strip()))
    return found


EXAMPLES = examples()


def test_the_examples_are_found() -> None:
    named = {command for command, _ in EXAMPLES}
    assert {"statusgen", "build", "check", "init", "new incident", "resolve"} <= named


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site as `init` makes it, in a git repository (for the --commit examples)."""
    site = init_site(tmp_path_factory.mktemp("made") / "site")
    if shutil.which("git") is not None:
        for args in (
            ["init", "--quiet", "--initial-branch=main"],
            ["add", "."],
            ["commit", "-qm", "Start"],
        ):
            subprocess.run(["git", *args], cwd=site, env={**os.environ, **GIT}, check=True)
    return site


@pytest.mark.parametrize(("command", "line"), EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_the_help_example_runs_on_a_new_site(
    command: str, line: str, made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--commit" in line and shutil.which("git") is None:
        pytest.skip("git is not installed")
    site = tmp_path / "site"
    shutil.copytree(made, site, symlinks=True)
    env = {**GIT, "SOURCE_DATE_EPOCH": EPOCH}
    words = shlex.split(line, comments=True)[1:]
    if words[0] == "init":
        (tmp_path / "empty").mkdir()
        monkeypatch.chdir(tmp_path / "empty" if words == ["init"] else tmp_path)
    else:
        monkeypatch.chdir(site)
    if words[0] in ("update", "resolve"):
        # The incident they act on, as `new incident`'s first example opens it.
        opened = ["new", "incident", "Checkout errors", "-c", "api=partial_outage", "-m", "Hm."]
        assert 0 == CliRunner().invoke(cli, opened, env=env).exit_code
    result = CliRunner().invoke(cli, words, env=env)
    assert 0 == result.exit_code, f"{line}\n{result.output}"


MAINTENANCE_EXAMPLES = [line for _, line in EXAMPLES if line.startswith("statusgen new maint")]


@pytest.mark.parametrize("line", MAINTENANCE_EXAMPLES)
def test_a_maintenance_example_writes_the_window_it_reads_as(
    line: str, made: Path, tmp_path: Path
) -> None:
    """`--start "tomorrow 2am" --end "in 26h"` runs, but ends at whatever hour it is run:
    an example's window is the few hours of work it reads as, whenever it is run."""
    words = [w for w in shlex.split(line, comments=True)[1:] if w != "--commit"]
    for hours_earlier in (0, 12):  # run at 19:41 and at 07:41 in Berlin
        epoch = str(int(EPOCH) - hours_earlier * 3600)
        site = tmp_path / str(hours_earlier)
        shutil.copytree(made, site, symlinks=True)
        result = CliRunner().invoke(
            cli, ["-C", str(site), *words], env={"SOURCE_DATE_EPOCH": epoch}
        )
        assert 0 == result.exit_code, f"{line}\n{result.output}"
        (window,) = load_site(site).maintenances
        length = window.scheduled_until - window.scheduled_for
        assert timedelta(0) < length <= timedelta(hours=6), f"{line}: {length}"
