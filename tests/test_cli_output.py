"""What a command does when its output cannot be written: a full disk, a reader that
went away (`statusgen incidents --all | head -1`). Run as processes: only a real pipe
and a real device fail the way a user's do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitefiles import CHECKOUT, write_site

from statusgen.errors import CLOSED_PIPE_STATUS

# Every command prints through one stream; these cover a table, JSON and a report.
COMMANDS = [["status"], ["incidents", "--all", "--json"], ["check"]]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose `incidents --all` output (text and JSON) is far larger than a pipe
    holds, so a reader that leaves early leaves in the middle of it."""
    site = tmp_path_factory.mktemp("big") / "site"
    generate = CHECKOUT / "bench" / "generate.py"
    subprocess.run(
        [sys.executable, str(generate), str(site), "--incidents", "600", "--seed", "1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return site


def _statusgen(site: Path, words: list[str], unbuffered: bool) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONUNBUFFERED="1" if unbuffered else "")
    return subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), *words],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_diagnostic_not_a_traceback(big_site: Path, words: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "statusgen", "-C", str(big_site), *words],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    said = done.stderr.decode()
    assert 1 == done.returncode
    assert "Traceback" not in said
    assert said.startswith("<stdout>: cannot write the output: ")
    # Where stdout goes is what to change: /dev/full refuses the next run alike.
    assert (
        "    hint: standard output goes to a full disk or device (`> /dev/full`): send it to a"
        " file on a disk with free space, or to /dev/null to drop it\n"
    ) in said
    assert "free some space" not in said


@pytest.mark.parametrize(
    "words",
    [["status"], ["status", "--json"], ["incidents", "--all"], ["check", "--format", "json"]],
    ids=" ".join,
)
def test_a_closed_standard_output_is_one_diagnostic_not_a_silent_success(
    big_site: Path, words: list[str]
) -> None:
    # `statusgen status --json >&-` in a cron line: the result goes nowhere, which a
    # script must not take for a command that printed it.
    done = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(big_site), *words],
        preexec_fn=lambda: os.close(1),
        stderr=subprocess.PIPE,
        timeout=60,
    )
    said = done.stderr.decode()
    assert 1 == done.returncode, said
    assert "Traceback" not in said
    assert said.startswith("<stdout>: cannot write the output: "), said
    assert "    hint: it is closed (`>&-`) or open for reading only: send it to a file" in said


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("words", [["incidents", "--all"], ["incidents", "--all", "--json"]])
def test_a_reader_that_leaves_early_gets_one_status_for_text_and_json(
    big_site: Path, words: list[str], unbuffered: bool
) -> None:
    # `| head -c 10`: the reader takes the first bytes and goes, mid-output.
    process = _statusgen(big_site, words, unbuffered)
    assert process.stdout is not None
    assert 10 == len(process.stdout.read(10))
    process.stdout.close()
    try:
        _, said = process.communicate(timeout=60)
    finally:
        process.kill()
    assert b"" == said
    # Not 1 ("the content has problems"), and not 0: the command did not finish.
    assert CLOSED_PIPE_STATUS == process.returncode


_BUILT_AT = "2026-12-02T12:00:00Z"
_TWO_PAGES = (
    "title: Example Status\ntimezone: Europe/Berlin\npages:\n"
    "  public: {base_url: https://status.example.com/, output: public}\n"
    "  internal: {base_url: https://internal.example.com/, output: public-internal}\n"
)


def _build_without_stdout(site: Path, closed: bool) -> subprocess.CompletedProcess[bytes]:
    """`statusgen build >&-` (closed) or `> /dev/full`, as a cron line or a CI step runs it."""
    words = [sys.executable, "-m", "statusgen", "-C", str(site), "build", "--now", _BUILT_AT]
    if closed:
        return subprocess.run(
            words, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, timeout=60
        )
    with open("/dev/full", "wb") as full:
        return subprocess.run(words, stdout=full, stderr=subprocess.PIPE, timeout=60)


@pytest.mark.parametrize(
    "closed",
    [
        True,
        pytest.param(
            False,
            marks=pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full"),
        ),
    ],
    ids=["closed", "full"],
)
def test_a_build_whose_summary_is_lost_says_the_new_site_is_in_place(
    tmp_path: Path, closed: bool
) -> None:
    # A CI step reading exit status 1 as "the content has problems, the old site is kept"
    # must be told the site was published, and where: only the summary line is lost.
    site = write_site(tmp_path / "site")

    done = _build_without_stdout(site, closed)

    said = done.stderr.decode()
    assert 1 == done.returncode, said
    first = said.splitlines()[0]
    assert first.startswith("<stdout>: cannot write the output: "), said
    assert "; the new site is in place all the same, only its summary is lost: Built " in first
    assert f" into {os.path.realpath(site / 'public')} in " in first, said
    assert said.endswith("\n1 problem\n"), said
    if not closed:
        assert "hint: standard output goes to a full disk or device" in said, said
        assert "free some space" not in said
    assert "2026-12-02" in (site / "public" / "index.html").read_text()


def test_a_build_of_several_pages_says_each_summary_stdout_refused(tmp_path: Path) -> None:
    # The first page's line is lost to the closed stdout: the second page is built all the
    # same, and its line is said on stderr, beside the diagnostic.
    site = write_site(tmp_path / "site", {"statusgen.yaml": _TWO_PAGES})

    done = _build_without_stdout(site, closed=True)

    said = done.stderr.decode()
    assert 1 == done.returncode, said
    lines = said.splitlines()
    # In the order it happened: the lost line, the next page built, the count last.
    assert " only its summary is lost: Built page 'public' " in lines[0], said
    assert lines[1].startswith("    hint: it is closed"), said
    assert lines[2].startswith("Built page 'internal' "), said
    assert f" into {os.path.realpath(site / 'public-internal')} in " in lines[2], said
    assert ["1 problem"] == lines[3:], said
    assert "2026-12-02" in (site / "public-internal" / "index.html").read_text()
