"""init, new, update, resolve and incidents, end to end through the command line."""

from __future__ import annotations

import base64
import errno
import hashlib
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unicodedata import normalize
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner, Result
from sitefiles import CHECKOUT, hinted_command, statusgen_refused_writes
from sitefiles import tree_with_times as snapshot

from statusgen import cli as cli_module
from statusgen.authoring import edit as edit_module
from statusgen.authoring import save as save_module
from statusgen.cli import cli
from statusgen.model import Incident
from statusgen.status import statuses_at
from statusgen.validate import check_site, load_site

NOW = "2026-11-22T18:41:00Z"  # 19:41 in Berlin
# How a --commit command ends when its files were written but not committed.
NOT_COMMITTED = 3

SETTINGS = """\
title: Example Status
base_url: https://status.example.com/
timezone: Europe/Berlin
"""
COMPONENTS = """\
- id: platform
  name: Platform
  components:
    - id: api
      name: API
    - id: checkout
      name: Checkout
- id: dashboard
  name: Dashboard
"""
# Written by hand, with the quirks people have: CRLF, comments, quotes, spacing.
OPEN_INCIDENT = (
    "---\r\n"
    "title: 'Card payments failing'  # short, please\r\n"
    "status: investigating\r\n"
    "components:\r\n"
    "  api: partial_outage   # EU only\r\n"
    "---\r\n"
    "Intro   \r\n"
    "\r\n"
    "## Investigating at 2026-11-22 19:05\r\n"
    "Errors *everywhere*.\r\n"
    "\r\n"
    "\r\n"
)
RESOLVED_INCIDENT = """\
---
title: Slow dashboard
status: resolved
components: [dashboard]
---
## Investigating at 2026-11-01 10:00
Slow.

## Resolved at 2026-11-01 11:00
Fast again.
"""
MAINTENANCE = """\
---
title: Database upgrade
scheduled_for: 2026-11-22 19:00
scheduled_until: 2026-11-22 23:00
components: [api]
---
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(SETTINGS)
    (root / "content" / "components.yaml").write_text(COMPONENTS)
    incidents = root / "content" / "incidents"
    (incidents / "2026-11-22-card-payments.md").write_bytes(OPEN_INCIDENT.encode())
    (incidents / "2026-11-01-slow-dashboard.md").write_text(RESOLVED_INCIDENT)
    (incidents / "2026-11-22-database-upgrade.md").write_text(MAINTENANCE)
    return root


# The night of 2026-11-01 New York's clocks go back at 02:00: 00:30 to 03:00 is 3h 30m.
NEW_YORK = (
    "title: Example Status\nbase_url: https://status.example.com/\ntimezone: America/New_York\n"
)


@pytest.fixture
def new_york(site: Path) -> Path:
    (site / "statusgen.yaml").write_text(NEW_YORK)
    (site / "content/incidents/2026-11-22-card-payments.md").write_text(
        "---\ntitle: Card payments failing\nstatus: investigating\ncomponents: [api]\n---\n"
        "## Investigating at 2026-11-01 00:30\nErrors.\n"
    )
    return site


def run(root: Path, *args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args], **kwargs)  # type: ignore[arg-type]


def pin_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine's time at NOW, which `new` judges a --now against (ahead, long past)."""
    at = datetime.fromisoformat(NOW)
    monkeypatch.setattr("statusgen.cli.wall_clock", lambda: at)


def incident_file(root: Path, name: str) -> str:
    return (root / "content" / "incidents" / name).read_bytes().decode("utf-8")


def assert_site_checks_clean(root: Path) -> None:
    site, diagnostics = check_site(root)
    assert [] == [str(d) for d in diagnostics]
    assert site is not None


# --- new incident ------------------------------------------------------------------------


def test_new_incident_writes_the_canonical_file(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened at this machine's time: one opened days before it is warned of.
    pin_wall_clock(monkeypatch)
    result = run(
        site,
        "new", "incident", "Checkout: errors for some cards",
        "-c", "checkout=major", "-c", "api", "--impact", "major",
        "-m", "We are seeing errors.\n\nMore soon.", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    name = "2026-11-22-checkout-errors-for-some-cards.md"
    assert f"Opened content/incidents/{name}\n" == result.output
    assert (
        "---\n"
        'title: "Checkout: errors for some cards"\n'
        "status: investigating\n"
        "impact: major\n"
        "components:\n"
        "  checkout: major_outage\n"
        "  api: partial_outage\n"
        "---\n"
        "## Investigating at 2026-11-22 19:41 +01:00\n"
        "Components: checkout=major_outage, api=partial_outage\n"
        "\n"
        "We are seeing errors.\n"
        "\n"
        "More soon.\n"
    ) == incident_file(site, name)
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    "kind, options",
    [
        ("incident", ["-c", "api", "-m", "x"]),
        ("maintenance", ["--start", "2026-11-23 12:00", "--end", "2026-11-23 14:00", "-m", "x"]),
    ],
)
def test_a_byte_order_mark_pasted_into_a_title_is_dropped_as_a_line_break_is_spaced(
    site: Path, kind: str, options: list[str]
) -> None:
    """A title copied with a byte order mark is written without it, as check would warn
    of it otherwise; the line break beside it becomes a space, as always."""
    result = run(site, "new", kind, "\ufeffBOM\npasted\ufeff", *options, "--now", NOW)

    assert 0 == result.exit_code, result.output
    [written] = (site / "content" / "incidents").glob("*-bom-pasted.md")
    assert "title: BOM pasted\n" in written.read_text("utf-8")
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    "kind, options",
    [
        ("incident", ["-c", "api", "-m", "x"]),
        ("maintenance", ["--start", "2026-11-23 12:00", "--end", "2026-11-23 14:00", "-m", "x"]),
    ],
)
def test_a_secret_pasted_into_a_title_is_warned_of_and_left_out_of_the_file_name(
    site: Path, kind: str, options: list[str]
) -> None:
    """The file name is the page's address: a password in it is published there, in the
    feeds and the API, also once the title is cleaned. `new` warns as check does."""
    title = "Grafana https://admin:s3cretpw@grafana.internal/d/1 down"

    result = run(site, "new", kind, title, *options, "--now", NOW)

    assert 0 == result.exit_code, result.output
    [written] = (site / "content" / "incidents").glob("*-grafana-down.md")
    assert "s3cretpw" not in written.name
    assert (
        f"warning: content/incidents/{written.name}:2:17: the title holds a URL with a login or "
        "a token, which every page and the API publish; remove the login or token from it"
    ) in result.stderr
    assert "s3cretpw" not in result.output + result.stderr


@pytest.mark.parametrize(
    "command, message, line",
    [
        ("update", "see https://h.example/?token=s3cr3tTOKEN999", 14),
        ("resolve", "see https://u:pw12345@h.example/", 14),
    ],
)
def test_a_secret_in_an_added_update_is_warned_of_by_the_command_that_wrote_it(
    site: Path, command: str, message: str, line: int
) -> None:
    """`notify` mails an update to customers: `update -m` and `resolve -m` warn of a URL
    with a login or a token as `new incident -m` does, for the text they added only."""
    opened = run(
        site,
        "new",
        "incident",
        "T1",
        "-c",
        "api",
        "-m",
        "see https://g.example/?token=s3cr3tTOKEN123",
        "--now",
        NOW,
    )
    assert 0 == opened.exit_code, opened.output
    assert ":10:5: this update holds a URL with a login or a token" in opened.stderr

    result = run(site, command, "t1", "-m", message, "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert [
        f"warning: content/incidents/2026-11-22-t1.md:{line}:5: this update holds a URL with a "
        "login or a token, which every page and the API publish; remove the login or token "
        "from it (and change it, if the site was published)"
    ] == [w for w in result.stderr.splitlines() if "login or a token" in w]


# Made up, and put together here so that no scanner takes this file for one that leaks them.
_GITHUB_TOKEN = "ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U"
_GITLAB_TOKEN = "glpat-" + "aB3dE5gH7jK9mN1pQ3rS"
_AWS_PAIR = "AKIA" + "Z7QW3RT5YU8IO2PA with " + "k8Jd2Lq9/Xz4Vb7Nm1Qw3Er5Ty6Ui8Op0As2Df4G"


def test_a_token_in_an_update_is_warned_of_by_each_command_and_by_check(site: Path) -> None:
    """A GitHub or GitLab token or an AWS key pair in an update is published as a login URL
    is, and warned of as one is: once, at it, with what to do; the page is still built."""
    said = (
        "this update holds a token (GitHub's, GitLab's or an AWS access key), which every "
        "page and the API publish: anyone who reads it can use it; rotate the token (revoke "
        "it and make a new one: it is in the file's history too), then remove it from the text"
    )
    path = "content/incidents/2026-11-22-t1.md"
    added = [
        ("new", "incident", "T1", "-c", "api", "-m", f"Pushed with {_GITHUB_TOKEN}", 10, 13),
        ("update", "t1", "-m", f"CI uses {_GITLAB_TOKEN}", 14, 9),
        ("resolve", "t1", "-m", f"Keys: {_AWS_PAIR}", 18, 7),
    ]
    for *args, line, column in added:
        result = run(site, *(str(arg) for arg in args), "--now", NOW)

        assert 0 == result.exit_code, result.output
        assert [f"warning: {path}:{line}:{column}: {said}"] == [
            w for w in result.stderr.splitlines() if "holds a token" in w
        ]

    checked = run(site, "check", "--now", NOW)
    assert 0 == checked.exit_code, checked.output
    assert [f"{path}:{line}:{column}" for *_, line, column in added] == re.findall(
        r"^(\S+:\d+:\d+): warning: this update holds a token", checked.output, re.MULTILINE
    )
    # A placeholder is none.
    result = run(site, "update", "t1", "-m", "Set ghp_" + "X" * 36 + ".", "--now", NOW)
    assert 0 == result.exit_code, result.output
    assert "holds a token" not in result.stderr


@pytest.mark.parametrize(
    "kind, options",
    [
        ("incident", ["-c", "api", "-m", "x"]),
        ("maintenance", ["--start", "2026-11-23 12:00", "--end", "2026-11-23 14:00", "-m", "x"]),
    ],
)
@pytest.mark.parametrize(
    "token, name",
    [
        (_GITHUB_TOKEN, "deploy-with-failed"),
        (_GITLAB_TOKEN, "deploy-with-failed"),
        # The secret access key left out too: the key id is of no use without it.
        (_AWS_PAIR, "deploy-with-with-failed"),
    ],
)
def test_a_token_pasted_into_a_title_is_warned_of_and_left_out_of_the_file_name(
    site: Path, kind: str, options: list[str], token: str, name: str
) -> None:
    """A token in a title is published as one in an update is, and in the file name, which
    is the page's address, also once the title is cleaned: `new` and `check` warn of it at
    the title, and the name is made without it."""
    title = f"Deploy with {token} failed"
    said = (
        "the title holds a token (GitHub's, GitLab's or an AWS access key), which every page "
        "and the API publish: anyone who reads it can use it; rotate the token (revoke it and "
        "make a new one: it is in the file's history too), then remove it from the text"
    )

    result = run(site, "new", kind, title, *options, "--now", NOW)

    assert 0 == result.exit_code, result.output
    written = (
        site / "content" / "incidents" / f"2026-11-2{3 if options[0] == '--start' else 2}-{name}.md"
    )
    assert written.exists(), result.output
    assert [f"warning: content/incidents/{written.name}:2:20: {said}"] == [
        w for w in result.stderr.splitlines() if "holds a token" in w
    ]
    # Not a word of it told back, nor in the name (the page's address).
    for word in re.findall(r"\S{16,}", token):
        assert word.lower() not in (result.output + result.stderr).lower()
    checked = run(site, "check", "--now", NOW)
    assert [f"content/incidents/{written.name}:2:20"] == re.findall(
        r"^(\S+:\d+:\d+): warning: the title holds a token", checked.output, re.MULTILINE
    )


def _made_up_key(kind: str, seed: str) -> str:
    """A private key's armour around a body that reads as one, made up from `seed`, and put
    together here so that no scanner takes this file for one that leaks a key."""
    body = base64.b64encode(hashlib.sha512(seed.encode()).digest() * 4).decode()
    lines = [body[at : at + 64] for at in range(0, len(body), 64)]
    dashes = "-" * 5
    return "\n".join([f"{dashes}BEGIN {kind}{dashes}", *lines, f"{dashes}END {kind}{dashes}"])


@pytest.mark.parametrize(
    "kind",
    ["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"],
)
def test_a_private_key_in_an_update_is_warned_of_at_its_begin_line(site: Path, kind: str) -> None:
    """A key pasted into an update is published by its page, the API, the feeds and the
    search index, as the same key in a static file would be, which is left out: `update`,
    `resolve` and `check` warn of it at its BEGIN line, with what to do; still built."""
    said = (
        "this update holds a private key, which every page, feed and the API publish: anyone "
        "who reads it can sign or log in as its owner; revoke the key (make a new pair and "
        "remove the old public key wherever it is trusted: it is in the file's history too), "
        "then remove it from the text"
    )
    path = "content/incidents/2026-11-22-t1.md"
    assert 0 == run(site, "new", "incident", "T1", "-c", "api", "-m", "x", "--now", NOW).exit_code
    added = [("update", "Deployed with:", 16), ("resolve", "Its key:", 29)]
    for command, lead, line in added:
        message = f"{lead}\n\n{_made_up_key(kind, command)}"
        result = run(site, command, "t1", "-m", message, "--now", NOW)

        assert 0 == result.exit_code, result.output
        assert [f"warning: {path}:{line}:1: {said}"] == [
            w for w in result.stderr.splitlines() if "private key" in w
        ]
        assert kind in (site / path).read_text("utf-8").splitlines()[line - 1]

    checked = run(site, "check", "--now", NOW)
    assert 0 == checked.exit_code, checked.output
    assert [f"{path}:{line}:1" for *_, line in added] == re.findall(
        r"^(\S+:\d+:\d+): warning: this update holds a private key", checked.output, re.MULTILINE
    )
    # A how-to that shows the armour only holds none.
    dashes = "-" * 5
    howto = f"Paste yours:\n\n{dashes}BEGIN {kind}{dashes}\n...\n{dashes}END {kind}{dashes}"
    result = run(site, "update", "t1", "-m", howto, "--now", NOW)
    assert 0 == result.exit_code, result.output
    assert "private key" not in result.stderr


