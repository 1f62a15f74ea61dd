"""Small status sites written into a temporary folder, for tests that read files; the
repository's example site copied out of the checkout; the `statusgen build` command run
on a site. The one copy of each (tests import them from here)."""

from __future__ import annotations

import functools
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statusgen.cli import cli

# The repository root: its statusgen.yaml, content/ and themes/ are the example site.
CHECKOUT = Path(__file__).resolve().parent.parent
# The clock most command-line builds in the tests run at.
BUILD_NOW = "2026-11-22T18:00:00Z"

SETTINGS = """\
title: Example Status
base_url: https://status.example.com
timezone: Europe/Berlin
"""

COMPONENTS = """\
- name: API
- id: web
  name: Website
  components:
    - id: checkout
      name: Checkout
    - name: Dashboard
      status: degraded_performance
"""

INCIDENT = """\
---
title: Checkout errors
status: resolved
components:
  checkout: partial_outage
---
Some payments failed.

## Investigating at 2026-11-20 14:05
We are looking into it.

## Resolved at 2026-11-20 15:12
All good again.
"""

INCIDENT_PATH = "content/incidents/2026-11-20-checkout-errors.md"


# How an address that leads to an incident's page starts, in the tests' messages.
_ADDRESS = re.compile(r"\.\./|https?://|/incidents/")


def address_column(line: str) -> int:
    """Where in `line` the first address that leads to an incident's page starts: the
    column (from 0) `check` tells a link's warning at."""
    found = _ADDRESS.search(line)
    assert found is not None, line
    return found.start()


def address_place(text: str) -> tuple[int, int]:
    """The line (from 0) of `text` its first such address is on, and its column there
    (address_column): a link definition's warning is told where its address is written."""
    for index, line in enumerate(text.splitlines()):
        if _ADDRESS.search(line):
            return index, address_column(line)
    raise AssertionError(text)


def pin_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Make `moment` both clocks a command reads: its "now" (SOURCE_DATE_EPOCH) and this
    machine's, which a write is judged against (a run older than the 48 hours held is
    refused). Without both, a test dated on a fixed day starts failing two days later."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))
    monkeypatch.setattr("statusgen.cli.wall_clock", lambda: moment)


def planned_work(start: datetime, end: datetime, component: str = "api") -> dict[str, str]:
    """A window file showing `component` under maintenance from `start` to `end`, for
    write_site: the one kind of window that mutes its checks (status.maintained)."""
    start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    text = (
        f"---\ntitle: Planned work\nscheduled_for: {start:%Y-%m-%d %H:%M} +00:00\n"
        f"scheduled_until: {end:%Y-%m-%d %H:%M} +00:00\n"
        f"components:\n  {component}: under_maintenance\n---\n"
        f"## Scheduled at {start - timedelta(days=1):%Y-%m-%d %H:%M} +00:00\nPlanned.\n"
    )
    return {f"content/incidents/{start:%Y-%m-%d}-planned-work.md": text}


def copy_example(target: Path, *, with_project: bool = False) -> Path:
    """The example site as a status site repository holds it, copied to `target` (with
    the project's pyproject.toml too, optionally): tests never build inside the checkout."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(CHECKOUT / "statusgen.yaml", target)
    for folder in ("content", "themes"):
        if (CHECKOUT / folder).is_dir():
            shutil.copytree(CHECKOUT / folder, target / folder)
    if with_project:
        shutil.copy(CHECKOUT / "pyproject.toml", target)
    return target


def run_build(root: Path, *args: str, now: str = BUILD_NOW) -> Result:
    """`statusgen -C root build --now now ARGS...`, run in-process."""
    return CliRunner().invoke(cli, ["-C", str(root), "build", "--now", now, *args])


def write_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid site at `root`; `files` replaces (or with None removes) files by relative path."""
    contents: dict[str, str | bytes | None] = {
        "statusgen.yaml": SETTINGS,
        "content/components.yaml": COMPONENTS,
        INCIDENT_PATH: INCIDENT,
    }
    contents.update(files or {})
    for relpath, content in contents.items():
        if content is None:
            continue
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path relative to it ("/"-separated), with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tree_with_times(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time (to see what was touched)."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# The moment the `init_site` sites are made and built at: 19:41 in Berlin.
INIT_NOW = "2026-11-22T18:41:00Z"


def init_site(folder: Path) -> Path:
    """A new site as `statusgen init FOLDER` writes it (the example incident is dated the
    day before INIT_NOW); returns `folder`."""
    from click.testing import CliRunner

    from statusgen.cli import cli

    result = CliRunner().invoke(cli, ["init", str(folder), "--now", INIT_NOW])
    assert 0 == result.exit_code, result.output
    return folder


def sealed_bytes(data: bytes) -> bytes:
    """`data` as this user's builds would write it to the cache folder (sealed)."""
    from statusgen.incremental.seal import seal_parts

    parts = seal_parts(data)
    assert parts is not None, "no cache key could be made"
    return b"".join(parts)


def statusgen_refused_writes(
    root: Path, *args: str, limit: int, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`statusgen -C root ARGS` run as a process the system lets write no file past `limit`
    bytes (RLIMIT_FSIZE, `ulimit -f`): the write of a larger one fails as on a full disk."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(root), *args],
        preexec_fn=limited,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Root reads and writes any folder: run as root, a command drops the capabilities that
# let it (as `setpriv` does), so the folders' permissions apply as to any other user.
_NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"
_AS_A_USER = ["setpriv", "--bounding-set", _NO_OVERRIDE, "--inh-caps", _NO_OVERRIDE]


@functools.cache
def _as_a_user() -> list[str] | None:
    """The words that run a command with folder permissions applied: none for a user other
    than root; None where root cannot give up its powers here (no setpriv, or not allowed)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    tried = subprocess.run([*_AS_A_USER, "true"], capture_output=True, timeout=30)
    return _AS_A_USER if tried.returncode == 0 else None


def statusgen_as_a_user(
    root: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`statusgen -C root ARGS` run as a process the folders' permissions apply to, even
    when the tests run as root; skips the test where they cannot be made to."""
    lead = _as_a_user()
    if lead is None:
        pytest.skip("permissions cannot be enforced for root here (no setpriv)")
    return subprocess.run(
        [*lead, sys.executable, "-m", "statusgen", "-C", str(root), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def hinted_command(output: str) -> list[str]:
    """The arguments of the command line a usage error's hint offers (the last one in
    backquotes on its `hint:` line), after the program's name: to run it as offered."""
    import re
    import shlex

    hints = [line for line in output.splitlines() if line.lstrip().startswith("hint:")]
    assert hints, output
    offered = shlex.split(re.findall(r"`([^`]+)`", hints[-1])[-1])
    assert "cli" == offered[0], offered  # CliRunner's name for the program
    return offered[1:]


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """The process's umask set to `mask` for the block (files a build writes take it)."""
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


# A private key's body as long as the shortest real one's (an Ed25519 key in PKCS #8), made
# up, ending in "s3cr3t" for a test to look for in what is published: a shorter one reads
# as a how-to's example, which is published.
KEY_BODY = "MC4CAQAwBQYDK2VwBCIEIJustAnExampleKeyForTestsNotARealOnes3cr3t"
