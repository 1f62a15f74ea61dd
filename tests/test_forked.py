"""Work a build hands to a forked child process (statusgen.forked.Beside): the answer is
the same whether the child worked it out or this process did, and a mistake in it is
raised here as itself; the child holds nothing of the build's."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from statusgen import forked
from statusgen.errors import StatusgenError, fail
from statusgen.folderlock import folder_lock


def test_the_child_works_it_out_and_this_process_takes_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    here = os.getpid()
    kept: list[int] = []

    def work() -> tuple[int, dict[str, bytes]]:
        kept.append(1)  # in the child: this process's list stays empty
        return os.getpid(), {"status.json": b"{}\n" * 50_000}  # more than a pipe holds

    beside = forked.Beside(work)
    pid, files = beside.result()
    assert pid != here and beside.apart
    assert {"status.json": b"{}\n" * 50_000} == files
    assert [] == kept


def test_without_a_child_the_work_is_done_here_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    beside = forked.Beside(os.getpid)
    assert os.getpid() == beside.result()
    assert not beside.apart


def test_a_mistake_in_the_childs_work_is_raised_here_as_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    tried: list[int] = []

    def work() -> None:
        tried.append(os.getpid())
        raise fail("content/incidents/a.md", "two outputs would be written to a.json")

    beside = forked.Beside(work)
    with pytest.raises(StatusgenError, match=r"two outputs would be written to a\.json"):
        beside.result()
    assert [os.getpid()] == tried  # the child's try is not seen here; this one raised
    assert not beside.apart


def test_a_child_at_work_holds_no_lock_the_build_let_go_of(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    started = tmp_path / "started"

    def work() -> str:
        started.touch()
        time.sleep(0.5)
        return "done"

    with folder_lock(tmp_path, 1, RuntimeError):
        beside = forked.Beside(work)
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    # The build let go of the folder while its child still works (a build that stopped
    # at a mistake): the next build takes the lock at once, not once the child ends.
    with folder_lock(tmp_path, 0, lambda: AssertionError("the child holds the lock")):
        pass
    assert "done" == beside.result()
    assert beside.apart


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
def test_a_child_sends_a_long_answer_without_waiting_for_it_to_be_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The survey sends the incident folder's listing (0.6 MB at 10,000 incidents) long
    # before the build reads it, and has more to do after it: it must not wait for the
    # build to read it first, as it would on a pipe of the usual 64 KB.
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    sent = tmp_path / "sent"

    def answers(send: Callable[[bytes], None]) -> None:
        send(b"x" * 600_000)
        sent.touch()
        send(b"last")

    child = forked.fork_answering(answers)
    assert child is not None
    pipe, _ = child
    try:
        deadline = time.monotonic() + 10
        while not sent.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sent.exists(), "the child waited for its answer to be read"
        assert b"x" * 600_000 == forked.receive(pipe)
        assert b"last" == forked.receive(pipe)
    finally:
        forked.close(*child)