def test_with_dash_c_the_written_file_is_named_from_the_current_folder(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-C site` from the site's parent names the file it wrote as problems are named,
    `site/content/...`: a path that exists from where the user stands."""
    monkeypatch.chdir(site.parent)
    runner = CliRunner()
    written = []
    for args in (
        ["new", "incident", "Broken API", "-m", "Errors.", "-c", "api=major", "--now", NOW],
        ["update", "broken-api", "-m", "A fix is rolling out.", "--now", NOW],
        ["resolve", "broken-api", "--now", NOW],
    ):
        result = runner.invoke(cli, ["-C", "site", *args])
        assert 0 == result.exit_code, result.output
        written.append(re.split(r"[ :\n]", result.output.split(" ", 1)[1])[0])
    assert ["site/content/incidents/2026-11-22-broken-api.md"] * 3 == written
    assert Path(written[0]).is_file()


def test_with_dash_c_a_warning_names_the_file_from_the_current_folder(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The advice after a reminder inside a window names the file to edit as the line
    before it does: `site/content/...` from the site's parent."""
    monkeypatch.chdir(site.parent)
    runner = CliRunner()
    opened = runner.invoke(cli, ["-C", "site", "new", "maintenance", "Net work", "--start",
                                 "2026-11-23 12:00", "--end", "2026-11-23 14:00", "-c", "api",
                                 "-m", "Planned.", "--now", NOW])  # fmt: skip
    assert 0 == opened.exit_code, opened.output

    later = "2026-11-23T12:40:00+01:00"
    result = runner.invoke(cli, ["-C", "site", "update", "net", "--status", "scheduled",
                                 "-m", "Postponed.", "--now", later])  # fmt: skip

    assert 0 == result.exit_code, result.output
    warning = next(line for line in result.output.splitlines() if line.startswith("warning:"))
    assert warning.endswith(" in site/content/incidents/2026-11-23-net-work.md"), warning


def test_a_repeated_message_option_gives_one_paragraph_each(site: Path) -> None:
    """As `git commit -m a -m b`: every -m is kept, a blank line between them."""
    steps = [
        ["new", "incident", "Multi", "-m", "Para one.", "-m", "Para two."],
        ["update", "multi", "-m", "Update one.", "-m", "Update two."],
        ["resolve", "multi", "-m", "Fixed.", "-m", "Postmortem to follow."],
    ]
    for step in steps:
        result = run(site, *step, "--now", NOW)
        assert 0 == result.exit_code, result.output

    (multi,) = [i for i in load_site(site).incidents if i.title == "Multi"]
    assert [
        "Para one.\n\nPara two.",
        "Update one.\n\nUpdate two.",
        "Fixed.\n\nPostmortem to follow.",
    ] == [u.message for u in multi.updates]
    assert "Repeat -m for more paragraphs" in run(site, "update", "--help").output


def test_a_message_like_merge_markers_is_written_and_shown_as_typed(site: Path) -> None:
    """A message is untrusted text: lines like git's conflict markers must not make the
    file look like an unresolved merge."""
    markers = ["<<<<<<< HEAD", "=======", ">>>>>>> b"]
    opened = run(site, "new", "incident", "Merge", "-m", markers[0], "--now", NOW)
    assert 0 == opened.exit_code, opened.output

    result = run(site, "update", "merge", *[a for m in markers for a in ("-m", m)], "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert_site_checks_clean(site)
    built = run(site, "build", "--quiet", "--now", NOW)
    assert 0 == built.exit_code, built.output
    page = (site / "public/incidents/2026-11-22-merge/index.html").read_text()
    assert 2 == page.count("<p>&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD</p>")
    assert "<p>=======</p>" in page
    assert "<p>&gt;&gt;&gt;&gt;&gt;&gt;&gt; b</p>" in page


# Both sides of a merge in a code block, as git leaves them: one side meant to be dropped.
FENCED_CONFLICT = "```\n<<<<<<< HEAD\ntoken=s3cret\n=======\ntoken=redacted\n>>>>>>> c1\n```"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_merge_conflict_in_a_code_block_is_refused_and_nothing_is_published(
    site: Path, command: str
) -> None:
    path = site / "content/incidents/2026-11-01-slow-dashboard.md"
    text = path.read_text().rstrip("\n") + "\n\n" + FENCED_CONFLICT + "\n"
    path.write_text(text)
    markers = [
        n for n, line in enumerate(text.splitlines(), 1) if line[:7] in ("<" * 7, "=" * 7, ">" * 7)
    ]

    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check"]
    result = run(site, *args)

    assert 1 == result.exit_code, result.output
    relpath = "content/incidents/2026-11-01-slow-dashboard.md"
    assert [f"{relpath}:{n}:1: unresolved merge conflict" for n in markers] == [
        line for line in result.output.splitlines() if "merge conflict" in line
    ]
    assert "delete the marker lines" in result.output
    assert "indent the code block's opening fence" in result.output
    assert not (site / "public").exists()


# What git said, quoted a line at a time by three updates: no merge left it.
QUOTED_APART = """\
---
title: Git quote
status: monitoring
components: [dashboard]
---
## Investigating at 2026-11-01 10:00
git said:

```
<<<<<<< HEAD
```

## Identified at 2026-11-01 10:30
then:

```
=======
```

## Monitoring at 2026-11-01 11:00
and:

```
>>>>>>> release-42
```
"""


@pytest.mark.parametrize("command", ["check", "build"])
def test_marker_lines_quoted_in_separate_code_blocks_are_published_as_text(
    site: Path, command: str
) -> None:
    (site / "content/incidents/2026-11-01-git-quote.md").write_text(QUOTED_APART)

    args = ["build", "--quiet", "--now", NOW] if command == "build" else ["check", "--now", NOW]
    result = run(site, *args)

    assert 0 == result.exit_code, result.output
    if command == "build":
        page = (site / "public/incidents/2026-11-01-git-quote/index.html").read_text()
        assert "<code>&gt;&gt;&gt;&gt;&gt;&gt;&gt; release-42\n</code>" in page


@pytest.mark.parametrize(
    "half",
    [
        "the other half:\n\n```\n=======\n>>>>>>> main\n```",
        "both halves:\n\n```\n<<<<<<< HEAD\n```\n```\n=======\n>>>>>>> main\n```",
    ],
)
def test_an_update_quoting_the_other_half_of_a_marker_in_its_own_block_is_written(
    site: Path, half: str
) -> None:
    # Each message closes its own blocks: the halves never make one conflict, nor a backslash.
    said = "git said:\n\n```\n<<<<<<< HEAD\n```"
    opened = run(site, "new", "incident", "Git quote", "-m", said, "--now", NOW)
    assert 0 == opened.exit_code, opened.output

    result = run(site, "update", "git-quote", "--status", "identified", "-m", half, "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert_site_checks_clean(site)
    assert "\n>>>>>>> main\n" in incident_file(site, "2026-11-22-git-quote.md")


def test_a_whole_conflict_indented_as_the_hint_says_is_built_as_written(site: Path) -> None:
    path = site / "content/incidents/2026-11-01-slow-dashboard.md"
    shown = FENCED_CONFLICT.replace("```", " ```").replace("\n<", "\n <")
    shown = shown.replace("\n=", "\n =").replace("\n>", "\n >")
    path.write_text(path.read_text().rstrip("\n") + "\n\n" + shown + "\n")

    result = run(site, "build", "--quiet", "--now", NOW)

    assert 0 == result.exit_code, result.output
    page = (site / "public/incidents/2026-11-01-slow-dashboard/index.html").read_text()
    assert (
        "<code>&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD\ntoken=s3cret\n=======\ntoken=redacted\n"
        "&gt;&gt;&gt;&gt;&gt;&gt;&gt; c1\n</code>"
    ) in page


def test_a_message_holding_a_whole_merge_conflict_in_code_is_written_as_valid(
    site: Path,
) -> None:
    # An alert's words never break a build: the edge markers are escaped, even in code.
    result = run(site, "update", "card-payments", "-m", FENCED_CONFLICT, "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert_site_checks_clean(site)
    assert "\n\\<<<<<<< HEAD\r\n" in incident_file(site, "2026-11-22-card-payments.md")


@pytest.mark.parametrize("command", [("update", "-m", "b"), ("resolve",)])
def test_a_time_before_the_newest_update_is_refused_as_the_option_it_is(
    site: Path, command: tuple[str, ...]
) -> None:
    opened = run(site, "new", "incident", "Backdate test", "-m", "a", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    before = snapshot(site)

    result = run(site, command[0], "backdate", *command[1:], "--now", "2026-11-22T18:00:00Z")

    assert 1 == result.exit_code
    assert (
        "--now 2026-11-22 19:00 +01:00: the time given is earlier than the newest update "
        "(2026-11-22 19:41 +01:00, content/incidents/2026-11-22-backdate-test.md line 5)\n"
        "    hint: give a --now at or after that time"
    ) in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("command", [("update", "-m", "Real update"), ("resolve",)])
def test_an_update_dated_ahead_of_the_clock_is_named_in_its_file_not_as_a_now_never_given(
    site: Path, command: tuple[str, ...]
) -> None:
    """One mistyped --now (23:50 for 13:50), written with a warning, refused every later
    update and resolve run without --now as `--now <the clock>: the time given is
    earlier`, with the hint to give a later --now, which kept the outage on every page
    until then. The time to correct is the one in the file, at its line."""
    berlin = ZoneInfo("Europe/Berlin")
    ahead = (datetime.now(berlin) + timedelta(days=1)).replace(second=0, microsecond=0)
    typo = run(site, "update", "card-pay", "-m", "Typo'd time", "--now", ahead.isoformat())
    assert 0 == typo.exit_code, typo.output
    written = f"{ahead:%Y-%m-%d %H:%M} {ahead.isoformat()[-6:]}"
    path = "content/incidents/2026-11-22-card-payments.md"
    lines = incident_file(site, path.rsplit("/", 1)[1]).splitlines()
    line = lines.index(f"## Investigating at {written}") + 1
    before = snapshot(site)

    result = run(site, command[0], "card-pay", *command[1:], env={"SOURCE_DATE_EPOCH": ""})

    assert 1 == result.exit_code, result.output
    said = f"{path}:{line}: the newest update is dated {written}, after now ("
    assert said in result.output
    assert (
        "hint: if that time is a typo, correct it in the file; otherwise give --now at or after it"
    ) in result.output
    assert "--now 20" not in result.output
    assert before == snapshot(site)


def test_an_event_is_found_by_a_title_that_makes_no_slug(site: Path) -> None:
    for title in ["決済エラー", "ログイン障害"]:
        opened = run(site, "new", "incident", title, "-m", "x", "--now", NOW)
        assert 0 == opened.exit_code, opened.output

    updated = run(site, "update", "ログイン障害", "-m", "y", "--now", NOW)
    resolved = run(site, "resolve", "決済エラー", "--now", NOW)

    assert 0 == updated.exit_code, updated.output
    assert "Updated content/incidents/2026-11-22-incident-2.md: investigating\n" == (updated.output)
    assert 0 == resolved.exit_code, resolved.output
    assert "Resolved content/incidents/2026-11-22-incident.md: resolved\n" == resolved.output


def test_a_title_two_events_share_is_ambiguous(site: Path) -> None:
    for _ in range(2):
        opened = run(site, "new", "incident", "ログイン障害", "-m", "x", "--again", "--now", NOW)
        assert 0 == opened.exit_code, opened.output
    before = snapshot(site)

    result = run(site, "update", "ログイン障害", "-m", "y", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        "content/incidents/: 'ログイン障害' matches 2 files: "
        "2026-11-22-incident (open, investigating), 2026-11-22-incident-2 (open, investigating)\n"
        "    hint: type the whole name with its date, e.g. 2026-11-22-incident-2\n"
    ) in result.output
    assert before == snapshot(site)


def test_files_named_alike_by_titles_of_no_latin_letters_are_listed_with_their_titles(
    site: Path,
) -> None:
    # …-incident, …-incident-2, …-incident-3: the names alone do not say which is which.
    for title in ("ログイン障害", "انقطاع الخدمة", "断网"):
        opened = run(site, "new", "incident", title, "-m", "x", "--now", NOW)
        assert 0 == opened.exit_code, opened.output

    result = run(site, "update", "incident", "-m", "y", "--now", NOW)
    listed = run(site, "incidents", "--now", NOW).output.splitlines()

    assert 1 == result.exit_code
    assert (
        "'incident' matches 3 files: 2026-11-22-incident 'ログイン障害' (open, investigating), "
        "2026-11-22-incident-2 'انقطاع الخدمة' (open, investigating), "
        "2026-11-22-incident-3 '断网' (open, investigating)\n"
    ) in result.output
    assert "TITLE" == listed[0].split()[-1]
    (numbered,) = [row for row in listed if row.startswith("2026-11-22-incident-2 ")]
    assert numbered.endswith("  انقطاع الخدمة"), numbered


@pytest.mark.parametrize("typed", ["Login down", "login-down"])
def test_a_name_reused_the_same_day_never_reopens_the_resolved_one(site: Path, typed: str) -> None:
    """The second `Login down` of a day is …-login-down-2: the title or name, typed for the
    open one, must not pick (and silently reopen) the resolved one; both are named, each
    told as it is, and the whole name of each still picks exactly that one."""
    day = "2026-11-22T{}Z"
    steps = [
        ("new", "incident", "Login down", "-m", "Looking.", "--now", day.format("08:00")),
        ("resolve", "login-down", "--now", day.format("08:30")),
        ("new", "incident", "Login down", "-m", "Down again.", "--now", day.format("10:00")),
    ]
    for step in steps:
        done = run(site, *step)
        assert 0 == done.exit_code, done.output
    before = snapshot(site)

    result = run(site, "update", typed, "--status", "identified", "-m", "Rollback.", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        f"content/incidents/: '{typed}' matches 2 files: 2026-11-22-login-down (resolved), "
        "2026-11-22-login-down-2 (open, investigating)\n"
        "    hint: type the whole name with its date, e.g. 2026-11-22-login-down-2\n"
    ) in result.output
    assert before == snapshot(site)
    for name, state in [
        ("2026-11-22-login-down-2", "investigating"),
        ("2026-11-22-login-down", "resolved"),
    ]:
        whole = run(site, "update", name, "-m", "More to follow.", "--now", NOW)
        assert (0, f"Updated content/incidents/{name}.md: {state}\n") == (
            whole.exit_code,
            whole.stdout,
        )


@pytest.mark.parametrize("first_day", ["2026-11-20", "2026-11-22"])
def test_a_title_ending_in_a_number_is_not_a_second_file_of_the_shorter_title(
    site: Path, first_day: str
) -> None:
    """`Migration 2` is that incident's own title, not the -2 of a second `Migration` that
    day: `Migration`, resolved on one day (or earlier the same day), and `Migration 2`,
    open, are each found by their own title."""
    steps = [
        ("new", "incident", "Migration", "-m", "Step one slow.", "--now", f"{first_day}T08:00Z"),
        ("resolve", "migration", "-m", "Done.", "--now", f"{first_day}T08:30Z"),
        ("new", "incident", "Migration 2", "-m", "Phase two broke.", "--now", "2026-11-22T10:00Z"),
    ]
    for step in steps:
        done = run(site, *step)
        assert 0 == done.exit_code, done.output

    for typed, name, state in [
        ("Migration", f"{first_day}-migration", "resolved"),
        ("Migration 2", "2026-11-22-migration-2", "investigating"),
    ]:
        result = run(site, "update", typed, "-m", "Postmortem linked.", "--now", NOW)
        assert (0, f"Updated content/incidents/{name}.md: {state}\n") == (
            result.exit_code,
            result.stdout,
        )


def test_the_exact_title_of_one_open_incident_picks_it_beside_a_numbered_copy(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Login down` twice on one day (…-login-down-2, a copy), then `Login down 2`
    (…-login-down-2-2): that title picks its own file, not both; a name that begins
    all three is ambiguous, told with the whole names to type."""
    pin_wall_clock(monkeypatch)
    day = "2026-11-22T{}Z"
    steps = [
        ("new", "incident", "Login down", "-m", "Looking.", "--now", day.format("08:00")),
        ("resolve", "Login down", "-m", "Done.", "--now", day.format("08:10")),
        ("new", "incident", "Login down", "-m", "Again.", "--now", day.format("08:20")),
        ("new", "incident", "Login down 2", "-m", "Other.", "--now", day.format("08:30")),
    ]
    for step in steps:
        done = run(site, *step)
        assert 0 == done.exit_code, done.output
    assert "Opened content/incidents/2026-11-22-login-down-2-2.md\n" == done.output

    result = run(site, "update", "Login down 2", "-m", "Found it.", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-22-login-down-2-2.md: investigating\n") == (
        result.exit_code,
        result.stdout,
    )
    before = snapshot(site)

    begun = run(site, "update", "login", "-m", "Which?", "--now", NOW)

    assert 1 == begun.exit_code
    assert (
        "    hint: type one whole name, with its date: 2026-11-22-login-down or "
        "2026-11-22-login-down-2 or 2026-11-22-login-down-2-2\n"
    ) in begun.output
    assert before == snapshot(site)


def test_the_exact_title_wins_among_names_it_begins(site: Path) -> None:
    """A file named by hand (…-login-down-eu, titled `Login down`) beside …-login-down-us
    (`Login down US`): `Login down` begins both names, and is the title of one."""
    for title in ["Login down", "Login down US"]:
        done = run(site, "new", "incident", title, "-m", "Looking.", "--now", NOW)
        assert 0 == done.exit_code, done.output
    incidents = site / "content" / "incidents"
    (incidents / "2026-11-22-login-down.md").rename(incidents / "2026-11-22-login-down-eu.md")

    result = run(site, "update", "Login down", "-m", "Found it.", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-22-login-down-eu.md: investigating\n") == (
        result.exit_code,
        result.stdout,
    )


def test_a_window_called_off_and_rescheduled_is_not_revived_by_its_title(site: Path) -> None:
    """A window called off, then scheduled again under its title (…-2): starting it by the
    title must not write to the one called off, whose page would say both."""
    steps = [
        ("new", "maintenance", "DB work", "--start", "2026-11-23 02:00", "--end",
         "2026-11-23 04:00", "-c", "api", "--now", "2026-11-22T10:00Z"),
        ("resolve", "DB work", "--now", "2026-11-22T11:00Z"),
        ("new", "maintenance", "DB work", "--start", "2026-11-23 02:00", "--end",
         "2026-11-23 04:00", "-c", "api", "--now", "2026-11-22T12:00Z"),
    ]  # fmt: skip
    for step in steps:
        done = run(site, *step)
        assert 0 == done.exit_code, done.output
    before = snapshot(site)

    result = run(
        site, "update", "DB work", "--status", "in_progress", "-m", "Starting.",
        "--now", "2026-11-23T01:00Z",
    )  # fmt: skip

    assert 1 == result.exit_code
    assert (
        "'DB work' matches 2 files: 2026-11-23-db-work (called off), "
        "2026-11-23-db-work-2 (in progress)\n"
        "    hint: type the whole name with its date, e.g. 2026-11-23-db-work-2\n"
    ) in result.output
    assert before == snapshot(site)


# The forms one title takes as typed: macOS decomposes (NFD: "e" and a combining accent,
# Hangul as jamo), Windows and Linux compose (NFC).
FORMS = [("NFD", "NFC"), ("NFC", "NFD")]


@pytest.mark.parametrize("title", ["로그인 장애", "ログイン障害"])
@pytest.mark.parametrize(("written", "typed"), FORMS, ids=["NFD-file", "NFC-file"])
def test_a_title_typed_in_another_unicode_form_finds_its_event(
    site: Path, title: str, written: str, typed: str
) -> None:
    opened = run(site, "new", "incident", normalize(written, title), "-m", "x", "--now", NOW)
    assert 0 == opened.exit_code, opened.output

    result = run(site, "update", normalize(typed, title), "-m", "y", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert "Updated content/incidents/2026-11-22-incident.md: investigating\n" == result.output


@pytest.mark.parametrize("title", ["Café outage", "결제 장애"])
@pytest.mark.parametrize(("written", "typed"), FORMS, ids=["NFD-file", "NFC-file"])
def test_a_title_in_another_unicode_form_is_the_same_days_open_incident(
    site: Path, title: str, written: str, typed: str
) -> None:
    opened = run(site, "new", "incident", normalize(written, title), "-m", "x", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    before = snapshot(site)

    again = run(site, "new", "incident", normalize(typed, title), "-c", "api", "-m", "x",
                "--now", NOW)  # fmt: skip

    assert 1 == again.exit_code, again.output
    assert "an open incident with this title was opened the same day" in again.output
    assert before == snapshot(site)


def test_update_c_keeps_each_list_comment_beside_its_component(site: Path) -> None:
    (site / "content/incidents/2026-11-22-listc.md").write_text(
        "---\ntitle: Listc\nstatus: investigating\ncomponents:\n"
        "  - api # customer API\n  - checkout # payment pages\n---\n"
        "## Investigating at 2026-11-22 19:00\nErrors.\n"
    )

    result = run(site, "update", "listc", "-c", "api=partial_outage", "-m", "y", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert incident_file(site, "2026-11-22-listc.md").startswith(
        "---\ntitle: Listc\nstatus: investigating\ncomponents:\n"
        "  api: partial_outage # customer API\n"
        "  checkout: degraded_performance # payment pages\n---\n"
    )
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    ("components", "written"),
    [
        (
            "[api,   # the public API, paged first\n  checkout]",
            "\n  api: degraded_performance   # the public API, paged first\n"
            "  checkout: major_outage\n",
        ),
        (
            "[  # both paged\n  api,\n  # the hosted page\n  checkout  # EU only\n]",
            "  # both paged\n  api: degraded_performance\n  # the hosted page\n"
            "  checkout: major_outage  # EU only\n",
        ),
        (
            "{api: partial_outage,  # customer API\n  checkout: degraded_performance}",
            "\n  api: partial_outage  # customer API\n  checkout: major_outage\n",
        ),
    ],
    ids=["list", "own-lines", "mapping"],
)
def test_update_c_keeps_the_comments_inside_a_flow_list(
    site: Path, components: str, written: str
) -> None:
    (site / "content/incidents/2026-11-22-flow.md").write_text(
        f"---\ntitle: Flow\nstatus: investigating\ncomponents: {components}\n---\n"
        "## Investigating at 2026-11-22 19:00\nErrors.\n"
    )

    result = run(site, "update", "flow", "-c", "checkout=major", "-m", "y", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert incident_file(site, "2026-11-22-flow.md").startswith(
        f"---\ntitle: Flow\nstatus: investigating\ncomponents:{written}---\n"
    )
    assert_site_checks_clean(site)


@pytest.mark.parametrize("indicator", [">-", "|-", ">-  # as first seen"])
def test_update_replaces_a_status_written_as_a_block_scalar(site: Path, indicator: str) -> None:
    (site / "content/incidents/2026-11-22-folded.md").write_text(
        f"---\ntitle: Folded\nstatus: {indicator}\n  investigating\nimpact: minor\n---\n"
        "## Investigating at 2026-11-22 19:00\nErrors.\n"
    )

    result = run(site, "update", "folded", "--status", "identified", "-m", "y", "--now", NOW)

    assert 0 == result.exit_code, result.output
    comment = indicator[2:]
    assert incident_file(site, "2026-11-22-folded.md").startswith(
        f"---\ntitle: Folded\nstatus: identified{comment}\nimpact: minor\n---\n"
    )
    assert_site_checks_clean(site)


@pytest.mark.parametrize("indicator", [">-", "|-", ">-  # as first seen"])
@pytest.mark.parametrize("folded", ["api", "checkout"])  # the last entry, or one before it
def test_update_c_replaces_a_component_status_written_as_a_block_scalar(
    site: Path, indicator: str, folded: str
) -> None:
    statuses = {"api": "partial_outage", "checkout": "major_outage"}
    lines = {cid: f"{status}\n" for cid, status in statuses.items()}
    lines[folded] = f"{indicator}\n    {statuses[folded]}\n"
    components = "".join(f"  {cid}: {line}" for cid, line in lines.items())
    (site / "content/incidents/2026-11-22-folded.md").write_text(
        f"---\ntitle: Folded\nstatus: investigating\ncomponents:\n{components}---\n"
        "## Investigating at 2026-11-22 19:00\nErrors.\n"
    )

    set_to = f"{folded}=degraded_performance"
    result = run(site, "update", "folded", "-c", set_to, "-m", "Eased.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    lines[folded] = f"degraded_performance{indicator[2:]}\n"
    components = "".join(f"  {cid}: {line}" for cid, line in lines.items())
    assert incident_file(site, "2026-11-22-folded.md").startswith(
        f"---\ntitle: Folded\nstatus: investigating\ncomponents:\n{components}---\n"
    )
    assert_site_checks_clean(site)


def test_new_incident_with_a_taken_name_gets_a_number(site: Path) -> None:
    for _ in range(2):
        result = run(
            site, "new", "incident", "Card payments", "-m", "Again.", "--again", "--now", NOW
        )
        assert 0 == result.exit_code, result.output

    assert (site / "content/incidents/2026-11-22-card-payments-2.md").exists()
    assert (site / "content/incidents/2026-11-22-card-payments-3.md").exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-11-25 02:00", "2026-11-25 04:00"), ("2026-11-25 03:00", "2026-11-25 05:00")],
)
def test_a_window_scheduled_twice_is_refused_unless_again(site: Path, start: str, end: str) -> None:
    """A double Enter on `new maintenance` would list the window twice on the page, in the
    calendar and to every channel: the second, at the same or an overlapping time, is
    refused as `new incident` refuses one opened twice."""
    window = ["--start", "2026-11-25 02:00", "--end", "2026-11-25 04:00", "-c", "api"]
    first = run(site, "new", "maintenance", "DB upgrade", *window, "-m", "Upgrading", "--now", NOW)
    assert 0 == first.exit_code, first.output
    twice = ["new", "maintenance", "db  UPGRADE", "--start", start, "--end", end, "-c", "api"]

    second = run(site, *twice, "-m", "Upgrading", "--now", NOW)

    assert 1 == second.exit_code, second.output
    assert "2026-11-25-db-upgrade.md" in second.output
    assert "a maintenance with this title is already scheduled for this time" in second.output
    assert "statusgen update 2026-11-25-db-upgrade" in second.output
    assert not (site / "content/incidents/2026-11-25-db-upgrade-2.md").exists()
    anyway = run(site, *twice, "-m", "Upgrading", "--again", "--now", NOW)
    assert 0 == anyway.exit_code, anyway.output
    assert (site / "content/incidents/2026-11-25-db-upgrade-2.md").exists()


def test_an_update_run_again_from_the_shell_history_is_refused_unless_again(site: Path) -> None:
    """The same `update` twice (status, message and component changes as the newest
    update's) added a second identical update, shown twice on the page and in the API."""
    typed = ["update", "card", "-c", "api=major_outage", "-m", "Root cause: the primary is "
             "overloaded.", "--now", "2026-11-22T19:30:00+01:00"]  # fmt: skip
    first = run(site, *typed)
    assert 0 == first.exit_code, first.output
    before = snapshot(site)

    second = run(site, *typed)

    assert 1 == second.exit_code, second.output
    assert (
        "2026-11-22-card-payments.md:13: the newest update "
        "(Investigating at 2026-11-22 19:30 +01:00) already says this" in second.output
    )
    assert "pass --again if this is a second, separate update" in second.output
    assert before == snapshot(site)
    anyway = run(site, *typed, "--again")
    assert 0 == anyway.exit_code, anyway.output
    text = incident_file(site, "2026-11-22-card-payments.md")
    assert 2 == text.count("Root cause: the primary is overloaded.")


def test_of_updates_in_one_minute_the_repeat_is_of_the_last_one_written(site: Path) -> None:
    """Two updates sharing the newest minute: the timeline reads the later line as the
    newest, so repeating that one is refused and repeating the earlier one is added."""
    for message in ("B", "C"):
        result = run(site, "update", "card", "-m", message, "--now", NOW)
        assert 0 == result.exit_code, result.output

    repeat = run(site, "update", "card", "-m", "C", "--now", NOW)
    earlier = run(site, "update", "card", "-m", "B", "--now", NOW)

    assert 1 == repeat.exit_code, repeat.output
    assert "2026-11-22-card-payments.md:16: the newest update" in repeat.output
    assert 0 == earlier.exit_code, earlier.output
    text = incident_file(site, "2026-11-22-card-payments.md")
    assert 1 == text.count("\r\nC\r\n")
    assert 2 == text.count("\r\nB\r\n")


def test_the_same_words_as_a_periodic_update_later_are_added(site: Path) -> None:
    """Posting "Still investigating" again an hour and a half later is ordinary practice,
    not a command run twice."""
    for now in ("2026-11-22T19:05:00Z", "2026-11-22T20:35:00Z"):
        result = run(site, "update", "card", "-m", "Still investigating", "--now", now)
        assert 0 == result.exit_code, result.output

    assert 2 == incident_file(site, "2026-11-22-card-payments.md").count("Still investigating")


def test_the_same_update_within_ten_minutes_is_still_taken_for_a_rerun(site: Path) -> None:
    for now, code in (("2026-11-22T18:41:00Z", 0), ("2026-11-22T18:51:00Z", 1)):
        result = run(site, "update", "card", "-m", "Still investigating", "--now", now)
        assert code == result.exit_code, result.output


@pytest.mark.parametrize(
    "changed",
    [
        ["-c", "api=major_outage", "-m", "Root cause: the replica is overloaded."],
        ["-c", "api=partial_outage", "-m", "Root cause: the primary is overloaded."],
        ["--status", "identified", "-c", "api=major_outage", "-m",
         "Root cause: the primary is overloaded."],
    ],
    ids=["message", "components", "status"],
)  # fmt: skip
def test_an_update_differing_from_the_newest_in_anything_is_added(
    site: Path, changed: list[str]
) -> None:
    first = ["-c", "api=major_outage", "-m", "Root cause: the primary is overloaded."]
    for words in (first, changed):
        result = run(site, "update", "card", *words, "--now", NOW)
        assert 0 == result.exit_code, result.output


def test_a_window_of_the_same_name_at_another_time_is_scheduled(site: Path) -> None:
    """The same work done again next week is a second window, not a double Enter."""
    for day in ("25", "26"):
        window = ["--start", f"2026-11-{day} 02:00", "--end", f"2026-11-{day} 04:00"]
        result = run(site, "new", "maintenance", "DB upgrade", *window, "-m", "x", "--now", NOW)
        assert 0 == result.exit_code, result.output


@pytest.mark.parametrize(
    "command",
    [
        ("new", "incident", "-c", "api"),
        ("new", "maintenance", "--start", "in 1h", "--end", "in 2h"),
    ],
)
@pytest.mark.parametrize("title", ["\u200b", "\u200e \u2060", ""])
def test_a_title_a_reader_cannot_see_is_refused_up_front_in_checks_words(
    site: Path, command: tuple[str, ...], title: str
) -> None:
    before = snapshot(site)

    result = run(site, *command[:2], title, *command[2:], "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    # The argument is named, not a file that was never written.
    assert [
        "TITLE: 'title' must not be empty",
        "    hint: give a short title in quotes",
        "1 problem",
    ] == result.output.splitlines()[:3]
    assert "Nothing was written." in result.output
    assert before == snapshot(site)


def test_an_unknown_component_lists_the_known_ones_and_writes_nothing(site: Path) -> None:
    before = snapshot(site)

    result = run(
        site, "new", "incident", "Broken", "-c", "apii=major_outage", "-m", "x", "--now", NOW
    )

    assert 1 == result.exit_code
    assert "unknown component 'apii'" in result.output
    assert "did you mean 'api'? known components: api, checkout, dashboard" in result.output
    assert "Nothing was written." in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("API", "api"), ("DASHBOARD", "dashboard"), ("Payments", "checkout"), ("paymnts", "checkout")],
)
def test_a_component_typed_as_the_page_shows_it_gets_its_id_suggested(
    site: Path, typed: str, meant: str
) -> None:
    # The page shows the name (`API`, `Payments`); the id is spelled another way. A new
    # incident cannot be about a removed component, so no advice about retiring one.
    components = site / "content" / "components.yaml"
    components.write_text(COMPONENTS.replace("name: Checkout", "name: Payments"))

    result = run(site, "new", "incident", "Broken", "-c", typed, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        f"--component {typed}: unknown component '{typed}'\n"
        f"    hint: did you mean '{meant}'? known components: api, checkout, dashboard\n"
    ) in result.output
    assert "retired" not in result.output


@pytest.mark.parametrize(
    ("named", "typed", "meant"),
    [
        ("Website", "website-frontend", "website"),
        ("Checkout Service", "checkout", "checkout-service"),
    ],
)
def test_a_component_typed_now_is_offered_the_id_not_a_rename(
    site: Path, named: str, typed: str, meant: str
) -> None:
    # An id typed now is no old reference a rename lost: told to add `id: {typed}` to the
    # component, its past incidents would name an unknown one.
    components = site / "content" / "components.yaml"
    components.write_text(f"- name: API\n- name: {named}\n")
    for incident in (site / "content" / "incidents").iterdir():
        incident.unlink()

    result = run(site, "new", "incident", "Slow", "-c", typed, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        f"--component {typed}: unknown component '{typed}'\n"
        f"    hint: did you mean '{meant}'? known components: api, {meant}\n"
    ) in result.output


def test_an_unknown_component_and_its_invalid_status_are_both_reported(site: Path) -> None:
    result = run(site, "new", "incident", "X", "-c", "chekout=foo", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert "--component chekout=foo: unknown component 'chekout'" in result.output
    assert "--component chekout=foo: 'foo' is not one of: operational," in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["new", "incident", "X", "--status", "fixed", "-m", "x"],
        ["new", "incident", "X", "--impact", "huge", "-m", "x"],
        ["new", "incident", "X", "-c", "api=down", "-m", "x"],
        ["new", "incident", "   ", "-m", "x"],
        ["new", "incident", "X"],  # no message and no terminal for an editor
        ["new", "maintenance", "X", "--start", "soon", "--end", "in 2h"],
        ["new", "maintenance", "X", "--start", "in 2h", "--end", "in 1h"],
        ["new", "maintenance", "X", "--start", "2026-11-29", "--end", "in 1h"],
        ["update", "card", "--status", "fixed", "-m", "x"],
        ["update", "card", "--status", "identified"],
        ["update", "card", "-c", "nope=major_outage", "-m", "x"],
        ["update", "nothing-like-it", "-m", "x"],
        ["update", "2026-11-", "-m", "x"],  # more than one file matches
        ["update", "database", "--status", "identified", "-m", "x"],  # not a maintenance state
        ["update", "card", "-m", "x", "--now", "2026-11-22T17:00:00Z"],  # before the last update
        ["resolve", "slow-dashboard"],  # already resolved
    ],
)
def test_bad_input_leaves_every_file_untouched(site: Path, args: list[str]) -> None:
    before = snapshot(site)

    result = run(site, *args, *([] if "--now" in args else ["--now", NOW]))

    assert result.exit_code in (1, 2), result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["new", "incident", "X", "--status", "identifed"],
            "--status identifed: 'identifed' is not one of: investigating, identified,",
            "hint: did you mean 'identified'?",
        ),
        (
            ["new", "incident", "X", "--impact", "majr"],
            "--impact majr: 'majr' is not one of: none, minor, major, critical",
            "hint: did you mean 'major'?",
        ),
        (
            ["new", "incident", "X", "-c", "api=major-outge"],
            "--component api=major-outge: 'major-outge' is not one of: operational,",
            "hint: did you mean 'major_outage'?",
        ),
        (
            # Closest to the short form `major`, which is accepted: the full name is offered.
            ["new", "incident", "X", "-c", "api=majr"],
            "--component api=majr: 'majr' is not one of: operational,",
            "hint: did you mean 'major_outage'?",
        ),
        (
            ["update", "card", "--status", "monitorng"],
            "--status monitorng: 'monitorng' is not one of:",
            "hint: did you mean 'monitoring'?",
        ),
        (
            ["new", "incident", "X", "--status", "i"],
            "--status i: 'i' is ambiguous: it could be investigating or identified",
            "hint: type more of it",
        ),
        # Everyday words, which no spelling brings near the name they mean.
        (
            ["new", "incident", "X", "-c", "api=down"],
            "--component api=down: 'down' is not one of: operational,",
            "hint: did you mean 'major_outage'?",
        ),
        (
            ["update", "card", "-c", "api=Working"],
            "--component api=Working: 'Working' is not one of: operational,",
            "hint: did you mean 'operational'?",
        ),
        (
            ["new", "incident", "X", "-c", "api=slow"],
            "--component api=slow: 'slow' is not one of: operational,",
            "hint: did you mean 'degraded_performance'?",
        ),
        (
            ["new", "incident", "X", "--impact", "high"],
            "--impact high: 'high' is not one of: none, minor, major, critical",
            "hint: did you mean 'major'?",
        ),
        (
            # A typo of the everyday word means what the word means.
            ["update", "card", "--impact", "hihg"],
            "--impact hihg: 'hihg' is not one of: none, minor, major, critical",
            "hint: did you mean 'major'?",
        ),
        (
            ["new", "incident", "X", "--impact", "sevre"],
            "--impact sevre: 'sevre' is not one of: none, minor, major, critical",
            "hint: did you mean 'critical'?",
        ),
        (
            ["new", "incident", "X", "--impact", "sev1"],
            "--impact sev1: 'sev1' is not one of: none, minor, major, critical",
            "hint: did you mean 'critical'?",
        ),
        (
            ["update", "card", "--status", "fixed"],
            "--status fixed: 'fixed' is not one of: investigating, identified,",
            "hint: did you mean 'resolved'? "
            "or close it with `statusgen resolve 2026-11-22-card-payments`",
        ),
        (
            ["update", "database", "--status", "done"],
            "--status done: 'done' is not one of: scheduled, in_progress, verifying, completed",
            "hint: did you mean 'completed'? "
            "or close it with `statusgen resolve 2026-11-22-database-upgrade`",
        ),
    ],
)
def test_a_mistyped_value_gets_a_suggestion(
    site: Path, args: list[str], message: str, hint: str
) -> None:
    before = snapshot(site)

    result = run(site, *args, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert message in result.output
    assert hint in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("word", ["cancelled", "canceled", "Called off"])
def test_a_word_for_calling_a_window_off_is_told_how_that_is_done(site: Path, word: str) -> None:
    # No `cancelled` state (docs/content.md): the hint `check` gives for `status: cancelled`.
    before = snapshot(site)

    # Before the window's start (19:00 in Berlin): it can still be called off.
    early = "2026-11-22T17:30:00Z"
    result = run(site, "update", "database", "--status", word, "-m", "Off.", "--now", early)

    assert 1 == result.exit_code
    assert f"--status {word}: '{word}' is not one of: scheduled, in_progress," in result.output
    assert (
        "hint: to call the window off, run `statusgen resolve 2026-11-22-database-upgrade` "
        "before its start, or write an update '## Completed at <time>' dated before its start"
    ) in " ".join(result.output.split())
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("now", "update", "began"),
    [
        # Started early, by an update, before the window's start (19:00).
        ("2026-11-22T17:30:00Z", "## In progress at 2026-11-22 18:00\nPrep.\n", "18:00"),
        (NOW, "", "19:00"),  # past its start
    ],
    ids=["early", "started"],
)
def test_calling_off_a_window_whose_work_began_is_told_it_cannot_be(
    site: Path, now: str, update: str, began: str
) -> None:
    # Following the call-off hint then (`resolve`) would mark the work done, not called off.
    (site / "content/incidents/2026-11-22-database-upgrade.md").write_text(MAINTENANCE + update)
    before = snapshot(site)

    result = run(site, "update", "database", "--status", "cancelled", "-m", "Off.", "--now", now)

    assert 1 == result.exit_code
    said = " ".join(result.output.split())
    assert "to call the window off" not in said
    assert (
        f"hint: the window's work began at 2026-11-22 {began} +01:00, so it can no longer be "
        "called off; `statusgen resolve 2026-11-22-database-upgrade` marks it completed"
    ) in said
    assert before == snapshot(site)


@pytest.mark.parametrize(
    "word", ["reopened", "reopen", "re-open", "open", "opened", "active", "ongoing"]
)
def test_a_word_for_opening_again_is_pointed_to_investigating_not_resolving(
    site: Path, word: str
) -> None:
    # docs/authoring.md: a resolved incident is reopened with `--status investigating`.
    before = snapshot(site)

    resolved = run(site, "update", "slow", "--status", word, "-m", "Back.", "--now", NOW)
    still_open = run(site, "update", "card", "--status", word, "-m", "x", "--now", NOW)

    assert 1 == resolved.exit_code
    assert "hint: did you mean 'investigating'? it reopens the incident" in resolved.output
    assert "hint: did you mean 'investigating'?" in still_open.output
    assert "resolve" not in resolved.output.replace("resolved, postmortem", "")
    assert "statusgen resolve" not in still_open.output
    assert before == snapshot(site)


def test_a_resolved_incident_is_not_offered_resolve_again(site: Path) -> None:
    result = run(site, "update", "slow", "--status", "fixed", "-m", "x", "--now", NOW)

    assert "hint: did you mean 'resolved'?" in result.output
    assert "statusgen resolve" not in result.output


@pytest.mark.parametrize("command", [["new", "incident", "X"], ["update", "card"]])
@pytest.mark.parametrize(
    ("value", "instead"),
    [
        ("api,checkout=major_outage", "-c api -c checkout=major_outage"),
        ("api=major_outage, checkout", "-c api=major_outage -c checkout"),
        ("api checkout", "-c api -c checkout"),
        ("api = major_outage,checkout = degraded", "-c api=major_outage -c checkout=degraded"),
        # As a file's Components line is misread without its commas (timeline.change_items).
        ("api=operational checkout=operational", "-c api=operational -c checkout=operational"),
        # A status written with spaces, as documented, stays one status, quoted to type.
        (
            "api=partial outage, checkout=major outage",
            '-c "api=partial outage" -c "checkout=major outage"',
        ),
        ("api=major outage checkout", '-c "api=major outage" -c checkout'),
    ],
)
def test_components_written_as_a_list_are_refused_showing_one_c_each(
    site: Path, command: list[str], value: str, instead: str
) -> None:
    # The Incident workflow's form takes such a list; on the command line, following a
    # "did you mean" for one of its ids would leave the others out of the incident.
    before = snapshot(site)

    result = run(site, *command, "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert [
        f"--component {value}: one -c names one component, not 2",
        f"    hint: write {instead} (a status after '=' is for that component alone)",
    ] == result.output.splitlines()[:2]
    assert "did you mean" not in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("value", "hint", "problem"),
    [
        (
            "api=partial outages, checkout=major outage",
            '-c "api=partial outages" -c "checkout=major outage"',
            [
                "'partial outages' is not one of: operational, degraded_performance,"
                " partial_outage, major_outage, under_maintenance",
                "    hint: did you mean 'partial_outage'?",
            ],
        ),
        (
            "checkout=majr outage, api",
            '-c "checkout=majr outage" -c api',
            [
                "'majr outage' is not one of: operational, degraded_performance,"
                " partial_outage, major_outage, under_maintenance",
                "    hint: did you mean 'major_outage'?",
            ],
        ),
        (
            "api=major outage, checkout=degradedd",
            '-c "api=major outage" -c checkout=degradedd',
            [
                "'degradedd' is not one of: operational, degraded_performance,"
                " partial_outage, major_outage, under_maintenance",
                "    hint: did you mean 'degraded_performance'?",
            ],
        ),
        (
            "Checkout=major outage, Dashbord=partial outage",
            '-c "checkout=major outage" -c "Dashbord=partial outage"',
            [
                "unknown component 'Dashbord'",
                "    hint: did you mean 'dashboard'? known components: api, checkout, dashboard",
            ],
        ),
    ],
)
def test_a_comma_list_with_a_mistake_is_split_at_its_commas_and_the_mistake_told(
    site: Path, value: str, hint: str, problem: list[str]
) -> None:
    """A mistyped status or name in a list was split at its spaces (`-c api=partial -c
    outages`), naming a component `outages` when typed, and a status nobody has was passed
    on without a word: each change is kept whole, and what is wrong in it told now."""
    before = snapshot(site)

    result = run(site, "update", "card", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert [
        f"--component {value}: one -c names one component, not 2",
        f"    hint: write {hint} (a status after '=' is for that component alone)",
        f"--component {value}: {problem[0]}",
        problem[1],
        "2 problems",
    ] == result.output.splitlines()[:5]
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("value", "second"),
    [
        ("api=major_outage, api=degraded_performance", "api=degraded_performance"),
        ("api=major_outage, API=partial outage", "API=partial outage"),
    ],
)
def test_a_comma_list_giving_one_component_two_statuses_says_so(
    site: Path, value: str, second: str
) -> None:
    """A list naming one component twice got a hint (`write -c api=… -c api=…`) that fails
    when typed: the problem the hint would meet is told now, and no such hint."""
    before = snapshot(site)

    result = run(site, "new", "incident", "X", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert [
        f"--component {value}: component 'api' is given two statuses: api=major_outage and "
        f"{second}",
        "    hint: give each component once, with the status it has now",
        "1 problem",
    ] == result.output.splitlines()[:3]
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["-c", "api, API"],
            ["--component api, API: one -c names 'api' twice", "    hint: write -c api"],
        ),
        (
            ["-c", "api=major_outage, API"],
            [
                "--component api=major_outage, API: component 'api' is named twice:"
                " api=major_outage and API",
                "    hint: give it once: -c api=major_outage",
            ],
        ),
        (
            ["-c", "api=major_outage", "-c", "api"],
            [
                "--component api: component 'api' is named twice: api=major_outage and api",
                "    hint: give it once: -c api=major_outage",
            ],
        ),
    ],
    ids=["comma-list-twice", "comma-list-status-once", "two-c-status-once"],
)
def test_a_component_named_twice_is_told_so_with_the_one_c_to_write(
    site: Path, args: list[str], expected: list[str]
) -> None:
    """Named twice, once without a status, it is not "given two statuses", and the hint
    is not `-c api -c api`: it names the component once, with the status that was given."""
    before = snapshot(site)

    result = run(site, "new", "incident", "X", *args, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert expected == result.output.splitlines()[:2]
    assert before == snapshot(site)


@pytest.mark.parametrize("command", [["new", "incident", "X"], ["update", "card"]])
@pytest.mark.parametrize("value", ["Payments Gateway=major_outage", "payments  gateway"])
def test_a_component_name_with_a_space_gets_its_id_suggested_not_a_split(
    site: Path, command: list[str], value: str
) -> None:
    """The page shows `Payments Gateway`; typed so, it is one component, not a list of
    two: split into `-c Payments -c Gateway` it would name two unknown components."""
    components = site / "content" / "components.yaml"
    components.write_text(COMPONENTS.replace("name: Checkout", "name: Payments Gateway"))
    before = snapshot(site)

    result = run(site, *command, "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    typed = value.partition("=")[0]
    assert [
        f"--component {value}: unknown component '{typed}'",
        "    hint: did you mean 'checkout'? known components: api, checkout, dashboard",
    ] == result.output.splitlines()[:2]
    assert "one -c names one component" not in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("value", "hint", "instead"),
    [
        (
            "Payments Gateway=major outage, api=degraded",
            '-c "checkout=major outage" -c api=degraded',
            ["checkout=major outage", "api=degraded"],
        ),
        (
            "payments gateway=major outage api",
            '-c "checkout=major outage" -c api',
            ["checkout=major outage", "api"],
        ),
    ],
)
def test_a_list_naming_a_component_with_a_space_hints_one_c_each_that_works(
    site: Path, value: str, hint: str, instead: list[str]
) -> None:
    """The hint split `Payments Gateway` in two (`-c Payments -c "Gateway=major outage"`),
    which, typed, names two unknown components: it names the component by its id."""
    components = site / "content" / "components.yaml"
    components.write_text(COMPONENTS.replace("name: Checkout", "name: Payments Gateway"))
    before = snapshot(site)

    result = run(site, "new", "incident", "X", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert [
        f"--component {value}: one -c names one component, not 2",
        f"    hint: write {hint} (a status after '=' is for that component alone)",
    ] == result.output.splitlines()[:2]
    assert before == snapshot(site)
    typed = [arg for item in instead for arg in ("-c", item)]
    assert 0 == run(site, "new", "incident", "X", *typed, "-m", "x", "--now", NOW).exit_code


@pytest.mark.parametrize(("written", "typed"), FORMS, ids=["NFD-file", "NFC-file"])
def test_a_component_name_typed_in_another_unicode_form_is_its_name(
    site: Path, written: str, typed: str
) -> None:
    name = "Café Kasse"
    components = site / "content" / "components.yaml"
    components.write_text(COMPONENTS.replace("name: Checkout", f"name: {normalize(written, name)}"))

    result = run(
        site, "new", "incident", "X", "-c", normalize(typed, name), "-m", "x", "--now", NOW
    )

    assert 1 == result.exit_code
    assert (
        "    hint: did you mean 'checkout'? known components: api, checkout, dashboard"
        == (result.output.splitlines()[1])
    )
    assert "one -c names one component" not in result.output


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("major outage", "major_outage"),
        ("partial outage", "partial_outage"),
        ("Degraded Performance", "degraded_performance"),
        ("under  maintenance", "under_maintenance"),
    ],
)
@pytest.mark.parametrize("command", [["new", "incident", "X"], ["update", "card"]])
def test_a_status_written_with_spaces_is_one_status(
    site: Path, command: list[str], typed: str, status: str
) -> None:
    """docs/authoring.md: a status may be written with spaces. `api=major outage` is the
    API down, not two components, the second named `outage`."""
    result = run(site, *command, "-c", f"api={typed}", "-m", "x", "--now", NOW)

    assert 0 == result.exit_code, result.output
    (path,) = [p for p in (site / "content/incidents").iterdir() if "\nx\n" in p.read_text()]
    assert f"  api: {status}" in path.read_text()


