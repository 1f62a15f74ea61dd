"""What a command does when its output cannot be written: a full disk, a reader that
went away (`statusgen incidents --all | head -1`). Run as processes: only a real pipe
and a real device fail the way a user's do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitefiles import CHECKOUT

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
    assert "    hint: the disk is full: free some space and run the command again\n" in said


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
