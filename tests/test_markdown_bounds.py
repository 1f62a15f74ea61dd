"""Markdown too deep or too costly to convert is refused by `check`, at its line, before
the build would crash (RecursionError) or take minutes (unclosed brackets)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT, INCIDENT_PATH, write_site

from statusgen.cli import cli
from statusgen.load.markdown_bounds import MAX_NESTING, markdown_problem

NOW = "2026-11-22T18:00:00Z"
# Refusing or building any of these takes well under this; unbounded, they took 37 s or crashed.
SECONDS = 10


def with_message(message: str) -> str:
    """The example incident with `message` as its last update; it starts on line 13."""
    return INCIDENT.replace("All good again.", message)


@pytest.mark.parametrize(
    ("message", "where", "fragment"),
    [
        ("- " * 500 + "x", "13:1", "nested 500 levels deep"),
        ("1. " * 100 + "x", "13:1", "nested 100 levels deep"),
        ("> - " * 40 + "x", "13:1", "nested 80 levels deep"),
        (
            "ok\n" + "\n".join("    " * i + "- x" for i in range(40)),
            f"{13 + 1 + MAX_NESTING}:1",
            "nested 33",
        ),
        ("[" * 20_000, f"13:{MAX_NESTING + 1}", "brackets nested more than"),
        ("[a " * 20_000, f"13:{3 * MAX_NESTING + 1}", "brackets nested more than"),
        ("[" * 30 + " word" * 200_000, "13:1", "too many unclosed '['"),
    ],
    ids=["dashes", "numbers", "quotes-in-lists", "indented", "brackets", "words", "long-scan"],
)
def test_check_and_build_refuse_markdown_too_deep_or_too_costly(
    tmp_path: Path, message: str, where: str, fragment: str
) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: with_message(message)})
    for command in (["check"], ["build", "--now", NOW]):
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["-C", str(root), *command])
        assert time.perf_counter() - started < SECONDS
        assert 1 == result.exit_code, result.output
        assert f"{INCIDENT_PATH}:{where}: " in result.output
        assert fragment in result.output


@pytest.mark.parametrize(
    "message",
    [
        "- " * MAX_NESTING + "x",
        "\n".join("    " * i + "- x" for i in range(MAX_NESTING)),
        "[" * MAX_NESTING + "x" + "]" * MAX_NESTING,
        "[link](https://example.com) " * 5_000,
        "An unclosed [ bracket in prose, and [another",
        "```\n" + "- " * 200 + "\n" + "[" * 5_000 + "\n```",  # code is set aside whole
    ],
    ids=["deepest-list", "deepest-indent", "deepest-brackets", "many-links", "prose", "code"],
)
def test_markdown_within_the_bounds_builds_quickly(tmp_path: Path, message: str) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: with_message(message)})
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW])
    assert time.perf_counter() - started < SECONDS
    assert 0 == result.exit_code, result.output


def test_the_check_is_linear_in_the_text() -> None:
    text = ("Words and a [link](https://example.com) in a line. " * 20 + "\n\n") * 2_000
    started = time.perf_counter()
    assert markdown_problem(text) is None
    assert time.perf_counter() - started < 1