def test_a_component_with_spaces_around_its_status_is_one_component(site: Path) -> None:
    result = run(site, "update", "card", "-c", "api = major_outage", "-m", "x", "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = (site / "content/incidents/2026-11-22-card-payments.md").read_text()
    assert "  api: major_outage   # EU only" in text


@pytest.mark.parametrize("command", [["new", "incident", "X"], ["update", "card"]])
def test_a_component_given_two_statuses_is_refused_naming_both(
    site: Path, command: list[str]
) -> None:
    before = snapshot(site)

    result = run(
        site, *command, "-c", "api=major_outage", "-c", "checkout", "-c", "api=degraded",
        "-m", "x", "--now", NOW,
    )  # fmt: skip

    assert 1 == result.exit_code
    assert (
        "--component api=degraded: component 'api' is given two statuses:"
        " api=major_outage and api=degraded"
    ) in result.output
    assert "Nothing was written." in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    "command",
    [
        ["new", "incident", "Down"],
        ["update", "card"],
        ["new", "maintenance", "Work", "--start", "22:00", "--end", "23:00"],
    ],
)
def test_a_component_with_an_empty_status_is_a_usage_error(site: Path, command: list[str]) -> None:
    before = snapshot(site)

    result = run(site, *command, "-c", "api=", "-m", "Text.", "--now", NOW)

    assert 2 == result.exit_code
    assert "'api=' has no status after '='" in result.output
    assert "major_outage" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("command", [["new", "incident", "Down", "-c", "api"], ["update", "card"]])
@pytest.mark.parametrize(
    ("option", "listed"),
    [("--status", "investigating, identified, monitoring"), ("--impact", "none, minor, major")],
)
@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_status_or_impact_is_a_usage_error_listing_the_values(
    site: Path, command: list[str], option: str, listed: str, value: str
) -> None:
    # `--status "$STATE"` with the variable unset: taken as not given, the update would be
    # written without the change the author meant.
    before = snapshot(site)

    result = run(site, *command, option, value, "-m", "Text.", "--now", NOW)

    assert 2 == result.exit_code
    assert f"Invalid value for '{option}': an empty value; give one of {listed}" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["update", "card", "-c", "", "-m", "Text."], "'-c' / '--component'"),
        (["new", "incident", "Down", "-c", " ", "-m", "Text."], "'-c' / '--component'"),
        (["new", "maintenance", "Work", "--start", "", "--end", "in 2h", "-m", "T."], "'--start'"),
        (["new", "maintenance", "Work", "--start", "in 1h", "--end", "", "-m", "T."], "'--end'"),
    ],
)
def test_an_empty_component_or_window_time_is_a_usage_error(
    site: Path, args: list[str], option: str
) -> None:
    # As an empty --status is: a variable that was not set is bad usage (exit 2), not an
    # unknown component named '' with a hint about retired ones.
    before = snapshot(site)

    result = run(site, *args, "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert f"Invalid value for {option}: an empty value" in result.output
    assert before == snapshot(site)


def test_a_status_without_a_component_is_a_usage_error(site: Path) -> None:
    before = snapshot(site)

    result = run(site, "update", "card", "-c", "=major_outage", "-m", "Text.", "--now", NOW)

    assert 2 == result.exit_code
    assert "component id missing before '=' in '=major_outage'" in result.output
    assert "e.g. api=major_outage" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "left", "example"),
    [
        (["new", "incident", "Login", "is", "broken", "-c", "api", "-m", "Looking.", "--now", NOW],
         "is broken", '"Login is broken" -m "We are looking."'),
        (["new", "incident", "Login", "-c", "api", "-m", "We", "are", "looking", "--now", NOW],
         "are looking", '"Login is broken" -m "We are looking."'),
        (["new", "maintenance", "DB", "upgrade", "--start", "in 1h", "--end", "in 2h",
          "--now", NOW],
         "upgrade", '"Login is broken" -m "We are looking."'),
        (["update", "card", "-m", "We", "are", "looking", "--now", NOW],
         "are looking", 'SLUG -m "We are looking."'),
        (["resolve", "card", "-m", "Fixed", "now", "--now", NOW],
         "now", 'SLUG -m "We are looking."'),
        (["record", "api", "--up", "-m", "ran", "ok"], "ok", 'MONITOR -m "We are looking."'),
    ],
)  # fmt: skip
def test_words_left_over_from_text_without_quotes_are_refused_with_a_hint_to_quote_it(
    site: Path, args: list[str], left: str, example: str
) -> None:
    before = snapshot(site)

    result = run(site, *args)  # `record` takes no --now

    assert 2 == result.exit_code, result.output
    assert f"unexpected extra argument{'s' if ' ' in left else ''} ({left})" in result.output
    assert "hint: put a title or message with spaces in quotes: " in result.output
    assert f" {example}\n" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "word", "character", "meant", "fixed"),
    [
        (["update", "card", "\u2014status", "identified", "-m", "x", "--now", NOW],
         "\u2014status", "an EM DASH (U+2014)", "--status", "update card --status identified"),
        (["update", "card", "--status", "identified", "\u2013m", "We rolled back", "--now", NOW],
         "\u2013m", "an EN DASH (U+2013)", "-m", "-m 'We rolled back'"),
        (["new", "incident", "\u2014c", "api", "-m", "x", "Login down", "--now", NOW],
         "\u2014c", "an EM DASH (U+2014)", "-c", "new incident -c api -m x 'Login down'"),
        # Nothing left over: the word was taken as the title, and the incident written.
        (["new", "incident", "\u2212c", "-m", "x", "--now", NOW],
         "\u2212c", "a MINUS SIGN (U+2212)", "-c", "new incident -c -m x"),
    ],
)  # fmt: skip
def test_an_option_whose_dashes_became_another_dash_is_named_with_the_character(
    site: Path, args: list[str], word: str, character: str, meant: str, fixed: str
) -> None:
    # Autocorrect makes `--` an em dash: click took `—status` for a word, said to quote
    # a message, and `new incident —c …` could write an incident titled "—c".
    before = snapshot(site)

    result = run(site, *args)

    assert 2 == result.exit_code, result.output
    assert (
        f"'{word}' starts with {character}, not '{meant[: len(meant) - len(meant.lstrip('-'))]}'"
        in result.output
    )
    assert f"hint: type the option as {meant}: `" in result.output
    assert fixed in result.output
    assert "put a title or message with spaces in quotes" not in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "word", "meant", "fixed"),
    [
        (["check", "\u2014fix"], "\u2014fix", "--fix", "check --fix"),
        (["build", "\u2014no-cache"], "\u2014no-cache", "--no-cache", "build --no-cache"),
        (["status", "\u2014json"], "\u2014json", "--json", "status --json"),
        (["ingest", "alertmanager", "a.json", "\u2014dry-run"], "\u2014dry-run", "--dry-run",
         "ingest alertmanager a.json --dry-run"),
        # Taken for a monitor's name: "no monitor '—dry-run'".
        (["probe", "\u2014dry-run"], "\u2014dry-run", "--dry-run", "probe --dry-run"),
        (["import", "cstate", ".", "\u2014force"], "\u2014force", "--force",
         "import cstate . --force"),
    ],
)  # fmt: skip
def test_every_command_names_an_option_whose_dashes_became_an_em_dash(
    site: Path, args: list[str], word: str, meant: str, fixed: str
) -> None:
    # Only new, update, resolve and record said so; the others said "unexpected extra
    # argument (—fix)" with no word of the dash.
    before = snapshot(site)

    result = run(site, *args)

    assert 2 == result.exit_code, result.output
    assert f"'{word}' starts with an EM DASH (U+2014), not '--'" in result.output
    assert f"hint: type the option as {meant}: `cli -C {site} {fixed}`" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "meant", "fixed"),
    [
        (["\u2014C", "SITE", "check"], "-C", "-C SITE check"),
        (["\u2013root=SITE", "status"], "--root", "--root=SITE status"),
    ],
)  # fmt: skip
def test_statusgen_own_option_whose_dash_became_another_is_named(
    site: Path, args: list[str], meant: str, fixed: str
) -> None:
    # Read as the command's name: "No such command '—C'".
    typed = [word.replace("SITE", str(site)) for word in args]

    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert f"hint: type the option as {meant}: `cli {fixed.replace('SITE', str(site))}`" in (
        result.output
    )


@pytest.mark.parametrize("group", ["new", "import"])
def test_a_group_names_its_help_option_whose_dashes_became_an_em_dash(
    site: Path, group: str
) -> None:
    # Taken for a command: "No such command '—help'", for `new` with a hint to open an
    # incident titled '—help'.
    result = run(site, group, "\u2014help")

    assert 2 == result.exit_code, result.output
    assert "'\u2014help' starts with an EM DASH (U+2014), not '--'" in result.output
    assert f"hint: type the option as --help: `cli -C {site} {group} --help`" in result.output
    assert "incident" not in result.output


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["status", "\u2014C", "SITE"], "\u2014C"),
        (["status", "\u2014root=SITE"], "\u2014root=SITE"),
        (["new", "incident", "Login down", "\u2014C", "SITE"], "\u2014C"),
    ],
)
def test_statusgen_own_option_with_a_dash_after_the_command_is_named_and_moved(
    site: Path, args: list[str], word: str
) -> None:
    # "Got unexpected extra arguments (—C site)", with no word of the dash or of -C.
    typed = [w.replace("SITE", str(site)) for w in args]

    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    dashes = "--" if "root" in word else "-"
    shown = word.replace("SITE", str(site))
    assert f"'{shown}' starts with an EM DASH (U+2014), not '{dashes}'" in result.output
    command = " ".join(shlex.quote(w) for w in typed if w not in ("\u2014C", str(site)))
    if "root" in word:
        command = command.replace(" " + shlex.quote(shown), "")
    assert (
        f"it goes before the command, `cli -C {shlex.quote(str(site))} {command}`" in result.output
    )


@pytest.mark.parametrize("command", [["resolve"], ["update", "--status", "completed"]])
def test_completing_a_window_after_its_end_says_once_where_pages_end_it(
    site: Path, command: list[str]
) -> None:
    typed = ["new", "maintenance", "DB upgrade", "--start", "2026-11-25T10:00:00Z"]
    typed += ["--end", "2026-11-25T11:00:00Z", "-c", "api", "--now", "2026-11-24T10:00:00Z"]
    assert 0 == run(site, *typed).exit_code
    words = [command[0], "db-upgrade", *command[1:], "--now", "2026-11-25T11:30:00Z"]
    if command[0] == "update":
        words += ["-m", "Done."]

    result = run(site, *words)

    assert 0 == result.exit_code, result.output
    assert "pages show the window ending at its planned end (2026-11-25 12:00 +01:00)" in (
        result.output
    )
    assert "add an `In progress` update dated after 2026-11-25 12:00 +01:00" in result.output
    # Written now, an update would follow the completion and reopen the window: the note
    # says to write it above the completion, and offers no command that would do that.
    assert "to the file by hand, above this `Completed` one" in result.output
    assert "--status in_progress" not in result.output
    checked = run(site, "check", "--now", "2026-11-26T00:00:00Z").output
    assert "db-upgrade.md" not in checked, checked


@pytest.mark.parametrize(
    ("completed", "change"),
    [
        (False, ["--status", "completed", "-c", "dashboard=degraded_performance"]),
        (True, ["-c", "dashboard=major_outage"]),
        (True, ["--status", "completed", "-c", "api"]),
    ],
)
def test_a_status_after_a_windows_end_is_refused_with_an_incident_to_open(
    site: Path, completed: bool, change: list[str]
) -> None:
    """After its end a window holds no component (docs/authoring.md): a status given then
    would be written and shown nowhere, the component operational on every page."""
    typed = ["new", "maintenance", "DB upgrade", "--start", "2026-11-25T10:00:00Z"]
    typed += ["--end", "2026-11-25T11:00:00Z", "-c", "api", "--now", "2026-11-24T10:00:00Z"]
    assert 0 == run(site, *typed).exit_code
    if completed:
        done = ["update", "db-upgrade", "--status", "completed", "-m", "Done."]
        assert 0 == run(site, *done, "--now", "2026-11-25T11:30:00Z").exit_code
    before = snapshot(site)

    result = run(site, "update", "db-upgrade", *change, "-m", "Slow.", "--now", "2026-11-25T12:00Z")

    assert 1 == result.exit_code, result.output
    # Over by the clock (a `Completed` update after the end does not move it): at the line
    # that says when, its `scheduled_until`.
    assert (
        "2026-11-25-db-upgrade.md:4:1: the window ended at 2026-11-25 12:00 +01:00 "
        "(scheduled_until): a status given after its end changes nothing"
    ) in result.output
    given = change[-1] if "=" in change[-1] else "api"
    assert f"open an incident: `statusgen new incident TITLE -c {given}`" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("command", [["resolve"], ["update", "--status", "completed"]])
def test_completing_a_window_after_its_end_ends_it_where_the_same_update_by_hand_does(
    site: Path, command: list[str]
) -> None:
    # docs/content.md: a `Completed` update after the end does not move the end. Its
    # `In progress` update written by hand, no `status:` line holds the window past 12:00.
    window = site / "content/incidents/2026-11-25-db-upgrade.md"
    window.write_text(
        "---\ntitle: DB upgrade\nscheduled_for: 2026-11-25 11:00\n"
        "scheduled_until: 2026-11-25 12:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-11-24 10:00\n\nPlanned.\n\n"
        "## In progress at 2026-11-25 11:00\n\nStarted.\n"
    )
    words = [command[0], "db-upgrade", *command[1:], "--now", "2026-11-25T11:30:00Z"]
    if command[0] == "update":
        words += ["-m", "Done."]

    result = run(site, *words)

    assert 0 == result.exit_code, result.output
    assert 1 == result.output.count("pages show the window ending at its planned end")
    assert "status:" not in window.read_text()
    assert 0 == run(site, "build", "-q", "--now", "2026-11-26T00:00:00Z").exit_code
    api = json.loads((site / "public/api/v2/scheduled-maintenances.json").read_text())
    (item,) = [m for m in api["scheduled_maintenances"] if m["name"] == "DB upgrade"]
    assert "2026-11-25T12:00:00.000+01:00" == item["resolved_at"]
    assert "DTEND:20261125T110000Z" in (site / "public/maintenance.ics").read_text()


WINDOW = ["--start", "in 1h", "--end", "in 2h"]


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        (["new", "incident", "-5% errors", "-m", "Looking."], "-5% errors"),
        (["new", "incident", "--", "-5% errors", "-m", "Looking."], "-5% errors"),
        (["new", "incident", "--", "-5% errors", "-m", "Looking.", "-c", "api"], "-5% errors"),
        (["new", "incident", "--", "-m", "Looking.", "-5% errors"], "-5% errors"),
        (["new", "incident", "--", "-m", "Looking.", "-5% errors", "-c", "api"], "-5% errors"),
        (["new", "maintenance", "-- 2am works", *WINDOW], "-- 2am works"),
        (["new", "maintenance", "--", "-2am works", *WINDOW], "-2am works"),
        (["new", "maintenance", "--", *WINDOW, "-2am works"], "-2am works"),
        # Short options with their values joined, as click reads them.
        (["new", "incident", "--", "-mLooking.", "-5% errors"], "-5% errors"),
        (["new", "incident", "--", "-5% errors", "-capi=major", "-mx"], "-5% errors"),
    ],
    ids=["dash-title", "option-after-dashes", "options-after-dashes",
         "options-right-after-dashes", "options-around-title-after-dashes", "maintenance",
         "maintenance-after-dashes", "maintenance-options-right-after-dashes",
         "joined-option-after-dashes", "joined-options-after-title-after-dashes"],
)  # fmt: skip
def test_a_title_starting_with_a_dash_is_told_the_command_that_takes_it(
    site: Path, typed: list[str], title: str
) -> None:
    before = snapshot(site)

    result = run(site, *typed[:2], "--now", NOW, *typed[2:])

    assert 2 == result.exit_code, result.output
    assert before == snapshot(site)
    offered = hinted_command(result.output)
    assert ["--", title] == offered[-2:]
    done = CliRunner().invoke(cli, offered)
    assert 0 == done.exit_code, done.output
    events = load_site(site)
    assert title in {e.title for e in (*events.incidents, *events.maintenances)}


def test_a_folder_starting_with_a_dash_is_told_the_command_that_takes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["init", "-my-site", "--now", NOW])

    assert 2 == result.exit_code, result.output
    assert [] == list(tmp_path.iterdir())
    offered = hinted_command(result.output)
    assert ["--", "-my-site"] == offered[-2:]
    done = CliRunner().invoke(cli, offered)
    assert 0 == done.exit_code, done.output
    assert (tmp_path / "-my-site" / "statusgen.yaml").is_file()
    # A mistyped option is still answered as one.
    assert "hint" not in CliRunner().invoke(cli, ["init", "--forc"]).output


def test_a_folder_starting_with_a_dash_is_offered_only_a_command_init_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # init takes one folder: `init extra -- -my-site` names two and is refused again.
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["init", "-my-site", "extra"])

    assert 2 == result.exit_code, result.output
    assert "hint" not in result.output
    assert [] == list(tmp_path.iterdir())


def test_a_folder_starting_with_two_dashes_is_told_the_command_that_takes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["init", "--my-site", "--now", NOW])

    assert 2 == result.exit_code, result.output
    assert [] == list(tmp_path.iterdir())
    offered = hinted_command(result.output)
    assert ["--", "--my-site"] == offered[-2:]
    done = CliRunner().invoke(cli, offered)
    assert 0 == done.exit_code, done.output
    assert (tmp_path / "--my-site" / "statusgen.yaml").is_file()
    # Near one of init's options, it is answered as that option mistyped.
    mistyped = CliRunner().invoke(cli, ["init", "--forced"]).output
    assert ("--force" in mistyped, "hint" in mistyped) == (True, False)


def test_a_title_after_dashes_that_follow_the_options_is_taken(site: Path) -> None:
    result = run(site, "new", "incident", "-m", "Looking.", "--now", NOW, "--", "-5% errors")

    assert 0 == result.exit_code, result.output
    assert "-5% errors" == load_site(site).incidents[0].title


def test_a_message_starting_with_a_dash_is_taken_as_the_message(site: Path) -> None:
    result = run(site, "update", "card", "-m", "-5% errors now", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert incident_file(site, "2026-11-22-card-payments.md").endswith("-5% errors now\r\n")


@pytest.mark.parametrize(
    ("listed", "hint"),
    [
        (["api,", "checkout"], "write -c api -c checkout: one component per -c"),
        (["api,", "checkout,", "dashboard"], "write -c api -c checkout -c dashboard"),
    ],
)
def test_a_component_list_after_one_c_is_refused_with_a_hint_to_repeat_c(
    site: Path, listed: list[str], hint: str
) -> None:
    before = snapshot(site)

    result = run(site, "new", "incident", "Login", "-c", *listed, "-m", "x", "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert f"hint: {hint}" in result.output
    assert before == snapshot(site)


def test_a_component_given_twice_alike_is_taken_once(site: Path) -> None:
    result = run(
        site, "new", "incident", "X", "-c", "api=major", "-c", "api=major_outage",
        "-m", "x", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Components: api=major_outage\n" in incident_file(site, "2026-11-22-x.md")


def test_a_broken_site_is_reported_before_anything_is_written(site: Path) -> None:
    (site / "content/incidents/2026-11-01-slow-dashboard.md").write_text("no front matter\n")
    before = snapshot(site)

    result = run(site, "new", "incident", "Another", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        "content/incidents/2026-11-01-slow-dashboard.md:1:1: missing front matter" in result.output
    )
    assert before == snapshot(site)


# --- update and resolve ----------------------------------------------------------------


def test_update_changes_only_the_status_and_appends_the_update(site: Path) -> None:
    result = run(
        site, "update", "2026-11-22-card", "--status", "identified",
        "-m", "The cause is a bad deploy.\n## Not a new update", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Updated content/incidents/2026-11-22-card-payments.md: identified\n" == result.output
    assert (
        OPEN_INCIDENT.replace("status: investigating", "status: identified").rstrip("\r\n")
        + "\r\n\r\n## Identified at 2026-11-22 19:41 +01:00\r\n\r\n"
        "The cause is a bad deploy.\r\n\\## Not a new update\r\n"
    ) == incident_file(site, "2026-11-22-card-payments.md")
    assert_site_checks_clean(site)


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_update_edits_an_incident_whose_title_holds_a_yaml_11_line_break(
    site: Path, brk: str
) -> None:
    # Text within a line to editors and to `check`, a line break to YAML 1.1.
    written = OPEN_INCIDENT.replace("'Card payments failing'", f"Card{brk}payments")
    (site / "content/incidents/2026-11-22-card-payments.md").write_bytes(written.encode())

    result = run(site, "update", "card", "--status", "identified", "-m", "Found it.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    edited = incident_file(site, "2026-11-22-card-payments.md")
    assert f"title: Card{brk}payments  # short, please\r\nstatus: identified\r\n" in edited
    # Edited, the file reads as before: the title's break is the one thing check tells.
    checked, diagnostics = check_site(site)
    assert checked is not None
    assert [
        "content/incidents/2026-11-22-card-payments.md:2:12: the title is on more than one"
        " line, which is published as it is"
    ] == [str(d).split("\n")[0] for d in diagnostics]


# A tab where YAML takes a separating space: `check` reads these as written.
@pytest.mark.parametrize(
    ("written", "as_tabs"),
    [
        ("status: investigating\r\n", "status: investigating\t# lined up\r\n"),
        ("  api: partial_outage", "  api:\tpartial_outage"),
        ("title: 'Card payments failing'", "title:\t'Card payments failing'"),
    ],
    ids=["comment", "component", "title"],
)
@pytest.mark.parametrize(
    ("command", "status"),
    [
        (("update", "--status", "identified", "-m", "Found it."), "identified"),
        (("resolve",), "resolved"),
    ],
    ids=["update", "resolve"],
)
def test_update_and_resolve_edit_a_file_with_tabs_that_check_accepts(
    site: Path, written: str, as_tabs: str, command: tuple[str, ...], status: str
) -> None:
    name = "2026-11-22-card-payments.md"
    tabbed = OPEN_INCIDENT.replace(written, as_tabs)
    (site / "content/incidents" / name).write_bytes(tabbed.encode())
    assert_site_checks_clean(site)

    result = run(site, command[0], "card", *command[1:], "--now", NOW)

    assert 0 == result.exit_code, result.output
    edited = incident_file(site, name)
    # Only the status and the new update change: the tabs stay where the author put them.
    kept = tabbed.replace("status: investigating", f"status: {status}").rstrip("\r\n")
    assert kept == edited[: len(kept)]
    assert_site_checks_clean(site)


@pytest.mark.parametrize("command", [("update", "--status", "identified"), ("resolve",)])
def test_an_incident_named_near_the_file_systems_limit_can_be_edited(
    site: Path, command: tuple[str, ...]
) -> None:
    # 255 bytes is the longest name most file systems take: a temporary file named after
    # it, with more added, could not be made.
    name = "2026-11-22-" + "a" * (255 - len("2026-11-22-.md")) + ".md"
    (site / "content" / "incidents" / name).write_bytes(OPEN_INCIDENT.encode())

    result = run(site, *command, "2026-11-22-aaa", "-m", "Found it.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert "Found it." in incident_file(site, name)
    assert [name] == [p.name for p in (site / "content" / "incidents").glob("2026-11-22-a*")]


@pytest.mark.parametrize("message", [("-m", "x"), ()])
def test_a_mistyped_name_is_refused_with_the_other_mistakes_of_the_same_run(
    site: Path, message: tuple[str, ...]
) -> None:
    """`update paymnts --status identifed -c chekout=down` said only that no incident
    matched; the bad status and component came one run later. Every mistake at once,
    counted as problems in no file: a name matching none is in no file."""
    before = snapshot(site)

    result = run(
        site,
        "update",
        "card-paymnts",
        "--status",
        "identifed",
        "-c",
        "chekout=down",
        *message,
        "--now",
        NOW,
    )

    assert 1 == result.exit_code, result.output
    assert "content/incidents/: no incident or maintenance matches 'card-paymnts'" in (
        result.output
    )
    assert "--status identifed: 'identifed' is not one of" in result.output
    assert "did you mean 'identified'?" in result.output
    assert "--component chekout=down: unknown component 'chekout'" in result.output
    assert "\n4 problems\n" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("typed", "status", "said"),
    [
        # The one name offered is a maintenance window: its statuses, not an incident's
        # (`progress` got no hint; `fixd` got 'resolved', refused once the name was fixed).
        (
            "databse-upgrade",
            "progress",
            "'progress' is not one of: scheduled, in_progress, verifying, completed\n"
            "    hint: did you mean 'in_progress'?",
        ),
        (
            "databse-upgrade",
            "fixd",
            "'fixd' is not one of: scheduled, in_progress, verifying, completed\n"
            "    hint: did you mean 'completed'?",
        ),
        # No one event offered: either kind's status, each with its hint.
        (
            "nothing-like-it",
            "progress",
            "'progress' is not one of: investigating, identified, monitoring, resolved, "
            "postmortem, scheduled, in_progress, verifying, completed\n"
            "    hint: did you mean 'in_progress'?",
        ),
    ],
)
@pytest.mark.parametrize("message", [("-m", "x"), ()])
def test_a_status_beside_a_mistyped_name_is_checked_as_the_event_offered_takes_it(
    site: Path, typed: str, status: str, said: str, message: tuple[str, ...]
) -> None:
    result = run(site, "update", typed, "--status", status, *message, "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert f"--status {status}: {said}\n" in result.output


def test_a_name_matching_several_files_is_one_problem_in_no_file(site: Path) -> None:
    result = run(site, "update", "2026-11-22", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert "'2026-11-22' matches 2 files" in result.output
    assert "\n1 problem\n" in result.output


def test_update_and_resolve_find_the_event_by_any_part_of_its_name(site: Path) -> None:
    """With -m the name is looked up among the checked site's events (drafts too), with
    the answers the folder listing gave: a name without its date, a unique prefix, a
    mistyped name (suggestions, nothing written) and an ambiguous one."""
    incidents = site / "content" / "incidents"
    draft = RESOLVED_INCIDENT.replace("status: resolved", "status: resolved\ndraft: true")
    (incidents / "2026-11-20-slow-search.md").write_text(draft)
    before = snapshot(site)

    typo = run(site, "update", "card-paymnts", "-m", "Still down.", "--now", NOW)
    assert 1 == typo.exit_code
    assert "no incident or maintenance matches 'card-paymnts'" in typo.output
    assert "did you mean 2026-11-22-card-payments?" in typo.output
    assert "Nothing was written." in typo.output
    ambiguous = run(site, "resolve", "2026-11-22", "-m", "Done.", "--now", NOW)
    assert 1 == ambiguous.exit_code
    assert (
        "'2026-11-22' matches 2 files: 2026-11-22-card-payments 'Card payments failing' "
        "(open, investigating), 2026-11-22-database-upgrade 'Database upgrade' (in progress)"
        in ambiguous.output
    )
    assert before == snapshot(site)

    updated = run(site, "update", "card-payments", "-m", "Still down.", "--now", NOW)
    assert (0, "Updated content/incidents/2026-11-22-card-payments.md: investigating\n") == (
        updated.exit_code,
        updated.output,
    )
    drafted = run(site, "update", "2026-11-20-slow", "-m", "Looked again.", "--now", NOW)
    assert 0 == drafted.exit_code, drafted.output
    assert "Looked again." in incident_file(site, "2026-11-20-slow-search.md")


@pytest.mark.parametrize("command", [("update", "-m", "Rolled back."), ("resolve",)])
def test_naming_an_event_before_there_are_any_says_so(site: Path, command: tuple[str, ...]) -> None:
    # `init`'s example incident says to delete it: a site can have no incident files yet.
    for path in (site / "content" / "incidents").glob("*.md"):
        path.unlink()

    result = run(site, *command, "checkout", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert "no incident or maintenance matches 'checkout'" in result.output
    assert 'hint: content/incidents/ has none yet; `statusgen new incident "Title"`' in (
        result.output
    )
    assert "Nothing was written." in result.output


@pytest.mark.parametrize(
    ("command", "typed", "meant"),
    [
        (["resolve"], "crad", "2026-11-22-card-payments"),
        (["update", "-m", "x"], "datbase", "2026-11-22-database-upgrade"),
        (["update", "-m", "x"], "databse-upgrade", "2026-11-22-database-upgrade"),
        (["resolve"], "2026-11-22-crad", "2026-11-22-card-payments"),
    ],
)
def test_a_mistyped_short_name_gets_the_suggestion_a_mistyped_whole_one_does(
    site: Path, command: list[str], typed: str, meant: str
) -> None:
    # The docs recommend the short form (`update card`): its typos deserve the hint too.
    before = snapshot(site)

    result = run(site, *command, typed, "--now", NOW)

    assert 1 == result.exit_code
    assert f"no incident or maintenance matches '{typed}'" in result.output
    assert f"hint: did you mean {meant}" in result.output  # the closest first
    assert before == snapshot(site)


def test_a_mistyped_dated_name_is_not_offered_every_name_of_that_day(site: Path) -> None:
    # Every slug shares the date's shape: matched with it, any event of the day looked close.
    result = run(site, "update", "2026-11-22-datbase-upgrdae", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    hint = result.output.split("hint: ", 1)[1]
    assert hint.startswith("did you mean 2026-11-22-database-upgrade?"), hint
    assert "card-payments" not in hint


@pytest.mark.parametrize("typed", ["café", "Café upgrade", "2026-11-22-CAFÉ"])
def test_a_name_is_found_as_typed_like_the_title_it_came_from(site: Path, typed: str) -> None:
    opened = run(site, "new", "incident", "Café upgrade", "-m", "Slow.", "--now", NOW)
    assert "Opened content/incidents/2026-11-22-cafe-upgrade.md\n" == opened.stdout

    updated = run(site, "update", typed, "-m", "Faster.", "--now", NOW)
    resolved = run(site, "resolve", typed, "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-22-cafe-upgrade.md: investigating\n") == (
        updated.exit_code,
        updated.output,
    )
    assert (0, "Resolved content/incidents/2026-11-22-cafe-upgrade.md: resolved\n") == (
        resolved.exit_code,
        resolved.output,
    )


def test_a_title_of_letters_that_do_not_decompose_names_its_file_with_them(site: Path) -> None:
    # ß, Ł, æ... are no letter and an accent: taken apart as é is, they were dropped
    # (2026-11-22-groer-ausfall-in-odz.md), a name no one types.
    opened = run(site, "new", "incident", "Großer Ausfall in Łódź", "-m", "x", "--now", NOW)
    assert "Opened content/incidents/2026-11-22-grosser-ausfall-in-lodz.md\n" == opened.stdout

    updated = run(site, "update", "Großer Ausfall", "-m", "y", "--now", NOW)
    assert (
        0,
        "Updated content/incidents/2026-11-22-grosser-ausfall-in-lodz.md: investigating\n",
    ) == (
        updated.exit_code,
        updated.output,
    )


@pytest.mark.parametrize(
    ("title", "name", "typed"),
    [
        # Cyrillic and Greek were dropped whole: 2026-11-22-incident.md, …-api.md, a name
        # with no trace of the title (and the incident page's address with it).
        ("Збій оплати", "2026-11-22-zbii-oplati.md", "збій"),
        ("Збій API", "2026-11-22-zbii-api.md", "Збій API"),
        ("Διακοπή υπηρεσίας", "2026-11-22-diakopi-ypiresias.md", "διακοπή"),
    ],
)
def test_a_title_in_cyrillic_or_greek_names_its_file_in_latin_letters(
    site: Path, title: str, name: str, typed: str
) -> None:
    opened = run(site, "new", "incident", title, "-c", "api", "-m", "x", "--now", NOW)
    assert (0, f"Opened content/incidents/{name}\n") == (opened.exit_code, opened.stdout)

    updated = run(site, "update", typed, "-m", "y", "--now", NOW)
    assert (0, f"Updated content/incidents/{name}: investigating\n") == (
        updated.exit_code,
        updated.output,
    )


def test_a_file_an_earlier_release_named_from_a_cyrillic_title_is_kept_and_found(
    site: Path,
) -> None:
    # Its name, and its page's address, stay: found by the title's Latin word, or the title.
    (site / "content/incidents/2026-11-22-api.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Збій API")
    )
    (site / "content/incidents/2026-11-22-incident.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Збій оплати")
    )

    by_word = run(site, "update", "Збій API", "-m", "y", "--now", NOW)
    by_title = run(site, "update", "Збій оплати", "-m", "y", "--now", NOW)

    assert [
        (0, "Updated content/incidents/2026-11-22-api.md: investigating\n"),
        (0, "Updated content/incidents/2026-11-22-incident.md: investigating\n"),
    ] == [(r.exit_code, r.output) for r in (by_word, by_title)]


def test_a_name_an_earlier_release_gave_a_cyrillic_title_with_a_number_is_its_own(
    site: Path,
) -> None:
    # `Збій API 2` was named …-api-2, which is its title's name, no second `Збій API`: `api`
    # is the whole name of one file, not of both.
    (site / "content/incidents/2026-11-22-api.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Збій API")
    )
    (site / "content/incidents/2026-11-22-api-2.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Збій API 2")
    )

    updated = run(site, "update", "api", "-m", "y", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-22-api.md: investigating\n") == (
        updated.exit_code,
        updated.output,
    )


def test_a_file_named_before_letters_were_spelled_out_is_found_as_typed(site: Path) -> None:
    # An earlier release named it from "Großer Ausfall in Łódź" without those letters.
    (site / "content/incidents/2026-11-22-groer-ausfall-in-odz.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Großer Ausfall in Łódź")
    )

    updated = run(site, "update", "großer", "-m", "y", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-22-groer-ausfall-in-odz.md: investigating\n") == (
        updated.exit_code,
        updated.output,
    )


def test_a_file_named_before_letters_were_spelled_out_wins_as_the_whole_name(site: Path) -> None:
    # "Großer Ausfall" is the whole name of the earlier release's …-groer-ausfall, and only
    # the start of a newer …-grosser-ausfall-in-berlin: the whole name wins, as in ASCII.
    (site / "content/incidents/2026-11-20-groer-ausfall.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Großer Ausfall")
    )
    run(site, "new", "incident", "Großer Ausfall in Berlin", "-m", "x", "--now", NOW)

    resolved = run(site, "resolve", "Großer Ausfall", "-m", "Fixed.", "--now", NOW)

    assert (0, "Resolved content/incidents/2026-11-20-groer-ausfall.md: resolved\n") == (
        resolved.exit_code,
        resolved.output,
    )
    assert "Fixed." not in incident_file(site, "2026-11-22-grosser-ausfall-in-berlin.md")


def test_one_name_in_both_spellings_is_ambiguous(site: Path) -> None:
    # Two open incidents titled "Großer Ausfall", one named by an earlier release: which
    # one is meant cannot be guessed.
    for name in ("2026-11-20-groer-ausfall", "2026-11-21-grosser-ausfall"):
        (site / f"content/incidents/{name}.md").write_text(
            OPEN_INCIDENT.replace("Card payments failing", "Großer Ausfall")
        )
    before = snapshot(site)

    result = run(site, "resolve", "Großer Ausfall", "-m", "Fixed.", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        "'Großer Ausfall' matches 2 files: 2026-11-20-groer-ausfall (open, investigating), "
        "2026-11-21-grosser-ausfall (open, investigating)" in result.output
    )
    assert "type the whole name with its date, e.g. 2026-11-21-grosser-ausfall" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("typed", ["Збій оплати", "збій"])
def test_a_title_an_earlier_release_named_its_file_without_is_ambiguous_with_its_namesake(
    site: Path, typed: str
) -> None:
    # An earlier release named "Збій оплати" …-incident, dropping every letter; this one
    # names a second "Збій оплати" …-zbii-oplati. Its title, or its first word, names both.
    (site / "content/incidents/2026-11-20-incident.md").write_text(
        OPEN_INCIDENT.replace("Card payments failing", "Збій оплати")
    )
    run(site, "new", "incident", "Збій оплати", "--again", "-m", "x", "--now", NOW)
    before = snapshot(site)

    result = run(site, "update", typed, "-m", "Which?", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert (
        f"'{typed}' matches 2 files: 2026-11-20-incident (open, investigating), "
        "2026-11-22-zbii-oplati (open, investigating)" in result.output
    )
    assert before == snapshot(site)


def test_a_name_typed_whole_wins_over_longer_names(site: Path) -> None:
    """`api` is the whole name of 2026-11-20-api: it is that one, not also api-slow; two
    incidents named `api` on different days need the date, and the hint says so."""
    incidents = site / "content" / "incidents"
    for name in ("2026-11-20-api", "2026-11-20-api-slow"):
        (incidents / f"{name}.md").write_text(RESOLVED_INCIDENT)

    exact = run(site, "update", "api", "-m", "Postmortem to follow.", "--now", NOW)
    longer = run(site, "update", "api-s", "-m", "Also.", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-20-api.md: resolved\n") == (
        exact.exit_code,
        exact.stdout,
    )
    assert "Postmortem to follow." in incident_file(site, "2026-11-20-api.md")
    assert "Postmortem" not in incident_file(site, "2026-11-20-api-slow.md")
    assert 0 == longer.exit_code, longer.output
    assert "Also." in incident_file(site, "2026-11-20-api-slow.md")

    (incidents / "2026-11-19-api.md").write_text(RESOLVED_INCIDENT)
    before = snapshot(site)
    twice = run(site, "update", "api", "-m", "Which?", "--now", NOW)
    assert 1 == twice.exit_code
    assert (
        "'api' matches 2 files: 2026-11-19-api (resolved), 2026-11-20-api (resolved)"
        in twice.output
    )
    assert "type the whole name with its date, e.g. 2026-11-20-api" in twice.output
    assert before == snapshot(site)


def test_update_can_change_component_statuses(site: Path) -> None:
    result = run(
        site, "update", "card", "-c", "api=degraded", "-c", "checkout=partial_outage",
        "-m", "Better, but checkout is affected now.", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-22-card-payments.md")
    assert (
        "components:\r\n  api: degraded_performance   # EU only\r\n"
        "  checkout: partial_outage\r\n---" in text
    )
    assert "status: investigating\r\n" in text
    # The change is recorded on its own update; the first update, written before updates
    # carried statuses, now says what held until then, so that time keeps its status.
    assert (
        "## Investigating at 2026-11-22 19:05\r\n"
        "Components: api=partial_outage\r\n"
        "Errors *everywhere*.\r\n"
    ) in text
    assert text.endswith(
        "## Investigating at 2026-11-22 19:41 +01:00\r\n"
        "Components: api=degraded_performance, checkout=partial_outage\r\n\r\n"
        "Better, but checkout is affected now.\r\n"
    )
    incident = check_site(site)[0]
    assert incident is not None
    assert "Errors *everywhere*." == incident.incidents[0].updates[0].message


# The front matter's `api` is named by no update: it held degraded_performance throughout.
HELD_FRONT_MATTER = (
    "---\ntitle: Slow login\nstatus: identified\n"
    "components:\n  dashboard: {dashboard}\n  api: degraded_performance\n---\n"
)


@pytest.mark.parametrize(
    ("timeline", "held"),
    [
        pytest.param(
            "## Investigating at 2026-11-22 09:00\nComponents: dashboard=partial_outage\n\n"
            "Slow.\n\n## Identified at 2026-11-22 10:00\nFound it.\n",
            "## Investigating at 2026-11-22 09:00\n"
            "Components: dashboard=partial_outage, api=degraded_performance\n\n"
            "Slow.\n\n## Identified at 2026-11-22 10:00\nFound it.\n",
            id="added to the first update's line",
        ),
        pytest.param(
            "## Investigating at 2026-11-22 09:00\nComponents: dashboard=partial_outage,  \n"
            "Slow.\n\n## Identified at 2026-11-22 10:00\nFound it.\n",
            "## Investigating at 2026-11-22 09:00\n"
            "Components: dashboard=partial_outage, api=degraded_performance  \n"
            "Slow.\n\n## Identified at 2026-11-22 10:00\nFound it.\n",
            id="after a trailing comma",
        ),
        pytest.param(
            # Only a later update has a line: what held from the start goes on the first.
            "## Investigating at 2026-11-22 09:00\nSlow.\n\n"
            "## Identified at 2026-11-22 10:00\nComponents: dashboard=partial_outage\n"
            "Found it.\n",
            "## Investigating at 2026-11-22 09:00\nComponents: api=degraded_performance\n"
            "Slow.\n\n## Identified at 2026-11-22 10:00\n"
            "Components: dashboard=partial_outage\nFound it.\n",
            id="on a new line under the first update",
        ),
    ],
)
def test_update_keeps_what_a_component_no_update_names_held_before_it(
    site: Path, timeline: str, held: str
) -> None:
    """A front-matter component no `Components:` line names holds its status from the
    start. Naming it on a new update alone would leave it unaffected before (operational,
    the uptime rewritten): the first update says what it held until then."""
    path = site / "content/incidents/2026-11-22-slow-login.md"
    path.write_text(HELD_FRONT_MATTER.format(dashboard="partial_outage") + timeline)
    earlier = ("2026-11-22T08:30:00Z", "2026-11-22T09:30:00Z", "2026-11-22T12:00:00Z")
    before = {at: run(site, "status", "--json", "--now", at).output for at in earlier}

    result = run(
        site, "update", "slow-login", "-c", "api=major_outage", "-m", "Down now.", "--now", NOW
    )

    assert 0 == result.exit_code, result.output
    assert (
        HELD_FRONT_MATTER.replace("api: degraded_performance", "api: major_outage").format(
            dashboard="partial_outage"
        )
        + held
        + "\n## Identified at 2026-11-22 19:41 +01:00\nComponents: api=major_outage\n\n"
        "Down now.\n"
    ) == path.read_text()
    assert before == {at: run(site, "status", "--json", "--now", at).output for at in earlier}
    assert "degraded_performance" == _statuses(site, "2026-11-22T12:00:00Z")["api"]
    assert "major_outage" == _statuses(site, "2026-11-22T18:50:00Z")["api"]


def test_update_with_a_bare_component_keeps_its_status_in_the_incident(site: Path) -> None:
    """`-c api` on an update names the component again without stepping the outage down;
    a component the incident did not affect yet gets the status its impact implies."""
    opened = run(
        site, "new", "incident", "Login down", "--impact", "major",
        "-c", "api=major_outage", "-m", "down", "--now", NOW,
    )  # fmt: skip
    assert 0 == opened.exit_code, opened.output

    updated = run(
        site, "update", "login", "--status", "identified", "-c", "api", "-c", "dashboard",
        "-m", "still affected", "--now", "2026-11-22T18:50:00Z",
    )  # fmt: skip

    assert 0 == updated.exit_code, updated.output
    text = incident_file(site, "2026-11-22-login-down.md")
    assert "  api: major_outage\n  dashboard: partial_outage\n---" in text
    assert "Components: api=major_outage, dashboard=partial_outage\n" in text
    assert "api=partial_outage" not in text


def test_a_bare_component_on_an_incident_without_impact_is_degraded_as_on_new(
    site: Path,
) -> None:
    """An incident opened without components has no impact yet: `update -c dashboard`
    gives what `new incident -c dashboard` would, never operational (never shown)."""
    opened = run(site, "new", "incident", "Odd", "-m", "Looking.", "--now", NOW)
    assert 0 == opened.exit_code, opened.output

    updated = run(
        site, "update", "odd", "-c", "dashboard", "-m", "Dashboard too.",
        "--now", "2026-11-22T18:50:00Z",
    )  # fmt: skip

    assert 0 == updated.exit_code, updated.output
    text = incident_file(site, "2026-11-22-odd.md")
    assert "components:\n  dashboard: degraded_performance\n---" in text
    assert "Components: dashboard=degraded_performance\n" in text
    listed = run(site, "incidents", "--json", "--now", "2026-11-22T19:00:00Z")
    (odd,) = [row for row in json.loads(listed.output) if row["title"] == "Odd"]
    assert {"dashboard": "degraded_performance"} == odd["components"]


# Written the way an import writes an incident no update said the end of: no timeline.
WITHOUT_TIMELINE = """\
---
title: Imported outage
status: resolved
date: 2026-11-20 09:00
resolved_at: 2026-11-20 10:00:30  # from the old page
components: {api: major_outage}
---
The API was down for an hour.
"""


def _without_timeline(site: Path, text: str = WITHOUT_TIMELINE) -> Incident:
    (site / "content/incidents/2026-11-20-imported.md").write_text(text)
    return _incident(site, "2026-11-20-imported")


def _incident(site: Path, slug: str) -> Incident:
    loaded, diagnostics = check_site(site)
    assert [] == [str(d) for d in diagnostics]
    assert loaded is not None
    return next(i for i in loaded.incidents if i.slug == slug)


@pytest.mark.parametrize("status", [[], ["--status", "postmortem"]])
def test_an_incident_without_a_timeline_takes_an_update_keeping_its_start_and_end(
    site: Path, status: list[str]
) -> None:
    """`date:` and `resolved_at:` become the updates they stand for, then the new one is
    added: the pages keep when the outage began and ended."""
    before = _without_timeline(site)

    result = run(
        site, "update", "imported", *status, "-m", "Postmortem: a full disk.", "--now", NOW
    )

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-20-imported.md")
    assert "resolved_at" not in text
    assert (
        "The API was down for an hour.\n\n"
        "## Investigating at 2026-11-20 09:00 +01:00\n\n"
        "## Resolved at 2026-11-20 10:00:30 +01:00\n\n"
    ) in text
    assert text.endswith("+01:00\n\nPostmortem: a full disk.\n")
    after = _incident(site, "2026-11-20-imported")
    assert (before.started_at, before.resolved_at) == (after.started_at, after.resolved_at)
    assert before.summary == after.summary
    assert before.components == after.components


def test_reopening_an_incident_without_a_timeline_keeps_the_time_it_stood_resolved(
    site: Path,
) -> None:
    _without_timeline(site)

    result = run(
        site, "update", "imported", "--status", "investigating", "-m", "Back.", "--now", NOW
    )

    assert 0 == result.exit_code, result.output
    reopened = _incident(site, "2026-11-20-imported")
    assert reopened.is_open
    assert [
        ("investigating", "2026-11-20T08:00:00+00:00"),
        ("resolved", "2026-11-20T09:00:30+00:00"),
        ("investigating", "2026-11-22T18:41:00+00:00"),
    ] == [(u.state.value, u.at.astimezone(timezone.utc).isoformat()) for u in reopened.updates]


def test_update_c_on_an_incident_without_a_timeline_keeps_the_statuses_before_it(
    site: Path,
) -> None:
    _without_timeline(
        site,
        WITHOUT_TIMELINE.replace(
            "resolved_at: 2026-11-20 10:00:30  # from the old page\n", ""
        ).replace("resolved", "identified"),
    )

    result = run(site, "update", "imported", "-c", "api=degraded", "-m", "Better.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-20-imported.md")
    assert (
        "## Identified at 2026-11-20 09:00 +01:00\nComponents: api=major_outage\n\n"
        "## Identified at 2026-11-22 19:41 +01:00\nComponents: api=degraded_performance\n"
    ) in text
    # The outage it stood at since its start is kept until the update, not rewritten.
    incident = _incident(site, "2026-11-20-imported")
    noon = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
    assert [("api", "major_outage")] == [
        (c.id, c.status.value) for c in statuses_at(incident, noon)
    ]


def test_an_update_before_a_timeline_less_incident_was_resolved_is_refused(site: Path) -> None:
    _without_timeline(site)

    result = run(site, "update", "imported", "-m", "x", "--now", "2026-11-20 09:30")

    assert 1 == result.exit_code
    assert "the incident's resolved_at is dated 2026-11-20 10:00:30 +01:00, after now" in (
        result.output
    )
    assert WITHOUT_TIMELINE == incident_file(site, "2026-11-20-imported.md")


FLOW_FRONT_MATTER = """\
---
{title: Flow style, status: investigating, components: [api]}
---
## Investigating at 2026-11-22 19:00
Looking.
"""


@pytest.mark.parametrize(
    ("front", "written"),
    [
        (
            "{title: Flow style, status: investigating, components: [api]}",
            "{title: Flow style, status: investigating, "
            "components: {api: degraded_performance, dashboard: major_outage}}",
        ),
        (
            "{title: Flow style,\n status: investigating, impact: major}",
            "{title: Flow style,\n status: investigating, impact: major, "
            "components: {dashboard: major_outage}}",
        ),
    ],
)
def test_update_c_edits_front_matter_written_as_one_flow_mapping(
    site: Path, front: str, written: str
) -> None:
    path = site / "content/incidents/2026-11-22-flow.md"
    path.write_text(
        FLOW_FRONT_MATTER.replace(
            "{title: Flow style, status: investigating, components: [api]}", front
        )
    )

    result = run(site, "update", "flow", "-c", "dashboard=major_outage", "-m", "x", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert f"---\n{written}\n---\n" in path.read_text()
    assert "major_outage" == _incident(site, "2026-11-22-flow").components[-1].status.value


def test_an_edit_that_breaks_the_yaml_is_reported_as_statusgens_not_the_files(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str, *args: object) -> str:
        return text.replace("components:", "components: {", 1)

    monkeypatch.setattr(edit_module, "set_components", broken)
    before = incident_file(site, "2026-11-22-card-payments.md")

    result = run(site, "update", "card", "-c", "api=degraded", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        "content/incidents/2026-11-22-card-payments.md: statusgen's edit would leave the "
        "front matter invalid YAML"
    ) in result.output
    assert "a bug in statusgen, not in the file" in result.output
    assert before == incident_file(site, "2026-11-22-card-payments.md")


def test_a_time_ahead_of_the_clock_is_written_with_a_warning(site: Path) -> None:
    """A --now in the future (a typo in the date, a local time from another zone) keeps
    the page green until then: written, as an announcement may be, but said out loud."""
    ahead = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(days=2)
    local = ahead.astimezone(ZoneInfo("Europe/Berlin"))  # the site's zone, summer or winter
    offset = local.strftime("%z")
    shown = f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"

    on_time = run(site, "update", "card", "-m", "Still looking.", "--now", NOW)
    opened = run(site, "new", "incident", "Login down", "-m", "Down.", "--now", ahead.isoformat())
    updated = run(site, "update", "card", "-m", "Later.", "--now", ahead.isoformat())

    assert (0, "") == (on_time.exit_code, on_time.stderr)
    assert 0 == opened.exit_code, opened.output
    assert (
        f"warning: the incident starts in the future ({shown}): pages will not show it"
        " until then; check --now if that was not meant\n"
    ) == opened.stderr
    assert 0 == updated.exit_code, updated.output
    assert (
        f"warning: the update is dated in the future ({shown}): pages will not show it"
        " until then; check --now if that was not meant\n"
    ) == updated.stderr
    assert "Later." in incident_file(site, "2026-11-22-card-payments.md")


@pytest.mark.parametrize(
    ("opened_at", "status", "warned"),
    [
        ("2026-05-20T08:00:00Z", "investigating", True),  # months back, entering history
        ("2026-11-30T08:00:00Z", "investigating", True),  # a day and more
        ("2026-12-01T02:00:00Z", "investigating", False),  # last night's, written up now
        ("2026-05-20T08:00:00Z", "resolved", False),  # recorded as over: nothing open
    ],
)
def test_an_incident_opened_long_before_the_clock_is_warned_it_stays_open(
    site: Path, monkeypatch: pytest.MonkeyPatch, opened_at: str, status: str, warned: bool
) -> None:
    """Entering last spring's outage by hand: deployed before its resolution, the page
    shows the component down ever since and notify tells of a new incident. Said when
    it is written, with how to close it at the time it ended."""
    monkeypatch.setattr(
        "statusgen.cli.wall_clock", lambda: datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    )
    args = ["-c", "api=major_outage", "-m", "Timeouts.", "--status", status]

    result = run(site, "new", "incident", "Payments timeouts", *args, "--now", opened_at)

    assert 0 == result.exit_code, result.output
    slug = f"{opened_at[:10]}-payments-timeouts"
    assert f"Opened content/incidents/{slug}.md\n" == result.stdout
    local = datetime.fromisoformat(opened_at).astimezone(ZoneInfo("Europe/Berlin"))
    offset = local.strftime("%z")
    shown = f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"
    expected = (
        f"warning: the incident starts in the past ({shown}): it is "
        "open from then until resolved; add `## Resolved at …` with "
        f"`statusgen resolve {slug} --now <when it ended>` before deploying\n"
    )
    assert (expected if warned else "") == result.stderr


def test_resolve_closes_the_incident(site: Path) -> None:
    result = run(site, "resolve", "card", "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-22-card-payments.md")
    assert "status: resolved\r\n" in text
    assert text.endswith(
        "Errors *everywhere*.\r\n\r\n## Resolved at 2026-11-22 19:41 +01:00\r\n\r\n"
        "This incident has been resolved.\r\n"
    )
    listed = run(site, "incidents", "--now", NOW)
    assert "card-payments" not in listed.output


@pytest.mark.parametrize(
    "change",
    [
        ["-c", "dashboard=major_outage"],
        ["-c", "api", "--status", "postmortem"],
        ["--impact", "critical"],  # the listed component would take a new status
    ],
)
def test_a_status_after_a_resolution_is_refused_with_how_to_reopen(
    site: Path, change: list[str]
) -> None:
    """After its end an incident holds no component: a status given then would change
    nothing on the pages, and `check` warns of one. The update that ended it is named as
    every location is, FILE:LINE:COL."""
    before = snapshot(site)

    result = run(site, "update", "slow-dashboard", *change, "-m", "It was down.", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert (
        "2026-11-01-slow-dashboard.md:9:1: the incident was resolved at 2026-11-01 11:00 "
        "+01:00: a status given after its end changes nothing"
    ) in result.output
    assert "reopen it: add `--status investigating`" in result.output
    assert "edit the `Components:` line of the update from whose time it held" in result.output
    assert before == snapshot(site)


def test_a_status_after_a_resolved_at_alone_names_its_line(site: Path) -> None:
    """An incident ended by `resolved_at:` alone (no update says its end) is refused at the
    line that says when, as a window over by its `scheduled_until` is."""
    _without_timeline(site)
    before = snapshot(site)

    result = run(site, "update", "imported", "-c", "api=major_outage", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert (
        "2026-11-20-imported.md:5:1: the incident was resolved at 2026-11-20 10:00:30 +01:00 "
        "(resolved_at): a status given after its end changes nothing"
    ) in result.output
    assert before == snapshot(site)


def test_a_resolved_incident_reopened_with_a_status_takes_it(site: Path) -> None:
    result = run(
        site, "update", "slow-dashboard", "--status", "investigating",
        "-c", "dashboard=major_outage", "-m", "Down again.", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert (
        "## Investigating at 2026-11-22 19:41 +01:00\nComponents: dashboard=major_outage\n"
    ) in incident_file(site, "2026-11-01-slow-dashboard.md")
    assert_site_checks_clean(site)


def test_an_update_reopening_an_incident_resolved_moments_before_says_so(site: Path) -> None:
    """A colleague resolved it seconds ago: an update with a status, posted not knowing,
    reopens it on every page and in every channel, and its author hears of it."""
    resolved = run(site, "resolve", "card-payments", "--now", "2026-11-22T18:40:00Z")
    assert 0 == resolved.exit_code, resolved.output

    result = run(
        site, "update", "card-payments", "--status", "identified",
        "-m", "Cause: a bad deploy.", "--now", "2026-11-22T18:40:30Z",
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert [
        "warning: the incident was resolved at 2026-11-22 19:40 +01:00: this update reopens "
        "it as `identified`"
    ] == result.stderr.splitlines()
    updated = run(site, "update", "card-payments", "-m", "Deploy rolled back.", "--now", NOW)
    assert "reopens" not in updated.stderr  # open now: nothing to say


def test_resolving_an_incident_with_a_postmortem_says_it_is_resolved(site: Path) -> None:
    """`postmortem` is no state an incident is "already" in: the refusal says it is
    resolved, and has one."""
    written = run(site, "update", "slow-dashboard", "--status", "postmortem", "-m", "Why.")
    assert 0 == written.exit_code, written.output

    result = run(site, "resolve", "slow-dashboard", "--now", NOW)
    # At the update that ended it, as `update -c` names it: the file alone was no place to
    # look, and the two refusals of one file pointed at different places.
    changed = run(site, "update", "slow-dashboard", "-c", "dashboard=major_outage", "-m", "x")

    assert 1 == result.exit_code, result.output
    said = "the incident is already resolved, and has a postmortem"
    location = changed.output.split(": the incident was resolved at")[0]
    assert re.fullmatch(r".*2026-11-01-slow-dashboard\.md:[0-9]+:1", location), changed.output
    assert f"{location}: {said}" in result.output


def test_a_postmortem_given_to_an_open_incident_says_it_ends_it(site: Path) -> None:
    """Reopened a moment ago, the incident is open: `--status postmortem` then ends it with
    no `Resolved` update, and every page says all is well again; its author hears of it."""
    reopened = run(
        site, "update", "slow-dashboard", "--status", "investigating",
        "-c", "dashboard=major_outage", "-m", "Down again.", "--now", "2026-11-22T18:00:00Z",
    )  # fmt: skip
    assert 0 == reopened.exit_code, reopened.output

    result = run(
        site, "update", "slow-dashboard", "--status", "postmortem",
        "-m", "What happened last time.", "--now", "2026-11-22T18:40:00Z",
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert [
        "warning: the incident is open (since 2026-11-22 19:00 +01:00): this update ends it "
        "as `postmortem`, with no `Resolved` update; if it is not over, remove the update "
        "from content/incidents/2026-11-01-slow-dashboard.md, and add it again after "
        "`statusgen resolve 2026-11-01-slow-dashboard`"
    ] == result.stderr.splitlines()
    again = run(site, "update", "slow-dashboard", "--status", "postmortem", "-m", "More.")
    assert "ends it" not in again.stderr  # over now: a second postmortem ends nothing


@pytest.mark.parametrize(
    ("closed_at", "said"),
    [
        ("2026-11-22T18:41:00Z", "completed at 2026-11-22 19:41 +01:00"),  # in its window
        ("2026-11-22T17:30:00Z", "cancelled at 2026-11-22 18:30 +01:00"),  # before its start
    ],
)
def test_an_update_reopening_a_window_closed_moments_before_says_so(
    site: Path, closed_at: str, said: str
) -> None:
    """A colleague completed (or called off) the window seconds ago: an update putting it in
    progress reopens it on every page and in every channel, as for an incident, and its
    author hears of it."""
    closed = run(site, "resolve", "database-upgrade", "--now", closed_at)
    assert 0 == closed.exit_code, closed.output
    later = closed_at.replace(":00Z", ":30Z")

    result = run(
        site, "update", "database-upgrade", "--status", "in_progress",
        "-m", "Still migrating.", "--now", later,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert [
        f"warning: the maintenance was {said}: this update reopens it as `in_progress`"
    ] == result.stderr.splitlines()
    updated = run(site, "update", "database-upgrade", "-m", "Nearly done.", "--now", later)
    assert "reopens" not in updated.stderr  # in progress now: nothing to say


@pytest.mark.parametrize(
    ("slug", "state", "reopen"),
    [
        ("slow-dashboard", "resolved", "--status investigating"),
        ("database-upgrade", "completed", "--status in_progress"),
    ],
)
def test_an_update_to_a_closed_event_without_a_status_is_warned_of(
    site: Path, slug: str, state: str, reopen: str
) -> None:
    """An update meant for an open incident, sent to a resolved one, is published and told
    as a second resolution: the author hears of it while there is time to take it back."""
    later = "2026-11-23T10:00:00Z"  # the window too is over
    result = run(site, "update", slug, "-m", "Failing again, investigating.", "--now", later)

    assert 0 == result.exit_code, result.output
    assert f"warning: the {'incident' if 'slow' in slug else 'maintenance'} is {state}" in (
        result.stderr
    )
    assert f"`{reopen}` (which reopens it)" in result.stderr
    reopened = run(site, "update", slug, *reopen.split(), "-m", "Again.", "--now", later)
    assert "published and notified" not in reopened.stderr


def test_a_status_for_a_window_called_off_points_to_a_way_that_is_not_refused(
    site: Path,
) -> None:
    """A window called off before its start never ran: a status given for it is refused
    as after a window's end. Its hint once said to put the window back on with `--status
    scheduled`, which was refused in turn; each way it names now works."""
    path = site / "content/incidents/2026-11-22-database-upgrade.md"
    path.write_text(MAINTENANCE + "## Completed at 2026-11-20 09:00\nCalled off.\n")
    before = snapshot(site)
    now = "2026-11-21T12:00:00Z"

    result = run(
        site, "update", "database-upgrade", "-c", "api=degraded_performance", "-m", "x",
        "--now", now,
    )  # fmt: skip

    assert 1 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert (
        "2026-11-22-database-upgrade.md:7:1: the window was called off at "
        "2026-11-20 09:00 +01:00, before it began: a status given changes nothing"
    ) in said
    assert "--status in_progress" not in said
    assert before == snapshot(site)
    new = re.search(r"`statusgen (new maintenance [^`]+)`", said)
    assert new is not None, said
    planned = new.group(1).replace("TITLE", "'Database upgrade again'")
    planned = planned.replace("--start WHEN", "--start '2026-11-29 19:00'")
    planned = planned.replace("--end WHEN", "--end '2026-11-29 23:00'")
    again = run(site, *shlex.split(planned), "-m", "Planned again.", "--now", now)
    assert 0 == again.exit_code, again.output
    # The hint's other way: the edit it names, by hand, then the command it names.
    assert (
        "remove that update and change scheduled_for and scheduled_until in "
        "content/incidents/2026-11-22-database-upgrade.md, then run "
        "`statusgen update 2026-11-22-database-upgrade --status scheduled`"
    ) in said
    path.write_text(MAINTENANCE.replace("2026-11-22 ", "2026-11-30 "))
    back = run(
        site, "update", "2026-11-22-database-upgrade", "--status", "scheduled", "-m", "Back on.",
        "--now", now,
    )  # fmt: skip
    assert 0 == back.exit_code, back.output


@pytest.mark.parametrize(
    ("closing", "line"), [("", 4), ("## Completed at 2026-11-22 23:00\nDone.\n", 7)]
)
def test_a_window_that_ran_is_not_scheduled_again_by_an_update(
    site: Path, closing: str, line: int
) -> None:
    """A `Scheduled` update on a window whose work ran and is over was written and
    published ("scheduled" under a completed window in the API): refused, pointing to a
    new window, at the line that says it is over."""
    path = site / "content/incidents/2026-11-22-database-upgrade.md"
    path.write_text(MAINTENANCE + closing)
    before = snapshot(site)

    result = run(
        site, "update", "database-upgrade", "--status", "scheduled", "-m", "Again next week.",
        "--now", "2026-12-01T12:00:00Z",
    )  # fmt: skip

    assert 1 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert f"2026-11-22-database-upgrade.md:{line}:1: the window's work ran and was over at" in (
        said
    )
    assert "plan the next one as a new window: `statusgen new maintenance TITLE" in said
    assert before == snapshot(site)


def test_an_update_to_a_window_called_off_is_told_it_is_notified_as_cancelled(
    site: Path,
) -> None:
    """After a call-off, an update without --status is written `Completed` but told as
    the window is, "Cancelled": the warning names what subscribers will read."""
    called_off = run(site, "resolve", "database-upgrade", "--now", "2026-11-22T17:00:00Z")
    assert 0 == called_off.exit_code, called_off.output

    later = "2026-11-23T10:00:00Z"  # its planned time is past
    result = run(site, "update", "database-upgrade", "-m", "Moved to December.", "--now", later)

    assert 0 == result.exit_code, result.output
    said = " ".join(result.stderr.split())
    assert (
        "warning: the maintenance is cancelled, so this update is published and notified "
        "as `Cancelled`"
    ) in said


def test_a_resolution_dated_after_now_is_named_by_resolve_and_update(site: Path) -> None:
    """A typo in the time of a `Resolved` update (21:00 for 12:00) leaves the incident open
    on every page until then: neither "already resolved" nor "--now too early" says why."""
    (site / "content/incidents/2026-11-01-slow-dashboard.md").write_text(
        RESOLVED_INCIDENT.replace("2026-11-01 11:00", "2026-11-22 21:00")
    )
    before = snapshot(site)

    listed = run(site, "incidents", "--now", NOW)
    resolved = run(site, "resolve", "slow-dashboard", "--now", NOW)
    updated = run(site, "update", "slow-dashboard", "-m", "Fixed.", "--now", NOW)

    assert "slow-dashboard" in listed.output
    for result in (resolved, updated):
        assert 1 == result.exit_code, result.output
        assert (
            "2026-11-01-slow-dashboard.md:9: the incident's Resolved update is dated "
            "2026-11-22 21:00 +01:00, after now (2026-11-22 19:41 +01:00): the pages show the "
            "incident open until then"
        ) in result.output
        assert "if that time is a typo, correct it in the file" in result.output
        assert "already resolved" not in result.output
    assert before == snapshot(site)


def test_a_resolution_after_now_with_a_postmortem_later_names_the_newest_update(
    site: Path,
) -> None:
    """Resolved at 21:00, postmortem at 21:10: the hint said "give --now at or after" the
    resolution, and a --now of 21:05 was refused again, as earlier than the postmortem.
    The one refusal names the time that is enough."""
    postmortem = "\n## Postmortem at 2026-11-22 21:10\nA bad deploy.\n"
    (site / "content/incidents/2026-11-01-slow-dashboard.md").write_text(
        RESOLVED_INCIDENT.replace("2026-11-01 11:00", "2026-11-22 21:00").replace(
            "status: resolved", "status: postmortem"
        )
        + postmortem
    )

    refused = run(site, "update", "slow-dashboard", "-m", "Late note.", "--now", NOW)
    followed = run(
        site, "update", "slow-dashboard", "-m", "Late note.", "--now", "2026-11-22T20:10:00Z"
    )

    assert 1 == refused.exit_code, refused.output
    assert (
        "give --now at or after the newest update (2026-11-22 21:10 +01:00, line 12)"
    ) in " ".join(refused.output.split())
    assert 0 == followed.exit_code, followed.output


@pytest.mark.parametrize(
    ("name", "written", "command", "said"),
    [
        (
            "2026-11-22-card-payments.md",
            ("19:05", "19:41:30"),
            ("update", "card-payments", "-m", "b", "--now", "2026-11-22 19:41:10"),
            "--now 2026-11-22 19:41:10 +01:00: the time given is earlier than the newest "
            "update (2026-11-22 19:41:30 +01:00,",
        ),
        (
            "2026-11-01-slow-dashboard.md",
            ("11:00", "11:00:30"),
            ("update", "slow-dashboard", "-c", "dashboard=major_outage", "-m", "x"),
            "9:1: the incident was resolved at 2026-11-01 11:00:30 +01:00: a status",
        ),
        (
            "2026-11-01-slow-dashboard.md",
            ("2026-11-01 11:00", "2026-11-22 19:41:30"),
            ("resolve", "slow-dashboard"),
            "the incident's Resolved update is dated 2026-11-22 19:41:30 +01:00, after now",
        ),
        (
            "2026-11-01-slow-dashboard.md",
            ("2026-11-01 11:00", "2026-11-22 19:41:30"),
            ("resolve", "slow-dashboard", "--now", "2026-11-22 19:41:10"),
            "dated 2026-11-22 19:41:30 +01:00, after now (2026-11-22 19:41:10 +01:00)",
        ),
    ],
)
def test_a_refusal_names_a_time_written_to_the_second_to_the_second(
    site: Path, name: str, written: tuple[str, str], command: tuple[str, ...], said: str
) -> None:
    """Each is refused by the second written: said to the minute, the time named would be
    the very minute the command was run in (or before the time it is compared with)."""
    path = site / "content" / "incidents" / name
    path.write_bytes(path.read_bytes().replace(written[0].encode(), written[1].encode()))
    before = snapshot(site)

    result = run(site, *command, *(() if "--now" in command else ("--now", NOW)))

    assert 1 == result.exit_code, result.output
    assert said in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("command", "heading"),
    [
        (("update", "card-payments", "-m", "b"), "## Investigating at 2026-11-22 19:41:30 +01:00"),
        (("resolve", "card-payments"), "## Resolved at 2026-11-22 19:41:30 +01:00"),
    ],
)
def test_an_update_in_the_minute_of_one_written_to_the_second_keeps_its_seconds(
    site: Path, command: tuple[str, ...], heading: str
) -> None:
    """Written to the minute (19:41), an update at 19:41:30 would come before the one at
    19:41:15 it follows: the file would be refused for a line the command wrote."""
    name = "2026-11-22-card-payments.md"
    path = site / "content" / "incidents" / name
    path.write_bytes(path.read_bytes().replace(b"19:05", b"19:41:15"))

    result = run(site, *command, "--now", "2026-11-22 19:41:30")

    assert 0 == result.exit_code, result.output
    assert f"\r\n{heading}\r\n" in incident_file(site, name)
    assert_site_checks_clean(site)
    (incident,) = [i for i in load_site(site).incidents if i.slug.endswith("card-payments")]
    assert [
        datetime(2026, 11, 22, 18, 41, 15, tzinfo=timezone.utc),
        datetime(2026, 11, 22, 18, 41, 30, tzinfo=timezone.utc),
    ] == [u.at for u in incident.updates]


def test_an_update_in_a_later_minute_is_written_to_the_minute(site: Path) -> None:
    # Only a minute that began before the update it follows needs the seconds.
    name = "2026-11-22-card-payments.md"
    path = site / "content" / "incidents" / name
    path.write_bytes(path.read_bytes().replace(b"19:05", b"19:40:15"))

    result = run(site, "update", "card-payments", "-m", "b", "--now", "2026-11-22 19:41:30")

    assert 0 == result.exit_code, result.output
    assert "\r\n## Investigating at 2026-11-22 19:41 +01:00\r\n" in incident_file(site, name)
    assert_site_checks_clean(site)


def test_resolving_maintenance_completes_it(site: Path) -> None:
    result = run(site, "resolve", "2026-11-22-database", "-m", "Done early.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert (
        "---\n"
        "title: Database upgrade\n"
        "scheduled_for: 2026-11-22 19:00\n"
        "scheduled_until: 2026-11-22 23:00\n"
        "components: [api]\n"
        "status: completed\n"
        "---\n"
        "## Completed at 2026-11-22 19:41 +01:00\n"
        "\n"
        "Done early.\n"
    ) == incident_file(site, "2026-11-22-database-upgrade.md")
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("en", "This maintenance has been cancelled."), ("de", "Diese Wartung wurde abgesagt.")],
)
def test_resolving_a_window_not_started_calls_it_off(
    site: Path, language: str, sentence: str
) -> None:
    """docs/content.md: a `Completed` update before its start calls the window off, kept in
    the record; `resolve` writes it, in the site's language, and says what it did."""
    (site / "statusgen.yaml").write_text(SETTINGS + f"language: {language}\n")
    at = ["--now", "2026-11-22T12:00:00Z"]  # 13:00 in Berlin, six hours before its start

    result = run(site, "resolve", "database", *at)

    assert 0 == result.exit_code, result.output
    assert (
        "Called off content/incidents/2026-11-22-database-upgrade.md: "
        "Sunday 2026-11-22 19:00 +01:00 until Sunday 2026-11-22 23:00 +01:00\n"
    ) == result.output
    assert (
        "---\n"
        "title: Database upgrade\n"
        "scheduled_for: 2026-11-22 19:00\n"
        "scheduled_until: 2026-11-22 23:00\n"
        "components: [api]\n"
        "status: completed\n"
        "---\n"
        "## Completed at 2026-11-22 13:00 +01:00\n"
        "\n"
        f"{sentence}\n"
    ) == incident_file(site, "2026-11-22-database-upgrade.md")
    assert_site_checks_clean(site)
    assert 0 == run(site, "build", "-q", *at).exit_code
    assert "STATUS:CANCELLED" in (site / "public/maintenance.ics").read_text()


@pytest.mark.parametrize(
    ("language", "resolved", "completed", "scheduled"),
    [
        (
            "en",
            "This incident has been resolved.",
            "The scheduled maintenance has been completed.",
            "This maintenance has been scheduled.",
        ),
        (
            "de",
            "Dieser Vorfall wurde behoben.",
            "Die geplante Wartung wurde abgeschlossen.",
            "Diese Wartung wurde geplant.",
        ),
    ],
)
def test_the_sentences_written_without_a_message_are_in_the_sites_language(
    site: Path, language: str, resolved: str, completed: str, scheduled: str
) -> None:
    """docs/authoring.md: without -m, `resolve` and `new maintenance` write a standard
    sentence, which readers see on the page: in the site's language, as a call-off is."""
    (site / "statusgen.yaml").write_text(SETTINGS + f"language: {language}\n")

    closed = run(site, "resolve", "card", "--now", NOW)
    done = run(site, "resolve", "database", "--now", NOW)
    planned = run(
        site, "new", "maintenance", "Router swap", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 03:00", "-c", "api", "--now", NOW,
    )  # fmt: skip

    assert [0, 0, 0] == [r.exit_code for r in (closed, done, planned)], planned.output
    assert incident_file(site, "2026-11-22-card-payments.md").endswith(f"\r\n\r\n{resolved}\r\n")
    assert incident_file(site, "2026-11-22-database-upgrade.md").endswith(f"\n\n{completed}\n")
    assert incident_file(site, "2026-12-01-router-swap.md").endswith(f"\n\n{scheduled}\n")
    assert_site_checks_clean(site)


# Two pages, each in its own language; the site's `language` (en) is neither's.
PAGES_IN_TWO_LANGUAGES = """\
pages:
  intern:
    base_url: https://intern.example.com/
    output: out/intern
    language: de
    show: [platform]
  public:
    base_url: https://status.example.com/
    output: out/public
    language: fr
    show: [dashboard]
"""


def test_the_sentences_written_without_a_message_are_in_the_language_of_its_pages(
    site: Path,
) -> None:
    """docs/languages.md: an event shown only on pages of one language gets the standard
    sentence in that language, not the site's: German readers read no English line."""
    (site / "statusgen.yaml").write_text(SETTINGS + "language: en\n" + PAGES_IN_TWO_LANGUAGES)
    at = ["--now", "2026-11-22T12:00:00Z"]  # before the window's start: it is called off

    closed = run(site, "resolve", "card", "--now", NOW)
    called_off = run(site, "resolve", "database", *at)
    planned = run(
        site, "new", "maintenance", "Router swap", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 03:00", "-c", "api", *at,
    )  # fmt: skip

    assert [0, 0, 0] == [r.exit_code for r in (closed, called_off, planned)], planned.output
    assert incident_file(site, "2026-11-22-card-payments.md").endswith(
        "\r\n\r\nDieser Vorfall wurde behoben.\r\n"
    )
    assert incident_file(site, "2026-11-22-database-upgrade.md").endswith(
        "\n\nDiese Wartung wurde abgesagt.\n"
    )
    assert incident_file(site, "2026-12-01-router-swap.md").endswith(
        "\n\nDiese Wartung wurde geplant.\n"
    )
    assert "warning" not in closed.output + called_off.output + planned.output
    assert_site_checks_clean(site)


def test_a_sentence_for_pages_of_different_languages_is_the_sites_and_says_so(
    site: Path,
) -> None:
    """An event on pages of different languages gets the sentence in the site's language,
    and the command says once which file holds it and how to give words of one's own."""
    (site / "statusgen.yaml").write_text(SETTINGS + "language: en\n" + PAGES_IN_TWO_LANGUAGES)

    planned = run(
        site, "new", "maintenance", "Router swap", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 03:00", "-c", "api", "-c", "dashboard", "--now", NOW,
    )  # fmt: skip

    assert 0 == planned.exit_code, planned.output
    assert incident_file(site, "2026-12-01-router-swap.md").endswith(
        "\n\nThis maintenance has been scheduled.\n"
    )
    warned = [line for line in planned.output.splitlines() if line.startswith("warning: ")]
    assert [
        "warning: content/incidents/2026-12-01-router-swap.md: the standard sentence "
        "'This maintenance has been scheduled.' is written in the site's language (en), but "
        "the pages that show it are in de, fr; to give their readers words they read, pass "
        "-m with your own text (or edit the sentence in the file)"
    ] == warned
    with_text = run(
        site, "new", "maintenance", "Disk swap", "--start", "2026-12-02 02:00",
        "--end", "2026-12-02 03:00", "-c", "api", "-c", "dashboard", "-m", "Disks.",
        "--now", NOW,
    )  # fmt: skip
    assert 0 == with_text.exit_code, with_text.output
    assert "warning" not in with_text.output


@pytest.mark.parametrize("slug", ["card", "database"])
def test_a_broken_catalog_is_told_by_an_edit_without_a_message_not_a_traceback(
    site: Path, slug: str
) -> None:
    """Without -m, the sentence is looked up in the site's catalog: a mistake there is
    reported at its line and nothing is written, as with -m, instead of a crash."""
    (site / "statusgen.yaml").write_text(SETTINGS + "language: de\n")
    (site / "translations").mkdir()
    (site / "translations/de.po").write_text(
        'msgid "This incident has been resolved."\nmsgstr "Behoben \n'
    )
    before = snapshot(site)

    closed = run(site, "resolve", slug, "--now", NOW)
    planned = run(
        site, "new", "maintenance", "Router swap", "--start", "2026-12-01 02:00",
        "--end", "2026-12-01 03:00", "-c", "api", "--now", NOW,
    )  # fmt: skip

    for result in (closed, planned):
        assert 1 == result.exit_code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "translations/de.po:2: the quoted string is not closed" in result.output
        assert "Nothing was written" in result.output
    assert before == snapshot(site)


def test_an_update_completing_a_window_not_started_calls_it_off(site: Path) -> None:
    at = ["--now", "2026-11-22T12:00:00Z"]
    before = snapshot(site)

    # A status for a component of a window that will hold none would be shown nowhere.
    with_status = run(
        site, "update", "database", "--status", "completed", "-c", "api=major_outage",
        "-m", "Not needed.", *at,
    )  # fmt: skip
    assert 1 == with_status.exit_code
    assert "a window called off before its start puts no component under maintenance" in (
        with_status.output
    )
    assert before == snapshot(site)

    result = run(site, "update", "database", "--status", "completed", "-m", "Not needed.", *at)

    assert 0 == result.exit_code, result.output
    assert result.output.startswith(
        "Called off content/incidents/2026-11-22-database-upgrade.md: Sunday 2026-11-22 19:00"
    )
    assert "## Completed at 2026-11-22 13:00 +01:00\n\nNot needed.\n" in incident_file(
        site, "2026-11-22-database-upgrade.md"
    )


def test_a_window_completed_by_hand_is_completed_for_the_commands_too(site: Path) -> None:
    # Its newest update says Completed and it has no `status:`: the pages show it over,
    # so `incidents` leaves it out and `resolve` has nothing left to complete.
    path = site / "content" / "incidents" / "2026-11-22-database-upgrade.md"
    path.write_text(
        MAINTENANCE + "## In progress at 2026-11-22 19:00\n\n## Completed at 2026-11-22 19:30\n"
    )
    before = path.read_bytes()

    listed = run(site, "incidents", "--now", NOW)
    assert "database-upgrade" not in listed.output
    result = run(site, "resolve", "2026-11-22-database", "--now", NOW)
    assert 0 != result.exit_code
    assert "already completed" in result.output
    assert before == path.read_bytes()


# --- new maintenance -------------------------------------------------------------------


def test_new_maintenance_reads_friendly_times_in_the_site_timezone(site: Path) -> None:
    result = run(
        site, "new", "maintenance", "Network maintenance",
        "--start", "tomorrow 02:00", "--end", "tomorrow 04:30",
        "-c", "api", "-c", "checkout", "-m", "Planned work.", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert (
        "---\n"
        "title: Network maintenance\n"
        "scheduled_for: 2026-11-23 02:00 +01:00\n"
        "scheduled_until: 2026-11-23 04:30 +01:00\n"
        "components: [api, checkout]\n"
        "---\n"
        "## Scheduled at 2026-11-22 19:41 +01:00\n"
        "\n"
        "Planned work.\n"
    ) == incident_file(site, "2026-11-23-network-maintenance.md")
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    ("start", "end", "day"),
    [
        # Sunday 19:41: a Sunday time still ahead is tonight, one already past next week.
        ("sunday 9pm", "sunday 11pm", "2026-11-22"),
        ("sun 19:41", "sun 20:00", "2026-11-22"),
        ("sunday 6pm", "sunday 7pm", "2026-11-29"),
        # The end's weekday is the first one after the start: next week's window, not an
        # end tonight before a start next week.
        ("sunday 7pm", "sunday 8pm", "2026-11-29"),
    ],
)
def test_a_weekday_is_today_while_its_time_is_ahead_and_the_output_says_which(
    site: Path, start: str, end: str, day: str
) -> None:
    result = run(site, "new", "maintenance", "Upgrade", "--start", start, "--end", end,
                 "-m", "Planned.", "--now", NOW)  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert f"content/incidents/{day}-upgrade.md: Sunday {day} " in result.output
    assert f"until Sunday {day} " in result.output
    assert f"scheduled_for: {day} " in incident_file(site, f"{day}-upgrade.md")


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        # An end named like its start is the first one after it: a week-long window, not
        # one of no length.
        ("monday 09:00", "monday 09:00", "Monday 2026-11-23", "Monday 2026-11-30"),
        ("sunday 19:41", "sunday 19:41", "Sunday 2026-11-22", "Sunday 2026-11-29"),
        ("now", "sunday 19:41", "Sunday 2026-11-22", "Sunday 2026-11-29"),
        ("monday 10:00", "monday 09:00", "Monday 2026-11-23", "Monday 2026-11-30"),
    ],
)
def test_an_end_weekday_is_the_first_one_after_the_start(
    site: Path, start: str, end: str, first: str, last: str
) -> None:
    result = run(site, "new", "maintenance", "Week of work", "--start", start, "--end", end,
                 "-m", "Planned.", "--now", NOW)  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert f": {first} " in result.output
    assert f"until {last} " in result.output


def test_a_window_across_a_clock_change_is_measured_in_real_time(new_york: Path) -> None:
    # 01:50 -04:00 to 01:35 -05:00: the end reads earlier on the clock, 45 minutes later.
    result = run(new_york, "new", "maintenance", "DB", "--start", "in 1h", "--end", "in 1h45m",
                 "-c", "api", "--now", "2026-11-01 00:50")  # fmt: skip

    assert 0 == result.exit_code, result.output
    text = incident_file(new_york, "2026-11-01-db.md")
    assert "scheduled_for: 2026-11-01 01:50 -04:00\n" in text
    assert "scheduled_until: 2026-11-01 01:35 -05:00\n" in text


@pytest.mark.parametrize(
    ("end", "said"),
    [
        (
            "2026-12-13 10:00",
            "maintenance ends (Sunday 2026-12-13 10:00 +01:00) when it starts "
            "(Sunday 2026-12-13 10:00 +01:00): the window has no length",
        ),
        (
            "2026-12-13 09:00",
            "maintenance ends (Sunday 2026-12-13 09:00 +01:00) before it starts "
            "(Sunday 2026-12-13 10:00 +01:00)",
        ),
    ],
)
def test_new_maintenance_refuses_a_window_as_check_does(site: Path, end: str, said: str) -> None:
    result = run(site, "new", "maintenance", "Upgrade", "--start", "2026-12-13 10:00",
                 "--end", end, "-m", "Planned.", "--now", NOW)  # fmt: skip

    assert 0 != result.exit_code
    assert f"--end {end}: {said}" in result.output
    assert "give an --end later than --start" in result.output
    assert [] == list((site / "content/incidents").glob("2026-12-13-*.md"))


@pytest.mark.parametrize(
    ("start", "end", "offered", "ends"),
    [
        ("23:30", "00:30", "tomorrow 00:30", "2026-11-23 00:30 +01:00"),
        ("23:30", "12:30am", "tomorrow 00:30", "2026-11-23 00:30 +01:00"),
        ("23:30", "00:30:15", "tomorrow 00:30:15", "2026-11-23 00:30:15 +01:00"),
        # "tomorrow" is read from today, not from the start: a later night takes its date.
        ("friday 23:30", "00:30", "2026-11-28 00:30", "2026-11-28 00:30 +01:00"),
        # Later than a start on another day: that day's, not the next (a window of 25 hours).
        ("tomorrow 02:00", "03:00", "tomorrow 03:00", "2026-11-23 03:00 +01:00"),
        ("next tuesday 02:00", "03:00", "2026-11-24 03:00", "2026-11-24 03:00 +01:00"),
    ],
)
def test_an_end_typed_as_a_time_alone_is_offered_the_end_that_works(
    site: Path, start: str, end: str, offered: str, ends: str
) -> None:
    # A time of day alone is read as today, so a window on a later day, or across midnight,
    # ends before it starts: the hint gives the --end on the start's day when that time is
    # later than the start, else on the next, and it is accepted.
    result = run(site, "new", "maintenance", "Night", "--start", start, "--end", end,
                 "-c", "api", "-m", "x", "--now", NOW)  # fmt: skip

    assert 0 != result.exit_code
    assert (
        f"hint: a time of day alone is read as today; did you mean --end '{offered}'?"
    ) in result.output
    taken = run(site, "new", "maintenance", "Night", "--start", start, "--end", offered,
                "-c", "api", "-m", "x", "--now", NOW)  # fmt: skip
    assert 0 == taken.exit_code, taken.output
    (written,) = (site / "content/incidents").glob("*-night.md")
    assert f"scheduled_until: {ends}\n" in written.read_text()


@pytest.mark.parametrize("end", ["yesterday 01:00", "2026-11-22 00:30", "23:30"])
def test_an_end_that_names_its_day_is_not_offered_another(site: Path, end: str) -> None:
    result = run(site, "new", "maintenance", "Night", "--start", "23:30", "--end", end,
                 "-c", "api", "-m", "x", "--now", NOW)  # fmt: skip

    assert 0 != result.exit_code
    assert "hint: give an --end later than --start" in result.output
    assert "did you mean" not in result.output


@pytest.mark.parametrize(
    ("option", "args"),
    [
        ("--start", ("new", "maintenance", "Upgrade", "--end", "2026-12-13 12:00", "-m", "x")),
        ("--now", ("build",)),
    ],
)
def test_a_typed_time_with_a_zone_name_is_told_its_offset(
    site: Path, option: str, args: tuple[str, ...]
) -> None:
    extra = ("--now", NOW) if option != "--now" else ()
    before = snapshot(site)

    result = run(site, *args, option, "2026-12-13 10:00 CET", *extra)

    assert 0 != result.exit_code
    assert (
        "cannot read the time '2026-12-13 10:00 CET': its zone is written 'CET', not as an "
        "offset; write it as '2026-12-13 10:00 +01:00'"
    ) in " ".join(result.output.split())
    assert before == snapshot(site)


def test_new_maintenance_says_a_window_typed_to_the_second_to_the_second(site: Path) -> None:
    # The file keeps the seconds typed; what is said of the window keeps them too.
    window = ("--start", "2026-12-13 10:00:20", "--end", "2026-12-13 10:00:10")
    refused = run(site, "new", "maintenance", "Upgrade", *window, "-m", "x", "--now", NOW)
    window = ("--start", "2026-11-22 19:40:20", "--end", "2026-12-13 10:00:40")
    written = run(site, "new", "maintenance", "Upgrade", *window, "-m", "x", "--now", NOW)

    assert 0 != refused.exit_code
    assert (
        "maintenance ends (Sunday 2026-12-13 10:00:10 +01:00) before it starts "
        "(Sunday 2026-12-13 10:00:20 +01:00)"
    ) in refused.output
    assert 0 == written.exit_code, written.output
    assert (
        "Scheduled content/incidents/2026-11-22-upgrade.md: Sunday 2026-11-22 19:40:20 +01:00 "
        "until Sunday 2026-12-13 10:00:40 +01:00"
    ) in written.output
    assert "the window starts in the past (2026-11-22 19:40:20 +01:00)" in written.output


@pytest.mark.parametrize("start", ["now", "19:41", "2026-11-22 19:41"])
def test_a_window_starting_this_minute_is_not_in_the_past(site: Path, start: str) -> None:
    result = run(site, "new", "maintenance", "Restart", "--start", start, "--end", "in 1h",
                 "--now", "2026-11-22T18:41:37Z")  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "past" not in result.output
    assert "scheduled_for: 2026-11-22 19:41 +01:00\n" in incident_file(
        site, "2026-11-22-restart.md"
    )


def test_a_window_starting_a_minute_ago_is_in_the_past(site: Path) -> None:
    result = run(site, "new", "maintenance", "Restart", "--start", "19:40", "--end", "in 1h",
                 "--now", "2026-11-22T18:41:37Z")  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "the window starts in the past (2026-11-22 19:40 +01:00)" in result.output


@pytest.mark.parametrize(
    ("start", "end"), [("18:00", "in 1h"), ("2026-11-20 02:00", "2026-11-20 03:00")]
)
def test_a_window_recorded_once_begun_is_announced_at_its_start_and_checks_clean(
    site: Path, start: str, end: str
) -> None:
    # Pages show a window from its announcement on: dated now, a window recorded late
    # would be left out of them from its start until now, and one recorded after it ended
    # never shown running, which check reports. Dated at its start, as `check --fix` dates it.
    result = run(site, "new", "maintenance", "Restart", "--start", start, "--end", end,
                 "-c", "api", "--now", NOW)  # fmt: skip

    assert 0 == result.exit_code, result.output
    (written,) = (site / "content/incidents").glob("*-restart.md")
    scheduled_for = re.search(r"^scheduled_for: (.*)$", written.read_text(), re.MULTILINE)
    assert scheduled_for is not None
    assert f"## Scheduled at {scheduled_for[1]}\n" in written.read_text()
    checked = run(site, "check", "--now", NOW)
    assert 0 == checked.exit_code, checked.output
    assert written.name not in checked.output


def test_a_scheduled_reminder_leaves_the_window_to_the_clock(site: Path) -> None:
    """`status: scheduled` beats the clock (docs/status-rules.md): written with a reminder,
    it would keep the window upcoming through its time and after it, for good."""
    run(site, "new", "maintenance", "Cache swap", "--start", "tomorrow 02:00",
        "--end", "tomorrow 04:00", "-c", "checkout", "-m", "Planned.", "--now", NOW)  # fmt: skip

    result = run(site, "update", "cache", "--status", "scheduled", "-m", "Reminder: tonight.",
                 "--now", NOW)  # fmt: skip

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-23-cache-swap.md")
    assert "status:" not in text
    assert text.endswith("## Scheduled at 2026-11-22 19:41 +01:00\n\nReminder: tonight.\n")
    during = run(site, "incidents", "--json", "--now", "2026-11-23T03:00:00+01:00")
    assert ["in_progress"] == [
        event["state"] for event in json.loads(during.output) if event["slug"].endswith("swap")
    ]
    after = run(site, "incidents", "--now", "2026-11-24T12:00:00+01:00")
    assert "cache-swap" not in after.output
    assert_site_checks_clean(site)


def test_a_reminder_after_a_written_state_leaves_that_state(site: Path) -> None:
    """A reminder changes no window's state: one posted once `update --status in_progress`
    wrote its state replaced that with `status: scheduled`, holding the window upcoming
    (its components not under maintenance) through its time and after it."""
    run(site, "new", "maintenance", "Cache swap", "--start", "tomorrow 02:00",
        "--end", "tomorrow 04:00", "-c", "checkout", "-m", "Planned.", "--now", NOW)  # fmt: skip
    started = "2026-11-23T02:00:00+01:00"
    run(site, "update", "cache", "--status", "in_progress", "-m", "Begun.", "--now", started)

    result = run(site, "update", "cache", "--status", "scheduled", "-m", "Done by four.",
                 "--now", "2026-11-23T02:30:00+01:00")  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "\nstatus: in_progress\n" in incident_file(site, "2026-11-23-cache-swap.md")
    during = run(site, "incidents", "--json", "--now", "2026-11-23T03:00:00+01:00")
    assert ["in_progress"] == [
        event["state"] for event in json.loads(during.output) if event["slug"].endswith("swap")
    ]
    check = run(site, "check", "--now", "2026-11-23T03:00:00+01:00")
    assert 0 == check.exit_code, check.output
    assert "newest update" not in check.output


def test_a_reminder_inside_the_window_says_the_window_is_still_in_progress(site: Path) -> None:
    """`--status scheduled` typed to postpone a window the clock has started is a reminder:
    the pages keep it in progress, so the command says that and how to move the window."""
    run(site, "new", "maintenance", "Net work", "--start", "2026-11-23 12:00",
        "--end", "2026-11-23 14:00", "-c", "api", "-m", "Planned.", "--now", NOW)  # fmt: skip
    before = incident_file(site, "2026-11-23-net-work.md")

    result = run(site, "update", "net", "--status", "scheduled", "-m", "Postponed.",
                 "--now", "2026-11-23T12:40:00+01:00")  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Updated content/incidents/2026-11-23-net-work.md: in progress\n" in result.output
    assert (
        "warning: the pages show this maintenance in progress, not scheduled (by the clock, as "
        "its window is 2026-11-23 12:00 +01:00 to 2026-11-23 14:00 +01:00); to postpone the "
        "window, change scheduled_for and scheduled_until in "
        "content/incidents/2026-11-23-net-work.md"
    ) in result.output
    # The file means what it meant: a reminder, no `status:` holding the window upcoming.
    text = incident_file(site, "2026-11-23-net-work.md")
    assert before + "\n## Scheduled at 2026-11-23 12:40 +01:00\n\nPostponed.\n" == text
    during = run(site, "incidents", "--json", "--now", "2026-11-23T12:45:00+01:00")
    assert ["in_progress"] == [
        event["state"] for event in json.loads(during.output) if event["slug"].endswith("work")
    ]


@pytest.mark.parametrize(
    ("holding", "shown", "line"),
    [
        (
            ["update", "cache", "--status", "in_progress", "-m", "Started early."],
            "in progress",
            "`status: in_progress` line and its `In progress`",
        ),
    ],
    ids=["started-early"],
)
def test_following_a_reminders_advice_postpones_the_window(
    site: Path, holding: list[str], shown: str, line: str
) -> None:
    """A window started early (an `In progress` update) is held there by that update as
    much as by its `status:` line: the advice names both, so that doing what it says puts
    the window back on, at its new time."""
    run(site, "new", "maintenance", "Cache swap", "--start", "2026-11-23 02:00",
        "--end", "2026-11-23 04:00", "-c", "checkout", "-m", "Planned.", "--now", NOW)  # fmt: skip
    assert 0 == run(site, *holding, "--now", "2026-11-22T19:00:00Z").exit_code

    result = run(site, "update", "cache", "--status", "scheduled", "-m", "Back on tomorrow.",
                 "--now", "2026-11-22T19:10:00Z")  # fmt: skip

    assert 0 == result.exit_code, result.output
    path = "content/incidents/2026-11-23-cache-swap.md"
    assert (
        f"warning: the pages show this maintenance {shown}, not scheduled (its {line} update "
        "(line 12) say so, and a `Scheduled` one is a reminder); to postpone the window, "
        "remove that line and that update and change scheduled_for and scheduled_until in "
        f"{path}"
    ) in result.output
    # Do what it says, by hand: the `status:` line, the update at line 12 (its heading down
    # to the next one), and the window a day later.
    lines = incident_file(site, "2026-11-23-cache-swap.md").splitlines(keepends=True)
    end = next(n for n in range(12, len(lines)) if lines[n].startswith("## "))
    kept = [t for t in lines[:11] + lines[end:] if not t.startswith("status:")]
    (site / path).write_text("".join(kept).replace("2026-11-23 0", "2026-11-24 0"))

    assert_site_checks_clean(site)
    rows = json.loads(run(site, "incidents", "--all", "--json", "--now", NOW).output)
    assert ["scheduled"] == [row["state"] for row in rows if row["slug"].endswith("swap")]
    assert 0 == run(site, "build", "-q", "--now", "2026-11-22T19:20:00Z").exit_code
    calendar = (site / "public/maintenance.ics").read_text()
    (event,) = [e for e in calendar.split("BEGIN:VEVENT")[1:] if "Cache swap" in e]
    assert "DTSTART:20261124T010000Z" in event
    assert "STATUS:CONFIRMED" in event


def test_putting_a_called_off_window_back_on_is_refused_until_its_lines_go(site: Path) -> None:
    """A `Scheduled` update undoes no call-off: written, the calendar would mark the window
    cancelled with "Back on." as its newest words. It is refused, nothing written, naming
    the lines to remove; once they are gone (and the window moved), the same command
    writes it and the window is back on."""
    run(site, "new", "maintenance", "Cache swap", "--start", "2026-11-23 02:00",
        "--end", "2026-11-23 04:00", "-c", "checkout", "-m", "Planned.", "--now", NOW)  # fmt: skip
    assert 0 == run(site, "resolve", "cache", "--now", "2026-11-22T19:00:00Z").exit_code
    path = "content/incidents/2026-11-23-cache-swap.md"
    before = incident_file(site, "2026-11-23-cache-swap.md")
    back_on = ("update", "cache", "--status", "scheduled", "-m", "Back on.",
               "--now", "2026-11-22T19:10:00Z")  # fmt: skip

    result = run(site, *back_on)

    assert 1 == result.exit_code, result.output
    status_line = before.splitlines().index("status: completed") + 1
    assert (
        f"{path}:{status_line}:1: this maintenance was called off (its `status: completed` "
        "line and its `Completed` update (line 12) say so, and a `Scheduled` one is a "
        "reminder): a `Scheduled` update would not put it back on"
    ) in result.output
    assert (
        "hint: to put it back on, remove that line and that update and change scheduled_for "
        f"and scheduled_until in {path}, then run this update again"
    ) in result.output
    assert before == incident_file(site, "2026-11-23-cache-swap.md")

    lines = before.splitlines(keepends=True)
    end = next((n for n in range(12, len(lines)) if lines[n].startswith("## ")), len(lines))
    kept = [t for t in lines[:11] + lines[end:] if not t.startswith("status:")]
    (site / path).write_text("".join(kept).replace("2026-11-23 0", "2026-11-24 0"))
    assert 0 == run(site, *back_on).exit_code
    assert_site_checks_clean(site)
    assert 0 == run(site, "build", "-q", "--now", "2026-11-22T19:20:00Z").exit_code
    calendar = (site / "public/maintenance.ics").read_text()
    (event,) = [e for e in calendar.split("BEGIN:VEVENT")[1:] if "Cache swap" in e]
    assert "DTSTART:20261124T010000Z" in event
    assert "STATUS:CONFIRMED" in event


def test_a_reminder_before_the_window_says_scheduled_without_a_warning(site: Path) -> None:
    run(site, "new", "maintenance", "Net work", "--start", "2026-11-23 12:00",
        "--end", "2026-11-23 14:00", "-c", "api", "-m", "Planned.", "--now", NOW)  # fmt: skip

    result = run(site, "update", "net", "--status", "scheduled", "-m", "Tomorrow.", "--now", NOW)

    assert (0, "Updated content/incidents/2026-11-23-net-work.md: scheduled\n") == (
        result.exit_code,
        result.output,
    )


# --- incidents ---------------------------------------------------------------------------


def test_incidents_lists_open_incidents_and_maintenance_in_progress(site: Path) -> None:
    result = run(site, "incidents", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert [
        "SLUG                         STATE          AGE  COMPONENTS               TITLE",
        "2026-11-22-card-payments     investigating  36m  api (partial_outage)     "
        "Card payments failing",
        "2026-11-22-database-upgrade  in_progress    41m  api (under_maintenance)  "
        "Database upgrade",
    ] == result.output.splitlines()


def test_incidents_names_a_few_components_of_many_and_counts_the_rest(site: Path) -> None:
    """An incident on 40 components made its row 1,200 characters wide, its title far off
    the screen: the row names three and counts the others; --json keeps them all."""
    ids = [f"svc-{n:02d}" for n in range(40)]
    many = "".join(f"- id: {cid}\n  name: Service {cid}\n" for cid in ids)
    (site / "content" / "components.yaml").write_text(COMPONENTS + many)
    listed = "".join(f"  {cid}: major_outage\n" for cid in ids)
    (site / "content" / "incidents" / "2026-11-22-everything.md").write_text(
        f"---\ntitle: Everything down\nstatus: investigating\ncomponents:\n{listed}---\n"
        "## Investigating at 2026-11-22 19:30\nLooking.\n"
    )

    result = run(site, "incidents", "--now", NOW)

    assert 0 == result.exit_code, result.output
    row = next(line for line in result.output.splitlines() if "everything" in line)
    assert (
        "svc-00 (major_outage), svc-01 (major_outage), svc-02 (major_outage) and 37 more"
        "  Everything down"
    ) in row
    rows = json.loads(run(site, "incidents", "--json", "--now", NOW).output)
    assert 40 == len(next(r for r in rows if r["title"] == "Everything down")["components"])


def test_incidents_names_components_in_page_order_with_retired_ones_last(site: Path) -> None:
    """The first three a row shows are the first three its page shows, whatever order the
    front matter gives them in; --json keeps that order too (not sorted by id)."""
    (site / "content" / "components.yaml").write_text(
        COMPONENTS + "- id: archive\n  name: Archive\n  retired: true\n"
    )
    (site / "content" / "incidents" / "2026-11-20-big.md").write_text(
        "---\ntitle: Big outage\nstatus: resolved\ncomponents:\n  archive: major_outage\n"
        "  dashboard: degraded_performance\n  checkout: partial_outage\n  api: major_outage\n"
        "---\n## Investigating at 2026-11-20 10:00\nLooking.\n\n"
        "## Resolved at 2026-11-20 12:00\nFixed.\n"
    )
    (site / "content" / "incidents" / "2026-11-21-window.md").write_text(
        "---\ntitle: Window\nscheduled_for: 2026-11-21 10:00\nscheduled_until: 2026-11-21 11:00\n"
        "components: [archive, dashboard, api]\n---\n## Scheduled at 2026-11-20 10:00\nSoon.\n"
    )

    result = run(site, "incidents", "--all", "--now", NOW)

    assert 0 == result.exit_code, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()}
    assert (
        "api (major_outage), checkout (partial_outage), dashboard (degraded_performance) and 1 more"
    ) in rows["2026-11-20-big"]
    assert (
        "api (under_maintenance), dashboard (under_maintenance), archive (under_maintenance)"
    ) in rows["2026-11-21-window"]
    found = json.loads(run(site, "incidents", "--all", "--json", "--now", NOW).output)
    assert [["api", "checkout", "dashboard", "archive"], ["api", "dashboard", "archive"]] == [
        list(r["components"]) for r in found if r["slug"] in {"2026-11-20-big", "2026-11-21-window"}
    ]


def test_incidents_as_json(site: Path) -> None:
    result = run(site, "incidents", "--json", "--now", NOW)

    rows = json.loads(result.output)
    assert ["2026-11-22-card-payments", "2026-11-22-database-upgrade"] == [r["slug"] for r in rows]
    assert {
        "slug": "2026-11-22-card-payments",
        "kind": "incident",
        "title": "Card payments failing",
        "state": "investigating",
        "started_at": "2026-11-22T19:05:00+01:00",
        "age_seconds": 36 * 60,
        "components": {"api": "partial_outage"},
        "path": "content/incidents/2026-11-22-card-payments.md",
        "draft": False,
    } == rows[0]


def test_incidents_as_json_gives_times_in_the_sites_timezone_as_status_does(site: Path) -> None:
    # Written at other offsets than the site's (Europe/Berlin): a heading at -05:00, a
    # window in UTC.
    (site / "content/incidents/2026-12-01-api-errors.md").write_text(
        "---\ntitle: API errors\nstatus: investigating\ncomponents: {api: partial_outage}\n"
        "---\n## Investigating at 2026-12-01 04:00 -05:00\nErrors.\n"
    )
    (site / "content/incidents/2026-12-03-move.md").write_text(
        "---\ntitle: Move\nscheduled_for: 2026-12-03T21:00:00Z\n"
        "scheduled_until: 2026-12-03T22:00:00Z\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-11-30 10:00\nPlanned.\n"
    )
    at = ["--now", "2026-12-01T12:00:00Z"]

    rows = json.loads(run(site, "incidents", "--json", *at).output)
    status = json.loads(run(site, "status", "--json", *at).output)

    listed = {row["slug"]: row["started_at"] for row in rows}
    assert "2026-12-01T10:00:00+01:00" == listed["2026-12-01-api-errors"]
    assert "2026-12-03T22:00:00+01:00" == listed["2026-12-03-move"]
    shown = {i["slug"]: i["started_at"] for i in status["open_incidents"]}
    shown |= {m["slug"]: m["scheduled_for"] for m in status["maintenance"]}
    assert shown["2026-12-01-api-errors"] == listed["2026-12-01-api-errors"]
    assert shown["2026-12-03-move"] == listed["2026-12-03-move"]


def test_a_window_started_early_shows_how_long_it_has_been_in_progress(site: Path) -> None:
    steps = [
        ["new", "maintenance", "Early work", "--start", "22:00", "--end", "23:00",
         "-m", "Planned.", "--now", NOW],
        ["update", "early", "--status", "in_progress", "-m", "Started early.",
         "--now", "2026-11-22T19:00:00Z"],
    ]  # fmt: skip
    for step in steps:
        result = run(site, *step)
        assert 0 == result.exit_code, result.output

    listed = run(site, "incidents", "--now", "2026-11-22T19:10:00Z")
    rows = json.loads(run(site, "incidents", "--json", "--now", "2026-11-22T19:10:00Z").output)

    (line,) = [row for row in listed.output.splitlines() if "early-work" in row]
    assert ["2026-11-22-early-work", "in_progress", "10m", "-", "Early", "work"] == line.split()
    (early,) = [row for row in rows if row["slug"] == "2026-11-22-early-work"]
    assert (600, "2026-11-22T20:00:00+01:00") == (early["age_seconds"], early["started_at"])


def test_a_window_called_off_before_its_start_is_dated_when_it_was_called_off(
    site: Path,
) -> None:
    (site / "content/incidents/2026-12-10-called-off.md").write_text(
        "---\ntitle: Called off\nscheduled_for: 2026-12-10 10:00 +00:00\n"
        "scheduled_until: 2026-12-10 12:00 +00:00\ncomponents: [api]\n---\n"
        "## Scheduled at 2026-12-01 09:00 +00:00\n\nPlanned.\n\n"
        "## Completed at 2026-12-05 09:00 +00:00\n\nCancelled; not needed.\n"
    )
    at = ["--now", "2026-12-05T10:30:00Z"]

    listed = run(site, "incidents", "--all", *at)
    rows = json.loads(run(site, "incidents", "--all", "--json", *at).output)
    assert 0 == run(site, "build", "-q", *at).exit_code

    (line,) = [row for row in listed.output.splitlines() if "called-off" in row]
    assert ["2026-12-10-called-off", "completed", "1h", "30m"] == line.split()[:4]
    (row,) = [row for row in rows if row["slug"] == "2026-12-10-called-off"]
    assert (5400, "2026-12-05T10:00:00+01:00") == (row["age_seconds"], row["started_at"])
    api = json.loads((site / "public/api/v2/scheduled-maintenances.json").read_text())
    (window,) = [m for m in api["scheduled_maintenances"] if m["name"] == "Called off"]
    # The moment the API says it was over (written in the site's zone there).
    assert datetime.fromisoformat(row["started_at"]) == datetime.fromisoformat(
        window["resolved_at"]
    )


def test_a_window_called_off_lists_its_components_without_a_status_as_its_page_does(
    site: Path,
) -> None:
    # It never held them (docs/content.md); the window that ran did.
    (site / "content/incidents/2026-12-10-called-off.md").write_text(
        "---\ntitle: Called off\nscheduled_for: 2026-12-10 10:00 +00:00\n"
        "scheduled_until: 2026-12-10 12:00 +00:00\ncomponents: [api, checkout]\n---\n"
        "## Scheduled at 2026-12-01 09:00 +00:00\n\nPlanned.\n\n"
        "## Completed at 2026-12-05 09:00 +00:00\n\nCancelled; not needed.\n"
    )
    at = ["--now", "2026-12-11T00:00:00Z"]

    listed = run(site, "incidents", "--all", *at).output.splitlines()
    rows = json.loads(run(site, "incidents", "--all", "--json", *at).output)

    (called_off,) = [row for row in listed if "called-off" in row]
    assert "  api, checkout  " in called_off, called_off
    (ran,) = [row for row in listed if "database-upgrade" in row]
    assert "  api (under_maintenance)  " in ran, ran
    components = {row["slug"]: row["components"] for row in rows if row["kind"] == "maintenance"}
    assert {"api": None, "checkout": None} == components["2026-12-10-called-off"]
    assert {"api": "under_maintenance"} == components["2026-11-22-database-upgrade"]


def test_a_resolved_incident_lists_the_worst_status_it_gave_as_its_page_does(
    site: Path,
) -> None:
    # Down, then back to operational while monitoring, then resolved: its page says
    # "worst Major outage"; while open, the listing shows the status it gives now.
    run(site, "new", "incident", "Payouts down", "-c", "checkout=major_outage",
        "-m", "Down.", "--now", "2026-12-05T08:00:00Z")  # fmt: skip
    run(site, "update", "payouts", "--status", "monitoring", "-c", "checkout=operational",
        "-m", "Watching.", "--now", "2026-12-05T08:30:00Z")  # fmt: skip
    monitoring = run(site, "incidents", "--now", "2026-12-05T08:40:00Z").output.splitlines()
    run(site, "resolve", "payouts", "--now", "2026-12-05T09:00:00Z")
    at = ["--now", "2026-12-05T09:05:00Z"]

    listed = run(site, "incidents", "--all", *at).output.splitlines()
    rows = json.loads(run(site, "incidents", "--all", "--json", *at).output)

    (line,) = [row for row in monitoring if "payouts" in row]
    assert "  checkout (operational)  " in line, line
    (line,) = [row for row in listed if "payouts" in row]
    assert "  checkout (major_outage)  " in line, line
    (row,) = [row for row in rows if row["slug"] == "2026-12-05-payouts-down"]
    assert {"checkout": "major_outage"} == row["components"]


def test_a_window_marked_completed_before_its_start_is_dated_by_its_schedule_as_the_api_does(
    site: Path,
) -> None:
    # No update says when it was over (check warns): the API takes it to run as scheduled.
    (site / "content/incidents/2026-12-10-marked.md").write_text(
        "---\ntitle: Marked\nscheduled_for: 2026-12-10 10:00 +00:00\n"
        "scheduled_until: 2026-12-10 12:00 +00:00\ncomponents: [api]\nstatus: completed\n---\n"
    )
    at = ["--now", "2026-12-05T09:00:00Z"]

    rows = json.loads(run(site, "incidents", "--all", "--json", *at).output)
    assert 0 == run(site, "build", "-q", *at).exit_code

    (row,) = [row for row in rows if row["slug"] == "2026-12-10-marked"]
    api = json.loads((site / "public/api/v2/scheduled-maintenances.json").read_text())
    (window,) = [m for m in api["scheduled_maintenances"] if m["name"] == "Marked"]
    assert ("completed", -5 * 86400 - 3600) == (row["state"], row["age_seconds"])
    assert datetime.fromisoformat(window["scheduled_for"]) == datetime.fromisoformat(
        row["started_at"]
    )
    assert datetime(2026, 12, 10, 12, tzinfo=timezone.utc) == datetime.fromisoformat(
        window["resolved_at"]
    )


def test_a_reopened_incident_is_aged_by_its_time_open_as_status_gives_it(site: Path) -> None:
    steps = [
        ["new", "incident", "DB down", "-c", "api=major_outage", "-m", "Down.",
         "--now", "2026-12-01T10:00:00Z"],
        ["resolve", "db-down", "-m", "Back.", "--now", "2026-12-01T11:00:00Z"],
        ["update", "db-down", "--status", "investigating", "-m", "Down again.",
         "--now", "2026-12-03T13:00:00Z"],
    ]  # fmt: skip
    for step in steps:
        result = run(site, *step)
        assert 0 == result.exit_code, result.output
    at = ["--now", "2026-12-03T13:30:00Z"]

    listed = run(site, "incidents", *at)
    rows = json.loads(run(site, "incidents", "--json", *at).output)
    shown = run(site, "status", *at)

    # One hour before it was resolved, half an hour since it was reopened.
    (line,) = [row for row in listed.output.splitlines() if "db-down" in row]
    assert ["2026-12-01-db-down", "investigating", "1h", "30m"] == line.split()[:4]
    (row,) = [row for row in rows if row["slug"] == "2026-12-01-db-down"]
    # Still dated from its start, as `status` says "since" it.
    assert (5400, "2026-12-01T11:00:00+01:00") == (row["age_seconds"], row["started_at"])
    assert "since 2026-12-01 11:00 CET (1h 30m)" in shown.output


def test_a_draft_whose_first_update_lies_ahead_is_not_listed_as_a_published_one_is_not(
    site: Path,
) -> None:
    for kind, draft in (("draft", "draft: true\n"), ("real", "")):
        (site / f"content/incidents/2026-12-01-{kind}.md").write_text(
            f"---\ntitle: {kind}\nstatus: investigating\n{draft}"
            "components:\n  api: major_outage\n---\n"
            "## Investigating at 2026-12-01 10:00 +00:00\nDown.\n"
        )
    before = ["--now", "2026-11-30T12:00:00Z"]
    later = ["--now", "2026-12-01T10:30:00Z"]

    listed = [run(site, "incidents", *flags, *before).output for flags in ([], ["--all"])]
    rows = json.loads(run(site, "incidents", "--all", "--json", *before).output)
    after = json.loads(run(site, "incidents", "--json", *later).output)

    assert [] == [line for text in listed for line in text.splitlines() if "2026-12-01" in line]
    assert [] == [row["slug"] for row in rows if row["slug"].startswith("2026-12-01")]
    # Once its first update has happened it is open, as the published one is.
    assert [("2026-12-01-real", 1800, False), ("2026-12-01-draft", 1800, True)] == [
        (row["slug"], row["age_seconds"], row["draft"])
        for row in after
        if row["slug"].startswith("2026-12-01")
    ]


def test_an_age_across_a_clock_change_counts_the_real_time(new_york: Path) -> None:
    listed = run(new_york, "incidents", "--now", "2026-11-01 03:00")
    rows = json.loads(run(new_york, "incidents", "--json", "--now", "2026-11-01 03:00").output)

    (line,) = [row for row in listed.output.splitlines() if "card-payments" in row]
    assert ["2026-11-22-card-payments", "investigating", "3h", "30m"] == line.split()[:4]
    (card,) = [row for row in rows if row["slug"] == "2026-11-22-card-payments"]
    assert 3.5 * 3600 == card["age_seconds"]


def test_a_countdown_across_a_clock_change_counts_the_real_time(new_york: Path) -> None:
    (new_york / "content/incidents/2026-11-22-database-upgrade.md").write_text(
        "---\ntitle: Database upgrade\nscheduled_for: 2026-11-01 03:00\n"
        "scheduled_until: 2026-11-01 04:00\ncomponents: [api]\n---\n"
    )

    listed = run(new_york, "incidents", "--now", "2026-11-01 00:30")

    (line,) = [row for row in listed.output.splitlines() if "database-upgrade" in row]
    assert ["2026-11-22-database-upgrade", "scheduled", "in", "3h", "30m"] == line.split()[:5]


def test_incidents_help_says_its_clock_lists_and_writes_nothing(site: Path) -> None:
    text = " ".join(run(site, "incidents", "--help").output.split())

    assert "--now WHEN List as if it were this moment" in text
    assert "Write" not in text


# --- safety ------------------------------------------------------------------------------


def test_a_file_changed_while_editing_is_not_overwritten(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = site / "content/incidents/2026-11-22-card-payments.md"
    real_read = save_module._read

    def someone_saves_meanwhile(target: Path) -> bytes | None:
        path.write_text("---\ntitle: Mine\nstatus: investigating\n---\nMy unsaved work\n")
        return real_read(target)

    monkeypatch.setattr(save_module, "_read", someone_saves_meanwhile)

    result = run(site, "update", "card", "--status", "identified", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert "changed on disk while statusgen was editing it" in result.output
    assert "My unsaved work\n" in path.read_text()
    assert [] == [p.name for p in path.parent.iterdir() if p.name.startswith(".")]


# A message far larger than the files the commands may write in the test below.
LONG_MESSAGE = "Still looking. " * 2000


@pytest.mark.parametrize(
    "args",
    [
        ["new", "incident", "Card errors", "-c", "api=major_outage", "-m", LONG_MESSAGE],
        ["update", "card", "-m", LONG_MESSAGE],
        ["resolve", "card", "-m", LONG_MESSAGE],
    ],
)
def test_a_write_the_file_system_refuses_is_a_diagnostic_and_changes_no_file(
    site: Path, args: list[str]
) -> None:
    before = snapshot(site / "content")

    done = statusgen_refused_writes(site, *args, "--now", NOW, limit=16 * 1024)

    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write the file: {os.strerror(errno.EFBIG)}; nothing was written" in done.stderr
    assert "hint: the file is larger than the file-size limit (ulimit -f) allows" in done.stderr
    # The incident as it was, and no temp file beside it.
    assert before == snapshot(site / "content")


def test_an_incident_kept_through_a_link_is_written_where_the_link_leads(site: Path) -> None:
    # Replaced by a file of its own, the link left the archived incident without the
    # update, and the next checkout (the link again) published it without it.
    path = site / "content" / "incidents" / "2026-11-22-card-payments.md"
    archived = site / "archive" / "card-payments.md"
    archived.parent.mkdir()
    path.rename(archived)
    archived.chmod(0o640)
    path.symlink_to(Path("..", "..", "archive", "card-payments.md"))

    result = run(site, "update", "card", "--status", "identified", "-m", "Found.", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert path.is_symlink() and archived == path.resolve()
    assert archived.read_bytes().endswith(
        b"## Identified at 2026-11-22 19:41 +01:00\r\n\r\nFound.\r\n"
    )
    assert 0o640 == archived.stat().st_mode & 0o777
    assert ["card-payments.md"] == [p.name for p in archived.parent.iterdir()]


def test_the_editor_supplies_the_message_on_a_terminal(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "open(path, 'w').write('# Cause found\\n\\nA bad deploy.\\n' + text)\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setattr(cli_module, "interactive", lambda: True)

    result = run(site, "update", "card", "--status", "identified", "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-22-card-payments.md")
    assert text.endswith(
        "## Identified at 2026-11-22 19:41 +01:00\r\n\r\n# Cause found\r\n\r\nA bad deploy.\r\n"
    )


def epoch(moment: str) -> str:
    """SOURCE_DATE_EPOCH for the ISO 8601 `moment`: a clock a test can move."""
    return str(int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp()))


@pytest.mark.parametrize(
    ("command", "written"),
    [
        (["update", "card", "--status", "identified"], "## Identified at 2026-11-22 19:45 +01:00"),
        (["resolve", "card"], "## Resolved at 2026-11-22 19:45 +01:00"),
        (["new", "incident", "Login down"], "## Investigating at 2026-11-22 19:45 +01:00"),
    ],
)
def test_what_is_written_in_the_editor_is_dated_when_it_is_posted(
    site: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], written: str
) -> None:
    """docs/authoring.md: updates are stamped with the current time. The author spends
    minutes in the editor while a teammate posts an update: what they write is dated when
    the editor closes, after the teammate's, not refused as dated before it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-22T18:41Z"))
    monkeypatch.setattr(cli_module, "interactive", lambda: True)

    def writing(text: str, **_: object) -> str:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-22T18:43Z"))
        teammate = run(site, "update", "card", "-m", "Teammate: still failing.")
        assert 0 == teammate.exit_code, teammate.output
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-22T18:45Z"))
        return "Written over four minutes.\n" + text

    monkeypatch.setattr(cli_module.click, "edit", writing)

    result = run(site, *command)

    assert 0 == result.exit_code, result.output
    path = next(
        p for p in sorted((site / "content/incidents").iterdir()) if "Written over" in p.read_text()
    )
    assert f"{written}\n\nWritten over four minutes.\n" in path.read_text().replace("\r\n", "\n")


def test_resolve_on_a_terminal_offers_the_standard_sentence_to_edit(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "keep.py"
    editor.write_text("pass\n")  # the author saves the text as offered
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setattr(cli_module, "interactive", lambda: True)

    result = run(site, "resolve", "database", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert incident_file(site, "2026-11-22-database-upgrade.md").endswith(
        "## Completed at 2026-11-22 19:41 +01:00\n\nThe scheduled maintenance has been completed.\n"
    )


def test_an_empty_message_from_the_editor_cancels(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "empty.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'w').write('')\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    before = snapshot(site)

    result = run(site, "new", "incident", "Something", "--now", NOW)

    assert 1 == result.exit_code
    assert "Empty message: nothing was written." in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("variable", "editor", "said"),
    [
        ("EDITOR", "/bin/false", "the editor '/bin/false' (from $EDITOR) failed"),
        ("EDITOR", "no-such-editor --wait", "the editor 'no-such-editor --wait' (from $EDITOR)"),
        ("VISUAL", "no-such-editor", "the editor 'no-such-editor' (from $VISUAL)"),
    ],
)
@pytest.mark.parametrize(
    "command", [["update", "card"], ["new", "incident", "Outage"], ["resolve", "card"]]
)
def test_an_editor_that_fails_is_told_with_how_to_give_the_message(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    variable: str,
    editor: str,
    said: str,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv(variable, editor)
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    before = snapshot(site)

    result = run(site, *command, "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert said in result.stderr
    assert "nothing was written" in result.stderr
    assert f"hint: give the message with -m MESSAGE, or set {variable}" in result.stderr
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("command", "what"),
    [(["update", "card"], "the update"), (["new", "incident", "Outage"], "the first update")],
)
@pytest.mark.parametrize(
    "messages",
    [[""], ["  ", ""], ["&#1;"], ["&#x1B;", " \x01"]],
    ids=["empty", "blank", "a-dropped-reference", "only-dropped-text"],
)
def test_an_empty_message_option_is_told_it_is_empty(
    site: Path, command: list[str], what: str, messages: list[str]
) -> None:
    # Empty as it would be written: a reference to a character no feed can carry is
    # dropped, and `-m "&#1;"` wrote an update with no message, saying it was added.
    before = snapshot(site)

    result = run(site, *command, *(w for m in messages for w in ("-m", m)), "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert "the message given with -m is empty" in result.output
    assert f"hint: write {what} after -m" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    "command",
    [
        ["resolve", "card", "-m", "--commit"],
        ["update", "card", "-m", "--commit"],
        ["update", "card", "-m", "--again"],
        ["update", "card", "--message=--commit"],
        ["update", "card", "-m--commit"],
        ["new", "incident", "Outage", "-c", "api", "-m", "--commit"],
        ["new", "incident", "Outage", "-m", "-c", "api"],
    ],
)
def test_an_option_typed_right_after_m_is_not_published_as_the_message(
    site: Path, command: list[str]
) -> None:
    # The option meant was never run either: `resolve x -m --commit` resolved with the
    # text "--commit" on every page, feed and API, and committed nothing.
    before = snapshot(site)

    result = run(site, *command, "--now", NOW)

    assert 2 == result.exit_code, result.output
    value = (
        next(
            (w.partition("=")[2] or w[2:] for w in command if w.startswith(("-m-", "--message="))),
            None,
        )
        or command[command.index("-m") + 1]
    )
    assert f"takes the message; `{value}` is an option of this command" in result.output
    assert "hint: put the message after " in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("typed", "example"),
    [
        ("--status", "-m 'Fixed.' --status identified"),
        ("-c", "-m 'Fixed.' -c api=major_outage"),
        ("--again", "-m 'Fixed.' --again"),
        ("--help", "-m 'Fixed.', and see `"),
        ("-h", "-m 'Fixed.', and see `"),
    ],
)
def test_the_message_put_back_as_the_refusal_says_is_written(
    site: Path, typed: str, example: str
) -> None:
    # The hint's example ended with the option alone: `-m 'Fixed.' --status` failed again
    # (--status needs a value), and `-m 'Fixed.' --help` printed help and wrote nothing.
    refused = run(site, "update", "card", "-m", typed, "--now", NOW)
    assert f"hint: put the message after -m, e.g. {example}" in refused.output
    assert ("update --help`; " in refused.output) == example.endswith("`")
    words = shlex.split(example.partition(",")[0])

    result = run(site, "update", "card", *words, "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert "\r\nFixed.\r\n" in incident_file(site, "2026-11-22-card-payments.md")


@pytest.mark.parametrize("typed", [["-m", "--commit"], ["-m--commit"], ["--message=--commit"]])
def test_the_text_of_an_option_is_posted_as_the_refusal_says(site: Path, typed: list[str]) -> None:
    # The refusal left no way to post such text on purpose: its hint pipes it to `-m -`.
    refused = run(site, "update", "card", *typed, "--now", NOW)
    hint = refused.output.split("to post the text --commit itself, give it on standard input: ")
    assert 2 == len(hint), refused.output
    piped, _, line = hint[1].splitlines()[0].partition(" | ")
    assert "printf '%s\\n' --commit" == piped
    words = shlex.split(line)[1:]  # the program as run here

    result = CliRunner().invoke(cli, words, input="--commit\n")

    assert 0 == result.exit_code, result.output
    assert "\r\n--commit\r\n" in incident_file(site, "2026-11-22-card-payments.md")


@pytest.mark.parametrize(
    "command",
    [["update", "card"], ["new", "incident", "API slow", "-c", "api"]],
    ids=["update", "new incident"],
)
def test_an_option_taken_by_m_keeps_its_value_in_the_lines_offered(
    site: Path, command: list[str]
) -> None:
    # `-m --now 2026-…` offered `… -m - 2026-…` (the option dropped, its value left over,
    # refused again) and an example with another time, 12:00, than the one typed.
    refused = run(site, *command, "-m", "--now", "2026-11-22T19:00:00Z")
    assert 2 == refused.exit_code, refused.output
    assert "e.g. -m 'Fixed.' --now 2026-11-22T19:00:00Z;" in refused.output
    hint = refused.output.split("to post the text --now itself, give it on standard input: ")
    assert 2 == len(hint), refused.output
    line = shlex.split(hint[1].splitlines()[0].partition(" | ")[2])[1:]
    assert ["-m", "-", "--now", "2026-11-22T19:00:00Z"] == line[-4:]

    result = CliRunner().invoke(cli, line, input="--now\n")

    assert 0 == result.exit_code, result.output


@pytest.mark.parametrize(
    ("typed", "said", "example"),
    [
        (["-m", "--status=identified"], "reads as the option --status", "--status=identified"),
        (["-m", "--comit"], "reads as the option --commit", "--commit"),
        (["-m", "--commits"], "reads as the option --commit", "--commit"),
        (["-m", "--commi"], "reads as the option --commit", "--commit"),
        (["-m=--commit"], "reads as the option --commit", "--commit"),
        (["--message=--stat"], "reads as the option --status", "--status identified"),
        (["-m", "--", "--commit"], "is no message: it ends the options", ""),
    ],
)
def test_a_message_that_reads_as_an_option_is_refused(
    site: Path, typed: list[str], said: str, example: str
) -> None:
    # Each was posted as the update's public text ("--comit", "=--commit", "--"), and
    # `-m -- --commit` committed it too; only the option spelled exactly was refused.
    before = snapshot(site)

    result = run(site, "update", "card", *typed, "--now", NOW)

    assert 2 == result.exit_code, result.output
    spelled, _, value = typed[0].partition("=") if "--message=" in typed[0] else ("-m", "", "")
    value = value or (typed[1] if typed[0] == "-m" else typed[0][2:])  # `-m=--commit`: `=--commit`
    assert f"takes the message; `{value}` {said}" in result.output
    put_back = f"{spelled} 'Fixed.' {example}".rstrip()
    assert f"hint: put the message after {spelled}, e.g. {put_back};" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize("message", ["- item", "--- text", "-", "--verbose", "-- see below"])
def test_a_message_merely_starting_with_a_dash_is_written(site: Path, message: str) -> None:
    result = run(site, "update", "card", "-m", message, "--now", NOW, input="From stdin.")

    assert 0 == result.exit_code, result.output
    written = "From stdin." if message == "-" else message
    assert f"\r\n{written}\r\n" in incident_file(site, "2026-11-22-card-payments.md")


@pytest.mark.parametrize(
    ("command", "message", "hint"),
    [
        (
            ["update", "card", "-c", "-m", "x"],
            "-c took '-m' as its value",
            "hint: give -c a value, e.g. -c api=major_outage",
        ),
        (
            ["update", "card", "--status", "-m", "x"],
            "--status took '-m' as its value",
            "hint: give --status a value, e.g. --status identified",
        ),
        (
            ["new", "incident", "Outage", "--impact", "-c", "api", "-m", "x"],
            "--impact took '-c' as its value",
            "hint: give --impact a value, e.g. --impact major",
        ),
    ],
)
def test_an_option_taken_as_the_value_of_the_one_before_it_is_named(
    site: Path, command: list[str], message: str, hint: str
) -> None:
    # Said only "Got unexpected extra argument (x)": the -m was swallowed by -c.
    before = snapshot(site)

    result = run(site, *command, "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert message in result.output
    assert hint in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (
            "--status",
            "hint: give --status a value, e.g. --status identified (one of investigating, "
            "identified, monitoring, resolved, postmortem for an incident;",
        ),
        ("-c", "hint: give -c a value, e.g. -c api=major_outage (a component id, or id=STATUS"),
        ("--impact", "hint: give --impact a value, e.g. --impact major (one of none, minor,"),
        ("--now", "hint: give --now a value, e.g. --now 2026-12-01T12:00:00Z (ISO 8601"),
        ("-m", "hint: put the message after -m, e.g. -m 'Fixed.'"),
    ],
    ids=["status", "component", "impact", "now", "message"],
)
def test_an_option_given_last_without_its_value_is_told_the_values_it_takes(
    site: Path, option: str, hint: str
) -> None:
    # `update x -c api -m Identified --status` got click's bare "requires an argument",
    # where `--status -m x` was told what to give.
    before = snapshot(site)

    result = run(site, "update", "card", "-c", "api", "-m", "Identified", option)

    assert 2 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert f"Error: {option} is the last word, with no value after it" in said
    assert hint in said
    assert before == snapshot(site)


@pytest.mark.parametrize("message", ["", "&#1;"], ids=["empty", "a-dropped-reference"])
@pytest.mark.parametrize(
    ("command", "path", "sentence"),
    [
        (["resolve", "card"], "2026-11-22-card-payments.md", "This incident has been resolved."),
        (
            ["new", "maintenance", "Up", "--start", "in 1h", "--end", "in 2h"],
            "2026-11-22-up.md",
            "This maintenance has been scheduled.",
        ),
    ],
    ids=["resolve", "new-maintenance"],
)
def test_an_empty_message_option_gives_the_standard_sentence(
    site: Path, command: list[str], path: str, sentence: str, message: str
) -> None:
    # `-m "&#1;"` is empty once its reference is dropped: it wrote a bare heading.
    result = run(site, *command, "-m", message, "--now", NOW)

    assert 0 == result.exit_code, result.output
    text = incident_file(site, path).replace("\r\n", "\n")
    assert text.endswith(f" +01:00\n\n{sentence}\n")
    assert_site_checks_clean(site)


@pytest.mark.parametrize(
    ("command", "path"),
    [
        (["update", "card"], "2026-11-22-card-payments.md"),
        (["new", "incident", "Outage"], "2026-11-22-outage.md"),
        (["resolve", "card"], "2026-11-22-card-payments.md"),
        (["new", "maintenance", "Up", "--start", "in 1h", "--end", "in 2h"], "2026-11-22-up.md"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_a_message_of_a_dash_is_read_from_standard_input(
    site: Path, command: list[str], path: str
) -> None:
    result = run(site, *command, "-m", "-", "--now", NOW, input="Rolled back.\n\nAll fine.\n")

    assert 0 == result.exit_code, result.output
    text = incident_file(site, path).replace("\r\n", "\n")
    assert text.endswith(" +01:00\n\nRolled back.\n\nAll fine.\n")


@pytest.mark.parametrize(
    ("command", "what"),
    [(["update", "card"], "the update"), (["new", "incident", "Outage"], "the first update")],
)
def test_an_empty_standard_input_for_a_dash_is_told_as_such(
    site: Path, command: list[str], what: str
) -> None:
    # Said "the message given with -m is empty", hinting to write it after -m, which the
    # author had meant to pipe in.
    before = snapshot(site)

    result = run(site, *command, "-m", "-", "--now", NOW, input="")

    assert 2 == result.exit_code, result.output
    assert "standard input was empty (-m - reads the message from it)" in result.output
    assert f"hint: pipe {what} in, or write it after -m" in result.output
    assert "the message given with -m is empty" not in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["new", "incident", "Caf\udce9 payments down", "-m", "Looking."], "'TITLE'"),
        (["new", "incident", "Outage", "-m", "Le caf\udce9 est ferm\udce9."], "'-m' / '--message'"),
        (["update", "card", "-m", "Fixed.", "-m", "ferm\udce9"], "'-m' / '--message'"),
        (["resolve", "card", "-m", "Ferm\udce9."], "'-m' / '--message'"),
        (["new", "maintenance", "Caf\udce9", "--start", "in 1h", "--end", "in 2h"], "'TITLE'"),
    ],
    ids=["title", "new-message", "update-message", "resolve-message", "maintenance-title"],
)
def test_an_argument_that_is_not_utf8_is_refused_as_standard_input_is(
    site: Path, args: list[str], named: str
) -> None:
    # A script saved in Latin-1 passes `Caf\xe9`; Python hands the byte over as a lone
    # surrogate, which was dropped: "Caf payments down" was published without a word.
    before = snapshot(site)

    result = run(site, *args, "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert f"Invalid value for {named}: not UTF-8 text" in result.output
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["resolve", "card"], 0, "Resolved content/incidents/2026-11-22-card-payments.md"),
        (["update", "card"], 2, "give the update with -m MESSAGE"),
        (["new", "incident", "X"], 2, "give the first update with -m MESSAGE"),
        (
            ["new", "maintenance", "Up", "--start", "tomorrow 2am", "--end", "tomorrow 3am"],
            0,
            "Scheduled content/incidents/2026-11-23-up.md",
        ),
        (["ingest", "generic", "-"], 2, "standard input was empty"),
    ],
)
def test_a_closed_standard_input_is_no_terminal_as_dev_null_is(
    site: Path, args: list[str], code: int, said: str
) -> None:
    # Some cron and daemon setups start commands with standard input closed (`<&-`).
    result = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(site), *args, "--now", NOW],
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert code == result.returncode, result.stderr
    assert "Traceback" not in result.stderr
    assert said in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "path", "written"),
    [
        (
            ["new", "incident", "Closed out", "-c", "api", "-m", "Looking."],
            "content/incidents/2026-11-22-closed-out.md",
            "Looking.",
        ),
        (
            ["update", "card-payments", "-m", "Still looking."],
            "content/incidents/2026-11-22-card-payments.md",
            "Still looking.",
        ),
        (
            ["resolve", "card-payments"],
            "content/incidents/2026-11-22-card-payments.md",
            "## Resolved at 2026-11-22 19:41",
        ),
        (["build"], "public/status.json", '"status"'),
    ],
)
def test_a_closed_standard_output_is_said_once_the_work_is_done(
    site: Path, args: list[str], path: str, written: str
) -> None:
    """With standard output closed (`>&-`) the command does its work; the line saying so
    has nowhere to go, which is said as any output that cannot be written is (exit 1),
    never dropped without a word."""
    result = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(site), *args, "--now", NOW],
        preexec_fn=lambda: os.close(1),
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )

    assert 1 == result.returncode, result.stderr
    assert result.stderr.startswith("<stdout>: cannot write the output: "), result.stderr
    assert "hint: it is closed (`>&-`)" in result.stderr
    assert "Traceback" not in result.stderr
    assert written in (site / path).read_text()


# --- --commit ----------------------------------------------------------------------------

requires_git = pytest.mark.skipif(
    shutil.which("git") is None and os.environ.get("CI") != "true", reason="needs git"
)


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "Ops",
        "GIT_AUTHOR_EMAIL": "ops@example.com",
        "GIT_COMMITTER_NAME": "Ops",
        "GIT_COMMITTER_EMAIL": "ops@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "Ops",
        "GIT_AUTHOR_EMAIL": "ops@example.com",
        "GIT_COMMITTER_NAME": "Ops",
        "GIT_COMMITTER_EMAIL": "ops@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "add", ".")
    git(site, "commit", "--quiet", "-m", "Start")
    # Work in progress the author has staged must stay out of the commit.
    (site / "statusgen.yaml").write_text(SETTINGS + "description: Draft\n")
    git(site, "add", "statusgen.yaml")
    return site


def last_commit(root: Path) -> tuple[str, list[str]]:
    message = git(root, "log", "-1", "--format=%B").strip()
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    return message, files


@requires_git
def test_commit_opens_an_incident_in_its_own_commit(repo: Path) -> None:
    result = run(
        repo, "new", "incident", "Checkout down", "-c", "checkout=major_outage",
        "-m", "Down.", "--commit", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Committed " in result.output
    assert ("Open incident: Checkout down", ["content/incidents/2026-11-22-checkout-down.md"]) == (
        last_commit(repo)
    )
    assert "M  statusgen.yaml" in git(repo, "status", "--short")


@requires_git
def test_commit_is_made_when_the_reader_of_the_output_is_gone(repo: Path) -> None:
    # `statusgen new incident ... --commit | true` in a script: the reader is gone before
    # the first line; the file must still be committed, not left written and unsaid.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [
                sys.executable, "-m", "statusgen", "-C", str(repo), "new", "incident",
                "Checkout down", "-c", "checkout=major_outage", "-m", "Down.", "--commit",
                "--now", NOW,
            ],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )  # fmt: skip
    finally:
        os.close(writer)

    assert 141 == result.returncode, result.stderr
    assert "" == result.stderr
    assert ("Open incident: Checkout down", ["content/incidents/2026-11-22-checkout-down.md"]) == (
        last_commit(repo)
    )


@requires_git
def test_commit_message_carries_a_hostile_title_literally(repo: Path) -> None:
    title = "Fix $(touch pwned) `id` \"quoted\" 'single'; rm -rf / && echo #1"
    result = run(
        repo, "new", "incident", title, "-c", "checkout=major_outage",
        "-m", "Down.", "--commit", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    message, files = last_commit(repo)
    assert f"Open incident: {title}" == message
    assert 1 == len(files)
    assert not (repo / "pwned").exists()


@requires_git
def test_commit_message_leaves_out_a_secret_in_the_title(repo: Path) -> None:
    # The commit is pushed and the Incident workflow's log shows the output: a password
    # in either is in the repository's history or the run's page for good.
    title = "DB down https://admin:hunter2pass@grafana.internal/d/1"
    hidden = "DB down https://admin:***@grafana.internal/d/1"
    opened = run(
        repo, "new", "incident", title, "-c", "checkout=major_outage",
        "-m", "Down.", "--commit", "--now", NOW,
    )  # fmt: skip
    resolved = run(repo, "resolve", "db-down", "--commit", "--now", NOW)

    assert 0 == opened.exit_code, opened.output
    assert 0 == resolved.exit_code, resolved.output
    subjects = git(repo, "log", "-2", "--format=%s").splitlines()
    assert [f"Resolve incident: {hidden}", f"Open incident: {hidden}"] == subjects
    assert "hunter2pass" not in opened.output + resolved.output
    # Still warned of, with the line to fix.
    assert "content/incidents/2026-11-22-db-down.md:2:" in opened.output


@requires_git
def test_commit_message_leaves_out_both_halves_of_an_aws_key_pair(repo: Path) -> None:
    # The secret access key is what the key id is of use with: left in the subject, it is
    # in the repository's history for good.
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzKEY1234"
    title = f"Pair AKIA{'QWERTYUIOPASDFGH'} {secret}"
    opened = run(
        repo, "new", "incident", title, "-c", "api=major_outage", "-m", "x", "--commit",
        "--now", NOW,
    )  # fmt: skip

    assert 0 == opened.exit_code, opened.output
    assert ["Open incident: Pair REDACTED REDACTED"] == git(
        repo, "log", "-1", "--format=%s"
    ).splitlines()
    assert secret not in opened.output


@requires_git
def test_commit_records_updates_and_resolution(repo: Path) -> None:
    card = "content/incidents/2026-11-22-card-payments.md"

    updated = run(
        repo, "update", "card", "--status", "identified", "-m", "Found.", "--commit", "--now", NOW
    )
    assert 0 == updated.exit_code, updated.output
    assert ("Update incident 2026-11-22-card-payments: identified", [card]) == last_commit(repo)

    resolved = run(repo, "resolve", "card", "--commit", "--now", NOW)
    assert 0 == resolved.exit_code, resolved.output
    assert ("Resolve incident: Card payments failing", [card]) == last_commit(repo)
    assert "" == git(repo, "status", "--short", "--", card)


@requires_git
def test_every_commit_message_the_commands_write_is_one_the_docs_list(repo: Path) -> None:
    docs = " ".join((CHECKOUT / "docs" / "authoring.md").read_text().split())
    steps = [
        (["new", "incident", "Checkout down", "-c", "checkout=major_outage", "-m", "Down."],
         "Open incident: <title>", "Open incident: Checkout down"),
        (["update", "checkout-down", "--status", "identified", "-m", "Found."],
         "Update incident <slug>: <state>", "Update incident 2026-11-22-checkout-down: identified"),
        (["resolve", "checkout-down"],
         "Resolve incident: <title>", "Resolve incident: Checkout down"),
        (["new", "maintenance", "Network", "--start", "tomorrow 02:00", "--end",
          "tomorrow 04:30", "-c", "api"],
         "Schedule maintenance: <title>", "Schedule maintenance: Network"),
        (["update", "network", "-m", "Still on."],
         "Update maintenance <slug>: <state>", "Update maintenance 2026-11-23-network: scheduled"),
        (["resolve", "network"],  # before its start: called off
         "Call off maintenance: <title>", "Call off maintenance: Network"),
        (["resolve", "database"],  # in progress since 19:00
         "Complete maintenance: <title>", "Complete maintenance: Database upgrade"),
    ]  # fmt: skip
    for args, listed, subject in steps:
        result = run(repo, *args, "--commit", "--now", NOW)
        assert 0 == result.exit_code, result.output
        assert subject == git(repo, "log", "-1", "--format=%s").strip()
        assert f"`{listed}`" in docs


@requires_git
def test_commit_output_shows_a_titles_terminal_controls_instead_of_sending_them(
    repo: Path,
) -> None:
    card = repo / "content/incidents/2026-11-22-card-payments.md"
    # A screen clear and a clipboard write (C1 CSI and OSC) and a direction override.
    card.write_text(
        card.read_text().replace(
            "title: 'Card payments failing'", 'title: "\\x9b2J\\x9d52;c;eA==\\x9c\\u202eX"'
        ),
    )
    git(repo, "add", str(card))
    git(repo, "commit", "--quiet", "-m", "Hostile title")
    result = run(repo, "resolve", "card", "--commit", "--now", NOW, color=True)
    assert 0 == result.exit_code, result.output
    assert "Resolve incident: \\x9b2J\\x9d52;c;eA==\\x9c\\u202eX" in result.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", result.output)


def refusing_hook(repo: Path) -> None:
    """A pre-commit hook that refuses every commit, saying so on two lines."""
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'line one of the hook'\necho 'line two'\nexit 1\n")
    hook.chmod(0o755)


@requires_git
def test_a_failed_commit_shows_what_git_said_line_by_line(repo: Path) -> None:
    refusing_hook(repo)

    result = run(repo, "resolve", "card", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code
    assert "`git commit` failed: line one of the hook / line two" in result.output
    assert "\\x0a" not in result.output


@requires_git
def test_a_failed_commit_says_the_file_was_written_as_without_commit(repo: Path) -> None:
    refusing_hook(repo)
    card = "content/incidents/2026-11-22-card-payments.md"

    result = run(repo, "resolve", "card", "--commit", "--now", NOW)

    # The line a plain `resolve` prints, then the commit's problem; an exit status of its
    # own, for scripts to tell this from a mistake that wrote nothing (1).
    assert NOT_COMMITTED == result.exit_code
    lines = result.output.splitlines()
    assert f"Resolved {card}: resolved" == lines[0]
    assert f"{card}: written and staged, but not committed: `git commit` failed:" in lines[1]
    assert "status: resolved" in incident_file(repo, "2026-11-22-card-payments.md")
    assert f"M  {card}" in git(repo, "status", "--short")


def run_with_lost_output(repo: Path, output: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run statusgen in `repo` as a script does, its standard output taking no line:
    closed (`>&-`), a full disk (`>/dev/full`) or a pipe whose reader is gone (`| head -0`)."""
    command = [sys.executable, "-m", "statusgen", "-C", str(repo), *args]
    if output == "closed":
        return subprocess.run(
            command, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, text=True, timeout=60
        )
    if output == "full":
        with open("/dev/full", "w") as full:
            return subprocess.run(
                command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
            )
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writer)


@requires_git
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output", ["closed", "full", "reader gone"])
def test_a_failed_commit_is_told_when_standard_output_takes_nothing(
    repo: Path, output: str
) -> None:
    # `statusgen update ... --commit >&-` in a cron line: the lines saying what was done
    # are lost, the refused commit must not be, and its exit status wins over 1 and 141.
    refusing_hook(repo)
    card = "content/incidents/2026-11-22-card-payments.md"

    result = run_with_lost_output(
        repo, output, "update", "card", "-m", "Still.", "--commit", "--now", NOW
    )

    assert NOT_COMMITTED == result.returncode, result.stderr
    assert f"{card}: written and staged, but not committed: `git commit` failed:" in (result.stderr)
    assert "line one of the hook / line two" in result.stderr
    assert result.stderr.endswith("The file is written, but not committed.\n")
    assert "Traceback" not in result.stderr
    assert f"M  {card}" in git(repo, "status", "--short")


@requires_git
@pytest.mark.parametrize(
    "args",
    [
        ["new", "incident", "Checkout down", "-c", "checkout=major_outage", "-m", "Down."],
        ["resolve", "card"],
    ],
    ids=["new", "resolve"],
)
def test_every_command_that_commits_tells_a_failed_commit_to_a_closed_pipe(
    repo: Path, args: list[str]
) -> None:
    refusing_hook(repo)

    result = run_with_lost_output(repo, "reader gone", *args, "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.returncode, result.stderr
    assert "but not committed: `git commit` failed: line one of the hook" in result.stderr


@requires_git
def test_a_commit_git_cannot_stage_says_the_file_is_not_staged(repo: Path) -> None:
    # A git command that crashed leaves its lock: `git add` then fails.
    (repo / ".git/index.lock").write_text("")
    card = "content/incidents/2026-11-22-card-payments.md"

    result = run(repo, "resolve", "card", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code
    assert f"Resolved {card}: resolved" == result.output.splitlines()[0]
    assert f"{card}: written, but neither staged nor committed: `git add` failed:" in (
        result.output
    )
    assert f" M {card}" in git(repo, "status", "--short")


@requires_git
def test_a_failed_commit_names_the_file_from_where_the_user_stands(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The site is a folder of a larger repository, and the user works in the site.
    repo = site.parent
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Start")
    refusing_hook(repo)
    monkeypatch.chdir(site)

    result = CliRunner().invoke(cli, ["resolve", "card", "--commit", "--now", NOW])

    assert NOT_COMMITTED == result.exit_code, result.output
    card = "content/incidents/2026-11-22-card-payments.md"
    assert f"Resolved {card}: resolved" == result.output.splitlines()[0]
    assert f"\n{card}: written and staged, but not committed" in result.output


def test_commit_without_git_says_nothing_was_written(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    before = snapshot(site)

    result = run(site, "resolve", "card", "--commit", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert "git is not installed" in result.output
    assert "hint: nothing was written; install git, or leave out --commit" in result.output
    assert before == snapshot(site)


def stopped_at_a_conflict(repo: Path, operation: str) -> None:
    """Leave a merge, cherry-pick or revert stopped at a conflict in a file of the
    repository that is no part of the site, as a person's other work would."""
    notes = repo / "notes.txt"
    for text in ("one\n", "two\n"):
        notes.write_text(text)
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "-m", f"Notes: {text.strip()}")
    if operation == "revert":  # undoing "two" conflicts with the "three" after it
        notes.write_text("three\n")
        git(repo, "commit", "--quiet", "--all", "-m", "Notes: three")
        target = "HEAD~1"
    else:  # "three" on a branch from "one" conflicts with "two"
        git(repo, "switch", "--quiet", "--create", "other", "HEAD~1")
        notes.write_text("three\n")
        git(repo, "commit", "--quiet", "--all", "-m", "Notes: three")
        git(repo, "switch", "--quiet", "main")
        target = "other"
    stopped = subprocess.run(
        ["git", operation, target],
        cwd=repo,
        env={**os.environ, "GIT_EDITOR": "true"},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert 0 != stopped.returncode, stopped.stdout
    assert "notes.txt" in git(repo, "diff", "--name-only", "--diff-filter=U")


@requires_git
@pytest.mark.parametrize("operation", ["merge", "cherry-pick", "revert"])
@pytest.mark.parametrize(
    ("command", "card"),
    [
        (["new", "incident", "Payments down", "-c", "api=major_outage"], "payments-down"),
        (["update", "card"], "card-payments"),
    ],
)
def test_a_commit_during_a_stopped_merge_leaves_the_file_for_its_abort_to_keep(
    repo: Path, operation: str, command: list[str], card: str
) -> None:
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    stopped_at_a_conflict(repo, operation)
    path = f"content/incidents/2026-11-22-{card}.md"

    result = run(repo, *command, "-m", "Looking into it.", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code, result.output
    assert result.output.startswith(("Opened ", "Updated ")), result.output
    assert f"{path}: written, but neither staged nor committed: a {operation} is in" in (
        result.output
    )
    assert f"git {operation} --abort" in result.output
    # Never staged, so aborting it leaves the file as it is.
    assert path not in git(repo, "diff", "--cached", "--name-only")
    git(repo, operation, "--abort")
    assert "Looking into it." in incident_file(repo, Path(path).name)


@requires_git
def test_an_update_during_a_merge_that_changed_the_file_offers_no_abort_that_fails(
    repo: Path,
) -> None:
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    card = repo / "content/incidents/2026-11-22-card-payments.md"
    git(repo, "switch", "--quiet", "--create", "other")
    done = run(repo, "update", "card", "-m", "From the other branch.", "--commit", "--now", NOW)
    assert 0 == done.exit_code, done.output
    (repo / "notes.txt").write_text("other\n")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "--quiet", "-m", "Notes: other")
    git(repo, "switch", "--quiet", "main")
    (repo / "notes.txt").write_text("main\n")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "--quiet", "-m", "Notes: main")
    merged = subprocess.run(["git", "merge", "other"], cwd=repo, capture_output=True, check=False)
    assert 0 != merged.returncode

    result = run(repo, "update", "card", "-m", "During the merge.", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code, result.output
    # `git merge --abort` refuses a file the merge changed and the command changed again.
    assert "leaves the file as it is" not in result.output
    assert "the merge changed this file too" in result.output
    assert "hint: finish the merge (`git merge --continue`), then `git add`" in result.output
    # The hint, followed: both updates end up committed.
    (repo / "notes.txt").write_text("both\n")
    git(repo, "add", "notes.txt")
    git(repo, "-c", "core.editor=true", "merge", "--continue")
    git(repo, "add", str(card))
    git(repo, "commit", "--quiet", "-m", "Update")
    text = git(repo, "show", f"HEAD:{card.relative_to(repo)}")
    assert "From the other branch." in text
    assert "During the merge." in text


@requires_git
@pytest.mark.parametrize("move", [["git", "mv"], ["mv"]], ids=["git-mv", "mv"])
def test_resolving_a_renamed_incident_commits_the_old_name_gone(
    repo: Path, move: list[str]
) -> None:
    old = "content/incidents/2026-11-22-card-payments.md"
    new = "content/incidents/2026-11-22-card-outage.md"
    subprocess.run([*move, old, new], cwd=repo, check=True, timeout=60)

    result = run(repo, "resolve", "card-outage", "-m", "Fixed.", "--commit", "--now", NOW)

    assert 0 == result.exit_code, result.output
    # The commit, which CI publishes, holds the incident once: resolved, under its new name.
    committed = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "content/incidents")
    assert old not in committed.split()
    assert "Fixed." in git(repo, "show", f"HEAD:{new}")
    assert sorted([old, new]) == sorted(
        git(repo, "show", "--no-renames", "--name-only", "--format=", "HEAD").split()
    )
    # What else the author staged stays staged and out of the commit.
    assert "statusgen.yaml" == git(repo, "diff", "--cached", "--name-only").strip()


@requires_git
def test_a_commit_on_a_detached_head_says_it_is_on_no_branch(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "--detach")

    result = run(repo, "resolve", "card", "--commit", "--now", NOW)

    assert 0 == result.exit_code, result.output
    assert "warning: HEAD is detached" in result.output
    # Kept on a branch of its own, the next commit has nothing to warn about.
    git(repo, "switch", "--quiet", "--create", "kept")
    on_branch = run(repo, "update", "card", "-m", "More.", "--commit", "--now", NOW)
    assert 0 == on_branch.exit_code, on_branch.output
    assert "Committed " in on_branch.output
    assert "warning: HEAD is detached" not in on_branch.output


def rebase_stopped_at_a_conflict(root: Path) -> None:
    """Leave a rebase of the branch checked out at `root` stopped at a conflict in a file
    that is no part of the site."""
    notes = root / "notes.txt"
    start = git(root, "rev-parse", "HEAD").strip()
    branch = git(root, "symbolic-ref", "--short", "HEAD").strip()
    notes.write_text("mine\n")
    git(root, "add", "notes.txt")
    git(root, "commit", "--quiet", "-m", "Notes: mine")
    git(root, "switch", "--quiet", "--create", f"theirs-{root.name}", start)
    notes.write_text("theirs\n")
    git(root, "add", "notes.txt")
    git(root, "commit", "--quiet", "-m", "Notes: theirs")
    git(root, "switch", "--quiet", branch)
    stopped = subprocess.run(
        ["git", "rebase", f"theirs-{root.name}"],
        cwd=root,
        env={**os.environ, "GIT_EDITOR": "true"},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert 0 != stopped.returncode, stopped.stdout


@requires_git
@pytest.mark.parametrize("linked", [False, True], ids=["repository", "linked-worktree"])
def test_a_new_incident_during_a_rebase_is_left_uncommitted_for_its_abort_to_keep(
    repo: Path, tmp_path: Path, linked: bool
) -> None:
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    root = repo
    if linked:  # its rebase state is in the worktree's own git folder, not .git/
        root = tmp_path / "linked"
        git(repo, "worktree", "add", "--quiet", "-b", "linked", str(root))
    rebase_stopped_at_a_conflict(root)
    before = git(root, "rev-parse", "HEAD")
    path = "content/incidents/2026-11-22-payments-down.md"

    command = ["new", "incident", "Payments down", "-c", "api=major_outage"]
    result = run(root, *command, "-m", "Looking into it.", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code, result.output
    assert f"{path}: written, but neither staged nor committed: a rebase is in progress" in (
        result.output
    )
    assert "`git rebase --abort` throws away" in result.output
    assert "Committed " not in result.output
    assert before == git(root, "rev-parse", "HEAD")
    # A commit made now would be one of the rebase's: its abort would delete the outage.
    git(root, "rebase", "--abort")
    assert "Looking into it." in incident_file(root, Path(path).name)


@requires_git
def test_an_update_during_a_rebase_says_how_to_keep_it_and_the_hint_works(repo: Path) -> None:
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    rebase_stopped_at_a_conflict(repo)
    before = git(repo, "rev-parse", "HEAD")
    card = repo / "content/incidents/2026-11-22-card-payments.md"

    result = run(repo, "update", "card", "-m", "During the rebase.", "--commit", "--now", NOW)

    assert NOT_COMMITTED == result.exit_code, result.output
    assert "a rebase is in progress" in result.output
    assert "hint: copy the file aside, `git restore` it" in result.output
    assert before == git(repo, "rev-parse", "HEAD")
    # The hint, followed: the update ends up committed on the rebased branch.
    aside = repo.parent / "aside.md"
    aside.write_bytes(card.read_bytes())
    git(repo, "restore", str(card))
    (repo / "notes.txt").write_text("both\n")
    git(repo, "add", "notes.txt")
    git(repo, "-c", "core.editor=true", "rebase", "--continue")
    card.write_bytes(aside.read_bytes())
    git(repo, "add", str(card))
    git(repo, "commit", "--quiet", "-m", "Update")
    assert "During the rebase." in git(repo, "show", f"main:{card.relative_to(repo)}")


@requires_git
def test_a_merge_conflict_in_an_incident_is_reported_and_never_edited(repo: Path) -> None:
    card = repo / "content/incidents/2026-11-22-card-payments.md"
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    git(repo, "switch", "--quiet", "--create", "alice")
    alice = run(repo, "update", "card", "-m", "Alice's news.", "--commit", "--now", NOW)
    assert 0 == alice.exit_code, alice.output
    git(repo, "switch", "--quiet", "main")
    later = "2026-11-22T18:50:00Z"
    bob = run(repo, "update", "card", "-m", "Bob's news.", "--commit", "--now", later)
    assert 0 == bob.exit_code, bob.output
    merged = subprocess.run(["git", "merge", "alice"], cwd=repo, capture_output=True, check=False)
    assert 0 != merged.returncode
    conflicted = card.read_bytes()
    lines = conflicted.decode().splitlines()
    marks = ("<<<<<<<", "=======", ">>>>>>>")
    markers = [n for n, line in enumerate(lines, 1) if line[:7] in marks]
    assert 3 == len(markers), lines

    checked = run(repo, "check")
    updated = run(repo, "update", "card", "-m", "Fixed.", "--now", later)

    assert 1 == checked.exit_code
    relpath = "content/incidents/2026-11-22-card-payments.md"
    assert [f"{relpath}:{n}:1: unresolved merge conflict" for n in markers] == [
        line for line in checked.output.splitlines() if "merge conflict" in line
    ]
    assert "keep both in time order" in checked.output
    assert 1 == updated.exit_code
    assert "unresolved merge conflict" in updated.output
    assert conflicted == card.read_bytes()


@requires_git
def test_two_new_incidents_of_one_title_merged_are_hinted_to_keep_one_front_matter(
    repo: Path,
) -> None:
    # Each side starts the file: git's conflict runs from the components through the
    # front matter's closing `---`, and keeping both sides whole keeps a stray `---`.
    git(repo, "commit", "--quiet", "-m", "Describe the site")
    git(repo, "switch", "--quiet", "--create", "alice")
    made = run(
        repo, "new", "incident", "Login down", "-c", "api=partial_outage", "-m", "A.", "--now", NOW
    )
    assert 0 == made.exit_code, made.output
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Alice")
    git(repo, "switch", "--quiet", "main")
    made = run(
        repo, "new", "incident", "Login down", "-c", "api=major_outage", "-m", "B.", "--now", NOW
    )
    assert 0 == made.exit_code, made.output
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Bob")
    merged = subprocess.run(["git", "merge", "alice"], cwd=repo, capture_output=True, check=False)
    assert 0 != merged.returncode
    (card,) = (repo / "content/incidents").glob("*-login-down.md")
    lines = card.read_text().splitlines()
    fence = lines.index("---", 1) + 1
    assert lines[4].startswith("<<<<<<<"), lines

    checked = run(repo, "check")

    assert 1 == checked.exit_code
    said = checked.output.splitlines()
    hints = [hint for line, hint in itertools.pairwise(said) if "merge conflict" in line]
    assert 3 == len(hints), checked.output
    assert all(
        f"spans the front matter's closing '---' (line {fence}): keep one side's front matter"
        in hint
        for hint in hints
    ), checked.output


def test_commit_outside_a_git_repository_is_a_clear_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(site.parent))
    before = snapshot(site)

    result = run(site, "resolve", "card", "--commit", "--now", NOW)

    assert 1 == result.exit_code
    assert "not inside a git repository" in result.output
    assert before == snapshot(site)


# --- init ------------------------------------------------------------------------------


def test_init_writes_a_site_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "status"

    result = CliRunner().invoke(cli, ["init", str(target), "--now", NOW])

    assert 0 == result.exit_code, result.output
    assert [
        ".github/workflows/deploy.yml",
        ".github/workflows/incident.yml",
        ".gitignore",
        "content/components.yaml",
        "content/incidents/2026-11-21-slow-api-responses.md",
        "statusgen.yaml",
    ] == sorted(snapshot(target))
    assert_site_checks_clean(target)
    checked = CliRunner().invoke(cli, ["-C", str(target), "check"])
    assert 0 == checked.exit_code, checked.output


def test_init_writes_a_site_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "status"
    assert 0 == CliRunner().invoke(cli, ["init", str(target), "--now", NOW]).exit_code

    built = CliRunner().invoke(cli, ["-C", str(target), "build", "--quiet", "--now", NOW])
    assert 0 == built.exit_code, built.output
    assert (target / "public" / "index.html").exists()


def test_init_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "statusgen.yaml").write_text("title: Mine\n")
    before = snapshot(tmp_path)

    refused = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "--now", NOW])

    assert 1 == refused.exit_code
    assert "statusgen.yaml: already exists" in refused.output
    assert before == snapshot(tmp_path)

    forced = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "--force", "--now", NOW])
    assert 0 == forced.exit_code, forced.output
    assert "title: Example Status" in (tmp_path / "statusgen.yaml").read_text()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_in_a_repository_with_a_gitignore_keeps_its_rules(
    tmp_path: Path, force: list[str]
) -> None:
    # A repository made on GitHub comes with a .gitignore: init adds its lines to it,
    # with or without --force, and the user's own rules stay.
    (tmp_path / ".gitignore").write_text("__pycache__/\n.venv/\n/public/")

    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", *force, "--now", NOW])

    assert 0 == result.exit_code, result.output
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert lines[:3] == ["__pycache__/", ".venv/", "/public/"]
    assert "/.statusgen-cache" in lines
    # The notification state, where it is by default and where the docs suggest moving it.
    assert {"/.statusgen-notify.json", "/data/notify.json"} <= set(lines)
    assert 1 == lines.count("/public/")
    again = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "--force", "--now", NOW])
    assert 0 == again.exit_code, again.output
    assert lines == (tmp_path / ".gitignore").read_text().splitlines()


def test_init_ignores_the_cache_and_the_output_as_links_too(tmp_path: Path) -> None:
    # `/.statusgen-cache/` matches a folder only: `git add .` committed a link there.
    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert 0 == CliRunner().invoke(cli, ["init", str(tmp_path / "s"), "--now", NOW]).exit_code
    subprocess.run(["git", "init", "-q", str(tmp_path / "s")], check=True)
    for name in (".statusgen-cache", "public"):
        (tmp_path / "s" / name).symlink_to(tmp_path, target_is_directory=True)
        ignored = subprocess.run(
            ["git", "-C", str(tmp_path / "s"), "check-ignore", "-q", name], check=False
        )
        assert 0 == ignored.returncode, name


def test_init_ignores_every_folder_its_workflows_build_into(tmp_path: Path) -> None:
    # The deploy workflow builds with `--output _site`: a local run of that command,
    # then `git add -A`, would commit the whole built site.
    if shutil.which("git") is None:
        pytest.skip("needs git")
    site = tmp_path / "s"
    assert 0 == CliRunner().invoke(cli, ["init", str(site), "--now", NOW]).exit_code
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    workflows = "".join(p.read_text() for p in sorted((site / ".github/workflows").iterdir()))
    outputs = sorted(set(re.findall(r"(?:--output|-o) ([\w.-]+)", workflows)))
    assert ["_site"] == outputs
    for name in outputs:
        (site / name).mkdir()
        (site / name / "index.html").write_text("<p>Built</p>")
        ignored = subprocess.run(["git", "-C", str(site), "check-ignore", "-q", name], check=False)
        assert 0 == ignored.returncode, name


@pytest.mark.parametrize(
    ("branch", "said"),
    [
        ("master", "publishes each push to master, the repository's current branch."),
        ("release/status", "publishes each push to release/status, the repository's current"),
        (None, "publishes each push to main: if your repository's branch is another"),
    ],
    ids=["master", "slashed", "no-repository"],
)
def test_init_deploys_the_branch_the_repository_is_on(
    tmp_path: Path, branch: str | None, said: str
) -> None:
    # A repository made before git's default became main is on master: a workflow for
    # main would never run on a push.
    if branch is not None:
        subprocess.run(["git", "init", "-q", "-b", branch, str(tmp_path)], check=True)

    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "--now", NOW])

    assert 0 == result.exit_code, result.output
    deploy = yaml.safe_load((tmp_path / ".github/workflows/deploy.yml").read_text())
    assert [branch or "main"] == deploy[True]["push"]["branches"]  # PyYAML reads on: as True
    assert said in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("under", "problem"),
    [
        ("afile", "cannot create the folder afile: it is a file"),
        ("afile/sub", "cannot create the folder afile: it is a file"),
        ("afile/sub/deeper", "cannot create the folder afile: it is a file"),
        ("nowhere/.github", ""),  # a folder that can be made: no problem
    ],
)
def test_init_where_no_folder_can_be_made_is_a_clear_error(
    tmp_path: Path, under: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n")

    result = CliRunner().invoke(cli, ["init", under, "--now", NOW])

    if not problem:
        assert 0 == result.exit_code, result.output
        return
    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{under}: {problem}" in result.output
    assert "Nothing was written." in result.output
    assert ["afile"] == sorted(p.name for p in tmp_path.iterdir())


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_init_in_a_folder_the_system_will_not_make_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", "/proc/nope", "--now", NOW])

    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "/proc/nope: cannot create the folder /proc/nope" in result.output


@pytest.mark.parametrize(
    ("folder", "shown"), [("-dash", "./-dash"), ("-my status", "'./-my status'"), ("ok", "ok")]
)
def test_init_says_how_to_cd_into_a_folder_named_like_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, shown: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "--now", NOW, "--", folder])
    assert 0 == result.exit_code, result.output
    assert f"\n  cd {shown}\n" in result.output
    # The line works as printed: a leading '-' is no option of cd's.
    line = f"cd {shown} && pwd"
    shell = subprocess.run(["sh", "-c", line], cwd=tmp_path, capture_output=True, text=True)
    assert (0, str((tmp_path / folder).resolve())) == (shell.returncode, shell.stdout.strip())


def test_init_inside_a_site_is_refused_naming_it(tmp_path: Path) -> None:
    outer = tmp_path / "site1"
    assert 0 == CliRunner().invoke(cli, ["init", str(outer), "--now", NOW]).exit_code
    before = snapshot(tmp_path)

    nested = CliRunner().invoke(cli, ["init", str(outer / "content"), "--now", NOW])
    here = CliRunner().invoke(cli, ["-C", str(outer / "content" / "incidents"), "init"])

    assert 1 == nested.exit_code, nested.output
    assert f"{outer / 'content'}: is inside the status site in {outer}" in nested.output
    assert "pick a folder outside it" in nested.output
    assert 1 == here.exit_code, here.output
    assert "is inside the status site in" in here.output
    assert before == snapshot(tmp_path)
    beside = CliRunner().invoke(cli, ["init", str(tmp_path / "site2"), "--now", NOW])
    assert 0 == beside.exit_code, beside.output


def test_a_broken_file_elsewhere_stops_an_update_and_says_why(site: Path) -> None:
    broken = site / "content/incidents/2026-11-01-slow-dashboard.md"
    broken.write_text(broken.read_text().replace("status: resolved", "status: resolvd"))
    before = snapshot(site)

    result = run(site, "update", "card-payments", "-m", "Still looking.", "--now", NOW)

    assert 1 == result.exit_code
    assert "2026-11-01-slow-dashboard.md:3:9: invalid status 'resolvd'" in result.output
    # Not only that nothing was written: why a file the command never touches stops it.
    assert "changes a site only once it checks clean" in result.output
    assert before == snapshot(site)


def test_update_can_raise_the_impact_as_an_outage_grows(site: Path) -> None:
    result = run(
        site, "update", "card-payments", "-c", "api=major_outage", "--impact", "critical",
        "-m", "Now down everywhere.", "--now", NOW,
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    (incident,) = [i for i in load_site(site).incidents if i.slug.endswith("card-payments")]
    assert "critical" == incident.impact.value


# Hand-written the short way: the listed components take the status the impact implies.
LISTED_INCIDENT = """\
---
title: Checkout errors
status: investigating
impact: minor
components: [api, checkout]  # both
---
## Investigating at 2026-11-22 10:00
Looking.
"""


def _statuses(site: Path, now: str) -> dict[str, str]:
    shown = run(site, "status", "--json", "--now", now)
    assert 0 == shown.exit_code, shown.output
    return {c["id"]: c["status"] for c in json.loads(shown.output)["components"]}


@pytest.mark.parametrize(
    ("impact", "status"), [("critical", "major_outage"), ("none", "operational")]
)
def test_a_new_impact_changes_listed_statuses_only_from_its_update_on(
    site: Path, impact: str, status: str
) -> None:
    """The statuses of `components: [api]` follow the impact, so a new impact is a status
    change like `-c`'s: the first update says what held until then, and the morning stays
    degraded, neither an outage (critical) nor wiped from the record (none)."""
    (site / "content/incidents/2026-11-22-checkout-errors.md").write_text(LISTED_INCIDENT)

    result = run(
        site, "update", "checkout-errors", "--impact", impact, "-m", "Changed.", "--now", NOW
    )

    assert 0 == result.exit_code, result.output
    text = incident_file(site, "2026-11-22-checkout-errors.md")
    assert f"impact: {impact}\ncomponents: [api, checkout]  # both\n---\n" in text
    assert (
        "## Investigating at 2026-11-22 10:00\n"
        "Components: api=degraded_performance, checkout=degraded_performance\n"
        "Looking.\n"
    ) in text
    assert text.endswith(
        "## Investigating at 2026-11-22 19:41 +01:00\n"
        f"Components: api={status}, checkout={status}\n\nChanged.\n"
    )
    morning = _statuses(site, "2026-11-22T12:00:00Z")
    assert ("degraded_performance", "degraded_performance") == (morning["api"], morning["checkout"])
    # The API is partly out by then in the card payments incident too: checkout shows it.
    assert status == _statuses(site, "2026-11-22T19:00:00Z")["checkout"]


def test_a_new_impact_leaves_given_statuses_and_no_components_as_they_were(site: Path) -> None:
    """Statuses written per component do not follow the impact, and an incident without
    components has none to change: the impact alone changes, the timeline gets no line."""
    (site / "content/incidents/2026-11-22-quiet.md").write_text(
        "---\ntitle: Quiet\nstatus: investigating\nimpact: minor\n---\n"
        "## Investigating at 2026-11-22 10:00\nLooking.\n"
    )
    before = {
        name: incident_file(site, name)
        for name in ("2026-11-22-card-payments.md", "2026-11-22-quiet.md")
    }

    for slug in ("card-payments", "quiet"):
        result = run(site, "update", slug, "--impact", "critical", "-m", "Worse.", "--now", NOW)
        assert 0 == result.exit_code, result.output

    card = incident_file(site, "2026-11-22-card-payments.md")
    assert "  api: partial_outage   # EU only\r\nimpact: critical\r\n---" in card
    assert "Components:" not in card
    quiet = incident_file(site, "2026-11-22-quiet.md")
    assert before["2026-11-22-quiet.md"].replace("minor", "critical") in quiet
    assert "Components:" not in quiet
    assert "partial_outage" == _statuses(site, "2026-11-22T18:30:00Z")["api"]


def test_update_refuses_an_impact_for_a_maintenance_window(site: Path) -> None:
    made = run(
        site, "new", "maintenance", "DB upgrade", "--start", "2026-11-23 02:00",
        "--end", "2026-11-23 04:00", "-c", "api", "-m", "Planned.", "--now", NOW,
    )  # fmt: skip
    assert 0 == made.exit_code, made.output
    before = snapshot(site)

    result = run(site, "update", "db-upgrade", "--impact", "major", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert "a maintenance window has no impact" in result.output
    assert before == snapshot(site)


def test_a_group_given_as_a_component_is_told_to_name_its_components(site: Path) -> None:
    before = snapshot(site)

    result = run(
        site, "new", "incident", "Broken", "-c", "platform=major_outage", "-m", "x", "--now", NOW
    )

    assert 1 == result.exit_code
    assert "'platform' is a group, which takes no status itself" in result.output
    assert "name its components instead: api, checkout" in result.output
    assert before == snapshot(site)


def test_an_option_value_starting_with_dash_c_stays_the_value(site: Path) -> None:
    # `-m "-Cache" -C site` offered `-C ache -C site new incident X -m`: the message lost,
    # and a folder `ache` to act on.
    result = CliRunner().invoke(cli, ["new", "incident", "X", "-m", "-Cache", "-C", str(site)])

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "new", "incident", "X", "-m", "-Cache"] == hinted_command(
        result.output
    )


def test_an_own_option_repeated_after_the_command_is_offered_once(site: Path) -> None:
    # `statusgen -C site new incident Title -m x -C site` offered
    # `statusgen -C site -C site new incident …`.
    result = run(site, "new", "incident", "Title", "-m", "x", "-C", str(site))

    assert 2 == result.exit_code, result.output
    assert "-C is statusgen's own option: it goes before the command" in result.output
    offered = result.output.split("`")[1]
    assert offered.endswith(f"-C {site} new incident Title -m x"), offered
    assert 1 == offered.split().count("-C"), offered


CAREFUL = "A long careful message, ten minutes in the writing."


def careful_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, also: str = "") -> Path:
    """An editor, on a terminal, in which the author writes CAREFUL (and which runs the
    Python `also` meanwhile); the file it returns says whether it was opened."""
    opened = tmp_path / "editor-opened"
    editor = tmp_path / "careful.py"
    editor.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path({str(opened)!r}).write_text('yes')\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"path.write_text({CAREFUL!r} + '\\n' + path.read_text())\n" + also
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    return opened


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["update", "card", "-c", "apii=major_outage"], "unknown component 'apii'"),
        (["update", "card", "--now", "2026-11-22 19:00"], "earlier than the newest update"),
        (["new", "incident", "Outage", "-c", "apii"], "unknown component 'apii'"),
        (["resolve", "card", "--now", "2026-11-22 19:00"], "earlier than the newest update"),
    ],
    ids=["update-component", "update-now", "new-component", "resolve-now"],
)
def test_a_refused_option_is_said_before_the_editor_opens(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str], said: str
) -> None:
    opened = careful_editor(monkeypatch, tmp_path)
    before = snapshot(site)
    args = command if "--now" in command else [*command, "--now", NOW]

    result = run(site, *args)

    assert 1 == result.exit_code, result.output
    assert said in result.stderr
    assert not opened.exists()  # no message written in vain
    assert before == snapshot(site)


def test_a_message_written_for_a_change_refused_after_the_editor_is_kept(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # While the author writes, someone else adds a later update to the incident.
    incident = site / "content/incidents/2026-11-22-card-payments.md"
    later = "\n## Identified at 2026-11-22 19:50\nFound.\n"
    careful_editor(
        monkeypatch,
        tmp_path,
        also=f"p = pathlib.Path({str(incident)!r})\np.write_text(p.read_text() + {later!r})\n",
    )
    kept = tmp_path / "temp"
    kept.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(kept))

    result = run(site, "update", "card", "--status", "identified", "--now", NOW)

    assert 1 == result.exit_code, result.output
    (saved,) = kept.glob("statusgen-message-*.md")
    assert CAREFUL + "\n" == saved.read_text()
    assert f"Your message is saved in {saved}; give it again with -m - < {saved}" in (result.stderr)


# Ids another YAML reader (PyYAML, a theme tool, GitHub's front-matter table) types as
# false, true, null and a number when written plain.
TYPED_IDS = """\
- id: "no"
  name: Norway
- id: "on"
  name: Ontario
- id: "null"
  name: Null service
- id: "123"
  name: Numeric
"""


def front_matter_as_any_reader_reads_it(root: Path, name: str) -> dict[str, object]:
    text = incident_file(root, name).split("---\n")[1]
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def test_new_and_update_write_ids_every_yaml_reader_reads_as_text(site: Path) -> None:
    (site / "content" / "components.yaml").write_text(TYPED_IDS)
    for path in (site / "content" / "incidents").iterdir():
        path.unlink()

    opened = run(site, "new", "incident", "Regional", "-c", "no=major_outage", "-c", "on",
                 "-c", "null=partial_outage", "-m", "Looking.", "--now", NOW)  # fmt: skip
    updated = run(site, "update", "regional", "-c", "123=major_outage", "-m", "More.",
                  "--now", "2026-11-22T18:45:00Z")  # fmt: skip
    scheduled = run(site, "new", "maintenance", "Works", "--start", "2026-11-23 02:00",
                    "--end", "2026-11-23 04:00", "-c", "no", "-c", "123", "-m", "Planned.",
                    "--now", NOW)  # fmt: skip

    assert (0, 0, 0) == (opened.exit_code, updated.exit_code, scheduled.exit_code), (
        opened.output + updated.output + scheduled.output
    )
    incident = front_matter_as_any_reader_reads_it(site, "2026-11-22-regional.md")
    assert {
        "no": "major_outage",
        "on": "degraded_performance",
        "null": "partial_outage",
        "123": "major_outage",
    } == incident["components"]
    window = front_matter_as_any_reader_reads_it(site, "2026-11-23-works.md")
    assert ["no", "123"] == window["components"]
    assert_site_checks_clean(site)


def test_a_window_held_scheduled_past_its_start_is_listed_as_due_not_running(site: Path) -> None:
    """A bare age is how long a window has been running: one held `status: scheduled` past
    its start never began, and is listed by how long it has been due."""
    upgrade = site / "content" / "incidents" / "2026-11-22-database-upgrade.md"
    upgrade.write_text(MAINTENANCE.replace("components:", "status: scheduled\ncomponents:"))

    before = run(site, "incidents", "--now", "2026-11-22T18:00:00+01:00")
    held = run(site, "incidents", "--now", "2026-11-22T20:15:00+01:00")

    assert 0 == held.exit_code, held.output
    line = next(line for line in held.output.splitlines() if "database-upgrade" in line)
    assert ["scheduled", "due", "1h", "15m", "ago"] == line.split()[1:6]
    line = next(line for line in before.output.splitlines() if "database-upgrade" in line)
    assert ["scheduled", "in", "1h", "0m"] == line.split()[1:5]


REDIRECT = (
    '<!doctype html>\n<meta charset="utf-8">\n<title>Moved</title>\n'
    '<meta http-equiv="refresh" content="0; url=../2026-11-22-instant-payouts-failing/">\n'
)


def test_a_renamed_incidents_old_name_is_no_typo_of_another_days_incident(site: Path) -> None:
    """The old name of a renamed incident was offered an unrelated incident of another day
    (its words end in `-errors` too); the page static/ publishes at the old address names
    the new one, which is offered instead."""
    incidents = site / "content" / "incidents"
    (incidents / "2026-11-22-card-payments.md").rename(
        incidents / "2026-11-22-instant-payouts-failing.md"
    )
    (incidents / "2026-08-18-card-authorisation-errors.md").write_text(RESOLVED_INCIDENT)

    guessed = run(site, "resolve", "2026-11-22-payout-creation-errors", "-m", "Done.")
    moved = site / "static/incidents/2026-11-22-payout-creation-errors"
    moved.mkdir(parents=True)
    (moved / "index.html").write_text(REDIRECT)
    redirected = run(site, "resolve", "2026-11-22-payout-creation-errors", "-m", "Done.")
    typo = run(site, "resolve", "2026-11-23-instant-payouts-failing", "-m", "Done.")

    assert 1 == guessed.exit_code
    assert "no incident or maintenance matches '2026-11-22-payout-creation-errors'" in (
        guessed.output
    )
    assert "did you mean" not in guessed.output
    assert "did you mean 2026-11-22-instant-payouts-failing?" in redirected.output
    assert "did you mean 2026-11-22-instant-payouts-failing?" in typo.output


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("cp1252", ":1:7: not valid UTF-8 (byte 0xe9)"),
        ("utf-16", ":1:1: the file is UTF-16 text, not UTF-8"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [["update", "card", "--status", "monitoring"], ["resolve", "card"], ["new", "incident", "X"]],
    ids=["update", "resolve", "new"],
)
def test_a_message_the_editor_saved_in_another_encoding_is_kept_not_lost(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: list[str],
    encoding: str,
    said: str,
) -> None:
    """An editor set to Windows-1252 or UTF-16 saves what the author wrote in it: they are
    told to save as UTF-8, and their text is kept for it, not dropped with a traceback."""
    typed = "Le café coûte 5€ “ok”\r\n"
    editor = tmp_path / "cp1252.py"
    editor.write_text(f"import sys\nopen(sys.argv[1], 'wb').write({typed.encode(encoding)!r})\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    kept = tmp_path / "temp"
    kept.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(kept))
    before = snapshot(site)

    result = run(site, *command, "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (saved,) = kept.glob("statusgen-message-*.md")
    assert typed.encode(encoding) == saved.read_bytes()
    assert f"{saved}{said}" in result.stderr, result.stderr
    assert "save it as UTF-8" in result.stderr
    assert f"-m - < {saved}" in result.stderr
    assert before == snapshot(site)


@pytest.mark.parametrize(
    ("written", "nl"),
    [
        # CRLF, but the last line ended by a tool that writes `\n`.
        (
            "---\r\ntitle: Queue stuck\r\nstatus: investigating\r\n---\r\n"
            "## Investigating at 2026-11-22 19:00\r\nFirst\n",
            "\r\n",
        ),
        # LF, but the last line pasted with its Windows line end.
        (
            "---\ntitle: Queue stuck\nstatus: investigating\n---\n"
            "## Investigating at 2026-11-22 19:00\nFirst\r\n",
            "\n",
        ),
    ],
    ids=["crlf-file-lf-end", "lf-file-crlf-end"],
)
@pytest.mark.parametrize("command", [["update", "queue", "-m", "Then."], ["resolve", "queue"]])
def test_update_and_resolve_keep_the_line_end_of_the_last_line(
    site: Path, written: str, nl: str, command: list[str]
) -> None:
    """docs/authoring.md: the bytes already in the file are kept; only the text added
    follows the file's line ends."""
    path = site / "content/incidents/2026-11-22-queue-stuck.md"
    path.write_bytes(written.encode())

    result = run(site, *command, "--now", NOW)

    assert 0 == result.exit_code, result.output
    data = path.read_bytes()
    last = written[written.index("## ") :]  # the front matter's status may change
    assert f"{last}{nl}## ".encode() in data, data
    assert 1 == data.count(last.encode())


@pytest.mark.parametrize("value", ["Platform Services", "platform  services"])
def test_a_group_named_as_the_page_shows_it_is_told_it_is_that_group(
    site: Path, value: str
) -> None:
    """A group's name with a space was split into one unknown component a word, with a
    hint to type each word as a -c: it is the group, told to name its components."""
    components = site / "content" / "components.yaml"
    components.write_text(COMPONENTS.replace("name: Platform", "name: Platform Services"))
    before = snapshot(site)

    result = run(site, "new", "incident", "X", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert [
        f"--component {value}: '{value}' is the name of group 'platform', which takes no"
        " status itself",
        "    hint: name its components instead: api, checkout",
        "1 problem",
    ] == result.output.splitlines()[:3]
    assert before == snapshot(site)


def test_words_that_are_not_each_an_id_are_not_hinted_as_one_c_each(site: Path) -> None:
    result = run(site, "new", "incident", "X", "-c", "api gateway", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert "--component api gateway: unknown component 'api gateway'" in result.output
    assert "one -c names one component" not in result.output
    assert "-c gateway" not in result.output


@pytest.mark.parametrize(
    ("value", "offered"),
    [
        ("Api", "'dashboard'"),
        ("API", "'api' or 'checkout'"),
        ("aPI", "'api' or 'checkout' or 'dashboard'"),
    ],
)
def test_a_name_two_components_share_offers_each_of_them(
    site: Path, value: str, offered: str
) -> None:
    """`API` in two groups and `Api` beside them: the very spelling typed is the one
    meant; typed in another case, each component of that name is, none left out."""
    components = site / "content" / "components.yaml"
    named = COMPONENTS.replace("name: Checkout", "name: API").replace(
        "name: Dashboard", "name: Api"
    )
    components.write_text(named)

    result = run(site, "new", "incident", "X", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert (
        f"    hint: did you mean {offered}? known components: api, checkout, dashboard"
    ) == result.output.splitlines()[1]


@pytest.mark.parametrize(
    ("value", "told"),
    [
        # A typo of a name two components share.
        ("Paymnts", ["    hint: did you mean 'checkout' or 'dashboard'? known components:"]),
        # One -c for two, where the hint spells out a -c each: the shared name is not
        # given as one of its ids, which would be a guess.
        (
            "Payments,api=major_outage",
            [
                "    hint: write -c Payments -c api=major_outage (a status after '=' is for"
                " that component alone)",
                "    hint: did you mean 'checkout' or 'dashboard'? known components:",
            ],
        ),
    ],
)
def test_a_name_two_components_share_is_offered_as_each_of_them_when_mistyped_or_listed(
    site: Path, value: str, told: list[str]
) -> None:
    components = site / "content" / "components.yaml"
    shared = COMPONENTS.replace("name: Checkout", "name: Payments").replace(
        "name: Dashboard", "name: Payments"
    )
    components.write_text(shared)
    before = snapshot(site)

    result = run(site, "new", "incident", "X", "-c", value, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    hints = [line for line in result.output.splitlines() if line.startswith("    hint:")]
    assert told == [hint[: len(want)] for hint, want in zip(hints, told, strict=False)]
    assert len(told) == len(hints)
    assert before == snapshot(site)


def test_a_name_as_a_component_is_shown_offers_it_beside_one_written_so(site: Path) -> None:
    # `<the Middle East> - API` is x3's name, and how group ar's `API` is shown beside
    # platform's: either may be meant.
    group = "\u0627\u0644\u0634\u0631\u0642 \u0627\u0644\u0623\u0648\u0633\u0637"
    (site / "content" / "components.yaml").write_text(
        f"{COMPONENTS}- id: ar\n  name: {group}\n  components:\n    - id: ar-api\n"
        f"      name: API\n- id: x3\n  name: {group} - API\n"
    )
    before = snapshot(site)

    result = run(site, "new", "incident", "X", "-c", f"{group} - API", "-m", "x", "--now", NOW)

    assert 1 == result.exit_code
    assert "    hint: did you mean 'ar-api' or 'x3'? known components:" in result.output
    assert before == snapshot(site)
